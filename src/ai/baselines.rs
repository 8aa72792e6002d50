//! Baseline bots for the tournament: the hardliner, the conceder and a fixed
//! scripted doctrine.
//!
//! Like every AI seat they are pure functions of one seat's view. None of them
//! uses its random stream: the same view always gives the same decision.
//!
//! - The **hardliner** tables its favourite text and never signs less; in a
//!   crisis it proposes and backs the strongest package anyone can provide and
//!   objects to anything weaker; as the aggressor it rejects the offer and
//!   strikes as hard as it can at every decision.
//! - The **conceder** signs any text its red lines allow, amending only the
//!   clause that crosses one; in a crisis it backs whatever is proposed with
//!   what needs no vote; as the aggressor it takes the pledge and never attacks.
//! - The **scripted** doctrine signs a text worth half its scale (anything in
//!   the last round), never amends; in a crisis it convenes, proposes the
//!   treaty's menu and backs it in full; as the aggressor it probes with its
//!   mildest attack once every four months.

use super::{AiRng, Decision};
use crate::core::*;
use std::cmp::Reverse;

/// Never signs less than its own best text; uncompromising in crises.
pub fn hardliner(view: &SeatView, _rng: &mut AiRng) -> Decision {
    play(
        view,
        &Doctrine {
            talks: hardliner_talks,
            offer: |view| {
                Decision::new(
                    Action::AnswerOffer { accept: false },
                    format!(
                        "{} rejects the treaty: it will not tie its hands",
                        view.me().name()
                    ),
                )
            },
            strike: hardliner_strike,
            crisis: hardliner_crisis,
        },
    )
}

/// Signs whatever its red lines allow; goes along in crises; a dove as the aggressor.
pub fn conceder(view: &SeatView, _rng: &mut AiRng) -> Decision {
    play(
        view,
        &Doctrine {
            talks: conceder_talks,
            offer: |view| {
                Decision::new(
                    Action::AnswerOffer { accept: true },
                    format!("{} takes the pledge", view.me().name()),
                )
            },
            strike: |view| {
                Decision::new(
                    Action::Hold,
                    format!("{} keeps the peace", view.me().name()),
                )
            },
            crisis: conceder_crisis,
        },
    )
}

/// A fixed textbook doctrine: the same moves in the same situations.
pub fn scripted(view: &SeatView, _rng: &mut AiRng) -> Decision {
    play(
        view,
        &Doctrine {
            talks: scripted_talks,
            offer: scripted_offer,
            strike: scripted_strike,
            crisis: scripted_crisis,
        },
    )
}

/// What a baseline bot does in each phase of the game.
struct Doctrine {
    talks: fn(&SeatView) -> Decision,
    /// The aggressor's answer to the offer of a pledge.
    offer: fn(&SeatView) -> Decision,
    /// The aggressor's move between crises.
    strike: fn(&SeatView) -> Decision,
    /// A move in the crisis this seat takes part in.
    crisis: fn(&SeatView, &Crisis) -> Decision,
}

fn play(view: &SeatView, doctrine: &Doctrine) -> Decision {
    let decision = match view.phase() {
        Phase::Negotiation => (doctrine.talks)(view),
        Phase::Offer => (doctrine.offer)(view),
        Phase::Interlude => (doctrine.strike)(view),
        Phase::Crisis => match acting_crisis(view) {
            Ok(c) => (doctrine.crisis)(view, c),
            Err(idle) => *idle,
        },
        Phase::Ended => Decision::new(Action::Pass, "the game is over"),
    };
    settle(view, decision)
}

// ---- shared helpers --------------------------------------------------------

/// The decision if the rules allow it, else the gentlest legal move of the
/// phase (a crisis always moves on by hours, never by standing down first).
pub(super) fn settle(view: &SeatView, decision: Decision) -> Decision {
    if view.check(&decision.action).is_ok() {
        return decision;
    }
    let name = view.me().name();
    let wait = view
        .crisis()
        .map(next_event_wait)
        .unwrap_or(Action::Wait(1));
    let fallbacks: &[(Action, &str)] = match view.phase() {
        Phase::Negotiation => &[(Action::Pass, "passes")],
        Phase::Offer => &[(Action::AnswerOffer { accept: false }, "declines the offer")],
        Phase::Interlude => &[(Action::Hold, "holds")],
        Phase::Crisis => &[(wait, "waits"), (Action::StandDown, "stands down")],
        Phase::Ended => &[],
    };
    fallbacks
        .iter()
        .find(|(a, _)| view.check(a).is_ok())
        .map(|(a, why)| Decision::new(*a, format!("{name} {why}")))
        .unwrap_or(decision)
}

