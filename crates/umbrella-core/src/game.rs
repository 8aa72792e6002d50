//! The game: a validated scenario plus its state, and the one door through
//! which every decision enters — [`Game::apply`].

use crate::action::{Action, RuleError};
use crate::draft::{Draft, TreatyTerms};
use crate::event::{Event, EventKind, When};
use crate::facilitator::Intervention;
use crate::ids::{MAX_SEATS, Seat, SeatSet};
use crate::raw::{Role, Tracks};
use crate::scenario::Scenario;
use crate::state::*;
use crate::view::{PublicView, SeatView};
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use thiserror::Error;

/// Why a game could not be set up.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SetupError {
    #[error("a fixed clause choice is not valid for this scenario")]
    InvalidFixedClause,
}

#[derive(Clone, Debug)]
pub struct Game {
    scenario: Arc<Scenario>,
    state: GameState,
    /// Every step applied since the start, in order: with the seed, the whole game.
    record: Vec<Step>,
    /// False for a game rebuilt from a bare state: its record does not reach back to the start.
    complete: bool,
    /// The terms of the treaty in force, worked out when it entered into
    /// force (the rules and the AI read them at every step of a crisis),
    /// with the text they are the terms of: a text changed since (by a
    /// facilitator) is read afresh, never by old terms.
    terms: Option<(Draft, TreatyTerms)>,
}

/// One entry of a game's record: a seat's decision or a facilitator's intervention.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Seat(Seat, Action),
    Facilitator(Intervention),
}

/// Why a record could not be replayed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("step {step}: {error}")]
pub struct ReplayError {
    /// Index of the step that was refused (from 0).
    pub step: usize,
    pub error: RuleError,
}

impl Game {
    /// A new game of `scenario` with this seed.
    pub fn new(scenario: Arc<Scenario>, seed: u64, config: GameConfig) -> Result<Game, SetupError> {
        if config
            .fixed
            .iter()
            .any(|(f, p)| !Draft::pick_is_valid(&scenario, *f, *p))
        {
            return Err(SetupError::InvalidFixedClause);
        }
        let scenario = if config.varied.is_empty() {
            scenario
        } else {
            Arc::new(crate::variety::varied(&scenario, seed, config.varied))
        };
        let seats = scenario
            .factions()
            .iter()
            .map(|f| SeatTracks {
                support: f.support.clamp(0, 100),
                spent: 0,
            })
            .collect();
        let mut state = GameState {
            seed,
            rng: new_rng(seed),
            config,
            month: 0,
            tracks: scenario.start(),
            seats,
            talks: Talks {
                round: 1,
                turn: 0,
                draft: None,
                previous: None,
                tabled_by: None,
                changed_by: None,
                stances: [Stance::Silent; MAX_SEATS],
                signalled: BySeat::default(),
                signalled_this_turn: false,
                concluded: false,
                changes: 0,
                deadline: scenario.rules().negotiation_rounds.max(1),
            },
            stage: Stage::Negotiation,
            crises: Vec::new(),
            history: Vec::new(),
            log: Vec::new(),
            quiet_months: 0,
            decided: SeatSet::EMPTY,
            ready: SeatSet::EMPTY,
            peak_escalation: scenario.start().escalation,
            steps: 0,
            diplomacy: Diplomacy::default(),
        };
        if let Some((by, draft)) = scenario.opening() {
            let draft = state.config.apply(draft);
            state.talks.draft = Some(draft);
            state.talks.tabled_by = Some(by);
            state.talks.changed_by = Some(by);
            state.log.push(Event {
                when: When::Round(1),
                kind: EventKind::DraftTabled {
                    by,
                    draft,
                    previous: None,
                },
            });
        }
        state.log.insert(
            0,
            Event {
                when: When::Round(1),
                kind: EventKind::NegotiationsOpen {
                    rounds: scenario.rules().negotiation_rounds,
                },
            },
        );
        Ok(Game {
            scenario,
            state,
            record: Vec::new(),
            complete: true,
            terms: None,
        })
    }

