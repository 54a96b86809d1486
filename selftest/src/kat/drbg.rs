//! DRBG self-tests: a CAST per SP 800-90A mechanism — CTR_DRBG ("DRBG"/"CTR", OpenSSL's
//! `OSSL_SELF_TEST_DESC_DRBG_CTR`), Hash_DRBG ("DRBG"/"HASH", `..._DRBG_HASH`) and HMAC_DRBG ("DRBG"/"HMAC",
//! `..._DRBG_HMAC`) — and the entropy source's start-up health test ("Continuous_RNG_Test"/"RNG",
//! `OSSL_SELF_TEST_TYPE_CRNG` / `OSSL_SELF_TEST_DESC_RNG`).
//!
//! **CASTs.** SP 800-90A §11.3 health testing of instantiate, reseed and generate with a known answer, each an
//! ACVP case with a reseed and no prediction resistance (NIST ACVP-Server sample vectors, in
//! `kat-vectors/data/`):
//! * CTR_DRBG: `ctrDRBG-1.0` **tgId 11, tcId 151** (AES-256, derivation function);
//! * Hash_DRBG: `hashDRBG-1.0` **tgId 14, tcId 196** (SHA2-256);
//! * HMAC_DRBG: `hmacDRBG-1.0` **tgId 14, tcId 196** (SHA2-256).
//!
//! Each test instantiates, reseeds (entropy + additional input), generates twice (512 bytes each, with
//! additional input) and compares the second output; then it uninstantiates and requires the state to be
//! zeroized (SP 800-90A §9.4; OpenSSL's `verify_zeroization`). Each runs on the backend the module's DRBGs use
//! (the default AES / SHA-256 backend). The same cases run through OpenSSL's default-provider DRBGs in
//! `tests/tests/rand_evp.rs` and `rand_digest.rs`, cross-checking the compiled-in values.
//!
//! **Entropy start-up test.** SP 800-90B §4.3 asks for the health tests over 1024 samples before the source is
//! first used; it is not a CAST but a health test. It runs here, at power-on (so before any DRBG is seeded), and
//! is reported through the same event sink so applications see it; a corrupt request replaces the samples with
//! a stuck value, which the Repetition Count Test must reject. A failure is persistent (the entropy source stays
//! in its error state, so every random-bit service fails) and fails the power-on.

use ferrofips_crypto::digest::{self, Algorithm};
use ferrofips_crypto::drbg::{Cipher, CtrDrbg, Drbg, HashDrbg, HmacDrbg};
use ferrofips_crypto::{aes, entropy};

use super::check;
use crate::SelfTestError;
use crate::events::{EventSink, ty};

/// OpenSSL's `OSSL_SELF_TEST_DESC_DRBG_CTR`.
const DESC_CTR: &str = "CTR";
/// OpenSSL's `OSSL_SELF_TEST_DESC_DRBG_HASH`.
const DESC_HASH: &str = "HASH";
/// OpenSSL's `OSSL_SELF_TEST_DESC_DRBG_HMAC`.
const DESC_HMAC: &str = "HMAC";
/// The digest of the Hash_DRBG and HMAC_DRBG CASTs.
const KAT_DIGEST: Algorithm = Algorithm::Sha256;
/// OpenSSL's `OSSL_SELF_TEST_TYPE_CRNG`.
const TYPE_CRNG: &str = "Continuous_RNG_Test";
/// OpenSSL's `OSSL_SELF_TEST_DESC_RNG`.
const DESC_RNG: &str = "RNG";

/// One DRBG known answer: instantiate, reseed, generate, generate (all hex, upper-case).
struct Kat {
    entropy: &'static str,
    nonce: &'static str,
    pers: &'static str,
    reseed_entropy: &'static str,
    reseed_adin: &'static str,
    adin1: &'static str,
    adin2: &'static str,
    returned: &'static str,
}

