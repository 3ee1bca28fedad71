//! Columns (ranks): every edge goes at least one column rightwards, and edges
//! are kept short, as `dot`'s network simplex would, but in two linear passes:
//! a node with no inputs (a leaf) stands just left of its first user, and an
//! operation that feeds more edges than it takes moves as far right as its
//! users allow.

use super::Edge;

/// Each node's column, for `n` nodes joined by `edges` (each from a lower
/// index to a higher one).
pub fn ranks(n: usize, edges: &[Edge]) -> Vec<usize> {
    let mut inputs = vec![0usize; n];
    let mut outputs = vec![0usize; n];
    for edge in edges {
        debug_assert!(edge.from < edge.to, "edges go from lower to higher indices");
        inputs[edge.to] += 1;
        outputs[edge.from] += 1;
    }
    let mut by_target: Vec<&Edge> = edges.iter().collect();
    by_target.sort_by_key(|e| e.to);
    let mut by_source: Vec<&Edge> = edges.iter().collect();
    by_source.sort_by_key(|e| std::cmp::Reverse(e.from));

    // As early as the inputs allow, in index order (a topological order).
    let mut rank = vec![0usize; n];
    for edge in &by_target {
        rank[edge.to] = rank[edge.to].max(rank[edge.from] + 1);
    }
    // Then right as far as the users allow, in reverse order, for leaves and
    // for operations with more uses than inputs.
    let mut latest = vec![usize::MAX; n];
    let mut edges_of = by_source.iter().peekable();
    for v in (0..n).rev() {
        while let Some(edge) = edges_of.next_if(|e| e.from == v) {
            latest[v] = latest[v].min(rank[edge.to].saturating_sub(1));
        }
        if latest[v] != usize::MAX && (inputs[v] == 0 || outputs[v] > inputs[v]) {
            rank[v] = rank[v].max(latest[v]);
        }
    }
    let lowest = rank.iter().copied().min().unwrap_or(0);
    for r in &mut rank {
        *r -= lowest;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::layout::Size;

    fn edges(pairs: &[(usize, usize)]) -> Vec<Edge> {
        pairs.iter().map(|&(from, to)| Edge { from, to, label: Size::default() }).collect()
    }

    #[test]
    fn a_leaf_stands_just_left_of_its_first_user() {
        // (a*2 + b) * t: t is used only by the last layer.
        let ranks = ranks(7, &edges(&[(0, 2), (1, 2), (2, 4), (3, 4), (4, 6), (5, 6)]));
        assert_eq!(ranks, vec![0, 0, 1, 1, 2, 2, 3]);
    }

    #[test]
    fn every_edge_goes_right() {
        let pairs = [(0, 1), (0, 2), (1, 2), (0, 3), (2, 3), (3, 4), (1, 4)];
        let ranks = ranks(5, &edges(&pairs));
        for (from, to) in pairs {
            assert!(ranks[from] < ranks[to], "{from}->{to} in {ranks:?}");
        }
        assert_eq!(ranks[0], 0);
    }
}
