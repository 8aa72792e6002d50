//! The after-action report: what happened in a game, for the debrief.
//!
//! A [`Report`] is built from a finished (or unfinished) game and rendered as
//! Markdown or as a self-contained HTML page. Everything in it comes from the
//! game's record; the debrief questions are chosen from what actually happened.

pub mod cards;
mod html;
mod markdown;

pub use html::html;
pub use markdown::markdown;

use crate::ai::Player;
use crate::core::*;
use crate::save::Branch;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    pub date: String,
    pub summary: String,
    pub seed: u64,
    pub branch: Option<String>,
    pub seats: Vec<SeatLine>,
    pub outcome: String,
    pub treaty: TreatySection,
    pub crises: Vec<CrisisSection>,
    pub tracks: Vec<Series>,
    pub horizon: i32,
    pub scores: Vec<ScoreSection>,
    /// The game is not over and its secrets were not revealed: the scores
    /// count public objectives only.
    pub secrets_hidden: bool,
    pub interventions: Vec<Moment>,
    pub questions: Vec<String>,
    pub background: Vec<(String, String)>,
    pub timeline: Vec<Moment>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SeatLine {
    pub name: String,
    pub role: &'static str,
    pub player: String,
    pub bound: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TreatySection {
    /// "Agreed in week 4" or "No agreement: the fallback applied".
    pub how: String,
    pub bound: Vec<String>,
    pub outside: Vec<String>,
    pub clauses: Vec<ClauseLine>,
    pub red_lines: Vec<String>,
    pub offer: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClauseLine {
    pub clause: String,
    pub text: String,
    /// Seats whose last push on this clause (or menu item) is what the treaty says.
    pub pushed: Vec<String>,
    /// "United States (wanted Europe leads)": seats whose last push was
    /// overturned: what they pushed for, and (where secrets may be shown) what
    /// they value most when that is something else.
    pub conceded: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CrisisSection {
    pub title: String,
    pub clock: String,
    pub met: bool,
    /// The game was saved while this crisis was still running.
    pub running: bool,
    pub verdict: String,
    /// Why the clock was met or missed, cause by cause.
    pub why: Vec<Cause>,
    pub moves: Vec<Moment>,
    pub changes: String,
}

/// One thing that shaped a crisis's answer, and what it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Cause {
    pub kind: CauseKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CauseKind {
    /// A deniable attack waited for attribution.
    Attribution,
    /// When consultations opened (or that they never did).
    Consultations,
    /// A national vote and the hours it took.
    Vote,
    /// Objections held a package up.
    Objections,
    /// A guarantor's position snagged in domestic politics.
    Snag,
    /// A contributor's part was ready late.
    LateContribution,
    /// When the package was agreed, against the clock (what the clock judges).
    Agreement,
    /// When the response was ready, against the clock.
    Delivery,
    /// The treaty only obliged consultation.
    ConsultOnly,
    /// Bound guarantors took no part.
    Breach,
}

fn cause(kind: CauseKind, text: impl Into<String>) -> Cause {
    Cause {
        kind,
        text: text.into(),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub when: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(i32, i32)>,
    pub max: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScoreSection {
    pub name: String,
    pub points: i32,
    pub needed: i32,
    pub victory: bool,
    pub objectives: Vec<ObjectiveResult>,
}

fn names(s: &Scenario, set: SeatSet) -> Vec<String> {
    set.iter()
        .map(|seat| s.faction(seat).name.clone())
        .collect()
}

fn player_text(p: Option<&Player>) -> String {
    match p {
        Some(Player::Human) => "human players".into(),
        Some(Player::Ai(level)) => format!("AI ({})", level.name()),
        Some(Player::Bot(bot)) => format!("the {} bot", bot.name()),
        None => "unknown".into(),
    }
}

/// Build the report of `game`, played by `players`. Of a game that is not
/// over, only what every seat knows goes in (public objectives, public
/// events) unless `reveal` (the facilitator asked, with the PIN); the report
/// of a finished game is the debrief, with every secret objective.
pub fn build(game: &Game, players: &[Player], branch: Option<&Branch>, reveal: bool) -> Report {
    let secrets_hidden = !reveal && !game.is_over();
    let s = game.scenario();
    let state = game.state();
    let bound = state
        .treaty()
        .as_ref()
        .map(|t| t.signatories)
        .unwrap_or_default();
    let seats = s
        .seats()
        .map(|seat| {
            let f = s.faction(seat);
            SeatLine {
                name: f.name.clone(),
                role: match f.role {
                    Role::Guarantor => "guarantor",
                    Role::Protected => "protected party",
                    Role::Aggressor => "aggressor",
                },
                player: player_text(players.get(seat.index())),
                bound: bound.contains(seat),
            }
        })
        .collect();
    let outcome = match state.ending() {
        Some(Ending::War) => format!(
            "The game ended at the top of the escalation ladder ({}): a loss for everyone.",
            s.rung_name(s.top_rung())
        ),
        Some(Ending::Collapse) => format!(
            "The game ended when {} collapsed, in month {}.",
            s.tracks().security,
            state.month
        ),
        Some(Ending::Horizon) => format!(
            "The game ran its course to month {}: {} attacks, {} of {} clocks met, escalation peaking at rung {} ({}).",
            state.month,
            state.crises.len(),
            state.crises.iter().filter(|c| c.met).count(),
            state.crises.len(),
            state.peak_escalation,
            s.rung_name(state.peak_escalation)
        ),
        None => format!(
            "The game is not over: it was saved in {}.",
            phase_text(state)
        ),
    };
    let tracks = Track::ALL
        .iter()
        .map(|t| Series {
            name: s.tracks().name(*t).to_string(),
            points: state
                .history
                .iter()
                .map(|h| (h.month, h.tracks.get(*t)))
                .collect(),
            max: if *t == Track::Escalation {
                s.top_rung()
            } else {
                100
            },
        })
        .collect();
    let scores = game
        .scores()
        .into_iter()
        .map(|sc| {
            if secrets_hidden {
                let objectives: Vec<ObjectiveResult> =
                    sc.objectives.into_iter().filter(|o| o.public).collect();
                ScoreSection {
                    name: s.faction(sc.seat).name.clone(),
                    points: objectives.iter().filter(|o| o.met).map(|o| o.points).sum(),
                    needed: sc.needed,
                    victory: false,
                    objectives,
                }
            } else {
                ScoreSection {
                    name: s.faction(sc.seat).name.clone(),
                    points: sc.points,
                    needed: sc.needed,
                    victory: sc.victory,
                    objectives: sc.objectives,
                }
            }
        })
        .collect();
    let moment = |e: &Event| Moment {
        when: e.when_text(s),
        text: e.describe(s),
    };
    let interventions = state
        .log
        .iter()
        .filter(|e| is_facilitator(&e.kind))
        .map(moment)
        .collect();
    let timeline = folded_timeline(s, &state.log);
    let crises = crises(game);
    let treaty = treaty(game, !secrets_hidden);
    let questions = questions(game, &crises);
    Report {
        title: s.title().to_string(),
        date: s.date().to_string(),
        summary: s.summary().to_string(),
        seed: state.seed,
        branch: branch.map(|b| {
            let game = if b.from_game.is_empty() {
                String::new()
            } else {
                format!("game {} (", b.from_game)
            };
            let close = if game.is_empty() { "" } else { ")" };
            format!(
                "A what-if branch of {game}{}{close} after step {}: {}.",
                b.from, b.at_step, b.change
            )
        }),
        seats,
        outcome,
        treaty,
        crises,
        tracks,
        horizon: s.rules().horizon_months,
        scores,
        secrets_hidden,
        interventions,
        questions,
        background: s
            .background()
            .iter()
            .map(|f| (f.heading(), f.text.clone()))
            .collect(),
        timeline,
    }
}

/// What the scores section says when the game's secrets are hidden.
pub const SECRETS_HIDDEN: &str = "The game is not over: each seat's secret objectives stay hidden, \
     and the points count public objectives only. `umbrella report --reveal` shows them \
     (with the facilitator's PIN, if the game has a facilitator).";

fn phase_text(state: &GameState) -> String {
    match state.phase() {
        Phase::Negotiation => format!("week {} of the negotiation", state.talks.round),
        Phase::Crisis => format!("a crisis in month {}", state.month),
        _ => format!("month {}", state.month),
    }
}

fn is_facilitator(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::TreatyChanged { .. }
            | EventKind::Injected { .. }
            | EventKind::TrackAdjusted { .. }
            | EventKind::SupportAdjusted { .. }
            | EventKind::DeadlineMoved { .. }
            | EventKind::ClockMoved { .. }
            | EventKind::PhaseAdvanced
            | EventKind::SeatHanded { .. }
            | EventKind::Paused
            | EventKind::Resumed
    )
}

/// The treaty as it stands, clause by clause, with who pushed for what.
fn treaty(game: &Game, secrets: bool) -> TreatySection {
    let s = game.scenario();
    let state = game.state();
    // What a seat values most in a clause (its own utility), where its
    // secrets may be shown: what it wanted, not what it last pushed.
    let favourite = |seat: Seat, f: ClauseId| -> Option<String> {
        if !secrets {
            return None;
        }
        let view = game.view(seat);
        let values = view.secrets().values[f.index()];
        let clause = s.clause(f);
        (0..clause.options.len())
            .max_by_key(|o| values[*o])
            .map(|o| clause.options[o].label.clone())
    };
    // Each seat's last push on each (clause, option), from the negotiation's events:
    // for single clauses the option it set; for the menu, add (true) or remove (false).
    let mut single: BTreeMap<(ClauseId, Seat), usize> = BTreeMap::new();
    let mut menu: BTreeMap<(usize, Seat), bool> = BTreeMap::new();
    let mut red_lines = Vec::new();
    let mut facilitated = std::collections::BTreeSet::new();
    for e in &state.log {
        match &e.kind {
            EventKind::DraftTabled {
                by,
                draft,
                previous,
            } => {
                for f in s.clause_ids() {
                    if previous.is_some_and(|p| p.pick(f) == draft.pick(f)) {
                        continue;
                    }
                    if s.clause(f).is_subset() {
                        for o in 0..s.clause(f).options.len() {
                            menu.insert((o, *by), draft.has(f, o));
                        }
                    } else {
                        single.insert((f, *by), draft.option(f));
                    }
                }
            }
            EventKind::Amended {
                by,
                clause,
                from,
                to,
            } => {
                if s.clause(*clause).is_subset() {
                    for o in from.union(*to).minus(from.intersect(*to)).options() {
                        menu.insert((o, *by), to.has(o));
                    }
                } else {
                    single.insert((*clause, *by), to.single());
                }
            }
            EventKind::RedLineSignalled { .. } => red_lines.push(e.describe(s)),
            EventKind::TreatyChanged { clause, .. } => {
                facilitated.insert(*clause);
            }
            _ => {}
        }
    }
    let by_facilitator = |f: ClauseId, text: String| {
        if facilitated.contains(&f) {
            format!("{text} (set by the facilitator)")
        } else {
            text
        }
    };
    let Some(t) = &state.treaty() else {
        return TreatySection {
            how: "No treaty is in force yet.".into(),
            bound: Vec::new(),
            outside: Vec::new(),
            clauses: Vec::new(),
            red_lines,
            offer: String::new(),
        };
    };
    let mut clauses = Vec::new();
    for f in s.clause_ids() {
        let clause = s.clause(f);
        if clause.is_subset() {
            for (o, option) in clause.options.iter().enumerate() {
                let included = t.draft.has(f, o);
                let pushes: Vec<(Seat, bool)> = menu
                    .iter()
                    .filter(|((oo, _), _)| *oo == o)
                    .map(|((_, seat), v)| (*seat, *v))
                    .collect();
                if pushes.is_empty() && !included {
                    continue;
                }
                let name = |seat: &Seat| s.faction(*seat).name.clone();
                clauses.push(ClauseLine {
                    clause: format!("{}: {}", clause.name, option.label),
                    text: by_facilitator(f, if included { "included" } else { "left out" }.into()),
                    pushed: pushes
                        .iter()
                        .filter(|(_, v)| *v == included)
                        .map(|(seat, _)| name(seat))
                        .collect(),
                    conceded: pushes
                        .iter()
                        .filter(|(_, v)| *v != included)
                        .map(|(seat, v)| {
                            let way = if *v { "in" } else { "out" };
                            let value =
                                secrets.then(|| game.view(*seat).secrets().values[f.index()][o]);
                            match value {
                                // It pushed against its own values: say so.
                                Some(value) if (value > 0) != *v && value != 0 => {
                                    format!("{} (pushed it {way}; values it {value:+})", name(seat))
                                }
                                Some(_) => format!("{} (wanted it {way})", name(seat)),
                                None => format!("{} (pushed it {way})", name(seat)),
                            }
                        })
                        .collect(),
                });
            }
        } else {
            let chosen = t.draft.option(f);
            let pushes: Vec<(Seat, usize)> = single
                .iter()
                .filter(|((ff, _), _)| *ff == f)
                .map(|((_, seat), o)| (*seat, *o))
                .collect();
            clauses.push(ClauseLine {
                clause: clause.name.clone(),
                text: by_facilitator(f, clause.options[chosen].label.clone()),
                pushed: pushes
                    .iter()
                    .filter(|(_, o)| *o == chosen)
                    .map(|(seat, _)| s.faction(*seat).name.clone())
                    .collect(),
                conceded: pushes
                    .iter()
                    .filter(|(_, o)| *o != chosen)
                    .map(|(seat, o)| {
                        let pushed = &clause.options[*o].label;
                        match favourite(*seat, f) {
                            Some(best) if best != *pushed => format!(
                                "{} (pushed for {pushed}; valued {best} most)",
                                s.faction(*seat).name
                            ),
                            Some(_) => format!("{} (wanted {pushed})", s.faction(*seat).name),
                            None => format!("{} (pushed for {pushed})", s.faction(*seat).name),
                        }
                    })
                    .collect(),
            });
        }
    }
    let outside: Vec<String> = names(s, s.negotiators().minus(t.signatories));
    let how = if t.negotiated {
        format!(
            "Agreed in {} {} of {}.",
            s.rules().round_name,
            t.round,
            state.talks.deadline
        )
    } else {
        format!(
            "No agreement by the deadline: {} applied.",
            s.fallback().name
        )
    };
    let offer = match t.offer {
        OfferStatus::NotOffered => "The treaty was not offered to the aggressor.".to_string(),
        OfferStatus::Pending => "The aggressor had not answered the offer yet.".to_string(),
        OfferStatus::Accepted => {
            "The aggressor accepted the offer: a pledge of non-aggression, kept to the end."
                .to_string()
        }
        OfferStatus::Rejected => {
            "The aggressor rejected the offer: its bluff was called.".to_string()
        }
        OfferStatus::Broken => {
            "The aggressor accepted the offer, then broke its pledge.".to_string()
        }
    };
    TreatySection {
        how,
        bound: names(s, t.signatories),
        outside,
        clauses,
        red_lines,
        offer,
    }
}

/// Each crisis: the attack, every move by the hour, and why the clock was met or missed.
fn crises(game: &Game) -> Vec<CrisisSection> {
    let s = game.scenario();
    let state = game.state();
    let mut out = Vec::new();
    let mut current: Option<Vec<&Event>> = None;
    let mut index = 0;
    for e in &state.log {
        if matches!(e.kind, EventKind::AttackLaunched { .. }) {
            current = Some(Vec::new());
        }
        if let Some(events) = current.as_mut() {
            events.push(e);
        }
        if matches!(e.kind, EventKind::CrisisClosed { .. })
            && let Some(events) = current.take()
            && let Some(record) = state.crises.get(index)
        {
            out.push(crisis_section(s, index, record, &events));
            index += 1;
        }
    }
    if let (Some(events), Some(c)) = (current, &state.crisis()) {
        out.push(running_section(s, index, state.month, c, &events));
    }
    out
}

/// The crisis the game was saved in: what has happened so far.
fn running_section(
    s: &Scenario,
    index: usize,
    month: i32,
    c: &Crisis,
    events: &[&Event],
) -> CrisisSection {
    let attack = s.attack(c.attack);
    let place = attack
        .places
        .get(c.place as usize)
        .map_or("?", |p| p.name.as_str());
    let mut why = vec![cause(
        CauseKind::Delivery,
        format!(
            "The game was saved at hour {} of the {} h clock.",
            c.now, c.clock
        ),
    )];
    why.push(match c.consult_open_at {
        Some(h) => cause(
            CauseKind::Consultations,
            format!("Consultations opened at hour {h}."),
        ),
        None => cause(
            CauseKind::Consultations,
            "Consultations had not been convened yet.",
        ),
    });
    if let Some(p) = &c.package {
        why.push(cause(
            CauseKind::Delivery,
            format!(
                "A package was on the table, backed by {}.",
                names(s, p.supporters).join(", ")
            ),
        ));
    }
    CrisisSection {
        title: format!(
            "Crisis {}: {} at {place} (month {month}), still running",
            index + 1,
            attack.name
        ),
        clock: format!("{} h clock, {}", c.clock, c.obligation.label()),
        met: false,
        running: true,
        verdict: "no verdict yet".into(),
        why,
        moves: moments(s, events),
        changes: "none yet".into(),
    }
}

/// The whole game, one line per event, except waits: the seats that waited
/// in a row of events at the same time go on one line ("Italy, Ukraine and
/// the United States wait (6 h, 6 h, 12 h)").
fn folded_timeline(s: &Scenario, log: &[Event]) -> Vec<Moment> {
    let mut out: Vec<Moment> = Vec::new();
    let mut waits: Vec<(Seat, u32)> = Vec::new();
    let mut when = String::new();
    let flush = |out: &mut Vec<Moment>, waits: &mut Vec<(Seat, u32)>, when: &str| {
        if waits.is_empty() {
            return;
        }
        let who: Vec<&str> = waits
            .iter()
            .map(|(seat, _)| s.faction(*seat).name.as_str())
            .collect();
        let hours: Vec<String> = waits.iter().map(|(_, h)| format!("{h} h")).collect();
        let verb = if waits.len() == 1 {
            s.faction(waits[0].0).says("waits")
        } else {
            format!("{} wait", crate::ai::list(&who))
        };
        out.push(Moment {
            when: when.to_string(),
            text: format!("{verb} ({}).", hours.join(", ")),
        });
        waits.clear();
    };
    for e in log {
        let at = e.when_text(s);
        if let EventKind::Waited { by, hours } = e.kind {
            if at != when {
                flush(&mut out, &mut waits, &when);
                when = at;
            }
            waits.push((by, hours));
            continue;
        }
        flush(&mut out, &mut waits, &when);
        out.push(Moment {
            when: at,
            text: e.describe(s),
        });
    }
    flush(&mut out, &mut waits, &when);
    out
}

fn moments(s: &Scenario, events: &[&Event]) -> Vec<Moment> {
    events
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::Waited { .. }))
        .map(|e| Moment {
            when: hour_of(e).map_or_else(|| e.when_text(s), |h| format!("hour {h}")),
            text: e.describe(s),
        })
        .collect()
}

fn hour_of(e: &Event) -> Option<u32> {
    match e.when {
        When::Hour(_, h) => Some(h),
        _ => None,
    }
}

fn crisis_section(
    s: &Scenario,
    index: usize,
    r: &CrisisRecord,
    events: &[&Event],
) -> CrisisSection {
    let attack = s.attack(r.attack);
    let place = attack
        .places
        .get(r.place as usize)
        .map_or("?", |p| p.name.as_str());
    let mut why = Vec::new();
    let mut attributed = None;
    let mut votes: Vec<(Seat, u32, u32)> = Vec::new();
    let mut objections = Vec::new();
    let mut snags: Vec<(Seat, u32)> = Vec::new();
    for e in events {
        match &e.kind {
            EventKind::AttributionExpected { at } => attributed = Some(*at),
            EventKind::ApprovalSought { by, due } => {
                votes.push((*by, hour_of(e).unwrap_or(0), *due))
            }
            EventKind::Objected { by } => objections.push(s.faction(*by).name.clone()),
            EventKind::PositionSnagged { by, settled_at } => snags.push((*by, *settled_at)),
            _ => {}
        }
    }
    if let Some(at) = attributed {
        why.push(cause(CauseKind::Attribution, format!("The attack could be denied: it was attributed only at hour {at}, and consultations could not conclude before.")));
    }
    match r.consult_open_at {
        Some(h) => why.push(cause(
            CauseKind::Consultations,
            format!("Consultations opened at hour {h}."),
        )),
        None => why.push(cause(
            CauseKind::Consultations,
            "Consultations were never convened.",
        )),
    }
    for (seat, asked, due) in &votes {
        let body = s
            .faction(*seat)
            .approval
            .as_ref()
            .map_or("national approval", |a| a.body.as_str());
        why.push(cause(
            CauseKind::Vote,
            format!(
                "{} {body} took {} h (asked at hour {asked}, decided at hour {due}){}.",
                possessive(&s.faction(*seat).name),
                due.saturating_sub(*asked),
                if *due > r.clock {
                    ", after the clock"
                } else {
                    ""
                }
            ),
        ));
    }
    for (seat, at) in &snags {
        why.push(cause(
            CauseKind::Snag,
            format!(
                "Domestic politics held up {}: {} backing counted only from hour {at}{}.",
                s.faction(*seat).name,
                s.faction(*seat).its(),
                if *at > r.clock {
                    ", after the clock"
                } else {
                    ""
                }
            ),
        ));
    }
    if !objections.is_empty() {
        why.push(cause(
            CauseKind::Objections,
            format!(
                "Objections from {} held the package up.",
                objections.join(", ")
            ),
        ));
    }
    for seat in r.contributors.iter() {
        let ready = r.ready_at[seat.index()];
        if ready > r.clock {
            let outside = if r.bound.contains(seat) {
                ""
            } else {
                " (not bound by the treaty, so the clock did not wait for it)"
            };
            why.push(cause(
                CauseKind::LateContribution,
                format!(
                    "{} part of the response was ready only at hour {ready}{outside}.",
                    possessive(&s.faction(seat).name)
                ),
            ));
        }
    }
    let by_agreement = s.rules().clock_judges == ClockJudges::Agreement;
    match r.agreed_at {
        _ if !by_agreement => {}
        Some(h) if h <= r.clock => why.push(cause(
            CauseKind::Agreement,
            format!(
                "The package was agreed at hour {h}, within the {} h clock.",
                r.clock
            ),
        )),
        Some(h) => why.push(cause(
            CauseKind::Agreement,
            format!(
                "The package was agreed only at hour {h}, after the {} h clock.",
                r.clock
            ),
        )),
        None => why.push(cause(CauseKind::Agreement, "No package was agreed.")),
    }
    match r.delivered_at {
        // The first version's rule judged the clock on delivery.
        Some(h) if !by_agreement => why.push(cause(
            CauseKind::Delivery,
            if h <= r.clock {
                format!(
                    "The response was ready at hour {h}, within the {} h clock.",
                    r.clock
                )
            } else {
                format!(
                    "The response was ready only at hour {h}, after the {} h clock.",
                    r.clock
                )
            },
        )),
        Some(h) if h <= r.clock => why.push(cause(
            CauseKind::Delivery,
            format!("The response was ready at hour {h}, within the clock."),
        )),
        Some(h) => why.push(cause(
            CauseKind::Delivery,
            format!("The response was ready at hour {h}, after the clock: late help spares less."),
        )),
        None => why.push(cause(CauseKind::Delivery, "No response was delivered.")),
    }
    if r.obligation == Obligation::ConsultOnly {
        why.push(cause(
            CauseKind::ConsultOnly,
            "The treaty obliged its signatories only to consult.",
        ));
    }
    if !r.breaches.is_empty() {
        why.push(cause(
            CauseKind::Breach,
            format!("Bound but absent: {}.", names(s, r.breaches).join(", ")),
        ));
    }
    let verdict = r.verdict.judgement();
    let c = r.changes;
    let changes = format!(
        "{} {:+}, {} {:+}, {} {:+}, {} {:+}, {} {:+}",
        s.tracks().credibility,
        c.credibility,
        s.tracks().security,
        c.security,
        s.tracks().costs,
        c.costs,
        s.tracks().escalation,
        c.escalation,
        s.tracks().cohesion,
        c.cohesion
    );
    let moves = moments(s, events);
    CrisisSection {
        title: format!(
            "Crisis {}: {} at {place} (month {})",
            index + 1,
            attack.name,
            r.month
        ),
        clock: format!("{} h clock, {}", r.clock, r.obligation.label()),
        met: r.met,
        running: false,
        verdict: format!(
            "strength {} against severity {}: {verdict}",
            r.strength, r.severity
        ),
        why,
        moves,
        changes,
    }
}

/// "Italy's", "United States'".
fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// Five to eight questions for the debrief, chosen from what happened in this game.
/// Questions about the game's real story: who won against the clocks met,
/// Ukraine's security against the guarantee's credibility, the burden and
/// its cost, the votes, the pledges, the escalation.
fn story_questions(game: &Game, terms: &TreatyTerms) -> Vec<String> {
    let s = game.scenario();
    let state = game.state();
    let mut q = Vec::new();
    let scores = game.scores();
    let aggressor = s.aggressor();
    let aggressor_name = &s.faction(aggressor).name;
    let crises = state.crises.len();
    let met = state.crises.iter().filter(|c| c.met).count();
    let won = |seat: Seat| scores.iter().any(|x| x.seat == seat && x.victory);
    if game.is_over() && crises > 0 {
        if met == crises && won(aggressor) {
            q.push(format!(
                "Every clock was met ({met} of {crises}), and yet {aggressor_name} reached its objectives. What did meeting the clock fail to protect?"
            ));
        } else if met < crises && !won(aggressor) {
            q.push(format!(
                "Clocks were missed ({} of {crises}), and still {aggressor_name} fell short of its objectives. What held it back, if not the guarantee?",
                crises - met
            ));
        }
    }
    // The protected party's security against the guarantee's credibility.
    let (start, end) = (s.start(), state.tracks);
    let names = s.tracks();
    let protected = &s.faction(s.protected()).name;
    let (dc, ds) = (
        end.credibility - start.credibility,
        end.security - start.security,
    );
    if dc > 0 && ds < 0 {
        q.push(format!(
            "{} rose by {dc} while {} fell by {}. Whose guarantee was it: {protected}'s, or the guarantors'?",
            names.credibility, names.security, -ds
        ));
    } else if dc < 0 && ds > 0 {
        q.push(format!(
            "{protected}'s security rose by {ds} while the guarantee's credibility fell by {}. Can a guarantee nobody believes keep a country safe?",
            -dc
        ));
    }
    // The burden and what it cost.
    if crises > 0
        && let Some(burden) = s.clause_of(ClauseKind::BurdenSharing)
        && let Some((spender, most)) = s
            .guarantors()
            .iter()
            .map(|g| (g, state.seats[g.index()].spent))
            .max_by_key(|(_, spent)| *spent)
        && most > 0
    {
        let option = s
            .clause(burden)
            .options
            .get(state.treaty().map_or(0, |t| t.draft.option(burden)))
            .map_or(String::new(), |o| o.label.clone());
        q.push(format!(
            "The burden was \"{option}\", and {} spent the most ({most} bn). Was that fair, and did it change who showed up in the crises?",
            s.faction(spender).name
        ));
    }
    // Votes, and what pre-authorisation would have changed.
    let votes = state
        .log
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ApprovalSought { .. }))
        .count();
    let refused = state
        .log
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ApprovalDecided { granted: false, .. }))
        .count();
    if votes > 0 {
        let pre = if terms.preauthorised {
            "even with pre-authorised commitments"
        } else {
            "without pre-authorised commitments"
        };
        q.push(format!(
            "Parliaments were asked {votes} time(s) {pre}, and refused {refused}. Should a guarantee wait for a vote, or bind a government in advance?"
        ));
    }
    if state
        .log
        .iter()
        .any(|e| matches!(e.kind, EventKind::PledgeBroken))
    {
        q.push(
            "A pledge was broken. What did the others learn from it, and what did it cost the one who broke it?"
                .into(),
        );
    }
    if state.peak_escalation >= 3 && state.ending() != Some(Ending::War) {
        q.push(format!(
            "Escalation reached \"{}\" without a war. Which move brought it there, and which one stopped it?",
            s.rung_name(state.peak_escalation)
        ));
    }
    q
}

