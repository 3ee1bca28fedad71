//! `@` (the matrix product) and `transpose`, forward and backward. The
//! products run through `ndarray`'s `general_mat_mul`, which writes into a
//! given array, so a backward pass adds into the gradients in place.

use ndarray::linalg::general_mat_mul;

use super::Matrix;
use super::shape::{MatrixError, Shape, expect};

/// The shape of `a @ b`, or the error naming both shapes.
pub fn matmul_shape(a: Shape, b: Shape) -> Result<Shape, MatrixError> {
    if a.cols == b.rows {
        Ok(Shape::new(a.rows, b.cols))
    } else {
        Err(MatrixError::MatMul { left: a, right: b })
    }
}

/// `a @ b` in a new matrix.
pub fn matmul(a: &Matrix, b: &Matrix) -> Result<Matrix, MatrixError> {
    let shape = matmul_shape(Shape::of(a), Shape::of(b))?;
    let mut out = Matrix::zeros(shape.dim());
    general_mat_mul(1.0, a, b, 0.0, &mut out);
    Ok(out)
}

/// `a @ b` written over `out`.
pub fn matmul_into(a: &Matrix, b: &Matrix, out: &mut Matrix) -> Result<(), MatrixError> {
    let shape = matmul_shape(Shape::of(a), Shape::of(b))?;
    expect("output", Shape::of(out), shape)?;
    general_mat_mul(1.0, a, b, 0.0, out);
    Ok(())
}

/// The backward pass of `y = a @ b`: `da += dy @ bᵀ`, `db += aᵀ @ dy`; a
/// gradient given as `None` is not computed.
pub fn matmul_backward(
    a: &Matrix,
    b: &Matrix,
    dy: &Matrix,
    da: Option<&mut Matrix>,
    db: Option<&mut Matrix>,
) -> Result<(), MatrixError> {
    let shape = matmul_shape(Shape::of(a), Shape::of(b))?;
    expect("output gradient", Shape::of(dy), shape)?;
    if let Some(da) = &da {
        expect("left gradient", Shape::of(da), Shape::of(a))?;
    }
    if let Some(db) = &db {
        expect("right gradient", Shape::of(db), Shape::of(b))?;
    }
    if let Some(da) = da {
        general_mat_mul(1.0, dy, &b.t(), 1.0, da);
    }
    if let Some(db) = db {
        general_mat_mul(1.0, &a.t(), dy, 1.0, db);
    }
    Ok(())
}

/// `transpose(x)`: rows become columns.
pub fn transpose(x: &Matrix) -> Matrix {
    x.t().to_owned()
}

/// `transpose(x)` written over `out` (of the transposed shape).
pub fn transpose_into(x: &Matrix, out: &mut Matrix) -> Result<(), MatrixError> {
    let s = Shape::of(x);
    expect("output", Shape::of(out), Shape::new(s.cols, s.rows))?;
    out.assign(&x.t());
    Ok(())
}

/// The backward pass of `y = transpose(x)`: `dx += dyᵀ`.
pub fn transpose_backward(dy: &Matrix, dx: &mut Matrix) -> Result<(), MatrixError> {
    let s = Shape::of(dy);
    expect("input gradient", Shape::of(dx), Shape::new(s.cols, s.rows))?;
    *dx += &dy.t();
    Ok(())
}
