//! A game played at this terminal: the table (the game and who plays each
//! seat), the desk (what the screen shows of it), and the seminar's real-time
//! limits.

pub mod desk;
pub mod menu;

pub use desk::{Command, Context, Desk, Focus, Note, Panel, Stage};
pub use menu::{Act, Choice, action_label, items_text};

use crate::ai::Player;
use crate::core::*;
use crate::lab::Personalities;
pub use crate::table::Timers;
use crate::table::{Countdown, Table};
use crate::tui::keys::{Binding, Key};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Session {
    pub table: Table,
    pub desk: Desk,
    /// The running countdown, if any; its marker says what it counts down (the
    /// round number, or the game's step count in a crisis).
    pub countdown: Option<Countdown>,
    /// The last time a tick brought (milliseconds since the app started).
    pub now_ms: u64,
    /// The game changed since the app last saved it.
    pub changed: bool,
    /// This session keeps its own real-time limits (false where a server
    /// keeps them for the table it shares, and only says what is left).
    pub clocked: bool,
}

impl Session {
    /// A new game with every seat's personality as the scenario writes it.
    pub fn new(
        scenario: Arc<Scenario>,
        players: Vec<Player>,
        seed: u64,
    ) -> Result<Session, SetupError> {
        Session::start(scenario, players, seed, Personalities::AsWritten)
    }

