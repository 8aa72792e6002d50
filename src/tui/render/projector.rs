//! The projector view: public information only, in type large enough for the
//! back of a classroom. It is drawn from a `PublicView`, so it cannot show a
//! seat's secrets whatever the facilitator's own screen shows.

use super::game::Scene;
use super::situation;
use super::widgets::{cut, panel};
use crate::core::*;
use crate::tui::app::Follow;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Digits five rows high, three columns wide (plus ':' and '-').
fn glyph(c: char) -> [&'static str; 5] {
    match c {
        '0' => ["███", "█ █", "█ █", "█ █", "███"],
        '1' => ["  █", "  █", "  █", "  █", "  █"],
        '2' => ["███", "  █", "███", "█  ", "███"],
        '3' => ["███", "  █", "███", "  █", "███"],
        '4' => ["█ █", "█ █", "███", "  █", "  █"],
        '5' => ["███", "█  ", "███", "  █", "███"],
        '6' => ["███", "█  ", "███", "█ █", "███"],
        '7' => ["███", "  █", "  █", "  █", "  █"],
        '8' => ["███", "█ █", "███", "█ █", "███"],
        '9' => ["███", "█ █", "███", "  █", "███"],
        ':' => ["   ", " █ ", "   ", " █ ", "   "],
        '-' => ["   ", "   ", "███", "   ", "   "],
        _ => ["   ", "   ", "   ", "   ", "   "],
    }
}

/// `text` in big digits: five lines.
pub fn big(text: &str) -> Vec<String> {
    (0..5)
        .map(|row| {
            text.chars()
                .map(|c| glyph(c)[row])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, scene: &Scene, follow: Option<&Follow>, theme: &Theme) {
    let public = scene.game().public_view();
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(7),
        Constraint::Min(8),
        Constraint::Length(1),
    ])
    .areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    // Every clause on one line each, then as many events as fit.
    let clauses = public.clauses().len() as u16 + 2;
    let [treaty_area, events_area] =
        Layout::vertical([Constraint::Length(clauses), Constraint::Min(3)]).areas(left);
    let [tracks_area, map_area] =
        Layout::vertical([Constraint::Length(9), Constraint::Min(5)]).areas(right);

    big_header(frame, head, scene, &public, theme);
    treaty(frame, treaty_area, &public, theme);
    events(frame, events_area, &public, theme);
    situation::summary(frame, tracks_area, &public, theme);
    situation::map(frame, map_area, &public, theme);
    let foot_line = match follow {
        None => Line::styled(
            "Projector view: public information only · p: back to the game",
            theme.dim(),
        ),
        Some(Follow { error: Some(e), .. }) => Line::styled(
            format!("The newest autosave cannot be shown: {e}"),
            theme.bad(),
        ),
        Some(f) => Line::styled(
            format!(
                "Projector window: public information only, following {} · q: close",
                f.dir.display()
            ),
            theme.dim(),
        ),
    };
    frame.render_widget(Paragraph::new(foot_line), foot);
}

fn big_header(frame: &mut Frame, area: Rect, scene: &Scene, public: &PublicView, theme: &Theme) {
    let (label, number, sub) = match (public.phase(), public.crisis()) {
        (Phase::Crisis, Some(c)) => {
            let left = c.clock.saturating_sub(c.now);
            let attack = public.attack(c.attack);
            let place = attack
                .places
                .get(c.place as usize)
                .map_or("", |p| p.name.as_str());
            (
                format!("CRISIS · {} at {place}", attack.name),
                format!("{left}"),
                format!("hours left of the {} h clock (hour {})", c.clock, c.now),
            )
        }
        (Phase::Negotiation, _) => {
            let t = public.talks();
            (
                format!(
                    "NEGOTIATION · {} {} of {}",
                    public.rules().round_name,
                    t.round,
                    t.deadline
                ),
                format!("{}", t.deadline - t.round + 1),
                format!("{}s left to agree the treaty", public.rules().round_name),
            )
        }
        (Phase::Ended, _) => (
            "THE GAME IS OVER".to_string(),
            format!("{}", public.month()),
            "months played".to_string(),
        ),
        _ => (
            format!(
                "MONTH {} OF {}",
                public.month(),
                public.rules().horizon_months
            ),
            format!("{}", public.rules().horizon_months - public.month()),
            "months to the horizon".to_string(),
        ),
    };
    // In a crisis the real time left to the clock; in talks, to the end of the round.
    let secs = match public.phase() {
        Phase::Crisis => scene.seconds_to_clock.or(scene.seconds_left),
        _ => scene.seconds_left,
    };
    let warning = secs.is_some_and(|s| s <= 60);
    let timer = secs.map(|s| format!("{}:{:02}", s / 60, s % 60));
    let mut lines = vec![Line::styled(
        format!(" {label} · {}", public.title()),
        theme.title(),
    )];
    let digits = big(&number);
    let width = digits[0].chars().count();
    let clock = timer.as_deref().map(big);
    for row in 0..5 {
        let mut spans = vec![Span::styled(
            format!("  {:<width$}", digits[row]),
            theme.accent(),
        )];
        if let Some(c) = &clock {
            spans.push(Span::raw("        "));
            spans.push(Span::styled(
                c[row].clone(),
                if warning { theme.bad() } else { theme.warn() },
            ));
        }
        lines.push(Line::from(spans));
    }
    let caption = match &timer {
        Some(t) if warning => format!("  {sub}  ·  LESS THAN A MINUTE: {t}"),
        Some(t) => format!("  {sub}  ·  real time left {t}"),
        None => format!("  {sub}"),
    };
    if scene.paused {
        let text = format!("  PAUSED by the facilitator  ·  {}", caption.trim_start());
        lines.push(Line::styled(text, theme.bad()));
    } else {
        lines.push(Line::raw(caption));
    }

    frame.render_widget(Paragraph::new(lines), area);
}

fn treaty(frame: &mut Frame, area: Rect, public: &PublicView, theme: &Theme) {
    let (title, draft) = match (public.treaty(), public.talks().draft) {
        (Some(t), _) => (" The treaty in force ", Some(t.draft)),
        (None, Some(d)) => (" The draft on the table ", Some(d)),
        (None, None) => (" No draft yet ", None),
    };
    let block = panel(title, false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(draft) = draft else { return };
    let width = inner.width as usize;
    let lines: Vec<Line> = public
        .clause_ids()
        .map(|f| {
            let name = &public.clause(f).name;
            Line::from(vec![
                Span::styled(format!("{name}: "), theme.heading()),
                Span::raw(cut(
                    &public.pick_text(f, draft.pick(f)),
                    width.saturating_sub(name.width() + 2),
                )),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn events(frame: &mut Frame, area: Rect, public: &PublicView, theme: &Theme) {
    let block = panel(" Latest events ", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let log = public.log();
    let shown: Vec<Line> = log
        .iter()
        .rev()
        .filter(|e| !matches!(e.kind, EventKind::Waited { .. } | EventKind::Passed { .. }))
        .take(inner.height as usize)
        .map(|e| {
            Line::raw(cut(
                &format!("{}: {}", public.when_text(e), public.describe(e)),
                width,
            ))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
