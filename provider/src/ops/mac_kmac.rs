//! KMAC128 and KMAC256 (NIST SP 800-185) as OpenSSL `EVP_MAC`s ("KMAC-128", "KMAC-256"), with the semantics of
//! OpenSSL's `providers/implementations/macs/kmac_prov.c`:
//!
//! * `"key"` (or the key argument of `init`) is 4 to 512 bytes; `"custom"` (the customisation string S) is at most
//!   512 bytes. Both take effect at the next `init`, which needs a key set now or earlier.
//! * `"size"` (output length in bytes, default 32 / 64) and `"xof"` (non-zero: KMACXOF, `right_encode(0)`) may be
//!   changed any time before `final`. Unlike OpenSSL, a size of 0 is refused (an empty MAC authenticates nothing),
//!   as is anything above OpenSSL's `KMAC_MAX_OUTPUT_LEN` (`0xFFFFFF / 8` bytes).
//! * Gettable: `"size"`, `"block-size"` (168 / 136) and `"fips-indicator"` (1 iff the key has at least 112 bits,
//!   SP 800-131A r2); strict mode refuses shorter keys, as for HMAC.

use std::sync::Arc;

use ferrofips_crypto::mac::kmac::{Kmac, Variant};
use ferrofips_ffi as ffi;
use zeroize::Zeroizing;

use super::hmac::MIN_APPROVED_KEY_LEN;
use super::mac::{MacOps, answer_sizes, key_param, write_mac};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// `"custom"`: the KMAC customisation string.
pub(crate) const P_MAC_CUSTOM: &core::ffi::CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_CUSTOM);
/// `"xof"`: KMACXOF mode.
pub(crate) const P_MAC_XOF: &core::ffi::CStr = ffi::cstr(ffi::OSSL_MAC_PARAM_XOF);

/// OpenSSL's `KMAC_MIN_KEY` and `KMAC_MAX_KEY` (bytes).
const KEY_LEN: core::ops::RangeInclusive<usize> = 4..=512;
/// OpenSSL's `KMAC_MAX_CUSTOM` (bytes).
const MAX_CUSTOM: usize = 512;
/// OpenSSL's `KMAC_MAX_OUTPUT_LEN` (bytes).
const MAX_OUTPUT: usize = 0xFF_FFFF / 8;

/// A KMAC context; `BITS` is 128 or 256.
#[derive(Clone)]
pub(crate) struct KmacCtx<const BITS: u16> {
    pub(crate) prov: Arc<ProvCtx>,
    /// The raw key for the next `init`.
    key: Option<Zeroizing<Vec<u8>>>,
    /// The customisation string for the next `init`.
    custom: Vec<u8>,
    /// Output length in bytes.
    out_len: usize,
    /// KMACXOF mode.
    xof: bool,
    /// The running MAC between `init` and `final` (zeroizes itself).
    mac: Option<Kmac>,
}

/// KMAC128's context.
pub(crate) type Kmac128Ctx = KmacCtx<128>;
/// KMAC256's context.
pub(crate) type Kmac256Ctx = KmacCtx<256>;

impl<const BITS: u16> core::fmt::Debug for KmacCtx<BITS> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KmacCtx")
            .field("bits", &BITS)
            .field("keyed", &self.key.is_some())
            .field("custom_len", &self.custom.len())
            .field("out_len", &self.out_len)
            .field("xof", &self.xof)
            .field("active", &self.mac.is_some())
            .finish_non_exhaustive()
    }
}

impl<const BITS: u16> KmacCtx<BITS> {
    const VARIANT: Variant = if BITS == 256 { Variant::Kmac256 } else { Variant::Kmac128 };

    fn set_key(&mut self, key: &[u8]) -> ProvResult<()> {
        if !KEY_LEN.contains(&key.len()) {
            return Err(ProvError::with(Reason::InvalidKey, format!("KMAC key of {} bytes (4 to 512)", key.len())));
        }
        if self.prov.security_checks() && self.prov.strict() && key.len() < MIN_APPROVED_KEY_LEN {
            return Err(ProvError::with(
                Reason::KeyTooShort,
                format!("{} bits < 112 bits (strict mode)", key.len() * 8),
            ));
        }
        self.key = Some(Zeroizing::new(key.to_vec()));
        Ok(())
    }
}

impl<const BITS: u16> MacOps for KmacCtx<BITS> {
    fn new(prov: Arc<ProvCtx>) -> Self {
        Self { prov, key: None, custom: Vec::new(), out_len: Self::VARIANT.default_mac_len(), xof: false, mac: None }
    }

    fn init(&mut self, key: Option<&[u8]>, params: Params<'_>) -> ProvResult<()> {
        self.mac = None;
        self.set_ctx_params(params)?;
        if let Some(k) = key {
            self.set_key(k)?;
        }
        let key = self.key.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        self.mac = Some(Kmac::new(Self::VARIANT, key, &self.custom));
        Ok(())
    }

    fn update(&mut self, data: &[u8]) -> ProvResult<()> {
        let mac = self.mac.as_mut().ok_or(ProvError::new(Reason::NotInitialised))?;
        mac.update(data);
        Ok(())
    }

    fn finalize(&mut self, out: &mut [u8]) -> ProvResult<usize> {
        let mac = self.mac.as_mut().ok_or(ProvError::new(Reason::NotInitialised))?;
        let xof = self.xof;
        let n =
            write_mac(out, self.out_len, |dst| if xof { mac.finalize_xof_into(dst) } else { mac.finalize_into(dst) })?;
        self.mac = None;
        Ok(n)
    }

    /// Size, block-size and the approved-service indicator (key of at least 112 bits).
    fn get_ctx_params(&self, params: Params<'_>) -> ProvResult<()> {
        let approved = self.key.as_ref().is_some_and(|k| k.len() >= MIN_APPROVED_KEY_LEN);
        answer_sizes(params, self.out_len, Self::VARIANT.block_len(), approved)
    }

    /// `xof`, `size`, `key`, `custom`, checked in that order (as OpenSSL does).
    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_MAC_XOF) {
            self.xof = p.get_int::<i64>().map_err(|e| param_error(p.key(), e))? != 0;
        }
        if let Some(p) = params.locate(names::P_MAC_SIZE) {
            let n = p.get_int::<u64>().map_err(|e| param_error(p.key(), e))?;
            match usize::try_from(n) {
                Ok(n) if (1..=MAX_OUTPUT).contains(&n) => self.out_len = n,
                _ => return Err(ProvError::with(Reason::InvalidLength, format!("KMAC size {n} (1 to {MAX_OUTPUT})"))),
            }
        }
        if let Some(p) = params.locate(names::P_MAC_KEY) {
            self.set_key(key_param(&p)?)?;
        }
        if let Some(p) = params.locate(P_MAC_CUSTOM) {
            let custom = p.get_octets().map_err(|e| param_error(p.key(), e))?;
            if custom.len() > MAX_CUSTOM {
                return Err(ProvError::with(
                    Reason::InvalidLength,
                    format!("KMAC custom string of {} bytes (at most {MAX_CUSTOM})", custom.len()),
                ));
            }
            self.custom = custom.to_vec();
        }
        Ok(())
    }
}
