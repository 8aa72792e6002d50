//! The command line, run as a user would.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

fn umbrella() -> assert_cmd::Command {
    cargo_bin_cmd!("umbrella")
}

fn stdout_of(args: &[&str]) -> String {
    let out = umbrella().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_game_needs_a_terminal_and_says_so() {
    // Under the test harness stdin and stdout are not a terminal.
    umbrella().assert().code(2).stderr(
        predicate::str::contains("needs a terminal")
            .and(predicate::str::contains("umbrella simulate")),
    );
    umbrella()
        .arg("play")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a terminal"));
}

#[test]
fn play_checks_its_arguments_before_opening_the_terminal() {
    umbrella()
        .args(["play", "--seat", "uk=human"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown seat 'uk'. Seats: italy, ukraine, usa, russia, europe, all",
        ));
    umbrella()
        .args(["play", "--seat", "italy=ai:genius"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Levels: easy, normal"));
    umbrella()
        .args(["play", "--seat", "italy"])
        .assert()
        .code(2);
    umbrella()
        .args(["play", "--seat", "italy=robot"])
        .assert()
        .code(2);
    umbrella()
        .args(["play", "--scenario", "atlantis"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nato-lite-2025"));
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["play", "--help"],
        &["scenarios", "--help"],
        &["check", "--help"],
        &["simulate", "--help"],
    ] {
        umbrella()
            .args(args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
    umbrella().arg("--version").assert().success();
}

#[test]
fn bad_usage_exits_2() {
    umbrella().arg("--colour").assert().code(2);
    umbrella().arg("conquer").assert().code(2);
    umbrella()
        .args(["simulate", "--games", "0"])
        .assert()
        .code(2);
    umbrella()
        .args(["simulate", "--format", "xml"])
        .assert()
        .code(2);
    umbrella().arg("check").assert().code(2);
}

#[test]
fn scenarios_lists_the_bundled_scenarios() {
    let out = stdout_of(&["scenarios"]);
    assert!(out.contains("nato-lite-2025") && out.contains("(default)"));
    assert!(out.contains("brussels-2025"));
}

#[test]
fn check_accepts_valid_files_and_reports_invalid_ones() {
    umbrella()
        .args([
            "check",
            "assets/scenarios/nato-lite-2025.ron",
            "tests/fixtures/scenarios/valid/two-seats.ron",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("ok"));
    umbrella()
        .args([
            "check",
            "assets/scenarios/brussels-2025.ron",
            "tests/fixtures/scenarios/invalid/syntax-error.ron",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "tests/fixtures/scenarios/invalid/syntax-error.ron:9:11: Expected colon",
        ));
    umbrella()
        .args([
            "check",
            "tests/fixtures/scenarios/invalid/unknown-faction-in-objective.ron",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown faction \"uk\""));
}

#[test]
fn simulate_json_has_the_promised_keys_and_is_reproducible() {
    let args = [
        "simulate", "--games", "60", "--seed", "3", "--format", "json",
    ];
    let out = stdout_of(&args);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "scenario",
        "seed",
        "games",
        "agreement_rate",
        "clock_met_rate",
        "catastrophe_rate",
        "mean_game_months",
        "wins",
        "mean_score",
        "missed_clock_game_rate",
        "mean_escalation_peak",
        "active_decisions",
        "active_decisions_between_crises",
        "distinct_treaties",
        "top_treaty_share",
        "max_repeat_proposals",
        "repeat_proposal_game_rate",
        "max_reason_share",
        "reason_share_game_rate",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    // Shares of moves: between 0 and 1, and some seat repeats itself somewhere.
    let share = v["max_reason_share"].as_f64().unwrap();
    assert!(share > 0.0 && share <= 1.0, "{share}");
    let rate = v["reason_share_game_rate"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&rate), "{rate}");
    // The normal AI tables no package more than twice in one crisis.
    assert!(v["max_repeat_proposals"].as_u64().unwrap() <= 2);
    assert_eq!(v["scenario"], "nato-lite-2025");
    assert_eq!(v["games"], 60);
    for seat in ["italy", "ukraine", "usa", "russia", "europe"] {
        assert!(
            v["wins"][seat].is_number()
                && v["mean_score"][seat].is_number()
                && v["active_decisions"][seat].is_number()
                && v["active_decisions_between_crises"][seat].is_number(),
            "{seat}"
        );
    }
    let missed = v["missed_clock_game_rate"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&missed), "{missed}");
    // The ladder's starting rung counts: nato-lite starts on rung 1.
    assert!(v["mean_escalation_peak"].as_f64().unwrap() >= 1.0);
    assert_eq!(out, stdout_of(&args), "same arguments, same output");
    let one_job = stdout_of(&[
        "simulate", "--games", "60", "--seed", "3", "--format", "json", "--jobs", "1",
    ]);
    let two_jobs = stdout_of(&[
        "simulate", "--games", "60", "--seed", "3", "--format", "json", "--jobs", "2",
    ]);
    assert_eq!(one_job, two_jobs, "--jobs does not change results");
    assert_eq!(out, one_job);
}

#[test]
fn a_thousand_games_complete() {
    let out = stdout_of(&[
        "simulate", "--games", "1000", "--seed", "1", "--format", "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["games"], 1000);
}

#[test]
fn sweep_compares_options_side_by_side() {
    let out = stdout_of(&[
        "simulate",
        "--games",
        "30",
        "--sweep",
        "clock=24h,48h,72h",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let runs = v.as_array().unwrap();
    assert_eq!(runs.len(), 3);
    assert_eq!(runs[0]["set"]["clock"], "24h");
    assert_eq!(runs[2]["set"]["clock"], "72h");
    let table = stdout_of(&["simulate", "--games", "30", "--sweep", "clock=24h,72h"]);
    assert!(
        table.contains("clock=24h")
            && table.contains("clock=72h")
            && table.contains("agreement rate")
    );
    let csv = stdout_of(&[
        "simulate",
        "--games",
        "30",
        "--set",
        "preauth=yes",
        "--sweep",
        "clock=24h,72h",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("scenario,seed,games,set,agreement_rate"));
    assert!(lines[1].contains("clock=24h preauth=yes"));
}

#[test]
fn simulate_counts_what_each_seat_actively_decided() {
    let json = |extra: &[&str]| {
        let mut args = vec![
            "simulate", "--games", "20", "--seed", "4", "--format", "json",
        ];
        args.extend_from_slice(extra);
        let v: serde_json::Value = serde_json::from_str(&stdout_of(&args)).unwrap();
        v
    };
    let figure = |v: &serde_json::Value, key: &str| v[key]["russia"].as_f64().unwrap();
    // A Russia that is not offered the treaty, never attacks and has no red
    // line to signal (the text crosses none) only watches and holds.
    let idle = json(&[
        "--seat",
        "russia=conceder",
        "--set",
        "russia=none",
        "--set",
        "framework=pact",
        "--set",
        "menu=sanctions+intel",
    ]);
    assert_eq!(idle["mean_attacks"], 0.0);
    assert_eq!(figure(&idle, "active_decisions"), 0.0);
    assert_eq!(figure(&idle, "active_decisions_between_crises"), 0.0);
    assert_eq!(idle["missed_clock_game_rate"], 0.0, "no crisis, no clock");
    assert!(idle["active_decisions"]["italy"].as_f64().unwrap() > 0.0);
    // The scripted Russia attacks six times: each attack is active between
    // crises, and so is its answer when the treaty is offered to it.
    for (offer, answers) in [("none", 0.0), ("offered", 1.0)] {
        let set = format!("russia={offer}");
        let scripted = json(&["--seat", "russia=scripted", "--set", &set]);
        assert_eq!(scripted["mean_attacks"], 6.0);
        assert_eq!(
            figure(&scripted, "active_decisions_between_crises"),
            6.0 + answers,
            "{offer}"
        );
        assert!(figure(&scripted, "active_decisions") >= 6.0 + answers);
        // The protected party has nothing to decide between crises; the
        // guarantors (normal AI) adopt policies there.
        assert_eq!(scripted["active_decisions_between_crises"]["ukraine"], 0.0);
        let italy = scripted["active_decisions_between_crises"]["italy"]
            .as_f64()
            .unwrap();
        assert!(italy > 0.0, "{italy}");
    }
    // The table and the csv show the same figures.
    let args = [
        "simulate",
        "--games",
        "20",
        "--seed",
        "4",
        "--seat",
        "russia=scripted",
    ];
    let table = stdout_of(&args);
    for row in [
        "games with a clock missed",
        "escalation peak, rung",
        "Russia (scripted) active decisions / between crises",
    ] {
        assert!(table.contains(row), "{row}: {table}");
    }
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let out = stdout_of(&csv_args);
    let (header, rows) = read_csv(&out);
    assert_eq!(rows.len(), 1);
    let column = |name: &str| {
        let i = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}: {out}"));
        rows[0][i].parse::<f64>().unwrap()
    };
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&json_args)).unwrap();
    for key in ["missed_clock_game_rate", "mean_escalation_peak"] {
        assert_eq!(column(key), v[key].as_f64().unwrap(), "{key}");
    }
    for key in ["active_decisions", "active_decisions_between_crises"] {
        assert_eq!(column(&format!("{key}.russia")), figure(&v, key), "{key}");
    }
}

/// The bundled scenario with ids holding a comma and quotes: the scenario's
/// `nato, "lite"` and Russia's `rus,"sia"`.
fn awkward_ids(dir: &std::path::Path) -> std::path::PathBuf {
    let bundled = std::fs::read_to_string("assets/scenarios/nato-lite-2025.ron").unwrap();
    let renamed = bundled
        .replacen("id: \"nato-lite-2025\"", r#"id: "nato, \"lite\"""#, 1)
        .replace("\"russia\"", r#""rus,\"sia\"""#);
    assert_ne!(renamed, bundled);
    let file = dir.join("awkward.ron");
    std::fs::write(&file, renamed).unwrap();
    file
}

/// `csv` read back with the csv crate: its header and rows, each as long as the header.
fn read_csv(csv: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{csv}");
    }
    (header, rows)
}

#[test]
fn csv_quotes_ids_with_a_comma_or_a_quote() {
    let dir = tempfile::tempdir().unwrap();
    let file = awkward_ids(dir.path());
    let out = stdout_of(&[
        "simulate",
        "--scenario",
        file.to_str().unwrap(),
        "--games",
        "3",
        "--sweep",
        "clock=24h,72h",
        "--format",
        "csv",
    ]);
    let (header, rows) = read_csv(&out);
    assert_eq!(&header[0], "scenario");
    assert!(header.iter().any(|h| h == r#"wins.rus,"sia""#), "{out}");
    assert_eq!(rows.len(), 2, "{out}");
    for row in &rows {
        assert_eq!(&row[0], r#"nato, "lite""#);
    }
    assert_eq!(&rows[1][3], "clock=72h");
    // The tournament's: one row per figure.
    let out = stdout_of(&[
        "tournament",
        "--scenario",
        file.to_str().unwrap(),
        "--games",
        "2",
        "--format",
        "csv",
    ]);
    let (header, rows) = read_csv(&out);
    let columns = [
        "scenario", "seed", "games", "part", "bot", "against", "seat", "measure", "value",
    ];
    assert_eq!(header.iter().collect::<Vec<_>>(), columns);
    assert!(rows.iter().all(|r| &r[0] == r#"nato, "lite""#), "{out}");
    let russia = |part: &str, measure: &str| {
        rows.iter()
            .filter(|r| &r[3] == part && &r[6] == r#"rus,"sia""# && &r[7] == measure)
            .count()
    };
    assert_eq!(russia("bots", "win_rate"), 7, "each bot in Russia's seat");
    assert_eq!(russia("exploit", "gain"), 1);
    // The same figures as the JSON report.
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "tournament",
        "--scenario",
        file.to_str().unwrap(),
        "--games",
        "2",
        "--format",
        "json",
    ]))
    .unwrap();
    let figure = |part: &str, bot: &str, seat: &str, measure: &str| -> f64 {
        let row = rows
            .iter()
            .find(|r| &r[3] == part && &r[4] == bot && &r[6] == seat && &r[7] == measure)
            .unwrap_or_else(|| panic!("{part} {bot} {seat} {measure}: {out}"));
        row[8].parse().unwrap()
    };
    assert_eq!(
        figure("bots", "normal", r#"rus,"sia""#, "mean_score"),
        json["bots"]["normal"]["by_seat"][r#"rus,"sia""#]["mean_score"]
            .as_f64()
            .unwrap()
    );
    assert_eq!(
        figure("treaty_space", "", "", "pareto_frontier_size"),
        json["pareto_frontier_size"].as_f64().unwrap()
    );
}

#[test]
fn unknown_names_exit_2_with_the_valid_values() {
    umbrella()
        .args(["simulate", "--set", "clock=12h"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("24h, 48h, 72h"));
    umbrella()
        .args(["simulate", "--set", "speed=fast"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "framework, clock, obligation, menu",
        ));
    umbrella()
        .args(["simulate", "--sweep", "clock=24h,12h"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no option '12h'"));
    umbrella()
        .args(["simulate", "--set", "clock=24h", "--sweep", "clock=24h,48h"])
        .assert()
        .code(2);
    umbrella()
        .args(["simulate", "--scenario", "atlantis"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("brussels-2025"));
    umbrella()
        .args([
            "simulate",
            "--scenario",
            "tests/fixtures/scenarios/invalid/negative-hours.ron",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be negative"));
}

#[test]
fn simulate_puts_other_bots_in_chosen_seats() {
    let json = |extra: &[&str]| {
        let mut args = vec![
            "simulate", "--games", "40", "--seed", "2", "--format", "json",
        ];
        args.extend_from_slice(extra);
        let v: serde_json::Value = serde_json::from_str(&stdout_of(&args)).unwrap();
        v
    };
    let normal = json(&[]);
    assert_eq!(normal["seats"], serde_json::json!({}));
    // A Russia that attacks on a fixed schedule: six attacks in 24 months.
    let scripted = json(&["--seat", "russia=scripted"]);
    assert_eq!(scripted["seats"], serde_json::json!({"russia": "scripted"}));
    assert_eq!(scripted["mean_attacks"], 6.0);
    assert_ne!(normal["mean_attacks"], scripted["mean_attacks"]);
    // Applied in order: the last word on a seat wins.
    let back = json(&["--seat", "all=conceder", "--seat", "russia=normal"]);
    assert_eq!(back["seats"]["italy"], "conceder");
    assert!(back["seats"].get("russia").is_none());
    let table = stdout_of(&["simulate", "--games", "5", "--seat", "russia=random"]);
    assert!(table.contains("Russia (random) wins / score"), "{table}");
    assert!(
        table.contains("Russia (random) active decisions / between crises"),
        "{table}"
    );
    umbrella()
        .args(["simulate", "--seat", "russia=genius"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("hardliner, conceder, scripted"));
    umbrella()
        .args(["simulate", "--seat", "moon=normal"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "italy, ukraine, usa, russia, europe, all",
        ));
    umbrella()
        .args(["simulate", "--seat", "russia"])
        .assert()
        .code(2);
}

#[test]
fn simulate_saves_a_game_whatever_bots_play_it() {
    use umbrella::ai::{Bot, Level, Player};
    let dir = tempfile::tempdir().unwrap();
    let s = umbrella::scenario::find("nato-lite-2025").unwrap();
    let cases: [(&[&str], [Bot; 5]); 2] = [
        (&["--seat", "all=hard"], [Bot::Hard; 5]),
        (
            &["--seat", "russia=scripted", "--seat", "italy=baseline"],
            [
                Bot::Baseline,
                Bot::Normal,
                Bot::Normal,
                Bot::Scripted,
                Bot::Normal,
            ],
        ),
    ];
    for (i, (seats, bots)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("game{i}.ron"));
        umbrella()
            .args(["simulate", "--games", "1"])
            .args(*seats)
            .arg("--save")
            .arg(&file)
            .assert()
            .success()
            .stderr(predicate::str::contains("saved the game to"));
        umbrella()
            .args(["replay", "--verify"])
            .arg(&file)
            .assert()
            .success()
            .stdout(predicate::str::contains("verified"));
        // Loaded: what stops it is only that the tests have no terminal.
        umbrella()
            .args(["play", "--load"])
            .arg(&file)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("needs a terminal"));
        // The game the bots played, each seat recorded as it was played: a
        // level as an AI of that level, another bot by name.
        let loaded = umbrella::save::load(&file).unwrap();
        // The lab varies every seat's personality unless told otherwise.
        assert_eq!(loaded.save.config.varied, umbrella::lab::all_seats(&s));
        let played = umbrella::lab::play(
            std::sync::Arc::clone(&s),
            umbrella::lab::game_seed(1, 0),
            loaded.save.config.clone(),
            bots,
        )
        .unwrap();
        assert_eq!(loaded.game.record(), played.record());
        let players: Vec<Player> = bots.iter().map(|b| Player::of_bot(*b)).collect();
        assert_eq!(loaded.save.players, players);
        // A game loaded half way goes on with the same bots, to the same end.
        let half = &loaded.save.steps[..loaded.save.steps.len() / 2];
        let game = umbrella::core::Game::replay(
            std::sync::Arc::clone(&s),
            loaded.save.seed,
            loaded.save.config.clone(),
            half,
        )
        .unwrap();
        let mut table = umbrella::table::Table::new(game, loaded.save.players.clone());
        table.advance(|_| false);
        assert_eq!(table.game().record(), played.record());
    }
    assert_eq!(Player::of_bot(Bot::Hard), Player::Ai(Level::Hard));
    assert_eq!(Player::of_bot(Bot::Scripted), Player::Bot(Bot::Scripted));
    let report = stdout_of(&["report", dir.path().join("game1.ron").to_str().unwrap()]);
    assert!(
        report.contains("| Russia | aggressor | the scripted bot |"),
        "{report}"
    );
    assert!(
        report.contains("| Italy | guarantor | the baseline bot |"),
        "{report}"
    );
}

#[test]
fn simulate_takes_a_scenario_file() {
    let out = stdout_of(&[
        "simulate",
        "--scenario",
        "tests/fixtures/scenarios/valid/eight-seats.ron",
        "--games",
        "20",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["wins"].as_object().unwrap().len(), 8);
}

#[test]
fn report_writes_markdown_or_html_from_a_save() {
    let save = "tests/fixtures/saves/valid/seminar-3.ron";
    let md = stdout_of(&["report", save]);
    assert!(md.starts_with("# After-action report: NATO-lite"));
    assert!(md.contains("## Questions for the debrief"));
    let html = stdout_of(&["report", save, "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));

    // -o: the format follows the file's extension unless --format says otherwise.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("class.html");
    umbrella()
        .args(["report", save, "-o"])
        .arg(&page)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("wrote the report"));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), html);
    let notes = dir.path().join("class.txt");
    umbrella()
        .args(["report", save, "--format", "md", "-o"])
        .arg(&notes)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), md);
}

#[test]
fn report_refuses_bad_input_with_exit_code_2() {
    umbrella()
        .args(["report", "no/such/save.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/save.ron"));
    umbrella()
        .args([
            "report",
            "tests/fixtures/saves/valid/seminar-3.ron",
            "--format",
            "pdf",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pdf"));
    let bad = std::fs::read_dir("tests/fixtures/saves/invalid")
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    umbrella()
        .arg("report")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(bad.display().to_string()));
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
fn check_shows_control_characters_made_visible() {
    let text = std::fs::read_to_string("tests/fixtures/scenarios/valid/two-seats.ron").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("escape.ron");
    std::fs::write(&file, text.replace("\"rival\"", "\"ri\u{1b}[2Jval\"")).unwrap();
    let out = umbrella().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    no_raw_controls("check", &out.stderr);
    no_raw_controls("check", &out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("faction \"ri\\u{1b}[2Jval\": id holds the control character U+001B"),
        "{stderr}"
    );
}

#[test]
fn the_markdown_report_escapes_html_from_the_scenario() {
    let bundled = std::fs::read_to_string("assets/scenarios/nato-lite-2025.ron").unwrap();
    let renamed = bundled.replacen(
        "name: \"Italy\"",
        "name: \"<script>alert('Italy')</script> & co\"",
        1,
    );
    assert_ne!(renamed, bundled);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("script.ron");
    std::fs::write(&file, renamed).unwrap();
    let save = dir.path().join("game.ron");
    umbrella()
        .args(["simulate", "--games", "1", "--scenario"])
        .arg(&file)
        .arg("--save")
        .arg(&save)
        .assert()
        .success();
    let md =
        String::from_utf8(umbrella().arg("report").arg(&save).output().unwrap().stdout).unwrap();
    assert!(!md.contains("<script>"), "raw HTML in the report");
    assert!(
        md.contains("&lt;script&gt;alert('Italy')&lt;/script&gt; &amp; co"),
        "{md}"
    );
    let html = String::from_utf8(
        umbrella()
            .arg("report")
            .arg(&save)
            .args(["--format", "html"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(!html.contains("<script>alert"), "raw HTML in the page");
}

/// Standard error of a refused command: exit 2, a few lines at most, whatever it quoted.
fn short_refusal(what: &str, cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
    assert!(
        stderr.len() < 2000,
        "{what}: {} bytes on standard error, beginning {}",
        stderr.len(),
        &stderr[..300.min(stderr.len())]
    );
    stderr
}

#[test]
fn error_messages_quote_only_an_excerpt_of_a_huge_value() {
    let text = std::fs::read_to_string("tests/fixtures/scenarios/valid/two-seats.ron").unwrap();
    let huge = "x".repeat(100_000);
    let dir = tempfile::tempdir().unwrap();
    for (name, from, to) in [
        (
            "unknown field",
            "    title: \"Alone\",",
            format!("    {huge}: 1,\n    title: \"Alone\","),
        ),
        (
            "unknown variant",
            "role: Protected",
            format!("role: {huge}"),
        ),
        (
            "wrong type",
            "support: 50,",
            format!("support: \"{huge}\","),
        ),
        (
            "unknown taker",
            "takers: [\"home\"]",
            format!("takers: [\"{huge}\"]"),
        ),
        (
            "duplicate key",
            "\"framework\": {\"alone\": 1},",
            format!("\"framework\": {{\"alone\": 1}}, \"{huge}\": {{}}, \"{huge}\": {{}},"),
        ),
    ] {
        let file = dir.path().join("huge.ron");
        std::fs::write(&file, text.replacen(from, &to, 1)).unwrap();
        let stderr = short_refusal(name, umbrella().arg("check").arg(&file));
        assert!(stderr.contains("huge.ron:"), "{name}: {stderr}");
    }
    // Command-line values too.
    let long = "y".repeat(20_000);
    let set = format!("clock={long}");
    let stderr = short_refusal("--set", umbrella().args(["simulate", "--set", &set]));
    assert!(stderr.contains("no option 'yyyy"), "{stderr}");
    assert!(stderr.contains("…"), "{stderr}");
    let seat = format!("{long}=human");
    short_refusal("play --seat", umbrella().args(["play", "--seat", &seat]));
    let bot = format!("italy={long}");
    short_refusal(
        "simulate --seat",
        umbrella().args(["simulate", "--seat", &bot]),
    );
    short_refusal(
        "--sweep",
        umbrella().args(["simulate", "--sweep", &format!("{long}=a,b")]),
    );
    short_refusal(
        "--scenario",
        umbrella().args(["simulate", "--scenario", &long]),
    );
    short_refusal(
        "fork --at",
        umbrella().args([
            "fork",
            "tests/fixtures/saves/valid/seminar-3.ron",
            "--at",
            &long,
            "--set",
            "clock=72h",
        ]),
    );
}

/// Run the real binary with `args`, its standard input a pipe kept open, and
/// give it ten seconds: (exit code, standard error). A command that waits for
/// input that never comes is killed and fails the test instead of hanging it.
fn run_with_stdin_open(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("umbrella"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take();
    for _ in 0..200 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    if child.try_wait().unwrap().is_none() {
        child.kill().unwrap();
        child.wait().unwrap();
        panic!("{args:?} was still waiting after ten seconds");
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn only_regular_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = vec![
        (
            std::path::PathBuf::from("/dev/stdin"),
            "a named pipe (FIFO), not a regular file",
        ),
        (dir.path().to_path_buf(), "a directory, not a regular file"),
    ];
    let fifo = dir.path().join("fifo.ron");
    match std::process::Command::new("mkfifo").arg(&fifo).status() {
        Ok(status) if status.success() => {
            paths.push((fifo, "a named pipe (FIFO), not a regular file"));
        }
        _ => eprintln!("mkfifo is missing: the FIFO is not tested"),
    }
    for (path, why) in &paths {
        let p = path.as_os_str();
        for args in [
            vec!["replay".as_ref(), p],
            vec!["report".as_ref(), p],
            vec!["play".as_ref(), "--load".as_ref(), p],
            vec![
                "fork".as_ref(),
                p,
                "--at".as_ref(),
                "1".as_ref(),
                "--set".as_ref(),
                "clock=72h".as_ref(),
            ],
            vec!["check".as_ref(), p],
            vec!["simulate".as_ref(), "--scenario".as_ref(), p],
        ] {
            let (code, stderr) = run_with_stdin_open(&args);
            assert_eq!(code, Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains(why), "{args:?}: {stderr}");
        }
    }
}

#[cfg(unix)]
#[test]
fn outputs_never_replace_what_is_not_a_regular_file() {
    use std::os::unix::fs::symlink;
    let save = "tests/fixtures/saves/valid/seminar-3.ron";
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let target = d.join("precious.txt");
    std::fs::write(&target, "keep me").unwrap();
    symlink(&target, d.join("link.md")).unwrap();
    symlink(d.join("nowhere"), d.join("dangling.md")).unwrap();
    std::fs::create_dir(d.join("folder.md")).unwrap();
    let mut outputs = vec![
        (d.join("link.md"), "a symbolic link, not a regular file"),
        (d.join("dangling.md"), "a symbolic link, not a regular file"),
        (d.join("folder.md"), "a directory, not a regular file"),
    ];
    let fifo = d.join("fifo.md");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        outputs.push((fifo, "a named pipe (FIFO), not a regular file"));
    }
    for (out, why) in &outputs {
        let kind = std::fs::symlink_metadata(out).unwrap().file_type();
        umbrella()
            .args(["report", save, "-o"])
            .arg(out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*why));
        umbrella()
            .args(["simulate", "--games", "1", "--save"])
            .arg(out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*why));
        umbrella()
            .args([
                "fork",
                save,
                "--at",
                "attack:1",
                "--set",
                "clock=72h",
                "--out",
            ])
            .arg(out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("already exists"));
        // Nothing was replaced, and nothing was written through a link.
        assert_eq!(std::fs::symlink_metadata(out).unwrap().file_type(), kind);
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(!d.join("nowhere").exists());
    // A regular file is replaced as before.
    let page = d.join("page.md");
    std::fs::write(&page, "old").unwrap();
    umbrella()
        .args(["report", save, "-o"])
        .arg(&page)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .starts_with("# After-action report")
    );
}

#[test]
fn write_atomic_refuses_a_symbolic_link_or_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let err = umbrella::save::write_atomic(dir.path(), b"x").unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{err}");
    #[cfg(unix)]
    {
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(dir.path().join("target.ron"), &link).unwrap();
        let err = umbrella::save::write_atomic(&link, b"x").unwrap_err();
        assert!(err.to_string().contains("a symbolic link"), "{err}");
        assert!(!dir.path().join("target.ron").exists());
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // A link planted at the temporary file's name is not written through.
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "keep me").unwrap();
        let temp = dir
            .path()
            .join(format!(".page.ron.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&outside, &temp).unwrap();
        let page = dir.path().join("page.ron");
        umbrella::save::write_atomic(&page, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "new");
        assert!(
            std::fs::symlink_metadata(&page)
                .unwrap()
                .file_type()
                .is_file()
        );
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    }
}

/// Run the real binary in `dir` with `args`, one of its outputs a pipe whose
/// reader has gone away before it writes (as `| head -1` leaves it once it
/// has its line): (exit code, what it said on the other output).
fn with_a_closed_pipe(dir: &std::path::Path, args: &[&str], closed: &str) -> (Option<i32>, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("umbrella"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let said: Option<Box<dyn std::io::Read>> = if closed == "stdout" {
        drop(child.stdout.take());
        child.stderr.take().map(|e| Box::new(e) as _)
    } else {
        drop(child.stderr.take());
        child.stdout.take().map(|o| Box::new(o) as _)
    };
    let mut text = String::new();
    if let Some(mut said) = said {
        said.read_to_string(&mut text).unwrap();
    }
    (child.wait().unwrap().code(), text)
}

#[test]
fn every_command_ends_quietly_when_its_reader_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    umbrella()
        .current_dir(d)
        .args(["simulate", "--games", "1", "--save", "game.ron"])
        .assert()
        .success();
    let scenario = std::fs::canonicalize("assets/scenarios/nato-lite-2025.ron").unwrap();
    let scenario = scenario.to_str().unwrap();
    // A branch with another clock than the game's treaty has.
    let game = umbrella::save::load(&d.join("game.ron")).unwrap().game;
    let s = game.scenario();
    let clock = s.clause_by_id("clock").unwrap();
    let in_force = game.state().treaty().unwrap().draft.pick(clock);
    let other = (0..s.clause(clock).options.len())
        .find(|o| !in_force.contains(*o))
        .unwrap();
    let set = format!("clock={}", s.clause(clock).options[other].id);
    let commands: &[&[&str]] = &[
        &["scenarios"],
        &["check", scenario],
        &["simulate", "--games", "50"],
        &["simulate", "--games", "3", "--format", "json"],
        &["simulate", "--games", "3", "--format", "csv"],
        &["replay", "game.ron"],
        &["replay", "--verify", "game.ron"],
        &["report", "game.ron"],
        &["report", "game.ron", "--format", "html"],
        &["tournament", "--games", "2"],
        &["tournament", "--games", "2", "--format", "json"],
        &["tournament", "--games", "2", "--format", "csv"],
        &[
            "fork", "game.ron", "--at", "attack:1", "--set", &set, "--out", "b.ron",
        ],
        &["export-domain", "--format", "genius", "--out", "domain"],
        &["--help"],
        &["--version"],
    ];
    for args in commands {
        let (code, stderr) = with_a_closed_pipe(d, args, "stdout");
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?} says nothing");
    }
    assert!(d.join("b.ron").is_file(), "the branch was still written");
    // Messages on a closed standard error never panic either: bad input
    // still exits 2.
    let (code, stdout) = with_a_closed_pipe(d, &["check", "missing.ron"], "stderr");
    assert_eq!(code, Some(2), "{stdout}");
    let (code, _) = with_a_closed_pipe(d, &["replay", "missing.ron"], "stderr");
    assert_eq!(code, Some(2));
}

#[test]
fn a_full_disk_under_standard_output_is_an_error() {
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("/dev/full is missing: not tested");
        return;
    }
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("umbrella"))
        .arg("scenarios")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("umbrella: cannot write to standard output: No space left on device"),
        "{out:?}"
    );
}

#[test]
#[cfg(unix)]
fn an_autosave_never_replaces_a_symbolic_link() {
    use umbrella::save;
    let dir = tempfile::tempdir().unwrap();
    let s = umbrella::scenario::find("nato-lite-2025").unwrap();
    let game = umbrella::core::Game::new(s, 4, Default::default()).unwrap();
    let players = vec![umbrella::ai::Player::Ai(umbrella::ai::Level::Normal); 5];
    let first = save::autosave(dir.path(), &game, &players, save::Meta::new("g1", "x")).unwrap();
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "keep me").unwrap();
    let older = first.with_extension("1.ron");
    let nowhere = dir.path().join("nowhere.ron");
    // A link where the newest autosave goes, then a dangling one where the
    // rotation would move it: each refused, and left as it is.
    for (link, target) in [(&first, &outside), (&older, &nowhere)] {
        let saved = std::fs::read(link).ok();
        let _ = std::fs::remove_file(link);
        std::os::unix::fs::symlink(target, link).unwrap();
        let err =
            save::autosave(dir.path(), &game, &players, save::Meta::new("g1", "x")).unwrap_err();
        assert!(err.to_string().contains("a symbolic link"), "{err}");
        let kind = std::fs::symlink_metadata(link).unwrap().file_type();
        assert!(kind.is_symlink());
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
        assert!(!nowhere.exists());
        std::fs::remove_file(link).unwrap();
        if let Some(saved) = saved {
            std::fs::write(link, saved).unwrap();
        }
    }
    // Without the links it saves again.
    save::autosave(dir.path(), &game, &players, save::Meta::new("g1", "x")).unwrap();
    assert!(older.is_file());
}

#[test]
fn briefing_prints_a_card_per_team_after_the_public_fact_sheet() {
    let s = crate::common::scenario("nato-lite-2025");
    let raw = s.raw();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cards.html");
    umbrella()
        .args(["briefing", "-o"])
        .arg(&file)
        .assert()
        .success();
    let html = std::fs::read_to_string(&file).unwrap();
    // The fact sheet and one card per seat, each on its own printed page.
    assert_eq!(html.matches("<section>").count(), 1 + raw.factions.len());
    assert!(html.contains("24 February 2024"));
    for f in &raw.factions {
        assert!(html.contains(&format!("{}: team card", html_escape::encode_text(&f.name))));
    }
    // One seat's card in Markdown: its secrets, nobody else's.
    let out = umbrella()
        .args(["briefing", "--seat", "ukraine"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(out).unwrap();
    assert!(md.contains("# Ukraine: team card"));
    assert!(md.contains("Head of delegation"));
    let ukraine = raw.factions.iter().find(|f| f.id == "ukraine").unwrap();
    for f in &raw.factions {
        for o in f.secret.objectives.iter().filter(|o| !o.public) {
            let shown = md.contains(&o.text);
            if f.id == "ukraine" {
                assert!(shown, "Ukraine's own secret: {}", o.text);
            } else if !ukraine.secret.objectives.iter().any(|u| u.text == o.text) {
                assert!(!shown, "{}'s secret on Ukraine's card: {}", f.id, o.text);
            }
        }
    }
    umbrella()
        .args(["briefing", "--seat", "poland"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown seat"));
}
