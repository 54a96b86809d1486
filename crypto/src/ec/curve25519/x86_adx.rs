//! The x86-64 field backend: four 64-bit limbs with multiplication and squaring in inline assembly using BMI2
//! (`mulx`) and ADX (`adcx`/`adox`).
//!
//! Elements are kept partially reduced: any value `< 2^256` congruent to the element. A product is the 512-bit
//! schoolbook result (two independent carry chains per row, CF and OF), folded with `2^256 = 38 (mod p)`:
//! the high half times 38 is added to the low half, the remaining top word (`<= 39`) times 38 once more, and a
//! final carry becomes `+38` that cannot overflow again. No branches, no value-dependent memory access.
//!
//! The assembly runs only with an [`Adx`] witness, which only [`adx`] hands out after detecting both features;
//! without it the same arithmetic runs in portable Rust (`u128` products), so [`Fe64`] is usable everywhere.

use core::arch::asm;
use core::ops::{Add, Mul, Neg, Sub};
use core::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use super::field::{self, D_BYTES, D2_BYTES, Field, SQRT_M1_BYTES};
use super::table::Tables;

/// Proof that this CPU has BMI2 and ADX (and that the portable path is not forced).
#[derive(Clone, Copy, Debug)]
pub(super) struct Adx(());

/// Detection state: 0 = not yet detected, 1 = unavailable, 2 = available.
static STATE: AtomicU8 = AtomicU8::new(0);

/// The witness if BMI2 and ADX are usable, detected once (cheap to call per operation).
#[inline(always)]
pub(super) fn adx() -> Option<Adx> {
    match STATE.load(Ordering::Relaxed) {
        2 => Some(Adx(())),
        1 => None,
        _ => detect(),
    }
}

#[cold]
fn detect() -> Option<Adx> {
    let f = crate::cpu::features();
    let ok = f.bmi2 && f.adx;
    STATE.store(if ok { 2 } else { 1 }, Ordering::Relaxed);
    ok.then_some(Adx(()))
}

/// An element of GF(2^255 - 19) as four little-endian 64-bit words, value `< 2^256`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fe64(pub(super) [u64; 4]);

#[inline(always)]
fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let s = u128::from(a) + u128::from(b) + u128::from(carry);
    (s as u64, (s >> 64) as u64)
}

impl Fe64 {
    /// `from_bytes`, usable in constants.
    pub(super) const fn from_bytes_const(b: &[u8; 32]) -> Fe64 {
        let mut w = [0u64; 4];
        let mut i = 0;
        while i < 4 {
            let mut j = 0;
            while j < 8 {
                w[i] |= (b[8 * i + j] as u64) << (8 * j);
                j += 1;
            }
            i += 1;
        }
        w[3] &= (1 << 63) - 1;
        Fe64(w)
    }

    /// Folds `lo + 2^256 * top` (`top < 2^58`) to a value `< 2^256`, using `2^256 = 38 (mod p)`.
    #[inline(always)]
    fn fold(lo: [u64; 4], top: u64) -> Fe64 {
        // top * 38 < 2^64 for every caller (top <= 2^58).
        let (r0, c) = adc(lo[0], top * 38, 0);
        let (r1, c) = adc(lo[1], 0, c);
        let (r2, c) = adc(lo[2], 0, c);
        let (r3, c) = adc(lo[3], 0, c);
        // A carry here leaves r0 < 38 * 2^58 wrapped small: adding 38 cannot carry again.
        Fe64([r0 + (c.wrapping_neg() & 38), r1, r2, r3])
    }

    /// Reduces a 512-bit product.
    #[inline(always)]
    fn reduce_wide(t: &[u64; 8]) -> Fe64 {
        let mut lo = [0u64; 4];
        let mut carry = 0u128;
        for i in 0..4 {
            let s = u128::from(t[i]) + u128::from(t[i + 4]) * 38 + carry;
            lo[i] = s as u64;
            carry = s >> 64;
        }
        Fe64::fold(lo, carry as u64)
    }

    /// `a * b` in portable Rust (the arithmetic of [`Adx::mul`]).
    pub(super) fn mul_portable(&self, rhs: &Fe64) -> Fe64 {
        let (a, b) = (&self.0, &rhs.0);
        let mut t = [0u64; 8];
        for i in 0..4 {
            let mut carry = 0u128;
            for j in 0..4 {
                let s = u128::from(t[i + j]) + u128::from(a[j]) * u128::from(b[i]) + carry;
                t[i + j] = s as u64;
                carry = s >> 64;
            }
            t[i + 4] = carry as u64;
        }
        Fe64::reduce_wide(&t)
    }
}

/// The portable product, kept out of line so that the assembly path stays compact.
#[cold]
#[inline(never)]
fn mul_fallback(a: &Fe64, b: &Fe64) -> Fe64 {
    a.mul_portable(b)
}

