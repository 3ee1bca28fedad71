//! From an expression to a graph: formulas are expanded deps-first with an
//! explicit stack (a chain of 100,000 formulas never recurses), each input and
//! formula becomes one shared node, each literal a node of its own.

use std::rc::Rc;

use super::{Definition, Formula, Session};
use crate::error::Error;
use crate::graph::{Graph, NodeId};
use crate::layers::Layer;
use crate::span::Span;
use crate::syntax::{NameId, Op, OpKind, grad_ranges, names};

/// Stands in [`Builder`]'s table for a name that has no node yet.
const NO_NODE: NodeId = NodeId::MAX;

/// Builds one graph; remembers the node of every input and formula it made.
pub(crate) struct Builder<'s> {
    session: &'s Session,
    pub graph: Graph,
    /// By name id: an array, grown to the largest id met, not a hash table.
    node_of: Vec<NodeId>,
    /// The operand stack of [`Builder::build_ops`], kept between formulas
    /// so that a chain of them allocates it once.
    operands: Vec<NodeId>,
}

impl<'s> Builder<'s> {
    pub fn new(session: &'s Session) -> Self {
        Builder { session, graph: Graph::default(), node_of: Vec::new(), operands: Vec::new() }
    }

    /// Adds the nodes of `ops` (postfix, spans into `source`) and returns the root.
    pub fn build(&mut self, source: &Rc<str>, ops: &[Op]) -> Result<NodeId, Error> {
        // A long expression makes about a node per op and a name per name
        // mentioned (no more than the session holds): room for them at once
        // spares the arena's copies as it grows.
        let mentioned = names(ops).count().min(self.session.len());
        self.graph.reserve(ops.len(), mentioned);
        self.build_formulas(source, ops)?;
        self.build_ops(source, ops, None)
    }

    /// The node made for an input or formula, if this graph has one.
    pub fn node_of(&self, name: NameId) -> Option<NodeId> {
        self.node_of.get(name.index()).copied().filter(|&id| id != NO_NODE)
    }

    /// Records the node made for a name.
    fn set_node(&mut self, name: NameId, node: NodeId) {
        if self.node_of.len() <= name.index() {
            // Room for every name the session has seen at once, rather than
            // one resize per new largest id.
            let len = self.session.names_seen().max(name.index() + 1);
            self.node_of.resize(len, NO_NODE);
        }
        self.node_of[name.index()] = node;
    }

