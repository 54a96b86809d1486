//! The module's process-global state machine.
//!
//! ```text
//! PowerOn --power_on/run_casts--> SelfTesting --all passed--> Operational
//!    |                                 |                          |
//!    +---------------------------------+---- any failure ---------+--> Error (sticky)
//! ```
//!
//! The state is one [`AtomicU8`]. The only transitions are compare-and-swap `PowerOn -> SelfTesting` and
//! `SelfTesting -> Operational`, and unconditional stores of `Error`; so once `Error` is stored nothing can
//! leave it for the rest of the process (ISO/IEC 19790 §7.10.2: the module stays in the error state until it
//! is re-initialised, i.e. the process restarts).

use std::sync::atomic::{AtomicU8, Ordering};

/// The states of the module (FIPS 140-3 "power-on", "self-test", "operational" and "error" states).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ModuleState {
    /// Loaded, no self-test has started yet: no service is available.
    PowerOn = 0,
    /// The pre-operational self-tests are running: no service is available.
    SelfTesting = 1,
    /// Every self-test passed: services are available.
    Operational = 2,
    /// A self-test failed: no service is available, for the rest of the process.
    Error = 3,
}

impl ModuleState {
    const fn from_u8(v: u8) -> Self {
        match v {
            0 => Self::PowerOn,
            1 => Self::SelfTesting,
            2 => Self::Operational,
            // Only the four discriminants are ever stored; anything else would be memory corruption, which
            // must read as the error state.
            _ => Self::Error,
        }
    }
}

static STATE: AtomicU8 = AtomicU8::new(ModuleState::PowerOn as u8);

/// The current state of the module.
pub fn current() -> ModuleState {
    ModuleState::from_u8(STATE.load(Ordering::SeqCst))
}

/// True when cryptographic services may be offered.
pub fn is_operational() -> bool {
    current() == ModuleState::Operational
}

/// Enters the error state. Sticky: nothing ever leaves `Error` in this process.
pub fn enter_error() {
    STATE.store(ModuleState::Error as u8, Ordering::SeqCst);
}

/// `PowerOn -> SelfTesting`. Leaves every other state alone (an on-demand run from `Operational` keeps the
/// services available; a concurrent run that finds `SelfTesting` just runs its tests too).
pub(crate) fn begin_self_test() {
    let _ = STATE.compare_exchange(
        ModuleState::PowerOn as u8,
        ModuleState::SelfTesting as u8,
        Ordering::SeqCst,
        Ordering::SeqCst,
    );
}

/// `SelfTesting -> Operational`. Leaves every other state alone, so it can never leave `Error`.
pub(crate) fn finish_self_test() {
    let _ = STATE.compare_exchange(
        ModuleState::SelfTesting as u8,
        ModuleState::Operational as u8,
        Ordering::SeqCst,
        Ordering::SeqCst,
    );
}

/// Puts the process back in `PowerOn`. Unit tests only: the library build has no way out of `Error`.
#[cfg(test)]
pub(crate) fn reset_for_test() {
    STATE.store(ModuleState::PowerOn as u8, Ordering::SeqCst);
}

/// Serialises the unit tests that drive the global state, and hands each a fresh `PowerOn` state.
#[cfg(test)]
pub(crate) fn test_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let guard = LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    reset_for_test();
    guard
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_and_sticky_error() {
        let _g = test_lock();
        assert_eq!(current(), ModuleState::PowerOn);
        assert!(!is_operational());
        // Finishing without having started does nothing.
        finish_self_test();
        assert_eq!(current(), ModuleState::PowerOn);
        begin_self_test();
        assert_eq!(current(), ModuleState::SelfTesting);
        assert!(!is_operational());
        finish_self_test();
        assert_eq!(current(), ModuleState::Operational);
        assert!(is_operational());
        // An on-demand run keeps Operational.
        begin_self_test();
        assert_eq!(current(), ModuleState::Operational);
        enter_error();
        assert_eq!(current(), ModuleState::Error);
        begin_self_test();
        finish_self_test();
        assert_eq!(current(), ModuleState::Error);
        assert!(!is_operational());
    }

    #[test]
    fn unknown_value_reads_as_error() {
        assert_eq!(ModuleState::from_u8(4), ModuleState::Error);
        assert_eq!(ModuleState::from_u8(255), ModuleState::Error);
        for s in [ModuleState::PowerOn, ModuleState::SelfTesting, ModuleState::Operational, ModuleState::Error] {
            assert_eq!(ModuleState::from_u8(s as u8), s);
        }
    }
}
