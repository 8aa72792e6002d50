//! The scenario as written: the schema of `assets/scenarios/*.ron`, with
//! every reference a string. [`crate::validate`] turns a [`RawScenario`] into
//! a [`crate::Scenario`], whose references are resolved indices; only that can
//! be played. Types that hold no references (rules, tracks, attacks...) are
//! shared by both.

use crate::ids::{ClauseId, Seat};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A draft written with names, as scenario files write it: clause id -> option ids.
pub type NamedDraft = BTreeMap<String, Vec<String>>;

/// A scenario file, as parsed.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename = "Scenario", deny_unknown_fields)]
pub struct RawScenario {
    /// Short machine name, e.g. `nato-lite-2025`.
    pub id: String,
    pub title: String,
    /// One line for `umbrella scenarios`.
    pub summary: String,
    /// When the scenario is set, e.g. "August 2025".
    pub date: String,
    /// The situation every seat reads before play.
    pub situation: String,
    /// Background facts the briefings teach.
    #[serde(default)]
    pub background: Vec<Fact>,
    #[serde(default)]
    pub rules: Rules,
    /// What the shared tracks are called in this scenario.
    pub tracks: TrackNames,
    /// Rungs of the escalation ladder, lowest first. Reaching the last ends the game.
    pub escalation_ladder: Vec<String>,
    /// Shared tracks at the start of the game.
    pub start: Tracks,
    pub factions: Vec<RawFaction>,
    pub clauses: Vec<RawClause>,
    pub responses: Vec<RawResponse>,
    pub attacks: Vec<Attack>,
    /// A draft already on the table when negotiations open.
    #[serde(default)]
    pub opening: Option<RawOpening>,
    /// What applies when no treaty is agreed by the deadline.
    pub fallback: RawFallback,
    /// Consequences of the aggressor accepting or rejecting the treaty's offer.
    pub offer: OfferEffects,
    /// Events a seminar facilitator can inject.
    #[serde(default)]
    pub injects: Vec<RawInject>,
    /// What each guarantor may do between crises, before the aggressor
    /// decides: none, and only the aggressor moves between crises.
    #[serde(default)]
    pub policies: Vec<Policy>,
    /// What the aggressor may do in a crisis it started: press the attack,
    /// step back, deny it, or wait for the guarantors to split. None: it
    /// watches the crisis room.
    #[serde(default)]
    pub crisis_moves: Option<CrisisMoves>,
    /// What the aggressor may do at the table besides signalling its red
    /// lines: warn publicly against an option, or offer one guarantor a
    /// quiet deal for keeping an option out. None: it only signals.
    #[serde(default)]
    pub table_moves: Option<TableMoves>,
    /// A shorter form of the scenario for one class period: fewer rounds of
    /// talks and fewer months, the rest as written.
    #[serde(default)]
    pub seminar: Option<SeminarForm>,
}

/// The seminar form's rules: what it changes of [`Rules`].
#[derive(Clone, Debug, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeminarForm {
    pub negotiation_rounds: i32,
    pub horizon_months: i32,
    /// Months between the aggressor's decisions (default: as in the full form).
    #[serde(default)]
    pub decision_months: Option<i32>,
    /// Quiet months for each step of the protected party's recovery
    /// (default: as in the full form); a shorter game recovers as much in
    /// fewer months when it is smaller.
    #[serde(default)]
    pub recovery_every_months: Option<i32>,
}

/// The aggressor's moves in the talks. Each takes its turn; each option can
/// be warned against once, and each guarantor offered one deal.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableMoves {
    /// A public warning against an option of the draft.
    pub threat: Threat,
    /// A private deal with one guarantor for keeping an option out.
    pub back_channel: BackChannel,
}

/// The aggressor warns publicly that an option would be treated as hostile.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    pub name: String,
    pub help: String,
    /// Effects on the shared tracks at once (the aggressor's diplomatic costs).
    #[serde(default)]
    pub effects: Tracks,
    /// Change of every guarantor's domestic support at once (publics alarmed).
    #[serde(default)]
    pub support: i32,
    /// Provocation added when the treaty enters into force with the option
    /// the warning named (see `provocation_per_rung`).
    #[serde(default)]
    pub provocation: i32,
}

