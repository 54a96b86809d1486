//! The stock `openssl` command line with the contract's configuration: providers list, `dgst` against the
//! default provider, the digest list, `fipsinstall` (pass, and fail with a corrupted SHA2 CAST) and strict mode
//! in buildinfo. Each check runs with the system `openssl` and, when it has been built
//! (`/work/shared/scripts/openssl35.sh`), with OpenSSL 3.5; otherwise the 3.5 variant prints a note and skips.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use ferrofips_evp::system_digest;
use ferrofips_tests::digests::DIGESTS;
use ferrofips_tests::{HarnessError, Installation, PROVIDER_NAME, SECTION, TempDir, TestResult, tools};

/// One `openssl` binary to test with.
struct Cli {
    bin: PathBuf,
    label: &'static str,
}

impl Cli {
    fn run(&self, args: &[&OsStr], envs: &[(&str, &OsStr)]) -> Result<tools::Run, HarnessError> {
        let r = tools::run(&self.bin, args, envs, None)?;
        println!("[{}] $ {}  -> {:?}", self.label, r.command, r.code);
        Ok(r)
    }

    /// Runs with `OPENSSL_CONF` pointing at `cnf`.
    fn run_with(&self, cnf: &Path, args: &[&str], extra: &[(&str, &OsStr)]) -> Result<tools::Run, HarnessError> {
        let mut envs = vec![("OPENSSL_CONF", cnf.as_os_str())];
        envs.extend_from_slice(extra);
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        self.run(&args, &envs)
    }
}

fn system() -> Result<Cli, HarnessError> {
    Ok(Cli { bin: tools::require("openssl", "for the openssl CLI checks")?, label: "system openssl" })
}

fn openssl35() -> Option<Cli> {
    tools::openssl35().map(|bin| Cli { bin, label: "openssl 3.5" })
}

/// The lines of provider `name`'s block in `openssl list -providers [-verbose]` output.
fn provider_block(out: &str, name: &str) -> Option<Vec<String>> {
    let mut lines = out.lines().skip_while(|l| l.trim() != name);
    let head = lines.next()?;
    let indent = head.len() - head.trim_start().len();
    Some(lines.take_while(|l| l.len() - l.trim_start().len() > indent).map(|l| l.trim().to_owned()).collect())
}

/// A file of deterministic pseudo-random bytes (not all-zero, crossing many block boundaries).
fn data_file(dir: &Path) -> Result<PathBuf, HarnessError> {
    let mut x: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..10_007)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    let p = dir.join("data.bin");
    fs::write(&p, bytes)?;
    Ok(p)
}

/// A configuration with no providers: libcrypto then uses OpenSSL's default provider.
fn default_cnf(dir: &Path) -> Result<PathBuf, HarnessError> {
    let p = dir.join("default.cnf");
    fs::write(&p, "# no providers configured: the default provider is used\n")?;
    Ok(p)
}

