//! AES-CTR, AES-CFB (CFB128), AES-CFB8, AES-CFB1 and AES-OFB (SP 800-38A) as OpenSSL cipher contexts, with the
//! behaviour of OpenSSL's `ossl_cipher_generic_stream_update` and the `ossl_cipher_hw_generic_{ctr,cfb128,cfb8,
//! cfb1,ofb128}` functions: block size 1, updates of any length continue the message, `"num"` and
//! `"updated-iv"` report the position and register exactly as libcrypto does, and `final` writes nothing.
//!
//! OpenSSL compatibility details kept on purpose:
//! * an init without an IV restores the original IV for CFB/OFB but *continues* the counter for CTR (the rest of
//!   a partially used keystream block is dropped: `num` becomes 0);
//! * `"num"` may only be set to 0 (OpenSSL refuses `num >= block size`, which is 1 for these modes);
//! * `"padding"` is accepted and reported but has no effect; `"use-bits"` makes CFB1's update lengths count
//!   bits (`EVP_CIPH_FLAG_LENGTH_BITS`); other modes accept and ignore it.
//!
//! Deliberate differences: an update before any IV was set is refused (OpenSSL would run from an all-zero IV),
//! and the TLS record mode (`"tls-version"` > 0) is not offered, as for CBC.

use core::fmt;
use std::sync::Arc;

use ferrofips_crypto::aes::{Aes, BLOCK_LEN};
use ferrofips_crypto::modes::cfb::{Cfb1, Cfb8, Cfb128};
use ferrofips_crypto::modes::ctr::Ctr;
use ferrofips_crypto::modes::ofb::Ofb;
use zeroize::Zeroize;

use super::cipher::{
    CipherInfo, CipherOps, Io, MODE_CFB, MODE_CTR, MODE_OFB, P_IV, P_IVLEN, P_KEYLEN, P_NUM, P_PADDING, P_TLS_MAC_SIZE,
    P_TLS_VERSION, P_UPDATED_IV, check_keylen,
};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// `OSSL_CIPHER_PARAM_USE_BITS`.
pub(crate) const P_USE_BITS: &core::ffi::CStr = c"use-bits";

const fn stream(mode: u32, key_len: usize) -> CipherInfo {
    CipherInfo { mode, key_len, block_len: 1, iv_len: BLOCK_LEN, aead: false, custom_iv: false, cts: false }
}

/// The algorithm constants, one per key length (128, 192, 256). CFB128, CFB8 and CFB1 share OpenSSL's mode
/// value, so a context tells its mode by *which* of these statics it was created with (see [`Kind::of`]).
pub(crate) static CTR: [CipherInfo; 3] = [stream(MODE_CTR, 16), stream(MODE_CTR, 24), stream(MODE_CTR, 32)];
/// AES-CFB (128-bit segments).
pub(crate) static CFB128: [CipherInfo; 3] = [stream(MODE_CFB, 16), stream(MODE_CFB, 24), stream(MODE_CFB, 32)];
/// AES-CFB8.
pub(crate) static CFB8: [CipherInfo; 3] = [stream(MODE_CFB, 16), stream(MODE_CFB, 24), stream(MODE_CFB, 32)];
/// AES-CFB1.
pub(crate) static CFB1: [CipherInfo; 3] = [stream(MODE_CFB, 16), stream(MODE_CFB, 24), stream(MODE_CFB, 32)];
/// AES-OFB.
pub(crate) static OFB: [CipherInfo; 3] = [stream(MODE_OFB, 16), stream(MODE_OFB, 24), stream(MODE_OFB, 32)];

/// Which of the five modes a context runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Ctr,
    Cfb128,
    Cfb8,
    Cfb1,
    Ofb,
}

impl Kind {
    /// The mode of an algorithm declared with one of the statics above (by address).
    fn of(info: &'static CipherInfo) -> Option<Kind> {
        let table: [(&[CipherInfo; 3], Kind); 5] =
            [(&CTR, Kind::Ctr), (&CFB128, Kind::Cfb128), (&CFB8, Kind::Cfb8), (&CFB1, Kind::Cfb1), (&OFB, Kind::Ofb)];
        table.iter().find(|(infos, _)| infos.iter().any(|i| core::ptr::eq(i, info))).map(|&(_, k)| k)
    }
}

/// The running state of the message.
#[derive(Clone)]
enum State {
    Ctr(Ctr),
    Cfb128(Cfb128),
    Cfb8(Cfb8),
    Cfb1(Cfb1),
    Ofb(Ofb),
}

impl State {
    fn new(kind: Kind, iv: &[u8; BLOCK_LEN]) -> State {
        match kind {
            Kind::Ctr => State::Ctr(Ctr::new(iv)),
            Kind::Cfb128 => State::Cfb128(Cfb128::new(iv)),
            Kind::Cfb8 => State::Cfb8(Cfb8::new(iv)),
            Kind::Cfb1 => State::Cfb1(Cfb1::new(iv)),
            Kind::Ofb => State::Ofb(Ofb::new(iv)),
        }
    }

