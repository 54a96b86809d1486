//! Hash_DRBG and HMAC_DRBG against the ACVP `hashDRBG-1.0` / `hmacDRBG-1.0` vectors on every digest backend,
//! plus the mechanisms' rules.

use ferrofips_kat::drbg::{DigestDrbgCase, Use, load_hash, load_hmac};

use super::*;
use crate::digest::{self, Backend};

fn alg_of(c: &DigestDrbgCase) -> Algorithm {
    Algorithm::ALL.into_iter().find(|a| a.name() == c.digest.name()).unwrap()
}

/// Runs one case (the ACVP order, see `ferrofips_kat::drbg`) on any mechanism.
fn run_case(d: &mut dyn Drbg, c: &DigestDrbgCase) -> Vec<u8> {
    d.instantiate(&c.entropy, &c.nonce, &c.pers).unwrap();
    let mut out = vec![0u8; c.returned_bits.len()];
    for s in &c.steps {
        match (s.use_, c.pred_resistance) {
            (Use::Reseed, _) => d.reseed(&s.entropy, &s.additional).unwrap(),
            (Use::Generate, true) => d.generate_with_reseed(&mut out, &s.entropy, &s.additional).unwrap(),
            (Use::Generate, false) => d.generate(&mut out, &s.additional).unwrap(),
        }
    }
    out
}

fn run_all(cases: &[DigestDrbgCase], make: impl Fn(Algorithm, Backend) -> Box<dyn Drbg>) -> usize {
    let mut runs = 0;
    for c in cases {
        let alg = alg_of(c);
        for backend in digest::backends(alg) {
            let mut d = make(alg, backend);
            let got = run_case(d.as_mut(), c);
            assert_eq!(
                hex::encode(&got),
                hex::encode(&c.returned_bits),
                "tcId {} {} on {backend:?}",
                c.tc_id,
                alg.name()
            );
            runs += 1;
        }
    }
    runs
}

#[test]
fn acvp_hash_drbg_every_backend() {
    let cases = load_hash().unwrap();
    assert_eq!(cases.len(), 330);
    let runs = run_all(&cases, |a, b| Box::new(HashDrbg::with_backend(a, b).unwrap()));
    assert!(runs >= 330);
}

#[test]
fn acvp_hmac_drbg_every_backend() {
    let cases = load_hmac().unwrap();
    assert_eq!(cases.len(), 330);
    let runs = run_all(&cases, |a, b| Box::new(HmacDrbg::with_backend(a, b).unwrap()));
    assert!(runs >= 330);
}

fn both(alg: Algorithm) -> [Box<dyn Drbg>; 2] {
    [Box::new(HashDrbg::new(alg).unwrap()), Box::new(HmacDrbg::new(alg).unwrap())]
}

#[test]
fn strengths_and_seed_lengths_follow_table_2() {
    let expect = [
        (Algorithm::Sha1, 128, 55),
        (Algorithm::Sha224, 192, 55),
        (Algorithm::Sha512_224, 192, 55),
        (Algorithm::Sha256, 256, 55),
        (Algorithm::Sha512_256, 256, 55),
        (Algorithm::Sha384, 256, 111),
        (Algorithm::Sha512, 256, 111),
        (Algorithm::Sha3_224, 192, 55),
        (Algorithm::Sha3_256, 256, 55),
        (Algorithm::Sha3_384, 256, 111),
        (Algorithm::Sha3_512, 256, 111),
    ];
    for (alg, strength, seed_len) in expect {
        let h = HashDrbg::new(alg).unwrap();
        assert_eq!((h.strength(), h.seed_len()), (strength, seed_len), "{}", alg.name());
        assert_eq!(HmacDrbg::new(alg).unwrap().strength(), strength);
        assert_eq!(h.min_entropy_len(), strength as usize / 8);
    }
    for xof in [Algorithm::Shake128, Algorithm::Shake256] {
        assert_eq!(HashDrbg::new(xof).unwrap_err(), DrbgError::Digest(crate::Error::Unsupported));
        assert_eq!(HmacDrbg::new(xof).unwrap_err(), DrbgError::Digest(crate::Error::Unsupported));
    }
}

