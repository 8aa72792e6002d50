//! Baseline negotiation: a time-dependent concession curve shaped by the
//! seat's personality, red lines respected and signalled, amendments chosen
//! for the seat's own gain while steering clear of others' public red lines.

use super::{AiRng, Decision, reason};
use crate::core::*;
use rand::RngExt;

/// What this seat could live with if talks fail, on its normalised scale.
pub fn reservation(view: &SeatView) -> f64 {
    let solidarity = view.secrets().personality.solidarity;
    let fallback = view.own_fallback_value(&view.utility());
    // Seats value an agreement in itself, the more so the more they care for the coalition.
    (fallback * (1.0 - 0.5 * solidarity)).clamp(0.05, 0.9)
}

/// The value this seat insists on at this point of the talks.
pub fn target(view: &SeatView) -> f64 {
    let talks = view.talks();
    let rounds = view.talks().deadline.max(1) as f64;
    let seats = view.seat_count().max(1) as f64;
    let elapsed = (talks.round - 1) as f64 + talks.turn as f64 / seats;
    let t = (elapsed / (rounds - 1.0).max(1.0)).clamp(0.0, 1.0);
    let e = view.secrets().personality.concession.max(0.05);
    let reservation = reservation(view);
    reservation + (1.0 - reservation) * (1.0 - t.powf(1.0 / e))
}

/// Whether an option is ruled out for this seat: its own red line, or a red
/// line another seat has made public.
fn ruled_out(view: &SeatView, family: ClauseId, option: usize, include: bool) -> bool {
    let me = view.seat();
    let own = view.secrets().red_lines.iter().map(|r| (me, r));
    let public = view
        .seats()
        .filter(|s| *s != me && view.faction(*s).role() != Role::Aggressor)
        .flat_map(|s| view.signalled_red_lines(s).into_iter().map(move |r| (s, r)));
    own.chain(public).any(|(_, r)| {
        (r.clause, r.option) == (family, option)
            && match r.kind {
                RedLineKind::Forbid => include,
                RedLineKind::Require => !include,
            }
    })
}

/// This seat's favourite text among those no known red line rules out.
pub fn best_draft(view: &SeatView) -> Draft {
    let values = &view.secrets().values;
    let mut d = Draft::default();
    for f in view.clause_ids() {
        let n = view.clause(f).options.len();
        let row = &values[f.index()];
        let pick = if view.clause(f).is_subset() {
            let mut p = Pick::EMPTY;
            for (o, value) in row.iter().enumerate().take(n) {
                let wanted = *value > 0 || ruled_out(view, f, o, false);
                if wanted && !ruled_out(view, f, o, true) {
                    p = p.toggled(o);
                }
            }
            p
        } else {
            let best = (0..n)
                .filter(|o| !ruled_out(view, f, *o, true))
                .max_by_key(|o| (row[*o], std::cmp::Reverse(*o)))
                .unwrap_or(0);
            Pick::one(best)
        };
        d = d.with(f, pick);
    }
    view.config().apply(d)
}

/// One-clause changes to `draft` this seat may propose, with its gain from each.
fn amendments(view: &SeatView, draft: &Draft) -> Vec<(ClauseId, Pick, i32)> {
    let base = view.value(draft);
    let mut out = Vec::new();
    for f in view.clause_ids() {
        if view.config().fixed_pick(f).is_some() {
            continue;
        }
        let n = view.clause(f).options.len();
        for o in 0..n {
            let (pick, include) = if view.clause(f).is_subset() {
                let p = draft.pick(f).toggled(o);
                (p, p.has(o))
            } else {
                (Pick::one(o), true)
            };
            if pick == draft.pick(f) || ruled_out(view, f, o, include) {
                continue;
            }
            let changed = draft.with(f, pick);
            if !view.crossed_red_lines(&changed).is_empty() {
                continue;
            }
            out.push((f, pick, view.value(&changed) - base));
        }
    }
    out
}

