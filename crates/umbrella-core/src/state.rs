//! The game state: everything that changes during play, and nothing else.

use crate::draft::Draft;
use crate::event::Event;
use crate::ids::{AttackId, ClauseId, MAX_SEATS, Pick, ResponseSet, Seat, SeatSet};
use crate::raw::{Obligation, Tracks};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use std::hash::{Hash, Hasher};

/// The game's random stream: portable, seedable and saved with the game.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GameRng(Xoshiro256PlusPlus);

pub fn new_rng(seed: u64) -> GameRng {
    GameRng(Xoshiro256PlusPlus::seed_from_u64(seed))
}

impl rand::TryRng for GameRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.0.next_u32())
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.0.next_u64())
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.0.fill_bytes(dst);
        Ok(())
    }
}

/// The stream's next values stand for its state (which it does not expose).
impl Hash for GameRng {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut r = self.0.clone();
        for _ in 0..4 {
            state.write_u64(r.next_u64());
        }
    }
}

/// Options that change the rules of one game, set before it starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GameConfig {
    /// Clauses fixed in advance (the simulation lab's `--set`): nobody may amend them.
    pub fixed: Vec<(ClauseId, Pick)>,
    /// Seats whose personality and priorities are drawn for this game from
    /// the ranges the scenario's rules give (`concession_spread`,
    /// `temper_spread`, `priority_spread`), from the game's seed: the AI
    /// seats, when the setup says "personalities: varied". Empty: every seat
    /// as written (and games saved before the option).
    #[serde(default, skip_serializing_if = "no_seats")]
    pub varied: SeatSet,
}

fn no_seats(seats: &SeatSet) -> bool {
    seats.is_empty()
}

/// Fingerprinted as it was before `varied` existed when no seat is varied,
/// so that every game saved before it replays to the same fingerprints.
impl Hash for GameConfig {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.fixed.hash(state);
        if !self.varied.is_empty() {
            self.varied.hash(state);
        }
    }
}

impl GameConfig {
    pub fn fixed_pick(&self, family: ClauseId) -> Option<Pick> {
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

/// One value per seat. Hashed value by value (an integer array would be
/// hashed as its bytes in the machine's own order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BySeat<T>(pub [T; MAX_SEATS]);

impl<T> std::ops::Deref for BySeat<T> {
    type Target = [T; MAX_SEATS];
    fn deref(&self) -> &[T; MAX_SEATS] {
        &self.0
    }
}
impl<T> std::ops::DerefMut for BySeat<T> {
    fn deref_mut(&mut self) -> &mut [T; MAX_SEATS] {
        &mut self.0
    }
}
impl<T: Hash> Hash for BySeat<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for v in &self.0 {
            v.hash(state);
        }
    }
}

/// Where the game stands, without its data (see [`Stage`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Negotiation => "the negotiation",
            Phase::Offer => "the offer",
            Phase::Interlude => "the months between crises",
            Phase::Crisis => "a crisis",
            Phase::Ended => "the end of the game",
        }
    }
}

/// Where the game stands, with what exists there and only there: a treaty
/// once one is in force, a crisis while one runs.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    Negotiation,
    Offer {
        treaty: Treaty,
    },
    Interlude {
        treaty: Treaty,
    },
    Crisis {
        treaty: Treaty,
        crisis: Box<Crisis>,
    },
    Ended {
        treaty: Option<Treaty>,
        ending: Ending,
    },
}

impl Stage {
    pub fn phase(&self) -> Phase {
        match self {
            Stage::Negotiation => Phase::Negotiation,
            Stage::Offer { .. } => Phase::Offer,
            Stage::Interlude { .. } => Phase::Interlude,
            Stage::Crisis { .. } => Phase::Crisis,
            Stage::Ended { .. } => Phase::Ended,
        }
    }
    pub fn treaty(&self) -> Option<&Treaty> {
        match self {
            Stage::Negotiation => None,
            Stage::Offer { treaty }
            | Stage::Interlude { treaty }
            | Stage::Crisis { treaty, .. } => Some(treaty),
            Stage::Ended { treaty, .. } => treaty.as_ref(),
        }
    }
    pub(crate) fn treaty_mut(&mut self) -> Option<&mut Treaty> {
        match self {
            Stage::Negotiation => None,
            Stage::Offer { treaty }
            | Stage::Interlude { treaty }
            | Stage::Crisis { treaty, .. } => Some(treaty),
            Stage::Ended { treaty, .. } => treaty.as_mut(),
        }
    }
    pub fn crisis(&self) -> Option<&Crisis> {
        match self {
            Stage::Crisis { crisis, .. } => Some(crisis),
            _ => None,
        }
    }
    pub(crate) fn crisis_mut(&mut self) -> Option<&mut Crisis> {
        match self {
            Stage::Crisis { crisis, .. } => Some(crisis),
            _ => None,
        }
    }
    /// The treaty in force, taking it out of this stage (which is left as the negotiation).
    pub(crate) fn take_treaty(&mut self) -> Option<Treaty> {
        match std::mem::replace(self, Stage::Negotiation) {
            Stage::Negotiation => None,
            Stage::Offer { treaty }
            | Stage::Interlude { treaty }
            | Stage::Crisis { treaty, .. } => Some(treaty),
            Stage::Ended { treaty, .. } => treaty,
        }
    }
}

