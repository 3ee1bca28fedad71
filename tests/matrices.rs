//! The language on matrices, held to computations that share no code with
//! cgraph: every layer's backward pass against central differences taken
//! here (by running the script again with one element moved), on random
//! shapes and values, broadcasting both ways; the book's formulas and the
//! two_layer_net sample against numbers numpy printed; and bad input, each
//! a located error, never a panic, with nothing lost in the REPL.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use cgraph::matrix::Matrix;
use cgraph::report::Evaluation;
use cgraph::session::Session;
use common::{cgraph, close, evaluate, run_script, samples_dir, script, stderr, stdout};
use proptest::prelude::*;

/// A matrix as rows of numbers, as the tests write them.
type Rows = Vec<Vec<f64>>;

// ---- reading values and gradients ------------------------------------------------

/// `m` as a cgraph literal, every digit kept (`{:?}` round-trips an f64).
fn literal(m: &Rows) -> String {
    let rows: Vec<String> =
        m.iter().map(|row| row.iter().map(|x| format!("{x:?}")).collect::<Vec<_>>().join(", ")).collect();
    format!("[{}]", rows.join("; "))
}

fn rows_of(m: &Matrix) -> Rows {
    m.rows().into_iter().map(|row| row.to_vec()).collect()
}

/// The node of the input or formula `name` in `evaluation`.
fn node(evaluation: &Evaluation, name: &str) -> u32 {
    let graph = &evaluation.graph;
    (0..graph.len() as u32)
        .find(|&id| graph.name(id) == Some(name))
        .unwrap_or_else(|| panic!("no node `{name}` in `{}`", evaluation.text))
}

/// The gradient of the evaluated expression (of the sum of its elements)
/// with respect to `name`.
fn grad(evaluation: &Evaluation, name: &str) -> Rows {
    rows_of(&evaluation.graph.grad(node(evaluation, name)).to_matrix())
}

/// The value of the evaluated expression.
fn value(evaluation: &Evaluation) -> Rows {
    rows_of(&evaluation.graph.value(evaluation.output).to_matrix())
}

#[track_caller]
fn assert_rows(got: &Rows, want: &[&[f64]], rel: f64, what: &str) {
    let shape = |m: &[&[f64]]| (m.len(), m.first().map_or(0, |r| r.len()));
    let got_rows: Vec<&[f64]> = got.iter().map(Vec::as_slice).collect();
    assert_eq!(shape(&got_rows), shape(want), "{what}: the shape of {got:?}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        for (j, (&g, &w)) in g.iter().zip(w.iter()).enumerate() {
            assert!(close(g, w, rel), "{what}[{i}][{j}]: got {g:e}, want {w:e}; all: {got:?}");
        }
    }
}

// ---- central differences through the language --------------------------------------

/// The step of the test's own central difference.
const H: f64 = 1e-5;

