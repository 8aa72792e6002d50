//! FNV-1a, 64 bits: a small, portable hash for fingerprints (not for security).

use std::hash::Hasher;

/// An FNV-1a hasher. The same input gives the same value on every machine:
/// integers are fed little-endian and sizes as 64 bits, whatever the platform,
/// so a derived `Hash` fingerprints a value portably.
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.bytes(bytes);
    }
    fn write_u8(&mut self, v: u8) {
        self.bytes(&[v]);
    }
    fn write_u16(&mut self, v: u16) {
        self.bytes(&v.to_le_bytes());
    }
    fn write_u32(&mut self, v: u32) {
        self.bytes(&v.to_le_bytes());
    }
    fn write_u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    fn write_u128(&mut self, v: u128) {
        self.bytes(&v.to_le_bytes());
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn write_i8(&mut self, v: i8) {
        self.write_u8(v as u8);
    }
    fn write_i16(&mut self, v: i16) {
        self.write_u16(v as u16);
    }
    fn write_i32(&mut self, v: i32) {
        self.write_u32(v as u32);
    }
    fn write_i64(&mut self, v: i64) {
        self.write_u64(v as u64);
    }
    fn write_i128(&mut self, v: i128) {
        self.write_u128(v as u128);
    }
    fn write_isize(&mut self, v: isize) {
        self.write_u64(v as u64);
    }
}

/// The FNV-1a hash of some bytes.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    Fnv::default().bytes(bytes).finish()
}

#[cfg(test)]
mod tests {
    use std::hash::{Hash, Hasher};

    #[test]
    fn known_values() {
        assert_eq!(super::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn sizes_and_integers_are_fed_the_same_way_everywhere() {
        let mut a = super::Fnv::default();
        (1u16, 2usize, -3i32).hash(&mut a);
        let mut b = super::Fnv::default();
        b.bytes(&1u16.to_le_bytes())
            .bytes(&2u64.to_le_bytes())
            .bytes(&(-3i32).to_le_bytes());
        assert_eq!(a.finish(), b.finish());
    }
}
