//! "Final scores": every seat's score, objectives and reasons, and the key moments.

use super::super::widgets::{pad, panel, text};
use super::Scene;
use super::feed::wrap;
use crate::ai::Player;
use crate::core::*;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// "Final scores": every seat's score, objectives and reasons, and the key moments.
pub(super) fn scores(frame: &mut Frame, area: Rect, scene: &Scene, scroll: u16, theme: &Theme) {
    let public = scene.game().public_view();
    let scores = scene.game().scores();
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    let ending = match public.ending() {
        Some(Ending::War) => format!(
            "{}: a loss for everyone.",
            public.rung_name(public.top_rung())
        ),
        Some(Ending::Collapse) => format!("{} collapsed.", public.track_names().security),
        _ => format!("The horizon is reached after {} months.", public.month()),
    };
    lines.push(Line::styled(ending, theme.heading()));
    lines.push(Line::raw(""));
    for s in &scores {
        let f = public.faction(s.seat);
        let who = match scene.table.players().get(s.seat.index()) {
            Some(Player::Human) => "human",
            _ => "AI",
        };
        let verdict = if s.victory {
            ("VICTORY", theme.good())
        } else {
            ("no victory", theme.dim())
        };
        lines.push(Line::from(vec![
            Span::styled(pad(f.name(), 20), theme.heading()),
            Span::raw(format!("{:>3} points (needs {:>3})  ", s.points, s.needed)),
            Span::styled(verdict.0, verdict.1),
            Span::styled(format!("  [{who}]"), theme.dim()),
        ]));
    }
    for s in &scores {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("{}: {} points", public.faction(s.seat).name(), s.points),
            theme.heading(),
        ));
        for o in &s.objectives {
            let (mark, style) = if o.met {
                ("✓", theme.good())
            } else {
                ("✗", theme.bad())
            };
            let tag = if o.public { "public" } else { "secret" };
            let head = format!("{:>3} [{tag}] ", if o.met { o.points } else { 0 });
            for (i, piece) in wrap(&o.text, width.saturating_sub(17))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 {
                    Span::styled(format!(" {mark} "), style)
                } else {
                    Span::raw("   ")
                };
                let head = if i == 0 {
                    head.clone()
                } else {
                    " ".repeat(head.width())
                };
                lines.push(Line::from(vec![lead, Span::raw(format!("{head}{piece}"))]));
            }
            for piece in wrap(&o.why, width.saturating_sub(17)) {
                lines.push(Line::styled(
                    format!("{}{piece}", " ".repeat(16)),
                    theme.dim(),
                ));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Key moments", theme.heading()));
    for e in public.log() {
        let key = matches!(
            e.kind,
            EventKind::TreatyInForce { .. }
                | EventKind::DeadlinePassed
                | EventKind::OfferAnswered { .. }
                | EventKind::AttackLaunched { .. }
                | EventKind::PledgeBroken
                | EventKind::CrisisClosed { .. }
                | EventKind::Breach { .. }
                | EventKind::Escalated { .. }
                | EventKind::Spiralled { .. }
                | EventKind::AttackPressed { .. }
                | EventKind::SteppedBack { .. }
                | EventKind::GameEnded { .. }
        );
        if key {
            lines.push(Line::raw(format!(
                " {:>14}  {}",
                public.when_text(e),
                public.describe(e)
            )));
        }
    }
    // The last key's outcome stays in sight, however far the scores are scrolled.
    let area = match &scene.desk.message {
        Some(note) => {
            let rows = (note.text.width() / width.max(1) + 1) as u16;
            let [body, foot] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(rows)]).areas(area);
            frame.render_widget(
                super::super::screens::wrapped(vec![super::note(note, theme)]),
                foot,
            );
            body
        }
        None => area,
    };
    frame.render_widget(
        text(lines, panel(" Final scores ", true, theme), scroll),
        area,
    );
}
