//! Keys: what the keyboard sends, translated once, and the key table of each
//! screen, from which its handling, its footer and its `?` help are all
//! built, so they cannot drift apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Keys after translation: arrows and hjkl are the same thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Up,
    Down,
    Left,
    Right,
    Enter,
    Esc,
    Tab,
    BackTab,
    Help,
    Quit,
    Space,
    Char(char),
    Backspace,
    PageUp,
    PageDown,
    Home,
    End,
}

/// A key press as Umbrella reads it (releases and repeats of other kinds are ignored).
pub fn translate(event: KeyEvent) -> Option<Key> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    if event.modifiers.contains(KeyModifiers::CONTROL) {
        return match event.code {
            KeyCode::Char('c') => Some(Key::Quit),
            _ => None,
        };
    }
    Some(match event.code {
        KeyCode::Up | KeyCode::Char('k') => Key::Up,
        KeyCode::Down | KeyCode::Char('j') => Key::Down,
        KeyCode::Left | KeyCode::Char('h') => Key::Left,
        KeyCode::Right | KeyCode::Char('l') => Key::Right,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Char('?') => Key::Help,
        KeyCode::Char('q') | KeyCode::Char('Q') => Key::Quit,
        KeyCode::Char(' ') => Key::Space,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Backspace => Key::Backspace,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        _ => return None,
    })
}

/// Which keys a binding answers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
    One(Key),
    Two(Key, Key),
    Any(&'static [Key]),
    /// The digits 0 to 9.
    Digits,
}

impl Keys {
    pub fn matches(self, key: Key) -> bool {
        match self {
            Keys::One(k) => k == key,
            Keys::Two(a, b) => a == key || b == key,
            Keys::Any(ks) => ks.contains(&key),
            Keys::Digits => matches!(key, Key::Char(c) if c.is_ascii_digit()),
        }
    }
}

/// One line of a screen's key table.
#[derive(Clone, Debug, PartialEq)]
pub struct Binding<C> {
    pub keys: Keys,
    /// How the keys are written in the footer and the help ("↑↓", "Enter").
    pub name: &'static str,
    /// What they do, in a few words ("choose", "do it").
    pub does: String,
    pub command: C,
    /// Shown in the footer (every binding is in the help).
    pub footer: bool,
}

impl<C> Binding<C> {
    pub fn new(keys: Keys, name: &'static str, does: impl Into<String>, command: C) -> Self {
        Binding {
            keys,
            name,
            does: does.into(),
            command,
            footer: true,
        }
    }

    /// The same binding, in the help only.
    pub fn help_only(mut self) -> Self {
        self.footer = false;
        self
    }
}

/// The command the first binding answering to `key` stands for.
pub fn command<C: Clone>(table: &[Binding<C>], key: Key) -> Option<C> {
    table
        .iter()
        .find(|b| b.keys.matches(key))
        .map(|b| b.command.clone())
}

/// The footer of a key table: (keys, what they do) for every binding shown there.
pub fn footer<C>(table: &[Binding<C>]) -> Vec<(&'static str, String)> {
    table
        .iter()
        .filter(|b| b.footer)
        .map(|b| (b.name, b.does.clone()))
        .collect()
}

/// The help lines of a key table: "keys: what they do", for every binding.
pub fn help<C>(table: &[Binding<C>]) -> Vec<String> {
    table
        .iter()
        .map(|b| format!("{}: {}", b.name, b.does))
        .collect()
}

/// Shorthands for the bindings most screens share.
pub const UP_DOWN: Keys = Keys::Two(Key::Up, Key::Down);
pub const ENTER: Keys = Keys::Two(Key::Enter, Key::Space);
pub const SCROLL: Keys = Keys::Any(&[
    Key::Up,
    Key::Down,
    Key::PageUp,
    Key::PageDown,
    Key::Home,
    Key::End,
]);

/// A text's new scroll position after a scrolling key (0 is the top).
pub fn scrolled(scroll: u16, key: Key) -> u16 {
    match key {
        Key::Up => scroll.saturating_sub(1),
        Key::Down => scroll.saturating_add(1),
        Key::PageUp => scroll.saturating_sub(10),
        Key::PageDown => scroll.saturating_add(10),
        Key::Home => 0,
        Key::End => u16::MAX / 2,
        _ => scroll,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    enum Cmd {
        Go,
        Digit,
    }

    #[test]
    fn one_table_gives_the_handling_the_footer_and_the_help() {
        let table = vec![
            Binding::new(ENTER, "Enter", "go", Cmd::Go),
            Binding::new(Keys::Digits, "0-9", "type a digit", Cmd::Digit).help_only(),
        ];
        assert_eq!(command(&table, Key::Space), Some(Cmd::Go));
        assert_eq!(command(&table, Key::Char('7')), Some(Cmd::Digit));
        assert_eq!(command(&table, Key::Char('x')), None);
        assert_eq!(footer(&table), vec![("Enter", "go".to_string())]);
        assert_eq!(help(&table), vec!["Enter: go", "0-9: type a digit"]);
    }
}
