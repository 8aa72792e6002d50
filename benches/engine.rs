//! Speed of the engine with baseline AI on every seat: one whole game, one
//! negotiation phase, one crisis; and one whole game with the normal AI on
//! every seat, as the simulation lab plays it. Run with `cargo bench --bench
//! engine` (`-- baseline` or `-- normal` for one group).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Arc;
use umbrella::ai::{self, Bot};
use umbrella::core::{Action, Game, GameConfig, Phase, Scenario};
use umbrella::lab;

fn scenario() -> Arc<Scenario> {
    match umbrella::scenario::find(umbrella::scenario::DEFAULT_SCENARIO) {
        Ok(s) => s,
        Err(e) => panic!("bundled scenario: {e}"),
    }
}

/// Let the bots play until `stop` says so.
fn play_while(game: &mut Game, bots: &[Bot], keep_going: impl Fn(&Game) -> bool) {
    let seed = game.state().seed;
    while keep_going(game) {
        let Some(seat) = game.to_move() else { break };
        let mut rng = ai::rng_for(seed, seat, game.state().steps);
        let d = bots[seat.index()].decide(&game.view(seat), &mut rng);
        if game.apply(seat, d.action).is_err() {
            break;
        }
    }
}

fn benches(c: &mut Criterion) {
    let s = scenario();
    let bots = vec![Bot::Baseline; s.factions().len()];

    let mut group = c.benchmark_group("baseline");
    group.throughput(Throughput::Elements(1));

    let mut seed = 0u64;
    group.bench_function("full game", |b| {
        b.iter(|| {
            seed += 1;
            let game = lab::play(Arc::clone(&s), seed, GameConfig::default(), &bots);
            black_box(game.map(|g| g.state().steps))
        })
    });

    let mut seed = 0u64;
    group.bench_function("negotiation phase", |b| {
        b.iter(|| {
            seed += 1;
            let Ok(mut game) = Game::new(Arc::clone(&s), seed, GameConfig::default()) else {
                return;
            };
            play_while(&mut game, &bots, |g| {
                g.state().phase() == Phase::Negotiation
            });
            black_box(game.state().treaty().is_some());
        })
    });

    // A game waiting for the aggressor's decision, with the treaty in force.
    let Ok(mut ready) = Game::new(Arc::clone(&s), 7, GameConfig::default()) else {
        return;
    };
    play_while(&mut ready, &bots, |g| g.state().phase() != Phase::Interlude);
    let limited = s.attack_by_id("limited");
    group.bench_function("crisis (limited offensive)", |b| {
        b.iter(|| {
            let mut game = ready.clone();
            let Some(attack) = limited else { return };
            let aggressor = s.aggressor();
            if game.apply(aggressor, Action::Attack(attack)).is_err() {
                return;
            }
            play_while(&mut game, &bots, |g| g.state().phase() == Phase::Crisis);
            black_box(game.state().crises.len());
        })
    });
    group.finish();

    // What `umbrella simulate` plays: the negotiation agent at the table,
    // the baseline's crisis and attack planning elsewhere.
    let normal = vec![Bot::Normal; s.factions().len()];
    let mut group = c.benchmark_group("normal");
    group.throughput(Throughput::Elements(1));
    let mut seed = 0u64;
    group.bench_function("full game", |b| {
        b.iter(|| {
            seed += 1;
            let game = lab::play(Arc::clone(&s), seed, GameConfig::default(), &normal);
            black_box(game.map(|g| g.state().steps))
        })
    });
    group.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
