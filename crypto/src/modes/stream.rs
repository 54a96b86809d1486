//! Helpers shared by the stream-like modes (CTR, CFB, OFB).

/// `dst[i] ^= src[i]` over the shorter of the two.
pub(super) fn xor_in_place(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d ^= s;
    }
}
