//! The promotion rules, each where it fires and where it must stay
//! silent, and promotion readiness beside the definition of done.

use crate::derive::{Severity, Subject, WorkloadStatus, derive};
use crate::model::*;

/// A Staged workload that is done and ready for promotion: its database
/// is kept in sync, its checklist is complete, Operations promote it.
fn ready_plan() -> Plan {
    let mut plan = Plan::named("t");
    for (id, name, role) in [
        ("pt-a", "Adoption", Role::CloudAdoption),
        ("pt-o", "Ops", Role::CloudOperations),
        ("pt-b", "DBAs", Role::Other),
    ] {
        plan.parties.push(Party {
            id: id.into(),
            name: name.into(),
            role,
            ..Party::default()
        });
    }
    let mut w = Workload {
        id: "wl-1".into(),
        name: "ERP".into(),
        promotion_model: PromotionModel::Staged,
        remediation_timing: RemediationTiming::SameSprint,
        remediation_timing_confirmed_by: vec!["pt-a".into(), "pt-b".into(), "pt-o".into()],
        ..Workload::default()
    };
    for kind in ActivityKind::MIGRATION {
        let raci = &mut w.activity_mut(kind).raci;
        raci.insert("pt-a".into(), Raci::Accountable);
        raci.insert("pt-b".into(), Raci::Responsible);
    }
    let promotion = &mut w.activity_mut(ActivityKind::Promotion).raci;
    promotion.insert("pt-a".into(), Raci::Accountable);
    promotion.insert("pt-o".into(), Raci::Responsible);
    for text in ["Power users identified", "DNS or addresses updated"] {
        let mut item = crate::checklist::new_item(Phase::Ready, text);
        item.done = true;
        w.checklist.push(item);
    }
    plan.workloads.push(w);
    for (name, kind, tool) in [
        (
            "web",
            AssetKind::VirtualMachine,
            ReplicationTool::AzureMigrate,
        ),
        (
            "db",
            AssetKind::Database,
            ReplicationTool::DatabaseMigrationService,
        ),
    ] {
        let mut a = Asset {
            id: format!("as-{name}"),
            name: name.into(),
            kind,
            workload: Some("wl-1".into()),
            assessment: Assessment::Ready,
            staging: Staging::Staged,
            ..Asset::default()
        };
        a.replication.status = ReplicationStatus::Verified;
        a.replication.tool = tool;
        if kind == AssetKind::Database {
            a.data_sync = Some(ReplicationTool::DatabaseMigrationService);
        }
        plan.assets.push(std::sync::Arc::new(a));
    }
    plan
}

fn asset_mut<'a>(plan: &'a mut Plan, name: &str) -> &'a mut Asset {
    let i = plan
        .assets
        .iter()
        .position(|a| a.name == name)
        .expect("the asset");
    std::sync::Arc::make_mut(&mut plan.assets[i])
}

fn status(plan: &Plan) -> WorkloadStatus {
    derive(plan).workloads[0].clone()
}

/// The codes of the workload's promotion blockers.
fn promotion_codes(plan: &Plan) -> Vec<&'static str> {
    status(plan)
        .promotion
        .blockers
        .iter()
        .map(|b| b.code)
        .collect()
}

/// The problems a rule lists, as (severity, message, subject).
fn listed(plan: &Plan, code: &str) -> Vec<(Severity, String, Subject)> {
    derive(plan)
        .problems
        .into_iter()
        .filter(|p| p.code == code)
        .map(|p| (p.severity, p.message, p.subject))
        .collect()
}

#[test]
fn a_done_workload_with_everything_in_place_is_ready() {
    let plan = ready_plan();
    let d = derive(&plan);
    assert!(d.problems.is_empty(), "{:#?}", d.problems);
    let s = &d.workloads[0];
    assert!(s.done && s.promotion.ready, "{s:#?}");
    assert_eq!(s.promotion.checklist, (2, 2));
    assert_eq!(s.readiness(), "staged ✔ · promotion ready ✔");
}

