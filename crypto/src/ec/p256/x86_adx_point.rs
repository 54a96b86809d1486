//! Whole P-256 point operations in one assembly block each, on BMI2 + ADX: the Jacobian doubling of
//! [`super::jacobian::JacobianPoint::double`] and the addition of
//! [`super::jacobian::JacobianPoint::add_ct_distinct`] (same formulas, same results).
//!
//! Composed from the field operations of [`super::x86_adx`] written as assembly text (`x86_adx_text.rs`) over
//! one scratch area: every operand is a 32-byte slot at a constant offset from `rsi`, every result is stored to
//! a slot. Fused, a doubling runs without the per-operation backend checks, register shuffles and spills the
//! compiler adds around separate `asm!` blocks (about a fifth of the doubling's time). All arithmetic is
//! branch-free and the addresses are constants: constant-time.
//!
//! The two blocks stay out of line (`inline(never)`): inlined into the unrolled loops of the scalar
//! multiplications they made about 30 KB of hot code and were no faster than the separate operations.

use core::arch::asm;

use super::field::Fe;
use super::jacobian::JacobianPoint;
use super::mul::PointOps;
use super::x86_adx::Adx;

/// The scratch area of the fused operations: 32-byte slots. Slots 0-2 hold a point (X, Y, Z) to double or
/// add to, 3-5 the point added to it, 6-8 the sum, the rest temporaries. Wiped on drop (it holds
/// secret-dependent values).
struct Scratch([[u64; 4]; SLOTS]);

/// Number of slots.
const SLOTS: usize = 20;

impl Drop for Scratch {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(self.0.as_flattened_mut());
    }
}

/// The fused point operations: the witness and a scratch area.
pub(super) struct Fused {
    cpu: Adx,
    s: Scratch,
}

impl Fused {
    /// Fused operations on a CPU with BMI2 and ADX.
    pub(super) fn new(cpu: Adx) -> Fused {
        Fused { cpu, s: Scratch([[0; 4]; SLOTS]) }
    }
}

impl PointOps for Fused {
    #[inline(always)]
    fn load(&mut self, p: &JacobianPoint) {
        self.s.set(0, p);
    }

    #[inline(always)]
    fn point(&self) -> JacobianPoint {
        self.s.get(0)
    }

    #[inline(always)]
    fn double_n(&mut self, n: usize) {
        for _ in 0..n {
            self.s.double(self.cpu);
        }
    }

    #[inline(always)]
    fn add_ct_distinct(&mut self, b: &JacobianPoint) {
        self.s.set(3, b);
        self.s.add(self.cpu);
    }
}

impl Scratch {
    /// Stores `p` in slots `i..i + 3`.
    #[inline(always)]
    fn set(&mut self, i: usize, p: &JacobianPoint) {
        self.0[i] = p.x.0;
        self.0[i + 1] = p.y.0;
        self.0[i + 2] = p.z.0;
    }

    /// The point in slots `i..i + 3`.
    #[inline(always)]
    fn get(&self, i: usize) -> JacobianPoint {
        JacobianPoint { x: Fe(self.0[i]), y: Fe(self.0[i + 1]), z: Fe(self.0[i + 2]) }
    }

