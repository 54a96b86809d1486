//! `OSSL_PARAM` arrays handed to us by libcrypto, seen through a safe, lifetime-bound view.
//!
//! All raw pointer work on parameters happens here. The rest of the provider reads and writes parameters through
//! [`Params`] and [`Param`], which follow `crypto/params.c` of OpenSSL: integers of any width and signedness are
//! converted when the value fits, a NULL `data` pointer is a size query (the needed size goes to `return_size`
//! and the call succeeds), strings handed out are NUL-terminated when there is room.

use core::ffi::{CStr, c_char, c_void};
use core::marker::PhantomData;

use ferrofips_ffi::{
    OSSL_PARAM, OSSL_PARAM_INTEGER, OSSL_PARAM_OCTET_STRING, OSSL_PARAM_UNSIGNED_INTEGER, OSSL_PARAM_UTF8_PTR,
    OSSL_PARAM_UTF8_STRING,
};

/// Why a parameter could not be read or written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParamError {
    /// The parameter's declared type does not fit the value.
    WrongType,
    /// The value does not fit in the requested integer type, or a buffer is too small.
    OutOfRange,
    /// A string is not valid UTF-8 or not NUL-terminated within its size.
    BadString,
    /// The parameter's data pointer is NULL where data is required.
    NullData,
}

/// A parameter array passed in by the core or an application; `None`-terminated by a NULL key.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Params<'a> {
    first: *mut OSSL_PARAM,
    _life: PhantomData<&'a mut OSSL_PARAM>,
}

impl<'a> Params<'a> {
    /// Wraps a parameter array.
    ///
    /// # Safety
    /// `p` is NULL or points to an array of `OSSL_PARAM` terminated by an entry whose `key` is NULL, valid (and,
    /// for setters, writable, including the buffers it points to) for `'a`, whose `data`/`data_size` pairs
    /// describe valid buffers and whose keys are NUL-terminated strings.
    pub(crate) unsafe fn from_raw(p: *const OSSL_PARAM) -> Self {
        Self { first: p.cast_mut(), _life: PhantomData }
    }

    /// Iterates over the entries in order.
    pub(crate) fn iter(self) -> ParamIter<'a> {
        ParamIter { next: self.first, _life: PhantomData }
    }

    /// The first entry whose key equals `key` (case-sensitive, as `OSSL_PARAM_locate`).
    pub(crate) fn locate(self, key: &CStr) -> Option<Param<'a>> {
        self.iter().find(|p| p.key() == key)
    }
}

/// Iterator over a [`Params`] array.
#[derive(Debug)]
pub(crate) struct ParamIter<'a> {
    next: *mut OSSL_PARAM,
    _life: PhantomData<&'a mut OSSL_PARAM>,
}

impl<'a> Iterator for ParamIter<'a> {
    type Item = Param<'a>;

    fn next(&mut self) -> Option<Param<'a>> {
        if self.next.is_null() {
            return None;
        }
        // SAFETY: `Params::from_raw`'s contract: `next` points into a key-NULL-terminated array valid for 'a.
        let key = unsafe { (*self.next).key };
        if key.is_null() {
            self.next = core::ptr::null_mut();
            return None;
        }
        let cur = self.next;
        // SAFETY: the current entry is not the terminator, so the next element is still inside the array.
        self.next = unsafe { cur.add(1) };
        Some(Param { raw: cur, _life: PhantomData })
    }
}

/// One entry of a parameter array.
#[derive(Debug)]
pub(crate) struct Param<'a> {
    raw: *mut OSSL_PARAM,
    _life: PhantomData<&'a mut OSSL_PARAM>,
}

impl<'a> Param<'a> {
    fn entry(&self) -> OSSL_PARAM {
        // SAFETY: `raw` points to a live, non-terminator entry for 'a (see `ParamIter`).
        unsafe { *self.raw }
    }

