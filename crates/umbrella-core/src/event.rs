//! What happened: the game's public record, stamped with game time.

use crate::draft::Draft;
use crate::ids::{AttackId, ClauseId, Pick, ResponseSet, Seat, SeatSet};
use crate::raw::{Track, Tracks};
use crate::scenario::Scenario;
use crate::state::{Ending, Verdict};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Event {
    /// Negotiation round during phase 1; month after entry into force.
    pub when: When,
    pub kind: EventKind,
}

/// Game time of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum When {
    Round(i32),
    Month(i32),
    /// Hours after the attack of a crisis in this month.
    Hour(i32, u32),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventKind {
    NegotiationsOpen {
        rounds: i32,
    },
    DraftTabled {
        by: Seat,
        draft: Draft,
        previous: Option<Draft>,
    },
    Amended {
        by: Seat,
        clause: ClauseId,
        from: Pick,
        to: Pick,
    },
    Accepted {
        by: Seat,
    },
    Rejected {
        by: Seat,
        clause: Option<ClauseId>,
    },
    Signed {
        by: Seat,
    },
    Passed {
        by: Seat,
    },
    RedLineSignalled {
        by: Seat,
        red_line: u8,
    },
    /// The required signatures are in; the text is frozen for this round.
    TreatyConcluded,
    RoundEnded {
        round: i32,
    },
    /// The deadline passed without agreement; the fallback applies.
    DeadlinePassed,
    TreatyInForce {
        negotiated: bool,
        signatories: SeatSet,
    },
    Ratified {
        by: Seat,
        support: i32,
    },
    Provoked {
        rungs: i32,
    },
    OfferAnswered {
        accepted: bool,
    },
    MonthsPassed {
        to: i32,
    },
    AttackLaunched {
        attack: AttackId,
        place: u8,
        clock: u32,
    },
    /// A deniable attack will be attributed at this hour.
    AttributionExpected {
        at: u32,
    },
    PledgeBroken,
    ConsultationsCalled {
        by: Seat,
        open_at: u32,
    },
    PackageProposed {
        by: Option<Seat>,
        items: ResponseSet,
    },
    Supported {
        by: Seat,
        items: ResponseSet,
    },
    Objected {
        by: Seat,
    },
    /// A guarantor's position on the package snagged in domestic politics:
    /// its backing counts only from `settled_at`.
    PositionSnagged {
        by: Seat,
        settled_at: u32,
    },
    /// A guarantor adopted one of the scenario's policies between crises.
    PolicyAdopted {
        by: Seat,
        policy: u8,
    },
    ApprovalSought {
        by: Seat,
        due: u32,
    },
    ApprovalDecided {
        by: Seat,
        granted: bool,
    },
    Waited {
        by: Seat,
        hours: u32,
    },
    StoodDown {
        by: Seat,
    },
    PackageAgreed,
    Breach {
        by: Seat,
    },
    CrisisClosed {
        met: bool,
        delivered_at: Option<u32>,
        verdict: Verdict,
        strength: i32,
        severity: i32,
        changes: Tracks,
    },
    Escalated {
        to: i32,
    },
    /// The facilitator changed a clause of the treaty in force (a what-if).
    TreatyChanged {
        clause: ClauseId,
        pick: Pick,
    },
    /// The facilitator injected an event.
    Injected {
        title: String,
        text: String,
    },
    TrackAdjusted {
        track: Track,
        by: i32,
    },
    SupportAdjusted {
        seat: Seat,
        by: i32,
    },
    DeadlineMoved {
        to: i32,
    },
    ClockMoved {
        to: u32,
    },
    PhaseAdvanced,
    SeatHanded {
        seat: Seat,
        to_ai: bool,
    },
    Paused,
    Resumed,
    GameEnded {
        ending: Ending,
    },
    /// The aggressor pressed the attack: its severity and damage now.
    AttackPressed {
        severity: i32,
        damage: i32,
    },
    /// The aggressor stepped back: the attack's severity and damage now.
    SteppedBack {
        severity: i32,
        damage: i32,
    },
    /// The aggressor denied the attack: attribution is now expected at this hour.
    AttackDenied {
        at: u32,
    },
    /// A climb near the top spiralled on by itself to this rung.
    Spiralled {
        to: i32,
    },
    /// The aggressor warned publicly against an option of the draft.
    Threatened {
        by: Seat,
        clause: ClauseId,
        option: u8,
    },
    /// A guarantor's back-channel deal with the aggressor came to light.
    DealExposed {
        with: Seat,
        clause: ClauseId,
        option: u8,
    },
    /// The treaty entered into force with options the aggressor had warned
    /// against: provocation added.
    WarningDefied {
        provocation: i32,
    },
}

