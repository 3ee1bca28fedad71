//! Element-by-element layers on matrices: the binary operators and `max`,
//! `min` with broadcasting, and every one-operand function. Each element goes
//! through a [`Pointwise`] pass, which the scalar layers implement
//! (`crate::layers::Layer`), so the conventions at kinks and poles (relu's
//! mask, abs at 0, sqrt at 0, pow's d/dexponent at 0) are the scalar ones by
//! construction.

use ndarray::Zip;

use super::Matrix;
use super::broadcast::{broadcast, source};
use super::shape::{MatrixError, Shape, expect};

/// What an element-by-element layer does to one element (or one pair):
/// the scalar layer's own passes. `b` is the second operand, or the layer's
/// parameter for one that takes one (the exponent of `x^2`); one-operand
/// layers ignore it.
pub trait Pointwise: Copy {
    fn forward(self, a: f64, b: f64) -> f64;
    fn backward(self, a: f64, b: f64, y: f64, dout: f64) -> (f64, f64);
    /// The error's wording for two shapes that do not broadcast:
    /// `cannot {verb} 2×3 and 3×2`.
    fn verb(self) -> &'static str;
}

/// `a op b` with broadcasting, in a new matrix.
pub fn binary<P: Pointwise>(op: P, a: &Matrix, b: &Matrix) -> Result<Matrix, MatrixError> {
    let shape = broadcast(op.verb(), Shape::of(a), Shape::of(b))?;
    let mut out = Matrix::zeros(shape.dim());
    binary_into(op, a, b, &mut out)?;
    Ok(out)
}

/// `a op b` with broadcasting, written over `out` (which must have the
/// broadcast shape): the forward pass of a training step, allocating nothing.
pub fn binary_into<P: Pointwise>(op: P, a: &Matrix, b: &Matrix, out: &mut Matrix) -> Result<(), MatrixError> {
    let shape = broadcast(op.verb(), Shape::of(a), Shape::of(b))?;
    expect("output", Shape::of(out), shape)?;
    // Checked above, so the stretched views exist.
    let (Some(a), Some(b)) = (a.broadcast(shape.dim()), b.broadcast(shape.dim())) else {
        return Err(MatrixError::Broadcast { verb: op.verb(), left: Shape::of(a), right: Shape::of(b) });
    };
    Zip::from(out).and(a).and(b).for_each(|o, &x, &y| *o = op.forward(x, y));
    Ok(())
}

/// The backward pass of `y = a op b`: adds into `da` and `db` (the operands'
/// gradients, of their own shapes) what `dy` (of `y`'s shape) sends them,
/// summed over the axes along which an operand was broadcast.
pub fn binary_backward<P: Pointwise>(
    op: P,
    (a, b, y): (&Matrix, &Matrix, &Matrix),
    dy: &Matrix,
    da: &mut Matrix,
    db: &mut Matrix,
) -> Result<(), MatrixError> {
    let (sa, sb) = (Shape::of(a), Shape::of(b));
    let shape = broadcast(op.verb(), sa, sb)?;
    expect("output", Shape::of(y), shape)?;
    expect("output gradient", Shape::of(dy), shape)?;
    expect("left gradient", Shape::of(da), sa)?;
    expect("right gradient", Shape::of(db), sb)?;
    if sa == shape && sb == shape {
        Zip::from(da).and(db).and(a).and(b).and(y).and(dy).for_each(|ga, gb, &x, &z, &y, &d| {
            let (dx, dz) = op.backward(x, z, y, d);
            *ga += dx;
            *gb += dz;
        });
        return Ok(());
    }
    // Broadcasting: each output element adds into the operand element it
    // was read from, which is the sum over the stretched axes.
    for i in 0..shape.rows {
        for j in 0..shape.cols {
            let (ia, ib) = (source(sa, i, j), source(sb, i, j));
            let (dx, dz) = op.backward(a[ia], b[ib], y[[i, j]], dy[[i, j]]);
            da[ia] += dx;
            db[ib] += dz;
        }
    }
    Ok(())
}

/// `f(x)` for every element, in a new matrix.
pub fn unary<P: Pointwise>(op: P, x: &Matrix) -> Matrix {
    x.mapv(|v| op.forward(v, 0.0))
}

/// `f(x)` for every element, written over `out` (of `x`'s shape).
pub fn unary_into<P: Pointwise>(op: P, x: &Matrix, out: &mut Matrix) -> Result<(), MatrixError> {
    map_into(op, x, 0.0, out)
}

/// `f(x; b)` for every element, with the layer's parameter `b` (the
/// exponent of `X^2`), written over `out` (of `x`'s shape).
pub fn map_into<P: Pointwise>(op: P, x: &Matrix, b: f64, out: &mut Matrix) -> Result<(), MatrixError> {
    expect("output", Shape::of(out), Shape::of(x))?;
    Zip::from(out).and(x).for_each(|o, &v| *o = op.forward(v, b));
    Ok(())
}

/// The backward pass of `y = f(x)`: adds `dy` times the derivative into `dx`.
pub fn unary_backward<P: Pointwise>(
    op: P,
    x: &Matrix,
    y: &Matrix,
    dy: &Matrix,
    dx: &mut Matrix,
) -> Result<(), MatrixError> {
    map_backward(op, x, 0.0, y, dy, dx)
}

/// The backward pass of `y = f(x; b)` with the layer's parameter `b`.
pub fn map_backward<P: Pointwise>(
    op: P,
    x: &Matrix,
    b: f64,
    y: &Matrix,
    dy: &Matrix,
    dx: &mut Matrix,
) -> Result<(), MatrixError> {
    let shape = Shape::of(x);
    expect("output", Shape::of(y), shape)?;
    expect("output gradient", Shape::of(dy), shape)?;
    expect("input gradient", Shape::of(dx), shape)?;
    Zip::from(dx).and(x).and(y).and(dy).for_each(|g, &x, &y, &d| *g += op.backward(x, b, y, d).0);
    Ok(())
}
