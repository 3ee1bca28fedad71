//! A layered left-to-right layout for the SVG figure, in the spirit of
//! Graphviz's `dot` but small:
//!
//! 1. columns: a layer stands one column right of its furthest operand; a
//!    leaf stands just left of its first user (so `tax` sits beside the last
//!    `×`, as in the book's figure, rather than far left);
//! 2. order within a column: barycenter sweeps, right and left, to reduce
//!    crossings;
//! 3. heights: a layer at the mean height of its operands, pushed apart by
//!    the nodes' heights, each column then shifted to stay near its operands.
//!
//! Everything is linear or n·log n in the graph's size; nothing recurses.

use crate::graph::Graph;

/// Where each node of a graph goes: its column and its centre's height.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Column of each node (0 is leftmost).
    pub column: Vec<usize>,
    /// Height of each node's centre, in units of the row gap (0 is the top).
    pub row: Vec<f64>,
    pub columns: usize,
}

/// Lays out nodes `0..=output` of `graph`; `height[i]` is how tall node `i`
/// is, in rows (at least 1): neighbours in a column keep that far apart.
pub fn layout(graph: &Graph, output: usize, height: &[f64]) -> Layout {
    let n = output + 1;
    let nodes = &graph.nodes[..n];
    // 1. Columns.
    let mut column = vec![0usize; n];
    for (i, node) in nodes.iter().enumerate() {
        if let Some(furthest) = node.operands().iter().map(|&o| column[o as usize]).max() {
            column[i] = furthest + 1;
        }
    }
    let mut first_user = vec![usize::MAX; n];
    for (user, node) in nodes.iter().enumerate() {
        for &operand in node.operands() {
            let slot = &mut first_user[operand as usize];
            *slot = (*slot).min(column[user]);
        }
    }
    for (i, node) in nodes.iter().enumerate() {
        if node.layer.arity() == 0 && first_user[i] != usize::MAX {
            column[i] = first_user[i].saturating_sub(1);
        }
    }
    let columns = column.iter().max().map_or(1, |c| c + 1);

    // 2. Order within columns: forward order first, then barycenter sweeps.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for (i, &c) in column.iter().enumerate() {
        members[c].push(i);
    }
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, node) in nodes.iter().enumerate() {
        for &operand in node.operands() {
            users[operand as usize].push(i);
        }
    }
    let mut place = vec![0f64; n];
    for column in &members {
        for (k, &i) in column.iter().enumerate() {
            place[i] = k as f64;
        }
    }
    for sweep in 0..4 {
        let rightward = sweep % 2 == 0;
        let order: Vec<usize> = if rightward { (1..columns).collect() } else { (0..columns).rev().collect() };
        for c in order {
            let mut keyed: Vec<(f64, usize)> = members[c]
                .iter()
                .map(|&i| {
                    let key = if rightward {
                        mean(nodes[i].operands().iter().map(|&o| place[o as usize]))
                    } else {
                        mean(users[i].iter().map(|&j| place[j]))
                    };
                    (key.unwrap_or(place[i]), i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            members[c] = keyed.into_iter().map(|(_, i)| i).collect();
            for (k, &i) in members[c].iter().enumerate() {
                place[i] = k as f64;
            }
        }
    }

    // 3. Heights, column by column from the left.
    let mut row = vec![f64::NAN; n];
    for column in &members {
        let wanted: Vec<Option<f64>> = column
            .iter()
            .map(|&i| mean(nodes[i].operands().iter().map(|&o| row[o as usize]).filter(|y| !y.is_nan())))
            .collect();
        let mut previous: Option<(f64, f64)> = None; // (its row, half its height)
        for (&i, want) in column.iter().zip(&wanted) {
            let half = height[i].max(1.0) / 2.0;
            let free = previous.map(|(y, h)| y + h + half);
            let y = match (want, free) {
                (Some(want), Some(free)) => want.max(free),
                (Some(want), None) => *want,
                (None, Some(free)) => free,
                (None, None) => 0.0,
            };
            row[i] = y;
            previous = Some((y, half));
        }
        // Shift the column back up by its mean drift from where it was wanted.
        let drift = mean(column.iter().zip(&wanted).filter_map(|(&i, w)| w.map(|w| row[i] - w)));
        if let Some(drift) = drift {
            for &i in column {
                row[i] -= drift;
            }
        }
    }
    let top = row.iter().copied().fold(f64::INFINITY, f64::min);
    for y in &mut row {
        *y -= top;
    }
    Layout { column, row, columns }
}

/// The mean of some numbers, if there are any.
fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
    (count > 0).then(|| sum / count as f64)
}
