//! The book's output layers: `softmax`, `cross_entropy`, their stable
//! union `softmax_with_loss`, and `accuracy`. T is one-hot (the scores'
//! shape) or a column of labels (N×1), as the book's `SoftmaxWithLoss`
//! takes either.

use super::whole::{Grads, Pass, grads, into_only, operands, shapes};
use super::{Row, Rule, Whole};
use crate::matrix::{self, Matrix, MatrixError, Shape};

/// `softmax(X)`, row by row.
pub struct Softmax;
/// `cross_entropy(Y, T)`: -Σ T ⊙ ln(Y) / N.
pub struct CrossEntropy;
/// `softmax_with_loss(X, T)`: the book's `SoftmaxWithLoss`, computed stably.
pub struct SoftmaxWithLoss;
/// `accuracy(Y, T)`: the share of rows whose largest entry is T's class.
pub struct Accuracy;

impl Row for Softmax {
    const NAME: &'static str = "softmax";
    const SYMBOL: &'static str = "softmax";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["softmax"];
    const NOTATION: &'static str = "softmax({a})";
}

impl Whole for Softmax {
    const RULES: &'static [Rule] = &[Rule::new("{y} ⊙ ({d} - Σ_row({d} ⊙ {y}))")];
    fn shape(operands: &[Shape], _: f64) -> Result<Shape, MatrixError> {
        let [x] = shapes(operands)?;
        Ok(x)
    }
    fn forward(ops: &[&Matrix], _: f64, out: &mut Matrix) -> Result<(), MatrixError> {
        let [x] = operands(ops)?;
        matrix::softmax_into(x, out)
    }
    /// dX = y ⊙ (dY - Σ_row(dY ⊙ y)).
    fn backward(pass: &Pass<'_>, g: Grads<'_, '_>) -> Result<(), MatrixError> {
        into_only(g, |dx| matrix::softmax_backward(pass.y, pass.dy, dx))
    }
}

/// A loss (or score) of scores Y and a target T: one number.
type Loss = fn(&Matrix, &Matrix) -> Result<f64, MatrixError>;

/// A loss's backward kernel: adds into dY (and a one-hot T's dT) from the
/// gradient arriving at the loss.
type LossBackward = fn((&Matrix, &Matrix), f64, &mut Matrix, Option<&mut Matrix>) -> Result<(), MatrixError>;

/// The shape of a loss (1×1) over scores `y` and a target `t` that fits them.
fn loss_shape(
    function: &'static str,
    y_name: &'static str,
    operands: &[Shape],
) -> Result<Shape, MatrixError> {
    let [y, t] = shapes(operands)?;
    matrix::target_fits(function, y_name, y, t)?;
    Ok(Shape::new(1, 1))
}

/// Writes the loss of `ops` (Y, T) over the 1×1 `out`.
fn loss_forward(loss: Loss, ops: &[&Matrix], out: &mut Matrix) -> Result<(), MatrixError> {
    let [y, t] = operands(ops)?;
    out.fill(loss(y, t)?);
    Ok(())
}

/// Runs a loss's backward kernel with the gradient arriving at the loss.
fn loss_backward(backward: LossBackward, pass: &Pass<'_>, g: Grads<'_, '_>) -> Result<(), MatrixError> {
    let [y, t] = operands(pass.operands)?;
    let [dy, dt] = grads(g)?;
    let dout = pass.dy.sum();
    dy.as_deref_mut().map_or(Ok(()), |dy| backward((y, t), dout, dy, dt.as_deref_mut()))
}

impl Row for CrossEntropy {
    const NAME: &'static str = "cross_entropy";
    const SYMBOL: &'static str = "cross_entropy";
    const ARITY: usize = 2;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["cross_entropy"];
    const NOTATION: &'static str = "cross_entropy({a}, {b})";
}

impl Whole for CrossEntropy {
    const RULES: &'static [Rule] = &[Rule::new("-{d} × {b} / {a} / N"), Rule::new("-{d} × ln({a}) / N")];
    fn shape(operands: &[Shape], _: f64) -> Result<Shape, MatrixError> {
        loss_shape("cross_entropy", "Y", operands)
    }
    fn forward(ops: &[&Matrix], _: f64, out: &mut Matrix) -> Result<(), MatrixError> {
        loss_forward(matrix::cross_entropy, ops, out)
    }
    /// dY = -T / Y / N; a one-hot T gets -ln(Y) / N, labels nothing.
    fn backward(pass: &Pass<'_>, g: Grads<'_, '_>) -> Result<(), MatrixError> {
        loss_backward(matrix::cross_entropy_backward, pass, g)
    }
}

impl Row for SoftmaxWithLoss {
    const NAME: &'static str = "softmax_with_loss";
    const SYMBOL: &'static str = "softmax_with_loss";
    const ARITY: usize = 2;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["softmax_with_loss"];
    const NOTATION: &'static str = "softmax_with_loss({a}, {b})";
}

impl Whole for SoftmaxWithLoss {
    const RULES: &'static [Rule] =
        &[Rule::new("{d} × (softmax({a}) - {b}) / N"), Rule::new("-{d} × log softmax({a}) / N")];
    fn shape(operands: &[Shape], _: f64) -> Result<Shape, MatrixError> {
        loss_shape("softmax_with_loss", "X", operands)
    }
    fn forward(ops: &[&Matrix], _: f64, out: &mut Matrix) -> Result<(), MatrixError> {
        loss_forward(matrix::softmax_with_loss, ops, out)
    }
    /// The book's dX = (softmax(X) - T) / N, exact; a one-hot T gets
    /// -log softmax(X) / N, labels nothing.
    fn backward(pass: &Pass<'_>, g: Grads<'_, '_>) -> Result<(), MatrixError> {
        loss_backward(matrix::softmax_with_loss_backward, pass, g)
    }
}

impl Row for Accuracy {
    const NAME: &'static str = "accuracy";
    const SYMBOL: &'static str = "accuracy";
    const ARITY: usize = 2;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["accuracy"];
    const NOTATION: &'static str = "accuracy({a}, {b})";
}

impl Whole for Accuracy {
    const RULES: &'static [Rule] = &[Rule::new("0 (a count has no gradient)"), Rule::new("0")];
    fn shape(operands: &[Shape], _: f64) -> Result<Shape, MatrixError> {
        loss_shape("accuracy", "Y", operands)
    }
    fn forward(ops: &[&Matrix], _: f64, out: &mut Matrix) -> Result<(), MatrixError> {
        loss_forward(matrix::accuracy, ops, out)
    }
    /// None: its operands get 0 from it.
    fn backward(_: &Pass<'_>, _: Grads<'_, '_>) -> Result<(), MatrixError> {
        Ok(())
    }
}
