//! From an expression to a graph: the formulas it reaches are found
//! deps-first with an explicit stack (a chain of 100,000 formulas never
//! recurses), then built in that order into an arena reserved once; each
//! input and formula becomes one shared node, each literal a node of its own.
//!
//! `grad(y, x)` is a number from a backward pass of its own, a leaf of the
//! graph that uses it. It is never differentiated: a graph whose backward
//! pass reaches an input that the gradient's value depends on would need
//! d(grad)/d(input), so it is refused. A gradient whose inputs the graph does
//! not otherwise use (`grad(x*x, x)` evaluated alone, or times 3) is a leaf
//! like a literal, and its gradient d(out)/d(grad) is true.

use std::rc::Rc;

use super::walk::{Order, Visitor, Walk};
use super::{Definition, Formula, Session};
use crate::error::{Error, ErrorKind};
use crate::graph::{Failed, Graph, NodeId};
use crate::interrupt;
use crate::layers::Layer;
use crate::matrix::{Matrix, MatrixError};
use crate::span::Span;
use crate::syntax::{NameId, Op, OpKind, grad_ranges, names};
use crate::value::Value;

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
    /// The span of the expression being built, in the statement's text.
    whole: Span,
    /// The inputs the graph's value depends on: those it has nodes for, and
    /// those under its gradients.
    depends: Vec<NameId>,
    /// The gradients made so far, each with the inputs its value depends on.
    grads: Vec<GradLeaf>,
}

/// A `grad(y, x)` leaf, and what must stay out of the graph around it.
struct GradLeaf {
    /// The inputs the gradient's value depends on.
    depends: Vec<NameId>,
    source: Rc<str>,
    span: Span,
    /// The formula whose definition holds the call, if any.
    formula: Option<NameId>,
}

impl<'s> Builder<'s> {
    pub fn new(session: &'s Session) -> Self {
        Builder {
            session,
            graph: Graph::default(),
            node_of: Vec::new(),
            operands: Vec::new(),
            whole: Span::default(),
            depends: Vec::new(),
            grads: Vec::new(),
        }
    }

    /// Adds the nodes of `ops` (postfix, spans into `source`) and returns the root.
    pub fn build(&mut self, source: &Rc<str>, ops: &[Op]) -> Result<NodeId, Error> {
        // A long expression makes about a node per op and a name per name
        // mentioned (no more than the session holds): room for them at once
        // spares the arena's copies as it grows.
        let mentioned = names(ops).count().min(self.session.len());
        // The root op's span covers the whole expression: where an error
        // that is about all of it (running out of memory) points.
        self.whole = ops.last().map_or(Span::default(), |op| op.span());
        self.reserve(ops.len(), mentioned)?;
        self.build_formulas(source, ops)?;
        let root = self.build_ops(source, ops, None)?;
        self.refuse_second_derivatives(source, ops)?;
        Ok(root)
    }

    /// The error for the first gradient whose value depends on an input
    /// that this graph has a node for (so backward would reach it). It
    /// points at the call when `ops` hold it; for a call inside a formula,
    /// at the input where `ops` mention it, or else at the whole of `ops`.
    fn refuse_second_derivatives(&self, source: &Rc<str>, ops: &[Op]) -> Result<(), Error> {
        for leaf in &self.grads {
            let Some(&input) = leaf.depends.iter().find(|&&name| self.node_of(name).is_some()) else {
                continue;
            };
            let here = Rc::ptr_eq(&leaf.source, source);
            let span = if here {
                leaf.span
            } else {
                // By id, or by text where `ops` were parsed apart from the session.
                let text = self.session.name(input);
                let is_input =
                    |(name, span): &(NameId, Span)| *name == input || &source[span.range()] == text;
                let mention = names(ops).find(is_input).map(|(_, span)| span);
                mention.or(ops.last().map(Op::span)).unwrap_or(leaf.span)
            };
            let kind = ErrorKind::SecondDerivative {
                call: leaf.source[leaf.span.range()].to_owned(),
                input: self.session.name(input).to_owned(),
                formula: leaf.formula.map(|f| self.session.name(f).to_owned()),
            };
            return Err(Error::new(kind, span));
        }
        Ok(())
    }

