//! Every asymmetric key type the module offers (EC on P-256/P-384/P-521, ED25519, X25519) through hostile key
//! material, parameters and call sequences: wrongly typed and sized import parameters, out-of-range scalars, junk
//! points, absurd hash and signature lengths, unknown and XOF digests, tiny output buffers, peers of another type
//! or curve, public-only keys where a private key is needed. Whatever each call returns, a failure carries an
//! entry on the OpenSSL error stack, nothing crashes, and the module is still operational at the end (a contained
//! panic would have put it into its error state).

use std::sync::atomic::{AtomicUsize, Ordering};

use ferrofips_evp::{ErrorStack, KeyCheck, KeySelection, LibCtx, ParamType, Params, Pkey};
use ferrofips_tests::{InstallOptions, Installation, PROPQ, TestResult};

/// Calls that failed (the sweep must reach the error paths).
static FAILURES: AtomicUsize = AtomicUsize::new(0);

/// A failure must say why on the error stack; returns the success value, if any.
fn clean<T>(what: &str, name: &str, r: Result<T, ErrorStack>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            FAILURES.fetch_add(1, Ordering::Relaxed);
            assert!(!e.errors.is_empty(), "{name}: {what} failed without an error on the stack");
            None
        }
    }
}

/// A key type under test: the algorithm name, the EC group (if any) and the length of a private key.
struct Kind {
    alg: &'static str,
    group: Option<&'static str>,
    priv_len: usize,
}

const KINDS: [Kind; 5] = [
    Kind { alg: "EC", group: Some("P-256"), priv_len: 32 },
    Kind { alg: "EC", group: Some("P-384"), priv_len: 48 },
    Kind { alg: "EC", group: Some("P-521"), priv_len: 66 },
    Kind { alg: "ED25519", group: None, priv_len: 32 },
    Kind { alg: "X25519", group: None, priv_len: 32 },
];

impl Kind {
    fn name(&self) -> String {
        format!("{}{}", self.alg, self.group.map(|g| format!("/{g}")).unwrap_or_default())
    }

    fn generate<'a>(&self, ctx: &'a LibCtx) -> Result<Pkey<'a>, ErrorStack> {
        match self.group {
            Some(g) => Pkey::generate_ec(ctx, g, Some(PROPQ)),
            None => Pkey::generate(ctx, self.alg, Some(PROPQ), &Params::new(), false),
        }
    }

    fn is_ec(&self) -> bool {
        self.group.is_some()
    }

    /// A parameter array with the group (EC) and `f` applied.
    fn params(&self, f: impl FnOnce(&mut Params)) -> Params {
        let mut p = Params::new();
        if let Some(g) = self.group {
            p.utf8("group", g);
        }
        f(&mut p);
        p
    }
}

