//! The session's table of names: each name's text is held once and hashed
//! once, when the parser reads it; from then on it is a [`NameId`], an index
//! into arrays. A name stays in the table for the session's life, defined or
//! not (a typo costs a few bytes; ids never move).

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

use super::index::Index;
use crate::packed::Packed;
use crate::syntax::NameId;

/// Names by id, and ids by name. The names' text is packed in one string: no
/// allocation of its own per name, and names read in order lie side by side. The index holds ids with 32 bits of their
/// name's hash and compares through the text, so no name is stored twice.
#[derive(Debug, Default)]
pub(crate) struct Names {
    text: Packed,
    index: Index,
}

/// FxHash rather than SipHash: names are short keys from the user's own
/// scripts (no untrusted peer to flood the table), and a million-name script
/// spends much of its time hashing them. Folded to 32 bits, which the index
/// keeps.
fn short_hash(name: &str) -> u32 {
    let hash = FxBuildHasher.hash_one(name);
    (hash ^ (hash >> 32)) as u32
}

impl Names {
    /// The id of `name`, added to the table if it is new.
    pub fn intern(&mut self, name: &str) -> NameId {
        let short = short_hash(name);
        if let Some(id) = self.find_hashed(name, short) {
            return id;
        }
        let id = NameId::new(self.text.push(name));
        self.index.insert(short, id.index() as u32);
        id
    }

    /// The id of `name`, if the table has it.
    pub fn find(&self, name: &str) -> Option<NameId> {
        self.find_hashed(name, short_hash(name))
    }

    fn find_hashed(&self, name: &str, short: u32) -> Option<NameId> {
        let same = |id: u32| self.text(NameId::new(id as usize)) == name;
        self.index.find(short, same).map(|id| NameId::new(id as usize))
    }

    /// The text of a name in the table.
    pub fn text(&self, id: NameId) -> &str {
        self.text.get(id.index())
    }

    /// How many names the table holds (ids are below this).
    pub fn len(&self) -> usize {
        self.text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_keeps_its_id() {
        let mut names = Names::default();
        let x = names.intern("x");
        let y = names.intern("y");
        assert_ne!(x, y);
        assert_eq!(names.intern("x"), x);
        assert_eq!(names.find("y"), Some(y));
        assert_eq!(names.find("z"), None);
        assert_eq!(names.text(y), "y");
        let many: Vec<NameId> = (0..10_000).map(|i| names.intern(&format!("n{i}"))).collect();
        assert!(many.iter().enumerate().all(|(i, &id)| names.find(&format!("n{i}")) == Some(id)));
        assert_eq!(names.len(), 10_002);
    }
}
