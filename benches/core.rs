//! The core on large plans: parse, serialise and derive (stages, done,
//! problems). Figures go to BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ferry::{derive, generate, storage};

/// Serialising, parsing and deriving plans of 10,000 and 100,000 assets,
/// and what `ferry check` does: read the file, parse it, derive (goal at
/// 100,000 assets: 0.8 s of CPU; all of it runs on one thread). Parsed
/// plans are dropped outside the timing, as `ferry check` never frees its
/// plan.
fn core(c: &mut Criterion) {
    let mut group = c.benchmark_group("core");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [10_000, 100_000] {
        let plan = generate::generate(n, 1);
        let text = storage::to_string(&plan);
        eprintln!("{n} assets: {:.1} MB of RON", text.len() as f64 / 1e6);
        group.bench_function(format!("save_to_string/{n}"), |b| {
            b.iter(|| storage::to_string(black_box(&plan)))
        });
        group.bench_function(format!("parse/{n}"), |b| {
            b.iter_with_large_drop(|| storage::parse(black_box(&text), Path::new("bench.ron")))
        });
        group.bench_function(format!("derive/{n}"), |b| {
            b.iter_with_large_drop(|| derive::derive(black_box(&plan)))
        });
        let path = dir.path().join(format!("plan-{n}.ron"));
        std::fs::write(&path, &text).expect("write");
        group.bench_function(format!("check/{n}"), |b| {
            b.iter_with_large_drop(|| {
                let plan = storage::load(&path).expect("loads");
                let derived = derive::derive(&plan);
                (plan, derived)
            })
        });
    }
    group.finish();
}

