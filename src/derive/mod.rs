//! What is computed from a plan: each asset's stage, each workload's
//! definition of done with its blockers, and the problems list.
//!
//! Pure functions of the plan; the app recomputes them when the plan changes,
//! never on a frame that changed nothing.

mod problems;

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{
    ActivityKind, Assessment, Asset, Plan, PromotionModel, Raci, RemediationStatus,
    RemediationTiming, ReplicationStatus, Staging,
};

pub use problems::problems;

/// Where an asset is on its way to "staged and ready for testing".
/// Derived, never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Stage {
    Blocked,
    Remediating,
    ReadyToReplicate,
    Replicating,
    Failed,
    Replicated,
    Verified,
    Staged,
}

impl Stage {
    /// In the order of the journey; also the order of counts in reports.
    pub const ALL: [Stage; 8] = [
        Stage::Blocked,
        Stage::Remediating,
        Stage::ReadyToReplicate,
        Stage::Replicating,
        Stage::Failed,
        Stage::Replicated,
        Stage::Verified,
        Stage::Staged,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Blocked => "Blocked",
            Stage::Remediating => "Remediating",
            Stage::ReadyToReplicate => "Ready to replicate",
            Stage::Replicating => "Replicating",
            Stage::Failed => "Failed",
            Stage::Replicated => "Replicated",
            Stage::Verified => "Verified",
            Stage::Staged => "Staged",
        }
    }

    /// The name used in JSON output and the file-like vocabulary.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Blocked => "Blocked",
            Stage::Remediating => "Remediating",
            Stage::ReadyToReplicate => "ReadyToReplicate",
            Stage::Replicating => "Replicating",
            Stage::Failed => "Failed",
            Stage::Replicated => "Replicated",
            Stage::Verified => "Verified",
            Stage::Staged => "Staged",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The colour of a stage as RGB: the same in the app, the reports and
/// anywhere else a stage is drawn.
pub fn stage_rgb(stage: Stage) -> (u8, u8, u8) {
    match stage {
        Stage::Blocked => (0xc6, 0x28, 0x28),
        Stage::Remediating => (0xef, 0x6c, 0x00),
        Stage::ReadyToReplicate => (0x75, 0x75, 0x75),
        Stage::Replicating => (0x1e, 0x88, 0xe5),
        Stage::Failed => (0x8e, 0x24, 0xaa),
        Stage::Replicated => (0x00, 0x89, 0x7b),
        Stage::Verified => (0x55, 0x8b, 0x2f),
        Stage::Staged => (0x2e, 0x7d, 0x32),
    }
}

/// The stage of one asset: the first rule that holds.
pub fn stage(asset: &Asset) -> Stage {
    if asset.staging == Staging::Staged {
        return Stage::Staged;
    }
    match asset.replication.status {
        ReplicationStatus::Failed => return Stage::Failed,
        ReplicationStatus::Verified => return Stage::Verified,
        ReplicationStatus::Replicated => return Stage::Replicated,
        ReplicationStatus::Replicating => return Stage::Replicating,
        ReplicationStatus::NotStarted => {}
    }
    if asset.assessment == Assessment::NotReady
        && asset.remediation.status != RemediationStatus::Done
    {
        return Stage::Blocked;
    }
    if matches!(
        asset.remediation.status,
        RemediationStatus::Required | RemediationStatus::InProgress
    ) {
        return Stage::Remediating;
    }
    Stage::ReadyToReplicate
}

/// What a problem or blocker is about: the place in the plan that fixes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    Plan,
    Party(String),
    Workload(String),
    Activity(String, ActivityKind),
    Asset(String),
    Log(String),
}

