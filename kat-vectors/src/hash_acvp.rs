//! Conversion of ACVP SHA-1/SHA-2/SHA-3/SHAKE vector sets into [`HashSuite`]s.

use std::path::Path;

use serde::Deserialize;

use crate::acvp::{bits_to_bytes, decode_hex, decode_hex_bits, read_projection};
use crate::alg::{Family, HashAlg};
use crate::error::KatError;
use crate::hash::{Aft, HashSuite, Ldt, Mct, MctKind, MctVersion, Source, Vot};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tg_id: u64,
    test_type: String,
    mct_version: Option<String>,
    min_out_len: Option<u64>,
    max_out_len: Option<u64>,
    tests: Vec<Test>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    tc_id: u64,
    msg: Option<String>,
    len: Option<u64>,
    md: Option<String>,
    out_len: Option<u64>,
    results_array: Option<Vec<MctResult>>,
    large_msg: Option<LargeMsg>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MctResult {
    md: String,
    out_len: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LargeMsg {
    content: String,
    content_length: u64,
    full_length: u64,
    expansion_technique: String,
}

/// The ACVP `algorithm` string of an algorithm's vector set.
fn acvp_algorithm(alg: HashAlg) -> &'static str {
    match alg {
        HashAlg::Sha1 => "SHA-1",
        HashAlg::Sha224 => "SHA2-224",
        HashAlg::Sha256 => "SHA2-256",
        HashAlg::Sha384 => "SHA2-384",
        HashAlg::Sha512 => "SHA2-512",
        HashAlg::Sha512_224 => "SHA2-512/224",
        HashAlg::Sha512_256 => "SHA2-512/256",
        HashAlg::Sha3_224 => "SHA3-224",
        HashAlg::Sha3_256 => "SHA3-256",
        HashAlg::Sha3_384 => "SHA3-384",
        HashAlg::Sha3_512 => "SHA3-512",
        HashAlg::Shake128 => "SHAKE-128",
        HashAlg::Shake256 => "SHAKE-256",
    }
}

fn field<'a>(path: &Path, tc: u64, name: &str, v: &'a Option<String>) -> Result<&'a str, KatError> {
    v.as_deref().ok_or_else(|| KatError::format(path, format!("tcId {tc}: missing {name}")))
}

fn number(path: &Path, tc: u64, name: &str, v: Option<u64>) -> Result<u64, KatError> {
    v.ok_or_else(|| KatError::format(path, format!("tcId {tc}: missing {name}")))
}

/// Loads `data/<dir>/internalProjection.json` for `alg`.
pub(crate) fn load_dir(alg: HashAlg, dir: &'static str) -> Result<HashSuite, KatError> {
    let (path, set) = read_projection::<Group>(dir, acvp_algorithm(alg))?;
    suite_from_groups(&path, alg, dir, &set.test_groups)
}

fn suite_from_groups(path: &Path, alg: HashAlg, dir: &'static str, groups: &[Group]) -> Result<HashSuite, KatError> {
    let path = path.to_path_buf();
    let mut suite = HashSuite::new(alg, Source::Acvp { dir });
    for g in groups {
        for t in &g.tests {
            match g.test_type.as_str() {
                "AFT" => aft(&path, alg, t, &mut suite)?,
                "MCT" => mct(&path, alg, g, t, &mut suite)?,
                "LDT" => ldt(&path, alg, t, &mut suite)?,
                "VOT" if alg.is_xof() => vot(&path, t, &mut suite)?,
                other => {
                    return Err(KatError::format(&path, format!("tgId {}: unexpected testType {other:?}", g.tg_id)));
                }
            }
        }
    }
    Ok(suite)
}

/// The message of a test: `None` for a bit-oriented one.
fn message(path: &Path, t: &Test) -> Result<Option<Vec<u8>>, KatError> {
    let msg = field(path, t.tc_id, "msg", &t.msg)?;
    let len = number(path, t.tc_id, "len", t.len)?;
    decode_hex_bits(path, &format!("tcId {} msg", t.tc_id), msg, len)
}

fn digest(path: &Path, alg: HashAlg, tc: u64, hex: &str) -> Result<Vec<u8>, KatError> {
    let md = decode_hex(path, &format!("tcId {tc} md"), hex)?;
    if !alg.is_xof() && md.len() != alg.output_len() {
        return Err(KatError::format(path, format!("tcId {tc}: md is {} bytes", md.len())));
    }
    Ok(md)
}

