//! The P-256 field operations of [`super::x86_adx`] as assembly text for the fused point operations of
//! [`super::x86_adx_point`]: each macro expands to the instructions of one operation on 32-byte slots at constant
//! offsets from `rsi` (`D`, `A`, `B`: byte offsets), loading its operands from and storing its fully reduced
//! result to the slots. Branch-free, no secret-dependent addresses.
//!
//! Formatting is kept by hand (`rustfmt::skip`): one line per instruction group, as in [`super::x86_adx`].

/// `[rsi + D] = [rsi + A] * [rsi + B] * 2^-256 mod p`, fully reduced (the algorithm of
/// [`super::x86_adx::Adx::mul`]: rows of `a * b_i` interleaved with Montgomery steps). Clobbers rax, rcx, rdx,
/// rdi, r8-r15.
#[rustfmt::skip]
macro_rules! mul {
    ($d:literal, $a:literal, $b:literal) => { concat!(
        "mov r15d, 32\n",
        "mov rdx, [rsi + ", $b, "]\n",
        "mulx r9, r8, [rsi + ", $a, "]\n",
        "mulx r10, rax, [rsi + ", $a, " + 8]\n", "add r9, rax\n",
        "mulx r11, rax, [rsi + ", $a, " + 16]\n", "adc r10, rax\n",
        "mulx r12, rax, [rsi + ", $a, " + 24]\n", "adc r11, rax\n", "adc r12, 0\n",
        "xor r13d, r13d\n",
        mont_step!("r8", "r9", "r10", "r11", "r12", "r13"),
        mul_row!($a, $b, 8, "r9", "r10", "r11", "r12", "r13", "r8"),
        mont_step!("r9", "r10", "r11", "r12", "r13", "r8"),
        mul_row!($a, $b, 16, "r10", "r11", "r12", "r13", "r8", "r9"),
        mont_step!("r10", "r11", "r12", "r13", "r8", "r9"),
        mul_row!($a, $b, 24, "r11", "r12", "r13", "r8", "r9", "r10"),
        mont_step!("r11", "r12", "r13", "r8", "r9", "r10"),
        reduce_store!($d, "r12", "r13", "r8", "r9", "r10"),
    ) };
}

/// `w0..w5 += a * [rsi + B + OFF]` (one row of [`mul!`]; `w5` zeroed first as the new top word), with the
/// two carry chains of `adcx` / `adox`. Clobbers rax, rcx, rdx.
#[rustfmt::skip]
macro_rules! mul_row {
    ($a:literal, $b:literal, $off:literal,
     $w0:literal, $w1:literal, $w2:literal, $w3:literal, $w4:literal, $w5:literal) => { concat!(
        "mov rdx, [rsi + ", $b, " + ", $off, "]\n", "xor ", $w5, "d, ", $w5, "d\n",
        "mulx rcx, rax, [rsi + ", $a, "]\n", "adcx ", $w0, ", rax\n", "adox ", $w1, ", rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 8]\n", "adcx ", $w1, ", rax\n", "adox ", $w2, ", rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 16]\n", "adcx ", $w2, ", rax\n", "adox ", $w3, ", rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 24]\n", "adcx ", $w3, ", rax\n", "adox ", $w4, ", rcx\n",
        "adcx ", $w4, ", ", $w5, "\n", "adox ", $w5, ", ", $w5, "\n", "adc ", $w5, ", 0\n",
    ) };
}

/// One Montgomery step with `m = w0` (`-p^-1 mod 2^64 = 1`): adds `m * p` without multiplications (`m << 32`
/// at w1, `m * (2^64 - 2^32 + 1)` at w3), leaving `w0` the low word of that product. Clobbers rax, rcx, r14;
/// needs r15 = 32.
#[rustfmt::skip]
macro_rules! mont_step {
    ($w0:literal, $w1:literal, $w2:literal, $w3:literal, $w4:literal, $w5:literal) => { concat!(
        "shlx rax, ", $w0, ", r15\n", "shrx rcx, ", $w0, ", r15\n",
        "mov r14, ", $w0, "\n", "sub ", $w0, ", rax\n", "sbb r14, rcx\n",
        "add ", $w1, ", rax\n", "adc ", $w2, ", rcx\n", "adc ", $w3, ", ", $w0, "\n", "adc ", $w4, ", r14\n",
        "adc ", $w5, ", 0\n",
    ) };
}

