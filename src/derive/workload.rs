//! The rules of one workload: its definition of done (every asset it
//! needs staged and verified, its RACI, its decisions taken in advance),
//! its team check, its wave and (in [`super::promotion`]) its promotion
//! readiness. Each finding goes through the rule table, which makes it a
//! blocker, a problem, or both under one code.

use std::collections::{HashMap, HashSet};

use super::problems::Blocking;
use super::rules::{Findings, RuleId};
use super::{Blocker, STAGES, Stage, Subject, WorkloadStatus, activity_rule, why};
use crate::derive::waves::WaveIndex;
use crate::model::{
    ActivityKind, Party, Plan, PromotionModel, Raci, RemediationTiming, Strategy, Workload,
};

/// What every workload's status is computed from, made once per plan.
pub(super) struct Context<'a> {
    pub plan: &'a Plan,
    pub stages: &'a [Stage],
    pub index: &'a super::Positions,
    /// Workload id → name.
    pub names: &'a HashMap<&'a str, &'a str, super::Hasher>,
    pub parties: &'a HashSet<&'a str, super::Hasher>,
    /// What each asset blocks in the workloads that need it.
    pub blocking: &'a [Blocking],
    pub waves: &'a WaveIndex<'a>,
}

/// Where a workload's wave findings sit among its problems (all of them
/// warnings): after `before` of its warnings, `len` of them. A change to
/// the waves finds them again alone ([`super::waves::workload_findings`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct WaveSegment {
    pub before: u32,
    pub len: u32,
}

fn warnings(problems: &[super::Problem]) -> u32 {
    problems
        .iter()
        .filter(|p| p.severity == super::Severity::Warning)
        .count() as u32
}

/// The workload's status, its blockers and its problems (into `findings`,
/// which holds none yet), and where its wave findings sit among them.
/// `members` are its assets, `closure` what they need outside them
/// ([`dependency_closure`](super::dependency_closure)).
pub(super) fn status(
    context: &Context<'_>,
    workload: &Workload,
    members: &[usize],
    closure: &[usize],
    findings: &mut Findings,
) -> (WorkloadStatus, WaveSegment) {
    let Context {
        plan,
        stages,
        index,
        names,
        blocking,
        ..
    } = *context;
    let mut counts = [0; STAGES];
    let mut blockers = Vec::new();
    for &i in members {
        counts[stages[i].index()] += 1;
        readiness(context, i, None, &mut blockers);
    }
    for &j in closure {
        let place = match &plan.assets[j].workload {
            None => "inventory".to_owned(),
            Some(w) => format!("workload {}", names.get(w.as_str()).copied().unwrap_or(w)),
        };
        readiness(context, j, Some(&place), &mut blockers);
    }
    let needed = || {
        members
            .iter()
            .chain(closure)
            .copied()
            .filter(|&i| stages[i] != Stage::OutOfScope)
    };
    // Nothing the workload needs may depend on an asset that is retired:
    // the workload would break when it goes.
    for i in needed().filter(|&i| blocking[i].depends_on_retiring) {
        let asset = &plan.assets[i];
        for j in asset
            .depends_on
            .iter()
            .filter_map(|d| index.get(d.as_str()))
        {
            let retiring = &plan.assets[*j];
            if retiring.strategy == Strategy::Retire {
                Findings::block(
                    &mut blockers,
                    RuleId::DependsOnRetiring,
                    Subject::Asset(retiring.id.clone()),
                    || {
                        format!(
                            "{} depends on {}, which is marked Retire",
                            asset.name, retiring.name
                        )
                    },
                );
            }
        }
    }
    // A dependency that is not in the plan cannot be staged: the workload
    // is not done while a needed asset points at it.
    for i in needed().filter(|&i| blocking[i].dependency_missing) {
        let asset = &plan.assets[i];
        for dep in asset
            .depends_on
            .iter()
            .filter(|d| !index.contains_key(d.as_str()))
        {
            Findings::block(
                &mut blockers,
                RuleId::DependencyMissing,
                Subject::Asset(asset.id.clone()),
                || super::problems::missing_dependency(asset, dep),
            );
        }
    }
    let mut promotion_blockers = Vec::new();
    activities(
        context,
        workload,
        findings,
        &mut blockers,
        &mut promotion_blockers,
    );
    decisions(context, workload, members, findings, &mut blockers);
    let listed = findings.problems.len();
    let before = warnings(&findings.problems);
    crate::derive::waves::workload_findings(plan, context.waves, workload, closure, findings);
    let segment = WaveSegment {
        before,
        len: warnings(&findings.problems[listed..]),
    };
    debug_assert_eq!(segment.len as usize, findings.problems.len() - listed);
    let done = blockers.is_empty();
    let promotion = super::promotion::readiness(
        plan,
        stages,
        workload,
        members,
        done,
        promotion_blockers,
        findings,
    );
    let status = WorkloadStatus {
        id: workload.id.clone(),
        name: workload.name.clone(),
        assets: members.len(),
        stages: counts,
        done,
        blockers,
        promotion,
    };
    (status, segment)
}

