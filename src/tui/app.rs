//! The application: which screen is showing, which dialog is on top of it,
//! and what every key does there.
//!
//! `App::update` turns one input into a new app state. It never touches the
//! terminal, the files or the wall clock: ticks are inputs, and what must
//! happen outside (a save, reading the save folder) is queued as an
//! [`Effect`] that the run loop performs ([`super::effect::drive`]), its
//! outcome coming back as another input. Tests drive it with synthetic keys
//! and render it into a test backend.

use super::effect::{Done, Effect};
use super::facilitator::{self, FacilitatorAct};
use super::keys::{self, Binding, Key, Keys};
use super::play::{self, Session};
use super::setup::Setup;
use crate::core::Intervention;
use crate::scenario;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use super::keys::translate;

/// Something that happened at the keyboard, to the window, on the clock, or
/// outside (an effect's outcome).
#[derive(Clone, Debug)]
pub enum Input {
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// The terminal changed size (the next draw adapts).
    Resize,
    /// The time, in milliseconds since the app started (ticks come only while
    /// something runs by itself: auto-play, a real-time timer, a projector).
    Tick(u64),
    /// What came of an effect.
    Done(Done),
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

/// The longest inject the facilitator can write, in characters.
pub const INJECT_MAX: usize = crate::core::limits::MAX_INJECT_CHARS;

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
    /// Enter the facilitator's PIN (or choose it, when `choose` is set).
    Pin {
        entered: u32,
        digits: u8,
        choose: bool,
        wrong: bool,
    },
    /// The facilitator's panel.
    Facilitator { selected: usize },
    /// The facilitator writes an inject: row 0 is its text, rows 1 to 5 its
    /// effects on the shared tracks.
    CustomInject { row: usize },
}

/// The seminar's facilitator ("white cell"), protected by a PIN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facilitator {
    pub pin: u32,
    pub digits: u8,
}

/// A projector window that follows the game played in another window by
/// reading its newest autosave in `dir`.
#[derive(Clone, Debug)]
pub struct Follow {
    pub dir: PathBuf,
    /// The autosave shown, and a hash of its text.
    pub shown: Option<(PathBuf, u64)>,
    /// Why the newest autosave could not be shown (the last good one stays up).
    pub error: Option<String>,
}

/// The saves in the save folder, to choose one to continue.
#[derive(Clone, Debug)]
pub struct LoadScreen {
    pub saves: Vec<crate::save::SaveInfo>,
    pub selected: usize,
    pub error: Option<String>,
}

