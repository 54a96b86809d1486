//! ECDH (SP 800-56A r3 section 5.7.1.2, ECC CDH primitive) as OpenSSL's key exchange "ECDH".
//!
//! Without a KDF the output is the shared secret Z: the x-coordinate of `d * Q` at the full field length (leading
//! zeros kept, i.e. "padded"); as OpenSSL does, a shorter output buffer receives the leading bytes of Z.
//! With `kdf-type` "X963KDF" the output is `kdf-outlen` bytes of the ANSI X9.63 KDF (SP 800-56C r2 one-step KDF
//! with a hash, SP 800-135) over Z, `kdf-ukm` as SharedInfo, with `kdf-digest` (SHA-1 only outside strict mode,
//! as OpenSSL 3.5's `x963kdf-digest-check`); Z itself never leaves the module then.

use std::sync::Arc;

use super::ec_group::{EcPublic, EcSecret};
use super::ec_key::EcKey;
use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::kdf::sskdf::x963kdf;
use zeroize::Zeroizing;

use super::ec_params::{
    KDF_NONE, KDF_X963, P_ECDH_COFACTOR_MODE, P_KDF_DIGEST, P_KDF_DIGEST_PROPS, P_KDF_OUTLEN, P_KDF_TYPE, P_KDF_UKM,
    int, text,
};
use super::kdf::{enforce, hmac_hash, read_digest};
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
    /// `kdf-type` "X963KDF" (else no KDF).
    x963: bool,
    /// `kdf-digest`.
    kdf_digest: Option<Algorithm>,
    /// `kdf-outlen`.
    kdf_outlen: usize,
    /// `kdf-ukm` (SharedInfo).
    kdf_ukm: Vec<u8>,
}

/// The longest `kdf-ukm` accepted (OpenSSL sets no limit; SP 800-56C's FixedInfo is public and short).
const UKM_MAX: usize = 1 << 16;
/// The longest `kdf-outlen` accepted (the X9.63 KDF's counter allows far more; no protocol needs it).
const KDF_OUT_MAX: usize = 1 << 16;

impl EcdhCtx {
    /// `newctx`.
    pub(crate) fn new(prov: Arc<ProvCtx>) -> Self {
        Self {
            prov,
            key: None,
            peer: None,
            cofactor_mode: -1,
            x963: false,
            kdf_digest: None,
            kdf_outlen: 0,
            kdf_ukm: Vec::new(),
        }
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

    /// `derive`: `None` output asks for the length; otherwise the output goes to the front of `out`.
    pub(crate) fn derive(&self, out: Option<&mut [u8]>) -> ProvResult<usize> {
        if self.x963 {
            return self.derive_x963(out);
        }
        let n = self.secret_len()?;
        let Some(out) = out else {
            return Ok(n);
        };
        // As OpenSSL's ecdh_plain_derive: a shorter buffer gets the leading bytes, an empty one is an error.
        if out.is_empty() {
            return Err(ProvError::with(Reason::OutputTooSmall, "empty output buffer"));
        }
        let z = self.shared_secret()?;
        let len = n.min(out.len());
        out[..len].copy_from_slice(&z[..len]);
        Ok(len)
    }

    /// Z for our key and the peer's.
    fn shared_secret(&self) -> ProvResult<Zeroizing<Vec<u8>>> {
        let (d, _) = self.key.as_ref().ok_or_else(|| ProvError::new(Reason::NotInitialised))?;
        let q = self.peer.as_ref().ok_or_else(|| ProvError::with(Reason::NoKey, "no peer key set"))?;
        d.ecdh(q).map_err(|_| ProvError::with(Reason::InvalidKey, "shared secret is the point at infinity"))
    }

    /// `derive` with the X9.63 KDF: exactly `kdf-outlen` bytes.
    fn derive_x963(&self, out: Option<&mut [u8]>) -> ProvResult<usize> {
        let n = self.kdf_outlen;
        let Some(out) = out else {
            return Ok(n);
        };
        if n == 0 {
            return Err(ProvError::with(Reason::InvalidLength, "kdf-outlen is not set"));
        }
        let have = out.len();
        let dst = out
            .get_mut(..n)
            .ok_or_else(|| ProvError::with(Reason::OutputTooSmall, format!("need {n} bytes, have {have}")))?;
        let alg = self.kdf_digest.ok_or_else(|| ProvError::with(Reason::UnknownDigest, "no kdf-digest set"))?;
        let z = self.shared_secret()?;
        x963kdf(hmac_hash(alg)?, &z, &self.kdf_ukm, dst)
            .map_err(|_| ProvError::with(Reason::InvalidLength, "X9.63 KDF input or output too long"))?;
        Ok(n)
    }

    /// `set_ctx_params`: `ecdh-cofactor-mode` (-1, 0 or 1), `kdf-type` ("" or "X963KDF"), `kdf-digest` (with
    /// `kdf-digest-props`, which only our own digests can satisfy), `kdf-outlen`, `kdf-ukm`.
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
            self.x963 = match t {
                "" => false,
                _ if t.eq_ignore_ascii_case("X963KDF") => true,
                _ => return Err(ProvError::with(Reason::InvalidParam, format!("kdf-type {t:?} is not supported"))),
            };
        }
        if let Some(p) = params.locate(P_KDF_DIGEST) {
            let alg = read_digest(&p)?;
            if let Some(props) = params.locate(P_KDF_DIGEST_PROPS) {
                text(&props)?;
            }
            if alg == Algorithm::Sha1 && enforce(&self.prov) {
                return Err(ProvError::with(Reason::InvalidParam, "X9.63 KDF with SHA-1 (strict mode)"));
            }
            self.kdf_digest = Some(alg);
        }
        if let Some(p) = params.locate(P_KDF_OUTLEN) {
            let n: usize = p.get_int().map_err(|e| param_error(p.key(), e))?;
            if n > KDF_OUT_MAX {
                return Err(ProvError::with(Reason::InvalidLength, format!("kdf-outlen {n}")));
            }
            self.kdf_outlen = n;
        }
        if let Some(p) = params.locate(P_KDF_UKM) {
            let ukm = p.get_octets().map_err(|e| param_error(p.key(), e))?;
            if ukm.len() > UKM_MAX {
                return Err(ProvError::with(Reason::InvalidLength, format!("kdf-ukm of {} bytes", ukm.len())));
            }
            self.kdf_ukm = ukm.to_vec();
        }
        Ok(())
    }

    /// `get_ctx_params`: the effective cofactor mode, the KDF type, digest and output length.
    pub(crate) fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        for p in params.iter() {
            let key = p.key();
            if key == P_ECDH_COFACTOR_MODE {
                let mode = match self.cofactor_mode {
                    -1 => i32::from(self.key.as_ref().is_some_and(|(_, f)| *f)),
                    m => m,
                };
                p.set_int(mode.into()).map_err(|e| param_error(key, e))?;
            } else if key == P_KDF_TYPE {
                p.set_utf8(if self.x963 { KDF_X963 } else { KDF_NONE }).map_err(|e| param_error(key, e))?;
            } else if key == P_KDF_DIGEST {
                let name = self.kdf_digest.map_or(c"", super::rand_params::digest_name);
                p.set_utf8(name).map_err(|e| param_error(key, e))?;
            } else if key == P_KDF_OUTLEN {
                p.set_int(self.kdf_outlen as i128).map_err(|e| param_error(key, e))?;
            }
        }
        Ok(())
    }
}
