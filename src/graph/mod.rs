//! The arena: nodes in a `Vec`, each pushed after its operands, so the vector's
//! order is a topological order. Forward is a loop up the vector, backward a
//! loop down it; gradients are fresh for every evaluation.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

mod matrices;

pub use matrices::{Failed, Operands};

use crate::layers::Layer;
use crate::matrix::{Matrix, MatrixError, Shape};
use crate::packed::Packed;
use crate::span::Span;
use crate::value::Value;
use matrices::Matrices;

/// A node's position in the arena.
pub type NodeId = u32;

/// How a node is shown: by a name (inputs, formulas), or by the source text
/// of the literal or operation it came from. Seven bytes with no tag of its
/// own, so that a node takes 32 bytes, as the minimal arena's do: a million-
/// node arena notices, and on some machines every page of memory touched
/// for the first time costs more than the work done in it. A text's label
/// keeps the text's index in the graph (below [`LONG`]) and its span as a
/// start and a length; one that does not fit (a graph showing 254 texts or
/// more, a span of 64 KiB or more: rare) keeps where its whole label stands
/// in [`Graph::long_labels`].
#[derive(Clone, Copy, Debug)]
#[repr(C, packed)]
pub struct Label {
    start: u32,
    len: u16,
    source: u8,
}

/// The `source` of a name's label; `start` is then the name's index.
const NAMED: u8 = u8::MAX;

/// The `source` of a label kept whole in [`Graph::long_labels`]; `start`
/// is then its index there.
const LONG: u8 = u8::MAX - 1;

/// A text label that does not fit in a [`Label`].
#[derive(Clone, Copy, Debug)]
struct LongLabel {
    source: u32,
    start: u32,
    end: u32,
}

/// A [`Label`], taken apart.
enum Shown {
    Name(usize),
    Text { source: usize, start: usize, end: usize },
}

impl Label {
    fn name(index: usize) -> Label {
        Label { start: index as u32, len: 0, source: NAMED }
    }

    /// Whether the label is a name (of an input or formula).
    pub fn is_name(self) -> bool {
        self.source == NAMED
    }
}

/// Where a source text stands among a graph's (see [`Graph::source`]).
#[derive(Clone, Copy, Debug)]
pub struct SourceIndex(usize);

/// One layer instance with its forward value and the gradient d(out)/d(node).
#[derive(Clone, Copy, Debug)]
pub struct Node {
    pub layer: Layer,
    pub inputs: [NodeId; 2],
    pub value: f64,
    pub grad: f64,
    pub label: Label,
}

impl Node {
    /// A node with no label of its own, for a run of nodes that is
    /// evaluated and dropped (a value without a graph).
    pub fn unlabelled(layer: Layer, inputs: [NodeId; 2], value: f64) -> Node {
        Node { layer, inputs, value, grad: 0.0, label: Label::name(0) }
    }
}

/// The one forward evaluator: recomputes every operation of `nodes[range]`
/// from its operands' values, in order (leaves keep theirs); a layer with a
/// parameter (the exponent of `x^2`) reads it from `parameters`, through its
/// second slot. Evaluations run it over the whole arena, the gradient check
/// from a perturbed leaf onward, and values without graphs over nodes made
/// for the moment.
pub fn forward(nodes: &mut [Node], parameters: &[f64], range: Range<usize>) {
    // Most graphs have no parameter: their loop reads no side table and asks
    // no node whether it has one.
    if parameters.is_empty() {
        forward_with::<false>(nodes, parameters, range)
    } else {
        forward_with::<true>(nodes, parameters, range)
    }
}

fn forward_with<const PARAMETERS: bool>(nodes: &mut [Node], parameters: &[f64], range: Range<usize>) {
    for i in range {
        let node = &nodes[i];
        if node.layer.arity() == 0 {
            continue;
        }
        let a = nodes[node.inputs[0] as usize].value;
        let b = second::<PARAMETERS>(nodes, parameters, node);
        nodes[i].value = node.layer.forward(a, b);
    }
}

/// The `b` of `node`'s layer in the passes: its parameter, which only a
/// graph with `PARAMETERS` has, or its second operand's value.
#[inline(always)]
fn second<const PARAMETERS: bool>(nodes: &[Node], parameters: &[f64], node: &Node) -> f64 {
    if PARAMETERS && node.layer.has_parameter() {
        parameters[node.inputs[1] as usize]
    } else {
        nodes[node.inputs[1] as usize].value
    }
}

