//! Baseline crisis play: convene, propose a package in proportion to the
//! attack that can be ready before the clock, back it with what the seat can
//! provide, and seek (or skip) national votes with the clock in mind.

use super::{AiRng, Decision, Reason, reason};
use crate::core::*;
use rand::RngExt;

pub fn respond(view: &SeatView, rng: &mut AiRng) -> Decision {
    let Some(c) = view.crisis() else {
        return Decision::new(Action::StandDown, "no crisis");
    };
    let me = view.seat();
    let name = view.me().name();
    let personality = &view.secrets().personality;
    let bound = c.bound.contains(me);
    let guarantor = view.is_guarantor(me);
    // Seats that can put forces or money behind a package (the protected party may, in some scenarios).
    let provider = guarantor || !view.providable(me).is_empty();
    let package = c.package.as_ref();
    let answered = package.is_some_and(|p| p.supporters.contains(me) || p.objectors.contains(me));

    // A vote our contribution is waiting for: the package is not agreed
    // until it is in.
    if c.approvals[me.index()] == ApprovalStatus::Needed {
        let in_time = vote_in_time(view, c, 0) >= 1.0 - 0.5 * personality.hawkishness;
        let mine = c.contributions[me.index()].items;
        let without = mine.minus(view.forces());
        let body = view
            .me()
            .approval()
            .map(|a| a.body.as_str())
            .unwrap_or("national approval");
        // Past the clock a vote still helps, if it can come before the crisis closes.
        let before_close = view
            .vote_hours(me)
            .is_none_or(|(fewest, _)| c.now + fewest <= c.closes_at);
        let late_but_useful = c.now >= c.clock && before_close;
        if in_time || late_but_useful || personality.hawkishness > 0.7 || without.is_empty() {
            let why = Reason::new(reason!("{name} asks its {body} to authorise forces"));
            let why = if without.is_empty() {
                why.serving("its share is forces or nothing")
            } else {
                why.serving("its forces count only once the vote is in")
            };
            let why = if in_time {
                why.over("a share without forces")
            } else {
                why.risking("the vote may come after the clock")
            };
            return Decision::new(Action::SeekApproval, why);
        }
        return Decision::new(
            Action::Support(without),
            Reason::new(reason!("{name} drops its forces from its share"))
                .serving("the rest of its share counts before the clock")
                .over(reason!(
                    "waiting for its {body}, whose vote cannot come in time"
                )),
        );
    }

    if c.convened_by.is_none() {
        if bound || !guarantor || rng.random_bool(personality.solidarity) {
            let attack = super::reasons::in_sentence(&view.attack(c.attack).name);
            let why = Reason::new(reason!("{name} calls consultations"));
            let why = if guarantor {
                why.serving(reason!("the treaty clock runs from the {attack}"))
            } else {
                why.serving(reason!("it invokes the treaty against the {attack}"))
            };
            let why = if bound {
                why
            } else {
                why.over("leaving the answer to the bound guarantors")
            };
            return Decision::new(Action::Convene, why);
        }
        return Decision::new(Action::StandDown, stays_out(name));
    }

    let open_at = c.consult_open_at.unwrap_or(c.now);
    if c.now < open_at {
        return wait_until(view, c, open_at);
    }

    let blocked = package.is_some_and(|p| p.agreed_at.is_none() && !p.objectors.is_empty());
    if provider
        && (package.is_none() || blocked)
        && package.is_none_or(|p| p.by != Some(me) || blocked)
    {
        // After an objection, a compromise: a weak package made stronger,
        // another one without its dearest item.
        let (leave_out, stronger) = match package {
            Some(p) if blocked => {
                let severity = view.severity_now() as f64;
                if expected_strength(view, c, p.items) < severity {
                    (ResponseSet::EMPTY, true)
                } else {
                    (dearest(view, p.items), false)
                }
            }
            _ => (ResponseSet::EMPTY, false),
        };
        let items = design_package(view, c, leave_out, stronger);
        if !items.is_empty() && view.check(&Action::Propose(items)).is_ok() {
            let why = Reason::new(reason!("{name} proposes {}", describe_items(view, items)))
                .serving(package_grounds(view, c, items));
            let why = match package {
                Some(p) if blocked && stronger => why.over(reason!(
                    "{}, objected to as too weak",
                    describe_items(view, p.items)
                )),
                Some(_) if blocked => why.over(reason!(
                    "{}, objected to; it leaves it out",
                    describe_items(view, leave_out)
                )),
                _ => why,
            };
            let why = match package_risk(view, c, items) {
                Some(risk) => why.risking(risk),
                None => why,
            };
            return Decision::new(Action::Propose(items), why);
        }
    }

    if let Some(p) = package
        && !answered
    {
        if !provider {
            return Decision::new(
                Action::Support(ResponseSet::EMPTY),
                Reason::new(reason!("{name} welcomes the package"))
                    .serving(package_grounds(view, c, p.items)),
            );
        }
        let strength = expected_strength(view, c, p.items);
        let severity = view.severity_now() as f64;
        let ratio = strength / severity * 100.0;
        let overreaction = ratio > view.rules().proportion_high as f64 * 1.3;
        // A seat objects once in a crisis at most: then it seeks the compromise.
        let may_object = p.agreed_at.is_none() && bound && !c.objected.contains(me);
        if may_object && overreaction && personality.caution > 0.5 {
            return Decision::new(
                Action::Object,
                Reason::new(reason!("{name} objects"))
                    .serving(reason!(
                        "{} would climb the ladder against a {}",
                        describe_items(view, p.items),
                        super::reasons::in_sentence(&view.attack(c.attack).name)
                    ))
                    .over("backing an overreaction"),
            );
        }
        // Guarantors disagree on cost and proportion: the less united the
        // coalition, the likelier a seat holds out for its own view.
        let disunity = (1.1 - view.tracks().cohesion as f64 / 100.0).clamp(0.0, 1.0);
        if may_object && guarantor && strains_budget(view, c, p.items) {
            let chance = (personality.caution * disunity).clamp(0.0, 0.9);
            if rng.random_bool(chance) {
                return Decision::new(
                    Action::Object,
                    Reason::new(reason!("{name} objects"))
                        .serving(reason!(
                            "its share of {} costs more than it can carry",
                            describe_items(view, p.items)
                        ))
                        .risking("the clock, if no cheaper package follows"),
                );
            }
        }
        // A package in proportion is backed, not replaced, whoever tabled
        // it (a human's too): only one the rules would judge too weak is
        // objected to as such.
        let too_weak = ratio < view.rules().proportion_low as f64 * 1.2
            && view.verdict_of(view.potential_weight(p.items)) == Verdict::TooWeak;
        if may_object && guarantor && too_weak && personality.hawkishness >= 0.5 {
            let chance = (personality.hawkishness * disunity).clamp(0.0, 0.9);
            if rng.random_bool(chance) {
                return Decision::new(
                    Action::Object,
                    Reason::new(reason!("{name} objects"))
                        .serving(reason!(
                            "{} is too weak to deter the next attack",
                            describe_items(view, p.items)
                        ))
                        .risking("the clock, if no stronger package follows"),
                );
            }
        }
        if !bound && !rng.random_bool(0.3 + 0.7 * personality.solidarity) {
            return Decision::new(Action::StandDown, stays_out(name));
        }
        let items = contribution(view, c, p.items);
        let act = if items.is_empty() {
            reason!("{name} backs the package politically")
        } else {
            reason!(
                "{name} backs the package with {}",
                describe_items(view, items)
            )
        };
        let why = Reason::new(act).serving(package_grounds(view, c, p.items));
        let why = if p.by == Some(me) {
            why
        } else {
            why.over("a package of its own")
        };
        let left_out = p.items.intersect(view.providable(me)).minus(items);
        let why = if !left_out.is_empty() {
            why.risking(reason!("it keeps back {}", describe_items(view, left_out)))
        } else {
            match package_risk(view, c, items) {
                Some(risk) => why.risking(risk),
                None => why,
            }
        };
        return Decision::new(Action::Support(items), why);
    }

    if let Some(p) = package.filter(|p| p.agreed_at.is_some() && answered) {
        return Decision::new(
            Action::StandDown,
            Reason::new(reason!("{name} has done its part"))
                .serving(reason!("{} is agreed", describe_items(view, p.items))),
        );
    }
    // Its answer given, a seat that waits only on another's national vote
    // waits for the vote (or the clock): nothing else is due before it.
    let vote_due = c
        .approvals
        .iter()
        .filter_map(|a| match a {
            ApprovalStatus::Pending { due } => Some(*due),
            _ => None,
        })
        .max();
    // Likewise, for a while, for the governments still settling their
    // positions on it (a new package may come meanwhile: not too long).
    let settling = package.and_then(|p| {
        p.supporters
            .iter()
            .map(|s| c.settled_at[s.index()])
            .filter(|h| *h > c.now)
            .min()
            .map(|h| h.min(c.now + SETTLING_WAIT_HOURS))
    });
    if answered
        && package.is_some_and(|p| p.objectors.is_empty() && p.agreed_at.is_none())
        && let Some(due) = vote_due.or(settling)
    {
        let at = due.min(c.clock);
        if at > c.now {
            return wait_until(view, c, at);
        }
    }
    wait_until(view, c, c.next_event_hour())
}

