//! The shape of what the parser produces: postfix order (which is where
//! precedence shows), the spans that become labels, and statement kinds.

use std::rc::Rc;

use super::read::read_checking;
use super::*;
use crate::error::ErrorKind;
use crate::span::Span;

fn statement(text: &str) -> Result<Statement, Error> {
    let source: Rc<str> = text.into();
    read(&source, 0, text.len(), &mut |_| NameId::UNKNOWN).map(|read| read.statement)
}

fn expr(text: &str) -> Expr {
    match statement(text) {
        Ok(Statement::Eval(expr)) => expr,
        other => panic!("{text}: {other:?}"),
    }
}

/// Postfix order as words: numbers, names, layer names.
fn postfix(text: &str) -> String {
    let e = expr(text);
    e.ops
        .iter()
        .map(|op| match &op.kind {
            OpKind::Number(v) => v.to_string(),
            OpKind::Name(_) => text[op.span().range()].to_owned(),
            OpKind::Layer(l) => l.name().to_owned(),
            OpKind::Parameter(_, p) => format!("^{p}"),
            OpKind::Matrix(m) => format!("{m:?}"),
            OpKind::Data(call) => call.function.name().to_owned(),
            OpKind::Text => text[op.span().range()].to_owned(),
            OpKind::Grad(call) => format!("grad[{}]/{}", call.len, &text[call.wrt_span.range()]),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The source text each op covers, which is what labels show.
fn spans(text: &str) -> Vec<String> {
    let e = expr(text);
    e.ops.iter().map(|op| text[op.span().range()].to_owned()).collect()
}

#[test]
fn precedence_and_associativity_follow_the_table() {
    assert_eq!(postfix("1 + 2 * 3"), "1 2 3 mul add");
    assert_eq!(postfix("1 - 2 - 3"), "1 2 sub 3 sub");
    assert_eq!(postfix("8 / 4 / 2"), "8 4 div 2 div");
    assert_eq!(postfix("2 ^ 3 ^ 2"), "2 3 ^2 pow");
    assert_eq!(postfix("-x ^ 2"), "x ^2 neg");
    assert_eq!(postfix("-x * y"), "x neg y mul");
    assert_eq!(postfix("2 ^ -1"), "2 ^-1");
    assert_eq!(postfix("2 * -x"), "2 x neg mul");
    assert_eq!(postfix("x - -y"), "x y neg sub");
    assert_eq!(postfix("- -x"), "x neg neg");
    assert_eq!(postfix("(1 + 2) * 3"), "1 2 add 3 mul");
}

#[test]
fn unary_plus_adds_no_layer_and_double_star_is_power() {
    assert_eq!(postfix("+x"), "x");
    assert_eq!(postfix("2 ** 3 ** 2"), "2 3 ^2 pow");
    assert_eq!(postfix("2 * 3 ** 2"), "2 3 ^2 mul");
}

/// A number literal as the exponent, signed or in brackets, is the pow
/// layer's parameter (SPEC section 2); any other exponent is an operand.
#[test]
fn a_literal_exponent_is_a_parameter_and_any_other_an_operand() {
    for (text, want) in [
        ("x^2", "x ^2"),
        ("x^-1", "x ^-1"),
        ("x^(-1)", "x ^-1"),
        ("x^(2)", "x ^2"),
        ("x^+2", "x ^2"),
        ("x^0.5", "x ^0.5"),
        ("x ** 2", "x ^2"),
        ("(y - t)^2", "y t sub ^2"),
        ("x^y", "x y pow"),
        ("x^(1+1)", "x 1 1 add pow"),
        ("2^x", "2 x pow"),
        ("x^-y", "x y neg pow"),
        ("x^- -1", "x 1 neg neg pow"),
        ("x^exp(1)", "x 1 exp pow"),
    ] {
        assert_eq!(postfix(text), want, "{text}");
    }
}

#[test]
fn every_number_form_reads() {
    assert_eq!(postfix("12 + 1.5 + .5 + 1e-3 + 2.5E+4 + 3."), "12 1.5 add 0.5 add 0.001 add 25000 add 3 add");
}

#[test]
fn calls_resolve_to_layers_and_check_their_arity() {
    assert_eq!(postfix("max(a, b*2)"), "a b 2 mul max");
    assert_eq!(postfix("log(sigmoid(x))"), "x sigmoid ln");
    let err = statement("max(1)").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Arity { function: "max".into(), expected: 2, found: 1 });
    let err = statement("sigmoud(1)").unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::UnknownFunction { name: "sigmoud".into(), suggestion: Some("sigmoid".into()) }
    );
    assert_eq!(err.span, Span::new(0, 7));
}

#[test]
fn grad_takes_an_expression_and_a_name() {
    assert_eq!(postfix("1 + grad(x*x, x)"), "1 x x mul grad[3]/x add");
    assert_eq!(statement("grad(x, 2)").unwrap_err().kind, ErrorKind::GradTarget);
    assert_eq!(statement("grad(x, y+1)").unwrap_err().kind, ErrorKind::GradTarget);
}

#[test]
fn spans_cover_each_sub_expression_brackets_included_around_it() {
    assert_eq!(spans("apple*2*tax"), ["apple", "2", "apple*2", "tax", "apple*2*tax"]);
    assert_eq!(spans("(a + b)*c"), ["a", "b", "a + b", "c", "(a + b)*c"]);
    assert_eq!(spans("-x^2"), ["x", "x^2", "-x^2"]);
    assert_eq!(spans("(a)^(-1)"), ["a", "(a)^(-1)"]);
    assert_eq!(spans("exp( x )"), ["x", "exp( x )"]);
}

#[test]
fn names_may_be_unicode() {
    assert_eq!(postfix("りんご * pomme_2 + _x"), "りんご pomme_2 mul _x add");
}

#[test]
fn statements_of_each_kind() {
    assert!(matches!(statement("  # only a comment"), Ok(Statement::Empty)));
    assert!(matches!(statement(""), Ok(Statement::Empty)));
    match statement("price = apple * 2 # comment") {
        Ok(Statement::Assign { name, name_span, expr }) => {
            assert_eq!(name, NameId::UNKNOWN, "parsed without a session");
            assert_eq!(name_span, Span::new(0, 5));
            assert_eq!(expr.text(), "apple * 2");
        }
        other => panic!("{other:?}"),
    }
    match statement("assert y == 1 +- 0.5") {
        Ok(Statement::Assert(a)) => {
            let tolerance = a.tolerance.as_ref().map(Expr::text);
            assert_eq!((a.left.text(), a.right.text(), tolerance), ("y", "1", Some("0.5")));
        }
        other => panic!("{other:?}"),
    }
    match statement("assert y == 1 ± 0.5") {
        Ok(Statement::Assert(a)) => assert_eq!(a.tolerance.as_ref().map(Expr::text), Some("0.5")),
        other => panic!("{other:?}"),
    }
    // With a space, `+ -` is still an addition of a negative number.
    match statement("assert y == 1 + -0.5") {
        Ok(Statement::Assert(a)) => {
            assert_eq!(a.right.text(), "1 + -0.5");
            assert!(a.tolerance.is_none());
        }
        other => panic!("{other:?}"),
    }
    // `asserted` is a name, not the keyword.
    assert!(matches!(statement("asserted = 1"), Ok(Statement::Assign { .. })));
}

#[test]
fn syntax_errors_say_what_was_expected_in_words() {
    let expected = |text: &str| match statement(text).unwrap_err().kind {
        ErrorKind::Syntax { expected, found } => (expected.join(", "), found),
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(expected("1 +"), ("an expression".into(), "the end of the statement".into()));
    assert_eq!(expected("1 2"), ("an operator, the end of the statement".into(), "`2`".into()));
    assert_eq!(expected("f(1,)"), ("an expression".into(), "`)`".into()));
    assert_eq!(expected(")"), ("a statement".into(), "`)`".into()));
    assert_eq!(expected("2 $ 3"), ("an operator, the end of the statement".into(), "`$`".into()));
    assert_eq!(
        expected("x\u{0}"),
        ("an operator, `=`, the end of the statement".into(), "the character \\u{0}".into())
    );
    assert_eq!(expected("assert 1"), ("an operator, `==`".into(), "the end of the statement".into()));
}

#[test]
fn layer_arity_matches_the_postfix_stack() {
    // Every op sequence the parser makes leaves exactly one value.
    for text in ["1", "-(a+b)^2/c", "max(min(a, 2), sqrt(b))", "x - -y * 3 ^ -z", "grad(a*b, a) * a"] {
        let mut depth: isize = 0;
        for op in &expr(text).ops {
            depth += match &op.kind {
                OpKind::Number(_) | OpKind::Name(_) | OpKind::Matrix(_) | OpKind::Text => 1,
                OpKind::Layer(l) => 1 - l.arity() as isize,
                OpKind::Parameter(..) => 0,
                OpKind::Data(call) => 1 - call.argc as isize,
                // y's value becomes dy/dx; x is not an operand (it names a node).
                OpKind::Grad { .. } => 0,
            };
            assert!(depth >= 1, "{text}: an op without its operands");
        }
        assert_eq!(depth, 1, "{text}");
    }
}

/// A statement on a long line is matched without pest's token queue first:
/// its errors, and its success, are those of the full parse.
#[test]
fn long_statements_read_as_short_ones_do() {
    const CHECK_FIRST: usize = 1 << 12;
    let statement = |text: &str| {
        let source: Rc<str> = text.into();
        read_checking(&source, 0, text.len(), &mut |_| NameId::UNKNOWN, CHECK_FIRST)
            .map(|read| read.statement)
    };
    let filler = "1 + ".repeat(CHECK_FIRST / 4 + 1);
    for (short, long) in [
        ("x = 1 + ) # c", format!("x = {filler}) # c")),
        ("x = 1 + # c", format!("x = {filler}# c")),
        ("assert 1 == 2 +- ) # c", format!("assert 1 == 2 +- {filler}) # c")),
    ] {
        let (Err(a), Err(b)) = (statement(short), statement(&long)) else { panic!("{short:?} parsed") };
        assert_eq!(a.kind, b.kind, "{short:?}");
        assert_eq!(a.span.end - a.span.start, b.span.end - b.span.start);
        assert_eq!(long.len() - b.span.start, short.len() - a.span.start, "{short:?}");
    }
    let ok = format!("y = {filler}1 # é");
    assert!(matches!(statement(&ok), Ok(Statement::Assign { .. })));
}
