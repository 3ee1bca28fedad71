//! The smooth one-operand functions: exp, ln, sqrt, sin, cos, tanh, sigmoid.
//! Backward rules use the forward output `y` where the book does.

use super::{Elementwise, Row, Rule};

pub struct Exp;
pub struct Ln;
pub struct Sqrt;
pub struct Sin;
pub struct Cos;
pub struct Tanh;
pub struct Sigmoid;

impl Row for Exp {
    const NAME: &'static str = "exp";
    const SYMBOL: &'static str = "exp";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["exp"];
    const NOTATION: &'static str = "exp({a})";
}

impl Elementwise for Exp {
    const VERB: &'static str = "";
    #[inline]
    fn forward(x: f64, _: f64) -> f64 {
        x.exp()
    }
    /// y = exp(x): dy/dx = y.
    #[inline]
    fn backward(_: f64, _: f64, y: f64, dout: f64) -> (f64, f64) {
        (dout * y, 0.0)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("{d} × {y}"), Rule::NONE]
    }
}

impl Row for Ln {
    const NAME: &'static str = "ln";
    const SYMBOL: &'static str = "ln";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["ln", "log"];
    const NOTATION: &'static str = "ln({a})";
}

impl Elementwise for Ln {
    const VERB: &'static str = "";
    #[inline]
    fn forward(x: f64, _: f64) -> f64 {
        x.ln()
    }
    /// dy/dx = 1/x as IEEE computes it (x = 0 gives inf).
    #[inline]
    fn backward(x: f64, _: f64, _: f64, dout: f64) -> (f64, f64) {
        (dout / x, 0.0)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("{d} / {a}"), Rule::NONE]
    }
}

impl Row for Sqrt {
    const NAME: &'static str = "sqrt";
    const SYMBOL: &'static str = "sqrt";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["sqrt"];
    const NOTATION: &'static str = "sqrt({a})";
}

impl Elementwise for Sqrt {
    const VERB: &'static str = "";
    #[inline]
    fn forward(x: f64, _: f64) -> f64 {
        x.sqrt()
    }
    /// dy/dx = 1/(2y), +inf at x = 0.
    #[inline]
    fn backward(_: f64, _: f64, y: f64, dout: f64) -> (f64, f64) {
        (dout / (2.0 * y), 0.0)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("{d} / (2 × {y})"), Rule::NONE]
    }
}

impl Row for Sin {
    const NAME: &'static str = "sin";
    const SYMBOL: &'static str = "sin";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["sin"];
    const NOTATION: &'static str = "sin({a})";
}

impl Elementwise for Sin {
    const VERB: &'static str = "";
    #[inline]
    fn forward(x: f64, _: f64) -> f64 {
        x.sin()
    }
    #[inline]
    fn backward(x: f64, _: f64, _: f64, dout: f64) -> (f64, f64) {
        (dout * x.cos(), 0.0)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("{d} × cos({a})"), Rule::NONE]
    }
}

impl Row for Cos {
    const NAME: &'static str = "cos";
    const SYMBOL: &'static str = "cos";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["cos"];
    const NOTATION: &'static str = "cos({a})";
}

impl Elementwise for Cos {
    const VERB: &'static str = "";
    #[inline]
    fn forward(x: f64, _: f64) -> f64 {
        x.cos()
    }
    #[inline]
    fn backward(x: f64, _: f64, _: f64, dout: f64) -> (f64, f64) {
        (-dout * x.sin(), 0.0)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("-{d} × sin({a})"), Rule::NONE]
    }
}

impl Row for Tanh {
    const NAME: &'static str = "tanh";
    const SYMBOL: &'static str = "tanh";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["tanh"];
    const NOTATION: &'static str = "tanh({a})";
}

impl Elementwise for Tanh {
    const VERB: &'static str = "";
    #[inline]
    fn forward(x: f64, _: f64) -> f64 {
        x.tanh()
    }
    /// dy/dx = 1 - y².
    #[inline]
    fn backward(_: f64, _: f64, y: f64, dout: f64) -> (f64, f64) {
        (dout * (1.0 - y * y), 0.0)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("{d} × (1 - {y}^2)"), Rule::NONE]
    }
}

impl Row for Sigmoid {
    const NAME: &'static str = "sigmoid";
    const SYMBOL: &'static str = "sigmoid";
    const ARITY: usize = 1;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &["sigmoid"];
    const NOTATION: &'static str = "sigmoid({a})";
}

impl Elementwise for Sigmoid {
    const VERB: &'static str = "";
    #[inline]
    fn forward(x: f64, _: f64) -> f64 {
        1.0 / (1.0 + (-x).exp())
    }
    /// The book's Sigmoid layer: dx = dout · y · (1 − y).
    #[inline]
    fn backward(_: f64, _: f64, y: f64, dout: f64) -> (f64, f64) {
        (dout * y * (1.0 - y), 0.0)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::new("{d} × {y} × (1 - {y})"), Rule::NONE]
    }
}
