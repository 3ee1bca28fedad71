//! Renderers: an evaluation (or an error) in, bytes out. They colour only when
//! told to; front ends decide that, and where the bytes go.

mod buffer;
pub(crate) mod cells;
pub mod check;
pub mod curve;
pub mod diagnostic;
pub mod dot;
pub mod figure;
pub mod json;
pub mod layout;
pub mod matrix;
mod matrix_trace;
pub mod mermaid;
pub mod number;
pub mod rule_text;
pub mod style;
pub mod svg;
pub mod text;
pub mod trace;
pub mod training;
pub mod tree;

pub use number::Digits;

use crate::graph::{Graph, NodeId};
use crate::layers::Layer;

/// The output formats, as `--format` and `:format` name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table: one row per node with its layer, value and gradient.
    #[default]
    Text,
    /// One JSON object per evaluation, one per line.
    Json,
    /// The graph as a tree, output at the root, leaves below.
    Tree,
    /// A Graphviz digraph per evaluation, in the book's style.
    Dot,
    /// A Mermaid flowchart per evaluation, for Markdown pages.
    Mermaid,
    /// A standalone SVG picture (several evaluations stacked in one).
    Svg,
}

impl Format {
    /// The format called `name` (`text`, `json`, ...), as `:format` reads it.
    pub fn named(name: &str) -> Option<Format> {
        <Format as clap::ValueEnum>::from_str(name, true).ok()
    }

    /// Whether this format draws a figure (a picture or its source), which is
    /// for a file rather than the terminal.
    pub fn is_figure(self) -> bool {
        match self {
            Format::Dot | Format::Mermaid | Format::Svg => true,
            Format::Text | Format::Json | Format::Tree => false,
        }
    }

    /// The name `--format` and `:format` know it by.
    pub fn name(self) -> String {
        clap::ValueEnum::to_possible_value(&self).map(|v| v.get_name().to_owned()).unwrap_or_default()
    }

    /// Every format's name, for help and completion.
    pub fn names() -> Vec<String> {
        <Format as clap::ValueEnum>::value_variants()
            .iter()
            .filter_map(|f| clap::ValueEnum::to_possible_value(f).map(|v| v.get_name().to_owned()))
            .collect()
    }
}

/// Which nodes a table or JSON object lists (`--nodes`): big graphs are
/// mostly anonymous operations, and their inputs are what one reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Nodes {
    /// Every node, in forward order.
    #[default]
    All,
    /// Inputs and formulas: the nodes with a name.
    Named,
    /// Inputs only.
    Inputs,
}

impl Nodes {
    /// Whether node `id` of `graph` is listed.
    pub fn shows(self, graph: &Graph, id: NodeId) -> bool {
        match self {
            Nodes::All => true,
            Nodes::Named => graph.is_named(id),
            Nodes::Inputs => graph.nodes[id as usize].layer == Layer::Input,
        }
    }
}

/// How numbers and colours are shown, as the options `--precision`,
/// `--exact` and `--color` set them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    pub digits: Digits,
    pub color: bool,
}

impl Default for Look {
    fn default() -> Self {
        Look { digits: Digits::Significant(10), color: false }
    }
}

impl Look {
    /// A number as this look shows it.
    pub fn number(&self, x: f64) -> String {
        number::format(x, self.digits)
    }

    /// Appends a number as this look shows it to `out`.
    pub fn write_number(&self, out: &mut String, x: f64) {
        number::write(out, x, self.digits);
    }
}

/// Text for XML and for Graphviz's HTML-like labels: `&`, `<`, `>` and `"` as entities.
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
