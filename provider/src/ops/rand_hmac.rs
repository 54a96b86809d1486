//! `HMAC-DRBG` as an OpenSSL `EVP_RAND`: SP 800-90A HMAC_DRBG (`ferrofips_crypto::drbg::HmacDrbg`) in the shared
//! DRBG framework (`rand_drbg.rs`); usable as the library context's DRBGs (`[random] random = HMAC-DRBG`).
//!
//! Own parameters (OpenSSL's `drbg_hmac.c`): `digest` (as for `HASH-DRBG`: SHA-1/2/3, no XOF, default SHA2-512),
//! `mac` (get/set; only `HMAC`, which is also the default — libcrypto passes it when it creates the DRBG) and
//! `properties` (set, ignored). The digest may not change once instantiated. `fips-indicator` as for
//! `HASH-DRBG`.

use ferrofips_crypto::drbg::{Drbg, HmacDrbg};

use super::param_error;
use super::rand_drbg::{Mechanism, drbg_error};
use super::rand_hash::DEFAULT_DIGEST;
use super::rand_params as keys;
use crate::abi::params::{Param, Params};
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// The HMAC_DRBG mechanism with its configuration.
#[derive(Debug)]
pub(crate) struct HmacMech(HmacDrbg);

impl Mechanism for HmacMech {
    const DEFAULT_PERS: &'static [u8] = b"ferrofips NIST SP 800-90A HMAC_DRBG";

    fn new_default() -> ProvResult<Self> {
        HmacDrbg::new(DEFAULT_DIGEST).map(HmacMech).map_err(drbg_error)
    }

    fn drbg(&self) -> &dyn Drbg {
        &self.0
    }

    fn drbg_mut(&mut self) -> &mut dyn Drbg {
        &mut self.0
    }

    /// Half the security strength (OpenSSL: `min_noncelen = min_entropylen / 2`).
    fn min_nonce_len(&self) -> usize {
        self.0.min_entropy_len() / 2
    }

    fn approved(&self) -> bool {
        keys::drbg_digest_approved(self.0.digest())
    }

    fn get_param(&self, p: &Param<'_>) -> ProvResult<bool> {
        let key = p.key();
        if key == keys::DIGEST {
            p.set_utf8(keys::digest_name(self.0.digest())).map_err(|e| param_error(key, e))?;
        } else if key == keys::MAC {
            p.set_utf8(keys::HMAC_NAME).map_err(|e| param_error(key, e))?;
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    fn set_params(&mut self, prov: &ProvCtx, params: Params<'_>, live: bool) -> ProvResult<()> {
        if let Some(p) = params.locate(keys::MAC) {
            let name = p.get_utf8().map_err(|e| param_error(p.key(), e))?;
            if !name.eq_ignore_ascii_case("HMAC") {
                return Err(ProvError::with(Reason::InvalidParam, format!("HMAC-DRBG mac {name:?} (only HMAC)")));
            }
        }
        let Some(p) = params.locate(keys::DIGEST) else {
            return Ok(());
        };
        let alg = keys::read_drbg_digest(prov, &p)?;
        if alg != self.0.digest() {
            if live {
                return Err(ProvError::with(Reason::DrbgState, "digest of an instantiated DRBG"));
            }
            self.0 = HmacDrbg::new(alg).map_err(drbg_error)?;
        }
        Ok(())
    }
}
