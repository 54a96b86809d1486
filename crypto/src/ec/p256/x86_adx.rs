//! P-256 Montgomery multiplication with BMI2 (`mulx`, `shlx`/`shrx`) and ADX (`adcx`/`adox`), in inline assembly:
//! modulo p ([`Adx::mul`], [`Adx::sqr`]) and modulo the group order n ([`Adx::mont_mul_generic`]); plus modular
//! addition and subtraction modulo p on registers ([`Adx::add`], [`Adx::sub`]).
//!
//! One Montgomery multiplication interleaves the four rows of the schoolbook product (two independent carry
//! chains per row, CF and OF) with the reduction steps. Because `-p^-1 mod 2^64 = 1`, each step's multiplier
//! is the low word `m` itself, and `m * p` needs no multiplication: `m * p = m * 2^256 - m * 2^224 +
//! m * 2^192 + m * 2^96 - m`, i.e. the low word cancels, `m * 2^32` is added one word up and
//! `m * (2^64 - 2^32 + 1)` three words up (shifts and subtractions). A final conditional subtraction of p
//! (with `cmov`) gives the fully reduced result. No branches, no memory access depending on the values:
//! constant-time.
//!
//! Callers must hold an [`Adx`] witness, which only [`adx`] hands out after detecting both features.

use core::arch::asm;
use core::sync::atomic::{AtomicU8, Ordering};

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

