//! Turns pest's "expected one of these rules" into words a student reads:
//! every rule has a description here (or none, for rules that never appear
//! alone), and the match has no catch-all arm, so a new rule can't slip
//! through unnamed.

use pest::error::{ErrorVariant, InputLocation};

use super::Rule;
use crate::error::{Error, ErrorKind, Span};
use crate::graph::shorten_to;
use crate::render::diagnostic;

/// The most characters of a word that a message quotes.
const FOUND_WIDTH: usize = 40;

/// What a rule is called in an error message, if it is worth naming.
fn describe(rule: Rule) -> Option<&'static str> {
    match rule {
        Rule::kw_assert | Rule::statement | Rule::statement_check | Rule::assertion | Rule::assignment => {
            Some("a statement")
        }
        Rule::expr
        | Rule::evaluation
        | Rule::checked
        | Rule::operand
        | Rule::primary
        | Rule::prefix
        | Rule::neg
        | Rule::plus
        | Rule::number
        | Rule::exponent
        | Rule::call
        | Rule::callee
        | Rule::name
        | Rule::ident
        | Rule::open => Some("an expression"),
        Rule::infix | Rule::add | Rule::sub | Rule::mul | Rule::div | Rule::pow => Some("an operator"),
        Rule::assign => Some("`=`"),
        Rule::equals => Some("`==`"),
        Rule::tolerance | Rule::plus_minus => Some("`+-`"),
        Rule::close => Some("`)`"),
        Rule::comma => Some("`,`"),
        Rule::EOI => Some("the end of the statement"),
        Rule::WHITESPACE | Rule::COMMENT => None,
    }
}

/// The order descriptions are listed in: the likeliest fix first.
const ORDER: &[&str] = &[
    "a statement",
    "an expression",
    "an operator",
    "`,`",
    "`)`",
    "`=`",
    "`==`",
    "`+-`",
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
    Error::new(ErrorKind::Syntax { expected, found }, Span::new(base + at, base + at + len))
}

/// What stands at `at`, in words, and how many bytes of it to underline.
fn found_at(text: &str, at: usize) -> (String, usize) {
    let rest = &text[at.min(text.len())..];
    let Some(c) = rest.chars().next() else {
        return ("the end of the statement".into(), 0);
    };
    if c.is_alphanumeric() || c == '_' || c == '.' {
        let word: &str =
            rest.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).next().unwrap_or(rest);
        // A word a megabyte long is named by its start; the caret still spans it.
        return (format!("`{}`", shorten_to(word, FOUND_WIDTH)), word.len());
    }
    if diagnostic::is_invisible(c) {
        return (format!("the character {}", c.escape_unicode()), c.len_utf8());
    }
    let two: String = rest.chars().take(2).collect();
    if ["==", "+-", "**"].contains(&two.as_str()) {
        return (format!("`{two}`"), 2);
    }
    (format!("`{c}`"), c.len_utf8())
}