impl Event {
    /// One line for the event log, in the scenario's words.
    pub fn describe(&self, s: &Scenario) -> String {
        let name = |seat: &Seat| s.faction(*seat).name.as_str();
        let says = |seat: &Seat, verb: &str| s.faction(*seat).says(verb);
        let aggressor = s.faction(s.aggressor());
        let clause = |f: &ClauseId| s.clause(*f).name.as_str();
        let items = |set: &ResponseSet| list(set.iter().map(|r| s.response(r).name.as_str()));
        match &self.kind {
            EventKind::NegotiationsOpen { rounds } => format!(
                "Negotiations open: {rounds} {}s to agree a treaty.",
                s.rules().round_name
            ),
            EventKind::DraftTabled { by, draft, previous } => {
                let mut line = format!("{} a draft", says(by, "tables"));
                if let Some(prev) = previous {
                    let changed: Vec<&str> = draft.changed_clauses(prev).map(|f| clause(&f)).collect();
                    if !changed.is_empty() {
                        let _ = write!(line, " (changes: {})", changed.join(", "));
                    }
                }
                line + "."
            }
            EventKind::Amended { by, clause: f, from, to } if s.clause(*f).is_subset() => {
                let options = &s.clause(*f).options;
                let names = |p: Pick| list(p.options().filter_map(|o| options.get(o)).map(|o| o.label.as_str()));
                let added = to.minus(*from);
                let removed = from.minus(*to);
                let mut changes = Vec::new();
                if added.count() > 0 {
                    changes.push(format!("adds {}", names(added)));
                }
                if removed.count() > 0 {
                    changes.push(format!("removes {}", names(removed)));
                }
                format!("{} the {}: {}.", says(by, "amends"), clause(f), changes.join("; "))
            }
            EventKind::Amended { by, clause: f, from, to } => format!(
                "{} {}: {} -> {}.",
                says(by, "amends"),
                clause(f),
                pick_text(s, *f, *from),
                pick_text(s, *f, *to)
            ),

            EventKind::Accepted { by } => format!("{} the draft.", says(by, "accepts")),
            EventKind::Rejected { by, clause: None } => format!("{} the draft.", says(by, "rejects")),
            EventKind::Rejected { by, clause: Some(f) } => {
                format!("{} the draft over {}.", says(by, "rejects"), clause(f))
            }
            EventKind::Signed { by } => format!("{} the draft.", says(by, "signs")),
            EventKind::Passed { by } => format!("{}.", says(by, "passes")),
            EventKind::RedLineSignalled { by, red_line } => {
                let faction = s.faction(*by);
                let why = faction
                    .secret
                    .red_lines
                    .get(*red_line as usize)
                    .map(|r| r.why.as_str())
                    .unwrap_or("");
                format!("{} a red line: {why}", faction.says("signals"))
            }
            EventKind::TreatyConcluded => {
                "The required signatures are in: the text is final; others may still sign this round.".into()
            }
            EventKind::RoundEnded { round } => format!("End of {} {round}.", s.rules().round_name),
            EventKind::DeadlinePassed => format!(
                "The deadline passes without agreement. Fallback: {}.",
                s.fallback().name
            ),
            EventKind::TreatyInForce { negotiated, signatories } => {
                let who = list(signatories.iter().map(|seat| s.faction(seat).name.as_str()));
                if *negotiated {
                    format!("The treaty enters into force. Bound: {who}.")
                } else {
                    format!("{} applies. Bound: {who}.", s.fallback().name)
                }
            }
            EventKind::Ratified { by, support } => format!(
                "{} (domestic support {:+}).",
                says(by, "ratifies"),
                support
            ),
            EventKind::Provoked { rungs } => format!(
                "{} the treaty a provocation: escalation +{rungs}.",
                aggressor.says("calls")
            ),
            EventKind::OfferAnswered { accepted: true } => format!(
                "{} the treaty's offer: a pledge of non-aggression.",
                aggressor.says("accepts")
            ),
            EventKind::OfferAnswered { accepted: false } => format!(
                "{} the treaty's offer: {} bluff is called.",
                aggressor.says("rejects"),
                aggressor.its()
            ),
            EventKind::MonthsPassed { to } => format!("Quiet months pass (now month {to})."),
            EventKind::AttackLaunched { attack, place, clock } => {
                let a = s.attack(*attack);
                let at = a.places.get(*place as usize).map(|p| p.name.as_str()).unwrap_or("?");
                format!(
                    "ATTACK: {} by {} at {at}. The {clock} h clock starts.",
                    a.name,
                    s.faction(s.aggressor()).name
                )
            }
            EventKind::AttributionExpected { at } => format!(
                "The attack is deniable: investigators expect to attribute it by hour {at}; consultations cannot conclude before."
            ),
            EventKind::PledgeBroken => format!(
                "{} broken {} pledge of non-aggression.",
                aggressor.says("has"),
                aggressor.its()
            ),
            EventKind::ConsultationsCalled { by, open_at } => format!(
                "{} consultations; they open at hour {open_at}.",
                says(by, "calls")
            ),
            EventKind::PackageProposed { by: Some(by), items: set } => {
                format!("{} a package: {}.", says(by, "proposes"), items(set))
            }
            EventKind::PackageProposed { by: None, items: set } => {
                format!("The treaty's automatic response is triggered: {}.", items(set))
            }
            EventKind::Supported { by, items: set } if set.is_empty() => {
                format!("{} the package politically.", says(by, "backs"))
            }
            EventKind::Supported { by, items: set } => format!(
                "{} the package and {} {}.",
                says(by, "backs"),
                s.faction(*by).verb("provides"),
                items(set)
            ),
            EventKind::Objected { by } => format!("{} to the package.", says(by, "objects")),
            EventKind::PolicyAdopted { by, policy } => match s.policies().get(*policy as usize) {
                Some(p) => format!("{}: {}.", says(by, "decides"), p.name),
                None => format!("{} a policy.", says(by, "adopts")),
            },
            EventKind::PositionSnagged { by, settled_at } => format!(
                "Domestic politics hold up {}: {} backing counts only from hour {settled_at}.",
                s.faction(*by).name,
                s.faction(*by).its()
            ),
            EventKind::ApprovalSought { by, due } => {
                let body = s
                    .faction(*by)
                    .approval
                    .as_ref()
                    .map(|a| a.body.as_str())
                    .unwrap_or("national approval");
                format!(
                    "{} {} {body} to authorise forces; vote due at hour {due}.",
                    says(by, "asks"),
                    s.faction(*by).its()
                )
            }
            EventKind::ApprovalDecided { by, granted } => format!(
                "{}: deployment {}.",
                name(by),
                if *granted { "approved" } else { "refused" }
            ),
            EventKind::Waited { by, hours } => format!("{} {hours} h.", says(by, "waits")),
            EventKind::StoodDown { by } => format!("{} down for this crisis.", says(by, "stands")),
            EventKind::PackageAgreed => "The package is agreed.".into(),
            EventKind::Breach { by } => format!(
                "{} did not take part in the response the treaty binds {} to.",
                name(by),
                s.faction(*by).it()
            ),
            EventKind::CrisisClosed {
                met,
                delivered_at,
                verdict,
                strength,
                severity,
                ..
            } => {
                let when = match delivered_at {
                    Some(h) => format!("response delivered at hour {h}"),
                    None => "no response delivered".into(),
                };
                let judged = verdict.judgement();
                format!(
                    "Crisis closed: clock {}; {when}; strength {strength} against severity {severity}: {judged}.",
                    if *met { "MET" } else { "MISSED" }
                )
            }
            EventKind::TreatyChanged { clause: f, pick } => format!(
                "Facilitator: what if the treaty said otherwise? {} is now: {}.",
                clause(f),
                pick_text(s, *f, *pick)
            ),
            EventKind::Injected { title, text } if title.is_empty() => {
                format!("Facilitator inject: {text}")
            }
            EventKind::Injected { title, text } => format!("Facilitator inject: {title}. {text}"),
            EventKind::TrackAdjusted { track, by } => {
                format!("Facilitator: {} {by:+}.", s.tracks().name(*track))
            }
            EventKind::SupportAdjusted { seat, by } => {
                format!("Facilitator: {}'s domestic support {by:+}.", name(seat))
            }
            EventKind::DeadlineMoved { to } => format!(
                "Facilitator: the deadline moves to {} {to}.",
                s.rules().round_name
            ),
            EventKind::ClockMoved { to } => {
                format!("Facilitator: the clock of this crisis is now {to} hours.")
            }
            EventKind::PhaseAdvanced => "Facilitator: this phase ends now.".into(),
            EventKind::SeatHanded { seat, to_ai: true } => {
                format!("Facilitator: an AI plays {} for now.", name(seat))
            }
            EventKind::SeatHanded { seat, to_ai: false } => {
                format!("Facilitator: {}'s players take their seat back.", name(seat))
            }
            EventKind::Paused => "Facilitator: the game is paused.".into(),
            EventKind::Resumed => "Facilitator: the game resumes.".into(),
            EventKind::Escalated { to } => {
                format!("Escalation climbs to rung {to}: {}.", s.rung_name(*to))
            }
            EventKind::GameEnded { ending } => match ending {
                Ending::Horizon => "The horizon is reached: the game ends.".into(),
                Ending::War => format!(
                    "{}: the game ends in a loss for everyone.",
                    s.rung_name(s.top_rung())
                ),
                Ending::Collapse => format!("{} collapses: the game ends.", s.tracks().name(Track::Security)),
            },
            EventKind::AttackPressed { severity, damage } => {
                let name = s.crisis_moves().map_or("Presses the attack", |m| m.press.name.as_str());
                format!(
                    "{}: {name}. The attack now weighs {severity} and does {damage} damage.",
                    aggressor.name
                )
            }
            EventKind::SteppedBack { severity, damage } => {
                let name = s.crisis_moves().map_or("Steps back", |m| m.step_back.name.as_str());
                format!(
                    "{}: {name}. The attack now weighs {severity} and does {damage} damage.",
                    aggressor.name
                )
            }
            EventKind::Spiralled { to } => format!(
                "An incident nobody ordered: escalation spirals on to rung {to}: {}.",
                s.rung_name(*to)
            ),
            EventKind::Threatened { by, clause: f, option } => {
                let name = s.table_moves().map_or("Warns publicly", |m| m.threat.name.as_str());
                let label = s.clause(*f).options.get(*option as usize).map_or("?", |o| o.label.as_str());
                format!(
                    "{}: {name}. A treaty with {}: {label} would be treated as a hostile act.",
                    s.faction(*by).name,
                    clause(f)
                )
            }
            EventKind::DealExposed { with, clause: f, option } => {
                let label = s.clause(*f).options.get(*option as usize).map_or("?", |o| o.label.as_str());
                format!(
                    "Exposed: {} had a quiet deal with {} for keeping {}: {label} out of the treaty.",
                    name(with),
                    aggressor.name,
                    clause(f)
                )
            }
            EventKind::WarningDefied { provocation } => format!(
                "The treaty keeps what {} warned against: tension rises (provocation {provocation}).",
                aggressor.name
            ),
            EventKind::AttackDenied { at } => {
                let name = s.crisis_moves().map_or("Denies the attack", |m| m.deny.name.as_str());
                format!(
                    "{}: {name}. Investigators now expect to attribute the attack by hour {at}.",
                    aggressor.name
                )
            }
        }
    }

    /// The time stamp as a player reads it ("week 3", "month 5, hour 12").
    pub fn when_text(&self, s: &Scenario) -> String {
        match self.when {
            When::Round(r) => format!("{} {r}", s.rules().round_name),
            When::Month(m) => format!("month {m}"),
            When::Hour(m, h) => format!("month {m} +{h}h"),
        }
    }
}

/// The text of a clause choice: the option's label, or the menu's items.
pub fn pick_text(s: &Scenario, family: ClauseId, pick: Pick) -> String {
    let clause = s.clause(family);
    if clause.is_subset() && pick.count() == 0 {
        return "nothing".into();
    }
    list(
        pick.options()
            .filter_map(|o| clause.options.get(o))
            .map(|o| o.label.as_str()),
    )
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = items.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}
