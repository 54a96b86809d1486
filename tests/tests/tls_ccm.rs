//! TLS with AES-CCM through libssl in memory (a client and a server joined by a BIO pair), ferrofips + base
//! (`fips=yes`) on one or both ends and OpenSSL's `default` provider on the other: TLS 1.3
//! `TLS_AES_128_CCM_SHA256` and `TLS_AES_128_CCM_8_SHA256` (libssl's per-record CCM flow: nonce, tag or tag
//! length, payload length, record header as AAD), TLS 1.2 `ECDHE-ECDSA-AES128-CCM`, `-AES256-CCM` and
//! `-AES128-CCM8` (the `"tlsivfixed"` / `"tlsaad"` record path), 16 KiB records each way.

use ferrofips_evp::{LibCtx, SslCtx, TlsPair, TlsSide, TlsVersion, system_default};
use ferrofips_tests::tls::{Pki, SERVER_NAME};
use ferrofips_tests::{Installation, TempDir, TestResult, tools};

const TLS13_SUITES: [&str; 2] = ["TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"];
const TLS12_SUITES: [&str; 3] = ["ECDHE-ECDSA-AES128-CCM", "ECDHE-ECDSA-AES256-CCM", "ECDHE-ECDSA-AES128-CCM8"];

struct Setup {
    ferrofips: LibCtx,
    default: LibCtx,
    pki: Pki,
    _tmp: TempDir,
    _inst: Installation,
}

impl Setup {
    fn new() -> Result<Setup, Box<dyn std::error::Error>> {
        let inst = Installation::new()?;
        let tmp = TempDir::new("tls-ccm")?;
        let openssl = tools::require("openssl", "to make the test certificates")?;
        let pki = Pki::generate(&openssl, &inst.openssl_cnf(), tmp.path(), "main")?;
        let ferrofips = inst.libctx()?;
        Ok(Setup { ferrofips, default: system_default()?, pki, _tmp: tmp, _inst: inst })
    }

    /// (client, server) provider pairs with ferrofips on at least one end.
    fn pairs(&self) -> [(&'static str, &LibCtx, &'static str, &LibCtx); 3] {
        [
            ("ferrofips", &self.ferrofips, "ferrofips", &self.ferrofips),
            ("ferrofips", &self.ferrofips, "default", &self.default),
            ("default", &self.default, "ferrofips", &self.ferrofips),
        ]
    }

    fn contexts<'a>(
        &self,
        client: &'a LibCtx,
        server: &'a LibCtx,
        version: TlsVersion,
        suite: &str,
    ) -> Result<(SslCtx<'a>, SslCtx<'a>), Box<dyn std::error::Error>> {
        let mut c = SslCtx::new(client, TlsSide::Client)?;
        c.set_versions(version, version)?;
        c.set_groups("P-256")?;
        c.verify_peer_with(&self.pki.ca_cert)?;
        let mut s = SslCtx::new(server, TlsSide::Server)?;
        s.set_versions(version, version)?;
        s.use_certificate_and_key(&self.pki.cert, &self.pki.key)?;
        for ctx in [&mut c, &mut s] {
            if version == TlsVersion::Tls13 {
                ctx.set_ciphersuites(suite)?;
            } else {
                ctx.set_cipher_list(suite)?;
            }
        }
        Ok((c, s))
    }
}

/// Sends a 16 KiB record and a short one each way and checks they arrived intact.
fn exchange_records(pair: &mut TlsPair<'_>) -> TestResult {
    for len in [16 * 1024, 1] {
        let data: Vec<u8> = (0..len).map(|i: usize| (i.wrapping_mul(13) ^ (i >> 7)) as u8).collect();
        let mut buf = vec![0u8; data.len()];
        for side in [TlsSide::Client, TlsSide::Server] {
            buf.fill(0);
            assert_eq!(pair.transfer(side, &data, &mut buf)?, data.len());
            assert_eq!(buf, data, "{side:?} -> peer");
        }
    }
    Ok(())
}

fn run(s: &Setup, version: TlsVersion, suites: &[&str], want_version: &str) -> TestResult {
    for (cname, cctx, sname, sctx) in s.pairs() {
        for &suite in suites {
            let (client, server) = s.contexts(cctx, sctx, version, suite)?;
            let mut pair = TlsPair::new(&client, &server, Some(SERVER_NAME))?;
            pair.handshake().map_err(|e| format!("client {cname}, server {sname}, {suite}: {e}"))?;
            for side in [TlsSide::Client, TlsSide::Server] {
                let info = pair.info(side);
                println!("client {cname}, server {sname}, {suite}: {side:?} sees {info:?}");
                assert_eq!(info.version, want_version);
                assert_eq!(info.cipher, suite);
            }
            assert_eq!(pair.info(TlsSide::Client).verify_result, 0, "X509_V_OK");
            exchange_records(&mut pair)?;
            pair.shutdown()?;
        }
    }
    Ok(())
}

#[test]
fn tls13_ccm_suites_across_providers() -> TestResult {
    let s = Setup::new()?;
    run(&s, TlsVersion::Tls13, &TLS13_SUITES, "TLSv1.3")
}

#[test]
fn tls12_ccm_suites_across_providers() -> TestResult {
    let s = Setup::new()?;
    run(&s, TlsVersion::Tls12, &TLS12_SUITES, "TLSv1.2")
}
