//! Points in Jacobian coordinates (X:Y:Z), x = X/Z^2, y = Y/Z^3, used for DOUBLING (3M + 5S, "dbl-2001-b" of
//! the Explicit-Formulas Database, a = -3), much cheaper than the complete projective doubling.
//!
//! Jacobian doubling fails only for points of order 2 (y = 0), which prime-order curves do not have, and maps
//! the identity (Z = 0, Y != 0) to the identity, so constant-time callers double here and convert to
//! projective coordinates for the complete additions. The additions below ([`JacobianPoint::add_vartime`],
//! [`JacobianPoint::add_affine_vartime`]) branch on their inputs: PUBLIC data only (verification).

use super::limbs::mask;
use super::point::{AffinePoint, ProjectivePoint};
use super::{Curve, FieldElement};

/// A point in Jacobian coordinates; the identity has Z = 0 and Y != 0.
pub(crate) struct JacobianPoint<C: Curve> {
    /// X.
    pub(crate) x: C::F,
    /// Y.
    pub(crate) y: C::F,
    /// Z.
    pub(crate) z: C::F,
}

impl<C: Curve> Clone for JacobianPoint<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: Curve> Copy for JacobianPoint<C> {}

impl<C: Curve> JacobianPoint<C> {
    /// The identity.
    pub(crate) const IDENTITY: Self = JacobianPoint { x: C::F::ONE, y: C::F::ONE, z: C::F::ZERO };

    /// From homogeneous (X:Y:Z) to Jacobian (XZ : YZ^2 : Z), constant-time. The projective identity (0:Y:0)
    /// would become (0:0:0), which doubling cannot recover from: its Y is set to 1 instead.
    #[inline(always)]
    pub(crate) fn from_projective(p: &ProjectivePoint<C>) -> Self {
        let y = p.y * p.z.square();
        let y = C::F::select(&y, &C::F::ONE, mask(p.z.is_zero()));
        JacobianPoint { x: p.x * p.z, y, z: p.z }
    }

    /// From Jacobian (X:Y:Z) to homogeneous (XZ : Y : Z^3), constant-time; the identity maps to (0 : Y : 0).
    #[inline(always)]
    pub(crate) fn to_projective(self) -> ProjectivePoint<C> {
        let zz = self.z.square();
        ProjectivePoint { x: self.x * self.z, y: self.y, z: zz * self.z }
    }

    /// 1 if this is the identity, else 0.
    pub(crate) fn is_identity(&self) -> u64 {
        self.z.is_zero()
    }

    /// `2 * self` (dbl-2001-b, a = -3), constant-time and exception-free on prime-order curves.
    #[inline(always)]
    pub(crate) fn double(&self) -> Self {
        let (x, y, z) = C::F::jacobian_double(&self.x, &self.y, &self.z);
        JacobianPoint { x, y, z }
    }

    /// `a` where `m` is zero, `b` where `m` is all-ones.
    #[inline(always)]
    pub(crate) fn select(a: &Self, b: &Self, m: u64) -> Self {
        JacobianPoint { x: C::F::select(&a.x, &b.x, m), y: C::F::select(&a.y, &b.y, m), z: C::F::select(&a.z, &b.z, m) }
    }

    /// `self + other` ("add-2007-bl", 11M + 5S) without branches, correct only in the GENERIC case: neither
    /// point is the identity and `self != +-other`. Constant-time; the callers in `mul.rs` rule the special
    /// cases out (or select around them) for every input.
    #[inline(always)]
    pub(crate) fn add_generic(&self, other: &Self) -> Self {
        self.add_finish(other, &self.add_start(other))
    }

    /// The first half of "add-2007-bl": `[U1, S1, H, R, Z1Z1, Z2Z2]`; `H = 0` exactly when the points have the
    /// same x (equal or opposite), then `R = 0` exactly when they are equal.
    #[inline(always)]
    fn add_start(&self, other: &Self) -> [C::F; 6] {
        let z1z1 = self.z.square();
        let z2z2 = other.z.square();
        let u1 = self.x * z2z2;
        let u2 = other.x * z1z1;
        let s1 = self.y * other.z * z2z2;
        let s2 = other.y * self.z * z1z1;
        [u1, s1, u2 - u1, (s2 - s1).double(), z1z1, z2z2]
    }

    /// The second half of "add-2007-bl" from [`JacobianPoint::add_start`]'s values.
    #[inline(always)]
    fn add_finish(&self, other: &Self, [u1, s1, h, r, z1z1, z2z2]: &[C::F; 6]) -> Self {
        let i = h.double().square();
        let j = *h * i;
        let v = *u1 * i;
        let x3 = r.square() - j - v.double();
        let y3 = *r * (v - x3) - (*s1 * j).double();
        let z3 = ((self.z + other.z).square() - *z1z1 - *z2z2) * *h;
        JacobianPoint { x: x3, y: y3, z: z3 }
    }

    /// `self + a` for an affine `a` ("madd-2007-bl", 7M + 4S) without branches, correct only in the GENERIC
    /// case: `self` is not the identity and `self != +-a`. Constant-time (see [`JacobianPoint::add_generic`]).
    #[inline(always)]
    pub(crate) fn add_affine_generic(&self, a: &AffinePoint<C>) -> Self {
        self.add_affine_finish(&self.add_affine_start(a))
    }

    /// The first half of "madd-2007-bl": `[H, R, Z1Z1]` (`H`, `R` as in [`JacobianPoint::add_start`]).
    #[inline(always)]
    fn add_affine_start(&self, a: &AffinePoint<C>) -> [C::F; 3] {
        let z1z1 = self.z.square();
        let u2 = a.x * z1z1;
        let s2 = a.y * self.z * z1z1;
        [u2 - self.x, (s2 - self.y).double(), z1z1]
    }

    /// The second half of "madd-2007-bl" from [`JacobianPoint::add_affine_start`]'s values.
    #[inline(always)]
    fn add_affine_finish(&self, [h, r, z1z1]: &[C::F; 3]) -> Self {
        let hh = h.square();
        let i = hh.double().double();
        let j = *h * i;
        let v = self.x * i;
        let x3 = r.square() - j - v.double();
        let y3 = *r * (v - x3) - (self.y * j).double();
        let z3 = (self.z + *h).square() - *z1z1 - hh;
        JacobianPoint { x: x3, y: y3, z: z3 }
    }

    /// `-self`.
    pub(crate) fn neg(&self) -> Self {
        JacobianPoint { x: self.x, y: -self.y, z: self.z }
    }

    /// `self + other` ("add-2007-bl"), branching on the special cases. Variable-time: public data only.
    pub(crate) fn add_vartime(&self, other: &Self) -> Self {
        if self.is_identity() == 1 {
            return *other;
        }
        if other.is_identity() == 1 {
            return *self;
        }
        let start = self.add_start(other);
        if start[2].is_zero() == 1 {
            return if start[3].is_zero() == 1 { self.double() } else { Self::IDENTITY };
        }
        self.add_finish(other, &start)
    }

    /// `self + a` for an affine `a` ("madd-2007-bl"), branching on the special cases. Variable-time: public
    /// data only.
    pub(crate) fn add_affine_vartime(&self, a: &AffinePoint<C>) -> Self {
        if self.is_identity() == 1 {
            return JacobianPoint { x: a.x, y: a.y, z: C::F::ONE };
        }
        let start = self.add_affine_start(a);
        if start[0].is_zero() == 1 {
            return if start[1].is_zero() == 1 { self.double() } else { Self::IDENTITY };
        }
        self.add_affine_finish(&start)
    }
}
