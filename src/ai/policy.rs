//! A guarantor's decision between crises: which of the scenario's policies
//! serves its own aims, read from its own secrets and the public record.

use super::{AiRng, Decision, reason};
use crate::core::*;
use rand::RngExt;

/// The policy worth most to this seat now, if any is worth its price;
/// otherwise it holds its course.
pub fn choose(view: &SeatView, rng: &mut AiRng) -> Decision {
    let name = view.me().name();
    let mut best: Option<(f64, u8)> = None;
    for (i, p) in view.policies().iter().enumerate() {
        let v = value(view, p);
        if best.is_none_or(|(b, _)| v > b) {
            best = Some((v, i as u8));
        }
    }
    match best {
        // Worth it, and the seat is not too busy at home to act on it.
        Some((v, i)) if v > 0.0 && rng.random_bool((v / 4.0).clamp(0.1, 0.9)) => {
            let p = &view.policies()[i as usize];
            Decision::new(
                Action::Policy(i),
                reason!("{name} decides: {}", p.name.to_lowercase()),
            )
        }
        _ => Decision::new(Action::Hold, reason!("{name} holds its course")),
    }
}

/// What a policy is worth to this seat, in rough track points: its own
/// domestic support and budget aims, and the guarantee's credibility, the
/// aggressor's costs and the escalation, as far as its aims and temper care.
fn value(view: &SeatView, p: &Policy) -> f64 {
    let personality = &view.secrets().personality;
    let me = view.seat();
    let mine = view.seat_tracks(me);
    let tracks = view.tracks();
    let mut support_aim = None;
    let mut budget = None;
    for o in &view.secrets().objectives {
        match o.condition {
            Condition::SupportAtLeast(v) => support_aim = Some(v),
            Condition::SpentAtMost(v) => budget = Some(v),
            _ => {}
        }
    }
    let mut v = 0.0;
    // Support at home: votes pass and positions snag less; it matters most
    // near the seat's own aim.
    let near = support_aim.is_some_and(|aim| mine.support < aim + 4);
    v += p.support as f64 * if near { 1.2 } else { 0.3 };
    // Money: dear when the seat's budget is tight.
    let dear = match budget {
        Some(limit) if mine.spent + p.cost > limit * 7 / 10 => 2.0,
        Some(_) => 0.5,
        None => 0.3,
    };
    v -= p.cost as f64 * dear;
    // Readiness pays when the guarantee is being tested, most after a miss.
    if p.readiness {
        let recent = view.crises().iter().rev().take(2);
        let missed = recent.clone().filter(|c| !c.met).count() as f64;
        let tested = recent.count() as f64;
        v += 1.0 + 1.5 * tested + 2.0 * missed;
    }
    let e = &p.effects;
    v += e.credibility as f64 * 0.6;
    v += e.cohesion as f64 * 0.5;
    v += e.costs as f64 * personality.hawkishness * 0.6;
    // Talking down the ladder, for the cautious, once it has climbed.
    if tracks.escalation >= 2 {
        v -= e.escalation as f64 * personality.caution * 3.0;
    } else {
        v -= e.escalation as f64 * 0.5;
    }
    v -= e.security.min(0) as f64;
    v
}
