//! Never lose a game, never act unseen, keep the facilitator in charge: one
//! test for each way a class's game was lost or a move made unseen.

use crate::common::*;
use assert_cmd::cargo::cargo_bin_cmd;
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};
use umbrella::ai::{Level, Player};
use umbrella::core::*;
use umbrella::save::{self, Meta};
use umbrella::tui::app::{App, INJECT_MAX, Input, Modal, PinPurpose, Screen};
use umbrella::tui::play::{Session, Stage};

const PIN: &str = "2468";

/// Every file in `dir` with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

/// The newest autosave of the game on screen.
fn newest_autosave(dir: &Path, app: &App) -> PathBuf {
    let s = session(app);
    dir.join(format!(
        "autosave-{}-{}-{}.ron",
        s.game().scenario().id(),
        s.game().state().seed,
        s.table.id
    ))
}

/// A new solo game from the title screen, past the briefing, saving in `dir`.
fn new_game(dir: &Path, seed: u64) -> App {
    let mut app = App::new(seed).with_save_dir(dir);
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(session(&app).desk.stage, Stage::Decide);
    app
}

// ---- games lost ----------------------------------------------------------------

#[test]
fn a_second_game_with_the_same_seed_removes_nothing_of_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = new_game(dir.path(), 12);
    enter(&mut first, 8);
    press(&mut first, &[KeyCode::Char('s'), KeyCode::Enter]);
    let kept = files(dir.path());
    let first_state = session(&first).game().state().clone();
    // The title screen offers the next game a seed of its own...
    assert_ne!(first.default_seed, 12);
    // So does a game started from the command line or loaded.
    let game = session(&first).game().clone();
    let loaded = App::with_session(Session::from_game(game, vec![Player::Human; 5]));
    assert_ne!(loaded.default_seed, 12);
    // ...but a second game with the very same seed (typed in, or another
    // window) is a game of its own.
    let mut second = new_game(dir.path(), 12);
    assert_ne!(session(&second).table.id, session(&first).table.id);
    enter(&mut second, 20);
    press(&mut second, &[KeyCode::Char('s'), KeyCode::Enter]);
    for (path, bytes) in &kept {
        assert_eq!(
            std::fs::read(path).ok().as_ref(),
            Some(bytes),
            "{} was changed or removed by the second game",
            path.display()
        );
    }
    let loaded = save::load(&newest_autosave(dir.path(), &first)).unwrap();
    assert_eq!(loaded.game.state(), &first_state);
    // Load game lists both games.
    let games = save::games(dir.path());
    assert_eq!(games.len(), 2, "{games:?}");
    assert!(games.iter().all(|g| g.saves.len() >= 2));
}

#[test]
fn a_played_branch_keeps_its_own_saves_and_names_the_game_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_game(dir.path(), 5).with_facilitator(PIN);
    // Play until a treaty is in force: its clock can then be changed.
    for _ in 0..2_000 {
        if session(&app).game().state().treaty().is_some() {
            break;
        }
        enter(&mut app, 1);
    }
    let steps = session(&app).game().record().len().to_string();
    let original = session(&app).table.id.clone();
    let autosave = newest_autosave(dir.path(), &app);
    let kept = files(dir.path());
    // Change the clock to one the treaty does not have.
    let forked = ["24h", "48h", "72h"].into_iter().any(|clock| {
        cargo_bin_cmd!("umbrella")
            .arg("--save-dir")
            .arg(dir.path())
            .arg("fork")
            .arg(&autosave)
            .args(["--at", &steps, "--set", &format!("clock={clock}")])
            .output()
            .unwrap()
            .status
            .success()
    });
    assert!(forked);
    let branch_file = files(dir.path())
        .into_iter()
        .map(|(p, _)| p)
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("branch-")
        })
        .expect("the branch file");
    let branch = save::load(&branch_file).unwrap();
    assert_ne!(branch.save.game, original, "a branch is a game of its own");
    let from = branch.save.branch.clone().unwrap();
    assert_eq!(from.from_game, original);
    assert!(
        branch.save.facilitator.is_some(),
        "the original's facilitator keeps authority over the branch"
    );
    // Played, the branch autosaves under its own name, naming its origin.
    let mut app = App::with_session(Session::from_loaded(branch)).with_save_dir(dir.path());
    enter(&mut app, 10);
    for (path, bytes) in &kept {
        assert_eq!(
            std::fs::read(path).ok().as_ref(),
            Some(bytes),
            "{}",
            path.display()
        );
    }
    let played = save::load(&newest_autosave(dir.path(), &app)).unwrap();
    assert_eq!(played.save.branch.map(|b| b.from_game), Some(original));
}

