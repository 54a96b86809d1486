//! DRBG known answers (SP 800-90A r1): CTR_DRBG (ACVP `ctrDRBG-1.0`: AES-128/192/256, with and without the
//! derivation function, with and without prediction resistance) and Hash_DRBG / HMAC_DRBG (`hashDRBG-1.0`,
//! `hmacDRBG-1.0`: SHA-1, SHA-2 and SHA-3, with and without prediction resistance).
//!
//! How a case runs (the ACVP DRBG specification, `draft-vassilev-acvp-drbg`): instantiate with `entropy`,
//! `nonce`, `pers`; then each [`Step`] in order: a [`Use::Reseed`] step reseeds with its `entropy` and
//! `additional`; a [`Use::Generate`] step generates `returned_bits.len()` bytes with its `additional` — when
//! the group has prediction resistance, that generate first reseeds with the step's `entropy` (and its
//! `additional`, which the generate itself then does not use again, SP 800-90A §9.3.1 step 7). The output of
//! the last generate is the answer; earlier output is discarded. The four TDES groups of `ctrDRBG-1.0` are
//! skipped.

use std::path::Path;

use serde::Deserialize;

use crate::HashAlg;
use crate::acvp::{decode_hex, read_projection};
use crate::error::KatError;

/// The ACVP directory.
pub const CTR_DRBG_DIR: &str = "ctrDRBG-1.0";
/// The ACVP directory of the Hash_DRBG vectors.
pub const HASH_DRBG_DIR: &str = "hashDRBG-1.0";
/// The ACVP directory of the HMAC_DRBG vectors.
pub const HMAC_DRBG_DIR: &str = "hmacDRBG-1.0";

/// What a step does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// Reseed with the step's entropy and additional input.
    Reseed,
    /// Generate (after a prediction-resistance reseed with the step's entropy, if the group asks for it).
    Generate,
}

/// One step after instantiation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Reseed or generate.
    pub use_: Use,
    /// Additional input (may be empty).
    pub additional: Vec<u8>,
    /// Entropy input (empty for a generate without prediction resistance).
    pub entropy: Vec<u8>,
}

/// One CTR_DRBG known answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtrDrbgCase {
    /// `tgId`.
    pub tg_id: u64,
    /// `tcId` (unique in the file).
    pub tc_id: u64,
    /// AES key length in bytes: 16, 24 or 32.
    pub key_len: usize,
    /// Whether the derivation function is used.
    pub der_func: bool,
    /// Whether every generate reseeds first (prediction resistance).
    pub pred_resistance: bool,
    /// Instantiation entropy input.
    pub entropy: Vec<u8>,
    /// Instantiation nonce (empty without the derivation function).
    pub nonce: Vec<u8>,
    /// Personalization string.
    pub pers: Vec<u8>,
    /// The steps after instantiation.
    pub steps: Vec<Step>,
    /// The output of the last generate.
    pub returned_bits: Vec<u8>,
}

/// One Hash_DRBG or HMAC_DRBG known answer (run like a [`CtrDrbgCase`]; there is no derivation-function
/// choice).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigestDrbgCase {
    /// `tgId`.
    pub tg_id: u64,
    /// `tcId` (unique in the file).
    pub tc_id: u64,
    /// The digest (ACVP `mode`: `SHA-1`, `SHA2-224`, ..., `SHA2-512/256`, `SHA3-224`, ...).
    pub digest: HashAlg,
    /// Whether every generate reseeds first (prediction resistance).
    pub pred_resistance: bool,
    /// Instantiation entropy input.
    pub entropy: Vec<u8>,
    /// Instantiation nonce.
    pub nonce: Vec<u8>,
    /// Personalization string.
    pub pers: Vec<u8>,
    /// The steps after instantiation.
    pub steps: Vec<Step>,
    /// The output of the last generate.
    pub returned_bits: Vec<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tg_id: u64,
    test_type: String,
    der_func: bool,
    pred_resistance: bool,
    entropy_input_len: u64,
    nonce_len: u64,
    perso_string_len: u64,
    additional_input_len: u64,
    returned_bits_len: u64,
    mode: String,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    entropy_input: String,
    nonce: String,
    perso_string: String,
    other_input: Vec<Other>,
    returned_bits: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Other {
    intended_use: String,
    additional_input: String,
    entropy_input: String,
}

