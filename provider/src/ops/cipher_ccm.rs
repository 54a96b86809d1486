//! AES-128/192/256-CCM as OpenSSL cipher contexts, with the flow of OpenSSL's `ciphercommon_ccm.c`:
//!
//! * `"ivlen"` (7..13, default 7: OpenSSL's `L = 8`) and `"tag"` (4..16 even; with no data it only sets the tag
//!   length `M`, as `EVP_CTRL_AEAD_SET_TAG` with a NULL tag does) are set before the message;
//! * the total payload length is declared with `update(NULL, NULL, len)` before the AAD (required when there is
//!   AAD), the AAD comes in one `update(NULL, aad, alen)`, the payload in one update (its length must match);
//! * encryption: `"tag"` is gettable (exactly `M` bytes) once the payload is processed, which ends the message;
//! * decryption: the expected tag is set first; the payload update verifies it in constant time and on a
//!   mismatch fails with the output wiped (no plaintext released);
//! * TLS 1.2 CCM records (`"tlsivfixed"` of 4 bytes, `"tlsaad"`, then one in-place `EVP_Cipher` over
//!   `explicit nonce || payload || tag`, the explicit nonce being the record sequence number).
//!
//! Deliberately stricter than OpenSSL where its behaviour is unsafe (OpenSSL would silently mis-authenticate):
//! a second non-empty AAD call, a length declaration after the AAD and a second payload update are errors; a
//! decryption final with a tag set but no payload update verifies the empty message instead of succeeding; TLS
//! mode ends with each record (libssl sets `"tlsaad"` per record), so a stale record header is never reused.

mod tls;

use core::fmt;
use std::sync::Arc;

use ferrofips_crypto::Error as CryptoError;
use ferrofips_crypto::modes::ccm::{AesCcm, max_payload_len, valid_tag_len};
use zeroize::{Zeroize, Zeroizing};

use self::tls::{TLS_AAD_LEN, TLS_FIXED_IV_LEN};
use super::cipher::{
    CipherInfo, CipherOps, Io, P_IV, P_IVLEN, P_KEYLEN, P_TAG, P_TAGLEN, P_TLS_AAD, P_TLS_AAD_PAD, P_TLS_IV_FIXED,
    P_TLS_IV_RESTORE, P_UPDATED_IV, check_keylen,
};
use super::param_error;
use crate::abi::params::{Param, Params};
use crate::error::{ProvError, ProvResult, Reason};
use crate::provctx::ProvCtx;

/// OpenSSL's initial `L` (so the initial nonce length is 7) and `M`.
const L_DEFAULT: usize = 8;
const M_DEFAULT: usize = 12;

/// An AES-CCM cipher context.
#[derive(Clone)]
pub(crate) struct CcmCtx {
    prov: Arc<ProvCtx>,
    info: &'static CipherInfo,
    ccm: Option<AesCcm>,
    enc: bool,
    /// Bytes of the length field; the nonce is `15 - l` bytes.
    l: usize,
    /// Tag bytes.
    m: usize,
    iv: [u8; 16],
    iv_set: bool,
    /// The declared payload length (OpenSSL's `len_set`).
    len: Option<u64>,
    /// The message's AAD, once given.
    aad: Option<Zeroizing<Vec<u8>>>,
    /// Encryption: the payload is processed (the message then ends with the tag get).
    done: bool,
    /// The computed tag (encryption) or the expected one (decryption).
    tag: [u8; 16],
    tag_set: bool,
    tls_aad: Option<[u8; TLS_AAD_LEN]>,
    tls_aad_pad: usize,
}

impl Drop for CcmCtx {
    fn drop(&mut self) {
        self.iv.zeroize();
        self.tag.zeroize();
        if let Some(a) = self.tls_aad.as_mut() {
            a.zeroize();
        }
    }
}

impl fmt::Debug for CcmCtx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CcmCtx")
            .field("key_len", &self.info.key_len)
            .field("key_set", &self.ccm.is_some())
            .field("enc", &self.enc)
            .field("iv_len", &(15 - self.l))
            .field("tag_len", &self.m)
            .field("iv_set", &self.iv_set)
            .finish_non_exhaustive()
    }
}