/// Inputs of a script, by name.
type Inputs = Vec<(&'static str, Rows)>;

/// The script that defines `inputs` and evaluates `expr`.
fn script_of(inputs: &Inputs, expr: &str) -> String {
    let mut text: String = inputs.iter().map(|(name, m)| format!("{name} = {}\n", literal(m))).collect();
    text.push_str(expr);
    text
}

/// f = sum((expr) ⊙ C) for C of expr's shape: a dY that is not all ones
/// reaches the layer. Checks df/dname for every input but those `fixed`
/// (labels), and C, against (f(x + h) − f(x − h)) / 2h, where f(x ± h) is
/// the value of the same script with that one element moved.
fn check_gradients(mut inputs: Inputs, expr: &str, fixed: &[&str], pool: &mut Pool) {
    let output = evaluate(&script_of(&inputs, expr));
    let (rows, cols) = output.graph.shape(output.output).dim();
    inputs.push(("C", pool.matrix(rows, cols, |v| v)));
    let f = format!("sum(({expr}) * C)");
    let evaluation = evaluate(&script_of(&inputs, &f));
    for (k, (name, m)) in inputs.iter().enumerate() {
        if fixed.contains(name) {
            continue;
        }
        let backprop = grad(&evaluation, name);
        let shape = |m: &Rows| m.iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(shape(&backprop), shape(m), "d/d{name} of {f} has {name}'s shape");
        for (i, grads) in backprop.iter().enumerate() {
            for (j, &got) in grads.iter().enumerate() {
                let at = |step: f64| {
                    let mut moved = inputs.clone();
                    moved[k].1[i][j] += step;
                    evaluate(&script_of(&moved, &f)).value()
                };
                let numeric = (at(H) - at(-H)) / (2.0 * H);
                assert!(
                    close(got, numeric, 1e-6),
                    "d/d{name}[{i}][{j}] of {f}: backprop {got:e}, central difference {numeric:e}\n{}",
                    script_of(&inputs, &f)
                );
            }
        }
    }
}

/// Random numbers handed out in order, to fill matrices of any shape.
struct Pool {
    values: Vec<f64>,
    next: usize,
}

impl Pool {
    fn new(values: Vec<f64>) -> Pool {
        Pool { values, next: 0 }
    }

    /// An r×c matrix of the next numbers, each through `f`.
    fn matrix(&mut self, r: usize, c: usize, f: impl Fn(f64) -> f64) -> Rows {
        (0..r)
            .map(|_| {
                (0..c)
                    .map(|_| {
                        let v = self.values[self.next % self.values.len()];
                        self.next += 1;
                        f(v)
                    })
                    .collect()
            })
            .collect()
    }

    /// An r×k one-hot matrix and the r×1 column of its labels.
    fn classes(&mut self, r: usize, k: usize) -> (Rows, Rows) {
        let labels: Vec<usize> =
            self.matrix(r, 1, |v| v).iter().map(|row| ((row[0].abs() * 1000.0) as usize) % k).collect();
        let onehot = labels.iter().map(|&l| (0..k).map(|j| f64::from(u8::from(j == l))).collect()).collect();
        (onehot, labels.iter().map(|&l| vec![l as f64]).collect())
    }
}

/// Numbers far from 0: for divisors, logarithms and roots.
fn positive(v: f64) -> f64 {
    0.5 + v.abs()
}

/// Numbers on a grid of quarters, and the same grid shifted by an eighth:
/// two of them are never within a step of each other (max, min), and the
/// shifted ones never at 0 (relu, abs), so no kink is crossed.
fn grid(v: f64) -> f64 {
    (v * 4.0).round() / 4.0
}

fn shifted(v: f64) -> f64 {
    grid(v) + 0.125
}

/// Values in -2..2, enough for every matrix of a case.
fn pool() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-2.0f64..2.0, 64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Every element-wise operator with each way two shapes fit: equal, a
    /// row or a column stretched on either side, a row against a column,
    /// and a number against a matrix both ways.
    #[test]
    fn operators_broadcast_both_ways_with_the_right_gradients(r in 2..4usize, c in 2..4usize, values in pool()) {
        let pairs = [
            ((r, c), (r, c)), ((r, c), (1, c)), ((1, c), (r, c)), ((r, c), (r, 1)), ((r, 1), (r, c)),
            ((1, c), (r, 1)), ((r, 1), (1, c)), ((1, 1), (r, c)), ((r, c), (1, 1)),
        ];
        type Op = (&'static str, fn(f64) -> f64, fn(f64) -> f64);
        let ops: [Op; 7] = [
            ("A + B", |v| v, |v| v),
            ("A - B", |v| v, |v| v),
            ("A * B", |v| v, |v| v),
            ("A / B", |v| v, positive),
            ("A ^ B", positive, |v| v),
            ("max(A, B)", grid, shifted),
            ("min(A, B)", grid, shifted),
        ];
        let mut pool = Pool::new(values);
        for (expr, fa, fb) in ops {
            for ((ar, ac), (br, bc)) in pairs {
                let inputs = vec![("A", pool.matrix(ar, ac, fa)), ("B", pool.matrix(br, bc, fb))];
                check_gradients(inputs, expr, &[], &mut pool);
            }
        }
    }

    /// `@`, `transpose`, the reductions and the functions of section 2 on
    /// a whole matrix.
    #[test]
    fn products_reductions_and_functions_have_the_right_gradients(
        r in 1..4usize, k in 1..4usize, c in 1..4usize, values in pool()
    ) {
        let mut pool = Pool::new(values);
        let a = pool.matrix(r, k, |v| v);
        let b = pool.matrix(k, c, |v| v);
        check_gradients(vec![("A", a.clone()), ("B", b)], "A @ B", &[], &mut pool);
        for expr in [
            "transpose(A)", "sum(A)", "sum(A, 0)", "sum(A, 1)", "mean(A)", "mean(A, 0)", "mean(A, 1)",
            "exp(A)", "sin(A)", "cos(A)", "tanh(A)", "sigmoid(A)", "-A", "A^3", "A @ transpose(A)",
        ] {
            check_gradients(vec![("A", a.clone())], expr, &[], &mut pool);
        }
        let p = pool.matrix(r, k, positive);
        for expr in ["ln(A)", "sqrt(A)"] {
            check_gradients(vec![("A", p.clone())], expr, &[], &mut pool);
        }
        let g = pool.matrix(r, k, shifted);
        for expr in ["relu(A)", "abs(A)"] {
            check_gradients(vec![("A", g.clone())], expr, &[], &mut pool);
        }
    }

    /// The book's layers, with T one-hot (an input, so it gets its
    /// gradient too), as weights whose rows do not sum to 1 (the
    /// derivative must still be exact), or as a column of labels (which
    /// get none and cannot be moved).
    #[test]
    fn the_books_layers_have_the_right_gradients(
        n in 1..4usize, d in 1..4usize, m in 2..5usize, values in pool()
    ) {
        let mut pool = Pool::new(values);
        let x = pool.matrix(n, d, |v| v);
        let w = pool.matrix(d, m, |v| v);
        let b = pool.matrix(1, m, |v| v);
        check_gradients(vec![("X", x), ("W", w), ("b", b)], "affine(X, W, b)", &[], &mut pool);
        let a = pool.matrix(n, m, |v| v);
        check_gradients(vec![("A", a.clone())], "softmax(A)", &[], &mut pool);
        let (onehot, labels) = pool.classes(n, m);
        let weights = pool.matrix(n, m, positive);
        let probabilities = pool.matrix(n, m, |v| positive(v) / 3.0);
        for t in [onehot, weights] {
            for expr in ["softmax_with_loss(A, T)", "cross_entropy(softmax(A), T)"] {
                check_gradients(vec![("A", a.clone()), ("T", t.clone())], expr, &[], &mut pool);
            }
            let inputs = vec![("Y", probabilities.clone()), ("T", t.clone())];
            check_gradients(inputs, "cross_entropy(Y, T)", &[], &mut pool);
        }
        for expr in ["softmax_with_loss(A, T)", "cross_entropy(softmax(A), T)"] {
            check_gradients(vec![("A", a.clone()), ("T", labels.clone())], expr, &["T"], &mut pool);
        }
    }
}

/// `accuracy` passes no gradient back: 0 for both operands, whatever the
/// loss beside it sends.
#[test]
fn accuracy_counts_rows_and_passes_no_gradient() {
    // Rows 1 and 3 have their largest score where T's 1 is: 2 of 3.
    let evaluation = evaluate("Y = [0.1, 0.7; 0.9, 0.2; 0.3, 0.4]; T = [0, 1; 0, 1; 0, 1]; accuracy(Y, T)");
    assert_rows(&value(&evaluation), &[&[2.0 / 3.0]], 1e-15, "accuracy");
    assert_rows(&grad(&evaluation, "Y"), &[&[0.0, 0.0], &[0.0, 0.0], &[0.0, 0.0]], 0.0, "dY");
    assert_rows(&grad(&evaluation, "T"), &[&[0.0, 0.0], &[0.0, 0.0], &[0.0, 0.0]], 0.0, "dT");
}

/// `[1]` is the number 1, as `1` is: a 1×1 literal is a number everywhere.
#[test]
fn a_one_by_one_literal_is_a_number() {
    let evaluation = evaluate("t = [1]; X = [1, 2]; t + [[2]] + softmax_with_loss(X, t)");
    let loss = (1.0 + 1f64.exp()).ln() - 1.0;
    assert_rows(&value(&evaluation), &[&[3.0 + loss]], 1e-15, "the value");
    assert_rows(&grad(&evaluation, "t"), &[&[1.0]], 0.0, "labels get no gradient from the loss");
}

// ---- the book's formulas against numpy ------------------------------------------------

// Printed by `python3 tests/reference/matrices.py` (numpy 2.4), which
// computes them from the same inputs with numpy alone.
const AFFINE: &[&[f64]] = &[
    &[-1.74, 0.98, 2.5799999999999996, 0.09999999999999998],
    &[0.7849999999999999, -0.7950000000000002, -0.3450000000000001, 0.625],
];
const SOFTMAX: &[&[f64]] = &[
    &[0.01023903133345544, 0.1554317951180335, 0.769858721001558, 0.06447045254695295],
    &[0.41996476482637546, 0.08650228367770346, 0.1356625855644697, 0.35787036593145144],
];
const SOFTMAX_DA: &[&[f64]] = &[
    &[0.007395486877200149, -0.35402951139987454, 0.1711271533475572, 0.17550687117511718],
    &[-0.2190417032301168, 0.019759576424489358, -0.24033598664228845, 0.43961811344791596],
];
const LOSS: &[&[f64]] = &[&[0.5645663623410146]];
const LOSS_DA: &[&[f64]] = &[
    &[0.00511951566672772, 0.07771589755901676, -0.11507063949922097, 0.032235226273476476],
    &[-0.29001761758681227, 0.04325114183885173, 0.06783129278223485, 0.17893518296572572],
];
const LOSS_DX: &[&[f64]] = &[
    &[-0.04955241979489687, 0.11639518400042734, -0.048198041096142515],
    &[-0.01730260229178112, -0.0992932151914948, 0.2807678909892887],
];
const LOSS_DW: &[&[f64]] = &[
    &[-0.43246666854685456, 0.10373466153778597, 0.044211619423741785, 0.28452038758532683],
    &[-0.07762392006343079, -0.06690311209930383, 0.1320284626947797, 0.012498569467954954],
    &[0.22775224452356463, 0.1229934387388947, -0.2810147485851181, -0.06973093467734134],
];
const LOSS_DB: &[&[f64]] =
    &[&[-0.2848981019200846, 0.12096703939786849, -0.047239346716986125, 0.2111704092392022]];
const CROSS_ENTROPY_DY: &[&[f64]] =
    &[&[-0.0, -0.0, -0.6494698135646476, -0.0], &[-1.1905760717966738, -0.0, -0.0, -0.0]];

/// The inputs of tests/reference/matrices.py's small case.
const SMALL: &str = "X = [0.5, -1.0, 2.0; 1.5, 0.25, -0.75]
W = [0.1, -0.2, 0.3, 0.0; 0.4, 0.5, -0.6, 0.2; -0.7, 0.8, 0.9, -0.1]
b = [0.01, -0.02, 0.03, 0.5]
T = [0, 0, 1, 0; 1, 0, 0, 0]
C = [1.0, -2.0, 0.5, 3.0; 0.25, 1.0, -1.0, 2.0]
Y = affine(X, W, b)
";

#[test]
fn affine_and_softmax_give_numpys_numbers() {
    let small = |expr: &str| evaluate(&format!("{SMALL}{expr}"));
    assert_rows(&value(&small("Y")), AFFINE, 1e-14, "affine");
    assert_rows(&value(&small("softmax(Y)")), SOFTMAX, 1e-14, "softmax");
    let weighted = small("sum(softmax(Y) * C)");
    assert_rows(&grad(&weighted, "Y"), SOFTMAX_DA, 1e-13, "softmax's backward");
}

#[test]
fn the_losses_give_numpys_numbers() {
    for expr in ["softmax_with_loss(Y, T)", "cross_entropy(softmax(Y), T)", "softmax_with_loss(Y, [2; 0])"] {
        let loss = evaluate(&format!("{SMALL}{expr}"));
        assert_rows(&value(&loss), LOSS, 1e-14, expr);
        assert_rows(&grad(&loss, "Y"), LOSS_DA, 1e-13, &format!("{expr}: dY"));
        assert_rows(&grad(&loss, "X"), LOSS_DX, 1e-13, &format!("{expr}: dX"));
        assert_rows(&grad(&loss, "W"), LOSS_DW, 1e-13, &format!("{expr}: dW"));
        assert_rows(&grad(&loss, "b"), LOSS_DB, 1e-13, &format!("{expr}: db"));
    }
    let alone = evaluate(&format!("{SMALL}S = softmax(Y)\ncross_entropy(S, T)"));
    assert_rows(&grad(&alone, "S"), CROSS_ENTROPY_DY, 1e-13, "cross entropy's dY");
}

// The two_layer_net sample at seed 0, by the same script.
const NET_DW2: &[&[f64]] = &[
    &[0.0, 0.0, 0.0],
    &[0.0, 0.0, 0.0],
    &[0.01562869736483856, -0.007375289518793319, -0.008253407846045245],
    &[0.0, 0.0, 0.0],
    &[0.0, 0.0, 0.0],
    &[0.004842561703007325, -0.00425903085823983, -0.0005835308447675012],
    &[0.0010477466286690634, -0.0006610571317933478, -0.0003866894968757168],
    &[0.0, 0.0, 0.0],
    &[0.009705037958190553, -0.00595764905861678, -0.003747388899573782],
    &[0.0, 0.0, 0.0],
];
const NET_DB2: &[&[f64]] = &[&[-0.0008683435356037703, 0.0017341009020701431, -0.0008657573664664353]];
const NET_DW1: &[&[f64]] = &[
    &[
        0.0,
        0.0,
        -0.006914428204021264,
        0.0,
        0.0,
        -0.002117470352136167,
        0.0008507641814491951,
        0.0,
        -0.004807943160907563,
        0.0,
    ],
    &[
        0.0,
        0.0,
        0.0007964061010583476,
        0.0,
        0.0,
        -0.0007248373127037032,
        -5.9854770543894715e-05,
        0.0,
        -0.0008432148585872324,
        0.0,
    ],
    &[
        0.0,
        0.0,
        -0.018361816582104142,
        0.0,
        0.0,
        0.004595735720638077,
        0.0018569805520173917,
        0.0,
        0.0019686417263407637,
        0.0,
    ],
    &[
        0.0,
        0.0,
        -0.00808269556846777,
        0.0,
        0.0,
        0.0033228298627591187,
        0.000766253773696149,
        0.0,
        0.002741053303988397,
        0.0,
    ],
];
const NET_DB1: &[&[f64]] = &[&[
    0.0,
    0.0,
    2.0823783655891156e-05,
    0.0,
    0.0,
    3.0046005414178373e-05,
    -3.493987245563893e-06,
    0.0,
    4.86125988104066e-05,
    0.0,
]];

#[test]
fn the_two_layer_net_sample_gives_numpys_gradients() {
    let text = std::fs::read_to_string(samples_dir().join("two_layer_net.cg")).expect("the sample");
    let mut session = Session::new();
    session.set_folder(Some(samples_dir()));
    run_script(&mut session, &text).unwrap_or_else(|e| panic!("{e}"));
    let net = match run_script(&mut session, "loss").expect("evaluates").pop() {
        Some(cgraph::session::Outcome::Evaluated(evaluation)) => *evaluation,
        other => panic!("{other:?}"),
    };
    assert_rows(&value(&net), &[&[1.0981319287115408]], 1e-14, "the loss");
    for (name, want) in [("W1", NET_DW1), ("b1", NET_DB1), ("W2", NET_DW2), ("b2", NET_DB2)] {
        assert_rows(&grad(&net, name), want, 1e-12, name);
    }
}

/// The book's 5.7.3: `--check` on the sample passes, and the mean
/// |backprop − numeric| of every parameter is below 1e-9.
#[test]
fn the_two_layer_net_passes_its_gradient_check() {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = cgraph().current_dir(root).args(["--check", "samples/two_layer_net.cg"]).output().unwrap();
    let out = stdout(&output);
    assert!(output.status.success(), "{out}{}", stderr(&output));
    for parameter in ["W1", "b1", "W2", "b2"] {
        let line = out
            .lines()
            .find(|l| l.starts_with('#') && l.split_whitespace().nth(1) == Some(parameter))
            .unwrap_or_else(|| panic!("no line for {parameter}:\n{out}"));
        let cells: Vec<&str> = line.split_whitespace().collect();
        let mean: f64 = cells[4].parse().unwrap_or_else(|_| panic!("{line}"));
        assert!(mean < 1e-9 && cells.last() == Some(&"ok"), "{line}");
    }
}

/// More than 10,000 elements: a sample of 10,000, said so. (The sample
/// is the same on every run: src/check/sample.rs.)
#[test]
fn a_big_input_is_checked_on_a_sample_that_is_said() {
    let output = cgraph().args(["--check", "-e", "W = ones(101, 100); W"]).output().unwrap();
    let out = stdout(&output);
    assert!(output.status.success(), "{out}");
    assert!(out.contains("#0 W: a sample of 10000 of its 10100 elements, the same on every run\n"), "{out}");
    assert!(out.contains(" 10000 of 10100 "), "{out}");
    assert!(out.ends_with("the one input's 10000 gradients agree within 1e-6\n"), "{out}");
}

/// The change of a big output is summed element by element. Here a nudge
/// of w's element j by h moves row j and column j of the 100×100 output,
/// about 200h in all; taken as the difference of two totals near 1e4,
/// whose last bit is worth 1.8e-12, the slope is off by about 1e-8 (3.4e-8
/// measured), while the change summed element by element is off by 1e-11.
#[test]
fn a_big_output_keeps_the_precision_of_its_change() {
    let output = cgraph().args(["--check", "-e", "w = ones(1, 100); transpose(w) @ w"]).output().unwrap();
    let out = stdout(&output);
    assert!(output.status.success(), "{out}");
    let line = out.lines().find(|l| l.starts_with("#0  w")).unwrap_or_else(|| panic!("{out}"));
    let mean: f64 =
        line.split_whitespace().nth(4).and_then(|m| m.parse().ok()).unwrap_or_else(|| panic!("{line}"));
    assert!(mean < 1e-9, "{line}");
}

/// Ctrl-C stops the check between elements: 10,000 forward passes over a
/// 400×400 matrix take far longer than the wait here (about 6 s; 200×200
/// took 1.1 s, too close to it).
#[test]
fn ctrl_c_stops_a_matrix_check_between_elements() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cgraph"))
        .args(["--check", "-e", "W = ones(400, 400); W * 2"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the check finished before Ctrl-C: make it longer");
    let kill = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let started = Instant::now();
    let output = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(5), "stopping took {:?}", started.elapsed());
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
}

// ---- bad input: located errors, never a panic ---------------------------------------

/// Runs `cgraph -e SETUP -e LINE` and returns stderr, which must be one
/// error at `<-e #2>:1:COL` with `message`; the setup must run.
#[track_caller]
fn fails_at(setup: &str, line: &str, col: usize, message: &str) {
    let output = cgraph().args(["-e", setup, "-e", line]).output().unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "`{line}`: {err}");
    let want = format!("<-e #2>:1:{col}: error: {message}\n1 | {line}\n");
    assert!(err.starts_with(&want), "`{line}`:\n{err}\nwanted:\n{want}");
}

