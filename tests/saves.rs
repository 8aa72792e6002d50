//! Saves and replays: round trips, verification, forks, bad files, and
//! writers killed mid-save.

use crate::common::*;
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use umbrella::ai::{self, Bot, Level, Player};
use umbrella::core::*;
use umbrella::save::{self, SaveError, SaveFile};

fn all_ai(n: usize) -> Vec<Player> {
    vec![Player::Ai(Level::Normal); n]
}

/// A finished AI game of the default scenario.
fn finished(seed: u64) -> Game {
    let s = nato_lite();
    let bots = vec![Bot::Baseline; 5];
    umbrella::lab::play(s, seed, GameConfig::default(), &bots).unwrap()
}

fn write_save(dir: &Path, name: &str, game: &Game) -> PathBuf {
    let path = dir.join(name);
    save::save(
        &path,
        game,
        &all_ai(game.scenario().factions().len()),
        umbrella::save::Meta::new("test", "test"),
    )
    .unwrap();
    path
}

#[test]
fn a_save_replays_to_the_same_game() {
    let dir = tempfile::tempdir().unwrap();
    let game = finished(5);
    let path = write_save(dir.path(), "done.ron", &game);
    let loaded = save::load(&path).unwrap();
    assert_eq!(loaded.game.state(), game.state());
    assert_eq!(loaded.game.record(), game.record());
    assert_eq!(loaded.save.digests.len(), game.record().len());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("// Umbrella saved game."));
    // A draft is the list of its clauses' picks, in the scenario's order.
    let draft = game.state().treaty().unwrap().draft;
    let picks: Vec<String> = game
        .scenario()
        .clause_ids()
        .map(|c| draft.pick(c).bits().to_string())
        .collect();
    assert!(
        text.contains(&format!("[{}]", picks.join(", "))),
        "the treaty's draft written as its picks"
    );
    assert!(text.contains("format: 3"));
    assert!(
        text.contains("\"week 1: Italy tables a draft.\""),
        "a readable timeline"
    );
}

#[test]
fn every_invalid_save_fixture_fails_with_its_expected_message() {
    let mut checked = 0;
    for entry in std::fs::read_dir("tests/fixtures/saves/invalid").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// expect: "))
            .unwrap();
        let message = save::load(&path)
            .expect_err(&path.display().to_string())
            .to_string();
        assert!(
            message.contains(expected),
            "{}:\n expected: {expected}\n got: {message}",
            path.display()
        );
        assert!(message.starts_with(&path.display().to_string()));
        checked += 1;
    }
    assert!(checked >= 10);
}

#[test]
fn bad_files_are_refused_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.ron"), "").unwrap();
    assert!(matches!(
        save::load(&d.join("empty.ron")),
        Err(SaveError::Empty { .. })
    ));
    std::fs::write(d.join("binary.ron"), [0u8, 159, 146, 150, 255, 0, 1]).unwrap();
    assert!(matches!(
        save::load(&d.join("binary.ron")),
        Err(SaveError::NotText { .. })
    ));
    let huge = std::fs::File::create(d.join("huge.ron")).unwrap();
    huge.set_len(save::MAX_SAVE_BYTES + 1).unwrap();
    assert!(matches!(
        save::load(&d.join("huge.ron")),
        Err(SaveError::TooLarge { .. })
    ));
    assert!(matches!(save::load(d), Err(SaveError::Io { .. })));
    assert!(matches!(
        save::load(&d.join("missing.ron")),
        Err(SaveError::Io { .. })
    ));
    // Loading never writes: every file is as it was.
    assert_eq!(
        std::fs::read(d.join("binary.ron")).unwrap(),
        [0u8, 159, 146, 150, 255, 0, 1]
    );
    assert_eq!(
        std::fs::metadata(d.join("huge.ron")).unwrap().len(),
        save::MAX_SAVE_BYTES + 1
    );
}

/// Edit a save's text and see what loading it says.
fn tampered(game: &Game, edit: impl Fn(&mut SaveFile)) -> Result<save::Loaded, SaveError> {
    let mut file = SaveFile::of(game, &all_ai(5), save::Meta::new("test", "test")).unwrap();
    edit(&mut file);
    save::load_text("tampered.ron", &file.to_text().unwrap())
}

