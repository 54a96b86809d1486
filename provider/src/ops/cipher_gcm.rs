//! AES-GCM (AES-128/192/256) as an OpenSSL cipher context, with the behaviour of OpenSSL's
//! `ciphercommon_gcm.c`: streaming AAD (`out == NULL`) and data, tag get/set, IV length changes, and the TLS 1.2
//! record path (`"tlsaad"` + one in-place update with explicit nonce and tag) with the IV generated inside the
//! module from `"tlsivfixed"` (SP 800-38D §8.2.1 deterministic construction: 4-byte fixed field, 8-byte
//! invocation field started at a random value and incremented per record).

use core::fmt;
use std::sync::Arc;

use ferrofips_crypto::Error as CryptoError;
use ferrofips_crypto::gcm::{AesGcm, TAG_LEN};
use zeroize::Zeroize;

use super::cipher::{
    CipherInfo, CipherOps, Io, P_IV, P_IVLEN, P_KEYLEN, P_TAG, P_TAGLEN, P_TLS_AAD, P_TLS_AAD_PAD, P_TLS_IV_FIXED,
    P_TLS_IV_GEN, P_TLS_IV_INV, P_TLS_IV_RESTORE, P_UPDATED_IV, check_keylen,
};
use super::gcm_iv_rules::{IvOrigin, Tls13Sequence};
use super::param_error;
use crate::abi::params::Params;
use crate::error::{ProvError, ProvResult, Reason};
use crate::names;
use crate::provctx::ProvCtx;

/// `OSSL_CIPHER_PARAM_AEAD_IV_GENERATED` (OpenSSL 3.2+): whether the module generated the IV.
pub(crate) const P_IV_GENERATED: &core::ffi::CStr = c"iv-generated";

/// Longest IV accepted (OpenSSL's `GCM_IV_MAX_SIZE`, 1024 bits).
pub(crate) const IV_MAX: usize = 128;
/// The default (and recommended) IV length.
const IV_DEFAULT: usize = 12;
/// TLS 1.2 GCM (RFC 5288): fixed (implicit) IV part, explicit nonce, tag, AAD lengths.
const TLS_FIXED_IV_LEN: usize = 4;
const TLS_EXPLICIT_IV_LEN: usize = 8;
const TLS_TAG_LEN: usize = 16;
const TLS_AAD_LEN: usize = 13;

/// Where the IV is (OpenSSL's `IV_STATE_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IvState {
    /// No IV yet.
    Uninitialised,
    /// Set (or generated) but not yet applied to the GCM state.
    Buffered,
    /// Applied: a message is in progress under it.
    Copied,
    /// Used by a finished message: refuse to use it again.
    Finished,
}

/// An AES-GCM cipher context.
#[derive(Clone)]
pub(crate) struct GcmCtx {
    prov: Arc<ProvCtx>,
    info: &'static CipherInfo,
    gcm: Option<AesGcm>,
    enc: bool,
    iv: [u8; IV_MAX],
    iv_len: usize,
    iv_state: IvState,
    /// The tag: computed by an encryption's final, or expected by a decryption.
    tag: [u8; TAG_LEN],
    tag_len: Option<usize>,
    /// The pending TLS 1.2 record AAD (length field already corrected).
    tls_aad: Option<[u8; TLS_AAD_LEN]>,
    tls_aad_pad: usize,
    /// `"tlsivfixed"` set: the IV is a fixed field and an invocation counter.
    iv_gen: bool,
    /// The IV (or its invocation field) came from the module's DRBG.
    iv_gen_rand: bool,
    tls_enc_records: u64,
    /// Where the IV of the current (or last) encryption came from (IG C.H, `fips-indicator`).
    origin: IvOrigin,
    /// The caller-supplied IVs under this key, checked against the TLS 1.3 construction.
    tls13: Tls13Sequence,
}

impl Drop for GcmCtx {
    fn drop(&mut self) {
        self.iv.zeroize();
        self.tag.zeroize();
        if let Some(a) = self.tls_aad.as_mut() {
            a.zeroize();
        }
    }
}

impl fmt::Debug for GcmCtx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GcmCtx")
            .field("key_len", &self.info.key_len)
            .field("key_set", &self.gcm.is_some())
            .field("enc", &self.enc)
            .field("iv_len", &self.iv_len)
            .field("iv_state", &self.iv_state)
            .finish_non_exhaustive()
    }
}

