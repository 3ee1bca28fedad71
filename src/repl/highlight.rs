//! Colours for the line being typed: numbers, names (unknown ones stand out),
//! functions, operators, comments, `:commands`, and the bracket that matches
//! the one at the cursor. The line is read by the grammar's `tokens` rule,
//! which accepts any text: one pass, no regex, no session work.

use std::rc::Rc;

use super::commands;
use crate::error::ErrorKind;
use crate::layers;
use crate::render::style::{self, Role};
use crate::syntax::{self, Token, TokenKind};

/// What a name means to the session, as the highlighter needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Defined,
    Unknown,
}

/// `line` with ANSI colours added (its display width unchanged). `cursor` is
/// the byte position of the cursor, or `None` for no bracket matching;
/// `command` says whether a leading `:` starts a command; `kind` classifies names.
pub fn paint(line: &str, cursor: Option<usize>, command: bool, kind: &dyn Fn(&str) -> NameKind) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    if command && line.trim_start().starts_with(':') {
        let start = line.len() - line.trim_start().len();
        let end = line[start..].find(char::is_whitespace).map_or(line.len(), |i| start + i);
        let known = commands::find(&line[start + 1..end]).is_some();
        out.push_str(&line[..start]);
        style::push(&mut out, &line[start..end], if known { Role::Command } else { Role::Unknown }, true);
        out.push_str(&line[end..]);
        return out;
    }
    // The language's own tokens: what is coloured is what the parser reads,
    // and where the parser stops, the token stands out as an error.
    let tokens = syntax::tokens(line);
    let brackets = cursor.and_then(|at| matching(&tokens, at));
    let rejected = rejected_at(line);
    for (i, token) in tokens.iter().enumerate() {
        let text = &line[token.span.range()];
        let style = match token.kind {
            _ if rejected == Some(token.span.start) => Some(Role::Unmatched),
            TokenKind::Comment => Some(Role::Comment),
            TokenKind::Number | TokenKind::Text => Some(Role::Number),
            TokenKind::Word => Some(word_style(line, &tokens, i, kind)),
            TokenKind::Open | TokenKind::Close => match brackets {
                Some((a, Some(b))) if a == i || b == i => Some(Role::Match),
                Some((a, None)) if a == i => Some(Role::Unmatched),
                _ => None,
            },
            TokenKind::Symbol => Some(Role::Operator),
            TokenKind::Separator if text == ";" => Some(Role::Operator),
            TokenKind::Separator | TokenKind::Blank | TokenKind::Other => None,
        };
        match style {
            Some(role) => style::push(&mut out, text, role, true),
            None => out.push_str(text),
        }
    }
    out
}

/// The longest line whose syntax errors are shown as it is typed.
const PARSED_UP_TO: usize = 4096;

/// Where the parser stops reading `line`, if it stops before its end: a
/// syntax error, not a line still being typed (an open bracket, a missing
/// operand at the end).
fn rejected_at(line: &str) -> Option<usize> {
    // A long pasted line is coloured without parsing it at every keystroke.
    if line.len() > PARSED_UP_TO {
        return None;
    }
    let source: Rc<str> = line.into();
    let error = syntax::statements(&source).find_map(Result::err)?;
    let typing =
        matches!(error.kind, ErrorKind::Unclosed { .. }) || error.span.start >= line.trim_end().len();
    (!typing && matches!(error.kind, ErrorKind::Syntax { .. } | ErrorKind::Juxtaposed { .. }))
        .then_some(error.span.start)
}

/// How the word at `tokens[i]` is shown: a function, a keyword, the target
/// of an assignment, a defined name, or an unknown one.
fn word_style(line: &str, tokens: &[Token], i: usize, kind: &dyn Fn(&str) -> NameKind) -> Role {
    let name = &line[tokens[i].span.range()];
    let meaningful = |t: &&Token| t.kind != TokenKind::Blank;
    let next = tokens[i + 1..].iter().find(meaningful);
    let previous = tokens[..i].iter().rev().find(meaningful);
    if name == "assert" {
        return Role::Keyword;
    }
    if next.is_some_and(|t| t.kind == TokenKind::Open) {
        return if name == "grad" || layers::function(name).is_some() {
            Role::Function
        } else {
            Role::Unknown
        };
    }
    let starts_statement = previous.is_none_or(|t| t.kind == TokenKind::Separator);
    if starts_statement && next.is_some_and(|t| &line[t.span.range()] == "=") {
        return Role::Target;
    }
    match kind(name) {
        NameKind::Defined => Role::Name,
        NameKind::Unknown => Role::Unknown,
    }
}

