//! The stock `openssl` command line as the CLI tests drive it: the system binary and, when built, OpenSSL 3.5,
//! each run with a given `OPENSSL_CONF` in a scratch directory.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use crate::{HarnessError, tools};

/// One `openssl` binary and the label its runs are logged under.
#[derive(Debug)]
pub struct Cli {
    /// The binary.
    pub bin: PathBuf,
    /// "system openssl" or "openssl 3.5".
    pub label: &'static str,
}

impl Cli {
    /// The system `openssl` (an error if it is not installed).
    pub fn system() -> Result<Cli, HarnessError> {
        Ok(Cli { bin: tools::require("openssl", "for the openssl CLI checks")?, label: "system openssl" })
    }

    /// OpenSSL 3.5's `openssl`, when built (`/work/shared/scripts/openssl35.sh`).
    pub fn openssl35() -> Option<Cli> {
        tools::openssl35().map(|bin| Cli { bin, label: "openssl 3.5" })
    }

    /// Runs with `OPENSSL_CONF=cnf` plus `envs`; `@name` arguments are files in `dir`. The result, whatever
    /// the exit status.
    pub fn run_env(
        &self,
        cnf: &Path,
        dir: &Path,
        args: &[&str],
        envs: &[(&str, &OsStr)],
    ) -> Result<tools::Run, HarnessError> {
        let full: Vec<String> = args
            .iter()
            .map(|a| {
                a.strip_prefix('@')
                    .map_or_else(|| (*a).to_owned(), |rest| dir.join(rest).to_string_lossy().into_owned())
            })
            .collect();
        let mut all = vec![("OPENSSL_CONF", cnf.as_os_str())];
        all.extend_from_slice(envs);
        let r = tools::run(&self.bin, &full, &all, None)?;
        println!("[{}] $ {}  -> {:?}", self.label, r.command, r.code);
        Ok(r)
    }

    /// [`Cli::run_env`] without extra environment.
    pub fn run(&self, cnf: &Path, dir: &Path, args: &[&str]) -> Result<tools::Run, HarnessError> {
        self.run_env(cnf, dir, args, &[])
    }

    /// [`Cli::run`], failing unless the command succeeds.
    pub fn ok(&self, cnf: &Path, dir: &Path, args: &[&str]) -> Result<tools::Run, HarnessError> {
        self.run(cnf, dir, args)?.ok()
    }
}

/// Writes a configuration that loads no provider explicitly (OpenSSL's default provider) into `dir`.
pub fn default_cnf(dir: &Path) -> Result<PathBuf, HarnessError> {
    let p = dir.join("default.cnf");
    fs::write(&p, "# no providers configured: the default provider is used\n")?;
    Ok(p)
}

/// OpenSSL 3.5 is not built: a loud skip, or a failure when `FERROFIPS_REQUIRE_OPENSSL35=1` says the run needs
/// it.
pub fn missing_openssl35() -> crate::TestResult {
    let msg = "OpenSSL 3.5 not found ($HOME/.cache/ferrofips/openssl-3.5/bin/openssl or $FERROFIPS_OPENSSL35); \
               build it with /work/shared/scripts/openssl35.sh (scripts/test.sh does)";
    if std::env::var("FERROFIPS_REQUIRE_OPENSSL35").is_ok_and(|v| v == "1") {
        return Err(format!("{msg}; FERROFIPS_REQUIRE_OPENSSL35=1, so this is a failure").into());
    }
    println!("*** SKIPPED: {msg} ***");
    Ok(())
}

/// Declares each check (`fn(&Cli) -> TestResult` in the calling file) twice: as a test with the system
/// `openssl` (module `system_openssl`) and with OpenSSL 3.5 (module `openssl35`, see [`missing_openssl35`]).
#[macro_export]
macro_rules! cli_checks {
    ($($test:ident => $check:ident),* $(,)?) => {
        mod system_openssl {
            $(
                #[test]
                fn $test() -> $crate::TestResult {
                    super::$check(&$crate::cli::Cli::system()?)
                }
            )*
        }
        mod openssl35 {
            $(
                #[test]
                fn $test() -> $crate::TestResult {
                    match $crate::cli::Cli::openssl35() {
                        Some(cli) => super::$check(&cli),
                        None => $crate::cli::missing_openssl35(),
                    }
                }
            )*
        }
    };
}
