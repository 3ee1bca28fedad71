//! Inputs and formulas, shared nodes, cycles, and the rule that a failing
//! statement changes nothing.

use std::rc::Rc;

use super::*;
use crate::graph::NodeId;
use crate::layers::Layer;
use crate::value::Value;

/// Runs every statement of `text`, stopping at the first error.
fn run(session: &mut Session, text: &str) -> Result<Vec<Outcome>, Error> {
    let source: Rc<str> = text.into();
    session.run_all(&source)
}

fn evaluate(session: &mut Session, text: &str) -> Evaluation {
    match run(session, text).expect("runs").pop() {
        Some(Outcome::Evaluated(evaluation)) => *evaluation,
        other => panic!("{text}: {other:?}"),
    }
}

/// The gradient of the node labelled `label`.
fn grad_of(evaluation: &Evaluation, label: &str) -> f64 {
    let g = &evaluation.graph;
    let id = (0..g.len() as NodeId).find(|&id| g.label(id) == label).expect(label);
    g.nodes[id as usize].grad
}

fn book() -> Session {
    let mut s = Session::new();
    run(&mut s, "apple = 100; apple_num = 2; orange = 150; orange_num = 3; tax = 1.1").expect("defines");
    s
}

#[test]
fn the_books_apple_and_orange_numbers() {
    let mut s = book();
    let e = evaluate(&mut s, "(apple*apple_num + orange*orange_num)*tax");
    assert!((e.value() - 715.0).abs() < 1e-9);
    for (label, want) in
        [("apple", 2.2), ("apple_num", 110.0), ("orange", 3.3), ("orange_num", 165.0), ("tax", 650.0)]
    {
        assert!((grad_of(&e, label) - want).abs() < 1e-9, "{label}");
    }
}

#[test]
fn a_constant_assignment_makes_an_input_and_any_name_makes_a_formula() {
    let mut s = Session::new();
    run(&mut s, "k = 2^10; x = -4; y = x * 2").expect("defines");
    assert!(
        matches!(s.get("k"), Some(Definition::Input { value: Value::Number(value) }) if *value == 1024.0)
    );
    assert!(matches!(s.get("x"), Some(Definition::Input { value: Value::Number(value) }) if *value == -4.0));
    assert!(matches!(s.get("y"), Some(Definition::Formula(_))));
    // A formula is recomputed when its inputs change.
    assert_eq!(s.value_of("y"), Some(Value::Number(-8.0)));
    run(&mut s, "x = 5").expect("redefines");
    assert_eq!(s.value_of("y"), Some(Value::Number(10.0)));
}

#[test]
fn each_name_is_one_shared_node_and_gradients_accumulate() {
    let mut s = Session::new();
    run(&mut s, "x = 3").expect("defines");
    let e = evaluate(&mut s, "x*x");
    let inputs = e.graph.nodes.iter().filter(|n| n.layer == Layer::Input).count();
    assert_eq!(inputs, 1);
    assert_eq!(grad_of(&e, "x"), 6.0);
}

#[test]
fn each_literal_is_its_own_node_with_a_gradient() {
    let mut s = Session::new();
    run(&mut s, "apple = 100").expect("defines");
    let e = evaluate(&mut s, "apple*2 + 2");
    let consts: Vec<f64> = e.graph.nodes.iter().filter(|n| n.layer == Layer::Const).map(|n| n.grad).collect();
    assert_eq!(consts, [100.0, 1.0]);
}

#[test]
fn a_formula_node_is_the_root_of_its_definition_carrying_its_name() {
    let mut s = book();
    run(&mut s, "price = apple*apple_num; alias = price").expect("defines");
    let e = evaluate(&mut s, "alias*tax");
    let g = &e.graph;
    let price = (0..g.len() as NodeId).find(|&i| g.name(i) == Some("price")).expect("price");
    assert_eq!(g.nodes[price as usize].layer, Layer::Mul);
    let alias = (0..g.len() as NodeId).find(|&i| g.name(i) == Some("alias")).expect("alias");
    assert_eq!(g.nodes[alias as usize].layer, Layer::Id);
    assert_eq!(g.nodes[alias as usize].inputs[0], price);
    assert!((grad_of(&e, "apple") - 2.2).abs() < 1e-12);
}

