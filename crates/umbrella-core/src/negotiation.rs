//! Phase 1: negotiating the treaty in rounds against a deadline.

use crate::action::{Action, RuleError};
use crate::draft::{Draft, TreatyTerms};
use crate::event::EventKind;
use crate::game::{Game, not_now};
use crate::ids::{ClauseId, MAX_SEATS, Seat};
use crate::raw::Role;
use crate::state::{Deal, DealOutcome, Stance};

impl Game {
    pub(crate) fn check_negotiation(&self, seat: Seat, action: &Action) -> Result<(), RuleError> {
        let scenario = self.scenario();
        let talks = &self.state().talks;
        let negotiates = scenario.faction(seat).role != Role::Aggressor;
        let need_negotiator = |what: &'static str| {
            if negotiates {
                Ok(())
            } else {
                Err(RuleError::NotForThisSeat(what))
            }
        };
        let frozen = |a: &Action| {
            if talks.concluded {
                Err(not_now(
                    a,
                    "the required signatures are in and the text is final",
                ))
            } else {
                Ok(())
            }
        };
        let need_draft = |a: &Action| {
            talks
                .draft
                .ok_or_else(|| not_now(a, "there is no draft on the table"))
        };
        match action {
            Action::TableDraft(draft) => {
                need_negotiator(action.name())?;
                frozen(action)?;
                if !draft.is_valid(scenario) {
                    return Err(RuleError::InvalidDraft);
                }
                if self.state().config.apply(*draft) != *draft {
                    return Err(RuleError::ClauseFixed);
                }
                if talks.draft == Some(*draft) {
                    return Err(RuleError::NoChange);
                }
                Ok(())
            }
            Action::Amend { clause, pick } => {
                need_negotiator(action.name())?;
                frozen(action)?;
                let draft = need_draft(action)?;
                if !Draft::pick_is_valid(scenario, *clause, *pick) {
                    return Err(RuleError::InvalidDraft);
                }
                if self.state().config.fixed_pick(*clause).is_some() {
                    return Err(RuleError::ClauseFixed);
                }
                if draft.pick(*clause) == *pick {
                    return Err(RuleError::NoChange);
                }
                Ok(())
            }
            Action::Accept => {
                need_negotiator(action.name())?;
                frozen(action)?;
                need_draft(action)?;
                match talks.stances[seat.index()] {
                    Stance::Accepted | Stance::Signed => {
                        Err(not_now(action, "this seat already backs the draft"))
                    }
                    _ => Ok(()),
                }
            }
            Action::Reject(_) => {
                need_negotiator(action.name())?;
                need_draft(action)?;
                if talks.stances[seat.index()] == Stance::Signed {
                    return Err(not_now(action, "this seat has signed the draft"));
                }
                Ok(())
            }
            Action::Sign => {
                need_negotiator(action.name())?;
                need_draft(action)?;
                if talks.stances[seat.index()] == Stance::Signed {
                    return Err(not_now(action, "this seat has already signed"));
                }
                Ok(())
            }
            Action::SignalRedLine(i) => {
                let lines = &scenario.faction(seat).secret.red_lines;
                if *i as usize >= lines.len() || *i >= 32 {
                    return Err(RuleError::UnknownRedLine);
                }
                if talks.signalled[seat.index()] & (1 << i) != 0 {
                    return Err(RuleError::AlreadySignalled);
                }
                if talks.signalled_this_turn {
                    return Err(RuleError::OneSignalPerTurn);
                }
                Ok(())
            }
            Action::Threaten { clause, option } => {
                self.check_table_move(seat, action, *clause, *option)?;
                if self.state().diplomacy.threatened(*clause, *option as usize) {
                    return Err(RuleError::AlreadyThreatened);
                }
                Ok(())
            }
            Action::BackChannel {
                seat: with,
                clause,
                option,
            } => {
                self.check_table_move(seat, action, *clause, *option)?;
                if !scenario.guarantors().contains(*with) {
                    return Err(RuleError::NotAGuarantor);
                }
                if self.state().diplomacy.deals.iter().any(|d| d.seat == *with) {
                    return Err(RuleError::AlreadyDealt);
                }
                Ok(())
            }
            Action::Pass => Ok(()),
            _ => Err(not_now(action, "the treaty is being negotiated")),
        }
    }

    /// What every move of the aggressor at the table needs: the scenario's
    /// table moves, the aggressor's seat, talks still open, a real option.
    fn check_table_move(
        &self,
        seat: Seat,
        action: &Action,
        clause: ClauseId,
        option: u8,
    ) -> Result<(), RuleError> {
        let scenario = self.scenario();
        if scenario.table_moves().is_none() || scenario.faction(seat).role != Role::Aggressor {
            return Err(RuleError::NotForThisSeat(action.name()));
        }
        if self.state().talks.concluded {
            return Err(not_now(
                action,
                "the required signatures are in and the text is final",
            ));
        }
        let valid = clause.index() < scenario.clauses().len()
            && (option as usize) < scenario.clause(clause).options.len();
        if !valid {
            return Err(RuleError::InvalidDraft);
        }
        let on_the_table = self
            .state()
            .talks
            .draft
            .is_some_and(|d| d.has(clause, option as usize));
        if !on_the_table {
            return Err(not_now(
                action,
                "it names an option of the draft on the table",
            ));
        }
        Ok(())
    }

    pub(crate) fn negotiate(&mut self, seat: Seat, action: Action) {
        match action {
            Action::TableDraft(draft) => {
                let previous = self.state().talks.draft;
                self.change_draft(seat, draft);
                self.log(EventKind::DraftTabled {
                    by: seat,
                    draft,
                    previous,
                });
                self.st().talks.tabled_by = Some(seat);
                self.end_turn();
            }
            Action::Amend { clause, pick } => {
                let Some(draft) = self.state().talks.draft else {
                    return;
                };
                let from = draft.pick(clause);
                self.change_draft(seat, draft.with(clause, pick));
                self.log(EventKind::Amended {
                    by: seat,
                    clause,
                    from,
                    to: pick,
                });
                self.end_turn();
            }
            Action::Accept => {
                self.st().talks.stances[seat.index()] = Stance::Accepted;
                self.log(EventKind::Accepted { by: seat });
                self.end_turn();
            }
            Action::Reject(clause) => {
                self.st().talks.stances[seat.index()] = Stance::Rejected(clause);
                self.log(EventKind::Rejected { by: seat, clause });
                self.end_turn();
            }
            Action::Sign => {
                self.st().talks.stances[seat.index()] = Stance::Signed;
                self.log(EventKind::Signed { by: seat });
                let talks = &self.state().talks;
                if !talks.concluded
                    && let Some(draft) = talks.draft
                {
                    let terms = TreatyTerms::of(self.scenario(), &draft);
                    if terms.enters_into_force(self.scenario(), talks.signed()) {
                        self.st().talks.concluded = true;
                        self.log(EventKind::TreatyConcluded);
                    }
                }
                self.end_turn();
            }
            Action::SignalRedLine(i) => {
                let talks = &mut self.st().talks;
                talks.signalled[seat.index()] |= 1 << i;
                talks.signalled_this_turn = true;
                self.log(EventKind::RedLineSignalled {
                    by: seat,
                    red_line: i,
                });
            }
            Action::Threaten { clause, option } => {
                let Some(threat) = self.scenario().table_moves().map(|m| m.threat.clone()) else {
                    return;
                };
                self.st().diplomacy.threats.push((clause, option));
                self.log(EventKind::Threatened {
                    by: seat,
                    clause,
                    option,
                });
                self.change_tracks(threat.effects);
                for g in self.scenario().guarantors().iter() {
                    self.change_support(g, threat.support);
                }
                self.end_turn();
            }
            Action::BackChannel {
                seat: with,
                clause,
                option,
            } => {
                self.st().diplomacy.deals.push(Deal {
                    seat: with,
                    clause,
                    option,
                    outcome: DealOutcome::Pending,
                });
                // To everyone else, a turn spent in a back channel looks
                // like a turn without a public move.
                self.log(EventKind::Passed { by: seat });
                self.end_turn();
            }
            Action::Pass => {
                self.log(EventKind::Passed { by: seat });
                self.end_turn();
            }
            _ => {}
        }
    }

    /// Any change to the text clears every acceptance, rejection and signature.
    fn change_draft(&mut self, seat: Seat, draft: Draft) {
        let talks = &mut self.st().talks;
        talks.previous = talks.draft;
        talks.draft = Some(draft);
        talks.changed_by = Some(seat);
        talks.stances = [Stance::Silent; MAX_SEATS];
        talks.changes += 1;
    }

    /// End the turn of the seat to move (the facilitator's "advance" uses it too).
    pub(crate) fn end_turn_now(&mut self) {
        self.end_turn();
    }

    fn end_turn(&mut self) {
        let seats = self.scenario().factions().len() as u8;
        let talks = &mut self.st().talks;
        talks.signalled_this_turn = false;
        talks.turn += 1;
        if talks.turn < seats {
            return;
        }
        let round = talks.round;
        self.log(EventKind::RoundEnded { round });
        let talks = &self.state().talks;
        if talks.concluded
            && let Some(draft) = talks.draft
        {
            let signed = talks.signed();
            self.enter_into_force(draft, signed, true);
        } else if round >= self.state().talks.deadline {
            self.log(EventKind::DeadlinePassed);
            let fallback = self.scenario().fallback();
            let draft = self.state().config.apply(fallback.draft);
            let signatories = fallback.signatories;
            self.enter_into_force(draft, signatories, false);
        } else {
            let talks = &mut self.st().talks;
            talks.round += 1;
            talks.turn = 0;
        }
    }
}

/// Clauses on which two drafts differ, for the "what changed" view.
pub fn diff(a: &Draft, b: &Draft) -> Vec<ClauseId> {
    a.changed_clauses(b).collect()
}
