//! The classroom views as REPL commands, through [`Repl::handle_line`]: what
//! each shows, the files they write, and `:step` and `:quiz` taking the lines
//! that follow them.

use super::*;
use crate::value::Value;

const BOOK: &str = "apple = 100; apple_num = 2; orange = 150; orange_num = 3; tax = 1.1";
const SHOP: &str = "(apple*apple_num + orange*orange_num)*tax";
/// The book's first example: #0 apple, #1 apple_num, #2 mul, #3 tax, #4 mul.
const APPLES: &str = "apple*apple_num*tax";

fn book() -> Repl {
    let mut repl = Repl::new(Session::new(), Look::default(), Format::Text);
    out(&mut repl, BOOK);
    repl
}

/// Runs `line`; returns stdout and stderr.
fn run(repl: &mut Repl, line: &str) -> (String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let action = repl.handle_line(line, &mut out, &mut err).expect("writing to memory");
    assert_eq!(action, Action::Continue, "{line}");
    (String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

fn out(repl: &mut Repl, line: &str) -> String {
    let (out, err) = run(repl, line);
    assert_eq!(err, "", "{line}");
    out
}

fn err(repl: &mut Repl, line: &str) -> String {
    let (out, err) = run(repl, line);
    assert_eq!(out, "", "{line}");
    assert!(!err.is_empty(), "{line} should fail");
    err
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn graph_draws_the_tree_of_the_last_expression_at_the_current_values() {
    let mut repl = book();
    out(&mut repl, SHOP);
    let tree = out(&mut repl, ":graph");
    assert!(tree.starts_with(&format!("{SHOP} = 715\n")), "{tree}");
    assert!(tree.contains("│  │  ├─ apple  [#0 input]  value 100  grad 2.2\n"), "{tree}");
    assert!(tree.contains("│     └─ orange_num  [#4 input]  value 3  grad 165\n"), "{tree}");
    assert!(tree.contains("└─ tax  [#7 input]  value 1.1  grad 650\n"), "{tree}");
    // Evaluated again: a changed input shows its new numbers.
    out(&mut repl, "apple = 200");
    let tree = out(&mut repl, ":tree");
    assert!(tree.starts_with(&format!("{SHOP} = 935\n")), "{tree}");
    assert!(tree.contains("└─ tax  [#7 input]  value 1.1  grad 850\n"), "{tree}");
}

#[test]
fn a_view_of_an_expression_makes_it_the_last_one() {
    let mut repl = book();
    let tree = out(&mut repl, ":graph apple*2");
    assert!(tree.contains("├─ apple  [#0 input]  value 100  grad 2\n"), "{tree}");
    assert!(tree.contains("└─ 2  [#1 const]  value 2  grad 100\n"), "{tree}");
    let trace = out(&mut repl, ":trace");
    assert!(trace.starts_with("apple*2 = 200\nforward\n"), "{trace}");
}

#[test]
fn a_view_with_nothing_to_show_says_why_and_changes_nothing() {
    let mut repl = book();
    let error = err(&mut repl, ":graph");
    assert!(error.contains("nothing has been evaluated yet"), "{error}");
    out(&mut repl, APPLES);
    let error = err(&mut repl, ":graph aple*2");
    assert!(error.contains("undefined name `aple`"), "{error}");
    assert!(error.contains("did you mean `apple`?"), "{error}");
    let error = err(&mut repl, ":graph z = 2");
    assert!(error.contains("takes one expression"), "{error}");
    assert!(repl.session().get("z").is_none());
    err(&mut repl, ":check 1; 2");
    err(&mut repl, ":trace (1 +");
    // The last expression is still the one evaluated before.
    assert!(out(&mut repl, ":graph").starts_with("apple*apple_num*tax = 220\n"));
    // A last expression whose name is gone says so.
    out(&mut repl, ":del apple_num");
    let error = err(&mut repl, ":graph");
    assert!(error.contains("the last expression, `apple*apple_num*tax`, no longer evaluates"), "{error}");
}

#[test]
fn a_loaded_script_leaves_its_last_evaluation_for_the_views() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("shop.cg");
    std::fs::write(&script, format!("{BOOK}\napple*2\n{SHOP}\ntotal = {SHOP}\n")).unwrap();
    let mut repl = Repl::new(Session::new(), Look::default(), Format::Text);
    out(&mut repl, &format!(":load {}", script.display()));
    assert!(out(&mut repl, ":graph").starts_with(&format!("{SHOP} = 715\n")));
    // A script without evaluations leaves the last expression as it was.
    std::fs::write(&script, "tax = 1\n").unwrap();
    out(&mut repl, &format!(":load {}", script.display()));
    assert!(out(&mut repl, ":graph").starts_with(&format!("{SHOP} = 650\n")));
}

#[test]
fn trace_writes_each_rule_with_its_numbers() {
    let mut repl = book();
    let trace = out(&mut repl, &format!(":trace {APPLES}"));
    assert!(trace.starts_with("apple*apple_num*tax = 220\nforward\n  #0  input  apple = 100\n"), "{trace}");
    assert!(trace.contains("#2  mul    apple*apple_num: 100 × 2 = 200\n"), "{trace}");
    assert!(trace.contains("→ d(apple) = dout × apple_num = 1.1 × 2 = 2.2\n"), "{trace}");
    assert!(trace.contains("→ d(apple_num) = dout × apple = 1.1 × 100 = 110\n"), "{trace}");
    let shared = out(&mut repl, ":trace tax*tax");
    assert!(shared.ends_with("#0  input  tax: grad = 1.1 + 1.1 = 2.2\n"), "{shared}");
}

#[test]
fn dot_goes_to_the_screen_or_into_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut repl = book();
    let shown = out(&mut repl, ":dot apple*2");
    assert!(shown.starts_with("digraph cgraph {\n"), "{shown}");
    let file = dir.path().join("shop.dot");
    let said = out(&mut repl, &format!(":dot {SHOP} > {}", file.display()));
    assert_eq!(said, format!("wrote the DOT figure of `{SHOP} = 715` to {}\n", file.display()));
    let dot = read(&file);
    assert!(dot.starts_with("digraph cgraph {\n") && dot.ends_with("}\n"), "{dot}");
    assert!(dot.contains("label=\"tax\""), "{dot}");
    // Without EXPR, the last one; an existing file is replaced.
    out(&mut repl, "apple*3");
    out(&mut repl, &format!(":dot > '{}'", file.display()));
    assert!(read(&file).contains("apple*3 = 300"));
}

#[test]
fn svg_writes_a_standalone_picture_and_only_into_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut repl = book();
    out(&mut repl, SHOP);
    let error = err(&mut repl, ":svg");
    assert!(error.contains("`:svg` writes a file: `:svg [EXPR] > FILE`"), "{error}");
    let error = err(&mut repl, ":svg >");
    assert!(error.contains("a file name should follow `>`"), "{error}");
    let file = dir.path().join("shop.svg");
    let said = out(&mut repl, &format!(":svg > {}", file.display()));
    assert!(said.starts_with("wrote the SVG figure of "), "{said}");
    let svg = read(&file);
    let document = roxmltree::Document::parse(&svg).expect("the SVG is XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    let texts: Vec<&str> = document.descendants().filter_map(|n| n.text()).collect();
    for label in ["apple", "orange_num", "tax", "715", "2.2", "650"] {
        assert!(texts.iter().any(|t| t.contains(label)), "{label} not drawn in {texts:?}");
    }
    assert!(!svg.contains('\x1b'), "no colour codes in a file");
}

#[test]
fn an_unwritable_file_is_an_error_that_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut repl = book();
    out(&mut repl, APPLES);
    let missing = dir.path().join("no/such/folder/x.svg");
    let error = err(&mut repl, &format!(":svg apple*7 > {}", missing.display()));
    assert!(error.contains(&format!("cannot write {}", missing.display())), "{error}");
    assert!(out(&mut repl, ":graph").starts_with("apple*apple_num*tax = 220\n"), "the last expression kept");
}

