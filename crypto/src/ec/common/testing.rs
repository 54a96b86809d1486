//! Test support shared by the P-384 and P-521 unit tests: generic checks of the internals against a
//! big-integer reference (`num-bigint`), and [`curve_tests!`], which instantiates every test (internals,
//! ACVP known answers, edge cases of the public API) for one curve module.

use num_bigint::{BigInt, BigUint};

use super::jacobian::JacobianPoint;
use super::mul;
use super::point::{AffinePoint, ProjectivePoint};
use super::table::generator;
use super::{ByteArray, Curve, FieldElement, ScalarOps};

/// `x mod m` as big-endian bytes of `B`'s length.
fn to_arr<B: ByteArray>(x: &BigUint) -> B {
    let mut out = B::zeroed();
    let b = x.to_bytes_be();
    let n = out.as_ref().len();
    out.as_mut()[n - b.len()..].copy_from_slice(&b);
    out
}

/// The field element of `x mod p`.
pub(crate) fn fe<C: Curve>(x: &BigUint, p: &BigUint) -> C::F {
    let (f, ok) = C::F::from_bytes(&to_arr(&(x % p)));
    assert_eq!(ok, 1);
    f
}

/// The value of a field element.
pub(crate) fn fe_big<C: Curve>(x: &C::F) -> BigUint {
    BigUint::from_bytes_be(x.to_bytes().as_ref())
}

/// `n - 1` as a scalar.
fn neg_one<C: Curve>(n: &BigUint) -> C::S {
    let (s, ok) = C::S::from_bytes(&to_arr(&(n - 1u8)));
    assert_eq!(ok, 1);
    s
}

/// The scalar of `x mod n`.
pub(crate) fn sc<C: Curve>(x: &BigUint, n: &BigUint) -> C::S {
    let (s, ok) = C::S::from_bytes(&to_arr(&(x % n)));
    assert_eq!(ok, 1);
    s
}

/// The value of a scalar.
pub(crate) fn sc_big<C: Curve>(x: &C::S) -> BigUint {
    BigUint::from_bytes_be(x.to_bytes().as_ref())
}

/// Field operations against the reference, for `a, b` reduced modulo `p`.
pub(crate) fn check_field_ops<C: Curve>(a: &BigUint, b: &BigUint, p: &BigUint) {
    let (a, b) = (a % p, b % p);
    let (fa, fb) = (fe::<C>(&a, p), fe::<C>(&b, p));
    assert_eq!(fe_big::<C>(&(fa + fb)), (&a + &b) % p);
    assert_eq!(fe_big::<C>(&(fa - fb)), (&a + p - &b) % p);
    assert_eq!(fe_big::<C>(&-fa), (p - &a) % p);
    assert_eq!(fe_big::<C>(&(fa * fb)), (&a * &b) % p);
    assert_eq!(fe_big::<C>(&fa.square()), (&a * &a) % p);
    assert_eq!(fe_big::<C>(&fa.double()), (&a * 2u8) % p);
    // Chains of lazy operations stay correct.
    let t = (fa - fb).double() + fa - fb.double().double();
    assert_eq!(fe_big::<C>(&(t * t)), (((&a * 3u8 + p * 8u8) - &b * 6u8) % p).pow(2) % p);
    let inv = fe_big::<C>(&fa.invert());
    if a == BigUint::ZERO {
        assert_eq!(inv, BigUint::ZERO);
    } else {
        assert_eq!((inv * &a) % p, BigUint::from(1u8));
    }
    let sq = (&a * &a) % p;
    let (root, ok) = fe::<C>(&sq, p).sqrt();
    assert_eq!(ok, 1);
    assert_eq!(fe_big::<C>(&root).pow(2) % p, sq);
    assert_eq!(fa.is_odd() == 1, a.bit(0));
    assert_eq!(fa.is_zero() == 1, a == BigUint::ZERO);
    assert_eq!(fa.ct_eq(&fb) == 1, a == b);
    assert_eq!(fa.ct_eq(&(fb + fa - fb)), 1);
    // Out-of-range encodings are flagged.
    let big = p + &a;
    if big.bits() as usize <= 8 * <C::F as FieldElement>::Bytes::LEN {
        assert_eq!(C::F::from_bytes(&to_arr(&big)).1, 0);
    }
}