pub fn negotiate(view: &SeatView, rng: &mut AiRng) -> Decision {
    let me = view.me();
    let talks = view.talks();
    let name = me.name();

    if me.role() == Role::Aggressor {
        return warn(view, rng);
    }

    let Some(draft) = talks.draft else {
        let d = best_draft(view);
        return Decision::new(
            Action::TableDraft(d),
            reason!("{name} tables its own draft"),
        );
    };

    // Red lines first: make them public, then fix or refuse the text.
    let crossed = view.crossed_red_lines(&draft);
    if let Some(&i) = crossed.first() {
        let red_line = &view.secrets().red_lines[i];
        let signalled = talks.signalled[view.seat().index()] & (1 << i) != 0;
        if !signalled && !talks.signalled_this_turn {
            return Decision::new(
                Action::SignalRedLine(i as u8),
                reason!("{name}: {}", red_line.why),
            );
        }
        let family = red_line.clause;
        // Named a red line only once the others know it.
        let why = if signalled {
            "a red line"
        } else {
            "it cannot accept it"
        };
        if !talks.concluded {
            let fix = amendments(view, &draft)
                .into_iter()
                .filter(|(f, _, _)| *f == family)
                .max_by_key(|(_, _, gain)| *gain);
            if let Some((clause, pick, _)) = fix {
                return Decision::new(
                    Action::Amend { clause, pick },
                    reason!("{name} amends {}: {why}", view.clause(clause).name),
                );
            }
        }
        if talks.stances[view.seat().index()] != Stance::Rejected(Some(family)) {
            return Decision::new(
                Action::Reject(Some(family)),
                reason!(
                    "{name} rejects the draft over {}: {why}",
                    view.clause(family).name
                ),
            );
        }
        return Decision::new(Action::Pass, reason!("{name} holds its position"));
    }

    let stance = talks.stances[view.seat().index()];
    if stance == Stance::Signed {
        return Decision::new(Action::Pass, reason!("{name} has signed and waits"));
    }
    let value = view.normalised_value(&draft);
    let reservation = reservation(view);
    // A little noise: negotiators are not clockwork.
    let target = (target(view) + rng.random_range(-0.06..0.06)).max(reservation);
    let rounds = view.talks().deadline;
    let closing = talks.round >= rounds - 1;
    if talks.concluded || value >= target || (talks.round >= rounds && value >= reservation) {
        if value >= reservation {
            return Decision::new(
                Action::Sign,
                reason!("{name} signs: the text is good enough"),
            );
        }
        return Decision::new(
            Action::Reject(worst_clause(view, &draft)),
            reason!("{name} will not sign this text"),
        );
    }
    // Near the deadline an amendment would wipe out everyone's signatures.
    if closing {
        if value >= reservation {
            return Decision::new(Action::Sign, reason!("{name} signs before the deadline"));
        }
        let clause = worst_clause(view, &draft);
        if stance != Stance::Rejected(clause) {
            return Decision::new(Action::Reject(clause), reason!("{name} rejects the draft"));
        }
        return Decision::new(Action::Pass, reason!("{name} waits for a better text"));
    }
    // Otherwise ask for the smallest change that reaches the target, or the biggest available.
    let needed = ((target - value) * span(view)).ceil() as i32;
    let mut options = amendments(view, &draft);
    options.retain(|(_, _, gain)| *gain > 0);
    // Prefer the smallest change that is enough, else the biggest; pick among near equals.
    options.sort_by_key(|(f, p, gain)| (*gain, *f, p.bits()));
    let enough: Vec<_> = options
        .iter()
        .filter(|(_, _, gain)| *gain >= needed)
        .take(3)
        .copied()
        .collect();
    let pool: Vec<_> = if enough.is_empty() {
        options.iter().rev().take(3).copied().collect()
    } else {
        enough
    };
    let choice = if pool.is_empty() {
        None
    } else {
        Some(pool[rng.random_range(0..pool.len())])
    };
    match choice {
        Some((clause, pick, _)) => Decision::new(
            Action::Amend { clause, pick },
            reason!(
                "{name} amends {}: closer to its interests",
                view.clause(clause).name
            ),
        ),
        None if stance != Stance::Accepted => Decision::new(
            Action::Accept,
            reason!("{name} accepts the draft in principle"),
        ),
        None => Decision::new(Action::Pass, reason!("{name} waits")),
    }
}

fn span(view: &SeatView) -> f64 {
    let (lo, hi) = view.value_range();
    (hi - lo).max(1) as f64
}

/// The clause of `draft` this seat likes least, relative to its best option.
fn worst_clause(view: &SeatView, draft: &Draft) -> Option<ClauseId> {
    let values = &view.secrets().values;
    view.clause_ids()
        .filter(|f| !view.clause(*f).is_subset())
        .map(|f| {
            let row = &values[f.index()][..view.clause(f).options.len()];
            let best = row.iter().copied().max().unwrap_or(0);
            (best - row[draft.option(f)], f)
        })
        .filter(|(loss, _)| *loss > 0)
        .max_by_key(|(loss, f)| (*loss, std::cmp::Reverse(*f)))
        .map(|(_, f)| f)
}

/// The aggressor is not at the table: it warns publicly when a red line is crossed.
fn warn(view: &SeatView, rng: &mut AiRng) -> Decision {
    let name = view.me().name();
    let talks = view.talks();
    if let Some(draft) = talks.draft
        && !talks.signalled_this_turn
    {
        let mine = talks.signalled[view.seat().index()];
        if let Some(i) = view
            .crossed_red_lines(&draft)
            .into_iter()
            .find(|i| mine & (1 << i) == 0)
        {
            let why = &view.secrets().red_lines[i].why;
            return Decision::new(
                Action::SignalRedLine(i as u8),
                reason!("{name} warns: {why}"),
            );
        }
    }
    if let Some(move_) = super::aggressor::at_the_table(view, rng) {
        return move_;
    }
    Decision::new(Action::Pass, cover_reason(view))
}

/// What everyone else reads of a turn without a public move (a pass, or a
/// back channel nobody else may know of).
///
/// It reads only what everyone sees: the draft on the table against the
/// seat's public aims.
pub fn cover_reason(view: &SeatView) -> String {
    let name = view.me().name();
    let Some(draft) = view.talks().draft else {
        return reason!("{name} watches the talks: no draft is on the table yet");
    };
    let (met, missed): (Vec<&Objective>, Vec<&Objective>) = view
        .me()
        .public_objectives()
        .filter(|o| text_decides(&o.condition))
        .partition(|o| text_holds(&o.condition, &draft));
    let talks = view.talks();
    let when = if talks.round <= 2 {
        "as the talks open"
    } else if talks.round + 1 >= talks.deadline {
        "as the deadline nears"
    } else {
        "as the talks go on"
    };
    match (met.first(), missed.first()) {
        (_, Some(o)) => reason!(
            "{name} watches the talks: {when}, the draft is far from its demand, {}",
            super::reasons::in_sentence(super::reasons::aim_name(o))
        ),
        (Some(o), None) => reason!(
            "{name} watches the talks: {when}, the draft already meets its demand, {}",
            super::reasons::in_sentence(super::reasons::aim_name(o))
        ),
        (None, None) => reason!("{name} watches the talks: {when}"),
    }
}
