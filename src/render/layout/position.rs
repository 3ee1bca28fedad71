//! Heights within layers: each node as close to its neighbours as it can be
//! (the least sum of weighted squared height differences over all links, the
//! objective `dot` gives its second network simplex), with each layer's
//! order kept and its nodes at least their sizes apart. Solved layer by
//! layer, sweeping down and up: each layer's best heights given its
//! neighbours are an isotonic regression, which pooling adjacent violators
//! solves exactly in linear time.

use super::Spacing;
use super::chain::Layered;

/// Sweeps for a small graph.
const SWEEPS: usize = 24;
/// Roughly how many node visits all sweeps may make together.
const BUDGET: usize = 4_000_000;

/// Each node's height (its line's), the highest box's top at 0.
pub fn heights(graph: &Layered, order: &[Vec<usize>], spacing: &Spacing) -> Vec<f64> {
    let mut y = vec![0.0f64; graph.len()];
    // Each layer packed tight, centred on 0.
    for layer in order {
        let offsets = offsets(graph, layer, spacing);
        let middle = offsets.last().copied().unwrap_or(0.0) / 2.0;
        for (&v, offset) in layer.iter().zip(&offsets) {
            y[v] = offset - middle;
        }
    }
    let links: usize = (0..graph.len()).map(|v| graph.down(v).len()).sum();
    let sweeps = (BUDGET / (graph.len() + links).max(1)).clamp(2, SWEEPS);
    let mut wanted = Vec::new();
    let mut weight = Vec::new();
    for sweep in 0..sweeps {
        let layers: Vec<usize> =
            if sweep % 2 == 0 { (0..order.len()).collect() } else { (0..order.len()).rev().collect() };
        for l in layers {
            let layer = &order[l];
            wanted.clear();
            weight.clear();
            for &v in layer {
                let (mut sum, mut total) = (0.0, 0.0);
                for &w in graph.up(v).iter().chain(graph.down(v)) {
                    let strength = graph.weight(v, w);
                    sum += strength * y[w];
                    total += strength;
                }
                if total == 0.0 {
                    // Nothing pulls it: it stays unless pushed.
                    wanted.push(y[v]);
                    weight.push(1e-3);
                } else {
                    wanted.push(sum / total);
                    weight.push(total);
                }
            }
            let offsets = offsets(graph, layer, spacing);
            let placed = spaced_regression(&wanted, &weight, &offsets);
            for (&v, h) in layer.iter().zip(placed) {
                y[v] = h;
            }
        }
    }
    straighten(graph, order, spacing, &mut y);
    let top = (0..graph.len()).map(|v| y[v] - graph.size[v].above).fold(f64::INFINITY, f64::min);
    if top.is_finite() {
        for h in &mut y {
            *h -= top;
        }
    }
    y
}

/// Levels the small waves that the sweeps leave in long edges: each chain
/// of virtual nodes is moved, node by node, to one height where its
/// neighbours in each layer leave room for it.
fn straighten(graph: &Layered, order: &[Vec<usize>], spacing: &Spacing, y: &mut [f64]) {
    let mut position = vec![0usize; graph.len()];
    for layer in order {
        for (i, &v) in layer.iter().enumerate() {
            position[v] = i;
        }
    }
    // The room node `v` has in its layer, given where its neighbours are.
    let room = |v: usize, y: &[f64]| {
        let layer = &order[graph.layer[v]];
        let i = position[v];
        let gap = |u: usize| {
            if graph.virtual_node[u] && graph.virtual_node[v] { spacing.edge_gap } else { spacing.node_gap }
        };
        let low = i.checked_sub(1).map_or(f64::NEG_INFINITY, |j| {
            let u = layer[j];
            y[u] + graph.size[u].below + gap(u) + graph.size[v].above
        });
        let high = layer
            .get(i + 1)
            .map_or(f64::INFINITY, |&u| y[u] - graph.size[u].above - gap(u) - graph.size[v].below);
        (low, high)
    };
    for chain in &graph.chains {
        let pieces = &chain[..];
        if pieces.len() < 2 {
            continue;
        }
        let candidates = [y[pieces[0]], y[pieces[pieces.len() / 2]], y[pieces[pieces.len() - 1]]];
        let fits = |h: f64, y: &[f64]| {
            pieces
                .iter()
                .filter(|&&v| {
                    let (low, high) = room(v, y);
                    (low..=high).contains(&h)
                })
                .count()
        };
        let Some(best) = candidates.into_iter().max_by_key(|&h| fits(h, y)) else { continue };
        for &v in pieces {
            let (low, high) = room(v, y);
            if (low..=high).contains(&best) {
                y[v] = best;
            }
        }
    }
}

/// Where each node of `layer` would be if they were packed as tight as they
/// may be, the first at 0.
fn offsets(graph: &Layered, layer: &[usize], spacing: &Spacing) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(layer.len());
    let mut at = 0.0;
    for (i, &v) in layer.iter().enumerate() {
        if i > 0 {
            let u = layer[i - 1];
            let gap = if graph.virtual_node[u] && graph.virtual_node[v] {
                spacing.edge_gap
            } else {
                spacing.node_gap
            };
            at += graph.size[u].below + gap + graph.size[v].above;
        }
        offsets.push(at);
    }
    offsets
}

/// The heights h minimising Σ weight·(h - wanted)² with h[i+1] - h[i] at
/// least offsets[i+1] - offsets[i]: shifted by the offsets, an isotonic
/// regression, solved by pooling adjacent violators.
fn spaced_regression(wanted: &[f64], weight: &[f64], offsets: &[f64]) -> Vec<f64> {
    // Blocks of pooled nodes: (weighted sum, total weight, how many).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(wanted.len());
    for i in 0..wanted.len() {
        let mut block = (weight[i] * (wanted[i] - offsets[i]), weight[i], 1);
        while let Some(&last) = blocks.last() {
            if last.0 / last.1 < block.0 / block.1 {
                break;
            }
            blocks.pop();
            block = (block.0 + last.0, block.1 + last.1, block.2 + last.2);
        }
        blocks.push(block);
    }
    let mut heights = Vec::with_capacity(wanted.len());
    for (sum, total, count) in blocks {
        let level = sum / total;
        for _ in 0..count {
            heights.push(level + offsets[heights.len()]);
        }
    }
    heights
}

#[cfg(test)]
mod tests {
    use super::spaced_regression;

    #[test]
    fn nodes_stay_where_wanted_when_they_have_room() {
        let placed = spaced_regression(&[0.0, 50.0, 100.0], &[1.0, 1.0, 1.0], &[0.0, 10.0, 20.0]);
        assert_eq!(placed, vec![0.0, 50.0, 100.0]);
    }

    #[test]
    fn crowded_nodes_spread_evenly_around_their_mean() {
        // Both want 5 but must be 10 apart: 0 and 10 cost least.
        let placed = spaced_regression(&[5.0, 5.0], &[1.0, 1.0], &[0.0, 10.0]);
        assert_eq!(placed, vec![0.0, 10.0]);
        // A heavier node moves less.
        let placed = spaced_regression(&[5.0, 5.0], &[3.0, 1.0], &[0.0, 10.0]);
        assert_eq!(placed, vec![2.5, 12.5]);
    }
}
