//! `OSSL_PROVIDER` handles: params and on-demand self-tests.

use std::ffi::CStr;
use std::marker::PhantomData;
use std::ptr::NonNull;

use openssl_sys::OSSL_PROVIDER;

use crate::error::{ErrorStack, check};
use crate::libctx::CtxLife;
use crate::params::{ParamDescriptor, Params, descriptors};
use crate::sys;

/// A provider in a [`crate::LibCtx`]: either an owned reference (unloaded on drop) or a borrowed one.
#[derive(Debug)]
pub struct Provider<'a> {
    ptr: NonNull<OSSL_PROVIDER>,
    owned: bool,
    _ctx: CtxLife<'a>,
}

/// The standard provider params (`name`, `version`, `buildinfo`, `status`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderInfo {
    /// "name" (UTF8_PTR).
    pub name: Option<String>,
    /// "version" (UTF8_PTR).
    pub version: Option<String>,
    /// "buildinfo" (UTF8_PTR).
    pub buildinfo: Option<String>,
    /// "status" (int): 1 operational, 0 error.
    pub status: Option<i64>,
}

/// `OSSL_PROVIDER_get0_name` of a live provider.
pub(crate) fn provider_name(p: NonNull<OSSL_PROVIDER>) -> String {
    // SAFETY: `p` is a live provider; the name is owned by it.
    let name = unsafe { sys::OSSL_PROVIDER_get0_name(p.as_ptr()) };
    if name.is_null() {
        return String::new();
    }
    // SAFETY: non-null provider name is a NUL-terminated string that lives as long as the provider.
    let name = unsafe { CStr::from_ptr(name) };
    name.to_string_lossy().into_owned()
}

impl Provider<'_> {
    pub(crate) fn owned(ptr: NonNull<OSSL_PROVIDER>) -> Self {
        Provider { ptr, owned: true, _ctx: PhantomData }
    }

    pub(crate) fn borrowed(ptr: NonNull<OSSL_PROVIDER>) -> Self {
        Provider { ptr, owned: false, _ctx: PhantomData }
    }

    /// `OSSL_PROVIDER_get0_name`.
    pub fn name(&self) -> String {
        provider_name(self.ptr)
    }

    /// `OSSL_PROVIDER_get_params` with a caller-built request.
    pub fn get_params(&self, params: &mut Params) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live provider; `params` is an END-terminated array whose buffers outlive the call.
        check(unsafe { sys::OSSL_PROVIDER_get_params(self.ptr.as_ptr(), params.as_mut_ptr()) })
    }

    /// `OSSL_PROVIDER_gettable_params`.
    pub fn gettable_params(&self) -> Vec<ParamDescriptor> {
        // SAFETY: live provider; returns a static descriptor list or NULL.
        descriptors(unsafe { sys::OSSL_PROVIDER_gettable_params(self.ptr.as_ptr()) })
    }

    /// Reads name, version, buildinfo and status in one call.
    pub fn info(&self) -> Result<ProviderInfo, ErrorStack> {
        let mut p = Params::new();
        p.request_utf8_ptr("name").request_utf8_ptr("version").request_utf8_ptr("buildinfo").request_int("status");
        self.get_params(&mut p)?;
        Ok(ProviderInfo {
            name: p.get_utf8_ptr("name"),
            version: p.get_utf8_ptr("version"),
            buildinfo: p.get_utf8_ptr("buildinfo"),
            status: p.get_int("status"),
        })
    }

    /// Reads one int param (e.g. "status", "security-checks").
    pub fn int_param(&self, key: &str) -> Result<Option<i64>, ErrorStack> {
        let mut p = Params::new();
        p.request_int(key);
        self.get_params(&mut p)?;
        Ok(p.get_int(key))
    }

    /// `OSSL_PROVIDER_self_test`: reruns the provider's self-tests.
    pub fn self_test(&self) -> Result<(), ErrorStack> {
        ErrorStack::clear();
        // SAFETY: live provider.
        check(unsafe { sys::OSSL_PROVIDER_self_test(self.ptr.as_ptr()) })
    }
}

impl Drop for Provider<'_> {
    fn drop(&mut self) {
        if self.owned {
            // SAFETY: we hold one reference obtained from OSSL_PROVIDER_load.
            unsafe { openssl_sys::OSSL_PROVIDER_unload(self.ptr.as_ptr()) };
        }
    }
}
