//! Cryptographic primitives of the ferrofips module.
//!
//! Everything here is plain Rust with no OpenSSL and no FFI. Algorithms with CPU-specific implementations pick
//! a backend once (at construction) from [`cpu::features`]; the portable `soft` backends are always available
//! and can be forced with `FERROFIPS_CPU=portable` or the `portable-only` cargo feature.
//! `unsafe` appears only in the architecture backend files (`x86_*.rs`, `aarch64_*.rs`).

pub mod aes;
pub mod cpu;
pub mod ct;
pub mod digest;
pub mod drbg;
pub mod ec;
pub mod entropy;
mod error;
pub mod gcm;
pub mod hmac;
pub mod kdf;
pub mod mac;
pub mod modes;
mod wipe;

pub use error::Error;
