//! X25519 (RFC 7748 section 6.1) as OpenSSL's key exchange "X25519" (`ecx_exch.c`). Not an approved service:
//! offered with `fips=no` and not at all in strict mode.
//!
//! The output is always the full 32-byte shared secret (no stripping of leading zeros, so "padding" never
//! changes it); a size query (no output buffer) answers 32; a buffer shorter than 32 bytes is refused. An
//! all-zero result (a small-order peer point, RFC 7748 section 6.1) is an error, as in OpenSSL.

use std::sync::Arc;

use ferrofips_crypto::ec::x25519;

use super::ecx_key::{EcxKey, EcxKind, EcxPublic, EcxSecret, KEY_LEN};
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// An X25519 key-exchange context.
#[derive(Clone, Debug)]
pub(crate) struct X25519Ctx {
    pub(crate) prov: Arc<ProvCtx>,
    key: Option<EcxSecret>,
    peer: Option<x25519::PublicKey>,
}

impl X25519Ctx {
    /// `newctx`.
    pub(crate) fn new(prov: Arc<ProvCtx>) -> Self {
        Self { prov, key: None, peer: None }
    }

    /// `init`: our key must be an X25519 key with its private half.
    pub(crate) fn init(&mut self, key: &EcxKey) -> ProvResult<()> {
        if key.kind != EcxKind::X25519 {
            return Err(ProvError::with(Reason::InvalidKey, "X25519 exchange with a non-X25519 key"));
        }
        self.key = Some(key.require_secret("X25519 key exchange")?.clone());
        Ok(())
    }

    /// `set_peer`: an X25519 public key (any u-coordinate; small-order points fail at `derive`).
    pub(crate) fn set_peer(&mut self, peer: &EcxKey) -> ProvResult<()> {
        match peer.require_public("X25519 peer")? {
            EcxPublic::X25519(q) if peer.kind == EcxKind::X25519 => {
                self.peer = Some(*q);
                Ok(())
            }
            _ => Err(ProvError::with(Reason::InvalidKey, "X25519 peer key is not an X25519 key")),
        }
    }

    /// `derive`: `None` output asks for the length; otherwise the 32-byte secret goes to the front of `out`.
    pub(crate) fn derive(&self, out: Option<&mut [u8]>) -> ProvResult<usize> {
        let Some(out) = out else {
            return Ok(KEY_LEN);
        };
        let Some(EcxSecret::X25519(d)) = &self.key else {
            return Err(ProvError::new(Reason::NotInitialised));
        };
        let q = self.peer.as_ref().ok_or_else(|| ProvError::with(Reason::NoKey, "no peer key set"))?;
        let have = out.len();
        let dst = out
            .get_mut(..KEY_LEN)
            .ok_or_else(|| ProvError::with(Reason::OutputTooSmall, format!("need {KEY_LEN} bytes, have {have}")))?;
        let z = x25519::x25519(d, q)
            .map_err(|_| ProvError::with(Reason::InvalidKey, "X25519 shared secret is all zero (small-order peer)"))?;
        dst.copy_from_slice(&z[..]);
        Ok(KEY_LEN)
    }
}