#[test]
fn undo_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_game(dir.path(), 12);
    let before = session(&app).game().state().clone();
    enter(&mut app, 1);
    let after_one = session(&app).game().state().clone();
    enter(&mut app, 1);
    assert_ne!(session(&app).game().state(), &after_one);
    press(&mut app, &[KeyCode::Char('u'), KeyCode::Char('u')]);
    assert_eq!(
        session(&app).game().state(),
        &before,
        "both moves taken back"
    );
    // Quit and load: the moves stay taken back.
    let loaded = save::load(&newest_autosave(dir.path(), &app)).unwrap();
    assert_eq!(loaded.game.state(), &before);
}

/// Block the autosave of the game on screen as a full disk would: the new
/// save cannot be written beside the old ones.
fn block_autosaves(dir: &Path, app: &App) -> PathBuf {
    let newest = newest_autosave(dir, app);
    let fresh = dir.join(format!(
        ".{}.new",
        newest.file_name().unwrap().to_string_lossy()
    ));
    std::fs::create_dir(&fresh).unwrap();
    std::fs::write(fresh.join("x"), "a directory is not a save").unwrap();
    fresh
}

#[test]
fn a_save_that_cannot_be_written_loses_no_saved_move() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_game(dir.path(), 12);
    enter(&mut app, 6);
    let kept = files(dir.path());
    let saved = session(&app).game().state().clone();
    let blocked = block_autosaves(dir.path(), &app);
    enter(&mut app, 1);
    // The game says so, offers another folder, and plays on from memory.
    assert_eq!(app.modal, Some(Modal::Folder));
    press(&mut app, &[KeyCode::Esc]);
    enter(&mut app, 6);
    assert!(screen(&app, 80, 24).contains("NOT SAVED"));
    let kept_now: Vec<_> = files(dir.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with(&blocked))
        .collect();
    assert_eq!(kept_now, kept, "the saves written before are untouched");
    let loaded = save::load(&newest_autosave(dir.path(), &app)).unwrap();
    assert_eq!(
        loaded.game.state(),
        &saved,
        "the newest good save is still there"
    );
    // The quit dialog does not claim a save.
    press(&mut app, &[KeyCode::Char('q')]);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("FAILED") && !text.contains("It is autosaved"),
        "{text}"
    );
    press(&mut app, &[KeyCode::Esc]);
    // Once saving works again, the game is saved as it stands.
    std::fs::remove_dir_all(&blocked).unwrap();
    // (The next Enter may first close a piece of news; the move after it saves.)
    for _ in 0..3 {
        enter(&mut app, 1);
        if app.save_failed.is_none() {
            break;
        }
    }
    assert!(
        !screen(&app, 80, 24).contains("NOT SAVED"),
        "{:?}",
        app.save_failed
    );
    let loaded = save::load(&newest_autosave(dir.path(), &app)).unwrap();
    assert_eq!(loaded.game.state(), session(&app).game().state());
}

