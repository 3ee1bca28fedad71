//! The gradient check on a graph that runs on matrices: each element of each
//! input and literal is nudged by ±h in place, on one copy of the graph, and
//! only the nodes after that leaf are recomputed; the function checked is
//! the output, or the sum of its elements when it is not 1×1 (what the
//! backward pass's seed of ones differentiates). Nothing is allocated per
//! element, and no graph is rebuilt.

use super::sample::Sample;
use super::{H, Row, TOLERANCE, error, kink};
use crate::graph::{Graph, NodeId};
use crate::interrupt::{self, Interrupted};
use crate::matrix::{Matrix, MatrixError, Shape};

use super::Check;

/// An input or literal with more elements than this is checked on a seeded
/// sample of this many: one forward pass per element adds up.
pub const SAMPLE: usize = 10_000;

/// What the check found for one input or literal holding a matrix.
#[derive(Clone, Debug)]
pub struct Summary {
    pub id: NodeId,
    pub shape: Shape,
    /// How many elements were checked: all, or [`SAMPLE`] of a bigger one.
    pub checked: usize,
    /// The mean |backprop − numeric| over them (the figure the book prints
    /// in 5.7.3), and the largest.
    pub mean: f64,
    pub max: f64,
    /// The largest error as [`Row::error`] measures it (NaN if any is).
    pub worst: f64,
    /// Elements flagged, each for one reason (in this order): at a kink,
    /// not a finite number, or an error above [`TOLERANCE`].
    pub kinks: usize,
    pub non_finite: usize,
    pub above: usize,
    /// Why the leaf could not be checked: nudging it made the forward pass
    /// fail (labels must stay whole numbers, and have no gradient).
    pub skipped: Option<MatrixError>,
}

impl Summary {
    fn new(id: NodeId, shape: Shape) -> Summary {
        Summary {
            id,
            shape,
            checked: 0,
            mean: 0.0,
            max: 0.0,
            worst: 0.0,
            kinks: 0,
            non_finite: 0,
            above: 0,
            skipped: None,
        }
    }

    /// Counts one element's check in; `mean` holds the sum until [`Summary::finish`].
    fn add(&mut self, row: &Row) {
        let difference = (row.backprop - row.numeric).abs();
        self.checked += 1;
        self.mean += difference;
        self.max = worse(self.max, difference);
        self.worst = worse(self.worst, row.error);
        if row.kink {
            self.kinks += 1;
        } else if row.non_finite() {
            self.non_finite += 1;
        } else if row.error > TOLERANCE {
            self.above += 1;
        }
    }

    fn finish(mut self) -> Summary {
        self.mean = if self.checked == 0 { 0.0 } else { self.mean / self.checked as f64 };
        self
    }

    /// How many of its elements are flagged.
    pub fn flagged(&self) -> usize {
        self.kinks + self.non_finite + self.above
    }

    /// Whether only a sample of its elements was checked.
    pub fn sampled(&self) -> bool {
        self.skipped.is_none() && self.checked < self.shape.len()
    }
}

/// The larger of two, NaN once either is NaN.
fn worse(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() { f64::NAN } else { a.max(b) }
}

/// Checks every leaf of `graph` up to `output`: a row each when every value
/// is a number (a graph of 1×1 matrices prints as one of numbers), else a
/// summary each, on at most `sample` elements of each ([`SAMPLE`]). Ctrl-C
/// stops it between elements.
pub(super) fn check(graph: &Graph, output: NodeId, sample: usize) -> Result<Check, Interrupted> {
    let mut nudged = Nudged::new(graph, output);
    let (mut rows, mut inputs) = (Vec::new(), Vec::new());
    let by_row = !graph.has_matrix();
    for (i, node) in graph.nodes.iter().enumerate().take(output as usize + 1) {
        let Some(backprop) = graph.grad_matrix(i as NodeId).filter(|_| node.layer.arity() == 0) else {
            continue;
        };
        let id = i as NodeId;
        if by_row {
            interrupt::check()?;
            let row = nudged.element(id, (0, 0), backprop[[0, 0]]);
            rows.push(row.unwrap_or(Row {
                id,
                backprop: backprop[[0, 0]],
                numeric: f64::NAN,
                error: f64::NAN,
                kink: false,
            }));
        } else {
            inputs.push(summary(&mut nudged, id, backprop, sample)?);
        }
        nudged.settle(id);
    }
    Ok(Check { rows, inputs })
}

