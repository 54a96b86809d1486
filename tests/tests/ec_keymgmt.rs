//! The EC key management through EVP under the ferrofips-only configuration: key generation with every group
//! spelling, the parameters libssl and the apps read, PEM through the `base` encoders/decoders (and across to
//! OpenSSL's default provider), `fromdata`/`todata` in every form OpenSSL's EC code uses, key checks and
//! `EVP_PKEY_eq`, libssl's parameter-copy and template paths, the TLS-GROUP capability, and clean failures on
//! bad keys.

use ferrofips_evp::{
    ErrorStack, KeyCheck, KeySelection, LibCtx, ParamType, ParamValue, Params, Pkey, system_default, tls_groups,
};
use ferrofips_kat::ecdsa;
use ferrofips_tests::{Installation, PROPQ, PROVIDER_NAME, TestResult};

const N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const P: &str = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
const A: &str = "ffffffff00000001000000000000000000000000fffffffffffffffffffffffc";
const B: &str = "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b";
const G: &str = "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
const SEED: &str = "c49d360886e704936a6678e1139d26b7819f7e90";

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).expect("hex constant")
}

/// A BIGNUM param's native-endian bytes from big-endian ones.
fn ne(be: &[u8]) -> Vec<u8> {
    let mut v = be.to_vec();
    if cfg!(target_endian = "little") {
        v.reverse();
    }
    v
}

/// Big-endian value of a native-endian BIGNUM, leading zeros removed.
fn be(native: &[u8]) -> Vec<u8> {
    let mut v = native.to_vec();
    if cfg!(target_endian = "little") {
        v.reverse();
    }
    let start = v.iter().position(|&b| b != 0).unwrap_or(v.len());
    v[start..].to_vec()
}

fn find<'v>(vals: &'v [ParamValue], key: &str) -> Option<&'v ParamValue> {
    vals.iter().find(|v| v.key == key)
}

fn text(vals: &[ParamValue], key: &str) -> Option<String> {
    find(vals, key).map(|v| String::from_utf8_lossy(&v.data).trim_end_matches('\0').to_owned())
}

fn ec_public<'a>(ctx: &'a LibCtx, propq: Option<&str>, point: &[u8]) -> Result<Pkey<'a>, ErrorStack> {
    let mut p = Params::new();
    p.utf8("group", "prime256v1").octets("pub", point);
    Pkey::fromdata(ctx, "EC", propq, KeySelection::PublicKey, &p)
}

fn ec_private<'a>(
    ctx: &'a LibCtx,
    propq: Option<&str>,
    d: &[u8],
    point: Option<&[u8]>,
) -> Result<Pkey<'a>, ErrorStack> {
    let mut p = Params::new();
    p.utf8("group", "P-256").raw("priv", ParamType::UnsignedInteger, &ne(d));
    if let Some(q) = point {
        p.octets("pub", q);
    }
    Pkey::fromdata(ctx, "EC", propq, KeySelection::KeyPair, &p)
}

/// The private scalar of a key, big-endian (via `get_params` "priv").
fn private_scalar(k: &Pkey<'_>) -> Result<Vec<u8>, ErrorStack> {
    let mut p = Params::new();
    p.request("priv", ParamType::UnsignedInteger, 64);
    k.get_params(&mut p)?;
    Ok(be(&p.data("priv").unwrap_or_default()))
}

