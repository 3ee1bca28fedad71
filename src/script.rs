//! Runs a text statement by statement against a session and shows what each
//! produced: the script runner behind files, `-e`, piped stdin and `:load`.
//! A script stops at its first error, after showing what came before.

use std::io::{self, Write};
use std::rc::Rc;

use crate::error::{Error, ErrorKind};
use crate::interrupt;
use crate::render::diagnostic::{self, Place, Severity};
use crate::render::{
    Format, Look, Nodes, check, curve, dot, json, mermaid, svg, text, trace, training, tree,
};
use crate::report::Evaluation;
use crate::session::{Outcome, Session, Trained};
use crate::source::Source;
use crate::span::Span;
use crate::syntax;

/// Where and how outcomes are shown.
pub struct Printer<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub look: Look,
    pub format: Format,
    /// Evaluations shown so far (text tables are separated by a blank line).
    pub shown: usize,
    /// Also write each evaluation's forward/backward trace (`--trace`).
    pub trace: bool,
    /// Also check each evaluation's gradients numerically (`--check`).
    pub check: bool,
    /// Gradients the checks flagged so far.
    pub flagged: usize,
    /// Which nodes the text table and JSON list (`--nodes`).
    pub nodes: Nodes,
    /// Where each figure goes when every evaluation's figure is a file of
    /// its own (`-o` with a figure format); `None`: to `out`.
    pub pages: Option<&'a mut dyn Pages>,
    /// The columns the text table fits in (on a terminal), if any.
    pub width: Option<usize>,
    /// Assertions that held so far.
    pub asserted: usize,
    /// SVG figures waiting for [`Printer::finish`]: one file holds one
    /// picture, so a run's figures are stacked into one document at the end.
    figures: Vec<svg::Figure>,
}

/// Where figures go one at a time, each to a writer of its own.
pub trait Pages {
    /// The writer for the next figure.
    fn next_page(&mut self) -> io::Result<&mut dyn Write>;
}

impl<'a> Printer<'a> {
    /// A printer that shows evaluations in `format`, and nothing more.
    pub fn new(out: &'a mut dyn Write, err: &'a mut dyn Write, look: Look, format: Format) -> Self {
        Printer {
            out,
            err,
            look,
            format,
            shown: 0,
            trace: false,
            check: false,
            flagged: 0,
            nodes: Nodes::All,
            pages: None,
            width: None,
            asserted: 0,
            figures: Vec::new(),
        }
    }
}

/// How a figure format writes one evaluation as a file of its own; `None`
/// for the formats that are not figures.
type Draw = fn(&mut dyn Write, &Evaluation, &Look) -> io::Result<()>;
fn figure_writer(format: Format) -> Option<Draw> {
    match format {
        Format::Dot => Some(dot::write),
        Format::Mermaid => Some(mermaid::write),
        Format::Svg => Some(svg::write),
        Format::Text | Format::Json | Format::Tree => None,
    }
}

/// Why a script stopped early.
#[derive(Debug)]
pub enum Stop {
    /// A statement failed; its error has been shown.
    Failed,
    /// Ctrl-C, before the statement on `line` (1-based) finished; the
    /// statements before it ran.
    Interrupted { line: usize },
    /// Writing failed (a closed pipe, say): nothing more can be shown.
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Self {
        Stop::Io(error)
    }
}

/// What a front end adds to the statement loop: the REPL confirms each
/// outcome and remembers the last evaluation; a script run from the command
/// line adds a note where a REPL command stands. Both do nothing by default.
pub trait Front {
    /// Sees each outcome before the printer does (and may retitle it);
    /// returns whether the printer shows it.
    fn outcome(
        &mut self,
        _text: &Rc<str>,
        _outcome: &mut Outcome,
        _printer: &mut Printer<'_>,
    ) -> io::Result<bool> {
        Ok(true)
    }

    /// A note to write under an error's message, if any.
    fn note(&self, _text: &str, _error: &Error) -> Option<String> {
        None
    }
}

