//! EVP_KDF calls per second, ferrofips vs OpenSSL's `default` provider in the same run (each in its own
//! library context). Each iteration is one call the way libssl makes it: `EVP_KDF_CTX_new`, `EVP_KDF_derive`
//! with the full parameter array, `EVP_KDF_CTX_free` (the `KDF` fetch is done once, as libssl caches it).
//! The `reuse` variants keep one context and derive repeatedly with parameters set once (cached keyed HMAC).
//!
//! IDs: `kdf/<case>/{ferrofips,default}`. Needs the module built (`cargo build --release -p ferrofips`, same
//! CARGO_TARGET_DIR), then `cargo bench -p ferrofips-bench --bench kdf -- --warm-up-time 1 --measurement-time 2`.

use std::hint::black_box;
use std::process::ExitCode;

use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use ferrofips_bench::{Clock, EvpPair, SetupError, clock_from_env};
use ferrofips_evp::{Kdf, KdfCtx, Params};

/// One benchmarked call: the KDF, its parameters and output length.
struct Case {
    id: &'static str,
    kdf: &'static str,
    params: Params,
    len: usize,
}

fn cases() -> Vec<Case> {
    let secret = [0x42u8; 32];
    let context = [0x17u8; 32];
    let mut hkdf = Params::new();
    hkdf.utf8("digest", "SHA2-256").octets("key", &secret).octets("salt", b"salt").octets("info", b"application");
    let mut expand = Params::new();
    expand.int("mode", 2).utf8("digest", "SHA2-256").octets("key", &secret).octets("prefix", b"tls13 ");
    expand.octets("label", b"c hs traffic").octets("data", &context);
    let mut extract = Params::new();
    extract.int("mode", 1).utf8("digest", "SHA2-256").octets("key", &secret).octets("salt", &context);
    extract.octets("prefix", b"tls13 ").octets("label", b"derived");
    let mut prf = Params::new();
    prf.utf8("digest", "SHA2-256").octets("secret", &secret).octets("seed", b"extended master secret");
    prf.octets("seed", &context).octets("seed", b"").octets("seed", b"").octets("seed", b"");
    vec![
        Case { id: "HKDF-SHA256-42B", kdf: "HKDF", params: hkdf, len: 42 },
        Case { id: "TLS13-KDF-expand-SHA256", kdf: "TLS13-KDF", params: expand, len: 32 },
        Case { id: "TLS13-KDF-extract-SHA256", kdf: "TLS13-KDF", params: extract, len: 32 },
        Case { id: "TLS1-PRF-SHA256-48B", kdf: "TLS1-PRF", params: prf, len: 48 },
    ]
}

fn run<M: Measurement>(c: Criterion<M>) -> Result<(), SetupError> {
    let pair = EvpPair::new()?;
    if let Some(info) = pair.ferrofips_buildinfo() {
        eprintln!("ferrofips buildinfo: {info}");
    }
    let mut c = c.configure_from_args();
    for case in cases() {
        let mut kdfs = Vec::new();
        for (provider, ctx, propq) in pair.contexts() {
            kdfs.push((provider, Kdf::fetch(ctx, case.kdf, Some(propq))?));
        }
        let outs = kdfs.iter().map(|(_, k)| k.derive(case.len, &case.params)).collect::<Result<Vec<_>, _>>()?;
        if outs.windows(2).any(|w| w[0] != w[1]) {
            return Err(format!("{}: providers disagree", case.id).into());
        }
        let mut group = c.benchmark_group(format!("kdf/{}", case.id));
        group.throughput(Throughput::Elements(1));
        for (provider, kdf) in &kdfs {
            group.bench_function(*provider, |b| {
                b.iter(|| black_box(kdf.derive(case.len, black_box(&case.params)).is_ok()));
            });
        }
        group.finish();
        // Expand-only with parameters set once: the keyed state is reused across derives.
        if case.id.contains("expand") {
            let mut group = c.benchmark_group(format!("kdf/{}-reuse", case.id));
            group.throughput(Throughput::Elements(1));
            for (provider, kdf) in &kdfs {
                let mut ctx = KdfCtx::new(kdf)?;
                ctx.set_params(&case.params)?;
                let mut out = vec![0u8; case.len];
                group.bench_function(*provider, |b| {
                    b.iter(|| black_box(ctx.derive_into(&mut out, None).is_ok()));
                });
            }
            group.finish();
        }
    }
    c.final_summary();
    Ok(())
}

fn main() -> ExitCode {
    let result = clock_from_env().and_then(|clock| match clock {
        Clock::Wall => run(Criterion::default()),
        Clock::ThreadCpu(m) => run(Criterion::default().with_measurement(m)),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kdf bench: {e}");
            ExitCode::FAILURE
        }
    }
}