/// The aggressor offers one guarantor, in private, a deal (gas, trade,
/// contracts) if the treaty in force leaves an option out.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackChannel {
    pub name: String,
    pub help: String,
    /// Change of that guarantor's domestic support when the treaty enters
    /// into force without the option (the deal paid, and not exposed).
    #[serde(default)]
    pub support: i32,
    /// Effects on the shared tracks when the deal is paid.
    #[serde(default)]
    pub effects: Tracks,
    /// Chance (percent) that a deal due to be paid is exposed instead.
    #[serde(default)]
    pub exposed_chance: i32,
    /// Change of the guarantor's domestic support when its deal is exposed.
    #[serde(default)]
    pub exposed_support: i32,
    /// Effects on the shared tracks when a deal is exposed.
    #[serde(default)]
    pub exposed: Tracks,
}

/// The aggressor's moves in a crisis. Once per crisis it may press the
/// attack or step back (not both), and deny a deniable attack while it is
/// not yet attributed; otherwise it waits or stands down.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisMoves {
    /// Hours after the attack at which the aggressor first decides.
    pub first_hour: u32,
    /// Press the attack: a second wave that weighs more and harms more.
    pub press: Posture,
    /// Step back: pull forces back and offer talks.
    pub step_back: Posture,
    /// Deny a deniable attack: disinformation that delays its attribution.
    pub deny: Denial,
}

/// A change of the aggressor's posture in a crisis.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Posture {
    pub name: String,
    pub help: String,
    /// Hours the move takes the aggressor.
    pub hours: u32,
    /// Change of the attack's severity, against which a response's
    /// proportion is judged, in percent of the attack's own (rounded to the
    /// nearest point, never below 1).
    #[serde(default)]
    pub severity_percent: i32,
    /// Change of the attack's damage to the protected party's security
    /// before mitigation, in percent of the attack's own (rounded).
    #[serde(default)]
    pub damage_percent: i32,
    /// Effects on the shared tracks at once (an escalation above zero also
    /// meets the treaty's tripwire, as an armed attack does).
    #[serde(default)]
    pub effects: Tracks,
}

/// The aggressor denies a deniable attack.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Denial {
    pub name: String,
    pub help: String,
    /// Hours the move takes the aggressor.
    pub hours: u32,
    /// Hours it adds to the attack's attribution.
    pub attribution: u32,
    /// Effects on the shared tracks at once.
    #[serde(default)]
    pub effects: Tracks,
}

/// A guarantor's decision between crises: readiness, winning support at
/// home, sanctions, talks with Moscow... each with its cost.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub id: String,
    pub name: String,
    pub help: String,
    /// Billions it costs the seat that adopts it.
    #[serde(default)]
    pub cost: i32,
    /// Change of the adopting seat's domestic support.
    #[serde(default)]
    pub support: i32,
    /// Effects on the shared tracks.
    #[serde(default)]
    pub effects: Tracks,
    /// Readiness: until its next crisis closes, the seat's treaty instruments
    /// take half their hours and its government settles a position in an hour.
    #[serde(default)]
    pub readiness: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub title: String,
    /// When it happened or was true ("24 February 2024", "March 2025").
    #[serde(default)]
    pub date: String,
    pub text: String,
}

impl Fact {
    /// The title with its date: "Italy's proposal (6 March 2025)".
    pub fn heading(&self) -> String {
        if self.date.is_empty() {
            self.title.clone()
        } else {
            format!("{} ({})", self.title, self.date)
        }
    }
}

