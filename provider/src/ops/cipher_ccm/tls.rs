//! The TLS 1.2 record path of AES-CCM (RFC 6655 / RFC 7251, OpenSSL's `ccm_tls_init` and `ccm_tls_cipher`): the
//! record header kept from `"tlsaad"` with its length corrected, and one in-place record
//! `explicit nonce || payload || tag` whose nonce is the 4-byte `"tlsivfixed"` and the 8-byte explicit part
//! (the record sequence number, taken from the header when encrypting).

use super::{CcmCtx, crypto_error};
use crate::error::{ProvError, ProvResult, Reason};
use crate::ops::cipher::Io;

/// Fixed (implicit) IV part, explicit nonce, AAD lengths.
pub(super) const TLS_FIXED_IV_LEN: usize = 4;
const TLS_EXPLICIT_IV_LEN: usize = 8;
pub(super) const TLS_AAD_LEN: usize = 13;

impl CcmCtx {
    /// `"tlsaad"`: keeps the record header with its length corrected for the explicit nonce (and, when
    /// decrypting, the tag); returns the pad (`M`).
    pub(super) fn tls_init(&mut self, aad: &[u8]) -> ProvResult<usize> {
        let mut buf: [u8; TLS_AAD_LEN] =
            aad.try_into().map_err(|_| ProvError::with(Reason::InvalidParam, "TLS AAD must be 13 bytes"))?;
        let overhead = if self.enc { TLS_EXPLICIT_IV_LEN } else { TLS_EXPLICIT_IV_LEN + self.m };
        let len = usize::from(u16::from_be_bytes([buf[11], buf[12]]))
            .checked_sub(overhead)
            .ok_or_else(|| ProvError::with(Reason::InvalidParam, "TLS record too short"))?;
        buf[11..].copy_from_slice(&(len as u16).to_be_bytes());
        self.tls_aad = Some(buf);
        Ok(self.m)
    }

    /// One TLS record in place: `explicit nonce || payload || tag` (OpenSSL's `ccm_tls_cipher`).
    pub(super) fn tls_cipher(&mut self, io: Io<'_>) -> ProvResult<usize> {
        let aad = self.tls_aad.take().ok_or_else(|| ProvError::new(Reason::InternalError))?;
        let Io::InPlace { buf, inl } = io else {
            return Err(ProvError::with(Reason::InvalidParam, "TLS records are processed in place"));
        };
        let m = self.m;
        if inl < TLS_EXPLICIT_IV_LEN + m {
            return Err(ProvError::with(Reason::InvalidLength, "TLS record shorter than nonce and tag"));
        }
        let record = &mut buf[..inl];
        if self.enc {
            record[..TLS_EXPLICIT_IV_LEN].copy_from_slice(&aad[..TLS_EXPLICIT_IV_LEN]);
        }
        self.iv[TLS_FIXED_IV_LEN..TLS_FIXED_IV_LEN + TLS_EXPLICIT_IV_LEN]
            .copy_from_slice(&record[..TLS_EXPLICIT_IV_LEN]);
        let (payload, tag) = record[TLS_EXPLICIT_IV_LEN..].split_at_mut(inl - TLS_EXPLICIT_IV_LEN - m);
        self.check_len(payload.len() as u64)?;
        let nonce = &self.iv[..self.nonce_len()];
        let ccm = self.ccm.as_ref().ok_or_else(|| ProvError::new(Reason::NoKey))?;
        if self.enc {
            ccm.encrypt(nonce, &aad, payload, tag).map_err(crypto_error)?;
            Ok(inl)
        } else {
            ccm.decrypt(nonce, &aad, payload, tag).map_err(crypto_error)?;
            Ok(payload.len())
        }
    }
}
