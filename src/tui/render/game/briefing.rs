//! A seat's private briefing.

use super::super::widgets::{panel, text};
use super::feed::wrap;
use crate::core::*;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

/// A seat's private briefing.
pub(super) fn briefing(frame: &mut Frame, area: Rect, view: &SeatView, scroll: u16, theme: &Theme) {
    let me = view.me();
    let secrets = view.secrets();
    let h = |s: String| Line::styled(s, theme.heading());
    let mut lines = vec![
        Line::styled(
            format!("{}: your briefing. PRIVATE to {}.", me.name(), me.name()),
            theme.private(),
        ),
        Line::raw(""),
        h("The situation".into()),
        Line::raw(view.situation().to_string()),
        Line::raw(""),
        h(format!("Who you are: {}", me.name())),
        Line::raw(me.briefing().to_string()),
        Line::raw(""),
        h(format!(
            "Your objectives (victory at {} points)",
            secrets.victory
        )),
    ];
    for o in &secrets.objectives {
        let tag = if o.public { "public" } else { "SECRET" };
        let head = format!("  {:>3} pts [{tag}] ", o.points);
        let indent = head.width();
        for (i, piece) in wrap(&o.text, (area.width as usize).saturating_sub(indent + 2))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                head.clone()
            } else {
                " ".repeat(indent)
            };
            lines.push(Line::raw(format!("{lead}{piece}")));
        }
    }
    lines.push(Line::raw(""));
    lines.push(h("Your red lines (private until you signal them)".into()));
    if secrets.red_lines.is_empty() {
        lines.push(Line::raw("  none"));
    }
    for r in &secrets.red_lines {
        let option = view
            .clause(r.clause)
            .options
            .get(r.option)
            .map_or("", |o| o.label.as_str());
        let verb = match r.kind {
            RedLineKind::Forbid => "never",
            RedLineKind::Require => "only with",
        };
        lines.push(Line::raw(format!("  {verb} \"{option}\": {}", r.why)));
    }
    lines.push(Line::raw(""));
    lines.push(h(
        "What you value in the treaty (your points per option)".into()
    ));
    for f in view.clause_ids() {
        lines.push(Line::raw(format!(
            "  {}: {}",
            view.clause(f).name,
            crate::report::cards::clause_worth(view, f)
        )));
    }
    lines.push(Line::raw(""));
    lines.push(h("Background".into()));
    for fact in view.background() {
        lines.push(Line::styled(
            format!("  {}", fact.heading()),
            theme.accent(),
        ));
        lines.push(Line::raw(format!("  {}", fact.text)));
    }
    frame.render_widget(
        text(
            lines,
            panel(format!(" Briefing: {} ", me.name()), true, theme),
            scroll,
        ),
        area,
    );
}
