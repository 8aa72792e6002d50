//! Save files: versioned RON, written atomically, loaded by replaying the
//! record from the seed and checked step by step against what was saved.
//!
//! A save holds the scenario's name, a hash of its text and the text, the seed, who
//! played each seat, every step of the game, a fingerprint of the state after
//! each step, and a snapshot of the final state. Umbrella loads a save by
//! replaying its steps (a few hundred steps take well under a millisecond),
//! so a damaged snapshot can never put an impossible state into the engine;
//! the fingerprints and the snapshot then prove the replay reached the game
//! that was saved.

mod files;
mod locate;
mod migrate;

pub use migrate::{SaveV1, SaveV2};

pub use files::{
    AUTOSAVES_KEPT, GameSaves, SLOTS, SaveInfo, autosave, clean_temporaries, games, list,
    newest_autosave, save_dir, slot_path, summary, write_atomic, write_private,
};

use crate::ai::Player;
use crate::core::{Event, Game, GameConfig, GameState, Intervention, RuleError, Scenario, Step};
use crate::scenario::{self, ReadError};
use crate::table::{PinLock, Timers};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The format this Umbrella writes. Format 3 lays drafts out by the
/// scenario's own clauses; formats 1 and 2 are migrated when loaded.
pub const FORMAT: u32 = 3;
/// Save files larger than this are refused before reading.
pub const MAX_SAVE_BYTES: u64 = 16 << 20;
/// Deepest nesting accepted in a save file.
pub const RECURSION_LIMIT: usize = 64;

/// Where the scenario of a saved game comes from, and what its text was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRef {
    pub id: String,
    /// The scenario file, for scenarios that are not bundled.
    #[serde(default)]
    pub file: Option<String>,
    /// FNV-1a hash of the scenario's text, in hex.
    pub hash: String,
}

/// Where a what-if branch came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    /// The save it branched off.
    pub from: String,
    /// The game it branched off.
    #[serde(default)]
    pub from_game: String,
    /// Steps of that game kept before the change.
    pub at_step: usize,
    /// What changed, in words.
    pub change: String,
}

/// What a save says about the game beyond its moves: which game it is, what
/// kind of save, where a branch came from, the seminar's facilitator and timers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    pub game: String,
    pub label: String,
    pub branch: Option<Branch>,
    pub facilitator: Option<PinLock>,
    pub timers: Timers,
}

impl Meta {
    /// A save labelled `label` of the game called `game`, without seminar settings.
    pub fn new(game: &str, label: &str) -> Meta {
        Meta {
            game: game.to_string(),
            label: label.to_string(),
            branch: None,
            facilitator: None,
            timers: Timers::default(),
        }
    }

    /// A save labelled `label` of the game at `table`, with its seminar settings.
    pub fn of(table: &crate::table::Table, label: &str) -> Meta {
        Meta {
            facilitator: table.lock.clone(),
            timers: table.timers,
            branch: table.branch.clone(),
            ..Meta::new(&table.id, label)
        }
    }
}

/// The layout of the game state that this Umbrella fingerprints. Raise it
/// whenever a field is added to the state (the crisis gained the aggressor's
/// desk in layout 1): saves fingerprinted over an older layout then still load,
/// checked by their final snapshot, instead of diverging at their first crisis.
/// The test `a_save_of_this_layout_replays_step_by_step` keeps a fixture of the
/// current layout and fails when the state changes without raising it.
pub const DIGEST_LAYOUT: u32 = 1;

/// A saved game (format 3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveFile {
    pub format: u32,
    /// Version of Umbrella that wrote it.
    pub umbrella: String,
    /// The game it belongs to: its autosaves and slots are named by it.
    pub game: String,
    /// "autosave", "slot 2", "crash", "simulation"...
    pub label: String,
    /// The seminar's facilitator: a salted hash of the PIN, never the PIN.
    #[serde(default)]
    pub facilitator: Option<PinLock>,
    /// The seminar's real-time limits.
    #[serde(default)]
    pub timers: Timers,
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub config: GameConfig,
    pub players: Vec<Player>,
    #[serde(default)]
    pub branch: Option<Branch>,
    /// The story so far, for people reading the file; ignored when loading.
    #[serde(default)]
    pub timeline: Vec<String>,
    pub steps: Vec<Step>,
    /// Fingerprint of the state after each step.
    pub digests: Vec<u64>,
    /// The layout of the state the fingerprints were taken of
    /// ([`DIGEST_LAYOUT`] when written by this Umbrella; 0 for saves written
    /// before the field existed). Fingerprints of another layout are not
    /// compared step by step: the replay must still reach the saved snapshot.
    #[serde(default)]
    pub digest_layout: u32,
    pub snapshot: GameState,
    /// The scenario's text when the game was saved (last, as it is long): the
    /// game continues under it when the bundled scenario or the file has
    /// changed since.
    #[serde(default)]
    pub scenario_text: Option<String>,
}

