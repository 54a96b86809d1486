//! The module's error reasons, as registered with libcrypto through `get_reason_strings`.
//!
//! Reasons carry no secret-dependent detail: the optional text only names parameters, lengths of public inputs
//! and algorithm names.

use core::ffi::CStr;

macro_rules! reasons {
    ($($name:ident = $code:literal, $text:literal;)*) => {
        /// Why an operation of the module failed.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        pub(crate) enum Reason { $($name = $code,)* }

        impl Reason {
            /// Every reason, for the reason-string table.
            pub(crate) const ALL: &'static [Reason] = &[$(Reason::$name,)*];

            /// The human-readable reason string.
            pub(crate) const fn text(self) -> &'static CStr {
                match self { $(Reason::$name => $text,)* }
            }
        }
    };
}

reasons! {
    NotOperational = 1, c"ferrofips module is not operational (self-test failed or in error state)";
    SelfTestFailed = 2, c"power-on self-test failed";
    IntegrityFailed = 3, c"module integrity test failed";
    MissingConfig = 4, c"missing module configuration";
    BadConfig = 5, c"invalid module configuration";
    InvalidParam = 6, c"invalid parameter value";
    WrongParamType = 7, c"wrong parameter type";
    OutputTooSmall = 8, c"output buffer too small";
    InvalidLength = 9, c"invalid length";
    NotInitialised = 10, c"operation not initialised";
    AlreadyFinalised = 11, c"operation already finalised";
    UnknownDigest = 12, c"unknown or unsupported digest";
    XofNotAllowed = 13, c"XOF digests not allowed here";
    NoKey = 14, c"no key set";
    KeyTooShort = 15, c"key too short for approved use";
    InternalError = 16, c"internal error";
    NullPointer = 17, c"NULL pointer argument";
    InvalidKey = 18, c"invalid key";
    BadSignature = 19, c"signature verification failed";
    UnsupportedCurve = 20, c"unsupported or unknown elliptic curve";
    NoDomainParameters = 21, c"no domain parameters set";
    PctFailed = 22, c"pair-wise consistency test failed; module error state";
    RandomFailed = 23, c"random bit generation failed";
    DrbgState = 24, c"DRBG not instantiated, already instantiated or in error state";
    ParentSeed = 25, c"parent DRBG cannot supply seed material";
    RequestTooLarge = 26, c"request too large for DRBG";
    DigestNotAllowed = 27, c"digest not allowed for this KDF";
    EmsRequired = 28, c"TLS 1.2 master secret without extended master secret refused (strict mode)";
    InvalidMode = 29, c"invalid KDF mode";
    BadTag = 30, c"AEAD tag verification failed";
    TagNotSet = 31, c"AEAD tag not set or not available";
    BadDecrypt = 32, c"bad decrypt: wrong final block length or padding";
    InvalidIvLength = 33, c"invalid IV length or IV not set";
    OverlappingBuffers = 34, c"input and output buffers partially overlap";
    TooManyRecords = 35, c"too many TLS records under one key";
}

impl Reason {
    /// The reason code (no library bits, so libcrypto files it under this provider's library).
    pub(crate) const fn code(self) -> u32 {
        self as u32
    }

    /// libcrypto's own `PROV_R_*` reason for failures raised while the module's reason strings are not (yet)
    /// registered, i.e. when `OSSL_provider_init` fails.
    pub(crate) const fn prov_code(self) -> u32 {
        match self {
            Reason::IntegrityFailed => 214, // PROV_R_MODULE_INTEGRITY_FAILURE
            Reason::SelfTestFailed => 216,  // PROV_R_SELF_TEST_POST_FAILURE
            Reason::MissingConfig => 213,   // PROV_R_MISSING_CONFIG_DATA
            Reason::BadConfig => 211,       // PROV_R_INVALID_CONFIG_DATA
            _ => 225,                       // PROV_R_FIPS_MODULE_IN_ERROR_STATE
        }
    }
}

/// A failed operation: the reason and optional public detail for the error stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ProvError {
    pub(crate) reason: Reason,
    pub(crate) detail: String,
}

impl ProvError {
    /// An error with no further detail.
    pub(crate) fn new(reason: Reason) -> Self {
        Self { reason, detail: String::new() }
    }

    /// An error with public detail text.
    pub(crate) fn with(reason: Reason, detail: impl Into<String>) -> Self {
        Self { reason, detail: detail.into() }
    }
}

impl From<Reason> for ProvError {
    fn from(r: Reason) -> Self {
        Self::new(r)
    }
}

/// Result type of the safe provider operations.
pub(crate) type ProvResult<T> = Result<T, ProvError>;
