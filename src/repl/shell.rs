//! The line editor's helper: completion, highlighting and hints, each asking
//! the [`Repl`] it holds. The editor owns it, so the REPL lives here between
//! lines (no session is shared or copied).

use std::borrow::Cow;
use std::cell::Cell;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hint, Hinter};
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use super::Repl;
use super::highlight::{self, NameKind};
use crate::render::style::{self, Role};

/// Lines longer than this are shown without colours (a pasted script, say).
const MAX_PAINTED: usize = 4000;

/// The REPL, as the line editor's helper.
pub struct Shell {
    pub repl: Repl,
    /// Whether the bracket at the cursor is matched (not on the final redraw).
    match_brackets: Cell<bool>,
}

impl Shell {
    pub fn new(repl: Repl) -> Self {
        Shell { repl, match_brackets: Cell::new(true) }
    }

    fn color(&self) -> bool {
        self.repl.look.color
    }

    /// Whether what is typed is a statement or a command, to be completed,
    /// coloured and hinted (not an answer to `:quiz` or an Enter for `:step`).
    fn helps(&self) -> bool {
        !self.repl.in_view()
    }
}

/// A value hint: shown dimmed, never inserted by the Right key.
pub struct ValueHint(String);

impl Hint for ValueHint {
    fn display(&self) -> &str {
        &self.0
    }

    fn completion(&self) -> Option<&str> {
        None
    }
}

impl Completer for Shell {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        if !self.helps() {
            return Ok((pos, Vec::new()));
        }
        Ok(self.repl.completions(line, pos))
    }
}

impl Hinter for Shell {
    type Hint = ValueHint;

    fn hint(&self, line: &str, _pos: usize, _: &Context<'_>) -> Option<ValueHint> {
        // Without colours a hint would look like typed text.
        if !self.color() || !self.helps() {
            return None;
        }
        self.repl.hint(line).map(ValueHint)
    }
}

impl Highlighter for Shell {
    fn highlight<'l>(&self, line: &'l str, pos: usize) -> Cow<'l, str> {
        if !self.color() || !self.helps() || line.len() > MAX_PAINTED {
            return Cow::Borrowed(line);
        }
        let session = self.repl.session();
        let kind =
            |name: &str| if session.get(name).is_some() { NameKind::Defined } else { NameKind::Unknown };
        let cursor = self.match_brackets.get().then_some(pos);
        Cow::Owned(highlight::paint(line, cursor, self.repl.pending.is_empty(), &kind))
    }

    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(&'s self, prompt: &'p str, _default: bool) -> Cow<'b, str> {
        // `step> ` and `quiz> ` stand out from `cgraph> `: the lines go elsewhere.
        let role = if self.helps() { Role::Prompt } else { Role::ModePrompt };
        if self.color() { Cow::Owned(style::paint(prompt, role, true)) } else { Cow::Borrowed(prompt) }
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(style::paint(hint, Role::Hint, true))
    }

    fn highlight_char(&self, line: &str, _pos: usize, kind: CmdKind) -> bool {
        // The final redraw, when Enter is pressed, leaves no bracket marked.
        self.match_brackets.set(kind != CmdKind::ForcedRefresh);
        self.color() && self.helps() && line.len() <= MAX_PAINTED
    }
}

impl Validator for Shell {}

impl Helper for Shell {}
