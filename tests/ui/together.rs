//! Two people on one shared plan, in the window: who else has it open, a
//! sync client's conflicted copy offered in a banner and merged, the
//! merge dialog naming both sides and asking the room, the question among
//! F8's gaps and on the overview, working live from the File menu.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::common::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use ferry::model::Plan;
use ferry::storage::versions::Author;

/// Saves `plan` to `path` as `user`'s Ferry does: the version replaced
/// is kept beside the plan, and the save is noted as theirs.
fn save_as(plan: &Plan, path: &Path, user: &str) {
    let author = Author::new(user, format!("{user}-pc"));
    let options = ferry::storage::SaveOptions {
        keep: Some(ferry::storage::Keep::versions(None)),
        author: Some(&author),
        ..ferry::storage::SaveOptions::default()
    };
    std::thread::sleep(Duration::from_millis(20));
    ferry::storage::save_with(plan, path, &options).expect("saved");
}

fn shared_plan(dir: &Path) -> PathBuf {
    let path = dir.join("shared.ron");
    save_as(&ferry::example::example_plan(), &path, "alice");
    path
}

/// A look beside the plan now, as the watching thread would make a
/// moment later.
fn look_beside(harness: &mut egui_kittest::Harness<'_, ferry::app::FerryApp>) {
    harness
        .state_mut()
        .session
        .look_beside(SystemTime::now() + Duration::from_secs(3));
    harness.run();
}

/// File › Work live on this file.
fn work_live(harness: &mut egui_kittest::Harness<'_, ferry::app::FerryApp>) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Work live on this file").click();
    harness.run();
    assert!(harness.state().session.live());
}

#[test]
fn a_conflicted_copy_beside_the_plan_gets_a_banner_and_merges() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = shared_plan(dir.path());
    let base = ferry::storage::load(&path).expect("loads");
    // Alice saved a change of hers as Bob saved his: the version both
    // came from is kept beside the plan.
    let mut hers = base.clone();
    std::sync::Arc::make_mut(&mut hers.assets[0]).notes = "Alice checked the backup".into();
    save_as(&hers, &path, "alice");
    let mut harness = app_on_file(&path, vec![]);
    // Bob's copy, left by Dropbox when both saved at once.
    let mut his = base.clone();
    std::sync::Arc::make_mut(&mut his.assets[1]).notes = "Bob checked the firewall".into();
    let copy = dir
        .path()
        .join("shared (Bob's conflicted copy 2026-12-06).ron");
    ferry::storage::save(&his, &copy).expect("saved");
    look_beside(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Bob's conflicted copy, saved at ")
            .is_some(),
        "a banner for the copy, by whose and when"
    );
    assert!(
        harness
            .query_by_label_contains("is beside shared.ron: Dropbox kept both versions")
            .is_some()
    );
    harness.get_by_role_and_label(Role::Button, "Merge").click();
    harness.run();
    harness.run();
    assert_eq!(
        harness.state().session.doc.plan.assets[1].notes,
        "Bob checked the firewall"
    );
    let banner = harness.state().banner.clone().expect("says what came in");
    assert!(
        banner
            .text
            .starts_with("1 change came in from Bob's conflicted copy, saved at "),
        "{}",
        banner.text
    );
    assert!(
        harness
            .query_by_label_contains("is beside shared.ron")
            .is_none(),
        "the banner went"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    assert!(!copy.exists(), "moved aside once saved");
    assert!(
        dir.path()
            .join("ferry-merged-copies")
            .join("shared (Bob's conflicted copy 2026-12-06).ron")
            .exists()
    );
    assert_eq!(
        ferry::storage::load(&path).expect("loads").assets[1].notes,
        "Bob checked the firewall"
    );
}

