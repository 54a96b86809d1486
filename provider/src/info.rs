//! The provider's own parameters: name, version, build information and status.

use core::ffi::CStr;
use std::ffi::CString;
use std::sync::OnceLock;

use ferrofips_crypto::digest::{Algorithm, default_backend};

use crate::abi::params::Params;
use crate::error::ProvResult;
use crate::names;
use crate::ops::param_error;
use crate::provctx::ProvCtx;

/// The module version: the crate version.
pub(crate) const VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
    Ok(s) => s,
    Err(_) => panic!("version"),
};

/// `"ferrofips <version> (git <rev>, <rustc>) mode=<mode> backends: <alg>=<backend>,..."`.
pub(crate) fn buildinfo(strict: bool) -> String {
    let mut backends: Vec<String> =
        Algorithm::ALL.iter().map(|&a| format!("{}={}", a.name(), default_backend(a).name())).collect();
    backends.push(format!("AES={}", ferrofips_crypto::aes::default_backend().name()));
    backends.push(format!("GCM={}", ferrofips_crypto::gcm::default_backend().name()));
    {
        use ferrofips_crypto::ec::{ed25519, p256, p384, p521, x25519};
        backends.push(format!("P-256={}", p256::backend_name()));
        backends.push(format!("P-384={}", p384::backend_name()));
        backends.push(format!("P-521={}", p521::backend_name()));
        backends.push(format!("X25519={}", x25519::backend_name()));
        backends.push(format!("Ed25519={}", ed25519::backend_name()));
    }
    format!(
        "ferrofips {} (git {}, {}) mode={} backends: {}",
        env!("CARGO_PKG_VERSION"),
        env!("FERROFIPS_GIT_REV"),
        env!("FERROFIPS_RUSTC"),
        if strict { "strict" } else { "standard" },
        backends.join(",")
    )
}

fn buildinfo_cstr(strict: bool) -> &'static CStr {
    static STANDARD: OnceLock<CString> = OnceLock::new();
    static STRICT: OnceLock<CString> = OnceLock::new();
    let cell = if strict { &STRICT } else { &STANDARD };
    cell.get_or_init(|| CString::new(buildinfo(strict)).unwrap_or_default())
}

/// `OSSL_FUNC_provider_get_params`.
pub(crate) fn get_params(prov: Option<&ProvCtx>, params: Params<'_>) -> ProvResult<()> {
    let strict = prov.is_some_and(ProvCtx::strict);
    for p in params.iter() {
        let key = p.key();
        let r = if key == names::P_PROV_NAME {
            p.set_utf8(names::PROVIDER_NAME)
        } else if key == names::P_PROV_VERSION {
            p.set_utf8(VERSION)
        } else if key == names::P_PROV_BUILDINFO {
            p.set_utf8(buildinfo_cstr(strict))
        } else if key == names::P_PROV_STATUS {
            p.set_int(i128::from(ferrofips_selftest::state::is_operational()))
        } else if key == names::P_PROV_SECURITY_CHECKS {
            p.set_int(i128::from(prov.is_some_and(ProvCtx::security_checks)))
        } else {
            continue;
        };
        r.map_err(|e| param_error(key, e))?;
    }
    Ok(())
}
