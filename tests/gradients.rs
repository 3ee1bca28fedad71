//! Gradients checked against independent computations: every layer's
//! backward pass against central differences at random points (proptest),
//! the SPEC's conventions at kinks and singular points, and a few hundred
//! random expressions against a small forward-mode (dual number) evaluator
//! written here, which shares no code with cgraph.

mod common;
#[path = "gradients/random.rs"]
mod random;

use common::{assert_close, cgraph, close, evaluate, grad_of, json_lines};
use proptest::prelude::*;
use random::{INPUTS, Rng, generate, uses};

// ---- every layer against central differences --------------------------------

/// A one-operand function: its name in cgraph, the same function in Rust, and
/// the interval its points are drawn from.
struct Unary {
    name: &'static str,
    f: fn(f64) -> f64,
    lo: f64,
    hi: f64,
}

const UNARY: &[Unary] = &[
    Unary { name: "exp", f: f64::exp, lo: -6.0, hi: 6.0 },
    Unary { name: "ln", f: f64::ln, lo: 0.05, hi: 50.0 },
    Unary { name: "log", f: f64::ln, lo: 0.05, hi: 50.0 },
    Unary { name: "sqrt", f: f64::sqrt, lo: 0.05, hi: 50.0 },
    Unary { name: "sin", f: f64::sin, lo: -10.0, hi: 10.0 },
    Unary { name: "cos", f: f64::cos, lo: -10.0, hi: 10.0 },
    Unary { name: "tanh", f: f64::tanh, lo: -5.0, hi: 5.0 },
    Unary { name: "sigmoid", f: sigmoid, lo: -10.0, hi: 10.0 },
    Unary { name: "relu", f: relu, lo: -10.0, hi: 10.0 },
    Unary { name: "abs", f: f64::abs, lo: -10.0, hi: 10.0 },
    Unary { name: "-", f: neg, lo: -10.0, hi: 10.0 },
];

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn relu(x: f64) -> f64 {
    x.max(0.0)
}

fn neg(x: f64) -> f64 {
    -x
}

/// A two-operand layer, as cgraph writes it (`{a}`, `{b}` are the operands),
/// the same in Rust, and the intervals of its operands.
struct Binary {
    template: &'static str,
    f: fn(f64, f64) -> f64,
    a: (f64, f64),
    b: (f64, f64),
}

const BINARY: &[Binary] = &[
    Binary { template: "a + b", f: |a, b| a + b, a: (-10.0, 10.0), b: (-10.0, 10.0) },
    Binary { template: "a - b", f: |a, b| a - b, a: (-10.0, 10.0), b: (-10.0, 10.0) },
    Binary { template: "a * b", f: |a, b| a * b, a: (-10.0, 10.0), b: (-10.0, 10.0) },
    Binary { template: "a / b", f: |a, b| a / b, a: (-10.0, 10.0), b: (0.2, 10.0) },
    Binary { template: "a / b", f: |a, b| a / b, a: (-10.0, 10.0), b: (-10.0, -0.2) },
    Binary { template: "a ^ b", f: f64::powf, a: (0.1, 5.0), b: (-3.0, 3.0) },
    Binary { template: "a ** b", f: f64::powf, a: (0.1, 5.0), b: (-3.0, 3.0) },
    Binary {
        template: "max(a, b)",
        f: |a, b| if a >= b { a } else { b },
        a: (-10.0, 10.0),
        b: (-10.0, 10.0),
    },
    Binary {
        template: "min(a, b)",
        f: |a, b| if a <= b { a } else { b },
        a: (-10.0, 10.0),
        b: (-10.0, 10.0),
    },
];

/// A point inside `lo..hi` from a fraction in 0..1.
fn lerp((lo, hi): (f64, f64), t: f64) -> f64 {
    lo + (hi - lo) * t
}

/// cgraph's value of `expr` with the inputs `a` (and `b`), and its gradients.
fn run(expr: &str, a: f64, b: f64) -> (f64, f64, Option<f64>) {
    let evaluation = evaluate(&format!("a = {a:?}; b = {b:?}\n{expr}"));
    let da = grad_of(&evaluation, "a").expect("the expression uses a");
    (evaluation.value(), da, grad_of(&evaluation, "b"))
}

