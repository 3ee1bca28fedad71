//! The session: what the user has defined (inputs and formulas), and running
//! one statement against it. A statement that fails changes nothing.

mod build;
mod values;

use std::cell::Cell;
use std::collections::hash_map::Entry;
use std::rc::Rc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, ErrorKind, Span};
use crate::graph::{Graph, NodeId};
use crate::layers;
use crate::report::Evaluation;
use crate::suggest;
use crate::syntax::{self, Expr, Statement};

pub(crate) use build::Builder;

/// What a name means.
#[derive(Clone, Debug)]
pub enum Definition {
    /// A leaf holding a number.
    Input { value: f64 },
    /// A named node defined by an expression, recomputed whenever it is used.
    /// Boxed, so that the far more numerous inputs take 16 bytes, not 80.
    Formula(Box<Formula>),
}

#[derive(Clone, Debug)]
pub struct Formula {
    pub expr: Expr,
    /// The distinct names the definition mentions. A slice, not a `Vec`:
    /// one collected from a filter keeps room for four, and a million
    /// formulas would hold it.
    pub deps: Box<[Rc<str>]>,
    /// The value at the current inputs, if computed in the session's current
    /// epoch: kept beside the formula rather than in a table of its own,
    /// which a chain of a million formulas would double.
    cached: Cell<Option<(u64, f64)>>,
}

impl Formula {
    /// The cached value, if it is still current in `epoch`.
    fn cached_in(&self, epoch: u64) -> Option<f64> {
        self.cached.get().filter(|&(at, _)| at == epoch).map(|(_, value)| value)
    }
}

/// What running a statement produced, for a front end to show.
#[derive(Debug)]
pub enum Outcome {
    /// A blank or comment-only statement.
    Nothing,
    /// `name = expr`: the new definition and its current value. `non_finite`
    /// is where the value first went inf or NaN, if it did.
    Defined {
        name: Rc<str>,
        value: f64,
        formula: Option<String>,
        non_finite: Option<Span>,
    },
    Evaluated(Box<Evaluation>),
    /// An assertion that held, with its two sides.
    Asserted {
        left: f64,
        right: f64,
    },
}

/// Why `:del` refused.
#[derive(Debug, PartialEq)]
pub enum DeleteError {
    Undefined {
        suggestion: Option<String>,
    },
    /// Formulas that still use the name.
    InUse(Vec<String>),
}

/// Names are hashed with FxHash rather than SipHash: keys are short names
/// from the user's own scripts (no untrusted peer to flood the table), and a
/// million-input script spends most of its session time hashing them.
#[derive(Debug, Default)]
pub struct Session {
    defs: FxHashMap<Rc<str>, (u64, Definition)>,
    next_seq: u64,
    /// Formula values cached in an older epoch are stale: it moves on
    /// whenever an existing name changes meaning, which forgets them all at
    /// once.
    epoch: u64,
    /// How many definitions are formulas: with none, a graph has nothing to
    /// expand.
    formulas: usize,
}

impl Session {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses and runs the statement at `span` of `source` (see [`syntax::statements`]).
    pub fn run(&mut self, source: &Rc<str>, span: Span) -> Result<Outcome, Error> {
        let known = |name: &str| self.defs.get_key_value(name).map(|(key, _)| key.clone());
        let statement = syntax::parse_statement_sharing(source, span, &known)?;
        self.execute(statement)
    }

