//! The order within each layer, as `dot` finds it (Gansner et al., "A
//! technique for drawing directed graphs"): a first order from a depth-first
//! walk back from the sinks, then sweeps that sort each layer by the weighted
//! median of its neighbours in the layer just placed, each followed by
//! swapping neighbours while that removes crossings; the best order seen wins.

use super::chain::Layered;
use super::crossings;

/// Sweeps for a small graph, as `dot`'s default.
const SWEEPS: usize = 24;
/// Roughly how many node visits all sweeps may make together: a big graph
/// gets fewer sweeps rather than a long wait.
const BUDGET: usize = 4_000_000;
/// Sweeps without improvement before giving up.
const PATIENCE: usize = 6;
/// Passes of swapping neighbours after each sweep.
const TRANSPOSE_PASSES: usize = 4;

/// Each layer's nodes, top to bottom.
pub fn order(graph: &Layered) -> Vec<Vec<usize>> {
    let mut order = first_order(graph);
    let links: usize = (0..graph.len()).map(|v| graph.down(v).len()).sum();
    let sweeps = (BUDGET / (graph.len() + links).max(1)).clamp(1, SWEEPS);
    let mut position = crossings::positions(graph, &order);
    let mut best = order.clone();
    let mut fewest = crossings::total(graph, &order);
    let mut stale = 0;
    for sweep in 0..sweeps {
        if fewest == 0 || stale >= PATIENCE {
            break;
        }
        let downward = sweep % 2 == 0;
        median_sweep(graph, &mut order, &mut position, downward);
        // Swapping equal neighbours too, every other sweep, gets a sweep out
        // of a plateau.
        transpose(graph, &mut order, &mut position, sweep % 4 >= 2);
        let crossings = crossings::total(graph, &order);
        if crossings < fewest {
            fewest = crossings;
            best.clone_from(&order);
            stale = 0;
        } else {
            stale += 1;
        }
    }
    best
}

/// Layers in the order a depth-first walk back from the last layers meets
/// their nodes, taking operands in order: a tree comes out without crossings.
fn first_order(graph: &Layered) -> Vec<Vec<usize>> {
    let mut seen = vec![false; graph.len()];
    let mut met = Vec::with_capacity(graph.len());
    let mut roots: Vec<usize> = (0..graph.len()).filter(|&v| graph.down(v).is_empty()).collect();
    roots.sort_by_key(|&v| std::cmp::Reverse(graph.layer[v]));
    let mut stack = Vec::new();
    for root in roots {
        stack.push(root);
        while let Some(v) = stack.pop() {
            if std::mem::replace(&mut seen[v], true) {
                continue;
            }
            met.push(v);
            stack.extend(graph.up(v).iter().rev().filter(|&&u| !seen[u]));
        }
    }
    let mut order = vec![Vec::new(); graph.layers];
    for v in met {
        order[graph.layer[v]].push(v);
    }
    order
}

/// Sorts each layer by the median position of its neighbours in the layer
/// before it (downward) or after it (upward). A node without such neighbours
/// keeps its place.
fn median_sweep(graph: &Layered, order: &mut [Vec<usize>], position: &mut [usize], downward: bool) {
    let layers: Vec<usize> =
        if downward { (1..order.len()).collect() } else { (0..order.len().saturating_sub(1)).rev().collect() };
    let mut ends = Vec::new();
    for l in layers {
        let mut keyed: Vec<(f64, usize)> = Vec::with_capacity(order[l].len());
        let mut fixed: Vec<bool> = Vec::with_capacity(order[l].len());
        for &v in &order[l] {
            let neighbours = if downward { graph.up(v) } else { graph.down(v) };
            ends.clear();
            ends.extend(neighbours.iter().map(|&w| position[w] as f64));
            ends.sort_unstable_by(f64::total_cmp);
            match median(&ends) {
                Some(m) => {
                    keyed.push((m, v));
                    fixed.push(false);
                }
                None => fixed.push(true),
            }
        }
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut movable = keyed.into_iter().map(|(_, v)| v);
        let layer = &mut order[l];
        for (slot, fixed) in fixed.iter().enumerate() {
            if !fixed {
                layer[slot] = movable.next().unwrap_or(layer[slot]);
            }
        }
        for (i, &v) in layer.iter().enumerate() {
            position[v] = i;
        }
    }
}

/// The weighted median of sorted positions: the middle one, or between the
/// two middle ones leaning towards the side whose positions are closer
/// together.
fn median(ends: &[f64]) -> Option<f64> {
    let n = ends.len();
    let m = n / 2;
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(ends[m]),
        2 => Some((ends[0] + ends[1]) / 2.0),
        _ => {
            let left = ends[m - 1] - ends[0];
            let right = ends[n - 1] - ends[m];
            if left + right == 0.0 {
                Some((ends[m - 1] + ends[m]) / 2.0)
            } else {
                Some((ends[m - 1] * right + ends[m] * left) / (left + right))
            }
        }
    }
}

/// Swaps neighbours within layers while that lowers crossings (or keeps them
/// equal, when `equal` is set).
fn transpose(graph: &Layered, order: &mut [Vec<usize>], position: &mut [usize], equal: bool) {
    let mut a = Vec::new();
    let mut b = Vec::new();
    for _ in 0..TRANSPOSE_PASSES {
        let mut improved = false;
        for layer in order.iter_mut() {
            for i in 1..layer.len() {
                let (v, w) = (layer[i - 1], layer[i]);
                let kept = pair_crossings(graph, position, v, w, &mut a, &mut b);
                let swapped = pair_crossings(graph, position, w, v, &mut a, &mut b);
                if swapped < kept || (equal && swapped == kept && kept > 0) {
                    layer.swap(i - 1, i);
                    position[v] = i;
                    position[w] = i - 1;
                    improved |= swapped < kept;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings between the links of `v` and those of `w` when `v` is just
/// above `w`, on both sides.
fn pair_crossings(graph: &Layered, position: &[usize], v: usize, w: usize, a: &mut Vec<usize>, b: &mut Vec<usize>) -> u64 {
    let mut sides = 0;
    for side in [Layered::up as fn(&Layered, usize) -> &[usize], Layered::down] {
        a.clear();
        a.extend(side(graph, v).iter().map(|&x| position[x]));
        a.sort_unstable();
        b.clear();
        b.extend(side(graph, w).iter().map(|&x| position[x]));
        b.sort_unstable();
        // Pairs with v's end below w's end cross.
        let mut j = 0;
        for &end in a.iter() {
            while j < b.len() && b[j] < end {
                j += 1;
            }
            sides += j as u64;
        }
    }
    sides
}
