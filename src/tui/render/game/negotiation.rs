//! The negotiation table: the draft clause by clause, where every seat stands.

use super::super::widgets::{cut, dotted, pad, panel, window};
use super::Scene;
use super::feed::{actions_or_feed, since_or_tracks, wrap_words};
use crate::core::*;
use crate::tui::play::{Focus, Stage};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub(super) fn stance_text(stance: Stance, public: &PublicView) -> (String, &'static str) {
    match stance {
        Stance::Silent => ("· silent".into(), "silent"),
        Stance::Accepted => ("✔ accepts".into(), "good"),
        Stance::Signed => ("✓ SIGNED".into(), "good"),
        Stance::Rejected(None) => ("✗ rejects".into(), "bad"),
        Stance::Rejected(Some(f)) => (format!("✗ rejects: {}", public.clause(f).name), "bad"),
    }
}

/// The negotiation table.
pub(super) fn table(
    frame: &mut Frame,
    area: Rect,
    scene: &Scene,
    public: &PublicView,
    mine: Option<&SeatView>,
    theme: &Theme,
) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    // Tall terminals show every option of every clause, and the red lines signalled so far.
    let tall = area.height >= 30;
    let signals: Vec<(Seat, &RedLine)> = public
        .seats()
        .flat_map(|seat| {
            public
                .signalled_red_lines(seat)
                .into_iter()
                .map(move |r| (seat, r))
        })
        .collect();
    let signal_rows = if tall { signals.len().min(8) as u16 } else { 0 };
    // The back channels this seat is party to: its own screen only.
    let deals: Vec<String> = mine.map_or(Vec::new(), |v| deal_lines(v));
    let stances_height = public.seat_count() as u16 + 3 + signal_rows + deals.len() as u16;
    let option_rows: usize = match (tall, public.talks().draft) {
        (true, Some(d)) => public
            .clause_ids()
            .map(|f| option_lines(public, mine, &d, f, left.width.saturating_sub(2) as usize).len())
            .sum(),
        _ => 0,
    };
    // Amending takes the whole column: the clause's options one per row, its
    // help, and every red line on it in sight.
    let amending = scene.desk.focus == Focus::Draft && scene.desk.stage == Stage::Decide;
    let draft_height = if amending {
        left.height
    } else {
        (public.clauses().len() as u16 + option_rows as u16 + 6).min(left.height.saturating_sub(4))
    };
    let [draft_area, feed_area] = if amending {
        [left, Rect::default()]
    } else {
        Layout::vertical([Constraint::Length(draft_height), Constraint::Min(3)]).areas(left)
    };
    let [stances_area, actions_area] =
        Layout::vertical([Constraint::Length(stances_height), Constraint::Min(4)]).areas(right);

    draft_panel(frame, draft_area, scene, public, mine, tall, theme);
    if !amending {
        since_or_tracks(frame, feed_area, scene, public, theme);
    }

    let talks = public.talks();
    let block = panel(" Around the table ", false, theme);
    let inner = block.inner(stances_area);
    frame.render_widget(block, stances_area);
    let to_move = public.to_move();
    let mut lines = Vec::new();
    for seat in public.seats() {
        let f = public.faction(seat);
        let (stance, kind) = if f.role() == Role::Aggressor {
            ("· observer".to_string(), "silent")
        } else {
            stance_text(talks.stances[seat.index()], public)
        };
        let flags = public.signalled_red_lines(seat).len();
        let warnings = if f.role() == Role::Aggressor {
            public.threats().len()
        } else {
            0
        };
        let flag = match (flags, warnings) {
            (0, 0) => String::new(),
            (f, 0) => format!(" ⚑{f}"),
            (0, w) => format!(" ⚠{w}"),
            (f, w) => format!(" ⚑{f} ⚠{w}"),
        };
        let turn = if to_move == Some(seat) { "▸" } else { " " };
        let style = match kind {
            "good" => theme.good(),
            "bad" => theme.bad(),
            _ => theme.dim(),
        };
        let width = inner.width as usize;
        let name = cut(f.name(), 14);
        lines.push(Line::from(vec![
            Span::raw(format!("{turn}{} ", pad(&name, 14))),
            Span::styled(cut(&stance, width.saturating_sub(16 + flag.width())), style),
            Span::styled(flag, theme.warn()),
        ]));
    }
    lines.push(Line::styled(
        cut(
            if talks.concluded {
                "Signatures in: the text is final."
            } else if signals.len() > signal_rows as usize {
                "⚑ red lines: texts in log (Tab)"
            } else {
                "⚑ red lines shown · ▸ to move"
            },
            inner.width as usize,
        ),
        theme.dim(),
    ));
    for (seat, r) in signals.iter().rev().take(signal_rows as usize).rev() {
        let line = format!("⚑ {}: {}", public.faction(*seat).short(), r.why);
        lines.push(Line::styled(cut(&line, inner.width as usize), theme.warn()));
    }
    for line in &deals {
        lines.push(Line::styled(cut(line, inner.width as usize), theme.info()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    actions_or_feed(frame, actions_area, scene, theme);
}

/// One line per back-channel deal `view`'s seat is party to ("✉ quiet deal
/// with Italy: Deterrence force out · pending").
fn deal_lines(view: &SeatView) -> Vec<String> {
    view.deals()
        .map(|d| {
            let option = view
                .clause(d.clause)
                .options
                .get(d.option as usize)
                .map_or("?", |o| o.label.as_str());
            let other = if view.seat() == d.seat {
                view.faction(view.aggressor()).name()
            } else {
                view.faction(d.seat).name()
            };
            let outcome = match d.outcome {
                DealOutcome::Pending => "pending",
                DealOutcome::Paid => "paid",
                DealOutcome::Exposed => "exposed",
                DealOutcome::Void => "void",
            };
            format!("✉ quiet deal with {other}: {option} out · {outcome}")
        })
        .collect()
}

pub(super) fn draft_panel(
    frame: &mut Frame,
    area: Rect,
    scene: &Scene,
    public: &PublicView,
    mine: Option<&SeatView>,
    tall: bool,
    theme: &Theme,
) {
    let talks = public.talks();
    let focused = scene.desk.focus == Focus::Draft && scene.desk.stage == Stage::Decide;
    let title = match (talks.tabled_by, talks.draft) {
        (Some(by), Some(_)) => format!(" Draft tabled by {} ", public.faction(by).name()),
        _ => " No draft on the table yet ".to_string(),
    };
    let block = panel(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(draft) = talks.draft else {
        frame.render_widget(Paragraph::new("Table a draft to start."), inner);
        return;
    };
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for f in public.clause_ids() {
        let clause = public.clause(f);
        let changed = talks.previous.is_some_and(|p| p.pick(f) != draft.pick(f));
        let mark = if changed { "Δ" } else { " " };
        let value = mine.map(|v| {
            let values = &v.secrets().values[f.index()];
            draft.pick(f).options().map(|o| values[o]).sum::<i32>()
        });
        let value_text = value.map(|v| format!(" {v:+}")).unwrap_or_default();
        let chosen = public.pick_text(f, draft.pick(f));
        let cursor = if focused && scene.desk.clause == f.index() {
            "▸"
        } else {
            " "
        };
        let room = width.saturating_sub(value_text.width() + 3);
        let body = dotted(&clause.name, &chosen, room);
        let style = if changed {
            theme.accent()
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::raw(cursor),
            Span::styled(mark, theme.accent()),
            Span::styled(format!(" {}", cut(&body, room)), style),
            Span::styled(value_text, theme.private()),
        ]));
        if tall && !focused {
            for piece in option_lines(public, mine, &draft, f, width) {
                lines.push(Line::styled(piece, theme.dim()));
            }
        }
    }
    lines.push(Line::raw(""));
    if focused {
        if let Some(f) = public.clause_ids().nth(scene.desk.clause) {
            let clause = public.clause(f);
            lines.push(Line::styled(
                cut(
                    &format!(
                        "{}: {}",
                        clause.name,
                        if clause.is_subset() {
                            "tick options in or out"
                        } else {
                            "choose one option"
                        }
                    ),
                    width,
                ),
                theme.heading(),
            ));
            // Below the options: the chosen option's help and the red lines on
            // this clause (the seat's own, and those other seats signalled).
            let mut below = Vec::new();
            if let Some(o) = clause.options.get(scene.desk.option) {
                below.push(Line::styled(o.help.clone(), theme.dim()));
            }
            if let Some(v) = mine {
                for r in v.secrets().red_lines.iter().filter(|r| r.clause == f) {
                    below.push(Line::styled(
                        format!("Your red line: {}", r.why),
                        theme.private(),
                    ));
                }
            }
            for seat in public.seats() {
                if Some(seat) == mine.map(|v| v.seat()) {
                    continue;
                }
                for r in public
                    .signalled_red_lines(seat)
                    .into_iter()
                    .filter(|r| r.clause == f)
                {
                    below.push(Line::styled(
                        format!("⚑ {}: {}", public.faction(seat).name(), r.why),
                        theme.warn(),
                    ));
                }
            }
            let used = lines.len()
                + below
                    .iter()
                    .map(|l| l.width().div_ceil(width.max(1)).max(1))
                    .sum::<usize>();
            let rows = (inner.height as usize).saturating_sub(used).max(3);
            let window = window(clause.options.len(), scene.desk.option, rows);
            if let Some(above) = window.above() {
                lines.push(Line::styled(format!("  {above}"), theme.dim()));
            }
            for (i, o) in clause
                .options
                .iter()
                .enumerate()
                .take(window.end)
                .skip(window.start)
            {
                let mark = option_mark(clause.is_subset(), draft.has(f, i));
                let value = mine
                    .map(|v| format!(" {:+}", v.secrets().values[f.index()][i]))
                    .unwrap_or_default();
                let text = cut(
                    &format!("{mark} {}", o.label),
                    width.saturating_sub(value.width() + 2),
                );
                let row = format!(
                    "  {}{value}",
                    pad(&text, width.saturating_sub(value.width() + 2))
                );
                lines.push(if i == scene.desk.option {
                    Line::styled(row, theme.selected())
                } else {
                    Line::raw(row)
                });
            }
            if let Some(more) = window.below(clause.options.len()) {
                lines.push(Line::styled(format!("  {more}"), theme.dim()));
            }
            lines.extend(below);
        }
    } else {
        let changed: Vec<&str> = talks
            .previous
            .map(|p| {
                draft
                    .changed_clauses(&p)
                    .map(|f| public.clause(f).name.as_str())
                    .collect()
            })
            .unwrap_or_default();
        if let Some(by) = talks.changed_by
            && !changed.is_empty()
        {
            lines.push(Line::styled(
                format!(
                    "Δ changed by {}: {}",
                    public.faction(by).name(),
                    changed.join(", ")
                ),
                theme.accent(),
            ));
        }
        if let Some(v) = mine {
            let worth = (v.normalised_value(&draft) * 100.0).round();
            let crossed = v.crossed_red_lines(&draft);
            let warning = if crossed.is_empty() {
                String::new()
            } else {
                format!(" · crosses {} of your red lines", crossed.len())
            };
            lines.push(Line::styled(
                format!("Worth {worth}/100 to you (+n: your points){warning}"),
                theme.private(),
            ));
        }
    }
    frame.render_widget(super::super::screens::wrapped(lines), inner);
}

/// Every option of a clause, marked chosen or not, with the seat's own points,
/// wrapped to `width` and indented under the clause.
pub(super) fn option_lines(
    public: &PublicView,
    mine: Option<&SeatView>,
    draft: &Draft,
    f: ClauseId,
    width: usize,
) -> Vec<String> {
    let options: Vec<String> = public
        .clause(f)
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mark = option_mark(public.clause(f).is_subset(), draft.has(f, i));
            let value = mine
                .map(|v| format!(" {:+}", v.secrets().values[f.index()][i]))
                .unwrap_or_default();
            format!("{mark} {}{value}", o.label)
        })
        .collect();
    let options: Vec<&str> = options.iter().map(String::as_str).collect();
    wrap_words(&options, width.saturating_sub(6))
        .into_iter()
        .map(|l| format!("     {l}"))
        .collect()
}

/// A check box for a menu item, a radio button for a single choice.
pub(super) fn option_mark(subset: bool, on: bool) -> &'static str {
    match (subset, on) {
        (true, true) => "[x]",
        (true, false) => "[ ]",
        (false, true) => "(•)",
        (false, false) => "( )",
    }
}
