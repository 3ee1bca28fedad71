//! Layers: the operations a graph is made of. Each is one [`Row`] in its
//! family file (`leaf`, `arith`, `power`, `math`, `select`), with its name,
//! arity, forward and backward passes and written rule side by side.
//!
//! Adding a layer means writing its row and naming it once in [`rows!`]
//! below: the `Layer` variant, its exhaustive dispatch and [`FUNCTIONS`] are
//! generated from that list, so a layer missing a piece does not compile.

mod arith;
mod leaf;
mod math;
mod power;
mod row;
mod select;

use std::fmt;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

pub use row::{Row, Rule};

/// A function callable by name: `exp(x)`, `max(a, b)`, ... (`log` is
/// another name for `ln`).
#[derive(Clone, Copy, Debug)]
pub struct Function {
    pub name: &'static str,
    pub layer: Layer,
}

/// Generates, from the list of rows, the [`Layer`] enum, its dispatch (one
/// exhaustive match per piece of a row, each arm a call the compiler
/// inlines) and [`FUNCTIONS`], in the order of the list.
macro_rules! rows {
    ($($(#[$doc:meta])* $variant:ident => $row:ty,)*) => {
        /// What a node computes. Leaves (`Input`, `Const`) take no operands.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Layer {
            $($(#[$doc])* $variant,)*
        }

        impl Layer {
            /// Every layer, in the order of the rows.
            pub const ALL: &'static [Layer] = &[$(Layer::$variant,)*];

            /// How many operand nodes the layer takes.
            #[inline]
            pub fn arity(self) -> usize {
                match self { $(Layer::$variant => <$row as Row>::ARITY,)* }
            }

            /// Whether the node's second slot holds a parameter of the
            /// layer (the literal exponent of `x^2`) rather than an operand.
            #[inline]
            pub fn has_parameter(self) -> bool {
                match self { $(Layer::$variant => <$row as Row>::PARAMETER,)* }
            }

            /// The layer's name as it appears in tables and JSON (`mul`, `sigmoid`, ...).
            pub fn name(self) -> &'static str {
                match self { $(Layer::$variant => <$row as Row>::NAME,)* }
            }

            /// How the layer is drawn in figures: `×`, `+`, or its function name.
            pub fn symbol(self) -> &'static str {
                match self { $(Layer::$variant => <$row as Row>::SYMBOL,)* }
            }

            /// The forward pass as a template over `{a}` and `{b}` (see
            /// [`Rule`]): `{a} × {b}`, `sigmoid({a})`. Leaves have none.
            pub fn notation(self) -> &'static str {
                match self { $(Layer::$variant => <$row as Row>::NOTATION,)* }
            }

            /// The backward rule for each operand at these operand values
            /// `a`, `b` and output `y` (piecewise layers pick their case
            /// from the values).
            pub fn rules(self, a: f64, b: f64, y: f64) -> [Rule; 2] {
                match self { $(Layer::$variant => <$row as Row>::rules(a, b, y),)* }
            }

            /// Forward pass: the output from the operands (`b` is ignored by
            /// unary layers). Leaves have no forward pass: NaN. Always
            /// inlined, as the graph's passes call it per node.
            #[inline(always)]
            pub fn forward(self, a: f64, b: f64) -> f64 {
                match self { $(Layer::$variant => <$row as Row>::forward(a, b),)* }
            }

            /// Backward pass: given the operands, this layer's output `y`
            /// and the gradient `dout` arriving at it, the gradients for `a`
            /// and `b`. Always inlined, as the graph's passes call it per node.
            #[inline(always)]
            pub fn backward(self, a: f64, b: f64, y: f64, dout: f64) -> (f64, f64) {
                match self { $(Layer::$variant => <$row as Row>::backward(a, b, y, dout),)* }
            }
        }

        /// Every function the language knows, in the order `:help` lists
        /// them: each row's callable names.
        pub const FUNCTIONS: &[Function] = &{
            const COUNT: usize = 0 $(+ <$row as Row>::CALLED.len())*;
            let mut all = [Function { name: "", layer: Layer::Input }; COUNT];
            let mut at = 0;
            $(
                let mut i = 0;
                while i < <$row as Row>::CALLED.len() {
                    all[at] = Function { name: <$row as Row>::CALLED[i], layer: Layer::$variant };
                    at += 1;
                    i += 1;
                }
            )*
            all
        };
    };
}

rows! {
    Input => leaf::Input,
    Const => leaf::Const,
    Add => arith::Add,
    Sub => arith::Sub,
    Mul => arith::Mul,
    Div => arith::Div,
    Neg => arith::Neg,
    /// `x^y`: the exponent is a node and gets d/dy.
    Pow => power::Pow,
    /// `x^2`: the exponent is a literal, kept as the layer's parameter.
    PowLiteral => power::PowLiteral,
    Id => arith::Id,
    Exp => math::Exp,
    Ln => math::Ln,
    Sqrt => math::Sqrt,
    Sin => math::Sin,
    Cos => math::Cos,
    Tanh => math::Tanh,
    Sigmoid => math::Sigmoid,
    Relu => select::Relu,
    Abs => select::Abs,
    Max => select::Max,
    Min => select::Min,
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

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod rules_tests;
#[cfg(test)]
mod tests;
