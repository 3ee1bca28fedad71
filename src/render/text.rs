//! The default output: a title line (`expr = value`), then one row per node in
//! forward order: id, label, layer, value, gradient, aligned in columns.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{Look, style};
use crate::graph::{NodeId, shorten_to};
use crate::report::Evaluation;

/// The title shows at most this many characters of the expression.
const TITLE_WIDTH: usize = 72;

/// Writes the table of `evaluation`.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation, look: &Look) -> io::Result<()> {
    let graph = &evaluation.graph;
    let value = look.number(evaluation.value());
    writeln!(
        out,
        "{} = {}",
        shorten_to(evaluation.text.trim(), TITLE_WIDTH),
        style::strong(&style::value(&value, look.color), look.color)
    )?;

    // Column widths, from a first pass over the rows.
    let ids = graph.len().saturating_sub(1).to_string().len().max(1);
    let (mut label_w, mut layer_w, mut value_w, mut grad_w) =
        ("node".len(), "layer".len(), "value".len(), "grad".len());
    for (i, node) in graph.nodes.iter().enumerate() {
        label_w = label_w.max(graph.label(i as NodeId).width());
        layer_w = layer_w.max(node.layer.name().len());
        value_w = value_w.max(look.number(node.value).len());
        grad_w = grad_w.max(look.number(node.grad).len());
    }

    let header = format!(
        "{:>ids$}  {:<label_w$}  {:<layer_w$}  {:>value_w$}  {:>grad_w$}",
        "#", "node", "layer", "value", "grad"
    );
    writeln!(out, "{}", style::dim(header.trim_end(), look.color))?;
    for (i, node) in graph.nodes.iter().enumerate() {
        let label = graph.label(i as NodeId);
        let pad = label_w - label.width();
        let value = format!("{:>value_w$}", look.number(node.value));
        let grad = format!("{:>grad_w$}", look.number(node.grad));
        writeln!(
            out,
            "{i:>ids$}  {label}{:pad$}  {:<layer_w$}  {}  {}",
            "",
            node.layer.name(),
            style::value(&value, look.color),
            style::grad(&grad, look.color),
        )?;
    }
    Ok(())
}
