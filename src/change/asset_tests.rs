use super::*;
use crate::change::new_workload_with;
use crate::edit::History;
use crate::model::Workload;

fn plan_of(n: usize) -> Plan {
    let mut plan = Plan::named("t");
    plan.workloads.push(Workload {
        id: "wl-erp".into(),
        name: "ERP".into(),
        ..Workload::default()
    });
    for i in 0..n {
        plan.assets.push(std::sync::Arc::new(Asset {
            id: format!("as-{i}"),
            name: format!("vm-{i}"),
            ..Asset::default()
        }));
    }
    plan
}

#[test]
fn a_bulk_change_is_one_step_whose_label_says_what_and_how_many() {
    let mut plan = plan_of(40);
    let original = plan.clone();
    let ids: Vec<String> = (0..37).map(|i| format!("as-{i}")).collect();
    let (edit, label) = change_assets(
        &plan,
        ids.iter().map(String::as_str),
        &AssetChange::Workload(Some("wl-erp".into())),
    )
    .expect("changes something");
    assert_eq!(label, "Set workload of 37 assets to ERP");
    let mut history = History::default();
    history
        .apply(&mut plan, edit, label, None)
        .expect("applies");
    let moved = plan
        .assets
        .iter()
        .filter(|a| a.workload.as_deref() == Some("wl-erp"))
        .count();
    assert_eq!(moved, 37);
    history.undo(&mut plan);
    assert_eq!(plan, original, "one undo takes all of it back");
}

#[test]
fn a_change_that_changes_nothing_is_no_step() {
    let plan = plan_of(3);
    assert!(
        change_assets(&plan, ["as-0"], &AssetChange::Workload(None)).is_none(),
        "already in the inventory"
    );
}

#[test]
fn an_open_issue_makes_remediation_required() {
    let mut asset = Asset::default();
    assert!(AssetChange::AddIssue("Windows 2003".into()).apply_to(&mut asset));
    assert_eq!(asset.remediation.status, RemediationStatus::Required);
    let mut in_progress = Asset::default();
    in_progress.remediation.status = RemediationStatus::InProgress;
    AssetChange::AddIssue("x".into()).apply_to(&mut in_progress);
    assert_eq!(
        in_progress.remediation.status,
        RemediationStatus::InProgress,
        "work already under way stays so"
    );
}

#[test]
fn a_single_asset_is_named_in_the_label() {
    let plan = plan_of(2);
    let (_, label) =
        change_assets(&plan, ["as-1"], &AssetChange::Strategy(Strategy::Retire)).expect("edit");
    assert_eq!(label, "Set strategy of vm-1 to Retire");
}

#[test]
fn a_new_workload_from_a_selection_is_one_step() {
    let mut plan = plan_of(5);
    let original = plan.clone();
    let (edit, label, id) = new_workload_with(&plan, " Payroll ", ["as-1", "as-3"]);
    assert_eq!(label, "New workload Payroll with 2 assets");
    let mut history = History::default();
    history
        .apply(&mut plan, edit, label, None)
        .expect("applies");
    assert_eq!(plan.workload(&id).map(|w| w.name.as_str()), Some("Payroll"));
    assert_eq!(plan.assets[1].workload.as_deref(), Some(id.as_str()));
    assert_eq!(plan.assets[0].workload, None);
    history.undo(&mut plan);
    assert_eq!(plan, original);
}
