//! The `:commands`, in one table: adding a command is adding a row here (its
//! help, what Tab completes after it, and the function that runs it).

use std::io;

use super::{Action, Io, Repl, files, help, names, settings};
use crate::suggest;

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
}

/// Every command, in the order `:help` lists them.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "help",
        aliases: &["h", "?"],
        usage: ":help [NAME]",
        summary: "this overview, or help on a command, a function, `syntax` or `functions`",
        details: "NAME may be a command (`:help save`), a function (`:help sigmoid`, with its \
                  backward rule), `syntax` for the language, `functions` for every function \
                  and operator layer with its backward rule, or `keys` for the line editor.",
        operand: Operand::Topic,
        run: help::command,
    },
    Command {
        name: "vars",
        aliases: &[],
        usage: ":vars",
        summary: "the inputs with their values, the formulas with their definitions and values",
        details: "Inputs are leaves holding a number (`apple = 100`); formulas are named nodes \
                  recomputed from their definition whenever they are used (`price = apple*2`), \
                  shown as `price := apple*2 (= 200)`.",
        operand: Operand::Nothing,
        run: names::vars,
    },
    Command {
        name: "del",
        aliases: &["delete"],
        usage: ":del NAME...",
        summary: "forget names (refused while a formula uses one)",
        details: "A name that a formula still uses cannot be deleted: delete or redefine the \
                  formula first. Several names may be given.",
        operand: Operand::Names,
        run: names::delete,
    },
    Command {
        name: "reset",
        aliases: &[],
        usage: ":reset",
        summary: "forget every input and formula",
        details: "The output settings (`:format`, `:precision`) stay as they are.",
        operand: Operand::Nothing,
        run: names::reset,
    },
    Command {
        name: "load",
        aliases: &[],
        usage: ":load FILE",
        summary: "run a script into this session",
        details: "Runs the statements of FILE as `cgraph FILE` would, showing its evaluations; \
                  its definitions join this session. A script stops at its first error, after \
                  running the statements before it.",
        operand: Operand::File,
        run: files::load,
    },
    Command {
        name: "save",
        aliases: &[],
        usage: ":save FILE",
        summary: "write the definitions as a script that rebuilds them",
        details: "Writes every input (with every digit, so it reads back as the same number) \
                  and every formula (as it was typed), each after the names it uses. \
                  `:load FILE` in a fresh session gives back the same definitions and values. \
                  An existing FILE is replaced.",
        operand: Operand::File,
        run: files::save,
    },
    Command {
        name: "format",
        aliases: &[],
        usage: ":format [NAME]",
        summary: "how evaluations are shown, as --format (without NAME: the current one)",
        details: "text is a table of every node with its layer, value and gradient; json is \
                  one JSON object per evaluation.",
        operand: Operand::Format,
        run: settings::format,
    },
    Command {
        name: "precision",
        aliases: &[],
        usage: ":precision [N]",
        summary: "show numbers with N significant digits (1 to 17), as --precision",
        details: "The default is 10, which shows the book's 715.0000000000001 as 715. Without \
                  N, shows the current setting. Ends `:exact`.",
        operand: Operand::Nothing,
        run: settings::precision,
    },
    Command {
        name: "exact",
        aliases: &[],
        usage: ":exact",
        summary: "show every digit of every number (shortest round-trip form), as --exact",
        details: "`:precision N` goes back to rounded numbers.",
        operand: Operand::Nothing,
        run: settings::exact,
    },
    Command {
        name: "quit",
        aliases: &["q", "exit"],
        usage: ":quit",
        summary: "leave (so do :q, :exit and Ctrl-D)",
        details: "The history of typed lines is kept for the next start.",
        operand: Operand::Nothing,
        run: quit,
    },
];

/// The command called `name` (without its colon), by name or alias.
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name || c.aliases.contains(&name))
}

/// Every name and alias a command answers to.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    COMMANDS.iter().flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
}

/// Runs `line` (trimmed, starting with `:`).
pub(super) fn run(repl: &mut Repl, line: &str, io: &mut Io<'_>) -> io::Result<Action> {
    let line = &line[1..];
    let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    match find(name) {
        Some(command) => (command.run)(repl, rest.trim(), io),
        None => {
            let message = match suggest::closest(name, all_names()) {
                Some(close) => format!("unknown command `:{name}`; did you mean `:{close}`?"),
                None => format!("unknown command `:{name}`; `:help` lists the commands"),
            };
            repl.complain(io, &message)?;
            Ok(Action::Continue)
        }
    }
}

fn quit(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    if !takes_nothing(repl, ":quit", rest, io)? {
        return Ok(Action::Continue);
    }
    Ok(Action::Quit)
}

/// Whether a command that takes nothing was given nothing; if it was given
/// something, says so (and the command does not run).
pub(super) fn takes_nothing(repl: &Repl, usage: &str, rest: &str, io: &mut Io<'_>) -> io::Result<bool> {
    if rest.is_empty() {
        return Ok(true);
    }
    repl.complain(io, &format!("`{usage}` takes nothing after it, found `{rest}`"))?;
    Ok(false)
}
