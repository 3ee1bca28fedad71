//! Every file in `samples/` runs here, and its numbers are checked against
//! values from the book, from micrograd's tests (which PyTorch confirms), or
//! derived by hand below; never against cgraph's own output. Every file in
//! `samples/errors/` must fail with exactly the message written here.
//! A sample without expectations fails the suite.

mod common;

use std::path::Path;

use common::{Json, assert_close, cg_files, cgraph, json_lines, samples_dir};

/// One evaluation a sample prints: its expression as written, its value, and
/// the gradient of that value with respect to some nodes (by name, or by
/// label for a literal that appears once).
struct Eval {
    expr: &'static str,
    value: f64,
    grads: Vec<(&'static str, f64)>,
}

fn eval(expr: &'static str, value: f64, grads: &[(&'static str, f64)]) -> Eval {
    Eval { expr, value, grads: grads.to_vec() }
}

/// The book's figures and micrograd's printed values agree to about 15
/// digits; 1e-12 leaves room for a different but equally good summation order.
const REL: f64 = 1e-12;

/// What each sample in `samples/` prints, in order.
fn expectations(file: &str) -> Option<Vec<Eval>> {
    let sigmoid = |x: f64| 1.0 / (1.0 + (-x).exp());
    Some(match file {
        // Deep Learning from Scratch, figure 5-16 (5.4.1).
        "apple.cg" => vec![eval(
            "apple*apple_num*tax",
            220.0,
            &[("apple", 2.2), ("apple_num", 110.0), ("tax", 200.0), ("apple*apple_num", 1.1)],
        )],
        "apple_literals.cg" => {
            vec![eval("100*2*1.1", 220.0, &[("100", 2.2), ("2", 110.0), ("1.1", 200.0), ("100*2", 1.1)])]
        }
        // Figure 5-17 (5.4.2).
        "apple_orange.cg" => vec![eval(
            "(apple*apple_num + orange*orange_num)*tax",
            715.0,
            &[
                ("apple", 2.2),
                ("apple_num", 110.0),
                ("orange", 3.3),
                ("orange_num", 165.0),
                ("tax", 650.0),
                ("apple*apple_num", 1.1),
                ("orange*orange_num", 1.1),
                ("apple*apple_num + orange*orange_num", 1.1),
            ],
        )],
        "apple_orange_literals.cg" => vec![eval(
            "(100*2 + 150*3)*1.1",
            715.0,
            &[("100", 2.2), ("2", 110.0), ("150", 3.3), ("3", 165.0), ("1.1", 650.0), ("100*2 + 150*3", 1.1)],
        )],
        // price = apple*apple_num*tax, then with apple_num = 3, then through `id`.
        "formulas.cg" => vec![
            eval(
                "price",
                220.0,
                &[("apple", 2.2), ("apple_num", 110.0), ("tax", 200.0), ("apple_price", 1.1), ("price", 1.0)],
            ),
            eval(
                "price",
                330.0,
                &[("apple", 3.3), ("apple_num", 110.0), ("tax", 300.0), ("apple_price", 1.1)],
            ),
            eval("total", 330.0, &[("total", 1.0), ("price", 1.0), ("apple", 3.3), ("tax", 300.0)]),
        ],
        // micrograd test_sanity_check: y = -20, dy/dx = 46. By hand: z = -10,
        // q = 40; dy/dq = 1 + x = -3; dy/dz = 2z + (relu'(z) + x)(-3) = -8.
        "micrograd_sanity.cg" => {
            vec![eval("y", -20.0, &[("x", 46.0), ("q", -3.0), ("z", -8.0), ("h", 1.0), ("y", 1.0)])]
        }
        // micrograd test_more_ops, whose values PyTorch gives.
        "micrograd_more_ops.cg" => vec![eval(
            "g1",
            24.70408163265306,
            &[
                ("a", 138.83381924198252),
                ("b", 645.5772594752186),
                ("g", 1.0),
                ("f", 0.5 - 10.0 / (49.0 * 49.0)),
                // f = e^2 with e = -7: the literal 2 is pow's parameter, so
                // e gets 2e · dg1/df and nothing is NaN.
                ("e", -14.0 * (0.5 - 10.0 / (49.0 * 49.0))),
            ],
        )],
        // sigmoid(w*x + b) at w*x + b = 0.5; the slope s(1 - s) reaches w
        // times x, x times w, and b as it is.
        // Trained to the line through (1, 3), (2, 5), (3, 7): y = 2x + 1,
        // where the loss is 0 (tests/training.rs checks the descent itself).
        "fit_line.cg" => vec![eval("loss", 0.0, &[("((w*1 + b) - 3)^2", 1.0)])],
        "sigmoid_neuron.cg" => {
            let s = sigmoid(0.5);
            let slope = s * (1.0 - s);
            vec![eval(
                "sigmoid(w*x + b)",
                s,
                &[("w", slope * 2.0), ("x", slope * -0.5), ("b", slope), ("w*x + b", slope)],
            )]
        }
        // Each layer at x = 0.5 (y = 2), with derivatives worked out by hand.
        "functions.cg" => {
            let x: f64 = 0.5;
            let y: f64 = 2.0;
            let t = x.tanh();
            let s = sigmoid(x);
            vec![
                eval("exp(x)", x.exp(), &[("x", x.exp())]),
                eval("ln(x)", x.ln(), &[("x", 1.0 / x)]),
                eval("log(x)", x.ln(), &[("x", 1.0 / x)]),
                eval("sqrt(x)", x.sqrt(), &[("x", 0.5 / x.sqrt())]),
                eval("sin(x)", x.sin(), &[("x", x.cos())]),
                eval("cos(x)", x.cos(), &[("x", -x.sin())]),
                eval("tanh(x)", t, &[("x", 1.0 - t * t)]),
                eval("sigmoid(x)", s, &[("x", s * (1.0 - s))]),
                eval("relu(x)", x, &[("x", 1.0)]),
                eval("relu(-x)", 0.0, &[("x", 0.0), ("-x", 0.0)]),
                eval("abs(-x)", x, &[("x", 1.0), ("-x", -1.0)]),
                eval("max(x, y)", y, &[("x", 0.0), ("y", 1.0)]),
                eval("min(x, y)", x, &[("x", 1.0), ("y", 0.0)]),
                eval("x^y", 0.25, &[("x", y * x), ("y", 0.25 * x.ln())]),
                eval("x**y", 0.25, &[("x", y * x), ("y", 0.25 * x.ln())]),
                eval("x/y", 0.25, &[("x", 1.0 / y), ("y", -x / (y * y))]),
                eval("-x", -0.5, &[("x", -1.0)]),
                eval("x - y", -1.5, &[("x", 1.0), ("y", -1.0)]),
            ]
        }
        // Checks itself with asserts (see every_assert_in_a_sample_is_live) and prints nothing.
        "homework_apple_orange.cg" => vec![],
        "unicode_names.cg" => vec![
            eval("りんご*個数*税", 220.0, &[("りんご", 2.2), ("個数", 110.0), ("税", 200.0)]),
            eval("2*pomme + 3*りんご", 500.0, &[("pomme", 2.0), ("りんご", 3.0)]),
        ],
        // The matrix samples check their matrices with asserts worked out
        // by hand in their comments; here, the number each one prints.
        // L = sum(Y ⊙ [1, 2; 3, 4]) with Y = [-0.5, 3; -0.5, 7].
        "affine.cg" => vec![eval("L", -0.5 + 6.0 - 1.5 + 28.0, &[("L", 1.0)])],
        // 460 + 3600 + 42; k was stretched over all of X, whose sum is 21.
        "broadcasting.cg" => vec![eval("f", 4102.0, &[("k", 21.0), ("f", 1.0)])],
        // The true class has probability 1/4.
        "softmax_with_loss.cg" => vec![eval("loss", 4f64.ln(), &[("loss", 1.0)])],
        // numpy, with randn written again in Python: tests/reference/matrices.py.
        "two_layer_net.cg" => vec![eval("loss", 1.0981319287115408, &[("loss", 1.0)])],
        _ => return None,
    })
}