/// Imports of malformed key material: each must fail cleanly or give a key that then behaves.
fn hostile_imports(ctx: &LibCtx, k: &Kind) {
    let name = k.name();
    let n = k.priv_len;
    let mut cases: Vec<(&str, KeySelection, Params)> = vec![
        (
            "empty pub",
            KeySelection::PublicKey,
            k.params(|p| {
                p.octets("pub", &[]);
            }),
        ),
        (
            "1-byte pub",
            KeySelection::PublicKey,
            k.params(|p| {
                p.octets("pub", &[4]);
            }),
        ),
        (
            "1000-byte pub",
            KeySelection::PublicKey,
            k.params(|p| {
                p.octets("pub", &[4u8; 1000]);
            }),
        ),
        (
            "pub as integer",
            KeySelection::PublicKey,
            k.params(|p| {
                p.raw("pub", ParamType::UnsignedInteger, &[1; 8]);
            }),
        ),
        (
            "pub as string",
            KeySelection::PublicKey,
            k.params(|p| {
                p.utf8("pub", "04abcdef");
            }),
        ),
        ("no pub", KeySelection::PublicKey, k.params(|_| ())),
        (
            "keypair without priv",
            KeySelection::KeyPair,
            k.params(|p| {
                p.octets("pub", &[9u8; 32]);
            }),
        ),
        ("odd selection", KeySelection::Raw(0x7f), k.params(|_| ())),
    ];
    if k.is_ec() {
        let zero = vec![0u8; n];
        let ones = vec![0xffu8; n];
        cases.extend([
            (
                "priv = 0",
                KeySelection::KeyPair,
                k.params(|p| {
                    p.raw("priv", ParamType::UnsignedInteger, &zero);
                }),
            ),
            (
                "priv >= n",
                KeySelection::KeyPair,
                k.params(|p| {
                    p.raw("priv", ParamType::UnsignedInteger, &ones);
                }),
            ),
            (
                "1000-byte priv",
                KeySelection::KeyPair,
                k.params(|p| {
                    p.raw("priv", ParamType::UnsignedInteger, &[0x11u8; 1000]);
                }),
            ),
            (
                "priv as octets",
                KeySelection::KeyPair,
                k.params(|p| {
                    p.octets("priv", &[1u8; 32]);
                }),
            ),
            (
                "point at infinity",
                KeySelection::PublicKey,
                k.params(|p| {
                    p.octets("pub", &[0]);
                }),
            ),
            ("point off the curve", KeySelection::PublicKey, {
                let mut pt = vec![4u8; 1 + 2 * n.min(66)];
                pt[1..].iter_mut().enumerate().for_each(|(i, b)| *b = i as u8);
                k.params(|p| {
                    p.octets("pub", &pt);
                })
            }),
            (
                "compressed junk",
                KeySelection::PublicKey,
                k.params(|p| {
                    p.octets("pub", &vec![2u8; 1 + n]);
                }),
            ),
        ]);
        for (what, group) in
            [("unknown group", "P-999"), ("empty group", ""), ("group of 300 chars", &*"x".repeat(300))]
        {
            let mut p = Params::new();
            p.utf8("group", group).octets("pub", &[4u8; 65]);
            cases.push((what, KeySelection::PublicKey, p));
        }
        let mut p = Params::new();
        p.raw("group", ParamType::OctetString, b"P-256");
        cases.push(("group as octets", KeySelection::PublicKey, p));
        let mut p = Params::new();
        p.octets("p", &[0xffu8; 200]).octets("pub", &[4u8; 65]);
        cases.push(("explicit junk", KeySelection::PublicKey, p));
    } else {
        for (what, len) in
            [("31-byte priv", 31usize), ("33-byte priv", 33), ("empty priv", 0), ("1000-byte priv", 1000)]
        {
            let v = vec![7u8; len];
            cases.push((
                what,
                KeySelection::KeyPair,
                k.params(|p| {
                    p.octets("priv", &v);
                }),
            ));
        }
        cases.push((
            "priv as integer",
            KeySelection::KeyPair,
            k.params(|p| {
                p.raw("priv", ParamType::UnsignedInteger, &[7; 32]);
            }),
        ));
    }
    for (what, sel, p) in cases {
        if let Some(key) = clean(what, &name, Pkey::fromdata(ctx, k.alg, Some(PROPQ), sel, &p)) {
            // Whatever was accepted must survive the checks and parameter queries.
            for check in [KeyCheck::Full, KeyCheck::Public, KeyCheck::Private, KeyCheck::Pairwise, KeyCheck::Params] {
                clean("check of an odd import", &name, key.check(ctx, check, Some(PROPQ)));
            }
            // Queries of what such a key may not hold can fail without an error (as in OpenSSL: a parameter the
            // provider leaves unset is not an error); they must only not crash.
            let _ = key.encoded_public_key();
            let _ = key.todata(KeySelection::KeyPair);
        }
    }
}

