//! The dimmed `= 715` after the line being typed: the forward value of what
//! is typed so far, found without building a graph ([`Session::value`], which
//! caches formula values). It gives up quietly on anything that does not
//! evaluate, and on what would cost too much to do on every keystroke.

use std::cell::Cell;
use std::rc::Rc;

use rustc_hash::FxHashSet;

use crate::layers::Layer;
use crate::session::walk::{Order, Visitor, Walk};
use crate::session::{Definition, Formula, Session};
use crate::syntax::{self, Expr, NameId, OpKind, Statement};

use super::Repl;

/// Longer entries (a pasted script, say) get no hint.
const MAX_TEXT: usize = 2000;
/// `grad(y, x)` builds the graph of y: only when it has at most this many ops.
const MAX_GRAD_OPS: usize = 10_000;

impl Repl {
    /// The value the entry would have if Enter were pressed now (with any
    /// open brackets closed), when it is one expression or assignment that
    /// evaluates: `Some(715.0)` for `(apple*apple_num + orange*orange_num)*tax`.
    pub fn preview(&self, typed: &str) -> Option<f64> {
        if self.pending.is_empty() && typed.trim_start().starts_with(':') {
            return None;
        }
        let mut text =
            if self.pending.is_empty() { typed.to_owned() } else { format!("{}\n{typed}", self.pending) };
        if text.len() > MAX_TEXT {
            return None;
        }
        let open = syntax::open_brackets(&text).len();
        if open > 0 {
            text.push('\n');
            text.push_str(&")".repeat(open));
        }
        let source: Rc<str> = text.into();
        let mut found = None;
        for statement in self.session.parse(&source).ok()? {
            match statement {
                Statement::Empty => {}
                statement if found.is_none() => found = Some(statement),
                _ => return None, // two statements: which one would the hint be about?
            }
        }
        let expr = match found? {
            Statement::Eval(expr) => expr,
            Statement::Assign { name, expr, .. } if !expr.names().any(|(n, _)| n == name) => expr,
            _ => return None,
        };
        // A data function is not run for a hint: `randn` would draw numbers.
        let draws = expr.ops.iter().any(|op| matches!(op.kind, OpKind::Data(_)));
        if is_literal(&expr) || draws || !cheap(&self.session, &expr) {
            return None;
        }
        self.session.value(&expr).ok().and_then(|(value, _)| value.number())
    }

    /// The hint as shown after `typed`: ` = 715`.
    pub fn hint(&self, typed: &str) -> Option<String> {
        let value = self.preview(typed)?;
        let space = if typed.ends_with(char::is_whitespace) { "" } else { " " };
        Some(format!("{space}= {}", self.look.number(value)))
    }
}

/// A number as typed (`5`, `-4`): its value is already on the screen.
fn is_literal(expr: &Expr) -> bool {
    match &*expr.ops {
        [only] => matches!(only.kind, OpKind::Number(_)),
        [first, second] => {
            matches!(first.kind, OpKind::Number(_)) && matches!(second.kind, OpKind::Layer(Layer::Neg))
        }
        _ => false,
    }
}

/// Whether `expr` is cheap to evaluate: values are (formula values are
/// cached), but each `grad(y, x)` builds the graph of y, formulas and all.
fn cheap(session: &Session, expr: &Expr) -> bool {
    if !expr.ops.iter().any(|op| matches!(op.kind, OpKind::Grad { .. })) {
        return true;
    }
    let mut cost = Cost { ops: Cell::new(expr.ops.len()), seen: FxHashSet::default() };
    let roots: Vec<NameId> = expr.names().map(|(name, _)| name).collect();
    Walk::new(session, Order::Written).run(roots, &mut cost).is_ok() && cost.ops.get() <= MAX_GRAD_OPS
}

/// The walk that adds up the ops of every formula reached, up to [`MAX_GRAD_OPS`].
struct Cost {
    /// Counted as each formula is entered, so that the walk stops going
    /// down a long chain once it is over budget.
    ops: Cell<usize>,
    seen: FxHashSet<NameId>,
}

impl<'s> Visitor<'s> for Cost {
    /// Too many ops.
    type Stop = ();

    fn done(&self, name: NameId, _: &'s Definition) -> bool {
        self.seen.contains(&name)
    }

    fn deps(&self, formula: &'s Formula) -> &'s [NameId] {
        self.ops.set(self.ops.get() + formula.expr.ops.len());
        if self.ops.get() > MAX_GRAD_OPS { &[] } else { &formula.deps }
    }

    fn visit(&mut self, name: NameId, _: &'s Definition) -> Result<(), ()> {
        self.seen.insert(name);
        if self.ops.get() > MAX_GRAD_OPS { Err(()) } else { Ok(()) }
    }
}