    /// Runs a parsed statement.
    pub fn execute(&mut self, statement: Statement) -> Result<Outcome, Error> {
        match statement {
            Statement::Empty => Ok(Outcome::Nothing),
            Statement::Assign { name, name_span, expr } => self.assign(name, name_span, expr),
            Statement::Eval(expr) => Ok(Outcome::Evaluated(Box::new(self.evaluate(&expr)?))),
            Statement::Assert { left, right, tolerance, span } => {
                let l = self.value(&left)?.0;
                let r = self.value(&right)?.0;
                let tolerance = match tolerance {
                    Some(t) => self.value(&t)?.0.abs(),
                    None => 1e-9 * 1f64.max(l.abs()).max(r.abs()),
                };
                // NaN fails every comparison, so a NaN side never passes.
                if (l - r).abs() <= tolerance || (l == r) {
                    Ok(Outcome::Asserted { left: l, right: r })
                } else {
                    let kind = ErrorKind::AssertFailed { left: l, right: r, tolerance };
                    Err(Error::new(kind, span))
                }
            }
        }
    }

    /// Builds the graph of `expr`, runs forward, then backward from its root.
    pub fn evaluate(&self, expr: &Expr) -> Result<Evaluation, Error> {
        let (mut graph, output) = self.graph(expr)?;
        graph.forward();
        graph.backward(output);
        Ok(Evaluation { text: expr.text().to_owned(), graph, output, span: expr.span })
    }

    /// The graph of `expr` and its output node, built but not yet run
    /// ([`Session::evaluate`] runs it; benchmarks time the stages apart).
    pub fn graph(&self, expr: &Expr) -> Result<(Graph, NodeId), Error> {
        let mut builder = Builder::new(self);
        let output = builder.build(&expr.source, &expr.ops)?;
        Ok((builder.graph, output))
    }

    /// The value of `expr` at the current inputs, without building its graph,
    /// and where it first went inf or NaN.
    pub fn value(&self, expr: &Expr) -> Result<(f64, Option<Span>), Error> {
        values::value(self, expr)
    }

    fn assign(&mut self, name: Rc<str>, name_span: Span, expr: Expr) -> Result<Outcome, Error> {
        if layers::is_reserved(&name) {
            return Err(Error::new(ErrorKind::Reserved { name: name.to_string() }, name_span));
        }
        let (value, non_finite) = if expr.is_constant() {
            self.value(&expr)?
        } else {
            for (used, span) in expr.names() {
                self.lookup(used, span)?;
            }
            if let Some(path) = self.cycle_through(&name, &expr) {
                return Err(Error::new(ErrorKind::Cycle { path }, name_span));
            }
            self.value(&expr)?
        };
        let formula_text = (!expr.is_constant()).then(|| expr.text().to_owned());
        let definition = if expr.is_constant() {
            Definition::Input { value }
        } else {
            let mut seen = FxHashSet::default();
            let deps = expr.names().filter(|(n, _)| seen.insert(*n)).map(|(n, _)| n.clone()).collect();
            Definition::Formula(Box::new(Formula { expr, deps, cached: Cell::new(None) }))
        };
        let (epoch, defined) = self.define(name.clone(), definition);
        if let Definition::Formula(formula) = defined {
            formula.cached.set(Some((epoch, value)));
        }
        Ok(Outcome::Defined { name, value, formula: formula_text, non_finite })
    }

    /// Stores a definition, replacing any old one (which makes every cached
    /// value stale, since formulas may use it), and returns the epoch and
    /// the definition as stored.
    /// A replaced name keeps its place in the order of definitions.
    fn define(&mut self, name: Rc<str>, definition: Definition) -> (u64, &Definition) {
        // One hash for the look-up and the insertion.
        self.formulas += usize::from(matches!(definition, Definition::Formula(_)));
        let stored = match self.defs.entry(name) {
            Entry::Occupied(mut old) => {
                self.epoch += 1;
                let seq = old.get().0;
                let (_, replaced) = old.insert((seq, definition));
                self.formulas -= usize::from(matches!(replaced, Definition::Formula(_)));
                old.into_mut()
            }
            Entry::Vacant(slot) => {
                self.next_seq += 1;
                slot.insert((self.next_seq, definition))
            }
        };
        (self.epoch, &stored.1)
    }

