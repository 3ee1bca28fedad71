//! The operator layers: add, sub, mul, div, neg, and the identity.

use super::{Elementwise, Row, Rule};

pub struct Add;
pub struct Sub;
pub struct Mul;
pub struct Div;
pub struct Neg;
/// A formula that is a bare name (`b = a`): passes dout on.
pub struct Id;

impl Row for Add {
    const NAME: &'static str = "add";
    const SYMBOL: &'static str = "+";
    const ARITY: usize = 2;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &[];
    const NOTATION: &'static str = "{a} + {b}";
}

impl Elementwise for Add {
    const VERB: &'static str = "add";
    #[inline]
    fn forward(a: f64, b: f64) -> f64 {
        a + b
    }
    /// Both operands get dout unchanged.
    #[inline]
    fn backward(_: f64, _: f64, _: f64, dout: f64) -> (f64, f64) {
        (dout, dout)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("{d}"), Rule::new("{d}")]
    }
}

impl Row for Sub {
    const NAME: &'static str = "sub";
    const SYMBOL: &'static str = "−";
    const ARITY: usize = 2;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &[];
    const NOTATION: &'static str = "{a} - {b}";
}

impl Elementwise for Sub {
    const VERB: &'static str = "subtract";
    #[inline]
    fn forward(a: f64, b: f64) -> f64 {
        a - b
    }
    #[inline]
    fn backward(_: f64, _: f64, _: f64, dout: f64) -> (f64, f64) {
        (dout, -dout)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("{d}"), Rule::new("-{d}")]
    }
}

impl Row for Mul {
    const NAME: &'static str = "mul";
    const SYMBOL: &'static str = "×";
    const ARITY: usize = 2;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &[];
    const NOTATION: &'static str = "{a} × {b}";
}

impl Elementwise for Mul {
    const VERB: &'static str = "multiply";
    #[inline]
    fn forward(a: f64, b: f64) -> f64 {
        a * b
    }
    /// Each operand gets dout times the other (the book's MulLayer).
    #[inline]
    fn backward(a: f64, b: f64, _: f64, dout: f64) -> (f64, f64) {
        (dout * b, dout * a)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("{d} × {b}"), Rule::new("{d} × {a}")]
    }
}

impl Row for Div {
    const NAME: &'static str = "div";
    const SYMBOL: &'static str = "÷";
    const ARITY: usize = 2;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &[];
    const NOTATION: &'static str = "{a} / {b}";
}

impl Elementwise for Div {
    const VERB: &'static str = "divide";
    #[inline]
    fn forward(a: f64, b: f64) -> f64 {
        a / b
    }
    /// d/da = 1/b, d/db = -a/b².
    #[inline]
    fn backward(a: f64, b: f64, _: f64, dout: f64) -> (f64, f64) {
        (dout / b, -dout * a / (b * b))
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("{d} / {b}"), Rule::new("-{d} × {a} / {b}^2")]
    }
}

impl Row for Neg {
    const NAME: &'static str = "neg";
    const SYMBOL: &'static str = "neg";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &[];
    const NOTATION: &'static str = "-{a}";
}

impl Elementwise for Neg {
    const VERB: &'static str = "";
    #[inline]
    fn forward(a: f64, _: f64) -> f64 {
        -a
    }
    #[inline]
    fn backward(_: f64, _: f64, _: f64, dout: f64) -> (f64, f64) {
        (-dout, 0.0)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("-{d}"), Rule::NONE]
    }
}

impl Row for Id {
    const NAME: &'static str = "id";
    const SYMBOL: &'static str = "id";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &[];
    const NOTATION: &'static str = "{a}";
}

impl Elementwise for Id {
    const VERB: &'static str = "";
    #[inline]
    fn forward(a: f64, _: f64) -> f64 {
        a
    }
    #[inline]
    fn backward(_: f64, _: f64, _: f64, dout: f64) -> (f64, f64) {
        (dout, 0.0)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("{d}"), Rule::NONE]
    }
}
