//! Whether the module runs in strict (FIPS-enforcing) mode.

use std::sync::OnceLock;

const KERNEL_FIPS_FILE: &str = "/proc/sys/crypto/fips_enabled";

/// The environment variable that forces strict mode when set to `1`.
pub const FORCE_ENV: &str = "FERROFIPS_FORCE_FIPS";

/// The kernel's FIPS flag, `/proc/sys/crypto/fips_enabled`, read on every call. `None` if the file is
/// missing, unreadable or holds something other than `0` or `1`.
pub fn kernel_fips_enabled() -> Option<bool> {
    parse_flag(&std::fs::read_to_string(KERNEL_FIPS_FILE).ok()?)
}

fn parse_flag(s: &str) -> Option<bool> {
    match s.trim() {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

/// Strict mode: the kernel runs in FIPS mode, or `FERROFIPS_FORCE_FIPS=1`. Decided once per process, on the
/// first call, so the answer cannot change under a running module.
pub fn strict() -> bool {
    static STRICT: OnceLock<bool> = OnceLock::new();
    *STRICT.get_or_init(|| kernel_fips_enabled() == Some(true) || std::env::var_os(FORCE_ENV).is_some_and(|v| v == "1"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn flag_parsing() {
        assert_eq!(parse_flag("1\n"), Some(true));
        assert_eq!(parse_flag("0\n"), Some(false));
        assert_eq!(parse_flag(""), None);
        assert_eq!(parse_flag("2"), None);
        assert_eq!(parse_flag("yes"), None);
    }

    #[test]
    fn kernel_flag_matches_file() {
        let want = std::fs::read_to_string(KERNEL_FIPS_FILE).ok().and_then(|s| parse_flag(&s));
        assert_eq!(kernel_fips_enabled(), want);
    }

    /// In a child process (see [`strict_follows_env`]): asserts `strict()` against the expectation the parent
    /// passed in `FERROFIPS_SELFTEST_EXPECT_STRICT`.
    #[test]
    fn strict_child() {
        let Some(expect) = std::env::var_os("FERROFIPS_SELFTEST_EXPECT_STRICT") else {
            return; // Only meaningful when spawned by strict_follows_env.
        };
        assert_eq!(strict(), expect == "1");
        assert_eq!(strict(), expect == "1", "answer is stable");
    }

    /// A command re-running this test binary, through the cross runner (QEMU) when cargo used one.
    fn self_command() -> Command {
        let exe = std::env::current_exe().unwrap();
        let runner = if cfg!(target_arch = "aarch64") {
            std::env::var("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER").ok()
        } else {
            None
        };
        let mut words = runner.as_deref().unwrap_or("").split_whitespace();
        match words.next() {
            Some(prog) => {
                let mut cmd = Command::new(prog);
                cmd.args(words).arg(exe);
                cmd
            }
            None => Command::new(exe),
        }
    }

    #[test]
    fn strict_follows_env() {
        let kernel = kernel_fips_enabled() == Some(true);
        for (env, expect) in [(Some("1"), true), (Some("0"), kernel), (Some("yes"), kernel), (None, kernel)] {
            let mut cmd = self_command();
            cmd.args(["--exact", "mode::tests::strict_child", "--test-threads=1"]);
            cmd.env("FERROFIPS_SELFTEST_EXPECT_STRICT", if expect { "1" } else { "0" });
            match env {
                Some(v) => cmd.env(FORCE_ENV, v),
                None => cmd.env_remove(FORCE_ENV),
            };
            let out = cmd.output().unwrap();
            assert!(out.status.success(), "{env:?}: {}", String::from_utf8_lossy(&out.stdout));
            // The child really ran the test (a filter typo would run nothing and still succeed).
            assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"), "{env:?}");
        }
    }
}
