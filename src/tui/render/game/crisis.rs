//! The crisis room: the attack and its clock, the guarantors, the package.

use super::super::widgets::{bar, cut, pad, panel, window};
use super::Scene;
use super::feed::{actions_or_feed, since_or_tracks, wrap};
use crate::core::*;
use crate::tui::play::{Focus, Stage, items_text};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The crisis room.
pub(super) fn crisis_room(
    frame: &mut Frame,
    area: Rect,
    scene: &Scene,
    public: &PublicView,
    mine: Option<&SeatView>,
    theme: &Theme,
) {
    let Some(c) = public.crisis() else { return };
    let attack = public.attack(c.attack);
    let building = scene.desk.stage == Stage::Decide && scene.desk.focus == Focus::Package;
    // The package builder takes the room below the clock: every item with
    // its hours, cost and strength, the verdict and the propose row in sight.
    let feed_height = if building {
        0
    } else {
        (area.height / 3).max(6)
    };
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Min(6),
        Constraint::Length(feed_height),
    ])
    .areas(area);

    // What happened, and the clock.
    let place = attack
        .places
        .get(c.place as usize)
        .map_or("?", |p| p.name.as_str());
    let left_hours = c.clock.saturating_sub(c.now);
    let clock_line = if c.now < c.clock {
        format!(
            "{} {} h left of {} h",
            bar(c.now as i32, c.clock as i32, 20),
            left_hours,
            c.clock
        )
    } else {
        format!(
            "{} clock RUN OUT at hour {} · closes at hour {}",
            bar(1, 1, 20),
            c.clock,
            c.closes_at
        )
    };
    let consult = match (c.convened_by, c.consult_open_at) {
        (Some(by), Some(at)) if at <= c.now => format!(
            "Consultations open (called by {})",
            public.faction(by).name()
        ),
        (Some(by), Some(at)) => format!(
            "Consultations called by {}, open at hour {at}",
            public.faction(by).name()
        ),
        _ if c.attributed_at > c.now => format!(
            "Not yet attributed (by hour {}); consultations not called",
            c.attributed_at
        ),
        _ => "Consultations not called yet".to_string(),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{} at {place}", attack.name), theme.bad()),
            Span::raw(format!(
                " · severity {} · damage {} · month {}",
                public.severity_now(),
                public.damage_now(),
                public.month()
            )),
        ]),
        Line::from(vec![
            Span::styled("Clock ", theme.heading()),
            Span::styled(clock_line, theme.warn()),
        ]),
    ];
    let block = panel(format!(" Crisis room · hour {} ", c.now), false, theme);
    let inner = block.inner(top);
    frame.render_widget(block, top);
    let mut all = lines;
    all.push(Line::styled(consult, theme.dim()));
    frame.render_widget(Paragraph::new(all), inner);

    if building {
        package_builder(frame, middle, scene, c, mine, public, theme);
        return;
    }
    let [status_area, right] =
        Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)]).areas(middle);
    status(frame, status_area, c, public, theme);
    actions_or_feed(frame, right, scene, theme);
    since_or_tracks(frame, bottom, scene, public, theme);
}

