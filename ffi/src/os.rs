//! The operating-system services the module itself needs, behind safe wrappers (the only `unsafe` for them):
//! the kernel's random bytes (`getrandom(2)`, the noise source of the module's SP 800-90B entropy source), a
//! cheap fork detector for the DRBGs, and the coarse wall clock OpenSSL's DRBG uses (`time(2)`).

use core::sync::atomic::{AtomicU8, AtomicU64, Ordering};

/// Fills `buf` entirely from `getrandom(2)` (flags 0: the urandom pool, blocking until it is initialised),
/// retrying on `EINTR` and continuing after short reads.
///
/// Returns the `errno` of the first other failure (e.g. `ENOSYS` on kernels older than 3.17).
pub fn getrandom(buf: &mut [u8]) -> Result<(), i32> {
    let mut done = 0;
    while done < buf.len() {
        let rest = &mut buf[done..];
        // SAFETY: `rest` is a live, writable buffer of exactly `rest.len()` bytes for the duration of the call;
        // the kernel writes at most that many bytes into it.
        let n = unsafe { libc::getrandom(rest.as_mut_ptr().cast::<libc::c_void>(), rest.len(), 0) };
        if n < 0 {
            let err = errno();
            if err == libc::EINTR {
                continue;
            }
            return Err(err);
        }
        // A successful call returns at most `rest.len()`; 0 cannot happen for a non-empty request, but would
        // simply be retried.
        done += (n as usize).min(rest.len());
    }
    Ok(())
}

fn errno() -> i32 {
    // SAFETY: `__errno_location` has no preconditions; it returns the calling thread's errno slot.
    let slot = unsafe { libc::__errno_location() };
    // SAFETY: that slot is valid for reads for the thread's lifetime.
    unsafe { *slot }
}

/// Seconds since the epoch (`time(2)`: on Linux a vDSO read of the kernel's coarse clock, no system call).
#[allow(clippy::useless_conversion)] // `time_t` is narrower than i64 on some 32-bit targets
pub fn time_secs() -> i64 {
    // SAFETY: `time` accepts a NULL out-pointer and only returns the value.
    i64::from(unsafe { libc::time(core::ptr::null_mut()) })
}

/// Incremented in the child by the `pthread_atfork` handler.
static FORKS: AtomicU64 = AtomicU64::new(0);
/// 0: handler not registered, 1: registering, 2: registered, 3: registration failed (use the pid).
static ATFORK: AtomicU8 = AtomicU8::new(0);

extern "C" fn forked_child() {
    // An atomic increment is async-signal-safe, as a fork handler must be.
    FORKS.fetch_add(1, Ordering::AcqRel);
}

/// An identifier of this process image that changes in the child after every `fork(2)`: DRBGs record it when
/// they seed and reseed when it differs (so a child never repeats its parent's output).
///
/// With glibc it is a counter bumped by a `pthread_atfork` child handler (registered on first call, so call
/// this before seeding anything), which avoids a `getpid` system call per request. glibc ties the handler to
/// this shared object and removes it when the object is unloaded (`__cxa_finalize` at `dlclose`). Elsewhere,
/// or if registration fails, it is the process id, as OpenSSL's `openssl_get_fork_id` uses.
pub fn fork_id() -> u64 {
    loop {
        match ATFORK.load(Ordering::Acquire) {
            2 => return FORKS.load(Ordering::Acquire),
            3 => return (1 << 63) | u64::from(pid()),
            0 => register_atfork(),
            _ => core::hint::spin_loop(),
        }
    }
}

fn pid() -> u32 {
    // SAFETY: getpid has no preconditions.
    let p = unsafe { libc::getpid() };
    p as u32
}

#[cfg(target_env = "gnu")]
fn register_atfork() {
    if ATFORK.compare_exchange(0, 1, Ordering::AcqRel, Ordering::Acquire).is_ok() {
        // SAFETY: registers a child handler that only performs an atomic increment on a static; glibc
        // unregisters it when this object is unloaded.
        let rc = unsafe { libc::pthread_atfork(None, None, Some(forked_child)) };
        ATFORK.store(if rc == 0 { 2 } else { 3 }, Ordering::Release);
    }
}

#[cfg(not(target_env = "gnu"))]
fn register_atfork() {
    // No unregistration at unload guaranteed here: never register, use the process id.
    let _ = forked_child;
    let _ = ATFORK.compare_exchange(0, 3, Ordering::AcqRel, Ordering::Acquire);
}

#[cfg(test)]
mod tests {
    use super::getrandom;

    #[test]
    fn fills_whole_buffers_and_differs() {
        let mut big = [0u8; 70_000];
        getrandom(&mut big).unwrap();
        // Every 4 KiB window holds some non-zero byte (probability of failure ~2^-32768).
        assert!(big.chunks(4096).all(|c| c.iter().any(|&b| b != 0)));
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        getrandom(&mut a).unwrap();
        getrandom(&mut b).unwrap();
        assert_ne!(a, b);
        getrandom(&mut []).unwrap();
    }

    #[test]
    fn fork_id_is_stable_without_fork_and_time_is_current() {
        let a = super::fork_id();
        assert_eq!(a, super::fork_id());
        // 2026-01-01 < now < 2100-01-01.
        assert!((1_767_225_600..4_102_444_800).contains(&super::time_secs()));
    }
}
