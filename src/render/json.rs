//! `--format json`: one JSON object per evaluation, on one line (JSON Lines).
//! Numbers are exact f64 (shortest round trip); inf and NaN, which JSON lacks,
//! are the strings "inf", "-inf" and "nan".
//!
//! On a graph that runs on matrices every node also has `"shape": [rows,
//! cols]`, and a value or gradient bigger than 1×1 is a list of rows; a
//! graph of numbers is written as it always was, byte for byte.
//!
//! With `--nodes named` or `--nodes inputs`, `nodes` lists only those nodes,
//! and every id (`id`, `inputs`, `output`) stays the node's position in the
//! whole graph in forward order: an `inputs` entry may name a node that is
//! not listed.

use std::io::{self, Write};

use super::Nodes;
use super::cells::{BATCH, push_int};
use super::matrix::{Side, node_matrix};
use super::number::{self, Digits};
use crate::graph::{Graph, NodeId};
use crate::layers::Layer;
use crate::report::Evaluation;

/// Writes `evaluation` as one line of JSON, streaming node by node.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation) -> io::Result<()> {
    write_nodes(out, evaluation, Nodes::All)
}

/// Writes `evaluation` as one line of JSON listing the nodes `nodes` shows.
pub fn write_nodes(out: &mut dyn Write, evaluation: &Evaluation, nodes: Nodes) -> io::Result<()> {
    let graph = &evaluation.graph;
    // Nodes gather in `line`, handed on a few thousand at a time.
    let mut line = String::with_capacity(BATCH + 256);
    line.push_str("{\"expr\":");
    string(&mut line, &evaluation.text);
    line.push_str(",\"value\":");
    value(&mut line, graph, evaluation.output, Side::Value);
    line.push_str(",\"output\":");
    push_int(&mut line, evaluation.output);
    line.push_str(",\"nodes\":[");
    let mut first = true;
    for (i, node) in graph.nodes.iter().enumerate() {
        let id = i as NodeId;
        if !nodes.shows(graph, id) {
            continue;
        }
        if !std::mem::take(&mut first) {
            line.push(',');
        }
        line.push_str("{\"id\":");
        push_int(&mut line, id);
        line.push_str(",\"op\":\"");
        line.push_str(node.layer.name());
        line.push_str("\",\"name\":");
        match graph.name(id) {
            Some(name) => string(&mut line, name),
            None => line.push_str("null"),
        }
        line.push_str(",\"label\":");
        label(&mut line, graph, id);
        line.push_str(",\"inputs\":[");
        for (k, &input) in graph.operands(id).iter().enumerate() {
            if k > 0 {
                line.push(',');
            }
            push_int(&mut line, input);
        }
        line.push(']');
        if let Some(parameter) = graph.parameter(id) {
            // pow's literal exponent, or the axis of `sum(X, 0)`.
            let axis = matches!(node.layer, Layer::SumAxis | Layer::MeanAxis);
            line.push_str(if axis { ",\"axis\":" } else { ",\"exponent\":" });
            num(&mut line, parameter);
        }
        if graph.on_matrices() {
            let shape = graph.shape(id);
            line.push_str(",\"shape\":[");
            push_int(&mut line, shape.rows as u32);
            line.push(',');
            push_int(&mut line, shape.cols as u32);
            line.push(']');
        }
        line.push_str(",\"value\":");
        value(&mut line, graph, id, Side::Value);
        line.push_str(",\"grad\":");
        value(&mut line, graph, id, Side::Grad);
        line.push('}');
        if line.len() >= BATCH {
            out.write_all(line.as_bytes())?;
            line.clear();
        }
    }
    line.push_str("]}\n");
    out.write_all(line.as_bytes())
}

/// Appends `s` as a JSON string: as serde_json escapes it, without a detour
/// through it for the common text that needs no escape.
pub(super) fn string(out: &mut String, s: &str) {
    if needs_escape(s) {
        out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// Appends node `id`'s label as a JSON string, as [`string`] would: written
/// in place, and escaped afterwards in the rare case it needs to be.
fn label(out: &mut String, graph: &Graph, id: NodeId) {
    out.push('"');
    let start = out.len();
    graph.write_label(id, out);
    if needs_escape(&out[start..]) {
        let text = out.split_off(start);
        out.pop();
        string(out, &text);
    } else {
        out.push('"');
    }
}

/// Whether JSON needs `s` escaped. Folds rather than stopping early, so that
/// short texts are scanned without a branch per byte.
fn needs_escape(s: &str) -> bool {
    s.bytes().fold(false, |found, b| found | (b < 0x20) | (b == b'"') | (b == b'\\'))
}

/// Appends node `id`'s value or gradient: a number, or a matrix as a list
/// of rows.
fn value(out: &mut String, graph: &Graph, id: NodeId, side: Side) {
    let Some(m) = node_matrix(graph, id, side) else {
        let node = &graph.nodes[id as usize];
        return num(out, if side == Side::Value { node.value } else { node.grad });
    };
    out.push('[');
    for (i, row) in m.rows().into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        for (j, &x) in row.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            num(out, x);
        }
        out.push(']');
    }
    out.push(']');
}

/// Appends a JSON number, or a string for the values JSON has no number for.
pub(super) fn num(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("\"nan\"");
    } else if x.is_infinite() {
        out.push_str(if x > 0.0 { "\"inf\"" } else { "\"-inf\"" });
    } else if x == 0.0 {
        // JSON has -0 but most readers lose its sign anyway; keep it honest.
        out.push_str(if x.is_sign_negative() { "-0.0" } else { "0" });
    } else {
        number::write(out, x, Digits::Exact);
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::span::Span;

    /// Labels written in place are escaped as serde_json escapes them, when
    /// they need it; names and labels alike.
    #[test]
    fn labels_written_in_place_read_as_serde_json_writes_them() {
        let source: Rc<str> = "plain + \"quoted\\\" \u{1}+ tab\there é".into();
        let mut graph = Graph::default();
        let mut spans =
            vec![Span::new(0, 5), Span::new(8, 19), Span::new(20, 22), Span::new(0, source.len())];
        spans.push(Span::new(24, source.len()));
        for span in spans {
            let label = graph.text_label(&source, span);
            graph.push(Layer::Input, [0, 0], 1.0, label);
        }
        for name in ["x", "naïve", "q\"uote"] {
            let label = graph.name_label(name);
            graph.push(Layer::Input, [0, 0], 2.0, label);
        }
        let evaluation = Evaluation { text: source.to_string(), graph, output: 0, span: Span::new(0, 1) };
        let mut out = Vec::new();
        write(&mut out, &evaluation).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let graph = &evaluation.graph;
        let escaped = (0..graph.len() as NodeId).filter(|&id| needs_escape(&graph.label(id))).count();
        assert!(escaped >= 3, "the escaping path is taken");
        for (id, node) in json["nodes"].as_array().unwrap().iter().enumerate() {
            let label = graph.label(id as NodeId);
            assert_eq!(node["label"], *label, "node {id}");
            let mut alone = String::new();
            string(&mut alone, &label);
            assert_eq!(alone, serde_json::to_string(&label).unwrap());
            assert_eq!(node["name"], serde_json::json!(graph.name(id as NodeId)));
        }
    }
}
