//! The forward and backward passes of an evaluation as a sequence of steps,
//! each one layer, for the trace (all at once) and for stepping (one per
//! Enter). Also what each step needs to be written out: who uses a node, and
//! what each use passes back to it.

use smallvec::SmallVec;

use crate::graph::{Graph, NodeId};
use crate::layers::{Pass, Rule};
use crate::matrix::Matrix;
use crate::report::Evaluation;
use crate::value::Value;

/// One step of the passes over a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The node's forward value is computed (or, for a leaf, read).
    Forward(NodeId),
    /// The gradient reaching the node is complete (the sum over its uses);
    /// a layer then passes it back to its operands by its rule.
    Backward(NodeId),
}

/// The steps of `evaluation`: forward in forward order, then backward from the
/// output down to the first node.
pub fn steps(evaluation: &Evaluation) -> impl Iterator<Item = Step> + '_ {
    let n = evaluation.output + 1;
    (0..n).map(Step::Forward).chain((0..n).rev().map(Step::Backward))
}

/// Every use of every node: for node `j`, the (user, operand slot) pairs that
/// read it, latest user first, which is the order backward visits them.
/// Built once in linear time; a node used twice by one layer (`x*x`) has two.
pub struct Uses {
    start: Vec<usize>,
    list: Vec<(NodeId, usize)>,
}

