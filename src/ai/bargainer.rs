//! The negotiation agent of the normal and hard levels, after the automated
//! negotiation literature (GENIUS, NegMAS, the ANAC competitions):
//!
//! - **utility**: the seat's additive utility over the clauses, its
//!   preferences plus the objectives the text alone decides ([`Utility`]);
//! - **reservation value**: its utility of the fallback that applies if the
//!   talks fail;
//! - **concession**: a time-dependent target falling from its favourite
//!   feasible text to the reservation value, `target(t) = r + (best - r)(1 -
//!   t^(1/e))`, where `e` is the personality's concession (below 1 Boulware,
//!   above 1 Conceder). A seat that sees others refuse to move concedes more
//!   slowly: it is not worth rewarding stubbornness;
//! - **opponent model**: frequency-based, learned from the public record:
//!   what each seat tables and amends to (liked), amends away from or rejects
//!   (disliked), accepts and signs; seeded with its public aims and bounded by
//!   its public red lines;
//! - **offers**: among texts worth at least the target, the one with the
//!   highest estimated Nash product (the product of every seat's estimated gain
//!   over its estimated reservation value), found by hill climbing over
//!   one-clause changes from several starts;
//! - **acceptance**: sign a text worth the target, or worth as much as the
//!   offer it would make next (AC-next), if it is a fair deal for the table
//!   (close to the best estimated Nash product, and leaving no other seat far
//!   below the gain that text would give it: a seat without a veto is not
//!   pushed to its fallback); in the last round, anything above its
//!   reservation value; never a text that crosses one of its red lines. A
//!   final text is joined when it is worth the reservation value counting what
//!   its own signature earns (an objective such as credit for the deal).

use super::reasons::Part;
use super::{AiRng, Decision, Reason, reason};
use crate::core::*;
use rand::RngExt;

/// Share of the best text's estimated Nash product, and of every other
/// seat's estimated gain from it, a text must reach to be signed before the
/// last round.
const FAIRNESS: f64 = 0.9;

/// Everything the agent works with at one decision.
struct Mind<'v, 'a> {
    view: &'v SeatView<'a>,
    me: Seat,
    mine: Utility,
    /// Estimated utilities and reservation values of the other negotiators.
    others: Vec<(Seat, Utility, f64)>,
    reservation: f64,
    /// Options no acceptable text may contain or must contain (own red
    /// lines and red lines others have made public) as masks per clause,
    /// options it must lack and options it must hold, so a search counts a
    /// change's crossings from the changed clause alone.
    must_lack: [Pick; MAX_CLAUSES],
    must_hold: [Pick; MAX_CLAUSES],
    /// Every negotiator's units of each clause option, in the lanes of a
    /// [`Tally`] (this seat, then the others in order): what a change adds.
    option_units: [[Lanes; MAX_OPTIONS]; MAX_CLAUSES],
    /// Clauses the game has not fixed in advance: those a search may change.
    free: [bool; MAX_CLAUSES],
    /// Its favourite text among those no known red line rules out.
    favourite: Draft,
    /// How much the others have moved (see [`Mind::others_flexibility`]).
    flexibility: f64,
    /// What a [`Tally`]'s lanes are read with, side by side: each
    /// negotiator's lowest units, span of units and reservation value.
    lanes: [Lane; MAX_SEATS],
    /// Lanes in use: this seat's, then the others' (at most [`MAX_SEATS`]).
    lanes_in_use: usize,
}

/// A negotiator's [`Utility::scale`] and reservation value, for its lane of a [`Tally`].
#[derive(Clone, Copy, Default)]
struct Lane {
    lo: i32,
    /// `hi - lo` as a float: a scale divides by it.
    span: f64,
    /// Every text worth the same (`hi == lo`): all are worth 1.
    flat: bool,
    reservation: f64,
}

impl Lane {
    fn of(u: &Utility, reservation: f64) -> Lane {
        Lane {
            lo: u.lo,
            span: f64::from(u.hi - u.lo),
            flat: u.hi == u.lo,
            reservation,
        }
    }

    /// [`Utility::scale`], the very same division.
    fn scale(&self, units: i32) -> f64 {
        if self.flat {
            1.0
        } else {
            f64::from(units - self.lo) / self.span
        }
    }
}

pub fn negotiate(view: &SeatView, rng: &mut AiRng) -> Decision {
    let me = view.me();
    if me.role() == Role::Aggressor {
        return super::negotiator::negotiate(view, rng);
    }
    let name = me.name();
    let talks = view.talks();

    let Some(draft) = talks.draft else {
        let mind = Mind::new(view);
        let bid = mind.bid(mind.favourite_value(), rng);
        let aims = aims_met(view, &bid);
        let why = Reason::new(reason!("{name} tables its draft"));
        let why = if aims.is_empty() {
            why.serving("a first text it can defend")
        } else {
            why.serving(reason!("it writes in its aims: {}", aims_list(&aims)))
        };
        return Decision::new(
            Action::TableDraft(bid),
            why.over("waiting for another seat's draft"),
        );
    };

    // Red lines first: make them public, so the others can steer clear.
    let crossed = view.crossed_red_lines(&draft);
    if let Some(&i) = crossed.first() {
        let signalled = talks.signalled[me.seat().index()] & (1 << i) != 0;
        if !signalled && !talks.signalled_this_turn {
            let line = &view.secrets().red_lines[i];
            let option = view.option(line.clause, line.option);
            return Decision::new(
                Action::SignalRedLine(i as u8),
                Reason::new(reason!("{name} signals a red line"))
                    .serving(line.why.clone())
                    .over(reason!(
                        "letting the text keep {}",
                        super::reasons::in_sentence(&option.label)
                    )),
            );
        }
    }

    let stance = talks.stances[me.seat().index()];
    // Its own utility and reservation value settle a final text and a
    // signed seat's turn; the rest of the agent's mind is worked out after.
    let (mine, reservation) = own_values(view);
    let value = mine.value(&draft);
    // Staying out forgoes what its own signature earns (credit for the deal).
    let joined = value + view.signature_value_on(&mine);
    let acceptable = crossed.is_empty() && joined >= reservation - 1e-9;
    if talks.concluded {
        // The text is final: join it if it is better than staying out.
        return if acceptable && stance != Stance::Signed {
            Decision::new(
                Action::Sign,
                signing(view, &draft, reason!("{name} signs the final text"))
                    .over("staying outside the treaty"),
            )
        } else if !acceptable && !matches!(stance, Stance::Rejected(_)) {
            Decision::new(
                Action::Reject(worst_clause(&mine, &draft)),
                rejecting(view, &mine, &draft, reason!("{name} stays outside"))
                    .over("binding itself to a text worse for it than no treaty"),
            )
        } else {
            Decision::new(
                Action::Pass,
                Reason::new(reason!("{name} waits for the round to end"))
                    .serving("the text is final; the others may still sign"),
            )
        };
    }
    if stance == Stance::Signed {
        return Decision::new(Action::Pass, signed_and_waiting(view, name));
    }
    let mind = Mind::with_own(view, mine, reservation);

    let last_round = talks.round >= talks.deadline;
    let target = mind.target();
    // The text the whole table would be best served by, as far as this seat can tell.
    let ideal = |rng: &mut AiRng| mind.bid(mind.reservation, rng);
    if last_round {
        // An amendment now would wipe every signature with no time to sign again.
        // Sign anything better than the fallback, unless a seat that never moved
        // wrote it for itself: rewarding that would invite stubbornness. (The
        // best deal is sought only where it decides that.)
        let bullied = acceptable && mind.flexibility < 0.75 && {
            let ideal = ideal(rng);
            let fair_share = mind.reservation + 0.5 * (mind.mine.value(&ideal) - mind.reservation);
            value < fair_share
        };
        return if acceptable && !bullied {
            Decision::new(
                Action::Sign,
                signing(view, &draft, reason!("{name} signs before the deadline"))
                    .over("the fallback if the talks fail"),
            )
        } else if !matches!(stance, Stance::Rejected(_)) {
            let why = rejecting(view, &mind.mine, &draft, reason!("{name} rejects the text"));
            let why = if acceptable {
                why.over("signing a text written for one seat")
            } else {
                why.over("a text worse for it than the fallback")
            };
            Decision::new(Action::Reject(worst_clause(&mind.mine, &draft)), why)
        } else {
            Decision::new(
                Action::Pass,
                Reason::new(reason!("{name} holds its position"))
                    .serving("it has rejected this text and the deadline is here"),
            )
        };
    }

    let ideal = ideal(rng);
    // The best deal for the table is also this seat's offer if it meets the target.
    let bid = if mind.mine.value(&ideal) >= target - 1e-9 {
        ideal
    } else {
        mind.bid(target, rng)
    };
    let bid_value = mind.mine.value(&bid);
    // A text good for this seat but far from a fair deal for the table is
    // amended towards one, while there is time.
    let fair = draft == bid || mind.fair(&draft, &ideal);
    if crossed.is_empty() && fair && (value >= target - 1e-9 || value >= bid_value - 1e-9) {
        // Never its score: what a text is worth to a seat is its secret.
        let why = signing(view, &draft, reason!("{name} signs"));
        let why = if draft == bid {
            why
        } else {
            why.over("amending further and reopening the text")
        };
        return Decision::new(Action::Sign, why);
    }
    let changed: Vec<ClauseId> = draft.changed_clauses(&bid).collect();
    // A red line is named only once the others know it (signalled).
    let public = |i: &usize| talks.signalled[me.seat().index()] & (1 << i) != 0;
    let why = |act: String| {
        if !crossed.is_empty() && crossed.iter().all(public) {
            let line = &view.secrets().red_lines[crossed[0]];
            Reason::new(act).serving(reason!(
                "the text crosses its red line on {}",
                view.clause(line.clause).name
            ))
        } else if !crossed.is_empty() {
            Reason::new(act).serving("it cannot accept the text as it stands")
        } else {
            mind.explain(act, &draft, &bid)
        }
    };
    match changed[..] {
        [] => Decision::new(
            Action::Pass,
            Reason::new(reason!("{name} waits")).serving("the text is as it would write it"),
        ),
        [clause] => Decision::new(
            Action::Amend {
                clause,
                pick: bid.pick(clause),
            },
            why(reason!(
                "{name} amends {} to {}",
                view.clause(clause).name,
                super::reasons::in_sentence(&view.pick_text(clause, bid.pick(clause)))
            )),
        ),
        _ => Decision::new(
            Action::TableDraft(bid),
            why(reason!("{name} tables a new text")),
        ),
    }
}

