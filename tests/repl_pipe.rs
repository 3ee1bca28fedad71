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
