//! SPEC 7 under faults: output that cannot be written, Ctrl-C, memory limits,
//! devices that never end, and text that could mislead (a byte-order mark,
//! CRLF, bidirectional controls), each in the mode where a user meets it.
//! Shell commands run in a child `bash`, so that limits (`ulimit`) and closed
//! streams (`>&-`) apply to cgraph alone.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{cgraph, script, stderr, stdout};

const BIN: &str = env!("CARGO_BIN_EXE_cgraph");

/// Runs `command` in `bash` with `$CGRAPH` naming the binary.
fn sh(command: &str) -> Output {
    let output = Command::new("bash").arg("-c").arg(command).env("CGRAPH", BIN).output().expect("sh runs");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"), "{}", stderr_of(&output));
    output
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn assert_status(output: &Output, code: i32) {
    assert_eq!(output.status.code(), Some(code), "stderr: {}", stderr_of(output));
}

// ---- output that cannot be written ----------------------------------------------

#[test]
fn a_full_disk_is_an_error_with_a_message() {
    let file = script("x = 3\nx*x\n");
    let path = file.path().display();
    let output = sh(&format!("\"$CGRAPH\" {path} > /dev/full"));
    assert_status(&output, 1);
    assert!(
        stderr_of(&output).contains("cannot write output: No space left on device"),
        "{}",
        stderr_of(&output)
    );
    let help = sh("\"$CGRAPH\" --help > /dev/full");
    assert_status(&help, 1);
    assert!(stderr_of(&help).contains("No space left on device"), "{}", stderr_of(&help));
    let version = sh("\"$CGRAPH\" --version > /dev/full");
    assert_status(&version, 1);
}

#[test]
fn a_closed_stdout_is_an_error_not_a_silent_success() {
    let output = sh("\"$CGRAPH\" -e '2*3' >&-");
    assert_status(&output, 1);
    assert_eq!(stderr_of(&output), "cgraph: cannot write output: standard output is closed\n");
    // `> /dev/null` is a choice, and stays a success.
    assert_status(&sh("\"$CGRAPH\" -e '2*3' > /dev/null"), 0);
}

#[test]
fn a_broken_pipe_stays_a_quiet_success() {
    let big = script(format!("x = 1\n{}\n", vec!["x"; 200_000].join("+")));
    let output =
        sh(&format!("set -o pipefail; \"$CGRAPH\" {} | head -c 10 > /dev/null", big.path().display()));
    assert_status(&output, 0);
    assert_eq!(stderr_of(&output), "");
}

// ---- Ctrl-C in a script -----------------------------------------------------------

#[test]
fn ctrl_c_ends_a_script_with_130_and_a_message() {
    // A gradient check of 30,000 literals: one forward pass per literal, far
    // longer than the second waited here.
    let file = script(format!("y = 2\n{}\n", vec!["1"; 30_000].join("+")));
    let mut child = Command::new(BIN)
        .arg("--check")
        .arg(file.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cgraph starts");
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the check finished before Ctrl-C: make it longer");
    let kill = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let started = Instant::now();
    let output = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(20), "stopping took {:?}", started.elapsed());
    assert_status(&output, 130);
    let message = stderr_of(&output);
    assert!(message.contains(&format!("interrupted at {}:2", file.path().display())), "{message}");
}

// ---- memory ------------------------------------------------------------------------

/// Runs `cgraph ARGS` with its address space limited to `kb` kilobytes.
fn limited(kb: usize, args: &str) -> Output {
    sh(&format!("ulimit -v {kb} && exec \"$CGRAPH\" {args}"))
}

#[test]
fn a_graph_too_big_for_memory_is_an_error_that_says_how_big() {
    // 10 million nodes do not fit in 500 MB: the statement is refused before
    // it is read (reading it takes more than its graph), with how big it was.
    let file = script(format!("x = 1\n{}x\n", "x+".repeat(5_000_000)));
    let output = limited(500_000, &file.path().display().to_string());
    assert_status(&output, 1);
    let message = stderr_of(&output);
    assert!(
        message.contains(
            ":2:1: error: out of memory: reading a statement of 10 million bytes takes about 640 MB"
        ),
        "{message}"
    );
}

#[test]
fn a_script_read_ahead_under_a_tight_memory_limit_runs_to_the_end() {
    // 120 KB of formulas is read ahead on the other cores where memory
    // allows; each reader's allocator sets aside 64 MiB of address space,
    // which a 150 MB limit does not leave, so it is read where it stands.
    let mut text: String = (1..4000).map(|i| format!("a{i} = tanh(a{})*0.9 + 0.1\n", i - 1)).collect();
    text.insert_str(0, "a0 = 0.5\n");
    text.push_str("a3999\n");
    let file = script(text);
    let output = limited(150_000, &format!("--nodes inputs {}", file.path().display()));
    assert_status(&output, 0);
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.starts_with("a3999 = ") && shown.contains("  a0  "), "{shown}");
}

