//! The operator layers: add, sub, mul, div, neg, pow, and the identity.

use super::{Layer, Rule};

pub(super) fn forward(layer: Layer, a: f64, b: f64) -> f64 {
    match layer {
        Layer::Add => a + b,
        Layer::Sub => a - b,
        Layer::Mul => a * b,
        Layer::Div => a / b,
        Layer::Neg => -a,
        Layer::Pow => a.powf(b),
        _ => a, // Id
    }
}

/// How the forward pass reads, as a template (see [`Rule`] for the placeholders).
pub(super) fn notation(layer: Layer) -> &'static str {
    match layer {
        Layer::Add => "{a} + {b}",
        Layer::Sub => "{a} - {b}",
        Layer::Mul => "{a} × {b}",
        Layer::Div => "{a} / {b}",
        Layer::Neg => "-{a}",
        Layer::Pow => "{a}^{b}",
        _ => "{a}", // Id
    }
}

/// The backward rules below, written out for people: one per operand.
pub(super) fn rules(layer: Layer, a: f64, b: f64, y: f64) -> [Rule; 2] {
    match layer {
        Layer::Add => [Rule::new("{d}"), Rule::new("{d}")],
        Layer::Sub => [Rule::new("{d}"), Rule::new("-{d}")],
        Layer::Mul => [Rule::new("{d} × {b}"), Rule::new("{d} × {a}")],
        Layer::Div => [Rule::new("{d} / {b}"), Rule::new("-{d} × {a} / {b}^2")],
        Layer::Neg => [Rule::new("-{d}"), Rule::NONE],
        Layer::Pow => [
            if b == 0.0 {
                Rule::new("0").because("{b} = 0")
            } else {
                Rule::new("{d} × {b} × {a}^({b} - 1)")
            },
            if a == 0.0 && y.is_finite() {
                Rule::new("0").because("{a} = 0")
            } else {
                Rule::new("{d} × {y} × ln({a})")
            },
        ],
        _ => [Rule::new("{d}"), Rule::NONE], // Id
    }
}

pub(super) fn backward(layer: Layer, a: f64, b: f64, y: f64, dout: f64) -> (f64, f64) {
    match layer {
        // out = a + b: both operands get dout unchanged.
        Layer::Add => (dout, dout),
        // out = a - b
        Layer::Sub => (dout, -dout),
        // out = a * b: each operand gets dout times the other (the book's MulLayer).
        Layer::Mul => (dout * b, dout * a),
        // out = a / b: d/da = 1/b, d/db = -a/b²
        Layer::Div => (dout / b, -dout * a / (b * b)),
        Layer::Neg => (-dout, 0.0),
        Layer::Pow => (dout * pow_dbase(a, b), dout * pow_dexponent(a, y)),
        _ => (dout, 0.0), // Id passes dout on
    }
}

/// d(a^b)/da = b · a^(b−1); written so that b = 0 gives 0 even at a = 0.
fn pow_dbase(a: f64, b: f64) -> f64 {
    if b == 0.0 { 0.0 } else { b * a.powf(b - 1.0) }
}

/// d(a^b)/db = a^b · ln(a): 0 where a = 0 (and a^b is finite, i.e. b >= 0),
/// as PyTorch takes it; NaN where a < 0, since ln(a) is.
fn pow_dexponent(a: f64, y: f64) -> f64 {
    if a == 0.0 && y.is_finite() { 0.0 } else { y * a.ln() }
}