const SHAPES: &str = "A = [1, 2, 3]; B = [1, 2]; M = [1, 2; 3, 4]";

#[test]
fn ragged_literals_are_refused_at_the_row_that_differs() {
    fails_at(SHAPES, "D = [1, 2; 3]", 12, "row 2 of the matrix has 1 element, but row 1 has 2");
    fails_at(SHAPES, "D = [[1, 2], [3, 4, 5]]", 15, "row 2 of the matrix has 3 elements, but row 1 has 2");
}

#[test]
fn shapes_that_do_not_fit_are_refused_at_the_operator_when_defined_and_evaluated() {
    let fit = ": each dimension must be equal or one of them 1";
    for (op, verb) in
        [("+", "add"), ("-", "subtract"), ("*", "multiply"), ("/", "divide"), ("^", "raise to the power")]
    {
        let message = format!("cannot {verb} 1×3 and 1×2{fit}");
        fails_at(SHAPES, &format!("C = A {op} B"), 7, &message);
        fails_at(SHAPES, &format!("A {op} B"), 3, &message);
        // A formula: the shapes of its inputs are known when it is defined.
        fails_at(SHAPES, &format!("C = (A + 1) {op} B"), 13, &message);
    }
    for f in ["max", "min"] {
        fails_at(SHAPES, &format!("C = {f}(A, B)"), 5, &format!("cannot take the {f} of 1×3 and 1×2{fit}"));
    }
    let matmul = "cannot multiply 2×2 and 1×3 with @: the inner dimensions 2 and 1 differ";
    fails_at(SHAPES, "C = M @ A", 7, matmul);
    fails_at(SHAPES, "M @ A", 3, matmul);
    fails_at(
        SHAPES,
        "C = affine(A, M, B)",
        5,
        "affine: cannot use X 1×3 with W 2×2: X's columns must equal W's rows",
    );
    fails_at(
        SHAPES,
        "affine(B, M, A)",
        1,
        "affine: cannot use X @ W 1×2 with b 1×3: b must be a 1×M row (or broadcast onto X @ W)",
    );
    let target = "T must have the same shape (one-hot) or be a column of one label per row";
    for (f, y) in [("cross_entropy", "Y"), ("softmax_with_loss", "X"), ("accuracy", "Y")] {
        fails_at(
            SHAPES,
            &format!("C = {f}(A, M)"),
            5,
            &format!("{f}: cannot use {y} 1×3 with T 2×2: {target}"),
        );
    }
    fails_at(SHAPES, "sum(M, 2)", 1, "the axis must be 0 or 1, not 2");
}