/// Numbers that shape play. Every field has a default, so a scenario only
/// names what it changes.
#[derive(Clone, Debug, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Months from entry into force to the end of the game.
    pub horizon_months: i32,
    /// Months between the aggressor's decisions when there is no crisis.
    pub decision_months: i32,
    /// Negotiation rounds before the deadline.
    pub negotiation_rounds: i32,
    /// What a round is called in the text ("week").
    pub round_name: String,
    /// Hours after the clock expires before a crisis closes without a response.
    pub crisis_overtime_hours: i32,
    /// Hours to convene consultations outside a treaty.
    pub adhoc_convene_hours: i32,
    /// Hours to propose a package made only of treaty instruments.
    pub propose_hours: i32,
    /// Hours to propose a package with ad-hoc items.
    pub adhoc_propose_hours: i32,
    /// A response whose strength is below this percentage of the attack's severity is too weak.
    pub proportion_low: i32,
    /// A response whose strength is above this percentage of the attack's severity is an overreaction.
    pub proportion_high: i32,
    /// Effects when the guarantors meet the treaty clock (credibility scaled by the clock's stakes).
    pub clock_met: Tracks,
    /// Effects when they miss it (credibility scaled by the clock's stakes).
    pub clock_missed: Tracks,
    /// Effects of a response that is too weak.
    pub under_response: Tracks,
    /// Effects of an overreaction.
    pub over_response: Tracks,
    /// Effects of a proportionate response.
    pub proportionate: Tracks,
    /// Effects for each bound signatory that does not take part in the response.
    pub breach: Tracks,
    /// Effects of each objection to a package.
    pub objection: Tracks,
    /// Protected party's security regained in quiet periods...
    pub recovery_per_month: i32,
    /// ...once every this many quiet months.
    pub recovery_every_months: i32,
    /// Effects for each guarantor that stays outside the treaty when it enters into force.
    pub holdout: Tracks,
    /// Quiet months for the escalation level to fall one rung.
    pub escalation_cooldown_months: i32,
    /// Change of credibility per quiet month (guarantees fade if never tested).
    pub credibility_drift: i32,
    /// Change of the aggressor's costs per month (it adapts to sanctions).
    pub costs_drift: i32,
    /// Provocation points that raise escalation by one rung when the treaty enters into force.
    pub provocation_per_rung: i32,
    /// Domestic support a signatory with a national approval body loses by pre-authorising.
    pub preauthorisation_support: i32,
    /// Share (percent) of mitigation a late response still brings.
    pub late_mitigation: i32,
    /// Most of an attack's damage (percent) any response can prevent.
    pub max_mitigation: i32,
    /// Deterrence each guarantor's signature adds to the treaty.
    pub deterrence_per_signatory: i32,
    /// Domestic support change for each bound guarantor when the clock is met.
    pub met_support: i32,
    /// Domestic support change for each bound guarantor when the clock is missed.
    pub missed_support: i32,
    /// What the treaty clock judges: the package agreed in time (consultations
    /// concluded, every bound backer's position settled and its votes in),
    /// or, as the first version of the game did, the response delivered in
    /// time. Scenarios that do not say keep the first version's rule, so
    /// games saved with it replay exactly.
    pub clock_judges: ClockJudges,
    /// Effects when the response was agreed in time but delivered after the clock.
    pub late_delivery: Tracks,
    /// Investigators learn a pattern: the longest delay of a deniable
    /// attack's attribution is divided by one more than the number of
    /// earlier attacks of its kind.
    pub attribution_learns: bool,
    /// A national vote takes its hours give or take this percentage (parliaments
    /// keep their own calendars): drawn when the vote is sought.
    pub vote_spread: i32,
    /// Credibility gained in each quiet month while a treaty deters: its
    /// deterrence index at least `credible_deterrence`.
    pub quiet_credibility: i32,
    /// The deterrence index at which quiet months count as deterrence working.
    pub credible_deterrence: i32,
    /// Chance (percent, at domestic support 50; each point of support below
    /// 50 adds one, each above takes one away) that a guarantor's position
    /// on a package snags in domestic politics when it backs it...
    pub snag_chance: i32,
    /// ...and then takes this many more hours, at least...
    pub snag_hours_min: i32,
    /// ...and at most.
    pub snag_hours_max: i32,
    /// Change of a bound guarantor's own domestic support when it does not
    /// take part in a response the treaty binds it to (on top of `breach`).
    pub breach_support: i32,
    /// Rung from which a climb of the ladder can spiral on by itself (an
    /// incident, a misreading): 0 for never.
    pub spiral_from: i32,
    /// Chance (percent) that a climb ending at `spiral_from` climbs one rung
    /// more; each rung higher adds as much again.
    pub spiral_chance: i32,
    /// Personalities varied (a game's setup chooses it for its AI seats):
    /// each varied seat's concession is its written one times a factor
    /// drawn within this percentage either side...
    pub concession_spread: i32,
    /// ...its hawkishness, caution and solidarity its written ones give or
    /// take this many hundredths (kept within 0 and 1)...
    pub temper_spread: i32,
    /// ...and the weight of each clause in its preferences its written one
    /// times a factor drawn within this percentage either side: governments
    /// that care more about the clock this time, less about the burden.
    pub priority_spread: i32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            horizon_months: 24,
            decision_months: 2,
            negotiation_rounds: 8,
            round_name: "week".into(),
            crisis_overtime_hours: 48,
            adhoc_convene_hours: 18,
            propose_hours: 2,
            adhoc_propose_hours: 8,
            proportion_low: 60,
            proportion_high: 180,
            clock_met: Tracks {
                credibility: 8,
                cohesion: 3,
                ..Tracks::ZERO
            },
            clock_missed: Tracks {
                credibility: -10,
                cohesion: -5,
                ..Tracks::ZERO
            },
            under_response: Tracks {
                credibility: -5,
                ..Tracks::ZERO
            },
            over_response: Tracks {
                escalation: 1,
                cohesion: -3,
                ..Tracks::ZERO
            },
            proportionate: Tracks {
                credibility: 3,
                ..Tracks::ZERO
            },
            breach: Tracks {
                credibility: -3,
                cohesion: -6,
                ..Tracks::ZERO
            },
            objection: Tracks {
                cohesion: -2,
                ..Tracks::ZERO
            },
            recovery_per_month: 1,
            recovery_every_months: 1,
            holdout: Tracks {
                cohesion: -4,
                ..Tracks::ZERO
            },
            escalation_cooldown_months: 4,
            credibility_drift: 0,
            costs_drift: -1,
            provocation_per_rung: 10,
            preauthorisation_support: -6,
            late_mitigation: 50,
            max_mitigation: 60,
            deterrence_per_signatory: 5,
            met_support: 1,
            missed_support: -2,
            clock_judges: ClockJudges::Delivery,
            late_delivery: Tracks::ZERO,
            attribution_learns: false,
            vote_spread: 0,
            quiet_credibility: 0,
            credible_deterrence: 60,
            snag_chance: 0,
            snag_hours_min: 12,
            snag_hours_max: 48,
            breach_support: 0,
            spiral_from: 0,
            spiral_chance: 0,
            concession_spread: 0,
            temper_spread: 0,
            priority_spread: 0,
        }
    }
}

