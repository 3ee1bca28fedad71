//! The linear layers on matrices: `@`, `transpose`, and the book's `affine`
//! (`X @ W + b`, one node with the book's backward pass).

use super::whole::{Grads, Pass, grads, into_only, operands, shapes};
use super::{Row, Rule, Whole};
use crate::matrix::{self, Matrix, MatrixError, Shape};

/// `A @ B`, the matrix product (numpy's operator).
pub struct MatMul;
/// `transpose(X)`.
pub struct Transpose;
/// `affine(X, W, b)`: `X @ W + b`, the book's `Affine` layer.
pub struct Affine;

impl Row for MatMul {
    const NAME: &'static str = "matmul";
    const SYMBOL: &'static str = "@";
    const ARITY: usize = 2;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &[];
    const NOTATION: &'static str = "{a} @ {b}";
}

impl Whole for MatMul {
    const RULES: &'static [Rule] = &[Rule::new("{d} @ {b}ᵀ"), Rule::new("{a}ᵀ @ {d}")];
    fn shape(operands: &[Shape], _: f64) -> Result<Shape, MatrixError> {
        let [a, b] = shapes(operands)?;
        matrix::matmul_shape(a, b)
    }
    fn forward(ops: &[&Matrix], _: f64, out: &mut Matrix) -> Result<(), MatrixError> {
        let [a, b] = operands(ops)?;
        matrix::matmul_into(a, b, out)
    }
    /// dA = dY @ Bᵀ, dB = Aᵀ @ dY.
    fn backward(pass: &Pass<'_>, g: Grads<'_, '_>) -> Result<(), MatrixError> {
        let [a, b] = operands(pass.operands)?;
        let [da, db] = grads(g)?;
        matrix::matmul_backward(a, b, pass.dy, da.as_deref_mut(), db.as_deref_mut())
    }
}

impl Row for Transpose {
    const NAME: &'static str = "transpose";
    const SYMBOL: &'static str = "ᵀ";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["transpose"];
    const NOTATION: &'static str = "{a}ᵀ";
}

impl Whole for Transpose {
    const RULES: &'static [Rule] = &[Rule::new("{d}ᵀ")];
    fn shape(operands: &[Shape], _: f64) -> Result<Shape, MatrixError> {
        let [x] = shapes(operands)?;
        Ok(Shape::new(x.cols, x.rows))
    }
    fn forward(ops: &[&Matrix], _: f64, out: &mut Matrix) -> Result<(), MatrixError> {
        let [x] = operands(ops)?;
        matrix::transpose_into(x, out)
    }
    /// dX = dYᵀ.
    fn backward(pass: &Pass<'_>, g: Grads<'_, '_>) -> Result<(), MatrixError> {
        into_only(g, |dx| matrix::transpose_backward(pass.dy, dx))
    }
}

impl Row for Affine {
    const NAME: &'static str = "affine";
    const SYMBOL: &'static str = "affine";
    const ARITY: usize = 3;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["affine"];
    const NOTATION: &'static str = "{a} @ {b} + {e}";
}

impl Whole for Affine {
    const RULES: &'static [Rule] =
        &[Rule::new("{d} @ {b}ᵀ"), Rule::new("{a}ᵀ @ {d}"), Rule::new("Σ over the rows of {d}")];
    fn shape(operands: &[Shape], _: f64) -> Result<Shape, MatrixError> {
        let [x, w, b] = shapes(operands)?;
        matrix::affine_shape(x, w, b)
    }
    fn forward(ops: &[&Matrix], _: f64, out: &mut Matrix) -> Result<(), MatrixError> {
        let [x, w, b] = operands(ops)?;
        matrix::affine_into(x, w, b, out)
    }
    /// The book's: dX = dY @ Wᵀ, dW = Xᵀ @ dY, db = Σ over the rows of dY.
    fn backward(pass: &Pass<'_>, g: Grads<'_, '_>) -> Result<(), MatrixError> {
        let [x, w, b] = operands(pass.operands)?;
        let [dx, dw, db] = grads(g)?;
        matrix::affine_backward((x, w, b), pass.dy, dx.as_deref_mut(), dw.as_deref_mut(), db.as_deref_mut())
    }
}