/// Its public aims (the objectives its briefing states) that the text of
/// `draft` decides and meets.
fn aims_met<'a>(view: &SeatView<'a>, draft: &Draft) -> Vec<&'a Objective> {
    view.me()
        .public_objectives()
        .filter(|o| text_decides(&o.condition) && text_holds(&o.condition, draft))
        .collect()
}

fn aims_list(aims: &[&Objective]) -> String {
    let names: Vec<String> = aims
        .iter()
        .map(|o| super::reasons::in_sentence(super::reasons::aim_name(o)))
        .collect();
    super::reasons::list(&names.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Why a seat signs `draft`: the public aims it secures, and who must still
/// sign for it to bind.
fn signing(view: &SeatView, draft: &Draft, act: String) -> Reason {
    let aims = aims_met(view, draft);
    let why = Reason::new(act);
    let why = if aims.is_empty() {
        why.serving("the text serves it better than the fallback")
    } else {
        why.serving(reason!("the text secures {}", aims_list(&aims)))
    };
    match unsigned(view).as_slice() {
        [] => why,
        others => why.risking(reason!(
            "it binds only if {} sign too",
            super::reasons::list(others)
        )),
    }
}

/// Why a seat rejects `draft`: the clause it likes least, and the public
/// aims the text misses.
fn rejecting(view: &SeatView, mine: &Utility, draft: &Draft, act: String) -> Reason {
    let missed: Vec<&Objective> = view
        .me()
        .public_objectives()
        .filter(|o| text_decides(&o.condition) && !text_holds(&o.condition, draft))
        .collect();
    let why = Reason::new(act);
    if !missed.is_empty() {
        why.serving(reason!("the text misses {}", aims_list(&missed)))
    } else if let Some(c) = worst_clause(mine, draft) {
        why.serving(reason!(
            "it cannot carry the {} as written",
            view.clause(c).name
        ))
    } else {
        why.serving("the text asks more of it than it gives")
    }
}

/// The negotiators that have not signed the text on the table.
fn unsigned<'a>(view: &SeatView<'a>) -> Vec<&'a str> {
    let signed = view.talks().signed();
    view.negotiators()
        .iter()
        .filter(|s| *s != view.seat() && !signed.contains(*s))
        .map(|s| view.faction(s).name())
        .collect()
}

fn signed_and_waiting(view: &SeatView, name: &str) -> Reason {
    let why = Reason::new(reason!("{name} has signed and waits"));
    match unsigned(view).as_slice() {
        [] => why.serving("every negotiator has signed"),
        others => why.serving(reason!("for {} to sign", super::reasons::list(others))),
    }
}

/// A seat's utility and its reservation value: its utility of the fallback.
fn own_values(view: &SeatView) -> (Utility, f64) {
    let mine = with_diplomacy(view, view.utility());
    let reservation = view.own_fallback_value(&mine);
    (mine, reservation)
}

/// The seat's utility with what the aggressor did at the table: an option
/// it warned against costs a cautious seat more (the treaty would pay for it
/// in tension), and an option the seat's own quiet deal wants out costs what
/// the deal would bring its government, the less so the more it cares for
/// the coalition.
fn with_diplomacy(view: &SeatView, mine: Utility) -> Utility {
    let threats = view.threats();
    let deals: Vec<&Deal> = view
        .deals()
        .filter(|d| d.seat == view.seat() && d.outcome == DealOutcome::Pending)
        .collect();
    if threats.is_empty() && deals.is_empty() {
        return mine;
    }
    let p = &view.secrets().personality;
    let mut table = mine.table;
    for (c, o) in threats {
        if let Some(v) = table[c.index()].get_mut(*o as usize) {
            *v -= (12.0 * p.caution).round() as i32;
        }
    }
    if let Some(terms) = view.table_moves_terms() {
        let b = &terms.back_channel;
        let chance = b.exposed_chance.clamp(0, 100);
        // Points of support the deal is worth, exposure weighed in.
        let expected = (b.support * (100 - chance) + b.exposed_support * chance) as f64 / 100.0;
        let units = (expected * 3.0 * (1.0 - p.solidarity)).round() as i32;
        for d in deals {
            if let Some(v) = table[d.clause.index()].get_mut(d.option as usize) {
                *v -= units;
            }
        }
    }
    view.utility_from(table)
}

impl<'v, 'a> Mind<'v, 'a> {
    fn new(view: &'v SeatView<'a>) -> Self {
        let (mine, reservation) = own_values(view);
        Mind::with_own(view, mine, reservation)
    }

