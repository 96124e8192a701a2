//! The problems panel and blockers: each goes to what it is about.

use crate::common::*;
use egui_kittest::kittest::Queryable;
use ferry::app::View;

#[test]
fn a_blocker_link_goes_to_the_asset() {
    let mut harness = example_app(vec![]);
    harness
        .get_by_label("erp-app-01 is Blocked: Windows Server 2003 is not supported")
        .click();
    harness.run();
    assert_eq!(harness.state().view, View::Assets);
    let id = harness.state().selected_asset.clone().expect("selected");
    assert_eq!(
        harness
            .state()
            .session
            .doc
            .plan
            .asset(&id)
            .map(|a| a.name.as_str()),
        Some("erp-app-01")
    );
    assert!(
        harness
            .query_all_by_value("Windows Server 2003 is not supported")
            .next()
            .is_some(),
        "the form shows its issue"
    );
}

#[test]
fn the_problems_panel_navigates_to_its_subject() {
    let mut harness = example_app(vec![]);
    harness.get_by_label_contains("errors ·").click();
    harness.run();
    assert!(harness.state().show_problems);
    let problem = "hr-db-01 needs remediation but lists no compatibility issue";
    harness.get_by_label_contains(problem).scroll_to_me();
    harness.run();
    harness.get_by_label_contains(problem).click();
    harness.run();
    assert_eq!(harness.state().view, View::Assets);
    let id = harness.state().selected_asset.clone().expect("selected");
    assert_eq!(
        harness
            .state()
            .session
            .doc
            .plan
            .asset(&id)
            .map(|a| a.name.as_str()),
        Some("hr-db-01")
    );
}

/// An edit of a whole large plan (an import's size) has its checks run
/// again on a worker: the status bar says so quietly, frames go on, a
/// name typed meanwhile is kept, and once the worker is done the counts
/// are a full derive's of the plan with the name in it.
#[test]
fn checks_refreshed_on_a_worker_are_said_and_edits_made_meanwhile_are_kept() {
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable;
    use ferry::change::{AssetChange, Change};
    const REFRESHING: &str = "Refreshing checks…";
    let plan = ferry::generate::generate(ferry::session::DERIVE_IN_FRAME + 1, 5);
    let mut harness = harness_with(ferry::app::FerryApp::new(
        ferry::app::Document::new(plan, None),
        Box::new(ferry::app::ScriptedDialogs::answering(vec![])),
    ));
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Parties")
        .click();
    harness.run();
    let field = "Name of party 1";
    harness.get_by_label(field).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    assert!(harness.query_by_label_contains(REFRESHING).is_none());

    // Every asset changed in one step, as an import changes them: the
    // frame's refresh hands the whole plan to a worker and returns.
    let every: Vec<usize> = (0..harness.state().session.doc.plan.assets.len()).collect();
    // However fast the machine, the worker waits until the frames below
    // have been looked at.
    let go = harness.state_mut().session.doc.hold_next_worker_derive();
    harness
        .state_mut()
        .session
        .doc
        .change(
            &Change::AssetsAt(every, AssetChange::Notes("imported".into())),
            None,
        )
        .expect("changes");
    harness.step();
    assert!(harness.state().session.doc.refreshing(), "on a worker");

    // The next frame comes while the worker runs: it says so, and a
    // letter typed into the party's name goes into the plan.
    harness.get_by_label(field).type_text("N");
    harness.step();
    assert!(
        harness.query_by_label_contains(REFRESHING).is_some(),
        "the status bar says the checks are being refreshed"
    );
    let name = |h: &egui_kittest::Harness<'_, ferry::app::FerryApp>| {
        h.state().session.doc.plan.parties[0].name.clone()
    };
    assert_eq!(name(&harness), "N", "typed while the checks ran");

    // Frames go on until the worker is done; then the note is gone.
    drop(go);
    let start = std::time::Instant::now();
    while harness.state().session.doc.refreshing() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "the worker ends"
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    harness.run();
    assert!(harness.query_by_label_contains(REFRESHING).is_none());
    let doc = &harness.state().session.doc;
    assert_eq!(name(&harness), "N", "the edit made meanwhile is kept");
    assert!(doc.plan.assets.iter().all(|a| a.notes == "imported"));
    assert_eq!(doc.derived_revision(), doc.revision);
    assert_eq!(doc.full_derives(), 1, "the name derived as an edit");
    let full = ferry::derive::derive(&doc.plan);
    assert_eq!(doc.derived.problems, full.problems);
    assert_eq!(doc.derived.stages, full.stages);
}
