//! Line handling, tested without a terminal: what each kind of line prints,
//! and that a failing line leaves the session as it was.

use super::*;
use crate::render::Digits;
use crate::value::Value;

const BOOK: &str = "apple = 100; apple_num = 2; orange = 150; orange_num = 3; tax = 1.1";

fn repl() -> Repl {
    Repl::new(Session::new(), Look::default(), Format::Text)
}

/// Runs `line`; returns the action, stdout and stderr.
fn run(repl: &mut Repl, line: &str) -> (Action, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let action = repl.handle_line(line, &mut out, &mut err).expect("writing to memory");
    (action, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

fn out(repl: &mut Repl, line: &str) -> String {
    let (action, out, err) = run(repl, line);
    assert_eq!(action, Action::Continue, "{line}");
    assert_eq!(err, "", "{line}");
    out
}

fn err(repl: &mut Repl, line: &str) -> String {
    let (action, _, err) = run(repl, line);
    assert_eq!(action, Action::Continue, "{line}");
    assert!(!err.is_empty(), "{line} should fail");
    err
}

/// The value column of the table row labelled `label`.
fn row<'a>(table: &'a str, label: &str) -> Vec<&'a str> {
    let line = table.lines().find(|l| l.split_whitespace().nth(1) == Some(label)).unwrap();
    line.split_whitespace().collect()
}

#[test]
fn assignments_are_confirmed() {
    let mut repl = repl();
    assert_eq!(out(&mut repl, "apple = 100"), "apple = 100\n");
    assert_eq!(out(&mut repl, "price = apple*2"), "price := apple*2 (= 200)\n");
    assert_eq!(out(&mut repl, "x = -4; k = 2^10"), "x = -4\nk = 1024\n");
    assert_eq!(out(&mut repl, "assert price == 200"), "assertion holds: 200 == 200\n");
}

#[test]
fn the_books_example_shows_every_gradient() {
    let mut repl = repl();
    out(&mut repl, BOOK);
    let table = out(&mut repl, "(apple*apple_num + orange*orange_num)*tax");
    assert!(table.starts_with("(apple*apple_num + orange*orange_num)*tax = 715\n"), "{table}");
    for (name, grad) in
        [("apple", "2.2"), ("apple_num", "110"), ("orange", "3.3"), ("orange_num", "165"), ("tax", "650")]
    {
        assert_eq!(row(&table, name).last(), Some(&grad), "{name} in\n{table}");
    }
}

#[test]
fn an_error_points_at_the_typed_line_and_changes_nothing() {
    let mut repl = repl();
    out(&mut repl, "apple = 100; price = apple * 2");
    let shown = err(&mut repl, "price = aple * 3");
    assert_eq!(
        shown,
        "<input>:1:9: error: undefined name `aple`\n1 | price = aple * 3\n  |         ^^^^ did you mean `apple`?\n"
    );
    err(&mut repl, "apple = (1 +) 2");
    err(&mut repl, "apple = price");
    assert!(out(&mut repl, "price").starts_with("price = 200\n"));
}

#[test]
fn a_line_stops_at_its_first_error_after_running_what_came_before() {
    let mut repl = repl();
    let (_, shown, error) = run(&mut repl, "a = 1; b = ; c = 3");
    assert_eq!(shown, "a = 1\n");
    assert!(error.contains("error: expected"), "{error}");
    assert_eq!(repl.session().value_of("a"), Some(Value::Number(1.0)));
    assert!(repl.session().get("c").is_none());
}

#[test]
fn an_open_bracket_asks_for_more() {
    let mut repl = repl();
    assert_eq!(repl.prompt(), PROMPT);
    assert_eq!(run(&mut repl, "y = (1 +"), (Action::More, String::new(), String::new()));
    assert_eq!(repl.prompt(), CONTINUATION);
    assert_eq!(run(&mut repl, "  2 * (3").0, Action::More);
    assert_eq!(out(&mut repl, "))"), "y = 7\n");
    assert_eq!(repl.prompt(), PROMPT);
}

#[test]
fn pasted_lines_run_one_by_one_commands_included() {
    let mut repl = repl();
    let (action, shown, _) = run(&mut repl, "x = 1\r\n:vars\n(x +\n 1)\n:quit\ny = 2");
    assert_eq!(action, Action::Quit);
    assert!(shown.starts_with("x = 1\ninputs\n  x  = 1\n(x + 1) = 2\n"), "{shown}");
    assert!(repl.session().get("y").is_none());
    assert_eq!(run(&mut repl, "(x +\n").0, Action::More);
}

