//! The workload page: the RACI grid cycled by clicks, its rules updated, and
//! an edit undone and redone.

use crate::common::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use ferry::app::View;
use ferry::model::{ActivityKind, Raci};

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

    // Chosen from the menu (as with the key A), A hands the
    // accountability over: the former Accountable becomes R, so the
    // activity never has two (a click skips A while someone holds it).
    harness.get_by_label("Staging / DBAs: R").click_secondary();
    harness.run();
    harness.get_by_label("A — Accountable").click();
    harness.run();
    assert_eq!(
        raci_of(&harness, "ERP", ActivityKind::Staging, "DBAs"),
        Some(Raci::Accountable)
    );
    assert_eq!(
        raci_of(
            &harness,
            "ERP",
            ActivityKind::Staging,
            "Cloud adoption team"
        ),
        Some(Raci::Responsible)
    );
    assert!(
        harness
            .query_by_label_contains("parties are Accountable")
            .is_none()
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

/// The workload form's Environment and "Pinned to its wave": each one
/// click, each one undo step, saved in the plan (format 3).
#[test]
fn environment_and_the_wave_pin_are_set_on_the_workload_form() {
    let mut harness = example_app(vec![]);
    harness.get_by_role_and_label(Role::Button, "ERP").click();
    harness.run();
    let erp = workload_id(&harness, "ERP");
    let workload = |h: &egui_kittest::Harness<'_, ferry::app::FerryApp>| {
        h.state()
            .session
            .doc
            .plan
            .workload(&erp)
            .expect("ERP")
            .clone()
    };
    assert!(!workload(&harness).wave_pinned);
    harness
        .get_by_role_and_label(Role::CheckBox, "Pinned to its wave")
        .click();
    harness.run();
    assert!(workload(&harness).wave_pinned, "pinned by one click");

    harness
        .get_by_role_and_label(Role::ComboBox, "Environment")
        .click();
    harness.run();
    harness
        .get_by(|n| n.role() != Role::Label && n.label().as_deref() == Some("Non-production"))
        .click();
    harness.run();
    assert_eq!(
        workload(&harness).environment,
        ferry::model::Environment::NonProduction
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        workload(&harness).environment,
        ferry::model::Environment::Unknown
    );
    assert!(workload(&harness).wave_pinned, "one step undone at a time");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(!workload(&harness).wave_pinned);
}

/// Fifty unassessed assets are one blocker line on the workload page, as
/// in the report, not fifty; clicking it opens the first of them.
#[test]
fn many_blockers_of_a_kind_are_one_line_that_opens_the_first() {
    let mut plan = crate::asset_table::rvtools_plan();
    let workload = ferry::model::Workload::new("Dev");
    for asset in plan.assets.iter_mut() {
        if asset.name.starts_with("usfq-dev-") {
            std::sync::Arc::make_mut(asset).workload = Some(workload.id.clone());
        }
    }
    plan.workloads.push(workload);
    let mut harness = harness_with(ferry::app::FerryApp::new(
        ferry::app::Document::new(plan, None),
        Box::new(ferry::app::ScriptedDialogs::default()),
    ));
    harness.get_by_role_and_label(Role::Button, "Dev").click();
    harness.run();
    let line =
        "50 assets Unassessed: usfq-dev-app-00, usfq-dev-app-01, usfq-dev-app-02, … and 47 more";
    assert!(
        harness.query_by_label(line).is_some(),
        "one line for the fifty"
    );
    let one_by_one = harness
        .query_all_by(|n| {
            n.label()
                .is_some_and(|l| l.starts_with("usfq-dev-app-07 is Unassessed"))
        })
        .count();
    assert_eq!(one_by_one, 0, "not listed one by one");
    harness.get_by_label(line).click();
    harness.run();
    harness.run();
    assert_eq!(harness.state().view, View::Assets);
    let first = harness
        .state()
        .session
        .doc
        .plan
        .assets
        .iter()
        .find(|a| a.name == "usfq-dev-app-00")
        .map(|a| a.id.clone());
    assert_eq!(
        harness.state().selected_asset,
        first,
        "the first one is open"
    );
}
