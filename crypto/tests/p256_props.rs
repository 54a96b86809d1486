//! Property and negative tests of the public P-256 API: round trips (sign/verify, ECDH, SEC 1 and DER
//! encodings) and rejection of malformed keys, points and signatures.

use ferrofips_crypto::Error;
use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::ec::p256::{self, PublicKey, SecretKey, Signature};
use proptest::prelude::*;

const N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const P: &str = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
const GX: &str = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
const GY: &str = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";

fn h32(s: &str) -> [u8; 32] {
    hex::decode(s).unwrap().try_into().unwrap()
}

/// `x + d` as 32 big-endian bytes (wrapping), for values near n and p.
fn plus(x: [u8; 32], d: i64) -> [u8; 32] {
    let mut v = x;
    let mut carry = d as i128;
    for b in v.iter_mut().rev() {
        let t = *b as i128 + carry;
        *b = t.rem_euclid(256) as u8;
        carry = t.div_euclid(256);
    }
    v
}

fn key_from(seed: [u8; 32]) -> SecretKey {
    // Any seed maps to a valid key: clear the top bit (then d < n) and force d != 0.
    let mut b = seed;
    b[0] &= 0x7f;
    b[31] |= 1;
    SecretKey::from_bytes(&b).unwrap()
}

fn fixed_rng(byte: u8) -> impl FnMut(&mut [u8]) -> Result<(), Error> {
    move |out: &mut [u8]| {
        out.fill(byte);
        Ok(())
    }
}

proptest! {
    #[test]
    fn sign_verify_round_trip(seed in any::<[u8; 32]>(), hash in proptest::collection::vec(any::<u8>(), 0..80), r in any::<u8>()) {
        let sk = key_from(seed);
        let pk = sk.public_key();
        let sig = p256::sign_prehash(&sk, &hash, &mut fixed_rng(r)).unwrap();
        prop_assert!(p256::verify_prehash(&pk, &hash, &sig).is_ok());
        // DER round trip.
        prop_assert_eq!(Signature::from_der(&sig.to_der()).unwrap(), sig);
        // Any change to the hash (within its first 32 bytes, the part bits2int uses) breaks it.
        let mut other = hash.clone();
        if other.is_empty() { other.push(1) } else { other[0] ^= 1 }
        prop_assert!(p256::verify_prehash(&pk, &other, &sig).is_err());
        // So does changing r or s, or the key.
        let mut bad = sig;
        bad.s[31] ^= 1;
        prop_assert!(p256::verify_prehash(&pk, &hash, &bad).is_err());
        let mut bad = sig;
        bad.r[31] ^= 1;
        prop_assert!(p256::verify_prehash(&pk, &hash, &bad).is_err());
        let mut other_seed = seed;
        other_seed[0] ^= 0x40;
        let other_pk = key_from(other_seed).public_key();
        prop_assert!(p256::verify_prehash(&other_pk, &hash, &sig).is_err());
        // -s verifies too (no low-s rule), and is a different signature.
        let deterministic = p256::sign_prehash_deterministic(&sk, &hash, Algorithm::Sha256).unwrap();
        prop_assert!(p256::verify_prehash(&pk, &hash, &deterministic).is_ok());
        prop_assert_eq!(deterministic, p256::sign_prehash_deterministic(&sk, &hash, Algorithm::Sha256).unwrap());
        // Hedged: fresh randomness gives a different nonce, hence a different r.
        let other_sig = p256::sign_prehash(&sk, &hash, &mut fixed_rng(r.wrapping_add(1))).unwrap();
        prop_assert_ne!(other_sig.r, sig.r);
        prop_assert_ne!(deterministic.r, sig.r);
    }

    #[test]
    fn ecdh_is_symmetric(a in any::<[u8; 32]>(), b in any::<[u8; 32]>()) {
        let (ska, skb) = (key_from(a), key_from(b));
        let za = p256::ecdh(&ska, &skb.public_key()).unwrap();
        let zb = p256::ecdh(&skb, &ska.public_key()).unwrap();
        prop_assert_eq!(&za[..], &zb[..]);
    }

    #[test]
    fn sec1_round_trips(seed in any::<[u8; 32]>()) {
        let sk = key_from(seed);
        let pk = sk.public_key();
        let u = pk.to_uncompressed();
        let c = pk.to_compressed();
        prop_assert_eq!(PublicKey::from_sec1(&u).unwrap(), pk);
        prop_assert_eq!(PublicKey::from_sec1(&c).unwrap(), pk);
        prop_assert_eq!(&c[1..], &u[1..33]);
        prop_assert_eq!(c[0], 2 | (u[64] & 1));
        // The other parity decodes to -Q: a valid but different key.
        let mut flipped = c;
        flipped[0] ^= 1;
        let neg = PublicKey::from_sec1(&flipped).unwrap();
        prop_assert_ne!(neg, pk);
        prop_assert_eq!(&neg.to_uncompressed()[1..33], &u[1..33]);
        // Off the curve: y + 1.
        let mut off = u;
        off[64] = off[64].wrapping_add(1);
        prop_assert_eq!(PublicKey::from_sec1(&off), Err(Error::InvalidKey));
        // Key bytes round trip.
        prop_assert_eq!(SecretKey::from_bytes(&sk.to_bytes()[..]).unwrap().public_key(), pk);
    }

    #[test]
    fn der_rejects_any_truncation_or_extension(seed in any::<[u8; 32]>(), extra in any::<u8>()) {
        let sk = key_from(seed);
        let sig = p256::sign_prehash(&sk, b"0123456789abcdef0123456789abcdef", &mut fixed_rng(7)).unwrap();
        let der = sig.to_der();
        for len in 0..der.len() {
            prop_assert!(Signature::from_der(&der[..len]).is_err());
        }
        let mut long = der.clone();
        long.push(extra);
        prop_assert!(Signature::from_der(&long).is_err());
    }
}

