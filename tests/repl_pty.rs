//! The REPL in a real pseudo-terminal: typing into the binary and reading
//! what a person would see (colour codes stripped unless a test is about them).

use std::path::Path;
use std::process::Command;

use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

/// Long enough for a slow machine; a passing test never waits for it.
const TIMEOUT_MS: u64 = 10_000;
const UP: &str = "\x1b[A";
/// A fresh prompt starts a line; the editor's redraws of the line being typed do not.
const PROMPT: &str = r"\n\r*cgraph> ";
/// As wide as the prompt, so that a statement's lines line up.
const CONTINUATION: &str = r"\n\r*   \.\.\.> ";
const BOOK: &[&str] = &["apple = 100", "apple_num = 2", "orange = 150", "orange_num = 3", "tax = 1.1"];

/// Starts `cgraph ARGS` in a terminal, with `history` as its history file.
fn start(history: &Path, args: &[&str], strip_colors: bool) -> PtySession {
    start_showing(history, args, strip_colors).0
}

/// [`start`], also returning what was shown before the first prompt.
fn start_showing(history: &Path, args: &[&str], strip_colors: bool) -> (PtySession, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cgraph"));
    command.args(args).env("CGRAPH_HISTORY", history).env("TERM", "xterm").env_remove("NO_COLOR");
    spawn_started(command, strip_colors)
}

/// Starts `command` in a terminal; returns it and what it showed before its first prompt.
fn spawn_started(command: Command, strip_colors: bool) -> (PtySession, String) {
    let options = Options::new().timeout_ms(Some(TIMEOUT_MS)).strip_ansi_escape_codes(strip_colors);
    let mut p = spawn_with_options(command, options).expect("spawn cgraph in a terminal");
    let before = p.exp_string("cgraph> ").expect("the first prompt");
    (p, before)
}

/// Types keys without Enter.
fn press(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// Types a line and waits for the next prompt; returns what came between.
fn enter(p: &mut PtySession, line: &str) -> String {
    p.send_line(line).unwrap();
    p.exp_regex(PROMPT).unwrap_or_else(|e| panic!("no prompt after {line:?}: {e}")).0
}

fn define_the_book(p: &mut PtySession) {
    for line in BOOK {
        let shown = enter(p, line);
        assert!(shown.contains(&format!("\n{line}")), "{line} was not confirmed: {shown:?}");
    }
}

fn leave(mut p: PtySession) {
    p.send_control('d').unwrap();
    p.exp_eof().expect("Ctrl-D on an empty line leaves");
}

#[test]
fn the_prompt_and_the_books_example() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = start(&dir.path().join("history"), &[], true);
    define_the_book(&mut p);
    p.send_line("(apple*apple_num + orange*orange_num)*tax").unwrap();
    p.exp_string("(apple*apple_num + orange*orange_num)*tax = 715").unwrap();
    for (id, name, value, grad) in [
        (0, "apple", "100", "2.2"),
        (1, "apple_num", "2", "110"),
        (3, "orange", "150", "3.3"),
        (4, "orange_num", "3", "165"),
        (7, "tax", "1.1", "650"),
    ] {
        p.exp_regex(&format!(r"{id}\s+{name}\s+input\s+{value}\s+{grad}\r?\n")).unwrap();
    }
    p.exp_regex(r"8\s+\(apple\S*\s+[^\n]*mul\s+715\s+1\r").unwrap();
    p.exp_regex(PROMPT).unwrap();
    p.send_line(":quit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn lines_typed_ahead_are_all_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = start(&dir.path().join("history"), &[], true);
    press(&mut p, "1+1\n2+2\nx = (3\n+3)\n");
    p.exp_string("1+1 = 2").unwrap();
    p.exp_string("2+2 = 4").unwrap();
    p.exp_regex(CONTINUATION).unwrap();
    p.exp_string("\nx = 6").unwrap();
    p.exp_regex(PROMPT).unwrap();
    leave(p);
}

#[test]
fn tab_completes_a_variable() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = start(&dir.path().join("history"), &[], true);
    enter(&mut p, "orange_num = 3");
    press(&mut p, "2*oran\t");
    p.exp_string("2*orange_num").unwrap();
    p.send_line("").unwrap();
    p.exp_string("2*orange_num = 6").unwrap();
    p.exp_regex(PROMPT).unwrap();
    leave(p);
}

