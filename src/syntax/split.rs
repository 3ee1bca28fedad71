//! Cuts a source text into statements: at `;` and at line ends, except that a
//! line whose bracket is still open continues on the next (as in Python).
//! Comments are skipped, so a `;` or `(` inside one means nothing.

use smallvec::SmallVec;

use crate::error::{Error, ErrorKind, Span};

/// How deep brackets may nest. The parser recurses once per level, so this
/// bounds its stack use; 1,000 levels is far more than any formula needs.
pub const MAX_NESTING: usize = 1000;

/// The bytes the splitter acts on: comments, brackets and separators.
static MEANINGFUL: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let bytes = b"#();\n";
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// The statements of `text`, in order, as spans. After an error it yields
/// nothing more.
pub fn statements(text: &str) -> Statements<'_> {
    Statements { bytes: text.as_bytes(), pos: 0, failed: false }
}

/// Iterator returned by [`statements`].
pub struct Statements<'a> {
    bytes: &'a [u8],
    pos: usize,
    failed: bool,
}

impl Iterator for Statements<'_> {
    type Item = Result<Span, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        // Where each bracket still open stands: shallow but for deep nesting.
        let mut open: SmallVec<[usize; 16]> = SmallVec::new();
        let mut i = start;
        while i < self.bytes.len() {
            // Most bytes mean nothing here: skip to the next one that does.
            match self.bytes[i..].iter().position(|&b| MEANINGFUL[usize::from(b)]) {
                Some(skip) => i += skip,
                None => {
                    i = self.bytes.len();
                    break;
                }
            }
            match self.bytes[i] {
                b'#' => {
                    while i < self.bytes.len() && self.bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'(' => {
                    open.push(i);
                    if open.len() > MAX_NESTING {
                        self.failed = true;
                        let kind = ErrorKind::TooDeep { limit: MAX_NESTING };
                        return Some(Err(Error::new(kind, Span::new(i, i + 1))));
                    }
                }
                b')' => {
                    // A stray `)` is left for the parser to report in context.
                    open.pop();
                }
                b';' | b'\n' if open.is_empty() => {
                    self.pos = i + 1;
                    return Some(Ok(Span::new(start, i)));
                }
                _ => {}
            }
            i += 1;
        }
        self.pos = i;
        if let Some(&at) = open.last() {
            self.failed = true;
            let kind = ErrorKind::Unclosed { bracket: '(' };
            return Some(Err(Error::new(kind, Span::new(at, at + 1))));
        }
        Some(Ok(Span::new(start, i)))
    }
}

/// The position of the innermost bracket still open at the end of `text`, if
/// any: the REPL uses it to ask for a continuation line.
pub fn open_bracket(text: &str) -> Option<usize> {
    statements(text).find_map(|statement| match statement {
        Err(Error { kind: ErrorKind::Unclosed { .. }, span }) => Some(span.start),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<Result<&str, ErrorKind>> {
        statements(src).map(|r| r.map(|s| &src[s.range()]).map_err(|e| e.kind)).collect()
    }

    #[test]
    fn splits_at_semicolons_and_lines() {
        assert_eq!(texts("a = 1; b = 2\nc"), vec![Ok("a = 1"), Ok(" b = 2"), Ok("c")]);
    }

    #[test]
    fn an_open_bracket_continues_the_line() {
        assert_eq!(texts("(1 +\n 2)\nx"), vec![Ok("(1 +\n 2)"), Ok("x")]);
    }

    #[test]
    fn comments_hide_separators_and_brackets() {
        assert_eq!(texts("x # ; ( \ny"), vec![Ok("x # ; ( "), Ok("y")]);
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        let got = statements("a\nf(1, (2)").collect::<Vec<_>>();
        assert_eq!(got.len(), 2);
        let err = got[1].clone().unwrap_err();
        assert_eq!(err.kind, ErrorKind::Unclosed { bracket: '(' });
        assert_eq!(err.span, Span::new(3, 4));
    }

    #[test]
    fn nesting_beyond_the_limit_is_refused() {
        let deep = "(".repeat(MAX_NESTING + 1) + "1" + &")".repeat(MAX_NESTING + 1);
        let err = statements(&deep).next().unwrap().unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooDeep { limit: MAX_NESTING });
    }

    #[test]
    fn open_bracket_finds_the_innermost() {
        assert_eq!(open_bracket("f(a, (b"), Some(5));
        assert_eq!(open_bracket("f(a) # ("), None);
    }
}
