//! Where a rebuild's time goes, printed to stderr when `DOSSIER_TIMINGS` is set: how serve's
//! latency was measured (docs/performance.md) and how to find the next cost when it grows.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Whether `DOSSIER_TIMINGS` is set; read once, so the check costs nothing per phase.
pub fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("DOSSIER_TIMINGS").is_some_and(|v| !v.is_empty()))
}

/// Prints the time since `since` under `label`, and restarts the clock.
pub fn lap(label: &str, since: &mut Instant) {
    if enabled() {
        eprintln!(
            "  {label}: {:.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
    *since = Instant::now();
}

/// `work()` and how long it took, for work on a rayon worker: its lap is printed afterwards by
/// the calling thread ([`report`]), because `build` holds stderr's lock meanwhile and a worker
/// that prints would wait for it forever.
pub fn timed<R>(work: impl FnOnce() -> R) -> (R, Duration) {
    let started = Instant::now();
    (work(), started.elapsed())
}

/// Prints `took`, measured by [`timed`], under `label`.
pub fn report(label: &str, took: Duration) {
    if enabled() {
        eprintln!("  {label}: {:.1} ms", took.as_secs_f64() * 1000.0);
    }
}
