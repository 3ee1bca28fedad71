//! The command line as a newcomer meets it: `-e` values that start with `-`,
//! `-` for stdin, `-o FILE`, completions and the man page, figures with
//! nothing to draw, the assertion summary, and tables that fit a terminal.

mod common;

use std::path::Path;
use std::process::Command;

use common::{cgraph, script, stderr, stdout};

const BOOK: &str = "apple = 100; apple_num = 2; orange = 150; orange_num = 3; tax = 1.1";
const BOOK_EXPR: &str = "(apple*apple_num + orange*orange_num)*tax";

#[test]
fn an_eval_value_may_start_with_a_minus() {
    let output = cgraph().args(["-e", "x = 3", "-e", "-x^2"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("-x^2 = -9\n"), "{}", stdout(&output));
    // `--` before the value, as other tools take one, means the same.
    for args in [&["-e", "--", "-1"][..], &["-e", "-1"], &["--eval", "--", "-1"], &["--eval=-1"]] {
        let output = cgraph().args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert!(stdout(&output).starts_with("-1 = -1\n"), "{args:?}: {}", stdout(&output));
    }
}

#[test]
fn a_minus_as_a_file_reads_stdin() {
    let defs = script("x = 4\n");
    let output = cgraph().arg(defs.path()).arg("-").write_stdin("x*x + 1\n").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("x*x + 1 = 17\n"), "{text}");
    // d(x*x + 1)/dx = 2x = 8.
    assert!(text.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["0", "x", "input", "4", "8"]));
    let output = cgraph().arg("-").write_stdin("1 +\n").output().unwrap();
    assert!(stderr(&output).starts_with("<stdin>:"), "{}", stderr(&output));
}

#[test]
fn output_goes_to_the_file_and_only_there() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("table.txt");
    let output = cgraph().args(["-e", BOOK, "-e", BOOK_EXPR, "-o"]).arg(&file).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let table = std::fs::read_to_string(&file).unwrap();
    assert!(table.starts_with(&format!("{BOOK_EXPR} = 715\n")), "{table}");
    // Nothing else is left beside it (the temporary file was renamed).
    assert_eq!(names_in(dir.path()), ["table.txt"]);
}

#[test]
fn a_failed_run_replaces_no_file_with_half_of_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.json");
    std::fs::write(&file, "kept").unwrap();
    // A file that cannot be read is a usage error before anything is written.
    let output =
        cgraph().args(["--format", "json", "-o"]).arg(&file).args(["-e", "1", "missing.cg"]).output();
    let output = output.unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
    assert_eq!(names_in(dir.path()), ["out.json"]);
    // A folder that does not exist is said at once, in words.
    let output = cgraph().args(["-e", "1", "-o"]).arg(dir.path().join("no/such.txt")).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).ends_with("no/such.txt: no such folder\n"), "{}", stderr(&output));
}

#[test]
fn figures_of_several_evaluations_get_a_file_each() {
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [("svg", "fig.svg"), ("mermaid", "fig.mmd"), ("dot", "fig.dot")] {
        let target = dir.path().join(name);
        let output = cgraph()
            .args(["--format", format, "-e", "x = 3", "-e", "x*2", "-e", "x + 1", "-o"])
            .arg(&target)
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}: {}", stderr(&output));
        let stem = name.split('.').next().unwrap();
        let extension = name.split('.').nth(1).unwrap();
        let first = std::fs::read_to_string(dir.path().join(format!("{stem}-1.{extension}"))).unwrap();
        let second = std::fs::read_to_string(dir.path().join(format!("{stem}-2.{extension}"))).unwrap();
        assert!(!target.exists(), "{format}: several figures are numbered");
        for (figure, title) in [(&first, "x*2 = 6"), (&second, "x + 1 = 4")] {
            assert!(figure.contains(title), "{format}: {title} in {figure}");
            let pictures = [("svg", "<svg "), ("mermaid", "flowchart LR"), ("dot", "digraph cgraph {")];
            let head = pictures.iter().find(|(f, _)| *f == format).unwrap().1;
            assert_eq!(figure.matches(head).count(), 1, "{format}: one figure a file");
        }
    }
    // One evaluation: the file is the name given.
    let target = dir.path().join("one.svg");
    let output = cgraph().args(["--format", "svg", "-e", "2*3", "-o"]).arg(&target).output().unwrap();
    assert!(output.status.success());
    assert!(std::fs::read_to_string(&target).unwrap().starts_with("<?xml"));
}

