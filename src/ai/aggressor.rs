//! The aggressor's calculus: attack when the guarantee looks hollow, probe
//! below thresholds when it looks firm, hold when the price is too high.

use super::{AiRng, Decision, Reason, reason};
use crate::core::*;
use rand::RngExt;

/// The treaty's offer of a pledge not to attack: a Russia that means to
/// test the guarantee sees the pledge as a cost (breaking it costs more than
/// refusing), so it accepts less readily the more an attack is worth to it
/// now; one with nothing worth attacking for takes the pledge.
pub fn answer_offer(view: &SeatView, rng: &mut AiRng) -> Decision {
    let name = view.me().name();
    let p = view.secrets().personality.hawkishness;
    let offer = view.terms().map(|t| t.offer).unwrap_or(Offer::NotOffered);
    let readiness = match offer {
        Offer::OfferedWithNeutrality => 0.85,
        _ => (1.0 - p) * 0.8,
    };
    let intent = options(view, &Outlook::read(view))
        .iter()
        .map(|(v, _)| *v)
        .fold(0.0, f64::max);
    let accept_chance = if intent <= 0.0 {
        0.9
    } else {
        readiness / (1.0 + intent / 4.0)
    };
    if rng.random_bool(accept_chance.clamp(0.0, 1.0)) {
        Decision::new(
            Action::AnswerOffer { accept: true },
            reason!("{name} takes the pledge, for now"),
        )
    } else {
        Decision::new(
            Action::AnswerOffer { accept: false },
            reason!("{name} rejects the treaty as hostile"),
        )
    }
}

/// What the aggressor reads from the public record before weighing its
/// attacks, read once per decision: every attack is weighed against the same
/// treaty, and working out its terms is not free.
struct Outlook {
    terms: Option<TreatyTerms>,
    /// The deterrence index on 0..1.
    deterrence: f64,
    /// How firmly it expects the guarantors to answer (0..1).
    resolve: f64,
}

impl Outlook {
    fn read(view: &SeatView) -> Outlook {
        let terms = view.terms();
        let deterrence = view.deterrence_index() as f64 / 100.0;
        let resolve = expected_resolve(view, terms.as_ref(), deterrence);
        Outlook {
            terms,
            deterrence,
            resolve,
        }
    }
}

/// How firmly the aggressor expects the guarantors to answer (0..1), from
/// public information only: the treaty's terms and the deterrence index (on
/// 0..1), and the record.
fn expected_resolve(view: &SeatView, terms: Option<&TreatyTerms>, deterrence: f64) -> f64 {
    let mut resolve = 0.15 + 0.4 * deterrence;
    if let Some(t) = terms {
        // Slow clocks and votes in every crisis leave room to act before an answer comes.
        resolve -= (t.clock_hours as f64 - 24.0) / 200.0;
        resolve += match t.obligation {
            Obligation::ConsultOnly => -0.12,
            Obligation::ConsultAndRespond => 0.0,
            Obligation::Automatic => 0.1,
        };
        let bound = view.treaty().map(|t| t.signatories).unwrap_or_default();
        let votes = bound
            .iter()
            .filter(|s| view.faction(*s).approval().is_some())
            .count();
        if !t.preauthorised {
            resolve -= 0.03 * votes as f64;
        }
    }
    // The record speaks louder than the text.
    let recent: Vec<&CrisisRecord> = view.crises().iter().rev().take(3).collect();
    if !recent.is_empty() {
        let met = recent.iter().filter(|c| c.met).count() as f64 / recent.len() as f64;
        resolve += 0.25 * (met - 0.5);
    }
    resolve.clamp(0.02, 0.98)
}

/// Every attack worth launching now, with its worth (positive).
fn options(view: &SeatView, outlook: &Outlook) -> Vec<(f64, AttackId)> {
    (0..view.attacks().len())
        .map(|i| appraise(view, outlook, AttackId(i as u8)))
        .filter(|a| a.value > 0.0)
        .map(|a| (a.value, a.attack))
        .collect()
}

