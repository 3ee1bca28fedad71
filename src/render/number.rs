//! Numbers as people read them: 10 significant digits with trailing zeros
//! trimmed by default (the book's `715.0000000000001` shows as `715`), or the
//! shortest text that reads back as the same f64.

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
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if digits == Digits::Exact && x.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let (scientific, positional_below) = match digits {
        Digits::Significant(n) => {
            let n = n.max(1);
            (format!("{:.*e}", n - 1, x), n.max(1) as i32)
        }
        Digits::Exact => (format!("{x:e}"), 21),
    };
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    if (-5..positional_below).contains(&exponent) {
        format!("{sign}{}", positional(digits, exponent))
    } else {
        let (head, tail) = digits.split_at(1);
        let dot = if tail.is_empty() { "" } else { "." };
        format!("{sign}{head}{dot}{tail}e{exponent}")
    }
}

/// Digits `d1d2d3...` times 10^(exponent) with the point placed.
fn positional(digits: &str, exponent: i32) -> String {
    if exponent < 0 {
        let zeros = "0".repeat((-exponent - 1) as usize);
        return format!("0.{zeros}{digits}");
    }
    let whole = exponent as usize + 1;
    if digits.len() <= whole {
        format!("{digits}{}", "0".repeat(whole - digits.len()))
    } else {
        format!("{}.{}", &digits[..whole], &digits[whole..])
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
}
