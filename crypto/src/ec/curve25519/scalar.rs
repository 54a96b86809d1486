//! Integers modulo the group order L = 2^252 + 27742317777372353535851937790883648493: four 64-bit limbs,
//! Montgomery multiplication (R = 2^256), constant-time; plus the recodings the scalar multiplications use.

use zeroize::Zeroize;

/// L, little-endian 64-bit words.
pub(super) const L: [u64; 4] = [0x5812_631a_5cf5_d3ed, 0x14de_f9de_a2f7_9cd6, 0, 0x1000_0000_0000_0000];
/// `-L^-1 mod 2^64`.
const LINV: u64 = {
    // Newton iteration for L^-1 mod 2^64 (each step doubles the correct bits; L is odd).
    let mut x: u64 = 1;
    let mut i = 0;
    while i < 6 {
        x = x.wrapping_mul(2u64.wrapping_sub(L[0].wrapping_mul(x)));
        i += 1;
    }
    x.wrapping_neg()
};
/// `2^512 mod L`.
const R2: [u64; 4] = pow2_mod_l(512);
/// `2^768 mod L`.
const R3: [u64; 4] = pow2_mod_l(768);

/// `2^k mod L` by doubling (compile time only).
const fn pow2_mod_l(k: u32) -> [u64; 4] {
    let mut x = [1u64, 0, 0, 0];
    let mut i = 0;
    while i < k {
        let top = x[3] >> 63;
        x = [x[0] << 1, (x[1] << 1) | (x[0] >> 63), (x[2] << 1) | (x[1] >> 63), (x[3] << 1) | (x[2] >> 63)];
        x = sub_l_if_ge(x, top);
        i += 1;
    }
    x
}

/// `x + 2^256 * top - L` if that is non-negative, else `x` (constant-time). Requires `x + 2^256 top < 2L`.
const fn sub_l_if_ge(x: [u64; 4], top: u64) -> [u64; 4] {
    let mut d = [0u64; 4];
    let mut borrow = 0u64;
    let mut i = 0;
    while i < 4 {
        let t = (x[i] as u128).wrapping_sub(L[i] as u128 + borrow as u128);
        d[i] = t as u64;
        borrow = (t >> 127) as u64;
        i += 1;
    }
    // Keep x iff the subtraction borrowed beyond the top word.
    let keep = 0u64.wrapping_sub(borrow & (top ^ 1));
    [
        (x[0] & keep) | (d[0] & !keep),
        (x[1] & keep) | (d[1] & !keep),
        (x[2] & keep) | (d[2] & !keep),
        (x[3] & keep) | (d[3] & !keep),
    ]
}

/// Montgomery product `a * b * 2^-256 mod L` for `a < 2^256`, `b < L`; the result is `< L`.
const fn mont_mul(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let mut t = [0u64; 6];
    let mut i = 0;
    while i < 4 {
        let mut c = 0u64;
        let mut j = 0;
        while j < 4 {
            let s = t[j] as u128 + (a[j] as u128) * (b[i] as u128) + c as u128;
            t[j] = s as u64;
            c = (s >> 64) as u64;
            j += 1;
        }
        let s = t[4] as u128 + c as u128;
        t[4] = s as u64;
        t[5] = (s >> 64) as u64;
        let m = t[0].wrapping_mul(LINV);
        let s = t[0] as u128 + (m as u128) * (L[0] as u128);
        let mut c = (s >> 64) as u64;
        let mut j = 1;
        while j < 4 {
            let s = t[j] as u128 + (m as u128) * (L[j] as u128) + c as u128;
            t[j - 1] = s as u64;
            c = (s >> 64) as u64;
            j += 1;
        }
        let s = t[4] as u128 + c as u128;
        t[3] = s as u64;
        t[4] = t[5] + (s >> 64) as u64;
        i += 1;
    }
    // t < 2L.
    sub_l_if_ge([t[0], t[1], t[2], t[3]], t[4])
}

fn load_le(b: &[u8]) -> [u64; 4] {
    let mut w = [0u64; 4];
    for (x, c) in w.iter_mut().zip(b.chunks_exact(8)) {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        *x = u64::from_le_bytes(a);
    }
    w
}

/// An integer modulo L, fully reduced (`< L`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Scalar(pub(super) [u64; 4]);

