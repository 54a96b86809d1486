//! The handshake benchmark's table: rates measured in interleaved rounds (every scenario x provider once per
//! round, so drift and neighbours' load hit all alike; the median of the rounds is reported), printed side by
//! side per libssl version with the ratios the targets are stated in.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use cpu_time::ThreadTime;
use ferrofips_evp::ErrorStack;

use crate::tls::{ProviderKind, Scenario, Workload, tls_measured_loop};

/// The clock the table measures with (same choice as the criterion benches: `FERROFIPS_BENCH_CLOCK`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableClock {
    /// Wall-clock time.
    Wall,
    /// The calling thread's CPU time (client and server both run on it; libssl starts no threads).
    ThreadCpu,
}

impl TableClock {
    /// The name printed in the table header.
    pub const fn name(self) -> &'static str {
        match self {
            TableClock::Wall => "wall",
            TableClock::ThreadCpu => "thread-cpu",
        }
    }

    fn start(self) -> Stopwatch {
        match self {
            TableClock::Wall => Stopwatch::Wall(Instant::now()),
            TableClock::ThreadCpu => {
                ThreadTime::try_now().map_or_else(|_| Stopwatch::Wall(Instant::now()), Stopwatch::Cpu)
            }
        }
    }
}

enum Stopwatch {
    Wall(Instant),
    Cpu(ThreadTime),
}

impl Stopwatch {
    fn elapsed(&self) -> Duration {
        match self {
            Stopwatch::Wall(t) => t.elapsed(),
            Stopwatch::Cpu(t) => t.try_elapsed().unwrap_or_default(),
        }
    }
}

/// One measured figure: handshakes/s, or MB/s (10^6 bytes/s) for the bulk scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The libssl version it ran under, e.g. "3.0.19".
    pub libssl: String,
    /// The provider set-up.
    pub provider: ProviderKind,
    /// The scenario.
    pub scenario: Scenario,
    /// The median rate over the rounds.
    pub value: f64,
}

/// The prefix of the machine-readable line a child process prints per [`Cell`].
pub const CELL_LINE: &str = "FERROFIPS-HANDSHAKE-CELL";

impl Cell {
    /// `FERROFIPS-HANDSHAKE-CELL <libssl> <provider> <scenario> <value>`, for a parent process to collect.
    pub fn to_line(&self) -> String {
        format!("{CELL_LINE} {} {} {} {}", self.libssl, self.provider.name(), self.scenario.id(), self.value)
    }

