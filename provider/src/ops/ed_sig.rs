//! Ed25519 (RFC 8032, FIPS 186-5 section 7) as OpenSSL's signature "ED25519" (`eddsa_sig.c` of 3.5):
//!
//! * `EVP_DigestSign`/`EVP_DigestVerify` one-shot over the message (no digest may be named: NULL or "" only);
//! * `EVP_PKEY_sign_message_init` (libcrypto 3.4+) + one-shot `EVP_PKEY_sign`/`EVP_PKEY_verify` over the message,
//!   the instance preset to Ed25519;
//! * `EVP_PKEY_sign_init` + `EVP_PKEY_sign` over a caller-computed SHA-512 hash, which needs the instance set
//!   to Ed25519ph (as OpenSSL);
//! * ctx params `instance` ("Ed25519", "Ed25519ctx", "Ed25519ph"; libcrypto 3.2+) and `context-string`
//!   (0..=255 bytes; must be empty for pure Ed25519, non-empty for Ed25519ctx); get `algorithm-id` (the DER
//!   AlgorithmIdentifier of id-Ed25519, RFC 8410), `instance`, `context-string`.
//!
//! Ed25519ctx is not in FIPS 186-5, so strict mode refuses it. Verification is cofactorless with `S < L` and
//! canonical `R`/`A` enforced (the crypto crate's `ed25519::verify`).

use core::ffi::CStr;
use std::sync::Arc;

use ferrofips_crypto::digest::{Algorithm, digest};
use ferrofips_crypto::ec::ed25519::{self, Variant};

use super::ec_sig::Op;
use super::ecx_key::{EcxKey, EcxKind, EcxPublic, EcxSecret, SIG_LEN};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// `OSSL_SIGNATURE_PARAM_INSTANCE`.
pub(crate) const P_INSTANCE: &CStr = c"instance";
/// `OSSL_SIGNATURE_PARAM_CONTEXT_STRING`.
pub(crate) const P_CONTEXT_STRING: &CStr = c"context-string";
/// SEQUENCE { OID 1.3.101.112 } (id-Ed25519, parameters absent; RFC 8410 section 3).
pub(crate) const ED25519_AID: [u8; 7] = [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];
/// Longest context string (RFC 8032 section 5.1).
const MAX_CONTEXT_LEN: usize = 255;
/// Length of the Ed25519ph pre-hash (SHA-512).
const PREHASH_LEN: usize = 64;

/// The EdDSA instance of RFC 8032 section 5.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Instance {
    /// Ed25519 (no dom2 prefix, empty context).
    Pure,
    /// Ed25519ctx (dom2 with phflag 0, non-empty context).
    Ctx,
    /// Ed25519ph (dom2 with phflag 1, SHA-512 pre-hash).
    Ph,
}

impl Instance {
    const ALL: [(Instance, &'static CStr); 3] =
        [(Instance::Pure, c"Ed25519"), (Instance::Ctx, c"Ed25519ctx"), (Instance::Ph, c"Ed25519ph")];

    /// OpenSSL's instance name.
    pub(crate) fn name(self) -> &'static CStr {
        Self::ALL.iter().find(|(i, _)| *i == self).map_or(c"Ed25519", |(_, n)| n)
    }

    /// Looks an instance name up, ignoring case (OpenSSL uses `OPENSSL_strcasecmp`).
    pub(crate) fn from_name(s: &str) -> Option<Instance> {
        Self::ALL.iter().find(|(_, n)| n.to_str().is_ok_and(|n| n.eq_ignore_ascii_case(s))).map(|(i, _)| *i)
    }
}

/// How the operation was initialised (decides who hashes for Ed25519ph and whether the instance may change).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `digest_sign_init`/`digest_verify_init`: the message is passed whole.
    Digest,
    /// `sign_init`/`verify_init`: the caller passes the SHA-512 pre-hash (the instance must be Ed25519ph).
    PreHashed,
    /// `sign_message_init`/`verify_message_init`: the message is passed whole, the instance is fixed.
    Message,
}

