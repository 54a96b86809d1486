//! Known answers through the provider's EVP stream-mode ciphers: the SP 800-38A Appendix F examples (F.3 CFB1,
//! CFB8, CFB128; F.4 OFB; F.5 CTR; AES-128/192/256) encrypting and decrypting, one-shot, byte by byte and in
//! place (CFB1 also with bit lengths), and every case of the ACVP AES-CTR set (payloads in bits: the unused
//! bits of a last partial byte are cleared before comparing). With the default backends and, in a child
//! process, `FERROFIPS_CPU=portable`. Also the algorithm constants and parameter lists against the default
//! provider's.

use std::env;

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, ParamDescriptor, Params, system_default};
use ferrofips_kat::sp800_38a::{EXAMPLES, StreamExample, StreamMode};
use ferrofips_kat::{check::check, ctr};
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

fn name(mode: StreamMode, key_len: usize) -> String {
    format!("AES-{}-{}", key_len * 8, mode.openssl_suffix())
}

/// Runs `input` through a fresh context in `step`-byte updates (0 = one update), optionally in place; returns
/// the output and checks that final adds nothing.
fn stream(
    cipher: &Cipher<'_>,
    encrypt: bool,
    key: &[u8],
    iv: &[u8],
    input: &[u8],
    step: usize,
    in_place: bool,
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut x = CipherCtx::new(cipher, encrypt)?;
    x.init(Some(key), Some(iv))?;
    let mut out = Vec::with_capacity(input.len());
    for part in input.chunks(if step == 0 { input.len().max(1) } else { step }) {
        if in_place {
            let mut buf = part.to_vec();
            buf.resize(part.len() + 32, 0);
            let n = x.update_in_place(&mut buf, part.len())?;
            out.extend_from_slice(&buf[..n]);
        } else {
            out.extend(x.update(part)?);
        }
    }
    let tail = x.finish()?;
    assert!(tail.is_empty(), "final wrote {} bytes", tail.len());
    Ok(out)
}

/// CFB1 with `EVP_CIPH_FLAG_LENGTH_BITS`: the example's 16 bits as a 5-bit and an 11-bit update.
fn cfb1_bits(cipher: &Cipher<'_>, e: &StreamExample, encrypt: bool) -> Result<Vec<u8>, ErrorStack> {
    let input = if encrypt { e.pt() } else { e.ct() };
    let mut x = CipherCtx::new(cipher, encrypt)?;
    x.init(Some(&e.key()), Some(&e.iv()))?;
    x.set_length_bits(true);
    let (a, outl) = x.update_bits(&input, 5, &[0])?;
    assert_eq!(outl, 5, "outl counts bits");
    // Bits 5..16 moved to the front of a new buffer (each update starts at bit 0 of its buffer).
    let rest = [(input[0] << 5) | (input[1] >> 3), input[1] << 5];
    let (b, outl) = x.update_bits(&rest, 11, &[0, 0])?;
    assert_eq!(outl, 11);
    Ok(vec![(a[0] & 0xf8) | (b[0] >> 5), (b[0] << 3) | (b[1] >> 5)])
}

#[test]
fn sp800_38a_appendix_f() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for e in &EXAMPLES {
        let cipher = Cipher::fetch(&ctx, &name(e.mode, e.key().len()), Some(PROPQ))?;
        assert_eq!(cipher.provider_name(), PROVIDER_NAME);
        for (step, in_place) in [(0, false), (0, true), (1, false), (5, true), (16, false)] {
            let what = format!("{} (step {step}, in place {in_place})", e.section);
            let ct = stream(&cipher, true, &e.key(), &e.iv(), &e.pt(), step, in_place)?;
            check(0, &e.ct(), &ct).map_err(|m| format!("{what} encrypt: {m}"))?;
            let pt = stream(&cipher, false, &e.key(), &e.iv(), &e.ct(), step, in_place)?;
            check(0, &e.pt(), &pt).map_err(|m| format!("{what} decrypt: {m}"))?;
        }
        if e.mode == StreamMode::Cfb1 {
            check(0, &e.ct(), &cfb1_bits(&cipher, e, true)?).map_err(|m| format!("{} bits: {m}", e.section))?;
            check(0, &e.pt(), &cfb1_bits(&cipher, e, false)?).map_err(|m| format!("{} bits: {m}", e.section))?;
        }
    }
    println!("SP 800-38A: {} examples x 5 ways x 2 directions through EVP", EXAMPLES.len());
    if env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        println!("ran with FERROFIPS_CPU=portable");
    }
    Ok(())
}

