//! Curve25519 benches of `ferrofips_crypto::ec::{x25519, ed25519}`: X25519 shared secret (peer key already
//! parsed), X25519 key generation (random key + public key), Ed25519 sign and verify (pure, 32-byte message)
//! and key generation (seed expansion + public key).
//!
//! IDs: `curve25519/<backend>/{x25519,x25519-keygen,ed25519-sign,ed25519-verify,ed25519-keygen}` where
//! `<backend>` is the field arithmetic in use (`x86-bmi2-adx` or `soft`); run once more with
//! `FERROFIPS_CPU=portable` to measure the portable backend. One operation per iteration with element
//! throughput, so criterion prints operations per second, comparable with `openssl speed ecdhx25519 ed25519`.
//!
//! Run: `cargo bench -p ferrofips-bench --bench curve25519 -- --warm-up-time 1 --measurement-time 3`.
//! `FERROFIPS_BENCH_CLOCK=thread-cpu` measures thread CPU time instead of wall time.

use std::hint::black_box;
use std::process::ExitCode;

use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use ferrofips_bench::{Clock, clock_from_env};
use ferrofips_crypto::Error;
use ferrofips_crypto::ec::{ed25519, x25519};

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
    let xa = x25519::SecretKey::generate(&mut r)?;
    let xb = x25519::SecretKey::generate(&mut r)?.public_key();
    let sk = ed25519::SecretKey::generate(&mut r)?;
    let pk = sk.public_key();
    let msg = [0x5au8; 32];
    let sig = ed25519::sign(&sk, &msg, ed25519::Variant::Pure)?;

    let mut group = c.benchmark_group(format!("curve25519/{}", x25519::backend_name()));
    group.throughput(Throughput::Elements(1));
    group.bench_function("x25519", |b| b.iter(|| black_box(x25519::x25519(&xa, black_box(&xb)))));
    group.bench_function("x25519-keygen", |b| {
        b.iter(|| black_box(x25519::SecretKey::generate(&mut r).map(|k| k.public_key())));
    });
    group.bench_function("ed25519-sign", |b| {
        b.iter(|| black_box(ed25519::sign(&sk, black_box(&msg), ed25519::Variant::Pure)));
    });
    group.bench_function("ed25519-verify", |b| {
        b.iter(|| black_box(ed25519::verify(&pk, black_box(&msg), &sig, ed25519::Variant::Pure)));
    });
    group.bench_function("ed25519-keygen", |b| {
        b.iter(|| black_box(ed25519::SecretKey::generate(&mut r).map(|k| k.public_key())));
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
            eprintln!("curve25519: {e}");
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("curve25519: {e}");
            ExitCode::FAILURE
        }
    }
}
