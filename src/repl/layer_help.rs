//! `:help` on a layer: by its name as tables label it (`:help mul`), by an
//! operator (`:help *`, `:help ^`) or by a function (`:help sigmoid`). The
//! forward and backward passes are written from the layers' own templates
//! ([`Layer::notation`], [`Layer::rules`]), so help says what the trace does.

use crate::layers::{self, Layer, Rule};
use crate::render::style;
use crate::syntax::Data;

/// The layers written with operators, each with how it is typed.
pub const OPERATORS: &[(Layer, &str)] = &[
    (Layer::Add, "a + b"),
    (Layer::Sub, "a - b"),
    (Layer::Mul, "a * b"),
    (Layer::Div, "a / b"),
    (Layer::Neg, "-a"),
    (Layer::Pow, "a ^ b"),
    (Layer::PowLiteral, "a ^ 2"),
    (Layer::Id, "b = a"),
    (Layer::MatMul, "A @ B"),
];

/// The leaves: layers with no operands.
const LEAVES: &[(Layer, &str)] = &[
    (Layer::Input, "a leaf named by an assignment (`apple = 100`); its gradient is d(out)/d(input)"),
    (Layer::Const, "a number written in an expression (the `2` of `apple*2`), a leaf with a gradient too"),
];

/// Operand values at which the rules are asked for, so that each case of a
/// layer that routes (relu, max, abs) or has an exception (pow at 0) shows.
const SAMPLES: &[(f64, f64)] = &[(2.0, 3.0), (3.0, 2.0), (-2.0, 3.0), (0.0, 0.0)];

/// Help on `topic` if it names a layer, an operator, a function or a data
/// function.
pub fn help(topic: &str, color: bool) -> Option<String> {
    if let Some(function) = layers::function(topic) {
        let mut text = function_help(function.name, function.layer, color);
        // `sum(X, 0)`: the same name with an axis is a layer of its own.
        if let Some(layer) = function.layer.with_axis() {
            text.push_str("\n\n");
            text.push_str(&function_help(function.name, layer, color));
            text.push_str("\n  k is 0 (down the rows: 1×c) or 1 (across the columns: r×1)");
        }
        return Some(text);
    }
    if let Some(data) = Data::named(topic) {
        return Some(format!("{}: {}\n\n{}", style::strong(data.call(), color), data.about(), DATA));
    }
    if let Some((layer, about)) = LEAVES.iter().find(|(layer, _)| layer.name() == topic) {
        return Some(format!("{}: {about}", style::strong(layer.name(), color)));
    }
    let found: Vec<String> = OPERATORS
        .iter()
        .filter(|(layer, form)| layer.name() == topic || symbols(form).contains(&topic))
        .map(|&(layer, form)| operator(layer, form, color))
        .collect();
    (!found.is_empty()).then(|| found.join("\n\n"))
}

/// What every data function is, for its help.
pub const DATA: &str = "A data function: it gives a value, not a layer. `W = randn(4, 3)` makes an input;
inside an expression it runs once, when the statement runs, and is a `const` of the graph.";

/// Every layer name, operator and data function `:help` knows, for
/// completion and suggestions.
pub fn topics() -> impl Iterator<Item = &'static str> {
    // `pow` once: `a ^ 2` is a second form of the same name.
    let layers = OPERATORS.iter().filter(|(layer, _)| !layer.has_parameter()).chain(LEAVES);
    let names = layers.map(|(layer, _)| layer.name());
    let data = Data::ALL.iter().map(|d| d.name());
    names.chain(OPERATORS.iter().flat_map(|(_, form)| symbols(form).iter().copied())).chain(data)
}

/// A function's layer: how it is called, its forward pass, its backward rules.
fn function_help(name: &str, layer: Layer, color: bool) -> String {
    let args = operands(layer, true);
    let call = format!("{name}({})", args.join(", "));
    let whole = if layer.is_whole() { ", on whole matrices" } else { "" };
    format!(
        "{}: the `{}` layer{whole}\n  forward:  {}\n  backward: {}",
        style::strong(&call, color),
        layer.name(),
        written(layer.notation(), &args),
        rules_in_a_line(layer, true)
    )
}

