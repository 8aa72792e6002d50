//! Personalities varied for a game: the seats the setup names draw their
//! temper and priorities from the ranges the scenario's rules give, so that
//! two games of one scenario meet two different tables.

use crate::ids::{MAX_CLAUSES, Seat, SeatSet};
use crate::scenario::Scenario;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// A copy of `scenario` in which every seat of `seats` has its personality
/// and the weights of its preferences drawn from the rules' spreads, from a
/// stream of `seed`'s own (the game's random stream is left as it is).
/// The direction of every preference stays as written: a seat may care more
/// or less about a clause this game, never prefer what it opposed.
pub(crate) fn varied(scenario: &Scenario, seed: u64, seats: SeatSet) -> Scenario {
    let mut out = scenario.clone();
    let rules = scenario.rules();
    let concession = rules.concession_spread.clamp(0, 90) as f64 / 100.0;
    let temper = rules.temper_spread.clamp(0, 100) as f64 / 100.0;
    let priority = rules.priority_spread.clamp(0, 90) as f64 / 100.0;
    let clauses = scenario.clauses().len().min(MAX_CLAUSES);
    for seat in scenario.seats().filter(|s| seats.contains(*s)) {
        let mut rng = stream(seed, seat);
        let mut spread = |width: f64| {
            if width > 0.0 {
                rng.random_range(-width..=width)
            } else {
                0.0
            }
        };
        let secret = &mut out.factions[seat.index()].secret;
        let p = &mut secret.personality;
        // Rounded to hundredths: a personality reads the same in a report
        // and in a debugger.
        let round = |x: f64| (x * 100.0).round() / 100.0;
        p.concession = round(p.concession * (1.0 + spread(concession))).max(0.05);
        for trait_ in [&mut p.hawkishness, &mut p.caution, &mut p.solidarity] {
            *trait_ = round((*trait_ + spread(temper)).clamp(0.0, 1.0));
        }
        for row in secret.values.iter_mut().take(clauses) {
            let weight = 1.0 + spread(priority);
            for v in row.iter_mut() {
                // A small preference may shrink, never vanish or turn.
                let scaled = (*v as f64 * weight).round() as i32;
                *v = if scaled == 0 { v.signum() } else { scaled };
            }
        }
    }
    out.derive();
    out
}

/// The stream seat `seat` draws its personality from in a game of `seed`.
fn stream(seed: u64, seat: Seat) -> Xoshiro256PlusPlus {
    // A constant of its own keeps it apart from the game's stream (seeded
    // by `seed` itself) and from the AI's decision streams.
    const PERSONALITY: u64 = 0x7065_7273_6f6e_616c;
    let mixed = rand_xoshiro::SplitMix64::seed_from_u64(seed ^ PERSONALITY)
        .random::<u64>()
        .wrapping_add(seat.0 as u64);
    Xoshiro256PlusPlus::seed_from_u64(mixed)
}
