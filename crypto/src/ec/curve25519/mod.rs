//! X25519 (RFC 7748) and Ed25519 (RFC 8032, FIPS 186-5 section 7) over Curve25519 / edwards25519.
//!
//! * Field GF(2^255 - 19): portable five 51-bit limbs (`field51.rs`, `u128` products) and, on x86-64 CPUs
//!   with BMI2 and ADX, four 64-bit limbs with assembly multiplication and squaring (`x86_adx.rs`); the
//!   curve code is generic over the [`field::Field`] trait and one backend is picked once at run time
//!   (`FERROFIPS_CPU=portable` or the `portable-only` feature force the portable one).
//! * X25519: the Montgomery ladder with constant-time conditional swaps, on the field backend or, with AVX-512
//!   IFMA, four lanes at a time (`x86_ifma.rs`); public keys from the Edwards fixed-base multiplication mapped
//!   to the Montgomery u-coordinate.
//! * Ed25519: extended twisted-Edwards coordinates; constant-time fixed-base multiplication from a
//!   precomputed signed radix-16 table; scalars modulo L in constant time; verification (public data only)
//!   with a variable-time width-5/width-8 NAF double multiplication.

pub mod ed25519;
mod edwards;
mod field;
mod field51;
mod mul;
mod scalar;
mod table;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_kat;
pub mod x25519;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_adx;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_ifma;

/// The field arithmetic in use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    /// Portable Rust, 51-bit limbs.
    Soft,
    /// BMI2 + ADX assembly, 64-bit limbs.
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    X86Adx,
}

impl Backend {
    /// The name [`x25519::backend_name`] and [`ed25519::backend_name`] report.
    const fn name(self) -> &'static str {
        match self {
            Backend::Soft => "soft",
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            Backend::X86Adx => "x86-bmi2-adx",
        }
    }
}

/// The backend this process uses (detected once).
fn backend() -> Backend {
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    if x86_adx::adx().is_some() {
        return Backend::X86Adx;
    }
    Backend::Soft
}

/// Every backend usable on this CPU, best first (for tests and benchmarks).
#[cfg(test)]
fn backends() -> Vec<Backend> {
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    if x86_adx::adx().is_some() {
        return vec![Backend::X86Adx, Backend::Soft];
    }
    vec![Backend::Soft]
}

/// Evaluates `$body` with the type alias `$f` naming the field type of backend `$b`.
macro_rules! with_field {
    ($b:expr, $f:ident => $body:expr) => {
        match $b {
            #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
            super::Backend::X86Adx => {
                type $f = super::x86_adx::Fe64;
                $body
            }
            super::Backend::Soft => {
                type $f = super::field51::Fe51;
                $body
            }
        }
    };
}
use with_field;
