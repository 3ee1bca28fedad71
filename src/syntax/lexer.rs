//! The fast path for the statements generated scripts are made of: ASCII
//! assignments and evaluations, read in one pass without pest. pest keeps a
//! queue of every token of a statement (about 80 bytes a token) and took a
//! third of the time of a million-term sum; this reads the same tokens
//! straight into the shunting-yard of `src/syntax/postfix.rs`.
//!
//! It accepts a strict subset of the grammar and gives up (returns `None`) on
//! anything else: comments, non-ASCII text, `assert`, and every syntax error,
//! which pest then reads and reports as before. So the grammar stays the one
//! definition of the language; a test holds the two readings side by side.

use std::rc::Rc;

use smallvec::SmallVec;

use super::ast::{Expr, Op, OpKind, Resolve, Statement};
use super::postfix::{self, Tok, Token, Tokens};
use crate::error::{Error, Span};
use crate::layers::Layer;

/// The statement at `span` of `source`, if it is one the fast path reads; its
/// result is then what the pest path would have given.
pub(super) fn statement(
    source: &Rc<str>,
    span: Span,
    resolve: Resolve<'_>,
) -> Option<Result<Statement, Error>> {
    let text = &source[span.range()];
    let bytes = text.as_bytes();
    if !bytes.is_ascii() || bytes.contains(&b'#') {
        return None;
    }
    let base = span.start;
    let mut at = skip_blanks(bytes, 0);
    if at == bytes.len() {
        return Some(Ok(Statement::Empty));
    }
    let mut assigned = None;
    if is_ident_start(bytes[at]) {
        let end = ident_end(bytes, at);
        if &text[at..end] == "assert" {
            return None;
        }
        let next = skip_blanks(bytes, end);
        if bytes.get(next) == Some(&b'=') && bytes.get(next + 1) != Some(&b'=') {
            assigned = Some((at, end));
            at = next + 1;
        }
    }
    let expr = match literal(bytes, at) {
        Some((minus, number)) => literal_expr(source, base, minus, number),
        None => {
            // One pass: the conversion stops at its first error, but a syntax
            // error later in the text is reported (by pest) before it, so the
            // rest of the text is still read. Room for an op per two bytes:
            // about what a long generated sum (`x1*w1 + ...`) needs.
            let mut lexer = Lexer::new(bytes, at);
            let room = (bytes.len() - at) / 2 + 1;
            let expr = postfix::from_tokens(&mut lexer, room, text, source, base, resolve);
            lexer.by_ref().for_each(drop);
            expr.filter(|_| !lexer.failed)?
        }
    };
    Some(expr.map(|expr| match assigned {
        Some((start, end)) => Statement::Assign {
            name: resolve(&text[start..end]),
            name_span: Span::new(base + start, base + end),
            expr,
        },
        None => Statement::Eval(expr),
    }))
}

/// Where the number is when the text from `at` on is only a number, or a
/// minus sign and a number (the commonest expression of generated scripts:
/// an input's value): the sign's position, if any, and the number's range.
fn literal(bytes: &[u8], at: usize) -> Option<(Option<usize>, (usize, usize))> {
    let mut start = skip_blanks(bytes, at);
    let minus = (bytes.get(start) == Some(&b'-')).then_some(start);
    if let Some(sign) = minus {
        start = skip_blanks(bytes, sign + 1);
    }
    let end = start + number_len(&bytes[start..])?;
    (skip_blanks(bytes, end) == bytes.len()).then_some((minus, (start, end)))
}

/// The ops of a [`literal`], as the shunting-yard would make them: the
/// number, then `neg` over it (spanning sign and number) if it has a sign.
fn literal_expr(
    source: &Rc<str>,
    base: usize,
    minus: Option<usize>,
    (start, end): (usize, usize),
) -> Result<Expr, Error> {
    let number = Span::new(base + start, base + end);
    let value = postfix::number(&source[number.range()], number)?;
    let mut ops = Vec::with_capacity(2);
    ops.push(Op::new(OpKind::Number(value), number));
    let span = match minus {
        Some(sign) => {
            let negated = Span::new(base + sign, base + end);
            ops.push(Op::new(OpKind::Layer(Layer::Neg), negated));
            negated
        }
        None => number,
    };
    Ok(Expr { source: source.clone(), ops: ops.into_boxed_slice(), span })
}

