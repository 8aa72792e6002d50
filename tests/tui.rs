//! The terminal game, driven through its update function and drawn into a
//! test backend: snapshots of every screen, Enter-only play, hot-seat
//! secrecy on every frame, tiny terminals and key storms.

use crate::common::*;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use ratatui::crossterm::event::KeyCode;
use std::sync::Arc;
use umbrella::ai::Level;
use umbrella::ai::Player;
use umbrella::core::*;
use umbrella::tui::app::{App, Flow, Input, Modal, Screen};
use umbrella::tui::play::{Focus, Panel, Session, Stage};

fn snapshot_both(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), screen(app, 120, 40));
}

#[test]
fn snapshots_of_the_screens_around_a_game() {
    let mut app = App::new(4242);
    snapshot_both("title", &app);
    press(&mut app, &[KeyCode::Char('?')]);
    snapshot_both("title_help", &app);
    press(
        &mut app,
        &[KeyCode::Esc, KeyCode::Down, KeyCode::Down, KeyCode::Enter],
    );
    assert!(matches!(app.screen, Screen::HowToPlay { .. }));
    snapshot_both("how_to_play", &app);
    press(
        &mut app,
        &[KeyCode::Esc, KeyCode::Up, KeyCode::Up, KeyCode::Enter],
    );
    assert!(matches!(app.screen, Screen::Setup(_)));
    snapshot_both("setup", &app);
}

#[test]
fn the_load_screen_lists_games_and_refuses_bad_saves_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let s = nato_lite();
    let mut game = with_treaty(&s, 3, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    let players = solo(3);
    let slot = umbrella::save::slot_path(dir.path(), "g1", 1);
    umbrella::save::save(
        &slot,
        &game,
        &players,
        umbrella::save::Meta::new("g1", "slot 1"),
    )
    .unwrap();
    attack(&mut game, "missiles");
    umbrella::save::autosave(
        dir.path(),
        &game,
        &players,
        umbrella::save::Meta::new("g1", "x"),
    )
    .unwrap();
    std::fs::write(dir.path().join("broken.ron"), "(format: 2, label: ").unwrap();
    let mut app = App::new(1).with_save_dir(dir.path());
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    let Screen::Load(load) = &app.screen else {
        panic!("the load screen")
    };
    // Two games: g1 (an autosave and a slot) and the unreadable file.
    assert_eq!(load.games.len(), 2);
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("game g1: nato-lite-2025 · seed 3") && text.contains("2 saves"),
        "{text}"
    );
    assert!(
        text.contains("broken.ron") && text.contains("unreadable"),
        "{text}"
    );
    let broken = load.games.iter().position(|g| g.game.is_none()).unwrap();
    let good = 1 - broken;
    // Loading the broken one shows why.
    for _ in 0..broken {
        press(&mut app, &[KeyCode::Down]);
    }
    press(&mut app, &[KeyCode::Enter]);
    assert!(screen(&app, 120, 40).contains("This save cannot be loaded"));
    // The good game's saves: its autosave first, then its slot.
    let toward = if good > broken {
        KeyCode::Down
    } else {
        KeyCode::Up
    };
    press(&mut app, &[toward, KeyCode::Right]);
    let text = screen(&app, 120, 40);
    assert!(text.contains("The saves of game g1"), "{text}");
    assert!(
        text.contains("slot-g1-1.ron") && text.contains("autosave-"),
        "{text}"
    );
    // Enter on the game itself continues it from its newest save (the crisis).
    press(&mut app, &[KeyCode::Esc, KeyCode::Enter]);
    let session = session(&app);
    assert_eq!(
        session.game().state(),
        game.state(),
        "the loaded game is the newest save of the game"
    );
    assert_eq!(session.game().state().phase(), Phase::Crisis);
    assert_eq!(session.table.id, "g1", "a loaded game keeps its identity");
}