impl Adx {
    /// `a * b * 2^-256 mod p` for `a, b < p`; the result is `< p`.
    #[inline(always)]
    pub(super) fn mul(self, a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
        let (r0, r1, r2, r3): (u64, u64, u64, u64);
        // SAFETY: the witness proves BMI2 and ADX are available. The assembly reads exactly 4 words at `a`
        // and at `b` (both valid `[u64; 4]` references), writes only registers it declares as outputs or
        // clobbers, does not touch the stack, and leaves the direction flag alone.
        unsafe {
            asm!(
                // r15 = 32, the shift count of the reductions (BMI2 shlx/shrx leave the source intact).
                "mov r15d, 32",
                // Row 0: w0..w4 = a * b0 (r8..r12), w5 = 0 (r13).
                "mov rdx, [rdi]",
                "mulx r9, r8, [rsi]",
                "mulx r10, rax, [rsi + 8]",
                "add r9, rax",
                "mulx r11, rax, [rsi + 16]",
                "adc r10, rax",
                "mulx r12, rax, [rsi + 24]",
                "adc r11, rax",
                "adc r12, 0",
                "xor r13d, r13d",
                // Reduction with m = w0 (r8) into w1..w5: m * p = m * 2^256 + m * 2^96 + m * (2^64 - 2^32 + 1) *
                // 2^192 - m, and the low word w0 + (2^64 - 1) m carries m out: add (m << 32) at w1 and m * (2^64 -
                // 2^32 + 1) = (m - (m >> 32) - borrow) : (m - (m << 32)) at w3; m's register takes that low word.
                "shlx rax, r8, r15", "shrx rcx, r8, r15",
                "mov r14, r8", "sub r8, rax", "sbb r14, rcx",
                "add r9, rax", "adc r10, rcx", "adc r11, r8", "adc r12, r14", "adc r13, 0",
                // Row 1: w1..w5 += a * b1, new top w6 (r8).
                "mov rdx, [rdi + 8]",
                "xor r8d, r8d",
                "mulx rcx, rax, [rsi]", "adcx r9, rax", "adox r10, rcx",
                "mulx rcx, rax, [rsi + 8]", "adcx r10, rax", "adox r11, rcx",
                "mulx rcx, rax, [rsi + 16]", "adcx r11, rax", "adox r12, rcx",
                "mulx rcx, rax, [rsi + 24]", "adcx r12, rax", "adox r13, rcx",
                "adcx r13, r8", "adox r8, r8", "adc r8, 0",
                // Reduction with m = w1 (r9) into w2..w6.
                "shlx rax, r9, r15", "shrx rcx, r9, r15",
                "mov r14, r9", "sub r9, rax", "sbb r14, rcx",
                "add r10, rax", "adc r11, rcx", "adc r12, r9", "adc r13, r14", "adc r8, 0",
                // Row 2: w2..w6 += a * b2, new top w7 (r9).
                "mov rdx, [rdi + 16]",
                "xor r9d, r9d",
                "mulx rcx, rax, [rsi]", "adcx r10, rax", "adox r11, rcx",
                "mulx rcx, rax, [rsi + 8]", "adcx r11, rax", "adox r12, rcx",
                "mulx rcx, rax, [rsi + 16]", "adcx r12, rax", "adox r13, rcx",
                "mulx rcx, rax, [rsi + 24]", "adcx r13, rax", "adox r8, rcx",
                "adcx r8, r9", "adox r9, r9", "adc r9, 0",
                // Reduction with m = w2 (r10) into w3..w7.
                "shlx rax, r10, r15", "shrx rcx, r10, r15",
                "mov r14, r10", "sub r10, rax", "sbb r14, rcx",
                "add r11, rax", "adc r12, rcx", "adc r13, r10", "adc r8, r14", "adc r9, 0",
                // Row 3: w3..w7 += a * b3, new top w8 (r10).
                "mov rdx, [rdi + 24]",
                "xor r10d, r10d",
                "mulx rcx, rax, [rsi]", "adcx r11, rax", "adox r12, rcx",
                "mulx rcx, rax, [rsi + 8]", "adcx r12, rax", "adox r13, rcx",
                "mulx rcx, rax, [rsi + 16]", "adcx r13, rax", "adox r8, rcx",
                "mulx rcx, rax, [rsi + 24]", "adcx r8, rax", "adox r9, rcx",
                "adcx r9, r10", "adox r10, r10", "adc r10, 0",
                // Reduction with m = w3 (r11) into w4..w8.
                "shlx rax, r11, r15", "shrx rcx, r11, r15",
                "mov r14, r11", "sub r11, rax", "sbb r14, rcx",
                "add r12, rax", "adc r13, rcx", "adc r8, r11", "adc r9, r14", "adc r10, 0",
                // (w8, w7..w4) = (r10, r9, r8, r13, r12) < 2p: subtract p unless that borrows.
                "mov rax, r12", "mov rcx, r13", "mov r14, r8", "mov r15, r9",
                "mov edx, 0xffffffff",
                "mov rdi, 0xffffffff00000001",
                "sub rax, -1",
                "sbb rcx, rdx",
                "sbb r14, 0",
                "sbb r15, rdi",
                "sbb r10, 0",
                "cmovc rax, r12", "cmovc rcx, r13", "cmovc r14, r8", "cmovc r15, r9",
                inout("rsi") a.as_ptr() => _,
                inout("rdi") b.as_ptr() => _,
                out("rdx") _,
                out("rax") r0,
                out("rcx") r1,
                out("r14") r2,
                out("r15") r3,
                out("r8") _, out("r9") _, out("r10") _, out("r11") _, out("r12") _, out("r13") _,
                options(pure, readonly, nostack),
            );
        }
        [r0, r1, r2, r3]
    }

