use super::*;

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).unwrap()
}

fn filler(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

fn mac(g: &mut Gmac, iv: &[u8], m: &[u8]) -> [u8; 16] {
    g.start(iv).unwrap();
    g.update(m).unwrap();
    g.finalize().unwrap()
}

#[test]
fn published_examples_every_backend() {
    // (key, iv, message, tag): McGrew & Viega GCM spec Test Case 1 (empty AAD and plaintext), and IEEE 802.1AE
    // Annex C.1.1 "54-byte packet authentication using GCM-AES-128" (the whole frame as AAD; the ICV is the
    // tag). Both cross-checked with `openssl mac -cipher AES-128-GCM GMAC` (OpenSSL 3.0 default provider).
    let cases = [
        ("00000000000000000000000000000000", "000000000000000000000000", "", "58e2fccefa7e3061367f1d57a4e7455a"),
        (
            "ad7a2bd03eac835a6f620fdcb506b345",
            "12153524c0895e81b2c28465",
            "d609b1f056637a0d46df998d88e5222ab2c2846512153524c0895e8108000f101112131415161718191a1b1c1d1e1f\
             202122232425262728292a2b2c2d2e2f30313233340001",
            "f09478a9b09007d06f46e9b6a1da25dd",
        ),
    ];
    for (key, iv, m, tag) in cases {
        let (key, iv, m) = (unhex(key), unhex(iv), unhex(m));
        for b in gcm::backends() {
            let mut g = Gmac::with_backend(&key, b).unwrap();
            assert_eq!(mac(&mut g, &iv, &m).to_vec(), unhex(tag), "{b}");
            for cut in 0..=m.len() {
                g.start(&iv).unwrap();
                g.update(&m[..cut]).unwrap();
                g.update(&m[cut..]).unwrap();
                let mut out = [0u8; MAC_LEN];
                g.finalize_into(&mut out).unwrap();
                assert_eq!(out.to_vec(), unhex(tag), "{b} cut {cut}");
            }
        }
    }
}

#[test]
fn acvp_gcm_empty_plaintext_every_backend() {
    // GMAC is GCM with an empty plaintext: every such ACVP-AES-GCM case (encrypt: the tag; decrypt: the tag
    // verifies iff `passed`; the NIST file has AES-128 with 96-bit IVs, the supplement adds more).
    let cases: Vec<_> =
        ferrofips_kat::gcm::load().unwrap().into_iter().filter(|c| c.pt.is_empty() && c.ct.is_empty()).collect();
    assert!(cases.len() >= 30, "only {} empty-plaintext GCM cases", cases.len());
    assert!(cases.iter().any(|c| !c.passed) && cases.iter().any(|c| !c.aad.is_empty()), "no failing or AAD cases");
    for b in gcm::backends() {
        for c in &cases {
            let mut g = Gmac::with_backend(&c.key, b).unwrap();
            g.start(&c.iv).unwrap();
            for piece in c.aad.chunks(7) {
                g.update(piece).unwrap();
            }
            let full = g.finalize().unwrap();
            let matches = full[..c.tag.len()] == c.tag[..];
            assert_eq!(matches, c.passed, "{b} {} tcId {}", c.source, c.tc_id);
        }
    }
}

#[test]
fn backends_agree_any_iv_length_and_chunking() {
    let backends = gcm::backends();
    for (seed, key_len) in [(1u64, 16usize), (2, 24), (3, 32)] {
        let key = filler(seed, key_len);
        for iv_len in [1usize, 8, 12, 13, 16, 17, 64, 200] {
            let iv = filler(seed + iv_len as u64, iv_len);
            for len in [0usize, 1, 15, 16, 17, 100, 1000] {
                let m = filler(seed * 7 + len as u64, len);
                let mut soft = Gmac::with_backend(&key, gcm::Backend::Soft).unwrap();
                let want = mac(&mut soft, &iv, &m);
                for &b in &backends {
                    let mut g = Gmac::with_backend(&key, b).unwrap();
                    for step in [1usize, 5, 16, 64, 2000] {
                        g.start(&iv).unwrap();
                        for chunk in m.chunks(step) {
                            g.update(chunk).unwrap();
                        }
                        assert_eq!(g.finalize().unwrap(), want, "{b} iv {iv_len} len {len} step {step}");
                    }
                }
            }
        }
    }
}

#[test]
fn clone_mid_stream() {
    let mut a = Gmac::new(&[7u8; 32]).unwrap();
    a.start(b"nonce").unwrap();
    a.update(b"hello ").unwrap();
    let mut b = a.clone();
    a.update(b"world").unwrap();
    b.update(b"world").unwrap();
    assert_eq!(a.finalize().unwrap(), b.finalize().unwrap());
}

#[test]
fn misuse_is_an_error() {
    assert_eq!(Gmac::new(&[0u8; 20]).unwrap_err(), Error::InvalidKey);
    let mut g = Gmac::new(&[0u8; 16]).unwrap();
    assert_eq!(g.update(b"x"), Err(Error::InvalidState), "update before start");
    assert_eq!(g.finalize(), Err(Error::InvalidState), "tag before start");
    assert_eq!(g.start(&[]), Err(Error::InvalidLength), "empty IV");
    g.start(&[1u8; 12]).unwrap();
    g.update(b"x").unwrap();
    assert_eq!(g.finalize_into(&mut [0u8; 15]), Err(Error::InvalidLength));
    g.finalize().unwrap();
    assert_eq!(g.update(b"x"), Err(Error::InvalidState), "the IV is spent after a tag");
    assert_eq!(g.finalize(), Err(Error::InvalidState));
}

#[test]
fn debug_is_redacted() {
    let g = Gmac::new(&[0x5a; 16]).unwrap();
    let s = format!("{g:?}");
    assert!(s.contains("key_len: 16") && !s.contains("90"), "{s}");
}
