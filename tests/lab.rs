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
