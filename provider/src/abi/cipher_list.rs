//! The ciphers offered under `OSSL_OP_CIPHER`: every family's algorithms joined into one table (built on first
//! query). A new family adds its `ALGS` here and a `mod` line in `abi/mod.rs`.

use std::sync::LazyLock;

use super::dispatch::JoinedTable;
use super::{cipher_block, cipher_ccm, cipher_cts, cipher_gcm, cipher_stream, cipher_wrap, cipher_xts};

/// The joined cipher table.
pub(crate) static CIPHERS: LazyLock<JoinedTable> = LazyLock::new(|| {
    JoinedTable::join(&[
        &cipher_gcm::ALGS,
        &cipher_block::ALGS,
        &cipher_cts::ALGS,
        &cipher_wrap::ALGS,
        &cipher_wrap::INV_ALGS,
        &cipher_stream::ALGS,
        &cipher_ccm::ALGS,
        &cipher_xts::ALGS,
    ])
});
