//! Random expressions for the gradient tests: trees over every operator and
//! function, rendered to cgraph source with only the brackets the SPEC's
//! precedence table needs, and evaluated by forward-mode dual numbers that
//! share no code with cgraph.

/// An expression tree, as the test's own generator makes it.
#[derive(Clone, Debug)]
pub enum Tree {
    Input(usize),
    /// A literal as written, and its value.
    Literal(&'static str, f64),
    Neg(Box<Tree>),
    /// `+ - * / ^`.
    Binary(char, Box<Tree>, Box<Tree>),
    /// A function and its arguments.
    Call(&'static str, Vec<Tree>),
}

pub const INPUTS: [&str; 4] = ["x", "y", "z", "りんご"];

/// Literals in every number form, with the values they denote.
const LITERALS: &[(&str, f64)] = &[
    ("2", 2.0),
    ("3", 3.0),
    ("0.5", 0.5),
    (".25", 0.25),
    ("1.5", 1.5),
    ("1e-1", 0.1),
    ("2.5E+0", 2.5),
    ("1E1", 10.0),
];

/// A value with its derivative with respect to one input.
#[derive(Clone, Copy, Debug)]
pub struct Dual {
    pub v: f64,
    pub d: f64,
}

impl Tree {
    /// Forward-mode evaluation: the value and d/d(input `wrt`), by the
    /// textbook rules and the SPEC's conventions at kinks.
    pub fn dual(&self, inputs: &[f64], wrt: usize) -> Dual {
        match self {
            Tree::Input(i) => Dual { v: inputs[*i], d: if *i == wrt { 1.0 } else { 0.0 } },
            Tree::Literal(_, v) => Dual { v: *v, d: 0.0 },
            Tree::Neg(a) => {
                let a = a.dual(inputs, wrt);
                Dual { v: -a.v, d: -a.d }
            }
            Tree::Binary(op, a, b) => {
                let (a, b) = (a.dual(inputs, wrt), b.dual(inputs, wrt));
                match op {
                    '+' => Dual { v: a.v + b.v, d: a.d + b.d },
                    '-' => Dual { v: a.v - b.v, d: a.d - b.d },
                    '*' => Dual { v: a.v * b.v, d: a.d * b.v + a.v * b.d },
                    '/' => Dual { v: a.v / b.v, d: (a.d * b.v - a.v * b.d) / (b.v * b.v) },
                    _ => {
                        let v = a.v.powf(b.v);
                        let da = if b.v == 0.0 { 0.0 } else { b.v * a.v.powf(b.v - 1.0) * a.d };
                        // An exponent that does not move contributes nothing (its
                        // ln(a) may be NaN for a negative base; it is multiplied by 0).
                        let db = if b.d == 0.0 { 0.0 } else { v * a.v.ln() * b.d };
                        Dual { v, d: da + db }
                    }
                }
            }
            Tree::Call(name, args) => {
                let args: Vec<Dual> = args.iter().map(|a| a.dual(inputs, wrt)).collect();
                let a = args[0];
                let chain = |v: f64, slope: f64| Dual { v, d: slope * a.d };
                match *name {
                    "exp" => chain(a.v.exp(), a.v.exp()),
                    "ln" | "log" => chain(a.v.ln(), 1.0 / a.v),
                    "sqrt" => chain(a.v.sqrt(), 0.5 / a.v.sqrt()),
                    "sin" => chain(a.v.sin(), a.v.cos()),
                    "cos" => chain(a.v.cos(), -a.v.sin()),
                    "tanh" => chain(a.v.tanh(), 1.0 - a.v.tanh().powi(2)),
                    "sigmoid" => {
                        let s = 1.0 / (1.0 + (-a.v).exp());
                        chain(s, s * (1.0 - s))
                    }
                    "relu" => chain(a.v.max(0.0), if a.v > 0.0 { 1.0 } else { 0.0 }),
                    "abs" => chain(
                        a.v.abs(),
                        if a.v > 0.0 {
                            1.0
                        } else if a.v < 0.0 {
                            -1.0
                        } else {
                            0.0
                        },
                    ),
                    "max" => {
                        if a.v >= args[1].v {
                            a
                        } else {
                            args[1]
                        }
                    }
                    _ => {
                        // min
                        if a.v <= args[1].v { a } else { args[1] }
                    }
                }
            }
        }
    }

    /// How tightly the tree's top binds (SPEC 2's table; 5 for atoms).
    fn level(&self) -> u8 {
        match self {
            Tree::Binary('+' | '-', ..) => 1,
            Tree::Binary('*' | '/', ..) => 2,
            Tree::Neg(_) => 3,
            Tree::Binary(..) => 4,
            _ => 5,
        }
    }

    /// cgraph source for the tree, with only the brackets the precedence
    /// table needs (plus, now and then, one more), so that parsing it back
    /// must give this very tree.
    pub fn render(&self, rng: &mut Rng, out: &mut String) {
        match self {
            Tree::Input(i) => out.push_str(INPUTS[*i]),
            Tree::Literal(text, _) => out.push_str(text),
            Tree::Neg(a) => {
                out.push('-');
                if matches!(**a, Tree::Neg(_)) || rng.below(4) == 0 {
                    out.push(' '); // `- -x` as well as `--x`
                }
                a.render_at(3, rng, out);
            }
            Tree::Binary(op, a, b) => {
                let level = self.level();
                if *op == '^' {
                    // The base binds tighter than `^`; the exponent may be a `^`
                    // (right-associative) or carry a sign, as in `2^-x`.
                    a.render_at(5, rng, out);
                    out.push_str(if rng.below(3) == 0 { "**" } else { "^" });
                    b.render_at(if matches!(**b, Tree::Neg(_)) { 3 } else { 4 }, rng, out);
                } else {
                    a.render_at(level, rng, out);
                    let spaced = rng.below(2) == 0;
                    out.push_str(&if spaced { format!(" {op} ") } else { op.to_string() });
                    // Left-associative: an equal level on the right needs brackets.
                    b.render_at(level + 1, rng, out);
                }
            }
            Tree::Call(name, args) => {
                out.push_str(name);
                out.push('(');
                for (k, arg) in args.iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    arg.render_at(0, rng, out);
                }
                out.push(')');
            }
        }
    }

    /// Renders in a place that needs at least `level`, bracketing if it binds less.
    fn render_at(&self, level: u8, rng: &mut Rng, out: &mut String) {
        let bracket = self.level() < level || rng.below(12) == 0;
        if bracket {
            out.push('(');
        }
        self.render(rng, out);
        if bracket {
            out.push(')');
        }
    }
}

/// A small deterministic generator (xorshift64*), so a failure names a case
/// that can be run again.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A float in `lo..hi`.
    pub fn float(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A random tree no deeper than `depth` whose values stay finite for any
/// finite inputs: exp only of a bounded function, ln, sqrt and divisors of a
/// positive one, and a non-literal exponent only over a positive base.
pub fn generate(rng: &mut Rng, depth: u32) -> Tree {
    if depth == 0 || rng.below(5) == 0 {
        return leaf(rng);
    }
    let sub = |rng: &mut Rng| Box::new(generate(rng, depth - 1));
    match rng.below(17) {
        0 => Tree::Binary('+', sub(rng), sub(rng)),
        1 => Tree::Binary('-', sub(rng), sub(rng)),
        2 | 3 => Tree::Binary('*', sub(rng), sub(rng)),
        4 => {
            let (a, b) = (sub(rng), sub(rng));
            Tree::Binary('/', a, Box::new(positive(rng, *b)))
        }
        5 => Tree::Neg(sub(rng)),
        6 => {
            // A literal exponent, any base: x^2, x^3, x^0.5 of a positive base.
            let base = *sub(rng);
            let (text, value) = [("2", 2.0), ("3", 3.0), ("0.5", 0.5)][rng.below(3)];
            let base = if value == 0.5 { positive(rng, base) } else { base };
            Tree::Binary('^', Box::new(base), Box::new(Tree::Literal(text, value)))
        }
        7 => {
            let (a, b) = (sub(rng), sub(rng));
            let exponent = bounded(rng, *b);
            let exponent = if rng.below(3) == 0 { Tree::Neg(Box::new(exponent)) } else { exponent };
            Tree::Binary('^', Box::new(positive(rng, *a)), Box::new(exponent))
        }
        8 => {
            let a = sub(rng);
            Tree::Call("exp", vec![bounded(rng, *a)])
        }
        9 => {
            let a = sub(rng);
            Tree::Call(["ln", "log"][rng.below(2)], vec![positive(rng, *a)])
        }
        10 => {
            let a = sub(rng);
            Tree::Call("sqrt", vec![positive(rng, *a)])
        }
        11 | 12 => {
            let a = sub(rng);
            bounded(rng, *a)
        }
        13 => Tree::Call("relu", vec![*sub(rng)]),
        14 => Tree::Call("abs", vec![*sub(rng)]),
        15 => Tree::Call("max", vec![*sub(rng), *sub(rng)]),
        _ => Tree::Call("min", vec![*sub(rng), *sub(rng)]),
    }
}

fn leaf(rng: &mut Rng) -> Tree {
    if rng.below(3) == 0 {
        let (text, value) = LITERALS[rng.below(LITERALS.len())];
        Tree::Literal(text, value)
    } else {
        Tree::Input(rng.below(INPUTS.len()))
    }
}

/// `t` squashed into a bounded range by sin, cos, tanh or sigmoid.
fn bounded(rng: &mut Rng, t: Tree) -> Tree {
    Tree::Call(["sin", "cos", "tanh", "sigmoid"][rng.below(4)], vec![t])
}

/// A tree that is positive whatever `t` is: t*t + 1, or exp of a bounded t.
fn positive(rng: &mut Rng, t: Tree) -> Tree {
    if rng.below(2) == 0 {
        let square = Tree::Binary('*', Box::new(t.clone()), Box::new(t));
        Tree::Binary('+', Box::new(square), Box::new(Tree::Literal("1", 1.0)))
    } else {
        Tree::Call("exp", vec![bounded(rng, t)])
    }
}

/// Whether a tree mentions input `i`.
pub fn uses(tree: &Tree, i: usize) -> bool {
    match tree {
        Tree::Input(j) => *j == i,
        Tree::Literal(..) => false,
        Tree::Neg(a) => uses(a, i),
        Tree::Binary(_, a, b) => uses(a, i) || uses(b, i),
        Tree::Call(_, args) => args.iter().any(|a| uses(a, i)),
    }
}