/// Checks the elements of leaf `id` (`sample` of a bigger one).
fn summary(
    nudged: &mut Nudged,
    id: NodeId,
    backprop: &Matrix,
    sample: usize,
) -> Result<Summary, Interrupted> {
    let shape = Shape::of(backprop);
    let mut summary = Summary::new(id, shape);
    for index in Sample::new(shape.len(), sample, u64::from(id)) {
        interrupt::check()?;
        let at = (index / shape.cols, index % shape.cols);
        match nudged.element(id, at, backprop[at]) {
            Ok(row) => summary.add(&row),
            Err(error) => {
                summary.skipped = Some(error);
                break;
            }
        }
    }
    Ok(summary.finish())
}

/// The copy of the graph whose leaves are nudged.
struct Nudged {
    graph: Graph,
    output: NodeId,
    /// The output at the values as they are. The function's change is
    /// summed element by element, Σ (out − base), rather than taken as the
    /// difference of two sums: a big output's sum loses to rounding what a
    /// nudge of h changes.
    base: Matrix,
}

impl Nudged {
    fn new(graph: &Graph, output: NodeId) -> Nudged {
        let base = graph.matrix(output).cloned().unwrap_or_else(|| Matrix::from_elem((1, 1), f64::NAN));
        Nudged { graph: graph.clone(), output, base }
    }

    /// The central difference at element `at` of leaf `id` beside its
    /// backpropagated gradient; the element is put back after.
    fn element(&mut self, id: NodeId, at: (usize, usize), backprop: f64) -> Result<Row, MatrixError> {
        let Some(&x) = self.graph.matrix(id).and_then(|m| m.get(at)) else {
            return Ok(Row { id, backprop, numeric: f64::NAN, error: f64::NAN, kink: false });
        };
        let row = self.differences(id, at, x, backprop);
        self.set(id, at, x);
        row
    }

    fn differences(
        &mut self,
        id: NodeId,
        at: (usize, usize),
        x: f64,
        backprop: f64,
    ) -> Result<Row, MatrixError> {
        let (after, before) = (self.change(id, at, x + H)?, self.change(id, at, x - H)?);
        let numeric = (after - before) / (2.0 * H);
        // Changes from f(x), which is then 0.
        let kink = kink(0.0, (before, after), numeric, || {
            match (self.change(id, at, x + H / 10.0), self.change(id, at, x - H / 10.0)) {
                (Ok(after), Ok(before)) => (after + before) / (H / 10.0),
                _ => f64::NAN,
            }
        });
        Ok(Row { id, backprop, numeric, error: error(backprop, numeric), kink })
    }

    /// How much the function checked changes with element `at` of leaf
    /// `id` set to `x`.
    fn change(&mut self, id: NodeId, at: (usize, usize), x: f64) -> Result<f64, MatrixError> {
        self.set(id, at, x);
        self.graph.forward_range(id as usize + 1..self.output as usize + 1).map_err(|failed| failed.error)?;
        let Some(out) = self.graph.matrix(self.output) else { return Ok(f64::NAN) };
        Ok(out.iter().zip(&self.base).map(|(now, was)| now - was).sum())
    }

    fn set(&mut self, id: NodeId, at: (usize, usize), x: f64) {
        if let Some(element) = self.graph.matrix_mut(id).and_then(|m| m.get_mut(at)) {
            *element = x;
        }
    }

