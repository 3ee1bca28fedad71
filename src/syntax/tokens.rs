//! Any text as tokens, read by the grammar's `tokens` rule, which accepts
//! any input: what the REPL colours as it is typed, so that the colours are
//! the language's own reading of the text.

use pest::Parser;
use pest::iterators::Pair;

use super::{Grammar, Rule};
use crate::span::Span;

/// What a token looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// `# ...` to the end of the line.
    Comment,
    /// `12`, `1.5e-3`.
    Number,
    /// `"data.csv"`: a file name.
    Text,
    /// A name, a function name or a keyword.
    Word,
    /// `(` or `[`
    Open,
    /// `)` or `]`
    Close,
    /// `;` or a line end.
    Separator,
    /// An operator or punctuation: `+`, `==`, `±`, `,`, `=`.
    Symbol,
    /// Blanks.
    Blank,
    /// A character that is not part of the language.
    Other,
}

/// A token and the bytes of the text it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// The tokens of `text`, in order; together they cover it.
pub fn tokens(text: &str) -> Vec<Token> {
    let Ok(pairs) = Grammar::parse(Rule::tokens, text) else {
        unreachable!("the grammar's tokens accept any text")
    };
    pairs.filter_map(token).collect()
}

/// The first token of `text`, read alone (a long text is not read to its end).
pub(super) fn first(text: &str) -> Option<Token> {
    let lead = Grammar::parse(Rule::lead, text).ok()?.next()?;
    lead.into_inner().next().and_then(token)
}

/// A token pair as a [`Token`]; `None` for the end of the text.
fn token(pair: Pair<'_, Rule>) -> Option<Token> {
    let kind = match pair.as_rule() {
        Rule::comment => TokenKind::Comment,
        Rule::number => TokenKind::Number,
        Rule::string => TokenKind::Text,
        Rule::word => TokenKind::Word,
        Rule::lbracket => TokenKind::Open,
        Rule::rbracket => TokenKind::Close,
        Rule::separator => TokenKind::Separator,
        Rule::symbol => TokenKind::Symbol,
        Rule::blank => TokenKind::Blank,
        Rule::other => TokenKind::Other,
        _ => return None, // EOI
    };
    let s = pair.as_span();
    Some(Token { kind, span: Span::new(s.start(), s.end()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokens(text).into_iter().map(|t| (t.kind, &text[t.span.range()])).collect()
    }

    #[test]
    fn any_text_is_covered_by_tokens() {
        use TokenKind::*;
        assert_eq!(
            kinds("x1 = 1.2.3 $(y)# c"),
            [
                (Word, "x1"),
                (Blank, " "),
                (Symbol, "="),
                (Blank, " "),
                (Number, "1.2"),
                (Number, ".3"),
                (Blank, " "),
                (Other, "$"),
                (Open, "("),
                (Word, "y"),
                (Close, ")"),
                (Comment, "# c"),
            ]
        );
        for text in ["", "\u{0}\u{202e}é", "assert a == b +- 1; ±", "2**3\n"] {
            let covered: usize = tokens(text).iter().map(|t| t.span.range().len()).sum();
            assert_eq!(covered, text.len(), "{text:?}");
        }
    }
}