    /// Parses [`Cell::to_line`]'s output.
    pub fn from_line(line: &str) -> Option<Cell> {
        let mut it = line.strip_prefix(CELL_LINE)?.split_whitespace();
        let libssl = it.next()?.to_owned();
        let provider = ProviderKind::from_name(it.next()?)?;
        let scenario = Scenario::from_id(it.next()?)?;
        let value = it.next()?.parse().ok()?;
        Some(Cell { libssl, provider, scenario, value })
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Measures every workload of every provider for `cell` per round, `rounds` times, interleaved; returns the
/// medians.
pub fn measure(
    libssl: &str,
    sets: &mut [(ProviderKind, Vec<Workload<'_>>)],
    rounds: usize,
    cell: Duration,
    clock: TableClock,
) -> Result<Vec<Cell>, ErrorStack> {
    let mut samples: BTreeMap<(ProviderKind, Scenario), Vec<f64>> = BTreeMap::new();
    for _ in 0..rounds {
        for scenario in Scenario::ALL {
            for (kind, workloads) in sets.iter_mut() {
                let Some(w) = workloads.iter_mut().find(|w| w.scenario() == scenario) else { continue };
                let batch = if scenario.bytes_per_iteration().is_some() { 16 } else { 1 };
                let sw = clock.start();
                let mut n = 0u64;
                let spent = loop {
                    tls_measured_loop(w, batch)?;
                    n += batch;
                    let spent = sw.elapsed();
                    if spent >= cell {
                        break spent;
                    }
                };
                let per_second = n as f64 / spent.as_secs_f64();
                let value = match scenario.bytes_per_iteration() {
                    Some(bytes) => per_second * bytes as f64 / 1e6,
                    None => per_second,
                };
                samples.entry((*kind, scenario)).or_default().push(value);
            }
        }
    }
    Ok(samples
        .into_iter()
        .map(|((provider, scenario), mut v)| Cell {
            libssl: libssl.to_owned(),
            provider,
            scenario,
            value: median(&mut v),
        })
        .collect())
}

/// A column of the table: a libssl version and a provider set-up.
type Column = (String, ProviderKind);

fn value(cells: &[Cell], col: &Column, scenario: Scenario) -> Option<f64> {
    cells.iter().find(|c| c.libssl == col.0 && c.provider == col.1 && c.scenario == scenario).map(|c| c.value)
}

fn fmt_value(v: Option<f64>) -> String {
    match v {
        Some(v) if v >= 100.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
        None => "-".to_owned(),
    }
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

/// The table as Markdown: per libssl version the reference provider (`default` under the first libssl,
/// OpenSSL's `fips` under the others when measured), ferrofips, and their ratio; then any further columns.
/// Followed by the two target lines for full TLS 1.3 handshakes.
pub fn render(cells: &[Cell]) -> String {
    let mut versions: Vec<String> = Vec::new();
    for c in cells {
        if !versions.contains(&c.libssl) {
            versions.push(c.libssl.clone());
        }
    }
    // (reference column, ferrofips column) per version, plus extra columns.
    let mut pairs: Vec<(Column, Column)> = Vec::new();
    let mut extra: Vec<Column> = Vec::new();
    for v in &versions {
        let has = |k: ProviderKind| cells.iter().any(|c| &c.libssl == v && c.provider == k);
        let reference = if has(ProviderKind::OpensslFips) { ProviderKind::OpensslFips } else { ProviderKind::Default };
        pairs.push(((v.clone(), reference), (v.clone(), ProviderKind::Ferrofips)));
        if reference != ProviderKind::Default && has(ProviderKind::Default) {
            extra.push((v.clone(), ProviderKind::Default));
        }
    }
    let mut out = String::from("| scenario | unit |");
    let mut rule = String::from("| --- | --- |");
    for ((v, r), (_, f)) in &pairs {
        let _ = write!(out, " {v} {} | {v} {} | {}/{} |", r.name(), f.name(), f.name(), r.name());
        rule.push_str(" ---: | ---: | ---: |");
    }
    for (v, k) in &extra {
        let _ = write!(out, " {v} {} |", k.name());
        rule.push_str(" ---: |");
    }
    out.push('\n');
    out.push_str(&rule);
    out.push('\n');
    for scenario in Scenario::ALL {
        let unit = if scenario.bytes_per_iteration().is_some() { "MB/s" } else { "handshakes/s" };
        let _ = write!(out, "| {} | {unit} |", scenario.id());
        for (r, f) in &pairs {
            let (rv, fv) = (value(cells, r, scenario), value(cells, f, scenario));
            let _ = write!(out, " {} | {} | {} |", fmt_value(rv), fmt_value(fv), fmt_ratio(ratio(fv, rv)));
        }
        for col in &extra {
            let _ = write!(out, " {} |", fmt_value(value(cells, col, scenario)));
        }
        out.push('\n');
    }
    out.push('\n');
    for (i, (r, f)) in pairs.iter().enumerate() {
        let target = if r.1 == ProviderKind::OpensslFips { 1.4 } else { 1.0 };
        let got = ratio(value(cells, f, Scenario::Tls13Full), value(cells, r, Scenario::Tls13Full));
        let verdict = match got {
            Some(g) if g >= target => "met",
            Some(_) => "NOT met",
            None => "not measured",
        };
        let _ = writeln!(
            out,
            "target {}: tls13-full ferrofips/{} under libssl {} = {} (target >= {target:.1}x): {verdict}",
            i + 1,
            r.1.name(),
            r.0,
            fmt_ratio(got),
        );
    }
    out
}

fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_owned(), |r| format!("{r:.2}x"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(libssl: &str, provider: ProviderKind, scenario: Scenario, value: f64) -> Cell {
        Cell { libssl: libssl.to_owned(), provider, scenario, value }
    }

    #[test]
    fn cell_lines_round_trip() {
        let c = cell("3.5.7", ProviderKind::OpensslFips, Scenario::Tls13Resumed, 1234.5);
        assert_eq!(Cell::from_line(&c.to_line()), Some(c));
        assert_eq!(Cell::from_line("FERROFIPS-HANDSHAKE-CELL 3.0 nope tls13-full 1"), None);
        assert_eq!(Cell::from_line("something else"), None);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn table_has_ratios_and_target_verdicts() {
        let cells = vec![
            cell("3.0.19", ProviderKind::Default, Scenario::Tls13Full, 1000.0),
            cell("3.0.19", ProviderKind::Ferrofips, Scenario::Tls13Full, 1200.0),
            cell("3.5.7", ProviderKind::OpensslFips, Scenario::Tls13Full, 1000.0),
            cell("3.5.7", ProviderKind::Ferrofips, Scenario::Tls13Full, 1300.0),
            cell("3.5.7", ProviderKind::Default, Scenario::Tls13Full, 1100.0),
        ];
        let t = render(&cells);
        assert!(t.contains("| tls13-full | handshakes/s | 1000 | 1200 | 1.20x | 1000 | 1300 | 1.30x | 1100 |"), "{t}");
        assert!(t.contains("ferrofips/default under libssl 3.0.19 = 1.20x (target >= 1.0x): met"), "{t}");
        assert!(t.contains("ferrofips/fips under libssl 3.5.7 = 1.30x (target >= 1.4x): NOT met"), "{t}");
        assert!(t.contains("| bulk-16k | MB/s | - | - | - |"), "{t}");
    }
}