    /// A new game; with personalities varied, each AI seat draws its temper
    /// and priorities for this game from the scenario's ranges (human seats
    /// keep their briefing as written).
    pub fn start(
        scenario: Arc<Scenario>,
        players: Vec<Player>,
        seed: u64,
        personalities: Personalities,
    ) -> Result<Session, SetupError> {
        let ai: SeatSet = players
            .iter()
            .enumerate()
            .filter(|(_, p)| **p != Player::Human)
            .map(|(i, _)| Seat(i as u8))
            .collect();
        let game = Game::new(scenario, seed, personalities.config(Vec::new(), ai))?;
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
    pub fn shown(game: Game, players: Vec<Player>) -> Session {
        Session::on(Table::new(game, players))
    }

    /// A session continuing a loaded game: the same identity, facilitator and timers.
    pub fn from_loaded(loaded: crate::save::Loaded) -> Session {
        let save = loaded.save;
        let mut table = Table::with_id(loaded.game, save.players, save.game);
        table.lock = save.facilitator;
        table.timers = save.timers;
        table.branch = save.branch;
        let mut session = Session::on(table);
        session.route();
        session
    }

    /// A session that shows `table` as it stands.
    pub fn on(table: Table) -> Session {
        Session {
            table,
            desk: Desk::default(),
            countdown: None,
            now_ms: 0,
            changed: false,
            clocked: true,
        }
    }

    pub fn game(&self) -> &Game {
        self.table.game()
    }

    /// The game as it is to be saved now.
    pub fn snapshot(&self, label: &str) -> crate::tui::effect::Snapshot {
        crate::tui::effect::Snapshot {
            game: Box::new(self.game().clone()),
            players: self.players().to_vec(),
            meta: crate::save::Meta::of(&self.table, label),
        }
    }

    /// The seminar's real-time limits.
    pub fn timers(&self) -> Timers {
        self.table.timers
    }
    pub fn players(&self) -> &[Player] {
        self.table.players()
    }
    pub fn is_finished(&self) -> bool {
        self.desk.is_finished()
    }
    pub fn private_seat(&self) -> Option<Seat> {
        self.desk.private_seat()
    }
    /// Whether the facilitator has paused the game (it is in the game's record).
    pub fn paused(&self) -> bool {
        self.game().is_paused()
    }

    /// Let AI seats move until a human must act (or news must be read).
    pub fn route(&mut self) {
        let before = self.table.revision();
        self.desk.route(&mut self.table);
        self.changed |= self.table.revision() != before;
    }

    /// The game screen's key table.
    pub fn keys(&self, ctx: Context) -> Vec<Binding<Command>> {
        self.desk.keys(&self.table, ctx)
    }

    /// Carry out a desk command. While the game is paused, players may read
    /// and look around, but nothing moves.
    pub fn run(&mut self, command: Command, key: Key) {
        let moves = matches!(
            command,
            Command::DoIt
                | Command::Next
                | Command::AutoPlay
                | Command::TakeBack
                | Command::Amend
                | Command::Propose
        );
        if moves && self.paused() {
            self.desk.warn("The facilitator has paused the game.");
            return;
        }
        let before = self.table.revision();
        self.desk.run(&mut self.table, command, key);
        self.changed |= self.table.revision() != before;
    }

    /// A facilitator's intervention: applied, logged, and shown to everyone.
    pub fn intervene(&mut self, intervention: Intervention) -> Result<(), String> {
        let before = self.game().state().clone();
        let to_ai = matches!(intervention, Intervention::HandSeat { to_ai: true, .. });
        let seat = match intervention {
            Intervention::HandSeat { seat, .. } => Some(seat),
            _ => None,
        };
        let events = self
            .table
            .intervene(intervention)
            .map_err(|e| format!("Not allowed: {e}."))?
            .events
            .clone();
        self.changed = true;
        // The countdown stands still from the moment of the pause.
        if let Some(c) = self.countdown.as_mut() {
            if self.table.game().is_paused() {
                c.pause(self.now_ms);
            } else {
                c.resume(self.now_ms);
            }
        }
        if to_ai && self.desk.viewer == seat {
            self.desk.viewer = None;
        }
        match &intervention_news(self.game(), &before, &events) {
            Some(h) => self.desk.stage = Stage::News(h.clone()),
            None => {
                if !self.desk.show_news(&self.table, &events) {
                    self.route();
                }
            }
        }
        Ok(())
    }

    /// Time passes (`now` in ms since the app started). `input` is false while
    /// a dialog is open: auto-play waits, the timers do not.
    pub fn tick(&mut self, now: u64, input: bool) {
        self.now_ms = now;
        if self.paused() {
            if let Some(c) = self.countdown.as_mut() {
                c.pause(now);
            }
            return;
        }
        if let Some(c) = self.countdown.as_mut() {
            c.resume(now);
        }
        if input && self.desk.autoplay && self.desk.stage == Stage::Watch {
            self.run(Command::Next, Key::Enter);
        }
        // A countdown starts only once nothing covers the game (the facilitator
        // choosing a PIN, say); one that runs goes on under the panel.
        if self.clocked && (input || self.countdown.is_some()) {
            self.run_timers();
        }
    }

    /// Real seconds left on the running countdown.
    pub fn seconds_left(&self) -> Option<u64> {
        Some(self.countdown?.seconds_left(self.now_ms))
    }

    /// Real seconds until the crisis clock runs out at the current pace.
    pub fn seconds_to_clock(&self) -> Option<u64> {
        let secs = self.table.timers.hour_secs? as u64;
        let c = self.game().state().crisis()?;
        let hours = c.clock.saturating_sub(c.now) as u64;
        let this_hour = self.seconds_left().unwrap_or(secs).min(secs);
        Some(hours.saturating_sub(1) * secs + this_hour)
    }

    fn run_timers(&mut self) {
        let state = self.game().state();
        let timer = match state.phase() {
            Phase::Negotiation => self
                .table
                .timers
                .round_secs
                .map(|s| (state.talks.round as u64, s)),
            Phase::Crisis if self.desk.stage == Stage::Decide => self
                .table
                .timers
                .hour_secs
                .map(|s| ((1 << 40) | state.steps as u64, s)),
            _ => None,
        };
        let Some((marker, secs)) = timer else {
            self.countdown = None;
            return;
        };
        let now = self.now_ms;
        let countdown = match self.countdown {
            Some(c) if c.marker == marker => c,
            _ => Countdown::start(marker, secs as u64 * 1000, now),
        };
        self.countdown = Some(countdown);
        if !countdown.expired(now) {
            return;
        }
        self.countdown = None;
        if self.game().state().phase() == Phase::Crisis {
            // The hour passes for the seat that did not act.
            if let Some(seat) = self.desk.viewer
                && let Ok(item) = self.table.act(seat, Action::Wait(1))
            {
                let events = item.events.clone();
                self.changed = true;
                self.desk.say("Time passes (real-time clock).");
                if !self.desk.show_news(&self.table, &events) {
                    self.route();
                }
            }
        } else {
            self.close_round();
        }
    }

    /// The round's time is up: seats that did not act pass; AI seats play as usual.
    fn close_round(&mut self) {
        let round = self.game().state().talks.round;
        let mut news = Vec::new();
        while self.game().state().phase() == Phase::Negotiation
            && self.game().state().talks.round == round
        {
            let Some(seat) = self.game().to_move() else {
                break;
            };
            let events = if self.table.player(seat) == Player::Human {
                match self.table.time_out(seat) {
                    Ok(item) => item.events.clone(),
                    Err(_) => break,
                }
            } else {
                match self.table.step() {
                    Some(item) => item.events.clone(),
                    None => break,
                }
            };
            news.extend(events);
        }
        self.changed = true;
        let name = self.game().scenario().rules().round_name.clone();
        self.desk
            .warn(format!("Time is up: {name} {round} closed."));
        if !self.desk.show_news(&self.table, &news) {
            self.route();
        }
    }
}

/// The news an inject makes: its text and what it changed.
fn intervention_news(
    game: &Game,
    before: &GameState,
    events: &[Event],
) -> Option<crate::table::Headline> {
    let (title, text) = events.iter().find_map(|e| match &e.kind {
        EventKind::Injected { title, text } => Some((title.clone(), text.clone())),
        _ => None,
    })?;
    let title = if title.is_empty() {
        "Inject".to_string()
    } else {
        title
    };
    let mut lines = vec![text];
    lines.extend(effects_text(game.scenario(), before, game.state()));
    Some(crate::table::Headline { title, lines })
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