/// The longest a seat that has answered the package waits for the
/// governments still settling their positions on it.
const SETTLING_WAIT_HOURS: u32 = 8;

fn stays_out(name: &str) -> Reason {
    Reason::new(reason!("{name} stays out"))
        .serving("it is not bound")
        .over("joining an answer it did not sign up to")
}

/// Wait until hour `at` (at least one hour, at most the longest wait), for
/// what the crisis is waiting for.
fn wait_until(view: &SeatView, c: &Crisis, at: u32) -> Decision {
    let hours = at.saturating_sub(c.now).clamp(1, MAX_WAIT_HOURS);
    let name = view.me().name();
    let why = Reason::new(reason!("{name} waits {hours} h")).serving(awaited(view, c));
    let left = c.clock.saturating_sub(c.now);
    let why = if c.now >= c.clock {
        why.risking("the clock has run out")
    } else if left <= 8 {
        why.risking(reason!("{left} h left on the clock"))
    } else {
        why
    };
    Decision::new(Action::Wait(hours), why)
}

/// What a seat waiting in a crisis waits for, as the record shows it.
fn awaited(view: &SeatView, c: &Crisis) -> super::reasons::Part {
    if c.convened_by.is_none() {
        return "for a guarantor to call consultations".into();
    }
    if c.consult_open_at.is_some_and(|h| c.now < h) {
        return "for consultations to open".into();
    }
    if c.now < c.attributed_at {
        return "for the attack to be attributed".into();
    }
    let Some(p) = c.package.as_ref() else {
        return "for a package to back".into();
    };
    if p.agreed_at.is_some() {
        return reason!(
            "{} is agreed; the help is on its way",
            describe_items(view, p.items)
        )
        .into();
    }
    if let Some(vote) = pending_vote(view, c) {
        return reason!("for the vote of {vote}").into();
    }
    if !p.objectors.is_empty() {
        return "for a compromise after the objection".into();
    }
    let unsettled = unsettled(view, c, p);
    if !unsettled.is_empty() {
        let me = view.me().name();
        let who = if unsettled == [me] {
            "its government".to_string()
        } else {
            super::reasons::list(&unsettled)
        };
        return reason!(
            "for {who} to settle a position on {}",
            describe_items(view, p.items)
        )
        .into();
    }
    reason!("for the others to answer {}", describe_items(view, p.items)).into()
}

