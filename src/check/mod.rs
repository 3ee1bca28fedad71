//! The numerical gradient check (`--check`, `:check`): for every input and
//! literal, the central difference (f(x+h) − f(x−h)) / 2h with h = 1e-4, as the
//! book checks its backpropagation, beside the backpropagated gradient.
//!
//! Each leaf is perturbed on a copy of the forward values, and only the nodes
//! after it are recomputed: no re-parsing, one forward pass per leaf. A
//! graph on matrices is checked element by element (`matrices.rs`).

mod matrices;
mod sample;

pub use matrices::{SAMPLE, Summary};

use crate::graph::{NodeId, forward};
use crate::interrupt::{self, Interrupted};
use crate::report::Evaluation;

/// The step of the central difference, as in the book.
pub const H: f64 = 1e-4;

/// Errors above this are flagged.
pub const TOLERANCE: f64 = 1e-6;

/// One leaf's two gradients and how far apart they are.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: NodeId,
    /// By backpropagation.
    pub backprop: f64,
    /// By the central difference.
    pub numeric: f64,
    /// |backprop − numeric| / max(1, |backprop|, |numeric|): relative for
    /// large gradients, absolute for small ones; NaN where either side is
    /// NaN, infinite where a side is infinite.
    pub error: f64,
    /// Whether the slope jumps at this point (one-sided slopes that disagree
    /// as much with a tenth of the step): a kink, where the gradient is a
    /// convention (relu, abs, max at 0) even when the two columns agree.
    pub kink: bool,
}

impl Row {
    /// Whether the two gradients disagree by more than [`TOLERANCE`], sit
    /// at a kink, or either is not a finite number: NaN beside NaN, or inf
    /// beside inf, is never agreement.
    pub fn flagged(&self) -> bool {
        self.error > TOLERANCE || self.kink || self.non_finite()
    }

    /// Whether either gradient is NaN or infinite (a pole, a root of a
    /// negative number, a power of a negative base).
    pub fn non_finite(&self) -> bool {
        !self.backprop.is_finite() || !self.numeric.is_finite()
    }
}

/// The check of every leaf of an evaluation, in forward order: a row per
/// leaf when every value is a number, else a summary per leaf.
#[derive(Clone, Debug)]
pub struct Check {
    pub rows: Vec<Row>,
    /// One per input and literal of a graph that holds a matrix (`rows` is
    /// then empty): a row per element would bury the verdict.
    pub inputs: Vec<Summary>,
}

impl Check {
    /// Checks every input and literal of `evaluation`; Ctrl-C stops it
    /// between leaves (a big graph's check is one forward pass per leaf).
    pub fn new(evaluation: &Evaluation) -> Result<Check, Interrupted> {
        let graph = &evaluation.graph;
        if graph.on_matrices() {
            return matrices::check(graph, evaluation.output, SAMPLE);
        }
        let output = evaluation.output as usize;
        // Perturbed on a copy of the nodes, by the graph's own forward pass.
        let mut nodes = graph.nodes[..=output].to_vec();
        let mut rows = Vec::new();
        for (i, node) in graph.nodes.iter().enumerate().take(output + 1) {
            if node.layer.arity() != 0 {
                continue;
            }
            interrupt::check()?;
            let mut at = |x: f64| {
                nodes[i].value = x;
                forward(&mut nodes, graph.parameters(), i + 1..output + 1);
                nodes[output].value
            };
            let (x, y) = (node.value, graph.nodes[output].value);
            let (after, before) = (at(x + H), at(x - H));
            let numeric = (after - before) / (2.0 * H);
            let kink = kink(y, (before, after), numeric, || {
                (at(x + H / 10.0) - 2.0 * y + at(x - H / 10.0)) / (H / 10.0)
            });
            nodes.copy_from_slice(&graph.nodes[..=output]);
            let error = error(node.grad, numeric);
            rows.push(Row { id: i as NodeId, backprop: node.grad, numeric, error, kink });
        }
        Ok(Check { rows, inputs: Vec::new() })
    }

    /// How many gradients are flagged (rows, or elements of inputs).
    pub fn flagged(&self) -> usize {
        self.rows.iter().filter(|r| r.flagged()).count()
            + self.inputs.iter().map(Summary::flagged).sum::<usize>()
    }

    /// Whether any gradient checked is not a finite number.
    pub fn any_non_finite(&self) -> bool {
        self.rows.iter().any(Row::non_finite) || self.inputs.iter().any(|s| s.non_finite > 0)
    }
}

