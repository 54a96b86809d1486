//! Project Wycheproof ECDH vectors (`ecdh_secp{256,384,521}r1_ecpoint_test.json`) against `ec::p256`,
//! `ec::p384` and `ec::p521` directly: known answers for every `valid` case (edge-case scalars and points,
//! shared secrets with special values, CVE-2017-8932 / CVE-2017-10176 regression points) and refusal of every
//! `invalid` one (points off the curve, on the twist, malformed encodings, impossible compressed points).
//!
//! Runs on whatever field backend is active (`FERROFIPS_CPU=portable` forces the portable one).

use std::collections::BTreeMap;

use ferrofips_crypto::Error;
use ferrofips_crypto::ec::{p256, p384, p521};
use ferrofips_kat::wycheproof_ecdh::{self, Curve, EcdhCase, Expect};

/// Where a case stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    /// `PublicKey::from_sec1` refused the peer point.
    Public,
    /// The private key does not fit the scalar length, or `SecretKey::from_bytes` refused it.
    Private,
    /// `ecdh` itself failed.
    Ecdh,
}

/// Full ECDH on one curve: (peer SEC 1 point, fixed-length private key) -> shared secret or the failing stage.
type DeriveFn = fn(&[u8], &[u8]) -> Result<Vec<u8>, Stage>;

/// One curve's API, erased to byte slices.
struct Api {
    /// `SecretKey::from_bytes`.
    secret_ok: fn(&[u8]) -> Result<(), Error>,
    /// Full ECDH.
    derive: DeriveFn,
    /// The backend in use.
    backend: fn() -> &'static str,
}

macro_rules! api {
    ($m:ident) => {
        Api {
            secret_ok: |d| $m::SecretKey::from_bytes(d).map(|_| ()),
            derive: |public, private| {
                let peer = $m::PublicKey::from_sec1(public).map_err(|e| {
                    assert_eq!(e, Error::InvalidKey);
                    Stage::Public
                })?;
                let sk = $m::SecretKey::from_bytes(private).map_err(|_| Stage::Private)?;
                $m::ecdh(&sk, &peer).map(|z| z.to_vec()).map_err(|_| Stage::Ecdh)
            },
            backend: $m::backend_name,
        }
    };
}

fn api(curve: Curve) -> Api {
    match curve {
        Curve::P256 => api!(p256),
        Curve::P384 => api!(p384),
        Curve::P521 => api!(p521),
    }
}

/// Outcome counts of one curve.
#[derive(Debug, Default)]
struct Tally {
    valid_matched: usize,
    invalid_refused: BTreeMap<Stage, usize>,
    acceptable_matched: usize,
    acceptable_refused: usize,
}

fn run_case(api: &Api, c: &EcdhCase, tally: &mut Tally) {
    // The raw file bytes are accepted only when they already have the scalar length.
    if c.private.len() != c.curve.scalar_len() {
        assert_eq!((api.secret_ok)(&c.private), Err(Error::InvalidKey), "{}: unnormalised key accepted", c.label());
    }
    let got = match c.private_fixed() {
        None => Err(Stage::Private),
        Some(d) => (api.derive)(&c.public, &d),
    };
    match (c.result, got) {
        (Expect::Valid, Ok(z)) => {
            assert_eq!(hex::encode(&z), hex::encode(&c.shared), "{}: wrong shared secret", c.label());
            tally.valid_matched += 1;
        }
        (Expect::Valid, Err(stage)) => panic!("{}: valid case refused at {stage:?}", c.label()),
        (Expect::Invalid, Ok(z)) => panic!("{}: invalid case produced a secret {}", c.label(), hex::encode(z)),
        (Expect::Invalid, Err(stage)) => *tally.invalid_refused.entry(stage).or_default() += 1,
        (Expect::Acceptable, Ok(z)) => {
            assert_eq!(hex::encode(&z), hex::encode(&c.shared), "{}: wrong shared secret", c.label());
            tally.acceptable_matched += 1;
        }
        (Expect::Acceptable, Err(_)) => tally.acceptable_refused += 1,
    }
}

fn run(curve: Curve, min_cases: usize) -> Tally {
    let api = api(curve);
    let cases = wycheproof_ecdh::load(curve).unwrap();
    assert!(cases.len() >= min_cases, "{curve:?}: only {} cases", cases.len());
    let mut tally = Tally::default();
    for c in &cases {
        run_case(&api, c, &mut tally);
    }
    let count = |r| cases.iter().filter(|c| c.result == r).count();
    // Nothing skipped: every case ended in one of the tallies.
    assert_eq!(tally.valid_matched, count(Expect::Valid), "{curve:?}");
    assert_eq!(tally.invalid_refused.values().sum::<usize>(), count(Expect::Invalid), "{curve:?}");
    assert_eq!(tally.acceptable_matched + tally.acceptable_refused, count(Expect::Acceptable), "{curve:?}");
    println!("Wycheproof ECDH {} (backend {}): {} cases, {tally:?}", curve.nist_name(), (api.backend)(), cases.len());
    tally
}

/// Every Wycheproof `invalid` case here is a bad peer point, so full public-key validation refuses all of them
/// at decoding; the `acceptable` cases are compressed points, which `from_sec1` supports.
fn check_stages(t: &Tally, curve: Curve) {
    assert_eq!(t.invalid_refused.keys().collect::<Vec<_>>(), [&Stage::Public], "{curve:?}: {t:?}");
    assert_eq!((t.acceptable_matched, t.acceptable_refused), (1, 0), "{curve:?}: {t:?}");
}

#[test]
fn p256() {
    let t = run(Curve::P256, 355);
    assert!(t.valid_matched >= 330);
    check_stages(&t, Curve::P256);
}

#[test]
fn p384() {
    let t = run(Curve::P384, 790);
    assert!(t.valid_matched >= 771);
    check_stages(&t, Curve::P384);
}

#[test]
fn p521() {
    let t = run(Curve::P521, 661);
    assert!(t.valid_matched >= 632);
    check_stages(&t, Curve::P521);
}
