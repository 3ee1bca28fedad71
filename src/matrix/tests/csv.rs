//! The CSV loader: the shipped Iris file, headers, and every error with its
//! LINE:COL; no input, however binary or large, makes it panic.

use std::io::Write;
use std::path::Path;

use ndarray::{Axis, array};
use proptest::prelude::*;

use super::super::*;

fn at(line: usize, col: usize, problem: Problem) -> CsvError {
    CsvError::At { line, col, problem }
}

#[test]
fn iris_loads_as_150_rows_of_4_features_and_a_label() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/data/iris.csv");
    let iris = load(&path).unwrap();
    assert_eq!(iris.dim(), (150, 5));
    assert_eq!(iris.row(0), array![5.1, 3.5, 1.4, 0.2, 0.0]);
    assert_eq!(iris.row(149), array![5.9, 3.0, 5.1, 1.8, 2.0]);
    let labels = iris.column(4).to_owned().insert_axis(Axis(1));
    let counts = onehot(&labels, 3).unwrap().sum_axis(Axis(0));
    assert_eq!(counts, array![50.0, 50.0, 50.0]);
}

#[test]
fn a_first_row_that_is_not_numbers_is_a_header() {
    assert_eq!(parse_csv(b"a,b\n1,2\n3,4\n").unwrap(), array![[1.0, 2.0], [3.0, 4.0]]);
    assert_eq!(parse_csv(b"1,2\n3,4").unwrap(), array![[1.0, 2.0], [3.0, 4.0]]);
    // A header may have another number of cells; only the first row is one.
    assert_eq!(parse_csv(b"x\n1,2\n").unwrap(), array![[1.0, 2.0]]);
    assert_eq!(parse_csv(b"\"x\",\"y\"\n1,2\n").unwrap(), array![[1.0, 2.0]]);
}

#[test]
fn blanks_line_endings_quotes_and_signs() {
    let text = b"\r\n 1 , -2.5 \r\n\n\"3\",+4e1\r\n\n";
    assert_eq!(parse_csv(text).unwrap(), array![[1.0, -2.5], [3.0, 40.0]]);
    assert_eq!(parse_csv(b"7").unwrap(), array![[7.0]]);
}

#[test]
fn a_bad_cell_is_located_by_line_and_column() {
    let err = parse_csv(b"a,b\n1,2\n3,x4\n").unwrap_err();
    assert_eq!(err, at(3, 3, Problem::BadCell { text: "x4".into(), cell: 2 }));
    assert_eq!(err.to_string(), "3:3: cell 2 is \"x4\", not a number");
    assert_eq!(err.location(), Some((3, 3)));
    // Columns count characters, not bytes (an ideographic space is 3 bytes).
    let err = parse_csv("1,2\n1,\u{3000}\u{3000}?\n".as_bytes()).unwrap_err();
    assert_eq!(err, at(2, 5, Problem::BadCell { text: "?".into(), cell: 2 }));
    assert!(matches!(parse_csv(b"1,2\n1,,2\n"), Err(CsvError::At { line: 2, col: 3, .. })), "an empty cell");
    let long = format!("1\n{}\n", "z".repeat(100));
    let Err(CsvError::At { problem: Problem::BadCell { text, .. }, .. }) = parse_csv(long.as_bytes()) else {
        panic!("a long bad cell");
    };
    assert_eq!(text.chars().count(), 31, "shortened to 30 characters and …");
}

#[test]
fn ragged_rows_are_located() {
    let err = parse_csv(b"1,2,3\n4,5,6,7\n").unwrap_err();
    assert_eq!(err, at(2, 7, Problem::Ragged { found: 4, expected: 3 }));
    assert_eq!(err.to_string(), "2:7: this row has 4 cells, the first row of numbers has 3");
    let err = parse_csv(b"h\n1,2,3\n4,5\n").unwrap_err();
    assert_eq!(err, at(3, 4, Problem::Ragged { found: 2, expected: 3 }));
}

#[test]
fn no_numbers_is_an_error() {
    assert_eq!(parse_csv(b"").unwrap_err(), CsvError::NoData);
    assert_eq!(parse_csv(b"\n \n").unwrap_err(), CsvError::NoData);
    assert_eq!(parse_csv(b"just,a header\n").unwrap_err(), CsvError::NoData);
    assert_eq!(CsvError::NoData.to_string(), "the file has no row of numbers");
}

#[test]
fn bytes_that_are_not_text_are_located() {
    let err = parse_csv(b"1,2\n3,\xff\n").unwrap_err();
    assert_eq!(err, at(2, 3, Problem::NotText));
    assert_eq!(err.to_string(), "2:3: this is not text (not UTF-8)");
    let err = parse_csv(b"1,2\n\x00,1\n").unwrap_err();
    assert_eq!(err, at(2, 1, Problem::BadCell { text: "\0".into(), cell: 1 }));
}

#[test]
fn a_missing_file_or_a_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = load(&dir.path().join("none.csv")).unwrap_err();
    assert!(matches!(&err, CsvError::Io(m) if m.contains("No such file")), "{err}");
    assert_eq!(err.location(), None);
    assert!(matches!(load(dir.path()), Err(CsvError::Io(_))));
}

#[test]
fn a_file_over_the_cap_is_refused_before_it_is_read() {
    // 100 MB, sparse: refused on its size, so nothing is read.
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(b"1,2\n").unwrap();
    file.as_file().set_len(100_000_000).unwrap();
    let err = load(file.path()).unwrap_err();
    assert_eq!(err, CsvError::TooLarge { bytes: Some(100_000_000) });
    assert_eq!(err.to_string(), "the file is 96 MiB, larger than load reads (64 MiB)");
}

#[test]
fn an_endless_file_is_cut_at_the_cap() {
    // A device without a size: read up to the cap and refused.
    let err = load(Path::new("/dev/zero")).unwrap_err();
    assert_eq!(err, CsvError::TooLarge { bytes: None });
}

proptest! {
    #[test]
    fn any_bytes_give_a_matrix_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(m) = parse_csv(&bytes) {
            prop_assert!(m.nrows() >= 1 && m.ncols() >= 1);
        }
    }

    #[test]
    fn numbers_written_out_come_back(rows in 1..6usize, cols in 1..6usize, seed: u64) {
        let m = randn_seeded(rows, cols, seed).unwrap();
        let text: String = m.outer_iter().map(|r| {
            r.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(",") + "\n"
        }).collect();
        prop_assert_eq!(parse_csv(format!("a header\n{text}").as_bytes()).unwrap(), m);
    }
}