/// A copy's banner and the line of who else has the plan open come and go
/// without moving the page: the banner floats, the line is in the status
/// bar.
#[test]
fn a_copys_banner_and_who_else_is_here_move_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = shared_plan(dir.path());
    let mut harness = app_on_file(&path, vec![]);
    let page_top = |h: &egui_kittest::Harness<'_, ferry::app::FerryApp>| {
        h.get_by_role_and_label(Role::Button, "Plan settings…")
            .rect()
            .top()
    };
    let before = page_top(&harness);
    let copy = dir.path().join("shared-LAPTOP-7.ron");
    ferry::storage::save(&ferry::storage::load(&path).expect("loads"), &copy).expect("saved");
    look_beside(&mut harness);
    assert!(
        harness
            .query_by_label_contains("The copy saved on LAPTOP-7 at ")
            .is_some()
    );
    assert_eq!(page_top(&harness), before, "the copy's banner floats");
    harness
        .get_by_role_and_label(Role::Button, "Not now")
        .click();
    harness.run();
    assert_eq!(page_top(&harness), before);
    // A second window opens the plan: said in the status bar.
    let _other = app_on_file(&path, vec![]);
    look_beside(&mut harness);
    assert!(harness.query_by_label_contains("Also open by ").is_some());
    assert_eq!(page_top(&harness), before, "who else is here moved nothing");
}

#[test]
fn not_now_puts_a_copys_banner_away() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = shared_plan(dir.path());
    let mut harness = app_on_file(&path, vec![]);
    let copy = dir.path().join("shared-LAPTOP-7.ron");
    ferry::storage::save(&ferry::storage::load(&path).expect("loads"), &copy).expect("saved");
    look_beside(&mut harness);
    assert!(
        harness
            .query_by_label_contains("The copy saved on LAPTOP-7 at ")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::Button, "Not now")
        .click();
    harness.run();
    look_beside(&mut harness);
    assert!(
        harness
            .query_by_label_contains("The copy saved on LAPTOP-7 at ")
            .is_none()
    );
    assert!(copy.exists(), "left where it is");
}

/// Bob's window with a workload renamed (unsaved); Alice saves the same
/// workload renamed otherwise, and another asset's note; Bob merges.
fn bob_merges_alices_conflicting_save(
    dir: &Path,
) -> egui_kittest::Harness<'static, ferry::app::FerryApp> {
    let path = shared_plan(dir);
    let mut harness = app_on_file(&path, vec![]);
    harness.state_mut().session.author = Author::new("bob", "bob-pc");
    let mut mine = harness.state().session.doc.plan.clone();
    mine.workloads[0].name = "ERP (bob)".into();
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
    let mut hers = ferry::storage::load(&path).expect("loads");
    hers.workloads[0].name = "ERP (alice)".into();
    std::sync::Arc::make_mut(&mut hers.assets[2]).notes = "Alice's note".into();
    save_as(&hers, &path, "alice");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("was changed by someone else")
            .is_some()
    );
    harness.get_by_role_and_label(Role::Button, "Merge").click();
    // Reading the file and merging repaints a few times.
    for _ in 0..4 {
        harness.step();
    }
    harness.run();
    harness
}

#[test]
fn the_merge_dialog_names_both_sides_chooses_nothing_and_counts_right() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = bob_merges_alices_conflicting_save(dir.path());
    assert!(
        harness
            .query_by_label("Both of you changed the same things")
            .is_some()
    );
    assert!(harness.query_by_label("Mine — bob").is_some(), "my column");
    assert!(
        harness
            .query_all_by_label_contains("alice's, saved ")
            .next()
            .is_some(),
        "her column: whose, and when"
    );
    assert!(
        harness
            .query_by_label_contains("1 other change merges cleanly.")
            .is_some(),
        "her note merges; the renamed workload is the one conflict"
    );
    assert!(
        harness
            .query_by_label_contains("1 thing was changed both here and in alice's")
            .is_some(),
        "one conflict said in words, not \"This one was thing was changed\""
    );
    assert!(harness.query_by_label("0 of 1 answered").is_some());
    // One pair of words: "Mine" and hers, in the columns and the choices.
    assert!(
        harness
            .query_by_role_and_label(Role::RadioButton, "Mine")
            .is_some()
    );
    assert!(
        harness
            .query_by_role_and_label(Role::RadioButton, "alice's")
            .is_some()
    );
    assert!(harness.query_by_label_contains("Yours").is_none());
    assert!(harness.query_by_label_contains("On disk").is_none());
    // Nothing chosen: Apply does nothing yet.
    harness.get_by_label("Apply merge").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label("Both of you changed the same things")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::RadioButton, "alice's")
        .click();
    harness.run();
    harness.get_by_label("Apply merge").click();
    settle(&mut harness);
    let plan = &harness.state().session.doc.plan;
    assert_eq!(plan.workloads[0].name, "ERP (alice)");
    assert_eq!(plan.assets[2].notes, "Alice's note");
    assert!(
        !plan.log.iter().any(ferry::derive::is_open_merge_question),
        "decided: nothing left to ask"
    );
}

