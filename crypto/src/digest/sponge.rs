//! The Keccak sponge of FIPS 202 §4 (byte-oriented), with the SHA-3 and SHAKE domain-separation padding.

use zeroize::Zeroize;

use super::keccak::{Engine, MAX_RATE};

/// First padding byte for SHA3-*: domain bits `01`, then the first `1` of pad10*1.
pub(super) const SHA3_PAD: u8 = 0x06;
/// First padding byte for SHAKE*: domain bits `1111`, then the first `1` of pad10*1.
pub(super) const SHAKE_PAD: u8 = 0x1F;
/// First padding byte for cSHAKE* with a non-empty N or S (SP 800-185 §3.3): domain bits `00`, then the first `1`
/// of pad10*1.
pub(super) const CSHAKE_PAD: u8 = 0x04;

/// A running sponge: absorbing until the first squeeze, then squeezing.
#[derive(Clone)]
pub(super) struct Sponge {
    engine: Engine,
    state: [u64; 25],
    /// Absorbing: the partial input block. Squeezing: the current output block.
    buf: [u8; MAX_RATE],
    /// Absorbing: bytes held in `buf` (`< rate`). Squeezing: bytes of `buf` already output (`<= rate`).
    pos: usize,
    /// Rate in bytes (a multiple of 8).
    rate: usize,
    pad: u8,
    squeezing: bool,
}

impl Sponge {
    /// An empty sponge with `rate` bytes per block (a multiple of 8, at most [`MAX_RATE`]) and padding byte `pad`.
    #[inline(always)]
    pub(super) fn new(engine: Engine, rate: usize, pad: u8) -> Self {
        debug_assert!(rate.is_multiple_of(8) && rate <= MAX_RATE);
        Sponge { engine, state: [0; 25], buf: [0; MAX_RATE], pos: 0, rate, pad, squeezing: false }
    }

    pub(super) fn engine(&self) -> Engine {
        self.engine
    }

    /// Absorbs `data`; ignored (caller bug) once squeezing has started.
    pub(super) fn absorb(&mut self, mut data: &[u8]) {
        if self.squeezing {
            debug_assert!(false, "digest input after squeeze");
            return;
        }
        let rate = self.rate;
        if self.pos > 0 {
            let take = (rate - self.pos).min(data.len());
            self.buf[self.pos..self.pos + take].copy_from_slice(&data[..take]);
            self.pos += take;
            data = &data[take..];
            if self.pos < rate {
                return;
            }
            self.engine.absorb(&mut self.state, rate / 8, &self.buf[..rate]);
            self.pos = 0;
        }
        let whole = data.len() - data.len() % rate;
        if whole > 0 {
            self.engine.absorb(&mut self.state, rate / 8, &data[..whole]);
        }
        let rest = &data[whole..];
        self.buf[..rest.len()].copy_from_slice(rest);
        self.pos = rest.len();
    }

    /// Pads the last block, absorbs it and loads the first output block.
    fn pad(&mut self) {
        let rate = self.rate;
        let block = &mut self.buf[..rate];
        block[self.pos..].fill(0);
        block[self.pos] ^= self.pad;
        block[rate - 1] ^= 0x80;
        self.engine.absorb(&mut self.state, rate / 8, block);
        self.squeezing = true;
        self.load_output();
    }

    /// Copies the rate part of the state into `buf` as output bytes.
    fn load_output(&mut self) {
        for (chunk, lane) in self.buf[..self.rate].chunks_exact_mut(8).zip(self.state.iter()) {
            chunk.copy_from_slice(&lane.to_le_bytes());
        }
        self.pos = 0;
    }

    /// Writes the next `out.len()` output bytes, padding first if still absorbing.
    pub(super) fn squeeze(&mut self, out: &mut [u8]) {
        if !self.squeezing {
            self.pad();
        }
        let mut out = out;
        while !out.is_empty() {
            if self.pos == self.rate {
                self.engine.permute(&mut self.state);
                self.load_output();
            }
            let take = (self.rate - self.pos).min(out.len());
            let (head, tail) = out.split_at_mut(take);
            head.copy_from_slice(&self.buf[self.pos..self.pos + take]);
            self.pos += take;
            out = tail;
        }
    }

    /// Back to the empty state.
    pub(super) fn reset(&mut self) {
        self.state.zeroize();
        crate::wipe::wipe(&mut self.buf);
        self.pos = 0;
        self.squeezing = false;
    }
}

impl Drop for Sponge {
    fn drop(&mut self) {
        self.state.zeroize();
        crate::wipe::wipe(&mut self.buf);
    }
}