#[test]
fn a_save_that_does_not_match_its_game_is_refused() {
    let game = finished(6);
    let n = game.record().len();
    // An illegal step.
    let err = tampered(&game, |f| f.steps[0] = Step::Seat(Seat(1), Action::Sign)).unwrap_err();
    assert!(matches!(err, SaveError::Illegal { step: 0, .. }), "{err}");
    assert!(err.to_string().contains("step 0 (Ukraine: sign)"), "{err}");
    assert!(err.is_bad_input());
    // A fingerprint that does not match: the replay diverges from the saved game.
    let err = tampered(&game, |f| f.digests[n / 2] ^= 1).unwrap_err();
    assert!(
        matches!(err, SaveError::Diverged { step, .. } if step == n / 2),
        "{err}"
    );
    assert!(!err.is_bad_input());
    // Each of these named at the field at fault, by its line and column.
    let text = SaveFile::of(&game, &all_ai(5), save::Meta::new("test", "test"))
        .unwrap()
        .to_text()
        .unwrap();
    let at = |field: &str| {
        let key = format!("    {field}: ");
        let line = 1 + text.lines().position(|l| l.starts_with(&key)).unwrap();
        format!("tampered.ron:{line}:{}: ", key.len() + 1)
    };
    // A snapshot that the replay does not reach.
    let err = tampered(&game, |f| f.snapshot.tracks.credibility += 1).unwrap_err();
    assert!(matches!(err, SaveError::Snapshot { .. }), "{err}");
    assert!(err.to_string().starts_with(&at("snapshot")), "{err}");
    // A scenario that changed since: never replayed into a different game.
    let err = tampered(&game, |f| f.scenario.hash = "0000000000000000".into()).unwrap_err();
    assert!(
        err.to_string()
            .contains("has changed since this game was saved"),
        "{err}"
    );
    assert!(err.to_string().starts_with(&at("scenario")), "{err}");
    // A newer format.
    let err = tampered(&game, |f| f.format = 4).unwrap_err();
    assert!(
        err.to_string()
            .contains("saved by a newer Umbrella (format 4"),
        "{err}"
    );
    assert!(err.to_string().starts_with(&at("format")), "{err}");
    // Fixed clauses the scenario does not have: the game cannot be set up.
    let err = tampered(&game, |f| {
        f.config.fixed = vec![(ClauseId(99), Pick::from_bits(1))];
    })
    .unwrap_err();
    assert!(matches!(err, SaveError::Setup { .. }), "{err}");
    assert!(err.is_bad_input());
    assert!(
        err.to_string()
            .starts_with(&format!("{}its game cannot be set up", at("config"))),
        "{err}"
    );
}

#[test]
fn an_older_format_loads_through_its_migration() {
    let loaded = save::load(Path::new("tests/fixtures/saves/valid/format1.ron")).unwrap();
    assert_eq!(loaded.save.format, save::FORMAT);
    assert_eq!(loaded.save.label, "migrated from format 1");
    assert_eq!(loaded.game.record().len(), 7);
    assert_eq!(loaded.save.players[0], Player::Human);
    assert!(
        loaded.game.state().talks.concluded,
        "Italy, Ukraine and Europe signed the pact"
    );
}

