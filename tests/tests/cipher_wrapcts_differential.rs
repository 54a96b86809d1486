//! Differential tests against OpenSSL's default provider (in a second library context): AES key wrap KW, KWP and
//! their inverse-cipher forms with random keys, data lengths and integrity check values (the IV), in place or not,
//! including unwrapping tampered and random ciphertexts; AES-CBC-CTS CS1/CS2/CS3 with random keys, IVs and lengths,
//! in place or not, comparing output and updated IV, and `EVP_Cipher` (plain CBC) on whole blocks.

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, LibCtx, Params, system_default};
use ferrofips_tests::checks::runner;
use ferrofips_tests::{Installation, PROPQ, TestResult};
use proptest::collection::vec;
use proptest::prelude::*;

fn fail(e: ErrorStack) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// The 12 wrap algorithms: (name, padded).
fn wrap_names() -> Vec<(String, bool)> {
    let mut v = Vec::new();
    for bits in [128, 192, 256] {
        for (suffix, padded) in [("", false), ("-PAD", true), ("-INV", false), ("-PAD-INV", true)] {
            v.push((format!("AES-{bits}-WRAP{suffix}"), padded));
        }
    }
    v
}

fn fetch_all<'a>(ctx: &'a LibCtx, names: &[String], propq: Option<&str>) -> Result<Vec<Cipher<'a>>, ErrorStack> {
    names.iter().map(|n| Cipher::fetch(ctx, n, propq)).collect()
}

/// One wrap or unwrap; `Ok(None)` when the operation failed (with an error on the stack).
fn wrap_op(
    c: &Cipher<'_>,
    enc: bool,
    key: &[u8],
    iv: Option<&[u8]>,
    input: &[u8],
    in_place: bool,
) -> Result<Option<Vec<u8>>, ErrorStack> {
    let mut x = CipherCtx::new(c, enc)?;
    x.init(Some(key), iv)?;
    let r = if in_place {
        let mut buf = input.to_vec();
        buf.resize(input.len() + 32, 0);
        x.update_in_place(&mut buf, input.len()).map(|n| buf[..n].to_vec())
    } else {
        x.update(input)
    };
    match r {
        Ok(out) => {
            assert!(x.finish()?.is_empty());
            Ok(Some(out))
        }
        Err(e) => {
            assert!(!e.is_empty(), "a failed wrap operation left no error");
            Ok(None)
        }
    }
}

#[test]
fn key_wrap_matches_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let algs = wrap_names();
    let names: Vec<String> = algs.iter().map(|a| a.0.clone()).collect();
    let ours = fetch_all(&ctx, &names, Some(PROPQ))?;
    let theirs = fetch_all(&sys, &names, None)?;
    let strategy = (
        0..algs.len(),
        vec(any::<u8>(), 32),
        1..400usize,
        any::<u64>(),
        proptest::option::of(vec(any::<u8>(), 8)),
        any::<bool>(),
        any::<(usize, u8)>(),
    );
    runner(400).run(&strategy, |(i, key, len, seed, iv, in_place, (flip_at, flip))| {
        let (name, padded) = &algs[i];
        let key = &key[..16 + 8 * (i / 4)];
        // KW takes whole semiblocks (at least two); KWP any length from 1.
        let len = if *padded { len } else { 16 + 8 * (len % 60) };
        let pt: Vec<u8> = (0..len).map(|j| (seed >> (j % 57)) as u8 ^ j as u8).collect();
        let iv = iv.as_deref().map(|v| if *padded { &v[..4] } else { v });
        let want = wrap_op(&theirs[i], true, key, iv, &pt, false).map_err(fail)?;
        let got = wrap_op(&ours[i], true, key, iv, &pt, in_place).map_err(fail)?;
        prop_assert_eq!(&got, &want, "{} wrap of {} bytes", name, len);
        let ct = want.ok_or_else(|| TestCaseError::fail(format!("{name}: default provider refused {len} bytes")))?;
        let back = wrap_op(&ours[i], false, key, iv, &ct, in_place).map_err(fail)?;
        prop_assert_eq!(back.as_deref(), Some(pt.as_slice()), "{} unwrap", name);
        // A flipped bit: both providers reject it (or, never in practice, both accept the same plaintext).
        let mut bad = ct.clone();
        bad[flip_at % ct.len()] ^= flip | 1;
        let theirs_bad = wrap_op(&theirs[i], false, key, iv, &bad, false).map_err(fail)?;
        let ours_bad = wrap_op(&ours[i], false, key, iv, &bad, in_place).map_err(fail)?;
        prop_assert_eq!(ours_bad, theirs_bad, "{} tampered unwrap", name);
        Ok(())
    })?;
    Ok(())
}