    /// Rebuild a game from its seed and record, checking every step against the rules.
    pub fn replay(
        scenario: Arc<Scenario>,
        seed: u64,
        config: GameConfig,
        steps: &[Step],
    ) -> Result<Game, ReplayError> {
        let mut game = Game::new(scenario, seed, config).map_err(|e| ReplayError {
            step: 0,
            error: RuleError::Setup(e.to_string()),
        })?;
        for (i, step) in steps.iter().enumerate() {
            game.step(step.clone())
                .map_err(|error| ReplayError { step: i, error })?;
        }
        Ok(game)
    }

    /// Apply one recorded step.
    pub fn step(&mut self, step: Step) -> Result<Vec<Event>, RuleError> {
        match step {
            Step::Seat(seat, action) => self.apply(seat, action),
            Step::Facilitator(intervention) => self.intervene(intervention),
        }
    }

    /// The steps applied so far.
    pub fn record(&self) -> &[Step] {
        &self.record
    }

    /// Whether the record reaches back to the start (so seed and record rebuild this game).
    pub fn has_complete_record(&self) -> bool {
        self.complete
    }

    /// A game from a state of this scenario (a sampled world for search).
    pub(crate) fn from_parts(scenario: Arc<Scenario>, state: GameState) -> Game {
        Game {
            scenario,
            state,
            record: Vec::new(),
            complete: false,
            terms: None,
        }
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn state(&self) -> &GameState {
        &self.state
    }

    pub fn is_over(&self) -> bool {
        self.state.phase() == Phase::Ended
    }

    /// What `seat` may see of the game.
    pub fn view(&self, seat: Seat) -> SeatView<'_> {
        SeatView::new(self, seat)
    }

