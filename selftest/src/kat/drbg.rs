//! DRBG self-tests: the CTR_DRBG CAST ("DRBG"/"CTR", OpenSSL's `OSSL_SELF_TEST_DESC_DRBG_CTR`) and the entropy
//! source's start-up health test ("Continuous_RNG_Test"/"RNG", `OSSL_SELF_TEST_TYPE_CRNG` /
//! `OSSL_SELF_TEST_DESC_RNG`).
//!
//! **CAST.** SP 800-90A §11.3 health testing of instantiate, reseed and generate with a known answer: ACVP
//! `ctrDRBG-1.0` (NIST ACVP-Server sample vectors, `kat-vectors/data/ctrDRBG-1.0`), **tgId 11, tcId 151**:
//! AES-256, derivation function, no prediction resistance, with a reseed. The test instantiates, reseeds,
//! generates twice (512 bytes each, with additional input) and compares the second output; then it
//! uninstantiates and requires the state to be zeroized (SP 800-90A §9.4; OpenSSL's `verify_zeroization`).
//! It runs on the AES backend the module's DRBGs use (`CtrDrbg::new` takes the default backend). The same case
//! is run through OpenSSL's default-provider CTR-DRBG in `tests/tests/rand_evp.rs` to cross-check the value.
//!
//! **Entropy start-up test.** SP 800-90B §4.3 asks for the health tests over 1024 samples before the source is
//! first used; it is not a CAST but a health test. It runs here, at power-on (so before any DRBG is seeded), and
//! is reported through the same event sink so applications see it; a corrupt request replaces the samples with
//! a stuck value, which the Repetition Count Test must reject. A failure is persistent (the entropy source stays
//! in its error state, so every random-bit service fails) and fails the power-on.

use ferrofips_crypto::drbg::{Cipher, CtrDrbg};
use ferrofips_crypto::{aes, entropy};

use super::check;
use crate::SelfTestError;
use crate::events::{EventSink, ty};

/// OpenSSL's `OSSL_SELF_TEST_DESC_DRBG_CTR`.
const DESC_CTR: &str = "CTR";
/// OpenSSL's `OSSL_SELF_TEST_TYPE_CRNG`.
const TYPE_CRNG: &str = "Continuous_RNG_Test";
/// OpenSSL's `OSSL_SELF_TEST_DESC_RNG`.
const DESC_RNG: &str = "RNG";

/// ACVP ctrDRBG-1.0 tgId 11 tcId 151 (AES-256, df, no PR, reseed).
const ENTROPY: &str =
    "824FA76AA5C9E20C6380A28E559EAA65648533D8E3CE5B4A4DBFE36F8240771AEF1EAF3E12466A1EFCE4B85E7EF1D0DA";
const NONCE: &str = "0B787E6EE944A7D83FC51BA085924B0CA2E219198C75DDF67760C91094ACE1E4EB2401EA0233A411F7D1269F6A935251";
const PERS: &str = "938F03A784920ADA50A759573BCE6A657808768469BC6C1CC94B9E6E9EF691C1F8DD44B0C1731BF28771BBFB88C1DEBE";
const RESEED_ENTROPY: &str =
    "1905198EE57B21C6EF2DFCCC5D3E0711E669AE58C5EBBD8745AD0CE06A4A534522101470F9F7704A6E42379F779E4068";
const RESEED_ADIN: &str =
    "49A34A0C73CAE14013E9632A505CD1B86EB7C891BFA35B264956B3D669E710069B167D4BE2F058925CC7FEFC06830768";
