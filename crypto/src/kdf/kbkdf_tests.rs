//! Known answers for KBKDF: NIST CAVP SP 800-108 vectors (`CounterMode.zip`: `[CTRLOCATION=BEFORE_FIXED]`;
//! `FeedbackModeNOzeroiv` / `FeedbackModenoZeroIV`: `[CTRLOCATION=AFTER_ITER]`), whose `FixedInputData` is passed
//! as the context with no label, separator or `L`; and RFC 8009 §A (KDF-HMAC-SHA2 is counter mode, r = 32, with
//! label, separator and `L`).

use super::*;
use crate::digest::{Algorithm, backends};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

fn fixed(mode: KbkdfMode, r: u32, context: &[u8]) -> KbkdfParams<'_> {
    KbkdfParams { mode, counter_bits: r, label: &[], context, iv: &[], use_l: false, use_separator: false }
}

fn derive(prf: &mut KbkdfPrf, p: &KbkdfParams<'_>, len: usize) -> Result<Vec<u8>, Error> {
    let mut out = vec![0u8; len];
    kbkdf(prf, p, &mut out).map(|()| out)
}

/// Every (backend) HMAC-`alg` keyed with `key`.
fn hmacs(alg: Algorithm, key: &[u8]) -> Vec<KbkdfPrf> {
    backends(alg).into_iter().map(|b| KbkdfPrf::hmac(HmacHash::with_backend(alg, b).unwrap(), key).unwrap()).collect()
}

#[test]
fn cavp_counter_mode_cmac() {
    // (r, KI, FixedInputData, KO), [PRF=CMAC_AES128|192|256], COUNT=0/10/30.
    let cases = [
        (
            8,
            "dff1e50ac0b69dc40f1051d46c2b069c",
            "c16e6e02c5a3dcc8d78b9ac1306877761310455b4e41469951d9e6c2245a064b33fd8c3b01203a7824485bf0a64060c4648b707d\
             2607935699316ea5",
            "8be8f0869b3c0ba97b71863d1b9f7813",
        ),
        (
            16,
            "145c9e9365041f075ebde8ce26aa2149",
            "0d39b1c9c34d95b5b521971828c81d9f2dbdbc4af2ddd14f628721117e5c39faa030522b93cc07beb8f142fe36f674942453ec55\
             18ca46c3e6842a73",
            "8a204ce7eab882fae3e2b8317fe431dba16dabb8fe5235525e7b61135e1b3c16",
        ),
        (
            32,
            "b2fcf854b1029888aeb0274ca09bb21a",
            "a6b84baae7a6ceb1d63ed704757500c510c0a8bdc22d2f42af09f79c815f37f33b67dad0b30f428fc1e2d355f7f91f65acbedd2f\
             dd5b8c38dd890407",
            "fe4c2c0242c5a295c008aeb87ae0815171de6173773292347f4f5ec07185c3f860b5667c199aad55",
        ),
        (
            24,
            "993305e59f34a94f62931fd7662bb5b73c77d8d4bc6a33ba",
            "fcceb2d7ac6a68717c2490ec95bebea484c4930d156683c43164dc53bff0bafcbfb31e920109927ef08e12f66f258b6f8ba28490\
             8faee7d3376e1bac",
            "40e358cfdeee0286d152fcb4626ff22e67eea3b65d8750a273001b67645804cbf613832201b0a9ba",
        ),
    ];
    for (r, ki, fixed_input, ko) in cases {
        let mut prf = KbkdfPrf::cmac(&h(ki)).unwrap();
        let context = h(fixed_input);
        let out = derive(&mut prf, &fixed(KbkdfMode::Counter, r, &context), ko.len() / 2).unwrap();
        assert_eq!(hex::encode(out), ko, "r = {r}");
    }
}

#[test]
fn cavp_feedback_mode() {
    // [PRF=CMAC_AES128][CTRLOCATION=AFTER_ITER][RLEN=16_BITS], IVlen = 0, L = 512.
    let mut prf = KbkdfPrf::cmac(&h("d7f5fa7551645de0b36aecd46565f954")).unwrap();
    let context =
        h("fb5294ed40a0e4aa70a7be13913070a4c5cfc05f89b9f7dd26a493b8c63889c7c3b0b60dd6d598ffa296a426224c727a501946");
    let out = derive(&mut prf, &fixed(KbkdfMode::Feedback, 16, &context), 64).unwrap();
    assert_eq!(
        hex::encode(out),
        "7164471f559812581a53aaf7fb6d6c53a1293115cda873887efcc7ce6b3a026b2d19f0d38db8590e218a2676df88f53cab3313ed63bd1e4828f3c066ea5eb1fd"
    );
    // [PRF=HMAC_SHA256][CTRLOCATION=AFTER_ITER][RLEN=32_BITS], 256-bit IV, L = 512.
    let context =
        h("53b89c18690e2057a1d167822e636de50be0018532c431f7f5e37f77139220d5e042599ebe266af5767ee18cd2c5c19a1f0f80");
    let iv = h("9f575d9059d3e0c0803f08112f8a806de3c3471912cdf42b095388b14b33508e");
    for mut prf in hmacs(Algorithm::Sha256, &h("93f698e842eed75394d629d957e2e89c6e741f810b623c8b901e38376d068e7b")) {
        let p = KbkdfParams { iv: &iv, ..fixed(KbkdfMode::Feedback, 32, &context) };
        let out = derive(&mut prf, &p, 64).unwrap();
        assert_eq!(
            hex::encode(out),
            "bd1476f43a4e315747cf5918e0ea5bc0d98769457477c3ab18b742def0e079a933b756365afb5541f253fee43c6fd788a44041038509e9eeb68f7d65ffbb5f95"
        );
    }
}

