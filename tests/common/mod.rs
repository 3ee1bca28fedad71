//! Helpers shared by the integration tests: running the binary, reading its
//! JSON Lines output, and comparing numbers with a relative tolerance.
#![allow(dead_code)] // each test file uses its own subset

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::rc::Rc;

use assert_cmd::Command;
use cgraph::error::Error;
use cgraph::report::Evaluation;
use cgraph::session::{Outcome, Session};
use serde_json::Value;

/// The built `cgraph` binary, with colour settings from the environment removed
/// so that tests decide them.
pub fn cgraph() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cgraph"));
    command.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR");
    command
}

/// A temporary script file holding `contents` (text or any bytes).
pub fn script(contents: impl AsRef<[u8]>) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".cg").tempfile().expect("a temporary file");
    file.write_all(contents.as_ref()).expect("written");
    file
}

/// What a run wrote on stdout, as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// What a run wrote on stderr, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs `cgraph --format json -e SOURCE` and returns its evaluations; fails
/// the test unless it exits 0 with nothing on stderr.
pub fn eval_json(source: &str) -> Vec<Json> {
    let output = cgraph().args(["--format", "json", "-e", source]).output().expect("cgraph runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && stderr.is_empty(), "`{source}` failed: {stderr}");
    json_lines(&output.stdout)
}

/// The value of the last evaluation of `source`, through the binary.
pub fn value_of(source: &str) -> f64 {
    eval_json(source).last().expect("an evaluation").value()
}

/// Every line of `stdout` as a JSON evaluation (and nothing else on it).
pub fn json_lines(stdout: &[u8]) -> Vec<Json> {
    let text = std::str::from_utf8(stdout).expect("stdout is UTF-8");
    text.lines()
        .map(|line| Json(serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))))
        .collect()
}

/// One evaluation as `--format json` prints it.
#[derive(Debug, Clone)]
pub struct Json(pub Value);

impl Json {
    pub fn value(&self) -> f64 {
        number(&self.0["value"])
    }

    pub fn expr(&self) -> &str {
        self.0["expr"].as_str().expect("expr is a string")
    }

    pub fn nodes(&self) -> &Vec<Value> {
        self.0["nodes"].as_array().expect("nodes is an array")
    }

    pub fn output(&self) -> usize {
        self.0["output"].as_u64().expect("output is an id") as usize
    }

    /// The one node named `key`, or else the one node labelled `key` (a
    /// literal); fails the test if there is none or more than one.
    pub fn node(&self, key: &str) -> &Value {
        let named: Vec<&Value> = self.nodes().iter().filter(|n| n["name"] == key).collect();
        let found = if named.is_empty() {
            self.nodes().iter().filter(|n| n["label"] == key).collect()
        } else {
            named
        };
        match found.as_slice() {
            [one] => one,
            [] => panic!("no node `{key}` in {}", self.0),
            _ => panic!("several nodes `{key}` in {}", self.0),
        }
    }

    /// The gradient of the output with respect to the node `key` (see [`Json::node`]).
    pub fn grad(&self, key: &str) -> f64 {
        number(&self.node(key)["grad"])
    }
}

/// A JSON number, or one of the strings "inf", "-inf", "nan" that stand for
/// the values JSON has no number for.
pub fn number(value: &Value) -> f64 {
    match value {
        Value::Number(n) => n.as_f64().expect("a finite f64"),
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        Value::String(s) if s == "nan" => f64::NAN,
        other => panic!("not a number: {other}"),
    }
}

/// Whether `got` is within `rel` of `want`, relative to the larger magnitude
/// (absolute near zero); equal infinities and two NaNs count as close.
pub fn close(got: f64, want: f64, rel: f64) -> bool {
    if got.is_nan() || want.is_nan() {
        return got.is_nan() && want.is_nan();
    }
    if got.is_infinite() || want.is_infinite() {
        return got == want;
    }
    (got - want).abs() <= rel * got.abs().max(want.abs()).max(1.0)
}

/// Fails with `what` unless `got` is within `rel` of `want` (see [`close`]).
#[track_caller]
pub fn assert_close(got: f64, want: f64, rel: f64, what: &str) {
    assert!(close(got, want, rel), "{what}: got {got:e}, want {want:e} (relative tolerance {rel:e})");
}

/// The repository's `samples/` folder.
pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The `.cg` files directly in `dir`, by file name, sorted.
pub fn cg_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder can be listed")
        .map(|entry| entry.expect("an entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "cg"))
        .map(|p| p.file_name().expect("a file name").to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs every statement of `text` in `session` through the library, as a
/// script does: stops at the first error and returns it.
pub fn run_script(session: &mut Session, text: &str) -> Result<Vec<Outcome>, Error> {
    let source: Rc<str> = text.into();
    session.run_all(&source)
}

/// Runs `text` in a fresh session through the library and returns its last
/// evaluation; fails the test on any error or if nothing was evaluated.
pub fn evaluate(text: &str) -> Evaluation {
    let mut session = Session::new();
    let outcomes = run_script(&mut session, text).unwrap_or_else(|e| panic!("`{text}`: {e}"));
    outcomes
        .into_iter()
        .rev()
        .find_map(|o| match o {
            Outcome::Evaluated(evaluation) => Some(*evaluation),
            _ => None,
        })
        .unwrap_or_else(|| panic!("`{text}` evaluates nothing"))
}

/// The gradient, in `evaluation`, of the output with respect to the input or
/// formula called `name`; None when the expression does not use it.
pub fn grad_of(evaluation: &Evaluation, name: &str) -> Option<f64> {
    let graph = &evaluation.graph;
    (0..graph.len()).find(|&i| graph.name(i as u32) == Some(name)).map(|i| graph.nodes[i].grad)
}
