//! The generator behind `randn`, specified to the bit so that a seed gives
//! the same numbers on every machine and in every version:
//!
//! - **Uniform bits: SplitMix64** (Steele, Lea and Flood, 2014; the seeding
//!   generator of Java's `SplittableRandom` and of xoshiro). The state is the
//!   seed; each draw adds `0x9E3779B97F4A7C15` to it (wrapping) and returns
//!   `z = state; z = (z ^ z>>30) * 0xBF58476D1CE4E5B9;
//!   z = (z ^ z>>27) * 0x94D049BB133111EB; z ^ z>>31` (wrapping products).
//! - **Uniform in (0, 1]**: `((bits >> 11) + 1) * 2^-53`, never 0, so its
//!   logarithm is finite.
//! - **Normal: Box–Muller.** Two uniforms `u1`, `u2` give
//!   `r = sqrt(-2 ln u1)`, `θ = 2π u2`, and the two normals `r cos θ`, then
//!   `r sin θ` (kept for the next call).
//!
//! `randn(r, c)` fills a matrix row by row with successive normals.

use std::f64::consts::TAU;

/// SplitMix64 with a Box–Muller normal on top (see the module's notes).
#[derive(Clone, Debug, PartialEq)]
pub struct Rng {
    state: u64,
    spare: Option<f64>,
}

impl Default for Rng {
    /// The generator of seed 0, a session's until `--seed` or `:seed`.
    fn default() -> Rng {
        Rng::new(0)
    }
}

impl Rng {
    /// A generator whose state is the seed.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed, spare: None }
    }

    /// The next 64 uniform bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in (0, 1], a multiple of 2^-53.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal number.
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let (u1, u2) = (self.uniform(), self.uniform());
        let r = (-2.0 * u1.ln()).sqrt();
        let theta = TAU * u2;
        self.spare = Some(r * theta.sin());
        r * theta.cos()
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    // The same generator written again in Python, sharing nothing with this
    // file but the module's description; its output, printed with repr():
    //
    // python3 -c '
    // import math
    // M = 2**64 - 1
    // def sm(s):
    //     s = (s + 0x9E3779B97F4A7C15) & M
    //     z = s
    //     z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    //     z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    //     return s, z ^ (z >> 31)
    // def normals(seed, n):
    //     s, out = seed, []
    //     while len(out) < n:
    //         s, a = sm(s); s, b = sm(s)
    //         u1, u2 = ((a >> 11) + 1) * 2.0**-53, ((b >> 11) + 1) * 2.0**-53
    //         r, t = math.sqrt(-2 * math.log(u1)), math.tau * u2
    //         out += [r * math.cos(t), r * math.sin(t)]
    //     return out[:n]
    // s = 0
    // for _ in range(3):
    //     s, z = sm(s); print(hex(z))
    // print([repr(x) for x in normals(0, 5)])
    // print([repr(x) for x in normals(42, 3)])'
    const BITS_SEED_0: [u64; 3] = [0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f];
    const NORMALS_SEED_0: [f64; 5] = [
        -0.45275774021745807,
        0.20776603893419174,
        2.650605812079669,
        -0.4904228253986477,
        -0.9886041246243285,
    ];
    const NORMALS_SEED_42: [f64; 3] = [0.41471975043153003, 0.652681222151943, -0.8918862136277573];

    #[test]
    fn splitmix64_bits_match_an_independent_implementation() {
        let mut rng = Rng::new(0);
        for want in BITS_SEED_0 {
            assert_eq!(rng.next_u64(), want);
        }
    }

    #[test]
    fn normals_match_an_independent_implementation() {
        for (seed, want) in [(0, &NORMALS_SEED_0[..]), (42, &NORMALS_SEED_42[..])] {
            let mut rng = Rng::new(seed);
            for &w in want {
                let got = rng.normal();
                // ln, sin and cos may differ in the last bit between libms.
                assert!(
                    (got - w).abs() <= 4.0 * f64::EPSILON * w.abs().max(1.0),
                    "seed {seed}: {got} vs {w}"
                );
            }
        }
    }

    #[test]
    fn uniform_is_in_the_half_open_interval_and_never_zero() {
        let mut rng = Rng::new(7);
        for _ in 0..10_000 {
            let u = rng.uniform();
            assert!(u > 0.0 && u <= 1.0);
        }
    }

    #[test]
    fn normals_have_mean_zero_and_variance_one() {
        let mut rng = Rng::new(1);
        let n = 100_000;
        let xs: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        // Standard errors: 1/sqrt(n) ≈ 0.003 for the mean, ≈ 0.0045 for the variance.
        assert!(mean.abs() < 0.015, "mean {mean}");
        assert!((var - 1.0).abs() < 0.025, "variance {var}");
    }
}
