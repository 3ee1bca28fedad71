//! Every view of a graph on matrices (SPEC 8, "Printing", "Backward from a
//! matrix", "Trace and figures"), checked against numbers worked out by hand
//! on small matrices.
//!
//! The running example: A = [1, 2; 3, 4], so A @ A = [7, 10; 15, 22] and
//! A @ A + [1, 1] = [8, 11; 16, 23], whose elements sum to 58. Backward from
//! the sum (or from A @ A seeded with ones), d(A @ A) = ones(2, 2), and
//! d(A) = ones @ Aᵀ + Aᵀ @ ones: ones @ Aᵀ repeats A's row sums [3, 7] in
//! each row, Aᵀ @ ones repeats A's column sums [4, 6] down each column, so
//! d(A) = [3 + 4, 7 + 4; 3 + 6, 7 + 6] = [7, 11; 9, 13]. The bias row [1, 1]
//! is broadcast over two rows: its gradient sums them, [2, 2].

mod common;

use common::{cgraph, eval_json, stdout};
use serde_json::json;

const A: &str = "A = [1, 2; 3, 4]";

/// Runs cgraph with `args` and the `-e` statements, and returns stdout.
fn run(args: &[&str], statements: &[&str]) -> String {
    let mut command = cgraph();
    command.args(args);
    for statement in statements {
        command.args(["-e", statement]);
    }
    let output = command.output().expect("cgraph runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    stdout(&output)
}

#[test]
fn the_table_has_a_shape_column_and_matrices_in_one_line() {
    let text = run(&[], &[A, "sum(A @ A + [1, 1])"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "sum(A @ A + [1, 1]) = 58", "{text}");
    let header: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(header, ["#", "node", "layer", "shape", "value", "grad"], "{text}");
    let row = |id: usize| -> String { lines[2 + id].split_whitespace().collect::<Vec<_>>().join(" ") };
    assert_eq!(row(0), "0 A input 2×2 [1, 2; 3, 4] [7, 11; 9, 13]");
    assert_eq!(row(1), "1 A @ A matmul 2×2 [7, 10; 15, 22] [1, 1; 1, 1]");
    assert_eq!(row(2), "2 [1, 1] const 1×2 [1, 1] [2, 2]");
    assert_eq!(row(4), "4 sum(A @ A + [1, 1]) sum 1×1 58 1");
    // Right-aligned to the last column: every row as wide as the header,
    // though `×` takes two bytes.
    let width = |line: &str| line.chars().count();
    assert!(lines[1..].iter().all(|line| width(line) == width(lines[1])), "{text}");
}

#[test]
fn a_matrix_output_says_its_seed_is_a_matrix_of_ones() {
    let text = run(&[], &[A, "A @ A"]);
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("A @ A = [7, 10; 15, 22]  (2×2, the seed is a matrix of ones"), "{first}");
    assert!(text.contains("[7, 11; 9, 13]"), "{text}");
    let tree = run(&["--format", "tree"], &[A, "A @ A"]);
    assert!(tree.lines().next().unwrap().contains("the seed is a matrix of ones"), "{tree}");
}

#[test]
fn scalar_tables_have_no_shape_column() {
    let text = run(&[], &["x = 3", "x*x + sum(3)"]);
    assert!(!text.contains("shape"), "{text}");
    let text = run(&[], &["x = 3", "x*x"]);
    assert_eq!(text.lines().nth(1), Some("#  node  layer  value  grad"));
}

#[test]
fn a_big_matrix_is_shown_by_its_corners() {
    let text = run(&[], &["X = [1, 2, 3, 4, 5, 6, 7; 8, 9, 10, 11, 12, 13, 14]", "sum(X * 2)"]);
    assert!(text.contains("[1, …, 7; 8, …, 14]"), "{text}");
    assert!(text.contains("[2, …, 14; 16, …, 28]"), "{text}");
    assert!(text.contains("2×7"), "{text}");
}

#[test]
fn json_gives_every_node_a_shape_and_matrices_as_rows() {
    let evaluations = eval_json(&format!("{A}; A @ A + [1, 1]"));
    let json = &evaluations[0].0;
    assert_eq!(json["value"], json!([[8, 11], [16, 23]]));
    let nodes = json["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["shape"], json!([2, 2]));
    assert_eq!(nodes[0]["value"], json!([[1, 2], [3, 4]]));
    assert_eq!(nodes[0]["grad"], json!([[7, 11], [9, 13]]));
    assert_eq!(nodes[2]["shape"], json!([1, 2]));
    assert_eq!(nodes[2]["grad"], json!([[2, 2]]));
    assert!(nodes.iter().all(|n| n["shape"].is_array()), "{json}");
    // A 1×1 node of a graph on matrices is a number, with its shape.
    let json = &eval_json(&format!("{A}; sum(A, 0)"))[0].0;
    assert_eq!(json["value"], json!([[4, 6]]));
    assert_eq!(json["nodes"][1]["axis"], json!(0));
    let json = &eval_json(&format!("{A}; sum(A)"))[0].0;
    assert_eq!((json["value"].clone(), json["nodes"][1]["shape"].clone()), (json!(10), json!([1, 1])));
}

#[test]
fn json_writes_non_finite_matrix_entries_as_strings() {
    // ln([1, 0]) = [0, -inf]; its gradient 1/x = [1, inf].
    let output = cgraph().args(["--format", "json", "-e", "sum(ln([1, 0]))"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // The warning names the element that is not finite.
    let warning = String::from_utf8_lossy(&output.stderr);
    assert!(warning.contains("`ln([1, 0])` holds -inf (row 1, column 2)"), "{warning}");
    assert_eq!(json["value"], json!("-inf"));
    assert_eq!(json["nodes"][1]["value"], json!([[0, "-inf"]]));
    assert_eq!(json["nodes"][0]["grad"], json!([[1, "inf"]]));
}

#[test]
fn scalar_json_has_no_shape() {
    let json = &eval_json("x = 3; x*x")[0].0;
    assert!(json["nodes"].as_array().unwrap().iter().all(|n| n.get("shape").is_none()), "{json}");
}

#[test]
fn the_tree_shows_shapes_beside_values() {
    let tree = run(&["--format", "tree"], &[A, "sum(A @ A + [1, 1])"]);
    assert!(tree.contains("A  [#0 input]  value 2×2 [1, 2; 3, 4]  grad [7, 11; 9, 13]\n"), "{tree}");
    assert!(tree.contains("[1, 1]  [#2 const]  value 1×2 [1, 1]  grad [2, 2]\n"), "{tree}");
    assert!(tree.contains("sum(A @ A + [1, 1])  [#4 sum]  value 58  grad 1\n"), "{tree}");
}

#[test]
fn the_trace_writes_rules_with_shapes_and_small_numbers() {
    let trace = run(&["--trace"], &[A, "sum(A @ A + [1, 1])"]);
    for line in [
        "#1  matmul  A @ A: [1, 2; 3, 4] @ [1, 2; 3, 4] = [7, 10; 15, 22]\n",
        "→ d([1, 1])[1×2] = dout[2×2] = [1, 1; 1, 1], summed over the rows, to 1×2 = [2, 2]\n",
        // ones @ Aᵀ repeats A's row sums; Aᵀ @ ones repeats its column sums.
        "→ d(A)[2×2] = dout[2×2] @ Aᵀ[2×2] = [1, 1; 1, 1] @ [1, 2; 3, 4]ᵀ = [3, 7; 3, 7]\n",
        "→ d(A)[2×2] = Aᵀ[2×2] @ dout[2×2] = [1, 2; 3, 4]ᵀ @ [1, 1; 1, 1] = [4, 4; 6, 6]\n",
        "A: grad = [3, 7; 3, 7] + [4, 4; 6, 6] = [7, 11; 9, 13]\n",
    ] {
        assert!(trace.contains(line), "no `{line}` in\n{trace}");
    }
    let seeded = run(&["--trace"], &[A, "A @ A"]);
    assert!(seeded.contains("dout = [1, 1; 1, 1] (the seed: a matrix of ones"), "{seeded}");
}

#[test]
fn big_matrices_are_traced_by_their_shapes() {
    // Every element of dY is 1, so each element of dW = Xᵀ @ dY sums a
    // column of X: three ones, 3; db sums dY's three rows, 3 too.
    let statements = ["X = ones(3, 4)", "W = ones(4, 10)", "b = zeros(1, 10)", "sum(affine(X, W, b))"];
    let trace = run(&["--trace"], &statements);
    for line in [
        "affine(X, W, b): X[3×4] @ W[4×10] + b[1×10] = 3×10 [4, …, 4; …; 4, …, 4]\n",
        "→ d(W)[4×10] = Xᵀ[4×3] @ dout[3×10] = 4×10 [3, …, 3; …; 3, …, 3]\n",
        "→ d(X)[3×4] = dout[3×10] @ Wᵀ[10×4] = [10, 10, 10, 10; 10, 10, 10, 10; 10, 10, 10, 10]\n",
        "→ d(b)[1×10] = Σ over the rows of dout[3×10] = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3]\n",
    ] {
        assert!(trace.contains(line), "no `{line}` in\n{trace}");
    }
}

#[test]
fn a_layer_whose_elements_take_different_cases_names_each() {
    // A - [3, 2] = [-2, 0; 0, 2]: relu passes back only where it is above 0.
    let trace = run(&["--trace"], &[A, "sum(relu(A - [3, 2]))"]);
    let line = "→ d(#2)[2×2] = 0 where #2[2×2] ≤ 0; dout[2×2] where #2[2×2] > 0 = [0, 0; 0, 1]\n";
    assert!(trace.contains(line), "{trace}");
}

#[test]
fn figure_edges_show_shapes_and_the_values_of_small_matrices() {
    // Each use of A by `@` passes back its own share (see the trace test).
    let dot = run(&["--format", "dot"], &[A, "sum(A @ A + [1, 1])"]);
    let edge = |value: &str, grad: &str| {
        format!(r##"<font color="#222222">{value}</font><br/><font color="#d62728">{grad}</font>"##)
    };
    for (value, grad) in [
        ("2×2 [1, 2; 3, 4]", "2×2 [3, 7; 3, 7]"),
        ("2×2 [1, 2; 3, 4]", "2×2 [4, 4; 6, 6]"),
        ("1×2 [1, 1]", "1×2 [2, 2]"),
        ("58", "1"),
    ] {
        assert!(dot.contains(&edge(value, grad)), "no {value} / {grad} in\n{dot}");
    }
    // More than four elements: the shape alone.
    let statements = ["X = ones(3, 4)", "W = ones(4, 10)", "b = zeros(1, 10)", "sum(affine(X, W, b))"];
    let dot = run(&["--format", "dot"], &statements);
    assert!(dot.contains(&edge("4×10", "4×10")), "{dot}");
    assert!(dot.contains(r#"[label="affine", shape=circle"#), "{dot}");
    let mermaid = run(&["--format", "mermaid"], &["X = [1, 2]", "T = [0, 1]", "softmax_with_loss(X, T)"]);
    assert!(mermaid.contains("n2(\"softmax_with_loss\")"), "a box, not a circle: {mermaid}");
    // softmax([1, 2]) = [0.2689414214, 0.7310585786]; dX = softmax - T.
    assert!(mermaid.contains("1×2 [0.2689414214, -0.2689414214]"), "{mermaid}");
}
