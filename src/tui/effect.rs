//! What the app asks the outside world to do (write a save, read the save
//! folder, export the report), and the one place that does it. The app's
//! update never touches a file: it queues effects; [`drive`] performs them
//! and hands their outcome back to the app as an input.

use super::app::{App, Flow, Input};
use crate::ai::Player;
use crate::core::Game;
use crate::save::{self, GameSaves, Loaded, Meta};
use std::path::{Path, PathBuf};

/// Something for the run loop to do.
#[derive(Clone, Debug)]
pub enum Effect {
    /// Write the game as its newest autosave.
    Autosave(Snapshot),
    /// Write the game into manual slot `n` (from 1).
    SaveSlot(usize, Snapshot),
    /// Read what each save slot of game `game` holds.
    ListSlots { game: String },
    /// Read the saves in the folder, game by game.
    ListSaves,
    /// Load a save.
    Load(PathBuf),
    /// Write the after-action report, HTML and Markdown, next to the saves;
    /// with every seat's secrets if `reveal` (the facilitator asked).
    ExportReport(Snapshot, bool),
    /// A projector window: show the newest autosave if it changed since `shown`.
    Follow { shown: Option<(PathBuf, u64)> },
}

/// A table as it is written to a file: the game, who plays each seat, and
/// the game's identity, facilitator lock and timers.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub game: Box<Game>,
    pub players: Vec<Player>,
    pub meta: Meta,
}

/// What came of an effect.
#[derive(Clone, Debug)]
pub enum Done {
    Autosaved(Result<PathBuf, String>),
    SavedToSlot(usize, Result<PathBuf, String>),
    Slots(Vec<String>),
    Saves(Vec<GameSaves>),
    Loaded(Box<Result<Loaded, String>>),
    Exported(Result<(PathBuf, PathBuf), String>),
    /// The newest autosave, if it is new.
    Followed(Option<Box<Autosave>>),
}

/// The newest autosave in a folder, as a projector window reads it.
#[derive(Clone, Debug)]
pub struct Autosave {
    pub path: PathBuf,
    /// A hash of its text (the text, not the time stamp, says whether it changed).
    pub hash: u64,
    /// The game in it, or why it could not be read.
    pub loaded: Result<Loaded, String>,
}

/// Feed `input` to the app and perform every effect it asks for, feeding
/// their outcomes back, until nothing is left to do.
pub fn drive(app: &mut App, input: Input) -> Flow {
    let flow = app.update(input);
    settle(app);
    flow
}

/// Perform every effect the app has queued (and those their outcomes queue).
pub fn settle(app: &mut App) {
    while let Some(effect) = app.next_effect() {
        if let Some(done) = perform(effect, app.save_dir.as_deref()) {
            app.update(Input::Done(done));
        }
    }
}

/// Do one effect in the save folder `dir`.
pub fn perform(effect: Effect, dir: Option<&Path>) -> Option<Done> {
    let folder = || {
        dir.map(Path::to_path_buf)
            .unwrap_or_else(|| save::save_dir(None))
    };
    Some(match effect {
        Effect::Autosave(s) => {
            let dir = dir?;
            Done::Autosaved(
                save::autosave(dir, &s.game, &s.players, s.meta).map_err(|e| e.to_string()),
            )
        }
        Effect::SaveSlot(slot, s) => {
            let path = save::slot_path(&folder(), &s.meta.game, slot);
            let meta = Meta {
                label: format!("slot {slot}"),
                ..s.meta
            };
            let result = save::save(&path, &s.game, &s.players, meta)
                .map(|()| path)
                .map_err(|e| e.to_string());
            Done::SavedToSlot(slot, result)
        }
        Effect::ListSlots { game } => Done::Slots(slot_summaries(dir, &game)),
        Effect::ListSaves => Done::Saves(dir.map(save::games).unwrap_or_default()),
        Effect::Load(path) => Done::Loaded(Box::new(save::load(&path).map_err(|e| e.to_string()))),
        Effect::ExportReport(s, reveal) => Done::Exported(export(&folder(), &s, reveal)),
        Effect::Follow { shown } => Done::Followed(follow(dir?, shown)),
    })
}

/// One line per save slot: what it holds, or that it is free.
fn slot_summaries(dir: Option<&Path>, game: &str) -> Vec<String> {
    (1..=save::SLOTS)
        .map(|n| match dir.map(|d| save::slot_path(d, game, n)) {
            Some(path) if path.exists() => match save::summary(&path) {
                Ok(s) => format!("slot {n}: {s}"),
                Err(e) => format!("slot {n}: unreadable ({e})"),
            },
            _ => format!("slot {n}: free"),
        })
        .collect()
}

fn export(dir: &Path, s: &Snapshot, reveal: bool) -> Result<(PathBuf, PathBuf), String> {
    let game = &s.game;
    let report = crate::report::build(game, &s.players, s.meta.branch.as_ref(), reveal);
    let base = format!(
        "report-{}-{}-{}",
        game.scenario().id(),
        game.state().seed,
        s.meta.game
    );
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let html = dir.join(format!("{base}.html"));
    let md = dir.join(format!("{base}.md"));
    let write = |path: &Path, text: String| {
        save::write_atomic(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
    };
    write(&html, crate::report::html(&report))?;
    write(&md, crate::report::markdown(&report))?;
    Ok((html, md))
}

/// The newest autosave in `dir`, if it is not the one `shown`.
fn follow(dir: &Path, shown: Option<(PathBuf, u64)>) -> Option<Box<Autosave>> {
    let (path, _) = save::newest_autosave(dir)?;
    // The text, not the time stamp, says whether it changed (some file
    // systems keep time stamps to the second).
    let text = match save::read_text(&path) {
        Ok(text) => text,
        Err(e) => {
            return Some(Box::new(Autosave {
                path,
                hash: 0,
                loaded: Err(e.to_string()),
            }));
        }
    };
    let hash = crate::core::hash::fnv1a(text.as_bytes());
    if shown.as_ref() == Some(&(path.clone(), hash)) {
        return None;
    }
    let loaded = save::load_text(&path.display().to_string(), &text).map_err(|e| e.to_string());
    Some(Box::new(Autosave { path, hash, loaded }))
}
