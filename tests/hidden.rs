//! Hidden information: a seat's view, and an AI's decisions, use only what that seat may see.

use crate::common::*;
use std::sync::Arc;
use umbrella::ai::{self, Bot};
use umbrella::core::*;

#[test]
fn ai_decisions_depend_only_on_the_seats_own_view() {
    for name in ["nato-lite-2025", "brussels-2025"] {
        for (bot, seeds) in [
            (Bot::Baseline, 0..6),
            (Bot::Normal, 0..4),
            (Bot::Easy, 0..2),
            (Bot::Hardliner, 0..2),
            (Bot::Conceder, 0..2),
            (Bot::Scripted, 0..2),
            (Bot::Random, 0..2),
        ] {
            let seats = scenario(name).factions().len();
            same_decisions_with_scrambled_secrets(name, &vec![bot; seats], seeds, u32::MAX);
        }
    }
}

#[test]
fn hard_search_samples_worlds_from_beliefs_not_from_the_truth() {
    // Search is slow in a debug build: the first decisions of every phase of one game.
    same_decisions_with_scrambled_secrets("nato-lite-2025", &[Bot::Hard; 5], 3..4, 140);
}

/// Play games with these bots (one per seat); at every step (up to `steps`),
/// the decision must be the same when every other seat's secrets are scrambled.
pub fn same_decisions_with_scrambled_secrets(
    name: &str,
    bots: &[Bot],
    seeds: std::ops::Range<u64>,
    steps: u32,
) {
    let s = scenario(name);
    let twins: Vec<Arc<Scenario>> = s.seats().map(|seat| scrambled(&s, Some(seat))).collect();
    for seed in seeds {
        let mut game = Game::new(Arc::clone(&s), seed, GameConfig::default()).unwrap();
        // The same game played on each twin scenario: the same public history.
        let mut twin_games: Vec<Game> = twins
            .iter()
            .map(|t| Game::new(Arc::clone(t), seed, GameConfig::default()).unwrap())
            .collect();
        while let Some(seat) = game.to_move() {
            let step = game.state().steps;
            if step >= steps {
                break;
            }
            let bot = bots[seat.index()];
            let mine = bot.decide(&game.view(seat), &mut ai::rng_for(seed, seat, step));
            let twin = &twin_games[seat.index()];
            assert_eq!(twin.state().digest(), game.state().digest());
            let theirs = bot.decide(&twin.view(seat), &mut ai::rng_for(seed, seat, step));
            assert_eq!(
                mine,
                theirs,
                "{name} seed {seed} step {step}: {} ({}) looked at others' secrets",
                s.faction(seat).name,
                bot.name()
            );
            game.apply(seat, mine.action).unwrap();
            for twin in &mut twin_games {
                twin.apply(seat, mine.action).unwrap();
            }
        }
    }
}

#[test]
fn a_view_shows_public_aims_and_signalled_red_lines_only() {
    let s = nato_lite();
    let mut game = Game::new(Arc::clone(&s), 1, GameConfig::default()).unwrap();
    let ukraine = seat(&s, "ukraine");
    let usa = seat(&s, "usa");
    let view = game.view(usa);
    let card = view.faction(ukraine);
    let public: Vec<&str> = card.public_objectives().map(|o| o.id.as_str()).collect();
    let all_public: Vec<&str> = s
        .faction(ukraine)
        .secret
        .objectives
        .iter()
        .filter(|o| o.public)
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(public, all_public);
    assert!(
        public.len() < s.faction(ukraine).secret.objectives.len(),
        "Ukraine has secret objectives"
    );
    assert!(view.signalled_red_lines(ukraine).is_empty());
    assert_eq!(
        view.secrets().objectives.len(),
        s.faction(usa).secret.objectives.len(),
        "a seat sees its own secrets"
    );

    act(&mut game, "italy", Action::Pass);
    act(&mut game, "ukraine", Action::SignalRedLine(1));
    let view = game.view(usa);
    let lines = view.signalled_red_lines(ukraine);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].why, s.faction(ukraine).secret.red_lines[1].why);
}
