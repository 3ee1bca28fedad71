//! The trace of a graph on matrices: each rule written with the shapes of
//! its matrices, as the book writes the Affine layer's,
//!
//! ```text
//!   #5  affine  affine(X, W, b): dout[3×10]
//!                → d(W)[4×10] = Xᵀ[4×3] @ dout[3×10] = 4×10 [0.1, …, 0.2; …; 0.3, …, 0.4]
//! ```
//!
//! and with the numbers too when every matrix in the rule has at most
//! [`FULL`](super::matrix::FULL) elements (`[1, 2; 3, 4]ᵀ @ [1, 1; 1, 1]`). A graph of numbers
//! never comes here: its trace is the scalar one, byte for byte.

use super::Look;
use super::matrix::is_small;
use super::rule_text::{self, RuleText};
use crate::graph::{Graph, NodeId};
use crate::layers::Rule;
use crate::matrix::Shape;
use crate::trace::{self, Uses};
use crate::value::Value;

/// `[2×2]` after a matrix's name, nothing after a number's.
pub fn shape_suffix(graph: &Graph, id: NodeId) -> String {
    suffix(graph.shape(id))
}

fn suffix(shape: Shape) -> String {
    if shape.is_scalar() { String::new() } else { format!("[{shape}]") }
}

/// The forward line of an operation: its notation with the numbers that
/// went in when each is small, else with names and shapes; then what came out.
pub fn forward(graph: &Graph, look: &Look, id: NodeId) -> String {
    let node = &graph.nodes[id as usize];
    let ids = graph.operands(id);
    let numbers = ids.iter().chain([&id]).all(|&o| is_small(graph.shape(o)));
    let parameter = graph.parameter(id);
    let inputs = trace::fill(node.layer.notation(), |c| {
        let slot = match c {
            'a' => 0,
            'b' => match parameter {
                Some(p) => return look.number(p),
                None => 1,
            },
            _ => 2,
        };
        match ids.get(slot) {
            Some(&o) if numbers => look.value(&graph.value(o)),
            Some(&o) => named(graph, o, false),
            None => String::new(),
        }
    });
    format!("{inputs} = {}", look.shaped_value(&graph.value(id)))
}

/// The gradient that reached `id`: with its shape, and as the sum of what
/// each of its uses passed back when there are several.
pub fn received(graph: &Graph, look: &Look, uses: &Uses, id: NodeId, output: NodeId) -> String {
    let total = look.shaped_value(&graph.grad(id));
    if id == output {
        let seed = if graph.shape(id).is_scalar() {
            "the seed: d(out)/d(out)".to_owned()
        } else {
            format!("the seed: {}", super::matrix::SEED_NOTE.trim_start_matches("the seed is "))
        };
        return format!("{total} ({seed})");
    }
    let uses = uses.of(id);
    if uses.len() < 2 {
        return total;
    }
    let terms: Vec<(NodeId, Value)> =
        uses.iter().map(|&(user, slot)| (user, trace::passed_back(graph, user, slot))).collect();
    let small = terms.iter().all(|(_, term)| is_small(term.shape()));
    let shown =
        terms.iter().map(|(user, term)| if small { look.value(term) } else { format!("(from #{user})") });
    format!("{} = {total}", rule_text::signed_sum(shown))
}

/// How `user` passes its gradient back to the operand in `slot`, written
/// with shapes, and with numbers when every matrix in it is small and the
/// rule is one formula for every element.
pub fn rule_text(graph: &Graph, look: &Look, user: NodeId, slot: usize) -> RuleText {
    let ids = graph.operands(user);
    let cases = trace::cases(graph, user, slot);
    let names = |c: char| name_of(graph, look, user, c);
    let numbers = |c: char| number_of(graph, look, user, c);
    let small = ids.iter().chain([&user]).all(|&o| is_small(graph.shape(o)));
    let result = trace::passed_back(graph, user, slot);
    let note = ids.get(slot).and_then(|&o| broadcast_note(graph, user, o));
    if let [rule] = cases[..] {
        let template = transposes(rule.formula);
        let symbolic = trace::fill(&template, names);
        let numeric = if small { trace::fill(&template, numbers) } else { symbolic.clone() };
        let condition =
            rule.condition.map(|c| if small { trace::fill(c, numbers) } else { trace::fill(c, names) });
        return RuleText { symbolic, numeric, result, condition, note };
    }
    // Elements that take different cases (relu of [1, -2]): each case, by name.
    let symbolic = cases.iter().map(|rule| case(rule, names)).collect::<Vec<_>>().join("; ");
    RuleText { numeric: symbolic.clone(), symbolic, result, condition: None, note }
}

