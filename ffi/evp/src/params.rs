//! Owned `OSSL_PARAM` arrays: typed constructors for normal use, raw ones for negative tests, and readers.

use std::ffi::{CStr, CString, c_char, c_uint, c_void};
use std::fmt;
use std::ptr;

use openssl_sys::OSSL_PARAM;

use crate::sys::OSSL_PARAM_UNMODIFIED;

/// `OSSL_PARAM` data types (`core.h`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ParamType {
    /// `OSSL_PARAM_INTEGER`: native-endian signed integer of any size.
    Integer = 1,
    /// `OSSL_PARAM_UNSIGNED_INTEGER`: native-endian unsigned integer of any size.
    UnsignedInteger = 2,
    /// `OSSL_PARAM_REAL`: a C double.
    Real = 3,
    /// `OSSL_PARAM_UTF8_STRING`: a char buffer.
    Utf8String = 4,
    /// `OSSL_PARAM_OCTET_STRING`: a byte buffer.
    OctetString = 5,
    /// `OSSL_PARAM_UTF8_PTR`: data points to a `char *`.
    Utf8Ptr = 6,
    /// `OSSL_PARAM_OCTET_PTR`: data points to a `void *`.
    OctetPtr = 7,
}

impl ParamType {
    /// Maps a raw `data_type` back to the enum.
    pub fn from_raw(raw: u32) -> Option<ParamType> {
        Some(match raw {
            1 => ParamType::Integer,
            2 => ParamType::UnsignedInteger,
            3 => ParamType::Real,
            4 => ParamType::Utf8String,
            5 => ParamType::OctetString,
            6 => ParamType::Utf8Ptr,
            7 => ParamType::OctetPtr,
            _ => return None,
        })
    }
}

/// One parameter: owned key and 8-byte aligned data buffer (`None` = NULL data pointer).
struct Entry {
    key: CString,
    data: Option<Box<[u64]>>,
    /// Second buffer a `*_PTR` param points into (kept alive with the entry).
    pointee: Option<Box<[u8]>>,
}

/// An owned, END-terminated `OSSL_PARAM` array. Keys and data live as long as the value; the raw array is
/// rebuilt on each push, and its pointers stay valid because every buffer is a separate heap allocation.
pub struct Params {
    entries: Vec<Entry>,
    raw: Vec<OSSL_PARAM>,
}

fn end_marker() -> OSSL_PARAM {
    OSSL_PARAM { key: ptr::null(), data_type: 0, data: ptr::null_mut(), data_size: 0, return_size: 0 }
}

fn aligned(bytes: &[u8], capacity: usize) -> Box<[u64]> {
    let words = capacity.max(bytes.len()).div_ceil(8).max(1);
    let mut buf = vec![0u64; words];
    for (i, b) in bytes.iter().enumerate() {
        let shift = if cfg!(target_endian = "little") { (i % 8) * 8 } else { (7 - i % 8) * 8 };
        buf[i / 8] |= u64::from(*b) << shift;
    }
    buf.into_boxed_slice()
}

fn words_to_bytes(words: &[u64], len: usize) -> Vec<u8> {
    let mut out: Vec<u8> = words.iter().flat_map(|w| w.to_ne_bytes()).collect();
    out.truncate(len);
    out
}

impl Default for Params {
    fn default() -> Self {
        Params::new()
    }
}

impl Params {
    /// An empty list (just the END marker).
    pub fn new() -> Params {
        Params { entries: Vec::new(), raw: vec![end_marker()] }
    }

    /// Appends a parameter with the given type, data bytes (copied into an aligned buffer of at least
    /// `capacity` bytes) and declared `data_size`. A `None` data gives a NULL data pointer.
    fn push(&mut self, key: &str, ty: u32, data: Option<(&[u8], usize)>, data_size: usize) -> &mut Self {
        let key = CString::new(key).unwrap_or_else(|_| CString::from(c"invalid-key-with-nul"));
        let mut data = data.map(|(bytes, cap)| aligned(bytes, cap));
        let data_ptr = data.as_mut().map_or(ptr::null_mut(), |d| d.as_mut_ptr().cast::<c_void>());
        let param = OSSL_PARAM {
            key: key.as_ptr(),
            data_type: ty as c_uint,
            data: data_ptr,
            data_size,
            return_size: OSSL_PARAM_UNMODIFIED,
        };
        self.entries.push(Entry { key, data, pointee: None });
        self.raw.pop();
        self.raw.push(param);
        self.raw.push(end_marker());
        self
    }

