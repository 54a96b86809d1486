//! Merkle-Damgård buffering and padding (FIPS 180-4 §5.1), generic over the SHA-1/SHA-256/SHA-512 engines.

use zeroize::Zeroize;

use super::{sha1, sha256, sha512};

/// What the buffer needs from a compression engine.
pub(super) trait Compress: Copy {
    /// The chaining state: `[u32; 5]`, `[u32; 8]` or `[u64; 8]`.
    type State: Copy + Zeroize;
    /// Block length in bytes (64 or 128).
    const BLOCK: usize;
    /// Width of the message-length field in the padding, in bytes (8 or 16).
    const LEN_BYTES: usize;
    /// Runs the compression function over `blocks`, a whole number of blocks.
    fn compress(self, state: &mut Self::State, blocks: &[u8]);
    /// Writes the state big-endian into `out`, truncated to `out.len()` (at most the state size).
    fn output(state: &Self::State, out: &mut [u8]);
}

macro_rules! compress_impl {
    ($engine:ty, $state:ty, $block:expr, $len_bytes:expr) => {
        impl Compress for $engine {
            type State = $state;
            const BLOCK: usize = $block;
            const LEN_BYTES: usize = $len_bytes;
            fn compress(self, state: &mut $state, blocks: &[u8]) {
                <$engine>::compress(self, state, blocks)
            }
            fn output(state: &$state, out: &mut [u8]) {
                for (chunk, word) in out.chunks_mut(size_of_val(&state[0])).zip(state.iter()) {
                    let bytes = word.to_be_bytes();
                    chunk.copy_from_slice(&bytes[..chunk.len()]);
                }
            }
        }
    };
}

compress_impl!(sha1::Engine, [u32; 5], 64, 8);
compress_impl!(sha256::Engine, [u32; 8], 64, 8);
compress_impl!(sha512::Engine, [u64; 8], 128, 16);

/// Largest block length of the supported engines.
const MAX_BLOCK: usize = 128;

/// A running SHA-1/SHA-2 computation: chaining state, partial block and message length.
#[derive(Clone)]
pub(super) struct Md<E: Compress> {
    engine: E,
    iv: E::State,
    state: E::State,
    buf: [u8; MAX_BLOCK],
    /// Bytes held in `buf` (always `< E::BLOCK`).
    pos: usize,
    /// Message bytes absorbed so far (the padding encodes `8 * total` modulo 2^64 or 2^128).
    total: u128,
    out_len: usize,
}

impl<E: Compress> Md<E> {
    /// A fresh computation starting from `iv`, producing `out_len` bytes (the truncation of SHA-224/384/512-t).
    #[inline(always)]
    pub(super) fn new(engine: E, iv: E::State, out_len: usize) -> Self {
        Md { engine, iv, state: iv, buf: [0; MAX_BLOCK], pos: 0, total: 0, out_len }
    }

    pub(super) fn engine(&self) -> E {
        self.engine
    }

    pub(super) fn update(&mut self, mut data: &[u8]) {
        self.total = self.total.wrapping_add(data.len() as u128);
        if self.pos > 0 {
            let take = (E::BLOCK - self.pos).min(data.len());
            self.buf[self.pos..self.pos + take].copy_from_slice(&data[..take]);
            self.pos += take;
            data = &data[take..];
            if self.pos < E::BLOCK {
                return;
            }
            self.engine.compress(&mut self.state, &self.buf[..E::BLOCK]);
            self.pos = 0;
        }
        let whole = data.len() - data.len() % E::BLOCK;
        if whole > 0 {
            self.engine.compress(&mut self.state, &data[..whole]);
        }
        let rest = &data[whole..];
        self.buf[..rest.len()].copy_from_slice(rest);
        self.pos = rest.len();
    }

    /// Pads, writes the (truncated) digest into `out` (at most `out_len` bytes are written) and resets.
    pub(super) fn finalize(&mut self, out: &mut [u8]) {
        let bits = self.total.wrapping_mul(8);
        let block = &mut self.buf[..E::BLOCK];
        block[self.pos] = 0x80;
        block[self.pos + 1..].fill(0);
        if self.pos + 1 > E::BLOCK - E::LEN_BYTES {
            self.engine.compress(&mut self.state, block);
            block.fill(0);
        }
        let len_field = bits.to_be_bytes();
        block[E::BLOCK - E::LEN_BYTES..].copy_from_slice(&len_field[16 - E::LEN_BYTES..]);
        self.engine.compress(&mut self.state, block);
        let n = self.out_len.min(out.len());
        E::output(&self.state, &mut out[..n]);
        self.reset();
    }

    pub(super) fn reset(&mut self) {
        self.state = self.iv;
        crate::wipe::wipe(&mut self.buf);
        self.pos = 0;
        self.total = 0;
    }
}

impl<E: Compress> Drop for Md<E> {
    fn drop(&mut self) {
        self.state.zeroize();
        crate::wipe::wipe(&mut self.buf);
        self.total.zeroize();
    }
}
