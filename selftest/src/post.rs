//! The pre-operational self-test (power-on) and the on-demand CAST run.

use std::fs::File;
use std::path::Path;

use crate::catalog::{CASTS, INTEGRITY_KAT};
use crate::events::{EventSink, desc, ty};
use crate::integrity::{INSTALL_STATUS, MAC_LEN, install_mac, mac_eq, module_mac};
use crate::state::{self, ModuleState};
use crate::{SelfTestError, cast};

/// What power-on needs from the provider's configuration.
#[derive(Clone, Copy, Debug)]
pub struct PowerOnInput<'a> {
    /// The module file actually loaded.
    pub module_path: &'a Path,
    /// `module-mac` from the configuration; `None` fails with `MissingConfig("module-mac")`.
    pub module_mac: Option<&'a [u8]>,
    /// (`install-status`, `install-mac`) if the configuration has them.
    pub install: Option<(&'a str, &'a [u8])>,
}

/// Runs the pre-operational self-tests, in this order:
///
/// 1. the HMAC-SHA-256 KAT (`KAT_Integrity`/`HMAC`) on the SHA-256 backend in use (IG 10.3.A: the
///    integrity algorithm is tested before the integrity test relies on it);
/// 2. the module integrity test (`Module_Integrity`/`HMAC`): HMAC-SHA-256 with
///    [`INSTALL_KEY`](crate::integrity::INSTALL_KEY) over the module file, compared with `module_mac`;
/// 3. the install integrity test (`Install_Integrity`/`HMAC`) if `install` is given: the install status
///    must be [`INSTALL_STATUS`] and its HMAC must equal the recorded `install-mac`;
/// 4. every other CAST of the [catalog](crate::catalog::CASTS).
///
/// Configuration errors (missing or malformed MACs) are reported before any test runs, as OpenSSL does.
/// The state goes `PowerOn -> SelfTesting -> Operational`, or to `Error` (for good) on any failure. Called
/// again when `Operational` it re-runs everything as an on-demand test (see [`run_casts`]). In `Error` it
/// returns [`SelfTestError::ErrorState`] at once.
pub fn power_on(input: &PowerOnInput<'_>, sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    guarded(|| {
        let module_expected = input.module_mac.ok_or(SelfTestError::MissingConfig("module-mac"))?;
        if module_expected.len() != MAC_LEN {
            return Err(SelfTestError::InvalidConfig("module-mac"));
        }
        if input.install.is_some_and(|(_, mac)| mac.len() != MAC_LEN) {
            return Err(SelfTestError::InvalidConfig("install-mac"));
        }

        cast::run(&INTEGRITY_KAT, sink)?;
        module_integrity(input.module_path, module_expected, sink)?;
        if let Some((status, mac)) = input.install {
            install_integrity(status, mac, sink)?;
        }
        for c in CASTS.iter().filter(|c| c.id != INTEGRITY_KAT.id) {
            cast::run(c, sink)?;
        }
        crate::kat::run_all(sink)
    })
}

/// Runs every CAST of the [catalog](crate::catalog::CASTS) (no integrity test), e.g. for
/// `ferrofips selftest` or an on-demand self-test.
///
/// From `PowerOn` the state goes through `SelfTesting` to `Operational`. From `Operational` it stays
/// `Operational` while the tests run, so services remain available during an on-demand run, as in OpenSSL
/// (whose providers keep serving while `FIPS_STATE_SELFTEST`); a failure still moves the module to `Error`
/// for good. In `Error` it returns [`SelfTestError::ErrorState`] at once.
pub fn run_casts(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    guarded(|| {
        CASTS.iter().try_for_each(|c| cast::run(c, sink))?;
        crate::kat::run_all(sink)
    })
}

/// The state handling shared by both entry points.
fn guarded(tests: impl FnOnce() -> Result<(), SelfTestError>) -> Result<(), SelfTestError> {
    if state::current() == ModuleState::Error {
        return Err(SelfTestError::ErrorState);
    }
    state::begin_self_test();
    match tests() {
        Ok(()) => {
            state::finish_self_test();
            // Another thread may have failed meanwhile: then this run does not make the module usable.
            if state::is_operational() { Ok(()) } else { Err(SelfTestError::ErrorState) }
        }
        Err(e) => {
            state::enter_error();
            Err(e)
        }
    }
}

fn module_integrity(path: &Path, expected: &[u8], sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    sink.begin(ty::MODULE_INTEGRITY, desc::HMAC);
    let mac = File::open(path).and_then(module_mac);
    let mut mac = match mac {
        Ok(m) => m,
        Err(e) => {
            sink.end(false);
            return Err(SelfTestError::Io(e));
        }
    };
    if sink.corrupt() {
        cast::corrupt_first_byte(&mut mac);
    }
    let passed = mac_eq(&mac, expected);
    sink.end(passed);
    if passed { Ok(()) } else { Err(SelfTestError::Failed { ty: ty::MODULE_INTEGRITY, desc: desc::HMAC }) }
}

fn install_integrity(status: &str, expected: &[u8], sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    sink.begin(ty::INSTALL_INTEGRITY, desc::HMAC);
    let passed = match install_mac(status) {
        Ok(mut mac) => {
            if sink.corrupt() {
                cast::corrupt_first_byte(&mut mac);
            }
            mac_eq(&mac, expected) && status == INSTALL_STATUS
        }
        Err(_) => false,
    };
    sink.end(passed);
    if passed { Ok(()) } else { Err(SelfTestError::Failed { ty: ty::INSTALL_INTEGRITY, desc: desc::HMAC }) }
}
