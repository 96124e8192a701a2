//! Format 3 through the typed changes: the promotion model decision with
//! its Promotion activity, who holds it, data sync, environment, pins and
//! wave limits — each one undo step.

use super::*;
use crate::derive::derive;
use crate::edit::History;
use crate::model::{
    ActivityKind, Asset, AssetKind, Environment, Party, PartyKind, PromotionModel, Raci,
    ReplicationTool, Role, WaveLimits, Workload,
};

/// ERP (undecided) with a database, and the CAF adoption and operations
/// teams.
fn plan() -> Plan {
    let mut plan = Plan::named("t");
    plan.parties.push(Party {
        id: "pt-a".into(),
        ..Party::new("Adoption", PartyKind::Team, Role::CloudAdoption)
    });
    plan.parties.push(Party {
        id: "pt-o".into(),
        ..Party::new("Ops", PartyKind::Team, Role::CloudOperations)
    });
    plan.workloads.push(Workload {
        id: "wl-a".into(),
        name: "ERP".into(),
        ..Workload::default()
    });
    plan.assets.push(std::sync::Arc::new(Asset {
        id: "as-db".into(),
        name: "erp-db".into(),
        kind: AssetKind::Database,
        workload: Some("wl-a".into()),
        ..Asset::default()
    }));
    plan
}

/// A plan change as an edit and its label, as the other changes here.
fn change_plan(plan: &Plan, change: &PlanChange) -> Option<(Edit, String)> {
    prepare(plan, &Change::Plan(change.clone()))
        .ok()
        .map(|made| (made.edit, made.label))
}

/// Applies what `make` gives as one step; returns its label.
fn step(
    plan: &mut Plan,
    history: &mut History,
    make: impl FnOnce(&Plan) -> Option<(Edit, String)>,
) -> String {
    let (edit, label) = make(plan).expect("changes something");
    history
        .apply(plan, edit, label.clone(), None)
        .expect("applies");
    label
}

fn model(model: PromotionModel, offer: ChecklistOffer) -> WorkloadChange {
    WorkloadChange::PromotionModel(model, offer)
}

fn promotion(plan: &Plan) -> Option<&crate::model::Activity> {
    plan.workloads[0].activity(ActivityKind::Promotion)
}

#[test]
fn deciding_the_model_adds_the_promotion_activity_and_one_undo_takes_both_back() {
    let mut plan = plan();
    let original = plan.clone();
    let mut history = History::default();
    let staged = model(PromotionModel::Staged, ChecklistOffer::AddMissing);
    let label = step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &staged)
    });
    assert!(
        label.starts_with("Set promotion model of ERP to Staged, add the Promotion activity, add "),
        "{label}"
    );
    let activity = promotion(&plan).expect("the Promotion activity");
    assert!(activity.raci.is_empty());
    assert_eq!(
        plan.workloads[0].activity_kinds(),
        ActivityKind::ALL.to_vec(),
        "its column beside the other three"
    );
    // Everything is looked at again at once: the database now needs a
    // data sync until promotion, and the Promotion activity its holders.
    let d = derive(&plan);
    let codes: Vec<&str> = d.workloads[0]
        .promotion
        .blockers
        .iter()
        .map(|b| b.code)
        .collect();
    assert!(codes.contains(&"data-sync-missing"), "{codes:?}");
    assert!(codes.contains(&"activity-unassigned"), "{codes:?}");
    history.undo(&mut plan);
    assert_eq!(plan, original, "one undo: model, activity and checklist");
    assert_eq!(derive(&plan), derive(&original));
}

#[test]
fn changing_the_model_never_drops_the_promotion_raci_or_a_done_item() {
    let mut plan = plan();
    let mut history = History::default();
    let staged = model(PromotionModel::Staged, ChecklistOffer::AddMissing);
    step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &staged)
    });
    let holders = crate::promotion::suggested_holders(&plan, &plan.workloads[0])
        .and_then(|h| h.change())
        .expect("operations and adoption");
    let label = step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &holders)
    });
    assert_eq!(label, "Give promotion of ERP to Adoption (A) and Ops (R)");
    let first = plan.workloads[0].checklist[0].id.clone();
    step(&mut plan, &mut history, |p| {
        change_workload(
            p,
            "wl-a",
            &WorkloadChange::ChecklistDone(first.clone(), true),
        )
    });
    let held = promotion(&plan).expect("activity").clone();
    let mut states = vec![plan.clone()];
    for (next, offer) in [
        (PromotionModel::SingleStep, ChecklistOffer::Refit),
        (PromotionModel::Flight, ChecklistOffer::Refit),
        (PromotionModel::Undecided, ChecklistOffer::Refit),
    ] {
        let label = step(&mut plan, &mut history, |p| {
            change_workload(p, "wl-a", &model(next, offer))
        });
        assert!(!label.contains("Promotion activity"), "{label}");
        assert_eq!(promotion(&plan), Some(&held), "{next:?}: RACI kept");
        let item = plan.workloads[0].checklist.iter().find(|i| i.id == first);
        assert!(
            item.is_some_and(|i| i.done),
            "{next:?}: the done item stays"
        );
        states.push(plan.clone());
    }
    // Undone step by step, each state comes back exactly.
    states.pop();
    while let Some(state) = states.pop() {
        history.undo(&mut plan);
        assert_eq!(plan, state);
    }
}