    /// The mind of a seat whose own utility and reservation value are known.
    fn with_own(view: &'v SeatView<'a>, mine: Utility, reservation: f64) -> Self {
        let me = view.seat();
        let own = view.secrets().red_lines.iter();
        let public = view
            .seats()
            .filter(|s| *s != me && view.faction(*s).role() != Role::Aggressor)
            .flat_map(|s| view.signalled_red_lines(s));
        let mut must_lack = [Pick::EMPTY; MAX_CLAUSES];
        let mut must_hold = [Pick::EMPTY; MAX_CLAUSES];
        let mut rules = [[None; MAX_OPTIONS]; MAX_CLAUSES];
        for r in own.chain(public) {
            let forbid = r.kind == RedLineKind::Forbid;
            let mask = if forbid {
                &mut must_lack
            } else {
                &mut must_hold
            };
            if let Some(m) = mask.get_mut(r.clause.index()) {
                m.insert(r.option);
            }
            // The first red line on an option is the one that rules it.
            if let Some(rule) = rules
                .get_mut(r.clause.index())
                .and_then(|row| row.get_mut(r.option))
            {
                rule.get_or_insert(forbid);
            }
        }
        let mut others = Vec::with_capacity(view.seat_count());
        OpponentModel::learn(view, |seat, table| {
            let u = view.utility_from(table);
            let d = view.fallback_value_for(seat, &u);
            others.push((seat, u, d));
        });
        let mut option_units = [[[0; MAX_SEATS]; MAX_OPTIONS]; MAX_CLAUSES];
        let utilities = std::iter::once(&mine).chain(others.iter().map(|(_, u, _)| u));
        for (lane, u) in utilities.enumerate().take(MAX_SEATS) {
            for f in mine.clauses() {
                let (row, n) = (&mut option_units[f.index()], mine.options[f.index()]);
                for (slot, v) in row.iter_mut().zip(&u.table[f.index()]).take(n) {
                    slot[lane] = *v;
                }
            }
        }
        let mut lanes = [Lane::default(); MAX_SEATS];
        let utilities = std::iter::once((&mine, reservation))
            .chain(others.iter().map(|(_, u, r)| (u, *r)))
            .take(MAX_SEATS);
        let mut lanes_in_use = 0;
        for (lane, (u, r)) in lanes.iter_mut().zip(utilities) {
            *lane = Lane::of(u, r);
            lanes_in_use += 1;
        }
        let mut mind = Mind {
            view,
            me,
            mine,
            others,
            reservation,
            must_lack,
            must_hold,
            option_units,
            free: std::array::from_fn(|i| view.config().fixed_pick(ClauseId(i as u8)).is_none()),
            favourite: Draft::default(),
            flexibility: 1.0,
            lanes,
            lanes_in_use,
        };
        mind.favourite = mind.find_favourite(&rules);
        mind.flexibility = mind.others_flexibility();
        mind
    }

    /// Whether a clause's pick crosses a known red line.
    fn crosses(&self, f: ClauseId, pick: Pick) -> bool {
        let i = f.index();
        !pick.intersect(self.must_lack[i]).is_empty() || !self.must_hold[i].is_subset(pick)
    }

    /// Every negotiator's units of a text and the red lines it crosses, from scratch.
    fn tally(&self, d: &Draft) -> Tally {
        let mut t = Tally {
            units: [0; MAX_SEATS],
            crossings: 0,
        };
        for f in self.mine.clauses() {
            let pick = d.pick(f);
            for o in options_of(pick.below(self.mine.options[f.index()])) {
                add(&mut t.units, &self.option_units[f.index()][o]);
            }
            t.crossings += u32::from(self.crosses(f, pick));
        }
        t
    }

    /// The best text for this seat alone among those no known red line rules
    /// out. `rules` holds, per clause option, the first known red line on it:
    /// whether it forbids the option (true) or requires it (false).
    fn find_favourite(&self, rules: &[[Option<bool>; MAX_OPTIONS]; MAX_CLAUSES]) -> Draft {
        let mut d = Draft::default();
        for f in self.mine.clauses() {
            let n = self.mine.options[f.index()];
            let row = &self.mine.table[f.index()];
            let rule = |o: usize| rules[f.index()][o];
            let pick = if self.mine.is_subset(f) {
                let mut p = Pick::EMPTY;
                for (o, v) in row.iter().enumerate().take(n) {
                    let include = match rule(o) {
                        Some(forbid) => !forbid,
                        None => *v > 0,
                    };
                    if include {
                        p = p.toggled(o);
                    }
                }
                p
            } else {
                let required = (0..n).find(|o| rule(*o) == Some(false));
                let best = (0..n)
                    .filter(|o| rule(*o) != Some(true))
                    .max_by_key(|o| (row[*o], std::cmp::Reverse(*o)));
                Pick::one(required.or(best).unwrap_or(0))
            };
            d = d.with(f, pick);
        }
        self.view.config().apply(d)
    }

    fn favourite_value(&self) -> f64 {
        self.mine.value(&self.favourite)
    }

    /// How far the talks have run, 0 at the first turn, 1 at the last round.
    fn time(&self) -> f64 {
        let talks = self.view.talks();
        let seats = self.view.seat_count().max(1) as f64;
        let elapsed = (talks.round - 1) as f64 + talks.turn as f64 / seats;
        let rounds = (talks.deadline - 1).max(1) as f64;
        (elapsed / rounds).clamp(0.0, 1.0)
    }

    /// The value this seat insists on now.
    fn target(&self) -> f64 {
        let best = self.favourite_value().max(self.reservation);
        let e = self.view.secrets().personality.concession.max(0.05);
        // Concede more slowly to tables where others do not move at all.
        let e = e * (0.5 + 0.5 * self.flexibility);
        let t = self.time();
        self.reservation + (best - self.reservation) * (1.0 - t.powf(1.0 / e))
    }

    /// How much the others have moved from their first texts (0 none, 1 freely),
    /// judged by the variety of the texts each has put on the table.
    fn others_flexibility(&self) -> f64 {
        // Too early to judge: nothing read from the record counts.
        if self.time() < 0.3 {
            return 1.0;
        }
        let mut first: Vec<(Seat, Draft)> = Vec::new();
        let mut moved: Vec<Seat> = Vec::new();
        let mut draft: Option<Draft> = None;
        for e in self.view.log() {
            let (by, now) = match e.kind {
                EventKind::DraftTabled { by, draft: d, .. } => (by, d),
                EventKind::Amended { by, clause, to, .. } => match draft {
                    Some(d) => (by, d.with(clause, to)),
                    None => continue,
                },
                EventKind::Signed { by } | EventKind::Accepted { by } => match draft {
                    Some(d) => (by, d),
                    None => continue,
                },
                _ => continue,
            };
            draft = Some(now);
            if by == self.me {
                continue;
            }
            match first.iter().find(|(s, _)| *s == by) {
                None => first.push((by, now)),
                Some((_, d)) if *d != now && !moved.contains(&by) => moved.push(by),
                _ => {}
            }
        }
        if first.is_empty() {
            return 1.0;
        }
        moved.len() as f64 / first.len() as f64
    }

