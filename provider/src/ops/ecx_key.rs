//! X25519 and Ed25519 key objects (OpenSSL's keymgmt "X25519" and "ED25519", `ecx_kmgmt.c`): the key types,
//! what a key holds and the queries on it (`has`, `match`, `validate`, `dup`). Import/export and parameters are
//! in `ecx_keyio`, generation in `ecx_gen`.
//!
//! Both key types have no domain parameters (the type is the curve), so a parameters-only key is an empty key
//! of its type, `has` always answers yes for parameters, and `match` on parameters compares the types.

use core::ffi::CStr;
use std::sync::Arc;

use ferrofips_crypto::Error as CryptoError;
use ferrofips_crypto::ec::{ed25519, x25519};
use zeroize::Zeroizing;

use super::ec_key::Selection;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// Property definition of X25519: offered (outside strict mode) but not an approved service.
pub(crate) const PROPS_NOT_APPROVED: &CStr = c"provider=ferrofips,fips=no";
/// The X25519 key management and key exchange names (OpenSSL's `PROV_NAMES_X25519`).
pub(crate) const X25519_NAMES: &CStr = c"X25519:1.3.101.110";
/// The Ed25519 key management and signature names (OpenSSL's `PROV_NAMES_ED25519`).
pub(crate) const ED25519_NAMES: &CStr = c"ED25519:1.3.101.112";

/// Length of every X25519/Ed25519 key (`X25519_KEYLEN`, `ED25519_KEYLEN`).
pub(crate) const KEY_LEN: usize = 32;
/// Length of an Ed25519 signature (`ED25519_SIGSIZE`).
pub(crate) const SIG_LEN: usize = 64;

/// Which of the two key types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EcxKind {
    /// RFC 7748 X25519 (key agreement).
    X25519,
    /// RFC 8032 / FIPS 186-5 Ed25519 (signatures).
    Ed25519,
}

impl EcxKind {
    /// `bits` (OpenSSL's `X25519_BITS` / `ED25519_BITS`).
    pub(crate) const fn bits(self) -> i32 {
        match self {
            EcxKind::X25519 => 253,
            EcxKind::Ed25519 => 256,
        }
    }

    /// `security-bits`: 128 for both.
    pub(crate) const fn security_bits(self) -> i32 {
        128
    }

    /// `max-size`: the shared-secret length for X25519, the signature length for Ed25519.
    pub(crate) const fn max_size(self) -> i32 {
        match self {
            EcxKind::X25519 => KEY_LEN as i32,
            EcxKind::Ed25519 => SIG_LEN as i32,
        }
    }

    /// The name used in error messages.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            EcxKind::X25519 => "X25519",
            EcxKind::Ed25519 => "ED25519",
        }
    }
}

fn bad_key(kind: EcxKind, what: &str) -> ProvError {
    ProvError::with(Reason::InvalidKey, format!("{} {what}", kind.name()))
}

/// A private key of either type. Zeroized on drop (by the crypto types).
#[derive(Clone)]
pub(crate) enum EcxSecret {
    /// X25519 scalar bytes (as given; clamped when used).
    X25519(x25519::SecretKey),
    /// Ed25519 seed (with its cached expansion).
    Ed25519(ed25519::SecretKey),
}

impl core::fmt::Debug for EcxSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "EcxSecret({:?}, [REDACTED])", self.kind())
    }
}

impl EcxSecret {
    /// A private key from its 32 raw bytes.
    pub(crate) fn from_bytes(kind: EcxKind, b: &[u8]) -> ProvResult<EcxSecret> {
        if b.len() != KEY_LEN {
            return Err(bad_key(kind, &format!("private key is {} bytes, not {KEY_LEN}", b.len())));
        }
        let r = match kind {
            EcxKind::X25519 => x25519::SecretKey::from_bytes(b).map(EcxSecret::X25519),
            EcxKind::Ed25519 => ed25519::SecretKey::from_bytes(b).map(EcxSecret::Ed25519),
        };
        r.map_err(|_| bad_key(kind, "private key"))
    }

    /// The key type.
    pub(crate) fn kind(&self) -> EcxKind {
        match self {
            EcxSecret::X25519(_) => EcxKind::X25519,
            EcxSecret::Ed25519(_) => EcxKind::Ed25519,
        }
    }

    /// The raw private key bytes.
    pub(crate) fn to_bytes(&self) -> Zeroizing<[u8; KEY_LEN]> {
        match self {
            EcxSecret::X25519(k) => k.to_bytes(),
            EcxSecret::Ed25519(k) => k.to_bytes(),
        }
    }

    /// The matching public key.
    pub(crate) fn public_key(&self) -> EcxPublic {
        match self {
            EcxSecret::X25519(k) => EcxPublic::X25519(k.public_key()),
            EcxSecret::Ed25519(k) => EcxPublic::Ed25519(k.public_key()),
        }
    }

    /// Constant-time equality (keys of different types are unequal).
    pub(crate) fn ct_eq(&self, other: &EcxSecret) -> bool {
        if self.kind() != other.kind() {
            return false;
        }
        let (a, b) = (self.to_bytes(), other.to_bytes());
        let diff = a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y));
        core::hint::black_box(diff) == 0
    }
}

/// A public key of either type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EcxPublic {
    /// An X25519 u-coordinate (any 32 bytes, RFC 7748).
    X25519(x25519::PublicKey),
    /// An Ed25519 point, decoded (canonical and on the curve).
    Ed25519(ed25519::PublicKey),
}

