//! The REPL under faults, in a real pseudo-terminal: Ctrl-C during long work
//! (and at an idle prompt on a terminal the line editor cannot drive), a
//! byte that is not UTF-8, a history file that is a device, `TERM=dumb`.
//! Each ends with the prompt back and every definition kept.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

/// Long enough for a slow machine; a passing test never waits for it.
const TIMEOUT_MS: u64 = 30_000;
const PROMPT: &str = r"\n\r*cgraph> ";

/// `cgraph ARGS` in a terminal of kind `term`, with `history` as its history
/// file, and what it showed before its first prompt.
fn open(history: &Path, term: &str, args: &[&str]) -> (PtySession, String) {
    let mut p = spawn(history, term, args);
    let before = p.exp_string("cgraph> ").expect("the first prompt");
    (p, before)
}

/// `cgraph ARGS` started in a terminal, not yet waited for.
fn spawn(history: &Path, term: &str, args: &[&str]) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cgraph"));
    command.args(args).env("CGRAPH_HISTORY", history).env("TERM", term).env_remove("NO_COLOR");
    // Colour codes are kept on a dumb terminal, where there must be none.
    let options = Options::new().timeout_ms(Some(TIMEOUT_MS)).strip_ansi_escape_codes(term != "dumb");
    spawn_with_options(command, options).expect("spawn cgraph in a terminal")
}

/// Types a line and waits for the next prompt; returns what came between.
fn enter(p: &mut PtySession, line: &str) -> String {
    p.send_line(line).unwrap();
    p.exp_regex(PROMPT).unwrap_or_else(|e| panic!("no prompt after {line:?}: {e}")).0
}

/// Starts a line of work, waits until it has surely begun, and presses Ctrl-C.
fn interrupt(p: &mut PtySession, line: &str) -> String {
    p.send_line(line).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    p.send_control('c').unwrap();
    p.exp_regex(PROMPT).unwrap_or_else(|e| panic!("no prompt after Ctrl-C during {line:?}: {e}")).0
}

fn leave(mut p: PtySession) {
    p.send_control('d').unwrap();
    p.exp_eof().expect("Ctrl-D on an empty line leaves");
}

#[test]
fn ctrl_c_stops_a_load_and_keeps_what_it_ran() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("defs.cg");
    let lines: String = (0..3_000_000).map(|i| format!("v{i} = {i}\n")).collect();
    std::fs::write(&script, lines).unwrap();
    let (mut p, _) = open(&dir.path().join("history"), "xterm", &[]);
    enter(&mut p, "kept = 7");
    let shown = interrupt(&mut p, &format!(":load {}", script.display()));
    let at = format!("interrupted at {}:", script.display());
    let line: usize = shown
        .split(&at)
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line in {shown:?}"));
    assert!(shown.contains("the statements before it ran"), "{shown:?}");
    assert!(line > 2 && line < 3_000_000, "stopped at line {line}");
    // Line N defines v(N-1): the one before it ran, it did not.
    let ran = enter(&mut p, &format!("v{} + kept", line - 2));
    assert!(ran.contains(&format!("= {}", line - 2 + 7)), "{ran:?}");
    let not_run = enter(&mut p, &format!("v{}", line - 1));
    assert!(not_run.contains("undefined name"), "{not_run:?}");
    leave(p);
}

/// A folder holding `sum.cg`: `y = 2`, then a sum of 30,000 literals whose
/// gradient check (a forward pass per literal) takes far longer than the
/// tests wait before Ctrl-C.
fn long_check() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("sum.cg");
    std::fs::write(&script, format!("y = 2\n{}\n", vec!["1"; 30_000].join("+"))).unwrap();
    let path = script.display().to_string();
    (dir, path)
}

#[test]
fn ctrl_c_stops_a_check_and_the_session_goes_on() {
    let (dir, path) = long_check();
    let (mut p, _) = open(&dir.path().join("history"), "xterm", &["-i", &path]);
    let shown = interrupt(&mut p, ":check");
    assert!(shown.contains("interrupted"), "{shown:?}");
    assert!(!shown.contains("gradients agree"), "the check ran to its end: {shown:?}");
    let after = enter(&mut p, "y * 3");
    assert!(after.contains("y * 3 = 6"), "{after:?}");
    leave(p);
}

#[test]
fn ctrl_c_during_the_files_of_i_opens_the_repl_with_what_ran() {
    let (dir, path) = long_check();
    let mut p = spawn(&dir.path().join("history"), "xterm", &["-i", "--check", &path]);
    std::thread::sleep(Duration::from_millis(2500));
    p.send_control('c').unwrap();
    let shown = p.exp_string("cgraph> ").expect("the REPL opens after Ctrl-C");
    assert!(shown.contains(&format!("interrupted at {path}:2; the statements before it ran")), "{shown:?}");
    let after = enter(&mut p, "y + 1");
    assert!(after.contains("y + 1 = 3"), "{after:?}");
    leave(p);
}

#[test]
fn ctrl_c_at_a_dumb_terminals_prompt_does_not_end_the_repl() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, before) = open(&dir.path().join("history"), "dumb", &[]);
    assert!(!before.contains('\u{1b}'), "no colour on a dumb terminal: {before:?}");
    enter(&mut p, "x = 4");
    p.send_control('c').unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let shown = enter(&mut p, "x * 2");
    assert!(shown.contains("x * 2 = 8"), "{shown:?}");
    assert!(!shown.contains('\u{1b}'), "no colour on a dumb terminal: {shown:?}");
    leave(p);
}

#[test]
fn a_byte_that_is_not_utf8_loses_the_line_not_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, _) = open(&dir.path().join("history"), "xterm", &[]);
    enter(&mut p, "x = 5");
    let mut terminal = p.process().get_file_handle().unwrap();
    terminal.write_all(b"x\xff\r").unwrap();
    terminal.flush().unwrap();
    let shown = p.exp_regex(PROMPT).expect("the prompt comes back").0;
    assert!(shown.contains("is not valid UTF-8"), "{shown:?}");
    let after = enter(&mut p, "x + 1");
    assert!(after.contains("6"), "{after:?}");
    leave(p);
}

#[test]
fn a_history_file_that_is_a_device_is_one_warning() {
    for device in ["/dev/full", "/dev/zero"] {
        let (mut p, before) = open(Path::new(device), "xterm", &[]);
        assert_eq!(before.matches("warning").count(), 1, "{before:?}");
        assert!(before.contains(&format!("{device} is not a regular file")), "{before:?}");
        let shown = enter(&mut p, "2 * 21");
        assert!(shown.contains("42"), "{shown:?}");
        assert!(!shown.contains("warning"), "{shown:?}");
        leave(p);
    }
}
