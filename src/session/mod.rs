//! The session: what the user has defined (inputs and formulas), and running
//! one statement against it. A statement that fails changes nothing.

mod build;
mod cycle;
mod data;
mod index;
mod names;
mod train;
mod values;
pub(crate) mod walk;

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::rc::Rc;

use rustc_hash::FxHashSet;
use smallvec::SmallVec;

use crate::error::{Error, ErrorKind};
use crate::graph::{Graph, NodeId};
use crate::matrix::Rng;
use crate::report::Evaluation;
use crate::span::Span;
use crate::suggest;
use crate::syntax::{self, Ahead, Expr, NameId, OpKind, Read, Statement};
use crate::value::Value;

pub(crate) use build::Builder;
pub use train::{Progress, Trained, Watcher};

/// What a name means.
#[derive(Clone, Debug)]
pub enum Definition {
    /// A leaf holding a number or a matrix.
    Input { value: Value },
    /// A named node defined by an expression, recomputed whenever it is used.
    /// Boxed, so that the far more numerous inputs take 16 bytes, not 96.
    Formula(Box<Formula>),
}

#[derive(Clone, Debug)]
pub struct Formula {
    pub expr: Expr,
    /// The distinct names the definition mentions, in the order first
    /// mentioned. Up to four are held in place: no allocation of their own
    /// for most formulas.
    pub deps: SmallVec<[NameId; 4]>,
    /// The value at the current inputs, if computed in the session's current
    /// epoch: kept beside the formula rather than in a table of its own,
    /// which a chain of a million formulas would double.
    /// The epoch is [`NEVER`] until a value is computed.
    cached: RefCell<(u64, Value)>,
    /// Whether the formula's value uses a `grad(y, x)`, itself or through
    /// the formulas it uses: its graph is then built when it is defined, to
    /// refuse it there if it would differentiate the gradient.
    grads: bool,
    /// The deps mentioned outside `grad` calls, when some are mentioned only
    /// inside one (which builds a graph of its own); `None`: all of `deps`.
    outside_grads: Option<Box<[NameId]>>,
}

impl Formula {
    /// The cached value, if it is still current in `epoch`.
    fn cached_in(&self, epoch: u64) -> Option<Value> {
        let cached = self.cached.borrow();
        (cached.0 == epoch).then(|| cached.1.clone())
    }
}

/// The epoch of a formula value never computed: sessions never reach it.
const NEVER: u64 = u64::MAX;

impl Formula {
    fn new(expr: Expr, deps: SmallVec<[NameId; 4]>, grads: bool) -> Self {
        let outside_grads = outside_grads(&expr, &deps);
        Formula { expr, deps, cached: RefCell::new((NEVER, Value::Number(f64::NAN))), grads, outside_grads }
    }

    /// The names whose nodes the formula's graph uses: those it mentions
    /// outside `grad` calls.
    pub(crate) fn graph_deps(&self) -> &[NameId] {
        self.outside_grads.as_deref().unwrap_or(&self.deps)
    }
}

