//! Errors and warnings as a student should see them:
//!
//! ```text
//! prices.cg:3:5: error: undefined name `aple`
//!   3 | y = aple * 2
//!     |     ^^^^ did you mean `apple`?
//! ```

use unicode_width::UnicodeWidthChar;

use super::style;
use crate::error::Error;
use crate::span::Span;

/// Error or warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a message points: the name of the text (a file, `<stdin>`, `<-e>`),
/// the text itself, and the span in it.
pub struct Place<'a> {
    pub origin: &'a str,
    pub text: &'a str,
    pub span: Span,
}

/// Lines longer than this are shown as a window around the span.
const WINDOW: usize = 100;

/// `origin:line:col: error: message`, the source line, and a caret under the span.
pub fn render(
    severity: Severity,
    place: &Place<'_>,
    message: &str,
    help: Option<&str>,
    color: bool,
) -> String {
    let text = place.text;
    let start = floor_char_boundary(text, place.span.start.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    // A CRLF file's line ends before its `\r`.
    let line_end = if text[line_start..line_end].ends_with('\r') { line_end - 1 } else { line_end };
    // A span at that `\r`, or after it, points just past the line's end.
    let start = start.min(line_end);
    let line_no = text[..line_start].bytes().filter(|&b| b == b'\n').count() + 1;
    let col = text[line_start..start].chars().count() + 1;
    let end = floor_char_boundary(text, place.span.end.clamp(start, line_end));

    let label = match severity {
        Severity::Error => style::error("error", color),
        Severity::Warning => style::warning("warning", color),
    };
    let mut out = format!("{}:{line_no}:{col}: {label}: {}\n", place.origin, style::strong(message, color));

    // The line as shown (a window of it if long), and the caret's columns in it.
    let (shown, caret_at, caret_len) =
        window(&text[line_start..line_end], start - line_start, end - line_start);
    let number = line_no.to_string();
    let gutter_pad = " ".repeat(number.len());
    out.push_str(&format!("{} {}\n", style::gutter(&format!("{number} |"), color), shown));
    let carets = "^".repeat(caret_len.max(1));
    let note = help.map(|h| format!(" {h}")).unwrap_or_default();
    let marker = match severity {
        Severity::Error => style::error(&format!("{carets}{note}"), color),
        Severity::Warning => style::warning(&format!("{carets}{note}"), color),
    };
    out.push_str(&format!(
        "{} {}{}\n",
        style::gutter(&format!("{gutter_pad} |"), color),
        " ".repeat(caret_at),
        marker
    ));
    out
}

/// An [`Error`] at its place.
pub fn error(origin: &str, text: &str, error: &Error, color: bool) -> String {
    let place = Place { origin, text, span: error.span };
    render(Severity::Error, &place, &error.to_string(), error.help().as_deref(), color)
}

/// The printable form of a line (control and bidirectional-control
/// characters as `�`, tabs as spaces), cut to a window around the span when
/// long, with the caret's display column and width. `start` and `end` are
/// byte offsets in `line`. It looks at the characters it shows and a few
/// around them, never the whole line: a 100 MB line costs what a short one does.
fn window(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let before = &line[..start];
    // Up to WINDOW / 2 characters before the span are shown whole; more are
    // cut to the last WINDOW / 2 - 10, after an ellipsis.
    let ellipsis_before = before.char_indices().rev().nth(WINDOW / 2).is_some();
    let from = if ellipsis_before {
        before.char_indices().rev().nth(WINDOW / 2 - 10 - 1).map_or(0, |(i, _)| i)
    } else {
        0
    };
    let mut shown = String::new();
    let mut column = 0;
    let (mut caret_at, mut caret_len) = (None, 0);
    if ellipsis_before {
        shown.push('…');
        column += 1;
    }
    let chars = line[from..].char_indices().map(|(i, c)| (from + i, c));
    let mut cut = false;
    for (taken, (i, c)) in chars.enumerate() {
        // A span running on past the window gets a caret up to its edge.
        if taken == WINDOW {
            cut = true;
            break;
        }
        if i >= start && caret_at.is_none() {
            caret_at = Some(column);
        }
        let c = printable(c);
        let w = c.width().unwrap_or(1);
        if i >= start && i < end {
            caret_len += w;
        }
        shown.push(c);
        column += w;
    }
    if cut {
        shown.push('…');
    }
    (shown, caret_at.unwrap_or(column), caret_len)
}

/// A character as a message shows it: nothing that moves the cursor, rings,
/// or reorders the text around it (the "Trojan Source" controls).
fn printable(c: char) -> char {
    match c {
        '\t' => ' ',
        c if c.is_control() || is_bidi_control(c) => '\u{FFFD}',
        c => c,
    }
}

/// Whether `c` changes the direction text is displayed in: shown as it is,
/// a message could read differently from what the file holds.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every invisible character (see [`is_invisible`]) written as
/// its code, `\u{202e}`: for messages that repeat what was typed (a file
/// name, an unknown command), which must read as the text holds.
pub fn escape_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_invisible(c) {
            escaped.extend(c.escape_unicode());
        } else {
            escaped.push(c);
        }
    }
    std::borrow::Cow::Owned(escaped)
}

