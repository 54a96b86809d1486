//! Unit tests: field and scalar arithmetic against a big-integer reference on every backend, the RFC 7748 and
//! RFC 8032 vectors on every backend, low-order points, non-canonical encodings and the backends' agreement.

use num_bigint::BigUint;
use proptest::prelude::*;

use super::edwards::P3;
use super::field::{self, Field};
use super::field51::Fe51;
use super::scalar::{L, Scalar};
use super::table::{self, B_X, B_Y};
use super::{Backend, backends, ed25519, mul, x25519};
use crate::Error;

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

fn h32(s: &str) -> [u8; 32] {
    h(s).try_into().unwrap()
}

fn p_big() -> BigUint {
    (BigUint::from(1u8) << 255) - 19u8
}

fn l_big() -> BigUint {
    (BigUint::from(1u8) << 252) + BigUint::parse_bytes(b"27742317777372353535851937790883648493", 10).unwrap()
}

fn le_big(b: &[u8]) -> BigUint {
    BigUint::from_bytes_le(b)
}

fn le32(x: &BigUint) -> [u8; 32] {
    let mut out = [0u8; 32];
    let b = x.to_bytes_le();
    out[..b.len()].copy_from_slice(&b);
    out
}

fn fe_big<F: Field>(x: &F) -> BigUint {
    le_big(&x.to_bytes())
}

/// Values near the edges of the field and random ones (all `< 2^255`).
fn arb_fe() -> impl Strategy<Value = BigUint> {
    prop_oneof![
        any::<[u8; 32]>().prop_map(|mut b| {
            b[31] &= 0x7f;
            le_big(&b)
        }),
        (0u64..40).prop_map(BigUint::from),
        (1u64..40).prop_map(|d| p_big() - d),
        (0u64..19).prop_map(|d| p_big() + d), // non-canonical encodings below 2^255
        (1u64..20).prop_map(|d| (BigUint::from(1u8) << 255) - d),
    ]
}

/// Checks one backend's field arithmetic against the reference, on the given inputs (`< 2^255`).
fn check_field<F: Field>(a: &BigUint, b: &BigUint) -> Result<(), TestCaseError> {
    let p = p_big();
    let (fa, fb) = (F::from_bytes(&le32(a)), F::from_bytes(&le32(b)));
    let (a, b) = (a % &p, b % &p);
    prop_assert_eq!(fe_big(&fa), a.clone());
    prop_assert_eq!(fe_big(&(fa + fb)), (&a + &b) % &p);
    prop_assert_eq!(fe_big(&(fa - fb)), (&a + &p - &b) % &p);
    prop_assert_eq!(fe_big(&(fa + fb + fa - fb)), (&a + &a) % &p);
    prop_assert_eq!(fe_big(&-fa), (&p - &a) % &p);
    prop_assert_eq!(fe_big(&(fa * fb)), (&a * &b) % &p);
    prop_assert_eq!(fe_big(&((fa + fb) * (fa + fb))), ((&a + &b) * (&a + &b)) % &p);
    prop_assert_eq!(fe_big(&fa.square()), (&a * &a) % &p);
    prop_assert_eq!(fe_big(&(fa + fb).square()), ((&a + &b) * (&a + &b)) % &p);
    prop_assert_eq!(fe_big(&fa.mul_121666()), (&a * 121666u32) % &p);
    let inv = fe_big(&field::invert(&fa));
    if a == BigUint::ZERO {
        prop_assert_eq!(inv, BigUint::ZERO);
    } else {
        prop_assert_eq!((inv * &a) % &p, BigUint::from(1u8));
    }
    let (mut x, mut y) = (fa, fb);
    F::cswap(&mut x, &mut y, 1);
    prop_assert_eq!((fe_big(&x), fe_big(&y)), (b.clone(), a.clone()));
    F::cswap(&mut x, &mut y, 0);
    prop_assert_eq!((fe_big(&x), fe_big(&y)), (b.clone(), a.clone()));
    x.cmov(&fa, 0);
    prop_assert_eq!(fe_big(&x), b.clone());
    x.cmov(&fa, 1);
    prop_assert_eq!(fe_big(&x), a.clone());
    prop_assert_eq!(field::ct_eq(&fa, &fb), u64::from(a == b));
    // sqrt_ratio(a^2 * b, b) = +-a.
    let (r, ok) = field::sqrt_ratio(&(fa.square() * fb), &fb);
    if b != BigUint::ZERO {
        prop_assert_eq!(ok, 1);
        let r = fe_big(&r);
        prop_assert!(r == a || r == (&p - &a) % &p);
    }
    Ok(())
}

