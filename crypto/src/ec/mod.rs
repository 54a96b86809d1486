//! Elliptic-curve cryptography over the NIST prime curves.

pub mod p256;
