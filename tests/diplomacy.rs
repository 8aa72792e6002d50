//! Russia at the table (public warnings, private back channels) and AI
//! personalities varied from game to game.

use crate::common::*;
use std::sync::Arc;
use umbrella::ai::{Bot, Player};
use umbrella::core::*;
use umbrella::tui::app::App;
use umbrella::tui::play::Session;

/// A game of nato-lite-2025 in its first round with Russia to move (the
/// seats before it pass), the opening draft on the table.
fn russia_to_move(seed: u64) -> Game {
    let mut game = Game::new(nato_lite(), seed, GameConfig::default()).unwrap();
    let russia = game.scenario().aggressor();
    while game.to_move() != Some(russia) {
        let seat = game.to_move().unwrap();
        game.apply(seat, Action::Pass).unwrap();
    }
    game
}

/// A clause and option of the draft on the table, by ids.
fn option(s: &Scenario, clause: &str, option: &str) -> (ClauseId, u8) {
    let c = s.clause_by_id(clause).unwrap();
    let o = s.clause(c).options.iter().position(|o| o.id == option);
    (c, o.unwrap() as u8)
}

/// Every seat but the aggressor signs the draft on the table as it stands:
/// the treaty enters into force at the end of the round.
fn everyone_signs(game: &mut Game) {
    while game.state().phase() == Phase::Negotiation {
        let seat = game.to_move().unwrap();
        let signed = game.state().talks.stances[seat.index()] == Stance::Signed;
        let action = if seat == game.scenario().aggressor() || signed {
            Action::Pass
        } else {
            Action::Sign
        };
        game.apply(seat, action).unwrap();
    }
}

#[test]
fn a_public_warning_alarms_the_guarantors_and_a_treaty_that_defies_it_starts_in_tension() {
    let s = nato_lite();
    let (clock, h24) = option(&s, "clock", "24h");
    let warning = Action::Threaten {
        clause: clock,
        option: h24,
    };
    let mut warned = russia_to_move(1);
    let russia = s.aggressor();
    let italy = seat(&s, "italy");
    // Only the aggressor warns, and only against what the draft holds.
    assert_eq!(
        warned.check(italy, &warning),
        Err(RuleError::NotYourTurn),
        "not Italy's turn"
    );
    let (_, h72) = option(&s, "clock", "72h");
    assert!(matches!(
        warned.check(
            russia,
            &Action::Threaten {
                clause: clock,
                option: h72
            }
        ),
        Err(RuleError::NotNow { .. })
    ));
    let before = warned.state().clone();
    let events = warned.apply(russia, warning).unwrap();
    assert!(
        events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Threatened { .. }))
    );
    let line = events[0].describe(&s);
    assert!(line.contains("24 hours"), "{line}");
    for g in s.guarantors().iter() {
        assert_eq!(
            warned.state().seats[g.index()].support,
            before.seats[g.index()].support - 1
        );
    }
    assert_eq!(warned.state().tracks.costs, before.tracks.costs + 1);
    assert_eq!(warned.view(italy).threats(), &[(clock, h24)]);
    // Once per option.
    let mut again = warned.clone();
    while again.to_move() != Some(russia) {
        let seat = again.to_move().unwrap();
        again.apply(seat, Action::Pass).unwrap();
    }
    assert_eq!(
        again.check(russia, &warning),
        Err(RuleError::AlreadyThreatened)
    );

    // The same table without the warning: the treaty keeps the 24-hour
    // clock in both, and starts one rung higher where it was warned against.
    let mut quiet = russia_to_move(1);
    quiet.apply(russia, Action::Pass).unwrap();
    everyone_signs(&mut warned);
    everyone_signs(&mut quiet);
    assert!(
        warned
            .state()
            .log
            .iter()
            .any(|e| matches!(e.kind, EventKind::WarningDefied { provocation: 10 }))
    );
    // The warning's provocation adds to the text's own (an offer to Russia
    // lowers it): never less tension than without it.
    assert!(warned.state().tracks.escalation >= quiet.state().tracks.escalation);
    // A weightier warning: the treaty starts higher up the ladder.
    let heavy = modified(&s, |raw| {
        raw.table_moves.as_mut().unwrap().threat.provocation = 40;
    });
    let start = |warn: bool| {
        let mut g = Game::new(Arc::clone(&heavy), 1, GameConfig::default()).unwrap();
        while g.to_move() != Some(russia) {
            let seat = g.to_move().unwrap();
            g.apply(seat, Action::Pass).unwrap();
        }
        g.apply(russia, if warn { warning } else { Action::Pass })
            .unwrap();
        everyone_signs(&mut g);
        g.state().peak_escalation
    };
    assert!(start(true) > start(false));
}

