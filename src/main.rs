//! The `umbrella` command: picks a front end and turns every error into a
//! clear message and an exit code (2 for bad input or usage, 1 for failures).

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use umbrella::ai::Player;
use umbrella::ai::{Bot, Level};
use umbrella::core::text::excerpt;
use umbrella::core::{ClauseId, Pick, Scenario};
use umbrella::lab::{self, BatchStats};
use umbrella::save;
use umbrella::scenario;
use umbrella::tui::{self, play::Session};
use umbrella::visible::visible;

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
    /// Folder for saves and autosaves (default: $UMBRELLA_SAVE_DIR, else ./saves).
    #[arg(long, global = true, value_name = "DIR")]
    save_dir: Option<PathBuf>,
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
    /// Play AI-vs-AI games headless (normal AI on every seat) and print statistics.
    Simulate(SimulateArgs),
    /// Replay a saved game from its seed; with --verify, check it reaches the saved state.
    Replay {
        /// The save file.
        file: PathBuf,
        /// Only check the replay (exit 0 if it matches, 1 with the first diverging step).
        #[arg(long)]
        verify: bool,
    },
    /// Write the after-action report of a saved game, for the debrief.
    Report {
        /// The save file.
        file: PathBuf,
        /// Markdown or a self-contained HTML page (default: from the output file's name, else md).
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Where to write it (default: standard output).
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
        /// Of a game that is not over, show every seat's secret objectives too
        /// (asks for the facilitator's PIN on standard input when the game has one).
        #[arg(long)]
        reveal: bool,
    },
    /// Print a team's card before class (the situation, its aims and secret
    /// objectives, red lines, what each clause is worth, the team's roles) after a
    /// one-page public fact sheet with dates.
    Briefing {
        /// A bundled scenario's name or a path to a scenario file.
        #[arg(long, value_name = "NAME|PATH", default_value = scenario::DEFAULT_SCENARIO)]
        scenario: String,
        /// The seat whose card to write, or `all`.
        #[arg(long, value_name = "SEAT|all", default_value = "all")]
        seat: String,
        /// Markdown or a self-contained HTML page, one card per printed page
        /// (default: from the output file's name, else md).
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Where to write it (default: standard output).
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// A window for the room's projector: the public view of the game played in another
    /// window with the same save folder, refreshed after every move.
    Projector,
    /// Branch a what-if game off a save: the same game up to a point, with one clause changed.
    Fork {
        /// The save to branch from.
        file: PathBuf,
        /// Where to branch: a step number, or attack:N for the moment the Nth attack began.
        #[arg(long, value_name = "STEP|attack:N")]
        at: String,
        /// The treaty clause to change, e.g. clock=72h.
        #[arg(long = "set", value_name = "CLAUSE=OPTION")]
        set: String,
        /// The new save (default: a branch file in the save folder).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Play the AI levels and the baseline bots against each other, seats rotated, and
    /// measure wins, scores and negotiation quality.
    Tournament(TournamentArgs),
    /// Search fixed plans for one seat against the normal AI elsewhere (for the
    /// aggressor: which attacks, in which months, up to three, and the offer's
    /// answer; for a guarantor: fixed crisis doctrines) and print the best with
    /// their win rates beside the normal AI's.
    Exploits(ExploitsArgs),
    /// Host one game for a class over SSH: every team joins from its own laptop with
    /// `ssh -p 2222 SEAT@HOST` and its join code; `projector` and `facilitator` too.
    Serve(ServeArgs),
    /// Write the treaty negotiation as a GENIUS domain with one utility profile per seat.
    ExportDomain {
        /// A bundled scenario's name or a path to a scenario file.
        #[arg(long, value_name = "NAME|PATH", default_value = scenario::DEFAULT_SCENARIO)]
        scenario: String,
        /// File format (GENIUS XML, which NegMAS also reads).
        #[arg(long, value_enum)]
        format: DomainFormat,
        /// Folder to write the files into (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(clap::Args)]
struct TournamentArgs {
    /// A bundled scenario's name or a path to a scenario file.
    #[arg(long, value_name = "NAME|PATH", default_value = scenario::DEFAULT_SCENARIO)]
    scenario: String,
    /// Rotated games (each bot plays each seat equally often).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    games: u64,
    /// Seed of the tournament: the same seed gives the same games.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Threads to use (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=64))]
    jobs: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TournamentFormat::Table)]
    format: TournamentFormat,
}

#[derive(clap::Args)]
struct ExploitsArgs {
    /// A bundled scenario's name or a path to a scenario file.
    #[arg(long, value_name = "NAME|PATH", default_value = scenario::DEFAULT_SCENARIO)]
    scenario: String,
    /// The seat whose plans are searched (default: the aggressor).
    #[arg(long, value_name = "SEAT")]
    seat: Option<String>,
    /// Games measuring the best plans and the normal AI, on seeds the
    /// screening did not use (the search screens every plan on fewer).
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(8..=1_000_000))]
    games: u64,
    /// Most attacks in a plan.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(0..=3))]
    max_attacks: u64,
    /// How many of the best plans to list.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100))]
    top: u64,
    /// Seed of the search: the same seed gives the same games.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Threads to use (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=64))]
    jobs: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExploitsFormat::Table)]
    format: ExploitsFormat,
    /// AI seats' personalities: varied (each draws its temper and priorities
    /// for the game from the scenario's ranges) or as the scenario writes them.
    #[arg(long, value_enum, default_value_t = PersonalitiesArg::Varied)]
    personalities: PersonalitiesArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExploitsFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum TournamentFormat {
    Table,
    Json,
    /// One row per figure: part, bot, against, seat, measure, value.
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum DomainFormat {
    Genius,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// The address to listen on (default: every address of this machine).
    #[arg(long, value_name = "ADDR", default_value = "0.0.0.0")]
    bind: std::net::IpAddr,
    /// The port to listen on.
    #[arg(long, value_name = "N", default_value_t = umbrella::serve::DEFAULT_PORT)]
    port: u16,
    /// A bundled scenario's name or a path to a scenario file.
    #[arg(long, value_name = "NAME|PATH", default_value = scenario::DEFAULT_SCENARIO)]
    scenario: String,
    /// How long the game is: the scenario as written, or its seminar form
    /// for one class period.
    #[arg(long, value_enum, default_value_t = LengthArg::Full)]
    length: LengthArg,
    /// Who plays a seat: SEAT=human, SEAT=ai or SEAT=ai:LEVEL (easy, normal, hard).
    /// SEAT is a faction id, or `all`; later options override earlier ones.
    /// Unnamed seats are played by humans (each team at its own terminal).
    #[arg(long = "seat", value_name = "SEAT=human|ai[:LEVEL]")]
    seats: Vec<String>,
    /// Seed of the game (default: a new one).
    #[arg(long)]
    seed: Option<u64>,
    /// The join codes: a text file with one `NAME CODE` line per name (read if it
    /// exists, else written with new codes). Default: join-codes.txt in the save folder.
    #[arg(long, value_name = "FILE")]
    codes: Option<PathBuf>,
    /// Real-time limit for a seat's turn in the talks (and between crises), in seconds.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(10..=3600))]
    round_seconds: Option<u32>,
    /// Real seconds a seat has for each game hour in a crisis.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(1..=600))]
    hour_seconds: Option<u32>,
    /// Resume a saved game (the newest autosave after a crash; its scenario and seed
    /// come from the save).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["scenario", "seed"])]
    load: Option<PathBuf>,
    /// AI seats' personalities: varied or as the scenario writes them.
    #[arg(long, value_enum, default_value_t = PersonalitiesArg::Varied, conflicts_with = "load")]
    personalities: PersonalitiesArg,
}

#[derive(clap::Args)]
struct PlayArgs {
    /// A bundled scenario's name or a path to a scenario file.
    #[arg(long, value_name = "NAME|PATH", default_value = scenario::DEFAULT_SCENARIO)]
    scenario: String,
    /// How long the game is: the scenario as written, or its seminar form
    /// for one class period.
    #[arg(long, value_enum, default_value_t = LengthArg::Full)]
    length: LengthArg,
    /// Who plays a seat: SEAT=human, SEAT=ai or SEAT=ai:LEVEL (easy, normal, hard).
    /// SEAT is a faction id, or `all`; later options override earlier ones.
    /// Unnamed seats: the first is human, the rest AI.
    #[arg(long = "seat", value_name = "SEAT=human|ai[:LEVEL]")]
    seats: Vec<String>,
    /// Seed of the game (default: a new one, shown in the game).
    #[arg(long)]
    seed: Option<u64>,
    /// Continue a saved game (its scenario and seed come from the save).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["scenario", "seed"])]
    load: Option<PathBuf>,
    /// Seminar mode: a facilitator (white cell) whose PIN is chosen when the game opens; key f.
    #[arg(long)]
    facilitator: bool,
    /// Real-time limit for each seat's turn in the talks (and between crises), in
    /// seconds: when it runs out, the seat passes.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(10..=3600))]
    round_seconds: Option<u32>,
    /// Real seconds a seat has for each game hour in a crisis (e.g. 20: with one
    /// human seat a 24-hour clock lasts at most 8 minutes, with five 40).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(1..=600))]
    hour_seconds: Option<u32>,
    /// AI seats' personalities: varied (each draws its temper and priorities
    /// for the game from the scenario's ranges) or as the scenario writes them.
    #[arg(long, value_enum, default_value_t = PersonalitiesArg::Varied, conflicts_with = "load")]
    personalities: PersonalitiesArg,
}

#[derive(clap::Args)]
struct SimulateArgs {
    /// A bundled scenario's name or a path to a scenario file.
    #[arg(long, value_name = "NAME|PATH", default_value = scenario::DEFAULT_SCENARIO)]
    scenario: String,
    /// How long the game is: the scenario as written, or its seminar form
    /// for one class period.
    #[arg(long, value_enum, default_value_t = LengthArg::Full)]
    length: LengthArg,
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
    /// Write the finished game as a save (only with --games 1).
    #[arg(long, value_name = "FILE")]
    save: Option<PathBuf>,
    /// Let a bot other than the normal AI play a seat, e.g. --seat russia=scripted
    /// (bots: baseline, easy, normal, hard, random, hardliner, conceder, scripted;
    /// SEAT may be all). Repeatable; applied in order.
    #[arg(long = "seat", value_name = "SEAT=BOT")]
    seat: Vec<String>,
    /// AI seats' personalities: varied (each draws its temper and priorities
    /// for the game from the scenario's ranges) or as the scenario writes them.
    #[arg(long, value_enum, default_value_t = PersonalitiesArg::Varied)]
    personalities: PersonalitiesArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PersonalitiesArg {
    Varied,
    AsWritten,
}

impl PersonalitiesArg {
    fn lab(self) -> lab::Personalities {
        match self {
            PersonalitiesArg::Varied => lab::Personalities::Varied,
            PersonalitiesArg::AsWritten => lab::Personalities::AsWritten,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Md,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
}

/// `eprintln!` that never panics: standard error may be a terminal that has
/// gone away, or a closed pipe.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Print on standard output (every command's output goes through here):
/// control characters made visible, and nothing more, nor any message, once
/// the reader has gone away (`umbrella scenarios | head -1`).
fn print(text: &str) -> Result<(), Failure> {
    umbrella::out::print(text)
        .map_err(|e| Failure::Failed(format!("cannot write to standard output: {e}")))
}

/// An error for the user: bad input (exit 2) or a failure (exit 1).
enum Failure {
    Usage(String),
    Failed(String),
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        say!("umbrella: internal error: {info}");
        say!("This is a bug in Umbrella; please report it with the command you ran.");
    }));
    let cli = Cli::parse();
    let saves = save::save_dir(cli.save_dir.as_deref());
    let result = match cli.command {
        None => play_title(&saves),
        Some(Command::Play(args)) => play(&args, &saves),
        Some(Command::Scenarios) => list_scenarios(),
        Some(Command::Check { files }) => check(&files),
        Some(Command::Simulate(args)) => simulate(&args),
        Some(Command::Replay { file, verify }) => replay(&file, verify),
        Some(Command::Report {
            file,
            format,
            out,
            reveal,
        }) => report(&file, format, out.as_deref(), reveal),
        Some(Command::Fork { file, at, set, out }) => fork(&file, &at, &set, out, &saves),
        Some(Command::Tournament(args)) => tournament(&args),
        Some(Command::Exploits(args)) => exploits(&args),
        Some(Command::Serve(args)) => serve(&args, &saves),
        Some(Command::Briefing {
            scenario,
            seat,
            format,
            out,
        }) => briefing(&scenario, &seat, format, out.as_deref()),
        Some(Command::ExportDomain {
            scenario,
            format,
            out,
        }) => export_domain(&scenario, format, &out),
        Some(Command::Projector) => {
            need_terminal().and_then(|()| run_app(tui::app::App::projector_window(&saves)))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            say!("umbrella: {}", visible(&msg));
            ExitCode::from(2)
        }
        Err(Failure::Failed(msg)) => {
            say!("umbrella: {}", visible(&msg));
            ExitCode::from(1)
        }
    }
}

/// How long a game is (`--length`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LengthArg {
    /// The scenario as written (8 weeks of talks, 24 months in the bundled ones).
    Full,
    /// Its seminar form, for one class period (4 weeks and 12 months in the bundled ones).
    Seminar,
}

