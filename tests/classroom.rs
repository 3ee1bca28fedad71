//! The classroom views through the command line: golden outputs for the tree,
//! the trace and the figures on the book's examples, the SVG read back as XML,
//! the DOT read by Graphviz where it is installed, the gradient check on every
//! sample, and assertions.
//!
//! Golden files live in `tests/golden/`; after a deliberate change, rewrite
//! them with `UPDATE_GOLDEN=1 cargo test --test classroom` and read the diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

/// The book's shopping example, 5.4.2: 715, and gradients 2.2, 110, 3.3, 165, 650.
const APPLE_ORANGE: &str = "samples/apple_orange.cg";
/// The book's first example, 5.4.1: 220, and gradients 2.2, 110, 200.
const APPLE: &str = "apple = 100; apple_num = 2; tax = 1.1; apple*apple_num*tax";

fn cgraph(args: &[&str]) -> Output {
    let mut command = Command::cargo_bin("cgraph").expect("the binary is built");
    command.current_dir(env!("CARGO_MANIFEST_DIR")).args(["--color", "never"]).args(args);
    command.output().expect("cgraph runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 errors")
}

/// Compares `actual` with the golden file `name`, or rewrites it when asked.
fn golden(name: &str, actual: &str) {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("the golden file is written");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(actual, expected, "{name} differs from its golden file");
}

fn view(args: &[&str]) -> String {
    let output = cgraph(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

#[test]
fn golden_tree() {
    golden("apple_orange.tree", &view(&["--format", "tree", APPLE_ORANGE]));
    golden("apple.tree", &view(&["--format", "tree", "-e", APPLE]));
}

#[test]
fn golden_trace() {
    golden("apple_orange.trace", &view(&["--trace", APPLE_ORANGE]));
    golden("apple.trace", &view(&["--trace", "-e", APPLE]));
}

#[test]
fn golden_dot() {
    golden("apple_orange.dot", &view(&["--format", "dot", APPLE_ORANGE]));
    golden("apple.dot", &view(&["--format", "dot", "-e", APPLE]));
}

#[test]
fn golden_mermaid() {
    golden("apple_orange.mmd", &view(&["--format", "mermaid", APPLE_ORANGE]));
    golden("apple.mmd", &view(&["--format", "mermaid", "-e", APPLE]));
}

#[test]
fn the_books_numbers_are_on_the_edges() {
    let dot = view(&["--format", "dot", APPLE_ORANGE]);
    for (value, grad) in
        [("100", "2.2"), ("2", "110"), ("150", "3.3"), ("3", "165"), ("1.1", "650"), ("715", "1")]
    {
        let label = format!(">{value}</font><br/><font color=\"#d62728\">{grad}</font>>");
        assert!(dot.contains(&label), "no edge {value} / {grad} in\n{dot}");
    }
}

#[test]
fn svg_is_one_xml_document_with_every_label_and_number() {
    let svg = view(&["--format", "svg", APPLE_ORANGE]);
    let document = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    let texts: Vec<&str> = document.descendants().filter_map(|n| n.text()).map(str::trim).collect();
    for label in ["apple", "apple_num", "orange", "orange_num", "tax", "×", "+"] {
        assert!(texts.contains(&label), "no text {label:?} in the SVG");
    }
    for number in ["100", "2.2", "110", "150", "3.3", "165", "650", "1.1", "200", "450", "715", "1"] {
        assert!(texts.contains(&number), "no number {number} in the SVG");
    }
    // Every node's label (as the JSON output gives it) is in a tooltip or a text.
    let json = view(&["--format", "json", APPLE_ORANGE]);
    for label in json.split("\"label\":\"").skip(1).filter_map(|rest| rest.split('"').next()) {
        assert!(texts.iter().any(|t| t.contains(label)), "no label {label:?} in the SVG");
    }
}

#[test]
fn several_evaluations_make_one_svg_and_one_digraph_each() {
    let script = "x = 3; y = 2; x*x + y; sigmoid(x) * y";
    let svg = view(&["--format", "svg", "-e", script]);
    let document = roxmltree::Document::parse(&svg).expect("one well-formed document");
    let figures = document.root_element().children().filter(|n| n.has_tag_name("g")).count();
    assert_eq!(figures, 2);
    let dot = view(&["--format", "dot", "-e", script]);
    assert_eq!(dot.matches("digraph cgraph {").count(), 2);
    let mermaid = view(&["--format", "mermaid", "-e", script]);
    assert_eq!(mermaid.matches("flowchart LR").count(), 2);
}

#[test]
fn graphviz_reads_the_dot() {
    // CI installs Graphviz (.ci/run): the figure is checked by the program that draws it.
    let version = Command::new("dot").arg("-V").output().expect("Graphviz `dot` is installed (bash .ci/run)");
    assert!(version.status.success());
    let scripts = [
        &["--format", "dot", APPLE_ORANGE][..],
        &["--format", "dot", "-e", "x = 3; りんご = 2; x*x; sigmoid(x)*りんご"],
    ];
    for args in scripts {
        let dot = view(args);
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("dot starts");
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(dot.as_bytes()).expect("dot reads");
        let output = child.wait_with_output().expect("dot finishes");
        assert!(output.status.success(), "dot refused:\n{}\n{dot}", stderr(&output));
        assert!(stdout(&output).contains("<svg"));
    }
}

#[test]
fn the_gradient_check_passes_on_every_sample() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut checked = 0;
    for entry in std::fs::read_dir(samples).expect("samples/ exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "cg") {
            continue;
        }
        let path = path.to_string_lossy().into_owned();
        let plain = cgraph(&[&path]);
        if !plain.status.success() {
            continue; // a sample of an error: nothing to check
        }
        let output = cgraph(&["--check", &path]);
        let out = stdout(&output);
        // A literal exponent is the layer's parameter: nothing gets a NaN
        // gradient from `e^2` with e < 0, and no sample has a flagged row.
        assert!(!out.contains("flagged") && output.status.success(), "{path}:\n{out}{}", stderr(&output));
        checked += 1;
    }
    assert!(checked >= 2, "checked {checked} samples");
}

