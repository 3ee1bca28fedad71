//! Element-by-element layers on matrices: the binary operators and `max`,
//! `min` with broadcasting, and every one-operand function. Each element goes
//! through the scalar layer's own [`Layer::forward`] and [`Layer::backward`],
//! so the conventions at kinks and poles (relu's mask, abs at 0, sqrt at 0,
//! pow's d/dexponent at 0) are the scalar ones by construction.

use ndarray::Zip;

use super::Matrix;
use super::broadcast::{broadcast, source};
use super::shape::{Binary, MatrixError, Shape, expect};
use crate::layers::Layer;

/// A one-operand function applied to every element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unary {
    Neg,
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
}

impl Unary {
    /// The scalar layer each element goes through.
    pub fn layer(self) -> Layer {
        match self {
            Unary::Neg => Layer::Neg,
            Unary::Id => Layer::Id,
            Unary::Exp => Layer::Exp,
            Unary::Ln => Layer::Ln,
            Unary::Sqrt => Layer::Sqrt,
            Unary::Sin => Layer::Sin,
            Unary::Cos => Layer::Cos,
            Unary::Tanh => Layer::Tanh,
            Unary::Sigmoid => Layer::Sigmoid,
            Unary::Relu => Layer::Relu,
            Unary::Abs => Layer::Abs,
        }
    }
}

impl Binary {
    /// The scalar layer each pair of elements goes through.
    pub fn layer(self) -> Layer {
        match self {
            Binary::Add => Layer::Add,
            Binary::Sub => Layer::Sub,
            Binary::Mul => Layer::Mul,
            Binary::Div => Layer::Div,
            Binary::Pow => Layer::Pow,
            Binary::Max => Layer::Max,
            Binary::Min => Layer::Min,
        }
    }
}

/// `a op b` with broadcasting, in a new matrix.
pub fn binary(op: Binary, a: &Matrix, b: &Matrix) -> Result<Matrix, MatrixError> {
    let shape = broadcast(op, Shape::of(a), Shape::of(b))?;
    let mut out = Matrix::zeros(shape.dim());
    binary_into(op, a, b, &mut out)?;
    Ok(out)
}

/// `a op b` with broadcasting, written over `out` (which must have the
/// broadcast shape): the forward pass of a training step, allocating nothing.
pub fn binary_into(op: Binary, a: &Matrix, b: &Matrix, out: &mut Matrix) -> Result<(), MatrixError> {
    let shape = broadcast(op, Shape::of(a), Shape::of(b))?;
    expect("output", Shape::of(out), shape)?;
    let layer = op.layer();
    // Checked above, so the stretched views exist.
    let (Some(a), Some(b)) = (a.broadcast(shape.dim()), b.broadcast(shape.dim())) else {
        return Err(MatrixError::Broadcast { op, left: Shape::of(a), right: Shape::of(b) });
    };
    Zip::from(out).and(a).and(b).for_each(|o, &x, &y| *o = layer.forward(x, y));
    Ok(())
}

/// The backward pass of `y = a op b`: adds into `da` and `db` (the operands'
/// gradients, of their own shapes) what `dy` (of `y`'s shape) sends them,
/// summed over the axes along which an operand was broadcast.
pub fn binary_backward(
    op: Binary,
    (a, b, y): (&Matrix, &Matrix, &Matrix),
    dy: &Matrix,
    da: &mut Matrix,
    db: &mut Matrix,
) -> Result<(), MatrixError> {
    let (sa, sb) = (Shape::of(a), Shape::of(b));
    let shape = broadcast(op, sa, sb)?;
    expect("output", Shape::of(y), shape)?;
    expect("output gradient", Shape::of(dy), shape)?;
    expect("left gradient", Shape::of(da), sa)?;
    expect("right gradient", Shape::of(db), sb)?;
    let layer = op.layer();
    if sa == shape && sb == shape {
        Zip::from(da).and(db).and(a).and(b).and(y).and(dy).for_each(|ga, gb, &x, &z, &y, &d| {
            let (dx, dz) = layer.backward(x, z, y, d);
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
            let (dx, dz) = layer.backward(a[ia], b[ib], y[[i, j]], dy[[i, j]]);
            da[ia] += dx;
            db[ib] += dz;
        }
    }
    Ok(())
}

/// `f(x)` for every element, in a new matrix.
pub fn unary(op: Unary, x: &Matrix) -> Matrix {
    let layer = op.layer();
    x.mapv(|v| layer.forward(v, 0.0))
}

/// `f(x)` for every element, written over `out` (of `x`'s shape).
pub fn unary_into(op: Unary, x: &Matrix, out: &mut Matrix) -> Result<(), MatrixError> {
    expect("output", Shape::of(out), Shape::of(x))?;
    let layer = op.layer();
    Zip::from(out).and(x).for_each(|o, &v| *o = layer.forward(v, 0.0));
    Ok(())
}

/// The backward pass of `y = f(x)`: adds `dy` times the derivative into `dx`.
pub fn unary_backward(
    op: Unary,
    x: &Matrix,
    y: &Matrix,
    dy: &Matrix,
    dx: &mut Matrix,
) -> Result<(), MatrixError> {
    let shape = Shape::of(x);
    expect("output", Shape::of(y), shape)?;
    expect("output gradient", Shape::of(dy), shape)?;
    expect("input gradient", Shape::of(dx), shape)?;
    let layer = op.layer();
    Zip::from(dx).and(x).and(y).and(dy).for_each(|g, &x, &y, &d| *g += layer.backward(x, 0.0, y, d).0);
    Ok(())
}
