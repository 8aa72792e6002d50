//! Phase 2: an attack starts the treaty clock; guarantors convene, propose,
//! back and approve a response package, each action costing hours.

use crate::action::{Action, RuleError};
use crate::draft::TreatyTerms;
use crate::event::EventKind;
use crate::game::{Game, not_now};
use crate::ids::{AttackId, MAX_SEATS, ResponseId, ResponseSet, Seat, SeatSet};
use crate::raw::{ClockJudges, Decision, Obligation, Role, Tracks};
use crate::state::*;
use rand::RngExt;
use std::sync::Arc;

/// Hours the quick crisis actions (backing or objecting to a package) take.
pub const DECISION_HOURS: u32 = 1;
/// The longest a seat may wait in one action.
pub const MAX_WAIT_HOURS: u32 = 72;

impl Game {
    /// Responses `seat` is able to provide.
    pub fn providable(&self, seat: Seat) -> ResponseSet {
        self.scenario()
            .responses()
            .iter()
            .enumerate()
            .filter(|(_, r)| r.takers.contains(seat))
            .map(|(i, _)| ResponseId(i as u8))
            .collect()
    }

    /// Whether the treaty's obligation binds `seat` in the current crisis.
    pub fn is_bound(&self, seat: Seat) -> bool {
        self.state()
            .crisis()
            .is_some_and(|c| c.bound.contains(seat))
    }

    /// Whether `seat` contributing `items` in the current crisis needs a national vote.
    pub fn needs_approval(&self, seat: Seat, items: ResponseSet) -> bool {
        let scenario = self.scenario();
        let forces = items.intersect(scenario.forces());
        if forces.is_empty() || scenario.faction(seat).approval.is_none() {
            return false;
        }
        let Some(terms) = self.terms() else {
            return true;
        };
        let bound = self.is_bound(seat);
        !(terms.preauthorised && bound && forces.is_subset(terms.menu))
    }

    /// Hours `seat` needs to prepare `items`: treaty instruments are faster than ad-hoc ones.
    pub fn preparation_hours(&self, seat: Seat, items: ResponseSet) -> u32 {
        let scenario = self.scenario();
        let menu = self.terms().map(|t| t.menu).unwrap_or_default();
        let bound = self.is_bound(seat);
        items
            .iter()
            .map(|r| {
                let resp = scenario.response(r);
                let hours = if bound && menu.contains(r) {
                    // Readiness halves what the treaty prepared.
                    if self.state().ready.contains(seat) {
                        resp.hours_treaty / 2
                    } else {
                        resp.hours_treaty
                    }
                } else {
                    resp.hours_adhoc
                };
                hours.max(0) as u32
            })
            .max()
            .unwrap_or(0)
    }

    /// Hours `seat`'s government takes to settle its position on a package
    /// (backing one takes this long).
    pub fn position_hours(&self, seat: Seat) -> u32 {
        if self.state().ready.contains(seat) {
            return 1;
        }
        self.scenario().faction(seat).position_hours.max(1)
    }

    /// The longest delay before `attack`, launched now, would be attributed
    /// (0: it cannot be denied). Investigators learn a pattern: with the
    /// rules' `attribution_learns`, each earlier attack of its kind divides
    /// the attack's own delay by one more.
    pub fn attribution_limit(&self, attack: AttackId) -> u32 {
        let hours = self.scenario().attack(attack).attribution_hours.max(0) as u32;
        if !self.scenario().rules().attribution_learns {
            return hours;
        }
        let before = self
            .state()
            .crises
            .iter()
            .filter(|c| c.attack == attack)
            .count() as u32;
        hours / (1 + before)
    }

    /// The chance (percent) that a guarantor's position on a package snags
    /// in domestic politics when it backs it: the rules' chance, one point
    /// more for each point of domestic support below 50 (less above).
    pub fn snag_chance(&self, seat: Seat) -> u32 {
        let rules = self.scenario().rules();
        if rules.snag_chance <= 0 || self.scenario().faction(seat).role != Role::Guarantor {
            return 0;
        }
        let support = self.state().seats[seat.index()].support;
        (rules.snag_chance + 50 - support).clamp(1, 95) as u32
    }

    /// Extra hours `seat`'s position takes if it snags now (drawn; logged).
    fn position_snag(&mut self, seat: Seat) -> u32 {
        let chance = self.snag_chance(seat);
        if chance == 0 || self.st().rng.random_range(0..100u32) >= chance {
            return 0;
        }
        let rules = self.scenario().rules();
        let (lo, hi) = (
            rules.snag_hours_min.max(0) as u32,
            rules.snag_hours_max.max(0) as u32,
        );
        let extra = self.st().rng.random_range(lo..=hi.max(lo));
        let settled_at =
            self.state().crisis().map_or(0, |c| c.now) + self.position_hours(seat) + extra;
        self.log(EventKind::PositionSnagged {
            by: seat,
            settled_at,
        });
        extra
    }

