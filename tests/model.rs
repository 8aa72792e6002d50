//! The model of the guarantee under test: a clock judged on agreement,
//! what holds an agreement up (votes, governments' positions, attribution),
//! what attacks do, what troops provoke, and what deterrence earns.

use crate::common::*;
use std::sync::Arc;
use umbrella::core::*;

const ALL: &[&str] = &["italy", "ukraine", "usa", "europe"];

/// The bundled scenario without domestic snags or spirals up the ladder, so
/// a crisis plays the same whatever the random stream says about them.
fn calm() -> Arc<Scenario> {
    modified(&nato_lite(), |raw| {
        raw.rules.snag_chance = 0;
        raw.rules.spiral_chance = 0;
    })
}

/// Play the crisis with `items` from Italy, every seat giving what it can
/// of them, and return its record.
fn answer(game: &mut Game, items: &[&str]) -> CrisisRecord {
    let package = responses(game.scenario(), items);
    play_crisis(game, "italy", package, everything);
    game.state().crises.last().cloned().unwrap()
}

#[test]
fn the_bundled_scenarios_judge_the_clock_on_agreement() {
    for name in ["nato-lite-2025", "brussels-2025"] {
        let s = scenario(name);
        assert_eq!(s.rules().clock_judges, ClockJudges::Agreement, "{name}");
    }
    // A scenario that does not say keeps the first version's rule, so that
    // games saved under it replay exactly.
    assert_eq!(Rules::default().clock_judges, ClockJudges::Delivery);
}

#[test]
fn a_package_agreed_in_time_meets_the_clock_though_its_help_comes_late() {
    let s = calm();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "missiles");
    // Training is not in this treaty's menu: ad hoc, it takes 48 hours to prepare.
    let r = answer(&mut game, &["sanctions", "arms", "intel", "training"]);
    assert!(r.agreed_at.unwrap() <= 24, "{r:?}");
    assert!(r.delivered_at.unwrap() > 24, "{r:?}");
    assert!(r.met, "the clock judges the agreement: {r:?}");
    assert!(r.late);
    // Late help costs a little credibility, far less than a missed clock.
    let rules = s.rules();
    let expected = rules.clock_met.credibility * 130 / 100
        + rules.late_delivery.credibility
        + match r.verdict {
            Verdict::Proportionate => rules.proportionate.credibility,
            Verdict::Overreaction => rules.over_response.credibility,
            _ => rules.under_response.credibility,
        };
    assert_eq!(r.changes.credibility, expected, "{r:?}");
    assert!(rules.late_delivery.credibility > rules.clock_missed.credibility * 130 / 100);
}

#[test]
fn forces_waiting_for_a_vote_hold_the_agreement_until_it_is_in() {
    let s = calm();
    // Without pre-authorisation, air support needs Italy's and the European
    // parliaments' votes (36 and 24 hours, give or take a quarter).
    let with_forces = {
        let mut game = with_treaty(&s, 1, PACT_24H, ALL);
        attack(&mut game, "limited");
        answer(&mut game, &["sanctions", "arms", "intel", "air"])
    };
    assert!(!with_forces.met, "{with_forces:?}");
    let agreed = with_forces.agreed_at.expect("agreed after the votes");
    assert!(agreed > 24, "{with_forces:?}");
    let without = {
        let mut game = with_treaty(&s, 1, PACT_24H, ALL);
        attack(&mut game, "limited");
        answer(&mut game, &["sanctions", "arms", "intel"])
    };
    assert!(without.met, "{without:?}");
    // Pre-authorised, the same forces need no vote and the clock is met.
    let preauthorised = {
        let spec = with(PACT_24H, &[("preauth", &["yes"])]);
        let mut game = with_treaty(&s, 1, &spec, ALL);
        attack(&mut game, "limited");
        answer(&mut game, &["sanctions", "arms", "intel", "air"])
    };
    assert!(preauthorised.met, "{preauthorised:?}");
}

#[test]
fn a_vote_takes_its_hours_give_or_take_the_spread() {
    let s = calm();
    let italy = seat(&s, "italy");
    let (fewest, most) = {
        let game = with_treaty(&s, 1, PACT_24H, ALL);
        game.vote_hours(italy).unwrap()
    };
    assert_eq!((fewest, most), (27, 45), "36 hours give or take 25%");
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=30 {
        let mut game = with_treaty(&s, seed, PACT_24H, ALL);
        attack(&mut game, "limited");
        answer(&mut game, &["sanctions", "air"]);
        for e in &game.state().log {
            if let (EventKind::ApprovalSought { by, due }, When::Hour(_, at)) = (&e.kind, e.when)
                && *by == italy
            {
                let hours = due - at;
                assert!((fewest..=most).contains(&hours), "{hours} h");
                seen.insert(hours);
            }
        }
    }
    assert!(seen.len() > 3, "votes all took the same time: {seen:?}");
}

