//! The SP 800-90B §4.4 continuous health tests on 8-bit noise samples: the Repetition Count Test (§4.4.1) and
//! the Adaptive Proportion Test (§4.4.2), with the false-positive probability α = 2^-20 that §4.4 recommends.
//!
//! Cut-off values, for a claimed min-entropy of `H` bits per sample:
//! * RCT: `C = 1 + ceil(-log2(α) / H) = 1 + ceil(20 / H)` (SP 800-90B §4.4.1).
//! * APT: `C = 1 + CRITBINOM(W, 2^-H, 1 - α)` with the window `W = 512` for non-binary samples (SP 800-90B
//!   §4.4.2, Table 2 lists the same values for H = 0.5, 1, 2, 4, 8). [`APT_CUTOFFS`] holds them for H = 1..=8;
//!   the unit test `apt_cutoffs_are_the_binomial_critical_values` recomputes every entry from the binomial
//!   distribution. OpenSSL 3.5's `fips_crng_test.c` uses the same tables.
//!
//! The tests run without branching on sample values (the samples are secret): equality and threshold checks are
//! computed arithmetically and failures are accumulated into flags read once per batch.

/// Samples per Adaptive Proportion Test window (non-binary samples, SP 800-90B §4.4.2).
pub const APT_WINDOW: u32 = 512;

/// `-log2(α)`: the false-positive exponent of both tests.
pub const ALPHA_EXPONENT: u32 = 20;

/// APT cut-offs for `W = 512`, `α = 2^-20`, indexed by `H - 1` for `H = 1..=8` bits per sample.
pub const APT_CUTOFFS: [u32; 8] = [311, 177, 103, 62, 39, 25, 18, 13];

/// The RCT cut-off for a claimed min-entropy of `h` bits per sample (1..=8).
pub const fn rct_cutoff(h: u32) -> u32 {
    1 + ALPHA_EXPONENT.div_ceil(h)
}

/// The APT cut-off for a claimed min-entropy of `h` bits per sample (1..=8).
pub const fn apt_cutoff(h: u32) -> u32 {
    APT_CUTOFFS[(h - 1) as usize]
}

/// Which health test failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HealthFailure {
    /// Repetition Count Test (SP 800-90B §4.4.1).
    RepetitionCount,
    /// Adaptive Proportion Test (SP 800-90B §4.4.2).
    AdaptiveProportion,
}

/// 1 if `x == y`, else 0, without a data-dependent branch.
#[inline(always)]
fn eq_u8(x: u8, y: u8) -> u32 {
    let d = u32::from(x ^ y);
    // d == 0 -> d - 1 wraps to 0xFFFF_FFFF (top bit 1); d in 1..=255 -> top bit 0.
    d.wrapping_sub(1) >> 31
}

/// 1 if `v >= c`, else 0 (both below 2^31), without a data-dependent branch.
#[inline(always)]
fn ge(v: u32, c: u32) -> u32 {
    // c - 1 - v is negative (top bit set) exactly when v >= c.
    (c.wrapping_sub(1).wrapping_sub(v)) >> 31
}

/// The state of both continuous tests over one stream of samples.
#[derive(Clone, Debug)]
pub struct HealthTests {
    rct_cutoff: u32,
    apt_cutoff: u32,
    /// RCT: the sample being repeated and its run length (0 before the first sample).
    rct_a: u8,
    rct_b: u32,
    /// APT: the window's first sample, its count in the window, and the position in the window.
    apt_a: u8,
    apt_b: u32,
    apt_i: u32,
    /// Sticky failure flags (non-zero once a cut-off was reached).
    rct_fail: u32,
    apt_fail: u32,
}

impl HealthTests {
    /// Fresh tests for a claimed min-entropy of `h` bits per 8-bit sample; `h` is clamped to 1..=8.
    pub const fn new(h: u32) -> HealthTests {
        let h = if h < 1 {
            1
        } else if h > 8 {
            8
        } else {
            h
        };
        HealthTests {
            rct_cutoff: rct_cutoff(h),
            apt_cutoff: apt_cutoff(h),
            rct_a: 0,
            rct_b: 0,
            apt_a: 0,
            apt_b: 0,
            apt_i: 0,
            rct_fail: 0,
            apt_fail: 0,
        }
    }

    /// The RCT cut-off in use.
    pub fn rct_cutoff(&self) -> u32 {
        self.rct_cutoff
    }

    /// The APT cut-off in use.
    pub fn apt_cutoff(&self) -> u32 {
        self.apt_cutoff
    }

    /// Restarts both tests (as at start-up), forgetting runs, windows and failures.
    pub fn reset(&mut self) {
        *self = HealthTests { rct_cutoff: self.rct_cutoff, apt_cutoff: self.apt_cutoff, ..HealthTests::new(1) };
    }

    /// Feeds samples through both tests; returns the first test that has (ever) failed.
    pub fn feed(&mut self, samples: &[u8]) -> Result<(), HealthFailure> {
        for &x in samples {
            self.sample(x);
        }
        self.status()
    }