    /// Why this seat moves the text from `from` to `to`, in public terms:
    /// the aims it gains, or, when the change costs it, the concession and
    /// whose signature it seeks; the text it moves away from; the risk of a
    /// Russian warning or a near deadline.
    fn explain(&self, act: String, from: &Draft, to: &Draft) -> Reason {
        let view = self.view;
        let changed: Vec<ClauseId> = from.changed_clauses(to).collect();
        let delta =
            |u: &Utility, c: ClauseId| u.pick_units(c, to.pick(c)) - u.pick_units(c, from.pick(c));
        let names = |cs: &[ClauseId]| {
            let names: Vec<&str> = cs.iter().map(|c| view.clause(*c).name.as_str()).collect();
            super::reasons::list(&names)
        };
        // Its own wishes, as its preferences and aims write them: what
        // Russia's warnings add to a cautious seat's reckoning is a reason
        // to concede, not a wish.
        let wishes = view.utility();
        let gains: Vec<ClauseId> = changed
            .iter()
            .copied()
            .filter(|c| delta(&wishes, *c) > 0)
            .collect();
        let losses: Vec<ClauseId> = changed
            .iter()
            .copied()
            .filter(|c| delta(&wishes, *c) < 0)
            .collect();
        // An option Russia warned against, taken out by the change.
        let heeded = view.threats().iter().find(|(c, o)| {
            changed.contains(c) && from.has(*c, usize::from(*o)) && !to.has(*c, usize::from(*o))
        });
        let aims: Vec<&Objective> = view
            .me()
            .public_objectives()
            .filter(|o| {
                text_decides(&o.condition)
                    && text_holds(&o.condition, to)
                    && !text_holds(&o.condition, from)
            })
            .collect();
        // Whose estimated gain the change serves most, on its own scale.
        let beneficiary = self
            .others
            .iter()
            .map(|(s, u, _)| {
                let gain: i32 = changed.iter().map(|c| delta(u, *c)).sum();
                (f64::from(gain) / f64::from((u.hi - u.lo).max(1)), *s)
            })
            .filter(|(gain, _)| *gain > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, s)| view.faction(s).name());
        // A red line another seat has made public, crossed before and not after.
        let cleared = view.seats().filter(|s| *s != self.me).find_map(|s| {
            view.signalled_red_lines(s).into_iter().find_map(|line| {
                let crossed = |d: &Draft| d.has(line.clause, line.option);
                (crossed(from) && !crossed(to)).then(|| (view.faction(s).name(), line.clause))
            })
        });
        let why = Reason::new(act);
        let why = if let Some(&(c, o)) = heeded.filter(|_| !losses.is_empty()) {
            why.conceding(reason!(
                "calm with Moscow, which warned against {}",
                super::reasons::in_sentence(&view.option(c, usize::from(o)).label)
            ))
        } else if let Some((seat, clause)) = cleared {
            let what = reason!(
                "clearing {} red line on {}",
                super::reasons::possessive(seat),
                view.clause(clause).name
            );
            if losses.is_empty() {
                why.serving(what)
            } else {
                why.conceding(what)
            }
        } else if !losses.is_empty() {
            let whom: Part = match beneficiary {
                Some(seat) => reason!("{} signature", super::reasons::possessive(seat)).into(),
                None => "a text all can sign".into(),
            };
            if gains.is_empty() {
                why.conceding(whom)
            } else {
                why.conceding(reason!("{whom}, while it gains on {}", names(&gains)))
            }
        } else if !aims.is_empty() && changed.len() > 1 && !gains.is_empty() {
            why.serving(reason!(
                "towards its aim: {}, with gains on {}",
                aims_list(&aims),
                names(&gains)
            ))
        } else if !aims.is_empty() {
            why.serving(reason!("towards its aim: {}", aims_list(&aims)))
        } else if !gains.is_empty() {
            match beneficiary {
                Some(seat) => why.serving(reason!(
                    "what it wants on {}, which suits {seat} too",
                    names(&gains)
                )),
                None => why.serving(reason!("what it wants on {}", names(&gains))),
            }
        } else {
            match beneficiary {
                Some(seat) => why.serving(reason!(
                    "{} signature, at no cost to itself",
                    super::reasons::possessive(seat)
                )),
                None => why.serving("a text closer to what the table can sign"),
            }
        };
        let why = match changed[..] {
            [c] if !losses.is_empty() => why.over(reason!(
                "holding out for {}",
                super::reasons::in_sentence(&view.pick_text(c, from.pick(c)))
            )),
            [c] => why.over(super::reasons::in_sentence(
                &view.pick_text(c, from.pick(c)),
            )),
            _ if !losses.is_empty() => why.over(reason!("holding out on {}", names(&losses))),
            _ => why,
        };
        let warned = view.threats().iter().find(|(c, o)| {
            changed.contains(c) && to.has(*c, usize::from(*o)) && !from.has(*c, usize::from(*o))
        });
        let talks = view.talks();
        if let Some(&(c, o)) = warned {
            why.risking(reason!(
                "Russia has warned against {}",
                super::reasons::in_sentence(&view.option(c, usize::from(o)).label)
            ))
        } else if talks.round + 1 >= talks.deadline {
            why.risking("little time is left before the fallback")
        } else {
            why
        }
    }

    /// Whether a text is a fair deal for the table, as far as this seat can
    /// tell: its estimated Nash product within [`FAIRNESS`] of the best
    /// text's, and no other seat squeezed below that share of the gain the
    /// best text would give it. (A product can look fine while one seat,
    /// whose aversion shows only in what it does, is pushed to its fallback.)
    fn fair(&self, d: &Draft, ideal: &Draft) -> bool {
        self.nash(d) >= FAIRNESS * self.nash(ideal)
            && self
                .others
                .iter()
                .all(|(_, u, r)| u.value(d) - r >= FAIRNESS * (u.value(ideal) - r))
    }

    /// Estimated Nash product of a text (with this seat's own gain in it).
    fn nash(&self, d: &Draft) -> f64 {
        self.nash_of(&self.tally(d).units)
    }

    /// Estimated Nash product from every negotiator's units of a text. The
    /// factors are multiplied in seat order, always the same: the product is
    /// compared between texts, and another order could round differently.
    fn nash_of(&self, units: &Lanes) -> f64 {
        self.nash_with(self.mine.scale(units[0]), units)
    }

    /// [`Mind::nash_of`] with this seat's value of the text (the scale of its
    /// units) at hand already.
    fn nash_with(&self, mine: f64, units: &Lanes) -> f64 {
        let mut product = (mine - self.reservation).max(0.0) + 1e-3;
        for (lane, units) in self.lanes[1..self.lanes_in_use].iter().zip(&units[1..]) {
            product *= (lane.scale(*units) - lane.reservation).max(0.0) + 1e-3;
        }
        product
    }

    /// The offer to make: at least `target` for this seat, highest estimated
    /// Nash product, found by hill climbing from several starts.
    fn bid(&self, target: f64, rng: &mut AiRng) -> Draft {
        let favourite = self.favourite;
        let on_the_table = self.view.talks().draft.map(|d| self.view.config().apply(d));
        // A random start keeps repeated offers from being wholly predictable.
        let nudged = self.nudge(favourite, rng);
        let starts = [Some(favourite), on_the_table, Some(nudged)];
        let mut best: Option<(f64, Draft)> = None;
        let mut climbs: Vec<Climb> = Vec::with_capacity(starts.len());
        for start in starts.into_iter().flatten() {
            let climb = self.climb(start, target, &climbs);
            let (d, tally) = (climb.top, climb.tally);
            climbs.push(climb);
            if tally.crossings > 0 || self.mine.scale(tally.units[0]) < target - 1e-9 {
                continue;
            }
            let score = self.nash_of(&tally.units);
            if best.is_none_or(|(s, b)| score > s || (score == s && d < b)) {
                best = Some((score, d));
            }
        }
        best.map_or(favourite, |(_, d)| d)
    }

    fn nudge(&self, mut d: Draft, rng: &mut AiRng) -> Draft {
        for _ in 0..2 {
            let clauses = self.mine.clauses().count();
            let f = ClauseId(rng.random_range(0..clauses) as u8);
            let n = self.mine.options[f.index()];
            if n == 0 || self.view.config().fixed_pick(f).is_some() {
                continue;
            }
            let o = rng.random_range(0..n);
            let pick = if self.mine.is_subset(f) {
                d.pick(f).toggled(o)
            } else {
                Pick::one(o)
            };
            d = d.with(f, pick);
        }
        d
    }

    /// Steepest ascent over one-clause changes, at most [`MAX_STEPS`] of them:
    /// first up to the target on this seat's own value, then on the estimated
    /// Nash product above it. Of equally good changes, the first
    /// [`Mind::neighbours`] offers wins.
    ///
    /// The step from a text depends on that text alone (and the target), so
    /// a climb that reaches a text an `earlier` climb to the same target went
    /// through follows that climb's steps to its top: it takes them from
    /// there instead of weighing every neighbour again.
    fn climb(&self, start: Draft, target: f64, earlier: &[Climb]) -> Climb {
        // Room for a typical climb without growing (a few steps).
        let mut path = Vec::with_capacity(16);
        path.push(start);
        let (mut d, mut tally) = (start, self.tally(&start));
        let mut current = self.climb_score(&tally, target);
        for steps in 0..MAX_STEPS {
            if let Some(known) = earlier.iter().find_map(|c| c.onwards(&d, steps)) {
                path.extend_from_slice(known.path);
                return Climb {
                    path,
                    top: known.top,
                    tally: known.tally,
                    summit: true,
                };
            }
            let mut improved: Option<(f64, ClauseId, Pick, Tally)> = None;
            self.neighbours(&d, &tally, |f, pick, t| {
                let s = self.climb_score(t, target);
                if s > current + 1e-12 && improved.is_none_or(|(b, ..)| s > b) {
                    improved = Some((s, f, pick, *t));
                }
            });
            let Some((s, f, pick, t)) = improved else {
                return Climb {
                    path,
                    top: d,
                    tally,
                    summit: true,
                };
            };
            current = s;
            d = d.with(f, pick);
            tally = t;
            path.push(d);
        }
        Climb {
            path,
            top: d,
            tally,
            summit: false,
        }
    }

    /// Every text one change away from `d` (one option of a clause, or one
    /// menu item), clause by clause in order, option by option: the clause,
    /// its new pick and the new text's tally. The tally is `tally` (that of
    /// `d`) with one option's units added or taken away (a choice also loses
    /// the option it replaces), not a count over every clause.
    fn neighbours(&self, d: &Draft, tally: &Tally, mut visit: impl FnMut(ClauseId, Pick, &Tally)) {
        for f in self.mine.clauses() {
            if !self.free[f.index()] {
                continue;
            }
            let old = d.pick(f);
            let subset = self.mine.is_subset(f);
            // A menu item goes in or out of the text as it is; a choice
            // replaces the clause's pick.
            let base = if subset {
                *tally
            } else {
                self.tally_without(tally, f, old)
            };
            let crossings = tally.crossings - u32::from(self.crosses(f, old));
            for o in 0..self.mine.options[f.index()] {
                let (pick, out) = match (subset, old.contains(o)) {
                    (true, true) => (old.without(o), true),
                    (true, false) => (old.with(o), false),
                    (false, _) => (Pick::one(o), false),
                };
                if pick == old {
                    continue;
                }
                let mut t = base;
                let units = &self.option_units[f.index()][o];
                if out {
                    take(&mut t.units, units);
                } else {
                    add(&mut t.units, units);
                }
                t.crossings = crossings + u32::from(self.crosses(f, pick));
                visit(f, pick, &t);
            }
        }
    }

    /// The hill climb's score of a text: far below anything else if it
    /// crosses a known red line, below zero by the shortfall if it is worth
    /// less than the target to this seat, its estimated Nash product if not.
    fn climb_score(&self, t: &Tally, target: f64) -> f64 {
        if t.crossings > 0 {
            return -1e9;
        }
        let mine = self.lanes[0].scale(t.units[0]);
        if mine < target - 1e-9 {
            mine - target - 1.0
        } else {
            self.nash_with(mine, &t.units)
        }
    }

    /// A tally without clause `f`'s pick `old` (which it must hold): units
    /// only, the crossings left as they are.
    fn tally_without(&self, t: &Tally, f: ClauseId, old: Pick) -> Tally {
        let mut rest = *t;
        for o in options_of(old.below(self.mine.options[f.index()])) {
            take(&mut rest.units, &self.option_units[f.index()][o]);
        }
        rest
    }
}

