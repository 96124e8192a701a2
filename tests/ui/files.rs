//! The File menu: open, save, save as, new, close and quit with unsaved
//! changes, recent files, a dropped file, a bad file, exports.

use std::path::PathBuf;

use crate::common::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use ferry::app::{FerryApp, ScriptedDialogs};

#[test]
fn a_bad_file_shows_its_error_and_keeps_the_plan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("broken.ron");
    std::fs::write(&bad, "(\n    format: 1,\n    namee: \"x\",\n)\n").expect("write");
    let mut harness = example_app(vec![Some(bad)]);
    let before = harness.state().session.doc.plan.clone();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    settle(&mut harness);
    error_banner_says(
        &harness,
        &[
            "broken.ron could not be opened",
            ":3:",
            "did you mean `name`",
        ],
    );
    assert!(
        harness
            .query_by_label_contains("The plan you had open is unchanged")
            .is_some()
    );
    assert_eq!(harness.state().session.doc.plan, before);
}

#[test]
fn edit_shows_unsaved_then_save_as_clears_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("contoso.ron");
    let mut harness = example_app(vec![Some(target.clone())]);
    assert!(harness.query_by_label("unsaved changes").is_none());
    assert!(!harness.state().session.doc.window_title().contains('•'));

    make_dbas_responsible_for_erp_staging(&mut harness);
    assert!(harness.query_by_label("unsaved changes").is_some());
    assert!(harness.state().session.doc.window_title().contains('•'));

    // The example has no file: Save asks where.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    assert!(target.exists(), "saved to the chosen path");
    assert!(harness.query_by_label("unsaved changes").is_none());
    assert!(harness.query_by_label("saved").is_some());
    assert!(!harness.state().session.doc.window_title().contains('•'));
    assert!(
        harness
            .state()
            .session
            .doc
            .window_title()
            .contains("contoso.ron")
    );
    let saved = ferry::storage::load(&target).expect("loads");
    assert_eq!(saved, harness.state().session.doc.plan);

    // The next save goes to the same file without asking.
    harness.get_by_label("Staging / DBAs: R").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    assert_eq!(
        ferry::storage::load(&target).expect("loads"),
        harness.state().session.doc.plan
    );
}

#[test]
fn new_plan_with_unsaved_changes_asks_first() {
    let mut harness = example_app(vec![]);
    make_dbas_responsible_for_erp_staging(&mut harness);
    let edited = harness.state().session.doc.plan.clone();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("before starting a new plan?")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert_eq!(
        harness.state().session.doc.plan,
        edited,
        "cancel keeps the work"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Don't save")
        .click();
    harness.run();
    assert_eq!(harness.state().session.doc.plan.name, "Untitled plan");
    assert!(harness.state().session.doc.plan.assets.is_empty());
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    use egui::{ViewportCommand, ViewportEvent, ViewportId};
    let mut harness = example_app(vec![]);
    make_dbas_responsible_for_erp_staging(&mut harness);

    harness
        .input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    harness.step();
    let commands = &harness.output().viewport_output[&ViewportId::ROOT].commands;
    assert!(
        commands.contains(&ViewportCommand::CancelClose),
        "the close is held back"
    );
    harness.run();
    assert!(
        harness
            .query_by_label_contains("before closing Ferry?")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("before closing Ferry?")
            .is_none()
    );
    assert!(
        harness.state().session.doc.is_dirty(),
        "the work is still there"
    );

    harness
        .input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Don't save")
        .click();
    harness.step();
    let commands = &harness.output().viewport_output[&ViewportId::ROOT].commands;
    assert!(
        commands.contains(&ViewportCommand::Close),
        "closes once the user says so"
    );
}

#[test]
fn starting_reopens_the_last_plan_or_shows_the_example() {
    let dir = tempfile::tempdir().expect("tempdir");
    let last = dir.path().join("last.ron");
    let mut plan = ferry::example::example_plan();
    plan.name = "Last one".into();
    ferry::storage::save(&plan, &last).expect("save");

    let mut app = FerryApp::starting_with(
        None,
        vec![last.clone()],
        Box::new(ScriptedDialogs::default()),
    );
    app.wait_for_open();
    assert_eq!(app.session.doc.plan.name, "Last one");
    assert_eq!(app.session.doc.path.as_deref(), Some(last.as_path()));

    let app = FerryApp::starting_with(
        None,
        vec![dir.path().join("gone.ron")],
        Box::new(ScriptedDialogs::default()),
    );
    assert!(
        app.session.doc.is_example,
        "a vanished last plan falls back to the example"
    );
    assert_eq!(app.session.doc.plan.name, "Contoso wave 1");

    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(format: 1,").expect("write");
    let mut app = FerryApp::starting_with(Some(bad), vec![], Box::new(ScriptedDialogs::default()));
    app.wait_for_open();
    assert!(app.session.doc.is_example);
    let banner = app.banner.expect("the error is shown");
    assert!(banner.text.contains("bad.ron"), "{}", banner.text);
}

#[test]
fn opening_a_file_adds_it_to_recent_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut harness = example_app(vec![Some(path.clone())]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    settle(&mut harness);
    assert_eq!(
        harness.state().session.doc.path.as_deref(),
        Some(path.as_path())
    );
    assert_eq!(
        harness.state().session.recent.first(),
        Some(&std::path::absolute(&path).expect("absolute"))
    );
    assert!(
        harness
            .state()
            .session
            .doc
            .window_title()
            .starts_with("Contoso wave 1 — plan.ron")
    );
}

#[test]
fn exporting_a_report_writes_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.html");
    let mut harness = example_app(vec![Some(out.clone())]);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label("Report as HTML…").click();
    harness.run();
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.contains("<h1>Contoso wave 1</h1>"));
    assert!(
        harness
            .query_by_label_contains("Report written to")
            .is_some()
    );
}

