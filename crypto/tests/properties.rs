//! Property tests: streaming vs one-shot, every backend vs the soft backend, clones, XOF squeezing, HMAC vs a
//! straightforward construction from [`Hasher`], plus the API's error cases.

use ferrofips_crypto::Error;
use ferrofips_crypto::digest::{self, Algorithm, Backend, Hasher};
use ferrofips_crypto::hmac::Hmac;
use proptest::prelude::*;

/// One-shot digest of `data` on backend `b`, `n` bytes of output (the XOFs accept any `n`).
fn one_shot(alg: Algorithm, b: Backend, data: &[u8], n: usize) -> Vec<u8> {
    let mut h = Hasher::with_backend(alg, b).unwrap();
    h.update(data);
    let mut out = vec![0u8; n];
    h.finalize_into(&mut out).unwrap();
    out
}

/// Splits `data` at the (sorted, clamped) `cuts` and feeds the pieces one by one.
fn feed_split(h: &mut Hasher, data: &[u8], cuts: &[usize]) {
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c % (data.len() + 1)).collect();
    cuts.sort_unstable();
    let mut start = 0;
    for c in cuts.into_iter().chain([data.len()]) {
        h.update(&data[start..c]);
        start = c;
    }
}

fn any_alg() -> impl Strategy<Value = Algorithm> {
    proptest::sample::select(Algorithm::ALL.to_vec())
}

fn mac_alg() -> impl Strategy<Value = Algorithm> {
    proptest::sample::select(Algorithm::ALL.iter().copied().filter(|a| !a.is_xof()).collect::<Vec<_>>())
}

/// HMAC exactly as FIPS 198-1 §4 writes it, built from the one-shot digest on backend `b`.
fn reference_hmac(alg: Algorithm, b: Backend, key: &[u8], msg: &[u8]) -> Vec<u8> {
    let n = alg.output_len();
    let mut k0 = if key.len() > alg.block_len() { one_shot(alg, b, key, n) } else { key.to_vec() };
    k0.resize(alg.block_len(), 0);
    let mut inner_in: Vec<u8> = k0.iter().map(|k| k ^ 0x36).collect();
    inner_in.extend_from_slice(msg);
    let mut outer_in: Vec<u8> = k0.iter().map(|k| k ^ 0x5c).collect();
    outer_in.extend_from_slice(&one_shot(alg, b, &inner_in, n));
    one_shot(alg, b, &outer_in, n)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn streaming_equals_one_shot_on_every_backend(
        alg in any_alg(),
        data in proptest::collection::vec(any::<u8>(), 0..1200),
        cuts in proptest::collection::vec(any::<usize>(), 0..6),
    ) {
        let n = alg.output_len();
        let reference = one_shot(alg, Backend::Soft, &data, n);
        if !alg.is_xof() {
            prop_assert_eq!(&digest::digest(alg, &data), &reference);
        }
        for b in digest::backends(alg) {
            let mut h = Hasher::with_backend(alg, b).unwrap();
            feed_split(&mut h, &data, &cuts);
            let mut out = vec![0u8; n];
            h.finalize_into(&mut out).unwrap();
            prop_assert_eq!(&out, &reference, "{} on {}", alg, b);
            // finalize_into reset the hasher: it hashes the same data to the same value again.
            h.update(&data);
            h.finalize_into(&mut out).unwrap();
            prop_assert_eq!(&out, &reference, "{} on {} after reset", alg, b);
        }
    }

    #[test]
    fn clone_mid_stream(
        alg in any_alg(),
        prefix in proptest::collection::vec(any::<u8>(), 0..400),
        a in proptest::collection::vec(any::<u8>(), 0..300),
        c in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let n = alg.output_len();
        for b in digest::backends(alg) {
            let mut h = Hasher::with_backend(alg, b).unwrap();
            h.update(&prefix);
            let mut g = h.clone();
            h.update(&a);
            g.update(&c);
            let (mut ha, mut gc) = (vec![0u8; n], vec![0u8; n]);
            h.finalize_into(&mut ha).unwrap();
            g.finalize_into(&mut gc).unwrap();
            prop_assert_eq!(ha, one_shot(alg, Backend::Soft, &[&prefix[..], &a[..]].concat(), n));
            prop_assert_eq!(gc, one_shot(alg, Backend::Soft, &[&prefix[..], &c[..]].concat(), n));
        }
    }

    #[test]
    fn squeeze_in_pieces_equals_squeeze_at_once(
        xof in proptest::sample::select(vec![Algorithm::Shake128, Algorithm::Shake256]),
        data in proptest::collection::vec(any::<u8>(), 0..400),
        pieces in proptest::collection::vec(0usize..400, 0..8),
    ) {
        let total: usize = pieces.iter().sum();
        let at_once = one_shot(xof, Backend::Soft, &data, total);
        for b in digest::backends(xof) {
            let mut h = Hasher::with_backend(xof, b).unwrap();
            h.update(&data);
            let mut joined = Vec::new();
            for &p in &pieces {
                let mut out = vec![0u8; p];
                h.squeeze(&mut out).unwrap();
                joined.extend_from_slice(&out);
            }
            prop_assert_eq!(&joined, &at_once, "{} on {}", xof, b);
            // A prefix of a longer output is the shorter output.
            let mut more = vec![0u8; total + 17];
            h.reset();
            h.update(&data);
            h.finalize_into(&mut more).unwrap();
            prop_assert_eq!(&more[..total], &at_once[..]);
        }
    }

    #[test]
    fn hmac_matches_reference(
        alg in mac_alg(),
        key in proptest::collection::vec(any::<u8>(), 0..300),
        msg in proptest::collection::vec(any::<u8>(), 0..500),
        cuts in proptest::collection::vec(any::<usize>(), 0..4),
    ) {
        let expected = reference_hmac(alg, Backend::Soft, &key, &msg);
        for b in digest::backends(alg) {
            let mut mac = Hmac::with_backend(alg, b, &key).unwrap();
            prop_assert_eq!(mac.mac_len(), alg.output_len());
            let mut cut: Vec<usize> = cuts.iter().map(|&c| c % (msg.len() + 1)).collect();
            cut.sort_unstable();
            let mut start = 0;
            for c in cut.into_iter().chain([msg.len()]) {
                mac.update(&msg[start..c]);
                start = c;
            }
            let mut out = vec![0u8; mac.mac_len()];
            mac.finalize_into(&mut out).unwrap();
            prop_assert_eq!(&out, &expected, "HMAC-{} on {}", alg, b);
            // Reset to the keyed state after finalize, and after an explicit reset.
            mac.update(&msg);
            mac.finalize_into(&mut out).unwrap();
            prop_assert_eq!(&out, &expected);
            mac.update(b"discarded");
            mac.reset();
            let copy = mac.clone();
            mac.update(&msg);
            mac.finalize_into(&mut out).unwrap();
            prop_assert_eq!(&out, &expected);
            let mut copy = copy;
            copy.update(&msg);
            copy.finalize_into(&mut out).unwrap();
            prop_assert_eq!(&out, &expected);
        }
    }
}