#[test]
fn a_figure_with_nothing_evaluated_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("empty.svg");
    let output = cgraph().args(["--format", "svg", "-e", "x = 1", "-o"]).arg(&target).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "cgraph: nothing was drawn: no expression was evaluated\n");
    assert!(names_in(dir.path()).is_empty(), "{:?}", names_in(dir.path()));
    let output = cgraph().args(["--format", "dot", "-e", "x = 1"]).output().unwrap();
    assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(1), ""));
}

#[test]
fn passing_asserts_say_so_at_the_end() {
    let output = cgraph().args(["-e", "x = 2; assert x*x == 4; assert grad(x*x, x) == 4"]).output().unwrap();
    assert!(output.status.success());
    assert_eq!(stdout(&output), "2 assertions passed\n");
    let output = cgraph().args(["-e", "x = 2; assert x == 2"]).output().unwrap();
    assert_eq!(stdout(&output), "1 assertion passed\n");
    // A failing one stops the script, and nothing says they passed.
    let output = cgraph().args(["-e", "x = 2; assert x == 2; assert x == 3"]).output().unwrap();
    assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(1), ""));
    // Programs reading JSON get JSON only.
    let output = cgraph().args(["--format", "json", "-e", "x = 2; assert x == 2"]).output().unwrap();
    assert_eq!(stdout(&output), "");
}

#[test]
fn completions_and_the_man_page_come_from_the_options() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = cgraph().args(["--completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        let text = stdout(&output);
        for option in ["format", "precision", "output", "completions", "man"] {
            assert!(text.contains(option), "{shell} completes --{option}");
        }
    }
    // The bash script is one that bash reads, and it registers cgraph.
    let bin = env!("CARGO_BIN_EXE_cgraph");
    let registered = Command::new("bash")
        .args(["-c", &format!("source <({bin} --completions bash) && complete -p cgraph")])
        .output()
        .unwrap();
    assert!(stdout(&registered).contains("cgraph"), "{}", stderr(&registered));
    let output = cgraph().arg("--man").output().unwrap();
    assert!(output.status.success());
    let page = stdout(&output);
    assert!(page.starts_with(".ie") && page.contains(".TH cgraph 1"), "{page}");
    assert!(page.contains("\\-\\-output") && page.contains("\\-\\-nodes"), "{page}");
    let output = cgraph().args(["--man", "-e", "1"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_table_fits_the_terminal_and_a_pipe_gets_it_whole() {
    let args = format!("-e '{BOOK}' -e '{BOOK_EXPR}'");
    let narrow = on_a_terminal(&args, 50);
    let rows: Vec<&str> = narrow.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(rows.len(), 11, "{narrow}");
    for row in &rows {
        assert!(row.chars().count() <= 50, "wider than 50 columns: {row:?}");
    }
    // Labels give way; numbers stay whole.
    assert!(narrow.contains("…"), "{narrow}");
    let last = rows.last().unwrap().split_whitespace().collect::<Vec<_>>();
    assert_eq!(last[last.len() - 3..], ["mul", "715", "1"]);
    // Wide enough: as piped.
    let piped = stdout(&cgraph().args(["-e", BOOK, "-e", BOOK_EXPR]).output().unwrap());
    assert!(piped.lines().any(|l| l.chars().count() > 50));
    assert_eq!(on_a_terminal(&args, 200).replace("\r\n", "\n"), piped);
    // COLUMNS says nothing to a pipe.
    let output = cgraph().env("COLUMNS", "30").args(["-e", BOOK, "-e", BOOK_EXPR]).output().unwrap();
    assert_eq!(stdout(&output), piped);
}

/// Runs `cgraph ARGS` on a pseudo-terminal (util-linux `script`) that says
/// it is `columns` wide; returns what it showed, without colour.
fn on_a_terminal(args: &str, columns: usize) -> String {
    let bin = env!("CARGO_BIN_EXE_cgraph");
    let output = Command::new("script")
        .args(["-qec", &format!("{bin} --color never {args}"), "/dev/null"])
        .env("COLUMNS", columns.to_string())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("util-linux `script` makes a terminal (bash .ci/run installs it)");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The names in a folder, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn stdin_and_output_options_that_cannot_go_with_the_repl_are_usage_errors() {
    let output = cgraph().args(["-i", "-"]).write_stdin("1\n").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`-` reads the script from stdin"), "{}", stderr(&output));
    let output = cgraph().args(["-i", "-o", "out.txt", "-e", "1"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot be used with"), "{}", stderr(&output));
}
