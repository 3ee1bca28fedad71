//! The command line: what to run, and how to show it.

mod output;

use std::ffi::OsString;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

use clap::{CommandFactory, Parser, ValueEnum};
use clap_complete::Shell;

use output::{FigureFiles, Staged};

use crate::interrupt;
use crate::progress;
use crate::render::diagnostic;
use crate::render::{Digits, Format, Look, Nodes};
use crate::repl::{self, Repl};
use crate::script::{self, Pages, Printer, Stop};
use crate::session::Session;
use crate::source::{self, Source};
use crate::streams;
use crate::terminal;

/// Type an expression, watch backpropagation.
///
/// cgraph turns arithmetic into a computational graph of layers, runs it
/// forward, backpropagates from the result, and shows every node's value and
/// gradient.
#[derive(Parser, Debug)]
#[command(name = "cgraph", version, about, after_help = EXAMPLES)]
pub struct Args {
    /// Scripts to run in order, sharing one set of variables (`-` reads stdin).
    pub files: Vec<PathBuf>,

    /// Statements to run after the files (repeatable), taken as they are even
    /// when they start with `-` (`-e '-x^2'`).
    #[arg(short = 'e', long = "eval", value_name = "STATEMENTS", allow_hyphen_values = true)]
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

    /// Seed the generator of `randn` (the same seed gives the same numbers
    /// on every machine).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,

    /// Write the output to FILE instead of stdout, replacing it only once
    /// complete. With dot, mermaid or svg, one file per evaluation: FILE, or
    /// FILE-1, FILE-2, ... (before the extension) when there are several.
    #[arg(short = 'o', long = "output", value_name = "FILE", conflicts_with = "interactive")]
    pub output: Option<PathBuf>,

    /// Print a completion script for SHELL and exit (`cgraph --completions
    /// bash > ~/.local/share/bash-completion/completions/cgraph`).
    #[arg(long, value_name = "SHELL", exclusive = true)]
    pub completions: Option<Shell>,

    /// Print the man page (roff) and exit (`cgraph --man | man -l -`).
    #[arg(long, exclusive = true)]
    pub man: bool,
}

const EXAMPLES: &str = "\
Examples:
  cgraph                          (a REPL; type :help there)
  cgraph -i samples/apple_orange.cg
  cgraph samples/apple_orange.cg
  cgraph -e 'x = 3; y = 2' -e 'x*y + sigmoid(x)'
  cgraph -e 'x = 3' -e '-x^2'      (an -e value may start with -)
  echo 'sqrt(2)^2' | cgraph --format json
  cgraph --format svg -o shop.svg samples/apple_orange.cg";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Runs cgraph with the process's arguments and streams; returns the exit code.
