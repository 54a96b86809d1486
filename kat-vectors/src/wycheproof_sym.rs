//! Project Wycheproof symmetric vectors (`data/wycheproof/aes_*_test.json`; provenance in `README.md`): AES-GCM
//! and AES-CCM (`aead_test_schema_v1.json`), AES-CBC with PKCS #5 padding and AES-XTS (`ind_cpa_test_schema_v1.json`),
//! AES-KW and AES-KWP (`keywrap_test_schema_v1.json`), AES-CMAC (`mac_test_schema_v1.json`) and AES-GMAC
//! (`mac_with_iv_test_schema_v1.json`).
//!
//! Every file is checked against its expected algorithm, schema and group type; every case's key, IV and tag
//! lengths against its group's `keySize` / `ivSize` / `tagSize` (bits; in CCM's `InvalidTagSize` /
//! `InsecureTagSize` groups `tagSize` is the forbidden size under test), and `numberOfTests` against the cases
//! read.
//!
//! Field meaning per family (absent fields are empty):
//!
//! * AEAD: `key`, `iv` (nonce), `aad`, `msg`, `ct` (without tag), `tag`. `valid`: encryption gives `ct || tag`
//!   and decryption gives `msg`; `invalid`: decryption must fail (bad tag, or parameters the mode forbids).
//! * IND-CPA (CBC-PKCS5, XTS): `key`, `iv`, `msg`, `ct`. For XTS `iv` is the tweak's leading bytes: the 16-byte
//!   tweak is `iv` followed by zero bytes ([`SymCase::xts_tweak`]; Wycheproof's groups vary `ivSize` from 8 to
//!   128 bits). `invalid` CBC cases carry a bad or missing padding: decryption must fail.
//! * Key wrap: `key` (the KEK), `msg` (the key data), `ct` (the wrapping). `valid`: wrap gives `ct`, unwrap gives
//!   `msg`; `invalid`: unwrapping `ct` must fail (and wrapping `msg` too when its length is not wrappable);
//!   `acceptable`: may fail, a success must agree with the vector.
//! * MAC: `key`, `msg`, `tag` (GMAC also `iv`). `valid`: the MAC, truncated to `tagSize`, equals `tag`;
//!   `invalid`: it differs (a modified tag), or the key size is refused (`InvalidKeySize`, whose `tag` is empty).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::acvp::decode_hex;
use crate::error::KatError;
use crate::wycheproof;
pub use crate::wycheproof::Expect;

pub use crate::wycheproof::DIR;

/// A Wycheproof symmetric test file shipped here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SymFile {
    /// `aes_gcm_test.json`.
    AesGcm,
    /// `aes_ccm_test.json`.
    AesCcm,
    /// `aes_cbc_pkcs5_test.json`.
    AesCbcPkcs5,
    /// `aes_wrap_test.json` (SP 800-38F KW).
    AesKw,
    /// `aes_kwp_test.json` (SP 800-38F KWP).
    AesKwp,
    /// `aes_cmac_test.json`.
    AesCmac,
    /// `aes_xts_test.json`.
    AesXts,
    /// `aes_gmac_test.json`.
    AesGmac,
}

/// The shape of a file's cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// Authenticated encryption with associated data (`AeadTest`).
    Aead,
    /// Unauthenticated encryption (`IndCpaTest`).
    IndCpa,
    /// Key wrapping (`KeywrapTest`).
    Keywrap,
    /// A MAC (`MacTest`).
    Mac,
    /// A MAC with an IV (`MacWithIvTest`).
    MacWithIv,
}

