//! What the layers that act on whole matrices share: taking their operands
//! and gradient buffers by position, as an error rather than a panic if a
//! caller hands the wrong number.

use crate::matrix::{Matrix, MatrixError, Shape};

/// What a layer's backward pass on matrices reads: its operands, its
/// parameter (NaN for none), its output `y` and the gradient `dy` arriving
/// at it.
#[derive(Clone, Copy)]
pub struct Pass<'a> {
    pub operands: &'a [&'a Matrix],
    pub parameter: f64,
    pub y: &'a Matrix,
    pub dy: &'a Matrix,
}

/// The gradient buffers of a layer's operands, one each (`None` for one not
/// wanted), which its backward pass adds into.
pub type Grads<'g, 'm> = &'g mut [Option<&'m mut Matrix>];

/// The `N` operands of a layer.
pub(super) fn operands<'m, const N: usize>(operands: &[&'m Matrix]) -> Result<[&'m Matrix; N], MatrixError> {
    <[&Matrix; N]>::try_from(operands).map_err(|_| count(operands.len(), N))
}

/// The `N` operand shapes of a layer.
pub(super) fn shapes<const N: usize>(shapes: &[Shape]) -> Result<[Shape; N], MatrixError> {
    <[Shape; N]>::try_from(shapes).map_err(|_| count(shapes.len(), N))
}

/// The `N` gradient buffers of a layer's operands.
pub(super) fn grads<'g, 'm, const N: usize>(
    grads: Grads<'g, 'm>,
) -> Result<&'g mut [Option<&'m mut Matrix>; N], MatrixError> {
    let found = grads.len();
    <&mut [Option<&mut Matrix>; N]>::try_from(grads).map_err(|_| count(found, N))
}

fn count(found: usize, expected: usize) -> MatrixError {
    MatrixError::Buffer { what: "operand", found: Shape::new(found, 1), expected: Shape::new(expected, 1) }
}

/// Runs `backward` on the one operand's gradient buffer, if it is wanted.
pub(super) fn into_only(
    g: Grads<'_, '_>,
    backward: impl FnOnce(&mut Matrix) -> Result<(), MatrixError>,
) -> Result<(), MatrixError> {
    let [dx] = grads(g)?;
    dx.as_deref_mut().map_or(Ok(()), backward)
}

/// The rules of a layer's first two operands, for what writes two.
pub(super) fn first_two(rules: &'static [super::Rule]) -> [super::Rule; 2] {
    let rule = |i: usize| rules.get(i).copied().unwrap_or(super::Rule::NONE);
    [rule(0), rule(1)]
}
