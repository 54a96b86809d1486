//! Every signature (`OSSL_OP_SIGNATURE`) the module offers, in one table.
//!
//! Shared file: each signature's dispatch table lives in its own `abi/` file; add one `algorithm(...)` line here
//! (and bump the length) per signature algorithm.

use super::dispatch::{ALGORITHM_END, AlgorithmTable, algorithm};
use crate::names;

/// The signatures offered under `OSSL_OP_SIGNATURE`.
pub(crate) static SIGNATURES: AlgorithmTable<5> = AlgorithmTable([
    // "HMAC": the mac-legacy signature (EVP_DigestSign over an "HMAC" key computes HMAC).
    algorithm(names::HMAC_NAMES, names::PROPS_APPROVED, &super::mac_legacy_sig::HMAC_SIGNATURE),
    // "ECDSA" over the EC key management's keys.
    algorithm(crate::ops::ec_params::ECDSA_NAMES, names::PROPS_APPROVED, &super::ec_sig::ECDSA_SIGNATURE),
    // "CMAC": the mac-legacy signature over a "CMAC" key (EVP_DigestSign computes AES-CMAC).
    algorithm(c"CMAC", names::PROPS_APPROVED, &super::mac_legacy_sig::CMAC_SIGNATURE),
    // "ED25519": Ed25519/Ed25519ph/Ed25519ctx over the ED25519 key management's keys.
    algorithm(crate::ops::ecx_key::ED25519_NAMES, names::PROPS_APPROVED, &super::ed_sig::ED25519_SIGNATURE),
    ALGORITHM_END,
]);
