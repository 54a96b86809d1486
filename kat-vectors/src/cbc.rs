//! AES-CBC known answers: ACVP `ACVP-AES-CBC-1.0` (GFSBox, KeySBox, VarTxt, VarKey, MMT, HACT as [`CbcCase`]s,
//! and the Monte-Carlo tests as [`CbcMct`]s). No padding: every text is whole blocks.
//!
//! The Monte-Carlo iteration (ACVP AES specification, CBC): for each of the 100 results, starting from
//! `(key, iv, text)`, run 1000 chained CBC operations where operation `j` processes one block: encryption feeds
//! `input[0] = text`, then `input[j+1] = iv` for `j = 0` and `input[j+1] = output[j-1]` afterwards (decryption the
//! same with the roles of plaintext and ciphertext swapped), the CBC chaining value carrying over from block to
//! block. The result is `output[999]`; the next key is `key ^ tail(output[998] || output[999], keyLen)`, the next
//! IV is `output[999]` and the next text `output[998]`. [`CbcMct::run`] implements this over a block function.

use std::path::Path;

use serde::Deserialize;

use crate::acvp::{decode_hex, read_projection};
use crate::check::{Mismatch, check};
use crate::error::KatError;

/// The ACVP directory.
pub const SOURCE: &str = "ACVP-AES-CBC-1.0";

/// One AES-CBC known answer (a single CBC message from `iv`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CbcCase {
    /// `tcId`.
    pub tc_id: u64,
    /// The ACVP internal test type (`"GFSBox"`, `"MMT"`, ...).
    pub kind: String,
    /// `true`: `pt` encrypts to `ct`; `false`: `ct` decrypts to `pt`.
    pub encrypt: bool,
    /// The key (16, 24 or 32 bytes).
    pub key: Vec<u8>,
    /// The IV (16 bytes).
    pub iv: Vec<u8>,
    /// The plaintext (whole blocks, possibly none).
    pub pt: Vec<u8>,
    /// The ciphertext.
    pub ct: Vec<u8>,
}

/// One Monte-Carlo result: the inputs of an outer iteration and its output block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CbcMctResult {
    /// The key of this iteration.
    pub key: Vec<u8>,
    /// The IV of this iteration.
    pub iv: Vec<u8>,
    /// The first input block (plaintext when encrypting, ciphertext when decrypting).
    pub input: [u8; 16],
    /// The last output block.
    pub output: [u8; 16],
}

/// One AES-CBC Monte-Carlo test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CbcMct {
    /// `tcId`.
    pub tc_id: u64,
    /// Direction.
    pub encrypt: bool,
    /// The 100 expected results (`results[0]` holds the seed key, IV and input).
    pub results: Vec<CbcMctResult>,
}

impl CbcMct {
    /// Runs the iteration with `cbc(key, chaining_value, input_block) -> output_block`, one CBC block operation in
    /// this test's direction, and compares every result.
    pub fn run(&self, mut cbc: impl FnMut(&[u8], &[u8], &[u8]) -> Vec<u8>) -> Result<(), Mismatch> {
        let Some(first) = self.results.first() else { return Ok(()) };
        let mut key = first.key.clone();
        let mut iv: [u8; 16] = first.iv.as_slice().try_into().unwrap_or([0; 16]);
        let mut input = first.input;
        for want in &self.results {
            check(self.tc_id, &want.key, &key)?;
            check(self.tc_id, &want.iv, &iv)?;
            check(self.tc_id, &want.input, &input)?;
            let mut outputs: Vec<[u8; 16]> = Vec::with_capacity(1000);
            let mut chain = iv;
            let mut block = input;
            for j in 0..1000 {
                let out = cbc(&key, &chain, &block);
                let out: [u8; 16] = out.as_slice().try_into().unwrap_or([0; 16]);
                // The next chaining value is the last ciphertext block.
                chain = if self.encrypt { out } else { block };
                block = if j == 0 { iv } else { outputs[j - 1] };
                outputs.push(out);
            }
            let (o998, o999) = (outputs[998], outputs[999]);
            check(self.tc_id, &want.output, &o999)?;
            let mut tail = Vec::with_capacity(32);
            tail.extend_from_slice(&o998);
            tail.extend_from_slice(&o999);
            let tail = &tail[32 - key.len()..];
            for (k, t) in key.iter_mut().zip(tail) {
                *k ^= t;
            }
            iv = o999;
            input = o998;
        }
        Ok(())
    }
}

