//! The table: one game, who plays each seat, the feed of moves as the table
//! saw them, and what a seat may take back. Front-end agnostic (no terminal,
//! no files, no clock): the terminal game drives it, and a network server can
//! share one table between many terminals.

mod seminar;
mod timer;

pub use seminar::{PIN_DIGITS, PinLock, TIMER_SECS, Timers, pin_delay_ms};
pub use timer::{Countdown, TurnClock, seconds_to_clock};

use crate::ai::{self, Bot, Decision, Level, Player};
use crate::core::*;
use std::sync::Arc;

/// One move as the table saw it: who, why (for AI seats), and what followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedItem {
    /// Who moved; `None` for the facilitator.
    pub seat: Option<Seat>,
    /// The AI's reason; `None` for human and facilitator moves.
    pub reason: Option<String>,
    /// What the move caused, in order.
    pub events: Vec<Event>,
    /// Length of the game's record after this move (undo truncates the feed here).
    pub step: usize,
}

/// Public news worth stopping for: an attack, a treaty, a verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Headline {
    pub title: String,
    pub lines: Vec<String>,
}

/// Why a move could not be taken back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TakeBackError {
    #[error("nothing to take back")]
    Nothing,
    #[error("the game could not be rebuilt without it: {0}")]
    Replay(#[from] ReplayError),
}

/// A new game's identity: eight hex digits from the operating system's
/// generator. Its saves are named by it, so no other game (not even one with
/// the same scenario and seed) overwrites them.
pub fn new_game_id() -> String {
    format!("{:08x}", rand::random::<u32>())
}

