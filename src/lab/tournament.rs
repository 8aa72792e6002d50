//! The tournament: AI levels and baseline bots against each other, seats rotated.
//!
//! Three kinds of games, all seeded from the tournament seed and their index
//! alone, so the figures are the same for any number of threads:
//!
//! - **rotated games**: in every block of seven games a seeded permutation of
//!   the seven bots is laid around the table and turned one seat per game, so
//!   every bot plays every seat equally often against varied company. Per bot:
//!   the share of its seat-games that ended in victory, and its mean score;
//! - **negotiations**: for each bot, talks where every seat is that bot,
//!   measured against the scenario's exact treaty space
//!   ([`TreatySpace`]): agreement rate, distance of the agreed text to the Nash
//!   bargaining point and to the Pareto frontier, rounds to agreement. The
//!   headline `negotiation` figures are those of `normal`;
//! - **head to head**: `normal` against each baseline, and `hard` against
//!   `normal`, alone at the table: the seats split between the two bots in
//!   every possible way in turn, so each bot holds each seat equally often
//!   and the company is only the other bot;
//! - **exploit check**: for each seat, games with `normal` everywhere and the
//!   same games with a `hardliner` in that seat: does stubbornness pay?

use super::treaty_space::TreatySpace;
use super::{LabError, game_seed, parallel, play};
use crate::ai::{self, Bot};
use crate::core::{Game, GameConfig, Phase, Scenario, Seat};
use crate::figures::figures;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A tournament request.
#[derive(Clone, Debug)]
pub struct Tournament {
    pub scenario: Arc<Scenario>,
    /// Rotated games.
    pub games: u64,
    pub seed: u64,
    pub jobs: usize,
}

impl Tournament {
    /// Self-play negotiations per bot.
    pub fn negotiations(&self) -> u64 {
        self.games.clamp(1, 200)
    }
    /// Games per head-to-head pair: whole cycles of the table's splits when
    /// there are enough games for one.
    pub fn head_to_head_games(&self, seats: usize) -> u64 {
        let n = (self.games / 5).clamp(1, 200);
        let cycle = splits(seats).len().max(1) as u64;
        if n >= cycle { n / cycle * cycle } else { n }
    }
    /// Paired games per seat for the exploit check.
    pub fn exploit_games(&self) -> u64 {
        (self.games / 5).clamp(1, 200)
    }
    /// Every game the tournament plays, of all kinds.
    pub fn total_games(&self) -> u64 {
        self.tasks().len() as u64
    }
    fn tasks(&self) -> Vec<Task> {
        let seats: Vec<Seat> = self.scenario.seats().collect();
        let mut tasks: Vec<Task> = (0..self.games).map(Task::Rotated).collect();
        for bot in Bot::TOURNAMENT {
            tasks.extend((0..self.negotiations()).map(|i| Task::Talks(bot, i)));
        }
        for pair in 0..HEAD_TO_HEAD.len() {
            tasks.extend(
                (0..self.head_to_head_games(seats.len())).map(|i| Task::HeadToHead(pair, i)),
            );
        }
        for seat in &seats {
            for i in 0..self.exploit_games() {
                for hardliner in [false, true] {
                    tasks.push(Task::Exploit {
                        seat: *seat,
                        hardliner,
                        i,
                    });
                }
            }
        }
        tasks
    }
}

/// Per-bot results of the rotated games.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BotResult {
    /// Games in which this bot held a seat.
    pub seat_games: u64,
    pub wins: u64,
    pub win_rate: f64,
    pub mean_score: f64,
    /// The same figures seat by seat (seat id -> results).
    pub by_seat: BTreeMap<String, SeatResult>,
}

/// A bot's results in one seat.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SeatResult {
    pub seat_games: u64,
    pub win_rate: f64,
    pub mean_score: f64,
}

/// How talks among copies of one bot went.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NegotiationResult {
    pub bot: String,
    pub games: u64,
    /// Whether some text gives every negotiator at least its fallback and crosses no red line.
    pub zone_of_agreement: bool,
    pub agreement_rate: f64,
    /// Mean over agreements of the normalised distance to the Nash bargaining
    /// point (none without agreements).
    pub mean_nash_distance: Option<f64>,
    /// Mean over agreements of the normalised distance to the Pareto frontier.
    pub mean_pareto_distance: Option<f64>,
    /// Mean round of agreement, among agreements.
    pub mean_rounds: Option<f64>,
}

