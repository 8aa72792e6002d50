//! Drawing speed of the busiest screens at 120x40 (target: under 1 ms a frame).

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use std::hint::black_box;
use umbrella::ai::Level;
use umbrella::ai::Player;
use umbrella::core::{Action, GameConfig, Phase};
use umbrella::tui::app::{App, Input};
use umbrella::tui::play::Session;
use umbrella::tui::render;
use umbrella::tui::theme::Theme;

/// A solo game as Italy, played to the middle of a crisis, with its history.
fn crisis_app() -> Option<App> {
    let scenario = umbrella::scenario::find(umbrella::scenario::DEFAULT_SCENARIO).ok()?;
    let mut game = umbrella::core::Game::new(scenario.clone(), 11, GameConfig::default()).ok()?;
    let bots = vec![umbrella::ai::Bot::Baseline; scenario.factions().len()];
    // AI plays until the treaty is in force and a few months have passed.
    while game.state().phase() != Phase::Interlude || game.state().month < 6 {
        let seat = game.to_move()?;
        let mut rng = umbrella::ai::rng_for(11, seat, game.state().steps);
        let d = bots[seat.index()].decide(&game.view(seat), &mut rng);
        game.apply(seat, d.action).ok()?;
    }
    let limited = scenario.attack_by_id("limited")?;
    game.apply(scenario.aggressor(), Action::Attack(limited))
        .ok()?;
    let mut players = vec![Player::Ai(Level::Normal); scenario.factions().len()];
    players[0] = Player::Human;
    let mut session = Session::from_game(game, players);
    session.desk.briefed.insert(umbrella::core::Seat(0));
    session.route();
    Some(App::with_session(session))
}

fn benches(c: &mut Criterion) {
    let Some(mut app) = crisis_app() else { return };
    let theme = Theme { colour: true };
    let mut terminal = match Terminal::new(TestBackend::new(120, 40)) {
        Ok(t) => t,
        Err(e) => panic!("test backend: {e}"),
    };
    c.bench_function("draw crisis room 120x40", |b| {
        b.iter(|| {
            let _ = terminal.draw(|f| render::draw(f, black_box(&app), &theme));
        })
    });
    // The projector view: big digits, the treaty, events, tracks and the map.
    app.projector = true;
    c.bench_function("draw projector view 120x40", |b| {
        b.iter(|| {
            let _ = terminal.draw(|f| render::draw(f, black_box(&app), &theme));
        })
    });
    app.projector = false;
    if let Some(session) = app.session() {
        let (game, players) = (session.game(), session.players());
        c.bench_function("after-action report (build, HTML and Markdown)", |b| {
            b.iter(|| {
                let r = umbrella::report::build(black_box(game), players, None, true);
                (
                    umbrella::report::html(&r).len(),
                    umbrella::report::markdown(&r).len(),
                )
            })
        });
        // What the projector window does after every move: load the autosave by replay.
        let meta = umbrella::save::Meta::new("bench", "bench");
        if let Ok(Ok(text)) = umbrella::save::SaveFile::of(game, players, meta).map(|s| s.to_text())
        {
            c.bench_function(
                "projector window: load an autosave (replay and verify)",
                |b| b.iter(|| umbrella::save::load_text("bench.ron", black_box(&text)).is_ok()),
            );
        }
    }
    // The situation panel: gauges, the chart and the map of Europe.
    app.update(Input::key(KeyCode::Tab));
    c.bench_function("draw situation (map and chart) 120x40", |b| {
        b.iter(|| {
            let _ = terminal.draw(|f| render::draw(f, black_box(&app), &theme));
        })
    });
}

criterion_group!(render_benches, benches);
criterion_main!(render_benches);
