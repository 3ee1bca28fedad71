//! `:help [NAME]`: the overview, one command, one function, the syntax, the
//! layers with their backward rules, and the keys.

use std::io;

use super::command::{self, Command};
use super::layer_help::{self, OPERATORS};
use super::{Action, Io, Repl};
use crate::layers::FUNCTIONS;
use crate::render::style;
use crate::suggest;
use crate::syntax::Data;

/// Topics besides commands and functions.
pub const TOPICS: &[&str] = &["syntax", "functions", "keys", "grad", "assert", "train", "update"];

const SYNTAX: &str = "\
Statements, one per line or separated by `;` (`#` starts a comment):
  apple = 100                 an input: a leaf holding a number (no names on the right)
  price = apple * 2           a formula: a named node, recomputed when its inputs change
  (apple*2 + orange*3)*tax    evaluate: build the graph, run forward and backward,
                              show every node's value and gradient
  assert grad(price, apple) == 2      a check; `assert A == B +- T` within T
  w -= 0.1*grad(loss, w)      an update: the input w changed in place (also +=)
  train loss over w, b        gradient descent on inputs (`:help train`)
Operators, loosest first: `+ -`, then `* /`, then unary `-`, then `^` (right to left:
2^3^2 = 2^9, -x^2 = -(x^2)). Numbers: 12, 1.5, .5, 1e-3. Names: letters, digits, `_`.
Each input and formula is one shared node, however often it is used (x*x has one x,
whose gradient is 2x); each number is a `const` node of its own, with its gradient too.
A line with an open bracket continues on the next (the prompt shows `...>`).";

const KEYS: &str = "  Tab            complete a name, a function, a :command or a file after :load/:save
  Up, Down       earlier lines (the history is kept between runs)
  Ctrl-R         search the history
  Right, End     move to the end of the line (the grey `= value` is only a hint)
  Ctrl-C         drop the line; leave :step, :quiz; stop :load, :check, train (keeping what ran)
  Ctrl-D         leave (on an empty line); leave :step or :quiz, not cgraph";

const GRAD: &str = "\
grad(y, x): the gradient of y with respect to the input or formula x, at the current
values, as a number: `grad(price, apple)`. Useful in assertions and formulas.";

const ASSERT: &str = "\
assert A == B: passes when |A - B| <= 1e-9 × max(1, |A|, |B|); `assert A == B +- T` (or
`± T`) passes within T, which must be zero or more. A failing assertion is an error that
shows both values.";

const TRAIN: &str = "\
train LOSS over P1, P2, ... [lr RATE] [steps N]: gradient descent on the inputs P1, P2, ...
(defaults: lr 0.1, steps 100). The graph of LOSS is built once; each step runs forward
and backward and does P -= RATE × grad(LOSS, P) for every P at once. A progress bar shows
the step, the loss and the time left; Ctrl-C stops after the current step and keeps what
was learned. At the end: the loss before and after, and its curve. A loss that becomes
NaN or infinite stops the training at that step; the inputs keep their last finite values.";

const UPDATE: &str = "\
W -= expr, W += expr: evaluate expr now and change the input W in place by it, as one
step of gradient descent does by hand: `w -= 0.1*grad(loss, w)`. Only inputs change:
a formula follows its inputs.";

/// `:help [NAME]`
pub(super) fn command(repl: &mut Repl, rest: &str, io: &mut Io<'_>, table: &[Command]) -> io::Result<Action> {
    let color = repl.look().color;
    let topic = rest.trim_start_matches(':');
    let text = if topic.is_empty() {
        overview(color, table)
    } else if let Some(command) = command::find_in(table, topic) {
        let aliases = command.aliases.iter().map(|a| format!(":{a}")).collect::<Vec<_>>();
        let aka = if aliases.is_empty() { String::new() } else { format!(" (also {})", aliases.join(", ")) };
        format!(
            "{}{aka}\n  {}\n\n{}",
            style::strong(command.usage, color),
            command.summary,
            wrap(command.details, 80)
        )
    } else if let Some(layer) = layer_help::help(topic, color) {
        layer
    } else {
        match topic {
            "syntax" => SYNTAX.to_owned(),
            "functions" | "layers" | "operators" => layer_table(color),
            "keys" => KEYS.to_owned(),
            "grad" => GRAD.to_owned(),
            "assert" => ASSERT.to_owned(),
            "train" | "over" | "lr" | "steps" => TRAIN.to_owned(),
            "update" | "-=" | "+=" => UPDATE.to_owned(),
            _ => {
                let known = topics(table);
                let message = match suggest::closest(topic, known.iter().copied()) {
                    Some(close) => format!("no help on `{topic}`; did you mean `{close}`?"),
                    None => format!("no help on `{topic}`; `:help` lists what there is"),
                };
                repl.complain(io, &message)?;
                return Ok(Action::Continue);
            }
        }
    };
    writeln!(io.out, "{text}")?;
    Ok(Action::Continue)
}