#[test]
fn data_sync_missing_warns_on_a_staged_database_and_blocks_promotion_only() {
    let mut plan = ready_plan();
    asset_mut(&mut plan, "db").data_sync = None;
    let s = status(&plan);
    assert!(s.done, "the definition of done does not change");
    assert!(!s.promotion.ready);
    assert_eq!(promotion_codes(&plan), ["data-sync-missing"]);
    assert_eq!(
        s.promotion.blockers[0].subject,
        Subject::Asset("as-db".into())
    );
    let found = listed(&plan, "data-sync-missing");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, Severity::Warning);
    assert!(
        found[0]
            .1
            .starts_with("ERP: db has nothing to keep its data in sync"),
        "{}",
        found[0].1
    );
    assert_eq!(
        s.readiness(),
        "staged ✔ · promotion: 1 blocker, checklist 2/2"
    );
}

#[test]
fn data_sync_missing_holds_for_flight_and_data_and_for_a_copy_made_once() {
    let mut plan = ready_plan();
    plan.workloads[0].promotion_model = PromotionModel::Flight;
    let db = asset_mut(&mut plan, "db");
    db.kind = AssetKind::Data;
    db.data_sync = Some(ReplicationTool::DataBox);
    let found = listed(&plan, "data-sync-missing");
    assert_eq!(found.len(), 1, "a Data Box copies once");
    assert!(
        found[0].1.contains("Data Box, which copies once"),
        "{}",
        found[0].1
    );
    asset_mut(&mut plan, "db").data_sync = Some(ReplicationTool::Undecided);
    let found = listed(&plan, "data-sync-missing");
    assert!(found[0].1.contains("no tool chosen"), "{}", found[0].1);
}

#[test]
fn data_sync_missing_stays_silent_where_it_does_not_apply() {
    // A VM of a staged workload: its data is not the concern.
    let mut plan = ready_plan();
    assert!(asset_mut(&mut plan, "web").data_sync.is_none());
    assert!(listed(&plan, "data-sync-missing").is_empty());
    // A database with a sync planned, by a tool that replicates
    // continuously or one Ferry does not know.
    for tool in [ReplicationTool::SiteRecovery, ReplicationTool::Other] {
        asset_mut(&mut plan, "db").data_sync = Some(tool);
        assert!(listed(&plan, "data-sync-missing").is_empty(), "{tool:?}");
    }
    // A single-step workload's database: the migration tool keeps it in
    // sync until it promotes.
    let mut single = ready_plan();
    single.workloads[0].promotion_model = PromotionModel::SingleStep;
    asset_mut(&mut single, "db").data_sync = None;
    assert!(listed(&single, "data-sync-missing").is_empty());
    // An out-of-scope database is not migrated.
    let mut retired = ready_plan();
    let db = asset_mut(&mut retired, "db");
    db.data_sync = None;
    db.strategy = Strategy::Retire;
    assert!(listed(&retired, "data-sync-missing").is_empty());
}

#[test]
fn a_one_shot_copy_for_single_step_warns_and_blocks_promotion() {
    for tool in [
        ReplicationTool::DataBox,
        ReplicationTool::AzCopy,
        ReplicationTool::Manual,
    ] {
        let mut plan = ready_plan();
        plan.workloads[0].promotion_model = PromotionModel::SingleStep;
        asset_mut(&mut plan, "web").replication.tool = tool;
        let found = listed(&plan, "one-shot-copy-for-single-step");
        assert_eq!(found.len(), 1, "{tool:?}");
        assert_eq!(found[0].0, Severity::Warning);
        assert_eq!(found[0].2, Subject::Asset("as-web".into()));
        assert!(found[0].1.contains(tool.label()), "{}", found[0].1);
        assert!(promotion_codes(&plan).contains(&"one-shot-copy-for-single-step"));
        assert!(status(&plan).done, "done does not change");
    }
}

