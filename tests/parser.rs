//! The language of SPEC 1 and 2 through the library: precedence and
//! associativity, number forms, statements, comments, names, and every shape
//! of syntax error, rendered as a user sees it.

mod common;

use cgraph::render::diagnostic;
use cgraph::session::{Definition, Session};
use common::{cgraph, evaluate, grad_of, run_script, stderr};

/// The value of the last evaluation in `text` (after its definitions).
#[track_caller]
fn value(text: &str) -> f64 {
    evaluate(text).value()
}

/// The error `text` stops at, rendered as on a terminal without colour, from
/// an origin called `t`.
#[track_caller]
fn error(text: &str) -> String {
    let mut session = Session::new();
    match run_script(&mut session, text) {
        Ok(_) => panic!("`{text}` ran without an error"),
        Err(e) => diagnostic::error("t", text, &e, false),
    }
}

/// An error's first line, without the origin and position.
#[track_caller]
fn message(text: &str) -> String {
    let shown = error(text);
    let first = shown.lines().next().unwrap_or_default();
    first.split_once(": error: ").map(|(_, m)| m.to_owned()).unwrap_or_else(|| panic!("{shown}"))
}

// ---- precedence and associativity (SPEC 2's table) ---------------------------

#[test]
fn power_is_right_associative_and_binds_tighter_than_unary_minus() {
    assert_eq!(value("2^3^2"), 512.0);
    assert_eq!(value("(2^3)^2"), 64.0);
    assert_eq!(value("-2^2"), -4.0);
    assert_eq!(value("(-2)^2"), 4.0);
    assert_eq!(value("x = 3\n-x^2"), -9.0);
    assert_eq!(value("2^-1"), 0.5);
    assert_eq!(value("2^-1*3"), 1.5, "the signed exponent ends at the `*`");
    assert_eq!(value("2^-2^2"), 2f64.powi(-4), "2^(-(2^2))");
    assert_eq!(value("2^+1"), 2.0);
}

#[test]
fn minus_x_squared_is_a_neg_over_a_pow() {
    let evaluation = evaluate("x = 3\n-x^2");
    let layers: Vec<&str> = evaluation.graph.nodes.iter().map(|n| n.layer.name()).collect();
    // The literal exponent is the pow layer's parameter (SPEC section 2): no const node.
    assert_eq!(layers, ["input", "pow", "neg"]);
    assert_eq!(grad_of(&evaluation, "x"), Some(-6.0));
}

#[test]
fn additive_and_multiplicative_operators_are_left_associative() {
    assert_eq!(value("1-2-3"), -4.0);
    assert_eq!(value("8/4/2"), 1.0);
    assert_eq!(value("2*3/4*5"), 7.5);
    assert_eq!(value("1-2+3"), 2.0);
    assert_eq!(value("1+2*3"), 7.0);
    assert_eq!(value("(1+2)*3"), 9.0);
    assert_eq!(value("2*3^2"), 18.0);
    assert_eq!(value("1 - 2*3 + 4/2"), -3.0);
}

#[test]
fn prefix_signs_stack_and_follow_operators() {
    assert_eq!(value("x = 3\n2*-x"), -6.0);
    assert_eq!(value("x = 3; y = 4\nx - -y"), 7.0);
    assert_eq!(value("x = 3\n- -x"), 3.0);
    assert_eq!(value("x = 3\n--x"), 3.0);
    assert_eq!(value("x = 3\n- - -x"), -3.0);
    assert_eq!(value("x = 3\n+x"), 3.0);
    assert_eq!(value("x = 3\n-+-x"), 3.0);
    assert_eq!(value("1 +- 2"), -1.0, "outside an assert, +- is plus minus");
    let layers: Vec<&str> = evaluate("x = 3\n-x*2").graph.nodes.iter().map(|n| n.layer.name()).collect();
    assert_eq!(layers, ["input", "neg", "const", "mul"], "(-x)*2");
}

