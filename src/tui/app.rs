//! The application: which screen is showing and what every key does there.
//!
//! `App::update` turns one input into a new app state. It never touches the
//! terminal or the wall clock (ticks are inputs), so tests drive it with
//! synthetic keys and render it into a test backend.

use super::session::Session;
use super::setup::Setup;
use crate::scenario;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Something that happened at the keyboard, to the window, or on the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// The terminal changed size (the next draw adapts).
    Resize,
    /// Time passed (only asked for while something runs by itself).
    Tick,
}

impl Input {
    /// A key press, for tests and scripts.
    pub fn key(code: KeyCode) -> Input {
        Input::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }
}

/// What the caller should do after an update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

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

pub const TITLE_ITEMS: [&str; 4] = ["New game", "Load game", "How to play", "Quit"];

#[derive(Clone, Debug)]
pub enum Screen {
    Title { selected: usize },
    Setup(Setup),
    Load(LoadScreen),
    HowToPlay { scroll: u16 },
    Game(Box<Session>),
}

/// A question on top of the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modal {
    /// Help for the current screen.
    Help,
    /// "Quit this game?"
    ConfirmQuit,
    /// Save the game into a slot.
    Save { selected: usize },
}

/// The saves in the save folder, to choose one to continue.
#[derive(Clone, Debug)]
pub struct LoadScreen {
    pub saves: Vec<crate::save::SaveInfo>,
    pub selected: usize,
    pub error: Option<String>,
}

#[derive(Clone, Debug)]
pub struct App {
    pub screen: Screen,
    pub modal: Option<Modal>,
    /// Seed proposed for a new game (shown on the setup screen).
    pub default_seed: u64,
    /// Where saves go; `None` turns saving off (as in most tests).
    pub save_dir: Option<PathBuf>,
    /// What each save slot holds, read when the save dialog opens.
    pub slots: Vec<String>,
}

impl App {
    /// The title screen. `seed` is offered for the next new game.
    pub fn new(seed: u64) -> App {
        App {
            screen: Screen::Title { selected: 0 },
            modal: None,
            default_seed: seed,
            save_dir: None,
            slots: Vec::new(),
        }
    }

    /// Save and load games in `dir`.
    pub fn with_save_dir(mut self, dir: &Path) -> App {
        self.save_dir = Some(dir.to_path_buf());
        if let Screen::Game(session) = &mut self.screen {
            session.save_dir = Some(dir.to_path_buf());
        }
        self
    }

    /// Straight into a game, as `umbrella play --seat ...` does.
    pub fn with_session(session: Session) -> App {
        let seed = session.game.state().seed;
        let save_dir = session.save_dir.clone();
        App {
            screen: Screen::Game(Box::new(session)),
            modal: None,
            default_seed: seed,
            save_dir,
            slots: Vec::new(),
        }
    }