/// The national vote a crisis waits on, if one is pending, as "Italy's
/// parliament".
pub(super) fn pending_vote(view: &SeatView, c: &Crisis) -> Option<String> {
    let s = view
        .seats()
        .find(|s| matches!(c.approvals[s.index()], ApprovalStatus::Pending { .. }))?;
    Some(vote_of(view, s))
}

/// A seat's national vote, as "Italy's parliament".
fn vote_of(view: &SeatView, s: Seat) -> String {
    let body = view
        .faction(s)
        .approval()
        .map_or("national vote", |a| a.body.as_str());
    reason!(
        "{} {body}",
        super::reasons::possessive(view.faction(s).name())
    )
}

/// The seats behind package `p` whose governments are still settling
/// their positions on it.
pub(super) fn unsettled<'a>(view: &SeatView<'a>, c: &Crisis, p: &Package) -> Vec<&'a str> {
    p.supporters
        .iter()
        .filter(|s| c.settled_at[s.index()] > c.now)
        .map(|s| view.faction(s).name())
        .collect()
}

/// Why a package answers the crisis: its proportion to the attack, the hour
/// it can be agreed by against the clock, and what it costs.
fn package_grounds(view: &SeatView, c: &Crisis, items: ResponseSet) -> String {
    let verdict = view.verdict_of(view.potential_weight(items));
    let attack = super::reasons::in_sentence(&view.attack(c.attack).name);
    let ready = c.now + view.propose_hours(view.seat(), items) + slowest_position(view, c);
    let timing = if ready <= c.clock {
        "agreed within the clock"
    } else {
        "late for the clock but better than nothing"
    };
    let cost: i32 = items.iter().map(|r| view.response(r).cost).sum();
    let money = if cost <= 0 {
        "at no cost"
    } else if cost <= 3 {
        "cheaply"
    } else {
        "at a price"
    };
    reason!(
        "{} against a {attack}, {timing}, {money}",
        verdict.judgement()
    )
}