/// The clause of a text a seat likes least, relative to its best option.
fn worst_clause(mine: &Utility, d: &Draft) -> Option<ClauseId> {
    mine.clauses()
        .filter(|f| !mine.is_subset(*f))
        .map(|f| {
            let row = &mine.table[f.index()][..mine.options[f.index()]];
            let best = row.iter().copied().max().unwrap_or(0);
            (best - row[d.option(f).min(row.len().saturating_sub(1))], f)
        })
        .filter(|(loss, _)| *loss > 0)
        .max_by_key(|(loss, f)| (*loss, std::cmp::Reverse(*f)))
        .map(|(_, f)| f)
}

/// Most one-clause changes a hill climb makes.
const MAX_STEPS: usize = 40;

/// A finished hill climb (see [`Mind::climb`]).
struct Climb {
    /// Every text it went through: its start first, its top last.
    path: Vec<Draft>,
    top: Draft,
    tally: Tally,
    /// Whether the top has no better neighbour (the climb did not stop at
    /// [`MAX_STEPS`]).
    summit: bool,
}

/// The rest of a climb from one of its texts on.
struct Onwards<'c> {
    /// The texts after that one.
    path: &'c [Draft],
    top: Draft,
    tally: Tally,
}

impl Climb {
    /// Where a climb that has taken `steps` steps and stands on `d` goes from
    /// there, if this climb went through `d`: to the same summit, if it gets
    /// there within [`MAX_STEPS`] steps in all.
    fn onwards(&self, d: &Draft, steps: usize) -> Option<Onwards<'_>> {
        if !self.summit {
            return None;
        }
        let at = self.path.iter().position(|p| p == d)?;
        let rest = &self.path[at + 1..];
        (steps + rest.len() <= MAX_STEPS).then_some(Onwards {
            path: rest,
            top: self.top,
            tally: self.tally,
        })
    }
}

/// What the hill climb keeps of a text: every negotiator's units of it (this
/// seat's first, then the others' in the order of [`Mind::others`]) and how
/// many of its clauses cross a known red line. Both are sums over the clauses
/// of whole numbers, so updating them by one clause's change is exact: a
/// neighbour's value and Nash product are the very numbers a fresh count
/// would give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tally {
    units: Lanes,
    crossings: u32,
}

/// One whole number per negotiator (unused lanes stay 0).
type Lanes = [i32; MAX_SEATS];

/// The options of a pick, lowest first: [`Pick::options`] without testing
/// every one of its 32 bits.
fn options_of(pick: Pick) -> impl Iterator<Item = usize> {
    let mut bits = pick.bits();
    std::iter::from_fn(move || {
        let o = (bits != 0).then(|| bits.trailing_zeros() as usize);
        bits &= bits.wrapping_sub(1);
        o
    })
}

