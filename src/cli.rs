//! The command line: what to run, and how to show it.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;

use clap::{Parser, ValueEnum};

use crate::interrupt;
use crate::render::diagnostic;
use crate::render::{Digits, Format, Look, Nodes};
use crate::repl::{self, Repl};
use crate::script::{self, Printer, Stop};
use crate::session::Session;
use crate::source::{self, Source};
use crate::streams;

/// Type an expression, watch backpropagation.
///
/// cgraph turns arithmetic into a computational graph of layers, runs it
/// forward, backpropagates from the result, and shows every node's value and
/// gradient.
#[derive(Parser, Debug)]
#[command(name = "cgraph", version, about, after_help = EXAMPLES)]
pub struct Args {
    /// Scripts to run in order, sharing one set of variables.
    pub files: Vec<PathBuf>,

    /// Statements to run after the files (repeatable).
    #[arg(short = 'e', long = "eval", value_name = "STATEMENTS")]
    pub eval: Vec<String>,

    /// Open the REPL after running the files and statements, with their
    /// variables (the default when nothing is given to run and stdin is a terminal).
    #[arg(short = 'i', long)]
    pub interactive: bool,

    /// How to show evaluations.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Which nodes the text table and JSON list: all, the named ones (inputs
    /// and formulas), or the inputs. Ids stay positions in the whole graph.
    #[arg(long, value_enum, default_value_t = Nodes::All)]
    pub nodes: Nodes,

    /// When to colour the output (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Significant digits shown.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=17))]
    pub precision: u16,

    /// Show every digit of every number (shortest round-trip form).
    #[arg(long)]
    pub exact: bool,

    /// Also show each evaluation's forward and backward pass, layer by layer,
    /// with every backward rule written out with numbers.
    #[arg(long)]
    pub trace: bool,

    /// Also check each evaluation's gradients against central differences;
    /// exit with status 1 when one is flagged.
    #[arg(long)]
    pub check: bool,
}

const EXAMPLES: &str = "\
Examples:
  cgraph                          (a REPL; type :help there)
  cgraph -i samples/apple_orange.cg
  cgraph samples/apple_orange.cg
  cgraph -e 'x = 3; y = 2' -e 'x*y + sigmoid(x)'
  echo 'sqrt(2)^2' | cgraph --format json";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Runs cgraph with the process's arguments and streams; returns the exit code.
pub fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            // `--help > /dev/full` fails to say anything: that is an error too.
            return ExitCode::from(match error.print() {
                Err(e) if code == 0 => output_failed(&e),
                _ => code,
            });
        }
    };
    if let Err(message) = interrupt::install() {
        let _ = writeln!(io::stderr(), "cgraph: warning: {message}");
    }
    ExitCode::from(run(&args))
}

/// Whether `--color auto` colours: on a terminal that can show colour
/// (`TERM=dumb` cannot), unless `NO_COLOR` is set.
fn auto_color(stdout: &io::Stdout) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    stdout.is_terminal() && !set("NO_COLOR") && std::env::var_os("TERM").is_none_or(|term| term != "dumb")
}

