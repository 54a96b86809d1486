//! Points of P-256 (y^2 = x^3 - 3x + b) in homogeneous projective coordinates, with the complete addition and
//! doubling formulas of Renes, Costello and Batina, "Complete addition formulas for prime order elliptic
//! curves" (EUROCRYPT 2016, ePrint 2015/1060), Algorithms 4, 5 and 6 (a = -3). They have no exceptional cases:
//! the identity, equal and opposite inputs all go through the same operations.

use super::field::Fe;
use super::limbs::Limbs;

/// The curve coefficient b (Montgomery form).
pub(super) const B: Fe = Fe::from_canonical(be_limbs([
    0x5ac6_35d8,
    0xaa3a_93e7,
    0xb3eb_bd55,
    0x7698_86bc,
    0x651d_06b0,
    0xcc53_b0f6,
    0x3bce_3c3e,
    0x27d2_604b,
]));

/// The base point G (FIPS 186-5 / SP 800-186). Only the table generator and tests use it directly: the
/// multiplications read its multiples from [`super::table`].
#[cfg(test)]
pub(super) const G: AffinePoint = AffinePoint {
    x: Fe::from_canonical(be_limbs([
        0x6b17_d1f2,
        0xe12c_4247,
        0xf8bc_e6e5,
        0x63a4_40f2,
        0x7703_7d81,
        0x2deb_33a0,
        0xf4a1_3945,
        0xd898_c296,
    ])),
    y: Fe::from_canonical(be_limbs([
        0x4fe3_42e2,
        0xfe1a_7f9b,
        0x8ee7_eb4a,
        0x7c0f_9e16,
        0x2bce_3357,
        0x6b31_5ece,
        0xcbb6_4068,
        0x37bf_51f5,
    ])),
};

/// Eight big-endian 32-bit words to limbs.
const fn be_limbs(w: [u32; 8]) -> Limbs {
    [
        ((w[6] as u64) << 32) | w[7] as u64,
        ((w[4] as u64) << 32) | w[5] as u64,
        ((w[2] as u64) << 32) | w[3] as u64,
        ((w[0] as u64) << 32) | w[1] as u64,
    ]
}

/// A finite point in affine coordinates (never the identity).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct AffinePoint {
    /// x coordinate.
    pub(super) x: Fe,
    /// y coordinate.
    pub(super) y: Fe,
}

impl AffinePoint {
    /// 1 if `y^2 = x^3 - 3x + b`, else 0.
    pub(super) fn is_on_curve(&self) -> u64 {
        let rhs = curve_rhs(&self.x);
        self.y.square().ct_eq(&rhs)
    }

    /// `-self`.
    pub(super) fn neg(&self) -> AffinePoint {
        AffinePoint { x: self.x, y: -self.y }
    }
}

/// `x^3 - 3x + b`.
pub(super) fn curve_rhs(x: &Fe) -> Fe {
    let x3 = x.square() * *x;
    let three_x = x.double() + *x;
    x3 - three_x + B
}

/// A point in homogeneous projective coordinates (X:Y:Z), x = X/Z, y = Y/Z; the identity is (0:1:0).
#[derive(Clone, Copy, Debug)]
pub(super) struct ProjectivePoint {
    /// X.
    pub(super) x: Fe,
    /// Y.
    pub(super) y: Fe,
    /// Z.
    pub(super) z: Fe,
}

impl From<&AffinePoint> for ProjectivePoint {
    fn from(p: &AffinePoint) -> ProjectivePoint {
        ProjectivePoint { x: p.x, y: p.y, z: Fe::ONE }
    }
}

impl ProjectivePoint {
    /// The identity (point at infinity).
    #[cfg(test)]
    pub(super) const IDENTITY: ProjectivePoint = ProjectivePoint { x: Fe::ZERO, y: Fe::ONE, z: Fe::ZERO };

    /// 1 if this is the identity, else 0.
    pub(super) fn is_identity(&self) -> u64 {
        self.z.is_zero()
    }

    /// `a` where `m` is zero, `b` where `m` is all-ones.
    #[inline(always)]
    pub(super) fn select(a: &ProjectivePoint, b: &ProjectivePoint, m: u64) -> ProjectivePoint {
        ProjectivePoint { x: Fe::select(&a.x, &b.x, m), y: Fe::select(&a.y, &b.y, m), z: Fe::select(&a.z, &b.z, m) }
    }

    /// `-self`.
    #[cfg(test)]
    pub(super) fn neg(&self) -> ProjectivePoint {
        ProjectivePoint { x: self.x, y: -self.y, z: self.z }
    }