#[test]
fn an_open_bracket_continues_with_its_own_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = start(&dir.path().join("history"), &[], true);
    p.send_line("(1 +").unwrap();
    p.exp_regex(CONTINUATION).unwrap();
    p.send_line("2) * 3").unwrap();
    p.exp_regex(r"2\) \* 3 = 9").unwrap();
    p.exp_regex(PROMPT).unwrap();
    leave(p);
}

#[test]
fn the_value_hint_is_dimmed_after_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let book = BOOK.join("; ");
    let mut p = start(&dir.path().join("history"), &["-i", "-e", &book], false);
    press(&mut p, "(apple*apple_num + orange*orange_num)*tax");
    p.exp_string("\x1b[2m = 715").expect("a dimmed hint with the value");
    // Colours are on in a terminal: the prompt is green, names are coloured.
    p.send_control('c').unwrap();
    p.exp_string("\x1b[1;32mcgraph> ").unwrap();
    press(&mut p, "apple + nope");
    p.exp_string("\x1b[32mapple\x1b[0m").expect("a defined name");
    p.exp_string("\x1b[31mnope\x1b[0m").expect("an unknown name");
    p.send_control('c').unwrap();
    p.exp_string("cgraph> ").unwrap();
    leave(p);
}

#[test]
fn ctrl_c_drops_the_line_and_the_session_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = start(&dir.path().join("history"), &[], true);
    enter(&mut p, "x = 2");
    press(&mut p, "x = 1000 + junk");
    p.exp_string("junk").unwrap();
    p.send_control('c').unwrap();
    p.exp_regex(PROMPT).unwrap();
    p.send("(x +").unwrap();
    p.send_line("").unwrap();
    p.exp_regex(CONTINUATION).unwrap();
    p.send_control('c').unwrap();
    p.exp_regex(PROMPT).expect("Ctrl-C at ...> drops the open statement");
    let shown = enter(&mut p, "x * 3");
    assert!(shown.contains("x * 3 = 6"), "{shown:?}");
    assert!(!shown.contains("error"), "{shown:?}");
    leave(p);
}

#[test]
fn history_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history");
    let mut p = start(&history, &[], true);
    enter(&mut p, "remembered = 42");
    leave(p);

    let mut p = start(&history, &[], true);
    press(&mut p, UP);
    p.exp_string("remembered = 42").unwrap();
    p.send_line("").unwrap();
    p.exp_string("\nremembered = 42").expect("the recalled line runs");
    p.exp_regex(PROMPT).unwrap();
    leave(p);
}

#[test]
fn an_unwritable_history_is_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let (mut p, before) = start_showing(&file.join("history"), &[], true);
    assert_eq!(before.matches("warning").count(), 1, "{before:?}");
    assert!(before.contains("will not be kept"), "{before:?}");
    let shown = enter(&mut p, "y = 5");
    assert!(!shown.contains("warning"), "{shown:?}");
    leave(p);
}

#[test]
fn i_opens_the_repl_with_the_files_variables() {
    let dir = tempfile::tempdir().unwrap();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/apple_orange.cg");
    let (mut p, before) = start_showing(&dir.path().join("history"), &["-i", sample], true);
    assert!(before.contains("= 715"), "{before:?}");
    let shown = enter(&mut p, "grad(apple*tax, tax)");
    assert!(shown.contains("grad(apple*tax, tax) = 100"), "{shown:?}");
    leave(p);
}

const STEP: &str = r"\n\r*step> ";
const QUIZ: &str = r"\n\r*quiz> ";