#[test]
fn graph_trace_and_check_also_write_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut repl = book();
    let file = dir.path().join("homework.txt");
    out(&mut repl, &format!(":trace {APPLES} > {}", file.display()));
    assert!(read(&file).contains("→ d(apple) = dout × apple_num = 1.1 × 2 = 2.2\n"));
    out(&mut repl, &format!(":check > {}", file.display()));
    assert!(read(&file).ends_with("all 3 gradients agree within 1e-6\n"));
    out(&mut repl, &format!(":graph > {}", file.display()));
    assert!(read(&file).contains("└─ tax  [#3 input]  value 1.1  grad 200\n"));
}

#[test]
fn check_compares_every_gradient_with_a_central_difference() {
    let mut repl = book();
    out(&mut repl, SHOP);
    let check = out(&mut repl, ":check");
    assert!(check.starts_with(&format!("gradient check of {SHOP} (central difference, h = 0.0001)\n")));
    assert!(check.lines().any(|l| l.starts_with("#7  tax") && l.ends_with("ok")), "{check}");
    assert!(check.ends_with("all 5 gradients agree within 1e-6\n"), "{check}");
    let kink = out(&mut repl, ":check relu(apple - 100)");
    assert!(kink.contains("flagged: a kink"), "{kink}");
}

