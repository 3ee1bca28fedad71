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

/// How much number text a table keeps between its two passes (well under
/// `u32::MAX`, which indexes it).
const KEPT_TEXT: usize = 64 << 20;

/// Writes the table of `evaluation`, every node.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation, look: &Look) -> io::Result<()> {
    write_nodes(out, evaluation, look, Nodes::All)
}

/// Writes the table of `evaluation` with a row for each node that `nodes`
/// lists. Rows keep their arena ids, so a filtered table still says where
/// each node stands. The first pass sizes the columns and keeps the numbers'
/// text for the second, up to [`KEPT_TEXT`] bytes; rows past that are
/// formatted again, so memory stays bounded however long the table.
pub fn write_nodes(
    out: &mut dyn Write,
    evaluation: &Evaluation,
    look: &Look,
    nodes: Nodes,
) -> io::Result<()> {
    write_table(out, evaluation, look, nodes, KEPT_TEXT)
}

/// [`write_nodes`], keeping at most `kept_limit` bytes of numbers' text.
fn write_table(
    out: &mut dyn Write,
    evaluation: &Evaluation,
    look: &Look,
    nodes: Nodes,
    kept_limit: usize,
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
    // Formatting is most of a big table's cost: each kept row's value and
    // grad, back to back in `kept`, with where each of them ends.
    let mut kept = String::new();
    let mut ends: Vec<[u32; 2]> = Vec::new();
    let mut cell = String::new();
    for id in rows() {
        let node = &graph.nodes[id as usize];
        label_w = label_w.max(graph.label(id).width());
        layer_w = layer_w.max(node.layer.name().len());
        cell.clear();
        look.write_number(&mut cell, node.value);
        let value_len = cell.len();
        look.write_number(&mut cell, node.grad);
        value_w = value_w.max(value_len);
        grad_w = grad_w.max(cell.len() - value_len);
        if kept.len() < kept_limit {
            let value_end = kept.len() + value_len;
            kept.push_str(&cell);
            ends.push([value_end as u32, kept.len() as u32]);
        }
    }

    let header = format!(
        "{:>ids$}  {:<label_w$}  {:<layer_w$}  {:>value_w$}  {:>grad_w$}",
        "#", "node", "layer", "value", "grad"
    );
    writeln!(out, "{}", style::dim(header.trim_end(), look.color))?;
    let mut line = String::new();
    let mut start = 0;
    for (row, id) in rows().enumerate() {
        let node = &graph.nodes[id as usize];
        let label = graph.label(id);
        line.clear();
        let _ = write!(line, "{id:>ids$}  ");
        line.push_str(&label);
        pad(&mut line, label_w - label.width() + 2);
        line.push_str(node.layer.name());
        pad(&mut line, layer_w - node.layer.name().len() + 2);
        let (value, grad) = match ends.get(row) {
            Some(&[value_end, grad_end]) => {
                let (value_end, grad_end) = (value_end as usize, grad_end as usize);
                let cells = (&kept[start..value_end], &kept[value_end..grad_end]);
                start = grad_end;
                cells
            }
            None => {
                cell.clear();
                look.write_number(&mut cell, node.value);
                let value_len = cell.len();
                look.write_number(&mut cell, node.grad);
                cell.split_at(value_len)
            }
        };
        right_aligned(&mut line, value, value_w, look, style::value);
        line.push_str("  ");
        right_aligned(&mut line, grad, grad_w, look, style::grad);
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Appends `cell` right-aligned in `width` columns, painted as a whole
/// (padding included) when colour is on.
fn right_aligned(line: &mut String, cell: &str, width: usize, look: &Look, paint: fn(&str, bool) -> String) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::evaluate;

    /// Rows past the kept text are formatted again, to the same bytes.
    #[test]
    fn tables_past_the_kept_text_read_the_same() {
        let evaluation = evaluate("x = -1.5\nw = 2.25e-9\nb = 1e30\ntanh(x*w + b) / 3 + x");
        let table = |limit: usize, look: &Look| {
            let mut out = Vec::new();
            write_table(&mut out, &evaluation, look, Nodes::All, limit).unwrap();
            String::from_utf8(out).unwrap()
        };
        for look in [Look::default(), Look { color: true, ..Look::default() }] {
            let full = table(KEPT_TEXT, &look);
            for limit in [0, 1, 10, 30] {
                assert_eq!(table(limit, &look), full, "limit {limit}");
            }
        }
    }
}
