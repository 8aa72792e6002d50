//! Print one AI-vs-AI game, move by move, with each AI's reason.
//! cargo run --example trace -- [SEED] [SCENARIO] [CLAUSE=OPTION...]

use std::sync::Arc;
use umbrella::ai::{self, Bot};
use umbrella::core::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let name = args
        .get(2)
        .map(String::as_str)
        .unwrap_or(umbrella::scenario::DEFAULT_SCENARIO);
    let Ok(scenario) = umbrella::scenario::find(name) else {
        eprintln!("unknown scenario");
        return;
    };
    let fixed = args
        .iter()
        .skip(3)
        .filter_map(|s| umbrella::lab::parse_setting(&scenario, s).ok())
        .collect();
    let Ok(mut game) = Game::new(
        Arc::clone(&scenario),
        seed,
        GameConfig {
            fixed,
            ..GameConfig::default()
        },
    ) else {
        return;
    };
    for e in game.state().log.clone() {
        println!("{:>14}  {}", e.when_text(&scenario), e.describe(&scenario));
    }
    while let Some(seat) = game.to_move() {
        let mut rng = ai::rng_for(seed, seat, game.state().steps);
        let d = Bot::Baseline.decide(&game.view(seat), &mut rng);
        println!("{:>14}  ({})", "", d.reason);
        match game.apply(seat, d.action) {
            Ok(events) => {
                for e in events {
                    println!("{:>14}  {}", e.when_text(&scenario), e.describe(&scenario));
                }
            }
            Err(e) => {
                println!("ILLEGAL {:?}: {e}", d.action);
                break;
            }
        }
    }
    for s in game.scores() {
        println!(
            "{}: {} / {} (needs {}) {}",
            scenario.faction(s.seat).name,
            s.points,
            s.max_points,
            s.needed,
            if s.victory { "VICTORY" } else { "" }
        );
        for o in s.objectives {
            println!(
                "   [{}] {:>3} {} — {}",
                if o.met { "x" } else { " " },
                o.points,
                o.text,
                o.why
            );
        }
    }
}