/// What the treaty clock judges (see [`Rules::clock_judges`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClockJudges {
    /// The response delivered before the clock (the first version's rule).
    #[default]
    Delivery,
    /// The response package agreed before the clock.
    Agreement,
}

/// The five shared tracks: current values, starting values, or changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tracks {
    /// Deterrence credibility of the guarantee (0-100).
    pub credibility: i32,
    /// The protected party's security: front line and resilience (0-100).
    pub security: i32,
    /// Costs the aggressor has borne (0-100).
    pub costs: i32,
    /// Rung of the escalation ladder.
    pub escalation: i32,
    /// Cohesion of the coalition (0-100).
    pub cohesion: i32,
}

impl Tracks {
    pub const ZERO: Tracks = Tracks {
        credibility: 0,
        security: 0,
        costs: 0,
        escalation: 0,
        cohesion: 0,
    };

    pub fn get(&self, track: Track) -> i32 {
        match track {
            Track::Credibility => self.credibility,
            Track::Security => self.security,
            Track::Costs => self.costs,
            Track::Escalation => self.escalation,
            Track::Cohesion => self.cohesion,
        }
    }

    pub fn get_mut(&mut self, track: Track) -> &mut i32 {
        match track {
            Track::Credibility => &mut self.credibility,
            Track::Security => &mut self.security,
            Track::Costs => &mut self.costs,
            Track::Escalation => &mut self.escalation,
            Track::Cohesion => &mut self.cohesion,
        }
    }

    pub fn scaled_credibility(self, percent: i32) -> Tracks {
        Tracks {
            credibility: self.credibility * percent / 100,
            ..self
        }
    }

    pub fn is_zero(&self) -> bool {
        *self == Tracks::ZERO
    }
}

