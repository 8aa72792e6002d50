//! What a treaty text is worth to a seat in the negotiation: its preferences
//! over the clauses plus the objectives the text alone decides, on one
//! additive scale normalised to 0..1 over every well-formed draft.
//!
//! The scale is linear-additive per clause option (subset clauses count each
//! included option), so it can be searched clause by clause and exported to
//! GENIUS-style domains exactly.

use crate::draft::Draft;
use crate::ids::{ClauseId, MAX_CLAUSES, MAX_OPTIONS, Pick, Seat};
use crate::raw::Condition;
use crate::scenario::{Objective, Scenario, Values};

/// Units per preference point; objective points count one unit each.
pub const PREFERENCE_WEIGHT: i32 = 2;

/// Per-option units: [clause][option].
pub type UtilityTable = Values;

/// A seat's (or an estimated) additive utility over treaty texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Utility {
    pub table: UtilityTable,
    /// Options each clause offers in this scenario (0 past its last clause).
    pub options: [usize; MAX_CLAUSES],
    /// Clauses that take any subset of their options (bit per clause).
    pub subset: u32,
    pub lo: i32,
    pub hi: i32,
}

impl Utility {
    /// The utility of `seat`: its preferences and the text-decided part of its objectives.
    pub fn of(scenario: &Scenario, seat: Seat) -> Utility {
        let secret = &scenario.faction(seat).secret;
        let mut table = [[0; MAX_OPTIONS]; MAX_CLAUSES];
        for (f, row) in table.iter_mut().enumerate() {
            for (o, v) in row.iter_mut().enumerate() {
                *v = secret.values[f][o] * PREFERENCE_WEIGHT;
            }
        }
        for objective in &secret.objectives {
            fold_objective(scenario, objective, &mut table);
        }
        Utility::from_table(scenario, table)
    }

    /// A utility from per-option units (for estimated models of other seats).
    pub fn from_table(scenario: &Scenario, table: UtilityTable) -> Utility {
        let mut options = [0; MAX_CLAUSES];
        let mut subset = 0;
        for (i, c) in scenario.clauses().iter().enumerate() {
            options[i] = c.options.len().min(MAX_OPTIONS);
            if c.is_subset() {
                subset |= 1 << i;
            }
        }
        let (lo, hi) = range(scenario, &table);
        Utility {
            table,
            options,
            subset,
            lo,
            hi,
        }
    }

    /// Units of a draft.
    pub fn units(&self, d: &Draft) -> i32 {
        (0..MAX_CLAUSES as u8)
            .map(|i| self.pick_units(ClauseId(i), d.pick(ClauseId(i))))
            .sum()
    }

    /// Units of one clause's pick (options the clause does not have count
    /// nothing). A draft's units are the sum over its clauses, so a search
    /// that changes one clause can update them from that clause alone.
    pub fn pick_units(&self, f: ClauseId, pick: Pick) -> i32 {
        let Some(row) = self.table.get(f.index()) else {
            return 0;
        };
        let mut units = 0;
        let mut bits = pick.below(self.options[f.index()]).bits();
        while bits != 0 {
            units += row[bits.trailing_zeros() as usize];
            bits &= bits - 1;
        }
        units
    }

    /// Whether clause `c` takes any subset of its options.
    pub fn is_subset(&self, c: ClauseId) -> bool {
        self.subset & (1 << c.index()) != 0
    }

    /// The clauses of the scenario this utility is over.
    pub fn clauses(&self) -> impl Iterator<Item = ClauseId> + use<> {
        let n = self.options.iter().take_while(|n| **n > 0).count();
        (0..n as u8).map(ClauseId)
    }

    /// The draft's value on 0..1 (0 the worst text possible, 1 the best).
    pub fn value(&self, d: &Draft) -> f64 {
        self.scale(self.units(d))
    }

    /// Units on 0..1.
    pub fn scale(&self, units: i32) -> f64 {
        if self.hi == self.lo {
            1.0
        } else {
            (units - self.lo) as f64 / (self.hi - self.lo) as f64
        }
    }

    /// Range of units one clause can move (its weight in the whole).
    pub fn clause_span(&self, f: ClauseId) -> i32 {
        let row = &self.table[f.index()][..self.options[f.index()]];
        if self.is_subset(f) {
            row.iter().map(|v| v.abs()).sum()
        } else {
            row.iter().max().unwrap_or(&0) - row.iter().min().unwrap_or(&0)
        }
    }
}

/// The lowest and highest sum of per-option units any well-formed draft can
/// reach (a menu counts each included option).
pub fn range(scenario: &Scenario, table: &UtilityTable) -> (i32, i32) {
    let (mut lo, mut hi) = (0, 0);
    for (i, c) in scenario.clauses().iter().enumerate() {
        let n = c.options.len().min(MAX_OPTIONS);
        let row = &table[i][..n];
        if c.is_subset() {
            lo += row.iter().filter(|v| **v < 0).sum::<i32>();
            hi += row.iter().filter(|v| **v > 0).sum::<i32>();
        } else {
            lo += row.iter().copied().min().unwrap_or(0);
            hi += row.iter().copied().max().unwrap_or(0);
        }
    }
    (lo, hi)
}

