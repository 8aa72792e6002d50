//! The simulation lab: complete AI-vs-AI games, headless, in batches.
//!
//! Game `i` of a batch is seeded from the batch seed and `i` alone, and results
//! are combined in game order, so a batch gives the same figures whatever the
//! number of threads.

pub mod exploits;
pub mod genius;
pub mod tournament;
pub mod treaty_space;

use crate::ai::{self, Bot};
use crate::core::text::excerpt;
use crate::core::{
    Action, ClauseId, Ending, Game, GameConfig, Phase, Pick, ResponseSet, Scenario, Seat, SeatSet,
    SetupError, Step,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Safety net: no legal game comes near this many decisions.
pub const MAX_STEPS: u32 = 20_000;

/// The outcome of one headless game.
#[derive(Clone, Debug, PartialEq)]
pub struct GameSummary {
    pub negotiated: bool,
    pub rounds: i32,
    pub crises: u32,
    pub clocks_met: u32,
    pub ending: Option<Ending>,
    pub months: i32,
    pub steps: u32,
    pub scores: Vec<i32>,
    pub victories: Vec<bool>,
    /// Per seat, whether each of its objectives was met.
    pub objectives: Vec<Vec<bool>>,
    /// Attacks launched, by catalogue index.
    pub attacks: Vec<u32>,
    /// Month of the first attack, if any.
    pub first_attack: Option<i32>,
    /// The treaty in force at the end (negotiated or fallback).
    pub treaty: Option<crate::core::Draft>,
    /// The highest rung of the escalation ladder reached, the starting rung included.
    pub peak_escalation: i32,
    /// Per seat, the decisions that did something, counted as the game was played.
    pub active: ActiveDecisions,
    /// The most times one seat proposed the same package in one crisis.
    pub repeat_proposals: u32,
    /// The largest share of one seat's moves given one wording of reason
    /// (see [`Wordings::max_share`]); 0 unless the loop that played the
    /// game counted them.
    pub reason_share: f64,
}

/// Per seat, how many of its decisions did something: anything but passing,
/// holding, waiting or standing down (see [`is_active`]).
///
/// A game's record does not say in which phase each decision was taken, so
/// the loop that plays the game counts them as it goes ([`run_while`], the
/// strategy search's loop): rebuilding the phases afterwards would mean
/// replaying the whole game.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActiveDecisions {
    /// Per seat, in the whole game.
    pub all: Vec<u32>,
    /// Per seat, only those taken between crises, outside the negotiation
    /// (the answer to the treaty's offer, the months between crises).
    pub between_crises: Vec<u32>,
}

impl ActiveDecisions {
    /// No decision counted yet, for `seats` seats.
    pub fn new(seats: usize) -> ActiveDecisions {
        ActiveDecisions {
            all: vec![0; seats],
            between_crises: vec![0; seats],
        }
    }

    /// Count the decision `game` applied last, taken in `phase` (the phase
    /// before it was applied: the decision may have ended it).
    pub fn count_last(&mut self, game: &Game, phase: Phase) {
        let Some(Step::Seat(seat, action)) = game.record().last() else {
            return;
        };
        if !is_active(action) {
            return;
        }
        if let Some(n) = self.all.get_mut(seat.index()) {
            *n += 1;
        }
        if is_between_crises(phase)
            && let Some(n) = self.between_crises.get_mut(seat.index())
        {
            *n += 1;
        }
    }
}

/// Whether a decision does something: passing, holding, waiting and
/// standing down do not; everything else does (a signalled red line, an
/// answer to the offer, a new kind of action).
pub fn is_active(action: &Action) -> bool {
    !matches!(
        action,
        Action::Pass | Action::Hold | Action::Wait(_) | Action::StandDown
    )
}

/// Whether `phase` lies between crises, outside the negotiation. Every
/// phase is named, so that a new one must be sorted here.
fn is_between_crises(phase: Phase) -> bool {
    match phase {
        Phase::Offer | Phase::Interlude => true,
        Phase::Negotiation | Phase::Crisis | Phase::Ended => false,
    }
}