    /// If making `name` mean `expr` closes a loop, the loop: `a -> b -> a`.
    fn cycle_through(&self, name: &Rc<str>, expr: &Expr) -> Option<Vec<String>> {
        // Only names already defined can be used by anything.
        if !self.defs.contains_key(name) {
            return None;
        }
        // Depth-first from each name in expr, with parents to rebuild the path.
        let mut parent: FxHashMap<Rc<str>, Option<Rc<str>>> = FxHashMap::default();
        let mut stack: Vec<Rc<str>> = Vec::new();
        for (used, _) in expr.names() {
            if !parent.contains_key(used) {
                parent.insert(used.clone(), None);
                stack.push(used.clone());
            }
        }
        while let Some(current) = stack.pop() {
            if current == *name {
                // Walk back up to the name in expr, then read it forwards.
                let mut walk = Vec::new();
                let mut at = Some(current);
                while let Some(n) = at {
                    at = parent.get(&n).cloned().flatten();
                    walk.push(n.to_string());
                }
                walk.reverse();
                let mut path = vec![name.to_string()];
                path.extend(walk);
                return Some(path);
            }
            if let Some(Definition::Formula(formula)) = self.get(&current) {
                for dep in formula.deps.iter() {
                    if !parent.contains_key(dep) {
                        parent.insert(dep.clone(), Some(current.clone()));
                        stack.push(dep.clone());
                    }
                }
            }
        }
        None
    }

    /// The definition of `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Definition> {
        self.defs.get(name).map(|(_, d)| d)
    }

    /// The name as the session holds it, with its definition.
    pub(crate) fn entry(&self, name: &str) -> Option<(&Rc<str>, &Definition)> {
        self.defs.get_key_value(name).map(|(key, (_, definition))| (key, definition))
    }

    /// The definition of `name`, or an "undefined name" error at `span`.
    pub(crate) fn lookup(&self, name: &str, span: Span) -> Result<&Definition, Error> {
        self.get(name).ok_or_else(|| {
            let suggestion = suggest::closest(name, self.defs.keys().map(|k| &**k)).map(str::to_owned);
            Error::new(ErrorKind::UndefinedName { name: name.to_owned(), suggestion }, span)
        })
    }

    /// Every definition, in the order they were made.
    pub fn definitions(&self) -> Vec<(&Rc<str>, &Definition)> {
        let mut all: Vec<_> = self.defs.iter().map(|(n, (seq, d))| (*seq, n, d)).collect();
        all.sort_unstable_by_key(|(seq, _, _)| *seq);
        all.into_iter().map(|(_, n, d)| (n, d)).collect()
    }

    /// The defined names, in no particular order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.defs.keys().map(|k| &**k)
    }

    /// Whether any definition is a formula.
    pub(crate) fn has_formulas(&self) -> bool {
        self.formulas > 0
    }

    pub fn len(&self) -> usize {
        self.defs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The current value of an input or formula.
    pub fn value_of(&self, name: &str) -> Option<f64> {
        values::value_of(self, name)
    }

    /// Forgets `name`, unless a formula still uses it.
    pub fn delete(&mut self, name: &str) -> Result<(), DeleteError> {
        if !self.defs.contains_key(name) {
            let suggestion = suggest::closest(name, self.names()).map(str::to_owned);
            return Err(DeleteError::Undefined { suggestion });
        }
        let mut users: Vec<String> = self
            .defs
            .iter()
            .filter_map(|(n, (_, d))| match d {
                Definition::Formula(f) if f.deps.iter().any(|d| &**d == name) => Some(n.to_string()),
                _ => None,
            })
            .collect();
        if !users.is_empty() {
            users.sort();
            return Err(DeleteError::InUse(users));
        }
        if let Some((_, Definition::Formula(_))) = self.defs.remove(name) {
            self.formulas -= 1;
        }
        self.epoch += 1;
        Ok(())
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        *self = Session::new();
    }
}

#[cfg(test)]
mod tests;
