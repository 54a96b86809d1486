//! TLS through libssl in memory (`SSL_CTX_new_ex` on a library context, a client and a server joined by a BIO
//! pair; `ferrofips_evp::TlsPair`), with ferrofips + base (`fips=yes`) on both ends, and against OpenSSL's
//! `default` provider on the other end in both directions: TLS 1.3 with both AES-GCM suites, TLS 1.2 with
//! ECDHE-ECDSA-AES128-GCM-SHA256 and the extended master secret, certificate verification, resumption, key
//! updates and 16 KiB records. Afterwards the ferrofips context still has no provider but ferrofips and base.

use std::collections::BTreeSet;

use ferrofips_evp::{LibCtx, SslCtx, TlsPair, TlsSide, TlsVersion, system_default};
use ferrofips_tests::tls::{Pki, SERVER_NAME};
use ferrofips_tests::{Installation, TempDir, TestResult, tools};

const TLS13_SUITES: [&str; 2] = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"];
const TLS12_SUITE: &str = "ECDHE-ECDSA-AES128-GCM-SHA256";

/// The sealed module, its context, OpenSSL's default provider's context, and a PKI.
struct Setup {
    ferrofips: LibCtx,
    default: LibCtx,
    pki: Pki,
    other: Pki,
    _tmp: TempDir,
    _inst: Installation,
}

impl Setup {
    fn new() -> Result<Setup, Box<dyn std::error::Error>> {
        let inst = Installation::new()?;
        let tmp = TempDir::new("tls-memory")?;
        let openssl = tools::require("openssl", "to make the test certificates")?;
        let pki = Pki::generate(&openssl, &inst.openssl_cnf(), tmp.path(), "main")?;
        let other = Pki::generate(&openssl, &inst.openssl_cnf(), tmp.path(), "other")?;
        let ferrofips = inst.libctx()?;
        assert!(ferrofips.default_fips(), "the contract's configuration sets default_properties = fips=yes");
        Ok(Setup { ferrofips, default: system_default()?, pki, other, _tmp: tmp, _inst: inst })
    }

    fn contexts(&self) -> [(&'static str, &LibCtx); 2] {
        [("ferrofips", &self.ferrofips), ("default", &self.default)]
    }

    /// A server context presenting the leaf certificate.
    fn server<'a>(&self, ctx: &'a LibCtx, max: TlsVersion) -> Result<SslCtx<'a>, Box<dyn std::error::Error>> {
        let mut s = SslCtx::new(ctx, TlsSide::Server)?;
        s.set_versions(TlsVersion::Tls12, max)?;
        s.use_certificate_and_key(&self.pki.cert, &self.pki.key)?;
        Ok(s)
    }

    /// A client context trusting `ca` (ours unless told otherwise), restricted to P-256.
    fn client<'a>(&self, ctx: &'a LibCtx, max: TlsVersion) -> Result<SslCtx<'a>, Box<dyn std::error::Error>> {
        let mut c = SslCtx::new(ctx, TlsSide::Client)?;
        c.set_versions(TlsVersion::Tls12, max)?;
        c.set_groups("P-256")?;
        c.verify_peer_with(&self.pki.ca_cert)?;
        Ok(c)
    }
}

/// Sends a 16 KiB record each way and checks it arrived intact.
fn exchange_records(pair: &mut TlsPair<'_>) -> TestResult {
    let data: Vec<u8> = (0..16 * 1024).map(|i: usize| (i.wrapping_mul(7) ^ (i >> 9)) as u8).collect();
    let mut buf = vec![0u8; data.len()];
    for side in [TlsSide::Client, TlsSide::Server] {
        buf.fill(0);
        assert_eq!(pair.transfer(side, &data, &mut buf)?, data.len());
        assert_eq!(buf, data, "{side:?} -> peer");
    }
    Ok(())
}

#[test]
fn tls13_both_suites_across_providers() -> TestResult {
    let s = Setup::new()?;
    for (cname, cctx) in s.contexts() {
        for (sname, sctx) in s.contexts() {
            if (cname, sname) == ("default", "default") {
                continue;
            }
            for suite in TLS13_SUITES {
                let mut client = s.client(cctx, TlsVersion::Tls13)?;
                client.set_ciphersuites(suite)?;
                let server = s.server(sctx, TlsVersion::Tls13)?;
                let mut pair = TlsPair::new(&client, &server, Some(SERVER_NAME))?;
                pair.handshake()?;
                for side in [TlsSide::Client, TlsSide::Server] {
                    let info = pair.info(side);
                    println!("client {cname}, server {sname}, {suite}: {side:?} sees {info:?}");
                    assert_eq!(info.version, "TLSv1.3");
                    assert_eq!(info.cipher, suite);
                    assert_eq!(info.group.as_deref(), Some("prime256v1"));
                    assert!(!info.resumed);
                }
                assert_eq!(pair.info(TlsSide::Client).verify_result, 0, "X509_V_OK");
                exchange_records(&mut pair)?;
                pair.shutdown()?;
            }
        }
    }
    Ok(())
}

