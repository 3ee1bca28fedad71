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
    let graph = &evaluation.graph;
    let short = |x: f64| number::format(x, Digits::Significant(2));
    writeln!(
        out,
        "gradient check of {} (central difference, h = {})",
        crate::graph::shorten_to(evaluation.text.trim(), TITLE_WIDTH),
        short(check::H)
    )?;
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
    let header = ["#", "node", "backprop", "numeric", "error"];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cells::width(cell));
        }
    }
    // Padded by hand: a label's width comes from the user's names, and
    // `core::fmt` panics on a width past `u16::MAX`.
    let [iw, lw, bw, nw, ew] = widths;
    let mut heading = String::new();
    for (k, (title, width)) in header.iter().zip(widths).enumerate() {
        if k > 0 {
            heading.push_str("  ");
        }
        if k < 2 {
            cells::push_left(&mut heading, title, width)
        } else {
            cells::push_right(&mut heading, title, width)
        }
    }
    writeln!(out, "{}", style::dim(&heading, look.color))?;
    for (row, [id, label, backprop, numeric, error]) in check.rows.iter().zip(&rows) {
        let verdict = match (row.flagged(), row.kink, row.non_finite()) {
            (false, _, _) => "ok".to_owned(),
            (true, true, _) => style::error("flagged: a kink", look.color),
            (true, false, true) => style::error("flagged: not a finite number", look.color),
            (true, false, false) => style::error("flagged", look.color),
        };
        let mut line = String::new();
        cells::push_left(&mut line, id, iw);
        line.push_str("  ");
        cells::push_left(&mut line, label, lw);
        line.push_str("  ");
        let mut backprop_cell = String::new();
        cells::push_right(&mut backprop_cell, backprop, bw);
        line.push_str(&style::grad(&backprop_cell, look.color));
        line.push_str("  ");
        cells::push_right(&mut line, numeric, nw);
        line.push_str("  ");
        cells::push_right(&mut line, error, ew);
        writeln!(out, "{line}  {verdict}")?;
    }
    let flagged = check.flagged();
    let total = check.rows.len();
    let tolerance = short(check::TOLERANCE);
    if flagged == 0 && total == 1 {
        writeln!(out, "the one gradient agrees within {tolerance}")
    } else if flagged == 0 {
        writeln!(out, "all {total} gradients agree within {tolerance}")
    } else {
        let s = if total == 1 { "" } else { "s" };
        let why = if check.any_non_finite() {
            format!("an error above {tolerance}, a kink, or a number that is not finite")
        } else {
            format!("an error above {tolerance}, or a kink")
        };
        let verdict = format!("{flagged} of {total} gradient{s} flagged ({why})");
        writeln!(out, "{}", style::error(&verdict, look.color))
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
}
