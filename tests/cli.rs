//! The command line as a user meets it (SPEC 3 and 4): files, `-e`, stdin,
//! exit codes, colours, number display, the JSON shape, errors and warnings.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::process::Output;

use common::{cgraph, eval_json, json_lines, number};
use predicates::prelude::*;
use serde_json::{Value, json};

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// A temporary script file holding `text`.
fn script(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".cg").tempfile().expect("a temporary file");
    file.write_all(text.as_bytes()).expect("written");
    file
}

const ANSI: &str = "\x1b[";

// ---- what to run -------------------------------------------------------

#[test]
fn files_run_in_order_sharing_variables() {
    let first = script("apple = 100\napple_num = 2\n");
    let second = script("tax = 1.1\napple*apple_num*tax\n");
    let output = cgraph().args(["--format", "json"]).arg(first.path()).arg(second.path()).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let evals = json_lines(&output.stdout);
    assert_eq!(evals.len(), 1);
    assert_eq!(evals[0].grad("apple"), 2.2);
}

#[test]
fn repeated_e_options_share_variables() {
    let output = cgraph()
        .args(["--format", "json", "-e", "x = 3; y = 2", "-e", "x*y", "--eval", "x + y"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let values: Vec<f64> = json_lines(&output.stdout).iter().map(|e| e.value()).collect();
    assert_eq!(values, [6.0, 5.0]);
}

#[test]
fn piped_stdin_runs_as_a_script() {
    let output = cgraph().args(["--format", "json"]).write_stdin("x = 4\nx*x\n").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let evals = json_lines(&output.stdout);
    assert_eq!(evals.len(), 1);
    assert_eq!(evals[0].value(), 16.0);
    assert_eq!(evals[0].grad("x"), 8.0);
}

#[test]
fn files_run_before_e_and_share_their_variables() {
    let file = script("x = 5\nx\n");
    let output = cgraph().args(["--format", "json", "-e", "x*2"]).arg(file.path()).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let exprs: Vec<String> = json_lines(&output.stdout).iter().map(|e| e.expr().to_owned()).collect();
    assert_eq!(exprs, ["x", "x*2"]);
}

#[test]
fn stdin_is_not_read_when_there_is_something_else_to_run() {
    let output = cgraph().args(["-e", "1"]).write_stdin("this is not cgraph (").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn assignments_print_nothing_and_text_tables_are_separated_by_a_blank_line() {
    let output = cgraph().args(["-e", "a = 2; b = a*3", "-e", "a", "-e", "b"]).output().unwrap();
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with("a = 2\n"), "{text}");
    assert_eq!(text.matches("\n\n").count(), 1, "{text}");
    assert!(text.contains("\n\nb = 6\n"), "{text}");
}

// ---- exit codes ---------------------------------------------------------

#[test]
fn exit_status_is_0_when_everything_ran() {
    cgraph().args(["-e", "x = 1; x + 1; assert x == 1"]).assert().code(0).stderr("");
}

#[test]
fn exit_status_is_1_when_a_script_fails() {
    cgraph().args(["-e", "1 +"]).assert().code(1);
    cgraph().args(["-e", "undefined_thing"]).assert().code(1);
    cgraph().write_stdin("assert 1 == 2").assert().code(1);
}

#[test]
fn exit_status_is_2_for_usage_errors() {
    for args in [
        &["--format", "bogus", "-e", "1"][..],
        &["--color", "sometimes", "-e", "1"],
        &["--precision", "many", "-e", "1"],
        &["--precision", "0", "-e", "1"],
        &["--no-such-option"],
        &["-e"],
    ] {
        let output = cgraph().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(!stderr(&output).is_empty(), "{args:?} said nothing");
    }
}

#[test]
fn a_missing_file_is_a_usage_error_that_names_it() {
    let output = cgraph().arg("no/such/file.cg").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("no/such/file.cg") && message.contains("no such file"), "{message}");
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn help_and_version_exit_0() {
    cgraph().arg("--help").assert().code(0).stdout(predicate::str::contains("--format"));
    cgraph().arg("--version").assert().code(0).stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

// ---- errors and warnings -----------------------------------------------

#[test]
fn a_script_stops_at_its_first_error_after_printing_what_came_before() {
    let output = cgraph()
        .args(["--format", "json", "-e", "x = 1; x*2; price + 1; x*3", "-e", "x*4"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let exprs: Vec<String> = json_lines(&output.stdout).iter().map(|e| e.expr().to_owned()).collect();
    assert_eq!(exprs, ["x*2"], "nothing after the error runs, not even the next -e");
    assert_eq!(
        stderr(&output),
        "<-e #1>:1:13: error: undefined name `price`\n1 | x = 1; x*2; price + 1; x*3\n  |             ^^^^^\n"
    );
}

#[test]
fn a_failing_file_stops_the_files_after_it() {
    let bad = script("a = 1\na +\n");
    let after = script("a\n");
    let output = cgraph().arg(bad.path()).arg(after.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    let message = stderr(&output);
    let origin = bad.path().display().to_string();
    assert!(message.starts_with(&format!("{origin}:2:4: error: expected an expression")), "{message}");
}

#[test]
fn errors_name_where_the_text_came_from() {
    let cases: [(&[&str], Option<&str>, &str); 3] = [
        (&["-e", "1 + )"], None, "<-e>:1:5: error: "),
        (&["-e", "1", "-e", "x = 2\nx +* 1"], None, "<-e #2>:2:4: error: "),
        (&[], Some("\n\n  (1"), "<stdin>:3:3: error: `(` is never closed"),
    ];
    for (args, stdin, start) in cases {
        let mut command = cgraph();
        command.args(args);
        if let Some(input) = stdin {
            command.write_stdin(input);
        }
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(stderr(&output).starts_with(start), "{args:?}: {}", stderr(&output));
    }
}

#[test]
fn invalid_utf8_on_stdin_is_an_error_with_its_place() {
    let output = cgraph().write_stdin(&b"x = 1\ny = \xff\n"[..]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "<stdin>:2:5: error: the text is not valid UTF-8\n2 | y = \u{FFFD}\n  |     ^\n"
    );
}

#[test]
fn a_warning_names_the_first_non_finite_node() {
    let output = cgraph().args(["--format", "json", "-e", "x = 0; 2 + ln(x)*3 + 1/x"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "a non-finite value is no error");
    let evals = json_lines(&output.stdout);
    assert_eq!(evals.len(), 1);
    assert!(evals[0].value().is_nan(), "-inf + inf is NaN");
    let message = stderr(&output);
    let first = message.lines().next().unwrap_or_default();
    assert!(first.starts_with("<-e>:1:8: warning: "), "{message}");
    assert!(first.contains("`ln(x)`") && first.contains("-inf"), "{message}");
    assert!(!first.contains("1/x"), "only the first non-finite node is named: {message}");
    assert_eq!(message.matches("warning").count(), 1, "one warning per evaluation: {message}");
}

#[test]
fn a_non_finite_definition_is_kept_with_a_warning() {
    let output = cgraph().args(["--format", "json", "-e", "big = 1/0; big*0 + 1; big"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let evals = json_lines(&output.stdout);
    assert_eq!(evals.len(), 2, "`big` is still defined after the warning");
    assert_eq!(evals[1].value(), f64::INFINITY);
    let message = stderr(&output);
    assert!(message.starts_with("<-e>:1:7: warning: "), "{message}");
    assert!(message.contains("`big`") && message.contains("inf"), "{message}");
}

// ---- colour ---------------------------------------------------------------

#[test]
fn color_always_paints_values_and_gradients_in_two_colours() {
    let output = cgraph().args(["--color", "always", "-e", "x = 3; x*2"]).output().unwrap();
    let text = stdout(&output);
    // The value column and the gradient column carry different escape codes.
    let row = text.lines().find(|l| l.starts_with("0  x")).expect("the row of x");
    let codes: BTreeSet<&str> =
        row.split(ANSI).skip(1).filter_map(|s| s.split('m').next()).filter(|c| *c != "0").collect();
    assert!(codes.len() >= 2, "value and gradient look alike: {row:?}");
}

#[test]
fn color_always_paints_errors_too() {
    let output = cgraph().args(["--color", "always", "-e", "1 +"]).output().unwrap();
    assert!(stderr(&output).contains(ANSI), "{:?}", stderr(&output));
}

#[test]
fn no_colour_when_never_or_when_piped() {
    for args in [
        &["--color", "never", "-e", "x = 3; x*2; y"][..],
        &["-e", "x = 3; x*2; y"],
        &["--color", "auto", "-e", "x = 3; x*2; y"],
    ] {
        let output = cgraph().args(args).output().unwrap();
        assert!(!stdout(&output).contains(ANSI), "{args:?}: {:?}", stdout(&output));
        assert!(!stderr(&output).contains(ANSI), "{args:?}: {:?}", stderr(&output));
        assert!(stdout(&output).contains("x*2 = 6"), "{args:?}");
    }
}

/// Runs `cgraph ARGS` on a pseudo-terminal (util-linux `script`), so that
/// `auto` sees a terminal; None where `script` is not installed.
fn on_a_terminal(args: &str, no_color: bool) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_cgraph");
    let mut command = std::process::Command::new("script");
    command.args(["-qec", &format!("{bin} {args}"), "/dev/null"]).env_remove("NO_COLOR");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    let output = command.stdin(std::process::Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn auto_colours_a_terminal_unless_no_color_is_set() {
    let Some(coloured) = on_a_terminal("-e 'x = 3; x*2'", false) else {
        eprintln!("skipped: util-linux `script` is not available to make a terminal");
        return;
    };
    assert!(coloured.contains(ANSI), "auto on a terminal: {coloured:?}");
    let plain = on_a_terminal("-e 'x = 3; x*2'", true).expect("ran once already");
    assert!(!plain.contains(ANSI), "NO_COLOR=1: {plain:?}");
    assert!(plain.contains("x*2 = 6"), "{plain:?}");
}

// ---- numbers ----------------------------------------------------------------

#[test]
fn numbers_show_10_significant_digits_by_default() {
    let output = cgraph().args(["-e", "(100*2 + 150*3)*1.1"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.starts_with("(100*2 + 150*3)*1.1 = 715\n"), "715.0000000000001 shows as 715: {text}");
    let row = text.lines().find(|l| l.contains("  150  ")).expect("the row of 150");
    assert!(row.trim_end().ends_with(" 3.3"), "3.3000000000000003 shows as 3.3: {row}");
    let output = cgraph().args(["-e", "1/3"]).output().unwrap();
    assert!(stdout(&output).starts_with("1/3 = 0.3333333333\n"), "{}", stdout(&output));
}

#[test]
fn precision_sets_the_significant_digits() {
    let output = cgraph().args(["--precision", "3", "-e", "sqrt(2)"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.starts_with("sqrt(2) = 1.41\n"), "{text}");
    assert!(text.contains(" 0.354"), "gradients too: {text}");
    let output = cgraph().args(["--precision", "17", "-e", "1/3"]).output().unwrap();
    assert!(stdout(&output).starts_with("1/3 = 0.33333333333333331\n"), "{}", stdout(&output));
}

#[test]
fn exact_shows_the_shortest_round_trip() {
    let output = cgraph().args(["--exact", "-e", "0.1 + 0.2; (100*2 + 150*3)*1.1"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.starts_with("0.1 + 0.2 = 0.30000000000000004\n"), "{text}");
    assert!(text.contains("(100*2 + 150*3)*1.1 = 715.0000000000001\n"), "{text}");
    assert!(text.contains("3.3000000000000003"), "{text}");
}

#[test]
fn non_finite_numbers_are_written_as_words_in_text() {
    let output = cgraph().args(["-e", "1/0; -1/0; 0/0"]).output().unwrap();
    let text = stdout(&output);
    for title in ["1/0 = inf\n", "-1/0 = -inf\n", "0/0 = NaN\n"] {
        assert!(text.contains(title), "{title:?} in {text}");
    }
}

// ---- JSON (SPEC 4) ----------------------------------------------------------

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
