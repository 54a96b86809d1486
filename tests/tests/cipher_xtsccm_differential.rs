//! Differential tests of the provider's AES-XTS and AES-CCM against OpenSSL's default provider (in a second
//! library context): random keys, tweaks, nonce and tag lengths, AAD (including the lengths around the switch
//! to the `0xfffe` AAD length encoding) and payload lengths, in place or not, with and without the explicit
//! payload-length declaration, `EVP_Cipher`, and our decryption of the default provider's output.

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, system_default};
use ferrofips_tests::checks::runner;
use ferrofips_tests::{Installation, PROPQ, TestResult};
use proptest::collection::vec;
use proptest::prelude::*;

fn fail(e: ErrorStack) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// Runs `data` through `x` as one update, in place or into a separate buffer.
fn one_update(x: &mut CipherCtx<'_>, data: &[u8], in_place: bool) -> Result<Vec<u8>, ErrorStack> {
    if in_place {
        let mut buf = data.to_vec();
        buf.resize(data.len() + 32, 0);
        let n = x.update_in_place(&mut buf, data.len())?;
        buf.truncate(n);
        Ok(buf)
    } else {
        x.update(data)
    }
}

const XTS: [&str; 2] = ["AES-128-XTS", "AES-256-XTS"];

/// Several data units under one key and tweak; returns their outputs concatenated.
fn xts_units(
    cipher: &Cipher<'_>,
    encrypt: bool,
    key: &[u8],
    tweak: &[u8],
    units: &[Vec<u8>],
    in_place: bool,
) -> Result<Vec<u8>, ErrorStack> {
    let mut x = CipherCtx::new(cipher, encrypt)?;
    x.init(Some(key), Some(tweak))?;
    let mut out = Vec::new();
    for u in units {
        out.extend(one_update(&mut x, u, in_place)?);
    }
    out.extend(x.finish()?);
    Ok(out)
}

#[test]
fn xts_matches_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours: Vec<Cipher<'_>> = XTS.iter().map(|n| Cipher::fetch(&ctx, n, Some(PROPQ))).collect::<Result<_, _>>()?;
    let theirs: Vec<Cipher<'_>> = XTS.iter().map(|n| Cipher::fetch(&sys, n, None)).collect::<Result<_, _>>()?;
    let unit = prop_oneof![4 => vec(any::<u8>(), 16..300), 1 => vec(any::<u8>(), 16..5000)];
    let strategy = (0..2usize, vec(any::<u8>(), 64), vec(any::<u8>(), 16), vec(unit, 1..4), any::<bool>());
    runner(300).run(&strategy, |(i, mut key, tweak, units, in_place)| {
        key.truncate(32 * (i + 1));
        let half = key.len() / 2;
        if key[..half] == key[half..] {
            key[0] ^= 1;
        }
        let want = xts_units(&theirs[i], true, &key, &tweak, &units, false).map_err(fail)?;
        let got = xts_units(&ours[i], true, &key, &tweak, &units, in_place).map_err(fail)?;
        prop_assert_eq!(&got, &want, "{} units {:?}", XTS[i], units.iter().map(Vec::len).collect::<Vec<_>>());
        // Decrypt the default provider's data units, one by one.
        let mut at = 0;
        let cts: Vec<Vec<u8>> = units
            .iter()
            .map(|u| {
                at += u.len();
                want[at - u.len()..at].to_vec()
            })
            .collect();
        let back = xts_units(&ours[i], false, &key, &tweak, &cts, !in_place).map_err(fail)?;
        prop_assert_eq!(back, units.concat());
        // EVP_Cipher on the first unit.
        let mut x = CipherCtx::new(&ours[i], true).map_err(fail)?;
        x.init(Some(&key), Some(&tweak)).map_err(fail)?;
        prop_assert_eq!(&x.cipher(&units[0]).map_err(fail)?[..], &want[..units[0].len()]);
        Ok(())
    })?;
    Ok(())
}

const CCM: [&str; 3] = ["AES-128-CCM", "AES-192-CCM", "AES-256-CCM"];

/// One CCM message; returns the output and (when encrypting) the tag.
#[allow(clippy::too_many_arguments)]
fn ccm_message(
    cipher: &Cipher<'_>,
    encrypt: bool,
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    data: &[u8],
    tag: &[u8],
    declare: bool,
    in_place: bool,
) -> Result<(Vec<u8>, Vec<u8>), ErrorStack> {
    let mut x = CipherCtx::new(cipher, encrypt)?;
    x.set_iv_length(nonce.len())?;
    if encrypt {
        x.set_tag_length(tag.len())?;
    } else {
        x.set_tag(tag)?;
    }
    x.init(Some(key), Some(nonce))?;
    if declare || !aad.is_empty() {
        x.declare_length(data.len())?;
    }
    if !aad.is_empty() {
        x.update_aad(aad)?;
    }
    let out = one_update(&mut x, data, in_place)?;
    if !x.finish()?.is_empty() {
        return Err(ErrorStack::synthetic("CCM final wrote data"));
    }
    let tag = if encrypt { x.get_tag(tag.len())? } else { Vec::new() };
    Ok((out, tag))
}

