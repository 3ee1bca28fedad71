//! The T of the book's loss layers and `accuracy`: one-hot rows (N×K, the
//! shape of the scores) or a column of whole-number labels (N×1), as the
//! book's `SoftmaxWithLoss` takes either. Labels are checked once per call
//! and then read in place, so nothing is allocated.

use ndarray::ArrayView1;

use super::Matrix;
use super::shape::{MatrixError, Shape};

/// How a T matrix gives each row's class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// T has the scores' shape: a weight per class (one-hot in the book).
    OneHot,
    /// T is a column of labels 0..K-1, all checked.
    Labels,
}

impl Target {
    /// What `t` is beside scores of shape `y` (`y_name` and `t_name` are the
    /// operands as the layer's error names them). One-hot when the shapes are
    /// equal, as the book decides by `t.size == y.size`.
    pub(crate) fn of(
        function: &'static str,
        y_name: &'static str,
        y: Shape,
        t: &Matrix,
    ) -> Result<Target, MatrixError> {
        let s = Shape::of(t);
        if s == y {
            return Ok(Target::OneHot);
        }
        target_fits(function, y_name, y, s)?;
        check_labels(function, t, y.cols)?;
        Ok(Target::Labels)
    }
}

/// Whether a T of shape `t` fits scores of shape `y` (the same shape, or a
/// column of one label per row), from the shapes alone: a graph checks this
/// when it is built, and the labels themselves when it runs.
pub fn target_fits(
    function: &'static str,
    y_name: &'static str,
    y: Shape,
    t: Shape,
) -> Result<(), MatrixError> {
    if t == y || (t.cols == 1 && t.rows == y.rows) {
        return Ok(());
    }
    Err(MatrixError::Operands {
        layer: function,
        left: (y_name, y),
        right: ("T", t),
        need: "T must have the same shape (one-hot) or be a column of one label per row",
    })
}

/// Every element of `t` is a whole number from 0 to `classes - 1`; the
/// first one that is not is the error, with its position.
pub(crate) fn check_labels(function: &'static str, t: &Matrix, classes: usize) -> Result<(), MatrixError> {
    for ((row, col), &value) in t.indexed_iter() {
        if !is_label(value, classes) {
            return Err(MatrixError::Label { function, value, row, col, classes });
        }
    }
    Ok(())
}

fn is_label(value: f64, classes: usize) -> bool {
    value >= 0.0 && value.fract() == 0.0 && value < classes as f64
}

/// A checked label as an index.
#[inline]
pub(crate) fn label(value: f64) -> usize {
    value as usize
}

/// The index of a row's largest element, the first one on a tie (numpy's
/// `argmax`); a NaN counts as larger than any number, as in numpy.
pub(crate) fn argmax(row: ArrayView1<'_, f64>) -> usize {
    let mut best = 0;
    for (j, &v) in row.iter().enumerate() {
        let b = row[best];
        if !b.is_nan() && (v > b || v.is_nan()) {
            best = j;
        }
    }
    best
}
