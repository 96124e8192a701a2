//! The app driven headless through its accessibility tree, as a user would:
//! find widgets by their labels, click, type, and check the plan.

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ferry::app::{Document, FerryApp, ScriptedDialogs, View};
use ferry::derive::Stage;
use ferry::model::{ActivityKind, Raci, ReplicationStatus, Staging};

fn harness_with(app: FerryApp) -> Harness<'static, FerryApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.run();
    harness
}

fn example_app(answers: Vec<Option<PathBuf>>) -> Harness<'static, FerryApp> {
    harness_with(FerryApp::new(
        Document::example(),
        Box::new(ScriptedDialogs::answering(answers)),
    ))
}

fn workload_id(harness: &Harness<'_, FerryApp>, name: &str) -> String {
    let plan = &harness.state().doc.plan;
    plan.workloads
        .iter()
        .find(|w| w.name == name)
        .map(|w| w.id.clone())
        .expect("workload")
}

fn party_id(harness: &Harness<'_, FerryApp>, name: &str) -> String {
    let plan = &harness.state().doc.plan;
    plan.parties
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.id.clone())
        .expect("party")
}

fn raci_of(
    harness: &Harness<'_, FerryApp>,
    workload: &str,
    activity: ActivityKind,
    party: &str,
) -> Option<Raci> {
    let plan = &harness.state().doc.plan;
    let w = plan
        .workload(&workload_id(harness, workload))
        .expect("workload");
    w.activity(activity)
        .and_then(|a| a.raci.get(&party_id(harness, party)).copied())
}

#[test]
fn clicking_a_raci_cell_cycles_it_and_updates_the_rule() {
    let mut harness = example_app(vec![]);
    harness.get_by_role_and_label(Role::Button, "ERP").click();
    harness.run();
    assert_eq!(
        harness.state().view,
        View::Workload(workload_id(&harness, "ERP"))
    );
    // ERP's staging has an Accountable but no Responsible.
    assert!(harness.query_by_label("⚠ no one is Responsible").is_some());
    assert_eq!(
        raci_of(&harness, "ERP", ActivityKind::Staging, "DBAs"),
        None
    );

    harness.get_by_label("Staging / DBAs: none").click();
    harness.run();
    assert_eq!(
        raci_of(&harness, "ERP", ActivityKind::Staging, "DBAs"),
        Some(Raci::Responsible)
    );
    assert!(
        harness.query_by_label("⚠ no one is Responsible").is_none(),
        "rule now holds"
    );
    let erp = workload_id(&harness, "ERP");
    let status = harness
        .state()
        .doc
        .derived
        .workload(&erp)
        .expect("status")
        .clone();
    assert!(
        status
            .blockers
            .iter()
            .all(|b| b.code != "activity-unassigned")
    );

    // R → A: now two Accountable, and the row says so.
    harness.get_by_label("Staging / DBAs: R").click();
    harness.run();
    assert_eq!(
        raci_of(&harness, "ERP", ActivityKind::Staging, "DBAs"),
        Some(Raci::Accountable)
    );
    assert!(
        harness
            .query_by_label("⚠ 2 parties are Accountable and no one is Responsible")
            .is_some()
    );
    for expected in [Some(Raci::Consulted), Some(Raci::Informed), None] {
        let letter =
            raci_of(&harness, "ERP", ActivityKind::Staging, "DBAs").map_or("none", Raci::letter);
        harness
            .get_by_label(&format!("Staging / DBAs: {letter}"))
            .click();
        harness.run();
        assert_eq!(
            raci_of(&harness, "ERP", ActivityKind::Staging, "DBAs"),
            expected
        );
    }
}

#[test]
fn adding_a_party_through_the_form() {
    let mut harness = example_app(vec![]);
    let before = harness.state().doc.plan.parties.len();
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    harness.get_by_label("+ Add party").click();
    harness.run();
    assert_eq!(harness.state().doc.plan.parties.len(), before + 1);

    let field = format!("Name of party {}", before + 1);
    harness.get_by_label(&field).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label(&field).type_text("Zoë's DBA team");
    harness.run();
    let party = harness
        .state()
        .doc
        .plan
        .parties
        .last()
        .expect("party")
        .clone();
    assert_eq!(party.name, "Zoë's DBA team");

    // Typing the name was one step: one undo removes the typing, the next
    // removes the party.
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness
            .state()
            .doc
            .plan
            .parties
            .last()
            .map(|p| p.name.as_str()),
        Some(format!("Party {}", before + 1).as_str())
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().doc.plan.parties.len(), before);
}