#[test]
fn a_game_autosaves_and_a_seat_can_take_its_move_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(12).with_save_dir(dir.path());
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Enter]);
    let before = session(&app).game().state().clone();
    press(&mut app, &[KeyCode::Enter]);
    assert_ne!(
        session(&app).game().state(),
        &before,
        "Italy moved (and the AI seats after it)"
    );
    let id = session(&app).table.id.clone();
    let autosave = dir
        .path()
        .join(format!("autosave-nato-lite-2025-12-{id}.ron"));
    assert!(autosave.exists(), "autosaved after the move");
    let loaded = umbrella::save::load(&autosave).unwrap();
    assert_eq!(loaded.game.state(), session(&app).game().state());
    press(&mut app, &[KeyCode::Char('u')]);
    assert_eq!(
        session(&app).game().state(),
        &before,
        "the move is taken back"
    );
    assert_eq!(session(&app).desk.stage, Stage::Decide);
    // Several moves later the autosaves rotate, keeping the last few.
    enter(&mut app, 12);
    let kept = std::fs::read_dir(dir.path()).unwrap().count();
    assert!(
        (2..=umbrella::save::AUTOSAVES_KEPT).contains(&kept),
        "{kept} autosaves kept"
    );
    // A save into a slot from the game.
    press(
        &mut app,
        &[KeyCode::Char('s'), KeyCode::Down, KeyCode::Enter],
    );
    assert!(dir.path().join(format!("slot-{id}-2.ron")).exists());
}

#[test]
fn an_unwritable_save_folder_gives_a_message_and_the_game_goes_on() {
    let file = tempfile::NamedTempFile::new().unwrap();
    // A folder inside a file can never be created, whoever runs the tests.
    let dir = file.path().join("saves");
    let mut app = App::new(12).with_save_dir(&dir);
    press(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
        ],
    );
    // The game says so and offers another folder; Esc plays on from memory.
    let s = session(&app);
    assert!(
        s.desk
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("Autosave failed")),
        "{:?}",
        s.desk.message
    );
    assert_eq!(app.modal, Some(Modal::Folder));
    assert!(screen(&app, 80, 24).contains("The game could not be saved"));
    press(&mut app, &[KeyCode::Esc]);
    assert!(screen(&app, 80, 24).contains("NOT SAVED"));
    let s = session(&app);
    let steps = s.game().state().steps;
    enter(&mut app, 3);
    assert!(
        session(&app).game().state().steps > steps,
        "the game goes on"
    );
}

#[test]
fn snapshots_of_the_negotiation() {
    let s = Session::new(nato_lite(), solo(7), 7).unwrap();
    let mut app = App::with_session(s);
    snapshot_both("briefing", &app);
    enter(&mut app, 1);
    snapshot_both("table", &app);
    // Amend: the clause cursor and every option with this seat's points.
    let amend = session(&app)
        .desk
        .choices
        .iter()
        .position(|c| c.label.starts_with("Amend a clause"))
        .unwrap();
    while session(&app).desk.selected > amend {
        press(&mut app, &[KeyCode::Up]);
    }
    while session(&app).desk.selected < amend {
        press(&mut app, &[KeyCode::Down]);
    }
    press(&mut app, &[KeyCode::Enter, KeyCode::Down]);
    assert_eq!(session(&app).desk.focus, Focus::Draft);
    snapshot_both("table_amending", &app);
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('q')]);
    snapshot_both("confirm_quit", &app);
    press(&mut app, &[KeyCode::Char('n'), KeyCode::Tab]);
    assert_eq!(session(&app).desk.panel, Panel::Situation);
    snapshot_both("situation", &app);
    press(&mut app, &[KeyCode::Tab]);
    snapshot_both("log", &app);
}

#[test]
fn snapshots_of_a_crisis() {
    let mut app = in_the_crisis_room();
    snapshot_both("crisis_room", &app);
    // Convene, then wait for consultations, then open the package builder.
    enter(&mut app, 1);
    snapshot_both("crisis_after_convening", &app);
    let mut guard = 0;
    while !session(&app)
        .desk
        .choices
        .iter()
        .any(|c| c.label.starts_with("Propose"))
        && guard < 20
    {
        let wait = session(&app)
            .desk
            .choices
            .iter()
            .position(|c| c.label.starts_with("Wait"))
            .unwrap();
        session_select(&mut app, wait);
        enter(&mut app, 1);
        while matches!(session(&app).desk.stage, Stage::News { .. }) {
            enter(&mut app, 1);
        }
        guard += 1;
    }
    let propose = session(&app)
        .desk
        .choices
        .iter()
        .position(|c| c.label.starts_with("Propose"))
        .unwrap();
    session_select(&mut app, propose);
    enter(&mut app, 1);
    assert_eq!(session(&app).desk.focus, Focus::Package);
    snapshot_both("package_builder", &app);
}