impl Family {
    const fn schema(self) -> &'static str {
        match self {
            Family::Aead => "aead_test_schema_v1.json",
            Family::IndCpa => "ind_cpa_test_schema_v1.json",
            Family::Keywrap => "keywrap_test_schema_v1.json",
            Family::Mac => "mac_test_schema_v1.json",
            Family::MacWithIv => "mac_with_iv_test_schema_v1.json",
        }
    }

    const fn group_type(self) -> &'static str {
        match self {
            Family::Aead => "AeadTest",
            Family::IndCpa => "IndCpaTest",
            Family::Keywrap => "KeywrapTest",
            Family::Mac => "MacTest",
            Family::MacWithIv => "MacWithIvTest",
        }
    }

    const fn has_iv(self) -> bool {
        matches!(self, Family::Aead | Family::IndCpa | Family::MacWithIv)
    }

    const fn has_tag(self) -> bool {
        matches!(self, Family::Aead | Family::Mac | Family::MacWithIv)
    }
}

impl SymFile {
    /// Every file, in the order above.
    pub const ALL: [SymFile; 8] = [
        SymFile::AesGcm,
        SymFile::AesCcm,
        SymFile::AesCbcPkcs5,
        SymFile::AesKw,
        SymFile::AesKwp,
        SymFile::AesCmac,
        SymFile::AesXts,
        SymFile::AesGmac,
    ];

    /// The file name under [`DIR`].
    pub const fn file_name(self) -> &'static str {
        match self {
            SymFile::AesGcm => "aes_gcm_test.json",
            SymFile::AesCcm => "aes_ccm_test.json",
            SymFile::AesCbcPkcs5 => "aes_cbc_pkcs5_test.json",
            SymFile::AesKw => "aes_wrap_test.json",
            SymFile::AesKwp => "aes_kwp_test.json",
            SymFile::AesCmac => "aes_cmac_test.json",
            SymFile::AesXts => "aes_xts_test.json",
            SymFile::AesGmac => "aes_gmac_test.json",
        }
    }

    /// The file's `algorithm` field.
    pub const fn algorithm(self) -> &'static str {
        match self {
            SymFile::AesGcm => "AES-GCM",
            SymFile::AesCcm => "AES-CCM",
            SymFile::AesCbcPkcs5 => "AES-CBC-PKCS5",
            SymFile::AesKw => "AES-WRAP",
            SymFile::AesKwp => "AES-KWP",
            SymFile::AesCmac => "AES-CMAC",
            SymFile::AesXts => "AES-XTS",
            SymFile::AesGmac => "AES-GMAC",
        }
    }

    /// The shape of its cases.
    pub const fn family(self) -> Family {
        match self {
            SymFile::AesGcm | SymFile::AesCcm => Family::Aead,
            SymFile::AesCbcPkcs5 | SymFile::AesXts => Family::IndCpa,
            SymFile::AesKw | SymFile::AesKwp => Family::Keywrap,
            SymFile::AesCmac => Family::Mac,
            SymFile::AesGmac => Family::MacWithIv,
        }
    }

    /// The schema the file must declare.
    pub const fn schema(self) -> &'static str {
        self.family().schema()
    }

    /// The absolute path of the file.
    pub fn path(self) -> PathBuf {
        wycheproof::path(self.file_name())
    }
}

/// One test case (fields a family does not have are empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SymCase {
    /// The file it came from.
    pub file: SymFile,
    /// `tcId`.
    pub tc_id: u64,
    /// `comment` (may be empty).
    pub comment: String,
    /// `flags` (keys of the file's `notes`, e.g. `"ModifiedTag"`).
    pub flags: Vec<String>,
    /// The group's `keySize` in bits (equals `key.len() * 8`).
    pub key_size_bits: usize,
    /// The group's `ivSize` in bits (0 where the family has no IV).
    pub iv_size_bits: usize,
    /// The group's `tagSize` in bits (0 where the family has no tag).
    pub tag_size_bits: usize,
    /// The key (the KEK for key wrap).
    pub key: Vec<u8>,
    /// IV / nonce (XTS: the leading tweak bytes, see [`SymCase::xts_tweak`]).
    pub iv: Vec<u8>,
    /// Associated data (AEAD only).
    pub aad: Vec<u8>,
    /// The plaintext (key wrap: the key data; MAC: the message).
    pub msg: Vec<u8>,
    /// The ciphertext (AEAD: without the tag; key wrap: the wrapping).
    pub ct: Vec<u8>,
    /// The tag (AEAD, MAC).
    pub tag: Vec<u8>,
    /// The verdict.
    pub result: Expect,
}