#[test]
fn adding_the_caf_teams_is_one_click_and_one_undo() {
    let mut harness = harness_with(FerryApp::new(
        Document::new(ferry::model::Plan::named("Empty"), None),
        Box::new(ScriptedDialogs::default()),
    ));
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    harness.get_by_label("+ Add the CAF teams").click();
    harness.run();
    let names: Vec<String> = harness
        .state()
        .doc
        .plan
        .parties
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert!(
        names.contains(&"Cloud adoption team".to_owned())
            && names.contains(&"Cloud strategy team".to_owned()),
        "{names:?}"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().doc.plan.parties.is_empty());
}

#[test]
fn removing_an_assigned_party_asks_first() {
    let mut harness = example_app(vec![]);
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    let dbas = party_id(&harness, "DBAs");
    // DBAs is the 6th party of the example.
    harness
        .get_all_by_label("Remove…")
        .nth(5)
        .expect("row")
        .click();
    harness.run();
    assert!(
        harness.query_by_label("Remove DBAs?").is_some(),
        "asks first"
    );
    assert!(
        harness
            .query_by_label_contains("R in ERP, Remediation")
            .is_some(),
        "says where it is assigned"
    );
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(harness.state().doc.plan.party(&dbas).is_some());

    harness
        .get_all_by_label("Remove…")
        .nth(5)
        .expect("row")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Remove")
        .click();
    harness.run();
    let plan = &harness.state().doc.plan;
    assert!(plan.party(&dbas).is_none());
    assert!(
        ferry::edit::party_usage(plan, &dbas).is_empty(),
        "assignments cleared"
    );
}

#[test]
fn setting_an_asset_verified_and_staged_changes_its_stage_and_the_overview() {
    let mut harness = example_app(vec![]);
    let erp = workload_id(&harness, "ERP");
    let staged_before = harness
        .state()
        .doc
        .derived
        .workload(&erp)
        .expect("erp")
        .count(Stage::Staged);
    assert!(
        harness
            .query_by_label(&format!("{staged_before} of 9 staged"))
            .is_some()
    );

    harness
        .get_by_role_and_label(Role::Button, "Assets")
        .click();
    harness.run();
    harness.get_by_label("Filter").focus();
    harness.run();
    harness.get_by_label("Filter").type_text("erp-web-02");
    harness.run();
    harness.get_by_label("erp-web-02").click();
    harness.run();
    let id = harness.state().selected_asset.clone().expect("selected");

    harness
        .get_by_role_and_label(Role::ComboBox, "Replication")
        .click();
    harness.run();
    harness
        .get_by(|n| n.role() != Role::Label && n.label().as_deref() == Some("Verified"))
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::ComboBox, "Staging")
        .click();
    harness.run();
    harness
        .get_by(|n| n.role() != Role::Label && n.label().as_deref() == Some("Staged"))
        .click();
    harness.run();

    let doc = &harness.state().doc;
    let asset = doc.plan.asset(&id).expect("asset");
    assert_eq!(asset.replication.status, ReplicationStatus::Verified);
    assert_eq!(asset.staging, Staging::Staged);
    let index = doc
        .plan
        .assets
        .iter()
        .position(|a| a.id == id)
        .expect("index");
    assert_eq!(doc.derived.stages[index], Stage::Staged);

    harness
        .get_by_role_and_label(Role::Button, "Overview")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label(&format!("{} of 9 staged", staged_before + 1))
            .is_some()
    );
}

#[test]
fn a_bad_file_shows_its_error_and_keeps_the_plan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("broken.ron");
    std::fs::write(&bad, "(\n    format: 1,\n    namee: \"x\",\n)\n").expect("write");
    let mut harness = example_app(vec![Some(bad)]);
    let before = harness.state().doc.plan.clone();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    let banner = harness.state().banner.clone().expect("an error is shown");
    assert!(banner.error);
    assert!(
        banner.text.contains("broken.ron could not be opened"),
        "{}",
        banner.text
    );
    assert!(
        banner.text.contains(":3:"),
        "names the line: {}",
        banner.text
    );
    assert!(
        banner.text.contains("did you mean `name`"),
        "{}",
        banner.text
    );
    assert!(
        harness
            .query_by_label_contains("The plan you had open is unchanged")
            .is_some()
    );
    assert_eq!(harness.state().doc.plan, before);
}