/// The samples that train a network from random weights: what they print
/// depends on the training, and tests/training.rs checks what they learn.
const TRAINED: &[&str] = &["iris.cg", "xor.cg"];

/// What each sample in `samples/errors/` prints before it stops (how many
/// evaluations), and its whole message on stderr, with the path as passed.
fn error_expectations(file: &str) -> Option<(usize, &'static str)> {
    Some(match file {
        "argument_count.cg" => (
            0,
            "samples/errors/argument_count.cg:3:1: error: `max` takes 2 arguments, found 1\n\
             3 | max(x)\n  \
               | ^^^^^^\n",
        ),
        "assign_function.cg" => (
            0,
            "samples/errors/assign_function.cg:2:1: error: `exp` is reserved and cannot be assigned\n\
             2 | exp = 2.718\n  \
               | ^^^ `exp` is a function; choose another name\n",
        ),
        "cycle.cg" => (
            0,
            "samples/errors/cycle.cg:6:1: error: a formula cannot depend on itself: a -> c -> b -> a\n\
             6 | a = c*3\n  \
               | ^\n",
        ),
        "double_equals.cg" => (
            0,
            "samples/errors/double_equals.cg:4:3: error: expected an operator, `=` or the end of the \
             statement, found `==`\n\
             4 | x == 2\n  \
               |   ^^ `==` compares only in an assertion: `assert A == B`\n",
        ),
        "failed_assert.cg" => (
            0,
            "samples/errors/failed_assert.cg:5:1: error: assertion failed: the left side is 6, the right \
             side is 9 (they differ by 3, more than 0.5)\n\
             5 | assert grad(x*x, x) == 9 +- 0.5\n  \
               | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n",
        ),
        "grad_target.cg" => (
            0,
            "samples/errors/grad_target.cg:4:11: error: the second argument of `grad` must be the name of \
             an input or formula\n\
             4 | grad(x*x, 3)\n  \
               |           ^\n",
        ),
        // The two bad bytes are shown as U+FFFD each.
        "invalid_utf8.cg" => (
            0,
            "samples/errors/invalid_utf8.cg:5:5: error: the text is not valid UTF-8\n\
             5 | y = \u{FFFD}\u{FFFD} + x\n  \
               |     ^\n",
        ),
        "missing_operand.cg" => (
            0,
            "samples/errors/missing_operand.cg:3:9: error: expected an expression, found the end of the \
             statement\n\
             3 | y = x * \n  \
               |         ^\n",
        ),
        "stray_character.cg" => (
            0,
            "samples/errors/stray_character.cg:3:7: error: expected an operator, `=` or the end of the \
             statement, found `$`\n\
             3 | price $ 2\n  \
               |       ^\n",
        ),
        "unclosed_bracket.cg" => (
            0,
            "samples/errors/unclosed_bracket.cg:6:1: error: `(` is never closed\n\
             6 | (apple*2 + 150*3*tax\n  \
               | ^\n",
        ),
        // The evaluation before the typo is printed; the one after is not.
        "undefined_name.cg" => (
            1,
            "samples/errors/undefined_name.cg:6:1: error: undefined name `aple`\n\
             6 | aple*apple_num\n  \
               | ^^^^ did you mean `apple`?\n",
        ),
        "unknown_function.cg" => (
            0,
            "samples/errors/unknown_function.cg:3:1: error: unknown function `sigmod`\n\
             3 | sigmod(x)\n  \
               | ^^^^^^ did you mean `sigmoid`?\n",
        ),
        "unopened_bracket.cg" => (
            0,
            "samples/errors/unopened_bracket.cg:4:4: error: expected an operator or the end of the \
             statement, found `)`\n\
             4 | x*2)\n  \
               |    ^\n",
        ),
        _ => return None,
    })
}

