//! The plan's file changed elsewhere while it is open: noticed, reloaded,
//! merged (conflicts decided one by one), saved over only after asking;
//! saves and large opens on worker threads that keep frames coming.

use crate::common::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ferry::app::FerryApp;
use ferry::model::{ActivityKind, Raci};

#[test]
fn a_change_on_disk_is_noticed_and_reload_is_undoable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shared.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut harness = app_on_file(&path, vec![]);
    make_dbas_responsible_for_erp_staging(&mut harness);
    let mine = harness.state().session.doc.plan.clone();

    change_on_disk(&path, "Their version");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("was changed by someone else")
            .is_some()
    );
    harness.get_by_label("Reload").click();
    harness.run();
    assert_eq!(harness.state().session.doc.plan.name, "Their version");
    assert!(
        !harness.state().session.doc.is_dirty(),
        "the plan is what is on disk"
    );
    assert!(
        harness
            .query_by_label_contains("was changed by someone else")
            .is_none()
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session.doc.plan,
        mine,
        "undo brings back my version"
    );
}

#[test]
fn saving_over_a_file_changed_elsewhere_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shared.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut harness = app_on_file(&path, vec![]);
    make_dbas_responsible_for_erp_staging(&mut harness);
    change_on_disk(&path, "Their version");
    harness.run();
    harness.get_by_label("Keep mine").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("was changed by someone else")
            .is_none(),
        "dismissed"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    assert!(
        harness.query_by_label("The file changed on disk").is_some(),
        "asks before overwriting"
    );
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert_eq!(
        ferry::storage::load(&path).expect("loads").name,
        "Their version",
        "their file is untouched"
    );
    assert!(harness.state().session.doc.is_dirty());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Overwrite")
        .click();
    settle(&mut harness);
    assert_eq!(
        ferry::storage::load(&path).expect("loads"),
        harness.state().session.doc.plan
    );
    assert!(!harness.state().session.doc.is_dirty());
}

#[test]
fn after_keep_mine_the_status_bar_does_not_say_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shared.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut harness = app_on_file(&path, vec![]);
    assert!(harness.query_by_label("saved").is_some());
    // Unsaved changes of mine: the change on disk waits for my answer (a
    // window with none reloads by itself).
    make_dbas_responsible_for_erp_staging(&mut harness);
    change_on_disk(&path, "Their version");
    harness.run();
    harness.get_by_label("Keep mine").click();
    harness.run();
    assert!(
        harness.query_by_label("saved").is_none(),
        "the window no longer matches the file"
    );
    assert!(
        harness
            .query_by_label("not the version on disk: saving will ask")
            .is_some()
    );
    assert!(harness.state().session.doc.window_title().contains('•'));
}

#[test]
fn a_vanished_file_is_reported_not_fatal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gone.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut harness = app_on_file(&path, vec![]);
    std::fs::remove_file(&path).expect("remove");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("was moved or deleted")
            .is_some()
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    assert!(path.exists(), "saving writes it again");
    assert!(
        harness
            .query_by_label_contains("was moved or deleted")
            .is_none()
    );
}