/// An Ed25519 signature context.
#[derive(Clone, Debug)]
pub(crate) struct EdCtx {
    pub(crate) prov: Arc<ProvCtx>,
    op: Option<Op>,
    mode: Mode,
    secret: Option<ed25519::SecretKey>,
    public: Option<ed25519::PublicKey>,
    instance: Instance,
    context: Vec<u8>,
}

impl EdCtx {
    /// `newctx`.
    pub(crate) fn new(prov: Arc<ProvCtx>) -> Self {
        Self {
            prov,
            op: None,
            mode: Mode::Digest,
            secret: None,
            public: None,
            instance: Instance::Pure,
            context: Vec::new(),
        }
    }

    /// Any init: takes the Ed25519 key (signing needs its private half), resets the instance to Ed25519 and
    /// the context string to empty, then applies `params`. A digest-sign/verify re-init without a key keeps the
    /// key and only applies `params` (as OpenSSL).
    pub(crate) fn init(&mut self, op: Op, mode: Mode, key: Option<&EcxKey>, params: Params<'_>) -> ProvResult<()> {
        let Some(key) = key else {
            if mode == Mode::Digest && self.op == Some(op) && self.public.is_some() {
                return self.set_params(params);
            }
            return Err(ProvError::with(Reason::NoKey, "no key set"));
        };
        if key.kind != EcxKind::Ed25519 {
            return Err(ProvError::with(Reason::InvalidKey, "ED25519 signature with a non-ED25519 key"));
        }
        let EcxPublic::Ed25519(public) = key.require_public("ED25519")? else {
            return Err(ProvError::new(Reason::InvalidKey));
        };
        let secret = match op {
            Op::Sign => match key.require_secret("ED25519 signing")? {
                EcxSecret::Ed25519(sk) => Some(sk.clone()),
                EcxSecret::X25519(_) => return Err(ProvError::new(Reason::InvalidKey)),
            },
            Op::Verify => None,
        };
        (self.public, self.secret) = (Some(public.clone()), secret);
        (self.op, self.mode, self.instance) = (Some(op), mode, Instance::Pure);
        self.context.clear();
        self.set_params(params)
    }

    fn expect(&self, op: Op) -> ProvResult<()> {
        if self.op == Some(op) { Ok(()) } else { Err(ProvError::new(Reason::NotInitialised)) }
    }