// ctrDRBG-1.0 AES-256 df tgId 11 tcId 151
const CTR_KAT: Kat = Kat {
    entropy: "824FA76AA5C9E20C6380A28E559EAA65648533D8E3CE5B4A4DBFE36F8240771AEF1EAF3E12466A1EFCE4B85E7EF1D0DA",
    nonce: "0B787E6EE944A7D83FC51BA085924B0CA2E219198C75DDF67760C91094ACE1E4EB2401EA0233A411F7D1269F6A935251",
    pers: "938F03A784920ADA50A759573BCE6A657808768469BC6C1CC94B9E6E9EF691C1F8DD44B0C1731BF28771BBFB88C1DEBE",
    reseed_entropy: "1905198EE57B21C6EF2DFCCC5D3E0711E669AE58C5EBBD8745AD0CE06A4A534522101470F9F7704A6E42379F779E4068",
    reseed_adin: "49A34A0C73CAE14013E9632A505CD1B86EB7C891BFA35B264956B3D669E710069B167D4BE2F058925CC7FEFC06830768",
    adin1: "37B84882F09FA78F1B3C39E9B1B45AB7DB3CE2E8F428D427A370C5207A2A81A1CACB085AA1E03AB1B5429C317DDEDF0A",
    adin2: "40A8E0E2AD426F318EBAB110E8DEF11BDE20802679EB0E4468E11A53FFE904FECFCC4E735C563B6F442829208BD20016",
    returned: concat!(
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
    ),
};