fn crypto_error(e: CryptoError) -> ProvError {
    match e {
        CryptoError::AuthenticationFailed => ProvError::new(Reason::BadTag),
        CryptoError::InvalidLength => ProvError::with(Reason::InvalidLength, "CCM length limit exceeded"),
        _ => ProvError::new(Reason::InternalError),
    }
}

fn order(detail: &'static str) -> ProvError {
    ProvError::with(Reason::NotInitialised, detail)
}

impl CcmCtx {
    fn nonce_len(&self) -> usize {
        15 - self.l
    }

    /// Forgets the current message (OpenSSL resets `iv_set`, `len_set` and `tag_set` when one ends).
    fn end_message(&mut self) {
        self.iv_set = false;
        self.len = None;
        self.aad = None;
        self.done = false;
        self.tag_set = false;
    }

    /// Checks a payload length against the length field (`2^(8L) - 1` bytes).
    fn check_len(&self, n: u64) -> ProvResult<()> {
        let max = max_payload_len(self.nonce_len()).unwrap_or(0);
        if n > max {
            return Err(ProvError::with(
                Reason::InvalidLength,
                format!("CCM payload of {n} bytes: a {}-byte nonce allows {max}", self.nonce_len()),
            ));
        }
        Ok(())
    }

    /// The common preconditions of a message step: a key, no pending TLS record, an IV, a message not done.
    fn in_message(&self) -> ProvResult<()> {
        if self.ccm.is_none() {
            return Err(ProvError::new(Reason::NoKey));
        }
        if !self.iv_set {
            return Err(ProvError::with(Reason::InvalidIvLength, "no nonce set (each message needs a new one)"));
        }
        if self.done {
            return Err(order("CCM message already processed: get the tag and set a new nonce"));
        }
        Ok(())
    }

    /// `update(NULL, NULL, len)`: declares the payload length.
    pub(crate) fn declare(&mut self, len: usize) -> ProvResult<usize> {
        if self.tls_aad.is_some() {
            return Err(ProvError::with(Reason::InvalidParam, "TLS records are processed in place"));
        }
        self.in_message()?;
        if self.aad.is_some() {
            return Err(order("CCM payload length declared after the AAD"));
        }
        self.check_len(len as u64)?;
        self.len = Some(len as u64);
        Ok(len)
    }

    fn absorb_aad(&mut self, aad: &[u8]) -> ProvResult<usize> {
        self.in_message()?;
        if aad.is_empty() {
            return Ok(0);
        }
        if self.len.is_none() {
            return Err(order("CCM needs the payload length (update with NULL input and output) before AAD"));
        }
        if self.aad.is_some() {
            return Err(order("CCM takes the AAD in one update"));
        }
        self.aad = Some(Zeroizing::new(aad.to_vec()));
        Ok(aad.len())
    }

    /// The payload: encrypts (keeping the tag) or decrypts and verifies, in one call.
    fn payload(&mut self, io: Io<'_>) -> ProvResult<usize> {
        self.in_message()?;
        let n = io.len();
        match self.len {
            Some(d) if d != n as u64 => {
                return Err(ProvError::with(Reason::InvalidLength, format!("CCM payload of {n} bytes, {d} declared")));
            }
            Some(_) => {}
            None => self.check_len(n as u64)?,
        }
        if !self.enc && !self.tag_set {
            return Err(ProvError::with(Reason::TagNotSet, "set the expected tag before decrypting"));
        }
        let data = match io {
            Io::Aad(_) => return Err(ProvError::new(Reason::InternalError)),
            Io::InPlace { buf, inl } => &mut buf[..inl],
            Io::Separate { input, output } => {
                let out = &mut output[..input.len()];
                out.copy_from_slice(input);
                out
            }
        };
        let (m, nonce_len) = (self.m, self.nonce_len());
        let aad = self.aad.take().unwrap_or_default();
        let ccm = self.ccm.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        if self.enc {
            ccm.encrypt(&self.iv[..nonce_len], &aad, data, &mut self.tag[..m]).map_err(crypto_error)?;
            self.tag_set = true;
            self.done = true;
            Ok(n)
        } else {
            // On a mismatch the output (`data`) is wiped by the decryption itself.
            let r = ccm.decrypt(&self.iv[..nonce_len], &aad, data, &self.tag[..m]);
            self.end_message();
            r.map_err(crypto_error).map(|()| n)
        }
    }

