//! The matrix passes of the layers that act element by element: each
//! element goes through the row's own scalar passes (see
//! [`crate::matrix::Pointwise`]), two operands with numpy's broadcasting.

use super::Layer;
use super::whole::{Grads, Pass};
use crate::matrix::{self, Matrix, MatrixError, Shape};

impl matrix::Pointwise for Layer {
    #[inline(always)]
    fn forward(self, a: f64, b: f64) -> f64 {
        Layer::forward(self, a, b)
    }
    #[inline(always)]
    fn backward(self, a: f64, b: f64, y: f64, dout: f64) -> (f64, f64) {
        Layer::backward(self, a, b, y, dout)
    }
    fn verb(self) -> &'static str {
        Layer::verb(self)
    }
}

/// The output shape: the operand's, or the two operands' broadcast.
pub(super) fn shape(layer: Layer, operands: &[Shape]) -> Result<Shape, MatrixError> {
    match *operands {
        [a, b] => matrix::broadcast(layer.verb(), a, b),
        [a] => Ok(a),
        _ => Ok(Shape::new(1, 1)),
    }
}

/// Every element of the output from the operands' (the parameter is the
/// `b` of a layer that takes one).
pub(super) fn forward(
    layer: Layer,
    operands: &[&Matrix],
    parameter: f64,
    out: &mut Matrix,
) -> Result<(), MatrixError> {
    match *operands {
        [a, b] => matrix::binary_into(layer, a, b, out),
        [x] => matrix::map_into(layer, x, parameter, out),
        _ => Ok(()),
    }
}

/// Adds into each operand's gradient what every element sends it, summed
/// over broadcast axes. An operand whose gradient is not wanted gets a
/// scratch buffer: the kernel computes both at once.
pub(super) fn backward(layer: Layer, pass: &Pass<'_>, grads: Grads<'_, '_>) -> Result<(), MatrixError> {
    let Pass { operands, parameter, y, dy } = *pass;
    match (operands, grads) {
        (&[a, b], [da, db]) => {
            let scratch = |m: &Matrix| Matrix::zeros(m.dim());
            let (mut sa, mut sb);
            let da = match da {
                Some(da) => &mut **da,
                None => {
                    sa = scratch(a);
                    &mut sa
                }
            };
            let db = match db {
                Some(db) => &mut **db,
                None => {
                    sb = scratch(b);
                    &mut sb
                }
            };
            matrix::binary_backward(layer, (a, b, y), dy, da, db)
        }
        (&[x], [Some(dx)]) => matrix::map_backward(layer, x, parameter, y, dy, dx),
        _ => Ok(()),
    }
}
