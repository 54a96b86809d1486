//! TLS handshake benchmark: in-memory TLS through libssl (client and server in one thread, joined by a BIO
//! pair) on one library context per provider set-up, all in the same run: OpenSSL's `default` provider and
//! ferrofips + base (`fips=yes`) under the system libssl, and, when OpenSSL 3.5 is built
//! (`/work/shared/scripts/openssl35.sh`), OpenSSL 3.5's FIPS provider, ferrofips and `default` under libssl
//! 3.5 (a child process of this binary; see `ferrofips_bench::tls_run`). Scenarios: `tls13-full`,
//! `tls13-resumed`, `tls12-full` (ECDSA P-256 certificate, P-256 ECDHE) and `bulk-16k` (16 KiB records).
//!
//! Run: `cargo build --release -p ferrofips && cargo bench -p ferrofips-bench --bench handshake`. It prints
//! the side-by-side table (handshakes/s, MB/s, ratios, the two targets), then criterion's report
//! (`handshake-<libssl>/<scenario>/<provider>`). Environment: `FERROFIPS_HANDSHAKE_MODE=all|table|criterion|
//! callgrind`, `FERROFIPS_HANDSHAKE_ROUNDS`, `FERROFIPS_HANDSHAKE_CELL_MS`, `FERROFIPS_HANDSHAKE_OPENSSL35=off`,
//! `FERROFIPS_HANDSHAKE_CALLGRIND_N`, `FERROFIPS_BENCH_CLOCK=thread-cpu`. See docs/BENCHMARKING.md.

use std::cell::RefCell;
use std::env;
use std::process::ExitCode;

use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use ferrofips_bench::tls::{Endpoints, ProviderKind, Workload};
use ferrofips_bench::tls_run::{
    Bench, CHILD_ENV, Mode, ONE_ENV, OPENSSL35_ENV, Options, callgrind_all, callgrind_one, child_prefix,
    libssl_version, providers_here, run_openssl35_child, workloads,
};
use ferrofips_bench::tls_table::{measure, render};
use ferrofips_bench::{Clock, SetupError, clock_from_env};
use ferrofips_evp::ErrorStack;

/// Criterion groups `handshake-<libssl>/<scenario>` with one function per provider.
fn run_criterion<M: Measurement>(
    c: Criterion<M>,
    libssl: &str,
    sets: &mut [(ProviderKind, Vec<Workload<'_>>)],
) -> Result<(), SetupError> {
    let mut c = c.configure_from_args();
    let failure: RefCell<Option<ErrorStack>> = RefCell::new(None);
    for scenario in ferrofips_bench::tls::Scenario::ALL {
        let mut group = c.benchmark_group(format!("handshake-{libssl}/{}", scenario.id()));
        group.throughput(match scenario.bytes_per_iteration() {
            Some(b) => Throughput::Bytes(b),
            None => Throughput::Elements(1),
        });
        for (kind, ws) in sets.iter_mut() {
            let Some(w) = ws.iter_mut().find(|w| w.scenario() == scenario) else { continue };
            group.bench_function(kind.name(), |b| {
                b.iter(|| {
                    if let Err(e) = w.step() {
                        failure.borrow_mut().get_or_insert(e);
                    }
                });
            });
        }
        group.finish();
        if let Some(e) = failure.borrow_mut().take() {
            return Err(format!("{}: {e}", scenario.id()).into());
        }
    }
    c.final_summary();
    Ok(())
}

fn run() -> Result<(), SetupError> {
    if let Ok(spec) = env::var(ONE_ENV) {
        return callgrind_one(&spec);
    }
    let args: Vec<String> = env::args().skip(1).collect();
    let opts = Options::from_env(&args)?;
    let in_child = env::var_os(CHILD_ENV).is_some();
    let prefix = child_prefix()?;
    let bench = Bench::new()?;
    if opts.mode == Mode::Callgrind {
        return callgrind_all(&opts, &bench);
    }
    let libssl = libssl_version();
    let kinds = providers_here();
    let ctxs = kinds
        .iter()
        .map(|k| k.load(&bench.install, prefix.as_deref()).map(|c| (*k, c)))
        .collect::<Result<Vec<_>, _>>()?;
    let endpoints =
        ctxs.iter().map(|(k, c)| Endpoints::new(c, &bench.pki).map(|e| (*k, e))).collect::<Result<Vec<_>, _>>()?;
    let mut sets =
        endpoints.iter().map(|(k, e)| workloads(e).map(|w| (*k, w))).collect::<Result<Vec<_>, SetupError>>()?;
    if let Some((_, ctx)) = ctxs.iter().find(|(k, _)| *k == ProviderKind::Ferrofips) {
        println!("libssl {libssl}: ferrofips buildinfo: {}", Bench::buildinfo(ctx));
    }

    if opts.mode.table() {
        if !in_child {
            println!(
                "measuring the table: {} round(s) x {:?} per cell, clock {}{}",
                opts.rounds,
                opts.cell,
                opts.clock.name(),
                if opts.openssl35.is_some() { ", then the same under OpenSSL 3.5" } else { "" }
            );
        }
        let mut cells = measure(&libssl, &mut sets, opts.rounds, opts.cell, opts.clock)?;
        if in_child {
            for c in &cells {
                println!("{}", c.to_line());
            }
        } else {
            match &opts.openssl35 {
                Some(p) => cells.extend(run_openssl35_child(p, &bench, Mode::Table, &args)?),
                None => println!(
                    "\n*** note: OpenSSL 3.5 not found (or {}=off): no libssl 3.5 / FIPS provider columns. \
                     Build it with /work/shared/scripts/openssl35.sh ***",
                    OPENSSL35_ENV
                ),
            }
            println!(
                "\nIn-memory TLS through libssl, client + server in one thread; ECDSA P-256 certificate \
                 (CA-signed, verified with its host name), P-256 ECDHE, AES-128-GCM suites. Medians of {} \
                 round(s) x {:?} ({} clock). MB/s = 10^6 bytes/s.\n",
                opts.rounds,
                opts.cell,
                opts.clock.name()
            );
            println!("{}", render(&cells));
        }
    }

    if opts.mode.criterion() {
        match clock_from_env()? {
            Clock::Wall => run_criterion(Criterion::default(), &libssl, &mut sets)?,
            Clock::ThreadCpu(m) => run_criterion(Criterion::default().with_measurement(m), &libssl, &mut sets)?,
        }
        if !in_child && let Some(p) = &opts.openssl35 {
            run_openssl35_child(p, &bench, Mode::Criterion, &args)?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("handshake: {e}");
            ExitCode::FAILURE
        }
    }
}
