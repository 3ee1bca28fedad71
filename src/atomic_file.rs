//! Writing a file so that it is either the old one or the whole new one,
//! never a part: the bytes go to a temporary file beside it, are flushed to
//! the disk, and only then renamed over it. A full disk or a crash halfway
//! leaves the old file as it was.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces the file at `path` with `bytes`, or leaves it untouched. A
/// symbolic link is followed (the file it names is replaced, not the link);
/// a device or a folder is never replaced by a file.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = match fs::metadata(path) {
        Ok(metadata) if !metadata.is_file() => return Err(io::Error::other("it is not a regular file")),
        Ok(_) => fs::canonicalize(path)?,
        Err(error) if error.kind() == io::ErrorKind::NotFound => path.to_owned(),
        Err(error) => return Err(error),
    };
    let path = target.as_path();
    let (temporary, mut file) = create_beside(path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    let replaced = written.and_then(|()| fs::rename(&temporary, path));
    if replaced.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    replaced
}

/// A new file in the folder of `path` (a rename never crosses a file system
/// there), named after it so that a leftover says whose it was.
fn create_beside(path: &Path) -> io::Result<(PathBuf, File)> {
    let name = path.file_name().ok_or_else(|| io::Error::other("it is not a file name"))?;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut attempt = 0u32;
    loop {
        let mut temporary_name = std::ffi::OsString::from(".");
        temporary_name.push(name);
        temporary_name.push(format!(".{}.{attempt}.tmp", std::process::id()));
        let temporary = folder.join(temporary_name);
        match OpenOptions::new().write(true).create_new(true).open(&temporary) {
            Ok(file) => return Ok((temporary, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_text_replaces_the_old_and_nothing_is_left_beside_it() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("s.cg");
        fs::write(&path, "old").unwrap();
        write(&path, b"new text").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new text");
        let names: Vec<_> = fs::read_dir(folder.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["s.cg"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_kept() {
        let folder = tempfile::tempdir().unwrap();
        let (real, link) = (folder.path().join("real.cg"), folder.path().join("link.cg"));
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("s.cg");
        fs::write(&path, "old").unwrap();
        // A folder where the file should go cannot be replaced by a file.
        let blocked = folder.path().join("sub");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("keep"), "x").unwrap();
        assert_eq!(write(&blocked, b"new").unwrap_err().to_string(), "it is not a regular file");
        assert_eq!(fs::read_to_string(blocked.join("keep")).unwrap(), "x");
        assert!(write(Path::new("/dev/null"), b"new").is_err(), "a device stays a device");
        assert!(write(&folder.path().join("missing/s.cg"), b"new").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 2, "no temporary file left");
    }
}
