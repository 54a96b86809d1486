//! The clock the benches measure with: wall time (criterion's default) or the benchmark thread's CPU time.
//!
//! On a shared machine other processes preempt the benchmark thread, which inflates wall-clock samples at
//! random. The thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`) only advances while the thread runs, so it leaves
//! preemption out (not cache or memory-bandwidth interference). Select it with
//! `FERROFIPS_BENCH_CLOCK=thread-cpu`; criterion still reports times and throughputs as usual.

use std::time::Duration;

use cpu_time::ThreadTime;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};

use crate::SetupError;

/// The environment variable that selects the clock: `wall` (default) or `thread-cpu`.
pub const CLOCK_ENV: &str = "FERROFIPS_BENCH_CLOCK";

/// Criterion measurement: CPU time consumed by the calling thread, in nanoseconds.
#[derive(Debug)]
pub struct ThreadCpuTime(());

impl ThreadCpuTime {
    /// The measurement, if this platform has a per-thread CPU clock.
    pub fn new() -> Option<ThreadCpuTime> {
        ThreadTime::try_now().ok().map(|_| ThreadCpuTime(()))
    }
}

impl Measurement for ThreadCpuTime {
    type Intermediate = Option<ThreadTime>;
    type Value = Duration;

    fn start(&self) -> Self::Intermediate {
        ThreadTime::try_now().ok()
    }

    fn end(&self, start: Self::Intermediate) -> Self::Value {
        // `new` checked that the clock works, so `None` cannot happen in practice; it would read as zero.
        start.and_then(|t| t.try_elapsed().ok()).unwrap_or_default()
    }

    fn add(&self, v1: &Self::Value, v2: &Self::Value) -> Self::Value {
        *v1 + *v2
    }

    fn zero(&self) -> Self::Value {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Self::Value) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        // Values are nanoseconds, exactly like wall time's, so its formatter (ns/µs/ms, B/s..GiB/s) applies.
        static WALL: WallTime = WallTime;
        WALL.formatter()
    }
}

/// Which clock to measure with.
#[derive(Debug)]
pub enum Clock {
    /// Wall-clock time (criterion's `WallTime`).
    Wall,
    /// The benchmark thread's CPU time.
    ThreadCpu(ThreadCpuTime),
}

/// The clock named by `$FERROFIPS_BENCH_CLOCK` (`wall` when unset or empty).
pub fn clock_from_env() -> Result<Clock, SetupError> {
    let value = std::env::var(CLOCK_ENV).unwrap_or_default();
    match value.as_str() {
        "" | "wall" => Ok(Clock::Wall),
        "thread-cpu" | "cpu" => ThreadCpuTime::new()
            .map(Clock::ThreadCpu)
            .ok_or_else(|| "this platform has no per-thread CPU clock; use wall time".into()),
        other => Err(format!("{CLOCK_ENV}={other:?}: expected \"wall\" or \"thread-cpu\"").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_cpu_time_advances_with_work() {
        let m = ThreadCpuTime::new().expect("Linux has CLOCK_THREAD_CPUTIME_ID");
        let start = m.start();
        let mut x = 0u64;
        for i in 0..5_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        std::hint::black_box(x);
        let spent = m.end(start);
        assert!(spent > Duration::ZERO);
        assert_eq!(m.to_f64(&Duration::from_micros(2)), 2000.0);
    }
}
