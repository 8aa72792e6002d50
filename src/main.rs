//! The `umbrella` command: picks a front end and turns every error into a
//! clear message and an exit code (2 for bad input or usage, 1 for failures).

use clap::{Parser, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use umbrella::ai::{Bot, Level};
use umbrella::core::{ClauseFamily, GameConfig, Pick, Scenario};
use umbrella::lab::{self, BatchStats};
use umbrella::scenario;
use umbrella::tui::{self, session::Controller, session::Session};

#[derive(Parser)]
#[command(
    name = "umbrella",
    version,
    about = "A terminal wargame about an Article 5-style security guarantee for Ukraine without NATO membership",
    long_about = "Umbrella: negotiate a security guarantee for Ukraine, modelled on NATO's Article 5 but \
                  without membership, then live with it when the response clock starts.\n\n\
                  Run without a command to play in the terminal."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Play in the terminal, skipping the setup screen.
    Play(PlayArgs),
    /// List the bundled scenarios.
    Scenarios,
    /// Validate scenario files (exit 0 if all are valid, 2 otherwise).
    Check {
        /// Scenario files (RON) to validate.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Play AI-vs-AI games headless and print statistics.
    Simulate(SimulateArgs),
}

#[derive(clap::Args)]
struct PlayArgs {
    /// A bundled scenario's name or a path to a scenario file.
    #[arg(long, value_name = "NAME|PATH", default_value = scenario::DEFAULT_SCENARIO)]
    scenario: String,
    /// Who plays a seat: SEAT=human, SEAT=ai or SEAT=ai:LEVEL (easy, normal).
    /// SEAT is a faction id, or `all`. Unnamed seats: the first is human, the rest AI.
    #[arg(long = "seat", value_name = "SEAT=human|ai[:LEVEL]")]
    seats: Vec<String>,
    /// Seed of the game (default: a new one, shown in the game).
    #[arg(long)]
    seed: Option<u64>,
}

#[derive(clap::Args)]
struct SimulateArgs {
    /// A bundled scenario's name or a path to a scenario file.
    #[arg(long, value_name = "NAME|PATH", default_value = scenario::DEFAULT_SCENARIO)]
    scenario: String,
    /// Number of games.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    games: u64,
    /// Seed of the batch: the same seed gives the same games.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Threads to use (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=64))]
    jobs: Option<u64>,
    /// Fix a treaty clause for every game, e.g. --set clock=24h (menu items joined by '+').
    #[arg(long = "set", value_name = "CLAUSE=OPTION")]
    set: Vec<String>,
    /// Run the batch once per option and compare, e.g. --sweep clock=24h,48h,72h.
    #[arg(long, value_name = "CLAUSE=OPT,OPT,...")]
    sweep: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
}

/// An error for the user: bad input (exit 2) or a failure (exit 1).
enum Failure {
    Usage(String),
    Failed(String),
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("umbrella: internal error: {info}");
        eprintln!("This is a bug in Umbrella; please report it with the command you ran.");
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        None => play_title(),
        Some(Command::Play(args)) => play(&args),
        Some(Command::Scenarios) => list_scenarios(),
        Some(Command::Check { files }) => check(&files),
        Some(Command::Simulate(args)) => simulate(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("umbrella: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(msg)) => {
            eprintln!("umbrella: {msg}");
            ExitCode::from(1)
        }
    }
}

/// A seed for a new game when none is given: short enough to read out to a class.
fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos % 1_000_000) as u64
}

fn need_terminal() -> Result<(), Failure> {
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        Ok(())
    } else {
        Err(Failure::Usage(
            "the game needs a terminal (stdin and stdout); for headless play use `umbrella simulate`".into(),
        ))
    }
}

fn run_app(app: tui::app::App) -> Result<(), Failure> {
    tui::run(app).map_err(|e| Failure::Failed(format!("terminal error: {e}")))
}

fn play_title() -> Result<(), Failure> {
    need_terminal()?;
    run_app(tui::app::App::new(fresh_seed()))
}

fn play(args: &PlayArgs) -> Result<(), Failure> {
    let scenario = scenario::find(&args.scenario).map_err(|e| Failure::Usage(e.to_string()))?;
    let controllers = seat_controllers(&scenario, &args.seats)?;
    need_terminal()?;
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let session = Session::new(scenario, controllers, seed)
        .map_err(|e| Failure::Failed(format!("cannot start the game: {e}")))?;
    run_app(tui::app::App::with_session(session))
}