#[test]
fn ctrl_c_drops_an_open_statement_and_the_end_of_input_reports_it() {
    let mut repl = repl();
    run(&mut repl, "(1 +");
    repl.cancel(&mut Vec::new()).unwrap();
    assert_eq!(repl.prompt(), PROMPT);
    assert_eq!(out(&mut repl, "2"), "2 = 2\n#  node  layer  value  grad\n0  2     const      2     1\n");
    run(&mut repl, "(1 +");
    let (mut o, mut e) = (Vec::new(), Vec::new());
    repl.finish(&mut o, &mut e).unwrap();
    assert!(String::from_utf8(e).unwrap().contains("`(` is never closed"));
}

#[test]
fn commands_need_their_colon_and_unknown_ones_get_a_suggestion() {
    let mut repl = repl();
    assert!(err(&mut repl, "quit").contains("note: commands start with a colon: `:quit`"));
    assert_eq!(err(&mut repl, ":fomat json"), "error: unknown command `:fomat`; did you mean `:format`?\n");
    assert!(err(&mut repl, ":zzzzzz").contains("`:help` lists the commands"));
    for quit in [":quit", ":q", ":exit", "  :quit  "] {
        assert_eq!(run(&mut repl, quit).0, Action::Quit);
    }
    assert!(err(&mut repl, ":quit now").contains("takes nothing"));
}

#[test]
fn vars_lists_inputs_and_formulas_with_values() {
    let mut repl = repl();
    assert!(out(&mut repl, ":vars").contains("nothing is defined"));
    out(&mut repl, "apple = 100; price = apple*2; x = 3");
    assert_eq!(
        out(&mut repl, ":vars"),
        "inputs\n  apple  = 100\n  x      = 3\nformulas\n  price := apple*2 (= 200)\n"
    );
}

#[test]
fn del_refuses_while_a_formula_uses_the_name() {
    let mut repl = repl();
    out(&mut repl, "apple = 100; price = apple*2; total = price + apple");
    assert_eq!(
        err(&mut repl, ":del apple"),
        "error: `apple` is used by `price`, `total`; delete or redefine them first\n"
    );
    assert!(err(&mut repl, ":del aple").contains("did you mean `apple`?"));
    assert!(err(&mut repl, ":del").contains("needs the name"));
    assert_eq!(out(&mut repl, ":del total price"), "deleted `total`\ndeleted `price`\n");
    assert_eq!(out(&mut repl, ":del apple"), "deleted `apple`\n");
    assert!(repl.session().is_empty());
}

#[test]
fn reset_forgets_everything() {
    let mut repl = repl();
    out(&mut repl, "a = 1; b = a + 1");
    assert_eq!(out(&mut repl, ":reset"), "forgot 2 definitions\n");
    assert!(repl.session().is_empty());
    err(&mut repl, "a");
}

#[test]
fn format_precision_and_exact_change_what_is_shown() {
    let mut repl = repl();
    assert_eq!(out(&mut repl, ":format"), "format: text (one of text, json, tree, dot, mermaid, svg)\n");
    assert!(err(&mut repl, ":format xml").contains("unknown format `xml`"));
    out(&mut repl, ":format json");
    assert!(out(&mut repl, "1/3").starts_with("{\"expr\":\"1/3\",\"value\":0.3333333333333333,"));
    out(&mut repl, ":format text");
    out(&mut repl, ":precision 3");
    assert!(out(&mut repl, "1/3").starts_with("1/3 = 0.333\n"));
    for bad in ["0", "18", "three", "-1"] {
        assert!(err(&mut repl, &format!(":precision {bad}")).contains("from 1 to 17"), "{bad}");
    }
    assert_eq!(repl.look().digits, Digits::Significant(3));
    out(&mut repl, ":exact");
    assert!(out(&mut repl, "0.1 + 0.2").starts_with("0.1 + 0.2 = 0.30000000000000004\n"));
    assert_eq!(out(&mut repl, ":precision"), "precision: exact (every digit)\n");
}

