//! Phase 2: the attack, the treaty clock, hours, votes, proportionality, escalation and the end.

use crate::common::*;
use umbrella::core::*;

const ALL: &[&str] = &["italy", "ukraine", "usa", "europe"];

fn last_record(game: &Game) -> CrisisRecord {
    game.state()
        .crises
        .last()
        .cloned()
        .expect("a crisis record")
}

#[test]
fn an_attack_starts_the_treaty_clock() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    let events = attack(&mut game, "missiles");
    assert!(matches!(
        events[0].kind,
        EventKind::AttackLaunched { clock: 24, .. }
    ));
    let c = game.state().crisis().unwrap();
    assert_eq!(
        (c.now, c.clock, c.closes_at),
        (0, 24, 24 + s.rules().crisis_overtime_hours as u32)
    );
    assert_eq!(game.state().phase(), Phase::Crisis);
    assert_eq!(
        game.to_move(),
        Some(seat(&s, "italy")),
        "the earliest free seat acts, ties in seat order"
    );
    assert!(!c.participants.contains(s.aggressor()));
    assert_eq!(
        game.apply(s.aggressor(), Action::Hold),
        Err(RuleError::NotYourTurn),
        "the aggressor waits for the response"
    );
}

#[test]
fn consultations_come_before_a_package_and_take_the_treaty_hours() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "missiles");
    let italy = seat(&s, "italy");
    let package = Action::Propose(responses(&s, &["sanctions"]));
    assert!(matches!(
        game.apply(italy, package),
        Err(RuleError::NotNow { .. })
    ));
    let events = act(&mut game, "italy", Action::Convene);
    assert_eq!(
        events[0].kind,
        EventKind::ConsultationsCalled {
            by: italy,
            open_at: 8
        },
        "a pact convenes in 8 hours"
    );
    assert_eq!(
        game.state().crisis().as_ref().unwrap().ready_at[italy.index()],
        8
    );
    assert_eq!(game.to_move(), Some(seat(&s, "ukraine")));
    assert!(matches!(
        game.apply(seat(&s, "ukraine"), Action::Convene),
        Err(RuleError::NotNow { .. })
    ));
}

#[test]
fn a_seat_outside_the_treaty_convenes_ad_hoc_and_slower() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, &["italy", "ukraine", "europe"]);
    attack(&mut game, "missiles");
    assert_eq!(game.convene_hours(seat(&s, "italy")), 8);
    assert_eq!(
        game.convene_hours(seat(&s, "usa")),
        s.rules().adhoc_convene_hours as u32
    );
}

#[test]
fn treaty_instruments_are_prepared_faster_than_ad_hoc_ones() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, &["italy", "ukraine", "europe"]);
    attack(&mut game, "missiles");
    let italy = seat(&s, "italy");
    let usa = seat(&s, "usa");
    let sanctions = responses(&s, &["sanctions"]);
    let training = responses(&s, &["training"]);
    let r = |id: &str| s.response(s.response_by_id(id).unwrap()).clone();
    assert_eq!(
        game.preparation_hours(italy, sanctions),
        r("sanctions").hours_treaty as u32,
        "in the menu, bound"
    );
    assert_eq!(
        game.preparation_hours(italy, training),
        r("training").hours_adhoc as u32,
        "not in the menu"
    );
    assert_eq!(
        game.preparation_hours(usa, sanctions),
        r("sanctions").hours_adhoc as u32,
        "not bound"
    );
    assert!(game.propose_hours(italy, sanctions) < game.propose_hours(italy, training));
}

#[test]
fn deploying_forces_needs_a_vote_unless_pre_authorised() {
    let s = nato_lite();
    let cases: [(&[&str], &str, &str, bool); 6] = [
        (&["no"], "italy", "air", true),
        (&["no"], "italy", "sanctions", false),
        (&["no"], "usa", "air", false),
        (&["yes"], "italy", "air", false),
        (&["yes"], "italy", "shield", true),
        (&["yes"], "europe", "air", false),
    ];
    for (preauth, who, item, expected) in cases {
        let spec = with(PACT_24H, &[("preauth", preauth)]);
        let mut game = with_treaty(&s, 1, &spec, ALL);
        attack(&mut game, "missiles");
        let needs = game.needs_approval(seat(&s, who), responses(&s, &[item]));
        assert_eq!(
            needs, expected,
            "preauth {preauth:?}, {who} providing {item}"
        );
    }
}