    /// `a^2 * 2^-256 mod p` for `a < p`; the result is `< p`. The 512-bit square takes 10 `mulx` (cross products
    /// once, doubled, plus the squares); then its low half is Montgomery-reduced (result `<= p`) and the high
    /// half added (`< 2p`), followed by one conditional subtraction.
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
                // Montgomery-reduce the low half t0..t3: four steps, each m = the lowest word, whose register
                // then receives the new top word.
                "mov rax, r8", "shl rax, 32",
                "mov rcx, r8", "shr rcx, 32",
                "mov rdx, r8", "sub rdx, rax",
                "sbb r8, rcx",
                "add r9, rax", "adc r10, rcx", "adc r11, rdx", "adc r8, 0",
                "mov rax, r9", "shl rax, 32",
                "mov rcx, r9", "shr rcx, 32",
                "mov rdx, r9", "sub rdx, rax",
                "sbb r9, rcx",
                "add r10, rax", "adc r11, rcx", "adc r8, rdx", "adc r9, 0",
                "mov rax, r10", "shl rax, 32",
                "mov rcx, r10", "shr rcx, 32",
                "mov rdx, r10", "sub rdx, rax",
                "sbb r10, rcx",
                "add r11, rax", "adc r8, rcx", "adc r9, rdx", "adc r10, 0",
                "mov rax, r11", "shl rax, 32",
                "mov rcx, r11", "shr rcx, 32",
                "mov rdx, r11", "sub rdx, rax",
                "sbb r11, rcx",
                "add r8, rax", "adc r9, rcx", "adc r10, rdx", "adc r11, 0",
                // + high half: (rsi, r11..r8) < 2p.
                "add r8, r12", "adc r9, r13", "adc r10, r14", "adc r11, r15",
                "mov esi, 0",
                "adc rsi, 0",
                // Subtract p unless that borrows.
                "mov rax, r8", "mov rcx, r9", "mov rdx, r10", "mov rdi, r11",
                "mov r12d, 0xffffffff",
                "mov r13, 0xffffffff00000001",
                "sub rax, -1",
                "sbb rcx, r12",
                "sbb rdx, 0",
                "sbb rdi, r13",
                "sbb rsi, 0",
                "cmovc rax, r8", "cmovc rcx, r9", "cmovc rdx, r10", "cmovc rdi, r11",
                inout("rsi") a.as_ptr() => _,
                out("rax") r0,
                out("rcx") r1,
                out("rdx") r2,
                out("rdi") r3,
                out("r8") _, out("r9") _, out("r10") _, out("r11") _,
                out("r12") _, out("r13") _, out("r14") _, out("r15") _,
                options(pure, readonly, nostack),
            );
        }
        [r0, r1, r2, r3]
    }

    /// `a + b mod p` for `a, b < p`; the result is `< p`. Registers only: add with carry, subtract p, keep the
    /// sum (`cmov`) if that borrowed.
    #[inline(always)]
    pub(super) fn add(self, a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
        let [mut a0, mut a1, mut a2, mut a3] = *a;
        let [b0, b1, b2, b3] = *b;
        // SAFETY: plain register arithmetic (no memory access, no stack, flags only); the witness is not even
        // needed for these instructions, which every x86-64 CPU has.
        unsafe {
            asm!(
                "xor {c:e}, {c:e}",
                "add {a0}, {b0}", "adc {a1}, {b1}", "adc {a2}, {b2}", "adc {a3}, {b3}", "adc {c}, 0",
                "mov {b0}, {a0}", "mov {b1}, {a1}", "mov {b2}, {a2}", "mov {b3}, {a3}",
                "sub {a0}, -1", "sbb {a1}, {p1}", "sbb {a2}, 0", "sbb {a3}, {p3}", "sbb {c}, 0",
                "cmovc {a0}, {b0}", "cmovc {a1}, {b1}", "cmovc {a2}, {b2}", "cmovc {a3}, {b3}",
                a0 = inout(reg) a0, a1 = inout(reg) a1, a2 = inout(reg) a2, a3 = inout(reg) a3,
                b0 = inout(reg) b0 => _, b1 = inout(reg) b1 => _, b2 = inout(reg) b2 => _, b3 = inout(reg) b3 => _,
                c = out(reg) _,
                p1 = in(reg) 0x0000_0000_ffff_ffffu64,
                p3 = in(reg) 0xffff_ffff_0000_0001u64,
                options(pure, nomem, nostack),
            );
        }
        [a0, a1, a2, a3]
    }

    /// `a - b mod p` for `a, b < p`; the result is `< p`. Registers only: subtract with borrow, then add p masked
    /// by the borrow (p's limbs are `[m, m >> 32, 0, -(m >> 32)]` for the mask m).
    #[inline(always)]
    pub(super) fn sub(self, a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
        let [mut a0, mut a1, mut a2, mut a3] = *a;
        let [b0, b1, b2, b3] = *b;
        // SAFETY: plain register arithmetic (no memory access, no stack, flags only).
        unsafe {
            asm!(
                "sub {a0}, {b0}", "sbb {a1}, {b1}", "sbb {a2}, {b2}", "sbb {a3}, {b3}",
                "sbb {b0}, {b0}",
                "mov {b1:e}, {b0:e}",
                "mov {b3}, {b1}",
                "neg {b3}",
                "add {a0}, {b0}", "adc {a1}, {b1}", "adc {a2}, 0", "adc {a3}, {b3}",
                a0 = inout(reg) a0, a1 = inout(reg) a1, a2 = inout(reg) a2, a3 = inout(reg) a3,
                b0 = inout(reg) b0 => _, b1 = inout(reg) b1 => _, b2 = in(reg) b2, b3 = inout(reg) b3 => _,
                options(pure, nomem, nostack),
            );
        }
        [a0, a1, a2, a3]
    }

    /// Montgomery multiplication `a * b * 2^-256 mod m` for any odd modulus `2^255 < m < 2^256` (the scalar
    /// order n), `a, b < m`; `md = [m0, m1, m2, m3, -m^-1 mod 2^64]`. Interleaved rows and reduction steps
    /// (CIOS), each with two carry chains; the result is `< m`.
    #[inline(always)]
    pub(super) fn mont_mul_generic(self, a: &[u64; 4], b: &[u64; 4], md: &[u64; 5]) -> [u64; 4] {
        let (r0, r1, r2, r3): (u64, u64, u64, u64);
        // SAFETY: the witness proves BMI2 and ADX are available. The assembly reads exactly 4 words at `a` and
        // at `b` and 5 words at `md` (valid array references), writes only registers it declares as outputs or
        // clobbers, does not touch the stack, and leaves the direction flag alone.
        unsafe {
            asm!(
                "xor r8d, r8d",
                "xor r9d, r9d",
                "xor r10d, r10d",
                "xor r11d, r11d",
                "xor r12d, r12d",
                // Row 0: acc += a * b0.
                "mov rdx, [rdi]",
                "xor r14d, r14d",
                "mulx rcx, rax, [rsi]",
                "adcx r8, rax",
                "adox r9, rcx",
                "mulx rcx, rax, [rsi + 8]",
                "adcx r9, rax",
                "adox r10, rcx",
                "mulx rcx, rax, [rsi + 16]",
                "adcx r10, rax",
                "adox r11, rcx",
                "mulx rcx, rax, [rsi + 24]",
                "adcx r11, rax",
                "adox r12, rcx",
                "mov r13, 0",
                "adcx r12, r14",
                "adcx r13, r14",
                "adox r13, r14",
                // m = acc0 * (-n^-1) mod 2^64; acc += m * n, then shift by one word.
                "mov rdx, r8",
                "imul rdx, [r15 + 32]",
                "xor r14d, r14d",
                "mulx rcx, rax, [r15]",
                "adcx r8, rax",
                "adox r9, rcx",
                "mulx rcx, rax, [r15 + 8]",
                "adcx r9, rax",
                "adox r10, rcx",
                "mulx rcx, rax, [r15 + 16]",
                "adcx r10, rax",
                "adox r11, rcx",
                "mulx rcx, rax, [r15 + 24]",
                "adcx r11, rax",
                "adox r12, rcx",
                "adcx r12, r14",
                "adcx r13, r14",
                "adox r13, r14",
                // Row 1: acc += a * b1.
                "mov rdx, [rdi + 8]",
                "xor r14d, r14d",
                "mulx rcx, rax, [rsi]",
                "adcx r9, rax",
                "adox r10, rcx",
                "mulx rcx, rax, [rsi + 8]",
                "adcx r10, rax",
                "adox r11, rcx",
                "mulx rcx, rax, [rsi + 16]",
                "adcx r11, rax",
                "adox r12, rcx",
                "mulx rcx, rax, [rsi + 24]",
                "adcx r12, rax",
                "adox r13, rcx",
                "mov r8, 0",
                "adcx r13, r14",
                "adcx r8, r14",
                "adox r8, r14",
                // m = acc0 * (-n^-1) mod 2^64; acc += m * n, then shift by one word.
                "mov rdx, r9",
                "imul rdx, [r15 + 32]",
                "xor r14d, r14d",
                "mulx rcx, rax, [r15]",
                "adcx r9, rax",
                "adox r10, rcx",
                "mulx rcx, rax, [r15 + 8]",
                "adcx r10, rax",
                "adox r11, rcx",
                "mulx rcx, rax, [r15 + 16]",
                "adcx r11, rax",
                "adox r12, rcx",
                "mulx rcx, rax, [r15 + 24]",
                "adcx r12, rax",
                "adox r13, rcx",
                "adcx r13, r14",
                "adcx r8, r14",
                "adox r8, r14",
                // Row 2: acc += a * b2.
                "mov rdx, [rdi + 16]",
                "xor r14d, r14d",
                "mulx rcx, rax, [rsi]",
                "adcx r10, rax",
                "adox r11, rcx",
                "mulx rcx, rax, [rsi + 8]",
                "adcx r11, rax",
                "adox r12, rcx",
                "mulx rcx, rax, [rsi + 16]",
                "adcx r12, rax",
                "adox r13, rcx",
                "mulx rcx, rax, [rsi + 24]",
                "adcx r13, rax",
                "adox r8, rcx",
                "mov r9, 0",
                "adcx r8, r14",
                "adcx r9, r14",
                "adox r9, r14",
                // m = acc0 * (-n^-1) mod 2^64; acc += m * n, then shift by one word.
                "mov rdx, r10",
                "imul rdx, [r15 + 32]",
                "xor r14d, r14d",
                "mulx rcx, rax, [r15]",
                "adcx r10, rax",
                "adox r11, rcx",
                "mulx rcx, rax, [r15 + 8]",
                "adcx r11, rax",
                "adox r12, rcx",
                "mulx rcx, rax, [r15 + 16]",
                "adcx r12, rax",
                "adox r13, rcx",
                "mulx rcx, rax, [r15 + 24]",
                "adcx r13, rax",
                "adox r8, rcx",
                "adcx r8, r14",
                "adcx r9, r14",
                "adox r9, r14",
                // Row 3: acc += a * b3.
                "mov rdx, [rdi + 24]",
                "xor r14d, r14d",
                "mulx rcx, rax, [rsi]",
                "adcx r11, rax",
                "adox r12, rcx",
                "mulx rcx, rax, [rsi + 8]",
                "adcx r12, rax",
                "adox r13, rcx",
                "mulx rcx, rax, [rsi + 16]",
                "adcx r13, rax",
                "adox r8, rcx",
                "mulx rcx, rax, [rsi + 24]",
                "adcx r8, rax",
                "adox r9, rcx",
                "mov r10, 0",
                "adcx r9, r14",
                "adcx r10, r14",
                "adox r10, r14",
                // m = acc0 * (-n^-1) mod 2^64; acc += m * n, then shift by one word.
                "mov rdx, r11",
                "imul rdx, [r15 + 32]",
                "xor r14d, r14d",
                "mulx rcx, rax, [r15]",
                "adcx r11, rax",
                "adox r12, rcx",
                "mulx rcx, rax, [r15 + 8]",
                "adcx r12, rax",
                "adox r13, rcx",
                "mulx rcx, rax, [r15 + 16]",
                "adcx r13, rax",
                "adox r8, rcx",
                "mulx rcx, rax, [r15 + 24]",
                "adcx r8, rax",
                "adox r9, rcx",
                "adcx r9, r14",
                "adcx r10, r14",
                "adox r10, r14",
                // (acc4, acc3..acc0) < 2n: subtract n unless that borrows.
                "mov rax, r12",
                "mov rcx, r13",
                "mov rdx, r8",
                "mov rsi, r9",
                "sub rax, [r15]",
                "sbb rcx, [r15 + 8]",
                "sbb rdx, [r15 + 16]",
                "sbb rsi, [r15 + 24]",
                "sbb r10, 0",
                "cmovc rax, r12",
                "cmovc rcx, r13",
                "cmovc rdx, r8",
                "cmovc rsi, r9",
                inout("rsi") a.as_ptr() => r3,
                in("rdi") b.as_ptr(),
                in("r15") md.as_ptr(),
                out("rax") r0,
                out("rcx") r1,
                out("rdx") r2,
                out("r8") _, out("r9") _, out("r10") _, out("r11") _, out("r12") _, out("r13") _, out("r14") _,
                options(pure, readonly, nostack),
            );
        }
        [r0, r1, r2, r3]
    }
}
