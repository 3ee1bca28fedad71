//! The one walk over a session's definitions: every name reached from some
//! roots, each visited after the names it uses (deps first), with an explicit
//! stack, so a chain of 100,000 formulas never recurses. Building a graph,
//! caching values, refusing cycles, `:save`'s order and the hint's cost all
//! walk this way; what differs is the [`Visitor`].

use super::{Definition, Formula, Session};
use crate::syntax::NameId;

/// What a walk does at each name.
pub(crate) trait Visitor<'s> {
    /// Why a walk stopped early (an error, a cycle found, a cost exceeded).
    type Stop;

    /// Whether `name` needs no visit: visited already, in this walk or an
    /// earlier one. Such a name is neither entered nor visited again.
    fn done(&self, name: NameId, definition: &'s Definition) -> bool;

    /// The names a formula uses, as this walk follows them.
    fn deps(&self, formula: &'s Formula) -> &'s [NameId] {
        &formula.deps
    }

    /// Called once for each name reached, after every name it uses.
    fn visit(&mut self, name: NameId, definition: &'s Definition) -> Result<(), Self::Stop>;
}

/// The order in which the names a formula uses are walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    /// As written: the first name used is visited first.
    Written,
    /// The last name used first (graphs number their nodes this way).
    Reversed,
}

/// A formula being walked through: its deps are visited up to `next`.
struct Frame<'s> {
    name: NameId,
    definition: &'s Definition,
    deps: &'s [NameId],
    next: usize,
}

/// A deps-first walk; its stack is kept for [`Walk::path`] after a stop.
pub(crate) struct Walk<'s> {
    session: &'s Session,
    order: Order,
    frames: Vec<Frame<'s>>,
}

impl<'s> Walk<'s> {
    pub fn new(session: &'s Session, order: Order) -> Self {
        Walk { session, order, frames: Vec::new() }
    }

    /// Walks from each root in turn; undefined names are passed over.
    pub fn run<V: Visitor<'s>>(
        &mut self,
        roots: impl IntoIterator<Item = NameId>,
        visitor: &mut V,
    ) -> Result<(), V::Stop> {
        self.frames.clear();
        for root in roots {
            self.enter(root, visitor)?;
            while let Some(frame) = self.frames.last_mut() {
                if frame.next == frame.deps.len() {
                    let Frame { name, definition, .. } = self.frames.pop().expect("a frame is on top");
                    visitor.visit(name, definition)?;
                    continue;
                }
                let at = match self.order {
                    Order::Written => frame.next,
                    Order::Reversed => frame.deps.len() - 1 - frame.next,
                };
                frame.next += 1;
                let dep = frame.deps[at];
                self.enter(dep, visitor)?;
            }
        }
        Ok(())
    }

    /// Visits an input at once; a formula gets a frame, visited once its
    /// deps are.
    fn enter<V: Visitor<'s>>(&mut self, name: NameId, visitor: &mut V) -> Result<(), V::Stop> {
        let Some(definition) = self.session.definition(name) else {
            return Ok(());
        };
        if visitor.done(name, definition) {
            return Ok(());
        }
        match definition {
            Definition::Input { .. } => visitor.visit(name, definition),
            Definition::Formula(formula) => {
                let deps = visitor.deps(formula);
                self.frames.push(Frame { name, definition, deps, next: 0 });
                Ok(())
            }
        }
    }

    /// The formulas the walk was inside when it stopped, outermost first:
    /// with the name whose visit stopped it, the path from a root to it.
    pub fn path(&self) -> impl Iterator<Item = NameId> + '_ {
        self.frames.iter().map(|frame| frame.name)
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use rustc_hash::FxHashSet;

    use super::*;

    /// Records the names visited, and refuses to go past `stop`.
    #[derive(Default)]
    struct Record {
        seen: Vec<NameId>,
        set: FxHashSet<NameId>,
        stop: Option<NameId>,
    }

    impl<'s> Visitor<'s> for Record {
        type Stop = NameId;
        fn done(&self, name: NameId, _: &'s Definition) -> bool {
            self.set.contains(&name)
        }
        fn visit(&mut self, name: NameId, _: &'s Definition) -> Result<(), NameId> {
            self.seen.push(name);
            self.set.insert(name);
            if self.stop == Some(name) { Err(name) } else { Ok(()) }
        }
    }

    fn session(text: &str) -> Session {
        let mut session = Session::new();
        let source: Rc<str> = text.into();
        session.run_all(&source).expect("defines");
        session
    }

    fn names(session: &Session, ids: &[NameId]) -> Vec<String> {
        ids.iter().map(|&id| session.name(id).to_owned()).collect()
    }

    #[test]
    fn each_name_comes_once_after_what_it_uses() {
        let s = session("x = 1; y = 2; a = x + y; b = a*x; c = b + a + y");
        let c = s.names.find("c").unwrap();
        for (order, expected) in
            [(Order::Written, ["x", "y", "a", "b", "c"]), (Order::Reversed, ["y", "x", "a", "b", "c"])]
        {
            let mut record = Record::default();
            Walk::new(&s, order).run([c, c], &mut record).unwrap();
            assert_eq!(names(&s, &record.seen), expected, "{order:?}");
        }
    }

    /// A chain of 100,000 formulas: no recursion, and the path down it.
    #[test]
    fn a_long_chain_is_walked_without_recursion_and_gives_its_path() {
        let mut text = String::from("f0 = 1\n");
        for i in 1..=100_000 {
            text.push_str(&format!("f{i} = f{} + 1\n", i - 1));
        }
        let s = session(&text);
        let top = s.names.find("f100000").unwrap();
        let bottom = s.names.find("f0").unwrap();
        let mut record = Record { stop: Some(bottom), ..Record::default() };
        let mut walk = Walk::new(&s, Order::Written);
        assert_eq!(walk.run([top], &mut record), Err(bottom));
        let path: Vec<NameId> = walk.path().collect();
        assert_eq!(path.len(), 100_000);
        assert_eq!((path[0], s.name(path[99_999])), (top, "f1"));
        let mut all = Record::default();
        walk.run([top], &mut all).unwrap();
        assert_eq!(all.seen.len(), 100_001);
    }
}
