//! The trace (`--trace`, `:trace`, `:step`): the forward pass one line per
//! layer with the numbers that went in and came out, then the backward pass in
//! reverse order, each layer with its rule written out with numbers:
//!
//! ```text
//!   #2  mul    apple*apple_num: 100 × 2 = 200
//!   #2  mul    apple*apple_num: dout = 1.1
//!                → d(apple) = dout × apple_num = 1.1 × 2 = 2.2
//! ```
//!
//! A node reached by several paths shows the sum it receives
//! (`x: grad = 3 + 2 = 5`).

use std::io::{self, Write};

use super::rule_text::{self, RuleText};
use super::{Look, matrix_trace, style};
use crate::graph::{Graph, NodeId};
use crate::report::Evaluation;
use crate::trace::{self, Step, Uses};

/// Writes the whole trace of `evaluation`.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation, look: &Look) -> io::Result<()> {
    let mut tracer = Tracer::new(evaluation, *look);
    while tracer.write_next(out)? {}
    Ok(())
}

/// Writes the trace one step at a time: what `:step` shows per Enter.
pub struct Tracer<'e> {
    evaluation: &'e Evaluation,
    uses: Uses,
    look: Look,
    steps: Box<dyn Iterator<Item = Step> + 'e>,
    id_width: usize,
    layer_width: usize,
}