#[test]
fn keygen_with_every_group_spelling_and_the_params_libssl_reads() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    for group in ["P-256", "prime256v1", "secp256r1", "SECP256R1", "p-256"] {
        let k = Pkey::generate_ec(&ctx, group, Some(PROPQ))?;
        assert_eq!(k.type_name(), "EC");
        assert!(k.is_a("id-ecPublicKey") && k.is_a("EC") && k.is_a("1.2.840.10045.2.1"));
        assert_eq!(k.group_name()?, "prime256v1", "{group}");
        assert_eq!(k.sizes(), (256, 128, 72));
        let mut p = Params::new();
        p.request_utf8("default-digest", 32)
            .request_utf8("point-format", 32)
            .request_utf8("encoding", 32)
            .request_utf8("group", 32)
            .request_utf8("field-type", 32)
            .request("pub", ParamType::OctetString, 133)
            .request("qx", ParamType::UnsignedInteger, 40)
            .request("qy", ParamType::UnsignedInteger, 40)
            .request("order", ParamType::UnsignedInteger, 40)
            .request("generator", ParamType::OctetString, 133)
            .request_int("use-cofactor-flag")
            .request_int("decoded-from-explicit");
        k.get_params(&mut p)?;
        assert_eq!(p.get_utf8("default-digest").as_deref(), Some("SHA256"));
        assert_eq!(p.get_utf8("point-format").as_deref(), Some("uncompressed"));
        assert_eq!(p.get_utf8("encoding").as_deref(), Some("named_curve"));
        assert_eq!(p.get_utf8("group").as_deref(), Some("prime256v1"));
        assert_eq!(p.get_utf8("field-type").as_deref(), Some("prime-field"));
        assert_eq!(p.get_int("use-cofactor-flag"), Some(0));
        assert_eq!(p.get_int("decoded-from-explicit"), Some(0));
        assert_eq!(be(&p.data("order").unwrap_or_default()), h(N));
        assert_eq!(p.get_octets("generator"), Some(h(G)));
        let enc = k.encoded_public_key()?;
        assert_eq!(enc.len(), 65);
        assert_eq!(enc[0], 4);
        assert_eq!(p.get_octets("pub"), Some(enc.clone()));
        assert_eq!(
            be(&p.data("qx").unwrap_or_default()),
            enc[1..33].iter().copied().skip_while(|&b| b == 0).collect::<Vec<_>>()
        );
        assert_eq!(
            be(&p.data("qy").unwrap_or_default()),
            enc[33..].iter().copied().skip_while(|&b| b == 0).collect::<Vec<_>>()
        );
        let d = private_scalar(&k)?;
        assert!(!d.is_empty() && d.len() <= 32);
        assert!(k.check(&ctx, KeyCheck::Full, Some(PROPQ))?);
    }
    for bad in ["secp256k1", "brainpoolP256r1", "", "prime256v1 "] {
        let r = Pkey::generate_ec(&ctx, bad, Some(PROPQ));
        assert!(r.is_err(), "group {bad:?} accepted");
    }
    Ok(())
}

#[test]
fn genpkey_params_select_point_format_and_param_only_generation() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let mut gp = Params::new();
    gp.utf8("group", "P-256").utf8("point-format", "compressed").utf8("encoding", "explicit");
    let k = Pkey::generate(&ctx, "EC", Some(PROPQ), &gp, false)?;
    let mut p = Params::new();
    p.request("pub", ParamType::OctetString, 133).request_utf8("encoding", 32);
    k.get_params(&mut p)?;
    let pubc = p.get_octets("pub").ok_or("no pub")?;
    assert_eq!(pubc.len(), 33);
    assert!(pubc[0] == 2 || pubc[0] == 3);
    assert_eq!(p.get_utf8("encoding").as_deref(), Some("explicit"));
    // libssl's encoded-pub-key is always uncompressed, and consistent with the compressed form.
    let enc = k.encoded_public_key()?;
    assert_eq!(enc.len(), 65);
    assert_eq!(&enc[1..33], &pubc[1..]);
    assert_eq!(pubc[0] & 1, enc[64] & 1);

    // Parameters only (libssl's server path): no key, but the group and sizes.
    let mut gp = Params::new();
    gp.utf8("group", "prime256v1");
    let params = Pkey::generate(&ctx, "EC", Some(PROPQ), &gp, true)?;
    assert_eq!(params.group_name()?, "prime256v1");
    assert!(params.encoded_public_key().is_err(), "a parameters-only key has no public key");
    // The template path (`gen_set_template`) generates on the template's group.
    let k2 = params.generate_like(&ctx, Some(PROPQ))?;
    assert_eq!(k2.group_name()?, "prime256v1");
    assert!(k2.check(&ctx, KeyCheck::Full, Some(PROPQ))?);
    // Unknown keygen options are refused; "use-cofactor-flag" 0/1 is accepted.
    let mut gp = Params::new();
    gp.utf8("group", "P-256").int("use-cofactor-flag", 1);
    Pkey::generate(&ctx, "EC", Some(PROPQ), &gp, false)?;
    let mut gp = Params::new();
    gp.utf8("group", "P-256").utf8("point-format", "sideways");
    assert!(Pkey::generate(&ctx, "EC", Some(PROPQ), &gp, false).is_err());
    Ok(())
}