/// Unwrapping arbitrary bytes of every length 0..80: both providers agree on success or failure (and output).
#[test]
fn unwrap_arbitrary_input_matches_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let algs = wrap_names();
    let names: Vec<String> = algs.iter().map(|a| a.0.clone()).collect();
    let ours = fetch_all(&ctx, &names, Some(PROPQ))?;
    let theirs = fetch_all(&sys, &names, None)?;
    for (i, (name, _)) in algs.iter().enumerate() {
        let key = vec![0x3C; 16 + 8 * (i / 4)];
        for len in 0..80usize {
            let input: Vec<u8> = (0..len).map(|j| (j * 31 + i) as u8).collect();
            for enc in [true, false] {
                let a = wrap_op(&ours[i], enc, &key, None, &input, false)?;
                let b = wrap_op(&theirs[i], enc, &key, None, &input, false)?;
                assert_eq!(a, b, "{name} enc {enc} len {len}");
            }
        }
    }
    Ok(())
}

const CTS: [&str; 3] = ["AES-128-CBC-CTS", "AES-192-CBC-CTS", "AES-256-CBC-CTS"];

/// A CTS message's output and updated IV.
type CtsOut = (Vec<u8>, Vec<u8>);

/// One CTS message; returns the output and the updated IV, or `None` on failure.
fn cts_op(
    c: &Cipher<'_>,
    mode: &str,
    enc: bool,
    key: &[u8],
    iv: &[u8],
    input: &[u8],
    in_place: bool,
) -> Result<Option<CtsOut>, ErrorStack> {
    let mut x = CipherCtx::new(c, enc)?;
    let mut p = Params::new();
    p.utf8("cts_mode", mode);
    x.set_params(&p)?;
    x.init(Some(key), Some(iv))?;
    let r = if in_place {
        let mut buf = input.to_vec();
        buf.resize(input.len() + 32, 0);
        x.update_in_place(&mut buf, input.len()).map(|n| buf[..n].to_vec())
    } else {
        x.update(input)
    };
    let Ok(mut out) = r else { return Ok(None) };
    out.extend(x.finish()?);
    Ok(Some((out, x.updated_iv(16)?)))
}

#[test]
fn cts_matches_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let names: Vec<String> = CTS.iter().map(|s| s.to_string()).collect();
    let ours = fetch_all(&ctx, &names, Some(PROPQ))?;
    let theirs = fetch_all(&sys, &names, None)?;
    let data = prop_oneof![vec(any::<u8>(), 16..80), vec(any::<u8>(), 16..3000)];
    let strategy = (0..3usize, 0..3usize, vec(any::<u8>(), 32), vec(any::<u8>(), 16), data, any::<bool>());
    runner(400).run(&strategy, |(i, m, key, iv, pt, in_place)| {
        let mode = ["CS1", "CS2", "CS3"][m];
        let key = &key[..16 + 8 * i];
        let want = cts_op(&theirs[i], mode, true, key, &iv, &pt, false).map_err(fail)?;
        let got = cts_op(&ours[i], mode, true, key, &iv, &pt, in_place).map_err(fail)?;
        prop_assert_eq!(&got, &want, "{} {} encrypt {} bytes", CTS[i], mode, pt.len());
        let (ct, _) = want.ok_or_else(|| TestCaseError::fail("default provider refused"))?;
        let want = cts_op(&theirs[i], mode, false, key, &iv, &ct, false).map_err(fail)?;
        let got = cts_op(&ours[i], mode, false, key, &iv, &ct, in_place).map_err(fail)?;
        prop_assert_eq!(&got, &want, "{} {} decrypt", CTS[i], mode);
        prop_assert_eq!(got.map(|g| g.0), Some(pt));
        Ok(())
    })?;
    Ok(())
}

