//! The index from a name's hash to its id, for the session's table of names.
//!
//! Written here rather than taken from hashbrown: its tables keep the
//! control bytes and the entries in two places, so a look-up in a table far
//! bigger than the cache (a million names) misses it twice. Here a slot
//! holds an id and 32 bits of its name's hash side by side, probed linearly
//! from where the hash points and kept at most half full: a look-up reads
//! one cache line, almost always. Names are never removed, so there are no
//! tombstones, and growing rehashes from the kept hash without reading a
//! single name.

/// One slot: an id (or [`EMPTY`]) and the 32-bit hash of its name.
#[derive(Clone, Copy, Debug)]
struct Slot {
    hash: u32,
    id: u32,
}

/// The id of an empty slot: no name has it (ids stay below `u32::MAX`).
const EMPTY: u32 = u32::MAX;

/// Ids by hash, with the names compared by the caller.
#[derive(Debug, Default)]
pub(crate) struct Index {
    slots: Vec<Slot>,
    /// How many slots hold an id.
    len: usize,
    /// 64 less the log2 of the slot count: a hash's home slot is the top
    /// bits of its spread.
    shift: u32,
}

/// Spreads a 32-bit hash over 64 bits (Fibonacci hashing), whose top bits
/// pick the slot.
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl Index {
    /// The id stored with `hash` for which `same` holds, if any.
    pub fn find(&self, hash: u32, mut same: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(hash);
        loop {
            let slot = self.slots[at];
            if slot.id == EMPTY {
                return None;
            }
            if slot.hash == hash && same(slot.id) {
                return Some(slot.id);
            }
            at = (at + 1) & mask;
        }
    }

    /// Stores `id` under `hash`; the caller has checked it is not there.
    pub fn insert(&mut self, hash: u32, id: u32) {
        debug_assert_ne!(id, EMPTY, "ids stay below u32::MAX");
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.put(Slot { hash, id });
        self.len += 1;
    }

    fn home(&self, hash: u32) -> usize {
        (spread(hash) >> self.shift) as usize
    }

    /// Puts `slot` in the first free slot from its home.
    fn put(&mut self, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut at = self.home(slot.hash);
        while self.slots[at].id != EMPTY {
            at = (at + 1) & mask;
        }
        self.slots[at] = slot;
    }

    /// Twice the slots (at least 16), every id put again by its kept hash.
    fn grow(&mut self) {
        let count = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![Slot { hash: 0, id: EMPTY }; count]);
        self.shift = 64 - count.trailing_zeros();
        for slot in old.into_iter().filter(|slot| slot.id != EMPTY) {
            self.put(slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hashes that collide, and ids found only when the caller agrees.
    #[test]
    fn finds_what_was_put_through_collisions_and_growth() {
        let mut index = Index::default();
        assert_eq!(index.find(7, |_| true), None);
        // Every id under one of three hashes: long probe runs, many growths.
        for id in 0..5000u32 {
            index.insert(id % 3, id);
        }
        for id in 0..5000u32 {
            assert_eq!(index.find(id % 3, |found| found == id), Some(id));
        }
        assert_eq!(index.find(3, |_| true), None, "a hash never stored");
        assert_eq!(index.find(1, |found| found == 2), None, "an id under another hash");
        assert!(index.slots.len() >= 2 * index.len);
    }
}
