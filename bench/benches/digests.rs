//! Primitive-level benches: every digest on every backend this CPU can run, and HMAC-SHA-256/512 per backend.
//!
//! IDs: `digest/<alg>/<backend>/<bytes>` and `hmac/<HMAC-alg>/<backend>/<bytes>`, with byte throughput, so
//! criterion prints MiB/s or GiB/s. Each iteration is one whole message: `update` + `finalize_into` (which
//! resets the state), so small sizes include the padding/finalisation cost.
//!
//! Run: `cargo bench -p ferrofips-bench --bench digests -- --warm-up-time 1 --measurement-time 2`
//! (add a filter such as `digest/SHA-256/` to run one group). `FERROFIPS_CPU=portable` leaves only `soft`;
//! `FERROFIPS_BENCH_CLOCK=thread-cpu` measures thread CPU time instead of wall time.

use std::hint::black_box;
use std::process::ExitCode;

use criterion::measurement::Measurement;
use criterion::{BenchmarkId, Criterion, Throughput};
use ferrofips_bench::{Clock, HMAC_KEY, PRIMITIVE_SIZES, clock_from_env, input};
use ferrofips_crypto::digest::{Algorithm, Hasher, backends};
use ferrofips_crypto::hmac::Hmac;

fn bench_digests<M: Measurement>(c: &mut Criterion<M>, data: &[u8]) {
    for alg in Algorithm::ALL {
        let mut group = c.benchmark_group(format!("digest/{}", alg.name()));
        let mut out = vec![0u8; alg.output_len()];
        for backend in backends(alg) {
            let Ok(mut hasher) = Hasher::with_backend(alg, backend) else {
                eprintln!("skipping {alg} on {backend}: listed by backends() but not constructible");
                continue;
            };
            for size in PRIMITIVE_SIZES {
                let msg = &data[..size];
                group.throughput(Throughput::Bytes(size as u64));
                group.bench_with_input(BenchmarkId::new(backend.name(), size), msg, |b, msg| {
                    b.iter(|| {
                        hasher.update(black_box(msg));
                        // The output buffer has output_len() bytes, which every algorithm accepts.
                        let ok = hasher.finalize_into(&mut out).is_ok();
                        black_box((ok, &out));
                    });
                });
            }
        }
        group.finish();
    }
}

fn bench_hmac<M: Measurement>(c: &mut Criterion<M>, data: &[u8]) {
    for alg in [Algorithm::Sha256, Algorithm::Sha512] {
        let mut group = c.benchmark_group(format!("hmac/HMAC-{}", alg.name()));
        let mut out = vec![0u8; alg.output_len()];
        for backend in backends(alg) {
            let Ok(mut mac) = Hmac::with_backend(alg, backend, &HMAC_KEY) else {
                eprintln!("skipping HMAC-{alg} on {backend}: not constructible");
                continue;
            };
            for size in PRIMITIVE_SIZES {
                let msg = &data[..size];
                group.throughput(Throughput::Bytes(size as u64));
                group.bench_with_input(BenchmarkId::new(backend.name(), size), msg, |b, msg| {
                    b.iter(|| {
                        mac.update(black_box(msg));
                        let ok = mac.finalize_into(&mut out).is_ok();
                        black_box((ok, &out));
                    });
                });
            }
        }
        group.finish();
    }
}

fn run<M: Measurement>(c: Criterion<M>) {
    let data = input(PRIMITIVE_SIZES[PRIMITIVE_SIZES.len() - 1]);
    let mut c = c.configure_from_args();
    bench_digests(&mut c, &data);
    bench_hmac(&mut c, &data);
    c.final_summary();
}

fn main() -> ExitCode {
    match clock_from_env() {
        Ok(Clock::Wall) => run(Criterion::default()),
        Ok(Clock::ThreadCpu(m)) => run(Criterion::default().with_measurement(m)),
        Err(e) => {
            eprintln!("digests: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
