//! Constant-time portable AES: a 64-bit bitsliced implementation processing four blocks at once.
//!
//! The layout and circuits follow T. Pornin's "ct64" design (BearSSL): eight `u64` words hold four blocks, one
//! word per bit position of every state byte; the S-box is the Boyar–Peralta circuit ("A new combinational logic
//! minimization technique with applications to cryptology", ePrint 2009/191), built only from XOR, AND and NOT.
//! There are no table lookups and no branches on data, so timing does not depend on keys or blocks; the key
//! schedule's `SubWord` uses the same circuit.

use zeroize::Zeroize;

/// Bytes handled by one bitsliced batch: four AES blocks.
pub(crate) const BATCH: usize = 64;

/// The expanded round keys in bitsliced form (eight words per round key) and the round count.
#[derive(Clone)]
pub(crate) struct KeySchedule {
    sk: [u64; 120],
    rounds: usize,
}

impl Drop for KeySchedule {
    fn drop(&mut self) {
        self.sk.zeroize();
    }
}

/// The AES S-box on eight bitsliced words (Boyar–Peralta circuit; `x0` is the most significant bit).
#[allow(clippy::many_single_char_names)]
fn sbox(q: &mut [u64; 8]) {
    let (x0, x1, x2, x3, x4, x5, x6, x7) = (q[7], q[6], q[5], q[4], q[3], q[2], q[1], q[0]);

    // Top linear transformation.
    let y14 = x3 ^ x5;
    let y13 = x0 ^ x6;
    let y9 = x0 ^ x3;
    let y8 = x0 ^ x5;
    let t0 = x1 ^ x2;
    let y1 = t0 ^ x7;
    let y4 = y1 ^ x3;
    let y12 = y13 ^ y14;
    let y2 = y1 ^ x0;
    let y5 = y1 ^ x6;
    let y3 = y5 ^ y8;
    let t1 = x4 ^ y12;
    let y15 = t1 ^ x5;
    let y20 = t1 ^ x1;
    let y6 = y15 ^ x7;
    let y10 = y15 ^ t0;
    let y11 = y20 ^ y9;
    let y7 = x7 ^ y11;
    let y17 = y10 ^ y11;
    let y19 = y10 ^ y8;
    let y16 = t0 ^ y11;
    let y21 = y13 ^ y16;
    let y18 = x0 ^ y16;

    // Non-linear section.
    let t2 = y12 & y15;
    let t3 = y3 & y6;
    let t4 = t3 ^ t2;
    let t5 = y4 & x7;
    let t6 = t5 ^ t2;
    let t7 = y13 & y16;
    let t8 = y5 & y1;
    let t9 = t8 ^ t7;
    let t10 = y2 & y7;
    let t11 = t10 ^ t7;
    let t12 = y9 & y11;
    let t13 = y14 & y17;
    let t14 = t13 ^ t12;
    let t15 = y8 & y10;
    let t16 = t15 ^ t12;
    let t17 = t4 ^ t14;
    let t18 = t6 ^ t16;
    let t19 = t9 ^ t14;
    let t20 = t11 ^ t16;
    let t21 = t17 ^ y20;
    let t22 = t18 ^ y19;
    let t23 = t19 ^ y21;
    let t24 = t20 ^ y18;

    let t25 = t21 ^ t22;
    let t26 = t21 & t23;
    let t27 = t24 ^ t26;
    let t28 = t25 & t27;
    let t29 = t28 ^ t22;
    let t30 = t23 ^ t24;
    let t31 = t22 ^ t26;
    let t32 = t31 & t30;
    let t33 = t32 ^ t24;
    let t34 = t23 ^ t33;
    let t35 = t27 ^ t33;
    let t36 = t24 & t35;
    let t37 = t36 ^ t34;
    let t38 = t27 ^ t36;
    let t39 = t29 & t38;
    let t40 = t25 ^ t39;

    let t41 = t40 ^ t37;
    let t42 = t29 ^ t33;
    let t43 = t29 ^ t40;
    let t44 = t33 ^ t37;
    let t45 = t42 ^ t41;
    let z0 = t44 & y15;
    let z1 = t37 & y6;
    let z2 = t33 & x7;
    let z3 = t43 & y16;
    let z4 = t40 & y1;
    let z5 = t29 & y7;
    let z6 = t42 & y11;
    let z7 = t45 & y17;
    let z8 = t41 & y10;
    let z9 = t44 & y12;
    let z10 = t37 & y3;
    let z11 = t33 & y4;
    let z12 = t43 & y13;
    let z13 = t40 & y5;
    let z14 = t29 & y2;
    let z15 = t42 & y9;
    let z16 = t45 & y14;
    let z17 = t41 & y8;

    // Bottom linear transformation.
    let t46 = z15 ^ z16;
    let t47 = z10 ^ z11;
    let t48 = z5 ^ z13;
    let t49 = z9 ^ z10;
    let t50 = z2 ^ z12;
    let t51 = z2 ^ z5;
    let t52 = z7 ^ z8;
    let t53 = z0 ^ z3;
    let t54 = z6 ^ z7;
    let t55 = z16 ^ z17;
    let t56 = z12 ^ t48;
    let t57 = t50 ^ t53;
    let t58 = z4 ^ t46;
    let t59 = z3 ^ t54;
    let t60 = t46 ^ t57;
    let t61 = z14 ^ t57;
    let t62 = t52 ^ t58;
    let t63 = t49 ^ t58;
    let t64 = z4 ^ t59;
    let t65 = t61 ^ t62;
    let t66 = z1 ^ t63;
    let s0 = t59 ^ t63;
    let s6 = t56 ^ !t62;
    let s7 = t48 ^ !t60;
    let t67 = t64 ^ t65;
    let s3 = t53 ^ t66;
    let s4 = t51 ^ t66;
    let s5 = t47 ^ t65;
    let s1 = t64 ^ !s3;
    let s2 = t55 ^ !t67;

    *q = [s7, s6, s5, s4, s3, s2, s1, s0];
}