    /// The instance's RFC 8032 variant, after the instance/context rules, and the data to sign or verify
    /// (`tbs`, or its SHA-512 hash for Ed25519ph over a whole message).
    fn prepare<'a>(&'a self, tbs: &'a [u8], hashed: &'a mut Vec<u8>) -> ProvResult<(Variant<'a>, &'a [u8])> {
        let ctx = self.context.as_slice();
        let variant = match self.instance {
            Instance::Pure if !ctx.is_empty() => {
                return Err(ProvError::with(Reason::InvalidParam, "Ed25519 takes no context string (use Ed25519ctx)"));
            }
            Instance::Pure => Variant::Pure,
            Instance::Ctx if self.prov.strict() => {
                return Err(ProvError::with(Reason::InvalidParam, "Ed25519ctx is not approved (strict mode)"));
            }
            Instance::Ctx if ctx.is_empty() => {
                return Err(ProvError::with(Reason::InvalidParam, "Ed25519ctx needs a non-empty context string"));
            }
            Instance::Ctx => Variant::Ctx(ctx),
            Instance::Ph => Variant::Ph(ctx),
        };
        let data = match (self.instance, self.mode) {
            (Instance::Ph, Mode::PreHashed) if tbs.len() != PREHASH_LEN => {
                return Err(ProvError::with(
                    Reason::InvalidLength,
                    format!("Ed25519ph pre-hash is {} bytes, not {PREHASH_LEN}", tbs.len()),
                ));
            }
            (Instance::Ph, Mode::PreHashed) => tbs,
            (Instance::Ph, _) => {
                *hashed = digest(Algorithm::Sha512, tbs);
                hashed.as_slice()
            }
            (_, Mode::PreHashed) => {
                return Err(ProvError::with(
                    Reason::InvalidParam,
                    "EVP_PKEY_sign/verify with ED25519 needs the Ed25519ph instance (the input is a SHA-512 hash)",
                ));
            }
            _ => tbs,
        };
        Ok((variant, data))
    }

    /// `sign`/`digest_sign`: `None` output is a size query (64).
    pub(crate) fn sign(&self, out: Option<&mut [u8]>, tbs: &[u8]) -> ProvResult<usize> {
        self.expect(Op::Sign)?;
        let Some(out) = out else {
            return Ok(SIG_LEN);
        };
        let have = out.len();
        let dst = out
            .get_mut(..SIG_LEN)
            .ok_or_else(|| ProvError::with(Reason::OutputTooSmall, format!("need {SIG_LEN} bytes, have {have}")))?;
        let sk = self.secret.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        let mut hashed = Vec::new();
        let (variant, data) = self.prepare(tbs, &mut hashed)?;
        let sig = ed25519::sign(sk, data, variant).map_err(|_| ProvError::new(Reason::InvalidParam))?;
        dst.copy_from_slice(&sig);
        Ok(SIG_LEN)
    }

    /// `verify`/`digest_verify`: the signature must be exactly 64 bytes and valid.
    pub(crate) fn verify(&self, sig: &[u8], tbs: &[u8]) -> ProvResult<()> {
        self.expect(Op::Verify)?;
        if sig.len() != SIG_LEN {
            return Err(ProvError::with(
                Reason::BadSignature,
                format!("Ed25519 signature is {} bytes, not {SIG_LEN}", sig.len()),
            ));
        }
        let pk = self.public.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        let mut hashed = Vec::new();
        let (variant, data) = self.prepare(tbs, &mut hashed)?;
        ed25519::verify(pk, data, sig, variant).map_err(|_| ProvError::new(Reason::BadSignature))
    }

    /// `set_ctx_params`: `instance` (not after `sign_message_init`, which fixes it) and `context-string`.
    pub(crate) fn set_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_INSTANCE) {
            if self.mode == Mode::Message && self.op.is_some() {
                return Err(ProvError::with(Reason::InvalidParam, "the EdDSA instance is preset by this operation"));
            }
            let name = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
            self.instance = Instance::from_name(name)
                .ok_or_else(|| ProvError::with(Reason::InvalidParam, format!("EdDSA instance {name:?}")))?;
        }
        if let Some(p) = params.locate(P_CONTEXT_STRING) {
            let c = p.get_octets().map_err(|e| param_error(p.key(), e))?;
            if c.len() > MAX_CONTEXT_LEN {
                return Err(ProvError::with(
                    Reason::InvalidLength,
                    format!("context string is {} bytes, at most {MAX_CONTEXT_LEN}", c.len()),
                ));
            }
            self.context = c.to_vec();
        }
        Ok(())
    }

    /// `get_ctx_params`: `algorithm-id`, `instance`, `context-string`.
    pub(crate) fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        for p in params.iter() {
            let key = p.key();
            let e = |err| param_error(key, err);
            if key == super::ec_params::P_ALGORITHM_ID {
                p.set_octets(&ED25519_AID).map_err(e)?;
            } else if key == P_INSTANCE {
                p.set_utf8(self.instance.name()).map_err(e)?;
            } else if key == P_CONTEXT_STRING {
                p.set_octets(&self.context).map_err(e)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_names_ignore_case() {
        assert_eq!(Instance::from_name("ed25519PH"), Some(Instance::Ph));
        assert_eq!(Instance::from_name("Ed25519ctx"), Some(Instance::Ctx));
        assert_eq!(Instance::from_name("Ed448"), None);
        assert_eq!(Instance::Pure.name(), c"Ed25519");
        assert_eq!(ED25519_AID[1] as usize + 2, ED25519_AID.len());
    }
}