    fn set_iv(&mut self, iv: &[u8; BLOCK_LEN]) {
        match self {
            State::Ctr(s) => s.set_iv(iv),
            State::Cfb128(s) => s.set_iv(iv),
            State::Cfb8(s) => s.set_iv(iv),
            State::Cfb1(s) => s.set_iv(iv),
            State::Ofb(s) => s.set_iv(iv),
        }
    }

    fn iv(&self) -> [u8; BLOCK_LEN] {
        match self {
            State::Ctr(s) => s.iv(),
            State::Cfb128(s) => s.iv(),
            State::Cfb8(s) => s.iv(),
            State::Cfb1(s) => s.iv(),
            State::Ofb(s) => s.iv(),
        }
    }

    /// OpenSSL's `num` (CFB8 and CFB1 never move it from 0).
    fn num(&self) -> usize {
        match self {
            State::Ctr(s) => s.num(),
            State::Cfb128(s) => s.num(),
            State::Ofb(s) => s.num(),
            State::Cfb8(_) | State::Cfb1(_) => 0,
        }
    }

    /// Back to the start of a segment (`num` = 0), keeping the register / counter.
    fn reset_num(&mut self) {
        // 0 is always in range.
        let _ = match self {
            State::Ctr(s) => s.set_num(0),
            State::Cfb128(s) => s.set_num(0),
            State::Ofb(s) => s.set_num(0),
            State::Cfb8(_) | State::Cfb1(_) => Ok(()),
        };
    }

    fn apply(&mut self, aes: &Aes, data: &mut [u8], enc: bool) {
        match self {
            State::Ctr(s) => s.apply(aes, data),
            State::Ofb(s) => s.apply(aes, data),
            State::Cfb128(s) if enc => s.encrypt(aes, data),
            State::Cfb128(s) => s.decrypt(aes, data),
            State::Cfb8(s) if enc => s.encrypt(aes, data),
            State::Cfb8(s) => s.decrypt(aes, data),
            State::Cfb1(s) => s.apply(aes, data, enc),
        }
    }
}

/// The checks every data call makes, as OpenSSL's stream update does (key first); returns the key.
fn ready(aes: Option<&Aes>, iv_set: bool) -> ProvResult<&Aes> {
    let aes = aes.ok_or_else(|| ProvError::new(Reason::NoKey))?;
    if !iv_set {
        return Err(ProvError::with(Reason::InvalidIvLength, "no IV set"));
    }
    Ok(aes)
}

/// Bytes copied from a separate input buffer ahead of processing them in the output (kept in L1).
const COPY_CHUNK: usize = 8192;

/// A CTR, CFB128, CFB8, CFB1 or OFB cipher context.
#[derive(Clone)]
pub(crate) struct StreamCtx {
    prov: Arc<ProvCtx>,
    info: &'static CipherInfo,
    kind: Option<Kind>,
    aes: Option<Aes>,
    enc: bool,
    state: State,
    /// The IV as set (`"iv"`), restored by an init without an IV (CFB, OFB).
    oiv: [u8; BLOCK_LEN],
    iv_set: bool,
    pad: bool,
    use_bits: bool,
}

impl Drop for StreamCtx {
    fn drop(&mut self) {
        self.oiv.zeroize();
    }
}

impl fmt::Debug for StreamCtx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamCtx")
            .field("kind", &self.kind)
            .field("key_len", &self.info.key_len)
            .field("key_set", &self.aes.is_some())
            .field("enc", &self.enc)
            .finish_non_exhaustive()
    }
}

impl StreamCtx {
    /// CFB1 with `"use-bits"` set: update lengths count bits.
    pub(crate) fn lengths_in_bits(&self) -> bool {
        self.use_bits && self.kind == Some(Kind::Cfb1)
    }

    /// Processes a whole update (in place, or copied chunk by chunk into the output and processed there).
    fn process(&mut self, io: Io<'_>) -> ProvResult<usize> {
        let aes = ready(self.aes.as_ref(), self.iv_set)?;
        let (state, enc) = (&mut self.state, self.enc);
        match io {
            Io::Aad(_) => Err(ProvError::with(Reason::NullPointer, "no output buffer")),
            Io::InPlace { buf, inl } => {
                state.apply(aes, &mut buf[..inl], enc);
                Ok(inl)
            }
            Io::Separate { input, output } => {
                let output = output.get_mut(..input.len()).ok_or_else(|| ProvError::new(Reason::OutputTooSmall))?;
                for (i, o) in input.chunks(COPY_CHUNK).zip(output.chunks_mut(COPY_CHUNK)) {
                    o.copy_from_slice(i);
                    state.apply(aes, o, enc);
                }
                Ok(input.len())
            }
        }
    }