    /// The parameter's name.
    pub(crate) fn key(&self) -> &'a CStr {
        // SAFETY: non-terminator entries carry a NUL-terminated key valid for 'a (`Params::from_raw`).
        unsafe { CStr::from_ptr(self.entry().key) }
    }

    /// The raw `data_type`.
    pub(crate) fn data_type(&self) -> u32 {
        self.entry().data_type
    }

    /// The raw `data_size` (meaningful even with NULL data, e.g. CCM's `"tag"` set with no tag: the tag length).
    pub(crate) fn data_size(&self) -> usize {
        self.entry().data_size
    }

    fn set_return_size(&self, n: usize) {
        // SAFETY: writable for 'a per `Params::from_raw`; `return_size` is a plain field of the entry.
        unsafe { (*self.raw).return_size = n };
    }

    fn data_bytes(&self) -> Result<&'a [u8], ParamError> {
        let e = self.entry();
        if e.data.is_null() {
            return if e.data_size == 0 { Ok(&[]) } else { Err(ParamError::NullData) };
        }
        // SAFETY: `data`/`data_size` describe a valid buffer for 'a (`Params::from_raw`).
        Ok(unsafe { core::slice::from_raw_parts(e.data.cast::<u8>(), e.data_size) })
    }

    fn data_bytes_mut(&self) -> Option<&'a mut [u8]> {
        let e = self.entry();
        if e.data.is_null() {
            return None;
        }
        // SAFETY: `data`/`data_size` describe a valid writable buffer for 'a (`Params::from_raw`); no other
        // reference to it exists while the provider handles this call.
        Some(unsafe { core::slice::from_raw_parts_mut(e.data.cast::<u8>(), e.data_size) })
    }

    /// Reads a signed or unsigned integer of any width as `i128`.
    fn read_integer(&self) -> Result<i128, ParamError> {
        let ty = self.data_type();
        let bytes = self.data_bytes()?;
        if bytes.is_empty() || bytes.len() > 16 {
            return Err(ParamError::OutOfRange);
        }
        let negative = ty == OSSL_PARAM_INTEGER && ne_msb(bytes) & 0x80 != 0;
        let mut buf = if negative { [0xffu8; 16] } else { [0u8; 16] };
        if cfg!(target_endian = "little") {
            buf[..bytes.len()].copy_from_slice(bytes);
        } else {
            buf[16 - bytes.len()..].copy_from_slice(bytes);
        }
        match ty {
            OSSL_PARAM_INTEGER => Ok(i128::from_ne_bytes(buf)),
            OSSL_PARAM_UNSIGNED_INTEGER => {
                let v = u128::from_ne_bytes(buf);
                i128::try_from(v).map_err(|_| ParamError::OutOfRange)
            }
            _ => Err(ParamError::WrongType),
        }
    }

    /// Reads an integer parameter into `T`, failing if the value does not fit.
    pub(crate) fn get_int<T: TryFrom<i128>>(&self) -> Result<T, ParamError> {
        T::try_from(self.read_integer()?).map_err(|_| ParamError::OutOfRange)
    }

    /// Writes an integer in the requester's declared width and signedness; NULL data is a size query.
    pub(crate) fn set_int(&self, v: i128) -> Result<(), ParamError> {
        let ty = self.data_type();
        if ty != OSSL_PARAM_INTEGER && ty != OSSL_PARAM_UNSIGNED_INTEGER {
            return Err(ParamError::WrongType);
        }
        if ty == OSSL_PARAM_UNSIGNED_INTEGER && v < 0 {
            return Err(ParamError::OutOfRange);
        }
        let size = self.entry().data_size;
        let Some(out) = self.data_bytes_mut() else {
            self.set_return_size(if size == 0 { 8 } else { size });
            return Ok(());
        };
        if out.is_empty() || out.len() > 16 {
            return Err(ParamError::OutOfRange);
        }
        let bits = out.len() as u32 * 8;
        let fits = if ty == OSSL_PARAM_INTEGER {
            bits >= 128 || (v >= -(1i128 << (bits - 1)) && v < (1i128 << (bits - 1)))
        } else {
            bits >= 128 || v < (1i128 << bits)
        };
        if !fits {
            return Err(ParamError::OutOfRange);
        }
        let all = v.to_ne_bytes();
        if cfg!(target_endian = "little") {
            let n = out.len();
            out.copy_from_slice(&all[..n]);
        } else {
            let n = out.len();
            out.copy_from_slice(&all[16 - n..]);
        }
        self.set_return_size(out.len());
        Ok(())
    }

    /// Reads a UTF8_STRING parameter (up to the first NUL or `data_size`).
    pub(crate) fn get_utf8(&self) -> Result<&'a str, ParamError> {
        if self.data_type() != OSSL_PARAM_UTF8_STRING {
            return Err(ParamError::WrongType);
        }
        let bytes = self.data_bytes()?;
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        core::str::from_utf8(&bytes[..end]).map_err(|_| ParamError::BadString)
    }

    /// Reads a UTF8_PTR parameter (as the core hands out configuration values).
    pub(crate) fn get_utf8_ptr(&self) -> Result<Option<&'a str>, ParamError> {
        if self.data_type() != OSSL_PARAM_UTF8_PTR {
            return Err(ParamError::WrongType);
        }
        let e = self.entry();
        // Like OpenSSL, `data_size` is not consulted: `OSSL_PARAM_construct_utf8_ptr` callers often pass 0.
        if e.data.is_null() {
            return Err(ParamError::NullData);
        }
        // SAFETY: a UTF8_PTR entry's data is a (possibly unaligned) `char *` slot valid for 'a.
        let s: *const c_char = unsafe { e.data.cast::<*const c_char>().read_unaligned() };
        if s.is_null() {
            return Ok(None);
        }
        // SAFETY: the core stores pointers to NUL-terminated strings that outlive the call.
        let c = unsafe { CStr::from_ptr(s) };
        c.to_str().map(Some).map_err(|_| ParamError::BadString)
    }

    /// Reads an OCTET_STRING parameter.
    pub(crate) fn get_octets(&self) -> Result<&'a [u8], ParamError> {
        if self.data_type() != OSSL_PARAM_OCTET_STRING {
            return Err(ParamError::WrongType);
        }
        self.data_bytes()
    }

    /// Writes a UTF8_STRING (with a NUL when there is room) or stores a pointer into a UTF8_PTR.
    pub(crate) fn set_utf8(&self, s: &'static CStr) -> Result<(), ParamError> {
        let len = s.to_bytes().len();
        match self.data_type() {
            OSSL_PARAM_UTF8_PTR => {
                let e = self.entry();
                // Like `OSSL_PARAM_set_utf8_ptr`, `data_size` is not consulted (callers often pass 0).
                if e.data.is_null() {
                    return Err(ParamError::NullData);
                }
                // SAFETY: a UTF8_PTR entry's data is a `char *` slot; `s` is 'static so it outlives the caller.
                unsafe { e.data.cast::<*const c_char>().write_unaligned(s.as_ptr()) };
                self.set_return_size(len);
                Ok(())
            }
            OSSL_PARAM_UTF8_STRING => self.write_bytes(s.to_bytes_with_nul(), len),
            _ => Err(ParamError::WrongType),
        }
    }

    /// Writes an OCTET_STRING like `OSSL_PARAM_set_octet_string`: NULL data is a size query (succeeds and
    /// reports the size); a buffer that is too small fails after reporting the needed size.
    pub(crate) fn set_octets(&self, value: &[u8]) -> Result<(), ParamError> {
        if self.data_type() != OSSL_PARAM_OCTET_STRING {
            return Err(ParamError::WrongType);
        }
        self.set_return_size(value.len());
        let Some(out) = self.data_bytes_mut() else {
            return Ok(());
        };
        let dst = out.get_mut(..value.len()).ok_or(ParamError::OutOfRange)?;
        dst.copy_from_slice(value);
        Ok(())
    }

    /// Reads a BIGNUM parameter (native-endian UNSIGNED_INTEGER of any length, or a non-negative INTEGER, as
    /// `OSSL_PARAM_get_BN` does) into `out` as a big-endian number left-padded with zeros. Fails if the value
    /// needs more than `out.len()` bytes. Runs in time independent of the value (secret scalars pass through).
    pub(crate) fn get_bn_bytes(&self, out: &mut [u8]) -> Result<(), ParamError> {
        let ty = self.data_type();
        if ty != OSSL_PARAM_UNSIGNED_INTEGER && ty != OSSL_PARAM_INTEGER {
            return Err(ParamError::WrongType);
        }
        let bytes = self.data_bytes()?;
        if bytes.is_empty() {
            return Err(ParamError::OutOfRange);
        }
        if ty == OSSL_PARAM_INTEGER && ne_msb(bytes) & 0x80 != 0 {
            return Err(ParamError::OutOfRange);
        }
        // Byte i of the big-endian value (0 = least significant) is bytes[i] (LE) or bytes[len-1-i] (BE).
        let n = bytes.len();
        let at = |i: usize| if cfg!(target_endian = "little") { bytes[i] } else { bytes[n - 1 - i] };
        let mut overflow = 0u8;
        for i in out.len()..n {
            overflow |= at(i);
        }
        if overflow != 0 {
            return Err(ParamError::OutOfRange);
        }
        let m = out.len();
        for (j, o) in out.iter_mut().enumerate() {
            let i = m - 1 - j;
            *o = if i < n { at(i) } else { 0 };
        }
        Ok(())
    }

    /// Writes a BIGNUM parameter (native-endian UNSIGNED_INTEGER) from the big-endian `value`, zero-extended to
    /// the requester's `data_size`, like `OSSL_PARAM_set_BN`: NULL data is a size query reporting `value.len()`;
    /// a buffer shorter than `value` fails. The caller passes fixed-length (padded) secrets.
    pub(crate) fn set_bn_bytes(&self, value: &[u8]) -> Result<(), ParamError> {
        if self.data_type() != OSSL_PARAM_UNSIGNED_INTEGER {
            return Err(ParamError::WrongType);
        }
        self.set_return_size(value.len());
        let Some(out) = self.data_bytes_mut() else {
            return Ok(());
        };
        if out.len() < value.len() {
            return Err(ParamError::OutOfRange);
        }
        out.fill(0);
        let (m, n) = (out.len(), value.len());
        for (j, &b) in value.iter().enumerate() {
            let i = n - 1 - j; // significance of this byte
            let pos = if cfg!(target_endian = "little") { i } else { m - 1 - i };
            out[pos] = b;
        }
        self.set_return_size(m);
        Ok(())
    }

    /// Copies `with_nul` (whose meaningful part is `len` bytes) into the buffer, size-query aware.
    fn write_bytes(&self, with_nul: &[u8], len: usize) -> Result<(), ParamError> {
        self.set_return_size(len);
        let Some(out) = self.data_bytes_mut() else {
            return Ok(());
        };
        if out.len() < len {
            return Err(ParamError::OutOfRange);
        }
        let n = with_nul.len().min(out.len());
        out[..n].copy_from_slice(&with_nul[..n]);
        Ok(())
    }
}

