//! OpenSSL's DRBG framework (`providers/implementations/rands/drbg.c`) around any SP 800-90A mechanism: the
//! part `CTR-DRBG`, `HASH-DRBG` and `HMAC-DRBG` share. Each mechanism (`rand_ctr.rs`, `rand_hash.rs`,
//! `rand_hmac.rs`) implements [`Mechanism`]: its algorithm (a `ferrofips_crypto::drbg::Drbg`) and its own
//! parameters; [`DrbgCtx`] adds, with OpenSSL's semantics:
//!
//! * **Seeding.** With a parent (`EVP_RAND_CTX_new(rand, parent)`), seed material comes from the parent's
//!   `get_seed`, called through the parent's own dispatch table (the parent may be another provider's). When the
//!   mechanism takes a nonce, it is folded into that request (SP 800-90A §8.6.7): `1.5 × strength` bits and
//!   `min_entropylen + min_noncelen` bytes at least, as OpenSSL asks when the parent has no `nonce` call. Without a
//!   parent the DRBG seeds itself from the module's SP 800-90B entropy source — libcrypto creates the primary
//!   without a parent when no `fips=yes` `SEED-SRC` is available.
//! * **Reseeding** before a generate when: prediction resistance is requested; `reseed_requests` (default 256)
//!   generates have happened; `reseed_time_interval` seconds (default 3600) have passed; the process forked
//!   (`ferrofips_ffi::os::fork_id`); or the parent's `reseed_counter` changed since our last reseed (seed
//!   propagation). Entropy passed to `reseed` by the application is used as additional input only (SP 800-90A
//!   §8.6.8 / FIPS 140-3, as OpenSSL's FIPS provider does).
//! * **States** `0` uninstantiated, `1` ready, `2` error. A failed seed leaves the error state; the next
//!   generate or reseed tries to re-instantiate (OpenSSL's `rand_drbg_restart`).
//! * **Locking.** Every DRBG serialises itself with its own mutex; `enable_locking` forwards to the parent and
//!   `lock`/`unlock` are hints (as in OpenSSL), so libcrypto can share one DRBG between threads.
//! * `get_seed` hands children `max(entropy/8, min_len)` bytes generated with the child's address as
//!   additional input; `clear_seed` zeroizes and frees them.
//! * **Parameters** common to every DRBG: `state`, `strength`, `max_request`, `min/max_entropylen`,
//!   `min/max_noncelen`, `max_perslen`, `max_adinlen`, `reseed_counter`, `reseed_time`, `reseed_requests`,
//!   `reseed_time_interval`, `fips-indicator` (get); `reseed_requests`, `reseed_time_interval`, `properties`
//!   (set). Unknown keys are ignored, as OpenSSL does (libcrypto passes `cipher`, `digest` and `mac` to every
//!   DRBG type it creates).

use core::fmt::Debug;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ferrofips_crypto::drbg::{Drbg, DrbgError, MAX_REQUEST};
use zeroize::Zeroizing;

use super::rand_params as keys;
use super::{param_error, rand_params::RandState};
use crate::abi::params::{Param, Params};
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// Default `reseed_requests` (OpenSSL `RESEED_INTERVAL`, 2^8).
pub(crate) const DEFAULT_RESEED_REQUESTS: u32 = 1 << 8;
/// Default `reseed_time_interval` in seconds (OpenSSL `TIME_INTERVAL`, one hour).
pub(crate) const DEFAULT_RESEED_TIME_INTERVAL: i64 = 60 * 60;
/// OpenSSL's limits on the settable reseed values (`MAX_RESEED_INTERVAL`, `MAX_RESEED_TIME_INTERVAL`).
const MAX_RESEED_REQUESTS: u32 = 1 << 24;
const MAX_RESEED_TIME_INTERVAL: i64 = 1 << 20;

/// A parent DRBG or seed source, reached through its dispatch table (implemented in `abi/rand_parent.rs`).
pub(crate) trait RandParent: Send + Sync + Debug {
    /// `enable_locking` on the parent (true when it has none).
    fn enable_locking(&self) -> bool;
    /// The parent's `strength`, if it reports one.
    fn strength(&self) -> Option<u32>;
    /// The parent's `reseed_counter` (0 when it reports none).
    fn reseed_counter(&self) -> u32;
    /// Whether the parent offers `get_seed`.
    fn can_seed(&self) -> bool;
    /// Takes seed material from the parent's `get_seed` (under its lock), hands it to `f`, then returns it with
    /// the parent's `clear_seed`.
    fn get_seed(
        &self,
        entropy_bits: u32,
        len: (usize, usize),
        prediction_resistance: bool,
        adin: &[u8],
        f: &mut dyn FnMut(&[u8]) -> ProvResult<()>,
    ) -> ProvResult<()>;
}