impl Subject {
    /// The id form used in JSON: the item's id, `WORKLOAD-ID/Kind` for an
    /// activity, nothing for the plan as a whole.
    pub fn key(&self) -> Option<String> {
        match self {
            Subject::Plan => None,
            Subject::Party(id) | Subject::Workload(id) | Subject::Asset(id) | Subject::Log(id) => {
                Some(id.clone())
            }
            Subject::Activity(id, kind) => Some(format!("{id}/{kind:?}")),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Something inconsistent (error) or incomplete (warning) in the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub subject: Subject,
}

/// One unmet condition of a workload's definition of done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocker {
    pub code: &'static str,
    pub message: String,
    pub subject: Subject,
}

/// A workload's progress and its definition of done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkloadStatus {
    pub id: String,
    pub name: String,
    /// Assets that belong to the workload (dependencies not counted).
    pub assets: usize,
    /// Counts of the workload's assets per stage, indexed by `Stage::index`.
    pub stages: [usize; 8],
    pub done: bool,
    pub blockers: Vec<Blocker>,
}

impl WorkloadStatus {
    pub fn count(&self, stage: Stage) -> usize {
        self.stages[stage.index()]
    }
}

/// Everything derived from a plan at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Derived {
    /// The stage of each asset, in the order of `plan.assets`.
    pub stages: Vec<Stage>,
    /// One per workload, in the order of `plan.workloads`.
    pub workloads: Vec<WorkloadStatus>,
    pub problems: Vec<Problem>,
    /// Assets that belong to no workload (still in the inventory).
    pub unassigned_assets: usize,
    /// Counts of all assets per stage.
    pub plan_stages: [usize; 8],
    /// Asset id → index in `plan.assets` (first occurrence), for lookups
    /// that must not scan the plan on every frame.
    pub asset_positions: HashMap<String, usize>,
}

impl Derived {
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }

    /// The stage of the asset with this id.
    pub fn stage_of(&self, asset_id: &str) -> Option<Stage> {
        self.asset_positions
            .get(asset_id)
            .and_then(|&i| self.stages.get(i))
            .copied()
    }

    pub fn workload(&self, id: &str) -> Option<&WorkloadStatus> {
        self.workloads.iter().find(|w| w.id == id)
    }
}

/// Computes stages, workload status and problems for a plan.
pub fn derive(plan: &Plan) -> Derived {
    let stages: Vec<Stage> = plan.assets.iter().map(stage).collect();
    let index = asset_index(plan);
    let mut plan_stages = [0; 8];
    for s in &stages {
        plan_stages[s.index()] += 1;
    }
    let names: HashMap<&str, &str> = plan
        .workloads
        .iter()
        .map(|w| (w.id.as_str(), w.name.as_str()))
        .collect();
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, asset) in plan.assets.iter().enumerate() {
        if let Some(w) = &asset.workload {
            members.entry(w.as_str()).or_default().push(i);
        }
    }
    let workloads = plan
        .workloads
        .iter()
        .map(|w| {
            let own = members.get(w.id.as_str()).map_or(&[][..], Vec::as_slice);
            workload_status(plan, &stages, &index, &names, w, own)
        })
        .collect();
    Derived {
        workloads,
        problems: problems(plan, &index),
        unassigned_assets: plan.assets.iter().filter(|a| a.workload.is_none()).count(),
        plan_stages,
        asset_positions: index.iter().map(|(id, i)| ((*id).to_owned(), *i)).collect(),
        stages,
    }
}

/// Asset id → index of its first occurrence in `plan.assets`.
pub fn asset_index(plan: &Plan) -> HashMap<&str, usize> {
    let mut index = HashMap::with_capacity(plan.assets.len());
    for (i, asset) in plan.assets.iter().enumerate() {
        index.entry(asset.id.as_str()).or_insert(i);
    }
    index
}

/// Indices of the assets the given assets depend on, transitively, that are
/// not among them; in the order they are first reached. Cycles are fine.
pub fn dependency_closure(
    plan: &Plan,
    index: &HashMap<&str, usize>,
    roots: &[usize],
) -> Vec<usize> {
    // A set, not a bitmap of the whole plan: closures are small and there
    // is one per workload.
    let mut seen: std::collections::HashSet<usize> = roots.iter().copied().collect();
    let mut stack: Vec<usize> = roots.iter().rev().copied().collect();
    let mut reached = Vec::new();
    while let Some(i) = stack.pop() {
        for dep in plan.assets[i].depends_on.iter().rev() {
            let Some(&j) = index.get(dep.as_str()) else {
                continue;
            };
            if seen.insert(j) {
                reached.push(j);
                stack.push(j);
            }
        }
    }
    reached
}