#[test]
fn step_shows_one_step_per_enter_until_the_end() {
    let mut repl = book();
    let first = out(&mut repl, &format!(":step {APPLES}"));
    assert_eq!(
        first,
        "apple*apple_num*tax = 220\n\
         10 steps, 5 forward then 5 backward: Enter shows the next, q stops.\n\
         forward\n  #0  input  apple = 100\n"
    );
    assert_eq!(repl.prompt(), STEP_PROMPT);
    assert_eq!(out(&mut repl, ""), "  #1  input  apple_num = 2\n");
    assert_eq!(out(&mut repl, ""), "  #2  mul    apple*apple_num: 100 × 2 = 200\n");
    // Anything but Enter or q is not run: the step-through has the lines.
    assert_eq!(out(&mut repl, "apple = 5"), "Enter shows the next step; q stops.\n");
    assert_eq!(repl.session().value_of("apple"), Some(Value::Number(100.0)));
    let mut rest = String::new();
    while repl.prompt() == STEP_PROMPT {
        rest.push_str(&out(&mut repl, ""));
    }
    assert!(rest.contains("backward\n  #4  mul    apple*apple_num*tax: dout = 1"), "{rest}");
    assert!(rest.ends_with("  #0  input  apple: grad = 2.2\nend of the trace\n"), "{rest}");
    assert_eq!(repl.prompt(), PROMPT);
    assert!(out(&mut repl, "apple").starts_with("apple = 100\n"), "the prompt has the lines again");
}

#[test]
fn step_stops_at_q_and_at_ctrl_c() {
    let mut repl = book();
    out(&mut repl, ":step apple*2");
    assert_eq!(out(&mut repl, "q"), "stopped stepping\n");
    assert_eq!(repl.prompt(), PROMPT);
    out(&mut repl, ":step");
    let mut shown = Vec::new();
    repl.cancel(&mut shown).unwrap();
    assert_eq!(String::from_utf8(shown).unwrap(), "stopped stepping\n");
    assert_eq!(repl.prompt(), PROMPT);
    let error = err(&mut repl, ":step apple > f");
    assert!(error.contains("`:step` runs on screen"), "{error}");
    assert_eq!(repl.prompt(), PROMPT);
}

#[test]
fn quiz_right_answers_score_full_marks() {
    let mut repl = book();
    let intro = out(&mut repl, &format!(":quiz {APPLES}"));
    assert!(intro.contains("  #4  mul    apple*apple_num*tax: 200 × 1.1 = 220\n"), "{intro}");
    for gradient in ["110", "2.2", "grad ="] {
        assert!(!intro.contains(gradient), "the gradients are hidden: {intro}");
    }
    assert!(intro.ends_with("#3 input tax (value 1.1): d(out)/d(tax) = ?\n"), "{intro}");
    assert_eq!(repl.prompt(), QUIZ_PROMPT);
    assert_eq!(out(&mut repl, "200"), "right\n#2 mul apple*apple_num (value 200): d(out)/d(#2) = ?\n");
    out(&mut repl, "1.1");
    out(&mut repl, "110");
    let end = out(&mut repl, "1.1*2");
    assert_eq!(end, "right\nScore: 4 of 4 at the first try, 0 more after a hint.\n");
    assert_eq!(repl.prompt(), PROMPT);
}

#[test]
fn quiz_wrong_answers_get_a_hint_then_the_gradient() {
    let mut repl = book();
    out(&mut repl, APPLES);
    out(&mut repl, ":quiz");
    out(&mut repl, "200");
    let hinted = out(&mut repl, "1");
    assert_eq!(
        hinted,
        "not quite. Hint: #4 mul passes back dout × tax = 1 × 1.1\n\
         #2 mul apple*apple_num (value 200): d(out)/d(#2) = ?\n"
    );
    out(&mut repl, "1.1");
    out(&mut repl, "3");
    assert!(out(&mut repl, "4").starts_with("The gradient is 110.\n"));
    // Not a number: asked again, not counted.
    let unreadable = out(&mut repl, "two");
    assert!(unreadable.contains("undefined name `two`"), "{unreadable}");
    assert!(unreadable.ends_with("#0 input apple (value 100): d(out)/d(apple) = ?\n"), "{unreadable}");
    let end = out(&mut repl, "");
    assert_eq!(end, "The gradient is 2.2.\nScore: 1 of 4 at the first try, 1 more after a hint.\n");
    assert_eq!(repl.prompt(), PROMPT);
}