#[test]
fn labels_out_of_range_are_named() {
    fails_at(
        SHAPES,
        "T = onehot([0; 3], 3)",
        5,
        "onehot: the label 3 at row 2, column 1 is not a whole number from 0 to 2",
    );
    fails_at(
        SHAPES,
        "onehot([0, 1.5], 3)",
        1,
        "onehot: the label 1.5 at row 1, column 2 is not a whole number from 0 to 2",
    );
    fails_at(
        SHAPES,
        "onehot([-1], 3)",
        1,
        "onehot: the label -1 at row 1, column 1 is not a whole number from 0 to 2",
    );
    // Labels known only when the loss runs.
    fails_at(
        "X = [1, 2]; t = [5]",
        "softmax_with_loss(X, t)",
        1,
        "softmax_with_loss: the label 5 at row 1, column 1 is not a whole number from 0 to 1",
    );
}

/// A temporary folder holding `files`.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn load_error(path: &Path) -> String {
    let line = format!("D = load(\"{}\")", path.display());
    let output = cgraph().args(["-e", &line]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    stderr(&output)
}

#[test]
fn a_bad_csv_is_an_error_at_its_line_and_column() {
    let dir = folder(&[("bad.csv", b"a,b\n1,2\n3,x\n"), ("ragged.csv", b"1,2\n3\n")]);
    let bad = dir.path().join("bad.csv");
    let err = load_error(&bad);
    let want = format!("<-e>:1:10: error: {}:3:3: cell 2 is \"x\", not a number\n", bad.display());
    assert!(err.starts_with(&want), "{err}");
    let err = load_error(&dir.path().join("ragged.csv"));
    assert!(err.contains("ragged.csv:2:"), "{err}");
}

