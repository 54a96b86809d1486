//! The module file: where to find the built one, its MAC, and checking it against a configured `module-mac`.

use std::fs::File;
use std::path::{Path, PathBuf};

use ferrofips_selftest::integrity::{format_mac, module_mac, parse_mac};

use crate::CliError;

/// File name cargo gives the provider cdylib.
pub(crate) const BUILT_NAME: &str = "libferrofips.so";
/// File name OpenSSL looks the `ferrofips` provider up by.
pub(crate) const INSTALLED_NAME: &str = "ferrofips.so";

/// `libferrofips.so` next to the running executable (`target/release/` when built by cargo).
pub(crate) fn next_to_exe() -> Result<PathBuf, CliError> {
    let exe = std::env::current_exe().map_err(|e| CliError::Failed(format!("cannot locate this executable: {e}")))?;
    let dir = exe.parent().ok_or_else(|| CliError::Failed(format!("{} has no directory", exe.display())))?;
    let candidate = dir.join(BUILT_NAME);
    if candidate.is_file() {
        Ok(candidate)
    } else {
        Err(CliError::Failed(format!(
            "no module given and {} does not exist; build it with `cargo build --release -p ferrofips` or pass \
             --module PATH",
            candidate.display()
        )))
    }
}

/// HMAC-SHA-256 (OpenSSL's FIPS install key) over the file's bytes.
pub(crate) fn mac_of(path: &Path) -> Result<[u8; 32], String> {
    let f = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    module_mac(f).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Outcome of comparing a module file with its configured MAC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Integrity {
    /// The file's MAC equals `module-mac`.
    Ok {
        /// The MAC, OpenSSL format.
        mac: String,
    },
    /// The file does not match.
    Mismatch {
        /// From the configuration (normalised to OpenSSL format).
        expected: String,
        /// Computed over the file.
        actual: String,
    },
    /// No `module-mac` configured.
    NoMac,
    /// `module-mac` is not a 32-byte hex MAC.
    BadMac(String),
    /// The file could not be read.
    Unreadable(String),
}

impl Integrity {
    /// Whether the module passed.
    pub(crate) fn ok(&self) -> bool {
        matches!(self, Integrity::Ok { .. })
    }

    /// Short status word for reports.
    pub(crate) fn word(&self) -> &'static str {
        match self {
            Integrity::Ok { .. } => "ok",
            Integrity::Mismatch { .. } => "mismatch",
            Integrity::NoMac => "no-module-mac",
            Integrity::BadMac(_) => "bad-module-mac",
            Integrity::Unreadable(_) => "unreadable",
        }
    }

    /// A one-line explanation.
    pub(crate) fn describe(&self) -> String {
        match self {
            Integrity::Ok { .. } => "module bytes match module-mac".into(),
            Integrity::Mismatch { expected, actual } => {
                format!("module bytes do not match module-mac (configured {expected}, file {actual})")
            }
            Integrity::NoMac => "no module-mac in the provider's config section".into(),
            Integrity::BadMac(v) => format!("module-mac {v:?} is not a 32-byte hex MAC"),
            Integrity::Unreadable(e) => e.clone(),
        }
    }
}

/// Parses a configured `module-mac` (OpenSSL `AB:CD:..` or plain hex) into its 32 bytes.
pub(crate) fn parse_module_mac(text: &str) -> Option<Vec<u8>> {
    parse_mac(text).filter(|m| m.len() == 32)
}

/// Compares the file at `path` with the configured `module-mac`. Constant-time comparison is not needed:
/// both values are public.
pub(crate) fn verify(path: &Path, configured: Option<&str>) -> Integrity {
    let Some(text) = configured else { return Integrity::NoMac };
    let Some(expected) = parse_module_mac(text) else { return Integrity::BadMac(text.to_string()) };
    match mac_of(path) {
        Err(e) => Integrity::Unreadable(e),
        Ok(actual) if actual[..] == expected[..] => Integrity::Ok { mac: format_mac(&actual) },
        Ok(actual) => Integrity::Mismatch { expected: format_mac(&expected), actual: format_mac(&actual) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// HMAC-SHA-256 with OpenSSL's default FIPS key over b"ferrofips module bytes" (computed with Python's
    /// hmac module).
    const KNOWN_MAC: &str = "138429f0a865ea087dc1d5458612ee80d15f5ef117465aa74449cc7f2dc4ec63";

    fn temp_file(tag: &str, bytes: &[u8]) -> PathBuf {
        let p = std::env::temp_dir().join(format!("ferrofips-mod-{tag}-{}", std::process::id()));
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn mac_of_file_matches_independent_computation() {
        let p = temp_file("mac", b"ferrofips module bytes");
        let mac = mac_of(&p).unwrap();
        assert_eq!(parse_module_mac(KNOWN_MAC).unwrap(), mac.to_vec());
        std::fs::remove_file(&p).unwrap();
    }

    #[test]
    fn verify_accepts_both_spellings_and_reports_mismatch() {
        let p = temp_file("verify", b"ferrofips module bytes");
        let colon = format_mac(&parse_module_mac(KNOWN_MAC).unwrap());
        assert!(colon.contains(':') && colon.chars().all(|c| c == ':' || c.is_ascii_hexdigit()));
        assert!(verify(&p, Some(KNOWN_MAC)).ok());
        assert!(verify(&p, Some(&colon)).ok());
        assert!(verify(&p, Some(&colon.to_lowercase())).ok());
        // One byte appended: must not verify.
        std::fs::write(&p, b"ferrofips module bytes!").unwrap();
        match verify(&p, Some(&colon)) {
            Integrity::Mismatch { expected, actual } => {
                assert_eq!(expected, colon);
                assert_ne!(actual, colon);
            }
            other => panic!("expected mismatch, got {other:?}"),
        }
        std::fs::remove_file(&p).unwrap();
    }

    #[test]
    fn verify_rejects_missing_bad_and_unreadable() {
        let p = temp_file("bad", b"x");
        assert_eq!(verify(&p, None), Integrity::NoMac);
        assert_eq!(verify(&p, Some("AB:CD")).word(), "bad-module-mac");
        assert_eq!(verify(&p, Some("zz")).word(), "bad-module-mac");
        std::fs::remove_file(&p).unwrap();
        assert_eq!(verify(&p, Some(KNOWN_MAC)).word(), "unreadable");
    }
}
