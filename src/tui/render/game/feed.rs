//! The moves column, the feed of what the others did, and the event log.

use super::super::situation;
use super::super::widgets::{cut, pad, panel};
use super::Scene;
use crate::ai::Reason;
use crate::core::*;
use crate::table::FeedItem;
use crate::tui::play::{Focus, Stage};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use textwrap::core::Word;

/// The right-hand column: the viewer's actions, or in watch mode the recent moves.
pub(super) fn actions_or_feed(frame: &mut Frame, area: Rect, scene: &Scene, theme: &Theme) {
    if scene.desk.stage == Stage::Watch {
        let title = if scene.desk.autoplay {
            " Watching · auto-play "
        } else {
            " Watching · Enter: next "
        };
        feed(
            frame,
            area,
            &scene.game().public_view(),
            scene.table.feed(),
            title,
            theme,
        );
        return;
    }
    if scene.desk.stage == Stage::Wait {
        let public = scene.game().public_view();
        let title = match public.to_move() {
            Some(seat) => format!(" {} to move ", public.faction(seat).name()),
            None => " Recent moves ".to_string(),
        };
        feed(frame, area, &public, scene.table.feed(), &title, theme);
        return;
    }
    actions(frame, area, scene, theme);
}

pub(super) fn actions(frame: &mut Frame, area: Rect, scene: &Scene, theme: &Theme) {
    let focused = scene.desk.focus == Focus::Actions;
    let block = panel(" Your move ", focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let detail_height = 3u16.min(inner.height / 3);
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(detail_height)]).areas(inner);
    let width = list_area.width as usize;
    let visible = list_area.height as usize;
    // A list longer than its room scrolls, with markers for what is hidden.
    let window =
        super::super::widgets::window(scene.desk.choices.len(), scene.desk.selected, visible);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(above) = window.above() {
        lines.push(Line::styled(format!("  {above}"), theme.dim()));
    }
    lines.extend(
        scene
            .desk
            .choices
            .iter()
            .enumerate()
            .take(window.end)
            .skip(window.start)
            .map(|(i, c)| {
                let star = if c.suggested { "★ " } else { "  " };
                let label = cut(&format!("{star}{}", c.label), width);
                if i == scene.desk.selected && focused {
                    Line::styled(pad(&label, width), theme.selected())
                } else if i == scene.desk.selected {
                    Line::styled(label, theme.heading())
                } else {
                    Line::raw(label)
                }
            }),
    );
    if let Some(below) = window.below(scene.desk.choices.len()) {
        lines.push(Line::styled(format!("  {below}"), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), list_area);
    let detail = match (
        &scene.desk.message,
        scene.desk.choices.get(scene.desk.selected),
    ) {
        (Some(note), _) => super::note(note, theme),
        (None, Some(c)) => {
            let tip = if c.suggested {
                " (★ suggested by your adviser)"
            } else {
                ""
            };
            Line::styled(format!("{}{tip}", c.detail), theme.dim())
        }
        (None, None) => Line::raw("Nothing to do: wait for the others."),
    };
    frame.render_widget(super::super::screens::wrapped(vec![detail]), detail_area);
}

/// What is new to the seat at the keyboard; when only AI seats play (their
/// moves are beside it already), the shared tracks.
pub(super) fn since_or_tracks(
    frame: &mut Frame,
    area: Rect,
    scene: &Scene,
    public: &PublicView,
    theme: &Theme,
) {
    if scene.desk.stage == Stage::Watch {
        situation::summary(frame, area, public, theme);
    } else {
        feed(
            frame,
            area,
            public,
            scene.desk.new_moves(scene.table),
            " Since your last move ",
            theme,
        );
    }
}

/// Lines of the feed an AI's reason may take.
const REASON_LINES: usize = 2;

