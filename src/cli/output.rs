//! `-o FILE`: output is written to a temporary file beside FILE and renamed
//! into place once it is complete and flushed, so a run that fails to write
//! never leaves half a file. A figure format makes one file per evaluation
//! (`fig.svg`, or `fig-1.svg`, `fig-2.svg`, … when there are several), since a
//! picture file holds one picture.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::script::Pages;

/// A file being written: its final name, and the temporary file that holds
/// its bytes until [`Staged::commit`].
pub struct Staged {
    target: PathBuf,
    file: BufWriter<NamedTempFile>,
}

impl Staged {
    /// Starts writing what will become `target`.
    pub fn new(target: &Path) -> io::Result<Staged> {
        let folder = match target.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".cgraph-").suffix(".part");
        // As open as a new file made by the shell (the umask still applies);
        // a temporary file is otherwise private to its owner.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let temporary = builder.tempfile_in(folder)?;
        Ok(Staged { target: target.to_owned(), file: BufWriter::with_capacity(1 << 16, temporary) })
    }

    /// Flushes the bytes to disk and renames the file into place as `target`
    /// (or as the name given), replacing what was there.
    pub fn commit_as(self, target: &Path) -> io::Result<()> {
        let temporary = self.file.into_inner().map_err(io::IntoInnerError::into_error)?;
        temporary.as_file().sync_all()?;
        keep_permissions(temporary.as_file(), target)?;
        temporary.persist(target).map_err(|e| e.error)?;
        Ok(())
    }

    /// [`Staged::commit_as`] under the name it was started with.
    pub fn commit(self) -> io::Result<()> {
        let target = self.target.clone();
        self.commit_as(&target)
    }

    /// The name the file will have.
    pub fn target(&self) -> &Path {
        &self.target
    }
}

impl Write for Staged {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.file.write(bytes)
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// A replaced file keeps its permissions; a new one gets what the shell's
/// `>` would give it (set when the temporary file was made).
fn keep_permissions(temporary: &File, target: &Path) -> io::Result<()> {
    match std::fs::metadata(target) {
        Ok(existing) => temporary.set_permissions(existing.permissions()),
        Err(_) => Ok(()),
    }
}

/// One file per figure, numbered when there are several.
pub struct FigureFiles {
    target: PathBuf,
    figures: Vec<Staged>,
}

impl FigureFiles {
    pub fn new(target: &Path) -> Self {
        FigureFiles { target: target.to_owned(), figures: Vec::new() }
    }

    /// The name the figures are written under (numbered when several).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Renames every figure into place; returns the names written.
    pub fn commit(self) -> io::Result<Vec<PathBuf>> {
        let several = self.figures.len() > 1;
        let mut written = Vec::new();
        for (i, figure) in self.figures.into_iter().enumerate() {
            let name = if several { numbered(&self.target, i + 1) } else { self.target.clone() };
            figure.commit_as(&name)?;
            written.push(name);
        }
        Ok(written)
    }
}

impl Pages for FigureFiles {
    fn next_page(&mut self) -> io::Result<&mut dyn Write> {
        if let Some(last) = self.figures.last_mut() {
            last.flush()?;
        }
        self.figures.push(Staged::new(&self.target)?);
        let last = self.figures.len() - 1;
        Ok(&mut self.figures[last])
    }
}

/// `fig.svg` as the `n`th of several: `fig-n.svg` (`fig-n` without an extension).
pub fn numbered(path: &Path, n: usize) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match path.extension() {
        Some(extension) => format!("{stem}-{n}.{}", extension.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_figures_are_numbered_before_the_extension() {
        assert_eq!(numbered(Path::new("fig.svg"), 1), PathBuf::from("fig-1.svg"));
        assert_eq!(numbered(Path::new("out/a.b.mmd"), 12), PathBuf::from("out/a.b-12.mmd"));
        assert_eq!(numbered(Path::new("figure"), 2), PathBuf::from("figure-2"));
    }

    #[test]
    fn nothing_is_in_place_until_committed() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("out.txt");
        std::fs::write(&target, "old").unwrap();
        let mut staged = Staged::new(&target).unwrap();
        staged.write_all(b"new").unwrap();
        staged.flush().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        staged.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // Only the target is left: the temporary file was renamed, not copied.
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_dropped_before_its_commit_leaves_nothing() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("out.txt");
        let mut staged = Staged::new(&target).unwrap();
        staged.write_all(b"half").unwrap();
        drop(staged);
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
    }
}