/// Whether this seat has yet to make its red line `i` public.
fn unsignalled(view: &SeatView, i: usize) -> bool {
    i < 32 && view.talks().signalled[view.seat().index()] & (1 << i) == 0
}

/// Make red line `i` public, if this turn's free signal is still unused.
fn signal(view: &SeatView, i: usize) -> Option<Decision> {
    if view.talks().signalled_this_turn || !unsignalled(view, i) {
        return None;
    }
    let name = view.me().name();
    let why = &view.secrets().red_lines[i].why;
    let verb = if view.me().role() == Role::Aggressor {
        "warns"
    } else {
        "states a red line"
    };
    Some(Decision::new(
        Action::SignalRedLine(i as u8),
        format!("{name} {verb}: {why}"),
    ))
}

/// The first of this seat's red lines crossed by `draft` and not yet public.
fn signal_crossed(view: &SeatView, draft: &Draft) -> Option<Decision> {
    view.crossed_red_lines(draft)
        .into_iter()
        .find(|i| unsignalled(view, *i))
        .and_then(|i| signal(view, i))
}

fn red_line_family(view: &SeatView, i: usize) -> ClauseId {
    view.secrets().red_lines[i].clause
}

/// Whether a pick of clause `family` crosses a red line another negotiator has made public.
fn publicly_refused(view: &SeatView, family: ClauseId, pick: Pick) -> bool {
    let me = view.seat();
    view.seats()
        .filter(|s| *s != me && view.faction(*s).role() != Role::Aggressor)
        .flat_map(|s| view.signalled_red_lines(s))
        .filter(|r| r.clause == family)
        .any(|r| match r.kind {
            RedLineKind::Forbid => pick.has(r.option),
            RedLineKind::Require => !pick.has(r.option),
        })
}

/// The smallest change to one clause that clears this seat's red line `i`
/// without crossing another of its red lines in that clause: the offending
/// menu item toggled, or the best single option for this seat (steering clear
/// of others' public red lines where it can).
pub(super) fn repair(view: &SeatView, draft: &Draft, i: usize) -> Option<(ClauseId, Pick)> {
    let family = red_line_family(view, i);
    if view.config().fixed_pick(family).is_some() {
        return None;
    }
    let option = view.secrets().red_lines[i].option;
    let n = view.clause(family).options.len();
    let clean = |pick: Pick| {
        let changed = draft.with(family, pick);
        !view
            .crossed_red_lines(&changed)
            .into_iter()
            .any(|j| red_line_family(view, j) == family)
    };
    let current = draft.pick(family);
    if view.clause(family).is_subset() {
        let pick = current.toggled(option);
        return (option < n && clean(pick)).then_some((family, pick));
    }
    let utility = view.utility();
    (0..n)
        .map(Pick::one)
        .filter(|p| *p != current && clean(*p))
        .max_by_key(|p| {
            let value = utility.units(&draft.with(family, *p));
            (
                !publicly_refused(view, family, *p),
                value,
                Reverse(p.bits()),
            )
        })
        .map(|p| (family, p))
}

/// This seat's favourite text ([`super::negotiator::best_draft`]), with any of
/// its own red lines that text still crosses repaired.
pub(super) fn own_best(view: &SeatView) -> Draft {
    let mut draft = super::negotiator::best_draft(view);
    for _ in 0..view.secrets().red_lines.len() {
        let fix = view
            .crossed_red_lines(&draft)
            .into_iter()
            .find_map(|i| repair(view, &draft, i));
        match fix {
            Some((family, pick)) => draft = draft.with(family, pick),
            None => break,
        }
    }
    draft
}

/// The clause of `draft` that costs this seat the most utility against its best option(s).
pub(super) fn worst_clause(view: &SeatView, draft: &Draft) -> Option<ClauseId> {
    let utility = view.utility();
    view.clause_ids()
        .filter_map(|f| {
            let row = &utility.table[f.index()][..utility.options[f.index()]];
            let pick = draft.pick(f);
            let loss = if utility.is_subset(f) {
                row.iter()
                    .enumerate()
                    .map(|(o, v)| {
                        if pick.has(o) {
                            (-v).max(0)
                        } else {
                            (*v).max(0)
                        }
                    })
                    .sum::<i32>()
            } else {
                let best = row.iter().copied().max().unwrap_or(0);
                best - row.get(pick.single()).copied().unwrap_or(best)
            };
            (loss > 0).then_some((loss, f))
        })
        .max_by_key(|(loss, f)| (*loss, Reverse(*f)))
        .map(|(_, f)| f)
}