#[test]
fn graphs_are_in_topological_order() {
    let mut s = book();
    run(&mut s, "a = apple*tax; b = a + orange; c = b*a").expect("defines");
    let e = evaluate(&mut s, "c - b/a");
    for i in 0..e.graph.len() {
        assert!(e.graph.operands(i as u32).iter().all(|&o| (o as usize) < i), "node {i}");
    }
}

#[test]
fn a_cycle_is_refused_with_its_path_and_nothing_changes() {
    let mut s = Session::new();
    run(&mut s, "a = 1; b = a*2; c = b + 1").expect("defines");
    let err = run(&mut s, "a = c").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Cycle { path: vec!["a".into(), "c".into(), "b".into(), "a".into()] });
    let err = run(&mut s, "a = a + 1").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Cycle { path: vec!["a".into(), "a".into()] });
    assert!(matches!(s.get("a"), Some(Definition::Input { value: Value::Number(value) }) if *value == 1.0));
    assert_eq!(s.value_of("c"), Some(Value::Number(3.0)));
}

#[test]
fn an_undefined_name_is_refused_with_a_suggestion_and_nothing_changes() {
    let mut s = book();
    let before = s.len();
    let err = run(&mut s, "total = aple * 2").unwrap_err();
    assert_eq!(err.kind, ErrorKind::UndefinedName { name: "aple".into(), suggestion: Some("apple".into()) });
    assert_eq!(err.span, Span::new(8, 12));
    assert_eq!(s.len(), before);
    assert!(s.get("total").is_none());
}

#[test]
fn functions_grad_and_assert_cannot_be_assigned() {
    let mut s = Session::new();
    for name in ["exp", "log", "max", "grad"] {
        let err = run(&mut s, &format!("{name} = 1")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Reserved { name: name.into() });
    }
    assert!(s.is_empty());
}

#[test]
fn reassignment_replaces_the_meaning_and_keeps_the_place() {
    let mut s = Session::new();
    run(&mut s, "a = 1; b = 2; a = b*3").expect("defines");
    let names: Vec<&str> = s.definitions().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(s.value_of("a"), Some(Value::Number(6.0)));
}

#[test]
fn delete_is_refused_while_a_formula_uses_the_name() {
    let mut s = Session::new();
    run(&mut s, "x = 1; y = x + 1").expect("defines");
    assert_eq!(s.delete("x"), Err(DeleteError::InUse(vec!["y".into()])));
    assert_eq!(s.delete("z"), Err(DeleteError::Undefined { suggestion: None }));
    assert_eq!(s.delete("y"), Ok(()));
    assert_eq!(s.delete("x"), Ok(()));
    assert!(s.is_empty());
}

#[test]
fn grad_is_the_gradient_at_current_values() {
    let mut s = Session::new();
    run(&mut s, "x = 3; y = x*x + 2*x").expect("defines");
    let e = evaluate(&mut s, "grad(y, x)");
    assert_eq!(e.value(), 8.0);
    // A name the expression does not reach has gradient 0.
    run(&mut s, "z = 1").expect("defines");
    assert_eq!(evaluate(&mut s, "grad(y, z)").value(), 0.0);
    // A gradient whose inputs the graph does not otherwise reach is a leaf.
    let e = evaluate(&mut s, "grad(y, x) * 3");
    assert_eq!((e.value(), grad_of(&e, "grad(y, x)")), (24.0, 3.0));
    assert_eq!(e.graph.len(), 3);
}