/// Everything in the CBC vector set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CbcVectors {
    /// The single-message cases.
    pub aft: Vec<CbcCase>,
    /// The Monte-Carlo tests.
    pub mct: Vec<CbcMct>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tg_id: u64,
    test_type: String,
    internal_test_type: String,
    direction: String,
    key_len: u64,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    key: String,
    iv: String,
    pt: Option<String>,
    ct: Option<String>,
    results_array: Option<Vec<MctResult>>,
}

#[derive(Debug, Deserialize)]
struct MctResult {
    key: String,
    iv: String,
    pt: String,
    ct: String,
}

fn hex(path: &Path, tc: u64, what: &str, s: &str, len: Option<usize>) -> Result<Vec<u8>, KatError> {
    let v = decode_hex(path, &format!("tcId {tc} {what}"), s)?;
    match len {
        Some(n) if v.len() != n => {
            Err(KatError::format(path, format!("tcId {tc} {what}: {} bytes, want {n}", v.len())))
        }
        _ if v.len() % 16 != 0 && what != "key" => {
            Err(KatError::format(path, format!("tcId {tc} {what}: {} bytes is not whole blocks", v.len())))
        }
        _ => Ok(v),
    }
}

fn block(path: &Path, tc: u64, what: &str, s: &str) -> Result<[u8; 16], KatError> {
    let v = hex(path, tc, what, s, Some(16))?;
    v.as_slice().try_into().map_err(|_| KatError::format(path, format!("tcId {tc} {what}: not one block")))
}

/// Loads the whole `ACVP-AES-CBC-1.0` set.
pub fn load() -> Result<CbcVectors, KatError> {
    let (path, set) = read_projection::<Group>(SOURCE, "ACVP-AES-CBC")?;
    let mut out = CbcVectors::default();
    for g in &set.test_groups {
        let encrypt = match g.direction.as_str() {
            "encrypt" => true,
            "decrypt" => false,
            d => return Err(KatError::format(&path, format!("tgId {}: direction {d:?}", g.tg_id))),
        };
        let key_len = Some((g.key_len / 8) as usize);
        for t in &g.tests {
            let tc = t.tc_id;
            match g.test_type.as_str() {
                "AFT" => {
                    let (Some(pt), Some(ct)) = (&t.pt, &t.ct) else {
                        return Err(KatError::format(&path, format!("tcId {tc}: pt and ct needed")));
                    };
                    out.aft.push(CbcCase {
                        tc_id: tc,
                        kind: g.internal_test_type.clone(),
                        encrypt,
                        key: hex(&path, tc, "key", &t.key, key_len)?,
                        iv: hex(&path, tc, "iv", &t.iv, Some(16))?,
                        pt: hex(&path, tc, "pt", pt, None)?,
                        ct: hex(&path, tc, "ct", ct, None)?,
                    });
                }
                "MCT" => {
                    let results = t
                        .results_array
                        .as_ref()
                        .ok_or_else(|| KatError::format(&path, format!("tcId {tc}: no resultsArray")))?;
                    let mut rs = Vec::with_capacity(results.len());
                    for r in results {
                        let (pt, ct) = (block(&path, tc, "pt", &r.pt)?, block(&path, tc, "ct", &r.ct)?);
                        rs.push(CbcMctResult {
                            key: hex(&path, tc, "key", &r.key, key_len)?,
                            iv: hex(&path, tc, "iv", &r.iv, Some(16))?,
                            input: if encrypt { pt } else { ct },
                            output: if encrypt { ct } else { pt },
                        });
                    }
                    out.mct.push(CbcMct { tc_id: tc, encrypt, results: rs });
                }
                other => return Err(KatError::format(&path, format!("tgId {}: testType {other:?}", g.tg_id))),
            }
        }
    }
    Ok(out)
}
