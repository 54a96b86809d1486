//! The elliptic curves the module offers (one table entry each) and curve-erased key types over them.
//!
//! Adding a curve: one [`CURVES`] entry, one [`CurveId`] variant, and one arm in each `match` below that
//! forwards to the curve's module in `ferrofips_crypto::ec`.

use core::ffi::CStr;

use ferrofips_crypto::Error as CryptoError;
use ferrofips_crypto::digest::Algorithm;
use ferrofips_crypto::ec::{p256, p384, p521};
use zeroize::Zeroizing;

use super::ec_params::PointFormat;
use crate::error::{ProvError, ProvResult, Reason};

/// One variant per entry of [`CURVES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum CurveId {
    /// NIST P-256 (secp256r1, prime256v1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
    /// NIST P-521 (secp521r1).
    P521,
}

/// A curve: its names, sizes, and explicit domain parameters (big-endian, minimal length).
#[derive(Debug)]
pub(crate) struct Curve {
    /// Which curve.
    pub(crate) id: CurveId,
    /// OpenSSL's short name, reported as `group` (what `OBJ_txt2nid` and libssl expect, never "P-256").
    pub(crate) name: &'static CStr,
    /// Further names accepted as `group` (case-insensitive): NIST name, SECG name, OID.
    pub(crate) aliases: &'static [&'static str],
    /// Bits of the group order (`bits`).
    pub(crate) order_bits: u32,
    /// Security strength in bits (SP 800-57 part 1 table 2; `security-bits`).
    pub(crate) security_bits: u32,
    /// Bytes of a field element: coordinate and ECDH shared-secret length.
    pub(crate) field_len: usize,
    /// Bytes of the group order: private-key length (exported padded to it).
    pub(crate) order_len: usize,
    /// Longest DER ECDSA-Sig-Value (`max-size`, what `EVP_PKEY_get_size` reports).
    pub(crate) max_sig_len: usize,
    /// Field prime p.
    pub(crate) p: &'static [u8],
    /// Curve coefficient a.
    pub(crate) a: &'static [u8],
    /// Curve coefficient b.
    pub(crate) b: &'static [u8],
    /// Group order n.
    pub(crate) order: &'static [u8],
    /// Cofactor h.
    pub(crate) cofactor: &'static [u8],
    /// The base point, uncompressed (`04 || Gx || Gy`).
    pub(crate) generator: &'static [u8],
    /// The seed the curve was generated from (X9.62).
    pub(crate) seed: &'static [u8],
}

const fn h<const N: usize>(s: &[u8]) -> [u8; N] {
    const fn nib(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("bad hex digit"),
        }
    }
    assert!(s.len() == 2 * N, "hex length");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = (nib(s[2 * i]) << 4) | nib(s[2 * i + 1]);
        i += 1;
    }
    out
}