    /// A signed integer of `size` bytes (1..=8, native endian; larger sizes are sign-extended).
    pub fn int_sized(&mut self, key: &str, value: i64, size: usize) -> &mut Self {
        let mut bytes = value.to_ne_bytes().to_vec();
        let fill = if value < 0 { 0xff } else { 0 };
        if cfg!(target_endian = "little") {
            bytes.resize(size.max(8), fill);
            bytes.truncate(size);
        } else {
            let mut b = vec![fill; size.saturating_sub(8)];
            b.extend_from_slice(&bytes);
            bytes = b[b.len().saturating_sub(size)..].to_vec();
        }
        self.push(key, ParamType::Integer as u32, Some((&bytes, size)), size)
    }

    /// A C `int` (4 bytes).
    pub fn int(&mut self, key: &str, value: i32) -> &mut Self {
        self.int_sized(key, i64::from(value), 4)
    }

    /// An unsigned integer given as little-endian-independent value bytes of any size (native endian in
    /// memory). Use it for values that do not fit 64 bits, e.g. an oversized `xoflen`.
    pub fn uint_wide(&mut self, key: &str, value: u128, size: usize) -> &mut Self {
        let full = value.to_ne_bytes();
        let bytes: Vec<u8> = if cfg!(target_endian = "little") {
            let mut b = full.to_vec();
            b.resize(size.max(16), 0);
            b.truncate(size);
            b
        } else {
            let mut b = vec![0u8; size.saturating_sub(16)];
            b.extend_from_slice(&full);
            b[b.len().saturating_sub(size)..].to_vec()
        };
        self.push(key, ParamType::UnsignedInteger as u32, Some((&bytes, size)), size)
    }

    /// A C `unsigned int` (4 bytes).
    pub fn uint(&mut self, key: &str, value: u32) -> &mut Self {
        self.uint_wide(key, u128::from(value), 4)
    }

    /// A `size_t`.
    pub fn size_t(&mut self, key: &str, value: usize) -> &mut Self {
        self.uint_wide(key, value as u128, size_of::<usize>())
    }

    /// A UTF-8 string (data_size = length without the NUL; the buffer holds a NUL after it).
    pub fn utf8(&mut self, key: &str, value: &str) -> &mut Self {
        let mut bytes = value.as_bytes().to_vec();
        bytes.push(0);
        self.push(key, ParamType::Utf8String as u32, Some((&bytes, bytes.len())), value.len())
    }

    /// An octet string.
    pub fn octets(&mut self, key: &str, value: &[u8]) -> &mut Self {
        self.push(key, ParamType::OctetString as u32, Some((value, value.len())), value.len())
    }

    /// A UTF8_PTR parameter pointing at an owned copy of `value` (NUL-terminated).
    pub fn utf8_ptr(&mut self, key: &str, value: &str) -> &mut Self {
        let mut pointee = value.as_bytes().to_vec();
        pointee.push(0);
        let pointee = pointee.into_boxed_slice();
        let addr = (pointee.as_ptr() as usize).to_ne_bytes();
        self.push(key, ParamType::Utf8Ptr as u32, Some((&addr, addr.len())), value.len());
        if let Some(e) = self.entries.last_mut() {
            e.pointee = Some(pointee);
        }
        self
    }

    /// Any type with arbitrary data bytes and `data_size = bytes.len()`: for wrong-type tests.
    pub fn raw(&mut self, key: &str, ty: ParamType, bytes: &[u8]) -> &mut Self {
        self.push(key, ty as u32, Some((bytes, bytes.len())), bytes.len())
    }

    /// A parameter with a data type number that OpenSSL does not define.
    pub fn raw_type(&mut self, key: &str, ty: u32, bytes: &[u8]) -> &mut Self {
        self.push(key, ty, Some((bytes, bytes.len())), bytes.len())
    }

    /// A parameter whose data pointer is NULL while `data_size` claims `size` bytes.
    pub fn null_data(&mut self, key: &str, ty: ParamType, size: usize) -> &mut Self {
        self.push(key, ty as u32, None, size)
    }

