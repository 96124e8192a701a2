//! The app driven headless through its accessibility tree, as a user would:
//! find widgets by their labels, click, type, and check the plan.

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs, View};
use ferry::derive::Stage;
use ferry::model::{ActivityKind, Raci, ReplicationStatus, Staging};

fn harness_with(app: FerryApp) -> Harness<'static, FerryApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    settle(&mut harness);
    harness
}

fn example_app(answers: Vec<Option<PathBuf>>) -> Harness<'static, FerryApp> {
    harness_with(FerryApp::new(
        Document::example(),
        Box::new(ScriptedDialogs::answering(answers)),
    ))
}

fn workload_id(harness: &Harness<'_, FerryApp>, name: &str) -> String {
    let plan = &harness.state().session.doc.plan;
    plan.workloads
        .iter()
        .find(|w| w.name == name)
        .map(|w| w.id.clone())
        .expect("workload")
}

fn party_id(harness: &Harness<'_, FerryApp>, name: &str) -> String {
    let plan = &harness.state().session.doc.plan;
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
    let plan = &harness.state().session.doc.plan;
    let w = plan
        .workload(&workload_id(harness, workload))
        .expect("workload");
    w.activity(activity)
        .and_then(|a| a.raci.get(&party_id(harness, party)).copied())
}

