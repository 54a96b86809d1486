//! A parent `EVP_RAND` (DRBG or seed source), possibly of another provider, called through the dispatch table
//! libcrypto hands to our `newctx` (`EVP_RAND_CTX_new(rand, parent)` passes `parent->algctx` and
//! `parent->meth->dispatch`). The table is parsed once into typed function pointers, like `core.rs` parses the
//! core's table; calls follow OpenSSL's `drbg.c` (lock the parent around `get_ctx_params` and `get_seed`).

use core::ffi::{c_int, c_uint, c_void};

use ferrofips_ffi::{
    OSSL_DISPATCH, OSSL_FUNC_RAND_CLEAR_SEED, OSSL_FUNC_RAND_ENABLE_LOCKING, OSSL_FUNC_RAND_GET_CTX_PARAMS,
    OSSL_FUNC_RAND_GET_SEED, OSSL_FUNC_RAND_LOCK, OSSL_FUNC_RAND_UNLOCK, OSSL_PARAM, OSSL_PARAM_UNMODIFIED,
    OSSL_PARAM_UNSIGNED_INTEGER,
};

use super::params::end;
use crate::error::{ProvError, ProvResult, Reason};
use crate::ops::rand_drbg::RandParent;
use crate::ops::rand_params as keys;

type EnableLockingFn = unsafe extern "C" fn(*mut c_void) -> c_int;
type LockFn = unsafe extern "C" fn(*mut c_void) -> c_int;
type UnlockFn = unsafe extern "C" fn(*mut c_void);
type GetCtxParamsFn = unsafe extern "C" fn(*mut c_void, *mut OSSL_PARAM) -> c_int;
type GetSeedFn = unsafe extern "C" fn(*mut c_void, *mut *mut u8, c_int, usize, usize, c_int, *const u8, usize) -> usize;
type ClearSeedFn = unsafe extern "C" fn(*mut c_void, *mut u8, usize);

/// A parent RAND context and the functions of its dispatch table that a child uses.
#[derive(Debug)]
pub(super) struct ParentRand {
    ctx: *mut c_void,
    enable_locking: Option<EnableLockingFn>,
    lock: Option<LockFn>,
    unlock: Option<UnlockFn>,
    get_ctx_params: Option<GetCtxParamsFn>,
    get_seed: Option<GetSeedFn>,
    clear_seed: Option<ClearSeedFn>,
}

// SAFETY: `ctx` is the parent's algctx, which libcrypto keeps alive (the child's EVP_RAND_CTX holds a reference
// on the parent's) for as long as the child exists; parents are shared between threads only after
// `enable_locking`, which every child calls first (RAND_get0_primary does), and RAND implementations serialise
// themselves from then on. The function pointers are plain code addresses.
unsafe impl Send for ParentRand {}
// SAFETY: as for `Send`; `ParentRand` itself is immutable.
unsafe impl Sync for ParentRand {}

impl ParentRand {
    /// Parses the parent's dispatch table; `None` when there is no parent.
    ///
    /// # Safety
    /// `ctx` is NULL or a live RAND algctx, and `dispatch` is NULL or that implementation's `{0, NULL}`-terminated
    /// table whose entries have the signatures `core_dispatch.h` gives their ids, as `EVP_RAND_CTX_new` passes.
    pub(super) unsafe fn from_dispatch(ctx: *mut c_void, dispatch: *const OSSL_DISPATCH) -> Option<ParentRand> {
        if ctx.is_null() {
            return None;
        }
        let mut p = ParentRand {
            ctx,
            enable_locking: None,
            lock: None,
            unlock: None,
            get_ctx_params: None,
            get_seed: None,
            clear_seed: None,
        };
        let mut d = dispatch;
        while !d.is_null() {
            // SAFETY: `d` points into the terminated table (caller's contract).
            let e = unsafe { *d };
            if e.function_id == 0 {
                break;
            }
            if let Some(f) = e.function {
                let f = f as *const ();
                // SAFETY (all arms): each id's function has the signature `core_dispatch.h` declares for it, which is
                // the alias transmuted to; the provider stored it erased to `void (*)(void)`.
                match e.function_id as u32 {
                    OSSL_FUNC_RAND_ENABLE_LOCKING => {
                        // SAFETY: see above; OSSL_FUNC_rand_enable_locking.
                        p.enable_locking = Some(unsafe { core::mem::transmute::<*const (), EnableLockingFn>(f) })
                    }
                    OSSL_FUNC_RAND_LOCK => {
                        // SAFETY: see above; OSSL_FUNC_rand_lock.
                        p.lock = Some(unsafe { core::mem::transmute::<*const (), LockFn>(f) })
                    }
                    OSSL_FUNC_RAND_UNLOCK => {
                        // SAFETY: see above; OSSL_FUNC_rand_unlock.
                        p.unlock = Some(unsafe { core::mem::transmute::<*const (), UnlockFn>(f) })
                    }
                    OSSL_FUNC_RAND_GET_CTX_PARAMS => {
                        // SAFETY: see above; OSSL_FUNC_rand_get_ctx_params.
                        p.get_ctx_params = Some(unsafe { core::mem::transmute::<*const (), GetCtxParamsFn>(f) })
                    }
                    OSSL_FUNC_RAND_GET_SEED => {
                        // SAFETY: see above; OSSL_FUNC_rand_get_seed.
                        p.get_seed = Some(unsafe { core::mem::transmute::<*const (), GetSeedFn>(f) })
                    }
                    OSSL_FUNC_RAND_CLEAR_SEED => {
                        // SAFETY: see above; OSSL_FUNC_rand_clear_seed.
                        p.clear_seed = Some(unsafe { core::mem::transmute::<*const (), ClearSeedFn>(f) })
                    }
                    _ => {}
                }
            }
            // SAFETY: the current entry is not the terminator, so the next one is in the table.
            d = unsafe { d.add(1) };
        }
        Some(p)
    }

