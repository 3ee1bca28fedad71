//! What every figure (DOT, Mermaid, SVG) draws, as data: one edge per use of
//! an operand, carrying the operand's forward value and the gradient that use
//! passes back, and a last edge leaving the output with the seed.

use crate::graph::NodeId;
use crate::report::Evaluation;
use crate::trace;

/// One arrow of a figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub from: NodeId,
    /// The layer it feeds, or `None` for the arrow that leaves the output.
    pub to: Option<NodeId>,
    /// The forward value that flows along it.
    pub value: f64,
    /// The gradient that flows back along it.
    pub grad: f64,
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
                value: graph.nodes[operand as usize].value,
                grad: trace::passed_back(graph, i as NodeId, slot).number_or_nan(),
            });
        }
    }
    let output = &graph.nodes[evaluation.output as usize];
    edges.push(Edge { from: evaluation.output, to: None, value: output.value, grad: output.grad });
    edges
}

/// The title of a figure: the expression and its value.
pub fn title(evaluation: &Evaluation, look: &super::Look) -> String {
    let text: String = evaluation.text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{text} = {}", look.number(evaluation.value()))
}
