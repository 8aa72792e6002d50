//! Bundled scenarios, valid fixtures of every size, and the corpus of invalid files.

use crate::common::*;
use std::path::Path;
use std::sync::Arc;
use umbrella::ai::{self, Bot};
use umbrella::core::*;
use umbrella::scenario::{self, ScenarioError};

#[test]
fn every_bundled_scenario_is_valid_and_complete() {
    assert!(scenario::BUNDLED.len() >= 2);
    assert!(
        scenario::BUNDLED
            .iter()
            .any(|(n, _)| *n == scenario::DEFAULT_SCENARIO)
    );
    for (name, _) in scenario::BUNDLED {
        let s = scenario::bundled(name)
            .unwrap()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&s.id(), name);
        assert_eq!(s.factions().len(), 5);
        assert!(s.background().len() >= 5, "{name}: background facts");
        let clock = s.clause_by_id("clock").expect("a clause with id 'clock'");
        assert_eq!(clock, s.clause_of(ClauseKind::ResponseClock).unwrap());
        let ids: Vec<&str> = s
            .clause(clock)
            .options
            .iter()
            .map(|o| o.id.as_str())
            .collect();
        assert_eq!(ids, vec!["24h", "48h", "72h"]);
        assert_eq!(s.attacks().len(), 6, "the whole attack catalogue");
        for f in s.factions() {
            assert!(
                f.secret.objectives.iter().any(|o| o.public),
                "{}: public aims",
                f.id
            );
            assert!(
                f.secret.objectives.iter().any(|o| !o.public),
                "{}: secret objectives",
                f.id
            );
        }
        // The same text on disk as in the binary.
        let on_disk =
            scenario::load_file(Path::new(&format!("assets/scenarios/{name}.ron"))).unwrap();
        assert_eq!(on_disk.title(), s.title());
    }
}

/// AI seats never attempt an illegal action, in any scenario, at any size.
#[test]
fn baseline_ai_plays_every_scenario_to_the_end_legally() {
    let mut all: Vec<Arc<Scenario>> = scenario::BUNDLED.iter().map(|(n, _)| scenario(n)).collect();
    all.push(fixture("two-seats"));
    all.push(fixture("eight-seats"));
    for s in all {
        for seed in 0..15 {
            let mut game = Game::new(Arc::clone(&s), seed, GameConfig::default()).unwrap();
            while let Some(seat) = game.to_move() {
                let mut rng = ai::rng_for(seed, seat, game.state().steps);
                let d = Bot::Baseline.decide(&game.view(seat), &mut rng);
                if let Err(e) = game.apply(seat, d.action) {
                    panic!("{} seed {seed}: {:?} refused: {e}", s.id(), d.action);
                }
                assert!(!d.reason.is_empty());
            }
            assert!(game.state().ending().is_some());
        }
    }
}

#[test]
fn scenarios_of_two_and_eight_seats_work() {
    assert_eq!(fixture("two-seats").factions().len(), 2);
    assert_eq!(fixture("eight-seats").factions().len(), 8);
}

#[test]
fn every_invalid_fixture_fails_with_its_expected_message() {
    let dir = Path::new("tests/fixtures/scenarios/invalid");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// expect: "))
            .unwrap_or_else(|| {
                panic!(
                    "{}: first line must be '// expect: MESSAGE'",
                    path.display()
                )
            });
        let err =
            scenario::load_file(&path).expect_err(&format!("{} should be invalid", path.display()));
        let message = err.to_string();
        assert!(
            message.contains(expected),
            "{}:\n expected: {expected}\n got: {message}",
            path.display()
        );
        assert!(
            message.starts_with(&path.display().to_string()),
            "messages name the file: {message}"
        );
        let mut lines: Vec<&str> = message.lines().collect();
        lines.sort_unstable();
        let problems = lines.len();
        lines.dedup();
        assert_eq!(lines.len(), problems, "a problem reported twice: {message}");
        checked += 1;
    }
    assert!(checked >= 23, "only {checked} fixtures");
}

#[test]
fn semantic_errors_point_at_the_offending_line() {
    let path = Path::new("tests/fixtures/scenarios/invalid/negative-hours.ron");
    let message = scenario::load_file(path).unwrap_err().to_string();
    let text = std::fs::read_to_string(path).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("hours_treaty: -4"))
        .unwrap()
        + 1;
    assert!(
        message.starts_with(&format!("{}:{line}:", path.display())),
        "{message}"
    );
}

