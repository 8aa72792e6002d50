//! Real-time limits as a pure type: given the time (`now`, milliseconds on
//! any clock the caller keeps), a countdown says what is left; it never reads
//! a clock itself, so tests control time.

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