#[test]
fn known_base_point_and_small_keys() {
    let one = SecretKey::from_bytes(&plus([0; 32], 1)).unwrap();
    let g = one.public_key().to_uncompressed();
    assert_eq!(hex::encode(&g[1..33]), GX);
    assert_eq!(hex::encode(&g[33..]), GY);
    // (n - 1) G = -G.
    let nm1 = SecretKey::from_bytes(&plus(h32(N), -1)).unwrap();
    let q = nm1.public_key().to_uncompressed();
    assert_eq!(&q[1..33], &g[1..33]);
    assert_ne!(&q[33..], &g[33..]);
}

#[test]
fn secret_key_range() {
    for bad in [[0u8; 32], h32(N), plus(h32(N), 1), [0xff; 32]] {
        assert_eq!(SecretKey::from_bytes(&bad).unwrap_err(), Error::InvalidKey);
    }
    assert!(SecretKey::from_bytes(&[1u8; 31]).is_err());
    assert!(SecretKey::from_bytes(&[1u8; 33]).is_err());
    assert!(SecretKey::from_bytes(&[]).is_err());
    assert!(format!("{:?}", key_from([9; 32])).contains("REDACTED"));
}

#[test]
fn generate_uses_rejection_sampling() {
    // An all-ones source never yields c <= n - 2: refused after bounded attempts.
    assert_eq!(SecretKey::generate(&mut fixed_rng(0xff)).unwrap_err(), Error::InvalidKey);
    // Errors of the source are passed on.
    let mut failing = |_: &mut [u8]| Err(Error::BackendUnavailable);
    assert_eq!(SecretKey::generate(&mut failing).unwrap_err(), Error::BackendUnavailable);
    // c = 0 gives d = 1; c = n - 2 gives d = n - 1.
    assert_eq!(&SecretKey::generate(&mut fixed_rng(0)).unwrap().to_bytes()[..], &plus([0; 32], 1)[..]);
    let mut values = vec![[0xffu8; 32], plus(h32(N), -1), plus(h32(N), -2)].into_iter();
    let mut seq = move |out: &mut [u8]| {
        out.copy_from_slice(&values.next().unwrap());
        Ok(())
    };
    assert_eq!(&SecretKey::generate(&mut seq).unwrap().to_bytes()[..], &plus(h32(N), -1)[..]);
}

#[test]
fn invalid_public_keys() {
    let g = SecretKey::from_bytes(&plus([0; 32], 1)).unwrap().public_key();
    let u = g.to_uncompressed();
    let c = g.to_compressed();
    let reject = |b: &[u8]| assert_eq!(PublicKey::from_sec1(b), Err(Error::InvalidKey), "{}", hex::encode(b));
    reject(&[0x00]); // the identity
    reject(&[]);
    reject(&u[..64]);
    reject(&[&u[..], &[0]].concat());
    reject(&c[..32]);
    reject(&[&c[..], &[0]].concat());
    for tag in [0x00, 0x01, 0x05, 0x06, 0x07, 0xff] {
        let mut b = u;
        b[0] = tag;
        reject(&b);
        let mut b = c;
        b[0] = tag;
        reject(&b);
    }
    // Wrong tag for the length.
    let mut b = u;
    b[0] = 2;
    reject(&b);
    let mut b = c;
    b[0] = 4;
    reject(&b);
    // Coordinates >= p (x = p, p + 1, 2^256 - 1; y likewise), even when congruent to a valid value.
    for big in [h32(P), plus(h32(P), 1), [0xff; 32]] {
        reject(&[&[4u8][..], &big, &u[33..]].concat());
        reject(&[&[4u8][..], &u[1..33], &big].concat());
        reject(&[&[2u8][..], &big].concat());
    }
    // Unreduced coordinates: a point with a small x (x + p < 2^256) must be refused when x is given as x + p.
    let mut small = None;
    for x in 1u8..64 {
        let mut b = [0u8; 33];
        b[0] = 2;
        b[32] = x;
        if let Ok(pk) = PublicKey::from_sec1(&b) {
            small = Some((b, pk));
            break;
        }
    }
    let (b, pk) = small.expect("a small x on the curve");
    let mut x_plus_p = [0u8; 32];
    x_plus_p.copy_from_slice(&b[1..]);
    x_plus_p = {
        let (mut v, mut carry, p) = ([0u8; 32], 0u16, h32(P));
        for i in (0..32).rev() {
            let t = x_plus_p[i] as u16 + p[i] as u16 + carry;
            v[i] = t as u8;
            carry = t >> 8;
        }
        assert_eq!(carry, 0);
        v
    };
    reject(&[&[2u8][..], &x_plus_p].concat());
    reject(&[&[4u8][..], &x_plus_p, &pk.to_uncompressed()[33..]].concat());
    // A compressed x with no point (x^3 - 3x + b not a square): x = 0? b is a non-square? Search a few.
    let mut found = 0;
    for x in 0u8..32 {
        let mut b = [0u8; 33];
        b[0] = 2;
        b[32] = x;
        if PublicKey::from_sec1(&b).is_err() {
            found += 1;
        }
    }
    assert!(found > 0, "some small x must have no point");
    // The uncompressed (0, sqrt(b)) point if any, x=0 with y = 0: not on the curve.
    reject(&[4u8; 1].iter().chain([0u8; 64].iter()).copied().collect::<Vec<_>>());
}

