//! A backward rule written out for people: by the trace, `:step` and the
//! quiz's hints. The trace chooses how it is made (`trace::rule_text`):
//! from numbers here, from matrices in `matrix_trace`.

use super::{Look, style};
use crate::graph::{Graph, NodeId};
use crate::trace;
use crate::value::Value;

/// One backward rule written out three ways: with names, with numbers, and
/// its result; the case that chose it, with numbers; and, where an operand
/// was broadcast, how its gradient was summed back to its shape.
pub struct RuleText {
    pub symbolic: String,
    pub numeric: String,
    pub result: Value,
    pub condition: Option<String>,
    pub note: Option<String>,
}

impl RuleText {
    /// How `user` passes its gradient back to the operand in `slot`, on a
    /// graph of numbers.
    pub fn of_numbers(graph: &Graph, look: &Look, user: NodeId, slot: usize) -> RuleText {
        let node = &graph.nodes[user as usize];
        let rule = trace::rule(graph, user, slot);
        let (a, b) = trace::operand_values(graph, user);
        // A parameter (the exponent of `x^2`) is written as the number it is.
        let parameter = graph.parameter(user);
        let names = |c: char| match (c, parameter) {
            ('b', Some(p)) => look.number(p),
            ('c', Some(p)) => look.number(p - 1.0),
            ('a' | 'b', _) => {
                let slot = usize::from(c == 'b');
                graph.operands(user).get(slot).map_or_else(String::new, |&id| trace::reference(graph, id))
            }
            ('d', _) => "dout".to_owned(),
            _ => "out".to_owned(),
        };
        let numbers = |c: char| match c {
            'a' => look.number(a),
            'b' => look.number(b),
            'c' => look.number(b - 1.0),
            'd' => look.number(node.grad),
            _ => look.number(node.value),
        };
        RuleText {
            symbolic: trace::fill(rule.formula, names),
            numeric: trace::fill(rule.formula, numbers),
            result: trace::passed_back(graph, user, slot),
            condition: rule.condition.map(|c| trace::fill(c, numbers)),
            note: None,
        }
    }

    /// `dout × apple_num = 1.1 × 2`, without repeating a form that reads the
    /// same as the one before, and how a broadcast operand's gradient was
    /// summed; the result is left for the caller.
    pub fn working(&self) -> String {
        let mut working = if self.numeric == self.symbolic {
            self.symbolic.clone()
        } else {
            format!("{} = {}", self.symbolic, self.numeric)
        };
        if let Some(note) = &self.note {
            working.push_str(", ");
            working.push_str(note);
        }
        working
    }

    /// `dout × apple_num = 1.1 × 2 = 2.2`, with the case where there is one.
    pub fn line(&self, look: &Look) -> String {
        let result = look.shaped_value(&self.result);
        let mut line = self.working();
        let last = if self.numeric == self.symbolic { &self.symbolic } else { &self.numeric };
        if *last == result && self.note.is_none() {
            line.truncate(line.len() - result.len());
        } else {
            line.push_str(" = ");
        }
        line.push_str(&style::grad(&result, look.color));
        if let Some(condition) = &self.condition {
            line.push_str(&format!(" (since {condition})"));
        }
        line
    }
}

/// Terms written as a sum, a negative one after the first as `- magnitude`:
/// `1.5 - 2 + 3`.
pub(super) fn signed_sum(terms: impl Iterator<Item = String>) -> String {
    let mut sum = String::new();
    for (i, shown) in terms.enumerate() {
        match (i, shown.strip_prefix('-')) {
            (0, _) => sum.push_str(&shown),
            (_, Some(magnitude)) => sum.push_str(&format!(" - {magnitude}")),
            (_, None) => sum.push_str(&format!(" + {shown}")),
        }
    }
    sum
}
