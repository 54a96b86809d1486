//! Measures how long the pre-operational self-test takes (figures quoted in `docs/SELFTEST.md`).
//!
//! `cargo run --release -p ferrofips-selftest --example power_on_time [MODULE_FILE]`
//!
//! The module file defaults to this example's own executable, which stands in for `libferrofips.so`.

use std::fs::File;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ferrofips_crypto::digest::{Algorithm, default_backend};
use ferrofips_selftest::events::Silent;
use ferrofips_selftest::integrity::{INSTALL_STATUS, install_mac, module_mac};
use ferrofips_selftest::{PowerOnInput, power_on, run_casts, state};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = match std::env::args_os().nth(1) {
        Some(p) => PathBuf::from(p),
        None => std::env::current_exe()?,
    };
    let size = std::fs::metadata(&path)?.len();
    let mac = module_mac(File::open(&path)?)?;
    let install = install_mac(INSTALL_STATUS)?;
    let input = PowerOnInput { module_path: &path, module_mac: Some(&mac), install: Some((INSTALL_STATUS, &install)) };

    // The first run is the real power-on (cold caches, first use of every backend).
    let t = Instant::now();
    power_on(&input, &mut Silent)?;
    let first = t.elapsed();
    assert!(state::is_operational());

    // Warm repetitions, split into the whole power-on and the CASTs alone. The machine is shared, so
    // report medians rather than means.
    let reps = 200;
    let warm = median(reps, || power_on(&input, &mut Silent))?;
    let casts = median(reps, || run_casts(&mut Silent))?;

    println!(
        "module file: {} ({size} bytes); SHA-256 backend {}",
        path.display(),
        default_backend(Algorithm::Sha256).name()
    );
    println!("power_on, first run:  {}", us(first));
    println!("power_on, warm median:  {} ({reps} runs)", us(warm));
    println!("run_casts, warm median: {} ({reps} runs)", us(casts));
    let per_mib = warm.saturating_sub(casts).as_secs_f64() * (1 << 20) as f64 / size.max(1) as f64;
    println!("integrity HMAC: about {:.2} ms per MiB of module", per_mib * 1e3);
    Ok(())
}

fn median<E>(reps: usize, mut f: impl FnMut() -> Result<(), E>) -> Result<Duration, E> {
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        f()?;
        times.push(t.elapsed());
    }
    times.sort_unstable();
    Ok(times[reps / 2])
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}
