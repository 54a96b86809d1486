//! A self-test event sink for the command line: records every event, can print them as they finish, and
//! corrupts the tests selected like `openssl fipsinstall -corrupt_type T -corrupt_desc D` (both given: both
//! must match; exact, case-sensitive).

use std::io::Write;

use ferrofips_selftest::events::EventSink;

/// One finished (or interrupted) self-test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Event {
    /// Test type, e.g. "KAT_Digest".
    pub(crate) ty: &'static str,
    /// Test description, e.g. "SHA2".
    pub(crate) desc: &'static str,
    /// Pass/fail; None if the test began but never ended.
    pub(crate) passed: Option<bool>,
    /// This test's result was deliberately corrupted.
    pub(crate) corrupted: bool,
    /// Catalog id and backend of a CAST, when reported.
    pub(crate) detail: Option<(&'static str, &'static str)>,
}

/// Which tests to corrupt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CorruptFilter {
    /// `--corrupt-type`.
    pub(crate) ty: Option<String>,
    /// `--corrupt-desc`.
    pub(crate) desc: Option<String>,
}

impl CorruptFilter {
    /// Whether any corruption was asked for.
    pub(crate) fn active(&self) -> bool {
        self.ty.is_some() || self.desc.is_some()
    }

    fn matches(&self, ty: &str, desc: &str) -> bool {
        self.active() && self.ty.as_deref().is_none_or(|t| t == ty) && self.desc.as_deref().is_none_or(|d| d == desc)
    }
}

/// Records events; optionally prints each one to stdout when it ends.
#[derive(Debug, Default)]
pub(crate) struct EventLog {
    /// Events in order.
    pub(crate) events: Vec<Event>,
    filter: CorruptFilter,
    print: bool,
}

impl EventLog {
    /// A log that corrupts per `filter` and prints events as they end if `print`.
    pub(crate) fn new(filter: CorruptFilter, print: bool) -> EventLog {
        EventLog { events: Vec::new(), filter, print }
    }

    /// Number of tests that passed.
    pub(crate) fn passed(&self) -> usize {
        self.events.iter().filter(|e| e.passed == Some(true)).count()
    }

    /// Tests that failed or never finished.
    pub(crate) fn failures(&self) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(|e| e.passed != Some(true))
    }

    /// The events as JSON objects with stable keys: type, desc, result ("PASS"/"FAIL"/"INCOMPLETE"), corrupted,
    /// id and backend (null unless the test reported them).
    pub(crate) fn to_json(&self) -> serde_json::Value {
        self.events
            .iter()
            .map(|e| {
                serde_json::json!({
                    "type": e.ty,
                    "desc": e.desc,
                    "result": result_word(e.passed),
                    "corrupted": e.corrupted,
                    "id": e.detail.map(|d| d.0),
                    "backend": e.detail.map(|d| d.1),
                })
            })
            .collect()
    }
}

/// "PASS", "FAIL" or "INCOMPLETE".
pub(crate) fn result_word(passed: Option<bool>) -> &'static str {
    match passed {
        Some(true) => "PASS",
        Some(false) => "FAIL",
        None => "INCOMPLETE",
    }
}

/// One event as a table line.
pub(crate) fn format_event(e: &Event) -> String {
    let detail = e.detail.map(|(id, backend)| format!("  [{id} on {backend}]")).unwrap_or_default();
    let note = if e.corrupted { "  (corrupted on request)" } else { "" };
    format!("  {:<18} {:<6} {:<4}{detail}{note}", e.ty, e.desc, result_word(e.passed))
}

impl EventSink for EventLog {
    fn begin(&mut self, ty: &'static str, desc: &'static str) {
        self.events.push(Event { ty, desc, passed: None, corrupted: false, detail: None });
    }

    fn detail(&mut self, id: &'static str, backend: &'static str) {
        if let Some(last) = self.events.last_mut() {
            last.detail = Some((id, backend));
        }
    }

    fn corrupt(&mut self) -> bool {
        let Some(last) = self.events.last_mut() else { return false };
        let hit = self.filter.matches(last.ty, last.desc);
        last.corrupted |= hit;
        hit
    }

    fn end(&mut self, passed: bool) {
        let Some(last) = self.events.last_mut() else { return };
        last.passed = Some(passed);
        if self.print {
            let line = format_event(last);
            let mut out = std::io::stdout().lock();
            // A closed stdout must not abort the self-tests.
            let _ = writeln!(out, "{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(log: &mut EventLog, ty: &'static str, desc: &'static str) -> bool {
        log.begin(ty, desc);
        let c = log.corrupt();
        log.end(!c);
        c
    }

    #[test]
    fn no_filter_never_corrupts() {
        let mut log = EventLog::new(CorruptFilter::default(), false);
        assert!(!run(&mut log, "KAT_Digest", "SHA2"));
        assert_eq!(log.passed(), 1);
        assert_eq!(log.failures().count(), 0);
    }

    #[test]
    fn filters_match_like_fipsinstall() {
        let f = |ty: Option<&str>, desc: Option<&str>| CorruptFilter {
            ty: ty.map(str::to_string),
            desc: desc.map(str::to_string),
        };
        let mut log = EventLog::new(f(Some("KAT_Digest"), None), false);
        assert!(run(&mut log, "KAT_Digest", "SHA1"));
        assert!(run(&mut log, "KAT_Digest", "SHA3"));
        assert!(!run(&mut log, "KAT_Integrity", "HMAC"));
        let mut log = EventLog::new(f(Some("KAT_Digest"), Some("SHA3")), false);
        assert!(!run(&mut log, "KAT_Digest", "SHA1"));
        assert!(run(&mut log, "KAT_Digest", "SHA3"));
        assert!(!run(&mut log, "KAT_Cipher", "SHA3"));
        let mut log = EventLog::new(f(None, Some("hmac")), false);
        assert!(!run(&mut log, "Module_Integrity", "HMAC"), "case-sensitive");
        assert!(!log.events[0].corrupted);
    }

    #[test]
    fn unfinished_events_count_as_failures_and_json_is_stable() {
        let mut log = EventLog::new(CorruptFilter { ty: Some("KAT_Digest".into()), desc: None }, false);
        run(&mut log, "KAT_Digest", "SHA1");
        log.begin("Module_Integrity", "HMAC");
        log.detail("hmac-sha256", "soft");
        assert_eq!(log.failures().count(), 2);
        let json = log.to_json();
        assert_eq!(json[0]["type"], "KAT_Digest");
        assert_eq!(json[0]["result"], "FAIL");
        assert_eq!(json[0]["corrupted"], true);
        assert_eq!(json[1]["result"], "INCOMPLETE");
        assert_eq!(json[1]["backend"], "soft");
        assert_eq!(json[0]["id"], serde_json::Value::Null);
        assert!(format_event(&log.events[0]).contains("FAIL"));
    }
}
