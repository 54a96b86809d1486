//! NIST CAVP response files (`.rsp`) for SHA-1, SHA-2 and SHA-3 (SHAVS / SHA3VS).
//!
//! Format: `#` comment lines, `[L = ..]` section headers, blank lines, and `Name = value` lines
//! (CRLF or LF). `*ShortMsg.rsp` / `*LongMsg.rsp` hold records `Len` (bits), `Msg` (hex; `00` when
//! `Len = 0`), `MD`. `*Monte.rsp` holds one `Seed` followed by 100 records `COUNT`, `MD`.

use std::fs;
use std::path::Path;

use crate::acvp::{decode_hex, decode_hex_bits};
use crate::alg::{Family, HashAlg};
use crate::error::KatError;
use crate::hash::{Aft, HashSuite, Mct, MctKind, MctVersion, Source};

/// One `Name = value` line with its (1-based) line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// 1-based line number in the file.
    pub line: usize,
    /// The name, e.g. `"Len"`.
    pub name: String,
    /// The value, trimmed.
    pub value: String,
}

/// Splits a `.rsp` text into its `Name = value` entries (comments, headers and blanks dropped).
pub fn parse_entries(text: &str) -> Vec<Entry> {
    text.lines()
        .enumerate()
        .filter_map(|(i, raw)| {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
                return None;
            }
            let (name, value) = line.split_once('=')?;
            Some(Entry { line: i + 1, name: name.trim().to_owned(), value: value.trim().to_owned() })
        })
        .collect()
}

/// Loads `data/cavp/<file>` as a suite: ShortMsg/LongMsg records become [`Aft`]s (numbered
/// 1, 2, ... in file order), a Monte file becomes one [`Mct`] (`tc_id` 1) of kind
/// `Sha2(Standard)` or `Sha3(Standard)`.
pub(crate) fn load_hash_file(alg: HashAlg, file: &'static str) -> Result<HashSuite, KatError> {
    let path = crate::data_dir().join("cavp").join(file);
    let text = fs::read_to_string(&path).map_err(|source| KatError::Io { path: path.clone(), source })?;
    suite_from_text(&path, alg, file, &text)
}

/// Interprets the text of a CAVP hash file (`path` only names it in errors).
fn suite_from_text(path: &Path, alg: HashAlg, file: &'static str, text: &str) -> Result<HashSuite, KatError> {
    let entries = parse_entries(text);
    let mut suite = HashSuite::new(alg, Source::Cavp { file });
    if entries.first().is_some_and(|e| e.name == "Seed") {
        suite.mct.push(monte(path, alg, &entries)?);
    } else {
        messages(path, alg, &entries, &mut suite)?;
    }
    if suite.is_empty() && suite.skipped_bit_oriented == 0 {
        return Err(KatError::format(path, "no test records"));
    }
    Ok(suite)
}

fn expect<'a>(path: &Path, e: Option<&'a Entry>, name: &str) -> Result<&'a Entry, KatError> {
    match e {
        Some(e) if e.name == name => Ok(e),
        Some(e) => Err(KatError::format(path, format!("line {}: expected {name}, found {}", e.line, e.name))),
        None => Err(KatError::format(path, format!("expected {name}, found end"))),
    }
}

fn digest(path: &Path, alg: HashAlg, e: &Entry) -> Result<Vec<u8>, KatError> {
    let md = decode_hex(path, &format!("line {} MD", e.line), &e.value)?;
    if md.len() != alg.output_len() {
        return Err(KatError::format(path, format!("line {}: MD is {} bytes", e.line, md.len())));
    }
    Ok(md)
}

fn messages(path: &Path, alg: HashAlg, entries: &[Entry], suite: &mut HashSuite) -> Result<(), KatError> {
    let mut it = entries.iter();
    let mut tc_id = 0;
    while let Some(len) = it.next() {
        let len = expect(path, Some(len), "Len")?;
        let msg = expect(path, it.next(), "Msg")?;
        let md = expect(path, it.next(), "MD")?;
        tc_id += 1;
        let bits: u64 = len.value.parse().map_err(|_| KatError::format(path, format!("line {}: bad Len", len.line)))?;
        let what = format!("line {} Msg", msg.line);
        match decode_hex_bits(path, &what, &msg.value, bits)? {
            Some(m) => suite.aft.push(Aft { tc_id, msg: m, md: digest(path, alg, md)? }),
            None => suite.skipped_bit_oriented += 1,
        }
    }
    Ok(())
}