/// The scenario `name` (bundled or a file) in the form `length`.
fn find_scenario(name: &str, length: LengthArg) -> Result<Arc<Scenario>, Failure> {
    let s = scenario::find(name).map_err(|e| Failure::Usage(e.to_string()))?;
    let length = match length {
        LengthArg::Full => scenario::Length::Full,
        LengthArg::Seminar => scenario::Length::Seminar,
    };
    scenario::with_length(s, length).map_err(|e| Failure::Usage(e.to_string()))
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
    match tui::run(app) {
        Ok(()) => Ok(()),
        Err(tui::RunError::Terminal { error, crash_save }) => Err(Failure::Failed(format!(
            "terminal error: {error}{}",
            saved_to(crash_save)
        ))),
        Err(tui::RunError::HungUp { crash_save }) => Err(Failure::Usage(format!(
            "the terminal went away{}",
            saved_to(crash_save)
        ))),
        Err(tui::RunError::Crashed {
            message,
            crash_save,
        }) => {
            // The terminal is already restored; then the crash save; then the error.
            match crash_save {
                Some(Ok(path)) => say!(
                    "umbrella: the game was saved to {} (umbrella play --load {0})",
                    path.display()
                ),
                Some(Err(e)) => say!("umbrella: the crash save failed: {e}"),
                None => {}
            }
            Err(Failure::Failed(format!(
                "internal error: {message}\nThis is a bug in Umbrella; please report it with the command you ran."
            )))
        }
        Err(tui::RunError::Stopped { signal, crash_save }) => {
            let name = match signal {
                1 => "SIGHUP",
                2 => "SIGINT",
                3 => "SIGQUIT",
                15 => "SIGTERM",
                _ => "a signal",
            };
            Err(Failure::Usage(format!(
                "stopped by {name}{}",
                saved_to(crash_save)
            )))
        }
    }
}

