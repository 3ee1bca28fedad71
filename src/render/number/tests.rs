use proptest::prelude::*;

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

/// What `write` gave before it had fast paths, kept as the standard they are
/// held to: std's scientific text, taken apart and laid out again.
fn reference_write(out: &mut String, x: f64, digits: Digits) {
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
    let (scientific, positional_below) = match digits {
        Digits::Significant(n) => {
            let n = n.max(1);
            (std::format!("{:.*e}", n - 1, x), n as i32)
        }
        Digits::Exact => (std::format!("{x:e}"), 21),
    };
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let (head, tail) = mantissa.split_at(1);
    let tail = tail.strip_prefix('.').unwrap_or(tail).trim_end_matches('0');
    out.push_str(sign);
    if (-5..positional_below).contains(&exponent) {
        if exponent < 0 {
            out.push_str("0.");
            out.push_str(&"0".repeat((-exponent - 1) as usize));
            out.push_str(head);
            out.push_str(tail);
            return;
        }
        let before = exponent as usize;
        out.push_str(head);
        if tail.len() <= before {
            out.push_str(tail);
            out.push_str(&"0".repeat(before - tail.len()));
        } else {
            out.push_str(&tail[..before]);
            out.push('.');
            out.push_str(&tail[before..]);
        }
    } else {
        out.push_str(head);
        if !tail.is_empty() {
            out.push('.');
            out.push_str(tail);
        }
        out.push_str(&std::format!("e{exponent}"));
    }
}

/// Compares `write` with [`reference_write`] for `x`, reusing two buffers.
struct Judge {
    ours: String,
    theirs: String,
}

impl Judge {
    fn new() -> Self {
        Judge { ours: String::new(), theirs: String::new() }
    }

    fn check(&mut self, x: f64, digits: Digits) {
        self.ours.clear();
        self.theirs.clear();
        write(&mut self.ours, x, digits);
        reference_write(&mut self.theirs, x, digits);
        assert_eq!(self.ours, self.theirs, "{x:?} (bits {:#x}) at {digits:?}", x.to_bits());
    }

    /// Every precision from 1 to 20 digits, and Exact.
    fn check_all(&mut self, x: f64) {
        for n in 1..=20 {
            self.check(x, Digits::Significant(n));
        }
        self.check(x, Digits::Exact);
    }

    /// `x` and the floats a few steps either side of it.
    fn check_around(&mut self, x: f64) {
        for step in 0..=3 {
            self.check_all(f64::from_bits(x.to_bits() + step));
            self.check_all(f64::from_bits(x.to_bits().saturating_sub(step)));
        }
    }
}

fn read(text: &str) -> f64 {
    text.parse().unwrap_or_else(|_| panic!("{text} reads as a number"))
}

#[test]
fn near_ties_agree_with_std() {
    let mut judge = Judge::new();
    for text in [
        "1.2345678905",
        "0.99999999995",
        "9.9999999995e-6",
        "123456789.05",
        "999999999.95",
        "9999999999.5",
        "0.5",
        "2.5",
        "9.5",
        "0.15",
        "0.25",
        "1.0000000005",
        "99999.999995",
        "4.35",
        "0.000012345678905",
        "1.00000000000005",
        "9.99999999999995",
        "999999999999999.5",
    ] {
        judge.check_around(read(text));
        judge.check_around(-read(text));
    }
}

#[test]
fn powers_of_ten_and_their_neighbours_agree_with_std() {
    let mut judge = Judge::new();
    for exponent in -323..=308 {
        for lead in ["1", "5", "9.5"] {
            judge.check_around(read(&std::format!("{lead}e{exponent}")));
        }
    }
    for x in [f64::MIN_POSITIVE, f64::MAX, 5e-324, 2.0f64.powi(53), 2.0f64.powi(63)] {
        judge.check_around(x);
    }
}

/// A fixed stream of values, millions long: random bit patterns, and values
/// like a network's (inputs, weights, their products, tanh and its slope).
#[test]
fn millions_of_values_agree_with_std() {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        state
    };
    let unit = |bits: u64| (bits >> 11) as f64 / (1u64 << 53) as f64;
    let mut judge = Judge::new();
    for i in 0..1_500_000 {
        let bits = next();
        let a = (unit(bits) - 0.5) * 8.0;
        let b = (unit(next()) - 0.5) * 2.0;
        let x = match i % 6 {
            0 => f64::from_bits(bits),
            1 => a,
            2 => a * b,
            3 => (a * b).tanh(),
            4 => 1.0 - (a * b).tanh().powi(2),
            _ => a * 10f64.powi((bits % 80) as i32 - 40),
        };
        judge.check(x, TEN);
        judge.check(x, Digits::Exact);
    }
}

/// The float nearest `digits` then `after`, times 10^exponent: `digits` has
/// `len` digits, all nines if `nines`.
fn near_tie(len: u32, mantissa: u64, nines: bool, after: &str, exponent: i32) -> f64 {
    let first = 10u64.pow(len - 1);
    let digits = if nines { first * 10 - 1 } else { first + mantissa % (first * 9) };
    read(&std::format!("{digits}{after}e{exponent}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_bit_pattern_agrees_with_std(bits in any::<u64>()) {
        Judge::new().check_all(f64::from_bits(bits));
    }

    #[test]
    fn short_decimals_agree_with_std(k in -9_999_999i64..=9_999_999, exponent in -330i32..=310) {
        Judge::new().check_all(read(&std::format!("{k}e{exponent}")));
    }

    #[test]
    fn near_ties_at_any_precision_agree_with_std(
        len in 1u32..=19,
        mantissa in any::<u64>(),
        nines in any::<bool>(),
        after in prop::sample::select(vec!["5", "49", "51", "4999999", "5000001", "49999999999", "50000000001"]),
        exponent in -340i32..=300,
        negative in any::<bool>(),
    ) {
        let x = near_tie(len, mantissa, nines, after, exponent);
        Judge::new().check_around(if negative { -x } else { x });
    }
}