/// What a key does, on any screen or dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmd {
    Help,
    Quit,
    Up,
    Down,
    Change,
    Confirm,
    Back,
    Scroll,
    Digit,
    Erase,
    Yes,
    No,
    Game(play::Command),
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
    /// The facilitator, when the game has one.
    pub facilitator: Option<Facilitator>,
    /// The projector view: public information only, in large type.
    pub projector: bool,
    /// The inject the facilitator is writing.
    pub inject_text: String,
    /// Its effects on the shared tracks.
    pub inject_effects: crate::core::Tracks,
    /// A projector window following another window's game (`umbrella projector`).
    pub follow: Option<Follow>,
    /// The outcome of the last save, for the footer.
    pub status: Option<String>,
    /// What the run loop is to do next.
    effects: VecDeque<Effect>,
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
            facilitator: None,
            projector: false,
            inject_text: String::new(),
            inject_effects: crate::core::Tracks::ZERO,
            follow: None,
            status: None,
            effects: VecDeque::new(),
        }
    }

    /// A game with a facilitator whose PIN is chosen when the game opens.
    pub fn with_facilitator_prompt(mut self) -> App {
        self.modal = Some(Modal::Pin {
            entered: 0,
            digits: 0,
            choose: true,
            wrong: false,
        });
        self
    }

    /// A game with a facilitator and this PIN.
    pub fn with_facilitator(mut self, pin: u32, digits: u8) -> App {
        self.facilitator = Some(Facilitator { pin, digits });
        self
    }

    /// Save and load games in `dir`. A game already on screen is saved at once.
    pub fn with_save_dir(mut self, dir: &Path) -> App {
        self.save_dir = Some(dir.to_path_buf());
        if let Screen::Game(session) = &mut self.screen {
            session.changed = true;
        }
        self.after_game_change();
        self
    }

    /// Straight into a game, as `umbrella play --seat ...` does.
    pub fn with_session(session: Session) -> App {
        let mut app = App::new(session.game().state().seed);
        app.screen = Screen::Game(Box::new(session));
        app
    }

    pub fn session(&self) -> Option<&Session> {
        match &self.screen {
            Screen::Game(s) => Some(s),
            _ => None,
        }
    }

    pub fn session_mut(&mut self) -> Option<&mut Session> {
        match &mut self.screen {
            Screen::Game(s) => Some(s),
            _ => None,
        }
    }

    /// A projector window for the game played in another window with saves in
    /// `dir`: public information only, refreshed from the newest autosave.
    pub fn projector_window(dir: &Path) -> App {
        let mut app = App::new(0);
        app.projector = true;
        app.save_dir = Some(dir.to_path_buf());
        app.follow = Some(Follow {
            dir: dir.to_path_buf(),
            shown: None,
            error: None,
        });
        app.effects.push_back(Effect::Follow { shown: None });
        app
    }

    /// Whether the app wants ticks (something runs by itself).
    pub fn wants_ticks(&self) -> bool {
        self.follow.is_some()
            || self
                .session()
                .is_some_and(|s| s.desk.autoplay || s.timers.active())
    }

    /// The next effect for the run loop to perform.
    pub fn next_effect(&mut self) -> Option<Effect> {
        self.effects.pop_front()
    }

    /// What the app tells the game screen about the terminal around it.
    fn context(&self) -> play::Context {
        play::Context {
            saving: self.save_dir.is_some(),
            facilitator: self.facilitator.is_some(),
        }
    }

    /// The key table of what is on screen now (the dialog on top, if any).
    pub fn keys(&self) -> Vec<Binding<Cmd>> {
        let b = Binding::new;
        let one = Keys::One;
        if let Some(modal) = self.modal {
            return match modal {
                Modal::Help => vec![b(
                    Keys::Any(&[Key::Esc, Key::Help, Key::Enter, Key::Space, Key::Quit]),
                    "Esc",
                    "close",
                    Cmd::Back,
                )],
                Modal::ConfirmQuit => vec![
                    b(
                        Keys::Two(Key::Char('y'), Key::Char('Y')),
                        "y",
                        "quit",
                        Cmd::Yes,
                    ),
                    b(
                        Keys::Any(&[Key::Char('n'), Key::Char('N'), Key::Esc, Key::Enter]),
                        "n or Esc",
                        "keep playing",
                        Cmd::No,
                    ),
                    b(one(Key::Quit), "q", "quit", Cmd::Yes).help_only(),
                ],
                Modal::Save { .. } => vec![
                    b(keys::UP_DOWN, "↑↓", "slot", Cmd::Up),
                    b(keys::ENTER, "Enter", "save here", Cmd::Confirm),
                    b(Keys::Two(Key::Esc, Key::Quit), "Esc", "cancel", Cmd::Back),
                ],
                Modal::Pin { choose, .. } => vec![
                    b(Keys::Digits, "0-9", "digits", Cmd::Digit),
                    b(one(Key::Backspace), "Backspace", "erase", Cmd::Erase),
                    b(
                        one(Key::Enter),
                        "Enter",
                        if choose {
                            "choose it"
                        } else {
                            "open the panel"
                        },
                        Cmd::Confirm,
                    ),
                    b(one(Key::Esc), "Esc", "cancel", Cmd::Back),
                ],
                Modal::Facilitator { .. } => vec![
                    b(keys::UP_DOWN, "↑↓", "choose", Cmd::Up),
                    b(keys::ENTER, "Enter", "do it", Cmd::Confirm),
                    b(Keys::Two(Key::Esc, Key::Quit), "Esc", "close", Cmd::Back),
                ],
                Modal::CustomInject { .. } => vec![
                    b(
                        Keys::Any(&[Key::Up, Key::Down, Key::Tab, Key::BackTab]),
                        "↑↓",
                        "row",
                        Cmd::Up,
                    ),
                    b(
                        Keys::Two(Key::Left, Key::Right),
                        "←→",
                        "effect",
                        Cmd::Change,
                    ),
                    b(one(Key::Enter), "Enter", "inject", Cmd::Confirm),
                    b(one(Key::Backspace), "Backspace", "erase", Cmd::Erase),
                    b(one(Key::Esc), "Esc", "back", Cmd::Back),
                ],
            };
        }
        self.screen_keys()
    }

    /// The key table of the screen, under any dialog.
    pub fn screen_keys(&self) -> Vec<Binding<Cmd>> {
        let b = Binding::new;
        let one = Keys::One;
        let help = || b(one(Key::Help), "?", "help", Cmd::Help);
        let quit = || b(one(Key::Quit), "q", "quit", Cmd::Quit);
        match &self.screen {
            Screen::Title { .. } => vec![
                b(keys::UP_DOWN, "↑↓", "choose", Cmd::Up),
                b(keys::ENTER, "Enter", "confirm", Cmd::Confirm),
                b(one(Key::Esc), "Esc", "quit", Cmd::Quit).help_only(),
                help(),
                quit(),
            ],
            Screen::HowToPlay { .. } => vec![
                b(keys::SCROLL, "↑↓", "scroll", Cmd::Scroll),
                b(Keys::Two(Key::Esc, Key::Enter), "Esc", "back", Cmd::Back),
                help(),
                quit(),
            ],
            Screen::Setup(_) => vec![
                b(
                    Keys::Any(&[Key::Up, Key::Down, Key::Tab, Key::BackTab]),
                    "↑↓",
                    "row",
                    Cmd::Up,
                ),
                b(
                    Keys::Two(Key::Left, Key::Right),
                    "←→",
                    "change",
                    Cmd::Change,
                ),
                b(Keys::Digits, "0-9", "seed · PIN", Cmd::Digit),
                b(
                    one(Key::Backspace),
                    "Backspace",
                    "erase a digit",
                    Cmd::Erase,
                )
                .help_only(),
                b(keys::ENTER, "Enter", "start", Cmd::Confirm),
                b(one(Key::Esc), "Esc", "back", Cmd::Back),
                help(),
                quit(),
            ],
            Screen::Load(_) => vec![
                b(keys::UP_DOWN, "↑↓", "choose", Cmd::Up),
                b(keys::ENTER, "Enter", "load", Cmd::Confirm),
                b(one(Key::Esc), "Esc", "back", Cmd::Back),
                help(),
                quit(),
            ],
            Screen::Game(session) if self.projector => vec![
                b(
                    one(Key::Char('p')),
                    "p",
                    "leave the projector view",
                    Cmd::Game(play::Command::Projector),
                ),
                help(),
                b(one(Key::Quit), "q", "quit", Cmd::Game(play::Command::Quit)),
            ]
            .into_iter()
            .chain(
                session
                    .keys(self.context())
                    .into_iter()
                    .filter(|b| b.command == play::Command::Facilitator)
                    .map(|b| map(b, Cmd::Game)),
            )
            .collect(),
            Screen::Game(session) => session
                .keys(self.context())
                .into_iter()
                .map(|b| map(b, Cmd::Game))
                .collect(),
        }
    }

    pub fn update(&mut self, input: Input) -> Flow {
        // The inject's text takes every printable key as typed (no hjkl or q shortcuts).
        if let (Input::Key(event), Some(Modal::CustomInject { row: 0 })) = (&input, self.modal)
            && event.kind == KeyEventKind::Press
            && let KeyCode::Char(c) = event.code
            && !event.modifiers.contains(KeyModifiers::CONTROL)
        {
            if self.inject_text.chars().count() < INJECT_MAX && !c.is_control() {
                self.inject_text.push(c);
            }
            return Flow::Continue;
        }
        let key = match input {
            Input::Key(event) => match translate(event) {
                Some(k) => k,
                None => return Flow::Continue,
            },
            Input::Mouse(_) | Input::Resize => return Flow::Continue,
            Input::Tick(now) => {
                if let Some(follow) = &self.follow {
                    let shown = follow.shown.clone();
                    self.effects.push_back(Effect::Follow { shown });
                }
                let dialog_open = self.modal.is_some();
                if let Screen::Game(session) = &mut self.screen {
                    session.tick(now, !dialog_open);
                }
                self.after_game_change();
                return Flow::Continue;
            }
            Input::Done(done) => {
                self.done(done);
                return Flow::Continue;
            }
        };
        if self.follow.is_some() {
            return if matches!(key, Key::Quit | Key::Esc) {
                Flow::Quit
            } else {
                Flow::Continue
            };
        }
        let table = self.keys();
        let Some(cmd) = keys::command(&table, key) else {
            return Flow::Continue;
        };
        let flow = match self.modal {
            Some(modal) => self.update_modal(modal, cmd, key),
            None => self.update_screen(cmd, key),
        };
        self.after_game_change();
        flow
    }

    /// Queue an autosave when the game changed.
    fn after_game_change(&mut self) {
        let saving = self.save_dir.is_some();
        if let Screen::Game(session) = &mut self.screen
            && std::mem::take(&mut session.changed)
            && saving
            && session.game().has_complete_record()
        {
            self.effects.push_back(Effect::Autosave {
                game: Box::new(session.game().clone()),
                players: session.players().to_vec(),
            });
        }
    }

    /// An effect's outcome.
    fn done(&mut self, done: Done) {
        match done {
            Done::Autosaved(Ok(_)) => {
                self.status = self
                    .save_dir
                    .as_ref()
                    .map(|d| format!("autosaved in {}", d.display()));
            }
            Done::Autosaved(Err(e)) => {
                // The game goes on; the players are told.
                self.status = Some("AUTOSAVE FAILED".into());
                if let Some(s) = self.session_mut() {
                    s.desk.message = Some(format!("Autosave failed: {e}"));
                }
            }
            Done::SavedToSlot(n, result) => {
                let line = match &result {
                    Ok(path) => format!("Saved to slot {n} ({}).", path.display()),
                    Err(e) => format!("Saving failed: {e}"),
                };
                if result.is_ok() {
                    self.status = Some(format!("saved to slot {n}"));
                }
                if let Some(s) = self.session_mut() {
                    s.desk.message = Some(line);
                }
            }
            Done::Slots(slots) => {
                self.slots = slots;
                self.modal = Some(Modal::Save { selected: 0 });
            }
            Done::Saves(saves) => {
                self.screen = Screen::Load(LoadScreen {
                    saves,
                    selected: 0,
                    error: None,
                });
            }
            Done::Loaded(result) => match *result {
                Ok(loaded) => {
                    let session = Session::from_game(loaded.game, loaded.save.players);
                    self.screen = Screen::Game(Box::new(session));
                }
                Err(e) => {
                    if let Screen::Load(load) = &mut self.screen {
                        load.error = Some(e);
                    }
                }
            },
            Done::Exported(result) => {
                let line = match result {
                    Ok((html, md)) => {
                        self.status = Some(format!("report written: {}", html.display()));
                        format!(
                            "The after-action report is written: {} (and {}).",
                            html.display(),
                            md.file_name()
                                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                        )
                    }
                    Err(e) => format!("The report could not be written: {e}"),
                };
                if let Some(s) = self.session_mut() {
                    s.desk.message = Some(line);
                }
            }
            Done::Followed(None) => {}
            Done::Followed(Some(found)) => {
                let super::effect::Autosave { path, hash, loaded } = *found;
                let Some(follow) = self.follow.as_mut() else {
                    return;
                };
                match loaded {
                    Ok(loaded) => {
                        let session = Session::shown(loaded.game, loaded.save.players);
                        self.screen = Screen::Game(Box::new(session));
                        follow.error = None;
                    }
                    Err(e) => follow.error = Some(e),
                }
                follow.shown = Some((path, hash));
            }
        }
    }

    fn update_screen(&mut self, cmd: Cmd, key: Key) -> Flow {
        if cmd == Cmd::Help || cmd == Cmd::Game(play::Command::Help) {
            self.modal = Some(Modal::Help);
            return Flow::Continue;
        }
        match &mut self.screen {
            Screen::Title { selected } => match cmd {
                Cmd::Up => {
                    *selected = if key == Key::Up {
                        selected.saturating_sub(1)
                    } else {
                        (*selected + 1).min(TITLE_ITEMS.len() - 1)
                    }
                }
                Cmd::Quit => return Flow::Quit,
                Cmd::Confirm => match *selected {
                    0 => self.screen = Screen::Setup(Setup::new(self.default_seed)),
                    1 => self.effects.push_back(Effect::ListSaves),
                    2 => self.screen = Screen::HowToPlay { scroll: 0 },
                    _ => return Flow::Quit,
                },
                _ => {}
            },
            Screen::HowToPlay { scroll } => match cmd {
                Cmd::Scroll => *scroll = keys::scrolled(*scroll, key),
                Cmd::Back => self.screen = Screen::Title { selected: 2 },
                Cmd::Quit => return Flow::Quit,
                _ => {}
            },
            Screen::Setup(setup) => match cmd {
                Cmd::Back => self.screen = Screen::Title { selected: 0 },
                Cmd::Quit => return Flow::Quit,
                _ => {
                    if let Some(session) = setup.update(key) {
                        if let Some((pin, digits)) = setup.pin() {
                            self.facilitator = Some(Facilitator { pin, digits });
                        }
                        let mut session = Box::new(session);
                        session.changed = true;
                        self.screen = Screen::Game(session);
                    }
                }
            },
            Screen::Load(load) => match cmd {
                Cmd::Up => {
                    load.selected = if key == Key::Up {
                        load.selected.saturating_sub(1)
                    } else {
                        (load.selected + 1).min(load.saves.len().saturating_sub(1))
                    }
                }
                Cmd::Back => self.screen = Screen::Title { selected: 1 },
                Cmd::Quit => return Flow::Quit,
                Cmd::Confirm => {
                    if let Some(info) = load.saves.get(load.selected) {
                        self.effects.push_back(Effect::Load(info.path.clone()));
                    }
                }
                _ => {}
            },
            Screen::Game(session) => {
                let Cmd::Game(command) = cmd else {
                    return Flow::Continue;
                };
                use play::Command as C;
                match command {
                    C::Quit if session.is_finished() => return Flow::Quit,
                    C::Quit => self.modal = Some(Modal::ConfirmQuit),
                    C::Projector => self.projector = !self.projector,
                    C::Facilitator => {
                        self.modal = Some(Modal::Pin {
                            entered: 0,
                            digits: 0,
                            choose: false,
                            wrong: false,
                        })
                    }
                    C::Export => self.effects.push_back(Effect::ExportReport {
                        game: Box::new(session.game().clone()),
                        players: session.players().to_vec(),
                    }),
                    C::Save => self.effects.push_back(Effect::ListSlots),
                    C::Leave => self.screen = Screen::Title { selected: 0 },
                    C::Help => self.modal = Some(Modal::Help),
                    other => session.run(other, key),
                }
            }
        }
        Flow::Continue
    }

    fn update_modal(&mut self, modal: Modal, cmd: Cmd, key: Key) -> Flow {
        match modal {
            Modal::Help => self.modal = None,
            Modal::Save { selected } => match cmd {
                Cmd::Up => {
                    let selected = if key == Key::Up {
                        selected.saturating_sub(1)
                    } else {
                        (selected + 1).min(crate::save::SLOTS - 1)
                    };
                    self.modal = Some(Modal::Save { selected });
                }
                Cmd::Back => self.modal = None,
                Cmd::Confirm => {
                    if let Some(session) = self.session() {
                        self.effects.push_back(Effect::SaveSlot {
                            slot: selected + 1,
                            game: Box::new(session.game().clone()),
                            players: session.players().to_vec(),
                        });
                    }
                    self.modal = None;
                }
                _ => {}
            },
            Modal::Pin {
                entered,
                digits,
                choose,
                ..
            } => match cmd {
                Cmd::Digit if digits < 8 => {
                    let Key::Char(d) = key else {
                        return Flow::Continue;
                    };
                    let entered = entered * 10 + (d as u32 - '0' as u32);
                    self.modal = Some(Modal::Pin {
                        entered,
                        digits: digits + 1,
                        choose,
                        wrong: false,
                    });
                }
                Cmd::Erase => {
                    self.modal = Some(Modal::Pin {
                        entered: entered / 10,
                        digits: digits.saturating_sub(1),
                        choose,
                        wrong: false,
                    });
                }
                Cmd::Back => self.modal = None,
                Cmd::Confirm if choose && digits >= 4 => {
                    self.facilitator = Some(Facilitator {
                        pin: entered,
                        digits,
                    });
                    self.modal = None;
                }
                Cmd::Confirm if choose => {
                    self.modal = Some(Modal::Pin {
                        entered,
                        digits,
                        choose,
                        wrong: true,
                    });
                }
                Cmd::Confirm => {
                    let right = self
                        .facilitator
                        .as_ref()
                        .is_some_and(|f| f.pin == entered && f.digits == digits);
                    self.modal = Some(if right {
                        Modal::Facilitator { selected: 0 }
                    } else {
                        Modal::Pin {
                            entered: 0,
                            digits: 0,
                            choose,
                            wrong: true,
                        }
                    });
                }
                _ => {}
            },
            Modal::Facilitator { selected } => {
                let entries = self.facilitator_menu();
                match cmd {
                    Cmd::Up => {
                        let selected = if key == Key::Up {
                            selected.saturating_sub(1)
                        } else {
                            (selected + 1).min(entries.len().saturating_sub(1))
                        };
                        self.modal = Some(Modal::Facilitator { selected });
                    }
                    Cmd::Back => self.modal = None,
                    Cmd::Confirm => {
                        if let Some((_, act)) = entries.get(selected) {
                            self.facilitator_act(act.clone(), selected);
                        }
                    }
                    _ => {}
                }
            }
            Modal::CustomInject { row } => match cmd {
                Cmd::Back => self.modal = Some(Modal::Facilitator { selected: 0 }),
                Cmd::Up => {
                    let row = if matches!(key, Key::Up | Key::BackTab) {
                        row.saturating_sub(1)
                    } else {
                        (row + 1).min(crate::core::Track::ALL.len())
                    };
                    self.modal = Some(Modal::CustomInject { row });
                }
                Cmd::Change if row > 0 => {
                    let track = crate::core::Track::ALL[row - 1];
                    let limit = if track == crate::core::Track::Escalation {
                        2
                    } else {
                        20
                    };
                    let v = self.inject_effects.get_mut(track);
                    *v = (*v + if key == Key::Right { 1 } else { -1 }).clamp(-limit, limit);
                }
                Cmd::Confirm if self.inject_text.trim().is_empty() => {
                    self.modal = Some(Modal::CustomInject { row: 0 })
                }
                Cmd::Confirm => {
                    let text = std::mem::take(&mut self.inject_text);
                    let effects =
                        std::mem::replace(&mut self.inject_effects, crate::core::Tracks::ZERO);
                    if let Some(session) = self.session_mut()
                        && let Err(e) =
                            session.intervene(Intervention::CustomInject { text, effects })
                    {
                        session.desk.message = Some(e);
                    }
                    self.modal = None;
                }
                Cmd::Erase if row == 0 => {
                    self.inject_text.pop();
                }
                _ => {}
            },
            Modal::ConfirmQuit => match cmd {
                Cmd::Yes => return Flow::Quit,
                Cmd::No => self.modal = None,
                _ => {}
            },
        }
        Flow::Continue
    }

    /// The facilitator's panel: every intervention possible now, and the seminar's settings.
    pub fn facilitator_menu(&self) -> Vec<(String, FacilitatorAct)> {
        match self.session() {
            Some(session) => facilitator::menu(session, self.projector),
            None => vec![("Close the panel".into(), FacilitatorAct::Close)],
        }
    }

    fn facilitator_act(&mut self, act: FacilitatorAct, selected: usize) {
        let Screen::Game(session) = &mut self.screen else {
            self.modal = None;
            return;
        };
        match act {
            FacilitatorAct::Intervene(i) => {
                if let Err(e) = session.intervene(i) {
                    session.desk.message = Some(e);
                }
                self.modal = None;
            }
            FacilitatorAct::WriteInject => {
                self.inject_text.clear();
                self.inject_effects = crate::core::Tracks::ZERO;
                self.modal = Some(Modal::CustomInject { row: 0 });
            }
            FacilitatorAct::Projector => {
                self.projector = !self.projector;
                self.modal = None;
            }
            FacilitatorAct::RoundTimer => {
                session.timers.round_secs =
                    facilitator::next_setting(session.timers.round_secs, &[120, 180, 300, 600]);
                session.countdown = None;
                self.modal = Some(Modal::Facilitator { selected });
            }
            FacilitatorAct::HourTimer => {
                session.timers.hour_secs =
                    facilitator::next_setting(session.timers.hour_secs, &[10, 20, 30, 60]);
                session.countdown = None;
                self.modal = Some(Modal::Facilitator { selected });
            }
            FacilitatorAct::ExportReport => {
                self.effects.push_back(Effect::ExportReport {
                    game: Box::new(session.game().clone()),
                    players: session.players().to_vec(),
                });
                self.modal = None;
            }
            FacilitatorAct::Close => self.modal = None,
        }
    }
}

fn map<A, B>(b: Binding<A>, f: impl FnOnce(A) -> B) -> Binding<B> {
    Binding {
        keys: b.keys,
        name: b.name,
        does: b.does,
        command: f(b.command),
        footer: b.footer,
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
