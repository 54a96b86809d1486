//! The thread's OpenSSL error queue, drained into owned Rust values.

use std::ffi::{CStr, c_char, c_int};
use std::fmt;
use std::ptr;

use crate::sys;

/// One entry of OpenSSL's error queue (as returned by `ERR_get_error_all`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorEntry {
    /// The packed error code.
    pub code: u64,
    /// Library number (`ERR_GET_LIB`); providers get dynamically assigned numbers.
    pub lib: i32,
    /// Reason number (`ERR_GET_REASON`).
    pub reason: i32,
    /// `ERR_lib_error_string`, if libcrypto knows the library.
    pub lib_name: Option<String>,
    /// `ERR_reason_error_string`, if a reason string is registered.
    pub reason_text: Option<String>,
    /// Source file that raised the error, if recorded.
    pub file: Option<String>,
    /// Source line that raised the error (0 if unknown).
    pub line: i32,
    /// Function that raised the error, if recorded.
    pub func: Option<String>,
    /// Extra data string attached to the error, if any.
    pub data: Option<String>,
}

/// A snapshot of the calling thread's OpenSSL error queue, oldest first. Taking it empties the queue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorStack {
    /// The entries, oldest first.
    pub errors: Vec<ErrorEntry>,
}

/// Copies a C string that libcrypto owns (static or held in the error queue until the next ERR call).
fn owned_string(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: `p` is non-null and points to a NUL-terminated string that libcrypto keeps alive at least until
    // the next call into the ERR functions of this thread; we copy it immediately.
    let s = unsafe { CStr::from_ptr(p) };
    let s = s.to_string_lossy().into_owned();
    if s.is_empty() { None } else { Some(s) }
}

impl ErrorStack {
    /// Drains the calling thread's error queue.
    pub fn drain() -> ErrorStack {
        let mut errors = Vec::new();
        loop {
            let mut file: *const c_char = ptr::null();
            let mut line: c_int = 0;
            let mut func: *const c_char = ptr::null();
            let mut data: *const c_char = ptr::null();
            let mut flags: c_int = 0;
            // SAFETY: all out-pointers point to live locals of the right types; libcrypto writes pointers to
            // strings it owns (valid until the next ERR call on this thread).
            let code =
                unsafe { openssl_sys::ERR_get_error_all(&mut file, &mut line, &mut func, &mut data, &mut flags) };
            if code == 0 {
                break;
            }
            let data = if flags & sys::ERR_TXT_STRING != 0 { owned_string(data) } else { None };
            let file = owned_string(file);
            let func = owned_string(func);
            // SAFETY: plain lookup by error code; returns NULL or a static string.
            let lib_name = owned_string(unsafe { openssl_sys::ERR_lib_error_string(code) });
            // SAFETY: as above.
            let reason_text = owned_string(unsafe { openssl_sys::ERR_reason_error_string(code) });
            errors.push(ErrorEntry {
                code: code as u64,
                lib: sys::err_lib(code),
                reason: sys::err_reason(code),
                lib_name,
                reason_text,
                file,
                line,
                func,
                data,
            });
        }
        ErrorStack { errors }
    }

    /// A stack with one entry describing a problem this wrapper detected (lib 0, reason 0, `data` = msg).
    pub fn synthetic(msg: &str) -> ErrorStack {
        ErrorStack {
            errors: vec![ErrorEntry {
                code: 0,
                lib: 0,
                reason: 0,
                lib_name: Some("ferrofips-evp".to_owned()),
                reason_text: None,
                file: None,
                line: 0,
                func: None,
                data: Some(msg.to_owned()),
            }],
        }
    }

    /// Empties the calling thread's error queue.
    pub fn clear() {
        // SAFETY: no arguments; clears this thread's error queue.
        unsafe { openssl_sys::ERR_clear_error() }
    }

    /// True if no error was queued.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// True if any entry's reason text, data, function or file contains `needle` (case-insensitive).
    pub fn mentions(&self, needle: &str) -> bool {
        let needle = needle.to_ascii_lowercase();
        self.errors.iter().any(|e| {
            [&e.reason_text, &e.data, &e.func, &e.lib_name]
                .into_iter()
                .flatten()
                .any(|s| s.to_ascii_lowercase().contains(&needle))
        })
    }
}

impl fmt::Display for ErrorEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error:{:08X}:", self.code)?;
        match &self.lib_name {
            Some(l) => write!(f, "{l}")?,
            None => write!(f, "lib({})", self.lib)?,
        }
        write!(f, ":{}:", self.func.as_deref().unwrap_or(""))?;
        match &self.reason_text {
            Some(r) => write!(f, "{r}")?,
            None => write!(f, "reason({})", self.reason)?,
        }
        if let Some(file) = &self.file {
            write!(f, " ({file}:{})", self.line)?;
        }
        if let Some(d) = &self.data {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

impl fmt::Display for ErrorStack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.errors.is_empty() {
            return f.write_str("failed with an empty OpenSSL error queue");
        }
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ErrorStack {}

/// Maps a libcrypto return value (1 = success) to a `Result`, draining the error queue on failure.
pub(crate) fn check(ret: c_int) -> Result<(), ErrorStack> {
    if ret == 1 { Ok(()) } else { Err(ErrorStack::drain()) }
}