fn session_select(app: &mut App, index: usize) {
    while session(app).desk.selected > index {
        press(app, &[KeyCode::Up]);
    }
    while session(app).desk.selected < index {
        press(app, &[KeyCode::Down]);
    }
}

#[test]
fn snapshots_of_news_hand_over_watching_the_aggressor_and_the_end() {
    // News: the first quiet months of a game where the treaty is already in force.
    let s = nato_lite();
    let game = with_treaty(&s, 3, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    let mut hot = solo(3);
    hot[1] = Player::Human;
    // The guarantors have held their course; Russia (AI) is to decide.
    let mut held = game.clone();
    guarantors_hold(&mut held);
    let app = App::with_session(Session::from_game(held, hot.clone()));
    assert!(matches!(session(&app).desk.stage, Stage::News { .. }));
    snapshot_both("news", &app);

    let app = App::with_session(Session::new(nato_lite(), hot, 3).unwrap());
    assert!(matches!(session(&app).desk.stage, Stage::Handover { .. }));
    snapshot_both("hand_over", &app);

    let mut watching = App::with_session(
        Session::new(nato_lite(), vec![Player::Ai(Level::Normal); 5], 3).unwrap(),
    );
    enter(&mut watching, 12);
    snapshot_both("watching", &watching);

    let mut russia = vec![Player::Ai(Level::Normal); 5];
    russia[3] = Player::Human;
    let mut session = Session::from_game(game, russia);
    session.desk.briefed.insert(seat(&s, "russia"));
    session.route();
    let desk = App::with_session(session);
    assert_eq!(self::session(&desk).desk.stage, Stage::Decide);
    snapshot_both("aggressor_desk", &desk);

    let mut end = App::with_session(
        Session::new(nato_lite(), vec![Player::Ai(Level::Normal); 5], 3).unwrap(),
    );
    for _ in 0..2000 {
        if self::session(&end).is_finished() {
            break;
        }
        enter(&mut end, 1);
    }
    assert!(self::session(&end).is_finished());
    snapshot_both("final_scores", &end);
}

#[test]
fn a_terminal_below_80x24_gets_a_clear_message_and_nothing_panics_down_to_0x0() {
    let app = at_the_table(1);
    let text = screen(&app, 79, 24);
    assert!(text.contains("Terminal too small (need 80x24)"), "{text}");
    assert!(screen(&app, 80, 23).contains("need 80x24"));
    for (w, h) in [
        (0, 0),
        (1, 1),
        (0, 30),
        (30, 0),
        (5, 2),
        (40, 10),
        (80, 24),
        (81, 25),
        (300, 100),
    ] {
        screen(&app, w, h);
        screen(&in_the_crisis_room(), w, h);
        screen(&App::new(1), w, h);
    }
}

#[test]
fn pressing_enter_from_the_title_plays_a_whole_solo_game() {
    let mut app = App::new(2026);
    let mut presses = 0;
    while presses < 3000 {
        if app.session().is_some_and(|s| s.is_finished()) {
            break;
        }
        assert_eq!(
            umbrella::tui::drive(&mut app, Input::key(KeyCode::Enter)),
            Flow::Continue
        );
        presses += 1;
    }
    let s = session(&app);
    assert!(s.is_finished(), "not finished after {presses} presses");
    assert_eq!(
        s.players()[0],
        Player::Human,
        "Italy is the human seat by default"
    );
    assert!(s.players()[1..].iter().all(|c| matches!(c, Player::Ai(_))));
    assert!(screen(&app, 80, 24).contains("Final scores"));
    assert!(presses < 200, "{presses} presses is too many for a demo");
    // And Enter leaves the scores for the title screen.
    enter(&mut app, 1);
    assert!(matches!(app.screen, Screen::Title { .. }));
}

#[test]
fn q_quits_everywhere_and_asks_first_during_a_game() {
    assert_eq!(press(&mut App::new(1), &[KeyCode::Char('q')]), Flow::Quit);
    let mut setup = App::new(1);
    press(&mut setup, &[KeyCode::Enter]);
    assert_eq!(press(&mut setup, &[KeyCode::Char('q')]), Flow::Quit);
    let mut how = App::new(1);
    press(&mut how, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(press(&mut how, &[KeyCode::Char('q')]), Flow::Quit);

    let mut game = at_the_table(1);
    assert_eq!(press(&mut game, &[KeyCode::Char('q')]), Flow::Continue);
    assert!(screen(&game, 80, 24).contains("Quit this game?"));
    assert_eq!(press(&mut game, &[KeyCode::Char('n')]), Flow::Continue);
    assert!(!screen(&game, 80, 24).contains("Quit this game?"));
    assert_eq!(
        press(&mut game, &[KeyCode::Char('q'), KeyCode::Char('y')]),
        Flow::Quit
    );
}

#[test]
fn every_screen_has_keys_in_its_footer_and_help() {
    let mut apps = vec![App::new(1), at_the_table(1), in_the_crisis_room()];
    let mut setup = App::new(1);
    press(&mut setup, &[KeyCode::Enter]);
    apps.push(setup);
    for mut app in apps {
        let text = screen(&app, 80, 24);
        let footer = text.lines().last().unwrap();
        assert!(
            footer.contains("help") && footer.contains("Enter"),
            "footer: {footer}"
        );
        press(&mut app, &[KeyCode::Char('?')]);
        assert!(screen(&app, 80, 24).contains("Help"));
        press(&mut app, &[KeyCode::Esc]);
        assert!(!screen(&app, 80, 24).contains(" Help "));
    }
}

#[test]
fn arrows_and_hjkl_move_alike() {
    let mut a = at_the_table(5);
    let mut b = at_the_table(5);
    press(&mut a, &[KeyCode::Down, KeyCode::Down, KeyCode::Up]);
    press(
        &mut b,
        &[KeyCode::Char('j'), KeyCode::Char('j'), KeyCode::Char('k')],
    );
    assert_eq!(session(&a).desk.selected, session(&b).desk.selected);
    assert_eq!(screen(&a, 80, 24), screen(&b, 80, 24));
}

#[test]
fn the_setup_screen_sets_seats_and_seed() {
    let mut app = App::new(77);
    press(&mut app, &[KeyCode::Enter]);
    // Up from Start: the PIN row, then the seed row; type a new seed.
    press(
        &mut app,
        &[
            KeyCode::Up,
            KeyCode::Up,
            KeyCode::Backspace,
            KeyCode::Backspace,
            KeyCode::Char('5'),
        ],
    );
    // Up to the length: the seminar form; up to the personalities, played as
    // written; up to Europe's row, make it human.
    press(&mut app, &[KeyCode::Up, KeyCode::Right]);
    press(&mut app, &[KeyCode::Up, KeyCode::Right]);
    press(&mut app, &[KeyCode::Up, KeyCode::Left, KeyCode::Left]);
    let Screen::Setup(setup) = &app.screen else {
        panic!("setup")
    };
    assert_eq!(setup.seed, 5);
    assert_eq!(setup.players[4], Player::Human);
    assert_eq!(setup.personalities, umbrella::lab::Personalities::AsWritten);
    assert_eq!(setup.length, umbrella::scenario::Length::Seminar);
    press(
        &mut app,
        &[
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
        ],
    );
    let s = session(&app);
    assert_eq!(s.game().state().seed, 5);
    assert_eq!(s.game().scenario().id(), "nato-lite-2025-seminar");
    assert_eq!(s.game().scenario().rules().negotiation_rounds, 4);
    assert_eq!(s.table.humans().len(), 2);
    assert!(s.game().state().config.varied.is_empty(), "as written");
    assert!(
        matches!(s.desk.stage, Stage::Handover { .. }),
        "two humans: a hand-over comes first"
    );
}

/// Keys a group of players might press, Enter most often.
fn some_key(rng: &mut Xoshiro256PlusPlus) -> KeyCode {
    const KEYS: [KeyCode; 14] = [
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Down,
        KeyCode::Up,
        KeyCode::Right,
        KeyCode::Left,
        KeyCode::Tab,
        KeyCode::Esc,
        KeyCode::Char('b'),
        KeyCode::Char('?'),
        KeyCode::Char(' '),
    ];
    KEYS[rng.random_range(0..KEYS.len())]
}

/// Hot-seat secrecy: every frame drawn while one seat (or nobody) is at the
/// keyboard is identical whatever the other seats' secrets are, and never
/// contains another seat's secret objectives.
#[test]
fn no_frame_shows_another_seats_secrets() {
    let s = nato_lite();
    let twins: Vec<Arc<Scenario>> = std::iter::once(None)
        .chain(s.seats().map(Some))
        .map(|viewer| scrambled(&s, viewer))
        .collect();
    let twin_for = |viewer: Option<Seat>| Arc::clone(&twins[viewer.map_or(0, |v| v.index() + 1)]);
    for seed in [1u64, 2, 3] {
        let mut players = solo(seed);
        players[1] = Player::Human; // Ukraine
        players[3] = Player::Human; // Russia
        let mut app = App::with_session(Session::new(Arc::clone(&s), players, seed).unwrap());
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut frames = 0;
        for _ in 0..1500 {
            let session = session(&app);
            if session.is_finished() {
                break;
            }
            let viewer = session.private_seat();
            let mut twin = app.clone();
            if let Screen::Game(t) = &mut twin.screen {
                t.table = t.table.on_scenario(twin_for(viewer)).unwrap();
            }
            // The wide frame (nothing wraps, so whole texts can be searched) every few steps.
            let sizes: &[(u16, u16)] = if frames % 4 == 0 {
                &[(80, 24), (120, 40), (400, 120)]
            } else {
                &[(80, 24), (120, 40)]
            };
            for &(w, h) in sizes {
                let mine = screen(&app, w, h);
                assert_eq!(
                    mine,
                    screen(&twin, w, h),
                    "frame {frames} at {w}x{h} depends on others' secrets"
                );
                if w == 400 {
                    for other in s.seats().filter(|o| Some(*o) != viewer) {
                        for o in s
                            .faction(other)
                            .secret
                            .objectives
                            .iter()
                            .filter(|o| !o.public)
                        {
                            assert!(
                                !mine.contains(&o.text),
                                "frame {frames} shows {}'s secret: {}",
                                s.faction(other).name,
                                o.text
                            );
                        }
                    }
                }
            }
            frames += 1;
            let key = some_key(&mut rng);
            if umbrella::tui::drive(&mut app, Input::key(key)) == Flow::Quit {
                break;
            }
        }
        assert!(frames > 100, "only {frames} frames checked");
    }
}

/// Any key, any time: the app never panics and the game keeps its invariants.
#[test]
fn a_key_storm_breaks_nothing() {
    let all: Vec<KeyCode> = vec![
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Backspace,
        KeyCode::Char(' '),
        KeyCode::Char('a'),
        KeyCode::Char('b'),
        KeyCode::Char('q'),
        KeyCode::Char('n'),
        KeyCode::Char('?'),
        KeyCode::Char('7'),
        KeyCode::Char('x'),
        KeyCode::F(5),
        KeyCode::Delete,
    ];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(99);
    let mut app = App::new(99);
    for i in 0..6000 {
        let key = all[rng.random_range(0..all.len())];
        if umbrella::tui::drive(&mut app, Input::key(key)) == Flow::Quit {
            app = App::new(i);
        }
        umbrella::tui::drive(&mut app, Input::Tick(i * 250));
        let (w, h) = [(80, 24), (60, 20), (120, 40)][(i % 3) as usize];
        app.update(Input::Resize(w, h));
        if i % 50 == 0 {
            screen(&app, 80, 24);
        }
    }
}

#[test]
fn watching_an_ai_game_steps_one_move_per_enter_and_auto_plays_on_ticks() {
    let mut app = App::with_session(
        Session::new(nato_lite(), vec![Player::Ai(Level::Normal); 5], 8).unwrap(),
    );
    assert_eq!(session(&app).desk.stage, Stage::Watch);
    let steps = session(&app).game().state().steps;
    enter(&mut app, 1);
    assert_eq!(session(&app).game().state().steps, steps + 1);
    assert!(!app.wants_ticks());
    press(&mut app, &[KeyCode::Char('a')]);
    assert!(app.wants_ticks());
    let before = session(&app).game().state().steps;
    umbrella::tui::drive(&mut app, Input::Tick(1_000));
    umbrella::tui::drive(&mut app, Input::Tick(2_000));
    assert!(session(&app).game().state().steps > before);
}
