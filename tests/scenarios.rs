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

/// `two-seats.ron` with `from` replaced by `to`: refused with `expected`,
/// located on the line where `to` was written.
fn refused_at_the_change(from: &str, to: &str, expected: &str) {
    let text = std::fs::read_to_string("tests/fixtures/scenarios/valid/two-seats.ron").unwrap();
    assert!(text.contains(from), "{from}");
    let changed = text.replacen(from, to, 1);
    let line = changed[..changed.find(to).unwrap()].matches('\n').count() + 1;
    let message = match scenario::parse("two-seats.ron", &changed) {
        Ok(_) => panic!("{to}: accepted"),
        Err(e) => e.to_string(),
    };
    assert!(
        message.contains(expected),
        "{to}:\n expected: {expected}\n got: {message}"
    );
    assert!(
        message.starts_with(&format!("two-seats.ron:{line}:")),
        "{to}: not located on line {line}: {message}"
    );
}

#[test]
fn numbers_no_game_can_play_are_refused_where_they_are_written() {
    let rules = "rules: (horizon_months: 6, negotiation_rounds: 2)";
    for (from, to, expected) in [
        (
            rules,
            "rules: (horizon_months: 6, negotiation_rounds: 2147483647)",
            "rules: negotiation_rounds must be from 1 to 52 (found 2147483647)",
        ),
        (
            rules,
            "rules: (horizon_months: 121, negotiation_rounds: 2)",
            "rules: horizon_months must be from 1 to 120 (found 121)",
        ),
        (
            rules,
            "rules: (horizon_months: 6, decision_months: 7, negotiation_rounds: 2)",
            "rules: decision_months must be at most horizon_months (6) (found 7)",
        ),
        (
            rules,
            "rules: (horizon_months: 6, negotiation_rounds: 2, crisis_overtime_hours: 1001)",
            "rules: crisis_overtime_hours must be from 0 to 1000 (found 1001)",
        ),
        (
            rules,
            "rules: (horizon_months: 6, negotiation_rounds: 2, clock_met: (credibility: 5000))",
            "rules: clock_met: credibility must be from -100 to 100 (found 5000)",
        ),
        (
            rules,
            "rules: (horizon_months: 6, negotiation_rounds: 2, max_mitigation: 150)",
            "rules: max_mitigation must be from 0 to 100 (found 150)",
        ),
        (
            "(id: \"safe\", points: 10,",
            "(id: \"safe\", points: 2147483647,",
            "faction \"home\" objective \"safe\": points must be from -1000 to 1000 (found 2147483647)",
        ),
        (
            "briefing: \"Defend yourself.\", support: 50,",
            "briefing: \"Defend yourself.\", support: 50, approval: Some((body: \"Diet\", hours: 5000, chance: 50)),",
            "faction \"home\": approval hours must be from 0 to 1000 (found 5000)",
        ),
        (
            "\"clock\": {\"24h\": 2,",
            "\"clock\": {\"24h\": 2000000,",
            "faction \"home\": the preference for option \"24h\" of clause \"clock\" must be from -1000 to 1000 (found 2000000)",
        ),
        (
            "Clock(hours: 24, stakes: 130)",
            "Clock(hours: 100000, stakes: 130)",
            "clause \"clock\" option \"24h\": clock hours must be from 1 to 1000",
        ),
        (
            "help: \"No guarantors.\",",
            "help: \"No guarantors.\", deterrence: 500,",
            "clause \"framework\" option \"alone\": deterrence must be from -100 to 100 (found 500)",
        ),
        (
            "hours_adhoc: 8",
            "hours_adhoc: 99999",
            "response \"defend\": hours_adhoc must be from 0 to 1000 (found 99999)",
        ),
        (
            "severity: 2,",
            "severity: 5000,",
            "attack \"raid\": severity must be from 1 to 1000 (found 5000)",
        ),
        (
            "escalation: 1, cost: 2,",
            "escalation: 9, cost: 2,",
            "attack \"raid\": escalation must be from 0 to 2 (found 9)",
        ),
        (
            "pledge_broken: (costs: 5)",
            "pledge_broken: (costs: 500)",
            "offer: pledge_broken: costs must be from -100 to 100 (found 500)",
        ),
        (
            "escalation_ladder: [\"Calm\", \"Tension\", \"War\"]",
            "escalation_ladder: [\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\", \"10\", \"11\", \"12\", \"13\", \"14\", \"15\", \"16\", \"17\", \"18\", \"19\", \"War\"]",
            "the escalation ladder has 21 rungs; the limit is 20",
        ),
    ] {
        refused_at_the_change(from, to, expected);
    }
}

