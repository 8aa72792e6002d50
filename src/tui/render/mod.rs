//! Drawing the app. Every function here reads the app state and draws; none changes anything.

mod game;
mod help;
mod screens;
mod situation;
pub mod widgets;

use super::app::{App, Modal, Screen};
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// The smallest terminal the game is drawn in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, theme);
        return;
    }
    match &app.screen {
        Screen::Title { selected } => {
            screens::title(frame, area, *selected, app.default_seed, theme)
        }
        Screen::Setup(setup) => screens::setup(frame, area, setup, theme),
        Screen::Load(load) => screens::load(frame, area, load, app.save_dir.as_deref(), theme),
        Screen::HowToPlay { scroll } => screens::how_to_play(frame, area, *scroll, theme),
        Screen::Game(session) => game::draw(frame, area, session, theme),
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
    app.session().is_some_and(|s| s.save_dir.is_some())
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
