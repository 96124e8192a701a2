//! Saving a large plan from the app: what the UI thread pays (a snapshot
//! of the plan and a worker started) against the whole save, which runs
//! on the worker. Figures go to BENCHMARKS.md.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ferry::edit::Edit;
use ferry::session::{Document, SaveOutcome, Session};

fn session_on(assets: usize, dir: &std::path::Path) -> Session {
    let path = dir.join(format!("plan-{assets}.ron"));
    ferry::storage::save(&ferry::generate::generate(assets, 1), &path).expect("save");
    let mut session = Session::new(Document::new(ferry::model::Plan::default(), None));
    session.open(&path).expect("open");
    session
}

fn save(c: &mut Criterion) {
    let mut group = c.benchmark_group("save");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [10_000, 100_000] {
        let mut session = session_on(n, dir.path());
        let mut serial = 0;
        // The UI thread's part: from Ctrl+S to the end of that frame.
        group.bench_function(format!("ui_thread/{n}"), |b| {
            b.iter_custom(|iterations| {
                let mut spent = Duration::ZERO;
                for _ in 0..iterations {
                    serial += 1;
                    session
                        .doc
                        .apply(Edit::SetPlanName(format!("v{serial}")), "rename", None)
                        .expect("edit");
                    let start = Instant::now();
                    let outcome = session.save();
                    let _ = session.poll_save();
                    spent += start.elapsed();
                    assert_eq!(outcome, SaveOutcome::Started);
                    assert_eq!(session.wait_for_save(), Some(SaveOutcome::Saved));
                }
                spent
            })
        });
        // The whole save, on the worker: serialise, write, sync, rename.
        group.bench_function(format!("worker/{n}"), |b| {
            b.iter(|| {
                serial += 1;
                session
                    .doc
                    .apply(Edit::SetPlanName(format!("v{serial}")), "rename", None)
                    .expect("edit");
                session.save();
                session.wait_for_save()
            })
        });
    }
    group.finish();
}

/// Opening a plan: read, parse and derive on the worker, until the plan is
/// usable (the window draws meanwhile).
fn open(c: &mut Criterion) {
    let mut group = c.benchmark_group("open");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [10_000, 100_000] {
        let path = dir.path().join(format!("open-{n}.ron"));
        ferry::storage::save(&ferry::generate::generate(n, 1), &path).expect("save");
        let mut session = Session::new(Document::new(ferry::model::Plan::default(), None));
        group.bench_function(format!("until_usable/{n}"), |b| {
            b.iter(|| {
                session.open_in_background(&path);
                let opened = session.wait_for_open();
                assert!(matches!(opened, Some(Ok(_))));
            })
        });
    }
    group.finish();
}

criterion_group!(benches, save, open);
criterion_main!(benches);
