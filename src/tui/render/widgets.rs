//! Small drawing helpers shared by every screen.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

/// A bordered panel with a title; brighter when it has the focus.
pub fn panel<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    let style = if focused {
        theme.focused_border()
    } else {
        theme.border()
    };
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(style)
        .title(title.into().style(theme.heading()))
}

/// The keys line at the bottom of every screen: `(key, what it does)` pairs.
pub fn footer(frame: &mut Frame, area: Rect, keys: &[(&str, &str)], theme: &Theme) {
    let mut spans = Vec::new();
    for (i, (key, what)) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(*key, theme.key()));
        spans.push(Span::raw(format!(" {what}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A rectangle of at most `width` x `height` centred in `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// A box drawn over whatever is below it.
pub fn popup<'a>(
    frame: &mut Frame,
    area: Rect,
    title: &'a str,
    lines: Vec<Line<'a>>,
    theme: &Theme,
) {
    frame.render_widget(Clear, area);
    let block = panel(title, true, theme);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

/// Text that wraps inside a panel, scrolled by `scroll` lines.
pub fn text<'a>(lines: Vec<Line<'a>>, block: Block<'a>, scroll: u16) -> Paragraph<'a> {
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block)
        .scroll((scroll, 0))
}

/// `label` padded with dots to `width`, then `value`: "Clock ...... 24 hours".
pub fn dotted(label: &str, value: &str, width: usize) -> String {
    let used = label.chars().count() + value.chars().count() + 2;
    let dots = width.saturating_sub(used).max(1);
    format!("{label} {} {value}", ".".repeat(dots))
}

/// Cut `s` to at most `n` characters, with an ellipsis when cut.
pub fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A text bar of `width` cells filled to `value` out of `max`: "███████░░░".
pub fn bar(value: i32, max: i32, width: usize) -> String {
    let filled = if max <= 0 {
        0
    } else {
        (value.clamp(0, max) as usize * width)
            .div_ceil(max as usize)
            .min(width)
    };
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}
