//! Project Wycheproof signature-verification vectors: ECDSA with DER signatures on P-256, P-384 and P-521
//! (`data/wycheproof/ecdsa_secp*r1_sha*_test.json`, schema `ecdsa_verify_schema_v1.json`) and Ed25519
//! (`data/wycheproof/ed25519_test.json`, schema `eddsa_verify_schema_v1.json`); provenance in `README.md`.
//!
//! Each test group carries one public key ([`SigGroup::public`]: the uncompressed SEC 1 point for ECDSA, the
//! 32-byte encoding for Ed25519; [`SigGroup::public_der`]: the same key as a `SubjectPublicKeyInfo`); each case a
//! message and a signature (ECDSA: an `ECDSA-Sig-Value` in DER, or a deliberately broken encoding; Ed25519: the
//! 64 bytes `R || S`, or a wrong length). The ECDSA digest is fixed per file ([`SigFile::digest`]). How a case
//! runs:
//!
//! * [`Expect::Valid`]: the signature verifies.
//! * [`Expect::Invalid`]: verification fails (or the signature is refused as malformed).
//! * [`Expect::Acceptable`]: either outcome is allowed (none of the files here has such a case).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::HashAlg;
use crate::acvp::decode_hex;
use crate::error::KatError;
use crate::wycheproof;
use crate::wycheproof_ecdh::Curve;

/// The schema of the ECDSA files.
pub const ECDSA_SCHEMA: &str = "ecdsa_verify_schema_v1.json";

/// The schema of the EdDSA file.
pub const EDDSA_SCHEMA: &str = "eddsa_verify_schema_v1.json";

/// One signature file here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SigFile {
    /// ECDSA P-256 with SHA-256.
    EcdsaP256Sha256,
    /// ECDSA P-256 with SHA-512.
    EcdsaP256Sha512,
    /// ECDSA P-256 with SHA3-256.
    EcdsaP256Sha3_256,
    /// ECDSA P-384 with SHA-384.
    EcdsaP384Sha384,
    /// ECDSA P-384 with SHA3-384.
    EcdsaP384Sha3_384,
    /// ECDSA P-521 with SHA-512.
    EcdsaP521Sha512,
    /// Ed25519 (pure, RFC 8032).
    Ed25519,
}

impl SigFile {
    /// Every file, the ECDSA ones first.
    pub const ALL: [SigFile; 7] = [
        SigFile::EcdsaP256Sha256,
        SigFile::EcdsaP256Sha512,
        SigFile::EcdsaP256Sha3_256,
        SigFile::EcdsaP384Sha384,
        SigFile::EcdsaP384Sha3_384,
        SigFile::EcdsaP521Sha512,
        SigFile::Ed25519,
    ];

    /// The ECDSA files.
    pub const ECDSA: [SigFile; 6] = [
        SigFile::EcdsaP256Sha256,
        SigFile::EcdsaP256Sha512,
        SigFile::EcdsaP256Sha3_256,
        SigFile::EcdsaP384Sha384,
        SigFile::EcdsaP384Sha3_384,
        SigFile::EcdsaP521Sha512,
    ];

    /// The curve of an ECDSA file; `None` for Ed25519.
    pub const fn curve(self) -> Option<Curve> {
        match self {
            SigFile::EcdsaP256Sha256 | SigFile::EcdsaP256Sha512 | SigFile::EcdsaP256Sha3_256 => Some(Curve::P256),
            SigFile::EcdsaP384Sha384 | SigFile::EcdsaP384Sha3_384 => Some(Curve::P384),
            SigFile::EcdsaP521Sha512 => Some(Curve::P521),
            SigFile::Ed25519 => None,
        }
    }

    /// The message digest of an ECDSA file (its groups' `sha`); `None` for Ed25519. [`HashAlg::name`] is the
    /// name Wycheproof prints (`"SHA-256"`, `"SHA3-256"`), which OpenSSL also accepts.
    pub const fn digest(self) -> Option<HashAlg> {
        match self {
            SigFile::EcdsaP256Sha256 => Some(HashAlg::Sha256),
            SigFile::EcdsaP256Sha512 | SigFile::EcdsaP521Sha512 => Some(HashAlg::Sha512),
            SigFile::EcdsaP256Sha3_256 => Some(HashAlg::Sha3_256),
            SigFile::EcdsaP384Sha384 => Some(HashAlg::Sha384),
            SigFile::EcdsaP384Sha3_384 => Some(HashAlg::Sha3_384),
            SigFile::Ed25519 => None,
        }
    }

