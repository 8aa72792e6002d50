//! What Russia does at the table over a batch of all-normal games (as
//! `umbrella simulate` plays them): how often it warns and deals, and what
//! becomes of its warnings and deals when the treaty enters into force.
//! cargo run --release --example diplomacy -- [GAMES] [SCENARIO]
use std::sync::Arc;
use umbrella::ai::Bot;
use umbrella::core::{DealOutcome, Game};
use umbrella::lab;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let games: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
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
    let config = lab::Personalities::Varied.config(Vec::new(), lab::all_seats(&scenario));
    let bots = vec![Bot::Normal; scenario.factions().len()];
    let (mut threats, mut defied, mut warned_games) = (0u64, 0u64, 0u64);
    let mut deals = [0u64; 4];
    for i in 0..games {
        let seed = lab::game_seed(1, i);
        let Ok(game) = lab::play(Arc::clone(&scenario), seed, config.clone(), &bots) else {
            continue;
        };
        let d = &game.state().diplomacy;
        threats += d.threats.len() as u64;
        warned_games += u64::from(!d.threats.is_empty());
        defied += kept(&game);
        for deal in &d.deals {
            let k = match deal.outcome {
                DealOutcome::Pending => 0,
                DealOutcome::Paid => 1,
                DealOutcome::Exposed => 2,
                DealOutcome::Void => 3,
            };
            deals[k] += 1;
        }
    }
    let n = games.max(1) as f64;
    let all_deals: u64 = deals.iter().sum();
    println!("{name}: {games} games, seed 1, every seat normal, personalities varied");
    println!(
        "warnings: {:.2} a game, in {:.1}% of games; kept by the treaty anyway: {:.1}% of them",
        threats as f64 / n,
        100.0 * warned_games as f64 / n,
        100.0 * defied as f64 / threats.max(1) as f64
    );
    println!(
        "deals: {:.2} a game; paid {:.1}%, exposed {:.1}%, void {:.1}%",
        all_deals as f64 / n,
        100.0 * deals[1] as f64 / all_deals.max(1) as f64,
        100.0 * deals[2] as f64 / all_deals.max(1) as f64,
        100.0 * deals[3] as f64 / all_deals.max(1) as f64,
    );
}

/// Warnings whose option the treaty in force holds.
fn kept(game: &Game) -> u64 {
    let Some(treaty) = game.state().treaty() else {
        return 0;
    };
    game.state()
        .diplomacy
        .threats
        .iter()
        .filter(|(c, o)| treaty.draft.has(*c, *o as usize))
        .count() as u64
}
