//! Every data file matches `SHA256SUMS`, and every data file is listed there.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            let rel = path.strip_prefix(crate_dir()).unwrap();
            out.insert(rel.to_str().unwrap().to_owned());
        }
    }
}

#[test]
fn data_matches_sha256sums() {
    let sums = fs::read_to_string(crate_dir().join("SHA256SUMS")).unwrap();
    let mut listed = BTreeSet::new();
    for line in sums.lines().filter(|l| !l.trim().is_empty()) {
        let (hex, name) = line.split_once("  ").expect("`<sha256>  <path>` line");
        assert_eq!(hex.len(), 64, "{line}");
        let bytes = fs::read(crate_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = hex::encode(Sha256::digest(&bytes));
        assert_eq!(got, hex, "{name} does not match SHA256SUMS (corrupted?)");
        assert!(listed.insert(name.to_owned()), "{name} listed twice");
    }
    let mut present = BTreeSet::new();
    files_under(&ferrofips_kat::data_dir(), &mut present);
    assert_eq!(present, listed, "data/ and SHA256SUMS disagree");
    assert!(listed.len() >= 28);
}