fn crypto_error(e: CryptoError) -> ProvError {
    match e {
        CryptoError::InvalidState => ProvError::with(Reason::NotInitialised, "GCM call out of order (AAD after data?)"),
        CryptoError::InvalidLength => ProvError::with(Reason::InvalidLength, "GCM length limit exceeded"),
        CryptoError::AuthenticationFailed => ProvError::new(Reason::BadTag),
        CryptoError::InvalidKey => ProvError::new(Reason::InvalidKey),
        _ => ProvError::new(Reason::InternalError),
    }
}

/// Increments the 64-bit big-endian invocation field.
fn ctr64_inc(field: &mut [u8]) {
    for b in field.iter_mut().rev() {
        *b = b.wrapping_add(1);
        if *b != 0 {
            break;
        }
    }
}

impl GcmCtx {
    fn key(&mut self) -> ProvResult<&mut AesGcm> {
        self.gcm.as_mut().ok_or_else(|| ProvError::new(Reason::NoKey))
    }

    /// Applies the buffered IV to the GCM state (OpenSSL's `hw->setiv`).
    fn apply_iv(&mut self) -> ProvResult<()> {
        let (iv, n) = (self.iv, self.iv_len);
        if self.enc {
            self.origin = if self.iv_gen_rand { IvOrigin::Module } else { self.tls13.observe(&iv[..n]) };
        }
        let r = self.key()?.start(&iv[..n]).map_err(crypto_error);
        self.iv_state = IvState::Copied;
        r
    }

    /// Generates a whole IV from the DRBG (an encryption without an IV; SP 800-38D §8.2.2).
    fn generate_iv(&mut self) -> ProvResult<()> {
        if self.iv_len < IV_DEFAULT {
            return Err(ProvError::with(Reason::InvalidIvLength, "IV shorter than 96 bits cannot be generated"));
        }
        crate::random::public_bytes(&mut self.iv[..self.iv_len])?;
        self.iv_state = IvState::Buffered;
        self.iv_gen_rand = true;
        Ok(())
    }

    /// Generates the IV when one is needed before the first update (OpenSSL's `on_preupdate_generate_iv`).
    fn iv_for_query(&mut self) -> ProvResult<()> {
        if self.iv_state == IvState::Uninitialised {
            if self.tls_aad.is_some() || !self.enc {
                return Err(ProvError::with(Reason::InvalidIvLength, "no IV set"));
            }
            self.generate_iv()?;
        }
        Ok(())
    }

    /// `"tlsivgen"`: applies the current IV, hands out its last `want` bytes (all of it for 0 or more than the
    /// IV) and advances the invocation field.
    fn iv_gen_next(&mut self, want: usize) -> ProvResult<Vec<u8>> {
        if !self.iv_gen || self.gcm.is_none() {
            return Err(ProvError::with(Reason::InvalidIvLength, "no TLS fixed IV set"));
        }
        self.apply_iv()?;
        let n = if want == 0 || want > self.iv_len { self.iv_len } else { want };
        let out = self.iv[self.iv_len - n..self.iv_len].to_vec();
        let len = self.iv_len;
        ctr64_inc(&mut self.iv[len - TLS_EXPLICIT_IV_LEN..len]);
        Ok(out)
    }

    /// `"tlsivinv"`: the peer's invocation field (decryption only).
    fn iv_set_invocation(&mut self, inv: &[u8]) -> ProvResult<()> {
        if !self.iv_gen || self.gcm.is_none() || self.enc || inv.len() > self.iv_len {
            return Err(ProvError::with(Reason::InvalidIvLength, "tlsivinv not applicable"));
        }
        let len = self.iv_len;
        self.iv[len - inv.len()..len].copy_from_slice(inv);
        self.apply_iv()
    }

    /// `"tlsivfixed"`: the fixed field; when encrypting the invocation field starts at a random value.
    fn iv_set_fixed(&mut self, fixed: &[u8]) -> ProvResult<()> {
        let n = fixed.len();
        if n < TLS_FIXED_IV_LEN || n > self.iv_len || self.iv_len - n < TLS_EXPLICIT_IV_LEN {
            return Err(ProvError::with(Reason::InvalidIvLength, format!("tlsivfixed of {n} bytes")));
        }
        self.iv[..n].copy_from_slice(fixed);
        if self.enc {
            let len = self.iv_len;
            crate::random::public_bytes(&mut self.iv[n..len])?;
            self.iv_gen_rand = true;
        }
        self.iv_gen = true;
        self.iv_state = IvState::Buffered;
        Ok(())
    }

