//! Reading a text statement by statement with the grammar's `statement`
//! rule, which ends each statement at its `;` or line end (a line end inside
//! brackets continues it). When a statement does not parse, the grammar's
//! `extent` rule says whether an unclosed or too deeply nested bracket is
//! the cause, as that is the error worth showing.

use std::rc::Rc;

use pest::Parser;

use super::ast::{NameId, Resolve};
use super::parsed::{Parsed, Read};
use super::postfix::MAX_NESTING;
use super::{Grammar, Rule, expected};
use crate::error::{Error, ErrorKind};
use crate::source;
use crate::span::Span;

/// Lines longer than this many bytes are read with an eye on memory (see
/// [`read_checking`]).
const CHECK_FIRST: usize = 1 << 16;

/// The most memory a statement's token queue may take before its line is
/// matched without the queue first: an error at the end of a 100 MB line
/// then costs about what the line does, not gigabytes.
const QUEUE_BUDGET: usize = 512 << 20;

/// About how much memory pest's queue takes to read `line`: two 32-byte
/// entries for each token, and tokens stand around the operators, brackets
/// and commas (a 20 MB number is one token, `x+x+…` a token a byte). An
/// estimate for refusing what cannot fit, not a reading of the text.
fn queue_size(line: &str) -> usize {
    let joints = line.bytes().filter(|b| b"+-*/^(),=".contains(b)).count();
    (2 * joints + 1).saturating_mul(64)
}

/// Reads the statement that starts at `at` in `source`, which ends at `end`
/// (the part of a text before an invalid byte, say). Spans in the result, and
/// in any error, are positions in `source`; `resolve` gives each name its id.
pub fn read(source: &Rc<str>, at: usize, end: usize, resolve: Resolve<'_>) -> Result<Read, Error> {
    read_checking(source, at, end, resolve, CHECK_FIRST)
}

/// [`read`], matching first (without keeping tokens) a statement whose line
/// is longer than `check_first` bytes.
pub(super) fn read_checking(
    source: &Rc<str>,
    at: usize,
    end: usize,
    resolve: Resolve<'_>,
    check_first: usize,
) -> Result<Read, Error> {
    let text = &source[at..end];
    let failed = |error: pest::error::Error<Rule>| {
        explain(text, at).unwrap_or_else(|| expected::syntax_error(&error, text, at))
    };
    // pest keeps its tokens in a queue before it can report an error at the
    // end. A long line whose queue may not fit is first matched
    // without the queue: an error in it costs little, and one that is right
    // but will not fit is refused before it is read.
    let line = text.find('\n').unwrap_or(text.len());
    if line > check_first {
        let needs = queue_size(&text[..line]);
        let free = source::memory_free().unwrap_or(usize::MAX);
        if needs > (free / 2).min(QUEUE_BUDGET) {
            Grammar::parse(Rule::statement_check, text).map_err(failed)?;
            if needs > free {
                let kind = ErrorKind::TooBigToRead { len: line, bytes: needs };
                return Err(Error::new(kind, Span::new(at, at + line)));
            }
        }
    }
    let mut pairs = Grammar::parse(Rule::statement, text).map_err(failed)?;
    let parsed = Parsed::of(pairs.next().expect("the grammar gives a statement"), text, at);
    // pest's queue of tokens goes before the ops are made: a statement of
    // a million terms then never holds both.
    drop(pairs);
    parsed.read(source, resolve)
}

/// The bracket error behind a statement that does not parse, if there is
/// one: a bracket nested deeper than [`MAX_NESTING`], or one still open at
/// the end of the text. `text` starts where the statement does, at `base`.
fn explain(text: &str, base: usize) -> Option<Error> {
    let extent = Extent::of(text);
    let at = |i: usize| Span::new(base + i, base + i + 1);
    if let Some(i) = extent.too_deep {
        return Some(Error::new(ErrorKind::TooDeep { limit: MAX_NESTING }, at(i)));
    }
    extent.open.last().map(|&i| Error::new(ErrorKind::Unclosed { bracket: '(' }, at(i)))
}

/// How far the statement at the start of a text reaches, read by the
/// grammar's `extent` rule, which accepts any text.
struct Extent {
    /// Where the brackets still open at the end of the text stand, outermost first.
    open: Vec<usize>,
    /// Where the first bracket deeper than [`MAX_NESTING`] stands.
    too_deep: Option<usize>,
    /// Where the next statement starts, if a `;` or line end ends this one.
    next: Option<usize>,
}

impl Extent {
    fn of(text: &str) -> Extent {
        let Ok(pairs) = Grammar::parse(Rule::extent, text) else {
            unreachable!("the grammar's extent accepts any text")
        };
        let mut open: Vec<usize> = Vec::new();
        let mut extent = Extent { open: Vec::new(), too_deep: None, next: None };
        for pair in pairs {
            let at = pair.as_span().start();
            match pair.as_rule() {
                Rule::lbracket => {
                    open.push(at);
                    if open.len() > MAX_NESTING && extent.too_deep.is_none() {
                        extent.too_deep = Some(at);
                    }
                }
                // A stray `)` is left for the parser to report in context.
                Rule::rbracket => _ = open.pop(),
                // The one outside brackets ends the extent.
                Rule::separator if open.is_empty() => extent.next = Some(pair.as_span().end()),
                _ => {}
            }
        }
        if extent.next.is_none() {
            extent.open = open;
        }
        extent
    }
}

/// Where the brackets still open at the end of `text` stand, outermost
/// first: the REPL asks for a continuation line while there are any, and
/// the hint closes them to preview what is typed.
pub fn open_brackets(text: &str) -> Vec<usize> {
    let mut at = 0;
    loop {
        let extent = Extent::of(&text[at..]);
        match extent.next {
            Some(next) if at + next < text.len() => at += next,
            Some(_) => return Vec::new(),
            None => return extent.open.into_iter().map(|i| at + i).collect(),
        }
    }
}

/// The position of the innermost bracket still open at the end of `text`.
pub fn open_bracket(text: &str) -> Option<usize> {
    open_brackets(text).last().copied()
}

/// Every statement of a text, read with no session's names (tools, tests,
/// views that parse without running). After an error it yields nothing more.
pub fn statements(source: &Rc<str>) -> Statements<'_> {
    Statements { source, at: 0, end: source.len(), failed: false }
}

/// Iterator returned by [`statements`].
pub struct Statements<'a> {
    source: &'a Rc<str>,
    at: usize,
    end: usize,
    failed: bool,
}

impl Iterator for Statements<'_> {
    type Item = Result<Read, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.at >= self.end {
            return None;
        }
        let read = read(self.source, self.at, self.end, &mut |_| NameId::UNKNOWN);
        match &read {
            Ok(read) => self.at = read.next,
            Err(_) => self.failed = true,
        }
        Some(read)
    }
}
