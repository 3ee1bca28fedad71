//! Whole REPL sessions through the binary, with stdin piped: `cgraph -i`
//! handles each line as if typed (without prompts), while plain piped stdin
//! stays the script runner.

use assert_cmd::Command;
use predicates::prelude::*;

fn cgraph() -> Command {
    let mut command = Command::cargo_bin("cgraph").unwrap();
    command.env_remove("NO_COLOR").env("CGRAPH_HISTORY", "/dev/null");
    command
}

#[test]
fn a_whole_session_with_commands_errors_and_state_kept() {
    let session = "\
apple = 100
price = apple * 2
price = aple * 3
:vars
(apple +
  1) * 2
:del apple
:fomat json
:quit
never = 1
";
    cgraph()
        .arg("-i")
        .write_stdin(session)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "apple = 100\n\
             price := apple * 2 (= 200)\n\
             inputs\n  apple  = 100\nformulas\n  price := apple * 2 (= 200)\n\
             (apple + 1) * 2 = 202\n",
        ))
        .stdout(predicate::str::contains("\n0  apple            input    100     2\n"))
        .stdout(predicate::str::contains("never").not())
        .stderr(
            "<input>:1:9: error: undefined name `aple`\n\
             1 | price = aple * 3\n  |         ^^^^ did you mean `apple`?\n\
             error: `apple` is used by `price`; delete or redefine it first\n\
             error: unknown command `:fomat`; did you mean `:format`?\n",
        );
}

#[test]
fn files_run_first_and_their_variables_stay() {
    cgraph()
        .args(["-i", "samples/apple_orange.cg", "--format", "json"])
        .write_stdin("tax = 1.2\n(apple*apple_num + orange*orange_num)*tax\n")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "{\"expr\":\"(apple*apple_num + orange*orange_num)*tax\",\"value\":715.0000000000001,",
        ))
        .stdout(predicate::str::contains(
            "tax = 1.2\n{\"expr\":\"(apple*apple_num + orange*orange_num)*tax\",\"value\":780,",
        ));
}

#[test]
fn a_failing_file_still_opens_the_repl() {
    cgraph()
        .args(["-i", "-e", "a = 1; b = nope"])
        .write_stdin("a + 1\n")
        .assert()
        .success()
        .stderr(predicate::str::contains("undefined name `nope`"))
        .stdout(predicate::str::starts_with("a + 1 = 2\n"));
}

#[test]
fn an_unfinished_statement_at_the_end_is_reported() {
    cgraph()
        .arg("-i")
        .write_stdin("x = 1\n(x +\n")
        .assert()
        .success()
        .stdout("x = 1\n")
        .stderr(predicate::str::contains("error: `(` is never closed"));
}

#[test]
fn bad_bytes_skip_a_line_and_nothing_is_coloured() {
    cgraph()
        .arg("-i")
        .write_stdin(&b"x = 1\n\xff\xfe\nx + 1\n"[..])
        .assert()
        .success()
        .stderr("cgraph: line 2 is not valid UTF-8; skipped\n")
        .stdout(predicate::str::contains("x + 1 = 2\n"))
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn piped_stdin_without_i_stays_a_script() {
    cgraph()
        .write_stdin("x = 1\n:vars\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>:2:1: error"));
}

#[test]
fn a_class_session_steps_quizzes_and_draws_through_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let figure = dir.path().join("apples.svg");
    let session = format!(
        "\
apple = 100; apple_num = 2; tax = 1.1
apple*apple_num*tax
:step


x
q
:quiz
200
1
1.1
110
1.1*2
:svg > {}
:graph
",
        figure.display()
    );
    let assert = cgraph().arg("-i").write_stdin(session).assert().success().stderr("");
    let shown = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let step = "10 steps, 5 forward then 5 backward: Enter shows the next, q stops.\n\
                forward\n  #0  input  apple = 100\n  #1  input  apple_num = 2\n\
                \x20 #2  mul    apple*apple_num: 100 × 2 = 200\n\
                Enter shows the next step; q stops.\nstopped stepping\n";
    assert!(shown.contains(step), "{shown}");
    assert!(shown.contains("right\n#2 mul apple*apple_num (value 200): d(out)/d(#2) = ?\n"), "{shown}");
    assert!(shown.contains("not quite. Hint: #4 mul passes back dout × tax = 1 × 1.1\n"), "{shown}");
    assert!(shown.contains("Score: 3 of 4 at the first try, 1 more after a hint.\n"), "{shown}");
    assert!(shown.contains("wrote the SVG figure of `apple*apple_num*tax = 220`"), "{shown}");
    assert!(shown.ends_with("└─ tax  [#3 input]  value 1.1  grad 200\n"), "{shown}");
    let svg = std::fs::read_to_string(&figure).unwrap();
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"), "{svg}");
}

#[test]
fn the_end_of_the_input_ends_a_quiz_with_its_score() {
    cgraph().arg("-i").write_stdin("x = 3\n:quiz x*x*2\n9\n").assert().success().stdout(
        predicate::str::ends_with(
            "right\n#1 mul x*x (value 9): d(out)/d(#1) = ?\n\
             left the quiz\nScore: 1 of 1 at the first try, 0 more after a hint.\n",
        ),
    );
}

#[test]
fn trace_and_check_given_with_i_apply_to_every_evaluation() {
    cgraph()
        .args(["-i", "--trace", "--check"])
        .write_stdin("x = 3\nx*x\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("  #0  input  x: grad = 3 + 3 = 6\n"))
        .stdout(predicate::str::ends_with("the one gradient agrees within 1e-6\n"));
}

#[test]
fn the_views_start_from_the_last_evaluation_of_the_files() {
    cgraph()
        .args(["-i", "samples/apple_orange.cg"])
        .write_stdin(":graph\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "(apple*apple_num + orange*orange_num)*tax = 715\n\
             (apple*apple_num + orange*orange_num)*t…  [#8 mul]  value 715  grad 1\n",
        ))
        .stdout(predicate::str::ends_with("└─ tax  [#7 input]  value 1.1  grad 650\n"));
}

#[test]
fn a_command_piped_into_the_script_runner_gets_a_note_about_dash_i() {
    cgraph()
        .write_stdin("x = 1\n:vars\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>:2:1: error:"))
        .stderr(predicate::str::contains(
            "note: `:vars` is a command of the REPL, not a statement; `cgraph -i`",
        ));
    // The same lines given to `-i` run as typed.
    cgraph().arg("-i").write_stdin("x = 1\n:vars\n").assert().success().stdout("x = 1\ninputs\n  x  = 1\n");
}