/// The hex digest from `openssl dgst -r` output ("<hex> *<file>").
fn dgst_hex(out: &str) -> Option<String> {
    out.split_whitespace().next().map(str::to_ascii_lowercase)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn check_list_providers(cli: &Cli) -> TestResult {
    let inst = Installation::new()?;
    let r = cli.run_with(&inst.openssl_cnf(), &["list", "-providers"], &[])?.ok()?;
    println!("{}", r.stdout);
    let block = provider_block(&r.stdout, PROVIDER_NAME).ok_or("ferrofips missing from `openssl list -providers`")?;
    assert!(block.contains(&"name: ferrofips".to_owned()), "{block:?}");
    assert!(block.contains(&format!("version: {}", env!("CARGO_PKG_VERSION"))), "{block:?}");
    assert!(block.contains(&"status: active".to_owned()), "{block:?}");
    assert!(provider_block(&r.stdout, "base").is_some(), "base missing");
    assert!(provider_block(&r.stdout, "default").is_none(), "default provider active");
    Ok(())
}

fn check_dgst_matches_default(cli: &Cli) -> TestResult {
    let inst = Installation::new()?;
    let tmp = TempDir::new("dgst")?;
    let data = data_file(tmp.path())?;
    let bytes = fs::read(&data)?;
    let dflt = default_cnf(tmp.path())?;
    let file = data.to_string_lossy().into_owned();
    let cases: [(&[&str], &str, Option<usize>); 6] = [
        (&["-sha256"], "SHA2-256", None),
        (&["-sha3-512"], "SHA3-512", None),
        (&["-shake256", "-xoflen", "100"], "SHAKE-256", Some(100)),
        (&["-shake128", "-xoflen", "7"], "SHAKE-128", Some(7)),
        (&["-sha1"], "SHA1", None),
        (&["-sha512-224"], "SHA2-512/224", None),
    ];
    for (flags, name, xof) in cases {
        let mut args = vec!["dgst", "-r"];
        args.extend_from_slice(flags);
        args.push(&file);
        let ours = cli.run_with(&inst.openssl_cnf(), &args, &[])?.ok()?;
        let theirs = cli.run_with(&dflt, &args, &[])?.ok()?;
        let ours = dgst_hex(&ours.stdout).ok_or("no dgst output")?;
        let expected = hex(&system_digest(name, &bytes, xof)?);
        assert_eq!(ours, expected, "{flags:?} through ferrofips vs the default provider (in process)");
        assert_eq!(Some(ours), dgst_hex(&theirs.stdout), "{flags:?}: ferrofips vs the default provider (CLI)");
    }
    // A digest ferrofips does not offer is not silently served by another provider.
    let md5 = cli.run_with(&inst.openssl_cnf(), &["dgst", "-md5", &file], &[])?;
    assert!(!md5.success(), "MD5 digest computed under the ferrofips configuration: {}", md5.all());
    Ok(())
}

fn check_list_digests(cli: &Cli) -> TestResult {
    let inst = Installation::new()?;
    let r = cli.run_with(&inst.openssl_cnf(), &["list", "-digest-algorithms"], &[])?.ok()?;
    let ours: Vec<&str> = r.stdout.lines().filter(|l| l.trim_end().ends_with(&format!("@ {PROVIDER_NAME}"))).collect();
    println!("{}", ours.join("\n"));
    for d in DIGESTS {
        let found = ours.iter().any(|l| {
            let names = l.split('}').next().unwrap_or("").trim_start_matches([' ', '{']);
            names.split(',').any(|n| n.trim() == d.name)
        });
        assert!(found, "{} is not listed as provided by ferrofips:\n{}", d.name, r.stdout);
    }
    assert!(!r.stdout.contains("@ default"), "digests from the default provider listed");
    Ok(())
}

fn fipsinstall_args<'a>(module: &'a Path, out: &'a Path) -> Vec<&'a OsStr> {
    vec![
        OsStr::new("fipsinstall"),
        OsStr::new("-module"),
        module.as_os_str(),
        OsStr::new("-provider_name"),
        OsStr::new(PROVIDER_NAME),
        OsStr::new("-section_name"),
        OsStr::new(SECTION),
        OsStr::new("-out"),
        out.as_os_str(),
    ]
}

fn check_fipsinstall_passes_and_loads(cli: &Cli) -> TestResult {
    let inst = Installation::new()?;
    let section = inst.prefix().join("ssl").join("fipsinstall.cnf");
    let r = cli.run(&fipsinstall_args(inst.module(), &section), &[])?;
    println!("{}", r.all());
    let r = r.ok()?;
    assert!(r.all().contains("INSTALL PASSED"), "{}", r.all());
    // The written section (no `module =`) loads the module found by name in OPENSSL_MODULES.
    let cnf = inst.prefix().join("ssl").join("openssl-fipsinstall.cnf");
    let main = fs::read_to_string(inst.openssl_cnf())?
        .replace(&inst.ferrofips_cnf().display().to_string(), &section.display().to_string());
    fs::write(&cnf, main)?;
    let mods = inst.modules_dir();
    let r = cli.run_with(&cnf, &["list", "-providers"], &[("OPENSSL_MODULES", mods.as_os_str())])?.ok()?;
    let block = provider_block(&r.stdout, PROVIDER_NAME).ok_or(format!("ferrofips not loaded:\n{}", r.all()))?;
    assert!(block.contains(&"status: active".to_owned()), "{block:?}");
    Ok(())
}

fn check_fipsinstall_corrupt_sha2_fails(cli: &Cli) -> TestResult {
    let inst = Installation::new()?;
    let section = inst.prefix().join("ssl").join("fipsinstall.cnf");
    let mut args = fipsinstall_args(inst.module(), &section);
    args.extend(["-corrupt_desc", "SHA2", "-corrupt_type", "KAT_Digest"].map(OsStr::new));
    let r = cli.run(&args, &[])?;
    let all = r.all();
    println!("{all}");
    assert!(!r.success(), "fipsinstall passed with a corrupted SHA2 CAST");
    assert!(!all.contains("INSTALL PASSED"), "{all}");
    // fipsinstall prints "<desc> : (<type>) : <phases>", e.g. "SHA2 : (KAT_Digest) : Corrupt Fail".
    let failed_sha2 =
        all.lines().any(|l| l.contains("KAT_Digest") && l.contains("SHA2") && l.to_lowercase().contains("fail"));
    assert!(failed_sha2, "the SHA2 digest test was not reported as failed:\n{all}");
    Ok(())
}

fn check_strict_mode_buildinfo(cli: &Cli) -> TestResult {
    let inst = Installation::new()?;
    let build_info = |envs: &[(&str, &OsStr)]| -> Result<String, Box<dyn std::error::Error>> {
        let r = cli.run_with(&inst.openssl_cnf(), &["list", "-providers", "-verbose"], envs)?.ok()?;
        let block = provider_block(&r.stdout, PROVIDER_NAME).ok_or(format!("ferrofips missing:\n{}", r.stdout))?;
        let line = block.iter().find(|l| l.starts_with("build info:")).ok_or(format!("no build info: {block:?}"))?;
        Ok(line.clone())
    };
    let strict = build_info(&[("FERROFIPS_FORCE_FIPS", OsStr::new("1"))])?;
    println!("{strict}");
    assert!(strict.contains("mode=strict"), "{strict}");
    let normal = build_info(&[])?;
    println!("{normal}");
    let kernel_fips = ferrofips_selftest::mode::kernel_fips_enabled() == Some(true);
    let want = if kernel_fips { "mode=strict" } else { "mode=standard" };
    assert!(normal.contains(want), "expected {want} (kernel fips_enabled: {kernel_fips}): {normal}");
    Ok(())
}

/// Declares each check twice: with the system `openssl`, and with OpenSSL 3.5 when available.
macro_rules! cli_checks {
    ($($test:ident => $check:ident),* $(,)?) => {
        mod system_openssl {
            $(
                #[test]
                fn $test() -> ferrofips_tests::TestResult {
                    super::$check(&super::system()?)
                }
            )*
        }
        mod openssl35 {
            $(
                #[test]
                fn $test() -> ferrofips_tests::TestResult {
                    match super::openssl35() {
                        Some(cli) => super::$check(&cli),
                        None => {
                            println!(
                                "note: OpenSSL 3.5 not found ($HOME/.cache/ferrofips/openssl-3.5/bin/openssl or \
                                 FERROFIPS_OPENSSL35); build it with /work/shared/scripts/openssl35.sh. Skipped."
                            );
                            Ok(())
                        }
                    }
                }
            )*
        }
    };
}

cli_checks! {
    list_providers_shows_ferrofips_active => check_list_providers,
    dgst_matches_default_provider => check_dgst_matches_default,
    list_digest_algorithms_shows_ferrofips => check_list_digests,
    fipsinstall_passes_and_output_loads => check_fipsinstall_passes_and_loads,
    fipsinstall_with_corrupted_sha2_fails => check_fipsinstall_corrupt_sha2_fails,
    strict_mode_shows_in_buildinfo => check_strict_mode_buildinfo,
}
