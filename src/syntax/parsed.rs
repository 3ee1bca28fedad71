//! A statement in two stages. First as the grammar read it ([`Parsed`]):
//! which kind of statement, where its parts stand, and its expressions'
//! tokens. That is plain data, so a thread that reads ahead can hand it on
//! (`ahead.rs`). Then as the session runs it ([`Statement`]): names given
//! their ids and expressions put in postfix order, on the session's thread,
//! in the order the statements run.

use std::rc::Rc;

use pest::iterators::Pair;

use super::Rule;
use super::ast::{Assertion, DEFAULT_RATE, DEFAULT_STEPS, Resolve, Statement, Step, Training};
use super::postfix::{self, Expression};
use crate::error::{Error, ErrorKind};
use crate::span::Span;

/// A statement read from a text: what it says, where it stands (without the
/// `;` or line end after it), and where the next one starts.
#[derive(Clone, Debug)]
pub struct Read {
    pub statement: Statement,
    pub span: Span,
    pub next: usize,
}

/// A statement as the grammar read it, with where it stands in its source.
#[derive(Debug)]
pub(super) struct Parsed {
    body: Body,
    /// The statement, without the `;` or line end after it.
    pub span: Span,
    /// Where the next statement starts.
    pub next: usize,
}

/// What a statement says, before its names are looked up.
#[derive(Debug)]
enum Body {
    Empty,
    Assign { name: Span, expr: Expression },
    Eval(Expression),
    Update { name: Span, step: Step, expr: Expression },
    Assert { left: Expression, right: Expression, tolerance: Option<Expression>, span: Span },
    Train { loss: Expression, settings: Vec<Setting>, span: Span },
}

/// A part of a training after its loss, in the order written.
#[derive(Debug)]
enum Setting {
    Param(Span),
    Rate(Span),
    Steps(Span),
}

impl Parsed {
    /// The parts of a `statement` or `line` pair. `text` is the text the
    /// grammar read, which starts at `base` in the source.
    pub fn of(statement: Pair<'_, Rule>, text: &str, base: usize) -> Parsed {
        let whole = statement.as_span();
        let next = base + whole.end();
        let mut stop = next;
        let mut body = Body::Empty;
        for part in statement.into_inner() {
            match part.as_rule() {
                Rule::end | Rule::separator => stop = base + part.as_span().start(),
                Rule::assignment | Rule::assertion | Rule::update | Rule::training | Rule::evaluation => {
                    body = Body::of(part, text, base)
                }
                _ => {} // comments
            }
        }
        Parsed { body, span: Span::new(base + whole.start(), stop), next }
    }

    /// The statement with its expressions put in postfix order, their names
    /// still to be looked up; `None` when one is wrong (then the statement
    /// is best read again where it stands, to fail as it always has).
    /// `text` is the whole source.
    pub fn order(self, text: &str) -> Option<Parsed> {
        let order = |expression: Expression| expression.order(text).ok();
        let body = match self.body {
            Body::Empty => Body::Empty,
            Body::Assign { name, expr } => Body::Assign { name, expr: order(expr)? },
            Body::Eval(expr) => Body::Eval(order(expr)?),
            Body::Update { name, step, expr } => Body::Update { name, step, expr: order(expr)? },
            Body::Assert { left, right, tolerance, span } => {
                let tolerance = match tolerance {
                    Some(tolerance) => Some(order(tolerance)?),
                    None => None,
                };
                Body::Assert { left: order(left)?, right: order(right)?, tolerance, span }
            }
            Body::Train { loss, settings, span } => Body::Train { loss: order(loss)?, settings, span },
        };
        Some(Parsed { body, ..self })
    }

    /// Where the statement starts (blanks and comments before it included).
    pub fn start(&self) -> usize {
        self.span.start
    }