/// The error banner the app shows now; fails unless it says every part.
fn error_banner_says(harness: &Harness<'_, FerryApp>, parts: &[&str]) {
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
fn make_dbas_responsible_for_erp_staging(harness: &mut Harness<'_, FerryApp>) {
    harness.get_by_role_and_label(Role::Button, "ERP").click();
    harness.run();
    harness.get_by_label("Staging / DBAs: none").click();
    harness.run();
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
        .session
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
    let before = harness.state().session.doc.plan.parties.len();
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    harness.get_by_label("+ Add party").click();
    harness.run();
    assert_eq!(harness.state().session.doc.plan.parties.len(), before + 1);

    let field = format!("Name of party {}", before + 1);
    harness.get_by_label(&field).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label(&field).type_text("Zoë's DBA team");
    harness.run();
    let party = harness
        .state()
        .session
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
            .session
            .doc
            .plan
            .parties
            .last()
            .map(|p| p.name.as_str()),
        Some(format!("Party {}", before + 1).as_str())
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().session.doc.plan.parties.len(), before);
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
        .session
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
    assert!(harness.state().session.doc.plan.parties.is_empty());
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
    assert!(harness.state().session.doc.plan.party(&dbas).is_some());

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
    let plan = &harness.state().session.doc.plan;
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
        .session
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

    let doc = &harness.state().session.doc;
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
fn undo_and_redo_an_edit() {
    let mut harness = example_app(vec![]);
    let original = harness.state().session.doc.plan.clone();
    make_dbas_responsible_for_erp_staging(&mut harness);
    let edited = harness.state().session.doc.plan.clone();
    assert_ne!(edited, original);
    assert!(
        harness
            .query_by_label_contains("Undo make DBAs R in Staging of ERP")
            .is_some(),
        "the undo names the change"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().session.doc.plan, original);
    assert!(
        harness.query_by_label("unsaved changes").is_none(),
        "back to the state on disk"
    );

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(harness.state().session.doc.plan, edited);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(
        harness.state().session.doc.plan,
        edited,
        "Ctrl+Y redoes too"
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
        .session
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
fn a_glyph_no_font_has_does_not_crash_the_app() {
    let mut plan = ferry::example::example_plan();
    plan.name = "Plan \u{10FFFD} \u{1D11E}".into();
    plan.parties[0].name = "\u{E0001}\u{2FFFF}".into();
    let app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    );
    // The app's own policy (boxes for missing glyphs), not the test default.
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "ERP").click();
    harness.run();
    assert!(
        harness.query_all_by_label_contains("Staging /").count() > 1,
        "the RACI grid is drawn"
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

/// Steps the UI until the import page has finished reading its file.
fn wait_for_import(harness: &mut Harness<'_, FerryApp>) {
    for _ in 0..500 {
        harness.step();
        if !harness.state().import_view.busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(!harness.state().import_view.busy(), "the file was read");
    harness.run();
}

#[test]
fn importing_an_inventory_previews_then_applies_as_one_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv_path = dir.path().join("RVTools_vInfo.csv");
    std::fs::write(
        &csv_path,
        "VM,Template,CPUs,Memory,OS according to the configuration file\nnew-01,False,2,4096,Windows\nerp-app-01,False,8,65536,Windows Server 2003\ntpl,True,1,1,x\n,False,1,1,x\n",
    )
    .expect("write");
    let mut harness = example_app(vec![Some(csv_path)]);
    let before = harness.state().session.doc.plan.clone();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    wait_for_import(&mut harness);
    assert_eq!(harness.state().view, View::Import);
    assert!(
        harness
            .query_by_label_contains("1 added, 1 updated, 0 unchanged")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("row 5, column VM: no name")
            .is_some(),
        "row errors are listed"
    );
    assert_eq!(
        harness.state().session.doc.plan,
        before,
        "a preview changes nothing"
    );

    harness.get_by_label("Apply").click();
    harness.run();
    let plan = &harness.state().session.doc.plan;
    assert_eq!(plan.assets.len(), before.assets.len() + 1);
    let erp = plan
        .assets
        .iter()
        .find(|a| a.name == "erp-app-01")
        .expect("asset");
    assert_eq!(erp.source["memory_mib"], "65536");
    assert_eq!(
        erp.workload,
        before
            .assets
            .iter()
            .find(|a| a.name == "erp-app-01")
            .and_then(|a| a.workload.clone())
    );
    assert_eq!(harness.state().view, View::Assets);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session.doc.plan,
        before,
        "one undo takes the whole import back"
    );
}

#[test]
fn a_csv_is_mapped_column_by_column_and_the_mapping_is_remembered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv_path = dir.path().join("cmdb.csv");
    std::fs::write(
        &csv_path,
        "Hostname,Cores,Site\nzoë-01,4,Paris\nzoë-02,2,Lyon\n",
    )
    .expect("write");
    let mut harness = example_app(vec![Some(csv_path.clone()), Some(csv_path)]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    wait_for_import(&mut harness);
    assert!(
        harness
            .query_by_label_contains("is not an RVTools vInfo export")
            .is_some(),
        "the wrong kind says so"
    );

    harness
        .get_by_label("Other CSV or sheet (map the columns)")
        .click();
    wait_for_import(&mut harness);
    // Hostname was guessed as the name, Cores as cpus; Site is ignored until mapped.
    harness.get_by_label("Field of column Site").click();
    harness.run();
    harness.get_by_label("owner_team").click();
    wait_for_import(&mut harness);
    assert!(harness.query_by_label_contains("2 added").is_some());
    harness.get_by_label("Apply").click();
    harness.run();
    let plan = &harness.state().session.doc.plan;
    let zoe = plan
        .assets
        .iter()
        .find(|a| a.name == "zoë-01")
        .expect("imported");
    assert_eq!(zoe.source["cpus"], "4");
    assert_eq!(zoe.source["owner_team"], "Paris");
    assert_eq!(
        harness.state().csv_mappings.len(),
        1,
        "the mapping is remembered"
    );

    // The same columns again: the remembered mapping is offered at once.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    wait_for_import(&mut harness);
    assert_eq!(
        harness.state().import_view.mapping,
        ["name", "cpus", "owner_team"]
    );
}

#[test]
fn exporting_a_report_writes_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.html");
    let mut harness = example_app(vec![Some(out.clone())]);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export report as HTML…").click();
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
    harness.run();
    harness.get_by_label("Restore previous version…").click();
    harness.run();
    assert_eq!(harness.state().view, View::Versions);
    // First, what restoring would change, in words and by name.
    harness
        .get_all_by_label("What restoring changes")
        .next()
        .expect("one version kept")
        .click();
    harness.run();
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
    harness.run();
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
    harness.run();
    assert_eq!(
        harness.state().session.doc.plan,
        edited,
        "undo brings back what was there"
    );
}

/// An app on a plan saved in a temporary folder, checking the file for
/// outside changes on every frame.
fn app_on_file(
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
fn change_on_disk(path: &std::path::Path, name: &str) {
    let mut plan = ferry::storage::load(path).expect("loads");
    plan.name = name.into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    ferry::storage::save(&plan, path).expect("save");
}

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

/// Runs frames until the UI settles, failing if any frame asked the system
/// to open a link.
fn run_opening_nothing(harness: &mut Harness<'_, FerryApp>) {
    for _ in 0..10 {
        harness.step();
        let opened: Vec<_> = harness
            .output()
            .platform_output
            .commands
            .iter()
            .filter(|c| matches!(c, egui::OutputCommand::OpenUrl(_)))
            .collect();
        assert!(opened.is_empty(), "the app asked to open {opened:?}");
    }
}

#[test]
fn text_from_a_plan_is_only_ever_text() {
    let mut plan = ferry::example::example_plan();
    let i = plan
        .assets
        .iter()
        .position(|a| a.name == "erp-app-01")
        .expect("asset");
    std::sync::Arc::make_mut(&mut plan.assets[i]).name = "https://evil.example/run?x=1".into();
    std::sync::Arc::make_mut(&mut plan.assets[i]).notes =
        "file:///etc/passwd [click](javascript:alert(1)) <a href=\"x\">".into();
    std::sync::Arc::make_mut(&mut plan.assets[i])
        .remediation
        .issues[0]
        .text = "mailto:a@b.example".into();
    plan.name = "[Plan](https://evil.example)".into();
    let mut harness = harness_with(FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    ));
    run_opening_nothing(&mut harness);
    harness
        .get_by_label_contains("https://evil.example/run?x=1 is Blocked")
        .click();
    run_opening_nothing(&mut harness);
    assert_eq!(
        harness.state().view,
        View::Assets,
        "a click on the text only navigates"
    );
    assert!(
        harness
            .query_all_by_label("https://evil.example/run?x=1")
            .count()
            >= 2,
        "shown as text in the table and the form"
    );
    harness
        .get_all_by_label("https://evil.example/run?x=1")
        .next()
        .expect("shown as text")
        .click();
    run_opening_nothing(&mut harness);
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
    // Take theirs for the first, keep mine for the second.
    harness
        .get_all_by_role_and_label(Role::RadioButton, "Theirs")
        .next()
        .expect("a choice per conflict")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Apply merge")
        .click();
    harness.run();
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

/// Runs frames until the plans being read and the saves and recovery
/// copies being written in the background are done (worker threads).
fn settle(harness: &mut Harness<'_, FerryApp>) {
    let start = std::time::Instant::now();
    loop {
        harness.step();
        if !harness.state().session.busy() {
            harness.run();
            return;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "still writing after two minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
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
