//! Each stage of cgraph on generated graphs of 10^3 to 10^6 nodes, in the
//! three shapes of `examples/gen`: parse (text to statements, names entered
//! in a session's table as a run does), define (run the assignments into
//! that session), build (the graph of the evaluated expression), forward,
//! backward, and output (the text table and the JSON of every node, into a
//! sink); and forward plus backward of the minimal arena of
//! `examples/arena.rs` on the same script, for the ratio between the two.
//! Then what the REPL does in a session of 100,000 formulas.
//!
//! `cargo bench --bench scale` runs it all in a few minutes on two cores;
//! `cargo bench --bench scale -- chain/1000000` picks one group. Peak memory
//! and the binary end to end are measured by `benches/end_to_end.sh`.

#[path = "../examples/gen/shapes.rs"]
mod shapes;

/// The minimal arena that end-to-end runs compare against: its forward and
/// backward, timed beside cgraph's.
#[path = "../examples/arena.rs"]
#[allow(dead_code)]
mod arena;

use std::hint::black_box;
use std::io;
use std::rc::Rc;
use std::time::Duration;

use cgraph::render::{Format, Look, Nodes, json, text};
use cgraph::repl::Repl;
use cgraph::report::Evaluation;
use cgraph::session::Session;
use cgraph::syntax::Statement;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];

/// A fresh session that has read the script's statements (the assignments,
/// then the evaluated expression), and the statements.
fn parse(text: &Rc<str>) -> (Session, Vec<Statement>) {
    let mut session = Session::new();
    let (mut at, mut statements) = (0, Vec::new());
    while at < text.len() {
        let read = session.read(text, at, text.len()).expect("generated scripts parse");
        statements.push(read.statement);
        at = read.next;
    }
    (session, statements)
}

/// The session of [`parse`], holding every definition but the last statement.
fn define((mut session, statements): (Session, Vec<Statement>)) -> Session {
    let definitions = statements.len() - 1;
    for statement in statements.into_iter().take(definitions) {
        session.execute(statement).expect("generated definitions run");
    }
    session
}

fn stages(c: &mut Criterion) {
    for shape in shapes::SHAPES {
        for n in SIZES {
            let script = shapes::script(shape, n, 1).expect("a known shape");
            let text: Rc<str> = script.body.into();
            let (session, statements) = parse(&text);
            let Some(Statement::Eval(expr)) = statements.last().cloned() else {
                panic!("a generated script ends with an evaluation")
            };
            let session = define((session, statements));
            let (mut graph, output) = session.graph(&expr).expect("the graph builds");

            let mut group = c.benchmark_group(format!("{shape}/{n}"));
            group.throughput(Throughput::Elements(script.nodes as u64));
            group.sample_size(10).warm_up_time(Duration::from_millis(300));
            group.measurement_time(Duration::from_secs(if n >= 100_000 { 3 } else { 1 }));
            group.bench_function("parse", |b| b.iter(|| parse(black_box(&text))));
            group.bench_function("define", |b| {
                b.iter_batched(|| parse(&text), define, BatchSize::PerIteration)
            });
            group.bench_function("build", |b| b.iter(|| session.graph(black_box(&expr))));
            group.bench_function("forward", |b| b.iter(|| graph.forward()));
            group.bench_function("backward", |b| b.iter(|| graph.backward(output)));
            group.bench_function("forward+backward", |b| {
                b.iter(|| {
                    graph.forward().expect("numbers never fail");
                    graph.backward(output)
                })
            });
            let arena::Read { nodes: mut arena_nodes, output: arena_output, .. } =
                arena::read(&text).expect("the arena reads generated scripts");
            group.bench_function("arena forward+backward", |b| {
                b.iter(|| {
                    arena::forward(&mut arena_nodes, 0);
                    arena::backward(&mut arena_nodes, arena_output)
                })
            });
            graph.forward().expect("numbers never fail");
            graph.backward(output).expect("numbers never fail");
            let evaluation = Evaluation { text: expr.text().to_owned(), graph, output, span: expr.span };
            let look = Look::default();
            group.bench_function("text", |b| {
                b.iter(|| text::write_nodes(&mut io::sink(), &evaluation, &look, Nodes::All))
            });
            group.bench_function("json", |b| b.iter(|| json::write(&mut io::sink(), &evaluation)));
            group.finish();
        }
    }
}

/// How many formulas the REPL's session holds in [`session`].
const FORMULAS: usize = 100_000;

/// What the REPL does in a session of [`FORMULAS`] formulas (a chain, each
/// over the one before): define one more, list them (`:vars`), complete a
/// name (a prefix shared by a handful, and one shared by all), and compute
/// the value hint of a line being typed.
fn session(c: &mut Criterion) {
    let mut script = String::from("a0 = 0.5\n");
    for i in 1..=FORMULAS {
        script.push_str(&format!("a{i} = a{}*1.00001 + 0.1\n", i - 1));
    }
    let mut repl = Repl::new(Session::new(), Look::default(), Format::Text);
    repl.handle_line(&script, &mut io::sink(), &mut io::sink()).expect("the chain defines");
    let mut group = c.benchmark_group(format!("session/{FORMULAS}"));
    group.sample_size(10).warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(2));
    group.bench_function(":vars", |b| b.iter(|| repl.handle_line(":vars", &mut io::sink(), &mut io::sink())));
    let few = format!("a{}", FORMULAS / 10);
    group.bench_function("complete a few", |b| b.iter(|| repl.completions(black_box(&few), few.len())));
    group.bench_function("complete all", |b| b.iter(|| repl.completions(black_box("a"), 1)));
    let typed = format!("a{FORMULAS}*2 + a1");
    group.bench_function("hint", |b| b.iter(|| repl.hint(black_box(&typed))));
    // Last: each iteration leaves one more formula behind.
    let mut more = 0;
    group.bench_function("define one more", |b| {
        b.iter(|| {
            more += 1;
            let line = format!("extra{more} = a{FORMULAS}*2");
            repl.handle_line(&line, &mut io::sink(), &mut io::sink())
        })
    });
    group.finish();
}

criterion_group!(benches, stages, session);
criterion_main!(benches);
