//! What a treaty text is worth to a seat in the negotiation: its preferences
//! over the clauses plus the objectives the text alone decides, on one
//! additive scale normalised to 0..1 over every well-formed draft.
//!
//! The scale is linear-additive per clause option (subset clauses count each
//! included option), so it can be searched clause by clause and exported to
//! GENIUS-style domains exactly.

use super::draft::Draft;
use super::ids::{ClauseFamily, MAX_OPTIONS, Seat};
use super::scenario::{Condition, Objective, Scenario};

/// Units per preference point; objective points count one unit each.
pub const PREFERENCE_WEIGHT: i32 = 2;

/// Per-option units: [clause family][option].
pub type UtilityTable = [[i32; MAX_OPTIONS]; ClauseFamily::COUNT];

/// A seat's (or an estimated) additive utility over treaty texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Utility {
    pub table: UtilityTable,
    /// Options each clause offers in this scenario.
    pub options: [usize; ClauseFamily::COUNT],
    pub lo: i32,
    pub hi: i32,
}

impl Utility {
    /// The utility of `seat`: its preferences and the text-decided part of its objectives.
    pub fn of(scenario: &Scenario, seat: Seat) -> Utility {
        let secret = &scenario.faction(seat).secret;
        let mut table = [[0; MAX_OPTIONS]; ClauseFamily::COUNT];
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
        let mut options = [0; ClauseFamily::COUNT];
        for f in ClauseFamily::ALL {
            options[f.index()] = scenario.clause(f).options.len().min(MAX_OPTIONS);
        }
        let (lo, hi) = range(scenario, &table);
        Utility {
            table,
            options,
            lo,
            hi,
        }
    }

    /// Units of a draft.
    pub fn units(&self, d: &Draft) -> i32 {
        ClauseFamily::ALL
            .into_iter()
            .map(|f| {
                d.pick(f)
                    .options()
                    .filter(|o| *o < self.options[f.index()])
                    .map(|o| self.table[f.index()][o])
                    .sum::<i32>()
            })
            .sum()
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
    pub fn clause_span(&self, f: ClauseFamily) -> i32 {
        let row = &self.table[f.index()][..self.options[f.index()]];
        if f.is_subset() {
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
    for f in ClauseFamily::ALL {
        let n = scenario.clause(f).options.len().min(MAX_OPTIONS);
        let row = &table[f.index()][..n];
        if f.is_subset() {
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
pub fn signature_points(scenario: &Scenario, seat: Seat) -> i32 {
    let me = &scenario.faction(seat).id;
    let mine = |c: &Condition| matches!(c, Condition::Signed(who) if who == me);
    let by_signing =
        |c: &Condition| mine(c) || matches!(c, Condition::Negotiated | Condition::TreatyInForce);
    scenario
        .faction(seat)
        .secret
        .objectives
        .iter()
        .filter(|o| match &o.condition {
            Condition::All(cs) => cs.iter().all(by_signing) && cs.iter().any(mine),
            c => mine(c),
        })
        .map(|o| o.points)
        .sum()
}

/// Add an objective's points to the options that decide it, when the treaty
/// text alone decides it (a clause option present or absent, possibly "and
/// negotiated", or one of several options of a clause). Objectives decided by
/// play (tracks, crises, signatures) are left to the crisis agents.
pub fn fold_objective(scenario: &Scenario, objective: &Objective, table: &mut UtilityTable) {
    fold(scenario, &objective.condition, objective.points, table);
}

fn fold(scenario: &Scenario, c: &Condition, points: i32, table: &mut UtilityTable) {
    let at = |clause: &str, option: &str| {
        let f = scenario.clause_by_id(clause)?;
        let o = scenario.option_by_id(f, option)?;
        (o < MAX_OPTIONS).then_some((f, o))
    };
    match c {
        Condition::Has(clause, option) => {
            if let Some((f, o)) = at(clause, option) {
                table[f.index()][o] += points;
            }
        }
        Condition::Lacks(clause, option) => {
            if let Some((f, o)) = at(clause, option) {
                // Relative to the other options, containing it costs the points.
                table[f.index()][o] -= points;
            }
        }
        // "Negotiated and X": an agreed text is negotiated, so X decides.
        Condition::All(cs) => {
            let text: Vec<&Condition> = cs
                .iter()
                .filter(|c| !matches!(c, Condition::Negotiated | Condition::TreatyInForce))
                .collect();
            if let [only] = text[..] {
                fold(scenario, only, points, table);
            }
        }
        // One of several options: each carries the points (single-choice
        // clauses hold only one), or a share of them (menu items).
        Condition::Any(cs) => {
            let picks: Option<Vec<(ClauseFamily, usize)>> = cs
                .iter()
                .map(|c| match c {
                    Condition::Has(clause, option) => at(clause, option),
                    _ => None,
                })
                .collect();
            let Some(picks) = picks else { return };
            let Some(&(family, _)) = picks.first() else {
                return;
            };
            if picks.iter().any(|(f, _)| *f != family) {
                return;
            }
            let share = if family.is_subset() {
                points / picks.len() as i32
            } else {
                points
            };
            for (f, o) in picks {
                table[f.index()][o] += share;
            }
        }
        _ => {}
    }
}
