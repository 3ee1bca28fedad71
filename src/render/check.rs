//! The gradient check as a table: per input and literal, the backpropagated
//! gradient, the central difference and the error, flagged above the
//! tolerance; then a one-line verdict.

use std::io::{self, Write};

use super::cells;
use super::number::{self, Digits};
use super::{Look, style};
use crate::check::{self, Check};
use crate::report::Evaluation;

/// The heading shows at most this many characters of the expression.
const TITLE_WIDTH: usize = 72;

/// Checks `evaluation` and writes the table; returns how many rows were flagged.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation, look: &Look) -> io::Result<usize> {
    let check = Check::new(evaluation)?;
    write_check(out, evaluation, &check, look)?;
    Ok(check.flagged())
}

/// Writes a check already made.
pub fn write_check(
    out: &mut dyn Write,
    evaluation: &Evaluation,
    check: &Check,
    look: &Look,
) -> io::Result<()> {
    writeln!(
        out,
        "gradient check of {} (central difference, h = {})",
        crate::graph::shorten_to(evaluation.text.trim(), TITLE_WIDTH),
        short(check::H)
    )?;
    if check.inputs.is_empty() {
        write_rows(out, evaluation, check, look)
    } else {
        write_inputs(out, evaluation, check, look)
    }
}

/// A number as the check shows a step or an error: two significant digits.
fn short(x: f64) -> String {
    number::format(x, Digits::Significant(2))
}

/// A row per leaf of a graph of numbers: both gradients and the error.
fn write_rows(out: &mut dyn Write, evaluation: &Evaluation, check: &Check, look: &Look) -> io::Result<()> {
    let graph = &evaluation.graph;
    let rows: Vec<[String; 5]> = check
        .rows
        .iter()
        .map(|row| {
            [
                format!("#{}", row.id),
                graph.label(row.id).into_owned(),
                look.number(row.backprop),
                look.number(row.numeric),
                short(row.error),
            ]
        })
        .collect();
    let table = Table::new(["#", "node", "backprop", "numeric", "error"], &rows, 2);
    table.heading(out, look)?;
    for (row, cells) in check.rows.iter().zip(&rows) {
        let verdict = match (row.flagged(), row.kink, row.non_finite()) {
            (false, _, _) => "ok".to_owned(),
            (true, true, _) => style::error("flagged: a kink", look.color),
            (true, false, true) => style::error("flagged: not a finite number", look.color),
            (true, false, false) => style::error("flagged", look.color),
        };
        writeln!(out, "{}  {verdict}", table.line(cells, Some(2), look))?;
    }
    let flagged = check.flagged();
    let total = check.rows.len();
    let tolerance = short(check::TOLERANCE);
    if flagged == 0 && total == 1 {
        writeln!(out, "the one gradient agrees within {tolerance}")
    } else if flagged == 0 {
        writeln!(out, "all {total} gradients agree within {tolerance}")
    } else {
        write_flagged(out, check, total, look)
    }
}

/// A line per input or literal of a graph that holds a matrix: its shape,
/// how many elements were checked, the mean and largest |backprop −
/// numeric| and the worst error, flagged as a row is.
fn write_inputs(out: &mut dyn Write, evaluation: &Evaluation, check: &Check, look: &Look) -> io::Result<()> {
    let graph = &evaluation.graph;
    let rows: Vec<[String; 7]> = check
        .inputs
        .iter()
        .map(|input| {
            let mut cells = [
                format!("#{}", input.id),
                graph.label(input.id).into_owned(),
                input.shape.to_string(),
                input.shape.len().to_string(),
                short(input.mean),
                short(input.max),
                short(input.worst),
            ];
            if input.sampled() {
                cells[3] = format!("{} of {}", input.checked, input.shape.len());
            }
            if input.skipped.is_some() {
                cells[3..].fill_with(|| "-".to_owned());
            }
            cells
        })
        .collect();
    let header = ["#", "node", "shape", "elements", "mean |diff|", "max |diff|", "worst error"];
    let table = Table::new(header, &rows, 3);
    table.heading(out, look)?;
    for (input, cells) in check.inputs.iter().zip(&rows) {
        let verdict = match &input.skipped {
            Some(why) => format!("not checked: a nudged element fails ({why})"),
            None if input.flagged() == 0 => "ok".to_owned(),
            None => style::error(&flagged_elements(input), look.color),
        };
        writeln!(out, "{}  {verdict}", table.line(cells, Some(4), look))?;
    }
    for input in check.inputs.iter().filter(|i| i.sampled()) {
        let (checked, len, label) = (input.checked, input.shape.len(), graph.label(input.id));
        writeln!(
            out,
            "#{} {label}: a sample of {checked} of its {len} elements, the same on every run",
            input.id
        )?;
    }
    let flagged = check.flagged();
    let total: usize = check.inputs.iter().map(|i| i.checked).sum();
    let tolerance = short(check::TOLERANCE);
    let inputs = check.inputs.iter().filter(|i| i.skipped.is_none()).count();
    let s = if total == 1 { "" } else { "s" };
    if flagged > 0 {
        write_flagged(out, check, total, look)
    } else if inputs == 1 {
        writeln!(out, "the one input's {total} gradient{s} agree within {tolerance}")
    } else {
        writeln!(out, "all {total} gradient{s} of {inputs} inputs agree within {tolerance}")
    }
}

/// What is wrong with an input's elements: how many were flagged, and why.
fn flagged_elements(input: &check::Summary) -> String {
    let reasons =
        [(input.kinks, "at a kink"), (input.non_finite, "not finite"), (input.above, "above the tolerance")];
    let why: Vec<String> =
        reasons.iter().filter(|(n, _)| *n > 0).map(|(n, reason)| format!("{n} {reason}")).collect();
    format!("flagged: {}", why.join(", "))
}