#[test]
fn unary_plus_adds_no_node_and_unary_minus_a_neg_over_a_const() {
    let plus = evaluate("+4");
    assert_eq!(plus.graph.len(), 1);
    let minus = evaluate("-4");
    let layers: Vec<&str> = minus.graph.nodes.iter().map(|n| n.layer.name()).collect();
    assert_eq!(layers, ["const", "neg"], "a literal has no sign");
    assert_eq!(minus.value(), -4.0);
}

#[test]
fn double_star_is_power() {
    assert_eq!(value("2**3**2"), 512.0);
    assert_eq!(value("-2**2"), -4.0);
    assert_eq!(value("2**-1"), 0.5);
    assert_eq!(value("x = 2\nx**3 * 2"), 16.0);
}

// ---- numbers ----------------------------------------------------------------

#[test]
fn every_number_form_reads_as_its_f64() {
    for (text, want) in [
        ("12", 12.0),
        ("1.5", 1.5),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e-3", 1e-3),
        ("2.5E+4", 2.5e4),
        ("1E3", 1e3),
        ("0.1", 0.1),
        ("007", 7.0),
        ("123456789012345678901234567890", 1.2345678901234568e29),
        ("4.9e-324", 4.9e-324),
        ("1.7976931348623157e308", f64::MAX),
    ] {
        assert_eq!(value(text).to_bits(), want.to_bits(), "{text}");
        let node = &evaluate(text).graph;
        assert_eq!(node.label(0), text, "a literal's label is as written");
    }
}

#[test]
fn a_number_too_large_for_f64_is_infinite_not_an_error() {
    assert_eq!(value("1e400"), f64::INFINITY);
}

// ---- statements, comments, names --------------------------------------------

#[test]
fn semicolons_comments_and_blank_lines_separate_statements() {
    assert_eq!(value("a = 1; b = 2; a + b"), 3.0);
    assert_eq!(value("# a comment\n\n  a = 1 # set a ; not a separator\n\n# b = 5\nb = 2;\na*b # done"), 2.0);
    assert_eq!(value(";;a = 4;;\n;a"), 4.0);
    assert_eq!(value("a = 2\r\nb = 3\r\na*b\r\n"), 6.0, "Windows line ends");
    assert_eq!(
        value("x = 1\n(x +\n  2 # a comment inside\n  )*3"),
        9.0,
        "an open bracket continues the line"
    );
    let mut session = Session::new();
    assert!(
        run_script(&mut session, "# nothing\n\n;  ;\n")
            .unwrap()
            .iter()
            .all(|o| matches!(o, cgraph::session::Outcome::Nothing))
    );
}

#[test]
fn names_are_unicode_identifiers() {
    assert_eq!(value("pomme = 3; りんご = 4\npomme*りんご"), 12.0);
    assert_eq!(value("_x = 1; x1 = 2; x_1 = 3; Δt = 4; été = 5\n_x + x1 + x_1 + Δt + été"), 15.0);
    assert_eq!(
        value("asserted = 2; gradient = 3; expx = 4; sinh = 5\nasserted*gradient + expx + sinh"),
        15.0
    );
    assert_eq!(value("e = 2; E = 3\n1e1 + e + E"), 15.0, "`e` alone is a name, `1e1` a number");
}

#[test]
fn assignment_makes_an_input_or_a_formula() {
    let mut session = Session::new();
    run_script(&mut session, "k = 2^10; x = -4; y = x*k").unwrap();
    assert!(matches!(session.get("k"), Some(Definition::Input { value }) if value.number() == Some(1024.0)));
    assert!(matches!(session.get("x"), Some(Definition::Input { value }) if value.number() == Some(-4.0)));
    assert!(matches!(session.get("y"), Some(Definition::Formula(_))));
    run_script(&mut session, "x = 1").unwrap();
    assert_eq!(session.number_of("y"), Some(1024.0), "a formula follows its inputs");
    run_script(&mut session, "y = 7").unwrap();
    assert!(matches!(session.get("y"), Some(Definition::Input { .. })), "re-assigning replaces");
}

