//! Text to statements: the pest grammar reads every statement, a
//! non-recursive conversion turns its flat expressions into postfix order,
//! and syntax errors are put in words. Nothing here evaluates.

mod ahead;
mod ast;
mod expected;
mod parsed;
mod postfix;
mod read;
mod tokens;

use std::rc::Rc;

pub use ahead::{Ahead, reading_ahead};
pub use ast::{
    Assertion, DEFAULT_RATE, DEFAULT_STEPS, Data, DataCall, Expr, GradCall, NameId, Op, OpKind, Resolve,
    Statement, Step, Training, grad_ranges, names,
};
pub use parsed::Read;
pub use postfix::MAX_NESTING;
pub use read::{Statements, open_bracket, open_brackets, read, statements};
pub use tokens::{Token, TokenKind, tokens};

use crate::error::Error;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/cgraph.pest"]
struct Grammar;

/// Names that cannot be assigned: the functions (layers and data), `grad`,
/// `assert`, and the `train` and `over` of a training.
pub fn is_reserved(name: &str) -> bool {
    matches!(name, "grad" | "assert" | "train" | "over")
        || crate::layers::function(name).is_some()
        || Data::named(name).is_some()
}

/// Parses every statement of a text (tests and tools; front ends go
/// statement by statement so that each runs before the next is read).
pub fn parse_all(source: &Rc<str>) -> Result<Vec<Statement>, Error> {
    statements(source).map(|read| read.map(|read| read.statement)).collect()
}

#[cfg(test)]
mod tests;