/// Just enough of a file to know its format.
#[derive(Deserialize)]
struct Header {
    format: u32,
}

/// Why a save could not be written or loaded.
#[derive(Debug)]
pub enum SaveError {
    Io {
        file: String,
        error: std::io::Error,
    },
    TooLarge {
        file: String,
        bytes: u64,
    },
    NotText {
        file: String,
    },
    Empty {
        file: String,
    },
    Syntax {
        file: String,
        line: usize,
        col: usize,
        message: String,
    },
    Newer {
        file: String,
        at: Option<(usize, usize)>,
        format: u32,
    },
    UnknownFormat {
        file: String,
        at: Option<(usize, usize)>,
        format: u32,
    },
    Scenario {
        file: String,
        at: Option<(usize, usize)>,
        error: String,
    },
    ScenarioChanged {
        file: String,
        at: Option<(usize, usize)>,
        id: String,
    },
    /// The game a save sets up (its scenario, seed and fixed clauses) cannot start.
    Setup {
        file: String,
        at: Option<(usize, usize)>,
        error: String,
    },
    Illegal {
        file: String,
        /// Line and column of the step in the file, when it was read from one.
        at: Option<(usize, usize)>,
        step: usize,
        what: String,
        error: String,
    },
    Diverged {
        file: String,
        at: Option<(usize, usize)>,
        step: usize,
        what: String,
    },
    Snapshot {
        file: String,
        at: Option<(usize, usize)>,
    },
    Incomplete,
    /// The save could not be turned into text.
    Unwritable(String),
    /// The save's game identity or seminar settings are not ones a game writes.
    Meta {
        file: String,
        /// Line and column of the field in the file, when it was read from one.
        at: Option<(usize, usize)>,
        /// The field at fault.
        field: &'static str,
        what: String,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Io { file, error } => write!(f, "{file}: {error}"),
            SaveError::TooLarge { file, bytes } => write!(
                f,
                "{file}: too large for a save ({bytes} bytes; the limit is {MAX_SAVE_BYTES})"
            ),
            SaveError::NotText { file } => write!(f, "{file}: not a save file (not UTF-8 text)"),
            SaveError::Empty { file } => write!(f, "{file}: the file is empty"),
            SaveError::Syntax {
                file,
                line,
                col,
                message,
            } => write!(f, "{file}:{line}:{col}: {message}"),
            SaveError::Newer { file, at, format } => write!(
                f,
                "{file}{}: saved by a newer Umbrella (format {format}; this one reads up to {FORMAT})",
                Located(*at)
            ),
            SaveError::UnknownFormat { file, at, format } => {
                write!(f, "{file}{}: unknown save format {format}", Located(*at))
            }
            SaveError::Scenario { file, at, error } => {
                write!(
                    f,
                    "{file}{}: its scenario cannot be loaded: {error}",
                    Located(*at)
                )
            }
            SaveError::ScenarioChanged { file, at, id } => write!(
                f,
                "{file}{}: scenario \"{}\" has changed since this game was saved; refusing to replay it into a different game",
                Located(*at),
                crate::core::text::excerpt(id)
            ),
            SaveError::Setup { file, at, error } => write!(
                f,
                "{file}{}: its game cannot be set up: {error}",
                Located(*at)
            ),
            SaveError::Illegal {
                file,
                at,
                step,
                what,
                error,
            } => {
                write!(
                    f,
                    "{file}{}: step {step} ({what}) is not allowed in this game: {error}",
                    Located(*at)
                )
            }
            SaveError::Diverged {
                file,
                at,
                step,
                what,
            } => write!(
                f,
                "{file}{}: the replay diverges from the saved game at step {step} ({what})",
                Located(*at)
            ),
            SaveError::Snapshot { file, at } => write!(
                f,
                "{file}{}: the replay does not reach the saved snapshot",
                Located(*at)
            ),
            SaveError::Incomplete => write!(f, "this game has no complete record to save"),
            SaveError::Unwritable(e) => write!(f, "the save could not be written out: {e}"),
            SaveError::Meta { file, at, what, .. } => {
                write!(f, "{file}{}: {what}", Located(*at))
            }
        }
    }
}

impl std::error::Error for SaveError {}

