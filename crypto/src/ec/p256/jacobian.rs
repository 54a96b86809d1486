//! Points in Jacobian coordinates (X:Y:Z), x = X/Z^2, y = Y/Z^3, used for DOUBLING, which is much cheaper there
//! (3M + 5S, "dbl-2001-b" of the Explicit-Formulas Database, a = -3) than with the complete projective
//! formulas (8M + 3S + 2 multiplications by b).
//!
//! Doubling in Jacobian coordinates has no exceptional case on P-256: it fails only for points of order 2
//! (y = 0), which a prime-order curve does not have, and it maps the identity (Z = 0, Y != 0) to the identity.
//! Constant-time callers therefore double in Jacobian form and convert back to homogeneous projective
//! coordinates for the complete additions ([`JacobianPoint::from_projective`] /
//! [`JacobianPoint::to_projective`], 1S + 2M each).
//!
//! The additions here ([`JacobianPoint::add_vartime`], [`JacobianPoint::add_affine_vartime`]) branch on their
//! inputs to handle the identity and equal or opposite points, so they serve PUBLIC data only (verification).

use super::field::Fe;
use super::point::{AffinePoint, ProjectivePoint};

/// A point in Jacobian coordinates; the identity has Z = 0 and Y != 0.
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
        let y = Fe::select(&y, &Fe::ONE, super::limbs::mask(p.z.is_zero()));
        JacobianPoint { x: p.x * p.z, y, z: p.z }
    }

    /// From Jacobian (X:Y:Z) to homogeneous (XZ : Y : Z^3), constant-time. The identity (Z = 0, Y != 0) maps to
    /// the projective identity (0 : Y : 0).
    #[inline(always)]
    pub(super) fn to_projective(self) -> ProjectivePoint {
        let zz = self.z.square();
        ProjectivePoint { x: self.x * self.z, y: self.y, z: zz * self.z }
    }

    /// 1 if this is the identity, else 0.
    pub(super) fn is_identity(&self) -> u64 {
        self.z.is_zero()
    }

    /// `2 * self` (dbl-2001-b, a = -3), constant-time and exception-free on P-256 (see the module docs).
    #[inline(always)]
    pub(super) fn double(&self) -> JacobianPoint {
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x * gamma;
        let t = (self.x - delta) * (self.x + delta);
        let alpha = t.double() + t;
        let beta4 = beta.double().double();
        let x3 = alpha.square() - beta4.double();
        let z3 = (self.y + self.z).square() - gamma - delta;
        let gamma2 = gamma.square();
        let y3 = alpha * (beta4 - x3) - gamma2.double().double().double();
        JacobianPoint { x: x3, y: y3, z: z3 }
    }

    /// `-self`.
    pub(super) fn neg(&self) -> JacobianPoint {
        JacobianPoint { x: self.x, y: -self.y, z: self.z }
    }

    /// `self + other` ("add-2007-bl"), branching on the special cases. Variable-time: public data only.
    pub(super) fn add_vartime(&self, other: &JacobianPoint) -> JacobianPoint {
        if self.is_identity() == 1 {
            return *other;
        }
        if other.is_identity() == 1 {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = other.z.square();
        let u1 = self.x * z2z2;
        let u2 = other.x * z1z1;
        let s1 = self.y * other.z * z2z2;
        let s2 = other.y * self.z * z1z1;
        let h = u2 - u1;
        let r = (s2 - s1).double();
        if h.is_zero() == 1 {
            return if r.is_zero() == 1 { self.double() } else { JacobianPoint::IDENTITY };
        }
        let i = h.double().square();
        let j = h * i;
        let v = u1 * i;
        let x3 = r.square() - j - v.double();
        let y3 = r * (v - x3) - (s1 * j).double();
        let z3 = ((self.z + other.z).square() - z1z1 - z2z2) * h;
        JacobianPoint { x: x3, y: y3, z: z3 }
    }

    /// `self + a` for an affine `a` ("madd-2007-bl"), branching on the special cases. Variable-time: public data
    /// only.
    pub(super) fn add_affine_vartime(&self, a: &AffinePoint) -> JacobianPoint {
        if self.is_identity() == 1 {
            return JacobianPoint { x: a.x, y: a.y, z: Fe::ONE };
        }
        let z1z1 = self.z.square();
        let u2 = a.x * z1z1;
        let s2 = a.y * self.z * z1z1;
        let h = u2 - self.x;
        let r = (s2 - self.y).double();
        if h.is_zero() == 1 {
            return if r.is_zero() == 1 { self.double() } else { JacobianPoint::IDENTITY };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h * i;
        let v = self.x * i;
        let x3 = r.square() - j - v.double();
        let y3 = r * (v - x3) - (self.y * j).double();
        let z3 = (self.z + h).square() - z1z1 - hh;
        JacobianPoint { x: x3, y: y3, z: z3 }
    }
}
