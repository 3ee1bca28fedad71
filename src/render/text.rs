//! The default output: a title line (`expr = value`), then one row per node in
//! forward order: id, label, layer, value, gradient, aligned in columns.

use std::io::{self, Write};

use super::cells::{self, BATCH, pad};
use super::matrix::{self, Side};
use super::{Digits, Look, Nodes, style};
use crate::graph::{Graph, Node, NodeId, shorten_to};
use crate::report::Evaluation;

/// The title shows at most this many characters of the expression.
const TITLE_WIDTH: usize = 72;

/// The narrowest a label or title is cut to, however narrow the terminal.
const MIN_LABEL: usize = 6;

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
    write_table(out, evaluation, look, nodes, None, KEPT_TEXT)
}

/// [`write_nodes`] within `width` columns when one is given (a terminal's):
/// labels, and the title, are shortened to make the rows fit.
pub fn write_fitted(
    out: &mut dyn Write,
    evaluation: &Evaluation,
    look: &Look,
    nodes: Nodes,
    width: Option<usize>,
) -> io::Result<()> {
    write_table(out, evaluation, look, nodes, width, KEPT_TEXT)
}

/// [`write_fitted`], keeping at most `kept_limit` bytes of numbers' text.
fn write_table(
    out: &mut dyn Write,
    evaluation: &Evaluation,
    look: &Look,
    nodes: Nodes,
    width: Option<usize>,
    kept_limit: usize,
) -> io::Result<()> {
    let graph = &evaluation.graph;
    let value_w = cells::width(&look.value(&evaluation.result()));
    let title_w = width.map_or(TITLE_WIDTH, |w| w.saturating_sub(value_w + 3).clamp(MIN_LABEL, TITLE_WIDTH));
    let title = shorten_to(evaluation.text.trim(), title_w);
    let paint = |value: &str| style::strong(&style::value(value, look.color), look.color);
    writeln!(out, "{}", matrix::headline(evaluation, &title, look, paint))?;
    let shapes = graph.has_matrix();
    let mut pass = Measured::new(evaluation, look, nodes, shapes, kept_limit);
    // Labels give way first when the rows are wider than the terminal;
    // then the numbers inside matrices lose digits, down to a few.
    let mut cut = width.is_some_and(|width| pass.columns.fit_labels(width));
    let mut cell_look = *look;
    while let (Some(width), true) = (width, shapes) {
        let Some(fewer) = fewer_digits(cell_look.digits) else { break };
        if pass.columns.row_len() - 1 <= width {
            break;
        }
        cell_look.digits = fewer;
        pass = Measured::new(evaluation, &cell_look, nodes, shapes, kept_limit);
        cut = pass.columns.fit_labels(width);
    }
    let Measured { columns, kept, ends } = pass;
    let look = &cell_look;
    // Padded by hand: a label's width comes from the user's names, and
    // `core::fmt` panics on a width past `u16::MAX`.
    let mut header = String::new();
    cells::push_right(&mut header, "#", columns.id);
    header.push_str("  ");
    cells::push_left(&mut header, "node", columns.label);
    header.push_str("  ");
    cells::push_left(&mut header, "layer", columns.layer);
    if let Some(shape_w) = columns.shape {
        header.push_str("  ");
        cells::push_left(&mut header, "shape", shape_w);
    }
    header.push_str("  ");
    cells::push_right(&mut header, "value", columns.value);
    header.push_str("  ");
    cells::push_right(&mut header, "grad", columns.grad);
    writeln!(out, "{}", style::dim(header.trim_end(), look.color))?;
    // Rows gather in `batch`, handed on a few thousand at a time.
    let mut batch: Vec<u8> = Vec::with_capacity(BATCH + columns.row_len() + 64);
    let (mut label, mut cell, mut shape) = (String::new(), String::new(), String::new());
    let mut start = 0;
    for (row, id) in rows(graph, nodes).enumerate() {
        let node = &graph.nodes[id as usize];
        label.clear();
        graph.write_label(id, &mut label);
        if cut {
            shorten_label(&mut label, columns.label);
        }
        let (value, grad) = match ends.get(row) {
            Some(&[value_end, grad_end]) => {
                let (value_end, grad_end) = (value_end as usize, grad_end as usize);
                let pair = (&kept[start..value_end], &kept[value_end..grad_end]);
                start = grad_end;
                pair
            }
            None => {
                cell.clear();
                look.write_node(&mut cell, graph, id, Side::Value);
                let value_len = cell.len();
                look.write_node(&mut cell, graph, id, Side::Grad);
                cell.split_at(value_len)
            }
        };
        let shown = [label.as_str(), node.layer.name(), value, grad];
        if shapes {
            shape.clear();
            write_shape(&mut shape, graph, id);
            columns.styled_row(&mut batch, id, shown, Some(&shape), look.color);
        } else if look.color {
            columns.styled_row(&mut batch, id, shown, None, true);
        } else {
            columns.plain_row(&mut batch, id, shown);
        }
        if batch.len() >= BATCH {
            out.write_all(&batch)?;
            batch.clear();
        }
    }
    out.write_all(&batch)
}