/// Who has done what in the crisis, and the package on the table.
pub(super) fn status(
    frame: &mut Frame,
    area: Rect,
    c: &Crisis,
    public: &PublicView,
    theme: &Theme,
) {
    let block = panel(" The guarantors ", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for seat in c.participants.iter() {
        let f = public.faction(seat);
        let bound = if c.bound.contains(seat) {
            "bound"
        } else {
            "free "
        };
        let p = c.package.as_ref();
        let doing = if p.is_some_and(|p| p.objectors.contains(seat)) {
            "✗ objects".to_string()
        } else if p.is_some_and(|p| p.supporters.contains(seat)) {
            let items = c.contributions[seat.index()].items;
            if items.is_empty() {
                "✓ backs it".to_string()
            } else {
                format!("✓ gives {}", items_text_short(public, items))
            }
        } else if c.done.contains(seat) {
            "· stood down".to_string()
        } else {
            match c.moves[seat.index()] {
                0 => "no move yet".to_string(),
                1 => "1 move".to_string(),
                n => format!("{n} moves"),
            }
        };
        let vote = match c.approvals[seat.index()] {
            ApprovalStatus::NotNeeded => String::new(),
            ApprovalStatus::Needed => " · vote needed".into(),
            ApprovalStatus::Pending { due } => format!(" · vote due h{due}"),
            ApprovalStatus::Granted => " · vote: yes".into(),
            ApprovalStatus::Refused => " · vote: NO".into(),
        };
        let busy = c.ready_at[seat.index()];
        let free = if busy > c.now && !c.done.contains(seat) {
            format!(" · busy to h{busy}")
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::raw(pad(&cut(f.short(), 3), 4)),
            Span::styled(format!("{bound} "), theme.dim()),
            Span::raw(cut(
                &format!("{doing}{vote}{free}"),
                width.saturating_sub(10),
            )),
        ]));
    }
    lines.push(Line::raw(""));
    match &c.package {
        None => lines.push(Line::styled("No package on the table yet.", theme.dim())),
        Some(p) => {
            let by = p.by.map_or("the treaty (automatic)".to_string(), |s| {
                public.faction(s).name().to_string()
            });
            lines.push(Line::styled(
                format!("Package from {by}, hour {}:", p.at),
                theme.heading(),
            ));
            for piece in wrap(&items_text(public, p.items), width) {
                lines.push(Line::raw(piece));
            }
            let (strength, verdict) = expected(c, public);
            let agreed = match p.agreed_at {
                Some(h) => format!("AGREED at hour {h}"),
                None => "not agreed yet".to_string(),
            };
            lines.push(Line::styled(
                format!(
                    "{agreed} · strength ≈{strength} vs severity {}: {verdict}",
                    public.severity_now()
                ),
                theme.info(),
            ));
        }
    }
    let terms = public.terms();
    if let Some(t) = terms {
        lines.push(Line::styled(
            format!(
                "Treaty: {}; packages agreed {}.",
                t.obligation.label(),
                t.decision.label()
            ),
            theme.dim(),
        ));
    }
    frame.render_widget(super::super::screens::wrapped(lines), inner);
}

