//! Scalar multiplications on edwards25519: constant-time fixed-base ([`mul_base`]), variable-time double-base
//! for verification ([`double_mul_base_vartime`]) and a variable-time multiplication by a public scalar
//! ([`mul_vartime`]).

use zeroize::Zeroize;

use super::edwards::{Cached, P1P1, P2, P3};
use super::field::Field;
use super::scalar::Scalar;
use super::table::ODD_WIDTH;

/// `s * B` in constant time: signed radix-16 digits, odd digits first, then times 16, then the even digits;
/// each digit's multiple is picked by a full scan of its table row.
pub(super) fn mul_base<F: Field>(s: &Scalar) -> P3<F> {
    let t = F::tables();
    let mut e = s.to_radix16();
    let mut h = P3::identity();
    for i in (1..64).step_by(2) {
        h = h.add_niels(&t.select(i / 2, e[i])).to_p3();
    }
    let mut r = h.double().to_p2().double().to_p2().double().to_p2().double().to_p3();
    for i in (0..64).step_by(2) {
        r = r.add_niels(&t.select(i / 2, e[i])).to_p3();
    }
    e.zeroize();
    r
}

/// `a * A + b * B` for public `a`, `b`, `A` (variable-time): width-5 NAF of `a` over eight odd multiples of `A`,
/// width-8 NAF of `b` over the precomputed odd multiples of `B`.
pub(super) fn double_mul_base_vartime<F: Field>(a: &Scalar, pa: &P3<F>, b: &Scalar) -> P2<F> {
    let anaf = a.naf_vartime(5);
    let bnaf = b.naf_vartime(ODD_WIDTH);
    let odd_a = odd_multiples(pa);
    let t = F::tables();
    let Some(top) = (0..256).rev().find(|&i| anaf[i] != 0 || bnaf[i] != 0) else {
        return P3::identity().to_p2();
    };
    let mut r = P3::<F>::identity().to_p2();
    for i in (0..=top).rev() {
        let mut s: P1P1<F> = r.double();
        if anaf[i] > 0 {
            s = s.to_p3().add_cached(&odd_a[(anaf[i] / 2) as usize]);
        } else if anaf[i] < 0 {
            s = s.to_p3().sub_cached(&odd_a[(-anaf[i] / 2) as usize]);
        }
        if bnaf[i] > 0 {
            s = s.to_p3().add_niels(&t.odd[(bnaf[i] / 2) as usize]);
        } else if bnaf[i] < 0 {
            s = s.to_p3().sub_niels(&t.odd[(-bnaf[i] / 2) as usize]);
        }
        r = s.to_p2();
    }
    r
}

/// `A, 3A, 5A, ..., 15A`.
fn odd_multiples<F: Field>(p: &P3<F>) -> [Cached<F>; 8] {
    let p2 = p.double().to_p3().to_cached();
    let mut out = [p.to_cached(); 8];
    let mut q = *p;
    for o in out.iter_mut().skip(1) {
        q = q.add_cached(&p2).to_p3();
        *o = q.to_cached();
    }
    out
}

/// `k * P` for a public scalar given as little-endian 64-bit words (variable-time double-and-add).
pub(super) fn mul_vartime<F: Field>(p: &P3<F>, k: &[u64; 4]) -> P3<F> {
    let c = p.to_cached();
    let mut r = P3::identity();
    for i in (0..256).rev() {
        r = r.double().to_p3();
        if (k[i / 64] >> (i % 64)) & 1 == 1 {
            r = r.add_cached(&c).to_p3();
        }
    }
    r
}
