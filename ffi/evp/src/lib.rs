//! Safe wrappers over libcrypto's EVP API (through `openssl-sys`), for ferrofips's tests, benches and tools.
//!
//! This crate is outside the module boundary: it drives a *host* libcrypto that loads the ferrofips provider,
//! the way an application would. It is the only place in the test and bench tooling with `unsafe` code.
//!
//! Design rules:
//! * Every object that libcrypto ties to a library context borrows a [`LibCtx`] (`Md<'ctx>`, `MdCtx<'ctx>`,
//!   [`Provider`], ...), so nothing outlives the context that owns it.
//! * Contexts are created initialised where EVP would otherwise dereference NULL method pointers, and output
//!   buffers are sized for the largest length the provider may be told to write. So tests can call anything
//!   in any order (final twice, update after final, odd params) and only the provider's behaviour is observed.
//! * Failures return the drained OpenSSL error queue ([`ErrorStack`]); each call clears the queue first.
//! * [`Params`] builds `OSSL_PARAM` arrays, including deliberately malformed ones for negative tests.

mod cipher;
mod cipher_aead;
mod cipher_stream;
mod digest;
mod error;
mod kdf;
mod libctx;
mod mac;
mod mac_pkey;
mod params;
mod pkey;
mod provider;
mod rand;
mod ssl;
mod ssl_sys;
mod sys;
mod system;

use std::ffi::CString;

pub use cipher::{Cipher, CipherCtx};
pub use digest::{Md, MdCtx};
pub use error::{ErrorEntry, ErrorStack};
pub use kdf::{Kdf, KdfCtx};
pub use libctx::{Corruption, LibCtx, ProvidedAlgorithm, SelfTestEvent, SelfTestLog, SelfTestReply};
pub use mac::{Mac, MacCtx};
pub use mac_pkey::{MacPkey, SignCtx};
pub use params::{ParamDescriptor, ParamType, Params};
pub use pkey::{KeyCheck, KeySelection, ParamValue, Pkey, TlsGroupInfo, tls_groups};
pub use provider::{Provider, ProviderInfo};
pub use rand::{Rand, RandCtx, RandHandle, fork_capture};
pub use ssl::{SslCtx, TlsInfo, TlsPair, TlsSession, TlsSide, TlsVersion};
pub use system::{system_default, system_digest, system_hmac};

/// Makes a `CString`; a string with an interior NUL becomes one that names nothing OpenSSL knows.
pub(crate) fn c_string(s: &str) -> CString {
    CString::new(s).unwrap_or_else(|_| CString::from(c"\u{1}invalid-name-with-nul"))
}

/// The running libcrypto's version as (major, minor, patch), from `OpenSSL_version_num`.
pub fn libcrypto_version() -> (u8, u8, u8) {
    // SAFETY: no arguments; returns a constant.
    let v = unsafe { openssl_sys::OpenSSL_version_num() };
    (((v >> 28) & 0xf) as u8, ((v >> 20) & 0xff) as u8, ((v >> 4) & 0xff) as u8)
}
