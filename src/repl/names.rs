//! The commands about defined names: `:vars`, `:del`, `:reset`.

use std::io;

use unicode_width::UnicodeWidthStr;

use super::{Action, Io, Repl, one_line};
use crate::render::{cells, style};
use crate::session::{Definition, DeleteError};
use crate::value::Value;

/// `:vars`: the inputs, then the formulas, each in the order they were made.
pub(super) fn vars(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    if !repl.takes_nothing(":vars", rest, io)? {
        return Ok(Action::Continue);
    }
    let definitions = repl.session.definitions();
    if definitions.is_empty() {
        writeln!(io.out, "nothing is defined yet: try `apple = 100`")?;
        return Ok(Action::Continue);
    }
    let width = definitions.iter().map(|(name, _)| name.width()).max().unwrap_or(0);
    let look = repl.look;
    let (inputs, formulas): (Vec<_>, Vec<_>) =
        definitions.iter().partition(|(_, d)| matches!(d, Definition::Input { .. }));
    if !inputs.is_empty() {
        writeln!(io.out, "{}", style::dim("inputs", look.color))?;
    }
    for (name, definition) in inputs {
        if let Definition::Input { value } = definition {
            let value = style::value(&look.value(value), look.color);
            writeln!(io.out, "  {}  = {value}", padded(name, width))?;
        }
    }
    if !formulas.is_empty() {
        writeln!(io.out, "{}", style::dim("formulas", look.color))?;
    }
    for (name, definition) in formulas {
        if let Definition::Formula(formula) = definition {
            let value = repl.session.value_of(name).unwrap_or(Value::Number(f64::NAN));
            let value = style::value(&look.value(&value), look.color);
            writeln!(io.out, "  {} := {} (= {value})", padded(name, width), one_line(formula.expr.text()))?;
        }
    }
    Ok(Action::Continue)
}

/// `name` padded to `width` columns (by hand: `core::fmt` refuses a width
/// past `u16::MAX`, and a name may be longer).
fn padded(name: &str, width: usize) -> String {
    let mut out = String::new();
    cells::push_left(&mut out, name, width);
    out
}

/// `:del NAME...`: forgets each name in turn, unless a formula uses it.
pub(super) fn delete(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    if rest.is_empty() {
        repl.complain(io, "`:del` needs the name to forget: `:del NAME`")?;
    }
    for name in rest.split_whitespace() {
        match repl.session.delete(name) {
            Ok(()) => writeln!(io.out, "deleted `{name}`")?,
            Err(DeleteError::Undefined { suggestion }) => {
                let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
                repl.complain(io, &format!("`{name}` is not defined{hint}"))?;
            }
            Err(DeleteError::InUse(users)) => {
                let them = if users.len() == 1 { "it" } else { "them" };
                let users = users.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ");
                let message = format!("`{name}` is used by {users}; delete or redefine {them} first");
                repl.complain(io, &message)?;
            }
        }
    }
    Ok(Action::Continue)
}

/// `:reset`: forgets every definition.
pub(super) fn reset(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    if !repl.takes_nothing(":reset", rest, io)? {
        return Ok(Action::Continue);
    }
    let count = repl.session.len();
    repl.session.reset();
    let s = if count == 1 { "" } else { "s" };
    writeln!(io.out, "forgot {count} definition{s}")?;
    Ok(Action::Continue)
}
