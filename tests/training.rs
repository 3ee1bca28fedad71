//! Updates and training (SPEC section 9) through the binary, as a user runs
//! them. Every number is worked out by hand in the comments.

mod common;

use common::{cgraph, json_lines, stderr};

/// Runs `statements` as `-e` values with `args`, returning the output.
fn run(args: &[&str], statements: &[&str]) -> std::process::Output {
    let mut command = cgraph();
    command.args(args);
    for statement in statements {
        command.arg("-e").arg(statement);
    }
    command.output().expect("cgraph runs")
}

const LINE: &[&str] = &["w = 0; b = 0", "loss = ((w*1 + b) - 3)^2 + ((w*2 + b) - 5)^2 + ((w*3 + b) - 7)^2"];

#[test]
fn training_follows_the_gradient_and_lists_every_loss() {
    let mut statements = LINE.to_vec();
    statements.push("train loss over w, b lr 0.05 steps 3");
    let output = run(&["--format", "json"], &statements);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 1);
    let line = &lines[0].0;
    assert_eq!(line["train"], "loss");
    assert_eq!(line["over"], serde_json::json!(["w", "b"]));
    assert_eq!(line["lr"], 0.05);
    assert_eq!(line["steps"], 3);
    let losses: Vec<f64> = line["losses"].as_array().unwrap().iter().map(|l| l.as_f64().unwrap()).collect();
    // At w = b = 0 the residuals are -3, -5, -7: 9 + 25 + 49 = 83.
    // d/dw = 2(-3·1 - 5·2 - 7·3) = -68, d/db = 2(-3 - 5 - 7) = -30, so one
    // step of 0.05 gives w = 3.4, b = 1.5, residuals 1.9, 3.3, 4.7: 3.61 +
    // 10.89 + 22.09 = 36.59.
    assert_eq!(losses.len(), 4, "the loss before the first step, then after each");
    assert_eq!(losses[0], 83.0);
    assert!((losses[1] - 36.59).abs() < 1e-12, "{losses:?}");
    assert!(losses.windows(2).all(|pair| pair[1] < pair[0]), "the loss falls: {losses:?}");
}

#[test]
fn training_ends_at_the_least_squares_line() {
    let mut statements = LINE.to_vec();
    statements.extend([
        "train loss over w, b lr 0.05 steps 500",
        "assert w == 2 +- 1e-6",
        "assert b == 1 +- 1e-6",
    ]);
    let output = run(&[], &statements);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("train loss over w, b: 500 steps, lr 0.05"));
    assert!(lines.next().is_some_and(|l| l.starts_with("loss 83 → ")), "{text}");
    let curve = lines.next().unwrap_or_default();
    assert!(curve.starts_with('█') && curve.contains('▁') && curve.ends_with("(log scale)"), "{text}");
}