    /// Dispatches an update or `EVP_Cipher` call.
    fn process(&mut self, io: Io<'_>) -> ProvResult<usize> {
        if !matches!(io, Io::Aad(_)) && io.capacity() < io.len() {
            return Err(ProvError::new(Reason::OutputTooSmall));
        }
        if self.ccm.is_none() {
            return Err(ProvError::new(Reason::NoKey));
        }
        if self.tls_aad.is_some() {
            return self.tls_cipher(io);
        }
        match io {
            Io::Aad(aad) => self.absorb_aad(aad),
            io => self.payload(io),
        }
    }

    /// `"tag"` set: the tag length `M` (4..16, even) and, with data, the expected tag (decryption only).
    fn set_tag(&mut self, p: Param<'_>) -> ProvResult<()> {
        let size = p.data_size();
        if !valid_tag_len(size) {
            return Err(ProvError::with(Reason::InvalidLength, format!("CCM tag of {size} bytes")));
        }
        match p.get_octets() {
            Ok(tag) => {
                if self.enc {
                    return Err(ProvError::with(Reason::InvalidParam, "tag not needed when encrypting"));
                }
                self.tag[..size].copy_from_slice(tag);
                self.tag_set = true;
            }
            // NULL data: `EVP_CTRL_AEAD_SET_TAG` with no tag sets only the length.
            Err(crate::abi::params::ParamError::NullData) => {}
            Err(e) => return Err(param_error(P_TAG, e)),
        }
        self.m = size;
        Ok(())
    }
}

impl CipherOps for CcmCtx {
    fn new(prov: Arc<ProvCtx>, info: &'static CipherInfo) -> Self {
        CcmCtx {
            prov,
            info,
            ccm: None,
            enc: false,
            l: L_DEFAULT,
            m: M_DEFAULT,
            iv: [0; 16],
            iv_set: false,
            len: None,
            aad: None,
            done: false,
            tag: [0; 16],
            tag_set: false,
            tls_aad: None,
            tls_aad_pad: 0,
        }
    }

    fn prov(&self) -> &Arc<ProvCtx> {
        &self.prov
    }

    fn init(&mut self, enc: bool, key: Option<&[u8]>, iv: Option<&[u8]>, params: Params<'_>) -> ProvResult<()> {
        if self.enc != enc {
            // A computed tag is never an expected one, and an expected one is not a result.
            self.tag_set = false;
        }
        self.enc = enc;
        if let Some(iv) = iv {
            if iv.len() != self.nonce_len() {
                return Err(ProvError::with(
                    Reason::InvalidIvLength,
                    format!("nonce of {} bytes, ivlen is {}", iv.len(), self.nonce_len()),
                ));
            }
            // A new nonce starts a new message; an expected tag set before it is kept.
            let tag_set = self.tag_set && !enc;
            self.end_message();
            self.tag_set = tag_set;
            self.iv[..iv.len()].copy_from_slice(iv);
            self.iv_set = true;
        }
        if let Some(key) = key {
            if key.len() != self.info.key_len {
                return Err(ProvError::with(
                    Reason::InvalidKey,
                    format!("key of {} bytes, this cipher takes {}", key.len(), self.info.key_len),
                ));
            }
            self.ccm = Some(AesCcm::new(key).map_err(|_| ProvError::new(Reason::InvalidKey))?);
        }
        self.set_ctx_params(params)
    }

    fn update(&mut self, io: Io<'_>) -> ProvResult<usize> {
        self.process(io)
    }

