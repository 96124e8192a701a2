//! The import page: an inventory previewed then applied as one step, and a
//! CSV mapped column by column with the mapping remembered.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ferry::app::{FerryApp, View};

/// Steps the UI until the import page has finished reading its file.
pub fn wait_for_import(harness: &mut Harness<'_, FerryApp>) {
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
    assert_eq!(&erp.source["memory_mib"], "65536");
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
    assert_eq!(&zoe.source["cpus"], "4");
    assert_eq!(&zoe.source["owner_team"], "Paris");
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
fn the_preview_follows_the_workload_typed_and_changes_to_the_plan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv_path = dir.path().join("RVTools_vInfo.csv");
    std::fs::write(&csv_path, "VM,CPUs\nnew-01,2\nerp-app-01,12\n").expect("write");
    let mut harness = example_app(vec![Some(csv_path)]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    wait_for_import(&mut harness);
    assert!(
        harness
            .query_by_label_contains("1 added, 1 updated, 0 unchanged")
            .is_some()
    );
    assert!(harness.query_by_label_contains("will be created").is_none());

    harness.get_by_label("New assets go to workload").click();
    harness.run();
    harness
        .get_by_label("New assets go to workload")
        .type_text("Lift and shift");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Workload Lift and shift will be created.")
            .is_some(),
        "the preview says a workload typed is new"
    );
    // A workload of the plan, in another case: nothing is created.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("New assets go to workload")
        .type_text("erp");
    harness.run();
    assert_eq!(harness.state().import_view.workload, "erp");
    assert!(
        harness.query_by_label_contains("will be created").is_none(),
        "ERP is the plan's"
    );

    // The plan changes under the page (a change merged in from the file,
    // say): the preview follows it.
    let erp = asset_id(&harness, "erp-app-01");
    harness
        .state_mut()
        .session
        .doc
        .apply(
            ferry::edit::Edit::Remove(ferry::model::IdKind::Asset, erp),
            "remove erp-app-01",
            None,
        )
        .expect("applies");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("2 added, 0 updated, 0 unchanged")
            .is_some(),
        "the preview is of the plan as it is now"
    );
}

#[test]
fn thousands_of_bad_rows_are_counted_and_only_those_in_view_are_laid_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv_path = dir.path().join("RVTools_vInfo.csv");
    let mut text = String::from("VM,CPUs\n");
    for i in 0..6_000 {
        let cpus = if i % 2 == 0 { "4" } else { "lots" };
        text.push_str(&format!("vm-{i:05},{cpus}\n"));
    }
    std::fs::write(&csv_path, text).expect("write");
    let mut harness = example_app(vec![Some(csv_path)]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    wait_for_import(&mut harness);
    assert!(
        harness
            .query_by_label_contains("3,000 added, 0 updated")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("3,000 rows will not be imported")
            .is_some()
    );
    let shown = harness
        .query_all_by_label_contains("is not a number: the row is skipped")
        .count();
    assert!(
        (1..100).contains(&shown),
        "{shown} of the 3,000 bad rows laid out"
    );
}
