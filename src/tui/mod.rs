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
pub mod wait;

pub use effect::{drive, settle};

use app::{App, Flow, Input};
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use theme::Theme;
use wait::{Waiter, Woken};

/// How often auto-play moves on, when it is on.
pub const TICK: Duration = Duration::from_millis(700);
/// How often a visible real-time countdown is redrawn.
pub const TIMER_TICK: Duration = Duration::from_millis(500);

/// How long the run loop waits for input before it looks for a stopping
/// signal again.
pub const POLL: Duration = Duration::from_millis(250);

/// How long crossterm may look for an event the wait said is there (its
/// terminal source does not look at all when given no time).
const NUDGE: Duration = Duration::from_millis(1);

/// How a run of the game ended badly.
#[derive(Debug)]
pub enum RunError {
    /// The terminal failed; if it failed during a game, the game was
    /// written to a crash save if possible.
    Terminal {
        error: io::Error,
        crash_save: Option<Result<PathBuf, String>>,
    },
    /// The terminal went away (its window closed, its connection dropped):
    /// the game was written to a crash save if possible.
    HungUp {
        crash_save: Option<Result<PathBuf, String>>,
    },
    /// A bug: the terminal was restored, and the game written to a crash save if possible.
    Crashed {
        message: String,
        crash_save: Option<Result<PathBuf, String>>,
    },
    /// A signal (SIGTERM, SIGHUP, SIGQUIT or SIGINT) stopped the game: the
    /// terminal was restored and the game written to a crash save if possible.
    Stopped {
        signal: i32,
        crash_save: Option<Result<PathBuf, String>>,
    },
}

/// The last panic's message, kept for reporting after the terminal is restored.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

/// The signals that stop the game cleanly.
const STOPPING: [i32; 4] = [SIGTERM, SIGHUP, SIGQUIT, SIGINT];

/// Run the app in the terminal until the players quit. The terminal is
/// restored on every way out: quitting, an error, a panic (then the game is
/// written to a crash save, and only then is the error reported by the
/// caller) and a stopping signal (the same).
pub fn run(mut app: App) -> Result<(), RunError> {
    let theme = Theme::from_env();
    // A signal only raises a flag (and wakes the loop's wait).
    let stop = Arc::new(AtomicUsize::new(0));
    let mut registered = Vec::new();
    for signal in STOPPING {
        let id = signal_hook::flag::register_usize(signal, Arc::clone(&stop), signal as usize);
        registered.extend(id.ok());
    }
    // Keep the panic message instead of printing it over the game; ratatui's
    // hook, installed next, restores the terminal before calling this one.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut slot) = PANIC.lock() {
            *slot = Some(info.to_string());
        }
    }));
    let result = match ratatui::try_init() {
        Ok(mut terminal) => {
            // Bracketed paste: a paste arrives as one event, never as a storm of keys.
            let _ = ratatui::crossterm::execute!(io::stdout(), EnableBracketedPaste);
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                event_loop(&mut terminal, &mut app, &theme, &stop)
            }));
            // Never print here: on a terminal that has gone away (its
            // window closed) a failed print would panic, before the crash save.
            let _ = ratatui::crossterm::execute!(io::stdout(), DisableBracketedPaste);
            let _ = ratatui::try_restore();
            if terminal.show_cursor().is_err() {
                // Dropped, it would try again and print that it failed.
                std::mem::forget(terminal);
            }
            Some(outcome)
        }
        Err(e) => {
            let _ = std::panic::take_hook();
            std::panic::set_hook(previous_hook);
            for id in registered {
                signal_hook::low_level::unregister(id);
            }
            return Err(RunError::Terminal {
                error: e,
                crash_save: None,
            });
        }
    };
    // ratatui's hook (which calls ours) goes; the caller's comes back.
    let _ = std::panic::take_hook();
    std::panic::set_hook(previous_hook);
    for id in registered {
        signal_hook::low_level::unregister(id);
    }
    let save_now = |app: &App| match app.follow {
        // A projector window only shows another window's game: nothing to save.
        Some(_) => None,
        None => app.session().map(|s| {
            let dir = app
                .save_dir
                .clone()
                .unwrap_or_else(|| crate::save::save_dir(None));
            crash_save(&dir, s)
        }),
    };
    match result {
        Some(Ok(Ok(Ended::Quit))) | None => Ok(()),
        Some(Ok(Ok(Ended::Signal(signal)))) => Err(RunError::Stopped {
            signal,
            crash_save: save_now(&app),
        }),
        Some(Ok(Ok(Ended::HungUp))) => Err(RunError::HungUp {
            crash_save: save_now(&app),
        }),
        Some(Ok(Err(error))) => Err(RunError::Terminal {
            error,
            crash_save: save_now(&app),
        }),
        Some(Err(_)) => {
            let message = PANIC
                .lock()
                .ok()
                .and_then(|mut m| m.take())
                .unwrap_or_else(|| "unknown panic".into());
            Err(RunError::Crashed {
                message,
                crash_save: save_now(&app),
            })
        }
    }
}