impl std::ops::Add for Tracks {
    type Output = Tracks;
    fn add(self, b: Tracks) -> Tracks {
        Tracks {
            credibility: self.credibility + b.credibility,
            security: self.security + b.security,
            costs: self.costs + b.costs,
            escalation: self.escalation + b.escalation,
            cohesion: self.cohesion + b.cohesion,
        }
    }
}

impl std::ops::AddAssign for Tracks {
    fn add_assign(&mut self, b: Tracks) {
        *self = *self + b;
    }
}

/// One of the shared tracks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Track {
    Credibility,
    Security,
    Costs,
    Escalation,
    Cohesion,
}

impl Track {
    pub const ALL: [Track; 5] = [
        Track::Credibility,
        Track::Security,
        Track::Costs,
        Track::Escalation,
        Track::Cohesion,
    ];
}

/// What the tracks are called in this scenario ("Russia's costs", ...).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackNames {
    pub credibility: String,
    pub security: String,
    pub costs: String,
    pub escalation: String,
    pub cohesion: String,
}

impl TrackNames {
    pub fn name(&self, track: Track) -> &str {
        match track {
            Track::Credibility => &self.credibility,
            Track::Security => &self.security,
            Track::Costs => &self.costs,
            Track::Escalation => &self.escalation,
            Track::Cohesion => &self.cohesion,
        }
    }
}

/// The part a faction plays in the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Negotiates, signs and responds to attacks.
    Guarantor,
    /// The party the treaty protects: negotiates, signs, invokes the treaty.
    Protected,
    /// Decides whether, when and how to attack; answers the treaty's offer.
    Aggressor,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Guarantor => "guarantor",
            Role::Protected => "protected party",
            Role::Aggressor => "aggressor",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename = "Faction", deny_unknown_fields)]
pub struct RawFaction {
    pub id: String,
    pub name: String,
    /// Three-letter tag for narrow screens.
    pub short: String,
    /// The name is plural ("European partners").
    #[serde(default)]
    pub plural: bool,
    pub role: Role,
    /// Member of NATO (matters for an Article 5 framework).
    #[serde(default)]
    pub nato: bool,
    /// Public briefing: who this seat is and what it says it wants.
    pub briefing: String,
    /// A national approval needed before deploying forces (e.g. a parliament's vote).
    #[serde(default)]
    pub approval: Option<Approval>,
    /// Hours its government takes to settle its position on a response
    /// package in a crisis: backing one takes this long.
    #[serde(default = "one_hour")]
    pub position_hours: i32,
    /// Domestic support at the start (0-100).
    pub support: i32,
    /// What only this seat may see.
    pub secret: RawSecrets,
}

fn one_hour() -> i32 {
    1
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Who approves, e.g. "Parliament".
    pub body: String,
    /// Hours a vote takes.
    pub hours: i32,
    /// Chance (percent) of approval at 50 domestic support; each point of support above or below moves it one point.
    pub chance: i32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSecrets {
    pub objectives: Vec<RawObjective>,
    /// Points needed for this seat to achieve victory.
    pub victory: i32,
    #[serde(default)]
    pub red_lines: Vec<RawRedLine>,
    /// Value of every option of every clause: clause id -> option id -> value.
    #[serde(deserialize_with = "unique::nested")]
    pub preferences: BTreeMap<String, BTreeMap<String, i32>>,
    pub personality: Personality,
}

/// How an AI plays this seat.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Personality {
    /// Shape of the concession curve: below 1 holds out (Boulware), above 1 concedes early (Conceder).
    pub concession: f64,
    /// Appetite for force: for the aggressor how readily it attacks, for others how robustly they respond.
    pub hawkishness: f64,
    /// Aversion to escalation risk and cost (0-1).
    pub caution: f64,
    /// Willingness to join others' packages and treaties it does not strictly need (0-1).
    pub solidarity: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    pub id: String,
    pub text: String,
    /// Public aims are shown to everyone; the rest are secret.
    #[serde(default)]
    pub public: bool,
    pub points: i32,
    pub condition: RawCondition,
}

