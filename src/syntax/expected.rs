//! Turns pest's "expected one of these rules" into words a student reads:
//! every rule has a description here (or none, for rules that never appear
//! alone), and the match has no catch-all arm, so a new rule can't slip
//! through unnamed.

use pest::error::{ErrorVariant, InputLocation};

use super::Rule;
use super::tokens::{self, TokenKind};
use crate::error::{Error, ErrorKind};
use crate::graph::shorten_to;
use crate::render::diagnostic;
use crate::span::Span;

/// The most characters of a word that a message quotes.
const FOUND_WIDTH: usize = 40;

/// What a rule is called in an error message, if it is worth naming.
fn describe(rule: Rule) -> Option<&'static str> {
    match rule {
        Rule::kw_assert
        | Rule::statement
        | Rule::statement_check
        | Rule::assertion
        | Rule::assignment
        | Rule::update
        | Rule::training
        | Rule::kw_train => Some("a statement"),
        Rule::kw_over => Some("`over`"),
        Rule::rate | Rule::kw_lr => Some("`lr`"),
        Rule::steps | Rule::kw_steps => Some("`steps`"),
        Rule::expr
        | Rule::evaluation
        | Rule::checked
        | Rule::operand
        | Rule::term
        | Rule::opener
        | Rule::prefix
        | Rule::exponent
        | Rule::number
        | Rule::name
        | Rule::open
        | Rule::matrix
        | Rule::string => Some("an expression"),
        Rule::bracketed_rows | Rule::matrix_row | Rule::element => Some("a number"),
        Rule::infix | Rule::link => Some("an operator"),
        Rule::assign => Some("`=`"),
        Rule::equals => Some("`==`"),
        Rule::tolerance | Rule::plus_minus => Some("`+-`"),
        Rule::close => Some("`)`"),
        Rule::comma => Some("`,`"),
        Rule::end | Rule::EOI => Some("the end of the statement"),
        // After a name an argument list may follow, but that is not what a
        // reader missed there; blanks and comments never are.
        Rule::call_open | Rule::gap | Rule::comment => None,
        // `x -= 1` is rare beside `x = 1`: a name followed by something else
        // is not read as a misspelt update.
        Rule::step => None,
        // Statements read ahead: one that fails there is read again alone.
        Rule::statements | Rule::line => None,
        // Silent: they name no token of their own.
        Rule::content | Rule::inside => None,
        // The rules that read text that does not parse never fail.
        Rule::extent
        | Rule::plain
        | Rule::tokens
        | Rule::lead
        | Rule::token
        | Rule::word
        | Rule::lbracket
        | Rule::rbracket
        | Rule::separator
        | Rule::symbol
        | Rule::blank
        | Rule::other => None,
    }
}

/// The order descriptions are listed in: the likeliest fix first.
const ORDER: &[&str] = &[
    "a statement",
    "an expression",
    "a number",
    "an operator",
    "`,`",
    "`)`",
    "`=`",
    "`==`",
    "`+-`",
    "`over`",
    "`lr`",
    "`steps`",
    "the end of the statement",
];

/// A pest error as ours, with its position moved by `base` into the whole source.
pub(super) fn syntax_error(error: &pest::error::Error<super::Rule>, text: &str, base: usize) -> Error {
    let at = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((p, _)) => p,
    };
    let mut expected: Vec<&'static str> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        for description in positives.iter().filter_map(|&r| describe(r)) {
            if !expected.contains(&description) {
                expected.push(description);
            }
        }
    }
    // "a statement" already says "an expression".
    if expected.contains(&"a statement") {
        expected.retain(|&d| d != "an expression");
    }
    expected.sort_by_key(|d| ORDER.iter().position(|o| o == d));
    let (found, len) = found_at(text, at);
    let span = Span::new(base + at, base + at + len);
    match juxtaposed(text, at, len).filter(|_| expected.contains(&"an operator")) {
        Some(product) => Error::new(ErrorKind::Juxtaposed { expected, found, product }, span),
        None => Error::new(ErrorKind::Syntax { expected, found }, span),
    }
}

/// `2*x` where `2x` (or `2 x`) was written, as in maths: a number right
/// before the name where an operator was expected (tokens as the grammar
/// reads them).
fn juxtaposed(text: &str, at: usize, len: usize) -> Option<String> {
    let found = tokens::first(&text[at..])?;
    if found.kind != TokenKind::Word {
        return None;
    }
    let before = tokens::tokens(&text[..at]);
    let number = before.iter().rev().find(|t| t.kind != TokenKind::Blank)?;
    let number = (number.kind == TokenKind::Number).then(|| &text[number.span.range()])?;
    Some(format!("{number}*{}", &text[at..at + len]))
}

/// What stands at `at`, in words, and how many bytes of it to underline:
/// the token the grammar reads there.
fn found_at(text: &str, at: usize) -> (String, usize) {
    let rest = &text[at.min(text.len())..];
    let Some(token) = tokens::first(rest) else {
        return ("the end of the statement".into(), 0);
    };
    let shown = &rest[token.span.range()];
    match token.kind {
        TokenKind::Separator => ("the end of the statement".into(), 0),
        TokenKind::Other => {
            let c = shown.chars().next().unwrap_or_default();
            if diagnostic::is_invisible(c) {
                (format!("the character {}", c.escape_unicode()), c.len_utf8())
            } else {
                (format!("`{c}`"), c.len_utf8())
            }
        }
        // A word a megabyte long is named by its start; the caret still spans it.
        _ => (format!("`{}`", shorten_to(shown, FOUND_WIDTH)), shown.len()),
    }
}