/// Who plays each seat, from `--seat SEAT=human|ai[:LEVEL]` options.
fn seat_controllers(scenario: &Scenario, specs: &[String]) -> Result<Vec<Controller>, Failure> {
    let ids: Vec<&str> = scenario.factions.iter().map(|f| f.id.as_str()).collect();
    let opening = scenario.index.opening.map_or(0, |(seat, _)| seat.index());
    let mut controllers: Vec<Controller> = (0..ids.len())
        .map(|i| {
            if i == opening {
                Controller::Human
            } else {
                Controller::Ai(Level::Normal)
            }
        })
        .collect();
    for spec in specs {
        let bad = |why: String| Failure::Usage(format!("--seat {spec}: {why}"));
        let Some((seat, who)) = spec.split_once('=') else {
            return Err(bad("expected SEAT=human or SEAT=ai[:LEVEL]".into()));
        };
        let controller = match who.split_once(':') {
            None if who == "human" => Controller::Human,
            None if who == "ai" => Controller::Ai(Level::Normal),
            Some(("ai", level)) => match Level::parse(level) {
                Some(l) => Controller::Ai(l),
                None => {
                    let levels: Vec<&str> = Level::ALL.iter().map(|l| l.name()).collect();
                    return Err(bad(format!(
                        "unknown level '{level}'. Levels: {}",
                        levels.join(", ")
                    )));
                }
            },
            _ => {
                return Err(bad(format!(
                    "unknown player '{who}'. Use human, ai or ai:LEVEL"
                )));
            }
        };
        if seat == "all" {
            controllers.iter_mut().for_each(|c| *c = controller);
        } else if let Some(i) = ids.iter().position(|id| *id == seat) {
            controllers[i] = controller;
        } else {
            return Err(bad(format!(
                "unknown seat '{seat}'. Seats: {}, all",
                ids.join(", ")
            )));
        }
    }
    Ok(controllers)
}

fn list_scenarios() -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    for (name, _) in scenario::BUNDLED {
        let s = scenario::bundled(name)
            .ok_or_else(|| Failure::Failed(format!("bundled scenario {name} is missing")))?
            .map_err(|e| Failure::Failed(format!("bundled scenario is broken: {e}")))?;
        let default = if *name == scenario::DEFAULT_SCENARIO {
            " (default)"
        } else {
            ""
        };
        let _ = writeln!(out, "{name:<16} {}{default}", s.title);
        let _ = writeln!(out, "{:<16} {}", "", s.summary);
    }
    Ok(())
}

fn check(files: &[PathBuf]) -> Result<(), Failure> {
    let mut bad = 0;
    for file in files {
        match scenario::load_file(file) {
            Ok(s) => println!(
                "{}: ok ({}, {} factions)",
                file.display(),
                s.title,
                s.factions.len()
            ),
            Err(e) => {
                eprintln!("{e}");
                bad += 1;
            }
        }
    }
    if bad > 0 {
        let files = if bad == 1 { "file is" } else { "files are" };
        return Err(Failure::Usage(format!("{bad} scenario {files} invalid")));
    }
    Ok(())
}

