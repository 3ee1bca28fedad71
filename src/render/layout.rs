//! A layered left-to-right layout, the pipeline of Graphviz's `dot` and of
//! dagre (Sugiyama's method), for the SVG figure:
//!
//! 1. [`rank`]: each node gets a column; an edge always goes rightwards;
//! 2. [`chain`]: an edge that skips columns becomes a chain of virtual nodes,
//!    one per column it crosses, and every edge gets a label node just before
//!    its target, so labels are laid out like nodes and never overlap;
//! 3. [`order`]: the order within each column, by median sweeps and
//!    transpositions, keeping the order with the fewest crossings;
//! 4. [`position`]: heights, each node near its neighbours and never closer
//!    to the next one in its column than their sizes allow;
//! 5. here: the columns' left and right sides, wide enough for their widest
//!    box and far enough apart for the curves between them.
//!
//! An edge is then drawn level across each column it passes (where nothing
//! else is at its height) and as a curve in the empty gap between columns,
//! so it never passes through a node or a label.
//!
//! Every step is linear or n·log n per sweep and nothing recurses; the number
//! of sweeps shrinks as the graph grows, so a graph of thousands of nodes is
//! laid out in well under a second.

mod chain;
mod crossings;
mod order;
mod position;
mod rank;


/// The room a box takes: its width along the columns, and how far it reaches
/// above and below the line its edges attach to.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Size {
    pub width: f64,
    pub above: f64,
    pub below: f64,
}

/// An edge to lay out, from a node with a lower index to one with a higher.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// The box of its label.
    pub label: Size,
}

/// Gaps, in the units of the sizes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    /// Between two boxes in one column.
    pub node_gap: f64,
    /// Between two edges passing through one column.
    pub edge_gap: f64,
    /// The narrowest gap between two columns.
    pub column_gap: f64,
}

/// A column: where its left and right sides are.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Column {
    pub left: f64,
    pub right: f64,
}

impl Column {
    pub fn middle(&self) -> f64 {
        (self.left + self.right) / 2.0
    }
}

/// Where an edge goes: the heights at which it crosses the columns between
/// its ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The column of its source; it crosses the columns after it, one per
    /// height.
    pub first: usize,
    /// Its height in each column it crosses, the last one being its label's.
    pub heights: Vec<f64>,
}

impl Route {
    /// The column of its label.
    pub fn label_column(&self) -> usize {
        self.first + self.heights.len()
    }

    /// The height of its label.
    pub fn label_height(&self) -> f64 {
        self.heights.last().copied().unwrap_or(0.0)
    }
}

/// A finished layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Each node's column.
    pub column: Vec<usize>,
    /// Each node's height (0 is the top of the highest box).
    pub height: Vec<f64>,
    pub columns: Vec<Column>,
    pub routes: Vec<Route>,
    /// How far down the lowest box reaches.
    pub bottom: f64,
    /// Edge crossings between columns, as laid out.
    pub crossings: u64,
}

/// Lays out nodes of sizes `sizes` joined by `edges`.
pub fn layout(sizes: &[Size], edges: &[Edge], spacing: &Spacing) -> Layout {
    let ranks = rank::ranks(sizes.len(), edges);
    let layered = chain::Layered::new(sizes, edges, &ranks);
    let order = order::order(&layered);
    let crossings = crossings::total(&layered, &order);
    let heights = position::heights(&layered, &order, spacing);

    let layers = order.len();
    let mut width = vec![0.0f64; layers];
    for (v, size) in layered.size.iter().enumerate() {
        width[layered.layer[v]] = width[layered.layer[v]].max(size.width);
    }
    // The gap before a column grows with the steepest curve across it.
    let mut steepest = vec![0.0f64; layers];
    for v in 0..layered.len() {
        for &w in layered.down(v) {
            let rise = (heights[w] - heights[v]).abs();
            steepest[layered.layer[w]] = steepest[layered.layer[w]].max(rise);
        }
    }
    let mut columns = Vec::with_capacity(layers);
    let mut x = 0.0;
    for (layer, &w) in width.iter().enumerate() {
        if layer > 0 {
            x += spacing.column_gap.max((steepest[layer] * 0.3).min(4.0 * spacing.column_gap));
        }
        columns.push(Column { left: x, right: x + w });
        x += w;
    }

    let routes = layered
        .chains
        .iter()
        .zip(edges)
        .map(|(chain, edge)| Route {
            first: layered.layer[edge.from],
            heights: chain.iter().map(|&v| heights[v]).collect(),
        })
        .collect();
    let bottom = (0..layered.len()).map(|v| heights[v] + layered.size[v].below).fold(0.0, f64::max);
    Layout {
        column: layered.layer[..sizes.len()].to_vec(),
        height: heights[..sizes.len()].to_vec(),
        columns,
        routes,
        bottom,
        crossings,
    }
}