    /// Recomputes what follows leaf `id` from its own values, so that the
    /// next leaf's nudges start from the graph as it was (a node between
    /// the two still holds the last nudge's value otherwise).
    fn settle(&mut self, id: NodeId) {
        // The values as they were were computed once without failing.
        let _ = self.graph.forward_range(id as usize + 1..self.output as usize + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::evaluate;

    fn check(script: &str) -> Check {
        sampled(script, SAMPLE)
    }

    fn sampled(script: &str, sample: usize) -> Check {
        let evaluation = evaluate(script);
        super::check(&evaluation.graph, evaluation.output, sample).unwrap()
    }

    /// A small network: every element of every input agrees, and a
    /// summary says which input and shape it is.
    #[test]
    fn a_network_of_the_books_layers_passes() {
        let check = check(
            "X = [1, 2; 3, 4; 5, 6]; W = [0.1, -0.2, 0.3; 0.4, 0.5, -0.6]; b = [0.01, 0.02, 0.03]
             T = [0, 1, 0; 1, 0, 0; 0, 0, 1]
             softmax_with_loss(sigmoid(affine(X, W, b)), T)",
        );
        assert!(check.rows.is_empty());
        let found: Vec<(Shape, usize)> = check.inputs.iter().map(|s| (s.shape, s.checked)).collect();
        let shapes = [Shape::new(3, 2), Shape::new(2, 3), Shape::new(1, 3), Shape::new(3, 3)];
        assert_eq!(found, shapes.map(|s| (s, s.len())));
        assert_eq!(check.flagged(), 0, "{check:?}");
        assert!(check.inputs.iter().all(|s| s.mean <= s.max && s.max < 1e-7 && !s.sampled()), "{check:?}");
    }

    /// The numbers themselves, worked out by hand: d sum(X * X) / dX = 2X,
    /// and the central difference of x² is exactly 2x (but for rounding).
    #[test]
    fn the_difference_is_of_the_sum_of_a_matrix_output() {
        let check = check("X = [1, -2; 3, 0.5]; X * X");
        let [x] = check.inputs.as_slice() else { panic!("{check:?}") };
        assert_eq!((x.checked, x.flagged()), (4, 0));
        assert!(x.max < 1e-9 && x.worst < 1e-9, "{x:?}");
    }

    /// A node between two leaves that depends on the first must be put back
    /// before the second is nudged, or the second's difference is off by
    /// about h.
    #[test]
    fn each_leaf_starts_from_the_graph_as_it_was() {
        let check = check("A = [1, 2; 3, 4] / 4; B = [1, -1; 2, 0.5]; sum(exp(A) @ B)");
        assert_eq!(check.inputs.len(), 2, "{check:?}");
        assert!(check.inputs.iter().all(|s| s.worst < 1e-7), "{check:?}");
    }

    #[test]
    fn a_kink_and_a_pole_are_flagged_element_by_element() {
        let relu = check("X = [0, 1, -1]; sum(relu(X))");
        assert_eq!((relu.inputs[0].kinks, relu.flagged()), (1, 1), "{relu:?}");
        assert!((relu.inputs[0].max - 0.5).abs() < 1e-9, "{relu:?}");
        let pole = check("X = [0, 1]; sum(ln(X))");
        assert_eq!((pole.inputs[0].non_finite, pole.flagged()), (2, 2), "{pole:?}");
        assert!(pole.any_non_finite() && pole.inputs[0].mean.is_nan() && pole.inputs[0].worst.is_nan());
    }

    /// A wrong gradient is caught: `accuracy` passes none back, while a
    /// smooth term beside it makes the output move.
    #[test]
    fn an_error_above_the_tolerance_is_counted() {
        let mut check = check("X = [1, 2]; sum(X * 3)");
        assert_eq!(check.flagged(), 0);
        // The same check against a backward pass that is off by 1e-3.
        let row = Row { id: 0, backprop: 3.001, numeric: 3.0, error: error(3.001, 3.0), kink: false };
        check.inputs[0].add(&row);
        assert_eq!((check.inputs[0].above, check.flagged()), (1, 1));
    }

    /// Labels have no gradient and cannot be nudged: not checked, and
    /// not flagged; the scores beside them are checked.
    #[test]
    fn labels_are_left_out_and_say_why() {
        let check = check("X = [1, 2, 0.5; 0, 0, 1]; t = [2; 0]; softmax_with_loss(X, t)");
        assert_eq!(check.flagged(), 0, "{check:?}");
        assert!(check.inputs[0].skipped.is_none() && check.inputs[0].checked == 6);
        assert!(matches!(check.inputs[1].skipped, Some(MatrixError::Label { .. })), "{check:?}");
    }

    #[test]
    fn a_big_input_is_sampled() {
        // A sample of 100 here: the check of 10,000 runs in tests/matrices.rs.
        let check = sampled("W = randn(15, 10); sum(W * 2)", 100);
        let [w, two] = check.inputs.as_slice() else { panic!("{check:?}") };
        assert_eq!((w.checked, w.shape.len(), w.sampled(), w.flagged()), (100, 150, true, 0));
        assert!(!two.sampled() && two.checked == 1);
    }

    /// A graph on matrices whose values are all numbers is checked as one
    /// of numbers is shown: a row per leaf.
    #[test]
    fn a_graph_of_one_by_one_matrices_gives_rows() {
        let check = check("x = 3; sum(x * x)");
        assert!(check.inputs.is_empty());
        assert_eq!(check.rows.len(), 1);
        assert!((check.rows[0].numeric - 6.0).abs() < 1e-9 && check.rows[0].backprop == 6.0, "{check:?}");
    }
}
