//! A literal exponent is the pow layer's parameter (SPEC sections 2 and 4):
//! one input, `"exponent"` in JSON, `^2` in figures, no NaN for `(y - t)^2`.
//! Any other exponent is a node with d/dy. Numbers are worked out by hand.

mod common;

use common::{cgraph, stdout};
use serde_json::Value;

/// The one evaluation `-e script` prints as JSON.
fn json(script: &str) -> Value {
    let output = cgraph().args(["--format", "json", "-e", script]).output().unwrap();
    assert!(output.status.success(), "{script}");
    serde_json::from_str(&stdout(&output)).unwrap()
}

/// The node of the evaluated expression.
fn root(evaluation: &Value) -> &Value {
    let id = evaluation["output"].as_u64().unwrap() as usize;
    &evaluation["nodes"][id]
}

fn close(got: &Value, want: f64) -> bool {
    let got = got.as_f64().unwrap_or(f64::NAN);
    (got - want).abs() <= 1e-12 * want.abs().max(1.0)
}

#[test]
fn the_loss_of_a_prediction_below_its_target_has_no_nan() {
    let output = cgraph().args(["--check", "-e", "y=0.6; t=1; (y-t)^2"]).output().unwrap();
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    assert!(!text.contains("NaN") && !text.contains("nan"), "{text}");
    // d/dy (y - t)^2 = 2 (y - t) = -0.8; d/dt = 0.8. No row for the `2`.
    let rows: Vec<Vec<&str>> = text.lines().map(|line| line.split_whitespace().collect()).collect();
    assert!(rows.contains(&vec!["0", "y", "input", "0.6", "-0.8"]), "{text}");
    assert!(rows.contains(&vec!["1", "t", "input", "1", "0.8"]), "{text}");
    assert!(rows.contains(&vec!["3", "(y-t)^2", "pow", "0.16", "1"]), "{text}");
    assert!(!rows.iter().any(|row| row.get(2) == Some(&"const")), "{text}");
    assert!(text.contains("all 2 gradients agree"), "{text}");
}

#[test]
fn json_gives_the_literal_exponent_and_one_input() {
    let evaluation = json("y=0.6; t=1; (y-t)^2");
    let pow = root(&evaluation);
    assert_eq!(pow["op"], "pow");
    assert_eq!(pow["inputs"], serde_json::json!([2]));
    assert_eq!(pow["exponent"], 2.0);
    assert!(close(&pow["value"], 0.16));
    assert!(close(&evaluation["nodes"][0]["grad"], -0.8));
    assert_eq!(evaluation["nodes"].as_array().unwrap().len(), 4);
}

#[test]
fn a_signed_or_bracketed_literal_is_a_parameter_too() {
    // x^-1 at 4: 0.25, d/dx = -x^-2 = -0.0625. x^0.5 at 4: 2, d/dx = 0.25.
    for (script, exponent, value, grad) in [
        ("x=4; x^(-1)", -1.0, 0.25, -0.0625),
        ("x=4; x^-1", -1.0, 0.25, -0.0625),
        ("x=4; x^(2)", 2.0, 16.0, 8.0),
        ("x=4; x^0.5", 0.5, 2.0, 0.25),
        ("x=4; x**3", 3.0, 64.0, 48.0),
    ] {
        let evaluation = json(script);
        let pow = root(&evaluation);
        assert_eq!(pow["inputs"].as_array().map(Vec::len), Some(1), "{script}");
        assert_eq!(pow["exponent"], exponent, "{script}");
        assert!(close(&pow["value"], value), "{script}: {pow}");
        assert!(close(&evaluation["nodes"][0]["grad"], grad), "{script}: {evaluation}");
    }
}

#[test]
fn any_other_exponent_is_a_node_with_its_gradient() {
    // x^y at x = 3, y = 2: d/dx = y x^(y-1) = 6, d/dy = x^y ln(x) = 9 ln 3.
    let evaluation = json("x=3; y=2; x^y");
    let pow = root(&evaluation);
    assert_eq!(pow["inputs"], serde_json::json!([0, 1]));
    assert!(pow.get("exponent").is_none(), "{pow}");
    assert!(close(&evaluation["nodes"][0]["grad"], 6.0));
    assert!(close(&evaluation["nodes"][1]["grad"], 9.0 * 3f64.ln()));
    // An exponent computed from literals is still a node: 3^(1+1) has an
    // `add` operand; 2^x has the const 2 as its base and x as exponent
    // (d/dx 2^x = 2^x ln 2 = 8 ln 2 at x = 3).
    let sum = json("x=3; x^(1+1)");
    assert_eq!(root(&sum)["inputs"].as_array().map(Vec::len), Some(2));
    let two = json("x=3; 2^x");
    assert_eq!(root(&two)["inputs"].as_array().map(Vec::len), Some(2));
    assert!(close(&two["nodes"][1]["grad"], 8.0 * 2f64.ln()), "{two}");
}

#[test]
fn the_trace_writes_the_rule_with_the_exponent() {
    let output = cgraph().args(["--trace", "-e", "x=3; x^2"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.contains("#1  pow    x^2: 3^2 = 9\n"), "{text}");
    assert!(text.contains("→ d(x) = dout × 2 × x^1 = 1 × 2 × 3^1 = 6\n"), "{text}");
    let output = cgraph().args(["--trace", "-e", "x=2; x^(-1)"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.contains("→ d(x) = dout × (-1) × x^(-2) = 1 × (-1) × 2^(-2) = -0.25\n"), "{text}");
}

#[test]
fn figures_draw_the_exponent_in_the_layers_symbol() {
    for (format, want) in [("dot", "label=\"^2\""), ("mermaid", "((\"^2\"))"), ("svg", ">^2<")] {
        let output = cgraph().args(["--format", format, "-e", "x=3; x^2"]).output().unwrap();
        let text = stdout(&output);
        assert!(output.status.success() && text.contains(want), "{format}: {text}");
    }
}