/// Loads every AES case of `ctrDRBG-1.0` (180 cases in 12 groups).
pub fn load_ctr() -> Result<Vec<CtrDrbgCase>, KatError> {
    let (path, set) = read_projection::<Group>(CTR_DRBG_DIR, "ctrDRBG")?;
    let mut cases = Vec::new();
    for g in &set.test_groups {
        let key_len = match g.mode.as_str() {
            "AES-128" => 16,
            "AES-192" => 24,
            "AES-256" => 32,
            "TDES" => continue,
            other => return Err(KatError::format(&path, format!("tgId {}: unknown mode {other:?}", g.tg_id))),
        };
        if g.test_type != "AFT" {
            return Err(KatError::format(&path, format!("tgId {}: unexpected testType {:?}", g.tg_id, g.test_type)));
        }
        for t in &g.tests {
            cases.push(case(&path, g, t, key_len)?);
        }
    }
    Ok(cases)
}

/// Loads every case of `hashDRBG-1.0` (330 cases in 22 groups).
pub fn load_hash() -> Result<Vec<DigestDrbgCase>, KatError> {
    load_digest(HASH_DRBG_DIR, "hashDRBG")
}

/// Loads every case of `hmacDRBG-1.0` (330 cases in 22 groups).
pub fn load_hmac() -> Result<Vec<DigestDrbgCase>, KatError> {
    load_digest(HMAC_DRBG_DIR, "hmacDRBG")
}

/// The digest of an ACVP DRBG `mode` (`SHA2-256` -> SHA-256; `SHA-1` and `SHA3-*` are spelt as here).
fn digest_of_mode(mode: &str) -> Option<HashAlg> {
    let name = match mode.strip_prefix("SHA2-") {
        Some(rest) => format!("SHA-{rest}"),
        None => mode.to_owned(),
    };
    HashAlg::from_name(&name).filter(|a| !a.is_xof())
}

fn load_digest(dir: &str, algorithm: &str) -> Result<Vec<DigestDrbgCase>, KatError> {
    let (path, set) = read_projection::<Group>(dir, algorithm)?;
    let mut cases = Vec::new();
    for g in &set.test_groups {
        let digest = digest_of_mode(&g.mode)
            .ok_or_else(|| KatError::format(&path, format!("tgId {}: unknown mode {:?}", g.tg_id, g.mode)))?;
        if g.test_type != "AFT" {
            return Err(KatError::format(&path, format!("tgId {}: unexpected testType {:?}", g.tg_id, g.test_type)));
        }
        for t in &g.tests {
            let c = case(&path, g, t, 0)?;
            cases.push(DigestDrbgCase {
                tg_id: c.tg_id,
                tc_id: c.tc_id,
                digest,
                pred_resistance: c.pred_resistance,
                entropy: c.entropy,
                nonce: c.nonce,
                pers: c.pers,
                steps: c.steps,
                returned_bits: c.returned_bits,
            });
        }
    }
    Ok(cases)
}

/// Decodes `hex`, checking it holds `bits` bits (which must be whole bytes).
fn sized(path: &Path, tc: u64, name: &str, hex: &str, bits: u64) -> Result<Vec<u8>, KatError> {
    let what = format!("tcId {tc} {name}");
    let bytes = decode_hex(path, &what, hex)?;
    if !bits.is_multiple_of(8) || bytes.len() as u64 * 8 != bits {
        return Err(KatError::format(path, format!("{what}: {} bytes, expected {bits} bits", bytes.len())));
    }
    Ok(bytes)
}

