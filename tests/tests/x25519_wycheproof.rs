//! Project Wycheproof X25519 vectors through the built module with real OpenSSL EVP calls: our key from the raw
//! private key (`EVP_PKEY_fromdata`, `priv`), the peer from the raw u-coordinate (`EVP_PKEY_fromdata`, `pub`),
//! then `EVP_PKEY_derive_set_peer_ex` (with EVP's peer check) and `EVP_PKEY_derive`, all with
//! `provider=ferrofips`. X25519 is `fips=no`, so the installation has no `fips=yes` default properties.
//!
//! Every case also runs through OpenSSL's default provider in a second library context, and ferrofips must
//! behave like it: the same secret when both derive one, a refusal (with an entry on OpenSSL's error stack)
//! when it refuses. On top of that:
//!
//! * `valid`: the secret equals `shared`;
//! * `acceptable` (twist points, non-canonical u-coordinates, low-order points): a secret, if any, equals
//!   `shared`. OpenSSL refuses an all-zero secret (the `ZeroSharedSecret` cases), so ferrofips must too.
//!
//! Any disagreement is listed with tcId, comment, flags and what each provider did. Afterwards the module must
//! still be operational. The same run happens in a child process with `FERROFIPS_CPU=portable`.

use std::collections::BTreeMap;
use std::env;

use ferrofips_evp::{ErrorStack, KeySelection, LibCtx, Params, Pkey, system_default};
use ferrofips_kat::wycheproof_xdh::{self, Expect, XdhCase};
use ferrofips_tests::{InstallOptions, Installation, PROPQ, PROVIDER_NAME, TestResult, child};

/// One provider to run a case through: a library context and the property query selecting it.
#[derive(Clone, Copy)]
struct Prov<'a> {
    ctx: &'a LibCtx,
    propq: Option<&'a str>,
}

/// How a case ended in one provider.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    /// A shared secret.
    Secret(Vec<u8>),
    /// Refused at this step; `true` if OpenSSL's error stack held a real entry.
    Refused(&'static str, bool),
}

fn key<'a>(p: Prov<'a>, field: &str, raw: &[u8]) -> Result<Pkey<'a>, ErrorStack> {
    let mut params = Params::new();
    params.octets(field, raw);
    let sel = if field == "priv" { KeySelection::KeyPair } else { KeySelection::PublicKey };
    Pkey::fromdata(p.ctx, "X25519", p.propq, sel, &params)
}

fn refusal(stage: &'static str, e: &ErrorStack) -> Outcome {
    Outcome::Refused(stage, e.errors.iter().any(|x| x.code != 0))
}

/// Runs one case through one provider (the error stack is empty afterwards).
fn derive(p: Prov<'_>, c: &XdhCase) -> Outcome {
    let out = (|| {
        let ours = key(p, "priv", &c.private).map_err(|e| refusal("private import", &e))?;
        let peer = key(p, "pub", &c.public).map_err(|e| refusal("peer import", &e))?;
        ours.derive(p.ctx, &peer, p.propq, false, None, None).map_err(|e| refusal("derive", &e))
    })();
    ErrorStack::clear();
    match out {
        Ok(z) => Outcome::Secret(z),
        Err(o) => o,
    }
}

/// Outcome counts of the file.
#[derive(Debug, Default)]
struct Tally {
    valid_matched: usize,
    acceptable_matched: usize,
    /// Acceptable cases both providers refused, by our stage.
    acceptable_refused: BTreeMap<&'static str, usize>,
    /// tcIds of the refused cases whose expected secret is all zero (`ZeroSharedSecret`).
    refused_zero_secret: Vec<u64>,
    /// Valid cases refused by both providers: (tcId, our stage, its stage).
    valid_refused_by_both: Vec<(u64, &'static str, &'static str)>,
}

fn show(o: &Outcome) -> String {
    match o {
        Outcome::Secret(z) => format!("secret {}", hex::encode(z)),
        Outcome::Refused(stage, err) => format!("refused at {stage}{}", if *err { "" } else { " (no OpenSSL error)" }),
    }
}