/// Points of a seat's objectives that its own signature on a negotiated text
/// meets ("signed", "negotiated and signed"): what joining a treaty is worth
/// beyond its clauses. The clause-by-clause scale leaves them out.
///
/// An objective that needs its signature and something play decides ("a
/// treaty the United States signed, and that Russia accepts") counts too:
/// without the signature it cannot be met at all.
pub fn signature_points(scenario: &Scenario, seat: Seat) -> i32 {
    let mine = |c: &Condition| matches!(c, Condition::Signed(who) if *who == seat);
    let by_signing =
        |c: &Condition| mine(c) || matches!(c, Condition::Negotiated | Condition::TreatyInForce);
    let text = |c: &Condition| {
        matches!(
            c,
            Condition::Has(..) | Condition::Lacks(..) | Condition::Any(_) | Condition::All(_)
        )
    };
    scenario
        .faction(seat)
        .secret
        .objectives
        .iter()
        .map(|o| match &o.condition {
            Condition::All(cs)
                if cs.iter().any(mine) && (cs.iter().all(by_signing) || !cs.iter().any(text)) =>
            {
                o.points
            }
            Condition::All(_) => 0,
            c if mine(c) => o.points,
            _ => 0,
        })
        .sum()
}

/// Points the fallback text seems to earn on `seat`'s folded scale but cannot:
/// those of the text-decided objectives it meets that need a negotiated
/// treaty, or the signature of a seat the fallback does not bind ("a
/// negotiated treaty with a 72-hour clock" is not met by a fallback with a
/// 72-hour clock). A reservation value is the fallback's units less these.
pub fn unearned_by_fallback<'a>(
    scenario: &Scenario,
    objectives: impl IntoIterator<Item = &'a Objective>,
    fallback: &Draft,
    bound: crate::ids::SeatSet,
) -> i32 {
    objectives
        .into_iter()
        .filter(|o| needs_a_treaty(&o.condition, bound) && text_holds(&o.condition, fallback))
        .filter(|o| {
            let mut table = [[0; MAX_OPTIONS]; MAX_CLAUSES];
            fold(scenario, &o.condition, o.points, &mut table);
            table.iter().flatten().any(|v| *v != 0)
        })
        .map(|o| o.points)
        .sum()
}

/// Whether a condition asks for a negotiated treaty or the signature of a
/// seat outside `bound`.
fn needs_a_treaty(c: &Condition, bound: crate::ids::SeatSet) -> bool {
    match c {
        Condition::Negotiated => true,
        Condition::Signed(s) => !bound.contains(*s),
        Condition::All(cs) => cs.iter().any(|c| needs_a_treaty(c, bound)),
        _ => false,
    }
}

/// Whether a condition asks anything of the treaty text (a clause option
/// present or absent).
pub fn text_decides(c: &Condition) -> bool {
    match c {
        Condition::Has(..) | Condition::Lacks(..) => true,
        Condition::All(cs) | Condition::Any(cs) => cs.iter().any(text_decides),
        _ => false,
    }
}

/// Whether the text part of a condition holds for a draft (the rest is
/// taken as met).
pub fn text_holds(c: &Condition, d: &Draft) -> bool {
    match c {
        Condition::Has(clause, o) => d.has(*clause, *o),
        Condition::Lacks(clause, o) => !d.has(*clause, *o),
        Condition::All(cs) => cs.iter().all(|c| text_holds(c, d)),
        Condition::Any(cs) => cs.iter().any(|c| text_holds(c, d)),
        _ => true,
    }
}

/// Add an objective's points to the options that decide it, when the treaty
/// text alone decides it (a clause option present or absent, possibly "and
/// negotiated", or one of several options of a clause). Objectives decided by
/// play (tracks, crises, signatures) are left to the crisis agents.
pub fn fold_objective(scenario: &Scenario, objective: &Objective, table: &mut UtilityTable) {
    fold(scenario, &objective.condition, objective.points, table);
}

fn fold(scenario: &Scenario, c: &Condition, points: i32, table: &mut UtilityTable) {
    let in_range = |o: usize| o < MAX_OPTIONS;
    match c {
        Condition::Has(clause, o) if in_range(*o) => table[clause.index()][*o] += points,
        // Relative to the other options, containing it costs the points.
        Condition::Lacks(clause, o) if in_range(*o) => table[clause.index()][*o] -= points,
        // "Negotiated and X", "signed by Y and X": an agreed text is
        // negotiated, and the seats it is written for sign it, so X decides.
        Condition::All(cs) => {
            let text = cs.iter().filter(|c| {
                !matches!(
                    c,
                    Condition::Negotiated | Condition::TreatyInForce | Condition::Signed(_)
                )
            });
            // Several conditions on the text share the points, as an
            // additive scale can hold them: each brings its part.
            let parts: Vec<&Condition> = text.collect();
            let n = parts.len() as i32;
            for part in parts {
                fold(scenario, part, points / n, table);
            }
        }
        // One of several options: each carries the points (single-choice
        // clauses hold only one), or a share of them (menu items). Checked
        // before anything is added, without collecting: every utility of
        // every AI decision folds these.
        Condition::Any(cs) => {
            let pick = |c: &Condition| match c {
                Condition::Has(clause, o) if in_range(*o) => Some((*clause, *o)),
                _ => None,
            };
            let Some((clause, _)) = cs.first().and_then(pick) else {
                return;
            };
            if !cs.iter().all(|c| pick(c).is_some_and(|(f, _)| f == clause)) {
                return;
            }
            let share = if scenario.clause(clause).is_subset() {
                points / cs.len() as i32
            } else {
                points
            };
            for (f, o) in cs.iter().filter_map(pick) {
                table[f.index()][o] += share;
            }
        }
        _ => {}
    }
}
