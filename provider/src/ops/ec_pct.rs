//! Conditional pair-wise consistency tests (PCTs) of generated EC key pairs. The design and its sources are in
//! `docs/KEYGEN-PCT.md`; in short:
//!
//! * every generated key pair gets SP 800-56A r3 section 5.6.2.1.4 (b): recompute `Q' = d * G` and compare
//!   it with `Q` (FIPS 140-3 IG 10.3.A additional comment 1 names this as the minimum PCT; it covers
//!   key-agreement use, TE10.35.03);
//! * a generated key's first *signing* use is preceded by a sign/verify PCT (TE10.35.02), so ephemeral ECDH
//!   keys, which are never used to sign, do not pay for one.
//!
//! Both report through the core's self-test callback as ("Conditional_PCT", "ECDSA"), as OpenSSL's FIPS
//! provider does for its EC key-generation test, and honour the Corrupt phase. A failure puts the module into
//! the error state.

use ferrofips_crypto::digest::{Algorithm, digest};
use ferrofips_selftest::events::EventSink;
use ferrofips_selftest::state;

use super::ec_group::{EcPublic, EcSecret, with_private_rng};
use crate::error::{ProvError, ProvResult, Reason};
use crate::events::CoreEvents;
use crate::provctx::ProvCtx;

/// OpenSSL's `OSSL_SELF_TEST_TYPE_PCT`.
pub(crate) const PCT_TYPE: &str = ferrofips_selftest::events::ty::PCT;
/// OpenSSL's `OSSL_SELF_TEST_DESC_PCT_ECDSA`.
pub(crate) const PCT_DESC: &str = "ECDSA";

/// Message signed by the signature PCT (its SHA-256 hash is what gets signed).
const PCT_MESSAGE: &[u8] = b"ferrofips ECDSA pair-wise consistency test";

/// Runs one conditional test: `test(corrupt)` returns whether it passed (it corrupts its own result when told
/// to). Reports the events; on failure enters the error state.
fn conditional(prov: &ProvCtx, what: &str, test: impl FnOnce(bool) -> bool) -> ProvResult<()> {
    conditional_test(prov, PCT_DESC, what, test)
}

/// [`conditional`] for any algorithm's PCT, reported as ("Conditional_PCT", `desc`) (e.g. "EDDSA", OpenSSL
/// 3.5's `OSSL_SELF_TEST_DESC_PCT_EDDSA`).
pub(crate) fn conditional_test(
    prov: &ProvCtx,
    desc: &'static str,
    what: &str,
    test: impl FnOnce(bool) -> bool,
) -> ProvResult<()> {
    let mut sink = CoreEvents::new(prov.core().self_test_callback());
    sink.begin(PCT_TYPE, desc);
    let corrupt = sink.corrupt();
    let passed = test(corrupt);
    sink.end(passed);
    if passed {
        Ok(())
    } else {
        state::enter_error();
        Err(ProvError::with(Reason::PctFailed, what.to_owned()))
    }
}

/// SP 800-56A r3 5.6.2.1.4 (b): the owner recomputes the public key from the private key and compares.
pub(crate) fn keygen_pct(prov: &ProvCtx, secret: &EcSecret, public: &EcPublic) -> ProvResult<()> {
    conditional(prov, "key generation (Q != d*G)", |corrupt| {
        let mut q = secret.public_key().uncompressed();
        if corrupt {
            q[1] ^= 1;
        }
        q == public.uncompressed()
    })
}

/// Sign/verify PCT (ISO/IEC 19790 7.10.3.3, TE10.35.02): a hedged ECDSA signature of a fixed message hash
/// must verify with the public key.
pub(crate) fn signature_pct(prov: &ProvCtx, secret: &EcSecret, public: &EcPublic) -> ProvResult<()> {
    conditional(prov, "ECDSA sign/verify", |corrupt| {
        let mut hash = digest(Algorithm::Sha256, PCT_MESSAGE);
        let Ok(sig) = with_private_rng(|rng| secret.sign_prehash(&hash, rng)) else {
            return false;
        };
        if corrupt {
            hash[0] ^= 1;
        }
        public.verify_prehash(&hash, &sig).is_ok()
    })
}