/// Whether `id` is a game identity a save may carry: it names files, so 1 to
/// 32 ASCII letters, digits and dashes only.
pub fn valid_game_id(id: &str) -> bool {
    (1..=32).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[derive(Clone, Debug)]
pub struct Table {
    /// The game's identity (see [`new_game_id`]).
    pub id: String,
    /// The seminar's facilitator, if the game has one.
    pub lock: Option<PinLock>,
    /// The seminar's real-time limits.
    pub timers: Timers,
    /// The game this one branched off, if it is a what-if branch.
    pub branch: Option<crate::save::Branch>,
    game: Game,
    players: Vec<Player>,
    feed: Vec<FeedItem>,
    /// Record lengths before each human move that may still be taken back,
    /// with the seat that made it. Only the last human seat to move may take
    /// its moves back: once another human seat has moved, nobody can.
    undo: Vec<(Seat, usize)>,
    /// Counts every change to the game (a move, an intervention, a move taken
    /// back), so front ends can tell when to redraw and save.
    revision: u64,
}

impl Table {
    /// A table for `game`, as a new game with an identity of its own.
    pub fn new(game: Game, players: Vec<Player>) -> Table {
        Table::with_id(game, players, new_game_id())
    }

    /// A table for `game` continuing the game called `id` (a loaded save).
    pub fn with_id(game: Game, mut players: Vec<Player>, id: String) -> Table {
        players.resize(game.scenario().factions().len(), Player::Ai(Level::Normal));
        Table {
            id,
            lock: None,
            timers: Timers::default(),
            branch: None,
            game,
            players,
            feed: Vec::new(),
            undo: Vec::new(),
            revision: 0,
        }
    }

    /// A number that changes whenever the game does.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn game(&self) -> &Game {
        &self.game
    }
    pub fn scenario(&self) -> &Arc<Scenario> {
        self.game.scenario()
    }
    pub fn players(&self) -> &[Player] {
        &self.players
    }
    pub fn player(&self, seat: Seat) -> Player {
        self.players
            .get(seat.index())
            .copied()
            .unwrap_or(Player::Ai(Level::Normal))
    }
    pub fn feed(&self) -> &[FeedItem] {
        &self.feed
    }

    /// The seats humans play.
    pub fn humans(&self) -> SeatSet {
        self.players
            .iter()
            .enumerate()
            .filter(|(_, p)| **p == Player::Human)
            .map(|(i, _)| Seat(i as u8))
            .collect()
    }

    /// The seat to move, if humans play it.
    pub fn human_to_move(&self) -> Option<Seat> {
        self.game
            .to_move()
            .filter(|s| self.player(*s) == Player::Human)
    }

    /// The seat to move, if an AI plays it.
    pub fn ai_to_move(&self) -> Option<(Seat, Bot)> {
        let seat = self.game.to_move()?;
        self.player(seat).bot().map(|bot| (seat, bot))
    }

    /// A human seat's move. On success the feed has a new item, returned.
    pub fn act(&mut self, seat: Seat, action: Action) -> Result<&FeedItem, RuleError> {
        if self.player(seat) != Player::Human {
            return Err(RuleError::NotForThisSeat("be played by a human now"));
        }
        let before = self.game.record().len();
        let events = self.game.apply(seat, action)?;
        if self.undo.iter().any(|(s, _)| *s != seat) {
            self.undo.clear();
        }
        self.undo.push((seat, before));
        Ok(self.record(Some(seat), None, events))
    }

    /// A seat's move made for it when its time ran out: the rules' default for
    /// the phase. It can be taken back like the seat's own moves.
    pub fn time_out(&mut self, seat: Seat) -> Result<&FeedItem, RuleError> {
        let action = default_action(self.game.state().phase());
        self.act(seat, action)
    }

    /// The next AI move, if an AI seat is to move.
    pub fn step(&mut self) -> Option<&FeedItem> {
        let (seat, bot) = self.ai_to_move()?;
        let (decision, events) = ai::play_move(&mut self.game, seat, bot).ok()?;
        // The feed is public: a private move shows as what the others see.
        let reason = if decision.action.is_private() {
            ai::cover_reason(&self.game.view(seat))
        } else {
            decision.reason.line()
        };
        Some(self.record(Some(seat), Some(reason), events))
    }

    /// Let AI seats play until a human seat must move, the game ends, or a
    /// move's events satisfy `stop` (news the players should read first).
    /// Returns how many moves were played.
    pub fn advance(&mut self, stop: impl Fn(&[Event]) -> bool) -> usize {
        let mut moves = 0;
        while self.game.state().steps < crate::lab::MAX_STEPS {
            let Some(item) = self.step() else { break };
            moves += 1;
            if stop(&item.events) {
                break;
            }
        }
        moves
    }

    /// A facilitator's intervention, for everyone to see. Handing a seat over
    /// changes who plays it; nothing before an intervention can be taken back.
    pub fn intervene(&mut self, intervention: Intervention) -> Result<&FeedItem, RuleError> {
        let events = self.game.intervene(intervention.clone())?;
        if let Intervention::HandSeat { seat, to_ai } = intervention
            && let Some(p) = self.players.get_mut(seat.index())
        {
            *p = if to_ai {
                Player::Ai(Level::Normal)
            } else {
                Player::Human
            };
        }
        self.undo.clear();
        Ok(self.record(None, None, events))
    }

    /// Hand seats to other players (a loaded game continued with other seats).
    pub fn set_players(&mut self, mut players: Vec<Player>) {
        players.resize(self.players.len(), Player::Ai(Level::Normal));
        self.players = players;
        self.undo.clear();
    }

    /// Whether `seat` has a move it may take back.
    pub fn can_take_back(&self, seat: Seat) -> bool {
        self.undo.last().is_some_and(|(s, _)| *s == seat)
    }

    /// Take back `seat`'s last move and everything that followed it (the AI
    /// seats' moves after it), by replaying the game without them.
    pub fn take_back(&mut self, seat: Seat) -> Result<(), TakeBackError> {
        let Some(&(s, point)) = self.undo.last() else {
            return Err(TakeBackError::Nothing);
        };
        if s != seat {
            return Err(TakeBackError::Nothing);
        }
        let state = self.game.state();
        let record = &self.game.record()[..point.min(self.game.record().len())];
        let game = Game::replay(
            Arc::clone(self.game.scenario()),
            state.seed,
            state.config.clone(),
            record,
        )?;
        self.undo.pop();
        self.game = game;
        self.revision += 1;
        self.feed.retain(|f| f.step <= point);
        Ok(())
    }

    /// The same table with its game replayed on another version of its
    /// scenario (the same record from the same seed): what a seat would see
    /// if other seats' secrets were different.
    pub fn on_scenario(&self, scenario: Arc<Scenario>) -> Result<Table, ReplayError> {
        let state = self.game.state();
        let game = Game::replay(
            scenario,
            state.seed,
            state.config.clone(),
            self.game.record(),
        )?;
        Ok(Table {
            game,
            ..self.clone()
        })
    }

    /// What the adviser would do in `seat`'s place, from that seat's view only.
    pub fn advice(&self, seat: Seat) -> Decision {
        let mut rng = ai::rng_for(self.game.state().seed, seat, self.game.state().steps);
        let view = self.game.view(seat);
        let suggestion = ai::baseline(&view, &mut rng);
        let suggestion = ai::within_red_lines(&view, suggestion, &mut rng);
        ai::in_proportion(&view, suggestion)
    }

    fn record(
        &mut self,
        seat: Option<Seat>,
        reason: Option<String>,
        events: Vec<Event>,
    ) -> &FeedItem {
        let step = self.game.record().len();
        self.revision += 1;
        self.feed.push(FeedItem {
            seat,
            reason,
            events,
            step,
        });
        let last = self.feed.len() - 1;
        &self.feed[last]
    }
}

