//! The tree (`--format tree`, `:graph`): the graph drawn from the output down
//! to the leaves with box-drawing lines, each node with its layer, value and
//! gradient.
//!
//! ```text
//! apple*apple_num*tax = 220
//! apple*apple_num*tax  [#4 mul]  value 220  grad 1
//! ├─ apple*apple_num  [#2 mul]  value 200  grad 1.1
//! │  ├─ apple  [#0 input]  value 100  grad 2.2
//! │  └─ apple_num  [#1 input]  value 2  grad 110
//! └─ tax  [#3 input]  value 1.1  grad 200
//! ```
//!
//! A matrix is written in one line (in full up to 12 elements) after its
//! shape: `value 2×2 [1, 2; 3, 4]`.
//!
//! A node is drawn once; where it appears again (a shared input, a formula
//! used twice) it is referred to by its id. Indentation stops at
//! [`MAX_DEPTH`]: a deeper subtree is drawn as a tree of its own after this
//! one, so a chain of 100,000 layers prints lines of bounded width and the
//! drawing uses an explicit stack, never recursion.

use std::collections::VecDeque;
use std::io::{self, Write};

use super::matrix::{self, Side, node_matrix};
use super::{Look, style};
use crate::graph::NodeId;
use crate::matrix::Shape;
use crate::report::Evaluation;

/// How many levels are indented before a subtree continues below.
pub const MAX_DEPTH: usize = 24;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Drawn {
    Not,
    Later,
    Done,
}

/// Writes the tree of `evaluation`.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation, look: &Look) -> io::Result<()> {
    let graph = &evaluation.graph;
    let paint = |value: &str| style::strong(&style::value(value, look.color), look.color);
    writeln!(out, "{}", matrix::headline(evaluation, evaluation.text.trim(), look, paint))?;
    let mut drawn = vec![Drawn::Not; graph.len()];
    let mut roots = VecDeque::from([evaluation.output]);
    // (node, the lines drawn to its left, its own connector, its depth)
    let mut stack: Vec<(NodeId, String, &str, usize)> = Vec::new();
    while let Some(root) = roots.pop_front() {
        if drawn[root as usize] == Drawn::Done {
            continue;
        }
        if root != evaluation.output {
            writeln!(out, "{}", style::dim(&format!("#{root}, continued:"), look.color))?;
        }
        stack.push((root, String::new(), "", 0));
        while let Some((id, prefix, connector, depth)) = stack.pop() {
            let node = &graph.nodes[id as usize];
            let lines = style::dim(&format!("{prefix}{connector}"), look.color);
            let tag = style::dim(&format!("[#{id} {}]", node.layer.name()), look.color);
            let label = graph.label(id);
            let state = drawn[id as usize];
            if state != Drawn::Not && id != root {
                let note = if state == Drawn::Done { "shown above" } else { "continued below" };
                writeln!(out, "{lines}{label}  {tag}  {}", style::dim(note, look.color))?;
                continue;
            }
            if depth >= MAX_DEPTH && node.layer.arity() > 0 {
                drawn[id as usize] = Drawn::Later;
                roots.push_back(id);
                writeln!(out, "{lines}{label}  {tag}  {}", style::dim("continued below", look.color))?;
                continue;
            }
            drawn[id as usize] = Drawn::Done;
            // A matrix's shape stands beside its value.
            let shape = node_matrix(graph, id, Side::Value).map(|m| format!("{} ", Shape::of(m)));
            writeln!(
                out,
                "{lines}{label}  {tag}  value {}{}  grad {}",
                shape.unwrap_or_default(),
                style::value(&look.node(graph, id, Side::Value), look.color),
                style::grad(&look.node(graph, id, Side::Grad), look.color)
            )?;
            let below = match connector {
                "├─ " => format!("{prefix}│  "),
                "└─ " => format!("{prefix}   "),
                _ => prefix,
            };
            let operands = graph.operands(id);
            for (i, &operand) in operands.iter().enumerate().rev() {
                let connector = if i + 1 == operands.len() { "└─ " } else { "├─ " };
                stack.push((operand, below.clone(), connector, depth + 1));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::evaluate;

    fn tree(script: &str) -> String {
        let mut out = Vec::new();
        write(&mut out, &evaluate(script), &Look::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_shared_node_is_drawn_once_then_referred_to() {
        let shown = tree("x = 3; x*x");
        assert_eq!(
            shown,
            "x*x = 9\n\
             x*x  [#1 mul]  value 9  grad 1\n\
             ├─ x  [#0 input]  value 3  grad 6\n\
             └─ x  [#0 input]  shown above\n"
        );
    }

    #[test]
    fn a_deep_chain_continues_below_with_bounded_indentation() {
        let depth = 20_000;
        let script = format!("x = 1; {}x", "-".repeat(depth));
        let shown = tree(&script);
        assert_eq!(shown.lines().filter(|l| l.contains("value")).count(), depth + 1);
        let widest = shown.lines().skip(1).map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(widest < 3 * MAX_DEPTH + 80, "a line of {widest} characters");
        assert!(shown.contains("continued below"));
    }
}