/// The seed of game `index` of a batch. The first game uses the batch seed
/// itself, so `simulate --games 1 --seed S` plays the game `play --seed S` starts.
pub fn game_seed(batch_seed: u64, index: u64) -> u64 {
    if index == 0 {
        batch_seed
    } else {
        ai::splitmix(batch_seed ^ ai::splitmix(index))
    }
}

/// Whether the AI seats of a game draw their personalities from the
/// scenario's ranges (the default: every game another table) or play them
/// as the scenario writes them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Personalities {
    #[default]
    Varied,
    AsWritten,
}

impl Personalities {
    pub fn name(self) -> &'static str {
        match self {
            Personalities::Varied => "varied",
            Personalities::AsWritten => "as written",
        }
    }

    /// The game options for these seats: `fixed` clauses, and `seats`
    /// varied when personalities are.
    pub fn config(self, fixed: Vec<(ClauseId, Pick)>, seats: SeatSet) -> GameConfig {
        GameConfig {
            fixed,
            varied: match self {
                Personalities::Varied => seats,
                Personalities::AsWritten => SeatSet::EMPTY,
            },
        }
    }
}

/// Every seat of `scenario` (the lab's games have no human to keep as written).
pub fn all_seats(scenario: &Scenario) -> SeatSet {
    scenario.seats().collect()
}

/// Play one game to its end with these bots (one per seat).
pub fn play(
    scenario: Arc<Scenario>,
    seed: u64,
    config: GameConfig,
    bots: &[Bot],
) -> Result<Game, SetupError> {
    let mut game = Game::new(scenario, seed, config)?;
    run(&mut game, bots);
    Ok(game)
}

/// Let the bots play `game` until it ends; the active decisions they took.
pub fn run(game: &mut Game, bots: &[Bot]) -> ActiveDecisions {
    run_while(game, bots, |_| true)
}

/// Let the bots play `game` while `go_on` holds (and the game lasts); the
/// active decisions they took in this call.
pub fn run_while(game: &mut Game, bots: &[Bot], go_on: impl Fn(&Game) -> bool) -> ActiveDecisions {
    run_observed(game, bots, go_on, |_, _| {})
}

/// [`run_while`], showing `observe` every decision as it is played.
pub fn run_observed(
    game: &mut Game,
    bots: &[Bot],
    go_on: impl Fn(&Game) -> bool,
    mut observe: impl FnMut(Seat, &ai::Decision),
) -> ActiveDecisions {
    let mut active = ActiveDecisions::new(game.scenario().factions().len());
    while let Some(seat) = game.to_move() {
        if !go_on(game) || game.state().steps >= MAX_STEPS {
            break;
        }
        let bot = bots.get(seat.index()).copied().unwrap_or_default();
        let phase = game.state().phase();
        let Ok(decision) = ai::advance(game, seat, bot) else {
            break;
        };
        observe(seat, &decision);
        active.count_last(game, phase);
    }
    active
}

/// Seats with fewer moves than this in a game are left out of its reason
/// share: with four moves, four different reasons are a quarter each.
pub const REASON_SHARE_MIN_MOVES: u32 = 5;

/// Per seat, how many of its moves gave each wording of reason (the
/// rendered line without its figures, see [`ai::Reason::wording`]).
#[derive(Clone, Debug, Default)]
pub struct Wordings {
    seats: Vec<(u32, HashMap<String, u32>)>,
}

impl Wordings {
    pub fn new(seats: usize) -> Wordings {
        Wordings {
            seats: vec![(0, HashMap::new()); seats],
        }
    }

    /// Count `seat`'s reason for one move.
    pub fn count(&mut self, seat: Seat, reason: &ai::Reason) {
        if let Some((moves, counts)) = self.seats.get_mut(seat.index()) {
            *moves += 1;
            *counts
                .entry(ai::Reason::wording(&reason.line()))
                .or_default() += 1;
        }
    }

