//! `ferrofips --version`: version, git revision, mode and the CPU backend each digest uses.

use std::process::ExitCode;

use ferrofips_crypto::{cpu, digest};

use crate::CliError;

/// Crate version.
pub(crate) const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Git revision of the source tree at build time ("unknown" outside a checkout).
pub(crate) const GIT_REV: &str = env!("FERROFIPS_GIT_REV");

/// Runs `ferrofips --version`.
pub(crate) fn run(args: &[String]) -> Result<ExitCode, CliError> {
    if let Some(extra) = args.first() {
        return Err(CliError::Usage(format!("--version takes no arguments (got {extra:?})")));
    }
    print!("{}", report());
    Ok(ExitCode::SUCCESS)
}

/// The CPU features ferrofips detected, by name.
pub(crate) fn cpu_features() -> Vec<&'static str> {
    let f = cpu::features();
    let all = [
        ("sha_ni", f.sha_ni),
        ("avx2", f.avx2),
        ("bmi2", f.bmi2),
        ("adx", f.adx),
        ("ssse3", f.ssse3),
        ("sse4.1", f.sse41),
        ("aes_ni", f.aes_ni),
        ("pclmulqdq", f.pclmulqdq),
        ("vaes", f.vaes),
        ("vpclmulqdq", f.vpclmulqdq),
        ("avx512f", f.avx512f),
        ("avx512vl", f.avx512vl),
        ("avx512bw", f.avx512bw),
        ("aes", f.aes),
        ("pmull", f.pmull),
        ("sha2", f.sha2),
        ("sha512", f.sha512),
        ("sha3", f.sha3),
    ];
    all.iter().filter(|(_, on)| *on).map(|(name, _)| *name).collect()
}

/// `(algorithm, default backend)` for every digest.
pub(crate) fn backends() -> Vec<(&'static str, &'static str)> {
    digest::Algorithm::ALL.iter().map(|&a| (a.name(), digest::default_backend(a).name())).collect()
}

fn report() -> String {
    let mut s = format!("ferrofips {VERSION} (git {GIT_REV})\n");
    let mode = if ferrofips_selftest::mode::strict() { "strict" } else { "standard" };
    s.push_str(&format!("mode: {mode}\n"));
    let features = cpu_features();
    let features = if features.is_empty() { "none".to_string() } else { features.join(" ") };
    let forced = if cpu::portable_forced() { " (portable backends forced)" } else { "" };
    s.push_str(&format!("cpu: {} features: {features}{forced}\n", std::env::consts::ARCH));
    s.push_str("backends:\n");
    for (alg, backend) in backends() {
        s.push_str(&format!("  {alg:<12} {backend}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lists_every_digest_and_a_revision() {
        let r = report();
        assert!(r.starts_with(&format!("ferrofips {VERSION} (git ")));
        for a in digest::Algorithm::ALL {
            assert!(r.contains(a.name()), "{} missing from\n{r}", a.name());
        }
        assert!(!GIT_REV.is_empty());
    }
}
