//! Points in Jacobian coordinates (X:Y:Z), x = X/Z^2, y = Y/Z^3, where doubling and addition are much cheaper
//! than with the complete projective formulas of [`super::point`] (4M + 4S per doubling, 12M + 4S per addition,
//! 8M + 3S per mixed addition, against 8M + 3S + 2 multiplications by b and 12M + 2 multiplications by b).
//!
//! * Doubling has no exceptional case on P-256: it fails only for points of order 2 (y = 0), which a
//!   prime-order curve does not have, and it maps any identity (Z = 0) to an identity.
//! * The constant-time additions ([`JacobianPoint::add_ct_distinct`],
//!   [`JacobianPoint::add_affine_ct_distinct`]) handle identity inputs by selection and give an identity for
//!   opposite points, but NOT the double for equal points: their callers (the scalar multiplications of
//!   [`super::mul`]) prove that case cannot occur where they use them and finish with the complete formulas
//!   where it can. The tests exercise every case.
//! * The variable-time additions ([`JacobianPoint::add_vartime`], [`JacobianPoint::add_affine_vartime`])
//!   branch on the special cases, so they serve PUBLIC data only (verification).
//!
//! An identity is any point with Z = 0.

use super::field::Fe;
use super::limbs::mask;
use super::point::{AffinePoint, ProjectivePoint};

/// A point in Jacobian coordinates; Z = 0 for the identity.
#[derive(Clone, Copy, Debug)]
pub(super) struct JacobianPoint {
    /// X.
    pub(super) x: Fe,
    /// Y.
    pub(super) y: Fe,
    /// Z.
    pub(super) z: Fe,
}

impl JacobianPoint {
    /// The identity.
    pub(super) const IDENTITY: JacobianPoint = JacobianPoint { x: Fe::ONE, y: Fe::ONE, z: Fe::ZERO };

    /// From homogeneous (X:Y:Z) to Jacobian (XZ : YZ^2 : Z), constant-time. The projective identity (0:Y:0)
    /// would become (0:0:0), which doubling cannot recover from: its Y is set to 1 instead.
    #[inline(always)]
    pub(super) fn from_projective(p: &ProjectivePoint) -> JacobianPoint {
        let zz = p.z.square();
        let y = p.y * zz;
        let y = Fe::select(&y, &Fe::ONE, mask(p.z.is_zero()));
        JacobianPoint { x: p.x * p.z, y, z: p.z }
    }

    /// From Jacobian (X:Y:Z) to homogeneous (XZ : Y : Z^3), constant-time. Any identity (Z = 0, whatever Y)
    /// maps to the projective identity (0 : Y : 0) with Y != 0 (Y = 1 if it was zero).
    #[inline(always)]
    pub(super) fn to_projective(self) -> ProjectivePoint {
        let zz = self.z.square();
        let y = Fe::select(&self.y, &Fe::ONE, mask(self.z.is_zero() & self.y.is_zero()));
        ProjectivePoint { x: self.x * self.z, y, z: zz * self.z }
    }

    /// `a` where `m` is zero, `b` where `m` is all-ones.
    #[inline(always)]
    pub(super) fn select(a: &JacobianPoint, b: &JacobianPoint, m: u64) -> JacobianPoint {
        JacobianPoint { x: Fe::select(&a.x, &b.x, m), y: Fe::select(&a.y, &b.y, m), z: Fe::select(&a.z, &b.z, m) }
    }

    /// The sum of two finite points that are neither equal nor opposite (then `H != 0`), and for opposite
    /// points an identity (`Z3 = 0`): "add-1998-cmo-2" (12M + 4S, 7 additions; fewer additions than
    /// "add-2007-bl"'s 11M + 5S and 13, which pays here). Equal points give garbage. Also returns `S1`.
    #[inline(always)]
    fn add_generic(&self, other: &JacobianPoint) -> JacobianPoint {
        let z1z1 = self.z.square();
        let z2z2 = other.z.square();
        let u1 = self.x * z2z2;
        let u2 = other.x * z1z1;
        let s1 = self.y * other.z * z2z2;
        let s2 = other.y * self.z * z1z1;
        let h = u2 - u1;
        let r = s2 - s1;
        let hh = h.square();
        let hhh = h * hh;
        let v = u1 * hh;
        let x3 = r.square() - hhh - v.double();
        let y3 = r * (v - x3) - s1 * hhh;
        let z3 = self.z * other.z * h;
        JacobianPoint { x: x3, y: y3, z: z3 }
    }

