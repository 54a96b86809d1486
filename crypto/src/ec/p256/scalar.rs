//! Integers modulo the P-256 group order n, constant-time.
//!
//! Scalars are stored canonically (not in Montgomery form) because scalar multiplication reads their bits;
//! products go through Montgomery multiplication and a correction by `R^2`.

use zeroize::Zeroize;

use super::super::common::nonce::NonceScalar;
use super::limbs::{self, Limbs, Modulus};
use super::safegcd::{self, ModInfo};

/// The group order n and its Montgomery constants.
pub(super) const N: Modulus =
    Modulus::new([0xf3b9_cac2_fc63_2551, 0xbce6_faad_a717_9e84, 0xffff_ffff_ffff_ffff, 0xffff_ffff_0000_0000]);

/// n's constants for [`safegcd::invert`].
const N_INV: ModInfo = ModInfo::new(&N);

/// An integer modulo n, fully reduced (`< n`).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Scalar(pub(super) Limbs);

impl Zeroize for Scalar {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Scalar {
    /// Zero.
    #[cfg(test)]
    pub(super) const ZERO: Scalar = Scalar([0; 4]);
    /// One.
    pub(super) const ONE: Scalar = Scalar([1, 0, 0, 0]);

    /// Decodes 32 big-endian bytes; the second value is 1 if the integer is `< n` (else the scalar is garbage).
    pub(super) fn from_bytes(b: &[u8; 32]) -> (Scalar, u64) {
        let x = limbs::from_be_bytes(b);
        (Scalar(x), limbs::lt(&x, &N.m))
    }

    /// Decodes 32 big-endian bytes and reduces modulo n (any 256-bit value is `< 2n`).
    pub(super) fn from_bytes_reduced(b: &[u8; 32]) -> Scalar {
        Scalar(limbs::reduce_once(&limbs::from_be_bytes(b), 0, &N.m))
    }

    /// FIPS 186-5 / SEC 1 `bits2int(hash) mod n`: the leftmost 256 bits of `hash` as an integer (shorter hashes
    /// are taken whole), reduced modulo n.
    pub(super) fn from_hash(hash: &[u8]) -> Scalar {
        let mut b = [0u8; 32];
        let take = hash.len().min(32);
        b[32 - take..].copy_from_slice(&hash[..take]);
        Scalar::from_bytes_reduced(&b)
    }

    /// Encodes as 32 big-endian bytes.
    pub(super) fn to_bytes(self) -> [u8; 32] {
        limbs::to_be_bytes(&self.0)
    }

    /// 1 if zero, else 0.
    pub(super) fn is_zero(&self) -> u64 {
        limbs::is_zero(&self.0)
    }

    /// `self + rhs mod n`.
    pub(super) fn add(&self, rhs: &Scalar) -> Scalar {
        Scalar(limbs::add_mod(&self.0, &rhs.0, &N.m))
    }

    /// `self - rhs mod n`.
    #[cfg(test)]
    pub(super) fn sub(&self, rhs: &Scalar) -> Scalar {
        Scalar(limbs::sub_mod(&self.0, &rhs.0, &N.m))
    }

    /// `-self mod n`.
    #[cfg(test)]
    pub(super) fn neg(&self) -> Scalar {
        Scalar::ZERO.sub(self)
    }

    /// `self * rhs mod n`.
    pub(super) fn mul(&self, rhs: &Scalar) -> Scalar {
        // (a * b / R) * R^2 / R = a * b.
        let t = mont_mul(&self.0, &rhs.0);
        Scalar(mont_mul(&t, &N.r2))
    }

    /// `self^-1 mod n` (zero maps to zero), constant-time (safegcd, [`super::safegcd`]).
    pub(super) fn invert(&self) -> Scalar {
        Scalar(safegcd::invert(&self.0, &N_INV))
    }

    /// `self^-1 mod n` by Fermat (`self^(n-2)`, fixed 4-bit windows over the public exponent): the reference the
    /// tests hold [`Scalar::invert`] to.
    #[cfg(test)]
    pub(super) fn invert_fermat(&self) -> Scalar {
        let one_m = N.r;
        let xm = mont_mul(&self.0, &N.r2);
        // table[i] = x^i (Montgomery form), i = 0..16
        let mut table = [one_m; 16];
        for i in 1..16 {
            table[i] = mont_mul(&table[i - 1], &xm);
        }
        let (e, _) = limbs::sub(&N.m, &[2, 0, 0, 0]);
        let mut r = one_m;
        for i in (0..64).rev() {
            for _ in 0..4 {
                r = mont_mul(&r, &r);
            }
            let digit = ((e[i / 16] >> ((i % 16) * 4)) & 0xf) as usize;
            if digit != 0 {
                r = mont_mul(&r, &table[digit]);
            }
        }
        table.zeroize();
        Scalar(mont_mul(&r, &[1, 0, 0, 0]))
    }

    /// Bit `i` (0 = least significant).
    #[inline(always)]
    pub(super) fn bit(&self, i: usize) -> u64 {
        (self.0[i / 64] >> (i % 64)) & 1
    }
}

/// The RFC 6979 nonce generator shared by all curves (`ec::common::nonce`) reads P-256 scalars through this.
impl NonceScalar for Scalar {
    type Bytes = [u8; 32];
    const BITS: usize = 256;
    fn from_bytes(b: &[u8; 32]) -> (Scalar, u64) {
        Scalar::from_bytes(b)
    }
    fn from_bytes_reduced(b: &[u8; 32]) -> Scalar {
        Scalar::from_bytes_reduced(b)
    }
    fn to_bytes(&self) -> [u8; 32] {
        Scalar::to_bytes(*self)
    }
    fn is_zero(&self) -> u64 {
        Scalar::is_zero(self)
    }
}

/// n and `-n^-1 mod 2^64`, as the assembly backend reads them.
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
const N_ASM: [u64; 5] = [N.m[0], N.m[1], N.m[2], N.m[3], N.m0inv];

/// Montgomery multiplication modulo n: `a * b * 2^-256 mod n`.
#[inline(always)]
fn mont_mul(a: &Limbs, b: &Limbs) -> Limbs {
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    if let Some(adx) = super::x86_adx::adx() {
        return adx.mont_mul_generic(a, b, &N_ASM);
    }
    mont_mul_portable(a, b)
}

/// Montgomery multiplication modulo n with the portable arithmetic.
#[inline(always)]
pub(super) fn mont_mul_portable(a: &Limbs, b: &Limbs) -> Limbs {
    limbs::mont_reduce_wide(&limbs::mul_wide(a, b), &N)
}
