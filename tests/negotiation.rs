//! Phase 1: drafts, amendments, red lines, signatures, entry into force, the fallback and the offer.

use crate::common::*;
use std::sync::Arc;
use umbrella::core::*;

fn new_game() -> Game {
    Game::new(nato_lite(), 7, GameConfig::default()).unwrap()
}

#[test]
fn the_opening_draft_is_on_the_table() {
    let game = new_game();
    let s = game.scenario();
    let talks = &game.state().talks;
    assert_eq!(talks.tabled_by, Some(seat(s, "italy")));
    let draft = talks.draft.unwrap();
    assert!(
        draft.has(
            s.clause_of(ClauseKind::ResponseClock).unwrap(),
            s.option_by_id(s.clause_of(ClauseKind::ResponseClock).unwrap(), "24h")
                .unwrap()
        )
    );
    assert_eq!(game.state().phase(), Phase::Negotiation);
}

#[test]
fn the_order_of_play_rotates_each_round() {
    let mut game = new_game();
    let n = game.scenario().factions().len();
    let mut order = Vec::new();
    for _ in 0..(2 * n) {
        let seat = game.to_move().unwrap();
        order.push(seat.0);
        game.apply(seat, Action::Pass).unwrap();
    }
    assert_eq!(order, vec![0, 1, 2, 3, 4, 1, 2, 3, 4, 0]);
    assert_eq!(game.state().talks.round, 3);
}

#[test]
fn only_the_seat_to_move_may_act_and_a_refusal_changes_nothing() {
    let mut game = new_game();
    let before = game.state().clone();
    let usa = seat(game.scenario(), "usa");
    assert_eq!(game.apply(usa, Action::Pass), Err(RuleError::NotYourTurn));
    assert_eq!(game.state(), &before);
}

#[test]
fn the_aggressor_is_not_at_the_table_but_may_warn() {
    let mut game = new_game();
    for id in ["italy", "ukraine", "usa"] {
        act(&mut game, id, Action::Pass);
    }
    let russia = seat(game.scenario(), "russia");
    let s = Arc::clone(game.scenario());
    let (clock, p) = pick(&s, "clock", &["72h"]);
    for action in [
        Action::Amend {
            clause: clock,
            pick: p,
        },
        Action::Sign,
        Action::Accept,
        Action::Reject(None),
    ] {
        assert!(
            matches!(
                game.apply(russia, action),
                Err(RuleError::NotForThisSeat(_))
            ),
            "{action:?}"
        );
    }
    let events = game.apply(russia, Action::SignalRedLine(0)).unwrap();
    assert!(matches!(events[0].kind, EventKind::RedLineSignalled { .. }));
    assert_eq!(game.to_move(), Some(russia), "signalling is a free action");
}

#[test]
fn any_change_to_the_draft_clears_acceptances_and_signatures() {
    let mut game = new_game();
    let s = Arc::clone(game.scenario());
    act(&mut game, "italy", Action::Sign);
    act(&mut game, "ukraine", Action::Accept);
    let before = game.state().talks.draft.unwrap();
    let (clock, p) = pick(&s, "clock", &["48h"]);
    let events = act(
        &mut game,
        "usa",
        Action::Amend {
            clause: clock,
            pick: p,
        },
    );
    assert!(matches!(events[0].kind, EventKind::Amended { .. }));
    let talks = &game.state().talks;
    assert!(
        talks.stances.iter().all(|st| *st == Stance::Silent),
        "{:?}",
        talks.stances
    );
    assert_eq!(talks.previous, Some(before));
    assert_eq!(talks.changed_by, Some(seat(&s, "usa")));
    assert_eq!(diff(&before, &talks.draft.unwrap()), vec![clock]);
}

