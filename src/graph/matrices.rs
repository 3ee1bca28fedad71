//! A graph on matrices. Once a node's value is a matrix, or a layer acts on
//! whole matrices, every node of the graph gets a value and a gradient
//! buffer here (1×1 for numbers), made once, of the shape its layer gives:
//! a shape that does not fit is found when the node is pushed, and the
//! passes then write into the buffers, allocating nothing per step.

use smallvec::SmallVec;

use super::{Node, NodeId};
use crate::layers::Pass;
use crate::matrix::{Matrix, MatrixError, Shape};

/// A node whose pass failed on matrices (labels that are not whole numbers
/// in range, found when the values are known), and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Failed {
    pub node: NodeId,
    pub error: MatrixError,
}

/// Every node's value and gradient as matrices, by node id.
#[derive(Clone, Debug, Default)]
pub struct Matrices {
    pub(super) values: Vec<Matrix>,
    pub(super) grads: Vec<Matrix>,
    /// The third operand of each node that has one (`affine`'s bias), by
    /// node id in push order: three operands are rare, and a node keeps
    /// room for two.
    pub(super) thirds: Vec<(NodeId, NodeId)>,
}

/// The operand ids of a node, as many as its layer takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operands {
    ids: [NodeId; 3],
    len: u8,
}

impl Operands {
    pub(super) fn new(ids: &[NodeId]) -> Operands {
        let mut all = [0; 3];
        all[..ids.len()].copy_from_slice(ids);
        Operands { ids: all, len: ids.len() as u8 }
    }
}

impl std::ops::Deref for Operands {
    type Target = [NodeId];
    fn deref(&self) -> &[NodeId] {
        &self.ids[..self.len as usize]
    }
}

impl Matrices {
    /// The buffers of a graph whose nodes were numbers until now.
    pub(super) fn of_numbers(nodes: &[Node]) -> Matrices {
        let one = |x: f64| Matrix::from_elem((1, 1), x);
        Matrices {
            values: nodes.iter().map(|n| one(n.value)).collect(),
            grads: nodes.iter().map(|_| one(0.0)).collect(),
            thirds: Vec::new(),
        }
    }

    /// Adds the buffers of a new node holding `value`.
    pub(super) fn push(&mut self, value: Matrix) {
        self.grads.push(Matrix::zeros(value.dim()));
        self.values.push(value);
    }

    /// The third operand of node `id`, if it has one.
    pub(super) fn third(&self, id: NodeId) -> Option<NodeId> {
        let at = self.thirds.binary_search_by_key(&id, |&(node, _)| node).ok()?;
        Some(self.thirds[at].1)
    }

    pub(super) fn shape(&self, id: NodeId) -> Shape {
        Shape::of(&self.values[id as usize])
    }
}

/// The forward pass on matrices over `range`: each operation's buffer from
/// its operands' (leaves keep theirs), and the number of every 1×1 node
/// copied to its node, where the rest of the house reads numbers.
pub(super) fn forward(
    nodes: &mut [Node],
    parameters: &[f64],
    m: &mut Matrices,
    range: std::ops::Range<usize>,
) -> Result<(), Failed> {
    for i in range {
        let node = nodes[i];
        if node.layer.arity() == 0 {
            continue;
        }
        let ids = operands(&node, m, i as NodeId);
        let (before, after) = m.values.split_at_mut(i);
        let out = &mut after[0];
        let operands: SmallVec<[&Matrix; 3]> = ids.iter().map(|&o| &before[o as usize]).collect();
        let parameter = parameter(&node, parameters);
        node.layer
            .forward_matrix(&operands, parameter, out)
            .map_err(|error| Failed { node: i as NodeId, error })?;
        nodes[i].value = number(out);
    }
    Ok(())
}

