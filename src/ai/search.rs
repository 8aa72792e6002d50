//! The hard level away from the table: Monte Carlo search over the seat's
//! information set.
//!
//! For each decision the seat lists a few candidate moves (the normal
//! policy's choice first), then samples worlds consistent with what it
//! knows ([`SeatView::sample_world`]: the public state, its own secrets, the
//! other seats' secrets drawn from its beliefs, an unknown future) and plays
//! every candidate to the end of the game in each world with the normal
//! policy on every seat. All candidates meet the same worlds and the same
//! random futures (common random numbers), so their comparison is fair with
//! few samples. The move with the best mean outcome for this seat — its
//! points, plus a bonus for victory — is played, unless it does no better
//! than the normal choice by a clear margin. Everything is drawn from the
//! decision's own random stream, so the search is deterministic per seed.

use super::{AiRng, Bot, Decision};
use crate::core::*;

/// Worlds sampled per decision.
pub const WORLDS: usize = 16;
/// Most candidate moves compared per decision.
const MAX_CANDIDATES: usize = 6;
/// Points a victory is worth on top of the seat's own points.
const VICTORY_BONUS: f64 = 40.0;
/// Mean points a move must gain over the normal choice to replace it.
const MARGIN: f64 = 1.5;
/// No rollout runs longer than this many decisions.
const ROLLOUT_STEPS: u32 = 4_000;

pub fn decide(view: &SeatView, rng: &mut AiRng) -> Decision {
    let default = super::baseline(view, rng);
    let candidates = candidates(view, &default);
    if candidates.len() < 2 {
        return default;
    }
    let me = view.seat();
    let mut totals = vec![0.0; candidates.len()];
    for _ in 0..WORLDS {
        let world = view.sample_world(rng);
        for (i, action) in candidates.iter().enumerate() {
            let mut game = world.clone();
            if game.apply(me, *action).is_err() {
                totals[i] = f64::NEG_INFINITY;
                continue;
            }
            rollout(&mut game);
            totals[i] += outcome(&game, me);
        }
    }
    // A normal choice that would re-table a stale package is no choice:
    // then the best of the others, whatever the margin.
    let default_stale = match default.action {
        Action::Propose(items) => stale(view, &crisis_record(view), items),
        _ => false,
    };
    if default_stale {
        let best = (2..candidates.len()).fold(
            1,
            |best, i| {
                if totals[i] > totals[best] { i } else { best }
            },
        );
        return Decision::new(candidates[best], explain(view, &candidates[best]));
    }
    let best =
        (1..candidates.len()).fold(0, |best, i| if totals[i] > totals[best] { i } else { best });
    let gain = (totals[best] - totals[0]) / WORLDS as f64;
    if best == 0 || gain < MARGIN {
        return default;
    }
    Decision::new(candidates[best], explain(view, &candidates[best]))
}

/// The normal choice first, then the alternatives worth weighing here.
fn candidates(view: &SeatView, default: &Decision) -> Vec<Action> {
    let mut out = vec![default.action];
    let mut consider = |a: Action| {
        if out.len() < MAX_CANDIDATES && !out.contains(&a) && view.check(&a).is_ok() {
            out.push(a);
        }
    };
    match view.phase() {
        Phase::Offer => {
            consider(Action::AnswerOffer { accept: true });
            consider(Action::AnswerOffer { accept: false });
        }
        Phase::Interlude => {
            consider(Action::Hold);
            // The attacks most worth having, when the seat can choose. Not
            // one that risks a war: the imagined futures are answered by
            // normal guarantors, the real ones may climb faster.
            let mut attacks: Vec<(i32, AttackId)> = view
                .attacks()
                .iter()
                .enumerate()
                .filter(|(_, a)| !super::aggressor::risks_war(view, a))
                .map(|(i, a)| (a.gain - a.cost, AttackId(i as u8)))
                .collect();
            attacks.sort_by_key(|(v, a)| (std::cmp::Reverse(*v), *a));
            for (_, a) in attacks {
                consider(Action::Attack(a));
            }
        }
        Phase::Crisis if view.me().role() == Role::Aggressor => {
            for a in [
                Action::Press,
                Action::StepBack,
                Action::Deny,
                Action::StandDown,
            ] {
                consider(a);
            }
        }
        Phase::Crisis => {
            let Some(c) = view.crisis() else { return out };
            let me = view.seat();
            if let Some(p) = &c.package {
                let mine = p.items.intersect(view.providable(me));
                consider(Action::Support(mine));
                consider(Action::Support(mine.minus(view.forces())));
            }
            consider(Action::SeekApproval);
            let next = c
                .next_event_hour()
                .saturating_sub(c.now)
                .clamp(1, MAX_WAIT_HOURS);
            consider(Action::Wait(next));
            if let Some(terms) = view.terms() {
                let acting = c.participants.minus(c.done);
                let providable = acting
                    .iter()
                    .fold(ResponseSet::EMPTY, |s, seat| s.union(view.providable(seat)));
                // The treaty's instruments that can still be ready before the clock.
                let menu: ResponseSet = terms
                    .menu
                    .intersect(providable)
                    .iter()
                    .filter(|r| c.now >= c.clock || super::crisis::in_time(view, c, *r))
                    .collect();
                // A package someone objected to in this crisis, or more than
                // it, would only be objected to again: cohesion lost for nothing.
                let record = crisis_record(view);
                for items in [menu, menu.minus(view.forces())] {
                    if !items.is_empty()
                        && !stale(view, &record, items)
                        && !record.objected.iter().any(|p| p.is_subset(items))
                    {
                        consider(Action::Propose(items));
                    }
                }
            }
            // Objecting is left to the normal judgement of proportion: an
            // objection the seat then backs down from only costs cohesion.
            // Walking away is weighed only by a seat the treaty does not
            // oblige to respond: imagined futures are played by the normal
            // policy, so a bound seat would always find that the others
            // answer for it, and every bound seat searching alike would then
            // leave the attack unanswered together.
            let obliged = c.bound.contains(me) && c.obligation != Obligation::ConsultOnly;
            if !obliged {
                consider(Action::StandDown);
            }
        }
        Phase::Negotiation | Phase::Ended => {}
    }
    out
}