/// What one attack is worth to the aggressor now, and the weightiest
/// reasons against it.
#[derive(Clone, Copy)]
struct Appraisal {
    attack: AttackId,
    value: f64,
    /// The price the guarantors' answer and the world would make it pay.
    price: f64,
    /// The risk of climbing towards a war nobody wins, as its caution weighs it.
    danger: f64,
    /// The pledge it would break.
    pledge: f64,
    /// How firmly it expects the guarantors to answer (0..1).
    resolve: f64,
    /// Whether the guarantors could answer in proportion before their clock.
    answerable: bool,
}

impl Appraisal {
    /// Why the attack is not worth it now, in the aggressor's words.
    fn drawback(&self) -> &'static str {
        let against = [
            (self.price, "the guarantee would make it pay too dearly"),
            (self.danger, "it would climb too close to war"),
            (self.pledge, "it would break the pledge it gave"),
        ];
        match against.iter().max_by(|a, b| a.0.total_cmp(&b.0)) {
            Some((_, why)) if self.resolve > 0.6 && self.answerable => {
                if self.price >= self.danger && self.price >= self.pledge {
                    "the guarantors would answer in time"
                } else {
                    why
                }
            }
            Some((_, why)) => why,
            None => "it would not pay",
        }
    }
}

fn appraise(view: &SeatView, outlook: &Outlook, attack: AttackId) -> Appraisal {
    let personality = &view.secrets().personality;
    let (resolve, deterrence) = (outlook.resolve, outlook.deterrence);
    // Impatience: every quiet month makes a test of the guarantee more tempting.
    let last = view.crises().last().map_or(0, |c| c.month);
    // A kept pledge is worth something; breaking it costs dearly.
    let pledge = match view.treaty().map(|t| t.offer) {
        Some(OfferStatus::Accepted) => {
            let broken = view.offer_effects().pledge_broken;
            (broken.costs + broken.cohesion + broken.credibility) as f64 * 0.4
        }
        _ => 0.0,
    };
    let impatience = 0.15 * (view.month() - last) as f64;
    let a = view.attack(attack);
    let gain = a.gain as f64 * (1.0 - 0.7 * resolve);
    let price = (a.cost as f64 + a.isolation as f64 * deterrence) * 0.35
        + resolve * a.severity as f64 * 0.4;
    // Climbing near the top rung risks a war nobody wins.
    let rungs = climb(view, a);
    let danger = if risks_war(view, a) {
        20.0
    } else {
        rungs * 1.5 + 60.0 * view.war_chance(rungs.round() as i32)
    };
    // A clock the guarantors cannot meet in proportion is worth testing.
    let answerable = answerable_in_time(view, outlook.terms.as_ref(), attack);
    let hollow = if answerable {
        0.0
    } else {
        0.5 * a.gain as f64 * (1.0 - resolve)
    };
    // Its own costs count through its aims (an affordable price), not twice.
    let value = gain + hollow - price - personality.caution * danger + impatience - pledge
        + aims(view, a, outlook, answerable);
    Appraisal {
        attack,
        value,
        price,
        danger: personality.caution * danger,
        pledge,
        resolve,
        answerable,
    }
}