#[test]
fn a_one_shot_copy_is_fine_where_the_tool_keeps_replicating_or_the_model_is_staged() {
    let mut plan = ready_plan();
    plan.workloads[0].promotion_model = PromotionModel::SingleStep;
    // Azure Migrate keeps replicating until it promotes.
    asset_mut(&mut plan, "web").replication.tool = ReplicationTool::AzureMigrate;
    assert!(listed(&plan, "one-shot-copy-for-single-step").is_empty());
    // In staged promotion the data sync does that job, not the tool.
    let mut staged = ready_plan();
    asset_mut(&mut staged, "web").replication.tool = ReplicationTool::DataBox;
    assert!(listed(&staged, "one-shot-copy-for-single-step").is_empty());
    // A retained asset is not migrated at all.
    plan.workloads[0].promotion_model = PromotionModel::SingleStep;
    let web = asset_mut(&mut plan, "web");
    web.replication.tool = ReplicationTool::Manual;
    web.strategy = Strategy::Retain;
    assert!(listed(&plan, "one-shot-copy-for-single-step").is_empty());
}

#[test]
fn separation_of_duties_is_a_note_that_never_blocks() {
    let mut plan = ready_plan();
    plan.workloads[0].promotion_model = PromotionModel::SingleStep;
    // Adoption is Accountable for both Staging and Promotion.
    let found = listed(&plan, "separation-of-duties");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Severity::Info);
    assert_eq!(
        found[0].2,
        Subject::Activity("wl-1".into(), ActivityKind::Promotion)
    );
    assert!(
        found[0]
            .1
            .starts_with("ERP, Promotion: held by Adoption, as Staging is;"),
        "{}",
        found[0].1
    );
    assert!(found[0].1.contains("give promotion to operations"));
    let s = status(&plan);
    assert!(s.promotion.ready, "accepted or not, it is the room's call");
}

#[test]
fn separation_of_duties_stays_silent_when_promotion_is_held_apart() {
    let mut plan = ready_plan();
    plan.workloads[0].promotion_model = PromotionModel::SingleStep;
    let promotion = plan.workloads[0].activity_mut(ActivityKind::Promotion);
    promotion.raci.clear();
    promotion.raci.insert("pt-o".into(), Raci::Accountable);
    promotion.raci.insert("pt-a".into(), Raci::Consulted);
    promotion.raci.insert("pt-x".into(), Raci::Informed);
    let staging = plan.workloads[0].activity_mut(ActivityKind::Staging);
    staging.raci.insert("pt-o".into(), Raci::Informed);
    assert!(
        listed(&plan, "separation-of-duties").is_empty(),
        "Consulted and Informed do not share the duty"
    );
    // In staged promotion, sharing is how it usually goes.
    let staged = ready_plan();
    let mut shared = staged.clone();
    shared.workloads[0]
        .activity_mut(ActivityKind::Promotion)
        .raci
        .insert("pt-b".into(), Raci::Responsible);
    assert!(listed(&shared, "separation-of-duties").is_empty());
}

#[test]
fn remediation_before_the_promotion_model_warns_once_per_workload() {
    let mut plan = ready_plan();
    plan.workloads[0].promotion_model = PromotionModel::Undecided;
    asset_mut(&mut plan, "web").remediation.status = RemediationStatus::InProgress;
    asset_mut(&mut plan, "db").remediation.status = RemediationStatus::Done;
    let found = listed(&plan, "remediation-before-promotion-model");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Severity::Warning);
    assert_eq!(found[0].2, Subject::Workload("wl-1".into()));
    assert!(
        found[0]
            .1
            .starts_with("ERP: remediation has started on 2 assets (web, db)"),
        "{}",
        found[0].1
    );
    let s = status(&plan);
    assert!(
        !s.promotion
            .blockers
            .iter()
            .any(|b| b.code == "remediation-before-promotion-model"),
        "a warning, not a promotion blocker"
    );
    assert_eq!(s.readiness(), "not staged · promotion model undecided");
}

#[test]
fn remediation_before_the_promotion_model_stays_silent_until_remediation_starts() {
    let mut plan = ready_plan();
    plan.workloads[0].promotion_model = PromotionModel::Undecided;
    asset_mut(&mut plan, "web").remediation.status = RemediationStatus::Required;
    assert!(listed(&plan, "remediation-before-promotion-model").is_empty());
    // Decided: remediation may go ahead.
    let mut decided = ready_plan();
    asset_mut(&mut decided, "web").remediation.status = RemediationStatus::InProgress;
    assert!(listed(&decided, "remediation-before-promotion-model").is_empty());
    // Out of scope: not migrated, not remediated for the migration.
    plan.workloads[0].promotion_model = PromotionModel::Undecided;
    let web = asset_mut(&mut plan, "web");
    web.remediation.status = RemediationStatus::Done;
    web.strategy = Strategy::Retire;
    assert!(listed(&plan, "remediation-before-promotion-model").is_empty());
}

