//! What every symmetric cipher of the module shares: the algorithm constants libcrypto caches, the shape of the
//! data an update carries, and the operations the `abi/cipher.rs` shims call.

use core::ffi::CStr;
use std::sync::Arc;

use ferrofips_ffi as ffi;

use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

pub(crate) const P_MODE: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_MODE);
pub(crate) const P_KEYLEN: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_KEYLEN);
pub(crate) const P_IVLEN: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_IVLEN);
pub(crate) const P_BLOCK_SIZE: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_BLOCK_SIZE);
pub(crate) const P_AEAD: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_AEAD);
pub(crate) const P_CUSTOM_IV: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_CUSTOM_IV);
pub(crate) const P_CTS: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_CTS);
pub(crate) const P_TLS_MULTI: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_TLS1_MULTIBLOCK);
pub(crate) const P_HAS_RANDKEY: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_HAS_RAND_KEY);
pub(crate) const P_IV: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_IV);
pub(crate) const P_UPDATED_IV: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_UPDATED_IV);
pub(crate) const P_PADDING: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_PADDING);
pub(crate) const P_NUM: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_NUM);
pub(crate) const P_TLS_VERSION: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_TLS_VERSION);
pub(crate) const P_TLS_MAC_SIZE: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_TLS_MAC_SIZE);
pub(crate) const P_TAG: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_AEAD_TAG);
pub(crate) const P_TAGLEN: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_AEAD_TAGLEN);
pub(crate) const P_TLS_AAD: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_AEAD_TLS1_AAD);
pub(crate) const P_TLS_AAD_PAD: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_AEAD_TLS1_AAD_PAD);
pub(crate) const P_TLS_IV_FIXED: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_AEAD_TLS1_IV_FIXED);
pub(crate) const P_TLS_IV_GEN: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_AEAD_TLS1_GET_IV_GEN);
pub(crate) const P_TLS_IV_INV: &CStr = ffi::cstr(ffi::OSSL_CIPHER_PARAM_AEAD_TLS1_SET_IV_INV);
/// A private key the ABI layer substitutes for `"tlsivfixed"` with `data_size == (size_t)-1`
/// (`EVP_CTRL_GCM_SET_IV_FIXED` with length -1: "restore the whole IV"), carrying the whole IV.
pub(crate) const P_TLS_IV_RESTORE: &CStr = c"ferrofips-tlsivfixed-whole-iv";

/// `EVP_CIPH_ECB_MODE`, `EVP_CIPH_CBC_MODE`, `EVP_CIPH_GCM_MODE`.
pub(crate) const MODE_ECB: u32 = 1;
pub(crate) const MODE_CBC: u32 = 2;
pub(crate) const MODE_GCM: u32 = 6;
/// `EVP_CIPH_CFB_MODE` (CFB128, CFB8 and CFB1 alike), `EVP_CIPH_OFB_MODE`, `EVP_CIPH_CTR_MODE`.
pub(crate) const MODE_CFB: u32 = 3;
pub(crate) const MODE_OFB: u32 = 4;
pub(crate) const MODE_CTR: u32 = 5;
/// `EVP_CIPH_WRAP_MODE`.
pub(crate) const MODE_WRAP: u32 = 0x10002;
/// `EVP_CIPH_CCM_MODE`, `EVP_CIPH_XTS_MODE`.
pub(crate) const MODE_CCM: u32 = 7;
pub(crate) const MODE_XTS: u32 = 0x10001;

/// The constants of one cipher algorithm, as `OSSL_FUNC_cipher_get_params` reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CipherInfo {
    /// `EVP_CIPH_*_MODE`.
    pub(crate) mode: u32,
    /// Key bytes.
    pub(crate) key_len: usize,
    /// Block size in bytes as OpenSSL reports it (1 for stream-like modes).
    pub(crate) block_len: usize,
    /// Default IV bytes.
    pub(crate) iv_len: usize,
    /// AEAD (GCM, CCM).
    pub(crate) aead: bool,
    /// The mode handles its own IV (GCM, CCM, XTS, key wrap): libcrypto does not manage it.
    pub(crate) custom_iv: bool,
    /// Ciphertext stealing (CBC-CTS).
    pub(crate) cts: bool,
}