    #[inline(always)]
    fn sample(&mut self, x: u8) {
        // RCT (§4.4.1): extend the run when x repeats A, else start a new run at x. The very first sample
        // (rct_b == 0) starts a run too: eq is forced to 0 through the `started` mask.
        let started = (self.rct_b | self.rct_b.wrapping_neg()) >> 31; // 1 once a run exists
        let eq = eq_u8(x, self.rct_a) & started;
        self.rct_b = eq * (self.rct_b + 1) + (1 - eq);
        self.rct_a = x;
        self.rct_fail |= ge(self.rct_b, self.rct_cutoff);

        // APT (§4.4.2): the first sample of each W-sample window is A with count 1; the next W-1 samples
        // add 1 when equal to A. The window position is public; only the comparison involves the sample.
        if self.apt_i == 0 {
            self.apt_a = x;
            self.apt_b = 1;
        } else {
            self.apt_b += eq_u8(x, self.apt_a);
            self.apt_fail |= ge(self.apt_b, self.apt_cutoff);
        }
        self.apt_i += 1;
        if self.apt_i == APT_WINDOW {
            self.apt_i = 0;
        }
    }

    /// The first failure seen so far, if any.
    pub fn status(&self) -> Result<(), HealthFailure> {
        if self.rct_fail != 0 {
            Err(HealthFailure::RepetitionCount)
        } else if self.apt_fail != 0 {
            Err(HealthFailure::AdaptiveProportion)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `1 + CRITBINOM(n, p, 1 - 2^-20)`: the smallest k with P[X <= k] >= 1 - α, plus one.
    fn binomial_cutoff(n: u32, p: f64) -> u32 {
        let target = 1.0 - 2f64.powi(-(ALPHA_EXPONENT as i32));
        let mut pmf = (1.0 - p).powi(n as i32);
        let mut cdf = pmf;
        let mut k = 0;
        while cdf < target {
            pmf *= f64::from(n - k) / f64::from(k + 1) * p / (1.0 - p);
            k += 1;
            cdf += pmf;
        }
        1 + k
    }

    #[test]
    fn apt_cutoffs_are_the_binomial_critical_values() {
        for h in 1..=8u32 {
            assert_eq!(apt_cutoff(h), binomial_cutoff(APT_WINDOW, 2f64.powi(-(h as i32))), "H = {h}");
        }
        // SP 800-90B Table 2 (W = 512): H = 1 -> 311, 2 -> 177, 4 -> 62, 8 -> 13.
        assert_eq!([apt_cutoff(1), apt_cutoff(2), apt_cutoff(4), apt_cutoff(8)], [311, 177, 62, 13]);
    }

    #[test]
    fn rct_cutoffs_follow_the_formula() {
        // SP 800-90B §4.4.1 example: H = 2 (α = 2^-20) gives C = 11.
        assert_eq!(rct_cutoff(2), 11);
        assert_eq!((1..=8).map(rct_cutoff).collect::<Vec<_>>(), [21, 11, 8, 6, 5, 5, 4, 4]);
    }

    #[test]
    fn rct_trips_exactly_at_the_cutoff() {
        let mut t = HealthTests::new(6);
        let c = t.rct_cutoff() as usize; // 5
        assert_eq!(t.feed(&vec![0xA5; c - 1]), Ok(()));
        assert_eq!(t.feed(&[0x5A]), Ok(()), "a different sample restarts the run");
        assert_eq!(t.feed(&vec![0x5A; c - 2]), Ok(()));
        assert_eq!(t.feed(&[0x5A]), Err(HealthFailure::RepetitionCount));
        // Sticky until reset.
        assert_eq!(t.feed(&[1, 2, 3]), Err(HealthFailure::RepetitionCount));
        t.reset();
        assert_eq!(t.feed(&[1, 2, 3]), Ok(()));
    }

    #[test]
    fn apt_trips_on_a_biased_window_without_long_runs() {
        let mut t = HealthTests::new(6);
        // Alternate A with distinct values: A occurs every other sample, so the RCT never fires, but A's count
        // in the window reaches the APT cut-off (25) long before 512 samples.
        let mut s = Vec::new();
        for i in 0..60u8 {
            s.push(0x42);
            s.push(i.wrapping_mul(3).wrapping_add(1) | 0x80);
        }
        assert_eq!(t.feed(&s), Err(HealthFailure::AdaptiveProportion));
    }

    #[test]
    fn apt_counts_only_within_a_window() {
        let mut t = HealthTests::new(6);
        let c = t.apt_cutoff() as usize;
        // Each window: A at position 0, then A again c - 2 times (count c - 1), spread out, then filler.
        let mut window = vec![0u8; APT_WINDOW as usize];
        for (i, v) in window.iter_mut().enumerate() {
            *v = if i % 8 == 0 && i / 8 < c - 1 { 7 } else { (i % 200) as u8 + 20 };
        }
        // Avoid accidental RCT runs: filler values differ from their neighbours.
        for _ in 0..4 {
            assert_eq!(t.feed(&window), Ok(()));
        }
        // One more A in a window reaches the cut-off.
        window[1] = 7;
        assert_eq!(t.feed(&window), Err(HealthFailure::AdaptiveProportion));
    }

    #[test]
    fn uniform_bytes_pass() {
        let mut t = HealthTests::new(6);
        // A full-period byte sequence (x -> 5x + 1 mod 256 visits every byte once per 256 steps) never repeats
        // a value twice in a row and holds each value twice per 512-sample window.
        let mut x = 0u8;
        let s: Vec<u8> = (0..100_000)
            .map(|_| {
                x = x.wrapping_mul(5).wrapping_add(1);
                x
            })
            .collect();
        assert_eq!(t.feed(&s), Ok(()));
    }
}