#[test]
fn the_seed_and_the_record_make_the_game_and_a_save_continues_the_random_stream() {
    // Save in the middle, load, and both copies finish identically.
    for seed in [1u64, 2, 3, 4] {
        let s = nato_lite();
        let bots = vec![Bot::Baseline; 5];
        let mut game = Game::new(Arc::clone(&s), seed, GameConfig::default()).unwrap();
        for _ in 0..(20 + seed as usize * 9) {
            let Some(seat) = game.to_move() else { break };
            let d = Bot::Baseline.decide(
                &game.view(seat),
                &mut ai::rng_for(seed, seat, game.state().steps),
            );
            game.apply(seat, d.action).unwrap();
        }
        let text = SaveFile::of(&game, &all_ai(5), save::Meta::new("test", "middle"))
            .unwrap()
            .to_text()
            .unwrap();
        let mut loaded = save::load_text("middle.ron", &text).unwrap().game;
        umbrella::lab::run(&mut game, &bots);
        umbrella::lab::run(&mut loaded, &bots);
        assert_eq!(loaded.state(), game.state());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random games, stopped anywhere: save, load, and continue equal continuing directly.
    #[test]
    fn save_load_continue_equals_continue(seed in any::<u64>(), stop in 0usize..160, random in any::<u8>()) {
        let s = nato_lite();
        let bots: Vec<Bot> = (0..5).map(|i| if random & (1 << i) != 0 { Bot::Random } else { Bot::Baseline }).collect();
        let mut game = Game::new(Arc::clone(&s), seed, GameConfig::default()).unwrap();
        for _ in 0..stop {
            let Some(seat) = game.to_move() else { break };
            let d = bots[seat.index()].decide(&game.view(seat), &mut ai::rng_for(seed, seat, game.state().steps));
            game.apply(seat, d.action).unwrap();
        }
        let text = SaveFile::of(&game, &all_ai(5), save::Meta::new("test", "p")).unwrap().to_text().unwrap();
        let mut loaded = save::load_text("p.ron", &text).unwrap().game;
        prop_assert_eq!(loaded.state(), game.state());
        umbrella::lab::run(&mut game, &bots);
        umbrella::lab::run(&mut loaded, &bots);
        prop_assert_eq!(loaded.state(), game.state());
    }

    /// Any bytes at all: both parsers answer with an error or a value, never a panic.
    #[test]
    fn arbitrary_bytes_never_crash_the_parsers(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = save::load_text("fuzz.ron", &text);
        let _ = umbrella::scenario::parse("fuzz.ron", &text);
    }

    /// A real save or scenario with a few bytes changed: still no panic.
    #[test]
    fn damaged_files_never_crash_the_parsers(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6)) {
        let mut save = SaveFile::of(&finished(2), &all_ai(5), save::Meta::new("test", "f")).unwrap().to_text().unwrap().into_bytes();
        let mut scenario = umbrella::scenario::BUNDLED[0].1.as_bytes().to_vec();
        for (at, byte) in &edits {
            let i = at % save.len();
            save[i] = *byte;
            let j = at % scenario.len();
            scenario[j] = *byte;
        }
        let _ = save::load_text("damaged.ron", &String::from_utf8_lossy(&save));
        let _ = umbrella::scenario::parse("damaged.ron", &String::from_utf8_lossy(&scenario));
    }
}

fn umbrella() -> assert_cmd::Command {
    cargo_bin_cmd!("umbrella")
}