/// "; the game was saved to FILE (...)", or why it could not be, for a
/// game that ended without its players.
fn saved_to(crash_save: Option<Result<PathBuf, String>>) -> String {
    match crash_save {
        Some(Ok(path)) => format!(
            "; the game was saved to {} (umbrella play --load {0})",
            path.display()
        ),
        Some(Err(e)) => format!("; the crash save failed: {e}"),
        None => String::new(),
    }
}

fn play_title(saves: &Path) -> Result<(), Failure> {
    need_terminal()?;
    save::clean_temporaries(saves);
    run_app(tui::app::App::new(fresh_seed()).with_save_dir(saves))
}

fn play(args: &PlayArgs, saves: &Path) -> Result<(), Failure> {
    let timers = args.round_seconds.is_some() || args.hour_seconds.is_some();
    let (mut session, players) = match &args.load {
        Some(file) => {
            let loaded = save::load(file).map_err(save_failure)?;
            // Seats named on the command line replace the saved ones; in a
            // game with a facilitator only once the PIN is given.
            let players = if args.seats.is_empty() {
                None
            } else {
                Some(seat_players(loaded.game.scenario(), &args.seats)?)
            };
            if timers && loaded.save.facilitator.is_some() {
                return Err(Failure::Usage(
                    "this game has a facilitator: its timers are set in the facilitator's panel (f)"
                        .into(),
                ));
            }
            need_terminal()?;
            (Session::from_loaded(loaded), players)
        }
        None => {
            let scenario = find_scenario(&args.scenario, args.length)?;
            let players = seat_players(&scenario, &args.seats)?;
            need_terminal()?;
            let seed = args.seed.unwrap_or_else(fresh_seed);
            let session = Session::start(scenario, players, seed, args.personalities.lab())
                .map_err(|e| Failure::Failed(format!("cannot start the game: {e}")))?;
            (session, None)
        }
    };
    if timers {
        session.table.timers.round_secs = args.round_seconds;
        session.table.timers.hour_secs = args.hour_seconds;
    }
    save::clean_temporaries(saves);
    let mut app = tui::app::App::with_session(session).with_save_dir(saves);
    if let Some(players) = players {
        app = app.with_players(players);
    }
    run_app(if args.facilitator {
        app.with_facilitator_prompt()
    } else {
        app
    })
}

