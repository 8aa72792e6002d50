//! The game state: everything that changes during play, and nothing else.

use super::draft::Draft;
use super::event::Event;
use super::ids::{AttackId, ClauseFamily, MAX_SEATS, Pick, ResponseSet, Seat, SeatSet};
use super::scenario::{Obligation, Tracks};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// The game's random stream: portable, seedable and saved with the game.
pub type GameRng = Xoshiro256PlusPlus;

pub fn new_rng(seed: u64) -> GameRng {
    GameRng::seed_from_u64(seed)
}

/// Options that change the rules of one game, set before it starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GameConfig {
    /// Clauses fixed in advance (the simulation lab's `--set`): nobody may amend them.
    pub fixed: Vec<(ClauseFamily, Pick)>,
}

impl GameConfig {
    pub fn fixed_pick(&self, family: ClauseFamily) -> Option<Pick> {
        self.fixed
            .iter()
            .find(|(f, _)| *f == family)
            .map(|(_, p)| *p)
    }

    /// The draft with the fixed clauses applied.
    pub fn apply(&self, mut draft: Draft) -> Draft {
        for (f, p) in &self.fixed {
            draft = draft.with(*f, *p);
        }
        draft
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Phase 1: the treaty is negotiated in rounds.
    Negotiation,
    /// The aggressor answers the treaty's offer.
    Offer,
    /// Months pass; the aggressor decides whether and how to attack.
    Interlude,
    /// Phase 2: an attack has started the treaty clock.
    Crisis,
    Ended,
}

/// Per-seat tracks, public to everyone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatTracks {
    /// Domestic support (0-100).
    pub support: i32,
    /// Money spent on responses, in billions.
    pub spent: i32,
}

/// A seat's public position on the current draft.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stance {
    #[default]
    Silent,
    Accepted,
    Rejected(Option<ClauseFamily>),
    Signed,
}

/// Phase 1: the state of the negotiation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Talks {
    /// Current round, from 1.
    pub round: i32,
    /// Position in this round's order of play.
    pub turn: u8,
    pub draft: Option<Draft>,
    /// The draft before the last change, for showing what changed.
    pub previous: Option<Draft>,
    pub tabled_by: Option<Seat>,
    pub changed_by: Option<Seat>,
    pub stances: [Stance; MAX_SEATS],
    /// Red lines each seat has signalled publicly (bit i = its red line i).
    pub signalled: [u32; MAX_SEATS],
    /// The seat to move has already used its free signal this turn.
    pub signalled_this_turn: bool,
    /// The required signatures are in: the text is frozen, others may still sign this round.
    pub concluded: bool,
    /// Drafts tabled and amendments made.
    pub changes: u32,
    /// The last round: the deadline (the facilitator may move it).
    pub deadline: i32,
}

impl Talks {
    pub fn signed(&self) -> SeatSet {
        self.with_stance(|s| s == Stance::Signed)
    }
    pub fn accepted(&self) -> SeatSet {
        self.with_stance(|s| s == Stance::Accepted)
    }
    fn with_stance(&self, f: impl Fn(Stance) -> bool) -> SeatSet {
        (0..MAX_SEATS as u8)
            .filter(|i| f(self.stances[*i as usize]))
            .map(Seat)
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferStatus {
    NotOffered,
    Pending,
    Accepted,
    Rejected,
    /// Accepted, then broken by an attack.
    Broken,
}

/// The treaty in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Treaty {
    pub draft: Draft,
    /// Seats bound by it. Non-signers are not bound.
    pub signatories: SeatSet,
    /// Concluded by negotiation rather than the fallback.
    pub negotiated: bool,
    /// Round in which it was concluded (the deadline round for the fallback).
    pub round: i32,
    pub offer: OfferStatus,
}

/// A seat's national approval for deploying forces in the current crisis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApprovalStatus {
    #[default]
    NotNeeded,
    /// Its contribution deploys forces and needs a vote it has not sought yet.
    Needed,
    Pending {
        due: u32,
    },
    Granted,
    Refused,
}

/// What a seat contributes to the package.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    pub items: ResponseSet,
    /// Crisis hour at which its items are ready (before any approval).
    pub ready_at: u32,
}

/// The response package on the table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub items: ResponseSet,
    /// Who proposed it; `None` for the treaty's automatic response.
    pub by: Option<Seat>,
    pub at: u32,
    pub supporters: SeatSet,
    pub objectors: SeatSet,
    pub agreed_at: Option<u32>,
}

/// Phase 2: an attack and the response under the clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crisis {
    pub attack: AttackId,
    /// Index into the attack's places.
    pub place: u8,
    /// Hours since the attack.
    pub now: u32,
    /// The treaty clock, in hours from the attack.
    pub clock: u32,
    /// Hour at which the crisis closes with whatever was done.
    pub closes_at: u32,
    pub obligation: Obligation,
    /// Seats that act in this crisis (guarantors and the protected party).
    pub participants: SeatSet,
    /// Seats bound by the treaty's obligation.
    pub bound: SeatSet,
    /// Seats that have stood down.
    pub done: SeatSet,
    /// Hour at which each seat is free to act again.
    pub ready_at: [u32; MAX_SEATS],
    /// Hour at which the attack is attributed; consultations cannot conclude before.
    pub attributed_at: u32,
    pub convened_by: Option<Seat>,
    pub consult_open_at: Option<u32>,
    pub package: Option<Package>,
    pub contributions: [Contribution; MAX_SEATS],
    pub approvals: [ApprovalStatus; MAX_SEATS],
    pub objections: u32,
    /// Actions taken per seat (for "what each guarantor has done").
    pub moves: [u16; MAX_SEATS],
}