const ADIN1: &str = "37B84882F09FA78F1B3C39E9B1B45AB7DB3CE2E8F428D427A370C5207A2A81A1CACB085AA1E03AB1B5429C317DDEDF0A";
const ADIN2: &str = "40A8E0E2AD426F318EBAB110E8DEF11BDE20802679EB0E4468E11A53FFE904FECFCC4E735C563B6F442829208BD20016";
const RETURNED: &str = concat!(
    "4E45E8FDD3745FC9FDED3EA10C2BE6C277CBD1740635AB58E6B5E386A2E97726FD3699D7DA5C69B7105C14C16DF71302",
    "AACD99D2CEEFE18CF5B0835C63C6260EEBF48A2D68F3294A7D7C2FC6D9AA4045F7034AC965950E56D54831BF86490534",
    "C09C276D065AC12A67942CB0D19AF2131EE3316B0CAD52FDB597A35F0A88F7BE9D3372EFE5E35DA2B87FACAF5ABFD477",
    "E85937E7B4BD3F37EACF582AC5DCEB41BDB425546929A1C11E6B899ECAEA67A493A5D2D435644C781F8848F20452E5B5",
    "037EFA99375F3E50DD828C6D15F2743BB982F61C2927491B9328821A2FDE67FD938CB4012598483874B825E20AAC9F84",
    "99C594E2BCDE24731EF653BEDFDA7CE69A3D101FD9E58B4D44C3E8AF8F955B76F39CB5A859D2E812D4A9C1783698583D",
    "142F592D088BA48A92D02485A2E190B447AB2C7EB3DE731A1BA07223336EF5F5AC8907FA47CE56C6AD53BD30C0CB2A14",
    "DBCF528DCFD50D498E1B157F77F9C8E22D1E6F31425A9CAC682BC4CD2852D3A12B38F6FE03A5870AFDE3559ACF2976A7",
    "1A13C0E1D2FC3AE49013A15912DE95477337228F1BCA1F949D29E17CC41033E51B4D7F56E7B26CAE715D90022496EE36",
    "918C9AAA7355378F53D21D65718B0C7DF6E0DC3BC41D7904BF2401F2A0F5E83F9F49D4DF8EAF39401F8AAE643F37E144",
    "3EBE9715D77309A1294E6E82A4870A43CF2AB4D594B05E157A30C914628B88C5",
);

/// Decodes a compile-time hex constant (upper-case, even length; anything else decodes to nothing).
fn unhex(s: &str) -> Vec<u8> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    s.as_bytes().chunks_exact(2).filter_map(|p| Some(digit(p[0])? << 4 | digit(p[1])?)).collect()
}

/// Instantiate, reseed, generate, generate; then uninstantiate and check zeroization.
fn ctr_drbg_answer(backend: aes::Backend) -> Result<Vec<u8>, ferrofips_crypto::Error> {
    let failed = |_| ferrofips_crypto::Error::Unsupported;
    let mut d = CtrDrbg::with_backend(Cipher::Aes256, true, backend).map_err(failed)?;
    d.instantiate(&unhex(ENTROPY), &unhex(NONCE), &unhex(PERS)).map_err(failed)?;
    d.reseed(&unhex(RESEED_ENTROPY), &unhex(RESEED_ADIN)).map_err(failed)?;
    let mut out = vec![0u8; RETURNED.len() / 2];
    d.generate(&mut out, &unhex(ADIN1)).map_err(failed)?;
    d.generate(&mut out, &unhex(ADIN2)).map_err(failed)?;
    d.uninstantiate();
    if !d.is_zeroized() {
        return Err(ferrofips_crypto::Error::Unsupported);
    }
    Ok(out)
}

/// Runs the entropy start-up test and the CTR_DRBG CAST.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    sink.begin(TYPE_CRNG, DESC_RNG);
    let started = entropy::system_startup(&mut || sink.corrupt());
    sink.end(started.is_ok());
    started.map_err(|_| SelfTestError::Failed { ty: TYPE_CRNG, desc: DESC_RNG })?;

    let backend = aes::default_backend();
    check(sink, (ty::DRBG, DESC_CTR), ("ctrDRBG-1.0 tcId 151", backend.name()), &unhex(RETURNED), || {
        ctr_drbg_answer(backend)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Recorder;

    #[test]
    fn vectors_decode_to_their_acvp_lengths() {
        for (v, n) in [(ENTROPY, 48), (NONCE, 48), (PERS, 48), (RESEED_ENTROPY, 48), (ADIN1, 48), (ADIN2, 48)] {
            assert_eq!(unhex(v).len(), n);
        }
        assert_eq!(unhex(RETURNED).len(), 512);
    }

    #[test]
    fn cast_passes_on_every_backend() {
        for b in aes::backends() {
            assert_eq!(ctr_drbg_answer(b).unwrap(), unhex(RETURNED), "{b}");
        }
        let mut r = Recorder::default();
        run(&mut r).unwrap();
        let seen: Vec<_> = r.events.iter().map(|e| (e.ty, e.desc, e.passed)).collect();
        assert_eq!(seen, [(TYPE_CRNG, DESC_RNG, Some(true)), (ty::DRBG, DESC_CTR, Some(true))]);
    }

    #[test]
    fn corrupted_cast_fails() {
        // (Corrupting the entropy start-up test here would leave this process's entropy source failed for the
        // other tests; the entropy module tests that path, and tests/tests/rand_health.rs does it in a child.)
        let mut r = Recorder::corrupting(Some(ty::DRBG), Some(DESC_CTR));
        assert!(matches!(run(&mut r), Err(SelfTestError::Failed { ty: "DRBG", desc: "CTR" })));
        assert_eq!(r.failures().count(), 1);
    }
}
