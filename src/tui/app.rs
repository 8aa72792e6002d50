//! The application: which screen is showing and what every key does there.
//!
//! `App::update` turns one input into a new app state. It never touches the
//! terminal or the wall clock (ticks are inputs), so tests drive it with
//! synthetic keys and render it into a test backend.

use super::session::{Session, Stage};
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
    /// The time, in milliseconds since the app started (ticks come only while
    /// something runs by itself: auto-play or a real-time timer).
    Tick(u64),
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

/// The longest inject the facilitator can write, in characters.
pub const INJECT_MAX: usize = 240;

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

/// What an entry of the facilitator's panel does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FacilitatorAct {
    Intervene(crate::core::Intervention),
    WriteInject,
    Projector,
    RoundTimer,
    HourTimer,
    ExportReport,
    Close,
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
        let mut app = App::new(session.game.state().seed);
        app.save_dir = session.save_dir.clone();
        app.screen = Screen::Game(Box::new(session));
        app
    }

    pub fn session(&self) -> Option<&Session> {
        match &self.screen {
            Screen::Game(s) => Some(s),
            _ => None,
        }
    }

    /// A projector window for the game played in another window with saves in
    /// `dir`: public information only, refreshed from the newest autosave.
    pub fn projector_window(dir: &Path) -> App {
        let mut app = App::new(0);
        app.projector = true;
        app.follow = Some(Follow {
            dir: dir.to_path_buf(),
            shown: None,
            error: None,
        });
        app.refresh();
        app
    }

    /// In a projector window: show the newest autosave if it changed.
    pub fn refresh(&mut self) {
        let Some(follow) = &mut self.follow else {
            return;
        };
        let Some((path, _)) = crate::save::newest_autosave(&follow.dir) else {
            return;
        };
        // The text, not the time stamp, says whether it changed (some file
        // systems keep time stamps to the second).
        let text = match crate::save::read_text(&path) {
            Ok(text) => text,
            Err(e) => {
                follow.error = Some(e.to_string());
                return;
            }
        };
        let newest = (path, crate::core::hash::fnv1a(text.as_bytes()));
        if follow.shown.as_ref() == Some(&newest) {
            return;
        }
        match crate::save::load_text(&newest.0.display().to_string(), &text) {
            Ok(loaded) => {
                let mut session = Session::shown(loaded.game, loaded.save.players);
                session.paused = session.game.is_paused();
                self.screen = Screen::Game(Box::new(session));
                follow.error = None;
            }
            Err(e) => follow.error = Some(e.to_string()),
        }
        follow.shown = Some(newest);
    }

    /// Whether the app wants ticks (something runs by itself).
    pub fn wants_ticks(&self) -> bool {
        self.follow.is_some()
            || self
                .session()
                .is_some_and(|s| s.autoplay || s.timers.active())
    }

    pub fn update(&mut self, input: Input) -> Flow {
        // The inject's text takes every printable key as typed (no hjkl or q shortcuts).
        if let (Input::Key(event), Some(Modal::CustomInject { row: 0 })) = (input, self.modal)
            && event.kind == KeyEventKind::Press
            && let KeyCode::Char(c) = event.code
            && !event.modifiers.contains(KeyModifiers::CONTROL)
        {
            if self.inject_text.chars().count() < INJECT_MAX {
                self.inject_text.push(c);
            }
            return Flow::Continue;
        }
        if self.follow.is_some() {
            return match input {
                Input::Tick(_) => {
                    self.refresh();
                    Flow::Continue
                }
                Input::Key(event) if matches!(translate(event), Some(Key::Quit | Key::Esc)) => {
                    Flow::Quit
                }
                _ => Flow::Continue,
            };
        }
        let key = match input {
            Input::Key(event) => match translate(event) {
                Some(k) => k,
                None => return Flow::Continue,
            },
            Input::Mouse(_) | Input::Resize => return Flow::Continue,
            Input::Tick(now) => {
                if let Screen::Game(session) = &mut self.screen {
                    session.tick(now, self.modal.is_none());
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
                        if let Some((pin, digits)) = setup.pin() {
                            self.facilitator = Some(Facilitator { pin, digits });
                        }
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
                Key::Char('p') => self.projector = !self.projector,
                Key::Char('f') | Key::Char('F') if self.facilitator.is_some() => {
                    self.modal = Some(Modal::Pin {
                        entered: 0,
                        digits: 0,
                        choose: false,
                        wrong: false,
                    })
                }
                Key::Char('e') if session.is_finished() => {
                    if let Err(e) = session.export_report() {
                        session.message = Some(format!("The report could not be written: {e}"));
                    }
                }
                _ if self.projector => {}
                // While paused, players may read and look around but not move.
                Key::Enter | Key::Space | Key::Char('u') | Key::Char('a')
                    if session.paused && matches!(session.stage, Stage::Decide | Stage::Watch) =>
                {
                    session.message = Some("The facilitator has paused the game.".into());
                }
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
            Modal::Pin {
                entered,
                digits,
                choose,
                ..
            } => match key {
                Key::Char(d) if d.is_ascii_digit() && digits < 8 => {
                    let entered = entered * 10 + (d as u32 - '0' as u32);
                    self.modal = Some(Modal::Pin {
                        entered,
                        digits: digits + 1,
                        choose,
                        wrong: false,
                    });
                }
                Key::Backspace => {
                    let digits = digits.saturating_sub(1);
                    self.modal = Some(Modal::Pin {
                        entered: entered / 10,
                        digits,
                        choose,
                        wrong: false,
                    });
                }
                Key::Esc => self.modal = None,
                Key::Enter if choose && digits >= 4 => {
                    self.facilitator = Some(Facilitator {
                        pin: entered,
                        digits,
                    });
                    self.modal = None;
                }
                Key::Enter if choose => {
                    self.modal = Some(Modal::Pin {
                        entered,
                        digits,
                        choose,
                        wrong: true,
                    });
                }
                Key::Enter => {
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
                match key {
                    Key::Up => {
                        self.modal = Some(Modal::Facilitator {
                            selected: selected.saturating_sub(1),
                        })
                    }
                    Key::Down => {
                        let next = (selected + 1).min(entries.len().saturating_sub(1));
                        self.modal = Some(Modal::Facilitator { selected: next });
                    }
                    Key::Esc | Key::Quit => self.modal = None,
                    Key::Enter | Key::Space => {
                        if let Some((_, act)) = entries.get(selected) {
                            self.facilitator_act(act.clone(), selected);
                        }
                    }
                    _ => {}
                }
            }
            Modal::CustomInject { row } => match key {
                Key::Esc => self.modal = Some(Modal::Facilitator { selected: 0 }),
                Key::Up | Key::BackTab => {
                    self.modal = Some(Modal::CustomInject {
                        row: row.saturating_sub(1),
                    })
                }
                Key::Down | Key::Tab => {
                    self.modal = Some(Modal::CustomInject {
                        row: (row + 1).min(crate::core::Track::ALL.len()),
                    })
                }
                Key::Left | Key::Right if row > 0 => {
                    let track = crate::core::Track::ALL[row - 1];
                    let limit = if track == crate::core::Track::Escalation {
                        2
                    } else {
                        20
                    };
                    let v = self.inject_effects.get_mut(track);
                    *v = (*v + if key == Key::Right { 1 } else { -1 }).clamp(-limit, limit);
                }
                Key::Enter if self.inject_text.trim().is_empty() => {
                    self.modal = Some(Modal::CustomInject { row: 0 })
                }
                Key::Enter => {
                    let text = std::mem::take(&mut self.inject_text);
                    let effects =
                        std::mem::replace(&mut self.inject_effects, crate::core::Tracks::ZERO);
                    if let Screen::Game(session) = &mut self.screen
                        && let Err(e) = session
                            .intervene(crate::core::Intervention::CustomInject { text, effects })
                    {
                        session.message = Some(e);
                    }
                    self.modal = None;
                }
                Key::Backspace if row == 0 => {
                    self.inject_text.pop();
                }
                Key::Space if row == 0 && self.inject_text.chars().count() < INJECT_MAX => {
                    self.inject_text.push(' ')
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

/// Cycle through a few timer settings: off, then the given values.
fn next_setting(current: Option<u32>, values: &[u32]) -> Option<u32> {
    match current {
        None => values.first().copied(),
        Some(v) => values
            .iter()
            .position(|x| *x == v)
            .and_then(|i| values.get(i + 1))
            .copied(),
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
    /// The facilitator's panel: every intervention possible now, and the seminar's settings.
    pub fn facilitator_menu(&self) -> Vec<(String, FacilitatorAct)> {
        use crate::core::{Intervention as I, Phase, Track};
        let Screen::Game(session) = &self.screen else {
            return vec![("Close the panel".into(), FacilitatorAct::Close)];
        };
        let game = &session.game;
        let s = game.scenario();
        let mut out: Vec<(String, FacilitatorAct)> = Vec::new();
        let mut offer = |label: String, i: I| {
            if game.check_intervention(&i).is_ok() {
                out.push((label, FacilitatorAct::Intervene(i)));
            }
        };
        if session.paused {
            offer("Resume the game".into(), I::Resume);
        } else {
            offer("Pause the game (timers stop)".into(), I::Pause);
        }
        for (i, inject) in s.injects().iter().enumerate() {
            offer(format!("Inject: {}", inject.title), I::Inject(i as u8));
        }
        let phase = game.state().phase();
        if phase == Phase::Negotiation {
            offer(
                format!("Extend the talks by one {}", s.rules().round_name),
                I::MoveDeadline(1),
            );
            offer(
                format!("Shorten the talks by one {}", s.rules().round_name),
                I::MoveDeadline(-1),
            );
        }
        if phase == Phase::Crisis {
            offer("Give the guarantors 6 more hours".into(), I::MoveClock(6));
            offer("Take 6 hours off the clock".into(), I::MoveClock(-6));
        }
        let advance = match phase {
            Phase::Negotiation => "End the talks now (the deadline is this round)",
            Phase::Offer => "Close the offer (no answer counts as a rejection)",
            Phase::Interlude => "Let the months pass now",
            Phase::Crisis => "Close the crisis now, as it stands",
            Phase::Ended => "",
        };
        offer(advance.into(), I::AdvancePhase);
        for track in Track::ALL {
            let name = s.tracks().name(track);
            let step = if track == Track::Escalation { 1 } else { 5 };
            offer(
                format!("{name} +{step}"),
                I::AdjustTrack { track, by: step },
            );
            offer(
                format!("{name} -{step}"),
                I::AdjustTrack { track, by: -step },
            );
        }
        for seat in s.seats() {
            let name = &s.faction(seat).name;
            offer(
                format!("{name}: domestic support +5"),
                I::AdjustSupport { seat, by: 5 },
            );
            offer(
                format!("{name}: domestic support -5"),
                I::AdjustSupport { seat, by: -5 },
            );
            let to_ai = session.players.get(seat.index()) == Some(&crate::ai::Player::Human);
            let label = if to_ai {
                format!("{name}: an AI plays for the absent team")
            } else {
                format!("{name}: human players take the seat")
            };
            offer(label, I::HandSeat { seat, to_ai });
        }
        // The seminar's settings come first, after pause/resume; then the interventions.
        let t = session.timers;
        let show =
            |v: Option<u32>, unit: &str| v.map_or("off".to_string(), |v| format!("{v} {unit}"));
        let projector = if self.projector { "on" } else { "off" };
        let mut settings = Vec::new();
        if game.state().phase() != Phase::Ended {
            settings.push(("Write an inject…".to_string(), FacilitatorAct::WriteInject));
        }
        settings.push((
            format!("Projector view: {projector}"),
            FacilitatorAct::Projector,
        ));
        settings.push((
            format!(
                "Real-time limit per {}: {}",
                s.rules().round_name,
                show(t.round_secs, "s")
            ),
            FacilitatorAct::RoundTimer,
        ));
        settings.push((
            format!("Real time per crisis hour: {}", show(t.hour_secs, "s")),
            FacilitatorAct::HourTimer,
        ));
        settings.push((
            "Export the after-action report".into(),
            FacilitatorAct::ExportReport,
        ));
        let at = 1.min(out.len());
        out.splice(at..at, settings);
        out.push(("Close the panel".into(), FacilitatorAct::Close));
        out
    }

    fn facilitator_act(&mut self, act: FacilitatorAct, selected: usize) {
        let Screen::Game(session) = &mut self.screen else {
            self.modal = None;
            return;
        };
        match act {
            FacilitatorAct::Intervene(i) => {
                if let Err(e) = session.intervene(i) {
                    session.message = Some(e);
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
                    next_setting(session.timers.round_secs, &[120, 180, 300, 600]);
                session.countdown = None;
                self.modal = Some(Modal::Facilitator { selected });
            }
            FacilitatorAct::HourTimer => {
                session.timers.hour_secs =
                    next_setting(session.timers.hour_secs, &[10, 20, 30, 60]);
                session.countdown = None;
                self.modal = Some(Modal::Facilitator { selected });
            }
            FacilitatorAct::ExportReport => {
                match session.export_report() {
                    Ok(_) => {}
                    Err(e) => {
                        session.message = Some(format!("The report could not be written: {e}"))
                    }
                }
                self.modal = None;
            }
            FacilitatorAct::Close => self.modal = None,
        }
    }

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
