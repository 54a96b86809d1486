//! KW / KWP on every AES backend: RFC 3394 §4 and RFC 5649 §6 examples, the ACVP KW and KWP sets (forward and
//! inverse cipher, with their rejection cases), in-place use, and the length and tamper rejections.

use ferrofips_kat::kw as kat;

use super::*;
use crate::aes::{self, Backend};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).unwrap()
}

fn aes_on(key: &[u8], b: Backend) -> Aes {
    Aes::with_backend(key, b).unwrap()
}

fn do_wrap(aes: &Aes, c: KwCipher, padded: bool, pt: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = vec![0u8; pt.len() + 16];
    let n = if padded { wrap_pad(aes, c, &ICV2, pt, &mut out)? } else { wrap(aes, c, &ICV1, pt, &mut out)? };
    out.truncate(n);
    Ok(out)
}

fn do_unwrap(aes: &Aes, c: KwCipher, padded: bool, ct: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = vec![0xEEu8; ct.len()];
    let r = if padded { unwrap_pad(aes, c, &ICV2, ct, &mut out) } else { unwrap(aes, c, &ICV1, ct, &mut out) };
    match r {
        Ok(n) => {
            out.truncate(n);
            Ok(out)
        }
        Err(e) => {
            assert!(out.iter().all(|&b| b == 0), "a failed unwrap left data in its output");
            Err(e)
        }
    }
}

/// RFC 3394 §4.1-4.6: (KEK, key data, wrapped).
const RFC3394: &[(&str, &str, &str)] = &[
    (
        "000102030405060708090A0B0C0D0E0F",
        "00112233445566778899AABBCCDDEEFF",
        "1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5",
    ),
    (
        "000102030405060708090A0B0C0D0E0F1011121314151617",
        "00112233445566778899AABBCCDDEEFF",
        "96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D",
    ),
    (
        "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
        "00112233445566778899AABBCCDDEEFF",
        "64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7",
    ),
    (
        "000102030405060708090A0B0C0D0E0F1011121314151617",
        "00112233445566778899AABBCCDDEEFF0001020304050607",
        "031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2",
    ),
    (
        "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
        "00112233445566778899AABBCCDDEEFF0001020304050607",
        "A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1",
    ),
    (
        "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
        "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
        "28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21",
    ),
];

/// RFC 5649 §6: (KEK, key, wrapped); the second is the one-block case.
const RFC5649: &[(&str, &str, &str)] = &[
    (
        "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8",
        "c37b7e6492584340bed12207808941155068f738",
        "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a",
    ),
    ("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8", "466f7250617369", "afbeb0f07dfbf5419200f2ccb50bb24f"),
];

#[test]
fn rfc_examples_every_backend() {
    for b in aes::backends() {
        for (padded, set) in [(false, RFC3394), (true, RFC5649)] {
            for (kek, pt, ct) in set {
                let (aes, pt, ct) = (aes_on(&h(kek), b), h(pt), h(ct));
                assert_eq!(do_wrap(&aes, KwCipher::Forward, padded, &pt).unwrap(), ct, "{b} {kek}");
                assert_eq!(do_unwrap(&aes, KwCipher::Forward, padded, &ct).unwrap(), pt, "{b} {kek}");
            }
        }
    }
}

#[test]
fn acvp_kw_and_kwp_every_backend() {
    for padded in [false, true] {
        let cases = kat::load(padded).unwrap();
        for b in aes::backends() {
            for c in &cases {
                let aes = aes_on(&c.key, b);
                let ciph = if c.inverse { KwCipher::Inverse } else { KwCipher::Forward };
                let what = format!("{b} padded {padded} tcId {}", c.tc_id);
                if c.encrypt {
                    assert_eq!(do_wrap(&aes, ciph, padded, &c.pt).unwrap(), c.ct, "{what}");
                } else if c.passed {
                    assert_eq!(do_unwrap(&aes, ciph, padded, &c.ct).unwrap(), c.pt, "{what}");
                } else {
                    assert_eq!(do_unwrap(&aes, ciph, padded, &c.ct), Err(Error::AuthenticationFailed), "{what}");
                }
            }
        }
    }
}

#[test]
fn in_place_matches_separate_buffers() {
    let aes = aes_on(&[7u8; 32], aes::default_backend());
    for c in [KwCipher::Forward, KwCipher::Inverse] {
        for len in [1usize, 7, 8, 9, 16, 17, 24, 40, 100] {
            let pt: Vec<u8> = (0..len as u8).collect();
            let want = do_wrap(&aes, c, true, &pt).unwrap();
            let mut buf = pt.clone();
            buf.resize(len + 16, 0xAA);
            let n = wrap_pad_in_place(&aes, c, &ICV2, &mut buf, len).unwrap();
            assert_eq!(&buf[..n], &want[..]);
            let m = unwrap_pad_in_place(&aes, c, &ICV2, &mut buf, n).unwrap();
            assert_eq!(&buf[..m], &pt[..]);
            if len >= 16 && len.is_multiple_of(8) {
                let want = do_wrap(&aes, c, false, &pt).unwrap();
                let mut buf = pt.clone();
                buf.resize(len + 8, 0);
                assert_eq!(wrap_in_place(&aes, c, &ICV1, &mut buf, len), Ok(len + 8));
                assert_eq!(buf, want);
                assert_eq!(unwrap_in_place(&aes, c, &ICV1, &mut buf, len + 8), Ok(len));
                assert_eq!(&buf[..len], &pt[..]);
            }
        }
    }
}

