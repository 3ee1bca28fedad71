//! Numbers as people read them: 10 significant digits with trailing zeros
//! trimmed by default (the book's `715.0000000000001` shows as `715`), or the
//! shortest text that reads back as the same f64.

use std::fmt::{self, Write as _};

/// How many digits to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digits {
    /// Round to this many significant digits (at least 1).
    Significant(usize),
    /// The shortest round-trip representation: every digit that matters.
    Exact,
}

/// `x` as text: `inf`, `-inf`, `NaN`, or digits, in positional notation for
/// ordinary magnitudes and `1.5e-7` style for very large or small ones.
pub fn format(x: f64, digits: Digits) -> String {
    let mut text = String::new();
    write(&mut text, x, digits);
    text
}

/// Appends `x` as [`format`] shows it to `out`. Tables of a million rows
/// call this twice a number, so it allocates nothing of its own.
pub fn write(out: &mut String, x: f64, digits: Digits) {
    if x.is_nan() {
        return out.push_str("NaN");
    }
    if x.is_infinite() {
        return out.push_str(if x > 0.0 { "inf" } else { "-inf" });
    }
    if x == 0.0 {
        let negative = digits == Digits::Exact && x.is_sign_negative();
        return out.push_str(if negative { "-0" } else { "0" });
    }
    let mut scientific = Scratch::default();
    // Writing to a Scratch cannot fail.
    let positional_below = match digits {
        Digits::Significant(n) => {
            let n = n.max(1);
            let _ = write!(scientific, "{:.*e}", n - 1, x);
            n as i32
        }
        Digits::Exact => {
            let _ = write!(scientific, "{x:e}");
            21
        }
    };
    let scientific = scientific.as_str();
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    // The digits are `head` then `tail`: `7.150` is 7 then 15.
    let (head, tail) = mantissa.split_at(1);
    let tail = tail.strip_prefix('.').unwrap_or(tail).trim_end_matches('0');
    out.push_str(sign);
    if (-5..positional_below).contains(&exponent) {
        positional(out, head, tail, exponent);
    } else {
        out.push_str(head);
        if !tail.is_empty() {
            out.push('.');
            out.push_str(tail);
        }
        let _ = write!(out, "e{exponent}");
    }
}

/// Digits `head tail` times 10^(exponent - len(tail)) with the point placed.
fn positional(out: &mut String, head: &str, tail: &str, exponent: i32) {
    if exponent < 0 {
        out.push_str("0.");
        zeros(out, (-exponent - 1) as usize);
        out.push_str(head);
        out.push_str(tail);
        return;
    }
    // How many digits stand before the point, after the first.
    let before = exponent as usize;
    out.push_str(head);
    if tail.len() <= before {
        out.push_str(tail);
        zeros(out, before - tail.len());
    } else {
        out.push_str(&tail[..before]);
        out.push('.');
        out.push_str(&tail[before..]);
    }
}

fn zeros(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n('0', n));
}

/// A text buffer on the stack for one number in scientific notation, which
/// moves to the heap only for precisions beyond any f64's digits.
struct Scratch {
    bytes: [u8; 48],
    len: usize,
    spilled: String,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch { bytes: [0; 48], len: 0, spilled: String::new() }
    }
}

impl Scratch {
    fn as_str(&self) -> &str {
        if self.spilled.is_empty() {
            // Only whole `str`s are ever copied in, so this is UTF-8.
            std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
        } else {
            &self.spilled
        }
    }
}

impl fmt::Write for Scratch {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.spilled.is_empty() && self.len + s.len() <= self.bytes.len() {
            self.bytes[self.len..self.len + s.len()].copy_from_slice(s.as_bytes());
            self.len += s.len();
        } else {
            if self.spilled.is_empty() {
                let kept = std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default().to_owned();
                self.spilled = kept;
            }
            self.spilled.push_str(s);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEN: Digits = Digits::Significant(10);

    #[test]
    fn rounds_the_books_float_noise_away() {
        assert_eq!(format(715.0000000000001, TEN), "715");
        assert_eq!(format(3.3000000000000003, TEN), "3.3");
        assert_eq!(format(110.00000000000001, TEN), "110");
        assert_eq!(format(-20.0, TEN), "-20");
        assert_eq!(format(0.5, TEN), "0.5");
    }

    #[test]
    fn exact_shows_every_digit() {
        assert_eq!(format(715.0000000000001, Digits::Exact), "715.0000000000001");
        assert_eq!(format(220.00000000000003, Digits::Exact), "220.00000000000003");
        assert_eq!(format(100.0, Digits::Exact), "100");
        assert_eq!(format(0.1 + 0.2, Digits::Exact), "0.30000000000000004");
        for x in [1e-300, 123.456e200, -7.5e-9, 1.0 / 3.0, f64::MAX, f64::MIN_POSITIVE] {
            let shown = format(x, Digits::Exact);
            assert_eq!(shown.parse::<f64>().unwrap(), x, "{shown}");
        }
    }

    #[test]
    fn large_and_small_magnitudes_use_exponents() {
        assert_eq!(format(1.5e-7, TEN), "1.5e-7");
        assert_eq!(format(0.00012, TEN), "0.00012");
        assert_eq!(format(1e10, TEN), "1e10");
        assert_eq!(format(123456789.0, TEN), "123456789");
        assert_eq!(format(1e21, Digits::Exact), "1e21");
    }

    #[test]
    fn precision_changes_the_digits() {
        assert_eq!(format(2.0f64.sqrt(), Digits::Significant(3)), "1.41");
        assert_eq!(format(2.0f64.sqrt(), Digits::Significant(1)), "1");
        assert_eq!(format(9.99, Digits::Significant(2)), "10");
    }

    #[test]
    fn special_values_are_words() {
        assert_eq!(format(f64::INFINITY, TEN), "inf");
        assert_eq!(format(f64::NEG_INFINITY, TEN), "-inf");
        assert_eq!(format(f64::NAN, TEN), "NaN");
        assert_eq!(format(-0.0, TEN), "0");
    }

    #[test]
    fn precisions_beyond_the_buffer_still_work() {
        let third = format(1.0 / 3.0, Digits::Significant(60));
        assert!(third.len() > 48, "{third}");
        assert_eq!(third.parse::<f64>().unwrap(), 1.0 / 3.0);
        assert_eq!(format(-0.375, Digits::Significant(60)), "-0.375");
    }
}
