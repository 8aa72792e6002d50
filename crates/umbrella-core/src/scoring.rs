//! End-of-game scoring: every objective, met or failed, and why.

use crate::draft::Draft;
use crate::game::Game;
use crate::ids::{ClauseId, Seat};
use crate::raw::{Condition, Track};
use crate::scenario::Scenario;
use crate::state::{Ending, GameState, OfferStatus};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectiveResult {
    pub id: String,
    pub text: String,
    pub public: bool,
    pub points: i32,
    pub met: bool,
    /// Why it was met or failed, in a sentence.
    pub why: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeatScore {
    pub seat: Seat,
    pub points: i32,
    pub max_points: i32,
    /// Points needed for victory.
    pub needed: i32,
    pub victory: bool,
    pub objectives: Vec<ObjectiveResult>,
}

impl Game {
    /// Each seat's score on its public and secret objectives, as things stand.
    pub fn scores(&self) -> Vec<SeatScore> {
        let scenario = self.scenario();
        let war = self.state().ending() == Some(Ending::War);
        scenario
            .seats()
            .map(|seat| {
                let secret = &scenario.faction(seat).secret;
                let ctx = Context {
                    scenario,
                    state: self.state(),
                    seat,
                };
                let objectives: Vec<ObjectiveResult> = secret
                    .objectives
                    .iter()
                    .map(|o| {
                        let (met, why) = if war {
                            (
                                false,
                                format!(
                                    "{}: nobody gains anything.",
                                    scenario.rung_name(scenario.top_rung())
                                ),
                            )
                        } else {
                            ctx.eval(&o.condition)
                        };
                        ObjectiveResult {
                            id: o.id.clone(),
                            text: o.text.clone(),
                            public: o.public,
                            points: o.points,
                            met,
                            why,
                        }
                    })
                    .collect();
                let points = objectives.iter().filter(|o| o.met).map(|o| o.points).sum();
                let max_points = objectives.iter().map(|o| o.points.max(0)).sum();
                SeatScore {
                    seat,
                    points,
                    max_points,
                    needed: secret.victory,
                    victory: !war && points >= secret.victory,
                    objectives,
                }
            })
            .collect()
    }
}

/// A seat's score without the reasons: whether each of its objectives is
/// met (in the scenario's order), its points and whether it has won. What
/// the lab reads of thousands of games; [`Game::scores`] says why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeatOutcome {
    pub seat: Seat,
    pub points: i32,
    pub victory: bool,
    pub met: Vec<bool>,
}

impl Game {
    /// [`Game::scores`] without the reasons.
    pub fn outcomes(&self) -> Vec<SeatOutcome> {
        self.scenario()
            .seats()
            .map(|seat| self.outcome_of(seat))
            .collect()
    }

    /// One seat's [`SeatOutcome`], as things stand.
    pub fn outcome_of(&self, seat: Seat) -> SeatOutcome {
        let scenario = self.scenario();
        let war = self.state().ending() == Some(Ending::War);
        let secret = &scenario.faction(seat).secret;
        let ctx = Context {
            scenario,
            state: self.state(),
            seat,
        };
        let met: Vec<bool> = secret
            .objectives
            .iter()
            .map(|o| !war && ctx.met(&o.condition))
            .collect();
        let points = secret
            .objectives
            .iter()
            .zip(&met)
            .filter(|(_, met)| **met)
            .map(|(o, _)| o.points)
            .sum();
        SeatOutcome {
            seat,
            points,
            victory: !war && points >= secret.victory,
            met,
        }
    }
}

struct Context<'a> {
    scenario: &'a Scenario,
    state: &'a GameState,
    seat: Seat,
}