#[test]
fn a_backing_counts_once_the_government_has_settled_its_position() {
    let s = calm();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "missiles");
    let r = answer(&mut game, &["sanctions", "arms", "intel"]);
    // Consultations open at hour 8, the package is tabled in 2 hours, and the
    // slowest bound government (the European partners, 4 hours) has the last word.
    let europe = seat(&s, "europe");
    assert_eq!(game.position_hours(europe), 4);
    assert_eq!(r.agreed_at, Some(12), "{r:?}");
}

#[test]
fn a_position_that_snags_at_home_holds_a_consensus_past_the_clock() {
    let s = modified(&nato_lite(), |raw| {
        raw.rules.snag_chance = 100;
        raw.rules.snag_hours_min = 20;
        raw.rules.snag_hours_max = 30;
    });
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "missiles");
    let r = answer(&mut game, &["sanctions", "arms", "intel"]);
    assert!(!r.met, "{r:?}");
    assert!(
        events_of(&game)
            .iter()
            .any(|e| matches!(e, EventKind::PositionSnagged { .. }))
    );
    // The chance follows domestic support: each point below 50 adds one.
    let italy = seat(&s, "italy");
    let calm = modified(&nato_lite(), |raw| raw.rules.snag_chance = 8);
    let game = with_treaty(&calm, 1, PACT_24H, ALL);
    assert_eq!(
        game.snag_chance(italy) as i32,
        (8 + 50 - game.state().seats[italy.index()].support).clamp(1, 95)
    );
    // The protected party and the aggressor never snag.
    assert_eq!(game.snag_chance(seat(&calm, "ukraine")), 0);
    assert_eq!(game.snag_chance(seat(&calm, "russia")), 0);
}

#[test]
fn troops_in_the_treaty_make_an_armed_attack_climb_further() {
    let s = calm();
    let climb = |menu: &'static [&'static str], attack_id: &str| {
        let spec = with(PACT_24H, &[("menu", menu)]);
        let mut game = with_treaty(&s, 1, &spec, ALL);
        let before = game.state().tracks.escalation;
        attack(&mut game, attack_id);
        game.state().tracks.escalation - before
    };
    let plain: &[&str] = &["sanctions", "arms"];
    let troops: &[&str] = &["sanctions", "arms", "troops"];
    assert_eq!(climb(troops, "missiles"), climb(plain, "missiles") + 1);
    // A deniable cyber attack does not climb the ladder by itself, troops or not.
    assert_eq!(climb(troops, "cyber"), climb(plain, "cyber"));
}

#[test]
fn a_full_offensive_hurts_more_than_any_two_lesser_attacks() {
    let s = calm();
    let lost = |attacks: &[&str]| {
        let spec = with(PACT_24H, &[("preauth", &["yes"])]);
        let mut game = with_treaty(&s, 1, &spec, ALL);
        for a in attacks {
            attack(&mut game, a);
            answer(
                &mut game,
                &["sanctions", "arms", "intel", "air", "economic"],
            );
        }
        -game
            .state()
            .crises
            .iter()
            .map(|c| c.changes.security)
            .sum::<i32>()
    };
    let full = lost(&["full"]);
    for pair in [
        ["limited", "limited"],
        ["missiles", "blockade"],
        ["limited", "missiles"],
    ] {
        assert!(
            full > lost(&pair),
            "full {full} against {pair:?} {}",
            lost(&pair)
        );
    }
}

#[test]
fn deniability_wears_off_with_each_attack_of_the_same_kind() {
    let s = calm();
    let longest = s.attack(s.attack_by_id("cyber").unwrap()).attribution_hours as u32;
    for seed in 1..=10 {
        let mut game = with_treaty(&s, seed, PACT_24H, ALL);
        let mut delays = Vec::new();
        for _ in 0..3 {
            attack(&mut game, "cyber");
            delays.push(game.state().crisis().unwrap().attributed_at);
            answer(&mut game, &["sanctions"]);
        }
        assert!(delays[0] >= longest / 2, "{delays:?}");
        assert!(delays[1] <= longest / 2, "{delays:?}");
        assert!(delays[2] <= longest / 3, "{delays:?}");
    }
}

#[test]
fn quiet_months_under_a_credible_guarantee_raise_credibility() {
    let quiet = |s: &Arc<Scenario>| {
        let mut game = with_treaty(s, 1, PACT_24H, ALL);
        let before = game.state().tracks.credibility;
        let index = game.deterrence_index();
        let aggressor = guarantors_hold(&mut game);
        game.apply(aggressor, Action::Hold).unwrap();
        (game.state().tracks.credibility - before, index)
    };
    let s = calm();
    let (gain, index) = quiet(&s);
    assert!(index >= s.rules().credible_deterrence, "index {index}");
    assert_eq!(
        gain,
        s.rules().quiet_credibility * s.rules().decision_months
    );
    assert!(gain > 0);
    // A guarantee below the bar earns nothing for its quiet.
    let doubted = modified(&s, |raw| raw.rules.credible_deterrence = 200);
    assert_eq!(quiet(&doubted).0, 0);
}