    /// Runs `f` with the parent locked (when it has `lock`); false if locking failed.
    fn locked<R>(&self, f: impl FnOnce() -> R) -> Option<R> {
        if let Some(lock) = self.lock {
            // SAFETY: `ctx` is the parent's live algctx and `lock` its own function.
            if unsafe { lock(self.ctx) } == 0 {
                return None;
            }
        }
        let r = f();
        if let Some(unlock) = self.unlock {
            // SAFETY: as above; pairs the successful lock.
            unsafe { unlock(self.ctx) };
        }
        Some(r)
    }

    /// Reads one `unsigned int` context parameter of the parent.
    fn get_uint(&self, key: &'static core::ffi::CStr) -> Option<u32> {
        let get = self.get_ctx_params?;
        let mut v: c_uint = 0;
        let mut params = [
            OSSL_PARAM {
                key: key.as_ptr(),
                data_type: OSSL_PARAM_UNSIGNED_INTEGER,
                data: (&raw mut v).cast::<c_void>(),
                data_size: core::mem::size_of::<c_uint>(),
                return_size: OSSL_PARAM_UNMODIFIED,
            },
            end(),
        ];
        // SAFETY: `ctx` is the parent's live algctx; `params` is a terminated array whose one entry points at the
        // local `v`, which outlives the call.
        let ok = self.locked(|| unsafe { get(self.ctx, params.as_mut_ptr()) } != 0)?;
        ok.then_some(v)
    }
}

impl RandParent for ParentRand {
    fn enable_locking(&self) -> bool {
        match self.enable_locking {
            // SAFETY: `ctx` is the parent's live algctx and the function its own.
            Some(f) => unsafe { f(self.ctx) != 0 },
            None => true,
        }
    }

    fn strength(&self) -> Option<u32> {
        self.get_uint(keys::STRENGTH)
    }

    fn reseed_counter(&self) -> u32 {
        self.get_uint(keys::RESEED_COUNTER).unwrap_or(0)
    }

    fn can_seed(&self) -> bool {
        self.get_seed.is_some()
    }

    fn get_seed(
        &self,
        entropy_bits: u32,
        (min_len, max_len): (usize, usize),
        prediction_resistance: bool,
        adin: &[u8],
        f: &mut dyn FnMut(&[u8]) -> ProvResult<()>,
    ) -> ProvResult<()> {
        let get = self.get_seed.ok_or_else(|| ProvError::with(Reason::ParentSeed, "parent has no get_seed"))?;
        let entropy = c_int::try_from(entropy_bits).unwrap_or(c_int::MAX);
        let r = self.locked(|| {
            let mut out: *mut u8 = core::ptr::null_mut();
            // SAFETY: `ctx` is the parent's live algctx; `out` is a local out-pointer; `adin` is a live slice.
            let n = unsafe {
                get(
                    self.ctx,
                    &mut out,
                    entropy,
                    min_len,
                    max_len,
                    c_int::from(prediction_resistance),
                    adin.as_ptr(),
                    adin.len(),
                )
            };
            if n == 0 || out.is_null() {
                return Err(ProvError::with(Reason::ParentSeed, "parent get_seed failed"));
            }
            // SAFETY: on success get_seed hands out a buffer of `n` initialised bytes that stays ours until we give
            // it back with clear_seed below.
            let seed = unsafe { core::slice::from_raw_parts(out, n) };
            let r = f(seed);
            if let Some(clear) = self.clear_seed {
                // SAFETY: returns exactly the buffer and length get_seed produced, once.
                unsafe { clear(self.ctx, out, n) };
            }
            r
        });
        r.unwrap_or_else(|| Err(ProvError::with(Reason::ParentSeed, "cannot lock parent")))
    }
}