/// Exit code 2 for an output path that cannot be replaced (not a regular
/// file), 1 for a write that failed.
fn write_failure(e: save::SaveError) -> Failure {
    match &e {
        save::SaveError::Io { error, .. } if error.kind() == std::io::ErrorKind::InvalidInput => {
            Failure::Usage(e.to_string())
        }
        _ => Failure::Failed(e.to_string()),
    }
}

/// Exit code 2 for a bad file, 1 for a replay that does not match its save.
fn save_failure(e: save::SaveError) -> Failure {
    if e.is_bad_input() {
        Failure::Usage(e.to_string())
    } else {
        Failure::Failed(e.to_string())
    }
}

fn replay(file: &Path, verify: bool) -> Result<(), Failure> {
    let loaded = save::load(file).map_err(save_failure)?;
    let steps = loaded.save.steps.len();
    let mut out = String::new();
    if verify {
        let _ = writeln!(
            out,
            "{}: verified: {steps} steps replay from seed {} to the saved state",
            file.display(),
            loaded.save.seed
        );
        return print(&out);
    }
    let game = &loaded.game;
    let s = game.scenario();
    let _ = writeln!(
        out,
        "{} · seed {} · {steps} steps",
        s.title(),
        loaded.save.seed
    );
    if let Some(b) = &loaded.save.branch {
        let _ = writeln!(
            out,
            "What-if branch of {} after step {}: {}",
            b.from, b.at_step, b.change
        );
    }
    let _ = writeln!(out);
    for e in &game.state().log {
        let _ = writeln!(out, "{:>16}  {}", e.when_text(s), e.describe(s));
    }
    if game.is_over() {
        let _ = writeln!(out);
        let rows = game.scores().into_iter().map(|score| {
            vec![
                s.faction(score.seat).name.clone(),
                format!("{} points", score.points),
                format!("(needs {})", score.needed),
                if score.victory { "VICTORY" } else { "" }.to_string(),
            ]
        });
        out.push_str(&umbrella::figures::figures(&[], rows));
    }
    // The save's texts (its scenario's, its branch's) made visible, never raw.
    print(&out)
}

fn report(
    file: &Path,
    format: Option<ReportFormat>,
    out: Option<&Path>,
    reveal: bool,
) -> Result<(), Failure> {
    let loaded = save::load(file).map_err(save_failure)?;
    if reveal
        && !loaded.game.is_over()
        && let Some(lock) = &loaded.save.facilitator
    {
        // At a terminal the PIN is typed unseen (not echoed to the room);
        // from a pipe it is the first line.
        let pin = if std::io::stdin().is_terminal() {
            rpassword::prompt_password("The facilitator's PIN: ").unwrap_or_default()
        } else {
            let mut pin = String::new();
            let _ = std::io::stdin().read_line(&mut pin);
            pin
        };
        if !lock.opens(pin.trim()) {
            return Err(Failure::Usage(
                "--reveal: wrong PIN; the secrets of an unfinished game stay hidden".into(),
            ));
        }
    }
    let report = umbrella::report::build(
        &loaded.game,
        &loaded.save.players,
        loaded.save.branch.as_ref(),
        reveal,
    );
    let html = wants_html(format, out);
    let text = if html {
        umbrella::report::html(&report)
    } else {
        umbrella::report::markdown(&report)
    };
    write_out(&text, out, "the report")
}