pub fn main() -> ExitCode {
    let args = match Args::try_parse_from(separated_eval(std::env::args_os())) {
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

/// The arguments with `-e -- VALUE` read as `-e VALUE`: `--` is how many
/// tools take a value that starts with `-`, and it is no statement, so it
/// can only mean that here.
fn separated_eval(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut kept: Vec<OsString> = Vec::new();
    for arg in args {
        let after_eval = kept.last().is_some_and(|last| last == "-e" || last == "--eval");
        // After a `--` of its own, `-e` is a file's name, not the option.
        let e_is_a_file = kept.len() >= 2 && kept[kept.len() - 2] == "--";
        if arg == "--" && after_eval && !e_is_a_file {
            continue;
        }
        kept.push(arg);
    }
    kept
}

/// `--completions SHELL` and `--man`: made from the same definition as the
/// parser, so they never disagree with it.
fn describe(args: &Args, out: &mut dyn Write) -> Option<io::Result<()>> {
    let mut command = Args::command();
    if let Some(shell) = args.completions {
        // Into memory first: the generator panics when a write fails.
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut command, "cgraph", &mut script);
        return Some(out.write_all(&script));
    }
    args.man.then(|| clap_mangen::Man::new(command).render(out))
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
    if let Some(described) = describe(args, &mut stdout.lock()) {
        return match described {
            Err(e) => output_failed(&e),
            Ok(()) => 0,
        };
    }
    if streams::stdout_closed() {
        let _ = writeln!(io::stderr(), "cgraph: cannot write output: standard output is closed");
        return 1;
    }
    let on_terminal = stdout.is_terminal() && args.output.is_none();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => args.output.is_none() && auto_color(&stdout),
    };
    let look = Look {
        digits: if args.exact { Digits::Exact } else { Digits::Significant(args.precision.into()) },
        color,
    };
    let format = args.format;

    if args.interactive && args.files.iter().any(|f| f.as_os_str() == "-") {
        eprintln!("cgraph: `-` reads the script from stdin, so the REPL cannot read from it too");
        return 2;
    }
    let mut sources = sources(args);
    let interactive = args.interactive || (sources.is_empty() && io::stdin().is_terminal());
    if sources.is_empty() && !interactive {
        sources.push(source::read_stdin());
    }
    if let (true, Some(path)) = (interactive, &args.output) {
        eprintln!(
            "cgraph: `-o {}` writes what files and -e print; give something to run (the REPL writes to the terminal)",
            path.display()
        );
        return 2;
    }

    let mut err = io::stderr().lock();
    // With -o: the file being written, or the figures (one file each).
    let (mut staged, mut figures) = (None, None);
    if let Some(path) = &args.output {
        // Starting the file says now, before anything runs, if it cannot be written.
        match Staged::new(path) {
            Ok(_) if format.is_figure() => figures = Some(FigureFiles::new(path)),
            Ok(file) => staged = Some(file),
            Err(e) => {
                let _ =
                    writeln!(err, "cgraph: cannot write {}: {}", path.display(), source::write_reason(&e));
                return 1;
            }
        }
    }
    let mut to_stdout = BufWriter::with_capacity(1 << 16, interrupt::Writer(stdout.lock()));
    let out: &mut dyn Write = match staged.as_mut() {
        Some(file) => file,
        None => &mut to_stdout,
    };
    let mut printer = Printer::new(out, &mut err, look, format);
    printer.trace = args.trace;
    printer.check = args.check;
    printer.nodes = args.nodes;
    printer.pages = figures.as_mut().map(|f| f as &mut dyn Pages);
    printer.width = if on_terminal { terminal::width() } else { None };
    // Never dropped (the REPL takes it out): the process ends right after,
    // and freeing a million definitions one allocation at a time took a
    // tenth of a big script's run.
    let mut session = ManuallyDrop::new(Session::new());
    session.seed(args.seed);
    progress::watch(&mut session, interrupt::take);

    // The scripts that ran to the end: the REPL's views start from their last evaluation.
    let mut ran: Vec<Rc<str>> = Vec::new();
    let mut failed = false;
    for source in sources {
        let source = match source {
            Ok(source) => source,
            Err(message) => {
                let _ = printer.out.flush();
                let _ = writeln!(printer.err, "cgraph: {}", diagnostic::escape_invisible(&message));
                return 2;
            }
        };
        match script::run(&mut session, &source, &mut printer, &mut crate::repl::Piped) {
            Ok(()) if interactive => ran.push(source.text),
            Ok(()) => {}
            // What was shown before the error stays shown (with -i the REPL
            // opens after it, as `python -i` does).
            Err(Stop::Failed) => {
                failed = true;
                break;
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
    let mut finished = printer.finish();
    if finished.is_ok() && !failed && format == Format::Text && printer.asserted > 0 {
        let (n, s) = (printer.asserted, if printer.asserted == 1 { "" } else { "s" });
        finished = writeln!(printer.out, "{n} assertion{s} passed");
    }
    let finished = finished.and_then(|()| printer.out.flush());
    let (flagged, shown) = (printer.flagged, printer.shown);
    drop(printer);
    if flagged > 0 {
        let s = if flagged == 1 { "" } else { "s" };
        let _ = writeln!(err, "cgraph: the gradient check flagged {flagged} gradient{s}");
    }
    match &finished {
        // Ctrl-C while the last figure was written: with -i, the REPL still opens.
        Err(e) if interactive && interrupt::is(e) => interrupt::clear(),
        Err(e) => return output_failed(e),
        Ok(()) => {}
    }
    if interactive {
        // Release the locked streams: the REPL writes as it reads.
        drop((to_stdout, err));
        return open_repl(args, ManuallyDrop::into_inner(session), look, &ran);
    }
    if format.is_figure() && shown == 0 {
        // An empty file is no figure; the error already said why when there was one.
        if !failed {
            let _ = writeln!(err, "cgraph: nothing was drawn: no expression was evaluated");
        }
        return 1;
    }
    if let Err(message) = put_in_place(staged, figures) {
        let _ = writeln!(err, "cgraph: {message}");
        return 1;
    }
    if failed || flagged > 0 { 1 } else { 0 }
}

/// The texts to run, in order: the files (`-` is stdin), then the `-e` statements.
fn sources(args: &Args) -> Vec<Result<Source, String>> {
    let mut sources: Vec<Result<Source, String>> = args
        .files
        .iter()
        .map(|file| if file.as_os_str() == "-" { source::read_stdin() } else { source::read_file(file) })
        .collect();
    for (i, statements) in args.eval.iter().enumerate() {
        let origin = if args.eval.len() > 1 { format!("<-e #{}>", i + 1) } else { "<-e>".to_owned() };
        sources.push(Ok(Source::new(origin, statements.as_str())));
    }
    sources
}

/// Renames what `-o` wrote into place, now that it is complete; says where
/// several figures went.
fn put_in_place(staged: Option<Staged>, figures: Option<FigureFiles>) -> Result<(), String> {
    let cannot =
        |path: &Path, e: io::Error| format!("cannot write {}: {}", path.display(), source::write_reason(&e));
    if let Some(file) = staged {
        let target = file.target().to_owned();
        file.commit().map_err(|e| cannot(&target, e))?;
    }
    if let Some(figures) = figures {
        let target = figures.target().to_owned();
        let written = figures.commit().map_err(|e| cannot(&target, e))?;
        if let [first, .., last] = written.as_slice() {
            eprintln!("cgraph: wrote {} figures, {} to {}", written.len(), first.display(), last.display());
        }
    }
    Ok(())
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
