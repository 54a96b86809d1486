//! ECDH (SP 800-56A r3 section 5.7.1.2, ECC CDH primitive) as OpenSSL's key exchange "ECDH".
//!
//! The output is the shared secret Z: the x-coordinate of `d * Q`, always the full field length (leading zeros
//! kept, i.e. "padded"). Only the empty KDF type is offered; a buffer shorter than Z is refused rather than
//! truncated.

use std::sync::Arc;

use super::ec_group::{EcPublic, EcSecret};
use super::ec_key::EcKey;
use super::ec_params::{KDF_NONE, P_ECDH_COFACTOR_MODE, P_KDF_DIGEST, P_KDF_OUTLEN, P_KDF_TYPE, int, text};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// An ECDH context.
#[derive(Clone, Debug)]
pub(crate) struct EcdhCtx {
    pub(crate) prov: Arc<ProvCtx>,
    /// Our private key and its cofactor flag.
    key: Option<(EcSecret, bool)>,
    /// The peer's (validated) public key.
    peer: Option<EcPublic>,
    /// `ecdh-cofactor-mode`: -1 = the key's setting, 0 or 1. No effect on cofactor-1 curves.
    cofactor_mode: i32,
}

impl EcdhCtx {
    /// `newctx`.
    pub(crate) fn new(prov: Arc<ProvCtx>) -> Self {
        Self { prov, key: None, peer: None, cofactor_mode: -1 }
    }

    /// `init`: our key must hold a private key.
    pub(crate) fn init(&mut self, key: &EcKey, params: Params<'_>) -> ProvResult<()> {
        let secret = key.secret.clone().ok_or_else(|| ProvError::with(Reason::NoKey, "ECDH needs a private key"))?;
        if let Some(peer) = &self.peer
            && peer.curve() != secret.curve()
        {
            self.peer = None;
        }
        self.key = Some((secret, key.options.cofactor_ecdh));
        self.cofactor_mode = -1;
        self.set_params(params)
    }

    /// `set_peer`: a public key on our key's curve. Public keys are validated (SP 800-56A r3 5.6.2.3.3) when they
    /// enter the module, so the stored point is known valid.
    pub(crate) fn set_peer(&mut self, peer: &EcKey) -> ProvResult<()> {
        let q = peer.public.ok_or_else(|| ProvError::with(Reason::NoKey, "peer has no public key"))?;
        if let Some((d, _)) = &self.key
            && d.curve() != q.curve()
        {
            return Err(ProvError::with(Reason::InvalidKey, "peer key is on a different curve"));
        }
        self.peer = Some(q);
        Ok(())
    }

    /// The shared secret length (field size).
    fn secret_len(&self) -> ProvResult<usize> {
        let (d, _) = self.key.as_ref().ok_or_else(|| ProvError::new(Reason::NotInitialised))?;
        Ok(super::ec_group::Curve::get(d.curve()).field_len)
    }

    /// `derive`: `None` output asks for the length; otherwise Z goes to the front of `out`.
    pub(crate) fn derive(&self, out: Option<&mut [u8]>) -> ProvResult<usize> {
        let n = self.secret_len()?;
        let Some(out) = out else {
            return Ok(n);
        };
        let (d, _) = self.key.as_ref().ok_or_else(|| ProvError::new(Reason::NotInitialised))?;
        let q = self.peer.as_ref().ok_or_else(|| ProvError::with(Reason::NoKey, "no peer key set"))?;
        let have = out.len();
        let dst = out
            .get_mut(..n)
            .ok_or_else(|| ProvError::with(Reason::OutputTooSmall, format!("need {n} bytes, have {have}")))?;
        let z = d.ecdh(q).map_err(|_| ProvError::with(Reason::InvalidKey, "shared secret is the point at infinity"))?;
        dst.copy_from_slice(&z);
        Ok(n)
    }

    /// `set_ctx_params`: `ecdh-cofactor-mode` (-1, 0 or 1) and `kdf-type` (only "", no KDF).
    pub(crate) fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_ECDH_COFACTOR_MODE) {
            let v = int(&p)?;
            if !(-1..=1).contains(&v) {
                return Err(ProvError::with(Reason::InvalidParam, format!("ecdh-cofactor-mode {v}")));
            }
            self.cofactor_mode = v;
        }
        if let Some(p) = params.locate(P_KDF_TYPE) {
            let t = text(&p)?;
            if !t.is_empty() {
                return Err(ProvError::with(Reason::InvalidParam, format!("kdf-type {t:?} is not supported")));
            }
        }
        Ok(())
    }

    /// `get_ctx_params`: the effective cofactor mode, the KDF type "" and its (unused) digest and length.
    pub(crate) fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        for p in params.iter() {
            let key = p.key();
            if key == P_ECDH_COFACTOR_MODE {
                let mode = match self.cofactor_mode {
                    -1 => i32::from(self.key.as_ref().is_some_and(|(_, f)| *f)),
                    m => m,
                };
                p.set_int(mode.into()).map_err(|e| param_error(key, e))?;
            } else if key == P_KDF_TYPE || key == P_KDF_DIGEST {
                p.set_utf8(KDF_NONE).map_err(|e| param_error(key, e))?;
            } else if key == P_KDF_OUTLEN {
                p.set_int(0).map_err(|e| param_error(key, e))?;
            }
        }
        Ok(())
    }
}
