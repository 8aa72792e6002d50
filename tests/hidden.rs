//! Hidden information: a seat's view, and an AI's decisions, use only what that seat may see.

use crate::common::*;
use std::sync::Arc;
use umbrella::ai::{self, Bot};
use umbrella::core::*;

/// The scenario with every secret of every seat but `keep` changed: preferences
/// reversed, objectives replaced, personalities flipped, and extra red lines
/// that were never signalled.
fn scrambled(s: &Scenario, keep: Seat) -> Arc<Scenario> {
    let mut s = s.clone();
    for (i, f) in s.factions.iter_mut().enumerate() {
        if i == keep.index() {
            continue;
        }
        let secret = &mut f.secret;
        for row in secret.values.iter_mut() {
            for v in row.iter_mut() {
                *v = -*v * 3 + (i as i32);
            }
        }
        secret.objectives = vec![Objective {
            id: "other".into(),
            text: "A completely different secret aim.".into(),
            public: false,
            points: 1,
            condition: Condition::AttacksAtLeast(9),
        }];
        secret.victory = 1;
        secret.personality = Personality {
            concession: 9.0 - secret.personality.concession,
            hawkishness: 1.0 - secret.personality.hawkishness,
            caution: 1.0 - secret.personality.caution,
            solidarity: 1.0 - secret.personality.solidarity,
        };
        let mut extra = secret.red_lines.first().cloned().unwrap_or(RedLine {
            clause: String::new(),
            option: String::new(),
            kind: RedLineKind::Forbid,
            why: String::new(),
            at: (0, 0),
        });
        extra.at = (1, 0);
        extra.why = "an unsignalled red line".into();
        secret.red_lines.push(extra);
    }
    Arc::new(s)
}

#[test]
fn ai_decisions_depend_only_on_the_seats_own_view() {
    for name in ["nato-lite-2025", "brussels-2025"] {
        let s = scenario(name);
        let twins: Vec<Arc<Scenario>> = s.seats().map(|seat| scrambled(&s, seat)).collect();
        for seed in 0..6 {
            let mut game = Game::new(Arc::clone(&s), seed, GameConfig::default()).unwrap();
            while let Some(seat) = game.to_move() {
                let step = game.state().steps;
                let mine =
                    Bot::Baseline.decide(&game.view(seat), &mut ai::rng_for(seed, seat, step));
                let twin = Game::from_parts(Arc::clone(&twins[seat.index()]), game.state().clone())
                    .unwrap();
                let theirs =
                    Bot::Baseline.decide(&twin.view(seat), &mut ai::rng_for(seed, seat, step));
                assert_eq!(
                    mine,
                    theirs,
                    "{name} seed {seed} step {step}: {} looked at others' secrets",
                    s.faction(seat).name
                );
                game.apply(seat, mine.action).unwrap();
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
