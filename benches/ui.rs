//! The app's frames (layout and drawing, without a GPU) with 10,000 and
//! 100,000 assets: a steady frame of every view, the palette, and the
//! asset table's filter and sort.

use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs};

fn harness(assets: usize) -> Harness<'static, FerryApp> {
    let plan = ferry::generate::generate(assets, 1);
    let app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.run();
    harness
}

/// A steady frame (nothing changed since the last one) of every view,
/// with 10,000 and 100,000 assets: what a view costs while it is merely
/// on screen. Goal: 4 ms at 100,000 assets, the same as at 10,000 (no
/// work in proportion to the plan per frame).
fn frames(c: &mut Criterion) {
    use egui::Key;
    use ferry::app::View;
    let mut group = c.benchmark_group("ui_frame");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    for n in [10_000, 100_000] {
        let mut h = harness(n);
        // The largest workload: the heaviest workload page and graph.
        let largest = {
            let doc = &h.state().session.doc;
            let mut counts: std::collections::HashMap<&str, usize> = Default::default();
            for a in &doc.plan.assets {
                if let Some(w) = a.workload.as_deref() {
                    *counts.entry(w).or_default() += 1;
                }
            }
            let (id, _) = counts
                .into_iter()
                .max_by_key(|(id, c)| (*c, *id))
                .expect("workloads");
            id.to_owned()
        };
        let views = [
            ("Overview", View::Overview),
            ("Parties", View::Parties),
            ("Waves", View::Waves),
            ("Workload", View::Workload(largest.clone())),
            ("Graph", View::Graph(largest.clone())),
            ("Assets", View::Assets),
            ("Log", View::Log),
            ("Import", View::Import),
            ("Versions", View::Versions),
        ];
        for (name, view) in views {
            h.state_mut().view = view;
            h.run();
            group.bench_function(format!("{name}/{n}"), |b| b.iter(|| h.step()));
        }
        // Selecting an asset in a large plan: the table plus the asset's
        // form.
        h.state_mut().view = View::Assets;
        h.run();
        let id = h.state().session.doc.plan.assets[n / 2].id.clone();
        h.state_mut().navigate(&ferry::derive::Subject::Asset(id));
        h.run();
        group.bench_function(format!("Assets+form/{n}"), |b| b.iter(|| h.step()));
        // The problems panel beside the overview.
        h.state_mut().view = View::Overview;
        h.state_mut().show_problems = true;
        h.run();
        group.bench_function(format!("Overview+problems/{n}"), |b| b.iter(|| h.step()));
        h.state_mut().show_problems = false;
        // Presentation, as on the projector.
        h.key_press(Key::F11);
        h.run();
        assert!(h.state().presenting(), "F11 presents");
        group.bench_function(format!("Presentation/{n}"), |b| b.iter(|| h.step()));
    }
    group.finish();
}

/// The command palette with 100,000 assets: one keystroke (a letter typed,
/// then erased: two frames, each matching every name of the plan).
fn palette(c: &mut Criterion) {
    use egui::{Key, Modifiers};
    let mut group = c.benchmark_group("palette");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let mut h = harness(100_000);
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    let field = "Search actions, workloads, assets, parties";
    h.get_by_label(field).type_text("erp-d");
    h.run();
    group.bench_function("type_and_erase_a_letter/100000", |b| {
        b.iter(|| {
            h.get_by_label(field).type_text("b");
            h.step();
            h.key_press(Key::Backspace);
            h.step();
        })
    });
    group.finish();
}

/// The Assets view with `assets` assets open, ready for the benches below.
fn assets_view(assets: usize) -> Harness<'static, FerryApp> {
    let mut h = harness(assets);
    h.get_by_role_and_label(Role::Button, "Assets").click();
    h.run();
    h
}

/// The text of the "N of M assets" label, to check a bench changes what
/// it says it changes.
fn shown(h: &Harness<'static, FerryApp>) -> String {
    h.query_all_by_label_contains(" of ")
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.value().or_else(|| node.label())
        })
        .find(|l| l.ends_with(" assets"))
        .unwrap_or_default()
}

