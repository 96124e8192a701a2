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
    RemediationTiming, ReplicationStatus, Staging, Strategy,
};

pub use problems::{problems, unconfirmed_parties};

/// One open question of the plan, for "next gap": where it is and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    pub subject: Subject,
    pub message: String,
}

/// The plan's open questions in a stable order, for a facilitator to walk
/// one by one: activities without one Accountable and a Responsible; an
/// undecided promotion model or remediation timing; team-check gaps;
/// blocked and failed assets; then the rest of the problems (errors, then
/// warnings). Each subject appears once per kind of gap.
pub fn gaps(plan: &Plan, derived: &Derived) -> Vec<Gap> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |out: &mut Vec<Gap>, subject: &Subject, message: &str| {
        if seen.insert((subject.clone(), message.to_owned())) {
            out.push(Gap {
                subject: subject.clone(),
                message: message.to_owned(),
            });
        }
    };
    for status in &derived.workloads {
        for b in status
            .blockers
            .iter()
            .filter(|b| matches!(b.code, "activity-unassigned" | "party-missing"))
        {
            push(
                &mut out,
                &b.subject,
                &format!("{}: {}", status.name, b.message),
            );
        }
    }
    for status in &derived.workloads {
        for b in status.blockers.iter().filter(|b| {
            matches!(
                b.code,
                "promotion-model-undecided" | "remediation-timing-undecided"
            )
        }) {
            push(
                &mut out,
                &b.subject,
                &format!("{}: {}", status.name, b.message),
            );
        }
    }
    for p in derived
        .problems
        .iter()
        .filter(|p| p.code == "remediation-timing-not-shared")
    {
        push(&mut out, &p.subject, &p.message);
    }
    for (asset, stage) in plan.assets.iter().zip(&derived.stages) {
        if matches!(stage, Stage::Blocked | Stage::Failed) {
            push(
                &mut out,
                &Subject::Asset(asset.id.clone()),
                &format!("{} is {}", asset.name, stage.label()),
            );
        }
    }
    for p in derived
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Info && p.code != "remediation-timing-not-shared")
    {
        push(&mut out, &p.subject, &p.message);
    }
    out
}

/// Where an asset is on its way to "staged and ready for testing".
/// Derived, never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Stage {
    /// Strategy Retire or Retain: not migrated, never blocks a workload.
    OutOfScope,
    Blocked,
    Remediating,
    /// Assessment Unknown: nobody has looked at it yet.
    Unassessed,
    ReadyToReplicate,
    Replicating,
    Failed,
    Replicated,
    Verified,
    Staged,
}

/// How many stages there are: the length of every per-stage count.
pub const STAGES: usize = 10;

impl Stage {
    /// In the order of the journey; also the order of counts in reports.
    pub const ALL: [Stage; STAGES] = [
        Stage::OutOfScope,
        Stage::Blocked,
        Stage::Remediating,
        Stage::Unassessed,
        Stage::ReadyToReplicate,
        Stage::Replicating,
        Stage::Failed,
        Stage::Replicated,
        Stage::Verified,
        Stage::Staged,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Stage::OutOfScope => "Out of scope",
            Stage::Blocked => "Blocked",
            Stage::Remediating => "Remediating",
            Stage::Unassessed => "Unassessed",
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
            Stage::OutOfScope => "OutOfScope",
            Stage::Blocked => "Blocked",
            Stage::Remediating => "Remediating",
            Stage::Unassessed => "Unassessed",
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
        Stage::OutOfScope => (0xb0, 0xbe, 0xc5),
        Stage::Blocked => (0xc6, 0x28, 0x28),
        Stage::Remediating => (0xef, 0x6c, 0x00),
        Stage::Unassessed => (0x8d, 0x6e, 0x63),
        Stage::ReadyToReplicate => (0x75, 0x75, 0x75),
        Stage::Replicating => (0x1e, 0x88, 0xe5),
        Stage::Failed => (0x8e, 0x24, 0xaa),
        Stage::Replicated => (0x00, 0x89, 0x7b),
        Stage::Verified => (0x55, 0x8b, 0x2f),
        Stage::Staged => (0x2e, 0x7d, 0x32),
    }
}

/// Whether an asset is migrated at all: Retire and Retain are not.
pub fn out_of_scope(asset: &Asset) -> bool {
    matches!(asset.strategy, Strategy::Retire | Strategy::Retain)
}

/// The stage of one asset: the first rule that holds.
pub fn stage(asset: &Asset) -> Stage {
    if out_of_scope(asset) {
        return Stage::OutOfScope;
    }
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
    if asset.assessment == Assessment::Unknown {
        return Stage::Unassessed;
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
    pub stages: [usize; STAGES],
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
    pub plan_stages: [usize; STAGES],
    /// Asset id → index in `plan.assets` (first occurrence), for lookups
    /// that must not scan the plan on every frame.
    pub asset_positions: HashMap<String, usize>,
    /// Assets whose workload is not in the plan (indices into
    /// `plan.assets`): neither in a workload nor in the inventory, so they
    /// are listed on their own rather than dropped.
    pub orphaned_assets: Vec<usize>,
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
    let stages: Vec<Stage> = plan.assets.iter().map(|a| stage(a)).collect();
    let index = asset_index(plan);
    let mut plan_stages = [0; STAGES];
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
    let parties: std::collections::HashSet<&str> =
        plan.parties.iter().map(|p| p.id.as_str()).collect();
    let context = Context {
        plan,
        stages: &stages,
        index: &index,
        names: &names,
        parties: &parties,
    };
    let workloads = plan
        .workloads
        .iter()
        .map(|w| {
            let own = members.get(w.id.as_str()).map_or(&[][..], Vec::as_slice);
            workload_status(&context, w, own)
        })
        .collect();
    let orphaned_assets = plan
        .assets
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.workload
                .as_deref()
                .is_some_and(|w| !names.contains_key(w))
        })
        .map(|(i, _)| i)
        .collect();
    Derived {
        orphaned_assets,
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

/// What every workload's status is computed from.
struct Context<'a> {
    plan: &'a Plan,
    stages: &'a [Stage],
    index: &'a HashMap<&'a str, usize>,
    names: &'a HashMap<&'a str, &'a str>,
    parties: &'a std::collections::HashSet<&'a str>,
}