#[test]
fn pem_round_trips_through_base_and_across_to_the_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let k = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let pem = k.to_pem(&ctx, true)?;
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "{pem}");
    let pub_pem = k.to_pem(&ctx, false)?;
    assert!(pub_pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{pub_pem}");

    // Back into ferrofips: the same key.
    let again = Pkey::from_pem(&ctx, pem.as_bytes(), true, Some(PROPQ))?;
    assert_eq!(again.eq_raw(&k), 1);
    assert_eq!(private_scalar(&again)?, private_scalar(&k)?);
    let pub_again = Pkey::from_pem(&ctx, pub_pem.as_bytes(), false, Some(PROPQ))?;
    assert_eq!(pub_again.eq_raw(&k), 1);
    assert_eq!(pub_again.encoded_public_key()?, k.encoded_public_key()?);
    assert!(private_scalar(&pub_again)?.is_empty());

    // Into the default provider: it reads the same key and writes the same PEM.
    let theirs = Pkey::from_pem(&sys, pem.as_bytes(), true, None)?;
    assert_eq!(theirs.encoded_public_key()?, k.encoded_public_key()?);
    assert_eq!(theirs.to_pem(&sys, true)?, pem);
    assert_eq!(theirs.to_pem(&sys, false)?, pub_pem);

    // A default-provider key comes into ferrofips intact.
    let native = Pkey::generate_ec(&sys, "P-256", None)?;
    let native_pem = native.to_pem(&sys, true)?;
    let imported = Pkey::from_pem(&ctx, native_pem.as_bytes(), true, Some(PROPQ))?;
    assert_eq!(imported.encoded_public_key()?, native.encoded_public_key()?);
    assert_eq!(imported.to_pem(&ctx, true)?, native_pem);
    assert!(imported.check(&ctx, KeyCheck::Full, Some(PROPQ))?);
    Ok(())
}

#[test]
fn todata_exports_what_the_base_encoders_import() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let k = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let all = k.todata(KeySelection::KeyPair)?;
    assert_eq!(text(&all, "group").as_deref(), Some("prime256v1"));
    assert_eq!(text(&all, "encoding").as_deref(), Some("named_curve"));
    assert_eq!(text(&all, "point-format").as_deref(), Some("uncompressed"));
    let pubv = find(&all, "pub").ok_or("no pub")?;
    assert_eq!(pubv.data_type, Some(ParamType::OctetString));
    assert_eq!(pubv.data, k.encoded_public_key()?);
    let privv = find(&all, "priv").ok_or("no priv")?;
    assert_eq!(privv.data_type, Some(ParamType::UnsignedInteger));
    assert_eq!(privv.data.len(), 32, "priv is padded to the order length");
    assert_eq!(be(&privv.data), private_scalar(&k)?);
    // A public selection carries no private key; a parameters selection no key at all.
    let public = k.todata(KeySelection::PublicKey)?;
    assert!(find(&public, "priv").is_none() && find(&public, "pub").is_some());
    let params = k.todata(KeySelection::KeyParameters)?;
    assert!(find(&params, "pub").is_none() && find(&params, "priv").is_none());
    assert_eq!(text(&params, "group").as_deref(), Some("prime256v1"));
    // What we export imports into the default provider as the same key.
    let sys = system_default()?;
    let mut p = Params::new();
    p.utf8("group", "prime256v1").octets("pub", &pubv.data).raw("priv", ParamType::UnsignedInteger, &privv.data);
    let theirs = Pkey::fromdata(&sys, "EC", None, KeySelection::KeyPair, &p)?;
    assert!(theirs.check(&sys, KeyCheck::Pairwise, None)?);
    Ok(())
}

