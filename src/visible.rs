//! Text from files, made safe to print: a scenario or a save may hold
//! control characters (ESC above all) that would drive the terminal showing
//! them, so everything Umbrella prints from a file goes through [`visible`].

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every control character but the line break written out as
/// `\u{1b}` (C0 and C1 controls, DEL, tabs and carriage returns too), so it
/// can be read and never acts on the terminal.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n';
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn controls_are_written_out_and_line_breaks_kept() {
        assert_eq!(visible("plain ünïcode"), "plain ünïcode");
        assert_eq!(
            visible("red \u{1b}[31m\u{9b}\u{7f}\r\tend\nnext"),
            "red \\u{1b}[31m\\u{9b}\\u{7f}\\u{d}\\u{9}end\nnext"
        );
    }
}