fn aft(path: &Path, alg: HashAlg, t: &Test, suite: &mut HashSuite) -> Result<(), KatError> {
    let md = digest(path, alg, t.tc_id, field(path, t.tc_id, "md", &t.md)?)?;
    if alg.is_xof() {
        let bits = number(path, t.tc_id, "outLen", t.out_len)?;
        if bits % 8 != 0 {
            suite.skipped_bit_oriented += 1;
            return Ok(());
        }
        if bits / 8 != md.len() as u64 {
            return Err(KatError::format(
                path,
                format!("tcId {}: outLen {bits} but md is {} bytes", t.tc_id, md.len()),
            ));
        }
    }
    match message(path, t)? {
        Some(msg) => suite.aft.push(Aft { tc_id: t.tc_id, msg, md }),
        None => suite.skipped_bit_oriented += 1,
    }
    Ok(())
}

fn mct(path: &Path, alg: HashAlg, g: &Group, t: &Test, suite: &mut HashSuite) -> Result<(), KatError> {
    let Some(seed) = message(path, t)? else {
        suite.skipped_bit_oriented += 1;
        return Ok(());
    };
    let version = match g.mct_version.as_deref() {
        None | Some("standard") => MctVersion::Standard,
        Some("alternate") => MctVersion::Alternate,
        Some(other) => {
            return Err(KatError::format(path, format!("tgId {}: unknown mctVersion {other:?}", g.tg_id)));
        }
    };
    let kind = match alg.family() {
        Family::Sha2 => MctKind::Sha2(version),
        Family::Sha3 => MctKind::Sha3(version),
        Family::Shake => {
            let what = |n: &str| format!("tgId {} {n}", g.tg_id);
            let min = number(path, t.tc_id, "minOutLen", g.min_out_len)?;
            let max = number(path, t.tc_id, "maxOutLen", g.max_out_len)?;
            let (min, max) =
                (bits_to_bytes(path, &what("minOutLen"), min)?, bits_to_bytes(path, &what("maxOutLen"), max)?);
            if min == 0 || min > max {
                return Err(KatError::format(path, what("bad output length range")));
            }
            MctKind::Shake { min_out_len: min, max_out_len: max }
        }
    };
    let raw =
        t.results_array.as_ref().ok_or_else(|| KatError::format(path, format!("tcId {}: no resultsArray", t.tc_id)))?;
    let mut results = Vec::with_capacity(raw.len());
    for r in raw {
        let md = digest(path, alg, t.tc_id, &r.md)?;
        if let Some(bits) = r.out_len
            && bits != 8 * md.len() as u64
        {
            return Err(KatError::format(
                path,
                format!("tcId {}: result outLen {bits} vs {} bytes", t.tc_id, md.len()),
            ));
        }
        results.push(md);
    }
    suite.mct.push(Mct { tc_id: t.tc_id, seed, kind, results });
    Ok(())
}

fn ldt(path: &Path, alg: HashAlg, t: &Test, suite: &mut HashSuite) -> Result<(), KatError> {
    let tc = t.tc_id;
    let large = t.large_msg.as_ref().ok_or_else(|| KatError::format(path, format!("tcId {tc}: no largeMsg")))?;
    if large.expansion_technique != "repeating" {
        return Err(KatError::format(
            path,
            format!("tcId {tc}: unsupported expansionTechnique {:?}", large.expansion_technique),
        ));
    }
    let content = decode_hex_bits(path, &format!("tcId {tc} content"), &large.content, large.content_length)?;
    let content = match content {
        Some(c) if !c.is_empty() && large.full_length % 8 == 0 => c,
        _ => {
            suite.skipped_bit_oriented += 1;
            return Ok(());
        }
    };
    suite.ldt.push(Ldt {
        tc_id: tc,
        content,
        full_length_bits: large.full_length,
        md: digest(path, alg, tc, field(path, tc, "md", &t.md)?)?,
    });
    Ok(())
}