#[test]
fn a_figure_too_big_for_memory_is_an_error() {
    let file = script(format!("x = 1\n{}x\n", "x+".repeat(100_000)));
    let output = limited(150_000, &format!("--format svg {}", file.path().display()));
    assert_status(&output, 1);
    let message = stderr_of(&output);
    assert!(message.starts_with("cgraph: out of memory drawing the SVG of 100001 nodes"), "{message}");
}

#[test]
fn a_long_literal_under_a_memory_limit_is_shown_in_a_window() {
    // Its value is inf: the warning quotes a window of the 20 MB line.
    let file = script(format!("{}\n", "9".repeat(20_000_000)));
    let output = limited(400_000, &file.path().display().to_string());
    assert_status(&output, 0);
    let message = stderr_of(&output);
    assert!(message.contains("is inf, the first value that is not finite"), "{message}");
    assert!(message.len() < 1000, "{} bytes", message.len());
}

#[test]
fn a_syntax_error_at_the_end_of_a_long_commented_line_costs_no_token_queue() {
    // The comment keeps the statement on the grammar's path. 4 MB of pest's
    // tokens would take about 500 MB; matching without them, little.
    let file = script(format!("x = {}) # the end\n", "1+".repeat(2_000_000)));
    let output = limited(300_000, &file.path().display().to_string());
    assert_status(&output, 1);
    let message = stderr_of(&output);
    assert!(message.contains(":1:4000005: error: expected an expression, found `)`"), "{message}");
    assert!(message.len() < 1000, "{} bytes", message.len());
}

// ---- inputs that never end ----------------------------------------------------------

#[test]
fn devices_that_never_end_are_refused() {
    for args in ["/dev/zero", "< /dev/zero", "- < /dev/urandom"] {
        let output = sh(&format!("\"$CGRAPH\" {args}"));
        assert_status(&output, 2);
        assert!(
            stderr_of(&output).ends_with("it is a device, not a file, a pipe or a terminal\n"),
            "{args}: {}",
            stderr_of(&output)
        );
    }
}

#[test]
fn an_input_larger_than_the_memory_free_is_refused_before_it_is_read() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("huge.cg");
    // Sparse: 2 GB that take no disk.
    std::fs::File::create(&path).unwrap().set_len(2 << 30).unwrap();
    let started = Instant::now();
    let output = limited(300_000, &path.display().to_string());
    assert_status(&output, 2);
    let message = stderr_of(&output);
    assert!(message.contains("it is 2048 MB or more, and only"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(5), "it was read: {:?}", started.elapsed());
}

#[test]
fn dash_reads_stdin() {
    let output = cgraph().arg("-").write_stdin("x = 2\nx*x\n").output().unwrap();
    assert_status(&output, 0);
    assert!(stdout(&output).starts_with("x*x = 4\n"), "{}", stdout(&output));
}

// ---- text that could mislead --------------------------------------------------------

#[test]
fn a_byte_order_mark_is_skipped() {
    let file = script(b"\xEF\xBB\xBFx = 2\nx*3\n");
    let output = cgraph().arg(file.path()).output().unwrap();
    assert_status(&output, 0);
    assert!(stdout(&output).starts_with("x*3 = 6\n"), "{}", stdout(&output));
    let piped = cgraph().write_stdin(b"\xEF\xBB\xBF7*6\n".to_vec()).output().unwrap();
    assert!(stdout(&piped).starts_with("7*6 = 42\n"), "{}", stdout(&piped));
}

#[test]
fn crlf_lines_are_quoted_without_their_carriage_return() {
    let file = script("x = 1\r\ny = x +\r\n");
    let output = cgraph().arg(file.path()).output().unwrap();
    assert_status(&output, 1);
    let message = stderr(&output);
    let lines: Vec<&str> = message.lines().collect();
    assert!(
        lines[0].ends_with(":2:8: error: expected an expression, found the end of the statement"),
        "{message}"
    );
    assert_eq!(lines[1], "2 | y = x +");
    assert_eq!(lines[2], "  |        ^");
}