#[test]
fn invalid_signatures() {
    let sk = SecretKey::from_bytes(&h32(GX)).unwrap();
    let pk = sk.public_key();
    let h = [0x42u8; 32];
    let sig = p256::sign_prehash(&sk, &h, &mut fixed_rng(1)).unwrap();
    assert!(p256::verify_prehash(&pk, &h, &sig).is_ok());
    // r, s out of range: 0, n, n + 1, 2^256 - 1, and r + n (same value mod n).
    for bad in [[0u8; 32], h32(N), plus(h32(N), 1), [0xff; 32]] {
        let s0 = Signature { r: sig.r, s: bad };
        let r0 = Signature { r: bad, s: sig.s };
        assert!(p256::verify_prehash(&pk, &h, &s0).is_err());
        assert!(p256::verify_prehash(&pk, &h, &r0).is_err());
        assert!(Signature::from_der(&s0.to_der()).is_err());
        assert!(Signature::from_der(&r0.to_der()).is_err());
    }
    // A nonce outside [1, n-1] or of the wrong length is refused.
    assert_eq!(p256::sign_prehash_with_k(&sk, &h, &[0u8; 32]), Err(Error::InvalidKey));
    assert_eq!(p256::sign_prehash_with_k(&sk, &h, &h32(N)), Err(Error::InvalidKey));
    assert_eq!(p256::sign_prehash_with_k(&sk, &h, &[1u8; 31]), Err(Error::InvalidLength));
    // The hedged signer passes on an RNG failure.
    let mut failing = |_: &mut [u8]| Err(Error::BackendUnavailable);
    assert_eq!(p256::sign_prehash(&sk, &h, &mut failing), Err(Error::BackendUnavailable));
}

#[test]
fn strict_der() {
    let one = {
        let mut v = [0u8; 32];
        v[31] = 1;
        v
    };
    let high = {
        let mut v = [0u8; 32];
        v[31] = 0x80;
        v
    };
    let sig = Signature { r: one, s: high };
    let der = sig.to_der();
    assert_eq!(hex::encode(&der), "3007020101020200 80".replace(' ', ""));
    assert_eq!(Signature::from_der(&der).unwrap(), sig);
    let bad: &[&str] = &[
        "3007020101020180",         // s negative (missing 00)
        "300802020001020200 80",    // r non-minimal (00 01)
        "3008020101020300 0080",    // s non-minimal (00 00 80)
        "30 81 07 020101020200 80", // long-form length for a short body
        "3008020101020200 8000",    // trailing byte inside the sequence
        "3007020101020200 8000",    // trailing byte after the sequence
        "3006020101020200",         // truncated
        "3107020101020200 80",      // wrong outer tag
        "3007030101020200 80",      // wrong integer tag
        "300602000202 0080",        // zero-length integer
        "3000",                     // empty
        "",
    ];
    for b in bad {
        let bytes = hex::decode(b.replace(' ', "")).unwrap();
        assert!(Signature::from_der(&bytes).is_err(), "{b}");
    }
    // 33-byte integers need the 00 pad; a 34-byte one is too long.
    let n1 = plus(h32(N), -1);
    let sig = Signature { r: n1, s: n1 };
    let der = sig.to_der();
    assert_eq!(der.len(), 2 + 2 * 35);
    assert_eq!(Signature::from_der(&der).unwrap(), sig);
    let mut too_long = vec![0x30, 2 + 34 + 2 + 33, 0x02, 34, 0x00, 0x00];
    too_long.extend_from_slice(&n1);
    too_long.extend_from_slice(&der[2 + 35..]);
    assert!(Signature::from_der(&too_long).is_err());
}
