//! Unit tests of the P-256 internals: field and scalar arithmetic against a big-integer reference, the point
//! formulas' completeness, the scalar-multiplication variants against each other, and the generated tables.

use num_bigint::BigUint;
use proptest::prelude::*;

use super::field::{Fe, P};
use super::limbs::{self, Limbs};
use super::mul;
use super::point::{AffinePoint, G, ProjectivePoint};
use super::scalar::{N, Scalar};
use super::{table, table_gen};

fn big(x: &Limbs) -> BigUint {
    BigUint::from_bytes_be(&limbs::to_be_bytes(x))
}

fn limbs_of(x: &BigUint) -> Limbs {
    let b = x.to_bytes_be();
    let mut out = [0u8; 32];
    out[32 - b.len()..].copy_from_slice(&b);
    limbs::from_be_bytes(&out)
}

fn p_big() -> BigUint {
    big(&P.m)
}

fn n_big() -> BigUint {
    big(&N.m)
}

fn fe(x: &BigUint) -> Fe {
    Fe::from_canonical(limbs_of(&(x % p_big())))
}

fn fe_big(x: Fe) -> BigUint {
    big(&x.to_canonical())
}

fn sc(x: &BigUint) -> Scalar {
    Scalar(limbs_of(&(x % n_big())))
}

/// Values near the edges and random ones.
fn arb_u256() -> impl Strategy<Value = BigUint> {
    prop_oneof![
        any::<[u8; 32]>().prop_map(|b| BigUint::from_bytes_be(&b)),
        (0u64..4).prop_map(BigUint::from),
        (1u64..4).prop_map(|d| p_big() - d),
        (1u64..4).prop_map(|d| n_big() - d),
        // Limbs at carry boundaries.
        proptest::array::uniform4(prop_oneof![
            Just(0u64),
            Just(1),
            Just(u64::from(u32::MAX)),
            Just(1 << 32),
            Just(1 << 63),
            Just(u64::MAX - 1),
            Just(u64::MAX),
            any::<u64>(),
        ])
        .prop_map(|l| big(&l)),
    ]
}