/// The risk a package runs: a national vote it waits for.
fn package_risk(view: &SeatView, c: &Crisis, items: ResponseSet) -> Option<String> {
    let voter = c
        .participants
        .minus(c.done)
        .iter()
        .find(|s| view.needs_approval(*s, items.intersect(view.providable(*s))))?;
    view.faction(voter).approval()?;
    Some(reason!("{} must vote on its forces", vote_of(view, voter)))
}

/// Strength of a package if every guarantor still acting provides what it can.
fn expected_strength(view: &SeatView, c: &Crisis, items: ResponseSet) -> f64 {
    strength_of(&item_strengths(view, c), items)
}

/// Each response's part in [`expected_strength`], by response: worked out
/// once for a designer that weighs many packages of the same items.
fn item_strengths(view: &SeatView, c: &Crisis) -> [f64; MAX_RESPONSES] {
    let acting: Vec<ResponseSet> = c
        .participants
        .minus(c.done)
        .iter()
        .map(|s| view.providable(s))
        .collect();
    let mut strengths = [0.0; MAX_RESPONSES];
    for (i, (strength, response)) in strengths.iter_mut().zip(view.responses()).enumerate() {
        let r = ResponseId(i as u8);
        let k = acting.iter().filter(|p| p.contains(r)).count().max(1);
        *strength = item_weight(response, k) as f64 / 100.0;
    }
    strengths
}

/// A package's strength from its items' parts, added in the items' order.
fn strength_of(strengths: &[f64; MAX_RESPONSES], items: ResponseSet) -> f64 {
    items.iter().map(|r| strengths[r.index()]).sum()
}

/// Most items a package designer weighs together (every subset of them is tried).
const MAX_ITEMS: usize = 10;