#[test]
fn tabling_a_draft_replaces_the_text() {
    let mut game = new_game();
    let s = Arc::clone(game.scenario());
    act(&mut game, "italy", Action::Sign);
    let d = draft(
        &s,
        &with(
            PACT_24H,
            &[("clock", &["72h"]), ("framework", &["coalition"])],
        ),
    );
    act(&mut game, "ukraine", Action::TableDraft(d));
    let talks = &game.state().talks;
    assert_eq!(talks.draft, Some(d));
    assert_eq!(talks.tabled_by, Some(seat(&s, "ukraine")));
    assert_eq!(talks.signed(), SeatSet::EMPTY);
}

#[test]
fn malformed_or_empty_changes_are_refused() {
    let game = new_game();
    let s = Arc::clone(game.scenario());
    let italy = seat(&s, "italy");
    let current = game.state().talks.draft.unwrap();
    let clock = s.clause_of(ClauseKind::ResponseClock).unwrap();
    let cases = [
        (
            Action::Amend {
                clause: clock,
                pick: Pick::from_bits(0b011),
            },
            RuleError::InvalidDraft,
        ),
        (
            Action::Amend {
                clause: clock,
                pick: Pick::EMPTY,
            },
            RuleError::InvalidDraft,
        ),
        (
            Action::Amend {
                clause: clock,
                pick: Pick::from_bits(1 << 9),
            },
            RuleError::InvalidDraft,
        ),
        (
            Action::Amend {
                clause: clock,
                pick: current.pick(clock),
            },
            RuleError::NoChange,
        ),
        (Action::TableDraft(current), RuleError::NoChange),
        (
            Action::TableDraft(Draft::default()),
            RuleError::InvalidDraft,
        ),
        (Action::SignalRedLine(9), RuleError::UnknownRedLine),
        (
            Action::Hold,
            RuleError::NotNow {
                action: "hold",
                why: "the treaty is being negotiated",
            },
        ),
    ];
    for (action, expected) in cases {
        let mut g = game.clone();
        assert_eq!(g.apply(italy, action), Err(expected), "{action:?}");
        assert_eq!(
            g.state(),
            game.state(),
            "refused {action:?} changed the state"
        );
    }
}

#[test]
fn fixed_clauses_cannot_be_amended() {
    let s = nato_lite();
    let mut game = Game::new(
        Arc::clone(&s),
        1,
        GameConfig {
            fixed: vec![pick(&s, "clock", &["72h"])],
            ..GameConfig::default()
        },
    )
    .unwrap();
    let clock = s.clause_of(ClauseKind::ResponseClock).unwrap();
    assert_eq!(
        game.state().talks.draft.unwrap().pick(clock),
        pick(&s, "clock", &["72h"]).1,
        "the opening draft follows the fixed clause"
    );
    let italy = seat(&s, "italy");
    let (_, p) = pick(&s, "clock", &["24h"]);
    assert_eq!(
        game.apply(
            italy,
            Action::Amend {
                clause: clock,
                pick: p
            }
        ),
        Err(RuleError::ClauseFixed)
    );
}

#[test]
fn a_red_line_is_signalled_once_and_one_per_turn() {
    let mut game = new_game();
    let s = Arc::clone(game.scenario());
    let ukraine = seat(&s, "ukraine");
    act(&mut game, "italy", Action::Pass);
    act(&mut game, "ukraine", Action::SignalRedLine(0));
    assert_eq!(
        game.apply(ukraine, Action::SignalRedLine(1)),
        Err(RuleError::OneSignalPerTurn)
    );
    act(&mut game, "ukraine", Action::Pass);
    for id in ["usa", "russia", "europe"] {
        act(&mut game, id, Action::Pass);
    }
    assert_eq!(
        game.apply(ukraine, Action::SignalRedLine(0)),
        Err(RuleError::AlreadySignalled)
    );
    let view = game.view(seat(&s, "usa"));
    assert_eq!(view.signalled_red_lines(ukraine).len(), 1);
}