fn case(path: &Path, g: &Group, t: &Test, key_len: usize) -> Result<CtrDrbgCase, KatError> {
    let tc = t.tc_id;
    let mut steps = Vec::new();
    for (i, o) in t.other_input.iter().enumerate() {
        let use_ = match o.intended_use.as_str() {
            "reSeed" => Use::Reseed,
            "generate" => Use::Generate,
            other => return Err(KatError::format(path, format!("tcId {tc}: unknown intendedUse {other:?}"))),
        };
        let entropy_bits = if use_ == Use::Reseed || g.pred_resistance { g.entropy_input_len } else { 0 };
        steps.push(Step {
            use_,
            additional: sized(
                path,
                tc,
                &format!("step {i} additionalInput"),
                &o.additional_input,
                g.additional_input_len,
            )?,
            entropy: sized(path, tc, &format!("step {i} entropyInput"), &o.entropy_input, entropy_bits)?,
        });
    }
    if steps.last().map(|s| s.use_) != Some(Use::Generate) {
        return Err(KatError::format(path, format!("tcId {tc}: does not end with a generate")));
    }
    Ok(CtrDrbgCase {
        tg_id: g.tg_id,
        tc_id: tc,
        key_len,
        der_func: g.der_func,
        pred_resistance: g.pred_resistance,
        entropy: sized(path, tc, "entropyInput", &t.entropy_input, g.entropy_input_len)?,
        nonce: sized(path, tc, "nonce", &t.nonce, g.nonce_len)?,
        pers: sized(path, tc, "persoString", &t.perso_string, g.perso_string_len)?,
        steps,
        returned_bits: sized(path, tc, "returnedBits", &t.returned_bits, g.returned_bits_len)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_every_aes_group() {
        let cases = load_ctr().unwrap();
        assert_eq!(cases.len(), 180);
        for (key_len, df, pr) in [16, 24, 32]
            .into_iter()
            .flat_map(|k| [(k, true, true), (k, false, true), (k, true, false), (k, false, false)])
        {
            let n = cases.iter().filter(|c| (c.key_len, c.der_func, c.pred_resistance) == (key_len, df, pr)).count();
            assert_eq!(n, 15, "AES-{} df={df} pr={pr}", key_len * 8);
        }
        for c in &cases {
            assert_eq!(c.returned_bits.len(), 512);
            if !c.der_func {
                assert_eq!(c.entropy.len(), c.key_len + 16, "no-df entropy is seedlen");
                assert!(c.nonce.is_empty());
            }
            let reseeds = c.steps.iter().filter(|s| s.use_ == Use::Reseed).count();
            assert_eq!(reseeds, usize::from(!c.pred_resistance));
        }
    }

    #[test]
    fn loads_every_digest_group() {
        for cases in [load_hash().unwrap(), load_hmac().unwrap()] {
            assert_eq!(cases.len(), 330);
            for alg in HashAlg::ALL.into_iter().filter(|a| !a.is_xof()) {
                for pr in [true, false] {
                    let n = cases.iter().filter(|c| (c.digest, c.pred_resistance) == (alg, pr)).count();
                    assert_eq!(n, 15, "{} pr={pr}", alg.name());
                }
            }
            for c in &cases {
                assert_eq!(c.returned_bits.len(), 512);
                // These groups use a nonce of outlen and an entropy input of 5 x outlen bits.
                assert_eq!(c.nonce.len(), c.digest.output_len(), "tcId {}", c.tc_id);
                assert_eq!(c.entropy.len(), 5 * c.digest.output_len(), "tcId {}", c.tc_id);
                let reseeds = c.steps.iter().filter(|s| s.use_ == Use::Reseed).count();
                assert_eq!(reseeds, usize::from(!c.pred_resistance));
            }
        }
        assert_eq!(digest_of_mode("SHA2-512/224"), Some(HashAlg::Sha512_224));
        assert_eq!(digest_of_mode("SHA3-256"), Some(HashAlg::Sha3_256));
        assert_eq!(digest_of_mode("SHAKE-128"), None);
        assert_eq!(digest_of_mode("MD5"), None);
    }
}
