//! Where a rebuild's time goes, printed to stderr when `DOSSIER_TIMINGS` is set: how serve's
//! latency was measured (docs/performance.md) and how to find the next cost when it grows.

use std::sync::OnceLock;
use std::time::Instant;

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