#[test]
fn the_treaty_enters_into_force_when_the_required_signatures_are_in() {
    // A pact needs the protected party and two guarantors.
    let mut game = new_game();
    let s = Arc::clone(game.scenario());
    act(&mut game, "italy", Action::Sign);
    act(&mut game, "ukraine", Action::Sign);
    assert!(!game.state().talks.concluded);
    act(&mut game, "usa", Action::Pass);
    act(&mut game, "russia", Action::Pass);
    let events = act(&mut game, "europe", Action::Sign);
    let kinds: Vec<_> = events.iter().map(|e| &e.kind).collect();
    assert!(kinds.contains(&&EventKind::TreatyConcluded));
    assert!(kinds.iter().any(|k| matches!(
        k,
        EventKind::TreatyInForce {
            negotiated: true,
            ..
        }
    )));
    let treaty = game.state().treaty().unwrap();
    let bound: Vec<&str> = treaty
        .signatories
        .iter()
        .map(|seat| s.faction(seat).id.as_str())
        .collect();
    assert_eq!(
        bound,
        vec!["italy", "ukraine", "europe"],
        "the United States did not sign and is not bound"
    );
    assert_eq!(
        game.state().phase(),
        Phase::Offer,
        "the opening draft offers the treaty to Russia"
    );
}

#[test]
fn the_text_is_final_once_concluded_but_others_may_still_sign() {
    let mut game = new_game();
    let s = Arc::clone(game.scenario());
    act(&mut game, "italy", Action::Sign);
    act(&mut game, "ukraine", Action::Sign);
    act(&mut game, "usa", Action::Sign);
    assert!(game.state().talks.concluded);
    act(&mut game, "russia", Action::Pass);
    let europe = seat(&s, "europe");
    let (clock, p) = pick(&s, "clock", &["72h"]);
    assert!(matches!(
        game.apply(
            europe,
            Action::Amend {
                clause: clock,
                pick: p
            }
        ),
        Err(RuleError::NotNow { .. })
    ));
    act(&mut game, "europe", Action::Sign);
    let treaty = game.state().treaty().unwrap();
    assert!(
        treaty.signatories.contains(europe),
        "Europe acceded in the signing round"
    );
    assert_eq!(treaty.signatories.len(), 4);
}

#[test]
fn an_article_5_extension_needs_every_nato_seat() {
    let s = nato_lite();
    let spec = with(PACT_24H, &[("framework", &["nato"])]);
    let mut game = fixed_game(&s, 3, &spec);
    act(&mut game, "italy", Action::Sign);
    act(&mut game, "ukraine", Action::Sign);
    act(&mut game, "usa", Action::Pass);
    act(&mut game, "russia", Action::Pass);
    act(&mut game, "europe", Action::Sign);
    assert!(
        !game.state().talks.concluded,
        "without the United States, NATO cannot extend Article 5"
    );
    assert_eq!(game.state().phase(), Phase::Negotiation);
    act(&mut game, "ukraine", Action::Pass);
    act(&mut game, "usa", Action::Sign);
    assert!(game.state().talks.concluded);
}

#[test]
fn without_agreement_by_the_deadline_the_fallback_applies() {
    let mut game = new_game();
    let s = Arc::clone(game.scenario());
    while game.state().phase() == Phase::Negotiation {
        let seat = game.to_move().unwrap();
        game.apply(seat, Action::Pass).unwrap();
    }
    assert!(events_of(&game).contains(&EventKind::DeadlinePassed));
    let treaty = game.state().treaty().unwrap();
    assert!(!treaty.negotiated);
    assert_eq!(treaty.draft, s.fallback().draft);
    assert_eq!(treaty.signatories, s.fallback().signatories);
    assert_eq!(treaty.round, s.rules().negotiation_rounds);
    let terms = game.terms().unwrap();
    assert_eq!(terms.obligation, Obligation::ConsultOnly);
    assert_eq!(terms.clock_hours, 72);
}

/// A treaty offered to Russia, signed by every negotiator in the first round.
fn awaiting_the_aggressors_answer() -> (Arc<Scenario>, Game) {
    let s = nato_lite();
    let spec = with(PACT_24H, &[("russia", &["offered"])]);
    let mut game = fixed_game(&s, 5, &spec);
    while game.state().phase() == Phase::Negotiation {
        let seat = game.to_move().unwrap();
        let a = if s.faction(seat).role == Role::Aggressor {
            Action::Pass
        } else {
            Action::Sign
        };
        game.apply(seat, a).unwrap();
    }
    (s, game)
}

