//! A game in progress as the players see it: whose turn, what they may see,
//! and the menus of actions they choose from.

use super::app::Key;
use crate::ai::{self, Level, Player};
use crate::core::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One move as the table saw it: who, why (for AI seats), and what followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedItem {
    /// Who moved; `None` for the facilitator.
    pub seat: Option<Seat>,
    pub when: String,
    /// The AI's one-line reason; empty for human moves.
    pub reason: String,
    pub lines: Vec<String>,
    /// Length of the game's record after this move (undo truncates the feed here).
    pub step: usize,
}

/// What the screen is waiting for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Important public news (an attack, a treaty, a verdict): read, then Enter.
    News {
        title: String,
        lines: Vec<String>,
    },
    /// Hot-seat: nothing private is shown until `to` confirms it is at the keyboard.
    Handover {
        to: Seat,
    },
    /// A seat's private briefing.
    Briefing {
        seat: Seat,
        scroll: u16,
    },
    /// A human seat chooses its move.
    Decide,
    /// Only AI seats: each Enter plays the next move.
    Watch,
    Final {
        scroll: u16,
    },
}

/// The panels Tab cycles through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The table, the crisis room, or the aggressor's desk.
    Main,
    /// Tracks, charts and the map.
    Situation,
    /// The full event log.
    Log,
}

/// Where the cursor is on the main panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Actions,
    /// Choosing a clause option to amend.
    Draft,
    /// Choosing the responses of a package.
    Package,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    Do(Action),
    EditDraft,
    BuildPackage,
}

/// One line of an action menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub detail: String,
    pub act: Act,
    /// The advisor's pick for this seat (computed from the seat's own view).
    pub suggested: bool,
}

#[derive(Clone, Debug)]
pub struct Session {
    pub game: Game,
    pub players: Vec<Player>,
    /// The human seat confirmed at the keyboard: the only one whose private
    /// information may be drawn.
    pub viewer: Option<Seat>,
    pub stage: Stage,
    pub panel: Panel,
    pub focus: Focus,
    pub choices: Vec<Choice>,
    pub selected: usize,
    /// Draft cursor: clause family index and option.
    pub clause: usize,
    pub option: usize,
    /// Package builder: chosen responses and cursor (one past the last response is "Propose").
    pub package: ResponseSet,
    pub package_row: usize,
    pub feed: Vec<FeedItem>,
    /// Feed length when each seat last acted: what is new to it.
    pub seen: [usize; MAX_SEATS],
    pub briefed: SeatSet,
    pub autoplay: bool,
    pub message: Option<String>,
    pub scroll: u16,
    /// Where autosaves and slots go; `None` turns saving off.
    pub save_dir: Option<PathBuf>,
    /// The last save's outcome, for the footer.
    pub status: Option<String>,
    /// Record length at the last autosave.
    pub autosaved: usize,
    /// Record lengths before each move the seat at the keyboard made since it
    /// took the keyboard: what `u` can take back.
    pub undo: Vec<usize>,
    /// Real-time limits, for seminars.
    pub timers: Timers,
    /// The facilitator paused the game: no moves, and the timers stand still.
    pub paused: bool,
    /// The last time a tick brought (milliseconds since the app started).
    pub now_ms: u64,
    /// The running countdown: what it is for, and when it runs out (ms).
    pub countdown: Option<Countdown>,
}

/// Optional wall-clock limits (seminar mode).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timers {
    /// Seconds for each negotiation round; when they run out the round closes
    /// with whatever was decided (seats that did not act pass).
    pub round_secs: Option<u32>,
    /// Real seconds per game hour in a crisis: a seat that dithers lets the hours pass.
    pub hour_secs: Option<u32>,
}

impl Timers {
    pub fn active(&self) -> bool {
        self.round_secs.is_some() || self.hour_secs.is_some()
    }
}

/// A real-time countdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Countdown {
    /// What it counts down: the round number, or the game's step count in a
    /// crisis (any move restarts the hour).
    pub marker: u64,
    pub crisis: bool,
    pub ends_ms: u64,
    /// While paused: what was left.
    pub left_ms: Option<u64>,
}

impl Session {
    pub fn new(
        scenario: Arc<Scenario>,
        players: Vec<Player>,
        seed: u64,
    ) -> Result<Session, SetupError> {
        let game = Game::new(scenario, seed, GameConfig::default())?;
        Ok(Session::from_game(game, players))
    }

    /// A session on `game`: AI seats play on until a human seat is to move.
    pub fn from_game(game: Game, players: Vec<Player>) -> Session {
        let mut session = Session::shown(game, players);
        session.route();
        session
    }