#[test]
fn constants() {
    let p = p_big();
    let d = le_big(&field::D_BYTES);
    prop_assert_eq_ok((&d * 121666u32 + 121665u32) % &p, BigUint::ZERO);
    prop_assert_eq_ok(le_big(&field::D2_BYTES), (&d + &d) % &p);
    let i = le_big(&field::SQRT_M1_BYTES);
    prop_assert_eq_ok((&i * &i + 1u8) % &p, BigUint::ZERO);
    let (x, y) = (le_big(&B_X), le_big(&B_Y));
    // -x^2 + y^2 = 1 + d x^2 y^2
    let lhs = (&y * &y + &p - (&x * &x) % &p) % &p;
    let rhs = (BigUint::from(1u8) + &d * &x * &x * &y * &y) % &p;
    prop_assert_eq_ok(lhs, rhs);
    prop_assert_eq_ok((&y * 5u8) % &p, BigUint::from(4u8));
    prop_assert_eq_ok(le_big(&Scalar(L).to_bytes()), l_big());
}

fn prop_assert_eq_ok(a: BigUint, b: BigUint) {
    assert_eq!(a, b);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    #[test]
    fn field_matches_reference(a in arb_fe(), b in arb_fe()) {
        check_field::<Fe51>(&a, &b)?;
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        {
            use super::x86_adx::{Fe64, adx};
            check_field::<Fe64>(&a, &b)?;
            // The portable 4x64 product and the assembly agree on any 256-bit inputs.
            let big_b: BigUint = &b + (BigUint::from(1u8) << 255);
            let (x, y) = (Fe64(limbs(&a)), Fe64(limbs(&big_b)));
            let want: BigUint = (&a * &big_b) % p_big();
            prop_assert_eq!(fe_big(&x.mul_portable(&y)), want.clone());
            if let Some(w) = adx() {
                prop_assert_eq!(fe_big(&Fe64(w.mul(&x.0, &y.0))), want);
                prop_assert_eq!(fe_big(&Fe64(w.sqr(&y.0))), (&big_b * &big_b) % p_big());
            }
        }
    }

    #[test]
    fn scalar_matches_reference(wide in any::<[u8; 64]>(), a in any::<[u8; 32]>(), b in any::<[u8; 32]>(),
                                c in any::<[u8; 32]>()) {
        let l = l_big();
        let s = Scalar::from_wide(&wide);
        prop_assert_eq!(le_big(&s.to_bytes()), le_big(&wide) % &l);
        let (sa, sb, sc) = (Scalar::from_bytes_mod_order(&a), Scalar::from_bytes_mod_order(&b),
                            Scalar::from_bytes_mod_order(&c));
        prop_assert_eq!(le_big(&sa.to_bytes()), le_big(&a) % &l);
        let r = Scalar::mul_add(&sa, &sb, &sc);
        prop_assert_eq!(le_big(&r.to_bytes()), (le_big(&a) * le_big(&b) + le_big(&c)) % &l);
        prop_assert_eq!(Scalar::from_canonical_bytes(&a).is_some(), le_big(&a) < l);
        // Recodings.
        let e = sa.to_radix16();
        prop_assert!(e.iter().all(|&d| (-8..=8).contains(&d)));
        let mut acc = num_bigint::BigInt::from(0);
        for &d in e.iter().rev() {
            acc = acc * 16 + d;
        }
        prop_assert_eq!(acc, num_bigint::BigInt::from(le_big(&a) % &l));
        for w in [5usize, 8] {
            let naf = sa.naf_vartime(w);
            let mut acc = num_bigint::BigInt::from(0);
            for &d in naf.iter().rev() {
                acc = acc * 2 + d;
            }
            prop_assert_eq!(acc, num_bigint::BigInt::from(le_big(&a) % &l));
            for (i, &d) in naf.iter().enumerate() {
                if d != 0 {
                    prop_assert!(d % 2 != 0 && i32::from(d).abs() < (1 << (w - 1)));
                    prop_assert!(naf[i + 1..(i + w).min(256)].iter().all(|&x| x == 0));
                }
            }
        }
    }

    #[test]
    fn backends_agree(seed in any::<[u8; 32]>(), k in any::<[u8; 32]>(), u in any::<[u8; 32]>(),
                      msg in proptest::collection::vec(any::<u8>(), 0..100)) {
        let all = backends();
        let first = all[0];
        let ladders = x25519::ladders();
        for &l in &ladders[1..] {
            prop_assert_eq!(x25519::x25519_with(l, &k, &u).ok(), x25519::x25519_with(ladders[0], &k, &u).ok());
        }
        for &b in &all[1..] {
            prop_assert_eq!(x25519::public_key_with(b, &k), x25519::public_key_with(first, &k));
            let (s1, s2) = (ed25519::expand(b, &seed).unwrap(), ed25519::expand(first, &seed).unwrap());
            prop_assert_eq!(s1.public_key(), s2.public_key());
            let sig = ed25519::sign_with(b, &s1, &msg, ed25519::Variant::Pure).unwrap();
            prop_assert_eq!(sig, ed25519::sign_with(first, &s2, &msg, ed25519::Variant::Pure).unwrap());
        }
        for &b in &all {
            // The Edwards route to the public key equals the ladder on u = 9.
            let mut nine = [0u8; 32];
            nine[0] = 9;
            let ladder = x25519::Ladder::Field(b);
            prop_assert_eq!(&x25519::public_key_with(b, &k)[..], &x25519::x25519_with(ladder, &k, &nine).unwrap()[..]);
            let sk = ed25519::expand(b, &seed).unwrap();
            let pk = sk.public_key();
            prop_assert!(ed25519::validate_full_with(b, &pk).is_ok());
            prop_assert_eq!(ed25519::decode_with(b, &pk.to_bytes()), Ok(pk.clone()));
            let sig = ed25519::sign_with(b, &sk, &msg, ed25519::Variant::Pure).unwrap();
            prop_assert!(ed25519::verify_with(b, &pk, &msg, &sig, ed25519::Variant::Pure).is_ok());
            let mut bad = sig;
            bad[msg.len() % 64] ^= 1 << (k[0] % 8);
            prop_assert_eq!(ed25519::verify_with(b, &pk, &msg, &bad, ed25519::Variant::Pure), Err(Error::InvalidKey));
            let mut msg2 = msg.clone();
            msg2.push(0);
            prop_assert_eq!(ed25519::verify_with(b, &pk, &msg2, &sig, ed25519::Variant::Pure), Err(Error::InvalidKey));
        }
    }
}