/// Labels longer than this many characters are shortened with `…`.
pub const LABEL_WIDTH: usize = 40;

/// A graph that did not fit in memory: how many nodes it was to have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfMemory {
    pub nodes: usize,
}

impl OutOfMemory {
    /// About how many bytes the arena of that many nodes takes.
    pub fn bytes(self) -> usize {
        self.nodes.saturating_mul(std::mem::size_of::<Node>())
    }
}

/// A computational graph, with what its labels refer to. Cloned by the
/// gradient check on matrices, which nudges a copy's leaves in place.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    /// The names of named nodes: no allocation per name.
    names: Packed,
    sources: Vec<Rc<str>>,
    source_index: HashMap<*const u8, u32>,
    /// The text labels that do not fit in a [`Label`], which keeps an index here.
    long_labels: Vec<LongLabel>,
    /// The parameters of layers that take one (the exponent of `x^2`), each
    /// indexed by its node's second slot, which such a layer does not use
    /// for an operand: the exponent is kept exactly, and a node stays 32
    /// bytes instead of carrying eight more that only `x^2` would use.
    parameters: Vec<f64>,
    /// Every node's value and gradient as a matrix, once the graph has a
    /// matrix or a layer that acts on whole matrices; `None` for a graph of
    /// numbers, which runs as before, 32 bytes a node.
    matrices: Option<Box<Matrices>>,
}

impl Graph {
    /// Makes room for `nodes` more nodes, `names` of them named, at once:
    /// growing step by step copies the arena and holds two of it at a time.
    /// Running out of memory is an error that says how big the graph was
    /// to be, not an abort.
    pub fn try_reserve(&mut self, nodes: usize, names: usize) -> Result<(), OutOfMemory> {
        let wanted = OutOfMemory { nodes: self.nodes.len().saturating_add(nodes) };
        self.nodes.try_reserve(nodes).map_err(|_| wanted)?;
        self.names.try_reserve(names).map_err(|_| wanted)
    }

    /// Adds a node after its operands and returns its id: a leaf holding
    /// `value`, or (with NaN) an operation on numbers. An operation that
    /// may meet matrices is pushed with [`Graph::push_op`].
    pub fn push(&mut self, layer: Layer, inputs: [NodeId; 2], value: f64, label: Label) -> NodeId {
        let id = NodeId::try_from(self.nodes.len()).expect("fewer than 2^32 nodes fit in memory");
        self.nodes.push(Node { layer, inputs, value, grad: 0.0, label });
        if let Some(m) = &mut self.matrices {
            m.push(Matrix::from_elem((1, 1), value));
        }
        id
    }

    /// Adds a leaf holding `value` (a number or a matrix).
    pub fn push_value(&mut self, layer: Layer, value: &Value, label: Label) -> NodeId {
        match value {
            Value::Number(x) => self.push(layer, [0, 0], *x, label),
            Value::Matrix(m) => {
                let id = self.push(layer, [0, 0], f64::NAN, label);
                let matrices = self.matrices();
                matrices.values[id as usize] = m.as_ref().clone();
                matrices.grads[id as usize] = Matrix::zeros(m.dim());
                id
            }
        }
    }

    /// Adds an operation over `operands` (after them) and returns its id.
    /// On matrices its shape is found now, from its operands', so that a
    /// mismatch is an error where the operation is written.
    pub fn push_op(
        &mut self,
        layer: Layer,
        operands: &[NodeId],
        label: Label,
    ) -> Result<NodeId, MatrixError> {
        debug_assert!(!layer.has_parameter() && operands.len() == layer.arity());
        if layer.is_whole() {
            self.matrices();
        }
        let inputs = [operands.first().copied().unwrap_or(0), operands.get(1).copied().unwrap_or(0)];
        let Some(m) = &self.matrices else {
            return Ok(self.push(layer, inputs, f64::NAN, label));
        };
        let shapes: smallvec::SmallVec<[Shape; 3]> = operands.iter().map(|&o| m.shape(o)).collect();
        let shape = layer.shape(&shapes, f64::NAN)?;
        let id = self.push(layer, inputs, f64::NAN, label);
        self.resize(id, shape);
        if let [_, _, third] = *operands {
            self.matrices().thirds.push((id, third));
        }
        Ok(id)
    }