#[test]
fn a_change_on_disk_merges_with_mine_and_the_merge_is_undoable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shared.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut harness = app_on_file(&path, vec![]);
    // Mine: DBAs become Responsible for ERP's staging (unsaved).
    make_dbas_responsible_for_erp_staging(&mut harness);
    // Theirs, saved meanwhile by a colleague: HR is renamed.
    let mut theirs = ferry::storage::load(&path).expect("loads");
    let hr = theirs
        .workloads
        .iter_mut()
        .find(|w| w.name == "HR")
        .expect("HR");
    hr.name = "Human resources".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    ferry::storage::save(&theirs, &path).expect("their save");
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Merge").click();
    harness.run();
    let plan = &harness.state().session.doc.plan;
    assert!(
        plan.workloads.iter().any(|w| w.name == "Human resources"),
        "theirs came in"
    );
    assert_eq!(
        raci_of(&harness, "ERP", ActivityKind::Staging, "DBAs"),
        Some(Raci::Responsible),
        "mine stayed"
    );
    // Saving now replaces the file without asking: the merge saw it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    let saved = ferry::storage::load(&path).expect("loads");
    assert!(saved.workloads.iter().any(|w| w.name == "Human resources"));
    // Undo takes the merge back, leaving my change.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        harness
            .state()
            .session
            .doc
            .plan
            .workloads
            .iter()
            .any(|w| w.name == "HR")
    );
    assert_eq!(
        raci_of(&harness, "ERP", ActivityKind::Staging, "DBAs"),
        Some(Raci::Responsible)
    );
    // The banner no longer says "save to keep it"; saving now asks
    // rather than silently dropping the colleague's change from the file.
    assert!(
        harness
            .query_by_label_contains("still holds those changes by someone else")
            .is_some()
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    assert!(harness.query_by_label("The file changed on disk").is_some());
    assert!(
        harness
            .query_by_label_contains("that your plan no longer has: you undid")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    let on_disk = ferry::storage::load(&path).expect("loads");
    assert!(
        on_disk
            .workloads
            .iter()
            .any(|w| w.name == "Human resources")
    );
}

#[test]
fn merge_conflicts_are_decided_one_by_one_in_the_app() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shared.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut harness = app_on_file(&path, vec![]);
    // Mine: two workloads renamed (unsaved).
    let mut mine = harness.state().session.doc.plan.clone();
    let names: Vec<String> = mine
        .workloads
        .iter()
        .take(2)
        .map(|w| w.name.clone())
        .collect();
    for w in mine.workloads.iter_mut().take(2) {
        w.name = format!("{} (mine)", w.name);
    }
    harness
        .state_mut()
        .session
        .doc
        .apply(
            ferry::edit::Edit::ReplacePlan(Box::new(mine)),
            "rename",
            None,
        )
        .expect("edit");
    // Theirs: the same two renamed differently, saved meanwhile.
    let mut theirs = ferry::storage::load(&path).expect("loads");
    for w in theirs.workloads.iter_mut().take(2) {
        w.name = format!("{} (theirs)", w.name);
    }
    std::thread::sleep(std::time::Duration::from_millis(20));
    ferry::storage::save(&theirs, &path).expect("their save");
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Merge").click();
    harness.run();
    assert!(
        harness
            .query_by_label("Both of you changed the same things")
            .is_some(),
        "the conflicts are shown before anything is applied"
    );
    // Nothing is chosen for me: Apply waits for an answer to each.
    assert!(harness.query_by_label_contains("0 of 2 answered").is_some());
    // Take theirs for the first, keep mine for the second.
    harness
        .get_all_by_role_and_label(Role::RadioButton, "Theirs")
        .next()
        .expect("a choice per conflict")
        .click();
    harness.run();
    harness
        .get_all_by_role_and_label(Role::RadioButton, "Mine")
        .nth(1)
        .expect("a choice per conflict")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Apply merge")
        .click();
    settle(&mut harness);
    let plan = &harness.state().session.doc.plan;
    let got: Vec<&str> = plan
        .workloads
        .iter()
        .take(2)
        .map(|w| w.name.as_str())
        .collect();
    assert_eq!(
        got,
        [
            format!("{} (theirs)", names[0]).as_str(),
            format!("{} (mine)", names[1]).as_str()
        ]
    );
    let questions = plan
        .log
        .iter()
        .filter(|l| l.text.starts_with("Merge conflict"))
        .count();
    assert_eq!(questions, 0, "decided in the room: nothing left to ask");
    // One undo step takes the whole merge back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        harness.state().session.doc.plan.workloads[0]
            .name
            .ends_with("(mine)")
    );
}

#[test]
fn a_save_in_progress_does_not_block_frames_and_later_edits_stay_unsaved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("large.ron");
    // Large enough that writing it takes many frames.
    ferry::storage::save(&ferry::generate::generate(20_000, 7), &path).expect("save");
    let mut harness = app_on_file(&path, vec![]);
    let rename = |harness: &mut Harness<'_, FerryApp>, name: &str| {
        harness
            .state_mut()
            .session
            .doc
            .apply(ferry::edit::Edit::SetPlanName(name.into()), "rename", None)
            .expect("edit");
        // Frames, not a wait for the UI to settle: the save may end in any.
        harness.step();
        harness.step();
    };
    rename(&mut harness, "Written");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.step();
    harness.step();
    assert!(
        harness.state().session.saving(),
        "the frame that asked for the save ends before the file is written"
    );
    assert!(
        harness.query_by_label("saving…").is_some(),
        "the status bar says so"
    );
    let mut frames = 0;
    while harness.state().session.saving() && frames < 3 {
        harness.step();
        frames += 1;
    }
    assert!(frames >= 1, "frames run while the save is written");
    // An edit made while the file is written.
    rename(&mut harness, "Typed during the save");
    settle(&mut harness);
    assert_eq!(ferry::storage::load(&path).expect("loads").name, "Written");
    let doc = &harness.state().session.doc;
    assert!(doc.is_dirty(), "the later edit is not on disk");
    assert!(doc.window_title().contains('•'), "{}", doc.window_title());
    // Undo goes back to the state that was written: saved.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(!harness.state().session.doc.is_dirty());
}

#[test]
fn a_large_plan_opens_on_a_worker_with_its_progress_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("large.ron");
    ferry::storage::save(&ferry::generate::generate(20_000, 3), &path).expect("save");
    let mut harness = example_app(vec![Some(path.clone()), Some(path.clone())]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    // The window draws while the file is read, and says how far it is.
    assert!(harness.state().session.opening().is_some());
    assert!(
        harness
            .query_by_label_contains("Reading large.ron")
            .is_some(),
        "the progress is shown"
    );
    assert!(harness.query_by_label("Cancel").is_some());
    settle(&mut harness);
    assert_eq!(harness.state().session.doc.plan.assets.len(), 20_000);
    assert_eq!(
        harness.state().session.doc.path.as_deref(),
        Some(path.as_path())
    );
    assert!(
        harness
            .query_by_label_contains("Reading large.ron")
            .is_none()
    );

    // Cancelled: the plan on screen stays.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(harness.state().session.opening().is_none());
    assert_eq!(harness.state().session.doc.plan.assets.len(), 20_000);
}
