//! Texts to run, as they arrive: from a file, the command line or stdin. A
//! text that is not UTF-8 is still a text: its lines before the first bad
//! byte run, and the error points at that byte.

use std::io;
use std::path::Path;
use std::rc::Rc;

/// A text and the name messages give it (a path, `<stdin>`, `<-e>`).
#[derive(Clone, Debug)]
pub struct Source {
    pub origin: String,
    /// The text, with U+FFFD in place of any bytes that were not UTF-8.
    pub text: Rc<str>,
    /// Where in `text` the first byte that was not UTF-8 stood, if any.
    pub invalid_at: Option<usize>,
}

impl Source {
    /// A text that is known to be UTF-8.
    pub fn new(origin: impl Into<String>, text: impl Into<Rc<str>>) -> Self {
        Source { origin: origin.into(), text: text.into(), invalid_at: None }
    }

    /// Bytes that should be UTF-8.
    pub fn from_bytes(origin: impl Into<String>, bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Source::new(origin, text),
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let bytes = error.into_bytes();
                // Up to the first bad byte the lossy text is the text itself.
                let text = String::from_utf8_lossy(&bytes).into_owned();
                Source { origin: origin.into(), text: text.into(), invalid_at: Some(valid) }
            }
        }
    }

    /// The part of the text that can run: all of it, or the lines before the
    /// one holding the first bad byte.
    pub fn runnable(&self) -> &str {
        match self.invalid_at {
            Some(at) => &self.text[..self.text[..at].rfind('\n').map_or(0, |i| i + 1)],
            None => &self.text,
        }
    }
}

/// The largest text cgraph reads: positions in it are kept in 32 bits (an
/// op of a formula takes 24 bytes, not 32).
pub const MAX_TEXT: usize = u32::MAX as usize - 16;

/// A file's text, or a message saying why it cannot be read.
pub fn read_file(path: &Path) -> Result<Source, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {}", path.display(), reason(&e)))?;
    within_limit(bytes.len(), &path.display().to_string())?;
    Ok(Source::from_bytes(path.display().to_string(), bytes))
}

/// Refuses a text longer than [`MAX_TEXT`].
fn within_limit(len: usize, origin: &str) -> Result<(), String> {
    if len > MAX_TEXT {
        return Err(format!("cannot read {origin}: it is over 4 GiB, more than cgraph reads"));
    }
    Ok(())
}

/// Standard input's text, or a message saying why it cannot be read.
pub fn read_stdin() -> Result<Source, String> {
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut io::stdin(), &mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    within_limit(bytes.len(), "standard input")?;
    Ok(Source::from_bytes("<stdin>", bytes))
}

/// Why a file cannot be written, in words: as [`reason`], but a file to be
/// written is missing only when its folder is.
pub fn write_reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such folder".into(),
        _ => reason(error),
    }
}

/// Why a file cannot be read or written, in words: "no such file", not
/// "No such file or directory (os error 2)".
pub fn reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => {
            let text = error.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_before_a_bad_byte_can_run() {
        let source = Source::from_bytes("f", b"a = 1\nb = 2\nc = \xff3\nd = 4\n".to_vec());
        assert_eq!(source.invalid_at, Some(16));
        assert_eq!(source.runnable(), "a = 1\nb = 2\n");
        assert_eq!(&source.text[16..19], "\u{FFFD}");
        let clean = Source::from_bytes("f", b"x = 1".to_vec());
        assert_eq!((clean.invalid_at, clean.runnable()), (None, "x = 1"));
    }

    #[test]
    fn texts_past_4_gib_are_refused() {
        assert!(within_limit(MAX_TEXT, "f").is_ok());
        let refused = within_limit(MAX_TEXT + 1, "big.cg").unwrap_err();
        assert_eq!(refused, "cannot read big.cg: it is over 4 GiB, more than cgraph reads");
    }
}