pub fn plan(view: &SeatView, rng: &mut AiRng) -> Decision {
    let name = view.me().name();
    let personality = &view.secrets().personality;
    let outlook = Outlook::read(view);
    let options = options(view, &outlook);
    let resolve = outlook.resolve;
    let best = options.iter().map(|(v, _)| *v).fold(0.0, f64::max);
    let chance = (personality.hawkishness * best / 4.0).clamp(0.0, 0.85);
    if !options.is_empty() && rng.random_bool(chance) {
        // Any worthwhile attack may be chosen, the better ones far more
        // often (in proportion to the fourth power of their worth).
        let w = |v: f64| v.powi(4);
        let total: f64 = options.iter().map(|(v, _)| w(*v)).sum();
        let mut pick = rng.random_range(0.0..total);
        let mut attack = options[0].1;
        for (v, a) in &options {
            if pick < w(*v) {
                attack = *a;
                break;
            }
            pick -= w(*v);
        }
        let a = view.attack(attack);
        let appraisal = appraise(view, &outlook, attack);
        let why = Reason::new(reason!(
            "{name} launches a {}",
            super::reasons::in_sentence(&a.name)
        ));
        let why = if !appraisal.answerable {
            why.serving("the guarantors cannot answer it in proportion before their clock")
        } else if resolve > 0.5 {
            why.serving("it probes whether the guarantee holds")
        } else {
            why.serving("the guarantee looks hollow")
        };
        let why = why.risking(if appraisal.pledge > 0.0 {
            "breaking its pledge isolates it"
        } else if appraisal.danger > appraisal.price {
            "the ladder"
        } else {
            "a firm answer would raise its costs"
        });
        Decision::new(Action::Attack(attack), why)
    } else {
        // The attack it came closest to launching, and what held it back.
        let weighed = (0..view.attacks().len())
            .map(|i| appraise(view, &outlook, AttackId(i as u8)))
            .max_by(|a, b| a.value.total_cmp(&b.value));
        let why = Reason::new(reason!("{name} holds")).serving(holding(view, &outlook));
        let why = match weighed {
            Some(a) if a.value > 0.0 => why.over(reason!(
                "a {} now: it can wait for a better moment",
                super::reasons::in_sentence(&view.attack(a.attack).name)
            )),
            Some(a) => why.over(reason!(
                "a {}: {}",
                super::reasons::in_sentence(&view.attack(a.attack).name),
                a.drawback()
            )),
            None => why,
        };
        Decision::new(Action::Hold, why)
    }
}

/// What holding serves, as the aggressor reads the record, and what has
/// moved since its last decision.
fn holding(view: &SeatView, outlook: &Outlook) -> String {
    let stance = patience(view, outlook);
    match super::reasons::trend(view) {
        Some(trend) => reason!("{stance}, while {trend}"),
        None => stance.to_string(),
    }
}

fn patience(view: &SeatView, outlook: &Outlook) -> &'static str {
    let pledged = view
        .treaty()
        .is_some_and(|t| t.offer == OfferStatus::Accepted);
    // Early, midway or late in the period the guarantee is tested over.
    let stage = view.month() * 3 / view.rules().horizon_months.max(1);
    if pledged {
        match stage {
            0 => "its pledge is young and keeps it out of the dock",
            1 => "its pledge has held for months and earned it standing it would lose",
            _ => "the period is running out; breaking its pledge now would waste what it earned",
        }
    } else if view.tracks().escalation >= 2 {
        "the ladder is high enough for now"
    } else if outlook.resolve > 0.6 {
        "the guarantee looks firm; time may split the guarantors"
    } else if view.crises().last().is_some_and(|c| !c.met) {
        "the last missed clock still pays"
    } else if view.tracks().cohesion < 60 {
        "the coalition is fraying on its own"
    } else {
        "it keeps its costs down and its options open"
    }
}

/// Rungs an attack is expected to climb: its own, and those the guarantors'
/// answers have been adding (from the public record of crises).
fn climb(view: &SeatView, attack: &Attack) -> f64 {
    let record = view.crises();
    let answers: i32 = record.iter().map(|c| c.changes.escalation.max(0)).sum();
    // Guarantor forces in harm's way make an armed attack climb further.
    view.climb_of(attack.escalation) as f64 + answers as f64 / record.len().max(1) as f64
}

/// Whether an attack would bring the ladder within a rung of its top: a war
/// nobody wins.
pub(super) fn risks_war(view: &SeatView, attack: &Attack) -> bool {
    let headroom = (view.top_rung() - view.tracks().escalation) as f64;
    headroom - climb(view, attack) <= 1.0
}

