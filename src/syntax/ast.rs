//! What the parser produces: statements whose expressions are flat lists of
//! operations in postfix order, so that nothing downstream recurses over them
//! and dropping a million-term expression is a single free.

use std::rc::Rc;
use std::sync::Arc;

use crate::layers::Layer;
use crate::matrix::Matrix;
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
    /// How many operands the op takes off the stack of a postfix run (it
    /// then leaves one): a layer its arity, `grad` its `y`, a data call its
    /// arguments, a leaf none.
    pub fn takes(&self) -> usize {
        match &self.kind {
            OpKind::Number(_) | OpKind::Matrix(_) | OpKind::Name(_) | OpKind::Text => 0,
            OpKind::Layer(layer) => layer.arity(),
            OpKind::Parameter(..) | OpKind::Grad(_) => 1,
            OpKind::Data(call) => call.argc,
        }
    }

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
    /// A matrix: a literal (`[1, 2; 3, 4]`), or what a data function gave
    /// when its statement ran. A `const` node.
    Matrix(Arc<Matrix>),
    /// An input or formula, looked up when the graph is built.
    Name(NameId),
    /// A layer applied to the top `arity` operands.
    Layer(Layer),
    /// A layer over the top operand with a parameter written as a number
    /// (`x^2`, `x^-1`: a [`Layer::PowLiteral`]; `sum(X, 0)`: the axis).
    Parameter(Layer, f64),
    /// `grad(y, x)`: the `len` ops before this one compute `y`; the whole is
    /// replaced by the number dy/dx. Boxed, as it is rare: an op takes 40
    /// bytes instead of 64, which a million-term sum notices.
    Grad(Box<GradCall>),
    /// A data function (`randn(2, 3)`) over its `argc` argument operands:
    /// run when its statement runs, and replaced by the [`OpKind::Matrix`]
    /// it gives.
    Data(Box<DataCall>),
    /// A file name in quotes, which only `load` takes (its span holds the text).
    Text,
}

/// A data function and its arguments (see [`OpKind::Data`]).
#[derive(Clone, Debug)]
pub struct DataCall {
    pub function: Data,
    /// How many operands before this op are its arguments.
    pub argc: usize,
    /// Where `load`'s file name is written, quotes included.
    pub path: Option<Span>,
}

/// The functions that make data: they give values, not layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Data {
    Zeros,
    Ones,
    Eye,
    Randn,
    Load,
    Onehot,
}

impl Data {
    /// Every data function, in the order `:help` lists them.
    pub const ALL: &'static [Data] =
        &[Data::Zeros, Data::Ones, Data::Eye, Data::Randn, Data::Load, Data::Onehot];

    pub fn name(self) -> &'static str {
        match self {
            Data::Zeros => "zeros",
            Data::Ones => "ones",
            Data::Eye => "eye",
            Data::Randn => "randn",
            Data::Load => "load",
            Data::Onehot => "onehot",
        }
    }

    /// How it is called, with its arguments named.
    pub fn call(self) -> &'static str {
        match self {
            Data::Zeros => "zeros(r, c)",
            Data::Ones => "ones(r, c)",
            Data::Eye => "eye(n)",
            Data::Randn => "randn(r, c)",
            Data::Load => "load(\"file.csv\")",
            Data::Onehot => "onehot(t, k)",
        }
    }

    /// What it gives, in a line.
    pub fn about(self) -> &'static str {
        match self {
            Data::Zeros => "an r×c matrix of zeros",
            Data::Ones => "an r×c matrix of ones",
            Data::Eye => "the n×n identity matrix",
            Data::Randn => {
                "an r×c matrix of standard normal numbers, from the generator seeded by --seed (:seed)"
            }
            Data::Load => "a numeric CSV file as a matrix (a first row that is not numbers is a header)",
            Data::Onehot => "whole-number labels 0..k-1 (a column or row) as an N×k one-hot matrix",
        }
    }

    /// How many arguments it takes (`load`'s is its file name).
    pub fn arity(self) -> usize {
        match self {
            Data::Eye | Data::Load => 1,
            Data::Zeros | Data::Ones | Data::Randn | Data::Onehot => 2,
        }
    }

    /// The data function called `name`, if there is one.
    pub fn named(name: &str) -> Option<Data> {
        // A match, not a search of `ALL`: every name a script mentions is asked.
        match name {
            "zeros" => Some(Data::Zeros),
            "ones" => Some(Data::Ones),
            "eye" => Some(Data::Eye),
            "randn" => Some(Data::Randn),
            "load" => Some(Data::Load),
            "onehot" => Some(Data::Onehot),
            _ => None,
        }
    }
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