/// The most significant byte of a native-endian integer.
fn ne_msb(bytes: &[u8]) -> u8 {
    if cfg!(target_endian = "little") { bytes[bytes.len() - 1] } else { bytes[0] }
}

/// A parameter array that the provider builds and hands to the core (for upcalls and self-test events).
#[derive(Debug)]
pub(crate) struct OwnedParams {
    items: Vec<OSSL_PARAM>,
    /// Buffers owned by entries pushed by value (integers, copied octets); each is its own heap allocation,
    /// so the entries' data pointers stay valid as more are pushed. Zeroized on drop (they may hold secrets).
    storage: Vec<Box<[u64]>>,
}

impl OwnedParams {
    /// An empty array (just the terminator).
    pub(crate) fn new() -> Self {
        Self { items: vec![end()], storage: Vec::new() }
    }

    fn push(&mut self, p: OSSL_PARAM) {
        let last = self.items.len() - 1;
        self.items.insert(last, p);
    }

    /// Adds a UTF8_STRING entry pointing at `value` (data_size = strlen), as OpenSSL's self-test events do.
    pub(crate) fn utf8_string(mut self, key: &'static CStr, value: &'static CStr) -> Self {
        self.push(OSSL_PARAM {
            key: key.as_ptr(),
            data_type: OSSL_PARAM_UTF8_STRING,
            data: value.as_ptr().cast_mut().cast::<c_void>(),
            data_size: value.to_bytes().len(),
            return_size: ferrofips_ffi::OSSL_PARAM_UNMODIFIED,
        });
        self
    }

