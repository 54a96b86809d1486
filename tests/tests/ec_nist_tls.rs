//! TLS 1.3 through libssl in memory with the P-384 and P-521 groups (secp384r1, secp521r1) and an ECDSA P-384
//! certificate chain made by `openssl req`/`x509` under the ferrofips configuration: ferrofips on both ends,
//! and against OpenSSL's default provider in both directions.

use ferrofips_evp::{SslCtx, TlsPair, TlsSide, TlsVersion, system_default};
use ferrofips_tests::tls::{Pki, SERVER_NAME};
use ferrofips_tests::{Installation, TempDir, TestResult, tools};

#[test]
fn tls13_with_secp384r1_and_secp521r1_and_a_p384_certificate() -> TestResult {
    let inst = Installation::new()?;
    let tmp = TempDir::new("tls-nist")?;
    let openssl = tools::require("openssl", "to make the test certificates")?;
    let pki = Pki::generate_on(&openssl, &inst.openssl_cnf(), tmp.path(), "p384", "P-384")?;
    let ferrofips = inst.libctx()?;
    let default = system_default()?;
    let contexts = [("ferrofips", &ferrofips), ("default", &default)];
    for group in ["secp384r1", "secp521r1"] {
        for (cname, cctx) in contexts {
            for (sname, sctx) in contexts {
                if (cname, sname) == ("default", "default") {
                    continue;
                }
                let mut client = SslCtx::new(cctx, TlsSide::Client)?;
                client.set_versions(TlsVersion::Tls13, TlsVersion::Tls13)?;
                client.set_groups(group)?;
                client.verify_peer_with(&pki.ca_cert)?;
                let mut server = SslCtx::new(sctx, TlsSide::Server)?;
                server.set_versions(TlsVersion::Tls13, TlsVersion::Tls13)?;
                server.set_groups(group)?;
                server.use_certificate_and_key(&pki.cert, &pki.key)?;
                let mut pair = TlsPair::new(&client, &server, Some(SERVER_NAME))?;
                pair.handshake()?;
                for side in [TlsSide::Client, TlsSide::Server] {
                    let info = pair.info(side);
                    println!("{group}: client {cname}, server {sname}: {side:?} sees {info:?}");
                    assert_eq!(info.version, "TLSv1.3");
                    assert_eq!(info.group.as_deref(), Some(group));
                }
                assert_eq!(pair.info(TlsSide::Client).verify_result, 0, "X509_V_OK");
                let data = vec![0x5au8; 4096];
                let mut buf = vec![0u8; data.len()];
                for side in [TlsSide::Client, TlsSide::Server] {
                    assert_eq!(pair.transfer(side, &data, &mut buf)?, data.len());
                    assert_eq!(buf, data);
                }
                pair.shutdown()?;
            }
        }
    }
    // The certificate's key really is on P-384 (read back with the default provider).
    let key_pem = std::fs::read(&pki.key)?;
    let key = ferrofips_evp::Pkey::from_pem(&default, &key_pem, true, None)?;
    assert_eq!(key.group_name()?, "secp384r1");
    Ok(())
}
