//! Time per AI decision, by level: every position of complete games played
//! by `normal` seats is also put to the `easy` and `hard` levels. Prints the
//! median, 95th percentile and worst time, overall and by phase. Run with
//! `cargo bench --bench decisions` (add `-- GAMES` to change the sample).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use umbrella::ai::{self, Bot};
use umbrella::core::{GameConfig, Phase};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn main() {
    let games: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20);
    let scenario = match umbrella::scenario::find(umbrella::scenario::DEFAULT_SCENARIO) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("bundled scenario: {e}");
            return;
        }
    };
    let levels = [Bot::Easy, Bot::Normal, Bot::Hard];
    let mut times: BTreeMap<(&str, &str), Vec<Duration>> = BTreeMap::new();
    for seed in 0..games {
        let Ok(mut game) = umbrella::core::Game::new(scenario.clone(), seed, GameConfig::default())
        else {
            return;
        };
        while let Some(seat) = game.to_move() {
            let phase = match game.state().phase() {
                Phase::Negotiation => "negotiation",
                Phase::Offer | Phase::Interlude => "between crises",
                Phase::Crisis => "crisis",
                Phase::Ended => "ended",
            };
            let mut next = None;
            for bot in levels {
                let mut rng = ai::rng_for(seed, seat, game.state().steps);
                let view = game.view(seat);
                let start = Instant::now();
                let d = bot.decide(&view, &mut rng);
                let took = start.elapsed();
                times.entry((bot.name(), phase)).or_default().push(took);
                times.entry((bot.name(), "all")).or_default().push(took);
                if bot == Bot::Normal {
                    next = Some(d.action);
                }
            }
            let Some(action) = next else { break };
            if game.apply(seat, action).is_err() {
                break;
            }
        }
    }
    println!(
        "AI decision time, {games} games of normal play on {}",
        scenario.id()
    );
    println!(
        "{:<8} {:<15} {:>9} {:>10} {:>10} {:>10}",
        "level", "phase", "decisions", "median", "p95", "max"
    );
    for ((level, phase), mut v) in times {
        v.sort();
        println!(
            "{:<8} {:<15} {:>9} {:>10.3?} {:>10.3?} {:>10.3?}",
            level,
            phase,
            v.len(),
            percentile(&v, 0.5),
            percentile(&v, 0.95),
            v.last().copied().unwrap_or_default()
        );
    }
}