/// Stores `(c : l3..l0) - p` to `[rsi + D]` unless that borrows, else `l3..l0` (for a value `< 2p` whose bit
/// 256 is in `c`). Clobbers rax, rcx, rdx, rdi, r14, r15 and `c`.
#[rustfmt::skip]
macro_rules! reduce_store {
    ($d:literal, $l0:literal, $l1:literal, $l2:literal, $l3:literal, $c:literal) => { concat!(
        "mov rax, ", $l0, "\n", "mov rcx, ", $l1, "\n", "mov r14, ", $l2, "\n", "mov r15, ", $l3, "\n",
        "mov edx, 0xffffffff\n", "mov rdi, 0xffffffff00000001\n",
        "sub rax, -1\n", "sbb rcx, rdx\n", "sbb r14, 0\n", "sbb r15, rdi\n", "sbb ", $c, ", 0\n",
        "cmovc rax, ", $l0, "\n", "cmovc rcx, ", $l1, "\n", "cmovc r14, ", $l2, "\n", "cmovc r15, ", $l3, "\n",
        "mov [rsi + ", $d, "], rax\n", "mov [rsi + ", $d, " + 8], rcx\n",
        "mov [rsi + ", $d, " + 16], r14\n", "mov [rsi + ", $d, " + 24], r15\n",
    ) };
}

/// `[rsi + D] = [rsi + A]^2 * 2^-256 mod p`, fully reduced (the algorithm of [`super::x86_adx::Adx::sqr`]).
/// Clobbers rax, rcx, rdx, rdi, r8-r15.
#[rustfmt::skip]
macro_rules! sqr {
    ($d:literal, $a:literal) => { concat!(
        // Cross products a_i a_j (i < j) into t1..t6 (r9..r14), doubled into t1..t7 (r15).
        "mov rdx, [rsi + ", $a, "]\n",
        "mulx r10, r9, [rsi + ", $a, " + 8]\n",
        "mulx r11, rax, [rsi + ", $a, " + 16]\n", "add r10, rax\n",
        "mulx r12, rax, [rsi + ", $a, " + 24]\n", "adc r11, rax\n", "adc r12, 0\n",
        "mov rdx, [rsi + ", $a, " + 8]\n",
        "mulx rcx, rax, [rsi + ", $a, " + 16]\n",
        "mulx r13, rdi, [rsi + ", $a, " + 24]\n", "add rdi, rcx\n", "adc r13, 0\n",
        "add r11, rax\n", "adc r12, rdi\n", "adc r13, 0\n",
        "mov rdx, [rsi + ", $a, " + 16]\n",
        "mulx r14, rax, [rsi + ", $a, " + 24]\n", "add r13, rax\n", "adc r14, 0\n",
        "xor r15d, r15d\n",
        "add r9, r9\n", "adc r10, r10\n", "adc r11, r11\n", "adc r12, r12\n", "adc r13, r13\n", "adc r14, r14\n",
        "adc r15, 0\n",
        // The squares a_i^2 at positions 2i, 2i + 1: t0 (r8) .. t7.
        "mov rdx, [rsi + ", $a, "]\n", "mulx rcx, r8, rdx\n", "add r9, rcx\n",
        "mov rdx, [rsi + ", $a, " + 8]\n", "mulx rcx, rax, rdx\n", "adc r10, rax\n", "adc r11, rcx\n",
        "mov rdx, [rsi + ", $a, " + 16]\n", "mulx rcx, rax, rdx\n", "adc r12, rax\n", "adc r13, rcx\n",
        "mov rdx, [rsi + ", $a, " + 24]\n", "mulx rcx, rax, rdx\n", "adc r14, rax\n", "adc r15, rcx\n",
        // Montgomery-reduce t0..t3, each step's register receiving the new top word.
        sqr_step!("r8", "r9", "r10", "r11"), sqr_step!("r9", "r10", "r11", "r8"),
        sqr_step!("r10", "r11", "r8", "r9"), sqr_step!("r11", "r8", "r9", "r10"),
        // + the high half: (r12 : r11..r8) < 2p.
        "add r8, r12\n", "adc r9, r13\n", "adc r10, r14\n", "adc r11, r15\n", "mov r12d, 0\n", "adc r12, 0\n",
        reduce_store!($d, "r8", "r9", "r10", "r11", "r12"),
    ) };
}

/// One Montgomery step of [`sqr!`] with `m = w0` into `w1..w3`; `w0` receives the new top word (its carry).
/// Clobbers rax, rcx, rdx.
#[rustfmt::skip]
macro_rules! sqr_step {
    ($w0:literal, $w1:literal, $w2:literal, $w3:literal) => { concat!(
        "mov rax, ", $w0, "\n", "shl rax, 32\n", "mov rcx, ", $w0, "\n", "shr rcx, 32\n",
        "mov rdx, ", $w0, "\n", "sub rdx, rax\n", "sbb ", $w0, ", rcx\n",
        "add ", $w1, ", rax\n", "adc ", $w2, ", rcx\n", "adc ", $w3, ", rdx\n", "adc ", $w0, ", 0\n",
    ) };
}

