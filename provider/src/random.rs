//! The module's own random bits for its internal use (key generation, signature nonces): two CTR_DRBG
//! instances (AES-256 with derivation function, security strength 256), one for secret values ("private") and
//! one for public values ("public"), like OpenSSL's private/public split.
//!
//! Each instance is created and instantiated on first use from the module's SP 800-90B entropy source
//! (`ferrofips_crypto::entropy`): 32 bytes of full-entropy input plus a 16-byte nonce from the same source
//! (SP 800-90A §8.6.7), and a personalization string naming the instance. They reseed with 32 fresh bytes:
//!
//! * after [`RESEED_REQUESTS`] generate requests (OpenSSL's default for its secondary DRBGs is 2^16),
//! * whenever the process has forked since the last (re)seed (`ferrofips_ffi::os::fork_id`), so a child never
//!   repeats its parent's stream (the check runs on every request),
//! * if the mechanism reports its own reseed interval used up.
//!
//! Requests longer than the DRBG's `max_request` are split. Access is serialised with a mutex per instance, so
//! the functions are thread-safe. An entropy-source failure is persistent (see the entropy module): from then
//! on every request fails with [`Reason::RandomFailed`].

use std::sync::{Mutex, MutexGuard, PoisonError};

use ferrofips_crypto::drbg::{Cipher, CtrDrbg, DrbgError, MAX_REQUEST};
use zeroize::Zeroizing;

use crate::error::{ProvError, Reason};

/// Generate requests between reseeds of the internal instances.
pub(crate) const RESEED_REQUESTS: u64 = 1 << 16;

/// One internal DRBG and its reseed bookkeeping.
#[derive(Debug)]
struct Internal {
    drbg: CtrDrbg,
    /// `ferrofips_ffi::os::fork_id()` at the last (re)seed (changes in a forked child).
    pid: u64,
    /// Generate requests since the last (re)seed.
    requests: u64,
}

static PRIVATE: Mutex<Option<Internal>> = Mutex::new(None);
static PUBLIC: Mutex<Option<Internal>> = Mutex::new(None);

/// Fills `out` from the private instance (for secrets: private keys, nonces `k`).
pub(crate) fn private_bytes(out: &mut [u8]) -> Result<(), ProvError> {
    fill(&PRIVATE, b"ferrofips internal private CTR-DRBG", out)
}

/// Fills `out` from the public instance (for values that are published: salts, IVs, nonces sent in clear).
#[allow(dead_code)] // for the services that need public randomness
pub(crate) fn public_bytes(out: &mut [u8]) -> Result<(), ProvError> {
    fill(&PUBLIC, b"ferrofips internal public CTR-DRBG", out)
}

/// Uninstantiates (zeroizes) both instances, e.g. at provider teardown; the next request instantiates afresh
/// (so other library contexts still using the module are unaffected).
pub(crate) fn clear() {
    for m in [&PRIVATE, &PUBLIC] {
        // Dropping the DRBG zeroizes its working state (V, key schedule).
        lock(m).take();
    }
}

fn lock(m: &'static Mutex<Option<Internal>>) -> MutexGuard<'static, Option<Internal>> {
    // A panic while the lock was held leaves either a consistent instance or one whose next use reseeds or
    // fails cleanly: the DRBG updates its state only after its own checks.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn fill(m: &'static Mutex<Option<Internal>>, pers: &[u8], out: &mut [u8]) -> Result<(), ProvError> {
    let mut guard = lock(m);
    let pid = ferrofips_ffi::os::fork_id();
    let inst = match guard.as_mut() {
        Some(inst) => inst,
        None => guard.insert(instantiate(pers, pid)?),
    };
    for chunk in out.chunks_mut(MAX_REQUEST) {
        if inst.pid != pid || inst.requests >= RESEED_REQUESTS {
            reseed(inst, pid)?;
        }
        match inst.drbg.generate(chunk, &[]) {
            Err(DrbgError::ReseedRequired) => {
                reseed(inst, pid)?;
                inst.drbg.generate(chunk, &[]).map_err(drbg_error)?;
            }
            r => r.map_err(drbg_error)?,
        }
        inst.requests += 1;
    }
    Ok(())
}

fn instantiate(pers: &[u8], pid: u64) -> Result<Internal, ProvError> {
    let mut drbg = CtrDrbg::new(Cipher::Aes256, true);
    let mut seed = Zeroizing::new([0u8; 48]);
    crate::ops::rand_seed::entropy_fill(&mut seed[..])?;
    let (ent, nonce) = seed.split_at(32);
    drbg.instantiate(ent, nonce, pers).map_err(drbg_error)?;
    Ok(Internal { drbg, pid, requests: 0 })
}

fn reseed(inst: &mut Internal, pid: u64) -> Result<(), ProvError> {
    let mut ent = Zeroizing::new([0u8; 32]);
    crate::ops::rand_seed::entropy_fill(&mut ent[..])?;
    inst.drbg.reseed(&ent[..], &[]).map_err(drbg_error)?;
    inst.pid = pid;
    inst.requests = 0;
    Ok(())
}

fn drbg_error(e: DrbgError) -> ProvError {
    ProvError::with(Reason::RandomFailed, e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The instances are process-global: tests that inspect or clear them run one at a time.
    static SERIAL: Mutex<()> = Mutex::new(());

    fn serial() -> MutexGuard<'static, ()> {
        SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
    }

    #[test]
    fn outputs_are_distinct_and_large_requests_split() {
        let _s = serial();
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        private_bytes(&mut a).unwrap();
        private_bytes(&mut b).unwrap();
        assert_ne!(a, b);
        let mut c = [0u8; 32];
        public_bytes(&mut c).unwrap();
        assert_ne!(a, c);
        let mut big = vec![0u8; 3 * MAX_REQUEST + 5];
        public_bytes(&mut big).unwrap();
        // Each 64 KiB chunk is a separate request: no two 16-byte blocks repeat.
        let mut blocks: Vec<&[u8]> = big.chunks(16).collect();
        blocks.sort();
        blocks.dedup();
        assert_eq!(blocks.len(), big.len().div_ceil(16));
        clear();
        public_bytes(&mut c).unwrap();
    }

    #[test]
    fn threads_get_distinct_outputs() {
        let outs: Vec<[u8; 16]> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        let mut v = Vec::new();
                        for _ in 0..200 {
                            let mut x = [0u8; 16];
                            private_bytes(&mut x).unwrap();
                            v.push(x);
                        }
                        v
                    })
                })
                .collect();
            hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        let mut sorted = outs.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), outs.len());
    }

    #[test]
    fn reseeds_when_the_pid_changes() {
        let _s = serial();
        let mut x = [0u8; 8];
        private_bytes(&mut x).unwrap();
        {
            let mut g = lock(&PRIVATE);
            let inst = g.as_mut().unwrap();
            inst.pid = inst.pid.wrapping_add(1); // as if this process were a forked child
            inst.requests = 5;
        }
        private_bytes(&mut x).unwrap();
        let g = lock(&PRIVATE);
        let inst = g.as_ref().unwrap();
        assert_eq!(inst.pid, ferrofips_ffi::os::fork_id());
        // Reseeded (requests restarted) and one request since.
        assert!(inst.requests < 5);
        assert_eq!(inst.drbg.reseed_counter(), inst.requests + 1);
    }
}
