//! AI seats. Every function here is a pure function of one seat's view (and
//! a random stream of its own): an AI never sees another seat's secrets.

mod aggressor;
mod bargainer;
mod baselines;
mod crisis;
mod negotiator;
mod policy;
mod random;
mod reasons;
mod search;

pub use negotiator::{best_draft, cover_reason};
pub use random::legal_actions;
pub use reasons::{Reason, list};

use crate::core::{Action, Event, Game, Phase, RuleError, Seat, SeatView, default_action};
use rand::{Rng, RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// An AI decision with the one-line reason shown to players.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub action: Action,
    pub reason: Reason,
}

impl Decision {
    pub fn new(action: Action, reason: impl Into<Reason>) -> Decision {
        Decision {
            action,
            reason: reason.into(),
        }
    }
}

/// `format!` for a reason, into a string with room for it from the start:
/// `format!` sizes a string that starts with a name too small and grows it
/// piece by piece, at every decision.
macro_rules! reason {
    ($($arg:tt)*) => {{
        let mut text = String::with_capacity(96);
        let _ = std::fmt::Write::write_fmt(&mut text, format_args!($($arg)*));
        text
    }};
}
pub(crate) use reason;

/// The random stream an AI uses for one decision.
pub type AiRng = Xoshiro256PlusPlus;

/// A fresh random stream for `seat`'s decision at `step` of a game with this
/// seed. Derived, not stored, so saves and replays need nothing extra.
pub fn rng_for(seed: u64, seat: Seat, step: u32) -> AiRng {
    let mixed = splitmix(seed ^ splitmix(((seat.0 as u64) << 32) | step as u64));
    AiRng::seed_from_u64(mixed)
}

/// SplitMix64's first output from state `x`: a fast, well-spread hash of a
/// 64-bit value (the generator rand_xoshiro provides).
pub fn splitmix(x: u64) -> u64 {
    rand_xoshiro::SplitMix64::seed_from_u64(x).next_u64()
}

/// Kinds of AI player.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Bot {
    /// Sensible play: concedes over time, responds in proportion, probes where resolve looks weak.
    #[default]
    Baseline,
    /// The baseline with a beginner's slips: slow in crises, erratic when attacking.
    Easy,
    /// Any legal action, uniformly (for testing).
    Random,
    /// The negotiation agent (concession curve, opponent model, Nash-seeking
    /// offers) with the baseline's crisis play.
    Normal,
    /// The negotiation agent, and Monte Carlo search over sampled worlds for
    /// every crisis and attack decision.
    Hard,
    /// Tables its favourite text and never concedes; uncompromising in crises.
    Hardliner,
    /// Concedes at once to any text its red lines allow; accommodating in crises.
    Conceder,
    /// A fixed doctrine: the same moves in the same situations, whatever the others do.
    Scripted,
}

impl Bot {
    /// The bots a tournament plays, in report order.
    pub const TOURNAMENT: [Bot; 7] = [
        Bot::Easy,
        Bot::Normal,
        Bot::Hard,
        Bot::Random,
        Bot::Hardliner,
        Bot::Conceder,
        Bot::Scripted,
    ];

    /// Every bot: the baseline, then the tournament's.
    pub fn all() -> impl Iterator<Item = Bot> {
        std::iter::once(Bot::Baseline).chain(Bot::TOURNAMENT)
    }

    /// The bot called `name` (as [`Bot::name`] spells it).
    pub fn from_name(name: &str) -> Option<Bot> {
        Bot::all().find(|b| b.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Bot::Baseline => "baseline",
            Bot::Easy => "easy",
            Bot::Random => "random",
            Bot::Normal => "normal",
            Bot::Hard => "hard",
            Bot::Hardliner => "hardliner",
            Bot::Conceder => "conceder",
            Bot::Scripted => "scripted",
        }
    }

    pub fn decide(self, view: &SeatView, rng: &mut AiRng) -> Decision {
        let decision = match self {
            Bot::Baseline => return baseline(view, rng),
            Bot::Easy => return easy(view, rng),
            Bot::Random => return random::decide(view, rng),
            Bot::Normal => normal(view, rng),
            Bot::Hard => hard(view, rng),
            Bot::Hardliner => baselines::hardliner(view, rng),
            Bot::Conceder => baselines::conceder(view, rng),
            Bot::Scripted => baselines::scripted(view, rng),
        };
        legal_or_safe(view, decision)
    }
}

/// The normal level: the negotiation agent at the table, the baseline's
/// crisis and attack planning elsewhere.
fn normal(view: &SeatView, rng: &mut AiRng) -> Decision {
    match view.phase() {
        Phase::Negotiation => bargainer::negotiate(view, rng),
        _ => baseline(view, rng),
    }
}