/// `OSSL_FUNC_cipher_get_params`: the constants libcrypto caches when it builds the `EVP_CIPHER`.
pub(crate) fn get_params(info: &CipherInfo, params: Params<'_>) -> ProvResult<()> {
    for p in params.iter() {
        let key = p.key();
        let v: i128 = if key == P_MODE {
            info.mode.into()
        } else if key == P_KEYLEN {
            info.key_len as i128
        } else if key == P_IVLEN {
            info.iv_len as i128
        } else if key == P_BLOCK_SIZE {
            info.block_len as i128
        } else if key == P_AEAD {
            i128::from(info.aead)
        } else if key == P_CUSTOM_IV {
            i128::from(info.custom_iv)
        } else if key == P_CTS {
            i128::from(info.cts)
        } else if key == P_TLS_MULTI || key == P_HAS_RANDKEY {
            0
        } else {
            continue;
        };
        p.set_int(v).map_err(|e| param_error(key, e))?;
    }
    Ok(())
}

/// The data of one update (or one-shot `cipher`) call, with its aliasing made explicit by the ABI layer.
#[derive(Debug)]
pub(crate) enum Io<'a> {
    /// `out == NULL`: for an AEAD, additional authenticated data.
    Aad(&'a [u8]),
    /// `out == in`: `buf[..inl]` is the input; the output goes to the front of `buf`, which is at least `inl`
    /// bytes long (the caller's whole output buffer when longer).
    InPlace { buf: &'a mut [u8], inl: usize },
    /// Distinct, non-overlapping input and output buffers.
    Separate { input: &'a [u8], output: &'a mut [u8] },
}

impl Io<'_> {
    /// The input length.
    pub(crate) fn len(&self) -> usize {
        match self {
            Io::Aad(a) => a.len(),
            Io::InPlace { inl, .. } => *inl,
            Io::Separate { input, .. } => input.len(),
        }
    }

    /// The output capacity (0 for AAD).
    pub(crate) fn capacity(&self) -> usize {
        match self {
            Io::Aad(_) => 0,
            Io::InPlace { buf, .. } => buf.len(),
            Io::Separate { output, .. } => output.len(),
        }
    }
}

/// The safe half of a cipher context; `abi/cipher.rs` wraps these in `extern "C"` functions.
pub(crate) trait CipherOps: Clone + Send + 'static {
    /// A fresh context for the algorithm described by `info`.
    fn new(prov: Arc<ProvCtx>, info: &'static CipherInfo) -> Self;
    /// The provider context (for error reporting).
    fn prov(&self) -> &Arc<ProvCtx>;
    /// `OSSL_FUNC_cipher_{en,de}crypt_init`: `None` for a NULL key or IV (keep the current one).
    fn init(&mut self, enc: bool, key: Option<&[u8]>, iv: Option<&[u8]>, params: Params<'_>) -> ProvResult<()>;
    /// `OSSL_FUNC_cipher_update`; returns the number of output bytes.
    fn update(&mut self, io: Io<'_>) -> ProvResult<usize>;
    /// `OSSL_FUNC_cipher_final`; `out` is the caller's buffer (possibly empty); returns the bytes written.
    fn finish(&mut self, out: &mut [u8]) -> ProvResult<usize>;
    /// `OSSL_FUNC_cipher_cipher` (`EVP_Cipher`).
    fn cipher(&mut self, io: Io<'_>) -> ProvResult<usize>;
    /// `OSSL_FUNC_cipher_get_ctx_params` (mutable: asking for an IV may generate one).
    fn get_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()>;
    /// `OSSL_FUNC_cipher_set_ctx_params`.
    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()>;
}

/// Checks a requested key length (`"keylen"` set) against the algorithm's fixed one.
pub(crate) fn check_keylen(info: &CipherInfo, params: Params<'_>) -> ProvResult<()> {
    if let Some(p) = params.locate(P_KEYLEN) {
        let v: usize = p.get_int().map_err(|e| param_error(P_KEYLEN, e))?;
        if v != info.key_len {
            return Err(ProvError::with(
                Reason::InvalidLength,
                format!("keylen {v}: this cipher takes {}", info.key_len),
            ));
        }
    }
    Ok(())
}