fn briefing(
    name: &str,
    seat: &str,
    format: Option<ReportFormat>,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let s = scenario::find(name).map_err(|e| Failure::Usage(e.to_string()))?;
    let seat = match seat {
        "all" => None,
        id => Some(s.seat_by_id(id).ok_or_else(|| {
            let ids: Vec<&str> = s.factions().iter().map(|f| f.id.as_str()).collect();
            Failure::Usage(format!(
                "--seat: unknown seat '{}'. Seats: {}, all",
                excerpt(id),
                ids.join(", ")
            ))
        })?),
    };
    let html = wants_html(format, out);
    let text = if html {
        umbrella::report::cards::html(&s, seat)
    } else {
        umbrella::report::cards::markdown(&s, seat)
    };
    write_out(&text, out, "the cards")
}

/// Whether to write HTML: asked for, or the output file's name ends so.
fn wants_html(format: Option<ReportFormat>, out: Option<&Path>) -> bool {
    match format {
        Some(ReportFormat::Html) => true,
        Some(ReportFormat::Md) => false,
        None => out.is_some_and(|p| p.extension().is_some_and(|x| x == "html" || x == "htm")),
    }
}

/// Write `text` to `out` (saying so, as `what`), or print it.
fn write_out(text: &str, out: Option<&Path>, what: &str) -> Result<(), Failure> {
    match out {
        Some(path) => {
            save::write_atomic(path, text.as_bytes()).map_err(|e| {
                let message = format!("{}: {e}", path.display());
                if e.kind() == std::io::ErrorKind::InvalidInput {
                    Failure::Usage(message)
                } else {
                    Failure::Failed(message)
                }
            })?;
            say!("umbrella: wrote {what} to {}", path.display());
            Ok(())
        }
        None => print(text),
    }
}

fn fork(
    file: &Path,
    at: &str,
    set: &str,
    out: Option<PathBuf>,
    saves: &Path,
) -> Result<(), Failure> {
    let loaded = save::load(file).map_err(save_failure)?;
    let scenario = std::sync::Arc::clone(loaded.game.scenario());
    let (clause, pick) = lab::parse_setting(&scenario, set)
        .map_err(|e| Failure::Usage(format!("--set {}: {e}", excerpt(set))))?;
    let step = match at.strip_prefix("attack:") {
        Some(n) => {
            let n: usize = n
                .parse()
                .map_err(|_| Failure::Usage(format!("--at {}: expected attack:N", excerpt(at))))?;
            let attacks: Vec<usize> = loaded
                .save
                .steps
                .iter()
                .enumerate()
                .filter(|(_, st)| {
                    matches!(
                        st,
                        umbrella::core::Step::Seat(_, umbrella::core::Action::Attack(_))
                    )
                })
                .map(|(i, _)| i + 1)
                .collect();
            *attacks.get(n.wrapping_sub(1)).ok_or_else(|| {
                Failure::Usage(format!(
                    "--at {}: the game has {} attacks (from attack:1)",
                    excerpt(at),
                    attacks.len()
                ))
            })?
        }
        None => at.parse().map_err(|_| {
            Failure::Usage(format!(
                "--at {}: expected a step number or attack:N",
                excerpt(at)
            ))
        })?,
    };
    if step > loaded.save.steps.len() {
        return Err(Failure::Usage(format!(
            "--at {}: the game has only {} steps",
            excerpt(at),
            loaded.save.steps.len()
        )));
    }
    let change = format!(
        "{} set to {}",
        scenario.clause(clause).name,
        lab::setting_text(&scenario, clause, pick)
    );
    let intervention = umbrella::core::Intervention::SetTreatyClause { clause, pick };
    let (game, branch) = save::fork(
        &loaded,
        &file.display().to_string(),
        step,
        intervention,
        change,
    )
    .map_err(|e| Failure::Usage(e.to_string()))?;
    // The branch is a game of its own: its autosaves and slots are its own,
    // it names the game it came from, and the original's facilitator keeps
    // authority over it.
    let meta = save::Meta {
        branch: Some(branch),
        facilitator: loaded.save.facilitator.clone(),
        timers: loaded.save.timers,
        ..save::Meta::new(&umbrella::table::new_game_id(), "what-if branch")
    };
    let out = out.unwrap_or_else(|| {
        saves.join(format!(
            "branch-{}-{}-at{step}-{}.ron",
            scenario.id(),
            loaded.save.seed,
            meta.game
        ))
    });
    // Anything already there, a dangling symbolic link included.
    if std::fs::symlink_metadata(&out).is_ok() {
        return Err(Failure::Usage(format!(
            "{}: already exists; choose another --out",
            out.display()
        )));
    }
    save::save(&out, &game, &loaded.save.players, meta).map_err(write_failure)?;
    print(&format!(
        "{}: a branch of {} after step {step}; play it with: umbrella play --load {0}\n",
        out.display(),
        file.display()
    ))
}

