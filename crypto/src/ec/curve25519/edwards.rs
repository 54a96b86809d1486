//! Points of the twisted Edwards curve `-x^2 + y^2 = 1 + d x^2 y^2` (edwards25519) in the coordinate systems
//! of ref10: extended `(X:Y:Z:T)` with `T = XY/Z` ([`P3`]), projective ([`P2`]), "completed" results of
//! additions and doublings ([`P1P1`]), and the cached forms added in ([`Cached`], affine [`Niels`]). The
//! formulas (Hisil-Wong-Carter-Dawson 2008, a = -1) are complete on this curve: no exceptional cases.

use super::field::{self, Field};

/// A point in extended coordinates.
#[derive(Clone, Copy, Debug)]
pub(super) struct P3<F> {
    pub(super) x: F,
    pub(super) y: F,
    pub(super) z: F,
    pub(super) t: F,
}

/// A point in projective coordinates `(X:Y:Z)`.
#[derive(Clone, Copy, Debug)]
pub(super) struct P2<F> {
    pub(super) x: F,
    pub(super) y: F,
    pub(super) z: F,
}

/// A completed point `((X:Z), (Y:T))`.
#[derive(Clone, Copy, Debug)]
pub(super) struct P1P1<F> {
    x: F,
    y: F,
    z: F,
    t: F,
}

/// `(Y + X, Y - X, Z, 2dT)`, ready to be added.
#[derive(Clone, Copy, Debug)]
pub(super) struct Cached<F> {
    yplusx: F,
    yminusx: F,
    z: F,
    t2d: F,
}

/// An affine point as `(y + x, y - x, 2dxy)`, ready to be added.
#[derive(Clone, Copy, Debug)]
pub(super) struct Niels<F> {
    pub(super) yplusx: F,
    pub(super) yminusx: F,
    pub(super) xy2d: F,
}

impl<F: Field> P3<F> {
    /// The neutral element (0, 1).
    pub(super) fn identity() -> P3<F> {
        P3 { x: F::ZERO, y: F::ONE, z: F::ONE, t: F::ZERO }
    }

    /// The affine point `(x, y)`.
    pub(super) fn from_affine(x: F, y: F) -> P3<F> {
        P3 { x, y, z: F::ONE, t: x * y }
    }

    /// Drops T.
    pub(super) fn to_p2(self) -> P2<F> {
        P2 { x: self.x, y: self.y, z: self.z }
    }

    /// The cached form.
    pub(super) fn to_cached(self) -> Cached<F> {
        Cached { yplusx: self.y + self.x, yminusx: self.y - self.x, z: self.z, t2d: self.t * F::D2 }
    }

    /// `-self`.
    pub(super) fn neg(&self) -> P3<F> {
        P3 { x: -self.x, y: self.y, z: self.z, t: -self.t }
    }

    /// `self + q`.
    pub(super) fn add_cached(&self, q: &Cached<F>) -> P1P1<F> {
        let a = (self.y + self.x) * q.yplusx;
        let b = (self.y - self.x) * q.yminusx;
        let c = q.t2d * self.t;
        let zz = self.z * q.z;
        let d = zz + zz;
        P1P1 { x: a - b, y: a + b, z: d + c, t: d - c }
    }

    /// `self - q`.
    pub(super) fn sub_cached(&self, q: &Cached<F>) -> P1P1<F> {
        let a = (self.y + self.x) * q.yminusx;
        let b = (self.y - self.x) * q.yplusx;
        let c = q.t2d * self.t;
        let zz = self.z * q.z;
        let d = zz + zz;
        P1P1 { x: a - b, y: a + b, z: d - c, t: d + c }
    }

    /// `self + q` for an affine `q`.
    pub(super) fn add_niels(&self, q: &Niels<F>) -> P1P1<F> {
        let a = (self.y + self.x) * q.yplusx;
        let b = (self.y - self.x) * q.yminusx;
        let c = q.xy2d * self.t;
        let d = self.z + self.z;
        P1P1 { x: a - b, y: a + b, z: d + c, t: d - c }
    }

    /// `self - q` for an affine `q`.
    pub(super) fn sub_niels(&self, q: &Niels<F>) -> P1P1<F> {
        let a = (self.y + self.x) * q.yminusx;
        let b = (self.y - self.x) * q.yplusx;
        let c = q.xy2d * self.t;
        let d = self.z + self.z;
        P1P1 { x: a - b, y: a + b, z: d - c, t: d + c }
    }