#[test]
fn reserved_names_cannot_be_assigned() {
    for name in [
        "exp", "ln", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "max", "min", "grad",
        "assert",
    ] {
        let shown = error(&format!("{name} = 1"));
        assert!(
            shown.starts_with(&format!("t:1:1: error: `{name}` is reserved and cannot be assigned\n")),
            "{shown}"
        );
    }
}

#[test]
fn assert_accepts_a_tolerance() {
    let mut session = Session::new();
    run_script(&mut session, "x = 0.1\nassert x*3 == 0.3\nassert 1 == 1.05 +- 0.1\nassert 1 == 1.05 ± 0.1")
        .unwrap();
    assert!(
        message("assert 1 == 1.2 +- 0.1")
            .starts_with("assertion failed: the left side is 1, the right side is 1.2")
    );
    assert!(message("assert 0/0 == 0/0").starts_with("assertion failed"), "NaN never passes");
}

// ---- syntax errors: what was expected, in words ------------------------------

#[test]
fn each_syntax_error_says_what_was_expected_and_points_at_it() {
    // (source, the whole rendered message)
    let cases = [
        ("1 +", "t:1:4: error: expected an expression, found the end of the statement\n1 | 1 +\n  |    ^\n"),
        ("1 + )", "t:1:5: error: expected an expression, found `)`\n1 | 1 + )\n  |     ^\n"),
        (
            "1 2",
            "t:1:3: error: expected an operator or the end of the statement, found `2`\n1 | 1 2\n  |   ^\n",
        ),
        (
            "x = ",
            "t:1:5: error: expected an expression, found the end of the statement\n1 | x = \n  |     ^\n",
        ),
        ("= 3", "t:1:1: error: expected a statement, found `=`\n1 | = 3\n  | ^\n"),
        ("* 2", "t:1:1: error: expected a statement, found `*`\n1 | * 2\n  | ^\n"),
        ("f(1,)", "t:1:5: error: expected an expression, found `)`\n1 | f(1,)\n  |     ^\n"),
        (
            "max(1 2)",
            "t:1:7: error: expected an operator, `,` or `)`, found `2`\n1 | max(1 2)\n  |       ^\n",
        ),
        ("(1,2)", "t:1:3: error: expected an operator or `)`, found `,`\n1 | (1,2)\n  |   ^\n"),
        ("()", "t:1:2: error: expected an expression, found `)`\n1 | ()\n  |  ^\n"),
        ("2^", "t:1:3: error: expected an expression, found the end of the statement\n1 | 2^\n  |   ^\n"),
        (
            "assert 1",
            "t:1:9: error: expected an operator or `==`, found the end of the statement\n1 | assert 1\n  |         ^\n",
        ),
        (
            "1..2",
            "t:1:3: error: expected an operator or the end of the statement, found `.2`\n1 | 1..2\n  |   ^^\n",
        ),
        (
            "a b = 1",
            "t:1:3: error: expected an operator, `=` or the end of the statement, found `b`\n1 | a b = 1\n  |   ^\n",
        ),
        (
            "x = = 2",
            "t:1:3: error: expected an operator, `=` or the end of the statement, found `=`\n1 | x = = 2\n  |   ^\n",
        ),
        (
            "1 $ 2",
            "t:1:3: error: expected an operator or the end of the statement, found `$`\n1 | 1 $ 2\n  |   ^\n",
        ),
        (
            "x==1",
            "t:1:2: error: expected an operator, `=` or the end of the statement, found `==`\n1 | x==1\n  |  ^^ `==` compares only in an assertion: `assert A == B`\n",
        ),
    ];
    for (source, want) in cases {
        assert_eq!(error(source), want, "for `{source}`");
    }
}