#[test]
fn length_and_state_rules() {
    for mut d in both(Algorithm::Sha256) {
        assert_eq!(d.generate(&mut [0u8; 4], b""), Err(DrbgError::NotInstantiated));
        assert_eq!(d.reseed(&[0u8; 32], b""), Err(DrbgError::NotInstantiated));
        assert_eq!(d.instantiate(&[0u8; 31], b"", b""), Err(DrbgError::InvalidLength), "below strength");
        d.instantiate(&[0u8; 32], b"", b"").unwrap();
        assert_eq!(d.generate(&mut vec![0u8; MAX_REQUEST + 1], b""), Err(DrbgError::RequestTooLarge));
        assert_eq!(
            d.generate_with_reseed(&mut vec![0u8; MAX_REQUEST + 1], &[0u8; 32], b""),
            Err(DrbgError::RequestTooLarge)
        );
        assert_eq!(d.reseed(&[0u8; 31], b""), Err(DrbgError::InvalidLength));
        let mut big = vec![0u8; MAX_REQUEST];
        d.generate(&mut big, b"").unwrap();
        assert!(big.chunks(32).all(|c| c.iter().any(|&b| b != 0)));
    }
}

#[test]
fn reseed_interval_is_enforced() {
    for mut d in both(Algorithm::Sha512) {
        assert_eq!(d.set_reseed_interval(0), Err(DrbgError::InvalidLength));
        assert_eq!(d.set_reseed_interval(MAX_RESEED_INTERVAL + 1), Err(DrbgError::InvalidLength));
        d.set_reseed_interval(2).unwrap();
        d.instantiate(&[7u8; 32], &[8u8; 16], b"").unwrap();
        assert_eq!(d.reseed_counter(), 1);
        d.generate(&mut [0u8; 16], b"").unwrap();
        d.generate(&mut [0u8; 16], b"x").unwrap();
        assert_eq!(d.reseed_counter(), 3);
        assert_eq!(d.generate(&mut [0u8; 16], b""), Err(DrbgError::ReseedRequired));
        d.reseed(&[9u8; 32], b"").unwrap();
        assert_eq!(d.reseed_counter(), 1);
        d.generate(&mut [0u8; 16], b"").unwrap();
    }
}

#[test]
fn uninstantiate_zeroizes_and_reinstantiation_repeats() {
    for alg in [Algorithm::Sha1, Algorithm::Sha384, Algorithm::Sha3_256] {
        for mut d in both(alg) {
            assert!(d.is_zeroized());
            d.instantiate(&[3u8; 40], &[4u8; 12], b"pers").unwrap();
            let mut a = [0u8; 100];
            d.generate(&mut a, b"ad").unwrap();
            assert!(!d.is_zeroized());
            d.uninstantiate();
            assert!(d.is_zeroized() && !d.is_instantiated());
            assert_eq!(d.generate(&mut [0u8; 4], b""), Err(DrbgError::NotInstantiated));
            // Same inputs, same output: nothing of the old state survives.
            d.instantiate(&[3u8; 40], &[4u8; 12], b"pers").unwrap();
            let mut b = [0u8; 100];
            d.generate(&mut b, b"ad").unwrap();
            assert_eq!(a, b);
        }
    }
}