#[test]
fn a_key_written_twice_in_any_map_is_refused_where_it_is_written_again() {
    for (from, to) in [
        // Preferences: an option's value, and a whole clause.
        (
            "\"framework\": {\"alone\": 1},",
            "\"framework\": {\"alone\": 1, \"alone\": 2},",
        ),
        (
            "\"burden\": {\"equal\": 0},",
            "\"burden\": {\"equal\": 0}, \"burden\": {\"equal\": 1},",
        ),
        // Burden weights.
        ("Burden({})", "Burden({\"home\": 1, \"home\": 2})"),
        // A draft.
        ("\"menu\": [], ", "\"menu\": [], \"menu\": [\"defend\"], "),
        // An inject's support.
        (
            "    offer: (accept",
            "    injects: [(id: \"i\", title: \"I\", text: \"T\", support: {\"home\": 1, \"home\": -1})],\n    offer: (accept",
        ),
    ] {
        refused_at_the_change(from, to, "is written twice in this map");
    }
}

#[test]
fn control_characters_in_ids_names_and_texts_are_refused_where_they_are_written() {
    for (from, to, expected) in [
        (
            "name: \"Home\"",
            "name: \"Ho\\u{1b}[31mme\"",
            "faction \"home\": name holds the control character U+001B; ids and names are one line of plain text",
        ),
        (
            "(id: \"raid\", name: \"Border raid\"",
            "(id: \"raid\", name: \"Border\u{1b}]0;owned\u{7} raid\"",
            "attack \"raid\": name holds the control character U+001B",
        ),
        (
            "briefing: \"Defend yourself.\"",
            "briefing: \"Defend\\nyourself.\\u{9b}2J\"",
            "faction \"home\": briefing holds the control character U+009B; a text may hold line breaks but no other control characters",
        ),
        (
            "label: \"Self-reliance\"",
            "label: \"Self-\\nreliance\"",
            "clause \"framework\" option \"alone\": label holds the control character U+000A",
        ),
        (
            "title: \"Alone\"",
            "title: \"Al\\tone\"",
            "the scenario's title holds the control character U+0009",
        ),
    ] {
        refused_at_the_change(from, to, expected);
    }
    // A line break may stay in a long text.
    let text = std::fs::read_to_string("tests/fixtures/scenarios/valid/two-seats.ron").unwrap();
    let briefing = text.replacen(
        "briefing: \"Defend yourself.\"",
        "briefing: \"Defend\\nyourself.\"",
        1,
    );
    assert_ne!(briefing, text);
    scenario::parse("two-seats.ron", &briefing).unwrap();
}

#[test]
fn ids_and_names_too_long_to_show_are_refused() {
    let long = "x".repeat(201);
    refused_at_the_change(
        "name: \"Home\"",
        &format!("name: \"{long}\""),
        "faction \"home\": name is 201 characters long; the limit is 200",
    );
}