#[test]
fn asking_the_room_leaves_a_question_among_the_gaps_and_on_the_overview() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = bob_merges_alices_conflicting_save(dir.path());
    harness.get_by_label("Ask the room about the rest").click();
    settle(&mut harness);
    harness.get_by_label("Apply merge").click();
    settle(&mut harness);
    let plan = harness.state().session.doc.plan.clone();
    assert_eq!(plan.workloads[0].name, "ERP (bob)", "mine kept meanwhile");
    let question = plan
        .log
        .iter()
        .find(|l| ferry::derive::is_open_merge_question(l))
        .expect("an open question");
    assert!(
        question
            .text
            .contains("bob's 'ERP (bob)', alice's 'ERP (alice)'; bob's kept"),
        "{}",
        question.text
    );
    let banner = harness.state().banner.clone().expect("told");
    assert!(
        banner
            .text
            .contains("1 question for the room is open in the log"),
        "{}",
        banner.text
    );
    // On the overview, whole.
    harness
        .get_by_role_and_label(Role::Button, "Overview")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label("1 open merge question for the room (F8 walks to it)")
            .is_some()
    );
    assert!(harness.query_by_label(&question.text).is_some(), "in full");
    // One of F8's gaps.
    let gaps = ferry::derive::gaps(
        &harness.state().session.doc.plan,
        &harness.state().session.doc.derived,
    );
    let at = gaps
        .iter()
        .position(|g| g.subject == ferry::derive::Subject::Log(question.id.clone()))
        .expect("a gap");
    for _ in 0..=at {
        harness.key_press(Key::F8);
        harness.run();
    }
    let line = harness.state_mut().gap_line().expect("the walk started");
    assert!(line.contains("Merge conflict on"), "{line}");
    assert_eq!(harness.state().view, ferry::app::View::Log);
    // In the log, the whole text is the entry's.
    let text = question.text.clone();
    assert!(
        harness.query_by_value(&text).is_some(),
        "the log holds the whole question"
    );
}

#[test]
fn who_else_has_the_plan_open_is_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = shared_plan(dir.path());
    let mut harness = app_on_file(&path, vec![]);
    let mut alice = ferry::session::Session::new(ferry::session::Document::example());
    alice.author = Author::new("alice", "LAPTOP-7");
    alice.open(&path).expect("opens");
    look_beside(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Also open by alice on LAPTOP-7, since ")
            .is_some()
    );
    alice.close();
    look_beside(&mut harness);
    assert!(harness.query_by_label_contains("Also open by").is_none());
}

#[test]
fn work_live_is_a_file_menu_entry_remembered_for_the_plan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = shared_plan(dir.path());
    let mut harness = app_on_file(&path, vec![]);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Work live on this file").click();
    harness.run();
    assert!(harness.state().session.live());
    assert!(harness.query_by_label("Working live").is_some());
    let remembered = &harness.state().preferences.live_plans;
    assert!(remembered.contains(&std::path::absolute(&path).expect("absolute")));
    let banner = harness.state().banner.clone().expect("told");
    assert!(
        banner.text.starts_with("Working live on shared.ron"),
        "{}",
        banner.text
    );
}

