//! `--format json`: one JSON object per evaluation, on one line (JSON Lines).
//! Numbers are exact f64 (shortest round trip); inf and NaN, which JSON lacks,
//! are the strings "inf", "-inf" and "nan".

use std::io::{self, Write};

use super::number::{self, Digits};
use crate::graph::NodeId;
use crate::report::Evaluation;

/// Writes `evaluation` as one line of JSON, streaming node by node.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation) -> io::Result<()> {
    let graph = &evaluation.graph;
    write!(
        out,
        "{{\"expr\":{},\"value\":{},\"output\":{},\"nodes\":[",
        string(&evaluation.text),
        num(evaluation.value()),
        evaluation.output
    )?;
    for (i, node) in graph.nodes.iter().enumerate() {
        let id = i as NodeId;
        let comma = if i == 0 { "" } else { "," };
        let name = graph.name(id).map_or_else(|| "null".to_owned(), string);
        let inputs: Vec<String> = node.operands().iter().map(u32::to_string).collect();
        write!(
            out,
            "{comma}{{\"id\":{i},\"op\":\"{}\",\"name\":{name},\"label\":{},\"inputs\":[{}],\"value\":{},\"grad\":{}}}",
            node.layer.name(),
            string(&graph.label(id)),
            inputs.join(","),
            num(node.value),
            num(node.grad),
        )?;
    }
    writeln!(out, "]}}")
}

/// A JSON string, escaped by serde_json.
fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A JSON number, or a string for the values JSON has no number for.
fn num(x: f64) -> String {
    if x.is_nan() {
        "\"nan\"".into()
    } else if x.is_infinite() {
        if x > 0.0 { "\"inf\"".into() } else { "\"-inf\"".into() }
    } else if x == 0.0 {
        // JSON has -0 but most readers lose its sign anyway; keep it honest.
        if x.is_sign_negative() { "-0.0".into() } else { "0".into() }
    } else {
        number::format(x, Digits::Exact)
    }
}