    /// `2 * self`.
    pub(super) fn double(&self) -> P1P1<F> {
        self.to_p2().double()
    }

    /// The affine point as `(x, y)` (one inversion).
    pub(super) fn to_affine(self) -> (F, F) {
        let zi = field::invert(&self.z);
        (self.x * zi, self.y * zi)
    }

    /// The RFC 8032 encoding: y, with the parity of x in bit 255.
    pub(super) fn encode(&self) -> [u8; 32] {
        self.to_p2().encode()
    }

    /// 1 if this is the neutral element, else 0.
    pub(super) fn is_identity(&self) -> u64 {
        field::is_zero(&self.x) & field::ct_eq(&self.y, &self.z)
    }

    /// RFC 8032 5.1.3 decoding with the strict rules of FIPS 186-5 / RFC 8032: `(point, 1)` if `b` encodes a
    /// point with canonical `y < p`, not `x = 0` with the sign bit set; else `(garbage, 0)`. Constant-time.
    pub(super) fn decode(b: &[u8; 32]) -> (P3<F>, u64) {
        let sign = u64::from(b[31] >> 7);
        let y = F::from_bytes(b);
        let yy = y.square();
        let u = yy - F::ONE;
        let v = yy * F::D + F::ONE;
        let (mut x, on_curve) = field::sqrt_ratio(&u, &v);
        let x_zero = field::is_zero(&x);
        let ok = on_curve & field::is_canonical(b) & (1 ^ (x_zero & sign));
        let flip = field::is_negative(&x) ^ sign;
        let nx = -x;
        x.cmov(&nx, flip);
        (P3::from_affine(x, y), ok)
    }
}

impl<F: Field> P2<F> {
    /// `2 * self`.
    pub(super) fn double(&self) -> P1P1<F> {
        let xx = self.x.square();
        let yy = self.y.square();
        let zz = self.z.square();
        let b = zz + zz;
        let aa = (self.x + self.y).square();
        let y = yy + xx;
        let z = yy - xx;
        P1P1 { x: aa - y, y, z, t: b - z }
    }

    /// The RFC 8032 encoding.
    pub(super) fn encode(&self) -> [u8; 32] {
        let zi = field::invert(&self.z);
        let x = self.x * zi;
        let y = self.y * zi;
        let mut s = y.to_bytes();
        s[31] ^= (field::is_negative(&x) as u8) << 7;
        s
    }
}

impl<F: Field> P1P1<F> {
    /// To extended coordinates (4 multiplications).
    #[inline(always)]
    pub(super) fn to_p3(self) -> P3<F> {
        P3 { x: self.x * self.t, y: self.y * self.z, z: self.z * self.t, t: self.x * self.y }
    }

    /// To projective coordinates (3 multiplications).
    #[inline(always)]
    pub(super) fn to_p2(self) -> P2<F> {
        P2 { x: self.x * self.t, y: self.y * self.z, z: self.z * self.t }
    }
}

impl<F: Field> Niels<F> {
    /// The neutral element.
    pub(super) fn identity() -> Niels<F> {
        Niels { yplusx: F::ONE, yminusx: F::ONE, xy2d: F::ZERO }
    }

    /// The affine point `(x, y)`.
    pub(super) fn from_affine(x: F, y: F) -> Niels<F> {
        Niels { yplusx: y + x, yminusx: y - x, xy2d: x * y * F::D2 }
    }

    /// Replaces `self` by `other` when `choice` is 1 (constant-time).
    #[inline(always)]
    pub(super) fn cmov(&mut self, other: &Niels<F>, choice: u64) {
        self.yplusx.cmov(&other.yplusx, choice);
        self.yminusx.cmov(&other.yminusx, choice);
        self.xy2d.cmov(&other.xy2d, choice);
    }

    /// Negates `self` when `choice` is 1 (constant-time).
    #[inline(always)]
    pub(super) fn cneg(&mut self, choice: u64) {
        F::cswap(&mut self.yplusx, &mut self.yminusx, choice);
        let n = -self.xy2d;
        self.xy2d.cmov(&n, choice);
    }
}