/// ":line:col" after a file's name, when known.
struct Located(Option<(usize, usize)>);

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some((line, col)) => write!(f, ":{line}:{col}"),
            None => Ok(()),
        }
    }
}

impl SaveError {
    /// Whether the file itself is bad (exit 2), rather than a replay that diverges (exit 1).
    pub fn is_bad_input(&self) -> bool {
        !matches!(
            self,
            SaveError::Diverged { .. } | SaveError::Snapshot { .. }
        )
    }
}

/// A loaded game, rebuilt by replaying its save.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub save: SaveFile,
    pub game: Game,
}

fn hex(h: u64) -> String {
    format!("{h:016x}")
}

/// A reference to `scenario` for a save.
pub fn scenario_ref(scenario: &Scenario) -> ScenarioRef {
    ScenarioRef {
        id: scenario.id().to_string(),
        file: scenario.file().map(String::from),
        hash: hex(scenario.hash()),
    }
}

/// One line per event, for the file's timeline.
fn timeline(game: &Game) -> Vec<String> {
    let s = game.scenario();
    game.state()
        .log
        .iter()
        .map(|e: &Event| format!("{}: {}", e.when_text(s), e.describe(s)))
        .collect()
}

/// A short description of a step ("Italy: Sign", "facilitator: change the treaty").
pub fn describe_step(scenario: &Scenario, step: &Step) -> String {
    match step {
        Step::Seat(seat, action) => {
            let name = scenario
                .factions()
                .get(seat.index())
                .map_or("an unknown seat", |f| f.name.as_str());
            format!("{name}: {}", action.name())
        }
        Step::Facilitator(Intervention::SetTreatyClause { clause, .. }) => {
            format!("facilitator: change {}", scenario.clause(*clause).name)
        }
        Step::Facilitator(other) => format!("facilitator: {}", other.name()),
    }
}

impl SaveFile {
    /// A save of `game`, which must have a record reaching back to its start.
    pub fn of(game: &Game, players: &[Player], meta: Meta) -> Result<SaveFile, SaveError> {
        if !game.has_complete_record() {
            return Err(SaveError::Incomplete);
        }
        let scenario = Arc::clone(game.scenario());
        let state = game.state();
        // Fingerprints step by step, from a fresh replay.
        let mut replay = Game::new(Arc::clone(&scenario), state.seed, state.config.clone())
            .map_err(|_| SaveError::Incomplete)?;
        let mut digests = Vec::with_capacity(game.record().len());
        for step in game.record() {
            replay
                .step(step.clone())
                .map_err(|_| SaveError::Incomplete)?;
            digests.push(replay.state().digest());
        }
        Ok(SaveFile {
            format: FORMAT,
            umbrella: env!("CARGO_PKG_VERSION").to_string(),
            game: meta.game,
            label: meta.label,
            facilitator: meta.facilitator,
            timers: meta.timers,
            scenario: scenario_ref(&scenario),
            seed: state.seed,
            config: state.config.clone(),
            players: players.to_vec(),
            branch: meta.branch,
            timeline: timeline(game),
            steps: game.record().to_vec(),
            digests,
            digest_layout: DIGEST_LAYOUT,
            snapshot: state.clone(),
            scenario_text: Some(scenario.text().to_string()),
        })
    }

    /// The file's text. A save that cannot be written out is an error, never
    /// a file that replaces a good save with nothing.
    pub fn to_text(&self) -> Result<String, SaveError> {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(false)
            .depth_limit(2);
        ron::ser::to_string_pretty(self, config)
            .map(|text| {
                format!(
                    "// Umbrella saved game. `umbrella replay FILE --verify` checks it.\n{text}\n"
                )
            })
            .map_err(|e| SaveError::Unwritable(e.to_string()))
    }
}

/// Write `game` to `path` atomically.
pub fn save(path: &Path, game: &Game, players: &[Player], meta: Meta) -> Result<(), SaveError> {
    let save = SaveFile::of(game, players, meta)?;
    write_atomic(path, save.to_text()?.as_bytes()).map_err(|error| SaveError::Io {
        file: path.display().to_string(),
        error,
    })
}

fn syntax(file: &str, e: ron::error::SpannedError) -> SaveError {
    let message = scenario::ron_message(&e.code);
    // Name the problem in the players' terms, not the program's.
    let message = if message.contains("`Header`") {
        "not an Umbrella save file (it has no `format:` number)".to_string()
    } else {
        message
            .replace(" in `SaveFile`", "")
            .replace(" in `SaveV2`", "")
            .replace(" in `SaveV1`", "")
    };
    SaveError::Syntax {
        file: file.to_string(),
        line: e.span.start.line,
        col: e.span.start.col,
        message,
    }
}

