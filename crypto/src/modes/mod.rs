//! Modes of operation of AES beyond the block function: each mode in its own file, built on the bulk entry
//! points of [`crate::aes::Aes`] (ECB batches, 128-bit counter mode, CBC chaining, the XTS block step).

pub mod ccm;
pub mod cfb;
pub mod ctr;
pub mod cts;
pub mod kw;
pub mod ofb;
mod stream;
#[cfg(test)]
mod stream_tests;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_ccm;
pub mod xts;
