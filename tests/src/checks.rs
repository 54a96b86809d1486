//! Small helpers shared by the integration tests: describing and asserting EVP outcomes, splitting input for
//! streaming tests, and the proptest runner configuration.

use ferrofips_evp::ErrorStack;
use proptest::test_runner::{Config, TestRunner};

use crate::TestResult;

/// One line describing an EVP outcome (the value, or the error stack).
pub fn describe<T: std::fmt::Debug>(r: &Result<T, ErrorStack>) -> String {
    match r {
        Ok(v) => format!("ok {v:?}"),
        Err(e) if e.is_empty() => "error (empty error stack)".to_owned(),
        Err(e) => format!("error: {e}"),
    }
}

/// Asserts `r` failed with at least one entry on the error stack.
pub fn expect_error<T: std::fmt::Debug>(what: &str, r: Result<T, ErrorStack>) -> TestResult {
    match r {
        Ok(v) => Err(format!("{what}: expected an error, got {v:?}").into()),
        Err(e) if e.is_empty() => Err(format!("{what}: failed but left no error on the stack").into()),
        Err(e) => {
            println!("{what}: {e}");
            Ok(())
        }
    }
}

/// Cuts `data` at the (sorted, clamped) split points.
pub fn pieces<'d>(data: &'d [u8], cuts: &[usize]) -> Vec<&'d [u8]> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (data.len() + 1)).collect();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut start = 0;
    for c in cuts {
        out.push(&data[start..c]);
        start = c;
    }
    out.push(&data[start..]);
    out
}

/// A proptest runner for `cases` cases that writes no regression files (the tests run from a clean clone).
pub fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}
