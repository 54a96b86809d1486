//! Differential tests of the provider's EVP_MACs "CMAC" and "GMAC" against OpenSSL's default provider
//! (proptest): random ciphers/keys, messages, chunkings, GMAC IV lengths (1 to 128 bytes), `EVP_MAC_CTX_dup`
//! mid-stream, and re-initialising a context for a second message.

use ferrofips_evp::{ErrorStack, LibCtx, Mac, MacCtx, Params, system_default};
use ferrofips_tests::checks::{pieces, runner};
use ferrofips_tests::{Installation, PROPQ, TestResult};
use proptest::collection::vec;
use proptest::prelude::*;

/// One MAC computation: the algorithm's parameters (cipher, key, IV...), then the message in pieces; the
/// context is duplicated after `dup_at` pieces and both copies must agree.
fn run(mac: &Mac<'_>, params: &Params, parts: &[&[u8]], dup_at: usize) -> Result<Vec<u8>, ErrorStack> {
    let mut c = MacCtx::new(mac)?;
    c.init(None, Some(params))?;
    let mut dup = None;
    for (i, p) in parts.iter().enumerate() {
        if i == dup_at {
            dup = Some(c.try_clone()?);
        }
        c.update(p)?;
        if let Some(d) = dup.as_mut() {
            d.update(p)?;
        }
    }
    let out = c.finish()?;
    if let Some(mut d) = dup {
        let twin = d.finish()?;
        if twin != out {
            return Err(ErrorStack::synthetic("EVP_MAC_CTX_dup copy produced a different MAC"));
        }
    }
    Ok(out)
}

struct Pair<'a> {
    ours: Mac<'a>,
    theirs: Mac<'a>,
}

fn pair<'a>(ours: &'a LibCtx, theirs: &'a LibCtx, name: &str) -> Result<Pair<'a>, ErrorStack> {
    Ok(Pair { ours: Mac::fetch(ours, name, Some(PROPQ))?, theirs: Mac::fetch(theirs, name, None)? })
}

fn key_len() -> impl Strategy<Value = usize> {
    prop_oneof![Just(16usize), Just(24), Just(32)]
}

#[test]
fn cmac_matches_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let (ctx, sys) = (inst.libctx()?, system_default()?);
    let p = pair(&ctx, &sys, "CMAC")?;
    let strategy = key_len()
        .prop_flat_map(|kl| (vec(any::<u8>(), kl), vec(any::<u8>(), 0..700), vec(0usize..700, 0..5), 0usize..6));
    runner(200).run(&strategy, |(key, msg, cuts, dup_at)| {
        let mut params = Params::new();
        params.utf8("cipher", &format!("AES-{}-CBC", key.len() * 8)).octets("key", &key);
        let parts = pieces(&msg, &cuts);
        let a = run(&p.ours, &params, &parts, dup_at).map_err(|e| TestCaseError::fail(format!("ours: {e}")))?;
        let b = run(&p.theirs, &params, &parts, dup_at).map_err(|e| TestCaseError::fail(format!("default: {e}")))?;
        prop_assert_eq!(a, b, "key {} bytes, message {} bytes in {} pieces", key.len(), msg.len(), parts.len());
        Ok(())
    })?;
    Ok(())
}

#[test]
fn gmac_matches_default_provider() -> TestResult {
    let inst = Installation::new()?;
    let (ctx, sys) = (inst.libctx()?, system_default()?);
    let p = pair(&ctx, &sys, "GMAC")?;
    let strategy = key_len().prop_flat_map(|kl| {
        (vec(any::<u8>(), kl), vec(any::<u8>(), 1..=128), vec(any::<u8>(), 0..700), vec(0usize..700, 0..5), 0usize..6)
    });
    runner(200).run(&strategy, |(key, iv, msg, cuts, dup_at)| {
        let mut params = Params::new();
        params.utf8("cipher", &format!("AES-{}-GCM", key.len() * 8)).octets("key", &key).octets("iv", &iv);
        let parts = pieces(&msg, &cuts);
        let a = run(&p.ours, &params, &parts, dup_at).map_err(|e| TestCaseError::fail(format!("ours: {e}")))?;
        let b = run(&p.theirs, &params, &parts, dup_at).map_err(|e| TestCaseError::fail(format!("default: {e}")))?;
        prop_assert_eq!(a, b, "key {}, IV {} bytes, message {} bytes", key.len(), iv.len(), msg.len());
        Ok(())
    })?;
    Ok(())
}

/// Second messages on one context: CMAC restarts with `init(NULL key)`; GMAC with a new IV; both agree with
/// the default provider doing the same.
#[test]
fn reinit_for_a_second_message_matches() -> TestResult {
    let inst = Installation::new()?;
    let (ctx, sys) = (inst.libctx()?, system_default()?);
    let cmac = pair(&ctx, &sys, "CMAC")?;
    let gmac = pair(&ctx, &sys, "GMAC")?;
    let strategy = (vec(any::<u8>(), 0..200), vec(any::<u8>(), 0..200), vec(any::<u8>(), 1..=32));
    runner(64).run(&strategy, |(m1, m2, iv2)| {
        let both = |mac: &Mac<'_>, first: &Params, second: &Params| -> Result<Vec<Vec<u8>>, ErrorStack> {
            let mut c = MacCtx::new(mac)?;
            c.init(Some(&[7u8; 32]), Some(first))?;
            c.update(&m1)?;
            let t1 = c.finish()?;
            c.init(None, Some(second))?;
            c.update(&m2)?;
            Ok(vec![t1, c.finish()?])
        };
        let mut first = Params::new();
        first.utf8("cipher", "AES-256-CBC");
        let none = Params::new();
        let ours = both(&cmac.ours, &first, &none).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(ours, both(&cmac.theirs, &first, &none).map_err(|e| TestCaseError::fail(e.to_string()))?);
        let mut first = Params::new();
        first.utf8("cipher", "AES-256-GCM").octets("iv", &[1u8; 12]);
        let mut second = Params::new();
        second.octets("iv", &iv2);
        let ours = both(&gmac.ours, &first, &second).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(ours, both(&gmac.theirs, &first, &second).map_err(|e| TestCaseError::fail(e.to_string()))?);
        Ok(())
    })?;
    Ok(())
}