    /// Adds a UTF8_PTR request whose answer lands in `slot`.
    pub(crate) fn utf8_ptr_request(mut self, key: &'static CStr, slot: &mut *const c_char) -> Self {
        self.push(OSSL_PARAM {
            key: key.as_ptr(),
            data_type: OSSL_PARAM_UTF8_PTR,
            data: (slot as *mut *const c_char).cast::<c_void>(),
            data_size: core::mem::size_of::<*const c_char>(),
            return_size: ferrofips_ffi::OSSL_PARAM_UNMODIFIED,
        });
        self
    }

    /// Adds an entry of type `data_type` whose data is an owned copy of `bytes` (8-byte aligned).
    fn push_owned(mut self, key: &'static CStr, data_type: u32, bytes: &[u8]) -> Self {
        let mut buf = vec![0u64; bytes.len().div_ceil(8).max(1)].into_boxed_slice();
        for (i, b) in bytes.iter().enumerate() {
            let shift = if cfg!(target_endian = "little") { (i % 8) * 8 } else { (7 - i % 8) * 8 };
            buf[i / 8] |= u64::from(*b) << shift;
        }
        let data = buf.as_mut_ptr().cast::<c_void>();
        self.storage.push(buf);
        self.push(OSSL_PARAM {
            key: key.as_ptr(),
            data_type,
            data,
            data_size: bytes.len(),
            return_size: ferrofips_ffi::OSSL_PARAM_UNMODIFIED,
        });
        self
    }

