//! Project Wycheproof X25519 vectors (`data/wycheproof/x25519_test.json`, schema `xdh_comp_schema_v1.json`;
//! provenance in `README.md`).
//!
//! Each case gives our raw 32-byte private key (RFC 7748 scalar, clamped by the function), the peer's raw
//! 32-byte u-coordinate and the expected shared secret `X25519(private, public)`. The file has no `invalid`
//! cases. Its verdicts:
//!
//! * [`Expect::Valid`]: ordinary public keys (edge-case scalars and multiplications, special public keys): the
//!   result must equal `shared`.
//! * [`Expect::Acceptable`]: public keys on the twist (`Twist`), non-canonical u-coordinates (`>= 2^255 - 19`,
//!   `NonCanonicalPublic`), small and low-order points (`SmallPublicKey`, `LowOrderPublic`) whose secret is all
//!   zero (`ZeroSharedSecret`). RFC 7748 computes a result for every input, but a protocol may refuse low-order
//!   points (an all-zero secret), as OpenSSL does.

use std::path::PathBuf;

use serde::Deserialize;

use crate::acvp::decode_hex;
use crate::error::KatError;
use crate::wycheproof;
pub use crate::wycheproof::Expect;

pub use crate::wycheproof::DIR;

/// The file name under [`DIR`].
pub const FILE: &str = "x25519_test.json";

/// The schema the file must declare.
pub const SCHEMA: &str = "xdh_comp_schema_v1.json";

/// Length of an X25519 key and of the shared secret.
pub const KEY_LEN: usize = 32;

/// The absolute path of the file.
pub fn path() -> PathBuf {
    wycheproof::path(FILE)
}

/// One test case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XdhCase {
    /// `tcId`.
    pub tc_id: u64,
    /// `comment` (may be empty).
    pub comment: String,
    /// `flags` (keys of the file's `notes`, e.g. `"ZeroSharedSecret"`).
    pub flags: Vec<String>,
    /// The peer's u-coordinate, 32 bytes little-endian as RFC 7748 encodes it.
    pub public: [u8; KEY_LEN],
    /// Our private key, 32 bytes (unclamped).
    pub private: [u8; KEY_LEN],
    /// The expected shared secret.
    pub shared: [u8; KEY_LEN],
    /// The verdict.
    pub result: Expect,
}

impl XdhCase {
    /// True if `flags` contains `flag`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// A one-line description for failure messages: tcId, verdict, comment and flags.
    pub fn label(&self) -> String {
        format!("X25519 tcId {} [{:?}] ({:?}, flags {:?})", self.tc_id, self.result, self.comment, self.flags)
    }
}

type File = wycheproof::File<Group>;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    curve: String,
    #[serde(rename = "type")]
    ty: String,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    comment: String,
    flags: Vec<String>,
    public: String,
    private: String,
    shared: String,
    result: String,
}

fn fixed(path: &std::path::Path, tc: u64, name: &str, hex: &str) -> Result<[u8; KEY_LEN], KatError> {
    let v = decode_hex(path, &format!("tcId {tc} {name}"), hex)?;
    v.as_slice()
        .try_into()
        .map_err(|_| KatError::format(path, format!("tcId {tc}: {name} of {} bytes, not {KEY_LEN}", v.len())))
}

/// Every case, in file order. Checks the algorithm (`XDH`), schema, group type (`XdhComp`) and curve
/// (`curve25519`), the 32-byte field lengths, and that `numberOfTests` matches the cases read.
pub fn load() -> Result<Vec<XdhCase>, KatError> {
    let path = path();
    let file: File = wycheproof::read(&path)?;
    wycheproof::check_header(&path, &file.algorithm, "XDH", &file.schema, SCHEMA)?;
    let mut out = Vec::new();
    for g in &file.test_groups {
        if g.curve != "curve25519" || g.ty != "XdhComp" {
            return Err(KatError::format(&path, format!("group ({}, {}) is not XdhComp on curve25519", g.curve, g.ty)));
        }
        for t in &g.tests {
            let tc = t.tc_id;
            let result = wycheproof::expect(&path, tc, &t.result)?;
            out.push(XdhCase {
                tc_id: tc,
                comment: t.comment.clone(),
                flags: t.flags.clone(),
                public: fixed(&path, tc, "public", &t.public)?,
                private: fixed(&path, tc, "private", &t.private)?,
                shared: fixed(&path, tc, "shared", &t.shared)?,
                result,
            });
        }
    }
    wycheproof::check_count(&path, file.number_of_tests, out.len(), || "Wycheproof X25519".into())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_loads_with_the_upstream_counts() {
        let cases = load().unwrap();
        let count = |r| cases.iter().filter(|c| c.result == r).count();
        // As counted in the upstream file: 518 cases, 264 valid, 254 acceptable, none invalid.
        assert_eq!(
            (cases.len(), count(Expect::Valid), count(Expect::Invalid), count(Expect::Acceptable)),
            (518, 264, 0, 254)
        );
        // Every zero-secret case is acceptable (never valid) and its secret is all zero.
        let zero: Vec<_> = cases.iter().filter(|c| c.has_flag("ZeroSharedSecret")).collect();
        assert_eq!(zero.len(), 31);
        assert!(zero.iter().all(|c| c.result == Expect::Acceptable && c.shared == [0; KEY_LEN]));
        assert!(cases.iter().filter(|c| c.result == Expect::Valid).all(|c| c.shared != [0; KEY_LEN]));
    }

    #[test]
    fn first_case() {
        let c = &load().unwrap()[0];
        assert_eq!((c.tc_id, c.result, c.flags.as_slice()), (1, Expect::Valid, &["Normal".to_owned()][..]));
        assert_eq!(c.public[..4], [0x50, 0x4a, 0x36, 0x99]);
        assert_eq!(c.shared[..4], [0x43, 0x6a, 0x2c, 0x04]);
    }
}