/// Why an asset the workload needs is not ready for testing: not staged,
/// or staged before its replication was verified. `place` says where a
/// dependency lives; `None` for the workload's own assets. Out-of-scope
/// assets never block.
fn readiness(context: &Context<'_>, i: usize, place: Option<&str>, blockers: &mut Vec<Blocker>) {
    let asset = &context.plan.assets[i];
    let stage = context.stages[i];
    let subject = || Subject::Asset(asset.id.clone());
    let at = || {
        place
            .map(|p| format!(" (dependency, {p})"))
            .unwrap_or_default()
    };
    match stage {
        Stage::OutOfScope => {}
        Stage::Staged if !context.blocking[i].staged_before_verified => {}
        Stage::Staged => Findings::block(blockers, RuleId::StagedBeforeVerified, subject(), || {
            format!(
                "{}{} is staged but its replication is {}, not Verified",
                asset.name,
                at(),
                asset.replication.status.label()
            )
        }),
        _ => match place {
            None => Findings::block(blockers, RuleId::AssetNotStaged, subject(), || {
                format!("{} is {}{}", asset.name, stage.label(), why(asset, stage))
            }),
            Some(place) => {
                Findings::block(blockers, RuleId::DependencyNotStaged, subject(), || {
                    format!(
                        "{} (dependency, {place}) is not staged: {}{}",
                        asset.name,
                        stage.label(),
                        why(asset, stage)
                    )
                })
            }
        },
    }
}

/// The RACI rule per activity (exactly one Accountable, at least one
/// Responsible, counting only parties of the plan), each activity listed
/// once, and the parties its letters name. The three activities of the
/// migration block the definition of done; the Promotion activity, once
/// the workload shows it, blocks promotion readiness instead.
fn activities(
    context: &Context<'_>,
    workload: &Workload,
    findings: &mut Findings,
    blockers: &mut Vec<Blocker>,
    promotion_blockers: &mut Vec<Blocker>,
) {
    let parties = context.parties;
    let name = workload.name.as_str();
    let subject = |kind| Subject::Activity(workload.id.clone(), kind);
    let mut finding =
        |findings: &mut Findings, kind: ActivityKind, rule: RuleId, message: String| {
            if kind == ActivityKind::Promotion {
                findings.of_promotion(name, promotion_blockers, rule, subject(kind), message);
            } else {
                findings.of_workload(name, blockers, rule, subject(kind), message);
            }
        };
    let shown = workload.activity_kinds();
    for kind in ActivityKind::ALL {
        let listed = workload
            .activities
            .iter()
            .filter(|a| a.kind == kind)
            .count();
        if listed > 1 {
            finding(
                findings,
                kind,
                RuleId::DuplicateActivity,
                format!("{} is listed {listed} times", kind.label()),
            );
        }
        if !shown.contains(&kind) {
            continue;
        }
        let activity = workload.activity(kind);
        if let Some((rule, reason)) = activity_rule(activity, |p| parties.contains(p)) {
            finding(findings, kind, rule, format!("{}: {reason}", kind.label()));
        }
    }
    for activity in &workload.activities {
        let kind = activity.kind;
        for (party, letter) in activity
            .raci
            .iter()
            .filter(|(p, _)| !parties.contains(p.as_str()))
        {
            match letter {
                Raci::Accountable | Raci::Responsible => finding(
                    findings,
                    kind,
                    RuleId::PartyMissing,
                    format!(
                        "{}: the {} party {party} is not in the plan",
                        kind.label(),
                        if *letter == Raci::Accountable {
                            "Accountable"
                        } else {
                            "Responsible"
                        }
                    ),
                ),
                Raci::Consulted | Raci::Informed => {
                    findings.list(RuleId::DanglingReference, subject(kind), || {
                        format!(
                            "Workload {name}, {}: {party} is not a party of this plan",
                            kind.label()
                        )
                    });
                }
            }
        }
    }
}