#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_plan_on_the_window_opens_it_after_asking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dropped.ron");
    let mut plan = ferry::example::example_plan();
    plan.name = "Dropped plan".into();
    ferry::storage::save(&plan, &path).expect("save");

    let mut harness = example_app(vec![]);
    make_dbas_responsible_for_erp_staging(&mut harness);
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(path.clone())));
    harness.run();
    assert!(
        harness
            .query_by_label_contains("before opening another plan?")
            .is_some(),
        "unsaved work is guarded"
    );
    harness
        .get_by_role_and_label(Role::Button, "Don't save")
        .click();
    settle(&mut harness);
    assert_eq!(harness.state().session.doc.plan.name, "Dropped plan");
    assert_eq!(
        harness.state().session.doc.path.as_deref(),
        Some(path.as_path())
    );
}

#[test]
fn a_read_only_plan_opens_and_saves_elsewhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("locked.ron");
    let copy = dir.path().join("copy.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut perms = std::fs::metadata(&path).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).expect("read-only");
    let before = std::fs::read(&path).expect("read");

    let mut harness = app_on_file(&path, vec![Some(copy.clone())]);
    assert!(harness.state().session.doc.read_only);
    assert!(harness.query_by_label_contains("is read-only").is_some());
    make_dbas_responsible_for_erp_staging(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "the read-only file is untouched"
    );
    assert_eq!(
        ferry::storage::load(&copy).expect("saved as"),
        harness.state().session.doc.plan
    );
    assert_eq!(
        harness.state().session.doc.path.as_deref(),
        Some(copy.as_path())
    );
}

#[test]
fn a_failed_save_keeps_the_work_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("share");
    std::fs::create_dir(&folder).expect("mkdir");
    let path = folder.join("plan.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut harness = app_on_file(&path, vec![]);
    make_dbas_responsible_for_erp_staging(&mut harness);
    let edited = harness.state().session.doc.plan.clone();
    std::fs::remove_dir_all(&folder).expect("the folder goes away");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    error_banner_says(
        &harness,
        &["plan.ron could not be saved", "Your changes are still here"],
    );
    assert!(
        harness.state().session.doc.is_dirty(),
        "still marked unsaved"
    );
    assert_eq!(harness.state().session.doc.plan, edited, "nothing lost");
    assert!(!path.exists());
}