    /// `"tlsaad"`: keeps the record header, correcting its length for the explicit nonce (and, when decrypting,
    /// the tag); returns the pad (the tag length) the sender adds.
    fn tls_init(&mut self, aad: &[u8]) -> ProvResult<usize> {
        let mut buf: [u8; TLS_AAD_LEN] =
            aad.try_into().map_err(|_| ProvError::with(Reason::InvalidParam, "TLS AAD must be 13 bytes"))?;
        let mut len = usize::from(u16::from_be_bytes([buf[11], buf[12]]));
        let overhead = if self.enc { TLS_EXPLICIT_IV_LEN } else { TLS_EXPLICIT_IV_LEN + TLS_TAG_LEN };
        len = len.checked_sub(overhead).ok_or_else(|| ProvError::with(Reason::InvalidParam, "TLS record too short"))?;
        buf[11..].copy_from_slice(&(len as u16).to_be_bytes());
        self.tls_aad = Some(buf);
        Ok(TLS_TAG_LEN)
    }

    /// One TLS 1.2 record in place: `explicit nonce || payload || tag` (OpenSSL's `gcm_tls_cipher`).
    fn tls_cipher(&mut self, io: Io<'_>) -> ProvResult<usize> {
        let r = self.tls_cipher_inner(io);
        self.iv_state = IvState::Finished;
        self.tls_aad = None;
        r
    }

    fn tls_cipher_inner(&mut self, io: Io<'_>) -> ProvResult<usize> {
        let Io::InPlace { buf, inl } = io else {
            return Err(ProvError::with(Reason::InvalidParam, "TLS records are processed in place"));
        };
        if self.gcm.is_none() {
            return Err(ProvError::new(Reason::NoKey));
        }
        if inl < TLS_EXPLICIT_IV_LEN + TLS_TAG_LEN {
            return Err(ProvError::with(Reason::InvalidLength, "TLS record shorter than nonce and tag"));
        }
        let aad = self.tls_aad.ok_or_else(|| ProvError::new(Reason::InternalError))?;
        let record = &mut buf[..inl];
        if self.enc {
            self.tls_enc_records = self.tls_enc_records.wrapping_add(1);
            if self.tls_enc_records == 0 {
                return Err(ProvError::new(Reason::TooManyRecords));
            }
            let nonce = self.iv_gen_next(TLS_EXPLICIT_IV_LEN)?;
            record[..TLS_EXPLICIT_IV_LEN].copy_from_slice(&nonce);
        } else {
            let nonce = record[..TLS_EXPLICIT_IV_LEN].to_vec();
            self.iv_set_invocation(&nonce)?;
        }
        let (payload, tag) = record[TLS_EXPLICIT_IV_LEN..].split_at_mut(inl - TLS_EXPLICIT_IV_LEN - TLS_TAG_LEN);
        let enc = self.enc;
        let gcm = self.key()?;
        gcm.aad(&aad).map_err(crypto_error)?;
        if enc {
            gcm.encrypt(payload).map_err(crypto_error)?;
            tag.copy_from_slice(&gcm.tag().map_err(crypto_error)?);
            Ok(inl)
        } else {
            gcm.decrypt(payload).map_err(crypto_error)?;
            if let Err(e) = gcm.verify(tag) {
                payload.zeroize();
                return Err(crypto_error(e));
            }
            Ok(payload.len())
        }
    }

    /// Encrypts, decrypts or absorbs AAD (OpenSSL's `gcm_cipher_internal` for data).
    fn process(&mut self, io: Io<'_>) -> ProvResult<usize> {
        if self.tls_aad.is_some() {
            return self.tls_cipher(io);
        }
        if self.gcm.is_none() {
            return Err(ProvError::new(Reason::NoKey));
        }
        match self.iv_state {
            IvState::Finished => {
                return Err(ProvError::with(Reason::AlreadyFinalised, "IV already used: set a new IV"));
            }
            IvState::Uninitialised if !self.enc => return Err(ProvError::with(Reason::InvalidIvLength, "no IV set")),
            IvState::Uninitialised => self.generate_iv()?,
            _ => {}
        }
        if self.iv_state == IvState::Buffered {
            self.apply_iv()?;
        }
        let n = io.len();
        let enc = self.enc;
        let gcm = self.key()?;
        let r = match io {
            Io::Aad(aad) => gcm.aad(aad),
            Io::InPlace { buf, inl } if enc => gcm.encrypt(&mut buf[..inl]),
            Io::InPlace { buf, inl } => gcm.decrypt(&mut buf[..inl]),
            Io::Separate { input, output } if enc => gcm.encrypt_to(input, &mut output[..input.len()]),
            Io::Separate { input, output } => gcm.decrypt_to(input, &mut output[..input.len()]),
        };
        r.map_err(crypto_error)?;
        Ok(n)
    }
}