/// The bracket token at the cursor (or just before it) and its partner, if
/// it has one: `(index, Some(partner))` or `(index, None)`, as token indexes.
fn matching(tokens: &[Token], cursor: usize) -> Option<(usize, Option<usize>)> {
    let is_bracket = |t: &Token| matches!(t.kind, TokenKind::Open | TokenKind::Close);
    let at = tokens
        .iter()
        .position(|t| is_bracket(t) && t.span.start == cursor)
        .or_else(|| tokens.iter().position(|t| is_bracket(t) && t.span.end == cursor))?;
    // Walk away from the bracket (right from `(`, left from `)`) until the
    // brackets opened on the way are closed.
    let opens = tokens[at].kind == TokenKind::Open;
    let step = |t: &Token| match (t.kind, opens) {
        (TokenKind::Open, true) | (TokenKind::Close, false) => 1,
        (TokenKind::Close, true) | (TokenKind::Open, false) => -1,
        _ => 0,
    };
    let mut depth = 0i64;
    let partner = if opens {
        (at..tokens.len()).find(|&j| {
            depth += step(&tokens[j]);
            depth == 0
        })
    } else {
        (0..=at).rev().find(|&j| {
            depth += step(&tokens[j]);
            depth == 0
        })
    };
    Some((at, partner))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(name: &str) -> NameKind {
        if name == "apple" { NameKind::Defined } else { NameKind::Unknown }
    }

    fn strip(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn colours_but_keeps_the_text() {
        for line in ["(apple*2 + pear)*1.5e-3 # note (", ":load x.cg", "f(", "りんご = 1", "x = ±.5)"] {
            assert_eq!(strip(&paint(line, Some(1), true, &known)), line);
        }
    }

    #[test]
    fn known_and_unknown_names_differ() {
        let shown = paint("apple + aple", None, true, &known);
        assert!(shown.contains("\x1b[32mapple\x1b[0m"), "{shown:?}");
        assert!(shown.contains("\x1b[31maple\x1b[0m"), "{shown:?}");
    }

    #[test]
    fn numbers_functions_and_targets() {
        let shown = paint("pear = sigmoid(2.5e3)", None, true, &known);
        assert!(shown.starts_with("\x1b[1mpear\x1b[0m"), "{shown:?}");
        assert!(shown.contains("\x1b[34msigmoid\x1b[0m"), "{shown:?}");
        assert!(shown.contains("\x1b[33m2.5e3\x1b[0m"), "{shown:?}");
    }

    /// How `text` looks in the colour of `role`.
    fn painted(text: &str, role: Role) -> String {
        style::paint(text, role, true)
    }

    /// The escape that starts the colour of `role`.
    fn start(role: Role) -> String {
        painted("", role).trim_end_matches("\x1b[0m").to_owned()
    }

    #[test]
    fn the_bracket_at_the_cursor_and_its_partner_stand_out() {
        let line = "(a*(b+c))";
        let shown = paint(line, Some(3), true, &known);
        // Both marks sit on the inner pair.
        assert_eq!(shown.matches(&start(Role::Match)).count(), 2, "{shown:?}");
        assert!(shown.contains(&painted("(", Role::Match)) && shown.contains(&painted(")", Role::Match)));
        // The outer pair stays plain.
        assert!(
            shown.starts_with('(') && shown.ends_with(&format!("{})", painted(")", Role::Match))),
            "{shown:?}"
        );
        let open = paint("(a", Some(0), true, &known);
        assert!(open.contains(&painted("(", Role::Unmatched)), "{open:?}");
    }

    #[test]
    fn what_the_parser_rejects_stands_out_and_what_is_being_typed_does_not() {
        // `1.2.3` is the number `1.2`, then `.3` where an operator was due.
        let shown = paint("(apple + 1.2.3)*2", None, true, &known);
        assert!(shown.contains(&painted(".3", Role::Unmatched)), "{shown:?}");
        assert!(shown.contains(&painted("1.2", Role::Number)), "{shown:?}");
        for typing in ["(apple + ", "apple *", "sigmoid(apple"] {
            assert!(!paint(typing, None, true, &known).contains(&start(Role::Unmatched)), "{typing}");
        }
    }

    #[test]
    fn commands_are_coloured_by_whether_they_exist() {
        assert!(paint(":vars", None, true, &known).contains(&painted(":vars", Role::Command)));
        assert!(paint(":vasr", None, true, &known).contains(&painted(":vasr", Role::Unknown)));
        assert!(!paint(":vars", None, false, &known).contains(&start(Role::Command)));
    }
}
