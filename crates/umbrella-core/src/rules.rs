//! Rules questions the menus, the AI and the report ask instead of working
//! the answers out again: which moves are legal, what a package would
//! achieve, how likely a national vote is.

use crate::action::Action;
use crate::crisis::{MAX_WAIT_HOURS, item_weight, judge};
use crate::game::Game;
use crate::ids::{AttackId, ClauseId, Pick, ResponseSet, Seat};
use crate::raw::Role;
use crate::state::{Phase, Verdict};
use crate::view::SeatView;

/// Hours the aggressor may watch the guarantors in one move (besides
/// waiting for the next event).
pub const AGGRESSOR_WATCH: u32 = 12;

/// What a package would achieve if it were proposed now and every seat still
/// acting in the crisis provided what it can of it (public rules only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Forecast {
    /// Its weight, in hundredths of strength.
    pub weight: i32,
    /// Its strength, rounded.
    pub strength: i32,
    /// How it would be judged against the attack.
    pub verdict: Verdict,
    /// Hours from now until the proposing seat's own part could be ready:
    /// proposing, backing it, and preparing the items it can provide.
    pub ready_in: u32,
    /// Hours proposing it takes.
    pub propose_hours: u32,
    /// Its cost in billions, for all contributors together.
    pub cost: i32,
    /// Whether the proposing seat's own contribution would need a national vote.
    pub needs_vote: bool,
}

impl Game {
    /// The chance (percent) that `seat`'s national approval body votes yes
    /// now: its base chance, moved point for point by domestic support away
    /// from 50, never below 5% nor above 95%. `None` for a seat without one.
    pub fn vote_chance(&self, seat: Seat) -> Option<u32> {
        let approval = self.scenario().faction(seat).approval.as_ref()?;
        let support = self.state().seats[seat.index()].support;
        Some((approval.chance + support - 50).clamp(5, 95) as u32)
    }

    /// Weight (hundredths) of `items` in the current crisis if every seat
    /// still acting provides each item it can (at least one provider counted).
    pub fn potential_weight(&self, items: ResponseSet) -> i32 {
        let Some(c) = self.state().crisis() else {
            return 0;
        };
        let acting = c.participants.minus(c.done);
        items
            .iter()
            .map(|r| {
                let k = acting
                    .iter()
                    .filter(|s| self.providable(*s).contains(r))
                    .count()
                    .max(1);
                item_weight(self.scenario().response(r), k)
            })
            .sum()
    }

    /// Weight (hundredths) of the package on the table as its backers have
    /// pledged it so far.
    pub fn pledged_weight(&self) -> i32 {
        let Some(c) = self.state().crisis() else {
            return 0;
        };
        let Some(p) = &c.package else { return 0 };
        p.items
            .iter()
            .map(|r| {
                let k = p
                    .supporters
                    .iter()
                    .filter(|s| c.contributions[s.index()].items.contains(r))
                    .count();
                item_weight(self.scenario().response(r), k)
            })
            .sum()
    }

    /// How a weight (hundredths) would be judged against the current attack.
    pub fn verdict_of(&self, weight: i32) -> Verdict {
        judge(self.scenario().rules(), weight, self.severity_now())
    }

    /// What `items` would achieve if `seat` proposed them now.
    pub fn forecast(&self, seat: Seat, items: ResponseSet) -> Forecast {
        let weight = self.potential_weight(items);
        let mine = items.intersect(self.providable(seat));
        let propose_hours = self.propose_hours(seat, items);
        Forecast {
            weight,
            strength: (weight + 50) / 100,
            verdict: self.verdict_of(weight),
            ready_in: propose_hours
                + self.position_hours(seat)
                + self.preparation_hours(seat, mine),
            propose_hours,
            cost: items.iter().map(|r| self.scenario().response(r).cost).sum(),
            needs_vote: self.needs_approval(seat, mine),
        }
    }
}