/// Signature calls with absurd inputs (signature key types only).
fn hostile_signatures(ctx: &LibCtx, k: &Kind, key: &Pkey<'_>) {
    let name = k.name();
    let mds: &[Option<&str>] = if k.is_ec() {
        &[Some("SHA256"), Some("SHA3-512"), Some("SHAKE256"), Some("MD5"), Some("NOPE"), Some(""), None]
    } else {
        &[None, Some("SHA512"), Some("SHA256"), Some("NOPE")]
    };
    for &md in mds {
        for len in [0usize, 1, 100_000] {
            let msg = vec![0x3cu8; len];
            let sig = clean("digest_sign", &name, key.digest_sign(ctx, md, &msg, Some(PROPQ)));
            for bad in [vec![], vec![0u8; 1], vec![0x30u8; 7], vec![0xffu8; 64], vec![0u8; 10_000]] {
                clean("digest_verify of junk", &name, key.digest_verify(ctx, md, &msg, &bad, Some(PROPQ)));
            }
            if let Some(mut sig) = sig {
                let ok = clean("digest_verify", &name, key.digest_verify(ctx, md, &msg, &sig, Some(PROPQ)));
                assert_eq!(ok, Some(true), "{name}: own signature with {md:?} does not verify");
                // Truncated, extended and bit-flipped signatures never verify.
                let last = sig.len() - 1;
                sig[last] ^= 1;
                let flipped = clean("verify flipped", &name, key.digest_verify(ctx, md, &msg, &sig, Some(PROPQ)));
                assert_ne!(flipped, Some(true), "{name}: flipped signature verifies");
                sig[last] ^= 1;
                let cut = clean("verify truncated", &name, key.digest_verify(ctx, md, &msg, &sig[..last], Some(PROPQ)));
                assert_ne!(cut, Some(true), "{name}: truncated signature verifies");
                sig.push(0);
                let long = clean("verify extended", &name, key.digest_verify(ctx, md, &msg, &sig, Some(PROPQ)));
                assert_ne!(long, Some(true), "{name}: extended signature verifies");
            }
        }
    }
    if k.is_ec() {
        // Pre-hashed input of any length; output buffers too small for the signature.
        for hash_len in [0usize, 1, 20, 32, 64, 65, 4096] {
            let hash = vec![0x42u8; hash_len];
            clean("sign_prehash", &name, key.sign_prehash(ctx, &hash, None, Some(PROPQ), None));
            for cap in [0usize, 1, 8] {
                clean("sign_prehash tiny buffer", &name, key.sign_prehash(ctx, &hash, None, Some(PROPQ), Some(cap)));
            }
            clean("verify_prehash junk", &name, key.verify_prehash(ctx, &hash, &[0x30, 0], None, Some(PROPQ)));
        }
        for (k_, v) in [("nonce-type", 7u32), ("digest-size", u32::MAX)] {
            let mut p = Params::new();
            p.uint(k_, v);
            clean(k_, &name, key.sign_prehash(ctx, &[1u8; 32], Some(&p), Some(PROPQ), None));
        }
        let mut p = Params::new();
        p.utf8("digest", "SHAKE128");
        clean("XOF digest param", &name, key.sign_prehash(ctx, &[1u8; 32], Some(&p), Some(PROPQ), None));
    } else {
        for (k_, v) in [("instance", "Ed448"), ("instance", ""), ("instance", "Ed25519ph")] {
            let mut p = Params::new();
            p.utf8(k_, v).octets("context-string", &[1u8; 300]);
            clean("instance/context", &name, key.sign_prehash(ctx, &[1u8; 64], Some(&p), Some(PROPQ), None));
        }
    }
    // Tiny buffers for the gettable parameters of a signature context.
    for sign in [true, false] {
        for (p_, ty) in [("algorithm-id", ParamType::OctetString), ("digest", ParamType::Utf8String)] {
            for size in [0usize, 1] {
                let mut p = Params::new();
                p.request(p_, ty, size);
                let md = if k.is_ec() { Some("SHA256") } else { None };
                clean("tiny gettable", &name, key.signature_ctx_params(ctx, md, sign, &mut p, Some(PROPQ)));
            }
        }
    }
}