/// Reject `draft` over `clause`, unless this seat already has.
fn reject_once(view: &SeatView, clause: Option<ClauseId>, why: String) -> Decision {
    let name = view.me().name();
    if view.talks().stances[view.seat().index()] == Stance::Rejected(clause) {
        return Decision::new(Action::Pass, format!("{name} stands by its rejection"));
    }
    Decision::new(Action::Reject(clause), why)
}

fn clause_name(view: &SeatView, family: Option<ClauseId>) -> String {
    family.map_or_else(
        || "the text".to_string(),
        |f| super::reasons::in_sentence(&view.clause(f).name),
    )
}

/// Seats still acting in the crisis.
fn acting(c: &Crisis) -> SeatSet {
    c.participants.minus(c.done)
}

/// Every response some seat still acting could provide.
fn reachable(view: &SeatView, c: &Crisis) -> ResponseSet {
    acting(c)
        .iter()
        .fold(ResponseSet::EMPTY, |all, s| all.union(view.providable(s)))
}

/// What this seat can put behind `items`: all it provides of them, less
/// forces its national body has refused.
fn everything(view: &SeatView, c: &Crisis, items: ResponseSet) -> ResponseSet {
    let me = view.seat();
    let mine = items.intersect(view.providable(me));
    if c.approvals[me.index()] == ApprovalStatus::Refused {
        mine.minus(view.forces())
    } else {
        mine
    }
}

/// Whether this seat has already backed the package with exactly `items`.
fn backs_with(c: &Crisis, me: Seat, items: ResponseSet) -> bool {
    c.package
        .as_ref()
        .is_some_and(|p| p.supporters.contains(me))
        && c.contributions[me.index()].items == items
}

/// A vote this seat has asked for (or must ask for) is still open.
fn vote_open(c: &Crisis, me: Seat) -> bool {
    matches!(
        c.approvals[me.index()],
        ApprovalStatus::Needed | ApprovalStatus::Pending { .. }
    )
}

/// This seat answered an agreed package and has no vote outstanding: its part is done.
fn part_done(c: &Crisis, me: Seat) -> bool {
    c.package.as_ref().is_some_and(|p| {
        p.agreed_at.is_some() && (p.supporters.contains(me) || p.objectors.contains(me))
    }) && !vote_open(c, me)
}

fn next_event_wait(c: &Crisis) -> Action {
    Action::Wait(
        c.next_event_hour()
            .saturating_sub(c.now)
            .clamp(1, MAX_WAIT_HOURS),
    )
}

/// Let hours pass until `at` (at least one hour, at most the longest wait).
pub(super) fn wait_until(c: &Crisis, at: u32, name: &str) -> Decision {
    let hours = at.saturating_sub(c.now).clamp(1, MAX_WAIT_HOURS);
    Decision::new(Action::Wait(hours), format!("{name} waits {hours} h"))
}

/// Wait for the next thing due in the crisis.
pub(super) fn wait_next(c: &Crisis, name: &str) -> Decision {
    wait_until(c, c.next_event_hour(), name)
}

fn seek_approval(view: &SeatView) -> Decision {
    let name = view.me().name();
    let body = view
        .me()
        .approval()
        .map(|a| a.body.as_str())
        .unwrap_or("national approval");
    Decision::new(
        Action::SeekApproval,
        format!("{name} asks its {body} to authorise forces"),
    )
}

fn convene(view: &SeatView) -> Decision {
    let name = view.me().name();
    let why = if view.is_guarantor(view.seat()) {
        "the treaty clock is running"
    } else {
        "it invokes the treaty"
    };
    Decision::new(
        Action::Convene,
        format!("{name} calls consultations: {why}"),
    )
}

/// The opening moves every bot shares: convene if nobody has, then wait for
/// consultations to open. `None` once they are open.
fn opening(view: &SeatView, c: &Crisis) -> Option<Decision> {
    if c.convened_by.is_none() {
        return Some(convene(view));
    }
    let open_at = c.consult_open_at.unwrap_or(c.now);
    (c.now < open_at).then(|| wait_until(c, open_at, view.me().name()))
}