    /// A session that only shows `game` as it stands (a projector window):
    /// nobody moves, and nothing private is on screen.
    pub fn shown(game: Game, mut players: Vec<Player>) -> Session {
        players.resize(game.scenario().factions().len(), Player::Ai(Level::Normal));
        Session {
            game,
            players,
            viewer: None,
            stage: Stage::Watch,
            panel: Panel::Main,
            focus: Focus::Actions,
            choices: Vec::new(),
            selected: 0,
            clause: 0,
            option: 0,
            package: ResponseSet::EMPTY,
            package_row: 0,
            feed: Vec::new(),
            seen: [0; MAX_SEATS],
            briefed: SeatSet::EMPTY,
            autoplay: false,
            message: None,
            scroll: 0,
            save_dir: None,
            status: None,
            autosaved: 0,
            undo: Vec::new(),
            timers: Timers::default(),
            paused: false,
            now_ms: 0,
            countdown: None,
        }
    }

    /// Autosave into `dir` from now on.
    pub fn with_save_dir(mut self, dir: &Path) -> Session {
        self.save_dir = Some(dir.to_path_buf());
        self.autosave();
        self
    }

    pub fn humans(&self) -> SeatSet {
        self.players
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == Player::Human)
            .map(|(i, _)| Seat(i as u8))
            .collect()
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.stage, Stage::Final { .. })
    }

    /// The seat whose private screens may be drawn now, if any.
    pub fn private_seat(&self) -> Option<Seat> {
        match self.stage {
            Stage::Handover { .. } => None,
            _ => self.viewer,
        }
    }

    /// Moves the viewer has not seen yet (everything, when nobody plays).
    pub fn new_moves(&self) -> &[FeedItem] {
        let from = self
            .viewer
            .map_or(0, |s| self.seen[s.index()])
            .min(self.feed.len());
        &self.feed[from..]
    }

    // ---- moving the game on -------------------------------------------

    /// Decide what the screen waits for next, letting AI seats move until a
    /// human must act (or news must be read).
    pub fn route(&mut self) {
        self.route_inner();
        self.autosave();
    }

    fn route_inner(&mut self) {
        for _ in 0..lab_limit() {
            if self.game.is_over() {
                self.autoplay = false;
                self.stage = Stage::Final { scroll: 0 };
                return;
            }
            let Some(seat) = self.game.to_move() else {
                return;
            };
            match self.players[seat.index()] {
                Player::Ai(level) => {
                    if self.humans().is_empty() {
                        self.stage = Stage::Watch;
                        return;
                    }
                    if self.ai_move(seat, level) {
                        return;
                    }
                }
                Player::Human => {
                    if self.humans().len() > 1 && self.viewer != Some(seat) {
                        self.viewer = None;
                        // Once the keyboard changes hands, moves can no longer be taken back.
                        self.undo.clear();
                        self.stage = Stage::Handover { to: seat };
                        return;
                    }
                    self.viewer = Some(seat);
                    if !self.briefed.contains(seat) {
                        self.stage = Stage::Briefing { seat, scroll: 0 };
                        return;
                    }
                    self.stage = Stage::Decide;
                    self.rebuild();
                    return;
                }
            }
        }
    }

    /// One AI move. True if it made news (the news stage is set).
    fn ai_move(&mut self, seat: Seat, level: Level) -> bool {
        let seed = self.game.state().seed;
        let mut rng = ai::rng_for(seed, seat, self.game.state().steps);
        let decision = level.bot().decide(&self.game.view(seat), &mut rng);
        let events = match self.game.apply(seat, decision.action) {
            Ok(events) => events,
            Err(_) => {
                // The AI only proposes legal actions; never let a bug stall the game.
                let fallback = [
                    Action::Pass,
                    Action::StandDown,
                    Action::Hold,
                    Action::Wait(1),
                ];
                fallback
                    .into_iter()
                    .find_map(|a| self.game.apply(seat, a).ok())
                    .unwrap_or_default()
            }
        };
        self.record(seat, decision.reason, &events);
        self.show_news(&events)
    }

    /// Watch mode: play the next AI move.
    pub fn step(&mut self) {
        let Some(seat) = self.game.to_move() else {
            self.route();
            return;
        };
        if let Player::Ai(level) = self.players[seat.index()]
            && self.ai_move(seat, level)
        {
            // News to read first; autosave what happened.
            self.autosave();
            return;
        }
        self.route();
    }

    /// Time passes (`now` in ms since the app started). `input` is false while
    /// a dialog is open: auto-play waits, the timers do not.
    pub fn tick(&mut self, now: u64, input: bool) {
        self.now_ms = now;
        if self.paused {
            return;
        }
        if input && self.autoplay && self.stage == Stage::Watch {
            self.step();
        }
        // A countdown starts only once nothing covers the game (the facilitator
        // choosing a PIN, say); one that runs goes on under the panel.
        if input || self.countdown.is_some() {
            self.run_timers();
        }
    }

    /// Real seconds left on the running countdown.
    pub fn seconds_left(&self) -> Option<u64> {
        let c = self.countdown?;
        let left = c
            .left_ms
            .unwrap_or_else(|| c.ends_ms.saturating_sub(self.now_ms));
        Some(left.div_ceil(1000))
    }

    /// Real seconds until the crisis clock runs out at the current pace.
    pub fn seconds_to_clock(&self) -> Option<u64> {
        let secs = self.timers.hour_secs? as u64;
        let c = self.game.state().crisis()?;
        let hours = c.clock.saturating_sub(c.now) as u64;
        let this_hour = self.seconds_left().unwrap_or(secs).min(secs);
        Some(hours.saturating_sub(1) * secs + this_hour)
    }

    fn run_timers(&mut self) {
        let state = self.game.state();
        let timer = match state.phase() {
            Phase::Negotiation => self
                .timers
                .round_secs
                .map(|s| (state.talks.round as u64, false, s)),
            Phase::Crisis if self.stage == Stage::Decide => {
                self.timers.hour_secs.map(|s| (state.steps as u64, true, s))
            }
            _ => None,
        };
        let Some((marker, crisis, secs)) = timer else {
            self.countdown = None;
            return;
        };
        let now = self.now_ms;
        let current = self
            .countdown
            .filter(|c| c.marker == marker && c.crisis == crisis);
        let countdown = current.unwrap_or(Countdown {
            marker,
            crisis,
            ends_ms: now + secs as u64 * 1000,
            left_ms: None,
        });
        self.countdown = Some(countdown);
        if now < countdown.ends_ms {
            return;
        }
        self.countdown = None;
        if crisis {
            // The hour passes for the seat that did not act.
            if let Some(seat) = self.viewer {
                let before = self.game.record().len();
                if let Ok(events) = self.game.apply(seat, Action::Wait(1)) {
                    self.undo.push(before);
                    self.record(seat, "time passes (real-time clock)".into(), &events);
                    if !self.show_news(&events) {
                        self.route();
                    }
                }
            }
        } else {
            self.close_round();
        }
    }

    /// The round's time is up: seats that did not act pass; AI seats play as usual.
    fn close_round(&mut self) {
        let round = self.game.state().talks.round;
        let mut news = Vec::new();
        while self.game.state().phase() == Phase::Negotiation
            && self.game.state().talks.round == round
        {
            let Some(seat) = self.game.to_move() else {
                break;
            };
            let human = self.players[seat.index()] == Player::Human;
            let action = match self.players[seat.index()] {
                Player::Human => default_action(Phase::Negotiation),
                Player::Ai(level) => {
                    let seed = self.game.state().seed;
                    let mut rng = ai::rng_for(seed, seat, self.game.state().steps);
                    level.bot().decide(&self.game.view(seat), &mut rng).action
                }
            };
            let Ok(events) = self.game.apply(seat, action) else {
                break;
            };
            self.record(
                seat,
                if human {
                    "time is up".into()
                } else {
                    String::new()
                },
                &events,
            );
            news.extend(events);
        }
        self.undo.clear();
        let name = self.game.scenario().rules().round_name.clone();
        self.message = Some(format!("Time is up: {name} {round} closed."));
        if !self.show_news(&news) {
            self.route();
        }
    }

    /// Stop or restart the countdown (the facilitator's pause).
    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
        if let Some(c) = self.countdown.as_mut() {
            if paused {
                c.left_ms = Some(c.ends_ms.saturating_sub(self.now_ms));
            } else if let Some(left) = c.left_ms.take() {
                c.ends_ms = self.now_ms + left;
            }
        }
    }

    fn record(&mut self, seat: impl Into<Option<Seat>>, reason: String, events: &[Event]) {
        let seat = seat.into();
        let s = self.game.scenario();
        let when = events.first().map(|e| e.when_text(s)).unwrap_or_default();
        let lines = events.iter().map(|e| e.describe(s)).collect();
        let step = self.game.record().len();
        self.feed.push(FeedItem {
            seat,
            when,
            reason,
            lines,
            step,
        });
    }

    /// Show the important public news among `events`, if any.
    fn show_news(&mut self, events: &[Event]) -> bool {
        let s = Arc::clone(self.game.scenario());
        let mut title = None;
        let mut lines = Vec::new();
        for e in events {
            let headline = match &e.kind {
                EventKind::TreatyInForce {
                    negotiated: true, ..
                } => Some("The treaty enters into force"),
                EventKind::DeadlinePassed => Some("No agreement"),
                EventKind::OfferAnswered { .. } => Some("Russia answers the offer"),
                EventKind::AttackLaunched { .. } => Some("Attack!"),
                EventKind::CrisisClosed { met: true, .. } => Some("The clock is met"),
                EventKind::CrisisClosed { met: false, .. } => Some("The clock is missed"),
                EventKind::GameEnded { .. } => Some("The game is over"),
                EventKind::MonthsPassed { .. } => Some("Quiet months"),

                EventKind::TreatyInForce { .. }
                | EventKind::Provoked { .. }
                | EventKind::PledgeBroken
                | EventKind::AttributionExpected { .. }
                | EventKind::Breach { .. }
                | EventKind::Escalated { .. } => None,
                _ => continue,
            };
            if title.is_none() {
                title = headline.map(|t| match (&e.kind, t) {
                    (EventKind::OfferAnswered { .. }, _) => {
                        s.faction(s.aggressor()).says("answers") + " the offer"
                    }
                    _ => t.to_string(),
                });
            }
            lines.push(e.describe(&s));
            if matches!(e.kind, EventKind::MonthsPassed { .. }) {
                let t = self.game.state().tracks;
                lines.push(format!(
                    "{} {} · {} {} · {}: {}",
                    s.tracks().credibility,
                    t.credibility,
                    s.tracks().security,
                    t.security,
                    s.tracks().escalation,
                    s.rung_name(t.escalation)
                ));
            }
        }

        match title {
            Some(title) => {
                if matches!(self.stage, Stage::Watch) {
                    self.autoplay = false;
                }
                self.stage = Stage::News { title, lines };
                true
            }
            None => false,
        }
    }

    /// Apply the viewer's decision.
    fn act(&mut self, action: Action) {
        let Some(seat) = self.viewer else { return };
        let before = self.game.record().len();
        match self.game.apply(seat, action) {
            Ok(events) => {
                self.message = None;
                self.undo.push(before);
                self.record(seat, String::new(), &events);
                self.seen[seat.index()] = self.feed.len();
                // News first (it is public); routing resumes when it is read.
                if !self.show_news(&events) {
                    self.route();
                }
            }
            Err(e) => self.message = Some(format!("Not allowed: {e}.")),
        }
    }

    /// Take back the last move of the seat at the keyboard (and what the AI
    /// seats did after it), by replaying the game without it.
    pub fn take_back(&mut self) {
        let Some(point) = self.undo.pop() else {
            self.message = Some("Nothing to take back since you took the keyboard.".into());
            return;
        };
        let scenario = Arc::clone(self.game.scenario());
        let state = self.game.state();
        let (seed, config) = (state.seed, state.config.clone());
        let record = self.game.record()[..point.min(self.game.record().len())].to_vec();
        match Game::replay(scenario, seed, config, &record) {
            Ok(game) => {
                self.game = game;
                self.feed.retain(|f| f.step <= point);
                let len = self.feed.len();
                self.seen.iter_mut().for_each(|s| *s = (*s).min(len));
                self.route_inner();
                self.message = Some("Move taken back.".into());
            }
            Err(e) => self.message = Some(format!("Cannot take it back: {e}.")),
        }
    }

    /// A facilitator's intervention: applied, logged, and shown to everyone.
    pub fn intervene(&mut self, intervention: Intervention) -> Result<(), String> {
        let before = self.game.state().clone();
        let events = self
            .game
            .intervene(intervention.clone())
            .map_err(|e| format!("Not allowed: {e}."))?;
        match intervention {
            Intervention::HandSeat { seat, to_ai } => {
                if let Some(p) = self.players.get_mut(seat.index()) {
                    *p = if to_ai {
                        Player::Ai(Level::Normal)
                    } else {
                        Player::Human
                    };
                }
                if self.viewer == Some(seat) && to_ai {
                    self.viewer = None;
                }
            }
            Intervention::Pause => self.set_paused(true),
            Intervention::Resume => self.set_paused(false),
            _ => {}
        }
        self.record(None, String::new(), &events);
        self.undo.clear();
        self.autosave();
        let injected = events.iter().find_map(|e| match &e.kind {
            EventKind::Injected { title, text } => Some((title.clone(), text.clone())),
            _ => None,
        });
        match injected {
            Some((title, text)) => {
                let title = if title.is_empty() {
                    "Inject".to_string()
                } else {
                    title
                };
                let mut lines = vec![text];
                lines.extend(effects_text(
                    self.game.scenario(),
                    &before,
                    self.game.state(),
                ));
                self.stage = Stage::News { title, lines }
            }
            None => {
                if !self.show_news(&events) {
                    self.route();
                }
            }
        }
        Ok(())
    }

    /// Write the after-action report (HTML and Markdown) next to the saves.
    pub fn export_report(&mut self) -> Result<PathBuf, String> {
        let dir = self
            .save_dir
            .clone()
            .unwrap_or_else(|| crate::save::save_dir(None));
        let report = crate::report::build(&self.game, &self.players, None);
        let base = format!(
            "report-{}-{}",
            self.game.scenario().id(),
            self.game.state().seed
        );
        let html = dir.join(format!("{base}.html"));
        let md = dir.join(format!("{base}.md"));
        let write = |path: &Path, text: String| {
            crate::save::write_atomic(path, text.as_bytes())
                .map_err(|e| format!("{}: {e}", path.display()))
        };
        write(&html, crate::report::html(&report))?;
        write(&md, crate::report::markdown(&report))?;
        self.status = Some(format!("report written: {}", html.display()));
        self.message = Some(format!(
            "The after-action report is written: {} (and {}).",
            html.display(),
            md.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        Ok(html)
    }

    /// Save the game as the newest autosave, if anything happened since the last.
    fn autosave(&mut self) {
        let Some(dir) = self.save_dir.clone() else {
            return;
        };
        let len = self.game.record().len();
        if len == self.autosaved || !self.game.has_complete_record() {
            return;
        }
        self.autosaved = len;
        self.status = Some(
            match crate::save::autosave(&dir, &self.game, &self.players) {
                Ok(_) => format!("autosaved in {}", dir.display()),
                Err(e) => {
                    // The game goes on; the players are told.
                    self.message = Some(format!("Autosave failed: {e}"));
                    "AUTOSAVE FAILED".to_string()
                }
            },
        );
    }

    /// Save into manual slot `n` (from 1).
    pub fn save_to_slot(&mut self, n: usize) {
        let Some(dir) = self.save_dir.clone() else {
            return;
        };
        let path = crate::save::slot_path(&dir, n);
        match crate::save::save(&path, &self.game, &self.players, &format!("slot {n}"), None) {
            Ok(()) => self.status = Some(format!("saved to slot {n} ({})", path.display())),
            Err(e) => self.message = Some(format!("Saving failed: {e}")),
        }
    }

    /// Write the game to a crash save (after a bug stopped the app).
    pub fn crash_save(&self) -> Result<PathBuf, String> {
        let dir = self
            .save_dir
            .clone()
            .unwrap_or_else(|| crate::save::save_dir(None));
        let path = crate::save::crash_path(&dir, &self.game);
        crate::save::save(&path, &self.game, &self.players, "crash", None)
            .map_err(|e| e.to_string())?;
        Ok(path)
    }

    // ---- keys ------------------------------------------------------------

    /// Handle a key. True when the players leave the finished game.
    pub fn update(&mut self, key: Key) -> bool {
        if key == Key::Tab || key == Key::BackTab {
            if matches!(self.stage, Stage::Decide | Stage::Watch) {
                self.panel = match (self.panel, key == Key::Tab) {
                    (Panel::Main, true) | (Panel::Log, false) => Panel::Situation,
                    (Panel::Situation, true) | (Panel::Main, false) => Panel::Log,
                    _ => Panel::Main,
                };
                self.scroll = 0;
            }
            return false;
        }
        match self.stage.clone() {
            Stage::News { .. } => {
                if matches!(key, Key::Enter | Key::Space | Key::Esc) {
                    self.route();
                }
            }
            Stage::Handover { to } => {
                if key == Key::Enter {
                    self.viewer = Some(to);
                    self.route();
                }
            }
            Stage::Briefing { seat, scroll } => {
                if let Some(scroll) = scrolled(scroll, key) {
                    self.stage = Stage::Briefing { seat, scroll };
                } else if matches!(key, Key::Enter | Key::Esc) {
                    self.briefed.insert(seat);
                    self.route();
                }
            }
            Stage::Final { scroll } => {
                if let Some(scroll) = scrolled(scroll, key) {
                    self.stage = Stage::Final { scroll };
                } else if matches!(key, Key::Enter | Key::Esc) {
                    return true;
                }
            }
            Stage::Watch => {
                if self.panel != Panel::Main {
                    self.scroll_keys(key);
                    return false;
                }
                match key {
                    Key::Enter | Key::Space => self.step(),
                    Key::Char('a') => self.autoplay = !self.autoplay,
                    _ => {}
                }
            }
            Stage::Decide => {
                if self.panel != Panel::Main {
                    self.scroll_keys(key);
                    return false;
                }
                if key == Key::Char('u') {
                    self.take_back();
                    return false;
                }
                if key == Key::Char('b')
                    && let Some(seat) = self.viewer
                {
                    self.stage = Stage::Briefing { seat, scroll: 0 };
                    return false;
                }
                match self.focus {
                    Focus::Actions => self.actions_key(key),
                    Focus::Draft => self.draft_key(key),
                    Focus::Package => self.package_key(key),
                }
            }
        }
        false
    }

    fn scroll_keys(&mut self, key: Key) {
        match key {
            Key::Up => self.scroll = self.scroll.saturating_add(1),
            Key::Down => self.scroll = self.scroll.saturating_sub(1),
            Key::PageUp => self.scroll = self.scroll.saturating_add(10),
            Key::PageDown => self.scroll = self.scroll.saturating_sub(10),
            Key::End => self.scroll = 0,
            Key::Esc => self.panel = Panel::Main,
            _ => {}
        }
    }

    fn actions_key(&mut self, key: Key) {
        let n = self.choices.len();
        match key {
            Key::Up => self.selected = self.selected.saturating_sub(1),
            Key::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Key::Home => self.selected = 0,
            Key::End => self.selected = n.saturating_sub(1),
            Key::Enter | Key::Space => {
                let Some(choice) = self.choices.get(self.selected).cloned() else {
                    return;
                };
                match choice.act {
                    Act::Do(action) => self.act(action),
                    Act::EditDraft => {
                        self.focus = Focus::Draft;
                        self.message = None;
                    }
                    Act::BuildPackage => {
                        self.focus = Focus::Package;
                        self.message = None;
                        // With a suggestion ticked, Enter proposes it at once.
                        self.package_row = if self.package.is_empty() {
                            0
                        } else {
                            self.game.scenario().responses().len()
                        };
                    }
                }
            }
            _ => {}
        }
    }

    fn draft_key(&mut self, key: Key) {
        let Some(draft) = self.game.state().talks.draft else {
            self.focus = Focus::Actions;
            return;
        };
        let s = Arc::clone(self.game.scenario());
        let options = |clause: usize| s.clauses().get(clause).map_or(1, |c| c.options.len());
        match key {
            Key::Up => {
                self.clause = self.clause.saturating_sub(1);
                self.option = self.option.min(options(self.clause) - 1);
            }
            Key::Down => {
                self.clause = (self.clause + 1).min(s.clauses().len() - 1);
                self.option = self.option.min(options(self.clause) - 1);
            }
            Key::Left => self.option = self.option.saturating_sub(1),
            Key::Right => self.option = (self.option + 1).min(options(self.clause) - 1),
            Key::Esc => self.focus = Focus::Actions,
            Key::Enter | Key::Space => {
                let Some(family) = s.clause_ids().nth(self.clause) else {
                    return;
                };
                let pick = if s.clause(family).is_subset() {
                    draft.pick(family).toggled(self.option)
                } else {
                    Pick::one(self.option)
                };
                let action = Action::Amend {
                    clause: family,
                    pick,
                };
                match self.game.check(self.viewer.unwrap_or_default(), &action) {
                    Ok(()) => self.act(action),
                    Err(e) => self.message = Some(format!("Not allowed: {e}.")),
                }
            }
            _ => {}
        }
    }

    fn package_key(&mut self, key: Key) {
        let n = self.game.scenario().responses().len();
        match key {
            Key::Up => self.package_row = self.package_row.saturating_sub(1),
            Key::Down => self.package_row = (self.package_row + 1).min(n),
            Key::Esc => self.focus = Focus::Actions,
            Key::Space | Key::Enter if self.package_row < n => {
                let r = ResponseId(self.package_row as u8);
                let mut p = self.package;
                if p.contains(r) {
                    p = p.minus([r].into_iter().collect());
                } else {
                    p.insert(r);
                }
                self.package = p;
            }
            Key::Enter => {
                let action = Action::Propose(self.package);
                match self.game.check(self.viewer.unwrap_or_default(), &action) {
                    Ok(()) => self.act(action),
                    Err(e) => self.message = Some(format!("Not allowed: {e}.")),
                }
            }
            _ => {}
        }
    }

    // ---- menus ---------------------------------------------------------------

    /// What the advisor would do in the viewer's place (from its own view only).
    pub fn advice(&self) -> Option<ai::Decision> {
        let seat = self.viewer?;
        let seed = self.game.state().seed;
        let mut rng = ai::rng_for(seed, seat, self.game.state().steps);
        Some(ai::baseline(&self.game.view(seat), &mut rng))
    }

    /// Rebuild the viewer's menu after the state changed.
    pub fn rebuild(&mut self) {
        let Some(seat) = self.viewer else { return };
        let advice = self.advice();
        let view = self.game.view(seat);
        let mut choices = menu(&view);
        if let Some(advice) = &advice {
            match choices.iter_mut().find(|c| c.act == Act::Do(advice.action)) {
                Some(c) => c.suggested = true,
                None => {
                    if let Action::Propose(items) = advice.action {
                        if let Some(c) = choices.iter_mut().find(|c| c.act == Act::BuildPackage) {
                            c.suggested = true;
                            c.detail = format!("suggested: {}", items_text(&view, items));
                        }
                    } else if view.check(&advice.action).is_ok() {
                        choices.insert(
                            0,
                            Choice {
                                label: action_label(&view, advice.action),
                                detail: view.me().agree(&advice.reason),
                                act: Act::Do(advice.action),
                                suggested: true,
                            },
                        );
                    }
                }
            }
        }
        self.selected = choices.iter().position(|c| c.suggested).unwrap_or(0);
        self.choices = choices;
        self.focus = Focus::Actions;
        self.package = match advice.map(|a| a.action) {
            Some(Action::Propose(items)) => items,
            _ => self
                .game
                .state()
                .crisis()
                .as_ref()
                .and_then(|c| c.package.as_ref())
                .map_or(ResponseSet::EMPTY, |p| p.items),
        };
        self.package_row = 0;
        if let Some(d) = self.game.state().talks.draft {
            let s = self.game.scenario();
            let f = s.clause_ids().nth(self.clause).unwrap_or_default();
            self.option = if s.clause(f).is_subset() {
                self.option
            } else {
                d.option(f)
            };
        }
    }
}

/// A text's new scroll position after a scrolling key, if it was one.
fn scrolled(scroll: u16, key: Key) -> Option<u16> {
    match key {
        Key::Up => Some(scroll.saturating_sub(1)),
        Key::Down => Some(scroll.saturating_add(1)),
        Key::PageUp => Some(scroll.saturating_sub(10)),
        Key::PageDown => Some(scroll.saturating_add(10)),
        Key::Home => Some(0),
        _ => None,
    }
}

fn lab_limit() -> usize {
    crate::lab::MAX_STEPS as usize
}

/// What changed on the shared tracks and in domestic support, as one line.
fn effects_text(s: &Scenario, before: &GameState, after: &GameState) -> Option<String> {
    let mut parts: Vec<String> = Track::ALL
        .into_iter()
        .filter_map(|t| {
            let by = after.tracks.get(t) - before.tracks.get(t);
            (by != 0).then(|| format!("{} {by:+}", s.tracks().name(t)))
        })
        .collect();
    for seat in s.seats() {
        let by = after.seats[seat.index()].support - before.seats[seat.index()].support;
        if by != 0 {
            parts.push(format!("{}: domestic support {by:+}", s.faction(seat).name));
        }
    }
    (!parts.is_empty()).then(|| format!("Effects: {}.", parts.join(", ")))
}

pub fn items_text(view: &PublicView, items: ResponseSet) -> String {
    if items.is_empty() {
        return "nothing".into();
    }
    items
        .iter()
        .map(|r| view.response(r).name.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A readable name for any action of this seat.
pub fn action_label(view: &SeatView, action: Action) -> String {
    match action {
        Action::TableDraft(_) => "Table your own draft".into(),
        Action::Amend { clause, pick } if view.clause(clause).is_subset() => {
            let current = view.talks().draft.map_or(Pick::EMPTY, |d| d.pick(clause));
            let added = pick.minus(current);
            let removed = current.minus(pick);
            let mut changes = Vec::new();
            if added.count() > 0 {
                changes.push(format!("add {}", view.pick_text(clause, added)));
            }
            if removed.count() > 0 {
                changes.push(format!("remove {}", view.pick_text(clause, removed)));
            }
            format!("Amend {}: {}", view.clause(clause).name, changes.join("; "))
        }
        Action::Amend { clause, pick } => {
            format!(
                "Amend {}: {}",
                view.clause(clause).name,
                view.pick_text(clause, pick)
            )
        }
        Action::Accept => "Accept the draft in principle".into(),
        Action::Reject(None) => "Reject the draft".into(),
        Action::Reject(Some(f)) => format!("Reject the draft over {}", view.clause(f).name),
        Action::Sign => "Sign the draft".into(),
        Action::SignalRedLine(i) => {
            let why = view
                .secrets()
                .red_lines
                .get(i as usize)
                .map(|r| r.why.as_str())
                .unwrap_or("");
            format!("Signal a red line: {why}")
        }
        Action::Pass => "Pass".into(),
        Action::AnswerOffer { accept: true } => "Accept the offer".into(),
        Action::AnswerOffer { accept: false } => "Reject the offer".into(),
        Action::Attack(a) => format!("Launch: {}", view.attack(a).name),
        Action::Hold => format!("Hold for {} months", view.rules().decision_months),
        Action::Convene => "Convene consultations".into(),
        Action::Propose(items) => format!("Propose: {}", items_text(view, items)),
        Action::Support(items) if items.is_empty() => "Back the package politically".into(),
        Action::Support(items) => format!("Back the package: provide {}", items_text(view, items)),
        Action::Object => "Object to the package".into(),
        Action::SeekApproval => "Seek national approval for forces".into(),
        Action::Wait(h) => format!("Wait {h} h"),
        Action::StandDown => "Stand down for this crisis".into(),
    }
}

fn choice(label: impl Into<String>, detail: impl Into<String>, act: Act) -> Choice {
    Choice {
        label: label.into(),
        detail: detail.into(),
        act,
        suggested: false,
    }
}

/// The actions the seat can take now, each with what it costs and means.
pub fn menu(view: &SeatView) -> Vec<Choice> {
    let mut out = Vec::new();
    let me = view.seat();
    match view.phase() {
        Phase::Negotiation => {
            let talks = view.talks();
            if let Some(draft) = talks.draft {
                let value = (view.normalised_value(&draft) * 100.0).round() as i32;
                let crossed = !view.crossed_red_lines(&draft).is_empty();
                let warning = if crossed {
                    " · CROSSES YOUR RED LINE"
                } else {
                    ""
                };
                out.push(choice(
                    "Sign the draft",
                    format!("binding once in force · worth {value}/100 to you{warning}"),
                    Act::Do(Action::Sign),
                ));
                out.push(choice(
                    "Accept in principle",
                    "not binding; shows support",
                    Act::Do(Action::Accept),
                ));
                out.push(choice(
                    "Amend a clause…",
                    "one clause per turn; clears every signature",
                    Act::EditDraft,
                ));
                out.push(choice(
                    "Reject the draft",
                    "a public rejection",
                    Act::Do(Action::Reject(None)),
                ));
            }
            if view.me().role() != Role::Aggressor {
                let ideal = ai::best_draft(view);
                out.push(choice(
                    "Table your own draft",
                    "your preferred text, avoiding public red lines",
                    Act::Do(Action::TableDraft(ideal)),
                ));
            }
            for (i, r) in view.secrets().red_lines.iter().enumerate() {
                out.push(choice(
                    format!("Signal a red line: {}", r.why),
                    "free: your turn goes on",
                    Act::Do(Action::SignalRedLine(i as u8)),
                ));
            }
            out.push(choice(
                "Pass",
                "end your turn without changing anything",
                Act::Do(Action::Pass),
            ));
        }
        Phase::Offer => {
            let answer = |accept: bool| {
                let effects = if accept {
                    "a pledge not to attack; breaking it later is costly"
                } else {
                    "your bluff is called: isolation and costs"
                };
                choice(
                    action_label(view, Action::AnswerOffer { accept }),
                    effects,
                    Act::Do(Action::AnswerOffer { accept }),
                )
            };
            out.push(answer(true));
            out.push(answer(false));
        }
        Phase::Interlude => {
            out.push(choice(
                action_label(view, Action::Hold),
                "no attack; time passes",
                Act::Do(Action::Hold),
            ));
            for (i, a) in view.attacks().iter().enumerate() {
                let deniable = if a.attribution_hours > 0 {
                    format!(" · deniable (attribution up to {} h)", a.attribution_hours)
                } else {
                    String::new()
                };
                out.push(choice(
                    format!("Launch: {}", a.name),
                    format!(
                        "severity {} · damage {} · escalation +{} · your cost {}{deniable}",
                        a.severity, a.damage, a.escalation, a.cost
                    ),
                    Act::Do(Action::Attack(AttackId(i as u8))),
                ));
            }
        }
        Phase::Crisis => {
            let Some(c) = view.crisis() else { return out };
            let h = view.convene_hours(me);
            let open = (c.now + h).max(c.attributed_at);
            out.push(choice(
                "Convene consultations",
                format!("{h} h; consultations open at hour {open}"),
                Act::Do(Action::Convene),
            ));
            if c.consult_open_at.is_some_and(|o| o <= c.now)
                && c.package.as_ref().is_none_or(|p| p.agreed_at.is_none())
            {
                out.push(choice(
                    "Propose a package…",
                    "choose the responses",
                    Act::BuildPackage,
                ));
            }
            if let Some(p) = &c.package {
                let mine = p.items.intersect(view.providable(me));
                let forces = view.forces();
                let describe = |items: ResponseSet| {
                    let prep = view.preparation_hours(me, items);
                    let vote = if view.needs_approval(me, items) {
                        " · needs a national vote"
                    } else {
                        ""
                    };
                    format!("ready in {} h{vote}", prep + DECISION_HOURS)
                };
                if !mine.is_empty() {
                    out.push(choice(
                        action_label(view, Action::Support(mine)),
                        describe(mine),
                        Act::Do(Action::Support(mine)),
                    ));
                }
                let civil = mine.minus(forces);
                if civil != mine && !civil.is_empty() {
                    out.push(choice(
                        format!(
                            "Back it without forces: provide {}",
                            items_text(view, civil)
                        ),
                        describe(civil),
                        Act::Do(Action::Support(civil)),
                    ));
                }
                out.push(choice(
                    "Back the package politically",
                    "provide nothing; counts as support",
                    Act::Do(Action::Support(ResponseSet::EMPTY)),
                ));
                out.push(choice(
                    "Object to the package",
                    "under consensus a bound guarantor's objection blocks it; costs cohesion",
                    Act::Do(Action::Object),
                ));
            }
            if let Some(a) = view.me().approval() {
                let chance = (a.chance + view.seat_tracks(me).support - 50).clamp(5, 95);
                out.push(choice(
                    format!("Ask the {} to authorise forces", a.body),
                    format!("{} h; about {chance}% likely to pass", a.hours),
                    Act::Do(Action::SeekApproval),
                ));
            }
            let next = c
                .next_event_hour()
                .saturating_sub(c.now)
                .clamp(1, MAX_WAIT_HOURS);
            out.push(choice(
                format!("Wait until the next event ({next} h)"),
                "let time pass",
                Act::Do(Action::Wait(next)),
            ));
            if next != 1 {
                out.push(choice(
                    "Wait one hour",
                    "let time pass",
                    Act::Do(Action::Wait(1)),
                ));
            }
            out.push(choice(
                "Stand down for this crisis",
                "your contribution stands; you take no further part",
                Act::Do(Action::StandDown),
            ));
        }
        Phase::Ended => {}
    }
    out.retain(|c| match c.act {
        Act::Do(a) => view.check(&a).is_ok(),
        Act::EditDraft => view.me().role() != Role::Aggressor && !view.talks().concluded,
        Act::BuildPackage => true,
    });
    out
}