/// Runs the file; every disagreement (with the default provider or with the vector) is collected and reported.
fn run(ours: Prov<'_>, theirs: Prov<'_>) -> Result<Tally, Box<dyn std::error::Error>> {
    let cases = wycheproof_xdh::load()?;
    let mut t = Tally::default();
    let mut bugs = Vec::new();
    for c in &cases {
        let (a, b) = (derive(ours, c), derive(theirs, c));
        let both = || format!("{}: ferrofips {}; default provider {}", c.label(), show(&a), show(&b));
        match (&a, &b) {
            (Outcome::Secret(x), Outcome::Secret(y)) if x != y => bugs.push(format!("secrets differ: {}", both())),
            (Outcome::Secret(x), _) if x[..] != c.shared => bugs.push(format!("wrong secret: {}", both())),
            (Outcome::Secret(_), Outcome::Refused(..)) | (Outcome::Refused(..), Outcome::Secret(_)) => {
                bugs.push(format!("providers disagree: {}", both()));
            }
            (Outcome::Refused(_, false), _) => bugs.push(format!("refused without an OpenSSL error: {}", both())),
            (Outcome::Secret(_), Outcome::Secret(_)) => match c.result {
                Expect::Valid => t.valid_matched += 1,
                _ => t.acceptable_matched += 1,
            },
            (Outcome::Refused(sa, true), Outcome::Refused(sb, _)) => {
                if c.shared == [0; wycheproof_xdh::KEY_LEN] {
                    t.refused_zero_secret.push(c.tc_id);
                }
                match c.result {
                    Expect::Valid => t.valid_refused_by_both.push((c.tc_id, sa, sb)),
                    _ => *t.acceptable_refused.entry(sa).or_default() += 1,
                }
            }
        }
    }
    assert!(bugs.is_empty(), "X25519: {} cases disagree:\n{}", bugs.len(), bugs.join("\n"));
    let count = |r| cases.iter().filter(|c| c.result == r).count();
    // Nothing skipped: every case ended in one of the tallies.
    assert_eq!(t.valid_matched + t.valid_refused_by_both.len(), count(Expect::Valid));
    assert_eq!(t.acceptable_matched + t.acceptable_refused.values().sum::<usize>(), count(Expect::Acceptable));
    assert_eq!(count(Expect::Invalid), 0, "the loader's verdicts changed: invalid cases need their own rule");
    // OpenSSL's rule (RFC 7748 section 6.1's optional check): exactly the all-zero secrets are refused.
    let zero: Vec<u64> = cases.iter().filter(|c| c.shared == [0; wycheproof_xdh::KEY_LEN]).map(|c| c.tc_id).collect();
    assert!(!zero.is_empty() && cases.iter().filter(|c| c.has_flag("ZeroSharedSecret")).count() == zero.len());
    let refused = t.valid_refused_by_both.len() + t.acceptable_refused.values().sum::<usize>();
    assert_eq!((t.refused_zero_secret.as_slice(), refused), (zero.as_slice(), zero.len()), "refused cases: {t:?}");
    println!("Wycheproof X25519 through the module: {} cases, {t:?}", cases.len());
    Ok(t)
}

/// The module is still operational: status 1, a fresh key pair agrees both ways, and a known answer still holds.
fn still_operational(ctx: &LibCtx, known: &XdhCase) -> TestResult {
    let status = ctx.provider(PROVIDER_NAME).ok_or("ferrofips not active")?.int_param("status")?;
    assert_eq!(status, Some(1), "module not operational after the vectors");
    let a = Pkey::generate(ctx, "X25519", Some(PROPQ), &Params::new(), false)?;
    let b = Pkey::generate(ctx, "X25519", Some(PROPQ), &Params::new(), false)?;
    let z = a.derive(ctx, &b, Some(PROPQ), false, None, None)?;
    assert_eq!(z, b.derive(ctx, &a, Some(PROPQ), false, None, None)?);
    assert_eq!(z.len(), wycheproof_xdh::KEY_LEN);
    let p = Prov { ctx, propq: Some(PROPQ) };
    assert_eq!(derive(p, known), Outcome::Secret(known.shared.to_vec()), "{}", known.label());
    Ok(())
}

fn run_all() -> TestResult {
    // X25519 is `fips=no`: no `fips=yes` default properties, the provider named explicitly.
    let inst = Installation::with(&InstallOptions { fips_default: false, ..InstallOptions::default() })?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    child::check_portable_backends(&ctx)?;
    let t = run(Prov { ctx: &ctx, propq: Some(PROPQ) }, Prov { ctx: &sys, propq: None })?;
    if !t.valid_refused_by_both.is_empty() {
        println!("valid cases refused by ferrofips and the default provider: {:?}", t.valid_refused_by_both);
    }
    // Refusing a valid case is the rare exception (decided at run time), never the rule.
    assert!(t.valid_matched > 0 && t.valid_refused_by_both.len() < t.valid_matched, "{t:?}");
    let cases = wycheproof_xdh::load()?;
    let known = cases.iter().find(|c| c.result == Expect::Valid).ok_or("no valid case")?;
    still_operational(&ctx, known)
}

#[test]
fn wycheproof_x25519() -> TestResult {
    run_all()
}

#[test]
fn wycheproof_x25519_portable_backend() -> TestResult {
    const NAME: &str = "wycheproof_x25519_portable_backend";
    if !child::is_child(NAME) {
        let out = child::run_in_child(NAME, &[("FERROFIPS_CPU", "portable")])?;
        assert!(out.contains("backends: all soft (portable)"), "the child did not run on the portable backend");
        return Ok(());
    }
    assert_eq!(env::var("FERROFIPS_CPU").as_deref(), Ok("portable"));
    run_all()
}
