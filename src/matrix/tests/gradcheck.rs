//! Every layer's backward pass against central differences, on random
//! shapes (broadcasting both ways, 1×1 against N×K) and random values.
//! The scalar checked is Σ f(inputs) ⊙ R for a random R, so the gradient
//! arriving at f's output is R and every output element is exercised.

use proptest::prelude::*;

use super::super::*;
use super::super::{Axis, Rng};
use crate::layers::Layer;

/// Central differences step: its truncation error (~h²) and rounding error
/// (~1e-16/h) are both far below the tolerance.
const H: f64 = 1e-5;

/// A matrix of `shape` with uniform entries in [lo, hi).
fn fill(shape: (usize, usize), lo: f64, hi: f64, rng: &mut Rng) -> Matrix {
    Matrix::from_shape_simple_fn(shape, || lo + (hi - lo) * (rng.uniform() - f64::EPSILON).max(0.0))
}

/// Operand shapes that broadcast onto rows×cols: the full shape, a row, a
/// column or a 1×1, chosen by `pick`.
fn stretched(pick: usize, rows: usize, cols: usize) -> (usize, usize) {
    [(rows, cols), (1, cols), (rows, 1), (1, 1)][pick % 4]
}

/// Checks `backward` (the gradients of every input, given R) against
/// central differences of Σ forward(inputs) ⊙ R, for the first `vary`
/// inputs; the others (labels) must get a gradient of zero.
fn check(
    mut inputs: Vec<Matrix>,
    vary: usize,
    forward: impl Fn(&[Matrix]) -> Matrix,
    backward: impl Fn(&[Matrix], &Matrix) -> Vec<Matrix>,
    rng: &mut Rng,
) -> Result<(), TestCaseError> {
    let r = fill(forward(&inputs).dim(), -1.0, 1.0, rng);
    let analytic = backward(&inputs, &r);
    prop_assert_eq!(analytic.len(), inputs.len());
    let loss = |inputs: &[Matrix]| (forward(inputs) * &r).sum();
    for (k, fixed) in analytic.iter().zip(&inputs).skip(vary) {
        prop_assert_eq!(k.dim(), fixed.dim());
        prop_assert!(k.iter().all(|&g| g == 0.0), "labels got a gradient: {}", k);
    }
    for k in 0..vary {
        prop_assert_eq!(analytic[k].dim(), inputs[k].dim());
        for idx in 0..inputs[k].len() {
            let at = (idx / inputs[k].ncols(), idx % inputs[k].ncols());
            let x = inputs[k][at];
            inputs[k][at] = x + H;
            let up = loss(&inputs);
            inputs[k][at] = x - H;
            let down = loss(&inputs);
            inputs[k][at] = x;
            let numeric = (up - down) / (2.0 * H);
            let got = analytic[k][at];
            let scale = 1.0f64.max(got.abs()).max(numeric.abs());
            prop_assert!(
                (got - numeric).abs() <= 1e-6 * scale,
                "input {} at {:?}: backprop {} vs numerical {}",
                k,
                at,
                got,
                numeric
            );
        }
    }
    Ok(())
}

/// Zeroed gradient buffers shaped like the inputs.
fn zeros_like(inputs: &[Matrix]) -> Vec<Matrix> {
    inputs.iter().map(|m| Matrix::zeros(m.dim())).collect()
}

/// Each binary operator's operand domains, chosen away from poles and, for
/// max/min, with a and b at least 0.5 apart (see `max_min_values`).
fn binary_operands(op: Layer, sa: (usize, usize), sb: (usize, usize), rng: &mut Rng) -> (Matrix, Matrix) {
    match op {
        Layer::Add | Layer::Sub | Layer::Mul => (fill(sa, -2.0, 2.0, rng), fill(sb, -2.0, 2.0, rng)),
        Layer::Div => (fill(sa, -2.0, 2.0, rng), fill(sb, 0.5, 2.0, rng)),
        Layer::Pow => (fill(sa, 0.5, 2.0, rng), fill(sb, -2.0, 2.0, rng)),
        // Whole numbers against halves: never a tie or a kink within H.
        Layer::Max | Layer::Min => {
            (fill(sa, -3.0, 3.0, rng).mapv(f64::floor), fill(sb, -3.0, 3.0, rng).mapv(|v| v.floor() + 0.5))
        }
        other => unreachable!("{other} is not among BINARY"),
    }
}