#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
fn limbs(x: &BigUint) -> [u64; 4] {
    let mut b = [0u8; 32];
    let v = x.to_bytes_le();
    b[..v.len()].copy_from_slice(&v);
    let mut out = [0u64; 4];
    for (o, c) in out.iter_mut().zip(b.chunks_exact(8)) {
        *o = u64::from_le_bytes(c.try_into().unwrap());
    }
    out
}

#[test]
fn backend_reported() {
    assert_eq!(x25519::backend_name(), x25519::ladders()[0].name());
    assert_eq!(x25519::ladders().last(), Some(&x25519::Ladder::Field(Backend::Soft)));
    assert_eq!(ed25519::backend_name(), backends()[0].name());
    if crate::cpu::portable_forced() {
        assert_eq!(backends(), vec![Backend::Soft]);
    }
}

#[test]
fn ladders_agree_on_edge_inputs() {
    let p = p_big();
    let top = BigUint::from(1u8) << 255;
    let us =
        [&p - 1u8, p.clone(), &p + 1u8, &p + 18u8, &top - 1u8, &top - 20u8, BigUint::from(2u8), BigUint::from(9u8)];
    let ks = [[0u8; 32], [0xff; 32], [0x80; 32]];
    let ladders = x25519::ladders();
    for u in &us {
        for hi in [0u8, 0x80] {
            let mut enc = le32(u);
            enc[31] |= hi;
            for k in &ks {
                let want = x25519::x25519_with(x25519::Ladder::Field(Backend::Soft), k, &enc).ok();
                for &l in &ladders {
                    assert_eq!(x25519::x25519_with(l, k, &enc).ok(), want, "{l:?} {u} {k:02x?}");
                }
            }
        }
    }
}

