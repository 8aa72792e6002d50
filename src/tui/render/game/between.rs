//! Between crises: the months passing, the aggressor's desk, news and hand-overs.

use super::super::situation;
use super::super::widgets::{centred, dotted, panel, text};
use super::Scene;
use super::feed::{actions, feed};
use crate::core::*;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Padding, Paragraph};

/// Between crises, for a watcher or a guarantor: the aggressor is deciding.
pub(super) fn interlude(
    frame: &mut Frame,
    area: Rect,
    scene: &Scene,
    public: &PublicView,
    theme: &Theme,
) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    situation::summary(frame, left, public, theme);
    let title = if public.phase() == Phase::Offer {
        " The treaty's offer "
    } else {
        " Months pass "
    };
    feed(frame, right, public, scene.table.feed(), title, theme);
}

/// The aggressor's private desk: its options and the guarantee it faces.
pub(super) fn aggressor_desk(
    frame: &mut Frame,
    area: Rect,
    scene: &Scene,
    view: &SeatView,
    theme: &Theme,
) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(area);
    let mut lines = Vec::new();
    if let (Some(t), Some(treaty)) = (view.terms(), view.treaty()) {
        let bound: Vec<&str> = treaty
            .signatories
            .iter()
            .map(|s| view.faction(s).name())
            .collect();
        for f in view.clause_ids() {
            let chosen = view.pick_text(f, treaty.draft.pick(f));
            lines.push(Line::raw(dotted(
                &view.clause(f).name,
                &chosen,
                left.width as usize - 4,
            )));
        }
        lines.push(Line::raw(format!("Bound: {}", bound.join(", "))));
        lines.push(Line::raw(format!(
            "Clock {} h · deterrence index {}",
            t.clock_hours,
            view.deterrence_index()
        )));
    }
    record_and_objectives(view, &mut lines, theme);
    frame.render_widget(
        text(lines, panel(" The guarantee you face ", false, theme), 0),
        left,
    );
    actions(frame, right, scene, theme);
}

/// A guarantor's desk between crises, before the aggressor decides: its
/// standing at home, what the next crisis will ask of it, and its policies.
pub(super) fn guarantor_desk(
    frame: &mut Frame,
    area: Rect,
    scene: &Scene,
    view: &SeatView,
    theme: &Theme,
) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(area);
    let me = view.seat();
    let mine = view.seat_tracks(me);
    let mut lines = vec![Line::raw(format!(
        "Domestic support {} · spent {} bn",
        mine.support, mine.spent
    ))];
    if let (Some(chance), Some((fewest, most))) = (view.vote_chance(me), view.vote_hours(me)) {
        lines.push(Line::raw(format!(
            "A vote on forces: {fewest}-{most} h, about {chance}% likely to pass"
        )));
    }
    let ready = if view.is_ready(me) {
        " (ready: 1 h)"
    } else {
        ""
    };
    lines.push(Line::raw(format!(
        "Settling a position: {} h{ready}; snags at home {}%",
        view.position_hours(me),
        view.snag_chance(me)
    )));
    lines.push(Line::raw(format!(
        "Deterrence index {} (quiet months count from {})",
        view.deterrence_index(),
        view.rules().credible_deterrence
    )));
    record_and_objectives(view, &mut lines, theme);
    frame.render_widget(
        text(lines, panel(" Between crises: your move ", false, theme), 0),
        left,
    );
    actions(frame, right, scene, theme);
}

/// The desks' common end: the record of crises and the seat's private objectives.
fn record_and_objectives(view: &SeatView, lines: &mut Vec<Line<'static>>, theme: &Theme) {
    let met = view.crises().iter().filter(|c| c.met).count();
    lines.push(Line::raw(format!(
        "Record: {} attacks, {met} clocks met",
        view.crises().len()
    )));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Your objectives (private)", theme.private()));
    for o in &view.secrets().objectives {
        lines.push(Line::raw(format!(" {:>3} {}", o.points, o.text)));
    }
}

pub(super) fn news(frame: &mut Frame, area: Rect, title: &str, lines: &[String], theme: &Theme) {
    let width = area.width.saturating_sub(8).min(90);
    let mut body = vec![Line::raw("")];
    for l in lines {
        body.push(Line::raw(l.clone()));
    }
    body.push(Line::raw(""));
    body.push(Line::styled("Press Enter to continue.", theme.key()));
    let inner_width = width.saturating_sub(4).max(10) as usize;
    let rows: usize = body
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum();
    let height = (rows as u16 + 2).min(area.height);

    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = panel(format!(" {title} "), true, theme).padding(Padding::horizontal(1));
    frame.render_widget(text(body, block, 0), rect);
}

pub(super) fn handover(
    frame: &mut Frame,
    area: Rect,
    name: &str,
    note: Option<&crate::tui::play::Note>,
    theme: &Theme,
) {
    let mut lines = vec![
        Line::raw(""),
        Line::styled(format!("Pass the keyboard to {name}"), theme.title()).centered(),
        Line::raw(""),
        Line::raw(format!(
            "Press Enter when only {name}'s players are looking."
        ))
        .centered(),
        Line::raw(""),
        Line::styled("Everything private stays hidden until then.", theme.dim()).centered(),
    ];
    // The last seat's move, which it may still take back (u) until then.
    if let Some(note) = note {
        lines.push(Line::raw(""));
        lines.push(super::note(note, theme).centered());
    }
    let rect = centred(area, 70, lines.len() as u16 + 4);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(panel(" Hand-over ", true, theme)),
        rect,
    );
}
