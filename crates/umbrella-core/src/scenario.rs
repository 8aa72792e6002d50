//! The validated scenario: everything a game is made of, with every reference
//! resolved to an index. It can only be made by [`Scenario::validate`] from a
//! [`RawScenario`], so a game can never be played on an unchecked world, and
//! the rules and the scoring never look a name up.

use crate::draft::Draft;
use crate::ids::{
    AttackId, ClauseId, MAX_CLAUSES, MAX_OPTIONS, MAX_SEATS, ResponseId, ResponseSet, Seat, SeatSet,
};
use crate::raw::*;
use std::sync::Arc;

/// A seat's value of every option of every clause: `[clause][option]`.
pub type Values = [[i32; MAX_OPTIONS]; MAX_CLAUSES];

/// A validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The scenario as written (its texts are read from here).
    pub(crate) raw: RawScenario,
    pub(crate) factions: Vec<Faction>,
    pub(crate) clauses: Vec<Clause>,
    pub(crate) responses: Vec<Response>,
    pub(crate) injects: Vec<Inject>,
    pub(crate) opening: Option<(Seat, Draft)>,
    pub(crate) fallback: Fallback,
    pub(crate) protected: Seat,
    pub(crate) aggressor: Seat,
    pub(crate) guarantors: SeatSet,
    pub(crate) nato: SeatSet,
    pub(crate) negotiators: SeatSet,
    pub(crate) forces: ResponseSet,
    /// FNV-1a hash of the text: saves use it to notice a changed scenario.
    pub(crate) hash: u64,
    /// The text it was validated from: saves carry it, so a game can be
    /// continued after the scenario has changed.
    pub(crate) text: Arc<str>,
    /// The file it was loaded from, when it is not bundled.
    pub(crate) file: Option<String>,
    /// What the negotiation reads of each seat's secrets at every decision,
    /// by seat: worked out once they are final ([`Scenario::derive`]).
    pub(crate) derived: Vec<Derived>,
}

/// A seat's utility, its public aims' table and its signature points (see
/// [`Scenario::derived`]).
#[derive(Clone, Debug)]
pub(crate) struct Derived {
    pub(crate) utility: crate::utility::Utility,
    pub(crate) public_table: crate::utility::UtilityTable,
    pub(crate) signature_points: i32,
    /// [`crate::utility::unearned_by_fallback`] for the fallback as written:
    /// over all the seat's aims, and over its public ones.
    pub(crate) unearned: i32,
    pub(crate) public_unearned: i32,
}

/// A seat, as the scenario defines it.
#[derive(Clone, Debug)]
pub struct Faction {
    pub id: String,
    pub name: String,
    /// Three-letter tag for narrow screens.
    pub short: String,
    /// The name is plural ("European partners"): sentences about the seat
    /// say "European partners sign", not "signs".
    pub plural: bool,
    pub role: Role,
    /// Member of NATO (matters for an Article 5 framework).
    pub nato: bool,
    /// Public briefing: who this seat is and what it says it wants.
    pub briefing: String,
    /// A national approval needed before deploying forces (e.g. a parliament's vote).
    pub approval: Option<Approval>,
    /// Hours its government takes to settle its position on a package.
    pub position_hours: u32,
    /// Domestic support at the start (0-100).
    pub support: i32,
    /// What only this seat may see.
    pub secret: Secrets,
}

/// What only a seat itself may see.
#[derive(Clone, Debug)]
pub struct Secrets {
    pub objectives: Vec<Objective>,
    /// Points needed for this seat to achieve victory.
    pub victory: i32,
    pub red_lines: Vec<RedLine>,
    /// Its preference for every option of every clause.
    pub values: Values,
    pub personality: Personality,
}

