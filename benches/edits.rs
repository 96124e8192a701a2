//! Every kind of edit a user makes, through the document as the app makes
//! it ([`Document::change`], undo, redo), then the derived state brought
//! up to date as at the end of a frame ([`Document::refresh`]), on plans of
//! 10,000 and 100,000 assets. Goal: each costs at 100,000 assets at most
//! 20 ms of CPU more than at 1,000. What is timed is the CPU time of the
//! bench's thread (not the wall clock), so other work on a shared machine
//! does not count. Figures go to BENCHMARKS.md.
//!
//! `cargo bench --bench edits`; one kind with e.g.
//! `cargo bench --bench edits -- log_add`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ferry::change::WorkloadChange;
use ferry::change::{AssetChange, Change, LogChange, NewLogEntry, PartyChange, PlanChange};
use ferry::model::{LogKind, LogStatus, Plan, Wave};
use ferry::session::Document;

/// A generated plan whose waves are defined (generated plans only label
/// their workloads' waves), so the wave rules run.
fn plan_with_waves(n: usize) -> Plan {
    let mut plan = ferry::generate::generate(n, 1);
    let mut labels: Vec<String> = plan.workloads.iter().map(|w| w.wave.clone()).collect();
    labels.dedup();
    plan.waves = labels
        .into_iter()
        .map(|name| Wave {
            name,
            ..Wave::default()
        })
        .collect();
    plan
}

/// The CPU time this thread has spent.
fn cpu() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Times `timed` (an edit and the refresh after it) `iterations` times,
/// running `between` untimed after each: the CPU time of this thread.
fn timed_loop(
    iterations: u64,
    doc: &mut Document,
    mut timed: impl FnMut(&mut Document),
    mut between: impl FnMut(&mut Document),
) -> Duration {
    let mut spent = Duration::ZERO;
    for _ in 0..iterations {
        let start = cpu();
        timed(doc);
        doc.refresh();
        black_box(doc.derived.problems.len());
        spent += cpu().saturating_sub(start);
        between(doc);
        doc.refresh();
    }
    spent
}

fn change(doc: &mut Document, change: &Change) {
    doc.change(change, None).expect("changes");
}

/// A keystroke typed into a field (one step per field, as the app sends).
fn keystroke(doc: &mut Document, change: &Change, field: &str) {
    doc.change(change, Some(field.to_owned())).expect("changes");
}

fn undo(doc: &mut Document) {
    doc.undo().expect("undoes");
}

fn redo(doc: &mut Document) {
    doc.redo().expect("redoes");
}

/// The text typed letter by letter after `base`: one more letter each
/// time, starting again after twenty.
fn typed(base: &str, serial: &mut usize) -> String {
    *serial += 1;
    let letters = "abcdefghijklmnopqrst";
    format!("{base} {}", &letters[..*serial % letters.len() + 1])
}

