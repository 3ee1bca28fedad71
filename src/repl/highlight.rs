//! Colours for the line being typed: numbers, names (unknown ones stand out),
//! functions, operators, comments, `:commands`, and the bracket that matches
//! the one at the cursor. One pass over the line, no regex, no parsing: this
//! runs on every keystroke.

use super::commands;
use crate::layers;

/// What a name means to the session, as the highlighter needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Defined,
    Unknown,
}

const NUMBER: &str = "33";
const NAME: &str = "32";
const UNKNOWN: &str = "31";
const TARGET: &str = "1";
const FUNCTION: &str = "34";
const KEYWORD: &str = "35";
const OPERATOR: &str = "36";
const COMMENT: &str = "2";
const COMMAND: &str = "1;34";
const MATCH: &str = "1;4;35";
const UNMATCHED: &str = "1;31";

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
        push(&mut out, &line[start..end], if known { COMMAND } else { UNKNOWN });
        out.push_str(&line[end..]);
        return out;
    }
    let brackets = cursor.and_then(|at| matching(line, at));
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let c = line[i..].chars().next().unwrap_or(' ');
        let start = i;
        let style = if c == '#' {
            i = line.len();
            Some(COMMENT)
        } else if c.is_ascii_digit() || (c == '.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            i = number_end(bytes, i);
            Some(NUMBER)
        } else if c == '_' || c.is_alphabetic() {
            i = line[i..].find(|c: char| !(c == '_' || c.is_alphanumeric())).map_or(line.len(), |n| i + n);
            Some(name_style(line, start, i, kind))
        } else if c == '(' || c == ')' {
            i += 1;
            match brackets {
                Some((a, Some(b))) if a == start || b == start => Some(MATCH),
                Some((a, None)) if a == start => Some(UNMATCHED),
                _ => None,
            }
        } else if "+-*/^=,;±".contains(c) {
            i += c.len_utf8();
            Some(OPERATOR)
        } else {
            i += c.len_utf8();
            None
        };
        match style {
            Some(style) => push(&mut out, &line[start..i], style),
            None => out.push_str(&line[start..i]),
        }
    }
    out
}

/// How the name at `start..end` is shown: a function, a keyword, the target
/// of an assignment, a defined name, or an unknown one.
fn name_style(line: &str, start: usize, end: usize, kind: &dyn Fn(&str) -> NameKind) -> &'static str {
    let name = &line[start..end];
    let after = line[end..].trim_start();
    if name == "assert" {
        return KEYWORD;
    }
    if after.starts_with('(') {
        return if name == "grad" || layers::function(name).is_some() { FUNCTION } else { UNKNOWN };
    }
    let statement_start = line[..start].rfind(';').map_or(0, |i| i + 1);
    if line[statement_start..start].trim().is_empty() && after.starts_with('=') && !after.starts_with("==") {
        return TARGET;
    }
    match kind(name) {
        NameKind::Defined => NAME,
        NameKind::Unknown => UNKNOWN,
    }
}

/// Where the number starting at `i` ends: digits, a point, digits, an exponent.
fn number_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_digit() {
            i = j;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    i
}

/// The bracket at the cursor (or just before it) and its partner, if it has
/// one: `(position, Some(partner))` or `(position, None)`.
fn matching(line: &str, cursor: usize) -> Option<(usize, Option<usize>)> {
    let code_end = comment_start(line);
    let bytes = &line.as_bytes()[..code_end];
    let is_bracket = |i: usize| bytes.get(i).is_some_and(|b| *b == b'(' || *b == b')');
    let at = if is_bracket(cursor) {
        cursor
    } else if cursor > 0 && is_bracket(cursor - 1) {
        cursor - 1
    } else {
        return None;
    };
    // Walk away from the bracket (right from `(`, left from `)`) until the
    // brackets opened on the way are closed.
    let (same, partner, forward) = if bytes[at] == b'(' { (b'(', b')', true) } else { (b')', b'(', false) };
    let mut depth = 0usize;
    let mut i = at;
    loop {
        if bytes[i] == same {
            depth += 1;
        } else if bytes[i] == partner {
            depth -= 1;
            if depth == 0 {
                return Some((at, Some(i)));
            }
        }
        match forward {
            true if i + 1 < bytes.len() => i += 1,
            false if i > 0 => i -= 1,
            _ => break,
        }
    }
    Some((at, None))
}

/// Where a `#` comment starts, or the line's end.
fn comment_start(line: &str) -> usize {
    line.find('#').unwrap_or(line.len())
}

fn push(out: &mut String, text: &str, style: &str) {
    out.push_str("\x1b[");
    out.push_str(style);
    out.push('m');
    out.push_str(text);
    out.push_str("\x1b[0m");
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

    #[test]
    fn the_bracket_at_the_cursor_and_its_partner_stand_out() {
        let line = "(a*(b+c))";
        let shown = paint(line, Some(3), true, &known);
        assert_eq!(shown.matches(MATCH).count(), 2, "{shown:?}");
        // Both marks sit on the inner pair.
        let marked: Vec<usize> = shown.match_indices(MATCH).map(|(i, _)| i).collect();
        assert!(shown[marked[0]..].starts_with(&format!("{MATCH}m(")));
        assert!(shown[marked[1]..].starts_with(&format!("{MATCH}m)")));
        let open = paint("(a", Some(0), true, &known);
        assert!(open.contains(UNMATCHED), "{open:?}");
    }

    #[test]
    fn commands_are_coloured_by_whether_they_exist() {
        assert!(paint(":vars", None, true, &known).contains(COMMAND));
        assert!(paint(":vasr", None, true, &known).contains(UNKNOWN));
        assert!(!paint(":vars", None, false, &known).contains(COMMAND));
    }
}
