//! [`curve_api!`]: the public API of a curve module (the same as `ec::p256`'s, with the curve's lengths):
//! `Signature`, `SecretKey`, `PublicKey`, `ecdh`, `sign_prehash`, `sign_prehash_deterministic`,
//! `sign_prehash_with_k`, `verify_prehash`, `backend_name`, as thin typed wrappers over the generic code.

/// Defines the public API of a curve module for curve type `$c` with `$n`-byte scalars and coordinates,
/// `$unc`-byte uncompressed and `$comp`-byte compressed points, and hedged nonces from HMAC over `$hedge`.
macro_rules! curve_api {
    ($c:ty, $n:literal, $unc:literal, $comp:literal, $hedge:expr) => {
        use zeroize::Zeroizing;

        use $crate::Error;
        use $crate::digest::Algorithm;
        use $crate::ec::common::point::AffinePoint;
        use $crate::ec::common::{der, ecdsa, keys};

        /// An ECDSA signature `(r, s)`, each big-endian and as long as the group order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Signature {
            /// r, big-endian.
            pub r: [u8; $n],
            /// s, big-endian.
            pub s: [u8; $n],
        }

        impl Signature {
            /// DER encoding: `SEQUENCE { r INTEGER, s INTEGER }`, integers minimal.
            pub fn to_der(&self) -> Vec<u8> {
                der::encode(&self.r, &self.s)
            }

            /// Strict DER decoding: canonical lengths, minimal non-negative integers, no trailing data, and
            /// `1 <= r, s < n`. Every failure is [`Error::InvalidKey`].
            pub fn from_der(der: &[u8]) -> Result<Signature, Error> {
                let (r, s) = der::decode::<[u8; $n]>(der)?;
                ecdsa::scalars::<$c>(&r, &s)?;
                Ok(Signature { r, s })
            }
        }

        /// A private key `d`, `1 <= d < n`. Zeroized on drop; `Debug` does not print it.
        #[derive(Clone)]
        pub struct SecretKey {
            d: <$c as $crate::ec::common::Curve>::S,
        }

        impl Drop for SecretKey {
            fn drop(&mut self) {
                zeroize::Zeroize::zeroize(&mut self.d);
            }
        }

        impl core::fmt::Debug for SecretKey {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("SecretKey([REDACTED])")
            }
        }

        impl SecretKey {
            /// Decodes a big-endian private key. [`Error::InvalidKey`] unless the length is right and
            /// `1 <= d < n`.
            pub fn from_bytes(b: &[u8]) -> Result<SecretKey, Error> {
                keys::secret_from_bytes::<$c>(b).map(|d| SecretKey { d })
            }

            /// The big-endian encoding of `d`.
            pub fn to_bytes(&self) -> Zeroizing<[u8; $n]> {
                Zeroizing::new($crate::ec::common::ScalarOps::to_bytes(&self.d))
            }

            /// Generates a key pair by rejection sampling (FIPS 186-5 A.4.2). Errors from `rng` are passed on;
            /// [`Error::InvalidKey`] if `rng` keeps producing out-of-range values (a broken source).
            pub fn generate(rng: &mut dyn FnMut(&mut [u8]) -> Result<(), Error>) -> Result<SecretKey, Error> {
                keys::generate::<$c>(rng).map(|d| SecretKey { d })
            }

            /// The public key `Q = d * G` (constant-time fixed-base multiplication).
            pub fn public_key(&self) -> PublicKey {
                PublicKey { point: keys::public_key::<$c>(&self.d) }
            }
        }

        /// A validated public key: a finite point on the curve (the group has prime order, so every such
        /// point is in the subgroup of order n).
        #[derive(Clone, Copy)]
        pub struct PublicKey {
            point: AffinePoint<$c>,
        }

        impl PartialEq for PublicKey {
            fn eq(&self, other: &PublicKey) -> bool {
                keys::points_eq(&self.point, &other.point)
            }
        }

        impl Eq for PublicKey {}

        impl core::fmt::Debug for PublicKey {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("PublicKey(")?;
                for b in self.to_uncompressed() {
                    write!(f, "{b:02x}")?;
                }
                f.write_str(")")
            }
        }

        impl PublicKey {
            /// Decodes and fully validates (SP 800-56A r3 5.6.2.3.3) a SEC 1 encoding: `04 || X || Y` or
            /// `02/03 || X`. Coordinates must be `< p` and the point on the curve; the identity (`00`) and
            /// every other length or prefix are refused. All failures are [`Error::InvalidKey`].
            pub fn from_sec1(b: &[u8]) -> Result<PublicKey, Error> {
                keys::public_from_sec1::<$c>(b).map(|point| PublicKey { point })
            }

            /// `04 || X || Y`.
            pub fn to_uncompressed(&self) -> [u8; $unc] {
                let mut out = [0u8; $unc];
                keys::encode_uncompressed(&self.point, &mut out);
                out
            }

            /// `02/03 || X` (03 when y is odd).
            pub fn to_compressed(&self) -> [u8; $comp] {
                let mut out = [0u8; $comp];
                keys::encode_compressed(&self.point, &mut out);
                out
            }
        }

        /// ECDH (SP 800-56A r3 5.7.1.2, cofactor 1): the x-coordinate of `d * Q`, big-endian. The peer key is
        /// already validated by [`PublicKey::from_sec1`]; [`Error::InvalidKey`] if the product is the
        /// identity (cannot happen for valid inputs; checked as the standard requires).
        pub fn ecdh(sk: &SecretKey, peer: &PublicKey) -> Result<Zeroizing<[u8; $n]>, Error> {
            keys::ecdh::<$c>(&sk.d, &peer.point).map(Zeroizing::new)
        }

        /// Hedged ECDSA signature of a message hash: the nonce comes from RFC 6979's HMAC_DRBG seeded with
        /// `d`, `bits2octets(hash)` and fresh bytes from `rng` (RFC 6979 section 3.6 extra data), so it stays
        /// safe if either the random source or the determinism fails.
        pub fn sign_prehash(
            sk: &SecretKey,
            hash: &[u8],
            rng: &mut dyn FnMut(&mut [u8]) -> Result<(), Error>,
        ) -> Result<Signature, Error> {
            ecdsa::sign_prehash::<$c>(&sk.d, hash, $hedge, rng).map(|(r, s)| Signature { r, s })
        }

        /// Deterministic ECDSA (RFC 6979, FIPS 186-5 section 6.3.2): the nonce comes from HMAC_DRBG with
        /// `alg`, which must be the digest that produced `hash`. [`Error::Unsupported`] for the XOFs.
        pub fn sign_prehash_deterministic(sk: &SecretKey, hash: &[u8], alg: Algorithm) -> Result<Signature, Error> {
            ecdsa::sign_prehash_deterministic::<$c>(&sk.d, hash, alg).map(|(r, s)| Signature { r, s })
        }

        /// Signs with a caller-supplied nonce `k` (`1 <= k < n`): for known-answer tests and self-tests only.
        /// [`Error::InvalidLength`] for a wrong length, [`Error::InvalidKey`] for an out-of-range `k` or a
        /// zero r or s.
        pub fn sign_prehash_with_k(sk: &SecretKey, hash: &[u8], k: &[u8]) -> Result<Signature, Error> {
            ecdsa::sign_prehash_with_k::<$c>(&sk.d, hash, k).map(|(r, s)| Signature { r, s })
        }

        /// Verifies an ECDSA signature of a message hash (FIPS 186-5 section 6.4.2). `Ok(())` if valid;
        /// [`Error::InvalidKey`] if r or s is out of `[1, n-1]` or the signature does not match.
        /// Variable-time (all inputs are public).
        pub fn verify_prehash(pk: &PublicKey, hash: &[u8], sig: &Signature) -> Result<(), Error> {
            ecdsa::verify_prehash::<$c>(&pk.point, hash, &sig.r, &sig.s)
        }

        /// The arithmetic this process uses: `"soft"` (portable Rust; constant-time).
        pub fn backend_name() -> &'static str {
            "soft"
        }
    };
}

pub(crate) use curve_api;
