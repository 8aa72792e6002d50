//! The save folder: atomic writes, rotating autosaves, manual slots, listing.

use super::{Parsed, SaveError, SaveFile};
use crate::ai::Player;
use crate::core::Game;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Autosaves kept per game: the newest and the ones before it.
pub const AUTOSAVES_KEPT: usize = 3;
/// Manual save slots in the game.
pub const SLOTS: usize = 5;

/// The save folder: `--save-dir`, else `UMBRELLA_SAVE_DIR`, else `saves`.
pub fn save_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    match std::env::var_os("UMBRELLA_SAVE_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from("saves"),
    }
}

/// Write `bytes` to `path` so that a crash or a kill at any moment leaves
/// either the old file or the new one, never half of one: write a temporary
/// file in the same folder, flush and sync it, then rename it over `path`.
/// Only a regular file is replaced: a symbolic link, a directory, a FIFO or
/// a device at `path` is refused (`InvalidInput`) and left as it is.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_file(path, bytes, false)
}

/// [`write_atomic`], for a file only its owner may read (a host key, the join codes).
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_file(path, bytes, true)
}

fn write_file(path: &Path, bytes: &[u8], private: bool) -> io::Result<()> {
    refuse_special(path)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("save");
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        // A new file, never one already there: a link planted at the
        // temporary name is not followed.
        let _ = fs::remove_file(&temp);
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        file.flush()?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Refuse a `path` that exists and is not a regular file, without following
/// a symbolic link (the rename would replace the link, or what it points to
/// would never be written).
fn refuse_special(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_file() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{}, not a regular file: refusing to replace it",
                crate::scenario::file_kind(&meta.file_type())
            ),
        )),
        _ => Ok(()),
    }
}

fn autosave_name(game: &Game, id: &str, n: usize) -> String {
    let base = format!(
        "autosave-{}-{}-{id}",
        game.scenario().id(),
        game.state().seed
    );
    if n == 0 {
        format!("{base}.ron")
    } else {
        format!("{base}.{n}.ron")
    }
}

/// Save `game` as the newest autosave of its game (`meta.game`) in `dir`,
/// keeping the previous ones. The new save is written beside the old ones
/// first; only once it is safely on disk do the older ones move along, so a
/// full disk or a read-only folder loses nothing that was saved before.
pub fn autosave(
    dir: &Path,
    game: &Game,
    players: &[Player],
    meta: super::Meta,
) -> Result<PathBuf, SaveError> {
    let id = meta.game.clone();
    let save = SaveFile::of(
        game,
        players,
        super::Meta {
            label: "autosave".into(),
            ..meta
        },
    )?;
    let text = save.to_text()?;
    let io_error = |error| SaveError::Io {
        file: dir.display().to_string(),
        error,
    };
    fs::create_dir_all(dir).map_err(io_error)?;
    // What the rotation would rename over must be a regular file (or nothing).
    for n in 0..AUTOSAVES_KEPT {
        let file = dir.join(autosave_name(game, &id, n));
        refuse_special(&file).map_err(|error| SaveError::Io {
            file: file.display().to_string(),
            error,
        })?;
    }
    let fresh = dir.join(format!(".{}.new", autosave_name(game, &id, 0)));
    write_atomic(&fresh, text.as_bytes()).map_err(|error| SaveError::Io {
        file: fresh.display().to_string(),
        error,
    })?;
    // Shift the older autosaves along; a missing one is simply skipped.
    for n in (1..AUTOSAVES_KEPT).rev() {
        let from = dir.join(autosave_name(game, &id, n - 1));
        if from.exists() {
            fs::rename(&from, dir.join(autosave_name(game, &id, n))).map_err(io_error)?;
        }
    }
    let path = dir.join(autosave_name(game, &id, 0));
    fs::rename(&fresh, &path).map_err(|error| SaveError::Io {
        file: path.display().to_string(),
        error,
    })?;
    Ok(path)
}

/// Remove what killed writes left behind in `dir`: temporary files of
/// `write_atomic` and unfinished autosaves, older than a minute (a write in
/// progress takes milliseconds). Returns how many were removed.
pub fn clean_temporaries(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let old = |e: &fs::DirEntry| {
        e.metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() >= 60)
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name().to_str().is_some_and(|n| {
                n.starts_with('.') && (n.ends_with(".tmp") || n.ends_with(".ron.new"))
            })
        })
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()) && old(e))
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