    /// `seat`'s most used wording and its share of the seat's moves.
    pub fn top(&self, seat: Seat) -> Option<(&str, f64)> {
        let (moves, counts) = self.seats.get(seat.index())?;
        let (wording, n) = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
        Some((wording, f64::from(*n) / f64::from((*moves).max(1))))
    }

    /// The largest share of one seat's moves given one wording, over the
    /// seats with at least [`REASON_SHARE_MIN_MOVES`] moves.
    pub fn max_share(&self) -> f64 {
        (0..self.seats.len())
            .filter(|&i| self.seats[i].0 >= REASON_SHARE_MIN_MOVES)
            .filter_map(|i| self.top(Seat(i as u8)).map(|(_, share)| share))
            .fold(0.0, f64::max)
    }
}

/// The summary of a finished game, with the active decisions counted while
/// it was played (its record cannot tell them apart by phase).
pub fn summarise(game: &Game, active: ActiveDecisions) -> GameSummary {
    let s = game.state();
    let scores = game.outcomes();
    GameSummary {
        negotiated: s.treaty().is_some_and(|t| t.negotiated),
        rounds: s.treaty().map_or(s.talks.round, |t| t.round),
        crises: s.crises.len() as u32,
        clocks_met: s.crises.iter().filter(|c| c.met).count() as u32,
        ending: s.ending(),
        months: s.month,
        steps: s.steps,
        scores: scores.iter().map(|s| s.points).collect(),
        victories: scores.iter().map(|s| s.victory).collect(),
        objectives: scores.iter().map(|s| s.met.clone()).collect(),
        attacks: {
            let mut counts = vec![0; game.scenario().attacks().len()];
            for c in &s.crises {
                if let Some(n) = counts.get_mut(c.attack.0 as usize) {
                    *n += 1;
                }
            }
            counts
        },
        first_attack: s.crises.first().map(|c| c.month),
        treaty: s.treaty().map(|t| t.draft),
        peak_escalation: s.peak_escalation,
        active,
        repeat_proposals: repeat_proposals(game.record()),
        reason_share: 0.0,
    }
}