#[test]
fn a_package_delivered_before_the_clock_meets_it() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "missiles");
    let before = game.state().tracks;
    play_crisis(
        &mut game,
        "italy",
        responses(&s, &["sanctions", "arms", "intel"]),
        everything,
    );
    let r = last_record(&game);
    assert!(r.met, "{r:?}");
    assert!(r.delivered_at.unwrap() <= 24);
    assert_eq!(r.contributors.len(), 3);
    // 3 items from 3 contributors: sanctions 1, arms 2, intel 1, each reinforced by 50%.
    assert_eq!(
        r.strength,
        (150 + 2 * 150 + 150) / 100,
        "reinforcements count in hundredths"
    );
    assert_eq!(
        r.verdict,
        Verdict::Proportionate,
        "6 against a severity of 6"
    );
    let expected =
        s.rules().clock_met.credibility * 130 / 100 + s.rules().proportionate.credibility;
    assert_eq!(r.changes.credibility, expected);
    // The quiet months after it add deterrence's dividend.
    assert!(game.deterrence_index() >= s.rules().credible_deterrence);
    let dividend = s.rules().quiet_credibility * s.rules().decision_months;
    assert_eq!(
        game.state().tracks.credibility - before.credibility,
        expected + dividend
    );
    assert!(game.state().seats.iter().any(|t| t.spent > 0));
    assert_eq!(game.state().phase(), Phase::Interlude);
    assert_eq!(
        game.state().month,
        s.rules().decision_months,
        "months pass after a crisis"
    );
}

#[test]
fn waiting_past_the_clock_misses_it_for_everyone_to_see() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "missiles");
    while game.state().phase() == Phase::Crisis {
        let seat = game.to_move().unwrap();
        game.apply(seat, Action::Wait(12)).unwrap();
    }
    let r = last_record(&game);
    assert!(!r.met);
    assert_eq!(r.verdict, Verdict::NoResponse);
    assert_eq!(r.delivered_at, None);
    // Every bound guarantor took no part in a response it promised.
    assert_eq!(r.breaches.len(), 3);
    let expected = s.rules().clock_missed.credibility * 130 / 100
        + s.rules().under_response.credibility
        + 3 * s.rules().breach.credibility;
    assert_eq!(r.changes.credibility, expected);
    let closed = game
        .state()
        .log
        .iter()
        .find(|e| matches!(e.kind, EventKind::CrisisClosed { .. }))
        .unwrap();
    assert!(closed.describe(&s).contains("MISSED"));
}

#[test]
fn a_parliamentary_vote_can_make_a_short_clock_impossible() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 4, PACT_24H, ALL);
    attack(&mut game, "limited");
    // Only Italy provides, and it sends air support, which needs its parliament.
    let italy = seat(&s, "italy");
    play_crisis(&mut game, "italy", responses(&s, &["air"]), |g, seat| {
        if seat == italy {
            g.providable(seat)
        } else {
            ResponseSet::EMPTY
        }
    });
    let sought = game
        .state()
        .log
        .iter()
        .find_map(|e| match e.kind {
            EventKind::ApprovalSought { by, due } if by == italy => Some(due),
            _ => None,
        })
        .expect("Italy asks parliament");
    let approval_hours = s.faction(italy).approval.as_ref().unwrap().hours as u32;
    assert!(
        sought >= approval_hours,
        "the vote is due {approval_hours} h after it is sought"
    );
    assert!(
        game.state()
            .log
            .iter()
            .any(|e| matches!(e.kind, EventKind::ApprovalDecided { by, .. } if by == italy))
    );
    let r = last_record(&game);
    assert!(!r.met, "a 36-hour vote cannot fit a 24-hour clock: {r:?}");
}

