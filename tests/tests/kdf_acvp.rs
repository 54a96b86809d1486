//! NIST ACVP KDF vectors through the provider's EVP_KDFs, passing parameters the way libssl and applications do:
//! TLS 1.3 KDF (TLS13-KDF, as `ssl/tls13_enc.c`), TLS 1.2 extended-master-secret KDF and TLS 1.2 PRF
//! components (TLS1-PRF with five `seed` entries, as `ssl/t1_enc.c`), KDA HKDF Sp800-56Cr1 (HKDF). Run with
//! the module's default backends and, in a child process, with FERROFIPS_CPU=portable.

use ferrofips_crypto::digest::{Algorithm, digest};
use ferrofips_evp::{Kdf, LibCtx, ParamType, Params};
use ferrofips_kat::kdf_tls::{self, KEY_EXPANSION_LABEL, Tls13Mode, TlsPrfCase};
use ferrofips_kat::{HashAlg, kda};
use ferrofips_tests::digests::by_nist;
use ferrofips_tests::{Installation, PROPQ, TestResult, child};

/// One expected secret: (secret, label, transcript, expected output).
type Check<'a> = (&'a [u8], &'a str, &'a [u8], &'a [u8]);
fn openssl_name(h: HashAlg) -> Result<&'static str, String> {
    Ok(by_nist(h.name()).ok_or(format!("{} has no OpenSSL name", h.name()))?.name)
}

fn hash_of(h: HashAlg, data: &[u8]) -> Result<Vec<u8>, String> {
    let alg = Algorithm::ALL.into_iter().find(|a| a.name() == h.name()).ok_or("unknown hash")?;
    Ok(digest(alg, data))
}

/// `tls13_hkdf_expand`: mode 2 (int), digest, key, prefix "tls13 ", label, data.
fn expand(kdf: &Kdf<'_>, md: &str, secret: &[u8], label: &str, context: &[u8]) -> Result<Vec<u8>, String> {
    let mut p = Params::new();
    p.int("mode", 2).utf8("digest", md).octets("key", secret).octets("prefix", b"tls13 ");
    p.octets("label", label.as_bytes()).octets("data", context);
    kdf.derive(secret.len(), &p).map_err(|e| format!("expand {label}: {e}"))
}

/// `tls13_generate_secret`: mode 1 (here as the string form), digest, key (absent = zeros), salt (absent for the
/// early secret), prefix, label "derived".
fn extract(kdf: &Kdf<'_>, md: &str, n: usize, salt: Option<&[u8]>, ikm: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let mut p = Params::new();
    p.utf8("mode", "EXTRACT_ONLY").utf8("digest", md);
    if let Some(k) = ikm {
        p.octets("key", k);
    }
    if let Some(s) = salt {
        p.octets("salt", s);
    }
    p.octets("prefix", b"tls13 ").octets("label", b"derived");
    kdf.derive(n, &p).map_err(|e| format!("extract: {e}"))
}

fn run_tls13(ctx: &LibCtx) -> TestResult {
    let kdf = Kdf::fetch(ctx, "TLS13-KDF", Some(PROPQ))?;
    assert_eq!(kdf.provider_name(), "ferrofips");
    let cases = kdf_tls::load_tls13()?;
    for c in &cases {
        let md = openssl_name(c.hash)?;
        let n = c.hash.output_len();
        let zeros = vec![0u8; n];
        // Early secret: no PSK => no key at all (libssl); PSK => the PSK.
        let es = extract(&kdf, md, n, None, (c.mode != Tls13Mode::Dhe).then_some(&c.psk[..]))?;
        // Handshake secret: PSK-only => explicit zeros (both forms must agree).
        let dhe = if c.mode == Tls13Mode::Psk { &zeros[..] } else { &c.dhe[..] };
        let hs = extract(&kdf, md, n, Some(&es), Some(dhe))?;
        // Master secret: no key (zeros).
        let ms = extract(&kdf, md, n, Some(&hs), None)?;
        let ch = c.hello_client_random.clone();
        let chsh = [&ch[..], &c.hello_server_random].concat();
        let to_sf = [&chsh[..], &c.finished_server_random].concat();
        let to_cf = [&to_sf[..], &c.finished_client_random].concat();
        let e = &c.expected;
        let checks: [Check<'_>; 8] = [
            (&es, "c e traffic", &ch, &e.client_early_traffic),
            (&es, "e exp master", &ch, &e.early_exporter_master),
            (&hs, "c hs traffic", &chsh, &e.client_handshake_traffic),
            (&hs, "s hs traffic", &chsh, &e.server_handshake_traffic),
            (&ms, "c ap traffic", &to_sf, &e.client_application_traffic),
            (&ms, "s ap traffic", &to_sf, &e.server_application_traffic),
            (&ms, "exp master", &to_sf, &e.exporter_master),
            (&ms, "res master", &to_cf, &e.resumption_master),
        ];
        for (secret, label, msgs, want) in checks {
            let got = expand(&kdf, md, secret, label, &hash_of(c.hash, msgs)?)?;
            assert_eq!(hex::encode(&got), hex::encode(want), "TLS 1.3 tcId {} {label}", c.tc_id);
        }
    }
    println!("TLS-v1.3-KDF-RFC8446: {} cases x 8 secrets passed", cases.len());
    Ok(())
}