#[test]
fn inputs_change_the_output() {
    for alg in [Algorithm::Sha256, Algorithm::Sha512] {
        let base = |d: &mut dyn Drbg, e: &[u8], n: &[u8], p: &[u8], ad: &[u8]| {
            d.instantiate(e, n, p).unwrap();
            let mut o = [0u8; 48];
            d.generate(&mut o, ad).unwrap();
            o
        };
        for hmac in [false, true] {
            let ([h1, m1], [h2, m2]) = (both(alg), both(alg));
            let (mut x, mut y) = if hmac { (m1, m2) } else { (h1, h2) };
            let r = base(x.as_mut(), &[1; 32], b"n", b"p", b"");
            assert_eq!(r, base(y.as_mut(), &[1; 32], b"n", b"p", b""));
            assert_ne!(r, base(y.as_mut(), &[2; 32], b"n", b"p", b""), "entropy");
            assert_ne!(r, base(y.as_mut(), &[1; 32], b"m", b"p", b""), "nonce");
            assert_ne!(r, base(y.as_mut(), &[1; 32], b"n", b"q", b""), "pers");
            assert_ne!(r, base(y.as_mut(), &[1; 32], b"n", b"p", b"a"), "additional input");
            // The next request differs from the first.
            let mut two = [0u8; 48];
            x.generate(&mut two, b"").unwrap();
            assert_ne!(r, two);
        }
    }
}

#[test]
fn add_be_wraps_and_carries() {
    let mut v = [0xFFu8, 0xFF, 0xFE];
    add_be(&mut v, &[3]);
    assert_eq!(v, [0, 0, 1]);
    let mut w = [0x01u8, 0x00, 0xFF];
    add_be(&mut w, &[0x01, 0x01]);
    assert_eq!(w, [0x01, 0x02, 0x00]);
    let mut all = [0xFFu8; 111];
    increment_be(&mut all);
    assert_eq!(all, [0u8; 111]);
    let mut z = [0x80u8; 4];
    add_be(&mut z, &[0x80; 4]);
    assert_eq!(z, [0x01, 0x01, 0x01, 0x00]);
}

#[test]
fn add_be_matches_bytewise_addition_for_every_length() {
    // Reference: schoolbook byte-wise addition with carry.
    fn reference(dst: &mut [u8], src: &[u8]) {
        let mut carry = 0u16;
        let mut s = src.iter().rev();
        for d in dst.iter_mut().rev() {
            let sum = u16::from(*d) + u16::from(s.next().copied().unwrap_or(0)) + carry;
            *d = sum as u8;
            carry = sum >> 8;
        }
    }
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut byte = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        // Bias towards 0xFF so long carry chains occur.
        if x.is_multiple_of(3) { 0xFF } else { x as u8 }
    };
    for dlen in 1..=111usize {
        for slen in [0, 1, 4, 8, 9, dlen / 2, dlen] {
            let slen = slen.min(dlen);
            let d: Vec<u8> = (0..dlen).map(|_| byte()).collect();
            let src: Vec<u8> = (0..slen).map(|_| byte()).collect();
            let (mut a, mut b) = (d.clone(), d.clone());
            add_be(&mut a, &src);
            reference(&mut b, &src);
            assert_eq!(a, b, "dlen {dlen} slen {slen}");
            let (mut a, mut b) = (d.clone(), d);
            increment_be(&mut a);
            reference(&mut b, &[1]);
            assert_eq!(a, b, "increment, dlen {dlen}");
        }
    }
}

#[test]
fn ctr_drbg_through_the_trait_matches_inherent_calls() {
    let mut a = CtrDrbg::new(Cipher::Aes128, false);
    let mut b = CtrDrbg::new(Cipher::Aes128, false);
    let d: &mut dyn Drbg = &mut b;
    a.instantiate(&[5u8; 32], b"", b"").unwrap();
    d.instantiate(&[5u8; 32], b"", b"").unwrap();
    assert_eq!((Drbg::strength(&a), d.max_nonce_len(), d.max_input_len()), (128, 0, 32));
    let (mut x, mut y) = ([0u8; 40], [0u8; 40]);
    a.generate(&mut x, b"").unwrap();
    d.generate(&mut y, b"").unwrap();
    assert_eq!(x, y);
}
