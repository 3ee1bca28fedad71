//! The classroom views as commands: `:graph`, `:trace`, `:check`, `:dot` and
//! `:svg` show an expression (or the last one evaluated) on screen or write
//! it into a file after `>`; `:step` and `:quiz` start here and go on, line
//! by line, in [`super::modes`].

use std::io::{self, Write};
use std::rc::Rc;

use super::{Action, Io, ORIGIN, Repl, files, titled};
use crate::error::Error;
use crate::render::{Look, check, diagnostic, dot, figure, mermaid, style, svg, trace, tree};
use crate::report::Evaluation;
use crate::source;
use crate::syntax::{self, Expr, Statement};

/// Where a view may write.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    /// Only on screen: it waits for lines typed after it.
    Screen,
    /// On screen, or into the file after `>`.
    ScreenOrFile,
    /// Only into the file after `>`.
    File,
}

/// A view that draws an evaluation in one go.
struct View {
    /// The command, for messages: `:dot`.
    command: &'static str,
    /// What it writes, for the confirmation: "DOT figure".
    what: &'static str,
    output: Output,
    write: fn(&mut dyn Write, &Evaluation, &Look) -> io::Result<()>,
}

/// `:graph [EXPR] [> FILE]`: the tree.
pub(super) fn graph(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    let view = View { command: ":graph", what: "tree", output: Output::ScreenOrFile, write: tree::write };
    show(repl, rest, io, &view)
}

/// `:trace [EXPR] [> FILE]`: the forward and backward passes.
pub(super) fn trace(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    let view = View {
        command: ":trace",
        what: "trace",
        output: Output::ScreenOrFile,
        // Under a title, since the trace does not repeat the expression.
        write: |out, evaluation, look| {
            writeln!(out, "{}", style::strong(&figure::title(evaluation, look), look.color))?;
            trace::write(out, evaluation, look)
        },
    };
    show(repl, rest, io, &view)
}

/// `:check [EXPR] [> FILE]`: the numerical gradient check.
pub(super) fn check(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    let view = View {
        command: ":check",
        what: "gradient check",
        output: Output::ScreenOrFile,
        write: |out, evaluation, look| check::write(out, evaluation, look).map(drop),
    };
    show(repl, rest, io, &view)
}

/// `:dot [EXPR] [> FILE]`: the Graphviz figure.
pub(super) fn dot(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    let view = View { command: ":dot", what: "DOT figure", output: Output::ScreenOrFile, write: dot::write };
    show(repl, rest, io, &view)
}

/// `:mermaid [EXPR] [> FILE]`: the figure as a Mermaid flowchart.
pub(super) fn mermaid(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    let view = View {
        command: ":mermaid",
        what: "Mermaid figure",
        output: Output::ScreenOrFile,
        write: mermaid::write,
    };
    show(repl, rest, io, &view)
}

/// `:svg [EXPR] > FILE`: the figure as a picture.
pub(super) fn svg(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    let view = View { command: ":svg", what: "SVG figure", output: Output::File, write: svg::write };
    show(repl, rest, io, &view)
}

/// `:step [EXPR]`: the trace, one step per Enter.
pub(super) fn step(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    if let Some((evaluation, text)) = screen_operand(repl, ":step", rest, io)? {
        repl.last = Some(text);
        repl.start_step(evaluation, io.out)?;
    }
    Ok(Action::Continue)
}

/// `:quiz [EXPR]`: asks for the gradients.
pub(super) fn quiz(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    if let Some((evaluation, text)) = screen_operand(repl, ":quiz", rest, io)? {
        repl.last = Some(text);
        repl.start_quiz(evaluation, io.out)?;
    }
    Ok(Action::Continue)
}

/// The last expression evaluated again, at the current values (for
/// `:show`); `None` once the reason it failed has been shown.
pub(super) fn evaluate_last(
    repl: &Repl,
    command: &str,
    io: &mut Io<'_>,
) -> io::Result<Option<(Evaluation, Rc<str>)>> {
    operand(repl, command, &format!("{command} apple"), "", io)
}

