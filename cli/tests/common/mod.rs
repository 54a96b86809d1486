//! Helpers for the CLI integration tests: the built binary, the provider module, temp prefixes, and an
//! independent module MAC computed by the stock `openssl` command.

#![allow(dead_code, unreachable_pub)] // Each test file uses a different subset.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// OpenSSL's default FIPS install key (`fipskey.h`), hex.
pub const INSTALL_KEY_HEX: &str = "f4556650ac31d35461610bac4ed81b1a181b2d8a43ea2854cbae22ca74560813";

/// The `ferrofips` binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ferrofips"))
}

/// The provider cdylib: `FERROFIPS_MODULE`, else `<target>/release/libferrofips.so`.
pub fn module() -> PathBuf {
    if let Some(m) = std::env::var_os("FERROFIPS_MODULE").filter(|m| !m.is_empty()) {
        let m = PathBuf::from(m);
        assert!(m.is_file(), "FERROFIPS_MODULE={} is not a file", m.display());
        return m;
    }
    // The binary is <target>/<profile>/ferrofips.
    let target = bin().parent().and_then(Path::parent).map(Path::to_path_buf).expect("target dir");
    let m = target.join("release/libferrofips.so");
    assert!(
        m.is_file(),
        "the provider module {} is missing: build it first with `cargo build --release -p ferrofips` \
         (same CARGO_TARGET_DIR), or set FERROFIPS_MODULE=/path/to/libferrofips.so",
        m.display()
    );
    m
}

/// A directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("ferrofips-cli-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `ferrofips args` with `OPENSSL_CONF` pointing at `conf` (or removed when None).
pub fn ferrofips(args: &[&str], conf: Option<&Path>) -> Output {
    let mut cmd = Command::new(bin());
    cmd.args(args);
    match conf {
        Some(c) => cmd.env("OPENSSL_CONF", c),
        None => cmd.env_remove("OPENSSL_CONF"),
    };
    cmd.output().expect("run ferrofips")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the exit code, showing the output otherwise.
pub fn assert_code(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "stdout:\n{}\nstderr:\n{}", stdout(o), stderr(o));
}

/// HMAC-SHA-256 of the file under OpenSSL's install key, computed by the stock `openssl` command (with
/// its default provider), in `AB:CD:..` form.
pub fn openssl_mac(file: &Path) -> String {
    let out = Command::new("openssl")
        .env("OPENSSL_CONF", "/dev/null")
        .args(["dgst", "-sha256", "-mac", "HMAC", "-macopt"])
        .arg(format!("hexkey:{INSTALL_KEY_HEX}"))
        .arg(file)
        .output()
        .expect("run openssl dgst");
    assert!(out.status.success(), "openssl dgst failed: {}", stderr(&out));
    let text = stdout(&out);
    let hex = text.rsplit("= ").next().unwrap().trim().to_uppercase();
    assert_eq!(hex.len(), 64, "unexpected openssl output {text:?}");
    hex.as_bytes().chunks(2).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(":")
}

/// Installs the module under a new temp prefix; returns the prefix.
pub fn installed(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    let module = module();
    let o =
        ferrofips(&["install", "--prefix", dir.path().to_str().unwrap(), "--module", module.to_str().unwrap()], None);
    assert_code(&o, 0);
    dir
}
