//! Facts about the standard streams that the standard library hides.

/// Whether standard output was closed when cgraph started (`cgraph x.cg >&-`).
///
/// The Rust runtime opens `/dev/null` read-write on a standard stream that
/// starts closed, so every write would succeed and the output vanish without
/// a word. A shell's `> /dev/null` opens it write-only; read-write
/// `/dev/null` on stdout is the runtime's stand-in, so it counts as closed.
#[cfg(target_os = "linux")]
pub fn stdout_closed() -> bool {
    let target = std::fs::read_link("/proc/self/fd/1");
    if !target.is_ok_and(|path| path == std::path::Path::new("/dev/null")) {
        return false;
    }
    let Ok(info) = std::fs::read_to_string("/proc/self/fdinfo/1") else {
        return false;
    };
    // `flags:` is octal; the access mode is its low two bits (2: read-write).
    let flags = info.lines().find_map(|line| line.strip_prefix("flags:"));
    flags.and_then(|f| u32::from_str_radix(f.trim(), 8).ok()).is_some_and(|f| f & 0o3 == 0o2)
}

/// Elsewhere the runtime's stand-in cannot be told apart: assume it is open.
#[cfg(not(target_os = "linux"))]
pub fn stdout_closed() -> bool {
    false
}