    /// Adds a C `unsigned int` (4-byte UNSIGNED_INTEGER) entry holding `value`.
    pub(crate) fn uint(self, key: &'static CStr, value: u32) -> Self {
        self.push_owned(key, OSSL_PARAM_UNSIGNED_INTEGER, &value.to_ne_bytes())
    }

    /// Adds a C `int` (4-byte INTEGER) entry holding `value`.
    pub(crate) fn int(self, key: &'static CStr, value: i32) -> Self {
        self.push_owned(key, OSSL_PARAM_INTEGER, &value.to_ne_bytes())
    }

    /// Adds an OCTET_STRING entry holding a copy of `value`.
    pub(crate) fn octets(self, key: &'static CStr, value: &[u8]) -> Self {
        self.push_owned(key, OSSL_PARAM_OCTET_STRING, value)
    }

    /// Adds a BIGNUM entry (native-endian UNSIGNED_INTEGER, `value.len()` bytes) from the big-endian `value`.
    pub(crate) fn bn(self, key: &'static CStr, value: &[u8]) -> Self {
        let mut ne = zeroize::Zeroizing::new(value.to_vec());
        if cfg!(target_endian = "little") {
            ne.reverse();
        }
        self.push_owned(key, OSSL_PARAM_UNSIGNED_INTEGER, &ne)
    }

