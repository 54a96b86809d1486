//! Known answers (RFC 5869, RFC 8448, NIST ACVP) and properties of the KDFs.

use ferrofips_kat::kdf_tls::{self, KEY_EXPANSION_LABEL, Tls13Mode};
use ferrofips_kat::{HashAlg, kda};
use proptest::prelude::*;

use super::*;
use crate::digest::backends;

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

fn alg_of(k: HashAlg) -> Algorithm {
    Algorithm::ALL.into_iter().find(|a| a.name() == k.name()).unwrap()
}

/// Every usable (algorithm, backend) pair for `alg`.
fn hashes(alg: Algorithm) -> Vec<HmacHash> {
    backends(alg).into_iter().map(|b| HmacHash::with_backend(alg, b).unwrap()).collect()
}

struct Rfc5869 {
    alg: Algorithm,
    ikm: Vec<u8>,
    salt: Vec<u8>,
    info: Vec<u8>,
    prk: &'static str,
    okm: &'static str,
}

fn rfc5869_cases() -> Vec<Rfc5869> {
    let range = |a: u8, b: u8| (a..=b).collect::<Vec<u8>>();
    vec![
        // A.1: basic test case with SHA-256.
        Rfc5869 {
            alg: Algorithm::Sha256,
            ikm: vec![0x0b; 22],
            salt: range(0x00, 0x0c),
            info: range(0xf0, 0xf9),
            prk: "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            okm: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        },
        // A.2: longer inputs/outputs with SHA-256.
        Rfc5869 {
            alg: Algorithm::Sha256,
            ikm: range(0x00, 0x4f),
            salt: range(0x60, 0xaf),
            info: range(0xb0, 0xff),
            prk: "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
            okm: "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87",
        },
        // A.3: zero-length salt and info with SHA-256.
        Rfc5869 {
            alg: Algorithm::Sha256,
            ikm: vec![0x0b; 22],
            salt: vec![],
            info: vec![],
            prk: "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            okm: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
        },
        // A.4: basic test case with SHA-1.
        Rfc5869 {
            alg: Algorithm::Sha1,
            ikm: vec![0x0b; 11],
            salt: range(0x00, 0x0c),
            info: range(0xf0, 0xf9),
            prk: "9b6c18c432a7bf8f0e71c8eb88f4b30baa2ba243",
            okm: "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896",
        },
        // A.7: SHA-1, salt not provided (defaults to HashLen zeros), zero-length info.
        Rfc5869 {
            alg: Algorithm::Sha1,
            ikm: vec![0x0c; 22],
            salt: vec![0; 20],
            info: vec![],
            prk: "2adccada18779e7c2077ad2eb19d3f3e731385dd",
            okm: "2c91117204d745f3500d636a62f64f0ab3bae548aa53d423b0d1f27ebba6f5e5673a081d70cce7acfc48",
        },
    ]
}

#[test]
fn rfc5869_vectors_on_every_backend() {
    for c in rfc5869_cases() {
        for hash in hashes(c.alg) {
            let mut prk = vec![0u8; hash.output_len()];
            extract(hash, &c.salt, &c.ikm, &mut prk).unwrap();
            assert_eq!(hex::encode(&prk), c.prk, "{hash:?}");
            let okm_len = c.okm.len() / 2;
            let mut okm = vec![0u8; okm_len];
            expand(hash, &prk, &[&c.info], &mut okm).unwrap();
            assert_eq!(hex::encode(&okm), c.okm, "{hash:?}");
            let mut okm2 = vec![0u8; okm_len];
            extract_and_expand(hash, &c.salt, &c.ikm, &[&c.info], &mut okm2).unwrap();
            assert_eq!(okm, okm2);
        }
    }
}

#[test]
fn rfc8448_simple_1rtt_key_schedule() {
    // RFC 8448 §3 ("Simple 1-RTT Handshake"), TLS_AES_128_GCM_SHA256.
    let hash = HmacHash::new(Algorithm::Sha256).unwrap();
    let mut early = [0u8; 32];
    tls13_extract(hash, None, None, b"tls13 ", b"derived", &mut early).unwrap();
    assert_eq!(hex::encode(early), "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
    let ecdhe = h("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d");
    let mut hs = [0u8; 32];
    tls13_extract(hash, Some(&early), Some(&ecdhe), b"tls13 ", b"derived", &mut hs).unwrap();
    assert_eq!(hex::encode(hs), "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac");
    // client_handshake_traffic_secret over Hash(ClientHello || ServerHello).
    let transcript = h("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8");
    let mut exp = Expander::new(hash, &hs).unwrap();
    let mut c_hs = [0u8; 32];
    hkdf_expand_label(&mut exp, b"tls13 ", b"c hs traffic", &transcript, &mut c_hs).unwrap();
    assert_eq!(hex::encode(c_hs), "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21");
    // The same expander keeps working (keyed state reused): the server handshake traffic secret.
    let mut s_hs = [0u8; 32];
    hkdf_expand_label(&mut exp, b"tls13 ", b"s hs traffic", &transcript, &mut s_hs).unwrap();
    assert_eq!(hex::encode(s_hs), "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
    let mut master = [0u8; 32];
    tls13_extract(hash, Some(&hs), None, b"tls13 ", b"derived", &mut master).unwrap();
    assert_eq!(hex::encode(master), "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919");
}

/// Derive-Secret over the concatenated messages (ACVP replaces messages by randoms).
fn derive_secret(hash: HmacHash, secret: &[u8], label: &str, msgs: &[&[u8]]) -> Vec<u8> {
    let mut hasher = crate::digest::Hasher::with_backend(hash.algorithm(), hash.backend()).unwrap();
    msgs.iter().for_each(|m| hasher.update(m));
    let mut th = vec![0u8; hash.output_len()];
    hasher.finalize_into(&mut th).unwrap();
    let mut out = vec![0u8; hash.output_len()];
    let mut exp = Expander::new(hash, secret).unwrap();
    hkdf_expand_label(&mut exp, b"tls13 ", label.as_bytes(), &th, &mut out).unwrap();
    out
}

#[test]
fn acvp_tls13_kdf() {
    let cases = kdf_tls::load_tls13().unwrap();
    assert_eq!(cases.len(), 250);
    for c in &cases {
        for hash in hashes(alg_of(c.hash)) {
            let n = hash.output_len();
            let psk = (c.mode != Tls13Mode::Dhe).then_some(c.psk.as_slice());
            let dhe = (c.mode != Tls13Mode::Psk).then_some(c.dhe.as_slice());
            let (mut es, mut hs, mut ms) = (vec![0u8; n], vec![0u8; n], vec![0u8; n]);
            tls13_extract(hash, None, psk, b"tls13 ", b"derived", &mut es).unwrap();
            tls13_extract(hash, Some(&es), dhe, b"tls13 ", b"derived", &mut hs).unwrap();
            tls13_extract(hash, Some(&hs), None, b"tls13 ", b"derived", &mut ms).unwrap();
            let ch = c.hello_client_random.as_slice();
            let sh = c.hello_server_random.as_slice();
            let sf = c.finished_server_random.as_slice();
            let cf = c.finished_client_random.as_slice();
            let e = &c.expected;
            let tc = c.tc_id;
            assert_eq!(derive_secret(hash, &es, "c e traffic", &[ch]), e.client_early_traffic, "tcId {tc}");
            assert_eq!(derive_secret(hash, &es, "e exp master", &[ch]), e.early_exporter_master, "tcId {tc}");
            assert_eq!(derive_secret(hash, &hs, "c hs traffic", &[ch, sh]), e.client_handshake_traffic, "{tc}");
            assert_eq!(derive_secret(hash, &hs, "s hs traffic", &[ch, sh]), e.server_handshake_traffic, "{tc}");
            assert_eq!(derive_secret(hash, &ms, "c ap traffic", &[ch, sh, sf]), e.client_application_traffic);
            assert_eq!(derive_secret(hash, &ms, "s ap traffic", &[ch, sh, sf]), e.server_application_traffic);
            assert_eq!(derive_secret(hash, &ms, "exp master", &[ch, sh, sf]), e.exporter_master, "tcId {tc}");
            assert_eq!(derive_secret(hash, &ms, "res master", &[ch, sh, sf, cf]), e.resumption_master, "tcId {tc}");
        }
    }
}

#[test]
fn acvp_tls12_prf() {
    let ems = kdf_tls::load_tls12_ems().unwrap();
    let comp = kdf_tls::load_tls_components().unwrap();
    assert_eq!(comp.skipped_tls10_11, 40);
    let mut n = 0;
    for c in ems.iter().chain(&comp.tls12) {
        for hash in hashes(alg_of(c.hash)) {
            let mut ms = [0u8; 48];
            tls12_prf(hash, &c.pre_master_secret, &[c.master_label.as_bytes(), &c.master_seed], &mut ms).unwrap();
            assert_eq!(ms.as_slice(), c.master_secret, "{} tcId {}", c.source, c.tc_id);
            let mut kb = vec![0u8; c.key_block.len()];
            tls12_prf(hash, &c.master_secret, &[KEY_EXPANSION_LABEL.as_bytes(), &c.key_block_seed], &mut kb).unwrap();
            assert_eq!(kb, c.key_block, "{} tcId {}", c.source, c.tc_id);
            n += 1;
        }
    }
    assert!(n >= 240);
}

#[test]
fn acvp_kda_hkdf() {
    let cases = kda::load_hkdf().unwrap();
    for c in &cases {
        for hash in hashes(alg_of(c.hash)) {
            let mut dkm = vec![0u8; c.dkm.len()];
            extract_and_expand(hash, &c.salt, &c.z, &[&c.fixed_info], &mut dkm).unwrap();
            assert_eq!(dkm == c.dkm, c.dkm_correct, "tcId {} {hash:?}", c.tc_id);
        }
    }
}

#[test]
fn length_limits_and_refusals() {
    for alg in Algorithm::ALL {
        if alg.is_xof() {
            assert_eq!(HmacHash::new(alg), Err(Error::Unsupported));
            continue;
        }
        let hash = HmacHash::new(alg).unwrap();
        let n = hash.output_len();
        let mut exp = Expander::new(hash, &[1; 32]).unwrap();
        assert_eq!(exp.max_output_len(), 255 * n);
        let mut max = vec![0u8; 255 * n];
        exp.expand(&[b"x"], &mut max).unwrap();
        let mut over = vec![0u8; 255 * n + 1];
        assert_eq!(exp.expand(&[b"x"], &mut over), Err(Error::InvalidLength));
        assert_eq!(extract_and_expand(hash, b"", b"k", &[], &mut over), Err(Error::InvalidLength));
        // The prefix of the longest output is the shorter output.
        let mut short = vec![0u8; n + 1];
        exp.expand(&[b"x"], &mut short).unwrap();
        assert_eq!(short, max[..n + 1]);
        let mut prk = vec![0u8; n + 1];
        assert_eq!(extract(hash, b"", b"k", &mut prk), Err(Error::InvalidLength));
        assert_eq!(tls13_extract(hash, None, None, b"", b"", &mut prk), Err(Error::InvalidLength));
        let mut out = [0u8; 16];
        let r = tls12_prf(hash, b"secret", &[b"seed"], &mut out);
        assert_eq!(r.is_ok(), TLS12_PRF_DIGESTS.contains(&alg), "{alg:?}");
        if r.is_err() {
            assert_eq!(r, Err(Error::Unsupported));
        }
    }
    let hash = HmacHash::new(Algorithm::Sha256).unwrap();
    let mut exp = Expander::new(hash, &[7; 32]).unwrap();
    let mut out = [0u8; 32];
    let long = [b'a'; 256];
    assert_eq!(hkdf_expand_label(&mut exp, b"tls13 ", &long[..250], b"", &mut out), Err(Error::InvalidLength));
    assert!(hkdf_expand_label(&mut exp, b"tls13 ", &long[..249], &long[..255], &mut out).is_ok());
    assert_eq!(hkdf_expand_label(&mut exp, b"", b"", &long, &mut out), Err(Error::InvalidLength));
    let mut big = vec![0u8; 65536];
    let sha512 = HmacHash::new(Algorithm::Sha512).unwrap();
    let mut exp512 = Expander::new(sha512, &[7; 64]).unwrap();
    assert_eq!(hkdf_expand_label(&mut exp512, b"", b"", b"", &mut big), Err(Error::InvalidLength));
    // 255 * HashLen (16320 for SHA-512) binds before the 16-bit length field can overflow.
    assert!(hkdf_expand_label(&mut exp512, b"", b"", b"", &mut big[..255 * 64]).is_ok());
    assert_eq!(hkdf_expand_label(&mut exp512, b"", b"", b"", &mut big[..255 * 64 + 1]), Err(Error::InvalidLength));
    // An empty output is trivially fine at this layer (the provider refuses it).
    assert!(exp.expand(&[], &mut []).is_ok());
    assert!(tls12_prf(hash, b"s", &[], &mut []).is_ok());
}

proptest! {
    #[test]
    fn info_parts_concatenate(
        prk in proptest::collection::vec(any::<u8>(), 0..80),
        info in proptest::collection::vec(any::<u8>(), 0..300),
        split in any::<proptest::sample::Index>(),
        len in 1usize..400,
        alg_i in 0usize..11,
    ) {
        let alg = Algorithm::ALL[alg_i];
        let hash = HmacHash::new(alg).unwrap();
        let len = len.min(255 * hash.output_len());
        let cut = split.index(info.len() + 1);
        let mut whole = vec![0u8; len];
        expand(hash, &prk, &[&info], &mut whole).unwrap();
        let mut parts = vec![0u8; len];
        let mut exp = Expander::new(hash, &prk).unwrap();
        // Reusing an expander gives the same result as a fresh one.
        exp.expand(&[b"warm-up"], &mut [0u8; 7]).unwrap();
        exp.expand(&[&info[..cut], &info[cut..]], &mut parts).unwrap();
        prop_assert_eq!(&whole, &parts);
        if TLS12_PRF_DIGESTS.contains(&alg) {
            let mut a = vec![0u8; len];
            let mut b = vec![0u8; len];
            tls12_prf(hash, &prk, &[&info], &mut a).unwrap();
            tls12_prf(hash, &prk, &[&info[..cut], &info[cut..]], &mut b).unwrap();
            prop_assert_eq!(&a, &b);
            // P_hash outputs are prefixes of each other.
            let mut short = vec![0u8; len / 2];
            tls12_prf(hash, &prk, &[&info], &mut short).unwrap();
            prop_assert_eq!(&short[..], &a[..len / 2]);
        }
    }
}
