use std::sync::Arc;
use umbrella::ai::{self, Bot};
use umbrella::core::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(500);
    let name = args.get(2).map(String::as_str).unwrap_or("nato-lite-2025");
    let russia = args
        .get(3)
        .and_then(|s| Bot::from_name(s))
        .unwrap_or(Bot::Normal);
    let scenario = umbrella::scenario::find(name).unwrap();
    let mut hist = [0u32; 8];
    let mut wars = 0;
    for seed in 1..=n {
        let mut game = Game::new(Arc::clone(&scenario), seed, GameConfig::default()).unwrap();
        let mut peak = game.state().tracks.escalation;
        while let Some(seat) = game.to_move() {
            let bot = if seat == scenario.aggressor() {
                russia
            } else {
                Bot::Normal
            };
            if ai::advance(&mut game, seat, bot).is_err() {
                break;
            }
            peak = peak.max(game.state().tracks.escalation);
        }
        hist[peak as usize] += 1;
        if game.state().ending() == Some(Ending::War) {
            wars += 1;
        }
    }
    println!("peaks {:?} wars {wars}", hist);
}
