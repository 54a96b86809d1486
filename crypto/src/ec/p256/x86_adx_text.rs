//! The P-256 field operations of [`super::x86_adx`] as assembly text for the fused point operations of
//! [`super::x86_adx_point`]: each macro expands to the instructions of one operation on 32-byte slots at constant
//! offsets from `rsi` (`D`, `A`, `B`: byte offsets), loading its operands from and storing its fully reduced
//! result to the slots. Branch-free, no secret-dependent addresses.
//!
//! Formatting is kept by hand (`rustfmt::skip`): one line per instruction group, as in [`super::x86_adx`].

/// `[rsi + D] = [rsi + A] * [rsi + B] * 2^-256 mod p`, fully reduced (the algorithm of
/// [`super::x86_adx::Adx::mul`]). Clobbers rax, rcx, rdx, rdi, r8-r15.
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
        "shlx rax, r8, r15\n", "shrx rcx, r8, r15\n", "mov r14, r8\n", "sub r8, rax\n", "sbb r14, rcx\n",
        "add r9, rax\n", "adc r10, rcx\n", "adc r11, r8\n", "adc r12, r14\n", "adc r13, 0\n",
        "mov rdx, [rsi + ", $b, " + 8]\n", "xor r8d, r8d\n",
        "mulx rcx, rax, [rsi + ", $a, "]\n", "adcx r9, rax\n", "adox r10, rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 8]\n", "adcx r10, rax\n", "adox r11, rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 16]\n", "adcx r11, rax\n", "adox r12, rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 24]\n", "adcx r12, rax\n", "adox r13, rcx\n",
        "adcx r13, r8\n", "adox r8, r8\n", "adc r8, 0\n",
        "shlx rax, r9, r15\n", "shrx rcx, r9, r15\n", "mov r14, r9\n", "sub r9, rax\n", "sbb r14, rcx\n",
        "add r10, rax\n", "adc r11, rcx\n", "adc r12, r9\n", "adc r13, r14\n", "adc r8, 0\n",
        "mov rdx, [rsi + ", $b, " + 16]\n", "xor r9d, r9d\n",
        "mulx rcx, rax, [rsi + ", $a, "]\n", "adcx r10, rax\n", "adox r11, rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 8]\n", "adcx r11, rax\n", "adox r12, rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 16]\n", "adcx r12, rax\n", "adox r13, rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 24]\n", "adcx r13, rax\n", "adox r8, rcx\n",
        "adcx r8, r9\n", "adox r9, r9\n", "adc r9, 0\n",
        "shlx rax, r10, r15\n", "shrx rcx, r10, r15\n", "mov r14, r10\n", "sub r10, rax\n", "sbb r14, rcx\n",
        "add r11, rax\n", "adc r12, rcx\n", "adc r13, r10\n", "adc r8, r14\n", "adc r9, 0\n",
        "mov rdx, [rsi + ", $b, " + 24]\n", "xor r10d, r10d\n",
        "mulx rcx, rax, [rsi + ", $a, "]\n", "adcx r11, rax\n", "adox r12, rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 8]\n", "adcx r12, rax\n", "adox r13, rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 16]\n", "adcx r13, rax\n", "adox r8, rcx\n",
        "mulx rcx, rax, [rsi + ", $a, " + 24]\n", "adcx r8, rax\n", "adox r9, rcx\n",
        "adcx r9, r10\n", "adox r10, r10\n", "adc r10, 0\n",
        "shlx rax, r11, r15\n", "shrx rcx, r11, r15\n", "mov r14, r11\n", "sub r11, rax\n", "sbb r14, rcx\n",
        "add r12, rax\n", "adc r13, rcx\n", "adc r8, r11\n", "adc r9, r14\n", "adc r10, 0\n",
        reduce_store!($d, "r12", "r13", "r8", "r9", "r10"),
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
        "mov rax, r8\n", "shl rax, 32\n", "mov rcx, r8\n", "shr rcx, 32\n", "mov rdx, r8\n", "sub rdx, rax\n",
        "sbb r8, rcx\n", "add r9, rax\n", "adc r10, rcx\n", "adc r11, rdx\n", "adc r8, 0\n",
        "mov rax, r9\n", "shl rax, 32\n", "mov rcx, r9\n", "shr rcx, 32\n", "mov rdx, r9\n", "sub rdx, rax\n",
        "sbb r9, rcx\n", "add r10, rax\n", "adc r11, rcx\n", "adc r8, rdx\n", "adc r9, 0\n",
        "mov rax, r10\n", "shl rax, 32\n", "mov rcx, r10\n", "shr rcx, 32\n", "mov rdx, r10\n", "sub rdx, rax\n",
        "sbb r10, rcx\n", "add r11, rax\n", "adc r8, rcx\n", "adc r9, rdx\n", "adc r10, 0\n",
        "mov rax, r11\n", "shl rax, 32\n", "mov rcx, r11\n", "shr rcx, 32\n", "mov rdx, r11\n", "sub rdx, rax\n",
        "sbb r11, rcx\n", "add r8, rax\n", "adc r9, rcx\n", "adc r10, rdx\n", "adc r11, 0\n",
        // + the high half: (r12 : r11..r8) < 2p.
        "add r8, r12\n", "adc r9, r13\n", "adc r10, r14\n", "adc r11, r15\n", "mov r12d, 0\n", "adc r12, 0\n",
        reduce_store!($d, "r8", "r9", "r10", "r11", "r12"),
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
