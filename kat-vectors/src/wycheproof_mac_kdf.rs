//! Project Wycheproof HKDF and HMAC vectors (`data/wycheproof/hkdf_*_test.json`, schema
//! `hkdf_test_schema_v1.json`; `data/wycheproof/hmac_*_test.json`, schema `mac_test_schema_v1.json`; provenance in
//! `README.md`).
//!
//! * HKDF (RFC 5869): `ikm`, `salt` (empty = no salt, i.e. `HashLen` zero bytes), `info`, `size` (output bytes)
//!   and `okm`. `valid`: HKDF gives `okm`; `invalid` (`SizeTooLarge`: `size > 255 * HashLen`, `okm` empty): the
//!   derivation must be refused.
//! * HMAC: `key`, `msg`, `tag`; the group's `tagSize` (bits) may be shorter than the digest (a truncated MAC).
//!   `valid`: the HMAC, truncated to `tagSize`, equals `tag`; `invalid` (`ModifiedTag`, or `TruncatedHmac`:
//!   the SHA-512 tag given for SHA-512/t): it differs.
//!
//! Every file is checked against its algorithm, schema and group type; every case's key length against the
//! group's `keySize` and every HMAC tag against `tagSize`; and `numberOfTests` against the cases read.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::HashAlg;
use crate::acvp::decode_hex;
use crate::error::KatError;
use crate::wycheproof;
pub use crate::wycheproof::Expect;

pub use crate::wycheproof::DIR;

/// Schema of the HKDF files.
pub const HKDF_SCHEMA: &str = "hkdf_test_schema_v1.json";

/// Schema of the HMAC files.
pub const HMAC_SCHEMA: &str = "mac_test_schema_v1.json";

/// The HKDF digests with a Wycheproof file here (`hkdf_sha*_test.json`).
pub const HKDF_HASHES: [HashAlg; 4] = [HashAlg::Sha1, HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512];

/// The HMAC digests with a Wycheproof file here (`hmac_sha*_test.json`).
pub const HMAC_HASHES: [HashAlg; 11] = [
    HashAlg::Sha1,
    HashAlg::Sha224,
    HashAlg::Sha256,
    HashAlg::Sha384,
    HashAlg::Sha512,
    HashAlg::Sha512_224,
    HashAlg::Sha512_256,
    HashAlg::Sha3_224,
    HashAlg::Sha3_256,
    HashAlg::Sha3_384,
    HashAlg::Sha3_512,
];

/// The file-name stem Wycheproof uses for a digest (`sha256`, `sha512_224`, `sha3_256`); `None` for SHAKE.
const fn stem(h: HashAlg) -> Option<&'static str> {
    Some(match h {
        HashAlg::Sha1 => "sha1",
        HashAlg::Sha224 => "sha224",
        HashAlg::Sha256 => "sha256",
        HashAlg::Sha384 => "sha384",
        HashAlg::Sha512 => "sha512",
        HashAlg::Sha512_224 => "sha512_224",
        HashAlg::Sha512_256 => "sha512_256",
        HashAlg::Sha3_224 => "sha3_224",
        HashAlg::Sha3_256 => "sha3_256",
        HashAlg::Sha3_384 => "sha3_384",
        HashAlg::Sha3_512 => "sha3_512",
        HashAlg::Shake128 | HashAlg::Shake256 => return None,
    })
}

/// The file's `algorithm` field: `HKDF-SHA-256`, `HMACSHA256`, `HMACSHA512/224`, `HMACSHA3-256`.
fn algorithm(hkdf: bool, h: HashAlg) -> String {
    if hkdf { format!("HKDF-{}", h.name()) } else { format!("HMAC{}", h.name().replacen("SHA-", "SHA", 1)) }
}

fn file_path(kind: &str, h: HashAlg) -> Result<PathBuf, KatError> {
    let s = stem(h).ok_or_else(|| KatError::NoVectors { what: format!("Wycheproof {kind} {}", h.name()) })?;
    Ok(wycheproof::path(&format!("{kind}_{s}_test.json")))
}

/// One HKDF case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HkdfCase {
    /// The digest.
    pub hash: HashAlg,
    /// `tcId`.
    pub tc_id: u64,
    /// `comment` (may be empty).
    pub comment: String,
    /// `flags` (e.g. `"EmptySalt"`, `"SizeTooLarge"`).
    pub flags: Vec<String>,
    /// Input keying material.
    pub ikm: Vec<u8>,
    /// Salt (may be empty).
    pub salt: Vec<u8>,
    /// Info (may be empty).
    pub info: Vec<u8>,
    /// Requested output length in bytes.
    pub size: usize,
    /// Expected output (`size` bytes when valid; empty for `SizeTooLarge`).
    pub okm: Vec<u8>,
    /// The verdict.
    pub result: Expect,
}