#[test]
fn help_covers_commands_functions_and_topics() {
    let mut repl = repl();
    let overview = out(&mut repl, ":help");
    for command in COMMANDS {
        assert!(overview.contains(command.usage), "{} missing from\n{overview}", command.usage);
    }
    assert!(out(&mut repl, ":help sigmoid").contains("dx = dout × y × (1 - y)"));
    assert!(out(&mut repl, ":help :del").contains("refused while a formula uses one"));
    assert!(out(&mut repl, ":help q").starts_with(":quit (also :q, :exit)"));
    let layers = out(&mut repl, ":help functions");
    for layer in ["add", "mul", "pow", "relu", "max", "matmul", "affine", "softmax_with_loss"] {
        assert!(layers.contains(layer), "{layer}");
    }
    for data in crate::syntax::Data::ALL {
        assert!(layers.contains(data.call()), "{}", data.call());
        assert!(overview.contains(data.call()), "{}", data.call());
    }
    for topic in ["syntax", "keys", "grad", "assert"] {
        assert!(!out(&mut repl, &format!(":help {topic}")).is_empty());
    }
    assert_eq!(err(&mut repl, ":help sigmod"), "error: no help on `sigmod`; did you mean `sigmoid`?\n");
}

#[test]
fn the_hint_is_the_value_of_what_is_typed_so_far() {
    let mut repl = repl();
    out(&mut repl, BOOK);
    assert_eq!(repl.hint("(apple*apple_num + orange*orange_num)*tax").as_deref(), Some(" = 715"));
    assert_eq!(repl.hint("(apple*apple_num + orange*orange_num").as_deref(), Some(" = 650"));
    assert_eq!(repl.hint("total = apple*2 ").as_deref(), Some("= 200"));
    assert_eq!(repl.preview("grad(apple*tax, apple)"), Some(1.1));
    for nothing in ["", "aple", "apple +", "1; 2", "5", "-4", ":vars", "apple = apple + 1", "assert 1 == 1"] {
        assert_eq!(repl.hint(nothing), None, "{nothing:?}");
    }
    // A value needs no derivative of the gradient: the hint shows what
    // Enter would refuse to differentiate.
    run(&mut repl, "d = grad(apple*apple, apple)");
    assert_eq!(repl.preview("d*apple"), Some(20_000.0));
    run(&mut repl, "x = (apple +");
    assert_eq!(repl.preview("tax"), Some(101.1));
}

#[test]
fn the_hint_gives_up_on_grad_over_a_huge_graph() {
    let mut repl = repl();
    let sum = vec!["x"; 20_000].join("+");
    out(&mut repl, &format!("x = 1; big = {sum}"));
    assert_eq!(repl.preview("big"), Some(20_000.0));
    assert_eq!(repl.preview("grad(big, x)"), None);
    assert_eq!(repl.preview(&format!("1+{sum}")), None);
}

#[test]
fn completion_offers_names_functions_commands_and_files() {
    let mut repl = repl();
    out(&mut repl, "apple = 1; apple_num = 2; tax = 3");
    let texts = |(start, pairs): (usize, Vec<rustyline::completion::Pair>)| {
        (start, pairs.into_iter().map(|p| p.replacement).collect::<Vec<_>>())
    };
    assert_eq!(texts(repl.completions("2*app", 5)), (2, vec!["apple".into(), "apple_num".into()]));
    assert_eq!(texts(repl.completions("ta", 2)), (0, vec!["tax".into(), "tanh(".into()]));
    assert_eq!(texts(repl.completions("sigm", 4)), (0, vec!["sigmoid(".into()]));
    assert_eq!(texts(repl.completions(":sa", 3)), (0, vec![":save ".into()]));
    assert_eq!(texts(repl.completions(":va", 3)), (0, vec![":vars".into()]));
    assert_eq!(texts(repl.completions(":del ap", 7)), (5, vec!["apple".into(), "apple_num".into()]));
    assert_eq!(texts(repl.completions(":format j", 9)), (8, vec!["json".into()]));
    assert_eq!(texts(repl.completions(":help sigm", 10)), (6, vec!["sigmoid".into()]));
    assert_eq!(texts(repl.completions(":reset x", 8)), (8, vec![]));
    // The data functions and `:show` with the names it takes.
    assert_eq!(texts(repl.completions("ran", 3)), (0, vec!["randn(".into()]));
    assert_eq!(texts(repl.completions("W = one", 7)), (4, vec!["onehot(".into(), "ones(".into()]));
    assert_eq!(texts(repl.completions(":sh", 3)), (0, vec![":show ".into()]));
    assert_eq!(texts(repl.completions(":show ta", 8)), (6, vec!["tax".into()]));
    assert_eq!(texts(repl.completions(":help ey", 8)), (6, vec!["eye".into()]));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("prices.cg"), "").unwrap();
    std::fs::create_dir(dir.path().join("private")).unwrap();
    std::fs::write(dir.path().join(".hidden"), "").unwrap();
    let line = format!(":load {}/pr", dir.path().display());
    let (start, found) = texts(repl.completions(&line, line.len()));
    assert_eq!(start, 6);
    let base = dir.path().display();
    assert_eq!(found, vec![format!("{base}/prices.cg"), format!("{base}/private/")]);
}