/// The tokens of one expression that must fill the rest of the text. It stops
/// with `failed` set at the first thing the fast path does not read.
struct Lexer<'t> {
    bytes: &'t [u8],
    pos: usize,
    /// An operand comes next (else an operator, `,`, `)` or the end).
    operand_next: bool,
    /// The brackets open, innermost last: `true` for a call's.
    brackets: SmallVec<[bool; 32]>,
    /// A callee was read: the next `(` opens its arguments.
    callee: bool,
    /// The last token opened a call, so `)` may close it with no arguments.
    opened_call: bool,
    done: bool,
    failed: bool,
}

impl<'t> Lexer<'t> {
    fn new(bytes: &'t [u8], pos: usize) -> Self {
        Lexer {
            bytes,
            pos,
            operand_next: true,
            brackets: SmallVec::new(),
            callee: false,
            opened_call: false,
            done: false,
            failed: false,
        }
    }

    fn fail(&mut self) -> Option<Token> {
        self.failed = true;
        self.done = true;
        None
    }

    /// Emits a token of `len` bytes at the current position.
    fn token(&mut self, tok: Tok, len: usize) -> Option<Token> {
        let start = self.pos;
        self.pos += len;
        self.opened_call = false;
        Some(Token { tok, start, end: self.pos })
    }

    fn operand(&mut self, c: u8) -> Option<Token> {
        match c {
            b'(' => {
                self.brackets.push(self.callee);
                let call = std::mem::take(&mut self.callee);
                let token = self.token(Tok::Open, 1);
                self.opened_call = call;
                token
            }
            _ if self.callee => self.fail(),
            b')' if self.opened_call => self.close(),
            b'-' => self.token(Tok::Neg, 1),
            b'+' => self.token(Tok::Plus, 1),
            b'0'..=b'9' | b'.' => match number_len(&self.bytes[self.pos..]) {
                Some(len) => {
                    self.operand_next = false;
                    self.token(Tok::Number, len)
                }
                None => self.fail(),
            },
            _ if is_ident_start(c) => {
                let len = ident_end(self.bytes, self.pos) - self.pos;
                let next = skip_blanks(self.bytes, self.pos + len);
                if self.bytes.get(next) == Some(&b'(') {
                    self.callee = true;
                    self.token(Tok::Callee, len)
                } else {
                    self.operand_next = false;
                    self.token(Tok::Name, len)
                }
            }
            _ => self.fail(),
        }
    }

    fn operator(&mut self, c: u8) -> Option<Token> {
        let infix = Tok::Infix;
        let (tok, len) = match c {
            b'+' => (infix(Layer::Add), 1),
            b'-' => (infix(Layer::Sub), 1),
            b'*' if self.bytes.get(self.pos + 1) == Some(&b'*') => (infix(Layer::Pow), 2),
            b'*' => (infix(Layer::Mul), 1),
            b'/' => (infix(Layer::Div), 1),
            b'^' => (infix(Layer::Pow), 1),
            b',' if self.brackets.last() == Some(&true) => (Tok::Comma, 1),
            b')' if !self.brackets.is_empty() => return self.close(),
            _ => return self.fail(),
        };
        self.operand_next = true;
        self.token(tok, len)
    }

    fn close(&mut self) -> Option<Token> {
        self.brackets.pop();
        self.operand_next = false;
        self.token(Tok::Close, 1)
    }
}

impl Tokens for Lexer<'_> {
    fn well_formed(&self) -> bool {
        !self.failed
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if self.done {
            return None;
        }
        self.pos = skip_blanks(self.bytes, self.pos);
        let Some(&c) = self.bytes.get(self.pos) else {
            self.done = true;
            self.failed = self.operand_next || !self.brackets.is_empty();
            return None;
        };
        if self.operand_next { self.operand(c) } else { self.operator(c) }
    }
}

