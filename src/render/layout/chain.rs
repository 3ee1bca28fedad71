//! The proper layered graph: real nodes on even layers, and each edge as a
//! chain of virtual nodes through the layers between its ends, the last of
//! which carries its label. Every edge of this graph joins two neighbouring
//! layers, which is what crossing reduction and placement work on.
//!
//! An input used all along a long chain makes virtual nodes quadratic in the
//! graph's size; past [`MAX_VIRTUAL`] of them, the longest edges keep only
//! their label node and jump straight to it, so a huge graph is still laid
//! out in moments (its drawing may then pass an edge over a node).

use super::{Edge, Size};

/// The most virtual nodes laid out.
pub const MAX_VIRTUAL: usize = 200_000;

/// The layered graph, with adjacency in compressed rows.
#[derive(Clone, Debug)]
pub struct Layered {
    pub layer: Vec<usize>,
    pub size: Vec<Size>,
    /// Whether a node stands for a piece of an edge (virtual or label).
    pub virtual_node: Vec<bool>,
    /// The virtual nodes of each edge, from its source's side; the last one
    /// is its label.
    pub chains: Vec<Vec<usize>>,
    /// How many layers each edge jumps before its first virtual node.
    pub skips: Vec<usize>,
    pub layers: usize,
    up_start: Vec<usize>,
    up: Vec<usize>,
    down_start: Vec<usize>,
    down: Vec<usize>,
}

impl Layered {
    /// Real nodes `0..sizes.len()` at layer `2 * rank`, then the chains.
    pub fn new(sizes: &[Size], edges: &[Edge], ranks: &[usize]) -> Layered {
        let mut layer: Vec<usize> = ranks.iter().map(|r| 2 * r).collect();
        let mut size = sizes.to_vec();
        let mut virtual_node = vec![false; sizes.len()];
        let mut links = Vec::with_capacity(edges.len() * 3);
        let mut chains = Vec::with_capacity(edges.len());
        let longest = longest_kept(edges, &layer);
        let mut skips = Vec::with_capacity(edges.len());
        for edge in edges {
            let (mut first, last) = (layer[edge.from] + 1, layer[edge.to] - 1);
            let skip = if last + 1 - first > longest { last - first } else { 0 };
            first += skip;
            skips.push(skip);
            let mut chain = Vec::with_capacity(last + 1 - first);
            let mut previous = edge.from;
            for l in first..=last {
                let v = layer.len();
                layer.push(l);
                size.push(if l == last { edge.label } else { Size::default() });
                virtual_node.push(true);
                links.push((previous, v));
                chain.push(v);
                previous = v;
            }
            links.push((previous, edge.to));
            chains.push(chain);
        }
        let n = layer.len();
        let layers = layer.iter().max().map_or(1, |l| l + 1);
        let (up_start, up) = rows(n, links.iter().map(|&(a, b)| (b, a)));
        let (down_start, down) = rows(n, links.iter().copied());
        Layered { layer, size, virtual_node, chains, skips, layers, up_start, up, down_start, down }
    }

    pub fn len(&self) -> usize {
        self.layer.len()
    }

    /// The neighbours of `v` in the layer before it.
    pub fn up(&self, v: usize) -> &[usize] {
        &self.up[self.up_start[v]..self.up_start[v + 1]]
    }

    /// The neighbours of `v` in the layer after it.
    pub fn down(&self, v: usize) -> &[usize] {
        &self.down[self.down_start[v]..self.down_start[v + 1]]
    }

    /// How strongly the link `v`-`w` wants to be level, as `dot` weighs it:
    /// pieces of one long edge most, so that it runs straight.
    pub fn weight(&self, v: usize, w: usize) -> f64 {
        match (self.virtual_node[v], self.virtual_node[w]) {
            (true, true) => 32.0,
            (false, false) => 1.0,
            _ => 2.0,
        }
    }
}

/// The most virtual nodes an edge may have for all of them to fit within
/// [`MAX_VIRTUAL`].
fn longest_kept(edges: &[Edge], layer: &[usize]) -> usize {
    let mut lengths: Vec<usize> = edges.iter().map(|e| layer[e.to] - layer[e.from] - 1).collect();
    if lengths.iter().sum::<usize>() <= MAX_VIRTUAL {
        return usize::MAX;
    }
    lengths.sort_unstable();
    // Keep the shortest edges whole while they fit, counting one node for
    // each edge cut short.
    let mut total = 0;
    for (i, &length) in lengths.iter().enumerate() {
        if total + length + (lengths.len() - i - 1) > MAX_VIRTUAL {
            return length.saturating_sub(1).max(1);
        }
        total += length;
    }
    usize::MAX
}

/// Compressed rows of the pairs `(row, value)`, in the pairs' order.
fn rows(n: usize, pairs: impl Iterator<Item = (usize, usize)> + Clone) -> (Vec<usize>, Vec<usize>) {
    let mut start = vec![0usize; n + 1];
    for (row, _) in pairs.clone() {
        start[row + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut values = vec![0usize; start[n]];
    for (row, value) in pairs {
        values[next[row]] = value;
        next[row] += 1;
    }
    (start, values)
}
