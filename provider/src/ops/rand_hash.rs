//! `HASH-DRBG` as an OpenSSL `EVP_RAND`: SP 800-90A Hash_DRBG (`ferrofips_crypto::drbg::HashDrbg`) in the shared
//! DRBG framework (`rand_drbg.rs`); usable as the library context's DRBGs (`[random] random = HASH-DRBG`,
//! `digest = ...` in `openssl.cnf`).
//!
//! Own parameters (OpenSSL's `drbg_hash.c`): `digest` (get/set; any SHA-1, SHA-2 or SHA-3 name or alias; XOFs
//! refused; default SHA2-512 where OpenSSL has none) and `properties` (set, accepted and ignored: the digest is
//! the module's own). The digest may not change once instantiated. The `fips-indicator` reads 1 for the digests
//! FIPS 140-3 IG D.R approves ([`keys::drbg_digest_approved`]); strict mode refuses the others.

use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::drbg::{Drbg, HashDrbg};

use super::param_error;
use super::rand_drbg::{Mechanism, drbg_error};
use super::rand_params as keys;
use crate::abi::params::{Param, Params};
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// The digest of a new `HASH-DRBG` or `HMAC-DRBG`: SHA-512 (approved, 256-bit strength).
pub(crate) const DEFAULT_DIGEST: Algorithm = Algorithm::Sha512;

/// The Hash_DRBG mechanism with its configuration.
#[derive(Debug)]
pub(crate) struct HashMech(HashDrbg);

impl Mechanism for HashMech {
    const DEFAULT_PERS: &'static [u8] = b"ferrofips NIST SP 800-90A Hash_DRBG";

    fn new_default() -> ProvResult<Self> {
        HashDrbg::new(DEFAULT_DIGEST).map(HashMech).map_err(drbg_error)
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
        if p.key() != keys::DIGEST {
            return Ok(false);
        }
        p.set_utf8(keys::digest_name(self.0.digest())).map_err(|e| param_error(p.key(), e))?;
        Ok(true)
    }

    fn set_params(&mut self, prov: &ProvCtx, params: Params<'_>, live: bool) -> ProvResult<()> {
        let Some(p) = params.locate(keys::DIGEST) else {
            return Ok(());
        };
        let alg = keys::read_drbg_digest(prov, &p)?;
        if alg != self.0.digest() {
            if live {
                return Err(ProvError::with(Reason::DrbgState, "digest of an instantiated DRBG"));
            }
            self.0 = HashDrbg::new(alg).map_err(drbg_error)?;
        }
        Ok(())
    }
}