#[test]
fn a_back_channel_is_known_only_to_its_two_parties() {
    let s = nato_lite();
    let (menu, arms) = option(&s, "menu", "arms");
    let (italy, usa, ukraine, europe) = (
        seat(&s, "italy"),
        seat(&s, "usa"),
        seat(&s, "ukraine"),
        seat(&s, "europe"),
    );
    let russia = s.aggressor();
    let deal = Action::BackChannel {
        seat: italy,
        clause: menu,
        option: arms,
    };
    assert!(deal.is_private());
    let mut dealt = russia_to_move(2);
    let mut passed = russia_to_move(2);
    // A deal is offered to a guarantor, once.
    assert_eq!(
        dealt.check(
            russia,
            &Action::BackChannel {
                seat: ukraine,
                clause: menu,
                option: arms
            }
        ),
        Err(RuleError::NotAGuarantor)
    );
    dealt.apply(russia, deal).unwrap();
    passed.apply(russia, Action::Pass).unwrap();
    // The public record cannot tell a back channel from a pass.
    assert_eq!(dealt.state().log, passed.state().log);
    assert_eq!(dealt.view(russia).deals().count(), 1);
    assert_eq!(dealt.view(italy).deals().count(), 1);
    for other in [usa, ukraine, europe] {
        assert_eq!(dealt.view(other).deals().count(), 0);
        // Nor does it reach what a seat's search imagines.
        let world = dealt
            .view(other)
            .sample_world(&mut umbrella::ai::rng_for(1, other, 0));
        assert!(world.state().diplomacy.deals.is_empty());
        // So a seat outside the deal decides as if there were none.
        for step in 0..4 {
            let decide = |g: &Game| {
                Bot::Normal.decide(&g.view(other), &mut umbrella::ai::rng_for(9, other, step))
            };
            assert_eq!(decide(&dealt), decide(&passed));
        }
    }
    // On screen: Italy's own table shows the deal, Ukraine's does not.
    let seen_by = |human: Seat| {
        let players: Vec<Player> = s
            .seats()
            .map(|x| {
                if x == human {
                    Player::Human
                } else {
                    Player::Ai(umbrella::ai::Level::Normal)
                }
            })
            .collect();
        let mut session = Session::from_game(dealt.clone(), players);
        session.desk.briefed.insert(human);
        session.route();
        let mut app = App::with_session(session);
        enter(&mut app, 1);
        let text = screen(&app, 120, 40);
        assert_eq!(session_seat(&app), Some(human), "{text}");
        text
    };
    let italy_sees = seen_by(italy);
    assert!(
        italy_sees.contains("quiet deal with Russia"),
        "{italy_sees}"
    );
    let ukraine_sees = seen_by(ukraine);
    assert!(!ukraine_sees.contains("quiet deal"), "{ukraine_sees}");
    assert!(!ukraine_sees.contains('✉'), "{ukraine_sees}");
}

/// The seat whose private screen is open, if any.
fn session_seat(app: &App) -> Option<Seat> {
    session(app).desk.viewer
}

