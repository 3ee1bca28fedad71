//! Changing inputs by their gradients: an update (`W -= expr`, `W += expr`)
//! and gradient descent (`train LOSS over P1, P2, ...`). The loss's graph is
//! built once; each step runs backward, moves every parameter at once, and
//! runs forward again, in the same arena: nothing is rebuilt or allocated
//! per step.

use std::ops::ControlFlow;

use super::{Definition, Outcome, Session, build};
use crate::error::{Error, ErrorKind};
use crate::graph::{Graph, NodeId};
use crate::layers::Layer;
use crate::matrix::{self, Matrix, Shape};
use crate::span::Span;
use crate::syntax::{Expr, NameId, Step, Training};
use crate::value::Value;

/// What a training did, for a front end to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Trained {
    /// The loss as written.
    pub loss: String,
    /// The inputs trained, in the order named.
    pub params: Vec<String>,
    pub rate: f64,
    /// The steps asked for.
    pub asked: usize,
    /// The loss before the first step, then after each step taken: one more
    /// than the steps taken.
    pub losses: Vec<f64>,
}

impl Trained {
    /// How many steps were taken (fewer than asked when interrupted).
    pub fn steps(&self) -> usize {
        self.losses.len() - 1
    }
}

/// Where a training stands, for a progress bar.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// Steps taken so far.
    pub step: usize,
    /// Steps asked for.
    pub steps: usize,
    /// The loss after the last step taken.
    pub loss: f64,
}

/// Told of every step of a training; `Break` stops it after that step (and
/// keeps what was learned). Front ends show a progress bar with it and stop
/// on Ctrl-C; the session itself never prints.
pub type Watcher<'a> = &'a mut dyn FnMut(Progress) -> ControlFlow<()>;

impl Session {
    /// `name -= expr` or `name += expr`: the input moved by the value of
    /// `expr`, computed before the input changes.
    pub(super) fn update(
        &mut self,
        name: NameId,
        name_span: Span,
        step: Step,
        expr: &Expr,
    ) -> Result<Outcome, Error> {
        let id = self.input(name, name_span, &expr.source)?;
        let (by, non_finite) = super::values::value(self, expr)?;
        let Some(Definition::Input { value }) = self.definition(id) else {
            unreachable!("checked to be an input")
        };
        let value = moved(value, step, &by).ok_or_else(|| {
            let kind = ErrorKind::UpdateShape {
                name: self.name(id).to_owned(),
                input: value.shape(),
                step: by.shape(),
            };
            Error::new(kind, expr.span)
        })?;
        self.define(id, Definition::Input { value: value.clone() });
        Ok(Outcome::Defined { name: name_span, value, formula: None, non_finite })
    }

    /// Gradient descent on the training's inputs, `watch`ed step by step.
    /// A loss that stops being finite ends it with an error naming the step;
    /// the inputs keep their values after the last finite one.
    pub fn train(&mut self, training: &Training, watch: Watcher<'_>) -> Result<Trained, Error> {
        let source = &training.loss.source;
        let mut params: Vec<NameId> = Vec::with_capacity(training.params.len());
        for &(name, span) in &training.params {
            let id = self.input(name, span, source)?;
            if !params.contains(&id) {
                params.push(id);
            }
        }
        let (mut graph, output) = self.graph(&training.loss)?;
        // The nodes of the parameters the loss uses (one shared node each).
        let nodes: Vec<(NameId, NodeId)> = params
            .iter()
            .filter_map(|&id| {
                let name = self.name(id);
                let node = (0..graph.len() as NodeId).find(|&n| graph.name(n) == Some(name))?;
                Some((id, node))
            })
            .collect();
        let mut trained = Trained {
            loss: training.loss.text().to_owned(),
            params: params.iter().map(|&id| self.name(id).to_owned()).collect(),
            rate: training.rate,
            asked: training.steps,
            // A billion steps asked for are not a billion losses reserved.
            losses: Vec::with_capacity(training.steps.min(1 << 16) + 1),
        };
        if graph.shape(output) != Shape::new(1, 1) {
            let kind = ErrorKind::LossShape { shape: graph.shape(output) };
            return Err(Error::new(kind, training.loss.span));
        }
        let fail = |graph: &Graph, failed| build::failure(graph, failed);
        graph.forward().map_err(|failed| fail(&graph, failed))?;
        let loss = graph.nodes[output as usize].value;
        if !loss.is_finite() {
            return Err(Error::new(ErrorKind::Diverged { step: 0, loss }, training.span));
        }
        trained.losses.push(loss);
        // The values before a step, to keep if it diverges: made once.
        let mut before: Vec<Matrix> =
            nodes.iter().map(|&(_, node)| Matrix::zeros(graph.shape(node).dim())).collect();
        let leaves: Vec<NodeId> = nodes.iter().map(|&(_, node)| node).collect();
        let wanted = graph.wanted(&leaves);
        for step in 1..=training.steps {
            graph.backward_wanting(output, &wanted).map_err(|failed| fail(&graph, failed))?;
            for (&(_, node), old) in nodes.iter().zip(&mut before) {
                graph.copy_value(node, old);
                graph.descend(node, training.rate);
            }
            graph.forward().map_err(|failed| fail(&graph, failed))?;
            let loss = graph.nodes[output as usize].value;
            if !loss.is_finite() {
                // Keep what the last finite step learned, then say where it went wrong.
                for (&(id, _), value) in nodes.iter().zip(before) {
                    self.define(id, Definition::Input { value: Value::from_matrix(value) });
                }
                return Err(Error::new(ErrorKind::Diverged { step, loss }, training.span));
            }
            trained.losses.push(loss);
            if watch(Progress { step, steps: training.steps, loss }).is_break() {
                break;
            }
        }
        for &(id, node) in &nodes {
            self.define(id, Definition::Input { value: graph.value(node) });
        }
        Ok(trained)
    }

    /// The id of the input named at `span`, or an error there: undefined
    /// (with a suggestion) or a formula.
    fn input(&self, name: NameId, span: Span, source: &str) -> Result<NameId, Error> {
        match self.lookup(name, span, source)? {
            (id, Definition::Input { .. }) => Ok(id),
            (_, Definition::Formula(_)) => {
                Err(Error::new(ErrorKind::NotAnInput { name: source[span.range()].to_owned() }, span))
            }
        }
    }
}

/// `value` moved by `by` (down for `-=`, up for `+=`), with `by` broadcast
/// onto it; `None` when `by` does not fit its shape.
fn moved(value: &Value, step: Step, by: &Value) -> Option<Value> {
    if let (Value::Number(v), Value::Number(b)) = (value, by) {
        return Some(Value::Number(match step {
            Step::Down => v - b,
            Step::Up => v + b,
        }));
    }
    if !matrix::fits_into(by.shape(), value.shape()) {
        return None;
    }
    let layer = match step {
        Step::Down => Layer::Sub,
        Step::Up => Layer::Add,
    };
    matrix::binary(layer, &value.to_matrix(), &by.to_matrix()).ok().map(Value::from_matrix)
}