// hashDRBG-1.0 SHA2-256 tgId 14 tcId 196
const HASH_KAT: Kat = Kat {
    entropy: concat!(
        "FC4993D10A50845882DDEEA43D6A288D43403E2273FA5210CBA77425AD816D9C6642EC5E33B4A2241E588FCB43D5B743A3D2",
        "B33F86A14AE9A7C685AD75A3B112A93179F5AECB60F77FC4C3BDE3F9D75154E9C85E9416CDDF389B2993AB21E8E11673C51A",
        "260B2C6B30475654808284D15A30CE5D85C8856E4C9F00DB36913FD518444067CA318122464D2619851A7F38765F24EAF701",
        "2657DB904CA82E73B857",
    ),
    nonce: "7DFA9C23A055FE8FAEC2048135A57061E5FCE59579320910CF7D2531D1E93A07",
    pers: concat!(
        "62CFE54079E21738FA07ABBE15D11E3CEF6DDE963DDEA3EABC36EB9A1DF8BEA37FC777A412147B247480F4C5ED201648512C",
        "9388B002B5D974F855F4078CB9EECD98DF2C196F6883F58F99F3B817E2112BF227D7E68B3C5EF391147A9770B40E74ACDDCF",
        "32423B78037A13ED61A86A8872ED64BB9A2D9BAA68116E54E76BFD08",
    ),
    reseed_entropy: concat!(
        "BA581002B421573F758704BE61D14961A23EF73F9268B8701C594D4D249F448237606D7190825F7CB029B75ED5B0473015D4",
        "F7483D2D3627C9A185139E08682CE6D96FA9025F369986356DC9908111A16CEC568DCB2A5CA6096FD0C71CE5B11DF247E0E7",
        "52B41C6B62C2739AD340979A68A2F950265B74C7C1C15D1ECB995CF9D04009281C7A43653C7CE840F11E67678E9C6079DF82",
        "5EFB6FFD62961959E84B",
    ),
    reseed_adin: concat!(
        "AFE81CF100CBE68E2F7EF6118E0F3D02DBDF4F8DABA57C95E74828D9A046047B49B6D2CA2E483C7DD61F30E122939DE6A826",
        "E19F2972EF81B24A393C49BCAE606019A52BF5E529BC7E78FF9B272EE0208471964EA66594EEE2C8AF5704BBF6D5",
    ),
    adin1: concat!(
        "9208BC3077726108398770A4C055F6716B1CD2ED701EAE2C178DE50094D014B60C61DB74841429F111ED5BF185A39C9D1BA5",
        "1A686539516E7C4045A06472F69478F5485CF3111685853727C28D2B6C5C2E49738A648DAC54BECE869A9AAE2938",
    ),
    adin2: concat!(
        "61DB6E00BBFB307E1AC65EAB1F61FF99472F4EEFE8A0B18644FB62FBB09CE9A5F8457B84B3C768C54F0D8BA9876A533E8CFD",
        "441718B19DDC6021C723C0808BA66FE616729F8B968C4667A0857D12A80C1F237C3C42588B0EB81A104954AE2DF0",
    ),
    returned: concat!(
        "3321CE5212306D29755C9ADC86F61B59FA60A941755419192A41E91F60D78B54CC0E9BEFCAC3D9E28AAA9DA009D21F3AB444",
        "D97F207FDC0E526699EE77D68A1545D38B30A737725FA0604EDB50DEB6478EF355339683D4048E439AE3A479FFC336D34AB6",
        "F326FB57AD2743311CAE3FBCB5DE06CF8E61137BDD5E9A52AB43529A6D7AB56524B87E30ACA625684AD25D3E81AF6CE11C98",
        "DDFED6948274E84911DA6A44AA667FCAB51030530E7D34C9CD154E47B69A4E29E50163B6A7112D7DF2BD452189D187D8DE6C",
        "D11186A362387C98116C217A6A0B4DBD269CBF8D9A30DE9AD0D2ADE7A3A2750B33B4EC064B928B654F35F748CAA6B3282E57",
        "7FB8E37811450337F44026E5CEBB4B5A65AAF0B12B4CEE6635B7B4BB3D56216B1A58D4E4568D3C9FD24799D30015F57DADDF",
        "657A121C26A082DCE33D5AAA7579C6345D4079F5680BE7E25C046083853A3EEBFDCC49F7502B47B6555AC6C846591F83A5DF",
        "1A50AC29513392BCCD68B64A480A773B204C50B7EEC4EB9305A1DF978604051C239E2F167DE09D96BC16CD7D0898A39B6A33",
        "634790E056579926FDCB7E8DAA2BD38E6562A23C0795B5FB0A7868196894E963296AA45AE9E7B4814E839F6BF0EB81CA2FF8",
        "08F21EEABBBEC81993FE173E7C180F89D78098F3D62BB2A210281302605A46A13E082CB6E12FBE5B953B1262F3B95E75360A",
        "D01791573E8DDA32E01C008B",
    ),
};
// hmacDRBG-1.0 SHA2-256 tgId 14 tcId 196
const HMAC_KAT: Kat = Kat {
    entropy: concat!(
        "4E77AE5D72EC8ACC250E63EBBEB7C81B669E5846659729E13A3FD6BFF57DFA4A3D3F69C2AA25AFEDA481C986F99CA5E9F797",
        "8C32372ABAB83A588322DA2F4DEF945C8763A0C0B3F2D09071204F643ABD61B0EE436C8EA7C5A20A835D17807E15A218EA33",
        "59069AE6DAF8C1DFF05DC2BDB69AA25844F0087E90E1693BA78DEA926F617E1122F05704083333740D37A60C462BEB0212ED",
        "77202A0C24B10AA31A0E",
    ),
    nonce: "32DCCCE9342957EBE75281B2FA8EBF11945E1C325C1761651338A10E38ECED7B",
    pers: concat!(
        "6CE23BCD9495BD90E291054E06FCED2021210707B463DFFC5B3035C46A95DC11C791C245413C74D1472E97FBFD521269D1D0",
        "8C130B36B62E287D09086604BE798D02A01966BEF0AD35133D6A92077A64399BC9290F691467AA280432E9A9E48499290377",
        "B64C059AF99B7D1F9E61572CAFF3B24B8958A3907A57666B59EA48B2",
    ),
    reseed_entropy: concat!(
        "407F0DA438E3CBA8AF9BEC7D4F9E73E20552602969D0849409A4C47B95AD662A9A987FCD528A7FAD8EDAEFE19436AAD8B3F1",
        "43CC4F2B27C04D602EB8905A839F7D81B3F97727D4481EB0559091D1F4385C55D5184DE4AC4E92F7F427D39E5DE36B80B389",
        "6E062D880A90B0FB79B9B742870256ED3EEE20300B21FFA4B0DED9CEABCF4A48147C3BB34313076D15B770919BA505AC6D09",
        "B3B6C9C706A9B9709C11",
    ),
    reseed_adin: concat!(
        "B217D75355259530DEE946604A49B66C8D51CC00571EEA15400FCC968F5879C69A32886F9899E772455F259D1E0A97663690",
        "3EEC50498A3B866FED3C98DA8F0486656BE1AFEDFDCB3D1D49E15970852D4C65711F5D002C0513385C956524908E",
    ),
    adin1: concat!(
        "77C83CFC37DB8FF97492A5FB26AF35A25942A32591A1BF64B663F3089BDFCBDDCCF39FA36BE20A756F725EAB46BF7F5028D7",
        "363D96C3AE166BA7DE4250FF6BD33EECBAA6005E7A907F39E83FB82B0C95A6440707B209CA879AA001E5728AAF57",
    ),
    adin2: concat!(
        "6DCE16966A09E9A29CB545BC10328BB49274DEC29C586086F8E81B0B92F4B94EF044A798EB398025ED885A73746F084517B7",
        "A6C3F20A52156702CFEA2ED62AF728B92B1878A26B3937D1CDEF6DC888C8D249E1BDEBE2081B5C203B5772B8F6BA",
    ),
    returned: concat!(
        "DA76EA8B94FF379DE02EF43931AD75F77E7B2B81721EA1216864D22B7F1101391AEB5BCA2EE79650683AE5E2CD1C59246616",
        "E63EEB7E517283580A446E31135145A5C430D4264EE444A0F3ADEBC9A9094C4D6A43B97B9117E4DB951AA15D03DDC4711408",
        "6DEA28191EC7C2E9EE2A8F8836178C27CEE09102F034206E75660E8AE0F75E1CE96CE0EF3809D9459EC3255E5CE48CB5BE75",
        "69A4E572733EC30D6415B5511C3EB7C81F59DC87697D9548BAB1E163B4B98CE69A4C25E13446A003A2EC8E393C0D66A38AD0",
        "1D3F9F7C125BC9A5CB038D5FB9DAF953F92450AF0C9265645A8DB94BD7F76CA93C9B46E445577953E897A8803386AA9141B2",
        "50AAA3966DEF790BE05CE85EBFB32C6E0C3409FB405D3CD0079820EFAB5A97EFC1B0C72866B6CB6E1E4B6868E09B31E172DA",
        "654CB73614E438FBF9DDD63468E69485DF8046C9CAAC5B524352C5DC2EDBF94930D6DFDE1FEE89C9C6D36B62094E99E9A883",
        "4206C8D2D7A117A4E97C97173B636BE06E4106A5F3CF573EE1E3D57A8191A54D4DC79BACF93AF94554E728576DB055A4E6DA",
        "75E1F65E5A01578D99759E7E8485E0C7CC412C5D7762CF7C9A56B5FB00615D638AE4A64E8AC4A577FE0B98BB04EBB8F93757",
        "05F03C9237A1AD2A5CB59B7573A66D7A79B9EE3FA1F3042F9AF038C3B2B20BCC2916F1F04D2B98A24A3BB075F48451FA0C4D",
        "3EE13D63C093E1D703315738",
    ),
};

