//! CPU feature detection, done once, and zero-sized witnesses that prove a feature was detected.
//!
//! A `#[target_feature]` backend function takes its witness as an argument, so it cannot be reached without a
//! successful detection: the witness types can only be built by their `detect()` constructors, which consult
//! [`features`]. Forcing the portable path (`FERROFIPS_CPU=portable` or the `portable-only` feature) makes every
//! detection fail.

use std::sync::OnceLock;

/// The CPU features ferrofips can use. All `false` when the portable path is forced or on other architectures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// x86 SHA extensions (SHA-1, SHA-256).
    pub sha_ni: bool,
    /// x86 AVX2.
    pub avx2: bool,
    /// x86 BMI2 (`rorx`, `mulx`).
    pub bmi2: bool,
    /// x86 ADX (`adcx`, `adox`).
    pub adx: bool,
    /// x86 SSSE3.
    pub ssse3: bool,
    /// x86 SSE4.1.
    pub sse41: bool,
    /// x86 AES-NI.
    pub aes_ni: bool,
    /// x86 PCLMULQDQ.
    pub pclmulqdq: bool,
    /// x86 VAES.
    pub vaes: bool,
    /// x86 VPCLMULQDQ.
    pub vpclmulqdq: bool,
    /// x86 AVX-512 Foundation.
    pub avx512f: bool,
    /// x86 AVX-512 VL.
    pub avx512vl: bool,
    /// x86 AVX-512 BW.
    pub avx512bw: bool,
    /// ARMv8 AES.
    pub aes: bool,
    /// ARMv8 PMULL.
    pub pmull: bool,
    /// ARMv8 SHA-1/SHA-256 extensions.
    pub sha2: bool,
    /// ARMv8.2 SHA-512 extensions.
    pub sha512: bool,
    /// ARMv8.2 SHA-3 extensions (EOR3, RAX1, XAR, BCAX).
    pub sha3: bool,
}

/// Whether the portable backends are forced: the `portable-only` feature, or `FERROFIPS_CPU=portable` in the
/// environment when the features were first detected.
pub fn portable_forced() -> bool {
    cfg!(feature = "portable-only") || std::env::var("FERROFIPS_CPU").is_ok_and(|v| v.eq_ignore_ascii_case("portable"))
}

/// The features of this CPU that ferrofips may use, detected on first call.
///
/// `FERROFIPS_CPU` narrows them (read once, for tests and CI runs of the slower backends): `portable` (none),
/// `no-avx512` (no AVX-512, so VAES runs on 256-bit registers), `no-vaes` (no VAES/VPCLMULQDQ/AVX-512: the
/// 128-bit AES-NI + PCLMULQDQ kernels). Unknown values are ignored.
pub fn features() -> &'static Features {
    static FEATURES: OnceLock<Features> = OnceLock::new();
    FEATURES.get_or_init(|| {
        if portable_forced() {
            return Features::default();
        }
        let mut f = detect();
        let knob = std::env::var("FERROFIPS_CPU").unwrap_or_default().to_ascii_lowercase();
        if knob == "no-avx512" || knob == "no-vaes" {
            f.avx512f = false;
            f.avx512vl = false;
            f.avx512bw = false;
        }
        if knob == "no-vaes" {
            f.vaes = false;
            f.vpclmulqdq = false;
        }
        f
    })
}

#[cfg(target_arch = "x86_64")]
fn detect() -> Features {
    use std::arch::is_x86_feature_detected as has;
    Features {
        sha_ni: has!("sha"),
        avx2: has!("avx2"),
        bmi2: has!("bmi2"),
        adx: has!("adx"),
        ssse3: has!("ssse3"),
        sse41: has!("sse4.1"),
        aes_ni: has!("aes"),
        pclmulqdq: has!("pclmulqdq"),
        vaes: has!("vaes"),
        vpclmulqdq: has!("vpclmulqdq"),
        avx512f: has!("avx512f"),
        avx512vl: has!("avx512vl"),
        avx512bw: has!("avx512bw"),
        ..Features::default()
    }
}

#[cfg(target_arch = "aarch64")]
fn detect() -> Features {
    use std::arch::is_aarch64_feature_detected as has;
    Features {
        aes: has!("aes"),
        pmull: has!("pmull"),
        sha2: has!("sha2"),
        sha512: has!("sha3") && has!("sha2"),
        sha3: has!("sha3"),
        ..Features::default()
    }
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
fn detect() -> Features {
    Features::default()
}

macro_rules! witness {
    ($(#[$m:meta])* $name:ident, $arch:literal, |$f:ident| $cond:expr) => {
        $(#[$m])*
        #[cfg(target_arch = $arch)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name(());

        #[cfg(target_arch = $arch)]
        impl $name {
            /// Returns the witness if this CPU has the feature set (and the portable path is not forced).
            pub fn detect() -> Option<Self> {
                let $f = features();
                if $cond { Some(Self(())) } else { None }
            }
        }
    };
}

witness!(
    /// Proof that SHA-NI, SSSE3 and SSE4.1 are available.
    ShaNi, "x86_64", |f| f.sha_ni && f.ssse3 && f.sse41
);
witness!(
    /// Proof that AVX2 and BMI2 are available.
    Avx2Bmi2, "x86_64", |f| f.avx2 && f.bmi2
);
witness!(
    /// Proof that AES-NI, PCLMULQDQ and SSSE3 are available.
    AesNiClmul, "x86_64", |f| f.aes_ni && f.pclmulqdq && f.ssse3
);
witness!(
    /// Proof that AES-NI, PCLMULQDQ, SSSE3 and AVX are available (AVX2 is the detected proxy for AVX with the OS
    /// saving YMM state), so that AES and CLMUL code can use the VEX encodings.
    AesNiClmulAvx, "x86_64", |f| f.aes_ni && f.pclmulqdq && f.ssse3 && f.avx2
);
witness!(
    /// Proof that VAES and VPCLMULQDQ are available on 256-bit AVX2 registers (with AES-NI, PCLMULQDQ, SSSE3):
    /// four AES blocks or two GHASH products per instruction.
    VaesAvx2, "x86_64", |f| f.vaes && f.vpclmulqdq && f.avx2 && f.aes_ni && f.pclmulqdq && f.ssse3
);
witness!(
    /// Proof that VAES and VPCLMULQDQ are available on 512-bit registers: AVX-512 F, VL and BW on top of
    /// everything [`VaesAvx2`] proves.
    VaesAvx512, "x86_64", |f| f.vaes
        && f.vpclmulqdq
        && f.avx2
        && f.aes_ni
        && f.pclmulqdq
        && f.ssse3
        && f.avx512f
        && f.avx512vl
        && f.avx512bw
);
witness!(
    /// Proof that the ARMv8 SHA-1/SHA-256 instructions are available.
    Armv8Sha2, "aarch64", |f| f.sha2
);
witness!(
    /// Proof that the ARMv8.2 SHA-512 instructions are available.
    Armv8Sha512, "aarch64", |f| f.sha512
);
witness!(
    /// Proof that the ARMv8.2 SHA-3 instructions are available.
    Armv8Sha3, "aarch64", |f| f.sha3
);
witness!(
    /// Proof that the ARMv8 AES and PMULL instructions are available.
    Armv8AesPmull, "aarch64", |f| f.aes && f.pmull
);
