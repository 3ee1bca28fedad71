//! Rounding to at most 15 significant digits without `std::fmt`, which works
//! out every decimal digit of the f64 exactly (Grisu, then Dragon) and so
//! costs over 100 ns a number. In its own file for the error bound it rests on.
//!
//! For |x| = P·10^-k we want round(P), with 10^(n-1) ≤ P < 10^n. One or two
//! correctly rounded f64 operations by exact powers of ten give `scaled`
//! within a relative 2^-52 of P. Unless `scaled` lies within that distance of
//! a half-integer, round(scaled) = round(P): the same digits std finds, and
//! std's rule for exact ties never comes into play. Where we cannot be sure,
//! the caller falls back to std.

/// 10^TEN_FIRST and on, as near as an f64 comes, for every exponent [`scale`]
/// reaches with 15 digits or fewer.
const TEN_FIRST: i32 = -44;
#[rustfmt::skip]
const TEN: [f64; 104] = [
    1e-44, 1e-43, 1e-42, 1e-41, 1e-40, 1e-39, 1e-38, 1e-37, 1e-36, 1e-35,
    1e-34, 1e-33, 1e-32, 1e-31, 1e-30, 1e-29, 1e-28, 1e-27, 1e-26, 1e-25,
    1e-24, 1e-23, 1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15,
    1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5,
    1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5,
    1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25,
    1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32, 1e33, 1e34, 1e35,
    1e36, 1e37, 1e38, 1e39, 1e40, 1e41, 1e42, 1e43, 1e44, 1e45,
    1e46, 1e47, 1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55,
    1e56, 1e57, 1e58, 1e59,
];

/// 10^0 and on: up to 10^22 an f64 holds them exactly.
const POW10: &[f64] = TEN.split_at(-TEN_FIRST as usize).1;

/// Beyond 15 digits `scaled` is too coarse to tell where P rounds.
const MOST: usize = 15;

/// Room for the digits, which are written whole and not copied after: a
/// block read soon after being written in pieces stalls the CPU. Aligned, as
/// UTF-8 checks are quickest on an aligned block.
#[derive(Default)]
#[repr(align(16))]
pub(super) struct Buffer([u8; 16]);

/// `ax` (finite and above zero) rounded to `n` significant digits as std's
/// `{:.*e}` rounds it, or `None` where std has to decide: the digits, with
/// trailing zeros dropped, and the power of ten of the first.
pub(super) fn round(ax: f64, n: usize, buffer: &mut Buffer) -> Option<(&str, i32)> {
    if n > MOST || ax < f64::MIN_POSITIVE {
        return None;
    }
    let low = POW10[n - 1];
    let high = POW10[n] as u64;
    let mut exponent = estimate_exponent(ax)?;
    // The estimate can be off only within an ulp of a power of ten; a third
    // try means trouble.
    for _ in 0..3 {
        let scaled = scale(ax, n as i32 - 1 - exponent)?;
        // |scaled - P| is at most a hair over scaled·2^-52; four times that
        // also covers the rounding of `low - 0.05 + margin` below.
        let margin = scaled * (4.0 * f64::EPSILON);
        // If P < 10^(n-1) after all, P > 10^(n-1) - 0.05 still makes std show
        // a 1 then zeros at this exponent, as round(scaled) = 10^(n-1) does.
        if scaled < low - 0.05 + margin {
            exponent -= 1;
            continue;
        }
        // Below 2^63, and exactly: i64 converts faster than u64.
        let whole = scaled as i64;
        let fraction = scaled - whole as f64;
        if (fraction - 0.5).abs() <= margin {
            return None;
        }
        let rounded = (whole + i64::from(fraction > 0.5)) as u64;
        // 10^n itself means P < 10^n + 0.5: std shows 1 then zeros at the
        // next exponent, whether P fell short of 10^n or not.
        if rounded > high {
            exponent += 1;
            continue;
        }
        if rounded == high {
            return Some(("1", exponent + 1));
        }
        return Some((digits(rounded, n, buffer), exponent));
    }
    None
}

/// floor(log10(ax)), or one off where `ax` is within an ulp of a power of
/// ten; `None` where no `n` of ours could scale it with [`scale`].
fn estimate_exponent(ax: f64) -> Option<i32> {
    let binary = (ax.to_bits() >> 52) as i32 - 1023;
    // floor(binary·log10(2)), exact over all f64 exponents. log10(ax) is
    // below (binary + 1)·log10(2), so its floor is `below` or the next.
    let below = (binary * 78_913) >> 18;
    let above = TEN.get(usize::try_from(below + 1 - TEN_FIRST).ok()?)?;
    Some(below + i32::from(ax >= *above))
}

/// `ax`·10^k with at most two roundings, none of them into subnormals: `ax`
/// is normal and k stays where the result is near 10^(n-1) to 10^(n+1).
fn scale(ax: f64, k: i32) -> Option<f64> {
    let k_abs = k.unsigned_abs() as usize;
    Some(match k {
        0..=22 => ax * POW10[k_abs],
        23..=44 => ax * POW10[22] * POW10[k_abs - 22],
        -22..=-1 => ax / POW10[k_abs],
        -44..=-23 => ax / POW10[22] / POW10[k_abs - 22],
        _ => return None,
    })
}

/// The `n` digits of `value` (10^(n-1) ≤ value < 10^n), trailing zeros
/// dropped, worked out side by side in one integer.
fn digits(value: u64, n: usize, buffer: &mut Buffer) -> &str {
    let high = eight((value / 100_000_000) as u32);
    let low = eight((value % 100_000_000) as u32);
    // Digit values a byte each, the first in the lowest byte.
    let digits = u128::from(high) | u128::from(low) << 64;
    let trailing_zeros = (digits.leading_zeros() / 8) as usize;
    buffer.0 = (digits | u128::from_le_bytes([b'0'; 16])).to_le_bytes();
    // ASCII digits only.
    let all = std::str::from_utf8(&buffer.0).unwrap_or_default();
    all.get(16 - n..16 - trailing_zeros).unwrap_or("0")
}

/// The eight decimal digits of `v` < 10^8, a byte each, the first lowest:
/// split into two halves of four digits, those into pairs, the pairs into
/// digits, each step a multiply and shift standing for a division.
fn eight(v: u32) -> u64 {
    let x = u64::from(v / 10_000) | u64::from(v % 10_000) << 32;
    let hundreds = ((x * 10_486) >> 20) & 0x0000_007f_0000_007f;
    let pairs = hundreds | (x - hundreds * 100) << 16;
    let tens = ((pairs * 103) >> 10) & 0x000f_000f_000f_000f;
    tens | (pairs - tens * 10) << 8
}