/// Central difference of `f` at `x`, with a step scaled to `x`.
fn central(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-6 * x.abs().max(1.0);
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// Backward agrees with central differences of cgraph's own forward pass to
/// this relative tolerance (steps of 1e-6 leave errors near 1e-9).
const CENTRAL: f64 = 1e-6;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn unary_layers_backward_matches_central_differences(which in 0..UNARY.len(), t in 0.0..1.0f64) {
        let layer = &UNARY[which];
        let x = lerp((layer.lo, layer.hi), t);
        // Stay off the kinks of relu and abs.
        prop_assume!(x.abs() > 1e-3);
        let expr = if layer.name == "-" { "-a".to_owned() } else { format!("{}(a)", layer.name) };
        let (value, grad, _) = run(&expr, x, 0.0);
        // Forward against Rust's own function, then backward against cgraph's forward.
        assert_close(value, (layer.f)(x), 1e-15, &format!("{expr} at a = {x:?}"));
        let numeric = central(|a| run(&expr, a, 0.0).0, x);
        assert_close(grad, numeric, CENTRAL, &format!("d/da {expr} at a = {x:?}"));
    }

    #[test]
    fn binary_layers_backward_matches_central_differences(
        which in 0..BINARY.len(), s in 0.0..1.0f64, t in 0.0..1.0f64,
    ) {
        let layer = &BINARY[which];
        let (a, b) = (lerp(layer.a, s), lerp(layer.b, t));
        // Stay off the tie of max and min.
        prop_assume!((a - b).abs() > 1e-3);
        let (value, da, db) = run(layer.template, a, b);
        let what = format!("{} at a = {a:?}, b = {b:?}", layer.template);
        assert_close(value, (layer.f)(a, b), 1e-15, &what);
        let db = db.expect("the expression uses b");
        assert_close(da, central(|a| run(layer.template, a, b).0, a), CENTRAL, &format!("d/da {what}"));
        assert_close(db, central(|b| run(layer.template, a, b).0, b), CENTRAL, &format!("d/db {what}"));
    }

    #[test]
    fn a_shared_input_sums_its_gradients(x in -3.0..3.0f64) {
        // x*x*x + sin(x)*x: d/dx = 3x² + cos(x)·x + sin(x).
        let (_, grad, _) = run("a*a*a + sin(a)*a", x, 0.0);
        assert_close(grad, 3.0 * x * x + x.cos() * x + x.sin(), 1e-12, &format!("at {x:?}"));
    }
}

// ---- conventions where the derivative is undefined (SPEC 2) ------------------

/// The gradients of `expr` at `a`, `b`, compared bit for bit (NaN with NaN).
#[track_caller]
fn assert_grads(expr: &str, a: f64, b: f64, want_a: f64, want_b: Option<f64>) {
    let (_, da, db) = run(expr, a, b);
    let same = |x: f64, y: f64| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
    assert!(same(da, want_a), "d/da {expr} at a = {a}, b = {b}: got {da}, want {want_a}");
    match (db, want_b) {
        (Some(db), Some(want)) => assert!(same(db, want), "d/db {expr} at {a}, {b}: got {db}, want {want}"),
        (None, None) => {}
        (got, want) => panic!("d/db {expr}: got {got:?}, want {want:?}"),
    }
}

#[test]
fn kinks_follow_the_books_conventions() {
    assert_grads("relu(a)", 0.0, 0.0, 0.0, None); // the mask: x <= 0 passes nothing
    assert_grads("relu(a)", -1e-300, 0.0, 0.0, None);
    assert_grads("relu(a)", 1e-300, 0.0, 1.0, None);
    assert_grads("abs(a)", 0.0, 0.0, 0.0, None);
    assert_grads("abs(a)", -2.0, 0.0, -1.0, None);
    assert_grads("max(a, b)", 2.0, 2.0, 1.0, Some(0.0)); // a tie sends it all to a
    assert_grads("min(a, b)", 2.0, 2.0, 1.0, Some(0.0));
    assert_grads("max(a, b)", 1.0, 2.0, 0.0, Some(1.0));
    assert_grads("min(a, b)", 1.0, 2.0, 1.0, Some(0.0));
}

#[test]
fn singular_points_give_ieee_values() {
    assert_grads("sqrt(a)", 0.0, 0.0, f64::INFINITY, None);
    assert_grads("ln(a)", 0.0, 0.0, f64::INFINITY, None); // dout / x
    assert_grads("ln(a)", -0.0, 0.0, f64::NEG_INFINITY, None);
    assert_grads("ln(a)", -2.0, 0.0, -0.5, None); // the value is NaN, the rule still 1/x
    assert_grads("a / b", 1.0, 0.0, f64::INFINITY, Some(f64::NEG_INFINITY));
}

#[test]
fn pow_follows_pytorch_at_zero_and_negative_bases() {
    // d/db a^b = a^b ln(a): taken as 0 where a = 0 and b >= 0 ...
    assert_grads("a ^ b", 0.0, 2.0, 0.0, Some(0.0));
    assert_grads("a ^ b", 0.0, 0.0, 0.0, Some(0.0));
    // ... and NaN where a < 0; d/da = b a^(b-1) is still finite.
    assert_grads("a ^ b", -2.0, 2.0, -4.0, Some(f64::NAN));
    assert_grads("a ^ b", -2.0, 3.0, 12.0, Some(f64::NAN));
    assert_grads("a ^ b", 2.0, 3.0, 12.0, Some(8.0 * 2f64.ln()));
    // b = 0: a^b is 1 everywhere, so d/da = 0, even at a = 0.
    assert_grads("a ^ b", 0.0, 0.0, 0.0, Some(0.0));
}