/// The most times one seat proposed the same package in one crisis, from a
/// game's record (an attack opens each crisis).
pub fn repeat_proposals(record: &[Step]) -> u32 {
    let mut most = 0;
    let mut counts: Vec<(Seat, ResponseSet, u32)> = Vec::new();
    for step in record {
        match step {
            Step::Seat(_, Action::Attack(_)) => counts.clear(),
            Step::Seat(seat, Action::Propose(items)) => {
                let n = match counts.iter_mut().find(|(s, p, _)| s == seat && p == items) {
                    Some((.., n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        counts.push((*seat, *items, 1));
                        1
                    }
                };
                most = most.max(n);
            }
            _ => {}
        }
    }
    most
}

/// Figures for a batch of games. Field names are the JSON keys.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BatchStats {
    pub scenario: String,
    pub seed: u64,
    pub games: u64,
    /// Clauses fixed for this batch (clause id -> option ids joined by '+').
    pub set: BTreeMap<String, String>,
    /// Share of games where a treaty was negotiated (not the fallback).
    pub agreement_rate: f64,
    /// Share of crises where the clock was met.
    pub clock_met_rate: f64,
    /// Share of games with at least one crisis whose clock was missed.
    pub missed_clock_game_rate: f64,
    /// Share of games ending at the top of the escalation ladder.
    pub catastrophe_rate: f64,
    /// Share of games ending in the protected party's collapse.
    pub collapse_rate: f64,
    /// Mean of the highest escalation rung reached in a game, the starting rung included.
    pub mean_escalation_peak: f64,
    pub mean_game_months: f64,
    pub mean_attacks: f64,
    pub mean_rounds: f64,
    /// Decisions per game, all seats together.
    pub mean_decisions: f64,
    /// Seat id -> mean number per game of its decisions that did something
    /// (not a pass, a hold, a wait or standing down).
    pub active_decisions: BTreeMap<String, f64>,
    /// Seat id -> the same, counting only decisions between crises, outside
    /// the negotiation (the answer to the offer, attacks).
    pub active_decisions_between_crises: BTreeMap<String, f64>,
    /// Seat id -> share of games in which that seat achieved victory.
    pub wins: BTreeMap<String, f64>,
    /// Seat id -> mean score.
    pub mean_score: BTreeMap<String, f64>,
    /// Seat id -> objective id -> share of games in which it was met.
    pub objectives: BTreeMap<String, BTreeMap<String, f64>>,
    /// Attack id -> mean number per game.
    pub attack_mix: BTreeMap<String, f64>,
    /// Share of games with no attack at all before the horizon.
    pub no_attack_rate: f64,
    /// Mean month of the first attack, among games with one.
    pub mean_first_attack_month: f64,
    /// Clause id -> option id -> share of games whose treaty in force contains it.
    pub treaty_options: BTreeMap<String, BTreeMap<String, f64>>,
    /// Different texts among the treaties negotiated (the fallback left out).
    pub distinct_treaties: usize,
    /// Share of games whose negotiated treaty is the batch's most frequent text.
    pub top_treaty_share: f64,
    /// The most times one seat proposed the same package in one crisis, over
    /// every game of the batch.
    pub max_repeat_proposals: u32,
    /// Share of games in which some seat proposed the same package more than
    /// twice in one crisis.
    pub repeat_proposal_game_rate: f64,
    /// The largest share of one seat's moves in one game given the same
    /// wording of reason (figures aside), over every game of the batch;
    /// seats with fewer than five moves in a game are left out.
    pub max_reason_share: f64,
    /// Share of games in which some seat gave one wording of reason for
    /// more than a fifth of its moves.
    pub reason_share_game_rate: f64,
    /// Seat id -> the bot that played it, for seats not played by the normal AI.
    pub seats: BTreeMap<String, String>,
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

pub fn aggregate(
    scenario: &Scenario,
    seed: u64,
    set: BTreeMap<String, String>,
    games: &[GameSummary],
) -> BatchStats {
    let n = games.len().max(1) as f64;
    let share =
        |f: &dyn Fn(&GameSummary) -> bool| round4(games.iter().filter(|g| f(g)).count() as f64 / n);
    let mean = |f: &dyn Fn(&GameSummary) -> f64| round4(games.iter().map(f).sum::<f64>() / n);
    let crises: u32 = games.iter().map(|g| g.crises).sum();
    let met: u32 = games.iter().map(|g| g.clocks_met).sum();
    let mut wins = BTreeMap::new();
    let mut mean_score = BTreeMap::new();
    let mut active_decisions = BTreeMap::new();
    let mut active_decisions_between_crises = BTreeMap::new();
    let count = |counts: &[u32], i: usize| counts.get(i).copied().unwrap_or(0) as f64;
    for (i, f) in scenario.factions().iter().enumerate() {
        wins.insert(
            f.id.clone(),
            share(&|g| g.victories.get(i).copied().unwrap_or(false)),
        );
        mean_score.insert(
            f.id.clone(),
            mean(&|g| g.scores.get(i).copied().unwrap_or(0) as f64),
        );
        active_decisions.insert(f.id.clone(), mean(&|g| count(&g.active.all, i)));
        active_decisions_between_crises
            .insert(f.id.clone(), mean(&|g| count(&g.active.between_crises, i)));
    }
    let mut objectives = BTreeMap::new();
    for (i, f) in scenario.factions().iter().enumerate() {
        let rates = f
            .secret
            .objectives
            .iter()
            .enumerate()
            .map(|(j, o)| {
                let met = |g: &GameSummary| {
                    g.objectives
                        .get(i)
                        .and_then(|v| v.get(j))
                        .copied()
                        .unwrap_or(false)
                };
                (o.id.clone(), share(&met))
            })
            .collect();
        objectives.insert(f.id.clone(), rates);
    }
    let attack_mix = scenario
        .attacks()
        .iter()
        .enumerate()
        .map(|(i, a)| {
            (
                a.id.clone(),
                mean(&|g| g.attacks.get(i).copied().unwrap_or(0) as f64),
            )
        })
        .collect();
    let firsts: Vec<f64> = games
        .iter()
        .filter_map(|g| g.first_attack)
        .map(f64::from)
        .collect();
    let mean_first_attack_month = if firsts.is_empty() {
        0.0
    } else {
        round4(firsts.iter().sum::<f64>() / firsts.len() as f64)
    };
    let mut treaty_options = BTreeMap::new();
    for (clause, family) in scenario.clauses().iter().zip(scenario.clause_ids()) {
        let shares = clause
            .options
            .iter()
            .enumerate()
            .map(|(o, option)| {
                let has = |g: &GameSummary| g.treaty.is_some_and(|d| d.has(family, o));
                (option.id.clone(), share(&has))
            })
            .collect();
        treaty_options.insert(clause.id.clone(), shares);
    }
    let mut texts: BTreeMap<crate::core::Draft, u32> = BTreeMap::new();
    for g in games.iter().filter(|g| g.negotiated) {
        if let Some(d) = g.treaty {
            *texts.entry(d).or_default() += 1;
        }
    }
    let top = texts.values().copied().max().unwrap_or(0);
    BatchStats {
        scenario: scenario.id().to_string(),
        seed,
        games: games.len() as u64,
        set,
        agreement_rate: share(&|g| g.negotiated),
        clock_met_rate: if crises == 0 {
            0.0
        } else {
            round4(met as f64 / crises as f64)
        },
        missed_clock_game_rate: share(&|g| g.clocks_met < g.crises),
        catastrophe_rate: share(&|g| g.ending == Some(Ending::War)),
        collapse_rate: share(&|g| g.ending == Some(Ending::Collapse)),
        mean_escalation_peak: mean(&|g| g.peak_escalation as f64),
        mean_game_months: mean(&|g| g.months as f64),
        mean_attacks: mean(&|g| g.crises as f64),
        mean_rounds: mean(&|g| g.rounds as f64),
        mean_decisions: mean(&|g| g.steps as f64),
        active_decisions,
        active_decisions_between_crises,
        wins,
        mean_score,
        objectives,
        attack_mix,
        no_attack_rate: share(&|g| g.first_attack.is_none()),
        mean_first_attack_month,
        treaty_options,
        distinct_treaties: texts.len(),
        top_treaty_share: round4(top as f64 / n),
        max_repeat_proposals: games.iter().map(|g| g.repeat_proposals).max().unwrap_or(0),
        repeat_proposal_game_rate: share(&|g| g.repeat_proposals > 2),
        max_reason_share: round4(games.iter().map(|g| g.reason_share).fold(0.0, f64::max)),
        reason_share_game_rate: share(&|g| g.reason_share > 0.2 + 1e-9),
        seats: BTreeMap::new(),
    }
}

/// A batch request.
#[derive(Clone, Debug)]
pub struct Batch {
    pub scenario: Arc<Scenario>,
    pub seed: u64,
    pub games: u64,
    pub jobs: usize,
    pub config: GameConfig,
    pub bots: Vec<Bot>,
}

/// Why a batch could not be played.
#[derive(Debug, thiserror::Error)]
pub enum LabError {
    #[error("cannot set up the game: {0}")]
    Setup(#[from] SetupError),
    /// A game gave no result, so the figures would leave it out.
    #[error("game {game} of the batch was lost: {why}")]
    Lost { game: u64, why: String },
    #[error("cannot start the simulation threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
}

/// Run `work` for `0..count` on a pool of `jobs` threads; results come back in
/// index order whatever the number of threads. `done` is called once per
/// index finished, on the thread that did it.
pub(crate) fn parallel<R: Send>(
    count: usize,
    jobs: usize,
    done: &(dyn Fn() + Sync),
    work: impl Fn(usize) -> Result<R, LabError> + Sync,
) -> Result<Vec<R>, LabError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.clamp(1, 64))
        .build()?;
    pool.install(|| {
        (0..count)
            .into_par_iter()
            .map(|i| {
                let result = work(i);
                done();
                result
            })
            .collect()
    })
}

