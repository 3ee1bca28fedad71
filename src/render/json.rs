//! `--format json`: one JSON object per evaluation, on one line (JSON Lines).
//! Numbers are exact f64 (shortest round trip); inf and NaN, which JSON lacks,
//! are the strings "inf", "-inf" and "nan".
//!
//! With `--nodes named` or `--nodes inputs`, `nodes` lists only those nodes,
//! and every id (`id`, `inputs`, `output`) stays the node's position in the
//! whole graph in forward order: an `inputs` entry may name a node that is
//! not listed.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::Nodes;
use super::number::{self, Digits};
use crate::graph::NodeId;
use crate::report::Evaluation;

/// Writes `evaluation` as one line of JSON, streaming node by node.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation) -> io::Result<()> {
    write_nodes(out, evaluation, Nodes::All)
}

/// Writes `evaluation` as one line of JSON listing the nodes `nodes` shows.
pub fn write_nodes(out: &mut dyn Write, evaluation: &Evaluation, nodes: Nodes) -> io::Result<()> {
    let graph = &evaluation.graph;
    let mut line = String::new();
    line.push_str("{\"expr\":");
    string(&mut line, &evaluation.text);
    line.push_str(",\"value\":");
    num(&mut line, evaluation.value());
    let _ = write!(line, ",\"output\":{},\"nodes\":[", evaluation.output);
    out.write_all(line.as_bytes())?;
    let mut first = true;
    for (i, node) in graph.nodes.iter().enumerate() {
        let id = i as NodeId;
        if !nodes.shows(graph, id) {
            continue;
        }
        line.clear();
        if !std::mem::take(&mut first) {
            line.push(',');
        }
        let _ = write!(line, "{{\"id\":{i},\"op\":\"{}\",\"name\":", node.layer.name());
        match graph.name(id) {
            Some(name) => string(&mut line, name),
            None => line.push_str("null"),
        }
        line.push_str(",\"label\":");
        string(&mut line, &graph.label(id));
        line.push_str(",\"inputs\":[");
        for (k, input) in node.operands().iter().enumerate() {
            let comma = if k == 0 { "" } else { "," };
            let _ = write!(line, "{comma}{input}");
        }
        line.push_str("],\"value\":");
        num(&mut line, node.value);
        line.push_str(",\"grad\":");
        num(&mut line, node.grad);
        line.push('}');
        out.write_all(line.as_bytes())?;
    }
    writeln!(out, "]}}")
}

/// Appends `s` as a JSON string: as serde_json escapes it, without a detour
/// through it for the common text that needs no escape.
fn string(out: &mut String, s: &str) {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// Appends a JSON number, or a string for the values JSON has no number for.
fn num(out: &mut String, x: f64) {
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