#[test]
fn save_then_load_rebuilds_the_same_session() {
    let mut repl = repl();
    out(&mut repl, BOOK);
    // Redefining keeps a name's place, so `total` comes first but uses `price`.
    out(&mut repl, "total = 1; price = apple*apple_num; total = (price + orange*orange_num)*tax");
    out(&mut repl, "third = 1/3; tiny = 1.5e-300; big = -2.5e300; odd = 0.1 + 0.2; neg0 = -0");
    run(&mut repl, "inf = 1/0; nan = 0/0");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.cg");
    let saved = out(&mut repl, &format!(":save {}", file.display()));
    assert_eq!(saved, format!("saved 14 definitions to {}\n", file.display()));

    let text = std::fs::read_to_string(&file).unwrap();
    let price = text.find("\nprice = apple*apple_num\n").unwrap();
    assert!(price < text.find("\ntotal = (price + orange*orange_num)*tax\n").unwrap(), "{text}");

    let mut fresh = super::tests::repl();
    let (_, loaded, _) = run(&mut fresh, &format!(":load \"{}\"", file.display()));
    assert!(loaded.ends_with(&format!("loaded {}\n", file.display())), "{loaded}");
    let before = repl.session().definitions();
    let after = fresh.session().definitions();
    assert_eq!(before.len(), after.len());
    for (name, _) in before {
        let (a, b) = (
            repl.session().value_of(name).unwrap().number_or_nan(),
            fresh.session().value_of(name).unwrap().number_or_nan(),
        );
        assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{name}: {a} vs {b}");
        let kind = |r: &Repl| matches!(r.session().get(name), Some(crate::session::Definition::Formula(_)));
        assert_eq!(kind(&repl), kind(&fresh), "{name}");
    }
}

#[test]
fn load_reports_missing_binary_and_failing_files() {
    let mut repl = repl();
    out(&mut repl, "keep = 1");
    assert!(err(&mut repl, ":load /no/such/file.cg").contains("cannot read /no/such/file.cg: no such file"));
    assert!(err(&mut repl, ":load").contains("needs a file"));
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("binary.cg");
    std::fs::write(&binary, b"a = 1\n\xff\xfe\n").unwrap();
    assert!(err(&mut repl, &format!(":load {}", binary.display())).contains("not valid UTF-8"));
    let failing = dir.path().join("failing.cg");
    std::fs::write(&failing, "a = 2\nb = nope\nc = 3\n").unwrap();
    let error = err(&mut repl, &format!(":load {}", failing.display()));
    assert!(error.contains(":2:5: error: undefined name `nope`"), "{error}");
    assert!(error.contains("stopped at this error"), "{error}");
    assert_eq!(repl.session().value_of("a"), Some(Value::Number(2.0)));
    assert_eq!(repl.session().value_of("keep"), Some(Value::Number(1.0)));
    assert!(repl.session().get("c").is_none());
    assert!(err(&mut repl, &format!(":save {}/no/dir/x.cg", dir.path().display())).contains("cannot write"));
}

#[test]
fn no_line_makes_it_panic() {
    let mut repl = repl();
    let deep = "(".repeat(5000);
    let lines = [
        ":",
        ": ",
        "::",
        ":help :",
        ":del ;",
        ":precision 99999999999999999999",
        ")",
        "\u{0}",
        "é = 1",
        &deep,
    ];
    for line in lines {
        run(&mut repl, line);
        repl.cancel(&mut Vec::new()).unwrap();
        repl.hint(line);
        repl.completions(line, line.len());
    }
}
