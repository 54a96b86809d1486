//! Hash known answers: types and the loader.
//!
//! [`load`] returns every suite shipped for an algorithm: the ACVP vector set (SHA-2 except
//! SHA-512/224, SHA3-256/384/512, SHAKE) and, for SHA-1, SHA-512/224 and SHA3-224 (which have no
//! ACVP sample here), the NIST CAVP `.rsp` files (ShortMsg/LongMsg as [`Aft`], Monte as [`Mct`]).
//!
//! All messages are byte strings: bit-oriented cases (a message length that is not a multiple of
//! 8 bits) are left out and counted in [`HashSuite::skipped_bit_oriented`].

use crate::alg::HashAlg;
use crate::check::Mismatch;
use crate::error::KatError;

/// Where a suite comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// An ACVP vector set: `data/<dir>/internalProjection.json`.
    Acvp {
        /// The upstream directory name, e.g. `"SHA2-256-1.0"`.
        dir: &'static str,
    },
    /// A NIST CAVP response file: `data/cavp/<file>`.
    Cavp {
        /// The path below `data/cavp/`, e.g. `"SHA1/SHA1Monte.rsp"`.
        file: &'static str,
    },
}

/// ACVP `mctVersion`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MctVersion {
    /// The classic Monte-Carlo test: the seed is one digest long.
    Standard,
    /// The ACVP "alternate" test: the seed may have any length and every message is cut or
    /// zero-padded to that length (see [`crate::mct`]).
    Alternate,
}

/// How an [`Mct`] is iterated; [`crate::mct::run_mct`] implements all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MctKind {
    /// SHA-1 / SHA-2 (ACVP SHA-2 MCT; CAVP `SHA*Monte.rsp` is [`MctVersion::Standard`]).
    Sha2(MctVersion),
    /// SHA3-* (ACVP SHA-3 MCT; CAVP `SHA3_*Monte.rsp` is [`MctVersion::Standard`]).
    Sha3(MctVersion),
    /// SHAKE: output lengths vary between `min_out_len` and `max_out_len` bytes (inclusive).
    Shake {
        /// Smallest output, in bytes.
        min_out_len: usize,
        /// Largest output (also the first one), in bytes.
        max_out_len: usize,
    },
}

/// A one-shot known answer: `hash(msg) == md`. For SHAKE, squeeze exactly `md.len()` bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aft {
    /// `tcId` (CAVP: 1-based record number in its file).
    pub tc_id: u64,
    /// The message.
    pub msg: Vec<u8>,
    /// The digest (SHAKE: the whole requested output).
    pub md: Vec<u8>,
}

/// A Monte-Carlo test: a chain of 100 (ACVP and CAVP) outer steps from `seed`; run it with
/// [`crate::mct::run_mct`], which documents the exact iteration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mct {
    /// `tcId` (CAVP: 1).
    pub tc_id: u64,
    /// The initial message (ACVP `msg`, CAVP `Seed`).
    pub seed: Vec<u8>,
    /// How to iterate.
    pub kind: MctKind,
    /// The expected output of each outer step `j` (SHAKE: of varying length).
    pub results: Vec<Vec<u8>>,
}

/// A large-data test: the message is `content` repeated up to `full_length_bits` (1 to 8 GiB):
/// stream it with [`Ldt::feed`] or [`crate::ldt::run_ldt`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ldt {
    /// `tcId`.
    pub tc_id: u64,
    /// The repeated pattern (never empty).
    pub content: Vec<u8>,
    /// The total message length in bits (a multiple of 8).
    pub full_length_bits: u64,
    /// The digest.
    pub md: Vec<u8>,
}

impl Ldt {
    /// The total message length in bytes.
    pub fn full_len_bytes(&self) -> u64 {
        self.full_length_bits / 8
    }
}

/// A variable-output test (SHAKE): squeeze [`Vot::out_len`] bytes and compare with
/// [`Vot::check`], which ignores the bits past `out_len_bits`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vot {
    /// `tcId`.
    pub tc_id: u64,
    /// The message.
    pub msg: Vec<u8>,
    /// The requested output length in **bits** (often not a multiple of 8).
    pub out_len_bits: usize,
    /// The expected output, `out_len()` bytes. When `out_len_bits % 8 = r != 0`, the last byte
    /// holds the first `r` bits of the last output byte, i.e. that byte's `r` least significant
    /// bits (FIPS 202 bit order), the others zero.
    pub md: Vec<u8>,
}