impl Zeroize for Scalar {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Scalar {
    /// Decodes a canonical little-endian scalar: `None` unless `< L` (RFC 8032's check of S).
    pub(super) fn from_canonical_bytes(b: &[u8; 32]) -> Option<Scalar> {
        let x = load_le(b);
        let r = sub_l_if_ge(x, 0);
        // x < L iff the subtraction was not taken.
        let unchanged = (r[0] ^ x[0]) | (r[1] ^ x[1]) | (r[2] ^ x[2]) | (r[3] ^ x[3]);
        (unchanged == 0).then_some(Scalar(x))
    }

    /// The little-endian integer of `b` reduced modulo L (constant-time).
    pub(super) fn from_bytes_mod_order(b: &[u8; 32]) -> Scalar {
        let mut x = load_le(b);
        let r = Scalar(mont_mul(&mont_mul(&x, &R2), &[1, 0, 0, 0]));
        x.zeroize();
        r
    }

    /// The 512-bit little-endian integer of `b` reduced modulo L (constant-time): `lo * R + hi * R^2` is
    /// `b * R`, then one Montgomery step divides the R out.
    pub(super) fn from_wide(b: &[u8; 64]) -> Scalar {
        let mut lo = load_le(&b[..32]);
        let mut hi = load_le(&b[32..]);
        let x = mont_mul(&lo, &R2);
        let y = mont_mul(&hi, &R3);
        let r = Scalar(mont_mul(&add(&x, &y), &[1, 0, 0, 0]));
        lo.zeroize();
        hi.zeroize();
        r
    }

    /// `a * b + c mod L` (constant-time).
    pub(super) fn mul_add(a: &Scalar, b: &Scalar, c: &Scalar) -> Scalar {
        let ab = mont_mul(&mont_mul(&a.0, &b.0), &R2);
        Scalar(add(&ab, &c.0))
    }

    /// Little-endian encoding.
    pub(super) fn to_bytes(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (o, x) in out.chunks_exact_mut(8).zip(self.0) {
            o.copy_from_slice(&x.to_le_bytes());
        }
        out
    }

    /// 64 signed radix-16 digits `e[i]` in `[-8, 8]` with `sum(e[i] 16^i) = self` (constant-time; ref10).
    pub(super) fn to_radix16(self) -> [i8; 64] {
        let b = self.to_bytes();
        let mut e = [0i8; 64];
        for i in 0..32 {
            e[2 * i] = (b[i] & 15) as i8;
            e[2 * i + 1] = ((b[i] >> 4) & 15) as i8;
        }
        // self < 2^253, so the top digit stays small after the carries.
        let mut carry = 0i8;
        for x in e.iter_mut().take(63) {
            *x += carry;
            carry = (*x + 8) >> 4;
            *x -= carry << 4;
        }
        e[63] += carry;
        e
    }

    /// The width-`w` non-adjacent form (`2 <= w <= 8`): digits odd or zero, `|d| < 2^(w-1)`, any `w`
    /// consecutive digits hold at most one non-zero. Variable-time: public scalars only.
    pub(super) fn naf_vartime(&self, w: usize) -> [i8; 256] {
        let mut x = [0u64; 5];
        x[..4].copy_from_slice(&self.0);
        let width = 1u64 << w;
        let mask = width - 1;
        let mut naf = [0i8; 256];
        let mut pos = 0;
        let mut carry = 0u64;
        while pos < 256 {
            let (i, b) = (pos / 64, pos % 64);
            let buf = if b < 64 - w { x[i] >> b } else { (x[i] >> b) | (x[i + 1] << (64 - b)) };
            let window = carry + (buf & mask);
            if window & 1 == 0 {
                pos += 1;
                continue;
            }
            if window < width / 2 {
                carry = 0;
                naf[pos] = window as i8;
            } else {
                carry = 1;
                naf[pos] = (window as i64 - width as i64) as i8;
            }
            pos += w;
        }
        naf
    }
}

/// `a + b mod L` for `a, b < L` (constant-time).
fn add(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let mut s = [0u64; 4];
    let mut carry = 0u128;
    for i in 0..4 {
        let t = u128::from(a[i]) + u128::from(b[i]) + carry;
        s[i] = t as u64;
        carry = t >> 64;
    }
    sub_l_if_ge(s, carry as u64)
}