#[test]
fn backend_lists_are_consistent() {
    for alg in Algorithm::ALL {
        let list = digest::backends(alg);
        assert_eq!(list.last(), Some(&Backend::Soft), "{alg}");
        assert_eq!(digest::default_backend(alg), list[0], "{alg}");
        assert_eq!(Hasher::new(alg).backend(), list[0], "{alg}");
        for b in &list {
            assert_eq!(Hasher::with_backend(alg, *b).unwrap().backend(), *b);
        }
        // Backends for other algorithm families are refused, never silently swapped.
        let foreign =
            if alg.name().starts_with("SHA3") || alg.is_xof() { Backend::X86ShaNi } else { Backend::Aarch64Sha3 };
        assert_eq!(Hasher::with_backend(alg, foreign).unwrap_err(), Error::BackendUnavailable);
        println!("{alg}: {}", list.iter().map(|b| b.name()).collect::<Vec<_>>().join(", "));
    }
}

#[test]
fn api_errors() {
    for alg in Algorithm::ALL {
        let mut h = Hasher::new(alg);
        h.update(b"abc");
        if alg.is_xof() {
            let mut empty = [0u8; 0];
            assert_eq!(h.finalize_into(&mut empty), Ok(()));
            assert_eq!(Hmac::new(alg, b"k").unwrap_err(), Error::Unsupported);
        } else {
            let mut long = vec![0u8; alg.output_len() + 1];
            assert_eq!(h.finalize_into(&mut long), Err(Error::InvalidLength));
            let mut short = vec![0u8; alg.output_len() - 1];
            assert_eq!(h.finalize_into(&mut short), Err(Error::InvalidLength));
            // A refused finalize leaves the state alone.
            let mut out = vec![0u8; alg.output_len()];
            h.finalize_into(&mut out).unwrap();
            assert_eq!(out, digest::digest(alg, b"abc"));
            assert_eq!(h.squeeze(&mut out), Err(Error::Unsupported));

            let mut mac = Hmac::new(alg, b"key").unwrap();
            assert_eq!(mac.finalize_into(&mut long), Err(Error::InvalidLength));
        }
    }
}

#[test]
fn debug_output_has_no_secrets() {
    let key = [0xA5u8; 32];
    let mac = Hmac::new(Algorithm::Sha256, &key).unwrap();
    let text = format!("{mac:?}");
    assert!(text.contains("Sha256"), "{text}");
    assert!(!text.to_lowercase().contains("a5") && !text.contains("165"), "{text}");
    let mut h = Hasher::new(Algorithm::Sha3_256);
    h.update(&key);
    let text = format!("{h:?}");
    assert!(text.starts_with("Hasher { algorithm: Sha3_256"), "{text}");
    assert!(!text.contains("165"), "{text}");
}

#[test]
fn names() {
    let names: Vec<&str> = Algorithm::ALL.iter().map(|a| a.name()).collect();
    assert_eq!(
        names,
        [
            "SHA-1",
            "SHA-224",
            "SHA-256",
            "SHA-384",
            "SHA-512",
            "SHA-512/224",
            "SHA-512/256",
            "SHA3-224",
            "SHA3-256",
            "SHA3-384",
            "SHA3-512",
            "SHAKE-128",
            "SHAKE-256"
        ]
    );
    let rates: Vec<usize> = Algorithm::ALL[7..].iter().map(|a| a.block_len()).collect();
    assert_eq!(rates, [144, 136, 104, 72, 168, 136]);
    assert_eq!(Algorithm::Shake128.output_len(), 16);
    assert_eq!(Algorithm::Shake256.output_len(), 32);
}