#[test]
fn replay_verify_checks_a_save_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("game.ron");
    umbrella()
        .args([
            "simulate", "--games", "1", "--seed", "9", "--format", "json", "--save",
        ])
        .arg(&path)
        .assert()
        .success();
    umbrella()
        .args(["replay", "--verify"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("verified").and(predicate::str::contains("seed 9")));
    umbrella()
        .arg("replay")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("Italy tables a draft"));

    // The same game as `play --seed 9 --seat all=ai`.
    let loaded = save::load(&path).unwrap();
    assert_eq!(loaded.game.state().seed, 9);

    // Diverging digests: exit 1 with the step; an illegal step: exit 2; each
    // named by the line and column where the step is written.
    let text = loaded.save.to_text().unwrap();
    let steps_line = 1 + text.lines().position(|l| l == "    steps: [").unwrap();
    let mut file = loaded.save.clone();
    file.digests[3] ^= 1;
    let diverges = dir.path().join("diverges.ron");
    std::fs::write(&diverges, file.to_text().unwrap()).unwrap();
    umbrella()
        .args(["replay", "--verify"])
        .arg(&diverges)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:{}:9: the replay diverges from the saved game at step 3",
            diverges.display(),
            steps_line + 4
        )));
    let mut file = loaded.save.clone();
    file.steps[1] = Step::Seat(Seat(3), Action::Sign);
    let illegal = dir.path().join("illegal.ron");
    std::fs::write(&illegal, file.to_text().unwrap()).unwrap();
    umbrella()
        .args(["replay", "--verify"])
        .arg(&illegal)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:{}:9: step 1 (Russia: sign) is not allowed",
            illegal.display(),
            steps_line + 2
        )));
    umbrella()
        .args(["simulate", "--games", "2", "--save"])
        .arg(dir.path().join("two.ron"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--games 1"));
}

#[test]
fn a_what_if_fork_replays_the_same_crisis_under_another_clock() {
    let dir = tempfile::tempdir().unwrap();
    // Find a seed whose game has an attack under a 24-hour clock.
    let (seed, game) = (1..200u64)
        .map(|seed| {
            let s = nato_lite();
            let bots = vec![Bot::Baseline; 5];
            let config = GameConfig {
                fixed: vec![pick(&s, "clock", &["24h"])],
                ..GameConfig::default()
            };
            (seed, umbrella::lab::play(s, seed, config, &bots).unwrap())
        })
        .find(|(_, g)| !g.state().crises.is_empty())
        .unwrap();
    let path = write_save(dir.path(), "base.ron", &game);
    let out = dir.path().join("branch.ron");
    umbrella()
        .arg("fork")
        .arg(&path)
        .args(["--at", "attack:1", "--set", "clock=72h", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("a branch of"));
    let branch = save::load(&out).unwrap();
    let b = branch.save.branch.clone().unwrap();
    assert!(
        b.change.contains("Response clock set to 72h"),
        "{}",
        b.change
    );
    assert!(b.from.ends_with("base.ron"));
    let c = branch
        .game
        .state()
        .crisis()
        .expect("the branch stops in the crisis");
    assert_eq!(
        c.clock, 72,
        "the same crisis, under a 72-hour clock (seed {seed})"
    );
    assert_eq!(branch.game.state().crises.len(), 0);
    assert!(matches!(
        branch.game.record().last(),
        Some(Step::Facilitator(_))
    ));
    // The branch is a save like any other.
    umbrella()
        .args(["replay", "--verify"])
        .arg(&out)
        .assert()
        .success();
    // Forking where nothing happened, or past the end, is refused with the reason.
    umbrella()
        .arg("fork")
        .arg(&path)
        .args(["--at", "attack:99", "--set", "clock=72h"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("attacks (from attack:1)"));
    umbrella()
        .arg("fork")
        .arg(&path)
        .args(["--at", "attack:1", "--set", "clock=12h"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("24h, 48h, 72h"));
    umbrella()
        .arg("fork")
        .arg(&path)
        .args(["--at", "attack:1", "--set", "clock=72h", "--out"])
        .arg(&out)
        .assert()
        .code(2);
}

/// Two different saves, for the writer below.
fn two_saves() -> (String, String) {
    let a = SaveFile::of(&finished(3), &all_ai(5), save::Meta::new("test", "a"))
        .unwrap()
        .to_text()
        .unwrap();
    let b = SaveFile::of(&finished(4), &all_ai(5), save::Meta::new("test", "b"))
        .unwrap()
        .to_text()
        .unwrap();
    (a, b)
}

/// Kill a process that keeps rewriting a save, many times, at random moments:
/// the file is always one complete save or the other, never a torn one.
#[test]
fn a_writer_killed_mid_save_leaves_a_complete_save() {
    let (a, b) = two_saves();
    if let Some(path) = std::env::var_os("UMBRELLA_TEST_WRITER") {
        // The writer: rewrite forever until killed.
        let path = PathBuf::from(path);
        loop {
            save::write_atomic(&path, a.as_bytes()).unwrap();
            save::write_atomic(&path, b.as_bytes()).unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("game.ron");
    save::write_atomic(&path, a.as_bytes()).unwrap();
    let me = std::env::current_exe().unwrap();
    let mut saw_b = false;
    for round in 0..10u64 {
        let mut child = std::process::Command::new(&me)
            .args([
                "--exact",
                "saves::a_writer_killed_mid_save_leaves_a_complete_save",
                "--test-threads",
                "1",
            ])
            .env("UMBRELLA_TEST_WRITER", &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(30 + round * 17));
        assert!(
            child.try_wait().unwrap().is_none(),
            "the writer must still be writing when killed"
        );
        child.kill().unwrap();
        child.wait().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text == a || text == b,
            "round {round}: a torn save of {} bytes",
            text.len()
        );
        assert!(save::load_text("game.ron", &text).is_ok());
        saw_b |= text == b;
    }
    assert!(
        saw_b,
        "the writer never replaced the first save: did it run at all?"
    );
}

#[test]
fn an_unwritable_folder_is_an_error_not_a_panic() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let game = finished(1);
    let err = save::save(
        &file.path().join("saves").join("a.ron"),
        &game,
        &all_ai(5),
        umbrella::save::Meta::new("test", "x"),
    )
    .unwrap_err();
    assert!(matches!(err, SaveError::Io { .. }), "{err}");
    let err = save::autosave(
        &file.path().join("saves"),
        &game,
        &all_ai(5),
        save::Meta::new("test", "x"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("saves"), "{err}");
}

#[test]
fn a_crash_save_can_be_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let s = nato_lite();
    let mut game = with_treaty(&s, 3, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    attack(&mut game, "missiles");
    let session = umbrella::tui::play::Session::from_game(game.clone(), all_ai(5));
    let path = umbrella::tui::crash_save(dir.path(), &session).unwrap();
    assert!(
        path.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("crash-nato-lite-2025-3")
    );
    let loaded = save::load(&path).unwrap();
    assert_eq!(loaded.save.label, "crash");
    assert_eq!(loaded.game.record(), session.game().record());
}

#[test]
fn a_save_carries_its_scenario_and_continues_after_the_scenario_changed() {
    // A scenario file, a game under it, a save; then the file is rebalanced.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pact.ron");
    let text = umbrella::scenario::BUNDLED
        .iter()
        .find(|(id, _)| *id == umbrella::scenario::DEFAULT_SCENARIO)
        .map(|(_, text)| *text)
        .unwrap();
    std::fs::write(&path, text).unwrap();
    let s = Arc::new(umbrella::scenario::load_file(&path).unwrap());
    let game = umbrella::lab::play(
        Arc::clone(&s),
        4,
        GameConfig::default(),
        &[Bot::Baseline; 5],
    )
    .unwrap();
    let saved = write_save(dir.path(), "game.ron", &game);
    let changed = text.replacen("support: 55,", "support: 54,", 1);
    assert_ne!(changed, text);
    std::fs::write(&path, &changed).unwrap();

    // The save still loads, into the same game, under the scenario it was played with.
    let loaded = save::load(&saved).unwrap();
    assert_eq!(loaded.game.state(), game.state());
    let italy = seat(&s, "italy");
    assert_eq!(loaded.game.scenario().faction(italy).support, 55);
    // Saved again, it still names the file.
    assert_eq!(
        loaded.save.scenario.file.as_deref(),
        Some(path.display().to_string().as_str())
    );

    // A save from before saves carried their scenario is refused, as before.
    let mut old = loaded.save.clone();
    old.scenario_text = None;
    let err = save::load_text("old.ron", &old.to_text().unwrap()).unwrap_err();
    assert!(
        err.to_string()
            .contains("has changed since this game was saved"),
        "{err}"
    );
    // A carried text that is not the one the save names is not trusted either.
    let mut forged = loaded.save.clone();
    forged.scenario_text = Some(changed);
    let err = save::load_text("forged.ron", &forged.to_text().unwrap()).unwrap_err();
    assert!(
        err.to_string()
            .contains("has changed since this game was saved"),
        "{err}"
    );
}

#[test]
fn format_2_saves_migrate_to_format_3_and_continue() {
    for file in [
        "tests/fixtures/saves/valid/seminar-3.ron",
        "tests/fixtures/saves/valid/seminar-3-branch.ron",
    ] {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains("format: 2"), "{file} is a format-2 fixture");
        // The migration replays the old steps and checks them against the old snapshot.
        let loaded = save::load(Path::new(file)).unwrap();
        assert_eq!(loaded.save.format, save::FORMAT);
        assert!(!loaded.game.record().is_empty());
        // Written again, it is a format-3 save of the same game.
        let again = loaded.save.to_text().unwrap();
        assert!(again.contains("format: 3"));
        let reloaded = save::load_text("again.ron", &again).unwrap();
        assert_eq!(reloaded.game.state(), loaded.game.state());
        assert_eq!(reloaded.save.branch, loaded.save.branch);
    }
    // A format-2 save whose steps do not reach its snapshot is refused.
    let text = std::fs::read_to_string("tests/fixtures/saves/valid/seminar-3.ron").unwrap();
    let at = text.rfind("steps: 65").expect("the snapshot's step count");
    let bad = format!(
        "{}steps: 64{}",
        &text[..at],
        &text[at + "steps: 65".len()..]
    );
    match save::load_text("bad.ron", &bad) {
        Err(SaveError::Snapshot { .. }) => {}
        Err(e) => panic!("the wrong refusal: {e}"),
        Ok(_) => panic!("a save that does not reach its snapshot was loaded"),
    }
}

#[test]
fn a_scenario_with_a_kind_fewer_and_a_plain_clause_more_loads_plays_and_saves() {
    let s = fixture("open-clauses");
    assert!(s.clause_of(ClauseKind::BurdenSharing).is_none());
    let review = s.clause_by_id("review").unwrap();
    assert_eq!(s.clause(review).kind, None);
    // Without a burden clause costs are shared equally (the neutral terms).
    let mut game = Game::new(Arc::clone(&s), 4, GameConfig::default()).unwrap();
    umbrella::lab::run(&mut game, &[Bot::Normal; 5]);
    assert!(game.is_over());
    let treaty = game.state().treaty().unwrap();
    assert!(treaty.draft.is_valid(&s));
    assert_eq!(game.terms().unwrap().burden, TreatyTerms::NEUTRAL.burden);
    // The plain clause's option is in the text and its deterrence counts.
    let option = treaty.draft.option(review);
    assert_eq!(
        TreatyTerms::of(&s, &treaty.draft).deterrence,
        TreatyTerms::of(&s, &treaty.draft.with(review, Pick::one(1 - option))).deterrence
            + s.option(review, option).deterrence
            - s.option(review, 1 - option).deterrence
    );
    // And the game saves and loads like any other.
    let dir = tempfile::tempdir().unwrap();
    let path = write_save(dir.path(), "open.ron", &game);
    let loaded = save::load(&path).unwrap();
    assert_eq!(loaded.game.state(), game.state());
}

/// No raw control character in what a command prints.
fn no_raw_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{what}: a raw control character in {text:?}"
    );
}

#[test]
fn replay_and_report_show_a_saves_control_characters_made_visible() {
    let dir = tempfile::tempdir().unwrap();
    let game = finished(7);
    let mut file = SaveFile::of(&game, &all_ai(5), save::Meta::new("test", "test")).unwrap();
    file.branch = Some(save::Branch {
        from: "base\u{1b}[2J.ron".into(),
        from_game: "g\u{1b}[2J".into(),
        at_step: 3,
        change: "clock set to \u{1b}]0;owned\u{7}72h".into(),
    });
    let path = dir.path().join("escape.ron");
    std::fs::write(&path, file.to_text().unwrap()).unwrap();
    for command in ["replay", "report"] {
        let out = umbrella().arg(command).arg(&path).output().unwrap();
        assert!(out.status.success(), "{command}");
        no_raw_controls(command, &out.stdout);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("base\\u{1b}[2J.ron"), "{command}: {stdout}");
        if command == "report" {
            assert!(stdout.contains("game g\\u{1b}[2J"), "{stdout}");
        }
    }
    // An error that quotes the save shows it made visible too.
    let mut file = SaveFile::of(&game, &all_ai(5), save::Meta::new("test", "test")).unwrap();
    file.scenario.id = "nato\u{1b}[2J".into();
    file.scenario.hash = "0".into();
    file.scenario_text = None;
    std::fs::write(&path, file.to_text().unwrap()).unwrap();
    let out = umbrella().arg("replay").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    no_raw_controls("replay's error", &out.stderr);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nato\\u{1b}[2J"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_save_naming_a_huge_scenario_is_refused_in_a_few_words() {
    // A save once made `replay` echo 6.3 MB to standard error.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    for (id, scenario_file, quoted) in [
        ("z".repeat(6_300_000), None, "zzz…"),
        (
            "nato-lite-2025".to_string(),
            Some(format!("/{}", "d".repeat(300_000))),
            "ddd…",
        ),
    ] {
        let mut file =
            SaveFile::of(&finished(8), &all_ai(5), save::Meta::new("test", "test")).unwrap();
        file.scenario.id = id;
        file.scenario.file = scenario_file;
        file.scenario_text = None;
        std::fs::write(&path, file.to_text().unwrap()).unwrap();
        let out = umbrella().arg("replay").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.len() < 2000,
            "{} bytes on standard error",
            stderr.len()
        );
        assert!(stderr.contains(quoted), "{stderr}");
    }
    // A save whose scenario changed, with a huge id.
    let mut file = SaveFile::of(&finished(8), &all_ai(5), save::Meta::new("test", "test")).unwrap();
    file.scenario.hash = "0".into();
    file.scenario.id = "nato-lite-2025".into();
    let mut text = file.to_text().unwrap();
    text = text.replacen(
        "id: \"nato-lite-2025\"",
        &format!("id: \"nato-lite-2025{}\"", "w".repeat(10_000)),
        1,
    );
    let err = save::load_text("changed.ron", &text)
        .unwrap_err()
        .to_string();
    assert!(err.len() < 400, "{err}");
}