    /// A parameter whose data buffer holds `real_len` bytes but whose `data_size` is `claimed` (must be
    /// `<= real_len` to stay safe for a well-behaved reader; use it to test zero or short sizes).
    pub fn sized(&mut self, key: &str, ty: ParamType, bytes: &[u8], claimed: usize) -> &mut Self {
        let claimed = claimed.min(bytes.len().div_ceil(8).max(1) * 8);
        self.push(key, ty as u32, Some((bytes, bytes.len())), claimed)
    }

    /// An output slot for a get call: `size` zeroed bytes of type `ty`.
    pub fn request(&mut self, key: &str, ty: ParamType, size: usize) -> &mut Self {
        self.push(key, ty as u32, Some((&[], size)), size)
    }

    /// An output slot for a C `int`.
    pub fn request_int(&mut self, key: &str) -> &mut Self {
        self.request(key, ParamType::Integer, 4)
    }

    /// An output slot for a `size_t`.
    pub fn request_size_t(&mut self, key: &str) -> &mut Self {
        self.request(key, ParamType::UnsignedInteger, size_of::<usize>())
    }

    /// An output slot for a UTF8_PTR (the callee stores a `const char *`), built like
    /// `OSSL_PARAM_construct_utf8_ptr(key, &ptr, 0)`: `data_size` is 0 (the size of the pointed-to string is
    /// unknown) while the data buffer holds one pointer. This is how `openssl list` and `fipsinstall` ask.
    pub fn request_utf8_ptr(&mut self, key: &str) -> &mut Self {
        self.push(key, ParamType::Utf8Ptr as u32, Some((&[], size_of::<*const c_char>())), 0)
    }

    /// An output slot for a UTF-8 string of at most `cap` bytes (including the NUL).
    pub fn request_utf8(&mut self, key: &str, cap: usize) -> &mut Self {
        self.request(key, ParamType::Utf8String, cap)
    }

    /// The END-terminated array, for calls taking `const OSSL_PARAM *`.
    pub(crate) fn as_ptr(&self) -> *const OSSL_PARAM {
        self.raw.as_ptr()
    }

    /// The END-terminated array, for calls that write results.
    pub(crate) fn as_mut_ptr(&mut self) -> *mut OSSL_PARAM {
        self.raw.as_mut_ptr()
    }

    fn index(&self, key: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.key.as_bytes() == key.as_bytes())
    }

    /// `return_size` of the first parameter named `key`, or `None` if the callee did not set it.
    pub fn returned_size(&self, key: &str) -> Option<usize> {
        let i = self.index(key)?;
        let r = self.raw[i].return_size;
        (r != OSSL_PARAM_UNMODIFIED).then_some(r)
    }

    /// The data buffer of `key` as bytes (its declared `data_size`), if the parameter exists and has data.
    pub fn data(&self, key: &str) -> Option<Vec<u8>> {
        let i = self.index(key)?;
        let words = self.entries[i].data.as_ref()?;
        Some(words_to_bytes(words, self.raw[i].data_size))
    }

    /// A signed integer the callee set (sign-extended from its `data_size`).
    pub fn get_int(&self, key: &str) -> Option<i64> {
        self.returned_size(key)?;
        let bytes = self.data(key)?;
        let n = bytes.len().min(8);
        if n == 0 {
            return None;
        }
        let mut v = [0u8; 8];
        let negative;
        if cfg!(target_endian = "little") {
            v[..n].copy_from_slice(&bytes[..n]);
            negative = bytes[n - 1] & 0x80 != 0;
            if negative {
                v[n..].fill(0xff);
            }
        } else {
            v[8 - n..].copy_from_slice(&bytes[bytes.len() - n..]);
            negative = bytes[bytes.len() - n] & 0x80 != 0;
            if negative {
                v[..8 - n].fill(0xff);
            }
        }
        Some(i64::from_ne_bytes(v))
    }

    /// An unsigned integer the callee set (at most 8 bytes are read).
    pub fn get_uint(&self, key: &str) -> Option<u64> {
        self.returned_size(key)?;
        let bytes = self.data(key)?;
        let n = bytes.len().min(8);
        let mut v = [0u8; 8];
        if cfg!(target_endian = "little") {
            v[..n].copy_from_slice(&bytes[..n]);
        } else {
            v[8 - n..].copy_from_slice(&bytes[bytes.len() - n..]);
        }
        Some(u64::from_ne_bytes(v))
    }

    /// A UTF8_STRING the callee wrote (up to `return_size` bytes, stopping at a NUL).
    pub fn get_utf8(&self, key: &str) -> Option<String> {
        let len = self.returned_size(key)?;
        let bytes = self.data(key)?;
        let bytes = &bytes[..len.min(bytes.len())];
        let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
        Some(String::from_utf8_lossy(&bytes[..end]).into_owned())
    }

    /// An octet string the callee wrote (`return_size` bytes).
    pub fn get_octets(&self, key: &str) -> Option<Vec<u8>> {
        let len = self.returned_size(key)?;
        let mut bytes = self.data(key)?;
        bytes.truncate(len);
        Some(bytes)
    }

    /// A UTF8_PTR the callee set: copies the string it points to.
    pub fn get_utf8_ptr(&self, key: &str) -> Option<String> {
        self.returned_size(key)?;
        let i = self.index(key)?;
        let words = self.entries[i].data.as_ref()?;
        let p = words[0] as usize as *const c_char;
        if p.is_null() {
            return None;
        }
        // SAFETY: the callee set this UTF8_PTR param (return_size was modified), which per the OSSL_PARAM
        // contract stores a pointer to a NUL-terminated string that outlives the call; we copy it at once.
        let s = unsafe { CStr::from_ptr(p) };
        Some(s.to_string_lossy().into_owned())
    }

    /// Number of parameters (without the END marker).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut l = f.debug_list();
        for (e, r) in self.entries.iter().zip(&self.raw) {
            l.entry(&format_args!(
                "{}: type {} size {} returned {:?}",
                e.key.to_string_lossy(),
                r.data_type,
                r.data_size,
                (r.return_size != OSSL_PARAM_UNMODIFIED).then_some(r.return_size)
            ));
        }
        l.finish()
    }
}

