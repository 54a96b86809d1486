//! ECDSA signatures and their strict DER encoding (`SEQUENCE { r INTEGER, s INTEGER }`, X.690 DER), by the
//! encoder and decoder every curve shares (`ec::common::der`).

use super::super::common::der;
use super::scalar::Scalar;
use crate::Error;

/// An ECDSA signature `(r, s)`, each 32 bytes big-endian.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// r, big-endian.
    pub r: [u8; 32],
    /// s, big-endian.
    pub s: [u8; 32],
}

impl Signature {
    /// DER encoding: `30 len 02 len r 02 len s`, integers minimal.
    pub fn to_der(&self) -> Vec<u8> {
        der::encode(&self.r, &self.s)
    }

    /// Strict DER decoding: canonical short-form lengths, minimal non-negative integers, no trailing data, and
    /// `1 <= r, s < n`. Every failure is [`Error::InvalidKey`].
    pub fn from_der(der: &[u8]) -> Result<Signature, Error> {
        let (r, s) = der::decode::<[u8; 32]>(der)?;
        let sig = Signature { r, s };
        sig.scalars().map(|_| sig)
    }

    /// `(r, s)` as scalars if both are in `[1, n-1]`, else [`Error::InvalidKey`].
    pub(super) fn scalars(&self) -> Result<(Scalar, Scalar), Error> {
        let (r, r_ok) = Scalar::from_bytes(&self.r);
        let (s, s_ok) = Scalar::from_bytes(&self.s);
        if r_ok & s_ok & (1 ^ r.is_zero()) & (1 ^ s.is_zero()) == 1 { Ok((r, s)) } else { Err(Error::InvalidKey) }
    }
}
