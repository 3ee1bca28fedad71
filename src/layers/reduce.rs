//! `sum` and `mean`: over every element (1×1), or along an axis written in
//! the expression (`sum(X, 0)` down the rows, `sum(X, 1)` across the
//! columns), which is then the layer's parameter.

use super::whole::{Grads, Pass, into_only, operands, shapes};
use super::{Row, Rule, Whole};
use crate::matrix::{self, Axis, Matrix, MatrixError, Shape};

/// `sum(X)`: every element.
pub struct Sum;
/// `sum(X, axis)`.
pub struct SumAxis;
/// `mean(X)`: every element.
pub struct Mean;
/// `mean(X, axis)`.
pub struct MeanAxis;

/// The rows of the four reductions: which axis, and whether it is a mean.
macro_rules! reduction {
    ($row:ty, $name:literal, $symbol:literal, $parameter:literal, $called:expr, $notation:literal,
     $rule:literal, $mean:literal, $axis:expr) => {
        impl Row for $row {
            const NAME: &'static str = $name;
            const SYMBOL: &'static str = $symbol;
            const ARITY: usize = 1;
            const PARAMETER: bool = $parameter;
            const CALLED: &'static [&'static str] = $called;
            const NOTATION: &'static str = $notation;
        }

        impl Whole for $row {
            const RULES: &'static [Rule] = &[Rule::new($rule)];
            fn shape(operands: &[Shape], parameter: f64) -> Result<Shape, MatrixError> {
                let [x] = shapes(operands)?;
                let axis: fn(f64) -> Result<Axis, MatrixError> = $axis;
                Ok(axis(parameter)?.reduced(x))
            }
            fn forward(ops: &[&Matrix], parameter: f64, out: &mut Matrix) -> Result<(), MatrixError> {
                let [x] = operands(ops)?;
                let axis: fn(f64) -> Result<Axis, MatrixError> = $axis;
                matrix::reduce_into(x, axis(parameter)?, $mean, out)
            }
            /// Each element gets the gradient of the result element it
            /// went into (divided by the count for a mean).
            fn backward(pass: &Pass<'_>, g: Grads<'_, '_>) -> Result<(), MatrixError> {
                let axis: fn(f64) -> Result<Axis, MatrixError> = $axis;
                let axis = axis(pass.parameter)?;
                into_only(g, |dx| matrix::reduce_backward(axis, $mean, pass.dy, dx))
            }
        }
    };
}

reduction!(Sum, "sum", "sum", false, &["sum"], "sum({a})", "{d} to every element", false, |_| Ok(Axis::All));
reduction!(
    SumAxis,
    "sum",
    "sum axis ",
    true,
    &[],
    "sum({a}, {b})",
    "{d} along axis {b}",
    false,
    Axis::from_number
);
reduction!(
    Mean,
    "mean",
    "mean",
    false,
    &["mean"],
    "mean({a})",
    "{d} / count, to every element",
    true,
    |_| Ok(Axis::All)
);
reduction!(
    MeanAxis,
    "mean",
    "mean axis ",
    true,
    &[],
    "mean({a}, {b})",
    "{d} / count, along axis {b}",
    true,
    Axis::from_number
);