    /// The file name under [`crate::wycheproof::DIR`].
    pub const fn file_name(self) -> &'static str {
        match self {
            SigFile::EcdsaP256Sha256 => "ecdsa_secp256r1_sha256_test.json",
            SigFile::EcdsaP256Sha512 => "ecdsa_secp256r1_sha512_test.json",
            SigFile::EcdsaP256Sha3_256 => "ecdsa_secp256r1_sha3_256_test.json",
            SigFile::EcdsaP384Sha384 => "ecdsa_secp384r1_sha384_test.json",
            SigFile::EcdsaP384Sha3_384 => "ecdsa_secp384r1_sha3_384_test.json",
            SigFile::EcdsaP521Sha512 => "ecdsa_secp521r1_sha512_test.json",
            SigFile::Ed25519 => "ed25519_test.json",
        }
    }

    /// The absolute path of the file.
    pub fn path(self) -> PathBuf {
        wycheproof::path(self.file_name())
    }

    /// A short description: `"ECDSA P-256 SHA-256"`, `"Ed25519"`.
    pub fn label(self) -> String {
        match (self.curve(), self.digest()) {
            (Some(c), Some(h)) => format!("ECDSA {} {}", c.nist_name(), h.name()),
            _ => "Ed25519".to_owned(),
        }
    }

    /// Length of the raw public key: `1 + 2 * scalar_len` (uncompressed point) or 32.
    pub const fn public_len(self) -> usize {
        match self.curve() {
            Some(c) => 1 + 2 * c.scalar_len(),
            None => 32,
        }
    }
}

pub use crate::wycheproof::Expect;

/// One test group: a public key and the cases signed (or not) by it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigGroup {
    /// The file the group came from.
    pub file: SigFile,
    /// The raw public key: uncompressed SEC 1 point (`04 || x || y`) or the 32-byte Ed25519 encoding.
    pub public: Vec<u8>,
    /// The same key as a DER `SubjectPublicKeyInfo` (`publicKeyDer`).
    pub public_der: Vec<u8>,
    /// The cases, in file order.
    pub cases: Vec<SigCase>,
}

/// One test case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigCase {
    /// The file the case came from.
    pub file: SigFile,
    /// `tcId`.
    pub tc_id: u64,
    /// `comment` (may be empty).
    pub comment: String,
    /// `flags` (keys of the file's `notes`, e.g. `"ModifiedInteger"`).
    pub flags: Vec<String>,
    /// The message.
    pub msg: Vec<u8>,
    /// The signature as given (DER for ECDSA, possibly malformed; `R || S` for Ed25519, possibly mis-sized).
    pub sig: Vec<u8>,
    /// The verdict.
    pub result: Expect,
}

impl SigCase {
    /// A one-line description for failure messages: file, tcId, comment and flags.
    pub fn label(&self) -> String {
        format!("{} tcId {} ({:?}, flags {:?})", self.file.label(), self.tc_id, self.comment, self.flags)
    }
}

type File = wycheproof::File<Group>;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    #[serde(rename = "type")]
    ty: String,
    public_key: PublicKey,
    public_key_der: String,
    sha: Option<String>,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PublicKey {
    #[serde(rename = "type")]
    ty: String,
    curve: String,
    key_size: usize,
    uncompressed: Option<String>,
    wx: Option<String>,
    wy: Option<String>,
    pk: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    comment: String,
    flags: Vec<String>,
    msg: String,
    sig: String,
    result: String,
}

/// A big-endian coordinate as printed (maybe with a leading `00`, maybe shorter) as exactly `len` bytes.
fn coordinate(path: &Path, what: &str, hex: &str, len: usize) -> Result<Vec<u8>, KatError> {
    let v = decode_hex(path, what, hex)?;
    let start = v.iter().position(|&b| b != 0).unwrap_or(v.len());
    let digits = &v[start..];
    if digits.len() > len {
        return Err(KatError::format(path, format!("{what}: {} bytes for a {len}-byte coordinate", v.len())));
    }
    let mut out = vec![0u8; len - digits.len()];
    out.extend_from_slice(digits);
    Ok(out)
}

/// The group's raw public key, checked against the file: curve, key type and size, and for ECDSA an
/// uncompressed point equal to `04 || wx || wy`.
fn group_key(path: &Path, file: SigFile, g: &Group) -> Result<Vec<u8>, KatError> {
    let k = &g.public_key;
    let bad = |msg: String| Err(KatError::format(path, msg));
    let public = match file.curve() {
        Some(curve) => {
            let sha = g.sha.as_deref().unwrap_or("");
            let want = file.digest().map_or("", HashAlg::name);
            if g.ty != "EcdsaVerify" || k.ty != "EcPublicKey" || k.curve != curve.sec_name() || sha != want {
                return bad(format!("group ({}, {}, {}, {sha}) is not {}", g.ty, k.ty, k.curve, file.label()));
            }
            if k.key_size != curve.scalar_len() * 8 && !(curve == Curve::P521 && k.key_size == 521) {
                return bad(format!("keySize {} on {}", k.key_size, curve.sec_name()));
            }
            let (Some(u), Some(wx), Some(wy)) = (&k.uncompressed, &k.wx, &k.wy) else {
                return bad(format!("{}: public key without uncompressed/wx/wy", file.label()));
            };
            let point = decode_hex(path, "publicKey.uncompressed", u)?;
            let len = curve.scalar_len();
            let x = coordinate(path, "publicKey.wx", wx, len)?;
            let y = coordinate(path, "publicKey.wy", wy, len)?;
            if point != [&[4u8][..], &x, &y].concat() {
                return bad(format!("publicKey.uncompressed {u} does not match wx/wy"));
            }
            point
        }
        None => {
            if g.ty != "EddsaVerify" || k.ty != "EDDSAPublicKey" || k.curve != "edwards25519" || k.key_size != 255 {
                return bad(format!("group ({}, {}, {}) is not an Ed25519 group", g.ty, k.ty, k.curve));
            }
            let Some(pk) = &k.pk else { return bad("Ed25519 public key without pk".to_owned()) };
            decode_hex(path, "publicKey.pk", pk)?
        }
    };
    if public.len() != file.public_len() {
        return bad(format!("{}: public key of {} bytes", file.label(), public.len()));
    }
    Ok(public)
}