#[test]
fn a_disproportionate_response_climbs_the_ladder() {
    let s = nato_lite();
    let spec = with(
        PACT_24H,
        &[("menu", &["sanctions", "economic", "arms", "intel"])],
    );
    let mut game = with_treaty(&s, 1, &spec, ALL);
    attack(&mut game, "airspace");
    let before = game.state().tracks.escalation;
    play_crisis(
        &mut game,
        "italy",
        responses(&s, &["sanctions", "economic", "arms", "intel"]),
        everything,
    );
    let r = last_record(&game);
    assert_eq!(r.verdict, Verdict::Overreaction, "{r:?}");
    assert!(r.changes.escalation >= s.rules().over_response.escalation);
    assert!(game.state().tracks.escalation >= before + s.rules().over_response.escalation);
}

#[test]
fn an_automatic_obligation_triggers_the_whole_menu_at_once() {
    let s = nato_lite();
    let spec = with(
        PACT_24H,
        &[("obligation", &["automatic"]), ("preauth", &["yes"])],
    );
    let mut game = with_treaty(&s, 1, &spec, ALL);
    let events = attack(&mut game, "cyber");
    let menu = game.terms().unwrap().menu;
    assert!(events.iter().any(|e| e.kind
        == EventKind::PackageProposed {
            by: None,
            items: menu
        }));
    let c = game.state().crisis().cloned().unwrap();
    let p = c.package.clone().unwrap();
    // A deniable attack triggers the treaty once it is attributed.
    assert!(c.attributed_at > 0);
    assert_eq!(p.agreed_at, Some(c.attributed_at));
    assert_eq!(p.supporters.len(), 3, "every bound guarantor is in");
}

#[test]
fn under_consensus_one_objection_blocks_the_package() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "missiles");
    act(&mut game, "italy", Action::Convene);
    for id in ["ukraine", "usa", "europe"] {
        act(&mut game, id, Action::Wait(8));
    }
    act(
        &mut game,
        "italy",
        Action::Propose(responses(&s, &["sanctions", "arms"])),
    );
    act(&mut game, "ukraine", Action::Support(ResponseSet::EMPTY));
    let before = game.state().tracks.cohesion;
    act(&mut game, "usa", Action::Object);
    assert_eq!(
        game.state().tracks.cohesion - before,
        s.rules().objection.cohesion
    );
    act(
        &mut game,
        "europe",
        Action::Support(responses(&s, &["sanctions", "arms"])),
    );
    // The others wait while Italy's proposal takes its hours.
    let italy = seat(&s, "italy");
    while game.to_move() != Some(italy) {
        let me = game.to_move().unwrap();
        game.apply(me, Action::Wait(1)).unwrap();
    }
    act(
        &mut game,
        "italy",
        Action::Support(responses(&s, &["sanctions", "arms"])),
    );
    // Every backer's position settles; the objection still holds.
    while game.state().crisis().unwrap().now < 16 {
        let me = game.to_move().unwrap();
        game.apply(me, Action::Wait(1)).unwrap();
    }
    let p = game
        .state()
        .crisis()
        .as_ref()
        .unwrap()
        .package
        .clone()
        .unwrap();
    assert_eq!(p.agreed_at, None, "the United States is bound and objected");
    assert!(p.objectors.contains(seat(&s, "usa")));
    assert_eq!(p.supporters.len(), 3);
}