    /// Pointer to the first entry, for the core.
    pub(crate) fn as_mut_ptr(&mut self) -> *mut OSSL_PARAM {
        self.items.as_mut_ptr()
    }

    /// Read-only view of the entries.
    pub(crate) fn view(&mut self) -> Params<'_> {
        // SAFETY: `items` is a terminated array of entries built by this type, whose keys are static C strings
        // and whose data pointers were supplied by the caller for at least the lifetime of `self`.
        unsafe { Params::from_raw(self.items.as_ptr()) }
    }
}

impl Drop for OwnedParams {
    fn drop(&mut self) {
        for buf in &mut self.storage {
            zeroize::Zeroize::zeroize(&mut buf[..]);
        }
    }
}

/// The terminating all-zero entry.
pub(crate) const fn end() -> OSSL_PARAM {
    OSSL_PARAM { key: core::ptr::null(), data_type: 0, data: core::ptr::null_mut(), data_size: 0, return_size: 0 }
}

/// A static parameter descriptor for gettable/settable lists.
pub(crate) const fn describe(key: &'static CStr, data_type: u32) -> OSSL_PARAM {
    OSSL_PARAM { key: key.as_ptr(), data_type, data: core::ptr::null_mut(), data_size: 0, return_size: 0 }
}

/// A static, NULL-terminated descriptor list (`gettable_params` and friends), shareable across threads.
#[derive(Debug)]
#[repr(transparent)]
pub(crate) struct ParamTable<const N: usize>(pub(crate) [OSSL_PARAM; N]);

// SAFETY: the table only holds pointers to static, immutable C strings and NULL data pointers; nobody writes
// through them (libcrypto treats gettable/settable lists as const).
unsafe impl<const N: usize> Sync for ParamTable<N> {}

impl<const N: usize> ParamTable<N> {
    /// Pointer handed to the core.
    pub(crate) const fn as_ptr(&'static self) -> *const OSSL_PARAM {
        self.0.as_ptr()
    }
}

/// Builds a static [`ParamTable`]: `param_table![(KEY_CSTR, OSSL_PARAM_TYPE), ...]`.
macro_rules! param_table {
    ($(($key:expr, $ty:expr)),* $(,)?) => {
        $crate::abi::params::ParamTable([
            $($crate::abi::params::describe($key, $ty),)*
            $crate::abi::params::end(),
        ])
    };
}
pub(crate) use param_table;

#[cfg(test)]
mod tests {
    use super::*;

    fn param(key: &'static CStr, data_type: u32, data: *mut c_void, data_size: usize) -> OSSL_PARAM {
        OSSL_PARAM { key: key.as_ptr(), data_type, data, data_size, return_size: ferrofips_ffi::OSSL_PARAM_UNMODIFIED }
    }

