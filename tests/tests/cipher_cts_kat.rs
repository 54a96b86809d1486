//! AES-CBC-CTS known answers through EVP: the RFC 3962 Appendix B examples (AES-128, IV 0) under `cts_mode` CS3,
//! and the same messages under CS1 and CS2 in the orderings the SP 800-38A Addendum defines, encrypting and
//! decrypting, with separate buffers and in place, checking the updated IV ("next IV" of RFC 3962). The default
//! provider must give the same answers (a check of the vectors and orderings themselves). With the default backends
//! and, in a child process, `FERROFIPS_CPU=portable`.

use std::env;

use ferrofips_evp::{Cipher, CipherCtx, ErrorStack, Params, system_default};
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult, child};

fn h(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// RFC 3962 Appendix B: key "chicken teriyaki"; (plaintext, CS3 ciphertext, next IV).
const KEY: &str = "636869636b656e207465726979616b69";
const RFC3962: &[(&str, &str, &str)] = &[
    ("4920776f756c64206c696b652074686520", "c6353568f2bf8cb4d8a580362da7ff7f 97", "c6353568f2bf8cb4d8a580362da7ff7f"),
    (
        "4920776f756c64206c696b65207468652047656e6572616c20476175277320",
        "fc00783e0efdb2c1d445d4c8eff7ed22 97687268d6ecccc0c07b25e25ecfe5",
        "fc00783e0efdb2c1d445d4c8eff7ed22",
    ),
    (
        "4920776f756c64206c696b65207468652047656e6572616c2047617527732043",
        "39312523a78662d5be7fcbcc98ebf5a8 97687268d6ecccc0c07b25e25ecfe584",
        "39312523a78662d5be7fcbcc98ebf5a8",
    ),
    (
        "4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c",
        "97687268d6ecccc0c07b25e25ecfe584 b3fffd940c16a18c1b5549d2f838029e 39312523a78662d5be7fcbcc98ebf5",
        "b3fffd940c16a18c1b5549d2f838029e",
    ),
    (
        "4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c20",
        "97687268d6ecccc0c07b25e25ecfe584 9dad8bbb96c4cdc03bc103e1a194bbd8 39312523a78662d5be7fcbcc98ebf5a8",
        "9dad8bbb96c4cdc03bc103e1a194bbd8",
    ),
    (
        "4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c20
         616e6420776f6e746f6e20736f75702e",
        "97687268d6ecccc0c07b25e25ecfe584 39312523a78662d5be7fcbcc98ebf5a8 4807efe836ee89a526730dbc2f7bc840
         9dad8bbb96c4cdc03bc103e1a194bbd8",
        "4807efe836ee89a526730dbc2f7bc840",
    ),
];

/// The ciphertext under `mode` of a message whose CS3 ciphertext is `cs3` (SP 800-38A Addendum).
fn reorder(cs3: &[u8], mode: &str) -> Vec<u8> {
    let len = cs3.len();
    let whole = len.is_multiple_of(16);
    if len == 16 || mode == "CS3" || (mode == "CS2" && !whole) {
        return cs3.to_vec();
    }
    let r = if whole { 16 } else { len % 16 };
    let head = len - 16 - r;
    [&cs3[..head], &cs3[head + 16..], &cs3[head..head + 16]].concat()
}

/// One message through `cipher`; returns the output and the updated IV.
fn one(
    cipher: &Cipher<'_>,
    mode: &str,
    enc: bool,
    input: &[u8],
    in_place: bool,
) -> Result<(Vec<u8>, Vec<u8>), ErrorStack> {
    let mut x = CipherCtx::new(cipher, enc)?;
    let mut p = Params::new();
    p.utf8("cts_mode", mode);
    x.set_params(&p)?;
    x.init(Some(&h(KEY)), Some(&[0; 16]))?;
    let mut out = if in_place {
        let mut buf = input.to_vec();
        buf.resize(input.len() + 32, 0);
        let n = x.update_in_place(&mut buf, input.len())?;
        buf.truncate(n);
        buf
    } else {
        x.update(input)?
    };
    out.extend(x.finish()?);
    Ok((out, x.updated_iv(16)?))
}

#[test]
fn rfc3962_cs1_cs2_cs3() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Cipher::fetch(&ctx, "AES-128-CBC-CTS", Some(PROPQ))?;
    assert_eq!(ours.provider_name(), PROVIDER_NAME);
    let theirs = Cipher::fetch(&sys, "AES-128-CBC-CTS", None)?;
    let mut n = 0;
    for (pt, ct3, next_iv) in RFC3962 {
        let (pt, ct3, next_iv) = (h(pt), h(ct3), h(next_iv));
        for mode in ["CS1", "CS2", "CS3"] {
            let ct = reorder(&ct3, mode);
            for (label, c) in [("ferrofips", &ours), ("default", &theirs)] {
                for in_place in [false, true] {
                    let what = format!("{label} {mode} len {} in place {in_place}", pt.len());
                    assert_eq!(one(c, mode, true, &pt, in_place)?, (ct.clone(), next_iv.clone()), "{what} encrypt");
                    assert_eq!(one(c, mode, false, &ct, in_place)?, (pt.clone(), next_iv.clone()), "{what} decrypt");
                    n += 1;
                }
            }
        }
    }
    println!("AES-CBC-CTS: {n} RFC 3962 checks (x2 directions)");
    if env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        println!("ran with FERROFIPS_CPU=portable");
    }
    Ok(())
}

#[test]
fn rfc3962_portable_backends() -> TestResult {
    let out = child::run_in_child("rfc3962_cs1_cs2_cs3", &[("FERROFIPS_CPU", "portable")])?;
    assert!(out.contains("ran with FERROFIPS_CPU=portable"));
    Ok(())
}

/// The CTS algorithms report OpenSSL's constants and the `cts_mode` default, for every key size.
#[test]
fn params_match_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    for bits in [128, 192, 256] {
        let name = format!("AES-{bits}-CBC-CTS");
        let ours = Cipher::fetch(&ctx, &name, Some(PROPQ))?;
        let theirs = Cipher::fetch(&sys, &name, None)?;
        assert_eq!(
            (ours.key_length(), ours.iv_length(), ours.block_size(), ours.flags()),
            (theirs.key_length(), theirs.iv_length(), theirs.block_size(), theirs.flags()),
            "{name}"
        );
        for c in [&ours, &theirs] {
            let mut x = CipherCtx::new(c, true)?;
            let mut p = Params::new();
            p.request_utf8("cts_mode", 8);
            x.get_params(&mut p)?;
            assert_eq!(p.get_utf8("cts_mode").as_deref(), Some("CS1"), "{name} default");
            let mut s = Params::new();
            s.utf8("cts_mode", "cs2");
            x.set_params(&s)?;
            let mut p = Params::new();
            p.request_utf8("cts_mode", 8);
            x.get_params(&mut p)?;
            assert_eq!(p.get_utf8("cts_mode").as_deref(), Some("CS2"), "{name} after set");
        }
    }
    Ok(())
}
