//! The AES-GCM IV rules of FIPS 140-3 IG C.H through EVP: `fips-indicator` reads 1 for encryptions whose IV the
//! module generated (DRBG, TLS 1.2 fixed field + counter) or that follow the TLS 1.3 construction, 0 for an
//! application's own unrelated IVs; `iv-generated` as OpenSSL 3.2+ reports it; decryption is always approved.

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, Params};
use ferrofips_tests::{Installation, PROPQ, TestResult};

/// (`fips-indicator`, `iv-generated`) of the context now.
fn indicator(x: &mut CipherCtx<'_>) -> Result<(i64, u64), ErrorStack> {
    let mut p = Params::new();
    p.request_int("fips-indicator").request_size_t("iv-generated");
    x.get_params(&mut p)?;
    Ok((p.get_int("fips-indicator").unwrap_or(-1), p.get_uint("iv-generated").unwrap_or(99)))
}

/// One whole encryption of a short message under the current key and IV state.
fn seal(x: &mut CipherCtx<'_>, iv: Option<&[u8]>) -> Result<Vec<u8>, ErrorStack> {
    x.init(None, iv)?;
    x.update_aad(b"header")?;
    let mut ct = x.update(b"payload bytes")?;
    ct.extend(x.finish()?);
    ct.extend(x.get_tag(16)?);
    Ok(ct)
}

fn xor_seq(base: &[u8; 12], seq: u64) -> Vec<u8> {
    let mut iv = base.to_vec();
    for (b, s) in iv[4..].iter_mut().zip(seq.to_be_bytes()) {
        *b ^= s;
    }
    iv
}

#[test]
fn indicator_follows_the_iv_origin() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let c = Cipher::fetch(&ctx, "AES-256-GCM", Some(PROPQ))?;
    assert!(c.gettable_ctx_params().iter().any(|d| d.key == "fips-indicator"));
    let key = [0x42u8; 32];

    // Module-generated IV: an encryption started without one.
    let mut x = CipherCtx::new(&c, true)?;
    x.init(Some(&key), None)?;
    seal(&mut x, None)?;
    assert_eq!(indicator(&mut x)?, (1, 1), "DRBG IV");

    // The TLS 1.3 construction: static IV XOR record sequence numbers, under one key.
    let base = [0x17u8; 12];
    let mut x = CipherCtx::new(&c, true)?;
    x.init(Some(&key), None)?;
    for seq in [0u64, 1, 2, 3, 10, 11] {
        seal(&mut x, Some(&xor_seq(&base, seq)))?;
        assert_eq!(indicator(&mut x)?, (1, 0), "TLS 1.3 record {seq}");
    }
    // Repeating a sequence number breaks the construction: served, but not approved, from then on.
    seal(&mut x, Some(&xor_seq(&base, 11)))?;
    assert_eq!(indicator(&mut x)?.0, 0, "repeated IV");
    seal(&mut x, Some(&xor_seq(&base, 12)))?;
    assert_eq!(indicator(&mut x)?.0, 0, "still broken under this key");
    // A new key starts a new sequence.
    x.init(Some(&[0x43u8; 32]), None)?;
    seal(&mut x, Some(&base))?;
    assert_eq!(indicator(&mut x)?.0, 1, "new key");

    // An application's own unrelated IVs.
    let mut x = CipherCtx::new(&c, true)?;
    x.init(Some(&key), None)?;
    seal(&mut x, Some(&[1u8; 12]))?;
    seal(&mut x, Some(&[0x99u8; 12]))?;
    assert_eq!(indicator(&mut x)?, (0, 0), "external IV");
    // Decryption is approved whatever the IV.
    let ct = {
        let mut e = CipherCtx::new(&c, true)?;
        e.init(Some(&key), Some(&[5u8; 12]))?;
        seal(&mut e, Some(&[5u8; 12]))?
    };
    let mut d = CipherCtx::new(&c, false)?;
    d.init(Some(&key), Some(&[5u8; 12]))?;
    d.update_aad(b"header")?;
    let (body, tag) = ct.split_at(ct.len() - 16);
    let pt = d.update(body)?;
    d.set_tag(tag)?;
    d.finish()?;
    assert_eq!(pt, b"payload bytes");
    assert_eq!(indicator(&mut d)?.0, 1, "decryption");
    Ok(())
}

#[test]
fn tls12_fixed_field_and_counter_is_approved() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let c = Cipher::fetch(&ctx, "AES-128-GCM", Some(PROPQ))?;
    let mut x = CipherCtx::new(&c, true)?;
    x.init(Some(&[7u8; 16]), None)?;
    x.set_iv_fixed(&[1, 2, 3, 4])?;
    for seq in 0..3u64 {
        let mut aad = seq.to_be_bytes().to_vec();
        aad.extend_from_slice(&[23, 3, 3, 0, 8 + 5]);
        x.tls1_aad(&aad)?;
        let mut rec = vec![0u8; 8 + 5 + 16];
        x.cipher_in_place(&mut rec)?;
        assert_eq!(indicator(&mut x)?, (1, 1), "TLS 1.2 record {seq}");
    }
    Ok(())
}