    /// `self + a` for a finite affine `a` (Z2 = 1), same cases as [`JacobianPoint::add_generic`]: 8M + 3S and
    /// 7 additions ("madd-2004-hmv" ordering).
    #[inline(always)]
    fn add_affine_generic(&self, a: &AffinePoint) -> JacobianPoint {
        let z1z1 = self.z.square();
        let u2 = a.x * z1z1;
        let s2 = a.y * self.z * z1z1;
        let h = u2 - self.x;
        let r = s2 - self.y;
        let hh = h.square();
        let hhh = h * hh;
        let v = self.x * hh;
        let x3 = r.square() - hhh - v.double();
        let y3 = r * (v - x3) - self.y * hhh;
        let z3 = self.z * h;
        JacobianPoint { x: x3, y: y3, z: z3 }
    }

    /// `self + other` in constant time, for inputs that are NOT THE SAME FINITE POINT.
    ///
    /// Every other case is handled: an identity input (any point with Z = 0) gives the other input (constant-time
    /// selection), opposite points give an identity (Z3 = Z1 Z2 H = 0). Equal finite points would give the
    /// identity instead of the double: callers prove that case impossible (see [`super::mul::mul_ct`]); the
    /// tests check every case.
    #[inline(always)]
    pub(super) fn add_ct_distinct(&self, other: &JacobianPoint) -> JacobianPoint {
        let sum = self.add_generic(other);
        let sum = JacobianPoint::select(&sum, other, mask(self.z.is_zero()));
        JacobianPoint::select(&sum, self, mask(other.z.is_zero()))
    }

    /// `self + a` in constant time for a finite affine `a`, unless `skip` is 1: then `self` (a stands for the
    /// identity; its coordinates are ignored). `self` must NOT BE `a` itself: an identity `self` gives `a`,
    /// `self = -a` gives an identity, `self = a` would give an identity instead of the double, which callers
    /// prove impossible (see [`super::mul::mul_base`]); the tests check every case.
    #[inline(always)]
    pub(super) fn add_affine_ct_distinct(&self, a: &AffinePoint, skip: u64) -> JacobianPoint {
        let sum = self.add_affine_generic(a);
        let sum = JacobianPoint::select(&sum, &JacobianPoint { x: a.x, y: a.y, z: Fe::ONE }, mask(self.z.is_zero()));
        JacobianPoint::select(&sum, self, mask(skip))
    }

    /// 1 if this is the identity, else 0.
    pub(super) fn is_identity(&self) -> u64 {
        self.z.is_zero()
    }

    /// `2 * self` (a = -3), constant-time and exception-free on P-256 (see the module docs): "dbl-2001-b"
    /// (3M + 5S) rewritten around `2Y` to save additions: with `Y' = 2Y`, `gamma' = Y'^2 = 4 gamma`,
    /// `beta' = X gamma' = 4 beta`, `Z3 = Y' Z` and `8 gamma^2 = gamma'^2 / 2`: 4M + 4S and 10 additions,
    /// subtractions or halvings instead of 16 (additions cost about a fifth of a multiplication here).
    #[inline(always)]
    pub(super) fn double(&self) -> JacobianPoint {
        let delta = self.z.square();
        let y2 = self.y.double();
        let gamma4 = y2.square();
        let beta4 = self.x * gamma4;
        let t = (self.x - delta) * (self.x + delta);
        let alpha = t.double() + t;
        let x3 = alpha.square() - beta4.double();
        let z3 = y2 * self.z;
        let y3 = alpha * (beta4 - x3) - gamma4.square().half();
        JacobianPoint { x: x3, y: y3, z: z3 }
    }

    /// `-self`.
    pub(super) fn neg(&self) -> JacobianPoint {
        JacobianPoint { x: self.x, y: -self.y, z: self.z }
    }

    /// `self + other`, branching on the special cases. Variable-time: public data only.
    pub(super) fn add_vartime(&self, other: &JacobianPoint) -> JacobianPoint {
        if self.is_identity() == 1 {
            return *other;
        }
        if other.is_identity() == 1 {
            return *self;
        }
        let sum = self.add_generic(other);
        if sum.z.is_zero() == 1 {
            // H = 0: equal x, so the points are equal (same y) or opposite.
            let equal = (self.y * other.z * other.z.square()).ct_eq(&(other.y * self.z * self.z.square()));
            return if equal == 1 { self.double() } else { JacobianPoint::IDENTITY };
        }
        sum
    }

    /// `self + a` for an affine `a`, branching on the special cases. Variable-time: public data only.
    pub(super) fn add_affine_vartime(&self, a: &AffinePoint) -> JacobianPoint {
        if self.is_identity() == 1 {
            return JacobianPoint { x: a.x, y: a.y, z: Fe::ONE };
        }
        let sum = self.add_affine_generic(a);
        if sum.z.is_zero() == 1 {
            let equal = (a.y * self.z * self.z.square()).ct_eq(&self.y);
            return if equal == 1 { self.double() } else { JacobianPoint::IDENTITY };
        }
        sum
    }
}