impl SymCase {
    /// True if `flags` contains `flag`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// The 16-byte XTS tweak: `iv` followed by zero bytes. `None` if `iv` is longer than 16 bytes.
    pub fn xts_tweak(&self) -> Option<[u8; 16]> {
        let mut t = [0u8; 16];
        t.get_mut(..self.iv.len())?.copy_from_slice(&self.iv);
        Some(t)
    }

    /// A one-line description for failure messages: algorithm, tcId, comment and flags.
    pub fn label(&self) -> String {
        format!("{} tcId {} ({:?}, flags {:?})", self.file.algorithm(), self.tc_id, self.comment, self.flags)
    }
}

type File = wycheproof::File<Group>;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    #[serde(rename = "type")]
    ty: String,
    key_size: usize,
    iv_size: Option<usize>,
    tag_size: Option<usize>,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    comment: String,
    flags: Vec<String>,
    key: String,
    iv: Option<String>,
    aad: Option<String>,
    msg: String,
    ct: Option<String>,
    tag: Option<String>,
    result: String,
}

fn hex_field(path: &Path, tc: u64, name: &str, v: Option<&String>, want: bool) -> Result<Vec<u8>, KatError> {
    match (v, want) {
        (Some(s), true) => decode_hex(path, &format!("tcId {tc} {name}"), s),
        (None, false) => Ok(Vec::new()),
        (Some(_), false) => Err(KatError::format(path, format!("tcId {tc}: unexpected field {name}"))),
        (None, true) => Err(KatError::format(path, format!("tcId {tc}: missing field {name}"))),
    }
}

fn size_field(path: &Path, name: &str, v: Option<usize>, want: bool) -> Result<usize, KatError> {
    match (v, want) {
        (Some(n), true) => Ok(n),
        (None, false) => Ok(0),
        (Some(_), false) => Err(KatError::format(path, format!("unexpected group field {name}"))),
        (None, true) => Err(KatError::format(path, format!("missing group field {name}"))),
    }
}

fn case(path: &Path, file: SymFile, g: &Group, t: &Test) -> Result<SymCase, KatError> {
    let fam = file.family();
    let tc = t.tc_id;
    let c = SymCase {
        file,
        tc_id: tc,
        comment: t.comment.clone(),
        flags: t.flags.clone(),
        key_size_bits: g.key_size,
        iv_size_bits: size_field(path, "ivSize", g.iv_size, fam.has_iv())?,
        tag_size_bits: size_field(path, "tagSize", g.tag_size, fam.has_tag())?,
        key: decode_hex(path, &format!("tcId {tc} key"), &t.key)?,
        iv: hex_field(path, tc, "iv", t.iv.as_ref(), fam.has_iv())?,
        aad: hex_field(path, tc, "aad", t.aad.as_ref(), fam == Family::Aead)?,
        msg: decode_hex(path, &format!("tcId {tc} msg"), &t.msg)?,
        ct: hex_field(path, tc, "ct", t.ct.as_ref(), matches!(fam, Family::Aead | Family::IndCpa | Family::Keywrap))?,
        tag: hex_field(path, tc, "tag", t.tag.as_ref(), fam.has_tag())?,
        result: wycheproof::expect(path, tc, &t.result)?,
    };
    let bits = |v: &[u8]| v.len() * 8;
    if bits(&c.key) != c.key_size_bits || bits(&c.iv) != c.iv_size_bits {
        return Err(KatError::format(
            path,
            format!(
                "tcId {tc}: key/iv of {}/{} bits in a {}/{}-bit group",
                bits(&c.key),
                bits(&c.iv),
                g.key_size,
                c.iv_size_bits
            ),
        ));
    }
    // An AEAD's tag is exactly tagSize; a MAC's tag may be shorter (empty in CMAC's `InvalidKeySize` cases).
    let tag_ok = match fam {
        Family::Aead => bits(&c.tag) == c.tag_size_bits,
        Family::Mac | Family::MacWithIv => bits(&c.tag) <= c.tag_size_bits,
        Family::IndCpa | Family::Keywrap => true,
    };
    if !tag_ok {
        return Err(KatError::format(
            path,
            format!("tcId {tc}: tag of {} bits in a {}-bit group", bits(&c.tag), c.tag_size_bits),
        ));
    }
    Ok(c)
}