    /// An update (or one-shot call) of CFB1 with `"use-bits"`: `bits` input bits in `io`'s byte buffers
    /// (`ceil(bits / 8)` bytes); returns the output length in bits, as OpenSSL does.
    pub(crate) fn update_bits(&mut self, io: Io<'_>, bits: usize) -> ProvResult<usize> {
        let aes = ready(self.aes.as_ref(), self.iv_set)?;
        let State::Cfb1(state) = &mut self.state else {
            return Err(ProvError::with(Reason::InternalError, "bit lengths outside CFB1"));
        };
        let r = match io {
            Io::Aad(_) => return Err(ProvError::with(Reason::NullPointer, "no output buffer")),
            Io::InPlace { buf, inl } => state.apply_bits(aes, &mut buf[..inl], bits, self.enc),
            Io::Separate { input, output } => state.apply_bits_to(aes, input, output, bits, self.enc),
        };
        r.map_err(|_| ProvError::new(Reason::OutputTooSmall))?;
        Ok(bits)
    }
}

impl CipherOps for StreamCtx {
    fn new(prov: Arc<ProvCtx>, info: &'static CipherInfo) -> Self {
        let kind = Kind::of(info);
        StreamCtx {
            prov,
            info,
            kind,
            aes: None,
            enc: false,
            state: State::new(kind.unwrap_or(Kind::Ctr), &[0; BLOCK_LEN]),
            oiv: [0; BLOCK_LEN],
            iv_set: false,
            pad: true,
            use_bits: false,
        }
    }

    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn init(&mut self, enc: bool, key: Option<&[u8]>, iv: Option<&[u8]>, params: Params<'_>) -> ProvResult<()> {
        let kind = self.kind.ok_or_else(|| ProvError::with(Reason::InternalError, "unknown stream mode"))?;
        self.enc = enc;
        self.state.reset_num();
        match iv {
            Some(iv) => {
                let iv: [u8; BLOCK_LEN] = iv
                    .try_into()
                    .map_err(|_| ProvError::with(Reason::InvalidIvLength, format!("IV of {} bytes", iv.len())))?;
                self.state.set_iv(&iv);
                self.oiv = iv;
                self.iv_set = true;
            }
            // OpenSSL restores the IV for CFB and OFB (1.1.1 compatibility) but lets CTR's counter run on.
            None if self.iv_set && kind != Kind::Ctr => self.state.set_iv(&self.oiv),
            None => {}
        }
        if let Some(key) = key {
            if key.len() != self.info.key_len {
                return Err(ProvError::with(
                    Reason::InvalidKey,
                    format!("key of {} bytes, this cipher takes {}", key.len(), self.info.key_len),
                ));
            }
            self.aes = Some(Aes::new(key).map_err(|_| ProvError::new(Reason::InvalidKey))?);
        }
        self.set_ctx_params(params)
    }

    fn update(&mut self, io: Io<'_>) -> ProvResult<usize> {
        self.process(io)
    }

    fn finish(&mut self, _out: &mut [u8]) -> ProvResult<usize> {
        if self.aes.is_none() {
            return Err(ProvError::new(Reason::NoKey));
        }
        Ok(0)
    }

    fn cipher(&mut self, io: Io<'_>) -> ProvResult<usize> {
        self.process(io)
    }

    fn get_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        for p in params.iter() {
            let key = p.key();
            let pe = |e| param_error(key, e);
            if key == P_IVLEN {
                p.set_int(self.info.iv_len as i128).map_err(pe)?;
            } else if key == P_KEYLEN {
                p.set_int(self.info.key_len as i128).map_err(pe)?;
            } else if key == P_PADDING {
                p.set_int(i128::from(self.pad)).map_err(pe)?;
            } else if key == P_NUM {
                p.set_int(self.state.num() as i128).map_err(pe)?;
            } else if key == P_IV {
                p.set_octets(&self.oiv).map_err(pe)?;
            } else if key == P_UPDATED_IV {
                p.set_octets(&self.state.iv()).map_err(pe)?;
            }
        }
        Ok(())
    }

    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        check_keylen(self.info, params)?;
        for p in params.iter() {
            let key = p.key();
            let pe = |e| param_error(key, e);
            if key == P_PADDING {
                let v: u32 = p.get_int().map_err(pe)?;
                self.pad = v != 0;
            } else if key == P_USE_BITS {
                let v: u32 = p.get_int().map_err(pe)?;
                self.use_bits = v != 0;
            } else if key == P_NUM {
                let v: u32 = p.get_int().map_err(pe)?;
                if v as usize >= self.info.block_len {
                    return Err(ProvError::with(
                        Reason::InvalidParam,
                        format!("num {v}: must be below the block size 1"),
                    ));
                }
                self.state.reset_num();
            } else if key == P_TLS_VERSION {
                let v: i64 = p.get_int().map_err(pe)?;
                if v > 0 {
                    return Err(ProvError::with(Reason::InvalidParam, "TLS record mode not offered for this cipher"));
                }
            } else if key == P_TLS_MAC_SIZE {
                let _: usize = p.get_int().map_err(pe)?;
            }
        }
        Ok(())
    }
}
