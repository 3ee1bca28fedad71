//! Refusing cycles: a formula may not depend on itself, through however many
//! others. The path of the loop is what the error shows.

use rustc_hash::FxHashSet;

use super::walk::{Order, Visitor, Walk};
use super::{Definition, Session};
use crate::syntax::{Expr, NameId};

/// If making `name` mean `expr` closes a loop, the loop: `a -> b -> a`.
pub(super) fn through(session: &Session, name: NameId, expr: &Expr) -> Option<Vec<String>> {
    // Only names already defined can be used by anything.
    session.definition(name)?;
    let roots: Vec<NameId> = expr.names().map(|(used, _)| used).collect();
    let mut walk = Walk::new(session, Order::Reversed);
    let mut search = Search { target: name, seen: FxHashSet::default() };
    walk.run(roots.into_iter().rev(), &mut search).err()?;
    // The walk stopped at `name`, inside the formulas from a name in expr.
    let path = std::iter::once(name).chain(walk.path()).chain([name]);
    Some(path.map(|n| session.name(n).to_string()).collect())
}

/// The walk that looks for the name being defined among what expr uses.
struct Search {
    target: NameId,
    seen: FxHashSet<NameId>,
}

impl<'s> Visitor<'s> for Search {
    /// Found: the walk's path leads to the target.
    type Stop = ();

    fn done(&self, name: NameId, _: &'s Definition) -> bool {
        self.seen.contains(&name)
    }

    fn visit(&mut self, name: NameId, _: &'s Definition) -> Result<(), ()> {
        if name == self.target {
            return Err(());
        }
        self.seen.insert(name);
        Ok(())
    }
}