/// Play a batch on `jobs` threads. `done` is called once per game finished,
/// from the thread that played it.
pub fn run_batch(batch: &Batch, done: &(dyn Fn() + Sync)) -> Result<Vec<GameSummary>, LabError> {
    // Fail early, on the calling thread, if the setup is wrong.
    Game::new(
        Arc::clone(&batch.scenario),
        batch.seed,
        batch.config.clone(),
    )?;
    parallel(batch.games as usize, batch.jobs, done, |i| {
        let i = i as u64;
        let mut game = Game::new(
            Arc::clone(&batch.scenario),
            game_seed(batch.seed, i),
            batch.config.clone(),
        )
        .map_err(|e| LabError::Lost {
            game: i,
            why: e.to_string(),
        })?;
        let mut wordings = Wordings::new(batch.bots.len());
        let active = run_observed(
            &mut game,
            &batch.bots,
            |_| true,
            |seat, d| wordings.count(seat, &d.reason),
        );
        let mut summary = summarise(&game, active);
        summary.reason_share = wordings.max_share();
        Ok(summary)
    })
}

/// Parse `CLAUSE=OPTION` (options of the response menu joined by `+`) into a
/// fixed clause choice; the error lists the valid values.
pub fn parse_setting(
    scenario: &Scenario,
    text: &str,
) -> Result<(crate::core::ClauseId, crate::core::Pick), String> {
    let Some((clause_id, options)) = text.split_once('=') else {
        return Err(format!(
            "'{}' is not CLAUSE=OPTION. Clauses: {}",
            excerpt(text),
            clause_ids(scenario)
        ));
    };
    let (family, pick) = parse_clause_and_pick(scenario, clause_id.trim(), options.trim())?;
    Ok((family, pick))
}