#[derive(Clone, Debug)]
pub struct Objective {
    pub id: String,
    pub text: String,
    /// Public aims are shown to everyone; the rest are secret.
    pub public: bool,
    pub points: i32,
    pub condition: Condition,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RedLine {
    pub clause: ClauseId,
    pub option: usize,
    pub kind: RedLineKind,
    /// What the seat says when it signals the red line.
    pub why: String,
}

impl RedLine {
    /// Whether a draft crosses it.
    pub fn crossed_by(&self, d: &Draft) -> bool {
        let has = d.has(self.clause, self.option);
        match self.kind {
            RedLineKind::Forbid => has,
            RedLineKind::Require => !has,
        }
    }
}

/// What the rules do with a clause. A clause of no kind ([`Terms::Plain`])
/// matters only through its options' deterrence, provocation and support
/// and through what the seats prefer; a treaty without a clause of some kind
/// has that kind's neutral terms ([`crate::TreatyTerms::NEUTRAL`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClauseKind {
    /// Who guarantees and through which institution.
    Framework,
    /// Hours the guarantors have to agree a response after an attack.
    ResponseClock,
    /// What signatories are bound to do when the clock starts.
    Obligation,
    /// Responses pre-committed by the treaty (any subset).
    ResponseMenu,
    /// Whether signatories pre-approve their commitments at ratification.
    PreAuthorisation,
    /// How the cost of a response is shared among the guarantors.
    BurdenSharing,
    /// Whether the treaty is offered to the aggressor.
    AggressorOffer,
}

impl ClauseKind {
    /// The kind's name in messages ("response clock").
    pub fn label(self) -> &'static str {
        match self {
            ClauseKind::Framework => "framework",
            ClauseKind::ResponseClock => "response clock",
            ClauseKind::Obligation => "obligation",
            ClauseKind::ResponseMenu => "response menu",
            ClauseKind::PreAuthorisation => "pre-authorisation",
            ClauseKind::BurdenSharing => "burden sharing",
            ClauseKind::AggressorOffer => "offer to the aggressor",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Clause {
    pub id: String,
    pub name: String,
    pub help: String,
    /// What the rules do with it; `None` for a clause no rule reads.
    pub kind: Option<ClauseKind>,
    pub options: Vec<ClauseOption>,
}

impl Clause {
    /// Whether the clause takes any subset of its options rather than exactly one.
    pub fn is_subset(&self) -> bool {
        self.kind == Some(ClauseKind::ResponseMenu)
    }
}

#[derive(Clone, Debug)]
pub struct ClauseOption {
    pub id: String,
    pub label: String,
    pub help: String,
    /// Adds to the treaty's deterrence when chosen.
    pub deterrence: i32,
    /// Adds to the treaty's provocation of the aggressor when chosen.
    pub provocation: i32,
    /// Rungs every armed attack climbs beyond its own while it is in force.
    pub tripwire: i32,
    /// Domestic support change for each guarantor that ratifies a treaty with this option.
    pub support: i32,
    pub terms: Terms,
}

/// What an option means to the rules, with its references resolved.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Terms {
    Plain,
    Framework {
        requires: Requirement,
        decision: Decision,
        convene_hours: u32,
    },
    Clock {
        hours: u32,
        stakes: i32,
    },
    Obligation(Obligation),
    Menu(ResponseId),
    PreAuthorisation(bool),
    /// Weight of each seat's share of costs.
    Burden([i32; MAX_SEATS]),
    Offer(Offer),
}

impl Terms {
    pub fn kind(&self) -> Option<ClauseKind> {
        Some(match self {
            Terms::Plain => return None,
            Terms::Framework { .. } => ClauseKind::Framework,
            Terms::Clock { .. } => ClauseKind::ResponseClock,
            Terms::Obligation(_) => ClauseKind::Obligation,
            Terms::Menu(_) => ClauseKind::ResponseMenu,
            Terms::PreAuthorisation(_) => ClauseKind::PreAuthorisation,
            Terms::Burden(_) => ClauseKind::BurdenSharing,
            Terms::Offer(_) => ClauseKind::AggressorOffer,
        })
    }
}

#[derive(Clone, Debug)]
pub struct Response {
    pub id: String,
    pub name: String,
    pub help: String,
    /// Deploys armed forces: needs national approval where a seat has one.
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
    pub support: i32,
    /// Percentage of the attack's damage it prevents.
    pub mitigation: i32,
    /// Security it adds to the protected party.
    pub security: i32,
    /// Costs it imposes on the aggressor.
    pub costs: i32,
    /// Chance (percent) that delivering it climbs the escalation ladder one rung.
    pub escalation_risk: i32,
    /// Seats that can provide it.
    pub takers: SeatSet,
}

/// A prepared event for the facilitator to inject.
#[derive(Clone, Debug)]
pub struct Inject {
    pub id: String,
    pub title: String,
    /// What every seat reads.
    pub text: String,
    pub effects: Tracks,
    /// Domestic support change per seat.
    pub support: [i32; MAX_SEATS],
}

/// What applies when no treaty is agreed by the deadline.
#[derive(Clone, Debug)]
pub struct Fallback {
    pub name: String,
    pub text: String,
    pub draft: Draft,
    pub signatories: SeatSet,
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

impl Scenario {
    /// Check a parsed scenario and resolve its names. `text` is its source,
    /// for locating problems (line and column), and is kept with it.
    pub fn validate(raw: RawScenario, text: &str) -> Result<Scenario, Vec<crate::Problem>> {
        crate::validate::validate(raw, text)
    }

