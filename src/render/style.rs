//! The one place colours are chosen and written: every coloured piece of
//! output names a [`Role`] (what the text is), and this module turns the
//! role into a colour, as numbat's `Markup` is styled in one formatter.
//! Forward values and gradients are told apart as in the book (values plain
//! cyan, gradients red). `colored` names the colours; the escape codes are
//! written here, only when the front end said colour is on, so no global
//! switch is needed.

use colored::Color;

/// What a piece of text is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A forward value.
    Value,
    /// A gradient.
    Grad,
    /// Headers and other quiet text.
    Dim,
    /// What the eye should land on first: the result.
    Strong,
    /// An error's label.
    Error,
    /// A warning's label.
    Warning,
    /// The caret line and the line-number gutter of a diagnostic.
    Gutter,
    /// A number as typed at the prompt.
    Number,
    /// A defined name as typed.
    Name,
    /// A name, function or command that does not exist, or what the parser rejects.
    Unknown,
    /// The name an assignment defines.
    Target,
    /// A function's name.
    Function,
    /// `assert`.
    Keyword,
    /// An operator or punctuation.
    Operator,
    /// A comment.
    Comment,
    /// A `:command` that exists.
    Command,
    /// The bracket at the cursor and its partner.
    Match,
    /// A bracket at the cursor that has no partner, or where the parser stops.
    Unmatched,
    /// The prompt of the REPL.
    Prompt,
    /// The prompt of `:step` and `:quiz`, whose lines go elsewhere.
    ModePrompt,
    /// The value hint after the line being typed.
    Hint,
}

/// SGR attributes.
const BOLD: &str = "1";
const DIMMED: &str = "2";
const UNDERLINE: &str = "4";

impl Role {
    /// The role's attributes and colour.
    fn look(self) -> (&'static [&'static str], Option<Color>) {
        use Role::*;
        match self {
            Value | Operator => (&[], Some(Color::Cyan)),
            Grad | Unknown => (&[], Some(Color::Red)),
            Dim | Comment | Hint => (&[DIMMED], None),
            Strong | Target => (&[BOLD], None),
            Error | Unmatched => (&[BOLD], Some(Color::Red)),
            Warning => (&[BOLD], Some(Color::Yellow)),
            Gutter | Command => (&[BOLD], Some(Color::Blue)),
            Number => (&[], Some(Color::Yellow)),
            Name => (&[], Some(Color::Green)),
            Function => (&[], Some(Color::Blue)),
            Keyword => (&[], Some(Color::Magenta)),
            Match => (&[BOLD, UNDERLINE], Some(Color::Magenta)),
            Prompt => (&[BOLD], Some(Color::Green)),
            ModePrompt => (&[BOLD], Some(Color::Yellow)),
        }
    }
}

/// Appends `text` to `out` in the colour of `role`, or plain when colour is off.
pub fn push(out: &mut String, text: &str, role: Role, on: bool) {
    if !on {
        return out.push_str(text);
    }
    let (attributes, color) = role.look();
    out.push_str("\x1b[");
    let codes = attributes.iter().map(|a| std::borrow::Cow::Borrowed(*a)).chain(color.map(|c| c.to_fg_str()));
    for (i, code) in codes.enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(&code);
    }
    out.push('m');
    out.push_str(text);
    out.push_str("\x1b[0m");
}

/// `text` in the colour of `role`, or plain when colour is off.
pub fn paint(text: &str, role: Role, on: bool) -> String {
    let mut out = String::with_capacity(text.len() + 12);
    push(&mut out, text, role, on);
    out
}

/// A forward value.
pub fn value(text: &str, on: bool) -> String {
    paint(text, Role::Value, on)
}

/// A gradient.
pub fn grad(text: &str, on: bool) -> String {
    paint(text, Role::Grad, on)
}

/// Headers and other quiet text.
pub fn dim(text: &str, on: bool) -> String {
    paint(text, Role::Dim, on)
}

/// What the eye should land on first: the result.
pub fn strong(text: &str, on: bool) -> String {
    paint(text, Role::Strong, on)
}

pub fn error(text: &str, on: bool) -> String {
    paint(text, Role::Error, on)
}

pub fn warning(text: &str, on: bool) -> String {
    paint(text, Role::Warning, on)
}

/// The caret line and the line-number gutter of a diagnostic.
pub fn gutter(text: &str, on: bool) -> String {
    paint(text, Role::Gutter, on)
}

#[cfg(test)]
mod tests {
    use colored::Colorize;

    use super::*;

    /// The codes are those `colored` itself writes for the same look.
    #[test]
    fn roles_are_written_as_colored_writes_them() {
        colored::control::set_override(true);
        let cases = [
            (Role::Value, "v".cyan().to_string()),
            (Role::Grad, "v".red().to_string()),
            (Role::Dim, "v".dimmed().to_string()),
            (Role::Strong, "v".bold().to_string()),
            (Role::Error, "v".red().bold().to_string()),
            (Role::Warning, "v".yellow().bold().to_string()),
            (Role::Gutter, "v".blue().bold().to_string()),
            (Role::Match, "v".magenta().bold().underline().to_string()),
        ];
        colored::control::unset_override();
        for (role, expected) in cases {
            assert_eq!(paint("v", role, true), expected, "{role:?}");
        }
        assert_eq!(paint("v", Role::Grad, false), "v");
    }
}