    /// What everyone may see (a projector, an observer, a hand-over screen).
    pub fn public_view(&self) -> PublicView<'_> {
        PublicView::new(self)
    }

    /// The seat whose decision the game is waiting for.
    pub fn to_move(&self) -> Option<Seat> {
        let s = &self.state;
        match &s.stage {
            Stage::Negotiation => Some(self.negotiation_turn(s.talks.round, s.talks.turn)),
            Stage::Offer { .. } => Some(self.scenario.aggressor()),
            Stage::Interlude { .. } => {
                Some(self.policy_turn().unwrap_or(self.scenario.aggressor()))
            }
            Stage::Crisis { crisis, .. } => next_in_crisis(crisis),
            Stage::Ended { .. } => None,
        }
    }

    /// The seat playing position `turn` of `round`: the order rotates each round.
    pub(crate) fn negotiation_turn(&self, round: i32, turn: u8) -> Seat {
        let n = self.scenario.factions().len() as i32;
        Seat(((round - 1 + turn as i32).rem_euclid(n)) as u8)
    }

    /// Whether `seat` may take `action` now, without changing anything.
    pub fn check(&self, seat: Seat, action: &Action) -> Result<(), RuleError> {
        if self.state.phase() == Phase::Ended {
            return Err(RuleError::GameOver);
        }
        if self.to_move() != Some(seat) {
            return Err(RuleError::NotYourTurn);
        }
        match self.state.phase() {
            Phase::Negotiation => self.check_negotiation(seat, action),
            Phase::Offer => match action {
                Action::AnswerOffer { .. } => Ok(()),
                _ => Err(not_now(
                    action,
                    "the aggressor must answer the treaty's offer",
                )),
            },
            Phase::Interlude if seat != self.scenario.aggressor() => match action {
                Action::Hold => Ok(()),
                Action::Policy(p) if (*p as usize) < self.scenario.policies().len() => Ok(()),
                Action::Policy(_) => Err(RuleError::UnknownPolicy),
                _ => Err(not_now(
                    action,
                    "between crises a guarantor adopts a policy or holds its course",
                )),
            },
            Phase::Interlude => match action {
                Action::Hold => Ok(()),
                Action::Attack(a) if a.index() < self.scenario.attacks().len() => Ok(()),
                Action::Attack(_) => Err(RuleError::UnknownAttack),
                _ => Err(not_now(
                    action,
                    "months are passing; only the aggressor decides",
                )),
            },
            Phase::Crisis => self.check_crisis(seat, action),
            Phase::Ended => Err(RuleError::GameOver),
        }
    }

    /// Apply `seat`'s decision. On success the events it caused are returned
    /// (and logged); on error nothing has changed.
    pub fn apply(&mut self, seat: Seat, action: Action) -> Result<Vec<Event>, RuleError> {
        let before = self.state.log.len();
        self.perform(seat, action)?;
        Ok(self.state.log[before..].to_vec())
    }

    /// [`Game::apply`] for a caller that reads none of the events (the lab
    /// plays thousands of games): they are logged, not handed back.
    pub fn perform(&mut self, seat: Seat, action: Action) -> Result<(), RuleError> {
        self.check(seat, &action)?;
        self.state.steps += 1;
        match self.state.phase() {
            Phase::Negotiation => self.negotiate(seat, action),
            Phase::Offer => self.answer_offer(action),
            Phase::Interlude => self.interlude(seat, action),
            Phase::Crisis => self.crisis_action(seat, action),
            Phase::Ended => {}
        }
        self.record.push(Step::Seat(seat, action));
        Ok(())
    }

    // ---- shared helpers -------------------------------------------------

    pub(crate) fn record_step(&mut self, step: Step) {
        self.record.push(step);
    }

    pub(crate) fn st(&mut self) -> &mut GameState {
        &mut self.state
    }

    pub(crate) fn now(&self) -> When {
        let s = &self.state;
        match &s.stage {
            Stage::Negotiation => When::Round(s.talks.round),
            Stage::Crisis { crisis, .. } => When::Hour(s.month, crisis.now),
            _ => When::Month(s.month),
        }
    }

    pub(crate) fn log(&mut self, kind: EventKind) {
        let when = self.now();
        self.state.log.push(Event { when, kind });
    }

    /// Terms of the treaty in force, if any.
    pub fn terms(&self) -> Option<TreatyTerms> {
        self.state.treaty().map(|t| self.terms_of(&t.draft))
    }

    /// Keep the terms of the treaty's text as it now stands.
    pub(crate) fn keep_terms(&mut self) {
        self.terms = self
            .state
            .treaty()
            .map(|t| (t.draft, TreatyTerms::of(&self.scenario, &t.draft)));
    }

    /// The terms of a text: those kept from its entry into force if it is
    /// the treaty's text, worked out otherwise.
    pub(crate) fn terms_of(&self, draft: &Draft) -> TreatyTerms {
        match &self.terms {
            Some((d, terms)) if d == draft => *terms,
            _ => TreatyTerms::of(&self.scenario, draft),
        }
    }

    /// How strongly the guarantee deters: credibility weighted by the treaty's
    /// deterrence and by how many guarantors are bound. Public.
    pub fn deterrence_index(&self) -> i32 {
        let s = &self.state;
        let Some(treaty) = s.treaty() else {
            return s.tracks.credibility;
        };
        let terms = self.terms_of(&treaty.draft);
        let bound = treaty
            .signatories
            .intersect(self.scenario.guarantors())
            .len() as i32;
        let weight =
            100 + terms.deterrence + bound * self.scenario.rules().deterrence_per_signatory;
        (s.tracks.credibility * weight.max(0) / 100).clamp(0, 200)
    }

    /// Add `changes` to the shared tracks, clamped, climbing the escalation
    /// ladder rung by rung (reaching the top ends the game).
    pub(crate) fn change_tracks(&mut self, changes: Tracks) {
        let t = &mut self.state.tracks;
        t.credibility = (t.credibility + changes.credibility).clamp(0, 100);
        t.security = (t.security + changes.security).clamp(0, 100);
        t.costs = (t.costs + changes.costs).clamp(0, 100);
        t.cohesion = (t.cohesion + changes.cohesion).clamp(0, 100);
        if changes.escalation != 0 {
            self.escalate(changes.escalation);
        }
        if self.state.tracks.security <= 0 && self.state.ending().is_none() {
            self.end(Ending::Collapse);
        }
    }

    pub(crate) fn escalate(&mut self, rungs: i32) {
        let top = self.scenario.top_rung();
        let t = &mut self.state.tracks;
        let to = (t.escalation + rungs).clamp(0, top);
        if to == t.escalation {
            return;
        }
        t.escalation = to;
        self.state.peak_escalation = self.state.peak_escalation.max(to);
        if rungs > 0 {
            self.log(EventKind::Escalated { to });
        }
        // Near the top a climb can spiral on by itself.
        let mut to = to;
        while rungs > 0 && to < top {
            let chance = self.spiral_chance(to);
            if chance == 0 || self.state.rng.random_range(0..100u32) >= chance {
                break;
            }
            to += 1;
            self.state.tracks.escalation = to;
            self.state.peak_escalation = self.state.peak_escalation.max(to);
            self.log(EventKind::Spiralled { to });
        }
        if to >= top && self.state.ending().is_none() {
            self.end(Ending::War);
        }
    }

    /// The chance (percent) that a climb of the ladder ending at `rung`
    /// spirals one rung further by itself (rules `spiral_from`, `spiral_chance`).
    pub fn spiral_chance(&self, rung: i32) -> u32 {
        let rules = self.scenario.rules();
        if rules.spiral_from <= 0 || rung < rules.spiral_from || rung >= self.scenario.top_rung() {
            return 0;
        }
        ((rung - rules.spiral_from + 1) * rules.spiral_chance).clamp(0, 100) as u32
    }

    /// The chance (0..1) that a climb of `rungs` from where the ladder
    /// stands ends in war: it reaches the top, or spirals there by itself
    /// rung by rung.
    pub fn war_chance(&self, rungs: i32) -> f64 {
        if rungs <= 0 {
            return 0.0;
        }
        let top = self.scenario.top_rung();
        let mut rung = self.state.tracks.escalation + rungs;
        let mut chance = 1.0;
        while rung < top && chance > 0.0 {
            chance *= self.spiral_chance(rung) as f64 / 100.0;
            rung += 1;
        }
        chance
    }

    pub(crate) fn change_support(&mut self, seat: Seat, by: i32) {
        let t = &mut self.state.seats[seat.index()];
        t.support = (t.support + by).clamp(0, 100);
    }

    pub(crate) fn end(&mut self, ending: Ending) {
        let treaty = self.state.stage.take_treaty();
        self.state.stage = Stage::Ended { treaty, ending };
        self.sample();
        self.log(EventKind::GameEnded { ending });
    }

    /// Record the shared tracks for the charts (one sample per month).
    pub(crate) fn sample(&mut self) {
        let s = &mut self.state;
        let sample = Sample {
            month: s.month,
            tracks: s.tracks,
        };
        match s.history.last_mut() {
            Some(last) if last.month == s.month => *last = sample,
            _ => s.history.push(sample),
        }
    }

    // ---- entry into force, the offer and the months between crises ------

    pub(crate) fn enter_into_force(
        &mut self,
        draft: Draft,
        signatories: SeatSet,
        negotiated: bool,
    ) {
        let scenario = Arc::clone(&self.scenario);
        let terms = TreatyTerms::of(&scenario, &draft);
        self.terms = Some((draft, terms));
        let offer = if terms.offer == crate::raw::Offer::NotOffered {
            OfferStatus::NotOffered
        } else {
            OfferStatus::Pending
        };
        self.state.stage = Stage::Interlude {
            treaty: Treaty {
                draft,
                signatories,
                negotiated,
                round: self.state.talks.round,
                offer,
            },
        };
        self.state.month = 0;
        self.log(EventKind::TreatyInForce {
            negotiated,
            signatories,
        });
        for seat in signatories.iter() {
            if scenario.faction(seat).role != Role::Guarantor {
                continue;
            }
            let mut support: i32 = scenario
                .clause_ids()
                .flat_map(|c| draft.pick(c).options().map(move |o| (c, o)))
                .map(|(c, o)| scenario.option(c, o).support)
                .sum();
            if terms.preauthorised && scenario.faction(seat).approval.is_some() {
                support += scenario.rules().preauthorisation_support;
            }
            self.change_support(seat, support);
            self.log(EventKind::Ratified { by: seat, support });
        }
        // Every guarantor left outside weakens the coalition.
        for _ in scenario.guarantors().minus(signatories).iter() {
            self.change_tracks(scenario.rules().holdout);
        }
        self.settle_deals(&draft);
        let defied: i32 = match scenario.table_moves() {
            Some(m) => {
                let threats = &self.state.diplomacy.threats;
                let n = threats
                    .iter()
                    .filter(|(c, o)| draft.has(*c, *o as usize))
                    .count() as i32;
                n * m.threat.provocation
            }
            None => 0,
        };
        if defied > 0 {
            self.log(EventKind::WarningDefied {
                provocation: defied,
            });
        }
        let per_rung = scenario.rules().provocation_per_rung.max(1);
        let rungs = (terms.provocation + defied).max(0) / per_rung;
        if rungs > 0 {
            self.log(EventKind::Provoked { rungs });
            self.escalate(rungs);
        }
        self.sample();
        if self.state.ending().is_none() && offer == OfferStatus::Pending {
            let treaty = self.state.stage.take_treaty();
            if let Some(treaty) = treaty {
                self.state.stage = Stage::Offer { treaty };
            }
        }
    }

    /// The back channels' deals fall due as the treaty enters into force:
    /// paid in private if the text leaves the option out (unless exposed),
    /// void if it holds it.
    fn settle_deals(&mut self, draft: &Draft) {
        let Some(terms) = self.scenario.table_moves().map(|m| m.back_channel.clone()) else {
            return;
        };
        for i in 0..self.state.diplomacy.deals.len() {
            let deal = self.state.diplomacy.deals[i];
            let outcome = if draft.has(deal.clause, deal.option as usize) {
                DealOutcome::Void
            } else if self.state.rng.random_range(0..100) < terms.exposed_chance {
                DealOutcome::Exposed
            } else {
                DealOutcome::Paid
            };
            self.state.diplomacy.deals[i].outcome = outcome;
            match outcome {
                DealOutcome::Paid => {
                    self.change_support(deal.seat, terms.support);
                    self.change_tracks(terms.effects);
                }
                DealOutcome::Exposed => {
                    self.log(EventKind::DealExposed {
                        with: deal.seat,
                        clause: deal.clause,
                        option: deal.option,
                    });
                    self.change_support(deal.seat, terms.exposed_support);
                    self.change_tracks(terms.exposed);
                }
                DealOutcome::Pending | DealOutcome::Void => {}
            }
        }
    }

    /// The offer answered without the aggressor (a facilitator advancing the phase).
    pub(crate) fn answer_offer_now(&mut self, accept: bool) {
        self.answer_offer(Action::AnswerOffer { accept });
    }

    fn answer_offer(&mut self, action: Action) {
        let Action::AnswerOffer { accept } = action else {
            return;
        };
        let effects = if accept {
            self.scenario.offer().accept
        } else {
            self.scenario.offer().reject
        };
        if let Some(mut treaty) = self.state.stage.take_treaty() {
            treaty.offer = if accept {
                OfferStatus::Accepted
            } else {
                OfferStatus::Rejected
            };
            self.state.stage = Stage::Interlude { treaty };
        }
        self.log(EventKind::OfferAnswered { accepted: accept });
        self.change_tracks(effects);
        self.sample();
    }

    /// The guarantor whose decision between crises is awaited, if any: each
    /// takes one, in seat order, before the aggressor takes its own.
    pub(crate) fn policy_turn(&self) -> Option<Seat> {
        if self.scenario.policies().is_empty() {
            return None;
        }
        self.scenario
            .guarantors()
            .minus(self.state.decided)
            .iter()
            .next()
    }

    fn interlude(&mut self, seat: Seat, action: Action) {
        if seat != self.scenario.aggressor() {
            self.adopt_policy(seat, action);
            return;
        }
        match action {
            Action::Hold => {
                self.pass_months(self.scenario.rules().decision_months);
            }
            Action::Attack(attack) => self.start_crisis(attack),
            _ => {}
        }
    }

    /// A guarantor's decision between crises: a policy, or its course held.
    fn adopt_policy(&mut self, seat: Seat, action: Action) {
        self.state.decided.insert(seat);
        let Action::Policy(p) = action else {
            return;
        };
        let Some(policy) = self.scenario.policies().get(p as usize).cloned() else {
            return;
        };
        self.state.seats[seat.index()].spent += policy.cost.max(0);
        self.change_support(seat, policy.support);
        if policy.readiness {
            self.state.ready.insert(seat);
        }
        self.log(EventKind::PolicyAdopted {
            by: seat,
            policy: p,
        });
        self.change_tracks(policy.effects);
        self.sample();
    }

    /// Let `months` months pass, applying the drift of quiet months, and end
    /// the game at the horizon.
    pub(crate) fn pass_months(&mut self, months: i32) {
        self.state.decided = SeatSet::EMPTY;
        let rules = self.scenario.rules();
        let (credible, quiet_credibility) = (rules.credible_deterrence, rules.quiet_credibility);
        let (recovery, every, drift, costs_drift, cooldown) = (
            rules.recovery_per_month,
            rules.recovery_every_months.max(1),
            rules.credibility_drift,
            rules.costs_drift,
            rules.escalation_cooldown_months.max(1),
        );
        let horizon = rules.horizon_months;
        for _ in 0..months.max(1) {
            if self.state.ending().is_some() {
                return;
            }
            self.state.month += 1;
            self.state.quiet_months += 1;
            let recovers = self.state.quiet_months % every == 0;
            // Deterrence that works is a success: a quiet month under a
            // credible guarantee makes it more credible still.
            let deters = self.state.treaty().is_some() && self.deterrence_index() >= credible;
            let dividend = if deters { quiet_credibility } else { 0 };
            self.change_tracks(Tracks {
                credibility: drift + dividend,
                security: if recovers { recovery } else { 0 },
                costs: costs_drift,
                ..Tracks::ZERO
            });
            if self.state.quiet_months % cooldown == 0 {
                self.escalate(-1);
            }
            self.sample();
            if self.state.month >= horizon {
                break;
            }
        }
        if self.state.ending().is_none() {
            let to = self.state.month;
            self.log(EventKind::MonthsPassed { to });
            if to >= horizon {
                self.end(Ending::Horizon);
            }
        }
    }
}

pub(crate) fn not_now(action: &Action, why: &'static str) -> RuleError {
    RuleError::NotNow {
        action: action.name(),
        why,
    }
}

/// The participant who acts next in a crisis: the earliest free, ties in seat order.
fn next_in_crisis(c: &Crisis) -> Option<Seat> {
    let guarantors = c
        .participants
        .minus(c.done)
        .iter()
        .map(|s| (c.ready_at[s.index()], s.0));
    let aggressor = c
        .aggressor
        .filter(|a| a.active())
        .map(|a| (a.ready_at, a.seat.0));
    // The aggressor acts only while a guarantor still does.
    let first = guarantors.min()?;
    Some(Seat(aggressor.map_or(first, |a| a.min(first)).1))
}