#[test]
fn an_update_moves_an_input_by_a_value_computed_first() {
    // x = 3: grad(x*x, x) = 6, so x -= 0.5·6 gives 0; then y += x + 1 gives 2 + 0 + 1.
    let output =
        run(&["--format", "json"], &["x = 3; y = 2", "x -= 0.5*grad(x*x, x)", "y += x + 1", "x", "y"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let values: Vec<f64> = json_lines(&output.stdout).iter().map(|j| j.value()).collect();
    assert_eq!(values, [0.0, 3.0]);
}

#[test]
fn only_inputs_change_and_mistakes_are_located() {
    let cases: &[(&[&str], &str)] = &[
        (&["x = 1; y = x*2", "y -= 1"], "<-e #2>:1:1: error: `y` is a formula; only an input can be changed"),
        (&["x = 1", "z += 1"], "<-e #2>:1:1: error: undefined name `z`"),
        (&["x = 1; y = x*2", "train y over x, y"], "<-e #2>:1:17: error: `y` is a formula"),
        (&["x = 1", "train x^2 over xx"], "<-e #2>:1:16: error: undefined name `xx`"),
        (&["x = 1", "train x^2 over x steps 2.5"], "<-e #2>:1:24: error: `steps` takes a whole number"),
        (&["x = 1", "train x^2 x"], "<-e #2>:1:11: error: expected an operator or `over`"),
        (&["train = 1"], "<-e>:1:1: error: `train` is reserved"),
        (&["over = 1"], "<-e>:1:1: error: `over` is reserved"),
    ];
    for (statements, message) in cases {
        let output = run(&[], statements);
        assert_eq!(output.status.code(), Some(1), "{statements:?}");
        assert!(stderr(&output).starts_with(message), "{statements:?}: {}", stderr(&output));
    }
}

#[test]
fn a_loss_that_stops_being_finite_stops_the_training_and_keeps_the_last_finite_values() {
    // x^2 with lr 1e6: x ← x − 1e6·2x = (1 − 2e6)·x, about 2e6 times larger
    // each step: from 10, x^2 passes f64's largest number (1.8e308) at step
    // 25, where (2e6)^25·10 ≈ 3e158 squared overflows to inf.
    let output = run(&[], &["x = 10", "train x^2 over x lr 1e6 steps 100", "x"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("error: the loss became inf at step 25; the inputs keep their values after step 24"),
        "{message}"
    );
    // In the REPL the session goes on with the last finite x: (1 − 2e6)^24 · 10.
    let output = cgraph()
        .args(["-e", "x = 10", "-e", "train x^2 over x lr 1e6 steps 100", "-i"])
        .write_stdin(":vars\n")
        .output()
        .expect("cgraph runs");
    let shown = String::from_utf8_lossy(&output.stdout);
    let expected = 10.0 * (1.0f64 - 2e6).powi(24);
    let expected = cgraph::render::number::format(expected, cgraph::render::Digits::Significant(10));
    assert_eq!(expected, "1.677701467e152");
    assert!(
        shown.lines().any(|l| l.trim_start().starts_with('x') && l.trim_end().ends_with(&expected)),
        "{shown}"
    );
}

#[test]
fn ctrl_c_stops_a_training_after_a_step_and_keeps_what_it_learned() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    // Far more steps than the second waited here; then the script goes on.
    let file = tempfile::Builder::new().suffix(".cg").tempfile().unwrap();
    std::fs::write(file.path(), "w = 0\nloss = (w - 3)^2\ntrain loss over w lr 0.001 steps 1000000000\nw\n")
        .unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_cgraph"))
        .args(["--format", "json"])
        .arg(file.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cgraph starts");
    std::thread::sleep(Duration::from_millis(1500));
    let kill = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let started = Instant::now();
    let output = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(10), "stopping took {:?}", started.elapsed());
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output.stdout);
    let training = &lines[0].0;
    let steps = training["steps"].as_u64().unwrap();
    assert!(steps > 0 && steps < 1_000_000_000, "{steps}");
    let losses = training["losses"].as_array().unwrap();
    assert_eq!(losses.len() as u64, steps + 1);
    // w moves toward 3 from 0 by 0.2% of the way a step: w = 3(1 − 0.998^steps).
    let w = lines[1].value();
    let expected = 3.0 * (1.0 - 0.998f64.powi(steps as i32));
    assert!((w - expected).abs() < 1e-9 * 3.0, "w = {w}, expected {expected} after {steps} steps");
}

/// A session that has run the sample `name` as `cgraph` runs it (its
/// `load` paths relative to the samples folder), with `seed`.
fn sample_session(name: &str, seed: u64) -> (cgraph::session::Session, Vec<cgraph::session::Outcome>) {
    let path = common::samples_dir().join(name);
    let text = std::fs::read_to_string(&path).expect("the sample is there");
    let mut session = cgraph::session::Session::new();
    session.seed(seed);
    session.set_folder(Some(common::samples_dir()));
    let outcomes = common::run_script(&mut session, &text).unwrap_or_else(|e| panic!("{name}: {e}"));
    (session, outcomes)
}

/// The losses of the one training a sample runs.
fn losses(outcomes: &[cgraph::session::Outcome]) -> Vec<f64> {
    let trained = outcomes.iter().find_map(|outcome| match outcome {
        cgraph::session::Outcome::Trained(trained) => Some(trained.losses.clone()),
        _ => None,
    });
    trained.expect("the sample trains")
}

/// The elements of a matrix value.
fn elements(value: cgraph::value::Value) -> Vec<f64> {
    value.to_matrix().iter().copied().collect()
}

#[test]
fn xor_is_learned_from_every_seed_tried() {
    for seed in [0, 1, 7] {
        let (session, outcomes) = sample_session("xor.cg", seed);
        let losses = losses(&outcomes);
        let (first, last) = (losses[0], losses[losses.len() - 1]);
        assert!(last < first / 100.0, "seed {seed}: from {first} to {last}");
        // XOR of (0,0), (0,1), (1,0), (1,1): each output on its side of 0.5.
        let y = elements(session.value_of("y").unwrap());
        let want = [0.0, 1.0, 1.0, 0.0];
        assert_eq!(y.len(), 4);
        for (got, want) in y.iter().zip(want) {
            assert!((got - 0.5).signum() == (want - 0.5f64).signum(), "seed {seed}: y = {y:?}");
        }
    }
}

#[test]
fn iris_is_learned_to_95_percent_and_the_seed_fixes_the_run() {
    let (session, outcomes) = sample_session("iris.cg", 0);
    let losses = losses(&outcomes);
    let (first, last) = (losses[0], losses[losses.len() - 1]);
    let rises = losses.windows(2).filter(|pair| pair[1] > pair[0]).count();
    assert_eq!(rises, 0, "the loss falls at every step, from {first} to {last}");
    assert!(last < first / 5.0, "from {first} to {last}");
    let accuracy = outcomes.iter().rev().find_map(|outcome| match outcome {
        cgraph::session::Outcome::Evaluated(evaluation) => Some(evaluation.value()),
        _ => None,
    });
    let accuracy = accuracy.expect("the sample ends with accuracy(scores, T)");
    assert!(accuracy >= 0.95, "{accuracy}");
    // Iris has 150 rows: an accuracy is a whole number of them.
    assert!((accuracy * 150.0 - (accuracy * 150.0).round()).abs() < 1e-9, "{accuracy}");
    // The same seed draws the same weights; another seed others.
    let (again, _) = sample_session("iris.cg", 0);
    let (other, _) = sample_session("iris.cg", 1);
    let w1 = |s: &cgraph::session::Session| elements(s.value_of("W1").unwrap());
    assert_eq!(w1(&session), w1(&again));
    assert_ne!(w1(&session), w1(&other));
}

#[test]
fn matrix_updates_broadcast_onto_the_input_and_refuse_what_does_not_fit() {
    // W = [1, 2; 3, 4]: W -= 1 takes 1 from every element; W += [10, 20]
    // adds the row to each row; a gradient step with grad(sum(W*W), W) = 2W.
    let output = run(
        &[],
        &[
            "W = [1, 2; 3, 4]",
            "W -= 1",
            "assert W == [0, 1; 2, 3]",
            "W += [10, 20]",
            "assert W == [10, 21; 12, 23]",
            "W -= 0.25 * grad(sum(W*W), W)",
            "assert W == [5, 10.5; 6, 11.5]",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let cases: &[(&[&str], &str)] = &[
        (
            &["W = [1, 2; 3, 4]", "W -= [1, 2, 3]"],
            "<-e #2>:1:6: error: cannot update `W` (2×2) by a 1×3 value",
        ),
        (&["W = [1, 2]", "W += [1; 2]"], "<-e #2>:1:6: error: cannot update `W` (1×2) by a 2×1 value"),
        (
            &["W = [1, 2]", "train W over W"],
            "<-e #2>:1:7: error: a training's loss must be one number, not a 1×2",
        ),
    ];
    for (statements, message) in cases {
        let output = run(&[], statements);
        assert_eq!(output.status.code(), Some(1), "{statements:?}");
        assert!(stderr(&output).starts_with(message), "{statements:?}: {}", stderr(&output));
    }
}

#[test]
fn xor_with_a_huge_learning_rate_stops_at_the_step_that_is_not_finite() {
    let path = common::samples_dir().join("xor.cg");
    let text = std::fs::read_to_string(path).unwrap().replace("lr 1 steps 1000", "lr 1e6 steps 1000");
    let mut session = cgraph::session::Session::new();
    let Err(error) = common::run_script(&mut session, &text) else { panic!("the loss stayed finite") };
    let cgraph::error::ErrorKind::Diverged { step, loss } = error.kind else { panic!("{error}") };
    assert!(step >= 1 && !loss.is_finite(), "{step} {loss}");
    // The weights kept are those after the last finite step: all finite.
    for name in ["W1", "b1", "W2", "b2"] {
        let value = session.value_of(name).unwrap();
        assert!(elements(value).iter().all(|x| x.is_finite()), "{name}");
    }
}
