//! Points of `y^2 = x^3 - 3x + b` in homogeneous projective coordinates, with the complete addition and
//! doubling formulas of Renes, Costello and Batina, "Complete addition formulas for prime order elliptic
//! curves" (EUROCRYPT 2016, ePrint 2015/1060), Algorithms 4, 5 and 6 (a = -3): no exceptional cases.

use super::{ByteArray, Curve, FieldElement};

/// A finite point in affine coordinates (never the identity).
pub(crate) struct AffinePoint<C: Curve> {
    /// x coordinate.
    pub(crate) x: C::F,
    /// y coordinate.
    pub(crate) y: C::F,
}

impl<C: Curve> Clone for AffinePoint<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: Curve> Copy for AffinePoint<C> {}

impl<C: Curve> core::fmt::Debug for AffinePoint<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AffinePoint").field("x", &self.x).field("y", &self.y).finish()
    }
}

impl<C: Curve> AffinePoint<C> {
    /// All-zero coordinates (a placeholder, not a point).
    pub(crate) const ZERO: Self = AffinePoint { x: C::F::ZERO, y: C::F::ZERO };

    /// 1 if `y^2 = x^3 - 3x + b`, else 0.
    pub(crate) fn is_on_curve(&self) -> u64 {
        self.y.square().ct_eq(&curve_rhs::<C>(&self.x))
    }

    /// `-self`.
    pub(crate) fn neg(&self) -> Self {
        AffinePoint { x: self.x, y: -self.y }
    }

    /// Decodes `04 || X || Y` (uncompressed) and checks the point: `None` unless both coordinates are `< p`
    /// and the point is on the curve. Public data only (the result is revealed).
    pub(crate) fn from_uncompressed(x: &[u8], y: &[u8]) -> Option<Self> {
        let mut xb = <C::F as FieldElement>::Bytes::zeroed();
        let mut yb = <C::F as FieldElement>::Bytes::zeroed();
        if x.len() != xb.as_ref().len() || y.len() != yb.as_ref().len() {
            return None;
        }
        xb.as_mut().copy_from_slice(x);
        yb.as_mut().copy_from_slice(y);
        let (x, x_ok) = C::F::from_bytes(&xb);
        let (y, y_ok) = C::F::from_bytes(&yb);
        let p = AffinePoint { x, y };
        (x_ok & y_ok & p.is_on_curve() == 1).then_some(p)
    }
}

/// `x^3 - 3x + b`.
pub(crate) fn curve_rhs<C: Curve>(x: &C::F) -> C::F {
    let x3 = x.square() * *x;
    let three_x = x.double() + *x;
    x3 - three_x + C::B
}

/// A point in homogeneous projective coordinates (X:Y:Z), x = X/Z, y = Y/Z; the identity is (0:1:0).
pub(crate) struct ProjectivePoint<C: Curve> {
    /// X.
    pub(crate) x: C::F,
    /// Y.
    pub(crate) y: C::F,
    /// Z.
    pub(crate) z: C::F,
}

impl<C: Curve> Clone for ProjectivePoint<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: Curve> Copy for ProjectivePoint<C> {}

impl<C: Curve> core::fmt::Debug for ProjectivePoint<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ProjectivePoint").field("x", &self.x).field("y", &self.y).field("z", &self.z).finish()
    }
}

impl<C: Curve> From<&AffinePoint<C>> for ProjectivePoint<C> {
    fn from(p: &AffinePoint<C>) -> Self {
        ProjectivePoint { x: p.x, y: p.y, z: C::F::ONE }
    }
}

impl<C: Curve> ProjectivePoint<C> {
    /// The identity (point at infinity).
    #[cfg(test)]
    pub(crate) const IDENTITY: Self = ProjectivePoint { x: C::F::ZERO, y: C::F::ONE, z: C::F::ZERO };

    /// 1 if this is the identity, else 0.
    pub(crate) fn is_identity(&self) -> u64 {
        self.z.is_zero()
    }