#[test]
fn the_offer_to_the_aggressor_and_a_broken_pledge() {
    let (s, mut game) = awaiting_the_aggressors_answer();
    assert_eq!(game.state().phase(), Phase::Offer);
    assert_eq!(game.to_move(), Some(s.aggressor()));
    let before = game.state().tracks;
    act(&mut game, "russia", Action::AnswerOffer { accept: true });
    let after = game.state().tracks;
    assert_eq!(
        after.credibility - before.credibility,
        s.offer().accept.credibility
    );
    assert_eq!(
        game.state().treaty().as_ref().unwrap().offer,
        OfferStatus::Accepted
    );

    let costs = game.state().tracks.costs;
    let events = attack(&mut game, "airspace");
    assert!(events.iter().any(|e| e.kind == EventKind::PledgeBroken));
    assert!(game.state().tracks.costs >= costs + s.offer().pledge_broken.costs);
    assert_eq!(
        game.state().treaty().as_ref().unwrap().offer,
        OfferStatus::Broken
    );
}

#[test]
fn rejecting_the_offer_calls_the_bluff() {
    let (s, mut game) = awaiting_the_aggressors_answer();
    let before = game.state().tracks;
    act(&mut game, "russia", Action::AnswerOffer { accept: false });
    assert_eq!(
        game.state().tracks.cohesion - before.cohesion,
        s.offer().reject.cohesion
    );
    assert_eq!(
        game.state().tracks.costs - before.costs,
        s.offer().reject.costs
    );
}

#[test]
fn pre_authorisation_costs_support_where_a_vote_is_needed() {
    let s = nato_lite();
    let support = |preauth: &'static [&'static str]| {
        let spec = with(PACT_24H, &[("preauth", preauth)]);
        let game = with_treaty(&s, 1, &spec, &["italy", "ukraine", "usa", "europe"]);
        (
            game.state().seats[seat(&s, "italy").index()].support,
            game.state().seats[seat(&s, "usa").index()].support,
        )
    };
    let (italy_yes, usa_yes) = support(&["yes"]);
    let (italy_no, usa_no) = support(&["no"]);
    assert_eq!(
        italy_yes - italy_no,
        s.rules().preauthorisation_support,
        "Italy's parliament pays for pre-authorising"
    );
    assert_eq!(usa_yes, usa_no, "no vote, no cost");
}

#[test]
fn a_provocative_treaty_climbs_the_escalation_ladder() {
    let s = nato_lite();
    let mild = with_treaty(&s, 1, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    let spec = with(
        PACT_24H,
        &[
            ("framework", &["nato"][..]),
            ("obligation", &["automatic"][..]),
            ("menu", &["air", "shield", "troops"][..]),
        ],
    );
    let strong = with_treaty(&s, 1, &spec, &["italy", "ukraine", "usa", "europe"]);
    let terms = strong.terms().unwrap();
    let rungs = terms.provocation / s.rules().provocation_per_rung;
    assert!(rungs >= 1, "provocation {}", terms.provocation);
    assert_eq!(
        strong.state().tracks.escalation,
        (s.start().escalation + rungs).min(s.top_rung())
    );
    assert!(strong.state().tracks.escalation > mild.state().tracks.escalation);
    assert!(
        events_of(&strong)
            .iter()
            .any(|k| matches!(k, EventKind::Provoked { .. }))
    );
}

#[test]
fn a_holdout_guarantor_costs_cohesion() {
    let s = nato_lite();
    let all = with_treaty(&s, 1, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    let without_us = with_treaty(&s, 1, PACT_24H, &["italy", "ukraine", "europe"]);
    assert_eq!(
        without_us.state().tracks.cohesion - all.state().tracks.cohesion,
        s.rules().holdout.cohesion
    );
}