/// A bound guarantor that stands down is in breach, and pays at home.
#[test]
fn a_bound_guarantor_that_stands_down_is_in_breach() {
    let s = nato_lite();
    assert!(s.rules().breach_support < 0);
    let mut game = with_treaty(&s, 2, PACT_24H, ALL);
    let usa = seat(&s, "usa");
    let before = game.state().seats[usa.index()].support;
    attack(&mut game, "missiles");
    let mut stood_down = false;
    while game.state().phase() == Phase::Crisis {
        let me = game.to_move().unwrap();
        if me == s.aggressor() {
            game.apply(me, Action::StandDown).unwrap();
            continue;
        }
        if me == usa && !stood_down {
            game.apply(me, Action::StandDown).unwrap();
            stood_down = true;
            continue;
        }
        let c = game.state().crisis().unwrap();
        let action = if c.convened_by.is_none() {
            Action::Convene
        } else if c.consult_open_at.unwrap() > c.now {
            Action::Wait(c.consult_open_at.unwrap() - c.now)
        } else if c.package.is_none() {
            Action::Propose(responses(&s, &["sanctions", "arms"]))
        } else if !c.package.as_ref().unwrap().supporters.contains(me) {
            Action::Support(
                c.package
                    .as_ref()
                    .unwrap()
                    .items
                    .intersect(game.providable(me)),
            )
        } else {
            Action::StandDown
        };
        game.apply(me, action).unwrap();
    }
    let r = last_record(&game);
    assert!(
        r.delivered_at.is_some(),
        "the others agreed without the United States"
    );
    assert!(r.breaches.contains(usa));
    assert!(
        game.state()
            .log
            .iter()
            .any(|e| e.kind == EventKind::Breach { by: usa })
    );
    // A government that walks out on its own guarantee loses support at home.
    let after = game.state().seats[usa.index()].support;
    let clock = if r.met {
        s.rules().met_support
    } else {
        s.rules().missed_support
    };
    assert_eq!(after, before + s.rules().breach_support + clock);
}

#[test]
fn deniable_attacks_delay_consultations_until_attributed() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 9, PACT_24H, ALL);
    let events = attack(&mut game, "cyber");
    let at = events
        .iter()
        .find_map(|e| match e.kind {
            EventKind::AttributionExpected { at } => Some(at),
            _ => None,
        })
        .expect("a cyber attack is deniable");
    let a = s.attack(s.attack_by_id("cyber").unwrap());
    assert!(at >= a.attribution_hours as u32 / 2 && at <= a.attribution_hours as u32);
    let events = act(&mut game, "italy", Action::Convene);
    assert!(
        matches!(events[0].kind, EventKind::ConsultationsCalled { open_at, .. } if open_at == at.max(8))
    );
}

#[test]
fn crisis_actions_are_checked() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "missiles");
    let italy = seat(&s, "italy");
    let cases = [
        (Action::Wait(0), RuleError::InvalidWait),
        (Action::Wait(MAX_WAIT_HOURS + 1), RuleError::InvalidWait),
        (
            Action::Sign,
            RuleError::NotNow {
                action: "sign",
                why: "a crisis is under way",
            },
        ),
    ];
    for (action, expected) in cases {
        let before = game.state().clone();
        assert_eq!(game.apply(italy, action), Err(expected));
        assert_eq!(game.state(), &before);
    }
    assert!(matches!(
        game.apply(italy, Action::Support(ResponseSet::EMPTY)),
        Err(RuleError::NotNow { .. })
    ));
    assert!(matches!(
        game.apply(italy, Action::SeekApproval),
        Err(RuleError::NotNow { .. })
    ));
}

#[test]
fn credibility_raises_the_price_of_attacking() {
    let base = nato_lite();
    let costs_after_attack = |credibility: i32| {
        let s = modified(&base, |raw| raw.start.credibility = credibility);
        let mut game = with_treaty(&s, 1, PACT_24H, ALL);
        let before = game.state().tracks.costs;
        attack(&mut game, "limited");
        game.state().tracks.costs - before
    };
    assert!(costs_after_attack(90) > costs_after_attack(20));
}

#[test]
fn quiet_months_pass_until_the_horizon() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    let mut holds = 0;
    while !game.is_over() {
        act(&mut game, "russia", Action::Hold);
        holds += 1;
    }
    assert_eq!(holds, s.rules().horizon_months / s.rules().decision_months);
    assert_eq!(game.state().month, s.rules().horizon_months);
    assert_eq!(game.state().ending(), Some(Ending::Horizon));
    assert_eq!(game.to_move(), None);
    assert_eq!(
        game.apply(s.aggressor(), Action::Hold),
        Err(RuleError::GameOver)
    );
    assert_eq!(
        game.state().history.len() as i32,
        s.rules().horizon_months + 1,
        "one sample per month"
    );
}