/// The decisions taken in advance, the team check, the owners and the
/// checklist's owners.
fn decisions(
    context: &Context<'_>,
    workload: &Workload,
    members: &[usize],
    findings: &mut Findings,
    blockers: &mut Vec<Blocker>,
) {
    let plan = context.plan;
    let name = workload.name.as_str();
    let subject = || Subject::Workload(workload.id.clone());
    if workload.promotion_model == PromotionModel::Undecided {
        findings.of_workload(
            name,
            blockers,
            RuleId::PromotionModelUndecided,
            subject(),
            "Promotion model is not decided".to_owned(),
        );
    }
    if workload.remediation_timing == RemediationTiming::Undecided {
        findings.of_workload(
            name,
            blockers,
            RuleId::RemediationTimingUndecided,
            subject(),
            "Remediation timing is not decided".to_owned(),
        );
    }
    if let Some(message) = not_shared(plan, workload) {
        findings.of_workload(
            name,
            blockers,
            RuleId::RemediationTimingNotShared,
            subject(),
            message,
        );
    }
    if members.is_empty() {
        findings.list(RuleId::WorkloadWithoutAssets, subject(), || {
            format!("{name} has no assets yet")
        });
    }
    let party = |id: &str| context.parties.contains(id);
    for (field, owner) in [
        ("business owner", &workload.business_owner),
        ("technical owner", &workload.technical_owner),
    ] {
        if let Some(id) = owner.as_deref().filter(|id| !party(id)) {
            findings.list(RuleId::DanglingReference, subject(), || {
                format!("Workload {name}: {field} {id} is not a party of this plan")
            });
        }
    }
    for item in &workload.checklist {
        if let Some(id) = item.owner.as_deref().filter(|id| !party(id)) {
            findings.list(RuleId::DanglingReference, subject(), || {
                format!(
                    "Workload {name}, checklist item \"{}\": owner {id} is not a party of this plan",
                    item.text
                )
            });
        }
    }
}

/// `remediation-timing-not-shared`: who of the team did not confirm they
/// know how remediation is done, by name.
fn not_shared(plan: &Plan, workload: &Workload) -> Option<String> {
    let missing = unconfirmed_parties(plan, workload);
    if missing.is_empty() {
        return None;
    }
    let names: Vec<&str> = missing.iter().map(|p| p.name.as_str()).collect();
    Some(format!(
        "{} did not confirm they know how remediation is done ({})",
        names.join(", "),
        workload.remediation_timing.label()
    ))
}

/// Whether a party has an R or an A in one of the workload's activities:
/// only then do the workload's problems name it.
pub(super) fn holds_letters(workload: &Workload, party: &str) -> bool {
    workload.activities.iter().any(|a| {
        matches!(
            a.raci.get(party),
            Some(Raci::Responsible | Raci::Accountable)
        )
    })
}

/// The workload's problems that name parties by their names, as listed:
/// the team check, and separation of duties in single-step promotion. A
/// party renamed changes these and nothing else the derive finds.
pub(super) fn naming_parties(plan: &Plan, workload: &Workload) -> Vec<super::Problem> {
    let mut findings = Findings::default();
    let mut blockers = Vec::new();
    if let Some(message) = not_shared(plan, workload) {
        findings.of_workload(
            &workload.name,
            &mut blockers,
            RuleId::RemediationTimingNotShared,
            Subject::Workload(workload.id.clone()),
            message,
        );
    }
    if let Some(message) = super::promotion::shared_duties(plan, workload) {
        findings.of_promotion(
            &workload.name,
            &mut blockers,
            RuleId::SeparationOfDuties,
            Subject::Activity(workload.id.clone(), ActivityKind::Promotion),
            message,
        );
    }
    findings.problems
}

/// The parties with an R or an A in a workload that have not confirmed
/// they know how its remediation is done (CAF: everyone in the team must
/// be able to answer). Nothing to confirm while the timing is undecided.
pub fn unconfirmed_parties<'a>(plan: &'a Plan, w: &Workload) -> Vec<&'a Party> {
    if w.remediation_timing == RemediationTiming::Undecided {
        return Vec::new();
    }
    remediation_team(plan, w)
        .into_iter()
        .filter(|p| !w.remediation_timing_confirmed_by.contains(&p.id))
        .collect()
}

/// The workload's team, who must know how its remediation is done: the
/// parties with an R or an A in any of its activities, in plan order.
pub fn remediation_team<'a>(plan: &'a Plan, w: &Workload) -> Vec<&'a Party> {
    plan.parties
        .iter()
        .filter(|p| {
            w.activities.iter().any(|a| {
                matches!(
                    a.raci.get(&p.id),
                    Some(Raci::Responsible | Raci::Accountable)
                )
            })
        })
        .collect()
}
