//! numpy's broadcasting for two 2-D shapes, and its backward: the gradient of
//! a broadcast operand is the sum over the axes it was stretched along.

use ndarray::{ArrayView2, Axis};

use super::Matrix;
use super::shape::{MatrixError, Shape};

/// The shape `a op b` has: each dimension equal, or one of them 1 (and then
/// the other). An error names the operator (`verb`: `add`) and both shapes.
pub fn broadcast(verb: &'static str, a: Shape, b: Shape) -> Result<Shape, MatrixError> {
    match (side(a.rows, b.rows), side(a.cols, b.cols)) {
        (Some(rows), Some(cols)) => Ok(Shape::new(rows, cols)),
        _ => Err(MatrixError::Broadcast { verb, left: a, right: b }),
    }
}

/// One dimension of the broadcast shape, if the two fit.
fn side(a: usize, b: usize) -> Option<usize> {
    if a == b || b == 1 {
        Some(a)
    } else if a == 1 {
        Some(b)
    } else {
        None
    }
}

/// Whether `small` broadcasts onto `big` without `big` growing: each of its
/// dimensions is `big`'s or 1.
pub fn fits_into(small: Shape, big: Shape) -> bool {
    (small.rows == big.rows || small.rows == 1) && (small.cols == big.cols || small.cols == 1)
}

/// numpy's "unbroadcast": adds `grad` (the gradient of a broadcast result)
/// into `out` (the gradient of an operand of `out`'s shape), summing over
/// each axis along which the operand was stretched. Allocates nothing.
pub fn sum_to(grad: ArrayView2<'_, f64>, out: &mut Matrix) -> Result<(), MatrixError> {
    let (g, o) = (Shape::of(&grad), Shape::of(out));
    if !fits_into(o, g) {
        return Err(MatrixError::Buffer { what: "gradient", found: o, expected: g });
    }
    match (o.rows == g.rows, o.cols == g.cols) {
        (true, true) => *out += &grad,
        // A row stretched down the rows: add every row of grad into it.
        (false, true) => {
            let mut row = out.row_mut(0);
            for g_row in grad.axis_iter(Axis(0)) {
                row += &g_row;
            }
        }
        // A column stretched across the columns: each row's sum.
        (true, false) => {
            for (o, g_row) in out.iter_mut().zip(grad.axis_iter(Axis(0))) {
                *o += g_row.sum();
            }
        }
        (false, false) => out[[0, 0]] += grad.sum(),
    }
    Ok(())
}

/// Where element (i, j) of a broadcast result reads from an operand of
/// `shape`: index 0 along a stretched axis.
#[inline]
pub(crate) fn source(shape: Shape, i: usize, j: usize) -> (usize, usize) {
    (if shape.rows == 1 { 0 } else { i }, if shape.cols == 1 { 0 } else { j })
}