    /// Work out [`Scenario::derived`] from the seats' secrets as they now
    /// are: whatever changes a seat's secrets calls this after.
    pub(crate) fn derive(&mut self) {
        self.derived = Vec::new();
        let derived = self
            .seats()
            .map(|seat| {
                let mut public_table = [[0; MAX_OPTIONS]; MAX_CLAUSES];
                for o in self
                    .faction(seat)
                    .secret
                    .objectives
                    .iter()
                    .filter(|o| o.public)
                {
                    crate::utility::fold_objective(self, o, &mut public_table);
                }
                let (fallback, bound) = (self.fallback.draft, self.fallback.signatories);
                let objectives = &self.faction(seat).secret.objectives;
                let unearned = |public_only: bool| {
                    crate::utility::unearned_by_fallback(
                        self,
                        objectives.iter().filter(|o| o.public || !public_only),
                        &fallback,
                        bound,
                    )
                };
                Derived {
                    utility: crate::utility::Utility::of(self, seat),
                    public_table,
                    signature_points: crate::utility::signature_points(self, seat),
                    unearned: unearned(false),
                    public_unearned: unearned(true),
                }
            })
            .collect();
        self.derived = derived;
    }

    /// The scenario as written, e.g. to change it and validate it again.
    pub fn raw(&self) -> &RawScenario {
        &self.raw
    }
    /// The text it was validated from.
    pub fn text(&self) -> &Arc<str> {
        &self.text
    }
    /// FNV-1a hash of its text.
    pub fn hash(&self) -> u64 {
        self.hash
    }
    /// The file it was loaded from, when it is not bundled.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }
    /// The same scenario, remembered as loaded from `file`.
    pub fn with_file(mut self, file: Option<String>) -> Scenario {
        self.file = file;
        self
    }

    // ---- the texts ------------------------------------------------------

    pub fn id(&self) -> &str {
        &self.raw.id
    }
    pub fn title(&self) -> &str {
        &self.raw.title
    }
    pub fn summary(&self) -> &str {
        &self.raw.summary
    }
    pub fn date(&self) -> &str {
        &self.raw.date
    }
    pub fn situation(&self) -> &str {
        &self.raw.situation
    }
    pub fn background(&self) -> &[Fact] {
        &self.raw.background
    }
    pub fn rules(&self) -> &Rules {
        &self.raw.rules
    }
    /// What the shared tracks are called.
    pub fn tracks(&self) -> &TrackNames {
        &self.raw.tracks
    }
    pub fn escalation_ladder(&self) -> &[String] {
        &self.raw.escalation_ladder
    }
    /// Shared tracks at the start of the game.
    pub fn start(&self) -> Tracks {
        self.raw.start
    }
    pub fn attacks(&self) -> &[Attack] {
        &self.raw.attacks
    }
    /// What accepting, rejecting and breaking the treaty's offer bring.
    pub fn offer(&self) -> &OfferEffects {
        &self.raw.offer
    }

    // ---- the parts --------------------------------------------------------