impl Uses {
    pub fn new(graph: &Graph) -> Uses {
        let n = graph.len();
        let mut start = vec![0usize; n + 1];
        for id in 0..n as NodeId {
            for &operand in graph.operands(id).iter() {
                start[operand as usize + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut list = vec![(0, 0); start[n]];
        for user in (0..n).rev() {
            for (slot, &operand) in graph.operands(user as NodeId).iter().enumerate() {
                list[fill[operand as usize]] = (user as NodeId, slot);
                fill[operand as usize] += 1;
            }
        }
        Uses { start, list }
    }

    /// The uses of `id`, latest user first.
    pub fn of(&self, id: NodeId) -> &[(NodeId, usize)] {
        let id = id as usize;
        &self.list[self.start[id]..self.start[id + 1]]
    }
}

/// What `user` passes back to its operand in `slot`: its backward pass for
/// that operand, from the values and the gradient the graph holds (a
/// matrix of the operand's shape on a graph on matrices).
pub fn passed_back(graph: &Graph, user: NodeId, slot: usize) -> Value {
    if graph.on_matrices() {
        return passed_back_matrix(graph, user, slot).map_or(Value::Number(f64::NAN), Value::from_matrix);
    }
    let node = &graph.nodes[user as usize];
    let (a, b) = operand_values(graph, user);
    let (da, db) = node.layer.backward(a, b, node.value, node.grad);
    Value::Number(if slot == 0 { da } else { db })
}

/// [`passed_back`] on a graph on matrices: the layer's backward pass run
/// again into fresh buffers, one per operand (a loss computes its target's
/// share only beside its scores'), keeping the one of `slot`.
fn passed_back_matrix(graph: &Graph, user: NodeId, slot: usize) -> Option<Matrix> {
    let ids = graph.operands(user);
    let operands: SmallVec<[&Matrix; 3]> = ids.iter().map(|&o| graph.matrix(o)).collect::<Option<_>>()?;
    let mut buffers: SmallVec<[Matrix; 3]> = operands.iter().map(|m| Matrix::zeros(m.dim())).collect();
    let pass = Pass {
        operands: &operands,
        parameter: graph.parameter(user).unwrap_or(f64::NAN),
        y: graph.matrix(user)?,
        dy: graph.grad_matrix(user)?,
    };
    let mut grads: SmallVec<[Option<&mut Matrix>; 3]> = buffers.iter_mut().map(Some).collect();
    graph.nodes[user as usize].layer.backward_matrix(&pass, &mut grads).ok()?;
    drop(grads);
    (slot < buffers.len()).then(|| buffers.swap_remove(slot))
}

/// The rule by which `user` passes its gradient back to the operand in `slot`.
pub fn rule(graph: &Graph, user: NodeId, slot: usize) -> Rule {
    let node = &graph.nodes[user as usize];
    if let Some(rule) = node.layer.whole_rules().and_then(|rules| rules.get(slot)) {
        return *rule;
    }
    let (a, b) = operand_values(graph, user);
    node.layer.rules(a, b, node.value)[slot.min(1)]
}

/// Every case of its rule that `user` takes for the operand in `slot`,
/// over the elements of a graph on matrices (relu of `[1, -2]` takes
/// both of its cases), in the order the elements meet them.
pub fn cases(graph: &Graph, user: NodeId, slot: usize) -> SmallVec<[Rule; 2]> {
    let mut found = SmallVec::new();
    if element_cases(graph, user, slot, &mut found).is_none() || found.is_empty() {
        found = SmallVec::from_elem(rule(graph, user, slot), 1);
    }
    found
}

/// Adds to `found` each case of an element-by-element layer's rule that
/// its elements take; `None` for a whole-matrix layer or a graph of numbers.
fn element_cases(graph: &Graph, user: NodeId, slot: usize, found: &mut SmallVec<[Rule; 2]>) -> Option<()> {
    let layer = graph.nodes[user as usize].layer;
    if layer.is_whole() {
        return None;
    }
    let y = graph.matrix(user)?;
    let ids = graph.operands(user);
    let a = graph.matrix(*ids.first()?)?.broadcast(y.dim())?;
    let parameter = graph.parameter(user);
    let b = match (parameter, ids.get(1)) {
        (None, Some(&b)) => Some(graph.matrix(b)?.broadcast(y.dim())?),
        _ => None,
    };
    for ((i, j), &out) in y.indexed_iter() {
        let second = parameter.unwrap_or_else(|| b.as_ref().map_or(f64::NAN, |b| b[[i, j]]));
        let rule = layer.rules(a[[i, j]], second, out)[slot.min(1)];
        if !found.contains(&rule) {
            found.push(rule);
        }
    }
    Some(())
}

/// The values of a node's operands (NaN where the layer has no such
/// operand); the second is the layer's parameter where it takes one (the
/// exponent of `x^2`).
pub fn operand_values(graph: &Graph, id: NodeId) -> (f64, f64) {
    let value = |slot: usize| match graph.operands(id).get(slot) {
        Some(&operand) => graph.nodes[operand as usize].value,
        None => f64::NAN,
    };
    (value(0), graph.parameter(id).unwrap_or_else(|| value(1)))
}

/// How a rule or hint refers to a node: its name, a short literal as
/// written, or else its id (`#4`), so that rules stay one short line.
pub fn reference(graph: &Graph, id: NodeId) -> String {
    if let Some(name) = graph.name(id) {
        return name.to_owned();
    }
    let label = graph.label(id);
    let literal = graph.nodes[id as usize].layer == crate::layers::Layer::Const;
    if literal && label.chars().count() <= 12 { label.into_owned() } else { format!("#{id}") }
}

/// Fills a template's placeholders (`{a}`, `{b}`, `{c}`, `{d}`, `{y}`) with what
/// `slot` gives for each letter; other text is kept as it is. A negative
/// number gets brackets where it would otherwise read wrong: after an
/// operator (`1.1 × (-2)`) or before `^` (`(-2)^2`), but not alone or as a
/// function's argument (`relu(-3)`).
pub fn fill(template: &str, mut slot: impl FnMut(char) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let mut chars = after.chars();
        match (chars.next(), chars.next()) {
            (Some(letter), Some('}')) => {
                rest = &after[letter.len_utf8() + 1..];
                let text = slot(letter);
                let before = out.trim_end().chars().next_back();
                let free = matches!(before, None | Some('(' | ',')) && !rest.starts_with('^');
                if text.starts_with('-') && !free {
                    out.push_str(&format!("({text})"));
                } else {
                    out.push_str(&text);
                }
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::evaluate;

    #[test]
    fn steps_go_forward_then_backward() {
        let evaluation = evaluate("apple = 100; apple*2");
        let steps: Vec<Step> = steps(&evaluation).collect();
        use Step::*;
        assert_eq!(steps, [Forward(0), Forward(1), Forward(2), Backward(2), Backward(1), Backward(0)]);
    }

    #[test]
    fn uses_list_every_edge_latest_first() {
        let evaluation = evaluate("x = 3; y = x*x; y + x");
        let uses = Uses::new(&evaluation.graph);
        // x is #0, y = x*x is #1, y + x is #2.
        assert_eq!(uses.of(0), [(2, 1), (1, 0), (1, 1)]);
        assert_eq!(uses.of(1), [(2, 0)]);
        assert!(uses.of(2).is_empty());
        let back: f64 =
            uses.of(0).iter().map(|&(u, s)| passed_back(&evaluation.graph, u, s).number_or_nan()).sum();
        assert_eq!(back, evaluation.graph.nodes[0].grad);
        assert_eq!(back, 7.0);
    }

    #[test]
    fn fill_replaces_only_placeholders() {
        let filled = fill("{d} × {b} {x", |c| c.to_string().repeat(2));
        assert_eq!(filled, "dd × bb {x");
        assert_eq!(fill("{", |_| String::new()), "{");
        let minus = |_| "-2".to_owned();
        assert_eq!(fill("{d} × {b}", minus), "-2 × (-2)");
        assert_eq!(fill("max({a}, {b})", minus), "max(-2, -2)");
        assert_eq!(fill("{a}^({b} - 1)", minus), "(-2)^(-2 - 1)");
        assert_eq!(fill("-{d}", minus), "-(-2)");
    }

    /// On matrices, what a use passes back is the layer's backward pass for
    /// that operand alone, a loss's target included (whose share its kernel
    /// computes only beside the scores'). softmax of a row of zeros is 1/2
    /// each, so dX = (1/2 - T)/N and a one-hot T gets -ln(1/2)/N = ln(2)/2.
    #[test]
    fn matrix_edges_pass_back_their_own_share() {
        let evaluation = evaluate("X = zeros(2, 2); T = [1, 0; 0, 1]; softmax_with_loss(X, T)");
        let graph = &evaluation.graph;
        let dx = passed_back(graph, 2, 0);
        assert_eq!(dx, Value::from_matrix(ndarray::array![[-0.25, 0.25], [0.25, -0.25]]));
        let Value::Matrix(dt) = passed_back(graph, 2, 1) else { panic!("a matrix") };
        assert!(dt.iter().all(|&x| (x - std::f64::consts::LN_2 / 2.0).abs() < 1e-15), "{dt}");
        // `A @ A` uses A twice: its two shares add up to its gradient.
        let evaluation = evaluate("A = [1, 2; 3, 4]; A @ A");
        let graph = &evaluation.graph;
        let uses = Uses::new(graph);
        let mut sum = Matrix::zeros((2, 2));
        for &(user, slot) in uses.of(0) {
            sum += &passed_back(graph, user, slot).to_matrix();
        }
        assert_eq!(sum, ndarray::array![[7.0, 11.0], [9.0, 13.0]]);
        assert_eq!(cases(graph, 1, 0).len(), 1);
    }
}