/// Decodes a compile-time hex constant (upper-case, even length; anything else decodes to nothing).
fn unhex(s: &str) -> Vec<u8> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    s.as_bytes().chunks_exact(2).filter_map(|p| Some(digit(p[0])? << 4 | digit(p[1])?)).collect()
}

/// Instantiate, reseed, generate, generate on `d`; then uninstantiate and check zeroization.
fn answer(d: &mut dyn Drbg, k: &Kat) -> Result<Vec<u8>, ferrofips_crypto::Error> {
    let failed = |_| ferrofips_crypto::Error::Unsupported;
    d.instantiate(&unhex(k.entropy), &unhex(k.nonce), &unhex(k.pers)).map_err(failed)?;
    d.reseed(&unhex(k.reseed_entropy), &unhex(k.reseed_adin)).map_err(failed)?;
    let mut out = vec![0u8; k.returned.len() / 2];
    d.generate(&mut out, &unhex(k.adin1)).map_err(failed)?;
    d.generate(&mut out, &unhex(k.adin2)).map_err(failed)?;
    d.uninstantiate();
    if !d.is_zeroized() {
        return Err(ferrofips_crypto::Error::Unsupported);
    }
    Ok(out)
}

fn ctr_drbg_answer(backend: aes::Backend) -> Result<Vec<u8>, ferrofips_crypto::Error> {
    let mut d =
        CtrDrbg::with_backend(Cipher::Aes256, true, backend).map_err(|_| ferrofips_crypto::Error::Unsupported)?;
    answer(&mut d, &CTR_KAT)
}

fn hash_drbg_answer(backend: digest::Backend) -> Result<Vec<u8>, ferrofips_crypto::Error> {
    let mut d = HashDrbg::with_backend(KAT_DIGEST, backend).map_err(|_| ferrofips_crypto::Error::Unsupported)?;
    answer(&mut d, &HASH_KAT)
}

fn hmac_drbg_answer(backend: digest::Backend) -> Result<Vec<u8>, ferrofips_crypto::Error> {
    let mut d = HmacDrbg::with_backend(KAT_DIGEST, backend).map_err(|_| ferrofips_crypto::Error::Unsupported)?;
    answer(&mut d, &HMAC_KAT)
}