// SP 800-186 section 3.2.1.3 (P-256); seed from ANSI X9.62 / FIPS 186-4 D.1.2.3.
static P256_P: [u8; 32] = h(b"ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
static P256_A: [u8; 32] = h(b"ffffffff00000001000000000000000000000000fffffffffffffffffffffffc");
static P256_B: [u8; 32] = h(b"5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
static P256_N: [u8; 32] = h(b"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
static P256_G: [u8; 65] = h(b"046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
static P256_SEED: [u8; 20] = h(b"c49d360886e704936a6678e1139d26b7819f7e90");

// SP 800-186 section 3.2.1.4 (P-384); seed from ANSI X9.62 / FIPS 186-4 D.1.2.4.
static P384_P: [u8; 48] =
    h(b"fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff");
static P384_A: [u8; 48] =
    h(b"fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffc");
static P384_B: [u8; 48] =
    h(b"b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef");
static P384_N: [u8; 48] =
    h(b"ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973");
static P384_G: [u8; 97] = h(b"04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab73617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f");
static P384_SEED: [u8; 20] = h(b"a335926aa319a27a1d00896a6773a4827acdac73");

// SP 800-186 section 3.2.1.5 (P-521); seed from ANSI X9.62 / FIPS 186-4 D.1.2.5.
static P521_P: [u8; 66] = h(b"01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
static P521_A: [u8; 66] = h(b"01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc");
static P521_B: [u8; 66] = h(b"0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00");
static P521_N: [u8; 66] = h(b"01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409");
static P521_G: [u8; 133] = h(b"0400c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650");
static P521_SEED: [u8; 20] = h(b"d09e8800291cb85396cc6717393284aaa0da64ba");

/// Every curve offered, in preference order.
pub(crate) static CURVES: [Curve; 3] = [
    Curve {
        id: CurveId::P256,
        name: c"prime256v1",
        aliases: &["P-256", "secp256r1", "1.2.840.10045.3.1.7"],
        order_bits: 256,
        security_bits: 128,
        field_len: 32,
        order_len: 32,
        // SEQUENCE { INTEGER r, INTEGER s }, each up to 33 bytes: 2 + 2 * (2 + 33).
        max_sig_len: 72,
        p: &P256_P,
        a: &P256_A,
        b: &P256_B,
        order: &P256_N,
        cofactor: &[1],
        generator: &P256_G,
        seed: &P256_SEED,
    },
    Curve {
        id: CurveId::P384,
        name: c"secp384r1",
        aliases: &["P-384", "1.3.132.0.34"],
        order_bits: 384,
        security_bits: 192,
        field_len: 48,
        order_len: 48,
        // 2 + 2 * (2 + 49).
        max_sig_len: 104,
        p: &P384_P,
        a: &P384_A,
        b: &P384_B,
        order: &P384_N,
        cofactor: &[1],
        generator: &P384_G,
        seed: &P384_SEED,
    },
    Curve {
        id: CurveId::P521,
        name: c"secp521r1",
        aliases: &["P-521", "1.3.132.0.35"],
        order_bits: 521,
        security_bits: 256,
        field_len: 66,
        order_len: 66,
        // 30 81 len, then 2 * (2 + 66) (n < 2^521: a 66-byte integer never needs a sign pad).
        max_sig_len: 139,
        p: &P521_P,
        a: &P521_A,
        b: &P521_B,
        order: &P521_N,
        cofactor: &[1],
        generator: &P521_G,
        seed: &P521_SEED,
    },
];

impl Curve {
    /// The table entry of `id`.
    pub(crate) fn get(id: CurveId) -> &'static Curve {
        CURVES.iter().find(|c| c.id == id).unwrap_or(&CURVES[0])
    }

    /// Looks a curve up by its name or any alias, ignoring case.
    pub(crate) fn by_name(name: &str) -> Option<&'static Curve> {
        CURVES.iter().find(|c| {
            c.name.to_str().is_ok_and(|n| n.eq_ignore_ascii_case(name))
                || c.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
    }

    /// Whether `b` is this curve's base point in any SEC 1 / X9.62 encoding.
    pub(crate) fn is_generator(&'static self, b: &[u8]) -> bool {
        let g = EcPublic::from_encoded(self, self.generator);
        matches!((g, EcPublic::from_encoded(self, b)), (Ok(g), Ok(q)) if g == q)
    }
}

/// Strips leading zero bytes (public values only).
pub(crate) fn trim_be(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[start..]
}

/// A private key on one of the curves. Zeroized on drop (by the curve's own type).
#[derive(Clone)]
pub(crate) enum EcSecret {
    /// P-256.
    P256(p256::SecretKey),
    /// P-384.
    P384(p384::SecretKey),
    /// P-521.
    P521(p521::SecretKey),
}

impl core::fmt::Debug for EcSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "EcSecret({:?}, [REDACTED])", self.curve())
    }
}

/// A validated public key (a point of the curve's prime-order group, never the identity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EcPublic {
    /// P-256.
    P256(p256::PublicKey),
    /// P-384.
    P384(p384::PublicKey),
    /// P-521.
    P521(p521::PublicKey),
}

impl EcSecret {
    /// FIPS 186-5 A.4.2 key generation with `rng` supplying random bytes.
    pub(crate) fn generate(
        curve: &Curve,
        rng: &mut dyn FnMut(&mut [u8]) -> Result<(), CryptoError>,
    ) -> Result<EcSecret, CryptoError> {
        match curve.id {
            CurveId::P256 => p256::SecretKey::generate(rng).map(EcSecret::P256),
            CurveId::P384 => p384::SecretKey::generate(rng).map(EcSecret::P384),
            CurveId::P521 => p521::SecretKey::generate(rng).map(EcSecret::P521),
        }
    }

    /// Decodes a big-endian scalar of exactly `order_len` bytes, `1 <= d < n`.
    pub(crate) fn from_bytes(curve: &Curve, b: &[u8]) -> Result<EcSecret, CryptoError> {
        match curve.id {
            CurveId::P256 => p256::SecretKey::from_bytes(b).map(EcSecret::P256),
            CurveId::P384 => p384::SecretKey::from_bytes(b).map(EcSecret::P384),
            CurveId::P521 => p521::SecretKey::from_bytes(b).map(EcSecret::P521),
        }
    }

    /// The curve.
    pub(crate) fn curve(&self) -> CurveId {
        match self {
            EcSecret::P256(_) => CurveId::P256,
            EcSecret::P384(_) => CurveId::P384,
            EcSecret::P521(_) => CurveId::P521,
        }
    }

    /// The big-endian scalar, `order_len` bytes.
    pub(crate) fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        match self {
            EcSecret::P256(k) => Zeroizing::new(k.to_bytes().to_vec()),
            EcSecret::P384(k) => Zeroizing::new(k.to_bytes().to_vec()),
            EcSecret::P521(k) => Zeroizing::new(k.to_bytes().to_vec()),
        }
    }

    /// `Q = d * G` (constant time).
    pub(crate) fn public_key(&self) -> EcPublic {
        match self {
            EcSecret::P256(k) => EcPublic::P256(k.public_key()),
            EcSecret::P384(k) => EcPublic::P384(k.public_key()),
            EcSecret::P521(k) => EcPublic::P521(k.public_key()),
        }
    }

    /// Constant-time equality of two private keys (different curves are unequal).
    pub(crate) fn ct_eq(&self, other: &EcSecret) -> bool {
        if self.curve() != other.curve() {
            return false;
        }
        let (a, b) = (self.to_bytes(), other.to_bytes());
        let diff = a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y));
        core::hint::black_box(diff) == 0
    }

    /// The ECDH shared secret with `peer` (x-coordinate of `d * Q`, `field_len` bytes).
    pub(crate) fn ecdh(&self, peer: &EcPublic) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        match (self, peer) {
            (EcSecret::P256(k), EcPublic::P256(q)) => p256::ecdh(k, q).map(|z| Zeroizing::new(z.to_vec())),
            (EcSecret::P384(k), EcPublic::P384(q)) => p384::ecdh(k, q).map(|z| Zeroizing::new(z.to_vec())),
            (EcSecret::P521(k), EcPublic::P521(q)) => p521::ecdh(k, q).map(|z| Zeroizing::new(z.to_vec())),
            _ => Err(CryptoError::InvalidKey),
        }
    }

    /// A hedged ECDSA signature of `hash`, DER-encoded.
    pub(crate) fn sign_prehash(
        &self,
        hash: &[u8],
        rng: &mut dyn FnMut(&mut [u8]) -> Result<(), CryptoError>,
    ) -> Result<Vec<u8>, CryptoError> {
        match self {
            EcSecret::P256(k) => p256::sign_prehash(k, hash, rng).map(|s| s.to_der()),
            EcSecret::P384(k) => p384::sign_prehash(k, hash, rng).map(|s| s.to_der()),
            EcSecret::P521(k) => p521::sign_prehash(k, hash, rng).map(|s| s.to_der()),
        }
    }
    /// A deterministic (RFC 6979) ECDSA signature of `hash`, which `alg` produced, DER-encoded.
    pub(crate) fn sign_prehash_deterministic(&self, hash: &[u8], alg: Algorithm) -> Result<Vec<u8>, CryptoError> {
        match self {
            EcSecret::P256(k) => p256::sign_prehash_deterministic(k, hash, alg).map(|s| s.to_der()),
            EcSecret::P384(k) => p384::sign_prehash_deterministic(k, hash, alg).map(|s| s.to_der()),
            EcSecret::P521(k) => p521::sign_prehash_deterministic(k, hash, alg).map(|s| s.to_der()),
        }
    }
}

