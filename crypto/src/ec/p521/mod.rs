//! ECDSA and ECDH over NIST P-521 (FIPS 186-5, SP 800-186, SP 800-56A r3).
//!
//! * Field: p = 2^521 - 1 with nine unsaturated 58-bit limbs (`field.rs`: 128-bit column sums, reduction
//!   by shifting). Scalars: 9 x 64-bit limbs, generic Montgomery multiplication. All constant-time.
//! * Points, scalar multiplication, ECDSA, keys and DER: the generic code of `ec::common` (complete
//!   Renes-Costello-Batina additions, signed-window constant-time multiplication with full-table scans,
//!   a fixed-base table built once on first use (247 KB), verification-only variable-time double
//!   multiplication, RFC 6979 hedged or deterministic nonces).
//! * Private keys and scalars are 66 bytes big-endian (top 7 bits zero); zeroized on drop. Hedged nonces use
//!   HMAC-SHA-512.

use std::sync::OnceLock;

use super::common::limbs::{Modulus, from_be_bytes};
use super::common::mont::{MontParams, Scalar};
use super::common::table::Tables;
use super::common::{Curve as CurveTrait, hex};

mod field;
#[cfg(test)]
mod tests;

use field::Fe521;

/// The group order n.
const N_HEX: &[u8] = b"01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409";
/// The curve coefficient b.
const B_HEX: &[u8] = b"0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00";
/// The base point, uncompressed (SP 800-186 3.2.1.5).
static G: [u8; 133] = hex(concat!(
    "04",
    "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
    "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650"
)
.as_bytes());

/// Scalar (mod n) parameters.
pub(crate) struct OrderN;

impl MontParams<9> for OrderN {
    const M: Modulus<9> = Modulus::new(from_be_bytes(&hex::<66>(N_HEX)));
    const BITS: usize = 521;
    type Bytes = [u8; 66];
}

/// NIST P-521.
pub(crate) struct Curve;

impl CurveTrait for Curve {
    type F = Fe521;
    type S = Scalar<OrderN, 9>;
    const B: Fe521 = Fe521::from_canonical_bytes(&hex::<66>(B_HEX));
    const G_UNCOMPRESSED: &'static [u8] = &G;

    fn tables() -> &'static Tables<Curve> {
        static TABLES: OnceLock<Tables<Curve>> = OnceLock::new();
        TABLES.get_or_init(Tables::build)
    }
}

super::common::curve_api!(Curve, 66, 133, 67, crate::digest::Algorithm::Sha512);
