//! ECDSA and ECDH over NIST P-256 (FIPS 186-5, SP 800-186, SP 800-56A r3).
//!
//! * Field and scalar arithmetic: 4 x 64-bit limbs, Montgomery multiplication, constant-time. Inversions (the
//!   final `Z^-1`, the nonce `k^-1`, verification's `s^-1`) by constant-time safegcd (`safegcd.rs`).
//! * Points: Jacobian coordinates for the scalar multiplications (doubling has no exceptional case on a
//!   prime-order curve; the constant-time additions handle identity and opposite inputs by selection and are
//!   used only where equal inputs are proven impossible, see `mul.rs`), and the complete projective formulas
//!   of Renes-Costello-Batina 2016 where that proof does not reach (the last window).
//! * Secret scalars (`d`, nonces): constant-time multiplication (signed windows, full-table scans); the
//!   variable-time double multiplication is used only by [`verify_prehash`], on public data.
//! * Private keys are zeroized on drop.
//! * Backends ([`backend_name`]): portable Rust (`u128` products), and on x86-64 CPUs with BMI2 and ADX
//!   assembly Montgomery multiplication and squaring and modular addition and subtraction (`x86_adx.rs`),
//!   picked once at run time (`FERROFIPS_CPU=portable` or the `portable-only` feature force the portable code).

mod der;
mod ecdsa;
mod field;
mod jacobian;
mod keys;
mod limbs;
mod mul;
mod point;
mod safegcd;
mod scalar;
mod table;
#[cfg(test)]
mod table_gen;
#[cfg(test)]
mod tests;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_adx;
// The assembly text macros come first: `x86_adx_point` expands them.
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
#[macro_use]
mod x86_adx_text;
#[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
mod x86_adx_point;

pub use der::Signature;
pub use ecdsa::{sign_prehash, sign_prehash_deterministic, sign_prehash_with_k, verify_prehash};
pub use keys::{PublicKey, SecretKey, ecdh};

/// The field arithmetic this process uses: `"x86-bmi2-adx"` (assembly, when the CPU has BMI2 and ADX and the
/// portable path is not forced) or `"soft"` (portable Rust). Chosen once; every operation uses it.
pub fn backend_name() -> &'static str {
    #[cfg(all(target_arch = "x86_64", not(feature = "portable-only")))]
    if x86_adx::adx().is_some() {
        return "x86-bmi2-adx";
    }
    "soft"
}
