//! One error type for everything that can go wrong with a statement: a kind
//! that says what, and the byte span of the source it is about.

use std::fmt;

use crate::matrix::{CsvError, MatrixError, Shape};
use crate::render::number::{self, Digits};
use crate::span::Span;

/// What went wrong. The message is made from the data, never matched by text.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorKind {
    /// The parser stopped: what it expected there, and what it found.
    Syntax {
        expected: Vec<&'static str>,
        found: String,
    },
    /// A syntax error where a number stands right before a name (`2x`):
    /// `product` is what was likely meant (`2*x`).
    Juxtaposed {
        expected: Vec<&'static str>,
        found: String,
        product: String,
    },
    /// A bracket opened and never closed before the end of the text.
    Unclosed {
        bracket: char,
    },
    /// Brackets nested deeper than the parser allows.
    TooDeep {
        limit: usize,
    },
    /// The text is not UTF-8.
    NotUtf8,
    UndefinedName {
        name: String,
        suggestion: Option<String>,
    },
    UnknownFunction {
        name: String,
        suggestion: Option<String>,
    },
    /// A function called with the wrong number of arguments.
    Arity {
        function: String,
        expected: usize,
        found: usize,
    },
    /// `grad(y, x)` whose second argument is not a name.
    GradTarget,
    /// A function name, `grad` or `assert` where a value should be.
    NotAValue {
        name: String,
    },
    /// An attempt to assign a function name, `grad` or `assert`.
    Reserved {
        name: String,
    },
    /// A `grad(y, x)` whose value depends on `input`, inside a graph whose
    /// backward pass also reaches `input`: it would have to differentiate
    /// the gradient, and a second derivative is not computed. `call` is the
    /// grad call's text; `formula` the formula that holds it, when it is not
    /// written in the statement itself.
    SecondDerivative {
        call: String,
        input: String,
        formula: Option<String>,
    },
    /// A formula that would depend on itself: the names around the loop.
    Cycle {
        path: Vec<String>,
    },
    /// `steps N` where N is not a whole number (up to 10^9).
    WholeSteps,
    /// An update or a training of a formula: only inputs change.
    NotAnInput {
        name: String,
    },
    /// A training whose loss is not finite after `step` steps (0: before the first).
    Diverged {
        step: usize,
        loss: f64,
    },
    /// `assert A == B +- T` with a T below zero (or NaN): no difference is within it.
    NegativeTolerance {
        tolerance: f64,
    },
    /// A graph that did not fit in memory: how many nodes, and about how
    /// many bytes, it was to take.
    OutOfMemory {
        nodes: usize,
        bytes: usize,
    },
    /// Ctrl-C stopped the statement while its graph was being built.
    Interrupted,
    /// A statement on a line of `len` bytes that needs about `bytes` of
    /// memory to read, more than there is.
    TooBigToRead {
        len: usize,
        bytes: usize,
    },
    /// A matrix literal whose row `row` (1-based) has `found` elements
    /// where the first row has `expected`.
    RaggedRow {
        row: usize,
        found: usize,
        expected: usize,
    },
    /// Shapes that do not fit, a bad label, size or axis: the matrix
    /// kernels' own words.
    Matrix(MatrixError),
    /// A CSV file that `load` could not read: its name as written, and why
    /// (with the LINE:COL in it, when the problem is at a place).
    Csv {
        path: String,
        error: CsvError,
    },
    /// A quoted file name anywhere but as `load`'s argument.
    StrayText,
    /// A data function's argument that must be a number (a size, a class
    /// count) but is a matrix of this shape.
    NotANumber {
        function: &'static str,
        shape: Shape,
    },
    /// Where a number must be written as a literal (the axis of `sum(X, 0)`).
    LiteralAxis {
        function: String,
    },
    /// An update whose value's shape does not fit the input's.
    UpdateShape {
        name: String,
        input: Shape,
        step: Shape,
    },
    /// A training whose loss is not one number.
    LossShape {
        shape: Shape,
    },
    /// `assert A == B` on values of different shapes.
    AssertShapes {
        left: Shape,
        right: Shape,
    },
    /// `assert A == B` with the two values and the tolerance that failed.
    AssertFailed {
        left: f64,
        right: f64,
        tolerance: f64,
    },
}

/// An error with the place it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    pub span: Span,
}