#[test]
fn leaving_a_quiz_shows_the_score_so_far() {
    let mut repl = book();
    out(&mut repl, &format!(":quiz {APPLES}"));
    out(&mut repl, "200");
    assert_eq!(out(&mut repl, "q"), "left the quiz\nScore: 1 of 1 at the first try, 0 more after a hint.\n");
    assert_eq!(repl.prompt(), PROMPT);
    // Ctrl-C, and the end of the input, leave it too.
    out(&mut repl, ":quiz");
    let mut shown = Vec::new();
    repl.cancel(&mut shown).unwrap();
    assert_eq!(String::from_utf8(shown).unwrap(), "left the quiz\n");
    out(&mut repl, ":quiz");
    out(&mut repl, "7");
    out(&mut repl, "200");
    let (mut shown, mut error) = (Vec::new(), Vec::new());
    repl.finish(&mut shown, &mut error).unwrap();
    let shown = String::from_utf8(shown).unwrap();
    assert_eq!(shown, "left the quiz\nScore: 0 of 1 at the first try, 1 more after a hint.\n");
    assert_eq!(repl.prompt(), PROMPT);
}

#[test]
fn a_quiz_with_nothing_to_ask_ends_at_once() {
    let mut repl = book();
    let shown = out(&mut repl, ":quiz 7");
    assert_eq!(shown, "nothing to ask: a single number or name is its own output, with gradient 1\n");
    assert_eq!(repl.prompt(), PROMPT);
}

#[test]
fn pasted_answers_go_to_the_quiz_line_by_line() {
    let mut repl = book();
    let shown = out(&mut repl, &format!(":quiz {APPLES}\n200\n1.1\n110\n2.2\napple"));
    assert!(shown.contains("Score: 4 of 4 at the first try"), "{shown}");
    let after = shown.split_once("Score: 4 of 4 at the first try, 0 more after a hint.\n").map(|(_, a)| a);
    assert!(
        after.is_some_and(|a| a.starts_with("apple = 100\n")),
        "the line after the quiz is a statement: {shown}"
    );
}

#[test]
fn trace_and_check_options_carry_into_the_repl() {
    let mut repl = Repl::new(Session::new(), Look::default(), Format::Text).with_views(true, true);
    out(&mut repl, "x = 3");
    let shown = out(&mut repl, "x*x");
    assert!(shown.contains("#0  input  x: grad = 3 + 3 = 6\n"), "{shown}");
    assert!(shown.ends_with("the one gradient agrees within 1e-6\n"), "{shown}");
}

#[test]
fn help_explains_every_view_and_tab_completes_their_operands() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shop.dot"), "").unwrap();
    let mut repl = book();
    for (name, says) in [
        ("graph", "box-drawing"),
        ("trace", "reverse"),
        ("step", "Enter"),
        ("dot", "dot -Tpng"),
        ("svg", "no Graphviz"),
        ("check", "central difference"),
        ("quiz", "hint"),
    ] {
        let help = out(&mut repl, &format!(":help {name}")).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(help.contains(says), "{name}: {help}");
        assert!(help.contains(&format!("`:{name} ")), "{name} has an example: {help}");
    }
    let folder = dir.path().display().to_string();
    let line = format!(":dot apple*2 > {folder}/sh");
    let (start, found) = repl.completions(&line, line.len());
    assert_eq!(start, line.len() - folder.len() - 3);
    let found: Vec<&str> = found.iter().map(|p| p.replacement.as_str()).collect();
    assert_eq!(found, [format!("{folder}/shop.dot")]);
    let (start, found) = repl.completions(":quiz orange_n", 14);
    assert_eq!((start, found[0].replacement.as_str()), (6, "orange_num"));
}

#[test]
fn no_view_line_makes_it_panic() {
    let mut repl = book();
    for line in
        [":graph >", ":dot >>", ":svg > >", ":quiz ;", ":step #", ":trace )", ":check > ''", ":graph 1/0"]
    {
        let _ = run(&mut repl, line);
        repl.cancel(&mut Vec::new()).unwrap();
        repl.completions(line, line.len());
    }
    assert_eq!(repl.prompt(), PROMPT);
}
