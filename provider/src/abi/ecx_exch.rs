//! `extern "C"` entry points of the X25519 key exchange (`OSSL_OP_KEYEXCH`, "X25519:1.3.101.110", `fips=no`).

use core::ffi::{c_int, c_void};
use std::sync::Arc;

use ferrofips_ffi::{
    OSSL_FUNC_KEYEXCH_DERIVE, OSSL_FUNC_KEYEXCH_DUPCTX, OSSL_FUNC_KEYEXCH_FREECTX, OSSL_FUNC_KEYEXCH_INIT,
    OSSL_FUNC_KEYEXCH_NEWCTX, OSSL_FUNC_KEYEXCH_SET_PEER, OSSL_PARAM,
};

use super::dispatch::{DispatchTable, dispatch_table};
use super::exch_shims::{AbiExch, derive, init, set_peer};
use super::op_shims::{AbiOpCtx, dupctx, freectx, newctx};
use super::params::Params;
use super::shim::op_ctx;
use crate::error::ProvResult;
use crate::ops::ecx_exch::X25519Ctx;
use crate::ops::ecx_key::EcxKey;
use crate::provctx::ProvCtx;

op_ctx!(X25519Ctx);

impl AbiOpCtx for X25519Ctx {
    fn new(prov: Arc<ProvCtx>) -> Self {
        X25519Ctx::new(prov)
    }
}

impl AbiExch for X25519Ctx {
    type Key = EcxKey;
    /// X25519 takes no init parameters.
    fn init(&mut self, key: &EcxKey, _params: Params<'_>) -> ProvResult<()> {
        X25519Ctx::init(self, key)
    }
    fn set_peer(&mut self, peer: &EcxKey) -> ProvResult<()> {
        X25519Ctx::set_peer(self, peer)
    }
    fn derive(&self, out: Option<&mut [u8]>) -> ProvResult<usize> {
        X25519Ctx::derive(self, out)
    }
}

type NewCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type InitFn = unsafe extern "C" fn(*mut c_void, *mut c_void, *const OSSL_PARAM) -> c_int;
type SetPeerFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> c_int;
type DeriveFn = unsafe extern "C" fn(*mut c_void, *mut u8, *mut usize, usize) -> c_int;
type FreeCtxFn = unsafe extern "C" fn(*mut c_void);
type DupCtxFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;

/// The X25519 key exchange's dispatch table.
pub(crate) static X25519_EXCHANGE: DispatchTable<7> = dispatch_table![
    OSSL_FUNC_KEYEXCH_NEWCTX => newctx::<X25519Ctx>, as NewCtxFn;
    OSSL_FUNC_KEYEXCH_INIT => init::<X25519Ctx>, as InitFn;
    OSSL_FUNC_KEYEXCH_SET_PEER => set_peer::<X25519Ctx>, as SetPeerFn;
    OSSL_FUNC_KEYEXCH_DERIVE => derive::<X25519Ctx>, as DeriveFn;
    OSSL_FUNC_KEYEXCH_FREECTX => freectx::<X25519Ctx>, as FreeCtxFn;
    OSSL_FUNC_KEYEXCH_DUPCTX => dupctx::<X25519Ctx>, as DupCtxFn;
];
