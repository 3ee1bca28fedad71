//! The leaves: inputs and literals, which take no operands. Their value is
//! set when the graph is built, and their gradient is what reaches them.

use super::{Elementwise, Row, Rule};

/// A leaf named by an assignment (`apple = 100`).
pub struct Input;

/// A number written in an expression (the `2` of `apple*2`).
pub struct Const;

/// A leaf's row: its name, and no passes (nothing comes into a leaf, and
/// what reaches it stays there).
macro_rules! leaf {
    ($leaf:ty, $name:literal) => {
        impl Row for $leaf {
            const NAME: &'static str = $name;
            const SYMBOL: &'static str = $name;
            const ARITY: usize = 0;
            const PARAMETER: bool = false;
            const CALLED: &'static [&'static str] = &[];
            const NOTATION: &'static str = "";
        }

        impl Elementwise for $leaf {
            const VERB: &'static str = "";
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
    };
}

leaf!(Input, "input");
leaf!(Const, "const");