impl EcxPublic {
    /// A public key from its 32-byte encoding. X25519 accepts any 32 bytes (small-order points are caught when
    /// a shared secret comes out all zero); Ed25519 requires a canonical encoding of a curve point.
    pub(crate) fn from_bytes(kind: EcxKind, b: &[u8]) -> ProvResult<EcxPublic> {
        if b.len() != KEY_LEN {
            return Err(bad_key(kind, &format!("public key is {} bytes, not {KEY_LEN}", b.len())));
        }
        let r = match kind {
            EcxKind::X25519 => x25519::PublicKey::from_bytes(b).map(EcxPublic::X25519),
            EcxKind::Ed25519 => ed25519::PublicKey::from_bytes(b).map(EcxPublic::Ed25519),
        };
        r.map_err(|_| bad_key(kind, "public key"))
    }

    /// The key type.
    pub(crate) fn kind(&self) -> EcxKind {
        match self {
            EcxPublic::X25519(_) => EcxKind::X25519,
            EcxPublic::Ed25519(_) => EcxKind::Ed25519,
        }
    }

    /// The 32-byte encoding.
    pub(crate) fn to_bytes(&self) -> [u8; KEY_LEN] {
        match self {
            EcxPublic::X25519(k) => k.to_bytes(),
            EcxPublic::Ed25519(k) => k.to_bytes(),
        }
    }

    /// Full public-key validation: for Ed25519 the point must not be of small order and must lie in the
    /// prime-order subgroup (FIPS 186-5 / SP 800-186); X25519 has no such check (RFC 7748 accepts every
    /// u-coordinate).
    pub(crate) fn validate_full(&self) -> Result<(), CryptoError> {
        match self {
            EcxPublic::X25519(_) => Ok(()),
            EcxPublic::Ed25519(k) => k.validate_full(),
        }
    }
}

/// An X25519 or Ed25519 key: optional public key, optional private key. Invariants: both halves (when present)
/// are of `kind`; a private key implies a public key (computed when only the private key is imported).
#[derive(Clone, Debug)]
pub(crate) struct EcxKey {
    pub(crate) prov: Arc<ProvCtx>,
    pub(crate) kind: EcxKind,
    pub(crate) public: Option<EcxPublic>,
    pub(crate) secret: Option<EcxSecret>,
}

impl EcxKey {
    /// An empty key of `kind` (`new`, and the parameters-only key of `gen`/`dup`).
    pub(crate) fn new(prov: Arc<ProvCtx>, kind: EcxKind) -> Self {
        Self { prov, kind, public: None, secret: None }
    }

    /// `has`: parameters are always there (the type is the curve); the selected key halves must be present.
    pub(crate) fn has(&self, sel: Selection) -> bool {
        (!sel.public() || self.public.is_some()) && (!sel.private() || self.secret.is_some())
    }

    /// `match` as OpenSSL's `ecx_match`: parameters compare the types; then the public keys if selected and
    /// both present, else the private keys (constant time) if selected and both present; a key-pair selection
    /// with nothing comparable does not match.
    pub(crate) fn matches(&self, other: &EcxKey, sel: Selection) -> bool {
        let mut ok = true;
        if sel.domain() {
            ok &= self.kind == other.kind;
        }
        if sel.any_key() {
            let mut checked = false;
            if sel.public()
                && let (Some(a), Some(b)) = (&self.public, &other.public)
            {
                ok &= a.to_bytes() == b.to_bytes() && a.kind() == b.kind();
                checked = true;
            }
            if !checked
                && sel.private()
                && let (Some(a), Some(b)) = (&self.secret, &other.secret)
            {
                ok &= a.ct_eq(b);
                checked = true;
            }
            ok &= checked;
        }
        ok
    }

    /// `validate`: the selected halves are present; an Ed25519 public key passes full validation (not of small
    /// order, in the prime-order subgroup); a key-pair selection also recomputes the public key from the private
    /// key and compares (OpenSSL's `ecx_key_pairwise_check`).
    pub(crate) fn validate(&self, sel: Selection) -> bool {
        if !sel.any_key() {
            return true;
        }
        if sel.public() {
            let Some(q) = &self.public else { return false };
            if q.kind() != self.kind || q.validate_full().is_err() {
                return false;
            }
        }
        if sel.private() {
            let Some(d) = &self.secret else { return false };
            if d.kind() != self.kind {
                return false;
            }
        }
        if sel.keypair() {
            let (Some(q), Some(d)) = (&self.public, &self.secret) else { return false };
            if d.public_key().to_bytes() != q.to_bytes() {
                return false;
            }
        }
        true
    }

    /// `dup`: a key of the same type with the selected halves (a private key keeps its public key).
    pub(crate) fn dup(&self, sel: Selection) -> EcxKey {
        let mut k = EcxKey::new(self.prov.clone(), self.kind);
        if sel.public() {
            k.public.clone_from(&self.public);
        }
        if sel.private() && self.secret.is_some() {
            k.secret.clone_from(&self.secret);
            k.public.clone_from(&self.public);
        }
        k
    }

    /// The private key, or the error for a key without one.
    pub(crate) fn require_secret(&self, what: &str) -> ProvResult<&EcxSecret> {
        self.secret.as_ref().ok_or_else(|| ProvError::with(Reason::NoKey, format!("{what} needs a private key")))
    }

    /// The public key, or the error for a key without one.
    pub(crate) fn require_public(&self, what: &str) -> ProvResult<&EcxPublic> {
        self.public.as_ref().ok_or_else(|| ProvError::with(Reason::NoKey, format!("{what} needs a public key")))
    }
}