/// Runs every statement of `source`, up to its first error.
pub fn run(
    session: &mut Session,
    source: &Source,
    printer: &mut Printer<'_>,
    front: &mut dyn Front,
) -> Result<(), Stop> {
    let (origin, text) = (source.origin.as_str(), &source.text);
    // A relative `load` path is relative to the script's folder while it runs.
    let outside = session.set_folder(source.folder.clone());
    let ran = statements(session, origin, text, source.runnable().len(), printer, front);
    session.set_folder(outside);
    ran?;
    match source.invalid_at {
        // U+FFFD, three bytes, stands where the bad byte was.
        Some(at) => {
            let error = Error::new(ErrorKind::NotUtf8, Span::new(at, at + 3));
            failed(origin, text, printer, front, &error)
        }
        None => Ok(()),
    }
}

/// The one statement loop of scripts and the REPL: runs the statements of
/// `text` before `end`, showing each outcome, up to the first error, which it
/// shows with `front`'s note.
pub fn statements(
    session: &mut Session,
    origin: &str,
    text: &Rc<str>,
    end: usize,
    printer: &mut Printer<'_>,
    front: &mut dyn Front,
) -> Result<(), Stop> {
    // A long script's later statements are read on the other cores while
    // the session runs the earlier ones.
    syntax::reading_ahead(text, 0, end, |ahead| {
        let interrupted = |at: usize| Stop::Interrupted { line: line_of(text, at) };
        let mut at = 0;
        while at < end {
            if interrupt::requested() {
                return Err(interrupted(at));
            }
            match session.run_ahead(ahead, text, at, end) {
                Ok((mut outcome, next)) => {
                    let shown = match front.outcome(text, &mut outcome, printer) {
                        Ok(true) => printer.outcome(origin, text, &outcome),
                        other => other.map(drop),
                    };
                    match shown {
                        // Ctrl-C while it was shown (or checked): it stops there.
                        Err(error) if interrupt::is(&error) => return Err(interrupted(at)),
                        shown => shown?,
                    }
                    at = next;
                }
                Err(error) if error.kind == ErrorKind::Interrupted => return Err(interrupted(at)),
                Err(error) => return failed(origin, text, printer, front, &error),
            }
        }
        Ok(())
    })
}

/// Shows `error` (and `front`'s note on it); the loop stops there.
fn failed(
    origin: &str,
    text: &str,
    printer: &mut Printer<'_>,
    front: &dyn Front,
    error: &Error,
) -> Result<(), Stop> {
    printer.out.flush()?;
    let shown = diagnostic::error(origin, text, error, printer.look.color);
    printer.err.write_all(shown.as_bytes())?;
    if let Some(note) = front.note(text, error) {
        writeln!(printer.err, "{note}")?;
    }
    Err(Stop::Failed)
}

/// The 1-based line of byte `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