fn workload_status(
    plan: &Plan,
    stages: &[Stage],
    index: &HashMap<&str, usize>,
    names: &HashMap<&str, &str>,
    workload: &crate::model::Workload,
    members: &[usize],
) -> WorkloadStatus {
    let mut counts = [0; 8];
    let mut blockers = Vec::new();
    for &i in members {
        counts[stages[i].index()] += 1;
        if stages[i] != Stage::Staged {
            let asset = &plan.assets[i];
            blockers.push(Blocker {
                code: "asset-not-staged",
                message: format!(
                    "{} is {}{}",
                    asset.name,
                    stages[i].label(),
                    why(asset, stages[i])
                ),
                subject: Subject::Asset(asset.id.clone()),
            });
        }
    }
    for j in dependency_closure(plan, index, members) {
        if stages[j] == Stage::Staged {
            continue;
        }
        let dep = &plan.assets[j];
        let place = match &dep.workload {
            None => "inventory".to_owned(),
            Some(w) => format!("workload {}", names.get(w.as_str()).copied().unwrap_or(w)),
        };
        blockers.push(Blocker {
            code: "dependency-not-staged",
            message: format!(
                "{} (dependency, {place}) is not staged: {}{}",
                dep.name,
                stages[j].label(),
                why(dep, stages[j])
            ),
            subject: Subject::Asset(dep.id.clone()),
        });
    }
    for kind in ActivityKind::ALL {
        let (accountable, responsible) = workload.activity(kind).map_or((0, 0), |a| {
            (a.count(Raci::Accountable), a.count(Raci::Responsible))
        });
        if let Some(reason) = raci_rule_broken(accountable, responsible) {
            blockers.push(Blocker {
                code: "activity-unassigned",
                message: format!("{}: {reason}", kind.label()),
                subject: Subject::Activity(workload.id.clone(), kind),
            });
        }
    }
    if workload.promotion_model == PromotionModel::Undecided {
        blockers.push(Blocker {
            code: "promotion-model-undecided",
            message: "Promotion model is not decided".to_owned(),
            subject: Subject::Workload(workload.id.clone()),
        });
    }
    if workload.remediation_timing == RemediationTiming::Undecided {
        blockers.push(Blocker {
            code: "remediation-timing-undecided",
            message: "Remediation timing is not decided".to_owned(),
            subject: Subject::Workload(workload.id.clone()),
        });
    }
    WorkloadStatus {
        id: workload.id.clone(),
        name: workload.name.clone(),
        assets: members.len(),
        stages: counts,
        done: blockers.is_empty(),
        blockers,
    }
}

/// Why an activity's RACI breaks the rules, in words; `None` when it holds
/// (exactly one Accountable, at least one Responsible).
pub fn raci_rule_broken(accountable: usize, responsible: usize) -> Option<String> {
    match (accountable, responsible) {
        (1, r) if r >= 1 => None,
        (0, 0) => Some("no one is Accountable or Responsible".to_owned()),
        (0, _) => Some("no one is Accountable".to_owned()),
        (1, _) => Some("no one is Responsible".to_owned()),
        (a, 0) => Some(format!(
            "{a} parties are Accountable and no one is Responsible"
        )),
        (a, _) => Some(format!("{a} parties are Accountable: exactly one must be")),
    }
}

/// A short reason after a stage, e.g. the first open compatibility issue.
fn why(asset: &Asset, stage: Stage) -> String {
    match stage {
        Stage::Blocked | Stage::Remediating => asset
            .remediation
            .issues
            .iter()
            .find(|i| !i.resolved)
            .map(|i| format!(": {}", i.text))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests;
