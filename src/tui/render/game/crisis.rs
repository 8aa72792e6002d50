//! The crisis room: the attack and its clock, the guarantors, the package.

use super::super::widgets::{bar, cut, pad, panel};
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
    let feed_height = (area.height / 3).max(6);
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
                attack.severity,
                attack.damage,
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

    let [status_area, right] =
        Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)]).areas(middle);
    status(frame, status_area, c, public, theme);
    if scene.desk.stage == Stage::Decide && scene.desk.focus == Focus::Package {
        package_builder(frame, right, scene, c, mine, public, theme);
    } else {
        actions_or_feed(frame, right, scene, theme);
    }
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
                    public.attack(c.attack).severity
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
    let mut lines = Vec::new();
    for (i, resp) in public.responses().iter().enumerate() {
        let r = ResponseId(i as u8);
        let on = if scene.desk.package.contains(r) {
            "[x]"
        } else {
            "[ ]"
        };
        let treaty = if menu.contains(r) { "T" } else { " " };
        let label = cut(&format!("{on} {treaty} {}", resp.name), width);
        let style = if i == scene.desk.package_row {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(pad(&label, width), style));
    }
    let hours = me.map_or(0, |s| public.propose_hours(s, scene.desk.package));
    let propose = format!("▶ Propose this package ({hours} h)");
    let style = if scene.desk.package_row == public.responses().len() {
        theme.selected()
    } else {
        theme.key()
    };
    lines.push(Line::styled(pad(&propose, width), style));
    if let Some(resp) = public.responses().get(scene.desk.package_row) {
        let r = ResponseId(scene.desk.package_row as u8);
        let one: ResponseSet = [r].into_iter().collect();
        let prep = me.map_or(resp.hours_adhoc.max(0) as u32, |s| {
            public.preparation_hours(s, one)
        });
        let kind = if menu.contains(r) {
            "treaty instrument"
        } else {
            "ad hoc"
        };
        let forces = if resp.deploys_forces {
            " · deploys forces"
        } else {
            ""
        };
        lines.push(Line::styled(
            format!(
                "{kind} · {prep} h to prepare · {} bn · strength {} · escalation risk {}%{forces}",
                resp.cost, resp.strength, resp.escalation_risk
            ),
            theme.dim(),
        ));
    }
    let (strength, verdict) =
        strength_and_verdict(public, public.potential_weight(scene.desk.package));
    lines.push(Line::styled(
        format!(
            "≈ strength {strength} vs severity {}: {verdict} · T = treaty instrument",
            public.attack(c.attack).severity
        ),
        theme.info(),
    ));
    if let Some(m) = &scene.desk.message {
        lines.push(Line::styled(m.clone(), theme.bad()));
    }
    frame.render_widget(super::super::screens::wrapped(lines), inner);
}