    /// Room for `nodes` more nodes, or the error that says the graph did not fit.
    fn reserve(&mut self, nodes: usize, names: usize) -> Result<(), Error> {
        let whole = self.whole;
        self.graph
            .try_reserve(nodes, names)
            .map_err(|oom| Error::new(ErrorKind::OutOfMemory { nodes: oom.nodes, bytes: oom.bytes() }, whole))
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
        let session = self.session;
        // Without formulas or `grad` calls, there is nothing to expand first,
        // and the build finds each name (or the first undefined one, with
        // the same error) in the same order: spare a look-up per mention.
        if !session.has_formulas() && !ops.iter().any(|op| matches!(op.kind, OpKind::Grad(_))) {
            return Ok(());
        }
        // Every name is looked up first, so the first undefined one is the
        // error; the formulas are then built last-mentioned first, which
        // numbers the nodes as they always have been.
        let mut roots = Vec::new();
        let mut at = 0;
        for (start, end) in grad_ranges(ops).into_iter().chain([(ops.len(), ops.len())]) {
            for (name, span) in names(&ops[at..start]) {
                if let (name, Definition::Formula(_)) = session.lookup(name, span, source)? {
                    roots.push(name);
                }
            }
            at = end + 1;
        }
        let planned = vec![false; session.names_seen()];
        let mut plan = Plan { builder: self, order: Vec::new(), planned };
        Walk::new(session, Order::Reversed).run(roots.into_iter().rev(), &mut plan)?;
        let order = plan.order;
        // Room for every node at once: an arena that doubles as it goes
        // copies itself into memory never touched before, which costs more
        // than building the nodes on some machines.
        let nodes = order.iter().map(|(_, formula)| formula.expr.ops.len() + 1).sum();
        self.reserve(nodes, order.len())?;
        for (name, formula) in order {
            let root = self.build_ops(&formula.expr.source, &formula.expr.ops, Some(name))?;
            self.set_node(name, root);
        }
        Ok(())
    }

    /// Pushes the nodes of one postfix run; formulas it uses are built already.
    /// For a formula, the root gets the formula's name (an `id` node when the
    /// definition is a bare name, so every name has a node of its own).
    fn build_ops(&mut self, source: &Rc<str>, ops: &[Op], formula: Option<NameId>) -> Result<NodeId, Error> {
        // A node per op at most, and the `id` node of a formula: the pushes
        // below then never grow the arena, so never abort for memory.
        self.reserve(ops.len() + 1, 0)?;
        let first_new = self.graph.len();
        let mut stack = std::mem::take(&mut self.operands);
        stack.clear();
        // Every label of these ops shows the same text: find it once.
        let here = self.graph.source(source);
        let mut grads = grad_ranges(ops).into_iter();
        let mut next_grad = grads.next();
        let mut i = 0;
        while i < ops.len() {
            // Ctrl-C is looked at every 65,536 ops: a big graph takes seconds.
            if i & 0xFFFF == 0 && interrupt::requested() {
                return Err(Error::new(ErrorKind::Interrupted, self.whole));
            }
            if let Some((start, end)) = next_grad.filter(|&(start, _)| start == i) {
                next_grad = grads.next();
                let OpKind::Grad(call) = &ops[end].kind else { unreachable!("grad ranges end at a grad op") };
                let (value, depends) =
                    gradient_of(self.session, source, &ops[start..end], call.wrt, call.wrt_span)?;
                self.depends.extend_from_slice(&depends);
                self.grads.push(GradLeaf { depends, source: source.clone(), span: ops[end].span(), formula });
                let label = self.graph.label_in(here, ops[end].span());
                stack.push(self.graph.push_value(Layer::Const, &value, label));
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
                OpKind::Matrix(value) => {
                    let label = self.graph.label_in(here, op.span());
                    self.graph.push_value(Layer::Const, &Value::Matrix(value.clone()), label)
                }
                OpKind::Name(name) => self.name_node(*name, op.span(), source)?,
                OpKind::Layer(layer) => {
                    let at = stack.len() - layer.arity();
                    let label = self.graph.label_in(here, op.span());
                    let pushed = self.graph.push_op(*layer, &stack[at..], label);
                    stack.truncate(at);
                    pushed.map_err(|error| shape_error(error, source, ops, i - 1))?
                }
                OpKind::Parameter(layer, parameter) => {
                    let base = stack.pop().expect("postfix order gives every layer its operands");
                    let label = self.graph.label_in(here, op.span());
                    let pushed = self.graph.push_with_parameter(*layer, base, *parameter, label);
                    pushed.map_err(|error| shape_error(error, source, ops, i - 1))?
                }
                // Run when the statement runs (see `data.rs`), or refused
                // by the parser: neither reaches a graph.
                OpKind::Grad(_) | OpKind::Data(_) | OpKind::Text => {
                    unreachable!("grad ops are consumed with their ranges; data calls are run first")
                }
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
                let id = self.graph.push_value(Layer::Input, value, label);
                self.set_node(name, id);
                self.depends.push(name);
                Ok(id)
            }
            Definition::Formula(_) => unreachable!("formulas are built before the ops that use them"),
        }
    }
}

