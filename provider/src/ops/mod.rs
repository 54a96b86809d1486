//! The safe implementations behind each operation's dispatch table. Shims in `abi/` validate pointers and
//! call these; nothing here touches raw pointers.

pub(crate) mod cipher;
pub(crate) mod cipher_block;
pub(crate) mod cipher_ccm;
pub(crate) mod cipher_cts;
pub(crate) mod cipher_gcm;
pub(crate) mod cipher_stream;
pub(crate) mod cipher_wrap;
pub(crate) mod cipher_xts;
pub(crate) mod digest;
pub(crate) mod ec_exch;
pub(crate) mod ec_gen;
pub(crate) mod ec_group;
pub(crate) mod ec_key;
pub(crate) mod ec_keyio;
pub(crate) mod ec_params;
pub(crate) mod ec_pct;
pub(crate) mod ec_sig;
pub(crate) mod ecx_exch;
pub(crate) mod ecx_gen;
pub(crate) mod ecx_key;
pub(crate) mod ecx_keyio;
pub(crate) mod ed_sig;
pub(crate) mod gcm_iv_rules;
pub(crate) mod hmac;
pub(crate) mod kdf;
pub(crate) mod kdf_args;
pub(crate) mod kdf_hkdf;
pub(crate) mod kdf_kbkdf;
pub(crate) mod kdf_pbkdf2;
pub(crate) mod kdf_sshkdf;
pub(crate) mod kdf_sskdf;
pub(crate) mod kdf_tls1_prf;
pub(crate) mod mac;
pub(crate) mod mac_cmac;
pub(crate) mod mac_gmac;
pub(crate) mod mac_kmac;
pub(crate) mod mac_legacy;
pub(crate) mod mac_legacy_cmac;
pub(crate) mod rand_ctr;
pub(crate) mod rand_drbg;
pub(crate) mod rand_hash;
pub(crate) mod rand_hmac;
pub(crate) mod rand_params;
pub(crate) mod rand_seed;

use crate::abi::params::ParamError;
use crate::error::{ProvError, Reason};

/// Maps a parameter access failure to the error raised for `key`.
pub(crate) fn param_error(key: &core::ffi::CStr, e: ParamError) -> ProvError {
    let key = key.to_string_lossy();
    match e {
        ParamError::WrongType => ProvError::with(Reason::WrongParamType, format!("parameter {key}")),
        ParamError::OutOfRange => ProvError::with(Reason::InvalidParam, format!("parameter {key}: value out of range")),
        ParamError::BadString => ProvError::with(Reason::InvalidParam, format!("parameter {key}: bad string")),
        ParamError::NullData => ProvError::with(Reason::InvalidParam, format!("parameter {key}: no data")),
    }
}
