//! AES bulk kernels per path: ECB, CTR (128-bit counter), CBC encryption and decryption, and the XTS block step
//! on every backend and kernel this CPU can run (`aes::backends()` × `aes::kernels(backend)`).
//!
//! IDs: `aes/<mode>/<AES-128|AES-256>/<backend>/<kernel>/<bytes>` with byte throughput (criterion prints GiB/s).
//! Sizes are `openssl speed`'s 16 B, 1 KiB and 16 KiB; each iteration is one call of the bulk entry point on a
//! buffer in place (no allocation, no EVP). ECB, CTR and CBC use AES-128 (`openssl speed -evp aes-128-ctr`,
//! `aes-128-cbc`), XTS uses an AES-256 data key like `aes-256-xts` (the tweak encryption is per sector, outside
//! the measured loop).
//!
//! Run: `cargo bench -p ferrofips-bench --bench aes_modes -- --warm-up-time 1 --measurement-time 2`
//! (add a filter such as `aes/ctr/` or `/vaes-avx512/` to run a subset). `FERROFIPS_CPU=portable` leaves only
//! `soft/generic`; `FERROFIPS_BENCH_CLOCK=thread-cpu` measures thread CPU time instead of wall time.

use std::hint::black_box;
use std::process::ExitCode;

use criterion::measurement::Measurement;
use criterion::{BenchmarkId, Criterion, Throughput};
use ferrofips_bench::{Clock, EVP_SIZES, clock_from_env, input};
use ferrofips_crypto::aes::{Aes, backends, kernels};

/// The modes measured, with the key length each uses.
#[derive(Clone, Copy)]
enum Mode {
    Ecb,
    Ctr,
    CbcEncrypt,
    CbcDecrypt,
    XtsEncrypt,
    XtsDecrypt,
}

impl Mode {
    const ALL: [Mode; 6] =
        [Mode::Ecb, Mode::Ctr, Mode::CbcEncrypt, Mode::CbcDecrypt, Mode::XtsEncrypt, Mode::XtsDecrypt];

    fn name(self) -> &'static str {
        match self {
            Mode::Ecb => "ecb",
            Mode::Ctr => "ctr",
            Mode::CbcEncrypt => "cbc-enc",
            Mode::CbcDecrypt => "cbc-dec",
            Mode::XtsEncrypt => "xts-enc",
            Mode::XtsDecrypt => "xts-dec",
        }
    }

    fn key_len(self) -> usize {
        match self {
            Mode::XtsEncrypt | Mode::XtsDecrypt => 32,
            _ => 16,
        }
    }

    /// One bulk call on `buf` in place; `state` is the counter / IV / tweak, carried across iterations.
    fn run(self, aes: &Aes, state: &mut [u8; 16], buf: &mut [u8]) {
        match self {
            Mode::Ecb => aes.encrypt_blocks(buf),
            Mode::Ctr => aes.ctr128_xor(state, buf),
            Mode::CbcEncrypt => aes.cbc_encrypt(state, buf),
            Mode::CbcDecrypt => aes.cbc_decrypt(state, buf),
            Mode::XtsEncrypt => aes.xts_blocks(state, buf, false),
            Mode::XtsDecrypt => aes.xts_blocks(state, buf, true),
        }
    }
}

fn bench_modes<M: Measurement>(c: &mut Criterion<M>) {
    let key = input(32);
    for mode in Mode::ALL {
        let bits = mode.key_len() * 8;
        let mut group = c.benchmark_group(format!("aes/{}/AES-{bits}", mode.name()));
        for backend in backends() {
            for kernel in kernels(backend) {
                let mut aes = match Aes::with_backend(&key[..mode.key_len()], backend) {
                    Ok(aes) => aes,
                    Err(e) => {
                        eprintln!("skipping {backend}: listed by backends() but not constructible: {e}");
                        continue;
                    }
                };
                if let Err(e) = aes.set_kernel(kernel) {
                    eprintln!("skipping {backend}/{kernel}: listed by kernels() but not settable: {e}");
                    continue;
                }
                for size in EVP_SIZES {
                    let mut buf = input(size);
                    let mut state = [0x5a; 16];
                    group.throughput(Throughput::Bytes(size as u64));
                    group.bench_function(BenchmarkId::new(format!("{backend}/{kernel}"), size), |b| {
                        b.iter(|| {
                            mode.run(&aes, &mut state, black_box(&mut buf));
                            black_box(&buf);
                        });
                    });
                }
            }
        }
        group.finish();
    }
}

fn run<M: Measurement>(c: Criterion<M>) {
    let mut c = c.configure_from_args();
    bench_modes(&mut c);
    c.final_summary();
}

fn main() -> ExitCode {
    match clock_from_env() {
        Ok(Clock::Wall) => run(Criterion::default()),
        Ok(Clock::ThreadCpu(m)) => run(Criterion::default().with_measurement(m)),
        Err(e) => {
            eprintln!("aes_modes: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
