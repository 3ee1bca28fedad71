//! `sum` and `mean` over all elements or along one axis, as numpy's
//! `sum(axis=...)` with the reduced axis kept (so a result is still 2-D).

use ndarray::Axis as NdAxis;

use super::Matrix;
use super::shape::{MatrixError, Shape, expect};

/// What a reduction runs over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Axis {
    /// Every element: the result is 1×1.
    All,
    /// Axis 0, down the rows: r×c becomes 1×c.
    Rows,
    /// Axis 1, across the columns: r×c becomes r×1.
    Cols,
}

impl Axis {
    /// The axis a script names: 0 or 1; anything else is an error.
    pub fn from_number(value: f64) -> Result<Axis, MatrixError> {
        if value == 0.0 {
            Ok(Axis::Rows)
        } else if value == 1.0 {
            Ok(Axis::Cols)
        } else {
            Err(MatrixError::Axis { value })
        }
    }

    /// The shape of the reduction of a matrix of shape `s`.
    pub fn reduced(self, s: Shape) -> Shape {
        match self {
            Axis::All => Shape::new(1, 1),
            Axis::Rows => Shape::new(1, s.cols),
            Axis::Cols => Shape::new(s.rows, 1),
        }
    }

    /// How many elements go into each element of the result (mean's divisor).
    pub fn count(self, s: Shape) -> usize {
        match self {
            Axis::All => s.len(),
            Axis::Rows => s.rows,
            Axis::Cols => s.cols,
        }
    }
}

/// `sum(x, axis)` in a new matrix.
pub fn sum(x: &Matrix, axis: Axis) -> Matrix {
    let mut out = Matrix::zeros(axis.reduced(Shape::of(x)).dim());
    write_sum(x, axis, 1.0, &mut out);
    out
}

/// `mean(x, axis)` in a new matrix (NaN over no elements, as numpy).
pub fn mean(x: &Matrix, axis: Axis) -> Matrix {
    let mut out = Matrix::zeros(axis.reduced(Shape::of(x)).dim());
    write_sum(x, axis, axis.count(Shape::of(x)) as f64, &mut out);
    out
}

/// `sum(x, axis)` (or `mean` with `mean: true`) written over `out`.
pub fn reduce_into(x: &Matrix, axis: Axis, mean: bool, out: &mut Matrix) -> Result<(), MatrixError> {
    let s = Shape::of(x);
    expect("output", Shape::of(out), axis.reduced(s))?;
    out.fill(0.0);
    write_sum(x, axis, if mean { axis.count(s) as f64 } else { 1.0 }, out);
    Ok(())
}

/// Writes the sum of `x` along `axis`, divided by `divisor` (1 for `sum`, the
/// count for `mean`, divided as numpy does), into `out`, which holds zeros.
fn write_sum(x: &Matrix, axis: Axis, divisor: f64, out: &mut Matrix) {
    match axis {
        Axis::All => out[[0, 0]] = x.sum() / divisor,
        Axis::Rows => {
            let mut acc = out.row_mut(0);
            for row in x.axis_iter(NdAxis(0)) {
                acc += &row;
            }
            acc /= divisor;
        }
        Axis::Cols => {
            for (o, row) in out.iter_mut().zip(x.axis_iter(NdAxis(0))) {
                *o = row.sum() / divisor;
            }
        }
    }
}

/// The backward pass of `sum` (`mean: false`) or `mean`: every element of
/// `x` gets the gradient of the result element it went into (divided by the
/// count for `mean`), added into `dx`.
pub fn reduce_backward(axis: Axis, mean: bool, dy: &Matrix, dx: &mut Matrix) -> Result<(), MatrixError> {
    let s = Shape::of(dx);
    expect("output gradient", Shape::of(dy), axis.reduced(s))?;
    let scale = if mean { 1.0 / axis.count(s) as f64 } else { 1.0 };
    // The reduced shape broadcasts back onto x's (checked above).
    if let Some(stretched) = dy.broadcast(s.dim()) {
        dx.scaled_add(scale, &stretched);
    }
    Ok(())
}
