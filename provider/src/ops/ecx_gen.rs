//! X25519/Ed25519 key generation (`gen_init` .. `gen`, OpenSSL's `ecx_gen`): 32 bytes from the module's
//! private DRBG. A generated Ed25519 key pair passes a sign/verify pair-wise consistency test before it is
//! handed out (FIPS 140-3 IG 10.3.A, TE10.35.02), reported as ("Conditional_PCT", "EDDSA") like OpenSSL 3.5's
//! FIPS provider; X25519 is not an approved service and gets none.

use std::sync::Arc;

use ferrofips_crypto::ec::{ed25519, x25519};

use super::ec_group::with_private_rng;
use super::ec_key::Selection;
use super::ec_params::{P_GROUP, text};
use super::ec_pct;
use super::ecx_key::{EcxKey, EcxKind, EcxSecret};
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// `OSSL_SELF_TEST_DESC_PCT_EDDSA`.
pub(crate) const PCT_DESC_EDDSA: &str = "EDDSA";

/// Message signed by the Ed25519 PCT.
const PCT_MESSAGE: &[u8] = b"ferrofips Ed25519 pair-wise consistency test";

/// `OSSL_KDF_PARAM_PROPERTIES` ("properties"), settable on generation (ignored: the module's own DRBG is used).
pub(crate) const P_GEN_PROPERTIES: &core::ffi::CStr = c"properties";

/// A key-generation context.
#[derive(Debug)]
pub(crate) struct EcxGenCtx {
    pub(crate) prov: Arc<ProvCtx>,
    kind: EcxKind,
    selection: Selection,
}

impl EcxGenCtx {
    /// `gen_init`: any selection (one without a key half makes an empty key, as OpenSSL's `ecx_gen`).
    pub(crate) fn new(
        prov: Arc<ProvCtx>,
        kind: EcxKind,
        selection: Selection,
        params: crate::abi::params::Params<'_>,
    ) -> ProvResult<Self> {
        let mut g = Self { prov, kind, selection };
        g.set_params(params)?;
        Ok(g)
    }

    /// `gen_set_params` (OpenSSL's `ecx_gen_set_params`): `group` may only name the key's own group
    /// ("x25519", any case, for X25519 as libssl sets it; Ed25519 has no group); `properties` must be a
    /// string. Other keys are ignored.
    pub(crate) fn set_params(&mut self, params: crate::abi::params::Params<'_>) -> ProvResult<()> {
        if let Some(p) = params.locate(P_GROUP) {
            let name = p.get_utf8().map_err(|e| super::param_error(p.key(), e))?;
            let ok = self.kind == EcxKind::X25519 && name.eq_ignore_ascii_case("x25519");
            if !ok {
                return Err(ProvError::with(
                    Reason::InvalidParam,
                    format!("{} key generation: group {name:?} is not supported", self.kind.name()),
                ));
            }
        }
        if let Some(p) = params.locate(P_GEN_PROPERTIES) {
            text(&p)?;
        }
        Ok(())
    }

    /// `gen`: an empty key for a parameters-only selection, else a fresh key pair.
    pub(crate) fn generate(&self) -> ProvResult<EcxKey> {
        let mut key = EcxKey::new(self.prov.clone(), self.kind);
        if !self.selection.any_key() {
            return Ok(key);
        }
        let secret = match self.kind {
            EcxKind::X25519 => EcxSecret::X25519(with_private_rng(|rng| x25519::SecretKey::generate(rng))?),
            EcxKind::Ed25519 => {
                let sk = with_private_rng(|rng| ed25519::SecretKey::generate(rng))?;
                ed25519_pct(&self.prov, &sk)?;
                EcxSecret::Ed25519(sk)
            }
        };
        key.public = Some(secret.public_key());
        key.secret = Some(secret);
        Ok(key)
    }
}

/// Sign/verify PCT of a generated Ed25519 key pair: a signature of a fixed message must verify with the public
/// key (the Corrupt phase flips a message bit before verification). A failure puts the module into the error
/// state.
pub(crate) fn ed25519_pct(prov: &ProvCtx, sk: &ed25519::SecretKey) -> ProvResult<()> {
    ec_pct::conditional_test(prov, PCT_DESC_EDDSA, "Ed25519 sign/verify", |corrupt| {
        let Ok(sig) = ed25519::sign(sk, PCT_MESSAGE, ed25519::Variant::Pure) else {
            return false;
        };
        let mut msg = PCT_MESSAGE.to_vec();
        if corrupt {
            msg[0] ^= 1;
        }
        ed25519::verify(&sk.public_key(), &msg, &sig, ed25519::Variant::Pure).is_ok()
    })
}