/// The important public news among `events`, if any, as the table announces it.
pub fn headline(s: &Scenario, state: &GameState, events: &[Event]) -> Option<Headline> {
    let mut title = None;
    let mut lines = Vec::new();
    for e in events {
        let headline = match &e.kind {
            EventKind::TreatyInForce {
                negotiated: true, ..
            } => Some("The treaty enters into force".to_string()),
            EventKind::DeadlinePassed => Some("No agreement".to_string()),
            EventKind::OfferAnswered { .. } => {
                Some(s.faction(s.aggressor()).says("answers") + " the offer")
            }
            EventKind::AttackLaunched { .. } => Some("Attack!".to_string()),
            EventKind::CrisisClosed { met: true, .. } => Some("The clock is met".to_string()),
            EventKind::CrisisClosed { met: false, .. } => Some("The clock is missed".to_string()),
            EventKind::GameEnded { .. } => Some("The game is over".to_string()),
            EventKind::MonthsPassed { .. } => Some("Quiet months".to_string()),
            EventKind::Injected { title, .. } if title.is_empty() => Some("Inject".to_string()),
            EventKind::Injected { title, .. } => Some(title.clone()),
            EventKind::AttackPressed { .. } => {
                Some(s.faction(s.aggressor()).says("presses") + " the attack")
            }
            EventKind::SteppedBack { .. } => Some(s.faction(s.aggressor()).says("steps") + " back"),
            EventKind::AttackDenied { .. } => {
                Some(s.faction(s.aggressor()).says("denies") + " the attack")
            }
            // Part of a story told by another headline.
            EventKind::TreatyInForce { .. }
            | EventKind::Provoked { .. }
            | EventKind::PledgeBroken
            | EventKind::AttributionExpected { .. }
            | EventKind::Breach { .. }
            | EventKind::Escalated { .. }
            | EventKind::Spiralled { .. } => None,
            _ => continue,
        };
        if title.is_none() {
            title = headline;
        }
        lines.push(e.describe(s));
        if matches!(e.kind, EventKind::MonthsPassed { .. }) {
            let t = state.tracks;
            let names = s.tracks();
            lines.push(format!(
                "{} {} · {} {} · {}: {}",
                names.credibility,
                t.credibility,
                names.security,
                t.security,
                names.escalation,
                s.rung_name(t.escalation)
            ));
        }
    }
    title.map(|title| Headline { title, lines })
}