/// One SP 800-90A mechanism as an `EVP_RAND`: the algorithm and its own parameters.
pub(crate) trait Mechanism: Send + Debug + Sized + 'static {
    /// Personalization string used when the caller gives none (SP 800-90A recommends one).
    const DEFAULT_PERS: &'static [u8];
    /// The mechanism in its default configuration, uninstantiated.
    fn new_default() -> ProvResult<Self>;
    /// The algorithm.
    fn drbg(&self) -> &dyn Drbg;
    /// The algorithm, mutably.
    fn drbg_mut(&mut self) -> &mut dyn Drbg;
    /// `min_noncelen` in bytes (0: the mechanism takes no nonce).
    fn min_nonce_len(&self) -> usize;
    /// Whether the configuration is approved (the `fips-indicator` parameter).
    fn approved(&self) -> bool;
    /// Answers `p` if it is one of the mechanism's own gettable parameters; `Ok(false)` if it is not.
    fn get_param(&self, p: &Param<'_>) -> ProvResult<bool>;
    /// Applies the mechanism's own settable parameters from `params`. `live`: the DRBG is instantiated (or in
    /// error), so the algorithm must not change.
    fn set_params(&mut self, prov: &ProvCtx, params: Params<'_>, live: bool) -> ProvResult<()>;
}

/// Seconds since the epoch (`time(NULL)`, as OpenSSL's DRBG uses).
fn now() -> i64 {
    ferrofips_ffi::os::time_secs()
}

/// The mutable part of a DRBG context.
#[derive(Debug)]
struct Inner<M> {
    mech: M,
    state: RandState,
    /// Generates since the last (re)seed, starting at 1 (OpenSSL's `generate_counter`).
    generate_counter: u32,
    reseed_interval: u32,
    reseed_time_interval: i64,
    reseed_time: i64,
    /// `ferrofips_ffi::os::fork_id()` at the last (re)seed (changes in a forked child).
    fork_id: u64,
    /// The parent's `reseed_counter` at our last (re)seed.
    parent_reseed_counter: u32,
}

/// A DRBG context (`algctx`) of mechanism `M`, shared by every thread libcrypto lets use it.
#[derive(Debug)]
pub(crate) struct DrbgCtx<M> {
    pub(crate) prov: Arc<ProvCtx>,
    parent: Option<Box<dyn RandParent>>,
    inner: Mutex<Inner<M>>,
    /// Reseeds since creation, for children's seed propagation (OpenSSL's `reseed_counter`); read lock-free.
    reseed_counter: AtomicU32,
}

/// The provider error for a mechanism failure.
pub(crate) fn drbg_error(e: DrbgError) -> ProvError {
    match e {
        DrbgError::RequestTooLarge => ProvError::new(Reason::RequestTooLarge),
        DrbgError::InvalidLength => ProvError::with(Reason::InvalidLength, "DRBG input length"),
        other => ProvError::with(Reason::RandomFailed, other.to_string()),
    }
}

impl<M: Mechanism> DrbgCtx<M> {
    /// A new, uninstantiated DRBG in the mechanism's default configuration.
    pub(crate) fn new(prov: Arc<ProvCtx>, parent: Option<Box<dyn RandParent>>) -> ProvResult<Self> {
        let inner = Inner {
            mech: M::new_default()?,
            state: RandState::Uninitialised,
            generate_counter: 1,
            reseed_interval: DEFAULT_RESEED_REQUESTS,
            reseed_time_interval: DEFAULT_RESEED_TIME_INTERVAL,
            reseed_time: 0,
            fork_id: ferrofips_ffi::os::fork_id(),
            parent_reseed_counter: 0,
        };
        Ok(DrbgCtx { prov, parent, inner: Mutex::new(inner), reseed_counter: AtomicU32::new(1) })
    }

    fn lock(&self) -> MutexGuard<'_, Inner<M>> {
        // Every state change happens after the checks that can fail, and a poisoned DRBG whose state is not
        // `Ready` re-instantiates: continuing after a contained panic is safe.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `enable_locking`: this DRBG always locks; the parent must agree to be shared too.
    pub(crate) fn enable_locking(&self) -> ProvResult<()> {
        match &self.parent {
            Some(p) if !p.enable_locking() => Err(ProvError::with(Reason::ParentSeed, "parent cannot enable locking")),
            _ => Ok(()),
        }
    }

    /// `instantiate`: applies `params`, then seeds (OpenSSL `drbg_*_instantiate_wrapper`).
    pub(crate) fn instantiate(
        &self,
        strength: u32,
        prediction_resistance: bool,
        pers: Option<&[u8]>,
        params: Params<'_>,
    ) -> ProvResult<()> {
        let mut inner = self.lock();
        self.set_params_locked(&mut inner, params)?;
        self.instantiate_locked(&mut inner, strength, prediction_resistance, pers)
    }

    fn instantiate_locked(
        &self,
        inner: &mut Inner<M>,
        strength: u32,
        prediction_resistance: bool,
        pers: Option<&[u8]>,
    ) -> ProvResult<()> {
        let s = inner.mech.drbg().strength();
        if strength > s {
            return Err(ProvError::with(Reason::InvalidParam, format!("strength {strength} above the DRBG's {s}")));
        }
        let pers = pers.unwrap_or(M::DEFAULT_PERS);
        if pers.len() > inner.mech.drbg().max_input_len() {
            return Err(ProvError::with(Reason::InvalidLength, "personalization string too long"));
        }
        match inner.state {
            RandState::Uninitialised => {}
            RandState::Ready => return Err(ProvError::with(Reason::DrbgState, "already instantiated")),
            RandState::Error => return Err(ProvError::with(Reason::DrbgState, "in error state")),
        }
        inner.state = RandState::Error;
        // The nonce comes with the entropy input (SP 800-90A §8.6.7): 1.5 x strength bits and
        // min_entropylen + min_noncelen bytes at least; a mechanism without nonce takes the entropy input alone.
        let nonce = inner.mech.min_nonce_len();
        let d = inner.mech.drbg();
        let (bits, min, max) = if nonce > 0 {
            (s + s / 2, d.min_entropy_len() + nonce, d.max_entropy_len())
        } else {
            (s, d.min_entropy_len(), d.max_entropy_len())
        };
        let drbg = inner.mech.drbg_mut();
        self.get_entropy(s, bits, (min, max), prediction_resistance, &mut |ent| {
            drbg.instantiate(ent, &[], pers).map_err(drbg_error)
        })?;
        self.seeded(inner);
        Ok(())
    }

    /// Bookkeeping after a successful instantiate or reseed.
    fn seeded(&self, inner: &mut Inner<M>) {
        inner.state = RandState::Ready;
        inner.generate_counter = 1;
        inner.reseed_time = now();
        inner.fork_id = ferrofips_ffi::os::fork_id();
        inner.parent_reseed_counter = self.parent.as_ref().map_or(0, |p| p.reseed_counter());
        // 0 means "not counting"; otherwise count up, skipping 0 on wrap-around (OpenSSL's reseed_next_counter).
        let _ = self.reseed_counter.fetch_update(Ordering::AcqRel, Ordering::Acquire, |c| {
            Some(if c == 0 { 0 } else { c.wrapping_add(1).max(1) })
        });
    }

    /// Gets seed material of `bits` bits and `len` = (min, max) bytes from the parent or, without one, from the
    /// module's entropy source, and hands it to `f`.
    fn get_entropy(
        &self,
        strength: u32,
        bits: u32,
        (min, max): (usize, usize),
        prediction_resistance: bool,
        f: &mut dyn FnMut(&[u8]) -> ProvResult<()>,
    ) -> ProvResult<()> {
        let Some(parent) = &self.parent else {
            let n = (bits as usize).div_ceil(8).clamp(min, max);
            let mut buf = Zeroizing::new(vec![0u8; n]);
            super::rand_seed::entropy_fill(&mut buf)?;
            return f(&buf);
        };
        if !parent.can_seed() {
            return Err(ProvError::with(Reason::ParentSeed, "parent has no get_seed"));
        }
        match parent.strength() {
            Some(p) if p >= strength => {}
            Some(p) => return Err(ProvError::with(Reason::ParentSeed, format!("parent strength {p} < {strength}"))),
            None => return Err(ProvError::with(Reason::ParentSeed, "cannot get parent strength")),
        }
        // Our address as additional input tells sibling children apart (as OpenSSL does).
        let me = (self as *const Self as usize).to_ne_bytes();
        parent.get_seed(bits, (min, max), prediction_resistance, &me, &mut |seed| {
            if seed.len() < min || seed.len() > max {
                return Err(ProvError::with(Reason::ParentSeed, format!("parent returned {} seed bytes", seed.len())));
            }
            f(seed)
        })
    }

    /// Re-instantiates a DRBG in the error or uninstantiated state (OpenSSL `rand_drbg_restart`).
    fn restart(&self, inner: &mut Inner<M>) -> ProvResult<()> {
        if inner.state == RandState::Error {
            inner.mech.drbg_mut().uninstantiate();
            inner.state = RandState::Uninitialised;
        }
        if inner.state == RandState::Uninitialised {
            let s = inner.mech.drbg().strength();
            self.instantiate_locked(inner, s, false, None)?;
        }
        Ok(())
    }

    /// `reseed`: `ent` from the application is only additional input (SP 800-90A forbids it as entropy input).
    pub(crate) fn reseed(&self, prediction_resistance: bool, ent: &[u8], adin: &[u8]) -> ProvResult<()> {
        let mut inner = self.lock();
        self.reseed_locked(&mut inner, prediction_resistance, ent, adin)
    }

    fn reseed_locked(
        &self,
        inner: &mut Inner<M>,
        prediction_resistance: bool,
        ent: &[u8],
        adin: &[u8],
    ) -> ProvResult<()> {
        if inner.state != RandState::Ready {
            self.restart(inner)?;
        }
        let mut all = Zeroizing::new(Vec::new());
        let adin = if ent.is_empty() {
            adin
        } else {
            all.extend_from_slice(ent);
            all.extend_from_slice(adin);
            &all[..]
        };
        let d = inner.mech.drbg();
        if adin.len() > d.max_input_len() {
            return Err(ProvError::with(Reason::InvalidLength, "additional input too long"));
        }
        let (s, min, max) = (d.strength(), d.min_entropy_len(), d.max_entropy_len());
        inner.state = RandState::Error;
        let drbg = inner.mech.drbg_mut();
        self.get_entropy(s, s, (min, max), prediction_resistance, &mut |e| drbg.reseed(e, adin).map_err(drbg_error))?;
        self.seeded(inner);
        Ok(())
    }

    /// `generate` (OpenSSL `ossl_prov_drbg_generate`): reseeds first when required, then generates.
    pub(crate) fn generate(
        &self,
        out: &mut [u8],
        strength: u32,
        prediction_resistance: bool,
        adin: &[u8],
    ) -> ProvResult<()> {
        let pid = ferrofips_ffi::os::fork_id();
        let mut inner = self.lock();
        if inner.state != RandState::Ready {
            self.restart(&mut inner)?;
        }
        let s = inner.mech.drbg().strength();
        if strength > s {
            return Err(ProvError::with(Reason::InvalidParam, format!("strength {strength} above the DRBG's {s}")));
        }
        if out.len() > MAX_REQUEST {
            return Err(ProvError::new(Reason::RequestTooLarge));
        }
        if adin.len() > inner.mech.drbg().max_input_len() {
            return Err(ProvError::with(Reason::InvalidLength, "additional input too long"));
        }
        let mut reseed =
            inner.fork_id != pid || (inner.reseed_interval > 0 && inner.generate_counter >= inner.reseed_interval);
        if inner.reseed_time_interval > 0 {
            let t = now();
            reseed |= t < inner.reseed_time || t - inner.reseed_time >= inner.reseed_time_interval;
        }
        if let Some(p) = &self.parent {
            reseed |= p.reseed_counter() != inner.parent_reseed_counter;
        }
        let mut adin = adin;
        if reseed || prediction_resistance {
            self.reseed_locked(&mut inner, prediction_resistance, &[], adin)?;
            adin = &[];
        }
        match inner.mech.drbg_mut().generate(out, adin) {
            Ok(()) => {}
            Err(DrbgError::ReseedRequired) => {
                self.reseed_locked(&mut inner, false, &[], adin)?;
                inner.mech.drbg_mut().generate(out, &[]).map_err(drbg_error)?;
            }
            Err(e) => {
                inner.state = RandState::Error;
                return Err(drbg_error(e));
            }
        }
        inner.generate_counter = inner.generate_counter.wrapping_add(1);
        Ok(())
    }

    /// `uninstantiate`: zeroizes the state.
    pub(crate) fn uninstantiate(&self) {
        let mut inner = self.lock();
        inner.mech.drbg_mut().uninstantiate();
        inner.state = RandState::Uninitialised;
    }

    /// `verify_zeroization`.
    pub(crate) fn is_zeroized(&self) -> bool {
        self.lock().mech.drbg().is_zeroized()
    }

    /// `get_seed`: `max(entropy / 8, min_len)` bytes (at most `max_len`) for a child DRBG.
    pub(crate) fn get_seed(
        &self,
        entropy_bits: i32,
        (min_len, max_len): (usize, usize),
        prediction_resistance: bool,
        adin: &[u8],
    ) -> ProvResult<Zeroizing<Box<[u8]>>> {
        let n = usize::try_from(entropy_bits).map_or(0, |b| b.div_ceil(8)).max(min_len).min(max_len);
        let mut buf = Zeroizing::new(vec![0u8; n].into_boxed_slice());
        for chunk in buf.chunks_mut(MAX_REQUEST) {
            self.generate(chunk, 0, prediction_resistance, adin)?;
        }
        Ok(buf)
    }

    /// `get_ctx_params`. `max_request` and `reseed_counter` are answered without the lock (libcrypto asks for
    /// `max_request` before every generate); anything else takes it once.
    pub(crate) fn get_params(&self, params: Params<'_>) -> ProvResult<()> {
        let mut inner: Option<MutexGuard<'_, Inner<M>>> = None;
        for p in params.iter() {
            let key = p.key();
            let set = |v: i128| p.set_int(v).map_err(|e| param_error(key, e));
            if key == keys::MAX_REQUEST {
                set(MAX_REQUEST as i128)?;
                continue;
            }
            if key == keys::RESEED_COUNTER {
                set(i128::from(self.reseed_counter.load(Ordering::Acquire)))?;
                continue;
            }
            let i = inner.get_or_insert_with(|| self.lock());
            let d = i.mech.drbg();
            if key == keys::STATE {
                set(i128::from(i.state as i32))?;
            } else if key == keys::STRENGTH {
                set(i128::from(d.strength()))?;
            } else if key == keys::MIN_ENTROPYLEN {
                set(d.min_entropy_len() as i128)?;
            } else if key == keys::MAX_ENTROPYLEN {
                set(d.max_entropy_len() as i128)?;
            } else if key == keys::MIN_NONCELEN {
                set(i.mech.min_nonce_len() as i128)?;
            } else if key == keys::MAX_NONCELEN {
                set(d.max_nonce_len() as i128)?;
            } else if key == keys::MAX_PERSLEN || key == keys::MAX_ADINLEN {
                set(d.max_input_len() as i128)?;
            } else if key == keys::RESEED_TIME {
                set(i128::from(i.reseed_time))?;
            } else if key == keys::RESEED_REQUESTS {
                set(i128::from(i.reseed_interval))?;
            } else if key == keys::RESEED_TIME_INTERVAL {
                set(i128::from(i.reseed_time_interval))?;
            } else if key == keys::FIPS_INDICATOR {
                set(i128::from(i.mech.approved()))?;
            } else {
                i.mech.get_param(&p)?;
            }
        }
        Ok(())
    }

    /// `set_ctx_params`.
    pub(crate) fn set_params(&self, params: Params<'_>) -> ProvResult<()> {
        let mut inner = self.lock();
        self.set_params_locked(&mut inner, params)
    }

    fn set_params_locked(&self, inner: &mut Inner<M>, params: Params<'_>) -> ProvResult<()> {
        // Properties for fetching the mechanism's primitive and the provider name (3.5) are accepted and ignored
        // (the primitives are the module's own), as long as they are strings.
        for key in [keys::PROPERTIES, keys::PROVIDER_NAME] {
            if let Some(p) = params.locate(key) {
                p.get_utf8().map_err(|e| param_error(p.key(), e))?;
            }
        }
        let mut reseed_interval = inner.reseed_interval;
        if let Some(p) = params.locate(keys::RESEED_REQUESTS) {
            reseed_interval = p.get_int::<u32>().map_err(|e| param_error(p.key(), e))?;
            if reseed_interval > MAX_RESEED_REQUESTS {
                return Err(ProvError::with(Reason::InvalidParam, "reseed_requests above 2^24"));
            }
        }
        let mut reseed_time_interval = inner.reseed_time_interval;
        if let Some(p) = params.locate(keys::RESEED_TIME_INTERVAL) {
            reseed_time_interval = p.get_int::<i64>().map_err(|e| param_error(p.key(), e))?;
            if !(0..=MAX_RESEED_TIME_INTERVAL).contains(&reseed_time_interval) {
                return Err(ProvError::with(Reason::InvalidParam, "reseed_time_interval out of range"));
            }
        }
        let live = inner.state != RandState::Uninitialised;
        inner.mech.set_params(&self.prov, params, live)?;
        inner.reseed_interval = reseed_interval;
        inner.reseed_time_interval = reseed_time_interval;
        Ok(())
    }
}
