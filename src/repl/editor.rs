//! The loop around [`Repl::handle_line`]: on a terminal, rustyline reads the
//! lines (with the helper's completion, colours and hints) and the history is
//! kept; from a pipe, lines are read plainly, with no prompt.

use std::io::{self, BufRead, IsTerminal, Write};

use rustyline::Editor;
use rustyline::config::{ColorMode, CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;

use super::history::HistoryFile;
use super::shell::Shell;
use super::{Action, Repl};
use crate::interrupt;
use crate::terminal;

/// How many entries the history keeps.
const HISTORY_SIZE: usize = 10_000;

/// Runs the REPL until `:quit` or the end of input; returns the exit code.
pub fn run(repl: Repl) -> u8 {
    // Ctrl-C stops the work of a line, never the REPL.
    interrupt::keep_alive();
    if io::stdin().is_terminal() { interactive(repl) } else { piped(repl) }
}

/// The REPL on a terminal.
fn interactive(repl: Repl) -> u8 {
    let color = repl.look().color;
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .color_mode(if color { ColorMode::Forced } else { ColorMode::Disabled })
        .max_history_size(HISTORY_SIZE)
        .and_then(|c| c.history_ignore_dups(true))
        .map(|c| c.build());
    let editor = config.and_then(Editor::<Shell, DefaultHistory>::with_config);
    let mut editor = match editor {
        Ok(editor) => editor,
        Err(error) => {
            let _ = writeln!(io::stderr(), "cgraph: cannot use the terminal: {error}");
            return 1;
        }
    };
    editor.set_helper(Some(Shell::new(repl)));
    let mut history = HistoryFile::open(&mut editor, color);
    let (mut stdout, mut stderr) = (interrupt::Writer(io::stdout()), io::stderr());
    let greeting = writeln!(
        stdout,
        "cgraph {}: type an expression to see its graph, :help for help, Ctrl-D to leave.",
        env!("CARGO_PKG_VERSION")
    );
    if let Err(error) = greeting {
        return write_failed(&error);
    }
    let mut entry = String::new();
    loop {
        let Some(prompt) = editor.helper().map(|shell| shell.repl.prompt()) else {
            return 1;
        };
        let read = editor.readline(prompt);
        // A Ctrl-C while waiting for the line (a terminal rustyline cannot
        // drive lets the signal through) stopped no work.
        interrupt::clear();
        let line = match read {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                entry.clear();
                if let Some(Err(error)) = editor.helper_mut().map(|shell| shell.repl.cancel(&mut stdout)) {
                    return write_failed(&error);
                }
                continue;
            }
            // Ctrl-D during `:step` or `:quiz` leaves that, not cgraph.
            Err(ReadlineError::Eof) if editor.helper().is_some_and(|shell| shell.repl.in_view()) => {
                if let Some(Err(error)) = editor.helper_mut().map(|shell| shell.repl.cancel(&mut stdout)) {
                    return write_failed(&error);
                }
                continue;
            }
            Err(ReadlineError::Eof) => {
                let finished = editor.helper_mut().map(|shell| shell.repl.finish(&mut stdout, &mut stderr));
                return match finished {
                    Some(Err(error)) => write_failed(&error),
                    _ => 0,
                };
            }
            // A byte that is not UTF-8 (typed, or pasted) loses that line, not the session.
            Err(ReadlineError::Io(error)) if error.kind() == io::ErrorKind::InvalidData => {
                entry.clear();
                let message =
                    writeln!(stderr, "cgraph: that line is not valid UTF-8 ({error}); nothing was run");
                if let Err(error) = message {
                    return write_failed(&error);
                }
                continue;
            }
            Err(error) => {
                let _ = writeln!(stderr, "cgraph: cannot read the terminal: {error}");
                return 1;
            }
        };
        if !entry.is_empty() {
            entry.push('\n');
        }
        entry.push_str(&line);
        let Some(shell) = editor.helper_mut() else {
            return 1;
        };
        // Answers to `:quiz` and the Enters of `:step` are not worth recalling.
        let answer = shell.repl.in_view();
        shell.repl.fit_to(terminal::width());
        let action = shell.repl.handle_line(&line, &mut stdout, &mut stderr);
        if answer {
            entry.clear();
        } else if action.as_ref().is_ok_and(|a| *a != Action::More) {
            history.add(&mut editor, &entry);
            entry.clear();
        }
        match action {
            Ok(Action::Quit) => return 0,
            Ok(_) => {}
            Err(error) => return write_failed(&error),
        }
    }
}

/// The REPL reading a pipe: every line handled as if typed, no prompt.
fn piped(mut repl: Repl) -> u8 {
    let (mut stdout, mut stderr) = (interrupt::Writer(io::stdout()), io::stderr());
    let mut stdin = io::stdin().lock();
    let mut bytes = Vec::new();
    let mut number = 0;
    loop {
        bytes.clear();
        match stdin.read_until(b'\n', &mut bytes) {
            Ok(0) => {
                return match repl.finish(&mut stdout, &mut stderr) {
                    Ok(()) => 0,
                    Err(error) => write_failed(&error),
                };
            }
            Ok(_) => number += 1,
            Err(error) => {
                let _ = writeln!(stderr, "cgraph: cannot read standard input: {error}");
                return 1;
            }
        }
        let action = match std::str::from_utf8(&bytes) {
            Ok(line) => repl.handle_line(line.trim_end_matches(['\n', '\r']), &mut stdout, &mut stderr),
            Err(_) => writeln!(stderr, "cgraph: line {number} is not valid UTF-8; skipped")
                .map(|()| Action::Continue),
        };
        match action {
            Ok(Action::Quit) => return 0,
            Ok(_) => {}
            Err(error) => return write_failed(&error),
        }
    }
}

/// The exit code when output cannot be written (a closed pipe is the reader's choice).
fn write_failed(error: &io::Error) -> u8 {
    crate::cli::output_failed(error)
}
