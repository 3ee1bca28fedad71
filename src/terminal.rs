//! How wide the terminal is, for a table that fits it.

use std::io::{self, IsTerminal};

/// The columns of the terminal that stdout is: `COLUMNS` when it is set (a
/// user's say beats the terminal's), else what the terminal reports. `None`
/// when stdout is not a terminal: piped output is never cut.
pub fn width() -> Option<usize> {
    let stdout = io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    columns.filter(|&c| c > 0).or_else(|| {
        terminal_size::terminal_size_of(&stdout).map(|(terminal_size::Width(w), _)| usize::from(w))
    })
}