/// Runs the files, then the `-e` statements, then stdin if there was nothing
/// else and it is not a terminal; then the REPL, with `-i` or when stdin is a
/// terminal and there was nothing else. Returns 0, 1 (a script failed, or
/// output could not be written), 2 (usage) or 130 (Ctrl-C).
pub fn run(args: &Args) -> u8 {
    let stdout = io::stdout();
    if streams::stdout_closed() {
        let _ = writeln!(io::stderr(), "cgraph: cannot write output: standard output is closed");
        return 1;
    }
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => auto_color(&stdout),
    };
    colored::control::set_override(color);
    let look = Look {
        digits: if args.exact { Digits::Exact } else { Digits::Significant(args.precision.into()) },
        color,
    };
    let format = args.format;
    let mut out = BufWriter::with_capacity(1 << 16, interrupt::Writer(stdout.lock()));
    let mut err = io::stderr().lock();
    let mut printer = Printer::new(&mut out, &mut err, look, format);
    printer.trace = args.trace;
    printer.check = args.check;
    printer.nodes = args.nodes;
    // Never dropped (the REPL takes it out): the process ends right after,
    // and freeing a million definitions one allocation at a time took a
    // tenth of a big script's run.
    let mut session = ManuallyDrop::new(Session::new());

    let mut sources: Vec<Result<Source, String>> = args.files.iter().map(|f| source::read_file(f)).collect();
    for (i, statements) in args.eval.iter().enumerate() {
        let origin = if args.eval.len() > 1 { format!("<-e #{}>", i + 1) } else { "<-e>".to_owned() };
        sources.push(Ok(Source::new(origin, statements.as_str())));
    }
    let interactive = args.interactive || (sources.is_empty() && io::stdin().is_terminal());
    if sources.is_empty() && !interactive {
        sources.push(source::read_stdin());
    }

    // The scripts that ran to the end: the REPL's views start from their last evaluation.
    let mut ran: Vec<Rc<str>> = Vec::new();
    for source in sources {
        let source = match source {
            Ok(source) => source,
            Err(message) => {
                let _ = printer.out.flush();
                let _ = writeln!(printer.err, "cgraph: {}", diagnostic::escape_invisible(&message));
                return 2;
            }
        };
        match script::run(&mut session, &source, &mut printer) {
            Ok(()) if interactive => ran.push(source.text),
            Ok(()) => {}
            // With -i the REPL opens after the error, as `python -i` does.
            Err(Stop::Failed) if interactive => break,
            Err(Stop::Failed) => {
                // What was drawn before the error is shown, as a table would be.
                let shown = printer.finish().and_then(|()| printer.out.flush());
                return match shown {
                    Err(e) if e.kind() != io::ErrorKind::BrokenPipe => output_failed(&e),
                    _ => 1,
                };
            }
            Err(Stop::Interrupted { line }) => {
                let _ = writeln!(
                    printer.err,
                    "cgraph: interrupted at {}:{line}; the statements before it ran",
                    source.origin
                );
                if !interactive {
                    return interrupt::EXIT_STATUS;
                }
                // With -i the REPL opens with what ran, as after an error.
                interrupt::clear();
                break;
            }
            Err(Stop::Io(e)) => return output_failed(&e),
        }
    }
    let finished = printer.finish().and_then(|()| printer.out.flush());
    let flagged = printer.flagged;
    if flagged > 0 {
        let s = if flagged == 1 { "" } else { "s" };
        let _ = writeln!(printer.err, "cgraph: the gradient check flagged {flagged} gradient{s}");
    }
    match finished {
        // Ctrl-C while the last figure was written: with -i, the REPL still opens.
        Err(e) if interactive && interrupt::is(&e) => {
            interrupt::clear();
            drop((out, err));
            open_repl(args, ManuallyDrop::into_inner(session), look, &ran)
        }
        Err(e) => output_failed(&e),
        Ok(()) if interactive => {
            // Release the locked streams: the REPL writes as it reads.
            drop((out, err));
            open_repl(args, ManuallyDrop::into_inner(session), look, &ran)
        }
        Ok(()) if flagged > 0 => 1,
        Ok(()) => 0,
    }
}

/// Runs the REPL over `session`, its views starting from the last
/// evaluation of the scripts that `ran`.
fn open_repl(args: &Args, session: Session, look: Look, ran: &[Rc<str>]) -> u8 {
    let mut repl = Repl::new(session, look, args.format).with_views(args.trace, args.check);
    ran.iter().for_each(|text| repl.remember_last_evaluation(text));
    repl::run(repl)
}

/// The exit status when output could not be written, after saying why on
/// stderr: a closed pipe is the reader's choice (`cgraph big.cg | head`),
/// so a quiet success; Ctrl-C while printing is 130; anything else
/// (a full disk, a figure too big for memory) is 1.
pub(crate) fn output_failed(error: &io::Error) -> u8 {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return 0;
    }
    if interrupt::is(error) {
        let _ = writeln!(io::stderr(), "cgraph: interrupted");
        return interrupt::EXIT_STATUS;
    }
    if error.kind() == io::ErrorKind::OutOfMemory {
        let _ = writeln!(io::stderr(), "cgraph: {error}");
    } else {
        let _ = writeln!(io::stderr(), "cgraph: cannot write output: {error}");
    }
    1
}
