//! The entropy source with healthy, stuck and biased noise.

use super::*;

/// Noise from a closure.
struct Fake<F: FnMut(&mut [u8])>(F);

impl<F: FnMut(&mut [u8])> NoiseSource for Fake<F> {
    fn read(&mut self, buf: &mut [u8]) -> Result<(), EntropyError> {
        (self.0)(buf);
        Ok(())
    }
}

/// A full-period byte generator: never repeats a value twice in a row, every value twice per 512 samples.
fn healthy() -> Fake<impl FnMut(&mut [u8])> {
    let mut x = 0u8;
    Fake(move |b: &mut [u8]| {
        for v in b {
            x = x.wrapping_mul(5).wrapping_add(1);
            *v = x;
        }
    })
}

#[test]
fn raw_per_block_meets_the_full_entropy_rule() {
    assert_eq!(RAW_PER_BLOCK, 54);
    assert!(RAW_PER_BLOCK as u32 * CLAIMED_MIN_ENTROPY >= BLOCK_LEN as u32 * 8 + 64);
}

#[test]
fn os_source_produces_distinct_output() {
    let mut s = EntropySource::new(OsNoise);
    assert!(!s.is_started());
    let (mut a, mut b) = ([0u8; 48], [0u8; 48]);
    s.fill(&mut a).unwrap();
    assert!(s.is_started());
    s.fill(&mut b).unwrap();
    assert_ne!(a, b);
    let mut big = vec![0u8; 10_000];
    s.fill(&mut big).unwrap();
    assert!(big.chunks(32).all(|c| c.iter().any(|&x| x != 0)));
    assert!(system_fill(&mut a).is_ok());
    assert!(!system_failed());
}

#[test]
fn output_is_sha256_of_the_raw_samples() {
    let mut raw = vec![0u8; STARTUP_SAMPLES + 2 * RAW_PER_BLOCK];
    healthy().read(&mut raw).unwrap();
    let mut s = EntropySource::new(healthy());
    let mut out = [0u8; 40];
    s.fill(&mut out).unwrap();
    let b0 = crate::digest::digest(Algorithm::Sha256, &raw[STARTUP_SAMPLES..STARTUP_SAMPLES + RAW_PER_BLOCK]);
    let b1 = crate::digest::digest(Algorithm::Sha256, &raw[STARTUP_SAMPLES + RAW_PER_BLOCK..]);
    assert_eq!(&out[..32], &b0[..]);
    assert_eq!(&out[32..], &b1[..8]);
}

#[test]
fn stuck_source_fails_startup_and_stays_failed() {
    let mut s = EntropySource::new(Fake(|b: &mut [u8]| b.fill(0x33)));
    let mut out = [0xAAu8; 32];
    assert_eq!(s.fill(&mut out), Err(EntropyError::RepetitionCount));
    assert_eq!(out, [0u8; 32], "no output on failure");
    assert!(s.is_failed());
    assert_eq!(s.startup(&mut || false), Err(EntropyError::RepetitionCount));
    assert_eq!(s.fill(&mut out), Err(EntropyError::RepetitionCount));
}

#[test]
fn source_that_gets_stuck_later_trips_the_rct() {
    let mut n = 0usize;
    let mut inner = healthy();
    let mut s = EntropySource::new(Fake(move |b: &mut [u8]| {
        inner.read(b).unwrap();
        n += b.len();
        if n > 4000 {
            b[10..20].fill(9);
        }
    }));
    let mut out = [0u8; 64];
    let mut results = Vec::new();
    for _ in 0..40 {
        results.push(s.fill(&mut out));
    }
    assert!(results[0].is_ok());
    assert!(results.contains(&Err(EntropyError::RepetitionCount)));
    assert_eq!(results.last(), Some(&Err(EntropyError::RepetitionCount)));
    assert!(s.is_failed());
}

#[test]
fn biased_source_trips_the_apt() {
    // Every other sample is 0x42, starting with the first of each window: no runs (RCT passes), but 0x42 fills
    // half of each window.
    let mut i = 0u8;
    let mut s = EntropySource::new(Fake(move |b: &mut [u8]| {
        for v in b {
            i = i.wrapping_add(1);
            *v = if i % 2 == 1 { 0x42 } else { i | 0x80 };
        }
    }));
    assert_eq!(s.fill(&mut [0u8; 16]), Err(EntropyError::AdaptiveProportion));
    assert!(s.is_failed());
}

#[test]
fn corrupted_startup_fails() {
    let mut s = EntropySource::new(healthy());
    assert_eq!(s.startup(&mut || true), Err(EntropyError::RepetitionCount));
    assert!(s.is_failed());
    let mut ok = EntropySource::new(healthy());
    assert_eq!(ok.startup(&mut || false), Ok(()));
    assert!(ok.is_started());
}

#[test]
fn noise_errors_fail_the_request_only() {
    struct Broken(bool);
    impl NoiseSource for Broken {
        fn read(&mut self, buf: &mut [u8]) -> Result<(), EntropyError> {
            if self.0 {
                self.0 = false;
                return Err(EntropyError::Noise(38));
            }
            let mut x = 7u8;
            for v in buf {
                x = x.wrapping_mul(5).wrapping_add(1);
                *v = x;
            }
            Ok(())
        }
    }
    let mut s = EntropySource::new(Broken(true));
    assert_eq!(s.fill(&mut [0u8; 8]), Err(EntropyError::Noise(38)));
    assert!(!s.is_failed());
    assert_eq!(s.fill(&mut [0u8; 8]), Ok(()));
}

#[test]
fn system_source_is_thread_safe_and_never_repeats() {
    // Eight threads draw from the process-wide source at once: every 32-byte block is distinct (a repeat would
    // mean two callers were handed the same conditioned block) and the health tests stay green.
    let blocks: Vec<[u8; 32]> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    (0..250)
                        .map(|_| {
                            let mut b = [0u8; 32];
                            system_fill(&mut b).map(|()| b)
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap().unwrap()).collect()
    });
    assert_eq!(blocks.len(), 2000);
    let distinct: std::collections::HashSet<_> = blocks.iter().collect();
    assert_eq!(distinct.len(), blocks.len());
    assert!(!system_failed());
}

#[test]
fn startup_needs_the_full_1024_samples() {
    // A source stuck only in its last 5 start-up samples (the RCT cut-off for H = 6) fails: the start-up test
    // looks at every one of the 1024 samples, not a prefix.
    let mut n = 0usize;
    let mut inner = healthy();
    let mut s = EntropySource::new(Fake(move |b: &mut [u8]| {
        inner.read(b).unwrap();
        for v in b.iter_mut() {
            if (STARTUP_SAMPLES - 5..STARTUP_SAMPLES).contains(&n) {
                *v = 0x11;
            }
            n += 1;
        }
    }));
    assert_eq!(health::rct_cutoff(CLAIMED_MIN_ENTROPY), 5);
    assert_eq!(s.startup(&mut || false), Err(EntropyError::RepetitionCount));
}
