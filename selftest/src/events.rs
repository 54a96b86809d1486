//! Self-test events, shaped like OpenSSL's `OSSL_SELF_TEST` callback (`include/openssl/self_test.h`).
//!
//! Every test calls [`EventSink::begin`], computes its result, asks [`EventSink::corrupt`] whether to
//! corrupt it (fault injection, as `openssl fipsinstall -corrupt_desc/-corrupt_type` does), compares, then
//! calls [`EventSink::end`].

/// OpenSSL's self-test type strings (`OSSL_SELF_TEST_TYPE_*`).
pub mod ty {
    /// The HMAC over the module file.
    pub const MODULE_INTEGRITY: &str = "Module_Integrity";
    /// The HMAC over the install status recorded by `fipsinstall`.
    pub const INSTALL_INTEGRITY: &str = "Install_Integrity";
    /// Known-answer test of an HMAC (the integrity algorithm; OpenSSL >= 3.1 `OSSL_SELF_TEST_TYPE_KAT_INTEGRITY`).
    pub const KAT_INTEGRITY: &str = "KAT_Integrity";
    /// Known-answer test of a digest.
    pub const KAT_DIGEST: &str = "KAT_Digest";
    /// Known-answer test of a cipher.
    pub const KAT_CIPHER: &str = "KAT_Cipher";
    /// Known-answer test of a KDF.
    pub const KAT_KDF: &str = "KAT_KDF";
    /// DRBG health test.
    pub const DRBG: &str = "DRBG";
    /// Pairwise consistency test on key generation.
    pub const PCT: &str = "Conditional_PCT";
}

/// OpenSSL's self-test description strings (`OSSL_SELF_TEST_DESC_*`).
pub mod desc {
    /// HMAC (integrity tests and HMAC KATs).
    pub const HMAC: &str = "HMAC";
    /// SHA-1.
    pub const SHA1: &str = "SHA1";
    /// The SHA-2 family.
    pub const SHA2: &str = "SHA2";
    /// The SHA-3 family, SHAKE included.
    pub const SHA3: &str = "SHA3";
}

/// Receives each test's events, like OpenSSL's `OSSL_SELF_TEST` callback.
pub trait EventSink {
    /// A test starts.
    fn begin(&mut self, ty: &'static str, desc: &'static str);
    /// Which catalog entry and backend the test that just began exercises (more detail than OpenSSL's
    /// events give; for verbose reports). Called right after [`EventSink::begin`] for CASTs only.
    fn detail(&mut self, _id: &'static str, _backend: &'static str) {}
    /// Called after the result is computed, before comparison. `true` = corrupt it (flip bit 0 of byte 0).
    fn corrupt(&mut self) -> bool;
    /// The test finished.
    fn end(&mut self, passed: bool);
}

/// A sink that ignores events and never corrupts.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl EventSink for Silent {
    fn begin(&mut self, _ty: &'static str, _desc: &'static str) {}
    fn corrupt(&mut self) -> bool {
        false
    }
    fn end(&mut self, _passed: bool) {}
}

/// One recorded test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Test type (see [`ty`]).
    pub ty: &'static str,
    /// Test description (see [`desc`]).
    pub desc: &'static str,
    /// Catalog id and backend name, when the test reported them.
    pub detail: Option<(&'static str, &'static str)>,
    /// Whether the result was corrupted on request.
    pub corrupted: bool,
    /// `None` while running, then the outcome.
    pub passed: Option<bool>,
}

/// Records every event; optionally corrupts the tests matching a filter.
///
/// The filter works like `openssl fipsinstall -corrupt_type T -corrupt_desc D`: with neither set nothing is
/// corrupted; otherwise a test is corrupted when every filter that is set equals the test's string.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// The tests seen so far, in order.
    pub events: Vec<Event>,
    corrupt_ty: Option<String>,
    corrupt_desc: Option<String>,
}

impl Recorder {
    /// A recorder that never corrupts.
    pub fn new() -> Self {
        Self::default()
    }

    /// A recorder that corrupts the tests whose type and description match the filters that are set.
    pub fn corrupting(ty: Option<&str>, desc: Option<&str>) -> Self {
        Self { events: Vec::new(), corrupt_ty: ty.map(str::to_owned), corrupt_desc: desc.map(str::to_owned) }
    }

    /// The events of the tests that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(|e| e.passed == Some(false))
    }

    fn matches(&self, e: &Event) -> bool {
        if self.corrupt_ty.is_none() && self.corrupt_desc.is_none() {
            return false;
        }
        self.corrupt_ty.as_deref().is_none_or(|t| t == e.ty) && self.corrupt_desc.as_deref().is_none_or(|d| d == e.desc)
    }
}

impl EventSink for Recorder {
    fn begin(&mut self, ty: &'static str, desc: &'static str) {
        self.events.push(Event { ty, desc, detail: None, corrupted: false, passed: None });
    }

    fn detail(&mut self, id: &'static str, backend: &'static str) {
        if let Some(e) = self.events.last_mut() {
            e.detail = Some((id, backend));
        }
    }

    fn corrupt(&mut self) -> bool {
        let hit = self.events.last().is_some_and(|e| self.matches(e));
        if let (true, Some(e)) = (hit, self.events.last_mut()) {
            e.corrupted = true;
        }
        hit
    }

    fn end(&mut self, passed: bool) {
        if let Some(e) = self.events.last_mut() {
            e.passed = Some(passed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(r: &mut Recorder, t: &'static str, d: &'static str) -> bool {
        r.begin(t, d);
        let c = r.corrupt();
        r.end(!c);
        c
    }

    #[test]
    fn filter_semantics() {
        let mut none = Recorder::new();
        assert!(!one(&mut none, ty::KAT_DIGEST, desc::SHA2));

        let mut by_desc = Recorder::corrupting(None, Some("SHA2"));
        assert!(one(&mut by_desc, ty::KAT_DIGEST, desc::SHA2));
        assert!(!one(&mut by_desc, ty::KAT_DIGEST, desc::SHA3));

        let mut by_ty = Recorder::corrupting(Some("KAT_Integrity"), None);
        assert!(one(&mut by_ty, ty::KAT_INTEGRITY, desc::HMAC));
        assert!(!one(&mut by_ty, ty::MODULE_INTEGRITY, desc::HMAC));

        let mut both = Recorder::corrupting(Some("Module_Integrity"), Some("HMAC"));
        assert!(!one(&mut both, ty::KAT_INTEGRITY, desc::HMAC));
        assert!(one(&mut both, ty::MODULE_INTEGRITY, desc::HMAC));
        assert_eq!(both.events.len(), 2);
        assert!(both.events[1].corrupted && both.events[1].passed == Some(false));
        assert_eq!(both.failures().count(), 1);
    }

    #[test]
    fn silent_never_corrupts() {
        let mut s = Silent;
        s.begin(ty::KAT_DIGEST, desc::SHA1);
        assert!(!s.corrupt());
        s.end(true);
    }
}
