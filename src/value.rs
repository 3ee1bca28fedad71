//! A value: a number, or a matrix of numbers. A number is a 1×1 matrix in
//! every rule of the language, but is kept as an `f64`: scalar scripts, the
//! whole of what cgraph did before matrices, pay nothing for them.

use std::sync::Arc;

use crate::matrix::{Matrix, Shape};

/// What an input holds, an expression gives, a formula caches.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    /// Never 1×1 (that is a `Number`); shared, as a formula's cached value
    /// and the graphs that read it hold the same matrix (an `Arc`, as a
    /// matrix literal is read on another thread when a script is read ahead).
    Matrix(Arc<Matrix>),
}

impl Value {
    /// The value of a matrix: a `Number` when it is 1×1.
    pub fn from_matrix(matrix: Matrix) -> Value {
        if matrix.dim() == (1, 1) { Value::Number(matrix[[0, 0]]) } else { Value::Matrix(Arc::new(matrix)) }
    }

    pub fn shape(&self) -> Shape {
        match self {
            Value::Number(_) => Shape::new(1, 1),
            Value::Matrix(m) => Shape::of(m.as_ref()),
        }
    }

    /// The number, if the value is 1×1.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Number(x) => Some(*x),
            Value::Matrix(_) => None,
        }
    }

    /// The value as a matrix (a number as 1×1), copied.
    pub fn to_matrix(&self) -> Matrix {
        match self {
            Value::Number(x) => Matrix::from_elem((1, 1), *x),
            Value::Matrix(m) => m.as_ref().clone(),
        }
    }

    /// The number, or NaN for a matrix: for what shows only numbers.
    pub fn number_or_nan(&self) -> f64 {
        self.number().unwrap_or(f64::NAN)
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Number(x)
    }
}