    pub fn session(&self) -> Option<&Session> {
        match &self.screen {
            Screen::Game(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the app wants ticks (something runs by itself).
    pub fn wants_ticks(&self) -> bool {
        self.modal.is_none() && self.session().is_some_and(|s| s.autoplay)
    }

    pub fn update(&mut self, input: Input) -> Flow {
        let key = match input {
            Input::Key(event) => match translate(event) {
                Some(k) => k,
                None => return Flow::Continue,
            },
            Input::Mouse(_) | Input::Resize => return Flow::Continue,
            Input::Tick => {
                if self.wants_ticks()
                    && let Screen::Game(session) = &mut self.screen
                {
                    session.tick();
                }
                return Flow::Continue;
            }
        };

        if let Some(modal) = self.modal {
            return self.update_modal(modal, key);
        }
        if key == Key::Help {
            self.modal = Some(Modal::Help);
            return Flow::Continue;
        }
        match &mut self.screen {
            Screen::Title { selected } => match key {
                Key::Up => *selected = selected.saturating_sub(1),
                Key::Down => *selected = (*selected + 1).min(TITLE_ITEMS.len() - 1),
                Key::Quit | Key::Esc => return Flow::Quit,
                Key::Enter | Key::Space => match *selected {
                    0 => self.screen = Screen::Setup(Setup::new(self.default_seed)),
                    1 => self.screen = Screen::Load(self.load_screen()),
                    2 => self.screen = Screen::HowToPlay { scroll: 0 },
                    _ => return Flow::Quit,
                },
                _ => {}
            },
            Screen::HowToPlay { scroll } => match key {
                Key::Up => *scroll = scroll.saturating_sub(1),
                Key::Down => *scroll = scroll.saturating_add(1),
                Key::PageUp => *scroll = scroll.saturating_sub(10),
                Key::PageDown => *scroll = scroll.saturating_add(10),
                Key::Esc | Key::Enter => self.screen = Screen::Title { selected: 2 },
                Key::Quit => return Flow::Quit,
                _ => {}
            },
            Screen::Setup(setup) => match key {
                Key::Esc => self.screen = Screen::Title { selected: 0 },
                Key::Quit => return Flow::Quit,
                _ => {
                    if let Some(session) = setup.update(key) {
                        let session = match &self.save_dir {
                            Some(dir) => session.with_save_dir(dir),
                            None => session,
                        };
                        self.screen = Screen::Game(Box::new(session));
                    }
                }
            },
            Screen::Load(load) => match key {
                Key::Up => load.selected = load.selected.saturating_sub(1),
                Key::Down => {
                    load.selected = (load.selected + 1).min(load.saves.len().saturating_sub(1))
                }
                Key::Esc => self.screen = Screen::Title { selected: 1 },
                Key::Quit => return Flow::Quit,
                Key::Enter | Key::Space => {
                    if let Some(info) = load.saves.get(load.selected) {
                        match crate::save::load(&info.path) {
                            Ok(loaded) => {
                                let mut session =
                                    Session::from_game(loaded.game, loaded.save.players);
                                session.save_dir = self.save_dir.clone();
                                self.screen = Screen::Game(Box::new(session));
                            }
                            Err(e) => load.error = Some(e.to_string()),
                        }
                    }
                }
                _ => {}
            },
            Screen::Game(session) => match key {
                Key::Quit if session.is_finished() => return Flow::Quit,

                Key::Quit => self.modal = Some(Modal::ConfirmQuit),
                Key::Char('s') if session.save_dir.is_some() => {
                    self.slots = slot_summaries(session.save_dir.as_deref());
                    self.modal = Some(Modal::Save { selected: 0 })
                }
                _ => {
                    if session.update(key) {
                        self.screen = Screen::Title { selected: 0 };
                    }
                }
            },
        }
        Flow::Continue
    }

    fn update_modal(&mut self, modal: Modal, key: Key) -> Flow {
        match modal {
            Modal::Help => {
                if matches!(
                    key,
                    Key::Esc | Key::Help | Key::Enter | Key::Quit | Key::Space
                ) {
                    self.modal = None;
                }
            }
            Modal::Save { selected } => match key {
                Key::Up => {
                    self.modal = Some(Modal::Save {
                        selected: selected.saturating_sub(1),
                    })
                }
                Key::Down => {
                    let next = (selected + 1).min(crate::save::SLOTS - 1);
                    self.modal = Some(Modal::Save { selected: next })
                }
                Key::Esc | Key::Quit => self.modal = None,
                Key::Enter | Key::Space => {
                    if let Screen::Game(session) = &mut self.screen {
                        session.save_to_slot(selected + 1);
                    }
                    self.modal = None;
                }
                _ => {}
            },
            Modal::ConfirmQuit => match key {
                Key::Char('y') | Key::Char('Y') | Key::Quit => return Flow::Quit,
                Key::Char('n') | Key::Char('N') | Key::Esc | Key::Enter => self.modal = None,
                _ => {}
            },
        }
        Flow::Continue
    }
}

/// One line per save slot: what it holds, or that it is free.
fn slot_summaries(dir: Option<&Path>) -> Vec<String> {
    (1..=crate::save::SLOTS)
        .map(|n| match dir.map(|d| crate::save::slot_path(d, n)) {
            Some(path) if path.exists() => match crate::save::summary(&path) {
                Ok(s) => format!("slot {n}: {s}"),
                Err(e) => format!("slot {n}: unreadable ({e})"),
            },
            _ => format!("slot {n}: free"),
        })
        .collect()
}

impl App {
    fn load_screen(&self) -> LoadScreen {
        let saves = self
            .save_dir
            .as_deref()
            .map(crate::save::list)
            .unwrap_or_default();
        LoadScreen {
            saves,
            selected: 0,
            error: None,
        }
    }
}

/// The bundled scenarios, loaded (they are validated by the test suite).
pub fn bundled_scenarios() -> Vec<Arc<crate::core::Scenario>> {
    scenario::BUNDLED
        .iter()
        .filter_map(|(name, _)| scenario::bundled(name).and_then(Result::ok))
        .map(Arc::new)
        .collect()
}