/// The verdict of a check with flagged gradients, out of `total`.
fn write_flagged(out: &mut dyn Write, check: &Check, total: usize, look: &Look) -> io::Result<()> {
    let flagged = check.flagged();
    let tolerance = short(check::TOLERANCE);
    let s = if total == 1 { "" } else { "s" };
    let why = if check.any_non_finite() {
        format!("an error above {tolerance}, a kink, or a number that is not finite")
    } else {
        format!("an error above {tolerance}, or a kink")
    };
    let verdict = format!("{flagged} of {total} gradient{s} flagged ({why})");
    writeln!(out, "{}", style::error(&verdict, look.color))
}

/// A table's columns: each as wide as its title and its widest cell, the
/// first `left` aligned left, the rest right.
struct Table<const N: usize> {
    header: [&'static str; N],
    widths: [usize; N],
    left: usize,
}

impl<const N: usize> Table<N> {
    fn new(header: [&'static str; N], rows: &[[String; N]], left: usize) -> Table<N> {
        let mut widths = header.map(str::len);
        for row in rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cells::width(cell));
            }
        }
        Table { header, widths, left }
    }

    fn heading(&self, out: &mut dyn Write, look: &Look) -> io::Result<()> {
        let titles = self.header.map(str::to_owned);
        writeln!(out, "{}", style::dim(&self.line(&titles, None, look), look.color))
    }

    /// The cells padded to their columns, the one at `gradient` in the
    /// colour of gradients. Padded by hand: a label's width comes from the
    /// user's names, and `core::fmt` panics on a width past `u16::MAX`.
    fn line(&self, row: &[String; N], gradient: Option<usize>, look: &Look) -> String {
        let mut line = String::new();
        for (k, (cell, &width)) in row.iter().zip(&self.widths).enumerate() {
            if k > 0 {
                line.push_str("  ");
            }
            let mut padded = String::new();
            if k < self.left {
                cells::push_left(&mut padded, cell, width)
            } else {
                cells::push_right(&mut padded, cell, width)
            }
            if gradient == Some(k) {
                line.push_str(&style::grad(&padded, look.color));
            } else {
                line.push_str(&padded);
            }
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::evaluate;

    #[test]
    fn a_flagged_row_is_marked_and_counted() {
        let mut out = Vec::new();
        let flagged = write(&mut out, &evaluate("x = 0; y = 2; relu(x)*y"), &Look::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(flagged, 1);
        assert!(text.contains("#0  x            0        1      1  flagged: a kink\n"), "{text}");
        assert!(text.contains("#2  y            0        0      0  ok\n"), "{text}");
        assert!(text.ends_with("1 of 2 gradients flagged (an error above 1e-6, or a kink)\n"), "{text}");
    }

    /// NaN beside NaN is flagged and says why; the verdict names it.
    #[test]
    fn a_nan_row_is_flagged_not_ok() {
        let mut out = Vec::new();
        let flagged = write(&mut out, &evaluate("x = -1; y = 0.5; x^y"), &Look::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(flagged, 2, "{text}");
        assert!(
            text.contains("#0  x          NaN      NaN    NaN  flagged: not a finite number\n"),
            "{text}"
        );
        assert!(!text.contains(" ok"), "{text}");
        assert!(text.ends_with("(an error above 1e-6, a kink, or a number that is not finite)\n"), "{text}");
    }

    fn text(script: &str) -> (usize, String) {
        let mut out = Vec::new();
        let flagged = write(&mut out, &evaluate(script), &Look::default()).unwrap();
        (flagged, String::from_utf8(out).unwrap())
    }

    /// A line per input, not per element. relu at 0: backprop 0, the
    /// difference (1 - 0) / 2 = 0.5, so the mean over three elements is
    /// 0.5 / 3 and the largest (and the error) 0.5.
    #[test]
    fn a_matrix_input_is_one_line_with_its_shape_and_figures() {
        let (flagged, text) = text("X = [0, 1, -1]; sum(relu(X))");
        assert_eq!(flagged, 1, "{text}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "#   node  shape  elements  mean |diff|  max |diff|  worst error", "{text}");
        assert_eq!(
            lines[2],
            "#0  X     1×3           3         0.17         0.5          0.5  flagged: 1 at a kink"
        );
        assert_eq!(lines[3], "1 of 3 gradients flagged (an error above 1e-6, or a kink)");
        assert_eq!(lines.len(), 4, "{text}");
    }

    #[test]
    fn labels_say_why_they_are_not_checked_and_the_rest_passes() {
        let (flagged, text) = text("X = [1, 2, 0.5; 0, 0, 1]; t = [2; 0]; softmax_with_loss(X, t)");
        assert_eq!(flagged, 0, "{text}");
        assert!(
            text.contains("#1  t     2×1           -            -           -            -  not checked: "),
            "{text}"
        );
        assert!(text.contains("the label 2.0001 at row 1, column 1 is not a whole number"), "{text}");
        assert!(text.ends_with("the one input's 6 gradients agree within 1e-6\n"), "{text}");
    }

    #[test]
    fn a_sample_is_said_so() {
        let (flagged, text) = text("W = zeros(101, 100); b = [1, 2]; sum(W) + sum(b)");
        assert_eq!(flagged, 0, "{text}");
        assert!(text.contains("  10000 of 10100  "), "{text}");
        assert!(
            text.contains("\n#0 W: a sample of 10000 of its 10100 elements, the same on every run\n"),
            "{text}"
        );
        assert!(text.ends_with("all 10002 gradients of 2 inputs agree within 1e-6\n"), "{text}");
    }
}