#[test]
fn constants() {
    let p = (BigUint::from(1u8) << 256) - (BigUint::from(1u8) << 224)
        + (BigUint::from(1u8) << 192)
        + (BigUint::from(1u8) << 96)
        - 1u8;
    assert_eq!(p_big(), p);
    let r = BigUint::from(1u8) << 256;
    assert_eq!(big(&P.r), &r % &p);
    assert_eq!(big(&P.r2), (&r * &r) % &p);
    assert_eq!((BigUint::from(P.m[0]) * BigUint::from(P.m0inv) + 1u8) % (BigUint::from(1u8) << 64), BigUint::ZERO);
    let n = BigUint::parse_bytes(b"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16).unwrap();
    assert_eq!(n_big(), n);
    assert_eq!(big(&N.r2), (&r * &r) % &n);
    assert_eq!((BigUint::from(N.m[0]) * BigUint::from(N.m0inv) + 1u8) % (BigUint::from(1u8) << 64), BigUint::ZERO);
    assert_eq!(AffinePoint { x: G.x, y: G.y }.is_on_curve(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn field_ops_match_reference(a in arb_u256(), b in arb_u256()) {
        let p = p_big();
        let (a, b) = (&a % &p, &b % &p);
        let (fa, fb) = (fe(&a), fe(&b));
        prop_assert_eq!(fe_big(fa + fb), (&a + &b) % &p);
        prop_assert_eq!(fe_big(fa - fb), (&a + &p - &b) % &p);
        prop_assert_eq!(fe_big(-fa), (&p - &a) % &p);
        prop_assert_eq!(fe_big(fa.half().double()), a.clone());
        prop_assert_eq!(fe_big(fa * fb), (&a * &b) % &p);
        prop_assert_eq!(fe_big(fa.square()), (&a * &a) % &p);
        // Both implementations, whichever the operators dispatch to.
        prop_assert_eq!(fe_big(fa.mul_portable(&fb)), (&a * &b) % &p);
        prop_assert_eq!(fe_big(fa.square_portable()), (&a * &a) % &p);
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let Some(adx) = super::x86_adx::adx() {
            prop_assert_eq!(fe_big(Fe(adx.mul(&fa.0, &fb.0))), (&a * &b) % &p);
            prop_assert_eq!(fe_big(Fe(adx.sqr(&fa.0))), (&a * &a) % &p);
        }
        let inv = fe_big(fa.invert());
        prop_assert_eq!(fe_big(fa.invert_fermat()), inv.clone());
        if a == BigUint::ZERO {
            prop_assert_eq!(inv, BigUint::ZERO);
        } else {
            prop_assert_eq!((inv * &a) % &p, BigUint::from(1u8));
        }
        let sq = (&a * &a) % &p;
        let (root, ok) = fe(&sq).sqrt();
        prop_assert_eq!(ok, 1);
        prop_assert_eq!((fe_big(root).pow(2u32)) % &p, sq);
        // Encoding round trip and range check.
        let (back, valid) = Fe::from_bytes(&fa.to_bytes());
        prop_assert_eq!(valid, 1);
        prop_assert_eq!(back.0, fa.0);
        prop_assert_eq!(fa.is_odd() as u32, a.bit(0) as u32);
    }

    #[test]
    fn scalar_ops_match_reference(a in arb_u256(), b in arb_u256()) {
        let n = n_big();
        let (ar, br) = (&a % &n, &b % &n);
        let (sa, sb) = (sc(&a), sc(&b));
        prop_assert_eq!(big(&sa.add(&sb).0), (&ar + &br) % &n);
        prop_assert_eq!(big(&sa.sub(&sb).0), (&ar + &n - &br) % &n);
        prop_assert_eq!(big(&sa.mul(&sb).0), (&ar * &br) % &n);
        // Montgomery products of both implementations: a * b / 2^256 mod n.
        let rinv = (BigUint::from(1u8) << 256u32).modinv(&n).unwrap();
        let want = (&ar * &br % &n) * &rinv % &n;
        prop_assert_eq!(big(&super::scalar::mont_mul_portable(&sa.0, &sb.0)), want.clone());
        #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
        if let Some(adx) = super::x86_adx::adx() {
            let md = [N.m[0], N.m[1], N.m[2], N.m[3], N.m0inv];
            prop_assert_eq!(big(&adx.mont_mul_generic(&sa.0, &sb.0, &md)), want);
        }
        prop_assert_eq!(big(&sa.neg().0), (&n - &ar) % &n);
        let inv = big(&sa.invert().0);
        prop_assert_eq!(big(&sa.invert_fermat().0), inv.clone());
        if ar == BigUint::ZERO {
            prop_assert_eq!(inv, BigUint::ZERO);
        } else {
            prop_assert_eq!((inv * &ar) % &n, BigUint::from(1u8));
        }
        // from_bytes range flag and reduction of any 256-bit value.
        let bytes = limbs::to_be_bytes(&limbs_of(&a));
        prop_assert_eq!(Scalar::from_bytes(&bytes).1 == 1, a < n);
        prop_assert_eq!(big(&Scalar::from_bytes_reduced(&bytes).0), &a % &n);
    }

    #[test]
    fn scalar_mults_agree(a in arb_u256(), b in arb_u256()) {
        let (sa, sb) = (sc(&a), sc(&b));
        let g = ProjectivePoint::from(&G);
        let ag = mul::mul_base(&sa);
        prop_assert_eq!(ag.ct_eq(&mul::mul_base_generic(&sa)), 1);
        let bg = mul::mul_ct(&g, &sb);
        // (a + b) G = aG + bG
        prop_assert_eq!(mul::mul_base(&sa.add(&sb)).ct_eq(&ag.add(&bg)), 1);
        // a G + b (bG) = (a + b^2) G
        prop_assert_eq!(mul::double_mul_vartime(&sa, &sb, &bg).to_projective().ct_eq(&mul::mul_base(&sa.add(&sb.mul(&sb)))), 1);
        // a (bG) = b (aG)
        prop_assert_eq!(mul::mul_ct(&bg, &sa).ct_eq(&mul::mul_ct(&ag, &sb)), 1);
    }

    #[test]
    fn recoding_is_exact(a in arb_u256()) {
        let s = sc(&a);
        for w in [4usize, 5, 6, 7] {
            let digits = mul::recode_signed::<65>(&s, w);
            let mut acc = num_bigint::BigInt::from(0);
            for &d in digits.iter().rev() {
                acc = (acc << w) + d;
                prop_assert!(i32::from(d) >= -(1 << (w - 1)) && i32::from(d) < (1 << (w - 1)));
            }
            prop_assert_eq!(acc, num_bigint::BigInt::from(big(&s.0)));
        }
    }
}

#[test]
fn formulas_are_complete() {
    let g = ProjectivePoint::from(&G);
    let id = ProjectivePoint::IDENTITY;
    let g2 = g.double();
    assert_eq!(g.add(&g).ct_eq(&g2), 1);
    assert_eq!(id.add_affine(&G).ct_eq(&g), 1);
    assert_eq!(g.add(&id).ct_eq(&g), 1);
    assert_eq!(id.add(&id).is_identity(), 1);
    assert_eq!(id.double().is_identity(), 1);
    assert_eq!(g.add(&g.neg()).is_identity(), 1);
    assert_eq!(g.add_affine(&G.neg()).is_identity(), 1);
    assert_eq!(g.add_affine(&G).ct_eq(&g2), 1);
    // n G = identity; (n - 1) G = -G.
    let (n1, _) = limbs::sub(&N.m, &[1, 0, 0, 0]);
    let nm1 = Scalar(n1);
    assert_eq!(mul::mul_base(&nm1).ct_eq(&g.neg()), 1);
    assert_eq!(mul::mul_ct(&g, &nm1).add(&g).is_identity(), 1);
    assert_eq!(mul::mul_base(&Scalar::ZERO).is_identity(), 1);
    assert_eq!(mul::mul_ct(&g, &Scalar::ZERO).is_identity(), 1);
    assert_eq!(mul::double_mul_vartime(&nm1, &Scalar::ONE, &g).is_identity(), 1);
    assert_eq!(mul::double_mul_vartime(&Scalar::ONE, &Scalar::ONE, &g).to_projective().ct_eq(&g2), 1);
    assert_eq!(mul::double_mul_vartime(&Scalar::ZERO, &Scalar::ZERO, &g).is_identity(), 1);
    // 2G, known affine coordinates.
    let (a, _) = g2.to_affine();
    assert_eq!(hex::encode(a.x.to_bytes()), "7cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978");
    assert_eq!(hex::encode(a.y.to_bytes()), "07775510db8ed040293d9ac69f7430dbba7dade63ce982299e04b79d227873d1");
}

#[test]
fn tables_match_generator() {
    if std::env::var_os("FERROFIPS_REGEN_P256_TABLE").is_some_and(|v| v == "1") {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/ec/p256/table.rs");
        std::fs::write(path, table_gen::render()).unwrap();
    }
    assert_eq!(table::WINDOW, table_gen::WINDOW);
    assert_eq!(table::POSITIONS, table_gen::POSITIONS);
    assert_eq!(table::G_WNAF_WINDOW, table_gen::G_WNAF_WINDOW);
    let base = table_gen::base_table();
    assert_eq!(base.len(), table::BASE.len());
    for (row, want) in table::BASE.iter().zip(&base) {
        assert_eq!(row.len(), want.len());
        for (a, b) in row.iter().zip(want) {
            assert_eq!((a.x.0, a.y.0), (b.x.0, b.y.0));
        }
    }
    let odd = table_gen::g_odd_table();
    assert_eq!(table::G_ODD.len(), odd.len());
    for (a, b) in table::G_ODD.iter().zip(&odd) {
        assert_eq!((a.x.0, a.y.0), (b.x.0, b.y.0));
    }
}

#[test]
fn jacobian_matches_projective() {
    use super::jacobian::JacobianPoint;
    let g = ProjectivePoint::from(&G);
    let id = ProjectivePoint::IDENTITY;
    let jg = JacobianPoint::from_projective(&g);
    let jid = JacobianPoint::from_projective(&id);
    assert_eq!(jid.is_identity(), 1);
    assert_eq!(jid.to_projective().is_identity(), 1);
    // Doubling the identity stays a valid identity (Y != 0), also after conversion.
    let d = jid.double().double();
    assert_eq!(d.is_identity(), 1);
    assert_eq!(d.y.is_zero(), 0);
    assert_eq!(d.to_projective().add(&g).ct_eq(&g), 1);
    assert_eq!(JacobianPoint::IDENTITY.double().is_identity(), 1);
    // Doubling agrees with the complete formula, repeatedly.
    let (mut p, mut j) = (g, jg);
    for _ in 0..10 {
        p = p.double();
        j = j.double();
        assert_eq!(j.to_projective().ct_eq(&p), 1);
        assert_eq!(JacobianPoint::from_projective(&p).to_projective().ct_eq(&p), 1);
    }
    // Variable-time additions, special cases included.
    let g2 = g.double();
    let jg2 = jg.double();
    assert_eq!(jg.add_vartime(&jg).to_projective().ct_eq(&g2), 1);
    assert_eq!(jg.add_vartime(&jg.neg()).is_identity(), 1);
    assert_eq!(jg.add_vartime(&JacobianPoint::IDENTITY).to_projective().ct_eq(&g), 1);
    assert_eq!(JacobianPoint::IDENTITY.add_vartime(&jg).to_projective().ct_eq(&g), 1);
    assert_eq!(jg2.add_vartime(&jg).to_projective().ct_eq(&g2.add(&g)), 1);
    assert_eq!(jg.add_affine_vartime(&G).to_projective().ct_eq(&g2), 1);
    assert_eq!(jg.add_affine_vartime(&G.neg()).is_identity(), 1);
    assert_eq!(JacobianPoint::IDENTITY.add_affine_vartime(&G).to_projective().ct_eq(&g), 1);
    assert_eq!(jg2.add_affine_vartime(&G).to_projective().ct_eq(&g2.add(&g)), 1);
}

#[test]
fn verification_x_comparison() {
    use super::jacobian::JacobianPoint;
    // x in [n, p) has two candidates r: x - n matches, x does not exist as a scalar; also with Z != 1.
    let (x, _) = limbs::add(&N.m, &[5, 0, 0, 0]);
    let z = Fe::from_canonical([7, 0, 0, 0]);
    let zz = z.square();
    let pt = JacobianPoint { x: Fe::from_canonical(x) * zz, y: Fe::ONE, z };
    assert!(super::ecdsa::x_matches_vartime(&pt, &Scalar([5, 0, 0, 0])));
    assert!(!super::ecdsa::x_matches_vartime(&pt, &Scalar([6, 0, 0, 0])));
    // x < n: only r = x.
    let pt = JacobianPoint { x: Fe::from_canonical([9, 0, 0, 0]) * zz, y: Fe::ONE, z };
    assert!(super::ecdsa::x_matches_vartime(&pt, &Scalar([9, 0, 0, 0])));
    assert!(!super::ecdsa::x_matches_vartime(&JacobianPoint::IDENTITY, &Scalar([9, 0, 0, 0])));
}

/// `k * p` by plain double-and-add with the complete projective formulas: the reference for the windowed
/// multiplications.
fn mul_reference(p: &ProjectivePoint, k: &Scalar) -> ProjectivePoint {
    let mut acc = ProjectivePoint::IDENTITY;
    for i in (0..256).rev() {
        acc = acc.double();
        if k.bit(i) == 1 {
            acc = acc.add(p);
        }
    }
    acc
}

/// Scalars at the edges of the windowed multiplications: tiny, near n (where the top and bottom windows carry),
/// powers of two and long zero or one runs.
fn edge_scalars() -> Vec<Scalar> {
    let n = n_big();
    let one = BigUint::from(1u8);
    let mut v: Vec<BigUint> = (0u32..40).map(BigUint::from).collect();
    v.extend((1u32..70).map(|d| &n - d));
    for i in [1u32, 5, 6, 7, 31, 32, 63, 64, 127, 128, 191, 192, 250, 251, 252, 253, 254, 255] {
        v.push(&one << i);
        v.push((&one << i) + 1u8);
        v.push((&one << i) - 1u8);
        v.push(&n - (&one << i));
    }
    // Long zero runs between set bits, and halves.
    v.push((&one << 255) + 1u8);
    v.push((&one << 200) + (&one << 100));
    v.push(((&one << 128) - 1u8) << 128);
    v.push(BigUint::parse_bytes(b"8000000000000000000000000000000000000000000000000000000000000001", 16).unwrap());
    v.into_iter().map(|x| sc(&(x % &n))).collect()
}

#[test]
fn windowed_mults_on_edge_scalars() {
    let g = ProjectivePoint::from(&G);
    // A point other than G, with Z != 1.
    let p7 = mul_reference(&g, &Scalar([7, 0, 0, 0]));
    for k in edge_scalars() {
        let want_g = mul_reference(&g, &k);
        assert_eq!(mul::mul_base(&k).ct_eq(&want_g), 1, "mul_base {:x?}", k.0);
        assert_eq!(mul::mul_ct(&g, &k).ct_eq(&want_g), 1, "mul_ct(G) {:x?}", k.0);
        assert_eq!(mul::mul_ct(&p7, &k).ct_eq(&mul_reference(&p7, &k)), 1, "mul_ct(7G) {:x?}", k.0);
        // Verification's variable-time double multiplication: k G + 1 (7G) and 1 G + k (7G).
        let want = want_g.add(&p7);
        assert_eq!(mul::double_mul_vartime(&k, &Scalar::ONE, &p7).to_projective().ct_eq(&want), 1);
        let want = g.add(&mul_reference(&p7, &k));
        assert_eq!(mul::double_mul_vartime(&Scalar::ONE, &k, &p7).to_projective().ct_eq(&want), 1);
    }
    // The identity as the variable base.
    let id = ProjectivePoint::IDENTITY;
    assert_eq!(mul::mul_ct(&id, &Scalar([5, 0, 0, 0])).is_identity(), 1);
}

#[test]
fn jacobian_ct_additions_cover_their_cases() {
    use super::jacobian::JacobianPoint;
    let g = ProjectivePoint::from(&G);
    let jg = JacobianPoint::from_projective(&g);
    // Points with Z != 1 (and their complete-formula values).
    let g3 = mul_reference(&g, &Scalar([3, 0, 0, 0]));
    let g5 = mul_reference(&g, &Scalar([5, 0, 0, 0]));
    // 2 (3G) + (-8G) = -2G, both with Z != 1.
    let sum = JacobianPoint::from_projective(&g3).double().add_ct_distinct(&jg.neg().double().double().double());
    assert_eq!(sum.to_projective().ct_eq(&g.double().neg()), 1);
    let j5 = JacobianPoint::from_projective(&g5);
    let j3 = JacobianPoint::from_projective(&g3).double().double(); // 12G, Z != 1
    let g12 = mul_reference(&g, &Scalar([12, 0, 0, 0]));
    // Generic case.
    assert_eq!(j3.add_ct_distinct(&j5).to_projective().ct_eq(&g12.add(&g5)), 1);
    // Identity inputs, in every representation: (X:Y:0) from conversion, all-zero from table lookups.
    let zero = JacobianPoint { x: Fe::ZERO, y: Fe::ZERO, z: Fe::ZERO };
    for id in [
        JacobianPoint::IDENTITY,
        JacobianPoint::from_projective(&ProjectivePoint::IDENTITY),
        zero,
        jg.double().add_ct_distinct(&jg.double().neg()),
    ] {
        assert_eq!(id.is_identity(), 1);
        assert_eq!(id.add_ct_distinct(&j3).to_projective().ct_eq(&g12), 1);
        assert_eq!(j3.add_ct_distinct(&id).to_projective().ct_eq(&g12), 1);
        assert_eq!(id.add_ct_distinct(&id).is_identity(), 1);
        assert_eq!(id.double().is_identity(), 1);
        assert_eq!(id.to_projective().is_identity(), 1);
        assert_eq!(id.to_projective().y.is_zero(), 0);
        assert_eq!(id.to_projective().add(&g).ct_eq(&g), 1);
        // Mixed addition onto an identity gives the affine point.
        assert_eq!(id.add_affine_ct_distinct(&G, 0).to_projective().ct_eq(&g), 1);
        assert_eq!(id.add_affine_ct_distinct(&G, 1).is_identity(), 1);
    }
    // Opposite points: an identity.
    assert_eq!(j3.add_ct_distinct(&j3.neg()).is_identity(), 1);
    assert_eq!(jg.add_affine_ct_distinct(&G.neg(), 0).is_identity(), 1);
    let (g12a, _) = g12.to_affine();
    assert_eq!(j3.add_affine_ct_distinct(&g12a.neg(), 0).is_identity(), 1);
    // Mixed: generic, skip.
    let (g5a, _) = g5.to_affine();
    assert_eq!(j3.add_affine_ct_distinct(&g5a, 0).to_projective().ct_eq(&g12.add(&g5)), 1);
    assert_eq!(j3.add_affine_ct_distinct(&g5a, 1).to_projective().ct_eq(&g12), 1);
    // The documented gap: equal finite points do not give the double (callers exclude it).
    assert_eq!(j3.add_ct_distinct(&j3).is_identity(), 1);
    assert_eq!(j3.add_affine_ct_distinct(&g12a, 0).is_identity(), 1);
    // The variable-time additions handle it.
    assert_eq!(j3.add_vartime(&j3).to_projective().ct_eq(&g12.double()), 1);
    assert_eq!(j3.add_affine_vartime(&g12a).to_projective().ct_eq(&g12.double()), 1);
    assert_eq!(j3.add_vartime(&j3.neg()).is_identity(), 1);
    assert_eq!(j3.add_affine_vartime(&g12a.neg()).is_identity(), 1);
}

/// The fused assembly point operations give exactly the field-level ones: scalar multiplications of random
/// and edge scalars, and additions with identity and opposite inputs.
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
#[test]
fn fused_point_ops_match_the_field_formulas() {
    use super::jacobian::JacobianPoint;
    use super::mul::{FieldOps, PointOps, mul_ct_with};
    use super::x86_adx_point::Fused;
    let Some(cpu) = super::x86_adx::adx() else { return };
    let g = ProjectivePoint::from(&super::point::G);
    let mut seed = 0x1234_5678_9abc_def0u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut scalars = vec![Scalar([1, 0, 0, 0]), Scalar([2, 0, 0, 0]), Scalar([0, 0, 0, 1 << 63])];
    let n_minus = |d: u64| Scalar::from_bytes_reduced(&[0u8; 32]).sub(&Scalar([d, 0, 0, 0]));
    scalars.extend([n_minus(1), n_minus(2), n_minus(17)]);
    for _ in 0..40 {
        let b: Vec<u8> = (0..4).flat_map(|_| next().to_le_bytes()).collect();
        scalars.push(Scalar::from_bytes_reduced(&b.try_into().unwrap()));
    }
    let p = mul_ct_with(&mut FieldOps(JacobianPoint::IDENTITY), &g, &Scalar([0x9e37_79b9, 5, 0, 7]));
    for k in &scalars {
        for base in [&g, &p] {
            let want = mul_ct_with(&mut FieldOps(JacobianPoint::IDENTITY), base, k);
            let got = mul_ct_with(&mut Fused::new(cpu), base, k);
            assert_eq!(got.ct_eq(&want), 1, "k = {:x?}", k.0);
        }
    }
    let a = JacobianPoint::from_projective(&p);
    let b = JacobianPoint::from_projective(&g).double();
    let (mut f, mut fused) = (FieldOps(JacobianPoint::IDENTITY), Fused::new(cpu));
    let id = JacobianPoint::IDENTITY;
    for (x, y) in [(a, b), (b, a), (id, a), (a, id), (id, id), (a, a.neg())] {
        for ops in [&mut f as &mut dyn PointOps, &mut fused] {
            ops.load(&x);
            ops.add_ct_distinct(&y);
        }
        assert_eq!(fused.point().to_projective().ct_eq(&f.point().to_projective()), 1);
        for ops in [&mut f as &mut dyn PointOps, &mut fused] {
            ops.load(&x);
            ops.double_n(3);
        }
        assert_eq!(fused.point().to_projective().ct_eq(&f.point().to_projective()), 1);
    }
}

/// DER decoding refuses integers of 2^256 or more written on 33 bytes with a non-zero first byte (r + 2^256,
/// Wycheproof's "IntegerOverflow" cases), as well as a redundant leading zero, and accepts the canonical form.
#[test]
fn der_refuses_integers_past_256_bits() {
    use super::der::Signature;
    let sig = Signature { r: [0x8a; 32], s: [0x11; 32] };
    let der = sig.to_der();
    assert_eq!(Signature::from_der(&der), Ok(sig));
    // r as 33 bytes: 00 8a.. is canonical; 01 8a.. is r + 2^256; 7f 8a.. is larger still.
    assert_eq!(&der[2..5], &[0x02, 33, 0x00]);
    for first in [0x01u8, 0x02, 0x7f] {
        let mut bad = der.clone();
        bad[4] = first;
        assert!(Signature::from_der(&bad).is_err(), "first byte {first:#x}");
    }
    // s = 0x11.. (no padding needed) with a redundant leading zero.
    let mut padded = der[..37].to_vec();
    padded.extend_from_slice(&[0x02, 33, 0x00]);
    padded.extend_from_slice(&[0x11; 32]);
    padded[1] = (padded.len() - 2) as u8;
    assert!(Signature::from_der(&padded).is_err());
}
