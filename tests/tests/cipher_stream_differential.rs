//! Differential tests of the provider's AES stream modes (CTR, CFB, CFB8, CFB1, OFB; 128/192/256) against
//! OpenSSL's default provider in a second library context: random keys, IVs (including counters about to carry
//! across 2^32, 2^64 and 2^128), data and update sizes (down to single bytes), separate or in-place buffers,
//! `EVP_Cipher` calls, a re-init with NULL key and IV mid-message (CTR continues its counter, CFB/OFB restart
//! from the IV), a context copy mid-message. After every call the output, `num` and the updated IV must equal
//! the default provider's. CFB1 with `EVP_CIPH_FLAG_LENGTH_BITS` is compared bit length by bit length,
//! including the bits of a last partial output byte that must be left alone.

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, system_default};
use ferrofips_tests::checks::{pieces, runner};
use ferrofips_tests::{Installation, PROPQ, TestResult};
use proptest::collection::vec;
use proptest::prelude::*;

fn fail(e: ErrorStack) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

const NAMES: [&str; 15] = [
    "AES-128-CTR",
    "AES-192-CTR",
    "AES-256-CTR",
    "AES-128-CFB",
    "AES-192-CFB",
    "AES-256-CFB",
    "AES-128-CFB8",
    "AES-192-CFB8",
    "AES-256-CFB8",
    "AES-128-CFB1",
    "AES-192-CFB1",
    "AES-256-CFB1",
    "AES-128-OFB",
    "AES-192-OFB",
    "AES-256-OFB",
];

/// How one piece is fed: `EVP_CipherUpdate` or `EVP_Cipher`, separate buffers or in place.
fn feed(x: &mut CipherCtx<'_>, piece: &[u8], how: u8) -> Result<Vec<u8>, ErrorStack> {
    match how % 4 {
        0 => x.update(piece),
        1 => {
            let mut buf = piece.to_vec();
            buf.resize(piece.len() + 32, 0);
            let n = x.update_in_place(&mut buf, piece.len())?;
            buf.truncate(n);
            Ok(buf)
        }
        2 => x.cipher(piece),
        _ => {
            let mut buf = piece.to_vec();
            x.cipher_in_place(&mut buf)?;
            Ok(buf)
        }
    }
}

/// What is observed after each call: output, `num`, updated IV.
type Trace = Vec<(Vec<u8>, i32, Vec<u8>)>;

/// One message; `events[i]` (if any) after piece `i`: 1 = re-init with NULL key and IV, 2 = continue in a copy.
#[allow(clippy::too_many_arguments)]
fn run(
    cipher: &Cipher<'_>,
    encrypt: bool,
    key: &[u8],
    iv: &[u8],
    data: &[u8],
    cuts: &[usize],
    hows: &[u8],
    events: &[u8],
) -> Result<Trace, ErrorStack> {
    let mut x = CipherCtx::new(cipher, encrypt)?;
    x.init(Some(key), Some(iv))?;
    let mut trace = Trace::new();
    for (i, piece) in pieces(data, cuts).into_iter().enumerate() {
        let out = feed(&mut x, piece, hows.get(i).copied().unwrap_or(0))?;
        trace.push((out, x.num(), x.updated_iv(16)?));
        match events.get(i).copied().unwrap_or(0) % 4 {
            1 => {
                x.init(None, None)?;
                trace.push((Vec::new(), x.num(), x.updated_iv(16)?));
            }
            2 => x = x.try_clone()?,
            _ => {}
        }
    }
    trace.push((x.finish()?, x.num(), x.updated_iv(16)?));
    Ok(trace)
}

/// An IV that is random, or a counter block about to carry across 2^32, 2^64 or 2^128 (random above).
fn iv_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        vec(any::<u8>(), 16),
        (vec(any::<u8>(), 16), 0..3usize, 0..4u8).prop_map(|(mut iv, which, back)| {
            let n = [4, 8, 16][which];
            iv[16 - n..].fill(0xff);
            iv[15] = 0xff - back;
            iv
        }),
    ]
}

