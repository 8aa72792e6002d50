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
use crate::table::{Table, TurnClock};
use crate::tui::keys::{Binding, Key};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Session {
    pub table: Table,
    pub desk: Desk,
    /// The real-time limit of the seat to move (kept here for the terminal
    /// game; a server keeps the table's and copies it here to show it).
    pub clock: TurnClock,
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
            clock: TurnClock::default(),
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
        // The countdown stands still from the moment of the pause, and runs
        // on from the moment of the resume.
        if self.clocked {
            let now = self.now_ms;
            self.clock_tick(now, false);
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
    /// a dialog is open: auto-play waits, and the turn's countdown stands still.
    pub fn tick(&mut self, now: u64, input: bool) {
        self.now_ms = now;
        if !self.paused() && input && self.desk.autoplay && self.desk.stage == Stage::Watch {
            self.run(Command::Next, Key::Enter);
        }
        if self.clocked {
            // Held while nobody is deciding: a dialog (the PIN, the panel), a
            // hand-over, a briefing, the news.
            let held = !input || self.desk.stage != Stage::Decide;
            self.clock_tick(now, held);
        }
    }

    /// Run the turn's countdown to `now`; when it runs out, the seat to move
    /// makes the rules' default move (a pass; an hour's wait in a crisis).
    fn clock_tick(&mut self, now: u64, held: bool) {
        let Some(seat) = self.clock.tick(&self.table, now, held) else {
            return;
        };
        let crisis = self.game().state().phase() == Phase::Crisis;
        let Ok(item) = self.table.time_out(seat) else {
            return;
        };
        let events = item.events.clone();
        self.changed = true;
        let name = self.game().scenario().faction(seat).name.clone();
        self.desk.warn(if crisis {
            format!("Time passes: an hour goes by for {name} (real-time limit).")
        } else {
            format!("Time is up: {name} passes (real-time limit).")
        });
        if !self.desk.show_news(&self.table, &events) {
            self.route();
        }
    }

    /// Real seconds left of the turn.
    pub fn seconds_left(&self) -> Option<u64> {
        self.clock.seconds_left(self.now_ms)
    }

    /// Real seconds until the crisis clock runs out if every human seat uses
    /// its whole turn for each game hour.
    pub fn seconds_to_clock(&self) -> Option<u64> {
        let secs = self.table.timers.hour_secs? as u64;
        let c = self.game().state().crisis()?;
        let hours = c.clock.saturating_sub(c.now) as u64;
        let humans = self.table.humans().len() as u64;
        Some(crate::table::seconds_to_clock(
            self.seconds_left(),
            secs,
            hours,
            humans,
        ))
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
