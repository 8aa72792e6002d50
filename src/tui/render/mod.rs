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
    match &app.screen {
        Screen::Title { selected } => {
            screens::title(frame, area, *selected, app.default_seed, theme)
        }
        Screen::Setup(setup) => screens::setup(frame, area, setup, theme),
        Screen::Load(load) => screens::load(frame, area, load, app.save_dir.as_deref(), theme),
        Screen::HowToPlay { scroll } => screens::how_to_play(frame, area, *scroll, theme),
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
            lines.push(Line::styled("Enter: save here · Esc: cancel", theme.key()));
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
            choose,
            wrong,
            ..
        }) => {
            let title = if choose {
                " Choose the facilitator's PIN "
            } else {
                " Facilitator "
            };
            let ask = if choose {
                "Choose a PIN of 4 to 8 digits. Keep it from the students."
            } else {
                "Enter the facilitator's PIN."
            };
            let mut lines = vec![Line::raw(ask), Line::raw("")];
            lines.push(Line::styled(
                format!("PIN: {}", "•".repeat(digits as usize)),
                theme.heading(),
            ));
            if wrong {
                let why = if choose {
                    "At least 4 digits."
                } else {
                    "Wrong PIN."
                };
                lines.push(Line::styled(why, theme.bad()));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "digits, then Enter · Esc: cancel",
                theme.key(),
            ));
            widgets::popup(
                frame,
                widgets::centred(area, 60, lines.len() as u16 + 2),
                title,
                lines,
                theme,
            );
        }
        Some(Modal::Facilitator { selected }) => {
            let entries = app.facilitator_menu();
            let height = area.height.saturating_sub(4).min(entries.len() as u16 + 4);
            let visible = height.saturating_sub(4) as usize;
            let start = selected.saturating_sub(visible.saturating_sub(1));
            let mut lines = vec![Line::styled(
                "Every action here is logged as the facilitator's.",
                theme.dim(),
            )];
            for (i, (label, _)) in entries.iter().enumerate().skip(start).take(visible) {
                let text = widgets::cut(label, 66);
                lines.push(if i == selected {
                    Line::styled(format!("▸ {}", widgets::pad(&text, 66)), theme.selected())
                } else {
                    Line::raw(format!("  {text}"))
                });
            }
            lines.push(Line::styled(
                "↑↓ choose · Enter do it · Esc close",
                theme.key(),
            ));
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
            let lines = vec![
                Line::raw(""),
                Line::raw(if quitting_loses_nothing(app) {
                    "Quit this game? It is autosaved: Load game continues it."
                } else {
                    "Quit this game? Nothing is saved."
                }),
                Line::raw(""),
                Line::styled("y: quit    n or Esc: keep playing", theme.key()),
            ];
            widgets::popup(frame, widgets::centred(area, 44, 6), "Quit?", lines, theme);
        }
        None => {}
    }
}

fn quitting_loses_nothing(app: &App) -> bool {
    app.save_dir.is_some() && app.status.as_deref() != Some("AUTOSAVE FAILED")
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
        keys: super::keys::footer(&app.screen_keys()),
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
