//! HMAC (FIPS 198-1) as an OpenSSL `EVP_MAC`.

use std::sync::Arc;

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::hmac::Hmac;
use zeroize::Zeroizing;

use super::mac::{MacOps, answer_sizes, key_param, write_mac};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// Shortest HMAC key for approved use: 112 bits (SP 800-131A r2; OpenSSL's `hmac-key-check`).
pub(crate) const MIN_APPROVED_KEY_LEN: usize = 14;

/// Where an HMAC context is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Not (successfully) initialised since creation or the last `final`.
    Idle,
    /// Keyed and accepting input.
    Active,
}

/// An HMAC context.
#[derive(Clone)]
pub(crate) struct HmacCtx {
    pub(crate) prov: Arc<ProvCtx>,
    digest: Option<Algorithm>,
    key: Option<Zeroizing<Vec<u8>>>,
    mac: Option<Hmac>,
    phase: Phase,
}

impl core::fmt::Debug for HmacCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HmacCtx").field("digest", &self.digest).field("phase", &self.phase).finish_non_exhaustive()
    }
}

impl HmacCtx {
    /// The MAC length for the current digest (0 before a digest is set, as OpenSSL reports).
    pub(crate) fn size(&self) -> usize {
        self.digest.map_or(0, Algorithm::output_len)
    }

    fn set_key(&mut self, key: &[u8]) -> ProvResult<()> {
        if self.prov.security_checks() && self.prov.strict() && key.len() < MIN_APPROVED_KEY_LEN {
            return Err(ProvError::with(
                Reason::KeyTooShort,
                format!("{} bits < 112 bits (strict mode)", key.len() * 8),
            ));
        }
        self.key = Some(Zeroizing::new(key.to_vec()));
        self.rekey()
    }

    fn rekey(&mut self) -> ProvResult<()> {
        self.mac = match (self.digest, &self.key) {
            (Some(alg), Some(key)) => Some(Hmac::new(alg, key).map_err(|_| ProvError::new(Reason::UnknownDigest))?),
            _ => None,
        };
        self.phase = Phase::Idle;
        Ok(())
    }
}

impl MacOps for HmacCtx {
    /// A context with no digest and no key.
    fn new(prov: Arc<ProvCtx>) -> Self {
        Self { prov, digest: None, key: None, mac: None, phase: Phase::Idle }
    }

    /// Applies `params`, then `key` if given (else the key set earlier), and starts a MAC.
    fn init(&mut self, key: Option<&[u8]>, params: Params<'_>) -> ProvResult<()> {
        self.phase = Phase::Idle;
        self.set_ctx_params(params)?;
        if let Some(k) = key {
            self.set_key(k)?;
        }
        let mac = self.mac.as_mut().ok_or_else(|| match (self.digest, &self.key) {
            (None, _) => ProvError::with(Reason::UnknownDigest, "no digest set"),
            _ => ProvError::new(Reason::NoKey),
        })?;
        mac.reset();
        self.phase = Phase::Active;
        Ok(())
    }

    fn update(&mut self, data: &[u8]) -> ProvResult<()> {
        match (&mut self.mac, self.phase) {
            (Some(mac), Phase::Active) => {
                mac.update(data);
                Ok(())
            }
            _ => Err(Reason::NotInitialised.into()),
        }
    }

    fn finalize(&mut self, out: &mut [u8]) -> ProvResult<usize> {
        let (Some(mac), Phase::Active) = (&mut self.mac, self.phase) else {
            return Err(Reason::NotInitialised.into());
        };
        let n = write_mac(out, mac.mac_len(), |dst| mac.finalize_into(dst))?;
        self.phase = Phase::Idle;
        Ok(n)
    }

    /// Size, block-size and the approved-service indicator (key of at least 112 bits).
    fn get_ctx_params(&self, params: Params<'_>) -> ProvResult<()> {
        let approved = self.key.as_ref().is_some_and(|k| k.len() >= MIN_APPROVED_KEY_LEN);
        answer_sizes(params, self.size(), self.digest.map_or(0, Algorithm::block_len), approved)
    }

    /// Digest, properties, key and the flags OpenSSL's HMAC accepts.
    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(names::P_MAC_DIGEST) {
            let name = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
            let alg = names::digest_by_name(name)
                .ok_or_else(|| ProvError::with(Reason::UnknownDigest, format!("digest {name:?}")))?;
            if alg.is_xof() {
                return Err(ProvError::with(Reason::XofNotAllowed, format!("digest {name:?}")));
            }
            self.digest = Some(alg);
            self.rekey()?;
        }
        if let Some(p) = params.locate(names::P_MAC_PROPERTIES) {
            // The digest always comes from this module; the query only has to be a string.
            p.get_utf8().map_err(|e| param_error(p.key(), e))?;
        }
        for key in [names::P_MAC_DIGEST_NOINIT, names::P_MAC_DIGEST_ONESHOT, names::P_MAC_TLS_DATA_SIZE] {
            if let Some(p) = params.locate(key) {
                p.get_int::<i64>().map_err(|e| param_error(p.key(), e))?;
            }
        }
        if let Some(p) = params.locate(names::P_MAC_KEY) {
            self.set_key(key_param(&p)?)?;
        }
        Ok(())
    }
}
