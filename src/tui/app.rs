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
    /// The terminal has this size (columns, rows); the next draw adapts.
    Resize(u16, u16),
    /// Text pasted into the terminal, in one piece.
    Paste(String),
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
    /// The facilitator's PIN, typed for `purpose`.
    Pin {
        entered: u32,
        digits: u8,
        purpose: PinPurpose,
        wrong: bool,
    },
    /// Saving failed: type another folder, or play on without saving.
    Folder,
    /// The facilitator's panel.
    Facilitator { selected: usize },
    /// The facilitator writes an inject: row 0 is its text, rows 1 to 5 its
    /// effects on the shared tracks.
    CustomInject { row: usize },
}

impl Modal {
    /// The PIN dialog, empty, for `purpose`.
    pub fn pin(purpose: PinPurpose) -> Modal {
        Modal::Pin {
            entered: 0,
            digits: 0,
            purpose,
            wrong: false,
        }
    }
}

/// Why the facilitator's PIN is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinPurpose {
    /// A new game's facilitator chooses it.
    Choose,
    /// To open the facilitator's panel.
    Panel,
    /// A loaded game is to continue with other players in its seats.
    Unlock,
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

/// The games in the save folder, to choose one to continue.
#[derive(Clone, Debug)]
pub struct LoadScreen {
    pub games: Vec<crate::save::GameSaves>,
    pub selected: usize,
    /// The game whose saves are listed (its index), when one is open.
    pub open: Option<usize>,
    /// The cursor in that game's saves.
    pub save: usize,
    pub error: Option<String>,
}

impl LoadScreen {
    /// The save Enter loads: the chosen save of the open game, or the newest
    /// save of the game under the cursor.
    pub fn chosen(&self) -> Option<&crate::save::SaveInfo> {
        match self.open {
            Some(g) => self.games.get(g)?.saves.get(self.save),
            None => self.games.get(self.selected)?.newest(),
        }
    }
}

/// The seed offered after `seed` (SplitMix64's step): each new game of a
/// session gets a seed of its own.
pub fn next_seed(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) % 1_000_000
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

/// Whose terminal an app runs in: the game's own, or one connection to
/// `umbrella serve` (which shares one game between many terminals).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Station {
    /// The game's own terminal: title, setup, saves, hot-seat.
    #[default]
    Local,
    /// A team's connection: its seat's screens only.
    Team(crate::core::Seat),
    /// A projector's connection: the public view only.
    Projector,
    /// The facilitator's connection: the public view and the panel (its join
    /// code stands for the PIN).
    Facilitator,
    /// The server's own terminal: the public view, and the panel behind the PIN.
    Console,
}

impl Station {
    /// A connection to `umbrella serve` (not the game's own terminal).
    pub fn remote(self) -> bool {
        !matches!(self, Station::Local | Station::Console)
    }
}

