//! What the parser produces: statements whose expressions are flat lists of
//! operations in postfix order, so that nothing downstream recurses over them
//! and dropping a million-term expression is a single free.

use std::rc::Rc;

use crate::layers::Layer;
use crate::span::Span;

/// A name as the parser hands it on: its index in the table of names of the
/// session that parsed it. Everything downstream indexes arrays with it, so
/// a name's text is hashed once, when it is read. An op's span still covers
/// the name's text, which stays the truth: [`NameId::UNKNOWN`] (a name the
/// parser was not asked to record) is found by that text when it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameId(u32);

impl NameId {
    /// A name not (yet) in the table.
    pub const UNKNOWN: NameId = NameId(u32::MAX);

    /// The id of the `index`th name of a table.
    pub fn new(index: usize) -> Self {
        NameId(u32::try_from(index).ok().filter(|&i| i != u32::MAX).expect("fewer than 2^32 - 1 names"))
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn is_known(self) -> bool {
        self != NameId::UNKNOWN
    }
}

/// How the parser turns a name into its [`NameId`].
pub type Resolve<'a> = &'a mut dyn FnMut(&str) -> NameId;

/// One parsed statement, with spans into its source text.
#[derive(Clone, Debug)]
pub enum Statement {
    /// Nothing to do: a blank or comment-only statement.
    Empty,
    /// `name = expr`
    Assign { name: NameId, name_span: Span, expr: Expr },
    /// An expression to evaluate.
    Eval(Expr),
    /// `assert left == right [+- tolerance]`. Boxed, as it is rare: the
    /// far more common statements are moved about at a third of the size.
    Assert(Box<Assertion>),
    /// `name -= expr` or `name += expr`.
    Update { name: NameId, name_span: Span, step: Step, expr: Expr },
    /// `train LOSS over P1, P2, ... [lr RATE] [steps N]`. Boxed, as it is rare.
    Train(Box<Training>),
}

/// Which way an update moves its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `-=`
    Down,
    /// `+=`
    Up,
}

/// The parts of `train LOSS over P1, P2, ... [lr RATE] [steps N]`.
#[derive(Clone, Debug)]
pub struct Training {
    pub loss: Expr,
    /// The inputs trained, with where each is named.
    pub params: Vec<(NameId, Span)>,
    /// The learning rate.
    pub rate: f64,
    /// How many steps.
    pub steps: usize,
    /// The whole statement.
    pub span: Span,
}

/// The learning rate of a training that names none.
pub const DEFAULT_RATE: f64 = 0.1;

/// The steps of a training that names none.
pub const DEFAULT_STEPS: usize = 100;

/// The parts of `assert left == right [+- tolerance]`.
#[derive(Clone, Debug)]
pub struct Assertion {
    pub left: Expr,
    pub right: Expr,
    pub tolerance: Option<Expr>,
    pub span: Span,
}

/// An expression in postfix order, with the source text its spans point into.
#[derive(Clone, Debug)]
pub struct Expr {
    pub source: Rc<str>,
    /// A boxed slice: sessions keep formulas' ops, with no spare capacity.
    pub ops: Box<[Op]>,
    pub span: Span,
}

/// One step of a postfix expression. Its span covers the source text of the
/// sub-expression this step completes (`apple*2` for the `mul` in
/// `apple*2*tax`), kept in 32-bit offsets (sources are under 4 GiB, see
/// `src/source.rs`): an op takes 24 bytes, and sessions keep every
/// formula's.
#[derive(Clone, Debug)]
pub struct Op {
    pub kind: OpKind,
    start: u32,
    end: u32,
}

impl Op {
    pub fn new(kind: OpKind, span: Span) -> Op {
        let offset = |at: usize| u32::try_from(at).expect("sources are under 4 GiB");
        Op { kind, start: offset(span.start), end: offset(span.end) }
    }

    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

#[derive(Clone, Debug)]
pub enum OpKind {
    /// A literal, pushed as a `const` node.
    Number(f64),
    /// An input or formula, looked up when the graph is built.
    Name(NameId),
    /// A layer applied to the top `arity` operands.
    Layer(Layer),
    /// `pow` over the top operand with a literal exponent (`x^2`, `x^-1`):
    /// a [`Layer::PowLiteral`] whose parameter is this number.
    Power(f64),
    /// `grad(y, x)`: the `len` ops before this one compute `y`; the whole is
    /// replaced by the number dy/dx. Boxed, as it is rare: an op takes 40
    /// bytes instead of 64, which a million-term sum notices.
    Grad(Box<GradCall>),
}

/// The operands of a `grad(y, x)` op (see [`OpKind::Grad`]).
#[derive(Clone, Debug)]
pub struct GradCall {
    pub wrt: NameId,
    pub wrt_span: Span,
    pub len: usize,
}

impl Expr {
    /// The text of the whole expression, as written.
    pub fn text(&self) -> &str {
        &self.source[self.span.range()]
    }

    /// The names the expression mentions, with where.
    pub fn names(&self) -> impl Iterator<Item = (NameId, Span)> + '_ {
        names(&self.ops)
    }

    /// Whether the expression mentions no name at all (so assigning it makes an input).
    pub fn is_constant(&self) -> bool {
        self.names().next().is_none()
    }
}

/// The names a run of postfix ops mentions, with where (`x` in `grad(y, x)` too).
pub fn names(ops: &[Op]) -> impl Iterator<Item = (NameId, Span)> + '_ {
    ops.iter().filter_map(|op| match &op.kind {
        OpKind::Name(name) => Some((*name, op.span())),
        OpKind::Grad(call) => Some((call.wrt, call.wrt_span)),
        _ => None,
    })
}

/// The outermost `grad(y, x)` calls in `ops`, as (first op of y, index of the
/// grad op), in order. Inside them, `y` is built as a graph of its own.
pub fn grad_ranges(ops: &[Op]) -> Vec<(usize, usize)> {
    // Most expressions have none: one scan, no sorting.
    if !ops.iter().any(|op| matches!(op.kind, OpKind::Grad(_))) {
        return Vec::new();
    }
    let mut ranges: Vec<(usize, usize)> = ops
        .iter()
        .enumerate()
        .filter_map(|(i, op)| match &op.kind {
            OpKind::Grad(call) => Some((i - call.len, i)),
            _ => None,
        })
        .collect();
    // Outer calls first where two start together: grad(grad(y, x), x).
    ranges.sort_unstable_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    let mut outermost: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match outermost.last() {
            Some(&(_, end)) if range.1 <= end => {}
            _ => outermost.push(range),
        }
    }
    outermost
}
