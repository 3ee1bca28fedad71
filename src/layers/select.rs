//! The piecewise layers, which route the gradient rather than scale it:
//! relu, abs, max, min. Their conventions at the kinks are the SPEC's.

use super::{Elementwise, Row, Rule};

pub struct Relu;
pub struct Abs;
pub struct Max;
pub struct Min;

const PASS: Rule = Rule::new("{d}");
const BLOCK: Rule = Rule::new("0");
const NEGATE: Rule = Rule::new("-{d}");

impl Row for Relu {
    const NAME: &'static str = "relu";
    const SYMBOL: &'static str = "relu";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["relu"];
    const NOTATION: &'static str = "relu({a})";
}

impl Elementwise for Relu {
    const VERB: &'static str = "";
    #[inline]
    fn forward(a: f64, _: f64) -> f64 {
        if a > 0.0 { a } else { 0.0 }
    }
    /// The book's mask: x <= 0 lets nothing through.
    #[inline]
    fn backward(a: f64, _: f64, _: f64, dout: f64) -> (f64, f64) {
        (if a > 0.0 { dout } else { 0.0 }, 0.0)
    }
    fn rules(a: f64, _: f64, _: f64) -> [Rule; 2] {
        let rule = if a > 0.0 { PASS.because("{a} > 0") } else { BLOCK.because("{a} ≤ 0") };
        [rule, Rule::NONE]
    }
}

impl Row for Abs {
    const NAME: &'static str = "abs";
    const SYMBOL: &'static str = "abs";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["abs"];
    const NOTATION: &'static str = "abs({a})";
}

impl Elementwise for Abs {
    const VERB: &'static str = "";
    #[inline]
    fn forward(a: f64, _: f64) -> f64 {
        a.abs()
    }
    /// dout · sign(x), with 0 at x = 0.
    #[inline]
    fn backward(a: f64, _: f64, _: f64, dout: f64) -> (f64, f64) {
        let sign = if a > 0.0 {
            1.0
        } else if a < 0.0 {
            -1.0
        } else {
            0.0
        };
        (dout * sign, 0.0)
    }
    fn rules(a: f64, _: f64, _: f64) -> [Rule; 2] {
        let rule = if a > 0.0 {
            PASS.because("{a} > 0")
        } else if a < 0.0 {
            NEGATE.because("{a} < 0")
        } else {
            BLOCK.because("{a} = 0")
        };
        [rule, Rule::NONE]
    }
}

impl Row for Max {
    const NAME: &'static str = "max";
    const SYMBOL: &'static str = "max";
    const ARITY: usize = 2;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["max"];
    const NOTATION: &'static str = "max({a}, {b})";
}

impl Elementwise for Max {
    const VERB: &'static str = "take the max of";
    #[inline]
    fn forward(a: f64, b: f64) -> f64 {
        if a >= b { a } else { b }
    }
    /// The winner takes dout; a tie goes to `a`.
    #[inline]
    fn backward(a: f64, b: f64, _: f64, dout: f64) -> (f64, f64) {
        if a >= b { (dout, 0.0) } else { (0.0, dout) }
    }
    fn rules(a: f64, b: f64, _: f64) -> [Rule; 2] {
        if a >= b {
            [PASS.because("{a} ≥ {b}"), BLOCK.because("{a} ≥ {b}")]
        } else {
            [BLOCK.because("{a} < {b}"), PASS.because("{a} < {b}")]
        }
    }
}

impl Row for Min {
    const NAME: &'static str = "min";
    const SYMBOL: &'static str = "min";
    const ARITY: usize = 2;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["min"];
    const NOTATION: &'static str = "min({a}, {b})";
}

impl Elementwise for Min {
    const VERB: &'static str = "take the min of";
    #[inline]
    fn forward(a: f64, b: f64) -> f64 {
        if a <= b { a } else { b }
    }
    /// The smaller takes dout; a tie goes to `a`.
    #[inline]
    fn backward(a: f64, b: f64, _: f64, dout: f64) -> (f64, f64) {
        if a <= b { (dout, 0.0) } else { (0.0, dout) }
    }
    fn rules(a: f64, b: f64, _: f64) -> [Rule; 2] {
        if a <= b {
            [PASS.because("{a} ≤ {b}"), BLOCK.because("{a} ≤ {b}")]
        } else {
            [BLOCK.because("{a} > {b}"), PASS.because("{a} > {b}")]
        }
    }
}