#[test]
fn the_aggressors_crisis_moves_are_checked_where_they_are_written() {
    let text = std::fs::read_to_string("assets/scenarios/nato-lite-2025.ron").unwrap();
    let bad = text
        .replacen(
            "hours: 6, severity_percent: 25",
            "hours: 0, severity_percent: 250",
            1,
        )
        .replacen("hours: 2, attribution: 12", "hours: 2, attribution: 0", 1);
    assert_ne!(bad, text);
    let err = scenario::parse("moves.ron", &bad).unwrap_err().to_string();
    for expected in [
        "crisis_moves: press: hours must be at least 1 (found 0)",
        "crisis_moves: press: severity_percent must be from -100 to 100 (found 250)",
        "crisis_moves: deny: attribution must be at least 1 (found 0)",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    // Each problem names its line and column in the file.
    let line = bad
        .lines()
        .position(|l| l.contains("hours: 0, severity_percent"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("moves.ron:{line}:")), "{err}");
}

#[test]
fn the_aggressors_table_moves_are_checked_where_they_are_written() {
    let text = std::fs::read_to_string("assets/scenarios/nato-lite-2025.ron").unwrap();
    let bad = text
        .replacen(
            "exposed_chance: 25, exposed_support: -5",
            "exposed_chance: 140, exposed_support: -5",
            1,
        )
        .replacen(
            "support: -1, provocation: 10",
            "support: -1, provocation: -3",
            1,
        );
    assert_ne!(bad, text);
    let err = scenario::parse("table.ron", &bad).unwrap_err().to_string();
    for expected in [
        "table_moves: back_channel: exposed_chance must be from 0 to 100 (found 140)",
        "table_moves: threat: provocation cannot be negative (found -3)",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    let line = bad
        .lines()
        .position(|l| l.contains("exposed_chance: 140"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("table.ron:{line}:")), "{err}");
}

#[test]
fn the_bundled_scenarios_teach_the_corrected_background_with_dates() {
    for (name, _) in scenario::BUNDLED {
        let s = scenario(name);
        for fact in s.background() {
            assert!(!fact.date.is_empty(), "{name}: {} has no date", fact.title);
        }
        let all: String = s
            .background()
            .iter()
            .map(|f| f.text.as_str())
            .chain([s.situation(), s.fallback().text.as_str()])
            .collect::<Vec<_>>()
            .join(" ");
        // The 2024 agreement: consultation within 24 hours, not 72.
        assert!(s.fallback().text.contains("24 hours"), "{name}");
        assert!(!all.contains("consultation within 72 hours"), "{name}");
        // The war goes on in 2025; a ceasefire is the game's premise.
        assert!(all.contains("February 2022"), "{name}");
        assert!(!all.contains("A ceasefire holds"), "{name}");
        assert!(s.situation().to_lowercase().contains("suppose"), "{name}");
        for fact in ["Budapest Memorandum", "July 2024", "Critics", "Washington"] {
            assert!(
                all.to_lowercase().contains(&fact.to_lowercase()),
                "{name}: nothing about {fact}"
            );
        }
    }
    // The March scenario holds March facts only.
    let march = scenario("brussels-2025");
    let text: String = march.background().iter().map(|f| f.text.clone()).collect();
    assert!(text.contains("paused military aid"));
    assert!(!text.contains("airspace and ports"));
    assert!(!text.contains("bluff"));
    assert!(!text.contains("Rimini"));
    // August: Washington first, then Rimini.
    let august = scenario("nato-lite-2025");
    let text: String = august.background().iter().map(|f| f.text.clone()).collect();
    let (w, r) = (text.find("White House"), text.find("Rimini"));
    assert!(w.is_some() && r.is_some() && w < r, "the August order");
    assert!(text.contains("willing to take part in security guarantees"));
}

#[test]
fn every_bundled_scenario_has_a_seminar_form_whose_games_save_and_load() {
    use umbrella::scenario::{Length, with_length};
    for (name, _) in scenario::BUNDLED {
        let full = scenario(name);
        let short = with_length(Arc::clone(&full), Length::Seminar).unwrap();
        assert_eq!(short.id(), format!("{name}-seminar"));
        assert!(short.title().ends_with("(seminar)"));
        assert_eq!(short.rules().negotiation_rounds, 4);
        assert_eq!(short.rules().horizon_months, 12);
        assert_eq!(
            full.rules().negotiation_rounds,
            8,
            "the full form is as written"
        );
        // Found again by its id, the same text: saves of it load.
        let again = scenario::find(short.id()).unwrap();
        assert_eq!(again.hash(), short.hash());
        let bots = vec![Bot::Normal; short.factions().len()];
        let game =
            umbrella::lab::play(Arc::clone(&short), 3, GameConfig::default(), &bots).unwrap();
        assert!(game.is_over());
        assert!(
            game.state().month <= 12 + 1,
            "{name}: month {}",
            game.state().month
        );
        let dir = tempfile::tempdir().unwrap();
        let players: Vec<umbrella::ai::Player> = bots
            .iter()
            .map(|b| umbrella::ai::Player::of_bot(*b))
            .collect();
        let path = umbrella::save::autosave(
            dir.path(),
            &game,
            &players,
            umbrella::save::Meta::new("semi", "autosave"),
        )
        .unwrap();
        let loaded = umbrella::save::load(&path).unwrap();
        assert_eq!(loaded.game.record(), game.record());
        assert_eq!(loaded.game.scenario().id(), short.id());
    }
    // A scenario without a seminar form says so.
    let two = scenario("tests/fixtures/scenarios/valid/two-seats.ron");
    let err = with_length(two, Length::Seminar)
        .err()
        .map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("no seminar form")));
}