#[test]
fn the_promotion_activity_follows_the_raci_rules_and_blocks_promotion_not_done() {
    let mut plan = ready_plan();
    plan.workloads[0]
        .activity_mut(ActivityKind::Promotion)
        .raci
        .remove("pt-o");
    let s = status(&plan);
    assert!(s.done, "Promotion never counts toward done");
    assert!(s.blockers.is_empty());
    assert!(!s.promotion.ready);
    assert_eq!(promotion_codes(&plan), ["activity-unassigned"]);
    assert_eq!(
        s.promotion.blockers[0].subject,
        Subject::Activity("wl-1".into(), ActivityKind::Promotion)
    );
    assert_eq!(
        s.promotion.blockers[0].message,
        "Promotion: no one is Responsible"
    );
    let found = listed(&plan, "activity-unassigned");
    assert_eq!(found[0].1, "ERP, Promotion: no one is Responsible");
    // Two Accountable, or one that is not a party of the plan.
    let promotion = plan.workloads[0].activity_mut(ActivityKind::Promotion);
    promotion.raci.insert("pt-o".into(), Raci::Responsible);
    promotion.raci.insert("pt-gone".into(), Raci::Accountable);
    let codes = promotion_codes(&plan);
    assert_eq!(codes, ["party-missing"], "the missing party does not count");
    assert!(status(&plan).done);
}

#[test]
fn a_decided_workload_without_a_promotion_activity_needs_one() {
    // A format 2 plan: the model was decided before Promotion existed.
    let mut plan = ready_plan();
    plan.workloads[0]
        .activities
        .retain(|a| a.kind != ActivityKind::Promotion);
    assert_eq!(plan.needed_format(), 3, "data sync is still format 3");
    let s = status(&plan);
    assert!(s.done);
    assert_eq!(s.promotion.blockers.len(), 1);
    assert_eq!(
        s.promotion.blockers[0].message,
        "Promotion: no one is Accountable or Responsible"
    );
    // Undecided, with no Promotion activity: nothing to hold yet.
    plan.workloads[0].promotion_model = PromotionModel::Undecided;
    assert!(status(&plan).promotion.blockers.is_empty());
}

#[test]
fn readiness_needs_a_complete_checklist() {
    let mut plan = ready_plan();
    plan.workloads[0].checklist[1].done = false;
    let s = status(&plan);
    assert!(!s.promotion.ready);
    assert_eq!(s.promotion.checklist, (1, 2));
    assert_eq!(promotion_codes(&plan), ["checklist-not-done"]);
    assert_eq!(
        s.promotion.blockers[0].message,
        "Ready: “DNS or addresses updated” is not done"
    );
    assert_eq!(s.promotion.rule_blockers().count(), 0);
    assert_eq!(s.readiness(), "staged ✔ · promotion: checklist 1/2");
    assert!(
        !derive(&plan)
            .problems
            .iter()
            .any(|p| p.code == "checklist-not-done"),
        "a step to take, not a problem"
    );
    // No checklist at all is not a complete one.
    plan.workloads[0].checklist.clear();
    let s = status(&plan);
    assert!(!s.promotion.ready);
    assert!(
        s.promotion.blockers[0]
            .message
            .starts_with("No promotion checklist yet"),
        "{:?}",
        s.promotion.blockers
    );
    assert_eq!(s.readiness(), "staged ✔ · promotion: no checklist yet");
}

