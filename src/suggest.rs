//! "Did you mean ...?": the closest known name by edit distance.

/// The candidate closest to `word`, if one is close enough to be a likely typo:
/// at most one edit for short words, a third of the length for longer ones,
/// and never every letter (`z` is not a typo of `x`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 3).max(1).min(length.saturating_sub(1));
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (distance(word, c, limit), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance, giving up early (returning more than `limit`) when
/// the lengths alone already differ by more.
fn distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
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
}