fn tournament(args: &TournamentArgs) -> Result<(), Failure> {
    let scenario = scenario::find(&args.scenario).map_err(|e| Failure::Usage(e.to_string()))?;
    let t = lab::tournament::Tournament {
        scenario,
        games: args.games,
        seed: args.seed,
        jobs: jobs(args.jobs),
    };
    let bar = progress_bar(t.total_games(), std::io::stderr().is_terminal());
    let report =
        lab::tournament::run(&t, &|| bar.inc(1)).map_err(|e| Failure::Failed(e.to_string()))?;
    bar.finish_and_clear();
    let text = match args.format {
        TournamentFormat::Json => json(&report)?,
        TournamentFormat::Table => lab::tournament::table(&report),
        TournamentFormat::Csv => lab::tournament::csv(&report)
            .map_err(|e| Failure::Failed(format!("cannot write CSV: {e}")))?,
    };
    print(&text)
}

fn exploits(args: &ExploitsArgs) -> Result<(), Failure> {
    let scenario = scenario::find(&args.scenario).map_err(|e| Failure::Usage(e.to_string()))?;
    let seat = match &args.seat {
        None => scenario.aggressor(),
        Some(id) => scenario
            .seat_by_id(id)
            .ok_or_else(|| Failure::Usage(format!("--seat: no seat {id:?}")))?,
    };
    if seat != scenario.aggressor() && !scenario.guarantors().contains(seat) {
        return Err(Failure::Usage(format!(
            "--seat: {} is neither the aggressor nor a guarantor: it has no plans to search",
            scenario.faction(seat).id
        )));
    }
    let search = lab::exploits::Search {
        scenario,
        seat,
        seed: args.seed,
        games: args.games,
        max_attacks: args.max_attacks as usize,
        jobs: jobs(args.jobs),
        top: args.top as usize,
        personalities: args.personalities.lab(),
    };
    let bar = indicatif::ProgressBar::hidden();
    let found = lab::exploits::search(&search, &|| bar.inc(1))
        .map_err(|e| Failure::Failed(e.to_string()))?;
    let text = match args.format {
        ExploitsFormat::Json => json(&found)?,
        ExploitsFormat::Table => lab::exploits::table(&found),
    };
    print(&text)
}