#[test]
fn bidirectional_controls_are_escaped_in_messages() {
    for c in ['\u{202E}', '\u{2066}', '\u{200F}'] {
        let output = cgraph().args(["-e", &format!("x = 1 {c}+ 2 # {c}")]).output().unwrap();
        assert_status(&output, 1);
        let message = stderr(&output);
        assert!(!message.contains(c), "{c:?} echoed raw: {message}");
        assert!(message.contains(&format!("found the character {}", c.escape_unicode())), "{message}");
        assert!(message.contains("1 | x = 1 \u{FFFD}+ 2 # \u{FFFD}"), "{message}");
    }
    // Messages that repeat a file name or a command name as typed.
    let file = cgraph().arg("\u{202E}gpj.cg").output().unwrap();
    assert_eq!(stderr(&file), "cgraph: cannot read \\u{202e}gpj.cg: no such file\n");
    let typed = cgraph().arg("-i").write_stdin(":load \u{202E}x.cg\n:x\u{2067}\n").output().unwrap();
    assert_eq!(
        stderr(&typed),
        "error: cannot read \\u{202e}x.cg: no such file\n\
         error: unknown command `:x\\u{2067}`; `:help` lists the commands\n"
    );
}

#[test]
fn a_negative_tolerance_is_an_error() {
    let output = cgraph().args(["-e", "assert 1 == 2 +- -5"]).output().unwrap();
    assert_status(&output, 1);
    assert_eq!(
        stderr(&output),
        "<-e>:1:18: error: the tolerance after `+-` must be zero or more, not -5\n\
         1 | assert 1 == 2 +- -5\n  |                  ^^\n"
    );
    let nan = cgraph().args(["-e", "assert 1 == 1 +- 0/0"]).output().unwrap();
    assert_status(&nan, 1);
    assert_status(&cgraph().args(["-e", "assert 1 == 1.5 +- 0.5"]).output().unwrap(), 0);
}

// ---- long names ---------------------------------------------------------------------

/// A name of 65,536 characters (and one of 32,768 double-width ones) in
/// every output of a script from stdin: widths past what `core::fmt`
/// allows must not panic.
#[test]
fn a_long_name_is_shown_in_every_format() {
    for name in ["x".repeat(65_536), "日".repeat(32_768)] {
        let text = format!("{name} = 1\n{name}*2\n");
        for args in [
            &[][..],
            &["--nodes", "named"],
            &["--trace"],
            &["--check"],
            &["--check", "--format", "json"],
            &["--format", "tree"],
            &["--format", "svg"],
            &["-i"],
        ] {
            let mut input = text.clone();
            if args == ["-i"] {
                input.push_str(&format!(":vars\n:check\n:check {name}\n:check {name} + 1\n"));
            }
            let output = cgraph().args(args).write_stdin(input).output().unwrap();
            assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
            assert!(stdout(&output).contains('…'), "{args:?}: the name is shortened somewhere");
        }
    }
}

#[test]
fn a_suggestion_costs_no_more_than_reading_the_names() {
    let (defined, typed) = ("a".repeat(100_000), "b".repeat(100_000));
    let started = Instant::now();
    let output = cgraph().write_stdin(format!("{defined} = 1\n{typed}\n")).output().unwrap();
    assert_status(&output, 1);
    assert!(stderr(&output).contains("error: undefined name `bbbbbbbb"), "{}", stderr(&output));
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    let case = cgraph().args(["-e", "x = 1; X + 1"]).output().unwrap();
    assert!(stderr(&case).contains("did you mean `x`?"), "{}", stderr(&case));
}

// ---- :save --------------------------------------------------------------------------

#[test]
fn a_save_that_fails_leaves_the_old_file_whole() {
    let folder = tempfile::tempdir().unwrap();
    let saved = folder.path().join("session.cg");
    std::fs::write(&saved, "v = 1236.5\n").unwrap();
    // A thousand definitions: far more than the 8 kB the limit lets a file grow to.
    let mut session: String = (0..1000).map(|i| format!("v{i} = {i}.5\n")).collect();
    session.push_str(&format!(":save {}\n", saved.display()));
    let mut child = Command::new("bash")
        .arg("-c")
        // Past the limit a write fails (EFBIG) rather than the signal killing cgraph.
        .arg("trap '' XFSZ; ulimit -f 8 && exec \"$CGRAPH\" -i")
        .env("CGRAPH", BIN)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(session.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_status(&output, 0);
    assert!(
        stderr_of(&output).contains(&format!("cannot write {}", saved.display())),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), "v = 1236.5\n");
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 1, "no temporary file is left");
}