#[test]
fn the_top_rung_ends_the_game_as_a_loss_for_everyone() {
    let s = modified(&nato_lite(), |raw| {
        raw.start.escalation = raw.escalation_ladder.len() as i32 - 2
    });
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "full");
    assert_eq!(game.state().ending(), Some(Ending::War));
    assert!(game.is_over());
    let scores = game.scores();
    assert!(scores.iter().all(|sc| !sc.victory && sc.points == 0));
    assert!(
        scores[0].objectives[0]
            .why
            .contains(&s.escalation_ladder()[s.escalation_ladder().len() - 1])
    );
}

#[test]
fn the_protected_party_can_collapse() {
    let s = modified(&nato_lite(), |raw| raw.start.security = 5);
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "full");
    while game.state().phase() == Phase::Crisis {
        let seat = game.to_move().unwrap();
        game.apply(seat, Action::StandDown).unwrap();
    }
    assert_eq!(game.state().ending(), Some(Ending::Collapse));
    assert_eq!(game.state().tracks.security, 0);
}

/// After its parliament refused forces, a seat backs the next package without
/// them (it used to try to send them and have its move replaced).
#[test]
fn a_seat_whose_vote_failed_backs_the_next_package_without_forces() {
    use umbrella::ai::{self, Bot};
    let s = modified(&nato_lite(), |raw| {
        raw.factions[0].support = 0; // Italy: a vote with little chance
    });
    let italy = seat(&s, "italy");
    let usa = seat(&s, "usa");
    // Everyone else lets time pass until `who` is to move (false if the crisis ends).
    let until = |game: &mut Game, who: Seat| {
        while game.state().phase() == Phase::Crisis {
            let seat = game.to_move().unwrap();
            if seat == who {
                return true;
            }
            game.apply(seat, Action::Wait(1)).unwrap();
        }
        false
    };
    for seed in 0..60 {
        let mut game = with_treaty(&s, seed, PACT_24H, ALL);
        attack(&mut game, "limited");
        act(&mut game, "italy", Action::Convene);
        let first = responses(&s, &["air", "arms"]);
        loop {
            if !until(&mut game, italy) {
                break;
            }
            if game.apply(italy, Action::Propose(first)).is_ok() {
                break;
            }
            game.apply(italy, Action::Wait(1)).unwrap();
        }
        if !until(&mut game, italy) {
            continue;
        }
        let mine = first.intersect(game.providable(italy));
        act(&mut game, "italy", Action::Support(mine));
        if !until(&mut game, italy) {
            continue;
        }
        act(&mut game, "italy", Action::SeekApproval);
        let refused = |game: &Game| {
            game.state().crisis().map(|c| c.approvals[italy.index()])
                == Some(ApprovalStatus::Refused)
        };
        while game.state().phase() == Phase::Crisis
            && !refused(&game)
            && game.state().crisis().unwrap().approvals[italy.index()] != ApprovalStatus::Granted
        {
            let seat = game.to_move().unwrap();
            game.apply(seat, Action::Wait(1)).unwrap();
        }
        if !refused(&game) || !until(&mut game, usa) {
            continue;
        }
        // The United States tables a new package with forces; Italy answers it.
        if game
            .apply(usa, Action::Propose(responses(&s, &["air", "sanctions"])))
            .is_err()
            || !until(&mut game, italy)
        {
            continue;
        }
        let step = game.state().steps;
        let d = Bot::Normal.decide(&game.view(italy), &mut ai::rng_for(seed, italy, step));
        assert_ne!(
            d.reason.line(),
            "no better option",
            "seed {seed}: {:?}",
            d.action
        );
        if let Action::Support(items) = d.action {
            assert!(
                items.intersect(s.forces()).is_empty(),
                "no forces after a refusal"
            );
        }
        return;
    }
    panic!("no seed gave a refused vote followed by a new package");
}
