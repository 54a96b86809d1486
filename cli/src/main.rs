//! `ferrofips`: install the ferrofips OpenSSL provider (seal + config), check a system's FIPS posture, and
//! run the module's self-tests. Exit codes: 0 success, 1 failure, 2 usage error.

#![forbid(unsafe_code)]

mod args;
mod check;
mod events;
mod install;
mod module;
mod opensslbin;
mod opensslcnf;
mod provconf;
mod selftest;
mod version;

use std::process::ExitCode;

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum CliError {
    /// Bad command line (exit 2).
    Usage(String),
    /// The command could not do its job (exit 1).
    Failed(String),
}

const USAGE: &str = "\
Usage: ferrofips <command> [options]

Commands:
  install    install the module under a prefix: seal it (module-mac) and write OpenSSL configs
  check      report the system's FIPS posture (kernel mode, OpenSSL config, integrity, self-tests)
  selftest   run the power-on self-tests (or only the algorithm self-tests) and print each event

Options:
  -V, --version   print version, git revision and CPU backends
  -h, --help      show this help

Run `ferrofips <command> --help` for the options of a command.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match cmd.as_str() {
        "install" => install::run(rest),
        "check" => check::run(rest),
        "selftest" => selftest::run(rest),
        "-V" | "--version" | "version" => version::run(rest),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(CliError::Usage(format!("unknown command {other:?}"))),
    };
    match result {
        Ok(code) => code,
        Err(CliError::Usage(msg)) => {
            eprintln!("ferrofips: {msg}");
            eprintln!("Try `ferrofips --help` or `ferrofips <command> --help`.");
            ExitCode::from(2)
        }
        Err(CliError::Failed(msg)) => {
            eprintln!("ferrofips {cmd}: error: {msg}");
            ExitCode::FAILURE
        }
    }
}
