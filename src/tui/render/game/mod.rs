//! Drawing a game in progress. Public information comes from a `PublicView`;
//! a seat's private information only from that seat's `SeatView`, and only
//! when the desk says that seat is at the keyboard.

mod between;
mod briefing;
mod crisis;
mod feed;
mod negotiation;
mod scores;

use super::situation;
use super::widgets::{cut, footer};
use crate::core::*;
use crate::table::Table;
use crate::tui::play::{Desk, Panel, Stage};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// What a game screen draws from: the table, this terminal's desk, and what
/// the terminal around it says (timers, the last save, the keys).
pub struct Scene<'a> {
    pub table: &'a Table,
    pub desk: &'a Desk,
    pub paused: bool,
    /// Real seconds left on the running countdown.
    pub seconds_left: Option<u64>,
    /// Real seconds until the crisis clock runs out at the current pace.
    pub seconds_to_clock: Option<u64>,
    /// The outcome of the last save.
    pub status: Option<String>,
    /// The last save failed: the game is in memory only.
    pub save_failed: bool,
    /// The keys line: (keys, what they do).
    pub keys: Vec<(&'static str, String)>,
    /// How many terminals show this seat (a team on several laptops).
    pub company: usize,
}

impl Scene<'_> {
    pub fn game(&self) -> &Game {
        self.table.game()
    }
}

pub fn draw(frame: &mut Frame, area: Rect, scene: &Scene, theme: &Theme) {
    let [head, body, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header(frame, head, scene, theme);
    let public = scene.game().public_view();
    match &scene.desk.stage {
        Stage::News(headline) => {
            between::news(frame, body, &headline.title, &headline.lines, theme)
        }
        Stage::Handover { to } => between::handover(
            frame,
            body,
            public.faction(*to).name(),
            scene.desk.message.as_ref(),
            theme,
        ),
        Stage::Briefing { seat, scroll } => {
            if scene.desk.private_seat() == Some(*seat) {
                briefing::briefing(frame, body, &scene.game().view(*seat), *scroll, theme);
            }
        }
        Stage::Final { scroll } => scores::scores(frame, body, scene, *scroll, theme),
        Stage::Decide | Stage::Watch | Stage::Wait => match scene.desk.panel {
            Panel::Main => main_panel(frame, body, scene, theme),
            Panel::Situation => situation::draw(frame, body, &public, theme),
            Panel::Log => feed::log(frame, body, &public, scene.desk.scroll, theme),
        },
    }
    footer(frame, keys, &scene.keys, theme);
    if matches!(scene.desk.stage, Stage::Decide | Stage::Watch | Stage::Wait) {
        save_status(frame, keys, scene, theme);
    }
}

/// A line of feedback: an outcome, or a warning.
fn note(note: &crate::tui::play::Note, theme: &Theme) -> Line<'static> {
    Line::styled(
        note.text.clone(),
        if note.warning {
            theme.bad()
        } else {
            theme.info()
        },
    )
}

/// The outcome of the last save, at the right end of the keys line.
fn save_status(frame: &mut Frame, area: Rect, scene: &Scene, theme: &Theme) {
    let Some(text) = &scene.status else { return };
    let width = text.width() as u16 + 1;
    if area.width < 100 + width {
        return;
    }
    let rect = Rect {
        x: area.x + area.width - width,
        width,
        ..area
    };
    frame.render_widget(
        Paragraph::new(Line::styled(text.clone(), theme.dim())),
        rect,
    );
}

fn header(frame: &mut Frame, area: Rect, scene: &Scene, theme: &Theme) {
    let public = scene.game().public_view();
    let rules = public.rules();
    let when = match public.phase() {
        Phase::Negotiation => format!(
            "{} {} of {}",
            rules.round_name,
            public.talks().round,
            public.talks().deadline
        ),
        Phase::Crisis => {
            let c = public.crisis();
            let hour = c.map_or(0, |c| c.now);
            let clock = c.map_or(0, |c| c.clock);
            format!("month {} · CRISIS hour {hour} of {clock}", public.month())
        }
        Phase::Ended => "the game is over".into(),
        _ => format!("month {} of {}", public.month(), rules.horizon_months),
    };
    let who = match (&scene.desk.stage, scene.desk.private_seat()) {
        (Stage::Handover { .. }, _) => "hand-over".to_string(),
        (Stage::Final { .. }, _) => "debrief".to_string(),
        (_, Some(seat)) if scene.company > 1 => format!(
            "{} (you, {} terminals)",
            public.faction(seat).name(),
            scene.company
        ),
        (_, Some(seat)) => format!("{} (you)", public.faction(seat).name()),
        (_, None) => "watching".to_string(),
    };

    let mut extra = Vec::new();
    if scene.paused {
        extra.push(Span::styled(" │ PAUSED", theme.bad()));
    }
    if scene.save_failed {
        extra.push(Span::styled(" │ NOT SAVED", theme.bad()));
    }
    if let Some(secs) = scene.seconds_left {
        let (text, style) = if public.phase() == Phase::Crisis {
            let clock = scene.seconds_to_clock.unwrap_or(secs);
            let style = if clock <= 60 {
                theme.bad()
            } else {
                theme.warn()
            };
            (
                format!(" │ ⏱ {}:{:02} to the clock", clock / 60, clock % 60),
                style,
            )
        } else if secs <= 60 {
            (
                format!(" │ ⚠ {}:{:02} LEFT", secs / 60, secs % 60),
                theme.bad(),
            )
        } else {
            (
                format!(" │ ⏱ {}:{:02} left", secs / 60, secs % 60),
                theme.warn(),
            )
        };
        extra.push(Span::styled(text, style));
    }
    let mut line = Line::from(vec![
        Span::styled(" UMBRELLA ", theme.title()),
        Span::styled("│ ", theme.dim()),
        Span::raw(cut(public.title(), if area.width < 100 { 18 } else { 40 })),
        Span::styled(" │ ", theme.dim()),
        Span::raw(when),
        Span::styled(" │ ", theme.dim()),
        Span::styled(who, theme.private()),
    ]);
    line.spans.extend(extra);
    frame.render_widget(Paragraph::new(line), area);
}

fn main_panel(frame: &mut Frame, area: Rect, scene: &Scene, theme: &Theme) {
    let public = scene.game().public_view();
    let mine = scene.desk.private_seat().map(|s| scene.game().view(s));
    match public.phase() {
        Phase::Negotiation => negotiation::table(frame, area, scene, &public, mine.as_ref(), theme),
        Phase::Crisis => crisis::crisis_room(frame, area, scene, &public, mine.as_ref(), theme),
        Phase::Offer | Phase::Interlude => match &mine {
            Some(v) if v.me().role() == Role::Aggressor && scene.desk.stage == Stage::Decide => {
                between::aggressor_desk(frame, area, scene, v, theme)
            }
            Some(v) if scene.desk.stage == Stage::Decide && v.to_move() == Some(v.seat()) => {
                between::guarantor_desk(frame, area, scene, v, theme)
            }
            _ => between::interlude(frame, area, scene, &public, theme),
        },
        Phase::Ended => {}
    }
}