/// Bob types into the quick log while Alice's save comes in: working
/// live, her change is merged under his open form, and every letter he
/// typed, before and after, is in the entry he adds.
#[test]
fn what_is_typed_in_the_quick_log_survives_a_change_coming_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = shared_plan(dir.path());
    let mut harness = app_on_file(&path, vec![]);
    harness.state_mut().session.author = Author::new("bob", "bob-pc");
    work_live(&mut harness);
    assert!(harness.state().session.live());
    crate::real_input::press(&mut harness, Modifiers::COMMAND, Key::L);
    crate::real_input::type_keys(&mut harness, "Keep the DNS");
    let mut hers = ferry::storage::load(&path).expect("loads");
    std::sync::Arc::make_mut(&mut hers.assets[0]).notes = "Alice checked the backup".into();
    save_as(&hers, &path, "alice");
    // Her save is seen and merged in, frame by frame, as he goes on typing.
    for word in [" na", "mes", " as"] {
        harness.step();
        settle(&mut harness);
        crate::real_input::type_keys(&mut harness, word);
    }
    let start = std::time::Instant::now();
    while harness.state().session.doc.plan.assets[0].notes != "Alice checked the backup" {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "her change never came in"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    crate::real_input::type_keys(&mut harness, " they are");
    crate::real_input::press(&mut harness, Modifiers::NONE, Key::Enter);
    settle(&mut harness);
    let log = &harness.state().session.doc.plan.log;
    assert!(
        log.iter()
            .any(|e| e.text == "Keep the DNS names as they are"),
        "{:?}",
        log.iter().map(|e| &e.text).collect::<Vec<_>>()
    );
    assert_eq!(
        harness.state().session.doc.plan.assets[0].notes,
        "Alice checked the backup"
    );
}

/// A window behind another (or minimised) draws nothing, but its plan
/// still lives: working live, Bob's change is saved and Alice's save comes
/// in while only the window's logic runs, with no frame drawn.
#[test]
fn a_hidden_window_still_saves_live_and_takes_in_what_others_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = shared_plan(dir.path());
    let mut harness = app_on_file(&path, vec![]);
    harness.state_mut().session.author = Author::new("bob", "bob-pc");
    work_live(&mut harness);
    make_dbas_responsible_for_erp_staging(&mut harness);
    // The window goes behind another: from now on only its logic runs.
    harness.state_mut().use_wall_clock();
    let ctx = harness.ctx.clone();
    let hidden_until = |harness: &mut egui_kittest::Harness<'_, ferry::app::FerryApp>,
                        done: &dyn Fn(&ferry::app::FerryApp) -> bool| {
        let start = std::time::Instant::now();
        while !done(harness.state()) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "nothing happened"
            );
            harness.state_mut().logic(&ctx);
            std::thread::sleep(Duration::from_millis(25));
        }
    };
    let dbas = party_id(&harness, "DBAs");
    let erp = workload_id(&harness, "ERP");
    let staging_on_disk = |path: &Path| {
        let plan = ferry::storage::load(path).expect("loads");
        plan.workload(&erp)
            .and_then(|w| w.activity(ferry::model::ActivityKind::Staging))
            .and_then(|a| a.raci.get(&dbas).copied())
    };
    hidden_until(&mut harness, &|app| {
        !app.session.doc.is_dirty() && !app.session.busy()
    });
    assert_eq!(
        staging_on_disk(&path),
        Some(ferry::model::Raci::Responsible)
    );
    let mut hers = ferry::storage::load(&path).expect("loads");
    std::sync::Arc::make_mut(&mut hers.assets[0]).notes = "Alice checked the backup".into();
    save_as(&hers, &path, "alice");
    hidden_until(&mut harness, &|app| {
        app.session.doc.plan.assets[0].notes == "Alice checked the backup"
    });
    // What came in is said when the window is seen again.
    harness.run();
    let said = harness.state().toasts.texts().join(" | ");
    assert!(said.contains("alice saved"), "{said}");
    // Its own saves, every two seconds working live, went without a word.
    assert!(!said.contains("Saved shared.ron"), "{said}");
}

/// Toasts float above the notices in the corner, never over their
/// buttons: "Saved" said while the working-live banner shows.
#[test]
fn a_toast_never_covers_a_banner() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = shared_plan(dir.path());
    let mut harness = app_on_file(&path, vec![]);
    work_live(&mut harness);
    make_dbas_responsible_for_erp_staging(&mut harness);
    // Ctrl+S, then frames until the save on its worker is done.
    harness.event(egui::Event::Key {
        key: Key::S,
        physical_key: Some(Key::S),
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    });
    harness.step();
    settle(&mut harness);
    let banner = harness
        .get_by_label_contains("Working live on shared.ron")
        .rect();
    let dismiss = harness
        .get_by_role_and_label(Role::Button, "Dismiss")
        .rect();
    let toast = harness.get_by_label("Saved shared.ron").rect();
    assert!(
        !toast.intersects(banner) && !toast.intersects(dismiss),
        "toast {toast:?} over banner {banner:?}"
    );
}
