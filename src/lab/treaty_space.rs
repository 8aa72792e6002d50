//! The treaty space seen from the negotiating table: every treaty the
//! negotiators could agree, what each of them gets from it, and the reference
//! points that measure how good an agreement is.
//!
//! Definitions (computed exactly, over the whole space):
//!
//! - **Negotiators**: every faction whose role is not `Aggressor`, in seat order.
//!   Each one's utility is [`Utility::of`]: additive over clause options,
//!   normalised so that 0 is the worst well-formed treaty and 1 the best.
//! - **Treaty space**: every well-formed draft (one option per single-choice
//!   clause, any subset of the response menu) with the game's fixed clauses
//!   ([`GameConfig::apply`]) in place.
//! - **Feasible**: a draft in the treaty space that crosses no negotiator's red
//!   line. Only feasible drafts count as possible agreements.
//! - **Disagreement point** `d`: each negotiator's utility of the fallback that
//!   applies when talks fail (with the fixed clauses applied).
//! - **Zone of agreement (ZOPA)**: some feasible draft gives every negotiator at
//!   least its disagreement utility (`u_i >= d_i`).
//! - **Nash bargaining point**: among feasible drafts with `u_i >= d_i` for every
//!   negotiator, the one with the largest product of gains `Π (u_i - d_i)`. Ties
//!   go to the larger sum of utilities, then to the first draft in clause order
//!   (lowest option indices first), so the point is unique and reproducible.
//! - **Pareto frontier**: the utility vectors of feasible drafts that no other
//!   feasible draft dominates (at least as good for every negotiator, better for
//!   one). Drafts with the same vector count once; the frontier is a set of
//!   points, not a curve between them.
//! - **Nash distance** of a draft: the Euclidean distance between its utility
//!   vector and the Nash point's, divided by `√n` (n negotiators) so it lies in
//!   0..1. Not a number (NaN) when there is no zone of agreement.
//! - **Pareto distance** of a draft: 0 if its utility vector is at least as good
//!   for everyone as some frontier point (every frontier draft; only an
//!   infeasible draft can be beyond the frontier), otherwise the Euclidean
//!   distance to the nearest frontier point, divided by `√n`. NaN when no draft
//!   is feasible.
//!
//! How it stays fast: utilities are additive, so a Pareto-optimal draft is made
//! of choices that are undominated clause by clause. Red lines only forbid or
//! require single options, so they are applied to each clause's choices first,
//! after which the space is a product of independent issues (each single-choice
//! clause is one issue, each response-menu item a yes/no issue). The frontier is
//! built issue by issue, keeping only the undominated partial sums, in exact
//! integer units.

use crate::core::{
    ClauseId, Draft, GameConfig, MAX_OPTIONS, MAX_SEATS, Pick, RedLineKind, Role, Scenario, Seat,
    Utility,
};
use std::cmp::Ordering;

/// Utility units of each negotiator (only the first `n` entries are used).
type Units = [i32; MAX_SEATS];

/// A point of the Pareto frontier.
#[derive(Clone, Debug, PartialEq)]
pub struct FrontierPoint {
    /// The first draft in clause order with these utilities.
    pub draft: Draft,
    /// Each negotiator's utility (0..1), in the order of [`TreatySpace::negotiators`].
    pub utilities: Vec<f64>,
    units: Units,
}

/// The negotiators' treaty space, its frontier and its bargaining points.
#[derive(Clone, Debug)]
pub struct TreatySpace {
    negotiators: Vec<Seat>,
    utilities: Vec<Utility>,
    disagreement: Vec<f64>,
    frontier: Vec<FrontierPoint>,
    /// Index into `frontier`.
    nash: Option<usize>,
}

/// One independent choice: a single-choice clause, one menu item, or a fixed clause.
struct Issue {
    family: ClauseId,
    /// Bits it adds to the family's pick, and what they are worth.
    choices: Vec<(Pick, Units)>,
}

/// A partial or complete draft and its units.
#[derive(Clone, Copy)]
struct Point {
    units: Units,
    draft: Draft,
}

