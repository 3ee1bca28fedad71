//! `--format json` as SPEC 4 gives it: the SPEC's own example to the bit,
//! the keys, `op` names, `inputs` in argument order, forward order, the
//! `output` id, shared nodes, labels, and non-finite numbers as strings.

mod common;

use common::{cgraph, eval_json, json_lines, number, stderr, stdout};
use serde_json::{Value, json};

#[test]
fn json_is_exactly_the_specs_example() {
    let output = cgraph()
        .args(["--format", "json", "-e", "apple = 100; tax = 1.1", "-e", "apple*2*tax"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "one line per evaluation: {text}");
    assert!(
        text.starts_with("{\"expr\":\"apple*2*tax\",\"value\":220.00000000000003,\"output\":4,\"nodes\":[{")
    );
    let got: Value = serde_json::from_str(&text).unwrap();
    let want = json!({"expr":"apple*2*tax","value":220.00000000000003,"output":4,
    "nodes":[
     {"id":0,"op":"input","name":"apple","label":"apple","inputs":[],"value":100,"grad":2.2},
     {"id":1,"op":"const","name":null,"label":"2","inputs":[],"value":2,"grad":110.00000000000001},
     {"id":2,"op":"mul","name":null,"label":"apple*2","inputs":[0,1],"value":200,"grad":1.1},
     {"id":3,"op":"input","name":"tax","label":"tax","inputs":[],"value":1.1,"grad":200},
     {"id":4,"op":"mul","name":null,"label":"apple*2*tax","inputs":[2,3],"value":220.00000000000003,"grad":1}
    ]});
    assert_eq!(got, want);
}

/// Checks what every evaluation must hold: the keys, ids as positions,
/// operands before users, and `output` pointing at a node whose gradient is 1.
fn check_shape(evaluation: &Value) {
    let keys: Vec<&String> = evaluation.as_object().expect("an object").keys().collect();
    assert_eq!(keys.len(), 4, "{evaluation}");
    for key in ["expr", "value", "output", "nodes"] {
        assert!(evaluation.get(key).is_some(), "no `{key}` in {evaluation}");
    }
    let nodes = evaluation["nodes"].as_array().unwrap();
    for (i, node) in nodes.iter().enumerate() {
        let object = node.as_object().expect("a node is an object");
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["grad", "id", "inputs", "label", "name", "op", "value"], "{node}");
        assert_eq!(node["id"], i, "ids are positions: {node}");
        assert!(node["name"].is_null() || node["name"].is_string(), "{node}");
        assert!(node["label"].is_string(), "{node}");
        number(&node["value"]);
        number(&node["grad"]);
        for input in node["inputs"].as_array().expect("inputs is an array") {
            let input = input.as_u64().expect("an id") as usize;
            assert!(input < i, "forward order: node {i} uses {input}");
        }
        let leaf = node["op"] == "input" || node["op"] == "const";
        assert_eq!(leaf, node["inputs"].as_array().unwrap().is_empty(), "{node}");
    }
    let output = evaluation["output"].as_u64().expect("output is an id") as usize;
    assert_eq!(number(&nodes[output]["grad"]), 1.0, "d(out)/d(out) = 1");
    assert_eq!(number(&nodes[output]["value"]).to_bits(), number(&evaluation["value"]).to_bits());
}

/// The node of `evaluation` labelled `label` (first in forward order).
fn labelled<'a>(evaluation: &'a Value, label: &str) -> &'a Value {
    evaluation["nodes"].as_array().unwrap().iter().find(|n| n["label"] == label).unwrap_or_else(|| {
        panic!("no node labelled `{label}` in {evaluation}");
    })
}

#[test]
fn json_op_names_cover_every_layer() {
    let cases = [
        ("x + y", "add"),
        ("x - y", "sub"),
        ("x * y", "mul"),
        ("x / y", "div"),
        ("-x", "neg"),
        ("x ^ y", "pow"),
        ("x ** y", "pow"),
        ("f", "id"),
        ("exp(x)", "exp"),
        ("ln(x)", "ln"),
        ("log(x)", "ln"),
        ("sqrt(x)", "sqrt"),
        ("sin(x)", "sin"),
        ("cos(x)", "cos"),
        ("tanh(x)", "tanh"),
        ("sigmoid(x)", "sigmoid"),
        ("relu(x)", "relu"),
        ("abs(x)", "abs"),
        ("max(x, y)", "max"),
        ("min(x, y)", "min"),
        ("x", "input"),
        ("7", "const"),
    ];
    for (expr, op) in cases {
        let evals = eval_json(&format!("x = 0.5; y = 2; f = x\n{expr}"));
        let evaluation = &evals[0].0;
        check_shape(evaluation);
        let nodes = evaluation["nodes"].as_array().unwrap();
        let output = &nodes[evaluation["output"].as_u64().unwrap() as usize];
        assert_eq!(output["op"], op, "`{expr}`: {evaluation}");
        let arity = output["inputs"].as_array().unwrap().len();
        let expected = match op {
            "input" | "const" => 0,
            "add" | "sub" | "mul" | "div" | "pow" | "max" | "min" => 2,
            _ => 1,
        };
        assert_eq!(arity, expected, "`{expr}`");
    }
}