pub(super) fn items_text_short(public: &PublicView, items: ResponseSet) -> String {
    items
        .iter()
        .map(|r| public.response(r).id.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The strength a weight (hundredths) rounds to, and its verdict, as the
/// crisis room shows them (an overreaction in capitals: it climbs the ladder).
pub(super) fn strength_and_verdict(public: &PublicView, weight: i32) -> (i32, String) {
    let verdict = public.verdict_of(weight);
    let text = match verdict {
        Verdict::Overreaction => verdict.label().to_uppercase(),
        _ => verdict.label().to_string(),
    };
    ((weight + 50) / 100, text)
}

/// The package on the table: as pledged once agreed, else if every seat
/// still acting provided what it can.
pub(super) fn expected(c: &Crisis, public: &PublicView) -> (i32, String) {
    let Some(p) = &c.package else {
        return (0, "nothing".into());
    };
    let weight = if p.agreed_at.is_some() {
        public.pledged_weight()
    } else {
        public.potential_weight(p.items)
    };
    strength_and_verdict(public, weight)
}

/// The package builder: a table of every response (ticked, treaty
/// instrument or ad hoc, hours to prepare, cost, strength, escalation risk),
/// scrolled with markers when it does not fit, then the package's hours, its
/// strength against the attack and the verdict, and the propose row.
pub(super) fn package_builder(
    frame: &mut Frame,
    area: Rect,
    scene: &Scene,
    c: &Crisis,
    mine: Option<&SeatView>,
    public: &PublicView,
    theme: &Theme,
) {
    let block = panel(" Propose a package ", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let menu = public.terms().map(|t| t.menu).unwrap_or_default();
    let me = mine.map(|v| v.seat());
    let width = inner.width as usize;
    let package = scene.desk.package;
    let responses = public.responses();
    // Columns: prep, cost, strength, risk (26 cells after the name, 7 before
    // it); the name takes what is left, up to 40 cells.
    let name_width = width.saturating_sub(33).min(40);
    let row = |i: usize| -> Line<'static> {
        let r = ResponseId(i as u8);
        let resp = &responses[i];
        let on = if package.contains(r) { "[x]" } else { "[ ]" };
        let treaty = if menu.contains(r) { "T" } else { " " };
        let forces = if resp.deploys_forces { "F" } else { " " };
        let one: ResponseSet = [r].into_iter().collect();
        let prep = me.map_or(resp.hours_adhoc.max(0) as u32, |s| {
            public.preparation_hours(s, one)
        });
        let text = format!(
            "{on} {treaty}{forces} {} {:>4} h {:>4} bn {:>4} {:>4}%",
            pad(&cut(&resp.name, name_width), name_width),
            prep,
            resp.cost,
            resp.strength,
            resp.escalation_risk
        );
        let style = if i == scene.desk.package_row {
            theme.selected()
        } else {
            Style::new()
        };
        Line::styled(pad(&text, width), style)
    };
    let mut foot = Vec::new();
    let hours = me.map_or(0, |s| public.propose_hours(s, package));
    let prep = me.map_or(0, |s| public.preparation_hours(s, package));
    foot.push(Line::styled(
        cut(
            &format!(
                "▶ Enter: propose these {} items ({hours} h to table, {prep} h to prepare)",
                package.len()
            ),
            width,
        ),
        theme.key(),
    ));
    let (strength, verdict) = strength_and_verdict(public, public.potential_weight(package));
    let mut verdict_line = vec![Span::raw(format!(
        "≈ strength {strength} vs severity {}: ",
        public.severity_now()
    ))];
    let verdict_style = match public.verdict_of(public.potential_weight(package)) {
        Verdict::Overreaction => theme.bad(),
        Verdict::Proportionate => theme.good(),
        _ => theme.warn(),
    };
    verdict_line.push(Span::styled(verdict, verdict_style));
    foot.push(Line::from(verdict_line));
    if let Some(p) = &c.package {
        let by = p.by.map_or("the treaty".to_string(), |s| {
            public.faction(s).short().to_string()
        });
        foot.push(Line::styled(
            cut(
                &format!(
                    "On the table from {by}: {}",
                    items_text_short(public, p.items)
                ),
                width,
            ),
            theme.dim(),
        ));
    }
    foot.push(Line::styled(
        cut(
            "T treaty instrument (prepared faster) · F deploys forces (may need a vote)",
            width,
        ),
        theme.dim(),
    ));
    if let Some(note) = &scene.desk.message {
        foot.push(super::note(note, theme));
    }
    let foot_rows = foot
        .iter()
        .map(|l| l.width().div_ceil(width.max(1)).max(1))
        .sum::<usize>();
    let list_rows = (inner.height as usize).saturating_sub(foot_rows + 1).max(1);
    let window = window(responses.len(), scene.desk.package_row, list_rows);
    let mut lines = vec![Line::styled(
        format!(
            "{:7}{} {:>6} {:>7} {:>4} {:>5}",
            "",
            pad("item", name_width),
            "prep",
            "cost",
            "str",
            "risk"
        ),
        theme.heading(),
    )];
    if let Some(above) = window.above() {
        lines.push(Line::styled(above, theme.dim()));
    }
    lines.extend((window.start..window.end).map(row));
    if let Some(below) = window.below(responses.len()) {
        lines.push(Line::styled(below, theme.dim()));
    }
    lines.extend(foot);
    frame.render_widget(super::super::screens::wrapped(lines), inner);
}
