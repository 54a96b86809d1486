//! Constant-time modular inversion by the Bernstein-Yang "safegcd" divsteps, in the form of libsecp256k1's
//! `modinv64` (Pieter Wuille's variant: 62-bit signed limbs, batches of 59 divsteps with `zeta = -(delta +
//! 1/2)`, 10 batches = 590 divsteps, which suffice for any modulus below 2^256).
//!
//! Used for the scalar inversion modulo n (the ECDSA nonce `k^-1`), where it is several times faster than
//! Fermat's `k^(n-2)`: Montgomery multiplication modulo n has no special-form shortcut and a long latency.
//!
//! Constant-time: a fixed number of iterations, no branch or memory index depends on the values; conditions
//! become all-ones/zero masks. The masks outside the divstep loop pass an optimisation barrier (LLVM turned
//! one into a branch); those inside it do not (a barrier there costs a store and a load per divstep), and the
//! compiled loop was checked to be branch-free apart from its counter (x86-64, rustc 1.95).

use core::hint::black_box;

use super::limbs::{Limbs, Modulus};

/// 2^62 - 1.
const M62: u64 = u64::MAX >> 2;

/// A signed integer as 5 limbs of 62 bits (the top limb signed): `sum v[i] 2^(62 i)`.
type Signed62 = [i64; 5];

/// A modulus in signed-62 form and its inverse modulo 2^62.
#[derive(Clone, Copy, Debug)]
pub(super) struct ModInfo {
    /// The modulus.
    m: Signed62,
    /// `m^-1 mod 2^62`.
    m_inv62: u64,
}

impl ModInfo {
    /// The inversion constants of an odd modulus `m < 2^256` (compile time).
    pub(super) const fn new(md: &Modulus) -> ModInfo {
        // m0inv = -m^-1 mod 2^64.
        ModInfo { m: to_signed62(&md.m), m_inv62: md.m0inv.wrapping_neg() & M62 }
    }
}

/// 256 bits to signed-62 limbs (all non-negative).
const fn to_signed62(a: &Limbs) -> Signed62 {
    [
        (a[0] & M62) as i64,
        (((a[0] >> 62) | (a[1] << 2)) & M62) as i64,
        (((a[1] >> 60) | (a[2] << 4)) & M62) as i64,
        (((a[2] >> 58) | (a[3] << 6)) & M62) as i64,
        (a[3] >> 56) as i64,
    ]
}

/// Signed-62 limbs of a value in `[0, 2^256)` (limbs `0..4` in `[0, 2^62)`) back to 256 bits.
fn from_signed62(v: &Signed62) -> Limbs {
    let v = v.map(|x| x as u64);
    [v[0] | (v[1] << 62), (v[1] >> 2) | (v[2] << 60), (v[2] >> 4) | (v[3] << 58), (v[3] >> 6) | (v[4] << 56)]
}

/// The 2x2 transition matrix of 59 divsteps, scaled by 2^62.
struct Trans {
    u: i64,
    v: i64,
    q: i64,
    r: i64,
}

/// 59 constant-time divsteps on the low 64 bits `f0`, `g0` of f and g: the new zeta and the transition
/// matrix.
#[inline(always)]
fn divsteps_59(mut zeta: i64, f0: u64, g0: u64) -> (i64, Trans) {
    // The matrix starts as the identity times 8 (2^3), so that after 59 steps it is scaled by 2^62. Its
    // entries are signed in [-2^62, 2^62], kept as wrapping u64 to allow left shifts.
    let (mut u, mut v, mut q, mut r) = (8u64, 0u64, 0u64, 8u64);
    let (mut f, mut g) = (f0, g0);
    for _ in 3..62 {
        // mask1: zeta < 0; mask2: g odd.
        let mask1 = (zeta >> 63) as u64;
        let mask2 = (g & 1).wrapping_neg();
        // x, y, z: f, u, v negated if zeta < 0.
        let x = (f ^ mask1).wrapping_sub(mask1);
        let y = (u ^ mask1).wrapping_sub(mask1);
        let z = (v ^ mask1).wrapping_sub(mask1);
        // If g is odd, add them to g, q, r.
        g = g.wrapping_add(x & mask2);
        q = q.wrapping_add(y & mask2);
        r = r.wrapping_add(z & mask2);
        // If zeta < 0 and g was odd: swap (f becomes the old g), zeta = -zeta - 2; else zeta - 1.
        let mask1 = mask1 & mask2;
        zeta = (zeta ^ mask1 as i64).wrapping_sub(1);
        f = f.wrapping_add(g & mask1);
        u = u.wrapping_add(q & mask1);
        v = v.wrapping_add(r & mask1);
        g >>= 1;
        u <<= 1;
        v <<= 1;
    }
    (zeta, Trans { u: u as i64, v: v as i64, q: q as i64, r: r as i64 })
}

/// `a * b` as a signed 128-bit product.
#[inline(always)]
fn mul(a: i64, b: i64) -> i128 {
    i128::from(a) * i128::from(b)
}

