//! Small, copyable identifiers used throughout the core.
//!
//! Scenario files name things with strings; once a scenario is validated the
//! core refers to seats, clauses, options, responses and attacks by index, which
//! keeps the state compact and the rules fast enough for the simulation lab.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The most seats a scenario may have (seat sets are stored as a `u8` mask).
pub const MAX_SEATS: usize = 8;
/// The most options any treaty clause may have (choices are stored as a `u16` mask).
pub const MAX_OPTIONS: usize = 16;

/// A seat at the table: an index into the scenario's factions.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Seat(pub u8);

impl Seat {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for Seat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "seat {}", self.0)
    }
}

/// A set of seats (signatories, supporters, ...), as a bit mask.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct SeatSet(pub u8);

impl SeatSet {
    pub const EMPTY: SeatSet = SeatSet(0);

    pub fn contains(self, seat: Seat) -> bool {
        self.0 & (1 << seat.0) != 0
    }
    pub fn insert(&mut self, seat: Seat) {
        self.0 |= 1 << seat.0;
    }
    pub fn remove(&mut self, seat: Seat) {
        self.0 &= !(1 << seat.0);
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
    pub fn is_superset(self, other: SeatSet) -> bool {
        self.0 & other.0 == other.0
    }
    pub fn union(self, other: SeatSet) -> SeatSet {
        SeatSet(self.0 | other.0)
    }
    pub fn minus(self, other: SeatSet) -> SeatSet {
        SeatSet(self.0 & !other.0)
    }
    pub fn iter(self) -> impl Iterator<Item = Seat> {
        (0..MAX_SEATS as u8)
            .filter(move |i| self.0 & (1 << i) != 0)
            .map(Seat)
    }
}

impl FromIterator<Seat> for SeatSet {
    fn from_iter<I: IntoIterator<Item = Seat>>(iter: I) -> Self {
        let mut set = SeatSet::EMPTY;
        for seat in iter {
            set.insert(seat);
        }
        set
    }
}

/// The clause families every treaty has, in the order the treaty text lists them.
///
/// A scenario has exactly one clause of each family; the family is also the
/// clause's index in a [`crate::core::Draft`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ClauseFamily {
    /// Who guarantees and through which institution.
    Framework,
    /// Hours the guarantors have to agree a response after an attack.
    ResponseClock,
    /// What signatories are bound to do when the clock starts.
    Obligation,
    /// Responses pre-committed by the treaty (any subset).
    ResponseMenu,
    /// Whether signatories pre-approve their commitments at ratification.
    PreAuthorisation,
    /// How the cost of a response is shared among the guarantors.
    BurdenSharing,
    /// Whether the treaty is offered to the aggressor.
    AggressorOffer,
}

impl ClauseFamily {
    pub const ALL: [ClauseFamily; 7] = [
        ClauseFamily::Framework,
        ClauseFamily::ResponseClock,
        ClauseFamily::Obligation,
        ClauseFamily::ResponseMenu,
        ClauseFamily::PreAuthorisation,
        ClauseFamily::BurdenSharing,
        ClauseFamily::AggressorOffer,
    ];
    pub const COUNT: usize = 7;

    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the clause takes any subset of its options rather than exactly one.
    pub fn is_subset(self) -> bool {
        self == ClauseFamily::ResponseMenu
    }

    pub fn from_index(i: usize) -> Option<ClauseFamily> {
        Self::ALL.get(i).copied()
    }

    /// The family's name in messages ("response clock").
    pub fn label(self) -> &'static str {
        match self {
            ClauseFamily::Framework => "framework",
            ClauseFamily::ResponseClock => "response clock",
            ClauseFamily::Obligation => "obligation",
            ClauseFamily::ResponseMenu => "response menu",
            ClauseFamily::PreAuthorisation => "pre-authorisation",
            ClauseFamily::BurdenSharing => "burden sharing",
            ClauseFamily::AggressorOffer => "offer to the aggressor",
        }
    }
}

/// A chosen set of options of one clause, as a bit mask over the clause's options.
/// Single-choice clauses always have exactly one bit set.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Pick(pub u16);

impl Pick {
    pub fn one(option: usize) -> Pick {
        Pick(1 << option)
    }
    pub fn has(self, option: usize) -> bool {
        option < MAX_OPTIONS && self.0 & (1 << option) != 0
    }
    pub fn count(self) -> u32 {
        self.0.count_ones()
    }
    /// The chosen option of a single-choice clause.
    pub fn single(self) -> usize {
        self.0.trailing_zeros() as usize
    }
    pub fn options(self) -> impl Iterator<Item = usize> {
        (0..MAX_OPTIONS).filter(move |i| self.0 & (1 << i) != 0)
    }
    pub fn toggled(self, option: usize) -> Pick {
        Pick(self.0 ^ (1 << option))
    }
}

/// Index of a response in the scenario's response catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ResponseId(pub u8);

/// A set of responses (a package, a seat's contribution), as a bit mask.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ResponseSet(pub u16);

impl ResponseSet {
    pub const EMPTY: ResponseSet = ResponseSet(0);

    pub fn contains(self, r: ResponseId) -> bool {
        self.0 & (1 << r.0) != 0
    }
    pub fn insert(&mut self, r: ResponseId) {
        self.0 |= 1 << r.0;
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
    pub fn is_subset(self, of: ResponseSet) -> bool {
        self.0 & !of.0 == 0
    }
    pub fn intersect(self, other: ResponseSet) -> ResponseSet {
        ResponseSet(self.0 & other.0)
    }
    pub fn minus(self, other: ResponseSet) -> ResponseSet {
        ResponseSet(self.0 & !other.0)
    }
    pub fn union(self, other: ResponseSet) -> ResponseSet {
        ResponseSet(self.0 | other.0)
    }
    pub fn iter(self) -> impl Iterator<Item = ResponseId> {
        (0..MAX_OPTIONS as u8)
            .filter(move |i| self.0 & (1 << i) != 0)
            .map(ResponseId)
    }
}

impl FromIterator<ResponseId> for ResponseSet {
    fn from_iter<I: IntoIterator<Item = ResponseId>>(iter: I) -> Self {
        let mut set = ResponseSet::EMPTY;
        for r in iter {
            set.insert(r);
        }
        set
    }
}

/// Index of an attack in the scenario's attack catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttackId(pub u8);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seat_sets_behave_like_sets() {
        let mut s = SeatSet::EMPTY;
        s.insert(Seat(0));
        s.insert(Seat(7));
        assert!(s.contains(Seat(7)) && !s.contains(Seat(3)));
        assert_eq!(s.len(), 2);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![Seat(0), Seat(7)]);
        s.remove(Seat(0));
        assert_eq!(s, SeatSet(0b1000_0000));
    }

    #[test]
    fn picks_name_their_options() {
        let p = Pick::one(3);
        assert_eq!(p.single(), 3);
        assert!(p.has(3) && !p.has(2) && !p.has(40));
        assert_eq!(p.toggled(1).options().collect::<Vec<_>>(), vec![1, 3]);
    }
}