/// Runs the entropy start-up test and the CTR_DRBG, Hash_DRBG and HMAC_DRBG CASTs.
pub(crate) fn run(sink: &mut dyn EventSink) -> Result<(), SelfTestError> {
    sink.begin(TYPE_CRNG, DESC_RNG);
    let started = entropy::system_startup(&mut || sink.corrupt());
    sink.end(started.is_ok());
    started.map_err(|_| SelfTestError::Failed { ty: TYPE_CRNG, desc: DESC_RNG })?;

    let backend = aes::default_backend();
    check(sink, (ty::DRBG, DESC_CTR), ("ctrDRBG-1.0 tcId 151", backend.name()), &unhex(CTR_KAT.returned), || {
        ctr_drbg_answer(backend)
    })?;
    let backend = digest::default_backend(KAT_DIGEST);
    check(sink, (ty::DRBG, DESC_HASH), ("hashDRBG-1.0 tcId 196", backend.name()), &unhex(HASH_KAT.returned), || {
        hash_drbg_answer(backend)
    })?;
    check(sink, (ty::DRBG, DESC_HMAC), ("hmacDRBG-1.0 tcId 196", backend.name()), &unhex(HMAC_KAT.returned), || {
        hmac_drbg_answer(backend)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Recorder;

    #[test]
    fn vectors_decode_to_their_acvp_lengths() {
        let k = &CTR_KAT;
        for (v, n) in
            [(k.entropy, 48), (k.nonce, 48), (k.pers, 48), (k.reseed_entropy, 48), (k.adin1, 48), (k.adin2, 48)]
        {
            assert_eq!(unhex(v).len(), n);
        }
        for k in [&HASH_KAT, &HMAC_KAT] {
            let lens =
                [k.entropy, k.nonce, k.pers, k.reseed_entropy, k.reseed_adin, k.adin1, k.adin2].map(|v| unhex(v).len());
            assert_eq!(lens, [160, 32, 128, 160, 96, 96, 96]);
        }
        for k in [&CTR_KAT, &HASH_KAT, &HMAC_KAT] {
            assert_eq!(unhex(k.returned).len(), 512);
        }
    }

    #[test]
    fn casts_pass_on_every_backend() {
        for b in aes::backends() {
            assert_eq!(ctr_drbg_answer(b).unwrap(), unhex(CTR_KAT.returned), "{b}");
        }
        for b in digest::backends(KAT_DIGEST) {
            assert_eq!(hash_drbg_answer(b).unwrap(), unhex(HASH_KAT.returned), "{b:?}");
            assert_eq!(hmac_drbg_answer(b).unwrap(), unhex(HMAC_KAT.returned), "{b:?}");
        }
        let mut r = Recorder::default();
        run(&mut r).unwrap();
        let seen: Vec<_> = r.events.iter().map(|e| (e.ty, e.desc, e.passed)).collect();
        assert_eq!(
            seen,
            [
                (TYPE_CRNG, DESC_RNG, Some(true)),
                (ty::DRBG, DESC_CTR, Some(true)),
                (ty::DRBG, DESC_HASH, Some(true)),
                (ty::DRBG, DESC_HMAC, Some(true))
            ]
        );
    }

    #[test]
    fn each_corrupted_cast_fails() {
        // (Corrupting the entropy start-up test here would leave this process's entropy source failed for the
        // other tests; the entropy module tests that path, and tests/tests/rand_health.rs does it in a child.)
        for desc in [DESC_CTR, DESC_HASH, DESC_HMAC] {
            let mut r = Recorder::corrupting(Some(ty::DRBG), Some(desc));
            match run(&mut r) {
                Err(SelfTestError::Failed { ty: "DRBG", desc: d }) => assert_eq!(d, desc),
                other => panic!("{desc}: {other:?}"),
            }
            assert_eq!(r.failures().count(), 1);
        }
    }

    #[test]
    fn a_wrong_digest_gives_a_different_answer() {
        // The CAST can fail: the same inputs through SHA-512 do not give the SHA-256 answer.
        let mut d = HashDrbg::new(Algorithm::Sha512).unwrap();
        assert_ne!(answer(&mut d, &HASH_KAT).unwrap(), unhex(HASH_KAT.returned));
        let mut d = HmacDrbg::new(Algorithm::Sha512).unwrap();
        assert_ne!(answer(&mut d, &HMAC_KAT).unwrap(), unhex(HMAC_KAT.returned));
    }
}
