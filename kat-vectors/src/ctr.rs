//! AES-CTR known answers: ACVP `ACVP-AES-CTR-1.0` (AFT groups of the RFC 3686 test type, AES-128/192/256,
//! encrypt and decrypt).
//!
//! Payloads are given in **bits** (`payloadLen`) and are not always whole bytes: [`CtrCase::bits`] keeps the
//! length, `pt` and `ct` hold `ceil(bits / 8)` bytes with the unused low bits of the last byte zero. Since CTR
//! is a keystream XOR, a byte-oriented implementation answers such a case by processing the whole bytes and
//! clearing those bits ([`CtrCase::mask_tail`]).
//!
//! Only groups that a 128-bit big-endian incrementing counter can answer are loaded (`incremental: true`,
//! `overflow: false`, test type `AFT`); any other group is counted in [`CtrVectors::skipped`]. The shipped
//! file has none.

use serde::Deserialize;

use crate::acvp::{decode_hex, read_projection};
use crate::error::KatError;

/// The ACVP directory.
pub const SOURCE: &str = "ACVP-AES-CTR-1.0";

/// One AES-CTR known answer: `pt` encrypts to `ct` from the initial counter block `iv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtrCase {
    /// `tcId`.
    pub tc_id: u64,
    /// The group's direction (`true` = encrypt); CTR is symmetric, so both directions test the same function.
    pub encrypt: bool,
    /// The key (16, 24 or 32 bytes).
    pub key: Vec<u8>,
    /// The initial counter block.
    pub iv: [u8; 16],
    /// The plaintext, `ceil(bits / 8)` bytes.
    pub pt: Vec<u8>,
    /// The ciphertext, `ceil(bits / 8)` bytes.
    pub ct: Vec<u8>,
    /// The payload length in bits.
    pub bits: usize,
}

impl CtrCase {
    /// Clears the bits of `data`'s last byte beyond [`CtrCase::bits`] (no-op for whole bytes).
    pub fn mask_tail(&self, data: &mut [u8]) {
        let rem = self.bits % 8;
        if rem != 0
            && let Some(last) = data.get_mut(self.bits / 8)
        {
            *last &= 0xffu8 << (8 - rem);
        }
    }
}

/// Everything loaded from the set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CtrVectors {
    /// The cases.
    pub cases: Vec<CtrCase>,
    /// Groups left out: (`tgId`, why).
    pub skipped: Vec<(u64, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tg_id: u64,
    test_type: String,
    direction: String,
    key_len: u64,
    #[serde(default = "yes")]
    incremental: bool,
    #[serde(default)]
    overflow: bool,
    tests: Vec<Test>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    key: String,
    iv: String,
    pt: String,
    ct: String,
    payload_len: u64,
}

/// Loads the `ACVP-AES-CTR-1.0` set.
pub fn load() -> Result<CtrVectors, KatError> {
    let (path, set) = read_projection::<Group>(SOURCE, "ACVP-AES-CTR")?;
    let mut out = CtrVectors::default();
    for g in &set.test_groups {
        let encrypt = match g.direction.as_str() {
            "encrypt" => true,
            "decrypt" => false,
            d => return Err(KatError::format(&path, format!("tgId {}: direction {d:?}", g.tg_id))),
        };
        if g.test_type != "AFT" || !g.incremental || g.overflow {
            out.skipped.push((
                g.tg_id,
                format!("testType {} incremental {} overflow {}", g.test_type, g.incremental, g.overflow),
            ));
            continue;
        }
        for t in &g.tests {
            let tc = t.tc_id;
            let key = decode_hex(&path, &format!("tcId {tc} key"), &t.key)?;
            if key.len() as u64 * 8 != g.key_len {
                return Err(KatError::format(&path, format!("tcId {tc}: key of {} bytes", key.len())));
            }
            let iv: [u8; 16] = decode_hex(&path, &format!("tcId {tc} iv"), &t.iv)?
                .try_into()
                .map_err(|_| KatError::format(&path, format!("tcId {tc}: IV is not 16 bytes")))?;
            let bits = usize::try_from(t.payload_len)
                .map_err(|_| KatError::format(&path, format!("tcId {tc}: payloadLen too large")))?;
            let pt = decode_hex(&path, &format!("tcId {tc} pt"), &t.pt)?;
            let ct = decode_hex(&path, &format!("tcId {tc} ct"), &t.ct)?;
            if pt.len() != bits.div_ceil(8) || ct.len() != pt.len() {
                return Err(KatError::format(&path, format!("tcId {tc}: {bits} bits but pt/ct lengths differ")));
            }
            out.cases.push(CtrCase { tc_id: tc, encrypt, key, iv, pt, ct, bits });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_every_group() {
        let v = load().unwrap();
        assert_eq!(v.cases.len(), 150);
        assert!(v.skipped.is_empty(), "{:?}", v.skipped);
        assert!(v.cases.iter().any(|c| c.bits % 8 != 0), "bit-oriented payloads present");
        for c in &v.cases {
            let (mut pt, mut ct) = (c.pt.clone(), c.ct.clone());
            c.mask_tail(&mut pt);
            c.mask_tail(&mut ct);
            assert_eq!((pt, ct), (c.pt.clone(), c.ct.clone()), "tcId {}: padding bits set", c.tc_id);
        }
    }
}
