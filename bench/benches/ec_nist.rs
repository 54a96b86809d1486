//! P-384 and P-521 benches of `ferrofips_crypto::ec::{p384, p521}`: ECDSA sign (hedged, pre-hashed digest),
//! verify, ECDH (shared secret only; the peer key is already decoded) and key generation.
//!
//! IDs: `{p384,p521}/{sign,verify,ecdh,keygen}`, one operation per iteration with element throughput, so
//! criterion prints operations per second, comparable with `openssl speed ecdsap384 ecdhp384 ...`.
//!
//! Run: `cargo bench -p ferrofips-bench --bench ec_nist -- --warm-up-time 1 --measurement-time 3`.
//! `FERROFIPS_BENCH_CLOCK=thread-cpu` measures thread CPU time instead of wall time.

use std::hint::black_box;
use std::process::ExitCode;

use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use ferrofips_bench::{Clock, clock_from_env};
use ferrofips_crypto::Error;

/// A deterministic byte source (splitmix64) standing in for the DRBG: the benches measure the arithmetic.
fn byte_source(seed: u64) -> impl FnMut(&mut [u8]) -> Result<(), Error> {
    let mut state = seed;
    move |out: &mut [u8]| {
        for chunk in out.chunks_mut(8) {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes()[..chunk.len()]);
        }
        Ok(())
    }
}

/// Benches one curve module (`$m`) under group `$name`, signing a `$hash_len`-byte digest.
macro_rules! bench_curve {
    ($c:expr, $name:literal, $m:ident, $hash_len:literal) => {{
        use ferrofips_crypto::ec::$m::{self, PublicKey, SecretKey};
        let mut r = byte_source(0x5eed);
        let sk = SecretKey::generate(&mut r)?;
        let pk = sk.public_key();
        let peer: PublicKey = SecretKey::generate(&mut r)?.public_key();
        let hash = [0x5au8; $hash_len];
        let sig = $m::sign_prehash(&sk, &hash, &mut r)?;
        let mut group = $c.benchmark_group($name);
        group.throughput(Throughput::Elements(1));
        group.bench_function("sign", |b| b.iter(|| black_box($m::sign_prehash(&sk, black_box(&hash), &mut r))));
        group.bench_function("verify", |b| b.iter(|| black_box($m::verify_prehash(&pk, black_box(&hash), &sig))));
        group.bench_function("ecdh", |b| b.iter(|| black_box($m::ecdh(&sk, black_box(&peer)))));
        group.bench_function("keygen", |b| {
            b.iter(|| black_box(SecretKey::generate(&mut r).map(|k| k.public_key())));
        });
        group.finish();
    }};
}

fn run<M: Measurement>(c: Criterion<M>) -> Result<(), Error> {
    let mut c = c.configure_from_args();
    bench_curve!(c, "p384", p384, 48);
    bench_curve!(c, "p521", p521, 64);
    c.final_summary();
    Ok(())
}

fn main() -> ExitCode {
    let result = match clock_from_env() {
        Ok(Clock::Wall) => run(Criterion::default()),
        Ok(Clock::ThreadCpu(m)) => run(Criterion::default().with_measurement(m)),
        Err(e) => {
            eprintln!("ec_nist: {e}");
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ec_nist: setup failed: {e}");
            ExitCode::FAILURE
        }
    }
}
