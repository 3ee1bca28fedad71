//! Texts to run, as they arrive: from a file, the command line or stdin. A
//! text that is not UTF-8 is still a text: its lines before the first bad
//! byte run, and the error points at that byte.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// A text and the name messages give it (a path, `<stdin>`, `<-e>`).
#[derive(Clone, Debug)]
pub struct Source {
    pub origin: String,
    /// The text, with U+FFFD in place of any bytes that were not UTF-8.
    pub text: Rc<str>,
    /// Where in `text` the first byte that was not UTF-8 stood, if any.
    pub invalid_at: Option<usize>,
    /// The folder of the file the text came from, which a relative path in
    /// it (`load("data.csv")`) is relative to; `None` for `-e`, stdin and
    /// the REPL, whose paths are relative to the working folder.
    pub folder: Option<PathBuf>,
}

impl Source {
    /// A text that is known to be UTF-8.
    pub fn new(origin: impl Into<String>, text: impl Into<Rc<str>>) -> Self {
        Source { origin: origin.into(), text: text.into(), invalid_at: None, folder: None }
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
                Source { origin: origin.into(), text: text.into(), invalid_at: Some(valid), folder: None }
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

/// The UTF-8 byte-order mark some editors put first: not part of the text.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file's text, or a message saying why it cannot be read. `-` is stdin.
pub fn read_file(path: &Path) -> Result<Source, String> {
    if path == Path::new("-") {
        return read_stdin();
    }
    let origin = path.display().to_string();
    let file = File::open(path).map_err(|e| format!("cannot read {origin}: {}", reason(&e)))?;
    let folder =
        path.parent().map(|folder| if folder.as_os_str().is_empty() { Path::new(".") } else { folder });
    Ok(Source { folder: folder.map(Path::to_path_buf), ..read(file, origin)? })
}

/// Standard input's text, or a message saying why it cannot be read.
pub fn read_stdin() -> Result<Source, String> {
    let origin = "<stdin>".to_owned();
    match stdin_file() {
        Ok(file) => read(file, origin),
        Err(e) => Err(format!("cannot read standard input: {e}")),
    }
}

/// Standard input as a file of its own on the same stream, to ask what kind it is.
#[cfg(unix)]
fn stdin_file() -> io::Result<File> {
    use std::os::fd::AsFd;
    Ok(File::from(io::stdin().as_fd().try_clone_to_owned()?))
}

#[cfg(windows)]
fn stdin_file() -> io::Result<File> {
    use std::os::windows::io::AsHandle;
    Ok(File::from(io::stdin().as_handle().try_clone_to_owned()?))
}

/// Reads `file` whole, once it is known to end and to fit.
fn read(mut file: File, origin: String) -> Result<Source, String> {
    let cannot = |why: &str| format!("cannot read {origin}: {why}");
    let metadata = file.metadata().map_err(|e| cannot(&reason(&e)))?;
    if metadata.is_dir() {
        return Err(cannot("it is a directory"));
    }
    // A device that is not a terminal (`/dev/zero`, `/dev/urandom`) may
    // never end: only what a script can be is read.
    if !(metadata.is_file() || is_fifo(&metadata) || file.is_terminal()) {
        return Err(cannot("it is a device, not a file, a pipe or a terminal"));
    }
    let free = memory_free();
    let limit = free.map_or(MAX_TEXT, |free| free.min(MAX_TEXT));
    let size = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
    if metadata.is_file() {
        within_limit(size, limit, free).map_err(|why| cannot(&why))?;
    }
    let mut bytes = Vec::new();
    if metadata.is_file() {
        bytes.try_reserve_exact(size.saturating_add(1)).map_err(|_| cannot(&too_big(size, free)))?;
    }
    // One byte past the limit tells a text that is too long from one that fits.
    let read = (&mut file).take(limit as u64 + 1).read_to_end(&mut bytes);
    read.map_err(|e| match e.kind() {
        io::ErrorKind::OutOfMemory => cannot(&too_big(bytes.len(), free)),
        _ => cannot(&reason(&e)),
    })?;
    within_limit(bytes.len(), limit, free).map_err(|why| cannot(&why))?;
    if bytes.starts_with(BOM) {
        // Drained in place: no second copy of a big text.
        bytes.drain(..BOM.len());
    }
    Ok(Source::from_bytes(origin, bytes))
}

/// Refuses a text longer than `limit` ([`MAX_TEXT`], or the memory free).
fn within_limit(len: usize, limit: usize, free: Option<usize>) -> Result<(), String> {
    if len > MAX_TEXT {
        return Err("it is over 4 GiB, more than cgraph reads".into());
    }
    if len > limit {
        return Err(too_big(len, free));
    }
    Ok(())
}

/// Why a text of `len` bytes does not fit.
fn too_big(len: usize, free: Option<usize>) -> String {
    let mb = |n: usize| n.div_ceil(1 << 20);
    match free {
        Some(free) => format!("it is {} MB or more, and only {} MB of memory is free", mb(len), mb(free)),
        None => format!("it is {} MB or more, more than fits in memory", mb(len)),
    }
}

#[cfg(unix)]
fn is_fifo(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    metadata.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_fifo(_: &std::fs::Metadata) -> bool {
    false
}

/// The memory this process may still take: what the system has available,
/// and no more than its address-space limit (`ulimit -v`) leaves. `None`
/// where that cannot be known.
#[cfg(target_os = "linux")]
pub fn memory_free() -> Option<usize> {
    let field = |text: &str, name: &str| -> Option<usize> {
        let line = text.lines().find(|l| l.starts_with(name))?;
        line[name.len()..].split_whitespace().next()?.parse().ok()
    };
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let available = field(&meminfo, "MemAvailable:")?.saturating_mul(1024);
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let address_space = field(&limits, "Max address space");
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let used = field(&status, "VmSize:").unwrap_or(0).saturating_mul(1024);
    Some(match address_space {
        Some(limit) => available.min(limit.saturating_sub(used)),
        None => available,
    })
}

#[cfg(not(target_os = "linux"))]
pub fn memory_free() -> Option<usize> {
    None
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
    fn texts_past_4_gib_or_the_memory_free_are_refused() {
        assert!(within_limit(MAX_TEXT, MAX_TEXT, None).is_ok());
        let refused = within_limit(MAX_TEXT + 1, MAX_TEXT, None).unwrap_err();
        assert_eq!(refused, "it is over 4 GiB, more than cgraph reads");
        let refused = within_limit(300 << 20, 200 << 20, Some(200 << 20)).unwrap_err();
        assert_eq!(refused, "it is 300 MB or more, and only 200 MB of memory is free");
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("bom.cg");
        std::fs::write(&path, b"\xEF\xBB\xBFx = 1\n").unwrap();
        assert_eq!(&*read_file(&path).unwrap().text, "x = 1\n");
    }

    #[test]
    fn devices_that_may_never_end_are_refused() {
        let refused = read_file(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(refused, "cannot read /dev/zero: it is a device, not a file, a pipe or a terminal");
    }
}
