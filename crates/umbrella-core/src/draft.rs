//! Treaty drafts, what they mean to the rules, and what they are worth to a seat.

use super::ids::{ClauseFamily, MAX_OPTIONS, Pick, ResponseSet, Seat, SeatSet};
use super::scenario::{Decision, Obligation, Offer, RedLineKind, Requirement, Scenario, Terms};
use serde::{Deserialize, Serialize};

/// A treaty text: one pick per clause family, in family order.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Draft(pub [Pick; ClauseFamily::COUNT]);

impl Draft {
    pub fn pick(&self, family: ClauseFamily) -> Pick {
        self.0[family.index()]
    }

    /// The chosen option of a single-choice clause.
    pub fn option(&self, family: ClauseFamily) -> usize {
        self.pick(family).single()
    }

    pub fn with(mut self, family: ClauseFamily, pick: Pick) -> Draft {
        self.0[family.index()] = pick;
        self
    }

    /// Whether the draft contains an option (chosen, or included in the menu).
    pub fn has(&self, family: ClauseFamily, option: usize) -> bool {
        self.pick(family).has(option)
    }

    /// Clauses whose text differs between two drafts.
    pub fn changed_clauses(&self, other: &Draft) -> impl Iterator<Item = ClauseFamily> + '_ {
        let other = *other;
        ClauseFamily::ALL
            .into_iter()
            .filter(move |f| self.pick(*f) != other.pick(*f))
    }

    /// Whether `pick` is a well-formed choice for the clause of `family` in `scenario`.
    pub fn pick_is_valid(scenario: &Scenario, family: ClauseFamily, pick: Pick) -> bool {
        let options = scenario.clause(family).options.len();
        let in_range = options >= MAX_OPTIONS || pick.0 >> options == 0;
        in_range && (family.is_subset() || pick.count() == 1)
    }

    pub fn is_valid(&self, scenario: &Scenario) -> bool {
        ClauseFamily::ALL
            .into_iter()
            .all(|f| Draft::pick_is_valid(scenario, f, self.pick(f)))
    }
}

/// What a treaty text means to the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreatyTerms {
    pub requires: Requirement,
    pub decision: Decision,
    pub convene_hours: u32,
    pub clock_hours: u32,
    /// Percent applied to credibility won or lost at the clock.
    pub stakes: i32,
    pub obligation: Obligation,
    pub menu: ResponseSet,
    pub preauthorised: bool,
    /// Index of the chosen burden-sharing option.
    pub burden: usize,
    pub offer: Offer,
    pub deterrence: i32,
    pub provocation: i32,
}

impl TreatyTerms {
    pub fn of(scenario: &Scenario, draft: &Draft) -> TreatyTerms {
        let mut t = TreatyTerms {
            requires: Requirement::Guarantors(1),
            decision: Decision::Consensus,
            convene_hours: 12,
            clock_hours: 72,
            stakes: 100,
            obligation: Obligation::ConsultOnly,
            menu: ResponseSet::EMPTY,
            preauthorised: false,
            burden: 0,
            offer: Offer::NotOffered,
            deterrence: 0,
            provocation: 0,
        };
        for family in ClauseFamily::ALL {
            let clause = scenario.clause(family);
            for i in draft.pick(family).options() {
                let Some(option) = clause.options.get(i) else {
                    continue;
                };
                t.deterrence += option.deterrence;
                t.provocation += option.provocation;
                match &option.terms {
                    Terms::Framework {
                        requires,
                        decision,
                        convene_hours,
                    } => {
                        t.requires = *requires;
                        t.decision = *decision;
                        t.convene_hours = (*convene_hours).max(0) as u32;
                    }
                    Terms::Clock { hours, stakes } => {
                        t.clock_hours = (*hours).max(1) as u32;
                        t.stakes = *stakes;
                    }
                    Terms::Obligation(o) => t.obligation = *o,
                    Terms::Menu(_) => {
                        if let Some(r) = scenario.index.menu_response.get(i) {
                            t.menu.insert(*r);
                        }
                    }
                    Terms::PreAuthorisation(p) => t.preauthorised = *p,
                    Terms::Burden(_) => t.burden = i,
                    Terms::Offer(o) => t.offer = *o,
                }
            }
        }
        t
    }

    /// Seats whose signatures bring the treaty into force, besides any `min` count.
    pub fn required_signatories(&self, scenario: &Scenario) -> (SeatSet, usize) {
        let protected = SeatSet::EMPTY.union([scenario.index.protected].into_iter().collect());
        match self.requires {
            Requirement::AllNato => (protected.union(scenario.index.nato), 0),
            Requirement::Guarantors(n) => (protected, n.max(0) as usize),
        }
    }

    /// Whether these signatures suffice for entry into force.
    pub fn enters_into_force(&self, scenario: &Scenario, signed: SeatSet) -> bool {
        let (required, min_guarantors) = self.required_signatories(scenario);
        let guarantors = signed
            .iter()
            .filter(|s| scenario.index.guarantors.contains(*s))
            .count();
        signed.is_superset(required) && guarantors >= min_guarantors
    }
}

/// A seat's value of a draft: the sum of its preferences over the chosen options.
pub fn value(scenario: &Scenario, seat: Seat, draft: &Draft) -> i32 {
    let values = &scenario.faction(seat).secret.values;
    ClauseFamily::ALL
        .into_iter()
        .map(|f| {
            draft
                .pick(f)
                .options()
                .map(|o| values[f.index()][o])
                .sum::<i32>()
        })
        .sum()
}

/// The lowest and highest value a seat can get from any well-formed draft.
pub fn value_range(scenario: &Scenario, seat: Seat) -> (i32, i32) {
    super::utility::range(scenario, &scenario.faction(seat).secret.values)
}

/// A seat's red lines that a draft crosses (indices into its red lines).
pub fn crossed_red_lines<'a>(
    scenario: &'a Scenario,
    seat: Seat,
    draft: &Draft,
) -> impl Iterator<Item = usize> + 'a {
    let draft = *draft;
    scenario
        .faction(seat)
        .secret
        .red_lines
        .iter()
        .enumerate()
        .filter(move |(_, r)| {
            let (f, o) = r.at;
            let family = ClauseFamily::from_index(f).unwrap_or(ClauseFamily::Framework);
            let has = draft.has(family, o);
            match r.kind {
                RedLineKind::Forbid => has,
                RedLineKind::Require => !has,
            }
        })
        .map(|(i, _)| i)
}