fn workload_status(
    context: &Context<'_>,
    workload: &crate::model::Workload,
    members: &[usize],
) -> WorkloadStatus {
    let Context {
        plan,
        stages,
        index,
        names,
        parties,
    } = *context;
    let mut counts = [0; STAGES];
    let mut blockers = Vec::new();
    for &i in members {
        counts[stages[i].index()] += 1;
        if let Some(blocker) = readiness_blocker(plan, stages[i], i, None) {
            blockers.push(blocker);
        }
    }
    let closure = dependency_closure(plan, index, members);
    for &j in &closure {
        let dep = &plan.assets[j];
        let place = match &dep.workload {
            None => "inventory".to_owned(),
            Some(w) => format!("workload {}", names.get(w.as_str()).copied().unwrap_or(w)),
        };
        if let Some(blocker) = readiness_blocker(plan, stages[j], j, Some(&place)) {
            blockers.push(blocker);
        }
    }
    // Nothing the workload needs may depend on an asset that is retired:
    // the workload would break when it goes.
    for &i in members.iter().chain(&closure) {
        let asset = &plan.assets[i];
        if out_of_scope(asset) {
            continue;
        }
        for dep in &asset.depends_on {
            let Some(&j) = index.get(dep.as_str()) else {
                continue;
            };
            let retiring = &plan.assets[j];
            if retiring.strategy == Strategy::Retire {
                blockers.push(Blocker {
                    code: "depends-on-retiring",
                    message: format!(
                        "{} depends on {}, which is marked Retire",
                        asset.name, retiring.name
                    ),
                    subject: Subject::Asset(retiring.id.clone()),
                });
            }
        }
    }
    // A dependency that is not in the plan cannot be staged: the workload
    // is not done while a needed asset points at it.
    for &i in members.iter().chain(&closure) {
        let asset = &plan.assets[i];
        if out_of_scope(asset) {
            continue;
        }
        for dep in asset
            .depends_on
            .iter()
            .filter(|d| !index.contains_key(d.as_str()))
        {
            blockers.push(Blocker {
                code: "dependency-missing",
                message: format!("{} depends on {dep}, which is not in the plan", asset.name),
                subject: Subject::Asset(asset.id.clone()),
            });
        }
    }
    for kind in ActivityKind::ALL {
        let activity = workload.activity(kind);
        // Letters held by parties that do not exist do not count.
        let held = |letter: Raci| {
            activity.map_or(0, |a| {
                a.raci
                    .iter()
                    .filter(|(p, l)| **l == letter && parties.contains(p.as_str()))
                    .count()
            })
        };
        if let Some(reason) = raci_rule_broken(held(Raci::Accountable), held(Raci::Responsible)) {
            blockers.push(Blocker {
                code: "activity-unassigned",
                message: format!("{}: {reason}", kind.label()),
                subject: Subject::Activity(workload.id.clone(), kind),
            });
        }
        for (party, letter) in activity.into_iter().flat_map(|a| &a.raci) {
            if matches!(letter, Raci::Accountable | Raci::Responsible)
                && !parties.contains(party.as_str())
            {
                blockers.push(Blocker {
                    code: "party-missing",
                    message: format!(
                        "{}: the {} party {party} is not in the plan",
                        kind.label(),
                        if *letter == Raci::Accountable {
                            "Accountable"
                        } else {
                            "Responsible"
                        }
                    ),
                    subject: Subject::Activity(workload.id.clone(), kind),
                });
            }
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

/// Why an asset a workload needs is not ready for testing: not staged, or
/// staged before its replication was verified. `place` says where a
/// dependency lives; `None` for the workload's own assets. Out-of-scope
/// assets never block.
fn readiness_blocker(plan: &Plan, stage: Stage, i: usize, place: Option<&str>) -> Option<Blocker> {
    let asset = &plan.assets[i];
    let subject = Subject::Asset(asset.id.clone());
    match stage {
        Stage::OutOfScope => None,
        Stage::Staged if asset.replication.status == ReplicationStatus::Verified => None,
        Stage::Staged => Some(Blocker {
            code: "staged-before-verified",
            message: format!(
                "{}{} is staged but its replication is {}, not Verified",
                asset.name,
                place
                    .map(|p| format!(" (dependency, {p})"))
                    .unwrap_or_default(),
                asset.replication.status.label()
            ),
            subject,
        }),
        _ => Some(match place {
            None => Blocker {
                code: "asset-not-staged",
                message: format!("{} is {}{}", asset.name, stage.label(), why(asset, stage)),
                subject,
            },
            Some(place) => Blocker {
                code: "dependency-not-staged",
                message: format!(
                    "{} (dependency, {place}) is not staged: {}{}",
                    asset.name,
                    stage.label(),
                    why(asset, stage)
                ),
                subject,
            },
        }),
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
