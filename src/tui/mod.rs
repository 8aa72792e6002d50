//! The terminal front end: setup, the table, the crisis room, hot-seat
//! hand-overs and the final scores, drawn with ratatui.

pub mod app;
pub mod render;
pub mod session;
pub mod setup;
pub mod theme;

use app::{App, Flow, Input};
use ratatui::crossterm::event::{self, Event};
use std::io;
use std::time::Duration;
use theme::Theme;

/// How often auto-play moves on, when it is on.
pub const TICK: Duration = Duration::from_millis(700);

/// Run the app in the terminal until the players quit. The terminal is
/// restored on every way out, including a panic.
pub fn run(mut app: App) -> io::Result<()> {
    let theme = Theme::from_env();
    let mut terminal = ratatui::try_init()?;
    let result = (|| -> io::Result<()> {
        loop {
            terminal.draw(|frame| render::draw(frame, &app, &theme))?;
            // Wait for input without using the CPU; tick only while auto-play runs.
            let input = if app.wants_ticks() {
                if event::poll(TICK)? {
                    Some(event::read()?)
                } else {
                    None
                }
            } else {
                Some(event::read()?)
            };
            let input = match input {
                None => Input::Tick,
                Some(Event::Key(key)) => Input::Key(key),
                Some(Event::Mouse(m)) => Input::Mouse(m),
                Some(Event::Resize(_, _)) => Input::Resize,
                Some(_) => continue,
            };
            if app.update(input) == Flow::Quit {
                return Ok(());
            }
        }
    })();
    ratatui::restore();
    result
}
