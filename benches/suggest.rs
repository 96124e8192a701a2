//! Suggested waves on a plan of 100,000 assets in about 3,500 workloads
//! (goal: 3,000 workloads and 100,000 assets in under 2 s): the whole
//! suggestion (needs, placement, reasons and warnings) with limits in
//! assets and in hours at a bandwidth, and with none. Figures go to
//! BENCHMARKS.md.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ferry::derive::suggest_waves::{Options, suggest};

const ASSETS: usize = 100_000;

fn suggest_waves(c: &mut Criterion) {
    let mut plan = ferry::generate::generate(ASSETS, 1);
    // Every tenth workload pinned where it is, as a room would.
    for w in plan.workloads.iter_mut().step_by(10) {
        w.wave_pinned = true;
    }
    let limited = Options {
        max_assets: Some(400),
        max_hours: Some(72),
        bandwidth_mbps: Some(1000),
        ..Options::of(&plan)
    };
    let unlimited = Options::default();
    let s = suggest(&plan, &limited);
    eprintln!(
        "{} workloads, {} assets: {} waves, {} moved, {} warnings",
        plan.workloads.len(),
        plan.assets.len(),
        s.waves.len(),
        s.moved(),
        s.warnings.len()
    );
    let mut group = c.benchmark_group("suggest_waves");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("100k_assets_with_limits", |b| {
        b.iter(|| suggest(&plan, &limited))
    });
    group.bench_function("100k_assets_no_limits", |b| {
        b.iter(|| suggest(&plan, &unlimited))
    });
    group.finish();
}

criterion_group!(benches, suggest_waves);
criterion_main!(benches);
