//! What defines a layer: one [`Row`] per layer, every piece side by side.

use super::whole::{Grads, Pass};
use crate::matrix::{Matrix, MatrixError, Shape};

/// One layer, defined once: how it is named, called, drawn and written, and
/// (in [`Elementwise`] or [`Whole`], next to this) its forward pass, its
/// backward pass and that backward pass written out for people, side by side
/// as the book's `MulLayer` keeps `forward` and `backward`. No item has a
/// default, so a layer that misses a piece does not compile.
pub trait Row {
    /// The name in tables and JSON: `mul`, `sigmoid`.
    const NAME: &'static str;
    /// How figures draw the layer: `×`, `+`, or its name.
    const SYMBOL: &'static str;
    /// How many operand nodes it takes (0 for leaves).
    const ARITY: usize;
    /// Whether the layer takes a parameter written in the expression (the
    /// literal exponent of `x^2`, the axis of `sum(X, 0)`), which is not a node.
    const PARAMETER: bool;
    /// The names it is called by (`ln`, `log`); none for operators and leaves.
    const CALLED: &'static [&'static str];
    /// The forward pass as a template (see [`Rule`]): `{a} × {b}`. Empty for leaves.
    const NOTATION: &'static str;
}

/// A layer that acts element by element: its passes are written for one
/// number (or a pair), and a matrix runs them on every element, with numpy's
/// broadcasting for two operands. `b` is the second operand, or for a layer
/// with a parameter (pow with a literal exponent) the parameter; one-operand
/// layers ignore it.
pub trait Elementwise: Row {
    /// How an error says that two shapes do not broadcast: `cannot {VERB}
    /// 2×3 and 3×2`. Empty for layers of one operand.
    const VERB: &'static str;

    /// The output from the operands. Leaves have none (their value is set
    /// when the graph is built): NaN.
    fn forward(a: f64, b: f64) -> f64;

    /// The gradients for `a` and `b`, given the operands, the output `y` and
    /// the gradient `dout` arriving at the layer.
    fn backward(a: f64, b: f64, y: f64, dout: f64) -> (f64, f64);

    /// [`Elementwise::backward`] written out, one rule per operand, for these
    /// values (a piecewise layer picks the case the values fall in).
    fn rules(a: f64, b: f64, y: f64) -> [Rule; 2];
}

/// A layer that acts on whole matrices (`@`, `affine`, `softmax`, the
/// losses): its passes take the operands' matrices, with the kernels of
/// `src/matrix/`. A graph with one runs on matrices throughout.
pub trait Whole: Row {
    /// The backward rule for each operand, written with matrices:
    /// `{d} @ {b}ᵀ` (see [`Rule`]).
    const RULES: &'static [Rule];

    /// The output's shape from the operands' shapes, or why they do not fit.
    fn shape(operands: &[Shape], parameter: f64) -> Result<Shape, MatrixError>;

    /// Writes the output over `out` (of the shape [`Whole::shape`] gave).
    fn forward(operands: &[&Matrix], parameter: f64, out: &mut Matrix) -> Result<(), MatrixError>;

    /// Adds into `grads` what the gradient arriving at the output sends
    /// each operand.
    fn backward(pass: &Pass<'_>, grads: Grads<'_, '_>) -> Result<(), MatrixError>;
}

/// One operand's backward rule, written out for people (the trace, quiz
/// hints, `:help`). Templates name their numbers with placeholders: `{d}` is
/// dout (the gradient arriving at the layer), `{a}` and `{b}` the operands
/// (or `{b}` the layer's parameter), `{c}` the parameter less one (the `1`
/// of `dout × 2 × x^1`), `{y}` the layer's output. Each row writes its rules
/// next to its backward pass, so that a reader (and a test) can hold one
/// against the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The gradient passed to the operand, e.g. `{d} × {b}`.
    pub formula: &'static str,
    /// For a layer that routes rather than scales (relu, max, ...), the case
    /// that chose this formula, e.g. `{a} > 0`.
    pub condition: Option<&'static str>,
}

impl Rule {
    /// The rule of an operand a unary layer does not have.
    pub const NONE: Rule = Rule { formula: "", condition: None };

    pub(super) const fn new(formula: &'static str) -> Rule {
        Rule { formula, condition: None }
    }

    pub(super) const fn because(self, condition: &'static str) -> Rule {
        Rule { condition: Some(condition), ..self }
    }
}
