//! Project Wycheproof ECDH test vectors for P-256, P-384 and P-521 (`data/wycheproof/ecdh_secp*r1_ecpoint_test.json`,
//! schema `ecdh_ecpoint_test_schema_v1.json`; provenance in `README.md`).
//!
//! Each case gives the peer's public key as a raw SEC 1 point (uncompressed, compressed, or malformed), our
//! private scalar (big-endian, as Wycheproof prints it: sometimes with a leading `00`, sometimes shorter than the
//! field) and the expected shared secret (the x-coordinate of `d * Q`). How a case runs:
//!
//! * [`Expect::Valid`]: the public key decodes, the private key is accepted and ECDH yields exactly `shared`.
//! * [`Expect::Invalid`]: some step (public key decoding, private key, ECDH) fails; no secret is produced.
//! * [`Expect::Acceptable`]: may fail; if it succeeds, the result equals `shared` (here: compressed points,
//!   which SP 800-56A permits but does not require).
//!
//! [`EcdhCase::private_fixed`] normalises the private key to the scalar length of the curve.

use std::path::PathBuf;

use serde::Deserialize;

use crate::acvp::decode_hex;
use crate::error::KatError;
use crate::wycheproof;

pub use crate::wycheproof::{DIR, Expect};

/// The schema every loaded file must declare.
pub const SCHEMA: &str = "ecdh_ecpoint_test_schema_v1.json";

/// A curve with Wycheproof ECDH vectors here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Curve {
    /// NIST P-256 (`secp256r1`).
    P256,
    /// NIST P-384 (`secp384r1`).
    P384,
    /// NIST P-521 (`secp521r1`).
    P521,
}

impl Curve {
    /// All curves, smallest first.
    pub const ALL: [Curve; 3] = [Curve::P256, Curve::P384, Curve::P521];

    /// The SEC 2 name Wycheproof uses (`"secp256r1"`, ...), also the `curve` field of a test group.
    pub const fn sec_name(self) -> &'static str {
        match self {
            Curve::P256 => "secp256r1",
            Curve::P384 => "secp384r1",
            Curve::P521 => "secp521r1",
        }
    }

    /// The NIST name (`"P-256"`, ...), accepted by OpenSSL as a group name.
    pub const fn nist_name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    /// Bytes of a field element or scalar (32, 48, 66); also the length of the shared secret.
    pub const fn scalar_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    /// The file name under [`DIR`].
    pub fn file_name(self) -> String {
        format!("ecdh_{}_ecpoint_test.json", self.sec_name())
    }

    /// The absolute path of the file.
    pub fn path(self) -> PathBuf {
        wycheproof::path(&self.file_name())
    }
}

/// One test case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcdhCase {
    /// The curve (from the test group).
    pub curve: Curve,
    /// `tcId`.
    pub tc_id: u64,
    /// `comment` (may be empty).
    pub comment: String,
    /// `flags` (keys of the file's `notes`, e.g. `"InvalidCurveAttack"`).
    pub flags: Vec<String>,
    /// The peer public key: a SEC 1 point encoding, possibly compressed, empty or malformed.
    pub public: Vec<u8>,
    /// Our private key, big-endian, exactly as in the file (see [`EcdhCase::private_fixed`]).
    pub private: Vec<u8>,
    /// The expected shared secret (empty for most invalid cases).
    pub shared: Vec<u8>,
    /// The verdict.
    pub result: Expect,
}

impl EcdhCase {
    /// The private key as exactly [`Curve::scalar_len`] big-endian bytes: leading zero bytes stripped, then left-padded
    /// with zeros. `None` if the value does not fit (then it is `>= n` anyway and cannot be a valid key).
    pub fn private_fixed(&self) -> Option<Vec<u8>> {
        let len = self.curve.scalar_len();
        let start = self.private.iter().position(|&b| b != 0).unwrap_or(self.private.len());
        let digits = &self.private[start..];
        if digits.len() > len {
            return None;
        }
        let mut out = vec![0u8; len - digits.len()];
        out.extend_from_slice(digits);
        Some(out)
    }