    /// The matrices of the graph, made now (every node so far 1×1) if it
    /// had none.
    fn matrices(&mut self) -> &mut Matrices {
        let nodes = &self.nodes;
        self.matrices.get_or_insert_with(|| Box::new(Matrices::of_numbers(nodes)))
    }

    /// Gives node `id`'s buffers the shape `shape`.
    fn resize(&mut self, id: NodeId, shape: Shape) {
        let m = self.matrices();
        if Shape::of(&m.values[id as usize]) != shape {
            m.values[id as usize] = Matrix::from_elem(shape.dim(), f64::NAN);
            m.grads[id as usize] = Matrix::zeros(shape.dim());
        }
    }

    /// Adds a node whose layer takes a parameter (see [`Layer::has_parameter`]),
    /// over its one operand, and returns its id.
    pub fn push_with_parameter(
        &mut self,
        layer: Layer,
        input: NodeId,
        parameter: f64,
        label: Label,
    ) -> Result<NodeId, MatrixError> {
        debug_assert!(layer.has_parameter() && layer.arity() == 1);
        if layer.is_whole() {
            self.matrices();
        }
        let shape = match &self.matrices {
            Some(m) => Some(layer.shape(&[m.shape(input)], parameter)?),
            None => None,
        };
        let slot = NodeId::try_from(self.parameters.len()).expect("fewer than 2^32 parameters");
        self.parameters.push(parameter);
        let id = self.push(layer, [input, slot], f64::NAN, label);
        if let Some(shape) = shape {
            self.resize(id, shape);
        }
        Ok(id)
    }

    /// The operand ids of node `id`, as many as its layer takes.
    pub fn operands(&self, id: NodeId) -> Operands {
        let node = &self.nodes[id as usize];
        match &self.matrices {
            Some(m) => matrices::operands(node, m, id),
            // Only a layer on whole matrices takes three.
            None => Operands::new(&node.inputs[..node.layer.arity()]),
        }
    }

    /// Whether the graph runs on matrices (it has a matrix, or a layer that
    /// acts on whole matrices).
    pub fn on_matrices(&self) -> bool {
        self.matrices.is_some()
    }

    /// Whether any node's value is a matrix bigger than 1×1.
    pub fn has_matrix(&self) -> bool {
        self.matrices.as_ref().is_some_and(|m| m.values.iter().any(|v| v.dim() != (1, 1)))
    }

    /// The shape of node `id`'s value.
    pub fn shape(&self, id: NodeId) -> Shape {
        self.matrices.as_ref().map_or(Shape::new(1, 1), |m| m.shape(id))
    }

    /// Node `id`'s value as a matrix, on a graph that runs on matrices.
    pub fn matrix(&self, id: NodeId) -> Option<&Matrix> {
        self.matrices.as_ref().map(|m| &m.values[id as usize])
    }

    /// Node `id`'s gradient as a matrix, on a graph that runs on matrices.
    pub fn grad_matrix(&self, id: NodeId) -> Option<&Matrix> {
        self.matrices.as_ref().map(|m| &m.grads[id as usize])
    }

    /// The value of a leaf, to change in place (the gradient check nudges
    /// its elements), on a graph that runs on matrices.
    pub fn matrix_mut(&mut self, id: NodeId) -> Option<&mut Matrix> {
        self.matrices.as_mut().map(|m| &mut m.values[id as usize])
    }

    /// Moves leaf `id` down its gradient: value -= rate × grad, in place.
    pub fn descend(&mut self, id: NodeId, rate: f64) {
        let node = &mut self.nodes[id as usize];
        match &mut self.matrices {
            Some(m) => {
                let (value, grad) = (&mut m.values[id as usize], &m.grads[id as usize]);
                value.scaled_add(-rate, grad);
                node.value = matrices::number(value);
            }
            None => node.value -= rate * node.grad,
        }
    }

    /// Copies node `id`'s value into `out`, which has its shape (made once
    /// and reused: a training keeps each step's values without allocating).
    pub fn copy_value(&self, id: NodeId, out: &mut Matrix) {
        match self.matrix(id) {
            Some(m) => out.assign(m),
            None => out.fill(self.nodes[id as usize].value),
        }
    }