#[test]
fn acvp_ctr() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let v = ctr::load()?;
    assert!(v.skipped.is_empty(), "skipped groups: {:?}", v.skipped);
    for c in &v.cases {
        let cipher = Cipher::fetch(&ctx, &name(StreamMode::Ctr, c.key.len()), Some(PROPQ))?;
        let (input, want) = if c.encrypt { (&c.pt, &c.ct) } else { (&c.ct, &c.pt) };
        for (step, in_place) in [(0, false), (7, true), (16, false)] {
            let mut out = stream(&cipher, c.encrypt, &c.key, &c.iv, input, step, in_place)?;
            c.mask_tail(&mut out);
            check(c.tc_id, want, &out).map_err(|m| format!("ACVP CTR (step {step}, in place {in_place}): {m}"))?;
        }
    }
    println!("AES-CTR: {} ACVP cases x 3 ways through EVP", v.cases.len());
    if env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        println!("ran with FERROFIPS_CPU=portable");
    }
    Ok(())
}

#[test]
fn portable_backends() -> TestResult {
    for test in ["sp800_38a_appendix_f", "acvp_ctr"] {
        let out = child::run_in_child(test, &[("FERROFIPS_CPU", "portable")])?;
        assert!(out.contains("ran with FERROFIPS_CPU=portable"), "{test}");
    }
    Ok(())
}

fn keys(list: &[ParamDescriptor]) -> Vec<String> {
    let mut k: Vec<String> = list.iter().map(|d| d.key.clone()).collect();
    k.sort();
    k
}

/// (mode, key length, IV length, block size, "aead", "custom-iv").
type Constants = (u64, usize, usize, usize, Option<i64>, Option<i64>);

fn constants(c: &Cipher<'_>) -> Result<Constants, ErrorStack> {
    let mut p = Params::new();
    p.request_int("aead").request_int("custom-iv");
    c.get_params(&mut p)?;
    Ok((c.mode(), c.key_length(), c.iv_length(), c.block_size(), p.get_int("aead"), p.get_int("custom-iv")))
}

#[test]
fn names_constants_and_parameter_lists_match_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let oids = [
        ("AES-128-CFB", "2.16.840.1.101.3.4.1.4"),
        ("AES-192-CFB", "2.16.840.1.101.3.4.1.24"),
        ("AES-256-CFB", "2.16.840.1.101.3.4.1.44"),
        ("AES-128-OFB", "2.16.840.1.101.3.4.1.3"),
        ("AES-192-OFB", "2.16.840.1.101.3.4.1.23"),
        ("AES-256-OFB", "2.16.840.1.101.3.4.1.43"),
    ];
    for (n, oid) in oids {
        let c = Cipher::fetch(&ctx, oid, Some(PROPQ))?;
        assert_eq!(c.name(), n, "OID {oid}");
    }
    for mode in StreamMode::ALL {
        for key_len in [16, 24, 32] {
            let n = name(mode, key_len);
            let ours = Cipher::fetch(&ctx, &n, Some(PROPQ))?;
            let theirs = Cipher::fetch(&sys, &n, None)?;
            assert_eq!(ours.provider_name(), PROVIDER_NAME);
            assert_eq!(constants(&ours)?, constants(&theirs)?, "{n}");
            assert_eq!(ours.flags(), theirs.flags(), "{n}: EVP flags");
            assert_eq!(keys(&ours.settable_ctx_params()), keys(&theirs.settable_ctx_params()), "{n}: settable");
            // The default provider also lists "tls-mac" (the TLS record mode, not offered here).
            let mut want = keys(&theirs.gettable_ctx_params());
            want.retain(|k| k != "tls-mac");
            assert_eq!(keys(&ours.gettable_ctx_params()), want, "{n}: gettable");
        }
    }
    Ok(())
}