fn vot(path: &Path, t: &Test, suite: &mut HashSuite) -> Result<(), KatError> {
    let tc = t.tc_id;
    let bits = number(path, tc, "outLen", t.out_len)?;
    let out_len_bits =
        usize::try_from(bits).map_err(|_| KatError::format(path, format!("tcId {tc}: outLen too large")))?;
    let md = decode_hex(path, &format!("tcId {tc} md"), field(path, tc, "md", &t.md)?)?;
    if md.len() != out_len_bits.div_ceil(8) {
        return Err(KatError::format(path, format!("tcId {tc}: outLen {bits} but md is {} bytes", md.len())));
    }
    match message(path, t)? {
        Some(msg) => suite.vot.push(Vot { tc_id: tc, msg, out_len_bits, md }),
        None => suite.skipped_bit_oriented += 1,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(alg: HashAlg, groups: &str) -> Result<HashSuite, KatError> {
        let groups: Vec<Group> = serde_json::from_str(groups).unwrap();
        suite_from_groups(Path::new("t.json"), alg, "T", &groups)
    }

    const MD256: &str = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";

    #[test]
    fn aft_and_bit_oriented() {
        let g = format!(
            r#"[{{"tgId":1,"testType":"AFT","tests":[
                {{"tcId":1,"msg":"","len":0,"md":"{MD256}"}},
                {{"tcId":2,"msg":"80","len":1,"md":"{MD256}"}},
                {{"tcId":3,"msg":"0102","len":16,"md":"{MD256}"}}]}}]"#
        );
        let s = load(HashAlg::Sha256, &g).unwrap();
        assert_eq!(s.skipped_bit_oriented, 1);
        assert_eq!(s.aft.len(), 2);
        assert_eq!((s.aft[1].tc_id, s.aft[1].msg.as_slice()), (3, &[1, 2][..]));
    }

    #[test]
    fn inconsistent_sets_are_errors() {
        let bad = [
            // md of the wrong length
            (HashAlg::Sha256, r#"[{"tgId":1,"testType":"AFT","tests":[{"tcId":1,"msg":"","len":0,"md":"00"}]}]"#),
            // unknown test type
            (HashAlg::Sha256, r#"[{"tgId":1,"testType":"XYZ","tests":[{"tcId":1}]}]"#),
            // VOT for a fixed-length hash
            (HashAlg::Sha256, r#"[{"tgId":1,"testType":"VOT","tests":[{"tcId":1}]}]"#),
            // unknown mctVersion
            (
                HashAlg::Sha256,
                r#"[{"tgId":1,"testType":"MCT","mctVersion":"x","tests":[{"tcId":1,"msg":"00","len":8,"resultsArray":[]}]}]"#,
            ),
            // SHAKE MCT without a range
            (
                HashAlg::Shake128,
                r#"[{"tgId":1,"testType":"MCT","tests":[{"tcId":1,"msg":"00","len":8,"resultsArray":[]}]}]"#,
            ),
            // SHAKE AFT whose outLen disagrees with md
            (
                HashAlg::Shake128,
                r#"[{"tgId":1,"testType":"AFT","tests":[{"tcId":1,"msg":"","len":0,"outLen":16,"md":"00"}]}]"#,
            ),
            // VOT whose md is not ceil(outLen/8) bytes
            (
                HashAlg::Shake128,
                r#"[{"tgId":1,"testType":"VOT","tests":[{"tcId":1,"msg":"","len":0,"outLen":9,"md":"00"}]}]"#,
            ),
            // LDT with another expansion technique
            (
                HashAlg::Sha256,
                r#"[{"tgId":1,"testType":"LDT","tests":[{"tcId":1,"len":0,"md":"00","largeMsg":{"content":"00","contentLength":8,"fullLength":64,"expansionTechnique":"other"}}]}]"#,
            ),
        ];
        for (alg, g) in bad {
            assert!(matches!(load(alg, g), Err(KatError::Format { .. })), "{g}");
        }
    }

    #[test]
    fn vot_keeps_bit_lengths() {
        let g = r#"[{"tgId":1,"testType":"VOT","tests":[{"tcId":9,"msg":"AB","len":8,"outLen":9,"md":"FF01"}]}]"#;
        let s = load(HashAlg::Shake256, g).unwrap();
        let v = &s.vot[0];
        assert_eq!((v.out_len_bits, v.out_len(), v.msg.as_slice()), (9, 2, &[0xab][..]));
        assert!(v.check(&[0xff, 0xff]).is_ok());
        assert!(v.check(&[0xff, 0xfe]).is_err());
    }
}
