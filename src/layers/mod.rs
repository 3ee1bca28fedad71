//! Layers: the operations a graph is made of, each with its forward and its
//! backward pass side by side (as the book's `MulLayer` and `AddLayer`).
//!
//! Adding a layer means adding a variant here, its two passes in the family
//! file, and a row in [`FUNCTIONS`] if it is called by name.

mod arith;
mod math;
mod select;

use std::fmt;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// What a node computes. Leaves (`Input`, `Const`) take no operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    Input,
    Const,
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    Pow,
    Id,
    Exp,
    Ln,
    Sqrt,
    Sin,
    Cos,
    Tanh,
    Sigmoid,
    Relu,
    Abs,
    Max,
    Min,
}

/// A function callable by name: `exp(x)`, `max(a, b)`, ...
#[derive(Debug)]
pub struct Function {
    pub name: &'static str,
    pub layer: Layer,
    /// The backward rule in words, for `:help` and hints.
    pub rule: &'static str,
}

/// Every function the language knows, in the order `:help` lists them.
pub const FUNCTIONS: &[Function] = &[
    Function { name: "exp", layer: Layer::Exp, rule: "dx = dout × exp(x)" },
    Function { name: "ln", layer: Layer::Ln, rule: "dx = dout / x" },
    Function { name: "log", layer: Layer::Ln, rule: "same as ln: dx = dout / x" },
    Function { name: "sqrt", layer: Layer::Sqrt, rule: "dx = dout / (2 × sqrt(x)); +inf at 0" },
    Function { name: "sin", layer: Layer::Sin, rule: "dx = dout × cos(x)" },
    Function { name: "cos", layer: Layer::Cos, rule: "dx = −dout × sin(x)" },
    Function { name: "tanh", layer: Layer::Tanh, rule: "dx = dout × (1 − y²)" },
    Function { name: "sigmoid", layer: Layer::Sigmoid, rule: "dx = dout × y × (1 − y)" },
    Function { name: "relu", layer: Layer::Relu, rule: "dx = dout where x > 0, else 0" },
    Function { name: "abs", layer: Layer::Abs, rule: "dx = dout × sign(x); 0 at x = 0" },
    Function {
        name: "max",
        layer: Layer::Max,
        rule: "the larger operand gets dout, the other 0; a tie sends dout to a",
    },
    Function {
        name: "min",
        layer: Layer::Min,
        rule: "the smaller operand gets dout, the other 0; a tie sends dout to a",
    },
];

/// One operand's backward rule, written out for people (the trace, quiz
/// hints). Templates name their numbers with placeholders: `{d}` is dout (the
/// gradient arriving at the layer), `{a}` and `{b}` the operands, `{y}` the
/// layer's output. Each layer family writes its rules next to its backward
/// pass, so that a reader (and a test) can hold one against the other.
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

    const fn new(formula: &'static str) -> Rule {
        Rule { formula, condition: None }
    }

    const fn because(self, condition: &'static str) -> Rule {
        Rule { condition: Some(condition), ..self }
    }
}

/// Names that cannot be assigned: the functions, `grad`, `assert`, and the
/// `train` and `over` of a training.
pub fn is_reserved(name: &str) -> bool {
    matches!(name, "grad" | "assert" | "train" | "over") || function(name).is_some()
}

/// The function called `name`, if there is one. Every name a script
/// mentions is checked, so the table is indexed by name once rather than
/// compared entry by entry.
pub fn function(name: &str) -> Option<&'static Function> {
    static BY_NAME: LazyLock<FxHashMap<&'static str, &'static Function>> =
        LazyLock::new(|| FUNCTIONS.iter().map(|f| (f.name, f)).collect());
    // Function names are lowercase letters (a test holds them to it): a
    // name with a digit, a capital or `_`, as most of a big script's are,
    // needs no look-up.
    if !name.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    BY_NAME.get(name).copied()
}

impl Layer {
    /// How many operands the layer takes.
    pub fn arity(self) -> usize {
        use Layer::*;
        match self {
            Input | Const => 0,
            Neg | Id | Exp | Ln | Sqrt | Sin | Cos | Tanh | Sigmoid | Relu | Abs => 1,
            Add | Sub | Mul | Div | Pow | Max | Min => 2,
        }
    }

    /// The layer's name as it appears in tables and JSON (`mul`, `sigmoid`, ...).
    pub fn name(self) -> &'static str {
        use Layer::*;
        match self {
            Input => "input",
            Const => "const",
            Add => "add",
            Sub => "sub",
            Mul => "mul",
            Div => "div",
            Neg => "neg",
            Pow => "pow",
            Id => "id",
            Exp => "exp",
            Ln => "ln",
            Sqrt => "sqrt",
            Sin => "sin",
            Cos => "cos",
            Tanh => "tanh",
            Sigmoid => "sigmoid",
            Relu => "relu",
            Abs => "abs",
            Max => "max",
            Min => "min",
        }
    }

    /// How the layer is drawn in figures: `×`, `+`, or its function name.
    pub fn symbol(self) -> &'static str {
        use Layer::*;
        match self {
            Add => "+",
            Sub => "−",
            Mul => "×",
            Div => "÷",
            Pow => "^",
            _ => self.name(),
        }
    }

    /// The forward pass as a template over `{a}` and `{b}` (see [`Rule`]):
    /// `{a} × {b}`, `sigmoid({a})`. Leaves have none (an empty text).
    pub fn notation(self) -> &'static str {
        use Layer::*;
        match self {
            Input | Const => "",
            Add | Sub | Mul | Div | Neg | Pow | Id => arith::notation(self),
            Exp | Ln | Sqrt | Sin | Cos | Tanh | Sigmoid => math::notation(self),
            Relu | Abs | Max | Min => select::notation(self),
        }
    }

    /// The backward rule for each operand at these operand values `a`, `b`
    /// and output `y` (piecewise layers pick their case from the values).
    pub fn rules(self, a: f64, b: f64, y: f64) -> [Rule; 2] {
        use Layer::*;
        match self {
            Input | Const => [Rule::NONE; 2],
            Add | Sub | Mul | Div | Neg | Pow | Id => arith::rules(self, a, b, y),
            Exp | Ln | Sqrt | Sin | Cos | Tanh | Sigmoid => [math::rule(self), Rule::NONE],
            Relu | Abs | Max | Min => select::rules(self, a, b),
        }
    }

    /// Forward pass: the output from the operands (`b` is ignored by unary layers).
    /// Leaves have no forward pass; their value is set when the graph is built.
    #[inline]
    pub fn forward(self, a: f64, b: f64) -> f64 {
        use Layer::*;
        match self {
            Input | Const => f64::NAN,
            Add | Sub | Mul | Div | Neg | Pow | Id => arith::forward(self, a, b),
            Exp | Ln | Sqrt | Sin | Cos | Tanh | Sigmoid => math::forward(self, a),
            Relu | Abs | Max | Min => select::forward(self, a, b),
        }
    }

    /// Backward pass: given the operands, this layer's output `y` and the
    /// gradient `dout` arriving at it, the gradients for `a` and `b`.
    #[inline]
    pub fn backward(self, a: f64, b: f64, y: f64, dout: f64) -> (f64, f64) {
        use Layer::*;
        match self {
            Input | Const => (0.0, 0.0),
            Add | Sub | Mul | Div | Neg | Pow | Id => arith::backward(self, a, b, y, dout),
            Exp | Ln | Sqrt | Sin | Cos | Tanh | Sigmoid => (math::backward(self, a, y, dout), 0.0),
            Relu | Abs | Max | Min => select::backward(self, a, b, dout),
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests;
