//! Ed25519 and X25519 with the stock `openssl` tools under ferrofips + base: `genpkey`, `pkey -pubout/-text`,
//! `pkeyutl -sign/-verify -rawin` and `-derive` cross-checked with OpenSSL's default provider, a self-signed
//! Ed25519 certificate from `req -x509` checked by `verify`, X25519 refused under `fips=yes` and in strict mode,
//! and a TLS 1.3 handshake with group x25519 and an Ed25519 certificate through libssl. Each check runs with
//! the system `openssl` and, when built, OpenSSL 3.5.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use ferrofips_tests::cli::{Cli, default_cnf};
use ferrofips_tests::tls::{Client, SERVER_NAME, Server};
use ferrofips_tests::{HarnessError, InstallOptions, Installation, TempDir, TestResult};

fn check_ed25519_tools(cli: &Cli) -> TestResult {
    let inst = Installation::new()?;
    let cnf = inst.openssl_cnf();
    let tmp = TempDir::new("ecx-cli")?;
    let d = tmp.path();
    let dflt = default_cnf(d)?;
    fs::write(d.join("msg"), b"Ed25519 through the openssl tools\n")?;
    cli.ok(&cnf, d, &["genpkey", "-algorithm", "ED25519", "-out", "@ed.pem"])?;
    cli.ok(&cnf, d, &["pkey", "-in", "@ed.pem", "-pubout", "-out", "@ed.pub"])?;
    let text = cli.ok(&cnf, d, &["pkey", "-in", "@ed.pem", "-text", "-noout"])?.stdout;
    assert!(text.contains("ED25519 Private-Key"), "{text}");
    // The default provider reads both files and derives the same public key.
    let pub_there = cli.ok(&dflt, d, &["pkey", "-in", "@ed.pem", "-pubout"])?.stdout;
    assert_eq!(pub_there, fs::read_to_string(d.join("ed.pub"))?);
    // Sign here, verify there; and the other way round.
    cli.ok(&cnf, d, &["pkeyutl", "-sign", "-rawin", "-inkey", "@ed.pem", "-in", "@msg", "-out", "@sig"])?;
    assert_eq!(fs::read(d.join("sig"))?.len(), 64);
    let verify = ["pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "@ed.pub", "-in", "@msg", "-sigfile", "@sig"];
    assert!(cli.ok(&dflt, d, &verify)?.stdout.contains("Signature Verified Successfully"));
    assert!(cli.ok(&cnf, d, &verify)?.stdout.contains("Signature Verified Successfully"));
    cli.ok(&dflt, d, &["pkeyutl", "-sign", "-rawin", "-inkey", "@ed.pem", "-in", "@msg", "-out", "@sig2"])?;
    assert_eq!(fs::read(d.join("sig"))?, fs::read(d.join("sig2"))?, "Ed25519 signatures are deterministic");
    if cli.label == "openssl 3.5" {
        // libcrypto 3.4+: pkeyutl without -rawin signs the message through EVP_PKEY_sign_message_init.
        cli.ok(&cnf, d, &["pkeyutl", "-sign", "-inkey", "@ed.pem", "-in", "@msg", "-out", "@sig3"])?;
        assert_eq!(fs::read(d.join("sig"))?, fs::read(d.join("sig3"))?);
        let v = ["pkeyutl", "-verify", "-pubin", "-inkey", "@ed.pub", "-in", "@msg", "-sigfile", "@sig3"];
        assert!(cli.ok(&cnf, d, &v)?.stdout.contains("Signature Verified Successfully"));
    }
    fs::write(d.join("msg2"), b"another message\n")?;
    let bad = ["pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "@ed.pub", "-in", "@msg2", "-sigfile", "@sig"];
    assert!(!cli.run_env(&cnf, d, &bad, &[])?.success());
    // A self-signed Ed25519 certificate (X.509 signing reads the signature's algorithm-id), checked by both.
    cli.ok(
        &cnf,
        d,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "@ed.pem",
            "-subj",
            "/CN=ferrofips Ed25519",
            "-days",
            "2",
            "-out",
            "@cert.pem",
        ],
    )?;
    let cert = cli.ok(&dflt, d, &["x509", "-in", "@cert.pem", "-text", "-noout"])?.stdout;
    assert!(cert.contains("Signature Algorithm: ED25519"), "{cert}");
    for c in [&cnf, &dflt] {
        assert!(cli.ok(c, d, &["verify", "-CAfile", "@cert.pem", "@cert.pem"])?.stdout.contains("OK"));
    }
    // X25519 is not approved: under fips=yes it is not found.
    let r = cli.run_env(&cnf, d, &["genpkey", "-algorithm", "X25519"], &[])?;
    assert!(!r.success(), "X25519 generated under fips=yes:\n{}", r.all());
    Ok(())
}

fn check_x25519_tools(cli: &Cli) -> TestResult {
    let inst = Installation::with(&InstallOptions { fips_default: false, ..InstallOptions::default() })?;
    let cnf = inst.openssl_cnf();
    let tmp = TempDir::new("ecx-cli")?;
    let d = tmp.path();
    let dflt = default_cnf(d)?;
    cli.ok(&cnf, d, &["genpkey", "-algorithm", "X25519", "-out", "@a.pem"])?;
    cli.ok(&dflt, d, &["genpkey", "-algorithm", "X25519", "-out", "@b.pem"])?;
    cli.ok(&cnf, d, &["pkey", "-in", "@a.pem", "-pubout", "-out", "@a.pub"])?;
    cli.ok(&dflt, d, &["pkey", "-in", "@b.pem", "-pubout", "-out", "@b.pub"])?;
    let here = cli.ok(&cnf, d, &["pkeyutl", "-derive", "-inkey", "@a.pem", "-peerkey", "@b.pub"])?.stdout_bytes;
    let there = cli.ok(&dflt, d, &["pkeyutl", "-derive", "-inkey", "@b.pem", "-peerkey", "@a.pub"])?.stdout_bytes;
    assert_eq!(here.len(), 32);
    assert_eq!(here, there);
    // Strict mode offers no X25519 at all.
    let strict = [("FERROFIPS_FORCE_FIPS", OsStr::new("1"))];
    let r = cli.run_env(&cnf, d, &["genpkey", "-algorithm", "X25519"], &strict)?;
    assert!(!r.success(), "X25519 generated in strict mode:\n{}", r.all());
    cli.run_env(&cnf, d, &["genpkey", "-algorithm", "ED25519"], &strict)?.ok()?;
    Ok(())
}

fn check_tls13_x25519_ed25519(cli: &Cli) -> TestResult {
    let inst = Installation::with(&InstallOptions { fips_default: false, ..InstallOptions::default() })?;
    let cnf = inst.openssl_cnf();
    let tmp = TempDir::new("ecx-tls")?;
    let d = tmp.path();
    let san = format!("subjectAltName = DNS:{SERVER_NAME}");
    let subj = format!("/CN={SERVER_NAME}");
    let args = ["req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", "@ed.key", "-out", "@ed.crt", "-days", "2"];
    let mut args: Vec<&str> = args.to_vec();
    args.extend(["-subj", &subj, "-addext", &san]);
    cli.ok(&cnf, d, &args)?;
    let (cert, key) = (d.join("ed.crt"), d.join("ed.key"));
    let (cert, key) = (cert.to_string_lossy(), key.to_string_lossy());
    let server = Server::start(
        &cli.bin,
        &cnf,
        d,
        &["-naccept", "1", "-tls1_3", "-groups", "x25519", "-cert", &cert, "-key", &key, "-rev"],
    )?;
    let addr = server.address();
    let mut client = Client::start(
        &cli.bin,
        &cnf,
        d,
        &[
            "-connect",
            &addr,
            "-tls1_3",
            "-groups",
            "x25519",
            "-servername",
            SERVER_NAME,
            "-CAfile",
            &cert,
            "-verify_return_error",
        ],
    )?;
    let line = "hello over x25519";
    client.send(&format!("{line}\n"))?;
    client.expect(&line.chars().rev().collect::<String>(), 1)?;
    let out = client.output();
    let run = client.finish()?;
    println!("[{}] s_client:\n{}", cli.label, run.all());
    assert!(out.contains("TLSv1.3"), "{out}");
    assert!(out.contains("X25519"), "no X25519 key exchange reported:\n{out}");
    assert!(out.to_ascii_lowercase().contains("ed25519"), "no Ed25519 signature reported:\n{out}");
    assert!(out.contains("Verify return code: 0 (ok)"), "{out}");
    let srv = server.finish()?;
    assert!(!srv.stderr.contains(":error:"), "{}", srv.all());
    Ok(())
}

/// Writes the PKCS#8 DER of the Ed25519 private key `seed` (RFC 8410) to `dir/name`.
fn ed25519_der(dir: &Path, name: &str, seed: &str) -> Result<(), HarnessError> {
    let der =
        hex::decode(format!("302e020100300506032b657004220420{seed}")).map_err(|e| HarnessError::new(e.to_string()))?;
    fs::write(dir.join(name), der)?;
    Ok(())
}

fn check_ed25519_instances(cli: &Cli) -> TestResult {
    let inst = Installation::new()?;
    let cnf = inst.openssl_cnf();
    let tmp = TempDir::new("ecx-cli")?;
    let d = tmp.path();
    // RFC 8032 7.2 (Ed25519ctx, context "foo") and 7.3 (Ed25519ph, message "abc"), through `-pkeyopt`.
    ed25519_der(d, "ctx.der", "0305334e381af78f141cb666f6199f57bc3495335a256a95bd2a55bf546663f6")?;
    ed25519_der(d, "ph.der", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42")?;
    fs::write(d.join("ctx.msg"), hex::decode("f726936d19c800494e3fdaff20b276a8")?)?;
    fs::write(d.join("ph.msg"), b"abc")?;
    let cases = [
        (
            "ctx",
            "instance:Ed25519ctx",
            Some("context-string:foo"),
            "55a4cc2f70a54e04288c5f4cd1e45a7bb520b36292911876cada7323198dd87a8b36950b95130022907a7fb7c4e9b2d5f6cca685a587b4b21f4b888e4e7edb0d",
        ),
        (
            "ph",
            "instance:Ed25519ph",
            None,
            "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406",
        ),
    ];
    for (tag, instance, context, want) in cases {
        let (key, msg) = (format!("@{tag}.der"), format!("@{tag}.msg"));
        let mut args =
            vec!["pkeyutl", "-sign", "-rawin", "-inkey", &key, "-keyform", "DER", "-in", &msg, "-pkeyopt", instance];
        if let Some(c) = context {
            args.extend(["-pkeyopt", c]);
        }
        let r = cli.run_env(&cnf, d, &args, &[])?;
        assert_eq!(hex::encode(&r.ok()?.stdout_bytes), want, "{tag}");
        // Ed25519ctx is not in FIPS 186-5: strict mode refuses it; Ed25519ph stays.
        let strict = [("FERROFIPS_FORCE_FIPS", OsStr::new("1"))];
        let r = cli.run_env(&cnf, d, &args, &strict)?;
        assert_eq!(r.success(), tag == "ph", "{tag} in strict mode:\n{}", r.all());
    }
    Ok(())
}

ferrofips_tests::cli_checks! {
    ed25519_genpkey_pkey_pkeyutl_req => check_ed25519_tools,
    x25519_genpkey_derive_and_strict_mode => check_x25519_tools,
    tls13_group_x25519_with_ed25519_certificate => check_tls13_x25519_ed25519,
    ed25519ctx_and_ed25519ph_instances => check_ed25519_instances,
}
