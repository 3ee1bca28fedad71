//! The few colours cgraph uses, in one place: forward values and gradients
//! are told apart as in the book (values plain-ish, gradients red).

use colored::Colorize;

/// Paints `text` with `paint` only when colour is on.
fn paint(text: &str, on: bool, paint: fn(&str) -> colored::ColoredString) -> String {
    if on { paint(text).to_string() } else { text.to_owned() }
}

/// A forward value.
pub fn value(text: &str, on: bool) -> String {
    paint(text, on, |t| t.cyan())
}

/// A gradient.
pub fn grad(text: &str, on: bool) -> String {
    paint(text, on, |t| t.red())
}

/// Headers and other quiet text.
pub fn dim(text: &str, on: bool) -> String {
    paint(text, on, |t| t.dimmed())
}

/// What the eye should land on first: the result.
pub fn strong(text: &str, on: bool) -> String {
    paint(text, on, |t| t.bold())
}

pub fn error(text: &str, on: bool) -> String {
    paint(text, on, |t| t.red().bold())
}

pub fn warning(text: &str, on: bool) -> String {
    paint(text, on, |t| t.yellow().bold())
}

/// The caret line and the line-number gutter of a diagnostic.
pub fn gutter(text: &str, on: bool) -> String {
    paint(text, on, |t| t.blue().bold())
}