/// The ids of the rows `nodes` shows.
fn rows(graph: &Graph, nodes: Nodes) -> impl Iterator<Item = NodeId> + '_ {
    (0..graph.len() as NodeId).filter(move |&id| nodes.shows(graph, id))
}

/// Appends node `id`'s shape, `2×3`.
fn write_shape(out: &mut String, graph: &Graph, id: NodeId) {
    use std::fmt::Write as _;
    let _ = write!(out, "{}", graph.shape(id));
}

/// Fewer significant digits than `digits`, while there are more than a few.
fn fewer_digits(digits: Digits) -> Option<Digits> {
    /// The fewest digits a matrix cell is shortened to.
    const FEWEST: usize = 3;
    match digits {
        Digits::Exact => Some(Digits::Significant(6)),
        Digits::Significant(n) if n > FEWEST => Some(Digits::Significant((n - 2).max(FEWEST))),
        Digits::Significant(_) => None,
    }
}

/// The first pass over the rows: the columns' widths, and each kept row's
/// value and grad, back to back in `kept`, with where each of them ends
/// (formatting is most of a big table's cost).
struct Measured {
    columns: Columns,
    kept: String,
    ends: Vec<[u32; 2]>,
}

impl Measured {
    fn new(evaluation: &Evaluation, look: &Look, nodes: Nodes, shapes: bool, kept_limit: usize) -> Measured {
        let graph = &evaluation.graph;
        if !shapes && graph.len() >= SHARED_ROWS {
            let rows: Vec<NodeId> = rows(graph, nodes).collect();
            // Only where every row is kept either way, so both passes agree.
            if rows.len() >= SHARED_ROWS && rows.len().saturating_mul(SCALAR_ROW) <= kept_limit {
                return Measured::shared(graph, look, &rows);
            }
        }
        let ids = graph.len().saturating_sub(1).to_string().len().max(1);
        let (mut label_w, mut layer_w, mut value_w, mut grad_w) =
            ("node".len(), "layer".len(), "value".len(), "grad".len());
        let mut shape_w = "shape".len();
        let mut kept = String::new();
        let mut ends: Vec<[u32; 2]> = Vec::new();
        // A row's label (each pass writes it, rather than keeping it: a copy
        // of every label held tens of megabytes for no time measurably
        // saved), and the numbers of rows past the kept text.
        let mut label = String::new();
        let mut cell = String::new();
        for id in rows(graph, nodes) {
            let node = &graph.nodes[id as usize];
            label.clear();
            graph.write_label(id, &mut label);
            label_w = label_w.max(cells::width(&label));
            layer_w = layer_w.max(node.layer.name().len());
            // Kept rows are formatted straight into `kept`, the rest into `cell`.
            let keep = kept.len() < kept_limit;
            let text = if keep { &mut kept } else { &mut cell };
            let start = text.len();
            look.write_node(text, graph, id, Side::Value);
            let value_end = text.len();
            look.write_node(text, graph, id, Side::Grad);
            if shapes {
                // A matrix's `…` takes three bytes and one column.
                value_w = value_w.max(cells::width(&text[start..value_end]));
                grad_w = grad_w.max(cells::width(&text[value_end..]));
                shape_w = shape_w.max(cells::width(&graph.shape(id).to_string()));
            } else {
                value_w = value_w.max(value_end - start);
                grad_w = grad_w.max(text.len() - value_end);
            }
            if keep {
                ends.push([value_end as u32, kept.len() as u32]);
            } else {
                cell.clear();
            }
        }
        let shape = shapes.then_some(shape_w);
        let columns =
            Columns { id: ids, label: label_w, layer: layer_w, shape, value: value_w, grad: grad_w };
        Measured { columns, kept, ends }
    }
}