/// Everything `:help NAME` knows, for completion and suggestions.
pub fn topics(table: &[Command]) -> Vec<&str> {
    let mut all: Vec<&str> = table.iter().map(|c| c.name).collect();
    all.extend(FUNCTIONS.iter().map(|f| f.name));
    all.extend(TOPICS);
    all.extend(layer_help::topics().filter(|name| name.chars().all(char::is_alphabetic)));
    all
}

/// The overview: what to type, the commands, the functions.
fn overview(color: bool, table: &[Command]) -> String {
    let mut text = format!(
        "{} {}: type an expression, watch backpropagation.\n\n",
        style::strong("cgraph", color),
        env!("CARGO_PKG_VERSION")
    );
    text.push_str(SYNTAX.split_once("Operators").map_or(SYNTAX, |(head, _)| head));
    text.push_str(&format!("\n{}\n", style::strong("Commands", color)));
    let width = table.iter().map(|c| c.usage.len()).max().unwrap_or(0);
    for command in table {
        text.push_str(&format!("  {:width$}  {}\n", command.usage, command.summary));
    }
    let names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
    text.push_str(&format!("\n{} {}, grad(y, x)\n", style::strong("Functions", color), names.join(", ")));
    let data: Vec<&str> = Data::ALL.iter().map(|d| d.call()).collect();
    text.push_str(&format!("{} {}\n", style::strong("Data", color), data.join(", ")));
    text.push_str(
        "\nMore: `:help syntax`, `:help functions` (every layer's backward rule), `:help keys`,\n\
         `:help NAME` for a command, a function, a layer (`:help mul`) or an operator (`:help ^`).\n\
         Tab completes; Ctrl-D leaves.",
    );
    text
}

/// Every layer a user can write, with its backward rule.
fn layer_table(color: bool) -> String {
    let mut rows: Vec<(String, &str, String)> = OPERATORS
        .iter()
        .map(|&(layer, form)| (form.to_owned(), layer.name(), layer_help::rules_in_a_line(layer, false)))
        .collect();
    for function in FUNCTIONS {
        let layers = std::iter::once(function.layer).chain(function.layer.with_axis());
        for layer in layers {
            let args = layer_help::operands(layer, true).join(", ");
            let rule = layer_help::rules_in_a_line(layer, true);
            rows.push((format!("{}({args})", function.name), layer.name(), rule));
        }
    }
    // The data functions give values, not layers: what each gives.
    for data in Data::ALL {
        rows.push((data.call().to_owned(), "data", data.about().to_owned()));
    }
    let form_w = rows.iter().map(|(f, _, _)| f.chars().count()).max().unwrap_or(0);
    let layer_w = rows.iter().map(|(_, l, _)| l.len()).max().unwrap_or(0);
    let mut text = style::dim(
        &format!(
            "{:form_w$}  {:layer_w$}  backward (dout arrives from above), or what data gives",
            "form", "layer"
        ),
        color,
    );
    for (form, layer, rule) in rows {
        let pad = form_w - form.chars().count();
        text.push_str(&format!("\n{form}{:pad$}  {layer:layer_w$}  {rule}", ""));
    }
    text
}

/// `text` folded into lines of at most `width` columns.
fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().map_or(0, |l| l.chars().count());
        if line > 0 && line + 1 + word.chars().count() > width {
            lines.push(String::new());
        }
        if let Some(last) = lines.last_mut() {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines.join("\n")
}