impl Adx {
    /// `a * b mod p`, partially reduced (`< 2^256`), for any `a, b < 2^256`.
    #[inline(always)]
    pub(super) fn mul(self, a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
        let (r0, r1, r2, r3): (u64, u64, u64, u64);
        // SAFETY: the witness proves BMI2 and ADX are available. The assembly reads exactly 4 words at `a` and
        // at `b` (both valid `[u64; 4]` references), writes only registers it declares as outputs or clobbers,
        // does not touch the stack, and leaves the direction flag alone.
        unsafe {
            asm!(
                // Row 0: t0..t4 (r8..r12) = a * b0.
                "mov rdx, [rdi]",
                "mulx r9, r8, [rsi]",
                "mulx r10, rax, [rsi + 8]",
                "add r9, rax",
                "mulx r11, rax, [rsi + 16]",
                "adc r10, rax",
                "mulx r12, rax, [rsi + 24]",
                "adc r11, rax",
                "adc r12, 0",
                // Row 1: t1..t5 += a * b1 (low halves on CF, high halves on OF).
                "mov rdx, [rdi + 8]",
                "xor r13d, r13d",
                "mulx rcx, rax, [rsi]", "adcx r9, rax", "adox r10, rcx",
                "mulx rcx, rax, [rsi + 8]", "adcx r10, rax", "adox r11, rcx",
                "mulx rcx, rax, [rsi + 16]", "adcx r11, rax", "adox r12, rcx",
                "mulx rcx, rax, [rsi + 24]", "adcx r12, rax", "adox r13, rcx",
                "adc r13, 0",
                // Row 2: t2..t6 += a * b2.
                "mov rdx, [rdi + 16]",
                "xor r14d, r14d",
                "mulx rcx, rax, [rsi]", "adcx r10, rax", "adox r11, rcx",
                "mulx rcx, rax, [rsi + 8]", "adcx r11, rax", "adox r12, rcx",
                "mulx rcx, rax, [rsi + 16]", "adcx r12, rax", "adox r13, rcx",
                "mulx rcx, rax, [rsi + 24]", "adcx r13, rax", "adox r14, rcx",
                "adc r14, 0",
                // Row 3: t3..t7 += a * b3.
                "mov rdx, [rdi + 24]",
                "xor r15d, r15d",
                "mulx rcx, rax, [rsi]", "adcx r11, rax", "adox r12, rcx",
                "mulx rcx, rax, [rsi + 8]", "adcx r12, rax", "adox r13, rcx",
                "mulx rcx, rax, [rsi + 16]", "adcx r13, rax", "adox r14, rcx",
                "mulx rcx, rax, [rsi + 24]", "adcx r14, rax", "adox r15, rcx",
                "adc r15, 0",
                // t0..t3 += 38 * t4..t7; the top word (<= 39) goes to r12.
                "mov edx, 38",
                "xor eax, eax",
                "mulx rcx, rax, r12", "adcx r8, rax", "adox r9, rcx",
                "mulx rcx, rax, r13", "adcx r9, rax", "adox r10, rcx",
                "mulx rcx, rax, r14", "adcx r10, rax", "adox r11, rcx",
                "mulx r12, rax, r15", "adcx r11, rax",
                "mov eax, 0",
                "adox r12, rax",
                "adcx r12, rax",
                // t0..t3 += 38 * top; a final carry adds 38 to the (then small) low word.
                "imul r12, r12, 38",
                "add r8, r12",
                "adc r9, 0",
                "adc r10, 0",
                "adc r11, 0",
                "sbb rax, rax",
                "and eax, 38",
                "add r8, rax",
                in("rsi") a.as_ptr(),
                in("rdi") b.as_ptr(),
                out("rdx") _,
                out("rax") _,
                out("rcx") _,
                out("r8") r0, out("r9") r1, out("r10") r2, out("r11") r3,
                out("r12") _, out("r13") _, out("r14") _, out("r15") _,
                options(pure, readonly, nostack),
            );
        }
        [r0, r1, r2, r3]
    }