#[test]
fn the_gradient_check_flags_a_kink_and_exits_1() {
    let output = cgraph(&["--check", "-e", "x = 0; relu(x) + x"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("#0  x            1      1.5   0.33  flagged: a kink"),
        "{}",
        stdout(&output)
    );
    assert!(stderr(&output).contains("the gradient check flagged 1 gradient"));
}

/// A NaN or an infinity on either side of the check is never "ok": NaN
/// beside NaN from a power of a negative base, inf beside NaN at a pole.
#[test]
fn the_gradient_check_never_calls_nan_agreement() {
    for (script, flagged) in [("x = -1; y = 0.5; x^y", 2), ("x = 0; ln(x)", 1), ("x = 0; sqrt(x)", 1)] {
        let output = cgraph(&["--check", "-e", script]);
        let out = stdout(&output);
        assert_eq!(output.status.code(), Some(1), "{script}:\n{out}");
        let rows: Vec<&str> = out.lines().filter(|l| l.starts_with('#') && !l.starts_with("# ")).collect();
        assert_eq!(rows.len(), flagged, "{script}:\n{out}");
        assert!(rows.iter().all(|r| r.ends_with("flagged: not a finite number")), "{script}:\n{out}");
        assert!(stderr(&output).contains(&format!("the gradient check flagged {flagged} gradient")));
    }
}

/// `grad()` is a number, never differentiated: d/dx of grad(x*x, x) * x is
/// 8 at x = 2, and cgraph refuses rather than say 4; `assert` still uses it.
#[test]
fn a_gradient_inside_a_differentiated_graph_is_refused() {
    let output = cgraph(&["--check", "-e", "x=2; d = grad(x*x,x); d*x"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let message = stderr(&output);
    assert!(
        message.starts_with(
            "<-e>:1:10: error: `grad(x*x,x)` (in the formula `d`) depends on `x`, which this graph \
             differentiates: that would need the derivative of a gradient, and a second derivative \
             is not computed\n1 | x=2; d = grad(x*x,x); d*x\n  |          ^^^^^^^^^^^ "
        ),
        "{message}"
    );
    let passes = cgraph(&["-e", "x = 2; assert grad(x*x, x) == 4; assert grad(x*x, x)*x == 8"]);
    assert!(passes.status.success(), "{}", stderr(&passes));
    // Alone, or beside inputs it does not use, a gradient is a leaf.
    let alone = cgraph(&["--check", "-e", "x = 2; y = 5; grad(x*x, x)*y"]);
    assert!(alone.status.success(), "{}", stderr(&alone));
    assert!(stdout(&alone).starts_with("grad(x*x, x)*y = 20\n"), "{}", stdout(&alone));
}

#[test]
fn the_check_goes_to_stderr_beside_machine_formats() {
    let output = cgraph(&["--check", "--trace", "--format", "json", "-e", "x = 2; x*x"]);
    assert!(output.status.success());
    let json = stdout(&output);
    assert_eq!(json.lines().count(), 1, "only JSON on stdout: {json}");
    assert!(stderr(&output).contains("gradient check of x*x"));
    assert!(stderr(&output).contains("x: grad = 2 + 2 = 4"));
}

#[test]
fn homework_checks_itself_with_assert_and_grad() {
    let output = cgraph(&["samples/homework_apple_orange.cg"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = cgraph(&["-e", "apple = 100; tax = 1.1\nassert grad(apple*2*tax, apple) == 2.3"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.starts_with("<-e>:2:1: error: assertion failed: the left side is 2.2"), "{message}");
    assert!(message.contains("the right side is 2.3"), "{message}");
    assert!(message.contains("2 | assert grad(apple*2*tax, apple) == 2.3\n  | ^^^^"), "{message}");
}

#[test]
fn assert_takes_a_tolerance_written_either_way() {
    for tolerance in ["+- 0.1", "± 0.1"] {
        let pass = cgraph(&["-e", &format!("x = 3\nassert grad(x*x, x) == 6.05 {tolerance}")]);
        assert!(pass.status.success(), "{tolerance}: {}", stderr(&pass));
        let fail = cgraph(&["-e", &format!("x = 3\nassert grad(x*x, x) == 6.2 {tolerance}")]);
        assert_eq!(fail.status.code(), Some(1), "{tolerance}");
    }
}

#[test]
fn a_deep_chain_draws_without_overflowing() {
    let script = format!("x = 1; {}x", "-".repeat(100_000));
    for format in ["tree", "dot", "mermaid", "svg"] {
        let output = cgraph(&["--format", format, "-e", &script]);
        assert!(output.status.success(), "{format}: {}", stderr(&output));
    }
    let output = cgraph(&["--trace", "--check", "-e", &script]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn figures_name_the_formula_nodes() {
    const COLOR: &str = "#222222";
    let script = ["-e", "x = -4; z = 2*x + 2 + x; q = relu(z) + z*x", "-e", "q*x"];
    let svg = view(&[&["--format", "svg"][..], &script[..]].concat());
    for name in ["z", "q"] {
        let caption = format!(r#"font-style="italic" text-anchor="middle" fill="{COLOR}">{name}</text>"#);
        assert!(svg.contains(&caption), "{name} in\n{svg}");
    }
    // Plain SVG only: every viewer draws halos and markers differently.
    assert!(!svg.contains("paint-order") && !svg.contains("marker"), "{svg}");
    let dot = view(&[&["--format", "dot"][..], &script[..]].concat());
    assert!(dot.contains(r#"xlabel="z""#) && dot.contains(r#"xlabel="q""#), "{dot}");
    assert_eq!(dot.matches("xlabel").count(), 2, "only formulas are named: {dot}");
    let mermaid = view(&[&["--format", "mermaid"][..], &script[..]].concat());
    assert!(mermaid.contains("<i>z</i>") && mermaid.contains("<i>q</i>"), "{mermaid}");
}
