//! The versions page and crash recovery: a previous version restored as an
//! undoable change, unsaved work offered back after a crash or discarded.

use crate::common::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs, View};

#[test]
fn a_previous_version_is_restored_as_an_undoable_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut app = FerryApp::starting_with(
        Some(path.clone()),
        vec![],
        Box::new(ScriptedDialogs::default()),
    );
    app.start(Some(dir.path().join("data")));
    let mut harness = harness_with(app);
    let original = harness.state().session.doc.plan.clone();

    make_dbas_responsible_for_erp_staging(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    let edited = harness.state().session.doc.plan.clone();
    assert_eq!(ferry::storage::load(&path).expect("loads"), edited);

    harness.get_by_label("File").click();
    settle(&mut harness);
    harness.get_by_label("Restore previous version…").click();
    settle(&mut harness);
    assert_eq!(harness.state().view, View::Versions);
    // First, what restoring would change, in words and by name.
    harness
        .get_all_by_label("What restoring changes")
        .next()
        .expect("one version kept")
        .click();
    settle(&mut harness);
    assert!(
        harness.query_all_by_label_contains("DBAs").any(|n| n
            .accesskit_node()
            .value()
            .or_else(|| n.accesskit_node().label())
            .is_some_and(|t| t.contains("Staging") || t.contains("Responsible"))),
        "the change to ERP's staging is described"
    );
    harness
        .get_all_by_label("Restore")
        .next()
        .expect("one version kept")
        .click();
    settle(&mut harness);
    assert_eq!(
        harness.state().session.doc.plan,
        original,
        "the version before the save"
    );
    assert!(
        harness.state().session.doc.is_dirty(),
        "restored, not yet saved"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(
        harness.state().session.doc.plan,
        edited,
        "undo brings back what was there"
    );
}

#[test]
fn unsaved_changes_survive_a_crash_and_are_offered_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let path = dir.path().join("plan.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let on_disk = ferry::storage::load(&path).expect("loads");

    // A session that edits and then dies without saving.
    let mut app = FerryApp::starting_with(
        Some(path.clone()),
        vec![],
        Box::new(ScriptedDialogs::default()),
    );
    app.start(Some(data.clone()));
    app.session.autosave_seconds = 0.0;
    let mut harness = harness_with(app);
    make_dbas_responsible_for_erp_staging(&mut harness);
    settle(&mut harness);
    let edited = harness.state().session.doc.plan.clone();
    assert_eq!(
        ferry::storage::recovery::list(&data.join("recovery")).len(),
        1,
        "a recovery copy is written"
    );
    assert!(
        !data.join("recovery").starts_with(dir.path().join("plan")),
        "not beside the plan"
    );
    drop(harness); // the crash: no save, no question

    // The next start offers the changes back.
    let mut app = FerryApp::starting_with(
        None,
        vec![path.clone()],
        Box::new(ScriptedDialogs::default()),
    );
    app.start(Some(data.clone()));
    let mut harness = harness_with(app);
    assert!(
        harness
            .query_by_label_contains("Recover the unsaved changes to plan.ron from")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("Compared with the file: 1 workload changed.")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::Button, "Recover")
        .click();
    harness.run();
    assert_eq!(harness.state().session.doc.plan, edited);
    assert!(
        harness.state().session.doc.is_dirty(),
        "recovered changes are unsaved"
    );
    assert_eq!(
        harness.state().session.doc.path.as_deref(),
        Some(path.as_path())
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session.doc.plan,
        on_disk,
        "undo shows the file as it was"
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    assert_eq!(ferry::storage::load(&path).expect("loads"), edited);
    assert!(
        ferry::storage::recovery::list(&data.join("recovery")).is_empty(),
        "saved: the copy is gone"
    );
}

#[test]
fn a_recovery_can_be_discarded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let mut plan = ferry::model::Plan::named("Never saved");
    plan.parties.push(ferry::model::Party::new(
        "Zoë",
        ferry::model::PartyKind::Person,
        ferry::model::Role::Other,
    ));
    ferry::storage::recovery::write(&data.join("recovery"), None, None, &plan).expect("write");
    let mut app = FerryApp::new(Document::example(), Box::new(ScriptedDialogs::default()));
    app.start(Some(data.clone()));
    let mut harness = harness_with(app);
    assert!(
        harness
            .query_by_label_contains("Recover the unsaved changes to a plan not saved yet")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::Button, "Discard")
        .click();
    harness.run();
    assert!(
        harness.state().session.doc.is_example,
        "the plan shown stays"
    );
    assert!(ferry::storage::recovery::list(&data.join("recovery")).is_empty());
}