#[test]
fn rfc8009_counter_mode_hmac() {
    // aes128-cts-hmac-sha256-128, base key 3705D960..., Kc/Ke/Ki for key usage 2 (labels 0x0000000299/AA/55).
    let key = h("3705d96080c17728a0e800eab6e0d23c");
    for (label, expected) in [
        ("0000000299", "b31a018a48f54776f403e9a396325dc3"),
        ("00000002aa", "9b197dd1e8c5609d6e67c3e37c62c72e"),
        ("0000000255", "9fda0e56ab2d85e1569a688696c26a6c"),
    ] {
        let label = h(label);
        for mut prf in hmacs(Algorithm::Sha256, &key) {
            let p = KbkdfParams {
                mode: KbkdfMode::Counter,
                counter_bits: 32,
                label: &label,
                context: &[],
                iv: &[],
                use_l: true,
                use_separator: true,
            };
            assert_eq!(hex::encode(derive(&mut prf, &p, 16).unwrap()), expected);
        }
    }
}

#[test]
fn limits_follow_openssl() {
    let mut prf = KbkdfPrf::cmac(&[7; 16]).unwrap();
    let ctx = b"context";
    // Counter mode, r = 8: at most 255 whole blocks (a partial 256th block is still accepted, as OpenSSL does).
    let p = fixed(KbkdfMode::Counter, 8, ctx);
    assert!(derive(&mut prf, &p, 255 * 16 + 15).is_ok());
    assert_eq!(derive(&mut prf, &p, 256 * 16), Err(Error::InvalidLength));
    // Feedback mode wraps the counter instead: block 257 reuses counter byte 0x01 but chains K(256).
    let f = fixed(KbkdfMode::Feedback, 8, ctx);
    let long = derive(&mut prf, &f, 300 * 16).unwrap();
    assert_eq!(long[..16], derive(&mut prf, &f, 16).unwrap()[..]);
    for bad_r in [0, 7, 12, 40] {
        assert_eq!(derive(&mut prf, &fixed(KbkdfMode::Counter, bad_r, ctx), 16), Err(Error::InvalidLength));
    }
    assert_eq!(derive(&mut prf, &p, 0), Err(Error::InvalidLength));
    // The IV must be empty or one PRF output (checked in both modes).
    for mode in [KbkdfMode::Counter, KbkdfMode::Feedback] {
        let bad = KbkdfParams { iv: &[1; 15], ..fixed(mode, 32, ctx) };
        assert_eq!(derive(&mut prf, &bad, 16), Err(Error::InvalidLength));
        let good = KbkdfParams { iv: &[1; 16], ..fixed(mode, 32, ctx) };
        assert!(derive(&mut prf, &good, 16).is_ok());
    }
    assert!(KbkdfPrf::cmac(&[0; 20]).is_err());
    assert_eq!(KbkdfPrf::hmac(HmacHash::new(Algorithm::Sha384).unwrap(), b"k").unwrap().output_len(), 48);
}

#[test]
fn each_input_matters() {
    let mut prf = KbkdfPrf::hmac(HmacHash::new(Algorithm::Sha256).unwrap(), &[9; 32]).unwrap();
    let base = KbkdfParams {
        mode: KbkdfMode::Counter,
        counter_bits: 32,
        label: b"label",
        context: b"context",
        iv: &[],
        use_l: true,
        use_separator: true,
    };
    let reference = derive(&mut prf, &base, 40).unwrap();
    let variants = [
        KbkdfParams { mode: KbkdfMode::Feedback, ..base },
        KbkdfParams { counter_bits: 16, ..base },
        KbkdfParams { label: b"labe", ..base },
        KbkdfParams { context: b"contexT", ..base },
        KbkdfParams { use_l: false, ..base },
        KbkdfParams { use_separator: false, ..base },
    ];
    for v in &variants {
        assert_ne!(derive(&mut prf, v, 40).unwrap(), reference, "{v:?}");
    }
    // The keyed state is reusable: deriving again gives the same answer.
    assert_eq!(derive(&mut prf, &base, 40).unwrap(), reference);
}