impl TreatySpace {
    pub fn new(scenario: &Scenario, config: &GameConfig) -> TreatySpace {
        let negotiators: Vec<Seat> = scenario
            .seats()
            .filter(|s| scenario.faction(*s).role != Role::Aggressor)
            .collect();
        let utilities: Vec<Utility> = negotiators
            .iter()
            .map(|s| Utility::of(scenario, *s))
            .collect();
        let fallback = config.apply(scenario.fallback().draft);
        // What the fallback truly brings each: aims that need a negotiated
        // treaty, or a signature it does not carry, count nothing.
        let bound = scenario.fallback().signatories;
        let disagreement_units: Vec<i32> = negotiators
            .iter()
            .zip(&utilities)
            .map(|(seat, u)| {
                let objectives = &scenario.faction(*seat).secret.objectives;
                u.units(&fallback)
                    - crate::core::unearned_by_fallback(scenario, objectives, &fallback, bound)
            })
            .collect();
        let disagreement = utilities
            .iter()
            .zip(&disagreement_units)
            .map(|(u, d)| u.scale(*d))
            .collect();
        let n = negotiators.len();

        let points = match issues(scenario, config, &negotiators, &utilities) {
            Some(issues) => {
                let mut set = vec![Point {
                    units: [0; MAX_SEATS],
                    draft: Draft::default(),
                }];
                for issue in &issues {
                    let mut next = Vec::with_capacity(set.len() * issue.choices.len());
                    for p in &set {
                        for (pick, units) in &issue.choices {
                            let mut u = p.units;
                            for i in 0..n {
                                u[i] += units[i];
                            }
                            let merged = p.draft.pick(issue.family).union(*pick);
                            next.push(Point {
                                units: u,
                                draft: p.draft.with(issue.family, merged),
                            });
                        }
                    }
                    set = skyline(next, n);
                }
                set
            }
            None => Vec::new(),
        };

        let mut frontier: Vec<FrontierPoint> = points
            .into_iter()
            .map(|p| FrontierPoint {
                draft: p.draft,
                utilities: (0..n).map(|i| utilities[i].scale(p.units[i])).collect(),
                units: p.units,
            })
            .collect();
        frontier.sort_by_key(|a| a.draft);

        let nash = nash_index(&frontier, &utilities, &disagreement_units);
        TreatySpace {
            negotiators,
            utilities,
            disagreement,
            frontier,
            nash,
        }
    }

    /// The negotiating seats, in seat order.
    pub fn negotiators(&self) -> &[Seat] {
        &self.negotiators
    }

    /// Each negotiator's utility, in the order of [`TreatySpace::negotiators`].
    pub fn utilities(&self) -> &[Utility] {
        &self.utilities
    }

    /// The disagreement point: each negotiator's utility of the fallback.
    pub fn disagreement(&self) -> &[f64] {
        &self.disagreement
    }

    /// Whether a zone of agreement exists.
    pub fn zopa(&self) -> bool {
        self.nash.is_some()
    }

    /// The Nash bargaining draft, if there is a zone of agreement.
    pub fn nash(&self) -> Option<Draft> {
        self.nash_point().map(|p| p.draft)
    }

    /// The Nash bargaining point (draft and utilities).
    pub fn nash_point(&self) -> Option<&FrontierPoint> {
        self.nash.and_then(|i| self.frontier.get(i))
    }

    /// The Pareto frontier, one point per distinct utility vector, in draft order.
    pub fn frontier(&self) -> &[FrontierPoint] {
        &self.frontier
    }

    pub fn frontier_len(&self) -> usize {
        self.frontier.len()
    }

    /// Each negotiator's utility of a draft.
    pub fn utilities_of(&self, draft: &Draft) -> Vec<f64> {
        self.utilities.iter().map(|u| u.value(draft)).collect()
    }

    /// Distance from the Nash point, in 0..1 (NaN without a zone of agreement).
    pub fn nash_distance(&self, draft: &Draft) -> f64 {
        match self.nash_point() {
            Some(p) => self.scaled(distance(&self.utilities_of(draft), &p.utilities)),
            None => f64::NAN,
        }
    }

    /// Distance from the Pareto frontier, in 0..1 (NaN if nothing is feasible).
    pub fn pareto_distance(&self, draft: &Draft) -> f64 {
        if self.frontier.is_empty() {
            return f64::NAN;
        }
        let units: Vec<i32> = self.utilities.iter().map(|u| u.units(draft)).collect();
        if self
            .frontier
            .iter()
            .any(|f| units.iter().zip(&f.units).all(|(a, b)| a >= b))
        {
            return 0.0;
        }
        let point = self.utilities_of(draft);
        let nearest = self
            .frontier
            .iter()
            .map(|f| distance(&point, &f.utilities))
            .fold(f64::INFINITY, f64::min);
        self.scaled(nearest)
    }

