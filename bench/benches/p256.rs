//! P-256 benches of `ferrofips_crypto::ec::p256`: ECDSA sign (hedged, pre-hashed SHA-256 digest), verify,
//! ECDH (shared secret only; the peer key is already decoded) and key generation (random d + public key).
//!
//! IDs: `p256/{sign,verify,ecdh,keygen}`, one operation per iteration with element throughput, so criterion
//! prints operations per second, comparable with `openssl speed ecdsap256 ecdhp256`.
//!
//! Run: `cargo bench -p ferrofips-bench --bench p256 -- --warm-up-time 1 --measurement-time 3`.
//! `FERROFIPS_BENCH_CLOCK=thread-cpu` measures thread CPU time instead of wall time.

use std::hint::black_box;
use std::process::ExitCode;

use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use ferrofips_bench::{Clock, clock_from_env};
use ferrofips_crypto::Error;
use ferrofips_crypto::ec::p256::{self, PublicKey, SecretKey};

/// A deterministic byte source (xorshift) standing in for the DRBG: the benches measure the curve arithmetic.
fn rng() -> impl FnMut(&mut [u8]) -> Result<(), Error> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    move |out: &mut [u8]| {
        for b in out.iter_mut() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *b = state as u8;
        }
        Ok(())
    }
}

fn run<M: Measurement>(c: Criterion<M>) -> Result<(), Error> {
    let mut c = c.configure_from_args();
    let mut r = rng();
    let sk = SecretKey::generate(&mut r)?;
    let pk = sk.public_key();
    let peer: PublicKey = SecretKey::generate(&mut r)?.public_key();
    let hash = [0x5au8; 32];
    let sig = p256::sign_prehash(&sk, &hash, &mut r)?;

    let mut group = c.benchmark_group("p256");
    group.throughput(Throughput::Elements(1));
    group.bench_function("sign", |b| b.iter(|| black_box(p256::sign_prehash(&sk, black_box(&hash), &mut r))));
    group.bench_function("verify", |b| b.iter(|| black_box(p256::verify_prehash(&pk, black_box(&hash), &sig))));
    group.bench_function("ecdh", |b| b.iter(|| black_box(p256::ecdh(&sk, black_box(&peer)))));
    group.bench_function("keygen", |b| {
        b.iter(|| black_box(SecretKey::generate(&mut r).map(|k| k.public_key())));
    });
    group.finish();
    c.final_summary();
    Ok(())
}

fn main() -> ExitCode {
    let result = match clock_from_env() {
        Ok(Clock::Wall) => run(Criterion::default()),
        Ok(Clock::ThreadCpu(m)) => run(Criterion::default().with_measurement(m)),
        Err(e) => {
            eprintln!("p256: {e}");
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("p256: setup failed: {e}");
            ExitCode::FAILURE
        }
    }
}
