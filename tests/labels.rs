//! Labels as tables and JSON write them, straight into their buffers: the
//! same text as `Graph::label`, and the same columns as unicode-width counts.

mod common;

use cgraph::graph::{NodeId, shorten_to, write_shortened};
use cgraph::render::{Look, text};
use common::evaluate;
use unicode_width::UnicodeWidthStr;

/// Names (some not ASCII), short operations, long sums cut to width, and a
/// formula over several lines with a comment and runs of blanks to fold.
const SCRIPTS: [&str; 4] = [
    "apple = 100; n = 2; tax = 1.1\n(apple*n)*tax",
    "Δt = 4; été = 5; 日本 = 2\ntanh(Δt)*(été + 1)/(日本 - 0.5) + 1.5 + 2.5 + 3.5 + 4.5 + 5.5",
    "x1 = 1; x2 = 2; x3 = 3\nx1*x2 + x2*x3 + x3*x1 + x1*x1 + x2*x2 + x3*x3 + x1 + x2 + x3",
    "a = 1; b = 2\n(a  +\n  b   # the inputs\n  ) * (a -\tb) + sin(a) + sin(b) + cos(a) + cos(b) + 12345.5",
];

#[test]
fn labels_written_into_a_buffer_are_the_labels() {
    for script in SCRIPTS {
        let graph = &evaluate(script).graph;
        for id in 0..graph.len() as NodeId {
            let mut buffer = String::from("→ ");
            graph.write_label(id, &mut buffer);
            assert_eq!(buffer, format!("→ {}", graph.label(id)), "node {id} of {script:?}");
        }
    }
}

/// Shortening as it was first written, a `Vec<char>` at a time: what the
/// in-place writer must still produce, byte for byte.
fn shortened(text: &str, width: usize) -> String {
    if text.len() <= width && !text.contains(['\n', '\t', '\r', '#']) && !text.contains("  ") {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    if width >= 2 && bytes.len() > width {
        let head = &bytes[..=width];
        let plain = head.iter().all(|&b| b == b' ' || (b.is_ascii_graphic() && b != b'#'))
            && head[0] != b' '
            && head[width] != b' '
            && !head.windows(2).any(|pair| pair == b"  ");
        if plain {
            return format!("{}…", &text[..width - 1]);
        }
    }
    let mut folded: Vec<char> = Vec::new();
    let (mut blank, mut comment) = (false, false);
    for c in text.chars() {
        if comment {
            comment = c != '\n';
            blank = !folded.is_empty();
            continue;
        }
        if c == '#' {
            comment = true;
            continue;
        }
        if c.is_whitespace() {
            blank = !folded.is_empty();
            continue;
        }
        if blank {
            folded.push(' ');
            blank = false;
        }
        folded.push(c);
        if folded.len() > width {
            break;
        }
    }
    if folded.len() > width {
        folded.truncate(width - 1);
        folded.push('…');
    }
    folded.into_iter().collect()
}

/// Texts of every kind of piece, at every width up to past the label width,
/// appended after other text: the cut is counted from where the label starts.
#[test]
fn shortening_in_place_folds_and_cuts_as_before() {
    let pieces = [
        "a", "b1", " ", "  ", "\n", "\t", "\r\n", "# note\n", "#", "é", "日本", "…", "x*y", "+", "(", ")",
        "\u{b}", "\u{a0}", "\u{3000}",
    ];
    // Every other text plain ASCII, which is cut as a byte slice.
    let plain = ["a", "b1", " ", "x*y", " + ", "(", ")", "2.5"];
    let mut seed: u32 = 7;
    for round in 0..4000 {
        let pieces: &[&str] = if round % 2 == 0 { &pieces } else { &plain };
        let mut text = String::new();
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        for _ in 0..(seed >> 16) % 40 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            text.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
        }
        for width in 1..=45 {
            let expected = shortened(&text, width);
            assert_eq!(shorten_to(&text, width), expected, "{text:?} to {width}");
            let mut buffer = String::from("é: ");
            write_shortened(&text, width, &mut buffer);
            assert_eq!(buffer, format!("é: {expected}"), "{text:?} to {width}");
        }
    }
}

/// Each row starts with its id, and its layer starts in the header's layer
/// column however wide the characters of the labels before it.
#[test]
fn rows_line_up_under_the_header_in_display_columns() {
    for script in SCRIPTS {
        let evaluation = evaluate(script);
        let mut out = Vec::new();
        text::write(&mut out, &evaluation, &Look::default()).unwrap();
        let table = String::from_utf8(out).unwrap();
        let mut lines = table.lines().skip(1);
        let header = lines.next().unwrap();
        let column = header.find("layer").unwrap();
        let ids = header.find('#').unwrap() + 1;
        for (id, row) in lines.enumerate() {
            let layer = evaluation.graph.nodes[id].layer.name();
            let at = row.rfind(&format!("  {layer}  ")).unwrap_or_else(|| panic!("{row:?}")) + 2;
            assert_eq!(row[..at].width(), column, "{row:?}");
            assert!(row.starts_with(&format!("{id:>ids$}  ")), "{row:?}");
        }
    }
}
