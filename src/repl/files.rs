//! `:load FILE` and `:save FILE`: scripts in, definitions out.

use std::convert::Infallible;
use std::io;
use std::path::PathBuf;

use super::{Action, Io, Repl};
use crate::atomic_file;
use crate::interrupt;
use crate::matrix::Matrix;
use crate::render::number::{self, Digits};
use crate::script::{self, Stop};
use rustc_hash::FxHashSet;

use crate::session::walk::{Order, Visitor, Walk};
use crate::session::{Definition, Session};
use crate::source;
use crate::syntax::NameId;
use crate::value::Value;

/// `:load FILE`: runs a script into the session, as `cgraph FILE` would.
pub(super) fn load(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    let Some(path) = path_operand(repl, ":load", rest, io)? else {
        return Ok(Action::Continue);
    };
    let source = match source::read_file(&path) {
        Ok(source) => source,
        Err(message) => {
            repl.complain(io, &message)?;
            return Ok(Action::Continue);
        }
    };
    let origin = source.origin.clone();
    let figure = super::figure_command(repl.format);
    let mut hidden = io::sink();
    let mut printer = repl.printer(io);
    if figure.is_some() {
        // A figure is for a file, never dumped into the terminal.
        printer.out = &mut hidden;
    }
    let ran = script::run(&mut repl.session, &source, &mut printer, &mut super::Piped);
    let finished = printer.finish();
    let drawn = printer.shown;
    if !matches!(ran, Err(Stop::Interrupted { .. })) {
        finished?;
    }
    if let (Some((command, kind)), true) = (figure, drawn > 0) {
        let s = if drawn == 1 { "" } else { "s" };
        writeln!(
            io.err,
            "note: {drawn} {kind} figure{s} not shown: figures are for files; `:{command} > FILE` \
             writes the last one"
        )?;
    }
    match ran {
        Ok(()) => {
            repl.remember_last_evaluation(&source.text);
            writeln!(io.out, "loaded {origin}")?;
        }
        Err(Stop::Failed) => {
            writeln!(io.err, "{origin} stopped at this error; the statements before it ran")?;
        }
        Err(Stop::Interrupted { line }) => {
            interrupt::clear();
            repl.complain(io, &format!("interrupted at {origin}:{line}; the statements before it ran"))?;
        }
        Err(Stop::Io(error)) => return Err(error),
    }
    Ok(Action::Continue)
}

/// `:save FILE`: writes the definitions as a script that rebuilds them, in
/// whole or not at all (an old file stays as it was when writing fails).
pub(super) fn save(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    let Some(path) = path_operand(repl, ":save", rest, io)? else {
        return Ok(Action::Continue);
    };
    let script = script_of(&repl.session);
    match atomic_file::write(&path, script.as_bytes()) {
        Ok(()) => {
            let count = repl.session.len();
            let s = if count == 1 { "" } else { "s" };
            writeln!(io.out, "saved {count} definition{s} to {}", path.display())?;
        }
        Err(error) => {
            repl.complain(io, &format!("cannot write {}: {}", path.display(), source::write_reason(&error)))?
        }
    }
    Ok(Action::Continue)
}

/// The file a command names: the rest of the line, without surrounding
/// quotes, with a leading `~/` meaning the home folder.
fn path_operand(repl: &Repl, command: &str, rest: &str, io: &mut Io<'_>) -> io::Result<Option<PathBuf>> {
    let unquoted = unquoted(rest);
    if unquoted.is_empty() {
        repl.complain(io, &format!("`{command}` needs a file: `{command} FILE`"))?;
        return Ok(None);
    }
    Ok(Some(expand_home(unquoted)))
}

/// A file name without the quotes around it, if it has them.
pub(super) fn unquoted(name: &str) -> &str {
    ['"', '\''].iter().find_map(|q| name.strip_prefix(*q).and_then(|r| r.strip_suffix(*q))).unwrap_or(name)
}

/// `~/x` as a path in the home folder; anything else as it is.
pub(super) fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

/// The session as a script: every definition after the ones it uses (in the
/// order they were made where that allows), inputs with every digit.
pub fn script_of(session: &Session) -> String {
    let mut script = Script {
        text: String::from("# cgraph definitions, written by :save\n"),
        written: FxHashSet::default(),
        session,
    };
    let done: Result<(), Infallible> =
        Walk::new(session, Order::Written).run(session.defined_ids(), &mut script);
    let Ok(()) = done;
    script.text
}

/// The walk that writes each definition once the names it uses are written.
struct Script<'s> {
    text: String,
    written: FxHashSet<NameId>,
    session: &'s Session,
}

impl<'s> Visitor<'s> for Script<'s> {
    type Stop = Infallible;

    fn done(&self, name: NameId, _: &'s Definition) -> bool {
        self.written.contains(&name)
    }

    fn visit(&mut self, name: NameId, definition: &'s Definition) -> Result<(), Infallible> {
        let name_text = self.session.name(name);
        match definition {
            Definition::Formula(formula) => {
                self.text.push_str(&format!("{name_text} = {}\n", formula.expr.text()))
            }
            Definition::Input { value: Value::Number(value) } => {
                self.text.push_str(&format!("{name_text} = {}\n", exact_literal(*value)))
            }
            Definition::Input { value: Value::Matrix(m) } => {
                self.text.push_str(&format!("{name_text} = {}\n", matrix_literal(m)))
            }
        }
        self.written.insert(name);
        Ok(())
    }
}

/// An expression without names that evaluates to exactly `x`.
/// A matrix as a literal that reads back to the same numbers: infinities
/// as numbers too large for f64 (which read as inf); a NaN element, which
/// no literal writes, as 0 with a comment that says so.
fn matrix_literal(m: &Matrix) -> String {
    let element = |x: f64| match x {
        x if x.is_nan() => "0".to_owned(),
        x if x.is_infinite() => if x > 0.0 { "1e999" } else { "-1e999" }.to_owned(),
        x => number::format(x, Digits::Exact),
    };
    let rows: Vec<String> = m
        .rows()
        .into_iter()
        .map(|row| row.iter().map(|&x| element(x)).collect::<Vec<_>>().join(", "))
        .collect();
    let note = if m.iter().any(|x| x.is_nan()) { "  # NaN elements saved as 0" } else { "" };
    format!("[{}]{note}", rows.join("; "))
}

fn exact_literal(x: f64) -> String {
    if x.is_nan() {
        "0/0".into()
    } else if x.is_infinite() {
        if x > 0.0 { "1/0".into() } else { "-1/0".into() }
    } else {
        number::format(x, Digits::Exact)
    }
}
