//! Writes cgraph scripts of about N graph nodes, for benchmarks and for
//! trying cgraph on graphs nobody would type. Deterministic for a seed.
//!
//! ```text
//! cargo run --release --example gen -- SHAPE N [SEED] > FILE
//! ```
//!
//! Shapes:
//! - `sum`: inputs `x1 = …`, `w1 = …`, … then one flat expression
//!   `x1*w1 + x2*w2 + …` (a long sum of products, one statement).
//! - `chain`: inputs `a0`, `b`, `c`, then formulas `a1 = a0*0.93 + b`,
//!   `a2 = tanh(a1) - c*0.41`, … each over the one before (depth N/3),
//!   then the last one evaluated.
//! - `neurons`: a layer of inputs, then layers of tanh or sigmoid neurons,
//!   each over three neighbours
//!   (weights and biases are literals, so they get gradients too) of the layer below (so every node feeds three
//!   others and gradients accumulate), then the sum of the last layer.
//!
//! The first line is a comment with the exact number of nodes in the graph of
//! the evaluation, which the end-to-end benchmark divides by.

mod shapes;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = format!("usage: gen {} N [SEED]", shapes::SHAPES.join("|"));
    let (Some(shape), Some(Ok(n))) = (args.first(), args.get(1).map(|n| n.replace('_', "").parse::<usize>()))
    else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let Some(script) = shapes::script(shape, n, seed) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let written = writeln!(out, "# {shape}: {} nodes, seed {seed}", script.nodes)
        .and_then(|()| out.write_all(script.body.as_bytes()))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen: {e}");
            ExitCode::FAILURE
        }
    }
}
