//! The core on large plans: parse, serialise and derive (stages, done,
//! problems). Figures go to BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ferry::{derive, generate, storage};

fn core(c: &mut Criterion) {
    let mut group = c.benchmark_group("core");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for n in [10_000, 50_000] {
        let plan = generate::generate(n, 1);
        let text = storage::to_string(&plan);
        eprintln!("{n} assets: {:.1} MB of RON", text.len() as f64 / 1e6);
        group.bench_function(format!("save_to_string/{n}"), |b| {
            b.iter(|| storage::to_string(black_box(&plan)))
        });
        group.bench_function(format!("parse/{n}"), |b| {
            b.iter(|| storage::parse(black_box(&text), Path::new("bench.ron")))
        });
        group.bench_function(format!("derive/{n}"), |b| {
            b.iter(|| derive::derive(black_box(&plan)))
        });
    }
    group.finish();
}

criterion_group!(benches, core);
criterion_main!(benches);
