//! What defines a layer: one [`Row`] per layer, every piece side by side.

/// One layer, defined once: how it is named, called, drawn and written, its
/// forward pass, its backward pass, and that backward pass written out for
/// people, next to each other as the book's `MulLayer` keeps `forward` and
/// `backward`. No item has a default, so a layer that misses a piece does
/// not compile. `b` is the second operand, or for a layer with a parameter
/// (pow with a literal exponent) the parameter; unary layers ignore it.
///
/// Matrix values will add to the row rather than spread again: a
/// `forward_matrix`/`backward_matrix` pair beside these two, written with the
/// kernels of `src/matrix/` (the elementwise ones for every layer here,
/// which map back to this scalar pair), dispatched by the same generated
/// match in `mod.rs`.
pub trait Row {
    /// The name in tables and JSON: `mul`, `sigmoid`.
    const NAME: &'static str;
    /// How figures draw the layer: `×`, `+`, or its name.
    const SYMBOL: &'static str;
    /// How many operand nodes it takes (0 for leaves).
    const ARITY: usize;
    /// Whether `b` is a parameter of the layer rather than an operand.
    const PARAMETER: bool;
    /// The names it is called by (`ln`, `log`); none for operators and leaves.
    const CALLED: &'static [&'static str];
    /// The forward pass as a template (see [`Rule`]): `{a} × {b}`. Empty for leaves.
    const NOTATION: &'static str;

    /// The output from the operands. Leaves have none (their value is set
    /// when the graph is built): NaN.
    fn forward(a: f64, b: f64) -> f64;

    /// The gradients for `a` and `b`, given the operands, the output `y` and
    /// the gradient `dout` arriving at the layer.
    fn backward(a: f64, b: f64, y: f64, dout: f64) -> (f64, f64);

    /// [`Row::backward`] written out, one rule per operand, for these values
    /// (a piecewise layer picks the case the values fall in).
    fn rules(a: f64, b: f64, y: f64) -> [Rule; 2];
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
