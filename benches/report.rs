//! Reports (CSV, Markdown, HTML, the tracker CSV of open work) of plans
//! of 25,000, 100,000 and 200,000 assets (goal: the CSV of 100,000 assets in 1 s, time growing in
//! proportion to the plan). Figures go to BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use ferry::export::{ReportFormat, report};

fn reports(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for n in [25_000, 100_000, 200_000] {
        let plan = ferry::generate::generate(n, 1);
        let derived = ferry::derive::derive(&plan);
        for format in [
            ReportFormat::Csv,
            ReportFormat::Markdown,
            ReportFormat::Html,
            ReportFormat::Tasks,
        ] {
            let name = match format {
                ReportFormat::Tasks => "tasks",
                other => other.extension(),
            };
            let text = report(&plan, &derived, format, "2026-01-01");
            eprintln!("{n} assets, {name}: {:.1} MB", text.len() as f64 / 1e6);
            group.bench_function(format!("{name}/{n}"), |b| {
                b.iter(|| report(black_box(&plan), &derived, format, "2026-01-01"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, reports);
criterion_main!(benches);