/// Threads to use: as asked, else every core.
fn jobs(asked: Option<u64>) -> usize {
    asked
        .map(|j| j as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn export_domain(name: &str, format: DomainFormat, out: &Path) -> Result<(), Failure> {
    let scenario = scenario::find(name).map_err(|e| Failure::Usage(e.to_string()))?;
    let written = match format {
        DomainFormat::Genius => lab::genius::write(&scenario, out),
    }
    .map_err(|e| Failure::Failed(e.to_string()))?;
    let paths: String = written
        .iter()
        .map(|path| format!("{}\n", path.display()))
        .collect();
    print(&paths)
}

fn serve(args: &ServeArgs, saves: &Path) -> Result<(), Failure> {
    use umbrella::serve::{Options, ServeError, Start};
    let game = match &args.load {
        Some(file) => {
            let loaded = save::load(file).map_err(save_failure)?;
            let players = if args.seats.is_empty() {
                None
            } else {
                Some(seat_players_from(
                    loaded.game.scenario(),
                    &args.seats,
                    true,
                )?)
            };
            Start::Loaded {
                loaded: Box::new(loaded),
                players,
            }
        }
        None => {
            let scenario = find_scenario(&args.scenario, args.length)?;
            let players = seat_players_from(&scenario, &args.seats, true)?;
            Start::New {
                scenario,
                players,
                seed: args.seed.unwrap_or_else(fresh_seed),
                personalities: args.personalities.lab(),
            }
        }
    };
    let options = Options {
        bind: args.bind,
        port: args.port,
        game,
        codes_file: args.codes.clone(),
        save_dir: saves.to_path_buf(),
        timers: umbrella::table::Timers {
            round_secs: args.round_seconds,
            hour_secs: args.hour_seconds,
        },
    };
    save::clean_temporaries(saves);
    umbrella::serve::serve(options).map_err(|e| match e {
        ServeError::Usage(m) => Failure::Usage(m),
        ServeError::Failed(m) => Failure::Failed(m),
    })
}

/// Who plays each seat, from `--seat SEAT=human|ai[:LEVEL]` options.
fn seat_players(scenario: &Scenario, specs: &[String]) -> Result<Vec<Player>, Failure> {
    seat_players_from(scenario, specs, false)
}

/// Who plays each seat: every seat human if `all_human`, else the opening
/// seat human and the rest AI; then each `--seat` option in turn.
fn seat_players_from(
    scenario: &Scenario,
    specs: &[String],
    all_human: bool,
) -> Result<Vec<Player>, Failure> {
    let ids: Vec<&str> = scenario.factions().iter().map(|f| f.id.as_str()).collect();
    let opening = scenario.opening().map_or(0, |(seat, _)| seat.index());
    let mut players: Vec<Player> = (0..ids.len())
        .map(|i| {
            if i == opening || all_human {
                Player::Human
            } else {
                Player::Ai(Level::Normal)
            }
        })
        .collect();
    for spec in specs {
        let bad = |why: String| Failure::Usage(format!("--seat {}: {why}", excerpt(spec)));
        let Some((seat, who)) = spec.split_once('=') else {
            return Err(bad("expected SEAT=human or SEAT=ai[:LEVEL]".into()));
        };
        let player = match who.split_once(':') {
            None if who == "human" => Player::Human,
            None if who == "ai" => Player::Ai(Level::Normal),
            Some(("ai", level)) => match Level::parse(level) {
                Some(l) => Player::Ai(l),
                None => {
                    let levels: Vec<&str> = Level::ALL.iter().map(|l| l.name()).collect();
                    return Err(bad(format!(
                        "unknown level '{}'. Levels: {}",
                        excerpt(level),
                        levels.join(", ")
                    )));
                }
            },
            _ => {
                return Err(bad(format!(
                    "unknown player '{}'. Use human, ai or ai:LEVEL",
                    excerpt(who)
                )));
            }
        };
        assign_seat(&ids, &mut players, seat, player).map_err(bad)?;
    }
    Ok(players)
}

/// Give `value` to the seat called `seat` (or to every seat for "all").
fn assign_seat<T: Copy>(
    ids: &[&str],
    values: &mut [T],
    seat: &str,
    value: T,
) -> Result<(), String> {
    if seat == "all" {
        values.iter_mut().for_each(|v| *v = value);
    } else if let Some(i) = ids.iter().position(|id| *id == seat) {
        values[i] = value;
    } else {
        return Err(format!(
            "unknown seat '{}'. Seats: {}, all",
            excerpt(seat),
            ids.join(", ")
        ));
    }
    Ok(())
}

/// The bots of a simulation: normal everywhere, then each `--seat SEAT=BOT` in order.
fn simulation_bots(scenario: &Scenario, specs: &[String]) -> Result<Vec<Bot>, Failure> {
    let ids: Vec<&str> = scenario.factions().iter().map(|f| f.id.as_str()).collect();
    let mut bots = vec![Bot::Normal; ids.len()];
    for spec in specs {
        let bad = |why: String| Failure::Usage(format!("--seat {}: {why}", excerpt(spec)));
        let Some((seat, name)) = spec.split_once('=') else {
            return Err(bad("expected SEAT=BOT, e.g. russia=scripted".into()));
        };
        let Some(bot) = Bot::from_name(name) else {
            let names: Vec<&str> = Bot::all().map(|b| b.name()).collect();
            return Err(bad(format!(
                "unknown bot '{}'. Bots: {}",
                excerpt(name),
                names.join(", ")
            )));
        };
        assign_seat(&ids, &mut bots, seat, bot).map_err(bad)?;
    }
    Ok(bots)
}

fn list_scenarios() -> Result<(), Failure> {
    let mut out = String::new();
    for (name, _) in scenario::BUNDLED {
        let s = scenario::bundled(name)
            .ok_or_else(|| Failure::Failed(format!("bundled scenario {name} is missing")))?
            .map_err(|e| Failure::Failed(format!("bundled scenario is broken: {e}")))?;
        let default = if *name == scenario::DEFAULT_SCENARIO {
            " (default)"
        } else {
            ""
        };
        let _ = writeln!(out, "{name:<16} {}{default}", s.title());
        let _ = writeln!(out, "{:<16} {}", "", s.summary());
        let rules = s.rules();
        let mut forms = format!(
            "full: {} {}s of talks, {} months",
            rules.negotiation_rounds, rules.round_name, rules.horizon_months
        );
        if let Some(f) = &s.raw().seminar {
            let _ = write!(
                forms,
                " · seminar (--length seminar): {} {}s, {} months",
                f.negotiation_rounds, rules.round_name, f.horizon_months
            );
        }
        let _ = writeln!(out, "{:<16} {forms}", "");
    }
    print(&out)
}

fn check(files: &[PathBuf]) -> Result<(), Failure> {
    let mut bad = 0;
    for file in files {
        match scenario::load_file(file) {
            Ok(s) => print(&format!(
                "{}: ok ({}, {} factions)\n",
                file.display(),
                s.title(),
                s.factions().len()
            ))?,
            Err(e) => {
                say!("{}", visible(&e.to_string()));
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
    let scenario = find_scenario(&args.scenario, args.length)?;
    let mut fixed: Vec<(ClauseId, Pick)> = Vec::new();
    for s in &args.set {
        let (family, pick) = lab::parse_setting(&scenario, s)
            .map_err(|e| Failure::Usage(format!("--set {}: {e}", excerpt(s))))?;
        fixed.retain(|(f, _)| *f != family);
        fixed.push((family, pick));
    }
    let variants: Vec<Vec<(ClauseId, Pick)>> = match &args.sweep {
        None => vec![fixed.clone()],
        Some(sweep) => {
            let err = |e: String| Failure::Usage(format!("--sweep {}: {e}", excerpt(sweep)));
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
                        excerpt(clause.trim())
                    )));
                }
                let mut v = fixed.clone();
                v.push((family, pick));
                variants.push(v);
            }
            variants
        }
    };
    let bots = simulation_bots(&scenario, &args.seat)?;
    let lineup: BTreeMap<String, String> = scenario
        .factions()
        .iter()
        .zip(&bots)
        .filter(|(_, b)| **b != Bot::Normal)
        .map(|(f, b)| (f.id.clone(), b.name().to_string()))
        .collect();
    if args.save.is_some() && (args.games != 1 || args.sweep.is_some()) {
        return Err(Failure::Usage(
            "--save writes one game: use it with --games 1 and no --sweep".into(),
        ));
    }
    let jobs = jobs(args.jobs);
    let total = args.games * variants.len() as u64;
    let bar = progress_bar(total, std::io::stderr().is_terminal() && total >= 200);
    let variants_fixed = variants.clone();
    let mut stats = Vec::new();
    for fixed in variants {
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
            config: args
                .personalities
                .lab()
                .config(fixed, lab::all_seats(&scenario)),
            bots: bots.clone(),
        };
        let games =
            lab::run_batch(&batch, &|| bar.inc(1)).map_err(|e| Failure::Failed(e.to_string()))?;
        let mut batch_stats = lab::aggregate(&scenario, args.seed, set, &games);
        batch_stats.seats = lineup.clone();
        stats.push(batch_stats);
    }
    bar.finish_and_clear();
    if let Some(path) = &args.save {
        let fixed = variants_fixed.first().cloned().unwrap_or_default();
        let game = lab::play(
            Arc::clone(&scenario),
            lab::game_seed(args.seed, 0),
            args.personalities
                .lab()
                .config(fixed, lab::all_seats(&scenario)),
            &bots,
        )
        .map_err(|e| Failure::Failed(e.to_string()))?;
        // Each seat as it was played: an AI level, or the lab's bot by name
        // (a loaded game goes on with it).
        let players: Vec<Player> = bots.iter().map(|b| Player::of_bot(*b)).collect();
        let meta = save::Meta::new(&umbrella::table::new_game_id(), "simulation");
        save::save(path, &game, &players, meta).map_err(write_failure)?;
        say!("umbrella: saved the game to {}", path.display());
    }
    let text = match args.format {
        Format::Json if args.sweep.is_some() => json(&stats)?,
        Format::Json => json(&stats[0])?,
        Format::Csv => csv(&scenario, &stats)?,
        Format::Table => table(&scenario, &stats),
    };
    print(&text)
}

