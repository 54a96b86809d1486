//! ECDSA and ECDH over NIST P-384 (FIPS 186-5, SP 800-186, SP 800-56A r3).
//!
//! * Field and scalar arithmetic: 6 x 64-bit limbs, generic Montgomery multiplication, constant-time.
//! * Points, scalar multiplication, ECDSA, keys and DER: the generic code of `ec::common` (complete
//!   Renes-Costello-Batina additions, signed-window constant-time multiplication with full-table scans,
//!   a fixed-base table built once on first use (123 KB), verification-only variable-time double
//!   multiplication, RFC 6979 hedged or deterministic nonces).
//! * Private keys are zeroized on drop. Hedged nonces use HMAC-SHA-384.

use std::sync::OnceLock;

use super::common::limbs::{Modulus, from_be_bytes};
use super::common::mont::{MontFe, MontParams, Scalar};
use super::common::table::Tables;
use super::common::{Curve as CurveTrait, hex};

#[cfg(test)]
mod tests;

/// The field prime p = 2^384 - 2^128 - 2^96 + 2^32 - 1.
const P_HEX: &[u8] =
    b"fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff";
/// The group order n.
const N_HEX: &[u8] =
    b"ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";
/// The curve coefficient b.
const B_HEX: &[u8] =
    b"b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef";
/// The base point, uncompressed (SP 800-186 3.2.1.4).
static G: [u8; 97] = hex(concat!(
    "04",
    "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
    "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f"
)
.as_bytes());

/// GF(p) parameters.
pub(crate) struct FieldP;

impl MontParams<6> for FieldP {
    const M: Modulus<6> = Modulus::new(from_be_bytes(&hex::<48>(P_HEX)));
    const BITS: usize = 384;
    type Bytes = [u8; 48];
}

/// Scalar (mod n) parameters.
pub(crate) struct OrderN;

impl MontParams<6> for OrderN {
    const M: Modulus<6> = Modulus::new(from_be_bytes(&hex::<48>(N_HEX)));
    const BITS: usize = 384;
    type Bytes = [u8; 48];
}

/// NIST P-384.
pub(crate) struct Curve;

impl CurveTrait for Curve {
    type F = MontFe<FieldP, 6>;
    type S = Scalar<OrderN, 6>;
    const B: Self::F = MontFe::from_canonical(from_be_bytes(&hex::<48>(B_HEX)));
    const G_UNCOMPRESSED: &'static [u8] = &G;

    fn tables() -> &'static Tables<Curve> {
        static TABLES: OnceLock<Tables<Curve>> = OnceLock::new();
        TABLES.get_or_init(Tables::build)
    }
}

super::common::curve_api!(Curve, 48, 97, 49, crate::digest::Algorithm::Sha384);
