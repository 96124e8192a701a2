//! The asset table: an asset's replication and staging set in its form,
//! and ten thousand rows that stay usable.

use crate::common::*;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use ferry::app::{Document, FerryApp, ScriptedDialogs};
use ferry::derive::Stage;
use ferry::model::{ReplicationStatus, Staging};

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
            .query_by_label(&format!("{staged_before} of 9 assets staged"))
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
            .query_by_label(&format!("{} of 9 assets staged", staged_before + 1))
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