fn monte(path: &Path, alg: HashAlg, entries: &[Entry]) -> Result<Mct, KatError> {
    let mut it = entries.iter();
    let seed = expect(path, it.next(), "Seed")?;
    let seed = decode_hex(path, &format!("line {} Seed", seed.line), &seed.value)?;
    let kind = match alg.family() {
        Family::Sha2 => MctKind::Sha2(MctVersion::Standard),
        Family::Sha3 => MctKind::Sha3(MctVersion::Standard),
        Family::Shake => {
            return Err(KatError::format(path, "SHAKE Monte files are not supported"));
        }
    };
    let mut results = Vec::new();
    while let Some(count) = it.next() {
        let count = expect(path, Some(count), "COUNT")?;
        if count.value != results.len().to_string() {
            return Err(KatError::format(path, format!("line {}: COUNT out of sequence", count.line)));
        }
        results.push(digest(path, alg, expect(path, it.next(), "MD")?)?);
    }
    Ok(Mct { tc_id: 1, seed, kind, results })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHORT: &str = "#  CAVS 11.0\r\n#  comment\r\n\r\n[L = 20]\r\n\r\nLen = 0\r\nMsg = 00\r\n\
        MD = da39a3ee5e6b4b0d3255bfef95601890afd80709\r\n\r\nLen = 5\r\nMsg = 48\r\n\
        MD = 0000000000000000000000000000000000000000\r\n\r\nLen = 16\nMsg = 4138\n\
        MD = 099e1f1eb47d200538412efd1b5980ecdf3551ed\n";

    fn load(text: &str) -> Result<HashSuite, KatError> {
        suite_from_text(Path::new("t.rsp"), HashAlg::Sha1, "t.rsp", text)
    }

    #[test]
    fn entries_skip_comments_headers_and_crlf() {
        let e = parse_entries(SHORT);
        assert_eq!(e.len(), 9);
        assert_eq!((e[0].line, e[0].name.as_str(), e[0].value.as_str()), (6, "Len", "0"));
        assert_eq!(e[1].value, "00");
    }

    #[test]
    fn messages_are_byte_oriented() {
        let s = load(SHORT).unwrap();
        assert_eq!(s.skipped_bit_oriented, 1);
        assert_eq!(s.aft.len(), 2);
        assert_eq!((s.aft[0].tc_id, s.aft[0].msg.as_slice()), (1, &[][..]));
        assert_eq!((s.aft[1].tc_id, s.aft[1].msg.as_slice()), (3, &[0x41, 0x38][..]));
        assert_eq!(s.aft[1].md[0], 0x09);
    }

    #[test]
    fn malformed_files_are_errors() {
        let bad = [
            "",
            "Len = 8\nMD = 00\n",
            "Len = x\nMsg = 00\nMD = da39a3ee5e6b4b0d3255bfef95601890afd80709\n",
            "Len = 16\nMsg = 41\nMD = da39a3ee5e6b4b0d3255bfef95601890afd80709\n",
            "Len = 8\nMsg = zz\nMD = da39a3ee5e6b4b0d3255bfef95601890afd80709\n",
            "Len = 8\nMsg = 41\nMD = da39\n",
            "Seed = 00\nCOUNT = 1\nMD = da39a3ee5e6b4b0d3255bfef95601890afd80709\n",
            "Seed = 00\nCOUNT = 0\n",
        ];
        for text in bad {
            assert!(matches!(load(text), Err(KatError::Format { .. })), "{text:?}");
        }
    }

    #[test]
    fn monte_file() {
        let text = "[L = 20]\nSeed = 0102\n\nCOUNT = 0\nMD = da39a3ee5e6b4b0d3255bfef95601890afd80709\n\
            COUNT = 1\nMD = 099e1f1eb47d200538412efd1b5980ecdf3551ed\n";
        let s = load(text).unwrap();
        assert_eq!(s.mct.len(), 1);
        let m = &s.mct[0];
        assert_eq!(m.seed, [1, 2]);
        assert_eq!(m.kind, MctKind::Sha2(MctVersion::Standard));
        assert_eq!(m.results.len(), 2);
    }
}