/// The inverse of the affine map of the S-box, on bitsliced words.
fn inv_affine(q: &mut [u64; 8]) {
    let (q0, q1, q2, q3, q4, q5, q6, q7) = (!q[0], !q[1], q[2], q[3], q[4], !q[5], !q[6], q[7]);
    *q = [
        q2 ^ q5 ^ q7,
        q3 ^ q6 ^ q0,
        q4 ^ q7 ^ q1,
        q5 ^ q0 ^ q2,
        q6 ^ q1 ^ q3,
        q7 ^ q2 ^ q4,
        q0 ^ q3 ^ q5,
        q1 ^ q4 ^ q6,
    ];
}

/// The inverse S-box: `InvS(x) = A⁻¹(S(A⁻¹(x)))`, since `S = A ∘ inv`.
fn inv_sbox(q: &mut [u64; 8]) {
    inv_affine(q);
    sbox(q);
    inv_affine(q);
}

/// Exchanges the bits selected by `cl` in `q[a]` with the bits selected by `ch` in `q[b]` (`ch = cl << s`).
#[inline(always)]
fn swap_bits(q: &mut [u64; 8], a: usize, b: usize, cl: u64, ch: u64, s: u32) {
    let (x, y) = (q[a], q[b]);
    q[a] = (x & cl) | ((y & cl) << s);
    q[b] = ((x & ch) >> s) | (y & ch);
}

/// Transposes between the interleaved byte layout and the bitsliced layout (an involution).
fn ortho(q: &mut [u64; 8]) {
    const M1: (u64, u64) = (0x5555_5555_5555_5555, 0xaaaa_aaaa_aaaa_aaaa);
    const M2: (u64, u64) = (0x3333_3333_3333_3333, 0xcccc_cccc_cccc_cccc);
    const M4: (u64, u64) = (0x0f0f_0f0f_0f0f_0f0f, 0xf0f0_f0f0_f0f0_f0f0);
    for i in [0, 2, 4, 6] {
        swap_bits(q, i, i + 1, M1.0, M1.1, 1);
    }
    for i in [0, 1, 4, 5] {
        swap_bits(q, i, i + 2, M2.0, M2.1, 2);
    }
    for i in 0..4 {
        swap_bits(q, i, i + 4, M4.0, M4.1, 4);
    }
}

/// Spreads one block (four little-endian words) over two words, interleaving its bytes.
fn interleave_in(w: [u32; 4]) -> (u64, u64) {
    let spread = |x: u32| {
        let mut x = u64::from(x);
        x |= x << 16;
        x &= 0x0000_ffff_0000_ffff;
        x |= x << 8;
        x & 0x00ff_00ff_00ff_00ff
    };
    let [x0, x1, x2, x3] = w.map(spread);
    (x0 | (x2 << 8), x1 | (x3 << 8))
}

/// The inverse of [`interleave_in`].
fn interleave_out(q0: u64, q1: u64) -> [u32; 4] {
    let gather = |x: u64| {
        let mut x = x & 0x00ff_00ff_00ff_00ff;
        x |= x >> 8;
        x &= 0x0000_ffff_0000_ffff;
        (x as u32) | ((x >> 16) as u32)
    };
    [gather(q0), gather(q1), gather(q0 >> 8), gather(q1 >> 8)]
}

