//! Suggested waves in the app: "Suggest waves…" from the board and the
//! palette, a workload pinned and the limits changed in place, the
//! proposal applied as one undo step; a workload's page saying which wave
//! it is in and why, after a save and a reload too; the pin shortcut on a
//! card and on a workload's page.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{FerryApp, UiCommand};
use ferry::model::Plan;

use crate::common::{app_on_file, example_app, settle, workload_id};

const DIALOG: &str = "Suggest waves";

fn plan(harness: &Harness<'_, FerryApp>) -> Plan {
    harness.state().session.doc.plan.clone()
}

fn wave_of(harness: &Harness<'_, FerryApp>, name: &str) -> String {
    let id = workload_id(harness, name);
    harness
        .state()
        .session
        .doc
        .plan
        .workload(&id)
        .expect("workload")
        .wave
        .clone()
}

fn pinned(harness: &Harness<'_, FerryApp>, name: &str) -> bool {
    let id = workload_id(harness, name);
    harness
        .state()
        .session
        .doc
        .plan
        .workload(&id)
        .expect("workload")
        .wave_pinned
}

fn dialog_open(harness: &Harness<'_, FerryApp>) -> bool {
    harness.query_by_label(DIALOG).is_some()
}

/// The board, then its "Suggest waves…" button.
fn open_from_the_board(harness: &mut Harness<'_, FerryApp>) {
    harness.get_by_role_and_label(Role::Button, "Waves").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Suggest waves…")
        .click();
    harness.run();
    assert!(dialog_open(harness), "the dialog opens from the board");
}

