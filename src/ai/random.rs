//! Random legal play: the baseline of baselines, and a fuzzer for the rules.

use super::{AiRng, Decision};
use crate::core::*;
use rand::RngExt;

/// A broad sample of the actions legal for this seat now (not every possible
/// draft or package, but every kind of action with several variants).
pub fn legal_actions(view: &SeatView, rng: &mut AiRng) -> Vec<Action> {
    let mut candidates = Vec::new();
    match view.phase() {
        Phase::Negotiation => {
            candidates.extend([
                Action::Accept,
                Action::Reject(None),
                Action::Sign,
                Action::Pass,
            ]);
            for f in view.clause_ids() {
                candidates.push(Action::Reject(Some(f)));
                let n = view.clause(f).options.len();
                for o in 0..n {
                    let pick = match view.talks().draft {
                        Some(d) if view.clause(f).is_subset() => d.pick(f).toggled(o),
                        _ => Pick::one(o),
                    };
                    candidates.push(Action::Amend { clause: f, pick });
                }
            }
            for i in 0..view.secrets().red_lines.len().min(32) {
                candidates.push(Action::SignalRedLine(i as u8));
            }
            candidates.push(Action::TableDraft(random_draft(view, rng)));
            candidates.extend(view.table_moves());
        }
        Phase::Offer => {
            candidates.extend([
                Action::AnswerOffer { accept: true },
                Action::AnswerOffer { accept: false },
            ]);
        }
        Phase::Interlude => {
            candidates.push(Action::Hold);
            for i in 0..view.attacks().len() {
                candidates.push(Action::Attack(AttackId(i as u8)));
            }
        }
        Phase::Crisis => {
            let all = view.responses().len();
            candidates.extend([
                Action::Convene,
                Action::Object,
                Action::SeekApproval,
                Action::StandDown,
                Action::Wait(1),
                Action::Wait(6),
                Action::Wait(24),
            ]);
            for _ in 0..3 {
                let items = ResponseSet::from_bits(
                    rng.random_range(1..=ResponseSet::all_below(all).bits()),
                );
                candidates.push(Action::Propose(items));
            }
            if let Some(p) = view.crisis().and_then(|c| c.package.as_ref()) {
                let mine = p.items.intersect(view.providable(view.seat()));
                candidates.push(Action::Support(mine));
                candidates.push(Action::Support(mine.minus(view.forces())));
                candidates.push(Action::Support(ResponseSet::EMPTY));
            }
        }
        Phase::Ended => {}
    }
    candidates.retain(|a| view.check(a).is_ok());
    candidates
}

fn random_draft(view: &SeatView, rng: &mut AiRng) -> Draft {
    let mut d = Draft::default();
    for f in view.clause_ids() {
        let n = view.clause(f).options.len();
        let pick = if view.clause(f).is_subset() {
            Pick::from_bits(rng.random_range(0..(1u32 << n)))
        } else {
            Pick::one(rng.random_range(0..n))
        };
        d = d.with(f, pick);
    }
    view.config().apply(d)
}

pub fn decide(view: &SeatView, rng: &mut AiRng) -> Decision {
    let actions = legal_actions(view, rng);
    if actions.is_empty() {
        return Decision::new(Action::Pass, "nothing to do");
    }
    // Waiting and passing are always legal; weight real moves up so games progress.
    let action = actions[rng.random_range(0..actions.len())];
    Decision::new(action, "a random move")
}
