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
    /// The column of its source.
    pub first: usize,
    /// How many columns after its source it passes straight over (only in
    /// graphs too big to route every edge).
    pub skip: usize,
    /// Its height in each column it crosses, the last one being its label's.
    pub heights: Vec<f64>,
}

impl Route {
    /// The column of its label.
    pub fn label_column(&self) -> usize {
        self.first + self.skip + self.heights.len()
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
        .zip(&layered.skips)
        .map(|((chain, edge), &skip)| Route {
            first: layered.layer[edge.from],
            skip,
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

#[cfg(test)]
mod tests {
    use super::*;

    const SPACING: Spacing = Spacing { node_gap: 10.0, edge_gap: 5.0, column_gap: 20.0 };

    fn node() -> Size {
        Size { width: 20.0, above: 10.0, below: 10.0 }
    }

    #[test]
    fn an_edge_that_skips_columns_passes_beside_the_nodes_between() {
        // 0 feeds 1, 1 feeds 2, and 0 also feeds 2 directly.
        let edges: Vec<Edge> =
            [(0, 1), (1, 2), (0, 2)].iter().map(|&(from, to)| Edge { from, to, label: node() }).collect();
        let layout = layout(&[node(); 3], &edges, &SPACING);
        assert_eq!(layout.column, vec![0, 2, 4]);
        let long = &layout.routes[2];
        assert_eq!((long.first, long.skip, long.heights.len()), (0, 0, 3));
        // Where it passes node 1's column, it is clear of node 1's box.
        let beside = (long.heights[1] - layout.height[1]).abs();
        assert!(beside >= node().below + SPACING.edge_gap, "{layout:?}");
        assert_eq!(layout.crossings, 0);
    }

    #[test]
    fn a_huge_graph_is_laid_out_with_its_longest_edges_cut_short() {
        // An input used by every link of a long chain: its edges would need
        // millions of virtual nodes.
        let n = 1500;
        let mut edges = vec![Edge { from: 0, to: 1, label: node() }];
        for k in 2..n {
            edges.push(Edge { from: k - 1, to: k, label: node() });
            edges.push(Edge { from: 0, to: k, label: node() });
        }
        let layout = layout(&vec![node(); n], &edges, &SPACING);
        let virtual_nodes: usize = layout.routes.iter().map(|r| r.heights.len()).sum();
        assert!(virtual_nodes <= chain::MAX_VIRTUAL + edges.len(), "{virtual_nodes}");
        assert!(layout.routes.iter().any(|r| r.skip > 0));
        for (route, edge) in layout.routes.iter().zip(&edges) {
            assert_eq!(route.label_column() + 1, layout.column[edge.to]);
        }
    }
}