/// Key exchange with hostile peers and buffers (key-agreement key types only).
fn hostile_derives(ctx: &LibCtx, k: &Kind, key: &Pkey<'_>, others: &[(String, Pkey<'_>)]) {
    let name = k.name();
    for (other_name, other) in others {
        let r = key.derive(ctx, other, Some(PROPQ), false, None, None);
        if other_name != &name {
            assert!(r.is_err(), "{name}: derive with a {other_name} peer succeeded");
        }
        clean("derive", &name, r);
    }
    let peer = k.generate(ctx).expect("peer");
    for out_len in [0usize, 1, 1000] {
        clean("derive buffer", &name, key.derive(ctx, &peer, Some(PROPQ), false, None, Some(out_len)));
    }
    if let Ok(public) = Pkey::fromdata(
        ctx,
        k.alg,
        Some(PROPQ),
        KeySelection::PublicKey,
        &k.params(|p| {
            p.octets("pub", &peer.encoded_public_key().expect("pub"));
        }),
    ) {
        clean("derive from a public-only key", &name, public.derive(ctx, key, Some(PROPQ), false, None, None));
    }
    if !k.is_ec() {
        // X25519 has no exchange parameters (libcrypto refuses them before the module is called).
        return;
    }
    for (p_, v) in [("ecdh-cofactor-mode", 9i32), ("kdf-outlen", -1)] {
        let mut p = Params::new();
        p.int(p_, v);
        clean(p_, &name, key.derive(ctx, &peer, Some(PROPQ), false, Some(&p), None));
    }
    let mut p = Params::new();
    p.utf8("kdf-type", "X963KDF").utf8("kdf-digest", "SHA256").size_t("kdf-outlen", 1 << 40);
    clean("huge kdf-outlen", &name, key.derive(ctx, &peer, Some(PROPQ), false, Some(&p), None));
}

#[test]
fn every_key_type_survives_hostile_inputs() -> TestResult {
    // Without `default_properties = fips=yes`: X25519 is `fips=no`.
    let inst = Installation::with(&InstallOptions { fips_default: false, ..InstallOptions::default() })?;
    let ctx = inst.libctx()?;
    let mut keys = Vec::new();
    for k in &KINDS {
        let key = k.generate(&ctx).map_err(|e| format!("{}: cannot generate: {e:?}", k.name()))?;
        keys.push((k.name(), key));
    }
    for (k, (_, key)) in KINDS.iter().zip(&keys) {
        hostile_imports(&ctx, k);
        if k.alg != "X25519" {
            hostile_signatures(&ctx, k, key);
        }
        if k.alg != "ED25519" {
            hostile_derives(&ctx, k, key, &keys);
        }
    }
    let failures = FAILURES.load(Ordering::Relaxed);
    eprintln!("{failures} hostile calls failed cleanly");
    assert!(failures > 300, "only {failures} calls failed: the hostile calls did not reach the module");
    // Still operational: fresh keys sign, verify and agree.
    for k in &KINDS {
        let a = k.generate(&ctx)?;
        if k.alg == "X25519" || k.is_ec() {
            let b = k.generate(&ctx)?;
            assert_eq!(
                a.derive(&ctx, &b, Some(PROPQ), false, None, None)?,
                b.derive(&ctx, &a, Some(PROPQ), false, None, None)?
            );
        }
        if k.alg != "X25519" {
            let md = if k.is_ec() { Some("SHA256") } else { None };
            let sig = a.digest_sign(&ctx, md, b"still operational", Some(PROPQ))?;
            assert!(a.digest_verify(&ctx, md, b"still operational", &sig, Some(PROPQ))?);
        }
    }
    Ok(())
}
