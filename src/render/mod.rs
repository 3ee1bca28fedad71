//! Renderers: an evaluation (or an error) in, bytes out. They colour only when
//! told to; front ends decide that, and where the bytes go.

pub mod diagnostic;
pub mod json;
pub mod number;
pub mod style;
pub mod text;

pub use number::Digits;

/// How numbers and colours are shown, as the options `--precision`,
/// `--exact` and `--color` set them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    pub digits: Digits,
    pub color: bool,
}

impl Default for Look {
    fn default() -> Self {
        Look { digits: Digits::Significant(10), color: false }
    }
}

impl Look {
    /// A number as this look shows it.
    pub fn number(&self, x: f64) -> String {
        number::format(x, self.digits)
    }
}
