//! The yardstick for cgraph's speed: a minimal hand-written arena that reads
//! the scripts `examples/gen` writes, builds one graph, runs it forward and
//! backward, and writes the gradient of every named node. No spans, no
//! errors worth the name, no labels, no sessions: what is left when
//! everything a user sees is taken away.
//!
//! ```text
//! cargo run --release --example arena -- FILE
//! ```

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Leaf,
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    Pow,
    Tanh,
    Sigmoid,
    Exp,
}

pub struct Node {
    op: Op,
    a: u32,
    b: u32,
    value: f64,
    grad: f64,
}

/// A recursive-descent reader straight into the arena (brackets recurse,
/// which the generated scripts keep shallow).
struct Reader<'t> {
    bytes: &'t [u8],
    at: usize,
    nodes: Vec<Node>,
    names: HashMap<&'t str, u32>,
    /// The expression being read mentions a name.
    named: bool,
}

impl<'t> Reader<'t> {
    fn push(&mut self, op: Op, a: u32, b: u32, value: f64) -> u32 {
        self.nodes.push(Node { op, a, b, value, grad: 0.0 });
        (self.nodes.len() - 1) as u32
    }

    fn peek(&mut self) -> u8 {
        while self.bytes.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        self.bytes.get(self.at).copied().unwrap_or(0)
    }

    fn word(&mut self) -> &'t str {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(|c| c.is_ascii_alphanumeric() || b"_.".contains(c)) {
            self.at += 1;
        }
        std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default()
    }

    fn expr(&mut self) -> Result<u32, String> {
        self.binary(0)
    }

    /// `+ -` (level 0) or `* /` (level 1), left-associative, over the level above.
    fn binary(&mut self, level: u8) -> Result<u32, String> {
        let operand = |reader: &mut Self| if level == 0 { reader.binary(1) } else { reader.unary() };
        let mut left = operand(self)?;
        loop {
            let op = match (level, self.peek()) {
                (0, b'+') => Op::Add,
                (0, b'-') => Op::Sub,
                (1, b'*') => Op::Mul,
                (1, b'/') => Op::Div,
                _ => return Ok(left),
            };
            self.at += 1;
            let right = operand(self)?;
            left = self.push(op, left, right, 0.0);
        }
    }

    fn unary(&mut self) -> Result<u32, String> {
        if self.peek() == b'-' {
            self.at += 1;
            let operand = self.unary()?;
            return Ok(self.push(Op::Neg, operand, 0, 0.0));
        }
        let base = self.primary()?;
        if self.peek() == b'^' {
            self.at += 1;
            let exponent = self.unary()?;
            return Ok(self.push(Op::Pow, base, exponent, 0.0));
        }
        Ok(base)
    }

    fn primary(&mut self) -> Result<u32, String> {
        if self.peek() == b'(' {
            self.at += 1;
            let inner = self.expr()?;
            self.close()?;
            return Ok(inner);
        }
        let word = self.word();
        if word.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            let value = word.parse().map_err(|_| format!("bad number {word}"))?;
            return Ok(self.push(Op::Leaf, 0, 0, value));
        }
        if self.peek() == b'(' {
            self.at += 1;
            let argument = self.expr()?;
            self.close()?;
            let op = match word {
                "tanh" => Op::Tanh,
                "sigmoid" => Op::Sigmoid,
                "exp" => Op::Exp,
                _ => return Err(format!("unknown function {word}")),
            };
            return Ok(self.push(op, argument, 0, 0.0));
        }
        self.named = true;
        self.names.get(word).copied().ok_or_else(|| format!("undefined {word:?}"))
    }

    fn close(&mut self) -> Result<(), String> {
        if self.peek() != b')' {
            return Err("expected )".into());
        }
        self.at += 1;
        Ok(())
    }
}

