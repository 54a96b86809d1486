//! TLS KDF and KDA HKDF vector files parse and reproduce their answers with a reference HMAC
//! (RustCrypto), which proves the loaders and the documented recipes in `kdf_tls` / `kda`.

use ::hmac::{Mac, SimpleHmac};
use ferrofips_kat::HashAlg;
use ferrofips_kat::kda;
use ferrofips_kat::kdf_tls::{self, KEY_EXPANSION_LABEL, Tls13Mode};

fn hmac_ref(alg: HashAlg, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    fn run<D>(key: &[u8], parts: &[&[u8]]) -> Vec<u8>
    where
        D: sha2::Digest + sha2::digest::core_api::BlockSizeUser + Clone,
    {
        let mut m = <SimpleHmac<D> as Mac>::new_from_slice(key).unwrap();
        for p in parts {
            m.update(p);
        }
        m.finalize().into_bytes().to_vec()
    }
    match alg {
        HashAlg::Sha224 => run::<sha2::Sha224>(key, parts),
        HashAlg::Sha256 => run::<sha2::Sha256>(key, parts),
        HashAlg::Sha384 => run::<sha2::Sha384>(key, parts),
        HashAlg::Sha512 => run::<sha2::Sha512>(key, parts),
        HashAlg::Sha512_224 => run::<sha2::Sha512_224>(key, parts),
        HashAlg::Sha512_256 => run::<sha2::Sha512_256>(key, parts),
        HashAlg::Sha3_224 => run::<sha3::Sha3_224>(key, parts),
        HashAlg::Sha3_256 => run::<sha3::Sha3_256>(key, parts),
        HashAlg::Sha3_384 => run::<sha3::Sha3_384>(key, parts),
        HashAlg::Sha3_512 => run::<sha3::Sha3_512>(key, parts),
        other => panic!("no reference for {other:?}"),
    }
}

fn hash_ref(alg: HashAlg, data: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    match alg {
        HashAlg::Sha256 => sha2::Sha256::digest(data).to_vec(),
        HashAlg::Sha384 => sha2::Sha384::digest(data).to_vec(),
        other => panic!("no reference for {other:?}"),
    }
}

fn hkdf_expand(alg: HashAlg, prk: &[u8], info: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut t = Vec::new();
    let mut i = 1u8;
    while out.len() < len {
        t = hmac_ref(alg, prk, &[&t, info, &[i]]);
        out.extend_from_slice(&t);
        i += 1;
    }
    out.truncate(len);
    out
}

fn derive_secret(alg: HashAlg, secret: &[u8], label: &str, msgs: &[u8]) -> Vec<u8> {
    let n = alg.output_len();
    let full = [b"tls13 ".as_slice(), label.as_bytes()].concat();
    let ctx = hash_ref(alg, msgs);
    let mut info = (n as u16).to_be_bytes().to_vec();
    info.push(full.len() as u8);
    info.extend_from_slice(&full);
    info.push(ctx.len() as u8);
    info.extend_from_slice(&ctx);
    hkdf_expand(alg, secret, &info, n)
}

fn prf_ref(alg: HashAlg, secret: &[u8], label: &str, seed: &[u8], len: usize) -> Vec<u8> {
    let seed = [label.as_bytes(), seed].concat();
    let mut a = hmac_ref(alg, secret, &[&seed]);
    let mut out = Vec::new();
    while out.len() < len {
        out.extend(hmac_ref(alg, secret, &[&a, &seed]));
        a = hmac_ref(alg, secret, &[&a]);
    }
    out.truncate(len);
    out
}

#[test]
fn tls13_cases_match_reference() {
    let cases = kdf_tls::load_tls13().unwrap();
    assert_eq!(cases.len(), 250);
    for mode in [Tls13Mode::Dhe, Tls13Mode::Psk, Tls13Mode::PskDhe] {
        assert!(cases.iter().any(|c| c.mode == mode));
    }
    for c in &cases {
        let h = c.hash;
        let zeros = vec![0u8; h.output_len()];
        let psk = if c.mode == Tls13Mode::Dhe { &zeros } else { &c.psk };
        let dhe = if c.mode == Tls13Mode::Psk { &zeros } else { &c.dhe };
        let es = hmac_ref(h, &zeros, &[psk]);
        let hs = hmac_ref(h, &derive_secret(h, &es, "derived", b""), &[dhe]);
        let ms = hmac_ref(h, &derive_secret(h, &hs, "derived", b""), &[&zeros]);
        let ch = c.hello_client_random.clone();
        let chsh = [ch.as_slice(), &c.hello_server_random].concat();
        let to_sf = [chsh.as_slice(), &c.finished_server_random].concat();
        let to_cf = [to_sf.as_slice(), &c.finished_client_random].concat();
        let e = &c.expected;
        let tc = c.tc_id;
        assert_eq!(derive_secret(h, &es, "c e traffic", &ch), e.client_early_traffic, "tcId {tc}");
        assert_eq!(derive_secret(h, &es, "e exp master", &ch), e.early_exporter_master, "tcId {tc}");
        assert_eq!(derive_secret(h, &hs, "c hs traffic", &chsh), e.client_handshake_traffic, "tcId {tc}");
        assert_eq!(derive_secret(h, &hs, "s hs traffic", &chsh), e.server_handshake_traffic, "tcId {tc}");
        assert_eq!(derive_secret(h, &ms, "c ap traffic", &to_sf), e.client_application_traffic, "tcId {tc}");
        assert_eq!(derive_secret(h, &ms, "s ap traffic", &to_sf), e.server_application_traffic, "tcId {tc}");
        assert_eq!(derive_secret(h, &ms, "exp master", &to_sf), e.exporter_master, "tcId {tc}");
        assert_eq!(derive_secret(h, &ms, "res master", &to_cf), e.resumption_master, "tcId {tc}");
    }
}

#[test]
fn tls_prf_cases_match_reference() {
    let ems = kdf_tls::load_tls12_ems().unwrap();
    assert_eq!(ems.len(), 120);
    let comp = kdf_tls::load_tls_components().unwrap();
    assert_eq!(comp.tls12.len(), 120);
    assert_eq!(comp.skipped_tls10_11, 40);
    for c in ems.iter().chain(&comp.tls12) {
        let ms = prf_ref(c.hash, &c.pre_master_secret, c.master_label, &c.master_seed, 48);
        assert_eq!(ms, c.master_secret, "{} tcId {}", c.source, c.tc_id);
        let kb = prf_ref(c.hash, &c.master_secret, KEY_EXPANSION_LABEL, &c.key_block_seed, c.key_block.len());
        assert_eq!(kb, c.key_block, "{} tcId {}", c.source, c.tc_id);
    }
}

#[test]
fn kda_hkdf_cases_match_reference() {
    let cases = kda::load_hkdf().unwrap();
    assert_eq!(cases.len(), 200);
    assert_eq!(cases.iter().filter(|c| c.aft).count(), 100);
    assert_eq!(cases.iter().filter(|c| !c.dkm_correct).count(), 18);
    for c in &cases {
        let prk = hmac_ref(c.hash, &c.salt, &[&c.z]);
        let dkm = hkdf_expand(c.hash, &prk, &c.fixed_info, c.dkm.len());
        assert_eq!(dkm == c.dkm, c.dkm_correct, "tcId {}", c.tc_id);
    }
}