/// The backward rule of each operand of `layer`, on one line, for the table
/// of `:help functions`.
pub fn rules_in_a_line(layer: Layer, function: bool) -> String {
    backward(layer, &operands(layer, function)).join("; ")
}

/// One operator layer: how it is typed, its forward pass, its backward rules.
fn operator(layer: Layer, form: &str, color: bool) -> String {
    let names = operands(layer, false);
    let whole = if layer.is_whole() { ", on whole matrices (numpy's `@`)" } else { "" };
    let mut text = format!("{}: the `{}` layer{whole}", style::strong(form, color), layer.name());
    if layer == Layer::Id {
        text.push_str(" (a formula that is a bare name)");
    }
    if layer.has_parameter() {
        text.push_str(" when the exponent n is a number as written (`x^2`, `x^-1`): not a node");
    }
    text.push_str(&format!("\n  forward:  {}", written(layer.notation(), &names)));
    for (i, rule) in backward(layer, &names).iter().enumerate() {
        let head = if i == 0 { "  backward: " } else { "            " };
        text.push_str(&format!("\n{head}{rule}"));
    }
    text
}

/// The operators in a typed form (`^` in `a ^ b`), and `**` beside `^`.
fn symbols(form: &str) -> &'static [&'static str] {
    match form {
        "a + b" => &["+"],
        "a - b" | "-a" => &["-"],
        "a * b" => &["*"],
        "a / b" => &["/"],
        "a ^ b" | "a ^ 2" => &["^", "**"],
        "A @ B" => &["@"],
        _ => &[],
    }
}

/// The names the operands go by: the book's for its layers on matrices
/// (`X`, `W`, `b`; `T` a target), else `x` for a function of one, `a`, `b`;
/// a parameter is `n` (the exponent of `a ^ 2`) or `k` (an axis).
pub fn operands(layer: Layer, function: bool) -> Vec<&'static str> {
    match layer {
        Layer::MatMul => return vec!["A", "B"],
        Layer::Transpose | Layer::Sum | Layer::Mean | Layer::Softmax => return vec!["X"],
        Layer::SumAxis | Layer::MeanAxis => return vec!["X", "k"],
        Layer::Affine => return vec!["X", "W", "b"],
        Layer::CrossEntropy | Layer::Accuracy => return vec!["Y", "T"],
        Layer::SoftmaxWithLoss => return vec!["X", "T"],
        _ => {}
    }
    if layer.has_parameter() {
        return vec!["a", "n"];
    }
    match layer.arity() {
        1 if function => vec!["x"],
        1 => vec!["a"],
        arity => ["a", "b", "c"][..arity].to_vec(),
    }
}

/// Each operand's rules, one line per case: `da = dout × b`, `dx = 0 where x ≤ 0`.
fn backward(layer: Layer, names: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for (i, name) in names.iter().enumerate().take(layer.arity()) {
        let mut cases: Vec<Rule> = Vec::new();
        match layer.whole_rules() {
            // On whole matrices a rule holds for every value.
            Some(rules) => cases.extend(rules.get(i).copied()),
            None => {
                for &(a, b) in SAMPLES {
                    let rule = layer.rules(a, b, layer.forward(a, b))[i];
                    if !cases.contains(&rule) {
                        cases.push(rule);
                    }
                }
            }
        }
        // The general case first, its exceptions after it.
        cases.sort_by_key(|rule| rule.condition.is_some());
        for rule in cases {
            let mut line = format!("d{name} = {}", written(rule.formula, names));
            if let Some(condition) = rule.condition {
                line.push_str(&format!(" where {}", written(condition, names)));
            }
            lines.push(line);
        }
    }
    lines
}

