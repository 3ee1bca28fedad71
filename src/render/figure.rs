//! What every figure (DOT, Mermaid, SVG) draws, as data: one edge per use of
//! an operand, carrying the operand's forward value and the gradient that use
//! passes back, and a last edge leaving the output with the seed. A matrix
//! on an edge is shown by its shape, and its elements too when it has at
//! most [`EDGE_FULL`] (`2×2 [1, 2; 3, 4]`).

use super::Look;
use crate::graph::{Graph, NodeId};
use crate::matrix::Shape;
use crate::report::Evaluation;
use crate::trace;
use crate::value::Value;

/// The most elements a matrix on an edge is written out with: a figure's
/// labels must stay short enough not to crowd it.
pub const EDGE_FULL: usize = 4;

/// A whole-matrix layer whose symbol is longer than this many characters
/// is drawn in a rounded box, not a circle: a circle around
/// `softmax_with_loss` would dwarf the rest of the figure.
pub const BOX_SYMBOL: usize = 7;

/// Whether node `id` is drawn in a box (see [`BOX_SYMBOL`]); never a node
/// of a graph of numbers, whose figures stay as they were.
pub fn boxed(graph: &Graph, id: NodeId) -> bool {
    graph.nodes[id as usize].layer.is_whole() && graph.symbol(id).chars().count() > BOX_SYMBOL
}

/// One arrow of a figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: NodeId,
    /// The layer it feeds, or `None` for the arrow that leaves the output.
    pub to: Option<NodeId>,
    /// The forward value that flows along it.
    pub value: Value,
    /// The gradient that flows back along it.
    pub grad: Value,
}

impl Edge {
    /// The edge's two lines: its value, then its gradient.
    pub fn texts(&self, look: &Look) -> [String; 2] {
        [label(look, &self.value), label(look, &self.grad)]
    }
}

/// A value as an edge shows it: a number, or a matrix's shape with its
/// elements when there are at most [`EDGE_FULL`].
pub fn label(look: &Look, value: &Value) -> String {
    match value {
        Value::Number(x) => look.number(*x),
        Value::Matrix(m) => {
            let shape = Shape::of(m.as_ref());
            if shape.len() <= EDGE_FULL { format!("{shape} {}", look.matrix(m)) } else { shape.to_string() }
        }
    }
}

/// The edges of `evaluation`'s figure: operands in forward order, then the
/// output's arrow.
pub fn edges(evaluation: &Evaluation) -> Vec<Edge> {
    let graph = &evaluation.graph;
    let mut edges = Vec::with_capacity(2 * graph.len() + 1);
    for i in 0..=evaluation.output as usize {
        for (slot, &operand) in graph.operands(i as NodeId).iter().enumerate() {
            edges.push(Edge {
                from: operand,
                to: Some(i as NodeId),
                value: graph.value(operand),
                grad: trace::passed_back(graph, i as NodeId, slot),
            });
        }
    }
    let output = evaluation.output;
    edges.push(Edge { from: output, to: None, value: graph.value(output), grad: graph.grad(output) });
    edges
}

/// The title of a figure: the expression and its value.
pub fn title(evaluation: &Evaluation, look: &Look) -> String {
    let text: String = evaluation.text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{text} = {}", look.shaped_value(&evaluation.result()))
}