    /// A one-line description for failure messages: curve, tcId, comment and flags.
    pub fn label(&self) -> String {
        format!("{} tcId {} ({:?}, flags {:?})", self.curve.nist_name(), self.tc_id, self.comment, self.flags)
    }
}

type File = wycheproof::File<Group>;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    curve: String,
    encoding: String,
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

/// Every case for `curve`, in file order. Checks the file's algorithm, schema, group curve and encoding, and
/// that `numberOfTests` matches the cases read.
pub fn load(curve: Curve) -> Result<Vec<EcdhCase>, KatError> {
    let path = curve.path();
    let file: File = wycheproof::read(&path)?;
    wycheproof::check_header(&path, &file.algorithm, "ECDH", &file.schema, SCHEMA)?;
    let mut out = Vec::new();
    for g in &file.test_groups {
        if g.curve != curve.sec_name() || g.encoding != "ecpoint" || g.ty != "EcdhEcpointTest" {
            return Err(KatError::format(
                &path,
                format!(
                    "group ({}, {}, {}) is not an ecpoint group on {}",
                    g.curve,
                    g.encoding,
                    g.ty,
                    curve.sec_name()
                ),
            ));
        }
        for t in &g.tests {
            let tc = t.tc_id;
            out.push(EcdhCase {
                curve,
                tc_id: tc,
                comment: t.comment.clone(),
                flags: t.flags.clone(),
                public: decode_hex(&path, &format!("tcId {tc} public"), &t.public)?,
                private: decode_hex(&path, &format!("tcId {tc} private"), &t.private)?,
                shared: decode_hex(&path, &format!("tcId {tc} shared"), &t.shared)?,
                result: wycheproof::expect(&path, tc, &t.result)?,
            });
        }
    }
    wycheproof::check_count(&path, file.number_of_tests, out.len(), || {
        format!("Wycheproof ECDH {}", curve.nist_name())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(cases: &[EcdhCase], r: Expect) -> usize {
        cases.iter().filter(|c| c.result == r).count()
    }

    #[test]
    fn files_load_with_the_upstream_counts() {
        // (curve, cases, valid, invalid, acceptable), as counted in the upstream files.
        for (curve, n, valid, invalid, acceptable) in
            [(Curve::P256, 355, 330, 24, 1), (Curve::P384, 790, 771, 18, 1), (Curve::P521, 661, 632, 28, 1)]
        {
            let cases = load(curve).unwrap();
            assert_eq!(cases.len(), n, "{curve:?}");
            assert_eq!(count(&cases, Expect::Valid), valid, "{curve:?}");
            assert_eq!(count(&cases, Expect::Invalid), invalid, "{curve:?}");
            assert_eq!(count(&cases, Expect::Acceptable), acceptable, "{curve:?}");
            for c in &cases {
                assert_eq!(c.curve, curve);
                if c.result == Expect::Valid {
                    assert_eq!(c.shared.len(), curve.scalar_len(), "{}", c.label());
                    assert_eq!(c.private_fixed().map(|d| d.len()), Some(curve.scalar_len()), "{}", c.label());
                }
            }
        }
    }

    #[test]
    fn first_p256_case_and_private_key_normalisation() {
        let cases = load(Curve::P256).unwrap();
        let c = &cases[0];
        assert_eq!((c.tc_id, c.result, c.public.len(), c.public[0]), (1, Expect::Valid, 65, 4));
        assert_eq!(c.private_fixed().unwrap(), c.private);
        // Keys printed with a leading 00 byte (33 bytes in the file) lose it.
        let padded = cases.iter().find(|c| c.private.len() == 33).unwrap();
        assert_eq!(padded.private[0], 0);
        assert_eq!(padded.private_fixed().unwrap(), padded.private[1..]);
        // A one-byte key (edge case private key) is left-padded.
        let short = cases.iter().find(|c| c.private.len() == 1).unwrap();
        let fixed = short.private_fixed().unwrap();
        assert_eq!((fixed.len(), fixed[31], fixed[..31].iter().all(|&b| b == 0)), (32, short.private[0], true));
        // Too long after stripping zeros: refused.
        let mut long = c.clone();
        long.private = vec![1u8; 33];
        assert_eq!(long.private_fixed(), None);
    }
}
