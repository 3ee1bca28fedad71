//! Matrices: the numeric core that matrix values plug into. Every kernel
//! checks shapes first and returns a [`MatrixError`] naming them, never
//! letting `ndarray` panic; every backward adds (`+=`) into gradient buffers
//! the caller owns, so a training step can reuse them and allocate nothing.
//! See `docs/matrices.md`.

mod affine;
mod broadcast;
mod csv;
mod data;
mod elementwise;
mod loss;
mod matmul;
mod random;
mod reduce;
mod shape;
mod softmax;
mod target;

#[cfg(test)]
mod tests;

pub use affine::{affine, affine_backward, affine_into, affine_shape};
pub use broadcast::{broadcast, fits_into, sum_to};
pub use csv::{CsvError, MAX_CSV_BYTES, Problem, load, parse as parse_csv};
pub use data::{eye, onehot, ones, randn, randn_seeded, size, zeros};
pub use elementwise::{
    Pointwise, binary, binary_backward, binary_into, map_backward, map_into, unary, unary_backward,
    unary_into,
};
pub use loss::{
    accuracy, cross_entropy, cross_entropy_backward, softmax_with_loss, softmax_with_loss_backward,
};
pub use matmul::{
    matmul, matmul_backward, matmul_into, matmul_shape, transpose, transpose_backward, transpose_into,
};
pub use random::Rng;
pub use reduce::{Axis, mean, reduce_backward, reduce_into, sum};
pub use shape::{MAX_ELEMENTS, MAX_SIDE, MatrixError, Shape};
pub use softmax::{softmax, softmax_backward, softmax_into};
pub use target::target_fits;

/// A value: a rows×cols matrix of f64 (a number is 1×1).
pub type Matrix = ndarray::Array2<f64>;
