//! What a REPL command is: its name, its help, what it takes and what runs
//! it. The table of them is `commands.rs`; `:help` reads the table it is given.

use std::io;

use super::{Action, Io, Repl};

/// A REPL command such as `:vars` or `:load FILE`.
pub struct Command {
    /// The name, typed after the colon.
    pub name: &'static str,
    /// Other names for the same command (`:q` for `:quit`).
    pub aliases: &'static [&'static str],
    /// How it is typed, for help: `:load FILE`.
    pub usage: &'static str,
    /// One line for the list of commands.
    pub summary: &'static str,
    /// What `:help NAME` adds to the summary.
    pub details: &'static str,
    /// What Tab completes after the command.
    pub operand: Operand,
    /// Runs the command with the text after its name (trimmed).
    pub run: fn(&mut Repl, &str, &mut Io<'_>) -> io::Result<Action>,
}

/// What a command takes, for completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    Nothing,
    /// Defined names.
    Names,
    /// A file path.
    File,
    /// An output format.
    Format,
    /// Anything `:help` knows.
    Topic,
    /// An expression.
    Expr,
    /// An expression, then a file after `>`.
    ExprFile,
}

/// The command of `table` called `name` (without its colon), by name or alias.
pub fn find_in<'t>(table: &'t [Command], name: &str) -> Option<&'t Command> {
    table.iter().find(|c| c.name == name || c.aliases.contains(&name))
}
