//! Drawing the app. Every function here reads the app state and draws; none changes anything.

pub mod game;
mod help;
mod projector;
mod screens;
mod situation;
pub mod widgets;

use super::app::{App, Modal, Screen};
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// The smallest terminal the game is drawn in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, theme);
        return;
    }
    if let Some(follow) = &app.follow {
        match &app.screen {
            Screen::Game(session) => {
                projector::draw(frame, area, &scene(app, session), Some(follow), theme)
            }
            _ => screens::waiting(frame, area, follow, theme),
        }
        return;
    }
    let foot = super::keys::footer(&app.screen_keys());
    match &app.screen {
        Screen::Title { selected } => {
            screens::title(frame, area, *selected, app.default_seed, &foot, theme)
        }
        Screen::Setup(setup) => screens::setup(frame, area, setup, &foot, theme),
        Screen::Load(load) => {
            screens::load(frame, area, load, app.save_dir.as_deref(), &foot, theme)
        }
        Screen::HowToPlay { scroll } => screens::how_to_play(frame, area, *scroll, &foot, theme),
        Screen::Game(session) if app.projector => {
            projector::draw(frame, area, &scene(app, session), None, theme)
        }
        Screen::Game(session) => game::draw(frame, area, &scene(app, session), theme),
    }
    match app.modal {
        Some(Modal::Help) => help::draw(frame, area, app, theme),
        Some(Modal::Save { selected }) => {
            let mut lines = vec![
                Line::raw("Choose a slot. Autosaves are written anyway."),
                Line::raw(""),
            ];
            for (i, slot) in app.slots.iter().enumerate() {
                let text = widgets::cut(slot, 70);
                lines.push(if i == selected {
                    Line::styled(format!("▸ {text}"), theme.selected())
                } else {
                    Line::raw(format!("  {text}"))
                });
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(keys_line(app), theme.key()));
            let height = lines.len() as u16 + 2;
            widgets::popup(
                frame,
                widgets::centred(area, 76, height),
                " Save the game ",
                lines,
                theme,
            );
        }
        Some(Modal::Pin {
            digits,
            purpose,
            wrong,
            ..
        }) => {
            use crate::tui::app::PinPurpose;
            let (title, ask) = match purpose {
                PinPurpose::Choose => (
                    " Choose the facilitator's PIN ",
                    "Choose a PIN of 4 to 8 digits. Keep it from the students: it opens \
                     the facilitator's panel, and only it lets a loaded game change seats.",
                ),
                PinPurpose::Panel => (" Facilitator ", "Enter the facilitator's PIN."),
                PinPurpose::Unlock => (
                    " This game has a facilitator ",
                    "Only the facilitator may hand its seats to other players. Enter the \
                     PIN, or press Esc to continue with the seats as saved.",
                ),
            };
            let mut lines = vec![Line::raw(ask), Line::raw("")];
            lines.push(Line::styled(
                format!("PIN: {}", "•".repeat(digits as usize)),
                theme.heading(),
            ));
            let wait = app.pin_wait_ms();
            if wait > 0 {
                lines.push(Line::styled(
                    format!(
                        "Wrong PIN. Wait {} s before the next try.",
                        wait.div_ceil(1000)
                    ),
                    theme.bad(),
                ));
            } else if wrong {
                lines.push(Line::styled(
                    if purpose == PinPurpose::Choose {
                        "A PIN has 4 to 8 digits."
                    } else {
                        "Wrong PIN."
                    },
                    theme.bad(),
                ));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(keys_line(app), theme.key()));
            let height = wrapped_height(&lines, 56) + 2;
            widgets::popup(
                frame,
                widgets::centred(area, 60, height),
                title,
                lines,
                theme,
            );
        }
        Some(Modal::Folder) => {
            let why = app.save_failed.as_deref().unwrap_or("saving failed");
            let mut lines = vec![
                Line::styled("The game could not be saved:", theme.bad()),
                Line::raw(why.to_string()),
                Line::raw(""),
                Line::raw(
                    "It goes on from memory. Type a folder to save it in (it is \
                     created if need be), or play on without saving.",
                ),
                Line::raw(""),
                Line::styled(format!("Folder: {}▏", app.folder_text), theme.heading()),
                Line::raw(""),
            ];
            lines.push(Line::styled(keys_line(app), theme.key()));
            let height = wrapped_height(&lines, 72) + 2;
            widgets::popup(
                frame,
                widgets::centred(area, 76, height),
                " Not saved ",
                lines,
                theme,
            );
        }
        Some(Modal::Facilitator { selected }) => {
            let entries = app.facilitator_menu();
            let height = area.height.saturating_sub(4).min(entries.len() as u16 + 4);
            let visible = height.saturating_sub(4) as usize;
            let window = widgets::window(entries.len(), selected, visible);
            let mut lines = vec![Line::styled(
                "Every action here is logged as the facilitator's.",
                theme.dim(),
            )];
            if let Some(above) = window.above() {
                lines.push(Line::styled(format!("  {above}"), theme.dim()));
            }
            for (i, (label, _)) in entries
                .iter()
                .enumerate()
                .take(window.end)
                .skip(window.start)
            {
                let text = widgets::cut(label, 66);
                lines.push(if i == selected {
                    Line::styled(format!("▸ {}", widgets::pad(&text, 66)), theme.selected())
                } else {
                    Line::raw(format!("  {text}"))
                });
            }
            if let Some(below) = window.below(entries.len()) {
                lines.push(Line::styled(format!("  {below}"), theme.dim()));
            }
            lines.push(Line::styled(keys_line(app), theme.key()));
            widgets::popup(
                frame,
                widgets::centred(area, 74, height),
                " Facilitator (white cell) ",
                lines,
                theme,
            );
        }
        Some(Modal::CustomInject { row }) => {
            let mark = |r: usize| if r == row { "▸ " } else { "  " };
            let cursor = if row == 0 { "▏" } else { "" };
            let mut lines = vec![
                Line::raw("What happens? Every seat reads it as news."),
                Line::styled(
                    format!("{}{}{cursor}", mark(0), app.inject_text),
                    theme.heading(),
                ),
                Line::raw(""),
                Line::raw("Its effects on the shared tracks:"),
            ];
            if let Some(s) = app.session() {
                let tracks = s.game().scenario().tracks();
                for (i, track) in crate::core::Track::ALL.into_iter().enumerate() {
                    let line = format!(
                        "{}{} {:+}",
                        mark(i + 1),
                        widgets::pad(tracks.name(track), 24),
                        app.inject_effects.get(track)
                    );
                    lines.push(if row == i + 1 {
                        Line::styled(line, theme.selected())
                    } else {
                        Line::raw(line)
                    });
                }
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "type the text · ↑↓ row · ←→ effect · Enter inject · Esc back",
                theme.key(),
            ));
            let height =
                (lines.len() as u16 + 2 + app.inject_text.width() as u16 / 70).min(area.height);
            widgets::popup(
                frame,
                widgets::centred(area, 76, height),
                " Write an inject ",
                lines,
                theme,
            );
        }
        Some(Modal::ConfirmQuit) => {
            let (what, style) = quitting(app);
            let lines = vec![
                Line::raw(""),
                Line::styled(what, style(theme)),
                Line::raw(""),
                Line::styled(keys_line(app), theme.key()),
            ];
            let height = wrapped_height(&lines, 52) + 2;
            widgets::popup(
                frame,
                widgets::centred(area, 56, height),
                " Quit? ",
                lines,
                theme,
            );
        }
        None => {}
    }
}

