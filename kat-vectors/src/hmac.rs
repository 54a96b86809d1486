//! HMAC known answers (ACVP `HMAC-SHA-1`, `HMAC-SHA2-256/384/512`, revisions 1.0 and 2.0).

use std::path::Path;

use serde::Deserialize;

use crate::acvp::{bits_to_bytes, decode_hex, read_projection};
use crate::alg::HashAlg;
use crate::check::{Mismatch, check};
use crate::error::KatError;

/// One HMAC known answer: `HMAC(key, msg)` truncated to `mac.len()` bytes equals `mac`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HmacCase {
    /// The ACVP directory it comes from, e.g. `"HMAC-SHA2-256-2.0"`.
    pub source: &'static str,
    /// `tcId` (unique within `source`).
    pub tc_id: u64,
    /// The key (any length, also longer than the block).
    pub key: Vec<u8>,
    /// The message.
    pub msg: Vec<u8>,
    /// The expected MAC, already truncated to `macLen` (compare a prefix of the full MAC).
    pub mac: Vec<u8>,
}

impl HmacCase {
    /// Compares the first `mac.len()` bytes of a full-length MAC with the answer
    /// (a too-short `full_mac` is a mismatch).
    pub fn check(&self, full_mac: &[u8]) -> Result<(), Mismatch> {
        let n = self.mac.len().min(full_mac.len());
        check(self.tc_id, &self.mac, &full_mac[..n])
    }
}

/// The hash algorithms with HMAC vectors.
pub const ALGORITHMS: [HashAlg; 4] = [HashAlg::Sha1, HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512];

/// The ACVP directories (revision 1.0, then 2.0) and the `algorithm` string for `alg`.
fn dirs(alg: HashAlg) -> Option<([&'static str; 2], &'static str)> {
    Some(match alg {
        HashAlg::Sha1 => (["HMAC-SHA-1-1.0", "HMAC-SHA-1-2.0"], "HMAC-SHA-1"),
        HashAlg::Sha256 => (["HMAC-SHA2-256-1.0", "HMAC-SHA2-256-2.0"], "HMAC-SHA2-256"),
        HashAlg::Sha384 => (["HMAC-SHA2-384-1.0", "HMAC-SHA2-384-2.0"], "HMAC-SHA2-384"),
        HashAlg::Sha512 => (["HMAC-SHA2-512-1.0", "HMAC-SHA2-512-2.0"], "HMAC-SHA2-512"),
        _ => return None,
    })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tg_id: u64,
    test_type: String,
    key_len: Option<u64>,
    msg_len: Option<u64>,
    mac_len: Option<u64>,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    key: String,
    key_len: Option<u64>,
    msg: String,
    msg_len: Option<u64>,
    mac: String,
    mac_len: Option<u64>,
}

/// Loads both revisions for `alg` (1.0 cases first). Errors with [`KatError::NoVectors`] for an
/// algorithm not in [`ALGORITHMS`].
pub fn load(alg: HashAlg) -> Result<Vec<HmacCase>, KatError> {
    let (dirs, algorithm) = dirs(alg).ok_or_else(|| KatError::NoVectors { what: format!("HMAC-{}", alg.name()) })?;
    let mut cases = Vec::new();
    for dir in dirs {
        let (path, set) = read_projection::<Group>(dir, algorithm)?;
        for g in &set.test_groups {
            if g.test_type != "AFT" {
                return Err(KatError::format(
                    &path,
                    format!("tgId {}: unexpected testType {:?}", g.tg_id, g.test_type),
                ));
            }
            for t in &g.tests {
                cases.push(case(&path, dir, alg, g, t)?);
            }
        }
    }
    Ok(cases)
}

/// Decodes `hex`, checking it is exactly `bits` (test value, else group value) long.
fn sized(path: &Path, tc: u64, name: &str, hex: &str, bits: Option<u64>) -> Result<Vec<u8>, KatError> {
    let what = format!("tcId {tc} {name}");
    let bits = bits.ok_or_else(|| KatError::format(path, format!("{what}: no length")))?;
    let len = bits_to_bytes(path, &what, bits)?;
    let bytes = decode_hex(path, &what, hex)?;
    if bytes.len() != len {
        return Err(KatError::format(path, format!("{what}: {} bytes, expected {bits} bits", bytes.len())));
    }
    Ok(bytes)
}

fn case(path: &Path, dir: &'static str, alg: HashAlg, g: &Group, t: &Test) -> Result<HmacCase, KatError> {
    let tc = t.tc_id;
    let mac = sized(path, tc, "mac", &t.mac, t.mac_len.or(g.mac_len))?;
    if mac.is_empty() || mac.len() > alg.output_len() {
        return Err(KatError::format(path, format!("tcId {tc}: macLen out of range")));
    }
    Ok(HmacCase {
        source: dir,
        tc_id: tc,
        key: sized(path, tc, "key", &t.key, t.key_len.or(g.key_len))?,
        msg: sized(path, tc, "msg", &t.msg, t.msg_len.or(g.msg_len))?,
        mac,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(alg: HashAlg, group: &str) -> Result<HmacCase, KatError> {
        let g: Group = serde_json::from_str(group).unwrap();
        case(Path::new("t.json"), "T", alg, &g, &g.tests[0])
    }

    #[test]
    fn lengths_from_group_or_test() {
        let v1 = r#"{"tgId":1,"testType":"AFT","keyLen":16,"msgLen":8,"macLen":32,
            "tests":[{"tcId":4,"key":"0102","msg":"03","mac":"04050607"}]}"#;
        let c = one(HashAlg::Sha1, v1).unwrap();
        assert_eq!((c.tc_id, c.key, c.msg, c.mac), (4, vec![1, 2], vec![3], vec![4, 5, 6, 7]));
        let v2 = r#"{"tgId":1,"testType":"AFT","tests":[{"tcId":5,"key":"01","keyLen":8,
            "msg":"","msgLen":0,"mac":"0405","macLen":16}]}"#;
        let c = one(HashAlg::Sha256, v2).unwrap();
        assert_eq!((&c.key[..], &c.msg[..], &c.mac[..]), (&[1][..], &[][..], &[4, 5][..]));
        assert!(c.check(&[4, 5, 9]).is_ok());
        assert!(c.check(&[4, 6, 9]).is_err());
        assert!(c.check(&[4]).is_err());
    }

    #[test]
    fn inconsistent_cases_are_errors() {
        let bad = [
            // mac shorter than macLen
            r#"{"tgId":1,"testType":"AFT","keyLen":8,"msgLen":8,"macLen":32,"tests":[{"tcId":1,"key":"01","msg":"02","mac":"03"}]}"#,
            // no key length anywhere
            r#"{"tgId":1,"testType":"AFT","msgLen":8,"macLen":8,"tests":[{"tcId":1,"key":"01","msg":"02","mac":"03"}]}"#,
            // macLen beyond the digest
            r#"{"tgId":1,"testType":"AFT","tests":[{"tcId":1,"key":"01","keyLen":8,"msg":"02","msgLen":8,"mac":"000000000000000000000000000000000000000000","macLen":168}]}"#,
            // bit-granular key
            r#"{"tgId":1,"testType":"AFT","tests":[{"tcId":1,"key":"01","keyLen":7,"msg":"02","msgLen":8,"mac":"03","macLen":8}]}"#,
        ];
        for g in bad {
            assert!(matches!(one(HashAlg::Sha1, g), Err(KatError::Format { .. })), "{g}");
        }
    }
}