    fn finish(&mut self, _out: &mut [u8]) -> ProvResult<usize> {
        if self.ccm.is_none() {
            return Err(ProvError::new(Reason::NoKey));
        }
        if self.tls_aad.take().is_some() {
            return Err(ProvError::with(Reason::InvalidParam, "TLS records have no final"));
        }
        if !self.enc && self.iv_set && self.tag_set {
            // A decryption whose payload update never came: verify the empty message rather than succeed.
            let mut none: [u8; 0] = [];
            self.payload(Io::InPlace { buf: &mut none, inl: 0 })?;
        }
        Ok(0)
    }

    fn cipher(&mut self, io: Io<'_>) -> ProvResult<usize> {
        // Like OpenSSL's `ossl_ccm_cipher`, `EVP_Cipher` reports the input length.
        let n = io.len();
        self.process(io).map(|_| n)
    }

    fn get_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        for p in params.iter() {
            let key = p.key();
            let pe = |e| param_error(key, e);
            if key == P_IVLEN {
                p.set_int(self.nonce_len() as i128).map_err(pe)?;
            } else if key == P_TAGLEN {
                p.set_int(self.m as i128).map_err(pe)?;
            } else if key == P_KEYLEN {
                p.set_int(self.info.key_len as i128).map_err(pe)?;
            } else if key == P_IV || key == P_UPDATED_IV {
                p.set_octets(&self.iv[..self.nonce_len()])
                    .map_err(|_| ProvError::with(Reason::InvalidIvLength, "IV buffer too small"))?;
            } else if key == P_TLS_AAD_PAD {
                p.set_int(self.tls_aad_pad as i128).map_err(pe)?;
            } else if key == P_TAG {
                if !self.enc || !self.tag_set {
                    return Err(ProvError::with(Reason::TagNotSet, "no tag: encrypt the payload first"));
                }
                if p.data_size() != self.m {
                    return Err(ProvError::with(
                        Reason::InvalidLength,
                        format!("tag of {} bytes requested, M is {}", p.data_size(), self.m),
                    ));
                }
                p.set_octets(&self.tag[..self.m]).map_err(pe)?;
                self.end_message();
            }
        }
        Ok(())
    }

    fn set_ctx_params(&mut self, params: Params<'_>) -> ProvResult<()> {
        check_keylen(self.info, params)?;
        // OpenSSL's order: tag (its length matters to "tlsaad"), ivlen, tlsaad, tlsivfixed.
        if let Some(p) = params.locate(P_TAG) {
            self.set_tag(p)?;
        }
        if let Some(p) = params.locate(P_IVLEN) {
            let n: usize = p.get_int().map_err(|e| param_error(P_IVLEN, e))?;
            let l = 15usize.checked_sub(n).filter(|l| (2..=8).contains(l));
            let l = l.ok_or_else(|| ProvError::with(Reason::InvalidIvLength, format!("CCM ivlen {n} (7..13)")))?;
            if l != self.l {
                self.l = l;
                let tag_set = self.tag_set && !self.enc;
                self.end_message();
                self.tag_set = tag_set;
            }
        }
        if let Some(p) = params.locate(P_TLS_AAD) {
            let aad = p.get_octets().map_err(|e| param_error(P_TLS_AAD, e))?;
            self.tls_aad_pad = self.tls_init(aad)?;
        }
        if let Some(p) = params.locate(P_TLS_IV_FIXED) {
            let fixed = p.get_octets().map_err(|e| param_error(P_TLS_IV_FIXED, e))?;
            if fixed.len() != TLS_FIXED_IV_LEN {
                return Err(ProvError::with(Reason::InvalidIvLength, format!("tlsivfixed of {} bytes", fixed.len())));
            }
            self.iv[..TLS_FIXED_IV_LEN].copy_from_slice(fixed);
        }
        if params.locate(P_TLS_IV_RESTORE).is_some() {
            return Err(ProvError::with(Reason::InvalidIvLength, "CCM takes a 4-byte tlsivfixed"));
        }
        Ok(())
    }
}
