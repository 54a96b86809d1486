//! NIST known answers for every digest on every backend this CPU offers: ACVP AFT, MCT (SHA-2 standard and
//! alternate, SHA-3, SHAKE with its min/max output rule) and VOT, plus the CAVP files for SHA-1, SHA-512/224
//! and SHA3-224 (vectors and iterations from the `ferrofips-kat` crate).
//!
//! The ~1 GiB large-data tests (LDT) run only with `FERROFIPS_LDT=1`, on the default backend.

use ferrofips_crypto::digest::{self, Algorithm, Backend, Hasher};
use ferrofips_kat::{HashAlg, hash, ldt, mct};

/// Hashes `msg` with `h` (which `finalize_into` leaves reset for the next call) into `n` bytes.
fn run(h: &mut Hasher, msg: &[u8], n: usize) -> Vec<u8> {
    h.update(msg);
    let mut out = vec![0u8; n];
    h.finalize_into(&mut out).unwrap_or_else(|e| panic!("{:?}: finalize_into({n}): {e}", h));
    out
}

fn suites(alg: Algorithm) -> Vec<hash::HashSuite> {
    let kat_alg = HashAlg::from_name(alg.name()).unwrap_or_else(|| panic!("no vectors named {}", alg.name()));
    hash::load(kat_alg).unwrap_or_else(|e| panic!("loading {alg} vectors: {e}"))
}

/// Runs every AFT, MCT and VOT for `alg` on backend `b`; returns the AFT count, the MCT kinds run and the
/// VOT count.
fn run_backend(alg: Algorithm, b: Backend, suites: &[hash::HashSuite]) -> (usize, Vec<hash::MctKind>, usize) {
    let mut h = Hasher::with_backend(alg, b).unwrap();
    let (mut aft, mut mcts, mut vot) = (0, Vec::new(), 0);
    for suite in suites {
        for t in &suite.aft {
            let out = run(&mut h, &t.msg, t.md.len());
            ferrofips_kat::check::check(t.tc_id, &t.md, &out)
                .unwrap_or_else(|e| panic!("{alg} AFT on {b} ({:?}): {e}", suite.source));
            aft += 1;
        }
        for m in &suite.mct {
            mct::run_mct(m, |msg, n| run(&mut h, msg, n))
                .unwrap_or_else(|e| panic!("{alg} MCT {:?} on {b} ({:?}): {e}", m.kind, suite.source));
            mcts.push(m.kind);
        }
        for v in &suite.vot {
            let out = run(&mut h, &v.msg, v.out_len());
            v.check(&out).unwrap_or_else(|e| panic!("{alg} VOT on {b}: {e}"));
            vot += 1;
        }
    }
    (aft, mcts, vot)
}

fn check_alg(alg: Algorithm) {
    let suites = suites(alg);
    let skipped: usize = suites.iter().map(|s| s.skipped_bit_oriented).sum();
    for b in digest::backends(alg) {
        let (aft, mct, vot) = run_backend(alg, b, &suites);
        println!(
            "{alg} on {b}: {aft} AFT, {} MCT {mct:?}, {vot} VOT ({skipped} bit-oriented cases skipped)",
            mct.len()
        );
        assert!(aft > 0, "{alg} on {b}: no AFT vectors ran");
        assert!(!mct.is_empty(), "{alg} on {b}: no MCT vectors ran");
        if alg.is_xof() {
            assert!(vot > 0, "{alg} on {b}: no VOT vectors ran");
        }
    }
    run_ldt(alg, &suites);
}

/// The large-data tests, default backend only, opt-in with `FERROFIPS_LDT=1`.
fn run_ldt(alg: Algorithm, suites: &[hash::HashSuite]) {
    let ldts: Vec<&hash::Ldt> = suites.iter().flat_map(|s| &s.ldt).collect();
    if ldts.is_empty() {
        return;
    }
    if std::env::var("FERROFIPS_LDT").as_deref() != Ok("1") {
        eprintln!("{alg}: skipping {} LDT case(s) (~1 GiB each); set FERROFIPS_LDT=1 to run them", ldts.len());
        return;
    }
    let b = digest::default_backend(alg);
    for l in &ldts {
        let start = std::time::Instant::now();
        ldt::run_ldt(
            l,
            Hasher::with_backend(alg, b).unwrap(),
            |h, d| h.update(d),
            |mut h| {
                let mut out = vec![0u8; l.md.len()];
                h.finalize_into(&mut out).unwrap();
                out
            },
        )
        .unwrap_or_else(|e| panic!("{alg} LDT on {b}: {e}"));
        println!("{alg} on {b}: LDT tcId {} ({} bytes) ok in {:?}", l.tc_id, l.full_len_bytes(), start.elapsed());
    }
}

macro_rules! acvp_tests {
    ($($name:ident => $alg:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check_alg(Algorithm::$alg);
            }
        )*
    };
}

acvp_tests! {
    sha1 => Sha1,
    sha224 => Sha224,
    sha256 => Sha256,
    sha384 => Sha384,
    sha512 => Sha512,
    sha512_224 => Sha512_224,
    sha512_256 => Sha512_256,
    sha3_224 => Sha3_224,
    sha3_256 => Sha3_256,
    sha3_384 => Sha3_384,
    sha3_512 => Sha3_512,
    shake128 => Shake128,
    shake256 => Shake256,
}

/// The MCT kinds the ACVP files are meant to exercise are really present (so a loader change cannot
/// silently drop, e.g., the alternate SHA-2 MCT).
#[test]
fn mct_kinds_covered() {
    use hash::{MctKind, MctVersion};
    let kinds: Vec<MctKind> =
        Algorithm::ALL.iter().flat_map(|&a| suites(a)).flat_map(|s| s.mct).map(|m| m.kind).collect();
    assert!(kinds.contains(&MctKind::Sha2(MctVersion::Standard)));
    assert!(kinds.contains(&MctKind::Sha2(MctVersion::Alternate)));
    assert!(kinds.contains(&MctKind::Sha3(MctVersion::Standard)));
    assert!(kinds.iter().any(|k| matches!(k, MctKind::Shake { .. })));
}