/// d/dx of (dy/dx) * x is 4x + 2 = 14 at x = 3, not 8 (the gradient frozen
/// as a constant): anything that would differentiate a gradient is refused,
/// at the call, and changes nothing.
#[test]
fn a_gradient_is_never_differentiated() {
    let mut s = Session::new();
    run(&mut s, "x = 3; y = x*x + 2*x; d = grad(y, x)").expect("defines");
    for (text, at) in
        [("grad(grad(y, x) * x, x)", "grad(y, x)"), ("grad(y, x) * x", "grad(y, x)"), ("d*x", "x")]
    {
        let err = run(&mut s, text).unwrap_err();
        let ErrorKind::SecondDerivative { input, .. } = &err.kind else { panic!("{text}: {err:?}") };
        assert_eq!(input, "x", "{text}");
        assert_eq!(&text[err.span.range()], at, "{text}");
        assert!(err.to_string().contains("a second derivative is not computed"), "{err}");
    }
    // Through formulas, inputs that y reaches through formulas, and in a
    // formula's definition: the same refusal.
    run(&mut s, "e = d + 1").expect("e alone differentiates no input");
    let err = run(&mut s, "f = e * y").unwrap_err();
    assert!(
        matches!(&err.kind, ErrorKind::SecondDerivative { input, formula: Some(f), .. } if input == "x" && f == "d")
    );
    assert!(s.get("f").is_none());
    // Values need no derivative of the gradient.
    assert!(run(&mut s, "assert d*x == 24; assert grad(x*x, x) == 6").is_ok());
    let Some(Statement::Eval(product)) = s.parse(&"d*x".into()).expect("parses").pop() else { panic!() };
    assert_eq!(s.value(&product).map(|(v, _)| v), Ok(Value::Number(24.0)));
}

#[test]
fn asserts_pass_within_the_tolerance_and_fail_with_both_values() {
    let mut s = book();
    assert!(run(&mut s, "assert grad(apple*apple_num*tax, apple) == 2.2").is_ok());
    assert!(run(&mut s, "assert 0.1 + 0.2 == 0.3").is_ok());
    assert!(run(&mut s, "assert 1 == 1.05 +- 0.1").is_ok());
    let err = run(&mut s, "assert 1 == 1.2 +- 0.1").unwrap_err();
    assert!(matches!(err.kind, ErrorKind::AssertFailed { left, right, .. } if left == 1.0 && right == 1.2));
    let message = err.to_string();
    assert!(message.contains("is 1,") && message.contains("is 1.2"), "{message}");
    // NaN never equals anything.
    assert!(run(&mut s, "assert 0/0 == 0/0").is_err());
}

#[test]
fn non_finite_values_are_kept_and_located() {
    let mut s = Session::new();
    let outcomes = run(&mut s, "x = 1/0; y = ln(x - x)").expect("runs");
    match &outcomes[0] {
        Outcome::Defined { value, non_finite: Some(span), .. } => {
            assert_eq!(*value, Value::Number(f64::INFINITY));
            assert_eq!(*span, Span::new(4, 7));
        }
        other => panic!("{other:?}"),
    }
    let e = evaluate(&mut s, "x - 1");
    assert_eq!(e.first_non_finite(), Some(0));
}

#[test]
fn a_long_chain_of_formulas_is_built_without_recursion() {
    // Built in a test thread's small stack on purpose.
    let mut s = Session::new();
    let mut text = String::from("a0 = 1\n");
    for i in 1..=20_000 {
        text.push_str(&format!("a{i} = a{}*1.0001\n", i - 1));
    }
    run(&mut s, &text).expect("defines");
    let e = evaluate(&mut s, "a20000");
    let want = 1.0001f64.powi(20_000);
    assert!((e.value() - want).abs() <= 1e-9 * want);
    assert!((grad_of(&e, "a0") - want).abs() <= 1e-9 * want);
}

#[test]
fn cached_formula_values_follow_every_change() {
    let mut s = Session::new();
    run(&mut s, "x = 2; f = x*3; g = f + 1; h = g*g").expect("defines");
    assert_eq!(s.value_of("h"), Some(Value::Number(49.0)));
    run(&mut s, "x = 3").expect("redefines an input");
    assert_eq!(s.value_of("h"), Some(Value::Number(100.0)));
    assert_eq!(s.value_of("g"), Some(Value::Number(10.0)));
    run(&mut s, "f = x - 1").expect("redefines a formula");
    assert_eq!(s.value_of("h"), Some(Value::Number(9.0)));
    run(&mut s, "k = 5; k2 = k*2").expect("defines more");
    assert_eq!(s.delete("k2"), Ok(()));
    assert_eq!(s.delete("k"), Ok(()));
    assert_eq!(s.value_of("k2"), None);
    assert_eq!(s.value_of("h"), Some(Value::Number(9.0)));
    run(&mut s, "k = 1; k2 = k + 1").expect("defines the names again");
    assert_eq!(s.value_of("k2"), Some(Value::Number(2.0)));
}