#[test]
fn tls12_with_extended_master_secret_across_providers() -> TestResult {
    let s = Setup::new()?;
    for (cname, cctx) in s.contexts() {
        for (sname, sctx) in s.contexts() {
            let mut client = s.client(cctx, TlsVersion::Tls12)?;
            client.set_cipher_list(TLS12_SUITE)?;
            let server = s.server(sctx, TlsVersion::Tls12)?;
            let mut pair = TlsPair::new(&client, &server, Some(SERVER_NAME))?;
            pair.handshake()?;
            let info = pair.info(TlsSide::Client);
            println!("client {cname}, server {sname}: {info:?}");
            assert_eq!((info.version.as_str(), info.cipher.as_str()), ("TLSv1.2", TLS12_SUITE));
            assert!(info.extended_master_secret, "no EMS");
            assert!(pair.info(TlsSide::Server).extended_master_secret, "server: no EMS");
            assert_eq!(info.verify_result, 0);
            exchange_records(&mut pair)?;
            pair.shutdown()?;
        }
    }
    Ok(())
}

#[test]
fn verification_fails_against_another_ca_or_name() -> TestResult {
    let s = Setup::new()?;
    let server = s.server(&s.ferrofips, TlsVersion::Tls13)?;
    let mut client = SslCtx::new(&s.ferrofips, TlsSide::Client)?;
    client.verify_peer_with(&s.other.ca_cert)?;
    let err = TlsPair::new(&client, &server, Some(SERVER_NAME))?.handshake().err().ok_or("untrusted chain accepted")?;
    println!("another CA: {err}");
    assert!(err.mentions("certificate verify failed"), "{err}");
    let client = s.client(&s.ferrofips, TlsVersion::Tls13)?;
    let err = TlsPair::new(&client, &server, Some("not-localhost.example"))?
        .handshake()
        .err()
        .ok_or("wrong host name accepted")?;
    println!("wrong name: {err}");
    assert!(err.mentions("certificate verify failed"), "{err}");
    Ok(())
}

#[test]
fn resumption_tls13_and_tls12() -> TestResult {
    let s = Setup::new()?;
    for max in [TlsVersion::Tls13, TlsVersion::Tls12] {
        let client = s.client(&s.ferrofips, max)?;
        let server = s.server(&s.ferrofips, max)?;
        let mut first = TlsPair::new(&client, &server, Some(SERVER_NAME))?;
        first.handshake()?;
        first.process_pending(TlsSide::Client)?;
        let session = first.client_session().ok_or("no session after the handshake")?;
        first.shutdown()?;
        for round in 0..2 {
            let mut again = TlsPair::new(&client, &server, Some(SERVER_NAME))?;
            again.set_session(&session)?;
            again.handshake()?;
            let info = again.info(TlsSide::Client);
            println!("{max:?} resumption {round}: {info:?}");
            assert!(info.resumed, "{max:?}: not resumed");
            assert!(again.info(TlsSide::Server).resumed);
            exchange_records(&mut again)?;
            again.shutdown()?;
        }
    }
    Ok(())
}

#[test]
fn key_updates_both_ways() -> TestResult {
    let s = Setup::new()?;
    for (peer_name, peer) in s.contexts() {
        let client = s.client(&s.ferrofips, TlsVersion::Tls13)?;
        let server = s.server(peer, TlsVersion::Tls13)?;
        let mut pair = TlsPair::new(&client, &server, Some(SERVER_NAME))?;
        pair.handshake()?;
        for (side, request) in [(TlsSide::Client, true), (TlsSide::Server, false), (TlsSide::Server, true)] {
            pair.key_update(side, request)?;
            exchange_records(&mut pair)?;
            println!("key update by {side:?} (request peer: {request}) with {peer_name} peer: records still flow");
        }
    }
    Ok(())
}

#[test]
fn only_ferrofips_and_base_are_loaded_after_tls() -> TestResult {
    let s = Setup::new()?;
    let client = s.client(&s.ferrofips, TlsVersion::Tls13)?;
    let server = s.server(&s.ferrofips, TlsVersion::Tls13)?;
    let mut pair = TlsPair::new(&client, &server, Some(SERVER_NAME))?;
    pair.handshake()?;
    exchange_records(&mut pair)?;
    let loaded: BTreeSet<String> = s.ferrofips.provider_names().into_iter().collect();
    assert_eq!(loaded, BTreeSet::from(["base".to_owned(), "ferrofips".to_owned()]));
    // A context with base alone cannot make a TLS client at all (no ciphers).
    let mut base_only = LibCtx::new()?;
    base_only.retain_provider("base")?;
    let client = SslCtx::new(&base_only, TlsSide::Client);
    let handshake = client.and_then(|c| TlsPair::new(&c, &server, Some(SERVER_NAME))?.handshake());
    assert!(handshake.is_err(), "TLS worked with the base provider alone");
    Ok(())
}