    /// `-self` if `m` is all-ones, `self` if `m` is zero.
    #[cfg(test)]
    pub(crate) fn cond_neg(&self, m: u64) -> Self {
        ProjectivePoint { x: self.x, y: C::F::select(&self.y, &-self.y, m), z: self.z }
    }

    /// The affine coordinates; the second value is 1 for the identity (coordinates then zero). Constant-time.
    pub(crate) fn to_affine(self) -> (AffinePoint<C>, u64) {
        let zinv = self.z.invert();
        (AffinePoint { x: self.x * zinv, y: self.y * zinv }, self.is_identity())
    }

    /// `self + rhs`, complete (RCB16 Algorithm 4).
    pub(crate) fn add(&self, rhs: &Self) -> Self {
        let b = C::B;
        let (x1, y1, z1) = (self.x, self.y, self.z);
        let (x2, y2, z2) = (rhs.x, rhs.y, rhs.z);
        let t0 = x1 * x2;
        let t1 = y1 * y2;
        let t2 = z1 * z2;
        let t3 = (x1 + y1) * (x2 + y2) - (t0 + t1);
        let t4 = (y1 + z1) * (y2 + z2) - (t1 + t2);
        let xz = (x1 + z1) * (x2 + z2) - (t0 + t2);
        let u = xz - b * t2;
        let u = u.double() + u;
        let z3 = t1 - u;
        let x3 = t1 + u;
        let t2x3 = t2.double() + t2;
        let v = b * xz - t2x3 - t0;
        let v = v.double() + v;
        let w = t0.double() + t0 - t2x3;
        ProjectivePoint { x: t3 * x3 - t4 * v, y: x3 * z3 + w * v, z: t4 * z3 + t3 * w }
    }

    /// `self + rhs` for an affine (finite) `rhs`, complete for any `self` (RCB16 Algorithm 5). Tests only:
    /// the fixed-base multiplication adds in Jacobian coordinates.
    #[cfg(test)]
    pub(crate) fn add_affine(&self, rhs: &AffinePoint<C>) -> Self {
        let b = C::B;
        let (x1, y1, z1) = (self.x, self.y, self.z);
        let (x2, y2) = (rhs.x, rhs.y);
        let t0 = x1 * x2;
        let t1 = y1 * y2;
        let t3 = (x2 + y2) * (x1 + y1) - (t0 + t1);
        let t4 = y2 * z1 + y1;
        let xz = x2 * z1 + x1;
        let u = xz - b * z1;
        let u = u.double() + u;
        let z3 = t1 - u;
        let x3 = t1 + u;
        let z1x3 = z1.double() + z1;
        let v = b * xz - z1x3 - t0;
        let v = v.double() + v;
        let w = t0.double() + t0 - z1x3;
        ProjectivePoint { x: t3 * x3 - t4 * v, y: x3 * z3 + w * v, z: t4 * z3 + t3 * w }
    }

    /// `2 * self`, complete (RCB16 Algorithm 6).
    pub(crate) fn double(&self) -> Self {
        let b = C::B;
        let (x, y, z) = (self.x, self.y, self.z);
        let t0 = x.square();
        let t1 = y.square();
        let t2 = z.square();
        let t3 = (x * y).double();
        let xz = (x * z).double();
        let u = b * t2 - xz;
        let u = u.double() + u;
        let x3 = t1 - u;
        let y3 = t1 + u;
        let y3 = x3 * y3;
        let x3 = x3 * t3;
        let t2x3 = t2.double() + t2;
        let v = b * xz - t2x3 - t0;
        let v = v.double() + v;
        let w = t0.double() + t0 - t2x3;
        let y3 = y3 + w * v;
        let yz = (y * z).double();
        ProjectivePoint { x: x3 - v * yz, y: y3, z: (yz * t1).double().double() }
    }

    /// 1 if both represent the same point, else 0 (cross-multiplication; constant-time).
    #[cfg(test)]
    pub(crate) fn ct_eq(&self, other: &Self) -> u64 {
        let x = (self.x * other.z).ct_eq(&(other.x * self.z));
        let y = (self.y * other.z).ct_eq(&(other.y * self.z));
        x & y
    }
}
