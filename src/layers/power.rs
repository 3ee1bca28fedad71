//! The power layers: `x^y`, whose exponent is a node and gets a gradient,
//! and `x^2`, whose exponent is a number written in the expression and so
//! the layer's parameter (micrograd's `__pow__`, PyTorch's `x ** 2`).

use super::{Elementwise, Row, Rule};

/// `a^b` with both operands nodes.
pub struct Pow;

/// `a^p` with the exponent `p` a literal, kept as the layer's parameter.
pub struct PowLiteral;

impl Row for Pow {
    const NAME: &'static str = "pow";
    const SYMBOL: &'static str = "^";
    const ARITY: usize = 2;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &[];
    const NOTATION: &'static str = "{a}^{b}";
}

impl Elementwise for Pow {
    const VERB: &'static str = "raise to the power";
    #[inline]
    fn forward(a: f64, b: f64) -> f64 {
        a.powf(b)
    }
    #[inline]
    fn backward(a: f64, b: f64, y: f64, dout: f64) -> (f64, f64) {
        (dout * dbase(a, b), dout * dexponent(a, y))
    }
    fn rules(a: f64, b: f64, y: f64) -> [Rule; 2] {
        let base = if b == 0.0 {
            Rule::new("0").because("{b} = 0")
        } else {
            Rule::new("{d} × {b} × {a}^({b} - 1)")
        };
        let exponent = if a == 0.0 && y.is_finite() {
            Rule::new("0").because("{a} = 0")
        } else {
            Rule::new("{d} × {y} × ln({a})")
        };
        [base, exponent]
    }
}

impl Row for PowLiteral {
    const NAME: &'static str = "pow";
    const SYMBOL: &'static str = "^";
    const ARITY: usize = 1;
    const PARAMETER: bool = true;
    const CALLED: &'static [&'static str] = &[];
    const NOTATION: &'static str = "{a}^{b}";
}

impl Elementwise for PowLiteral {
    const VERB: &'static str = "";
    #[inline]
    fn forward(a: f64, p: f64) -> f64 {
        a.powf(p)
    }
    /// The base's gradient only: the exponent is no node, so nothing gets
    /// d/dp (which is NaN for a negative base, as `(y - t)^2` often has).
    #[inline]
    fn backward(a: f64, p: f64, _: f64, dout: f64) -> (f64, f64) {
        (dout * dbase(a, p), 0.0)
    }
    fn rules(_: f64, p: f64, _: f64) -> [Rule; 2] {
        let base =
            if p == 0.0 { Rule::new("0").because("{b} = 0") } else { Rule::new("{d} × {b} × {a}^{c}") };
        [base, Rule::NONE]
    }
}

/// d(a^b)/da = b · a^(b−1); written so that b = 0 gives 0 even at a = 0.
#[inline]
fn dbase(a: f64, b: f64) -> f64 {
    if b == 0.0 { 0.0 } else { b * a.powf(b - 1.0) }
}

/// d(a^b)/db = a^b · ln(a): 0 where a = 0 (and a^b is finite, i.e. b >= 0),
/// as PyTorch takes it; NaN where a < 0, since ln(a) is.
#[inline]
fn dexponent(a: f64, y: f64) -> f64 {
    if a == 0.0 && y.is_finite() { 0.0 } else { y * a.ln() }
}
