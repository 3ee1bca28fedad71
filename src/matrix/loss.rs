//! The book's output layers: `cross_entropy(Y, T)`, `softmax_with_loss(X, T)`
//! and `accuracy(Y, T)`. A loss is one number; its backward takes that
//! number's gradient `dout` (1 when the loss is what is differentiated).
//!
//! Unlike the book's code, nothing adds `1e-7` inside the log: with it the
//! backward `(y - t)/N` is not the exact derivative. A term whose T entry is 0
//! counts 0 (the limit of t·ln y), so a probability that underflowed to 0
//! where T is 0 gives no NaN.

use ndarray::{Axis, Zip};

use super::Matrix;
use super::shape::{MatrixError, Shape, expect};
use super::softmax::shifted_exp_sum;
use super::target::{Target, argmax, label};

/// `-Σ T ⊙ ln(Y) / N`, Y being N×K probabilities.
pub fn cross_entropy(y: &Matrix, t: &Matrix) -> Result<f64, MatrixError> {
    let target = Target::of("cross_entropy", "Y", Shape::of(y), t)?;
    let mut total = 0.0;
    for (i, row) in y.axis_iter(Axis(0)).enumerate() {
        total -= match target {
            Target::OneHot => {
                row.iter().zip(t.row(i)).map(|(&y, &t)| if t == 0.0 { 0.0 } else { t * y.ln() }).sum()
            }
            Target::Labels => row[label(t[[i, 0]])].ln(),
        };
    }
    Ok(total / y.nrows() as f64)
}

/// The backward pass: `dY += -dout·T / Y / N`; a one-hot T's gradient
/// `dT += -dout·ln(Y) / N` when `dt` is given (labels get none).
pub fn cross_entropy_backward(
    (y, t): (&Matrix, &Matrix),
    dout: f64,
    dy: &mut Matrix,
    dt: Option<&mut Matrix>,
) -> Result<(), MatrixError> {
    let target = Target::of("cross_entropy", "Y", Shape::of(y), t)?;
    expect("Y gradient", Shape::of(dy), Shape::of(y))?;
    if let Some(dt) = dt.as_deref()
        && target == Target::OneHot
    {
        expect("T gradient", Shape::of(dt), Shape::of(t))?;
    }
    let scale = dout / y.nrows() as f64;
    match target {
        Target::OneHot => {
            Zip::from(&mut *dy).and(y).and(t).for_each(|g, &y, &t| {
                if t != 0.0 {
                    *g -= scale * t / y;
                }
            });
            if let Some(dt) = dt {
                Zip::from(dt).and(y).for_each(|g, &y| *g -= scale * y.ln());
            }
        }
        Target::Labels => {
            for i in 0..y.nrows() {
                let j = label(t[[i, 0]]);
                dy[[i, j]] -= scale / y[[i, j]];
            }
        }
    }
    Ok(())
}

/// Softmax then cross entropy, computed stably: log softmax(x) is
/// `(x - max) - ln Σ exp(x - max)` per row (log-sum-exp; `x - max` is exact
/// for close scores, so nothing cancels), and the loss
/// `-Σ T ⊙ log softmax(X) / N` is finite for any finite scores.
pub fn softmax_with_loss(x: &Matrix, t: &Matrix) -> Result<f64, MatrixError> {
    let target = Target::of("softmax_with_loss", "X", Shape::of(x), t)?;
    let mut total = 0.0;
    for (i, row) in x.axis_iter(Axis(0)).enumerate() {
        let (max, sum) = shifted_exp_sum(row);
        let log_sum = sum.ln();
        total += match target {
            Target::OneHot => row
                .iter()
                .zip(t.row(i))
                .map(|(&x, &t)| if t == 0.0 { 0.0 } else { t * (log_sum - (x - max)) })
                .sum(),
            Target::Labels => log_sum - (row[label(t[[i, 0]])] - max),
        };
    }
    Ok(total / x.nrows() as f64)
}

/// The book's backward pass, exact: `dX += dout·(softmax(X) - T) / N` (for
/// a T whose rows do not sum to 1, `softmax(X)·Σ_row T - T`), the softmax
/// recomputed row by row in place; a one-hot T's gradient
/// `dT += -dout·log softmax(X) / N` when `dt` is given (labels get none).
pub fn softmax_with_loss_backward(
    (x, t): (&Matrix, &Matrix),
    dout: f64,
    dx: &mut Matrix,
    mut dt: Option<&mut Matrix>,
) -> Result<(), MatrixError> {
    let target = Target::of("softmax_with_loss", "X", Shape::of(x), t)?;
    expect("X gradient", Shape::of(dx), Shape::of(x))?;
    if let Some(dt) = dt.as_deref()
        && target == Target::OneHot
    {
        expect("T gradient", Shape::of(dt), Shape::of(t))?;
    }
    let scale = dout / x.nrows() as f64;
    for (i, row) in x.axis_iter(Axis(0)).enumerate() {
        let (max, sum) = shifted_exp_sum(row);
        let log_sum = sum.ln();
        // The book's (y - t) assumes T's row sums to 1, as a one-hot row
        // does; y·Σt - t is the derivative for any T, and the same numbers
        // for a one-hot row (y·1 is y).
        let weight = match target {
            Target::OneHot => t.row(i).sum(),
            Target::Labels => 1.0,
        };
        for (j, &v) in row.iter().enumerate() {
            let t_ij = match target {
                Target::OneHot => t[[i, j]],
                Target::Labels => f64::from(u8::from(label(t[[i, 0]]) == j)),
            };
            dx[[i, j]] += scale * ((v - max).exp() / sum * weight - t_ij);
        }
        if let (Target::OneHot, Some(dt)) = (target, dt.as_deref_mut()) {
            for (g, &v) in dt.row_mut(i).iter_mut().zip(row) {
                *g -= scale * ((v - max) - log_sum);
            }
        }
    }
    Ok(())
}

/// The share of rows whose largest entry of Y is where T's is (or at T's
/// label). No backward: its operands get nothing from it.
pub fn accuracy(y: &Matrix, t: &Matrix) -> Result<f64, MatrixError> {
    let target = Target::of("accuracy", "Y", Shape::of(y), t)?;
    let hits = (0..y.nrows())
        .filter(|&i| {
            let want = match target {
                Target::OneHot => argmax(t.row(i)),
                Target::Labels => label(t[[i, 0]]),
            };
            argmax(y.row(i)) == want
        })
        .count();
    Ok(hits as f64 / y.nrows() as f64)
}