/// Scalar operations against the reference.
pub(crate) fn check_scalar_ops<C: Curve>(a: &BigUint, b: &BigUint, n: &BigUint) {
    let n = n.clone();
    let (ar, br) = (a % &n, b % &n);
    let (sa, sb) = (sc::<C>(a, &n), sc::<C>(b, &n));
    assert_eq!(sc_big::<C>(&sa.add(&sb)), (&ar + &br) % &n);
    assert_eq!(sc_big::<C>(&sa.mul(&sb)), (&ar * &br) % &n);
    let inv = sc_big::<C>(&sa.invert());
    assert_eq!(sc_big::<C>(&sa.invert_vartime()), inv);
    if ar == BigUint::ZERO {
        assert_eq!(inv, BigUint::ZERO);
    } else {
        assert_eq!((inv * &ar) % &n, BigUint::from(1u8));
    }
    for i in 0..C::S::BITS {
        assert_eq!(sa.bit(i) == 1, ar.bit(i as u64));
    }
    // Range flag and reduction of values below 2^BITS.
    let x = a % (BigUint::from(1u8) << C::S::BITS);
    let bytes = to_arr::<<C::S as ScalarOps>::Bytes>(&x);
    assert_eq!(C::S::from_bytes(&bytes).1 == 1, x < n);
    assert_eq!(sc_big::<C>(&C::S::from_bytes_reduced(&bytes)), &x % &n);
    match sa.plus_n_vartime() {
        Some(b) => assert_eq!(BigUint::from_bytes_be(b.as_ref()), &ar + &n),
        None => assert!((&ar + &n).bits() as usize > 8 * <C::S as ScalarOps>::Bytes::LEN),
    }
}

/// Signed recoding reproduces the scalar, digits in range.
pub(crate) fn check_recoding<C: Curve>(a: &BigUint, n: &BigUint) {
    let s = sc::<C>(a, n);
    for w in [4usize, 5, 6, 7] {
        let (digits, count) = mul::recode_signed(&s, w);
        let mut acc = BigInt::from(0);
        for &d in digits[..count].iter().rev() {
            acc = (acc << w) + d;
            assert!(i32::from(d) >= -(1 << (w - 1)) && i32::from(d) < (1 << (w - 1)));
        }
        assert_eq!(acc, BigInt::from(sc_big::<C>(&s)));
    }
}

/// The three scalar multiplications agree with each other and with the group law.
pub(crate) fn check_scalar_mults<C: Curve>(a: &BigUint, b: &BigUint, n: &BigUint) {
    let (sa, sb) = (sc::<C>(a, n), sc::<C>(b, n));
    let g = ProjectivePoint::from(&generator::<C>());
    let ag = mul::mul_base::<C>(&sa);
    assert_eq!(ag.ct_eq(&mul::mul_ct(&g, &sa)), 1);
    let bg = mul::mul_ct(&g, &sb);
    assert_eq!(mul::mul_base::<C>(&sa.add(&sb)).ct_eq(&ag.add(&bg)), 1);
    let want = mul::mul_base::<C>(&sa.add(&sb.mul(&sb)));
    assert_eq!(mul::double_mul_vartime::<C>(&sa, &sb, &bg).to_projective().ct_eq(&want), 1);
    assert_eq!(mul::mul_ct(&bg, &sa).ct_eq(&mul::mul_ct(&ag, &sb)), 1);
}