/// Whether the guarantors could agree a proportionate answer to `attack`
/// within their clock, judging from the public treaty, the catalogue and the
/// public national procedures: consultations open (after attribution),
/// a package proposed, every bound government's position settled, and the
/// votes its forces need in.
fn answerable_in_time(view: &SeatView, terms: Option<&TreatyTerms>, id: AttackId) -> bool {
    let attack = view.attack(id);
    let Some(terms) = terms else {
        return false;
    };
    let Some(treaty) = view.treaty() else {
        return false;
    };
    let bound: Vec<Seat> = treaty
        .signatories
        .iter()
        .filter(|s| view.is_guarantor(*s))
        .collect();
    let clock = terms.clock_hours;
    // A deniable attack is attributed, on average, three quarters into its delay.
    let attribution = view.attribution_limit(id) * 3 / 4;
    let slowest = slowest_bound_position(view);
    let setup = terms.convene_hours.max(attribution) + view.rules().propose_hours.max(0) as u32;
    if setup + slowest > clock {
        return false;
    }
    let mut strength = 0.0;
    for (i, resp) in view.responses().iter().enumerate() {
        let r = ResponseId(i as u8);
        let in_menu = terms.menu.contains(r);
        let providers = bound
            .iter()
            .filter(|s| resp.takers.contains(**s))
            .filter(|s| {
                let vote = view.vote_hours(**s).map_or(0, |(_, most)| most);
                let needs_vote =
                    resp.deploys_forces && vote > 0 && !(terms.preauthorised && in_menu);
                !needs_vote || setup + view.position_hours(**s) + vote <= clock
            })
            .count();
        strength += item_weight(resp, providers) as f64 / 100.0;
    }
    strength * 100.0 >= attack.severity as f64 * view.rules().proportion_low as f64
}

/// What an attack does for this seat's own objectives: wearing the protected
/// party's security down to its aim, showing a clock can be missed, keeping
/// its own costs affordable. Read from its own secret objectives only;
/// `answerable` is whether the guarantors could answer it in time.
fn aims(view: &SeatView, attack: &Attack, outlook: &Outlook, answerable: bool) -> f64 {
    let resolve = outlook.resolve;
    let tracks = view.tracks();
    let rules = view.rules();
    let months_left = (rules.horizon_months - view.month()).max(0) as f64;
    let every = rules.recovery_every_months.max(1) as f64;
    let recovery = months_left / every * rules.recovery_per_month as f64;
    let missed = view.crises().iter().filter(|c| !c.met).count() as i32;
    let wants = Wants::read(view);
    let mut value = 0.0;
    let mut weigh = |c: &Condition, points: f64| match c {
        Condition::AtMost(Track::Security, aim) => {
            // Security drifts back up in quiet months: it must end at or below the aim.
            let excess = tracks.security as f64 + recovery - *aim as f64;
            if excess > 0.0 {
                // A response mitigates part of the damage; a firm guarantee more of it.
                let expected = attack.damage as f64 * (1.0 - 0.5 * resolve);
                value += points / 10.0 * (expected / excess).min(1.0);
            }
        }
        Condition::LostInCrises(track, aim) => {
            // What the attacks have done so far, against what is still needed:
            // a step towards the aim is worth something only if the price
            // still leaves room for an attack that completes it.
            let needed = (*aim - view.lost_in_crises(*track)) as f64;
            if needed > 0.0 && *track == Track::Security {
                let harm = |a: &Attack| a.damage as f64 * (1.0 - 0.5 * resolve);
                let expected = harm(attack);
                let room = wants.costs_room as f64 - price_of(view, attack, outlook);
                let completes = expected >= needed
                    || view.attacks().iter().any(|b| {
                        harm(b) >= needed - expected
                            && price_of(view, b, outlook) <= room
                            && !risks_war(view, b)
                    });
                if completes {
                    value += points / 10.0 * (expected / needed).min(1.0);
                }
            }
        }
        Condition::ClocksMissedAtLeast(n) if missed < *n && !answerable => {
            value += points / 20.0;
        }
        Condition::AtMost(Track::Costs, aim) => {
            // Costs ebb in quiet months; what counts is where they end.
            let ebb = rules.costs_drift as f64 * months_left;
            let ends = tracks.costs as f64 + price_of(view, attack, outlook) + ebb.min(0.0);
            // A reserve for what the guarantors' answer may add beyond the forecast.
            if ends + COSTS_RESERVE > *aim as f64 {
                value -= points / 5.0;
            }
        }
        _ => {}
    };
    // An aim that would decide the game weighs more: one still unmet that
    // alone would bring victory, one met that victory rests on.
    let standing = view.standing();
    let victory = view.secrets().victory;
    for (o, met) in view.secrets().objectives.iter().zip(&standing.met) {
        let decisive = if *met {
            standing.points >= victory && standing.points - o.points < victory
        } else {
            standing.points < victory && standing.points + o.points >= victory
        };
        let weight = if decisive { DECISIVE } else { 1.0 };
        weigh(&o.condition, o.points as f64 * weight);
    }
    value
}

