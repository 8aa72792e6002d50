//! Score distribution per seat over a batch of games with the normal AI on
//! every seat (as `umbrella simulate` plays them): a designer's tool for
//! setting victory thresholds.
//! cargo run --release --example scores -- [GAMES] [SCENARIO] [CLAUSE=OPTION...]
use std::sync::Arc;
use umbrella::ai::Bot;
use umbrella::lab;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let games = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let name = args
        .get(2)
        .map(String::as_str)
        .unwrap_or(umbrella::scenario::DEFAULT_SCENARIO);
    let scenario = match umbrella::scenario::find(name) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let fixed = args
        .iter()
        .skip(3)
        .filter_map(|s| lab::parse_setting(&scenario, s).ok())
        .collect();
    let batch = lab::Batch {
        scenario: Arc::clone(&scenario),
        seed: 1,
        games,
        jobs: 2,
        // As `simulate` plays them: every seat's personality varied.
        config: lab::Personalities::Varied.config(fixed, lab::all_seats(&scenario)),
        bots: vec![Bot::Normal; scenario.factions().len()],
    };
    let Ok(results) = lab::run_batch(&batch, &|| {}) else {
        return;
    };
    for (i, f) in scenario.factions().iter().enumerate() {
        let mut scores: Vec<i32> = results.iter().map(|g| g.scores[i]).collect();
        scores.sort();
        let at = |p: f64| scores[((scores.len() - 1) as f64 * p) as usize];
        let share_at_least =
            |t: i32| scores.iter().filter(|s| **s >= t).count() as f64 / scores.len() as f64;
        let thresholds: Vec<String> = (40..=100)
            .step_by(5)
            .map(|t| format!("{t}:{:.0}", share_at_least(t) * 100.0))
            .collect();
        println!(
            "{:>8} needs {:>3}  p10 {:>3} p50 {:>3} p90 {:>3} | {}",
            f.id,
            f.secret.victory,
            at(0.1),
            at(0.5),
            at(0.9),
            thresholds.join(" ")
        );
    }
}