/// The smallest terminal the game is played in: below it, no key acts on a
/// screen the players cannot see (only quitting works).
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// The longest save folder the folder dialog takes, in characters.
pub const FOLDER_MAX: usize = 400;

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
    /// Why the last save failed, until one succeeds: every game screen says so.
    pub save_failed: Option<String>,
    /// The folder being typed in the folder dialog.
    pub folder_text: String,
    /// The PIN chosen on the setup screen, for the game it starts.
    pub pending_pin: Option<String>,
    /// Players to put in the seats of a loaded game, once the facilitator's PIN is given.
    pub pending_players: Option<Vec<crate::ai::Player>>,
    /// Wrong PINs in a row, and when the next attempt may be made (ms).
    pub pin_failures: u32,
    pub pin_wait_until: u64,
    /// The last time a tick brought (ms since the app started).
    pub now_ms: u64,
    /// The terminal's size, once the run loop has said it.
    pub size: Option<(u16, u16)>,
    /// A folder was just typed in the folder dialog: if saving there fails
    /// too, the dialog opens again.
    pub folder_retry: bool,
    /// Whose terminal this is.
    pub station: Station,
    /// How many terminals show this seat (a team on several laptops).
    pub company: usize,
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
            projector: false,
            inject_text: String::new(),
            inject_effects: crate::core::Tracks::ZERO,
            follow: None,
            status: None,
            save_failed: None,
            folder_text: String::new(),
            pending_pin: None,
            pending_players: None,
            pin_failures: 0,
            pin_wait_until: 0,
            now_ms: 0,
            size: None,
            folder_retry: false,
            station: Station::Local,
            company: 1,
            effects: VecDeque::new(),
        }
    }

    /// A terminal of a game `umbrella serve` shares: `session` is the shared
    /// table as it stands, with a desk for `station`. Nothing is saved from
    /// here (the server saves the one game); quitting leaves the game.
    pub fn station(session: Session, station: Station) -> App {
        let mut app = App::with_session(session);
        app.station = station;
        app.projector = matches!(station, Station::Projector | Station::Console);
        app
    }

    /// A game with a facilitator whose PIN is chosen when the game opens
    /// (a game that already has one keeps it: its PIN opens the panel).
    pub fn with_facilitator_prompt(mut self) -> App {
        if self.session().is_some_and(|s| s.table.lock.is_none()) {
            self.modal = Some(Modal::pin(PinPurpose::Choose));
        }
        self
    }

    /// A game with a facilitator and this PIN (4 to 8 digits).
    pub fn with_facilitator(mut self, pin: &str) -> App {
        if let Some(session) = self.session_mut() {
            session.table.lock = crate::table::PinLock::new(pin);
            session.changed = true;
        }
        self.after_game_change();
        self
    }

    /// A loaded game to continue with `players` in its seats. When the game
    /// has a facilitator, nobody may change its seats without the PIN: it is
    /// asked for first, and without it the game continues as saved.
    pub fn with_players(mut self, players: Vec<crate::ai::Player>) -> App {
        let locked = self.session().is_some_and(|s| s.table.lock.is_some());
        if locked {
            self.pending_players = Some(players);
            self.modal = Some(Modal::pin(PinPurpose::Unlock));
        } else if let Some(session) = self.session_mut() {
            session.table.set_players(players);
            session.changed = true;
            session.route();
        }
        self.after_game_change();
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
        // The next new game gets a seed of its own, not this game's.
        let mut app = App::new(next_seed(session.game().state().seed));
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
            || self.pin_wait_until > self.now_ms
            || self
                .session()
                .is_some_and(|s| s.desk.autoplay || s.timers().active())
    }

    /// Whether the terminal is too small to show the screen: no key but
    /// quitting acts then.
    pub fn too_small(&self) -> bool {
        self.size
            .is_some_and(|(w, h)| w < MIN_SIZE.0 || h < MIN_SIZE.1)
    }

    /// The next effect for the run loop to perform.
    pub fn next_effect(&mut self) -> Option<Effect> {
        self.effects.pop_front()
    }

    /// What the app tells the game screen about the terminal around it.
    fn context(&self) -> play::Context {
        let locked = self.session().is_some_and(|s| s.table.lock.is_some());
        play::Context {
            saving: self.save_dir.is_some() && self.station == Station::Local,
            facilitator: match self.station {
                Station::Local | Station::Console => locked,
                Station::Facilitator => true,
                Station::Team(_) | Station::Projector => false,
            },
            remote: self.station.remote(),
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
                Modal::Pin { purpose, .. } => vec![
                    b(Keys::Digits, "0-9", "digits", Cmd::Digit),
                    b(one(Key::Backspace), "Backspace", "erase", Cmd::Erase),
                    b(
                        one(Key::Enter),
                        "Enter",
                        match purpose {
                            PinPurpose::Choose => "choose it",
                            PinPurpose::Panel => "open the panel",
                            PinPurpose::Unlock => "change the seats",
                        },
                        Cmd::Confirm,
                    ),
                    b(one(Key::Esc), "Esc", "cancel", Cmd::Back),
                ],
                Modal::Folder => vec![
                    b(one(Key::Enter), "Enter", "save there", Cmd::Confirm),
                    b(one(Key::Backspace), "Backspace", "erase", Cmd::Erase),
                    b(one(Key::Esc), "Esc", "play on without saving", Cmd::Back),
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
            Screen::Load(load) if load.open.is_some() => vec![
                b(keys::UP_DOWN, "↑↓", "choose a save", Cmd::Up),
                b(keys::ENTER, "Enter", "load this save", Cmd::Confirm),
                b(
                    Keys::Two(Key::Esc, Key::Left),
                    "Esc",
                    "all games",
                    Cmd::Back,
                ),
                help(),
                quit(),
            ],
            Screen::Load(load) if load.games.is_empty() => vec![
                b(Keys::Two(Key::Esc, Key::Enter), "Esc", "back", Cmd::Back),
                help(),
                quit(),
            ],
            Screen::Load(_) => vec![
                b(keys::UP_DOWN, "↑↓", "choose a game", Cmd::Up),
                b(keys::ENTER, "Enter", "continue it", Cmd::Confirm),
                b(
                    Keys::Two(Key::Right, Key::Tab),
                    "→",
                    "its saves",
                    Cmd::Change,
                ),
                b(one(Key::Esc), "Esc", "back", Cmd::Back),
                help(),
                quit(),
            ],
            Screen::Game(session) if self.projector => {
                let fixed = matches!(self.station, Station::Projector | Station::Console);
                (!fixed)
                    .then(|| {
                        b(
                            one(Key::Char('p')),
                            "p",
                            "leave the projector view",
                            Cmd::Game(play::Command::Projector),
                        )
                    })
                    .into_iter()
                    .chain([
                        help(),
                        b(one(Key::Quit), "q", "quit", Cmd::Game(play::Command::Quit)),
                    ])
                    .chain(
                        session
                            .keys(self.context())
                            .into_iter()
                            .filter(|b| b.command == play::Command::Facilitator)
                            .map(|b| map(b, Cmd::Game)),
                    )
                    .collect()
            }
            Screen::Game(session) => session
                .keys(self.context())
                .into_iter()
                .map(|b| map(b, Cmd::Game))
                .collect(),
        }
    }

    pub fn update(&mut self, input: Input) -> Flow {
        // The inject's text and a folder take every printable key as typed
        // (no hjkl or q shortcuts).
        if let Input::Key(event) = &input
            && event.kind == KeyEventKind::Press
            && let KeyCode::Char(c) = event.code
            && !event.modifiers.contains(KeyModifiers::CONTROL)
            && self.typing(&c.to_string())
        {
            return Flow::Continue;
        }
        let key = match input {
            Input::Key(event) => match translate(event) {
                Some(k) => k,
                None => return Flow::Continue,
            },
            Input::Mouse(_) => return Flow::Continue,
            Input::Resize(w, h) => {
                self.size = Some((w, h));
                return Flow::Continue;
            }
            Input::Paste(text) => {
                // A paste only ever fills a text field; anywhere else it is ignored.
                self.typing(&text);
                return Flow::Continue;
            }
            Input::Tick(now) => {
                self.now_ms = now;
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
        // Too small to see the screen: only quitting (q, then y) works.
        if self.too_small() {
            let quitting = match self.modal {
                Some(Modal::ConfirmQuit) => matches!(key, Key::Char('y' | 'Y') | Key::Quit),
                _ => key == Key::Quit,
            };
            if !quitting {
                return Flow::Continue;
            }
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

    /// Type `text` into the text field open now, if any (control
    /// characters and what is over the field's length left out). True if a
    /// field took it.
    fn typing(&mut self, text: &str) -> bool {
        let (field, max) = match self.modal {
            Some(Modal::CustomInject { row: 0 }) => (&mut self.inject_text, INJECT_MAX),
            Some(Modal::Folder) => (&mut self.folder_text, FOLDER_MAX),
            _ => return false,
        };
        let room = max.saturating_sub(field.chars().count());
        field.extend(text.chars().filter(|c| !c.is_control()).take(room));
        true
    }

    /// Queue an autosave when the game changed.
    fn after_game_change(&mut self) {
        let saving = self.save_dir.is_some();
        if let Screen::Game(session) = &mut self.screen
            && std::mem::take(&mut session.changed)
            && saving
            && session.game().has_complete_record()
        {
            self.effects
                .push_back(Effect::Autosave(session.snapshot("autosave")));
        }
    }

    /// Open the folder dialog, for the folder the game could not be saved in.
    fn ask_for_a_folder(&mut self) {
        self.folder_text = self
            .save_dir
            .as_ref()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        self.modal = Some(Modal::Folder);
    }

    /// An effect's outcome.
    fn done(&mut self, done: Done) {
        match done {
            Done::Autosaved(Ok(_)) => {
                if std::mem::take(&mut self.folder_retry)
                    && let Some(s) = self.session_mut()
                {
                    s.desk
                        .say("Saved: the game is autosaved in the new folder.");
                }
                self.status = self
                    .save_dir
                    .as_ref()
                    .map(|d| format!("autosaved in {}", d.display()));
                self.save_failed = None;
            }
            Done::Autosaved(Err(e)) => {
                // The game goes on from memory; the players are told, and
                // offered another folder the first time.
                self.status = Some("NOT SAVED".into());
                let ask = self.save_failed.is_none() || std::mem::take(&mut self.folder_retry);
                self.save_failed = Some(e.clone());
                if ask {
                    if let Some(s) = self.session_mut() {
                        s.desk.warn(format!("Autosave failed: {e}"));
                    }
                    if self.modal.is_none() {
                        self.ask_for_a_folder();
                    }
                }
            }
            Done::SavedToSlot(n, result) => {
                if result.is_ok() {
                    self.status = Some(format!("saved to slot {n}"));
                }
                if let Some(s) = self.session_mut() {
                    match &result {
                        Ok(path) => s
                            .desk
                            .say(format!("Saved to slot {n} ({}).", path.display())),
                        Err(e) => s.desk.warn(format!("Saving failed: {e}")),
                    }
                }
            }
            Done::Slots(slots) => {
                self.slots = slots;
                self.modal = Some(Modal::Save { selected: 0 });
            }
            Done::Saves(games) => {
                self.screen = Screen::Load(LoadScreen {
                    games,
                    selected: 0,
                    open: None,
                    save: 0,
                    error: None,
                });
            }
            Done::Loaded(result) => match *result {
                Ok(loaded) => {
                    let session = Session::from_loaded(loaded);
                    self.screen = Screen::Game(Box::new(session));
                }
                Err(e) => {
                    if let Screen::Load(load) = &mut self.screen {
                        load.error = Some(e);
                    }
                }
            },
            Done::Exported(result) => {
                if let Ok((html, _)) = &result {
                    self.status = Some(format!("report written: {}", html.display()));
                }
                if let Some(s) = self.session_mut() {
                    match result {
                        Ok((html, md)) => s.desk.say(format!(
                            "The after-action report is written: {} (and {}).",
                            html.display(),
                            md.file_name()
                                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                        )),
                        Err(e) => s.desk.warn(format!("The report could not be written: {e}")),
                    }
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
                        let mut session = Box::new(session);
                        if !setup.pin.is_empty() {
                            session.table.lock = crate::table::PinLock::new(&setup.pin);
                        }
                        session.changed = true;
                        // The next new game is offered a seed of its own.
                        self.default_seed = next_seed(self.default_seed);
                        self.screen = Screen::Game(session);
                    }
                }
            },
            Screen::Load(load) => match cmd {
                Cmd::Up => {
                    let (cursor, len) = match load.open {
                        Some(g) => (
                            &mut load.save,
                            load.games.get(g).map_or(0, |g| g.saves.len()),
                        ),
                        None => (&mut load.selected, load.games.len()),
                    };
                    *cursor = if key == Key::Up {
                        cursor.saturating_sub(1)
                    } else {
                        (*cursor + 1).min(len.saturating_sub(1))
                    }
                }
                Cmd::Change if load.open.is_none() && !load.games.is_empty() => {
                    load.open = Some(load.selected);
                    load.save = 0;
                }
                Cmd::Back if load.open.is_some() => load.open = None,
                Cmd::Back => self.screen = Screen::Title { selected: 1 },
                Cmd::Quit => return Flow::Quit,
                Cmd::Confirm => {
                    if let Some(info) = load.chosen() {
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
                    C::Facilitator if self.station == Station::Facilitator => {
                        self.modal = Some(Modal::Facilitator { selected: 0 })
                    }
                    C::Facilitator => self.modal = Some(Modal::pin(PinPurpose::Panel)),
                    C::Leave | C::Export if self.station.remote() => {}
                    C::Export => self
                        .effects
                        .push_back(Effect::ExportReport(session.snapshot("report"), false)),
                    C::Save => self.effects.push_back(Effect::ListSlots {
                        game: session.table.id.clone(),
                    }),
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
                        let slot = selected + 1;
                        let snapshot = session.snapshot(&format!("slot {slot}"));
                        self.effects.push_back(Effect::SaveSlot(slot, snapshot));
                    }
                    self.modal = None;
                }
                _ => {}
            },
            Modal::Pin {
                entered,
                digits,
                purpose,
                ..
            } => return self.update_pin(entered, digits, purpose, cmd, key),
            Modal::Folder => match cmd {
                Cmd::Erase => {
                    self.folder_text.pop();
                }
                Cmd::Confirm if self.folder_text.trim().is_empty() => {}
                Cmd::Confirm => {
                    self.save_dir = Some(PathBuf::from(self.folder_text.trim()));
                    self.folder_retry = true;
                    self.modal = None;
                    if let Some(session) = self.session_mut() {
                        session.changed = true;
                    }
                }
                Cmd::Back => {
                    self.modal = None;
                    self.folder_retry = false;
                    if let Some(s) = self.session_mut() {
                        s.desk.warn(
                            "Playing on without a save: the game is kept in memory only, \
                             until a save succeeds (s tries a slot).",
                        );
                    }
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
                        session.desk.warn(e);
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

    /// A key in the PIN dialog.
    fn update_pin(
        &mut self,
        entered: u32,
        digits: u8,
        purpose: PinPurpose,
        cmd: Cmd,
        key: Key,
    ) -> Flow {
        let pin = |wrong| Modal::Pin {
            entered,
            digits,
            purpose,
            wrong,
        };
        match cmd {
            Cmd::Digit if (digits as usize) < *crate::table::PIN_DIGITS.end() => {
                if let Key::Char(d) = key
                    && let Some(d) = d.to_digit(10)
                {
                    self.modal = Some(Modal::Pin {
                        entered: entered * 10 + d,
                        digits: digits + 1,
                        purpose,
                        wrong: false,
                    });
                }
            }
            Cmd::Erase => {
                self.modal = Some(Modal::Pin {
                    entered: entered / 10,
                    digits: digits.saturating_sub(1),
                    purpose,
                    wrong: false,
                });
            }
            Cmd::Back => {
                self.modal = None;
                if purpose == PinPurpose::Unlock
                    && self.pending_players.take().is_some()
                    && let Some(s) = self.session_mut()
                {
                    s.desk.say(
                        "Without the facilitator's PIN the game continues with its saved seats.",
                    );
                }
            }
            Cmd::Confirm => {
                let text = format!("{entered:0w$}", w = digits as usize);
                match purpose {
                    PinPurpose::Choose => match crate::table::PinLock::new(&text) {
                        Some(lock) => {
                            if let Some(s) = self.session_mut() {
                                s.table.lock = Some(lock);
                                s.changed = true;
                                s.desk
                                    .say("The facilitator's PIN is set: f opens the panel.");
                            }
                            self.modal = None;
                        }
                        None => self.modal = Some(pin(true)),
                    },
                    // Too soon after a wrong PIN: the attempt does not count.
                    _ if self.now_ms < self.pin_wait_until => self.modal = Some(pin(true)),
                    PinPurpose::Panel | PinPurpose::Unlock => {
                        let opens = self
                            .session()
                            .and_then(|s| s.table.lock.as_ref())
                            .is_some_and(|lock| lock.opens(&text));
                        if !opens {
                            self.pin_failures += 1;
                            self.pin_wait_until =
                                self.now_ms + crate::table::pin_delay_ms(self.pin_failures);
                            self.modal = Some(Modal::Pin {
                                entered: 0,
                                digits: 0,
                                purpose,
                                wrong: true,
                            });
                        } else {
                            self.pin_failures = 0;
                            self.pin_wait_until = 0;
                            self.modal = None;
                            if purpose == PinPurpose::Panel {
                                self.modal = Some(Modal::Facilitator { selected: 0 });
                            } else if let Some(players) = self.pending_players.take()
                                && let Some(s) = self.session_mut()
                            {
                                s.table.set_players(players);
                                s.changed = true;
                                s.route();
                                s.desk.say("The seats are handed to their new players.");
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        Flow::Continue
    }

    /// Milliseconds until another PIN may be tried (after wrong ones).
    pub fn pin_wait_ms(&self) -> u64 {
        self.pin_wait_until.saturating_sub(self.now_ms)
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
                    session.desk.warn(e);
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
                let timers = &mut session.table.timers;
                timers.round_secs =
                    facilitator::next_setting(timers.round_secs, &[120, 180, 300, 600]);
                session.clock.reset();
                session.changed = true;
                self.modal = Some(Modal::Facilitator { selected });
            }
            FacilitatorAct::HourTimer => {
                let timers = &mut session.table.timers;
                timers.hour_secs = facilitator::next_setting(timers.hour_secs, &[10, 20, 30, 60]);
                session.clock.reset();
                session.changed = true;
                self.modal = Some(Modal::Facilitator { selected });
            }
            FacilitatorAct::ExportReport => {
                self.effects
                    .push_back(Effect::ExportReport(session.snapshot("report"), true));
                self.modal = None;
            }
            // The new PIN replaces the old one when it is confirmed; Esc keeps the old.
            FacilitatorAct::ChangePin => self.modal = Some(Modal::pin(PinPurpose::Choose)),
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
