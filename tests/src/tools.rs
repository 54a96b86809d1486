//! External tools the tests drive (`openssl`, `nm`, `ldd`), found on `PATH` or failing with a clear message.

use std::env;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::error::HarnessError;

/// Looks `name` up on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

/// Like [`which`], but an error naming the tool and what needs it.
pub fn require(name: &str, purpose: &str) -> Result<PathBuf, HarnessError> {
    which(name).ok_or_else(|| {
        HarnessError::new(format!(
            "`{name}` is not on PATH; it is needed {purpose}. Install it (Debian/Ubuntu: {}) and rerun.",
            match name {
                "openssl" => "apt-get install openssl",
                "nm" => "apt-get install binutils",
                "ldd" => "apt-get install libc-bin",
                _ => "your distribution's package",
            }
        ))
    })
}

/// The result of running a command: status, stdout and stderr as text.
#[derive(Debug)]
pub struct Run {
    /// The command line, for messages.
    pub command: String,
    /// Exit code (None if killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Raw standard output.
    pub stdout_bytes: Vec<u8>,
}

impl Run {
    /// True if the exit code was 0.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// stdout followed by stderr.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Err (with both outputs) unless the command succeeded.
    pub fn ok(self) -> Result<Run, HarnessError> {
        if self.success() {
            Ok(self)
        } else {
            Err(HarnessError::new(format!(
                "`{}` failed with {:?}\n--- stdout ---\n{}--- stderr ---\n{}",
                self.command, self.code, self.stdout, self.stderr
            )))
        }
    }
}

/// Variables removed from the environment of every command [`run`] starts, so an inherited OpenSSL
/// configuration or module knob cannot change what a check sees.
pub const SCRUBBED_ENV: [&str; 4] = ["OPENSSL_CONF", "OPENSSL_MODULES", "FERROFIPS_FORCE_FIPS", "OPENSSL_ENGINES"];

/// Runs `program args...` with [`SCRUBBED_ENV`] removed, then `envs` added (and `stdin` bytes, if given).
pub fn run<S: AsRef<OsStr>>(
    program: &Path,
    args: &[S],
    envs: &[(&str, &OsStr)],
    stdin: Option<&[u8]>,
) -> Result<Run, HarnessError> {
    use std::io::Write;
    use std::process::Stdio;
    let command = format!(
        "{} {}",
        program.display(),
        args.iter().map(|a| a.as_ref().to_string_lossy().into_owned()).collect::<Vec<_>>().join(" ")
    );
    let mut cmd = Command::new(program);
    cmd.args(args).stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    // Start from a neutral OpenSSL environment; callers add what a check needs.
    for k in SCRUBBED_ENV {
        cmd.env_remove(k);
    }
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| HarnessError::new(format!("cannot run `{command}`: {e}")))?;
    if let (Some(data), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(data)?;
    }
    let Output { status, stdout, stderr } = child.wait_with_output()?;
    Ok(Run {
        command,
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        stdout_bytes: stdout,
    })
}

/// OpenSSL binaries to run the CLI checks with: the system `openssl`, plus the 3.5 build from
/// `/work/shared/scripts/openssl35.sh` (`$HOME/.cache/ferrofips/openssl-3.5/bin/openssl`) when present.
/// Set `FERROFIPS_OPENSSL35` to use another 3.5 binary.
pub fn openssl35() -> Option<PathBuf> {
    if let Some(p) = env::var_os("FERROFIPS_OPENSSL35") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let home = env::var_os("HOME")?;
    let p = PathBuf::from(home).join(".cache/ferrofips/openssl-3.5/bin/openssl");
    p.is_file().then_some(p)
}
