//! The fuzz target: generated and mutated statements through the whole
//! pipeline (parse, session, evaluation, every output format, the gradient
//! check, the trace, and the REPL with its commands), asserting that nothing
//! panics and that what succeeds is well formed (JSON lines parse, an SVG is
//! XML). Seeds for mutation are `samples/` and `tests/fuzz_corpus/`; cases
//! that once failed are kept in `tests/fuzz.proptest-regressions`.
//!
//! `cargo test` runs a short run (`FUZZ_CASES`, default 128, in a few
//! seconds of a debug build). A long run:
//! `FUZZ_CASES=100000 cargo test --release --test fuzz`.

use std::path::Path;
use std::rc::Rc;

use cgraph::render::{Digits, Format, Look, Nodes};
use cgraph::repl::Repl;
use cgraph::script::{self, Printer, Stop};
use cgraph::session::Session;
use cgraph::source::Source;
use clap::ValueEnum;
use proptest::prelude::*;
use proptest::test_runner::Config;

const NAMES: &[&str] =
    &["x", "y", "apple", "tax", "X", "りんご_1", "z9", "_", "assert", "grad", "exp", "asserted"];
const FUNCTIONS: &[&str] =
    &["exp", "ln", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "max", "min", "pow", "f"];
const NUMBERS: &[&str] = &["0", "1", "2.5", ".5", "1e308", "1e-320", "3E+2", "100", "1.", "0.1"];
const OPERATORS: &[&str] = &["+", "-", "*", "/", "^", "**"];
/// What mutations insert: the language's pieces and the characters that
/// have broken parsers (controls, direction marks, a byte-order mark).
const PIECES: &[&str] = &[
    "(", ")", ",", "+", "-", "*", "**", "^", "/", "=", "==", "+-", "±", "#", ";", "\n", "\r\n", "\r", "\t",
    " ", "assert ", "grad(", "x", "é", "日", "\u{202E}", "\u{2066}", "\u{FEFF}", "\0", "\x1b", "1e308", ".",
    "e", "_", "\u{FFFD}", "((((((((", "))))", "-----", "0/0",
];

/// An expression of bounded depth, as text.
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(NAMES).prop_map(str::to_owned),
        prop::sample::select(NUMBERS).prop_map(str::to_owned),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), prop::sample::select(OPERATORS), inner.clone())
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            (prop::sample::select(FUNCTIONS), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            (inner.clone(), prop::sample::select(NAMES)).prop_map(|(y, x)| format!("grad({y}, {x})")),
            inner.clone().prop_map(|e| format!("({e})")),
            inner.prop_map(|e| format!("-{e}")),
        ]
    })
}

/// One statement: an assignment, an evaluation, an assertion, a comment.
fn statement() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (prop::sample::select(NAMES), expr()).prop_map(|(name, e)| format!("{name} = {e}")),
        3 => expr(),
        1 => (expr(), expr(), prop::option::of(expr())).prop_map(|(a, b, t)| match t {
            Some(t) => format!("assert {a} == {b} +- {t}"),
            None => format!("assert {a} == {b}"),
        }),
        1 => Just("# a comment".to_owned()),
        1 => Just(String::new()),
    ]
}

/// A script of a few statements, joined as people write them.
fn generated() -> impl Strategy<Value = String> {
    prop::collection::vec((statement(), prop::sample::select(&["\n", "; ", "\r\n", " # note\n"][..])), 1..6)
        .prop_map(|parts| parts.into_iter().map(|(s, sep)| s + sep).collect())
}

/// The texts mutations start from: every sample and every corpus file.
fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = Vec::new();
    for folder in ["samples", "samples/errors", "tests/fuzz_corpus"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(folder))
            .unwrap_or_else(|e| panic!("{folder}: {e}"))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.is_file())
            .collect();
        files.sort();
        seeds.extend(files.iter().map(|path| std::fs::read(path).unwrap()));
    }
    assert!(seeds.len() > 10, "the corpus is there");
    seeds
}