#[test]
fn no_syntax_error_names_a_grammar_rule() {
    let rule_words = ["expr", "operand", "primary", "infix", "callee", "EOI", "ident", "WHITESPACE", "Rule"];
    for source in [
        "1 +",
        "(1",
        "1)",
        "f(",
        "f(1,",
        "assert 1 ==",
        "x = ",
        "1 ** ** 2",
        "-",
        "+",
        "1e",
        ",",
        "x +* 2",
        "max(1,,2)",
    ] {
        let shown = error(source);
        let words: Vec<&str> = shown.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
        for word in rule_words {
            assert!(!words.contains(&word), "`{source}` mentions `{word}`: {shown}");
        }
        assert!(shown.contains("expected ") || shown.contains("never closed"), "{shown}");
    }
}

#[test]
fn brackets_that_do_not_match_are_named() {
    assert_eq!(error("(1 + 2"), "t:1:1: error: `(` is never closed\n1 | (1 + 2\n  | ^\n");
    assert_eq!(error("x = 1\nsin(x"), "t:2:4: error: `(` is never closed\n2 | sin(x\n  |    ^\n");
    assert_eq!(
        error("((1) + (2"),
        "t:1:8: error: `(` is never closed\n1 | ((1) + (2\n  |        ^\n",
        "the innermost"
    );
    assert_eq!(message("1 + 2)"), "expected an operator or the end of the statement, found `)`");
}

#[test]
fn control_characters_are_named_not_printed() {
    let shown = error("1 + \u{1}");
    assert!(
        shown.starts_with("t:1:5: error: expected an expression, found the character \\u{1}\n"),
        "{shown}"
    );
    assert!(!shown.contains('\u{1}'), "the raw control character is not echoed: {shown:?}");
}

#[test]
fn semantic_errors_point_at_their_span() {
    let cases = [
        (
            "apple = 1\naple*2",
            "t:2:1: error: undefined name `aple`\n2 | aple*2\n  | ^^^^ did you mean `apple`?\n",
        ),
        (
            "sigmod(1)",
            "t:1:1: error: unknown function `sigmod`\n1 | sigmod(1)\n  | ^^^^^^ did you mean `sigmoid`?\n",
        ),
        ("exp(1, 2)", "t:1:1: error: `exp` takes 1 argument, found 2\n1 | exp(1, 2)\n  | ^^^^^^^^^\n"),
        ("1 + max()", "t:1:5: error: `max` takes 2 arguments, found 0\n1 | 1 + max()\n  |     ^^^^^\n"),
        (
            "x = 1; grad(x, 2*x)",
            "t:1:16: error: the second argument of `grad` must be the name of an input or formula\n1 | x = 1; grad(x, 2*x)\n  |                ^^^\n",
        ),
        (
            "a = 1; b = a; a = b",
            "t:1:15: error: a formula cannot depend on itself: a -> b -> a\n1 | a = 1; b = a; a = b\n  |               ^\n",
        ),
        ("x = x + 1", "t:1:5: error: undefined name `x`\n1 | x = x + 1\n  |     ^\n"),
    ];
    for (source, want) in cases {
        assert_eq!(error(source), want, "for `{source}`");
    }
}

#[test]
fn a_formula_that_uses_itself_directly_is_a_cycle() {
    assert_eq!(message("x = 1; x = x + 1"), "a formula cannot depend on itself: x -> x");
}

#[test]
fn wide_characters_keep_the_caret_under_the_mistake() {
    let shown = error("りんご = 1\nりんご + $");
    assert_eq!(shown, "t:2:7: error: expected an expression, found `$`\n2 | りんご + $\n  |          ^\n");
}

#[test]
fn a_function_name_or_assert_is_not_a_value() {
    for (text, message, help) in [
        ("exp + 1", "`exp` is a function, not a value", "call it: `exp(x)`"),
        ("y = 2 * grad", "`grad` is a function, not a value", "call it: `grad(y, x)`"),
        ("assert", "`assert` starts a check and is not a value", "write `assert A == B`"),
    ] {
        let output = cgraph().args(["-e", text]).output().expect("runs");
        assert_eq!(output.status.code(), Some(1), "{text}");
        let shown = stderr(&output);
        assert!(shown.contains(message) && shown.contains(help), "{text}: {shown}");
    }
}
