//! The gradient check as a table: per input and literal, the backpropagated
//! gradient, the central difference and the error, flagged above the
//! tolerance; then a one-line verdict.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::number::{self, Digits};
use super::{Look, style};
use crate::check::{self, Check};
use crate::report::Evaluation;

/// Checks `evaluation` and writes the table; returns how many rows were flagged.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation, look: &Look) -> io::Result<usize> {
    let check = Check::new(evaluation);
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
        evaluation.text.trim(),
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
            *width = (*width).max(cell.width());
        }
    }
    let [iw, lw, bw, nw, ew] = widths;
    let heading = format!(
        "{:<iw$}  {:<lw$}  {:>bw$}  {:>nw$}  {:>ew$}",
        header[0], header[1], header[2], header[3], header[4]
    );
    writeln!(out, "{}", style::dim(&heading, look.color))?;
    for (row, [id, label, backprop, numeric, error]) in check.rows.iter().zip(&rows) {
        let pad = lw - label.width();
        let verdict = match (row.flagged(), row.kink, row.non_finite()) {
            (false, _, _) => "ok".to_owned(),
            (true, true, _) => style::error("flagged: a kink", look.color),
            (true, false, true) => style::error("flagged: not a finite number", look.color),
            (true, false, false) => style::error("flagged", look.color),
        };
        writeln!(
            out,
            "{id:<iw$}  {label}{:pad$}  {}  {:>nw$}  {error:>ew$}  {verdict}",
            "",
            style::grad(&format!("{backprop:>bw$}"), look.color),
            numeric,
        )?;
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
