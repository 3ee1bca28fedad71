//! The quiz (`:quiz`): the gradients are hidden and the student is asked for
//! each node's gradient in backward order, as they would work it out on paper.
//! An answer is a number or arithmetic on numbers (`1.1*2`), read by the
//! language's own parser; it is right within a relative [`TOLERANCE`]. A wrong
//! answer gets the layer's backward rule with its numbers as a hint and a
//! second try; a second wrong answer (or an empty one) shows the gradient and
//! moves on. The end shows the score.
//!
//! A front end drives it: [`Quiz::write_intro`], then while
//! [`Quiz::write_question`] asks something, read a line and pass it to
//! [`Quiz::respond`]; then [`Quiz::write_score`].

use std::io::{self, Write};
use std::rc::Rc;

use crate::graph::NodeId;
use crate::render::trace::{Tracer, rule_text};
use crate::render::{Look, style};
use crate::report::Evaluation;
use crate::session::Session;
use crate::syntax::{self, Statement};
use crate::trace::{self, Step, Uses};

/// How far (relative to the gradient) an answer may be from it and count.
pub const TOLERANCE: f64 = 1e-3;

/// What became of an answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Right; `first_try` is false after a hint.
    Right { first_try: bool },
    /// Wrong, for the first time: a hint, and another try.
    Hint(String),
    /// Wrong again, or given up: the gradient, and on to the next node.
    Shown { gradient: f64 },
    /// Not a number: why, and the same question again.
    Unreadable(String),
    /// The quiz is over.
    Over,
}

/// The score at the end (or so far).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    pub first_try: usize,
    pub after_hint: usize,
    pub asked: usize,
}

/// A quiz on one evaluation.
pub struct Quiz {
    evaluation: Evaluation,
    look: Look,
    uses: Uses,
    /// The nodes asked about, in backward order.
    order: Vec<NodeId>,
    /// How many nodes are not asked about, being matrices.
    skipped: usize,
    at: usize,
    hinted: bool,
    score: Score,
}

impl Quiz {
    /// A quiz asking for every gradient of `evaluation` but the seed's, of
    /// the 1×1 nodes: a matrix's gradient is not one number to type.
    pub fn new(evaluation: Evaluation, look: Look) -> Quiz {
        let uses = Uses::new(&evaluation.graph);
        let graph = &evaluation.graph;
        let order: Vec<NodeId> =
            (0..evaluation.output).rev().filter(|&id| graph.shape(id).is_scalar()).collect();
        let skipped = evaluation.output as usize - order.len();
        let score = Score { first_try: 0, after_hint: 0, asked: 0 };
        Quiz { evaluation, look, uses, order, skipped, at: 0, hinted: false, score }
    }

    /// The node whose gradient is asked for now, if the quiz is not over.
    pub fn current(&self) -> Option<NodeId> {
        self.order.get(self.at).copied()
    }

    /// The forward pass (values, no gradients), and how to answer.
    pub fn write_intro(&self, out: &mut dyn Write) -> io::Result<()> {
        let tracer = Tracer::new(&self.evaluation, self.look);
        for id in 0..=self.evaluation.output {
            tracer.write_step(out, Step::Forward(id))?;
        }
        let output = self.evaluation.output;
        let seed = if self.evaluation.seeded_with_ones() {
            format!(
                "The seed at #{output} is a matrix of ones (the gradients are of the sum of its elements)"
            )
        } else {
            format!("d(out)/d(out) = 1 at #{output}")
        };
        writeln!(
            out,
            "The gradients are hidden. {seed}; give each gradient in backward order,\n\
             as a number or arithmetic such as 1.1*2 (an empty answer shows it)."
        )?;
        match self.skipped {
            0 => Ok(()),
            1 => writeln!(out, "One node is a matrix and is not asked about: the quiz asks about 1×1 nodes."),
            n => writeln!(
                out,
                "{n} nodes are matrices and are not asked about: the quiz asks about 1×1 nodes."
            ),
        }
    }