#[test]
fn json_inputs_are_in_argument_order() {
    // `x` is pushed first, so argument order differs from id order.
    let evals = eval_json("x = 3; y = 5\nx*0 + (y - x) + max(2*x, x) + y/x");
    let evaluation = &evals[0].0;
    check_shape(evaluation);
    let id = |label: &str| labelled(evaluation, label)["id"].clone();
    assert_eq!(labelled(evaluation, "y - x")["inputs"], json!([id("y"), id("x")]));
    assert_eq!(labelled(evaluation, "max(2*x, x)")["inputs"], json!([id("2*x"), id("x")]));
    assert_eq!(labelled(evaluation, "y/x")["inputs"], json!([id("y"), id("x")]));
    assert_eq!(number(&labelled(evaluation, "y - x")["value"]), 2.0);
}

#[test]
fn json_shares_one_node_per_name_and_one_per_literal() {
    let evals = eval_json("x = 3; sq = x*x\nsq + x*2 + 2");
    let evaluation = &evals[0].0;
    check_shape(evaluation);
    let nodes = evaluation["nodes"].as_array().unwrap();
    assert_eq!(nodes.iter().filter(|n| n["name"] == "x").count(), 1, "one x node: {evaluation}");
    assert_eq!(nodes.iter().filter(|n| n["label"] == "2").count(), 2, "two literal 2s: {evaluation}");
    // d/dx (x² + 2x + 2) = 2x + 2 = 8; the formula's node is the mul, named.
    assert_eq!(evals[0].grad("x"), 8.0);
    let square = evals[0].node("sq");
    assert_eq!((square["op"].as_str(), square["label"].as_str()), (Some("mul"), Some("sq")));
    assert_eq!(evals[0].value(), 17.0);
}

#[test]
fn json_writes_non_finite_numbers_as_strings() {
    let output = cgraph().args(["--format", "json", "-e", "z = 0\n1/z\n-1/z\nz/z\nln(z)"]).output().unwrap();
    assert!(output.status.success());
    assert_eq!(stderr(&output).matches("warning").count(), 4, "{}", stderr(&output));
    let evals = json_lines(&output.stdout);
    let values: Vec<&Value> = evals.iter().map(|e| &e.0["value"]).collect();
    assert_eq!(values, [&json!("inf"), &json!("-inf"), &json!("nan"), &json!("-inf")]);
    for evaluation in &evals {
        check_shape(&evaluation.0);
    }
    // 1/z: d/dz = -1/z² is -inf; the literal 1 gets 1/z = inf.
    assert_eq!(evals[0].0["nodes"][0]["grad"], json!("inf"));
    assert_eq!(evals[0].0["nodes"][1]["grad"], json!("-inf"));
}

#[test]
fn json_labels_are_shortened_to_40_characters() {
    let long = (1..=30).map(|i| format!("x{i}")).collect::<Vec<_>>().join(" + ");
    let defs = (1..=30).map(|i| format!("x{i} = {i}")).collect::<Vec<_>>().join("; ");
    let evals = eval_json(&format!("{defs}\n{long}"));
    let evaluation = &evals[0];
    assert_eq!(evaluation.expr(), long, "expr keeps the whole text");
    assert_eq!(evaluation.value(), 465.0);
    for node in evaluation.nodes() {
        let label = node["label"].as_str().unwrap();
        assert!(label.chars().count() <= 40, "{label}");
    }
    let root = &evaluation.nodes()[evaluation.output()];
    let label = root["label"].as_str().unwrap();
    assert_eq!(label.chars().count(), 40);
    assert!(label.ends_with('…') && long.starts_with(label.trim_end_matches('…')), "{label}");
}

#[test]
fn json_escapes_labels_and_keeps_unicode() {
    let evals = eval_json("りんご = 2\nりんご*3");
    assert_eq!(evals[0].expr(), "りんご*3");
    assert_eq!(evals[0].grad("りんご"), 3.0);
}

#[test]
fn json_puts_nothing_else_on_stdout() {
    let output = cgraph()
        .args(["--format", "json", "-e", "x = 0; ln(x); y = x + 1; assert y == 1; y"])
        .output()
        .unwrap();
    assert!(output.status.success());
    for line in stdout(&output).lines() {
        let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        check_shape(&value);
    }
    assert_eq!(stdout(&output).lines().count(), 2);
    assert!(stderr(&output).contains("warning"), "the warning goes to stderr");
}