impl SeatView<'_> {
    /// The aggressor's moves at the table about the draft on the table: a
    /// warning against each of its options, a deal with each guarantor for
    /// keeping each out (those the rules allow now).
    pub fn table_moves(&self) -> Vec<Action> {
        let Some(draft) = self.talks().draft else {
            return Vec::new();
        };
        if self.table_moves_terms().is_none() || self.me().role() != Role::Aggressor {
            return Vec::new();
        }
        let mut out = Vec::new();
        for clause in self.clause_ids() {
            for option in draft.pick(clause).options() {
                let option = option as u8;
                out.push(Action::Threaten { clause, option });
                for seat in self.guarantors().iter() {
                    out.push(Action::BackChannel {
                        seat,
                        clause,
                        option,
                    });
                }
            }
        }
        out.retain(|a| self.check(a).is_ok());
        out
    }

    /// Every legal move of this seat now whose parameters can be listed: all
    /// but tabling a whole new draft and proposing a package, which take a
    /// text or a set of responses of the seat's choosing
    /// ([`SeatView::may_table_a_draft`], [`SeatView::may_propose`]).
    pub fn legal_actions(&self) -> Vec<Action> {
        let mut out = Vec::new();
        match self.phase() {
            Phase::Negotiation => {
                out.extend([
                    Action::Accept,
                    Action::Reject(None),
                    Action::Sign,
                    Action::Pass,
                ]);
                for c in self.clause_ids() {
                    out.push(Action::Reject(Some(c)));
                    out.extend(self.amendments_of(c));
                }
                for i in 0..self.secrets().red_lines.len().min(32) {
                    out.push(Action::SignalRedLine(i as u8));
                }
                out.extend(self.table_moves());
            }
            Phase::Offer => out.extend([
                Action::AnswerOffer { accept: true },
                Action::AnswerOffer { accept: false },
            ]),
            Phase::Interlude => {
                out.push(Action::Hold);
                out.extend((0..self.attacks().len()).map(|i| Action::Attack(AttackId(i as u8))));
                out.extend((0..self.policies().len()).map(|i| Action::Policy(i as u8)));
            }
            Phase::Crisis => {
                out.extend([
                    Action::Press,
                    Action::StepBack,
                    Action::Deny,
                    Action::Convene,
                    Action::Object,
                    Action::SeekApproval,
                    Action::StandDown,
                    Action::Wait(1),
                ]);
                if let Some(c) = self.crisis() {
                    let next = c
                        .next_event_hour()
                        .saturating_sub(c.now)
                        .clamp(1, MAX_WAIT_HOURS);
                    out.push(Action::Wait(next));
                }
                // The aggressor watches the guarantors in longer stretches.
                if self.me().role() == crate::raw::Role::Aggressor {
                    out.push(Action::Wait(AGGRESSOR_WATCH));
                }
                out.extend(self.contributions().into_iter().map(Action::Support));
            }
            Phase::Ended => {}
        }
        out.dedup();
        out.retain(|a| self.check(a).is_ok());
        out
    }

    /// The one-clause amendments of the draft on the table: each option of a
    /// single-choice clause, each menu item added or removed.
    fn amendments_of(&self, c: ClauseId) -> impl Iterator<Item = Action> + '_ {
        let subset = self.clause(c).is_subset();
        let draft = self.talks().draft;
        (0..self.clause(c).options.len()).map(move |o| {
            let pick = match draft {
                Some(d) if subset => d.pick(c).toggled(o),
                _ => Pick::one(o),
            };
            Action::Amend { clause: c, pick }
        })
    }

    /// What this seat may contribute to the package on the table: everything
    /// of it it can provide, the same without forces, or political backing alone.
    pub fn contributions(&self) -> Vec<ResponseSet> {
        let Some(p) = self.crisis().and_then(|c| c.package.as_ref()) else {
            return Vec::new();
        };
        let mine = p.items.intersect(self.providable(self.seat()));
        let mut out = vec![mine, mine.minus(self.forces()), ResponseSet::EMPTY];
        out.dedup();
        out
    }

    /// Whether this seat may table a whole new draft now.
    pub fn may_table_a_draft(&self) -> bool {
        self.phase() == Phase::Negotiation
            && self.me().role() != crate::raw::Role::Aggressor
            && !self.talks().concluded
    }

    /// Whether this seat may put a package on the table now (any non-empty
    /// set of responses other than the one already there).
    pub fn may_propose(&self) -> bool {
        self.phase() == Phase::Crisis
            && self.to_move() == Some(self.seat())
            && self.me().role() != crate::raw::Role::Aggressor
            && self.game().why_no_package_now().is_none()
    }
}