impl CipherOps for GcmCtx {
    fn new(prov: Arc<ProvCtx>, info: &'static CipherInfo) -> Self {
        GcmCtx {
            prov,
            info,
            gcm: None,
            enc: false,
            iv: [0; IV_MAX],
            iv_len: info.iv_len,
            iv_state: IvState::Uninitialised,
            tag: [0; TAG_LEN],
            tag_len: None,
            tls_aad: None,
            tls_aad_pad: 0,
            iv_gen: false,
            iv_gen_rand: false,
            tls_enc_records: 0,
            origin: IvOrigin::Module,
            tls13: Tls13Sequence::default(),
        }
    }

    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn init(&mut self, enc: bool, key: Option<&[u8]>, iv: Option<&[u8]>, params: Params<'_>) -> ProvResult<()> {
        if self.enc && !enc {
            // A tag computed by an earlier encryption must never be taken as the expected tag of a decryption.
            self.tag_len = None;
        }
        self.enc = enc;
        if let Some(iv) = iv {
            if iv.is_empty() || iv.len() > IV_MAX {
                return Err(ProvError::with(Reason::InvalidIvLength, format!("IV of {} bytes", iv.len())));
            }
            self.iv_gen_rand = false;
            self.iv_len = iv.len();
            self.iv[..iv.len()].copy_from_slice(iv);
            self.iv_state = IvState::Buffered;
        }
        if let Some(key) = key {
            if key.len() != self.info.key_len {
                return Err(ProvError::with(
                    Reason::InvalidKey,
                    format!("key of {} bytes, this cipher takes {}", key.len(), self.info.key_len),
                ));
            }
            // A context re-initialised with a key per message reuses its key storage (no allocation).
            match self.gcm.as_mut() {
                Some(g) => {
                    if let Err(e) = g.rekey(key) {
                        self.gcm = None;
                        return Err(crypto_error(e));
                    }
                }
                None => self.gcm = Some(AesGcm::new(key).map_err(crypto_error)?),
            }
            self.tls_enc_records = 0;
            self.tls13.reset();
            if self.iv_state == IvState::Copied {
                // The IV must be applied again under the new key.
                self.iv_state = IvState::Buffered;
            }
        }
        self.set_ctx_params(params)
    }

    fn update(&mut self, io: Io<'_>) -> ProvResult<usize> {
        if io.len() == 0 {
            return Ok(0);
        }
        if !matches!(io, Io::Aad(_)) && io.capacity() < io.len() {
            return Err(ProvError::new(Reason::OutputTooSmall));
        }
        self.process(io)
    }

    fn finish(&mut self, _out: &mut [u8]) -> ProvResult<usize> {
        if self.tls_aad.is_some() {
            self.tls_aad = None;
            self.iv_state = IvState::Finished;
            return Err(ProvError::with(Reason::InvalidParam, "TLS records have no final"));
        }
        if self.gcm.is_none() {
            return Err(ProvError::new(Reason::NoKey));
        }
        match self.iv_state {
            IvState::Finished => return Err(ProvError::new(Reason::AlreadyFinalised)),
            IvState::Uninitialised if !self.enc => return Err(ProvError::with(Reason::InvalidIvLength, "no IV set")),
            IvState::Uninitialised => self.generate_iv()?,
            _ => {}
        }
        if !self.enc && self.tag_len.is_none() {
            return Err(ProvError::with(Reason::TagNotSet, "set the expected tag before the final decryption call"));
        }
        if self.iv_state == IvState::Buffered {
            self.apply_iv()?;
        }
        self.iv_state = IvState::Finished;
        let (enc, expected, n) = (self.enc, self.tag, self.tag_len.unwrap_or(TAG_LEN));
        let gcm = self.key()?;
        if enc {
            self.tag = gcm.tag().map_err(crypto_error)?;
            self.tag_len = Some(TAG_LEN);
        } else {
            gcm.verify(&expected[..n]).map_err(crypto_error)?;
        }
        Ok(0)
    }

    fn cipher(&mut self, io: Io<'_>) -> ProvResult<usize> {
        if !matches!(io, Io::Aad(_)) && io.capacity() < io.len() {
            return Err(ProvError::new(Reason::OutputTooSmall));
        }
        // Like OpenSSL's `ossl_gcm_cipher`, `EVP_Cipher` reports the input length, TLS records included.
        let n = io.len();
        self.process(io).map(|_| n)
    }