/// One edit of a text's bytes (positions are taken modulo its length).
#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, &'static str),
    InsertByte(usize, u8),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), prop::sample::select(PIECES)).prop_map(|(at, piece)| Edit::Insert(at, piece)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Edit::InsertByte(at, byte)),
        2 => (any::<usize>(), 1..20usize).prop_map(|(at, len)| Edit::Delete(at, len)),
        1 => (any::<usize>(), 1..40usize).prop_map(|(at, len)| Edit::Duplicate(at, len)),
    ]
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let at = |n: usize, len: usize| if len == 0 { 0 } else { n % (len + 1) };
    match *edit {
        Edit::Insert(n, piece) => {
            let at = at(n, bytes.len());
            bytes.splice(at..at, piece.bytes());
        }
        Edit::InsertByte(n, byte) => bytes.insert(at(n, bytes.len()), byte),
        Edit::Delete(n, len) => {
            let at = at(n, bytes.len());
            bytes.drain(at..(at + len).min(bytes.len()));
        }
        Edit::Duplicate(n, len) => {
            let at = at(n, bytes.len());
            let copy = bytes[at..(at + len).min(bytes.len())].to_vec();
            bytes.splice(at..at, copy);
        }
    }
}

/// A test input: a generated script, or a seed or generated script mutated.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let seeds = seeds();
    let base = prop_oneof![generated().prop_map(String::into_bytes), prop::sample::select(seeds),];
    (base, prop::collection::vec(edit(), 0..5), any::<bool>()).prop_map(|(mut bytes, edits, mutate)| {
        if mutate {
            edits.iter().for_each(|e| apply(&mut bytes, e));
        }
        bytes
    })
}

/// Runs `bytes` as a script in every format, with and without the views,
/// and as lines typed into the REPL followed by its commands.
fn pipeline(bytes: &[u8], color: bool, exact: bool) {
    let source = Source::from_bytes("<fuzz>", bytes.to_vec());
    let digits = if exact { Digits::Exact } else { Digits::Significant(10) };
    let look = Look { digits, color };
    for &format in Format::value_variants() {
        for views in [false, true] {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let mut printer = Printer::new(&mut out, &mut err, look, format);
            printer.trace = views;
            printer.check = views;
            printer.nodes = if views { Nodes::Named } else { Nodes::All };
            let mut session = Session::new();
            let ran = script::run(&mut session, &source, &mut printer, &mut cgraph::repl::Piped);
            printer.finish().expect("memory takes every write");
            match ran {
                Ok(()) => well_formed(format, &out, views),
                Err(Stop::Failed) => {
                    // With colour on, the word is painted: its codes stand before the colon.
                    let shown = String::from_utf8_lossy(&err).replace("\x1b[0m", "");
                    assert!(shown.contains("error: "), "no error shown")
                }
                Err(Stop::Interrupted { .. }) => panic!("nothing pressed Ctrl-C"),
                Err(Stop::Io(e)) => panic!("memory takes every write: {e}"),
            }
        }
    }
    let mut repl = Repl::new(Session::new(), look, Format::Text);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let text: Rc<str> = source.text.clone();
    let commands = [":vars", ":graph", ":trace", ":check", ":dot", ":show x", ":del x", ":quiz", "1", ":q"];
    for line in text.lines().chain(commands) {
        repl.handle_line(line, &mut out, &mut err).expect("memory takes every write");
    }
    repl.finish(&mut out, &mut err).expect("memory takes every write");
}

/// What a format promises of a run that succeeded.
fn well_formed(format: Format, out: &[u8], views: bool) {
    let text = std::str::from_utf8(out).expect("output is UTF-8");
    match format {
        Format::Json => {
            for line in text.lines() {
                serde_json::from_str::<serde_json::Value>(line)
                    .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            }
        }
        Format::Svg if !text.is_empty() => {
            roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not XML ({e})"));
        }
        Format::Text if !views => assert!(text.is_empty() || text.contains(" = "), "{text}"),
        _ => {}
    }
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(128)
}

proptest! {
    #![proptest_config(Config { cases: cases(), max_shrink_iters: 2000, ..Config::default() })]

    #[test]
    fn nothing_panics_and_what_succeeds_is_well_formed(bytes in input(), color in any::<bool>(), exact in any::<bool>()) {
        pipeline(&bytes, color, exact);
    }
}

/// Every corpus file, whole: the inputs that once broke something.
#[test]
fn the_corpus_runs_through_the_pipeline() {
    for seed in seeds() {
        pipeline(&seed, false, false);
        pipeline(&seed, true, true);
    }
}