impl Vot {
    /// The number of bytes to squeeze: `ceil(out_len_bits / 8)`.
    pub fn out_len(&self) -> usize {
        self.out_len_bits.div_ceil(8)
    }

    /// Compares `out_len()` squeezed bytes with the answer, masking the unused bits of the last
    /// byte as described on [`Vot::md`].
    pub fn check(&self, actual: &[u8]) -> Result<(), Mismatch> {
        let mut got = actual.to_vec();
        let rem = self.out_len_bits % 8;
        if rem != 0
            && got.len() == self.out_len()
            && let Some(last) = got.last_mut()
        {
            *last &= (1u8 << rem) - 1;
        }
        crate::check::check(self.tc_id, &self.md, &got)
    }
}

/// Every known answer of one vector file (or one CAVP file) for one algorithm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashSuite {
    /// The algorithm.
    pub alg: HashAlg,
    /// Where the vectors come from.
    pub source: Source,
    /// One-shot tests (byte-oriented only).
    pub aft: Vec<Aft>,
    /// Monte-Carlo tests.
    pub mct: Vec<Mct>,
    /// Large-data tests (ACVP only).
    pub ldt: Vec<Ldt>,
    /// Variable-output tests (SHAKE only).
    pub vot: Vec<Vot>,
    /// Tests left out because a message (or an AFT output) length is not whole bytes.
    pub skipped_bit_oriented: usize,
}

impl HashSuite {
    pub(crate) fn new(alg: HashAlg, source: Source) -> Self {
        Self {
            alg,
            source,
            aft: Vec::new(),
            mct: Vec::new(),
            ldt: Vec::new(),
            vot: Vec::new(),
            skipped_bit_oriented: 0,
        }
    }

    /// The number of runnable tests (AFT + MCT + LDT + VOT).
    pub fn len(&self) -> usize {
        self.aft.len() + self.mct.len() + self.ldt.len() + self.vot.len()
    }

    /// `true` if the suite holds no runnable test.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The ACVP directory shipped for an algorithm, if any.
pub fn acvp_dir(alg: HashAlg) -> Option<&'static str> {
    match alg {
        HashAlg::Sha224 => Some("SHA2-224-1.0"),
        HashAlg::Sha256 => Some("SHA2-256-1.0"),
        HashAlg::Sha384 => Some("SHA2-384-1.0"),
        HashAlg::Sha512 => Some("SHA2-512-1.0"),
        HashAlg::Sha512_256 => Some("SHA2-512-256-1.0"),
        HashAlg::Sha3_256 => Some("SHA3-256-2.0"),
        HashAlg::Sha3_384 => Some("SHA3-384-2.0"),
        HashAlg::Sha3_512 => Some("SHA3-512-2.0"),
        HashAlg::Shake128 => Some("SHAKE-128-1.0"),
        HashAlg::Shake256 => Some("SHAKE-256-1.0"),
        HashAlg::Sha1 | HashAlg::Sha512_224 | HashAlg::Sha3_224 => None,
    }
}

/// The CAVP `.rsp` files shipped for an algorithm (paths below `data/cavp/`).
pub fn cavp_files(alg: HashAlg) -> &'static [&'static str] {
    match alg {
        HashAlg::Sha1 => &["SHA1/SHA1ShortMsg.rsp", "SHA1/SHA1LongMsg.rsp", "SHA1/SHA1Monte.rsp"],
        HashAlg::Sha512_224 => {
            &["SHA2/SHA512_224ShortMsg.rsp", "SHA2/SHA512_224LongMsg.rsp", "SHA2/SHA512_224Monte.rsp"]
        }
        HashAlg::Sha3_224 => &["SHA3/SHA3_224ShortMsg.rsp", "SHA3/SHA3_224LongMsg.rsp", "SHA3/SHA3_224Monte.rsp"],
        _ => &[],
    }
}

/// Loads every suite shipped for `alg` (ACVP first, then CAVP files in the order
/// ShortMsg, LongMsg, Monte). Every algorithm of [`HashAlg::ALL`] has at least one suite.
pub fn load(alg: HashAlg) -> Result<Vec<HashSuite>, KatError> {
    let mut suites = Vec::new();
    if let Some(dir) = acvp_dir(alg) {
        suites.push(crate::hash_acvp::load_dir(alg, dir)?);
    }
    for file in cavp_files(alg) {
        suites.push(crate::cavp::load_hash_file(alg, file)?);
    }
    if suites.is_empty() {
        return Err(KatError::NoVectors { what: alg.name().to_owned() });
    }
    Ok(suites)
}
