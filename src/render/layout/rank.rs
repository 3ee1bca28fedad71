//! Columns (ranks): every edge goes at least one column rightwards, and edges
//! are kept short, as `dot`'s network simplex would, but in two linear passes:
//! first every node as far left as its operands allow, then, from the output
//! back, a node moves as far right as its users allow unless that stretches
//! more edges than it shortens. On a tie it moves: a layer then stands next
//! to the one it feeds (`c*0.41` beside its `-`, not far left beside `c`),
//! which in measured graphs crosses far fewer edges. What feeds a node and
//! nothing else (a leaf, or a subtree used once, like `x1*w1` in a long sum)
//! moves along with it, so its edges stretch nothing.

use super::Edge;

/// Each node's column, for `n` nodes joined by `edges` (each from a lower
/// index to a higher one).
pub fn ranks(n: usize, edges: &[Edge]) -> Vec<usize> {
    let mut by_target: Vec<&Edge> = edges.iter().collect();
    by_target.sort_by_key(|e| e.to);
    let mut by_source: Vec<&Edge> = edges.iter().collect();
    by_source.sort_by_key(|e| std::cmp::Reverse(e.from));
    let mut outputs = vec![0usize; n];
    // The one node that uses a node, if only one does (however often).
    let mut only_user = vec![None; n];
    let mut shared = vec![false; n];
    for edge in edges {
        debug_assert!(edge.from < edge.to, "edges go from lower to higher indices");
        outputs[edge.from] += 1;
        match only_user[edge.from] {
            Some(user) if user != edge.to => shared[edge.from] = true,
            _ => only_user[edge.from] = Some(edge.to),
        }
    }
    // A node that moves along with its only user: used by one node, and
    // made only of such nodes.
    let mut follows: Vec<bool> = (0..n).map(|v| !shared[v] && only_user[v].is_some()).collect();
    // Edges a node would stretch by moving right: those from nodes that
    // stay.
    let mut pinned = vec![0usize; n];
    let mut rank = vec![0usize; n];
    for edge in &by_target {
        rank[edge.to] = rank[edge.to].max(rank[edge.from] + 1);
        if !follows[edge.from] {
            pinned[edge.to] += 1;
            follows[edge.to] = false;
        }
    }
    let mut latest = vec![usize::MAX; n];
    let mut edges_of = by_source.iter().peekable();
    for v in (0..n).rev() {
        while let Some(edge) = edges_of.next_if(|e| e.from == v) {
            latest[v] = latest[v].min(rank[edge.to].saturating_sub(1));
        }
        if latest[v] != usize::MAX && outputs[v] >= pinned[v] {
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
    fn a_product_used_once_stands_next_to_its_sum() {
        // x1*w1 + x2*w2 + x3*w3, summed left to right: nodes 0-1 x1 w1,
        // 2 mul, 3-4 x2 w2, 5 mul, 6 add, 7-8 x3 w3, 9 mul, 10 add.
        let pairs = [(0, 2), (1, 2), (3, 5), (4, 5), (2, 6), (5, 6), (7, 9), (8, 9), (6, 10), (9, 10)];
        let ranks = ranks(11, &edges(&pairs));
        assert_eq!(ranks[9], ranks[10] - 1, "{ranks:?}");
        assert_eq!((ranks[7], ranks[8]), (ranks[9] - 1, ranks[9] - 1), "{ranks:?}");
    }

    #[test]
    fn a_node_used_by_several_stays_near_its_operands() {
        // s = a*b used by two layers far apart: 0 a, 1 b, 2 s, 3 c, 4 t =
        // s*c, 5 u = t + 1.. then 6 = s + u.
        let pairs = [(0, 2), (1, 2), (2, 4), (3, 4), (4, 5), (2, 6), (5, 6)];
        let ranks = ranks(7, &edges(&pairs));
        assert_eq!(ranks[2], 1, "{ranks:?}");
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