fn clause_ids(scenario: &Scenario) -> String {
    scenario
        .clauses()
        .iter()
        .map(|c| c.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The clause named `clause_id` and the choice `options` names in it.
pub fn parse_clause_and_pick(
    scenario: &Scenario,
    clause_id: &str,
    options: &str,
) -> Result<(crate::core::ClauseId, crate::core::Pick), String> {
    let Some(family) = scenario.clause_by_id(clause_id) else {
        return Err(format!(
            "unknown clause '{}'. Clauses: {}",
            excerpt(clause_id),
            clause_ids(scenario)
        ));
    };
    let clause = scenario.clause(family);
    let valid = || {
        clause
            .options
            .iter()
            .map(|o| o.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut pick = crate::core::Pick::EMPTY;
    let names: Vec<&str> = if options.is_empty() {
        Vec::new()
    } else {
        options.split('+').map(str::trim).collect()
    };
    for name in &names {
        let Some(o) = scenario.option_by_id(family, name) else {
            return Err(format!(
                "clause '{}' has no option '{}'. Options: {}",
                excerpt(clause_id),
                excerpt(name),
                valid()
            ));
        };
        pick.insert(o);
    }
    if !clause.is_subset() && names.len() != 1 {
        return Err(format!(
            "clause '{}' takes exactly one option. Options: {}",
            excerpt(clause_id),
            valid()
        ));
    }
    Ok((family, pick))
}

/// The text of a fixed choice, as `--set` writes it.
pub fn setting_text(
    scenario: &Scenario,
    family: crate::core::ClauseId,
    pick: crate::core::Pick,
) -> String {
    let clause = scenario.clause(family);
    pick.options()
        .filter_map(|o| clause.options.get(o))
        .map(|o| o.id.as_str())
        .collect::<Vec<_>>()
        .join("+")
}