/// Recent moves, newest last, each with its reason.
pub(super) fn feed(
    frame: &mut Frame,
    area: Rect,
    public: &PublicView,
    items: &[FeedItem],
    title: &str,
    theme: &Theme,
) {
    let block = panel(title.to_string(), false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut last_when = String::new();
    for item in items {
        let when = item
            .events
            .first()
            .map(|e| public.when_text(e))
            .unwrap_or_default();
        if when != last_when {
            lines.push(Line::styled(format!("── {when} "), theme.dim()));
            last_when = when;
        }
        let said: Vec<String> = item.events.iter().map(|e| public.describe(e)).collect();
        for (i, l) in said.iter().enumerate() {
            let indent = if i == 0 { "" } else { "  " };
            let style = if i == 0 {
                theme.heading()
            } else {
                Style::new()
            };
            for piece in wrap(l, width.saturating_sub(indent.len() + 1)) {
                lines.push(Line::styled(format!("{indent}{piece}"), style));
            }
            if i == 0
                && let Some(why) = item.reason.as_deref().and_then(Reason::grounds)
            {
                // Up to two lines of the reason: the interest, and mostly
                // the alternative or the risk; a longer one is cut.
                let text = format!("({why})");
                let wrapped = wrap(&text, width.saturating_sub(3));
                for (n, piece) in wrapped.iter().take(REASON_LINES).enumerate() {
                    let piece = if n + 1 == REASON_LINES && wrapped.len() > REASON_LINES {
                        cut(&format!("{piece} …"), width.saturating_sub(2))
                    } else {
                        piece.clone()
                    };
                    lines.push(Line::styled(format!("  {piece}"), theme.accent()));
                }
            }
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("Nothing yet.", theme.dim()));
    }
    let skip = lines.len().saturating_sub(inner.height as usize);
    frame.render_widget(Paragraph::new(lines.split_off(skip)), inner);
}

/// Word-wrap `s` to `width` terminal cells (at least 10), breaking only at
/// whitespace: a word longer than a line has a line of its own.
pub(super) fn wrap(s: &str, width: usize) -> Vec<String> {
    wrap_words(&s.split_whitespace().collect::<Vec<_>>(), width)
}

/// `words` in lines of at most `width` cells (at least 10), one space apart,
/// each word kept whole even if it holds spaces.
pub(super) fn wrap_words(words: &[&str], width: usize) -> Vec<String> {
    if words.is_empty() {
        return Vec::new();
    }
    let fragments: Vec<Word> = words
        .iter()
        .map(|word| Word {
            word,
            whitespace: " ",
            penalty: "",
            width: textwrap::core::display_width(word),
        })
        .collect();
    textwrap::wrap_algorithms::wrap_first_fit(&fragments, &[width.max(10) as f64])
        .into_iter()
        .map(|line| line.iter().map(|w| w.word).collect::<Vec<_>>().join(" "))
        .collect()
}

pub(super) fn log(frame: &mut Frame, area: Rect, public: &PublicView, scroll: u16, theme: &Theme) {
    let block = panel(" Event log ", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for e in public.log() {
        let when = public.when_text(e);
        let pieces = wrap(&public.describe(e), width.saturating_sub(16));
        for (i, piece) in pieces.into_iter().enumerate() {
            let stamp = if i == 0 {
                format!("{when:>14}  ")
            } else {
                " ".repeat(16)
            };
            lines.push(Line::from(vec![
                Span::styled(stamp, theme.dim()),
                Span::raw(piece),
            ]));
        }
    }
    let visible = inner.height as usize;
    let end = lines
        .len()
        .saturating_sub(scroll as usize)
        .max(visible.min(lines.len()));
    let start = end.saturating_sub(visible);
    frame.render_widget(Paragraph::new(lines[start..end].to_vec()), inner);
}

#[cfg(test)]
mod tests {
    use super::{wrap, wrap_words};
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wrap_measures_wide_characters_as_the_terminal_draws_them() {
        // Three words of three CJK characters: 3 characters but 6 cells each.
        let text = "一二三 四五六 七八九";
        // Counting characters, the first two words (7 characters) fitted in
        // 10 columns, making a line 13 cells wide.
        assert!("一二三 四五六".chars().count() <= 10);
        assert_eq!("一二三 四五六".width(), 13);
        assert_eq!(wrap(text, 10), ["一二三", "四五六", "七八九"]);
        assert_eq!(wrap(text, 13), ["一二三 四五六", "七八九"]);
        for line in wrap("Protect the 🇺🇦 grain corridor ☕ until the talks end", 12) {
            assert!(line.width() <= 12, "{line:?}");
        }
    }

    #[test]
    fn wrap_words_keeps_each_word_whole() {
        let options = [
            "( ) Consult only -2",
            "(•) Consult and respond +8",
            "( ) 自動 -4",
        ];
        assert_eq!(
            wrap_words(&options, 46),
            [
                "( ) Consult only -2 (•) Consult and respond +8",
                "( ) 自動 -4"
            ]
        );
        assert_eq!(wrap_words(&options, 12).len(), 3);
        assert!(wrap_words(&[], 12).is_empty());
    }

    #[test]
    fn wrap_breaks_at_spaces_only() {
        assert_eq!(
            wrap("a pre-authorised  response\nclock", 12),
            ["a", "pre-authorised", "response", "clock"]
        );
        assert_eq!(wrap("one two three", 10), ["one two", "three"]);
        assert!(wrap("   ", 10).is_empty());
    }
}
