//! The facilitator's interventions (a seminar's white cell): injects, track
//! adjustments, moved deadlines and clocks, advancing the phase, seats handed
//! to an AI, pauses. Each is a step of the game's record, logged as such.

use crate::action::{Action, RuleError};
use crate::draft::Draft;
use crate::event::EventKind;
use crate::game::{Game, Step};
use crate::ids::{ClauseId, Pick, Seat};
use crate::limits::{
    MAX_CHANGE, MAX_HOURS, MAX_INJECT_CHARS, MAX_INTERVENTIONS, MAX_ROUNDS, MAX_RUNG_CHANGE,
};
use crate::raw::{Track, Tracks};
use crate::state::Phase;
use serde::{Deserialize, Serialize};

/// What the facilitator may change, outside the seats' turns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Intervention {
    /// Change a clause of the treaty in force: a what-if ("the same crisis under a 72 h clock").
    SetTreatyClause {
        clause: ClauseId,
        pick: Pick,
    },
    /// One of the scenario's prepared injects (by index).
    Inject(u8),
    /// An event the facilitator writes, with its effects on the shared tracks.
    CustomInject {
        text: String,
        effects: Tracks,
    },
    /// Move a shared track.
    AdjustTrack {
        track: Track,
        by: i32,
    },
    /// Move a seat's domestic support.
    AdjustSupport {
        seat: Seat,
        by: i32,
    },
    /// Move the negotiation deadline by this many rounds.
    MoveDeadline(i32),
    /// Move the current crisis's clock by this many hours.
    MoveClock(i32),
    /// End the current phase now: close the talks, the offer, the quiet months or the crisis.
    AdvancePhase,
    /// A seat is handed to an AI (an absent team) or back to its players.
    HandSeat {
        seat: Seat,
        to_ai: bool,
    },
    Pause,
    Resume,
}

impl Intervention {
    pub fn name(&self) -> &'static str {
        match self {
            Intervention::SetTreatyClause { .. } => "change the treaty",
            Intervention::Inject(_) => "inject an event",
            Intervention::CustomInject { .. } => "inject an event",
            Intervention::AdjustTrack { .. } => "adjust a track",
            Intervention::AdjustSupport { .. } => "adjust domestic support",
            Intervention::MoveDeadline(_) => "move the deadline",
            Intervention::MoveClock(_) => "move the clock",
            Intervention::AdvancePhase => "advance the phase",
            Intervention::HandSeat { .. } => "hand a seat over",
            Intervention::Pause => "pause",
            Intervention::Resume => "resume",
        }
    }
}

fn not_now(i: &Intervention, why: &'static str) -> RuleError {
    RuleError::NotNow {
        action: i.name(),
        why,
    }
}

/// The most a facilitator may move `track` at once: `MAX_CHANGE` points, or
/// `MAX_RUNG_CHANGE` rungs and never more than the ladder.
fn track_limit(game: &Game, track: Track) -> i32 {
    match track {
        Track::Escalation => MAX_RUNG_CHANGE.min(game.scenario().top_rung()),
        _ => MAX_CHANGE,
    }
}

/// Whether every change of `changes` is one a facilitator may make.
fn changes_allowed(game: &Game, changes: &Tracks) -> bool {
    Track::ALL.iter().all(|t| {
        let limit = track_limit(game, *t);
        (-limit..=limit).contains(&changes.get(*t))
    })
}

