//! The written rules held to the computed backward pass, for every layer:
//! each rule template is evaluated with numbers by a small reader of its
//! own (not the language's parser, nor the trace), at points that reach
//! every case of the piecewise layers, and compared with `backward`.

use super::{Layer, Rule};

/// The numbers a template names: `{a}`, `{b}` (or the parameter), `{c}`
/// (the parameter less one), `{d}` (dout), `{y}` (the output).
struct Values {
    a: f64,
    b: f64,
    d: f64,
    y: f64,
}

/// A recursive-descent reader of rule templates: `+ - × / ^`, unary minus,
/// brackets, `ln`/`sin`/`cos`, numbers and placeholders.
struct Reader<'t> {
    rest: &'t str,
    values: &'t Values,
}

impl Reader<'_> {
    fn eat(&mut self, token: &str) -> bool {
        self.rest = self.rest.trim_start();
        let found = self.rest.starts_with(token);
        if found {
            self.rest = &self.rest[token.len()..];
        }
        found
    }

    fn sum(&mut self) -> f64 {
        let mut value = self.product();
        loop {
            if self.eat("+") {
                value += self.product();
            } else if self.eat("-") {
                value -= self.product();
            } else {
                return value;
            }
        }
    }

    fn product(&mut self) -> f64 {
        let mut value = self.unary();
        loop {
            if self.eat("×") {
                value *= self.unary();
            } else if self.eat("/") {
                value /= self.unary();
            } else {
                return value;
            }
        }
    }

    /// `-x^2` is `-(x^2)`, as in the language.
    fn unary(&mut self) -> f64 {
        if self.eat("-") { -self.unary() } else { self.power() }
    }

    fn power(&mut self) -> f64 {
        let base = self.atom();
        if self.eat("^") { base.powf(self.unary()) } else { base }
    }

    fn atom(&mut self) -> f64 {
        if self.eat("(") {
            let value = self.sum();
            assert!(self.eat(")"), "a bracket closes before {:?}", self.rest);
            return value;
        }
        for (name, f) in [("ln", f64::ln as fn(f64) -> f64), ("sin", f64::sin), ("cos", f64::cos)] {
            if self.eat(name) {
                return f(self.atom());
            }
        }
        if self.eat("{") {
            let letter = self.rest.chars().next().expect("a placeholder letter");
            self.rest = &self.rest[1..];
            assert!(self.eat("}"), "a placeholder is one letter");
            let v = self.values;
            return match letter {
                'a' => v.a,
                'b' => v.b,
                'c' => v.b - 1.0,
                'd' => v.d,
                'y' => v.y,
                other => panic!("no placeholder {{{other}}}"),
            };
        }
        let end = self.rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(self.rest.len());
        let (number, rest) = self.rest.split_at(end);
        self.rest = rest;
        number.parse().unwrap_or_else(|_| panic!("a number, not {number:?}"))
    }
}

fn evaluate(template: &str, values: &Values) -> f64 {
    let mut reader = Reader { rest: template, values };
    let value = reader.sum();
    assert!(reader.rest.trim().is_empty(), "{template:?}: {:?} left over", reader.rest);
    value
}

/// Whether a rule's condition (`{a} > 0`, `{a} ≥ {b}`, `{b} = 0`) holds.
fn holds(condition: &str, values: &Values) -> bool {
    for (sign, test) in [
        (" ≥ ", f64::ge as fn(&f64, &f64) -> bool),
        (" ≤ ", f64::le),
        (" > ", f64::gt),
        (" < ", f64::lt),
        (" = ", f64::eq),
    ] {
        if let Some((left, right)) = condition.split_once(sign) {
            return test(&evaluate(left, values), &evaluate(right, values));
        }
    }
    panic!("no comparison in {condition:?}")
}

fn close(got: f64, want: f64) -> bool {
    got == want || (got - want).abs() <= 1e-12 * want.abs().max(1.0) || (got.is_nan() && want.is_nan())
}

/// Operand pairs reaching every case: signs either way, ties, zeros (relu
/// and abs at 0, pow with a zero base or exponent), and integer exponents
/// with negative bases.
const POINTS: &[(f64, f64)] = &[
    (1.5, 2.0),
    (0.3, 4.0),
    (2.0, -1.25),
    (-2.0, 3.0),
    (3.0, -2.0),
    (2.0, 2.0),
    (0.0, 0.0),
    (0.0, 2.0),
    (-0.4, 2.0),
    (0.7, 0.5),
];

#[test]
fn every_written_rule_computes_what_backward_computes() {
    // Whole-matrix layers write their rules with matrices (see `whole_rules`).
    for &layer in Layer::ALL.iter().filter(|layer| layer.arity() > 0 && !layer.is_whole()) {
        let mut seen: Vec<(usize, Rule)> = Vec::new();
        for &(a, b) in POINTS {
            for d in [1.0, -0.7, 2.5] {
                let y = layer.forward(a, b);
                let (da, db) = layer.backward(a, b, y, d);
                let values = Values { a, b, d, y };
                let rules = layer.rules(a, b, y);
                for (slot, want) in [da, db].into_iter().enumerate().take(layer.arity()) {
                    let rule = rules[slot];
                    let got = evaluate(rule.formula, &values);
                    assert!(
                        close(got, want),
                        "{layer} slot {slot} at a = {a}, b = {b}, dout = {d}: `{}` gives {got}, backward {want}",
                        rule.formula
                    );
                    if let Some(condition) = rule.condition {
                        assert!(holds(condition, &values), "{layer} at a = {a}, b = {b}: not {condition}");
                    }
                    if !seen.contains(&(slot, rule)) {
                        seen.push((slot, rule));
                    }
                }
                for rule in &rules[layer.arity()..] {
                    assert_eq!(*rule, Rule::NONE, "{layer} has no operand {}", layer.arity() + 1);
                }
            }
        }
        // Every case of every operand's rule was reached above.
        use Layer::*;
        let cases = match layer {
            Input | Const => 0,
            Neg | Id | Exp | Ln | Sqrt | Sin | Cos | Tanh | Sigmoid => 1,
            Add | Sub | Mul | Div | Relu | PowLiteral => 2,
            Abs => 3,
            Pow | Max | Min => 4,
            MatMul | Transpose | Sum | SumAxis | Mean | MeanAxis | Affine | Softmax | CrossEntropy
            | SoftmaxWithLoss | Accuracy => unreachable!("filtered out above"),
        };
        assert_eq!(seen.len(), cases, "{layer}: {seen:?}");
    }
}

/// The reader itself, on forms whose values are known by hand.
#[test]
fn the_template_reader_reads_as_written() {
    let values = Values { a: 3.0, b: 2.0, d: 0.5, y: 9.0 };
    assert_eq!(evaluate("{d} × {b} × {a}^({b} - 1)", &values), 3.0);
    assert_eq!(evaluate("-{d} × {a} / {b}^2", &values), -0.375);
    assert_eq!(evaluate("{d} × {b} × {a}^{c}", &values), 3.0);
    assert_eq!(evaluate("-{a}^2", &values), -9.0);
    assert_eq!(evaluate("{d} × (1 - {y}^2)", &values), -40.0);
    assert!(holds("{a} ≥ {b}", &values) && !holds("{a} = 0", &values));
}