/// Every case of `file`, in file order. Checks the algorithm, schema, group types, field presence and sizes
/// (see the module docs) and that `numberOfTests` matches the cases read.
pub fn load(file: SymFile) -> Result<Vec<SymCase>, KatError> {
    let path = file.path();
    let parsed: File = wycheproof::read(&path)?;
    wycheproof::check_header(&path, &parsed.algorithm, file.algorithm(), &parsed.schema, file.schema())?;
    let mut out = Vec::new();
    for g in &parsed.test_groups {
        if g.ty != file.family().group_type() {
            return Err(KatError::format(&path, format!("group type {:?} in a {} file", g.ty, file.algorithm())));
        }
        for t in &g.tests {
            out.push(case(&path, file, g, t)?);
        }
    }
    wycheproof::check_count(&path, parsed.number_of_tests, out.len(), || format!("Wycheproof {}", file.algorithm()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(cases: &[SymCase], r: Expect) -> usize {
        cases.iter().filter(|c| c.result == r).count()
    }

    #[test]
    fn files_load_with_the_upstream_counts() {
        // (file, cases, valid, invalid, acceptable), as counted in the upstream files.
        for (file, n, valid, invalid, acceptable) in [
            (SymFile::AesGcm, 316, 229, 87, 0),
            (SymFile::AesCcm, 552, 405, 147, 0),
            (SymFile::AesCbcPkcs5, 216, 72, 144, 0),
            (SymFile::AesKw, 165, 36, 126, 3),
            (SymFile::AesKwp, 254, 77, 177, 0),
            (SymFile::AesCmac, 311, 63, 248, 0),
            (SymFile::AesXts, 123, 123, 0, 0),
            (SymFile::AesGmac, 414, 90, 324, 0),
        ] {
            let cases = load(file).unwrap();
            assert_eq!(cases.len(), n, "{file:?}");
            assert_eq!(count(&cases, Expect::Valid), valid, "{file:?}");
            assert_eq!(count(&cases, Expect::Invalid), invalid, "{file:?}");
            assert_eq!(count(&cases, Expect::Acceptable), acceptable, "{file:?}");
            assert!(cases.iter().all(|c| c.file == file));
        }
    }

    #[test]
    fn fields_and_xts_tweak() {
        let gcm = load(SymFile::AesGcm).unwrap();
        let c = &gcm[0];
        assert_eq!((c.tc_id, c.key.len(), c.iv.len(), c.tag.len(), c.result), (1, 16, 12, 16, Expect::Valid));
        assert_eq!(c.ct.len(), c.msg.len());
        assert!(gcm.iter().any(|c| c.iv.is_empty() && c.has_flag("ZeroLengthIv") && c.result == Expect::Invalid));
        let kw = load(SymFile::AesKw).unwrap();
        assert!(kw.iter().all(|c| c.iv.is_empty() && c.tag.is_empty() && c.aad.is_empty()));
        let xts = load(SymFile::AesXts).unwrap();
        let short = xts.iter().find(|c| c.iv.len() == 1).unwrap();
        let tweak = short.xts_tweak().unwrap();
        assert_eq!((tweak[0], tweak[1..].iter().all(|&b| b == 0)), (short.iv[0], true));
        let mut long = short.clone();
        long.iv = vec![0; 17];
        assert_eq!(long.xts_tweak(), None);
    }
}
