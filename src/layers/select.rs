//! The piecewise layers, which route the gradient rather than scale it:
//! relu, abs, max, min. Their conventions at the kinks are the SPEC's.

use super::{Layer, Rule};

pub(super) fn forward(layer: Layer, a: f64, b: f64) -> f64 {
    match layer {
        Layer::Relu => {
            if a > 0.0 {
                a
            } else {
                0.0
            }
        }
        Layer::Abs => a.abs(),
        Layer::Max => {
            if a >= b {
                a
            } else {
                b
            }
        }
        _ => {
            // Min
            if a <= b { a } else { b }
        }
    }
}

/// How the forward pass reads, as a template (see [`Rule`] for the placeholders).
pub(super) fn notation(layer: Layer) -> &'static str {
    match layer {
        Layer::Relu => "relu({a})",
        Layer::Abs => "abs({a})",
        Layer::Max => "max({a}, {b})",
        _ => "min({a}, {b})",
    }
}

/// The routing below, written out for people, with the case that chose it.
pub(super) fn rules(layer: Layer, a: f64, b: f64) -> [Rule; 2] {
    let (pass, block, neg) = (Rule::new("{d}"), Rule::new("0"), Rule::new("-{d}"));
    match layer {
        Layer::Relu if a > 0.0 => [pass.because("{a} > 0"), Rule::NONE],
        Layer::Relu => [block.because("{a} ≤ 0"), Rule::NONE],
        Layer::Abs if a > 0.0 => [pass.because("{a} > 0"), Rule::NONE],
        Layer::Abs if a < 0.0 => [neg.because("{a} < 0"), Rule::NONE],
        Layer::Abs => [block.because("{a} = 0"), Rule::NONE],
        Layer::Max if a >= b => [pass.because("{a} ≥ {b}"), block.because("{a} ≥ {b}")],
        Layer::Max => [block.because("{a} < {b}"), pass.because("{a} < {b}")],
        _ if a <= b => [pass.because("{a} ≤ {b}"), block.because("{a} ≤ {b}")],
        _ => [block.because("{a} > {b}"), pass.because("{a} > {b}")], // Min
    }
}

pub(super) fn backward(layer: Layer, a: f64, b: f64, dout: f64) -> (f64, f64) {
    match layer {
        // The book's mask: x <= 0 lets nothing through.
        Layer::Relu => (if a > 0.0 { dout } else { 0.0 }, 0.0),
        // sign(x), with 0 at x = 0.
        Layer::Abs => {
            let sign = if a > 0.0 {
                1.0
            } else if a < 0.0 {
                -1.0
            } else {
                0.0
            };
            (dout * sign, 0.0)
        }
        // The winner takes dout; a tie goes to `a`.
        Layer::Max => {
            if a >= b {
                (dout, 0.0)
            } else {
                (0.0, dout)
            }
        }
        _ => {
            // Min
            if a <= b { (dout, 0.0) } else { (0.0, dout) }
        }
    }
}