#[test]
fn definitions_hold_the_session_s_ids_of_names() {
    let mut s = Session::new();
    run(&mut s, "x = 2; y = 1; f = x*3 + y*x").expect("defines");
    let Some(Definition::Formula(f)) = s.get("f") else { panic!("f is a formula") };
    let mentions: Vec<&str> = f.expr.names().map(|(name, _)| s.name(name)).collect();
    assert_eq!(mentions, ["x", "y", "x"]);
    let deps: Vec<&str> = f.deps.iter().map(|&name| s.name(name)).collect();
    assert_eq!(deps, ["x", "y"], "distinct, in the order first mentioned");
}

/// Statements parsed without the session (ids unknown) still run: names
/// are found by their text.
#[test]
fn statements_parsed_apart_find_their_names_by_text() {
    let mut s = Session::new();
    let source: Rc<str> = "x = 3\nf = x*x\nf + x\ngrad(f, x)".into();
    let statements = crate::syntax::parse_all(&source).expect("parses");
    let mut last = None;
    for statement in statements {
        last = Some(s.execute(statement).expect("runs"));
    }
    assert_eq!(s.value_of("f"), Some(Value::Number(9.0)));
    match last {
        Some(Outcome::Evaluated(evaluation)) => assert_eq!(evaluation.value(), 6.0),
        other => panic!("{other:?}"),
    }
    let Some(Definition::Formula(f)) = s.get("f") else { panic!("f is a formula") };
    assert!(f.expr.names().all(|(name, _)| name.is_known()), "stored formulas hold real ids");
}

#[test]
fn the_first_undefined_name_is_reported_with_or_without_formulas() {
    // Inputs only (the build skips expanding formulas), then with a formula.
    for setup in ["x = 1", "x = 1; f = x*2"] {
        let mut s = Session::new();
        run(&mut s, setup).expect("defines");
        let err = run(&mut s, "x*2 + yy + x + zz").unwrap_err();
        assert_eq!(err.kind, ErrorKind::UndefinedName { name: "yy".into(), suggestion: None }, "{setup}");
        assert_eq!(err.span, Span::new(6, 8));
    }
    let mut s = Session::new();
    run(&mut s, "x = 1; f = x*2; f = 3").expect("replaces the only formula");
    assert!(!s.has_formulas());
    assert_eq!(evaluate(&mut s, "x + f").value(), 4.0);
}

/// Values without graphs come from the same forward evaluator as graphs:
/// the same bits, and the same first node that went non-finite.
#[test]
fn values_without_graphs_are_the_values_of_graphs() {
    let mut s = Session::new();
    run(&mut s, "x = 0.7; y = -1.3; f = sigmoid(x)*tanh(y); z = 0").expect("defines");
    for text in [
        "f + exp(x)/sqrt(x+2) - ln(x)*sin(y)*cos(x) + x^y",
        "-x^2 + max(x, y)*min(f, y) - abs(y)",
        "f/z + x",
        "ln(z)*y",
    ] {
        let Some(Statement::Eval(expr)) = s.parse(&text.into()).expect("parses").pop() else {
            panic!("{text}")
        };
        let e = s.evaluate(&expr).expect("evaluates");
        let (value, non_finite) = s.value(&expr).expect("has a value");
        assert_eq!(value.number_or_nan().to_bits(), e.value().to_bits(), "{text}");
        let first = e.first_non_finite().map(|id| e.graph.written_at(id).expect("written here").1);
        assert_eq!(non_finite, first, "{text}");
    }
}
