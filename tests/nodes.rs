//! `--nodes all|named|inputs`: which rows the text table and the JSON list,
//! with every id still the node's position in the whole graph.

use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

/// The book's example with a formula: `price` is the `mul` node #2.
const SCRIPT: &str = "apple = 100; n = 2; tax = 1.1; price = apple*n; price*tax";

fn cgraph(args: &[&str]) -> String {
    let output = Command::cargo_bin("cgraph")
        .expect("the binary is built")
        .args(["--color", "never"])
        .args(args)
        .args(["-e", SCRIPT])
        .output()
        .expect("cgraph runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The (id, label, grad) of each table row, read from the text.
fn rows(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .skip(2)
        .map(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            (cells[0].to_owned(), cells[1].to_owned(), cells[cells.len() - 1].to_owned())
        })
        .collect()
}

fn row(id: &str, label: &str, grad: &str) -> (String, String, String) {
    (id.to_owned(), label.to_owned(), grad.to_owned())
}

#[test]
fn text_lists_every_node_by_default() {
    let all = cgraph(&[]);
    assert_eq!(all, cgraph(&["--nodes", "all"]));
    assert_eq!(rows(&all).len(), 5);
}

#[test]
fn text_lists_named_nodes_with_their_arena_ids() {
    let named = cgraph(&["--nodes", "named"]);
    assert!(named.starts_with("price*tax = 220\n"), "{named}");
    assert_eq!(
        rows(&named),
        [row("0", "apple", "2.2"), row("1", "n", "110"), row("2", "price", "1.1"), row("3", "tax", "200")]
    );
}

#[test]
fn text_lists_only_inputs() {
    let inputs = cgraph(&["--nodes", "inputs"]);
    assert_eq!(rows(&inputs), [row("0", "apple", "2.2"), row("1", "n", "110"), row("3", "tax", "200")]);
}

#[test]
fn json_keeps_arena_ids_when_rows_are_filtered() {
    let line = cgraph(&["--format", "json", "--nodes", "named"]);
    let object: Value = serde_json::from_str(&line).expect("one JSON object");
    assert_eq!(object["output"], 4);
    let nodes = object["nodes"].as_array().expect("a node list");
    let ids: Vec<u64> = nodes.iter().map(|n| n["id"].as_u64().expect("an id")).collect();
    assert_eq!(ids, [0, 1, 2, 3]);
    // `price` reads nodes 0 and 1 of the whole graph.
    assert_eq!(nodes[2]["name"], "price");
    assert_eq!(nodes[2]["inputs"], serde_json::json!([0, 1]));

    let line = cgraph(&["--format", "json", "--nodes", "inputs"]);
    let object: Value = serde_json::from_str(&line).expect("one JSON object");
    let names: Vec<&str> = object["nodes"]
        .as_array()
        .expect("a node list")
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["apple", "n", "tax"]);
    assert_eq!(object["nodes"][2]["id"], 3);
}