fn questions(game: &Game, crises: &[CrisisSection]) -> Vec<String> {
    let s = game.scenario();
    let state = game.state();
    let mut q = Vec::new();
    let Some(t) = &state.treaty() else {
        return vec![
            "The game was saved before a treaty entered into force. Which clause divided the table most, and why?".into(),
            "Which seat's red lines shaped the draft most? Could the others have known earlier?".into(),
            "What would each seat have accepted a week before the deadline?".into(),
            "How did the opening draft frame the talks?".into(),
            "What would you do differently at the table?".into(),
        ];
    };
    let terms = TreatyTerms::of(s, &t.draft);
    if !t.negotiated {
        q.push(format!(
            "No treaty was agreed in time, and {} applied. Which red line or demand blocked agreement, and would you hold it again?",
            s.fallback().name
        ));
    }
    if let Some((i, missed)) = crises
        .iter()
        .enumerate()
        .find(|(_, c)| !c.met && !c.running)
    {
        let reason = missed
            .why
            .iter()
            .find(|w| matches!(w.kind, CauseKind::Vote | CauseKind::Attribution))
            .map(|w| w.text.clone());
        q.push(match reason {
            Some(r) => format!("In crisis {} the clock was missed. {r} What in the treaty could have prevented this, and at what price?", i + 1),
            None => format!("In crisis {} the clock was missed. What in the treaty could have prevented it, and at what price?", i + 1),
        });
    }
    q.extend(story_questions(game, &terms));
    let missed = state.crises.iter().filter(|c| !c.met).count();
    if terms.clock_hours <= 24 && !state.crises.is_empty() {
        q.push(format!(
            "The treaty promised an answer within {} hours and missed {missed} of {} clocks. Was the short promise worth its deterrence?",
            terms.clock_hours,
            state.crises.len()
        ));
    } else if terms.clock_hours >= 72 && !state.crises.is_empty() {
        q.push("A 72-hour clock leaves room for every parliament. Did it also leave room for the aggressor?".into());
    }
    if state.crises.is_empty() {
        q.push("There was no attack at all. Was the aggressor deterred by the guarantee, held by a pledge, or just waiting? What evidence do you have?".into());
    }
    let outside: Vec<String> = names(s, s.guarantors().minus(t.signatories));
    if !outside.is_empty() {
        q.push(format!(
            "{} stayed outside the treaty. What did that cost the guarantee, and what would have brought them in?",
            outside.join(" and ")
        ));
    }
    match t.offer {
        OfferStatus::Broken => q.push("The aggressor accepted the offer and later broke its pledge. Did offering the treaty still pay off?".into()),
        OfferStatus::Accepted => q.push("The aggressor accepted the offer and kept its pledge. Was that the guarantee working, or a pause?".into()),
        OfferStatus::Rejected => q.push("The aggressor rejected the offer. Did calling its bluff change anything that followed?".into()),
        _ => {}
    }
    // The most provocative force the treaty pre-committed, if any.
    let forces = s.clause_of(ClauseKind::ResponseMenu).and_then(|menu| {
        s.clause(menu)
            .options
            .iter()
            .enumerate()
            .filter(|(o, _)| t.draft.has(menu, *o))
            .filter(|(_, option)| matches!(option.terms, Terms::Menu(r) if s.forces().contains(r)))
            .max_by_key(|(_, option)| option.provocation)
    });
    if let Some((_, option)) = forces {
        q.push(format!(
            "The treaty pre-committed \"{}\". Escalation peaked at rung {} ({}). Did it deter more than it provoked?",
            option.label,
            state.peak_escalation,
            s.rung_name(state.peak_escalation)
        ));
    }
    if state
        .crises
        .iter()
        .any(|c| c.verdict == Verdict::Overreaction)
    {
        q.push("At least one response was judged an overreaction. Where is the line between a credible answer and escalation?".into());
    }
    if state
        .log
        .iter()
        .any(|e| matches!(e.kind, EventKind::Injected { .. }))
    {
        q.push(
            "The facilitator injected events. Which one changed a seat's choices, and how?".into(),
        );
    }
    if state.ending() == Some(Ending::War) {
        q.push("The game ended in a war nobody wanted. Which decision made it likely, and who could have stopped it?".into());
    }
    let strongest = s
        .clause_of(ClauseKind::Framework)
        .and_then(|f| s.clause(f).options.iter().max_by_key(|o| o.deterrence))
        .map_or_else(String::new, |o| o.label.clone());
    let general = [
        "Which seat's secret objectives shaped its position most? Could you tell at the table?".to_string(),
        format!("Would \"{strongest}\" have made a stronger guarantee here, or a harder one to agree?"),
        "If you negotiated this treaty again, which single clause would you change, and who would object?".to_string(),
    ];
    for g in general {
        if q.len() >= 5 {
            break;
        }
        q.push(g);
    }
    q.truncate(8);
    q
}