#[test]
fn a_suggestion_is_opened_from_the_palette_pinned_rerun_applied_and_undone_in_one_step() {
    let mut h = example_app(vec![]);
    let before = plan(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.get_by_label("Search actions, workloads, assets, parties")
        .type_text("suggest waves");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(dialog_open(&h), "the palette opens Suggest waves…");
    // Payroll (High criticality) leaves the pilot wave, with why.
    assert_eq!(
        h.query_all_by_label("Wave 1 → Wave 2").count(),
        2,
        "Payroll and ERP move, each said from where to where"
    );
    assert!(
        h.query_by_label_contains("not in the pilot: High criticality")
            .is_some(),
        "each move says why"
    );
    assert!(
        h.query_by_label("1 workload stays where it is").is_some(),
        "those that stay are counted"
    );

    // Pinned where it is: the proposal is worked out again and leaves it.
    let from = wave_of(&h, "Payroll");
    h.get_by_label(&format!("Pin Payroll to {from}")).click();
    h.run();
    assert!(
        h.query_by_label(&format!("Pin Payroll to {from}"))
            .is_none(),
        "Payroll no longer moves"
    );
    assert!(
        h.query_by_label_contains(&format!("Payroll pinned to {from}"))
            .is_some(),
        "the pin is listed with the way back"
    );
    assert!(!pinned(&h, "Payroll"), "nothing is applied yet");

    // A smaller asset limit, tried in place: new waves, marked new.
    h.get_by_label("Assets per wave").focus();
    h.run();
    h.get_by_label("Assets per wave").type_text("5");
    h.run();
    h.key_press(Key::Tab);
    h.run();
    assert!(
        h.query_all_by_label_contains("(new)").next().is_some(),
        "a limit of 5 assets needs new waves, marked new"
    );
    assert_eq!(plan(&h), before, "trying changes nothing yet");

    h.get_by_role_and_label(Role::Button, "Apply (Enter)")
        .click();
    h.run();
    assert!(!dialog_open(&h), "applying closes the dialog");
    let after = plan(&h);
    assert!(pinned(&h, "Payroll"), "the pin is kept");
    assert_eq!(wave_of(&h, "Payroll"), from);
    assert_eq!(after.wave_limits.assets, Some(5), "the limit is kept");
    assert!(after.waves.len() > before.waves.len(), "new waves added");
    assert_ne!(after, before);

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(plan(&h), before, "one undo takes all of it back");
}

#[test]
fn escape_closes_without_a_change_and_enter_applies() {
    let mut h = example_app(vec![]);
    let before = plan(&h);
    open_from_the_board(&mut h);
    // Escape in a limit field puts the field back, and only that.
    h.get_by_label("Assets per wave").focus();
    h.run();
    h.get_by_label("Assets per wave").type_text("7");
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(dialog_open(&h), "Escape in a field keeps the dialog");
    assert_eq!(
        h.get_by_label("Assets per wave").value().as_deref(),
        Some(""),
        "the field is put back"
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(!dialog_open(&h));
    assert_eq!(plan(&h), before);

    open_from_the_board(&mut h);
    h.key_press(Key::Enter);
    h.run();
    assert!(!dialog_open(&h), "Enter applies and closes");
    assert_ne!(plan(&h), before);
    assert_eq!(wave_of(&h, "Intranet"), "Wave 1", "the pilot moved first");
    // Suggesting again on the result moves nothing.
    open_from_the_board(&mut h);
    assert!(
        h.query_by_label_contains("Nothing to move").is_some(),
        "a suggestion applied is the suggestion again"
    );
    assert!(
        h.get_by_role_and_label(Role::Button, "Apply (Enter)")
            .accesskit_node()
            .is_disabled(),
        "nothing to apply"
    );
}

/// The workload page's line: where the rules put it and why, once the
/// suggestion is applied, and after the plan is saved and read again.
#[test]
fn a_workloads_page_says_which_wave_it_is_in_and_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plan.ron");
    let mut h = example_app(vec![Some(path.clone())]);
    h.get_by_role_and_label(Role::Button, "Payroll").click();
    h.run();
    assert!(
        h.query_by_label_contains("placed by hand: suggested waves would put it in Wave 2")
            .is_some(),
        "before: where the rules would put it"
    );
    open_from_the_board(&mut h);
    h.key_press(Key::Enter);
    h.run();
    let why = "In Wave 2 because: not in the pilot: High criticality";
    h.get_by_role_and_label(Role::Button, "Payroll").click();
    h.run();
    assert!(h.query_by_label_contains(why).is_some(), "after: why");

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut h);
    assert!(path.exists(), "saved");
    let mut again = app_on_file(&path, vec![]);
    again.get_by_role_and_label(Role::Button, "Payroll").click();
    // The reopened plan's progress chart reads its history on a worker.
    settle(&mut again);
    assert!(
        again.query_by_label_contains(why).is_some(),
        "the reason survives a save and a reload"
    );
}

#[test]
fn the_pin_shortcut_pins_the_card_in_hand_and_the_workload_on_screen() {
    let mut h = example_app(vec![]);
    let shortcut = UiCommand::TogglePin.shortcut().expect("a shortcut");
    // On the board: the card whose link has the keyboard.
    h.get_by_role_and_label(Role::Button, "Waves").click();
    h.run();
    h.get_by_role_and_label(Role::Link, "ERP").focus();
    h.run();
    h.key_press_modifiers(shortcut.modifiers, shortcut.logical_key);
    h.run();
    assert!(pinned(&h, "ERP"), "the card with the keyboard is pinned");
    assert!(
        h.query_by_label("ERP is pinned to its wave").is_some(),
        "the card shows it"
    );
    // On the workload's page: that workload, pinned and unpinned.
    h.get_by_role_and_label(Role::Button, "HR").click();
    h.run();
    h.key_press_modifiers(shortcut.modifiers, shortcut.logical_key);
    h.run();
    assert!(pinned(&h, "HR"));
    h.key_press_modifiers(shortcut.modifiers, shortcut.logical_key);
    h.run();
    assert!(!pinned(&h, "HR"), "again: unpinned");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(pinned(&h, "HR"), "each is one undo step");
    // In the help, with its keys.
    h.key_press(Key::F1);
    h.run();
    assert!(
        h.query_by_label_contains(UiCommand::TogglePin.label())
            .is_some()
    );
}