#[test]
fn forward_and_inverse_differ_and_custom_icv_is_checked() {
    let aes = aes_on(&[1u8; 16], aes::default_backend());
    let pt = [0x42u8; 24];
    let fwd = do_wrap(&aes, KwCipher::Forward, false, &pt).unwrap();
    let inv = do_wrap(&aes, KwCipher::Inverse, false, &pt).unwrap();
    assert_ne!(fwd, inv);
    assert_eq!(do_unwrap(&aes, KwCipher::Inverse, false, &fwd), Err(Error::AuthenticationFailed));
    let mut out = vec![0u8; 32];
    let icv = [1, 2, 3, 4, 5, 6, 7, 8];
    wrap(&aes, KwCipher::Forward, &icv, &pt, &mut out).unwrap();
    let mut back = vec![0u8; 32];
    assert_eq!(unwrap(&aes, KwCipher::Forward, &ICV1, &out, &mut back), Err(Error::AuthenticationFailed));
    assert_eq!(unwrap(&aes, KwCipher::Forward, &icv, &out, &mut back), Ok(24));
    assert_eq!(&back[..24], &pt);
}

#[test]
fn length_rules() {
    let aes = aes_on(&[3u8; 16], aes::default_backend());
    let mut out = vec![0u8; 64];
    for len in [0usize, 8, 12, 15, 17, 20] {
        assert_eq!(wrap(&aes, KwCipher::Forward, &ICV1, &vec![0; len], &mut out), Err(Error::InvalidLength));
    }
    assert_eq!(wrap_pad(&aes, KwCipher::Forward, &ICV2, &[], &mut out), Err(Error::InvalidLength));
    for len in [0usize, 8, 16, 20, 23] {
        assert_eq!(unwrap(&aes, KwCipher::Forward, &ICV1, &vec![0; len], &mut out), Err(Error::InvalidLength));
    }
    for len in [0usize, 8, 15, 17] {
        assert_eq!(unwrap_pad(&aes, KwCipher::Forward, &ICV2, &vec![0; len], &mut out), Err(Error::InvalidLength));
    }
    // Output too small (wrap needs input + 8; KWP rounds up first).
    assert_eq!(wrap(&aes, KwCipher::Forward, &ICV1, &[0; 16], &mut [0; 23]), Err(Error::InvalidLength));
    assert_eq!(wrap_pad(&aes, KwCipher::Forward, &ICV2, &[0; 9], &mut [0; 23]), Err(Error::InvalidLength));
    assert_eq!(wrapped_len(true, 9), Some(24));
    assert_eq!(wrapped_len(false, 16), Some(24));
    assert_eq!(wrapped_len(false, MAX_INPUT + 8), None);
}

/// KWP rejects each way a decryption can be malformed even when the ICV matches: a length indicator outside
/// `(8(n-1), 8n]` and non-zero padding (the ciphertexts are built with `W` directly).
#[test]
fn kwp_rejects_bad_length_indicator_and_padding() {
    let aes = aes_on(&[9u8; 24], aes::default_backend());
    let c = KwCipher::Forward;
    let build = |plen: u32, padded: &[u8]| -> Vec<u8> {
        let mut aiv = [0u8; 8];
        aiv[..4].copy_from_slice(&ICV2);
        aiv[4..].copy_from_slice(&plen.to_be_bytes());
        let mut r = padded.to_vec();
        if r.len() == 8 {
            let mut b = [0u8; 16];
            b[..8].copy_from_slice(&aiv);
            b[8..].copy_from_slice(&r);
            aes.encrypt_block(&mut b);
            return b.to_vec();
        }
        let a = w(&aes, c, aiv, &mut r);
        [a.to_vec(), r].concat()
    };
    let mut good = vec![0x11u8; 13];
    good.resize(16, 0);
    assert_eq!(do_unwrap(&aes, c, true, &build(13, &good)).unwrap(), vec![0x11u8; 13]);
    for plen in [0u32, 8, 17, 1000, u32::MAX] {
        assert_eq!(do_unwrap(&aes, c, true, &build(plen, &good)), Err(Error::AuthenticationFailed), "plen {plen}");
    }
    let mut bad_pad = good.clone();
    bad_pad[15] = 1;
    assert_eq!(do_unwrap(&aes, c, true, &build(13, &bad_pad)), Err(Error::AuthenticationFailed));
    // One-block case: length 0 and 9 are invalid, non-zero padding too.
    let one = [0x22u8, 0x22, 0x22, 0, 0, 0, 0, 0];
    assert_eq!(do_unwrap(&aes, c, true, &build(3, &one)).unwrap(), vec![0x22u8; 3]);
    for plen in [0u32, 9] {
        assert_eq!(do_unwrap(&aes, c, true, &build(plen, &one)), Err(Error::AuthenticationFailed));
    }
    assert_eq!(do_unwrap(&aes, c, true, &build(2, &one)), Err(Error::AuthenticationFailed));
}

#[test]
fn tampering_anywhere_is_rejected() {
    let aes = aes_on(&[5u8; 16], aes::default_backend());
    for padded in [false, true] {
        let ct = do_wrap(&aes, KwCipher::Forward, padded, &[0x5Au8; 24]).unwrap();
        for i in 0..ct.len() {
            let mut t = ct.clone();
            t[i] ^= 0x80;
            assert_eq!(do_unwrap(&aes, KwCipher::Forward, padded, &t), Err(Error::AuthenticationFailed));
        }
    }
}

#[test]
fn ct_lt_is_exact() {
    for (a, b) in [(0u64, 0u64), (0, 1), (1, 0), (7, 8), (8, 8), (u64::MAX, 8), (8, u64::MAX), (1 << 63, 1)] {
        assert_eq!(ct_lt(a, b), u64::from(a < b), "{a} < {b}");
    }
}
