//! `--format dot`: a Graphviz digraph per evaluation, drawn left to right as
//! the book's figures are: layers as circles with `×`, `+` or a function's
//! name, leaves as their names or literals, and on each edge the forward
//! value above and, in red, the gradient it carries back below. An operand
//! used twice by one layer (`x*x`) gets two edges. A last edge leaves the
//! output with its value and the seed gradient 1.
//!
//! Several evaluations give several digraphs, one after another in the same
//! text; Graphviz draws each (`dot -Tsvg` writes one SVG per digraph,
//! `dot -Tpng -O` one file per digraph).

use std::io::{self, Write};

use super::{Look, figure};
use crate::graph::NodeId;
use crate::report::Evaluation;

/// The colour of forward values.
pub const VALUE_COLOR: &str = "#222222";
/// The colour of gradients (the book's red).
pub const GRAD_COLOR: &str = "#d62728";

/// Writes `evaluation` as one digraph.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation, look: &Look) -> io::Result<()> {
    let graph = &evaluation.graph;
    let title = figure::title(evaluation, look);
    writeln!(out, "digraph cgraph {{")?;
    writeln!(
        out,
        "  graph [rankdir=LR, nodesep=0.5, ranksep=0.9, fontname=\"Helvetica\", labelloc=t, label={}];",
        quoted(&title)
    )?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=14];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=12, arrowsize=0.7];")?;
    for (i, node) in graph.nodes.iter().enumerate() {
        let id = i as NodeId;
        if node.layer.arity() == 0 {
            writeln!(out, "  n{i} [label={}, shape=plaintext];", quoted(&graph.label(id)))?;
        } else {
            let tooltip = format!("#{i} {}: {}", node.layer.name(), graph.label(id));
            // A formula's node carries its name beside the circle.
            let name = graph.name(id).map(|n| format!(", xlabel={}", quoted(n))).unwrap_or_default();
            let shape = if figure::boxed(graph, id) {
                "shape=box, style=rounded"
            } else {
                "shape=circle, margin=0.04"
            };
            writeln!(
                out,
                "  n{i} [label={}, {shape}, tooltip={}{name}];",
                quoted(&graph.symbol(id)),
                quoted(&tooltip)
            )?;
        }
    }
    for edge in figure::edges(evaluation) {
        let label = edge_label(edge.texts(look));
        match edge.to {
            Some(to) => writeln!(out, "  n{} -> n{to} [label={label}];", edge.from)?,
            None => {
                writeln!(out, "  result [label=\"\", shape=none, width=0.1];")?;
                writeln!(out, "  n{} -> result [label={label}];", edge.from)?;
            }
        }
    }
    writeln!(out, "}}")
}

/// An edge's two lines: the forward value, then the gradient in red.
fn edge_label([value, grad]: [String; 2]) -> String {
    format!(
        "<<font color=\"{VALUE_COLOR}\">{}</font><br/><font color=\"{GRAD_COLOR}\">{}</font>>",
        super::xml(&value),
        super::xml(&grad)
    )
}

/// A DOT string literal.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}