#[test]
fn sigmoid_backward_is_the_books_y_times_one_minus_y() {
    for x in [-30.0, -2.0, 0.0, 0.5, 3.0, 40.0] {
        let y = sigmoid(x);
        let (_, grad, _) = run("sigmoid(a)", x, 0.0);
        assert_eq!(grad.to_bits(), (y * (1.0 - y)).to_bits(), "at {x}");
    }
}

#[test]
fn grad_in_a_script_agrees_with_the_evaluation() {
    let evaluation = evaluate("x = 0.7; y = x*sin(x) + exp(x)/x\ny");
    let want = grad_of(&evaluation, "x").expect("x is used");
    let output = cgraph()
        .args(["--format", "json", "-e", "x = 0.7; y = x*sin(x) + exp(x)/x; grad(y, x)"])
        .output()
        .expect("runs");
    let got = json_lines(&output.stdout)[0].value();
    assert_eq!(got.to_bits(), want.to_bits());
    let analytic = 0.7f64.sin() + 0.7 * 0.7f64.cos() + 0.7f64.exp() * (0.7 - 1.0) / (0.7 * 0.7);
    assert_close(got, analytic, 1e-12, "d/dx (x sin x + e^x / x)");
}
// ---- random expressions against forward-mode dual numbers --------------------

/// Relative agreement asked of cgraph's reverse mode and the dual numbers:
/// both compute values with the same IEEE operations, and gradients with the
/// same rules summed in another order.
const DUAL: f64 = 1e-9;

#[test]
fn random_expressions_agree_with_dual_numbers() {
    const CASES: usize = 400;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut script = String::new();
    let mut cases = Vec::with_capacity(CASES);
    for _ in 0..CASES {
        let tree = generate(&mut rng, 5);
        let inputs: Vec<f64> = INPUTS.iter().map(|_| rng.float(-2.0, 2.0)).collect();
        let mut text = String::new();
        tree.render(&mut rng, &mut text);
        for (name, value) in INPUTS.iter().zip(&inputs) {
            script.push_str(&format!("{name} = {value:?}; "));
        }
        script.push('\n');
        script.push_str(&text);
        script.push('\n');
        cases.push((tree, inputs, text));
    }

    // One run of the binary for all of them, as a user's script would be.
    let output = cgraph().args(["--format", "json"]).write_stdin(script).output().expect("cgraph runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && stderr.is_empty(), "{stderr}");
    let evaluations = json_lines(&output.stdout);
    assert_eq!(evaluations.len(), CASES);

    let mut compared = 0;
    for ((tree, inputs, text), got) in cases.iter().zip(&evaluations) {
        let setting: Vec<String> = INPUTS.iter().zip(inputs).map(|(n, v)| format!("{n} = {v:?}")).collect();
        let what = format!("`{text}` at {}", setting.join(", "));
        assert_eq!(got.expr(), text, "{what}");
        let want = tree.dual(inputs, usize::MAX);
        assert!(want.v.is_finite(), "the generator made a non-finite case: {what}");
        assert!(
            close(got.value(), want.v, DUAL),
            "{what}: value {} but dual numbers give {}",
            got.value(),
            want.v
        );
        for (i, name) in INPUTS.iter().enumerate() {
            let want = tree.dual(inputs, i).d;
            if uses(tree, i) {
                let grad = got.grad(name);
                assert!(close(grad, want, DUAL), "{what}: d/d{name} is {grad} but dual numbers give {want}");
                compared += 1;
            } else {
                assert_eq!(want, 0.0, "{what}");
                assert!(got.nodes().iter().all(|n| n["name"] != *name), "{what}: a node for unused {name}");
            }
        }
    }
    assert!(compared > CASES, "too few gradients compared: {compared}");
}

#[test]
fn the_generator_covers_every_operator_and_function() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut all = String::new();
    for _ in 0..400 {
        generate(&mut rng, 5).render(&mut rng, &mut all);
        all.push('\n');
    }
    for needle in [
        " + ",
        "-",
        "*",
        "/",
        "^",
        "**",
        "- -",
        "exp(",
        "ln(",
        "log(",
        "sqrt(",
        "sin(",
        "cos(",
        "tanh(",
        "sigmoid(",
        "relu(",
        "abs(",
        "max(",
        "min(",
        ".25",
        "1e-1",
        "2.5E+0",
        "りんご",
    ] {
        assert!(all.contains(needle), "no `{needle}` in the generated expressions");
    }
}