/// A condition on the final state of the game, used by objectives. Written
/// with names (`C`, `O`, `S` are strings: [`RawCondition`]); validated, with
/// a clause, an option index and a seat.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Condition<C = ClauseId, O = usize, S = Seat> {
    /// A treaty (negotiated or the fallback) is in force.
    TreatyInForce,
    /// A treaty was concluded by negotiation, not the fallback.
    Negotiated,
    /// The treaty in force contains this option of this clause.
    Has(C, O),
    /// The treaty in force does not contain this option (true when there is no treaty).
    Lacks(C, O),
    /// This faction signed the treaty in force.
    Signed(S),
    /// This faction did not sign the treaty in force.
    NotSigned(S),
    /// A shared track ended at or above this value.
    AtLeast(Track, i32),
    /// A shared track ended at or below this value.
    AtMost(Track, i32),
    /// This seat's domestic support ended at or above this value.
    SupportAtLeast(i32),
    /// This seat spent at most this much (billions).
    SpentAtMost(i32),
    /// At least this share (percent) of crises had the clock met (true if no crisis).
    ClocksMetAtLeast(i32),
    /// At least this many clocks were missed.
    ClocksMissedAtLeast(i32),
    /// At most this many attacks took place.
    AttacksAtMost(i32),
    /// At least this many attacks took place.
    AttacksAtLeast(i32),
    /// A shared track lost at least this much in the crises, all together
    /// (each crisis from the attack to its close, the response counted):
    /// what the attacks did, against the course the track would have taken
    /// anyway.
    LostInCrises(Track, i32),
    /// The aggressor accepted the treaty's offer.
    OfferAccepted,
    /// The aggressor rejected the treaty's offer, or accepted it and broke its pledge.
    OfferRejected,
    /// The escalation ladder never reached its top rung.
    NoWar,
    /// The escalation ladder never went above this rung.
    EscalationNeverAbove(i32),
    All(Vec<Condition<C, O, S>>),
    Any(Vec<Condition<C, O, S>>),
    Not(Box<Condition<C, O, S>>),
}

/// A condition as a scenario file writes it: clause, option and faction ids.
pub type RawCondition = Condition<String, String, String>;

