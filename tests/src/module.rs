//! Finding the built provider module (`libferrofips.so`).

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::SystemTime;

use crate::error::HarnessError;

/// The file name cargo gives the cdylib.
pub const BUILT_NAME: &str = "libferrofips.so";

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or_else(|| manifest.to_path_buf(), Path::to_path_buf)
}

/// Target directories to look in, most specific first: `$CARGO_TARGET_DIR` (at run time, then at build time),
/// the directory holding the running test binary (`<target>/<profile>/deps/..`), `<workspace>/target`.
fn target_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = env::var_os("CARGO_TARGET_DIR") {
        dirs.push(PathBuf::from(d));
    }
    if let Some(d) = option_env!("CARGO_TARGET_DIR") {
        dirs.push(PathBuf::from(d));
    }
    if let Ok(exe) = env::current_exe() {
        // <target>/<profile>/deps/<binary>
        if let Some(t) = exe.parent().and_then(Path::parent).and_then(Path::parent) {
            dirs.push(t.to_path_buf());
        }
    }
    dirs.push(workspace_root().join("target"));
    let mut unique = Vec::new();
    for d in dirs {
        let d = if d.is_relative() { workspace_root().join(d) } else { d };
        if !unique.contains(&d) {
            unique.push(d);
        }
    }
    unique
}

/// The built module: `$FERROFIPS_MODULE` if set, else `<target>/release/libferrofips.so` in the first target
/// directory that has one. The error explains how to build it.
pub fn built_module() -> Result<PathBuf, HarnessError> {
    if let Some(p) = env::var_os("FERROFIPS_MODULE") {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(HarnessError::new(format!("FERROFIPS_MODULE={} does not name a file", p.display())))
        };
    }
    let candidates: Vec<PathBuf> = target_dirs().into_iter().map(|d| d.join("release").join(BUILT_NAME)).collect();
    if let Some(found) = candidates.iter().find(|p| p.is_file()) {
        warn_if_stale(found);
        return Ok(found.clone());
    }
    let list: Vec<String> = candidates.iter().map(|p| format!("  {}", p.display())).collect();
    Err(HarnessError::new(format!(
        "the ferrofips provider module is not built.\n\
         Run `cargo build --release -p ferrofips` (with the same CARGO_TARGET_DIR), or point FERROFIPS_MODULE at \
         a built libferrofips.so.\nLooked for:\n{}",
        list.join("\n")
    )))
}

/// Newest modification time of the files under `dir` (recursively).
fn newest_under(dir: &Path) -> Option<SystemTime> {
    let mut newest = None;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(t) = entry.metadata().and_then(|m| m.modified()) {
                newest = newest.max(Some(t));
            }
        }
    }
    newest
}

/// Prints a warning (once per process) when the module is older than the sources it is built from, so a
/// forgotten rebuild does not go unnoticed. Not an error: CI builds first, and FERROFIPS_MODULE may point
/// anywhere on purpose.
fn warn_if_stale(module: &Path) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let Ok(built) = fs::metadata(module).and_then(|m| m.modified()) else {
            return;
        };
        let root = workspace_root();
        let newest = ["provider/src", "crypto/src", "selftest/src", "ffi/src"]
            .iter()
            .filter_map(|d| newest_under(&root.join(d)))
            .max();
        if newest.is_some_and(|n| n > built) {
            eprintln!(
                "warning: {} is older than the module's sources; run `cargo build --release -p ferrofips`",
                module.display()
            );
        }
    });
}
