//! `--format mermaid`: the DOT figure as a Mermaid flowchart, for Markdown
//! pages: left to right, layers as circles, leaves as plain text, each edge
//! labelled with the forward value and, below it in red, the gradient.
//!
//! Each evaluation is a flowchart of its own, headed by a `%%` comment with
//! the expression; several are separated by a blank line (one Mermaid block
//! each on a page).

use std::io::{self, Write};

use super::dot::GRAD_COLOR;
use super::{Look, figure};
use crate::graph::NodeId;
use crate::report::Evaluation;

/// Writes `evaluation` as one flowchart.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation, look: &Look) -> io::Result<()> {
    let graph = &evaluation.graph;
    writeln!(out, "%% {}", figure::title(evaluation, look))?;
    writeln!(out, "flowchart LR")?;
    writeln!(out, "  classDef leaf fill:none,stroke:none")?;
    for (i, node) in graph.nodes.iter().enumerate() {
        if node.layer.arity() == 0 {
            writeln!(out, "  n{i}[\"{}\"]:::leaf", text(&graph.label(i as NodeId)))?;
        } else {
            // A formula's node shows its name under the symbol.
            let symbol = text(&graph.symbol(i as NodeId));
            // A long-named matrix layer in a rounded box rather than a circle.
            let (open, close) = if figure::boxed(graph, i as NodeId) { ("(", ")") } else { ("((", "))") };
            match graph.name(i as NodeId) {
                Some(name) => writeln!(out, "  n{i}{open}\"{symbol}<br/><i>{}</i>\"{close}", text(name))?,
                None => writeln!(out, "  n{i}{open}\"{symbol}\"{close}")?,
            }
        }
    }
    for edge in figure::edges(evaluation) {
        let label = edge_label(edge.texts(look));
        match edge.to {
            Some(to) => writeln!(out, "  n{} -->|\"{label}\"| n{to}", edge.from)?,
            None => {
                writeln!(out, "  result[\" \"]:::leaf")?;
                writeln!(out, "  n{} -->|\"{label}\"| result", edge.from)?;
            }
        }
    }
    Ok(())
}

/// An edge's two lines: the forward value, then the gradient in red.
fn edge_label([value, grad]: [String; 2]) -> String {
    format!("{}<br/><span style='color:{GRAD_COLOR}'>{}</span>", text(&value), text(&grad))
}

/// Text inside a quoted Mermaid label, with Mermaid's entity codes for the
/// characters that would end or confuse it.
fn text(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}
