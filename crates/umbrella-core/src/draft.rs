//! Treaty drafts, what they mean to the rules, and what they are worth to a seat.

use crate::ids::{ClauseId, MAX_CLAUSES, MAX_SEATS, Pick, ResponseSet, Seat, SeatSet};
use crate::raw::{Decision, Obligation, Offer, Requirement};
use crate::scenario::{Scenario, Terms};
use serde::de::{SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A treaty text: one pick per clause of the scenario, in the scenario's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Draft([Pick; MAX_CLAUSES]);

impl Draft {
    pub fn pick(&self, clause: ClauseId) -> Pick {
        self.0.get(clause.index()).copied().unwrap_or_default()
    }

    /// The chosen option of a single-choice clause.
    pub fn option(&self, clause: ClauseId) -> usize {
        self.pick(clause).single()
    }

    pub fn with(mut self, clause: ClauseId, pick: Pick) -> Draft {
        if let Some(slot) = self.0.get_mut(clause.index()) {
            *slot = pick;
        }
        self
    }

    /// Whether the draft contains an option (chosen, or included in the menu).
    pub fn has(&self, clause: ClauseId, option: usize) -> bool {
        self.pick(clause).has(option)
    }

    /// Clauses whose text differs between two drafts.
    pub fn changed_clauses(&self, other: &Draft) -> impl Iterator<Item = ClauseId> + use<> {
        let (a, b) = (self.0, other.0);
        (0..MAX_CLAUSES as u8)
            .map(ClauseId)
            .filter(move |c| a[c.index()] != b[c.index()])
    }

    /// Whether `pick` is a well-formed choice for `clause` in `scenario`.
    pub fn pick_is_valid(scenario: &Scenario, clause: ClauseId, pick: Pick) -> bool {
        let Some(c) = scenario.clauses().get(clause.index()) else {
            return false;
        };
        pick.below(c.options.len()) == pick && (c.is_subset() || pick.count() == 1)
    }

    pub fn is_valid(&self, scenario: &Scenario) -> bool {
        let n = scenario.clauses().len();
        scenario
            .clause_ids()
            .all(|c| Draft::pick_is_valid(scenario, c, self.pick(c)))
            && self.0[n.min(MAX_CLAUSES)..].iter().all(|p| p.is_empty())
    }
}

/// Saved as the list of its picks, without the empty slots after the last clause.
impl Serialize for Draft {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let used = self
            .0
            .iter()
            .rposition(|p| !p.is_empty())
            .map_or(0, |i| i + 1);
        let mut seq = s.serialize_seq(Some(used))?;
        for p in &self.0[..used] {
            seq.serialize_element(p)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Draft {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Picks;
        impl<'de> Visitor<'de> for Picks {
            type Value = Draft;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "a list of at most {MAX_CLAUSES} clause choices")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Draft, A::Error> {
                let mut draft = Draft::default();
                let mut i = 0;
                while let Some(p) = seq.next_element::<Pick>()? {
                    let Some(slot) = draft.0.get_mut(i) else {
                        return Err(serde::de::Error::invalid_length(i + 1, &self));
                    };
                    *slot = p;
                    i += 1;
                }
                Ok(draft)
            }
        }
        d.deserialize_seq(Picks)
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
    /// Weight of each seat's share of a response's cost.
    pub burden: [i32; MAX_SEATS],
    pub offer: Offer,
    pub deterrence: i32,
    pub provocation: i32,
    /// Rungs every armed attack climbs beyond its own.
    pub tripwire: i32,
}

impl TreatyTerms {
    /// The terms of a treaty that has no clause of some kind: any one
    /// guarantor's signature brings it into force, a package is agreed by
    /// consensus, consultations take 12 hours to convene, the clock is 72
    /// hours at ordinary stakes, signatories only consult, nothing is
    /// pre-committed or pre-authorised, costs are shared equally, and the
    /// treaty is not offered to the aggressor.
    pub const NEUTRAL: TreatyTerms = TreatyTerms {
        requires: Requirement::Guarantors(1),
        decision: Decision::Consensus,
        convene_hours: 12,
        clock_hours: 72,
        stakes: 100,
        obligation: Obligation::ConsultOnly,
        menu: ResponseSet::EMPTY,
        preauthorised: false,
        burden: [1; MAX_SEATS],
        offer: Offer::NotOffered,
        deterrence: 0,
        provocation: 0,
        tripwire: 0,
    };

    pub fn of(scenario: &Scenario, draft: &Draft) -> TreatyTerms {
        let mut t = TreatyTerms::NEUTRAL;
        for (i, clause) in scenario.clauses().iter().enumerate() {
            for o in draft.0[i].options() {
                let Some(option) = clause.options.get(o) else {
                    continue;
                };
                t.deterrence += option.deterrence;
                t.provocation += option.provocation;
                t.tripwire += option.tripwire;
                match option.terms {
                    Terms::Plain => {}
                    Terms::Framework {
                        requires,
                        decision,
                        convene_hours,
                    } => {
                        t.requires = requires;
                        t.decision = decision;
                        t.convene_hours = convene_hours;
                    }
                    Terms::Clock { hours, stakes } => {
                        t.clock_hours = hours.max(1);
                        t.stakes = stakes;
                    }
                    Terms::Obligation(o) => t.obligation = o,
                    Terms::Menu(r) => t.menu.insert(r),
                    Terms::PreAuthorisation(p) => t.preauthorised = p,
                    Terms::Burden(weights) => t.burden = weights,
                    Terms::Offer(o) => t.offer = o,
                }
            }
        }
        t
    }

    /// Seats whose signatures bring the treaty into force, besides any `min` count.
    pub fn required_signatories(&self, scenario: &Scenario) -> (SeatSet, usize) {
        let protected = SeatSet::one(scenario.protected());
        match self.requires {
            Requirement::AllNato => (protected.union(scenario.nato()), 0),
            Requirement::Guarantors(n) => (protected, n.max(0) as usize),
        }
    }

    /// Whether these signatures suffice for entry into force.
    pub fn enters_into_force(&self, scenario: &Scenario, signed: SeatSet) -> bool {
        let (required, min_guarantors) = self.required_signatories(scenario);
        let guarantors = signed.intersect(scenario.guarantors()).len();
        signed.is_superset(required) && guarantors >= min_guarantors
    }
}

/// A seat's value of a draft: the sum of its preferences over the chosen options.
pub fn value(scenario: &Scenario, seat: Seat, draft: &Draft) -> i32 {
    let values = &scenario.faction(seat).secret.values;
    scenario
        .clause_ids()
        .map(|c| {
            draft
                .pick(c)
                .options()
                .map(|o| values[c.index()][o])
                .sum::<i32>()
        })
        .sum()
}

/// The lowest and highest value a seat can get from any well-formed draft.
pub fn value_range(scenario: &Scenario, seat: Seat) -> (i32, i32) {
    crate::utility::range(scenario, &scenario.faction(seat).secret.values)
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
        .filter(move |(_, r)| r.crossed_by(&draft))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_holds_one_pick_per_clause() {
        let d = Draft::default()
            .with(ClauseId(0), Pick::one(2))
            .with(ClauseId(2), Pick::from_bits(0b101));
        let used: Vec<u32> = d.0.iter().map(|p| p.bits()).collect();
        assert_eq!(&used[..3], &[4, 0, 5]);
        assert!(used[3..].iter().all(|b| *b == 0));
        assert_eq!(d.changed_clauses(&Draft::default()).count(), 2);
    }
}
