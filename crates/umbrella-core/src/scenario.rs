//! The scenario: everything a game is made of, loaded from RON.
//!
//! These types are the schema of `assets/scenarios/*.ron`. Fields marked
//! `#[serde(skip)]` are resolved indices filled in by [`crate::scenario::validate`];
//! the core only ever sees validated scenarios.

use super::ids::{ClauseFamily, MAX_OPTIONS, MAX_SEATS, ResponseId, ResponseSet, Seat, SeatSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A draft written with names, as scenario files write it: clause id -> option ids.
pub type NamedDraft = BTreeMap<String, Vec<String>>;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
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
    pub factions: Vec<Faction>,
    pub clauses: Vec<Clause>,
    pub responses: Vec<Response>,
    pub attacks: Vec<Attack>,
    /// A draft already on the table when negotiations open.
    #[serde(default)]
    pub opening: Option<Opening>,
    /// What applies when no treaty is agreed by the deadline.
    pub fallback: Fallback,
    /// Consequences of the aggressor accepting or rejecting the treaty's offer.
    pub offer: OfferEffects,
    /// Events a seminar facilitator can inject.
    #[serde(default)]
    pub injects: Vec<Inject>,
    #[serde(skip)]
    pub index: ScenarioIndex,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub title: String,
    pub text: String,
}

/// Numbers that shape play. Every field has a default, so a scenario only
/// names what it changes.
#[derive(Clone, Debug, Serialize, Deserialize)]
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
        }
    }
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

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faction {
    pub id: String,
    pub name: String,
    /// Three-letter tag for narrow screens.
    pub short: String,
    /// The name is plural ("European partners"): sentences about the seat
    /// say "European partners sign", not "signs".
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
    /// Domestic support at the start (0-100).
    pub support: i32,
    /// What only this seat may see.
    pub secret: Secrets,
}

impl Faction {
    /// "{name} {verb}", the verb (given in the third person singular, e.g.
    /// "signs", "has") agreeing with the name.
    pub fn says(&self, verb: &str) -> String {
        format!("{} {}", self.name, self.verb(verb))
    }

    /// A verb given in the third person singular, agreeing with the name.
    pub fn verb(&self, verb: &str) -> String {
        if self.plural {
            plural_verb(verb)
        } else {
            verb.to_string()
        }
    }

    /// A sentence that starts with this seat's name and a verb in the third
    /// person singular ("European partners waits 4 h"), with that verb made to
    /// agree with the name. Other sentences are returned as they are.
    pub fn agree(&self, sentence: &str) -> String {
        let rest = sentence
            .strip_prefix(self.name.as_str())
            .and_then(|r| r.strip_prefix(' '));
        match rest.map(|r| r.split_once(' ').unwrap_or((r, ""))) {
            Some((verb, "")) if self.plural => self.says(verb),
            Some((verb, tail)) if self.plural => format!("{} {tail}", self.says(verb)),
            _ => sentence.to_string(),
        }
    }

    /// "its", or "their" for a plural name.
    pub fn its(&self) -> &'static str {
        if self.plural { "their" } else { "its" }
    }

    /// "it", or "them" for a plural name.
    pub fn it(&self) -> &'static str {
        if self.plural { "them" } else { "it" }
    }
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
pub struct Secrets {
    pub objectives: Vec<Objective>,
    /// Points needed for this seat to achieve victory.
    pub victory: i32,
    #[serde(default)]
    pub red_lines: Vec<RedLine>,
    /// Value of every option of every clause: clause id -> option id -> value.
    pub preferences: BTreeMap<String, BTreeMap<String, i32>>,
    pub personality: Personality,
    /// `preferences` resolved: [clause family][option].
    #[serde(skip)]
    pub values: [[i32; MAX_OPTIONS]; ClauseFamily::COUNT],
}

/// How an AI plays this seat.
#[derive(Clone, Debug, Serialize, Deserialize)]
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
pub struct Objective {
    pub id: String,
    pub text: String,
    /// Public aims are shown to everyone; the rest are secret.
    #[serde(default)]
    pub public: bool,
    pub points: i32,
    pub condition: Condition,
}

