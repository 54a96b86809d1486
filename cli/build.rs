//! Records the git revision of the source tree as `FERROFIPS_GIT_REV` for `ferrofips --version`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let rev = std::env::var("FERROFIPS_GIT_REV")
        .ok()
        .or_else(|| git(&manifest, &["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=FERROFIPS_GIT_REV={rev}");
    println!("cargo:rerun-if-env-changed=FERROFIPS_GIT_REV");
    // Rebuild when HEAD moves: HEAD itself (branch switches) and the refs (new commits).
    if let Some(git_dir) = git(&manifest, &["rev-parse", "--absolute-git-dir"]) {
        let git_dir = PathBuf::from(git_dir);
        for p in ["HEAD", "refs/heads", "packed-refs"] {
            let path = git_dir.join(p);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