/// Per-seat tracks, public to everyone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SeatTracks {
    /// Domestic support (0-100).
    pub support: i32,
    /// Money spent on responses, in billions.
    pub spent: i32,
}

/// A seat's public position on the current draft.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stance {
    #[default]
    Silent,
    Accepted,
    Rejected(Option<ClauseId>),
    Signed,
}

/// Phase 1: the state of the negotiation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    pub signalled: BySeat<u32>,
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
            .collect::<SeatSet>()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OfferStatus {
    NotOffered,
    Pending,
    Accepted,
    Rejected,
    /// Accepted, then broken by an attack.
    Broken,
}

/// The treaty in force.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

impl ApprovalStatus {
    /// The state of the vote, in a few words ("vote due at hour 30").
    pub fn label(self) -> String {
        match self {
            ApprovalStatus::NotNeeded => "no vote needed".into(),
            ApprovalStatus::Needed => "vote needed".into(),
            ApprovalStatus::Pending { due } => format!("vote due at hour {due}"),
            ApprovalStatus::Granted => "vote: yes".into(),
            ApprovalStatus::Refused => "vote: NO".into(),
        }
    }
}

/// What a seat contributes to the package.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Contribution {
    pub items: ResponseSet,
    /// Crisis hour at which its items are ready (before any approval).
    pub ready_at: u32,
}

/// The response package on the table.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    pub ready_at: BySeat<u32>,
    /// Hour at which the attack is attributed; consultations cannot conclude before.
    pub attributed_at: u32,
    pub convened_by: Option<Seat>,
    pub consult_open_at: Option<u32>,
    pub package: Option<Package>,
    pub contributions: [Contribution; MAX_SEATS],
    pub approvals: [ApprovalStatus; MAX_SEATS],
    pub objections: u32,
    /// Seats that have objected to a package in this crisis.
    #[serde(default)]
    pub objected: SeatSet,
    /// Hour at which each seat's government has settled its position on the
    /// package it last backed: its backing counts from then.
    #[serde(default)]
    pub settled_at: BySeat<u32>,
    /// Actions taken per seat (for "what each guarantor has done").
    pub moves: BySeat<u16>,
    /// The aggressor's place in the crisis, when the scenario gives it moves.
    #[serde(default)]
    pub aggressor: Option<AggressorDesk>,
}

/// The aggressor in a crisis it started: when it may act next, and what it
/// has done to the attack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AggressorDesk {
    pub seat: Seat,
    /// Hour at which it is free to act again.
    pub ready_at: u32,
    /// It has stood down: it takes no further part.
    pub done: bool,
    /// It pressed the attack (true) or stepped back (false), if either.
    pub posture: Option<bool>,
    /// It has denied the attack.
    pub denied: bool,
    /// What its moves added to the attack's severity and damage.
    pub severity: i32,
    pub damage: i32,
}

impl AggressorDesk {
    /// Whether it still acts in the crisis.
    pub fn active(&self) -> bool {
        !self.done
    }
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
        if let Some(a) = self.aggressor.filter(AggressorDesk::active) {
            consider(a.ready_at);
        }
        consider(self.clock);
        next
    }
}

/// How a response compared with the attack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    NoResponse,
    TooWeak,
    Proportionate,
    Overreaction,
}

impl Verdict {
    /// Its name on a label ("too weak").
    pub fn label(self) -> &'static str {
        match self {
            Verdict::NoResponse => "no response",
            Verdict::TooWeak => "too weak",
            Verdict::Proportionate => "proportionate",
            Verdict::Overreaction => "overreaction",
        }
    }
    /// What it says about a response, in a sentence ("an overreaction").
    pub fn judgement(self) -> &'static str {
        match self {
            Verdict::NoResponse => "nothing to judge",
            Verdict::TooWeak => "too weak",
            Verdict::Proportionate => "proportionate",
            Verdict::Overreaction => "an overreaction",
        }
    }
}