    /// Builds every formula `ops` reaches (outside `grad` calls, which get
    /// graphs of their own), each after the formulas it uses.
    fn build_formulas(&mut self, source: &Rc<str>, ops: &[Op]) -> Result<(), Error> {
        // Entries borrow names and formulas from the session: one lookup
        // each, however long the chain.
        let session = self.session;
        // Without formulas or `grad` calls, there is nothing to expand first,
        // and the build finds each name (or the first undefined one, with
        // the same error) in the same order: spare a look-up per mention.
        if !session.has_formulas() && !ops.iter().any(|op| matches!(op.kind, OpKind::Grad(_))) {
            return Ok(());
        }
        let mut stack: Vec<(NameId, &'s Formula, bool)> = Vec::new();
        let mut at = 0;
        for (start, end) in grad_ranges(ops).into_iter().chain([(ops.len(), ops.len())]) {
            for (name, span) in names(&ops[at..start]) {
                // Not defined: the look-up makes the error.
                if let (name, Definition::Formula(formula)) = session.lookup(name, span, source)? {
                    if self.node_of(name).is_none() {
                        stack.push((name, formula, false));
                    }
                }
            }
            at = end + 1;
        }
        while let Some((name, formula, deps_built)) = stack.pop() {
            if self.node_of(name).is_some() {
                continue;
            }
            if deps_built {
                let root = self.build_ops(&formula.expr.source, &formula.expr.ops, Some(name))?;
                self.set_node(name, root);
                continue;
            }
            stack.push((name, formula, true));
            for &dep in formula.deps.iter() {
                if let Some(Definition::Formula(used)) = session.definition(dep) {
                    if self.node_of(dep).is_none() {
                        stack.push((dep, used, false));
                    }
                }
            }
        }
        Ok(())
    }

    /// Pushes the nodes of one postfix run; formulas it uses are built already.
    /// For a formula, the root gets the formula's name (an `id` node when the
    /// definition is a bare name, so every name has a node of its own).
    fn build_ops(&mut self, source: &Rc<str>, ops: &[Op], formula: Option<NameId>) -> Result<NodeId, Error> {
        let first_new = self.graph.len();
        let mut stack = std::mem::take(&mut self.operands);
        stack.clear();
        // Every label of these ops shows the same text: find it once.
        let here = self.graph.source(source);
        let mut grads = grad_ranges(ops).into_iter();
        let mut next_grad = grads.next();
        let mut i = 0;
        while i < ops.len() {
            if let Some((start, end)) = next_grad.filter(|&(start, _)| start == i) {
                next_grad = grads.next();
                let OpKind::Grad(call) = &ops[end].kind else { unreachable!("grad ranges end at a grad op") };
                let value = gradient(self.session, source, &ops[start..end], call.wrt, call.wrt_span)?;
                let label = self.graph.label_in(here, ops[end].span());
                stack.push(self.graph.push(Layer::Const, [0, 0], value, label));
                i = end + 1;
                continue;
            }
            let op = &ops[i];
            i += 1;
            let id = match &op.kind {
                OpKind::Number(value) => {
                    let label = self.graph.label_in(here, op.span());
                    self.graph.push(Layer::Const, [0, 0], *value, label)
                }
                OpKind::Name(name) => self.name_node(*name, op.span(), source)?,
                OpKind::Layer(layer) => {
                    let mut inputs = [0; 2];
                    for slot in inputs[..layer.arity()].iter_mut().rev() {
                        *slot = stack.pop().expect("postfix order gives every layer its operands");
                    }
                    let label = self.graph.label_in(here, op.span());
                    self.graph.push(*layer, inputs, f64::NAN, label)
                }
                OpKind::Power(exponent) => {
                    let base = stack.pop().expect("postfix order gives every layer its operands");
                    let label = self.graph.label_in(here, op.span());
                    self.graph.push_with_parameter(Layer::PowLiteral, base, *exponent, label)
                }
                OpKind::Grad(_) => unreachable!("grad ops are consumed with their ranges"),
            };
            stack.push(id);
        }
        let root = stack.pop().expect("an expression has a value");
        self.operands = stack;
        let Some(name) = formula else {
            return Ok(root);
        };
        // A root that is already some name's node (`f = x`, where this build
        // made the node of `x`) keeps its name; `f` gets an `id` node over it.
        let named = self.graph.nodes[root as usize].label.is_name();
        let label = self.graph.name_label(self.session.name(name));
        if root as usize >= first_new && !named {
            self.graph.nodes[root as usize].label = label;
            Ok(root)
        } else {
            Ok(self.graph.push(Layer::Id, [root, 0], f64::NAN, label))
        }
    }

    /// The shared node of an input or (already built) formula.
    fn name_node(&mut self, name: NameId, span: Span, source: &str) -> Result<NodeId, Error> {
        if let Some(node) = self.node_of(name) {
            return Ok(node);
        }
        let session = self.session;
        let (name, definition) = session.lookup(name, span, source)?;
        // Parsed without an id and found by its text, it may have a node.
        if let Some(node) = self.node_of(name) {
            return Ok(node);
        }
        match definition {
            Definition::Input { value } => {
                let label = self.graph.name_label(session.name(name));
                let id = self.graph.push(Layer::Input, [0, 0], *value, label);
                self.set_node(name, id);
                Ok(id)
            }
            Definition::Formula(_) => unreachable!("formulas are built before the ops that use them"),
        }
    }
}

/// `grad(y, x)`: dy/dx at the session's current values, from a graph of `y`
/// alone. An `x` that `y` does not reach gets 0.
pub(crate) fn gradient(
    session: &Session,
    source: &Rc<str>,
    y: &[Op],
    wrt: NameId,
    wrt_span: Span,
) -> Result<f64, Error> {
    let (wrt, _) = session.lookup(wrt, wrt_span, source)?;
    let mut builder = Builder::new(session);
    let output = builder.build(source, y)?;
    builder.graph.forward();
    builder.graph.backward(output);
    Ok(builder.node_of(wrt).map_or(0.0, |id| builder.graph.nodes[id as usize].grad))
}
