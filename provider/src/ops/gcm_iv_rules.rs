//! The AES-GCM IV rules of FIPS 140-3 IG C.H, as the approved-service indicator of an encryption.
//!
//! IG C.H approves a GCM encryption only when the module itself ensures the IV never repeats under a key. This
//! module recognises three ways that holds:
//! * **random** (SP 800-38D §8.2.2, IG C.H scenario 2): the IV came from the module's DRBG (an encryption begun
//!   without an IV, or `"iv"` read before the first update);
//! * **TLS 1.2** (§8.2.1 deterministic construction, IG C.H scenario 1): `"tlsivfixed"` then the module's own
//!   invocation counter (`"tlsivgen"` / the TLS record path), which libssl uses for TLS 1.2 GCM suites;
//! * **TLS 1.3** (RFC 8446 §5.3, IG C.H scenario 5): libssl sets each record's IV itself as the per-key static IV
//!   XOR the 64-bit record sequence number. The module recognises the construction from the IVs it sees under one
//!   key: the first is sequence 0 (the static IV), every later one must equal it XOR `0^32 || seq` with `seq`
//!   strictly increasing (so no IV can repeat; QUIC's packet numbers, which may skip, fit too). One IV that does
//!   not fit breaks the sequence for the rest of the key's life.
//!
//! Anything else (an application's own IVs) is served — OpenSSL applications rely on it — but the `fips-indicator`
//! context parameter reads 0 for it. Decryption is always approved. Limitation: the first IV under a key cannot
//! be told apart from a TLS 1.3 static IV, so a key used for a single externally-IV'd encryption reads 1; this is
//! stated in docs/SECURITY-POLICY.md.

/// Where the IV of the current (or last) encryption came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IvOrigin {
    /// Generated inside the module (DRBG, or the TLS 1.2 fixed field + invocation counter).
    Module,
    /// Supplied by the caller and part of a recognised TLS 1.3 sequence.
    Tls13,
    /// Supplied by the caller, no recognised construction: not approved.
    External,
}

/// The TLS 1.3 recogniser: the sequence of caller-supplied 96-bit IVs under one key.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tls13Sequence {
    /// The first IV under the key (the static IV) and the last sequence number seen; `None` before the first.
    state: Option<([u8; 12], u64)>,
    /// An IV broke the construction: nothing more under this key is recognised.
    broken: bool,
}

impl Tls13Sequence {
    /// Forgets everything (a new key).
    pub(crate) fn reset(&mut self) {
        *self = Tls13Sequence::default();
    }

    /// Records the IV of an encryption that starts now and classifies it.
    pub(crate) fn observe(&mut self, iv: &[u8]) -> IvOrigin {
        if self.broken {
            return IvOrigin::External;
        }
        let Ok(iv) = <[u8; 12]>::try_from(iv) else {
            self.broken = true;
            return IvOrigin::External;
        };
        let Some((base, last)) = self.state else {
            self.state = Some((iv, 0));
            return IvOrigin::Tls13;
        };
        let mut x = [0u8; 12];
        for ((x, a), b) in x.iter_mut().zip(iv).zip(base) {
            *x = a ^ b;
        }
        let seq = u64::from_be_bytes([x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11]]);
        if x[..4] != [0; 4] || seq <= last {
            self.broken = true;
            return IvOrigin::External;
        }
        self.state = Some((base, seq));
        IvOrigin::Tls13
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xor_seq(base: [u8; 12], seq: u64) -> [u8; 12] {
        let mut iv = base;
        for (b, s) in iv[4..].iter_mut().zip(seq.to_be_bytes()) {
            *b ^= s;
        }
        iv
    }

    #[test]
    fn tls13_records_are_recognised() {
        let base = [0x5a; 12];
        let mut s = Tls13Sequence::default();
        for seq in 0..1000u64 {
            assert_eq!(s.observe(&xor_seq(base, seq)), IvOrigin::Tls13, "seq {seq}");
        }
        // Gaps (QUIC packet numbers) still fit.
        assert_eq!(s.observe(&xor_seq(base, 5000)), IvOrigin::Tls13);
    }

    #[test]
    fn repeats_and_foreign_ivs_break_the_sequence_for_good() {
        let base = [7; 12];
        let mut s = Tls13Sequence::default();
        assert_eq!(s.observe(&xor_seq(base, 0)), IvOrigin::Tls13);
        assert_eq!(s.observe(&xor_seq(base, 1)), IvOrigin::Tls13);
        assert_eq!(s.observe(&xor_seq(base, 1)), IvOrigin::External, "repeat");
        assert_eq!(s.observe(&xor_seq(base, 2)), IvOrigin::External, "sticky after a break");
        s.reset();
        assert_eq!(s.observe(&base), IvOrigin::Tls13);
        let mut other = base;
        other[0] ^= 1;
        assert_eq!(s.observe(&other), IvOrigin::External, "fixed part changed");
        let mut s = Tls13Sequence::default();
        assert_eq!(s.observe(&[1; 16]), IvOrigin::External, "not 96 bits");
        assert_eq!(s.observe(&[1; 12]), IvOrigin::External);
    }
}