/// What happened in a crisis, kept for scoring, the end screen and the report.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CrisisRecord {
    pub month: i32,
    pub attack: AttackId,
    pub place: u8,
    pub clock: u32,
    pub obligation: Obligation,
    pub met: bool,
    pub consult_open_at: Option<u32>,
    pub delivered_at: Option<u32>,
    /// Hour at which the response package was agreed, if it was: the clock
    /// is judged on this (on consultations opening, for consultation only).
    #[serde(default)]
    pub agreed_at: Option<u32>,
    /// Agreed in time but delivered after the clock (or not at all).
    #[serde(default)]
    pub late: bool,
    pub items: ResponseSet,
    pub contributors: SeatSet,
    /// Hour at which each contributor's part of the response was ready.
    pub ready_at: BySeat<u32>,
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sample {
    pub month: i32,
    pub tracks: Tracks,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ending {
    /// The scenario's horizon was reached.
    Horizon,
    /// The top rung of the escalation ladder: a loss for everyone.
    War,
    /// The protected party's security collapsed.
    Collapse,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GameState {
    pub seed: u64,
    pub rng: GameRng,
    pub config: GameConfig,
    /// Months since the treaty entered into force.
    pub month: i32,
    pub tracks: Tracks,
    pub seats: Vec<SeatTracks>,
    /// The negotiation: under way in phase 1, its record afterwards.
    pub talks: Talks,
    /// Where the game stands, with the treaty in force and the crisis under way.
    pub stage: Stage,
    pub crises: Vec<CrisisRecord>,
    pub history: Vec<Sample>,
    pub log: Vec<Event>,
    /// Months since the last attack (for the escalation cool-down).
    pub quiet_months: i32,
    pub peak_escalation: i32,
    /// Guarantors that have taken their decision between crises since the
    /// aggressor's last one.
    #[serde(default)]
    pub decided: SeatSet,
    /// Guarantors whose readiness holds until their next crisis closes.
    #[serde(default)]
    pub ready: SeatSet,
    /// Actions applied so far.
    pub steps: u32,
    /// The aggressor's warnings and deals at the table. The deals are
    /// private: only [`crate::SeatView::deals`] shows them, to the aggressor
    /// and to the guarantor each was offered to.
    #[serde(default, skip_serializing_if = "Diplomacy::is_empty")]
    pub diplomacy: Diplomacy,
}

/// The aggressor's moves at the table ([`crate::raw::TableMoves`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diplomacy {
    /// Options warned against publicly, in the order of the warnings.
    pub threats: Vec<(ClauseId, u8)>,
    /// Deals offered in private, one per guarantor at most.
    pub deals: Vec<Deal>,
}

impl Diplomacy {
    pub fn is_empty(&self) -> bool {
        self.threats.is_empty() && self.deals.is_empty()
    }
    pub fn threatened(&self, clause: ClauseId, option: usize) -> bool {
        self.threats
            .iter()
            .any(|(c, o)| *c == clause && *o as usize == option)
    }
}

/// Fingerprinted as nothing while empty, so that games saved before the
/// aggressor could move at the table replay to the same fingerprints.
impl Hash for Diplomacy {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if !self.is_empty() {
            self.threats.hash(state);
            self.deals.hash(state);
        }
    }
}

/// A deal offered through a back channel: the guarantor gains if the treaty
/// in force leaves the option out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Deal {
    pub seat: Seat,
    pub clause: ClauseId,
    pub option: u8,
    pub outcome: DealOutcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DealOutcome {
    /// The treaty is not in force yet.
    Pending,
    /// The treaty left the option out: the deal was paid, quietly.
    Paid,
    /// The treaty left the option out, and the deal came to light.
    Exposed,
    /// The treaty holds the option: nothing is owed.
    Void,
}

impl GameState {
    pub fn phase(&self) -> Phase {
        self.stage.phase()
    }
    /// The treaty in force (negotiated or the fallback), once there is one.
    pub fn treaty(&self) -> Option<&Treaty> {
        self.stage.treaty()
    }
    /// The crisis under way, if any.
    pub fn crisis(&self) -> Option<&Crisis> {
        self.stage.crisis()
    }
    pub fn ending(&self) -> Option<Ending> {
        match self.stage {
            Stage::Ended { ending, .. } => Some(ending),
            _ => None,
        }
    }

    /// A fingerprint of the whole state, cheap enough to take after every
    /// step: two replays of the same game agree on it step by step, and
    /// differ from the step where they diverge. The same on every machine.
    pub fn digest(&self) -> u64 {
        let mut h = crate::hash::Fnv::default();
        self.hash(&mut h);
        h.finish()
    }
}