/// `[rsi + D] = [rsi + A] + [rsi + B] mod p` (inputs `< p`). Clobbers rax, rcx, rdx, rdi, r8-r12, r14, r15.
#[rustfmt::skip]
macro_rules! add {
    ($d:literal, $a:literal, $b:literal) => { concat!(
        "mov r8, [rsi + ", $a, "]\n", "mov r9, [rsi + ", $a, " + 8]\n",
        "mov r10, [rsi + ", $a, " + 16]\n", "mov r11, [rsi + ", $a, " + 24]\n",
        "xor r12d, r12d\n",
        "add r8, [rsi + ", $b, "]\n", "adc r9, [rsi + ", $b, " + 8]\n",
        "adc r10, [rsi + ", $b, " + 16]\n", "adc r11, [rsi + ", $b, " + 24]\n", "adc r12, 0\n",
        reduce_store!($d, "r8", "r9", "r10", "r11", "r12"),
    ) };
}

/// `[rsi + D] = [rsi + A] - [rsi + B] mod p` (inputs `< p`): subtract, then add p masked by the borrow (p's
/// limbs are `[m, m >> 32, 0, -(m >> 32)]` for the mask m). Clobbers rax, rcx, rdx, r8-r11.
#[rustfmt::skip]
macro_rules! sub {
    ($d:literal, $a:literal, $b:literal) => { concat!(
        "mov r8, [rsi + ", $a, "]\n", "mov r9, [rsi + ", $a, " + 8]\n",
        "mov r10, [rsi + ", $a, " + 16]\n", "mov r11, [rsi + ", $a, " + 24]\n",
        "sub r8, [rsi + ", $b, "]\n", "sbb r9, [rsi + ", $b, " + 8]\n",
        "sbb r10, [rsi + ", $b, " + 16]\n", "sbb r11, [rsi + ", $b, " + 24]\n",
        "sbb rax, rax\n", "mov ecx, eax\n", "mov rdx, rcx\n", "neg rdx\n",
        "add r8, rax\n", "adc r9, rcx\n", "adc r10, 0\n", "adc r11, rdx\n",
        "mov [rsi + ", $d, "], r8\n", "mov [rsi + ", $d, " + 8], r9\n",
        "mov [rsi + ", $d, " + 16], r10\n", "mov [rsi + ", $d, " + 24], r11\n",
    ) };
}

/// `[rsi + D] = [rsi + A] / 2 mod p` (input `< p`): add p if odd (257 bits), shift right by one.
/// Clobbers rax, rcx, rdx, rdi, r8-r11.
#[rustfmt::skip]
macro_rules! half {
    ($d:literal, $a:literal) => { concat!(
        "mov r8, [rsi + ", $a, "]\n", "mov r9, [rsi + ", $a, " + 8]\n",
        "mov r10, [rsi + ", $a, " + 16]\n", "mov r11, [rsi + ", $a, " + 24]\n",
        "mov eax, r8d\n", "and eax, 1\n", "neg rax\n", "mov ecx, eax\n", "mov rdx, rcx\n", "neg rdx\n",
        "xor edi, edi\n",
        "add r8, rax\n", "adc r9, rcx\n", "adc r10, 0\n", "adc r11, rdx\n", "adc rdi, 0\n",
        "shrd r8, r9, 1\n", "shrd r9, r10, 1\n", "shrd r10, r11, 1\n", "shrd r11, rdi, 1\n",
        "mov [rsi + ", $d, "], r8\n", "mov [rsi + ", $d, " + 8], r9\n",
        "mov [rsi + ", $d, " + 16], r10\n", "mov [rsi + ", $d, " + 24], r11\n",
    ) };
}

/// `[rsi + D] = [rsi + S]` if the condition of `CMOV` holds, else unchanged (both read either way); the
/// flags are kept. Clobbers r8.
#[rustfmt::skip]
macro_rules! select {
    ($cmov:literal, $d:literal, $s:literal) => { concat!(
        "mov r8, [rsi + ", $d, "]\n", $cmov, " r8, [rsi + ", $s, "]\n", "mov [rsi + ", $d, "], r8\n",
        "mov r8, [rsi + ", $d, " + 8]\n", $cmov, " r8, [rsi + ", $s, " + 8]\n", "mov [rsi + ", $d, " + 8], r8\n",
        "mov r8, [rsi + ", $d, " + 16]\n", $cmov, " r8, [rsi + ", $s, " + 16]\n", "mov [rsi + ", $d, " + 16], r8\n",
        "mov r8, [rsi + ", $d, " + 24]\n", $cmov, " r8, [rsi + ", $s, " + 24]\n", "mov [rsi + ", $d, " + 24], r8\n",
    ) };
}
