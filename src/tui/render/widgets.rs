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

/// The part of a list of `len` rows shown in `rows` rows with the cursor at
/// `cursor` visible: the range of rows shown, and how many are hidden above
/// and below (for the "▲ n more" and "▼ n more" markers, which take a row
/// each when shown and are counted in `rows`).
pub fn window(len: usize, cursor: usize, rows: usize) -> Window {
    let rows = rows.max(1);
    if len <= rows {
        return Window { start: 0, end: len };
    }
    // Room for both markers; the cursor stays on screen.
    let inner = rows.saturating_sub(2).max(1);
    let start = cursor
        .min(len - 1)
        .saturating_sub(inner - 1)
        .min(len - inner);
    Window {
        start,
        end: start + inner,
    }
    .tightened(len, rows)
}

/// Rows `start..end` of a list are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
}

impl Window {
    /// Use a marker's row for a list row when that marker is not needed.
    fn tightened(mut self, len: usize, rows: usize) -> Window {
        let room = (rows - 1).max(self.end - self.start);
        if self.start == 0 {
            self.end = room.min(len);
        } else if self.end == len {
            self.start = len.saturating_sub(room);
        }
        self
    }

    /// The marker above the rows shown, if some are hidden there.
    pub fn above(&self) -> Option<String> {
        (self.start > 0).then(|| format!("▲ {} more", self.start))
    }

    /// The marker below the rows shown, given the list's length.
    pub fn below(&self, len: usize) -> Option<String> {
        (self.end < len).then(|| format!("▼ {} more", len - self.end))
    }
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

    #[test]
    fn a_window_keeps_the_cursor_visible_and_counts_what_it_hides() {
        assert_eq!(window(3, 2, 5), Window { start: 0, end: 3 });
        for len in 1..30 {
            for rows in 1..12 {
                for cursor in 0..len {
                    let w = window(len, cursor, rows);
                    assert!(w.start <= cursor && cursor < w.end, "{len} {rows} {cursor}");
                    let markers = w.above().is_some() as usize + w.below(len).is_some() as usize;
                    assert!(
                        w.end - w.start + markers <= rows.max(3) || len <= rows,
                        "{len} {rows} {cursor} {w:?}"
                    );
                    assert_eq!(w.above().is_some(), w.start > 0);
                    assert_eq!(w.below(len).is_some(), w.end < len);
                }
            }
        }
    }

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