/// Costs the aggressor keeps in reserve under its "affordable" aim: the
/// answer to an attack can cost more than the record suggests.
const COSTS_RESERVE: f64 = 5.0;

/// How much more an aim that would decide the game weighs.
const DECISIVE: f64 = 4.0;

/// What an attack is expected to add to this seat's costs: its own price at
/// once, and the guarantors' answer as the record shows them answering
/// (costs imposed per point of severity), or, before any record, as the
/// treaty's instruments would, weighed by their expected resolve.
fn price_of(view: &SeatView, attack: &Attack, outlook: &Outlook) -> f64 {
    let at_once = attack.cost as f64 + attack.isolation as f64 * outlook.deterrence;
    let record = view.crises();
    let per_severity = if record.is_empty() {
        let menu = outlook.terms.map(|t| t.menu).unwrap_or_default();
        let (costs, strength) = menu.iter().fold((0, 0), |(c, s), r| {
            let resp = view.response(r);
            (c + resp.costs.max(0), s + resp.strength.max(0))
        });
        costs as f64 / strength.max(1) as f64 * outlook.resolve
    } else {
        let costs: i32 = record.iter().map(|c| c.changes.costs.max(0)).sum();
        let severity: i32 = record.iter().map(|c| c.severity.max(1)).sum();
        costs as f64 / severity.max(1) as f64
    };
    at_once + per_severity * attack.severity.max(0) as f64
}

/// What the aggressor still wants from the crises, read from its own
/// secret objectives and the public record.
struct Wants {
    /// A missed clock would meet an objective.
    miss: bool,
    /// Security the protected party must still lose in the crises (0: none).
    damage: i32,
    /// Costs it can still take before its price is no longer affordable.
    costs_room: i32,
    /// Cohesion the coalition must still lose for a split (0: none).
    split: i32,
}

impl Wants {
    fn read(view: &SeatView) -> Wants {
        let missed = view.crises().iter().filter(|c| !c.met).count() as i32;
        let mut wants = Wants {
            miss: false,
            damage: 0,
            costs_room: i32::MAX,
            split: 0,
        };
        for o in &view.secrets().objectives {
            match &o.condition {
                Condition::ClocksMissedAtLeast(n) if missed < *n => wants.miss = true,
                Condition::LostInCrises(Track::Security, n) => {
                    wants.damage = (*n - view.lost_in_crises(Track::Security)).max(0);
                }
                Condition::AtMost(Track::Cohesion, aim) => {
                    wants.split = (view.tracks().cohesion - aim).max(0);
                }
                Condition::AtMost(Track::Costs, aim) => {
                    // Costs ebb in quiet months: what counts is where they end.
                    let rules = view.rules();
                    let months_left = (rules.horizon_months - view.month()).max(0);
                    let ebb = (rules.costs_drift * months_left).min(0);
                    wants.costs_room = aim - (view.tracks().costs + ebb);
                }
                _ => {}
            }
        }
        wants
    }
}