impl EcPublic {
    /// Decodes and fully validates (SP 800-56A r3 5.6.2.3.3) an encoded point on `curve`: uncompressed
    /// (`04`), compressed (`02`/`03`) or hybrid (`06`/`07`, whose parity bit must match Y).
    pub(crate) fn from_encoded(curve: &Curve, b: &[u8]) -> Result<EcPublic, CryptoError> {
        let mut buf = [0u8; 133];
        let b = match b.first() {
            Some(&tag @ (6 | 7)) if b.len() == 1 + 2 * curve.field_len => {
                if b[b.len() - 1] & 1 != tag & 1 {
                    return Err(CryptoError::InvalidKey);
                }
                let dst = buf.get_mut(..b.len()).ok_or(CryptoError::InvalidKey)?;
                dst.copy_from_slice(b);
                dst[0] = 4;
                &*dst
            }
            _ => b,
        };
        match curve.id {
            CurveId::P256 => p256::PublicKey::from_sec1(b).map(EcPublic::P256),
            CurveId::P384 => p384::PublicKey::from_sec1(b).map(EcPublic::P384),
            CurveId::P521 => p521::PublicKey::from_sec1(b).map(EcPublic::P521),
        }
    }

    /// The curve.
    pub(crate) fn curve(&self) -> CurveId {
        match self {
            EcPublic::P256(_) => CurveId::P256,
            EcPublic::P384(_) => CurveId::P384,
            EcPublic::P521(_) => CurveId::P521,
        }
    }