/// Completeness of the formulas and the special cases of the multiplications and Jacobian additions.
pub(crate) fn check_formulas<C: Curve>(n: &BigUint) {
    let ga = generator::<C>();
    assert_eq!(ga.is_on_curve(), 1);
    let g = ProjectivePoint::from(&ga);
    let id = ProjectivePoint::<C>::IDENTITY;
    let g2 = g.double();
    assert_eq!(g.add(&g).ct_eq(&g2), 1);
    assert_eq!(id.add_affine(&ga).ct_eq(&g), 1);
    assert_eq!(g.add(&id).ct_eq(&g), 1);
    assert_eq!(id.add(&id).is_identity(), 1);
    assert_eq!(id.double().is_identity(), 1);
    assert_eq!(g.add(&g.cond_neg(u64::MAX)).is_identity(), 1);
    assert_eq!(g.add_affine(&ga.neg()).is_identity(), 1);
    assert_eq!(g.add_affine(&ga).ct_eq(&g2), 1);
    // n G = identity, (n - 1) G = -G.
    let nm1 = neg_one::<C>(n);
    let one = C::S::ONE;
    let zero = nm1.add(&one);
    assert_eq!(zero.is_zero(), 1);
    assert_eq!(mul::mul_base::<C>(&nm1).ct_eq(&g.cond_neg(u64::MAX)), 1);
    assert_eq!(mul::mul_ct(&g, &nm1).add(&g).is_identity(), 1);
    assert_eq!(mul::mul_base::<C>(&zero).is_identity(), 1);
    assert_eq!(mul::mul_ct(&g, &zero).is_identity(), 1);
    assert_eq!(mul::double_mul_vartime::<C>(&nm1, &one, &g).is_identity(), 1);
    assert_eq!(mul::double_mul_vartime::<C>(&one, &one, &g).to_projective().ct_eq(&g2), 1);
    assert_eq!(mul::double_mul_vartime::<C>(&zero, &zero, &g).is_identity(), 1);
    // Scalars near n (the last windows' additions meet equal or opposite points for some of them).
    let mut k = nm1;
    let mut kg = g.cond_neg(u64::MAX);
    for _ in 0..40 {
        assert_eq!(mul::mul_ct(&g, &k).ct_eq(&kg), 1);
        assert_eq!(mul::mul_base::<C>(&k).ct_eq(&kg), 1);
        k = k.add(&nm1);
        kg = kg.add(&g.cond_neg(u64::MAX));
    }
    // mul_base's top position: k = d 2^(w (count - 1) + 1) mod n, the only candidates for a special case there.
    let top = super::table::WINDOW * (mul::digit_count(C::S::BITS, super::table::WINDOW) - 1) + 1;
    for d in 1u32..=16 {
        let k = sc::<C>(&((BigUint::from(d) << top) % n), n);
        assert_eq!(mul::mul_base::<C>(&k).ct_eq(&mul::mul_ct(&g, &k)), 1);
        assert_eq!(mul::mul_base::<C>(&k).ct_eq(&mul::double_mul_vartime::<C>(&k, &zero, &g).to_projective()), 1);
    }
    // Jacobian doubling and conversions.
    let jg = JacobianPoint::from_projective(&g);
    let jid = JacobianPoint::from_projective(&id);
    assert_eq!(jid.is_identity(), 1);
    assert_eq!(jid.double().double().to_projective().add(&g).ct_eq(&g), 1);
    let (mut p, mut j) = (g, jg);
    for _ in 0..10 {
        p = p.double();
        j = j.double();
        assert_eq!(j.to_projective().ct_eq(&p), 1);
    }
    let jg2 = jg.double();
    assert_eq!(jg.add_vartime(&jg).to_projective().ct_eq(&g2), 1);
    assert_eq!(jg.add_vartime(&jg.neg()).is_identity(), 1);
    assert_eq!(jg.add_vartime(&JacobianPoint::IDENTITY).to_projective().ct_eq(&g), 1);
    assert_eq!(JacobianPoint::IDENTITY.add_vartime(&jg).to_projective().ct_eq(&g), 1);
    assert_eq!(jg2.add_vartime(&jg).to_projective().ct_eq(&g2.add(&g)), 1);
    assert_eq!(jg.add_affine_vartime(&ga).to_projective().ct_eq(&g2), 1);
    assert_eq!(jg.add_affine_vartime(&ga.neg()).is_identity(), 1);
    assert_eq!(jg2.add_affine_vartime(&ga).to_projective().ct_eq(&g2.add(&g)), 1);
    // The tables hold what they claim.
    let t = C::tables();
    assert_eq!(t.base.len(), mul::digit_count(C::S::BITS, super::table::WINDOW));
    let five = {
        let mut s = one;
        for _ in 0..4 {
            s = s.add(&one);
        }
        s
    };
    let p5 = mul::mul_ct(&g, &five);
    assert_eq!(ProjectivePoint::from(&t.base[0][4]).ct_eq(&p5), 1);
    assert_eq!(ProjectivePoint::from(&t.g_odd[2]).ct_eq(&p5), 1);
    let _: AffinePoint<C> = t.base[1][0];
}

