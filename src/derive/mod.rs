//! What is computed from a plan: each asset's stage, each workload's
//! definition of done with its blockers, its promotion readiness, and the
//! problems list.
//!
//! Pure functions of the plan; the app recomputes them when the plan changes,
//! never on a frame that changed nothing.

mod blocker_lines;
pub mod components;
mod incremental;
mod problems;
mod promotion;
pub mod rules;
pub mod size;
pub mod suggest_waves;
pub mod waves;
mod workload;

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{
    ActivityKind, Assessment, Asset, Plan, RemediationStatus, ReplicationStatus, Staging, Strategy,
};
pub use crate::model::{Hasher, Positions};
use rules::{Findings, RuleId};

pub use blocker_lines::{BlockerLine, blocker_lines};
pub use incremental::{Incremental, Remap};
use incremental::{Parts, ProblemParts};
pub use problems::{MERGE_CONFLICT_QUESTION, MERGE_PROBLEM_QUESTION, is_open_merge_question};
pub use rules::{About, RULES, Rule};
pub use workload::{remediation_team, unconfirmed_parties};

/// One open question of the plan, for "next gap": where it is and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    pub subject: Subject,
    pub message: String,
    /// The rule it breaks (its code), `asset-blocked` or `asset-failed`
    /// for an asset stuck in that stage, or [`OPEN_QUESTION`] for a
    /// question of the log: says which field fixes it.
    pub code: &'static str,
}

/// The code of a gap that is an open question of the log.
pub const OPEN_QUESTION: &str = "open-question";

/// The rules a facilitator walks first, in this order: who does what, the
/// decisions to take in advance, then whether the team knows them.
const FIRST_GAPS: [&[RuleId]; 3] = [
    &[
        RuleId::ActivityUnassigned,
        RuleId::MultipleAccountable,
        RuleId::PartyMissing,
    ],
    &[
        RuleId::PromotionModelUndecided,
        RuleId::RemediationTimingUndecided,
    ],
    &[RuleId::RemediationTimingNotShared],
];