    /// Node `id`'s value.
    pub fn value(&self, id: NodeId) -> Value {
        match self.matrix(id) {
            Some(m) if m.dim() != (1, 1) => Value::Matrix(std::sync::Arc::new(m.clone())),
            _ => Value::Number(self.nodes[id as usize].value),
        }
    }

    /// Node `id`'s gradient.
    pub fn grad(&self, id: NodeId) -> Value {
        match self.grad_matrix(id) {
            Some(m) if m.dim() != (1, 1) => Value::Matrix(std::sync::Arc::new(m.clone())),
            _ => Value::Number(self.nodes[id as usize].grad),
        }
    }

    /// The parameter of node `id`'s layer, if it takes one.
    pub fn parameter(&self, id: NodeId) -> Option<f64> {
        let node = &self.nodes[id as usize];
        node.layer.has_parameter().then(|| self.parameters[node.inputs[1] as usize])
    }

    /// The second number `node`'s layer reads (its `b`): the value of its
    /// second operand, which `value_of` gives, or its parameter.
    pub fn operand_b(&self, node: &Node, value_of: impl Fn(NodeId) -> f64) -> f64 {
        if node.layer.has_parameter() {
            self.parameters[node.inputs[1] as usize]
        } else {
            value_of(node.inputs[1])
        }
    }

