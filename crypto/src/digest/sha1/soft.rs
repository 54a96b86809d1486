//! Portable SHA-1 compression: fully unrolled rounds over a 16-word rolling message schedule.
//!
//! Only additions, rotations and bitwise operations on fixed indices: no data-dependent branches or lookups.

use super::K;

/// Round `$t`: from round 16 on, first replaces `w[t mod 16]` by the schedule word `W[t]`; then adds
/// `f_t(b, c, d) + rotl5(a) + K + W[t]` into `$e` and rotates `$b`. The caller rotates the names.
macro_rules! step {
    ($w:ident, $t:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident) => {
        let t: usize = $t;
        if t >= 16 {
            $w[t % 16] = ($w[(t - 3) % 16] ^ $w[(t - 8) % 16] ^ $w[(t - 14) % 16] ^ $w[t % 16]).rotate_left(1);
        }
        let f = match t / 20 {
            0 => (($c ^ $d) & $b) ^ $d,           // Ch
            2 => ($b & $c) | ($d & ($b | $c)), // Maj
            _ => $b ^ $c ^ $d,                 // Parity
        };
        $e = $e
            .wrapping_add($a.rotate_left(5))
            .wrapping_add(f)
            .wrapping_add(K[t / 20])
            .wrapping_add($w[t % 16]);
        $b = $b.rotate_left(30);
    };
}

/// Five rounds from round `$i`, rotating the working-variable names once around.
macro_rules! rounds5 {
    ($w:ident, $i:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident) => {
        step!($w, $i, $a, $b, $c, $d, $e);
        step!($w, $i + 1, $e, $a, $b, $c, $d);
        step!($w, $i + 2, $d, $e, $a, $b, $c);
        step!($w, $i + 3, $c, $d, $e, $a, $b);
        step!($w, $i + 4, $b, $c, $d, $e, $a);
    };
}

/// Compresses each 64-byte block of `blocks` into `state` (FIPS 180-4 §6.1.2).
pub(super) fn compress(state: &mut [u32; 5], blocks: &[u8]) {
    for block in blocks.chunks_exact(64) {
        let mut w = [0u32; 16];
        for (w, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
            *w = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        let [mut a, mut b, mut c, mut d, mut e] = *state;
        rounds5!(w, 0, a, b, c, d, e);
        rounds5!(w, 5, a, b, c, d, e);
        rounds5!(w, 10, a, b, c, d, e);
        rounds5!(w, 15, a, b, c, d, e);
        rounds5!(w, 20, a, b, c, d, e);
        rounds5!(w, 25, a, b, c, d, e);
        rounds5!(w, 30, a, b, c, d, e);
        rounds5!(w, 35, a, b, c, d, e);
        rounds5!(w, 40, a, b, c, d, e);
        rounds5!(w, 45, a, b, c, d, e);
        rounds5!(w, 50, a, b, c, d, e);
        rounds5!(w, 55, a, b, c, d, e);
        rounds5!(w, 60, a, b, c, d, e);
        rounds5!(w, 65, a, b, c, d, e);
        rounds5!(w, 70, a, b, c, d, e);
        rounds5!(w, 75, a, b, c, d, e);
        for (x, y) in state.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
}
