//! Published known answers for SSKDF, X963KDF, KBKDF, PBKDF2 and SSHKDF, through the module (`EVP_KDF`):
//!
//! * SSKDF: the SP 800-56C "non-official" vectors of `patrickfav/singlestep-kdf` (there are no NIST ones; NIST's
//!   ACVP KDA set in `kat-vectors` is OneStepNoCounter, which OpenSSL's SSKDF cannot express, so it is checked
//!   in the crypto crate's unit tests instead).
//! * X963KDF: NIST CAVP SP 800-135 `ansx963_2001.rsp`.
//! * KBKDF: NIST CAVP SP 800-108 `CounterMode` (CMAC-AES, `BEFORE_FIXED`) and `FeedbackMode` (`AFTER_ITER`),
//!   with the fixed input data as `info` and no label, separator or `L`; RFC 8009 §A (HMAC-SHA-256 counter
//!   mode with label, separator and `L`).
//! * PBKDF2: RFC 6070 §2 (HMAC-SHA-1) and RFC 7914 §11 (HMAC-SHA-256).
//! * SSHKDF: NIST CAVS 14.1 SP 800-135 SSH vectors (SHA-1, SHA-256).

use std::collections::BTreeMap;

use ferrofips_evp::{Kdf, KdfCtx, Params};
use ferrofips_tests::{Installation, PROPQ, TestResult};

use self::V::{B, H, I, S, U};