#[test]
fn a_failed_save_offers_another_folder_and_saves_there() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let good = tempfile::tempdir().unwrap();
    // A folder inside a file can never be created, whoever runs the tests:
    // the game's first autosave fails as it starts.
    let mut app = App::new(12).with_save_dir(&file.path().join("saves"));
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    assert!(app.session().is_some());
    assert_eq!(app.modal, Some(Modal::Folder));
    assert!(screen(&app, 80, 24).contains("The game could not be saved"));
    // Erase the folder shown and type (or paste) another.
    for _ in 0..app.folder_text.chars().count() {
        press(&mut app, &[KeyCode::Backspace]);
    }
    app.update(Input::Paste(good.path().display().to_string()));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.modal, None);
    assert!(app.save_failed.is_none());
    let loaded = save::load(&newest_autosave(good.path(), &app)).unwrap();
    assert_eq!(loaded.game.state(), session(&app).game().state());
    // The game was on its briefing: the outcome waits at the table.
    press(&mut app, &[KeyCode::Enter]);
    assert!(screen(&app, 80, 24).contains("Saved: the game is"));
}

#[test]
fn left_over_temporaries_are_cleaned_up_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(300);
    let make = |name: &str, aged: bool| {
        let path = dir.path().join(name);
        std::fs::write(&path, "x").unwrap();
        if aged {
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        path
    };
    let killed = make(".slot-a-1.ron.tmp", true);
    let unfinished = make(".autosave-x-1-a.ron.new", true);
    let writing = make(".autosave-x-1-b.ron.new", false);
    let save_file = make("slot-a-1.ron", true);
    let hidden = make(".notes", true);
    assert_eq!(save::clean_temporaries(dir.path()), 2);
    assert!(!killed.exists() && !unfinished.exists());
    assert!(writing.exists(), "a write in progress is left alone");
    assert!(save_file.exists() && hidden.exists());
}

// ---- moves made unseen -----------------------------------------------------------

#[test]
fn a_too_small_terminal_ignores_game_keys() {
    let mut app = at_the_table(3);
    app.update(Input::Resize(60, 20));
    let before = session(&app).game().state().clone();
    for key in [
        KeyCode::Enter,
        KeyCode::Char(' '),
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::Char('s'),
        KeyCode::Char('u'),
        KeyCode::Char('f'),
        KeyCode::Tab,
        KeyCode::Char('1'),
    ] {
        press(&mut app, &[key]);
        assert_eq!(
            session(&app).game().state(),
            &before,
            "{key:?} acted unseen"
        );
        assert_eq!(app.modal, None, "{key:?} opened a dialog unseen");
    }
    assert!(screen(&app, 60, 20).contains("Terminal too small"));
    // Enlarged, the same keys act again.
    app.update(Input::Resize(80, 24));
    press(&mut app, &[KeyCode::Enter]);
    assert_ne!(session(&app).game().state(), &before);
    // Quitting still works while too small: q, then y.
    app.update(Input::Resize(30, 10));
    press(&mut app, &[KeyCode::Char('q')]);
    assert_eq!(
        press(&mut app, &[KeyCode::Char('y')]),
        umbrella::tui::app::Flow::Quit
    );
}

#[test]
fn a_seat_takes_back_its_move_on_the_hand_over_screen_until_the_next_seat_confirms() {
    let mut players = vec![Player::Ai(Level::Normal); 5];
    players[0] = Player::Human;
    players[1] = Player::Human;
    let mut app = App::with_session(Session::new(nato_lite(), players, 4).unwrap());
    enter(&mut app, 2); // Italy is at the keyboard; its briefing read
    assert_eq!(session(&app).desk.stage, Stage::Decide);
    let before = session(&app).game().state().clone();
    enter(&mut app, 1);
    assert!(matches!(session(&app).desk.stage, Stage::Handover { .. }));
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Italy: ") && text.contains("u takes it back"),
        "{text}"
    );
    press(&mut app, &[KeyCode::Char('u')]);
    assert_eq!(session(&app).game().state(), &before);
    assert_eq!(session(&app).desk.stage, Stage::Decide);
    assert!(screen(&app, 80, 24).contains("Move taken back."));
    // Once Ukraine has confirmed it is at the keyboard, Italy's move stands.
    enter(&mut app, 1);
    assert!(matches!(session(&app).desk.stage, Stage::Handover { .. }));
    let moved = session(&app).game().state().clone();
    assert_ne!(moved, before);
    enter(&mut app, 2); // Ukraine confirms, reads its briefing
    assert_eq!(session(&app).desk.stage, Stage::Decide);
    let text = screen(&app, 80, 24);
    assert!(
        !text.contains("u takes it back") && !text.contains("u undo"),
        "{text}"
    );
    press(&mut app, &[KeyCode::Char('u')]);
    assert_eq!(session(&app).game().state(), &moved);
}