#[test]
fn readiness_says_how_far_in_one_line() {
    let mut plan = ready_plan();
    for i in 0..5 {
        let mut item = crate::checklist::new_item(Phase::Promotion, format!("check {i}"));
        item.done = i < 2;
        plan.workloads[0].checklist.push(item);
    }
    asset_mut(&mut plan, "db").data_sync = None;
    plan.workloads[0]
        .activity_mut(ActivityKind::Promotion)
        .raci
        .clear();
    let s = status(&plan);
    // Data sync, and the Promotion activity's A and R in one finding;
    // three open checklist items counted as the checklist.
    assert_eq!(
        s.readiness(),
        "staged ✔ · promotion: 2 blockers, checklist 4/7"
    );
    // Not done: the readiness waits, and says so first.
    asset_mut(&mut plan, "web").staging = Staging::NotStaged;
    let s = status(&plan);
    assert!(!s.done && !s.promotion.ready);
    assert!(
        s.readiness()
            .starts_with("not staged · promotion: 2 blockers")
    );
    assert!(
        !s.promotion
            .blockers
            .iter()
            .any(|b| b.code == "asset-not-staged"),
        "the definition of done keeps its own blockers"
    );
}

/// F8 walks the Promotion activity's RACI with the other activities, and
/// the promotion warnings with the rest of the problems.
#[test]
fn the_walk_through_gaps_includes_promotion() {
    let mut plan = ready_plan();
    plan.workloads[0]
        .activity_mut(ActivityKind::Promotion)
        .raci
        .remove("pt-o");
    asset_mut(&mut plan, "db").data_sync = None;
    let derived = derive(&plan);
    let gaps = crate::derive::gaps(&plan, &derived);
    let messages: Vec<&str> = gaps.iter().map(|g| g.message.as_str()).collect();
    assert_eq!(
        messages.first().copied(),
        Some("ERP: Promotion: no one is Responsible"),
        "{messages:#?}"
    );
    assert_eq!(
        gaps[0].subject,
        Subject::Activity("wl-1".into(), ActivityKind::Promotion)
    );
    assert!(
        gaps.iter()
            .any(|g| g.subject == Subject::Asset("as-db".into())
                && g.message.contains("nothing to keep its data in sync")),
        "{messages:#?}"
    );
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.contains("Promotion: no one is Responsible"))
            .count(),
        1,
        "each finding once, blocker or problem"
    );
}

/// Every promotion blocker is a row of the rule table that blocks
/// promotion, or one about the Promotion activity's RACI (which blocks
/// what its activity counts toward); and none of them is a blocker of done.
#[test]
fn every_promotion_blocker_follows_the_rule_table() {
    let mut plan = ready_plan();
    plan.workloads[0].promotion_model = PromotionModel::SingleStep;
    plan.workloads[0].checklist[0].done = false;
    let promotion = plan.workloads[0].activity_mut(ActivityKind::Promotion);
    promotion.raci.insert("pt-gone".into(), Raci::Responsible);
    promotion.raci.insert("pt-b".into(), Raci::Accountable);
    asset_mut(&mut plan, "web").replication.tool = ReplicationTool::Manual;
    let d = derive(&plan);
    let s = &d.workloads[0];
    assert!(
        s.promotion.blockers.len() >= 4,
        "{:#?}",
        s.promotion.blockers
    );
    for b in &s.promotion.blockers {
        let rule = crate::derive::rules::rule(b.code).expect("a rule of the table");
        let about_promotion = matches!(&b.subject, Subject::Activity(_, ActivityKind::Promotion));
        assert!(
            rule.blocks_promotion || (rule.blocks_done && about_promotion),
            "{} blocks promotion but the table says not",
            b.code
        );
        assert!(!s.blockers.contains(b), "{} is not done's", b.code);
    }
    for p in &d.problems {
        let rule = crate::derive::rules::rule(p.code).expect("a rule of the table");
        assert_eq!(rule.severity, Some(p.severity), "{}", p.code);
    }
}

/// "Activities without a clear owner" on the overview counts the Promotion
/// activity too, as `ferry check` does.
#[test]
fn an_unowned_promotion_counts_among_activities_without_a_clear_owner() {
    let mut plan = ready_plan();
    assert_eq!(derive(&plan).activities_without_owner(), 0);
    plan.workloads[0]
        .activity_mut(ActivityKind::Promotion)
        .raci
        .clear();
    let derived = derive(&plan);
    assert_eq!(derived.activities_without_owner(), 1);
    let in_check = derived
        .problems
        .iter()
        .filter(|p| p.code == "activity-unassigned")
        .count();
    assert_eq!(in_check, 1, "the same gap ferry check lists");
}