    /// The affine coordinates, or `None`-like: the second value is 1 for the identity (coordinates then zero).
    /// Constant-time (one inversion).
    pub(super) fn to_affine(self) -> (AffinePoint, u64) {
        let zinv = self.z.invert();
        (AffinePoint { x: self.x * zinv, y: self.y * zinv }, self.is_identity())
    }

    /// `self + rhs`, complete (RCB16 Algorithm 4).
    pub(super) fn add(&self, rhs: &ProjectivePoint) -> ProjectivePoint {
        let (x1, y1, z1) = (self.x, self.y, self.z);
        let (x2, y2, z2) = (rhs.x, rhs.y, rhs.z);
        let t0 = x1 * x2; // 1
        let t1 = y1 * y2; // 2
        let t2 = z1 * z2; // 3
        let t3 = (x1 + y1) * (x2 + y2) - (t0 + t1); // 4-8
        let t4 = (y1 + z1) * (y2 + z2) - (t1 + t2); // 9-13
        let xz = (x1 + z1) * (x2 + z2) - (t0 + t2); // 14-18
        let u = xz - B * t2; // 19, 20
        let u = u.double() + u; // 21, 22
        let z3 = t1 - u; // 23
        let x3 = t1 + u; // 24
        let t2x3 = t2.double() + t2; // 26, 27
        let v = B * xz - t2x3 - t0; // 25, 28, 29
        let v = v.double() + v; // 30, 31
        let w = t0.double() + t0 - t2x3; // 32-34
        ProjectivePoint {
            x: t3 * x3 - t4 * v, // 35, 39, 40
            y: x3 * z3 + w * v,  // 36-38
            z: t4 * z3 + t3 * w, // 41-44
        }
    }

    /// `self + rhs` for an affine (finite) `rhs`, complete for any `self` (RCB16 Algorithm 5).
    pub(super) fn add_affine(&self, rhs: &AffinePoint) -> ProjectivePoint {
        let (x1, y1, z1) = (self.x, self.y, self.z);
        let (x2, y2) = (rhs.x, rhs.y);
        let t0 = x1 * x2; // 1
        let t1 = y1 * y2; // 2
        let t3 = (x2 + y2) * (x1 + y1) - (t0 + t1); // 3-7
        let t4 = y2 * z1 + y1; // 8, 9
        let xz = x2 * z1 + x1; // 10, 11
        let u = xz - B * z1; // 12, 13
        let u = u.double() + u; // 14, 15
        let z3 = t1 - u; // 16
        let x3 = t1 + u; // 17
        let z1x3 = z1.double() + z1; // 19, 20
        let v = B * xz - z1x3 - t0; // 18, 21, 22
        let v = v.double() + v; // 23, 24
        let w = t0.double() + t0 - z1x3; // 25-27
        ProjectivePoint {
            x: t3 * x3 - t4 * v, // 28, 32, 33
            y: x3 * z3 + w * v,  // 29-31
            z: t4 * z3 + t3 * w, // 34-36
        }
    }

    /// `2 * self`, complete (RCB16 Algorithm 6). The scalar multiplications double in Jacobian coordinates
    /// ([`super::jacobian`]); this is the reference for the table generator and the tests.
    #[cfg(test)]
    pub(super) fn double(&self) -> ProjectivePoint {
        let (x, y, z) = (self.x, self.y, self.z);
        let t0 = x.square(); // 1
        let t1 = y.square(); // 2
        let t2 = z.square(); // 3
        let t3 = (x * y).double(); // 4, 5
        let xz = (x * z).double(); // 6, 7
        let u = B * t2 - xz; // 8, 9
        let u = u.double() + u; // 10, 11
        let x3 = t1 - u; // 12
        let y3 = t1 + u; // 13
        let y3 = x3 * y3; // 14
        let x3 = x3 * t3; // 15
        let t2x3 = t2.double() + t2; // 16, 17
        let v = B * xz - t2x3 - t0; // 18-20
        let v = v.double() + v; // 21, 22
        let w = t0.double() + t0 - t2x3; // 23-25
        let y3 = y3 + w * v; // 26, 27
        let yz = (y * z).double(); // 28, 29
        ProjectivePoint {
            x: x3 - v * yz,                 // 30, 31
            y: y3,                          //
            z: (yz * t1).double().double(), // 32-34
        }
    }

    /// 1 if both represent the same point, else 0 (cross-multiplication; constant-time).
    #[cfg(test)]
    pub(super) fn ct_eq(&self, other: &ProjectivePoint) -> u64 {
        let x = (self.x * other.z).ct_eq(&(other.x * self.z));
        let y = (self.y * other.z).ct_eq(&(other.y * self.z));
        x & y
    }
}