/// Runs `cgraph --format json PATH` from the repository root.
fn run_sample(path: &str) -> std::process::Output {
    cgraph()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--format", "json", path])
        .output()
        .expect("cgraph runs")
}

fn check_eval(file: &str, index: usize, got: &Json, want: &Eval) {
    let what = format!("{file}, evaluation {index} `{}`", want.expr);
    assert_eq!(got.expr(), want.expr, "{what}: the expression as written");
    assert_close(got.value(), want.value, REL, &format!("{what}: value"));
    assert_eq!(got.nodes()[got.output()]["grad"], 1, "{what}: the output's own gradient");
    for &(node, grad) in &want.grads {
        assert_close(got.grad(node), grad, REL, &format!("{what}: gradient at `{node}`"));
    }
}

#[test]
fn every_sample_runs_and_prints_the_expected_numbers() {
    let files = cg_files(&samples_dir());
    assert!(files.len() >= 10, "samples/ has only {files:?}");
    for file in &files {
        let output = run_sample(&format!("samples/{file}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "samples/{file} failed: {stderr}");
        assert!(stderr.is_empty(), "samples/{file} warned: {stderr}");
        if TRAINED.contains(&file.as_str()) {
            continue;
        }
        let Some(expected) = expectations(file) else {
            panic!("samples/{file} has no expectations in tests/samples.rs: add them");
        };
        // Evaluations only: a training's line (`"train"`) is checked in tests/training.rs.
        let got: Vec<Json> =
            json_lines(&output.stdout).into_iter().filter(|j| j.0.get("expr").is_some()).collect();
        assert_eq!(got.len(), expected.len(), "samples/{file}: how many evaluations");
        for (i, (got, want)) in got.iter().zip(&expected).enumerate() {
            check_eval(file, i, got, want);
        }
    }
}

#[test]
fn every_sample_also_runs_as_text() {
    for file in cg_files(&samples_dir()) {
        let output = cgraph()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg(format!("samples/{file}"))
            .output()
            .expect("cgraph runs");
        assert!(output.status.success(), "samples/{file}: {}", String::from_utf8_lossy(&output.stderr));
        let text = String::from_utf8(output.stdout).expect("UTF-8");
        let titles = text.lines().filter(|l| l.trim_start().starts_with("#  node")).count();
        if TRAINED.contains(&file.as_str()) {
            assert!(text.lines().any(|l| l.starts_with("train ")), "samples/{file} trains:\n{text}");
            continue;
        }
        let evaluations = expectations(&file).map_or(0, |e| e.len());
        assert_eq!(titles, evaluations, "samples/{file}: one table per evaluation:\n{text}");
    }
}

#[test]
fn every_error_sample_fails_with_its_message() {
    let dir = samples_dir().join("errors");
    let files = cg_files(&dir);
    assert!(files.len() >= 10, "samples/errors/ has only {files:?}");
    for file in &files {
        let Some((evaluations, message)) = error_expectations(file) else {
            panic!("samples/errors/{file} has no expected message in tests/samples.rs: add it");
        };
        let output = run_sample(&format!("samples/errors/{file}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "samples/errors/{file}: exit status; stderr: {stderr}");
        assert!(!stderr.contains("panicked"), "samples/errors/{file} panicked: {stderr}");
        assert_eq!(stderr, message, "samples/errors/{file}: the message");
        assert_eq!(
            json_lines(&output.stdout).len(),
            evaluations,
            "samples/errors/{file}: output before the error"
        );
    }
}

#[test]
fn expectations_name_only_samples_that_exist() {
    // A renamed sample must not leave its expectations behind unchecked.
    let known = [
        "affine.cg",
        "apple.cg",
        "apple_literals.cg",
        "apple_orange.cg",
        "apple_orange_literals.cg",
        "broadcasting.cg",
        "fit_line.cg",
        "formulas.cg",
        "functions.cg",
        "homework_apple_orange.cg",
        "iris.cg",
        "micrograd_more_ops.cg",
        "micrograd_sanity.cg",
        "sigmoid_neuron.cg",
        "softmax_with_loss.cg",
        "two_layer_net.cg",
        "unicode_names.cg",
        "xor.cg",
    ];
    for file in known.iter().filter(|file| !TRAINED.contains(file)) {
        assert!(expectations(file).is_some(), "{file} is listed here but has no expectations");
        assert!(Path::new(&samples_dir().join(file)).is_file(), "samples/{file} is expected but missing");
    }
    assert_eq!(cg_files(&samples_dir()), known, "samples/ and the list above differ");
}

#[test]
fn the_invalid_utf8_sample_really_is_invalid() {
    let bytes = std::fs::read(samples_dir().join("errors/invalid_utf8.cg")).expect("readable");
    assert!(std::str::from_utf8(&bytes).is_err(), "the sample must keep its bad bytes");
}

#[test]
fn every_assert_in_a_sample_is_live() {
    // Shifting the expected side of any one assert by 1 must fail the script,
    // so a sample that checks itself really checks every line.
    let mut asserts = 0;
    for file in cg_files(&samples_dir()) {
        let text = std::fs::read_to_string(samples_dir().join(&file)).expect("readable");
        for (n, line) in text.lines().enumerate().filter(|(_, l)| l.starts_with("assert ")) {
            let broken_line = line.replacen(" == ", " == 1 + ", 1);
            assert_ne!(broken_line, line, "samples/{file}:{}: an assert without ==", n + 1);
            let broken = text.replacen(line, &broken_line, 1);
            // From stdin a relative `load` is relative to the working folder.
            let output =
                cgraph().current_dir(samples_dir()).write_stdin(broken).output().expect("cgraph runs");
            let message = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "samples/{file}:{}: `{broken_line}` passed", n + 1);
            assert!(
                message.starts_with(&format!("<stdin>:{}:1: error: assertion failed", n + 1)),
                "{message}"
            );
            asserts += 1;
        }
    }
    assert!(asserts >= 10, "only {asserts} asserts in the samples");
}
