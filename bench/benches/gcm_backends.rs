//! AES-GCM per backend: every backend of `ferrofips_crypto::gcm::backends()` at 16 B, 64 B, 1 KiB and 16 KiB,
//! AES-128 and AES-256.
//!
//! IDs: `gcm/AES-<bits>-GCM/seal/<backend>/<bytes>`: one message under an existing key (`start` with a 12-byte
//! IV, 13 bytes of AAD as in TLS 1.2, `encrypt` in place, `tag`); `gcm/AES-<bits>-GCM/open/...`: the same
//! decrypting (from a ciphertext buffer into the message buffer) and verifying; `gcm/AES-<bits>-GCM/key+seal/...`: `AesGcm::with_backend` (key schedule, `H`) and
//! then one seal; `gcm/AES-<bits>-GCM/rekey+seal/...`: `AesGcm::rekey` of an existing object and one seal, what
//! the provider does per iteration of OpenSSL 3.5's `openssl speed -evp` (it passes the key with every IV).
//! With byte throughput, so criterion prints
//! GiB/s; cycles per byte = clock rate / bytes per second.
//!
//! Run: `cargo bench -p ferrofips-bench --bench gcm_backends -- --warm-up-time 1 --measurement-time 2`
//! (add a filter such as `'gcm/AES-128-GCM/seal/'`). `FERROFIPS_CPU=portable` leaves only `soft`;
//! `FERROFIPS_BENCH_CLOCK=thread-cpu` measures thread CPU time instead of wall time.

use std::hint::black_box;
use std::process::ExitCode;

use criterion::measurement::Measurement;
use criterion::{BenchmarkId, Criterion, Throughput};
use ferrofips_bench::{Clock, clock_from_env, input};
use ferrofips_crypto::gcm::{AesGcm, backends};

/// Message sizes: a tiny record, a small one, a typical packet, a full TLS record.
const SIZES: [usize; 4] = [16, 64, 1024, 16 * 1024];
const IV: [u8; 12] = *b"ferrofips-iv";
const AAD: [u8; 13] = *b"tls-record-13";

fn bench_gcm<M: Measurement>(c: &mut Criterion<M>, data: &[u8]) {
    for key_len in [16usize, 32] {
        let key = &input(key_len)[..key_len];
        let name = format!("gcm/AES-{}-GCM", key_len * 8);
        let mut buf = data.to_vec();
        for (op, fresh_key) in [("seal", false), ("open", false), ("key+seal", true), ("rekey+seal", false)] {
            let mut group = c.benchmark_group(format!("{name}/{op}"));
            for backend in backends() {
                let Ok(mut g) = AesGcm::with_backend(key, backend) else {
                    eprintln!("skipping {backend}: listed by backends() but not constructible");
                    continue;
                };
                for size in SIZES {
                    let msg = &mut buf[..size];
                    group.throughput(Throughput::Bytes(size as u64));
                    let id = BenchmarkId::new(backend.name(), size);
                    match (op, fresh_key) {
                        (_, true) => group.bench_function(id, |b| {
                            b.iter(|| {
                                let Ok(mut g) = AesGcm::with_backend(black_box(key), backend) else { return };
                                black_box(g.encrypt_detached(&IV, &AAD, black_box(&mut *msg)).ok());
                            });
                        }),
                        ("rekey+seal", _) => group.bench_function(id, |b| {
                            b.iter(|| {
                                black_box(g.rekey(black_box(key)).ok());
                                black_box(g.encrypt_detached(&IV, &AAD, black_box(&mut *msg)).ok());
                            });
                        }),
                        ("seal", _) => group.bench_function(id, |b| {
                            b.iter(|| black_box(g.encrypt_detached(&IV, &AAD, black_box(&mut *msg)).ok()));
                        }),
                        _ => {
                            // A valid ciphertext and tag, so that each iteration decrypts and verifies it.
                            let mut ct = msg.to_vec();
                            let Ok(tag) = g.encrypt_detached(&IV, &AAD, &mut ct) else { continue };
                            group.bench_function(id, |b| {
                                b.iter(|| {
                                    let ok = g.start(&IV).is_ok()
                                        && g.aad(&AAD).is_ok()
                                        && g.decrypt_to(black_box(&ct), black_box(&mut *msg)).is_ok()
                                        && g.verify(&tag).is_ok();
                                    black_box(ok);
                                });
                            })
                        }
                    };
                }
            }
            group.finish();
        }
    }
}

fn run<M: Measurement>(c: Criterion<M>) {
    let data = input(SIZES[SIZES.len() - 1]);
    let mut c = c.configure_from_args();
    bench_gcm(&mut c, &data);
    c.final_summary();
}

fn main() -> ExitCode {
    match clock_from_env() {
        Ok(Clock::Wall) => run(Criterion::default()),
        Ok(Clock::ThreadCpu(m)) => run(Criterion::default().with_measurement(m)),
        Err(e) => {
            eprintln!("gcm_backends: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