    /// The uncompressed encoding `04 || X || Y`.
    pub(crate) fn uncompressed(&self) -> Vec<u8> {
        match self {
            EcPublic::P256(q) => q.to_uncompressed().to_vec(),
            EcPublic::P384(q) => q.to_uncompressed().to_vec(),
            EcPublic::P521(q) => q.to_uncompressed().to_vec(),
        }
    }

    /// The encoding in `format`.
    pub(crate) fn encode(&self, format: PointFormat) -> Vec<u8> {
        match format {
            PointFormat::Uncompressed => self.uncompressed(),
            PointFormat::Compressed => match self {
                EcPublic::P256(q) => q.to_compressed().to_vec(),
                EcPublic::P384(q) => q.to_compressed().to_vec(),
                EcPublic::P521(q) => q.to_compressed().to_vec(),
            },
            PointFormat::Hybrid => {
                let mut v = self.uncompressed();
                let odd = v.last().map_or(0, |b| b & 1);
                v[0] = 6 | odd;
                v
            }
        }
    }

    /// The affine coordinates (big-endian, `field_len` bytes each).
    pub(crate) fn coordinates(&self) -> (Vec<u8>, Vec<u8>) {
        let u = self.uncompressed();
        let n = (u.len() - 1) / 2;
        (u[1..1 + n].to_vec(), u[1 + n..].to_vec())
    }

    /// Verifies a DER ECDSA signature of `hash` (strict DER, `1 <= r, s < n`).
    pub(crate) fn verify_prehash(&self, hash: &[u8], der: &[u8]) -> Result<(), CryptoError> {
        match self {
            EcPublic::P256(q) => {
                let sig = p256::Signature::from_der(der)?;
                p256::verify_prehash(q, hash, &sig)
            }
            EcPublic::P384(q) => {
                let sig = p384::Signature::from_der(der)?;
                p384::verify_prehash(q, hash, &sig)
            }
            EcPublic::P521(q) => {
                let sig = p521::Signature::from_der(der)?;
                p521::verify_prehash(q, hash, &sig)
            }
        }
    }
}

/// Explicit domain parameters as imported (`field-type`, `p`, `a`, `b`, `generator`, `order`, `cofactor`,
/// `seed`); each `None` when absent. Matched against the named curves, never used as given.
#[derive(Debug, Default)]
pub(crate) struct ExplicitParams {
    /// `field-type`.
    pub(crate) field_type: Option<String>,
    /// `p`, big-endian.
    pub(crate) p: Option<Vec<u8>>,
    /// `a`, big-endian.
    pub(crate) a: Option<Vec<u8>>,
    /// `b`, big-endian.
    pub(crate) b: Option<Vec<u8>>,
    /// `generator`, encoded point.
    pub(crate) generator: Option<Vec<u8>>,
    /// `order`, big-endian.
    pub(crate) order: Option<Vec<u8>>,
    /// `cofactor`, big-endian.
    pub(crate) cofactor: Option<Vec<u8>>,
    /// `seed`.
    pub(crate) seed: Option<Vec<u8>>,
}