/// The pairs the head-to-head games compare (first against second).
pub const HEAD_TO_HEAD: [(Bot, Bot); 5] = [
    (Bot::Normal, Bot::Random),
    (Bot::Normal, Bot::Hardliner),
    (Bot::Normal, Bot::Conceder),
    (Bot::Normal, Bot::Scripted),
    (Bot::Hard, Bot::Normal),
];

/// Two bots alone at the table.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct HeadToHead {
    pub first: String,
    pub second: String,
    pub games: u64,
    /// The first bot's seat-games, victories and mean score.
    pub first_result: SeatResult,
    pub second_result: SeatResult,
    /// First minus second, in win rate (0..1).
    pub margin: f64,
    /// First minus second, in mean score (points).
    pub score_margin: f64,
}

/// A hardliner's score in a seat against a normal seat's in the same games.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ExploitResult {
    pub normal_mean_score: f64,
    pub hardliner_mean_score: f64,
    /// Hardliner minus normal: positive means stubbornness paid.
    pub gain: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ExploitCheck {
    pub games_per_seat: u64,
    pub seats: BTreeMap<String, ExploitResult>,
    /// Largest gain over the seats.
    pub max_gain: f64,
}

/// Everything a tournament measured. Field names are the JSON keys.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TournamentReport {
    pub scenario: String,
    pub seed: u64,
    pub games: u64,
    pub bots: BTreeMap<String, BotResult>,
    pub negotiation: NegotiationResult,
    pub negotiation_by_bot: BTreeMap<String, NegotiationResult>,
    /// Keyed "first_vs_second", e.g. "normal_vs_scripted".
    pub head_to_head: BTreeMap<String, HeadToHead>,
    pub exploit: ExploitCheck,
    /// Exact treaty space: distinct utility vectors on the Pareto frontier.
    pub pareto_frontier_size: usize,
}

/// One game of the tournament.
#[derive(Clone, Copy, Debug)]
enum Task {
    Rotated(u64),
    Talks(Bot, u64),
    HeadToHead(usize, u64),
    Exploit { seat: Seat, hardliner: bool, i: u64 },
}

enum Outcome {
    Rotated(Vec<(Bot, i32, bool)>),
    Talks(Bot, Option<(crate::core::Draft, i32)>),
    /// Pair index, then per seat: whether the first bot held it, points, victory.
    HeadToHead(usize, Vec<(bool, i32, bool)>),
    Exploit(Seat, bool, i32),
}

/// The seat-to-bot assignment of rotated game `i`.
pub fn lineup(seed: u64, i: u64, seats: usize) -> Vec<Bot> {
    let n = Bot::TOURNAMENT.len() as u64;
    let block = i / n;
    let turn = i % n;
    // A seeded permutation per block (Fisher-Yates on SplitMix draws).
    let mut order = Bot::TOURNAMENT;
    let mut x = ai::splitmix(seed ^ ai::splitmix(0x7A11 ^ block));
    for k in (1..order.len()).rev() {
        x = ai::splitmix(x);
        order.swap(k, (x % (k as u64 + 1)) as usize);
    }
    (0..seats)
        .map(|s| order[((turn + s as u64) % n) as usize])
        .collect()
}

/// The ways to split a table of `seats` between two bots, each having at
/// least one seat (bit k set: the first bot holds seat k). Each seat belongs
/// to the first bot in exactly half of them.
pub fn splits(seats: usize) -> Vec<u32> {
    let full = if seats >= 32 {
        u32::MAX
    } else {
        (1u32 << seats) - 1
    };
    (1..full).collect()
}

/// The seat-to-bot assignment of head-to-head game `i` of a pair.
pub fn head_to_head_lineup(pair: (Bot, Bot), i: u64, seats: usize) -> Vec<Bot> {
    let splits = splits(seats.min(16));
    let mask = splits
        .get((i % splits.len().max(1) as u64) as usize)
        .copied()
        .unwrap_or(1);
    (0..seats)
        .map(|k| if mask & (1 << k) != 0 { pair.0 } else { pair.1 })
        .collect()
}