/// The hard level: the negotiation agent, and search wherever play decides.
fn hard(view: &SeatView, rng: &mut AiRng) -> Decision {
    match view.phase() {
        Phase::Negotiation => bargainer::negotiate(view, rng),
        Phase::Ended => baseline(view, rng),
        _ => search::decide(view, rng),
    }
}

/// Difficulty of an AI seat, as players choose it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Level {
    Easy,
    #[default]
    Normal,
    Hard,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Easy, Level::Normal, Level::Hard];

    pub fn bot(self) -> Bot {
        match self {
            Level::Easy => Bot::Easy,
            Level::Normal => Bot::Normal,
            Level::Hard => Bot::Hard,
        }
    }

    pub fn name(self) -> &'static str {
        self.bot().name()
    }

    pub fn parse(text: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == text)
    }
}

/// Who plays a seat: a human at the keyboard, an AI of some level, or one
/// of the lab's other bots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Player {
    Human,
    Ai(Level),
    /// A bot that is no level a player chooses (the baseline, random,
    /// hardliner, conceder, scripted), as `simulate --seat russia=scripted`
    /// saves it: a loaded game goes on with it.
    Bot(Bot),
}

impl Player {
    const CYCLE: [Player; 4] = [
        Player::Human,
        Player::Ai(Level::Easy),
        Player::Ai(Level::Normal),
        Player::Ai(Level::Hard),
    ];

    pub fn next(self) -> Player {
        let i = Self::CYCLE.iter().position(|c| *c == self).unwrap_or(0);
        Self::CYCLE[(i + 1) % Self::CYCLE.len()]
    }

    pub fn previous(self) -> Player {
        let i = Self::CYCLE.iter().position(|c| *c == self).unwrap_or(0);
        Self::CYCLE[(i + Self::CYCLE.len() - 1) % Self::CYCLE.len()]
    }

    pub fn label(self) -> String {
        match self {
            Player::Human => "Human".into(),
            Player::Ai(level) => format!("AI ({})", level.name()),
            Player::Bot(bot) => format!("bot ({})", bot.name()),
        }
    }

    /// The player `bot` is: its level when it is a level's, else the bot.
    pub fn of_bot(bot: Bot) -> Player {
        Level::ALL
            .into_iter()
            .find(|level| level.bot() == bot)
            .map_or(Player::Bot(bot), Player::Ai)
    }

    /// The bot that plays for this player, unless a human does.
    pub fn bot(self) -> Option<Bot> {
        match self {
            Player::Human => None,
            Player::Ai(level) => Some(level.bot()),
            Player::Bot(bot) => Some(bot),
        }
    }
}

/// The beginner: plays the baseline, but in a crisis it sometimes lets hours
/// slip by, and as the aggressor it picks its attacks less shrewdly.
fn easy(view: &SeatView, rng: &mut AiRng) -> Decision {
    let name = view.me().name();
    match view.phase() {
        Phase::Crisis if rng.random_bool(0.3) && view.check(&Action::Wait(3)).is_ok() => {
            Decision::new(Action::Wait(3), format!("{name} hesitates"))
        }
        Phase::Interlude => {
            let d = baseline(view, rng);
            if matches!(d.action, Action::Attack(_)) {
                let a = crate::core::AttackId(rng.random_range(0..view.attacks().len()) as u8);
                let attack = view.attack(a);
                return Decision::new(
                    Action::Attack(a),
                    format!("{name} launches a {}", reasons::in_sentence(&attack.name)),
                );
            }
            d
        }
        _ => baseline(view, rng),
    }
}

/// The baseline AI for any seat and phase.
pub fn baseline(view: &SeatView, rng: &mut AiRng) -> Decision {
    let decision = match view.phase() {
        Phase::Negotiation => negotiator::negotiate(view, rng),
        Phase::Offer => aggressor::answer_offer(view, rng),
        Phase::Interlude if view.me().role() != crate::core::Role::Aggressor => {
            policy::choose(view, rng)
        }
        Phase::Interlude => aggressor::plan(view, rng),
        Phase::Crisis if view.me().role() == crate::core::Role::Aggressor => {
            aggressor::in_crisis(view, rng)
        }
        Phase::Crisis => crisis::respond(view, rng),
        Phase::Ended => Decision::new(Action::Pass, "the game is over"),
    };
    legal_or_safe(view, decision)
}