/// Load `game`'s save edited by `edit`: it must be refused at step `n`, named
/// by its line and column in the file, where that step is written.
fn refused_at(game: &Game, n: usize, edit: impl Fn(&mut SaveFile)) -> String {
    let mut file = SaveFile::of(game, &all_ai(5), save::Meta::new("test", "test")).unwrap();
    edit(&mut file);
    let text = file.to_text().unwrap();
    let err = save::load_text("tampered.ron", &text).unwrap_err();
    let SaveError::Illegal {
        at: Some((line, col)),
        step,
        ..
    } = err
    else {
        panic!("not a located illegal step: {err}");
    };
    assert_eq!(step, n, "{err}");
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "tampered.ron:{line}:{col}: step {n} (facilitator: "
        )),
        "{message}"
    );
    assert!(message.contains("is not allowed"), "{message}");
    let written = text.lines().nth(line - 1).unwrap();
    assert!(
        written[col - 1..].starts_with("Facilitator("),
        "{message} points at {written:?}"
    );
    message
}

/// Interventions no facilitator could make: numbers that would overflow a
/// track, the deadline or a clock, and texts no screen should show.
fn crafted_interventions(game: &Game, crisis: bool) -> Vec<Intervention> {
    let s = game.scenario();
    let talks = &game.state().talks;
    // The deadline may move to 52 rounds past this round, not one more.
    let past = 52 + talks.round - talks.deadline + 1;
    let huge = Tracks {
        credibility: i32::MAX,
        ..Tracks::ZERO
    };
    let ladder = Tracks {
        escalation: s.top_rung() + 1,
        ..Tracks::ZERO
    };
    if crisis {
        return vec![
            Intervention::MoveClock(i32::MAX),
            Intervention::MoveClock(1000),
            Intervention::MoveClock(i32::MIN),
        ];
    }
    vec![
        Intervention::AdjustTrack {
            track: Track::Credibility,
            by: i32::MAX,
        },
        Intervention::AdjustTrack {
            track: Track::Costs,
            by: -101,
        },
        Intervention::AdjustTrack {
            track: Track::Escalation,
            by: s.top_rung() + 1,
        },
        Intervention::AdjustSupport {
            seat: Seat(0),
            by: i32::MIN,
        },
        Intervention::CustomInject {
            text: "x".repeat(241),
            effects: Tracks::ZERO,
        },
        Intervention::CustomInject {
            text: "Breaking \u{1b}[2Jnews".into(),
            effects: Tracks::ZERO,
        },
        Intervention::CustomInject {
            text: "A windfall.".into(),
            effects: huge,
        },
        Intervention::CustomInject {
            text: "A war.".into(),
            effects: ladder,
        },
        Intervention::MoveDeadline(i32::MAX),
        Intervention::MoveDeadline(past),
    ]
}