/// The aggressor in a crisis it started. It denies a deniable attack when
/// the delay could break the guarantors' clock; before they agree an answer
/// it may press the attack (when they look split or slow, the answer on the
/// table would then look too weak, and the ladder has room) or step back
/// (when a firm answer is coming and would then look out of proportion, or
/// the ladder nears the top); otherwise it waits for them to split, and
/// leaves them to it once they agree.
pub fn in_crisis(view: &SeatView, rng: &mut AiRng) -> Decision {
    let name = view.me().name();
    let (Some(c), Some(moves)) = (view.crisis(), view.crisis_moves()) else {
        return Decision::new(Action::StandDown, reason!("{name} watches"));
    };
    let Some(desk) = c.aggressor else {
        return Decision::new(Action::StandDown, reason!("{name} watches"));
    };
    let personality = &view.secrets().personality;
    let wants = Wants::read(view);
    let rules = view.rules();

    // Deny: cheap, and decisive when attribution is what the clock waits for.
    if view.check(&Action::Deny).is_ok() {
        let attributed = c.attributed_at + moves.deny.attribution;
        let setup = rules.propose_hours.max(0) as u32 + slowest_bound_position(view);
        let breaks = attributed + setup > c.clock;
        let chance = if breaks && wants.miss {
            0.9
        } else {
            0.2 + 0.4 * personality.hawkishness
        };
        if rng.random_bool(chance) {
            let why = Reason::new(reason!("{name} denies the attack"));
            let why = if breaks {
                why.serving("attribution could now come too late for the guarantors' clock")
            } else {
                why.serving("every hour of doubt slows the guarantors")
            };
            return Decision::new(
                Action::Deny,
                why.risking("its word counts for less next time"),
            );
        }
    }

    if desk.posture.is_none() && view.check(&Action::Press).is_ok() {
        let press = posture_value(view, c, &moves.press, &wants, true);
        let back = posture_value(view, c, &moves.step_back, &wants, false);
        let ((value, why), action) = if press.0 >= back.0 {
            (press, Action::Press)
        } else {
            (back, Action::StepBack)
        };
        if value > 0.5 && rng.random_bool((value / 4.0).clamp(0.0, 0.9)) {
            let label = if action == Action::Press {
                &moves.press.name
            } else {
                &moves.step_back.name
            };
            let alternative = if action == Action::Press {
                &moves.step_back.name
            } else {
                &moves.press.name
            };
            return Decision::new(
                action,
                Reason::new(reason!(
                    "{name} chooses to {}",
                    super::reasons::in_sentence(label)
                ))
                .serving(why)
                .over(super::reasons::in_sentence(alternative)),
            );
        }
    }

    let agreed = c.package.as_ref().is_some_and(|p| p.agreed_at.is_some());
    let undecided = desk.posture.is_none() && !agreed;
    if !undecided && view.check(&Action::Deny).is_err() {
        let why = Reason::new(reason!("{name} leaves the guarantors to their answer"));
        let why = if agreed {
            why.serving("their package is agreed; pressing now would only raise its costs")
        } else {
            why.serving("it has made its move in this crisis")
        };
        return Decision::new(Action::StandDown, why);
    }
    // Long waits: the aggressor watches for the guarantors to split, it
    // does not need to be asked every hour.
    let hours = c
        .next_event_hour()
        .saturating_sub(c.now)
        .max(8)
        .clamp(1, MAX_WAIT_HOURS);
    Decision::new(
        Action::Wait(hours),
        Reason::new(reason!("{name} waits {hours} h")).serving(watching(view, c)),
    )
}

/// What the aggressor watches for while the guarantors deliberate, as the
/// record shows it.
fn watching(view: &SeatView, c: &Crisis) -> String {
    let Some(p) = c.package.as_ref() else {
        return match c.convened_by {
            None => "nobody has called consultations yet".into(),
            Some(_) if c.now < c.attributed_at => {
                "the attack is not yet attributed; doubt slows the guarantors".into()
            }
            Some(by) if c.consult_open_at.is_some_and(|h| c.now < h) => reason!(
                "{} has called consultations, but they have not opened",
                view.faction(by).name()
            ),
            Some(_) => {
                "the guarantors have no package yet; every hour counts against their clock".into()
            }
        };
    };
    if !p.objectors.is_empty() {
        let who: Vec<&str> = p.objectors.iter().map(|s| view.faction(s).name()).collect();
        return reason!(
            "{} objected; the guarantors may split",
            super::reasons::list(&who)
        );
    }
    if let Some(vote) = super::crisis::pending_vote(view, c) {
        return reason!("{vote} may vote too late or say no");
    }
    if c.now + 8 >= c.clock {
        return "the guarantors' clock is nearly out".into();
    }
    let unsettled = super::crisis::unsettled(view, c, p);
    if unsettled.is_empty() {
        return "the guarantors have yet to agree".into();
    }
    reason!(
        "{} must still settle a position; a split may come",
        super::reasons::list(&unsettled)
    )
}