/// Whether `c` cannot be seen where it stands (controls, direction marks,
/// zero-width characters, a byte-order mark): a message names it by its code.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || is_bidi_control(c)
        || matches!(c, '\u{FFFD}' | '\u{FEFF}' | '\u{200B}'..='\u{200D}' | '\u{2060}')
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn points_at_the_span_with_line_and_column() {
        let text = "apple = 100\ny = aple * 2\n";
        let kind = ErrorKind::UndefinedName { name: "aple".into(), suggestion: Some("apple".into()) };
        let shown = error("prices.cg", text, &Error::new(kind, Span::new(16, 20)), false);
        assert_eq!(
            shown,
            "prices.cg:2:5: error: undefined name `aple`\n2 | y = aple * 2\n  |     ^^^^ did you mean `apple`?\n"
        );
    }

    #[test]
    fn wide_characters_move_the_caret_by_their_width() {
        let text = "りんご + x";
        let place = Place { origin: "<-e>", text, span: Span::new(12, 13) };
        let shown = render(Severity::Error, &place, "m", None, false);
        // Column 7 counts characters; the caret sits under `x` at display column 9.
        assert!(shown.starts_with("<-e>:1:7:"), "{shown}");
        assert!(shown.ends_with(&format!("  | {}^\n", " ".repeat(9))), "{shown}");
    }

    #[test]
    fn long_lines_are_windowed_around_the_span() {
        let text = format!("{}+ )", "x + ".repeat(250_000));
        let at = text.len() - 1;
        let place = Place { origin: "big.cg", text: &text, span: Span::new(at, at + 1) };
        let shown = render(Severity::Error, &place, "m", None, false);
        assert!(shown.lines().all(|l| l.chars().count() < 200), "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[2].find('^').unwrap();
        assert_eq!(lines[1].chars().nth(caret), Some(')'));
    }

    #[test]
    fn a_span_at_the_end_gets_a_caret_after_the_last_character() {
        let place = Place { origin: "<-e>", text: "1 +", span: Span::new(3, 3) };
        let shown = render(Severity::Error, &place, "m", None, false);
        assert!(shown.ends_with("  |    ^\n"), "{shown}");
    }

    #[test]
    fn invisible_characters_in_a_message_are_named_by_their_code() {
        assert_eq!(escape_invisible("cannot read \u{202E}gpj.cg"), "cannot read \\u{202e}gpj.cg");
        assert!(matches!(escape_invisible("plain `x`"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn a_crlf_line_is_quoted_without_its_carriage_return() {
        let place = Place { origin: "f", text: "x = 1\r\ny = +\r\n", span: Span::new(11, 12) };
        let shown = render(Severity::Error, &place, "m", None, false);
        assert_eq!(shown, "f:2:5: error: m\n2 | y = +\n  |     ^\n");
        // A span on the `\r` itself points just past the line.
        let place = Place { origin: "f", text: "y = 1 +\r\n", span: Span::new(7, 8) };
        let shown = render(Severity::Error, &place, "m", None, false);
        assert_eq!(shown, "f:1:8: error: m\n1 | y = 1 +\n  |        ^\n");
    }

    #[test]
    fn direction_controls_and_other_controls_are_replaced() {
        let text = "a \u{202E}b\u{2067} \u{1b}[31m\u{0}";
        let place = Place { origin: "f", text, span: Span::new(0, 1) };
        let shown = render(Severity::Error, &place, "m", None, false);
        assert_eq!(shown.lines().nth(1), Some("1 | a \u{FFFD}b\u{FFFD} \u{FFFD}[31m\u{FFFD}"));
    }

    /// A span longer than the window gets carets to the window's edge, and a
    /// line of 50 MB is quoted as fast as a short one (no copy of it).
    #[test]
    fn a_long_span_on_a_long_line_is_cut_at_the_window() {
        let text = "y".repeat(50 << 20);
        let started = std::time::Instant::now();
        let place = Place { origin: "f", text: &text, span: Span::new(10, text.len()) };
        let shown = render(Severity::Error, &place, "m", None, false);
        assert!(started.elapsed().as_millis() < 2000, "{:?}", started.elapsed());
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1].chars().count(), 4 + WINDOW + 1, "{shown}");
        assert_eq!(lines[2], format!("  | {}{}", " ".repeat(10), "^".repeat(WINDOW - 10)));
    }
}