pub fn forward(nodes: &mut [Node], from: usize) {
    for i in from..nodes.len() {
        let Node { op, a, b, .. } = nodes[i];
        let (x, y) = (nodes[a as usize].value, nodes[b as usize].value);
        nodes[i].value = match op {
            Op::Leaf => continue,
            Op::Add => x + y,
            Op::Sub => x - y,
            Op::Mul => x * y,
            Op::Div => x / y,
            Op::Neg => -x,
            Op::Pow => x.powf(y),
            Op::Tanh => x.tanh(),
            Op::Sigmoid => 1.0 / (1.0 + (-x).exp()),
            Op::Exp => x.exp(),
        };
    }
}

pub fn backward(nodes: &mut [Node], output: usize) {
    // Fresh gradients, as cgraph's backward makes them.
    for node in nodes.iter_mut() {
        node.grad = 0.0;
    }
    nodes[output].grad = 1.0;
    for i in (0..=output).rev() {
        let Node { op, a, b, value, grad } = nodes[i];
        let (x, y) = (nodes[a as usize].value, nodes[b as usize].value);
        let (da, db) = match op {
            Op::Leaf => continue,
            Op::Add => (grad, grad),
            Op::Sub => (grad, -grad),
            Op::Mul => (grad * y, grad * x),
            Op::Div => (grad / y, -grad * x / (y * y)),
            Op::Neg => (-grad, 0.0),
            Op::Pow => (grad * y * x.powf(y - 1.0), if x > 0.0 { grad * value * x.ln() } else { 0.0 }),
            Op::Tanh => (grad * (1.0 - value * value), 0.0),
            Op::Sigmoid => (grad * value * (1.0 - value), 0.0),
            Op::Exp => (grad * value, 0.0),
        };
        nodes[a as usize].grad += da;
        if matches!(op, Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow) {
            nodes[b as usize].grad += db;
        }
    }
}

/// The graph of a script: its nodes, its output node, and the named nodes.
pub struct Read<'t> {
    pub nodes: Vec<Node>,
    pub output: usize,
    pub names: HashMap<&'t str, u32>,
}

/// Reads a script into one graph, inputs' values computed, nothing else run.
pub fn read(text: &str) -> Result<Read<'_>, String> {
    let mut reader =
        Reader { bytes: text.as_bytes(), at: 0, nodes: Vec::new(), names: HashMap::new(), named: false };
    let mut output = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        reader.at = line.as_ptr() as usize - text.as_ptr() as usize;
        reader.named = false;
        let first = reader.nodes.len();
        let name = match line.split_once('=') {
            Some((name, _)) => {
                reader.at += line.find('=').unwrap_or(0) + 1;
                Some(name.trim())
            }
            None => None,
        };
        let root = reader.expr()?;
        match name {
            // A number: an input, its value computed now.
            Some(name) if !reader.named => {
                forward(&mut reader.nodes, first);
                let value = reader.nodes[root as usize].value;
                reader.nodes.truncate(first);
                let input = reader.push(Op::Leaf, 0, 0, value);
                reader.names.insert(name, input);
            }
            Some(name) => _ = reader.names.insert(name, root),
            None => output = Some(root as usize),
        }
    }
    let output = output.ok_or("nothing to evaluate")?;
    Ok(Read { nodes: reader.nodes, output, names: reader.names })
}

fn run(text: &str) -> Result<(), String> {
    let Read { mut nodes, output, names } = read(text)?;
    let nodes = &mut nodes;
    forward(nodes, 0);
    backward(nodes, output);
    let mut named: Vec<(&str, u32)> = names.into_iter().collect();
    named.sort_unstable_by_key(|&(_, id)| id);
    let mut out = BufWriter::new(io::stdout().lock());
    let written = (|| {
        writeln!(out, "{}", nodes[output].value)?;
        for (name, id) in named {
            let node = &nodes[id as usize];
            writeln!(out, "{id} {name} {} {}", node.value, node.grad)?;
        }
        out.flush()
    })();
    written.map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: arena FILE");
        return ExitCode::from(2);
    };
    let result = std::fs::read_to_string(&path).map_err(|e| e.to_string()).and_then(|text| run(&text));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("arena: {message}");
            ExitCode::FAILURE
        }
    }
}