/// What running a statement produced, for a front end to show.
#[derive(Debug)]
pub enum Outcome {
    /// A blank or comment-only statement.
    Nothing,
    /// `name = expr`: the new definition and its current value; `formula`
    /// is where the defining text of a formula is (in the statement's
    /// source). `non_finite` is where the value first went inf or NaN, if
    /// it did.
    Defined {
        /// Where the name is written, in the statement's source.
        name: Span,
        value: Value,
        formula: Option<Span>,
        non_finite: Option<Span>,
    },
    Evaluated(Box<Evaluation>),
    /// A training that ran (boxed: it holds its losses).
    Trained(Box<Trained>),
    /// An assertion that held, with its two sides.
    Asserted {
        left: Value,
        right: Value,
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

/// A defined name: its definition, and when it was first made (`:vars` and
/// `:save` list definitions in that order).
#[derive(Debug)]
struct Defined {
    seq: u64,
    definition: Definition,
}

/// Definitions are kept by [`NameId`], in an array beside the table of
/// names: finding a name's definition is indexing, not hashing.
#[derive(Debug, Default)]
pub struct Session {
    names: names::Names,
    /// By name id; shorter than `names` when the last names are undefined.
    defs: Vec<Option<Defined>>,
    /// How many names are defined.
    defined: usize,
    next_seq: u64,
    /// Formula values cached in an older epoch are stale: it moves on
    /// whenever an existing name changes meaning, which forgets them all at
    /// once.
    epoch: u64,
    /// How many definitions are formulas: with none, a graph has nothing to
    /// expand.
    formulas: usize,
    /// What a front end shows of a training as it runs (a progress bar), and
    /// how it stops one (Ctrl-C).
    watcher: Option<TrainingWatcher>,
    /// The generator of `randn`: seeded by `--seed` (0 by default) or
    /// `:seed`, and moved on by every `randn` that runs. In a cell, as data
    /// functions run while a statement is read against the session.
    rng: RefCell<Rng>,
    /// The seed `rng` last started from.
    seed: u64,
    /// The folder of the script running, which a relative `load` path is
    /// relative to (the working folder when `None`).
    folder: Option<PathBuf>,
}

/// A front end's [`Watcher`], kept by the session between statements.
struct TrainingWatcher(Box<dyn FnMut(Progress) -> ControlFlow<()>>);

impl std::fmt::Debug for TrainingWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TrainingWatcher")
    }
}