/// Whether the slope jumps where f(x) = `y`, from f(x − h) and f(x + h)
/// (`sides`): the gap between the one-sided slopes is about h·f'' where f is
/// smooth (a tenth of it at a tenth of the step, which `fine` gives on
/// demand: few points need it), and the jump itself at a kink.
fn kink(y: f64, (before, after): (f64, f64), numeric: f64, fine: impl FnOnce() -> f64) -> bool {
    let gap = (after - 2.0 * y + before) / H;
    gap.abs() > 1e-3 * numeric.abs().max(1.0) && fine().abs() > 0.5 * gap.abs()
}

/// How far apart two gradients are (see [`Row::error`]).
fn error(backprop: f64, numeric: f64) -> f64 {
    if backprop.is_nan() || numeric.is_nan() {
        return f64::NAN;
    }
    if !backprop.is_finite() || !numeric.is_finite() {
        return f64::INFINITY;
    }
    if backprop == numeric {
        return 0.0;
    }
    (backprop - numeric).abs() / backprop.abs().max(numeric.abs()).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::evaluate;

    #[test]
    fn the_books_example_passes_with_the_books_gradients() {
        let evaluation = evaluate(
            "apple = 100; apple_num = 2; orange = 150; orange_num = 3; tax = 1.1
             (apple*apple_num + orange*orange_num)*tax",
        );
        let check = Check::new(&evaluation).unwrap();
        let numeric: Vec<f64> = check.rows.iter().map(|r| (r.numeric * 1e3).round() / 1e3).collect();
        assert_eq!(numeric, [2.2, 110.0, 3.3, 165.0, 650.0]);
        assert_eq!(check.flagged(), 0, "{check:?}");
    }

    #[test]
    fn smooth_layers_pass() {
        let evaluation = evaluate(
            "x = 0.7; y = -1.3
             sigmoid(x)*tanh(y) + exp(x)/sqrt(x+2) - ln(x)*sin(y)*cos(x) + x^y + abs(y) + max(x, y) + relu(x)",
        );
        let check = Check::new(&evaluation).unwrap();
        assert_eq!(check.flagged(), 0, "{check:?}");
        assert_eq!(check.rows.len(), 3, "x, y and the literal 2: {check:?}");
    }

    #[test]
    fn a_kink_is_flagged_not_hidden() {
        let relu = Check::new(&evaluate("x = 0; relu(x)")).unwrap();
        assert_eq!(relu.flagged(), 1);
        assert_eq!(relu.rows[0].backprop, 0.0);
        assert!((relu.rows[0].numeric - 0.5).abs() < 1e-9);
        let abs = Check::new(&evaluate("x = 0; abs(x)")).unwrap();
        assert!(abs.rows[0].error == 0.0 && abs.rows[0].kink, "{abs:?}");
        assert_eq!(Check::new(&evaluate("x = 1; y = 1; max(x, y)")).unwrap().flagged(), 2);
        assert_eq!(Check::new(&evaluate("x = 0.5; abs(x) + relu(x)")).unwrap().flagged(), 0);
        assert_eq!(Check::new(&evaluate("x = 0; sqrt(x)")).unwrap().flagged(), 1);
    }

    /// NaN beside NaN, or inf beside anything, is flagged, never agreement.
    #[test]
    fn numbers_that_are_not_finite_never_agree() {
        // (-1)^y is NaN near y = 0.5, on both sides of the check.
        let power = Check::new(&evaluate("x = -1; y = 0.5; x^y")).unwrap();
        assert_eq!(power.flagged(), 2, "{power:?}");
        assert!(power.rows.iter().all(|r| r.backprop.is_nan() && r.error.is_nan()), "{power:?}");
        // ln at 0: backprop says inf, the difference reaches into ln(-h).
        let pole = Check::new(&evaluate("x = 0; ln(x)")).unwrap();
        assert_eq!((pole.flagged(), pole.rows[0].backprop), (1, f64::INFINITY));
        assert!(pole.any_non_finite());
        let root = Check::new(&evaluate("x = 0; sqrt(x)")).unwrap();
        assert!(root.rows[0].non_finite() && root.rows[0].flagged(), "{root:?}");
        // inf beside inf: both sides agree on a number that is not one.
        let both = Row { id: 0, backprop: f64::INFINITY, numeric: f64::INFINITY, error: 0.0, kink: false };
        assert!(both.flagged());
        assert!(error(f64::INFINITY, f64::INFINITY).is_infinite());
        assert!(!Check::new(&evaluate("x = 2; ln(x)")).unwrap().any_non_finite());
    }

    #[test]
    fn literals_are_perturbed_too() {
        let check = Check::new(&evaluate("x = 3; x*x*2")).unwrap();
        let ids: Vec<NodeId> = check.rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, [0, 2]);
        assert!((check.rows[1].numeric - 9.0).abs() < 1e-6);
    }
}
