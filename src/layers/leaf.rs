//! The leaves: inputs and literals, which take no operands. Their value is
//! set when the graph is built, and their gradient is what reaches them.

use super::{Row, Rule};

/// A leaf named by an assignment (`apple = 100`).
pub struct Input;

/// A number written in an expression (the `2` of `apple*2`).
pub struct Const;

impl Row for Input {
    const NAME: &'static str = "input";
    const SYMBOL: &'static str = "input";
    const ARITY: usize = 0;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &[];
    const NOTATION: &'static str = "";
    fn forward(_: f64, _: f64) -> f64 {
        f64::NAN
    }
    fn backward(_: f64, _: f64, _: f64, _: f64) -> (f64, f64) {
        (0.0, 0.0)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::NONE; 2]
    }
}

impl Row for Const {
    const NAME: &'static str = "const";
    const SYMBOL: &'static str = "const";
    const ARITY: usize = 0;
    const PARAMETER: bool = false;
    const CALLED: &'static [&'static str] = &[];
    const NOTATION: &'static str = "";
    fn forward(_: f64, _: f64) -> f64 {
        f64::NAN
    }
    fn backward(_: f64, _: f64, _: f64, _: f64) -> (f64, f64) {
        (0.0, 0.0)
    }
    fn rules(_: f64, _: f64, _: f64) -> [Rule; 2] {
        [Rule::NONE; 2]
    }
}