/// Types a line and waits for `prompt`; returns what came between (read
/// back as UTF-8: the terminal reader hands over one char per byte).
fn answer(p: &mut PtySession, line: &str, prompt: &str) -> String {
    p.send_line(line).unwrap();
    let shown = p.exp_regex(prompt).unwrap_or_else(|e| panic!("no {prompt:?} after {line:?}: {e}")).0;
    let bytes: Vec<u8> = shown.chars().map(|c| u8::try_from(c).unwrap_or(b'?')).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn step_shows_a_step_per_enter_and_q_stops() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = start(&dir.path().join("history"), &[], true);
    define_the_book(&mut p);
    let first = answer(&mut p, ":step apple*apple_num*tax", STEP);
    assert!(first.contains("10 steps, 5 forward then 5 backward"), "{first:?}");
    assert!(first.contains("#0  input  apple = 100"), "{first:?}");
    let next = answer(&mut p, "", STEP);
    assert!(next.contains("#1  input  apple_num = 2") && !next.contains("#2"), "{next:?}");
    let next = answer(&mut p, "", STEP);
    assert!(next.contains("#2  mul    apple*apple_num: 100 × 2 = 200"), "{next:?}");
    let stopped = enter(&mut p, "q");
    assert!(stopped.contains("stopped stepping"), "{stopped:?}");
    // The prompt has the lines again.
    let shown = enter(&mut p, "apple*3");
    assert!(shown.contains("apple*3 = 300"), "{shown:?}");
    leave(p);
}

#[test]
fn quiz_takes_answers_and_ctrl_c_leaves_it_not_cgraph() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = start(&dir.path().join("history"), &[], true);
    define_the_book(&mut p);
    let intro = answer(&mut p, ":quiz apple*apple_num*tax", QUIZ);
    assert!(intro.contains("#3 input tax (value 1.1): d(out)/d(tax) = ?"), "{intro:?}");
    let right = answer(&mut p, "200", QUIZ);
    assert!(right.contains("right"), "{right:?}");
    assert!(right.contains("d(out)/d(#2) = ?"), "{right:?}");
    let wrong = answer(&mut p, "1", QUIZ);
    assert!(wrong.contains("not quite. Hint: #4 mul passes back dout × tax = 1 × 1.1"), "{wrong:?}");
    let right = answer(&mut p, "1.1", QUIZ);
    assert!(right.contains("right"), "{right:?}");
    p.send_control('c').unwrap();
    p.exp_string("left the quiz").unwrap();
    p.exp_string("Score: 1 of 2 at the first try, 1 more after a hint.").unwrap();
    p.exp_regex(PROMPT).expect("Ctrl-C leaves the quiz for the prompt");
    // Ctrl-D leaves a quiz too, and cgraph goes on.
    answer(&mut p, ":quiz", QUIZ);
    p.send_control('d').unwrap();
    p.exp_string("left the quiz").unwrap();
    p.exp_regex(PROMPT).expect("Ctrl-D leaves the quiz, not cgraph");
    let shown = enter(&mut p, "tax*2");
    assert!(shown.contains("tax*2 = 2.2"), "{shown:?}");
    leave(p);
}

#[test]
fn a_table_fits_a_narrow_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_cgraph"));
    command.env("CGRAPH_HISTORY", dir.path().join("history")).env("TERM", "xterm").env("COLUMNS", "50");
    let (mut p, _) = spawn_started(command, true);
    define_the_book(&mut p);
    let shown = enter(&mut p, "(apple*apple_num + orange*orange_num)*tax");
    let rows: Vec<&str> = shown.lines().map(|l| l.trim_end_matches('\r')).filter(|l| !l.is_empty()).collect();
    // The line typed, the title, the header and nine rows.
    assert_eq!(rows.len(), 12, "{shown:?}");
    for row in &rows[1..] {
        // The terminal's bytes arrive one char each: decode them as UTF-8.
        let bytes: Vec<u8> = row.chars().map(|c| u8::try_from(c).unwrap()).collect();
        let row = String::from_utf8(bytes).unwrap();
        assert!(row.chars().count() <= 50, "wider than 50 columns: {row:?}");
    }
    assert!(rows[11].ends_with("mul      715     1"), "{:?}", rows[11]);
    leave(p);
}
