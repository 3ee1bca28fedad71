//! The smooth one-operand functions: exp, ln, sqrt, sin, cos, tanh, sigmoid.
//! Backward rules use the forward output `y` where the book does.

use super::{Layer, Rule};

pub(super) fn forward(layer: Layer, x: f64) -> f64 {
    match layer {
        Layer::Exp => x.exp(),
        Layer::Ln => x.ln(),
        Layer::Sqrt => x.sqrt(),
        Layer::Sin => x.sin(),
        Layer::Cos => x.cos(),
        Layer::Tanh => x.tanh(),
        _ => 1.0 / (1.0 + (-x).exp()), // Sigmoid
    }
}

/// How the forward pass reads, as a template (see [`Rule`] for the placeholders).
pub(super) fn notation(layer: Layer) -> &'static str {
    match layer {
        Layer::Exp => "exp({a})",
        Layer::Ln => "ln({a})",
        Layer::Sqrt => "sqrt({a})",
        Layer::Sin => "sin({a})",
        Layer::Cos => "cos({a})",
        Layer::Tanh => "tanh({a})",
        _ => "sigmoid({a})",
    }
}

/// The backward rule below, written out for people (`{y}` is the output).
pub(super) fn rule(layer: Layer) -> Rule {
    match layer {
        Layer::Exp => Rule::new("{d} × {y}"),
        Layer::Ln => Rule::new("{d} / {a}"),
        Layer::Sqrt => Rule::new("{d} / (2 × {y})"),
        Layer::Sin => Rule::new("{d} × cos({a})"),
        Layer::Cos => Rule::new("-{d} × sin({a})"),
        Layer::Tanh => Rule::new("{d} × (1 - {y}^2)"),
        _ => Rule::new("{d} × {y} × (1 - {y})"),
    }
}

pub(super) fn backward(layer: Layer, x: f64, y: f64, dout: f64) -> f64 {
    match layer {
        // y = exp(x): dy/dx = y
        Layer::Exp => dout * y,
        // y = ln(x): dy/dx = 1/x, as IEEE computes it (x = 0 gives inf)
        Layer::Ln => dout / x,
        // y = sqrt(x): dy/dx = 1/(2y), +inf at x = 0
        Layer::Sqrt => dout / (2.0 * y),
        Layer::Sin => dout * x.cos(),
        Layer::Cos => -dout * x.sin(),
        // y = tanh(x): dy/dx = 1 - y²
        Layer::Tanh => dout * (1.0 - y * y),
        // the book's Sigmoid layer: dx = dout * y * (1 - y)
        _ => dout * y * (1.0 - y),
    }
}