/// `EVP_Cipher` on a CBC-CTS context is plain CBC over whole blocks in OpenSSL (`ossl_cipher_generic_cipher`),
/// chaining across calls; so it is here.
#[test]
fn cts_evp_cipher_is_cbc_like_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Cipher::fetch(&ctx, "AES-256-CBC-CTS", Some(PROPQ))?;
    let theirs = Cipher::fetch(&sys, "AES-256-CBC-CTS", None)?;
    for enc in [true, false] {
        let mut outs = Vec::new();
        for c in [&ours, &theirs] {
            let mut x = CipherCtx::new(c, enc)?;
            x.init(Some(&[7; 32]), Some(&[9; 16]))?;
            let mut out = x.cipher(&[0x55; 64])?;
            out.extend(x.cipher(&[0x66; 32])?);
            outs.push((out, x.updated_iv(16)?));
        }
        assert_eq!(outs[0], outs[1], "enc {enc}");
    }
    Ok(())
}

/// `EVP_CIPH_FLAG_CUSTOM_CIPHER`: libcrypto sets it when a provided cipher has a one-shot `cipher` function.
/// OpenSSL's wrap ciphers have none (`EVP_Cipher` then returns 1 rather than the length); the module's cipher
/// families all have one, so this one flag differs (coherently with what `EVP_Cipher` returns).
const CUSTOM_CIPHER: u64 = 0x10_0000;

/// The wrap algorithms report OpenSSL's constants (mode, flags but `EVP_CIPH_FLAG_CUSTOM_CIPHER`, key/IV/block
/// sizes), the IV param echoes the ICV that was set, and a copied context wraps as the original does.
#[test]
fn wrap_constants_params_and_copies_match_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for (name, padded) in wrap_names() {
        let ours = Cipher::fetch(&ctx, &name, Some(PROPQ))?;
        let theirs = Cipher::fetch(&sys, &name, None)?;
        assert_eq!(
            (ours.key_length(), ours.iv_length(), ours.block_size(), ours.flags() & !CUSTOM_CIPHER, ours.mode()),
            (theirs.key_length(), theirs.iv_length(), theirs.block_size(), theirs.flags(), theirs.mode()),
            "{name}"
        );
        let key = vec![0x21; ours.key_length()];
        let icv: Vec<u8> = (1..=ours.iv_length() as u8).collect();
        let mut results = Vec::new();
        for c in [&ours, &theirs] {
            let mut x = CipherCtx::new(c, true)?;
            x.init(Some(&key), Some(&icv))?;
            let mut p = Params::new();
            p.request("iv", ferrofips_evp::ParamType::OctetString, 8).request_int("padding");
            x.get_params(&mut p)?;
            let copy = x.try_clone()?;
            let out = x.update(&[0x42; 24])?;
            let mut copy = copy;
            assert_eq!(copy.update(&[0x42; 24])?, out, "{name}: copied context");
            results.push((p.get_octets("iv"), p.get_int("padding"), out));
        }
        assert_eq!(results[0], results[1], "{name}");
        assert_eq!(results[0].1, Some(i64::from(padded)), "{name}: padding param");
    }
    Ok(())
}

/// A CTS context copied after init runs the same message as the original.
#[test]
fn cts_context_copy_matches() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let c = Cipher::fetch(&ctx, "AES-192-CBC-CTS", Some(PROPQ))?;
    for mode in ["CS1", "CS2", "CS3"] {
        let mut x = CipherCtx::new(&c, true)?;
        let mut p = Params::new();
        p.utf8("cts_mode", mode);
        x.set_params(&p)?;
        x.init(Some(&[3; 24]), Some(&[4; 16]))?;
        let mut copy = x.try_clone()?;
        let data: Vec<u8> = (0..77u8).collect();
        assert_eq!(copy.update(&data)?, x.update(&data)?, "{mode}");
    }
    Ok(())
}