/// A bar of games done on standard error, cleared when finished or dropped;
/// hidden unless `show` (piped output and tests never see it).
fn progress_bar(games: u64, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(games).with_finish(ProgressFinish::AndClear);
    if let Ok(style) = ProgressStyle::with_template("[{bar:30}] {pos}/{len} games") {
        bar.set_style(style.progress_chars("# "));
    }
    bar
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
            "games with a clock missed".into(),
            stats
                .iter()
                .map(|s| pct(s.missed_clock_game_rate))
                .collect(),
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
            "escalation peak, rung".into(),
            stats
                .iter()
                .map(|s| format!("{:.2}", s.mean_escalation_peak))
                .collect(),
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
    // A seat some bot other than the normal AI played says which.
    let bot = |id: &str| {
        stats
            .first()
            .and_then(|s| s.seats.get(id))
            .map_or(String::new(), |b| format!(" ({b})"))
    };
    for f in scenario.factions() {
        rows.push((
            format!("{}{} wins / score", f.name, bot(&f.id)),
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
    for f in scenario.factions() {
        rows.push((
            format!("{}{} active decisions / between crises", f.name, bot(&f.id)),
            stats
                .iter()
                .map(|s| {
                    format!(
                        "{:.1} / {:.1}",
                        s.active_decisions.get(&f.id).copied().unwrap_or(0.0),
                        s.active_decisions_between_crises
                            .get(&f.id)
                            .copied()
                            .unwrap_or(0.0)
                    )
                })
                .collect(),
        ));
    }
    let first = &stats[0];
    let title = format!(
        "{} ({}): {} games per column, seed {}\n\n",
        scenario.title(),
        scenario.id(),
        first.games,
        first.seed
    );
    let rows = rows.into_iter().map(|(label, values)| {
        let mut row = vec![label];
        row.extend(values);
        row
    });
    title + &umbrella::figures::figures(&[], rows)
}

/// One row per batch; the csv crate quotes a field (a scenario id, a `--set`
/// text) that holds a comma, a quote or a line break.
fn csv(scenario: &Scenario, stats: &[BatchStats]) -> Result<String, Failure> {
    let failed = |e: csv::Error| Failure::Failed(format!("cannot write CSV: {e}"));
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
    for f in scenario.factions() {
        header.push(format!("wins.{}", f.id));
    }
    for f in scenario.factions() {
        header.push(format!("mean_score.{}", f.id));
    }
    // Columns added later come last: the earlier ones keep their places.
    header.push("missed_clock_game_rate".into());
    header.push("mean_escalation_peak".into());
    for f in scenario.factions() {
        header.push(format!("active_decisions.{}", f.id));
    }
    for f in scenario.factions() {
        header.push(format!("active_decisions_between_crises.{}", f.id));
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&header).map_err(failed)?;
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
        for f in scenario.factions() {
            row.push(s.wins.get(&f.id).copied().unwrap_or(0.0).to_string());
        }
        for f in scenario.factions() {
            row.push(s.mean_score.get(&f.id).copied().unwrap_or(0.0).to_string());
        }
        row.push(s.missed_clock_game_rate.to_string());
        row.push(s.mean_escalation_peak.to_string());
        for counts in [&s.active_decisions, &s.active_decisions_between_crises] {
            for f in scenario.factions() {
                row.push(counts.get(&f.id).copied().unwrap_or(0.0).to_string());
            }
        }
        out.write_record(&row).map_err(failed)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| Failure::Failed(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Failure::Failed(format!("cannot write CSV: {e}")))
}
