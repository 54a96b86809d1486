//! The TLS paths of AES-GCM through EVP, against OpenSSL's default provider: TLS 1.2 records (`"tlsivfixed"`,
//! `EVP_CTRL_AEAD_TLS1_AAD` → pad, one in-place call with explicit nonce and tag, through `EVP_Cipher` and
//! `EVP_CipherUpdate` as libssl 3.0 does) in both directions, the module's IV generation (a fixed field and an
//! incrementing invocation field), `tlsivgen`/`tlsivinv`, tampering, and malformed records.

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, system_default};
use ferrofips_tests::{Installation, PROPQ, TestResult};

const EXPLICIT: usize = 8;
const TAG: usize = 16;

/// The 13-byte TLS 1.2 AAD: sequence number, type 23, version 1.2, length.
fn aad(seq: u64, len: usize) -> Vec<u8> {
    let mut a = seq.to_be_bytes().to_vec();
    a.extend_from_slice(&[23, 3, 3]);
    a.extend_from_slice(&(len as u16).to_be_bytes());
    a
}

fn tls_ctx<'a>(c: &Cipher<'a>, enc: bool, key: &[u8], fixed: &[u8]) -> Result<CipherCtx<'a>, ErrorStack> {
    let mut x = CipherCtx::new(c, enc)?;
    x.init(Some(key), None)?;
    x.set_iv_fixed(fixed)?;
    Ok(x)
}

/// Seals `payload` as record `seq`: returns `explicit nonce || ciphertext || tag`.
fn seal(x: &mut CipherCtx<'_>, seq: u64, payload: &[u8], via_update: bool) -> Result<Vec<u8>, ErrorStack> {
    let pad = x.tls1_aad(&aad(seq, EXPLICIT + payload.len()))?;
    assert_eq!(pad, TAG, "tlsaadpad");
    let mut rec = vec![0u8; EXPLICIT];
    rec.extend_from_slice(payload);
    rec.resize(EXPLICIT + payload.len() + TAG, 0);
    let n = if via_update {
        let len = rec.len();
        rec.resize(len + 32, 0);
        let n = x.update_in_place(&mut rec, len)?;
        rec.truncate(len);
        n
    } else {
        usize::try_from(x.cipher_in_place(&mut rec)?).unwrap_or(0)
    };
    assert_eq!(n, rec.len(), "encrypted record length");
    Ok(rec)
}

/// Opens record `seq` in place; returns the plaintext.
fn open(x: &mut CipherCtx<'_>, seq: u64, rec: &[u8], via_update: bool) -> Result<Vec<u8>, ErrorStack> {
    x.tls1_aad(&aad(seq, rec.len()))?;
    let mut buf = rec.to_vec();
    let n = if via_update {
        let len = buf.len();
        buf.resize(len + 32, 0);
        x.update_in_place(&mut buf, len)?
    } else {
        // `EVP_Cipher` reports the whole record length (OpenSSL's `ossl_gcm_cipher`); the payload is shorter.
        let r = x.cipher_in_place(&mut buf)?;
        assert_eq!(usize::try_from(r).unwrap_or(0), rec.len());
        rec.len() - EXPLICIT - TAG
    };
    assert_eq!(n, rec.len() - EXPLICIT - TAG, "decrypted payload length");
    Ok(buf[EXPLICIT..EXPLICIT + n].to_vec())
}

#[test]
fn tls12_records_interoperate_with_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for (name, key_len) in [("AES-128-GCM", 16), ("AES-256-GCM", 32)] {
        let ours = Cipher::fetch(&ctx, name, Some(PROPQ))?;
        let theirs = Cipher::fetch(&sys, name, None)?;
        let key: Vec<u8> = (0..key_len as u8).map(|i| i.wrapping_mul(37) ^ 0x5a).collect();
        let fixed = [0xa1, 0xb2, 0xc3, 0xd4];
        for via_update in [false, true] {
            let (mut our_enc, mut our_dec) =
                (tls_ctx(&ours, true, &key, &fixed)?, tls_ctx(&ours, false, &key, &fixed)?);
            let (mut their_enc, mut their_dec) =
                (tls_ctx(&theirs, true, &key, &fixed)?, tls_ctx(&theirs, false, &key, &fixed)?);
            let mut last_nonce: Option<u64> = None;
            for seq in 0..40u64 {
                let payload: Vec<u8> = (0..(seq * 97 % 1500) as usize).map(|i| (i as u8) ^ (seq as u8)).collect();
                let rec = seal(&mut our_enc, seq, &payload, via_update)?;
                let nonce = u64::from_be_bytes(rec[..EXPLICIT].try_into()?);
                if let Some(prev) = last_nonce {
                    assert_eq!(nonce, prev.wrapping_add(1), "{name}: the invocation field increments per record");
                }
                last_nonce = Some(nonce);
                assert_eq!(open(&mut their_dec, seq, &rec, via_update)?, payload, "{name}: default opens ours");
                let rec = seal(&mut their_enc, seq, &payload, via_update)?;
                assert_eq!(open(&mut our_dec, seq, &rec, via_update)?, payload, "{name}: ours opens default's");
                // Tampering anywhere is caught, and nothing of the payload is left in the buffer.
                for pos in [0, EXPLICIT, rec.len() - 1] {
                    if pos >= rec.len() || (pos == EXPLICIT && payload.is_empty()) {
                        continue;
                    }
                    let mut bad = rec.clone();
                    bad[pos] ^= 0x40;
                    our_dec.tls1_aad(&aad(seq, bad.len()))?;
                    assert!(our_dec.cipher_in_place(&mut bad).is_err(), "{name}: tampered record accepted");
                    assert!(bad[EXPLICIT..bad.len() - TAG].iter().all(|&b| b == 0), "{name}: plaintext released");
                }
                // A wrong sequence number (AAD) fails too.
                assert!(open(&mut our_dec, seq + 1, &rec, via_update).is_err());
            }
            println!(
                "{name}: 40 TLS 1.2 records each way (via {})",
                if via_update { "EVP_CipherUpdate" } else { "EVP_Cipher" }
            );
        }
    }
    Ok(())
}

