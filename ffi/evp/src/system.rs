//! OpenSSL's own `default` provider in a separate library context, for differential tests.

use crate::digest::Md;
use crate::error::ErrorStack;
use crate::libctx::LibCtx;
use crate::mac::Mac;

/// A new library context with only OpenSSL's `default` provider loaded (no configuration file).
pub fn system_default() -> Result<LibCtx, ErrorStack> {
    let mut ctx = LibCtx::new()?;
    ctx.retain_provider("default")?;
    Ok(ctx)
}

/// One-shot digest through the default provider (XOFs give `xof_len` bytes if given, else their default size).
pub fn system_digest(name: &str, data: &[u8], xof_len: Option<usize>) -> Result<Vec<u8>, ErrorStack> {
    let ctx = system_default()?;
    let md = Md::fetch(&ctx, name, Some("provider=default"))?;
    match xof_len {
        Some(n) => md.digest_xof(data, n),
        None => md.digest(data),
    }
}

/// One-shot HMAC through the default provider.
pub fn system_hmac(digest: &str, key: &[u8], data: &[u8]) -> Result<Vec<u8>, ErrorStack> {
    let ctx = system_default()?;
    let mac = Mac::fetch(&ctx, "HMAC", Some("provider=default"))?;
    mac.mac(digest, key, data)
}
