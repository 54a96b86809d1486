//! The ciphers offered under `OSSL_OP_CIPHER`: every family's algorithms joined into one table (built on first
//! query). A new family adds its `ALGS` here and a `mod` line in `abi/mod.rs`.

use std::sync::LazyLock;

use super::dispatch::JoinedTable;
use super::{cipher_block, cipher_gcm};

/// The joined cipher table.
pub(crate) static CIPHERS: LazyLock<JoinedTable> =
    LazyLock::new(|| JoinedTable::join(&[&cipher_gcm::ALGS, &cipher_block::ALGS]));
