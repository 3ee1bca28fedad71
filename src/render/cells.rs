//! The text around a big table's numbers, cheaply: ids, padding and label
//! widths come a million times a table, so none of them goes through
//! `core::fmt` or looks a character up when the text is plain ASCII.

use unicode_width::UnicodeWidthStr;

/// How many bytes a renderer gathers before handing them to its writer:
/// one `write_all` per row costs a call through `dyn Write` and a copy each.
/// As much as the command line's `BufWriter` holds, so batches pass through
/// it without a copy.
pub const BATCH: usize = 64 << 10;

/// Columns `text` takes on a terminal, as `unicode-width` counts them.
#[inline]
pub fn width(text: &str) -> usize {
    // A label cut to width is plain ASCII, then an ellipsis one column wide.
    let (head, ellipsis) = match text.as_bytes() {
        [head @ .., 0xe2, 0x80, 0xa6] => (head, 1),
        bytes => (bytes, 0),
    };
    if printable_ascii(head) { head.len() + ellipsis } else { unicode_width(text) }
}

/// Kept out of line: the tables it looks in are big, and rarely needed.
#[cold]
#[inline(never)]
fn unicode_width(text: &str) -> usize {
    text.width()
}

/// Whether every byte is a printable ASCII character (one column each;
/// control characters are not), eight bytes at a time: a byte-by-byte loop
/// over a label's few dozen bytes showed in profiles of big tables.
fn printable_ascii(bytes: &[u8]) -> bool {
    match bytes.len().checked_sub(8) {
        // The last word overlaps the whole ones, rather than being copied
        // out short: a word read over bytes just written stalls.
        Some(last) => {
            let words = bytes.chunks_exact(8).fold(0, |bad, word| bad | unprintable(word));
            words | unprintable(&bytes[last..]) == 0
        }
        None => bytes.iter().fold(true, |all, b| all & (b.wrapping_sub(b' ') < 0x5f)),
    }
}

/// Nonzero when one of the eight bytes of `word` is not printable ASCII:
/// 0x80 and above, below 0x20, or 0x7f. A subtraction borrows only from a
/// byte it flags, so its borrow flags nothing that is not already flagged.
fn unprintable(word: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let x = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
    let below_blank = x.wrapping_sub(ONES * 0x20) & !x;
    let del = x ^ (ONES * 0x7f);
    let is_del = del.wrapping_sub(ONES) & !del;
    (x | below_blank | is_del) & HIGH
}

/// Appends `n` in decimal, as `{n}` shows it.
pub fn push_int(out: &mut String, n: u32) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Appends `n` right-aligned in `width` columns, as `{n:>width$}` shows it.
pub fn push_int_right(out: &mut String, n: u32, width: usize) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    pad(out, width.saturating_sub(digits.len()));
    out.push_str(digits);
}

/// Writes `n` right-aligned in `cell`, which must have room for its digits.
pub fn put_int_right(cell: &mut [u8], n: u32) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n).as_bytes();
    let start = cell.len() - digits.len();
    cell[start..].copy_from_slice(digits);
}

const SPACES: &str = match std::str::from_utf8(&[b' '; 64]) {
    Ok(spaces) => spaces,
    Err(_) => panic!("spaces are UTF-8"),
};

/// Appends `n` spaces, a slice at a time rather than a `char` at a time.
pub fn pad(out: &mut String, mut n: usize) {
    while n > 0 {
        let run = n.min(SPACES.len());
        out.push_str(&SPACES[..run]);
        n -= run;
    }
}

/// Appends `text` left-aligned in `width` columns, as `{text:<width$}`
/// shows it. The width may come from user data (a name 65,536 characters
/// long), which `core::fmt` refuses past `u16::MAX`; this never does.
pub fn push_left(out: &mut String, text: &str, width: usize) {
    out.push_str(text);
    pad(out, width.saturating_sub(self::width(text)));
}

/// Appends `text` right-aligned in `width` columns, as `{text:>width$}` shows it.
pub fn push_right(out: &mut String, text: &str, width: usize) {
    pad(out, width.saturating_sub(self::width(text)));
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcuts give what unicode-width gives, on every ASCII byte
    /// (controls included), cut labels, and text that needs the tables.
    #[test]
    fn widths_are_unicode_widths() {
        let mut texts: Vec<String> = (0u8..=127).map(|b| format!("a{}b", b as char)).collect();
        texts.extend((0u8..=127).map(|b| format!("x{}…", b as char)));
        texts.extend(
            [
                "",
                "…",
                "a…",
                "…a",
                "x1*w1 + x2…",
                "é",
                "naïve…",
                "日本",
                "日本…",
                "a\u{301}",
                "👍🏽",
                "1\u{fe0f}\u{20e3}",
            ]
            .map(String::from),
        );
        texts.push(format!("{}…", "x".repeat(39)));
        for text in &texts {
            assert_eq!(width(text), text.width(), "{text:?}");
        }
    }

    /// Eight bytes at a time, a byte that is not printable is caught
    /// wherever it stands, next to any neighbour, in whole words and the rest.
    #[test]
    fn printable_ascii_is_checked_at_every_position() {
        let odd = ['\0', '\u{1f}', '\u{7f}', '\u{80}', 'é', '…', '日', '~', ' ', '!'];
        for len in [1, 7, 8, 9, 15, 16, 17, 24, 40, 41] {
            for at in 0..len {
                for c in odd {
                    for fill in ['a', ' ', '~', '0', 'Z'] {
                        let mut text: String = std::iter::repeat_n(fill, len).collect();
                        text.replace_range(at..at + 1, c.encode_utf8(&mut [0; 4]));
                        let naive = text.bytes().all(|b| (b' '..=b'~').contains(&b));
                        assert_eq!(printable_ascii(text.as_bytes()), naive, "{text:?}");
                        assert_eq!(width(&text), text.width(), "{text:?}");
                    }
                }
            }
        }
    }

    /// The integer writers write what `format!` writes, aligned or not.
    #[test]
    fn integers_read_as_format_shows_them() {
        let mut numbers = vec![0, 1, 9, 10, 99, 100, 12345, 999_999, 1_000_000, u32::MAX - 1, u32::MAX];
        numbers.extend((0..32).map(|k| 1u32 << k));
        numbers.extend((0..10).map(|k| 10u32.pow(k) - 1));
        for n in numbers {
            let mut out = String::from(">");
            push_int(&mut out, n);
            assert_eq!(out, format!(">{n}"));
            for width in [0, 1, 3, 7, 10, 12] {
                let mut out = String::from(">");
                push_int_right(&mut out, n, width);
                assert_eq!(out, format!(">{n:>width$}"));
            }
            let mut cell = [b' '; 12];
            put_int_right(&mut cell, n);
            assert_eq!(cell, *format!("{n:>12}").as_bytes());
        }
    }

    #[test]
    fn padding_is_that_many_spaces() {
        for n in [0, 1, 63, 64, 65, 200] {
            let mut out = String::from("x");
            pad(&mut out, n);
            assert_eq!(out, format!("x{}", " ".repeat(n)));
        }
    }

    #[test]
    fn alignment_takes_widths_past_what_fmt_allows() {
        let (mut left, mut right) = (String::new(), String::new());
        push_left(&mut left, "日本", 5);
        push_right(&mut right, "ab", 4);
        assert_eq!((left.as_str(), right.as_str()), ("日本 ", "  ab"));
        let mut wide = String::new();
        push_right(&mut wide, "x", 70_000);
        assert_eq!(wide.len(), 70_000);
        push_left(&mut wide, "toolong", 3);
        assert!(wide.ends_with(" xtoolong"));
    }
}
