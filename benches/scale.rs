//! Each stage of cgraph on generated graphs of 10^3 to 10^6 nodes, in the
//! three shapes of `examples/gen`: parse (text to statements, names entered
//! in a session's table as a run does), define (run the assignments into
//! that session), build (the graph of the evaluated expression), forward,
//! backward, and output (the text table and the JSON of every node, into a
//! sink).
//!
//! `cargo bench --bench scale` runs it all in a few minutes on two cores;
//! `cargo bench --bench scale -- chain/1000000` picks one group. Peak memory
//! and the binary end to end are measured by `benches/end_to_end.sh`.

#[path = "../examples/gen/shapes.rs"]
mod shapes;

use std::hint::black_box;
use std::io;
use std::rc::Rc;
use std::time::Duration;

use cgraph::render::{Look, Nodes, json, text};
use cgraph::report::Evaluation;
use cgraph::session::Session;
use cgraph::syntax::{self, Statement};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];

/// A fresh session that has read the script's statements (the assignments,
/// then the evaluated expression), and the statements.
fn parse(text: &Rc<str>) -> (Session, Vec<Statement>) {
    let mut session = Session::new();
    let statements = syntax::statements(text)
        .map(|span| session.read(text, span.expect("generated scripts split")))
        .collect::<Result<_, _>>()
        .expect("generated scripts parse");
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
            graph.forward();
            graph.backward(output);
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

criterion_group!(benches, stages);
criterion_main!(benches);