impl<C, O, S> Condition<C, O, S> {
    /// The same condition with its references translated; `None` if any fails.
    pub fn resolve<C2, O2, S2>(
        &self,
        option: &impl Fn(&C, &O) -> Option<(C2, O2)>,
        seat: &impl Fn(&S) -> Option<S2>,
    ) -> Option<Condition<C2, O2, S2>> {
        use Condition as K;
        let all = |cs: &[Condition<C, O, S>]| -> Option<Vec<Condition<C2, O2, S2>>> {
            cs.iter().map(|c| c.resolve(option, seat)).collect()
        };
        Some(match self {
            K::TreatyInForce => K::TreatyInForce,
            K::Negotiated => K::Negotiated,
            K::Has(c, o) => {
                let (c, o) = option(c, o)?;
                K::Has(c, o)
            }
            K::Lacks(c, o) => {
                let (c, o) = option(c, o)?;
                K::Lacks(c, o)
            }
            K::Signed(s) => K::Signed(seat(s)?),
            K::NotSigned(s) => K::NotSigned(seat(s)?),
            K::AtLeast(t, v) => K::AtLeast(*t, *v),
            K::AtMost(t, v) => K::AtMost(*t, *v),
            K::SupportAtLeast(v) => K::SupportAtLeast(*v),
            K::SpentAtMost(v) => K::SpentAtMost(*v),
            K::ClocksMetAtLeast(v) => K::ClocksMetAtLeast(*v),
            K::ClocksMissedAtLeast(v) => K::ClocksMissedAtLeast(*v),
            K::AttacksAtMost(v) => K::AttacksAtMost(*v),
            K::AttacksAtLeast(v) => K::AttacksAtLeast(*v),
            K::LostInCrises(t, v) => K::LostInCrises(*t, *v),
            K::OfferAccepted => K::OfferAccepted,
            K::OfferRejected => K::OfferRejected,
            K::NoWar => K::NoWar,
            K::EscalationNeverAbove(r) => K::EscalationNeverAbove(*r),
            K::All(cs) => K::All(all(cs)?),
            K::Any(cs) => K::Any(all(cs)?),
            K::Not(c) => K::Not(Box::new(c.resolve(option, seat)?)),
        })
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RedLineKind {
    /// The seat will not sign a treaty containing the option.
    #[default]
    Forbid,
    /// The seat will not sign a treaty without the option.
    Require,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedLine {
    pub clause: String,
    pub option: String,
    #[serde(default)]
    pub kind: RedLineKind,
    /// What the seat says when it signals the red line.
    pub why: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename = "Clause", deny_unknown_fields)]
pub struct RawClause {
    pub id: String,
    pub name: String,
    pub help: String,
    pub options: Vec<RawClauseOption>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClauseOption {
    pub id: String,
    pub label: String,
    pub help: String,
    /// Adds to the treaty's deterrence when chosen.
    #[serde(default)]
    pub deterrence: i32,
    /// Adds to the treaty's provocation of the aggressor when chosen.
    #[serde(default)]
    pub provocation: i32,
    /// Rungs every armed attack (one that climbs the ladder by itself)
    /// climbs beyond its own while this option is in force: guarantor forces
    /// in harm's way.
    #[serde(default)]
    pub tripwire: i32,
    /// Domestic support change for each guarantor that ratifies a treaty with this option.
    #[serde(default)]
    pub support: i32,
    /// What the option means to the rules; left out for a clause no rule reads.
    #[serde(default)]
    pub terms: RawTerms,
}

/// What an option means to the rules. All options of a clause share a
/// variant, which is the clause's kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum RawTerms {
    /// No rule reads this clause: it matters through its deterrence,
    /// provocation and support, and through what the seats prefer.
    #[default]
    Plain,
    Framework {
        /// Signatures needed (besides the protected party's) for entry into force.
        requires: Requirement,
        /// How a response package is agreed.
        decision: Decision,
        /// Hours to convene consultations under this framework.
        convene_hours: i32,
    },
    Clock {
        hours: i32,
        /// Percentage applied to the credibility won or lost at the clock: a short promise is watched more closely.
        stakes: i32,
    },
    Obligation(Obligation),
    /// Pre-commits this response (by id).
    Menu(String),
    PreAuthorisation(bool),
    /// Weight of each guarantor's share of costs (missing guarantors weigh 1).
    Burden(#[serde(deserialize_with = "unique::map")] BTreeMap<String, i32>),
    Offer(Offer),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Requirement {
    /// The protected party and every NATO member seat.
    AllNato,
    /// The protected party and at least this many guarantors.
    Guarantors(i32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decision {
    /// Every bound guarantor must support the package; one objection blocks it.
    Consensus,
    /// A package stands as soon as one guarantor commits to it.
    Willing,
}

impl Decision {
    /// How a package is agreed, in a phrase ("by consensus of the bound").
    pub fn label(self) -> &'static str {
        match self {
            Decision::Consensus => "by consensus of the bound",
            Decision::Willing => "by any willing guarantor",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Obligation {
    ConsultOnly,
    ConsultAndRespond,
    Automatic,
}

impl Obligation {
    pub fn label(self) -> &'static str {
        match self {
            Obligation::ConsultOnly => "consult only",
            Obligation::ConsultAndRespond => "consult and respond",
            Obligation::Automatic => "automatic response",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Offer {
    NotOffered,
    /// Offered: accepting is a non-aggression pledge.
    Offered,
    /// Offered with a pledge of the protected party's neutrality in exchange.
    OfferedWithNeutrality,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResponse {
    pub id: String,
    pub name: String,
    pub help: String,
    /// Deploys armed forces: needs national approval where a seat has one.
    #[serde(default)]
    pub deploys_forces: bool,
    /// Hours to prepare it when the treaty pre-commits it.
    pub hours_treaty: i32,
    /// Hours to prepare it ad hoc.
    pub hours_adhoc: i32,
    /// Cost in billions, shared among contributors.
    pub cost: i32,
    /// Weight of the response, compared with the attack's severity.
    pub strength: i32,
    /// Domestic support change for each contributor.
    #[serde(default)]
    pub support: i32,
    /// Percentage of the attack's damage it prevents.
    #[serde(default)]
    pub mitigation: i32,
    /// Security it adds to the protected party.
    #[serde(default)]
    pub security: i32,
    /// Costs it imposes on the aggressor.
    #[serde(default)]
    pub costs: i32,
    /// Chance (percent) that delivering it climbs the escalation ladder one rung.
    #[serde(default)]
    pub escalation_risk: i32,
    /// Faction ids that can provide it; empty means every guarantor.
    #[serde(default)]
    pub takers: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attack {
    pub id: String,
    pub name: String,
    pub help: String,
    /// How serious it is; a proportionate response has comparable strength.
    pub severity: i32,
    /// Security the protected party loses if nothing mitigates it.
    pub damage: i32,
    /// Rungs the escalation ladder climbs at once.
    pub escalation: i32,
    /// Costs the attack imposes on the aggressor itself.
    pub cost: i32,
    /// Extra costs of attacking a credible guarantee: this many points at a
    /// deterrence index of 100, in proportion to the index (`isolation * index / 100`).
    pub isolation: i32,
    /// What the aggressor hopes to gain (used by its planners).
    pub gain: i32,
    /// Longest time (hours) before a deniable attack is attributed; consultations
    /// cannot conclude before. The actual delay is drawn between half and all of it.
    #[serde(default)]
    pub attribution_hours: i32,
    /// Most of its damage (percent) any response can prevent, if less than
    /// the rules' `max_mitigation`: a war along the whole front cannot be
    /// parried like a salvo.
    #[serde(default)]
    pub max_mitigation: Option<i32>,
    /// Where it may strike (shown on the map).
    pub places: Vec<Place>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub name: String,
    pub lon: f64,
    pub lat: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOpening {
    /// Faction that tables it.
    pub by: String,
    #[serde(deserialize_with = "unique::map")]
    pub draft: NamedDraft,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFallback {
    pub name: String,
    pub text: String,
    #[serde(deserialize_with = "unique::map")]
    pub draft: NamedDraft,
    /// Factions bound by the fallback.
    pub signatories: Vec<String>,
}

/// A prepared event for the facilitator to inject.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInject {
    pub id: String,
    pub title: String,
    /// What every seat reads.
    pub text: String,
    #[serde(default)]
    pub effects: Tracks,
    /// Domestic support changes: faction id -> change.
    #[serde(default, deserialize_with = "unique::map")]
    pub support: BTreeMap<String, i32>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferEffects {
    /// The aggressor accepts: a non-aggression pledge.
    pub accept: Tracks,
    /// The aggressor rejects: its bluff is called.
    pub reject: Tracks,
    /// The aggressor attacks after accepting.
    pub pledge_broken: Tracks,
}

/// The maps of a scenario file refuse a key written twice, which serde's own
/// map would let the last one win silently; the error is raised while RON
/// reads the second key, so it names that line and column.
mod unique {
    use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
    use std::collections::BTreeMap;
    use std::fmt;
    use std::marker::PhantomData;

    /// A map with string keys, each written once.
    pub fn map<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
    where
        D: Deserializer<'de>,
        V: Deserialize<'de>,
    {
        d.deserialize_map(Unique(PhantomData))
    }

    /// A map of such maps (the preferences: clause id -> option id -> value).
    pub fn nested<'de, D, V>(d: D) -> Result<BTreeMap<String, BTreeMap<String, V>>, D::Error>
    where
        D: Deserializer<'de>,
        V: Deserialize<'de>,
    {
        let outer: BTreeMap<String, Inner<V>> = map(d)?;
        Ok(outer.into_iter().map(|(k, v)| (k, v.0)).collect())
    }

    struct Inner<V>(BTreeMap<String, V>);

    impl<'de, V: Deserialize<'de>> Deserialize<'de> for Inner<V> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            map(d).map(Inner)
        }
    }

    struct Unique<V>(PhantomData<V>);

    impl<'de, V: Deserialize<'de>> Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
            let mut map = BTreeMap::new();
            while let Some(key) = access.next_key::<String>()? {
                if map.contains_key(&key) {
                    return Err(A::Error::custom(format_args!(
                        "the key \"{}\" is written twice in this map",
                        crate::text::excerpt(&key)
                    )));
                }
                let value = access.next_value()?;
                map.insert(key, value);
            }
            Ok(map)
        }
    }
}
