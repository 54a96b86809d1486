//! `CTR-DRBG` as an OpenSSL `EVP_RAND`: SP 800-90A CTR_DRBG (`ferrofips_crypto::drbg::CtrDrbg`) in the shared
//! DRBG framework (`rand_drbg.rs`); by default the library context's primary, public and private DRBGs.
//!
//! Own parameters (OpenSSL's `drbg_ctr.c`): `cipher` (`AES-128-CTR`, `AES-192-CTR`, `AES-256-CTR`; default
//! AES-256) and `use_derivation_function` (default 1), get and set; neither may change once instantiated.
//! Without the derivation function the entropy input is exactly seedlen bytes of full entropy, there is no
//! nonce, and personalization string and additional input are at most seedlen bytes. Always approved.

use ferrofips_crypto::drbg::{Cipher, CtrDrbg, Drbg};

use super::param_error;
use super::rand_drbg::Mechanism;
use super::rand_params as keys;
use crate::abi::params::{Param, Params};
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// The CTR_DRBG mechanism with its configuration.
#[derive(Debug)]
pub(crate) struct CtrMech(CtrDrbg);

impl Mechanism for CtrMech {
    const DEFAULT_PERS: &'static [u8] = b"ferrofips NIST SP 800-90A CTR_DRBG";

    /// AES-256 with derivation function.
    fn new_default() -> ProvResult<Self> {
        Ok(CtrMech(CtrDrbg::new(Cipher::Aes256, true)))
    }

    fn drbg(&self) -> &dyn Drbg {
        &self.0
    }

    fn drbg_mut(&mut self) -> &mut dyn Drbg {
        &mut self.0
    }

    /// With df: half the security strength (OpenSSL: `min_noncelen = min_entropylen / 2`); without: none.
    fn min_nonce_len(&self) -> usize {
        if self.0.use_df() { self.0.min_entropy_len() / 2 } else { 0 }
    }

    fn approved(&self) -> bool {
        true
    }

    fn get_param(&self, p: &Param<'_>) -> ProvResult<bool> {
        let key = p.key();
        if key == keys::USE_DF {
            p.set_int(i128::from(self.0.use_df())).map_err(|e| param_error(key, e))?;
        } else if key == keys::CIPHER {
            p.set_utf8(keys::cipher_name(self.0.cipher())).map_err(|e| param_error(key, e))?;
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    fn set_params(&mut self, _prov: &ProvCtx, params: Params<'_>, live: bool) -> ProvResult<()> {
        let mut cipher = self.0.cipher();
        let mut use_df = self.0.use_df();
        if let Some(p) = params.locate(keys::USE_DF) {
            use_df = p.get_int::<i64>().map_err(|e| param_error(p.key(), e))? != 0;
        }
        if let Some(p) = params.locate(keys::CIPHER) {
            let name = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
            cipher = keys::cipher_by_name(name)
                .ok_or_else(|| ProvError::with(Reason::InvalidParam, format!("DRBG cipher {name:?}")))?;
        }
        // Names of a digest or MAC (HASH/HMAC-DRBG parameters libcrypto passes to every DRBG type) are accepted
        // and ignored, as long as they are strings.
        for key in [keys::DIGEST, keys::MAC] {
            if let Some(p) = params.locate(key) {
                p.get_utf8().map_err(|e| param_error(p.key(), e))?;
            }
        }
        if (cipher, use_df) != (self.0.cipher(), self.0.use_df()) {
            if live {
                return Err(ProvError::with(
                    Reason::DrbgState,
                    "cipher or derivation function of an instantiated DRBG",
                ));
            }
            self.0 = CtrDrbg::new(cipher, use_df);
        }
        Ok(())
    }
}