    /// The fewest and most hours a national vote of `seat` may take (its
    /// hours give or take the rules' spread); `None` without a vote.
    pub fn vote_hours(&self, seat: Seat) -> Option<(u32, u32)> {
        let hours = self
            .scenario()
            .faction(seat)
            .approval
            .as_ref()?
            .hours
            .max(0) as u32;
        let spread = hours * self.scenario().rules().vote_spread.clamp(0, 100) as u32 / 100;
        Some((hours - spread, hours + spread))
    }

    /// Hours convening consultations takes for `seat`.
    pub fn convene_hours(&self, seat: Seat) -> u32 {
        let bound = self.is_bound(seat);
        match self.terms() {
            Some(t) if bound => t.convene_hours,
            _ => self.scenario().rules().adhoc_convene_hours.max(0) as u32,
        }
    }

    /// Hours proposing `items` takes for `seat`.
    pub fn propose_hours(&self, seat: Seat, items: ResponseSet) -> u32 {
        let rules = self.scenario().rules();
        let menu = self.terms().map(|t| t.menu).unwrap_or_default();
        let bound = self.is_bound(seat);
        let hours = if bound && items.is_subset(menu) {
            rules.propose_hours
        } else {
            rules.adhoc_propose_hours
        };
        hours.max(0) as u32
    }

    pub(crate) fn start_crisis(&mut self, attack: AttackId) {
        let scenario = Arc::clone(self.scenario());
        let deterrence = self.deterrence_index();
        let a = scenario.attack(attack);
        let place = if a.places.is_empty() {
            0
        } else {
            self.st().rng.random_range(0..a.places.len() as u32) as u8
        };
        let attribution = self.attribution_limit(attack);
        let attributed_at = if attribution == 0 {
            0
        } else {
            self.st().rng.random_range(attribution / 2..=attribution)
        };
        let Some(mut treaty) = self.st().stage.take_treaty() else {
            return;
        };
        let terms = self.terms_of(&treaty.draft);
        let clock = terms.clock_hours;
        let obligation = terms.obligation;
        let participants = scenario.negotiators();
        let bound = treaty.signatories.intersect(participants);
        let broken = treaty.offer == OfferStatus::Accepted;
        if broken {
            treaty.offer = OfferStatus::Broken;
        }
        self.st().quiet_months = 0;
        self.st().decided = SeatSet::EMPTY;
        self.st().stage = Stage::Crisis {
            treaty,
            crisis: Box::new(Crisis {
                attack,
                place,
                now: 0,
                clock,
                closes_at: clock + scenario.rules().crisis_overtime_hours.max(0) as u32,
                obligation,
                participants,
                bound,
                done: SeatSet::EMPTY,
                ready_at: BySeat::default(),
                attributed_at,
                convened_by: None,
                consult_open_at: None,
                package: None,
                contributions: [Contribution::default(); MAX_SEATS],
                approvals: [ApprovalStatus::NotNeeded; MAX_SEATS],
                objections: 0,
                objected: SeatSet::EMPTY,
                settled_at: BySeat::default(),
                moves: BySeat::default(),
                aggressor: scenario.crisis_moves().map(|m| AggressorDesk {
                    seat: scenario.aggressor(),
                    ready_at: m.first_hour,
                    done: false,
                    posture: None,
                    denied: false,
                    severity: 0,
                    damage: 0,
                }),
            }),
        };
        self.log(EventKind::AttackLaunched {
            attack,
            place,
            clock,
        });
        if attributed_at > 0 {
            self.log(EventKind::AttributionExpected { at: attributed_at });
        }

        let mut changes = Tracks {
            costs: a.cost + a.isolation * deterrence / 100,
            ..Tracks::ZERO
        };
        if broken {
            self.log(EventKind::PledgeBroken);
            changes += scenario.offer().pledge_broken;
        }
        changes.escalation += self.climb_of(a.escalation);
        self.change_tracks(changes);
        if self.state().ending().is_some() {
            return;
        }

        // An automatic obligation triggers the treaty's menu at once, every
        // bound guarantor providing what it can.
        if obligation == Obligation::Automatic {
            let by_agreement = scenario.rules().clock_judges == ClockJudges::Agreement;
            let items = terms.menu;
            let mut supporters = SeatSet::EMPTY;
            for seat in bound.iter() {
                if scenario.faction(seat).role != Role::Guarantor {
                    continue;
                }
                supporters.insert(seat);
                let mine = items.intersect(self.providable(seat));
                self.set_contribution(seat, mine, 0);
            }
            if let Some(c) = self.st().stage.crisis_mut() {
                c.package = Some(Package {
                    items,
                    by: None,
                    at: 0,
                    supporters,
                    objectors: SeatSet::EMPTY,
                    // A deniable attack triggers the treaty once it is attributed.
                    agreed_at: Some(if by_agreement { attributed_at } else { 0 }),
                });
            }
            self.log(EventKind::PackageProposed { by: None, items });
        }
        self.advance_crisis();
    }

