//! What an evaluation produced, as data: the graph with its values and
//! gradients, which node is the output, and the text it came from.

use crate::graph::{Graph, NodeId};
use crate::span::Span;

#[derive(Debug)]
pub struct Evaluation {
    /// The expression as written.
    pub text: String,
    pub graph: Graph,
    pub output: NodeId,
    /// Where the expression stands in its source.
    pub span: Span,
}

impl Evaluation {
    /// The value of the whole expression.
    pub fn value(&self) -> f64 {
        self.graph.nodes[self.output as usize].value
    }

    /// The first node, in forward order, that went inf or NaN.
    pub fn first_non_finite(&self) -> Option<NodeId> {
        self.graph.first_non_finite()
    }
}