fn simulate(args: &SimulateArgs) -> Result<(), Failure> {
    let scenario = scenario::find(&args.scenario).map_err(|e| Failure::Usage(e.to_string()))?;
    let mut fixed: Vec<(ClauseFamily, Pick)> = Vec::new();
    for s in &args.set {
        let (family, pick) = lab::parse_setting(&scenario, s)
            .map_err(|e| Failure::Usage(format!("--set {s}: {e}")))?;
        fixed.retain(|(f, _)| *f != family);
        fixed.push((family, pick));
    }
    let variants: Vec<Vec<(ClauseFamily, Pick)>> = match &args.sweep {
        None => vec![fixed.clone()],
        Some(sweep) => {
            let err = |e: String| Failure::Usage(format!("--sweep {sweep}: {e}"));
            let Some((clause, options)) = sweep.split_once('=') else {
                return Err(err("expected CLAUSE=OPT,OPT,...".into()));
            };
            let mut variants = Vec::new();
            for option in options.split(',') {
                let (family, pick) =
                    lab::parse_clause_and_pick(&scenario, clause.trim(), option.trim())
                        .map_err(err)?;
                if fixed.iter().any(|(f, _)| *f == family) {
                    return Err(err(format!(
                        "clause '{}' is also fixed with --set",
                        clause.trim()
                    )));
                }
                let mut v = fixed.clone();
                v.push((family, pick));
                variants.push(v);
            }
            variants
        }
    };
    let jobs = args
        .jobs
        .map(|j| j as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let show_progress =
        std::io::stderr().is_terminal() && args.games * variants.len() as u64 >= 200;
    let total = args.games * variants.len() as u64;
    let mut stats = Vec::new();
    for (i, fixed) in variants.into_iter().enumerate() {
        let set: BTreeMap<String, String> = fixed
            .iter()
            .map(|(f, p)| {
                (
                    scenario.clause(*f).id.clone(),
                    lab::setting_text(&scenario, *f, *p),
                )
            })
            .collect();
        let batch = lab::Batch {
            scenario: Arc::clone(&scenario),
            seed: args.seed,
            games: args.games,
            jobs,
            config: GameConfig { fixed },
            bots: vec![Bot::Baseline; scenario.factions.len()],
        };
        let offset = i as u64 * args.games;
        let mut progress = |done: u64| {
            if show_progress {
                draw_progress(offset + done, total);
            }
        };
        let games =
            lab::run_batch(&batch, &mut progress).map_err(|e| Failure::Failed(e.to_string()))?;
        stats.push(lab::aggregate(&scenario, args.seed, set, &games));
    }
    if show_progress {
        eprint!("\r{:60}\r", "");
    }
    let text = match args.format {
        Format::Json if args.sweep.is_some() => json(&stats)?,
        Format::Json => json(&stats[0])?,
        Format::Csv => csv(&scenario, &stats),
        Format::Table => table(&scenario, &stats),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    Ok(())
}

fn draw_progress(done: u64, total: u64) {
    let width = 30;
    let filled = (done * width / total.max(1)) as usize;
    eprint!(
        "\r[{}{}] {done}/{total} games",
        "#".repeat(filled),
        " ".repeat(width as usize - filled)
    );
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| Failure::Failed(format!("cannot write JSON: {e}")))
}

fn set_label(s: &BatchStats) -> String {
    if s.set.is_empty() {
        "as negotiated".into()
    } else {
        s.set
            .iter()
            .map(|(c, o)| format!("{c}={o}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn table(scenario: &Scenario, stats: &[BatchStats]) -> String {
    let mut rows: Vec<(String, Vec<String>)> = vec![
        (
            "treaty clauses".into(),
            stats.iter().map(set_label).collect(),
        ),
        (
            "agreement rate".into(),
            stats.iter().map(|s| pct(s.agreement_rate)).collect(),
        ),
        (
            "mean rounds".into(),
            stats
                .iter()
                .map(|s| format!("{:.2}", s.mean_rounds))
                .collect(),
        ),
        (
            "attacks per game".into(),
            stats
                .iter()
                .map(|s| format!("{:.2}", s.mean_attacks))
                .collect(),
        ),
        (
            "clock met".into(),
            stats.iter().map(|s| pct(s.clock_met_rate)).collect(),
        ),
        (
            "catastrophe (war)".into(),
            stats.iter().map(|s| pct(s.catastrophe_rate)).collect(),
        ),
        (
            "collapse".into(),
            stats.iter().map(|s| pct(s.collapse_rate)).collect(),
        ),
        (
            "game length, months".into(),
            stats
                .iter()
                .map(|s| format!("{:.1}", s.mean_game_months))
                .collect(),
        ),
        (
            "decisions per game".into(),
            stats
                .iter()
                .map(|s| format!("{:.0}", s.mean_decisions))
                .collect(),
        ),
    ];
    for f in &scenario.factions {
        rows.push((
            format!("{} wins / score", f.name),
            stats
                .iter()
                .map(|s| {
                    format!(
                        "{} / {:.1}",
                        pct(s.wins.get(&f.id).copied().unwrap_or(0.0)),
                        s.mean_score.get(&f.id).copied().unwrap_or(0.0)
                    )
                })
                .collect(),
        ));
    }
    let label_width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = (0..stats.len())
        .map(|i| {
            rows.iter()
                .map(|(_, v)| v[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let first = &stats[0];
    let mut out = format!(
        "{} ({}): {} games per column, seed {}\n\n",
        scenario.title, scenario.id, first.games, first.seed
    );
    for (label, values) in rows {
        out += &format!("{label:<label_width$}");
        for (v, w) in values.iter().zip(&widths) {
            out += &format!("  {v:>w$}");
        }
        out += "\n";
    }
    out
}

fn csv(scenario: &Scenario, stats: &[BatchStats]) -> String {
    let mut header = vec![
        "scenario",
        "seed",
        "games",
        "set",
        "agreement_rate",
        "clock_met_rate",
        "catastrophe_rate",
        "collapse_rate",
        "mean_game_months",
        "mean_attacks",
        "mean_rounds",
        "mean_decisions",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    for f in &scenario.factions {
        header.push(format!("wins.{}", f.id));
    }
    for f in &scenario.factions {
        header.push(format!("mean_score.{}", f.id));
    }
    let mut out = header.join(",") + "\n";
    for s in stats {
        let set = s
            .set
            .iter()
            .map(|(c, o)| format!("{c}={o}"))
            .collect::<Vec<_>>()
            .join(" ");
        let mut row = vec![
            s.scenario.clone(),
            s.seed.to_string(),
            s.games.to_string(),
            set,
            s.agreement_rate.to_string(),
            s.clock_met_rate.to_string(),
            s.catastrophe_rate.to_string(),
            s.collapse_rate.to_string(),
            s.mean_game_months.to_string(),
            s.mean_attacks.to_string(),
            s.mean_rounds.to_string(),
            s.mean_decisions.to_string(),
        ];
        for f in &scenario.factions {
            row.push(s.wins.get(&f.id).copied().unwrap_or(0.0).to_string());
        }
        for f in &scenario.factions {
            row.push(s.mean_score.get(&f.id).copied().unwrap_or(0.0).to_string());
        }
        out += &(row.join(",") + "\n");
    }
    out
}
