//! The safe implementations behind each operation's dispatch table. Shims in `abi/` validate pointers and
//! call these; nothing here touches raw pointers.

pub(crate) mod digest;
pub(crate) mod hmac;

use crate::abi::params::ParamError;
use crate::error::{ProvError, Reason};

/// Maps a parameter access failure to the error raised for `key`.
pub(crate) fn param_error(key: &core::ffi::CStr, e: ParamError) -> ProvError {
    let key = key.to_string_lossy();
    match e {
        ParamError::WrongType => ProvError::with(Reason::WrongParamType, format!("parameter {key}")),
        ParamError::OutOfRange => ProvError::with(Reason::InvalidParam, format!("parameter {key}: value out of range")),
        ParamError::BadString => ProvError::with(Reason::InvalidParam, format!("parameter {key}: bad string")),
        ParamError::NullData => ProvError::with(Reason::InvalidParam, format!("parameter {key}: no data")),
    }
}
