//! Values without graphs: what the REPL confirms after an assignment, what
//! `assert` compares. Formula values are cached, so defining the 100,001st
//! formula of a chain costs one step, not a walk down the chain.

use smallvec::SmallVec;

use super::walk::{Order, Visitor, Walk};
use super::{Definition, Session, build};
use std::rc::Rc;

use crate::error::Error;
use crate::graph::{Node, NodeId, forward};
use crate::layers::Layer;
use crate::span::Span;
use crate::syntax::{Expr, NameId, Op, OpKind, grad_ranges};
use crate::value::Value;

/// The value of an input or formula, if the name is defined.
pub(super) fn value_of(session: &Session, name: NameId) -> Option<Value> {
    match session.definition(name)? {
        Definition::Input { value } => Some(value.clone()),
        Definition::Formula(_) => formula_value(session, name).ok(),
    }
}

/// A formula's value, computing (and caching) the formulas under it first,
/// deps before users, by the session's one walk.
fn formula_value(session: &Session, name: NameId) -> Result<Value, Error> {
    let epoch = session.epoch;
    let Some(Definition::Formula(formula)) = session.definition(name) else {
        return Ok(Value::Number(f64::NAN));
    };
    if let Some(value) = formula.cached_in(epoch) {
        return Ok(value);
    }
    Walk::new(session, Order::Reversed).run([name], &mut Cache { session, epoch })?;
    Ok(formula.cached_in(epoch).unwrap_or(Value::Number(f64::NAN)))
}

/// The walk that fills the value cache: each formula once its deps' values are.
struct Cache<'s> {
    session: &'s Session,
    epoch: u64,
}

impl<'s> Visitor<'s> for Cache<'s> {
    type Stop = Error;

    fn done(&self, _: NameId, definition: &'s Definition) -> bool {
        match definition {
            Definition::Input { .. } => true,
            Definition::Formula(formula) => formula.cached_in(self.epoch).is_some(),
        }
    }

    fn visit(&mut self, _: NameId, definition: &'s Definition) -> Result<(), Error> {
        if let Definition::Formula(formula) = definition {
            let (value, _) = value(self.session, &formula.expr)?;
            *formula.cached.borrow_mut() = (self.epoch, value);
        }
        Ok(())
    }
}

/// The value of `expr` (its data functions run), and the span of the first
/// node whose value was inf or NaN.
pub(super) fn value(session: &Session, expr: &Expr) -> Result<(Value, Option<Span>), Error> {
    value_of_ops(session, &expr.source, &expr.ops)
}

/// The value of the postfix `ops` (spans into `source`), as [`value`].
/// Numbers take the quick way (see [`numbers`]); a matrix anywhere, the
/// graph's.
pub(super) fn value_of_ops(
    session: &Session,
    source: &Rc<str>,
    ops: &[Op],
) -> Result<(Value, Option<Span>), Error> {
    match numbers(session, source, ops)? {
        Some((value, non_finite)) => Ok((Value::Number(value), non_finite)),
        None => on_matrices(session, source, ops),
    }
}

/// The value of `ops` from a graph of them, on matrices.
fn on_matrices(session: &Session, source: &Rc<str>, ops: &[Op]) -> Result<(Value, Option<Span>), Error> {
    let mut builder = build::Builder::new(session);
    let root = builder.build(source, ops)?;
    let graph = &mut builder.graph;
    graph.forward().map_err(|failed| build::failure(graph, failed))?;
    let non_finite = graph.first_non_finite().and_then(|id| graph.written_at(id)).map(|(_, span)| span);
    Ok((graph.value(root), non_finite))
}

/// The value of `ops` when every value in them is a number: the ops made
/// into nodes for the moment (names and `grad` calls as leaves holding
/// their values), run by the graph's forward evaluator; also the span of
/// the first node whose value was inf or NaN. `None` at the first matrix
/// or layer on whole matrices met.
fn numbers(session: &Session, source: &Rc<str>, ops: &[Op]) -> Result<Option<(f64, Option<Span>)>, Error> {
    // Small in all but long or deeply nested text: no allocation per statement.
    let mut nodes: SmallVec<[Node; 16]> = SmallVec::new();
    let mut spans: SmallVec<[Span; 16]> = SmallVec::new();
    let mut operands: SmallVec<[NodeId; 16]> = SmallVec::new();
    // The exponents of literal powers, read through their nodes' second slot.
    let mut parameters: SmallVec<[f64; 4]> = SmallVec::new();
    let mut grads = grad_ranges(ops).into_iter().peekable();
    let mut i = 0;
    while i < ops.len() {
        let (node, span) = match grads.peek() {
            Some(&(start, end)) if start == i => {
                grads.next();
                let OpKind::Grad(call) = &ops[end].kind else { unreachable!("grad ranges end at a grad op") };
                i = end + 1;
                let dy = build::gradient(session, source, &ops[start..end], call.wrt, call.wrt_span)?;
                let Value::Number(dy) = dy else { return Ok(None) };
                (Node::unlabelled(Layer::Const, [0, 0], dy), ops[end].span())
            }
            _ => {
                let op = &ops[i];
                i += 1;
                let node = match &op.kind {
                    OpKind::Number(v) => Node::unlabelled(Layer::Const, [0, 0], *v),
                    OpKind::Name(name) => {
                        let value = match session.lookup(*name, op.span(), source)? {
                            (_, Definition::Input { value }) => value.clone(),
                            (name, Definition::Formula(_)) => formula_value(session, name)?,
                        };
                        let Value::Number(value) = value else { return Ok(None) };
                        Node::unlabelled(Layer::Input, [0, 0], value)
                    }
                    OpKind::Layer(layer) if layer.is_whole() => return Ok(None),
                    OpKind::Parameter(layer, _) if layer.is_whole() => return Ok(None),
                    OpKind::Matrix(_) | OpKind::Data(_) | OpKind::Text => return Ok(None),
                    OpKind::Layer(layer) => {
                        let mut inputs = [0; 2];
                        for slot in inputs[..layer.arity()].iter_mut().rev() {
                            *slot = operands.pop().expect("postfix order gives every layer its operands");
                        }
                        Node::unlabelled(*layer, inputs, f64::NAN)
                    }
                    OpKind::Parameter(layer, p) => {
                        let base = operands.pop().expect("postfix order gives every layer its operands");
                        let slot = parameters.len() as NodeId;
                        parameters.push(*p);
                        Node::unlabelled(*layer, [base, slot], f64::NAN)
                    }
                    OpKind::Grad(_) => unreachable!("grad ops are consumed with their ranges"),
                };
                (node, op.span())
            }
        };
        operands.push(nodes.len() as NodeId);
        nodes.push(node);
        spans.push(span);
    }
    let len = nodes.len();
    forward(&mut nodes, &parameters, 0..len);
    let first_non_finite = nodes.iter().position(|n| !n.value.is_finite()).map(|at| spans[at]);
    let root = operands.pop().map_or(f64::NAN, |id| nodes[id as usize].value);
    Ok(Some((root, first_non_finite)))
}