/// Parse a save's text (any supported format) without replaying it.
pub fn parse(file: &str, text: &str) -> Result<Parsed, SaveError> {
    if text.trim().is_empty() {
        return Err(SaveError::Empty {
            file: file.to_string(),
        });
    }
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let header: Header = options.from_str(text).map_err(|e| syntax(file, e))?;
    match header.format {
        FORMAT => options
            .from_str(text)
            .map(|s| Parsed::Current(Box::new(s)))
            .map_err(|e| syntax(file, e)),
        2 => options
            .from_str(text)
            .map(|s| Parsed::V2(Box::new(s)))
            .map_err(|e| syntax(file, e)),
        1 => options
            .from_str(text)
            .map(Parsed::V1)
            .map_err(|e| syntax(file, e)),
        n if n > FORMAT => Err(SaveError::Newer {
            file: file.to_string(),
            at: None,
            format: n,
        }),
        n => Err(SaveError::UnknownFormat {
            file: file.to_string(),
            at: None,
            format: n,
        }),
    }
}

/// A parsed save, before migration.
#[derive(Clone, Debug)]
pub enum Parsed {
    Current(Box<SaveFile>),
    V2(Box<SaveV2>),
    V1(SaveV1),
}

/// Read a file, refusing it before reading when it is too large.
pub fn read_text(path: &Path) -> Result<String, SaveError> {
    let file = path.display().to_string();
    let bytes = scenario::read_limited(path, MAX_SAVE_BYTES).map_err(|e| match e {
        ReadError::Io(error) => SaveError::Io {
            file: file.clone(),
            error,
        },
        ReadError::TooLarge(bytes) => SaveError::TooLarge {
            file: file.clone(),
            bytes,
        },
    })?;
    String::from_utf8(bytes).map_err(|_| SaveError::NotText { file })
}

/// Find the scenario a save names: its file, or a bundled scenario by id;
/// when that has changed since (or is gone), the text the save carries.
pub(crate) fn find_scenario(
    file: &str,
    r: &ScenarioRef,
    saved_text: Option<&str>,
) -> Result<Arc<Scenario>, SaveError> {
    let found = match &r.file {
        Some(path) => scenario::load_file(Path::new(path)).map(Arc::new),
        None => scenario::find(&r.id),
    };
    if let Ok(scenario) = &found
        && hex(scenario.hash()) == r.hash
    {
        return Ok(Arc::clone(scenario));
    }
    if let Some(text) = saved_text
        && hex(crate::core::hash::fnv1a(text.as_bytes())) == r.hash
    {
        let label = format!("{file} (the scenario saved in it)");
        let scenario = scenario::parse(&label, text).map_err(|e| SaveError::Scenario {
            file: file.to_string(),
            at: None,
            error: e.to_string(),
        })?;
        return Ok(Arc::new(scenario.with_file(r.file.clone())));
    }
    match found {
        Ok(_) => Err(SaveError::ScenarioChanged {
            file: file.to_string(),
            at: None,
            id: r.id.clone(),
        }),
        Err(e) => Err(SaveError::Scenario {
            file: file.to_string(),
            at: None,
            error: e.to_string(),
        }),
    }
}

/// Replay `steps`, naming the first refused step.
pub(super) fn replay(
    file: &str,
    scenario: Arc<Scenario>,
    seed: u64,
    config: GameConfig,
    steps: &[Step],
) -> Result<Game, SaveError> {
    let s = Arc::clone(&scenario);
    Game::replay(scenario, seed, config, steps).map_err(|e| match e.error {
        RuleError::Setup(error) => SaveError::Setup {
            file: file.to_string(),
            at: None,
            error,
        },
        error => SaveError::Illegal {
            file: file.to_string(),
            at: None,
            step: e.step,
            what: steps
                .get(e.step)
                .map_or_else(String::new, |st| describe_step(&s, st)),
            error: error.to_string(),
        },
    })
}

/// Load a save: parse it, migrate an older format, find its scenario, replay
/// every step and check the replay against the saved fingerprints and snapshot.
pub fn load(path: &Path) -> Result<Loaded, SaveError> {
    let text = read_text(path)?;
    load_text(&path.display().to_string(), &text)
}

/// Load a save from its text; errors name the line and column at fault.
pub fn load_text(file: &str, text: &str) -> Result<Loaded, SaveError> {
    let load = || match parse(file, text)? {
        Parsed::Current(save) => {
            let scenario = find_scenario(file, &save.scenario, save.scenario_text.as_deref())?;
            verify(file, &save, scenario).map(|game| Loaded { save: *save, game })
        }
        Parsed::V2(old) => migrate::v2(file, *old),
        Parsed::V1(old) => migrate::v1(file, old),
    };
    load().map_err(|e| e.located_in(text))
}

