//! The terminal front end: setup, the table, the crisis room, hot-seat
//! hand-overs and the final scores, drawn with ratatui.

pub mod app;
pub mod effect;
pub mod facilitator;
pub mod keys;
pub mod play;
pub mod render;
pub mod setup;
pub mod theme;

pub use effect::{drive, settle};

use app::{App, Flow, Input};
use ratatui::crossterm::event::{self, Event};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;
use theme::Theme;

/// How often auto-play moves on, when it is on.
pub const TICK: Duration = Duration::from_millis(700);
/// How often a visible real-time countdown is redrawn.
pub const TIMER_TICK: Duration = Duration::from_millis(500);

/// How a run of the game ended badly.
#[derive(Debug)]
pub enum RunError {
    Terminal(io::Error),
    /// A bug: the terminal was restored, and the game written to a crash save if possible.
    Crashed {
        message: String,
        crash_save: Option<Result<PathBuf, String>>,
    },
}

/// The last panic's message, kept for reporting after the terminal is restored.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Run the app in the terminal until the players quit. The terminal is
/// restored on every way out; on a panic, the game is then written to a crash
/// save, and only then is the error reported (by the caller).
pub fn run(mut app: App) -> Result<(), RunError> {
    let theme = Theme::from_env();
    // Keep the panic message instead of printing it over the game; ratatui's
    // hook, installed next, restores the terminal before calling this one.
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut slot) = PANIC.lock() {
            *slot = Some(info.to_string());
        }
    }));
    let mut terminal = ratatui::try_init().map_err(RunError::Terminal)?;
    let start = std::time::Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| -> io::Result<()> {
        settle(&mut app);
        loop {
            terminal.draw(|frame| render::draw(frame, &app, &theme))?;
            // Wait for input without using the CPU; tick only while auto-play runs.
            let input = if app.wants_ticks() {
                let autoplay = app.session().is_some_and(|s| s.desk.autoplay);
                if event::poll(if autoplay { TICK } else { TIMER_TICK })? {
                    Some(event::read()?)
                } else {
                    None
                }
            } else {
                Some(event::read()?)
            };
            let input = match input {
                None => Input::Tick(start.elapsed().as_millis() as u64),
                Some(Event::Key(key)) => Input::Key(key),
                Some(Event::Mouse(m)) => Input::Mouse(m),
                Some(Event::Resize(_, _)) => Input::Resize,
                Some(_) => continue,
            };
            if drive(&mut app, input) == Flow::Quit {
                return Ok(());
            }
        }
    }));
    ratatui::restore();
    match result {
        Ok(outcome) => outcome.map_err(RunError::Terminal),
        Err(_) => {
            let message = PANIC
                .lock()
                .ok()
                .and_then(|mut m| m.take())
                .unwrap_or_else(|| "unknown panic".into());
            // A projector window only shows another window's game: nothing to save.
            let crash_save = match app.follow {
                None => app.session().map(|s| {
                    let dir = app
                        .save_dir
                        .clone()
                        .unwrap_or_else(|| crate::save::save_dir(None));
                    crash_save(&dir, s)
                }),
                Some(_) => None,
            };
            Err(RunError::Crashed {
                message,
                crash_save,
            })
        }
    }
}

/// Write the game to a crash save in `dir` (after a bug stopped the app).
pub fn crash_save(dir: &std::path::Path, session: &play::Session) -> Result<PathBuf, String> {
    let game = session.game();
    let path = crate::save::crash_path(dir, game);
    crate::save::save(&path, game, session.players(), "crash", None).map_err(|e| e.to_string())?;
    Ok(path)
}