/// A condition on the final state of the game, used by objectives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// A treaty (negotiated or the fallback) is in force.
    TreatyInForce,
    /// A treaty was concluded by negotiation, not the fallback.
    Negotiated,
    /// The treaty in force contains this option: (clause id, option id).
    Has(String, String),
    /// The treaty in force does not contain this option (true when there is no treaty).
    Lacks(String, String),
    /// This faction signed the treaty in force.
    Signed(String),
    /// This faction did not sign the treaty in force.
    NotSigned(String),
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
    /// The aggressor accepted the treaty's offer.
    OfferAccepted,
    /// The aggressor rejected the treaty's offer, or accepted it and broke its pledge.
    OfferRejected,
    /// The escalation ladder never reached its top rung.
    NoWar,
    /// The escalation ladder never went above this rung.
    EscalationNeverAbove(i32),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RedLineKind {
    /// The seat will not sign a treaty containing the option.
    #[default]
    Forbid,
    /// The seat will not sign a treaty without the option.
    Require,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedLine {
    pub clause: String,
    pub option: String,
    #[serde(default)]
    pub kind: RedLineKind,
    /// What the seat says when it signals the red line.
    pub why: String,
    /// (clause family, option index), resolved.
    #[serde(skip)]
    pub at: (usize, usize),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub id: String,
    pub name: String,
    pub help: String,
    pub options: Vec<ClauseOption>,
    #[serde(skip)]
    pub family: Option<ClauseFamily>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseOption {
    pub id: String,
    pub label: String,
    pub help: String,
    /// Adds to the treaty's deterrence when chosen.
    #[serde(default)]
    pub deterrence: i32,
    /// Adds to the treaty's provocation of the aggressor when chosen.
    #[serde(default)]
    pub provocation: i32,
    /// Domestic support change for each guarantor that ratifies a treaty with this option.
    #[serde(default)]
    pub support: i32,
    pub terms: Terms,
}

/// What an option means to the rules. All options of a clause share a variant,
/// which determines the clause's family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Terms {
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
    Burden(BTreeMap<String, i32>),
    Offer(Offer),
}

impl Terms {
    pub fn family(&self) -> ClauseFamily {
        match self {
            Terms::Framework { .. } => ClauseFamily::Framework,
            Terms::Clock { .. } => ClauseFamily::ResponseClock,
            Terms::Obligation(_) => ClauseFamily::Obligation,
            Terms::Menu(_) => ClauseFamily::ResponseMenu,
            Terms::PreAuthorisation(_) => ClauseFamily::PreAuthorisation,
            Terms::Burden(_) => ClauseFamily::BurdenSharing,
            Terms::Offer(_) => ClauseFamily::AggressorOffer,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Requirement {
    /// The protected party and every NATO member seat.
    AllNato,
    /// The protected party and at least this many guarantors.
    Guarantors(i32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Every bound guarantor must support the package; one objection blocks it.
    Consensus,
    /// A package stands as soon as one guarantor commits to it.
    Willing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Obligation {
    ConsultOnly,
    ConsultAndRespond,
    Automatic,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Offer {
    NotOffered,
    /// Offered: accepting is a non-aggression pledge.
    Offered,
    /// Offered with a pledge of the protected party's neutrality in exchange.
    OfferedWithNeutrality,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
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
    #[serde(skip)]
    pub taker_set: SeatSet,
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
pub struct Opening {
    /// Faction that tables it.
    pub by: String,
    pub draft: NamedDraft,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    pub name: String,
    pub text: String,
    pub draft: NamedDraft,
    /// Factions bound by the fallback.
    pub signatories: Vec<String>,
}

/// A prepared event for the facilitator to inject.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    pub id: String,
    pub title: String,
    /// What every seat reads.
    pub text: String,
    #[serde(default)]
    pub effects: Tracks,
    /// Domestic support changes: faction id -> change.
    #[serde(default)]
    pub support: BTreeMap<String, i32>,
    #[serde(skip)]
    pub support_by_seat: [i32; MAX_SEATS],
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

/// Lookups resolved once at validation.
#[derive(Clone, Debug, Default)]
pub struct ScenarioIndex {
    pub protected: Seat,
    pub aggressor: Seat,
    pub guarantors: SeatSet,
    pub nato: SeatSet,
    /// Seats that negotiate and sign (guarantors and the protected party).
    pub negotiators: SeatSet,
    /// Response pre-committed by each option of the menu clause.
    pub menu_response: Vec<ResponseId>,
    /// Burden weights per burden option, per seat.
    pub burden: Vec<[i32; MAX_SEATS]>,
    /// Responses that deploy forces.
    pub forces: ResponseSet,
    pub opening: Option<(Seat, super::Draft)>,
    pub fallback: super::Draft,
    pub fallback_signatories: SeatSet,
    pub checked: bool,
    /// FNV-1a hash of the scenario's text: saves use it to notice a changed scenario.
    pub hash: u64,
    /// The file it was loaded from, when it is not bundled.
    pub file: Option<String>,
    /// The text it was parsed from: saves carry it, so a game can be continued
    /// after the scenario has changed.
    pub text: std::sync::Arc<str>,
}

impl Scenario {
    pub fn seats(&self) -> impl Iterator<Item = Seat> + '_ {
        (0..self.factions.len() as u8).map(Seat)
    }
    pub fn faction(&self, seat: Seat) -> &Faction {
        &self.factions[seat.index()]
    }
    pub fn seat_by_id(&self, id: &str) -> Option<Seat> {
        self.factions
            .iter()
            .position(|f| f.id == id)
            .map(|i| Seat(i as u8))
    }
    /// The clause of a family (clauses are stored in family order).
    pub fn clause(&self, family: ClauseFamily) -> &Clause {
        &self.clauses[family.index()]
    }
    pub fn option(&self, family: ClauseFamily, option: usize) -> &ClauseOption {
        &self.clauses[family.index()].options[option]
    }
    pub fn clause_by_id(&self, id: &str) -> Option<ClauseFamily> {
        self.clauses
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.family)
    }
    pub fn option_by_id(&self, family: ClauseFamily, id: &str) -> Option<usize> {
        self.clause(family).options.iter().position(|o| o.id == id)
    }
    pub fn response(&self, id: ResponseId) -> &Response {
        &self.responses[id.0 as usize]
    }
    pub fn response_by_id(&self, id: &str) -> Option<ResponseId> {
        self.responses
            .iter()
            .position(|r| r.id == id)
            .map(|i| ResponseId(i as u8))
    }
    pub fn attack(&self, id: super::AttackId) -> &Attack {
        &self.attacks[id.0 as usize]
    }
    pub fn attack_by_id(&self, id: &str) -> Option<super::AttackId> {
        self.attacks
            .iter()
            .position(|a| a.id == id)
            .map(|i| super::AttackId(i as u8))
    }
    pub fn all_responses(&self) -> ResponseSet {
        ResponseSet(((1u32 << self.responses.len()) - 1) as u16)
    }
    /// Name of the top rung of the escalation ladder.
    pub fn top_rung(&self) -> i32 {
        self.escalation_ladder.len() as i32 - 1
    }
    pub fn rung_name(&self, level: i32) -> &str {
        let i = level.clamp(0, self.top_rung()) as usize;
        &self.escalation_ladder[i]
    }
}

/// The plural form of a verb in the third person singular: "signs" ->
/// "sign", "passes" -> "pass", "ratifies" -> "ratify", "has" -> "have".
pub fn plural_verb(verb: &str) -> String {
    match verb {
        "has" => "have".into(),
        "is" => "are".into(),
        "does" => "do".into(),
        "goes" => "go".into(),
        _ => {
            if let Some(stem) = verb.strip_suffix("ies")
                && !stem.is_empty()
            {
                return format!("{stem}y");
            }
            for ending in ["sses", "shes", "ches", "xes", "zzes"] {
                if let Some(stem) = verb.strip_suffix(ending) {
                    return format!("{stem}{}", &ending[..ending.len() - 2]);
                }
            }
            verb.strip_suffix('s').unwrap_or(verb).to_string()
        }
    }
}
