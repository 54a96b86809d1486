//! The hash algorithms the vectors cover.

/// A hash algorithm (mirrors `ferrofips_crypto::digest::Algorithm`; map between the two with
/// [`HashAlg::name`], which uses the same NIST-style names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashAlg {
    /// SHA-1 (FIPS 180-4).
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SHA-512/224.
    Sha512_224,
    /// SHA-512/256.
    Sha512_256,
    /// SHA3-224 (FIPS 202).
    Sha3_224,
    /// SHA3-256.
    Sha3_256,
    /// SHA3-384.
    Sha3_384,
    /// SHA3-512.
    Sha3_512,
    /// SHAKE128 (XOF).
    Shake128,
    /// SHAKE256 (XOF).
    Shake256,
}

/// Which Monte-Carlo / family rules an algorithm follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// SHA-1 and SHA-2 (Merkle-Damgard; SHAVS / ACVP SHA-2 MCT).
    Sha2,
    /// SHA3-* (ACVP SHA-3 / SHA3VS MCT).
    Sha3,
    /// SHAKE* (XOF MCT with variable output length).
    Shake,
}

impl HashAlg {
    /// Every algorithm, in declaration order.
    pub const ALL: [HashAlg; 13] = [
        Self::Sha1,
        Self::Sha224,
        Self::Sha256,
        Self::Sha384,
        Self::Sha512,
        Self::Sha512_224,
        Self::Sha512_256,
        Self::Sha3_224,
        Self::Sha3_256,
        Self::Sha3_384,
        Self::Sha3_512,
        Self::Shake128,
        Self::Shake256,
    ];

    /// The NIST name, identical to `ferrofips_crypto::digest::Algorithm::name`: `"SHA-1"`,
    /// `"SHA-224"`, ..., `"SHA-512/224"`, `"SHA3-256"`, `"SHAKE-128"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA-1",
            Self::Sha224 => "SHA-224",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
            Self::Sha512_224 => "SHA-512/224",
            Self::Sha512_256 => "SHA-512/256",
            Self::Sha3_224 => "SHA3-224",
            Self::Sha3_256 => "SHA3-256",
            Self::Sha3_384 => "SHA3-384",
            Self::Sha3_512 => "SHA3-512",
            Self::Shake128 => "SHAKE-128",
            Self::Shake256 => "SHAKE-256",
        }
    }

    /// The inverse of [`HashAlg::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The digest length in bytes. For the XOFs this is the conventional default output
    /// (16 for SHAKE128, 32 for SHAKE256), as in `ferrofips_crypto`.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 | Self::Sha512_224 | Self::Sha3_224 => 28,
            Self::Sha256 | Self::Sha512_256 | Self::Sha3_256 => 32,
            Self::Sha384 | Self::Sha3_384 => 48,
            Self::Sha512 | Self::Sha3_512 => 64,
            Self::Shake128 => 16,
            Self::Shake256 => 32,
        }
    }

    /// The block length in bytes (the Keccak rate for SHA-3/SHAKE); the HMAC block size.
    pub const fn block_len(self) -> usize {
        match self {
            Self::Sha1 | Self::Sha224 | Self::Sha256 => 64,
            Self::Sha384 | Self::Sha512 | Self::Sha512_224 | Self::Sha512_256 => 128,
            Self::Sha3_224 => 144,
            Self::Sha3_256 => 136,
            Self::Sha3_384 => 104,
            Self::Sha3_512 => 72,
            Self::Shake128 => 168,
            Self::Shake256 => 136,
        }
    }

    /// `true` for SHAKE128/SHAKE256.
    pub const fn is_xof(self) -> bool {
        matches!(self, Self::Shake128 | Self::Shake256)
    }

    /// The family, which decides how an MCT is iterated (see [`crate::mct`]).
    pub const fn family(self) -> Family {
        match self {
            Self::Sha3_224 | Self::Sha3_256 | Self::Sha3_384 | Self::Sha3_512 => Family::Sha3,
            Self::Shake128 | Self::Shake256 => Family::Shake,
            _ => Family::Sha2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in HashAlg::ALL {
            assert_eq!(HashAlg::from_name(a.name()), Some(a));
            assert!(a.block_len() > a.output_len());
        }
        assert_eq!(HashAlg::from_name("SHA-512/224"), Some(HashAlg::Sha512_224));
        assert_eq!(HashAlg::from_name("sha-256"), None);
        assert_eq!(HashAlg::Shake128.family(), Family::Shake);
        assert_eq!(HashAlg::Sha1.family(), Family::Sha2);
        assert_eq!(HashAlg::Sha3_224.family(), Family::Sha3);
    }
}
