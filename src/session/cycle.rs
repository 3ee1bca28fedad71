//! Refusing cycles: a formula may not depend on itself, through however many
//! others. The path of the loop is what the error shows.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use super::{Definition, Session};
use crate::syntax::{Expr, NameId};

/// If making `name` mean `expr` closes a loop, the loop: `a -> b -> a`.
pub(super) fn through(session: &Session, name: NameId, expr: &Expr) -> Option<Vec<String>> {
    // Only names already defined can be used by anything.
    session.definition(name)?;
    // Depth-first from each name in expr, with parents to rebuild the path.
    let mut parent: FxHashMap<NameId, Option<NameId>> = FxHashMap::default();
    let mut stack: Vec<NameId> = Vec::new();
    for (used, _) in expr.names() {
        if let Entry::Vacant(slot) = parent.entry(used) {
            slot.insert(None);
            stack.push(used);
        }
    }
    while let Some(current) = stack.pop() {
        if current == name {
            // Walk back up to the name in expr, then read it forwards.
            let mut walk = Vec::new();
            let mut at = Some(current);
            while let Some(n) = at {
                at = parent.get(&n).copied().flatten();
                walk.push(session.name(n).to_string());
            }
            walk.reverse();
            let mut path = vec![session.name(name).to_string()];
            path.extend(walk);
            return Some(path);
        }
        if let Some(Definition::Formula(formula)) = session.definition(current) {
            for &dep in formula.deps.iter() {
                if let Entry::Vacant(slot) = parent.entry(dep) {
                    slot.insert(Some(current));
                    stack.push(dep);
                }
            }
        }
    }
    None
}
