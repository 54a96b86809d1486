//! Portable SHA-256 compression: fully unrolled rounds over a 16-word rolling message schedule.
//!
//! Only additions, rotations and bitwise operations on fixed indices: no data-dependent branches or lookups.

use super::K;

/// `Σ0`, `Σ1`, `σ0` and `σ1` of FIPS 180-4 §4.1.2.
#[inline(always)]
fn big_sigma0(x: u32) -> u32 {
    x.rotate_right(2) ^ x.rotate_right(13) ^ x.rotate_right(22)
}

#[inline(always)]
fn big_sigma1(x: u32) -> u32 {
    x.rotate_right(6) ^ x.rotate_right(11) ^ x.rotate_right(25)
}

#[inline(always)]
fn small_sigma0(x: u32) -> u32 {
    x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3)
}

#[inline(always)]
fn small_sigma1(x: u32) -> u32 {
    x.rotate_right(17) ^ x.rotate_right(19) ^ (x >> 10)
}

/// One round: `$h` becomes the new `a` and `$d` the new `e`; the caller rotates the names.
/// `Maj` is written as `((a^b) & (b^c)) ^ b` so that `b^c` is the previous round's `a^b`.
macro_rules! round {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $w:expr, $k:expr) => {
        $h = $h.wrapping_add($w.wrapping_add($k)).wrapping_add((($f ^ $g) & $e) ^ $g).wrapping_add(big_sigma1($e));
        $d = $d.wrapping_add($h);
        $h = $h.wrapping_add(big_sigma0($a)).wrapping_add((($a ^ $b) & ($b ^ $c)) ^ $b);
    };
}

/// Round `$t`: from round 16 on, first replaces `w[t mod 16]` by the schedule word `W[t]`, then runs the round.
macro_rules! step {
    ($w:ident, $t:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        let t: usize = $t;
        if t >= 16 {
            $w[t % 16] = $w[t % 16]
                .wrapping_add(small_sigma1($w[(t - 2) % 16]))
                .wrapping_add($w[(t - 7) % 16])
                .wrapping_add(small_sigma0($w[(t - 15) % 16]));
        }
        round!($a, $b, $c, $d, $e, $f, $g, $h, $w[t % 16], K[t]);
    };
}

/// Eight rounds from round `$i`, rotating the working-variable names once around.
macro_rules! rounds8 {
    ($w:ident, $i:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        step!($w, $i, $a, $b, $c, $d, $e, $f, $g, $h);
        step!($w, $i + 1, $h, $a, $b, $c, $d, $e, $f, $g);
        step!($w, $i + 2, $g, $h, $a, $b, $c, $d, $e, $f);
        step!($w, $i + 3, $f, $g, $h, $a, $b, $c, $d, $e);
        step!($w, $i + 4, $e, $f, $g, $h, $a, $b, $c, $d);
        step!($w, $i + 5, $d, $e, $f, $g, $h, $a, $b, $c);
        step!($w, $i + 6, $c, $d, $e, $f, $g, $h, $a, $b);
        step!($w, $i + 7, $b, $c, $d, $e, $f, $g, $h, $a);
    };
}

/// Compresses each 64-byte block of `blocks` into `state` (FIPS 180-4 §6.2.2).
pub(super) fn compress(state: &mut [u32; 8], blocks: &[u8]) {
    for block in blocks.chunks_exact(64) {
        let mut w = [0u32; 16];
        for (w, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
            *w = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
        rounds8!(w, 0, a, b, c, d, e, f, g, h);
        rounds8!(w, 8, a, b, c, d, e, f, g, h);
        rounds8!(w, 16, a, b, c, d, e, f, g, h);
        rounds8!(w, 24, a, b, c, d, e, f, g, h);
        rounds8!(w, 32, a, b, c, d, e, f, g, h);
        rounds8!(w, 40, a, b, c, d, e, f, g, h);
        rounds8!(w, 48, a, b, c, d, e, f, g, h);
        rounds8!(w, 56, a, b, c, d, e, f, g, h);
        for (x, y) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *x = x.wrapping_add(y);
        }
    }
}