#[test]
fn a_missing_file_is_an_error_at_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    let err = load_error(&missing);
    assert!(err.starts_with(&format!("<-e>:1:10: error: {}: No such file", missing.display())), "{err}");
}

/// 100 MB is refused from its size before a byte is read: quickly.
#[test]
fn a_huge_csv_is_refused_by_its_size_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    std::fs::File::create(&big).unwrap().set_len(100 << 20).unwrap();
    let started = Instant::now();
    let err = load_error(&big);
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert!(err.contains("the file is 100 MiB, larger than load reads (64 MiB)"), "{err}");
}

/// A script's error names the script's file and line.
#[test]
fn an_error_in_a_script_names_its_file_and_line() {
    let file = script("A = [1, 2, 3]\nB = [1, 2]\n\nC = A @ B\n");
    let output = cgraph().arg(file.path()).output().unwrap();
    let err = stderr(&output);
    let want = format!("{}:4:7: error: cannot multiply 1×3 and 1×2 with @", file.path().display());
    assert!(err.starts_with(&want), "{err}");
}

#[test]
fn a_bad_line_in_the_repl_loses_nothing() {
    let lines = "A = [1, 2; 3, 4]\nB = [1, 2, 3]\nC = A @ B\nD = [1, 2; 3]\nE = load(\"/no/such/file.csv\")\n\
                 F = onehot([7], 3)\nsum(A @ A)\n:vars\n";
    let output = cgraph().env("CGRAPH_HISTORY", "/dev/null").arg("-i").write_stdin(lines).output().unwrap();
    let (out, err) = (stdout(&output), stderr(&output));
    assert!(output.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.contains("sum(A @ A) = 54\n"), "{out}");
    for name in ["A", "B"] {
        assert!(out.lines().any(|l| l.trim_start().starts_with(&format!("{name} "))), "{name} kept:\n{out}");
    }
    for name in ["C", "D", "E", "F"] {
        assert!(
            !out.lines().any(|l| l.trim_start().starts_with(&format!("{name} "))),
            "{name} defined:\n{out}"
        );
    }
    // Each line is its own input, at line 1.
    let located: Vec<&str> = err.lines().filter(|l| l.starts_with("<input>:1:")).collect();
    let columns: Vec<&str> = located.iter().filter_map(|l| l.split(':').nth(2)).collect();
    assert_eq!(columns, ["7", "12", "10", "5"], "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any jumble of matrix syntax, names and layers is run or refused
    /// with an error: the library never panics on it.
    #[test]
    fn any_matrix_text_is_an_answer_or_an_error(words in prop::collection::vec(prop::sample::select(&[
        "[", "]", ";", ",", "1", "-2.5", "0", "A", "B", "=", "@", "+", "*", "/", "^", "(", ")", "\n",
        "sum(", "mean(", "affine(", "softmax(", "softmax_with_loss(", "onehot(", "zeros(", "eye(",
        "transpose(", "randn(", "accuracy(", "relu(", "1e9", "1e300",
    ][..]), 0..40)) {
        let mut session = Session::new();
        let _ = run_script(&mut session, "A = [1, 2; 3, 4]; B = [0.5, -1]");
        // Spaced, so that no run of digits makes a size big enough to be slow.
        let _ = run_script(&mut session, &words.join(" "));
    }
}