/// Instantiates the tests of one curve module (`super` = the curve module): `$c` is its curve type, `$name`
/// the ACVP curve name, `$n` the scalar length, `$p` the field prime and `$order` the group order (hex bytes).
macro_rules! curve_tests {
    ($c:ty, $name:literal, $n:literal, $p:expr, $order:expr) => {
        use ferrofips_kat::HashAlg;
        use ferrofips_kat::ecdsa::{self as kat, digest_len};
        use num_bigint::BigUint;
        use proptest::prelude::*;

        use super::{PublicKey, SecretKey, Signature};
        use $crate::digest::{Algorithm, Hasher};
        use $crate::ec::common::testing;

        fn p_big() -> BigUint {
            BigUint::parse_bytes($p, 16).unwrap()
        }

        fn n_big() -> BigUint {
            BigUint::parse_bytes($order, 16).unwrap()
        }

        fn arb_big() -> impl Strategy<Value = BigUint> {
            let p = p_big();
            let n = n_big();
            prop_oneof![
                proptest::collection::vec(any::<u8>(), $n).prop_map(|b| BigUint::from_bytes_be(&b)),
                (0u64..4).prop_map(BigUint::from),
                (1u64..4).prop_map(move |d| &p - d),
                (1u64..4).prop_map(move |d| &n - d),
                proptest::collection::vec(prop_oneof![Just(0u64), Just(1), Just(u64::MAX), any::<u64>()], 9)
                    .prop_map(|l| l.iter().fold(BigUint::ZERO, |acc, &x| (acc << 64u32) + x)),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]
            #[test]
            fn field_ops_match_reference(a in arb_big(), b in arb_big()) {
                testing::check_field_ops::<$c>(&a, &b, &p_big());
            }

            #[test]
            fn scalar_ops_match_reference(a in arb_big(), b in arb_big()) {
                testing::check_scalar_ops::<$c>(&a, &b, &n_big());
                testing::check_recoding::<$c>(&a, &n_big());
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(24))]
            #[test]
            fn scalar_mults_agree(a in arb_big(), b in arb_big()) {
                testing::check_scalar_mults::<$c>(&a, &b, &n_big());
            }

            #[test]
            fn sign_verify_ecdh_round_trip(seed in any::<u64>(), msg in proptest::collection::vec(any::<u8>(), 0..80)) {
                let mut state = seed;
                let mut rng = |b: &mut [u8]| {
                    for x in b.iter_mut() {
                        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        *x = (state >> 33) as u8;
                    }
                    Ok(())
                };
                let a = SecretKey::generate(&mut rng).unwrap();
                let b = SecretKey::generate(&mut rng).unwrap();
                let (qa, qb) = (a.public_key(), b.public_key());
                prop_assert_eq!(&super::ecdh(&a, &qb).unwrap()[..], &super::ecdh(&b, &qa).unwrap()[..]);
                let sig = super::sign_prehash(&a, &msg, &mut rng).unwrap();
                prop_assert!(super::verify_prehash(&qa, &msg, &sig).is_ok());
                prop_assert!(super::verify_prehash(&qb, &msg, &sig).is_err());
                prop_assert_eq!(Signature::from_der(&sig.to_der()).unwrap(), sig);
                let mut other = msg.clone();
                match other.first_mut() {
                    Some(b) => *b ^= 1,
                    None => other.push(1),
                }
                prop_assert!(super::verify_prehash(&qa, &other, &sig).is_err());
                // Compressed and uncompressed encodings decode to the same key.
                prop_assert_eq!(PublicKey::from_sec1(&qa.to_compressed()).unwrap(), qa);
                prop_assert_eq!(PublicKey::from_sec1(&qa.to_uncompressed()).unwrap(), qa);
            }
        }

        #[test]
        fn formulas_are_complete() {
            testing::check_formulas::<$c>(&n_big());
        }

        fn alg(h: HashAlg) -> Algorithm {
            Algorithm::ALL.into_iter().find(|a| a.name() == h.name()).unwrap()
        }

        /// The message digest ECDSA signs (SHAKE128/256 squeezed to 256/512 bits, FIPS 186-5).
        fn hash(h: HashAlg, msg: &[u8]) -> Vec<u8> {
            let mut hasher = Hasher::new(alg(h));
            hasher.update(msg);
            let mut out = vec![0u8; digest_len(h)];
            if h.is_xof() {
                hasher.squeeze(&mut out).unwrap();
            } else {
                hasher.finalize_into(&mut out).unwrap();
            }
            out
        }

        fn pad(v: &[u8]) -> Vec<u8> {
            let mut out = vec![0u8; $n.max(v.len()) - v.len()];
            out.extend_from_slice(v);
            out
        }

        fn sec1(qx: &[u8], qy: &[u8]) -> Vec<u8> {
            [&[4u8][..], &pad(qx), &pad(qy)].concat()
        }

        fn arr(v: &[u8]) -> [u8; $n] {
            pad(v).try_into().unwrap()
        }

        #[test]
        fn acvp_keygen() {
            let cases = kat::load_keygen($name).unwrap();
            for c in &cases {
                let sk = SecretKey::from_bytes(&pad(&c.d)).unwrap();
                assert_eq!(sk.public_key().to_uncompressed()[..], sec1(&c.qx, &c.qy)[..], "tcId {}", c.tc_id);
                assert_eq!(&sk.to_bytes()[..], &pad(&c.d)[..]);
            }
            assert_eq!(cases.len(), 6);
        }

        #[test]
        fn acvp_keyver() {
            let cases = kat::load_keyver($name).unwrap();
            for c in &cases {
                let enc = [&[4u8][..], &c.qx, &c.qy].concat();
                let got = PublicKey::from_sec1(&enc);
                assert_eq!(got.is_ok(), c.passed, "tcId {} ({}): {got:?}", c.tc_id, c.reason);
            }
            assert!(cases.iter().any(|c| !c.passed) && cases.iter().any(|c| c.passed));
        }

        #[test]
        fn acvp_siggen_with_k() {
            let set = kat::load_siggen(kat::SIGGEN_DIR, $name).unwrap();
            for c in &set.cases {
                let sk = SecretKey::from_bytes(&pad(&c.d)).unwrap();
                assert_eq!(sk.public_key().to_uncompressed()[..], sec1(&c.qx, &c.qy)[..], "tcId {}", c.tc_id);
                let h = hash(c.hash, &c.msg);
                let sig = super::sign_prehash_with_k(&sk, &h, &pad(&c.k)).unwrap();
                assert_eq!(sig, Signature { r: arr(&c.r), s: arr(&c.s) }, "tcId {} ({:?})", c.tc_id, c.hash);
                super::verify_prehash(&sk.public_key(), &h, &sig).unwrap();
            }
            assert_eq!(set.cases.len(), 120);
        }

        #[test]
        fn acvp_det_siggen_rfc6979() {
            let set = kat::load_siggen(kat::DET_SIGGEN_DIR, $name).unwrap();
            for c in &set.cases {
                let sk = SecretKey::from_bytes(&pad(&c.d)).unwrap();
                let h = hash(c.hash, &c.msg);
                let want = Signature { r: arr(&c.r), s: arr(&c.s) };
                let sig = super::sign_prehash_deterministic(&sk, &h, alg(c.hash)).unwrap();
                assert_eq!(sig, want, "tcId {} ({:?})", c.tc_id, c.hash);
                assert_eq!(super::sign_prehash_with_k(&sk, &h, &pad(&c.k)).unwrap(), want, "tcId {}", c.tc_id);
            }
            assert_eq!(set.cases.len(), 110);
        }

        #[test]
        fn acvp_sigver() {
            let cases = kat::load_sigver($name).unwrap();
            for c in &cases {
                let pk = PublicKey::from_sec1(&sec1(&c.qx, &c.qy)).unwrap();
                let h = hash(c.hash, &c.msg);
                let sig = Signature { r: arr(&c.r), s: arr(&c.s) };
                let got = super::verify_prehash(&pk, &h, &sig);
                assert_eq!(got.is_ok(), c.passed, "tcId {} ({})", c.tc_id, c.reason);
                let der = Signature::from_der(&sig.to_der());
                if c.reason.starts_with("zero") {
                    assert!(der.is_err(), "tcId {}", c.tc_id);
                } else {
                    assert_eq!(der.unwrap(), sig);
                }
            }
            for reason in ["none", "modify r", "modify s", "modify message", "modify key", "zero r", "zero s"] {
                assert!(cases.iter().any(|c| c.reason == reason), "{reason}");
            }
        }

        #[test]
        fn bad_keys_and_signatures_are_refused() {
            let n = n_big();
            let n_bytes = arr(&n.to_bytes_be());
            let one = arr(&[1]);
            assert!(SecretKey::from_bytes(&n_bytes).is_err());
            assert!(SecretKey::from_bytes(&[0u8; $n]).is_err());
            assert!(SecretKey::from_bytes(&one[1..]).is_err());
            let sk = SecretKey::from_bytes(&one).unwrap();
            let g = sk.public_key();
            assert_eq!(&g.to_uncompressed()[..], <$c as $crate::ec::common::Curve>::G_UNCOMPRESSED);
            assert!(format!("{sk:?}").contains("REDACTED"));
            // Off-curve, out-of-range, identity and malformed encodings.
            let mut off = g.to_uncompressed();
            off[off.len() - 1] ^= 1;
            assert!(PublicKey::from_sec1(&off).is_err());
            let mut big_x = g.to_uncompressed();
            big_x[1..1 + $n].copy_from_slice(&arr(&p_big().to_bytes_be()));
            assert!(PublicKey::from_sec1(&big_x).is_err());
            assert!(PublicKey::from_sec1(&[0]).is_err());
            assert!(PublicKey::from_sec1(&[]).is_err());
            assert!(PublicKey::from_sec1(&g.to_uncompressed()[..2 * $n]).is_err());
            assert!(PublicKey::from_sec1(&g.to_compressed()[..$n]).is_err());
            let mut c = g.to_compressed();
            c[0] = 5;
            assert!(PublicKey::from_sec1(&c).is_err());
            // A compressed x with no point on the curve: try successive x until one is refused.
            let refused = (0u8..40).any(|i| {
                let mut e = [0u8; $n + 1];
                e[0] = 2;
                e[$n] = i;
                PublicKey::from_sec1(&e).is_err()
            });
            assert!(refused);
            // Signatures: r, s = 0 or >= n refused; high s (n - s) is valid too (no low-s rule).
            let h = [7u8; 48];
            let sig = super::sign_prehash_deterministic(&sk, &h, Algorithm::Sha384).unwrap();
            super::verify_prehash(&g, &h, &sig).unwrap();
            let s_big = BigUint::from_bytes_be(&sig.s);
            let high = Signature { r: sig.r, s: arr(&(&n - &s_big).to_bytes_be()) };
            super::verify_prehash(&g, &h, &high).unwrap();
            let mut bads = vec![
                Signature { r: [0; $n], s: sig.s },
                Signature { r: sig.r, s: [0; $n] },
                Signature { r: n_bytes, s: sig.s },
                Signature { r: sig.r, s: n_bytes },
            ];
            let s_plus_n = (&s_big + &n).to_bytes_be();
            if s_plus_n.len() <= $n {
                bads.push(Signature { r: sig.r, s: arr(&s_plus_n) });
            }
            for bad in bads {
                assert!(super::verify_prehash(&g, &h, &bad).is_err());
                assert!(Signature::from_der(&bad.to_der()).is_err());
            }
            // DER: round trip; truncation, trailing data, non-minimal integers, bad lengths.
            let der = sig.to_der();
            assert_eq!(Signature::from_der(&der).unwrap(), sig);
            for cut in 0..der.len() {
                assert!(Signature::from_der(&der[..cut]).is_err(), "truncated to {cut}");
            }
            assert!(Signature::from_der(&[der.clone(), vec![0]].concat()).is_err());
            let small = Signature { r: arr(&[1]), s: arr(&[0x80]) };
            assert_eq!(small.to_der(), [0x30, 7, 2, 1, 1, 2, 2, 0, 0x80]);
            assert_eq!(Signature::from_der(&small.to_der()).unwrap(), small);
            for bad in [
                &[0x30, 8, 2, 2, 0, 1, 2, 2, 0, 0x80][..],
                &[0x30, 7, 2, 1, 1, 2, 2, 0, 0x80, 0][..],
                &[0x30, 0x81, 7, 2, 1, 1, 2, 2, 0, 0x80][..],
                &[0x30, 6, 2, 1, 1, 2, 1, 0x80][..],
                &[0x31, 7, 2, 1, 1, 2, 2, 0, 0x80][..],
                &[0x30, 7, 2, 1, 1, 3, 2, 0, 0x80][..],
            ] {
                assert!(Signature::from_der(bad).is_err(), "{bad:02x?}");
            }
            // The largest signature needs the long form exactly when its body reaches 128 bytes.
            let max = Signature { r: arr(&(&n - 1u8).to_bytes_be()), s: arr(&(&n - 1u8).to_bytes_be()) };
            let d = max.to_der();
            assert_eq!(d[1] == 0x81, d.len() > 2 + 127);
            assert_eq!(Signature::from_der(&d).unwrap(), max);
            // Wrong k lengths and out-of-range k.
            assert_eq!(super::sign_prehash_with_k(&sk, &h, &one[1..]), Err($crate::Error::InvalidLength));
            assert!(super::sign_prehash_with_k(&sk, &h, &n_bytes).is_err());
            assert!(super::sign_prehash_with_k(&sk, &h, &[0; $n]).is_err());
            assert_eq!(
                super::sign_prehash_deterministic(&sk, &h, Algorithm::Shake256),
                Err($crate::Error::Unsupported)
            );
            // ECDH with the generator: x(d G) = public key x.
            let other = SecretKey::from_bytes(&arr(&[9])).unwrap();
            assert_eq!(&super::ecdh(&other, &g).unwrap()[..], &other.public_key().to_uncompressed()[1..1 + $n]);
        }
    };
}

pub(crate) use curve_tests;
