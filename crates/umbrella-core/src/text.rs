//! Values from files, quoted in messages: at most an excerpt, so that an
//! error never echoes a huge value (a save once made one write 6.3 MB to
//! standard error).

use std::borrow::Cow;

/// Characters of a value a message quotes.
pub const EXCERPT_CHARS: usize = 60;

/// At most [`EXCERPT_CHARS`] characters of `s`, then `…` if it was cut.
pub fn excerpt(s: &str) -> Cow<'_, str> {
    excerpt_to(s, EXCERPT_CHARS)
}

/// At most `max` characters of `s`, then `…` if it was cut.
pub fn excerpt_to(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((end, _)) => Cow::Owned(format!("{}…", &s[..end])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_at_a_character() {
        assert_eq!(excerpt("short"), "short");
        let long = "é".repeat(EXCERPT_CHARS + 1);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with("é…"));
        assert_eq!(
            excerpt(&long[..2 * EXCERPT_CHARS]),
            long[..2 * EXCERPT_CHARS]
        );
    }
}
