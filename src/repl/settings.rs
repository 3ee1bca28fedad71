//! The commands that change how results are shown: `:format`, `:precision`,
//! `:exact`, as the command-line options of the same names.

use std::io;

use super::{Action, Io, Repl};
use crate::render::{Digits, Format};

/// The most significant digits an f64 has to show.
const MAX_PRECISION: usize = 17;

/// `:format [NAME]`: sets the output format, or shows it.
pub(super) fn format(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    let names = Format::names().join(", ");
    if rest.is_empty() {
        writeln!(io.out, "format: {} (one of {names})", repl.format.name())?;
    } else if let Some(format) = Format::named(rest) {
        repl.format = format;
        let name = format.name();
        if format.is_figure() {
            // Said now, so that the next evaluation's note is no surprise.
            writeln!(
                io.out,
                "format: {name} (figures go to files: `:{name} EXPR > FILE`, or `:{name} > FILE` after an evaluation)"
            )?;
        } else {
            writeln!(io.out, "format: {name}")?;
        }
    } else {
        repl.complain(io, &format!("unknown format `{rest}`; the formats are {names}"))?;
    }
    Ok(Action::Continue)
}

/// `:precision [N]`: rounds numbers to N significant digits, or shows the setting.
pub(super) fn precision(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    if rest.is_empty() {
        let now = match repl.look.digits {
            Digits::Significant(n) => format!("{n} significant digits"),
            Digits::Exact => "exact (every digit)".to_owned(),
        };
        writeln!(io.out, "precision: {now}")?;
        return Ok(Action::Continue);
    }
    match rest.parse::<usize>() {
        Ok(n) if (1..=MAX_PRECISION).contains(&n) => {
            repl.look.digits = Digits::Significant(n);
            writeln!(io.out, "precision: {n} significant digits")?;
        }
        _ => {
            let message =
                format!("`:precision` takes a whole number from 1 to {MAX_PRECISION}, found `{rest}`");
            repl.complain(io, &message)?;
        }
    }
    Ok(Action::Continue)
}

/// `:seed [N]`: restarts `randn`'s generator from N, or shows the seed.
pub(super) fn seed(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    if rest.is_empty() {
        writeln!(io.out, "seed: {}", repl.session.seeded())?;
        return Ok(Action::Continue);
    }
    match rest.parse::<u64>() {
        Ok(n) => {
            repl.session.seed(n);
            writeln!(io.out, "seed: {n} (randn starts again from it)")?;
        }
        Err(_) => {
            let message = format!("`:seed` takes a whole number from 0 to {}, found `{rest}`", u64::MAX);
            repl.complain(io, &message)?;
        }
    }
    Ok(Action::Continue)
}

/// `:exact`: shows every digit (the shortest text that reads back as the same number).
pub(super) fn exact(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    if repl.takes_nothing(":exact", rest, io)? {
        repl.look.digits = Digits::Exact;
        writeln!(io.out, "precision: exact (every digit; `:precision N` rounds again)")?;
    }
    Ok(Action::Continue)
}
