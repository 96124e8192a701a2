//! What the UI tests share: an app in a headless harness, waiting for
//! its workers, and looking things up in its plan.

use std::path::PathBuf;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ferry::app::{Document, FerryApp, ScriptedDialogs};
use ferry::model::{ActivityKind, Raci};

pub fn harness_with(app: FerryApp) -> Harness<'static, FerryApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    settle(&mut harness);
    harness
}

pub fn example_app(answers: Vec<Option<PathBuf>>) -> Harness<'static, FerryApp> {
    harness_with(FerryApp::new(
        Document::example(),
        Box::new(ScriptedDialogs::answering(answers)),
    ))
}

pub fn workload_id(harness: &Harness<'_, FerryApp>, name: &str) -> String {
    let plan = &harness.state().session.doc.plan;
    plan.workloads
        .iter()
        .find(|w| w.name == name)
        .map(|w| w.id.clone())
        .expect("workload")
}

pub fn asset_id(harness: &Harness<'_, FerryApp>, name: &str) -> String {
    let plan = &harness.state().session.doc.plan;
    plan.assets
        .iter()
        .find(|a| a.name == name)
        .map(|a| a.id.clone())
        .expect("asset")
}

pub fn party_id(harness: &Harness<'_, FerryApp>, name: &str) -> String {
    let plan = &harness.state().session.doc.plan;
    plan.parties
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.id.clone())
        .expect("party")
}

pub fn raci_of(
    harness: &Harness<'_, FerryApp>,
    workload: &str,
    activity: ActivityKind,
    party: &str,
) -> Option<Raci> {
    let plan = &harness.state().session.doc.plan;
    let w = plan
        .workload(&workload_id(harness, workload))
        .expect("workload");
    w.activity(activity)
        .and_then(|a| a.raci.get(&party_id(harness, party)).copied())
}

/// The error banner the app shows now; fails unless it says every part.
pub fn error_banner_says(harness: &Harness<'_, FerryApp>, parts: &[&str]) {
    let banner = harness.state().banner.clone().expect("an error is shown");
    assert!(banner.error, "{}", banner.text);
    for part in parts {
        assert!(
            banner.text.contains(part),
            "{part:?} missing from: {}",
            banner.text
        );
    }
}

/// One edit through the UI: DBAs become Responsible for ERP's staging.
pub fn make_dbas_responsible_for_erp_staging(harness: &mut Harness<'_, FerryApp>) {
    harness.get_by_role_and_label(Role::Button, "ERP").click();
    settle(harness);
    // The grid may be below the fold of the page (a banner above it).
    harness.get_by_label("Staging / DBAs: none").scroll_to_me();
    settle(harness);
    harness.get_by_label("Staging / DBAs: none").click();
    // The edit may start a recovery copy or a live save on a worker.
    harness.step();
    settle(harness);
}

/// Runs frames until the plans being read and the saves and recovery
/// copies being written in the background are done (worker threads).
pub fn settle(harness: &mut Harness<'_, FerryApp>) {
    let start = std::time::Instant::now();
    loop {
        harness.step();
        if !harness.state().session.busy() {
            // The frames that follow; a worker of a view (the progress
            // chart reading the history) may still ask for one more on a
            // loaded machine, which is no failure here.
            harness.run_ok();
            return;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "still writing after two minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// An app on a plan saved in a temporary folder, checking the file for
/// outside changes on every frame.
pub fn app_on_file(
    path: &std::path::Path,
    answers: Vec<Option<PathBuf>>,
) -> Harness<'static, FerryApp> {
    let mut app = FerryApp::starting_with(
        Some(path.to_owned()),
        vec![],
        Box::new(ScriptedDialogs::answering(answers)),
    );
    app.session.disk_check_seconds = 0.0;
    harness_with(app)
}

/// Changes the file as another program would (a later modification time).
pub fn change_on_disk(path: &std::path::Path, name: &str) {
    let mut plan = ferry::storage::load(path).expect("loads");
    plan.name = name.into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    ferry::storage::save(&plan, path).expect("save");
}
