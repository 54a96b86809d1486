//! `openssl kdf` with SSKDF, X963KDF, KBKDF, PBKDF2 and SSHKDF under the ferrofips configuration must print
//! what the same command prints with OpenSSL's default provider. Run with the system `openssl` and, when built
//! (`/work/shared/scripts/openssl35.sh`), with OpenSSL 3.5, which also checks what 3.0 lacks: the KBKDF `r`
//! parameter and the concatenation of several `info` options.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use ferrofips_tests::{HarnessError, Installation, TempDir, TestResult, tools};

/// One `openssl kdf` invocation: `-keylen`, the `-kdfopt` values, the KDF name, and whether it needs 3.1+.
struct Case {
    keylen: usize,
    opts: &'static [&'static str],
    kdf: &'static str,
    needs_31: bool,
}

const fn case(keylen: usize, kdf: &'static str, opts: &'static [&'static str], needs_31: bool) -> Case {
    Case { keylen, opts, kdf, needs_31 }
}

const CASES: &[Case] = &[
    case(48, "SSKDF", &["digest:SHA2-256", "hexsecret:00112233445566778899aabbccddeeff", "info:fixed"], false),
    case(
        80,
        "SSKDF",
        &["mac:HMAC", "digest:SHA3-384", "hexkey:00112233445566778899aabbccddeeff", "hexsalt:0102", "info:x"],
        false,
    ),
    case(40, "SSKDF", &["mac:HMAC", "digest:SHA2-512", "hexsecret:0011223344556677889900aabbcc"], false),
    case(64, "X963KDF", &["digest:SHA2-384", "hexsecret:22518b10e70f2a3f243810ae3254139e", "hexinfo:75ee"], false),
    case(33, "X942KDF-CONCAT", &["digest:SHA2-224", "hexsecret:22518b10e70f2a3f243810ae3254139e"], false),
    case(
        70,
        "KBKDF",
        &["mac:HMAC", "digest:SHA2-256", "hexkey:3705d96080c17728a0e800eab6e0d23c", "salt:label", "info:context"],
        false,
    ),
    case(
        50,
        "KBKDF",
        &[
            "mode:FEEDBACK",
            "mac:CMAC",
            "cipher:AES-192-CBC",
            "hexkey:000102030405060708090a0b0c0d0e0f1011121314151617",
            "hexseed:00112233445566778899aabbccddeeff",
            "use-l:0",
            "info:ctx",
        ],
        false,
    ),
    case(40, "KBKDF", &["mac:CMAC", "cipher:AES-128-CBC", "hexkey:d7f5fa7551645de0b36aecd46565f954", "r:8"], true),
    case(
        40,
        "KBKDF",
        &[
            "mode:feedback",
            "mac:HMAC",
            "digest:SHA2-512",
            "hexkey:0011",
            "r:16",
            "use-separator:0",
            "info:a",
            "info:bc",
        ],
        true,
    ),
    case(40, "SSKDF", &["digest:SHA2-256", "hexsecret:00112233445566778899aabbccddeeff", "info:a", "info:b"], true),
    case(32, "PBKDF2", &["digest:SHA2-256", "pass:password", "salt:0123456789abcdef", "iter:1000"], false),
    case(20, "PBKDF2", &["pass:password", "salt:salt", "iter:2"], false),
    case(13, "PBKDF2", &["digest:SHA2-512", "pass:pw", "hexsalt:01", "iter:3", "pkcs5:1"], false),
    case(
        48,
        "SSHKDF",
        &["digest:SHA2-256", "hexkey:0000000400112233", "hexxcghash:aabbcc", "hexsession_id:ddeeff", "type:C"],
        false,
    ),
    case(16, "SSHKDF", &["digest:SHA1", "hexkey:00", "hexxcghash:01", "hexsession_id:02", "type:A"], false),
];

/// A configuration with no providers: libcrypto then uses OpenSSL's default provider.
fn default_cnf(dir: &Path) -> Result<PathBuf, HarnessError> {
    let p = dir.join("default.cnf");
    fs::write(&p, "# no providers configured: the default provider is used\n")?;
    Ok(p)
}

fn kdf_output(bin: &Path, cnf: &Path, c: &Case) -> Result<String, HarnessError> {
    let keylen = c.keylen.to_string();
    let mut args: Vec<&OsStr> = vec![OsStr::new("kdf"), OsStr::new("-keylen"), OsStr::new(&keylen)];
    for o in c.opts {
        args.push(OsStr::new("-kdfopt"));
        args.push(OsStr::new(o));
    }
    args.push(OsStr::new(c.kdf));
    let r = tools::run(bin, &args, &[("OPENSSL_CONF", cnf.as_os_str())], None)?.ok()?;
    Ok(r.stdout.trim().to_owned())
}

fn check(bin: &Path, is_31: bool) -> TestResult {
    if ferrofips_selftest::mode::strict() {
        println!("strict mode refuses some of these (unapproved) cases; comparison skipped");
        return Ok(());
    }
    let inst = Installation::new()?;
    let tmp = TempDir::new("kdf2-cli")?;
    let dflt = default_cnf(tmp.path())?;
    let mut run = 0;
    for c in CASES.iter().filter(|c| is_31 || !c.needs_31) {
        let ours = kdf_output(bin, &inst.openssl_cnf(), c)?;
        let theirs = kdf_output(bin, &dflt, c)?;
        println!("{} {:?}: {ours}", c.kdf, c.opts);
        assert_eq!(ours.len(), 3 * c.keylen - 1, "{} {:?}: {ours}", c.kdf, c.opts);
        assert_eq!(ours, theirs, "{} {:?}: ferrofips vs the default provider", c.kdf, c.opts);
        run += 1;
    }
    println!("{} {run} cases agree", bin.display());
    Ok(())
}

#[test]
fn system_openssl_kdf_matches_default() -> TestResult {
    let bin = tools::require("openssl", "for the openssl kdf checks")?;
    check(&bin, ferrofips_evp::libcrypto_version() >= (3, 1, 0))
}

#[test]
fn openssl35_kdf_matches_default() -> TestResult {
    match tools::openssl35() {
        Some(bin) => check(&bin, true),
        None => {
            println!("note: OpenSSL 3.5 not found; build it with /work/shared/scripts/openssl35.sh. Skipped.");
            Ok(())
        }
    }
}