    pub fn factions(&self) -> &[Faction] {
        &self.factions
    }
    pub fn clauses(&self) -> &[Clause] {
        &self.clauses
    }
    pub fn responses(&self) -> &[Response] {
        &self.responses
    }
    pub fn injects(&self) -> &[Inject] {
        &self.injects
    }
    /// What guarantors may do between crises.
    pub fn policies(&self) -> &[crate::raw::Policy] {
        &self.raw.policies
    }
    /// What the aggressor may do in a crisis, if anything.
    pub fn crisis_moves(&self) -> Option<&crate::raw::CrisisMoves> {
        self.raw.crisis_moves.as_ref()
    }
    /// What the aggressor may do at the table besides signalling, if anything.
    pub fn table_moves(&self) -> Option<&crate::raw::TableMoves> {
        self.raw.table_moves.as_ref()
    }
    /// The draft on the table when negotiations open, and who tabled it.
    pub fn opening(&self) -> Option<(Seat, Draft)> {
        self.opening
    }
    pub fn fallback(&self) -> &Fallback {
        &self.fallback
    }
    pub fn protected(&self) -> Seat {
        self.protected
    }
    pub fn aggressor(&self) -> Seat {
        self.aggressor
    }
    pub fn guarantors(&self) -> SeatSet {
        self.guarantors
    }
    /// Seats that are NATO members.
    pub fn nato(&self) -> SeatSet {
        self.nato
    }
    /// Seats that negotiate and sign (guarantors and the protected party).
    pub fn negotiators(&self) -> SeatSet {
        self.negotiators
    }
    /// Responses that deploy forces.
    pub fn forces(&self) -> ResponseSet {
        self.forces
    }

    // ---- lookups ------------------------------------------------------------

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
    /// Every clause of the treaty, in the scenario's order.
    pub fn clause_ids(&self) -> impl Iterator<Item = ClauseId> + use<> {
        (0..self.clauses.len() as u8).map(ClauseId)
    }
    pub fn clause(&self, clause: ClauseId) -> &Clause {
        &self.clauses[clause.index()]
    }
    pub fn option(&self, clause: ClauseId, option: usize) -> &ClauseOption {
        &self.clauses[clause.index()].options[option]
    }
    pub fn clause_by_id(&self, id: &str) -> Option<ClauseId> {
        self.clauses
            .iter()
            .position(|c| c.id == id)
            .map(|i| ClauseId(i as u8))
    }
    /// The clause of a kind, if the treaty has one.
    pub fn clause_of(&self, kind: ClauseKind) -> Option<ClauseId> {
        self.clauses
            .iter()
            .position(|c| c.kind == Some(kind))
            .map(|i| ClauseId(i as u8))
    }
    pub fn option_by_id(&self, clause: ClauseId, id: &str) -> Option<usize> {
        self.clause(clause).options.iter().position(|o| o.id == id)
    }
    /// The option of the response menu that pre-commits `r`.
    pub fn menu_option(&self, r: ResponseId) -> Option<(ClauseId, usize)> {
        let menu = self.clause_of(ClauseKind::ResponseMenu)?;
        let o = self
            .clause(menu)
            .options
            .iter()
            .position(|o| o.terms == Terms::Menu(r))?;
        Some((menu, o))
    }
    pub fn response(&self, id: ResponseId) -> &Response {
        &self.responses[id.index()]
    }
    pub fn response_by_id(&self, id: &str) -> Option<ResponseId> {
        self.responses
            .iter()
            .position(|r| r.id == id)
            .map(|i| ResponseId(i as u8))
    }
    pub fn attack(&self, id: AttackId) -> &Attack {
        &self.raw.attacks[id.index()]
    }
    pub fn attack_by_id(&self, id: &str) -> Option<AttackId> {
        self.raw
            .attacks
            .iter()
            .position(|a| a.id == id)
            .map(|i| AttackId(i as u8))
    }
    pub fn all_responses(&self) -> ResponseSet {
        ResponseSet::all_below(self.responses.len())
    }
    /// The top rung of the escalation ladder.
    pub fn top_rung(&self) -> i32 {
        self.raw.escalation_ladder.len() as i32 - 1
    }
    pub fn rung_name(&self, level: i32) -> &str {
        let i = level.clamp(0, self.top_rung()) as usize;
        &self.raw.escalation_ladder[i]
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
