//! Shapes, and the one error type of the matrix kernels. Every kernel checks
//! its operands' shapes with these before it calls into `ndarray`, whose
//! mismatches panic; here a mismatch is an error that names both shapes.

use std::fmt;

use ndarray::{ArrayBase, Data, Ix2};

/// A matrix's size, `rows×cols`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    pub rows: usize,
    pub cols: usize,
}

impl Shape {
    pub const fn new(rows: usize, cols: usize) -> Shape {
        Shape { rows, cols }
    }

    /// The shape of an array (owned or a view).
    pub fn of<S: Data<Elem = f64>>(m: &ArrayBase<S, Ix2>) -> Shape {
        let (rows, cols) = m.dim();
        Shape { rows, cols }
    }

    /// How many elements it holds.
    pub fn len(self) -> usize {
        self.rows * self.cols
    }

    /// Whether it holds no element at all (0 rows or 0 columns).
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Whether it is 1×1, a plain number.
    pub fn is_scalar(self) -> bool {
        self.rows == 1 && self.cols == 1
    }

    /// As `ndarray` writes a shape.
    pub fn dim(self) -> (usize, usize) {
        (self.rows, self.cols)
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}×{}", self.rows, self.cols)
    }
}

/// What can go wrong in a matrix kernel or a data function. The message is
/// made from the data; the caller adds where (the operator's span).
#[derive(Clone, Debug, PartialEq)]
pub enum MatrixError {
    /// Two shapes that do not broadcast: `cannot add 2×3 and 3×2`.
    Broadcast { verb: &'static str, left: Shape, right: Shape },
    /// `@` with inner dimensions that differ.
    MatMul { left: Shape, right: Shape },
    /// Operands of a layer that do not fit together, e.g. `affine`'s X and W.
    Operands {
        layer: &'static str,
        left: (&'static str, Shape),
        right: (&'static str, Shape),
        need: &'static str,
    },
    /// A buffer handed to a kernel (an output or a gradient) of the wrong shape.
    Buffer { what: &'static str, found: Shape, expected: Shape },
    /// A reduction axis that is not 0 or 1.
    Axis { value: f64 },
    /// A class label that is not a whole number in 0..classes. `row`, `col`
    /// are 0-based positions in the label matrix.
    Label { function: &'static str, value: f64, row: usize, col: usize, classes: usize },
    /// Labels given as a matrix that is neither a column nor a row.
    LabelShape { function: &'static str, found: Shape },
    /// A size argument that is not a whole number from 1 to [`MAX_SIDE`].
    Size { function: &'static str, value: f64 },
    /// A matrix that would hold more than [`MAX_ELEMENTS`] elements.
    TooLarge { function: &'static str, shape: Shape },
}

/// The largest side a data function makes.
pub const MAX_SIDE: usize = 10_000_000;

/// The most elements a data function makes (256 MiB of f64).
pub const MAX_ELEMENTS: usize = 1 << 25;

impl fmt::Display for MatrixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatrixError::Broadcast { verb, left, right } => {
                write!(f, "cannot {verb} {left} and {right}")?;
                f.write_str(": each dimension must be equal or one of them 1")
            }
            MatrixError::MatMul { left, right } => write!(
                f,
                "cannot multiply {left} and {right} with @: the inner dimensions {} and {} differ",
                left.cols, right.rows
            ),
            MatrixError::Operands { layer, left, right, need } => {
                write!(f, "{layer}: cannot use {} {} with {} {}: {need}", left.0, left.1, right.0, right.1)
            }
            MatrixError::Buffer { what, found, expected } => {
                write!(f, "the {what} buffer is {found}, expected {expected}")
            }
            MatrixError::Axis { value } => write!(f, "the axis must be 0 or 1, not {value}"),
            MatrixError::Label { function, value, row, col, classes } => write!(
                f,
                "{function}: the label {value} at row {}, column {} is not a whole number from 0 to {}",
                row + 1,
                col + 1,
                classes.saturating_sub(1)
            ),
            MatrixError::LabelShape { function, found } => {
                write!(f, "{function}: the labels must be a column (N×1) or a row (1×N), not {found}")
            }
            MatrixError::Size { function, value } => {
                write!(f, "{function}: a size must be a whole number from 1 to {MAX_SIDE}, not {value}")
            }
            MatrixError::TooLarge { function, shape } => {
                write!(f, "{function}: a {shape} matrix is too large (at most {MAX_ELEMENTS} elements)")
            }
        }
    }
}

impl std::error::Error for MatrixError {}

/// `Ok` when `buffer` has the shape `expected`: the check every `_into` and
/// backward kernel makes on the arrays it writes.
pub(crate) fn expect(what: &'static str, found: Shape, expected: Shape) -> Result<(), MatrixError> {
    if found == expected { Ok(()) } else { Err(MatrixError::Buffer { what, found, expected }) }
}
