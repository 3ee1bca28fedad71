//! The `:commands`, in one table: adding a command is adding a row here (its
//! help, what Tab completes after it, and the function that runs it).

use std::io;

use super::command::{Command, Operand};
use super::{Action, Io, Repl, files, help, names, settings, show, views};
use crate::suggest;

/// Every command, in the order `:help` lists them.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "help",
        aliases: &["h", "?"],
        usage: ":help [NAME]",
        summary: "this overview, or help on a command, function, `syntax` or `functions`",
        details: "NAME may be a command (`:help save`), a function (`:help sigmoid`, with its \
                  backward rule), a layer as tables name it (`:help mul`, `:help pow`, `:help \
                  input`) or an operator (`:help *`, `:help ^`), `syntax` for the language, \
                  `functions` for every function and operator layer with its backward rule, or \
                  `keys` for the line editor.",
        operand: Operand::Topic,
        run: help,
    },
    Command {
        name: "vars",
        aliases: &[],
        usage: ":vars",
        summary: "inputs with their values, formulas with their definitions and values",
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
                  running the statements before it; Ctrl-C stops it too, keeping the statements \
                  that ran and saying at which line it stopped.",
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
                  An existing FILE is replaced only once the whole script is written (a full disk \
                  leaves it as it was).",
        operand: Operand::File,
        run: files::save,
    },
    Command {
        name: "format",
        aliases: &[],
        usage: ":format [NAME]",
        summary: "how evaluations are shown, as --format (without NAME: the current one)",
        details: "text is a table of every node with its layer, value and gradient; json is \
                  one JSON object per evaluation; tree draws the graph as a tree. dot, mermaid \
                  and svg are figures, for files: at the prompt an evaluation then says which \
                  command writes its figure (`:svg > FILE`, `:dot > FILE`, `:mermaid > FILE`).",
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
        name: "seed",
        aliases: &[],
        usage: ":seed [N]",
        summary: "restart the generator of `randn` from seed N, as --seed",
        details: "The same seed gives the same numbers on every machine: `:seed 0` then \
                  `W = randn(2, 3)` always makes the same W. Each `randn` moves the generator \
                  on. Without N, shows the seed the generator last started from (0 at first).",
        operand: Operand::Nothing,
        run: settings::seed,
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
        name: "graph",
        aliases: &["tree"],
        usage: ":graph [EXPR] [> FILE]",
        summary: "the tree of EXPR (or the last expression): each node's value and gradient",
        details: "Draws the graph with box-drawing lines from the output down to the leaves, each \
                  node with its layer, forward value and gradient: `:graph (apple*2 + orange*3)*tax`. \
                  A node used twice is drawn once and referred to by its id after that. Without \
                  EXPR: the last expression evaluated (typed, given to a view, or in a file of `-i` \
                  or `:load`), evaluated again at the current values, so after `apple = 200` it shows the new numbers. \
                  `> FILE` writes it into FILE instead.",
        operand: Operand::ExprFile,
        run: views::graph,
    },
    Command {
        name: "trace",
        aliases: &[],
        usage: ":trace [EXPR] [> FILE]",
        summary: "forward then backward, layer by layer, each rule written out with numbers",
        details: "Forward: one line per layer, in forward order, with the numbers that went in and \
                  came out (`#2 mul apple*2: 100 × 2 = 200`). Backward: the layers in reverse \
                  order, each with the gradient it received and its rule with numbers \
                  (`→ d(apple) = dout × 2 = 1.1 × 2 = 2.2`); a node reached by several paths shows \
                  the sum it receives. `:step` shows the same one step per Enter. Example: `:trace \
                  apple*2*tax`. Without EXPR: the last expression, at the current values. `cgraph \
                  -i --trace` traces every evaluation.",
        operand: Operand::ExprFile,
        run: views::trace,
    },
    Command {
        name: "step",
        aliases: &[],
        usage: ":step [EXPR]",
        summary: "the trace one step at a time: Enter for the next, q to stop",
        details: "Shows the first step of the trace (see `:help trace`), then one more at each \
                  Enter: the forward pass layer by layer, then the backward pass. The prompt is \
                  `step>` meanwhile; `q`, Ctrl-C or Ctrl-D stops and goes back to `cgraph>`. \
                  Example: `:step apple*2*tax`. Without EXPR: the last expression.",
        operand: Operand::Expr,
        run: views::step,
    },
    Command {
        name: "dot",
        aliases: &[],
        usage: ":dot [EXPR] [> FILE]",
        summary: "the figure as a Graphviz digraph, on screen or into FILE",
        details: "In the book's style: left to right, layers as circles (×, +, a function's name), \
                  leaves as names or numbers, each arrow with its forward value above and its \
                  gradient below in red. `:dot (apple*2 + orange*3)*tax > shop.dot`, then `dot \
                  -Tpng shop.dot -o shop.png` draws it. Without EXPR: the last expression (`:dot > \
                  shop.dot`). An existing FILE is replaced.",
        operand: Operand::ExprFile,
        run: views::dot,
    },
    Command {
        name: "mermaid",
        aliases: &[],
        usage: ":mermaid [EXPR] [> FILE]",
        summary: "the figure as a Mermaid flowchart, on screen or into FILE",
        details: "The figure of `:dot` as a Mermaid flowchart, for a Markdown page (a ```mermaid \
                  block): `:mermaid (apple*2 + orange*3)*tax > shop.mmd`. Without EXPR: the last \
                  expression. An existing FILE is replaced.",
        operand: Operand::ExprFile,
        run: views::mermaid,
    },
    Command {
        name: "svg",
        aliases: &[],
        usage: ":svg [EXPR] > FILE",
        summary: "the figure as an SVG picture into FILE (no Graphviz needed)",
        details: "The figure of `:dot`, drawn by cgraph itself: `:svg (apple*2 + orange*3)*tax > \
                  shop.svg`, or `:svg > shop.svg` for the last expression; open FILE in a browser. \
                  A picture is not for the terminal, so FILE is needed (`:graph` draws the tree \
                  on screen). An existing FILE is replaced.",
        operand: Operand::ExprFile,
        run: views::svg,
    },
    Command {
        name: "check",
        aliases: &[],
        usage: ":check [EXPR] [> FILE]",
        summary: "the gradient check: each gradient beside its central difference",
        details: "For every input and number: the gradient found by backpropagation, the central \
                  difference (f(x+h) - f(x-h)) / 2h with h = 1e-4 as in the book, and the \
                  relative error; an error above 1e-6, or a kink such as relu at 0, is flagged. \
                  Example: `:check (apple*2 + orange*3)*tax`. Without EXPR: the last expression. \
                  `cgraph -i --check` checks every evaluation.",
        operand: Operand::ExprFile,
        run: views::check,
    },
    Command {
        name: "quiz",
        aliases: &[],
        usage: ":quiz [EXPR]",
        summary: "asks for each gradient in backward order, with hints and a score",
        details: "Shows the forward pass, then asks for d(out)/d(node) of every node, from the \
                  output back to the leaves. Answer with a number or arithmetic on numbers \
                  (`1.1*2`); within 0.1% is right. A wrong answer gets the layer's backward rule \
                  with its numbers as a hint and another try; an empty answer shows the gradient. \
                  The prompt is `quiz>` meanwhile; `q`, Ctrl-C or Ctrl-D leaves the quiz (not \
                  cgraph) with the score so far. Example: `:quiz apple*2*tax`. Without EXPR: the \
                  last expression.",
        operand: Operand::Expr,
        run: views::quiz,
    },
    Command {
        name: "show",
        aliases: &[],
        usage: ":show NAME",
        summary: "one value in full (a matrix as an aligned grid), and its last gradient",
        details: "Tables, trees and traces write a matrix in one line, its corners only when it \
                  has more than 12 elements; `:show W` prints every element of W in aligned \
                  columns. When the last expression evaluated uses W, its gradient follows in \
                  full too, d(expression)/d(W), at the current values (of the sum of the \
                  expression's elements when it is a matrix).",
        operand: Operand::Names,
        run: show::show,
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
    super::command::find_in(COMMANDS, name)
}

/// `:help [NAME]`, over this table.
fn help(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    help::command(repl, rest, io, COMMANDS)
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
    if !repl.takes_nothing(":quit", rest, io)? {
        return Ok(Action::Continue);
    }
    Ok(Action::Quit)
}
