//! Each layer's forward and backward at points worked out by hand, and the
//! SPEC's conventions where the derivative is undefined.

use super::Layer::{self, *};

/// (forward value, (d/da, d/db)) for operands `a`, `b` and incoming `dout`.
fn run(layer: Layer, a: f64, b: f64, dout: f64) -> (f64, (f64, f64)) {
    let y = layer.forward(a, b);
    (y, layer.backward(a, b, y, dout))
}

fn close(x: f64, y: f64) -> bool {
    x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs()).max(1.0)
}

#[track_caller]
fn check(layer: Layer, a: f64, b: f64, dout: f64, want: (f64, (f64, f64))) {
    let got = run(layer, a, b, dout);
    let ok = |x: f64, y: f64| close(x, y) || (x.is_nan() && y.is_nan());
    assert!(
        ok(got.0, want.0) && ok(got.1.0, want.1.0) && (layer.arity() < 2 || ok(got.1.1, want.1.1)),
        "{layer}({a}, {b}) with dout {dout}: got {got:?}, want {want:?}"
    );
}

#[test]
fn mul_is_the_books_mul_layer() {
    // apple 100 × 2 apples, dout 1.1 (the tax): d(apple) = 2.2, d(apple_num) = 110.
    check(Mul, 100.0, 2.0, 1.1, (200.0, (2.2, 110.0)));
}

#[test]
fn add_passes_dout_to_both() {
    check(Add, 200.0, 450.0, 1.1, (650.0, (1.1, 1.1)));
}

#[test]
fn sub_negates_for_the_right_operand() {
    check(Sub, 2.0, 3.0, 1.5, (-1.0, (1.5, -1.5)));
}

#[test]
fn div_follows_the_quotient_rule() {
    check(Div, 6.0, 3.0, 1.0, (2.0, (1.0 / 3.0, -6.0 / 9.0)));
    // Division by zero does not abort: it is inf, as IEEE says.
    assert_eq!(Div.forward(1.0, 0.0), f64::INFINITY);
}

#[test]
fn neg_and_id() {
    check(Neg, 2.0, 0.0, 3.0, (-2.0, (-3.0, 0.0)));
    check(Id, 2.0, 0.0, 3.0, (2.0, (3.0, 0.0)));
}

#[test]
fn pow_differentiates_both_base_and_exponent() {
    // d/da a^b = b a^(b-1) = 3 × 4; d/db = a^b ln a = 8 ln 2.
    check(Pow, 2.0, 3.0, 1.0, (8.0, (12.0, 8.0 * 2f64.ln())));
}

#[test]
fn pow_conventions_at_zero_and_negative_bases() {
    // 0^2: d/db taken as 0 (as PyTorch), d/da = 2 × 0 = 0.
    check(Pow, 0.0, 2.0, 1.0, (0.0, (0.0, 0.0)));
    // 0^0 = 1: d/da = 0 (b = 0), d/db = 0.
    check(Pow, 0.0, 0.0, 1.0, (1.0, (0.0, 0.0)));
    // (-2)^2 = 4: d/da = 2 × (-2) = -4; d/db is NaN since ln(-2) is.
    check(Pow, -2.0, 2.0, 1.0, (4.0, (-4.0, f64::NAN)));
}

#[test]
fn exp_ln_sqrt() {
    let e = 1f64.exp();
    check(Exp, 1.0, 0.0, 2.0, (e, (2.0 * e, 0.0)));
    check(Ln, 2.0, 0.0, 1.0, (2f64.ln(), (0.5, 0.0)));
    check(Sqrt, 4.0, 0.0, 1.0, (2.0, (0.25, 0.0)));
}

#[test]
fn ln_and_sqrt_at_their_singular_points() {
    // ln(0): value -inf, backward dout / x = inf.
    check(Ln, 0.0, 0.0, 1.0, (f64::NEG_INFINITY, (f64::INFINITY, 0.0)));
    // ln(-1) is NaN and so is not an error.
    assert!(Ln.forward(-1.0, 0.0).is_nan());
    // sqrt(0): backward +inf.
    check(Sqrt, 0.0, 0.0, 1.0, (0.0, (f64::INFINITY, 0.0)));
}

#[test]
fn trigonometry_and_tanh() {
    let x: f64 = 0.7;
    check(Sin, x, 0.0, 2.0, (x.sin(), (2.0 * x.cos(), 0.0)));
    check(Cos, x, 0.0, 2.0, (x.cos(), (-2.0 * x.sin(), 0.0)));
    let t = x.tanh();
    check(Tanh, x, 0.0, 1.0, (t, (1.0 - t * t, 0.0)));
}

