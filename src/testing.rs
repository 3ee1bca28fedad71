//! Helpers for the unit tests of the views: a script in, its last evaluation out.

use std::rc::Rc;

use crate::report::Evaluation;
use crate::session::Session;
use crate::syntax::{self, Statement};

/// Runs `script` in a fresh session and returns its last evaluation.
pub(crate) fn evaluate(script: &str) -> Evaluation {
    let mut session = Session::new();
    let source: Rc<str> = script.into();
    let mut last = None;
    for statement in syntax::parse_all(&source).expect("the script parses") {
        if let Statement::Eval(expr) = statement {
            last = Some(session.evaluate(&expr).expect("the expression evaluates"));
        } else {
            session.execute(statement).expect("the statement runs");
        }
    }
    last.expect("the script evaluates something")
}

/// The value of a constant expression, computed by the language itself.
pub(crate) fn value_of(text: &str) -> f64 {
    let source: Rc<str> = text.into();
    match syntax::parse_all(&source).expect("the expression parses").pop() {
        Some(Statement::Eval(expr)) => Session::new().value(&expr).expect("it evaluates").0.number_or_nan(),
        other => panic!("not an expression: {other:?}"),
    }
}