fn edits(c: &mut Criterion) {
    let mut group = c.benchmark_group("edits");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1));
    for n in [10_000, 100_000] {
        let mut doc = Document::new(plan_with_waves(n), None);
        let workload = doc.plan.workloads[doc.plan.workloads.len() / 2].id.clone();
        let asset = doc.plan.assets[n / 2].id.clone();
        let party = doc.plan.parties[2].id.clone();
        let mut serial = 0;

        // The log: an entry added (Ctrl+L), that step undone and redone.
        let new_entry = || {
            let mut entry = NewLogEntry::new(LogKind::Decision, Some(workload.clone()));
            entry.text = "Cut over on a Saturday".to_owned();
            Change::NewLog(entry)
        };
        group.bench_function(format!("log_add/{n}"), |b| {
            b.iter_custom(|i| timed_loop(i, &mut doc, |d| change(d, &new_entry()), undo))
        });
        change(&mut doc, &new_entry());
        group.bench_function(format!("log_undo/{n}"), |b| {
            b.iter_custom(|i| timed_loop(i, &mut doc, undo, |d| change(d, &new_entry())))
        });
        undo(&mut doc);
        group.bench_function(format!("log_redo/{n}"), |b| {
            b.iter_custom(|i| timed_loop(i, &mut doc, redo, undo))
        });
        redo(&mut doc);
        let entry = doc.plan.log.last().expect("an entry").id.clone();
        let mut done = false;
        group.bench_function(format!("log_status/{n}"), |b| {
            b.iter_custom(|i| {
                timed_loop(
                    i,
                    &mut doc,
                    |d| {
                        done = !done;
                        let status = if done {
                            LogStatus::Done
                        } else {
                            LogStatus::Open
                        };
                        change(d, &Change::Log(entry.clone(), LogChange::Status(status)));
                    },
                    |_| {},
                )
            })
        });

        // Parties: one added, one renamed letter by letter.
        group.bench_function(format!("party_add/{n}"), |b| {
            b.iter_custom(|i| timed_loop(i, &mut doc, |d| change(d, &Change::new_party().0), undo))
        });
        group.bench_function(format!("party_rename/{n}"), |b| {
            b.iter_custom(|i| {
                timed_loop(
                    i,
                    &mut doc,
                    |d| {
                        let name = typed("Network team", &mut serial);
                        keystroke(
                            d,
                            &Change::Party(party.clone(), PartyChange::Name(name)),
                            "party",
                        );
                    },
                    |_| {},
                )
            })
        });

        // Renames typed letter by letter: a workload's and an asset's.
        group.bench_function(format!("workload_rename/{n}"), |b| {
            b.iter_custom(|i| {
                timed_loop(
                    i,
                    &mut doc,
                    |d| {
                        let name = typed("Billing", &mut serial);
                        let change = Change::workload(&workload, WorkloadChange::Name(name));
                        keystroke(d, &change, "workload");
                    },
                    |_| {},
                )
            })
        });
        group.bench_function(format!("asset_rename/{n}"), |b| {
            b.iter_custom(|i| {
                timed_loop(
                    i,
                    &mut doc,
                    |d| {
                        let name = typed("billing-db", &mut serial);
                        let change = Change::Assets(vec![asset.clone()], AssetChange::Name(name));
                        keystroke(d, &change, "asset");
                    },
                    |_| {},
                )
            })
        });

        // Assets: one added to a workload; one removed from the middle of
        // the list (with what depends on it), and that undone.
        group.bench_function(format!("asset_add/{n}"), |b| {
            b.iter_custom(|i| {
                timed_loop(
                    i,
                    &mut doc,
                    |d| change(d, &Change::new_asset(Some(workload.clone())).0),
                    undo,
                )
            })
        });
        let middle = doc.plan.assets[n / 3].id.clone();
        let remove = Change::RemoveAsset(middle);
        group.bench_function(format!("asset_remove/{n}"), |b| {
            b.iter_custom(|i| timed_loop(i, &mut doc, |d| change(d, &remove), undo))
        });
        change(&mut doc, &remove);
        group.bench_function(format!("asset_remove_undone/{n}"), |b| {
            b.iter_custom(|i| timed_loop(i, &mut doc, undo, |d| change(d, &remove)))
        });
        // Seal the typing steps, so undo above never merged with them.
        doc.history.seal();

        // A workload in the middle of the list removed (its assets go
        // back to the inventory), and that undone.
        let remove = Change::RemoveWorkload(workload.clone());
        group.bench_function(format!("workload_remove/{n}"), |b| {
            b.iter_custom(|i| timed_loop(i, &mut doc, |d| change(d, &remove), undo))
        });
        change(&mut doc, &remove);
        group.bench_function(format!("workload_remove_undone/{n}"), |b| {
            b.iter_custom(|i| timed_loop(i, &mut doc, undo, |d| change(d, &remove)))
        });

        // A wave renamed letter by letter on the board (its workloads
        // follow).
        let wave = doc.plan.waves.len() / 2;
        group.bench_function(format!("wave_rename/{n}"), |b| {
            b.iter_custom(|i| {
                timed_loop(
                    i,
                    &mut doc,
                    |d| {
                        let name = typed("Pilot", &mut serial);
                        let change = Change::Plan(PlanChange::RenameWave(wave, name));
                        keystroke(d, &change, "wave");
                    },
                    |_| {},
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, edits);
criterion_main!(benches);