/// How much a change of posture is worth to the aggressor now, and the
/// weightiest reason for it: harm done toward its aims, an answer made to
/// look too weak or out of proportion, a split coalition, the price and the
/// ladder, against the harm it gives up.
fn posture_value(
    view: &SeatView,
    c: &Crisis,
    p: &Posture,
    wants: &Wants,
    pressing: bool,
) -> (f64, &'static str) {
    let personality = &view.secrets().personality;
    let rules = view.rules();
    let severity = view.severity_now();
    let (shift, damage) = view.posture_shift(p);
    let after = (severity + shift).max(1);
    // The answer on the table, as pledged or as it could be.
    let weight = match &c.package {
        Some(pk) if !pk.supporters.is_empty() => view.pledged_weight(),
        Some(pk) => view.potential_weight(pk.items),
        None => 0,
    };
    let ratio = |sev: i32| weight / sev.max(1);
    // Each reason with what it is worth; the weightiest is given.
    let mut reasons: Vec<(f64, &'static str)> = Vec::new();
    if wants.damage > 0 && damage != 0 {
        let harm = 2.0 * (damage as f64 / wants.damage as f64).clamp(-1.0, 1.0);
        reasons.push((harm, "Ukraine must be hurt more to stay weak"));
    }
    if weight > 0 && pressing {
        if ratio(severity) >= rules.proportion_low && ratio(after) < rules.proportion_low {
            reasons.push((
                2.0,
                "the answer on the table would fall short of a heavier blow",
            ));
        }
    } else if weight > 0
        && ratio(severity) <= rules.proportion_high
        && ratio(after) > rules.proportion_high
    {
        // An answer out of proportion costs the coalition cohesion: worth
        // most when a split is within reach.
        let worth = if (1..15).contains(&wants.split) {
            1.5
        } else {
            0.5
        };
        reasons.push((
            worth,
            "the answer sized for the blow will look out of proportion",
        ));
    }
    // Guarantors who object, or are slow to put anything on the table.
    let split = c
        .package
        .as_ref()
        .is_some_and(|pk| !pk.objectors.is_empty())
        || (c.package.is_none() && c.now * 2 >= c.clock);
    if pressing && split {
        reasons.push((1.5, "the guarantors are divided and slow"));
    }
    // The price, and how near it comes to what the aggressor can afford.
    let costs = p.effects.costs;
    reasons.push((-(costs as f64) * 0.3, "the price"));
    // Backing down makes the guarantee look as if it works.
    reasons.push((
        -(p.effects.credibility as f64) * 0.4,
        "the guarantee's credibility",
    ));
    if costs > 0 && costs >= wants.costs_room {
        reasons.push((-3.0, "the price"));
    }
    if costs < 0 && wants.costs_room < 3 {
        reasons.push((2.0, "the costs must come down"));
    }
    // The ladder: a climb near the top risks a war nobody wins.
    let climb = view.climb_of(p.effects.escalation);
    let headroom = view.top_rung() - view.tracks().escalation;
    if climb > 0 {
        reasons.push((-personality.caution * climb as f64 * 1.5, "the ladder"));
        if headroom - climb <= 1 {
            reasons.push((-20.0, "the ladder"));
        }
        reasons.push((-60.0 * view.war_chance(climb), "the ladder"));
    } else if climb < 0 && headroom <= 2 {
        reasons.push((3.0 * personality.caution, "the ladder is near its top"));
    }
    let temper = if pressing {
        2.0 * personality.hawkishness - 1.0
    } else {
        1.0 - 2.0 * personality.hawkishness
    };
    let value = temper + reasons.iter().map(|(v, _)| v).sum::<f64>();
    let why = reasons
        .iter()
        .filter(|(v, _)| *v > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or("it suits its temper", |(_, why)| why);
    (value, why)
}

/// Hours the slowest bound guarantor takes to settle its position.
fn slowest_bound_position(view: &SeatView) -> u32 {
    let Some(treaty) = view.treaty() else {
        return 1;
    };
    treaty
        .signatories
        .iter()
        .filter(|s| view.is_guarantor(*s))
        .map(|s| view.position_hours(s))
        .max()
        .unwrap_or(1)
}

/// Units below which an option of the draft is worth a move at the table:
/// the aggressor warns against, or buys out, only what it minds a good deal
/// (a public aim of 15 points, or a strong preference).
const MINDS: i32 = -12;

/// The aggressor's move at the table, if it makes one this turn: a public
/// warning against the option of the draft it minds most (the more readily
/// the more hawkish it is), or a quiet deal with the guarantor whose
/// government most needs a success at home, to keep that option out.
pub fn at_the_table(view: &SeatView, rng: &mut AiRng) -> Option<Decision> {
    let terms = view.table_moves_terms()?;
    let draft = view.talks().draft?;
    if view.talks().concluded {
        return None;
    }
    let name = view.me().name();
    let p = &view.secrets().personality;
    let mine = view.utility();
    let minded = |clause: ClauseId, option: usize| {
        mine.table[clause.index()].get(option).copied().unwrap_or(0)
    };
    let mut worst: Vec<(i32, ClauseId, u8)> = view
        .clause_ids()
        .flat_map(|c| draft.pick(c).options().map(move |o| (c, o)))
        .map(|(c, o)| (minded(c, o), c, o as u8))
        .filter(|(u, _, _)| *u <= MINDS)
        .collect();
    worst.sort();
    let label = |c: ClauseId, o: u8| {
        let clause = view.clause(c);
        let option = clause
            .options
            .get(o as usize)
            .map_or("?", |x| x.label.as_str());
        format!("{}: {option}", clause.name)
    };
    // A warning: the most minded option not yet warned against.
    if let Some(&(units, c, o)) = worst.iter().find(|(_, c, o)| {
        view.check(&Action::Threaten {
            clause: *c,
            option: *o,
        })
        .is_ok()
    }) {
        let chance = (0.15 + 0.5 * p.hawkishness) * (units as f64 / MINDS as f64).min(2.0) / 2.0;
        if rng.random_bool(chance.clamp(0.0, 0.9)) {
            let provocation = if terms.threat.provocation > 0 {
                ", and the treaty pays in tension if it keeps it"
            } else {
                ""
            };
            return Some(Decision::new(
                Action::Threaten {
                    clause: c,
                    option: o,
                },
                reason!(
                    "{name} warns against {}: it will treat a treaty holding it as hostile{provocation}",
                    label(c, o)
                ),
            ));
        }
    }
    // A deal: the guarantor with the weakest support at home, over the
    // most minded option, once per guarantor.
    let target = view
        .guarantors()
        .iter()
        .filter(|g| view.deals().all(|d| d.seat != *g))
        .min_by_key(|g| view.seat_tracks(*g).support)?;
    let &(_, c, o) = worst.first()?;
    let action = Action::BackChannel {
        seat: target,
        clause: c,
        option: o,
    };
    let chance = 0.1 + 0.3 * (1.0 - p.caution);
    if view.check(&action).is_ok() && rng.random_bool(chance.clamp(0.0, 0.9)) {
        return Some(Decision::new(
            action,
            reason!(
                "{name} offers {} a quiet deal to keep {} out: its government needs a success at home",
                view.faction(target).name(),
                label(c, o)
            ),
        ));
    }
    None
}