    /// How figures draw node `id`'s layer: its symbol, with the exponent
    /// for a literal one (`^2`, as micrograd labels `**2`).
    pub fn symbol(&self, id: NodeId) -> Cow<'static, str> {
        let layer = self.nodes[id as usize].layer;
        match self.parameter(id) {
            Some(p) => Cow::Owned(format!("{}{p}", layer.symbol())),
            None => Cow::Borrowed(layer.symbol()),
        }
    }

    /// A label naming `name`.
    pub fn name_label(&mut self, name: &str) -> Label {
        Label::name(self.names.push(name))
    }

    /// A label showing `span` of `source`.
    pub fn text_label(&mut self, source: &Rc<str>, span: Span) -> Label {
        let index = self.source(source);
        self.label_in(index, span)
    }

    /// The index of `source` among the texts this graph's labels show,
    /// added if new: a run of labels from one text finds it once.
    pub fn source(&mut self, source: &Rc<str>) -> SourceIndex {
        // Labels come in runs from one source: check the last before hashing.
        if let Some(last) = self.sources.len().checked_sub(1) {
            if Rc::ptr_eq(&self.sources[last], source) {
                return SourceIndex(last);
            }
        }
        let key = source.as_ptr();
        let next = self.sources.len() as u32;
        let index = *self.source_index.entry(key).or_insert(next);
        if index == next {
            self.sources.push(source.clone());
        }
        SourceIndex(index as usize)
    }

    /// The parameters of the layers that take one, by the slot their node holds.
    pub fn parameters(&self) -> &[f64] {
        &self.parameters
    }

    /// A label showing `span` of the source at `index` (from [`Graph::source`]).
    pub fn label_in(&mut self, index: SourceIndex, span: Span) -> Label {
        match (u8::try_from(index.0), u16::try_from(span.end - span.start)) {
            (Ok(source), Ok(len)) if source < LONG => Label { start: span.start as u32, len, source },
            _ => {
                let long =
                    LongLabel { source: index.0 as u32, start: span.start as u32, end: span.end as u32 };
                self.long_labels.push(long);
                Label { start: (self.long_labels.len() - 1) as u32, len: 0, source: LONG }
            }
        }
    }

    /// The label of node `id`, taken apart.
    fn shown(&self, id: NodeId) -> Shown {
        let Label { start, len, source } = self.nodes[id as usize].label;
        let start = start as usize;
        match source {
            NAMED => Shown::Name(start),
            LONG => {
                let LongLabel { source, start, end } = self.long_labels[start];
                Shown::Text { source: source as usize, start: start as usize, end: end as usize }
            }
            source => Shown::Text { source: source as usize, start, end: start + len as usize },
        }
    }

    /// The forward pass: every operation from its operands' values, in order.
    pub fn forward(&mut self) -> Result<(), Failed> {
        let len = self.nodes.len();
        self.forward_range(0..len)
    }

    /// The forward pass over `range` only (the gradient check recomputes
    /// from a nudged leaf onward).
    pub fn forward_range(&mut self, range: Range<usize>) -> Result<(), Failed> {
        match &mut self.matrices {
            Some(m) => matrices::forward(&mut self.nodes, &self.parameters, m, range),
            None => {
                forward(&mut self.nodes, &self.parameters, range);
                Ok(())
            }
        }
    }

    /// The backward pass from `output`, seeded with d(out)/d(out) = 1 (a
    /// matrix of ones for a matrix: the gradients of the sum of its
    /// elements). Each node's gradient is the sum over every path that
    /// reaches it.
    pub fn backward(&mut self, output: NodeId) -> Result<(), Failed> {
        if let Some(m) = &mut self.matrices {
            return matrices::backward(&mut self.nodes, &self.parameters, m, output, None);
        }
        for node in &mut self.nodes {
            node.grad = 0.0;
        }
        self.nodes[output as usize].grad = 1.0;
        if self.parameters.is_empty() {
            self.backward_with::<false>(output)
        } else {
            self.backward_with::<true>(output)
        }
        Ok(())
    }

    /// Which nodes' gradients a backward pass for `leaves` needs (see
    /// [`Graph::backward_wanting`]): made once for a training's steps.
    pub fn wanted(&self, leaves: &[NodeId]) -> Vec<bool> {
        match &self.matrices {
            Some(m) => matrices::wanted(&self.nodes, m, leaves),
            None => vec![true; self.nodes.len()],
        }
    }

    /// The backward pass from `output` for the gradients of the nodes
    /// `wanted` marks only (others may be left stale): on matrices, a
    /// training skips the products that no parameter needs.
    pub fn backward_wanting(&mut self, output: NodeId, wanted: &[bool]) -> Result<(), Failed> {
        match &mut self.matrices {
            Some(m) => matrices::backward(&mut self.nodes, &self.parameters, m, output, Some(wanted)),
            None => self.backward(output),
        }
    }

    fn backward_with<const PARAMETERS: bool>(&mut self, output: NodeId) {
        for i in (0..=output as usize).rev() {
            let node = self.nodes[i];
            let Node { layer, inputs: [a, b], value, grad, .. } = node;
            if layer.arity() == 0 {
                continue;
            }
            let va = self.nodes[a as usize].value;
            let vb = second::<PARAMETERS>(&self.nodes, &self.parameters, &node);
            let (da, db) = layer.backward(va, vb, value, grad);
            self.nodes[a as usize].grad += da;
            if layer.arity() == 2 {
                self.nodes[b as usize].grad += db;
            }
        }
    }

    /// The first node, in forward order, whose value is inf or NaN.
    pub fn first_non_finite(&self) -> Option<NodeId> {
        if let Some(m) = &self.matrices {
            return m.values.iter().position(|v| !v.iter().all(|x| x.is_finite())).map(|i| i as NodeId);
        }
        self.nodes.iter().position(|n| !n.value.is_finite()).map(|i| i as NodeId)
    }

    /// Whether node `id` is an input or a formula: a table of the named
    /// nodes asks it of every node, and needs no name to know.
    pub fn is_named(&self, id: NodeId) -> bool {
        self.nodes[id as usize].label.is_name()
    }

    /// The name of an input or formula node.
    pub fn name(&self, id: NodeId) -> Option<&str> {
        match self.shown(id) {
            Shown::Name(i) => Some(self.names.get(i)),
            Shown::Text { .. } => None,
        }
    }

    /// What a node is called in every output: its name, or its source text
    /// with runs of blanks folded and shortened to [`LABEL_WIDTH`] characters.
    pub fn label(&self, id: NodeId) -> Cow<'_, str> {
        match self.shown(id) {
            Shown::Name(i) => Cow::Borrowed(self.names.get(i)),
            Shown::Text { source, start, end } => {
                let text = &self.sources[source][start..end];
                shorten(text)
            }
        }
    }

    /// Appends [`Graph::label`] of `id` to `out`: a table or JSON of a
    /// million rows writes its labels with no `String` each.
    pub fn write_label(&self, id: NodeId, out: &mut String) {
        match self.shown(id) {
            Shown::Name(i) => out.push_str(self.names.get(i)),
            Shown::Text { source, start, end } => {
                write_shortened(&self.sources[source][start..end], LABEL_WIDTH, out)
            }
        }
    }

    /// Where a literal or operation node was written: its source text and span.
    pub fn written_at(&self, id: NodeId) -> Option<(&Rc<str>, Span)> {
        match self.shown(id) {
            Shown::Name(_) => None,
            Shown::Text { source, start, end } => Some((&self.sources[source], Span::new(start, end))),
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// Folds blanks (a label may span lines) and cuts to [`LABEL_WIDTH`] characters.
fn shorten(text: &str) -> Cow<'_, str> {
    shorten_to(text, LABEL_WIDTH)
}

/// Folds blanks and cuts to `width` characters, ending in `…` when cut.
pub fn shorten_to(text: &str, width: usize) -> Cow<'_, str> {
    if fits(text, width) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(width + 2);
    write_shortened(text, width, &mut out);
    Cow::Owned(out)
}