/// Play the tournament on `jobs` threads. `done` is called once per game
/// finished ([`Tournament::total_games`] in all), from the thread that played it.
pub fn run(t: &Tournament, done: &(dyn Fn() + Sync)) -> Result<TournamentReport, LabError> {
    let scenario = &t.scenario;
    Game::new(Arc::clone(scenario), t.seed, GameConfig::default())?;
    let seats: Vec<Seat> = scenario.seats().collect();
    let tasks = t.tasks();
    let outcomes = parallel(tasks.len(), t.jobs, done, |i| {
        play_task(t, tasks[i]).map_err(|why| LabError::Lost {
            game: i as u64,
            why,
        })
    })?;

    let space = TreatySpace::new(scenario, &GameConfig::default());
    // (bot, seat) -> (seat-games, wins, points)
    let mut tally: BTreeMap<(&'static str, Seat), (u64, u64, i64)> = BTreeMap::new();
    let mut talks: BTreeMap<&'static str, Vec<Option<(crate::core::Draft, i32)>>> = BTreeMap::new();
    let mut exploit: BTreeMap<(Seat, bool), Vec<i32>> = BTreeMap::new();
    // pair -> [first, second] as (seat-games, wins, points); games
    let mut pairs = vec![([(0u64, 0u64, 0i64); 2], 0u64); HEAD_TO_HEAD.len()];
    for outcome in outcomes {
        match outcome {
            Outcome::Rotated(results) => {
                for (seat, (bot, points, victory)) in seats.iter().zip(results) {
                    let e = tally.entry((bot.name(), *seat)).or_default();
                    e.0 += 1;
                    e.1 += victory as u64;
                    e.2 += points as i64;
                }
            }
            Outcome::Talks(bot, result) => talks.entry(bot.name()).or_default().push(result),
            Outcome::HeadToHead(pair, results) => {
                let (sides, games) = &mut pairs[pair];
                *games += 1;
                for (first, points, victory) in results {
                    let side = &mut sides[usize::from(!first)];
                    side.0 += 1;
                    side.1 += victory as u64;
                    side.2 += points as i64;
                }
            }
            Outcome::Exploit(seat, hardliner, points) => {
                exploit.entry((seat, hardliner)).or_default().push(points)
            }
        }
    }
    let bots = Bot::TOURNAMENT
        .iter()
        .map(|b| {
            let mut all = (0, 0, 0);
            let mut by_seat = BTreeMap::new();
            for seat in &seats {
                let (games, wins, points) =
                    tally.get(&(b.name(), *seat)).copied().unwrap_or_default();
                all = (all.0 + games, all.1 + wins, all.2 + points);
                let n = games.max(1) as f64;
                by_seat.insert(
                    scenario.faction(*seat).id.clone(),
                    SeatResult {
                        seat_games: games,
                        win_rate: round4(wins as f64 / n),
                        mean_score: round4(points as f64 / n),
                    },
                );
            }
            let (games, wins, points) = all;
            let n = games.max(1) as f64;
            (
                b.name().to_string(),
                BotResult {
                    seat_games: games,
                    wins,
                    win_rate: round4(wins as f64 / n),
                    mean_score: round4(points as f64 / n),
                    by_seat,
                },
            )
        })
        .collect();
    let negotiation_by_bot: BTreeMap<String, NegotiationResult> = Bot::TOURNAMENT
        .iter()
        .map(|b| {
            let results = talks.get(b.name()).map(Vec::as_slice).unwrap_or(&[]);
            (
                b.name().to_string(),
                negotiation_result(*b, &space, results),
            )
        })
        .collect();
    let negotiation = negotiation_by_bot
        .get(Bot::Normal.name())
        .cloned()
        .unwrap_or_else(|| negotiation_result(Bot::Normal, &space, &[]));
    let head_to_head = HEAD_TO_HEAD
        .iter()
        .zip(&pairs)
        .map(|((a, b), (sides, games))| {
            let result = |(n, wins, points): (u64, u64, i64)| SeatResult {
                seat_games: n,
                win_rate: round4(wins as f64 / n.max(1) as f64),
                mean_score: round4(points as f64 / n.max(1) as f64),
            };
            let (first, second) = (result(sides[0]), result(sides[1]));
            (
                format!("{}_vs_{}", a.name(), b.name()),
                HeadToHead {
                    first: a.name().to_string(),
                    second: b.name().to_string(),
                    games: *games,
                    margin: round4(first.win_rate - second.win_rate),
                    score_margin: round4(first.mean_score - second.mean_score),
                    first_result: first,
                    second_result: second,
                },
            )
        })
        .collect();
    let mean = |v: Option<&Vec<i32>>| {
        let v = v.map(Vec::as_slice).unwrap_or(&[]);
        round4(v.iter().map(|x| *x as f64).sum::<f64>() / v.len().max(1) as f64)
    };
    let exploit_seats: BTreeMap<String, ExploitResult> = seats
        .iter()
        .map(|s| {
            let normal = mean(exploit.get(&(*s, false)));
            let hard = mean(exploit.get(&(*s, true)));
            (
                scenario.faction(*s).id.clone(),
                ExploitResult {
                    normal_mean_score: normal,
                    hardliner_mean_score: hard,
                    gain: round4(hard - normal),
                },
            )
        })
        .collect();
    let max_gain = exploit_seats
        .values()
        .map(|e| e.gain)
        .fold(f64::NEG_INFINITY, f64::max);
    Ok(TournamentReport {
        scenario: scenario.id().to_string(),
        seed: t.seed,
        games: t.games,
        bots,
        negotiation,
        negotiation_by_bot,
        head_to_head,
        exploit: ExploitCheck {
            games_per_seat: t.exploit_games(),
            seats: exploit_seats,
            max_gain,
        },
        pareto_frontier_size: space.frontier_len(),
    })
}

fn negotiation_result(
    bot: Bot,
    space: &TreatySpace,
    results: &[Option<(crate::core::Draft, i32)>],
) -> NegotiationResult {
    let agreed: Vec<&(crate::core::Draft, i32)> = results.iter().flatten().collect();
    // Distances are undefined (NaN) without a zone of agreement: they are left out.
    let mean = |f: &dyn Fn(&(crate::core::Draft, i32)) -> f64| {
        let values: Vec<f64> = agreed
            .iter()
            .map(|a| f(a))
            .filter(|v| v.is_finite())
            .collect();
        (!values.is_empty()).then(|| round4(values.iter().sum::<f64>() / values.len() as f64))
    };
    NegotiationResult {
        bot: bot.name().to_string(),
        games: results.len() as u64,
        zone_of_agreement: space.zopa(),
        agreement_rate: round4(agreed.len() as f64 / results.len().max(1) as f64),
        mean_nash_distance: mean(&|(d, _)| space.nash_distance(d)),
        mean_pareto_distance: mean(&|(d, _)| space.pareto_distance(d)),
        mean_rounds: mean(&|(_, r)| *r as f64),
    }
}

/// One game of the tournament, or why it gave no result.
fn play_task(t: &Tournament, task: Task) -> Result<Outcome, String> {
    let scenario = &t.scenario;
    let seats = scenario.factions().len();
    let config = GameConfig::default();
    let setup = |e: crate::core::SetupError| e.to_string();
    match task {
        Task::Rotated(i) => {
            let bots = lineup(t.seed, i, seats);
            let game =
                play(Arc::clone(scenario), game_seed(t.seed, i), config, &bots).map_err(setup)?;
            let scores = game.scores();
            Ok(Outcome::Rotated(
                bots.iter()
                    .zip(scores)
                    .map(|(b, s)| (*b, s.points, s.victory))
                    .collect(),
            ))
        }
        Task::Talks(bot, i) => {
            let seed = game_seed(t.seed ^ 0x7A1C, i);
            let mut game = Game::new(Arc::clone(scenario), seed, config).map_err(setup)?;
            let bots = vec![bot; seats];
            super::run_while(&mut game, &bots, |g| {
                g.state().phase() == Phase::Negotiation
            });
            let treaty = game
                .state()
                .treaty()
                .ok_or("the talks ended without a treaty in force")?;
            Ok(Outcome::Talks(
                bot,
                treaty.negotiated.then_some((treaty.draft, treaty.round)),
            ))
        }
        Task::HeadToHead(index, i) => {
            let pair = *HEAD_TO_HEAD.get(index).ok_or("no such head-to-head pair")?;
            let bots = head_to_head_lineup(pair, i, seats);
            // The same seeds for every pair: each meets the same draws.
            let seed = game_seed(t.seed ^ 0x4848, i);
            let game = play(Arc::clone(scenario), seed, config, &bots).map_err(setup)?;
            let results = bots
                .iter()
                .zip(game.scores())
                .map(|(b, s)| (*b == pair.0, s.points, s.victory))
                .collect();
            Ok(Outcome::HeadToHead(index, results))
        }
        Task::Exploit { seat, hardliner, i } => {
            let mut bots = vec![Bot::Normal; seats];
            if hardliner {
                bots[seat.index()] = Bot::Hardliner;
            }
            let seed = game_seed(t.seed ^ 0xE2B1, i);
            let game = play(Arc::clone(scenario), seed, config, &bots).map_err(setup)?;
            let points = game
                .scores()
                .get(seat.index())
                .ok_or("the seat has no score")?
                .points;
            Ok(Outcome::Exploit(seat, hardliner, points))
        }
    }
}

fn round4(x: f64) -> f64 {
    // Adding zero turns the -0.0 of an empty sum into 0.0.
    (x * 10_000.0).round() / 10_000.0 + 0.0
}

/// The report as tables for the terminal.
pub fn table(r: &TournamentReport) -> String {
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    let mut out = format!(
        "Tournament on {} - {} rotated games, seed {}\n\n",
        r.scenario, r.games, r.seed
    );
    let bots = || {
        Bot::TOURNAMENT
            .iter()
            .filter_map(|b| r.bots.get(b.name()).map(|result| (b.name(), result)))
    };
    out += &figures(
        &["bot", "seat-games", "win rate", "mean score"],
        bots().map(|(name, b)| {
            vec![
                name.to_string(),
                b.seat_games.to_string(),
                pct(b.win_rate),
                format!("{:.1}", b.mean_score),
            ]
        }),
    );

    out += "\nwin rate by seat\n";
    let seat_ids: Vec<&str> = r
        .bots
        .values()
        .next()
        .map(|b| b.by_seat.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let header: Vec<&str> = std::iter::once("bot")
        .chain(seat_ids.iter().copied())
        .collect();
    out += &figures(
        &header,
        bots().map(|(name, b)| {
            let mut row = vec![name.to_string()];
            row.extend(
                seat_ids
                    .iter()
                    .map(|id| pct(b.by_seat.get(*id).map_or(0.0, |s| s.win_rate))),
            );
            row
        }),
    );

    out += &format!(
        "\nNegotiations, every seat the same bot ({} each; zone of agreement: {}; Pareto frontier: {} points)\n",
        r.negotiation.games,
        if r.negotiation.zone_of_agreement {
            "yes"
        } else {
            "no"
        },
        r.pareto_frontier_size
    );
    let figure =
        |x: Option<f64>, decimals: usize| x.map_or("-".to_string(), |x| format!("{x:.decimals$}"));
    out += &figures(
        &["bot", "agreement", "Nash dist.", "Pareto dist.", "rounds"],
        Bot::TOURNAMENT.iter().filter_map(|b| {
            let n = r.negotiation_by_bot.get(b.name())?;
            Some(vec![
                b.name().to_string(),
                pct(n.agreement_rate),
                figure(n.mean_nash_distance, 3),
                figure(n.mean_pareto_distance, 3),
                figure(n.mean_rounds, 2),
            ])
        }),
    );

    let games = r.head_to_head.values().next().map_or(0, |h| h.games);
    out += &format!(
        "\nHead to head: two bots alone, the seats split between them every way in turn ({games} games per pair)\n"
    );
    out += &figures(
        &[
            "first vs second",
            "first wins",
            "second wins",
            "first score",
            "second score",
            "win margin",
            "score margin",
        ],
        HEAD_TO_HEAD.iter().filter_map(|(a, b)| {
            let h = r
                .head_to_head
                .get(&format!("{}_vs_{}", a.name(), b.name()))?;
            Some(vec![
                format!("{} vs {}", h.first, h.second),
                pct(h.first_result.win_rate),
                pct(h.second_result.win_rate),
                format!("{:.1}", h.first_result.mean_score),
                format!("{:.1}", h.second_result.mean_score),
                format!("{:+.1}", h.margin * 100.0),
                format!("{:+.1}", h.score_margin),
            ])
        }),
    );

    out += &format!(
        "\nExploit check: a hardliner in one seat, normal elsewhere ({} games per seat)\n",
        r.exploit.games_per_seat
    );
    out += &figures(
        &["seat", "normal", "hardliner", "gain"],
        r.exploit.seats.iter().map(|(seat, e)| {
            vec![
                seat.clone(),
                format!("{:.1}", e.normal_mean_score),
                format!("{:.1}", e.hardliner_mean_score),
                format!("{:+.1}", e.gain),
            ]
        }),
    );
    out
}

/// The report as CSV, one row per figure: which part of the tournament
/// (`bots`, `negotiation`, `head_to_head`, `exploit`, `treaty_space`), the bot,
/// the bot it played against, the seat (empty for all seats), the measure and
/// its value (empty when there is none, such as the mean distance of talks
/// that never agreed). The csv crate quotes a field (a scenario or seat id)
/// holding a comma, a quote or a line break.
pub fn csv(r: &TournamentReport) -> Result<String, csv::Error> {
    let mut rows: Vec<[String; 6]> = Vec::new();
    let mut row = |part: &str, bot: &str, against: &str, seat: &str, figures: &[(&str, String)]| {
        for (measure, value) in figures {
            let fields = [part, bot, against, seat, measure, value];
            rows.push(fields.map(String::from));
        }
    };
    let seat = |s: &SeatResult| {
        [
            ("seat_games", s.seat_games.to_string()),
            ("win_rate", s.win_rate.to_string()),
            ("mean_score", s.mean_score.to_string()),
        ]
    };
    let maybe = |x: Option<f64>| x.map_or_else(String::new, |x| x.to_string());
    for (name, b) in &r.bots {
        row(
            "bots",
            name,
            "",
            "",
            &[
                ("seat_games", b.seat_games.to_string()),
                ("wins", b.wins.to_string()),
                ("win_rate", b.win_rate.to_string()),
                ("mean_score", b.mean_score.to_string()),
            ],
        );
        for (id, s) in &b.by_seat {
            row("bots", name, "", id, &seat(s));
        }
    }
    let talks = |n: &NegotiationResult| {
        [
            ("games", n.games.to_string()),
            ("zone_of_agreement", n.zone_of_agreement.to_string()),
            ("agreement_rate", n.agreement_rate.to_string()),
            ("mean_nash_distance", maybe(n.mean_nash_distance)),
            ("mean_pareto_distance", maybe(n.mean_pareto_distance)),
            ("mean_rounds", maybe(n.mean_rounds)),
        ]
    };
    for (name, n) in &r.negotiation_by_bot {
        row("negotiation", name, name, "", &talks(n));
    }
    for h in r.head_to_head.values() {
        row(
            "head_to_head",
            &h.first,
            &h.second,
            "",
            &[
                ("games", h.games.to_string()),
                ("margin", h.margin.to_string()),
                ("score_margin", h.score_margin.to_string()),
            ],
        );
        row(
            "head_to_head",
            &h.first,
            &h.second,
            "",
            &seat(&h.first_result),
        );
        row(
            "head_to_head",
            &h.second,
            &h.first,
            "",
            &seat(&h.second_result),
        );
    }
    let e = &r.exploit;
    row(
        "exploit",
        "hardliner",
        "normal",
        "",
        &[
            ("games_per_seat", e.games_per_seat.to_string()),
            ("max_gain", e.max_gain.to_string()),
        ],
    );
    for (id, x) in &e.seats {
        row(
            "exploit",
            "hardliner",
            "normal",
            id,
            &[
                ("normal_mean_score", x.normal_mean_score.to_string()),
                ("hardliner_mean_score", x.hardliner_mean_score.to_string()),
                ("gain", x.gain.to_string()),
            ],
        );
    }
    row(
        "treaty_space",
        "",
        "",
        "",
        &[("pareto_frontier_size", r.pareto_frontier_size.to_string())],
    );
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "scenario", "seed", "games", "part", "bot", "against", "seat", "measure", "value",
    ])?;
    let (seed, games) = (r.seed.to_string(), r.games.to_string());
    for fields in &rows {
        let front = [r.scenario.as_str(), &seed, &games];
        out.write_record(front.into_iter().chain(fields.iter().map(String::as_str)))?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    String::from_utf8(bytes).map_err(|e| csv::Error::from(std::io::Error::other(e)))
}