/// The newest autosave of any game in `dir` (rotated older copies aside),
/// with when it was written; read from the folder's metadata only.
pub fn newest_autosave(dir: &Path) -> Option<(PathBuf, SystemTime)> {
    fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name().to_str().is_some_and(|n| {
                n.starts_with("autosave-") && n.ends_with(".ron") && n.matches('.').count() == 1
            })
        })
        .filter_map(|e| Some((e.path(), e.metadata().ok()?.modified().ok()?)))
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
}

/// The file of manual save slot `n` (from 1) of the game called `id`.
pub fn slot_path(dir: &Path, id: &str, n: usize) -> PathBuf {
    dir.join(format!("slot-{id}-{n}.ron"))
}

/// A save in the folder, as the load screen lists it.
#[derive(Clone, Debug)]
pub struct SaveInfo {
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    /// The game it belongs to, when it says (saves of format 3).
    pub game: Option<String>,
    /// "nato-lite-2025 · seed 42 · month 6 · autosave", or why it cannot be read.
    pub summary: Result<String, String>,
}

/// The saves in `dir`, newest first. A missing folder has no saves.
pub fn list(dir: &Path) -> Vec<SaveInfo> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut saves: Vec<SaveInfo> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .map(|path| {
            let modified = fs::metadata(&path).and_then(|m| m.modified()).ok();
            let (game, summary) = match peek(&path) {
                Ok((game, summary)) => (game, Ok(summary)),
                Err(e) => (None, Err(e)),
            };
            SaveInfo {
                path,
                modified,
                game,
                summary,
            }
        })
        .collect();
    saves.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.path.cmp(&b.path)));
    saves
}

/// A game in the save folder and its saves (autosaves, slots, crash saves), newest first.
#[derive(Clone, Debug)]
pub struct GameSaves {
    /// Its identity, when its saves carry one.
    pub game: Option<String>,
    pub saves: Vec<SaveInfo>,
}

impl GameSaves {
    /// The newest save, which loading the game continues.
    pub fn newest(&self) -> Option<&SaveInfo> {
        self.saves.first()
    }
}

/// The games in `dir`, the most recently saved first: every save that names
/// its game grouped with that game's other saves; older saves, which do not,
/// each on its own.
pub fn games(dir: &Path) -> Vec<GameSaves> {
    let mut out: Vec<GameSaves> = Vec::new();
    for info in list(dir) {
        match info.game.clone().and_then(|g| {
            out.iter_mut()
                .find(|x| x.game.as_deref() == Some(g.as_str()))
        }) {
            Some(group) => group.saves.push(info),
            None => out.push(GameSaves {
                game: info.game.clone(),
                saves: vec![info],
            }),
        }
    }
    out
}

/// A one-line summary of a save, without replaying it.
pub fn summary(path: &Path) -> Result<String, String> {
    peek(path).map(|(_, summary)| summary)
}

/// The game a save belongs to (if it says) and a one-line summary of it.
fn peek(path: &Path) -> Result<(Option<String>, String), String> {
    let text = super::read_text(path).map_err(|e| e.to_string())?;
    match super::parse(&path.display().to_string(), &text).map_err(|e| e.to_string())? {
        Parsed::Current(s) => {
            let when = match s.snapshot.phase() {
                crate::core::Phase::Negotiation => format!("week {}", s.snapshot.talks.round),
                crate::core::Phase::Ended => "finished".to_string(),
                _ => format!("month {}", s.snapshot.month),
            };
            let branch = if s.branch.is_some() {
                " · what-if branch"
            } else {
                ""
            };
            let summary = format!(
                "{} · seed {} · {when} · {}{branch}",
                s.scenario.id, s.seed, s.label
            );
            Ok((Some(s.game.clone()), summary))
        }
        Parsed::V2(s) => Ok((
            None,
            format!(
                "{} · seed {} · {} (an older save, format 2)",
                s.scenario.id, s.seed, s.label
            ),
        )),
        Parsed::V1(v1) => Ok((
            None,
            format!("{} · seed {} · action log (format 1)", v1.scenario, v1.seed),
        )),
    }
}