#[test]
fn too_many_or_too_few_factions_are_refused() {
    let text = std::fs::read_to_string("tests/fixtures/scenarios/valid/eight-seats.ron").unwrap();
    let start = text
        .find("        Faction(\n            id: \"poland\"")
        .unwrap();
    let end = text[start..].find("    ],\n    clauses:").unwrap() + start;
    let ninth = text[start..end].replace("id: \"poland\"", "id: \"baltics\"");
    let nine = format!("{}{}{}", &text[..end], ninth, &text[end..]);
    let err = scenario::parse("nine.ron", &nine).unwrap_err().to_string();
    assert!(
        err.contains("a scenario needs 2 to 8 factions (found 9)"),
        "{err}"
    );
}

#[test]
fn bad_files_are_refused_before_or_while_reading() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.ron");
    std::fs::write(&empty, "").unwrap();
    assert!(matches!(
        scenario::load_file(&empty),
        Err(ScenarioError::Empty { .. })
    ));
    let binary = dir.path().join("binary.ron");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x81, 0x20]).unwrap();
    assert!(matches!(
        scenario::load_file(&binary),
        Err(ScenarioError::NotText { .. })
    ));
    let huge = dir.path().join("huge.ron");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(scenario::MAX_SCENARIO_BYTES + 1).unwrap();
    assert!(matches!(
        scenario::load_file(&huge),
        Err(ScenarioError::TooLarge { .. })
    ));
    assert!(matches!(
        scenario::load_file(dir.path()),
        Err(ScenarioError::Io { .. })
    ));
    assert!(matches!(
        scenario::load_file(&dir.path().join("missing.ron")),
        Err(ScenarioError::Io { .. })
    ));
    let err = scenario::find("nowhere-2031").unwrap_err().to_string();
    assert!(
        err.contains("nato-lite-2025") && err.contains("brussels-2025"),
        "{err}"
    );
}

#[test]
fn a_changed_scenario_is_played_only_once_validated_again() {
    // The only door from a written scenario to a playable one is validation:
    // a change that breaks a reference is refused there, never played.
    let s = nato_lite();
    let mut raw = s.raw().clone();
    raw.factions[0].secret.red_lines[0].option = "no-such-option".into();
    let problems = Scenario::validate(raw, s.text()).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("red line names unknown clause option")),
        "{problems:?}"
    );
    let same = Scenario::validate(s.raw().clone(), s.text()).unwrap();
    assert_eq!(same.hash(), s.hash());
}

#[test]
fn plural_seats_take_plural_verbs() {
    use umbrella::core::plural_verb;
    for (singular, plural) in [
        ("signs", "sign"),
        ("passes", "pass"),
        ("proposes", "propose"),
        ("launches", "launch"),
        ("watches", "watch"),
        ("has", "have"),
        ("is", "are"),
        ("backs", "back"),
        ("stands", "stand"),
        ("ratifies", "ratify"),
    ] {
        assert_eq!(plural_verb(singular), plural);
    }
    let s = nato_lite();
    let europe = seat(&s, "europe");
    let italy = seat(&s, "italy");
    let line = |kind: EventKind| {
        Event {
            when: When::Round(1),
            kind,
        }
        .describe(&s)
    };
    assert_eq!(
        line(EventKind::Passed { by: europe }),
        "European partners pass."
    );
    assert_eq!(line(EventKind::Passed { by: italy }), "Italy passes.");
    let items = responses(&s, &["sanctions"]);
    assert_eq!(
        line(EventKind::Supported { by: europe, items }),
        "European partners back the package and provide New sanctions."
    );
    assert_eq!(
        line(EventKind::ApprovalSought {
            by: europe,
            due: 30
        }),
        "European partners ask their parliaments to authorise forces; vote due at hour 30."
    );
}

#[test]
fn an_ai_reason_about_a_plural_seat_agrees_with_it() {
    let s = nato_lite();
    let europe = s.faction(seat(&s, "europe"));
    let italy = s.faction(seat(&s, "italy"));
    assert_eq!(
        europe.agree("European partners waits 20 h"),
        "European partners wait 20 h"
    );
    assert_eq!(
        europe.agree("European partners passes"),
        "European partners pass"
    );
    assert_eq!(europe.agree("the clock is running"), "the clock is running");
    assert_eq!(italy.agree("Italy waits 20 h"), "Italy waits 20 h");
}
