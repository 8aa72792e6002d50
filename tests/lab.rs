//! The simulation lab: batches are deterministic whatever the number of threads.

use crate::common::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use umbrella::ai::Bot;
use umbrella::core::*;
use umbrella::lab;

fn batch(jobs: usize, seed: u64) -> lab::Batch {
    let s = nato_lite();
    lab::Batch {
        bots: vec![Bot::Baseline; s.factions().len()],
        scenario: Arc::clone(&s),
        seed,
        games: 40,
        jobs,
        config: GameConfig::default(),
    }
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let one = lab::run_batch(&batch(1, 5), &|| {}).unwrap();
    let three = lab::run_batch(&batch(3, 5), &|| {}).unwrap();
    assert_eq!(one, three);
    let s = nato_lite();
    assert_eq!(
        lab::aggregate(&s, 5, BTreeMap::new(), &one),
        lab::aggregate(&s, 5, BTreeMap::new(), &three)
    );
}

#[test]
fn every_game_of_a_batch_is_complete_and_seeds_differ() {
    let games = lab::run_batch(&batch(2, 8), &|| {}).unwrap();
    assert_eq!(games.len(), 40);
    assert!(games.iter().all(|g| g.ending.is_some()));
    let seeds: std::collections::BTreeSet<u64> = (0..40).map(|i| lab::game_seed(8, i)).collect();
    assert_eq!(seeds.len(), 40);
    let stats = lab::aggregate(&nato_lite(), 8, BTreeMap::new(), &games);
    assert_eq!(stats.games, 40);
    assert!((0.0..=1.0).contains(&stats.agreement_rate));
    assert_eq!(stats.wins.len(), 5);
    let done = std::sync::atomic::AtomicU64::new(0);
    lab::run_batch(&batch(2, 8), &|| {
        done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(done.into_inner(), 40, "progress reaches the total");
}

#[test]
fn settings_name_clauses_and_options() {
    let s = nato_lite();
    let (f, p) = lab::parse_setting(&s, "clock=24h").unwrap();
    assert_eq!(f, s.clause_of(ClauseKind::ResponseClock).unwrap());
    assert_eq!(lab::setting_text(&s, f, p), "24h");
    let (f, p) = lab::parse_setting(&s, "menu=sanctions+intel").unwrap();
    assert_eq!(f, s.clause_of(ClauseKind::ResponseMenu).unwrap());
    assert_eq!(p.count(), 2);
    let err = lab::parse_setting(&s, "clock=12h").unwrap_err();
    assert!(err.contains("24h, 48h, 72h"), "{err}");
    let err = lab::parse_setting(&s, "speed=fast").unwrap_err();
    assert!(err.contains("framework, clock, obligation"), "{err}");
    assert!(lab::parse_setting(&s, "clock").is_err());
    assert!(lab::parse_setting(&s, "clock=24h+48h").is_err());
}

// ---- the strategy search ---------------------------------------------------------

#[test]
fn the_aggressor_plan_family_is_every_schedule_of_up_to_n_attacks() {
    let s = nato_lite();
    let months = (s.rules().horizon_months / s.rules().decision_months) as usize;
    let kinds = s.attacks().len();
    // No attack, or one of `kinds` attacks in one of `months` months; both
    // answers to the offer.
    assert_eq!(
        lab::exploits::aggressor_plans(&s, 1).len(),
        2 * (1 + months * kinds)
    );
    let two = lab::exploits::aggressor_plans(&s, 2);
    let pairs = months * (months - 1) / 2 * kinds * kinds;
    assert_eq!(two.len(), 2 * (1 + months * kinds + pairs));
    assert!(
        two.iter()
            .all(|p| p.attacks.windows(2).all(|w| w[0].0 < w[1].0))
    );
}

#[test]
fn a_plan_is_played_as_written() {
    let s = nato_lite();
    let plans = lab::exploits::aggressor_plans(&s, 2);
    let plan = plans
        .iter()
        .find(|p| {
            !p.accept_offer && p.attacks.len() == 2 && p.attacks[0].0 == 0 && p.attacks[1].0 == 6
        })
        .unwrap();
    for seed in 0..5 {
        let r = lab::exploits::play_plan(
            &s,
            seed,
            s.aggressor(),
            Some(plan),
            lab::Personalities::Varied,
        )
        .unwrap();
        assert_eq!(r.first_attack, Some(0), "seed {seed}");
        assert_eq!(r.crises, 2, "seed {seed}");
        let mut want = vec![0; s.attacks().len()];
        for (_, a) in &plan.attacks {
            want[a.0 as usize] += 1;
        }
        assert_eq!(r.attacks, want);
        // Never attacking: no crisis at all.
        let quiet = lab::exploits::play_plan(
            &s,
            seed,
            s.aggressor(),
            Some(&plans[0]),
            lab::Personalities::Varied,
        )
        .unwrap();
        assert_eq!(quiet.crises, 0);
    }
}

#[test]
fn the_search_reports_the_best_plan_beside_the_normal_ai_on_fresh_games() {
    let s = nato_lite();
    let search = lab::exploits::Search {
        scenario: s.clone(),
        seat: s.aggressor(),
        seed: 3,
        games: 16,
        max_attacks: 1,
        jobs: 2,
        top: 3,
        personalities: lab::Personalities::Varied,
    };
    let found = lab::exploits::search(&search, &|| {}).unwrap();
    assert_eq!(
        found.plans_tried,
        lab::exploits::aggressor_plans(&s, 1).len()
    );
    assert_eq!(found.top.len(), 3);
    assert_eq!(found.best_plan, found.top[0].plan);
    assert!(found.top.windows(2).all(|w| w[0].win_rate >= w[1].win_rate));
    assert!(found.top.iter().all(|p| p.games == 16));
    // The finalists and the normal AI are measured again on seeds the
    // screening did not see (its own seeds flatter the plans it chose).
    let plans = lab::exploits::aggressor_plans(&s, 1);
    let best = plans
        .iter()
        .find(|p| p.describe(&s) == found.best_plan)
        .unwrap();
    let fresh_wins = |plan: Option<&lab::exploits::Plan>| -> u64 {
        (16..32)
            .map(|i| {
                let r = lab::exploits::play_plan(
                    &s,
                    lab::game_seed(3, i),
                    s.aggressor(),
                    plan,
                    lab::Personalities::Varied,
                )
                .unwrap();
                u64::from(r.victories[s.aggressor().index()])
            })
            .sum()
    };
    assert_eq!(found.best_win_rate, fresh_wins(Some(best)) as f64 / 16.0);
    let fresh_normal = fresh_wins(None);
    assert_eq!(found.normal_win_rate, fresh_normal as f64 / 16.0);
    // The same search on one thread finds the same.
    let again =
        lab::exploits::search(&lab::exploits::Search { jobs: 1, ..search }, &|| {}).unwrap();
    assert_eq!(again, found);
    let json = serde_json::to_value(&found).unwrap();
    for key in ["best_plan", "best_win_rate", "normal_win_rate"] {
        assert!(json.get(key).is_some(), "{key}");
    }
}

#[test]
fn a_guarantor_is_searched_over_its_crisis_doctrines() {
    let s = nato_lite();
    let italy = seat(&s, "italy");
    let search = lab::exploits::Search {
        scenario: s.clone(),
        seat: italy,
        seed: 2,
        games: 12,
        max_attacks: 3,
        jobs: 2,
        top: 10,
        personalities: lab::Personalities::Varied,
    };
    let found = lab::exploits::search(&search, &|| {}).unwrap();
    assert_eq!(found.plans_tried, lab::exploits::Doctrine::ALL.len());
    assert_eq!(found.top.len(), lab::exploits::Doctrine::ALL.len());
    assert!(found.top.iter().all(|p| p.games == 12));
    // A doctrine is played: the cheapest package differs from the normal AI
    // in some game.
    let differs = (0..12).any(|seed| {
        let normal =
            lab::exploits::play_plan(&s, seed, italy, None, lab::Personalities::Varied).unwrap();
        let cheap = lab::exploits::play_strategy(
            &s,
            seed,
            italy,
            lab::exploits::Strategy::Guarantor(lab::exploits::Doctrine::Cheapest),
            lab::Personalities::Varied,
        )
        .unwrap();
        normal != cheap
    });
    assert!(differs);
    // A seat that is neither the aggressor nor a guarantor has no plans.
    let mut not_a_player = search.clone();
    not_a_player.seat = Seat(9);
    assert!(lab::exploits::search(&not_a_player, &|| {}).is_err());
}

// ---- what the lab counts as the games are played ---------------------------------

/// Per seat, the decisions of `game`'s record that did something, in the
/// whole game and between crises, found by stepping a fresh game through
/// the record (the phase of each decision is the phase before it).
fn active_by_replay(game: &Game) -> (Vec<u32>, Vec<u32>) {
    let seats = game.scenario().factions().len();
    let mut again = Game::new(
        Arc::clone(game.scenario()),
        game.state().seed,
        game.state().config.clone(),
    )
    .unwrap();
    let (mut all, mut between) = (vec![0; seats], vec![0; seats]);
    for step in game.record() {
        let phase = again.state().phase();
        if let Step::Seat(seat, action) = step {
            let passive = matches!(
                action,
                Action::Pass | Action::Hold | Action::Wait(_) | Action::StandDown
            );
            if !passive {
                all[seat.index()] += 1;
                if matches!(phase, Phase::Offer | Phase::Interlude) {
                    between[seat.index()] += 1;
                }
            }
        }
        again.step(step.clone()).unwrap();
    }
    (all, between)
}

#[test]
fn the_lab_counts_missed_clocks_peaks_and_active_decisions_of_the_games_it_plays() {
    let s = nato_lite();
    // Random seats miss clocks in some games, not in all.
    let bots = vec![Bot::Random; s.factions().len()];
    let batch = lab::Batch {
        bots: bots.clone(),
        scenario: Arc::clone(&s),
        seed: 11,
        games: 40,
        jobs: 2,
        config: GameConfig::default(),
    };
    let summaries = lab::run_batch(&batch, &|| {}).unwrap();
    let mut missed = 0;
    let mut peaks = 0;
    let start = s.start().escalation;
    for (i, summary) in summaries.iter().enumerate() {
        let seed = lab::game_seed(11, i as u64);
        let game = lab::play(Arc::clone(&s), seed, GameConfig::default(), &bots).unwrap();
        let (all, between) = active_by_replay(&game);
        assert_eq!(summary.active.all, all, "game {i}");
        assert_eq!(summary.active.between_crises, between, "game {i}");
        missed += u32::from(game.state().crises.iter().any(|c| !c.met));
        assert!(summary.peak_escalation >= start, "game {i}");
        assert_eq!(summary.peak_escalation, game.state().peak_escalation);
        peaks += summary.peak_escalation;
    }
    assert!(
        0 < missed && missed < 40,
        "{missed} games with a clock missed"
    );
    assert!(peaks > start * 40, "some game climbs the ladder");
    let stats = lab::aggregate(&s, 11, BTreeMap::new(), &summaries);
    assert_eq!(stats.missed_clock_game_rate, f64::from(missed) / 40.0);
    assert_eq!(stats.mean_escalation_peak, f64::from(peaks) / 40.0);
    let russia = s.aggressor().index();
    let mean = |counts: fn(&lab::GameSummary) -> &Vec<u32>, seat: usize| {
        f64::from(summaries.iter().map(|g| counts(g)[seat]).sum::<u32>()) / 40.0
    };
    assert_eq!(
        stats.active_decisions["russia"],
        mean(|g| &g.active.all, russia)
    );
    assert_eq!(
        stats.active_decisions_between_crises["russia"],
        mean(|g| &g.active.between_crises, russia)
    );
    assert!(stats.active_decisions_between_crises["russia"] > 0.0);
    // Only the aggressor moves between crises.
    for id in ["italy", "ukraine", "usa", "europe"] {
        assert!(stats.active_decisions[id] > 0.0, "{id}");
        assert_eq!(stats.active_decisions_between_crises[id], 0.0, "{id}");
    }
}

#[test]
fn the_strategy_search_counts_the_aggressors_attacks_and_answer_between_crises() {
    let s = nato_lite();
    let plans = lab::exploits::aggressor_plans(&s, 2);
    let two_attacks = plans
        .iter()
        .find(|p| !p.accept_offer && p.attacks.len() == 2 && p.attacks[1].0 == 6)
        .unwrap();
    let offer = s.clause_by_id("russia").unwrap();
    let not_offered = s.option_by_id(offer, "none").unwrap();
    let russia = s.aggressor().index();
    for seed in 0..6 {
        for plan in [&plans[0], two_attacks] {
            let r = lab::exploits::play_plan(
                &s,
                seed,
                s.aggressor(),
                Some(plan),
                lab::Personalities::Varied,
            )
            .unwrap();
            let answered = r.treaty.is_some_and(|d| !d.has(offer, not_offered));
            let want = plan.attacks.len() as u32 + u32::from(answered);
            assert_eq!(r.active.between_crises[russia], want, "seed {seed}");
            assert!(r.active.all[russia] >= want);
            // The protected party has nothing to decide between crises.
            let ukraine = s.protected().index();
            assert_eq!(r.active.between_crises[ukraine], 0, "seed {seed}");
        }
    }
}

/// Plays a game with the normal AI everywhere, except that `late` (if any)
/// lets each crisis run past the treaty clock before it does anything: a
/// team that misjudges how long its clock is.
fn with_a_late_team(seed: u64, late: Option<Seat>) -> Game {
    let s = nato_lite();
    let mut game = Game::new(Arc::clone(&s), seed, GameConfig::default()).unwrap();
    while let Some(mover) = game.to_move() {
        let crisis = game.state().crisis().map(|c| (c.now, c.clock));
        match crisis {
            Some((now, clock)) if Some(mover) == late && now <= clock => {
                let hours = (clock + 1 - now).min(MAX_WAIT_HOURS);
                game.apply(mover, Action::Wait(hours)).unwrap();
            }
            _ => {
                umbrella::ai::play_move(&mut game, mover, Bot::Normal).unwrap();
            }
        }
    }
    game
}

#[test]
fn a_guarantor_team_that_misjudges_the_clock_loses_games_the_normal_ai_wins() {
    let s = nato_lite();
    let europe = seat(&s, "europe");
    let (mut normal_wins, mut late_wins, mut lost_to_the_clock) = (0, 0, 0);
    let (mut missed_late, mut missed_normal) = (0, 0);
    for seed in 0..40 {
        let normal = with_a_late_team(seed, None);
        let late = with_a_late_team(seed, Some(europe));
        let won = |g: &Game| g.scores()[europe.index()].victory;
        normal_wins += u32::from(won(&normal));
        late_wins += u32::from(won(&late));
        // A bound seat that has not backed a package holds a consensus
        // back: the clock it misjudged is missed for everyone.
        let missed = late.state().crises.iter().any(|c| !c.met);
        if won(&normal) && !won(&late) && missed {
            lost_to_the_clock += 1;
        }
        let misses = |g: &Game| g.state().crises.iter().filter(|c| !c.met).count();
        missed_late += misses(&late);
        missed_normal += misses(&normal);
    }
    assert!(
        missed_late > 2 * missed_normal,
        "{missed_late} against {missed_normal}"
    );
    assert!(lost_to_the_clock > 0, "no game lost to the clock");
    assert!(
        late_wins < normal_wins,
        "late {late_wins}, normal {normal_wins}"
    );
}

#[test]
fn the_lab_counts_a_package_tabled_again_by_the_same_seat_in_one_crisis() {
    let (italy, ukraine) = (Seat(0), Seat(1));
    let a: ResponseSet = [ResponseId(0), ResponseId(1)].into_iter().collect();
    let b: ResponseSet = [ResponseId(0)].into_iter().collect();
    let propose = |seat, items| Step::Seat(seat, Action::Propose(items));
    let mut record = vec![
        Step::Seat(Seat(3), Action::Attack(AttackId(0))),
        propose(italy, a),
        propose(ukraine, b),
        propose(italy, a),
        propose(ukraine, a),
    ];
    // Twice by Italy, once by Ukraine: each seat's own count.
    assert_eq!(lab::repeat_proposals(&record), 2);
    record.push(propose(italy, a));
    assert_eq!(lab::repeat_proposals(&record), 3);
    // A new attack opens a new crisis: the count starts again.
    let mut next = record.clone();
    next.truncate(4);
    next.push(Step::Seat(Seat(3), Action::Attack(AttackId(1))));
    next.push(propose(italy, a));
    assert_eq!(lab::repeat_proposals(&next), 2);
}
