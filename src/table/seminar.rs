//! A seminar's settings that belong to the game and are saved with it: the
//! facilitator's PIN, kept only as a salted hash, and the real-time limits.

use argon2::Argon2;
use serde::{Deserialize, Serialize};

/// Optional wall-clock limits (seminar mode).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timers {
    /// Seconds for each negotiation round; when they run out the round closes
    /// with whatever was decided (seats that did not act pass).
    #[serde(default)]
    pub round_secs: Option<u32>,
    /// Real seconds per game hour in a crisis: a seat that dithers lets the hours pass.
    #[serde(default)]
    pub hour_secs: Option<u32>,
}

/// The seconds a timer may be set to.
pub const TIMER_SECS: std::ops::RangeInclusive<u32> = 1..=3600;

impl Timers {
    pub fn active(&self) -> bool {
        self.round_secs.is_some() || self.hour_secs.is_some()
    }

    /// Whether every timer set is within [`TIMER_SECS`].
    pub fn valid(&self) -> bool {
        [self.round_secs, self.hour_secs]
            .iter()
            .flatten()
            .all(|s| TIMER_SECS.contains(s))
    }
}

/// The facilitator's PIN as a game keeps it: a salted Argon2 hash, so a save
/// (a readable file the students may see) never holds the PIN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinLock {
    /// The salt, in hex.
    pub salt: String,
    /// Argon2id of the PIN with the salt, in hex.
    pub hash: String,
}

/// The shortest and longest PIN.
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=8;

impl PinLock {
    /// A lock for `pin`, with a fresh random salt. `None` if the PIN is not 4
    /// to 8 digits.
    pub fn new(pin: &str) -> Option<PinLock> {
        if !valid_pin(pin) {
            return None;
        }
        let salt: [u8; 16] = rand::random();
        let salt = hex(&salt);
        let hash = digest(pin, &salt)?;
        Some(PinLock { salt, hash })
    }

    /// Whether this is a lock [`PinLock::new`] makes: a salt of 16 bytes and a
    /// hash of 32, in lowercase hex. A crafted one no PIN could open.
    pub fn is_well_formed(&self) -> bool {
        let hex = |s: &str, n: usize| {
            s.len() == n
                && s.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        };
        hex(&self.salt, 32) && hex(&self.hash, 64)
    }

    /// Whether `pin` opens this lock.
    pub fn opens(&self, pin: &str) -> bool {
        valid_pin(pin) && digest(pin, &self.salt).is_some_and(|h| h == self.hash)
    }
}

fn valid_pin(pin: &str) -> bool {
    PIN_DIGITS.contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

fn digest(pin: &str, salt: &str) -> Option<String> {
    let mut out = [0u8; 32];
    Argon2::default()
        .hash_password_into(pin.as_bytes(), salt.as_bytes(), &mut out)
        .ok()?;
    Some(hex(&out))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// After `failures` wrong PINs in a row, how long the next attempt must wait
/// (milliseconds): nothing for the first three, then 2, 4, 8... seconds, at
/// most a minute.
pub fn pin_delay_ms(failures: u32) -> u64 {
    if failures < 3 {
        0
    } else {
        (1000u64 << (failures - 2).min(6)).min(60_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_opens_with_its_pin_only_and_never_holds_it() {
        let lock = PinLock::new("4711").expect("a valid PIN");
        assert!(lock.opens("4711"));
        assert!(!lock.opens("4712") && !lock.opens("47110") && !lock.opens(""));
        // Nothing but a salt and a hash, random-looking hex of fixed lengths
        // (a substring test of them for "4711" failed about once in 700 runs).
        assert!(lock.is_well_formed() && lock.hash != "4711" && lock.salt != "4711");
        // Two locks for the same PIN differ (each has its own salt).
        assert_ne!(
            PinLock::new("4711").map(|l| l.hash),
            Some(lock.hash.clone())
        );
        assert!(PinLock::new("12a4").is_none() && PinLock::new("123").is_none());
        // A crafted lock no PIN opens is not well formed.
        let crafted = |salt: &str, hash: &str| PinLock {
            salt: salt.into(),
            hash: hash.into(),
        };
        assert!(!crafted("", "").is_well_formed());
        assert!(!crafted(&lock.salt, &lock.hash.to_uppercase()).is_well_formed());
        assert!(!crafted(&lock.salt[..30], &lock.hash).is_well_formed());
    }

    #[test]
    fn wrong_pins_meet_a_growing_delay() {
        assert_eq!(pin_delay_ms(2), 0);
        assert_eq!(pin_delay_ms(3), 2_000);
        assert_eq!(pin_delay_ms(4), 4_000);
        assert!(pin_delay_ms(9) <= 60_000 && pin_delay_ms(30) == 60_000);
    }
}