    fn scaled(&self, d: f64) -> f64 {
        if self.negotiators.is_empty() {
            0.0
        } else {
            d / (self.negotiators.len() as f64).sqrt()
        }
    }
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// The independent issues of the treaty space, each with its feasible,
/// undominated choices; `None` if red lines leave nothing feasible.
fn issues(
    scenario: &Scenario,
    config: &GameConfig,
    negotiators: &[Seat],
    utilities: &[Utility],
) -> Option<Vec<Issue>> {
    let n = negotiators.len();
    let red_lines: Vec<(ClauseId, usize, RedLineKind)> = negotiators
        .iter()
        .flat_map(|s| &scenario.faction(*s).secret.red_lines)
        .map(|r| (r.clause, r.option, r.kind))
        .collect();
    let all = u16::MAX;
    let mut issues = Vec::new();
    for family in scenario.clause_ids() {
        let options = scenario.clause(family).options.len().min(MAX_OPTIONS);
        if let Some(pick) = config.fixed_pick(family) {
            issues.push((family, all, vec![pick]));
        } else if scenario.clause(family).is_subset() {
            for o in 0..options {
                issues.push((family, 1 << o, vec![Pick::EMPTY, Pick::one(o)]));
            }
        } else {
            issues.push((family, all, (0..options).map(Pick::one).collect()));
        }
    }
    // A required option that no issue can supply (a menu item the clause lacks).
    let uncovered = red_lines.iter().any(|(f, o, kind)| {
        *kind == RedLineKind::Require
            && !issues
                .iter()
                .any(|(family, scope, _)| family == f && *o < MAX_OPTIONS && scope & (1 << o) != 0)
    });
    if uncovered {
        return None;
    }
    let mut result = Vec::new();
    for (family, scope, picks) in issues {
        let mut choices: Vec<(Pick, Units)> = picks
            .into_iter()
            .filter(|pick| {
                red_lines.iter().all(|(f, o, kind)| {
                    if *f != family || *o >= MAX_OPTIONS || scope & (1 << o) == 0 {
                        return true;
                    }
                    match kind {
                        RedLineKind::Forbid => !pick.has(*o),
                        RedLineKind::Require => pick.has(*o),
                    }
                })
            })
            .map(|pick| {
                let mut units = [0; MAX_SEATS];
                for (i, u) in utilities.iter().enumerate() {
                    units[i] = pick
                        .options()
                        .filter(|o| *o < u.options[family.index()])
                        .map(|o| u.table[family.index()][o])
                        .sum();
                }
                (pick, units)
            })
            .collect();
        if choices.is_empty() {
            return None;
        }
        // Undominated choices only; among equal ones, the lowest pick.
        choices.sort_by(|a, b| a.1[..n].cmp(&b.1[..n]).then(a.0.cmp(&b.0)));
        choices.dedup_by(|later, first| later.1[..n] == first.1[..n]);
        let undominated: Vec<(Pick, Units)> = choices
            .iter()
            .filter(|(_, u)| !choices.iter().any(|(_, v)| dominates(v, u, n)))
            .copied()
            .collect();
        result.push(Issue {
            family,
            choices: undominated,
        });
    }
    Some(result)
}

/// `a` is at least as good as `b` for everyone and better for someone.
fn dominates(a: &Units, b: &Units, n: usize) -> bool {
    let mut better = false;
    for i in 0..n {
        match a[i].cmp(&b[i]) {
            Ordering::Less => return false,
            Ordering::Greater => better = true,
            Ordering::Equal => {}
        }
    }
    better
}

/// The undominated points, one per distinct vector (the first draft in clause order).
fn skyline(mut points: Vec<Point>, n: usize) -> Vec<Point> {
    points.sort_by(|a, b| a.units[..n].cmp(&b.units[..n]).then(a.draft.cmp(&b.draft)));
    points.dedup_by(|later, first| later.units[..n] == first.units[..n]);
    // A dominating point has a larger sum, so it comes first: one pass suffices.
    let sum = |p: &Point| p.units[..n].iter().map(|u| *u as i64).sum::<i64>();
    points.sort_by_key(|p| std::cmp::Reverse(sum(p)));
    let mut kept: Vec<Point> = Vec::new();
    for p in points {
        if !kept.iter().any(|k| dominates(&k.units, &p.units, n)) {
            kept.push(p);
        }
    }
    kept
}

/// The frontier point maximising the product of gains over the disagreement
/// point, in exact integer arithmetic (normalisation multiplies every product
/// by the same positive constant).
fn nash_index(
    frontier: &[FrontierPoint],
    utilities: &[Utility],
    disagreement: &[i32],
) -> Option<usize> {
    let n = utilities.len();
    let spans: Vec<i128> = utilities.iter().map(|u| (u.hi - u.lo) as i128).collect();
    let common: i128 = spans.iter().filter(|s| **s > 0).product();
    // Sum of normalised utilities, times `common`.
    let sum = |units: &Units| -> i128 {
        (0..n)
            .filter(|i| spans[*i] > 0)
            .map(|i| (units[i] - utilities[i].lo) as i128 * (common / spans[i]))
            .sum()
    };
    let product = |units: &Units| -> i128 {
        (0..n)
            .map(|i| (units[i] - disagreement[i]) as i128)
            .product()
    };
    let mut best: Option<(usize, i128, i128)> = None;
    for (i, f) in frontier.iter().enumerate() {
        if (0..n).any(|k| f.units[k] < disagreement[k]) {
            continue;
        }
        let (p, s) = (product(&f.units), sum(&f.units));
        let better = match best {
            None => true,
            Some((j, bp, bs)) => {
                (p, s).cmp(&(bp, bs)).then(frontier[j].draft.cmp(&f.draft)) == Ordering::Greater
            }
        };
        if better {
            best = Some((i, p, s));
        }
    }
    best.map(|(i, _, _)| i)
}
