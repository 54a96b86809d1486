//! Differential tests against OpenSSL's default provider (in a second library context): random lengths,
//! random update splits, dupctx mid-stream, SHAKE with random output lengths, HMAC with random keys.

use ferrofips_evp::{Mac, MacCtx, Md, MdCtx, Params, system_default};
use ferrofips_tests::checks::{pieces, runner};
use ferrofips_tests::digests::{DIGESTS, hmac_digests};
use ferrofips_tests::{Installation, PROPQ, TestResult};
use proptest::collection::vec;
use proptest::prelude::*;

fn data() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![vec(any::<u8>(), 0..300), vec(any::<u8>(), 0..6000)]
}

#[test]
fn digests_split_updates_and_dup_match_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours: Vec<Md<'_>> = DIGESTS.iter().map(|d| Md::fetch(&ctx, d.name, Some(PROPQ))).collect::<Result<_, _>>()?;
    let theirs: Vec<Md<'_>> = DIGESTS.iter().map(|d| Md::fetch(&sys, d.name, None)).collect::<Result<_, _>>()?;
    let strategy = (0..DIGESTS.len(), data(), vec(any::<usize>(), 0..6), any::<usize>());
    runner(400).run(&strategy, |(i, data, cuts, dup_at)| {
        let expected = theirs[i].digest(&data).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let parts = pieces(&data, &cuts);
        let dup_at = dup_at % parts.len();
        let mut c = MdCtx::new(&ours[i]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut copy = None;
        for (k, p) in parts.iter().enumerate() {
            if k == dup_at {
                copy = Some(c.try_clone().map_err(|e| TestCaseError::fail(e.to_string()))?);
            }
            c.update(p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        let got = c.finish().map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&got, &expected, "{} len {} parts {}", DIGESTS[i].name, data.len(), parts.len());
        // The copy, taken before part `dup_at`, continues independently to the same result.
        let mut copy = copy.ok_or_else(|| TestCaseError::fail("no copy"))?;
        for p in &parts[dup_at..] {
            copy.update(p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(copy.finish().map_err(|e| TestCaseError::fail(e.to_string()))?, expected);
        Ok(())
    })?;
    Ok(())
}

#[test]
fn shake_random_output_lengths_match_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let names = ["SHAKE-128", "SHAKE-256"];
    let ours: Vec<Md<'_>> = names.iter().map(|n| Md::fetch(&ctx, n, Some(PROPQ))).collect::<Result<_, _>>()?;
    let theirs: Vec<Md<'_>> = names.iter().map(|n| Md::fetch(&sys, n, None)).collect::<Result<_, _>>()?;
    let strategy = (0..2usize, data(), vec(any::<usize>(), 0..4), 0..3000usize, any::<bool>());
    runner(300).run(&strategy, |(i, data, cuts, xoflen, via_param)| {
        let expected = theirs[i].digest_xof(&data, xoflen).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut c = MdCtx::new(&ours[i]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for p in pieces(&data, &cuts) {
            c.update(p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        let got = if via_param {
            // The "xoflen" ctx param followed by EVP_DigestFinal_ex. Before 3.4, EVP_DigestFinal_ex tells the
            // provider the buffer holds only the cached default size, so the module must refuse a longer
            // xoflen (with an error) rather than write past what it was promised.
            c.set_xoflen(xoflen).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let r = c.finish();
            if xoflen > ours[i].size() && ferrofips_evp::libcrypto_version() < (3, 4, 0) {
                let err = r.err().ok_or_else(|| TestCaseError::fail("final wrote more than EVP's outsz"))?;
                prop_assert!(!err.is_empty());
                return Ok(());
            }
            r.map_err(|e| TestCaseError::fail(e.to_string()))?
        } else {
            c.finish_xof(xoflen).map_err(|e| TestCaseError::fail(e.to_string()))?
        };
        prop_assert_eq!(got, expected, "{} len {} xoflen {} via_param {}", names[i], data.len(), xoflen, via_param);
        Ok(())
    })?;
    Ok(())
}

fn key() -> impl Strategy<Value = Vec<u8>> {
    // Empty, short, around the block sizes (64/128 bytes), and longer than any block.
    prop_oneof![Just(Vec::new()), vec(any::<u8>(), 1..40), vec(any::<u8>(), 60..140), vec(any::<u8>(), 140..400)]
}

#[test]
fn hmac_random_keys_and_digests_match_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Mac::fetch(&ctx, "HMAC", Some(PROPQ))?;
    let theirs = Mac::fetch(&sys, "HMAC", None)?;
    let digests: Vec<&str> = hmac_digests().map(|d| d.name).collect();
    let strategy = (0..digests.len(), key(), data(), vec(any::<usize>(), 0..5), any::<usize>());
    runner(400).run(&strategy, |(i, key, data, cuts, dup_at)| {
        let digest = digests[i];
        let expected = theirs.mac(digest, &key, &data).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut params = Params::new();
        params.utf8("digest", digest);
        let mut m = MacCtx::new(&ours).map_err(|e| TestCaseError::fail(e.to_string()))?;
        m.init(Some(&key), Some(&params)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(m.mac_size(), expected.len());
        let parts = pieces(&data, &cuts);
        let dup_at = dup_at % parts.len();
        let mut copy = None;
        for (k, p) in parts.iter().enumerate() {
            if k == dup_at {
                copy = Some(m.try_clone().map_err(|e| TestCaseError::fail(e.to_string()))?);
            }
            m.update(p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        let got = m.finish().map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&got, &expected, "HMAC-{} key {} data {}", digest, key.len(), data.len());
        let mut copy = copy.ok_or_else(|| TestCaseError::fail("no copy"))?;
        for p in &parts[dup_at..] {
            copy.update(p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(copy.finish().map_err(|e| TestCaseError::fail(e.to_string()))?, expected);
        Ok(())
    })?;
    Ok(())
}

/// Re-keying a context with `init` (new key, same digest) and reusing it after `final` gives fresh MACs.
#[test]
fn hmac_reinit_after_final_matches_default() -> TestResult {
    let inst = Installation::new()?;
    let ctx = inst.libctx()?;
    let sys = system_default()?;
    let ours = Mac::fetch(&ctx, "HMAC", Some(PROPQ))?;
    let theirs = Mac::fetch(&sys, "HMAC", None)?;
    let strategy = (vec((key(), vec(any::<u8>(), 0..500)), 1..5), 0..7usize);
    runner(100).run(&strategy, |(rounds, di)| {
        let digest = hmac_digests().nth(di).map_or("SHA2-256", |d| d.name);
        let mut params = Params::new();
        params.utf8("digest", digest);
        let mut m = MacCtx::new(&ours).map_err(|e| TestCaseError::fail(e.to_string()))?;
        m.init(Some(b"first key"), Some(&params)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (key, data) in rounds {
            m.init(Some(&key), None).map_err(|e| TestCaseError::fail(e.to_string()))?;
            m.update(&data).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let got = m.finish().map_err(|e| TestCaseError::fail(e.to_string()))?;
            let expected = theirs.mac(digest, &key, &data).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(got, expected);
        }
        Ok(())
    })?;
    Ok(())
}