/// A bulk change from the asset table: every asset of a 10,000-asset plan
/// selected, its workload set, as one undo step (goal: well under 1 s).
fn bulk(c: &mut Criterion) {
    use ferry::change::{AssetChange, change_assets};
    use ferry::edit::History;
    let mut group = c.benchmark_group("bulk");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for n in [10_000, 100_000] {
        let plan = generate::generate(n, 1);
        let target = plan.workloads[0].id.clone();
        let ids: Vec<String> = plan.assets.iter().map(|a| a.id.clone()).collect();
        group.bench_function(format!("set_workload_of_all/{n}"), |b| {
            b.iter_batched(
                || (plan.clone(), History::default()),
                |(mut plan, mut history)| {
                    let (edit, label) = change_assets(
                        &plan,
                        ids.iter().map(String::as_str),
                        &AssetChange::Workload(Some(target.clone())),
                    )
                    .expect("changes");
                    history
                        .apply(&mut plan, edit, label, None)
                        .expect("applies");
                    black_box(plan)
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// Copying a whole plan: what a snapshot for a background save would cost
/// without structural sharing.
fn snapshot(c: &mut Criterion) {
    let mut group = c.benchmark_group("snapshot");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for n in [10_000, 100_000] {
        let plan = generate::generate(n, 1);
        group.bench_function(format!("clone/{n}"), |b| {
            b.iter(|| black_box(&plan).clone())
        });
    }
    group.finish();
}

/// One typed change to the assets at `at`, applied and derived as at the
/// end of a frame; the number of problems, so nothing is optimised away.
fn change_and_derive(
    doc: &mut ferry::session::Document,
    at: &[usize],
    change: ferry::change::AssetChange,
) -> usize {
    let (edit, label) = ferry::change::change_assets_at(&doc.plan, at, &change).expect("changes");
    doc.apply(edit, &label, None).expect("applies");
    doc.refresh();
    black_box(doc.derived.problems.len())
}

/// One edit through the document, derived again as after a frame: a RACI
/// cell, one asset's field, one field of 100 assets (a bulk change from the
/// asset table), 100 assets moved to another workload, a dependency, every
/// asset moved, a workload's wave, against a full derive of the same plan.
/// Goal: an edit re-derives only what it touched, well under 20 ms at
/// 100,000 assets.
fn incremental(c: &mut Criterion) {
    use ferry::change::{AssetChange, Change, WorkloadChange};
    use ferry::edit::{Edit, Item};
    use ferry::model::{ActivityKind, Raci, ReplicationStatus, Strategy, Wave};
    use ferry::session::Document;
    let mut group = c.benchmark_group("incremental");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    for n in [10_000, 100_000] {
        let plan = generate::generate(n, 1);
        group.bench_function(format!("full_derive/{n}"), |b| {
            b.iter(|| derive::derive(black_box(&plan)))
        });
        let mut doc = Document::new(plan, None);
        let workload = doc.plan.workloads[0].id.clone();
        let party = doc.plan.parties[0].id.clone();
        let mut flip = false;
        group.bench_function(format!("raci_cell/{n}"), |b| {
            b.iter(|| {
                flip = !flip;
                let letter = flip.then_some(Raci::Consulted);
                let cell = WorkloadChange::Raci(ActivityKind::Staging, party.clone(), letter);
                doc.change(&Change::workload(&workload, cell), None)
                    .expect("applies");
                doc.refresh();
                black_box(doc.derived.problems.len())
            })
        });
        let one = [n / 2];
        group.bench_function(format!("asset_field/{n}"), |b| {
            b.iter(|| {
                flip = !flip;
                let status = if flip {
                    ReplicationStatus::Verified
                } else {
                    ReplicationStatus::Replicating
                };
                change_and_derive(&mut doc, &one, AssetChange::ReplicationStatus(status))
            })
        });
        let hundred: Vec<usize> = (0..100).map(|k| k * (n / 100)).collect();
        group.bench_function(format!("bulk_100_assets/{n}"), |b| {
            b.iter(|| {
                flip = !flip;
                let strategy = if flip {
                    Strategy::Retain
                } else {
                    Strategy::Rehost
                };
                change_and_derive(&mut doc, &hundred, AssetChange::Strategy(strategy))
            })
        });
        // The same 100 assets moved from workload to workload, as the bulk
        // bar's "Move to workload" does when an inventory is sorted out.
        let targets = [
            doc.plan.workloads[1].id.clone(),
            doc.plan.workloads[2].id.clone(),
        ];
        group.bench_function(format!("move_100_assets/{n}"), |b| {
            b.iter(|| {
                flip = !flip;
                let target = targets[usize::from(flip)].clone();
                change_and_derive(&mut doc, &hundred, AssetChange::Workload(Some(target)))
            })
        });
        // A dependency added to one asset in the asset form, then taken
        // away: the plan's cycles are found again.
        let (from, to) = (n / 2, n / 3);
        let dependency = doc.plan.assets[to].id.clone();
        group.bench_function(format!("add_dependency/{n}"), |b| {
            b.iter(|| {
                let change = if doc.plan.assets[from].depends_on.contains(&dependency) {
                    AssetChange::RemoveDependency(dependency.clone())
                } else {
                    AssetChange::AddDependency(dependency.clone())
                };
                change_and_derive(&mut doc, &[from], change)
            })
        });
        // "New workload from selection" with 100 assets.
        let mut serial = 0;
        group.bench_function(format!("new_workload_100_assets/{n}"), |b| {
            b.iter(|| {
                serial += 1;
                let (edit, label, _) =
                    ferry::change::new_workload_at(&doc.plan, &format!("Bench {serial}"), &hundred);
                doc.apply(edit, &label, None).expect("applies");
                doc.refresh();
                black_box(doc.derived.problems.len())
            })
        });
        // The same, undone: the workload was the last of the list.
        group.bench_function(format!("undo_new_workload_100_assets/{n}"), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    serial += 1;
                    let (edit, label, _) = ferry::change::new_workload_at(
                        &doc.plan,
                        &format!("Undone {serial}"),
                        &hundred,
                    );
                    doc.apply(edit, &label, None).expect("applies");
                    doc.refresh();
                    let start = std::time::Instant::now();
                    doc.undo().expect("undoes");
                    doc.refresh();
                    black_box(doc.derived.problems.len());
                    spent += start.elapsed();
                }
                spent
            })
        });
        // Every asset selected and moved: the most a move can touch, which
        // should cost no more than a full derive.
        let all: Vec<usize> = (0..n).collect();
        group.bench_function(format!("move_all_assets/{n}"), |b| {
            b.iter(|| {
                flip = !flip;
                let target = targets[usize::from(flip)].clone();
                change_and_derive(&mut doc, &all, AssetChange::Workload(Some(target)))
            })
        });
        // One workload dragged to another wave on the wave board, in a plan
        // that defines its waves (the generated one only labels them).
        let mut labels: Vec<String> = doc.plan.workloads.iter().map(|w| w.wave.clone()).collect();
        labels.dedup();
        let mut defined = doc.plan.clone();
        defined.waves = labels
            .iter()
            .map(|name| Wave {
                name: name.clone(),
                ..Wave::default()
            })
            .collect();
        let mut doc = Document::new(defined, None);
        let waves = [labels[0].clone(), labels[labels.len() / 2].clone()];
        group.bench_function(format!("workload_wave/{n}"), |b| {
            b.iter(|| {
                flip = !flip;
                let mut w = doc.plan.workloads[3].clone();
                w.wave = waves[usize::from(flip)].clone();
                doc.apply(Edit::Put(Item::Workload(w)), "Wave", None)
                    .expect("applies");
                doc.refresh();
                black_box(doc.derived.problems.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, core, bulk, snapshot, incremental);
criterion_main!(benches);