#[test]
fn fromdata_accepts_every_form_openssl_uses() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    // ACVP KeyGen: a private key alone gets Q = d*G.
    for c in ecdsa::load_keygen("P-256")? {
        let k = ec_private(&ctx, Some(PROPQ), &c.d, None)?;
        let expect = [&[4u8][..], &c.qx, &c.qy].concat();
        assert_eq!(k.encoded_public_key()?, expect, "tcId {}", c.tc_id);
        assert!(k.check(&ctx, KeyCheck::Full, Some(PROPQ))?, "tcId {}", c.tc_id);
    }
    let k = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let q = k.encoded_public_key()?;
    // Compressed and hybrid public keys decode to the same point.
    let mut compressed = vec![2 | (q[64] & 1)];
    compressed.extend_from_slice(&q[1..33]);
    let mut hybrid = q.clone();
    hybrid[0] = 6 | (q[64] & 1);
    for form in [&q, &compressed, &hybrid] {
        let pk = ec_public(&ctx, Some(PROPQ), form)?;
        assert_eq!(pk.encoded_public_key()?, q);
        assert_eq!(pk.eq_raw(&k), 1);
        assert!(pk.check(&ctx, KeyCheck::Public, Some(PROPQ))?);
    }
    // Explicit parameters that are P-256's map onto the named curve (encoding stays explicit).
    let mut p = Params::new();
    p.utf8("field-type", "prime-field")
        .raw("p", ParamType::UnsignedInteger, &ne(&h(P)))
        .raw("a", ParamType::UnsignedInteger, &ne(&h(A)))
        .raw("b", ParamType::UnsignedInteger, &ne(&h(B)))
        .octets("generator", &h(G))
        .raw("order", ParamType::UnsignedInteger, &ne(&h(N)))
        .raw("cofactor", ParamType::UnsignedInteger, &[1])
        .octets("seed", &h(SEED))
        .octets("pub", &q);
    let ex = Pkey::fromdata(&ctx, "EC", Some(PROPQ), KeySelection::PublicKey, &p)?;
    assert_eq!(ex.group_name()?, "prime256v1");
    let mut gp = Params::new();
    gp.request_utf8("encoding", 32).request_int("decoded-from-explicit");
    ex.get_params(&mut gp)?;
    assert_eq!(gp.get_utf8("encoding").as_deref(), Some("explicit"));
    assert_eq!(gp.get_int("decoded-from-explicit"), Some(1));
    // Any other curve is refused: b changed by one bit.
    let mut b = h(B);
    b[31] ^= 1;
    let mut p = Params::new();
    p.utf8("field-type", "prime-field")
        .raw("p", ParamType::UnsignedInteger, &ne(&h(P)))
        .raw("a", ParamType::UnsignedInteger, &ne(&h(A)))
        .raw("b", ParamType::UnsignedInteger, &ne(&b))
        .octets("generator", &h(G))
        .raw("order", ParamType::UnsignedInteger, &ne(&h(N)))
        .octets("pub", &q);
    assert!(Pkey::fromdata(&ctx, "EC", Some(PROPQ), KeySelection::PublicKey, &p).is_err());
    Ok(())
}

#[test]
fn checks_match_and_libssl_parameter_copy() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let a = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    let b = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    for kind in [KeyCheck::Full, KeyCheck::Public, KeyCheck::Private, KeyCheck::Pairwise, KeyCheck::Params] {
        assert!(a.check(&ctx, kind, Some(PROPQ))?, "{kind:?}");
    }
    assert_eq!(a.eq_raw(&a.try_clone()?), 1);
    assert_eq!(a.eq_raw(&b), 0);
    assert_eq!(a.parameters_eq(&b), 1);
    // A private key with someone else's public key imports, but is not a consistent pair.
    let mixed = ec_private(&ctx, Some(PROPQ), &private_scalar(&a)?, Some(&b.encoded_public_key()?))?;
    assert!(mixed.check(&ctx, KeyCheck::Public, Some(PROPQ))?);
    assert!(mixed.check(&ctx, KeyCheck::Private, Some(PROPQ))?);
    assert!(!mixed.check(&ctx, KeyCheck::Pairwise, Some(PROPQ))?);
    assert!(!mixed.check(&ctx, KeyCheck::Full, Some(PROPQ))?);
    // The certificate-key match (legacy/other-provider key vs ours): a default-provider copy of a's public key.
    let sys = system_default()?;
    let theirs = ec_public(&sys, None, &a.encoded_public_key()?)?;
    assert_eq!(theirs.eq_raw(&a), 1);
    assert_eq!(a.eq_raw(&theirs), 1);
    assert_eq!(theirs.eq_raw(&b), 0);

    // libssl's client: copy the parameters of our share, then set the server's encoded point.
    let mut peer = a.copy_parameters()?;
    assert_eq!(peer.group_name()?, "prime256v1");
    peer.set_encoded_public_key(&b.encoded_public_key()?)?;
    assert_eq!(peer.encoded_public_key()?, b.encoded_public_key()?);
    assert_eq!(peer.eq_raw(&b), 1);
    // Invalid points are refused by set_params.
    let mut bad = b.encoded_public_key()?;
    bad[64] ^= 1;
    let mut peer2 = a.copy_parameters()?;
    assert!(peer2.set_encoded_public_key(&bad).is_err());
    assert!(peer2.set_encoded_public_key(&[4]).is_err());
    // A key with a private half refuses a different public key.
    let mut own = a.try_clone()?;
    assert!(own.set_encoded_public_key(&b.encoded_public_key()?).is_err());
    own.set_encoded_public_key(&a.encoded_public_key()?)?;
    Ok(())
}