/// Whether `text` is its own label: short, with nothing to fold. Only short
/// texts are checked whole: a label must cost O(width), not O(length of the
/// sub-expression), or a long sum would be quadratic.
fn fits(text: &str, width: usize) -> bool {
    // Byte by byte: the characters looked for are ASCII, and a pattern
    // search costs more to set up than a label takes to scan.
    let bytes = text.as_bytes();
    bytes.len() <= width
        && !bytes.iter().fold(false, |found, &b| found | matches!(b, b'\n' | b'\t' | b'\r' | b'#'))
        && !double_blank(bytes)
}

/// Whether two blanks stand side by side. Folds rather than stopping early,
/// so that short texts are scanned without a branch per byte.
fn double_blank(bytes: &[u8]) -> bool {
    let next = bytes.get(1..).unwrap_or_default();
    bytes.iter().zip(next).fold(false, |found, (&a, &b)| found | (a == b' ' && b == b' '))
}

/// Appends [`shorten_to`] of `text` to `out`, allocating nothing of its own.
pub fn write_shortened(text: &str, width: usize, out: &mut String) {
    if fits(text, width) {
        return out.push_str(text);
    }
    // Plain ASCII whose first width + 1 characters need no folding (single
    // blanks inside, none at either end): the cut is a byte slice.
    let bytes = text.as_bytes();
    if width >= 2 && bytes.len() > width {
        let head = &bytes[..=width];
        let plain = head[0] != b' '
            && head[width] != b' '
            && head.iter().fold(true, |all, &b| all & (b == b' ' || (b.is_ascii_graphic() && b != b'#')))
            && !double_blank(head);
        if plain {
            out.push_str(&text[..width - 1]);
            return out.push('…');
        }
    }
    // Fold at most one character past the width, straight into `out`:
    // enough to know whether to cut. Characters one by one, never `lines()`,
    // which would look for the end of a long line first.
    let base = out.len();
    let mut count = 0;
    let mut blank = false;
    let mut comment = false;
    for c in text.chars() {
        if comment {
            // A comment inside a multi-line expression is not part of its label.
            comment = c != '\n';
            blank = count > 0;
            continue;
        }
        if c == '#' {
            comment = true;
            continue;
        }
        if c.is_whitespace() {
            blank = count > 0;
            continue;
        }
        if blank {
            out.push(' ');
            count += 1;
            blank = false;
        }
        out.push(c);
        count += 1;
        if count > width {
            break;
        }
    }
    if count > width {
        // Keep the first width - 1 characters.
        let cut = out[base..].char_indices().nth(width - 1).map_or(out.len(), |(at, _)| base + at);
        out.truncate(cut);
        out.push('…');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million-node arena holds a million of these: a field that makes
    /// them bigger should be a choice, not an accident.
    #[test]
    fn a_node_takes_32_bytes() {
        assert_eq!(std::mem::size_of::<Node>(), 32);
        assert_eq!(std::mem::size_of::<crate::syntax::Op>(), 24);
    }

    /// A label that does not fit in a node (the 300th text of a graph, a
    /// span of 70,000 bytes) is kept whole beside the arena, and reads back
    /// as every other label does.
    #[test]
    fn every_label_reads_back_as_it_was_made() {
        let mut graph = Graph::default();
        let long: Rc<str> = format!("({})", "x + ".repeat(17_500) + "x").into();
        let mut made = Vec::new();
        for i in 0..300 {
            let text: Rc<str> = format!("a{i} * 2").into();
            let span = if i % 2 == 0 { Span::new(0, text.len()) } else { Span::new(4, 5) };
            let label = graph.text_label(&text, span);
            made.push((graph.push(Layer::Const, [0, 0], 1.0, label), text, span));
        }
        let whole = Span::new(0, long.len());
        let label = graph.text_label(&long, whole);
        made.push((graph.push(Layer::Const, [0, 0], 1.0, label), long.clone(), whole));
        let label = graph.name_label("x");
        let named = graph.push(Layer::Input, [0, 0], 1.0, label);
        for (id, text, span) in &made {
            let (source, at) = graph.written_at(*id).expect("a text label");
            assert!(Rc::ptr_eq(source, text) && at == *span, "node {id}");
            assert_eq!(graph.label(*id), shorten(&text[span.range()]), "node {id}");
        }
        assert!(!graph.long_labels.is_empty(), "some labels did not fit");
        assert_eq!((graph.name(named), graph.written_at(named)), (Some("x"), None));
        assert!(graph.nodes[named as usize].label.is_name());
    }

    /// A range of the arena is recomputed from its operands; the rest, and
    /// the leaves, keep their values.
    #[test]
    fn forward_recomputes_only_its_range() {
        let mut nodes = vec![
            Node::unlabelled(Layer::Input, [0, 0], 3.0),
            Node::unlabelled(Layer::Const, [0, 0], 4.0),
            Node::unlabelled(Layer::Mul, [0, 1], f64::NAN),
            Node::unlabelled(Layer::Neg, [2, 0], f64::NAN),
        ];
        forward(&mut nodes, &[], 0..3);
        assert_eq!((nodes[2].value, nodes[3].value.is_nan()), (12.0, true));
        nodes[0].value = 5.0;
        forward(&mut nodes, &[], 1..4);
        assert_eq!([nodes[0].value, nodes[1].value, nodes[2].value, nodes[3].value], [5.0, 4.0, 20.0, -20.0]);
    }

    /// A literal exponent lives in the side table, found through the
    /// node's second slot; the passes read it as the layer's `b`.
    #[test]
    fn a_parameter_is_kept_beside_the_node_and_read_by_both_passes() {
        let mut graph = Graph::default();
        let source: Rc<str> = "x^3".into();
        let label = graph.text_label(&source, Span::new(0, 3));
        let x = graph.push(Layer::Input, [0, 0], 2.0, label);
        let other = graph.push(Layer::Input, [0, 0], 5.0, label);
        let cube = graph.push_with_parameter(Layer::PowLiteral, x, 3.0, label).unwrap();
        graph.forward().unwrap();
        graph.backward(cube).unwrap();
        // 2^3 = 8 (the slot read as a node would be #0, x, giving 2^2 = 4);
        // d/dx = 3 · 2^2 = 12, and no other node gets a gradient.
        assert_eq!(graph.nodes[cube as usize].value, 8.0);
        assert_eq!(graph.nodes[x as usize].grad, 12.0);
        assert_eq!(graph.nodes[other as usize].grad, 0.0);
        assert_eq!((graph.parameter(cube), graph.parameter(x)), (Some(3.0), None));
        assert_eq!(graph.symbol(cube), "^3");
        assert_eq!(*graph.operands(cube), [x]);
    }

    #[test]
    fn long_labels_are_shortened_to_the_width() {
        let long = "a".repeat(100);
        let label = shorten(&long);
        assert_eq!(label.chars().count(), LABEL_WIDTH);
        assert!(label.ends_with('…'));
        assert_eq!(shorten("x  +\n  y"), "x + y");
        assert_eq!(shorten(&"b".repeat(LABEL_WIDTH)), "b".repeat(LABEL_WIDTH));
    }

    /// The byte-slice shortcut for plain ASCII gives what folding gives.
    #[test]
    fn plain_labels_are_cut_as_folded_ones() {
        let sum: String = (1..30).map(|i| format!("x{i}*w{i}")).collect::<Vec<_>>().join(" + ");
        for text in [sum.as_str(), &sum[1..], "a + b  + c", "ab"] {
            for width in [2, 5, 12, 13, 40] {
                let mut folded = String::new();
                for word in text.split_whitespace() {
                    if !folded.is_empty() {
                        folded.push(' ');
                    }
                    folded.push_str(word);
                }
                let expected = if folded.chars().count() > width {
                    folded.chars().take(width - 1).chain(['…']).collect()
                } else {
                    folded
                };
                assert_eq!(shorten_to(text, width), expected, "{text:?} to {width}");
            }
        }
    }
}