impl<'e> Tracer<'e> {
    pub fn new(evaluation: &'e Evaluation, look: Look) -> Tracer<'e> {
        let graph = &evaluation.graph;
        let layer_width = graph.nodes.iter().map(|n| n.layer.name().len()).max().unwrap_or(0);
        Tracer {
            evaluation,
            uses: Uses::new(graph),
            look,
            steps: Box::new(trace::steps(evaluation)),
            id_width: evaluation.output.to_string().len() + 1,
            layer_width,
        }
    }

    /// Writes the next step (with the pass's heading before its first step);
    /// false when there was none left.
    pub fn write_next(&mut self, out: &mut dyn Write) -> io::Result<bool> {
        match self.steps.next() {
            Some(step) => self.write_step(out, step).map(|()| true),
            None => Ok(false),
        }
    }

    /// Writes one step.
    pub fn write_step(&self, out: &mut dyn Write, step: Step) -> io::Result<()> {
        let (graph, look, output) = (&self.evaluation.graph, &self.look, self.evaluation.output);
        match step {
            Step::Forward(0) => writeln!(out, "{}", style::dim("forward", look.color))?,
            Step::Backward(id) if id == output => writeln!(out, "{}", style::dim("backward", look.color))?,
            _ => {}
        }
        let (Step::Forward(id) | Step::Backward(id)) = step;
        let node = &graph.nodes[id as usize];
        let head = format!(
            "  {:<iw$}  {:<lw$}  {}",
            format!("#{id}"),
            node.layer.name(),
            graph.label(id),
            iw = self.id_width,
            lw = self.layer_width
        );
        let indent = " ".repeat(self.id_width + self.layer_width + 6);
        let matrices = graph.on_matrices();
        match step {
            Step::Forward(_) if matrices => {
                let line = match node.layer.arity() {
                    0 => format!("{head} = {}", look.shaped_value(&graph.value(id))),
                    _ => format!("{head}: {}", matrix_trace::forward(graph, look, id)),
                };
                // The result is the last `= ` of the line: painted as a value.
                let (before, value) = line.rsplit_once(" = ").unwrap_or((&line, ""));
                writeln!(out, "{before} = {}", style::value(value, look.color))
            }
            Step::Forward(_) => {
                let value = style::value(&look.number(node.value), look.color);
                if node.layer.arity() == 0 {
                    writeln!(out, "{head} = {value}")
                } else {
                    let (a, b) = trace::operand_values(graph, id);
                    let inputs = trace::fill(node.layer.notation(), |c| match c {
                        'a' => look.number(a),
                        _ => look.number(b),
                    });
                    writeln!(out, "{head}: {inputs} = {value}")
                }
            }
            Step::Backward(_) => {
                let word = if node.layer.arity() == 0 { "grad" } else { "dout" };
                writeln!(out, "{head}: {word} = {}", self.received(id))?;
                for slot in 0..node.layer.arity() {
                    let target = graph.operands(id)[slot];
                    let shown = rule_text(graph, look, id, slot);
                    let shape =
                        if matrices { matrix_trace::shape_suffix(graph, target) } else { String::new() };
                    let reference = trace::reference(graph, target);
                    writeln!(out, "{indent}→ d({reference}){shape} = {}", shown.line(look))?;
                }
                Ok(())
            }
        }
    }

    /// The gradient reaching `id`, as the sum of what each use passed back.
    fn received(&self, id: NodeId) -> String {
        let graph = &self.evaluation.graph;
        let look = &self.look;
        if graph.on_matrices() {
            let total = matrix_trace::received(graph, look, &self.uses, id, self.evaluation.output);
            return style::grad(&total, look.color);
        }
        let total = style::grad(&look.number(graph.nodes[id as usize].grad), look.color);
        if id == self.evaluation.output {
            return format!("{total} (the seed: d(out)/d(out))");
        }
        let uses = self.uses.of(id);
        if uses.len() < 2 {
            return total;
        }
        let terms = uses.iter().map(|&(user, slot)| look.value(&trace::passed_back(graph, user, slot)));
        format!("{} = {total}", rule_text::signed_sum(terms))
    }
}

/// How `user` passes its gradient back to the operand in `slot`, written
/// out: with matrices and their shapes on a graph that runs on matrices.
pub fn rule_text(graph: &Graph, look: &Look, user: NodeId, slot: usize) -> RuleText {
    if graph.on_matrices() {
        matrix_trace::rule_text(graph, look, user, slot)
    } else {
        RuleText::of_numbers(graph, look, user, slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Digits;
    use crate::testing::{evaluate, value_of};

    const EXACT: Look = Look { digits: Digits::Exact, color: false };

    /// Every rule, written out with exact numbers and read back by the
    /// language's own parser, gives what the layer's backward pass gives.
    #[test]
    fn written_rules_compute_what_backward_computes() {
        let calls = [
            "a + b",
            "a - b",
            "a * b",
            "a / b",
            "-a",
            "a ^ b",
            "a ^ 0",
            "0 ^ b",
            "id",
            "exp(a)",
            "ln(a)",
            "sqrt(a)",
            "sin(a)",
            "cos(a)",
            "tanh(a)",
            "sigmoid(a)",
            "relu(a)",
            "relu(-a)",
            "abs(a)",
            "abs(-a)",
            "max(a, b)",
            "max(b, a)",
            "min(a, b)",
            "min(b, a)",
        ];
        for (a, b) in [(1.5, 2.0), (0.3, 4.0), (2.0, -1.25)] {
            for call in calls {
                let script = format!("a = {a}; b = {b}; id = a; ({call}) * 3");
                let evaluation = evaluate(&script);
                let graph = &evaluation.graph;
                let user = graph.nodes[evaluation.output as usize].inputs[0];
                for slot in 0..graph.nodes[user as usize].layer.arity() {
                    let rule = rule_text(graph, &EXACT, user, slot);
                    if rule.numeric.contains("inf") || rule.numeric.contains("NaN") {
                        continue; // the language has no literal for these
                    }
                    let read = value_of(&rule.numeric.replace('×', "*"));
                    let expected = trace::passed_back(graph, user, slot).number_or_nan();
                    let close =
                        read == expected || (read - expected).abs() <= 1e-12 * expected.abs().max(1.0);
                    assert!(
                        close,
                        "{call} at a = {a}, b = {b}: `{}` is {read}, not {expected}",
                        rule.numeric
                    );
                }
            }
        }
    }

    #[test]
    fn the_books_apple_example_traces_with_its_numbers() {
        let evaluation = evaluate("apple = 100; apple_num = 2; tax = 1.1; apple*apple_num*tax");
        let mut out = Vec::new();
        write(&mut out, &evaluation, &Look::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("#2  mul    apple*apple_num: 100 × 2 = 200\n"), "{text}");
        assert!(text.contains("→ d(apple) = dout × apple_num = 1.1 × 2 = 2.2\n"), "{text}");
        assert!(text.contains("→ d(apple_num) = dout × apple = 1.1 × 100 = 110\n"), "{text}");
        assert!(text.contains("→ d(tax) = dout × #2 = 1 × 200 = 200\n"), "{text}");
    }

    #[test]
    fn a_node_used_twice_shows_the_sum_it_receives() {
        let evaluation = evaluate("x = 3; x*x + x*2");
        let mut out = Vec::new();
        write(&mut out, &evaluation, &Look::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("x: grad = 2 + 3 + 3 = 8\n"), "{text}");
    }

    #[test]
    fn stepping_writes_one_step_at_a_time_then_stops() {
        let evaluation = evaluate("x = 3; x*2");
        let mut tracer = Tracer::new(&evaluation, Look::default());
        let mut count = 0;
        let mut out = Vec::new();
        while tracer.write_next(&mut out).unwrap() {
            count += 1;
        }
        assert_eq!(count, 6);
        assert!(!tracer.write_next(&mut out).unwrap());
    }
}
