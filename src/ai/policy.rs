//! A guarantor's decision between crises: which of the scenario's policies
//! serves its own aims, read from its own secrets and the public record.

use super::reasons::Part;
use super::{AiRng, Decision, Reason, reason};
use crate::core::*;
use rand::RngExt;

/// The policy worth most to this seat now, if any is worth its price;
/// otherwise it holds its course, and says which policy it weighed and why
/// not.
pub fn choose(view: &SeatView, rng: &mut AiRng) -> Decision {
    let name = view.me().name();
    let mut best: Option<(Worth, u8)> = None;
    for (i, p) in view.policies().iter().enumerate() {
        let w = worth(view, p);
        if best.is_none_or(|(b, _)| w.total() > b.total()) {
            best = Some((w, i as u8));
        }
    }
    let Some((w, i)) = best else {
        return Decision::new(
            Action::Hold,
            Reason::new(reason!("{name} holds its course")).serving(steady(view)),
        );
    };
    let p = &view.policies()[i as usize];
    let policy = super::reasons::in_sentence(&p.name);
    let v = w.total();
    // Worth it, and the seat is not too busy at home to act on it.
    if v > 0.0 && rng.random_bool((v / 4.0).clamp(0.1, 0.9)) {
        let why = Reason::new(reason!("{name} adopts {policy}"));
        let why = match super::reasons::trend(view) {
            Some(trend) => why.serving(reason!("{}, as {trend}", w.gain())),
            None => why.serving(w.gain()),
        };
        let why = match w.price() {
            Some(price) => why.risking(price),
            None => why,
        };
        return Decision::new(Action::Policy(i), why);
    }
    let why = Reason::new(reason!("{name} holds its course")).serving(steady(view));
    let why = if v > 0.0 {
        why.over(reason!(
            "{policy} this time: other business at home comes first"
        ))
    } else {
        why.over(reason!(
            "{policy}, {}",
            w.drawback().unwrap_or("which is not worth it now")
        ))
    };
    Decision::new(Action::Hold, why)
}

/// What holding its course keeps, as the public record shows it, and what
/// has moved since its last decision.
fn steady(view: &SeatView) -> Part {
    let stance = stance(view);
    match super::reasons::trend(view) {
        Some(trend) => reason!("{stance}, while {trend}").into(),
        None => stance,
    }
}

fn stance(view: &SeatView) -> Part {
    let tracks = view.tracks();
    let last = view.crises().last();
    if tracks.escalation >= 2 {
        "nothing that climbs the ladder further".into()
    } else if let Some(c) = last.filter(|c| !c.met) {
        reason!(
            "it weighs the missed clock of the {}",
            super::reasons::in_sentence(&view.attack(c.attack).name)
        )
        .into()
    } else if let Some(c) = last {
        let since = match view.month() - c.month {
            ..=2 => "lately",
            3..=6 => "some months ago",
            _ => "and the peace has held since",
        };
        reason!(
            "the guarantee held against the {} {since}",
            super::reasons::in_sentence(&view.attack(c.attack).name)
        )
        .into()
    } else if view.treaty().is_some() {
        match view.month() {
            ..=3 => "the treaty is new and the peace holds".into(),
            4..=8 => "the peace has held for months under the treaty".into(),
            9..=14 => "the peace has held for most of a year".into(),
            _ => "the peace has held for over a year".into(),
        }
    } else {
        "no treaty binds the guarantors yet".into()
    }
}

/// What a policy is worth to this seat, in rough track points, part by part.
#[derive(Clone, Copy, Default)]
struct Worth {
    /// Its own domestic support.
    support: f64,
    /// Its budget.
    money: f64,
    /// Readiness for the next test.
    readiness: f64,
    /// The guarantee's credibility and the coalition's cohesion.
    guarantee: f64,
    /// The aggressor's costs, as the seat's temper cares.
    pressure: f64,
    /// The escalation ladder and Ukraine's security.
    safety: f64,
}

impl Worth {
    fn total(&self) -> f64 {
        self.support + self.money + self.readiness + self.guarantee + self.pressure + self.safety
    }

    fn parts(&self) -> [(f64, &'static str, &'static str); 6] {
        [
            (
                self.support,
                "support at home",
                "which would cost support at home",
            ),
            (
                self.money,
                "its budget",
                "which would cost money it would rather keep",
            ),
            (
                self.readiness,
                "readiness for the next test",
                "with nothing testing readiness now",
            ),
            (
                self.guarantee,
                "the guarantee's credibility",
                "which would weaken the guarantee or the coalition",
            ),
            (
                self.pressure,
                "pressure on Moscow",
                "which would ease the pressure on Moscow",
            ),
            (self.safety, "a lower ladder", "which would raise tension"),
        ]
    }

    /// The part that weighs most in its favour.
    fn gain(&self) -> &'static str {
        self.parts()
            .into_iter()
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map_or("", |(_, gain, _)| gain)
    }

    /// The part that weighs most against it, if any does, as a clause
    /// ("which would cost support at home").
    fn drawback(&self) -> Option<&'static str> {
        self.parts()
            .into_iter()
            .filter(|p| p.0 < 0.0)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, _, drawback)| drawback)
    }

    /// [`Worth::drawback`] as the price it pays ("it costs support at home").
    fn price(&self) -> Option<String> {
        let drawback = self.drawback()?;
        Some(match drawback.strip_prefix("which would ") {
            Some(rest) => reason!("it will {rest}"),
            None => drawback.to_string(),
        })
    }
}

/// What a policy is worth to this seat, in rough track points: its own
/// domestic support and budget aims, and the guarantee's credibility, the
/// aggressor's costs and the escalation, as far as its aims and temper care.
fn worth(view: &SeatView, p: &Policy) -> Worth {
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
    let mut w = Worth::default();
    // Support at home: votes pass and positions snag less; it matters most
    // near the seat's own aim.
    let near = support_aim.is_some_and(|aim| mine.support < aim + 4);
    w.support = p.support as f64 * if near { 1.2 } else { 0.3 };
    // Money: dear when the seat's budget is tight.
    let dear = match budget {
        Some(limit) if mine.spent + p.cost > limit * 7 / 10 => 2.0,
        Some(_) => 0.5,
        None => 0.3,
    };
    w.money = -(p.cost as f64) * dear;
    // Readiness pays when the guarantee is being tested, most after a miss.
    if p.readiness {
        let recent = view.crises().iter().rev().take(2);
        let missed = recent.clone().filter(|c| !c.met).count() as f64;
        let tested = recent.count() as f64;
        w.readiness = 1.0 + 1.5 * tested + 2.0 * missed;
    }
    let e = &p.effects;
    w.guarantee = e.credibility as f64 * 0.6 + e.cohesion as f64 * 0.5;
    w.pressure = e.costs as f64 * personality.hawkishness * 0.6;
    // Talking down the ladder, for the cautious, once it has climbed.
    w.safety = if tracks.escalation >= 2 {
        -(e.escalation as f64) * personality.caution * 3.0
    } else {
        -(e.escalation as f64) * 0.5
    };
    w.safety -= e.security.min(0) as f64;
    w
}