#[test]
fn sigmoid_uses_the_books_y_times_one_minus_y() {
    check(Sigmoid, 0.0, 0.0, 1.0, (0.5, (0.25, 0.0)));
    let y = 1.0 / (1.0 + (-2f64).exp());
    check(Sigmoid, 2.0, 0.0, 3.0, (y, (3.0 * y * (1.0 - y), 0.0)));
}

#[test]
fn relu_masks_at_and_below_zero() {
    check(Relu, 3.0, 0.0, 2.0, (3.0, (2.0, 0.0)));
    check(Relu, 0.0, 0.0, 2.0, (0.0, (0.0, 0.0)));
    check(Relu, -1.0, 0.0, 2.0, (0.0, (0.0, 0.0)));
}

#[test]
fn abs_has_zero_gradient_at_zero() {
    check(Abs, -2.0, 0.0, 1.5, (2.0, (-1.5, 0.0)));
    check(Abs, 2.0, 0.0, 1.5, (2.0, (1.5, 0.0)));
    check(Abs, 0.0, 0.0, 1.5, (0.0, (0.0, 0.0)));
}

#[test]
fn max_and_min_route_dout_and_ties_go_to_a() {
    check(Max, 1.0, 2.0, 5.0, (2.0, (0.0, 5.0)));
    check(Max, 2.0, 1.0, 5.0, (2.0, (5.0, 0.0)));
    check(Max, 2.0, 2.0, 5.0, (2.0, (5.0, 0.0)));
    check(Min, 1.0, 2.0, 5.0, (1.0, (5.0, 0.0)));
    check(Min, 2.0, 1.0, 5.0, (1.0, (0.0, 5.0)));
    check(Min, 2.0, 2.0, 5.0, (2.0, (5.0, 0.0)));
}

#[test]
fn every_function_resolves_to_a_layer_of_the_right_arity() {
    for f in super::FUNCTIONS {
        let want = match f.layer {
            Max | Min | CrossEntropy | SoftmaxWithLoss | Accuracy => 2,
            Affine => 3,
            _ => 1,
        };
        assert_eq!(f.layer.arity(), want, "{}", f.name);
        assert!(crate::syntax::is_reserved(f.name));
        assert!(
            f.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "`function` looks up only such names"
        );
    }
    assert_eq!(super::function("log").map(|f| f.layer), Some(Ln));
    assert!(crate::syntax::is_reserved("grad") && crate::syntax::is_reserved("assert"));
    assert!(!crate::syntax::is_reserved("apple"));
}

#[test]
fn pow_with_a_literal_exponent_has_one_operand_and_no_nan() {
    assert_eq!((PowLiteral.arity(), PowLiteral.name(), PowLiteral.has_parameter()), (1, "pow", true));
    // (y - t)^2 at y - t = -0.4: 0.16, and d/dbase = 2 × (-0.4) = -0.8; the
    // exponent gets nothing, where Pow would give it 0.16 × ln(-0.4) = NaN.
    check(PowLiteral, -0.4, 2.0, 1.0, (0.16000000000000003, (-0.8, 0.0)));
    assert!(Pow.backward(-0.4, 2.0, 0.16, 1.0).1.is_nan());
    // x^-1 at 4: 0.25, d/dx = -1 × 4^-2 = -1/16.
    check(PowLiteral, 4.0, -1.0, 2.0, (0.25, (-0.125, 0.0)));
    // x^0.5 is sqrt: d/dx = 0.5 / sqrt(x) = 0.25 at 4.
    check(PowLiteral, 4.0, 0.5, 1.0, (2.0, (0.25, 0.0)));
    // x^0 = 1 with gradient 0, even at 0.
    check(PowLiteral, 0.0, 0.0, 1.0, (1.0, (0.0, 0.0)));
}

#[test]
fn functions_come_from_the_rows_in_order_with_log_for_ln() {
    let names: Vec<&str> = super::FUNCTIONS.iter().map(|f| f.name).collect();
    let want = [
        "exp",
        "ln",
        "log",
        "sqrt",
        "sin",
        "cos",
        "tanh",
        "sigmoid",
        "relu",
        "abs",
        "max",
        "min",
        "transpose",
        "sum",
        "mean",
        "affine",
        "softmax",
        "cross_entropy",
        "softmax_with_loss",
        "accuracy",
    ];
    assert_eq!(names, want);
    for f in super::FUNCTIONS {
        assert!(f.name == f.layer.name() || (f.name, f.layer) == ("log", Ln), "{}", f.name);
    }
    // Every layer is listed once, and only leaves take no operand.
    assert_eq!(Layer::ALL.len(), 32);
    for &layer in Layer::ALL {
        assert_eq!(layer.arity() == 0, matches!(layer, Input | Const), "{layer}");
        assert_eq!(layer.notation().is_empty(), layer.arity() == 0, "{layer}");
    }
}