    /// Adds the point in slots 3-5 to the one in slots 0-2: exactly [`JacobianPoint::add_ct_distinct`], i.e.
    /// "add-1998-cmo-2" (12M + 4S) into slots 6-8, then the selections for identity inputs (`cmov`).
    #[inline(never)]
    fn add(&mut self, _cpu: Adx) {
        // Slots: 0-2 X1 Y1 Z1, 3-5 X2 Y2 Z2, 6-8 X3 Y3 Z3, 9 Z1^2, 10 Z2^2, 11 U1, 12 U2, 13 S1, 14 S2 then R,
        // 15 temporary, 16 H, 17 H^2, 18 H^3, 19 V.
        // SAFETY: the witness proves BMI2 and ADX are available. The assembly reads and writes only the
        // `SLOTS * 32` bytes of the scratch area (every address is rsi plus a constant below 640), clobbers only
        // the registers declared, does not touch the stack, and leaves the direction flag alone.
        unsafe {
            asm!(
                sqr!(288, 64),        // Z1^2
                sqr!(320, 160),       // Z2^2
                mul!(352, 0, 320),    // U1 = X1 Z2^2
                mul!(384, 96, 288),   // U2 = X2 Z1^2
                mul!(480, 160, 320),  // Z2^3
                mul!(416, 32, 480),   // S1 = Y1 Z2^3
                mul!(480, 64, 288),   // Z1^3
                mul!(448, 128, 480),  // S2 = Y2 Z1^3
                sub!(512, 384, 352),  // H = U2 - U1
                sub!(448, 448, 416),  // R = S2 - S1
                sqr!(544, 512),       // H^2
                mul!(576, 512, 544),  // H^3
                mul!(608, 352, 544),  // V = U1 H^2
                sqr!(192, 448),       // R^2
                sub!(192, 192, 576),  // R^2 - H^3
                add!(480, 608, 608),  // 2V
                sub!(192, 192, 480),  // X3
                sub!(480, 608, 192),  // V - X3
                mul!(224, 448, 480),  // R (V - X3)
                mul!(480, 416, 576),  // S1 H^3
                sub!(224, 224, 480),  // Y3
                mul!(480, 64, 160),   // Z1 Z2
                mul!(256, 480, 512),  // Z3 = Z1 Z2 H
                // Z1 = 0: the sum is the second point.
                "mov rax, [rsi + 64]", "or rax, [rsi + 72]", "or rax, [rsi + 80]", "or rax, [rsi + 88]",
                select!("cmovz", 192, 96), select!("cmovz", 224, 128), select!("cmovz", 256, 160),
                // Z2 = 0: the sum is the first point, else slots 6-8 replace it.
                "mov rax, [rsi + 160]", "or rax, [rsi + 168]", "or rax, [rsi + 176]", "or rax, [rsi + 184]",
                select!("cmovnz", 0, 192), select!("cmovnz", 32, 224), select!("cmovnz", 64, 256),
                inout("rsi") self.0.as_mut_ptr() => _,
                out("rax") _, out("rcx") _, out("rdx") _, out("rdi") _,
                out("r8") _, out("r9") _, out("r10") _, out("r11") _,
                out("r12") _, out("r13") _, out("r14") _, out("r15") _,
                options(nostack),
            );
        }
    }

    /// Doubles the point in slots 0-2: exactly [`JacobianPoint::double`] (4M + 4S, "dbl-2001-b" around `2Y`).
    #[inline(never)]
    fn double(&mut self, _cpu: Adx) {
        // Slots: 0 X, 1 Y, 2 Z (in and out), 6 delta, 7 2Y, 8 gamma' = (2Y)^2, 9 beta' = X gamma',
        // 10 t then alpha, 11 and 12 temporaries.
        // SAFETY: the witness proves BMI2 and ADX are available. The assembly reads and writes only the
        // `SLOTS * 32` bytes of the scratch area (every address is rsi plus a constant below 416), clobbers only
        // the registers declared, does not touch the stack, and leaves the direction flag alone.
        unsafe {
            asm!(
                sqr!(192, 64),        // delta = Z^2
                add!(224, 32, 32),    // y2 = 2Y
                sqr!(256, 224),       // gamma4 = y2^2
                mul!(288, 0, 256),    // beta4 = X gamma4
                sub!(352, 0, 192),    // X - delta
                add!(384, 0, 192),    // X + delta
                mul!(320, 352, 384),  // t
                add!(352, 320, 320),  // 2t
                add!(320, 352, 320),  // alpha = 3t
                mul!(64, 224, 64),    // Z3 = y2 Z
                sqr!(352, 320),       // alpha^2
                add!(384, 288, 288),  // 2 beta4
                sub!(0, 352, 384),    // X3 = alpha^2 - 2 beta4
                sub!(352, 288, 0),    // beta4 - X3
                mul!(32, 320, 352),   // alpha (beta4 - X3)
                sqr!(352, 256),       // gamma4^2
                half!(384, 352),      // gamma4^2 / 2
                sub!(32, 32, 384),    // Y3
                inout("rsi") self.0.as_mut_ptr() => _,
                out("rax") _, out("rcx") _, out("rdx") _, out("rdi") _,
                out("r8") _, out("r9") _, out("r10") _, out("r11") _,
                out("r12") _, out("r13") _, out("r14") _, out("r15") _,
                options(nostack),
            );
        }
    }
}