impl Context<'_> {
    fn treaty_draft(&self) -> Option<&Draft> {
        self.state.treaty().map(|t| &t.draft)
    }

    /// Whether the treaty in force has the option, and the option's label.
    fn option_in_treaty(&self, clause: ClauseId, o: usize) -> (bool, &str) {
        let label = self
            .scenario
            .clause(clause)
            .options
            .get(o)
            .map_or("?", |o| o.label.as_str());
        let has = self.treaty_draft().is_some_and(|d| d.has(clause, o));
        (has, label)
    }

    /// "{name} {verb}" for `seat`, the verb agreeing with its name.
    fn faction_says(&self, seat: Seat, verb: &str) -> String {
        self.scenario.faction(seat).says(verb)
    }

    fn signed(&self, seat: Seat) -> bool {
        self.state
            .treaty()
            .is_some_and(|t| t.signatories.contains(seat))
    }

    /// Whether a condition holds: [`Context::eval`] without the sentence.
    fn met(&self, c: &Condition) -> bool {
        let s = self.state;
        let crises = s.crises.len() as i32;
        let met = s.crises.iter().filter(|c| c.met).count() as i32;
        match c {
            Condition::TreatyInForce => s.treaty().is_some(),
            Condition::Negotiated => s.treaty().is_some_and(|t| t.negotiated),
            Condition::Has(clause, option) => self.option_in_treaty(*clause, *option).0,
            Condition::Lacks(clause, option) => !self.option_in_treaty(*clause, *option).0,
            Condition::Signed(id) => self.signed(*id),
            Condition::NotSigned(id) => !self.signed(*id),
            Condition::AtLeast(track, v) => s.tracks.get(*track) >= *v,
            Condition::AtMost(track, v) => s.tracks.get(*track) <= *v,
            Condition::SupportAtLeast(v) => s.seats[self.seat.index()].support >= *v,
            Condition::SpentAtMost(v) => s.seats[self.seat.index()].spent <= *v,
            Condition::ClocksMetAtLeast(pct) => crises == 0 || met * 100 / crises >= *pct,
            Condition::ClocksMissedAtLeast(n) => crises - met >= *n,
            Condition::AttacksAtMost(n) => crises <= *n,
            Condition::AttacksAtLeast(n) => crises >= *n,
            Condition::LostInCrises(track, n) => lost_in_crises(s, *track) >= *n,
            Condition::OfferAccepted | Condition::OfferRejected => {
                let accepted = match s.treaty().map(|t| t.offer) {
                    Some(OfferStatus::Accepted) => Some(true),
                    Some(OfferStatus::Broken) | Some(OfferStatus::Rejected) => Some(false),
                    _ => None,
                };
                accepted == Some(*c == Condition::OfferAccepted)
            }
            Condition::NoWar => s.peak_escalation < self.scenario.top_rung(),
            Condition::EscalationNeverAbove(rung) => s.peak_escalation <= *rung,
            Condition::All(cs) => cs.iter().all(|c| self.met(c)),
            Condition::Any(cs) => cs.iter().any(|c| self.met(c)),
            Condition::Not(c) => !self.met(c),
        }
    }

    fn eval(&self, c: &Condition) -> (bool, String) {
        let s = self.state;
        let crises = s.crises.len() as i32;
        let met = s.crises.iter().filter(|c| c.met).count() as i32;
        match c {
            Condition::TreatyInForce => match s.treaty() {
                Some(t) if t.negotiated => (true, "a negotiated treaty is in force".into()),
                Some(_) => (
                    true,
                    format!("{} is in force", self.scenario.fallback().name),
                ),
                None => (false, "no treaty is in force".into()),
            },
            Condition::Negotiated => match s.treaty() {
                Some(t) if t.negotiated => (
                    true,
                    format!(
                        "the treaty was agreed in {} {}",
                        self.scenario.rules().round_name,
                        t.round
                    ),
                ),
                _ => (false, "no treaty was agreed by the deadline".into()),
            },
            Condition::Has(clause, option) => match self.option_in_treaty(*clause, *option) {
                (true, label) => (true, format!("the treaty includes \"{label}\"")),
                (false, label) => (false, format!("the treaty does not include \"{label}\"")),
            },
            Condition::Lacks(clause, option) => match self.option_in_treaty(*clause, *option) {
                (false, label) => (true, format!("the treaty does not include \"{label}\"")),
                (true, label) => (false, format!("the treaty includes \"{label}\"")),
            },
            Condition::Signed(id) => {
                let id = *id;
                let is = self.faction_says(id, "is");
                if self.signed(id) {
                    (true, format!("{is} bound by the treaty"))
                } else {
                    (false, format!("{is} not bound by the treaty"))
                }
            }
            Condition::NotSigned(id) => {
                let id = *id;
                if self.signed(id) {
                    (
                        false,
                        format!("{} bound by the treaty", self.faction_says(id, "is")),
                    )
                } else {
                    let name = self.faction_says(id, "stayed");
                    (true, format!("{name} outside the treaty"))
                }
            }
            Condition::AtLeast(track, v) => {
                let now = s.tracks.get(*track);
                let name = self.scenario.tracks().name(*track);
                (
                    now >= *v,
                    format!("{name} ended at {now} (needed at least {v})"),
                )
            }
            Condition::AtMost(track, v) => {
                let now = s.tracks.get(*track);
                let name = self.scenario.tracks().name(*track);
                (
                    now <= *v,
                    format!("{name} ended at {now} (needed at most {v})"),
                )
            }
            Condition::SupportAtLeast(v) => {
                let now = s.seats[self.seat.index()].support;
                (
                    now >= *v,
                    format!("domestic support ended at {now} (needed at least {v})"),
                )
            }
            Condition::SpentAtMost(v) => {
                let now = s.seats[self.seat.index()].spent;
                (now <= *v, format!("spent {now} bn (limit {v} bn)"))
            }
            Condition::ClocksMetAtLeast(pct) => {
                if crises == 0 {
                    (true, "no attack tested the clock".into())
                } else {
                    let share = met * 100 / crises;
                    (
                        share >= *pct,
                        format!("clock met in {met} of {crises} crises ({share}%, needed {pct}%)"),
                    )
                }
            }
            Condition::ClocksMissedAtLeast(n) => {
                let missed = crises - met;
                (missed >= *n, format!("{missed} clocks missed (needed {n})"))
            }
            Condition::AttacksAtMost(n) => {
                (crises <= *n, format!("{crises} attacks (at most {n})"))
            }
            Condition::AttacksAtLeast(n) => {
                (crises >= *n, format!("{crises} attacks (at least {n})"))
            }
            Condition::LostInCrises(track, n) => {
                let lost = lost_in_crises(s, *track);
                let name = self.scenario.tracks().name(*track);
                (
                    lost >= *n,
                    format!("{name} lost {lost} in the crises (needed at least {n})"),
                )
            }
            Condition::OfferAccepted | Condition::OfferRejected => {
                let (accepted, why) = match s.treaty().map(|t| t.offer) {
                    Some(OfferStatus::Accepted) => {
                        (Some(true), "the offer was accepted and the pledge kept")
                    }
                    Some(OfferStatus::Broken) => (
                        Some(false),
                        "the offer was accepted, then the pledge broken",
                    ),
                    Some(OfferStatus::Rejected) => (Some(false), "the offer was rejected"),
                    _ => (None, "no offer was made"),
                };
                let wanted = *c == Condition::OfferAccepted;
                (accepted == Some(wanted), why.into())
            }

            Condition::NoWar => {
                let top = self.scenario.top_rung();
                (
                    s.peak_escalation < top,
                    format!("escalation peaked at rung {} of {top}", s.peak_escalation),
                )
            }
            Condition::EscalationNeverAbove(rung) => {
                let top = self.scenario.top_rung();
                (
                    s.peak_escalation <= *rung,
                    format!(
                        "escalation peaked at rung {} of {top} (needed at most {rung})",
                        s.peak_escalation
                    ),
                )
            }
            Condition::All(cs) => {
                let results: Vec<(bool, String)> = cs.iter().map(|c| self.eval(c)).collect();
                let ok = results.iter().all(|r| r.0);
                let why = results
                    .iter()
                    .filter(|r| r.0 == ok)
                    .map(|r| r.1.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                (ok, why)
            }
            Condition::Any(cs) => {
                let results: Vec<(bool, String)> = cs.iter().map(|c| self.eval(c)).collect();
                let ok = results.iter().any(|r| r.0);
                let why = results
                    .iter()
                    .filter(|r| r.0 == ok)
                    .map(|r| r.1.as_str())
                    .collect::<Vec<_>>()
                    .join(if ok { "; " } else { "; and " });
                (ok, why)
            }
            Condition::Not(c) => {
                let (ok, why) = self.eval(c);
                (!ok, why)
            }
        }
    }
}

/// What a shared track lost in the crises, all together (a gain counts
/// against a loss).
pub fn lost_in_crises(s: &GameState, track: Track) -> i32 {
    -s.crises.iter().map(|c| c.changes.get(track)).sum::<i32>()
}