/// Every group of `file`, in file order. Checks the file's algorithm and schema, each group's type, curve,
/// digest and key (see above; the DER form must end with the raw key), and that `numberOfTests` matches the cases
/// read.
pub fn load(file: SigFile) -> Result<Vec<SigGroup>, KatError> {
    let path = file.path();
    let parsed: File = wycheproof::read(&path)?;
    let (algorithm, schema) = if file.curve().is_some() { ("ECDSA", ECDSA_SCHEMA) } else { ("EDDSA", EDDSA_SCHEMA) };
    wycheproof::check_header(&path, &parsed.algorithm, algorithm, &parsed.schema, schema)?;
    let mut groups = Vec::new();
    let mut n = 0;
    for g in &parsed.test_groups {
        let public = group_key(&path, file, g)?;
        let public_der = decode_hex(&path, "publicKeyDer", &g.public_key_der)?;
        if !public_der.ends_with(&public) {
            return Err(KatError::format(&path, "publicKeyDer does not hold the public key".to_owned()));
        }
        let mut cases = Vec::new();
        for t in &g.tests {
            let tc = t.tc_id;
            cases.push(SigCase {
                file,
                tc_id: tc,
                comment: t.comment.clone(),
                flags: t.flags.clone(),
                msg: decode_hex(&path, &format!("tcId {tc} msg"), &t.msg)?,
                sig: decode_hex(&path, &format!("tcId {tc} sig"), &t.sig)?,
                result: wycheproof::expect(&path, tc, &t.result)?,
            });
        }
        n += cases.len();
        groups.push(SigGroup { file, public, public_der, cases });
    }
    wycheproof::check_count(&path, parsed.number_of_tests, n, || format!("Wycheproof {}", file.label()))?;
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (file, groups, cases, valid, invalid, acceptable), as counted in the upstream files.
    const COUNTS: [(SigFile, usize, usize, usize, usize, usize); 7] = [
        (SigFile::EcdsaP256Sha256, 113, 484, 174, 310, 0),
        (SigFile::EcdsaP256Sha512, 113, 554, 243, 311, 0),
        (SigFile::EcdsaP256Sha3_256, 104, 482, 178, 304, 0),
        (SigFile::EcdsaP384Sha384, 105, 504, 194, 310, 0),
        (SigFile::EcdsaP384Sha3_384, 96, 504, 200, 304, 0),
        (SigFile::EcdsaP521Sha512, 108, 542, 232, 310, 0),
        (SigFile::Ed25519, 78, 151, 88, 63, 0),
    ];

    #[test]
    fn files_load_with_the_upstream_counts() {
        for (file, ngroups, n, valid, invalid, acceptable) in COUNTS {
            let groups = load(file).unwrap();
            assert_eq!(groups.len(), ngroups, "{file:?}");
            let cases: Vec<&SigCase> = groups.iter().flat_map(|g| &g.cases).collect();
            let count = |r| cases.iter().filter(|c| c.result == r).count();
            assert_eq!(cases.len(), n, "{file:?}");
            assert_eq!(
                (count(Expect::Valid), count(Expect::Invalid), count(Expect::Acceptable)),
                (valid, invalid, acceptable)
            );
            for g in &groups {
                assert_eq!(g.public.len(), file.public_len(), "{file:?}");
                assert!(g.cases.iter().all(|c| c.file == file));
            }
        }
    }

    #[test]
    fn first_cases() {
        let g = &load(SigFile::EcdsaP256Sha256).unwrap()[0];
        let c = &g.cases[0];
        assert_eq!((c.tc_id, c.result, c.msg.len(), c.sig[0]), (1, Expect::Valid, 0, 0x30));
        assert_eq!(&g.public[..3], &[4, 4, 0xaa]);
        let g = &load(SigFile::Ed25519).unwrap()[0];
        assert_eq!(hex::encode(&g.public), "7d4d0e7f6153a69b6242b522abbee685fda4420f8834b108c3bdae369ef549fa");
        assert_eq!((g.cases[0].tc_id, g.cases[0].sig.len(), g.cases[0].result), (1, 64, Expect::Valid));
        assert_eq!(SigFile::EcdsaP521Sha512.label(), "ECDSA P-521 SHA-512");
    }

    #[test]
    fn coordinates_are_normalised() {
        let p = Path::new("x");
        assert_eq!(coordinate(p, "c", "0080", 2).unwrap(), [0, 0x80]);
        assert_eq!(coordinate(p, "c", "01", 2).unwrap(), [0, 1]);
        assert!(coordinate(p, "c", "010203", 2).is_err());
    }
}