/// A template (see [`Rule`]) with its placeholders named.
fn written(template: &str, names: &[&str]) -> String {
    let b = names.get(1).copied().unwrap_or("b");
    let less_one = format!("({b} - 1)");
    let c = names.get(2).copied().unwrap_or("c");
    let text = template.replace("{d}", "dout").replace("{a}", names[0]).replace("{b}", b).replace("{e}", c);
    text.replace("{c}", &less_one).replace("{y}", "y")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::FUNCTIONS;

    #[test]
    fn operators_are_explained_by_name_and_by_symbol() {
        let mul = help("mul", false).unwrap();
        assert_eq!(help("*", false).as_deref(), Some(mul.as_str()));
        assert!(mul.contains("forward:  a × b"), "{mul}");
        assert!(mul.contains("da = dout × b") && mul.contains("db = dout × a"), "{mul}");
        // `-` is both subtraction and negation.
        let minus = help("-", false).unwrap();
        assert!(minus.contains("`sub`") && minus.contains("`neg`"), "{minus}");
        assert_eq!(help("**", false), help("^", false));
        let pow = help("pow", false).unwrap();
        assert!(pow.contains("where b = 0"), "{pow}");
        // Both forms: the exponent a node, and a literal one as a parameter.
        assert!(pow.contains("db = dout × y × ln(a)"), "{pow}");
        assert!(pow.contains("a ^ 2") && pow.contains("da = dout × n × a^(n - 1)"), "{pow}");
        assert!(!pow.contains("dn"), "{pow}");
        assert_eq!(help("^", false).as_deref(), Some(pow.as_str()));
        assert_eq!(topics().filter(|&t| t == "pow").count(), 1);
    }

    #[test]
    fn routing_layers_show_each_case() {
        let relu = help("relu", false).unwrap();
        assert!(relu.contains("forward:  relu(x)"), "{relu}");
        let max = rules_in_a_line(Layer::Max, true);
        assert!(max.contains("da = dout where a ≥ b") && max.contains("db = dout where a < b"), "{max}");
    }

    #[test]
    fn every_layer_a_table_shows_has_help() {
        let mut layers: Vec<Layer> = OPERATORS.iter().chain(LEAVES).map(|(layer, _)| *layer).collect();
        layers.extend(FUNCTIONS.iter().map(|f| f.layer));
        for layer in layers {
            assert!(help(layer.name(), false).is_some(), "{}", layer.name());
        }
        assert_eq!(help("nope", false), None);
    }

    /// The book's layers on matrices are explained with the book's names
    /// for their operands, `@` by its symbol, `sum` with its axis, and the
    /// data functions as values, not layers.
    #[test]
    fn matrix_layers_and_data_functions_have_help() {
        let affine = help("affine", false).unwrap();
        assert!(affine.starts_with("affine(X, W, b): the `affine` layer, on whole matrices"), "{affine}");
        assert!(affine.contains("dX = dout @ Wᵀ; dW = Xᵀ @ dout; db = Σ over the rows of dout"), "{affine}");
        let matmul = help("@", false).unwrap();
        assert_eq!(help("matmul", false).as_deref(), Some(matmul.as_str()));
        assert!(matmul.contains("dA = dout @ Bᵀ") && matmul.contains("dB = Aᵀ @ dout"), "{matmul}");
        let sum = help("sum", false).unwrap();
        assert!(sum.contains("sum(X): ") && sum.contains("sum(X, k): "), "{sum}");
        assert!(sum.contains("dX = dout along axis k"), "{sum}");
        let loss = help("softmax_with_loss", false).unwrap();
        assert!(loss.contains("dX = dout × (softmax(X) - T) / N"), "{loss}");
        for data in Data::ALL {
            let text = help(data.name(), false).unwrap();
            assert!(text.starts_with(data.call()) && text.contains("not a layer"), "{text}");
            assert!(topics().any(|t| t == data.name()));
        }
        assert!(topics().any(|t| t == "@"));
    }
}
