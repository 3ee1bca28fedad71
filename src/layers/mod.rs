//! Layers: the operations a graph is made of. Each is one [`Row`] in its
//! family file (`leaf`, `arith`, `power`, `math`, `select` act element by
//! element; `linear`, `reduce`, `loss` on whole matrices), with its name,
//! arity, forward and backward passes and written rule side by side.
//!
//! Adding a layer means writing its row and naming it once in [`rows!`]
//! below: the `Layer` variant, its exhaustive dispatch and [`FUNCTIONS`] are
//! generated from that list, so a layer missing a piece does not compile.

mod arith;
mod leaf;
mod linear;
mod loss;
mod math;
mod pointwise;
mod power;
mod reduce;
mod row;
mod select;
mod whole;

use std::fmt;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

pub use row::{Elementwise, Row, Rule, Whole};
pub use whole::{Grads, Pass};

use crate::matrix::{Matrix, MatrixError, Shape};

/// A function callable by name: `exp(x)`, `max(a, b)`, ... (`log` is
/// another name for `ln`).
#[derive(Clone, Copy, Debug)]
pub struct Function {
    pub name: &'static str,
    pub layer: Layer,
}

/// Generates, from the lists of rows (those that act element by element,
/// then those that act on whole matrices), the [`Layer`] enum, its dispatch
/// (one exhaustive match per piece of a row, each arm a call the compiler
/// inlines) and [`FUNCTIONS`], in the order of the lists.
macro_rules! rows {
    (
        elementwise { $($(#[$doc:meta])* $variant:ident => $row:ty,)* }
        whole { $($(#[$wdoc:meta])* $wvariant:ident => $wrow:ty,)* }
    ) => {
        /// What a node computes. Leaves (`Input`, `Const`) take no operands.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Layer {
            $($(#[$doc])* $variant,)*
            $($(#[$wdoc])* $wvariant,)*
        }

        impl Layer {
            /// Every layer, in the order of the rows.
            pub const ALL: &'static [Layer] = &[$(Layer::$variant,)* $(Layer::$wvariant,)*];

            /// How many operand nodes the layer takes.
            #[inline]
            pub fn arity(self) -> usize {
                match self {
                    $(Layer::$variant => <$row as Row>::ARITY,)*
                    $(Layer::$wvariant => <$wrow as Row>::ARITY,)*
                }
            }

            /// Whether the node's second slot holds a parameter of the
            /// layer (the literal exponent of `x^2`, the axis of `sum(X, 0)`)
            /// rather than an operand.
            #[inline]
            pub fn has_parameter(self) -> bool {
                match self {
                    $(Layer::$variant => <$row as Row>::PARAMETER,)*
                    $(Layer::$wvariant => <$wrow as Row>::PARAMETER,)*
                }
            }

            /// The layer's name as it appears in tables and JSON (`mul`, `sigmoid`, ...).
            pub fn name(self) -> &'static str {
                match self {
                    $(Layer::$variant => <$row as Row>::NAME,)*
                    $(Layer::$wvariant => <$wrow as Row>::NAME,)*
                }
            }

            /// How the layer is drawn in figures: `×`, `+`, or its function name.
            pub fn symbol(self) -> &'static str {
                match self {
                    $(Layer::$variant => <$row as Row>::SYMBOL,)*
                    $(Layer::$wvariant => <$wrow as Row>::SYMBOL,)*
                }
            }

            /// The forward pass as a template over `{a}` and `{b}` (see
            /// [`Rule`]): `{a} × {b}`, `sigmoid({a})`. Leaves have none.
            pub fn notation(self) -> &'static str {
                match self {
                    $(Layer::$variant => <$row as Row>::NOTATION,)*
                    $(Layer::$wvariant => <$wrow as Row>::NOTATION,)*
                }
            }

            /// Whether the layer acts on whole matrices (`@`, `affine`, the
            /// losses) rather than element by element: a graph with one runs
            /// on matrices throughout.
            #[inline]
            pub fn is_whole(self) -> bool {
                match self {
                    $(Layer::$variant => false,)*
                    $(Layer::$wvariant => true,)*
                }
            }

            /// How an error says two shapes do not broadcast for this layer:
            /// `add`, `multiply` (empty for layers that do not broadcast).
            pub fn verb(self) -> &'static str {
                match self {
                    $(Layer::$variant => <$row as Elementwise>::VERB,)*
                    $(Layer::$wvariant => "",)*
                }
            }

            /// The backward rule for each operand at these operand values
            /// `a`, `b` and output `y` (piecewise layers pick their case
            /// from the values); a whole-matrix layer's first two rules.
            pub fn rules(self, a: f64, b: f64, y: f64) -> [Rule; 2] {
                match self {
                    $(Layer::$variant => <$row as Elementwise>::rules(a, b, y),)*
                    $(Layer::$wvariant => whole::first_two(<$wrow as Whole>::RULES),)*
                }
            }

            /// The backward rule of each operand of a whole-matrix layer;
            /// `None` for a layer that acts element by element.
            pub fn whole_rules(self) -> Option<&'static [Rule]> {
                match self {
                    $(Layer::$variant => None,)*
                    $(Layer::$wvariant => Some(<$wrow as Whole>::RULES),)*
                }
            }

            /// Forward pass on numbers: the output from the operands (`b` is
            /// ignored by unary layers). Leaves have no forward pass: NaN, as
            /// have whole-matrix layers, which graphs run on matrices only.
            /// Always inlined, as the graph's passes call it per node.
            #[inline(always)]
            pub fn forward(self, a: f64, b: f64) -> f64 {
                match self {
                    $(Layer::$variant => <$row as Elementwise>::forward(a, b),)*
                    $(Layer::$wvariant => f64::NAN,)*
                }
            }

            /// Backward pass on numbers: given the operands, this layer's
            /// output `y` and the gradient `dout` arriving at it, the
            /// gradients for `a` and `b` (NaN for whole-matrix layers, as
            /// [`Layer::forward`]). Always inlined, as the graph's passes
            /// call it per node.
            #[inline(always)]
            pub fn backward(self, a: f64, b: f64, y: f64, dout: f64) -> (f64, f64) {
                match self {
                    $(Layer::$variant => <$row as Elementwise>::backward(a, b, y, dout),)*
                    $(Layer::$wvariant => (f64::NAN, f64::NAN),)*
                }
            }

            /// The shape of the output from the operands' shapes (and the
            /// layer's parameter), or why they do not fit: `cannot add 2×3
            /// and 3×2`.
            pub fn shape(self, operands: &[Shape], parameter: f64) -> Result<Shape, MatrixError> {
                match self {
                    $(Layer::$variant => pointwise::shape(self, operands),)*
                    $(Layer::$wvariant => <$wrow as Whole>::shape(operands, parameter),)*
                }
            }

            /// Forward pass on matrices: writes the output over `out`.
            pub fn forward_matrix(
                self,
                operands: &[&Matrix],
                parameter: f64,
                out: &mut Matrix,
            ) -> Result<(), MatrixError> {
                match self {
                    $(Layer::$variant => pointwise::forward(self, operands, parameter, out),)*
                    $(Layer::$wvariant => <$wrow as Whole>::forward(operands, parameter, out),)*
                }
            }

            /// Backward pass on matrices: adds into `grads` (one per
            /// operand, `None` where none is wanted) what the gradient
            /// arriving at the output sends each operand.
            pub fn backward_matrix(self, pass: &Pass<'_>, grads: Grads<'_, '_>) -> Result<(), MatrixError> {
                match self {
                    $(Layer::$variant => pointwise::backward(self, pass, grads),)*
                    $(Layer::$wvariant => <$wrow as Whole>::backward(pass, grads),)*
                }
            }
        }

        /// Every function the language knows, in the order `:help` lists
        /// them: each row's callable names.
        pub const FUNCTIONS: &[Function] = &{
            const COUNT: usize = 0 $(+ <$row as Row>::CALLED.len())* $(+ <$wrow as Row>::CALLED.len())*;
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
            $(
                let mut i = 0;
                while i < <$wrow as Row>::CALLED.len() {
                    all[at] = Function { name: <$wrow as Row>::CALLED[i], layer: Layer::$wvariant };
                    at += 1;
                    i += 1;
                }
            )*
            all
        };
    };
}

rows! {
    elementwise {
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
    whole {
        /// `A @ B`.
        MatMul => linear::MatMul,
        Transpose => linear::Transpose,
        /// `sum(X)`: every element.
        Sum => reduce::Sum,
        /// `sum(X, 0)`, `sum(X, 1)`: the axis is the layer's parameter.
        SumAxis => reduce::SumAxis,
        Mean => reduce::Mean,
        MeanAxis => reduce::MeanAxis,
        Affine => linear::Affine,
        Softmax => loss::Softmax,
        CrossEntropy => loss::CrossEntropy,
        SoftmaxWithLoss => loss::SoftmaxWithLoss,
        Accuracy => loss::Accuracy,
    }
}

impl Layer {
    /// The layer that a call with one more argument than `self` takes
    /// reads that argument as its parameter: `sum(X, 0)`, `mean(X, 1)`.
    pub fn with_axis(self) -> Option<Layer> {
        match self {
            Layer::Sum => Some(Layer::SumAxis),
            Layer::Mean => Some(Layer::MeanAxis),
            _ => None,
        }
    }
}

/// The function called `name`, if there is one. Every name a script
/// mentions is checked, so the table is indexed by name once rather than
/// compared entry by entry.
pub fn function(name: &str) -> Option<&'static Function> {
    static BY_NAME: LazyLock<FxHashMap<&'static str, &'static Function>> =
        LazyLock::new(|| FUNCTIONS.iter().map(|f| (f.name, f)).collect());
    // Function names are lowercase letters and `_` (a test holds them to
    // it): a name with a digit or a capital, as most of a big script's are,
    // needs no look-up.
    if !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
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