    /// Why no package can be proposed at this hour of the crisis, if not.
    pub(crate) fn why_no_package_now(&self) -> Option<&'static str> {
        let c = self.state().crisis()?;
        if c.consult_open_at.is_none_or(|h| h > c.now) {
            return Some("consultations are not open");
        }
        if c.package.as_ref().is_some_and(|p| p.agreed_at.is_some()) {
            return Some("a package is already agreed");
        }
        None
    }

    pub(crate) fn check_crisis(&self, seat: Seat, action: &Action) -> Result<(), RuleError> {
        let Some(c) = self.state().crisis() else {
            return Err(not_now(action, "there is no crisis"));
        };
        if c.aggressor.is_some_and(|a| a.seat == seat) {
            return self.check_aggressor_move(c, action);
        }
        let package = c.package.as_ref();
        match action {
            Action::Press | Action::StepBack | Action::Deny => {
                Err(RuleError::NotForThisSeat(action.name()))
            }
            Action::Convene => {
                if c.convened_by.is_some() {
                    return Err(not_now(action, "consultations have already been called"));
                }
                Ok(())
            }
            Action::Propose(items) => {
                if let Some(why) = self.why_no_package_now() {
                    return Err(not_now(action, why));
                }
                if items.is_empty() || !items.is_subset(self.scenario().all_responses()) {
                    return Err(RuleError::InvalidPackage);
                }
                if package.is_some_and(|p| p.items == *items) {
                    return Err(RuleError::NoChange);
                }
                Ok(())
            }
            Action::Support(items) => {
                let Some(p) = package else {
                    return Err(not_now(action, "there is no package on the table"));
                };
                let allowed = p.items.intersect(self.providable(seat));
                if !items.is_subset(allowed) {
                    return Err(RuleError::InvalidContribution);
                }
                let forces = items.intersect(self.scenario().forces());
                if !forces.is_empty() && c.approvals[seat.index()] == ApprovalStatus::Refused {
                    return Err(RuleError::ApprovalRefused);
                }
                if p.supporters.contains(seat) && c.contributions[seat.index()].items == *items {
                    return Err(RuleError::NoChange);
                }
                Ok(())
            }
            Action::Object => {
                let Some(p) = package else {
                    return Err(not_now(action, "there is no package on the table"));
                };
                if p.agreed_at.is_some() {
                    return Err(not_now(action, "the package is already agreed"));
                }
                if p.objectors.contains(seat) {
                    return Err(RuleError::NoChange);
                }
                Ok(())
            }
            Action::SeekApproval => {
                if c.approvals[seat.index()] != ApprovalStatus::Needed {
                    return Err(not_now(action, "no national vote is needed"));
                }
                Ok(())
            }
            Action::Wait(h) => {
                if *h == 0 || *h > MAX_WAIT_HOURS {
                    return Err(RuleError::InvalidWait);
                }
                Ok(())
            }
            Action::StandDown => Ok(()),
            _ => Err(not_now(action, "a crisis is under way")),
        }
    }

    /// Whether the aggressor may make `action` in crisis `c`.
    fn check_aggressor_move(&self, c: &Crisis, action: &Action) -> Result<(), RuleError> {
        let Some(desk) = c.aggressor else {
            return Err(RuleError::NotForThisSeat(action.name()));
        };
        match action {
            Action::Press | Action::StepBack if desk.posture.is_some() => Err(not_now(
                action,
                "the aggressor has already pressed or stepped back in this crisis",
            )),
            Action::Press | Action::StepBack
                if c.package.as_ref().is_some_and(|p| p.agreed_at.is_some()) =>
            {
                Err(not_now(
                    action,
                    "the guarantors have agreed their answer; only a new attack would change it",
                ))
            }
            Action::Press | Action::StepBack => Ok(()),
            Action::Deny if c.attributed_at == 0 => {
                Err(not_now(action, "this attack is not deniable"))
            }
            Action::Deny if desk.denied => {
                Err(not_now(action, "the attack has already been denied"))
            }
            Action::Deny if c.attributed_at <= c.now => {
                Err(not_now(action, "the attack is already attributed"))
            }
            Action::Deny => Ok(()),
            Action::Wait(h) if *h == 0 || *h > MAX_WAIT_HOURS => Err(RuleError::InvalidWait),
            Action::Wait(_) | Action::StandDown => Ok(()),
            _ => Err(RuleError::NotForThisSeat(action.name())),
        }
    }

    /// The attack's severity in the current crisis, after the aggressor's
    /// moves (the base severity outside a crisis is not asked for: 1).
    pub fn severity_now(&self) -> i32 {
        self.state().crisis().map_or(1, |c| {
            let shift = c.aggressor.map_or(0, |a| a.severity);
            (self.scenario().attack(c.attack).severity + shift).max(1)
        })
    }

    /// What a change of posture would add to the current attack's severity
    /// and damage: its percentages of the attack's own, rounded.
    pub fn posture_shift(&self, p: &crate::raw::Posture) -> (i32, i32) {
        self.state().crisis().map_or((0, 0), |c| {
            let attack = self.scenario().attack(c.attack);
            (
                percent_of(attack.severity, p.severity_percent),
                percent_of(attack.damage, p.damage_percent),
            )
        })
    }

    /// Rungs a move that climbs `escalation` rungs by itself climbs in all:
    /// a climb meets the treaty's tripwire (guarantor forces in harm's way).
    pub fn climb_of(&self, escalation: i32) -> i32 {
        if escalation > 0 {
            escalation + self.terms().map_or(0, |t| t.tripwire)
        } else {
            escalation
        }
    }

    /// The attack's damage in the current crisis, after the aggressor's moves.
    pub fn damage_now(&self) -> i32 {
        self.state().crisis().map_or(0, |c| {
            let shift = c.aggressor.map_or(0, |a| a.damage);
            (self.scenario().attack(c.attack).damage + shift).max(0)
        })
    }

    /// The aggressor's move in a crisis it started.
    fn aggressor_move(&mut self, action: Action) {
        let scenario = Arc::clone(self.scenario());
        let (Some(moves), Some(c)) = (scenario.crisis_moves(), self.state().crisis()) else {
            return;
        };
        let now = c.now;
        let cost = match action {
            Action::Press | Action::StepBack => {
                let pressed = action == Action::Press;
                let p = if pressed {
                    &moves.press
                } else {
                    &moves.step_back
                };
                let (severity, damage) = self.posture_shift(p);
                if let Some(desk) = self
                    .st()
                    .stage
                    .crisis_mut()
                    .and_then(|c| c.aggressor.as_mut())
                {
                    desk.posture = Some(pressed);
                    desk.severity += severity;
                    desk.damage += damage;
                }
                let (severity, damage) = (self.severity_now(), self.damage_now());
                self.log(if pressed {
                    EventKind::AttackPressed { severity, damage }
                } else {
                    EventKind::SteppedBack { severity, damage }
                });
                let mut changes = p.effects;
                changes.escalation = self.climb_of(changes.escalation);
                self.change_tracks(changes);
                p.hours
            }
            Action::Deny => {
                let delay = moves.deny.attribution;
                if let Some(c) = self.st().stage.crisis_mut() {
                    c.attributed_at += delay;
                    let at = c.attributed_at;
                    if let Some(open) = c.consult_open_at.as_mut() {
                        *open = (*open).max(at);
                    }
                    // An automatic response triggers once the attack is attributed.
                    if let Some(agreed) = c.package.as_mut().and_then(|p| p.agreed_at.as_mut())
                        && *agreed > now
                    {
                        *agreed = (*agreed).max(at);
                    }
                    if let Some(desk) = c.aggressor.as_mut() {
                        desk.denied = true;
                    }
                }
                let at = self.state().crisis().map_or(0, |c| c.attributed_at);
                self.log(EventKind::AttackDenied { at });
                self.change_tracks(moves.deny.effects);
                moves.deny.hours
            }
            Action::Wait(hours) => {
                let by = scenario.aggressor();
                self.log(EventKind::Waited { by, hours });
                hours
            }
            Action::StandDown => {
                let by = scenario.aggressor();
                if let Some(desk) = self
                    .st()
                    .stage
                    .crisis_mut()
                    .and_then(|c| c.aggressor.as_mut())
                {
                    desk.done = true;
                }
                self.log(EventKind::StoodDown { by });
                0
            }
            _ => 0,
        };
        let seat = scenario.aggressor();
        if let Some(c) = self.st().stage.crisis_mut() {
            if let Some(desk) = c.aggressor.as_mut() {
                desk.ready_at = now + cost.max(1);
            }
            c.moves[seat.index()] += 1;
        }
        if self.state().ending().is_none() {
            self.advance_crisis();
        }
    }

    pub(crate) fn crisis_action(&mut self, seat: Seat, action: Action) {
        let Some(c) = self.state().crisis() else {
            return;
        };
        if c.aggressor.is_some_and(|a| a.seat == seat) {
            self.aggressor_move(action);
            return;
        }
        let now = c.now;
        let cost = match action {
            Action::Convene => {
                let hours = self.convene_hours(seat);
                let attributed = self.state().crisis().map_or(0, |c| c.attributed_at);
                let open_at = (now + hours).max(attributed);
                if let Some(c) = self.st().stage.crisis_mut() {
                    c.convened_by = Some(seat);
                    c.consult_open_at = Some(open_at);
                }
                self.log(EventKind::ConsultationsCalled { by: seat, open_at });
                hours
            }
            Action::Propose(items) => {
                let hours = self.propose_hours(seat, items);
                if let Some(c) = self.st().stage.crisis_mut() {
                    c.package = Some(Package {
                        items,
                        by: Some(seat),
                        at: now,
                        supporters: SeatSet::EMPTY,
                        objectors: SeatSet::EMPTY,
                        agreed_at: None,
                    });
                    c.contributions = [Contribution::default(); MAX_SEATS];
                    for a in c.approvals.iter_mut() {
                        if matches!(a, ApprovalStatus::Needed) {
                            *a = ApprovalStatus::NotNeeded;
                        }
                    }
                }
                self.log(EventKind::PackageProposed {
                    by: Some(seat),
                    items,
                });
                hours
            }
            Action::Support(items) => {
                let hours = self.position_hours(seat) + self.position_snag(seat);
                self.set_contribution(seat, items, now + hours);
                if let Some(c) = self.st().stage.crisis_mut() {
                    c.settled_at[seat.index()] = now + hours;
                }
                if let Some(p) = self
                    .st()
                    .stage
                    .crisis_mut()
                    .and_then(|c| c.package.as_mut())
                {
                    p.supporters.insert(seat);
                    p.objectors.remove(seat);
                }
                self.log(EventKind::Supported { by: seat, items });
                hours
            }
            Action::Object => {
                if let Some(c) = self.st().stage.crisis_mut() {
                    c.objections += 1;
                    c.objected.insert(seat);
                    c.contributions[seat.index()] = Contribution::default();
                    if let Some(p) = c.package.as_mut() {
                        p.supporters.remove(seat);
                        p.objectors.insert(seat);
                    }
                }
                self.log(EventKind::Objected { by: seat });
                let effects = self.scenario().rules().objection;
                self.change_tracks(effects);
                DECISION_HOURS
            }
            Action::SeekApproval => {
                // Parliaments keep their own calendars: the vote comes this
                // many hours give or take the spread.
                let (fewest, most) = self.vote_hours(seat).unwrap_or((0, 0));
                let hours = if most > fewest {
                    self.st().rng.random_range(fewest..=most)
                } else {
                    most
                };
                let due = now + hours;
                if let Some(c) = self.st().stage.crisis_mut() {
                    c.approvals[seat.index()] = ApprovalStatus::Pending { due };
                }
                self.log(EventKind::ApprovalSought { by: seat, due });
                hours
            }
            Action::Wait(hours) => {
                self.log(EventKind::Waited { by: seat, hours });
                hours
            }
            Action::StandDown => {
                let forces = self.scenario().forces();
                if let Some(c) = self.st().stage.crisis_mut() {
                    c.done.insert(seat);
                    // Forces nobody has voted for cannot be sent.
                    if c.approvals[seat.index()] == ApprovalStatus::Needed {
                        let contribution = &mut c.contributions[seat.index()];
                        contribution.items = contribution.items.minus(forces);
                        c.approvals[seat.index()] = ApprovalStatus::NotNeeded;
                    }
                }
                self.log(EventKind::StoodDown { by: seat });
                0
            }
            _ => 0,
        };
        // Every action but standing down takes at least an hour, so crisis time always moves on.
        let cost = if action == Action::StandDown {
            0
        } else {
            cost.max(1)
        };
        if let Some(c) = self.st().stage.crisis_mut() {
            c.ready_at[seat.index()] = now + cost;
            c.moves[seat.index()] += 1;
        }
        if self.state().ending().is_none() {
            self.advance_crisis();
        }
    }

    /// Record what `seat` provides, starting its preparation at `from`, and
    /// whether its forces now need a national vote.
    fn set_contribution(&mut self, seat: Seat, items: ResponseSet, from: u32) {
        let ready_at = from + self.preparation_hours(seat, items);
        let needs = self.needs_approval(seat, items);
        if let Some(c) = self.st().stage.crisis_mut() {
            c.contributions[seat.index()] = Contribution { items, ready_at };
            let approval = &mut c.approvals[seat.index()];
            *approval = match (*approval, needs) {
                (ApprovalStatus::NotNeeded | ApprovalStatus::Needed, true) => {
                    ApprovalStatus::Needed
                }
                (ApprovalStatus::Needed, false) => ApprovalStatus::NotNeeded,
                (other, _) => other,
            };
        }
    }

    /// Move crisis time to the next seat's turn, settling votes that fall due,
    /// and close the crisis when the response is settled or time is up.
    pub(crate) fn advance_crisis(&mut self) {
        let Some(c) = self.state().crisis() else {
            return;
        };
        let active = c.participants.minus(c.done);
        let next = active.iter().map(|s| c.ready_at[s.index()]).min();
        // The aggressor moves while the guarantors still act; it cannot keep
        // a crisis open by itself.
        let aggressor = c
            .aggressor
            .filter(AggressorDesk::active)
            .map(|a| a.ready_at);
        let soonest = next.map(|n| aggressor.map_or(n, |a| a.min(n)));
        let closes_at = c.closes_at;
        let target = soonest.unwrap_or(c.now).min(closes_at).max(c.now);
        // A decision counts at the hour it was taken, before time moves on.
        self.check_agreement();
        self.settle_votes(target);

        if let Some(c) = self.st().stage.crisis_mut() {
            c.now = target;
        }
        self.check_agreement();
        let Some(c) = self.state().crisis() else {
            return;
        };
        if next.is_none() || c.now >= closes_at || self.response_settled() {
            self.close_crisis();
        }
    }

    /// Resolve national votes due by `until`, in the order they fall due.
    fn settle_votes(&mut self, until: u32) {
        loop {
            let Some(c) = self.state().crisis() else {
                return;
            };
            let due = (0..MAX_SEATS)
                .filter_map(|i| match c.approvals[i] {
                    ApprovalStatus::Pending { due } if due <= until => Some((due, i)),
                    _ => None,
                })
                .min();
            let Some((due, i)) = due else {
                return;
            };
            let seat = Seat(i as u8);
            let chance = self.vote_chance(seat).unwrap_or(95);
            let granted = self.st().rng.random_range(0..100u32) < chance;
            let forces = self.scenario().forces();
            if let Some(c) = self.st().stage.crisis_mut() {
                let contribution = &mut c.contributions[i];
                if granted {
                    c.approvals[i] = ApprovalStatus::Granted;
                    contribution.ready_at = contribution.ready_at.max(due);
                } else {
                    c.approvals[i] = ApprovalStatus::Refused;
                    contribution.items = contribution.items.minus(forces);
                }
            }
            if let Some(c) = self.st().stage.crisis_mut() {
                let now = c.now;
                c.now = due.max(now);
            }
            self.log(EventKind::ApprovalDecided { by: seat, granted });
            // A commitment waiting for its vote is firm once the vote is in.
            self.check_agreement();
        }
    }

    fn check_agreement(&mut self) {
        let decision = self
            .terms()
            .map(|t| t.decision)
            .unwrap_or(Decision::Willing);
        let guarantors = self.scenario().guarantors();
        let by_agreement = self.scenario().rules().clock_judges == ClockJudges::Agreement;
        let Some(c) = self.st().stage.crisis_mut() else {
            return;
        };
        let now = c.now;
        let Some(p) = c.package.as_mut() else {
            return;
        };
        if p.agreed_at.is_some() || p.supporters.is_empty() {
            return;
        }
        // A backer has committed once its government has settled its
        // position (the hours backing takes; standing down does not cut
        // them short) and any national vote its forces wait for is in.
        let firm = |s: Seat| {
            !by_agreement
                || c.settled_at[s.index()] <= now
                    && !matches!(
                        c.approvals[s.index()],
                        ApprovalStatus::Needed | ApprovalStatus::Pending { .. }
                    )
        };
        let agreed = match decision {
            Decision::Consensus => {
                let bound = c.bound.intersect(guarantors);
                let required = bound.minus(c.done.minus(p.supporters));
                p.supporters.is_superset(required)
                    && required.iter().all(firm)
                    && p.objectors.intersect(bound).is_empty()
            }
            Decision::Willing => p
                .supporters
                .iter()
                .any(|s| firm(s) && !c.contributions[s.index()].items.is_empty()),
        };
        if agreed {
            p.agreed_at = Some(now);
            self.log(EventKind::PackageAgreed);
        }
    }

    /// The package is agreed, everyone still acting has answered it, and no vote is outstanding.
    fn response_settled(&self) -> bool {
        let Some(c) = self.state().crisis() else {
            return false;
        };
        let Some(p) = c.package.as_ref() else {
            return false;
        };
        if p.agreed_at.is_none() {
            return false;
        }
        let answered = p.supporters.union(p.objectors).union(c.done);
        let votes_pending = p.supporters.iter().any(|s| {
            matches!(
                c.approvals[s.index()],
                ApprovalStatus::Needed | ApprovalStatus::Pending { .. }
            )
        });
        answered.is_superset(c.participants) && !votes_pending
    }

    /// Close the crisis now, with whatever has been agreed and delivered.
    pub(crate) fn close_crisis_now(&mut self) {
        self.close_crisis();
    }

    fn close_crisis(&mut self) {
        let scenario = Arc::clone(self.scenario());
        let Some(c) = self.state().crisis().cloned() else {
            return;
        };
        let rules = scenario.rules();
        let attack = scenario.attack(c.attack);
        let terms = self.terms().unwrap_or(TreatyTerms::NEUTRAL);
        let forces = scenario.forces();

        // What is actually delivered: agreed, prepared, and voted where needed.
        let mut delivered = [ResponseSet::EMPTY; MAX_SEATS];
        let mut delivered_at: Option<u32> = None;
        let mut any_ready: Option<u32> = None;
        let mut ready_at = BySeat::<u32>::default();
        if let Some(p) = c.package.as_ref()
            && let Some(agreed) = p.agreed_at
        {
            for seat in p.supporters.iter() {
                let i = seat.index();
                let mut items = c.contributions[i].items;
                if !matches!(
                    c.approvals[i],
                    ApprovalStatus::Granted | ApprovalStatus::NotNeeded
                ) {
                    items = items.minus(forces);
                }
                let ready = c.contributions[i].ready_at.max(agreed);
                if items.is_empty() || ready > c.closes_at {
                    continue;
                }
                delivered[i] = items;
                ready_at[i] = ready;
                any_ready = Some(any_ready.map_or(ready, |d: u32| d.max(ready)));
                // The guarantee is judged on those it binds; outsiders who help
                // reinforce the response without making the signatories late.
                if c.bound.contains(seat) {
                    delivered_at = Some(delivered_at.map_or(ready, |d: u32| d.max(ready)));
                }
            }
        }
        let delivered_at = delivered_at.or(any_ready);
        let contributors: SeatSet = (0..MAX_SEATS as u8)
            .map(Seat)
            .filter(|s| !delivered[s.index()].is_empty())
            .collect();
        let items = delivered
            .iter()
            .fold(ResponseSet::EMPTY, |a, b| a.union(*b));

        // The clock is for consulting and agreeing a response: it is met when
        // the package is agreed in time (consultations open, for consultation
        // only). Delivery is judged apart: late help spares less and costs a
        // little credibility, far less than a missed clock.
        let agreed_at = c.package.as_ref().and_then(|p| p.agreed_at);
        let judged_at = match rules.clock_judges {
            ClockJudges::Agreement => agreed_at,
            ClockJudges::Delivery => delivered_at,
        };
        let met = match c.obligation {
            Obligation::ConsultOnly => c.consult_open_at.is_some_and(|h| h <= c.clock),
            _ => judged_at.is_some_and(|h| h <= c.clock),
        };
        let late = delivered_at.is_none_or(|h| h > c.clock);

        // Strength: each item, reinforced by every extra contributor.
        // Strength in hundredths, so that reinforcements of small items count.
        let mut weight = 0;
        let mut mitigation = 0;
        let mut changes = Tracks::ZERO;
        for r in items.iter() {
            let resp = scenario.response(r);
            let k = contributors
                .iter()
                .filter(|s| delivered[s.index()].contains(r))
                .count() as i32;
            weight += item_weight(resp, k as usize);
            mitigation += resp.mitigation;
            changes.security += resp.security;
            changes.costs += resp.costs;
        }
        if late {
            mitigation = mitigation * rules.late_mitigation / 100;
        }
        let cap = attack.max_mitigation.unwrap_or(rules.max_mitigation);
        let mitigation = mitigation.clamp(0, cap.clamp(0, rules.max_mitigation.clamp(0, 100)));
        changes.security -= self.damage_now() * (100 - mitigation) / 100;

        let severity = self.severity_now();
        let verdict = judge(rules, weight, severity);
        let strength = (weight + 50) / 100;
        let stakes = terms.stakes;
        changes += if met {
            rules.clock_met.scaled_credibility(stakes)
        } else {
            rules.clock_missed.scaled_credibility(stakes)
        };
        if met && late && c.obligation != Obligation::ConsultOnly {
            changes += rules.late_delivery;
        }
        changes += match verdict {
            Verdict::NoResponse | Verdict::TooWeak => rules.under_response,
            Verdict::Proportionate => rules.proportionate,
            Verdict::Overreaction => rules.over_response,
        };

        // Bound guarantors who took no part in a response they promised.
        let mut breaches = SeatSet::EMPTY;
        if c.obligation != Obligation::ConsultOnly {
            for seat in c.bound.iter() {
                if scenario.faction(seat).role != Role::Guarantor {
                    continue;
                }
                let took_part = c
                    .package
                    .as_ref()
                    .is_some_and(|p| p.supporters.contains(seat));
                let provided = !delivered[seat.index()].is_empty();
                let breach = match c.obligation {
                    Obligation::Automatic => !provided,
                    _ => !took_part,
                };
                if breach {
                    breaches.insert(seat);
                    changes += rules.breach;
                    // A government that walks out on its own guarantee pays at home.
                    self.change_support(seat, rules.breach_support);
                }
            }
        }

        // Money and domestic support for the contributors.
        let weights = terms.burden;
        for r in items.iter() {
            let resp = scenario.response(r);
            let payers: Vec<Seat> = contributors
                .iter()
                .filter(|s| delivered[s.index()].contains(r))
                .collect();
            let total: i32 = payers.iter().map(|s| weights[s.index()].max(1)).sum();
            for seat in &payers {
                let share = resp.cost * weights[seat.index()].max(1) / total.max(1);
                self.st().seats[seat.index()].spent += share;
                self.change_support(*seat, resp.support);
            }
        }
        for seat in c.bound.iter() {
            if scenario.faction(seat).role == Role::Guarantor {
                let by = if met {
                    rules.met_support
                } else {
                    rules.missed_support
                };
                self.change_support(seat, by);
            }
        }

        // Escalation risk of what was sent.
        let mut rolls = 0;
        for r in items.iter() {
            let risk = scenario.response(r).escalation_risk.clamp(0, 100) as u32;
            if risk > 0 && self.st().rng.random_range(0..100u32) < risk {
                rolls += 1;
            }
        }
        changes.escalation += rolls;

        let record = CrisisRecord {
            month: self.state().month,
            attack: c.attack,
            place: c.place,
            clock: c.clock,
            obligation: c.obligation,
            met,
            consult_open_at: c.consult_open_at,
            delivered_at,
            agreed_at,
            late,
            items,
            contributors,
            ready_at,
            bound: c.bound,
            breaches,
            strength,
            severity,
            verdict,
            changes,
        };
        for seat in breaches.iter() {
            self.log(EventKind::Breach { by: seat });
        }
        self.log(EventKind::CrisisClosed {
            met,
            delivered_at,
            verdict,
            strength,
            severity,
            changes,
        });
        if let Some(treaty) = self.st().stage.take_treaty() {
            self.st().stage = Stage::Interlude { treaty };
        }
        self.st().crises.push(record);
        // Readiness is spent in the crisis it was kept for.
        self.st().ready = SeatSet::EMPTY;
        self.change_tracks(changes);
        self.sample();
        if self.state().ending().is_none() {
            self.pass_months(scenario.rules().decision_months);
        }
    }
}

/// `percent` of `value`, rounded to the nearest whole point (halves away from zero).
pub fn percent_of(value: i32, percent: i32) -> i32 {
    let x = value * percent;
    (x + x.signum() * 50) / 100
}

/// The weight of one response in a package, in hundredths of strength: each
/// contributor beyond the first adds a quarter of its strength.
pub fn item_weight(response: &crate::scenario::Response, contributors: usize) -> i32 {
    if contributors == 0 {
        return 0;
    }
    response.strength * (100 + 25 * (contributors as i32 - 1))
}

/// How a response of `weight` (hundredths of strength) compares with an attack of `severity`.
pub fn judge(rules: &crate::raw::Rules, weight: i32, severity: i32) -> Verdict {
    let ratio = weight / severity.max(1);
    if weight == 0 {
        Verdict::NoResponse
    } else if ratio < rules.proportion_low {
        Verdict::TooWeak
    } else if ratio > rules.proportion_high {
        Verdict::Overreaction
    } else {
        Verdict::Proportionate
    }
}
