//! `openssl rand`, `openssl list -random-generators / -random-instances` and `openssl speed rand` with only
//! ferrofips + base and `default_properties = fips=yes`, with the system `openssl` (3.0) and, when built, 3.5
//! (where libcrypto seeds its primary DRBG from a `fips=yes` `SEED-SRC`, which only ferrofips offers here).

use std::ffi::OsStr;
use std::path::Path;

use ferrofips_tests::{HarnessError, Installation, TestResult, tools};

fn check(cond: bool, msg: impl Into<String>) -> TestResult {
    if cond { Ok(()) } else { Err(HarnessError::new(msg).into()) }
}

fn run(bin: &Path, cnf: &Path, args: &[&str]) -> Result<tools::Run, HarnessError> {
    let r = tools::run(bin, args, &[("OPENSSL_CONF", cnf.as_os_str())], None)?;
    println!("$ {} -> {:?}", r.command, r.code);
    r.ok()
}

fn check_cli(bin: &Path) -> TestResult {
    let inst = Installation::new()?;
    let cnf = inst.openssl_cnf();
    let a = run(bin, &cnf, &["rand", "-hex", "32"])?.stdout;
    let b = run(bin, &cnf, &["rand", "-hex", "32"])?.stdout;
    let (a, b) = (a.trim(), b.trim());
    check(a.len() == 64 && a.bytes().all(|c| c.is_ascii_hexdigit()), format!("`rand -hex 32` printed {a:?}"))?;
    check(a != b, "two `openssl rand` runs printed the same bytes")?;
    let big = run(bin, &cnf, &["rand", "100000"])?;
    check(big.stdout_bytes.len() == 100_000, format!("`rand 100000` wrote {} bytes", big.stdout_bytes.len()))?;

    let gens = run(bin, &cnf, &["list", "-random-generators"])?.stdout;
    for name in ["CTR-DRBG @ ferrofips", "HASH-DRBG @ ferrofips", "HMAC-DRBG @ ferrofips", "SEED-SRC @ ferrofips"] {
        check(gens.contains(name), format!("`list -random-generators` lacks {name}:\n{gens}"))?;
    }
    let inst_list = run(bin, &cnf, &["list", "-random-instances"])?.stdout;
    for who in ["primary:", "public:", "private:"] {
        let block: Vec<&str> = inst_list.lines().skip_while(|l| l.trim() != who).skip(1).take(3).collect();
        let ok = block.first().is_some_and(|l| l.contains("CTR-DRBG @ ferrofips"))
            && block.iter().any(|l| l.contains("state = ready"));
        check(ok, format!("{who} DRBG is not a ready ferrofips CTR-DRBG:\n{inst_list}"))?;
    }

    let speed = run(bin, &cnf, &["speed", "-seconds", "1", "-bytes", "32", "rand"])?;
    check(
        speed.stdout.lines().any(|l| l.starts_with("rand ")),
        format!("no result from `speed rand`:\n{}", speed.all()),
    )?;
    Ok(())
}

#[test]
fn openssl_rand_system() -> TestResult {
    check_cli(&tools::require("openssl", "for the openssl CLI checks")?)
}

#[test]
fn openssl_rand_35() -> TestResult {
    match tools::openssl35() {
        Some(bin) => check_cli(&bin),
        None => {
            println!("note: no OpenSSL 3.5 build (/work/shared/scripts/openssl35.sh); skipped");
            Ok(())
        }
    }
}

/// Without ferrofips' `SEED-SRC` (a configuration whose only `fips=yes` RAND would be the DRBG), libcrypto
/// creates the primary DRBG without a parent and ferrofips seeds it from its own entropy source: checked by
/// asking for a seed source nobody provides.
#[test]
fn openssl_rand_with_unavailable_seed_source() -> TestResult {
    let inst = Installation::new()?;
    let text = std::fs::read_to_string(inst.openssl_cnf())?;
    let text = text.replace(
        "alg_section = algorithm_sect\n",
        "alg_section = algorithm_sect\nrandom = random_sect\n\n[random_sect]\nseed = NO-SUCH-SEED\n",
    );
    let cnf = inst.prefix().join("ssl").join("openssl-noseed.cnf");
    std::fs::write(&cnf, text)?;
    let bins: Vec<std::path::PathBuf> =
        [Some(tools::require("openssl", "for the openssl CLI checks")?), tools::openssl35()]
            .into_iter()
            .flatten()
            .collect();
    for bin in bins {
        let r = tools::run(&bin, &["rand", "-hex", "16"], &[("OPENSSL_CONF", OsStr::new(&cnf))], None)?;
        println!("$ {} -> {:?}\n{}", r.command, r.code, r.all());
        let out = r.ok()?.stdout;
        check(out.trim().len() == 32, format!("unexpected output {out:?}"))?;
    }
    Ok(())
}
