//! `:show NAME`: one value in full, every element of a matrix in aligned
//! columns, and its gradient in the last expression evaluated, in full too.

use std::io;

use super::{Action, Io, Repl, views};
use crate::graph::NodeId;
use crate::matrix::Shape;
use crate::render::{Look, style};
use crate::suggest;
use crate::value::Value;

/// `:show NAME`
pub(super) fn show(repl: &mut Repl, rest: &str, io: &mut Io<'_>) -> io::Result<Action> {
    let name = rest.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        repl.complain(io, "`:show` takes one name: `:show W`")?;
        return Ok(Action::Continue);
    }
    let Some(value) = repl.session.value_of(name) else {
        let message = match suggest::closest(name, repl.session.names()) {
            Some(close) => format!("`{name}` is not defined; did you mean `{close}`?"),
            None => format!("`{name}` is not defined: `:vars` lists what is"),
        };
        repl.complain(io, &message)?;
        return Ok(Action::Continue);
    };
    let look = repl.look;
    write_full(io, &look, name, &value, style::value)?;
    if repl.last.is_none() {
        return Ok(Action::Continue);
    }
    // The last expression, at the current values, as every view sees it.
    let Some((evaluation, text)) = views::evaluate_last(repl, ":show", io)? else {
        return Ok(Action::Continue);
    };
    let graph = &evaluation.graph;
    let found = (0..graph.len() as NodeId).find(|&id| graph.name(id) == Some(name));
    let Some(id) = found else {
        let note = format!("`{text}`, the last expression, does not use `{name}`: no gradient to show");
        writeln!(io.out, "{}", style::dim(&note, look.color))?;
        return Ok(Action::Continue);
    };
    let of = if evaluation.seeded_with_ones() { " (of the sum of its elements)" } else { "" };
    write_full(io, &look, &format!("d({text})/d({name}){of}"), &graph.grad(id), style::grad)?;
    Ok(Action::Continue)
}

/// `x = 2` for a number; for a matrix `W (2×3) =`, then every element in
/// aligned columns, painted by `paint`.
fn write_full(
    io: &mut Io<'_>,
    look: &Look,
    what: &str,
    value: &Value,
    paint: fn(&str, bool) -> String,
) -> io::Result<()> {
    match value {
        Value::Number(x) => writeln!(io.out, "{what} = {}", paint(&look.number(*x), look.color)),
        Value::Matrix(m) => {
            writeln!(io.out, "{what} ({}) =", Shape::of(m.as_ref()))?;
            writeln!(io.out, "{}", paint(&look.grid(m), look.color))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::render::{Format, Look};
    use crate::repl::{Action, Repl};
    use crate::session::Session;

    /// Runs each line; returns the last one's stdout and stderr.
    fn run(lines: &[&str]) -> (String, String) {
        let mut repl = Repl::new(Session::new(), Look::default(), Format::Text);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        for line in lines {
            (out, err) = (Vec::new(), Vec::new());
            let action = repl.handle_line(line, &mut out, &mut err).expect("writing to memory");
            assert_eq!(action, Action::Continue, "{line}");
        }
        (String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
    }

    /// W = [1, -20; 300, 4]: d sum(W @ W)/dW = ones @ Wᵀ + Wᵀ @ ones, W's
    /// row sums [-19, 304] along each row plus its column sums [301, -16]
    /// down each column: [-19 + 301, 304 + 301; -19 - 16, 304 - 16].
    #[test]
    fn a_matrix_and_its_gradient_are_shown_in_full_grids() {
        let (out, err) = run(&["W = [1, -20; 300, 4]", "sum(W @ W)", ":show W"]);
        assert_eq!(err, "");
        assert_eq!(
            out,
            "W (2×2) =\n[  1  -20\n 300    4]\nd(sum(W @ W))/d(W) (2×2) =\n[282  605\n -35  288]\n"
        );
        // A matrix output: the gradient of the sum of its elements.
        let (out, _) = run(&["W = [1, -20; 300, 4]", "W*2", ":show W"]);
        assert!(out.ends_with("d(W*2)/d(W) (of the sum of its elements) (2×2) =\n[2  2\n 2  2]\n"), "{out}");
    }

    #[test]
    fn every_element_of_a_big_matrix_is_shown() {
        let (out, _) = run(&["X = [1, 2, 3, 4, 5, 6, 7; 8, 9, 10, 11, 12, 13, 14]", ":show X"]);
        assert_eq!(out, "X (2×7) =\n[1  2   3   4   5   6   7\n 8  9  10  11  12  13  14]\n");
    }

    #[test]
    fn a_number_a_name_not_used_and_an_unknown_name() {
        let (out, _) = run(&["x = 2", ":show x"]);
        assert_eq!(out, "x = 2\n");
        let (out, _) = run(&["x = 2", "W = [1, 2]", "sum(W)", ":show x"]);
        assert_eq!(out, "x = 2\n`sum(W)`, the last expression, does not use `x`: no gradient to show\n");
        let (out, err) = run(&["W = [1, 2]", ":show Wx"]);
        assert_eq!((out.as_str(), err.as_str()), ("", "error: `Wx` is not defined; did you mean `W`?\n"));
        let (_, err) = run(&[":show"]);
        assert!(err.contains("`:show` takes one name"), "{err}");
    }
}
