//! What every Project Wycheproof loader here shares (`wycheproof_*.rs`): the data directory, the verdict of a
//! case, reading a file, and the checks of its header and of its case count.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::KatError;

/// Sub-directory (under the data dir) holding the Wycheproof files.
pub const DIR: &str = "wycheproof";

/// Wycheproof's verdict on a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expect {
    /// Must succeed with the given result (shared secret, ciphertext, tag, signature verified).
    Valid,
    /// Must fail (or, for a MAC, the given tag must not be the computed one).
    Invalid,
    /// May fail; a success must give the given result.
    Acceptable,
}

/// The top level of a test file: the header fields checked here and the groups of type `G`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct File<G> {
    /// `algorithm`.
    pub(crate) algorithm: String,
    /// `schema`.
    pub(crate) schema: String,
    /// `numberOfTests`.
    pub(crate) number_of_tests: usize,
    /// `testGroups`.
    pub(crate) test_groups: Vec<G>,
}

/// The absolute path of the file `name` under [`DIR`].
pub(crate) fn path(name: &str) -> PathBuf {
    crate::data_dir().join(DIR).join(name)
}

/// Reads and parses the JSON file at `path`.
pub(crate) fn read<T: DeserializeOwned>(path: &Path) -> Result<T, KatError> {
    let text = fs::read_to_string(path).map_err(|source| KatError::Io { path: path.to_owned(), source })?;
    serde_json::from_str(&text).map_err(|source| KatError::Json { path: path.to_owned(), source })
}

/// The verdict `s` (`valid`, `invalid`, `acceptable`) of case `tc`.
pub(crate) fn expect(path: &Path, tc: u64, s: &str) -> Result<Expect, KatError> {
    match s {
        "valid" => Ok(Expect::Valid),
        "invalid" => Ok(Expect::Invalid),
        "acceptable" => Ok(Expect::Acceptable),
        other => Err(KatError::format(path, format!("tcId {tc}: unknown result {other:?}"))),
    }
}

/// Checks the file's `algorithm` and `schema` against the expected ones.
pub(crate) fn check_header(
    path: &Path,
    algorithm: &str,
    want: &str,
    schema: &str,
    want_schema: &str,
) -> Result<(), KatError> {
    if algorithm != want {
        return Err(KatError::format(path, format!("algorithm {algorithm:?} is not {want}")));
    }
    if schema != want_schema {
        return Err(KatError::format(path, format!("schema {schema:?} is not {want_schema}")));
    }
    Ok(())
}

/// Checks that the `numberOfTests` the file declares is the number of cases read, and that there are some.
pub(crate) fn check_count(
    path: &Path,
    declared: usize,
    read: usize,
    what: impl FnOnce() -> String,
) -> Result<(), KatError> {
    if read != declared {
        return Err(KatError::format(path, format!("numberOfTests is {declared} but {read} cases were read")));
    }
    if read == 0 {
        return Err(KatError::NoVectors { what: what() });
    }
    Ok(())
}