fn describe(view: &SeatView, items: ResponseSet) -> String {
    let names: Vec<String> = items
        .iter()
        .map(|r| super::reasons::in_sentence(&view.response(r).name))
        .collect();
    if names.is_empty() {
        "political backing".into()
    } else {
        names.join(", ")
    }
}

fn propose(view: &SeatView, items: ResponseSet, why: &str) -> Option<Decision> {
    let action = Action::Propose(items);
    (!items.is_empty() && view.check(&action).is_ok()).then(|| {
        Decision::new(
            action,
            format!(
                "{name} {why}: {}",
                describe(view, items),
                name = view.me().name()
            ),
        )
    })
}

fn support(view: &SeatView, items: ResponseSet, why: &str) -> Option<Decision> {
    let action = Action::Support(items);
    (view.check(&action).is_ok()).then(|| {
        Decision::new(
            action,
            format!(
                "{name} {why}: {}",
                describe(view, items),
                name = view.me().name()
            ),
        )
    })
}

fn stand_down(view: &SeatView) -> Decision {
    Decision::new(
        Action::StandDown,
        format!("{} has done its part", view.me().name()),
    )
}

/// The crisis this seat takes part in, or what it does when there is none for it.
fn acting_crisis<'a>(view: &SeatView<'a>) -> Result<&'a Crisis, Box<Decision>> {
    match view.crisis() {
        Some(c) if c.participants.contains(view.seat()) => Ok(c),
        _ => Err(Box::new(idle_in_crisis(view))),
    }
}

/// First things first for the hardliner and the doctrine: the national vote,
/// then consultations (see [`opening`]).
fn vote_or_convene(view: &SeatView, c: &Crisis) -> Option<Decision> {
    if c.approvals[view.seat().index()] == ApprovalStatus::Needed {
        return Some(seek_approval(view));
    }
    opening(view, c)
}

fn idle_in_crisis(view: &SeatView) -> Decision {
    let name = view.me().name();
    // The baselines' aggressors keep to their attacks: in a crisis they
    // leave the guarantors to it.
    if view.check(&Action::StandDown).is_ok() {
        return Decision::new(Action::StandDown, format!("{name} watches"));
    }
    match view.crisis() {
        Some(c) => wait_next(c, name),
        None => Decision::new(Action::Wait(1), format!("{name} watches")),
    }
}

// ---- the hardliner ---------------------------------------------------------

fn hardliner_talks(view: &SeatView) -> Decision {
    let name = view.me().name();
    let talks = view.talks();
    // Every red line goes public, one per turn (the signal is free).
    if let Some(d) = (0..view.secrets().red_lines.len()).find_map(|i| signal(view, i)) {
        return d;
    }
    if view.me().role() == Role::Aggressor {
        return Decision::new(Action::Pass, format!("{name} stands by its warnings"));
    }
    let best = own_best(view);
    let Some(draft) = talks.draft else {
        return Decision::new(
            Action::TableDraft(best),
            format!("{name} tables its own text"),
        );
    };
    let utility = view.utility();
    let good_enough = view.crossed_red_lines(&draft).is_empty()
        && utility.value(&draft) >= utility.value(&best) - 1e-9;
    let stance = talks.stances[view.seat().index()];
    if good_enough {
        if stance == Stance::Signed {
            return Decision::new(Action::Pass, format!("{name} has signed and stands firm"));
        }
        return Decision::new(
            Action::Sign,
            format!("{name} signs: the text gives it all it asked"),
        );
    }
    let table = Action::TableDraft(best);
    if view.check(&table).is_ok() {
        return Decision::new(table, format!("{name} holds out for its own text"));
    }
    let clause = worst_clause(view, &draft);
    reject_once(
        view,
        clause,
        format!("{name} rejects the text over {}", clause_name(view, clause)),
    )
}

fn hardliner_strike(view: &SeatView) -> Decision {
    let name = view.me().name();
    let best = view
        .attacks()
        .iter()
        .enumerate()
        .max_by_key(|(i, a)| (a.gain, Reverse(*i)))
        .map(|(i, a)| (AttackId(i as u8), a));
    match best {
        Some((id, a)) => Decision::new(
            Action::Attack(id),
            format!(
                "{name} launches a {}: maximum pressure",
                super::reasons::in_sentence(&a.name)
            ),
        ),
        None => Decision::new(Action::Hold, format!("{name} has no way to strike")),
    }
}

