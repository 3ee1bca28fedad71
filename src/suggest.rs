//! "Did you mean ...?": a known name that differs only in case, or else the
//! closest by edit distance. The work is bounded, so that a suggestion never
//! costs more than reading the names did: candidates whose length alone
//! rules them out are skipped, the distance is computed only within the
//! band of the edits allowed, and words longer than [`MAX_WORD`] or a search
//! past [`BUDGET`] steps get what was found so far.

/// Words longer than this many characters get only a suggestion that
/// differs in case: a typo in a name this long is not what happened.
const MAX_WORD: usize = 64;

/// The most cells of the distance tables one suggestion fills (a few
/// milliseconds); past it, the best candidate so far is the answer.
const BUDGET: usize = 20_000_000;

/// The candidate closest to `word`, if one is close enough to be a likely
/// typo: the same name in another case (`X` for `x`) first, then at most one
/// edit for short words, a third of the length for longer ones, and never
/// every letter (`z` is not a typo of `x`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().filter(|c| *c != word).collect();
    if let Some(same) = candidates.iter().copied().filter(|c| same_but_case(word, c)).min() {
        return Some(same);
    }
    let word: Vec<char> = word.chars().collect();
    let length = word.len();
    if length > MAX_WORD {
        return None;
    }
    let limit = (length / 3).max(1).min(length.saturating_sub(1));
    let mut budget = BUDGET;
    let mut best: Option<(usize, &'a str)> = None;
    let mut other = Vec::new();
    for candidate in candidates {
        // A character takes one to four bytes: the byte length bounds the
        // number of characters without counting them.
        let bytes = candidate.len();
        if bytes + limit < length || bytes.div_ceil(4) > length + limit {
            continue;
        }
        other.clear();
        other.extend(candidate.chars());
        let cost = other.len() * (2 * limit + 1);
        if cost > budget {
            break;
        }
        budget -= cost;
        let d = distance(&word, &other, limit);
        if d <= limit && best.is_none_or(|(bd, bc)| (d, candidate) < (bd, bc)) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Whether `a` and `b` are the same name in different case.
fn same_but_case(a: &str, b: &str) -> bool {
    a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

/// Levenshtein distance when it is at most `limit`, and more than `limit`
/// otherwise: only the cells within `limit` of the diagonal are computed
/// (others cannot lead to a distance within it), so it costs
/// O(len × limit), not O(len²).
fn distance(a: &[char], b: &[char], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let over = limit + 1;
    let mut previous: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    let mut current = vec![over; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let row = i + 1;
        let (low, high) = (row.saturating_sub(limit).max(1), (row + limit).min(b.len()));
        current.fill(over);
        current[0] = row.min(over);
        for j in low..=high {
            let substitution = previous[j - 1] + usize::from(*ca != b[j - 1]);
            current[j] = substitution.min(previous[j] + 1).min(current[j - 1] + 1).min(over);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_close_name() {
        assert_eq!(closest("aple", ["apple", "orange"]), Some("apple"));
        assert_eq!(closest("sigmoud", ["sigmoid", "sin"]), Some("sigmoid"));
    }

    #[test]
    fn stays_quiet_when_nothing_is_close() {
        assert_eq!(closest("banana", ["apple", "orange"]), None);
        assert_eq!(closest("x", ["x"]), None);
        assert_eq!(closest("z", ["x", "y"]), None);
        assert_eq!(closest("ab", ["abc"]), Some("abc"));
    }

    #[test]
    fn a_name_in_another_case_is_suggested_first() {
        assert_eq!(closest("X", ["x", "y"]), Some("x"));
        assert_eq!(closest("Apple", ["apple", "Apples"]), Some("apple"));
        assert_eq!(closest("ÄPFEL", ["äpfel"]), Some("äpfel"));
    }

    /// The banded distance agrees with the whole table whenever either is
    /// within the limit.
    #[test]
    fn the_band_gives_the_full_distance_within_the_limit() {
        fn full(a: &[char], b: &[char]) -> usize {
            let mut previous: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.iter().enumerate() {
                let mut current = vec![i + 1; b.len() + 1];
                for (j, cb) in b.iter().enumerate() {
                    current[j + 1] =
                        (previous[j] + usize::from(ca != cb)).min(previous[j + 1] + 1).min(current[j] + 1);
                }
                previous = current;
            }
            previous[b.len()]
        }
        let words =
            ["", "a", "ab", "ba", "abc", "acb", "kitten", "sitting", "sigmoid", "sigmoud", "xyzzy", "apple"];
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                for limit in 0..5 {
                    let (banded, whole) = (distance(&a, &b, limit), full(&a, &b));
                    if whole <= limit {
                        assert_eq!(banded, whole, "{a:?} {b:?} {limit}");
                    } else {
                        assert!(banded > limit, "{a:?} {b:?} {limit}");
                    }
                }
            }
        }
    }

    #[test]
    fn long_words_cost_no_more_than_reading_them() {
        let (defined, typed) = ("a".repeat(100_000), "b".repeat(100_000));
        let started = std::time::Instant::now();
        assert_eq!(closest(&typed, [defined.as_str()]), None);
        let many: Vec<String> = (0..200_000).map(|i| format!("name{i:06}")).collect();
        assert_eq!(closest("name00000x", many.iter().map(String::as_str)), Some("name000000"));
        assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
    }
}
