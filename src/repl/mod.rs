//! The interactive front end. [`Repl::handle_line`] runs one line (a
//! statement, a continuation of one, or a `:command`) against the session and
//! writes what it produced; the editor around it ([`run`]) only reads lines,
//! completes, highlights and hints.

mod command;
mod commands;
mod complete;
mod editor;
mod files;
mod help;
mod highlight;
mod hint;
mod history;
mod layer_help;
mod modes;
mod names;
mod piped;
mod settings;
mod shell;
mod show;
mod views;

use std::io::{self, Write};
use std::rc::Rc;

use crate::error::{Error, ErrorKind};
use crate::interrupt;
use crate::render::{Format, Look, diagnostic, style};
use crate::report::Evaluation;
use crate::script::{self, Front, Printer, Stop};
use crate::session::{Outcome, Session};
use crate::syntax::{self, Statement};

pub use command::{Command, Operand};
pub use commands::COMMANDS;
pub use editor::run;
use modes::Mode;
pub use piped::Piped;

/// The prompt for a new statement.
pub const PROMPT: &str = "cgraph> ";
/// The prompt while a bracket is still open, as wide as [`PROMPT`] so that
/// the lines of one statement line up.
pub const CONTINUATION: &str = "   ...> ";
/// The prompt while `:step` waits for Enter.
pub const STEP_PROMPT: &str = "step> ";
/// The prompt while `:quiz` waits for an answer.
pub const QUIZ_PROMPT: &str = "quiz> ";
/// How errors name the text typed at the prompt.
const ORIGIN: &str = "<input>";

/// What the front end should do after a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read the next statement.
    Continue,
    /// A bracket is still open: read a continuation line.
    More,
    /// Leave.
    Quit,
}

/// Where a line's output goes: results to `out`, errors and warnings to `err`.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// A session and how its results are shown: the state behind the prompt.
pub struct Repl {
    session: Session,
    look: Look,
    format: Format,
    /// The lines of a statement whose bracket is still open.
    pending: String,
    /// Also show each evaluation's trace (`cgraph -i --trace`).
    trace: bool,
    /// Also check each evaluation's gradients (`cgraph -i --check`).
    check: bool,
    /// The text of the last expression evaluated (typed, or given to a view),
    /// for the views without EXPR. It is evaluated again when a view needs
    /// it, so the view shows the current values of its inputs.
    last: Option<Rc<str>>,
    /// Whether `:step` or `:quiz` is taking the lines.
    mode: Mode,
    /// The columns tables fit in: the terminal's, read before each line
    /// (it may have been resized); `None` when piped.
    width: Option<usize>,
}

impl Repl {
    /// A REPL over `session` (empty, or what `-i FILE` left), showing results
    /// with `look` in `format`.
    pub fn new(session: Session, look: Look, format: Format) -> Self {
        Repl {
            session,
            look,
            format,
            pending: String::new(),
            trace: false,
            check: false,
            last: None,
            mode: Mode::Prompt,
            width: None,
        }
    }

    /// Also shows every evaluation's trace and gradient check, as the
    /// options `--trace` and `--check` do.
    pub fn with_views(mut self, trace: bool, check: bool) -> Self {
        self.trace = trace;
        self.check = check;
        self
    }

    /// Makes the last expression that `script` evaluates the one the views
    /// show without EXPR, as if it had been typed (after `-i FILE`, `:load FILE`).
    pub fn remember_last_evaluation(&mut self, script: &Rc<str>) {
        let statements = syntax::statements(script).map_while(Result::ok);
        if let Some(expr) = statements
            .filter_map(|read| match read.statement {
                Statement::Eval(expr) => Some(expr),
                _ => None,
            })
            .last()
        {
            self.last = Some(expr.text().into());
        }
    }