    /// `a^2 mod p`, partially reduced, for any `a < 2^256`: the six cross products once, doubled, plus the four
    /// squares (10 `mulx`), then the reduction of [`Adx::mul`].
    #[inline(always)]
    pub(super) fn sqr(self, a: &[u64; 4]) -> [u64; 4] {
        let (r0, r1, r2, r3): (u64, u64, u64, u64);
        // SAFETY: the witness proves BMI2 and ADX are available. The assembly reads exactly 4 words at `a` (a
        // valid `[u64; 4]` reference), writes only registers it declares as outputs or clobbers, does not touch
        // the stack, and leaves the direction flag alone.
        unsafe {
            asm!(
                // Cross products a_i * a_j (i < j) into t1..t6 (r9..r14).
                "mov rdx, [rsi]",
                "mulx r10, r9, [rsi + 8]",
                "mulx r11, rax, [rsi + 16]",
                "add r10, rax",
                "mulx r12, rax, [rsi + 24]",
                "adc r11, rax",
                "adc r12, 0",
                "mov rdx, [rsi + 8]",
                "mulx rcx, rax, [rsi + 16]",
                "mulx r13, rdi, [rsi + 24]",
                "add rdi, rcx",
                "adc r13, 0",
                "add r11, rax",
                "adc r12, rdi",
                "adc r13, 0",
                "mov rdx, [rsi + 16]",
                "mulx r14, rax, [rsi + 24]",
                "add r13, rax",
                "adc r14, 0",
                // Double them into t1..t7 (r15 = t7).
                "xor r15d, r15d",
                "add r9, r9", "adc r10, r10", "adc r11, r11", "adc r12, r12", "adc r13, r13", "adc r14, r14",
                "adc r15, 0",
                // Add the squares a_i^2 at positions 2i, 2i+1: t0 (r8) .. t7.
                "mov rdx, [rsi]",
                "mulx rcx, r8, rdx",
                "add r9, rcx",
                "mov rdx, [rsi + 8]",
                "mulx rcx, rax, rdx",
                "adc r10, rax", "adc r11, rcx",
                "mov rdx, [rsi + 16]",
                "mulx rcx, rax, rdx",
                "adc r12, rax", "adc r13, rcx",
                "mov rdx, [rsi + 24]",
                "mulx rcx, rax, rdx",
                "adc r14, rax", "adc r15, rcx",
                // t0..t3 += 38 * t4..t7; the top word (<= 39) goes to r12.
                "mov edx, 38",
                "xor eax, eax",
                "mulx rcx, rax, r12", "adcx r8, rax", "adox r9, rcx",
                "mulx rcx, rax, r13", "adcx r9, rax", "adox r10, rcx",
                "mulx rcx, rax, r14", "adcx r10, rax", "adox r11, rcx",
                "mulx r12, rax, r15", "adcx r11, rax",
                "mov eax, 0",
                "adox r12, rax",
                "adcx r12, rax",
                "imul r12, r12, 38",
                "add r8, r12",
                "adc r9, 0",
                "adc r10, 0",
                "adc r11, 0",
                "sbb rax, rax",
                "and eax, 38",
                "add r8, rax",
                in("rsi") a.as_ptr(),
                out("rdi") _,
                out("rdx") _,
                out("rax") _,
                out("rcx") _,
                out("r8") r0, out("r9") r1, out("r10") r2, out("r11") r3,
                out("r12") _, out("r13") _, out("r14") _, out("r15") _,
                options(pure, readonly, nostack),
            );
        }
        [r0, r1, r2, r3]
    }
}

impl Field for Fe64 {
    const ZERO: Fe64 = Fe64([0; 4]);
    const ONE: Fe64 = Fe64([1, 0, 0, 0]);
    const D: Fe64 = Fe64::from_bytes_const(&D_BYTES);
    const D2: Fe64 = Fe64::from_bytes_const(&D2_BYTES);
    const SQRT_M1: Fe64 = Fe64::from_bytes_const(&SQRT_M1_BYTES);

    fn from_bytes(b: &[u8; 32]) -> Fe64 {
        Fe64::from_bytes_const(b)
    }

    fn to_bytes(&self) -> [u8; 32] {
        let a = self.0;
        // Fold bit 255: t = a mod 2^255 + 19 * a[255] < 2^255 + 19.
        let top = a[3] >> 63;
        let (t0, c) = adc(a[0], 19 * top, 0);
        let (t1, c) = adc(a[1], 0, c);
        let (t2, c) = adc(a[2], 0, c);
        let (t3, _) = adc(a[3] & ((1 << 63) - 1), 0, c);
        // t >= p iff t + 19 >= 2^255; then the result is t + 19 - 2^255.
        let (u0, c) = adc(t0, 19, 0);
        let (u1, c) = adc(t1, 0, c);
        let (u2, c) = adc(t2, 0, c);
        let (u3, _) = adc(t3, 0, c);
        let ge = field::mask(u3 >> 63);
        let r = [
            (t0 & !ge) | (u0 & ge),
            (t1 & !ge) | (u1 & ge),
            (t2 & !ge) | (u2 & ge),
            (t3 & !ge) | (u3 & ge & ((1 << 63) - 1)),
        ];
        let mut out = [0u8; 32];
        for (o, x) in out.chunks_exact_mut(8).zip(r) {
            o.copy_from_slice(&x.to_le_bytes());
        }
        out
    }