#[test]
fn bad_keys_fail_cleanly_with_an_error() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let q = Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?.encoded_public_key()?;
    let mut off_curve = q.clone();
    off_curve[64] ^= 1;
    let mut x_too_big = q.clone();
    x_too_big[1..33].copy_from_slice(&h(P));
    let mut bad_hybrid = q.clone();
    bad_hybrid[0] = 6 | (1 - (q[64] & 1));
    let mut bad_prefix = q.clone();
    bad_prefix[0] = 5;
    let points: Vec<(&str, Vec<u8>)> = vec![
        ("off curve", off_curve),
        ("x = p", x_too_big),
        ("infinity", vec![0]),
        ("empty", vec![]),
        ("64 bytes", q[1..].to_vec()),
        ("66 bytes", [&q[..], &[0]].concat()),
        ("truncated", q[..64].to_vec()),
        ("compressed x = p", [&[2u8][..], &h(P)].concat()),
        ("hybrid, wrong parity", bad_hybrid),
        ("prefix 05", bad_prefix),
    ];
    for (what, point) in &points {
        let r = ec_public(&ctx, Some(PROPQ), point);
        let err = r.err().ok_or_else(|| format!("{what}: accepted"))?;
        assert!(!err.is_empty(), "{what}: no error raised");
    }
    let mut n_plus_1 = h(N);
    n_plus_1[31] += 1;
    let scalars: Vec<(&str, Vec<u8>)> = vec![
        ("zero", vec![0]),
        ("n", h(N)),
        ("n + 1", n_plus_1),
        ("all ones", vec![0xff; 32]),
        ("33 bytes", [&[1u8][..], &[0u8; 32]].concat()),
    ];
    for (what, d) in &scalars {
        let err = ec_private(&ctx, Some(PROPQ), d, None).err().ok_or_else(|| format!("priv {what}: accepted"))?;
        assert!(!err.is_empty(), "priv {what}: no error raised");
    }
    // Unknown group names and a selection without domain parameters.
    let mut p = Params::new();
    p.utf8("group", "brainpoolP256r1").octets("pub", &q);
    assert!(Pkey::fromdata(&ctx, "EC", Some(PROPQ), KeySelection::PublicKey, &p).is_err());
    let mut p = Params::new();
    p.utf8("group", "prime256v1").octets("pub", &q);
    assert!(Pkey::fromdata(&ctx, "EC", Some(PROPQ), KeySelection::Raw(2), &p).is_err());
    // Wrong parameter types.
    let mut p = Params::new();
    p.utf8("group", "prime256v1").utf8("pub", "04");
    assert!(Pkey::fromdata(&ctx, "EC", Some(PROPQ), KeySelection::PublicKey, &p).is_err());
    // The module keeps working afterwards.
    Pkey::generate_ec(&ctx, "P-256", Some(PROPQ))?;
    Ok(())
}

#[test]
fn tls_group_capability_lists_the_nist_curves() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let (ok, groups) = tls_groups(&ctx, PROVIDER_NAME, None)?;
    assert!(ok);
    // The X25519 group (its own key management) is checked in ecx_evp.rs.
    let groups: Vec<_> = groups.into_iter().filter(|g| g.alg == "EC").collect();
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["secp256r1", "P-256", "secp384r1", "P-384", "secp521r1", "P-521"]);
    for g in &groups {
        assert!(g.well_typed, "{g:?}");
        let want = match g.name.as_str() {
            "secp256r1" | "P-256" => ("prime256v1", "EC", 23, 128),
            "secp384r1" | "P-384" => ("secp384r1", "EC", 24, 192),
            _ => ("secp521r1", "EC", 25, 256),
        };
        assert_eq!((g.internal.as_str(), g.alg.as_str(), g.id, g.sec_bits), want);
        assert_eq!(g.versions, [0x0301, 0, 0xFEFF, 0]);
        assert_eq!(g.is_kem, Some(0));
        // libssl keeps a group only if its key management comes from the same provider: it does.
        let k = Pkey::generate_ec(&ctx, &g.internal, Some(PROPQ))?;
        assert_eq!(k.group_name()?, g.internal);
    }
    // The callback's 0 stops the listing and is passed on (libssl then fails SSL_CTX_new, as it should).
    let (ok, groups) = tls_groups(&ctx, PROVIDER_NAME, Some(1))?;
    assert!(!ok);
    assert_eq!(groups.len(), 1);
    Ok(())
}
