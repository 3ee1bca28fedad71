//! The history file: where it is (`CGRAPH_HISTORY`, or the platform's data
//! folder), loading it at the start, and appending every entry as it is made
//! so that a killed terminal loses nothing. A file that cannot be read or
//! written, or is not a regular file, costs one warning and the history of
//! this run, never the REPL.

use std::io::{self, Write};
use std::path::PathBuf;

use rustyline::Editor;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;

use super::shell::Shell;
use crate::render::style;

/// The history file, while it can be written.
pub(super) struct HistoryFile {
    path: Option<PathBuf>,
    color: bool,
}

impl HistoryFile {
    /// Finds the file and loads it into `editor`'s history.
    pub fn open(editor: &mut Editor<Shell, DefaultHistory>, color: bool) -> Self {
        let mut file = HistoryFile { path: None, color };
        let path = match location() {
            Ok(path) => path,
            Err(reason) => {
                file.warn(&reason);
                return file;
            }
        };
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if let Err(error) = std::fs::create_dir_all(folder) {
                file.warn(&format!("cannot create {}: {error}", folder.display()));
                return file;
            }
        }
        // A device (`/dev/zero`, `/dev/full`) or a pipe as history would be
        // read forever or written in vain: only a regular file is history.
        match std::fs::metadata(&path) {
            Ok(metadata) if !metadata.is_file() => {
                file.warn(&format!("{} is not a regular file", path.display()));
                return file;
            }
            _ => {}
        }
        match editor.load_history(&path) {
            Ok(()) => {}
            Err(ReadlineError::Io(error)) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => {
                file.warn(&format!("cannot read {}: {error}", path.display()));
                return file;
            }
        }
        file.path = Some(path);
        file
    }

    /// Adds `entry` to the history and appends it to the file.
    pub fn add(&mut self, editor: &mut Editor<Shell, DefaultHistory>, entry: &str) {
        if entry.trim().is_empty() {
            return;
        }
        // Only an error of the history's own settings can come back here.
        let _ = editor.add_history_entry(entry);
        if let Some(path) = &self.path {
            if let Err(error) = editor.append_history(path) {
                let message = format!("cannot write {}: {error}", path.display());
                self.path = None;
                self.warn(&message);
            }
        }
    }

    fn warn(&self, reason: &str) {
        let label = style::warning("warning", self.color);
        let _ = writeln!(io::stderr(), "cgraph: {label}: {reason}; the history of this run will not be kept");
    }
}

/// `CGRAPH_HISTORY`, or `history` in cgraph's folder of the platform's data
/// folder (`~/.local/share/cgraph/history` on Linux).
fn location() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("CGRAPH_HISTORY").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    dirs::data_dir()
        .map(|dir| dir.join("cgraph").join("history"))
        .ok_or_else(|| "no data folder was found for the history (set CGRAPH_HISTORY)".to_owned())
}