    #[inline(always)]
    fn square(&self) -> Fe64 {
        match adx() {
            Some(w) => Fe64(w.sqr(&self.0)),
            None => mul_fallback(self, self),
        }
    }

    #[inline(always)]
    fn mul_121666(&self) -> Fe64 {
        let mut lo = [0u64; 4];
        let mut carry = 0u128;
        for (l, &a) in lo.iter_mut().zip(&self.0) {
            let s = u128::from(a) * 121666 + carry;
            *l = s as u64;
            carry = s >> 64;
        }
        Fe64::fold(lo, carry as u64)
    }

    #[inline(always)]
    fn cswap(a: &mut Fe64, b: &mut Fe64, choice: u64) {
        let mask = field::mask(choice);
        for i in 0..4 {
            let t = mask & (a.0[i] ^ b.0[i]);
            a.0[i] ^= t;
            b.0[i] ^= t;
        }
    }

    #[inline(always)]
    fn cmov(&mut self, other: &Fe64, choice: u64) {
        let mask = field::mask(choice);
        for i in 0..4 {
            self.0[i] ^= mask & (self.0[i] ^ other.0[i]);
        }
    }

    fn tables() -> &'static Tables<Fe64> {
        static TABLES: OnceLock<Tables<Fe64>> = OnceLock::new();
        TABLES.get_or_init(Tables::generate)
    }
}

impl Add for Fe64 {
    type Output = Fe64;
    #[inline(always)]
    fn add(self, rhs: Fe64) -> Fe64 {
        let [mut r0, mut r1, mut r2, mut r3] = self.0;
        // SAFETY: plain x86-64 integer instructions on registers only (no memory access, no stack use); every
        // register written is declared.
        unsafe {
            asm!(
                "add {r0}, {b0}",
                "adc {r1}, {b1}",
                "adc {r2}, {b2}",
                "adc {r3}, {b3}",
                // A carry is 2^256 = 38 (mod p); a second carry leaves r0 < 38, so the last add cannot carry.
                "sbb {t}, {t}",
                "and {t:e}, 38",
                "add {r0}, {t}",
                "adc {r1}, 0",
                "adc {r2}, 0",
                "adc {r3}, 0",
                "sbb {t}, {t}",
                "and {t:e}, 38",
                "add {r0}, {t}",
                r0 = inout(reg) r0, r1 = inout(reg) r1, r2 = inout(reg) r2, r3 = inout(reg) r3,
                b0 = in(reg) rhs.0[0], b1 = in(reg) rhs.0[1], b2 = in(reg) rhs.0[2], b3 = in(reg) rhs.0[3],
                t = out(reg) _,
                options(pure, nomem, nostack),
            );
        }
        Fe64([r0, r1, r2, r3])
    }
}

impl Sub for Fe64 {
    type Output = Fe64;
    #[inline(always)]
    fn sub(self, rhs: Fe64) -> Fe64 {
        let [mut r0, mut r1, mut r2, mut r3] = self.0;
        // SAFETY: plain x86-64 integer instructions on registers only (no memory access, no stack use); every
        // register written is declared.
        unsafe {
            asm!(
                "sub {r0}, {b0}",
                "sbb {r1}, {b1}",
                "sbb {r2}, {b2}",
                "sbb {r3}, {b3}",
                // A borrow means r - 2^256 = r - 38 (mod p); a second borrow leaves r0 >= 2^64 - 38, so the
                // last subtraction cannot borrow.
                "sbb {t}, {t}",
                "and {t:e}, 38",
                "sub {r0}, {t}",
                "sbb {r1}, 0",
                "sbb {r2}, 0",
                "sbb {r3}, 0",
                "sbb {t}, {t}",
                "and {t:e}, 38",
                "sub {r0}, {t}",
                r0 = inout(reg) r0, r1 = inout(reg) r1, r2 = inout(reg) r2, r3 = inout(reg) r3,
                b0 = in(reg) rhs.0[0], b1 = in(reg) rhs.0[1], b2 = in(reg) rhs.0[2], b3 = in(reg) rhs.0[3],
                t = out(reg) _,
                options(pure, nomem, nostack),
            );
        }
        Fe64([r0, r1, r2, r3])
    }
}

impl Neg for Fe64 {
    type Output = Fe64;
    #[inline(always)]
    fn neg(self) -> Fe64 {
        Fe64::ZERO - self
    }
}

impl Mul for Fe64 {
    type Output = Fe64;
    #[inline(always)]
    fn mul(self, rhs: Fe64) -> Fe64 {
        match adx() {
            Some(w) => Fe64(w.mul(&self.0, &rhs.0)),
            None => mul_fallback(&self, &rhs),
        }
    }
}
