//! A text buffer for a figure drawn whole before it is written (an SVG
//! document needs its size first). It grows with `try_reserve`: a figure of
//! a million nodes that does not fit in memory is an error, not an abort.

use std::fmt;

/// A `String` whose growth can fail; once it has, it stays failed.
#[derive(Debug, Default)]
pub struct Buffer {
    text: String,
    failed: bool,
}

impl Buffer {
    /// The text, or how big it had grown when memory ran out.
    pub fn into_text(self) -> Result<String, usize> {
        if self.failed { Err(self.text.len()) } else { Ok(self.text) }
    }
}

impl fmt::Write for Buffer {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // Doubling, as `String` does, but asking first.
        if self.failed || self.text.try_reserve(s.len().max(self.text.len())).is_err() {
            self.failed = true;
            return Err(fmt::Error);
        }
        self.text.push_str(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    #[test]
    fn text_written_is_kept() {
        let mut buffer = Buffer::default();
        write!(buffer, "<g>{}</g>", 42).unwrap();
        assert_eq!(buffer.into_text(), Ok("<g>42</g>".to_owned()));
    }
}
