//! End-of-game scoring: objectives met or failed, with reasons.

use crate::common::*;
use std::sync::Arc;
use umbrella::core::*;

#[test]
fn every_objective_is_scored_with_a_reason() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, &["italy", "ukraine", "europe"]);
    while !game.is_over() {
        act(&mut game, "russia", Action::Hold);
    }
    let scores = game.scores();
    assert_eq!(scores.len(), s.factions().len());
    for (score, faction) in scores.iter().zip(s.factions()) {
        assert_eq!(score.objectives.len(), faction.secret.objectives.len());
        assert_eq!(
            score.points,
            score
                .objectives
                .iter()
                .filter(|o| o.met)
                .map(|o| o.points)
                .sum::<i32>()
        );
        assert_eq!(score.victory, score.points >= faction.secret.victory);
        for o in &score.objectives {
            assert!(!o.why.is_empty(), "{}: no reason", o.id);
        }
    }
    let usa = &scores[seat(&s, "usa").index()];
    let deal = usa.objectives.iter().find(|o| o.id == "deal").unwrap();
    assert!(!deal.met);
    assert!(
        deal.why.contains("United States is not bound"),
        "{}",
        deal.why
    );
    let ukraine = &scores[seat(&s, "ukraine").index()];
    let secure = ukraine
        .objectives
        .iter()
        .find(|o| o.id == "secure")
        .unwrap();
    assert!(secure.why.contains("ended at"), "{}", secure.why);
    let peace = usa.objectives.iter().find(|o| o.id == "peace").unwrap();
    assert!(peace.met, "no attack at all: {}", peace.why);
}

#[test]
fn clock_objectives_count_crises() {
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    attack(&mut game, "missiles");
    while game.state().phase() == Phase::Crisis {
        let seat = game.to_move().unwrap();
        game.apply(seat, Action::Wait(24)).unwrap();
    }
    let scores = game.scores();
    let russia = &scores[seat(&s, "russia").index()];
    let fail = russia.objectives.iter().find(|o| o.id == "fail").unwrap();
    assert!(fail.met, "{}", fail.why);
    assert_eq!(fail.why, "1 clocks missed (needed 1)");
    let italy = &scores[seat(&s, "italy").index()];
    let works = italy.objectives.iter().find(|o| o.id == "works").unwrap();
    assert!(!works.met);
    assert!(works.why.contains("0 of 1"), "{}", works.why);
}

#[test]
fn staying_below_a_rung_counts_the_peak_not_the_end() {
    // "Escalation never beyond open strikes": a crisis that climbed to the
    // brink fails it, even when the ladder has come down again by the end.
    let s = nato_lite();
    let mut game = with_treaty(&s, 1, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    let start = game.state().tracks.escalation;
    game.intervene(Intervention::AdjustTrack {
        track: Track::Escalation,
        by: 5 - start,
    })
    .unwrap();
    game.intervene(Intervention::AdjustTrack {
        track: Track::Escalation,
        by: -5,
    })
    .unwrap();
    while !game.is_over() {
        act(&mut game, "russia", Action::Hold);
    }
    assert_eq!(game.state().peak_escalation, 5);
    assert!(game.state().tracks.escalation <= 3);
    let scores = game.scores();
    let italy = &scores[seat(&s, "italy").index()];
    let nowar = italy.objectives.iter().find(|o| o.id == "nowar").unwrap();
    assert!(!nowar.met, "{}", nowar.why);
    assert_eq!(
        nowar.why,
        "escalation peaked at rung 5 of 6 (needed at most 2)"
    );

    // Kept below the rung throughout, it is met.
    let mut calm = with_treaty(&s, 1, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    while !calm.is_over() {
        act(&mut calm, "russia", Action::Hold);
    }
    let usa = &calm.scores()[seat(&s, "usa").index()];
    let quiet = usa
        .objectives
        .iter()
        .find(|o| o.id == "noescalation")
        .unwrap();
    assert!(quiet.met, "{}", quiet.why);
}

/// The lab's reading of a game (no reasons) agrees with the full scores, in
/// games of every bot on both bundled scenarios (wars, offers, fallbacks).
#[test]
fn outcomes_are_the_scores_without_their_reasons() {
    use umbrella::ai::Bot;
    use umbrella::lab::{self, tournament};
    let mut games = 0;
    for name in ["nato-lite-2025", "brussels-2025"] {
        let s = scenario(name);
        let seats = s.factions().len();
        for i in 0..40 {
            let bots = match i % 4 {
                0 => vec![Bot::Normal; seats],
                1 => vec![Bot::Random; seats],
                _ => tournament::lineup(7, i, seats)
                    .into_iter()
                    .map(|b| if b == Bot::Hard { Bot::Normal } else { b })
                    .collect(),
            };
            let game = lab::play(Arc::clone(&s), i, GameConfig::default(), &bots).unwrap();
            let scores = game.scores();
            let outcomes = game.outcomes();
            assert_eq!(scores.len(), outcomes.len());
            for (score, outcome) in scores.iter().zip(&outcomes) {
                assert_eq!(outcome.seat, score.seat);
                assert_eq!(outcome.points, score.points);
                assert_eq!(outcome.victory, score.victory);
                let met: Vec<bool> = score.objectives.iter().map(|o| o.met).collect();
                assert_eq!(outcome.met, met, "{name} game {i}");
            }
            games += 1;
        }
    }
    assert_eq!(games, 80);
}

/// What a seat's view hands the negotiation agent, worked out once per
/// scenario (and per sampled world), is what the secrets give afresh.
#[test]
fn a_views_utilities_are_worked_out_from_the_secrets() {
    use rand::SeedableRng;
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
    for name in ["nato-lite-2025", "brussels-2025"] {
        let s = scenario(name);
        let game = Game::new(Arc::clone(&s), 1, GameConfig::default()).unwrap();
        let worlds: Vec<Game> = s
            .seats()
            .map(|seat| game.view(seat).sample_world(&mut rng))
            .collect();
        for g in std::iter::once(&game).chain(&worlds) {
            let sc = g.scenario();
            for seat in sc.seats() {
                let view = g.view(seat);
                assert_eq!(view.utility(), Utility::of(sc, seat));
                let mut public = [[0; MAX_OPTIONS]; MAX_CLAUSES];
                for o in view.me().public_objectives() {
                    fold_objective(sc, o, &mut public);
                }
                assert_eq!(view.public_utility_table(seat), public);
                let u = Utility::of(sc, seat);
                let points = umbrella::core::signature_points(sc, seat);
                let expected = if u.hi == u.lo {
                    0.0
                } else {
                    points as f64 / (u.hi - u.lo) as f64
                };
                assert_eq!(view.signature_value().to_bits(), expected.to_bits());
            }
        }
    }
}
