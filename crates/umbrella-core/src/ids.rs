//! Small, copyable identifiers used throughout the core, and the one set type
//! that holds them.
//!
//! Scenario files name things with strings; once a scenario is validated the
//! core refers to seats, clauses, options, responses and attacks by index, which
//! keeps the state compact and the rules fast enough for the simulation lab.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// The most seats a scenario may have.
pub const MAX_SEATS: usize = 8;
/// The most options any treaty clause may have.
pub const MAX_OPTIONS: usize = 16;
/// The most clauses a treaty may have.
pub const MAX_CLAUSES: usize = 12;
/// The most responses a scenario's catalogue may have.
pub const MAX_RESPONSES: usize = 16;

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

/// A clause of the scenario's treaty: an index into its clauses, in the order
/// the scenario lists them.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ClauseId(pub u8);

impl ClauseId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a response in the scenario's response catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ResponseId(pub u8);

impl ResponseId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of an attack in the scenario's attack catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttackId(pub u8);

impl AttackId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Something a [`Set`] can hold: a small index.
pub trait Member: Copy {
    fn bit(self) -> u32;
    fn from_bit(bit: u32) -> Self;
}

impl Member for Seat {
    fn bit(self) -> u32 {
        self.0 as u32
    }
    fn from_bit(bit: u32) -> Self {
        Seat(bit as u8)
    }
}

impl Member for ResponseId {
    fn bit(self) -> u32 {
        self.0 as u32
    }
    fn from_bit(bit: u32) -> Self {
        ResponseId(bit as u8)
    }
}

/// Options of a clause are plain indices.
impl Member for usize {
    fn bit(self) -> u32 {
        self as u32
    }
    fn from_bit(bit: u32) -> Self {
        bit as usize
    }
}

/// A set of small indices as a bit mask: seats (signatories, supporters),
/// responses (a package, a contribution), options (a clause choice).
pub struct Set<T>(u32, PhantomData<fn() -> T>);

/// Seats: signatories, supporters, bound guarantors...
pub type SeatSet = Set<Seat>;
/// Responses: a package, a contribution, a treaty's menu.
pub type ResponseSet = Set<ResponseId>;
/// The options chosen in one clause. Single-choice clauses always hold exactly one.
pub type Pick = Set<usize>;

impl<T> Set<T> {
    pub const EMPTY: Set<T> = Set(0, PhantomData);
    /// The most members a set can hold.
    pub const CAPACITY: u32 = 32;

    pub const fn from_bits(bits: u32) -> Set<T> {
        Set(bits, PhantomData)
    }
    pub const fn bits(self) -> u32 {
        self.0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
    pub fn is_subset(self, of: Set<T>) -> bool {
        self.0 & !of.0 == 0
    }
    pub fn is_superset(self, other: Set<T>) -> bool {
        other.is_subset(self)
    }
    pub fn union(self, other: Set<T>) -> Set<T> {
        Set::from_bits(self.0 | other.0)
    }
    pub fn intersect(self, other: Set<T>) -> Set<T> {
        Set::from_bits(self.0 & other.0)
    }
    pub fn minus(self, other: Set<T>) -> Set<T> {
        Set::from_bits(self.0 & !other.0)
    }
    /// Members below `n` only (a mask of the first `n` indices).
    pub fn below(self, n: usize) -> Set<T> {
        if n >= 32 {
            self
        } else {
            Set::from_bits(self.0 & ((1u32 << n) - 1))
        }
    }
}

impl<T: Member> Set<T> {
    pub fn one(member: T) -> Set<T> {
        Set::EMPTY.with(member)
    }
    /// Every index below `n`.
    pub fn all_below(n: usize) -> Set<T> {
        Set::from_bits(if n >= 32 { u32::MAX } else { (1u32 << n) - 1 })
    }
    pub fn contains(self, member: T) -> bool {
        member.bit() < 32 && self.0 & (1 << member.bit()) != 0
    }
    pub fn insert(&mut self, member: T) {
        if member.bit() < 32 {
            self.0 |= 1 << member.bit();
        }
    }
    pub fn remove(&mut self, member: T) {
        if member.bit() < 32 {
            self.0 &= !(1 << member.bit());
        }
    }
    pub fn with(mut self, member: T) -> Set<T> {
        self.insert(member);
        self
    }
    pub fn without(mut self, member: T) -> Set<T> {
        self.remove(member);
        self
    }
    /// The set with `member` added if it was missing, removed if it was there.
    pub fn toggled(self, member: T) -> Set<T> {
        if self.contains(member) {
            self.without(member)
        } else {
            self.with(member)
        }
    }
    /// The lowest member (the choice of a single-choice clause).
    pub fn first(self) -> Option<T> {
        (self.0 != 0).then(|| T::from_bit(self.0.trailing_zeros()))
    }
    /// The members, lowest first, bit by bit (without testing all 32).
    pub fn iter(self) -> Members<T> {
        Members(self.0, PhantomData)
    }
}

/// The members of a [`Set`], lowest first.
pub struct Members<T>(u32, PhantomData<fn() -> T>);

impl<T: Member> Iterator for Members<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        if self.0 == 0 {
            return None;
        }
        let bit = self.0.trailing_zeros();
        self.0 &= self.0 - 1;
        Some(T::from_bit(bit))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.0.count_ones() as usize;
        (n, Some(n))
    }
}

impl<T: Member> ExactSizeIterator for Members<T> {}

impl Pick {
    /// The chosen option of a single-choice clause (0 when nothing is chosen).
    pub fn single(self) -> usize {
        self.first().unwrap_or(0)
    }
    /// Whether option `o` is chosen (out-of-range options never are).
    pub fn has(self, o: usize) -> bool {
        o < 32 && self.contains(o)
    }
    pub fn options(self) -> impl Iterator<Item = usize> {
        self.iter()
    }
    pub fn count(self) -> u32 {
        self.0.count_ones()
    }
}

impl<T: Member> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Set::EMPTY;
        for m in iter {
            set.insert(m);
        }
        set
    }
}

// The derives would ask T for the same traits; a mask needs none of them.
impl<T> Clone for Set<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Set<T> {}
impl<T> Default for Set<T> {
    fn default() -> Self {
        Set::EMPTY
    }
}
impl<T> PartialEq for Set<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<T> Eq for Set<T> {}
impl<T> PartialOrd for Set<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Set<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}
impl<T> Hash for Set<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}
impl<T: Member + fmt::Debug> fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}
/// Saved as its bit mask, a plain number.
impl<T> Serialize for Set<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}
impl<'de, T> Deserialize<'de> for Set<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        u32::deserialize(d).map(Set::from_bits)
    }
}

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
        assert_eq!(s, SeatSet::from_bits(0b1000_0000));
        assert_eq!(format!("{s:?}"), "{Seat(7)}");
    }

    #[test]
    fn picks_name_their_options() {
        let p = Pick::one(3);
        assert_eq!(p.single(), 3);
        assert!(p.has(3) && !p.has(2) && !p.has(40));
        assert_eq!(p.toggled(1).options().collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(Pick::all_below(3).bits(), 0b111);
        assert_eq!(Pick::from_bits(0b1010).below(2), Pick::one(1));
    }

    #[test]
    fn sets_are_saved_as_their_mask() {
        let s: ResponseSet = [ResponseId(0), ResponseId(4)].into_iter().collect();
        assert_eq!(s.bits(), 17);
        assert!(s.is_superset(ResponseSet::one(ResponseId(4))));
        assert!(!ResponseSet::one(ResponseId(4)).is_superset(s));
    }
}