#[test]
fn stream_modes_match_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours: Vec<Cipher<'_>> = NAMES.iter().map(|n| Cipher::fetch(&ctx, n, Some(PROPQ))).collect::<Result<_, _>>()?;
    let theirs: Vec<Cipher<'_>> = NAMES.iter().map(|n| Cipher::fetch(&sys, n, None)).collect::<Result<_, _>>()?;
    let data = prop_oneof![vec(any::<u8>(), 0..80), vec(any::<u8>(), 0..700)];
    let strategy = (
        0..NAMES.len(),
        vec(any::<u8>(), 32),
        iv_strategy(),
        data,
        vec(any::<usize>(), 0..8),
        vec(any::<u8>(), 9),
        vec(any::<u8>(), 9),
        any::<bool>(),
    );
    runner(600).run(&strategy, |(i, key, iv, data, cuts, hows, events, encrypt)| {
        let key = &key[..16 + 8 * (i % 3)];
        let want = run(&theirs[i], encrypt, key, &iv, &data, &cuts, &hows, &events).map_err(fail)?;
        let got = run(&ours[i], encrypt, key, &iv, &data, &cuts, &hows, &events).map_err(fail)?;
        prop_assert_eq!(got, want, "{} encrypt {} iv {} len {}", NAMES[i], encrypt, hex::encode(&iv), data.len());
        Ok(())
    })?;
    Ok(())
}

/// After each bit-length call: the output bytes, `outl` (bits) and the updated IV.
type BitTrace = Vec<(Vec<u8>, usize, Vec<u8>)>;

/// CFB1 with bit lengths: `(bits, input, output fill byte)` per update, the input bits taken from the front of
/// each buffer; then one `EVP_Cipher` call of 61 bits.
fn cfb1_bits(
    cipher: &Cipher<'_>,
    encrypt: bool,
    key: &[u8],
    iv: &[u8],
    updates: &[(usize, Vec<u8>, u8)],
) -> Result<BitTrace, ErrorStack> {
    let mut x = CipherCtx::new(cipher, encrypt)?;
    x.init(Some(key), Some(iv))?;
    x.set_length_bits(true);
    let mut trace = Vec::new();
    for (bits, input, fill) in updates {
        let bits = bits % (input.len() * 8 + 1);
        let init = vec![*fill; input.len()];
        if bits == 0 {
            continue;
        }
        let (out, outl) = x.update_bits(input, bits, &init)?;
        trace.push((out, outl, x.updated_iv(16)?));
    }
    let (out, r) = x.cipher_bits(&[0xa5; 8], 61)?;
    trace.push((out, usize::try_from(r).unwrap_or(usize::MAX), x.updated_iv(16)?));
    Ok(trace)
}

#[test]
fn cfb1_bit_lengths_match_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let strategy = (
        0..3usize,
        vec(any::<u8>(), 32),
        vec(any::<u8>(), 16),
        vec((any::<usize>(), vec(any::<u8>(), 1..12), any::<u8>()), 1..6),
        any::<bool>(),
    );
    let names = ["AES-128-CFB1", "AES-192-CFB1", "AES-256-CFB1"];
    runner(200).run(&strategy, |(i, key, iv, updates, encrypt)| {
        let ours = Cipher::fetch(&ctx, names[i], Some(PROPQ)).map_err(fail)?;
        let theirs = Cipher::fetch(&sys, names[i], None).map_err(fail)?;
        let key = &key[..16 + 8 * i];
        let want = cfb1_bits(&theirs, encrypt, key, &iv, &updates).map_err(fail)?;
        let got = cfb1_bits(&ours, encrypt, key, &iv, &updates).map_err(fail)?;
        prop_assert_eq!(got, want, "{}", names[i]);
        Ok(())
    })?;
    Ok(())
}

#[test]
fn large_messages_match_default_provider() -> TestResult {
    // Long single updates (the bulk kernels) and an unaligned start, against the default provider.
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let data: Vec<u8> = (0..200_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    for n in NAMES {
        let ours = Cipher::fetch(&ctx, n, Some(PROPQ))?;
        let theirs = Cipher::fetch(&sys, n, None)?;
        let len = if n.ends_with("CFB1") { 20_000 } else { data.len() };
        for encrypt in [true, false] {
            let key = [0x42u8; 32];
            let key = &key[..ours.key_length()];
            let iv = [0xfeu8; 16];
            let cuts = [3, 3 + 16 * 1000 + 5];
            let hows = [0, 1, 0];
            let want = run(&theirs, encrypt, key, &iv, &data[..len], &cuts, &hows, &[]).map_err(|e| e.to_string())?;
            let got = run(&ours, encrypt, key, &iv, &data[..len], &cuts, &hows, &[]).map_err(|e| e.to_string())?;
            assert!(got == want, "{n} encrypt {encrypt}: large message differs");
        }
    }
    Ok(())
}