fn hardliner_crisis(view: &SeatView, c: &Crisis) -> Decision {
    let me = view.seat();
    let name = view.me().name();
    if let Some(d) = vote_or_convene(view, c) {
        return d;
    }
    let package = c.package.as_ref();
    let agreed = package.is_some_and(|p| p.agreed_at.is_some());
    let strongest = reachable(view, c);
    let weaker = package.is_none_or(|p| !strongest.is_subset(p.items));
    if view.is_guarantor(me) && !agreed && weaker && !strongest.is_empty() {
        if let Some(p) = package
            && p.by != Some(me)
            && !p.objectors.contains(me)
        {
            return Decision::new(
                Action::Object,
                format!("{name} objects: the package is too weak"),
            );
        }
        if let Some(d) = propose(view, strongest, "proposes everything at hand") {
            return d;
        }
    }
    if let Some(p) = package {
        let items = everything(view, c, p.items);
        if !backs_with(c, me, items)
            && (agreed || !p.objectors.contains(me))
            && let Some(d) = support(view, items, "backs the package in full")
        {
            return d;
        }
    }
    if part_done(c, me) {
        return stand_down(view);
    }
    wait_next(c, name)
}

// ---- the conceder ----------------------------------------------------------

/// The start of every turn at the table for the conceder and the scripted
/// doctrine: table its own text on an empty table, signal a crossed red line,
/// watch if it is the aggressor; otherwise the draft to judge.
fn table_opening(view: &SeatView, tabling: &str) -> Result<Draft, Box<Decision>> {
    let name = view.me().name();
    let aggressor = view.me().role() == Role::Aggressor;
    let watch = || {
        Box::new(Decision::new(
            Action::Pass,
            format!("{name} watches the talks"),
        ))
    };
    let Some(draft) = view.talks().draft else {
        if aggressor {
            return Err(watch());
        }
        return Err(Box::new(Decision::new(
            Action::TableDraft(own_best(view)),
            format!("{name} {tabling}"),
        )));
    };
    if let Some(d) = signal_crossed(view, &draft) {
        return Err(Box::new(d));
    }
    if aggressor {
        return Err(watch());
    }
    Ok(draft)
}

fn conceder_talks(view: &SeatView) -> Decision {
    let name = view.me().name();
    let talks = view.talks();
    let draft = match table_opening(view, "tables a text to get the talks going") {
        Ok(draft) => draft,
        Err(decision) => return *decision,
    };
    let crossed = view.crossed_red_lines(&draft);
    if let Some(&first) = crossed.first() {
        if !talks.concluded
            && let Some((clause, pick)) = crossed.iter().find_map(|i| repair(view, &draft, *i))
        {
            return Decision::new(
                Action::Amend { clause, pick },
                format!(
                    "{name} amends {}: its red line, nothing more",
                    super::reasons::in_sentence(&view.clause(clause).name)
                ),
            );
        }
        let clause = Some(red_line_family(view, first));
        return reject_once(
            view,
            clause,
            format!(
                "{name} cannot sign: {} crosses its red line",
                clause_name(view, clause)
            ),
        );
    }
    if talks.stances[view.seat().index()] == Stance::Signed {
        return Decision::new(Action::Pass, format!("{name} has signed"));
    }
    Decision::new(
        Action::Sign,
        format!("{name} signs: it can live with this text"),
    )
}

/// What this seat can give from `items` without asking for a national vote.
fn without_vote(view: &SeatView, c: &Crisis, items: ResponseSet) -> ResponseSet {
    let me = view.seat();
    everything(view, c, items)
        .iter()
        .filter(|r| {
            !view.forces().contains(*r) || !view.needs_approval(me, [*r].into_iter().collect())
        })
        .collect()
}

/// The smallest package: one weak item, this seat's own if it has one.
fn minimal_package(view: &SeatView, c: &Crisis) -> ResponseSet {
    let mine = view.providable(view.seat());
    let menu = view.terms().map(|t| t.menu).unwrap_or_default();
    reachable(view, c)
        .iter()
        .min_by_key(|r| {
            let resp = view.response(*r);
            (
                !mine.contains(*r),
                resp.strength,
                resp.escalation_risk,
                !menu.contains(*r),
                *r,
            )
        })
        .into_iter()
        .collect()
}