impl ExplicitParams {
    /// True if any explicit parameter was given.
    pub(crate) fn any(&self) -> bool {
        self.field_type.is_some()
            || self.p.is_some()
            || self.a.is_some()
            || self.b.is_some()
            || self.generator.is_some()
            || self.order.is_some()
            || self.cofactor.is_some()
            || self.seed.is_some()
    }

    /// The named curve these parameters describe, like OpenSSL's explicit-to-named matching: p, a, b,
    /// generator and order are required and must match exactly; cofactor, seed and field type must match when
    /// given. `None` for any other curve (arbitrary curves are not offered).
    pub(crate) fn named_curve(&self) -> Option<&'static Curve> {
        let (p, a, b, g, n) =
            (self.p.as_ref()?, self.a.as_ref()?, self.b.as_ref()?, self.generator.as_ref()?, self.order.as_ref()?);
        CURVES.iter().find(|c| {
            trim_be(p) == trim_be(c.p)
                && trim_be(a) == trim_be(c.a)
                && trim_be(b) == trim_be(c.b)
                && trim_be(n) == trim_be(c.order)
                && self.cofactor.as_ref().is_none_or(|h| trim_be(h) == trim_be(c.cofactor))
                && self.seed.as_ref().is_none_or(|s| s.as_slice() == c.seed)
                && self.field_type.as_ref().is_none_or(|t| t.eq_ignore_ascii_case("prime-field"))
                && c.is_generator(g)
        })
    }
}