/// The adviser's check on a crisis move: it never suggests backing or
/// tabling a package the rules would judge an overreaction (it climbs the
/// ladder). In its place: the same package without the forces when that is
/// in proportion, else an objection to the package on the table, else
/// waiting for a better one.
pub fn in_proportion(view: &SeatView, decision: Decision) -> Decision {
    use crate::core::{MAX_WAIT_HOURS, ResponseSet, Verdict};
    let name = view.me().name();
    let overreaction =
        |items: ResponseSet| view.verdict_of(view.potential_weight(items)) == Verdict::Overreaction;
    let (package, backing) = match decision.action {
        Action::Support(_) => match view.crisis().and_then(|c| c.package.as_ref()) {
            Some(p) => (p.items, true),
            None => return decision,
        },
        Action::Propose(items) => (items, false),
        _ => return decision,
    };
    if view.phase() != Phase::Crisis || !overreaction(package) {
        return decision;
    }
    let lesser = package.minus(view.forces());
    if !backing && !lesser.is_empty() && !overreaction(lesser) {
        let proposal = Action::Propose(lesser);
        if view.check(&proposal).is_ok() {
            return Decision::new(
                proposal,
                reason!(
                    "{name} proposes the package without forces: with them it would be an overreaction"
                ),
            );
        }
    }
    if backing && view.check(&Action::Object).is_ok() {
        return Decision::new(
            Action::Object,
            reason!("{name} objects: the package would be an overreaction and climb the ladder"),
        );
    }
    let hours = view.crisis().map_or(1, |c| {
        c.next_event_hour()
            .saturating_sub(c.now)
            .clamp(1, MAX_WAIT_HOURS)
    });
    legal_or_safe(
        view,
        Decision::new(
            Action::Wait(hours),
            reason!("{name} waits: the package would be an overreaction"),
        ),
    )
}

/// The adviser's check at the table: it never suggests a move across the
/// seat's own red lines (tabling or amending to a text that crosses one,
/// accepting or signing such a text). In its place: the normal AI's move
/// when that stays within them, else the red line signalled or the text
/// rejected over it.
pub fn within_red_lines(view: &SeatView, decision: Decision, rng: &mut AiRng) -> Decision {
    let crosses = |action: &Action| {
        let draft = view.talks().draft;
        let after = match *action {
            Action::TableDraft(d) => Some(d),
            Action::Amend { clause, pick } => draft.map(|d| d.with(clause, pick)),
            Action::Sign | Action::Accept => draft,
            _ => None,
        };
        after.is_some_and(|d| !view.crossed_red_lines(&d).is_empty())
    };
    if view.phase() != Phase::Negotiation || !crosses(&decision.action) {
        return decision;
    }
    let normal = bargainer::negotiate(view, rng);
    if !crosses(&normal.action) && view.check(&normal.action).is_ok() {
        return normal;
    }
    let name = view.me().name();
    let crossed = view
        .talks()
        .draft
        .map(|d| view.crossed_red_lines(&d))
        .unwrap_or_default();
    let Some(&i) = crossed.first() else {
        return legal_or_safe(view, Decision::new(Action::Pass, reason!("{name} waits")));
    };
    let line = &view.secrets().red_lines[i];
    let signal = Action::SignalRedLine(i as u8);
    let action = if view.check(&signal).is_ok() {
        signal
    } else {
        Action::Reject(Some(line.clause))
    };
    legal_or_safe(
        view,
        Decision::new(
            action,
            Reason::new(reason!("{name} stands by its red line"))
                .serving(line.why.clone())
                .over("a text across it"),
        ),
    )
}

/// Never hand the engine an illegal action: fall back to the rules' default
/// move for the phase (passing, holding, letting an hour pass), which is
/// always legal for the seat to move.
fn legal_or_safe(view: &SeatView, decision: Decision) -> Decision {
    if view.check(&decision.action).is_ok() {
        decision
    } else {
        Decision::new(default_action(view.phase()), "no better option")
    }
}

/// One AI move: `bot` decides for `seat` from that seat's view alone, with
/// the random stream of this seat and step, and the game applies it. A
/// decision the rules refuse (a bug) is replaced by the rules' default for
/// the phase, so a game never stalls; an error only when even that is
/// refused (the game is over, or it is not this seat's turn). The terminal
/// game, the lab and the hard level's rollouts all move AI seats through here.
pub fn play_move(
    game: &mut Game,
    seat: Seat,
    bot: Bot,
) -> Result<(Decision, Vec<Event>), RuleError> {
    let mut rng = rng_for(game.state().seed, seat, game.state().steps);
    let decision = bot.decide(&game.view(seat), &mut rng);
    match game.apply(seat, decision.action) {
        Ok(events) => Ok((decision, events)),
        Err(_) => {
            let action = default_action(game.state().phase());
            let events = game.apply(seat, action)?;
            Ok((Decision::new(action, "no better option"), events))
        }
    }
}

/// [`play_move`] for a caller that reads no events (the lab, the hard
/// level's rollouts): the same move, with only the decision handed back.
pub fn advance(game: &mut Game, seat: Seat, bot: Bot) -> Result<Decision, RuleError> {
    let mut rng = rng_for(game.state().seed, seat, game.state().steps);
    let decision = bot.decide(&game.view(seat), &mut rng);
    match game.perform(seat, decision.action) {
        Ok(()) => Ok(decision),
        Err(_) => {
            let action = default_action(game.state().phase());
            game.perform(seat, action)?;
            Ok(Decision::new(action, "no better option"))
        }
    }
}