#[test]
fn rfc7748_vectors() {
    let cases = [
        (
            "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
            "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
            "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        ),
        (
            "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
            "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
            "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
        ),
    ];
    for b in x25519::ladders() {
        for (k, u, out) in cases {
            assert_eq!(&x25519::x25519_with(b, &h32(k), &h32(u)).unwrap()[..], &h(out)[..], "{b:?}");
        }
        // Section 5.2 iterations: k = u = 9, then (k, u) = (X25519(k, u), k).
        let mut k = [0u8; 32];
        k[0] = 9;
        let mut u = k;
        for i in 1..=1000 {
            let r = *x25519::x25519_with(b, &k, &u).unwrap();
            u = k;
            k = r;
            if i == 1 {
                assert_eq!(k, h32("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"), "{b:?}");
            }
        }
        assert_eq!(k, h32("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"), "{b:?}");
    }
    // Section 6.1 through the public API.
    let alice =
        x25519::SecretKey::from_bytes(&h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")).unwrap();
    let bob =
        x25519::SecretKey::from_bytes(&h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")).unwrap();
    assert_eq!(alice.public_key().to_bytes(), h32("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
    assert_eq!(bob.public_key().to_bytes(), h32("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
    let shared = h32("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    assert_eq!(*x25519::x25519(&alice, &bob.public_key()).unwrap(), shared);
    assert_eq!(*x25519::x25519(&bob, &alice.public_key()).unwrap(), shared);
    assert_eq!(x25519::SecretKey::from_bytes(&[0; 31]).err(), Some(Error::InvalidKey));
    assert_eq!(x25519::PublicKey::from_bytes(&[0; 33]).err(), Some(Error::InvalidKey));
    assert_eq!(format!("{alice:?}"), "SecretKey([REDACTED])");
}

/// (seed, public key, message, variant, context, signature): RFC 8032 7.1 (TEST 1, 2, 3, SHA(abc)), 7.2 (foo),
/// 7.3 (abc).
const RFC8032: [(&str, &str, &str, u8, &str, &str); 6] = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        0,
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        0,
        "",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        0,
        "",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
    (
        "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        0,
        "",
        "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
    ),
    (
        "0305334e381af78f141cb666f6199f57bc3495335a256a95bd2a55bf546663f6",
        "dfc9425e4f968f7f0c29f0259cf5f9aed6851c2bb4ad8bfb860cfee0ab248292",
        "f726936d19c800494e3fdaff20b276a8",
        1,
        "666f6f",
        "55a4cc2f70a54e04288c5f4cd1e45a7bb520b36292911876cada7323198dd87a8b36950b95130022907a7fb7c4e9b2d5f6cca685a587b4b21f4b888e4e7edb0d",
    ),
    (
        "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
        "616263",
        2,
        "",
        "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406",
    ),
];

#[test]
fn rfc8032_vectors() {
    for b in backends() {
        for (seed, pk, msg, kind, ctx, sig) in RFC8032 {
            let sk = ed25519::expand(b, &h32(seed)).unwrap();
            assert_eq!(sk.public_key().to_bytes(), h32(pk), "{b:?}");
            let ctx = h(ctx);
            let mut msg = h(msg);
            let v = match kind {
                0 => ed25519::Variant::Pure,
                1 => ed25519::Variant::Ctx(&ctx),
                _ => {
                    msg = crate::digest::digest(crate::digest::Algorithm::Sha512, &msg);
                    ed25519::Variant::Ph(&ctx)
                }
            };
            let s = ed25519::sign_with(b, &sk, &msg, v).unwrap();
            assert_eq!(&s[..], &h(sig)[..], "{b:?} {seed}");
            let pk = ed25519::decode_with(b, &h32(pk)).unwrap();
            assert!(ed25519::verify_with(b, &pk, &msg, &s, v).is_ok());
            // Another variant (domain) never verifies.
            let other = if kind == 0 { ed25519::Variant::Ctx(b"x") } else { ed25519::Variant::Pure };
            assert_eq!(ed25519::verify_with(b, &pk, &msg, &s, other), Err(Error::InvalidKey));
        }
    }
    let sk = ed25519::SecretKey::from_bytes(&h(RFC8032[0].0)).unwrap();
    assert_eq!(format!("{sk:?}"), "SecretKey([REDACTED])");
    assert_eq!(&sk.to_bytes()[..], &h(RFC8032[0].0)[..]);
    // Length rules of the variants.
    let long = [0u8; 256];
    assert_eq!(ed25519::sign(&sk, b"m", ed25519::Variant::Ctx(&[])).err(), Some(Error::InvalidLength));
    assert_eq!(ed25519::sign(&sk, b"m", ed25519::Variant::Ctx(&long)).err(), Some(Error::InvalidLength));
    assert_eq!(ed25519::sign(&sk, b"m", ed25519::Variant::Ph(&[])).err(), Some(Error::InvalidLength));
    assert!(ed25519::sign(&sk, &[0; 64], ed25519::Variant::Ph(&long[..255])).is_ok());
    assert!(ed25519::sign(&sk, b"m", ed25519::Variant::Ctx(&long[..255])).is_ok());
    assert_eq!(ed25519::SecretKey::from_bytes(&[0; 33]).err(), Some(Error::InvalidKey));
    assert_eq!(ed25519::PublicKey::from_bytes(&[0; 31]).err(), Some(Error::InvalidKey));
    let pk = sk.public_key();
    let sig = ed25519::sign(&sk, b"m", ed25519::Variant::Pure).unwrap();
    assert_eq!(ed25519::verify(&pk, b"m", &sig[..63], ed25519::Variant::Pure), Err(Error::InvalidKey));
}

/// The eight points of order dividing 8 (their canonical encodings).
fn low_order_points() -> Vec<[u8; 32]> {
    // An order-8 point; its multiples 0..8 are all the low-order points.
    let p8 = h32("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");
    let (p, ok): (P3<Fe51>, u64) = P3::decode(&p8);
    assert_eq!(ok, 1);
    let mut out = Vec::new();
    let mut q = P3::identity();
    for _ in 0..8 {
        out.push(q.encode());
        q = q.add_cached(&p.to_cached()).to_p3();
    }
    assert_eq!(q.is_identity(), 1);
    out.sort();
    out.dedup();
    assert_eq!(out.len(), 8);
    out
}

#[test]
fn low_order_points_rejected() {
    let points = low_order_points();
    for b in backends() {
        for enc in &points {
            // Ed25519: decodable, but full validation refuses them.
            let pk = ed25519::decode_with(b, enc).unwrap();
            assert_eq!(ed25519::validate_full_with(b, &pk), Err(Error::InvalidKey), "{enc:02x?}");
            // X25519: the birational image u = (1 + y) / (1 - y) gives an all-zero secret.
            let y = Fe51::from_bytes(enc);
            let u = ((Fe51::ONE + y) * field::invert(&(Fe51::ONE - y))).to_bytes();
            for l in x25519::ladders() {
                assert_eq!(x25519::x25519_with(l, &[0x55; 32], &u).err(), Some(Error::InvalidKey), "{u:02x?}");
            }
        }
        // u-coordinates of small order, also in non-canonical encodings (u + p, bit 255 set).
        let p = p_big();
        for u in [BigUint::ZERO, BigUint::from(1u8), &p - 1u8, &p + 0u8, &p + 1u8] {
            let mut enc = le32(&u);
            for top in [0u8, 0x80] {
                enc[31] |= top;
                for l in x25519::ladders() {
                    assert_eq!(x25519::x25519_with(l, &[0x42; 32], &enc).err(), Some(Error::InvalidKey), "{enc:02x?}");
                }
            }
        }
        // A point of the large subgroup with a low-order component is not in the prime-order subgroup.
        let sk = ed25519::expand(b, &[7; 32]).unwrap();
        let (a, _): (P3<Fe51>, u64) = P3::decode(&sk.public_key().to_bytes());
        let (t, _): (P3<Fe51>, u64) = P3::decode(&points[1]);
        let mixed = a.add_cached(&t.to_cached()).to_p3().encode();
        let pk = ed25519::decode_with(b, &mixed).unwrap();
        assert_eq!(ed25519::validate_full_with(b, &pk), Err(Error::InvalidKey));
    }
}

#[test]
fn non_canonical_encodings_rejected() {
    let p = p_big();
    for b in backends() {
        // y = p + k for small k (only k = 0, 1 can be on the curve as y = 0, 1): never accepted.
        for k in 0u8..19 {
            for sign in [0u8, 0x80] {
                let mut enc = le32(&(&p + k));
                enc[31] |= sign;
                assert_eq!(ed25519::decode_with(b, &enc).err(), Some(Error::InvalidKey), "{enc:02x?}");
            }
        }
        // x = 0 with the sign bit set: y = 1 (identity) and y = -1.
        for y in [BigUint::from(1u8), &p - 1u8] {
            let mut enc = le32(&y);
            assert!(ed25519::decode_with(b, &enc).is_ok());
            enc[31] |= 0x80;
            assert_eq!(ed25519::decode_with(b, &enc).err(), Some(Error::InvalidKey));
        }
        // y = 2 is not on the curve.
        assert_eq!(ed25519::decode_with(b, &le32(&BigUint::from(2u8))).err(), Some(Error::InvalidKey));

        // Signatures: S + L (same value mod L) and S = L are refused; an R re-encoded non-canonically too.
        let sk = ed25519::expand(b, &[9; 32]).unwrap();
        let pk = sk.public_key();
        let sig = ed25519::sign_with(b, &sk, b"msg", ed25519::Variant::Pure).unwrap();
        let s = le_big(&sig[32..]);
        let mut bad = sig;
        bad[32..].copy_from_slice(&le32(&(&s + l_big())));
        assert_eq!(ed25519::verify_with(b, &pk, b"msg", &bad, ed25519::Variant::Pure), Err(Error::InvalidKey));
        bad[32..].copy_from_slice(&le32(&l_big()));
        assert_eq!(ed25519::verify_with(b, &pk, b"msg", &bad, ed25519::Variant::Pure), Err(Error::InvalidKey));
        let mut bad = sig;
        bad[63] |= 0x80;
        assert_eq!(ed25519::verify_with(b, &pk, b"msg", &bad, ed25519::Variant::Pure), Err(Error::InvalidKey));
    }
}

#[test]
fn tables_match_generic_multiplication() {
    fn check<F: Field>() {
        let t = F::tables();
        let b = table::base_point::<F>();
        for (i, row) in t.base.iter().enumerate().step_by(7) {
            for (j, e) in row.iter().enumerate() {
                let mut k = [0u64; 4];
                let v = BigUint::from(j as u64 + 1) << (8 * i);
                for (w, d) in k.iter_mut().zip(v.to_u64_digits()) {
                    *w = d;
                }
                let want = mul::mul_vartime(&b, &k);
                let (x, y) = want.to_affine();
                assert_eq!(fe_big(&e.yplusx), fe_big(&(y + x)));
                assert_eq!(fe_big(&e.yminusx), fe_big(&(y - x)));
                assert_eq!(fe_big(&e.xy2d), fe_big(&(x * y * F::D2)));
            }
        }
        // B has order L.
        assert_eq!(mul::mul_vartime(&b, &L).is_identity(), 1);
    }
    check::<Fe51>();
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    check::<super::x86_adx::Fe64>();
}

#[test]
fn generate_keys() {
    let mut n = 0u8;
    let mut rng = |buf: &mut [u8]| {
        n += 1;
        buf.fill(n);
        Ok(())
    };
    let a = x25519::SecretKey::generate(&mut rng).unwrap();
    let b = x25519::SecretKey::generate(&mut rng).unwrap();
    assert_eq!(*a.to_bytes(), [1; 32]);
    assert_eq!(x25519::x25519(&a, &b.public_key()).unwrap(), x25519::x25519(&b, &a.public_key()).unwrap());
    let e = ed25519::SecretKey::generate(&mut rng).unwrap();
    assert_eq!(*e.to_bytes(), [3; 32]);
    let mut failing = |_: &mut [u8]| Err(Error::Unsupported);
    assert_eq!(x25519::SecretKey::generate(&mut failing).err(), Some(Error::Unsupported));
    assert_eq!(ed25519::SecretKey::generate(&mut failing).err(), Some(Error::Unsupported));
}