impl Session {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads and runs the statement that starts at `at` of `source` (which
    /// ends at `end`); returns what it did and where the next one starts.
    pub fn run(&mut self, source: &Rc<str>, at: usize, end: usize) -> Result<(Outcome, usize), Error> {
        self.run_ahead(&mut Ahead::default(), source, at, end)
    }

    /// [`Session::run`], taking the statement from `ahead` when it was read
    /// ahead (see [`syntax::reading_ahead`]).
    pub fn run_ahead(
        &mut self,
        ahead: &mut Ahead,
        source: &Rc<str>,
        at: usize,
        end: usize,
    ) -> Result<(Outcome, usize), Error> {
        let names = &mut self.names;
        let read = ahead.read(source, at, end, &mut |name| names.intern(name))?;
        Ok((self.execute(read.statement)?, read.next))
    }

    /// Runs every statement of `source`, stopping at the first error (tests
    /// and tools; front ends show each outcome before reading on).
    pub fn run_all(&mut self, source: &Rc<str>) -> Result<Vec<Outcome>, Error> {
        let (mut at, mut outcomes) = (0, Vec::new());
        while at < source.len() {
            let (outcome, next) = self.run(source, at, source.len())?;
            outcomes.push(outcome);
            at = next;
        }
        Ok(outcomes)
    }

    /// Reads the statement that starts at `at` of `source` for this session,
    /// adding the names it mentions to the session's table ([`Session::run`]
    /// reads, then executes; benchmarks time the two apart).
    pub fn read(&mut self, source: &Rc<str>, at: usize, end: usize) -> Result<Read, Error> {
        let names = &mut self.names;
        syntax::read(source, at, end, &mut |name| names.intern(name))
    }

    /// Every statement of `source` read for this session, without adding
    /// new names to the session's table (a preview as the user types, a
    /// view of an expression), up to the first that does not parse.
    pub fn parse(&self, source: &Rc<str>) -> Result<Vec<Statement>, Error> {
        let names = &self.names;
        let mut resolve = |name: &str| names.find(name).unwrap_or(NameId::UNKNOWN);
        let (mut at, mut statements) = (0, Vec::new());
        while at < source.len() {
            let read = syntax::read(source, at, source.len(), &mut resolve)?;
            statements.push(read.statement);
            at = read.next;
        }
        Ok(statements)
    }

    /// Has `watcher` told of every step of the trainings this session runs.
    pub fn watch_training(&mut self, watcher: Box<dyn FnMut(Progress) -> ControlFlow<()>>) {
        self.watcher = Some(TrainingWatcher(watcher));
    }

    /// Runs a parsed statement.
    pub fn execute(&mut self, statement: Statement) -> Result<Outcome, Error> {
        match statement {
            Statement::Empty => Ok(Outcome::Nothing),
            Statement::Update { name, name_span, step, mut expr } => {
                self.prepare(&mut expr)?;
                self.update(name, name_span, step, &expr)
            }
            Statement::Train(mut training) => {
                self.prepare(&mut training.loss)?;
                let mut watcher = self.watcher.take();
                let keep_going = &mut |_| ControlFlow::Continue(());
                let watch = match &mut watcher {
                    Some(TrainingWatcher(watch)) => watch.as_mut(),
                    None => keep_going,
                };
                let trained = self.train(&training, watch);
                self.watcher = watcher;
                Ok(Outcome::Trained(Box::new(trained?)))
            }
            Statement::Assign { name, name_span, mut expr } => {
                self.prepare(&mut expr)?;
                self.assign(name, name_span, expr)
            }
            Statement::Eval(mut expr) => {
                self.prepare(&mut expr)?;
                Ok(Outcome::Evaluated(Box::new(self.evaluated(&expr)?)))
            }
            Statement::Assert(assertion) => self.assert(*assertion),
        }
    }

    /// `assert A == B [+- T]`: every element of A within T of B's (the
    /// shapes equal); by default within 1e-9 of the larger magnitude.
    fn assert(&self, assertion: syntax::Assertion) -> Result<Outcome, Error> {
        let syntax::Assertion { mut left, mut right, tolerance, span } = assertion;
        self.prepare(&mut left)?;
        self.prepare(&mut right)?;
        let l = values::value(self, &left)?.0;
        let r = values::value(self, &right)?.0;
        let tolerance = match tolerance {
            // Below zero, nothing is within it: a mistake, not a failed check.
            Some(t) => match self.value(&t)?.0 {
                Value::Number(tolerance) if tolerance >= 0.0 => Some(tolerance),
                value => {
                    let tolerance = value.number_or_nan();
                    return Err(Error::new(ErrorKind::NegativeTolerance { tolerance }, t.span));
                }
            },
            None => None,
        };
        if l.shape() != r.shape() {
            return Err(Error::new(ErrorKind::AssertShapes { left: l.shape(), right: r.shape() }, span));
        }
        let (lm, rm) = (l.to_matrix(), r.to_matrix());
        for (&a, &b) in lm.iter().zip(rm.iter()) {
            let tolerance = tolerance.unwrap_or_else(|| 1e-9 * 1f64.max(a.abs()).max(b.abs()));
            // NaN fails every comparison, so a NaN side never passes.
            if !((a - b).abs() <= tolerance || a == b) {
                let kind = ErrorKind::AssertFailed { left: a, right: b, tolerance };
                return Err(Error::new(kind, span));
            }
        }
        Ok(Outcome::Asserted { left: l, right: r })
    }

    /// Builds the graph of `expr`, runs forward, then backward from its root.
    pub fn evaluate(&self, expr: &Expr) -> Result<Evaluation, Error> {
        self.evaluated(self.prepared(expr)?.as_ref())
    }

    /// [`Session::evaluate`] of an expression whose data functions have run.
    fn evaluated(&self, expr: &Expr) -> Result<Evaluation, Error> {
        let (mut graph, output) = self.graph(expr)?;
        build::run(&mut graph, output)?;
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
    pub fn value(&self, expr: &Expr) -> Result<(Value, Option<Span>), Error> {
        values::value(self, self.prepared(expr)?.as_ref())
    }

    fn assign(&mut self, name: NameId, name_span: Span, mut expr: Expr) -> Result<Outcome, Error> {
        let text = &expr.source[name_span.range()];
        if syntax::is_reserved(text) {
            return Err(Error::new(ErrorKind::Reserved { name: text.to_owned() }, name_span));
        }
        let name = if name.is_known() { name } else { self.names.intern(text) };
        let constant = expr.is_constant();
        if !constant {
            self.resolve_names(&mut expr)?;
            if let Some(path) = cycle::through(self, name, &expr) {
                return Err(Error::new(ErrorKind::Cycle { path }, name_span));
            }
        }
        let (value, non_finite) = values::value(self, &expr)?;
        let formula_text = (!constant).then_some(expr.span);
        let definition = if constant {
            Definition::Input { value: value.clone() }
        } else {
            let deps = distinct(expr.names().map(|(name, _)| name));
            let grads = self.uses_grad(&expr, &deps);
            if grads {
                // A formula is there to be evaluated: refuse now one whose
                // every graph would differentiate a gradient.
                self.graph(&expr)?;
            }
            Definition::Formula(Box::new(Formula::new(expr, deps, grads)))
        };
        let (epoch, defined) = self.define(name, definition);
        if let Definition::Formula(formula) = defined {
            *formula.cached.borrow_mut() = (epoch, value.clone());
        }
        Ok(Outcome::Defined { name: name_span, value, formula: formula_text, non_finite })
    }

    /// Whether `expr` (which mentions `deps`) calls `grad`, or uses a formula
    /// that does.
    fn uses_grad(&self, expr: &Expr, deps: &[NameId]) -> bool {
        expr.ops.iter().any(|op| matches!(op.kind, OpKind::Grad(_)))
            || deps.iter().any(|&dep| matches!(self.definition(dep), Some(Definition::Formula(f)) if f.grads))
    }

    /// Checks that every name `expr` mentions is defined, and gives the ids
    /// of names it was parsed without: a stored formula holds only real ids.
    fn resolve_names(&self, expr: &mut Expr) -> Result<(), Error> {
        let source = &expr.source;
        for op in &mut expr.ops {
            let op_span = op.span();
            let (id, span) = match &mut op.kind {
                OpKind::Name(id) => (id, op_span),
                OpKind::Grad(call) => (&mut call.wrt, call.wrt_span),
                _ => continue,
            };
            *id = self.lookup(*id, span, source)?.0;
        }
        Ok(())
    }

    /// Stores a definition, replacing any old one (which makes every cached
    /// value stale, since formulas may use it), and returns the epoch and
    /// the definition as stored.
    /// A replaced name keeps its place in the order of definitions.
    fn define(&mut self, name: NameId, definition: Definition) -> (u64, &Definition) {
        self.formulas += usize::from(matches!(definition, Definition::Formula(_)));
        if self.defs.len() <= name.index() {
            self.defs.resize_with(name.index() + 1, || None);
        }
        let slot = &mut self.defs[name.index()];
        match slot {
            Some(old) => {
                self.epoch += 1;
                let replaced = std::mem::replace(&mut old.definition, definition);
                self.formulas -= usize::from(matches!(replaced, Definition::Formula(_)));
            }
            None => {
                self.next_seq += 1;
                self.defined += 1;
                *slot = Some(Defined { seq: self.next_seq, definition });
            }
        }
        let stored = slot.as_ref().map(|d| &d.definition).expect("just stored");
        (self.epoch, stored)
    }

    /// The definition of `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Definition> {
        self.definition(self.names.find(name)?)
    }

    /// The definition of the name with this id, if any.
    pub fn definition(&self, id: NameId) -> Option<&Definition> {
        self.defs.get(id.index())?.as_ref().map(|d| &d.definition)
    }

    /// The text of a name the session has seen.
    pub fn name(&self, id: NameId) -> &str {
        self.names.text(id)
    }

    /// How many names the session has seen: every id is below this.
    pub(crate) fn names_seen(&self) -> usize {
        self.names.len()
    }

    /// The id and definition of the name at `span` of `source` (parsed as
    /// `id`), or an "undefined name" error there.
    pub(crate) fn lookup(
        &self,
        id: NameId,
        span: Span,
        source: &str,
    ) -> Result<(NameId, &Definition), Error> {
        let text = || &source[span.range()];
        let id = if id.is_known() { Some(id) } else { self.names.find(text()) };
        match id.and_then(|id| Some((id, self.definition(id)?))) {
            Some(found) => Ok(found),
            None => {
                let text = text();
                let suggestion = suggest::closest(text, self.names()).map(str::to_owned);
                Err(Error::new(ErrorKind::UndefinedName { name: text.to_owned(), suggestion }, span))
            }
        }
    }

    /// Every definition, in the order they were made.
    pub fn definitions(&self) -> Vec<(&str, &Definition)> {
        let mut all: Vec<_> =
            self.defined().map(|(id, d)| (d.seq, self.names.text(id), &d.definition)).collect();
        all.sort_unstable_by_key(|(seq, _, _)| *seq);
        all.into_iter().map(|(_, n, d)| (n, d)).collect()
    }

    /// The ids of every defined name, in the order they were defined.
    pub(crate) fn defined_ids(&self) -> Vec<NameId> {
        let mut all: Vec<_> = self.defined().map(|(id, d)| (d.seq, id)).collect();
        all.sort_unstable_by_key(|(seq, _)| *seq);
        all.into_iter().map(|(_, id)| id).collect()
    }

    /// The defined names, in no particular order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.defined().map(|(id, _)| self.names.text(id))
    }

