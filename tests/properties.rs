//! Properties over many random games: no panics, invariants hold, refusals
//! change nothing, and the same seed and actions replay the same game.

use crate::common::*;
use proptest::prelude::*;
use rand::RngExt;
use std::sync::Arc;
use umbrella::ai::{self, AiRng, Bot};
use umbrella::core::*;
use umbrella::lab::MAX_STEPS;

fn scenarios() -> Vec<Arc<Scenario>> {
    vec![
        nato_lite(),
        scenario("brussels-2025"),
        fixture("two-seats"),
        fixture("eight-seats"),
    ]
}

/// Any action at all, legal or not, with arbitrary parameters.
fn arbitrary_action(rng: &mut AiRng) -> Action {
    let family = ClauseId(rng.random_range(0..MAX_CLAUSES as u8 + 2));
    let mut draft = Draft::default();
    for f in 0..MAX_CLAUSES as u8 {
        draft = draft.with(ClauseId(f), Pick::from_bits(rng.random::<u32>() & 0x1f));
    }
    match rng.random_range(0..17) {
        0 => Action::TableDraft(draft),
        1 => Action::Amend {
            clause: family,
            pick: Pick::from_bits(rng.random()),
        },
        2 => Action::Accept,
        3 => Action::Reject(Some(family)),
        4 => Action::Sign,
        5 => Action::SignalRedLine(rng.random()),
        6 => Action::Pass,
        7 => Action::AnswerOffer {
            accept: rng.random(),
        },
        8 => Action::Attack(AttackId(rng.random_range(0..12))),
        9 => Action::Hold,
        10 => Action::Convene,
        11 => Action::Propose(ResponseSet::from_bits(rng.random())),
        12 => Action::Support(ResponseSet::from_bits(rng.random())),
        13 => Action::Object,
        14 => Action::SeekApproval,
        15 => Action::Wait(rng.random_range(0..100)),
        _ => Action::StandDown,
    }
}

