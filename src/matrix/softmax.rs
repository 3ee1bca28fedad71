//! The book's Softmax layer, row by row: each row of scores becomes a row of
//! probabilities. The row's largest score is subtracted before `exp`, as the
//! book does, so large scores do not overflow.

use ndarray::{ArrayView1, ArrayViewMut1, Axis, Zip};

use super::Matrix;
use super::shape::{MatrixError, Shape, expect};

/// `softmax(x)` in a new matrix.
pub fn softmax(x: &Matrix) -> Matrix {
    let mut out = Matrix::zeros(x.dim());
    for (row, out_row) in x.axis_iter(Axis(0)).zip(out.axis_iter_mut(Axis(0))) {
        softmax_row(row, out_row);
    }
    out
}

/// `softmax(x)` written over `out` (of `x`'s shape).
pub fn softmax_into(x: &Matrix, out: &mut Matrix) -> Result<(), MatrixError> {
    expect("output", Shape::of(out), Shape::of(x))?;
    for (row, out_row) in x.axis_iter(Axis(0)).zip(out.axis_iter_mut(Axis(0))) {
        softmax_row(row, out_row);
    }
    Ok(())
}

fn softmax_row(x: ArrayView1<'_, f64>, mut out: ArrayViewMut1<'_, f64>) {
    let (max, sum) = shifted_exp_sum(x);
    Zip::from(&mut out).and(&x).for_each(|o, &v| *o = (v - max).exp() / sum);
}

/// A row's largest element and Σ exp(x - largest): the softmax's parts,
/// shared with the loss's log-sum-exp.
pub(crate) fn shifted_exp_sum(x: ArrayView1<'_, f64>) -> (f64, f64) {
    let max = x.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    (max, x.fold(0.0, |s, &v| s + (v - max).exp()))
}

/// The backward pass, from the forward output `y`:
/// `dx += y ⊙ (dy - Σ_row(dy ⊙ y))`, row by row.
pub fn softmax_backward(y: &Matrix, dy: &Matrix, dx: &mut Matrix) -> Result<(), MatrixError> {
    let shape = Shape::of(y);
    expect("output gradient", Shape::of(dy), shape)?;
    expect("input gradient", Shape::of(dx), shape)?;
    for ((y, dy), mut dx) in y.axis_iter(Axis(0)).zip(dy.axis_iter(Axis(0))).zip(dx.axis_iter_mut(Axis(0))) {
        let dot = y.dot(&dy);
        Zip::from(&mut dx).and(&y).and(&dy).for_each(|g, &y, &d| *g += y * (d - dot));
    }
    Ok(())
}
