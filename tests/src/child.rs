//! Running one test of the current test binary in a child process, for scenarios that must not share a
//! process with other tests: the module's sticky error state, and environment knobs the module reads once
//! (`FERROFIPS_CPU=portable`, `FERROFIPS_FORCE_FIPS=1`).

use std::env;
use std::process::Command;

use crate::error::HarnessError;

/// Set in the child to the name of the test it runs.
pub const CHILD_ENV: &str = "FERROFIPS_TEST_CHILD";

/// True if this process is the child spawned to run `test`.
pub fn is_child(test: &str) -> bool {
    env::var(CHILD_ENV).is_ok_and(|v| v == test)
}

/// Runs test `test` (its exact name in this binary) in a child process with `envs` added, forwards its output,
/// and fails unless exactly that one test ran and passed. Returns the child's combined output.
pub fn run_in_child(test: &str, envs: &[(&str, &str)]) -> Result<String, HarnessError> {
    let exe = env::current_exe()?;
    let mut cmd = Command::new(&exe);
    cmd.args([test, "--exact", "--nocapture", "--test-threads=1"]).env(CHILD_ENV, test);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let text = format!("{stdout}{stderr}");
    let label = envs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ");
    println!("---- child `{test}` [{label}] ----\n{text}---- end of child `{test}` ----");
    if !out.status.success() {
        return Err(HarnessError::new(format!("child test `{test}` [{label}] failed: {}", out.status)));
    }
    if !stdout.contains("test result: ok. 1 passed") {
        return Err(HarnessError::new(format!("child run of `{test}` did not run exactly that test")));
    }
    Ok(text)
}

/// The isolation pattern: in the parent, runs `test` in a child (with `envs`) and returns `Ok(false)`; in that
/// child, returns `Ok(true)` so the caller runs the scenario.
///
/// ```no_run
/// # fn demo() -> ferrofips_tests::TestResult {
/// if !ferrofips_tests::child::isolate("my_test", &[("FERROFIPS_FORCE_FIPS", "1")])? {
///     return Ok(()); // the parent: the child passed
/// }
/// // ... the scenario, in its own process ...
/// # Ok(()) }
/// ```
pub fn isolate(test: &str, envs: &[(&str, &str)]) -> Result<bool, HarnessError> {
    if is_child(test) {
        return Ok(true);
    }
    run_in_child(test, envs)?;
    Ok(false)
}

/// Prints the module's CPU backends (from its `buildinfo`) and, in a process run with `FERROFIPS_CPU=portable`,
/// fails unless every one of them is the portable `soft` code.
pub fn check_portable_backends(ctx: &ferrofips_evp::LibCtx) -> crate::TestResult {
    let info = ctx.provider(crate::PROVIDER_NAME).ok_or("ferrofips not active")?.info()?;
    let backends = info.buildinfo.unwrap_or_default().split("backends:").nth(1).unwrap_or("").trim().to_owned();
    println!("module backends: {backends}");
    if env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        assert!(backends.split(',').all(|b| b.trim().ends_with("=soft")), "FERROFIPS_CPU=portable but {backends}");
        println!("backends: all soft (portable)");
    }
    Ok(())
}
