//! The three shapes of generated scripts, shared by the generator
//! (`examples/gen`) and the benchmarks (`benches/scale.rs`).

use std::fmt::Write;

/// xorshift64*: small, fast and good enough to vary constants.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in [lo, hi) with four decimals, as a script would hold it.
    fn decimal(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((lo + unit * (hi - lo)) * 1e4).round() / 1e4
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A script's text and the node count of its evaluation's graph.
pub struct Script {
    pub body: String,
    pub nodes: usize,
}

/// `x_i*w_i` summed: 2k inputs, k muls, k-1 adds.
pub fn sum(n: usize, rng: &mut Rng) -> Script {
    let k = (n / 4).max(1);
    let mut body = String::with_capacity(k * 40);
    for i in 1..=k {
        let _ = writeln!(body, "x{i} = {}", rng.decimal(-2.0, 2.0));
        let _ = writeln!(body, "w{i} = {}", rng.decimal(-1.0, 1.0));
    }
    for i in 1..=k {
        let plus = if i == 1 { "" } else { " + " };
        let _ = write!(body, "{plus}x{i}*w{i}");
    }
    let _ = writeln!(body);
    Script { body, nodes: 4 * k - 1 }
}

/// Formulas over the previous one, mixing layers; values stay bounded
/// because every step contracts or squashes.
pub fn chain(n: usize, rng: &mut Rng) -> Script {
    let mut body = String::with_capacity(n * 10);
    let _ = writeln!(body, "a0 = {}", rng.decimal(-1.0, 1.0));
    let _ = writeln!(body, "b = {}", rng.decimal(-1.0, 1.0));
    let _ = writeln!(body, "c = {}", rng.decimal(-1.0, 1.0));
    // a0, b and c are each one node; the first two steps use b and c.
    let mut nodes = 3;
    let mut i = 0;
    while nodes < n || i < 2 {
        i += 1;
        let p = i - 1;
        let form = if i <= 2 { i - 1 } else { rng.below(4) as usize };
        match form {
            0 => {
                let _ = writeln!(body, "a{i} = a{p}*{} + b", rng.decimal(0.5, 0.99));
                nodes += 3; // const, mul, add
            }
            1 => {
                let _ = writeln!(body, "a{i} = tanh(a{p}) - c*{}", rng.decimal(0.1, 0.9));
                nodes += 4; // tanh, const, mul, sub
            }
            2 => {
                let _ = writeln!(body, "a{i} = (a{p} + c)/{}", rng.decimal(1.5, 2.5));
                nodes += 3; // add, const, div
            }
            _ => {
                let _ = writeln!(body, "a{i} = sigmoid(a{p}*b) - {}", rng.decimal(0.1, 0.9));
                nodes += 4; // mul, sigmoid, const, sub
            }
        }
    }
    let _ = writeln!(body, "a{i}");
    Script { body, nodes }
}

/// Layers of `width` neurons; neuron j of layer l reads neurons j-1, j, j+1
/// (wrapping) of layer l-1: 4 consts, 3 muls, 3 adds and the activation.
pub fn neurons(n: usize, rng: &mut Rng) -> Script {
    let width = ((n as f64 / 11.0).sqrt() as usize).max(3);
    let layers = ((n.saturating_sub(2 * width)) / (11 * width)).max(1);
    let mut body = String::with_capacity(n * 8);
    for j in 0..width {
        let _ = writeln!(body, "h0_{j} = {}", rng.decimal(-1.0, 1.0));
    }
    for l in 1..=layers {
        let f = if l % 2 == 1 { "tanh" } else { "sigmoid" };
        let below = l - 1;
        for j in 0..width {
            let (left, right) = ((j + width - 1) % width, (j + 1) % width);
            // Signs go on the operators: a signed literal would add a `neg` node.
            let k1 = rng.decimal(0.1, 1.0);
            let [(s2, k2), (s3, k3), (s4, bias)] = [1.0, 1.0, 0.5].map(|r| signed(rng.decimal(-r, r)));
            let _ = writeln!(
                body,
                "h{l}_{j} = {f}(h{below}_{left}*{k1} {s2} h{below}_{j}*{k2} {s3} h{below}_{right}*{k3} {s4} {bias})"
            );
        }
    }
    let terms: Vec<String> = (0..width).map(|j| format!("h{layers}_{j}")).collect();
    let _ = writeln!(body, "{}", terms.join(" + "));
    Script { body, nodes: width + layers * width * 11 + width - 1 }
}

/// `x` as an operator and a magnitude: `+ 0.5` or `- 0.5`.
fn signed(x: f64) -> (char, f64) {
    if x < 0.0 { ('-', -x) } else { ('+', x) }
}

/// The script of `shape` (`sum`, `chain` or `neurons`) with about `n` nodes.
pub fn script(shape: &str, n: usize, seed: u64) -> Option<Script> {
    let mut rng = Rng::new(seed);
    match shape {
        "sum" => Some(sum(n, &mut rng)),
        "chain" => Some(chain(n, &mut rng)),
        "neurons" => Some(neurons(n, &mut rng)),
        _ => None,
    }
}

/// Every shape's name.
pub const SHAPES: [&str; 3] = ["sum", "chain", "neurons"];