/// Loads four blocks (64 bytes) into bitsliced form.
fn load(blocks: &[u8; BATCH]) -> [u64; 8] {
    let mut q = [0u64; 8];
    for (i, block) in blocks.chunks_exact(16).enumerate() {
        let mut w = [0u32; 4];
        for (w, c) in w.iter_mut().zip(block.chunks_exact(4)) {
            *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        (q[i], q[i + 4]) = interleave_in(w);
    }
    ortho(&mut q);
    q
}

/// Stores bitsliced state back as four blocks.
fn store(mut q: [u64; 8], blocks: &mut [u8; BATCH]) {
    ortho(&mut q);
    for (i, block) in blocks.chunks_exact_mut(16).enumerate() {
        let w = interleave_out(q[i], q[i + 4]);
        for (c, w) in block.chunks_exact_mut(4).zip(w) {
            c.copy_from_slice(&w.to_le_bytes());
        }
    }
    q.zeroize();
}

fn add_round_key(q: &mut [u64; 8], sk: &[u64]) {
    for (q, k) in q.iter_mut().zip(sk) {
        *q ^= k;
    }
}

fn shift_rows(q: &mut [u64; 8]) {
    for x in q.iter_mut() {
        let v = *x;
        *x = (v & 0x0000_0000_0000_ffff)
            | ((v & 0x0000_0000_fff0_0000) >> 4)
            | ((v & 0x0000_0000_000f_0000) << 12)
            | ((v & 0x0000_ff00_0000_0000) >> 8)
            | ((v & 0x0000_00ff_0000_0000) << 8)
            | ((v & 0xf000_0000_0000_0000) >> 12)
            | ((v & 0x0fff_0000_0000_0000) << 4);
    }
}

fn inv_shift_rows(q: &mut [u64; 8]) {
    for x in q.iter_mut() {
        let v = *x;
        *x = (v & 0x0000_0000_0000_ffff)
            | ((v & 0x0000_0000_0fff_0000) << 4)
            | ((v & 0x0000_0000_f000_0000) >> 12)
            | ((v & 0x0000_00ff_0000_0000) << 8)
            | ((v & 0x0000_ff00_0000_0000) >> 8)
            | ((v & 0x000f_0000_0000_0000) << 12)
            | ((v & 0xfff0_0000_0000_0000) >> 4);
    }
}

#[inline(always)]
fn rotr32(x: u64) -> u64 {
    x.rotate_left(32)
}

fn mix_columns(q: &mut [u64; 8]) {
    let [q0, q1, q2, q3, q4, q5, q6, q7] = *q;
    let [r0, r1, r2, r3, r4, r5, r6, r7] = q.map(|x| x.rotate_right(16));
    *q = [
        q7 ^ r7 ^ r0 ^ rotr32(q0 ^ r0),
        q0 ^ r0 ^ q7 ^ r7 ^ r1 ^ rotr32(q1 ^ r1),
        q1 ^ r1 ^ r2 ^ rotr32(q2 ^ r2),
        q2 ^ r2 ^ q7 ^ r7 ^ r3 ^ rotr32(q3 ^ r3),
        q3 ^ r3 ^ q7 ^ r7 ^ r4 ^ rotr32(q4 ^ r4),
        q4 ^ r4 ^ r5 ^ rotr32(q5 ^ r5),
        q5 ^ r5 ^ r6 ^ rotr32(q6 ^ r6),
        q6 ^ r6 ^ r7 ^ rotr32(q7 ^ r7),
    ];
}

fn inv_mix_columns(q: &mut [u64; 8]) {
    let [q0, q1, q2, q3, q4, q5, q6, q7] = *q;
    let [r0, r1, r2, r3, r4, r5, r6, r7] = q.map(|x| x.rotate_right(16));
    *q = [
        q5 ^ q6 ^ q7 ^ r0 ^ r5 ^ r7 ^ rotr32(q0 ^ q5 ^ q6 ^ r0 ^ r5),
        q0 ^ q5 ^ r0 ^ r1 ^ r5 ^ r6 ^ r7 ^ rotr32(q1 ^ q5 ^ q7 ^ r1 ^ r5 ^ r6),
        q0 ^ q1 ^ q6 ^ r1 ^ r2 ^ r6 ^ r7 ^ rotr32(q0 ^ q2 ^ q6 ^ r2 ^ r6 ^ r7),
        q0 ^ q1 ^ q2 ^ q5 ^ q6 ^ r0 ^ r2 ^ r3 ^ r5 ^ rotr32(q0 ^ q1 ^ q3 ^ q5 ^ q6 ^ q7 ^ r0 ^ r3 ^ r5 ^ r7),
        q1 ^ q2 ^ q3 ^ q5 ^ r1 ^ r3 ^ r4 ^ r5 ^ r6 ^ r7 ^ rotr32(q1 ^ q2 ^ q4 ^ q5 ^ q7 ^ r1 ^ r4 ^ r5 ^ r6),
        q2 ^ q3 ^ q4 ^ q6 ^ r2 ^ r4 ^ r5 ^ r6 ^ r7 ^ rotr32(q2 ^ q3 ^ q5 ^ q6 ^ r2 ^ r5 ^ r6 ^ r7),
        q3 ^ q4 ^ q5 ^ q7 ^ r3 ^ r5 ^ r6 ^ r7 ^ rotr32(q3 ^ q4 ^ q6 ^ q7 ^ r3 ^ r6 ^ r7),
        q4 ^ q5 ^ q6 ^ r4 ^ r6 ^ r7 ^ rotr32(q4 ^ q5 ^ q7 ^ r4 ^ r7),
    ];
}

/// `SubWord` of the key expansion, through the bitsliced S-box (constant time).
pub(super) fn sub_word(x: u32) -> u32 {
    let mut q = [0u64; 8];
    q[0] = u64::from(x);
    ortho(&mut q);
    sbox(&mut q);
    ortho(&mut q);
    let out = q[0] as u32;
    q.zeroize();
    out
}

impl KeySchedule {
    /// Expands a 16-, 24- or 32-byte key (FIPS 197 §5.2); `None` for any other length.
    pub(crate) fn new(key: &[u8]) -> Option<KeySchedule> {
        let (mut w, rounds) = super::expand_key(key, sub_word)?;
        let total = 4 * (rounds + 1);
        let mut ks = KeySchedule { sk: [0u64; 120], rounds };
        for (r, words) in w[..total].chunks_exact(4).enumerate() {
            let mut q = [0u64; 8];
            let (a, b) = interleave_in([words[0], words[1], words[2], words[3]]);
            q[..4].fill(a);
            q[4..].fill(b);
            ortho(&mut q);
            ks.sk[8 * r..8 * r + 8].copy_from_slice(&q);
            q.zeroize();
        }
        w.zeroize();
        Some(ks)
    }

    fn round_key(&self, r: usize) -> &[u64] {
        &self.sk[8 * r..8 * r + 8]
    }

    /// Encrypts four blocks in place.
    pub(crate) fn encrypt4(&self, blocks: &mut [u8; BATCH]) {
        let mut q = load(blocks);
        add_round_key(&mut q, self.round_key(0));
        for r in 1..self.rounds {
            sbox(&mut q);
            shift_rows(&mut q);
            mix_columns(&mut q);
            add_round_key(&mut q, self.round_key(r));
        }
        sbox(&mut q);
        shift_rows(&mut q);
        add_round_key(&mut q, self.round_key(self.rounds));
        store(q, blocks);
    }

    /// Decrypts four blocks in place.
    pub(crate) fn decrypt4(&self, blocks: &mut [u8; BATCH]) {
        let mut q = load(blocks);
        add_round_key(&mut q, self.round_key(self.rounds));
        for r in (1..self.rounds).rev() {
            inv_shift_rows(&mut q);
            inv_sbox(&mut q);
            add_round_key(&mut q, self.round_key(r));
            inv_mix_columns(&mut q);
        }
        inv_shift_rows(&mut q);
        inv_sbox(&mut q);
        add_round_key(&mut q, self.round_key(0));
        store(q, blocks);
    }

    /// Encrypts whole blocks in place (ECB), four at a time; a partial trailing block is left untouched.
    pub(crate) fn encrypt_blocks(&self, data: &mut [u8]) {
        self.for_batches(data, Self::encrypt4);
    }

    /// Decrypts whole blocks in place (ECB); a partial trailing block is left untouched.
    pub(crate) fn decrypt_blocks(&self, data: &mut [u8]) {
        self.for_batches(data, Self::decrypt4);
    }

    fn for_batches(&self, data: &mut [u8], f: fn(&Self, &mut [u8; BATCH])) {
        let whole = data.len() - data.len() % 16;
        let mut chunks = data[..whole].chunks_exact_mut(BATCH);
        for chunk in &mut chunks {
            if let Ok(batch) = <&mut [u8; BATCH]>::try_from(chunk) {
                f(self, batch);
            }
        }
        let rest = chunks.into_remainder();
        if !rest.is_empty() {
            let mut batch = [0u8; BATCH];
            batch[..rest.len()].copy_from_slice(rest);
            f(self, &mut batch);
            rest.copy_from_slice(&batch[..rest.len()]);
            batch.zeroize();
        }
    }
}
