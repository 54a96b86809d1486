//! Static dispatch and algorithm tables.
//!
//! Each entry is type-checked against the signature of its function id (the `as $ty` alias below must match
//! `core_dispatch.h`) before it is erased to `void (*)(void)`; the tables are plain `static`s.

use ferrofips_ffi::{OSSL_ALGORITHM, OSSL_DISPATCH, OSSL_ITEM};

/// A `{0, NULL}`-terminated dispatch table.
#[derive(Debug)]
#[repr(transparent)]
pub(crate) struct DispatchTable<const N: usize>(pub(crate) [OSSL_DISPATCH; N]);

impl<const N: usize> DispatchTable<N> {
    /// Pointer handed to the core.
    pub(crate) const fn as_ptr(&'static self) -> *const OSSL_DISPATCH {
        self.0.as_ptr()
    }
}

/// Builds a [`DispatchTable`]: `dispatch_table![ID => function as FnType, ...]`.
macro_rules! dispatch_table {
    ($($id:expr => $f:expr, as $ty:ty);* $(;)?) => {
        $crate::abi::dispatch::DispatchTable([
            $(ferrofips_ffi::OSSL_DISPATCH {
                function_id: $id as ::core::ffi::c_int,
                function: Some({
                    let typed: $ty = $f;
                    // SAFETY: erasing a function pointer to `void (*)(void)` is how the dispatch ABI stores it;
                    // libcrypto casts it back to exactly `$ty`, the signature `core_dispatch.h` gives `$id`.
                    unsafe { ::core::mem::transmute::<$ty, unsafe extern "C" fn()>(typed) }
                }),
            },)*
            ferrofips_ffi::OSSL_DISPATCH { function_id: 0, function: None },
        ])
    };
}
pub(crate) use dispatch_table;

/// A NULL-terminated `OSSL_ALGORITHM` table.
#[derive(Debug)]
#[repr(transparent)]
pub(crate) struct AlgorithmTable<const N: usize>(pub(crate) [OSSL_ALGORITHM; N]);

// SAFETY: entries only point at static C strings and static dispatch tables, which are never written.
unsafe impl<const N: usize> Sync for AlgorithmTable<N> {}

impl<const N: usize> AlgorithmTable<N> {
    /// Pointer handed to the core.
    pub(crate) const fn as_ptr(&'static self) -> *const OSSL_ALGORITHM {
        self.0.as_ptr()
    }
}

/// A family's algorithm entries without a terminator, joined with others by a list file (`abi/cipher_list.rs`).
#[derive(Debug)]
pub(crate) struct AlgorithmSlice(pub(crate) &'static [OSSL_ALGORITHM]);

// SAFETY: entries only point at static C strings and static dispatch tables, which are never written.
unsafe impl Sync for AlgorithmSlice {}

/// Families of algorithms joined into one NULL-terminated table, built once.
#[derive(Debug)]
pub(crate) struct JoinedTable(Vec<OSSL_ALGORITHM>);

// SAFETY: as for `AlgorithmSlice`: the entries are copies of static, never-written data.
unsafe impl Sync for JoinedTable {}
// SAFETY: as above.
unsafe impl Send for JoinedTable {}

impl JoinedTable {
    /// The entries of `families`, in order, then the terminator.
    pub(crate) fn join(families: &[&AlgorithmSlice]) -> JoinedTable {
        let mut v: Vec<OSSL_ALGORITHM> = families.iter().flat_map(|f| f.0.iter().copied()).collect();
        v.push(ALGORITHM_END);
        JoinedTable(v)
    }

    /// Pointer handed to the core (valid as long as `self`, a `static`).
    pub(crate) fn as_ptr(&'static self) -> *const OSSL_ALGORITHM {
        self.0.as_ptr()
    }
}

/// An algorithm table as offered in the module's mode: all of it, or in strict mode only the approved entries
/// (those whose property definition does not say `fips=no`), filtered once.
#[derive(Debug)]
pub(crate) struct ModeTable<const N: usize> {
    all: AlgorithmTable<N>,
    strict: std::sync::OnceLock<JoinedTable>,
}

impl<const N: usize> ModeTable<N> {
    /// The table of `entries` (NULL-terminated).
    pub(crate) const fn new(entries: [OSSL_ALGORITHM; N]) -> Self {
        Self { all: AlgorithmTable(entries), strict: std::sync::OnceLock::new() }
    }

    /// Pointer handed to the core for the current mode (`ferrofips_selftest::mode::strict`, read once).
    pub(crate) fn offered(&'static self) -> *const OSSL_ALGORITHM {
        if !ferrofips_selftest::mode::strict() {
            return self.all.as_ptr();
        }
        self.strict.get_or_init(|| JoinedTable(self.all.0.iter().copied().filter(approved).collect())).as_ptr()
    }
}

/// Whether an entry (or the terminator) stays in strict mode.
fn approved(a: &OSSL_ALGORITHM) -> bool {
    if a.property_definition.is_null() {
        return a.algorithm_names.is_null();
    }
    // SAFETY: non-NULL property definitions of the module's tables point at static NUL-terminated strings.
    let props = unsafe { core::ffi::CStr::from_ptr(a.property_definition) };
    !props.to_bytes().split(|&b| b == b',').any(|p| p == b"fips=no")
}

/// One algorithm entry.
pub(crate) const fn algorithm<const N: usize>(
    names: &'static core::ffi::CStr,
    props: &'static core::ffi::CStr,
    table: &'static DispatchTable<N>,
) -> OSSL_ALGORITHM {
    OSSL_ALGORITHM {
        algorithm_names: names.as_ptr(),
        property_definition: props.as_ptr(),
        implementation: table.as_ptr(),
        algorithm_description: core::ptr::null(),
    }
}

/// The terminating entry of an algorithm table.
pub(crate) const ALGORITHM_END: OSSL_ALGORITHM = OSSL_ALGORITHM {
    algorithm_names: core::ptr::null(),
    property_definition: core::ptr::null(),
    implementation: core::ptr::null(),
    algorithm_description: core::ptr::null(),
};

/// A `{0, NULL}`-terminated `OSSL_ITEM` table (reason strings).
#[derive(Debug)]
#[repr(transparent)]
pub(crate) struct ItemTable<const N: usize>(pub(crate) [OSSL_ITEM; N]);

// SAFETY: entries point at static, immutable C strings only.
unsafe impl<const N: usize> Sync for ItemTable<N> {}
