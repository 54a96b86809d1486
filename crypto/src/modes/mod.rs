//! Modes of operation of AES beyond the block function: each mode in its own file, built on the bulk entry
//! points of [`crate::aes::Aes`] (ECB batches, 128-bit counter mode, CBC chaining, the XTS block step).