/// Runs a view that draws in one go: on screen, or into the file after `>`.
/// Whatever fails, the session and the last expression stay as they were.
fn show(repl: &mut Repl, rest: &str, io: &mut Io<'_>, view: &View) -> io::Result<Action> {
    let Some((expr, file)) = split_file(repl, view, rest, io)? else {
        return Ok(Action::Continue);
    };
    // A view that only writes files is shown with its `> FILE`.
    let example = match view.output {
        Output::File => format!("{} apple*2 > FILE", view.command),
        Output::Screen | Output::ScreenOrFile => format!("{} apple*2", view.command),
    };
    let Some((evaluation, text)) = operand(repl, view.command, &example, expr, io)? else {
        return Ok(Action::Continue);
    };
    let Some(name) = file else {
        (view.write)(io.out, &evaluation, &repl.look)?;
        repl.last = Some(text);
        return Ok(Action::Continue);
    };
    let path = files::expand_home(name);
    let mut bytes = Vec::new();
    // A file gets no colour codes.
    (view.write)(&mut bytes, &evaluation, &Look { color: false, ..repl.look })?;
    match std::fs::write(&path, bytes) {
        Ok(()) => {
            let title = figure::title(&evaluation, &repl.look);
            writeln!(io.out, "wrote the {} of `{title}` to {}", view.what, path.display())?;
            repl.last = Some(text);
        }
        Err(error) => {
            repl.complain(io, &format!("cannot write {}: {}", path.display(), source::write_reason(&error)))?
        }
    }
    Ok(Action::Continue)
}

/// The operand of a view that runs on screen only (`:step`, `:quiz`).
fn screen_operand(
    repl: &mut Repl,
    command: &'static str,
    rest: &str,
    io: &mut Io<'_>,
) -> io::Result<Option<(Evaluation, Rc<str>)>> {
    let view = View { command, what: "", output: Output::Screen, write: |_, _, _| Ok(()) };
    match split_file(repl, &view, rest, io)? {
        Some((expr, _)) => operand(repl, command, &format!("{command} apple*2"), expr, io),
        None => Ok(None),
    }
}

/// Splits `EXPR > FILE` (the language has no `>`, so the first one is it);
/// `None` (and a message) when the view cannot write where it is asked to.
fn split_file<'r>(
    repl: &Repl,
    view: &View,
    rest: &'r str,
    io: &mut Io<'_>,
) -> io::Result<Option<(&'r str, Option<&'r str>)>> {
    let (expr, file) = match rest.split_once('>') {
        Some((expr, file)) => (expr.trim(), Some(files::unquoted(file.trim()))),
        None => (rest, None),
    };
    let command = view.command;
    let refusal = match (view.output, file) {
        (Output::Screen, Some(_)) => Some(format!(
            "`{command}` runs on screen, a line at a time; `:trace EXPR > FILE` writes the whole trace to a file"
        )),
        (Output::File, None) => Some(format!(
            "`{command}` writes a file: `{command} [EXPR] > FILE` (a picture is not for the terminal; \
             `:graph` draws the tree here)"
        )),
        (_, Some("")) => Some(format!("a file name should follow `>`: `{command} [EXPR] > FILE`")),
        _ => None,
    };
    match refusal {
        Some(message) => {
            repl.complain(io, &message)?;
            Ok(None)
        }
        None => Ok(Some((expr, file))),
    }
}

/// Evaluates a view's operand, `expr` or (when empty) the last expression,
/// at the current values; returns the evaluation and the text to remember.
/// `None` once the reason has been shown.
fn operand(
    repl: &Repl,
    command: &str,
    example: &str,
    expr: &str,
    io: &mut Io<'_>,
) -> io::Result<Option<(Evaluation, Rc<str>)>> {
    let (text, again) = match (expr.is_empty(), &repl.last) {
        (false, _) => (Rc::from(expr), false),
        (true, Some(last)) => (last.clone(), true),
        (true, None) => {
            let message = format!(
                "nothing has been evaluated yet: give an expression (`{example}`) or evaluate one first"
            );
            repl.complain(io, &message)?;
            return Ok(None);
        }
    };
    let failed = |error: Error, io: &mut Io<'_>| -> io::Result<Option<(Evaluation, Rc<str>)>> {
        io.out.flush()?;
        if again {
            writeln!(io.err, "the last expression, `{text}`, no longer evaluates:")?;
        }
        io.err.write_all(diagnostic::error(ORIGIN, &text, &error, repl.look.color).as_bytes())?;
        Ok(None)
    };
    let expr = match expression(&text) {
        Ok(Some(expr)) => expr,
        Ok(None) => {
            let message = format!(
                "`{command}` takes one expression (`{example}`), not an assignment, \
                 an assertion or several statements"
            );
            repl.complain(io, &message)?;
            return Ok(None);
        }
        Err(error) => return failed(error, io),
    };
    match repl.session.evaluate(&expr) {
        Ok(mut evaluation) => {
            titled(&mut evaluation);
            Ok(Some((evaluation, text)))
        }
        Err(error) => failed(error, io),
    }
}

/// `text` as a single expression: `Ok(None)` when it is something else (an
/// assignment, an assertion, several statements or none).
fn expression(text: &Rc<str>) -> Result<Option<Expr>, Error> {
    let mut found = None;
    for read in syntax::statements(text) {
        match read?.statement {
            Statement::Empty => {}
            Statement::Eval(expr) if found.is_none() => found = Some(expr),
            _ => return Ok(None),
        }
    }
    Ok(found)
}