    /// Makes tables fit in `width` columns (a terminal's), or not (`None`).
    pub fn fit_to(&mut self, width: Option<usize>) {
        self.width = width;
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn look(&self) -> Look {
        self.look
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// `cgraph> `; `...> ` while a statement waits for its closing bracket;
    /// `step> ` or `quiz> ` while `:step` or `:quiz` takes the lines.
    pub fn prompt(&self) -> &'static str {
        match self.mode {
            Mode::Step(_) => STEP_PROMPT,
            Mode::Quiz(_) => QUIZ_PROMPT,
            Mode::Prompt if self.pending.is_empty() => PROMPT,
            Mode::Prompt => CONTINUATION,
        }
    }

    /// Whether `:step` or `:quiz` is taking the lines (rather than the prompt).
    pub fn in_view(&self) -> bool {
        !matches!(self.mode, Mode::Prompt)
    }

    /// Ctrl-C: leaves a step-through or a quiz (saying so), or drops a
    /// statement left open.
    pub fn cancel(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.pending.clear();
        self.leave_view(out)
    }

    /// Runs a statement left open when the input ends, so that its error
    /// (the bracket never closed) is shown rather than lost; ends a quiz
    /// with its score.
    pub fn finish(&mut self, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
        self.leave_view(out)?;
        if self.pending.is_empty() {
            return Ok(());
        }
        let text = std::mem::take(&mut self.pending);
        self.statements(&text.into(), &mut Io { out, err })
    }

    /// Runs one line as typed at the prompt. A failing statement is shown
    /// with a caret and leaves the session as it was. Pasted text with line
    /// breaks is run line by line, as if each had been typed.
    pub fn handle_line(
        &mut self,
        line: &str,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Action> {
        // A Ctrl-C pressed while nothing ran (at a prompt that lets the
        // signal through) is not meant for this line.
        interrupt::clear();
        let mut action = Action::Continue;
        for piece in line.split('\n') {
            action = match self.handle_piece(piece.strip_suffix('\r').unwrap_or(piece), out, err) {
                Ok(action) => action,
                Err(error) if interrupt::is(&error) => return self.interrupted(out, err),
                Err(error) => return Err(error),
            };
            if action == Action::Quit {
                break;
            }
        }
        Ok(action)
    }

    /// Ctrl-C stopped a line's work: say so and go back to the prompt. The
    /// session is as the last statement that finished left it.
    fn interrupted(&mut self, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Action> {
        interrupt::clear();
        self.pending.clear();
        self.leave_view(out)?;
        writeln!(out)?;
        out.flush()?;
        writeln!(err, "{}: interrupted", style::error("error", self.look.color))?;
        Ok(Action::Continue)
    }

    /// [`Repl::handle_line`] for a line without line breaks.
    fn handle_piece(&mut self, line: &str, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Action> {
        let mut io = Io { out, err };
        let action = if self.in_view() {
            self.view_line(line, io.out)?;
            Action::Continue
        } else if self.pending.is_empty() && line.trim_start().starts_with(':') {
            commands::run(self, line.trim(), &mut io)?
        } else {
            let text = if self.pending.is_empty() {
                line.to_owned()
            } else {
                format!("{}\n{line}", std::mem::take(&mut self.pending))
            };
            if syntax::open_bracket(&text).is_some() {
                self.pending = text;
                Action::More
            } else {
                self.statements(&text.into(), &mut io)?;
                Action::Continue
            }
        };
        io.out.flush()?;
        Ok(action)
    }

    /// Runs the statements of one entry, confirming each, up to the first error.
    fn statements(&mut self, text: &Rc<str>, io: &mut Io<'_>) -> io::Result<()> {
        let mut printer = self.printer(io);
        let mut front = Prompt { last: &mut self.last, look: self.look, format: self.format };
        match script::statements(&mut self.session, ORIGIN, text, text.len(), &mut printer, &mut front) {
            Ok(()) | Err(Stop::Failed) => {}
            // Back to the prompt, with everything made before that statement.
            Err(Stop::Interrupted { .. }) => return Err(interrupt::Interrupted.into()),
            Err(Stop::Io(error)) => return Err(error),
        }
        printer.finish()
    }

    /// A printer for this REPL's results, with the views it shows beside them.
    fn printer<'a>(&self, io: &'a mut Io<'_>) -> Printer<'a> {
        let mut printer = Printer::new(io.out, io.err, self.look, self.format);
        printer.trace = self.trace;
        printer.check = self.check;
        printer.width = self.width;
        printer
    }

    /// Whether a command that takes nothing was given nothing; if it was
    /// given something, says so (and the command does not run).
    fn takes_nothing(&self, usage: &str, rest: &str, io: &mut Io<'_>) -> io::Result<bool> {
        if rest.is_empty() {
            return Ok(true);
        }
        self.complain(io, &format!("`{usage}` takes nothing after it, found `{rest}`"))?;
        Ok(false)
    }

    /// Writes an error message that has no place in the typed text.
    fn complain(&self, io: &mut Io<'_>, message: &str) -> io::Result<()> {
        io.out.flush()?;
        // It may repeat what was typed: nothing in it may reorder the line.
        let message = diagnostic::escape_invisible(message);
        writeln!(io.err, "{}: {message}", style::error("error", self.look.color))
    }
}

/// What the prompt adds to the statement loop: a confirmation of each
/// definition and assertion, the last evaluation remembered for the views,
/// figures kept out of the terminal.
struct Prompt<'r> {
    last: &'r mut Option<Rc<str>>,
    look: Look,
    format: Format,
}

impl Front for Prompt<'_> {
    fn outcome(
        &mut self,
        text: &Rc<str>,
        outcome: &mut Outcome,
        printer: &mut Printer<'_>,
    ) -> io::Result<bool> {
        if let Outcome::Evaluated(evaluation) = outcome {
            *self.last = Some(text[evaluation.span.range()].into());
            titled(evaluation);
        }
        confirm(outcome, text, printer.out, &self.look)?;
        if let (Outcome::Evaluated(_), Some((command, kind))) = (&outcome, figure_command(self.format)) {
            // A figure is for a file, never dumped into the terminal.
            printer.out.flush()?;
            let message = format!(
                "this {kind} figure is for a file: `:{command} > FILE` writes it; `:format text` \
                 shows tables again"
            );
            writeln!(printer.err, "{}: {message}", style::error("note", self.look.color))?;
            return Ok(false);
        }
        Ok(true)
    }

    fn note(&self, _: &str, error: &Error) -> Option<String> {
        command_note(error)
    }
}

/// The view that writes a figure format's figure into a file, and what the
/// figure is called; `None` for the formats the terminal shows.
pub(super) fn figure_command(format: Format) -> Option<(&'static str, &'static str)> {
    match format {
        Format::Dot => Some(("dot", "Graphviz")),
        Format::Mermaid => Some(("mermaid", "Mermaid")),
        Format::Svg => Some(("svg", "SVG")),
        Format::Text | Format::Json | Format::Tree => None,
    }
}

/// Says what an assignment or an assertion did (evaluations show themselves).
fn confirm(outcome: &Outcome, text: &str, out: &mut dyn Write, look: &Look) -> io::Result<()> {
    match outcome {
        Outcome::Defined { name, value, formula: None, .. } => {
            let name = &text[name.range()];
            writeln!(out, "{name} = {}", style::value(&look.value(value), look.color))
        }
        Outcome::Defined { name, value, formula: Some(formula), .. } => {
            let name = &text[name.range()];
            let value = style::value(&look.value(value), look.color);
            writeln!(out, "{name} := {} (= {value})", one_line(&text[formula.range()]))
        }
        Outcome::Asserted { left, right } => {
            writeln!(out, "assertion holds: {} == {}", look.value(left), look.value(right))
        }
        Outcome::Evaluated(_) | Outcome::Trained(_) | Outcome::Nothing => Ok(()),
    }
}

/// An evaluation typed over several lines gets a one-line title.
fn titled(evaluation: &mut Evaluation) {
    evaluation.text = one_line(&evaluation.text);
}

/// A definition that was typed over several lines, shown on one.
fn one_line(text: &str) -> String {
    text.split('\n').map(str::trim).collect::<Vec<_>>().join(" ")
}

/// `quit` typed without its colon: say how to run the command.
fn command_note(error: &Error) -> Option<String> {
    let ErrorKind::UndefinedName { name, .. } = &error.kind else {
        return None;
    };
    let command = commands::find(name)?;
    Some(format!("note: commands start with a colon: `:{}`", command.name))
}

#[cfg(test)]
mod first_hour_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod view_tests;