impl Crisis {
    /// The next hour at which something is due: consultations opening, a
    /// national vote, a seat free again, or the clock itself; at most four
    /// hours ahead.
    pub fn next_event_hour(&self) -> u32 {
        let mut next = self.now + 4;
        let mut consider = |h: u32| {
            if h > self.now {
                next = next.min(h);
            }
        };
        if let Some(h) = self.consult_open_at {
            consider(h);
        }
        for a in self.approvals {
            if let ApprovalStatus::Pending { due } = a {
                consider(due);
            }
        }
        for s in self.participants.minus(self.done).iter() {
            consider(self.ready_at[s.index()]);
        }
        consider(self.clock);
        next
    }
}

/// How a response compared with the attack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    NoResponse,
    TooWeak,
    Proportionate,
    Overreaction,
}

/// What happened in a crisis, kept for scoring, the end screen and the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrisisRecord {
    pub month: i32,
    pub attack: AttackId,
    pub place: u8,
    pub clock: u32,
    pub obligation: Obligation,
    pub met: bool,
    pub consult_open_at: Option<u32>,
    pub delivered_at: Option<u32>,
    pub items: ResponseSet,
    pub contributors: SeatSet,
    /// Hour at which each contributor's part of the response was ready.
    pub ready_at: [u32; MAX_SEATS],
    /// Seats the treaty bound in this crisis.
    pub bound: SeatSet,
    pub breaches: SeatSet,
    pub strength: i32,
    pub severity: i32,
    pub verdict: Verdict,
    /// Change of the shared tracks from the attack to the close of the crisis.
    pub changes: Tracks,
}

/// Shared tracks at a moment of game time, for charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    pub month: i32,
    pub tracks: Tracks,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ending {
    /// The scenario's horizon was reached.
    Horizon,
    /// The top rung of the escalation ladder: a loss for everyone.
    War,
    /// The protected party's security collapsed.
    Collapse,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GameState {
    pub seed: u64,
    pub rng: GameRng,
    pub config: GameConfig,
    pub phase: Phase,
    /// Months since the treaty entered into force.
    pub month: i32,
    pub tracks: Tracks,
    pub seats: Vec<SeatTracks>,
    pub talks: Talks,
    pub treaty: Option<Treaty>,
    pub crisis: Option<Crisis>,
    pub crises: Vec<CrisisRecord>,
    pub history: Vec<Sample>,
    pub log: Vec<Event>,
    /// Months since the last attack (for the escalation cool-down).
    pub quiet_months: i32,
    pub peak_escalation: i32,
    pub ending: Option<Ending>,
    /// Actions applied so far.
    pub steps: u32,
}

impl GameState {
    /// A fingerprint of the state, cheap enough to take after every step: two
    /// replays of the same game agree on it step by step, and differ from the
    /// step where they diverge.
    pub fn digest(&self) -> u64 {
        let mut h = super::hash::Fnv::default();
        h.u64(self.steps as u64)
            .u64(self.phase as u64)
            .i32(self.month);
        let t = self.tracks;
        for v in [t.credibility, t.security, t.costs, t.escalation, t.cohesion] {
            h.i32(v);
        }
        for seat in &self.seats {
            h.i32(seat.support).i32(seat.spent);
        }
        h.i32(self.talks.round)
            .u64(self.talks.turn as u64)
            .u64(self.talks.changes as u64);
        if let Some(d) = self.talks.draft {
            for p in d.0 {
                h.u64(p.0 as u64);
            }
        }
        for st in self.talks.stances {
            h.u64(match st {
                Stance::Silent => 0,
                Stance::Accepted => 1,
                Stance::Rejected(_) => 2,
                Stance::Signed => 3,
            });
        }
        if let Some(treaty) = &self.treaty {
            for p in treaty.draft.0 {
                h.u64(p.0 as u64);
            }
            h.u64(treaty.signatories.0 as u64).u64(treaty.offer as u64);
        }
        if let Some(c) = &self.crisis {
            h.u64(c.now as u64).u64(c.clock as u64).u64(c.done.0 as u64);
            if let Some(p) = &c.package {
                h.u64(p.items.0 as u64)
                    .u64(p.supporters.0 as u64)
                    .u64(p.objectors.0 as u64);
            }
        }
        h.u64(self.crises.len() as u64)
            .u64(self.log.len() as u64)
            .i32(self.quiet_months);
        // The random stream's next value stands for its whole state.
        h.u64(self.rng.clone().next_u64());
        h.finish()
    }
}