/// `[d, e] = t [d, e] / 2^62 (mod m)`, keeping both in `(-2m, m)`.
#[inline(always)]
fn update_de(d: &mut Signed62, e: &mut Signed62, t: &Trans, mi: &ModInfo) {
    let (u, v, q, r) = (t.u, t.v, t.q, t.r);
    // md, me: multiples of m to add so that the results are divisible by 2^62 and land in range. Start with
    // [u, q] if d < 0 and [v, r] if e < 0.
    let sd = black_box(d[4] >> 63);
    let se = black_box(e[4] >> 63);
    let mut md = (u & sd).wrapping_add(v & se);
    let mut me = (q & sd).wrapping_add(r & se);
    let mut cd = mul(u, d[0]) + mul(v, e[0]);
    let mut ce = mul(q, d[0]) + mul(r, e[0]);
    // Correct md, me so that the low 62 bits of t [d, e] + m [md, me] vanish.
    md = md.wrapping_sub((mi.m_inv62.wrapping_mul(cd as u64).wrapping_add(md as u64) & M62) as i64);
    me = me.wrapping_sub((mi.m_inv62.wrapping_mul(ce as u64).wrapping_add(me as u64) & M62) as i64);
    cd += mul(mi.m[0], md);
    ce += mul(mi.m[0], me);
    debug_assert!(cd as u64 & M62 == 0 && ce as u64 & M62 == 0);
    cd >>= 62;
    ce >>= 62;
    for i in 1..5 {
        cd += mul(u, d[i]) + mul(v, e[i]) + mul(mi.m[i], md);
        ce += mul(q, d[i]) + mul(r, e[i]) + mul(mi.m[i], me);
        d[i - 1] = (cd as u64 & M62) as i64;
        e[i - 1] = (ce as u64 & M62) as i64;
        cd >>= 62;
        ce >>= 62;
    }
    d[4] = cd as i64;
    e[4] = ce as i64;
}

/// `[f, g] = t [f, g] / 2^62` (exact).
#[inline(always)]
fn update_fg(f: &mut Signed62, g: &mut Signed62, t: &Trans) {
    let (u, v, q, r) = (t.u, t.v, t.q, t.r);
    let mut cf = mul(u, f[0]) + mul(v, g[0]);
    let mut cg = mul(q, f[0]) + mul(r, g[0]);
    debug_assert!(cf as u64 & M62 == 0 && cg as u64 & M62 == 0);
    cf >>= 62;
    cg >>= 62;
    for i in 1..5 {
        cf += mul(u, f[i]) + mul(v, g[i]);
        cg += mul(q, f[i]) + mul(r, g[i]);
        f[i - 1] = (cf as u64 & M62) as i64;
        g[i - 1] = (cg as u64 & M62) as i64;
        cf >>= 62;
        cg >>= 62;
    }
    f[4] = cf as i64;
    g[4] = cg as i64;
}

/// `r * sign mod m` in `[0, m)` for `r` in `(-2m, m)` and `sign` = +-1 (its sign bit is what counts).
fn normalize(r: &mut Signed62, sign: i64, mi: &ModInfo) {
    // Add m if negative: (-m, m). Then negate if requested. (The barriers keep the compiler from turning these
    // sign masks into branches, which it did for the first one.)
    let add = black_box(r[4] >> 63);
    for (x, m) in r.iter_mut().zip(&mi.m) {
        *x += m & add;
    }
    let neg = black_box(sign >> 63);
    for x in r.iter_mut() {
        *x = (*x ^ neg).wrapping_sub(neg);
    }
    carry62(r);
    // Still negative: add m once more, into [0, m).
    let add = black_box(r[4] >> 63);
    for (x, m) in r.iter_mut().zip(&mi.m) {
        *x += m & add;
    }
    carry62(r);
}

/// Brings limbs 0..4 into `[0, 2^62)` by propagating their (signed) overflow upwards.
fn carry62(r: &mut Signed62) {
    for i in 0..4 {
        r[i + 1] += r[i] >> 62;
        r[i] &= M62 as i64;
    }
}

/// `x^-1 mod m` for `x < m` (zero maps to zero), constant-time.
pub(super) fn invert(x: &Limbs, mi: &ModInfo) -> Limbs {
    let mut d: Signed62 = [0; 5];
    let mut e: Signed62 = [1, 0, 0, 0, 0];
    let mut f = mi.m;
    let mut g = to_signed62(x);
    // zeta = -(delta + 1/2), delta starting at 1/2.
    let mut zeta = -1i64;
    for _ in 0..10 {
        let (z, t) = divsteps_59(zeta, f[0] as u64, g[0] as u64);
        zeta = z;
        update_de(&mut d, &mut e, &t, mi);
        update_fg(&mut f, &mut g, &t);
    }
    // g is now 0 and f = +-gcd = +-1 (for x != 0); d = +-x^-1.
    normalize(&mut d, f[4], mi);
    let out = from_signed62(&d);
    zeroize::Zeroize::zeroize(&mut d);
    zeroize::Zeroize::zeroize(&mut e);
    zeroize::Zeroize::zeroize(&mut f);
    zeroize::Zeroize::zeroize(&mut g);
    out
}
