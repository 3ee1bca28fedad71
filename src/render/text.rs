//! The default output: a title line (`expr = value`), then one row per node in
//! forward order: id, label, layer, value, gradient, aligned in columns.

use std::fmt::Write as _;
use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{Look, Nodes, style};
use crate::graph::{NodeId, shorten_to};
use crate::report::Evaluation;

/// The title shows at most this many characters of the expression.
const TITLE_WIDTH: usize = 72;

/// Writes the table of `evaluation`, every node.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation, look: &Look) -> io::Result<()> {
    write_nodes(out, evaluation, look, Nodes::All)
}

/// Writes the table of `evaluation` with a row for each node that `nodes`
/// lists. Rows keep their arena ids, so a filtered table still says where
/// each node stands. Numbers are formatted twice (once to size the columns,
/// once to print) rather than kept, so a million-row table needs no memory
/// beyond one line.
pub fn write_nodes(
    out: &mut dyn Write,
    evaluation: &Evaluation,
    look: &Look,
    nodes: Nodes,
) -> io::Result<()> {
    let graph = &evaluation.graph;
    let value = look.number(evaluation.value());
    writeln!(
        out,
        "{} = {}",
        shorten_to(evaluation.text.trim(), TITLE_WIDTH),
        style::strong(&style::value(&value, look.color), look.color)
    )?;
    let rows = || (0..graph.len() as NodeId).filter(|&id| nodes.shows(graph, id));

    // Column widths, from a first pass over the rows.
    let ids = graph.len().saturating_sub(1).to_string().len().max(1);
    let (mut label_w, mut layer_w, mut value_w, mut grad_w) =
        ("node".len(), "layer".len(), "value".len(), "grad".len());
    let mut cell = String::new();
    let mut width_of = |x: f64| {
        cell.clear();
        look.write_number(&mut cell, x);
        cell.len()
    };
    for id in rows() {
        let node = &graph.nodes[id as usize];
        label_w = label_w.max(graph.label(id).width());
        layer_w = layer_w.max(node.layer.name().len());
        value_w = value_w.max(width_of(node.value));
        grad_w = grad_w.max(width_of(node.grad));
    }

    let header = format!(
        "{:>ids$}  {:<label_w$}  {:<layer_w$}  {:>value_w$}  {:>grad_w$}",
        "#", "node", "layer", "value", "grad"
    );
    writeln!(out, "{}", style::dim(header.trim_end(), look.color))?;
    let mut line = String::new();
    for id in rows() {
        let node = &graph.nodes[id as usize];
        let label = graph.label(id);
        line.clear();
        let _ = write!(line, "{id:>ids$}  ");
        line.push_str(&label);
        pad(&mut line, label_w - label.width() + 2);
        line.push_str(node.layer.name());
        pad(&mut line, layer_w - node.layer.name().len() + 2);
        right_aligned(&mut line, &mut cell, node.value, value_w, look, style::value);
        line.push_str("  ");
        right_aligned(&mut line, &mut cell, node.grad, grad_w, look, style::grad);
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Appends `x` right-aligned in `width` columns, painted as a whole (padding
/// included) when colour is on. `cell` is scratch space.
fn right_aligned(
    line: &mut String,
    cell: &mut String,
    x: f64,
    width: usize,
    look: &Look,
    paint: fn(&str, bool) -> String,
) {
    cell.clear();
    look.write_number(cell, x);
    let spaces = width.saturating_sub(cell.len());
    if look.color {
        line.push_str(&paint(&format!("{}{cell}", " ".repeat(spaces)), true));
    } else {
        pad(line, spaces);
        line.push_str(cell);
    }
}

fn pad(line: &mut String, n: usize) {
    line.extend(std::iter::repeat_n(' ', n));
}