impl Game {
    /// Whether the facilitator may make this intervention now. Numbers are
    /// bounded as a scenario's are (a save is replayed through here, and a
    /// crafted one must not overflow a track, the deadline or a clock).
    pub fn check_intervention(&self, intervention: &Intervention) -> Result<(), RuleError> {
        let s = self.state();
        if s.phase() == Phase::Ended {
            return Err(RuleError::GameOver);
        }
        let resuming = *intervention == Intervention::Resume && self.is_paused();
        if !resuming && self.interventions() >= MAX_INTERVENTIONS {
            return Err(not_now(
                intervention,
                "a game takes at most 1000 interventions of the facilitator",
            ));
        }
        let scenario = self.scenario();
        match intervention {
            Intervention::SetTreatyClause { clause, pick } => {
                let Some(treaty) = s.treaty() else {
                    return Err(not_now(intervention, "no treaty is in force yet"));
                };
                if !Draft::pick_is_valid(scenario, *clause, *pick) {
                    return Err(RuleError::InvalidDraft);
                }
                if treaty.draft.pick(*clause) == *pick {
                    return Err(RuleError::NoChange);
                }
                Ok(())
            }
            Intervention::Inject(i) if (*i as usize) >= scenario.injects().len() => {
                Err(not_now(intervention, "the scenario has no such inject"))
            }
            Intervention::CustomInject { text, .. } if text.trim().is_empty() => {
                Err(not_now(intervention, "an inject needs some text"))
            }
            Intervention::CustomInject { text, .. } if text.chars().count() > MAX_INJECT_CHARS => {
                Err(not_now(
                    intervention,
                    "an inject's text is at most 240 characters",
                ))
            }
            Intervention::CustomInject { text, .. } if text.chars().any(char::is_control) => {
                Err(not_now(
                    intervention,
                    "an inject's text is one line of plain text, without control characters",
                ))
            }
            Intervention::CustomInject { effects, .. } if !changes_allowed(self, effects) => {
                Err(not_now(
                    intervention,
                    "an inject moves a track at most 100 points, and the ladder at most 10 rungs and no more than it has",
                ))
            }
            Intervention::AdjustTrack { track, by }
                if !(-track_limit(self, *track)..=track_limit(self, *track)).contains(by) =>
            {
                Err(not_now(
                    intervention,
                    "a track moves at most 100 points at once, and the ladder at most 10 rungs and no more than it has",
                ))
            }
            Intervention::AdjustSupport { seat, .. }
                if seat.index() >= scenario.factions().len() =>
            {
                Err(RuleError::NotForThisSeat("have its support adjusted"))
            }
            Intervention::AdjustSupport { by, .. } if !(-MAX_CHANGE..=MAX_CHANGE).contains(by) => {
                Err(not_now(
                    intervention,
                    "domestic support moves at most 100 points at once",
                ))
            }
            Intervention::HandSeat { seat, .. } if seat.index() >= scenario.factions().len() => {
                Err(RuleError::NotForThisSeat("be handed over"))
            }
            Intervention::MoveDeadline(by) => {
                if s.phase() != Phase::Negotiation {
                    return Err(not_now(
                        intervention,
                        "the treaty is no longer being negotiated",
                    ));
                }
                let to = i64::from(s.talks.deadline) + i64::from(*by);
                if *by == 0 || to < i64::from(s.talks.round) {
                    return Err(not_now(
                        intervention,
                        "the deadline cannot fall before this round",
                    ));
                }
                if to > i64::from(s.talks.round) + i64::from(MAX_ROUNDS) {
                    return Err(not_now(
                        intervention,
                        "the deadline cannot move more than 52 rounds past this round",
                    ));
                }
                Ok(())
            }
            Intervention::MoveClock(by) => {
                let Some(c) = s.crisis() else {
                    return Err(not_now(intervention, "there is no crisis"));
                };
                let to = i64::from(c.clock) + i64::from(*by);
                if *by == 0 || to < 1 {
                    return Err(not_now(
                        intervention,
                        "the clock must stay at least one hour",
                    ));
                }
                if to > i64::from(MAX_HOURS) {
                    return Err(not_now(
                        intervention,
                        "the clock cannot be longer than 1000 hours",
                    ));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The facilitator's interventions so far.
    pub fn interventions(&self) -> usize {
        self.record()
            .iter()
            .filter(|s| matches!(s, Step::Facilitator(_)))
            .count()
    }

    /// Whether the facilitator's last pause has not been followed by a resume.
    pub fn is_paused(&self) -> bool {
        self.state().log.iter().rev().find_map(|e| match e.kind {
            EventKind::Paused => Some(true),
            EventKind::Resumed => Some(false),
            _ => None,
        }) == Some(true)
    }

    /// A facilitator's intervention, logged as such. On error nothing changes.
    pub fn intervene(
        &mut self,
        intervention: Intervention,
    ) -> Result<Vec<crate::event::Event>, RuleError> {
        self.check_intervention(&intervention)?;
        let before = self.state().log.len();
        self.st().steps += 1;
        match &intervention {
            Intervention::SetTreatyClause { clause, pick } => {
                let (clause, pick) = (*clause, *pick);
                if let Some(t) = self.st().stage.treaty_mut() {
                    t.draft = t.draft.with(clause, pick);
                }
                self.keep_terms();
                // A crisis under way runs on the changed terms from now on.
                if let Some(terms) = self.terms() {
                    let overtime = self.scenario().rules().crisis_overtime_hours.max(0) as u32;
                    if let Some(c) = self.st().stage.crisis_mut() {
                        c.clock = terms.clock_hours;
                        c.closes_at = (terms.clock_hours + overtime).max(c.now);
                        c.obligation = terms.obligation;
                    }
                }
                self.log(EventKind::TreatyChanged { clause, pick });
            }
            Intervention::Inject(i) => {
                let inject = self.scenario().injects()[*i as usize].clone();
                self.log(EventKind::Injected {
                    title: inject.title.clone(),
                    text: inject.text.clone(),
                });
                for seat in self.scenario().seats().collect::<Vec<_>>() {
                    let by = inject.support[seat.index()];
                    if by != 0 {
                        self.change_support(seat, by);
                    }
                }
                self.change_tracks(inject.effects);
            }
            Intervention::CustomInject { text, effects } => {
                self.log(EventKind::Injected {
                    title: String::new(),
                    text: text.clone(),
                });
                self.change_tracks(*effects);
            }
            Intervention::AdjustTrack { track, by } => {
                let mut changes = Tracks::ZERO;
                *changes.get_mut(*track) = *by;
                self.log(EventKind::TrackAdjusted {
                    track: *track,
                    by: *by,
                });
                self.change_tracks(changes);
            }
            Intervention::AdjustSupport { seat, by } => {
                self.change_support(*seat, *by);
                self.log(EventKind::SupportAdjusted {
                    seat: *seat,
                    by: *by,
                });
            }
            Intervention::MoveDeadline(by) => {
                let to = self.state().talks.deadline + by;
                self.st().talks.deadline = to;
                self.log(EventKind::DeadlineMoved { to });
            }
            Intervention::MoveClock(by) => {
                let overtime = self.scenario().rules().crisis_overtime_hours.max(0) as u32;
                let mut to = 0;
                if let Some(c) = self.st().stage.crisis_mut() {
                    c.clock = (c.clock as i32 + by).max(1) as u32;
                    c.closes_at = (c.clock + overtime).max(c.now);
                    to = c.clock;
                }
                self.log(EventKind::ClockMoved { to });
            }
            Intervention::AdvancePhase => {
                self.log(EventKind::PhaseAdvanced);
                self.advance_phase();
            }
            Intervention::HandSeat { seat, to_ai } => {
                self.log(EventKind::SeatHanded {
                    seat: *seat,
                    to_ai: *to_ai,
                });
            }
            Intervention::Pause => self.log(EventKind::Paused),
            Intervention::Resume => self.log(EventKind::Resumed),
        }
        // A crisis moves on if the change settled it (a shorter clock, say).
        if self.state().phase() == Phase::Crisis {
            self.advance_crisis();
        }
        self.record_step(Step::Facilitator(intervention));
        Ok(self.state().log[before..].to_vec())
    }

    /// End the current phase now, with whatever has been decided.
    fn advance_phase(&mut self) {
        match self.state().phase() {
            Phase::Negotiation => {
                // The deadline is now: the round closes as it stands.
                let seats = self.scenario().factions().len() as u8;
                let round = self.state().talks.round;
                let talks = &mut self.st().talks;
                talks.deadline = round;
                talks.turn = seats.saturating_sub(1);
                self.end_turn_now();
            }
            Phase::Offer => self.answer_offer_now(false),
            Phase::Interlude => {
                let months = self.scenario().rules().decision_months;
                self.pass_months(months);
            }
            Phase::Crisis => self.close_crisis_now(),
            Phase::Ended => {}
        }
    }
}

/// Actions the rules treat as the default when a seat does not act in time.
pub fn default_action(phase: Phase) -> Action {
    match phase {
        Phase::Negotiation => Action::Pass,
        Phase::Offer => Action::AnswerOffer { accept: false },
        Phase::Interlude => Action::Hold,
        Phase::Crisis => Action::Wait(1),
        Phase::Ended => Action::Pass,
    }
}