#[test]
fn tls_iv_gen_and_inv_interoperate() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Cipher::fetch(&ctx, "AES-128-GCM", Some(PROPQ))?;
    let theirs = Cipher::fetch(&sys, "AES-128-GCM", None)?;
    let key = [7u8; 16];
    let fixed = [1, 2, 3, 4];
    let mut enc = CipherCtx::new(&ours, true)?;
    enc.init(Some(&key), None)?;
    enc.set_iv_fixed(&fixed)?;
    let mut prev: Option<Vec<u8>> = None;
    for _ in 0..5 {
        let explicit = enc.iv_gen(EXPLICIT)?;
        if let Some(p) = &prev {
            let (a, b) = (u64::from_be_bytes(p[..].try_into()?), u64::from_be_bytes(explicit[..].try_into()?));
            assert_eq!(b, a.wrapping_add(1));
        }
        prev = Some(explicit.clone());
        enc.update_aad(b"header")?;
        let ct = enc.update(b"tls via iv_gen")?;
        enc.finish()?;
        let tag = enc.get_tag(16)?;
        let mut dec = CipherCtx::new(&theirs, false)?;
        dec.init(Some(&key), None)?;
        dec.set_iv_fixed(&fixed)?;
        dec.set_iv_inv(&explicit)?;
        dec.set_tag(&tag)?;
        dec.update_aad(b"header")?;
        let pt = dec.update(&ct)?;
        dec.finish()?;
        assert_eq!(pt, b"tls via iv_gen");
    }
    // The other way: the default provider generates, ours takes the invocation field.
    let mut enc = CipherCtx::new(&theirs, true)?;
    enc.init(Some(&key), None)?;
    enc.set_iv_fixed(&fixed)?;
    let explicit = enc.iv_gen(EXPLICIT)?;
    let ct = enc.update(b"other way")?;
    enc.finish()?;
    let tag = enc.get_tag(16)?;
    let mut dec = CipherCtx::new(&ours, false)?;
    dec.init(Some(&key), None)?;
    dec.set_iv_fixed(&fixed)?;
    dec.set_iv_inv(&explicit)?;
    dec.set_tag(&tag)?;
    assert_eq!(dec.update(&ct)?, b"other way");
    dec.finish()?;
    // Restoring a whole IV (SET_IV_FIXED with length -1) then generating continues from it.
    let mut enc = CipherCtx::new(&ours, true)?;
    enc.init(Some(&key), None)?;
    let whole = [9u8, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0x41];
    enc.restore_iv(&whole)?;
    assert_eq!(enc.iv_gen(EXPLICIT)?, whole[4..].to_vec());
    assert_eq!(enc.iv_gen(EXPLICIT)?, [0, 0, 0, 0, 0, 0, 0, 0x42]);
    Ok(())
}

#[test]
fn tls_malformed_input_is_refused() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Cipher::fetch(&ctx, "AES-256-GCM", Some(PROPQ))?;
    let theirs = Cipher::fetch(&sys, "AES-256-GCM", None)?;
    let key = [3u8; 32];
    for (label, c) in [("ferrofips", &ours), ("default", &theirs)] {
        let mut e = tls_ctx(c, true, &key, &[5; 4])?;
        let mut d = tls_ctx(c, false, &key, &[5; 4])?;
        // AAD of the wrong length.
        for n in [0, 12, 14, 32] {
            assert!(e.tls1_aad(&vec![0u8; n]).is_err(), "{label}: TLS AAD of {n} bytes accepted");
        }
        // AAD whose length field is too small for the explicit nonce (and, decrypting, the tag).
        assert!(e.tls1_aad(&aad(0, 7)).is_err(), "{label}: record length < nonce accepted");
        assert!(d.tls1_aad(&aad(0, 23)).is_err(), "{label}: record length < nonce + tag accepted");
        // A record shorter than nonce + tag.
        e.tls1_aad(&aad(0, EXPLICIT))?;
        let mut short = vec![0u8; EXPLICIT + TAG - 1];
        assert!(e.cipher_in_place(&mut short).is_err(), "{label}: short record accepted");
        // Fixed IV parts of bad sizes. (OpenSSL 3.0.19's default provider crashes on one longer than the IV: its
        // `ctx->ivlen - (int)len` check wraps around and it then asks the DRBG for ~2^64 bytes; ours refuses it.)
        let sizes: &[usize] = if label == "ferrofips" { &[0, 3, 5, 13, 200] } else { &[0, 3, 5] };
        for &n in sizes {
            let mut x = CipherCtx::new(c, true)?;
            x.init(Some(&key), None)?;
            assert!(x.set_iv_fixed(&vec![1u8; n]).is_err(), "{label}: tlsivfixed of {n} bytes accepted");
        }
        // tlsivinv on an encrypting context, tlsivgen without a fixed IV.
        assert!(e.set_iv_inv(&[0; 8]).is_err(), "{label}: tlsivinv accepted when encrypting");
        let mut x = CipherCtx::new(c, true)?;
        x.init(Some(&key), None)?;
        assert!(x.iv_gen(8).is_err(), "{label}: tlsivgen without tlsivfixed");
        println!("{label}: malformed TLS inputs refused");
    }
    Ok(())
}
