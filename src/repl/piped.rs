//! What a script run from the command line adds to the statement loop: a
//! REPL command piped into `cgraph` (`:vars`) gets a note on `cgraph -i`.

use crate::error::{Error, ErrorKind};
use crate::script::Front;

use super::commands;

/// Scripts from files, `-e` and piped stdin, and `:load`.
pub struct Piped;

impl Front for Piped {
    fn note(&self, text: &str, error: &Error) -> Option<String> {
        let command = command_at(text, error)?;
        Some(format!(
            "note: `:{command}` is a command of the REPL, not a statement; `cgraph -i` reads piped \
             lines as if typed at its prompt"
        ))
    }
}

/// The REPL command a script stumbled on, if that is what stands where it
/// stopped.
fn command_at<'t>(text: &'t str, error: &Error) -> Option<&'t str> {
    if !matches!(error.kind, ErrorKind::Syntax { .. }) {
        return None;
    }
    let rest = text.get(error.span.start..)?.strip_prefix(':')?;
    let name = rest.split(|c: char| !c.is_alphabetic()).next()?;
    commands::find(name).is_some().then_some(name)
}
