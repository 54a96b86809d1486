//! Comparing a computed value with a known answer.

use std::fmt;

/// A computed value that differs from the known answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The test case (`tcId`; for CAVP files the 1-based record number).
    pub tc_id: u64,
    /// For MCTs: the index `j` of the failing element of the results array.
    pub step: Option<usize>,
    /// The known answer.
    pub expected: Vec<u8>,
    /// What the implementation produced.
    pub actual: Vec<u8>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tcId {}", self.tc_id)?;
        if let Some(j) = self.step {
            write!(f, " (MCT result {j})")?;
        }
        write!(f, ": expected {}, got {}", hex::encode(&self.expected), hex::encode(&self.actual))
    }
}

impl std::error::Error for Mismatch {}

/// `Ok(())` if `actual == expected`, else a [`Mismatch`] naming `tc_id`.
pub fn check(tc_id: u64, expected: &[u8], actual: &[u8]) -> Result<(), Mismatch> {
    if expected == actual {
        Ok(())
    } else {
        Err(Mismatch { tc_id, step: None, expected: expected.to_vec(), actual: actual.to_vec() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatch_display() {
        assert!(check(1, &[1, 2], &[1, 2]).is_ok());
        let mut e = check(7, &[0xab], &[0xcd]).unwrap_err();
        assert_eq!(e.to_string(), "tcId 7: expected ab, got cd");
        e.step = Some(3);
        assert_eq!(e.to_string(), "tcId 7 (MCT result 3): expected ab, got cd");
        assert!(check(1, &[1], &[1, 0]).is_err());
    }
}
