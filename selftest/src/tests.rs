//! Tests of the whole power-on sequence. They drive the process-global state, so each takes
//! `state::test_lock()`, which serialises them and resets the state to `PowerOn`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::catalog::CASTS;
use crate::events::{Event, EventSink, Recorder, desc, ty};
use crate::integrity::{INSTALL_STATUS, install_mac, module_mac};
use crate::state::{self, ModuleState};
use crate::{PowerOnInput, SelfTestError, power_on, run_casts};

/// A file in the temp dir, removed on drop.
struct TempModule(PathBuf);

impl TempModule {
    fn new(len: usize) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("ferrofips-selftest-{}-{n}.so", std::process::id()));
        let data: Vec<u8> = (0..len).map(|i| (i * 7 % 256) as u8).collect();
        std::fs::write(&path, data).unwrap();
        Self(path)
    }
    fn path(&self) -> &Path {
        &self.0
    }
    fn mac(&self) -> [u8; 32] {
        module_mac(std::fs::File::open(&self.0).unwrap()).unwrap()
    }
}

impl Drop for TempModule {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn input<'a>(m: &'a TempModule, mac: &'a [u8]) -> PowerOnInput<'a> {
    PowerOnInput { module_path: m.path(), module_mac: Some(mac), install: None }
}

fn pairs(events: &[Event]) -> Vec<(&'static str, &'static str)> {
    events.iter().map(|e| (e.ty, e.desc)).collect()
}

fn assert_failed(r: Result<(), SelfTestError>, t: &str, d: &str) {
    match r {
        Err(SelfTestError::Failed { ty, desc }) => assert_eq!((ty, desc), (t, d)),
        other => panic!("expected Failed({t}, {d}), got {other:?}"),
    }
}

/// Error is sticky and refuses further runs without emitting events.
fn assert_stuck_in_error(m: &TempModule, mac: &[u8]) {
    assert_eq!(state::current(), ModuleState::Error);
    assert!(!state::is_operational());
    let mut r = Recorder::new();
    assert!(matches!(power_on(&input(m, mac), &mut r), Err(SelfTestError::ErrorState)));
    assert!(matches!(run_casts(&mut r), Err(SelfTestError::ErrorState)));
    assert!(r.events.is_empty());
    assert_eq!(state::current(), ModuleState::Error);
}

#[test]
fn power_on_succeeds_with_the_right_mac_in_order() {
    let _g = state::test_lock();
    // Larger than the 64 KiB chunk so the streaming path is exercised.
    let m = TempModule::new(200_000);
    let mac = m.mac();
    let mut r = Recorder::new();
    power_on(&input(&m, &mac), &mut r).unwrap();
    assert_eq!(state::current(), ModuleState::Operational);

    assert!(r.events.iter().all(|e| e.passed == Some(true) && !e.corrupted));
    let p = pairs(&r.events);
    assert_eq!(p[0], (ty::KAT_INTEGRITY, desc::HMAC));
    assert_eq!(r.events[0].detail.map(|d| d.0), Some("HMAC-SHA-256"));
    assert_eq!(p[1], (ty::MODULE_INTEGRITY, desc::HMAC));
    // Then the digest CASTs, SHA-1, SHA-2, SHA-3 in that order, then the remaining HMAC KATs, then the other
    // algorithm families (`kat::run_all`).
    let catalog = &p[2..CASTS.len() + 1];
    let rest: Vec<_> = catalog.iter().map(|&(_, d)| d).collect();
    let first_hmac = catalog.iter().position(|&(t, _)| t == ty::KAT_INTEGRITY).unwrap();
    assert!(catalog[..first_hmac].iter().all(|&(t, _)| t == ty::KAT_DIGEST));
    assert!(catalog[first_hmac..].iter().all(|&pair| pair == (ty::KAT_INTEGRITY, desc::HMAC)));
    assert_eq!(rest[0], desc::SHA1);
    assert!(
        rest[..first_hmac].is_sorted_by_key(|d| { [desc::SHA1, desc::SHA2, desc::SHA3].iter().position(|x| x == d) })
    );
    // Every CAST ran exactly once (one backend in use per algorithm), HMAC-SHA-256 only at the start.
    assert_eq!(r.events.len(), CASTS.len() + 1 + family_events());
    let ids: Vec<_> = r.events.iter().filter_map(|e| e.detail.map(|d| d.0)).collect();
    let want: Vec<_> = CASTS.iter().map(|c| c.id).collect();
    assert_eq!(ids[..want.len()], want[..]);
}

#[test]
fn wrong_mac_fails_and_error_sticks() {
    let _g = state::test_lock();
    let m = TempModule::new(1000);
    let mut mac = m.mac();
    mac[31] ^= 0x40;
    let mut r = Recorder::new();
    assert_failed(power_on(&input(&m, &mac), &mut r), ty::MODULE_INTEGRITY, desc::HMAC);
    // The KAT passed, the integrity test failed, nothing ran after it.
    assert_eq!(pairs(&r.events), [(ty::KAT_INTEGRITY, desc::HMAC), (ty::MODULE_INTEGRITY, desc::HMAC)]);
    assert_eq!(r.events[1].passed, Some(false));
    // Even the right MAC cannot bring it back.
    assert_stuck_in_error(&m, &m.mac());
}

#[test]
fn modified_module_file_fails() {
    let _g = state::test_lock();
    let m = TempModule::new(70_000);
    let mac = m.mac();
    let mut data = std::fs::read(m.path()).unwrap();
    data[65_537] ^= 1;
    std::fs::write(m.path(), data).unwrap();
    assert_failed(power_on(&input(&m, &mac), &mut Recorder::new()), ty::MODULE_INTEGRITY, desc::HMAC);
    assert_stuck_in_error(&m, &mac);
}

#[test]
fn missing_or_malformed_mac_is_a_config_error() {
    let _g = state::test_lock();
    let m = TempModule::new(10);
    let mut r = Recorder::new();
    let missing = PowerOnInput { module_mac: None, ..input(&m, &[]) };
    assert!(matches!(power_on(&missing, &mut r), Err(SelfTestError::MissingConfig("module-mac"))));
    assert!(r.events.is_empty(), "no test runs on a configuration error");
    assert_stuck_in_error(&m, &m.mac());

    state::reset_for_test();
    let mac = m.mac();
    assert!(matches!(power_on(&input(&m, &mac[..31]), &mut r), Err(SelfTestError::InvalidConfig("module-mac"))));
    assert_eq!(state::current(), ModuleState::Error);

    state::reset_for_test();
    let bad_install = PowerOnInput { install: Some((INSTALL_STATUS, &mac[..5])), ..input(&m, &mac) };
    assert!(matches!(power_on(&bad_install, &mut r), Err(SelfTestError::InvalidConfig("install-mac"))));
    assert!(r.events.is_empty());
    assert_eq!(state::current(), ModuleState::Error);
}

#[test]
fn unreadable_module_is_an_io_error() {
    let _g = state::test_lock();
    let m = TempModule::new(10);
    let mac = m.mac();
    let gone = TempModule::new(1);
    std::fs::remove_file(gone.path()).unwrap();
    let mut r = Recorder::new();
    let res = power_on(&PowerOnInput { module_path: gone.path(), ..input(&m, &mac) }, &mut r);
    assert!(matches!(res, Err(SelfTestError::Io(ref e)) if e.kind() == std::io::ErrorKind::NotFound));
    assert_eq!(r.events.last().map(|e| (e.ty, e.passed)), Some((ty::MODULE_INTEGRITY, Some(false))));
    assert_stuck_in_error(&m, &mac);
}

#[test]
fn install_integrity_good_and_bad() {
    let _g = state::test_lock();
    let m = TempModule::new(100);
    let mac = m.mac();
    let good = install_mac(INSTALL_STATUS).unwrap();

    let mut r = Recorder::new();
    power_on(&PowerOnInput { install: Some((INSTALL_STATUS, &good)), ..input(&m, &mac) }, &mut r).unwrap();
    assert_eq!(pairs(&r.events[..3])[2], (ty::INSTALL_INTEGRITY, desc::HMAC));
    assert_eq!(r.events[2].passed, Some(true));
    assert_eq!(state::current(), ModuleState::Operational);

    // A wrong MAC for the right status.
    let mut bad = good;
    bad[0] ^= 0x80;
    // A correct MAC of the wrong status.
    let other = "INSTALL_SELF_TEST_KATS_SKIPPED";
    let other_mac = install_mac(other).unwrap();
    for (status, mac_given) in [(INSTALL_STATUS, &bad), (other, &other_mac)] {
        state::reset_for_test();
        let mut r = Recorder::new();
        let res = power_on(&PowerOnInput { install: Some((status, mac_given)), ..input(&m, &mac) }, &mut r);
        assert_failed(res, ty::INSTALL_INTEGRITY, desc::HMAC);
        assert_eq!(r.events.len(), 3, "nothing runs after the failed install test");
        assert_stuck_in_error(&m, &mac);
    }
}

#[test]
fn corrupting_each_test_fails_with_its_pair() {
    let _g = state::test_lock();
    let m = TempModule::new(100);
    let mac = m.mac();
    let good = install_mac(INSTALL_STATUS).unwrap();
    let full = PowerOnInput { install: Some((INSTALL_STATUS, &good)), ..input(&m, &mac) };

    let mut all =
        vec![(ty::KAT_INTEGRITY, desc::HMAC), (ty::MODULE_INTEGRITY, desc::HMAC), (ty::INSTALL_INTEGRITY, desc::HMAC)];
    for c in CASTS {
        if !all.contains(&(c.ty, c.desc)) {
            all.push((c.ty, c.desc));
        }
    }
    assert_eq!(all.len(), 6, "KAT_Integrity, Module/Install integrity, KAT_Digest SHA1/SHA2/SHA3");
    for (t, d) in all {
        state::reset_for_test();
        let mut r = Recorder::corrupting(Some(t), Some(d));
        assert_failed(power_on(&full, &mut r), t, d);
        let last = r.events.last().unwrap();
        assert_eq!((last.ty, last.desc, last.corrupted, last.passed), (t, d, true, Some(false)));
        assert_eq!(r.failures().count(), 1);
        assert_stuck_in_error(&m, &mac);
    }

    // Filtering on the type alone corrupts the first test of that type.
    state::reset_for_test();
    let mut r = Recorder::corrupting(Some(ty::KAT_DIGEST), None);
    assert_failed(power_on(&full, &mut r), ty::KAT_DIGEST, desc::SHA1);
}

#[test]
fn run_casts_state_handling() {
    let _g = state::test_lock();
    // From PowerOn: SelfTesting while running, then Operational.
    let mut s = StateSpy::default();
    run_casts(&mut s).unwrap();
    assert_eq!(s.seen.len(), CASTS.len() + family_events());
    assert!(s.seen.iter().all(|&st| st == ModuleState::SelfTesting));
    assert_eq!(state::current(), ModuleState::Operational);

    // On demand: services stay available during the run.
    let mut s = StateSpy::default();
    run_casts(&mut s).unwrap();
    assert!(s.seen.iter().all(|&st| st == ModuleState::Operational));
    assert_eq!(state::current(), ModuleState::Operational);

    // A failing on-demand run moves to Error for good.
    let mut r = Recorder::corrupting(None, Some(desc::SHA3));
    assert_failed(run_casts(&mut r), ty::KAT_DIGEST, desc::SHA3);
    assert_eq!(state::current(), ModuleState::Error);
    assert!(matches!(run_casts(&mut Recorder::new()), Err(SelfTestError::ErrorState)));
}

#[test]
fn power_on_state_during_tests() {
    let _g = state::test_lock();
    let m = TempModule::new(100);
    let mac = m.mac();
    let mut s = StateSpy::default();
    power_on(&input(&m, &mac), &mut s).unwrap();
    assert!(s.seen.iter().all(|&st| st == ModuleState::SelfTesting));
    assert!(state::is_operational());
    // Power-on again when Operational: an on-demand run.
    let mut s = StateSpy::default();
    power_on(&input(&m, &mac), &mut s).unwrap();
    assert_eq!(s.seen.len(), CASTS.len() + 1 + family_events());
    assert!(s.seen.iter().all(|&st| st == ModuleState::Operational));
}

/// How many events the per-family CASTs (`kat::run_all`, outside the digest/HMAC catalog) report.
fn family_events() -> usize {
    let mut r = Recorder::new();
    crate::kat::run_all(&mut r).unwrap();
    r.events.len()
}

/// Records the module state at the start of every test.
#[derive(Default)]
struct StateSpy {
    seen: Vec<ModuleState>,
}

impl EventSink for StateSpy {
    fn begin(&mut self, _ty: &'static str, _desc: &'static str) {
        self.seen.push(state::current());
    }
    fn corrupt(&mut self) -> bool {
        false
    }
    fn end(&mut self, passed: bool) {
        assert!(passed);
    }
}
