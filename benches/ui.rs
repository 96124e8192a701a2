//! One frame of the app's UI logic (layout and tessellation-free drawing)
//! with a 10,000-asset plan, on the views that grow with the plan.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
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

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("ui_frame");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    for view in ["Overview", "Assets"] {
        let mut h = harness(10_000);
        h.get_by_role_and_label(Role::Button, view).click();
        h.run();
        group.bench_function(format!("{view}/10000"), |b| b.iter(|| h.step()));
    }
    // Selecting an asset in a large plan: the table plus the asset's form.
    let mut h = harness(10_000);
    h.get_by_role_and_label(Role::Button, "Assets").click();
    h.run();
    let id = h.state().session.doc.plan.assets[5_000].id.clone();
    h.state_mut().navigate(&ferry::derive::Subject::Asset(id));
    h.run();
    group.bench_function("Assets+form/10000", |b| b.iter(|| h.step()));
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

criterion_group!(benches, frames, palette);
criterion_main!(benches);