/// What the quit dialog says about the game's save: it never claims a save
/// that did not happen.
fn quitting(app: &App) -> (String, fn(&Theme) -> ratatui::style::Style) {
    use crate::tui::app::Station;
    let plain = |_: &Theme| ratatui::style::Style::default();
    match app.station {
        Station::Console => {
            return (
                "Stop the server? Every terminal is disconnected. The game is autosaved:                  umbrella serve --load FILE resumes it."
                    .into(),
                Theme::bad,
            );
        }
        s if s.remote() => {
            return (
                "Leave the game? It goes on without this terminal; log in again with the                  same code to come back to it."
                    .into(),
                plain,
            );
        }
        _ => {}
    }
    match (&app.save_dir, &app.save_failed) {
        (None, _) => (
            "Quit this game? Saving is off: it is not kept.".into(),
            Theme::bad,
        ),
        (Some(_), Some(e)) => (
            format!(
                "Quit this game? The last save FAILED ({e}): the moves since the last good \
                 save would be lost."
            ),
            Theme::bad,
        ),
        (Some(_), None) => (
            "Quit this game? It is autosaved: Load game continues it.".into(),
            plain,
        ),
    }
}

/// The keys of the dialog or screen on top, in one line: "y: quit · n or Esc: keep playing".
fn keys_line(app: &App) -> String {
    super::keys::footer(&app.keys())
        .iter()
        .map(|(k, does)| format!("{k}: {does}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Rows `lines` take when wrapped at `width` cells.
fn wrapped_height(lines: &[Line], width: usize) -> u16 {
    lines
        .iter()
        .map(|l| l.width().div_ceil(width.max(1)).max(1))
        .sum::<usize>() as u16
}

/// What the game screen draws from.
fn scene<'a>(app: &App, session: &'a crate::tui::play::Session) -> game::Scene<'a> {
    game::Scene {
        table: &session.table,
        desk: &session.desk,
        paused: session.paused(),
        seconds_left: session.seconds_left(),
        seconds_to_clock: session.seconds_to_clock(),
        status: app.status.clone(),
        save_failed: app.save_failed.is_some(),
        keys: super::keys::footer(&app.screen_keys()),
        company: app.company,
    }
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let message = vec![
        Line::styled(
            format!("Terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})"),
            theme.bad(),
        ),
        Line::raw(format!(
            "It is {}x{}. Enlarge the window to continue.",
            area.width, area.height
        )),
        Line::styled("q quits (in a game: q, then y).", theme.dim()),
    ];
    frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), area);
}