/// One case of a rule, by name: `dout[1×2] where x[1×2] > 0`.
fn case(rule: &Rule, names: impl Fn(char) -> String) -> String {
    let formula = trace::fill(&transposes(rule.formula), &names);
    match rule.condition {
        Some(condition) => format!("{formula} where {}", trace::fill(condition, &names)),
        None => formula,
    }
}

/// A template with each transposed placeholder (`{a}ᵀ`) as its capital
/// (`{A}`), which is then written with the transposed shape: `Xᵀ[4×3]`.
fn transposes(template: &str) -> String {
    let mut out = template.to_owned();
    for letter in ['a', 'b', 'd', 'e', 'y'] {
        let capital = letter.to_ascii_uppercase();
        out = out.replace(&format!("{{{letter}}}ᵀ"), &format!("{{{capital}}}"));
    }
    out
}

/// What a placeholder of `user`'s rule names, with its shape.
fn name_of(graph: &Graph, look: &Look, user: NodeId, c: char) -> String {
    let transposed = c.is_ascii_uppercase();
    let t = if transposed { "ᵀ" } else { "" };
    let own = |word: &str| format!("{word}{t}{}", suffix(turned(graph.shape(user), transposed)));
    match (c.to_ascii_lowercase(), graph.parameter(user)) {
        ('b', Some(p)) => look.number(p),
        ('c', Some(p)) => look.number(p - 1.0),
        ('a', _) => operand(graph, user, 0).map_or_else(String::new, |o| named(graph, o, transposed)),
        ('b', _) => operand(graph, user, 1).map_or_else(String::new, |o| named(graph, o, transposed)),
        ('e', _) => operand(graph, user, 2).map_or_else(String::new, |o| named(graph, o, transposed)),
        ('d', _) => own("dout"),
        _ => own("out"),
    }
}

/// What a placeholder of `user`'s rule holds, as numbers.
fn number_of(graph: &Graph, look: &Look, user: NodeId, c: char) -> String {
    let transposed = c.is_ascii_uppercase();
    let value = match (c.to_ascii_lowercase(), graph.parameter(user)) {
        ('b', Some(p)) => Value::Number(p),
        ('c', Some(p)) => Value::Number(p - 1.0),
        ('a', _) => operand(graph, user, 0).map_or(Value::Number(f64::NAN), |o| graph.value(o)),
        ('b', _) => operand(graph, user, 1).map_or(Value::Number(f64::NAN), |o| graph.value(o)),
        ('e', _) => operand(graph, user, 2).map_or(Value::Number(f64::NAN), |o| graph.value(o)),
        ('d', _) => graph.grad(user),
        _ => graph.value(user),
    };
    let mut text = look.value(&value);
    if transposed && matches!(value, Value::Matrix(_)) {
        text.push('ᵀ');
    }
    text
}

/// The operand of `user` in `slot`.
fn operand(graph: &Graph, user: NodeId, slot: usize) -> Option<NodeId> {
    graph.operands(user).get(slot).copied()
}

/// How a rule names a node: its reference with its shape (`X[3×4]`, or
/// transposed `Xᵀ[4×3]`); a literal shows its own shape.
fn named(graph: &Graph, id: NodeId, transposed: bool) -> String {
    let mut text = trace::reference(graph, id);
    let shape = graph.shape(id);
    if transposed && !shape.is_scalar() {
        text.push('ᵀ');
    }
    if !text.starts_with('[') {
        text.push_str(&suffix(turned(shape, transposed)));
    }
    text
}

fn turned(shape: Shape, transposed: bool) -> Shape {
    if transposed { Shape::new(shape.cols, shape.rows) } else { shape }
}

/// Where an element-by-element layer broadcast its operand `operand`, the
/// gradient is summed back over the axes it was repeated along.
fn broadcast_note(graph: &Graph, user: NodeId, operand: NodeId) -> Option<String> {
    if graph.nodes[user as usize].layer.is_whole() {
        return None;
    }
    let (from, to) = (graph.shape(operand), graph.shape(user));
    let rows = from.rows == 1 && to.rows > 1;
    let cols = from.cols == 1 && to.cols > 1;
    let over = match (rows, cols) {
        (true, true) => "every element",
        (true, false) => "the rows",
        (false, true) => "the columns",
        (false, false) => return None,
    };
    Some(format!("summed over {over}, to {from}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::matrix::FULL;

    #[test]
    fn transposed_placeholders_become_capitals() {
        assert_eq!(transposes("{a}ᵀ @ {d}"), "{A} @ {d}");
        assert_eq!(transposes("{d} @ {b}ᵀ"), "{d} @ {B}");
        assert_eq!(transposes("{d}ᵀ"), "{D}");
    }

    #[test]
    fn the_full_form_is_kept_for_small_matrices() {
        assert!(is_small(Shape::new(3, 4)) && !is_small(Shape::new(1, FULL + 1)));
    }
}