    /// The statement as the session runs it: `resolve` gives each name its
    /// id, and expressions are put in postfix order over `source`.
    pub fn read(self, source: &Rc<str>, resolve: Resolve<'_>) -> Result<Read, Error> {
        let Parsed { body, span, next } = self;
        let name = |span: Span, resolve: Resolve<'_>| resolve(&source[span.range()]);
        let statement = match body {
            Body::Empty => Statement::Empty,
            Body::Assign { name: name_span, expr } => {
                let name = name(name_span, resolve);
                Statement::Assign { name, name_span, expr: postfix::expr(expr, source, resolve)? }
            }
            Body::Eval(expr) => Statement::Eval(postfix::expr(expr, source, resolve)?),
            Body::Update { name: name_span, step, expr } => {
                let name = name(name_span, resolve);
                Statement::Update { name, name_span, step, expr: postfix::expr(expr, source, resolve)? }
            }
            Body::Assert { left, right, tolerance, span } => {
                let left = postfix::expr(left, source, resolve)?;
                let right = postfix::expr(right, source, resolve)?;
                let tolerance = tolerance.map(|t| postfix::expr(t, source, resolve)).transpose()?;
                Statement::Assert(Box::new(Assertion { left, right, tolerance, span }))
            }
            Body::Train { loss, settings, span } => {
                let loss = postfix::expr(loss, source, resolve)?;
                let mut training =
                    Training { loss, params: Vec::new(), rate: DEFAULT_RATE, steps: DEFAULT_STEPS, span };
                for setting in settings {
                    match setting {
                        Setting::Param(span) => training.params.push((name(span, resolve), span)),
                        Setting::Rate(span) => training.rate = postfix::number(&source[span.range()], span)?,
                        Setting::Steps(span) => {
                            training.steps =
                                whole(&source[span.range()]).ok_or(Error::new(ErrorKind::WholeSteps, span))?
                        }
                    }
                }
                Statement::Train(Box::new(training))
            }
        };
        Ok(Read { statement, span, next })
    }
}

impl Body {
    /// The parts of an assignment, assertion, update, training or evaluation pair.
    fn of(body: Pair<'_, Rule>, text: &str, base: usize) -> Body {
        let rule = body.as_rule();
        let body_span = shifted(&body, base);
        let mut parts = body.into_inner().filter(|p| p.as_rule() != Rule::comment);
        let mut part = |rule: Rule| parts.find(|p| p.as_rule() == rule);
        let flat = |pair: Pair<'_, Rule>| Expression::Tokens(postfix::flat(pair, text, base));
        match rule {
            Rule::assignment => {
                let (Some(name), Some(expr)) = (part(Rule::name), part(Rule::expr)) else {
                    unreachable!("the grammar gives an assignment a name and an expression")
                };
                Body::Assign { name: shifted(&name, base), expr: flat(expr) }
            }
            Rule::assertion => {
                let (Some(left), Some(right)) = (part(Rule::expr), part(Rule::checked)) else {
                    unreachable!("the grammar gives an assertion two sides")
                };
                let tolerance =
                    part(Rule::tolerance).and_then(|t| t.into_inner().find(|p| p.as_rule() == Rule::expr));
                Body::Assert {
                    left: flat(left),
                    right: flat(right),
                    tolerance: tolerance.map(flat),
                    span: body_span,
                }
            }
            Rule::update => {
                let (Some(name), Some(step), Some(expr)) =
                    (part(Rule::name), part(Rule::step), part(Rule::expr))
                else {
                    unreachable!("the grammar gives an update a name, a step and an expression")
                };
                let step = if step.as_str() == "-=" { Step::Down } else { Step::Up };
                Body::Update { name: shifted(&name, base), step, expr: flat(expr) }
            }
            Rule::training => {
                let Some(loss) = part(Rule::expr) else {
                    unreachable!("the grammar gives a training a loss")
                };
                let loss = flat(loss);
                let number = |part: Pair<'_, Rule>| {
                    let number = part.into_inner().find(|p| p.as_rule() == Rule::number);
                    shifted(&number.expect("a setting has a number"), base)
                };
                let settings = parts
                    .filter_map(|part| match part.as_rule() {
                        Rule::name => Some(Setting::Param(shifted(&part, base))),
                        Rule::rate => Some(Setting::Rate(number(part))),
                        Rule::steps => Some(Setting::Steps(number(part))),
                        _ => None, // keywords, commas
                    })
                    .collect();
                Body::Train { loss, settings, span: body_span }
            }
            _ => match part(Rule::expr) {
                Some(expr) => Body::Eval(flat(expr)),
                None => unreachable!("the grammar gives an evaluation an expression"),
            },
        }
    }
}

/// A count of steps written as a number: `100`, `1e3`, but not `2.5`.
fn whole(text: &str) -> Option<usize> {
    let value: f64 = text.parse().ok()?;
    (value >= 0.0 && value.fract() == 0.0 && value <= 1e9).then_some(value as usize)
}

/// A pair's span, moved from the text the grammar read into the whole source.
fn shifted(pair: &Pair<'_, Rule>, base: usize) -> Span {
    let s = pair.as_span();
    Span::new(base + s.start(), base + s.end())
}