/// How the event loop ended.
enum Ended {
    Quit,
    Signal(i32),
    HungUp,
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    stop: &AtomicUsize,
) -> io::Result<Ended> {
    let start = Instant::now();
    let now = || start.elapsed().as_millis() as u64;
    let size = terminal.size()?;
    app.now_ms = now();
    drive(app, Input::Resize(size.width, size.height));
    let mut last_tick = Instant::now();
    let mut waiter = Waiter::new(&STOPPING)?;
    let mut more = false;
    loop {
        terminal.draw(|frame| render::draw(frame, app, theme))?;
        // Wait for input without using the CPU, waking to look for a signal
        // and, while something runs by itself, to tick.
        let interval = if app.session().is_some_and(|s| s.desk.autoplay) {
            TICK
        } else {
            TIMER_TICK
        };
        let wait = if app.wants_ticks() {
            interval.saturating_sub(last_tick.elapsed()).min(POLL)
        } else {
            POLL
        };
        let mut inputs = Vec::new();
        // Wait here, not in crossterm (it spins on a terminal that has gone
        // away), unless crossterm still holds events.
        let woken = if more {
            Woken::Ready
        } else {
            waiter.wait(wait)?
        };
        if woken == Woken::HungUp {
            return Ok(Ended::HungUp);
        }
        more = false;
        // Asked after a quiet wait too: a resize's signal may reach crossterm
        // a moment after it woke the wait.
        if event::poll(NUDGE)? {
            // Take everything that is waiting (a paste in a terminal without
            // bracketed paste is a storm of keys), then draw once.
            loop {
                inputs.extend(input_of(event::read()?));
                if !event::poll(NUDGE)? {
                    break;
                }
                if inputs.len() >= 4096 {
                    more = true;
                    break;
                }
            }
        }
        let signal = stop.load(Ordering::SeqCst);
        if signal != 0 {
            return Ok(Ended::Signal(signal as i32));
        }
        if inputs.is_empty() && app.wants_ticks() && last_tick.elapsed() >= interval {
            last_tick = Instant::now();
            inputs.push(Input::Tick(now()));
        }
        for input in inputs {
            app.now_ms = now();
            if drive(app, input) == Flow::Quit {
                return Ok(Ended::Quit);
            }
        }
    }
}

/// The app's input for a terminal event, if it has one.
pub fn input_of(event: Event) -> Option<Input> {
    match event {
        Event::Key(key) => Some(Input::Key(key)),
        Event::Mouse(m) => Some(Input::Mouse(m)),
        Event::Resize(w, h) => Some(Input::Resize(w, h)),
        Event::Paste(text) => Some(Input::Paste(text)),
        Event::FocusGained | Event::FocusLost => None,
    }
}

/// Write the game to a crash save in `dir` (after a bug or a signal stopped the app).
pub fn crash_save(dir: &std::path::Path, session: &play::Session) -> Result<PathBuf, String> {
    let game = session.game();
    let path = crate::save::crash_path(dir, game, &session.table.id);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    crate::save::save(
        &path,
        game,
        session.players(),
        session.snapshot("crash").meta,
    )
    .map_err(|e| e.to_string())?;
    Ok(path)
}
