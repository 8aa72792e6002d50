//! Real-time limits as a pure type: given the time (`now`, milliseconds on
//! any clock the caller keeps), a countdown says what is left; it never reads
//! a clock itself, so tests control time.

use crate::core::{Phase, Seat};

/// A countdown of real time that can stand still.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Countdown {
    /// What it counts down (a round, a seat's turn...), so the caller can
    /// tell a new turn from the one under way.
    pub marker: u64,
    /// When it runs out, while it runs.
    ends_ms: Option<u64>,
    /// What is left, while it stands still.
    left_ms: u64,
}

impl Countdown {
    /// A countdown of `limit_ms` for `marker`, running from `now`.
    pub fn start(marker: u64, limit_ms: u64, now: u64) -> Countdown {
        Countdown {
            marker,
            ends_ms: Some(now + limit_ms),
            left_ms: limit_ms,
        }
    }

    /// Milliseconds left at `now`.
    pub fn left_ms(&self, now: u64) -> u64 {
        match self.ends_ms {
            Some(end) => end.saturating_sub(now),
            None => self.left_ms,
        }
    }

    /// Whole seconds left at `now`, rounded up (what a countdown shows).
    pub fn seconds_left(&self, now: u64) -> u64 {
        self.left_ms(now).div_ceil(1000)
    }

    pub fn is_running(&self) -> bool {
        self.ends_ms.is_some()
    }

    pub fn expired(&self, now: u64) -> bool {
        self.left_ms(now) == 0
    }

    /// Stop at `now`, keeping what is left.
    pub fn pause(&mut self, now: u64) {
        if self.ends_ms.is_some() {
            self.left_ms = self.left_ms(now);
            self.ends_ms = None;
        }
    }

    /// Run on from `now` with what was left.
    pub fn resume(&mut self, now: u64) {
        if self.ends_ms.is_none() {
            self.ends_ms = Some(now + self.left_ms);
        }
    }
}

/// The real-time limit of each seat's turn: a countdown for every move of
/// a human seat (`round_secs` in the talks and between crises, `hour_secs`
/// in a crisis), standing still while it is held (the game paused, the
/// seat's players reading their briefing, a hand-over or a dialog). The
/// terminal game and the server keep theirs with it; neither reads a clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TurnClock {
    countdown: Option<Countdown>,
}

impl TurnClock {
    /// Time passes to `now`, `held` or not. The seat whose time ran out, if
    /// one did: the caller makes the rules' default move for it
    /// ([`super::Table::time_out`]).
    pub fn tick(&mut self, table: &super::Table, now: u64, held: bool) -> Option<Seat> {
        let game = table.game();
        let limit = match game.state().phase() {
            Phase::Crisis => table.timers.hour_secs,
            Phase::Ended => None,
            _ => table.timers.round_secs,
        };
        let (Some(secs), Some(seat)) = (limit, table.human_to_move()) else {
            self.countdown = None;
            return None;
        };
        // A turn is counted by the seats' moves: the facilitator's steps
        // (a pause, an inject) do not start a new one.
        let marker = game
            .record()
            .iter()
            .filter(|step| matches!(step, crate::core::Step::Seat(..)))
            .count() as u64;
        let mut countdown = match self.countdown {
            Some(c) if c.marker == marker => c,
            _ => Countdown::start(marker, secs as u64 * 1000, now),
        };
        if held || game.is_paused() {
            countdown.pause(now);
        } else {
            countdown.resume(now);
        }
        self.countdown = Some(countdown);
        if countdown.expired(now) {
            self.countdown = None;
            return Some(seat);
        }
        None
    }

    /// The turn's countdown, while a turn is timed.
    pub fn countdown(&self) -> Option<Countdown> {
        self.countdown
    }

    /// Whole seconds left of the turn at `now`.
    pub fn seconds_left(&self, now: u64) -> Option<u64> {
        Some(self.countdown?.seconds_left(now))
    }

    /// Start again (the limits were changed).
    pub fn reset(&mut self) {
        self.countdown = None;
    }
}

/// Real seconds until a crisis clock runs out if every human seat uses its
/// whole turn for each game hour: `turn_left` of this turn, then `hours`
/// less one, each a turn of `hour_secs` for each of `humans` seats.
pub fn seconds_to_clock(turn_left: Option<u64>, hour_secs: u64, hours: u64, humans: u64) -> u64 {
    let this = turn_left.unwrap_or(hour_secs).min(hour_secs);
    hours.saturating_sub(1) * hour_secs * humans.max(1) + this
}

#[cfg(test)]
mod tests {
    use super::Countdown;

    #[test]
    fn a_countdown_runs_stands_still_and_runs_on() {
        let mut c = Countdown::start(7, 10_000, 1_000);
        assert_eq!(c.seconds_left(1_000), 10);
        assert_eq!(c.seconds_left(4_500), 7);
        c.pause(5_000);
        assert!(!c.is_running());
        assert_eq!(c.left_ms(60_000), 6_000, "a paused countdown stands still");
        c.resume(60_000);
        assert_eq!(c.left_ms(61_000), 5_000);
        assert!(!c.expired(65_999));
        assert!(c.expired(66_000));
        assert_eq!(c.marker, 7);
    }
}
