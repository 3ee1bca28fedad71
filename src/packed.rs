//! Many short strings held back to back in one `String`, each found by its
//! index: no allocation per string, and strings pushed in order lie side by
//! side. The session's table of names and each graph's node names use it.

/// Strings by index, in the order they were pushed.
#[derive(Clone, Debug, Default)]
pub struct Packed {
    text: String,
    ends: Vec<usize>,
}

impl Packed {
    /// Appends `s` and returns its index.
    pub fn push(&mut self, s: &str) -> usize {
        self.text.push_str(s);
        self.ends.push(self.text.len());
        self.ends.len() - 1
    }

    /// The string at index `i`.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// Makes room for `more` strings, or says that memory ran out.
    pub fn try_reserve(&mut self, more: usize) -> Result<(), std::collections::TryReserveError> {
        self.ends.try_reserve(more)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_back_by_index() {
        let mut packed = Packed::default();
        assert!(packed.is_empty());
        let words = ["x", "", "naïve", "w12"];
        let indices: Vec<usize> = words.iter().map(|w| packed.push(w)).collect();
        assert_eq!(indices, [0, 1, 2, 3]);
        assert!(words.iter().enumerate().all(|(i, w)| packed.get(i) == *w));
        assert_eq!(packed.len(), 4);
    }
}
