//! ACVP AES-XTS and AES-CCM vectors on every AES backend usable here (ferrofips-kat loaders; bit-oriented XTS
//! data units are skipped by the loader and counted).

use ferrofips_crypto::Error;
use ferrofips_crypto::aes;
use ferrofips_crypto::modes::ccm::AesCcm;
use ferrofips_crypto::modes::xts::AesXts;
use ferrofips_kat::check::check;
use ferrofips_kat::{ccm, xts};

#[test]
fn acvp_xts_every_backend() {
    let v = xts::load().unwrap();
    assert_eq!(v.cases.len(), 104);
    for b in aes::backends() {
        for c in &v.cases {
            let x = AesXts::with_backend(&c.key, b).unwrap();
            let (input, want) = if c.encrypt { (&c.pt, &c.ct) } else { (&c.ct, &c.pt) };
            let mut data = input.clone();
            if c.encrypt {
                x.encrypt(&c.tweak, &mut data).unwrap();
            } else {
                x.decrypt(&c.tweak, &mut data).unwrap();
            }
            check(c.tc_id, want, &data).unwrap_or_else(|e| panic!("XTS {b}: {e}"));
        }
    }
    println!(
        "AES-XTS: {} cases x {} backends ({} bit-oriented skipped)",
        v.cases.len(),
        aes::backends().len(),
        v.skipped_bit_oriented
    );
}

#[test]
fn acvp_ccm_every_backend() {
    let cases = ccm::load().unwrap();
    assert_eq!(cases.len(), 8310);
    for b in aes::backends() {
        let mut rejected = 0;
        for c in &cases {
            let k = AesCcm::with_backend(&c.key, b).unwrap();
            if c.encrypt {
                let mut data = c.pt.clone();
                let mut tag = vec![0u8; c.tag.len()];
                k.encrypt(&c.nonce, &c.aad, &mut data, &mut tag).unwrap();
                check(c.tc_id, &c.ct, &data).unwrap_or_else(|e| panic!("CCM {b}: {e}"));
                check(c.tc_id, &c.tag, &tag).unwrap_or_else(|e| panic!("CCM {b} tag: {e}"));
            } else {
                let mut data = c.ct.clone();
                match k.decrypt(&c.nonce, &c.aad, &mut data, &c.tag) {
                    Ok(()) => {
                        assert!(c.passed, "CCM {b} tcId {}: a wrong tag was accepted", c.tc_id);
                        check(c.tc_id, &c.pt, &data).unwrap_or_else(|e| panic!("CCM {b}: {e}"));
                    }
                    Err(e) => {
                        assert!(!c.passed, "CCM {b} tcId {}: {e}", c.tc_id);
                        assert_eq!(e, Error::AuthenticationFailed);
                        assert!(data.iter().all(|&v| v == 0), "tcId {}: plaintext released", c.tc_id);
                        rejected += 1;
                    }
                }
            }
        }
        assert_eq!(rejected, 1451, "{b}");
    }
}