#[test]
fn going_back_to_undecided_removes_only_an_empty_promotion_activity() {
    let mut plan = plan();
    let mut history = History::default();
    let staged = model(PromotionModel::Staged, ChecklistOffer::Keep);
    step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &staged)
    });
    let decided = plan.clone();
    let undecided = model(PromotionModel::Undecided, ChecklistOffer::Keep);
    let label = step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &undecided)
    });
    assert_eq!(
        label,
        "Set promotion model of ERP to Undecided, remove the empty Promotion activity"
    );
    assert!(promotion(&plan).is_none());
    assert_eq!(plan.needed_format(), 1, "nothing of format 3 left");
    history.undo(&mut plan);
    assert_eq!(plan, decided);
    // With a note, it stays.
    plan.workloads[0]
        .activity_mut(ActivityKind::Promotion)
        .notes = "Ops on call".into();
    step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &undecided)
    });
    assert!(promotion(&plan).is_some());
}

#[test]
fn suggested_holders_fill_gaps_and_never_overwrite_a_letter() {
    let mut plan = plan();
    let staged = model(PromotionModel::Staged, ChecklistOffer::Keep);
    let (edit, _) = change_workload(&plan, "wl-a", &staged).expect("changes");
    crate::edit::apply(&mut plan, edit).expect("applies");
    // Someone already gave Ops a C and made Adoption Responsible.
    let activity = plan.workloads[0].activity_mut(ActivityKind::Promotion);
    activity.raci.insert("pt-o".into(), Raci::Consulted);
    activity.raci.insert("pt-a".into(), Raci::Responsible);
    let holders = WorkloadChange::PromotionHolders {
        responsible: Some("pt-o".into()),
        accountable: Some("pt-a".into()),
    };
    assert_eq!(
        change_workload(&plan, "wl-a", &holders),
        None,
        "nothing to fill: letters are kept"
    );
    // Ops is already Accountable: Adoption gets the R, not a second A.
    let activity = plan.workloads[0].activity_mut(ActivityKind::Promotion);
    activity.raci.clear();
    activity.raci.insert("pt-o".into(), Raci::Accountable);
    let adoption = WorkloadChange::PromotionHolders {
        responsible: Some("pt-a".into()),
        accountable: Some("pt-a".into()),
    };
    let (edit, label) = change_workload(&plan, "wl-a", &adoption).expect("fills the R");
    assert_eq!(
        label, "Give promotion of ERP to Adoption (R)",
        "what it gave"
    );
    crate::edit::apply(&mut plan, edit).expect("applies");
    let raci = &promotion(&plan).expect("activity").raci;
    assert_eq!(raci.get("pt-o"), Some(&Raci::Accountable), "kept");
    assert_eq!(
        raci.get("pt-a"),
        Some(&Raci::Responsible),
        "one Accountable only"
    );
}

#[test]
fn data_sync_environment_pins_and_wave_limits_are_typed_changes() {
    let mut plan = plan();
    let original = plan.clone();
    let mut history = History::default();
    let sync = AssetChange::DataSync(Some(ReplicationTool::DatabaseMigrationService));
    let label = step(&mut plan, &mut history, |p| {
        change_assets(p, ["as-db"], &sync)
    });
    assert_eq!(
        label,
        "Set data sync of erp-db to Database Migration Service"
    );
    assert_eq!(
        plan.assets[0].data_sync,
        Some(ReplicationTool::DatabaseMigrationService)
    );
    assert_eq!(plan.needed_format(), 3);
    let label = step(&mut plan, &mut history, |p| {
        change_assets(p, ["as-db"], &AssetChange::DataSync(None))
    });
    assert_eq!(label, "Clear the data sync of erp-db");

    let label = step(&mut plan, &mut history, |p| {
        change_workload(
            p,
            "wl-a",
            &WorkloadChange::Environment(Environment::NonProduction),
        )
    });
    assert_eq!(label, "Set environment of ERP to Non-production");
    let label = step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &WorkloadChange::Pinned(true))
    });
    assert_eq!(label, "Pin ERP to its wave");
    assert!(plan.workloads[0].wave_pinned);
    assert_eq!(
        change_workload(&plan, "wl-a", &WorkloadChange::Pinned(true)),
        None,
        "already pinned"
    );

    let limits = WaveLimits {
        assets: Some(200),
        replication_hours: Some(48),
    };
    let label = step(&mut plan, &mut history, |p| {
        change_plan(p, &PlanChange::WaveLimits(limits))
    });
    assert_eq!(
        label,
        "Limit each wave to 200 assets and 48 hours of replication"
    );
    assert_eq!(plan.wave_limits, limits);
    for zero in [
        WaveLimits {
            assets: Some(0),
            replication_hours: None,
        },
        WaveLimits {
            assets: None,
            replication_hours: Some(0),
        },
    ] {
        assert_eq!(
            change_plan(&plan, &PlanChange::WaveLimits(zero)),
            None,
            "a wave cannot hold nothing"
        );
    }
    let label = step(&mut plan, &mut history, |p| {
        change_plan(p, &PlanChange::WaveLimits(WaveLimits::default()))
    });
    assert_eq!(label, "Clear the wave limits");
    while history.undo(&mut plan).is_some() {}
    assert_eq!(plan, original);
    assert_eq!(plan.needed_format(), 1);
}
