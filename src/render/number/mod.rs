//! Numbers as people read them: 10 significant digits with trailing zeros
//! trimmed by default (the book's `715.0000000000001` shows as `715`), or the
//! shortest text that reads back as the same f64.
//!
//! Tables of a million rows print two numbers a row, so the usual cases skip
//! `std::fmt`: [`significant`] rounds to 15 or fewer digits with plain f64
//! arithmetic, and the shortest digits come from `zmij`. Both give the very
//! text std's `{:.*e}` and `{:e}` would; the tests hold them to it.

mod significant;
#[cfg(test)]
mod tests;

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
    match digits {
        Digits::Significant(n) => {
            let n = n.max(1);
            let mut buffer = significant::Buffer::default();
            if let Some((digits, exponent)) = significant::round(x.abs(), n, &mut buffer) {
                if x < 0.0 {
                    out.push('-');
                }
                let (head, tail) = digits.split_at(1);
                return place(out, head, tail, exponent, n as i32);
            }
            let mut text = Scratch::default();
            // Writing to a Scratch cannot fail.
            let _ = write!(text, "{:.*e}", n - 1, x);
            scientific(out, text.as_str(), n as i32);
        }
        Digits::Exact => {
            let mut buffer = zmij::Buffer::new();
            let text = buffer.format_finite(x);
            if text.len() > 16 && may_tie(x) {
                let mut text = Scratch::default();
                let _ = write!(text, "{x:e}");
                scientific(out, text.as_str(), 21);
            } else if text.bytes().rev().take(5).any(|b| b == b'e') {
                // An exponent, `e-7` to `e+308`, ends the text if there is one.
                scientific(out, text, 21);
            } else {
                // zmij writes exponents -5 to 15 positionally, as we do, but
                // with `.0` after whole numbers.
                out.push_str(text.strip_suffix(".0").unwrap_or(text));
            }
        }
    }
}

/// Whether two shortest texts could lie equally near `x`, a tie std and zmij
/// break differently (`…536.625` is `…536.63` to std, `…536.62` to zmij).
/// That takes `x` = (d + 1/2)·10^j with 10^j no more than the spacing of
/// f64s at `x`, so d has 16 or 17 digits (at least 17 characters with the
/// point) and `x` = odd/2^f with f from 2 to 25.
fn may_tie(x: f64) -> bool {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let mantissa = bits & ((1 << 52) - 1) | u64::from(biased != 0) << 52;
    // x = mantissa·2^(biased - 1075), subnormals at biased 1.
    let fraction_bits = 1075 - biased.max(1) - mantissa.trailing_zeros() as i32;
    (2..=25).contains(&fraction_bits)
}

/// Appends a number given in scientific notation (`-7.150e2`, `1e+21`),
/// positionally if its exponent is at least -5 and below `positional_below`.
fn scientific(out: &mut String, text: &str, positional_below: i32) {
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    // The digits are `head` then `tail`: `7.150` is 7 then 15.
    let (head, tail) = mantissa.split_at(1);
    let tail = tail.strip_prefix('.').unwrap_or(tail).trim_end_matches('0');
    out.push_str(sign);
    place(out, head, tail, exponent, positional_below);
}

/// Appends the digits `head tail` (no trailing zeros) times 10^exponent,
/// the point after `head`, in the notation [`scientific`] picks.
fn place(out: &mut String, head: &str, tail: &str, exponent: i32, positional_below: i32) {
    if (-5..positional_below).contains(&exponent) {
        return positional(out, head, tail, exponent);
    }
    out.push_str(head);
    if !tail.is_empty() {
        out.push('.');
        out.push_str(tail);
    }
    out.push('e');
    if exponent < 0 {
        out.push('-');
    }
    let magnitude = exponent.unsigned_abs();
    let digit = |d: u32| char::from(b'0' + (d % 10) as u8);
    if magnitude >= 100 {
        out.push(digit(magnitude / 100));
    }
    if magnitude >= 10 {
        out.push(digit(magnitude / 10));
    }
    out.push(digit(magnitude));
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
