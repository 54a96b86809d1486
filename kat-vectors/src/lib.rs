//! NIST known-answer vectors for ferrofips tests: the data (in `data/`, see `README.md`), typed
//! loaders, and one shared implementation of the Monte-Carlo and large-data iterations.
//!
//! This crate is test infrastructure: it is never linked into the module.
//!
//! # API
//!
//! * [`data_dir`] — absolute path of this crate's `data/` folder.
//! * [`HashAlg`] — the 13 hash algorithms; [`HashAlg::name`] equals
//!   `ferrofips_crypto::digest::Algorithm::name` for mapping.
//! * [`hash::load`]`(alg) -> Result<Vec<HashSuite>, KatError>` — every suite for `alg` (ACVP
//!   set and/or CAVP `.rsp` files). A [`hash::HashSuite`] holds [`hash::Aft`] (`msg` → `md`;
//!   SHAKE: squeeze `md.len()` bytes), [`hash::Mct`], [`hash::Ldt`], [`hash::Vot`] (SHAKE,
//!   bit-granular output lengths) and `skipped_bit_oriented` (cases whose message is not whole
//!   bytes, left out).
//! * [`mct::run_mct`]`(&Mct, |msg, out_len| -> Vec<u8>) -> Result<(), Mismatch>` — runs any MCT
//!   (SHA-1/SHA-2 standard & alternate, SHA-3, SHAKE, CAVP Monte); the iteration is documented
//!   in [`mct`].
//! * [`ldt::run_ldt`]`(&Ldt, state, update, finalize)` / [`hash::Ldt::feed`] — stream an LDT
//!   (1–8 GiB; run in release builds).
//! * [`hash::Vot::check`], [`hmac::HmacCase::check`], [`check::check`] — comparisons giving a
//!   [`Mismatch`] that prints tcId, expected and actual hex.
//! * [`hmac::load`]`(alg) -> Result<Vec<HmacCase>, KatError>` — HMAC-SHA-1/256/384/512
//!   (ACVP revisions 1.0 and 2.0), `mac` already truncated to `macLen`.
//! * [`drbg::load_ctr`]`() -> Result<Vec<CtrDrbgCase>, KatError>` — ACVP `ctrDRBG-1.0` (AES-128/192/256,
//!   df / no-df, prediction resistance / reseed); the run order is documented in [`drbg`].
//!   [`drbg::load_hash`] / [`drbg::load_hmac`] — ACVP `hashDRBG-1.0` / `hmacDRBG-1.0` (SHA-1/2/3).
//! * [`kdf_tls::load_tls13`], [`kdf_tls::load_tls12_ems`], [`kdf_tls::load_tls_components`] — ACVP TLS 1.3 KDF,
//!   TLS 1.2 extended-master-secret KDF and TLS PRF components (how the answers are formed: [`kdf_tls`]);
//!   [`kda::load_hkdf`] — KDA HKDF Sp800-56Cr1 (Geomys supplement), `AFT` and `VAL`.
//!   [`kda_onestep::load_one_step_no_counter`] — KDA OneStepNoCounter Sp800-56Cr2 (Geomys supplement).
//! * [`gcm::load`]`() -> Result<Vec<GcmCase>, KatError>` — AES-GCM (ACVP 1.0 + Geomys supplement), encrypt
//!   and decrypt (with expected tag failures); [`cbc::load`] — AES-CBC AFT cases and Monte-Carlo tests
//!   ([`cbc::CbcMct::run`] implements the iteration).
//! * [`xts::load`] — AES-XTS-128/256 data units (byte-oriented ACVP groups; bit-oriented ones counted and
//!   skipped); [`ccm::load`] — AES-CCM encrypt and decryption-verification cases (tag split off `ct`).
//! * [`ctr::load`] — AES-CTR (ACVP, payloads in bits); [`sp800_38a::EXAMPLES`] — the SP 800-38A Appendix F
//!   CFB1/CFB8/CFB128/OFB/CTR examples.
//! * [`wycheproof_ecdh::load`]`(curve) -> Result<Vec<EcdhCase>, KatError>` — Project Wycheproof ECDH vectors
//!   (P-256/P-384/P-521, raw SEC 1 peer points, `valid`/`invalid`/`acceptable` verdicts; how they run: [`wycheproof_ecdh`]).
//! * [`wycheproof_sig::load`]`(file) -> Result<Vec<SigGroup>, KatError>` — Project Wycheproof signature
//!   verification: ECDSA (P-256/P-384/P-521 with SHA-2/SHA-3, DER signatures) and Ed25519, one public key per
//!   group ([`wycheproof_sig`]).
//! * [`wycheproof_sym::load`]`(file) -> Result<Vec<SymCase>, KatError>` — Project Wycheproof AES-GCM, -CCM,
//!   -CBC-PKCS5, -KW, -KWP, -CMAC, -XTS and -GMAC vectors (field meaning per family: [`wycheproof_sym`]).
//! * [`wycheproof_xdh::load`]`() -> Result<Vec<XdhCase>, KatError>` — Project Wycheproof X25519 (raw keys,
//!   `valid`/`acceptable` verdicts; low-order, twist and non-canonical public keys: [`wycheproof_xdh`]).
//! * [`wycheproof_mac_kdf::load_hkdf`]`(hash)` / [`wycheproof_mac_kdf::load_hmac`]`(hash)` — Project Wycheproof
//!   HKDF (SHA-1/256/384/512) and HMAC (SHA-1, SHA-2, SHA-3; truncated tags) ([`wycheproof_mac_kdf`]).
//! * [`cavp::parse_entries`] — the raw `.rsp` reader, for other CAVP files.
//!
//! ```no_run
//! use ferrofips_kat::{HashAlg, hash, mct};
//! for suite in hash::load(HashAlg::Sha256).unwrap() {
//!     for t in &suite.aft {
//!         let md = my_hash(&t.msg, t.md.len());
//!         ferrofips_kat::check::check(t.tc_id, &t.md, &md).unwrap();
//!     }
//!     for m in &suite.mct {
//!         mct::run_mct(m, |msg, out_len| my_hash(msg, out_len)).unwrap();
//!     }
//! }
//! # fn my_hash(msg: &[u8], _out_len: usize) -> Vec<u8> {
//! #     use sha2::Digest;
//! #     sha2::Sha256::digest(msg).to_vec()
//! # }
//! ```

use std::path::PathBuf;

pub mod acvp;
mod alg;
pub mod cavp;
pub mod cbc;
pub mod ccm;
pub mod check;
pub mod ctr;
pub mod drbg;
pub mod ecdsa;
pub mod eddsa;
mod error;
pub mod gcm;
pub mod hash;
mod hash_acvp;
pub mod hmac;
pub mod kas_ecc;
pub mod kda;
pub mod kda_onestep;
pub mod kdf_tls;
pub mod kw;
pub mod ldt;
pub mod mct;
pub mod sp800_38a;
pub mod wycheproof;
pub mod wycheproof_ecdh;
pub mod wycheproof_mac_kdf;
pub mod wycheproof_sig;
pub mod wycheproof_sym;
pub mod wycheproof_xdh;
pub mod xts;

pub use alg::{Family, HashAlg};
pub use check::Mismatch;
pub use error::KatError;

/// The absolute path of the vector data shipped with this crate (`<crate>/data`).
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}
