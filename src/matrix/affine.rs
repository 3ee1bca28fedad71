//! The book's Affine layer, `Y = X @ W + b`, as one node: X is N×D (a batch
//! of rows), W is D×M, b is 1×M (or any shape that broadcasts onto N×M).

use ndarray::linalg::general_mat_mul;

use super::Matrix;
use super::broadcast::{fits_into, sum_to};
use super::shape::{MatrixError, Shape, expect};

/// The shape of `affine(X, W, b)`, checking that the three fit.
pub fn affine_shape(x: Shape, w: Shape, b: Shape) -> Result<Shape, MatrixError> {
    if x.cols != w.rows {
        return Err(MatrixError::Operands {
            layer: "affine",
            left: ("X", x),
            right: ("W", w),
            need: "X's columns must equal W's rows",
        });
    }
    let out = Shape::new(x.rows, w.cols);
    if !fits_into(b, out) {
        return Err(MatrixError::Operands {
            layer: "affine",
            left: ("X @ W", out),
            right: ("b", b),
            need: "b must be a 1×M row (or broadcast onto X @ W)",
        });
    }
    Ok(out)
}

/// `X @ W + b` in a new matrix.
pub fn affine(x: &Matrix, w: &Matrix, b: &Matrix) -> Result<Matrix, MatrixError> {
    let shape = affine_shape(Shape::of(x), Shape::of(w), Shape::of(b))?;
    let mut out = Matrix::zeros(shape.dim());
    affine_into(x, w, b, &mut out)?;
    Ok(out)
}

/// `X @ W + b` written over `out`: b is laid into every row, then the
/// product added on top, with no temporary.
pub fn affine_into(x: &Matrix, w: &Matrix, b: &Matrix, out: &mut Matrix) -> Result<(), MatrixError> {
    let shape = affine_shape(Shape::of(x), Shape::of(w), Shape::of(b))?;
    expect("output", Shape::of(out), shape)?;
    if let Some(stretched) = b.broadcast(shape.dim()) {
        out.assign(&stretched);
    }
    general_mat_mul(1.0, x, w, 1.0, out);
    Ok(())
}

/// The book's backward pass, added into the gradients:
/// `dX += dY @ Wᵀ`, `dW += Xᵀ @ dY`, `db += Σ over rows of dY`. A gradient
/// given as `None` is not computed: in training, the data X needs none, and
/// skipping it saves a third of the products.
pub fn affine_backward(
    (x, w, b): (&Matrix, &Matrix, &Matrix),
    dy: &Matrix,
    dx: Option<&mut Matrix>,
    dw: Option<&mut Matrix>,
    db: Option<&mut Matrix>,
) -> Result<(), MatrixError> {
    let shape = affine_shape(Shape::of(x), Shape::of(w), Shape::of(b))?;
    expect("output gradient", Shape::of(dy), shape)?;
    if let Some(dx) = &dx {
        expect("X gradient", Shape::of(dx), Shape::of(x))?;
    }
    if let Some(dw) = &dw {
        expect("W gradient", Shape::of(dw), Shape::of(w))?;
    }
    if let Some(db) = &db {
        expect("b gradient", Shape::of(db), Shape::of(b))?;
    }
    if let Some(dx) = dx {
        general_mat_mul(1.0, dy, &w.t(), 1.0, dx);
    }
    if let Some(dw) = dw {
        general_mat_mul(1.0, &x.t(), dy, 1.0, dw);
    }
    match db {
        Some(db) => sum_to(dy.view(), db),
        None => Ok(()),
    }
}
