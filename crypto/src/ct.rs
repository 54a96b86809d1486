//! Constant-time helpers shared by the modes and MACs.

/// Whether two byte strings are equal, examining every byte whatever the contents (no early exit): the time
/// depends only on the lengths, which callers treat as public. Different lengths compare unequal.
pub fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y));
    core::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::bytes_eq;

    #[test]
    fn equal_unequal_and_lengths() {
        assert!(bytes_eq(b"abc", b"abc"));
        assert!(!bytes_eq(b"abc", b"abd"));
        assert!(!bytes_eq(b"abc", b"ab"));
        assert!(!bytes_eq(b"", b"a"));
        assert!(bytes_eq(b"", b""));
        let mut a = [0x5au8; 64];
        let b = a;
        for i in 0..64 {
            a[i] ^= 0x80;
            assert!(!bytes_eq(&a, &b), "byte {i}");
            a[i] ^= 0x80;
        }
        assert!(bytes_eq(&a, &b));
    }
}