    /// Asks for the current gradient; false when the quiz is over.
    pub fn write_question(&self, out: &mut dyn Write) -> io::Result<bool> {
        let Some(id) = self.current() else { return Ok(false) };
        let graph = &self.evaluation.graph;
        let node = &graph.nodes[id as usize];
        writeln!(
            out,
            "#{id} {} {} (value {}): d(out)/d({}) = ?",
            node.layer.name(),
            graph.label(id),
            style::value(&self.look.number(node.value), self.look.color),
            trace::reference(graph, id)
        )?;
        Ok(true)
    }

    /// Judges an answer to the current question and moves on where it should.
    pub fn answer(&mut self, text: &str) -> Verdict {
        let Some(id) = self.current() else { return Verdict::Over };
        let gradient = self.evaluation.graph.nodes[id as usize].grad;
        let text = text.trim();
        if text.is_empty() || text == "?" {
            return self.next(Verdict::Shown { gradient });
        }
        let given = match read_number(text) {
            Ok(given) => given,
            Err(why) => return Verdict::Unreadable(why),
        };
        let close = (given - gradient).abs() <= TOLERANCE * gradient.abs() + 1e-12;
        let same = given == gradient || (given.is_nan() && gradient.is_nan());
        if close || same {
            let first_try = !self.hinted;
            if first_try {
                self.score.first_try += 1;
            } else {
                self.score.after_hint += 1;
            }
            self.next(Verdict::Right { first_try })
        } else if self.hinted {
            self.next(Verdict::Shown { gradient })
        } else {
            self.hinted = true;
            Verdict::Hint(self.hint(id))
        }
    }

    /// Judges an answer and writes what the student should see.
    pub fn respond(&mut self, text: &str, out: &mut dyn Write) -> io::Result<Verdict> {
        let verdict = self.answer(text);
        let color = self.look.color;
        match &verdict {
            Verdict::Right { .. } => writeln!(out, "{}", style::strong("right", color))?,
            Verdict::Hint(hint) => writeln!(out, "{} Hint: {hint}", style::error("not quite.", color))?,
            Verdict::Shown { gradient } => {
                let shown = style::grad(&self.look.number(*gradient), color);
                writeln!(out, "The gradient is {shown}.")?;
            }
            Verdict::Unreadable(why) => writeln!(out, "{why}")?,
            Verdict::Over => {}
        }
        Ok(verdict)
    }

    /// The score so far.
    pub fn score(&self) -> Score {
        self.score
    }

    /// Writes the score.
    pub fn write_score(&self, out: &mut dyn Write) -> io::Result<()> {
        let Score { first_try, after_hint, asked } = self.score;
        let line = format!("Score: {first_try} of {asked} at the first try, {after_hint} more after a hint.");
        writeln!(out, "{}", style::strong(&line, self.look.color))
    }

    /// Counts the question as asked and goes to the next.
    fn next(&mut self, verdict: Verdict) -> Verdict {
        self.score.asked += 1;
        self.at += 1;
        self.hinted = false;
        verdict
    }

    /// The rule of every layer that uses the node, with numbers, but not the result.
    fn hint(&self, id: NodeId) -> String {
        let graph = &self.evaluation.graph;
        let parts: Vec<String> = self
            .uses
            .of(id)
            .iter()
            .map(|&(user, slot)| {
                let rule = rule_text(graph, &self.look, user, slot);
                let why = rule.condition.as_ref().map(|c| format!(" (since {c})")).unwrap_or_default();
                let user_node = &graph.nodes[user as usize];
                format!("#{user} {} passes back {}{why}", user_node.layer.name(), rule.working())
            })
            .collect();
        match parts.len() {
            1 => parts.concat(),
            _ => format!("add up what each use passes back: {}", parts.join("; ")),
        }
    }
}

/// An answer as a number: a constant expression in the language.
fn read_number(text: &str) -> Result<f64, String> {
    let source: Rc<str> = text.into();
    let unreadable = || "Answer with a number, or arithmetic on numbers such as 1.1*2.".to_owned();
    let mut statements = syntax::statements(&source);
    let (Some(Ok(read)), None) = (statements.next(), statements.next()) else { return Err(unreadable()) };
    match read.statement {
        Statement::Eval(expr) => {
            let value = Session::new().value(&expr).map_err(|error| format!("{error}"))?.0;
            value.number().ok_or_else(unreadable)
        }
        _ => Err(unreadable()),
    }
}

#[cfg(test)]
mod tests;