impl Error {
    pub fn new(kind: ErrorKind, span: Span) -> Self {
        Error { kind, span }
    }

    /// A short note to print under the caret, where there is one.
    pub fn help(&self) -> Option<String> {
        match &self.kind {
            ErrorKind::UndefinedName { suggestion: Some(s), .. }
            | ErrorKind::UnknownFunction { suggestion: Some(s), .. } => Some(format!("did you mean `{s}`?")),
            ErrorKind::Reserved { name } if name == "grad" => {
                Some("`grad(y, x)` is the gradient of y with respect to x".into())
            }
            ErrorKind::Reserved { name } if name != "assert" => {
                Some(format!("`{name}` is a function; choose another name"))
            }
            ErrorKind::TooDeep { .. } => Some("split the expression with a formula".into()),
            ErrorKind::NotAnInput { .. } => {
                Some("a formula follows its inputs: update or train the inputs it uses".into())
            }
            ErrorKind::Diverged { .. } => Some("try a smaller learning rate: `lr 0.01`".into()),
            ErrorKind::SecondDerivative { .. } => Some(
                "`assert` and the value hint can use a gradient's value; a graph cannot differentiate it"
                    .into(),
            ),
            ErrorKind::Juxtaposed { product, .. } => Some(format!("did you mean `{product}`?")),
            ErrorKind::NotAValue { name } => Some(match name.as_str() {
                "assert" => "write `assert A == B`".to_owned(),
                "grad" => "call it: `grad(y, x)`".to_owned(),
                _ => format!("call it: `{name}(x)`"),
            }),
            ErrorKind::LiteralAxis { .. } => {
                Some("0 sums down the rows (r×c to 1×c), 1 across the columns (r×c to r×1)".into())
            }
            ErrorKind::LossShape { .. } => Some("sum or average it: `mean(...)`".into()),
            ErrorKind::StrayText => Some("write `load(\"file.csv\")`".into()),
            ErrorKind::Syntax { found, .. } if found == "`==`" => {
                Some("`==` compares only in an assertion: `assert A == B`".into())
            }
            _ => None,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Syntax { expected, found } | ErrorKind::Juxtaposed { expected, found, .. } => {
                write!(f, "expected {}, found {found}", join_or(expected))
            }
            ErrorKind::Unclosed { bracket } => write!(f, "`{bracket}` is never closed"),
            ErrorKind::TooDeep { limit } => {
                write!(f, "brackets nested too deeply (the limit is {limit})")
            }
            ErrorKind::NotUtf8 => write!(f, "the text is not valid UTF-8"),
            ErrorKind::UndefinedName { name, .. } => write!(f, "undefined name `{}`", short(name)),
            ErrorKind::UnknownFunction { name, .. } => write!(f, "unknown function `{}`", short(name)),
            ErrorKind::NotAValue { name } if name == "assert" => {
                write!(f, "`assert` starts a check and is not a value")
            }
            ErrorKind::NotAValue { name } => write!(f, "`{name}` is a function, not a value"),
            ErrorKind::Arity { function, expected, found } => {
                let s = if *expected == 1 { "" } else { "s" };
                write!(f, "`{function}` takes {expected} argument{s}, found {found}")
            }
            ErrorKind::GradTarget => {
                write!(f, "the second argument of `grad` must be the name of an input or formula")
            }
            ErrorKind::Reserved { name } => write!(f, "`{}` is reserved and cannot be assigned", short(name)),
            ErrorKind::SecondDerivative { call, input, formula } => {
                let held = formula.as_ref().map(|f| format!(" (in the formula `{}`)", short(f)));
                write!(
                    f,
                    "`{}`{} depends on `{}`, which this graph differentiates: that would need the \
                     derivative of a gradient, and a second derivative is not computed",
                    short(call),
                    held.unwrap_or_default(),
                    short(input)
                )
            }
            ErrorKind::Cycle { path } => {
                write!(f, "a formula cannot depend on itself: {}", path.join(" -> "))
            }
            ErrorKind::WholeSteps => write!(f, "`steps` takes a whole number of steps"),
            ErrorKind::NotAnInput { name } => {
                write!(f, "`{}` is a formula; only an input can be changed", short(name))
            }
            ErrorKind::Diverged { step, loss } => {
                let loss = number::format(*loss, Digits::Significant(10));
                match step {
                    0 => write!(f, "the loss is {loss} before the first step"),
                    _ => write!(
                        f,
                        "the loss became {loss} at step {step}; the inputs keep their values after step {}",
                        step - 1
                    ),
                }
            }
            ErrorKind::Interrupted => write!(f, "interrupted"),
            ErrorKind::TooBigToRead { len, bytes } => write!(
                f,
                "out of memory: reading a statement of {} bytes takes about {}",
                about(*len as f64, &["", " thousand", " million", " billion"]),
                about(*bytes as f64, &[" bytes", " kB", " MB", " GB", " TB"])
            ),
            ErrorKind::NegativeTolerance { tolerance } => write!(
                f,
                "the tolerance after `+-` must be zero or more, not {}",
                number::format(*tolerance, Digits::Significant(6))
            ),
            ErrorKind::OutOfMemory { nodes, bytes } => write!(
                f,
                "out of memory at {} nodes (about {})",
                about(*nodes as f64, &["", " thousand", " million", " billion"]),
                about(*bytes as f64, &[" bytes", " kB", " MB", " GB", " TB"])
            ),
            ErrorKind::RaggedRow { row, found, expected } => {
                let s = |n: usize| if n == 1 { "" } else { "s" };
                write!(
                    f,
                    "row {row} of the matrix has {found} element{}, but row 1 has {expected}",
                    s(*found)
                )
            }
            ErrorKind::Matrix(error) => error.fmt(f),
            ErrorKind::Csv { path, error } if error.location().is_some() => {
                write!(f, "{}:{error}", short(path))
            }
            ErrorKind::Csv { path, error } => write!(f, "{}: {error}", short(path)),
            ErrorKind::StrayText => write!(f, "a quoted file name is only an argument of `load`"),
            ErrorKind::NotANumber { function, shape } => {
                write!(f, "`{function}` takes numbers here, not a {shape} matrix")
            }
            ErrorKind::LiteralAxis { function } => {
                write!(f, "the axis of `{function}` must be written as 0 or 1")
            }
            ErrorKind::UpdateShape { name, input, step } => write!(
                f,
                "cannot update `{}` ({input}) by a {step} value: each dimension must be equal or the value's 1",
                short(name)
            ),
            ErrorKind::LossShape { shape } => {
                write!(f, "a training's loss must be one number, not a {shape} matrix")
            }
            ErrorKind::AssertShapes { left, right } => {
                write!(f, "assertion failed: the left side is {left}, the right side is {right}")
            }
            ErrorKind::AssertFailed { left, right, tolerance } => {
                let exact = |x: f64| number::format(x, Digits::Exact);
                write!(
                    f,
                    "assertion failed: the left side is {}, the right side is {} \
                     (they differ by {}, more than {})",
                    exact(*left),
                    exact(*right),
                    exact((left - right).abs()),
                    number::format(*tolerance, Digits::Significant(3))
                )
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for Error {}

/// A name as a message shows it: a name a megabyte long is cut.
fn short(name: &str) -> std::borrow::Cow<'_, str> {
    crate::graph::shorten_to(name, 40)
}

/// A count in words, rounded: `9.2 million`, `20 million`, `1.1 GB`
/// (units a thousand apart, as `units` lists them).
fn about(mut n: f64, units: &[&str]) -> String {
    let mut unit = 0;
    while n >= 1000.0 && unit + 1 < units.len() {
        n /= 1000.0;
        unit += 1;
    }
    if n < 10.0 && unit > 0 { format!("{n:.1}{}", units[unit]) } else { format!("{n:.0}{}", units[unit]) }
}

#[cfg(test)]
#[test]
fn sizes_are_said_in_rounded_words() {
    let oom = |nodes, bytes| ErrorKind::OutOfMemory { nodes, bytes }.to_string();
    assert_eq!(oom(9_200_000, 1_100_000_000), "out of memory at 9.2 million nodes (about 1.1 GB)");
    assert_eq!(oom(20_000_000, 800_000_000), "out of memory at 20 million nodes (about 800 MB)");
    assert_eq!(oom(512, 20_480), "out of memory at 512 nodes (about 20 kB)");
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[&str]) -> String {
    match items {
        [] => "something else".into(),
        [one] => (*one).into(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
