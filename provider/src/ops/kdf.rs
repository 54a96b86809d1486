//! What the KDFs (`OSSL_OP_KDF`: "HKDF", "TLS13-KDF", "TLS1-PRF") share: parameter keys, parameter readers,
//! the approved-use policy and the operation trait the `abi/kdf.rs` shims drive.
//!
//! Approved-use policy (mirrors OpenSSL 3.5's FIPS provider, whose checks are indicator-only by default):
//! the `fips-indicator` ctx parameter reports whether the current settings are approved; in **strict mode**
//! (security checks forced on) unapproved settings are refused instead:
//! * key (HKDF `key`, TLS13-KDF `key`, TLS1-PRF `secret`) shorter than 112 bits (`*-key-check`);
//! * TLS13-KDF digest other than SHA-256/SHA-384 (`tls13-kdf-digest-check`; RFC 8446 B.4, ACVP);
//! * TLS1-PRF deriving a master secret with the label "master secret", i.e. without the extended master
//!   secret of RFC 7627 (`tls1-prf-ems-check`; SP 800-135 r1 / FIPS 140-3 IG D.Q).
//!
//! The TLS1-PRF digest is always limited to SHA-256/384/512 (the TLS 1.0/1.1 MD5+SHA-1 PRF is not offered).

use core::ffi::CStr;
use std::sync::Arc;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::kdf::HmacHash;
use ferrofips_ffi as ffi;
use zeroize::Zeroizing;

use super::param_error;
use crate::abi::params::{Param, Params};
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

pub(crate) const P_MODE: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_MODE);
pub(crate) const P_DIGEST: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_DIGEST);
pub(crate) const P_PROPERTIES: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_PROPERTIES);
pub(crate) const P_KEY: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_KEY);
pub(crate) const P_SALT: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_SALT);
pub(crate) const P_INFO: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_INFO);
pub(crate) const P_PREFIX: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_PREFIX);
pub(crate) const P_LABEL: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_LABEL);
pub(crate) const P_DATA: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_DATA);
pub(crate) const P_SECRET: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_SECRET);
pub(crate) const P_SEED: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_SEED);
pub(crate) const P_SIZE: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_SIZE);

/// Shortest key for approved use: 112 bits (SP 800-131A r2; OpenSSL's `ossl_kdf_check_key_size`).
pub(crate) const MIN_APPROVED_KEY_LEN: usize = 14;

/// Secret bytes held by a KDF context (zeroized on drop).
pub(crate) type Secret = Zeroizing<Vec<u8>>;

/// One KDF context type behind the shared `extern "C"` shims.
pub(crate) trait KdfOps: Clone {
    /// The provider instance (for error reporting).
    fn prov(&self) -> &Arc<ProvCtx>;
    /// `OSSL_FUNC_kdf_reset`: forget every setting.
    fn reset(&mut self);
    /// `OSSL_FUNC_kdf_derive`: applies `params`, then fills `out`.
    fn derive(&mut self, out: &mut [u8], params: Params<'_>) -> ProvResult<()>;
    /// `OSSL_FUNC_kdf_set_ctx_params`.
    fn set_params(&mut self, params: Params<'_>) -> ProvResult<()>;
    /// `OSSL_FUNC_kdf_get_ctx_params`.
    fn get_params(&self, params: Params<'_>) -> ProvResult<()>;
}

/// Whether unapproved settings are refused (strict mode) rather than only reported by the indicator.
pub(crate) fn enforce(prov: &ProvCtx) -> bool {
    prov.strict() && prov.security_checks()
}

/// Reads the `digest` parameter: a known, fixed-length digest.
pub(crate) fn read_digest(p: &Param<'_>) -> ProvResult<Algorithm> {
    let name = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
    let alg = common_digest(name)
        .or_else(|| names::digest_by_name(name))
        .ok_or_else(|| ProvError::with(Reason::UnknownDigest, format!("digest {name:?}")))?;
    if alg.is_xof() {
        return Err(ProvError::with(Reason::XofNotAllowed, format!("digest {name:?}")));
    }
    Ok(alg)
}

/// Reads an OCTET_STRING parameter into owned, zeroized storage.
pub(crate) fn read_secret(p: &Param<'_>) -> ProvResult<Secret> {
    Ok(Zeroizing::new(p.get_octets().map_err(|e| param_error(p.key(), e))?.to_vec()))
}

/// The HMAC hash for `alg` (default backend).
pub(crate) fn hmac_hash(alg: Algorithm) -> ProvResult<HmacHash> {
    HmacHash::new(alg).map_err(|_| ProvError::with(Reason::UnknownDigest, alg.name()))
}

/// The digest set on the context, or the "missing message digest" error.
pub(crate) fn need_digest(d: Option<Algorithm>) -> ProvResult<Algorithm> {
    d.ok_or_else(|| ProvError::with(Reason::UnknownDigest, "no digest set"))
}

/// Refuses an empty output (OpenSSL: `PROV_R_INVALID_KEY_LENGTH` for HKDF/TLS1-PRF).
pub(crate) fn need_output(out: &[u8]) -> ProvResult<()> {
    if out.is_empty() {
        return Err(ProvError::with(Reason::InvalidLength, "zero-length output"));
    }
    Ok(())
}

/// Key-size policy: approved iff at least 112 bits; refused in strict mode.
pub(crate) fn check_key_len(prov: &ProvCtx, what: &str, len: usize) -> ProvResult<()> {
    if len < MIN_APPROVED_KEY_LEN && enforce(prov) {
        return Err(ProvError::with(Reason::KeyTooShort, format!("{what}: {} bits < 112 bits (strict mode)", len * 8)));
    }
    Ok(())
}

/// Appends `part` to a secret buffer without leaving copies behind: when the buffer must grow, the contents
/// move to a new zeroizing allocation and the old one is wiped.
pub(crate) fn append_secret(buf: &mut Secret, part: &[u8]) {
    let need = buf.len() + part.len();
    if need > buf.capacity() {
        let mut grown = Zeroizing::new(Vec::with_capacity(need.max(2 * buf.capacity())));
        grown.extend_from_slice(buf);
        *buf = grown;
    }
    buf.extend_from_slice(part);
}

/// The first entry for each of `keys` (like `OSSL_PARAM_locate` for each), found in a single pass that reads
/// every entry's key once.
pub(crate) fn locate_all<'a, const N: usize>(params: Params<'a>, keys: [&CStr; N]) -> [Option<Param<'a>>; N] {
    let mut found: [Option<Param<'a>>; N] = [const { None }; N];
    for p in params.iter() {
        let key = p.key().to_bytes();
        if let Some(i) = keys.iter().position(|k| k.to_bytes() == key)
            && found[i].is_none()
        {
            found[i] = Some(p);
        }
    }
    found
}

/// Fast path for the digest names TLS and applications use most, before the general alias/OID lookup.
fn common_digest(name: &str) -> Option<Algorithm> {
    Some(match name {
        "SHA2-256" | "SHA256" | "SHA-256" | "sha256" => Algorithm::Sha256,
        "SHA2-384" | "SHA384" | "SHA-384" | "sha384" => Algorithm::Sha384,
        "SHA2-512" | "SHA512" | "SHA-512" | "sha512" => Algorithm::Sha512,
        _ => return None,
    })
}