#[test]
fn a_crafted_save_cannot_overflow_a_track_a_deadline_or_a_clock() {
    let s = nato_lite();
    let talks = Game::new(Arc::clone(&s), 3, GameConfig::default()).unwrap();
    let mut crisis = with_treaty(&s, 3, PACT_24H, &["italy", "ukraine", "usa", "europe"]);
    attack(&mut crisis, "missiles");
    for (game, in_crisis) in [(&talks, false), (&crisis, true)] {
        let n = game.record().len();
        for i in crafted_interventions(game, in_crisis) {
            // Refused by the rules...
            assert!(game.clone().intervene(i.clone()).is_err(), "{i:?}");
            // ...and so a save holding it is refused at that step, where it is written.
            refused_at(game, n, |f| f.steps.push(Step::Facilitator(i.clone())));
        }
    }
    // What a facilitator does in a seminar is still allowed.
    let mut game = talks.clone();
    for i in [
        Intervention::AdjustTrack {
            track: Track::Credibility,
            by: 100,
        },
        Intervention::AdjustTrack {
            track: Track::Escalation,
            by: -s.top_rung(),
        },
        Intervention::AdjustSupport {
            seat: Seat(0),
            by: -100,
        },
        Intervention::CustomInject {
            text: "x".repeat(240),
            effects: Tracks {
                cohesion: -100,
                ..Tracks::ZERO
            },
        },
        Intervention::MoveDeadline(52 + talks.state().talks.round - talks.state().talks.deadline),
    ] {
        game.intervene(i.clone())
            .unwrap_or_else(|e| panic!("{i:?}: {e}"));
    }
    let mut game = crisis.clone();
    let clock = game.state().crisis().unwrap().clock as i32;
    game.intervene(Intervention::MoveClock(1000 - clock))
        .unwrap();
    assert_eq!(game.state().crisis().unwrap().clock, 1000);
}

