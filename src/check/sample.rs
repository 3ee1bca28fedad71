//! Which elements of a big input the check nudges: all of them up to a
//! size, else that many chosen at random, but the same on every run and
//! every machine (the generator of `randn`, seeded by the leaf).

use crate::matrix::Rng;

/// The indices, ascending, of `wanted` of `len` elements, by selection
/// sampling (Knuth's Algorithm S): one pass in order, each index taken with
/// probability (still wanted) / (still left), so exactly `wanted` are taken,
/// every subset equally likely, and nothing is held in memory.
#[derive(Clone, Debug)]
pub struct Sample {
    rng: Rng,
    next: usize,
    len: usize,
    wanted: usize,
}

impl Sample {
    /// At most `size` of `len` indices, drawn with `seed`.
    pub fn new(len: usize, size: usize, seed: u64) -> Sample {
        Sample { rng: Rng::new(seed), next: 0, len, wanted: size.min(len) }
    }
}

impl Iterator for Sample {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.wanted > 0 && self.next < self.len {
            let index = self.next;
            let left = self.len - index;
            self.next += 1;
            // A uniform number in (0, 1] times `left` is at most `wanted`
            // with probability wanted / left; when they are equal, always.
            if left == self.wanted || self.rng.uniform() * left as f64 <= self.wanted as f64 {
                self.wanted -= 1;
                return Some(index);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_input_is_taken_whole_in_order() {
        assert_eq!(Sample::new(5, 10, 7).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
        assert_eq!(Sample::new(3, 3, 7).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(Sample::new(0, 3, 7).count(), 0);
    }

    #[test]
    fn a_big_input_gives_exactly_the_size_distinct_and_ascending() {
        for (len, size) in [(10_001, 10_000), (50_000, 10_000), (7, 1), (1000, 999)] {
            let sample: Vec<usize> = Sample::new(len, size, 3).collect();
            assert_eq!(sample.len(), size, "{len} {size}");
            assert!(sample.windows(2).all(|w| w[0] < w[1]), "{len} {size}");
            assert!(sample.last().is_some_and(|&last| last < len));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_sample_and_another_seed_another() {
        let a: Vec<usize> = Sample::new(40_000, 10_000, 1).collect();
        let b: Vec<usize> = Sample::new(40_000, 10_000, 1).collect();
        let c: Vec<usize> = Sample::new(40_000, 10_000, 2).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    /// Spread over the whole input, not bunched at its start or end: each
    /// tenth of 100,000 elements gets about a tenth of 10,000 (a binomial
    /// with a standard deviation of 30; 200 is more than six of them).
    #[test]
    fn the_sample_covers_the_input_evenly() {
        let mut tenths = [0usize; 10];
        for index in Sample::new(100_000, 10_000, 0) {
            tenths[index / 10_000] += 1;
        }
        assert!(tenths.iter().all(|&n| n.abs_diff(1000) < 200), "{tenths:?}");
    }
}