/// Times `timed` only; `back` (not timed) puts the table back as it was
/// before it, so every run starts from the same state.
fn custom(
    h: &mut Harness<'static, FerryApp>,
    iters: u64,
    mut timed: impl FnMut(&mut Harness<'static, FerryApp>),
    mut back: impl FnMut(&mut Harness<'static, FerryApp>),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        timed(h);
        total += start.elapsed();
        back(h);
    }
    total
}

/// Where the header of a column of the asset table is ("Name", shown as
/// "Name ⏶" once sorted by it).
fn header(h: &Harness<'static, FerryApp>, title: &str) -> egui::Pos2 {
    h.get_by(|n| {
        n.role() == Role::Button
            && n.label()
                .is_some_and(|l| l == title || l.starts_with(&format!("{title} ")))
    })
    .rect()
    .center()
}

/// The mouse button goes down on a column header (the pointer moved
/// there first: two frames), or up (one frame).
fn button(h: &mut Harness<'static, FerryApp>, title: &str, pressed: bool) {
    let pos = header(h, title);
    if pressed {
        h.hover_at(pos);
    }
    h.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
}

/// A change to one asset, as the app makes it: a new plan revision, so
/// whatever the table keeps for the old one is stale.
fn edit_an_asset(h: &mut Harness<'static, FerryApp>) {
    use ferry::change::{AssetChange, change_assets};
    use std::sync::atomic::{AtomicUsize, Ordering};
    // Each call writes a note no asset had.
    static ROUND: AtomicUsize = AtomicUsize::new(0);
    let round = ROUND.fetch_add(1, Ordering::Relaxed);
    let doc = &mut h.state_mut().session.doc;
    let id = doc.plan.assets[round % doc.plan.assets.len()].id.clone();
    let (edit, label) = change_assets(
        &doc.plan,
        [id.as_str()],
        &AssetChange::Notes(format!("bench {round}")),
    )
    .expect("a change");
    doc.apply(edit, &label, None).expect("applies");
    doc.refresh();
}

/// 100 assets moved to another workload, as the bulk bar's "Move to
/// workload" does: their rows' workload changes, and with it where the
/// table groups and sorts them.
fn move_assets(h: &mut Harness<'static, FerryApp>) {
    use ferry::change::{AssetChange, change_assets_at};
    use std::sync::atomic::{AtomicUsize, Ordering};
    static ROUND: AtomicUsize = AtomicUsize::new(0);
    let round = ROUND.fetch_add(1, Ordering::Relaxed);
    let doc = &mut h.state_mut().session.doc;
    let n = doc.plan.assets.len();
    let hundred: Vec<usize> = (0..100).map(|k| k * (n / 100)).collect();
    let target = doc.plan.workloads[1 + round % 2].id.clone();
    let (edit, label) = change_assets_at(&doc.plan, &hundred, &AssetChange::Workload(Some(target)))
        .expect("a change");
    doc.apply(edit, &label, None).expect("applies");
    doc.refresh();
}

/// The asset table with 10,000 and 100,000 assets. What is timed is the
/// frame the app draws for an input, each input being one frame as it
/// comes: a letter typed in the filter (one frame), Backspace pressed in
/// it (one frame), a click on a column header (the frame where the button
/// comes up and the next one, which shows the sorted table); and a frame
/// where nothing changes, and the first frame after a change to the plan
/// (to one asset's own fields, and 100 assets moved to another workload).
fn asset_table(c: &mut Criterion) {
    use egui::Key;
    let mut group = c.benchmark_group("asset_table");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    let typed = |letter: &'static str| {
        move |h: &mut Harness<'static, FerryApp>| {
            h.get_by_label("Filter").type_text(letter);
            h.step();
        }
    };
    let press_backspace = |h: &mut Harness<'static, FerryApp>| {
        h.key_down(Key::Backspace);
        h.step();
    };
    let release_backspace = |h: &mut Harness<'static, FerryApp>| {
        h.key_up(Key::Backspace);
        h.step();
    };
    let erased = |h: &mut Harness<'static, FerryApp>| {
        press_backspace(h);
        release_backspace(h);
    };
    for n in [10_000, 100_000] {
        let all = format!("{} of {} assets", group_digits(n), group_digits(n));

        // The first letter: every asset is looked at, most of them match
        // ("w": Windows, web).
        let mut h = assets_view(n);
        h.get_by_label("Filter").focus();
        h.run();
        assert_eq!(shown(&h), all);
        typed("w")(&mut h);
        assert_ne!(shown(&h), all, "the filter is applied");
        erased(&mut h);
        assert_eq!(shown(&h), all, "and taken off");
        group.bench_function(format!("type_first_letter/{n}"), |b| {
            b.iter_custom(|iters| custom(&mut h, iters, typed("w"), erased))
        });
        typed("w")(&mut h);
        group.bench_function(format!("erase_first_letter/{n}"), |b| {
            b.iter_custom(|iters| {
                custom(&mut h, iters, press_backspace, |h| {
                    release_backspace(h);
                    typed("w")(h);
                })
            })
        });
        assert_ne!(shown(&h), all, "\"w\" again");

        // One letter more on a query that already narrowed the table
        // ("erp" to "erp1"), and erasing it: the whole plan is searched
        // again.
        let mut h = assets_view(n);
        h.get_by_label("Filter").focus();
        h.run();
        h.get_by_label("Filter").type_text("erp");
        h.run();
        let erp = shown(&h);
        assert_ne!(erp, all);
        typed("1")(&mut h);
        let erp1 = shown(&h);
        assert_ne!(erp1, erp, "\"erp1\" keeps fewer");
        erased(&mut h);
        assert_eq!(shown(&h), erp);
        group.bench_function(format!("type_a_letter/{n}"), |b| {
            b.iter_custom(|iters| custom(&mut h, iters, typed("1"), erased))
        });
        assert_eq!(shown(&h), erp);
        typed("1")(&mut h);
        group.bench_function(format!("erase_a_letter/{n}"), |b| {
            b.iter_custom(|iters| {
                custom(&mut h, iters, press_backspace, |h| {
                    release_backspace(h);
                    typed("1")(h);
                })
            })
        });
        assert_eq!(shown(&h), erp1);

        // A frame where nothing changes, with a filter on (the "Matched
        // in" column shown).
        erased(&mut h);
        h.run();
        group.bench_function(format!("steady_frame/{n}"), |b| b.iter(|| h.step()));

        // The first frame after a change to the plan: what the table
        // keeps for a revision is made again (the plan's derived state was
        // made when the change was applied, before this frame).
        let mut h = assets_view(n);
        edit_an_asset(&mut h);
        group.bench_function(format!("frame_after_edit/{n}"), |b| {
            b.iter_custom(|iters| custom(&mut h, iters, |h| h.step(), edit_an_asset))
        });
        let mut h = assets_view(n);
        move_assets(&mut h);
        group.bench_function(format!("frame_after_move/{n}"), |b| {
            b.iter_custom(|iters| custom(&mut h, iters, |h| h.step(), move_assets))
        });

        // A click on a header, the first since the plan changed (a change
        // just made, the frame after it drawn): by name, by workload, and
        // by a source fact shown as a column ("os"). Then the same header
        // again: the other direction.
        let mut h = assets_view(n);
        h.get_by_label("Columns…").click();
        h.run();
        h.get_by_label("os").click();
        h.run();
        h.key_press(Key::Escape);
        h.run();
        for (title, name) in [("Name", "name"), ("Workload", "workload"), ("os", "fact")] {
            let prepare = |h: &mut Harness<'static, FerryApp>| {
                button(h, "Kind", true);
                button(h, "Kind", false);
                h.step();
                edit_an_asset(h);
                h.step();
                button(h, title, true);
            };
            let release = |h: &mut Harness<'static, FerryApp>| {
                button(h, title, false);
                h.step();
            };
            prepare(&mut h);
            group.bench_function(format!("sort_by_{name}/{n}"), |b| {
                b.iter_custom(|iters| custom(&mut h, iters, release, prepare))
            });
            release(&mut h);
            assert!(
                h.query_by_label(&format!("{title} ⏶")).is_some(),
                "sorted by {title}"
            );
        }
        let release_on_name = |h: &mut Harness<'static, FerryApp>| {
            button(h, "Name", false);
            h.step();
        };
        button(&mut h, "Name", true);
        release_on_name(&mut h);
        button(&mut h, "Name", true);
        group.bench_function(format!("reverse_sort/{n}"), |b| {
            b.iter_custom(|iters| {
                custom(&mut h, iters, release_on_name, |h| button(h, "Name", true))
            })
        });
    }
    group.finish();
}

/// 100000 → "100,000", as the table's count shows it.
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Starting with a plan file, as `ferry plan.ron` does: the app is made
/// and draws its first frame (the progress screen) while the plan is read
/// on a worker. Goal: the window is up within 0.5 s whatever the plan's
/// size, so this must not grow with the plan.
fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let dir = tempfile::tempdir().expect("tempdir");
    for n in [10_000, 100_000] {
        let path = dir.path().join(format!("plan-{n}.ron"));
        ferry::storage::save(&ferry::generate::generate(n, 1), &path).expect("save");
        group.bench_function(format!("first_frame/{n}"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    let app = FerryApp::starting_with(
                        Some(path.clone()),
                        Vec::new(),
                        Box::new(ScriptedDialogs::default()),
                    );
                    let mut h = Harness::builder()
                        .with_size(egui::vec2(1400.0, 1000.0))
                        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
                    h.step();
                    total += start.elapsed();
                    if n >= 100_000 {
                        assert!(
                            h.state().session.opening().is_some(),
                            "the first frame does not wait for the plan"
                        );
                    }
                    // Not timed: the read finishes, and the app goes.
                    h.state_mut().session.wait_for_open();
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frames, palette, asset_table, startup);
criterion_main!(benches);