#[test]
fn russia_weakens_ukraine_by_what_its_attacks_do_in_the_crises() {
    let s = calm();
    let russia = seat(&s, "russia");
    let weaken = s
        .faction(russia)
        .secret
        .objectives
        .iter()
        .position(|o| o.id == "weaken")
        .unwrap();
    let Condition::LostInCrises(Track::Security, aim) =
        s.faction(russia).secret.objectives[weaken].condition
    else {
        panic!("weaken is measured in the crises");
    };
    let spec = with(PACT_24H, &[("preauth", &["yes"])]);
    let mut game = with_treaty(&s, 1, &spec, ALL);
    let mut lost = 0;
    while lost < aim && game.state().phase() == Phase::Interlude {
        attack(&mut game, "missiles");
        answer(&mut game, &["sanctions"]);
        lost = -game
            .state()
            .crises
            .iter()
            .map(|c| c.changes.security)
            .sum::<i32>();
        let met = game.outcomes()[russia.index()].met[weaken];
        assert_eq!(met, lost >= aim, "lost {lost}, aim {aim}");
    }
    assert!(lost >= aim);
}

/// Hand the crisis to the aggressor: every guarantor whose turn comes first
/// waits an hour, until it is the aggressor's turn.
fn until_the_aggressor_moves(game: &mut Game) -> Seat {
    let aggressor = game.scenario().aggressor();
    while game.to_move() != Some(aggressor) {
        let seat = game.to_move().expect("the crisis goes on");
        game.apply(seat, Action::Wait(1)).unwrap();
    }
    aggressor
}

#[test]
fn russia_may_press_the_attack_once_before_the_answer_is_agreed() {
    let s = calm();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "limited");
    let russia = until_the_aggressor_moves(&mut game);
    let (severity, damage) = (game.severity_now(), game.damage_now());
    let rung = game.state().tracks.escalation;
    let costs = game.state().tracks.costs;
    game.apply(russia, Action::Press).unwrap();
    let press = &s.crisis_moves().unwrap().press;
    assert_eq!(
        game.severity_now(),
        severity + percent_of(severity, press.severity_percent)
    );
    assert_eq!(
        game.damage_now(),
        damage + percent_of(damage, press.damage_percent)
    );
    assert!(game.severity_now() > severity && game.damage_now() > damage);
    assert_eq!(
        game.state().tracks.escalation,
        rung + press.effects.escalation
    );
    assert_eq!(game.state().tracks.costs, costs + press.effects.costs);
    // Once per crisis, and not stepping back after pressing.
    until_the_aggressor_moves(&mut game);
    for again in [Action::Press, Action::StepBack] {
        assert!(matches!(
            game.check(russia, &again),
            Err(RuleError::NotNow { .. })
        ));
    }
    // The heavier blow is what the answer is judged against.
    let r = answer(&mut game, &["sanctions"]);
    assert_eq!(
        r.severity,
        severity + percent_of(severity, press.severity_percent)
    );
}

#[test]
fn pressing_climbs_into_the_tripwire_of_troops_on_the_ground() {
    let s = calm();
    let mut game = with_treaty(
        &s,
        1,
        &[
            ("framework", &["pact"]),
            ("clock", &["24h"]),
            ("obligation", &["respond"]),
            ("menu", &["sanctions", "arms", "troops"]),
            ("preauth", &["yes"]),
            ("burden", &["equal"]),
            ("russia", &["none"]),
        ],
        ALL,
    );
    attack(&mut game, "cyber");
    let russia = until_the_aggressor_moves(&mut game);
    let rung = game.state().tracks.escalation;
    game.apply(russia, Action::Press).unwrap();
    let climb = s.crisis_moves().unwrap().press.effects.escalation;
    let tripwire = game.terms().unwrap().tripwire;
    assert!(tripwire > 0);
    assert_eq!(game.state().tracks.escalation, rung + climb + tripwire);
}

#[test]
fn stepping_back_can_leave_an_answer_out_of_proportion() {
    let s = calm();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "missiles");
    let russia = until_the_aggressor_moves(&mut game);
    game.apply(russia, Action::StepBack).unwrap();
    let back = &s.crisis_moves().unwrap().step_back;
    let severity = s.attack(s.attack_by_id("missiles").unwrap()).severity;
    assert_eq!(
        game.severity_now(),
        severity + percent_of(severity, back.severity_percent)
    );
    assert!(game.severity_now() < severity);
    // The whole menu from every guarantor, sized for the blow before Russia stepped back.
    let r = answer(&mut game, &["sanctions", "arms", "training", "intel"]);
    assert_eq!(r.verdict, Verdict::Overreaction, "{r:?}");
}

