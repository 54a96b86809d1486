//! Running the handshake benchmark: options (environment variables), the shared set-up (sealed module and
//! PKI), the OpenSSL 3.5 child process and the callgrind mode.
//!
//! **Two libssl versions, one binary.** The bench binary links `libssl.so.3` / `libcrypto.so.3` dynamically.
//! OpenSSL keeps the ABI of 3.x stable, so the same binary runs against OpenSSL 3.5 when its `lib/` comes
//! first on `LD_LIBRARY_PATH`. The parent process (system libssl, 3.0.19 here) re-executes itself that way as
//! a child ([`CHILD_ENV`]); the child checks that it really runs 3.5, measures OpenSSL's FIPS provider,
//! ferrofips and `default` under it, and prints its table cells as [`Cell::to_line`] lines (everything else it
//! prints, such as criterion's report, is passed through).
//!
//! **Callgrind mode.** For each libssl x provider x scenario the parent runs the binary under
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect=*tls_measured_loop*`; that child ([`ONE_ENV`])
//! sets everything up, runs a few warm-up iterations outside the measured function, then
//! [`tls_measured_loop`] once for N iterations. Only the instructions executed inside that call are counted;
//! the parent reads the total from the callgrind output and prints instructions per iteration.

use std::env;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use ferrofips_evp::libcrypto_version;
use ferrofips_tests::tls::Pki;
use ferrofips_tests::{Installation, TempDir, tools};

use crate::tls::{Endpoints, PKI_TAG, ProviderKind, Scenario, Workload, pki_in, tls_measured_loop};
use crate::tls_table::{CELL_LINE, Cell, TableClock};
use crate::{Clock, SetupError, clock_from_env};

/// Selects what runs: `all` (default: the table, then criterion), `table`, `criterion` or `callgrind`.
pub const MODE_ENV: &str = "FERROFIPS_HANDSHAKE_MODE";
/// Rounds of the table (default 5).
pub const ROUNDS_ENV: &str = "FERROFIPS_HANDSHAKE_ROUNDS";
/// Milliseconds per table cell and round (default 300).
pub const CELL_MS_ENV: &str = "FERROFIPS_HANDSHAKE_CELL_MS";
/// Iterations measured per callgrind run (default 20).
pub const CALLGRIND_N_ENV: &str = "FERROFIPS_HANDSHAKE_CALLGRIND_N";
/// `off` leaves OpenSSL 3.5 out even when it is built.
pub const OPENSSL35_ENV: &str = "FERROFIPS_HANDSHAKE_OPENSSL35";
/// Internal: set in the OpenSSL 3.5 child process (value: the 3.5 prefix).
pub const CHILD_ENV: &str = "FERROFIPS_HANDSHAKE_CHILD";
/// Internal: the directory holding the benchmark PKI, passed to child processes.
pub const PKI_ENV: &str = "FERROFIPS_HANDSHAKE_PKI";
/// Internal: `<scenario>:<provider>:<iterations>` for one callgrind run.
pub const ONE_ENV: &str = "FERROFIPS_HANDSHAKE_ONE";

/// What the benchmark runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The table, then criterion.
    All,
    /// The table only.
    Table,
    /// Criterion only.
    Criterion,
    /// Instruction counts under callgrind.
    Callgrind,
}

impl Mode {
    /// Whether the table runs.
    pub fn table(self) -> bool {
        matches!(self, Mode::All | Mode::Table)
    }

    /// Whether criterion runs.
    pub fn criterion(self) -> bool {
        matches!(self, Mode::All | Mode::Criterion)
    }

    fn name(self) -> &'static str {
        match self {
            Mode::All => "all",
            Mode::Table => "table",
            Mode::Criterion => "criterion",
            Mode::Callgrind => "callgrind",
        }
    }
}

/// The benchmark's options, from the environment (criterion owns the command line).
#[derive(Clone, Debug)]
pub struct Options {
    /// What runs.
    pub mode: Mode,
    /// Table rounds.
    pub rounds: usize,
    /// Time per table cell and round.
    pub cell: Duration,
    /// Callgrind iterations.
    pub callgrind_iterations: u64,
    /// The prefix of OpenSSL 3.5 (with its FIPS provider), if it is to be measured.
    pub openssl35: Option<PathBuf>,
    /// The clock (`FERROFIPS_BENCH_CLOCK`).
    pub clock: TableClock,
    /// `--test` was given (`cargo test --benches`, `cargo bench -- --test`): one short round, to check that
    /// everything works.
    pub quick: bool,
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> Result<T, SetupError> {
    match env::var(name) {
        Ok(v) if !v.is_empty() => v.parse().map_err(|_| format!("{name}={v:?} is not a valid number").into()),
        _ => Ok(default),
    }
}

/// The prefix of the OpenSSL 3.5 build (`openssl35.sh`'s), if its `openssl`, `libssl` and FIPS configuration
/// are there.
pub fn openssl35_prefix() -> Option<PathBuf> {
    let bin = tools::openssl35()?;
    let prefix = bin.parent()?.parent()?.to_path_buf();
    let complete = prefix.join("lib").join("libssl.so.3").is_file()
        && prefix.join("ssl").join("openssl-fips.cnf").is_file()
        && prefix.join("lib").join("ossl-modules").join("fips.so").is_file();
    complete.then_some(prefix)
}

impl Options {
    /// Reads the options; `args` are the process arguments (for `--test`).
    pub fn from_env(args: &[String]) -> Result<Options, SetupError> {
        let mode = match env::var(MODE_ENV).unwrap_or_default().as_str() {
            "" | "all" => Mode::All,
            "table" => Mode::Table,
            "criterion" => Mode::Criterion,
            "callgrind" => Mode::Callgrind,
            other => return Err(format!("{MODE_ENV}={other:?}: expected all, table, criterion or callgrind").into()),
        };
        let quick = args.iter().any(|a| a == "--test");
        let clock = match clock_from_env()? {
            Clock::Wall => TableClock::Wall,
            Clock::ThreadCpu(_) => TableClock::ThreadCpu,
        };
        let openssl35 = match env::var(OPENSSL35_ENV).unwrap_or_default().as_str() {
            "off" | "0" => None,
            _ => openssl35_prefix(),
        };
        Ok(Options {
            mode,
            rounds: if quick { 1 } else { env_number(ROUNDS_ENV, 5usize)?.max(1) },
            cell: Duration::from_millis(if quick { 20 } else { env_number(CELL_MS_ENV, 300u64)? }),
            callgrind_iterations: env_number(CALLGRIND_N_ENV, 20u64)?.max(1),
            openssl35,
            clock,
            quick,
        })
    }
}

/// The version of the OpenSSL under `prefix` ("3.5.7"), from its `openssl version`; "3.5" if that fails.
fn openssl_version(prefix: &Path) -> String {
    let bin = prefix.join("bin").join("openssl");
    let out = Command::new(bin).arg("version").env("LD_LIBRARY_PATH", prefix.join("lib")).output();
    out.ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).split_whitespace().nth(1).map(str::to_owned))
        .unwrap_or_else(|| "3.5".to_owned())
}

/// The running libssl's version, e.g. "3.0.19".
pub fn libssl_version() -> String {
    let (major, minor, patch) = libcrypto_version();
    format!("{major}.{minor}.{patch}")
}

/// The set-up every process of the benchmark shares: the sealed module and the PKI.
#[derive(Debug)]
pub struct Bench {
    // Field order: the PKI directory may only go after everything using it.
    /// The sealed ferrofips module and its configuration.
    pub install: Installation,
    /// The certificates and keys.
    pub pki: Pki,
    pki_dir: PathBuf,
    _tmp: Option<TempDir>,
}

impl Bench {
    /// In the parent: seals the module and makes the PKI with the system `openssl` under the ferrofips
    /// configuration. In a child: seals the module and uses the parent's PKI ([`PKI_ENV`]).
    pub fn new() -> Result<Bench, SetupError> {
        let install = Installation::new()?;
        if let Some(dir) = env::var_os(PKI_ENV) {
            let pki_dir = PathBuf::from(dir);
            return Ok(Bench { install, pki: pki_in(&pki_dir), pki_dir, _tmp: None });
        }
        if env::var_os(CHILD_ENV).is_some() || env::var_os(ONE_ENV).is_some() {
            // The parent passes its PKI; making one here would run the system `openssl` with the child's
            // LD_LIBRARY_PATH (another libcrypto).
            return Err(format!("{PKI_ENV} is not set: run the benchmark through its parent process").into());
        }
        let tmp = TempDir::new("handshake-bench")?;
        let openssl = tools::require("openssl", "to make the benchmark's certificates")?;
        let pki = Pki::generate(&openssl, &install.openssl_cnf(), tmp.path(), PKI_TAG)?;
        Ok(Bench { install, pki, pki_dir: tmp.path().to_path_buf(), _tmp: Some(tmp) })
    }

    /// The directory holding the PKI files.
    pub fn pki_dir(&self) -> &Path {
        &self.pki_dir
    }

    /// The ferrofips `buildinfo` of a context.
    pub fn buildinfo(ctx: &ferrofips_evp::LibCtx) -> String {
        ctx.provider("ferrofips").and_then(|p| p.info().ok()).and_then(|i| i.buildinfo).unwrap_or_default()
    }
}

/// The provider set-ups measured under the running libssl: `default` and ferrofips under the system
/// libssl; OpenSSL's FIPS provider, ferrofips and `default` in the OpenSSL 3.5 child.
pub fn providers_here() -> Vec<ProviderKind> {
    if env::var_os(CHILD_ENV).is_some() {
        vec![ProviderKind::OpensslFips, ProviderKind::Ferrofips, ProviderKind::Default]
    } else {
        vec![ProviderKind::Default, ProviderKind::Ferrofips]
    }
}

/// In the OpenSSL 3.5 child: the 3.5 prefix, after checking that 3.5 is what got loaded.
pub fn child_prefix() -> Result<Option<PathBuf>, SetupError> {
    let Some(prefix) = env::var_os(CHILD_ENV) else { return Ok(None) };
    let (major, minor, _) = libcrypto_version();
    if (major, minor) != (3, 5) {
        return Err(format!(
            "the OpenSSL 3.5 child runs libcrypto {} (LD_LIBRARY_PATH did not take effect)",
            libssl_version()
        )
        .into());
    }
    Ok(Some(PathBuf::from(prefix)))
}

/// A `Command` re-running this binary against OpenSSL 3.5 (`LD_LIBRARY_PATH=<prefix>/lib`).
fn child_command(prefix: &Path, bench: &Bench, mode: Mode, args: &[String]) -> Result<Command, SetupError> {
    let exe = env::current_exe()?;
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .env(CHILD_ENV, prefix)
        .env(PKI_ENV, bench.pki_dir())
        .env(MODE_ENV, mode.name())
        .env("LD_LIBRARY_PATH", prefix.join("lib"));
    for k in tools::SCRUBBED_ENV {
        cmd.env_remove(k);
    }
    Ok(cmd)
}

/// Runs this benchmark in `mode` against OpenSSL 3.5; passes its output through and returns its cells.
pub fn run_openssl35_child(prefix: &Path, bench: &Bench, mode: Mode, args: &[String]) -> Result<Vec<Cell>, SetupError> {
    let mut cmd = child_command(prefix, bench, mode, args)?;
    cmd.stdout(Stdio::piped());
    let mut child = cmd.spawn()?;
    let mut cells = Vec::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line?;
            match Cell::from_line(&line) {
                Some(c) => cells.push(c),
                None if line.starts_with(CELL_LINE) => return Err(format!("bad cell line {line:?}").into()),
                None => println!("{line}"),
            }
        }
    }
    let status = child.wait()?;
    if !status.success() {
        return Err(format!("the OpenSSL 3.5 child failed ({status})").into());
    }
    Ok(cells)
}

/// Builds the workloads of every scenario on `endpoints`.
pub fn workloads<'e>(endpoints: &'e Endpoints<'e>) -> Result<Vec<Workload<'e>>, SetupError> {
    Scenario::ALL.into_iter().map(|s| Workload::new(endpoints, s)).collect()
}

/// The callgrind child ([`ONE_ENV`] set): one scenario on one provider, N iterations in the measured function.
pub fn callgrind_one(spec: &str) -> Result<(), SetupError> {
    let mut parts = spec.split(':');
    let (Some(scenario), Some(provider), Some(n)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("{ONE_ENV}={spec:?}: expected <scenario>:<provider>:<iterations>").into());
    };
    let scenario = Scenario::from_id(scenario).ok_or_else(|| format!("unknown scenario {scenario:?}"))?;
    let provider = ProviderKind::from_name(provider).ok_or_else(|| format!("unknown provider {provider:?}"))?;
    let n: u64 = n.parse().map_err(|_| format!("bad iteration count {n:?}"))?;
    let prefix = child_prefix()?;
    let bench = Bench::new()?;
    let ctx = provider.load(&bench.install, prefix.as_deref())?;
    let endpoints = Endpoints::new(&ctx, &bench.pki)?;
    let mut w = Workload::new(&endpoints, scenario)?;
    // Warm-up outside the measured function: lazy fetches and caches are filled before counting starts.
    for _ in 0..3 {
        w.step()?;
    }
    tls_measured_loop(&mut w, n)?;
    println!("{ONE_ENV} done: {spec}");
    Ok(())
}

/// The collected instruction count in a callgrind output file (its `totals:` or `summary:` line).
pub fn callgrind_total(text: &str) -> Option<u64> {
    let find = |key: &str| {
        text.lines().find_map(|l| l.strip_prefix(key)).and_then(|v| v.split_whitespace().next()?.parse().ok())
    };
    find("totals:").or_else(|| find("summary:"))
}

/// Runs every libssl x provider x scenario under callgrind and prints instructions per iteration.
pub fn callgrind_all(opts: &Options, bench: &Bench) -> Result<(), SetupError> {
    let valgrind = tools::require("valgrind", "for the instruction-count mode (apt-get install valgrind)")?;
    let exe = env::current_exe()?;
    let out_dir = TempDir::new("handshake-callgrind")?;
    let n = opts.callgrind_iterations;
    let mut runs: Vec<(String, Option<PathBuf>, Vec<ProviderKind>)> =
        vec![(libssl_version(), None, vec![ProviderKind::Default, ProviderKind::Ferrofips])];
    if let Some(prefix) = &opts.openssl35 {
        let kinds = vec![ProviderKind::OpensslFips, ProviderKind::Ferrofips, ProviderKind::Default];
        runs.push((openssl_version(prefix), Some(prefix.clone()), kinds));
    } else {
        println!("note: OpenSSL 3.5 not found or disabled; instruction counts for the system libssl only");
    }
    println!("instructions (Ir) per iteration inside tls_measured_loop, {n} iterations per run");
    println!("| libssl | provider | {} |", Scenario::ALL.map(Scenario::id).join(" | "));
    println!("| --- | --- |{}", " ---: |".repeat(Scenario::ALL.len()));
    for (libssl, prefix, kinds) in runs {
        for kind in kinds {
            let mut row = format!("| {libssl} | {} |", kind.name());
            for scenario in Scenario::ALL {
                let file = out_dir.path().join(format!("cg.{libssl}.{}.{}.out", kind.name(), scenario.id()));
                let mut cmd = Command::new(&valgrind);
                cmd.arg("--tool=callgrind")
                    .arg("--collect-atstart=no")
                    .arg("--toggle-collect=*tls_measured_loop*")
                    .arg(format!("--callgrind-out-file={}", file.display()))
                    .arg(&exe)
                    .env(ONE_ENV, format!("{}:{}:{n}", scenario.id(), kind.name()))
                    .env(PKI_ENV, bench.pki_dir())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped());
                for k in tools::SCRUBBED_ENV {
                    cmd.env_remove(k);
                }
                if let Some(p) = &prefix {
                    cmd.env(CHILD_ENV, p).env("LD_LIBRARY_PATH", p.join("lib"));
                }
                let out = cmd.output()?;
                if !out.status.success() {
                    return Err(format!(
                        "callgrind run {libssl}/{}/{} failed:\n{}",
                        kind.name(),
                        scenario.id(),
                        String::from_utf8_lossy(&out.stderr)
                    )
                    .into());
                }
                let total = callgrind_total(&std::fs::read_to_string(&file)?)
                    .ok_or_else(|| format!("no totals in {}", file.display()))?;
                row.push_str(&format!(" {} |", total / n));
            }
            println!("{row}");
        }
    }
    println!("(bulk-16k: instructions per 16 KiB record, sealed by the client and opened by the server)");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callgrind_totals_are_parsed() {
        let text = "version: 1\ncreator: callgrind-3.19.0\nevents: Ir\nsummary: 98765\ntotals: 12345\n";
        assert_eq!(callgrind_total(text), Some(12345));
        assert_eq!(callgrind_total("events: Ir\nsummary: 42\n"), Some(42));
        assert_eq!(callgrind_total("events: Ir\n"), None);
    }
}