impl Measured {
    /// [`Measured::new`] for the many `rows` of a graph of numbers, with
    /// the second half's numbers formatted on another core (formatting is
    /// most of a big table's cost, and by now the cores that read the
    /// script are idle).
    fn shared(graph: &Graph, look: &Look, rows: &[NodeId]) -> Measured {
        let (first, second) = rows.split_at(rows.len() / 2);
        let all = graph.nodes.as_slice();
        std::thread::scope(|scope| {
            let later = scope.spawn(|| Numbers::of(all, look, second));
            let (mut label_w, mut layer_w) = ("node".len(), "layer".len());
            let mut label = String::new();
            for &id in rows {
                label.clear();
                graph.write_label(id, &mut label);
                label_w = label_w.max(cells::width(&label));
                layer_w = layer_w.max(graph.nodes[id as usize].layer.name().len());
            }
            let mut numbers = Numbers::of(all, look, first);
            let later = later.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            numbers.append(later);
            let ids = graph.len().saturating_sub(1).to_string().len().max(1);
            let (value, grad) = (numbers.value_w.max("value".len()), numbers.grad_w.max("grad".len()));
            let columns = Columns { id: ids, label: label_w, layer: layer_w, shape: None, value, grad };
            Measured { columns, kept: numbers.text, ends: numbers.ends }
        })
    }
}

/// Tables with fewer rows are measured on one core.
const SHARED_ROWS: usize = 1 << 14;

/// The most bytes a row of numbers takes: two numbers of at most 24
/// characters (`-2.2250738585072014e-308`).
const SCALAR_ROW: usize = 64;

/// The values and gradients of some rows of a graph of numbers, back to
/// back, with where each ends and the widest of each.
struct Numbers {
    text: String,
    ends: Vec<[u32; 2]>,
    value_w: usize,
    grad_w: usize,
}

impl Numbers {
    fn of(nodes: &[Node], look: &Look, rows: &[NodeId]) -> Numbers {
        let mut numbers =
            Numbers { text: String::with_capacity(rows.len() * 24), ends: Vec::new(), value_w: 0, grad_w: 0 };
        numbers.ends.reserve_exact(rows.len());
        for &id in rows {
            let node = &nodes[id as usize];
            let start = numbers.text.len();
            look.write_number(&mut numbers.text, node.value);
            let value_end = numbers.text.len();
            look.write_number(&mut numbers.text, node.grad);
            numbers.value_w = numbers.value_w.max(value_end - start);
            numbers.grad_w = numbers.grad_w.max(numbers.text.len() - value_end);
            numbers.ends.push([value_end as u32, numbers.text.len() as u32]);
        }
        numbers
    }

    /// These rows, then `later`'s.
    fn append(&mut self, later: Numbers) {
        let offset = self.text.len() as u32;
        self.text.push_str(&later.text);
        self.ends.extend(later.ends.iter().map(|&[value, grad]| [value + offset, grad + offset]));
        self.value_w = self.value_w.max(later.value_w);
        self.grad_w = self.grad_w.max(later.grad_w);
    }
}

/// Shortens `label` to at most `width` columns, ending in `…` when cut.
fn shorten_label(label: &mut String, width: usize) {
    if cells::width(label) <= width {
        return;
    }
    let mut short = shorten_to(label, width).into_owned();
    // Wide characters take two columns each: drop more until it fits.
    while cells::width(&short) > width {
        short.pop();
        short.pop();
        short.push('…');
    }
    *label = short;
}

/// The columns' widths: id, label, layer, shape (on a graph with a
/// matrix), value, grad.
struct Columns {
    id: usize,
    label: usize,
    layer: usize,
    shape: Option<usize>,
    value: usize,
    grad: usize,
}

impl Columns {
    /// Narrows the label column so that a row takes at most `width`
    /// columns (down to [`MIN_LABEL`]); whether it had to.
    fn fit_labels(&mut self, width: usize) -> bool {
        let others = self.row_len() - 1 - self.label;
        let room = width.saturating_sub(others).max(MIN_LABEL);
        let cut = room < self.label;
        self.label = self.label.min(room);
        cut
    }

    /// The bytes of a row whose label is ASCII, newline included.
    fn row_len(&self) -> usize {
        let shape = self.shape.map_or(0, |w| w + 2);
        self.id + 2 + self.label + 2 + self.layer + 2 + shape + self.value + 2 + self.grad + 1
    }

