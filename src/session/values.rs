//! Values without graphs: what the REPL confirms after an assignment, what
//! `assert` compares. Formula values are cached, so defining the 100,001st
//! formula of a chain costs one step, not a walk down the chain.

use smallvec::SmallVec;

use super::{Definition, Formula, Session, build};
use crate::error::Error;
use crate::span::Span;
use crate::syntax::{Expr, NameId, OpKind, grad_ranges};

/// The value of an input or formula, if the name is defined.
pub(super) fn value_of(session: &Session, name: NameId) -> Option<f64> {
    match session.definition(name)? {
        Definition::Input { value } => Some(*value),
        Definition::Formula(_) => formula_value(session, name).ok(),
    }
}

/// A formula's value, computing (and caching) the formulas under it first,
/// deps before users, with an explicit stack.
fn formula_value(session: &Session, name: NameId) -> Result<f64, Error> {
    let epoch = session.epoch;
    let Some(Definition::Formula(formula)) = session.definition(name) else {
        return Ok(f64::NAN);
    };
    if let Some(value) = formula.cached_in(epoch) {
        return Ok(value);
    }
    let mut stack: Vec<(&Formula, bool)> = vec![(formula, false)];
    while let Some((current, deps_done)) = stack.pop() {
        if current.cached_in(epoch).is_some() {
            continue;
        }
        if deps_done {
            let (value, _) = value(session, &current.expr)?;
            current.cached.set((epoch, value));
            continue;
        }
        stack.push((current, true));
        for &dep in current.deps.iter() {
            if let Some(Definition::Formula(used)) = session.definition(dep) {
                if used.cached_in(epoch).is_none() {
                    stack.push((used, false));
                }
            }
        }
    }
    Ok(formula.cached_in(epoch).unwrap_or(f64::NAN))
}

/// Runs `expr`'s postfix ops on a stack of numbers; also returns the span of
/// the first step whose value was inf or NaN.
pub(super) fn value(session: &Session, expr: &Expr) -> Result<(f64, Option<Span>), Error> {
    let ops = &expr.ops;
    // Shallow in all but deeply nested text: no allocation per statement.
    let mut stack: SmallVec<[f64; 16]> = SmallVec::new();
    let mut first_non_finite = None;
    let mut grads = grad_ranges(ops).into_iter().peekable();
    let mut i = 0;
    while i < ops.len() {
        let (value, span) = match grads.peek() {
            Some(&(start, end)) if start == i => {
                grads.next();
                let OpKind::Grad(call) = &ops[end].kind else { unreachable!("grad ranges end at a grad op") };
                i = end + 1;
                let dy = build::gradient(session, &expr.source, &ops[start..end], call.wrt, call.wrt_span)?;
                (dy, ops[end].span())
            }
            _ => {
                let op = &ops[i];
                i += 1;
                let value = match &op.kind {
                    OpKind::Number(v) => *v,
                    OpKind::Name(name) => match session.lookup(*name, op.span(), &expr.source)? {
                        (_, Definition::Input { value }) => *value,
                        (name, Definition::Formula(_)) => formula_value(session, name)?,
                    },
                    OpKind::Layer(layer) => {
                        let b = if layer.arity() == 2 { stack.pop().unwrap_or(f64::NAN) } else { 0.0 };
                        let a = stack.pop().unwrap_or(f64::NAN);
                        layer.forward(a, b)
                    }
                    OpKind::Power(p) => {
                        crate::layers::Layer::PowLiteral.forward(stack.pop().unwrap_or(f64::NAN), *p)
                    }
                    OpKind::Grad(_) => unreachable!("grad ops are consumed with their ranges"),
                };
                (value, op.span())
            }
        };
        if first_non_finite.is_none() && !value.is_finite() {
            first_non_finite = Some(span);
        }
        stack.push(value);
    }
    Ok((stack.pop().unwrap_or(f64::NAN), first_non_finite))
}