impl SaveError {
    /// The error with the line and column in `text` (the save's) of the step
    /// or the field it names.
    fn located_in(mut self, text: &str) -> SaveError {
        let (at, step, field) = match &mut self {
            SaveError::Illegal { at, step, .. } | SaveError::Diverged { at, step, .. } => {
                (at, Some(*step), "steps")
            }
            SaveError::Meta { at, field, .. } => (at, None, *field),
            SaveError::Newer { at, .. } | SaveError::UnknownFormat { at, .. } => {
                (at, None, "format")
            }
            SaveError::Scenario { at, .. } | SaveError::ScenarioChanged { at, .. } => {
                (at, None, "scenario")
            }
            SaveError::Snapshot { at, .. } => (at, None, "snapshot"),
            SaveError::Setup { at, .. } => (at, None, "config"),
            _ => return self,
        };
        if at.is_none() {
            *at = match step {
                Some(n) => locate::step(text, n),
                None => locate::field(text, field),
            };
        }
        self
    }
}

/// Replay a current-format save and check it step by step.
pub fn verify(file: &str, save: &SaveFile, scenario: Arc<Scenario>) -> Result<Game, SaveError> {
    let meta = |field: &'static str, what: &str| SaveError::Meta {
        file: file.to_string(),
        at: None,
        field,
        what: what.to_string(),
    };
    if !crate::table::valid_game_id(&save.game) {
        return Err(meta(
            "game",
            "its `game` is not a game identity (1 to 32 letters, digits and dashes)",
        ));
    }
    if !save.timers.valid() {
        return Err(meta(
            "timers",
            &format!(
                "its `timers` are out of range ({} to {} seconds)",
                crate::table::TIMER_SECS.start(),
                crate::table::TIMER_SECS.end()
            ),
        ));
    }
    if save
        .facilitator
        .as_ref()
        .is_some_and(|lock| !lock.is_well_formed())
    {
        return Err(meta(
            "facilitator",
            "its `facilitator` is not a lock Umbrella writes (a salt of 32 and a hash of 64 hex digits): no PIN could open it",
        ));
    }
    let mut game =
        Game::new(Arc::clone(&scenario), save.seed, save.config.clone()).map_err(|e| {
            SaveError::Setup {
                file: file.to_string(),
                at: None,
                error: e.to_string(),
            }
        })?;
    for (i, step) in save.steps.iter().enumerate() {
        game.step(step.clone()).map_err(|e| SaveError::Illegal {
            file: file.to_string(),
            at: None,
            step: i,
            what: describe_step(&scenario, step),
            error: e.to_string(),
        })?;
        if save.digest_layout == DIGEST_LAYOUT
            && save
                .digests
                .get(i)
                .is_some_and(|d| *d != game.state().digest())
        {
            return Err(SaveError::Diverged {
                file: file.to_string(),
                at: None,
                step: i,
                what: describe_step(&scenario, step),
            });
        }
    }
    if save.digests.len() != save.steps.len() || game.state() != &save.snapshot {
        return Err(SaveError::Snapshot {
            file: file.to_string(),
            at: None,
        });
    }
    Ok(game)
}

/// Branch a new game off `loaded` after `at` of its steps, with the treaty
/// clause `family` set to `pick` by the facilitator.
pub fn fork(
    loaded: &Loaded,
    from: &str,
    at: usize,
    intervention: Intervention,
    change: String,
) -> Result<(Game, Branch), SaveError> {
    let steps = &loaded.save.steps[..at.min(loaded.save.steps.len())];
    let mut game = replay(
        from,
        Arc::clone(loaded.game.scenario()),
        loaded.save.seed,
        loaded.save.config.clone(),
        steps,
    )?;
    game.intervene(intervention)
        .map_err(|e| SaveError::Illegal {
            file: from.to_string(),
            at: None,
            step: steps.len(),
            what: change.clone(),
            error: e.to_string(),
        })?;
    Ok((
        game,
        Branch {
            from: from.to_string(),
            from_game: loaded.save.game.clone(),
            at_step: steps.len(),
            change,
        },
    ))
}

/// Where a crash save goes: next to the autosaves, named for the game.
pub fn crash_path(dir: &Path, game: &Game, id: &str) -> PathBuf {
    dir.join(format!(
        "crash-{}-{}-{id}.ron",
        game.scenario().id(),
        game.state().seed
    ))
}