/// A (key, type) pair from a gettable/settable list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamDescriptor {
    /// The parameter name.
    pub key: String,
    /// The raw `data_type`.
    pub data_type: u32,
}

/// Copies a static `OSSL_PARAM` descriptor list (gettable/settable) returned by libcrypto or a provider.
pub(crate) fn descriptors(list: *const OSSL_PARAM) -> Vec<ParamDescriptor> {
    let mut out = Vec::new();
    if list.is_null() {
        return out;
    }
    let mut i = 0usize;
    loop {
        // SAFETY: `list` is a non-null END-terminated OSSL_PARAM array (gettable/settable contract); we stop
        // at the first entry with a NULL key, so every index read is within the array.
        let p = unsafe { &*list.wrapping_add(i) };
        if p.key.is_null() || i > 4096 {
            break;
        }
        // SAFETY: a descriptor's key is a NUL-terminated static string.
        let key = unsafe { CStr::from_ptr(p.key) };
        out.push(ParamDescriptor { key: key.to_string_lossy().into_owned(), data_type: p.data_type });
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_round_trip_through_buffers() {
        let mut p = Params::new();
        p.int("a", -5).size_t("b", 77).uint_wide("c", (1u128 << 64) + 1, 16);
        assert_eq!(p.len(), 3);
        assert_eq!(p.data("a").unwrap(), (-5i32).to_ne_bytes().to_vec());
        assert_eq!(p.data("b").unwrap(), 77usize.to_ne_bytes().to_vec());
        assert_eq!(p.data("c").unwrap(), ((1u128 << 64) + 1).to_ne_bytes().to_vec());
        // Nothing was returned by a callee yet.
        assert_eq!(p.get_int("a"), None);
        assert_eq!(p.returned_size("b"), None);
    }

    #[test]
    fn raw_array_is_end_terminated_and_aligned() {
        let mut p = Params::new();
        p.utf8("digest", "SHA256").octets("key", b"k").null_data("x", ParamType::Integer, 4);
        let raw = p.as_ptr();
        // SAFETY: test reads the array it just built; 3 entries + END.
        let end = unsafe { &*raw.wrapping_add(3) };
        assert!(end.key.is_null());
        // SAFETY: as above, entry 0 exists.
        let first = unsafe { &*raw };
        assert_eq!(first.data as usize % 8, 0);
        assert_eq!(first.data_size, 6);
        // SAFETY: as above, entry 2 exists.
        let third = unsafe { &*raw.wrapping_add(2) };
        assert!(third.data.is_null());
    }
}