    fn defined(&self) -> impl Iterator<Item = (NameId, &Defined)> {
        self.defs.iter().enumerate().filter_map(|(i, d)| Some((NameId::new(i), d.as_ref()?)))
    }

    /// Whether any definition is a formula.
    pub(crate) fn has_formulas(&self) -> bool {
        self.formulas > 0
    }

    pub fn len(&self) -> usize {
        self.defined
    }

    pub fn is_empty(&self) -> bool {
        self.defined == 0
    }

    /// The current value of an input or formula.
    pub fn value_of(&self, name: &str) -> Option<Value> {
        self.value_by_id(self.names.find(name)?)
    }

    /// The current value of the input or formula with this id.
    pub(crate) fn value_by_id(&self, name: NameId) -> Option<Value> {
        values::value_of(self, name)
    }

    /// The number an input or formula holds (NaN for a matrix).
    pub fn number_of(&self, name: &str) -> Option<f64> {
        self.value_of(name).map(|value| value.number_or_nan())
    }

    /// Forgets `name`, unless a formula still uses it.
    pub fn delete(&mut self, name: &str) -> Result<(), DeleteError> {
        let Some(id) = self.names.find(name).filter(|&id| self.definition(id).is_some()) else {
            let suggestion = suggest::closest(name, self.names()).map(str::to_owned);
            return Err(DeleteError::Undefined { suggestion });
        };
        let mut users: Vec<String> = self
            .defined()
            .filter_map(|(user, d)| match &d.definition {
                Definition::Formula(f) if f.deps.contains(&id) => Some(self.names.text(user).to_string()),
                _ => None,
            })
            .collect();
        if !users.is_empty() {
            users.sort();
            return Err(DeleteError::InUse(users));
        }
        if let Some(Defined { definition: Definition::Formula(_), .. }) = self.defs[id.index()].take() {
            self.formulas -= 1;
        }
        self.defined -= 1;
        self.epoch += 1;
        Ok(())
    }

