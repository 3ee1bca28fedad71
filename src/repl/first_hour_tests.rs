//! What a newcomer meets at the prompt: help on every layer and operator,
//! figures kept out of the terminal, messages in words, tables that fit.

use super::*;

const BOOK: &str = "apple = 100; apple_num = 2; orange = 150; orange_num = 3; tax = 1.1";

fn repl() -> Repl {
    Repl::new(Session::new(), Look::default(), Format::Text)
}

fn run(repl: &mut Repl, line: &str) -> (String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let action = repl.handle_line(line, &mut out, &mut err).expect("writing to memory");
    assert_eq!(action, Action::Continue, "{line}");
    (String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[test]
fn every_layer_name_and_operator_has_help() {
    let mut repl = repl();
    let topics = [
        "pow", "mul", "^", "**", "add", "+", "sub", "-", "*", "/", "div", "neg", "id", "input", "const",
        "relu", "exp", "max",
    ];
    for topic in topics {
        let (shown, err) = run(&mut repl, &format!(":help {topic}"));
        assert_eq!(err, "", ":help {topic}");
        assert!(shown.contains("layer") || shown.contains("leaf"), ":help {topic}: {shown}");
    }
    let (pow, _) = run(&mut repl, ":help ^");
    assert!(pow.contains("`pow` layer") && pow.contains("da = dout × b × a^(b - 1)"), "{pow}");
    let (mul, _) = run(&mut repl, ":help mul");
    assert!(mul.contains("db = dout × a"), "{mul}");
    // Every layer a table can show has help.
    let mut session = Session::new();
    let source: Rc<str> = "x = 0.5; y = 2; -x + x - y*x/y^2 + exp(ln(sqrt(x))) + sin(cos(tanh(sigmoid(relu(abs(max(x, min(x, y))))))))".into();
    let mut layers = Vec::new();
    for outcome in session.run_all(&source).unwrap() {
        if let Outcome::Evaluated(evaluation) = outcome {
            layers.extend(evaluation.graph.nodes.iter().map(|node| node.layer.name()));
        }
    }
    assert!(layers.len() > 20);
    for layer in layers {
        let (_, err) = run(&mut repl, &format!(":help {layer}"));
        assert_eq!(err, "", ":help {layer}");
    }
}

#[test]
fn the_keys_help_is_indented_line_by_line() {
    let (keys, _) = run(&mut repl(), ":help keys");
    assert!(keys.lines().count() >= 5);
    assert!(keys.lines().all(|line| line.starts_with("  ") && !line.starts_with("   ")), "{keys}");
}

#[test]
fn the_continuation_prompt_lines_up_under_the_prompt() {
    assert_eq!(CONTINUATION.len(), PROMPT.len());
    assert!(CONTINUATION.ends_with("...> "));
}

#[test]
fn a_figure_format_sends_figures_to_files_not_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut repl = repl();
    run(&mut repl, BOOK);
    for (format, command) in [("svg", ":svg"), ("dot", ":dot"), ("mermaid", ":mermaid")] {
        let (said, _) = run(&mut repl, &format!(":format {format}"));
        assert!(said.starts_with(&format!("format: {format}")), "{said}");
        let (shown, note) = run(&mut repl, "apple*apple_num*tax");
        assert_eq!(shown, "", "{format}: nothing on the terminal");
        assert!(note.contains(&format!("figure is for a file: `{command} > FILE` writes it")), "{note}");
        // ... and that command writes the figure of what was typed.
        let file = dir.path().join(format!("shop.{format}"));
        let (wrote, err) = run(&mut repl, &format!("{command} > {}", file.display()));
        assert_eq!(err, "");
        assert!(wrote.contains("apple*apple_num*tax = 220"), "{wrote}");
        assert!(std::fs::read_to_string(&file).unwrap().contains("apple*apple_num*tax"));
    }
    // Definitions still run and are confirmed.
    let (said, _) = run(&mut repl, "k = 2");
    assert_eq!(said, "k = 2\n");
}

#[test]
fn svg_with_nothing_evaluated_shows_the_file_to_give() {
    let (_, err) = run(&mut repl(), ":svg > out.svg");
    assert!(err.contains("`:svg apple*2 > FILE`"), "{err}");
}

#[test]
fn file_errors_are_in_words() {
    let mut repl = repl();
    let (_, load) = run(&mut repl, ":load /no/such/script.cg");
    assert_eq!(load, "error: cannot read /no/such/script.cg: no such file\n");
    run(&mut repl, "x = 1");
    let (_, save) = run(&mut repl, ":save /no/such/folder.cg");
    assert_eq!(save, "error: cannot write /no/such/folder.cg: no such folder\n");
    let (_, view) = run(&mut repl, ":graph x > /no/such/tree.txt");
    assert_eq!(view, "error: cannot write /no/such/tree.txt: no such folder\n");
}

#[test]
fn a_number_before_a_name_suggests_the_product() {
    let mut repl = repl();
    run(&mut repl, "x = 3");
    let (_, err) = run(&mut repl, "2x + 1");
    assert!(err.contains("^ did you mean `2*x`?"), "{err}");
    let (_, err) = run(&mut repl, "y = 0.5 x");
    assert!(err.contains("did you mean `0.5*x`?"), "{err}");
}

#[test]
fn tables_fit_the_width_they_are_given() {
    let mut repl = repl();
    run(&mut repl, BOOK);
    let expr = "(apple*apple_num + orange*orange_num)*tax";
    let (wide, _) = run(&mut repl, expr);
    assert!(wide.lines().any(|l| l.chars().count() > 50));
    repl.fit_to(Some(50));
    let (narrow, _) = run(&mut repl, expr);
    assert_eq!(narrow.lines().count(), wide.lines().count());
    for (line, whole) in narrow.lines().zip(wide.lines()) {
        assert!(line.chars().count() <= 50, "{line:?}");
        // Only labels were cut: the numbers at the end of each row are the same.
        fn tail(l: &str) -> Vec<&str> {
            l.split_whitespace().rev().take(3).collect()
        }
        if !line.contains(" = ") {
            assert_eq!(tail(line), tail(whole));
        }
    }
}

#[test]
fn a_script_loaded_in_a_figure_format_draws_nothing_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.cg");
    std::fs::write(&file, "x = 3\nx*2\nx + 1\n").unwrap();
    let mut repl = repl();
    run(&mut repl, ":format svg");
    let (shown, note) = run(&mut repl, &format!(":load {}", file.display()));
    assert_eq!(shown, format!("loaded {}\n", file.display()));
    assert!(
        note.starts_with("note: 2 SVG figures not shown: figures are for files; `:svg > FILE`"),
        "{note}"
    );
}
