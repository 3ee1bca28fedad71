//! The command line as a user meets it (SPEC 3 and 4): files, `-e`, stdin,
//! exit codes, colours, number display, errors and warnings. The JSON shape
//! has a file of its own, `json.rs`.

mod common;

use std::collections::BTreeSet;

use common::{cgraph, json_lines, script, stderr, stdout};
use predicates::prelude::*;

const ANSI: &str = "\x1b[";

// ---- what to run -------------------------------------------------------

#[test]
fn files_run_in_order_sharing_variables() {
    let first = script("apple = 100\napple_num = 2\n");
    let second = script("tax = 1.1\napple*apple_num*tax\n");
    let output = cgraph().args(["--format", "json"]).arg(first.path()).arg(second.path()).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let evals = json_lines(&output.stdout);
    assert_eq!(evals.len(), 1);
    assert_eq!(evals[0].grad("apple"), 2.2);
}

#[test]
fn repeated_e_options_share_variables() {
    let output = cgraph()
        .args(["--format", "json", "-e", "x = 3; y = 2", "-e", "x*y", "--eval", "x + y"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let values: Vec<f64> = json_lines(&output.stdout).iter().map(|e| e.value()).collect();
    assert_eq!(values, [6.0, 5.0]);
}

#[test]
fn piped_stdin_runs_as_a_script() {
    let output = cgraph().args(["--format", "json"]).write_stdin("x = 4\nx*x\n").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let evals = json_lines(&output.stdout);
    assert_eq!(evals.len(), 1);
    assert_eq!(evals[0].value(), 16.0);
    assert_eq!(evals[0].grad("x"), 8.0);
}

#[test]
fn files_run_before_e_and_share_their_variables() {
    let file = script("x = 5\nx\n");
    let output = cgraph().args(["--format", "json", "-e", "x*2"]).arg(file.path()).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let exprs: Vec<String> = json_lines(&output.stdout).iter().map(|e| e.expr().to_owned()).collect();
    assert_eq!(exprs, ["x", "x*2"]);
}

#[test]
fn stdin_is_not_read_when_there_is_something_else_to_run() {
    let output = cgraph().args(["-e", "1"]).write_stdin("this is not cgraph (").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn assignments_print_nothing_and_text_tables_are_separated_by_a_blank_line() {
    let output = cgraph().args(["-e", "a = 2; b = a*3", "-e", "a", "-e", "b"]).output().unwrap();
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with("a = 2\n"), "{text}");
    assert_eq!(text.matches("\n\n").count(), 1, "{text}");
    assert!(text.contains("\n\nb = 6\n"), "{text}");
}

// ---- exit codes ---------------------------------------------------------

#[test]
fn exit_status_is_0_when_everything_ran() {
    cgraph().args(["-e", "x = 1; x + 1; assert x == 1"]).assert().code(0).stderr("");
}

#[test]
fn exit_status_is_1_when_a_script_fails() {
    cgraph().args(["-e", "1 +"]).assert().code(1);
    cgraph().args(["-e", "undefined_thing"]).assert().code(1);
    cgraph().write_stdin("assert 1 == 2").assert().code(1);
}

#[test]
fn exit_status_is_2_for_usage_errors() {
    for args in [
        &["--format", "bogus", "-e", "1"][..],
        &["--color", "sometimes", "-e", "1"],
        &["--precision", "many", "-e", "1"],
        &["--precision", "0", "-e", "1"],
        &["--no-such-option"],
        &["-e"],
    ] {
        let output = cgraph().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(!stderr(&output).is_empty(), "{args:?} said nothing");
    }
}

#[test]
fn a_missing_file_is_a_usage_error_that_names_it() {
    let output = cgraph().arg("no/such/file.cg").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("no/such/file.cg") && message.contains("no such file"), "{message}");
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn help_and_version_exit_0() {
    cgraph().arg("--help").assert().code(0).stdout(predicate::str::contains("--format"));
    cgraph().arg("--version").assert().code(0).stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

// ---- errors and warnings -----------------------------------------------

#[test]
fn a_script_stops_at_its_first_error_after_printing_what_came_before() {
    let output = cgraph()
        .args(["--format", "json", "-e", "x = 1; x*2; price + 1; x*3", "-e", "x*4"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let exprs: Vec<String> = json_lines(&output.stdout).iter().map(|e| e.expr().to_owned()).collect();
    assert_eq!(exprs, ["x*2"], "nothing after the error runs, not even the next -e");
    assert_eq!(
        stderr(&output),
        "<-e #1>:1:13: error: undefined name `price`\n1 | x = 1; x*2; price + 1; x*3\n  |             ^^^^^\n"
    );
}

#[test]
fn a_failing_file_stops_the_files_after_it() {
    let bad = script("a = 1\na +\n");
    let after = script("a\n");
    let output = cgraph().arg(bad.path()).arg(after.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    let message = stderr(&output);
    let origin = bad.path().display().to_string();
    assert!(message.starts_with(&format!("{origin}:2:4: error: expected an expression")), "{message}");
}

#[test]
fn errors_name_where_the_text_came_from() {
    let cases: [(&[&str], Option<&str>, &str); 3] = [
        (&["-e", "1 + )"], None, "<-e>:1:5: error: "),
        (&["-e", "1", "-e", "x = 2\nx +* 1"], None, "<-e #2>:2:4: error: "),
        (&[], Some("\n\n  (1"), "<stdin>:3:3: error: `(` is never closed"),
    ];
    for (args, stdin, start) in cases {
        let mut command = cgraph();
        command.args(args);
        if let Some(input) = stdin {
            command.write_stdin(input);
        }
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(stderr(&output).starts_with(start), "{args:?}: {}", stderr(&output));
    }
}

#[test]
fn invalid_utf8_on_stdin_is_an_error_with_its_place() {
    let output = cgraph().write_stdin(&b"x = 1\ny = \xff\n"[..]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "<stdin>:2:5: error: the text is not valid UTF-8\n2 | y = \u{FFFD}\n  |     ^\n"
    );
}

#[test]
fn a_warning_names_the_first_non_finite_node() {
    let output = cgraph().args(["--format", "json", "-e", "x = 0; 2 + ln(x)*3 + 1/x"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "a non-finite value is no error");
    let evals = json_lines(&output.stdout);
    assert_eq!(evals.len(), 1);
    assert!(evals[0].value().is_nan(), "-inf + inf is NaN");
    let message = stderr(&output);
    let first = message.lines().next().unwrap_or_default();
    assert!(first.starts_with("<-e>:1:12: warning: "), "{message}");
    assert!(message.ends_with("\n  |            ^^^^^\n"), "the caret is under `ln(x)`: {message}");
    assert!(first.contains("`ln(x)`") && first.contains("-inf"), "{message}");
    assert!(!first.contains("1/x"), "only the first non-finite node is named: {message}");
    assert_eq!(message.matches("warning").count(), 1, "one warning per evaluation: {message}");
}

#[test]
fn a_non_finite_definition_is_kept_with_a_warning() {
    let output = cgraph().args(["--format", "json", "-e", "big = 1/0; big*0 + 1; big"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let evals = json_lines(&output.stdout);
    assert_eq!(evals.len(), 2, "`big` is still defined after the warning");
    assert_eq!(evals[1].value(), f64::INFINITY);
    let message = stderr(&output);
    assert!(message.starts_with("<-e>:1:7: warning: "), "{message}");
    assert!(message.contains("`big`") && message.contains("inf"), "{message}");
}

// ---- colour ---------------------------------------------------------------

#[test]
fn color_always_paints_values_and_gradients_in_two_colours() {
    let output = cgraph().args(["--color", "always", "-e", "x = 3; x*2"]).output().unwrap();
    let text = stdout(&output);
    // The value column and the gradient column carry different escape codes.
    let row = text.lines().find(|l| l.starts_with("0  x")).expect("the row of x");
    let codes: BTreeSet<&str> =
        row.split(ANSI).skip(1).filter_map(|s| s.split('m').next()).filter(|c| *c != "0").collect();
    assert!(codes.len() >= 2, "value and gradient look alike: {row:?}");
}

#[test]
fn color_always_paints_errors_too() {
    let output = cgraph().args(["--color", "always", "-e", "1 +"]).output().unwrap();
    assert!(stderr(&output).contains(ANSI), "{:?}", stderr(&output));
}

#[test]
fn no_colour_when_never_or_when_piped() {
    for args in [
        &["--color", "never", "-e", "x = 3; x*2; y"][..],
        &["-e", "x = 3; x*2; y"],
        &["--color", "auto", "-e", "x = 3; x*2; y"],
    ] {
        let output = cgraph().args(args).output().unwrap();
        assert!(!stdout(&output).contains(ANSI), "{args:?}: {:?}", stdout(&output));
        assert!(!stderr(&output).contains(ANSI), "{args:?}: {:?}", stderr(&output));
        assert!(stdout(&output).contains("x*2 = 6"), "{args:?}");
    }
}

/// Runs `cgraph ARGS` on a pseudo-terminal (util-linux `script`, which
/// .ci/run installs), so that `auto` sees a terminal.
fn on_a_terminal(args: &str, no_color: bool) -> String {
    let bin = env!("CARGO_BIN_EXE_cgraph");
    let mut command = std::process::Command::new("script");
    command.args(["-qec", &format!("{bin} {args}"), "/dev/null"]).env_remove("NO_COLOR");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    let output = command.stdin(std::process::Stdio::null()).output().expect("util-linux `script` runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn auto_colours_a_terminal_unless_no_color_is_set() {
    let coloured = on_a_terminal("-e 'x = 3; x*2'", false);
    assert!(coloured.contains(ANSI), "auto on a terminal: {coloured:?}");
    let plain = on_a_terminal("-e 'x = 3; x*2'", true);
    assert!(!plain.contains(ANSI), "NO_COLOR=1: {plain:?}");
    assert!(plain.contains("x*2 = 6"), "{plain:?}");
}

// ---- numbers ----------------------------------------------------------------

#[test]
fn numbers_show_10_significant_digits_by_default() {
    let output = cgraph().args(["-e", "(100*2 + 150*3)*1.1"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.starts_with("(100*2 + 150*3)*1.1 = 715\n"), "715.0000000000001 shows as 715: {text}");
    let row = text.lines().find(|l| l.contains("  150  ")).expect("the row of 150");
    assert!(row.trim_end().ends_with(" 3.3"), "3.3000000000000003 shows as 3.3: {row}");
    let output = cgraph().args(["-e", "1/3"]).output().unwrap();
    assert!(stdout(&output).starts_with("1/3 = 0.3333333333\n"), "{}", stdout(&output));
}

#[test]
fn precision_sets_the_significant_digits() {
    let output = cgraph().args(["--precision", "3", "-e", "sqrt(2)"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.starts_with("sqrt(2) = 1.41\n"), "{text}");
    assert!(text.contains(" 0.354"), "gradients too: {text}");
    let output = cgraph().args(["--precision", "17", "-e", "1/3"]).output().unwrap();
    assert!(stdout(&output).starts_with("1/3 = 0.33333333333333331\n"), "{}", stdout(&output));
}

#[test]
fn exact_shows_the_shortest_round_trip() {
    let output = cgraph().args(["--exact", "-e", "0.1 + 0.2; (100*2 + 150*3)*1.1"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.starts_with("0.1 + 0.2 = 0.30000000000000004\n"), "{text}");
    assert!(text.contains("(100*2 + 150*3)*1.1 = 715.0000000000001\n"), "{text}");
    assert!(text.contains("3.3000000000000003"), "{text}");
}

#[test]
fn non_finite_numbers_are_written_as_words_in_text() {
    let output = cgraph().args(["-e", "1/0; -1/0; 0/0"]).output().unwrap();
    let text = stdout(&output);
    for title in ["1/0 = inf\n", "-1/0 = -inf\n", "0/0 = NaN\n"] {
        assert!(text.contains(title), "{title:?} in {text}");
    }
}
