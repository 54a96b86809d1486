//! Moving X25519/Ed25519 keys in and out of the module: `import`/`export` (the raw `pub`/`priv` octet strings
//! OpenSSL's `ecx_kmgmt.c` and the `base` provider's encoders and decoders exchange) and
//! `get_params`/`set_params`.

use core::ffi::CStr;

use ferrofips_ffi as ffi;

use super::ec_key::Selection;
use super::ec_params::{P_BITS, P_ENCODED_PUB_KEY, P_MAX_SIZE, P_PRIV, P_PUB, P_SECURITY_BITS};
use super::ecx_key::{EcxKey, EcxKind, EcxPublic, EcxSecret, KEY_LEN};
use super::param_error;
use crate::abi::params::{OwnedParams, Param, Params};
use crate::error::{ProvError, ProvResult, Reason};

/// `OSSL_PKEY_PARAM_MANDATORY_DIGEST`: "" for Ed25519 (EdDSA hashes internally; no digest may be named).
pub(crate) const P_MANDATORY_DIGEST: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_MANDATORY_DIGEST);
/// `OSSL_PKEY_PARAM_PROPERTIES` (settable on X25519 keys; the module's own primitives ignore it).
pub(crate) const P_PROPERTIES: &CStr = ffi::cstr(ffi::OSSL_PKEY_PARAM_PROPERTIES);

fn octets<'a>(p: &Param<'a>) -> ProvResult<&'a [u8]> {
    p.get_octets().map_err(|e| param_error(p.key(), e))
}

impl EcxKey {
    /// `import` (OpenSSL's `ecx_import`): the selection must name a key half; `pub` and/or `priv` (the latter
    /// only with the private key selected) are raw 32-byte strings, at least one present. A private key without
    /// a public key gets its public key computed. All or nothing: the key is unchanged on error.
    pub(crate) fn import(&mut self, sel: Selection, params: Params<'_>) -> ProvResult<()> {
        if !sel.any_key() {
            return Err(ProvError::with(Reason::InvalidParam, "X25519/ED25519 import needs a key half selected"));
        }
        let kind = self.kind;
        let mut public = match params.locate(P_PUB) {
            Some(p) => Some(EcxPublic::from_bytes(kind, octets(&p)?)?),
            None => None,
        };
        let secret = match params.locate(P_PRIV) {
            Some(p) if sel.private() => Some(EcxSecret::from_bytes(kind, octets(&p)?)?),
            _ => None,
        };
        if public.is_none() && secret.is_none() {
            return Err(ProvError::with(Reason::NoKey, format!("{}: neither pub nor priv given", kind.name())));
        }
        if let (None, Some(d)) = (&public, &secret) {
            public = Some(d.public_key());
        }
        self.public = public;
        self.secret = secret;
        Ok(())
    }

    /// `export`: `pub` (and `priv` when selected) for a key-half selection; nothing for parameters only.
    pub(crate) fn export(&self, sel: Selection) -> ProvResult<OwnedParams> {
        let mut out = OwnedParams::new();
        if sel.any_key() {
            if let Some(q) = &self.public {
                out = out.octets(P_PUB, &q.to_bytes());
            }
            if sel.private()
                && let Some(d) = &self.secret
            {
                out = out.octets(P_PRIV, &d.to_bytes()[..]);
            }
        }
        Ok(out)
    }

    /// `get_params`: `bits`, `security-bits`, `max-size`, `pub`/`priv` (when present), `encoded-pub-key`
    /// (X25519 only, as libssl's key share) and `mandatory-digest` = "" (Ed25519 only).
    pub(crate) fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        let kind = self.kind;
        for p in params.iter() {
            let key = p.key();
            let e = |err| param_error(key, err);
            if key == P_BITS {
                p.set_int(kind.bits().into()).map_err(e)?;
            } else if key == P_SECURITY_BITS {
                p.set_int(kind.security_bits().into()).map_err(e)?;
            } else if key == P_MAX_SIZE {
                p.set_int(kind.max_size().into()).map_err(e)?;
            } else if key == P_ENCODED_PUB_KEY && kind == EcxKind::X25519 {
                let q = self.require_public("encoded-pub-key")?;
                p.set_octets(&q.to_bytes()).map_err(e)?;
            } else if key == P_MANDATORY_DIGEST && kind == EcxKind::Ed25519 {
                p.set_utf8(c"").map_err(e)?;
            } else if key == P_PUB {
                if let Some(q) = &self.public {
                    p.set_octets(&q.to_bytes()).map_err(e)?;
                }
            } else if key == P_PRIV
                && let Some(d) = &self.secret
            {
                p.set_octets(&d.to_bytes()[..]).map_err(e)?;
            }
        }
        Ok(())
    }

    /// `set_params` (X25519 only, as OpenSSL's `ecx_set_params`): `encoded-pub-key` replaces the public key
    /// (exactly 32 bytes) and drops any private key (libssl sets the peer's key share on a fresh key);
    /// `properties` must be a UTF-8 string. Ed25519 keys have nothing settable and accept any list.
    pub(crate) fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        if self.kind != EcxKind::X25519 {
            return Ok(());
        }
        let mut public = None;
        if let Some(p) = params.locate(P_ENCODED_PUB_KEY) {
            let b = octets(&p)?;
            if b.len() != KEY_LEN {
                return Err(ProvError::with(
                    Reason::InvalidKey,
                    format!("X25519 encoded public key is {} bytes, not {KEY_LEN}", b.len()),
                ));
            }
            public = Some(EcxPublic::from_bytes(self.kind, b)?);
        }
        if let Some(p) = params.locate(P_PROPERTIES) {
            p.get_utf8().map_err(|e| param_error(p.key(), e))?;
        }
        if let Some(q) = public {
            self.public = Some(q);
            self.secret = None;
        }
        Ok(())
    }
}
