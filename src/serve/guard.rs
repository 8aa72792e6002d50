//! The door: how many connections may be open (in all and from one
//! address), and how long an address that gave wrong codes must wait.
//! Pure: the caller says what time it is (milliseconds on its own clock).

use std::collections::HashMap;
use std::net::IpAddr;

/// Connections open at once, in all.
pub const MAX_CONNECTIONS: usize = 200;
/// Connections open at once from one address (a class behind one router
/// shares an address: five teams on four laptops, projectors, spares).
pub const MAX_PER_ADDRESS: usize = 60;
/// Wrong codes from one address before it is locked out.
pub const LOCK_AFTER: u32 = 8;
/// How long a lock-out lasts, in milliseconds.
pub const LOCK_MS: u64 = 10 * 60 * 1000;

/// What the door says to a connection or a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Welcome,
    /// Too many connections, in all or from this address.
    Full,
    /// Too many wrong codes from this address: locked until the time given.
    Locked {
        until_ms: u64,
    },
}

#[derive(Clone, Debug, Default)]
struct Record {
    open: usize,
    failures: u32,
    locked_until: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Guard {
    by_address: HashMap<IpAddr, Record>,
    open: usize,
}

impl Guard {
    /// A new connection from `addr` at `now`: let it in (and count it) or not.
    pub fn open(&mut self, addr: IpAddr, now: u64) -> Verdict {
        let record = self.by_address.entry(addr).or_default();
        if record.locked_until > now {
            return Verdict::Locked {
                until_ms: record.locked_until,
            };
        }
        if self.open >= MAX_CONNECTIONS || record.open >= MAX_PER_ADDRESS {
            return Verdict::Full;
        }
        record.open += 1;
        self.open += 1;
        Verdict::Welcome
    }

    /// A connection from `addr` closed.
    pub fn close(&mut self, addr: IpAddr) {
        if let Some(r) = self.by_address.get_mut(&addr) {
            r.open = r.open.saturating_sub(1);
            self.open = self.open.saturating_sub(1);
        }
    }

    /// Whether `addr` may try a code at `now`.
    pub fn may_try(&self, addr: IpAddr, now: u64) -> Verdict {
        match self.by_address.get(&addr) {
            Some(r) if r.locked_until > now => Verdict::Locked {
                until_ms: r.locked_until,
            },
            _ => Verdict::Welcome,
        }
    }

    /// A wrong code from `addr`: how long to wait before saying so (it grows
    /// with every wrong code in a row), and a lock-out after [`LOCK_AFTER`].
    pub fn wrong(&mut self, addr: IpAddr, now: u64) -> u64 {
        let r = self.by_address.entry(addr).or_default();
        r.failures += 1;
        if r.failures >= LOCK_AFTER {
            r.locked_until = now + LOCK_MS;
            r.failures = 0;
        }
        delay_ms(r.failures.max(1))
    }

    /// A right code from `addr`: its count of wrong ones starts again.
    pub fn right(&mut self, addr: IpAddr) {
        if let Some(r) = self.by_address.get_mut(&addr) {
            r.failures = 0;
        }
    }

    /// Connections open now.
    pub fn open_connections(&self) -> usize {
        self.open
    }
}

/// The wait after the `n`th wrong code in a row: 0.25 s, 0.5 s, 1 s, then 2 s.
/// With the lock-out, an address tries at most 8 codes in 10 minutes, of
/// about 1.5e11.
pub fn delay_ms(n: u32) -> u64 {
    250u64 << n.saturating_sub(1).min(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_codes_wait_longer_and_then_lock_the_address_out() {
        let mut g = Guard::default();
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let waits: Vec<u64> = (0..4).map(|_| g.wrong(a, 0)).collect();
        assert_eq!(waits, vec![250, 500, 1000, 2000]);
        for _ in 4..LOCK_AFTER {
            g.wrong(a, 0);
        }
        assert!(matches!(g.may_try(a, 1), Verdict::Locked { .. }));
        assert!(matches!(g.open(a, 1), Verdict::Locked { .. }));
        assert_eq!(g.may_try(b, 1), Verdict::Welcome, "other addresses go on");
        assert_eq!(g.may_try(a, LOCK_MS + 1), Verdict::Welcome);
    }

    #[test]
    fn connections_are_limited_per_address_and_in_all() {
        let mut g = Guard::default();
        let a: IpAddr = [10, 0, 0, 1].into();
        for _ in 0..MAX_PER_ADDRESS {
            assert_eq!(g.open(a, 0), Verdict::Welcome);
        }
        assert_eq!(g.open(a, 0), Verdict::Full);
        g.close(a);
        assert_eq!(g.open(a, 0), Verdict::Welcome);
        for i in 0..MAX_CONNECTIONS {
            let _ = g.open(IpAddr::from([10, 1, (i / 250) as u8, (i % 250) as u8]), 0);
        }
        assert_eq!(g.open(IpAddr::from([10, 9, 9, 9]), 0), Verdict::Full);
        assert_eq!(g.open_connections(), MAX_CONNECTIONS);
    }
}
