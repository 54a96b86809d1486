//! Reference hashes (RustCrypto) used only to prove the parsers and runners correct.

#![allow(dead_code, unreachable_pub)]

use ferrofips_kat::HashAlg;
use sha2::Digest;
use sha3::digest::{ExtendableOutput, Update, XofReader};

fn fixed<D: Digest>(msg: &[u8]) -> Vec<u8> {
    D::digest(msg).to_vec()
}

fn xof<X: Default + Update + ExtendableOutput>(msg: &[u8], out_len: usize) -> Vec<u8> {
    let mut x = X::default();
    x.update(msg);
    let mut out = vec![0u8; out_len];
    x.finalize_xof().read(&mut out);
    out
}

/// `alg(msg)`; for the XOFs `out_len` bytes, otherwise `out_len` is ignored.
pub fn reference(alg: HashAlg, msg: &[u8], out_len: usize) -> Vec<u8> {
    match alg {
        HashAlg::Sha1 => fixed::<sha1::Sha1>(msg),
        HashAlg::Sha224 => fixed::<sha2::Sha224>(msg),
        HashAlg::Sha256 => fixed::<sha2::Sha256>(msg),
        HashAlg::Sha384 => fixed::<sha2::Sha384>(msg),
        HashAlg::Sha512 => fixed::<sha2::Sha512>(msg),
        HashAlg::Sha512_224 => fixed::<sha2::Sha512_224>(msg),
        HashAlg::Sha512_256 => fixed::<sha2::Sha512_256>(msg),
        HashAlg::Sha3_224 => fixed::<sha3::Sha3_224>(msg),
        HashAlg::Sha3_256 => fixed::<sha3::Sha3_256>(msg),
        HashAlg::Sha3_384 => fixed::<sha3::Sha3_384>(msg),
        HashAlg::Sha3_512 => fixed::<sha3::Sha3_512>(msg),
        HashAlg::Shake128 => xof::<sha3::Shake128>(msg, out_len),
        HashAlg::Shake256 => xof::<sha3::Shake256>(msg, out_len),
    }
}

/// An incremental reference hasher, for LDTs.
pub enum Streaming {
    Fixed(Box<dyn sha2::digest::DynDigest>),
    Shake128(sha3::Shake128),
    Shake256(sha3::Shake256),
}

impl Streaming {
    pub fn new(alg: HashAlg) -> Self {
        match alg {
            HashAlg::Sha1 => Self::Fixed(Box::new(sha1::Sha1::new())),
            HashAlg::Sha224 => Self::Fixed(Box::new(sha2::Sha224::new())),
            HashAlg::Sha256 => Self::Fixed(Box::new(sha2::Sha256::new())),
            HashAlg::Sha384 => Self::Fixed(Box::new(sha2::Sha384::new())),
            HashAlg::Sha512 => Self::Fixed(Box::new(sha2::Sha512::new())),
            HashAlg::Sha512_224 => Self::Fixed(Box::new(sha2::Sha512_224::new())),
            HashAlg::Sha512_256 => Self::Fixed(Box::new(sha2::Sha512_256::new())),
            HashAlg::Sha3_224 => Self::Fixed(Box::new(sha3::Sha3_224::new())),
            HashAlg::Sha3_256 => Self::Fixed(Box::new(sha3::Sha3_256::new())),
            HashAlg::Sha3_384 => Self::Fixed(Box::new(sha3::Sha3_384::new())),
            HashAlg::Sha3_512 => Self::Fixed(Box::new(sha3::Sha3_512::new())),
            HashAlg::Shake128 => Self::Shake128(sha3::Shake128::default()),
            HashAlg::Shake256 => Self::Shake256(sha3::Shake256::default()),
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        match self {
            Self::Fixed(d) => d.update(data),
            Self::Shake128(x) => Update::update(x, data),
            Self::Shake256(x) => Update::update(x, data),
        }
    }

    pub fn finalize(self, out_len: usize) -> Vec<u8> {
        let mut out = vec![0u8; out_len];
        match self {
            Self::Fixed(d) => return d.finalize().to_vec(),
            Self::Shake128(x) => x.finalize_xof().read(&mut out),
            Self::Shake256(x) => x.finalize_xof().read(&mut out),
        }
        out
    }
}