/// Runs `f` with the module's private DRBG (`crate::random::private_bytes`) as its random source. A DRBG
/// failure is reported as [`Reason::RandomFailed`], an `InvalidKey` from `f` as [`Reason::InvalidKey`].
pub(crate) fn with_private_rng<T>(
    f: impl FnOnce(&mut dyn FnMut(&mut [u8]) -> Result<(), CryptoError>) -> Result<T, CryptoError>,
) -> ProvResult<T> {
    let mut failure: Option<ProvError> = None;
    let mut rng = |buf: &mut [u8]| {
        crate::random::private_bytes(buf).map_err(|e| {
            failure = Some(e);
            CryptoError::BackendUnavailable
        })
    };
    let r = f(&mut rng);
    match (r, failure) {
        (Ok(v), _) => Ok(v),
        (Err(_), Some(e)) => Err(ProvError::with(Reason::RandomFailed, e.detail)),
        (Err(CryptoError::InvalidKey), None) => Err(ProvError::new(Reason::InvalidKey)),
        (Err(e), None) => Err(ProvError::with(Reason::InternalError, e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p256() -> &'static Curve {
        Curve::get(CurveId::P256)
    }

    #[test]
    fn p384_p521_names_parameters_and_keys() {
        for (id, names) in [
            (CurveId::P384, ["secp384r1", "P-384", "p-384", "1.3.132.0.34"]),
            (CurveId::P521, ["secp521r1", "P-521", "SECP521R1", "1.3.132.0.35"]),
        ] {
            for n in names {
                assert_eq!(Curve::by_name(n).map(|c| c.id), Some(id), "{n}");
            }
            let c = Curve::get(id);
            assert_eq!(c.id, id);
            assert_eq!(c.generator.len(), 1 + 2 * c.field_len);
            let g = EcPublic::from_encoded(c, c.generator).expect("G decodes");
            assert_eq!(g.curve(), id);
            for f in [PointFormat::Uncompressed, PointFormat::Compressed, PointFormat::Hybrid] {
                assert_eq!(EcPublic::from_encoded(c, &g.encode(f)), Ok(g), "{f:?}");
            }
            let mut one = vec![0u8; c.order_len];
            one[c.order_len - 1] = 1;
            let d = EcSecret::from_bytes(c, &one).unwrap();
            assert_eq!(d.public_key().uncompressed(), c.generator);
            assert!(EcSecret::from_bytes(c, c.order).is_err());
            // Explicit parameters matching the curve map onto it.
            let e = ExplicitParams {
                field_type: None,
                p: Some(c.p.to_vec()),
                a: Some(c.a.to_vec()),
                b: Some(c.b.to_vec()),
                generator: Some(c.generator.to_vec()),
                order: Some(c.order.to_vec()),
                cofactor: Some(vec![1]),
                seed: Some(c.seed.to_vec()),
            };
            assert_eq!(e.named_curve().map(|c| c.id), Some(id));
            // Sign/verify and ECDH through the curve-erased types; the longest signature fits max_sig_len.
            let sig = d.sign_prehash_deterministic(&[0xffu8; 64], Algorithm::Sha512).unwrap();
            assert!(sig.len() <= c.max_sig_len);
            g.verify_prehash(&[0xffu8; 64], &sig).unwrap();
            assert!(g.verify_prehash(&[0xfeu8; 64], &sig).is_err());
            assert_eq!(d.ecdh(&g).unwrap().len(), c.field_len);
            // Keys of different curves do not mix.
            let other = EcPublic::from_encoded(p256(), p256().generator).unwrap();
            assert!(d.ecdh(&other).is_err());
        }
    }

    #[test]
    fn names_and_aliases() {
        for n in ["prime256v1", "P-256", "p-256", "SECP256R1", "1.2.840.10045.3.1.7"] {
            assert_eq!(Curve::by_name(n).map(|c| c.id), Some(CurveId::P256), "{n}");
        }
        assert!(Curve::by_name("P-384x").is_none());
        assert!(Curve::by_name("").is_none());
    }

    #[test]
    fn generator_is_on_curve_in_every_encoding() {
        let c = p256();
        let g = EcPublic::from_encoded(c, c.generator).expect("G decodes");
        for f in [PointFormat::Uncompressed, PointFormat::Compressed, PointFormat::Hybrid] {
            let e = g.encode(f);
            assert_eq!(EcPublic::from_encoded(c, &e), Ok(g), "{f:?}");
            assert!(c.is_generator(&e));
        }
        // A hybrid encoding with the wrong parity bit is refused.
        let mut bad = g.encode(PointFormat::Hybrid);
        bad[0] ^= 1;
        assert!(EcPublic::from_encoded(c, &bad).is_err());
    }

    #[test]
    fn explicit_params_map_to_the_named_curve_only_when_exact() {
        let c = p256();
        let mut e = ExplicitParams {
            field_type: Some("prime-field".into()),
            p: Some(c.p.to_vec()),
            a: Some(c.a.to_vec()),
            b: Some([&[0u8, 0][..], c.b].concat()),
            generator: Some(EcPublic::from_encoded(c, c.generator).unwrap().encode(PointFormat::Compressed)),
            order: Some(c.order.to_vec()),
            cofactor: Some(vec![1]),
            seed: Some(c.seed.to_vec()),
        };
        assert!(e.any());
        assert_eq!(e.named_curve().map(|c| c.id), Some(CurveId::P256));
        e.cofactor = Some(vec![2]);
        assert!(e.named_curve().is_none());
        e.cofactor = None;
        let mut b = c.b.to_vec();
        b[31] ^= 1;
        e.b = Some(b);
        assert!(e.named_curve().is_none());
        assert!(!ExplicitParams::default().any());
        assert!(ExplicitParams::default().named_curve().is_none());
    }

    #[test]
    fn secrets_compare_and_round_trip() {
        let c = p256();
        let mut one = vec![0u8; 32];
        one[31] = 1;
        let d1 = EcSecret::from_bytes(c, &one).unwrap();
        assert_eq!(d1.public_key().uncompressed(), c.generator);
        let mut two = one.clone();
        two[31] = 2;
        let d2 = EcSecret::from_bytes(c, &two).unwrap();
        assert!(d1.ct_eq(&d1.clone()));
        assert!(!d1.ct_eq(&d2));
        assert_eq!(&d2.to_bytes()[..], &two[..]);
        assert!(EcSecret::from_bytes(c, c.order).is_err());
        assert!(EcSecret::from_bytes(c, &[0u8; 32]).is_err());
        assert!(format!("{d1:?}").contains("REDACTED"));
    }
}