#[test]
fn a_crafted_save_cannot_hold_more_than_a_thousand_interventions() {
    let s = nato_lite();
    let mut game = Game::new(Arc::clone(&s), 3, GameConfig::default()).unwrap();
    for i in 0..1000 {
        let pause = if i % 2 == 0 {
            Intervention::Pause
        } else {
            Intervention::Resume
        };
        game.intervene(pause).unwrap();
    }
    assert_eq!(game.interventions(), 1000);
    let err = game.clone().intervene(Intervention::Pause).unwrap_err();
    assert!(
        err.to_string().contains("at most 1000 interventions"),
        "{err}"
    );
    // A save holding one more is refused at that one (replaying 1000 took
    // milliseconds; each step fingerprints the whole log, so 100,000 took minutes).
    let message = refused_at(&game, 1000, |f| {
        f.steps.push(Step::Facilitator(Intervention::AdjustTrack {
            track: Track::Costs,
            by: 1,
        }))
    });
    assert!(message.contains("at most 1000 interventions"), "{message}");
    // A paused game can always be resumed, and seats still play.
    game.clone()
        .step(Step::Seat(Seat(0), Action::Pass))
        .unwrap();
    let mut last = Game::new(Arc::clone(&s), 3, GameConfig::default()).unwrap();
    for _ in 0..999 {
        last.intervene(Intervention::HandSeat {
            seat: Seat(1),
            to_ai: true,
        })
        .unwrap();
    }
    last.intervene(Intervention::Pause).unwrap();
    assert!(last.intervene(Intervention::Pause).is_err());
    last.intervene(Intervention::Resume).unwrap();
    assert!(!last.is_paused());
    assert!(last.intervene(Intervention::Resume).is_err());
}

