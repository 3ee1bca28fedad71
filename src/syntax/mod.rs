//! Text to statements: the pest grammar, a non-recursive conversion of its
//! flat expressions to postfix order, and readable syntax errors. Nothing here
//! evaluates.

mod ast;
mod expected;
mod lexer;
mod postfix;
mod split;

use std::rc::Rc;

use pest::Parser;
use pest::iterators::Pair;

pub use ast::{Assertion, Expr, GradCall, NameId, Op, OpKind, Resolve, Statement, grad_ranges, names};
pub use split::{MAX_NESTING, Statements, open_bracket, statements};

use crate::error::{Error, Span};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/cgraph.pest"]
struct Grammar;

/// Parses the statement at `span` of `source` (a span from [`statements`]).
/// Spans in the result, and in any error, are positions in `source`. Names
/// are left [`NameId::UNKNOWN`]: a session finds them by their text.
pub fn parse_statement(source: &Rc<str>, span: Span) -> Result<Statement, Error> {
    parse_statement_with(source, span, &mut |_| NameId::UNKNOWN)
}

/// [`parse_statement`], with each name turned into an id by `resolve` (a
/// session's table of names).
pub fn parse_statement_with(source: &Rc<str>, span: Span, resolve: Resolve<'_>) -> Result<Statement, Error> {
    match lexer::statement(source, span, resolve) {
        Some(statement) => statement,
        None => pest_statement(source, span, resolve),
    }
}

/// Statements longer than this many bytes are checked before they are parsed.
const CHECK_FIRST: usize = 1 << 16;

/// [`parse_statement`] by the grammar: every statement, and every error.
fn pest_statement(source: &Rc<str>, span: Span, resolve: Resolve<'_>) -> Result<Statement, Error> {
    let text = &source[span.range()];
    let base = span.start;
    // pest queues about 80 bytes per token before it can report an error at
    // the end: a long statement is first matched without the queue.
    if text.len() > CHECK_FIRST {
        Grammar::parse(Rule::statement_check, text)
            .map_err(|error| expected::syntax_error(&error, text, base))?;
    }
    let mut pairs =
        Grammar::parse(Rule::statement, text).map_err(|error| expected::syntax_error(&error, text, base))?;
    let Some(body) = pairs.next().and_then(|statement| statement.into_inner().next()) else {
        return Ok(Statement::Empty);
    };
    let mut convert = |pair: Pair<'_, Rule>| postfix::expr(pair, text, source, base, resolve);
    let mut parts = body.clone().into_inner();
    match body.as_rule() {
        Rule::assignment => {
            let (name, assign, expr) = (parts.next(), parts.next(), parts.next());
            let (Some(name), Some(_), Some(expr)) = (name, assign, expr) else {
                unreachable!("the grammar gives an assignment three parts")
            };
            let expr = convert(expr)?;
            Ok(Statement::Assign { name: resolve(name.as_str()), name_span: shifted(&name, base), expr })
        }
        Rule::assertion => {
            let mut exprs =
                parts.filter(|p| matches!(p.as_rule(), Rule::expr | Rule::checked | Rule::tolerance));
            let (Some(left), Some(right)) = (exprs.next(), exprs.next()) else {
                unreachable!("the grammar gives an assertion two sides")
            };
            let tolerance = match exprs.next().and_then(|t| t.into_inner().nth(1)) {
                Some(t) => Some(convert(t)?),
                None => None,
            };
            Ok(Statement::Assert(Box::new(Assertion {
                left: convert(left)?,
                right: convert(right)?,
                tolerance,
                span: shifted(&body, base),
            })))
        }
        Rule::evaluation => match parts.next() {
            Some(expr) => Ok(Statement::Eval(convert(expr)?)),
            None => unreachable!("the grammar gives an evaluation an expression"),
        },
        _ => Ok(Statement::Empty), // EOI: a blank statement
    }
}

/// Parses every statement of a text (tests and tools; front ends go
/// statement by statement so that each runs before the next is read).
pub fn parse_all(source: &Rc<str>) -> Result<Vec<Statement>, Error> {
    statements(source).map(|span| parse_statement(source, span?)).collect()
}

/// A pair's span, moved from its statement's text into the whole source.
fn shifted(pair: &Pair<'_, Rule>, base: usize) -> Span {
    let s = pair.as_span();
    Span::new(base + s.start(), base + s.end())
}

#[cfg(test)]
mod tests;