/// One HMAC case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HmacCase {
    /// The digest.
    pub hash: HashAlg,
    /// `tcId`.
    pub tc_id: u64,
    /// `comment` (may be empty).
    pub comment: String,
    /// `flags` (e.g. `"ModifiedTag"`).
    pub flags: Vec<String>,
    /// The key (`keySize` bits).
    pub key: Vec<u8>,
    /// The message.
    pub msg: Vec<u8>,
    /// The expected tag: the leading `tag.len()` bytes (the group's `tagSize`) of the HMAC.
    pub tag: Vec<u8>,
    /// The verdict.
    pub result: Expect,
}

impl HkdfCase {
    /// A one-line description for failure messages.
    pub fn label(&self) -> String {
        format!("HKDF-{} tcId {} ({:?}, flags {:?})", self.hash.name(), self.tc_id, self.comment, self.flags)
    }
}

impl HmacCase {
    /// A one-line description for failure messages.
    pub fn label(&self) -> String {
        format!("HMAC-{} tcId {} ({:?}, flags {:?})", self.hash.name(), self.tc_id, self.comment, self.flags)
    }
}

type File<T> = wycheproof::File<Group<T>>;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group<T> {
    #[serde(rename = "type")]
    ty: String,
    key_size: usize,
    tag_size: Option<usize>,
    tests: Vec<T>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HkdfTest {
    tc_id: u64,
    comment: String,
    flags: Vec<String>,
    ikm: String,
    salt: String,
    info: String,
    size: usize,
    okm: String,
    result: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MacTest {
    tc_id: u64,
    comment: String,
    flags: Vec<String>,
    key: String,
    msg: String,
    tag: String,
    result: String,
}

/// Reads a file and checks its algorithm, schema, group type and `numberOfTests`.
fn read<T: serde::de::DeserializeOwned>(
    path: &Path,
    algorithm: &str,
    schema: &str,
    group_type: &str,
) -> Result<Vec<Group<T>>, KatError> {
    let file: File<T> = wycheproof::read(path)?;
    wycheproof::check_header(path, &file.algorithm, algorithm, &file.schema, schema)?;
    if let Some(g) = file.test_groups.iter().find(|g| g.ty != group_type) {
        return Err(KatError::format(path, format!("group type {:?} is not {group_type}", g.ty)));
    }
    let n: usize = file.test_groups.iter().map(|g| g.tests.len()).sum();
    wycheproof::check_count(path, file.number_of_tests, n, || format!("Wycheproof {algorithm}"))?;
    Ok(file.test_groups)
}

/// Every HKDF case for `hash` (one of [`HKDF_HASHES`]), in file order. Besides the file checks, `ikm` must
/// have the group's `keySize` and a valid `okm` exactly `size` bytes.
pub fn load_hkdf(hash: HashAlg) -> Result<Vec<HkdfCase>, KatError> {
    if !HKDF_HASHES.contains(&hash) {
        return Err(KatError::NoVectors { what: format!("Wycheproof HKDF-{}", hash.name()) });
    }
    let path = file_path("hkdf", hash)?;
    let groups: Vec<Group<HkdfTest>> = read(&path, &algorithm(true, hash), HKDF_SCHEMA, "HkdfTest")?;
    let mut out = Vec::new();
    for g in &groups {
        for t in &g.tests {
            let tc = t.tc_id;
            let c = HkdfCase {
                hash,
                tc_id: tc,
                comment: t.comment.clone(),
                flags: t.flags.clone(),
                ikm: decode_hex(&path, &format!("tcId {tc} ikm"), &t.ikm)?,
                salt: decode_hex(&path, &format!("tcId {tc} salt"), &t.salt)?,
                info: decode_hex(&path, &format!("tcId {tc} info"), &t.info)?,
                size: t.size,
                okm: decode_hex(&path, &format!("tcId {tc} okm"), &t.okm)?,
                result: wycheproof::expect(&path, tc, &t.result)?,
            };
            if c.ikm.len() * 8 != g.key_size || (c.result == Expect::Valid && c.okm.len() != c.size) {
                return Err(KatError::format(
                    &path,
                    format!(
                        "tcId {tc}: ikm of {} bytes (keySize {}), okm of {} bytes (size {})",
                        c.ikm.len(),
                        g.key_size,
                        c.okm.len(),
                        c.size
                    ),
                ));
            }
            out.push(c);
        }
    }
    Ok(out)
}

/// Every HMAC case for `hash` (one of [`HMAC_HASHES`]), in file order. Besides the file checks, `key` must have
/// the group's `keySize` and `tag` its `tagSize`.
pub fn load_hmac(hash: HashAlg) -> Result<Vec<HmacCase>, KatError> {
    if !HMAC_HASHES.contains(&hash) {
        return Err(KatError::NoVectors { what: format!("Wycheproof HMAC-{}", hash.name()) });
    }
    let path = file_path("hmac", hash)?;
    let groups: Vec<Group<MacTest>> = read(&path, &algorithm(false, hash), HMAC_SCHEMA, "MacTest")?;
    let mut out = Vec::new();
    for g in &groups {
        let tag_size = g.tag_size.ok_or_else(|| KatError::format(&path, "group without tagSize"))?;
        for t in &g.tests {
            let tc = t.tc_id;
            let c = HmacCase {
                hash,
                tc_id: tc,
                comment: t.comment.clone(),
                flags: t.flags.clone(),
                key: decode_hex(&path, &format!("tcId {tc} key"), &t.key)?,
                msg: decode_hex(&path, &format!("tcId {tc} msg"), &t.msg)?,
                tag: decode_hex(&path, &format!("tcId {tc} tag"), &t.tag)?,
                result: wycheproof::expect(&path, tc, &t.result)?,
            };
            if c.key.len() * 8 != g.key_size || c.tag.len() * 8 != tag_size {
                return Err(KatError::format(
                    &path,
                    format!(
                        "tcId {tc}: key/tag of {}/{} bytes in a {}/{}-bit group",
                        c.key.len(),
                        c.tag.len(),
                        g.key_size,
                        tag_size
                    ),
                ));
            }
            out.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use hmac::{Hmac, Mac};

    use super::*;

    #[test]
    fn hkdf_files_load_with_the_upstream_counts() {
        // (hash, cases, valid, invalid), as counted in the upstream files; every invalid case is SizeTooLarge.
        for (h, n, valid, invalid) in [
            (HashAlg::Sha1, 87, 84, 3),
            (HashAlg::Sha256, 86, 83, 3),
            (HashAlg::Sha384, 83, 80, 3),
            (HashAlg::Sha512, 83, 80, 3),
        ] {
            let cases = load_hkdf(h).unwrap();
            let count = |r| cases.iter().filter(|c| c.result == r).count();
            assert_eq!((cases.len(), count(Expect::Valid), count(Expect::Invalid)), (n, valid, invalid), "{h:?}");
            for c in cases.iter().filter(|c| c.result == Expect::Invalid) {
                assert!(c.flags == ["SizeTooLarge"] && c.okm.is_empty(), "{}", c.label());
            }
        }
        assert!(load_hkdf(HashAlg::Sha3_256).is_err());
    }

    #[test]
    fn hmac_files_load_with_the_upstream_counts() {
        // (hash, cases, valid, invalid), as counted in the upstream files.
        for (h, n, valid, invalid) in [
            (HashAlg::Sha1, 170, 66, 104),
            (HashAlg::Sha224, 172, 66, 106),
            (HashAlg::Sha256, 174, 66, 108),
            (HashAlg::Sha384, 174, 66, 108),
            (HashAlg::Sha512, 174, 66, 108),
            (HashAlg::Sha512_224, 173, 66, 107),
            (HashAlg::Sha512_256, 175, 66, 109),
            (HashAlg::Sha3_224, 172, 66, 106),
            (HashAlg::Sha3_256, 174, 66, 108),
            (HashAlg::Sha3_384, 174, 66, 108),
            (HashAlg::Sha3_512, 174, 66, 108),
        ] {
            let cases = load_hmac(h).unwrap();
            let count = |r| cases.iter().filter(|c| c.result == r).count();
            assert_eq!((cases.len(), count(Expect::Valid), count(Expect::Invalid)), (n, valid, invalid), "{h:?}");
        }
        assert!(load_hmac(HashAlg::Shake128).is_err());
    }

    #[test]
    fn hmac_sha256_valid_cases_match_a_reference() {
        // The parser's fields reproduce the answers with an independent HMAC (truncated tags included).
        let cases = load_hmac(HashAlg::Sha256).unwrap();
        let mut truncated = 0;
        for c in &cases {
            let mut m = Hmac::<sha2::Sha256>::new_from_slice(&c.key).unwrap();
            m.update(&c.msg);
            let full = m.finalize().into_bytes();
            assert_eq!(full[..c.tag.len()] == c.tag[..], c.result == Expect::Valid, "{}", c.label());
            truncated += usize::from(c.tag.len() < 32);
        }
        assert!(truncated > 0);
    }
}