#[test]
fn every_action_gets_feedback_where_the_player_looks() {
    let dir = tempfile::tempdir().unwrap();
    // One's own move.
    let mut app = new_game(dir.path(), 12);
    enter(&mut app, 1);
    assert!(screen(&app, 80, 24).contains("Italy: "));
    // A save into a slot.
    press(&mut app, &[KeyCode::Char('s'), KeyCode::Enter]);
    assert!(screen(&app, 80, 24).contains("Saved to slot 1"));
    // `e` on a final screen scrolled to its end.
    let players = vec![Player::Ai(Level::Normal); 5];
    let mut app = App::with_session(Session::new(nato_lite(), players, 12).unwrap())
        .with_save_dir(dir.path());
    for _ in 0..5_000 {
        if matches!(session(&app).desk.stage, Stage::Final { .. }) {
            break;
        }
        press(&mut app, &[KeyCode::Enter]);
    }
    press(
        &mut app,
        &[KeyCode::End, KeyCode::PageDown, KeyCode::PageDown],
    );
    press(&mut app, &[KeyCode::Char('e')]);
    assert!(screen(&app, 80, 24).contains("The after-action report is written"));
}

#[test]
fn a_long_paste_fills_a_text_field_and_never_blocks_the_keys() {
    let mut app = at_the_table(2).with_facilitator(PIN);
    press(&mut app, &[KeyCode::Char('f')]);
    for d in PIN.chars() {
        press(&mut app, &[KeyCode::Char(d)]);
    }
    press(&mut app, &[KeyCode::Enter]);
    let menu = app.facilitator_menu();
    let write = menu
        .iter()
        .position(|(label, _)| label.starts_with("Write an inject"))
        .unwrap();
    for _ in 0..write {
        press(&mut app, &[KeyCode::Down]);
    }
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.modal, Some(Modal::CustomInject { row: 0 }));
    let paste = "Drones over the port. \u{1b}[2J\r\n".repeat(500);
    app.update(Input::Paste(paste));
    assert_eq!(app.inject_text.chars().count(), INJECT_MAX);
    assert!(!app.inject_text.chars().any(char::is_control));
    // The keys go on working.
    press(&mut app, &[KeyCode::Down]);
    assert_eq!(app.modal, Some(Modal::CustomInject { row: 1 }));
    // Outside a text field a paste does nothing.
    press(&mut app, &[KeyCode::Esc, KeyCode::Esc]);
    let before = session(&app).game().state().clone();
    app.update(Input::Paste("\r\r\r yyy q".into()));
    assert_eq!(session(&app).game().state(), &before);
    assert_eq!(app.modal, None);
}

// ---- the facilitator's authority ------------------------------------------------

/// Open the facilitator's panel and choose the entry starting with `label`.
fn panel_choose(app: &mut App, label: &str) {
    press(app, &[KeyCode::Char('f')]);
    for d in PIN.chars() {
        press(app, &[KeyCode::Char(d)]);
    }
    press(app, &[KeyCode::Enter]);
    let menu = app.facilitator_menu();
    let i = menu
        .iter()
        .position(|(l, _)| l.starts_with(label))
        .unwrap_or_else(|| panic!("{label} in {menu:?}"));
    for _ in 0..i {
        press(app, &[KeyCode::Down]);
    }
    press(app, &[KeyCode::Enter]);
}