/// A package in proportion to the attack whose items can be ready before the
/// clock: of every combination strong enough (or the strongest within
/// proportion when none is), the one that does the most good for what it
/// costs in the seat's eyes (see [`package_value`]).
fn design_package(
    view: &SeatView,
    c: &Crisis,
    leave_out: ResponseSet,
    stronger: bool,
) -> ResponseSet {
    let personality = &view.secrets().personality;
    let severity = view.severity_now() as f64;
    let aim = severity * (1.0 + 0.4 * personality.hawkishness) * if stronger { 1.4 } else { 1.0 };
    let acting = c.participants.minus(c.done);
    let providable = acting
        .iter()
        .fold(ResponseSet::EMPTY, |all, s| all.union(view.providable(s)));
    let available: Vec<ResponseId> = (0..view.responses().len())
        .map(|i| ResponseId(i as u8))
        .filter(|r| providable.contains(*r) && !leave_out.contains(*r))
        .collect();
    // Forces only answer a serious attack.
    let fitting = |r: &ResponseId| severity >= 5.0 || !view.forces().contains(*r);
    let mut pool: Vec<ResponseId> = available
        .iter()
        .copied()
        .filter(|r| in_time(view, c, *r) && fitting(r))
        .collect();
    if pool.is_empty() {
        // Nothing can be ready in time: the least bad of what is at hand.
        pool = available.iter().copied().filter(fitting).collect();
    }
    if pool.is_empty() {
        pool = available;
    }
    let menu = treaty_menu(view);
    // Keep the search small: the items most worth having first.
    pool.sort_by(|a, b| {
        let one = |r: ResponseId| package_value(view, c, menu, [r].into_iter().collect());
        one(*b).total_cmp(&one(*a)).then(a.cmp(b))
    });
    pool.truncate(MAX_ITEMS);
    let strengths = item_strengths(view, c);

    let high = view.rules().proportion_high as f64;
    let mut best: Option<(bool, f64, ResponseSet)> = None;
    for mask in 1u32..(1 << pool.len()) {
        let items: ResponseSet = pool
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, r)| *r)
            .collect();
        let strength = strength_of(&strengths, items);
        if strength / severity.max(1.0) * 100.0 > high {
            continue;
        }
        let key = (strength >= aim, package_value(view, c, menu, items), items);
        // Strong enough first, then the most value; ties to the first found.
        let better = match &best {
            None => true,
            Some((enough, value, _)) => (key.0, key.1) > (*enough, *value),
        };
        if better {
            best = Some(key);
        }
    }
    match best {
        Some((_, _, items)) => items,
        // Even the weakest item overshoots: send the weakest.
        None => pool
            .iter()
            .copied()
            .min_by_key(|r| (view.response(*r).strength, *r))
            .into_iter()
            .collect(),
    }
}

/// Whether a package with `r` proposed by this seat now could be agreed
/// before the clock: proposed, and every bound guarantor's position settled.
pub(super) fn in_time(view: &SeatView, c: &Crisis, r: ResponseId) -> bool {
    let one: ResponseSet = [r].into_iter().collect();
    c.now + view.propose_hours(view.seat(), one) + slowest_position(view, c) <= c.clock
}

/// Whether `r`, proposed now, could also be delivered before the clock.
fn delivered_in_time(view: &SeatView, c: &Crisis, r: ResponseId) -> bool {
    let me = view.seat();
    let one: ResponseSet = [r].into_iter().collect();
    let hours =
        view.propose_hours(me, one) + slowest_position(view, c) + view.preparation_hours(me, one);
    c.now + hours <= c.clock
}

/// The slowest government among the bound guarantors still acting: an
/// agreement waits for its position.
fn slowest_position(view: &SeatView, c: &Crisis) -> u32 {
    c.bound
        .minus(c.done)
        .iter()
        .filter(|s| view.is_guarantor(*s))
        .map(|s| view.position_hours(s))
        .max()
        .unwrap_or(1)
}

/// The chance (0..1) that this seat's national vote, sought `after` hours
/// from now, is in before the clock (votes take their hours give or take
/// the spread, evenly).
fn vote_in_time(view: &SeatView, c: &Crisis, after: u32) -> f64 {
    let Some((fewest, most)) = view.vote_hours(view.seat()) else {
        return 1.0;
    };
    let room = c.clock.saturating_sub(c.now + after);
    if most <= room {
        1.0
    } else if fewest > room {
        0.0
    } else {
        (room - fewest + 1) as f64 / (most - fewest + 1) as f64
    }
}

/// The item of `items` that costs most (the first of equals).
fn dearest(view: &SeatView, items: ResponseSet) -> ResponseSet {
    items
        .iter()
        .max_by_key(|r| (view.response(*r).cost, std::cmp::Reverse(*r)))
        .into_iter()
        .collect()
}

