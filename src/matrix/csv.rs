//! `load("file.csv")`: a numeric CSV as a matrix. A first row that is not
//! all numbers is a header and skipped; blank lines are skipped; every other
//! row must have the first data row's number of cells, each a number (an
//! optional pair of double quotes around it is allowed). Errors carry the
//! LINE and COL (1-based, in characters) of the CSV, for `FILE:LINE:COL`.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::Matrix;

/// The largest file `load` reads. Its matrix takes at most four times as
/// many bytes (every cell two characters, `0,`, each an 8-byte f64).
pub const MAX_CSV_BYTES: u64 = 64 << 20;

/// Why a CSV could not be loaded.
#[derive(Clone, Debug, PartialEq)]
pub enum CsvError {
    /// The file could not be opened or read: the system's message.
    Io(String),
    /// The file is larger than [`MAX_CSV_BYTES`] (`bytes` is its size when
    /// the system tells it).
    TooLarge { bytes: Option<u64> },
    /// The file holds no row of numbers.
    NoData,
    /// A problem at a place in the file.
    At { line: usize, col: usize, problem: Problem },
}

/// What is wrong at a place in the CSV.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// Bytes that are not UTF-8 text.
    NotText,
    /// A cell that is not a number: its text (shortened) and which cell of
    /// the row it is (1-based).
    BadCell { text: String, cell: usize },
    /// A row with another number of cells than the first data row.
    Ragged { found: usize, expected: usize },
}

impl CsvError {
    /// LINE and COL (1-based) of the problem, when it has a place.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            CsvError::At { line, col, .. } => Some((*line, *col)),
            CsvError::Io(_) | CsvError::TooLarge { .. } | CsvError::NoData => None,
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mib = MAX_CSV_BYTES >> 20;
        match self {
            CsvError::Io(message) => f.write_str(message),
            CsvError::TooLarge { bytes: Some(b) } => {
                write!(f, "the file is {} MiB, larger than load reads ({mib} MiB)", b.div_ceil(1 << 20))
            }
            CsvError::TooLarge { bytes: None } => write!(f, "the file is larger than load reads ({mib} MiB)"),
            CsvError::NoData => f.write_str("the file has no row of numbers"),
            CsvError::At { line, col, problem } => {
                write!(f, "{line}:{col}: ")?;
                match problem {
                    Problem::NotText => f.write_str("this is not text (not UTF-8)"),
                    Problem::BadCell { text, cell } => write!(f, "cell {cell} is {text:?}, not a number"),
                    Problem::Ragged { found, expected } => {
                        write!(f, "this row has {found} cells, the first row of numbers has {expected}")
                    }
                }
            }
        }
    }
}

impl std::error::Error for CsvError {}

/// Reads and parses the CSV at `path`, refusing a file larger than
/// [`MAX_CSV_BYTES`] before reading it (and while reading, for a file whose
/// size the system does not tell, such as a pipe).
pub fn load(path: &Path) -> Result<Matrix, CsvError> {
    let io = |e: std::io::Error| CsvError::Io(e.to_string());
    let file = File::open(path).map_err(io)?;
    if let Ok(meta) = file.metadata()
        && meta.len() > MAX_CSV_BYTES
    {
        return Err(CsvError::TooLarge { bytes: Some(meta.len()) });
    }
    let mut bytes = Vec::new();
    file.take(MAX_CSV_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(CsvError::TooLarge { bytes: None });
    }
    parse(&bytes)
}

/// Parses CSV text (see the module's notes for the format).
pub fn parse(bytes: &[u8]) -> Result<Matrix, CsvError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = place(&bytes[..e.valid_up_to()]);
        CsvError::At { line, col, problem: Problem::NotText }
    })?;
    let mut values = Vec::new();
    let (mut rows, mut cols) = (0usize, 0usize);
    let mut first = true;
    for (index, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        let header = first && cells(line).any(|(_, cell)| number_of(cell).is_none());
        first = false;
        if header {
            continue;
        }
        let before = values.len();
        for (n, (start, cell)) in cells(line).enumerate() {
            let value = number_of(cell).ok_or_else(|| CsvError::At {
                line: number,
                col: column(line, start),
                problem: Problem::BadCell { text: shortened(cell), cell: n + 1 },
            })?;
            if rows > 0 && n == cols {
                let problem = Problem::Ragged { found: cells(line).count(), expected: cols };
                return Err(CsvError::At { line: number, col: column(line, start), problem });
            }
            values.push(value);
        }
        let found = values.len() - before;
        if rows == 0 {
            cols = found;
        } else if found != cols {
            let problem = Problem::Ragged { found, expected: cols };
            return Err(CsvError::At { line: number, col: column(line, line.len()), problem });
        }
        rows += 1;
    }
    if rows == 0 {
        return Err(CsvError::NoData);
    }
    Matrix::from_shape_vec((rows, cols), values).map_err(|e| CsvError::Io(e.to_string()))
}

/// The cells of a line with the byte offset where each one's text starts
/// (after blanks), trimmed of blanks.
fn cells(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    line.split(',').map(move |cell| {
        let start = offset + (cell.len() - cell.trim_start().len());
        offset += cell.len() + 1;
        (start, cell.trim())
    })
}

/// A cell's number: Rust's reading of a float, inside optional quotes.
fn number_of(cell: &str) -> Option<f64> {
    let inner = cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')).unwrap_or(cell);
    inner.trim().parse().ok()
}

/// The 1-based column, in characters, of byte `offset` of `line`.
fn column(line: &str, offset: usize) -> usize {
    line[..offset].chars().count() + 1
}

/// LINE and COL just after `valid` (the UTF-8 text before a bad byte).
fn place(valid: &[u8]) -> (usize, usize) {
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    // Valid UTF-8, so the characters are the bytes that do not continue one.
    let col = valid[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
    (line, col)
}

/// At most 30 characters of a cell, for an error message.
fn shortened(cell: &str) -> String {
    match cell.char_indices().nth(30) {
        Some((end, _)) => format!("{}…", &cell[..end]),
        None => cell.to_string(),
    }
}