    /// Appends a row without colour: a run of blanks with its cells copied
    /// in, rather than a dozen small appends each checking for room.
    fn plain_row(&self, out: &mut Vec<u8>, id: NodeId, [label, layer, value, grad]: [&str; 4]) {
        // Every cell takes as many bytes as columns but the label, whose
        // characters may take more bytes (or fewer) than columns.
        let width = cells::width(label);
        let at = out.len();
        out.resize(at + self.row_len() - width + label.len(), b' ');
        let row = &mut out[at..];
        cells::put_int_right(&mut row[..self.id], id);
        let mut column = self.id + 2;
        row[column..column + label.len()].copy_from_slice(label.as_bytes());
        column += label.len() + self.label - width + 2;
        row[column..column + layer.len()].copy_from_slice(layer.as_bytes());
        column += self.layer + 2 + self.value;
        row[column - value.len()..column].copy_from_slice(value.as_bytes());
        column += 2 + self.grad;
        row[column - grad.len()..column].copy_from_slice(grad.as_bytes());
        row[column] = b'\n';
    }

    /// Appends a row cell by cell: with its value and grad painted when
    /// `color`, with its shape on a graph with a matrix (whose cells may
    /// take more bytes than columns).
    fn styled_row(
        &self,
        out: &mut Vec<u8>,
        id: NodeId,
        [label, layer, value, grad]: [&str; 4],
        shape: Option<&str>,
        color: bool,
    ) {
        let mut line = String::new();
        cells::push_int_right(&mut line, id, self.id);
        line.push_str("  ");
        line.push_str(label);
        pad(&mut line, self.label - cells::width(label) + 2);
        line.push_str(layer);
        pad(&mut line, self.layer - layer.len() + 2);
        if let (Some(shape), Some(width)) = (shape, self.shape) {
            cells::push_left(&mut line, shape, width + 2);
        }
        let aligned = |cell: &str, width: usize| {
            let mut text = String::new();
            cells::push_right(&mut text, cell, width);
            text
        };
        let (value, grad) = (aligned(value, self.value), aligned(grad, self.grad));
        if color {
            line.push_str(&style::value(&value, true));
            line.push_str("  ");
            line.push_str(&style::grad(&grad, true));
        } else {
            line.push_str(&value);
            line.push_str("  ");
            line.push_str(&grad);
        }
        line.push('\n');
        out.extend_from_slice(line.as_bytes());
    }
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
            write_table(&mut out, &evaluation, look, Nodes::All, None, limit).unwrap();
            String::from_utf8(out).unwrap()
        };
        for look in [Look::default(), Look { color: true, ..Look::default() }] {
            let full = table(KEPT_TEXT, &look);
            for limit in [0, 1, 10, 30] {
                assert_eq!(table(limit, &look), full, "limit {limit}");
            }
        }
    }

    /// A big table of numbers, measured on two cores, reads as it does
    /// measured on one.
    #[test]
    fn big_tables_read_the_same_measured_on_two_cores() {
        // A chain of 6,000 formulas of 3 nodes each: 18,000 rows.
        let mut script = String::from("x0 = 0.5\nw = -1.25e-7\n");
        for i in 1..=6000 {
            script.push_str(&format!("x{i} = tanh(x{}*w + {i}.5)\n", i - 1));
        }
        script.push_str("x6000");
        let evaluation = evaluate(&script);
        let rows = evaluation.graph.len();
        assert!(rows >= SHARED_ROWS, "{rows} rows");
        let table = |limit: usize, look: &Look| {
            let mut out = Vec::new();
            write_table(&mut out, &evaluation, look, Nodes::All, None, limit).unwrap();
            String::from_utf8(out).unwrap()
        };
        for look in [Look::default(), Look { digits: Digits::Exact, color: true }] {
            let shared = table(KEPT_TEXT, &look);
            // Too little room to be sure every row is kept: one core.
            assert_eq!(table(rows * SCALAR_ROW - 1, &look), shared);
            assert_eq!(table(0, &look), shared);
        }
    }

    /// On a terminal too narrow for a matrix's numbers, labels give way,
    /// then the numbers inside matrices lose digits until the rows fit.
    #[test]
    fn matrices_lose_digits_to_fit_the_terminal() {
        let evaluation = evaluate("W = [0.1234567891, 2.345678912; 3.456789123, 4.567891234]; sum(W * W)");
        let table = |width: Option<usize>| {
            let mut out = Vec::new();
            write_fitted(&mut out, &evaluation, &Look::default(), Nodes::All, width).unwrap();
            String::from_utf8(out).unwrap()
        };
        let wide = table(None);
        assert!(wide.contains("[0.1234567891, 2.345678912; 3.456789123, 4.567891234]"), "{wide}");
        let narrow = table(Some(80));
        assert!(narrow.lines().skip(1).all(|line| cells::width(line) <= 80), "{narrow}");
        assert!(narrow.contains("[0.123"), "{narrow}");
        assert!(!narrow.contains("0.1234567891"), "{narrow}");
    }
}