/// The backward pass on matrices from `output`, seeded with ones (the
/// gradient of the sum of its elements, which for a number is d(out)/d(out)
/// = 1). Each node's gradient is the sum over every path that reaches it.
/// With `wanted` (by node: whether its gradient matters, as a training's
/// parameters and what they feed), a node that is not wanted sends nothing,
/// and a layer on whole matrices computes no gradient for an operand that
/// is not: the data X of a network costs no `dY @ Wᵀ`.
pub(super) fn backward(
    nodes: &mut [Node],
    parameters: &[f64],
    m: &mut Matrices,
    output: NodeId,
    wanted: Option<&[bool]>,
) -> Result<(), Failed> {
    let unwanted = |id: usize| wanted.is_some_and(|w| !w[id]);
    for grad in &mut m.grads {
        grad.fill(0.0);
    }
    m.grads[output as usize].fill(1.0);
    for i in (0..=output as usize).rev() {
        let node = nodes[i];
        if node.layer.arity() == 0 || unwanted(i) {
            continue;
        }
        let ids = operands(&node, m, i as NodeId);
        let operands: SmallVec<[&Matrix; 3]> = ids.iter().map(|&o| &m.values[o as usize]).collect();
        let (lower, upper) = m.grads.split_at_mut(i);
        let dy = &upper[0];
        // An operand used twice by one node (`X @ X`) gets its second share
        // in a scratch buffer, added after: two `&mut` to one buffer cannot be.
        let repeated: SmallVec<[usize; 3]> =
            (0..ids.len()).filter(|&slot| ids[..slot].contains(&ids[slot])).collect();
        let mut scratch: SmallVec<[Matrix; 1]> =
            repeated.iter().map(|&slot| Matrix::zeros(operands[slot].dim())).collect();
        let mut unique: SmallVec<[usize; 3]> = ids.iter().map(|&o| o as usize).collect();
        unique.sort_unstable();
        unique.dedup();
        let mut distinct = disjoint(lower, &unique);
        let mut spare = scratch.iter_mut();
        let mut grads: SmallVec<[Option<&mut Matrix>; 3]> = SmallVec::new();
        for (slot, &o) in ids.iter().enumerate() {
            if repeated.contains(&slot) {
                grads.push(spare.next());
            } else {
                let at = unique.binary_search(&(o as usize)).map_or(None, |at| distinct[at].take());
                // Element-by-element layers compute both operands at once: skipping one saves nothing.
                grads.push(at.filter(|_| !(node.layer.is_whole() && unwanted(o as usize))));
            }
        }
        let pass = Pass { operands: &operands, parameter: parameter(&node, parameters), y: &m.values[i], dy };
        node.layer.backward_matrix(&pass, &mut grads).map_err(|error| Failed { node: i as NodeId, error })?;
        drop(grads);
        drop(distinct);
        for (&slot, buffer) in repeated.iter().zip(&scratch) {
            m.grads[ids[slot] as usize] += buffer;
        }
    }
    for (node, grad) in nodes.iter_mut().zip(&m.grads) {
        node.grad = number(grad);
    }
    Ok(())
}

/// The ids of a node's operands (with the third, for a layer of three).
pub(super) fn operands(node: &Node, m: &Matrices, id: NodeId) -> Operands {
    match node.layer.arity() {
        3 => Operands::new(&[node.inputs[0], node.inputs[1], m.third(id).unwrap_or(node.inputs[1])]),
        arity => Operands::new(&node.inputs[..arity]),
    }
}

/// The layer's parameter, where it takes one (NaN otherwise).
fn parameter(node: &Node, parameters: &[f64]) -> f64 {
    if node.layer.has_parameter() { parameters[node.inputs[1] as usize] } else { f64::NAN }
}

/// The number a 1×1 matrix holds; NaN for a bigger one.
pub(super) fn number(m: &Matrix) -> f64 {
    if m.dim() == (1, 1) { m[[0, 0]] } else { f64::NAN }
}

/// One `&mut` into `slice` at each of `ids` (ascending, distinct), by
/// splitting it: `Option`s, so that each can be taken once.
fn disjoint<'a>(mut slice: &'a mut [Matrix], ids: &[usize]) -> SmallVec<[Option<&'a mut Matrix>; 3]> {
    let mut out = SmallVec::new();
    let mut base = 0;
    for &id in ids {
        let tail = std::mem::take(&mut slice);
        let (_, tail) = tail.split_at_mut(id - base);
        let Some((first, rest)) = tail.split_first_mut() else { break };
        out.push(Some(first));
        slice = rest;
        base = id + 1;
    }
    out
}

/// Which nodes' gradients matter for `leaves`: the leaves, and every node
/// that one of them feeds (forward order makes it one pass).
pub(super) fn wanted(nodes: &[Node], m: &Matrices, leaves: &[NodeId]) -> Vec<bool> {
    let mut wanted = vec![false; nodes.len()];
    for &leaf in leaves {
        wanted[leaf as usize] = true;
    }
    for (i, node) in nodes.iter().enumerate() {
        if node.layer.arity() > 0 && operands(node, m, i as NodeId).iter().any(|&o| wanted[o as usize]) {
            wanted[i] = true;
        }
    }
    wanted
}