#[test]
fn a_pause_and_the_timers_survive_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_game(dir.path(), 9).with_facilitator(PIN);
    enter(&mut app, 2);
    panel_choose(&mut app, "Real-time limit per");
    press(&mut app, &[KeyCode::Esc]);
    panel_choose(&mut app, "Pause");
    assert!(session(&app).paused());
    let timers = session(&app).timers();
    assert!(timers.round_secs.is_some());
    let loaded = save::load(&newest_autosave(dir.path(), &app)).unwrap();
    let mut app = App::with_session(Session::from_loaded(loaded)).with_save_dir(dir.path());
    assert!(session(&app).paused());
    assert_eq!(session(&app).timers(), timers);
    assert!(session(&app).table.lock.is_some());
    let before = session(&app).game().state().clone();
    enter(&mut app, 5);
    app.update(Input::Tick(600_000));
    assert_eq!(
        session(&app).game().state(),
        &before,
        "nothing moves while paused"
    );
}

#[test]
fn a_loaded_game_asks_for_the_pin_before_its_seats_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_game(dir.path(), 9).with_facilitator(PIN);
    enter(&mut app, 2);
    let path = newest_autosave(dir.path(), &app);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("facilitator") && !text.contains(PIN),
        "the PIN is never saved"
    );
    let all_human = vec![Player::Human; 5];
    let load = || App::with_session(Session::from_loaded(save::load(&path).unwrap()));

    // `play --load SAVE --seat russia=human`: the PIN first; Esc keeps the seats.
    let mut app = load().with_players(all_human.clone());
    assert!(matches!(
        app.modal,
        Some(Modal::Pin {
            purpose: PinPurpose::Unlock,
            ..
        })
    ));
    assert!(screen(&app, 80, 24).contains("Only the facilitator may hand its seats"));
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(session(&app).players()[3], Player::Ai(Level::Normal));
    assert!(app.pending_players.is_none());
    // A wrong PIN changes nothing; the right one hands the seats over.
    let mut app = load().with_players(all_human.clone());
    for d in "1111".chars() {
        press(&mut app, &[KeyCode::Char(d)]);
    }
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(session(&app).players()[3], Player::Ai(Level::Normal));
    for d in PIN.chars() {
        press(&mut app, &[KeyCode::Char(d)]);
    }
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(session(&app).players(), &all_human[..]);

    // `play --load SAVE --facilitator` does not let anyone choose a new PIN.
    let app = load().with_facilitator_prompt();
    assert_eq!(app.modal, None);
    assert!(
        session(&app)
            .table
            .lock
            .as_ref()
            .is_some_and(|l| l.opens(PIN))
    );
}

