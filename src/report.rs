//! What an evaluation produced, as data: the graph with its values and
//! gradients, which node is the output, and the text it came from.

use crate::graph::{Graph, NodeId};
use crate::span::Span;
use crate::value::Value;

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

    /// The value of the whole expression, a matrix where it is one.
    pub fn result(&self) -> Value {
        self.graph.value(self.output)
    }

    /// Whether the expression is bigger than 1×1, so that backward was
    /// seeded with a matrix of ones: the gradients are those of the sum of
    /// its elements, which every view says.
    pub fn seeded_with_ones(&self) -> bool {
        !self.graph.shape(self.output).is_scalar()
    }

    /// The first node, in forward order, that went inf or NaN.
    pub fn first_non_finite(&self) -> Option<NodeId> {
        self.graph.first_non_finite()
    }
}