/// Whether this seat's share of `items` would take its spending past the
/// budget its own objectives set (read from its own secrets only).
fn strains_budget(view: &SeatView, c: &Crisis, items: ResponseSet) -> bool {
    let me = view.seat();
    let Some(limit) = view
        .secrets()
        .objectives
        .iter()
        .find_map(|o| match o.condition {
            Condition::SpentAtMost(v) => Some(v),
            _ => None,
        })
    else {
        return false;
    };
    let burden = view.terms().map(|t| t.burden).unwrap_or_default();
    let acting = c.participants.minus(c.done);
    let mut share = 0.0;
    for r in items.intersect(view.providable(me)).iter() {
        let resp = view.response(r);
        let total: i32 = acting
            .iter()
            .filter(|s| view.providable(*s).contains(r))
            .map(|s| burden[s.index()].max(1))
            .sum();
        share += resp.cost as f64 * burden[me.index()].max(1) as f64 / total.max(1) as f64;
    }
    // What it spends in the rest of the game counts too: keep a margin.
    let spent = view.seat_tracks(me).spent as f64;
    spent + share > limit as f64 * 0.6
}

/// What a package is worth to this seat, in track points: the damage it
/// spares Ukraine and the security it adds, the price it puts on the attack
/// (which is what deters the next one), and the treaty's own instruments
/// honoured (`menu`, see [`treaty_menu`]); less the money, and the risk of
/// escalation weighed by caution.
fn package_value(view: &SeatView, c: &Crisis, menu: ResponseSet, items: ResponseSet) -> f64 {
    let personality = &view.secrets().personality;
    let damage = view.damage_now() as f64;
    let (mut mitigation, mut security, mut costs, mut money, mut risk, mut instruments) =
        (0, 0, 0, 0, 0, 0);
    // Help that comes after the clock spares less.
    let mut late = 1.0;
    for r in items.iter() {
        let resp = view.response(r);
        if !delivered_in_time(view, c, r) {
            late = view.rules().late_mitigation as f64 / 100.0;
        }
        mitigation += resp.mitigation;
        security += resp.security;
        costs += resp.costs;
        money += resp.cost;
        risk += resp.escalation_risk;
        instruments += i32::from(menu.contains(r));
    }
    let attack = view.attack(c.attack);
    let cap = attack.max_mitigation.unwrap_or(view.rules().max_mitigation);
    let mitigation =
        mitigation.clamp(0, cap.clamp(0, view.rules().max_mitigation.clamp(0, 100))) as f64;
    let spared = damage * mitigation / 100.0 * late + security as f64;
    // Near the top of the ladder a rung climbed may spiral into war.
    let brink = 1.0 + 20.0 * view.war_chance(1);
    spared + costs as f64 * (0.3 + 0.4 * personality.hawkishness) + instruments as f64
        - money as f64 * (0.1 + 0.2 * personality.caution)
        - risk as f64 / 100.0 * (6.0 + 10.0 * personality.caution) * brink
}

/// The treaty's instruments (none without a treaty), read once by a designer
/// that values many packages.
fn treaty_menu(view: &SeatView) -> ResponseSet {
    view.terms().map(|t| t.menu).unwrap_or_default()
}

/// What this seat provides from the package, keeping the clock in mind.
fn contribution(view: &SeatView, c: &Crisis, package: ResponseSet) -> ResponseSet {
    let me = view.seat();
    let values = &view.secrets().values;
    let menu_option = |r: ResponseId| view.menu_option(r);
    let mut items = package.intersect(view.providable(me));
    // Forces its national vote refused cannot be sent in this crisis.
    if c.approvals[me.index()] == ApprovalStatus::Refused {
        items = items.minus(view.forces());
    }
    // Leave out what this seat strongly dislikes providing.
    for r in items.iter() {
        if let Some((menu, o)) = menu_option(r)
            && values[menu.index()][o] <= -5
        {
            items = items.minus([r].into_iter().collect());
        }
    }
    // Forces that need a vote hold the agreement until it is in: keep them
    // only if the vote is likely in before the clock, or the seat is a hawk.
    let hawk = view.secrets().personality.hawkishness;
    let position = view.position_hours(me);
    if view.needs_approval(me, items)
        && c.now < c.clock
        && hawk < 0.7
        && vote_in_time(view, c, position) < 1.0 - 0.5 * hawk
    {
        items = items.minus(view.forces());
    }
    items
}

fn describe_items(view: &SeatView, items: ResponseSet) -> String {
    let names: Vec<String> = items
        .iter()
        .map(|r| super::reasons::in_sentence(&view.response(r).name))
        .collect();
    super::reasons::list(&names.iter().map(String::as_str).collect::<Vec<_>>())
}