    fn get_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        for p in params.iter() {
            let key = p.key();
            let pe = |e| param_error(key, e);
            if key == P_IVLEN {
                p.set_int(self.iv_len as i128).map_err(pe)?;
            } else if key == P_KEYLEN {
                p.set_int(self.info.key_len as i128).map_err(pe)?;
            } else if key == P_TAGLEN {
                p.set_int(self.tag_len.unwrap_or(TAG_LEN) as i128).map_err(pe)?;
            } else if key == P_IV || key == P_UPDATED_IV {
                self.iv_for_query()?;
                p.set_octets(&self.iv[..self.iv_len])
                    .map_err(|_| ProvError::with(Reason::InvalidIvLength, "IV buffer too small"))?;
            } else if key == P_TLS_AAD_PAD {
                p.set_int(self.tls_aad_pad as i128).map_err(pe)?;
            } else if key == names::P_FIPS_INDICATOR {
                // IG C.H: an encryption is approved when the module ensured its IV is unique (gcm_iv_rules.rs).
                p.set_int(i128::from(!self.enc || self.origin != IvOrigin::External)).map_err(pe)?;
            } else if key == P_IV_GENERATED {
                p.set_int(i128::from(self.iv_gen_rand)).map_err(pe)?;
            } else if key == P_TAG {
                let n = match self.tag_len {
                    Some(n) if self.enc => n,
                    _ => return Err(ProvError::with(Reason::TagNotSet, "no tag: call final on an encryption first")),
                };
                // A NULL buffer is a size query; otherwise hand out the first `data_size` bytes (1..=16).
                let want = match p.get_octets() {
                    Ok(b) if !b.is_empty() => b.len(),
                    Ok(_) => n,
                    Err(e) => return Err(pe(e)),
                };
                if want > TAG_LEN {
                    return Err(ProvError::with(Reason::InvalidLength, format!("tag of {want} bytes requested")));
                }
                p.set_octets(&self.tag[..want]).map_err(pe)?;
            } else if key == P_TLS_IV_GEN {
                let want = p.get_octets().map_err(pe)?.len();
                if want == 0 {
                    return Err(ProvError::with(Reason::InvalidLength, "tlsivgen needs an output buffer"));
                }
                let iv = self.iv_gen_next(want)?;
                p.set_octets(&iv).map_err(pe)?;
            }
        }
        Ok(())
    }

    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        check_keylen(self.info, params)?;
        for p in params.iter() {
            let key = p.key();
            let pe = |e| param_error(key, e);
            if key == P_TAG {
                let tag = p.get_octets().map_err(pe)?;
                if self.enc {
                    return Err(ProvError::with(Reason::InvalidParam, "tag not needed when encrypting"));
                }
                if tag.is_empty() || tag.len() > TAG_LEN {
                    return Err(ProvError::with(Reason::InvalidLength, format!("tag of {} bytes", tag.len())));
                }
                self.tag[..tag.len()].copy_from_slice(tag);
                self.tag_len = Some(tag.len());
            } else if key == P_IVLEN {
                let n: usize = p.get_int().map_err(pe)?;
                if n == 0 || n > IV_MAX {
                    return Err(ProvError::with(Reason::InvalidIvLength, format!("ivlen {n}")));
                }
                if n != self.iv_len {
                    if self.iv_state != IvState::Uninitialised {
                        self.iv_state = IvState::Finished;
                    }
                    self.iv_len = n;
                }
            } else if key == P_TLS_AAD {
                let aad = p.get_octets().map_err(pe)?;
                self.tls_aad_pad = self.tls_init(aad)?;
            } else if key == P_TLS_IV_FIXED {
                let fixed = p.get_octets().map_err(pe)?;
                self.iv_set_fixed(fixed)?;
            } else if key == P_TLS_IV_RESTORE {
                let iv = p.get_octets().map_err(pe)?;
                let n = self.iv_len;
                let whole = iv.get(..n).ok_or_else(|| ProvError::new(Reason::InvalidIvLength))?;
                self.iv[..n].copy_from_slice(whole);
                self.iv_gen = true;
                self.iv_state = IvState::Buffered;
            } else if key == P_TLS_IV_INV {
                let inv = p.get_octets().map_err(pe)?;
                if inv.is_empty() {
                    return Err(ProvError::with(Reason::InvalidParam, "empty tlsivinv"));
                }
                let inv = inv.to_vec();
                self.iv_set_invocation(&inv)?;
            }
            // "tls-version", "tls-mac-size" and unknown keys are ignored, as OpenSSL's GCM does.
        }
        Ok(())
    }
}

impl GcmCtx {
    /// The current IV length (the ABI layer needs it to read a whole-IV `"tlsivfixed"`).
    pub(crate) fn iv_len(&self) -> usize {
        self.iv_len
    }
}
