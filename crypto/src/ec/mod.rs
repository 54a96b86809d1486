//! Elliptic-curve cryptography over the NIST prime curves.

pub(crate) mod common;
mod curve25519;
pub use curve25519::{ed25519, x25519};
pub mod p256;
pub mod p384;
pub mod p521;