/// One parameter: a UTF-8 string, hex octets, raw octets or an integer.
#[derive(Clone, Copy)]
enum V {
    S(&'static str),
    H(&'static str),
    B(&'static [u8]),
    I(i32),
    U(u64),
}

struct Case {
    kdf: &'static str,
    params: &'static [(&'static str, V)],
    expected: &'static str,
    /// Outside the approved use (X9.63 with SHA-1; PBKDF2 below the SP 800-132 bounds): strict mode refuses it.
    unapproved: bool,
}

const fn c(kdf: &'static str, params: &'static [(&'static str, V)], expected: &'static str) -> Case {
    Case { kdf, params, expected, unapproved: false }
}

/// A case strict mode must refuse.
const fn u(kdf: &'static str, params: &'static [(&'static str, V)], expected: &'static str) -> Case {
    Case { kdf, params, expected, unapproved: true }
}

const SSH1_K: &str = "0000008055bae931c07fd824bf10add1902b6fbc7c665347383498a686929ff5a25f8e40cb6645ea814fb1a5e0a11f852f8625564\
                      1e5ed986e83a78bc8269480eac0b0dfd770cab92e7a28dd87ff452466d6ae867cead63b366b1c286e6c4811a9f14c27aea14c5\
                      171d49b78c06e3735d36e6a3be321dd5fc82308f34ee1cb17fba94a59";
const SSH1_H: &str = "a4ebd45934f56792b5112dcd75a1075fdc889245";
const SSH256_K: &str = "0000010044708c76616f700bd31b0c155ef74e36390eeb39bc5c32cdc90e21922b0ed930b5b519c8afebef0f4e4fb5b41b81d6\
                        49d2127506620b594e9899f7f0d442ecddd68308307b82f00065e9d75220a5a6f5641795772132215a236064ea965c6493c2\
                        1f89879730ebbc3c20a22d8f5bfd07b525b194323b22d8a49944d1aa58502e756101ef1e8a91c9310e71f6db65a3ad0a542c\
                        fa751f83721a99e89f1dbe54971a3620ecffc967aa55eed1a42d6e7a138b853557ac84689889f6d0c8553575fb89b4e13eab\
                        5537da72ef16f0d72f5e8505d97f110745193d550fa315fe88f672db90d73843e97ba1f3d087ba8eb39025bbffad37589a61\
                        99227303d9d8e7f1e3";
const SSH256_H: &str = "fe3727fd99a5ac7987c2cfbe062129e3027bf5e10310c6bccde9c916c8329dc2";
const SSH256_SID: &str = "fffa598bc0ad2ae84dc8dc05b1f72c5b0134025ae7edf8a2e8db11472e18e1fc";

macro_rules! ssh {
    ($md:expr, $k:expr, $h:expr, $sid:expr, $t:expr, $out:expr) => {
        c(
            "SSHKDF",
            &[("digest", S($md)), ("key", H($k)), ("xcghash", H($h)), ("session_id", H($sid)), ("type", S($t))],
            $out,
        )
    };
}

macro_rules! cavp_kbkdf {
    ($mode:expr, $cipher:expr, $r:expr, $ki:expr, $fixed:expr, $out:expr) => {
        c(
            "KBKDF",
            &[
                ("mode", S($mode)),
                ("mac", S("CMAC")),
                ("cipher", S($cipher)),
                ("use-l", I(0)),
                ("use-separator", I(0)),
                ("r", I($r)),
                ("key", H($ki)),
                ("info", H($fixed)),
            ],
            $out,
        )
    };
}

const CASES: &[Case] = &[
    c(
        "SSKDF",
        &[
            ("digest", S("SHA1")),
            ("secret", H("d09a6b1a472f930db4f5e6b967900744")),
            ("info", H("b117255ab5f1b6b96fc434b0")),
        ],
        "b5a3c52e97ae6e8c5069954354eab3c7",
    ),
    c(
        "SSKDF",
        &[("digest", S("SHA1")), ("secret", H("e340d87e2d7adbc1b95ec2dbdc3b82be"))],
        "a660c0037a53f76f1e7667043f5869348ad07ac0e272e615ce31f16d4ab90d4b35fe5c370c0010ce79aff45682c6fb8b97f9a05b7d40b5af3c62999a10df9c6d",
    ),
    c(
        "SSKDF",
        &[
            ("digest", S("SHA256")),
            ("key", H("afc4e154498d4770aa8365f6903dc83b")),
            ("info", H("662af20379b29d5ef813e655")),
        ],
        "f0b80d6ae4c1e19e2105a37024e35dc6",
    ),
    c(
        "SSKDF",
        &[
            ("digest", S("SHA512")),
            ("secret", H("108cf63318555c787fa578731dd4f037")),
            ("info", H("53191b1dd3f94d83084d61d6")),
        ],
        "0ad475c1826da3007637970c8b92b993",
    ),
    c(
        "SSKDF",
        &[
            ("mac", S("HMAC")),
            ("digest", S("SHA256")),
            ("secret", H("02b40d33e3f685aeae677ac344eeaf77")),
            ("salt", H("0ad52c9357c85e4781296a36ca72039c")),
            ("info", H("c67c389580128f18f6cf8592")),
        ],
        "be32e7d306d891028be088f213f9f947c50420d9b5a12ca69818dd9995dedd8e6137c7104d67f2ca90915dda0ab68af2f355b904f9eb0388b5b7fe193c9546d45849133d",
    ),
    u(
        "X963KDF",
        &[
            ("digest", S("SHA1")),
            ("secret", H("fd17198b89ab39c4ab5d7cca363b82f9fd7e23c3984dc8a2")),
            ("info", H("856a53f3e36a26bbc5792879f307cce2")),
        ],
        "6e5fad865cb4a51c95209b16df0cc490bc2c9064405c5bccd4ee4832a531fbe7f10cb79e2eab6ab1149fbd5a23cfdabc41242269c9df22f628c4424333855b64e95e2d4fb8469c669f17176c07d103376b10b384ec5763d8b8c610409f19aca8eb31f9d85cc61a8d6d4a03d03e5a506b78d6847e93d295ee548c65afedd2efec",
    ),
    c(
        "X963KDF",
        &[
            ("digest", S("SHA256")),
            ("secret", H("22518b10e70f2a3f243810ae3254139efbee04aa57c7af7d")),
            ("info", H("75eef81aa3041e33b80971203d2c0c52")),
        ],
        "c498af77161cc59f2962b9a713e2b215152d139766ce34a776df11866a69bf2e52a13d9c7c6fc878c50c5ea0bc7b00e0da2447cfd874f6cf92f30d0097111485500c90c3af8b487872d04685d14c8d1dc8d7fa08beb0ce0ababc11f0bd496269142d43525a78e5bc79a17f59676a5706dc54d54d4d1f0bd7e386128ec26afc21",
    ),
    c(
        "X963KDF",
        &[("digest", S("SHA384")), ("secret", H("d8554db1b392cd55c3fe957bed76af09c13ac2a9392f88f6"))],
        "671a46aada145162f8ddf1ca586a1cda",
    ),
    c(
        "X942KDF-CONCAT",
        &[("digest", S("SHA512")), ("secret", H("87fc0d8c4477485bb574f5fcea264b30885dc8d90ad82782"))],
        "947665fbb9152153ef460238506a0245",
    ),
    cavp_kbkdf!(
        "COUNTER",
        "AES128",
        8,
        "dff1e50ac0b69dc40f1051d46c2b069c",
        "c16e6e02c5a3dcc8d78b9ac1306877761310455b4e41469951d9e6c2245a064b33fd8c3b01203a7824485bf0a64060c4648b707d2607935699316ea5",
        "8be8f0869b3c0ba97b71863d1b9f7813"
    ),
    cavp_kbkdf!(
        "COUNTER",
        "AES128",
        16,
        "145c9e9365041f075ebde8ce26aa2149",
        "0d39b1c9c34d95b5b521971828c81d9f2dbdbc4af2ddd14f628721117e5c39faa030522b93cc07beb8f142fe36f674942453ec5518ca46c3e6842a73",
        "8a204ce7eab882fae3e2b8317fe431dba16dabb8fe5235525e7b61135e1b3c16"
    ),
    cavp_kbkdf!(
        "COUNTER",
        "AES192",
        24,
        "993305e59f34a94f62931fd7662bb5b73c77d8d4bc6a33ba",
        "fcceb2d7ac6a68717c2490ec95bebea484c4930d156683c43164dc53bff0bafcbfb31e920109927ef08e12f66f258b6f8ba284908faee7d3376e1bac",
        "40e358cfdeee0286d152fcb4626ff22e67eea3b65d8750a273001b67645804cbf613832201b0a9ba"
    ),
    cavp_kbkdf!(
        "COUNTER",
        "AES128",
        32,
        "b2fcf854b1029888aeb0274ca09bb21a",
        "a6b84baae7a6ceb1d63ed704757500c510c0a8bdc22d2f42af09f79c815f37f33b67dad0b30f428fc1e2d355f7f91f65acbedd2fdd5b8c38dd890407",
        "fe4c2c0242c5a295c008aeb87ae0815171de6173773292347f4f5ec07185c3f860b5667c199aad55"
    ),
    cavp_kbkdf!(
        "FEEDBACK",
        "AES-128-CBC",
        16,
        "d7f5fa7551645de0b36aecd46565f954",
        "fb5294ed40a0e4aa70a7be13913070a4c5cfc05f89b9f7dd26a493b8c63889c7c3b0b60dd6d598ffa296a426224c727a501946",
        "7164471f559812581a53aaf7fb6d6c53a1293115cda873887efcc7ce6b3a026b2d19f0d38db8590e218a2676df88f53cab3313ed63bd1e4828f3c066ea5eb1fd"
    ),
    c(
        "KBKDF",
        &[
            ("mode", S("FEEDBACK")),
            ("mac", S("HMAC")),
            ("digest", S("SHA256")),
            ("use-l", I(0)),
            ("use-separator", I(0)),
            ("key", H("93f698e842eed75394d629d957e2e89c6e741f810b623c8b901e38376d068e7b")),
            ("seed", H("9f575d9059d3e0c0803f08112f8a806de3c3471912cdf42b095388b14b33508e")),
            (
                "info",
                H(
                    "53b89c18690e2057a1d167822e636de50be0018532c431f7f5e37f77139220d5e042599ebe266af5767ee18cd2c5c19a1f0f80",
                ),
            ),
        ],
        "bd1476f43a4e315747cf5918e0ea5bc0d98769457477c3ab18b742def0e079a933b756365afb5541f253fee43c6fd788a44041038509e9eeb68f7d65ffbb5f95",
    ),
    c(
        "KBKDF",
        &[
            ("mac", S("HMAC")),
            ("digest", S("SHA256")),
            ("key", H("3705d96080c17728a0e800eab6e0d23c")),
            ("salt", H("0000000299")),
        ],
        "b31a018a48f54776f403e9a396325dc3",
    ),
    c(
        "KBKDF",
        &[
            ("mac", S("HMAC")),
            ("digest", S("SHA256")),
            ("key", H("3705d96080c17728a0e800eab6e0d23c")),
            ("salt", H("00000002aa")),
        ],
        "9b197dd1e8c5609d6e67c3e37c62c72e",
    ),
    c(
        "KBKDF",
        &[
            ("mac", S("HMAC")),
            ("digest", S("SHA256")),
            ("key", H("3705d96080c17728a0e800eab6e0d23c")),
            ("salt", H("0000000255")),
        ],
        "9fda0e56ab2d85e1569a688696c26a6c",
    ),
    u(
        "PBKDF2",
        &[("digest", S("SHA1")), ("pass", B(b"password")), ("salt", B(b"salt")), ("iter", U(1))],
        "0c60c80f961f0e71f3a9b524af6012062fe037a6",
    ),
    u(
        "PBKDF2",
        &[("digest", S("SHA1")), ("pass", B(b"password")), ("salt", B(b"salt")), ("iter", U(2))],
        "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957",
    ),
    u(
        "PBKDF2",
        &[("pass", B(b"password")), ("salt", B(b"salt")), ("iter", U(4096))],
        "4b007901b765489abead49d926f721d065a429c1",
    ),
    c(
        "PBKDF2",
        &[
            ("digest", S("SHA1")),
            ("pass", B(b"passwordPASSWORDpassword")),
            ("salt", B(b"saltSALTsaltSALTsaltSALTsaltSALTsalt")),
            ("iter", U(4096)),
        ],
        "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038",
    ),
    u(
        "PBKDF2",
        &[("digest", S("SHA1")), ("pass", B(b"pass\0word")), ("salt", B(b"sa\0lt")), ("iter", U(4096))],
        "56fa6aa75548099dcc37d7f03425e0c3",
    ),
    u(
        "PBKDF2",
        &[("digest", S("SHA256")), ("pass", B(b"passwd")), ("salt", B(b"salt")), ("iter", U(1))],
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
    ),
    u(
        "PBKDF2",
        &[("digest", S("SHA2-256")), ("pass", B(b"Password")), ("salt", B(b"NaCl")), ("iter", U(80000))],
        "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
    ),
    ssh!("SHA1", SSH1_K, SSH1_H, SSH1_H, "A", "e2f627c0b43f1ac1"),
    ssh!("SHA1", SSH1_K, SSH1_H, SSH1_H, "B", "58471445f342b181"),
    ssh!("SHA1", SSH1_K, SSH1_H, SSH1_H, "C", "1ca9d310f86d51f6cb8e7007cb2b220d55c5281ce680b533"),
    ssh!("SHA1", SSH1_K, SSH1_H, SSH1_H, "D", "2c60df8603d34cc1dbb03c11f725a44b44008851c73d6844"),
    ssh!("SHA1", SSH1_K, SSH1_H, SSH1_H, "E", "472eb8a26166ae6aa8e06868e45c3b26e6eeed06"),
    ssh!("SHA1", SSH1_K, SSH1_H, SSH1_H, "F", "e3e2fdb9d7bc21165a3dbe47e1eceb7764390bab"),
    ssh!("SHA256", SSH256_K, SSH256_H, SSH256_SID, "A", "36730bae8de5cb98898d6b4a00b37058"),
    ssh!("SHA256", SSH256_K, SSH256_H, SSH256_SID, "B", "5dfe446a83f40e8358d28cb97df8f340"),
    ssh!("SHA256", SSH256_K, SSH256_H, SSH256_SID, "C", "495b7afed0872b761437728e9e94e2b8"),
    ssh!("SHA256", SSH256_K, SSH256_H, SSH256_SID, "D", "c1474b3925bec36f0b7f6cc698e949c8"),
    ssh!(
        "SHA256",
        SSH256_K,
        SSH256_H,
        SSH256_SID,
        "E",
        "b730f8df6a0697645be261169486c32a11612229276cbac5d8b3669afb2e4262"
    ),
    ssh!(
        "SHA256",
        SSH256_K,
        SSH256_H,
        SSH256_SID,
        "F",
        "14a5ea98245fb058978b82a3cb092b1cca7ce0109a4f98c16e1529579d58b819"
    ),
];

fn build(case: &Case) -> Params {
    let mut p = Params::new();
    for &(k, v) in case.params {
        match v {
            S(s) => p.utf8(k, s),
            H(h) => p.octets(k, &hex::decode(h).expect("hex constant")),
            B(b) => p.octets(k, b),
            I(i) => p.int(k, i),
            U(u) => p.uint_wide(k, u128::from(u), 8),
        };
    }
    p
}

#[test]
fn published_vectors_through_the_module() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let strict = ferrofips_selftest::mode::strict();
    let mut per_kdf = BTreeMap::<String, usize>::new();
    for case in CASES {
        let kdf = Kdf::fetch(&ctx, case.kdf, Some(PROPQ))?;
        let expected = hex::decode(case.expected)?;
        let p = build(case);
        if strict && case.unapproved {
            assert!(kdf.derive(expected.len(), &p).is_err(), "{}: unapproved use served in strict mode", case.kdf);
            continue;
        }
        // Parameters given to derive, and (on a second context) set first and derived with none.
        assert_eq!(hex::encode(kdf.derive(expected.len(), &p)?), case.expected, "{}", case.kdf);
        let mut c = KdfCtx::new(&kdf)?;
        c.set_params(&p)?;
        assert_eq!(hex::encode(c.derive(expected.len(), None)?), case.expected, "{} (set, then derive)", case.kdf);
        *per_kdf.entry(kdf.name()).or_default() += 1;
    }
    println!("published vectors through the module: {per_kdf:?}");
    Ok(())
}