impl Printer<'_> {
    /// Shows one outcome as a script does: evaluations in the chosen format,
    /// definitions and passing asserts silently, warnings on the error stream.
    pub fn outcome(&mut self, origin: &str, text: &Rc<str>, outcome: &Outcome) -> io::Result<()> {
        match outcome {
            Outcome::Evaluated(evaluation) => {
                self.evaluation(evaluation)?;
                if let Some(id) = evaluation.first_non_finite() {
                    let graph = &evaluation.graph;
                    let what = match graph.matrix(id).filter(|m| m.dim() != (1, 1)) {
                        // A matrix: its first element that is not finite, and where.
                        Some(m) => match m.indexed_iter().find(|(_, x)| !x.is_finite()) {
                            Some(((row, col), &x)) => {
                                format!("holds {} (row {}, column {})", self.look.number(x), row + 1, col + 1)
                            }
                            None => "holds a value that is not finite".to_owned(),
                        },
                        None => format!("is {}", self.look.number(graph.nodes[id as usize].value)),
                    };
                    let message = format!(
                        "node #{id} `{}` {what}, the first value that is not finite",
                        graph.label(id)
                    );
                    // Point at the node itself when it was written in this text.
                    let span = match graph.written_at(id) {
                        Some((source, span)) if Rc::ptr_eq(source, text) => span,
                        _ => evaluation.span,
                    };
                    self.warn(origin, text, span, &message)?;
                }
            }
            Outcome::Defined { name, value, non_finite: Some(span), .. } => {
                let name = &text[name.range()];
                let message = format!(
                    "`{}` is not finite, so `{name}` is {}",
                    &text[span.range()],
                    self.look.value(value)
                );
                self.warn(origin, text, *span, &message)?;
            }
            Outcome::Asserted { .. } => self.asserted += 1,
            Outcome::Trained(trained) => self.trained(trained)?,
            Outcome::Defined { .. } | Outcome::Nothing => {}
        }
        Ok(())
    }

    /// A training in the chosen format: its losses as JSON, its curve as a
    /// plot in SVG, a summary and its curve in blocks as text.
    pub fn trained(&mut self, trained: &Trained) -> io::Result<()> {
        match self.format {
            Format::Json => training::write_json(self.out, trained),
            Format::Text | Format::Tree => {
                if self.shown > 0 {
                    writeln!(self.out)?;
                }
                self.shown += 1;
                training::write_text(self.out, trained, &self.look)
            }
            Format::Svg => {
                let (body, width, height) = curve::draw(trained, &self.look);
                let figure = svg::Figure::new(body, width, height);
                self.shown += 1;
                match self.pages.as_deref_mut() {
                    Some(pages) => svg::write_document(pages.next_page()?, &[figure]),
                    None => {
                        self.figures.push(figure);
                        Ok(())
                    }
                }
            }
            // A graph format has no drawing of a curve: the inputs are trained all the same.
            Format::Dot | Format::Mermaid => Ok(()),
        }
    }

    /// One evaluation in the chosen format.
    pub fn evaluation(&mut self, evaluation: &Evaluation) -> io::Result<()> {
        if let (Some(write), Some(pages)) = (figure_writer(self.format), self.pages.as_deref_mut()) {
            write(pages.next_page()?, evaluation, &self.look)?;
            return self.beside(evaluation);
        }
        match self.format {
            Format::Text => {
                if self.shown > 0 {
                    writeln!(self.out)?;
                }
                text::write_fitted(self.out, evaluation, &self.look, self.nodes, self.width)?;
            }
            Format::Json => json::write_nodes(self.out, evaluation, self.nodes)?,
            Format::Tree => {
                if self.shown > 0 {
                    writeln!(self.out)?;
                }
                tree::write(self.out, evaluation, &self.look)?;
            }
            Format::Dot => dot::write(self.out, evaluation, &self.look)?,
            Format::Mermaid => {
                if self.shown > 0 {
                    writeln!(self.out)?;
                }
                mermaid::write(self.out, evaluation, &self.look)?;
            }
            Format::Svg => self.figures.push(svg::draw(evaluation, &self.look)?),
        }
        self.beside(evaluation)
    }

    /// Counts an evaluation shown, and writes the views that come with it.
    fn beside(&mut self, evaluation: &Evaluation) -> io::Result<()> {
        self.shown += 1;
        if self.trace {
            let look = self.look;
            writeln!(self.aside())?;
            trace::write(self.aside(), evaluation, &look)?;
        }
        if self.check {
            let look = self.look;
            writeln!(self.aside())?;
            self.flagged += check::write(self.aside(), evaluation, &look)?;
        }
        Ok(())
    }

    /// Writes what waits for the end of a run (the SVG document of its
    /// figures). Front ends call it after the last statement, or after each
    /// REPL line.
    pub fn finish(&mut self) -> io::Result<()> {
        if !self.figures.is_empty() {
            svg::write_document(self.out, &self.figures)?;
            self.figures.clear();
        }
        Ok(())
    }

    /// Where the views that come with an evaluation (trace, check) go: after
    /// it on stdout for the formats people read, on stderr for those that
    /// programs read, so that their output stays valid.
    fn aside(&mut self) -> &mut dyn Write {
        match self.format {
            Format::Text | Format::Tree => &mut *self.out,
            Format::Json | Format::Dot | Format::Mermaid | Format::Svg => &mut *self.err,
        }
    }

    fn warn(&mut self, origin: &str, text: &str, span: Span, message: &str) -> io::Result<()> {
        self.out.flush()?;
        let place = Place { origin, text, span };
        let shown = diagnostic::render(Severity::Warning, &place, message, None, self.look.color);
        self.err.write_all(shown.as_bytes())
    }
}
