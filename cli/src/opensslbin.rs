//! Asking the real `openssl` command: its OPENSSLDIR / MODULESDIR, and which providers it loads with a
//! given configuration (`openssl list -providers -verbose`).

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long an `openssl` invocation may take (loading a provider runs its self-tests).
const TIMEOUT: Duration = Duration::from_secs(60);

/// What a finished command produced.
#[derive(Debug)]
pub(crate) struct Output {
    /// Exit code (None if killed by a signal or the timeout).
    pub(crate) code: Option<i32>,
    /// Standard output, lossily decoded.
    pub(crate) stdout: String,
    /// Standard error, lossily decoded.
    pub(crate) stderr: String,
}

/// Runs `program args` with extra environment `env`, no stdin, killing it after [`TIMEOUT`].
pub(crate) fn run(program: &OsStr, args: &[&OsStr], env: &[(&str, &OsStr)]) -> Result<Output, String> {
    let mut cmd = Command::new(program);
    cmd.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let shown = program.to_string_lossy();
    let mut child = cmd.spawn().map_err(|e| format!("cannot run {shown}: {e}"))?;
    let reader = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = reader(child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>));
    let err = reader(child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>));
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("waiting for {shown}: {e}")),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let mut stderr = err.join().unwrap_or_default();
    if status.is_none() {
        stderr.push_str(&format!("\n(killed after {}s)", TIMEOUT.as_secs()));
    }
    Ok(Output { code: status.and_then(|s| s.code()), stdout, stderr })
}

/// A directory `openssl version -d` (OPENSSLDIR) or `-m` (MODULESDIR) reports.
pub(crate) fn version_dir(program: &OsStr, flag: &str) -> Result<PathBuf, String> {
    let out = run(program, &[OsStr::new("version"), OsStr::new(flag)], &[])?;
    if out.code != Some(0) {
        return Err(format!("`openssl version {flag}` failed: {}", out.stderr.trim()));
    }
    parse_version_dir(&out.stdout)
        .ok_or_else(|| format!("unexpected `openssl version {flag}` output: {:?}", out.stdout.trim()))
}

/// Parses `OPENSSLDIR: "/usr/lib/ssl"`-style output.
fn parse_version_dir(text: &str) -> Option<PathBuf> {
    let (_, value) = text.lines().next()?.split_once(':')?;
    let value = value.trim().trim_matches('"');
    (!value.is_empty()).then(|| PathBuf::from(value))
}

/// One provider in `openssl list -providers -verbose`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Listed {
    /// The provider's name in the library context (the config key).
    pub(crate) id: String,
    /// "name:" as reported by the provider.
    pub(crate) name: Option<String>,
    /// "version:".
    pub(crate) version: Option<String>,
    /// "status:" ("active" / "inactive").
    pub(crate) status: Option<String>,
    /// "build info:".
    pub(crate) buildinfo: Option<String>,
}

/// What `openssl list -providers -verbose` said with a given config.
#[derive(Debug)]
pub(crate) struct Listing {
    /// Exit code of the command.
    pub(crate) code: Option<i32>,
    /// Providers listed.
    pub(crate) providers: Vec<Listed>,
    /// Its standard error (OpenSSL's error queue on failure).
    pub(crate) stderr: String,
}

/// Runs `openssl list -providers -verbose` with `OPENSSL_CONF=config`.
pub(crate) fn list_providers(program: &OsStr, config: &Path) -> Result<Listing, String> {
    let args = ["list", "-providers", "-verbose"].map(OsStr::new);
    let out = run(program, &args, &[("OPENSSL_CONF", config.as_os_str())])?;
    Ok(Listing { code: out.code, providers: parse_listing(&out.stdout), stderr: out.stderr })
}

fn parse_listing(text: &str) -> Vec<Listed> {
    let mut out: Vec<Listed> = Vec::new();
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let body = line.trim();
        if indent == 2 && !body.is_empty() {
            out.push(Listed { id: body.to_string(), ..Listed::default() });
            continue;
        }
        let (Some(cur), 4) = (out.last_mut(), indent) else { continue };
        let Some((k, v)) = body.split_once(':') else { continue };
        let v = Some(v.trim().to_string());
        match k {
            "name" => cur.name = v,
            "version" => cur.version = v,
            "status" => cur.status = v,
            "build info" => cur.buildinfo = v,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_version_dirs() {
        assert_eq!(parse_version_dir("OPENSSLDIR: \"/usr/lib/ssl\"\n"), Some(PathBuf::from("/usr/lib/ssl")));
        assert_eq!(parse_version_dir("MODULESDIR: \"/m\""), Some(PathBuf::from("/m")));
        assert_eq!(parse_version_dir("garbage"), None);
        assert_eq!(parse_version_dir("OPENSSLDIR: \"\""), None);
    }

    #[test]
    fn parses_provider_listing() {
        let text = "Providers:\n  base\n    name: OpenSSL Base Provider\n    version: 3.0.19\n    status: active\n\
                    \x20   build info: 3.0.19\n    gettable provider parameters:\n      name: pointer to a UTF8 \
                    encoded string (arbitrary size)\n      status: integer (arbitrary size)\n  ferrofips\n    \
                    name: ferrofips\n    version: 0.1.0\n    status: inactive\n";
        let l = parse_listing(text);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].id, "base");
        assert_eq!(l[0].name.as_deref(), Some("OpenSSL Base Provider"));
        assert_eq!(l[0].status.as_deref(), Some("active"));
        assert_eq!(l[0].buildinfo.as_deref(), Some("3.0.19"));
        assert_eq!(l[1].id, "ferrofips");
        assert_eq!(l[1].version.as_deref(), Some("0.1.0"));
        assert_eq!(l[1].status.as_deref(), Some("inactive"));
    }

    #[test]
    fn runs_commands_with_environment_and_reports_failures() {
        let out = run(
            OsStr::new("sh"),
            &[OsStr::new("-c"), OsStr::new("echo $X; echo e >&2; exit 3")],
            &[("X", OsStr::new("hello"))],
        )
        .unwrap();
        assert_eq!(out.code, Some(3));
        assert_eq!(out.stdout.trim(), "hello");
        assert_eq!(out.stderr.trim(), "e");
        assert!(run(OsStr::new("/nonexistent/openssl"), &[], &[]).is_err());
    }
}