/// `units += option`, lane by lane.
fn add(units: &mut Lanes, option: &Lanes) {
    for (u, o) in units.iter_mut().zip(option) {
        *u += o;
    }
}

/// `units -= option`, lane by lane.
fn take(units: &mut Lanes, option: &Lanes) {
    for (u, o) in units.iter_mut().zip(option) {
        *u -= o;
    }
}

/// Frequency-based opponent models: per seat, a score per clause option.
struct OpponentModel;

/// Scores of a seat's clause options in half points: every credit is a
/// multiple of a half, so they add up exactly in whole numbers, and each is
/// the very number a sum of halves in floating point would give.
type HalfPoints = [[i32; MAX_OPTIONS]; MAX_CLAUSES];

impl OpponentModel {
    /// Estimated per-option units of every other negotiator, from public
    /// information, handed to `model` seat by seat in seat order.
    fn learn(view: &SeatView, mut model: impl FnMut(Seat, UtilityTable)) {
        let me = view.seat();
        let mut others = [Seat(0); MAX_SEATS];
        let mut count = 0;
        for s in view.seats() {
            if s != me && view.faction(s).role() != Role::Aggressor && count < MAX_SEATS {
                others[count] = s;
                count += 1;
            }
        }
        let others = &others[..count];
        let mut scores: [HalfPoints; MAX_SEATS] = [[[0; MAX_OPTIONS]; MAX_CLAUSES]; MAX_SEATS];
        // What each seat's credited texts weigh together: a menu item a
        // text leaves out loses what one it holds gains, so a credit adds
        // twice its weight to the items a text holds, and the total weight is
        // taken from every item at the end.
        let mut backed = [0i32; MAX_SEATS];
        // How often each seat acted on each clause: a clause it fights over matters to it.
        let mut attention = [[1.0f64; MAX_CLAUSES]; MAX_SEATS];
        let slot = |s: Seat| others.iter().position(|o| *o == s);
        // Menu clauses, and each clause's options (at most MAX_OPTIONS).
        let mut menus = [false; MAX_CLAUSES];
        let mut options = [0usize; MAX_CLAUSES];
        for f in view.clause_ids().take(MAX_CLAUSES) {
            let clause = view.clause(f);
            menus[f.index()] = clause.is_subset();
            options[f.index()] = clause.options.len().min(MAX_OPTIONS);
        }
        // A text a seat wrote or backs: its options liked (menu items left
        // out disliked); `w` in half points.
        let credit = |scores: &mut HalfPoints, backed: &mut i32, d: &Draft, w: i32| {
            *backed += w;
            for f in view.clause_ids().take(MAX_CLAUSES) {
                let i = f.index();
                let gain = if menus[i] { 2 * w } else { w };
                let row = &mut scores[i];
                for o in options_of(d.pick(f).below(options[i])) {
                    row[o] += gain;
                }
            }
        };
        // A move from one choice to another on a clause: the new liked, the old
        // disliked (two points each), and the clause evidently matters.
        let moved = |scores: &mut HalfPoints,
                     attention: &mut [f64; MAX_CLAUSES],
                     f: ClauseId,
                     from: Pick,
                     to: Pick| {
            attention[f.index()] += 1.0;
            for o in options_of(to.minus(from)) {
                scores[f.index()][o] += 4;
            }
            for o in options_of(from.minus(to)) {
                scores[f.index()][o] -= 4;
            }
        };
        let mut draft: Option<Draft> = None;
        let mut opened = [false; MAX_SEATS];
        for e in view.log() {
            match e.kind {
                EventKind::DraftTabled {
                    by,
                    draft: d,
                    previous,
                } => {
                    draft = Some(d);
                    if let Some(i) = slot(by) {
                        // A seat's first text is its wish list (three points
                        // an option); later ones are compromises (one).
                        let w = if opened[i] { 2 } else { 6 };
                        opened[i] = true;
                        credit(&mut scores[i], &mut backed[i], &d, w);
                        // Whatever it changed from the text before, it changed on purpose.
                        if let Some(p) = previous {
                            for f in d.changed_clauses(&p) {
                                moved(&mut scores[i], &mut attention[i], f, p.pick(f), d.pick(f));
                            }
                        }
                    }
                }
                EventKind::Amended {
                    by,
                    clause,
                    from,
                    to,
                } => {
                    draft = draft.map(|d| d.with(clause, to));
                    if let Some(i) = slot(by) {
                        moved(&mut scores[i], &mut attention[i], clause, from, to);
                    }
                }
                EventKind::Accepted { by } | EventKind::Signed { by } => {
                    // Backing a text: half a point an option.
                    if let (Some(i), Some(d)) = (slot(by), draft) {
                        credit(&mut scores[i], &mut backed[i], &d, 1);
                    }
                }
                EventKind::Rejected {
                    by,
                    clause: Some(f),
                } => {
                    if let (Some(i), Some(d)) = (slot(by), draft) {
                        attention[i][f.index()] += 1.0;
                        for o in options_of(d.pick(f)) {
                            scores[i][f.index()][o] -= 4;
                        }
                    }
                }
                _ => {}
            }
        }
        for (i, seat) in others.iter().enumerate() {
            let prior = view.public_utility_table(*seat);
            let mut table = [[0; MAX_OPTIONS]; MAX_CLAUSES];
            for f in view.clause_ids().take(MAX_CLAUSES) {
                let (c, n) = (f.index(), options[f.index()]);
                let mut row = [0; MAX_OPTIONS];
                for (v, score) in row.iter_mut().zip(&scores[i][c]).take(n) {
                    *v = if menus[c] { score - backed[i] } else { *score };
                }
                let row = &row[..n];
                let spread = half(row.iter().map(|v| v.abs()).max().unwrap_or(0)).max(1.0);
                let inverse = 1.0 / spread;
                // Learned preferences on a 0..10 scale per clause, weighted by attention.
                let weight = attention[i][c].min(5.0);
                for o in 0..n {
                    // Nothing seen teaches nothing: spare the division and rounding.
                    let learned = if row[o] == 0 {
                        0
                    } else {
                        learned_score(10.0 * weight * half(row[o]), spread, inverse)
                    };
                    table[c][o] = learned + prior[c][o];
                }
            }
            model(*seat, table);
        }
    }
}

/// `round(x / spread)` for a learned score, `x` multiplied by `inverse`
/// (one over `spread`) instead of divided, unless that lands near a half.
/// The quotient is a ratio of whole numbers (ten times the weight times the
/// score, over the row's largest score, in half points), so it is a half
/// exactly or at least one over twice that largest score away from one; the
/// product is off by some 1e-14 at most, so wherever it is not within 1e-6
/// of a half it rounds as the quotient does.
fn learned_score(x: f64, spread: f64, inverse: f64) -> i32 {
    let near = x * inverse;
    let rest = (near - f64::from(near as i32)).abs();
    if (rest - 0.5).abs() < 1e-6 {
        round(x / spread)
    } else {
        round(near)
    }
}

/// A score in half points, in points.
fn half(score: i32) -> f64 {
    f64::from(score) / 2.0
}