const BINARY: [Layer; 7] =
    [Layer::Add, Layer::Sub, Layer::Mul, Layer::Div, Layer::Pow, Layer::Max, Layer::Min];

const UNARY: [Layer; 11] = [
    Layer::Neg,
    Layer::Id,
    Layer::Exp,
    Layer::Ln,
    Layer::Sqrt,
    Layer::Sin,
    Layer::Cos,
    Layer::Tanh,
    Layer::Sigmoid,
    Layer::Relu,
    Layer::Abs,
];

proptest! {
    #[test]
    fn binary_with_broadcasting(op in 0..7usize, rows in 1..4usize, cols in 1..4usize,
                                pa in 0..4usize, pb in 0..4usize, seed: u64) {
        let op = BINARY[op];
        let rng = &mut Rng::new(seed);
        let (a, b) = binary_operands(op, stretched(pa, rows, cols), stretched(pb, rows, cols), rng);
        check(
            vec![a, b],
            2,
            |m| binary(op, &m[0], &m[1]).unwrap(),
            |m, dy| {
                let mut g = zeros_like(m);
                let y = binary(op, &m[0], &m[1]).unwrap();
                let [da, db] = &mut g[..] else { unreachable!() };
                binary_backward(op, (&m[0], &m[1], &y), dy, da, db).unwrap();
                g
            },
            rng,
        )?;
    }

    #[test]
    fn unary_element_by_element(op in 0..11usize, rows in 1..4usize, cols in 1..4usize, seed: u64) {
        let op = UNARY[op];
        let rng = &mut Rng::new(seed);
        let x = match op {
            Layer::Ln | Layer::Sqrt => fill((rows, cols), 0.5, 2.0, rng),
            // Away from relu's and abs's kink at 0.
            _ => fill((rows, cols), 0.1, 2.0, rng) * &fill((rows, cols), -1.0, 1.0, rng).mapv(f64::signum),
        };
        check(
            vec![x],
            1,
            |m| unary(op, &m[0]),
            |m, dy| {
                let mut g = zeros_like(m);
                unary_backward(op, &m[0], &unary(op, &m[0]), dy, &mut g[0]).unwrap();
                g
            },
            rng,
        )?;
    }

    #[test]
    fn matmul_and_transpose(n in 1..5usize, d in 1..5usize, m in 1..5usize, seed: u64) {
        let rng = &mut Rng::new(seed);
        let (a, b) = (fill((n, d), -2.0, 2.0, rng), fill((d, m), -2.0, 2.0, rng));
        check(
            vec![a.clone(), b],
            2,
            |x| matmul(&x[0], &x[1]).unwrap(),
            |x, dy| {
                let mut g = zeros_like(x);
                let [da, db] = &mut g[..] else { unreachable!() };
                matmul_backward(&x[0], &x[1], dy, Some(da), Some(db)).unwrap();
                g
            },
            rng,
        )?;
        check(
            vec![a],
            1,
            |x| transpose(&x[0]),
            |x, dy| {
                let mut g = zeros_like(x);
                transpose_backward(dy, &mut g[0]).unwrap();
                g
            },
            rng,
        )?;
    }

    #[test]
    fn sum_and_mean_on_every_axis(rows in 1..5usize, cols in 1..5usize, axis in 0..3usize,
                                  take_mean: bool, seed: u64) {
        let axis = [Axis::All, Axis::Rows, Axis::Cols][axis];
        let rng = &mut Rng::new(seed);
        check(
            vec![fill((rows, cols), -2.0, 2.0, rng)],
            1,
            |x| if take_mean { mean(&x[0], axis) } else { sum(&x[0], axis) },
            |x, dy| {
                let mut g = zeros_like(x);
                reduce_backward(axis, take_mean, dy, &mut g[0]).unwrap();
                g
            },
            rng,
        )?;
    }

    #[test]
    fn affine_with_any_bias_that_broadcasts(n in 1..5usize, d in 1..5usize, m in 1..5usize,
                                             pb in 0..4usize, seed: u64) {
        let rng = &mut Rng::new(seed);
        // 1×M is the book's bias; the others broadcast onto N×M too.
        let b_shape = [(1, m), (1, 1), (n, m), (n, 1)][pb];
        let inputs = vec![fill((n, d), -2.0, 2.0, rng), fill((d, m), -2.0, 2.0, rng), fill(b_shape, -2.0, 2.0, rng)];
        check(
            inputs,
            3,
            |x| affine(&x[0], &x[1], &x[2]).unwrap(),
            |x, dy| {
                let mut g = zeros_like(x);
                let [dx, dw, db] = &mut g[..] else { unreachable!() };
                affine_backward((&x[0], &x[1], &x[2]), dy, Some(dx), Some(dw), Some(db)).unwrap();
                g
            },
            rng,
        )?;
    }

    #[test]
    fn softmax_rows(n in 1..5usize, k in 1..5usize, seed: u64) {
        let rng = &mut Rng::new(seed);
        check(
            vec![fill((n, k), -3.0, 3.0, rng)],
            1,
            |x| softmax(&x[0]),
            |x, dy| {
                let mut g = zeros_like(x);
                softmax_backward(&softmax(&x[0]), dy, &mut g[0]).unwrap();
                g
            },
            rng,
        )?;
    }

    #[test]
    fn cross_entropy_with_weights_or_labels(n in 1..5usize, k in 1..5usize, labels: bool, seed: u64) {
        let rng = &mut Rng::new(seed);
        let y = fill((n, k), 0.05, 1.0, rng);
        let t = target(n, k, labels, rng);
        let vary = if t.dim() == (n, k) { 2 } else { 1 };
        check(
            vec![y, t],
            vary,
            |x| Matrix::from_elem((1, 1), cross_entropy(&x[0], &x[1]).unwrap()),
            |x, dy| {
                let mut g = zeros_like(x);
                let [gy, gt] = &mut g[..] else { unreachable!() };
                cross_entropy_backward((&x[0], &x[1]), dy[[0, 0]], gy, Some(gt)).unwrap();
                g
            },
            rng,
        )?;
    }

    #[test]
    fn softmax_with_loss_with_weights_or_labels(n in 1..5usize, k in 1..5usize, labels: bool, seed: u64) {
        let rng = &mut Rng::new(seed);
        let x = fill((n, k), -3.0, 3.0, rng);
        let t = target(n, k, labels, rng);
        let vary = if t.dim() == (n, k) { 2 } else { 1 };
        check(
            vec![x, t],
            vary,
            |x| Matrix::from_elem((1, 1), softmax_with_loss(&x[0], &x[1]).unwrap()),
            |x, dy| {
                let mut g = zeros_like(x);
                let [gx, gt] = &mut g[..] else { unreachable!() };
                softmax_with_loss_backward((&x[0], &x[1]), dy[[0, 0]], gx, Some(gt)).unwrap();
                g
            },
            rng,
        )?;
    }
}

/// A T for the loss layers: labels in a column (whose gradient is checked
/// to be zero, as central differences must find: moving a label by ±H makes
/// it no label, so such a T is not perturbed), or an N×K matrix of weights.
fn target(n: usize, k: usize, labels: bool, rng: &mut Rng) -> Matrix {
    if labels && k > 1 {
        fill((n, 1), 0.0, k as f64, rng).mapv(f64::floor)
    } else {
        fill((n, k), 0.0, 1.0, rng)
    }
}