/// The walk that finds the formulas a graph needs, each after those it
/// uses: the order they are built in.
struct Plan<'b, 's> {
    builder: &'b Builder<'s>,
    order: Vec<(NameId, &'s Formula)>,
    /// By name id (every id the session has seen): the formulas in `order`.
    planned: Vec<bool>,
}

impl<'s> Visitor<'s> for Plan<'_, 's> {
    type Stop = Error;

    /// Inputs get their nodes where they are mentioned, in postfix order.
    fn done(&self, name: NameId, definition: &'s Definition) -> bool {
        matches!(definition, Definition::Input { .. })
            || self.planned[name.index()]
            || self.builder.node_of(name).is_some()
    }

    /// Names used only inside a `grad` call are not nodes of this graph.
    fn deps(&self, formula: &'s Formula) -> &'s [NameId] {
        formula.graph_deps()
    }

    fn visit(&mut self, name: NameId, definition: &'s Definition) -> Result<(), Error> {
        if let Definition::Formula(formula) = definition {
            self.planned[name.index()] = true;
            self.order.push((name, formula));
        }
        Ok(())
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
) -> Result<Value, Error> {
    gradient_of(session, source, y, wrt, wrt_span).map(|(value, _)| value)
}

/// [`gradient`], and the inputs its value depends on.
fn gradient_of(
    session: &Session,
    source: &Rc<str>,
    y: &[Op],
    wrt: NameId,
    wrt_span: Span,
) -> Result<(Value, Vec<NameId>), Error> {
    let (wrt, _) = session.lookup(wrt, wrt_span, source)?;
    let mut builder = Builder::new(session);
    let output = builder.build(source, y)?;
    run(&mut builder.graph, output)?;
    let value = match builder.node_of(wrt) {
        Some(id) => builder.graph.grad(id),
        // Not reached: 0, of x's shape.
        None => match session.value_by_id(wrt) {
            Some(Value::Matrix(m)) => Value::Matrix(std::sync::Arc::new(Matrix::zeros(m.dim()))),
            _ => Value::Number(0.0),
        },
    };
    Ok((value, builder.depends))
}

/// Runs `graph` forward, then backward from `output`; a pass that fails on
/// matrices (a label out of range) is an error at the node's text.
pub(crate) fn run(graph: &mut Graph, output: NodeId) -> Result<(), Error> {
    graph.forward().and_then(|()| graph.backward(output)).map_err(|failed| failure(graph, failed))
}

/// A failed pass as an error at the text of the node that failed (or at
/// nothing, for a node with no text of its own).
pub(crate) fn failure(graph: &Graph, failed: Failed) -> Error {
    let span = graph.written_at(failed.node).map_or(Span::default(), |(_, span)| span);
    Error::new(ErrorKind::Matrix(failed.error), span)
}

/// Shapes that do not fit at `ops[at]`: the error is at its operator where
/// one stands between the operands (the `@` of `A @ B`), else at the whole
/// operation (a call). A formula's ops are in its own source, so the error
/// is where the formula is written.
fn shape_error(error: MatrixError, source: &str, ops: &[Op], at: usize) -> Error {
    let op = &ops[at];
    let whole = op.span();
    let operator = match op.kind {
        OpKind::Layer(layer) if layer.arity() == 2 => operator_between(source, ops, at, layer.symbol()),
        _ => None,
    };
    Error::new(ErrorKind::Matrix(error), operator.unwrap_or(whole))
}

/// Where the operator of the binary operation `ops[at]` is written: between
/// its two operands' texts, the first character that is not a blank or a
/// closing bracket. `None` for a call (`max(a, b)`), which has none.
fn operator_between(source: &str, ops: &[Op], at: usize, symbol: &str) -> Option<Span> {
    let right = at.checked_sub(1)?;
    let left = operand_start(ops, right)?.checked_sub(1)?;
    let (from, to) = (ops[left].span().end, ops[right].span().start);
    let between = source.get(from..to)?;
    let offset = between.find(|c: char| !c.is_whitespace() && c != ')')?;
    let len = between[offset..].chars().next()?.len_utf8();
    // An operator of more than one character (`**`) is still marked by its first.
    let written = &between[offset..offset + len];
    let is_operator = "+-*/^@".contains(written) || symbol == written;
    is_operator.then(|| Span::new(from + offset, from + offset + len))
}

/// The index of the first op of the operand that `ops[last]` completes.
fn operand_start(ops: &[Op], last: usize) -> Option<usize> {
    let mut needed = 1usize;
    let mut i = last + 1;
    while needed > 0 {
        i = i.checked_sub(1)?;
        needed = needed - 1 + ops[i].takes();
    }
    Some(i)
}