/// Past the blanks the grammar skips between tokens (line ends included: a
/// statement spans lines while a bracket is open).
fn skip_blanks(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\r' | b'\n') = bytes.get(at) {
        at += 1;
    }
    at
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn ident_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_') {
        at += 1;
    }
    at
}

/// The length of the number at the start of `bytes`, as the grammar's
/// `number` rule reads it (`12`, `1.5`, `.5`, `1e-3`, `2.5E+4`).
fn number_len(bytes: &[u8]) -> Option<usize> {
    let digits = |from: usize| bytes[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let whole = digits(0);
    let mut at = whole;
    if bytes.get(at) == Some(&b'.') {
        let fraction = digits(at + 1);
        if whole == 0 && fraction == 0 {
            return None;
        }
        at += 1 + fraction;
    } else if whole == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.get(at) {
        let sign = usize::from(matches!(bytes.get(at + 1), Some(b'+' | b'-')));
        let exponent = digits(at + 1 + sign);
        if exponent > 0 {
            at += 1 + sign + exponent;
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::syntax::{NameId, pest_statement};

    /// Both readings of `text`, as comparable text (spans and name ids
    /// included: each reading numbers names in a table of its own).
    fn both(text: &str) -> (Option<String>, String) {
        let source: Rc<str> = text.into();
        let span = Span::new(0, text.len());
        let fast = statement(&source, span, &mut interner()).map(|r| format!("{r:?}"));
        (fast, format!("{:?}", pest_statement(&source, span, &mut interner())))
    }

    /// Numbers names in the order they are first read.
    fn interner() -> impl FnMut(&str) -> NameId {
        let mut seen: Vec<String> = Vec::new();
        move |name| match seen.iter().position(|n| n == name) {
            Some(i) => NameId::new(i),
            None => {
                seen.push(name.to_owned());
                NameId::new(seen.len() - 1)
            }
        }
    }

    #[test]
    fn reads_what_generated_scripts_hold() {
        for text in [
            "x1 = 0.25",
            "x1 = -1.7888",
            "w = - 4 ",
            "w = -.5e-3",
            "-2.5E+4",
            "x = 1e999",
            "x = -1.",
            "x1*w1 + x2*w2 + x3*w3",
            "a2 = tanh(a1) - c*0.41",
            "h1_0 = sigmoid(h0_2*0.5 - h0_0*0.25 + h0_1*0.75 + 0.1)",
            "  (a + b) ^ -2 ** c / 1e-3",
            "max(a, -b) + exp(- -x)",
            "f()",
            "x = 2 * (y\n + 1)",
            "y = -x \t",
            "f(x, 2) \n",
            "",
        ] {
            let (fast, pest) = both(text);
            assert_eq!(fast.as_deref(), Some(pest.as_str()), "{text:?}");
        }
    }

    #[test]
    fn leaves_the_rest_to_pest() {
        for text in [
            "x = 1 # comment",
            "assert x == 1",
            "pomme = 1;",
            "りんご = 1",
            "x == 1",
            "2x",
            "(1, 2)",
            "f(1,)",
            "1 +",
            "(1",
            "1)",
            "1e",
            ".",
        ] {
            assert_eq!(both(text).0, None, "{text:?}");
        }
    }

    /// Pieces that make up statements, valid or not.
    const PIECES: &[&str] = &[
        "x", "y1", "_a", "exp", "max", "grad", "assert", "sin", "1", "2.5", ".5", "5.", "1e3", "1e", "3E+2",
        "4e-", "+", "-", "*", "**", "/", "^", "(", ")", ",", " ", "\n", "=", "==", "é", "#", "+-", "x(",
    ];

    proptest! {
        /// Wherever the fast path reads a statement, it reads exactly what
        /// pest reads: the same statement with the same spans, or the same error.
        #[test]
        fn agrees_with_pest(pieces in proptest::collection::vec(0..PIECES.len(), 0..14)) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let (fast, pest) = both(&text);
            if let Some(fast) = fast {
                prop_assert_eq!(fast, pest, "{:?}", text);
            }
        }
    }
}
