//! The piecewise layers, which route the gradient rather than scale it:
//! relu, abs, max, min. Their conventions at the kinks are the SPEC's.

use super::Layer;

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