#[test]
fn edit_shows_unsaved_then_save_as_clears_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("contoso.ron");
    let mut harness = example_app(vec![Some(target.clone())]);
    assert!(harness.query_by_label("unsaved changes").is_none());
    assert!(!harness.state().doc.window_title().contains('•'));

    harness.get_by_role_and_label(Role::Button, "ERP").click();
    harness.run();
    harness.get_by_label("Staging / DBAs: none").click();
    harness.run();
    assert!(harness.query_by_label("unsaved changes").is_some());
    assert!(harness.state().doc.window_title().contains('•'));

    // The example has no file: Save asks where.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(target.exists(), "saved to the chosen path");
    assert!(harness.query_by_label("unsaved changes").is_none());
    assert!(harness.query_by_label("saved").is_some());
    assert!(!harness.state().doc.window_title().contains('•'));
    assert!(harness.state().doc.window_title().contains("contoso.ron"));
    let saved = ferry::storage::load(&target).expect("loads");
    assert_eq!(saved, harness.state().doc.plan);

    // The next save goes to the same file without asking.
    harness.get_by_label("Staging / DBAs: R").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(
        ferry::storage::load(&target).expect("loads"),
        harness.state().doc.plan
    );
}

#[test]
fn undo_and_redo_an_edit() {
    let mut harness = example_app(vec![]);
    let original = harness.state().doc.plan.clone();
    harness.get_by_role_and_label(Role::Button, "ERP").click();
    harness.run();
    harness.get_by_label("Staging / DBAs: none").click();
    harness.run();
    let edited = harness.state().doc.plan.clone();
    assert_ne!(edited, original);
    assert!(
        harness
            .query_by_label_contains("Undo make DBAs R in Staging of ERP")
            .is_some(),
        "the undo names the change"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().doc.plan, original);
    assert!(
        harness.query_by_label("unsaved changes").is_none(),
        "back to the state on disk"
    );

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(harness.state().doc.plan, edited);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(harness.state().doc.plan, edited, "Ctrl+Y redoes too");
}

#[test]
fn new_plan_with_unsaved_changes_asks_first() {
    let mut harness = example_app(vec![]);
    harness.get_by_role_and_label(Role::Button, "ERP").click();
    harness.run();
    harness.get_by_label("Staging / DBAs: none").click();
    harness.run();
    let edited = harness.state().doc.plan.clone();
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
    assert_eq!(harness.state().doc.plan, edited, "cancel keeps the work");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Don't save")
        .click();
    harness.run();
    assert_eq!(harness.state().doc.plan.name, "Untitled plan");
    assert!(harness.state().doc.plan.assets.is_empty());
}

#[test]
fn a_blocker_link_goes_to_the_asset() {
    let mut harness = example_app(vec![]);
    harness
        .get_by_label("■ erp-app-01 is Blocked: Windows Server 2003 is not supported")
        .click();
    harness.run();
    assert_eq!(harness.state().view, View::Assets);
    let id = harness.state().selected_asset.clone().expect("selected");
    assert_eq!(
        harness.state().doc.plan.asset(&id).map(|a| a.name.as_str()),
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
    harness
        .get_by_label_contains("hr-db-01 needs remediation but lists no compatibility issue")
        .click();
    harness.run();
    assert_eq!(harness.state().view, View::Assets);
    let id = harness.state().selected_asset.clone().expect("selected");
    assert_eq!(
        harness.state().doc.plan.asset(&id).map(|a| a.name.as_str()),
        Some("hr-db-01")
    );
}

#[test]
fn names_in_other_scripts_render_without_crashing() {
    let mut plan = ferry::example::example_plan();
    plan.parties[0].name = "Zoë Müller".into();
    plan.parties[1].name = "Ærøskøbing Ops".into();
    let mut harness = harness_with(FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    ));
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    assert!(harness.query_all_by_value("Zoë Müller").next().is_some());
    assert!(
        harness
            .query_all_by_value("Ærøskøbing Ops")
            .next()
            .is_some()
    );
}

#[test]
fn the_assets_table_stays_usable_with_ten_thousand_assets() {
    let plan = ferry::generate::generate(10_000, 3);
    let mut harness = harness_with(FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    ));
    harness
        .get_by_role_and_label(Role::Button, "Assets")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("10,000 of 10,000 assets")
            .is_some()
    );
    harness.get_by_label("Filter").focus();
    harness.run();
    harness.get_by_label("Filter").type_text("erp-db");
    harness.run();
    let shown = harness
        .state()
        .doc
        .plan
        .assets
        .iter()
        .filter(|a| a.name.contains("erp-db"))
        .count();
    assert!(shown > 0);
    assert!(
        harness
            .query_by_label(&format!("{shown} of 10,000 assets"))
            .is_some()
    );
}