#[test]
fn russia_may_deny_a_deniable_attack_once_before_it_is_attributed() {
    let s = calm();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "missiles");
    let russia = until_the_aggressor_moves(&mut game);
    assert!(
        matches!(
            game.check(russia, &Action::Deny),
            Err(RuleError::NotNow { .. })
        ),
        "missile strikes cannot be denied"
    );

    let mut game = with_treaty(&s, 3, PACT_24H, ALL);
    attack(&mut game, "cyber");
    let italy = seat(&s, "italy");
    game.apply(italy, Action::Convene).unwrap();
    let attributed = game.state().crisis().unwrap().attributed_at;
    let russia = until_the_aggressor_moves(&mut game);
    assert!(game.state().crisis().unwrap().now < attributed);
    game.apply(russia, Action::Deny).unwrap();
    let delay = s.crisis_moves().unwrap().deny.attribution;
    let c = game.state().crisis().unwrap();
    assert_eq!(c.attributed_at, attributed + delay);
    assert!(
        c.consult_open_at.unwrap() >= c.attributed_at,
        "consultations wait for attribution"
    );
    until_the_aggressor_moves(&mut game);
    assert!(matches!(
        game.check(russia, &Action::Deny),
        Err(RuleError::NotNow { .. })
    ));
}

#[test]
fn each_side_keeps_to_its_own_moves_in_a_crisis() {
    let s = calm();
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "missiles");
    let italy = seat(&s, "italy");
    assert_eq!(game.to_move(), Some(italy));
    for move_of_russia in [Action::Press, Action::StepBack, Action::Deny] {
        assert!(matches!(
            game.check(italy, &move_of_russia),
            Err(RuleError::NotForThisSeat(_))
        ));
    }
    let russia = until_the_aggressor_moves(&mut game);
    let sanctions = responses(&s, &["sanctions"]);
    for guarantor_move in [Action::Convene, Action::Propose(sanctions), Action::Object] {
        assert!(matches!(
            game.check(russia, &guarantor_move),
            Err(RuleError::NotForThisSeat(_))
        ));
    }
    // Russia cannot keep a crisis open by itself: once every guarantor has
    // stood down, it closes.
    game.apply(russia, Action::Wait(1)).unwrap();
    while game.state().phase() == Phase::Crisis {
        let seat = game.to_move().unwrap();
        let action = if seat == russia {
            Action::Wait(12)
        } else {
            Action::StandDown
        };
        game.apply(seat, action).unwrap();
    }
    assert_eq!(game.state().crises.len(), 1);
}

#[test]
fn a_scenario_without_crisis_moves_leaves_russia_out_of_the_crisis_room() {
    let s = modified(&calm(), |raw| raw.crisis_moves = None);
    let mut game = with_treaty(&s, 1, PACT_24H, ALL);
    attack(&mut game, "cyber");
    let russia = s.aggressor();
    while game.state().phase() == Phase::Crisis {
        let seat = game.to_move().unwrap();
        assert_ne!(seat, russia);
        game.apply(seat, Action::StandDown).unwrap();
    }
}

#[test]
fn near_the_top_a_climb_can_spiral_into_war() {
    let s = nato_lite();
    let game = with_treaty(&s, 1, PACT_24H, ALL);
    let rules = s.rules();
    assert!(rules.spiral_from > 0 && rules.spiral_chance > 0);
    let below = rules.spiral_from - 1;
    assert_eq!(game.spiral_chance(below), 0);
    assert_eq!(
        game.spiral_chance(rules.spiral_from),
        rules.spiral_chance as u32
    );
    assert_eq!(
        game.spiral_chance(rules.spiral_from + 1),
        2 * rules.spiral_chance as u32
    );
    assert_eq!(game.spiral_chance(s.top_rung()), 0);
    // Over many seeds an armed attack from the brink sometimes ends in war
    // by itself, and sometimes does not.
    let (mut wars, mut spirals) = (0, 0);
    for seed in 0..200 {
        let mut game = with_treaty(&s, seed, PACT_24H, ALL);
        let to_brink = s.top_rung() - 2 - game.state().tracks.escalation;
        game.intervene(Intervention::AdjustTrack {
            track: Track::Escalation,
            by: to_brink,
        })
        .unwrap();
        if game.is_over() {
            continue;
        }
        attack(&mut game, "missiles");
        spirals += events_of(&game)
            .iter()
            .filter(|k| matches!(k, EventKind::Spiralled { .. }))
            .count();
        wars += usize::from(game.state().ending() == Some(Ending::War));
    }
    assert!(
        spirals > 0 && wars > 0 && wars < 200,
        "{wars} wars, {spirals} spirals"
    );
}