#[test]
fn a_deal_is_paid_when_the_treaty_leaves_its_option_out_void_when_it_keeps_it() {
    let s = nato_lite();
    let (menu, arms) = option(&s, "menu", "arms");
    let (clock, h72) = option(&s, "clock", "72h");
    let _ = h72;
    let italy = seat(&s, "italy");
    let russia = s.aggressor();
    let mut outcomes = std::collections::BTreeSet::new();
    for seed in 0..40 {
        // Void: the treaty keeps arms in its menu.
        let mut kept = russia_to_move(seed);
        kept.apply(
            russia,
            Action::BackChannel {
                seat: italy,
                clause: menu,
                option: arms,
            },
        )
        .unwrap();
        let support = kept.state().seats[italy.index()].support;
        everyone_signs(&mut kept);
        let deal = kept.state().diplomacy.deals[0];
        assert_eq!(deal.outcome, DealOutcome::Void);
        // Left out: the next seat to move amends arms away before all sign.
        let mut left_out = russia_to_move(seed);
        left_out
            .apply(
                russia,
                Action::BackChannel {
                    seat: italy,
                    clause: clock,
                    option: option(&s, "clock", "24h").1,
                },
            )
            .unwrap();
        let next = left_out.to_move().unwrap();
        left_out
            .apply(
                next,
                Action::Amend {
                    clause: clock,
                    pick: Pick::one(option(&s, "clock", "48h").1 as usize),
                },
            )
            .unwrap();
        let before = left_out.state().clone();
        everyone_signs(&mut left_out);
        let deal = left_out.state().diplomacy.deals[0];
        let exposed = left_out
            .state()
            .log
            .iter()
            .any(|e| matches!(e.kind, EventKind::DealExposed { .. }));
        match deal.outcome {
            DealOutcome::Paid => assert!(!exposed),
            DealOutcome::Exposed => {
                assert!(exposed);
                assert!(
                    left_out.state().tracks.cohesion < before.tracks.cohesion,
                    "an exposed deal costs the coalition"
                );
            }
            other => panic!("seed {seed}: {other:?}"),
        }
        outcomes.insert(format!("{:?}", deal.outcome));
        let _ = support;
    }
    assert_eq!(
        outcomes.len(),
        2,
        "both paid and exposed deals: {outcomes:?}"
    );
}

#[test]
fn the_ai_russia_warns_and_deals_at_the_table() {
    // Over a few all-normal games Russia uses both moves, and its reasons
    // for a deal never reach the public feed.
    let s = nato_lite();
    let (mut threats, mut deals) = (0, 0);
    for seed in 0..12 {
        let game = umbrella::lab::play(
            Arc::clone(&s),
            seed,
            GameConfig::default(),
            &[Bot::Normal; 5],
        )
        .unwrap();
        threats += game.state().diplomacy.threats.len();
        deals += game.state().diplomacy.deals.len();
    }
    assert!(threats > 0 && deals > 0, "threats {threats}, deals {deals}");
    let mut table = umbrella::table::Table::new(
        Game::new(Arc::clone(&s), 3, GameConfig::default()).unwrap(),
        vec![Player::Ai(umbrella::ai::Level::Normal); 5],
    );
    while table.game().state().phase() == Phase::Negotiation {
        let Some(item) = table.step() else { break };
        if let Some(reason) = &item.reason {
            assert!(!reason.contains("deal"), "{reason}");
        }
    }
}

#[test]
fn varied_personalities_are_drawn_per_game_and_keep_every_preference_s_direction() {
    let s = nato_lite();
    let all: SeatSet = s.seats().collect();
    let italy = seat(&s, "italy");
    let varied = |seed: u64, seats: SeatSet| {
        Game::new(
            Arc::clone(&s),
            seed,
            GameConfig {
                varied: seats,
                ..GameConfig::default()
            },
        )
        .unwrap()
    };
    let personality = |g: &Game, x: Seat| format!("{:?}", g.view(x).secrets().personality);
    let (a, b, c) = (varied(1, all), varied(1, all), varied(2, all));
    assert_eq!(personality(&a, italy), personality(&b, italy), "same seed");
    assert_ne!(
        personality(&a, italy),
        personality(&c, italy),
        "another seed"
    );
    // A seat left out keeps what the scenario writes.
    let only_italy = varied(1, SeatSet::EMPTY.with(italy));
    let ukraine = seat(&s, "ukraine");
    let written = Game::new(Arc::clone(&s), 1, GameConfig::default()).unwrap();
    assert_eq!(
        personality(&only_italy, ukraine),
        personality(&written, ukraine)
    );
    // Priorities change; the direction of each preference does not.
    for x in s.seats() {
        let (w, v) = (written.view(x), a.view(x));
        for (row_w, row_v) in w.secrets().values.iter().zip(&v.secrets().values) {
            for (pw, pv) in row_w.iter().zip(row_v) {
                assert_eq!(pw.signum(), pv.signum(), "{x:?}");
            }
        }
    }
    // An as-written game is fingerprinted as before the option existed.
    assert_eq!(
        written.state().digest(),
        Game::new(Arc::clone(&s), 1, GameConfig::default())
            .unwrap()
            .state()
            .digest()
    );
    assert_ne!(a.state().digest(), written.state().digest());
}