/// The plan's open questions in a stable order, for a facilitator to walk
/// one by one: activities without one Accountable and a Responsible; an
/// undecided promotion model or remediation timing; team-check gaps;
/// the log's open questions; blocked and failed assets; then the rest of the problems (errors, then
/// warnings). Each finding of a rule appears once, blocker or problem.
pub fn gaps(plan: &Plan, derived: &Derived) -> Vec<Gap> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |out: &mut Vec<Gap>, subject: &Subject, message: String, code: &'static str| {
        if seen.insert((subject.clone(), message.clone())) {
            out.push(Gap {
                subject: subject.clone(),
                message,
                code,
            });
        }
    };
    let first = |code: &str| {
        FIRST_GAPS
            .iter()
            .flat_map(|g| g.iter())
            .any(|r| r.code() == code)
    };
    for rules in FIRST_GAPS {
        let codes: Vec<&str> = rules.iter().map(|r| r.code()).collect();
        for status in &derived.workloads {
            // The Promotion activity's RACI blocks promotion, not done.
            let promotion = status.promotion.blockers.iter();
            for b in (status.blockers.iter().chain(promotion)).filter(|b| codes.contains(&b.code)) {
                push(
                    &mut out,
                    &b.subject,
                    format!("{}: {}", status.name, b.message),
                    b.code,
                );
            }
        }
        // Rules that do not block done are walked from the problems list.
        for p in derived.problems.iter().filter(|p| {
            codes.contains(&p.code) && rules::rule(p.code).is_some_and(|r| !r.blocks_done)
        }) {
            push(&mut out, &p.subject, p.message.clone(), p.code);
        }
    }
    // The questions the room logged and has not answered yet.
    for entry in plan.log.iter().filter(|e| {
        e.kind == crate::model::LogKind::Question && e.status == crate::model::LogStatus::Open
    }) {
        push(
            &mut out,
            &Subject::Log(entry.id.clone()),
            format!("Open question: {}", entry.text),
            OPEN_QUESTION,
        );
    }
    for (asset, stage) in plan.assets.iter().zip(&derived.stages) {
        if matches!(stage, Stage::Blocked | Stage::Failed) {
            push(
                &mut out,
                &Subject::Asset(asset.id.clone()),
                format!("{} is {}", asset.name, stage.label()),
                if *stage == Stage::Blocked {
                    "asset-blocked"
                } else {
                    "asset-failed"
                },
            );
        }
    }
    for p in derived
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Info && !first(p.code))
    {
        push(&mut out, &p.subject, p.message.clone(), p.code);
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

/// Whether an asset was staged before its replication was verified
/// (rule `staged-before-verified`): staged, but not a verified copy.
pub fn staged_before_verified(asset: &Asset) -> bool {
    asset.staging == Staging::Staged && asset.replication.status != ReplicationStatus::Verified
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
    /// A wave, by its index in `plan.waves` (waves have no ids).
    Wave(usize),
}

impl Subject {
    /// The id form used in JSON: the item's id, `WORKLOAD-ID/Kind` for an
    /// activity, nothing for the plan as a whole or a wave (which has no
    /// id; the message names it).
    pub fn key(&self) -> Option<String> {
        match self {
            Subject::Plan | Subject::Wave(_) => None,
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
    /// What follows the definition of done (format 3).
    pub promotion: Promotion,
}

/// A workload's promotion readiness (format 3): it is ready when it is
/// done, its checklist is complete, its Promotion activity has its
/// Accountable and Responsible, and no promotion rule that blocks fires.
/// It never changes the definition of done.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Promotion {
    pub ready: bool,
    /// Checklist items not done, the promotion rules that fire, and the
    /// Promotion activity's RACI; each links to what fixes it.
    pub blockers: Vec<Blocker>,
    /// Checklist items done and in all.
    pub checklist: (usize, usize),
    /// Whether the promotion model is decided.
    pub decided: bool,
}

impl Promotion {
    /// The blockers other than the open checklist items, which are
    /// counted as the checklist's progress instead.
    pub fn rule_blockers(&self) -> impl Iterator<Item = &Blocker> {
        let checklist = RuleId::ChecklistNotDone.code();
        self.blockers.iter().filter(move |b| b.code != checklist)
    }
}

impl WorkloadStatus {
    pub fn count(&self, stage: Stage) -> usize {
        self.stages[stage.index()]
    }

    /// The definition of done and promotion readiness in one line, shown
    /// wherever the definition of done is: "staged ✔ · promotion: 3
    /// blockers, checklist 7/19", "staged ✔ · promotion ready ✔".
    pub fn readiness(&self) -> String {
        let staged = if self.done {
            "staged ✔"
        } else {
            "not staged"
        };
        let promotion = &self.promotion;
        if promotion.ready {
            return format!("{staged} · promotion ready ✔");
        }
        if !promotion.decided {
            return format!("{staged} · promotion model undecided");
        }
        let mut parts = Vec::new();
        match promotion.rule_blockers().count() {
            0 => {}
            1 => parts.push("1 blocker".to_owned()),
            n => parts.push(format!("{n} blockers")),
        }
        match promotion.checklist {
            (_, 0) => parts.push("no checklist yet".to_owned()),
            (done, total) => parts.push(format!("checklist {done}/{total}")),
        }
        format!("{staged} · promotion: {}", parts.join(", "))
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
    pub asset_positions: Positions,
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

    /// How many workloads meet their definition of done.
    pub fn workloads_done(&self) -> usize {
        self.workloads.iter().filter(|w| w.done).count()
    }

    /// How many activities, over every workload, lack a clear owner (no
    /// Responsible, or not exactly one Accountable).
    pub fn activities_without_owner(&self) -> usize {
        let unclear = [
            RuleId::ActivityUnassigned.code(),
            RuleId::MultipleAccountable.code(),
        ];
        // The Promotion activity's gaps are among promotion's blockers.
        self.workloads
            .iter()
            .flat_map(|w| w.blockers.iter().chain(&w.promotion.blockers))
            .filter(|b| unclear.contains(&b.code))
            .count()
    }
}

/// Computes stages, workload status and problems for a plan. Every rule of
/// the [rule table](RULES) is evaluated once where its facts are at hand:
/// per asset, per workload (with the assets it needs), per wave.
pub fn derive(plan: &Plan) -> Derived {
    let (mut derived, parts) = full(plan);
    derived.problems = parts.problems.into_problems();
    derived
}

/// A full derive that keeps what each part of the plan yielded, so that
/// [`Incremental::update`] can later redo only the parts an edit touched.
pub fn derive_incremental(plan: &Plan) -> (Derived, Incremental) {
    let (mut derived, parts) = full(plan);
    let (incremental, problems) = Incremental::new(plan, parts);
    derived.problems = problems;
    (derived, incremental)
}

/// Everything but the problems list, which is assembled from the parts.
fn full(plan: &Plan) -> (Derived, Parts) {
    let stages: Vec<Stage> = plan.assets.iter().map(|a| stage(a)).collect();
    let index = asset_positions(plan);
    let mut plan_stages = [0; STAGES];
    for s in &stages {
        plan_stages[s.index()] += 1;
    }
    let names = workload_names(plan);
    let mut by_workload: HashMap<&str, Vec<usize>, Hasher> = HashMap::default();
    for (i, asset) in plan.assets.iter().enumerate() {
        if let Some(w) = &asset.workload {
            by_workload.entry(w.as_str()).or_default().push(i);
        }
    }
    let members: Vec<Vec<usize>> = plan
        .workloads
        .iter()
        .map(|w| by_workload.get(w.id.as_str()).cloned().unwrap_or_default())
        .collect();
    let parties = party_ids(plan);
    let mut of_plan = Findings::default();
    let repeated_ids = problems::duplicate_ids(plan, &mut of_plan);
    let duplicate_ids = std::mem::take(&mut of_plan.problems);
    problems::control_characters(plan, &mut of_plan);
    let control = std::mem::take(&mut of_plan.problems);
    let mut missing: HashMap<String, Vec<u32>, Hasher> = HashMap::default();
    let depends: Vec<Vec<u32>> = plan
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| {
            problems::dependencies(&index, a, |dep| {
                let naming = missing.entry(dep.to_owned()).or_default();
                if naming.last() != Some(&(i as u32)) {
                    naming.push(i as u32);
                }
            })
        })
        .collect();
    let in_cycle = problems::cycles_of(plan, &depends, &mut of_plan);
    let cycles = std::mem::take(&mut of_plan.problems);
    let mut of_log = Findings::default();
    problems::log(plan, &parties, &mut of_log);
    // Assets first, as the workloads read what each asset blocks; their
    // problems are listed after the workloads'.
    let assets = problems::assets(plan, &index, &names, &parties);
    let waves = crate::derive::waves::WaveIndex::new(plan);
    let context = workload::Context {
        plan,
        stages: &stages,
        index: &index,
        names: &names,
        parties: &parties,
        blocking: &assets.blocking,
        waves: &waves,
    };
    let mut closures = Vec::with_capacity(plan.workloads.len());
    let mut of_workloads = Vec::with_capacity(plan.workloads.len());
    let mut wave_segments = Vec::with_capacity(plan.workloads.len());
    let workloads = plan
        .workloads
        .iter()
        .zip(&members)
        .map(|(w, own)| {
            let closure = dependency_closure(plan, &index, own);
            let mut found = Findings::default();
            let (status, segment) = workload::status(&context, w, own, &closure, &mut found);
            closures.push(closure);
            of_workloads.push(found.problems);
            wave_segments.push(segment);
            status
        })
        .collect();
    let mut of_waves = Findings::default();
    crate::derive::waves::plan_findings(plan, &waves, &members, &mut of_waves);
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
    let derived = Derived {
        orphaned_assets,
        workloads,
        problems: Vec::new(),
        unassigned_assets: plan.assets.iter().filter(|a| a.workload.is_none()).count(),
        plan_stages,
        asset_positions: index,
        stages,
    };
    let of_plan = [&duplicate_ids, &control, &cycles]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let parts = Parts {
        problems: ProblemParts {
            of_plan,
            of_log: of_log.problems,
            of_workloads,
            of_assets: assets.problems,
            of_waves: of_waves.problems,
        },
        wave_segments,
        duplicate_ids,
        control,
        cycles,
        repeated_ids,
        in_cycle,
        blocking: assets.blocking,
        depends,
        missing,
        namesakes: assets.namesakes,
        name_keys: assets.name_keys,
        members,
        closures,
    };
    (derived, parts)
}

/// A derived state for `plan` while its full derive runs elsewhere (on a
/// worker thread, after an import): each asset's stage, the counts, where
/// each asset is and which are orphans are the plan's, so a view can look
/// anything up; the problems and each workload's status are those of
/// `before` (an older plan's), matched to the plan's workloads by id, a new
/// workload without any yet.
pub fn provisional(plan: &Plan, before: Derived) -> Derived {
    let stages: Vec<Stage> = plan.assets.iter().map(|a| stage(a)).collect();
    let mut plan_stages = [0; STAGES];
    for s in &stages {
        plan_stages[s.index()] += 1;
    }
    let names = workload_names(plan);
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
    let mut old: HashMap<String, WorkloadStatus, Hasher> = before
        .workloads
        .into_iter()
        .map(|w| (w.id.clone(), w))
        .collect();
    let workloads = plan
        .workloads
        .iter()
        .map(|w| old.remove(&w.id).unwrap_or_else(|| placeholder(w)))
        .collect();
    Derived {
        stages,
        workloads,
        problems: before.problems,
        unassigned_assets: plan.assets.iter().filter(|a| a.workload.is_none()).count(),
        plan_stages,
        asset_positions: asset_positions(plan),
        orphaned_assets,
    }
}

/// A workload's status until it is derived: no assets counted, not done.
pub(crate) fn placeholder(workload: &crate::model::Workload) -> WorkloadStatus {
    WorkloadStatus {
        id: workload.id.clone(),
        name: workload.name.clone(),
        assets: 0,
        stages: [0; STAGES],
        done: false,
        blockers: Vec::new(),
        promotion: Promotion::default(),
    }
}

/// Workload id → name.
fn workload_names(plan: &Plan) -> HashMap<&str, &str, Hasher> {
    plan.workloads
        .iter()
        .map(|w| (w.id.as_str(), w.name.as_str()))
        .collect()
}

fn party_ids(plan: &Plan) -> std::collections::HashSet<&str, Hasher> {
    plan.parties.iter().map(|p| p.id.as_str()).collect()
}

/// Asset id → index of its first occurrence in `plan.assets`, owned, as
/// kept in [`Derived::asset_positions`].
fn asset_positions(plan: &Plan) -> Positions {
    let mut index = Positions::with_capacity_and_hasher(plan.assets.len(), Hasher::default());
    for (i, asset) in plan.assets.iter().enumerate() {
        if !index.contains_key(asset.id.as_str()) {
            index.insert(asset.id.clone(), i);
        }
    }
    index
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
pub fn dependency_closure<K, S>(
    plan: &Plan,
    index: &HashMap<K, usize, S>,
    roots: &[usize],
) -> Vec<usize>
where
    K: std::borrow::Borrow<str> + std::hash::Hash + Eq,
    S: std::hash::BuildHasher,
{
    // A set, not a bitmap of the whole plan: closures are small and there
    // is one per workload.
    let mut seen: std::collections::HashSet<usize, Hasher> = roots.iter().copied().collect();
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

/// The RACI rule of one activity: which rule it breaks and why, in words;
/// `None` when it holds. Letters held by ids that are not parties of the
/// plan (`is_party`) do not count. The workload's blockers and problems and
/// the row under the RACI grid all come from here.
pub fn activity_rule(
    activity: Option<&crate::model::Activity>,
    is_party: impl Fn(&str) -> bool,
) -> Option<(rules::RuleId, String)> {
    let held = |letter: crate::model::Raci| {
        activity.map_or(0, |a| {
            a.raci
                .iter()
                .filter(|(p, l)| **l == letter && is_party(p))
                .count()
        })
    };
    let accountable = held(crate::model::Raci::Accountable);
    let reason = raci_rule_broken(accountable, held(crate::model::Raci::Responsible))?;
    let rule = if accountable > 1 {
        RuleId::MultipleAccountable
    } else {
        RuleId::ActivityUnassigned
    };
    Some((rule, reason))
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