/// `tls1_PRF`: digest, secret, and the label plus four more seeds, unused ones as NULL/empty entries.
fn prf(kdf: &Kdf<'_>, md: &str, secret: &[u8], seeds: [&[u8]; 5], len: usize) -> Result<Vec<u8>, String> {
    let mut p = Params::new();
    p.utf8("digest", md).octets("secret", secret);
    for (i, s) in seeds.iter().enumerate() {
        if s.is_empty() && i % 2 == 0 {
            p.null_data("seed", ParamType::OctetString, 0);
        } else {
            p.octets("seed", s);
        }
    }
    kdf.derive(len, &p).map_err(|e| format!("TLS1-PRF: {e}"))
}

fn check_prf_case(kdf: &Kdf<'_>, c: &TlsPrfCase) -> TestResult {
    let md = openssl_name(c.hash)?;
    // libssl passes the randoms/session hash as separate seeds; split the stored concatenation in two.
    let half = c.master_seed.len() / 2;
    let (s1, s2) = c.master_seed.split_at(half);
    let ms = prf(kdf, md, &c.pre_master_secret, [c.master_label.as_bytes(), s1, s2, b"", b""], 48)?;
    assert_eq!(hex::encode(&ms), hex::encode(&c.master_secret), "{} tcId {} master secret", c.source, c.tc_id);
    let (sr, cr) = c.key_block_seed.split_at(c.key_block_seed.len() / 2);
    let kb = prf(kdf, md, &c.master_secret, [KEY_EXPANSION_LABEL.as_bytes(), sr, cr, b"", b""], c.key_block.len())?;
    assert_eq!(hex::encode(&kb), hex::encode(&c.key_block), "{} tcId {} key block", c.source, c.tc_id);
    Ok(())
}

fn run_tls12(ctx: &LibCtx) -> TestResult {
    let kdf = Kdf::fetch(ctx, "TLS1-PRF", Some(PROPQ))?;
    let ems = kdf_tls::load_tls12_ems()?;
    for c in &ems {
        check_prf_case(&kdf, c)?;
    }
    let comp = kdf_tls::load_tls_components()?;
    for c in &comp.tls12 {
        check_prf_case(&kdf, c)?;
    }
    println!("TLS-v1.2-KDF-RFC7627: {} cases passed", ems.len());
    println!(
        "kdf-components-tls-1.0: {} TLS 1.2 cases passed, {} TLS 1.0/1.1 (MD5+SHA-1) cases skipped (not offered)",
        comp.tls12.len(),
        comp.skipped_tls10_11
    );
    assert_eq!(comp.skipped_tls10_11, 40);
    Ok(())
}

fn run_kda(ctx: &LibCtx) -> TestResult {
    let kdf = Kdf::fetch(ctx, "HKDF", Some(PROPQ))?;
    let cases = kda::load_hkdf()?;
    let (mut aft, mut val) = (0, 0);
    for (i, c) in cases.iter().enumerate() {
        let md = openssl_name(c.hash)?;
        let mut p = Params::new();
        // Alternate the mode's two forms; split FixedInfo over two "info" entries (they concatenate).
        if i % 2 == 0 {
            p.int("mode", 0);
        } else {
            p.utf8("mode", "EXTRACT_AND_EXPAND");
        }
        let (i1, i2) = c.fixed_info.split_at(c.fixed_info.len() / 3);
        p.utf8("digest", md).octets("key", &c.z).octets("salt", &c.salt).octets("info", i1).octets("info", i2);
        let dkm = kdf.derive(c.dkm.len(), &p).map_err(|e| format!("KDA tcId {}: {e}", c.tc_id))?;
        assert_eq!(dkm == c.dkm, c.dkm_correct, "KDA HKDF tcId {} ({md})", c.tc_id);
        if c.aft { aft += 1 } else { val += 1 }
    }
    println!("KDA-HKDF-Sp800-56Cr1: {aft} AFT + {val} VAL cases passed");
    Ok(())
}

#[test]
fn acvp_kdfs_default_backends() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    run_tls13(&ctx)?;
    run_tls12(&ctx)?;
    run_kda(&ctx)?;
    if std::env::var("FERROFIPS_CPU").is_ok_and(|v| v == "portable") {
        println!("ran with portable backends");
    }
    Ok(())
}

#[test]
fn acvp_kdfs_portable_backends() -> TestResult {
    let out = child::run_in_child("acvp_kdfs_default_backends", &[("FERROFIPS_CPU", "portable")])?;
    assert!(out.contains("ran with portable backends"));
    Ok(())
}

/// The KDF CASTs run at power-on with OpenSSL's type/description strings, and each one passes.
#[test]
fn kdf_casts_run_at_power_on() -> TestResult {
    let inst = Installation::new()?;
    let (_ctx, log, loaded) = inst.libctx_recording(None)?;
    loaded?;
    let events = log.events();
    for desc in ["HKDF", "TLS13_KDF_EXTRACT", "TLS13_KDF_EXPAND", "TLS12_PRF"] {
        let phases: Vec<String> =
            events.iter().filter(|e| e.ty == "KAT_KDF" && e.desc == desc).map(|e| e.phase.clone()).collect();
        // The core is always asked whether to corrupt ("Corrupt" phase) before the outcome.
        assert_eq!(phases, ["Start", "Corrupt", "Pass"], "KAT_KDF/{desc}");
    }
    Ok(())
}
