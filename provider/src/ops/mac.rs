//! What every `EVP_MAC` of the module shares: the operations the generic `abi/mac.rs` shims call. Each MAC (HMAC,
//! CMAC, GMAC, ...) implements [`MacOps`] on its context type in its own `ops/` file and declares its parameter
//! and dispatch tables in `abi/mac.rs`.

use core::ffi::CStr;
use std::sync::Arc;

use ferrofips_ffi as ffi;

use super::param_error;
use crate::abi::params::{Param, Params};
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// `"cipher"`: the block cipher of CMAC / GMAC.
pub(crate) const P_MAC_CIPHER: &CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_CIPHER);
/// `"iv"`: the GMAC IV.
pub(crate) const P_MAC_IV: &CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_IV);
/// `"encrypt-check"` (`OSSL_CIPHER_PARAM_FIPS_ENCRYPT_CHECK`): OpenSSL 3.5's FIPS CMAC indicator switch, which
/// only matters for Triple-DES; accepted (as an integer) and without effect here.
pub(crate) const P_ENCRYPT_CHECK: &CStr = c"encrypt-check";

/// The safe half of a MAC context; `abi/mac.rs` wraps these in `extern "C"` functions (with the module-state
/// check and panic containment) and `dupctx` is `Clone`.
pub(crate) trait MacOps: Clone + Send + 'static {
    /// `OSSL_FUNC_mac_newctx`: a context with no key (and no digest/cipher).
    fn new(prov: Arc<ProvCtx>) -> Self;
    /// `OSSL_FUNC_mac_init`: applies `params`, then `key` if given (`None` for a NULL key: keep the key set
    /// earlier), and starts a new MAC computation.
    fn init(&mut self, key: Option<&[u8]>, params: Params<'_>) -> ProvResult<()>;
    /// `OSSL_FUNC_mac_update`.
    fn update(&mut self, data: &[u8]) -> ProvResult<()>;
    /// `OSSL_FUNC_mac_final`: writes the MAC to the front of `out` and returns its length; afterwards a new
    /// `init` is needed.
    fn finalize(&mut self, out: &mut [u8]) -> ProvResult<usize>;
    /// `OSSL_FUNC_mac_get_ctx_params` (for MACs whose dispatch table offers it).
    fn get_ctx_params(&self, params: Params<'_>) -> ProvResult<()>;
    /// `OSSL_FUNC_mac_set_ctx_params`.
    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()>;
    /// `OSSL_FUNC_mac_get_params`: algorithm constants (for MACs whose dispatch table offers it).
    fn get_params(_params: Params<'_>) -> ProvResult<()> {
        Ok(())
    }
}

/// Writes the MAC produced by `produce` (of `len` bytes) to the front of `out`, or fails with `OutputTooSmall`
/// without touching the state.
pub(crate) fn write_mac(
    out: &mut [u8],
    len: usize,
    produce: impl FnOnce(&mut [u8]) -> Result<(), ferrofips_crypto::Error>,
) -> ProvResult<usize> {
    let Some(dst) = out.get_mut(..len) else {
        return Err(ProvError::with(Reason::OutputTooSmall, format!("need {len} bytes, have {}", out.len())));
    };
    produce(dst).map_err(|_| ProvError::new(Reason::InternalError))?;
    Ok(len)
}

/// Reads an octet-string key parameter (OpenSSL refuses other types).
pub(crate) fn key_param<'a>(p: &Param<'a>) -> ProvResult<&'a [u8]> {
    p.get_octets().map_err(|e| param_error(p.key(), e))
}

/// Answers `"size"`, `"block-size"` and `"fips-indicator"` requests (whichever are present) with the given values.
pub(crate) fn answer_sizes(params: Params<'_>, size: usize, block: usize, approved: bool) -> ProvResult<()> {
    for p in params.iter() {
        let key = p.key();
        let v = if key == crate::names::P_MAC_SIZE {
            size as i128
        } else if key == crate::names::P_MAC_BLOCK_SIZE {
            block as i128
        } else if key == crate::names::P_FIPS_INDICATOR {
            i128::from(approved)
        } else {
            continue;
        };
        p.set_int(v).map_err(|e| param_error(key, e))?;
    }
    Ok(())
}

/// The AES key length named by a cipher `name` among `table` (OpenSSL's names, aliases and OIDs; ASCII
/// case-insensitive), or why not.
pub(crate) fn aes_cipher_by_name(name: &str, table: &[(&str, usize)], what: &str) -> ProvResult<usize> {
    table
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, len)| len)
        .ok_or_else(|| ProvError::with(Reason::InvalidParam, format!("cipher {name:?} not supported for {what}")))
}