    fn with<R>(items: &mut [OSSL_PARAM], f: impl FnOnce(Params<'_>) -> R) -> R {
        assert!(items.last().is_some_and(|p| p.key.is_null()), "test arrays end with end()");
        // SAFETY: `items` is a terminated array of entries pointing at live locals of the calling test.
        f(unsafe { Params::from_raw(items.as_ptr()) })
    }

    #[test]
    fn integers_convert_across_widths_and_signedness() {
        let mut small: i32 = -5;
        let mut big: u64 = u64::MAX;
        let mut tiny: u8 = 200;
        let mut items = [
            param(c"a", OSSL_PARAM_INTEGER, (&raw mut small).cast(), 4),
            param(c"b", OSSL_PARAM_UNSIGNED_INTEGER, (&raw mut big).cast(), 8),
            param(c"c", OSSL_PARAM_UNSIGNED_INTEGER, (&raw mut tiny).cast(), 1),
            end(),
        ];
        with(&mut items, |p| {
            let a = p.locate(c"a").unwrap();
            assert_eq!(a.get_int::<i64>(), Ok(-5));
            assert_eq!(a.get_int::<usize>(), Err(ParamError::OutOfRange));
            let b = p.locate(c"b").unwrap();
            assert_eq!(b.get_int::<u64>(), Ok(u64::MAX));
            assert_eq!(b.get_int::<u32>(), Err(ParamError::OutOfRange));
            assert_eq!(p.locate(c"c").unwrap().get_int::<u32>(), Ok(200));
            assert!(p.locate(c"d").is_none());
        });
    }

    #[test]
    fn integer_setters_respect_requested_width() {
        let mut v32: u32 = 0;
        let mut s8: i8 = 0;
        let mut items = [
            param(c"u", OSSL_PARAM_UNSIGNED_INTEGER, (&raw mut v32).cast(), 4),
            param(c"s", OSSL_PARAM_INTEGER, (&raw mut s8).cast(), 1),
            param(c"q", OSSL_PARAM_UNSIGNED_INTEGER, core::ptr::null_mut(), 0),
            param(c"t", OSSL_PARAM_UTF8_STRING, core::ptr::null_mut(), 0),
            end(),
        ];
        with(&mut items, |p| {
            let u = p.locate(c"u").unwrap();
            assert_eq!(u.set_int(1 << 20), Ok(()));
            assert_eq!(u.set_int(1 << 40), Err(ParamError::OutOfRange));
            assert_eq!(u.set_int(-1), Err(ParamError::OutOfRange));
            let s = p.locate(c"s").unwrap();
            assert_eq!(s.set_int(-128), Ok(()));
            assert_eq!(s.set_int(128), Err(ParamError::OutOfRange));
            // NULL data: a size query that succeeds and reports the size.
            assert_eq!(p.locate(c"q").unwrap().set_int(7), Ok(()));
            assert_eq!(p.locate(c"t").unwrap().set_int(7), Err(ParamError::WrongType));
        });
        assert_eq!(v32, 1 << 20);
        assert_eq!(s8, -128);
        assert_eq!(items[2].return_size, 8);
        assert_eq!(items[0].return_size, 4);
    }

    #[test]
    fn strings_and_pointers() {
        let mut buf = [0xAAu8; 8];
        let mut short = [0u8; 3];
        let mut ptr: *const c_char = core::ptr::null();
        let text = b"SHA256\0";
        let mut items = [
            param(c"buf", OSSL_PARAM_UTF8_STRING, buf.as_mut_ptr().cast(), buf.len()),
            param(c"short", OSSL_PARAM_UTF8_STRING, short.as_mut_ptr().cast(), short.len()),
            param(c"ptr", OSSL_PARAM_UTF8_PTR, (&raw mut ptr).cast(), 0),
            param(c"in", OSSL_PARAM_UTF8_STRING, text.as_ptr().cast_mut().cast(), 6),
            param(c"oct", OSSL_PARAM_OCTET_STRING, text.as_ptr().cast_mut().cast(), 3),
            end(),
        ];
        with(&mut items, |p| {
            assert_eq!(p.locate(c"buf").unwrap().set_utf8(c"abc"), Ok(()));
            assert_eq!(p.locate(c"short").unwrap().set_utf8(c"abcd"), Err(ParamError::OutOfRange));
            assert_eq!(p.locate(c"ptr").unwrap().set_utf8(c"xyz"), Ok(()));
            assert_eq!(p.locate(c"ptr").unwrap().get_utf8_ptr(), Ok(Some("xyz")));
            assert_eq!(p.locate(c"in").unwrap().get_utf8(), Ok("SHA256"));
            assert_eq!(p.locate(c"in").unwrap().get_octets(), Err(ParamError::WrongType));
            assert_eq!(p.locate(c"oct").unwrap().get_octets(), Ok(&b"SHA"[..]));
            assert_eq!(p.locate(c"oct").unwrap().get_int::<u32>(), Err(ParamError::WrongType));
        });
        assert_eq!(&buf[..4], b"abc\0");
        assert_eq!(items[0].return_size, 3);
        assert_eq!(items[1].return_size, 4);
    }

    #[test]
    fn bignums_octets_and_owned_values() {
        // 0x0102 as a 3-byte native-endian UNSIGNED_INTEGER, and a BIGNUM too wide for a 2-byte output.
        let mut small: [u8; 3] = if cfg!(target_endian = "little") { [2, 1, 0] } else { [0, 1, 2] };
        let mut wide: [u8; 3] = if cfg!(target_endian = "little") { [2, 1, 9] } else { [9, 1, 2] };
        let mut out = [0u8; 4];
        let mut oct = [0u8; 2];
        let mut items = [
            param(c"s", OSSL_PARAM_UNSIGNED_INTEGER, small.as_mut_ptr().cast(), 3),
            param(c"w", OSSL_PARAM_UNSIGNED_INTEGER, wide.as_mut_ptr().cast(), 3),
            param(c"o", OSSL_PARAM_UNSIGNED_INTEGER, out.as_mut_ptr().cast(), 4),
            param(c"q", OSSL_PARAM_UNSIGNED_INTEGER, core::ptr::null_mut(), 0),
            param(c"x", OSSL_PARAM_OCTET_STRING, oct.as_mut_ptr().cast(), 2),
            end(),
        ];
        with(&mut items, |p| {
            let mut be = [0xAAu8; 4];
            assert_eq!(p.locate(c"s").unwrap().get_bn_bytes(&mut be), Ok(()));
            assert_eq!(be, [0, 0, 1, 2]);
            let mut two = [0u8; 2];
            assert_eq!(p.locate(c"w").unwrap().get_bn_bytes(&mut two), Err(ParamError::OutOfRange));
            assert_eq!(p.locate(c"s").unwrap().get_bn_bytes(&mut two), Ok(()));
            assert_eq!(two, [1, 2]);
            assert_eq!(p.locate(c"o").unwrap().set_bn_bytes(&[0, 7, 8]), Ok(()));
            assert_eq!(p.locate(c"o").unwrap().set_bn_bytes(&[1, 2, 3, 4, 5]), Err(ParamError::OutOfRange));
            assert_eq!(p.locate(c"q").unwrap().set_bn_bytes(&[0, 7, 8]), Ok(()));
            assert_eq!(p.locate(c"x").unwrap().set_octets(b"ab"), Ok(()));
            assert_eq!(p.locate(c"x").unwrap().set_octets(b"abc"), Err(ParamError::OutOfRange));
            assert_eq!(p.locate(c"x").unwrap().set_bn_bytes(b"a"), Err(ParamError::WrongType));
        });
        assert_eq!(u32::from_ne_bytes(out), 0x0708);
        // The refused 5-byte write reported the size it needs.
        assert_eq!(items[2].return_size, 5);
        assert_eq!(items[3].return_size, 3);
        assert_eq!(&oct, b"ab");
        assert_eq!(items[4].return_size, 3);

        let mut owned = OwnedParams::new().uint(c"u", 23).int(c"i", -1).octets(c"o", b"xyz").bn(c"b", &[1, 0]);
        let v = owned.view();
        assert_eq!(v.locate(c"u").unwrap().get_int::<u32>(), Ok(23));
        assert_eq!(v.locate(c"i").unwrap().get_int::<i32>(), Ok(-1));
        assert_eq!(v.locate(c"o").unwrap().get_octets(), Ok(&b"xyz"[..]));
        let mut b = [0u8; 2];
        assert_eq!(v.locate(c"b").unwrap().get_bn_bytes(&mut b), Ok(()));
        assert_eq!(b, [1, 0]);
    }

    #[test]
    fn null_list_is_empty() {
        // SAFETY: NULL is an accepted, empty parameter list.
        let p = unsafe { Params::from_raw(core::ptr::null()) };
        assert_eq!(p.iter().count(), 0);
    }
}
