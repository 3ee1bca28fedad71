//! Counting edge crossings between neighbouring layers: two links cross when
//! their ends come in opposite orders. Counted as inversions with a Fenwick
//! tree (Barth, Jünger and Mutzel), in E·log V per pair of layers.

use super::chain::Layered;

/// Crossings of the links between layer `l` and layer `l + 1`, given each
/// node's position within its layer.
pub fn between(graph: &Layered, order: &[Vec<usize>], position: &[usize], l: usize) -> u64 {
    let mut ends: Vec<usize> = Vec::new();
    for &v in &order[l] {
        let start = ends.len();
        // Edges cut short (see `chain`) jump layers: not counted here.
        ends.extend(graph.down(v).iter().filter(|&&w| graph.layer[w] == l + 1).map(|&w| position[w]));
        ends[start..].sort_unstable();
    }
    count(&ends, order.get(l + 1).map_or(0, Vec::len))
}

/// Crossings of the whole layout.
pub fn total(graph: &Layered, order: &[Vec<usize>]) -> u64 {
    let position = positions(graph, order);
    (0..order.len().saturating_sub(1)).map(|l| between(graph, order, &position, l)).sum()
}

/// Each node's position within its layer.
pub fn positions(graph: &Layered, order: &[Vec<usize>]) -> Vec<usize> {
    let mut position = vec![0usize; graph.len()];
    for layer in order {
        for (i, &v) in layer.iter().enumerate() {
            position[v] = i;
        }
    }
    position
}

/// The inversions of `ends` (pairs i < j with ends[i] > ends[j]), each end
/// below `width`.
pub fn count(ends: &[usize], width: usize) -> u64 {
    let mut tree = vec![0u64; width + 1];
    let mut inversions = 0u64;
    for (seen, &end) in ends.iter().enumerate() {
        // How many ends seen so far are at most `end`.
        let (mut i, mut at_most) = (end + 1, 0u64);
        while i > 0 {
            at_most += tree[i];
            i &= i - 1;
        }
        inversions += seen as u64 - at_most;
        let mut i = end + 1;
        while i <= width {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }
    inversions
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn inversions_are_counted_pair_by_pair() {
        let brute = |ends: &[usize]| {
            let mut n = 0;
            for i in 0..ends.len() {
                for j in i + 1..ends.len() {
                    n += u64::from(ends[i] > ends[j]);
                }
            }
            n
        };
        for ends in [&[0usize, 1, 2][..], &[2, 1, 0], &[1, 1, 0, 3, 2, 2], &[], &[4, 0, 4, 1]] {
            assert_eq!(count(ends, 5), brute(ends), "{ends:?}");
        }
    }
}
