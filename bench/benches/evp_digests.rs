//! EVP-level benches: every digest (and HMAC-SHA2-256/512) through libcrypto, ferrofips vs OpenSSL's
//! `default` provider in the same run, each in its own library context.
//!
//! IDs: `evp/<OpenSSL name>/{ferrofips,default}/<bytes>` and `evp/HMAC-<digest>/{ferrofips,default}/<bytes>`.
//! Each iteration is a whole one-shot operation like `openssl speed -evp` does (`EVP_MD_CTX_new`, init,
//! update, final, free; for HMAC `EVP_MAC_CTX_new`, init with key and digest, update, final, free), so the
//! 16-byte results are dominated by EVP and provider dispatch overhead, the 16 KiB ones by the compression
//! function.
//!
//! Needs the module built: `cargo build --release -p ferrofips` (same CARGO_TARGET_DIR) first, then
//! `cargo bench -p ferrofips-bench --bench evp_digests -- --warm-up-time 1 --measurement-time 2`.
//! `FERROFIPS_BENCH_CLOCK=thread-cpu` measures thread CPU time instead of wall time.

use std::hint::black_box;
use std::process::ExitCode;

use criterion::measurement::Measurement;
use criterion::{BenchmarkId, Criterion, Throughput};
use ferrofips_bench::{Clock, EVP_SIZES, EvpPair, HMAC_KEY, SetupError, clock_from_env, input, openssl_name};
use ferrofips_crypto::digest::Algorithm;
use ferrofips_evp::{Mac, Md};

/// Both providers must agree on the output before their speed is compared.
fn check_same<T: PartialEq + std::fmt::Debug>(what: &str, outs: &[T]) -> Result<(), SetupError> {
    match outs.windows(2).find(|w| w[0] != w[1]) {
        None => Ok(()),
        Some(w) => Err(format!("{what}: providers disagree: {:?} vs {:?}", w[0], w[1]).into()),
    }
}

fn bench_digests<M: Measurement>(c: &mut Criterion<M>, pair: &EvpPair, data: &[u8]) -> Result<(), SetupError> {
    for alg in Algorithm::ALL {
        let name = openssl_name(alg).ok_or_else(|| format!("no OpenSSL name for {alg}"))?;
        let mut mds = Vec::new();
        for (provider, ctx, propq) in pair.contexts() {
            mds.push((provider, Md::fetch(ctx, name, Some(propq))?));
        }
        let outs = mds.iter().map(|(_, md)| md.digest(data)).collect::<Result<Vec<_>, _>>()?;
        check_same(name, &outs)?;

        let mut group = c.benchmark_group(format!("evp/{name}"));
        for size in EVP_SIZES {
            let msg = &data[..size];
            group.throughput(Throughput::Bytes(size as u64));
            for (provider, md) in &mds {
                group.bench_with_input(BenchmarkId::new(*provider, size), msg, |b, msg| {
                    b.iter(|| black_box(md.digest(black_box(msg)).is_ok()));
                });
            }
        }
        group.finish();
    }
    Ok(())
}

fn bench_hmac<M: Measurement>(c: &mut Criterion<M>, pair: &EvpPair, data: &[u8]) -> Result<(), SetupError> {
    for digest in ["SHA2-256", "SHA2-512"] {
        let mut macs = Vec::new();
        for (provider, ctx, propq) in pair.contexts() {
            macs.push((provider, Mac::fetch(ctx, "HMAC", Some(propq))?));
        }
        let outs = macs.iter().map(|(_, mac)| mac.mac(digest, &HMAC_KEY, data)).collect::<Result<Vec<_>, _>>()?;
        check_same(digest, &outs)?;

        let mut group = c.benchmark_group(format!("evp/HMAC-{digest}"));
        for size in EVP_SIZES {
            let msg = &data[..size];
            group.throughput(Throughput::Bytes(size as u64));
            for (provider, mac) in &macs {
                group.bench_with_input(BenchmarkId::new(*provider, size), msg, |b, msg| {
                    b.iter(|| black_box(mac.mac(digest, &HMAC_KEY, black_box(msg)).is_ok()));
                });
            }
        }
        group.finish();
    }
    Ok(())
}

fn run<M: Measurement>(c: Criterion<M>) -> Result<(), SetupError> {
    let pair = EvpPair::new()?;
    eprintln!(
        "ferrofips sealed from {} into {}",
        pair.installation().source().display(),
        pair.installation().prefix().display()
    );
    if let Some(info) = pair.ferrofips_buildinfo() {
        eprintln!("ferrofips buildinfo: {info}");
    }
    let data = input(EVP_SIZES[EVP_SIZES.len() - 1]);
    let mut c = c.configure_from_args();
    bench_digests(&mut c, &pair, &data)?;
    bench_hmac(&mut c, &pair, &data)?;
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
            eprintln!("evp_digests: {e}");
            ExitCode::FAILURE
        }
    }
}
