//! The order within each layer, as `dot` finds it (Gansner et al., "A
//! technique for drawing directed graphs"): a first order from a depth-first
//! walk, then sweeps that sort each layer by the weighted median of its
//! neighbours in the layer just placed, each followed by swapping neighbours
//! while that removes crossings; the best order seen wins. A small graph gets
//! several tries (other walks, barycenters for medians), as `dot` restarts.

use super::chain::Layered;
use super::crossings;

/// Sweeps for a small graph, as `dot`'s default.
const SWEEPS: usize = 24;
/// Roughly how many node visits all tries may make together: a big graph
/// gets fewer tries and sweeps rather than a long wait.
const BUDGET: usize = 6_000_000;
/// Sweeps without improvement before giving up.
const PATIENCE: usize = 6;
/// Passes of swapping neighbours after each sweep.
const TRANSPOSE_PASSES: usize = 4;
/// Tries from shuffled first orders, after the walks: sweeps end in a local
/// optimum, and another start often finds a better one.
const RESTARTS: usize = 24;

/// Where the first order comes from, and how sweeps sort.
const TRIES: [(Walk, Key); 6] = [
    (Walk::BackOperandsFirst, Key::Median),
    (Walk::BackOperandsFirst, Key::Barycenter),
    (Walk::BackOperandsLast, Key::Median),
    (Walk::ForwardFromSources, Key::Median),
    (Walk::BackOperandsLast, Key::Barycenter),
    (Walk::ForwardFromSources, Key::Barycenter),
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Walk {
    /// Back from the sinks, first operands first: a tree comes out planar.
    BackOperandsFirst,
    BackOperandsLast,
    /// Forward from the sources.
    ForwardFromSources,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Key {
    Median,
    Barycenter,
}

/// Each layer's nodes, top to bottom.
pub fn order(graph: &Layered) -> Vec<Vec<usize>> {
    let links: usize = (0..graph.len()).map(|v| graph.down(v).len()).sum();
    let first = first_order(graph, Walk::BackOperandsFirst);
    // Sifting costs a layer's size squared per sweep.
    let quadratic: usize = first.iter().map(|layer| layer.len() * layer.len()).sum();
    let sifting = quadratic.saturating_mul(4 * SWEEPS) <= BUDGET;
    let per_sweep = (graph.len() + links + if sifting { quadratic } else { 0 }).max(1);
    let sweeps = (BUDGET / per_sweep).clamp(1, SWEEPS);
    let mut spent = 0;
    let mut shuffle = Shuffle(0x9e37_79b9_7f4a_7c15);
    let mut best: Option<(u64, Vec<Vec<usize>>)> = None;
    for attempt in 0..TRIES.len() + RESTARTS {
        if attempt > 0 && spent + sweeps * per_sweep > BUDGET || best.as_ref().is_some_and(|(c, _)| *c == 0) {
            break;
        }
        let (start, key) = match TRIES.get(attempt) {
            Some(&(walk, key)) => (first_order(graph, walk), key),
            None => {
                let mut start = first.clone();
                start.iter_mut().for_each(|layer| shuffle.shuffle(layer));
                (start, if attempt % 2 == 0 { Key::Median } else { Key::Barycenter })
            }
        };
        let (crossings, order, used) = sweep(graph, start, key, sweeps, sifting);
        spent += (used + 1) * per_sweep;
        if best.as_ref().is_none_or(|(fewest, _)| crossings < *fewest) {
            best = Some((crossings, order));
        }
    }
    best.map(|(_, order)| order).unwrap_or_default()
}

/// A seeded shuffle (a linear congruential generator): the same graph is
/// always drawn the same way.
struct Shuffle(u64);

impl Shuffle {
    fn shuffle(&mut self, items: &mut [usize]) {
        for i in (1..items.len()).rev() {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            items.swap(i, (self.0 >> 33) as usize % (i + 1));
        }
    }
}

/// Sweeps from `order`: the best order seen, its crossings and how many
/// sweeps it took.
fn sweep(
    graph: &Layered,
    mut order: Vec<Vec<usize>>,
    key: Key,
    sweeps: usize,
    sifting: bool,
) -> (u64, Vec<Vec<usize>>, usize) {
    let mut position = crossings::positions(graph, &order);
    let mut best = order.clone();
    let mut fewest = crossings::total(graph, &order);
    let mut stale = 0;
    let mut used = 0;
    while used < sweeps && fewest > 0 && stale < PATIENCE {
        let downward = used % 2 == 0;
        median_sweep(graph, &mut order, &mut position, downward, key);
        // Swapping equal neighbours too, every other sweep, gets a sweep out
        // of a plateau.
        transpose(graph, &mut order, &mut position, used % 4 >= 2);
        used += 1;
        let crossings = crossings::total(graph, &order);
        if crossings < fewest {
            fewest = crossings;
            best.clone_from(&order);
            stale = 0;
        } else {
            stale += 1;
        }
    }
    // Sifting each node to its best place in its layer finds what swaps of
    // neighbours cannot.
    if fewest > 0 && sifting {
        let mut position = crossings::positions(graph, &best);
        for _ in 0..4 {
            used += 1;
            if !sift(graph, &mut best, &mut position) {
                break;
            }
        }
        fewest = crossings::total(graph, &best);
    }
    (fewest, best, used)
}

/// Moves each node to the place in its layer where its links cross the
/// fewest others; whether any node moved.
fn sift(graph: &Layered, order: &mut [Vec<usize>], position: &mut [usize]) -> bool {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut moved = false;
    for layer in order.iter_mut() {
        for v in layer.clone() {
            let from = position[v];
            layer.remove(from);
            // Crossings relative to v standing first: passing w adds
            // c(w above v) - c(v above w).
            let (mut change, mut best, mut best_change) = (0i64, 0usize, 0i64);
            for (i, &w) in layer.iter().enumerate() {
                change += pair_crossings(graph, position, w, v, &mut a, &mut b) as i64
                    - pair_crossings(graph, position, v, w, &mut a, &mut b) as i64;
                let closer = (i + 1).abs_diff(from) < best.abs_diff(from);
                if change < best_change || (change == best_change && closer) {
                    (best, best_change) = (i + 1, change);
                }
            }
            layer.insert(best, v);
            moved |= best != from;
            for (i, &w) in layer.iter().enumerate() {
                position[w] = i;
            }
        }
    }
    moved
}

/// Layers in the order a depth-first walk meets their nodes.
fn first_order(graph: &Layered, walk: Walk) -> Vec<Vec<usize>> {
    let mut seen = vec![false; graph.len()];
    let mut met = Vec::with_capacity(graph.len());
    let forward = walk == Walk::ForwardFromSources;
    let mut roots: Vec<usize> = (0..graph.len())
        .filter(|&v| if forward { graph.up(v).is_empty() } else { graph.down(v).is_empty() })
        .collect();
    roots.sort_by_key(|&v| if forward { graph.layer[v] } else { usize::MAX - graph.layer[v] });
    let mut stack = Vec::new();
    for &root in roots.iter().rev() {
        stack.push(root);
    }
    while let Some(v) = stack.pop() {
        if std::mem::replace(&mut seen[v], true) {
            continue;
        }
        met.push(v);
        // Pushed in reverse, so that they are met in order.
        match walk {
            Walk::BackOperandsFirst => stack.extend(graph.up(v).iter().rev().filter(|&&u| !seen[u])),
            Walk::BackOperandsLast => stack.extend(graph.up(v).iter().filter(|&&u| !seen[u])),
            Walk::ForwardFromSources => stack.extend(graph.down(v).iter().rev().filter(|&&u| !seen[u])),
        }
    }
    let mut order = vec![Vec::new(); graph.layers];
    for v in met {
        order[graph.layer[v]].push(v);
    }
    order
}

/// Sorts each layer by the median (or mean) position of its neighbours in
/// the layer before it (downward) or after it (upward). A node without such neighbours
/// keeps its place.
fn median_sweep(graph: &Layered, order: &mut [Vec<usize>], position: &mut [usize], downward: bool, key: Key) {
    let layers: Vec<usize> = if downward {
        (1..order.len()).collect()
    } else {
        (0..order.len().saturating_sub(1)).rev().collect()
    };
    let mut ends = Vec::new();
    for l in layers {
        let mut keyed: Vec<(f64, usize)> = Vec::with_capacity(order[l].len());
        let mut fixed: Vec<bool> = Vec::with_capacity(order[l].len());
        for &v in &order[l] {
            let neighbours = if downward { graph.up(v) } else { graph.down(v) };
            ends.clear();
            ends.extend(neighbours.iter().map(|&w| position[w] as f64));
            ends.sort_unstable_by(f64::total_cmp);
            let at = match key {
                Key::Median => median(&ends),
                Key::Barycenter => (!ends.is_empty()).then(|| ends.iter().sum::<f64>() / ends.len() as f64),
            };
            match at {
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
fn pair_crossings(
    graph: &Layered,
    position: &[usize],
    v: usize,
    w: usize,
    a: &mut Vec<usize>,
    b: &mut Vec<usize>,
) -> u64 {
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
