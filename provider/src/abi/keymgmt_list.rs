//! Every key management (`OSSL_OP_KEYMGMT`) the module offers, in one table.
//!
//! Shared file: each key type's dispatch table lives in its own `abi/` file; add one `algorithm(...)` line here
//! (and bump the length) per key type.

use super::dispatch::{ALGORITHM_END, ModeTable, algorithm};
use crate::names;

/// The key managements offered under `OSSL_OP_KEYMGMT`.
pub(crate) static KEYMGMTS: ModeTable<6> = ModeTable::new([
    // "HMAC": the mac-legacy key type (raw HMAC keys for EVP_DigestSign; libssl's PSK binders).
    algorithm(names::HMAC_NAMES, names::PROPS_APPROVED, &super::mac_legacy_kmgmt::HMAC_KEYMGMT),
    // "EC:id-ecPublicKey:1.2.840.10045.2.1": NIST prime-curve keys for ECDH and ECDSA.
    algorithm(crate::ops::ec_params::EC_NAMES, names::PROPS_APPROVED, &super::ec_kmgmt::EC_KEYMGMT),
    // "CMAC": the mac-legacy CMAC key type (raw AES key + cipher name, for EVP_DigestSign).
    algorithm(c"CMAC", names::PROPS_APPROVED, &super::mac_legacy_kmgmt::CMAC_KEYMGMT),
    // "X25519:1.3.101.110": RFC 7748 keys (not approved: fips=no, dropped in strict mode).
    algorithm(
        crate::ops::ecx_key::X25519_NAMES,
        crate::ops::ecx_key::PROPS_NOT_APPROVED,
        &super::ecx_kmgmt::X25519_KEYMGMT,
    ),
    // "ED25519:1.3.101.112": FIPS 186-5 EdDSA keys.
    algorithm(crate::ops::ecx_key::ED25519_NAMES, names::PROPS_APPROVED, &super::ecx_kmgmt::ED25519_KEYMGMT),
    ALGORITHM_END,
]);