/// A save written by the previous version (before the aggressor sat in the
/// crisis room): its fingerprints were taken of an older layout of the
/// state, so they are not compared step by step, but the replay under the
/// scenario text it carries must still reach its snapshot.
#[test]
fn a_save_of_an_older_layout_still_loads_and_is_still_checked() {
    let path = "tests/fixtures/saves/valid/layout0-nato-lite.ron";
    let loaded = save::load(Path::new(path)).unwrap();
    assert_eq!(loaded.save.digest_layout, 0);
    assert!(loaded.game.is_over());
    assert!(
        !loaded.game.state().crises.is_empty(),
        "it has crises to replay"
    );
    // A step changed in the file makes the replay miss the snapshot: refused.
    let text = std::fs::read_to_string(path).unwrap();
    let changed = text.replacen("Wait(8)", "Wait(9)", 1);
    assert_ne!(changed, text);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("changed.ron");
    std::fs::write(&bad, changed).unwrap();
    assert!(save::load(&bad).is_err());
}

/// A save of the current layout replays fingerprint by fingerprint. If this
/// fails with a divergence after a change to the game state, raise
/// `save::DIGEST_LAYOUT` and regenerate the fixture:
/// `umbrella simulate --games 1 --seed 3 --save tests/fixtures/saves/valid/layout1-nato-lite.ron`.
#[test]
fn a_save_of_this_layout_replays_step_by_step() {
    let path = "tests/fixtures/saves/valid/layout1-nato-lite.ron";
    let loaded = save::load(Path::new(path)).unwrap();
    assert_eq!(loaded.save.digest_layout, save::DIGEST_LAYOUT);
    assert_eq!(loaded.save.digests.len(), loaded.save.steps.len());
    // A fingerprint changed in the file is caught at its step.
    let text = std::fs::read_to_string(path).unwrap();
    let first = loaded.save.digests[40].to_string();
    let changed = text.replacen(&first, &(loaded.save.digests[40] ^ 1).to_string(), 1);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("changed.ron");
    std::fs::write(&bad, changed).unwrap();
    let err = save::load(&bad).unwrap_err().to_string();
    assert!(err.contains("diverges"), "{err}");
}
