//! What each bot achieves seat by seat in the tournament's rotated games: its
//! win rate, how often each objective is met, and the win rate it would have
//! if its own money and domestic-support aims ("spend at most", "support at
//! least") counted as met whatever it did: how much a seat's own play could
//! add. A designer's tool for the scenario's objectives.
//! cargo run --release --example rotated -- [GAMES] [SCENARIO] [SEED]
use std::collections::BTreeMap;
use std::sync::Arc;
use umbrella::core::{Condition, Ending, GameConfig};
use umbrella::lab::{self, tournament};

#[derive(Default)]
struct Tally {
    games: u32,
    wins: u32,
    wins_own_aims_met: u32,
    met: BTreeMap<String, u32>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let games: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(700);
    let name = args
        .get(2)
        .map(String::as_str)
        .unwrap_or(umbrella::scenario::DEFAULT_SCENARIO);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let scenario = match umbrella::scenario::find(name) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let seats = scenario.factions().len();
    let mut tally: BTreeMap<(String, &str), Tally> = BTreeMap::new();
    for i in 0..games {
        let bots = tournament::lineup(seed, i, seats);
        let seed = lab::game_seed(seed, i);
        let Ok(game) = lab::play(Arc::clone(&scenario), seed, GameConfig::default(), &bots) else {
            return;
        };
        let war = game.state().ending() == Some(Ending::War);
        for (bot, score) in bots.iter().zip(game.scores()) {
            let faction = scenario.faction(score.seat);
            let t = tally.entry((faction.id.clone(), bot.name())).or_default();
            t.games += 1;
            t.wins += u32::from(score.victory);
            let mut own_met = score.points;
            for (o, result) in faction.secret.objectives.iter().zip(&score.objectives) {
                *t.met.entry(result.id.clone()).or_default() += u32::from(result.met);
                let own = matches!(
                    o.condition,
                    Condition::SpentAtMost(_) | Condition::SupportAtLeast(_)
                );
                if own && !result.met {
                    own_met += result.points;
                }
            }
            t.wins_own_aims_met += u32::from(!war && own_met >= score.needed);
        }
    }
    println!("{games} rotated games of {name}, seed {seed}");
    println!("seat       bot         games   wins   own aims met   objectives met");
    let pct = |n: u32, of: u32| 100.0 * n as f64 / of.max(1) as f64;
    for ((seat, bot), t) in &tally {
        let met: Vec<String> = t
            .met
            .iter()
            .map(|(id, n)| format!("{id} {:.0}%", pct(*n, t.games)))
            .collect();
        println!(
            "{seat:10} {bot:10} {:6} {:5.1}% {:13.1}%   {}",
            t.games,
            pct(t.wins, t.games),
            pct(t.wins_own_aims_met, t.games),
            met.join(", ")
        );
    }
}
