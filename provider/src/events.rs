//! Self-test events forwarded to the core's self-test callback, in OpenSSL's `OSSL_SELF_TEST` protocol.

use core::ffi::CStr;
use std::collections::HashMap;
use std::ffi::CString;
use std::sync::{Mutex, OnceLock};

use ferrofips_selftest::events::EventSink;

use crate::abi::core::SelfTestCallback;
use crate::names;

/// An [`EventSink`] that reports to the application's callback (if one is registered) and asks it whether to
/// corrupt each result, exactly as OpenSSL's FIPS provider does.
#[derive(Debug)]
pub(crate) struct CoreEvents {
    cb: Option<SelfTestCallback>,
    current: Option<(&'static CStr, &'static CStr)>,
}

impl CoreEvents {
    /// Events to `cb`, or nowhere.
    pub(crate) fn new(cb: Option<SelfTestCallback>) -> Self {
        Self { cb, current: None }
    }

    fn send(&self, phase: &'static CStr) -> bool {
        match (&self.cb, self.current) {
            (Some(cb), Some((ty, desc))) => cb.send(phase, ty, desc),
            _ => true,
        }
    }
}

impl EventSink for CoreEvents {
    fn begin(&mut self, ty: &'static str, desc: &'static str) {
        self.current = Some((intern(ty), intern(desc)));
        self.send(names::ST_PHASE_START);
    }

    fn corrupt(&mut self) -> bool {
        // The callback returns 0 to ask for corruption.
        self.cb.is_some() && !self.send(names::ST_PHASE_CORRUPT)
    }

    fn end(&mut self, passed: bool) {
        self.send(if passed { names::ST_PHASE_PASS } else { names::ST_PHASE_FAIL });
        self.current = None;
    }
}

/// The `'static` C string for one of the self-test crate's (finitely many, static) event strings.
fn intern(s: &'static str) -> &'static CStr {
    static TABLE: OnceLock<Mutex<HashMap<&'static str, &'static CStr>>> = OnceLock::new();
    let mut map = TABLE.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner());
    map.entry(s).or_insert_with(|| {
        let owned = CString::new(s.replace('\0', "")).unwrap_or_default();
        Box::leak(owned.into_boxed_c_str())
    })
}