fn check_invariants(game: &Game) -> Result<(), String> {
    let s = game.scenario();
    let st = game.state();
    let t = st.tracks;
    for (name, v) in [
        ("credibility", t.credibility),
        ("security", t.security),
        ("costs", t.costs),
        ("cohesion", t.cohesion),
    ] {
        if !(0..=100).contains(&v) {
            return Err(format!("{name} out of range: {v}"));
        }
    }
    if !(0..=s.top_rung()).contains(&t.escalation) || st.peak_escalation < t.escalation {
        return Err(format!(
            "escalation {} (peak {})",
            t.escalation, st.peak_escalation
        ));
    }
    if st
        .seats
        .iter()
        .any(|x| !(0..=100).contains(&x.support) || x.spent < 0)
    {
        return Err("seat track out of range".into());
    }
    let ended = st.phase() == Phase::Ended;
    if ended != st.ending().is_some() || ended != game.to_move().is_none() {
        return Err(format!(
            "phase {:?}, ending {:?}, to move {:?}",
            st.phase(),
            st.ending(),
            game.to_move()
        ));
    }
    let talking = st.phase() == Phase::Negotiation;
    if st.talks.round > s.rules().negotiation_rounds
        || (talking && st.talks.turn as usize >= s.factions().len())
    {
        return Err("negotiation counters out of range".into());
    }
    if let Some(treaty) = &st.treaty()
        && (!s.negotiators().is_superset(treaty.signatories)
            || !treaty.signatories.contains(s.protected()))
    {
        return Err(format!("signatories {:?}", treaty.signatories));
    }
    if let Some(c) = &st.crisis()
        && (!matches!(st.phase(), Phase::Crisis | Phase::Ended) || c.now > c.closes_at)
    {
        return Err(format!(
            "crisis in phase {:?} at hour {}",
            st.phase(),
            c.now
        ));
    }
    if st.month > s.rules().horizon_months {
        return Err(format!("month {} beyond the horizon", st.month));
    }
    for r in &st.crises {
        // The clock judges what the scenario's rules say it judges.
        let judged = match s.rules().clock_judges {
            ClockJudges::Agreement => r.agreed_at,
            ClockJudges::Delivery => r.delivered_at,
        };
        let on_time = judged.is_some_and(|h| h <= r.clock);
        let late = r.delivered_at.is_none_or(|h| h > r.clock);
        if r.late != late || (r.agreed_at.is_none() && r.delivered_at.is_some()) {
            return Err(format!("delivery inconsistent: {r:?}"));
        }
        if r.obligation != Obligation::ConsultOnly && r.met != on_time {
            return Err(format!("clock verdict inconsistent: {r:?}"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn random_play_keeps_the_rules_and_replays_exactly(seed in any::<u64>(), which in 0usize..4, random_seats in any::<u8>()) {
        let s = scenarios()[which].clone();
        let bots: Vec<Bot> = (0..s.factions().len())
            .map(|i| if random_seats & (1 << i) != 0 { Bot::Random } else { Bot::Baseline })
            .collect();
        let mut game = Game::new(Arc::clone(&s), seed, GameConfig::default()).unwrap();
        let mut noise = ai::rng_for(seed, Seat(0), u32::MAX);
        let mut log = Vec::new();
        while let Some(seat) = game.to_move() {
            prop_assert!(game.state().steps < MAX_STEPS, "the game does not end");
            // A refused action, legal-looking or not, leaves no trace.
            let probe = arbitrary_action(&mut noise);
            let who = Seat(noise.random_range(0..s.factions().len() as u8));
            let before = game.state().clone();
            match game.apply(who, probe) {
                Ok(_) => log.push((who, probe)),
                Err(_) => prop_assert_eq!(game.state(), &before),
            }
            if game.to_move() != Some(seat) {
                continue;
            }
            let mut rng = ai::rng_for(seed, seat, game.state().steps);
            let decision = bots[seat.index()].decide(&game.view(seat), &mut rng);
            let result = game.apply(seat, decision.action);
            prop_assert!(result.is_ok(), "AI chose an illegal action {:?}: {:?}", decision.action, result);
            log.push((seat, decision.action));
            if let Err(e) = check_invariants(&game) {
                prop_assert!(false, "{}", e);
            }
        }
        // Same scenario, seed and actions: the same game, event for event.
        let mut replay = Game::new(Arc::clone(&s), seed, GameConfig::default()).unwrap();
        for (seat, action) in log {
            prop_assert!(replay.apply(seat, action).is_ok());
        }
        prop_assert_eq!(replay.state(), game.state());
    }
}

#[test]
fn the_same_seed_gives_the_same_ai_game() {
    let s = nato_lite();
    let bots = vec![Bot::Baseline; s.factions().len()];
    let a = umbrella::lab::play(Arc::clone(&s), 42, GameConfig::default(), &bots).unwrap();
    let b = umbrella::lab::play(Arc::clone(&s), 42, GameConfig::default(), &bots).unwrap();
    assert_eq!(a.state(), b.state());
    let c = umbrella::lab::play(Arc::clone(&s), 43, GameConfig::default(), &bots).unwrap();
    assert_ne!(
        a.state().log,
        c.state().log,
        "different seeds should differ somewhere"
    );
}

#[test]
fn the_game_state_survives_serialisation_and_continues_the_same_random_stream() {
    let s = nato_lite();
    let bots = vec![Bot::Baseline; s.factions().len()];
    let mut game = Game::new(Arc::clone(&s), 9, GameConfig::default()).unwrap();
    // Stop somewhere in the middle, serialise, restore, and finish both.
    let mut steps = 0;
    while steps < 60 && !game.is_over() {
        let seat = game.to_move().unwrap();
        let mut rng = ai::rng_for(9, seat, game.state().steps);
        let d = Bot::Baseline.decide(&game.view(seat), &mut rng);
        game.apply(seat, d.action).unwrap();
        steps += 1;
    }
    let text = ron::to_string(game.state()).unwrap();
    let state: GameState = ron::from_str(&text).unwrap();
    assert_eq!(&state, game.state(), "the state survives a round trip");
    let seed = game.state().seed;
    let mut restored =
        Game::replay(Arc::clone(&s), seed, GameConfig::default(), game.record()).unwrap();
    umbrella::lab::run(&mut game, &bots);
    umbrella::lab::run(&mut restored, &bots);
    assert_eq!(game.state(), restored.state());
}
