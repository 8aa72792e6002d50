//! Small drawing helpers shared by every screen.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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

/// The keys line at the bottom of every screen, from the screen's key table:
/// `(keys, what they do)`. What does not fit the width is left out from the
/// end, but the last two (help and quit) always stay.
pub fn footer<S: AsRef<str>>(frame: &mut Frame, area: Rect, keys: &[(&str, S)], theme: &Theme) {
    let width = |k: &[&(&str, S)]| -> usize {
        k.iter()
            .map(|(key, what)| key.width() + 1 + what.as_ref().width() + 3)
            .sum()
    };
    let mut shown: Vec<&(&str, S)> = keys.iter().collect();
    while shown.len() > 2 && width(&shown) > area.width as usize {
        shown.remove(shown.len() - 3);
    }
    let mut spans = Vec::new();
    for (i, (key, what)) in shown.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(*key, theme.key()));
        spans.push(Span::raw(format!(" {}", what.as_ref())));
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

// Widths below are terminal cells, as the terminal draws them: a CJK
// character or an emoji takes two, a combining mark none.

/// `label` padded with dots to `width`, then `value`: "Clock ...... 24 hours".
pub fn dotted(label: &str, value: &str, width: usize) -> String {
    let used = label.width() + value.width() + 2;
    let dots = width.saturating_sub(used).max(1);
    format!("{label} {} {value}", ".".repeat(dots))
}

/// Cut `s` to at most `n` cells, with an ellipsis when cut.
pub fn cut(s: &str, n: usize) -> String {
    if s.width() <= n {
        return s.to_string();
    }
    // The ellipsis takes the last cell; a combining mark stays with its letter.
    let room = n.saturating_sub(1);
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        used += c.width().unwrap_or(0);
        if used > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// `s` and spaces up to `width` cells (`format!`'s padding counts characters).
pub fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
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

#[cfg(test)]
mod tests {
    use super::*;

    // Each character of "日本語" takes two cells: counting characters, as the
    // old code did, took it for three cells wide.
    const WIDE: &str = "日本語";

    #[test]
    fn wide_characters_count_two_cells() {
        assert_eq!(WIDE.chars().count(), 3);
        assert_eq!(WIDE.width(), 6);
        // Counted in characters it "fitted" in 4 and overflowed by two cells.
        assert_eq!(cut(WIDE, 4), "日…");
        assert_eq!(cut(WIDE, 6), WIDE);
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(pad(WIDE, 8), "日本語  ");
        let line = dotted(WIDE, "24 hours", 20);
        assert_eq!(line.width(), 20, "{line}");
    }

    #[test]
    fn combining_marks_take_no_cell() {
        // "café" with the accent as a combining mark: five characters, four cells.
        let cafe = "cafe\u{301}";
        assert_eq!(cafe.chars().count(), 5);
        assert_eq!(cut(cafe, 4), cafe, "the old count cut it to \"caf…\"");
        assert_eq!(cut("cafe\u{301}s", 5), "cafe\u{301}s");
        assert_eq!(cut("cafe\u{301}s!", 5), "cafe\u{301}…");
    }
}