#[test]
fn ccm_matches_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours: Vec<Cipher<'_>> = CCM.iter().map(|n| Cipher::fetch(&ctx, n, Some(PROPQ))).collect::<Result<_, _>>()?;
    let theirs: Vec<Cipher<'_>> = CCM.iter().map(|n| Cipher::fetch(&sys, n, None)).collect::<Result<_, _>>()?;
    let aad_len = prop_oneof![6 => 0..100usize, 1 => 0xfef0..0xff10usize];
    let data = prop_oneof![vec(any::<u8>(), 0..300), vec(any::<u8>(), 0..3000)];
    let strategy = (
        0..3usize,
        vec(any::<u8>(), 32),
        7..=13usize,
        2..=8usize,
        aad_len,
        data,
        any::<bool>(),
        any::<bool>(),
        any::<u8>(),
    );
    runner(300).run(&strategy, |(i, key, nonce_len, half_tag, aad_len, pt, declare, in_place, seed)| {
        let key = &key[..16 + 8 * i];
        let nonce: Vec<u8> = (0..nonce_len).map(|j| seed.wrapping_mul(j as u8 + 3)).collect();
        let aad: Vec<u8> = (0..aad_len).map(|j| (j as u8) ^ seed).collect();
        let t = 2 * half_tag;
        let tag_len = vec![0u8; t];
        let (want_ct, want_tag) =
            ccm_message(&theirs[i], true, key, &nonce, &aad, &pt, &tag_len, true, false).map_err(fail)?;
        let (ct, tag) =
            ccm_message(&ours[i], true, key, &nonce, &aad, &pt, &tag_len, declare, in_place).map_err(fail)?;
        prop_assert_eq!(&ct, &want_ct, "{} nonce {} tag {} aad {} pt {}", CCM[i], nonce_len, t, aad_len, pt.len());
        prop_assert_eq!(&tag, &want_tag);
        let (back, _) =
            ccm_message(&ours[i], false, key, &nonce, &aad, &want_ct, &want_tag, declare, !in_place).map_err(fail)?;
        prop_assert_eq!(&back, &pt);
        // A flipped tag bit fails our decryption and the default provider's alike.
        let mut bad = want_tag.clone();
        bad[t - 1] ^= 0x40;
        let ours_bad = ccm_message(&ours[i], false, key, &nonce, &aad, &want_ct, &bad, declare, in_place);
        let theirs_bad = ccm_message(&theirs[i], false, key, &nonce, &aad, &want_ct, &bad, true, false);
        prop_assert!(ours_bad.is_err() && theirs_bad.is_err());
        Ok(())
    })?;
    Ok(())
}

#[test]
fn ccm_evp_cipher_and_copies_match_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Cipher::fetch(&ctx, "AES-256-CCM", Some(PROPQ))?;
    let theirs = Cipher::fetch(&sys, "AES-256-CCM", None)?;
    let strategy = (vec(any::<u8>(), 32), vec(any::<u8>(), 12), vec(any::<u8>(), 1..64), vec(any::<u8>(), 0..700));
    runner(100).run(&strategy, |(key, nonce, aad, pt)| {
        let tag16 = [0u8; 16];
        let (want_ct, want_tag) =
            ccm_message(&theirs, true, &key, &nonce, &aad, &pt, &tag16, true, false).map_err(fail)?;
        let mut x = CipherCtx::new(&ours, true).map_err(fail)?;
        x.set_iv_length(12).map_err(fail)?;
        x.set_tag_length(16).map_err(fail)?;
        x.init(Some(&key), Some(&nonce)).map_err(fail)?;
        x.declare_length(pt.len()).map_err(fail)?;
        x.update_aad(&aad).map_err(fail)?;
        // A copy taken after the AAD carries the message state: both finish the same message.
        let mut copy = x.try_clone().map_err(fail)?;
        prop_assert_eq!(&x.cipher(&pt).map_err(fail)?, &want_ct);
        let mut buf = pt.clone();
        copy.cipher_in_place(&mut buf).map_err(fail)?;
        prop_assert_eq!(&buf, &want_ct);
        for c in [&mut x, &mut copy] {
            prop_assert_eq!(c.get_tag(16).map_err(fail)?, want_tag.clone());
        }
        Ok(())
    })?;
    Ok(())
}