/// `x.round() as i32` (halves away from zero) for a learned score, at most
/// 50 either way, without the library call: `x` less its whole part is
/// exact.
fn round(x: f64) -> i32 {
    let whole = x as i32;
    let rest = x - f64::from(whole);
    if rest >= 0.5 {
        whole + 1
    } else if rest <= -0.5 {
        whole - 1
    } else {
        whole
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::{Bot, rng_for};
    use std::sync::Arc;

    /// Every position at the table where a guarantor or the protected seat
    /// decides, in all-normal games on both bundled scenarios (one with a
    /// clause fixed in advance), with the game it belongs to.
    fn positions() -> Vec<Game> {
        let mut games = Vec::new();
        for (name, seed, fix) in [
            ("nato-lite-2025", 1, false),
            ("nato-lite-2025", 2, true),
            ("brussels-2025", 3, false),
        ] {
            let s: Arc<Scenario> = crate::scenario::find(name).unwrap();
            let fixed = if fix {
                vec![(ClauseId(1), Pick::one(0))]
            } else {
                Vec::new()
            };
            let mut game = Game::new(
                Arc::clone(&s),
                seed,
                GameConfig {
                    fixed,
                    ..GameConfig::default()
                },
            )
            .unwrap();
            while game.state().phase() == Phase::Negotiation {
                let Some(seat) = game.to_move() else { break };
                if game.view(seat).me().role() != Role::Aggressor {
                    games.push(game.clone());
                }
                let mut rng = rng_for(seed, seat, game.state().steps);
                let d = Bot::Normal.decide(&game.view(seat), &mut rng);
                game.apply(seat, d.action).unwrap();
            }
        }
        games
    }

    /// A well-formed text at random (a choice per clause, any menu).
    fn random_draft(mind: &Mind, rng: &mut AiRng) -> Draft {
        let mut d = Draft::default();
        for f in mind.mine.clauses() {
            let n = mind.mine.options[f.index()];
            let pick = if mind.mine.is_subset(f) {
                Pick::from_bits(rng.random_range(0..1u32 << n))
            } else {
                Pick::one(rng.random_range(0..n))
            };
            d = d.with(f, pick);
        }
        mind.view.config().apply(d)
    }

    /// The agent's formulas as first written, over whole texts: the
    /// references the incremental search must match to the last bit.
    fn reference_allowed(mind: &Mind, d: &Draft) -> bool {
        let view = mind.view;
        let public = view
            .seats()
            .filter(|s| *s != mind.me && view.faction(*s).role() != Role::Aggressor)
            .flat_map(|s| view.signalled_red_lines(s));
        view.secrets()
            .red_lines
            .iter()
            .chain(public)
            .all(|r| d.has(r.clause, r.option) != (r.kind == RedLineKind::Forbid))
    }

    fn reference_nash(mind: &Mind, d: &Draft) -> f64 {
        let mut product = (mind.mine.value(d) - mind.reservation).max(0.0) + 1e-3;
        for (_, u, r) in &mind.others {
            product *= (u.value(d) - r).max(0.0) + 1e-3;
        }
        product
    }

    fn reference_neighbours(mind: &Mind, d: &Draft) -> Vec<Draft> {
        let mut all = Vec::new();
        for f in mind.mine.clauses() {
            if mind.view.config().fixed_pick(f).is_some() {
                continue;
            }
            for o in 0..mind.mine.options[f.index()] {
                let pick = if mind.mine.is_subset(f) {
                    d.pick(f).toggled(o)
                } else {
                    Pick::one(o)
                };
                if pick != d.pick(f) {
                    all.push(d.with(f, pick));
                }
            }
        }
        all
    }

    fn reference_climb(mind: &Mind, mut d: Draft, target: f64) -> Draft {
        let score = |d: &Draft| -> f64 {
            if !reference_allowed(mind, d) {
                return -1e9;
            }
            let mine = mind.mine.value(d);
            if mine < target - 1e-9 {
                mine - target - 1.0
            } else {
                reference_nash(mind, d)
            }
        };
        let mut current = score(&d);
        for _ in 0..40 {
            let mut improved: Option<(f64, Draft)> = None;
            for n in reference_neighbours(mind, &d) {
                let s = score(&n);
                if s > current + 1e-12 && improved.is_none_or(|(b, _)| s > b) {
                    improved = Some((s, n));
                }
            }
            match improved {
                Some((s, n)) => {
                    current = s;
                    d = n;
                }
                None => break,
            }
        }
        d
    }

    /// A bid as first written: every start climbed on its own, from scratch.
    fn reference_bid(mind: &Mind, target: f64, rng: &mut AiRng) -> Draft {
        let favourite = mind.favourite;
        let mut starts = vec![favourite];
        if let Some(d) = mind.view.talks().draft {
            starts.push(mind.view.config().apply(d));
        }
        starts.push(mind.nudge(favourite, rng));
        let mut best: Option<(f64, Draft)> = None;
        for start in starts {
            let d = reference_climb(mind, start, target);
            if !reference_allowed(mind, &d) || mind.mine.value(&d) < target - 1e-9 {
                continue;
            }
            let score = reference_nash(mind, &d);
            if best.is_none_or(|(s, b)| score > s || (score == s && d < b)) {
                best = Some((score, d));
            }
        }
        best.map_or(favourite, |(_, d)| d)
    }

    /// The opponent model as first written: scores in floating point, in
    /// vectors, rounded by the library.
    fn reference_learn(view: &SeatView) -> Vec<(Seat, UtilityTable)> {
        let me = view.seat();
        let others: Vec<Seat> = view
            .seats()
            .filter(|s| *s != me && view.faction(*s).role() != Role::Aggressor)
            .collect();
        let mut scores = vec![[[0.0f64; MAX_OPTIONS]; MAX_CLAUSES]; others.len()];
        let mut attention = vec![[1.0f64; MAX_CLAUSES]; others.len()];
        let slot = |s: Seat| others.iter().position(|o| *o == s);
        let credit = |scores: &mut [[f64; MAX_OPTIONS]; MAX_CLAUSES], d: &Draft, w: f64| {
            for f in view.clause_ids() {
                let clause = view.clause(f);
                let n = clause.options.len().min(MAX_OPTIONS);
                let (pick, row) = (d.pick(f), &mut scores[f.index()]);
                for (o, score) in row.iter_mut().enumerate().take(n) {
                    if clause.is_subset() {
                        *score += if pick.contains(o) { w } else { -w };
                    } else if pick.contains(o) {
                        *score += w;
                    }
                }
            }
        };
        let moved = |scores: &mut [[f64; MAX_OPTIONS]; MAX_CLAUSES],
                     attention: &mut [f64; MAX_CLAUSES],
                     f: ClauseId,
                     from: Pick,
                     to: Pick| {
            attention[f.index()] += 1.0;
            for o in to.minus(from).options() {
                scores[f.index()][o] += 2.0;
            }
            for o in from.minus(to).options() {
                scores[f.index()][o] -= 2.0;
            }
        };
        let mut draft: Option<Draft> = None;
        let mut opened = vec![false; others.len()];
        for e in view.log() {
            match e.kind {
                EventKind::DraftTabled {
                    by,
                    draft: d,
                    previous,
                } => {
                    draft = Some(d);
                    if let Some(i) = slot(by) {
                        let w = if opened[i] { 1.0 } else { 3.0 };
                        opened[i] = true;
                        credit(&mut scores[i], &d, w);
                        if let Some(p) = previous {
                            for f in d.changed_clauses(&p) {
                                moved(&mut scores[i], &mut attention[i], f, p.pick(f), d.pick(f));
                            }
                        }
                    }
                }
                EventKind::Amended {
                    by,
                    clause,
                    from,
                    to,
                } => {
                    draft = draft.map(|d| d.with(clause, to));
                    if let Some(i) = slot(by) {
                        moved(&mut scores[i], &mut attention[i], clause, from, to);
                    }
                }
                EventKind::Accepted { by } | EventKind::Signed { by } => {
                    if let (Some(i), Some(d)) = (slot(by), draft) {
                        credit(&mut scores[i], &d, 0.5);
                    }
                }
                EventKind::Rejected {
                    by,
                    clause: Some(f),
                } => {
                    if let (Some(i), Some(d)) = (slot(by), draft) {
                        attention[i][f.index()] += 1.0;
                        for o in d.pick(f).options() {
                            scores[i][f.index()][o] -= 2.0;
                        }
                    }
                }
                _ => {}
            }
        }
        others
            .iter()
            .enumerate()
            .map(|(i, seat)| {
                let prior = view.public_utility_table(*seat);
                let mut table = [[0; MAX_OPTIONS]; MAX_CLAUSES];
                for f in view.clause_ids() {
                    let n = view.clause(f).options.len().min(MAX_OPTIONS);
                    let row = &scores[i][f.index()][..n];
                    let spread = row.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1.0);
                    let weight = attention[i][f.index()].min(5.0);
                    for o in 0..n {
                        let learned = (10.0 * weight * row[o] / spread).round() as i32;
                        table[f.index()][o] = learned + prior[f.index()][o];
                    }
                }
                (*seat, table)
            })
            .collect()
    }

    /// The favourite as first written: each option's rule searched for in
    /// the list of known red lines.
    fn reference_favourite(mind: &Mind) -> Draft {
        let view = mind.view;
        let public = view
            .seats()
            .filter(|s| *s != mind.me && view.faction(*s).role() != Role::Aggressor)
            .flat_map(|s| view.signalled_red_lines(s));
        let forbidden: Vec<(ClauseId, usize, bool)> = view
            .secrets()
            .red_lines
            .iter()
            .chain(public)
            .map(|r| (r.clause, r.option, r.kind == RedLineKind::Forbid))
            .collect();
        let mut d = Draft::default();
        for f in mind.mine.clauses() {
            let n = mind.mine.options[f.index()];
            let row = &mind.mine.table[f.index()];
            let rule = |o: usize| forbidden.iter().find(|(g, p, _)| *g == f && *p == o);
            let pick = if mind.mine.is_subset(f) {
                let mut p = Pick::EMPTY;
                for (o, v) in row.iter().enumerate().take(n) {
                    let include = match rule(o) {
                        Some((_, _, forbid)) => !forbid,
                        None => *v > 0,
                    };
                    if include {
                        p = p.toggled(o);
                    }
                }
                p
            } else {
                let required = (0..n).find(|o| matches!(rule(*o), Some((_, _, false))));
                let best = (0..n)
                    .filter(|o| !matches!(rule(*o), Some((_, _, true))))
                    .max_by_key(|o| (row[*o], std::cmp::Reverse(*o)));
                Pick::one(required.or(best).unwrap_or(0))
            };
            d = d.with(f, pick);
        }
        view.config().apply(d)
    }

    #[test]
    fn the_opponent_model_and_the_favourite_are_those_first_written() {
        let mut learned = 0;
        for game in positions() {
            let Some(seat) = game.to_move() else { continue };
            let view = game.view(seat);
            let mut models = Vec::new();
            OpponentModel::learn(&view, |s, table| models.push((s, table)));
            assert_eq!(models, reference_learn(&view));
            learned += models.len();
            let mind = Mind::new(&view);
            assert_eq!(mind.favourite, reference_favourite(&mind));
        }
        assert!(learned > 200, "only {learned} models");
    }

    #[test]
    fn rounding_a_learned_score_is_the_librarys() {
        let mut rng = rng_for(5, Seat(0), 0);
        let halves = (-100..=100).map(|h| f64::from(h) / 2.0);
        let near = (-100..=100).flat_map(|h| {
            let x = f64::from(h) / 2.0;
            [x.next_down(), x.next_up()]
        });
        let random = (0..10_000).map(|_| rng.random_range(-50.0..50.0));
        for x in halves.chain(near).chain(random) {
            assert_eq!(round(x), x.round() as i32, "{x}");
        }
    }

    #[test]
    fn a_neighbours_tally_equals_a_fresh_count() {
        let games = positions();
        assert!(games.len() > 50, "only {} positions", games.len());
        let mut checked = 0;
        for (i, game) in games.iter().enumerate() {
            let Some(seat) = game.to_move() else { continue };
            let view = game.view(seat);
            let mind = Mind::new(&view);
            let mut rng = rng_for(99, seat, i as u32);
            for _ in 0..8 {
                let d = random_draft(&mind, &mut rng);
                let tally = mind.tally(&d);
                assert_eq!(tally.units[0], mind.mine.units(&d));
                for ((_, u, _), units) in mind.others.iter().zip(&tally.units[1..]) {
                    assert_eq!(*units, u.units(&d));
                }
                assert_eq!(tally.crossings == 0, reference_allowed(&mind, &d));
                let mut seen = Vec::new();
                mind.neighbours(&d, &tally, |f, pick, t| {
                    let n = d.with(f, pick);
                    assert_eq!(*t, mind.tally(&n), "{f:?} to {pick:?} from {d:?}");
                    assert_eq!(
                        mind.nash_of(&t.units).to_bits(),
                        reference_nash(&mind, &n).to_bits()
                    );
                    assert_eq!(t.crossings == 0, reference_allowed(&mind, &n));
                    seen.push(n);
                    checked += 1;
                });
                assert_eq!(seen, reference_neighbours(&mind, &d));
            }
        }
        assert!(checked > 10_000, "only {checked} neighbours");
    }

    #[test]
    fn the_incremental_climb_ends_where_the_full_recount_does() {
        for (i, game) in positions().iter().enumerate() {
            let Some(seat) = game.to_move() else { continue };
            let view = game.view(seat);
            let mind = Mind::new(&view);
            let mut rng = rng_for(7, seat, i as u32);
            let (low, high) = (mind.reservation, mind.favourite_value());
            for target in [low, mind.target(), high, rng.random_range(0.0..1.0)] {
                let starts = [mind.favourite, random_draft(&mind, &mut rng)];
                for start in starts {
                    assert_eq!(
                        mind.climb(start, target, &[]).top,
                        reference_climb(&mind, start, target),
                        "from {start:?} to {target}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_bid_that_follows_an_earlier_climb_ends_where_its_own_climb_would() {
        let mut shared = 0;
        for (i, game) in positions().iter().enumerate() {
            let Some(seat) = game.to_move() else { continue };
            let view = game.view(seat);
            let mind = Mind::new(&view);
            for target in [mind.reservation, mind.target()] {
                let rng = rng_for(11, seat, i as u32);
                let (mut a, mut b) = (rng.clone(), rng);
                assert_eq!(
                    mind.bid(target, &mut a),
                    reference_bid(&mind, target, &mut b)
                );
                // A climb from the nudged start, told where the climb from
                // the favourite went, goes step for step where it would alone.
                let starts = [mind.favourite, mind.nudge(mind.favourite, &mut a)];
                let first = mind.climb(starts[0], target, &[]);
                let second = mind.climb(starts[1], target, std::slice::from_ref(&first));
                let alone = mind.climb(starts[1], target, &[]);
                assert_eq!((second.top, &second.path), (alone.top, &alone.path));
                shared += usize::from(first.path.iter().any(|d| alone.path.contains(d)));
            }
        }
        assert!(shared > 20, "only {shared} climbs met an earlier one");
    }
}