#[test]
fn a_report_of_an_unfinished_game_shows_only_public_information() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_game(dir.path(), 9).with_facilitator(PIN);
    enter(&mut app, 4);
    let path = newest_autosave(dir.path(), &app);
    let scenario = nato_lite();
    let secrets = secret_texts(&scenario);
    assert!(!secrets.is_empty());
    let report = |stdin: Option<&str>, extra: &[&str]| {
        let mut cmd = cargo_bin_cmd!("umbrella");
        cmd.arg("report").arg(&path).args(extra);
        if let Some(s) = stdin {
            cmd.write_stdin(s);
        }
        cmd.output().unwrap()
    };
    for format in ["md", "html"] {
        let out = report(None, &["--format", format]);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        for secret in &secrets {
            let escaped = secret.replace('\'', "&#x27;").replace('&', "&amp;");
            assert!(
                !text.contains(secret) && !text.contains(&escaped),
                "{format}: {secret}"
            );
        }
        assert!(text.contains("secret objectives stay hidden"));
    }
    // --reveal with a wrong PIN: refused, exit 2; with the PIN: every secret.
    let out = report(Some("1111\n"), &["--reveal"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = report(Some(&format!("{PIN}\n")), &["--reveal"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(secrets.iter().any(|s| text.contains(s)));
    // The debrief of a finished game shows them all without asking.
    let players = vec![Player::Ai(Level::Normal); 5];
    let game = umbrella::lab::play(
        scenario.clone(),
        9,
        GameConfig::default(),
        &[umbrella::ai::Bot::Normal; 5],
    )
    .unwrap();
    let finished = dir.path().join("finished.ron");
    save::save(&finished, &game, &players, Meta::new("done", "test")).unwrap();
    let r = umbrella::report::build(&game, &players, None, false);
    assert!(!r.secrets_hidden);
    let text = umbrella::report::markdown(&r);
    assert!(secrets.iter().any(|s| text.contains(s)));
}

#[test]
fn a_save_with_a_crafted_game_identity_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let game = with_treaty(
        &nato_lite(),
        3,
        PACT_24H,
        &["italy", "ukraine", "usa", "europe"],
    );
    let path = dir.path().join("a.ron");
    save::save(&path, &game, &solo(3), Meta::new("g1", "test")).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    // Each refused where it is written: the field's line and column.
    for (from, to, at) in [
        ("game: \"g1\"", "game: \"../../etc/x\"", "game: "),
        ("game: \"g1\"", "game: \"\"", "game: "),
        ("round_secs: None", "round_secs: Some(0)", "timers: "),
        (
            "facilitator: None",
            "facilitator: Some((salt: \"\", hash: \"\"))",
            "facilitator: ",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        let crafted = text.replace(from, to);
        let line = 1 + crafted.lines().position(|l| l.contains(at)).unwrap();
        let col = 1 + crafted.lines().nth(line - 1).unwrap().find(at).unwrap() + at.len();
        let err = save::load_text("crafted.ron", &crafted).unwrap_err();
        assert!(err.is_bad_input(), "{err}");
        assert!(
            err.to_string()
                .starts_with(&format!("crafted.ron:{line}:{col}: its `")),
            "{err}"
        );
    }
}

#[test]
fn the_load_screen_opens_a_game_without_changing_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_game(dir.path(), 12);
    enter(&mut app, 3);
    let id = session(&app).table.id.clone();
    let state = session(&app).game().state().clone();
    let mut app = App::new(1).with_save_dir(dir.path());
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert!(matches!(app.screen, Screen::Load(_)));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(session(&app).table.id, id);
    assert_eq!(session(&app).game().state(), &state);
}

/// Every reason every bot gives in `games` games of `scenario`.
fn reasons(scenario: &str, games: u64) -> Vec<String> {
    let scenario = umbrella::scenario::find(scenario).unwrap();
    let mut out = Vec::new();
    for bot in umbrella::ai::Bot::all() {
        for seed in 0..games {
            let mut game = Game::new(scenario.clone(), seed, GameConfig::default()).unwrap();
            while let Some(seat) = game.to_move() {
                if game.state().steps >= 5_000 {
                    break;
                }
                let (decision, _) = umbrella::ai::play_move(&mut game, seat, bot).unwrap();
                out.push(decision.reason.line());
            }
        }
    }
    out
}

#[test]
fn ai_reasons_shown_to_all_hold_no_private_number() {
    // What a text or a package is worth to a seat is its secret: a reason
    // may name hours (public, on the clock) but no score, share or value.
    for scenario in ["nato-lite-2025", "brussels-2025"] {
        let s = umbrella::scenario::find(scenario).unwrap();
        for reason in reasons(scenario, 6) {
            assert!(!reason.contains('%'), "{reason}");
            // The scenario's own words may hold numbers ("Article 5").
            let mut text = reason.clone();
            for c in s.clauses() {
                for o in &c.options {
                    text = text.replace(&o.label, "");
                }
            }
            let words: Vec<&str> = text.split_whitespace().collect();
            for (i, word) in words.iter().enumerate() {
                if word.chars().any(|c| c.is_ascii_digit()) {
                    let unit = words.get(i + 1).copied().unwrap_or("");
                    assert!(unit.starts_with('h'), "a number in a reason: {reason}");
                }
            }
        }
    }
}
