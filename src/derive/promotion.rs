//! The promotion rules of one workload (format 3) and its promotion
//! readiness: what must hold, once it is staged and ready for testing,
//! before the workload becomes production.
//!
//! CAF's promotion-model article: in single-step promotion the migration
//! tool keeps replicating until it promotes, and the migration team needs
//! access to production; in staged and flight promotion the migration tool
//! can't assist ongoing replication after migration, so a secondary means
//! of data replication keeps the data platforms in sync during the staged
//! time frame; and remediation begins once the promotion model is
//! accepted. Each finding goes through the rule table, which says whether
//! it keeps the workload from promotion.

use super::rules::{Findings, RuleId};
use super::{Blocker, Promotion, Stage, Subject};
use crate::model::{
    ActivityKind, Asset, AssetKind, Plan, PromotionModel, Raci, RemediationStatus, ReplicationMode,
    ReplicationTool, Workload,
};

/// How many asset names a finding about several assets spells out.
const NAMED: usize = 3;

/// The workload's promotion readiness. `blockers` holds what its
/// Promotion activity's RACI already found; `done` is its definition of
/// done. The promotion rules' problems go to `findings`.
pub(super) fn readiness(
    plan: &Plan,
    stages: &[Stage],
    workload: &Workload,
    members: &[usize],
    done: bool,
    mut blockers: Vec<Blocker>,
    findings: &mut Findings,
) -> Promotion {
    let name = workload.name.as_str();
    let model = workload.promotion_model;
    let in_scope = || {
        members
            .iter()
            .copied()
            .filter(|&i| stages[i] != Stage::OutOfScope)
            .map(|i| &*plan.assets[i])
    };
    let mut remediating = Vec::new();
    for asset in in_scope() {
        let subject = || Subject::Asset(asset.id.clone());
        if let Some(message) = data_sync_missing(asset, model) {
            findings.of_promotion(
                name,
                &mut blockers,
                RuleId::DataSyncMissing,
                subject(),
                message,
            );
        }
        if let Some(message) = one_shot_copy(asset, model) {
            findings.of_promotion(
                name,
                &mut blockers,
                RuleId::OneShotCopyForSingleStep,
                subject(),
                message,
            );
        }
        if model == PromotionModel::Undecided
            && matches!(
                asset.remediation.status,
                RemediationStatus::InProgress | RemediationStatus::Done
            )
        {
            remediating.push(asset.name.as_str());
        }
    }
    if !remediating.is_empty() {
        findings.of_promotion(
            name,
            &mut blockers,
            RuleId::RemediationBeforePromotionModel,
            Subject::Workload(workload.id.clone()),
            format!(
                "remediation has started on {} before the promotion model is decided: decide it first, as it changes the replication tools",
                some_names(&remediating)
            ),
        );
    }
    if let Some(message) = shared_duties(plan, workload) {
        findings.of_promotion(
            name,
            &mut blockers,
            RuleId::SeparationOfDuties,
            Subject::Activity(workload.id.clone(), ActivityKind::Promotion),
            message,
        );
    }
    let decided = model != PromotionModel::Undecided;
    let checklist = crate::checklist::progress(workload);
    if decided && checklist.1 == 0 {
        Findings::block_promotion(
            &mut blockers,
            RuleId::ChecklistNotDone,
            Subject::Workload(workload.id.clone()),
            format!(
                "No promotion checklist yet: add the items CAF suggests for {} promotion",
                model.label()
            ),
        );
    }
    for item in workload.checklist.iter().filter(|i| !i.done) {
        Findings::block_promotion(
            &mut blockers,
            RuleId::ChecklistNotDone,
            Subject::Workload(workload.id.clone()),
            format!("{}: “{}” is not done", item.phase.label(), item.text),
        );
    }
    Promotion {
        ready: done && decided && blockers.is_empty(),
        blockers,
        checklist,
        decided,
    }
}

/// `data-sync-missing`: a database or data asset of a Staged or Flight
/// workload with nothing that keeps it in sync until promotion (no data
/// sync, no tool chosen for it, or a tool that copies once).
fn data_sync_missing(asset: &Asset, model: PromotionModel) -> Option<String> {
    if !matches!(model, PromotionModel::Staged | PromotionModel::Flight)
        || !matches!(asset.kind, AssetKind::Database | AssetKind::Data)
    {
        return None;
    }
    let name = &asset.name;
    let until = format!("between staging and promotion ({})", model.label());
    match asset.data_sync {
        None => Some(format!(
            "{name} has nothing to keep its data in sync {until}: plan a data sync"
        )),
        Some(ReplicationTool::Undecided) => Some(format!(
            "{name} has a data sync with no tool chosen: choose one that replicates continuously"
        )),
        Some(tool) if tool.mode() == ReplicationMode::Once => Some(format!(
            "{name} is kept in sync with {}, which copies once and goes stale {until}: choose a tool that replicates continuously",
            tool.label()
        )),
        Some(_) => None,
    }
}

/// `one-shot-copy-for-single-step`: an asset of a SingleStep workload
/// replicated by a tool that copies once.
fn one_shot_copy(asset: &Asset, model: PromotionModel) -> Option<String> {
    let tool = asset.replication.tool;
    (model == PromotionModel::SingleStep && tool.mode() == ReplicationMode::Once).then(|| {
        format!(
            "{} is replicated with {}, which copies once: staging becomes production in single-step promotion, so the copy is stale by then; replicate it continuously",
            asset.name,
            tool.label()
        )
    })
}

/// `separation-of-duties`: a SingleStep workload whose Staging and
/// Promotion share an Accountable or a Responsible party.
pub(super) fn shared_duties(plan: &Plan, workload: &Workload) -> Option<String> {
    if workload.promotion_model != PromotionModel::SingleStep {
        return None;
    }
    let holds = |kind: ActivityKind| {
        workload
            .activity(kind)
            .into_iter()
            .flat_map(|a| &a.raci)
            .filter(|(_, l)| matches!(l, Raci::Accountable | Raci::Responsible))
            .map(|(p, _)| p.as_str())
            .collect::<Vec<&str>>()
    };
    let staging = holds(ActivityKind::Staging);
    let shared: Vec<&str> = holds(ActivityKind::Promotion)
        .into_iter()
        .filter(|p| staging.contains(p))
        .map(|p| plan.party_name(p))
        .collect();
    let (last, others) = shared.split_last()?;
    let holders = if others.is_empty() {
        (*last).to_owned()
    } else {
        format!("{} and {last}", others.join(", "))
    };
    Some(format!(
        "Promotion: held by {holders}, as Staging is; in single-step promotion the migration team then needs access to production, which weakens separation of duties — accept it and say so, or give promotion to operations"
    ))
}

/// "a, b, c and 4 more assets", or "a" for one asset.
fn some_names(names: &[&str]) -> String {
    let shown = names[..names.len().min(NAMED)].join(", ");
    match names.len() {
        1 => shown,
        n if n <= NAMED => format!("{n} assets ({shown})"),
        n => format!("{n} assets ({shown} and {} more)", n - NAMED),
    }
}

#[cfg(test)]
#[path = "promotion_tests.rs"]
mod tests;
