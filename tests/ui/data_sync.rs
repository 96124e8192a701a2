//! Issue 19's asset side: the asset form and the bulk pane set a data sync
//! where one is offered (databases and data, any asset of a Staged or
//! Flight workload), the tool pickers say which tools replicate
//! continuously and which copy once, and the overview shows promotion
//! readiness beside the definition of done, changing when a sync is set.

use crate::asset_table::{LAPTOP, assets_at};
use crate::real_input::press;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::FerryApp;
use ferry::model::{Asset, AssetKind, Plan, PromotionModel, ReplicationTool, Workload};

/// A Staged workload with a database and a web server, and a VM left in
/// the inventory.
fn staged_plan() -> Plan {
    let mut plan = Plan::named("Orders migration");
    let mut orders = Workload::new("Orders");
    orders.promotion_model = PromotionModel::Staged;
    for (name, kind) in [
        ("orders-db", AssetKind::Database),
        ("orders-web", AssetKind::VirtualMachine),
    ] {
        let mut a = Asset::new(name, kind);
        a.workload = Some(orders.id.clone());
        plan.assets.push(a.into());
    }
    plan.assets
        .push(Asset::new("misc-vm", AssetKind::VirtualMachine).into());
    plan.workloads.push(orders);
    plan
}

fn open_row(h: &mut Harness<'_, FerryApp>, name: &str) {
    h.get_all_by(|n| {
        n.role() == Role::Label && n.label().or_else(|| n.value()).as_deref() == Some(name)
    })
    .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
    .expect("the row is shown")
    .click();
    h.run();
}

fn data_sync_of(h: &Harness<'_, FerryApp>, name: &str) -> Option<ReplicationTool> {
    let plan = &h.state().session.doc.plan;
    plan.assets
        .iter()
        .find(|a| a.name == name)
        .expect("asset")
        .data_sync
}

fn problem_codes(h: &Harness<'_, FerryApp>) -> Vec<&'static str> {
    let derived = &h.state().session.doc.derived;
    derived.problems.iter().map(|p| p.code).collect()
}

#[test]
fn the_asset_form_offers_a_data_sync_where_it_matters_and_sets_it() {
    let mut h = assets_at(staged_plan(), LAPTOP, 1.0);
    assert!(problem_codes(&h).contains(&"data-sync-missing"));

    // Not offered for a VM of no workload.
    open_row(&mut h, "misc-vm");
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "Data sync")
            .is_none(),
        "a VM in the inventory has no data sync to plan"
    );
    // Offered for any asset of a Staged workload.
    open_row(&mut h, "orders-web");
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "Data sync")
            .is_some()
    );

    open_row(&mut h, "orders-db");
    // The tool picker says how each tool replicates.
    h.get_by_role_and_label(Role::ComboBox, "Tool").click();
    h.run();
    h.get_by_label("Data Box — copies once");
    h.get_by_label("Azure Migrate — replicates continuously");
    press(&mut h, Modifiers::NONE, Key::Escape);

    h.get_by_role_and_label(Role::ComboBox, "Data sync").click();
    h.run();
    h.get_by_label("None planned");
    h.get_by_label("Database Migration Service — replicates continuously")
        .click();
    h.run();
    assert_eq!(
        data_sync_of(&h, "orders-db"),
        Some(ReplicationTool::DatabaseMigrationService)
    );
    assert!(
        !problem_codes(&h).contains(&"data-sync-missing"),
        "the sync answers the rule"
    );

    // A one-shot copy is said to go stale, and the rule fires again.
    h.get_by_role_and_label(Role::ComboBox, "Data sync").click();
    h.run();
    h.get_by_label("Data Box — copies once").click();
    h.run();
    h.get_by_label("⚠ copies once: stale by promotion");
    assert!(problem_codes(&h).contains(&"data-sync-missing"));

    // One undo step each.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        data_sync_of(&h, "orders-db"),
        Some(ReplicationTool::DatabaseMigrationService)
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(data_sync_of(&h, "orders-db"), None);
}

#[test]
fn the_bulk_pane_sets_a_data_sync_on_every_selected_asset() {
    let mut h = assets_at(staged_plan(), LAPTOP, 1.0);
    open_row(&mut h, "misc-vm");
    press(&mut h, Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::ComboBox, "Set data sync")
        .click();
    h.run();
    h.get_by_label("Azure Migrate — replicates continuously")
        .click();
    h.run();
    for name in ["orders-db", "orders-web", "misc-vm"] {
        assert_eq!(
            data_sync_of(&h, name),
            Some(ReplicationTool::AzureMigrate),
            "{name}"
        );
    }
    press(&mut h, Modifiers::COMMAND, Key::Z);
    for name in ["orders-db", "orders-web", "misc-vm"] {
        assert_eq!(data_sync_of(&h, name), None, "one step: {name}");
    }
}

#[test]
fn the_overview_shows_promotion_readiness_beside_the_definition_of_done() {
    let mut h = assets_at(staged_plan(), LAPTOP, 1.0);
    let status = |h: &Harness<'_, FerryApp>| {
        let w = &h.state().session.doc.derived.workloads[0];
        (w.readiness(), w.promotion.rule_blockers().count())
    };
    let (before, blockers) = status(&h);
    assert!(before.starts_with("not staged · promotion:"), "{before}");

    open_row(&mut h, "orders-db");
    h.get_by_role_and_label(Role::ComboBox, "Data sync").click();
    h.run();
    h.get_by_label("Database Migration Service — replicates continuously")
        .click();
    h.run();
    let (after, fewer) = status(&h);
    assert_eq!(fewer + 1, blockers, "{before} → {after}");
    assert_ne!(before, after);

    h.get_by_role_and_label(Role::Button, "Overview").click();
    h.run();
    h.get_by_label(&after);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label(&before);
}

#[test]
fn a_promotion_rule_in_the_problems_leads_to_the_field_that_fixes_it() {
    let mut h = assets_at(staged_plan(), LAPTOP, 1.0);
    press(&mut h, Modifiers::COMMAND, Key::P);
    h.get_by_label_contains("has nothing to keep its data in sync")
        .click();
    h.run();
    let db = h.state().session.doc.plan.assets[0].id.clone();
    assert_eq!(h.state().selected_asset.as_deref(), Some(db.as_str()));
    h.run();
    assert!(
        h.get_by_role_and_label(Role::ComboBox, "Data sync")
            .accesskit_node()
            .is_focused(),
        "the field that fixes it has the keyboard"
    );
}