fn conceder_crisis(view: &SeatView, c: &Crisis) -> Decision {
    let me = view.seat();
    let name = view.me().name();
    if c.approvals[me.index()] == ApprovalStatus::Needed {
        // No vote: it gives what needs none.
        let items = without_vote(view, c, c.contributions[me.index()].items);
        if let Some(d) = support(view, items, "gives what needs no vote") {
            return d;
        }
        return seek_approval(view);
    }
    if let Some(d) = opening(view, c) {
        return d;
    }
    let Some(p) = c.package.as_ref() else {
        if let Some(d) = propose(view, minimal_package(view, c), "proposes a modest start") {
            return d;
        }
        return wait_next(c, name);
    };
    if !p.supporters.contains(me) {
        let items = without_vote(view, c, p.items);
        if let Some(d) = support(view, items, "goes along with the package") {
            return d;
        }
    }
    if part_done(c, me) {
        return stand_down(view);
    }
    wait_next(c, name)
}

// ---- the scripted doctrine ---------------------------------------------------

fn scripted_talks(view: &SeatView) -> Decision {
    let name = view.me().name();
    let talks = view.talks();
    let draft = match table_opening(view, "tables its standard text") {
        Ok(draft) => draft,
        Err(decision) => return *decision,
    };
    if talks.stances[view.seat().index()] == Stance::Signed {
        return Decision::new(Action::Pass, format!("{name} has signed"));
    }
    if let Some(&first) = view.crossed_red_lines(&draft).first() {
        let clause = Some(red_line_family(view, first));
        return reject_once(
            view,
            clause,
            format!(
                "{name} rejects: {} crosses its red line",
                clause_name(view, clause)
            ),
        );
    }
    if talks.round >= talks.deadline {
        return Decision::new(Action::Sign, format!("{name} signs: it is the last round"));
    }
    if view.utility().value(&draft) >= 0.5 {
        return Decision::new(
            Action::Sign,
            format!("{name} signs: the text meets its terms"),
        );
    }
    let clause = worst_clause(view, &draft);
    reject_once(
        view,
        clause,
        format!("{name} rejects the text over {}", clause_name(view, clause)),
    )
}

fn scripted_offer(view: &SeatView) -> Decision {
    let name = view.me().name();
    let offer = view.terms().map(|t| t.offer).unwrap_or(Offer::NotOffered);
    if offer == Offer::OfferedWithNeutrality {
        Decision::new(
            Action::AnswerOffer { accept: true },
            format!("{name} accepts: the offer includes neutrality"),
        )
    } else {
        Decision::new(
            Action::AnswerOffer { accept: false },
            format!("{name} rejects: no neutrality, no pledge"),
        )
    }
}

fn scripted_strike(view: &SeatView) -> Decision {
    let name = view.me().name();
    // One probe in every four-month period, at its first decision.
    let period = view.month().div_euclid(4);
    let probed = view
        .crises()
        .iter()
        .any(|c| c.month.div_euclid(4) == period);
    let mildest = view
        .attacks()
        .iter()
        .enumerate()
        .min_by_key(|(i, a)| (a.severity, a.escalation, *i))
        .map(|(i, a)| (AttackId(i as u8), a));
    match mildest {
        Some((id, a)) if !probed => Decision::new(
            Action::Attack(id),
            format!(
                "{name} probes with a {}",
                super::reasons::in_sentence(&a.name)
            ),
        ),
        _ => Decision::new(Action::Hold, format!("{name} holds until the next probe")),
    }
}

/// The doctrine's package: the treaty's menu items some acting seat can
/// provide, or the single strongest item anyone can if the menu has none.
fn doctrine_package(view: &SeatView, c: &Crisis) -> ResponseSet {
    let reach = reachable(view, c);
    let menu = view.terms().map(|t| t.menu).unwrap_or_default();
    let items = menu.intersect(reach);
    if !items.is_empty() {
        return items;
    }
    reach
        .iter()
        .max_by_key(|r| {
            let resp = view.response(*r);
            (resp.strength, Reverse(resp.escalation_risk), Reverse(*r))
        })
        .into_iter()
        .collect()
}

fn scripted_crisis(view: &SeatView, c: &Crisis) -> Decision {
    let me = view.seat();
    let name = view.me().name();
    if let Some(d) = vote_or_convene(view, c) {
        return d;
    }
    let package = c.package.as_ref();
    let doctrine = doctrine_package(view, c);
    let blocked = package.is_some_and(|p| p.agreed_at.is_none() && !p.objectors.is_empty());
    if (package.is_none() || blocked)
        && let Some(d) = propose(view, doctrine, "proposes the treaty's instruments")
    {
        return d;
    }
    if let Some(p) = package {
        let items = everything(view, c, p.items);
        if !backs_with(c, me, items)
            && let Some(d) = support(view, items, "backs the package")
        {
            return d;
        }
    }
    wait_next(c, name)
}