    /// Forgets everything.
    /// The folder of a running script and the seed of `--seed` or `:seed`
    /// are settings, not definitions: they stay (the generator restarts).
    pub fn reset(&mut self) {
        let (folder, seed) = (self.folder.take(), self.seed);
        *self = Session::new();
        self.folder = folder;
        self.seed(seed);
    }
}

/// The distinct names `expr` mentions outside its `grad` calls, if that is
/// fewer than all of `deps`.
fn outside_grads(expr: &Expr, deps: &[NameId]) -> Option<Box<[NameId]>> {
    let ranges = syntax::grad_ranges(&expr.ops);
    if ranges.is_empty() {
        return None;
    }
    let mut at = 0;
    let mut outside = Vec::new();
    for (start, end) in ranges.into_iter().chain([(expr.ops.len(), expr.ops.len())]) {
        outside.extend(syntax::names(&expr.ops[at..start]).map(|(name, _)| name));
        at = end + 1;
    }
    let outside = distinct(outside.into_iter());
    (outside.len() < deps.len()).then(|| outside.to_vec().into_boxed_slice())
}

/// The distinct ids of `ids`, in the order they first appear: a few are
/// compared directly, many (a formula that is a long sum) through a set.
fn distinct(ids: impl Iterator<Item = NameId>) -> SmallVec<[NameId; 4]> {
    let mut kept: SmallVec<[NameId; 4]> = SmallVec::new();
    let mut seen: FxHashSet<NameId> = FxHashSet::default();
    for id in ids {
        let new = if seen.is_empty() && kept.len() < 16 {
            !kept.contains(&id)
        } else {
            if seen.is_empty() {
                seen.extend(kept.iter().copied());
            }
            seen.insert(id)
        };
        if new {
            kept.push(id);
        }
    }
    kept.shrink_to_fit();
    kept
}

#[cfg(test)]
mod tests;