/// The current crisis so far, from the public record: the packages objected
/// to, and who proposed what.
struct CrisisRecord {
    objected: Vec<ResponseSet>,
    proposals: Vec<(Seat, ResponseSet)>,
}

impl CrisisRecord {
    /// How often `seat` has proposed exactly `items` in this crisis.
    fn proposed(&self, seat: Seat, items: ResponseSet) -> usize {
        self.proposals
            .iter()
            .filter(|(s, p)| *s == seat && *p == items)
            .count()
    }
}

/// How often a searching seat tables the same package in one crisis.
const MAX_OWN_PROPOSALS: usize = 2;

/// A package not worth tabling again: the one on the table (re-tabling it
/// only resets its backing), or one this seat has already put forward twice
/// in this crisis (the others have answered it).
fn stale(view: &SeatView, record: &CrisisRecord, items: ResponseSet) -> bool {
    let on_table = view
        .crisis()
        .and_then(|c| c.package.as_ref())
        .map(|p| p.items);
    on_table == Some(items) || record.proposed(view.seat(), items) >= MAX_OWN_PROPOSALS
}

fn crisis_record(view: &SeatView) -> CrisisRecord {
    let log = view.log();
    let start = log
        .iter()
        .rposition(|e| matches!(e.kind, EventKind::AttackLaunched { .. }))
        .unwrap_or(0);
    let mut on_table = None;
    let mut record = CrisisRecord {
        objected: Vec::new(),
        proposals: Vec::new(),
    };
    for e in &log[start..] {
        match e.kind {
            EventKind::PackageProposed { by, items } => {
                on_table = Some(items);
                record.proposals.extend(by.map(|s| (s, items)));
            }
            EventKind::Objected { .. } => record.objected.extend(on_table),
            _ => {}
        }
    }
    record
}

/// Play a sampled world to its end with the normal policy on every seat
/// (the normal level never searches, so there is no search inside search).
fn rollout(game: &mut Game) {
    let start = game.state().steps;
    while let Some(seat) = game.to_move() {
        if game.state().steps - start >= ROLLOUT_STEPS {
            break;
        }
        if super::advance(game, seat, Bot::Normal).is_err() {
            break;
        }
    }
}

/// What an ending is worth to this seat: its points, and more for victory.
fn outcome(game: &Game, seat: Seat) -> f64 {
    game.scores().get(seat.index()).map_or(0.0, |s| {
        s.points as f64 + if s.victory { VICTORY_BONUS } else { 0.0 }
    })
}

fn explain(view: &SeatView, action: &Action) -> String {
    let name = view.me().name();
    let items = |items: &ResponseSet| {
        let names: Vec<String> = items
            .iter()
            .map(|r| super::reasons::in_sentence(&view.response(r).name))
            .collect();
        names.join(", ")
    };
    match action {
        Action::AnswerOffer { accept: true } => {
            format!("{name} takes the pledge: it has more to gain by keeping it")
        }
        Action::AnswerOffer { accept: false } => {
            format!("{name} rejects the offer: it keeps its hands free")
        }
        Action::Hold => format!("{name} holds: an attack now would cost more than it brings"),
        Action::Attack(a) => format!(
            "{name} launches a {}: it expects to gain from testing the guarantee",
            super::reasons::in_sentence(&view.attack(*a).name)
        ),
        Action::Support(set) if set.is_empty() => {
            format!("{name} backs the package politically, sending nothing itself")
        }
        Action::Support(set) => format!("{name} backs the package with {}", items(set)),
        Action::Propose(set) => format!("{name} proposes {}", items(set)),
        Action::SeekApproval => format!("{name} asks for its national vote now"),
        Action::Wait(h) => format!("{name} waits {h} h: better to let the others move first"),
        Action::Object => format!("{name} objects: the package does not serve its aims"),
        Action::StandDown => format!("{name} stands down: staying out serves its aims better"),
        Action::Press => format!("{name} presses the attack: the answer would fall short of it"),
        Action::StepBack => format!("{name} steps back: it expects more from calm than from force"),
        Action::Deny => format!("{name} denies the attack: doubt slows the guarantors"),
        other => format!("{name}: {}", other.name()),
    }
}
