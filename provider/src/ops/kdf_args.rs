//! Parameter keys and readers shared by the SP 800-56C / SP 800-108 / SP 800-132 / SP 800-135 KDFs ("SSKDF",
//! "X963KDF", "KBKDF", "PBKDF2", "SSHKDF"), on top of the common ones in [`super::kdf`].

use core::ffi::CStr;

use ferrofips_ffi as ffi;
use zeroize::Zeroizing;

use super::kdf::{Secret, append_secret};
use super::param_error;
use crate::abi::params::{Param, Params};
use crate::error::{ProvError, ProvResult, Reason};

pub(crate) const P_MAC: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_MAC);
pub(crate) const P_MAC_SIZE: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_MAC_SIZE);
pub(crate) const P_CIPHER: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_CIPHER);
pub(crate) const P_USE_L: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_KBKDF_USE_L);
pub(crate) const P_USE_SEPARATOR: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_KBKDF_USE_SEPARATOR);
/// `OSSL_KDF_PARAM_KBKDF_R` (OpenSSL 3.1+; not in the 3.0 headers the bindings come from).
pub(crate) const P_R: &CStr = c"r";
pub(crate) const P_PASSWORD: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_PASSWORD);
pub(crate) const P_ITER: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_ITER);
pub(crate) const P_PKCS5: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_PKCS5);
pub(crate) const P_XCGHASH: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_SSHKDF_XCGHASH);
pub(crate) const P_SESSION_ID: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_SSHKDF_SESSION_ID);
pub(crate) const P_TYPE: &CStr = ffi::cstr(ffi::OSSL_KDF_PARAM_SSHKDF_TYPE);

/// The MAC a KDF runs as its PRF (the `mac` parameter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MacKind {
    /// "HMAC" (with the `digest` parameter).
    Hmac,
    /// "CMAC" (with the `cipher` parameter: AES-128/192/256-CBC).
    Cmac,
}

/// Reads the `mac` parameter (names compared without case, as libcrypto's namemap does); only the kinds in
/// `offered` are accepted. KMAC128/KMAC256 are named in the error: the module has no KMAC yet.
pub(crate) fn read_mac(p: &Param<'_>, kdf: &str, offered: &[MacKind]) -> ProvResult<MacKind> {
    let name = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
    let kind = if name.eq_ignore_ascii_case("HMAC") {
        Some(MacKind::Hmac)
    } else if name.eq_ignore_ascii_case("CMAC") {
        Some(MacKind::Cmac)
    } else {
        None
    };
    match kind {
        Some(k) if offered.contains(&k) => Ok(k),
        _ if is_kmac(name) => {
            Err(ProvError::with(Reason::InvalidParam, format!("{kdf} with {name}: KMAC is not offered by this module")))
        }
        _ => Err(ProvError::with(Reason::InvalidParam, format!("{kdf}: unsupported MAC {name:?}"))),
    }
}

fn is_kmac(name: &str) -> bool {
    ["KMAC128", "KMAC-128", "KMAC256", "KMAC-256", "2.16.840.1.101.3.4.2.19", "2.16.840.1.101.3.4.2.20"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// Reads the `cipher` parameter of a CMAC-based KDF: an AES-CBC cipher (OpenSSL's names, aliases and OIDs),
/// returned as its key length in bytes. Every other cipher is refused (CMAC is defined over the CBC chain).
pub(crate) fn read_aes_cbc(p: &Param<'_>) -> ProvResult<usize> {
    let name = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
    let table: [(usize, [&str; 3]); 3] = [
        (16, ["AES-128-CBC", "AES128", "2.16.840.1.101.3.4.1.2"]),
        (24, ["AES-192-CBC", "AES192", "2.16.840.1.101.3.4.1.22"]),
        (32, ["AES-256-CBC", "AES256", "2.16.840.1.101.3.4.1.42"]),
    ];
    table.iter().find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(name))).map(|&(len, _)| len).ok_or_else(
        || ProvError::with(Reason::InvalidParam, format!("cipher {name:?}: CMAC needs AES-128/192/256-CBC")),
    )
}

/// Reads an integer flag (`use-l`, `use-separator`, `pkcs5`): any non-zero value is true, as OpenSSL's int.
pub(crate) fn read_flag(p: &Param<'_>) -> ProvResult<bool> {
    let v: i32 = p.get_int().map_err(|e| param_error(p.key(), e))?;
    Ok(v != 0)
}

/// Every `key` entry of `params` concatenated (OpenSSL 3.2+'s `ossl_param_get1_concat_octet_string`), at most
/// `max` bytes.
pub(crate) fn concat_octets(params: Params<'_>, key: &CStr, max: usize) -> ProvResult<Secret> {
    let mut all = Zeroizing::new(Vec::new());
    for p in params.iter().filter(|p| p.key() == key) {
        let part = p.get_octets().map_err(|e| param_error(p.key(), e))?;
        if all.len() + part.len() > max {
            return Err(ProvError::with(
                Reason::InvalidLength,
                format!("{} longer than {max} bytes", key.to_string_lossy()),
            ));
        }
        append_secret(&mut all, part);
    }
    Ok(all)
}

/// The bytes of an optional owned buffer (empty when absent).
pub(crate) fn bytes_of<T: AsRef<[u8]>>(v: &Option<T>) -> &[u8] {
    v.as_ref().map_or(&[], AsRef::as_ref)
}
