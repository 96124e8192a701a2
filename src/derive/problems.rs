//! The problems list: errors are inconsistent data, warnings an incomplete
//! plan, infos things worth a look.

use std::collections::HashMap;

use super::{Problem, Severity, Subject, raci_rule_broken};
use crate::model::{
    ActivityKind, Plan, PromotionModel, Raci, RemediationStatus, RemediationTiming,
    ReplicationStatus, Staging, Strategy,
};

/// Every problem of the plan, errors first.
pub fn problems(plan: &Plan, index: &HashMap<&str, usize>) -> Vec<Problem> {
    let mut out = Vec::new();
    duplicate_ids(plan, &mut out);
    dangling_references(plan, index, &mut out);
    dependency_cycles(plan, index, &mut out);
    workloads(plan, &mut out);
    assets(plan, index, &mut out);
    // Wave order rules live with the waves, which also show them per wave.
    out.extend(crate::waves::problems(plan, index));
    out.sort_by_key(|p| p.severity);
    out
}

fn push(
    out: &mut Vec<Problem>,
    severity: Severity,
    code: &'static str,
    message: String,
    subject: Subject,
) {
    out.push(Problem {
        severity,
        code,
        message,
        subject,
    });
}

fn duplicate_ids(plan: &Plan, out: &mut Vec<Problem>) {
    // Every id with what uses it; names are only spelled out for the
    // (rare) duplicates, so a large plan costs no allocation per item.
    let items = plan
        .parties
        .iter()
        .map(|p| (p.id.as_str(), 0, p.name.as_str()))
        .chain(
            plan.workloads
                .iter()
                .map(|w| (w.id.as_str(), 1, w.name.as_str())),
        )
        .chain(
            plan.assets
                .iter()
                .map(|a| (a.id.as_str(), 2, a.name.as_str())),
        )
        .chain(plan.log.iter().map(|l| (l.id.as_str(), 3, l.text.as_str())));
    let mut seen: HashMap<&str, Vec<(u8, &str)>> = HashMap::with_capacity(plan.assets.len() + 64);
    for (id, kind, name) in items {
        seen.entry(id).or_default().push((kind, name));
    }
    let describe = |kind: u8, name: &str, id: &str| match kind {
        0 => (format!("party {name}"), Subject::Party(id.to_owned())),
        1 => (format!("workload {name}"), Subject::Workload(id.to_owned())),
        2 => (format!("asset {name}"), Subject::Asset(id.to_owned())),
        _ => (format!("log entry {name}"), Subject::Log(id.to_owned())),
    };
    let seen: HashMap<&str, Vec<(String, Subject)>> = seen
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(id, v)| (id, v.into_iter().map(|(k, n)| describe(k, n, id)).collect()))
        .collect();
    let mut dups: Vec<_> = seen.into_iter().filter(|(_, v)| v.len() > 1).collect();
    dups.sort_by(|a, b| a.0.cmp(b.0));
    for (id, users) in dups {
        let names: Vec<&str> = users.iter().map(|(n, _)| n.as_str()).collect();
        let subject = users[0].1.clone();
        let id_text = if id.is_empty() {
            "an empty id".to_owned()
        } else {
            format!("id {id}")
        };
        push(
            out,
            Severity::Error,
            "duplicate-id",
            format!(
                "{id_text} is used {} times: {}",
                users.len(),
                names.join(", ")
            ),
            subject,
        );
    }
}

fn dangling_references(plan: &Plan, index: &HashMap<&str, usize>, out: &mut Vec<Problem>) {
    let parties: std::collections::HashSet<&str> =
        plan.parties.iter().map(|p| p.id.as_str()).collect();
    let workloads: std::collections::HashSet<&str> =
        plan.workloads.iter().map(|w| w.id.as_str()).collect();
    let party = |id: &str| parties.contains(id);
    let mut dangling = |what: String, subject: Subject| {
        push(out, Severity::Error, "dangling-reference", what, subject);
    };
    for w in &plan.workloads {
        for (field, owner) in [
            ("business owner", &w.business_owner),
            ("technical owner", &w.technical_owner),
        ] {
            if let Some(id) = owner.as_deref().filter(|id| !party(id)) {
                dangling(
                    format!(
                        "Workload {}: {field} {id} is not a party of this plan",
                        w.name
                    ),
                    Subject::Workload(w.id.clone()),
                );
            }
        }
        for activity in &w.activities {
            for id in activity.raci.keys().filter(|id| !party(id)) {
                dangling(
                    format!(
                        "Workload {}, {}: {id} is not a party of this plan",
                        w.name,
                        activity.kind.label()
                    ),
                    Subject::Activity(w.id.clone(), activity.kind),
                );
            }
        }
    }
    for a in &plan.assets {
        if let Some(id) = a.workload.as_deref().filter(|id| !workloads.contains(id)) {
            dangling(
                format!(
                    "Asset {}: workload {id} is not a workload of this plan",
                    a.name
                ),
                Subject::Asset(a.id.clone()),
            );
        }
        for dep in a
            .depends_on
            .iter()
            .filter(|d| !index.contains_key(d.as_str()))
        {
            dangling(
                format!(
                    "Asset {} depends on {dep}, which is not an asset of this plan",
                    a.name
                ),
                Subject::Asset(a.id.clone()),
            );
        }
        for (kind, id) in a.owners.iter().filter(|(_, id)| !party(id)) {
            dangling(
                format!(
                    "Asset {}: {} owner {id} is not a party of this plan",
                    a.name,
                    kind.label()
                ),
                Subject::Asset(a.id.clone()),
            );
        }
    }
    for l in &plan.log {
        if let Some(id) = l.owner.as_deref().filter(|id| !party(id)) {
            dangling(
                format!(
                    "Log entry \"{}\": owner {id} is not a party of this plan",
                    l.text
                ),
                Subject::Log(l.id.clone()),
            );
        }
    }
}

/// Finds every dependency cycle (strongly connected component with more than
/// one asset, or an asset that depends on itself), iteratively so a long
/// chain cannot overflow the stack.
fn dependency_cycles(plan: &Plan, index: &HashMap<&str, usize>, out: &mut Vec<Problem>) {
    let n = plan.assets.len();
    let edges: Vec<Vec<usize>> = plan
        .assets
        .iter()
        .map(|a| {
            a.depends_on
                .iter()
                .filter_map(|d| index.get(d.as_str()).copied())
                .collect()
        })
        .collect();
    // Tarjan's algorithm with an explicit call stack.
    const UNSEEN: usize = usize::MAX;
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        order[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = calls.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if order[w] == UNSEEN {
                    order[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                let self_loop = component.len() == 1 && edges[v].contains(&v);
                if component.len() > 1 || self_loop {
                    component.sort_unstable();
                    let names: Vec<&str> = component
                        .iter()
                        .map(|&i| plan.assets[i].name.as_str())
                        .collect();
                    let message = if self_loop {
                        format!("{} depends on itself", names[0])
                    } else {
                        format!("Dependency cycle between {}", names.join(", "))
                    };
                    push(
                        out,
                        Severity::Error,
                        "dependency-cycle",
                        message,
                        Subject::Asset(plan.assets[component[0]].id.clone()),
                    );
                }
            }
        }
    }
}

/// The parties with an R or an A in a workload that have not confirmed
/// they know how its remediation is done (CAF: everyone in the team must
/// be able to answer). Nothing to confirm while the timing is undecided.
pub fn unconfirmed_parties<'a>(
    plan: &'a Plan,
    w: &crate::model::Workload,
) -> Vec<&'a crate::model::Party> {
    if w.remediation_timing == RemediationTiming::Undecided {
        return Vec::new();
    }
    plan.parties
        .iter()
        .filter(|p| {
            w.activities.iter().any(|a| {
                matches!(
                    a.raci.get(&p.id),
                    Some(Raci::Responsible | Raci::Accountable)
                )
            }) && !w.remediation_timing_confirmed_by.contains(&p.id)
        })
        .collect()
}

fn team_check(plan: &Plan, w: &crate::model::Workload, out: &mut Vec<Problem>) {
    let missing = unconfirmed_parties(plan, w);
    if missing.is_empty() {
        return;
    }
    let names: Vec<&str> = missing.iter().map(|p| p.name.as_str()).collect();
    push(
        out,
        Severity::Warning,
        "remediation-timing-not-shared",
        format!(
            "{}: {} did not confirm they know how remediation is done ({})",
            w.name,
            names.join(", "),
            w.remediation_timing.label()
        ),
        Subject::Workload(w.id.clone()),
    );
}

fn workloads(plan: &Plan, out: &mut Vec<Problem>) {
    let used: std::collections::HashSet<&str> = plan
        .assets
        .iter()
        .filter_map(|a| a.workload.as_deref())
        .collect();
    for w in &plan.workloads {
        team_check(plan, w, out);
        for kind in ActivityKind::ALL {
            let count = w.activities.iter().filter(|a| a.kind == kind).count();
            if count > 1 {
                push(
                    out,
                    Severity::Error,
                    "duplicate-activity",
                    format!("Workload {} lists {} {count} times", w.name, kind.label()),
                    Subject::Activity(w.id.clone(), kind),
                );
            }
            let (accountable, responsible) = w.activity(kind).map_or((0, 0), |a| {
                (a.count(Raci::Accountable), a.count(Raci::Responsible))
            });
            let subject = || Subject::Activity(w.id.clone(), kind);
            let what = format!("{}, {}", w.name, kind.label());
            if accountable > 1 {
                let reason = raci_rule_broken(accountable, responsible).unwrap_or_default();
                push(
                    out,
                    Severity::Error,
                    "multiple-accountable",
                    format!("{what}: {reason}"),
                    subject(),
                );
            }
            if accountable == 0 {
                push(
                    out,
                    Severity::Warning,
                    "no-accountable",
                    format!("{what}: no one is Accountable"),
                    subject(),
                );
            }
            if responsible == 0 {
                push(
                    out,
                    Severity::Warning,
                    "no-responsible",
                    format!("{what}: no one is Responsible"),
                    subject(),
                );
            }
        }
        if w.promotion_model == PromotionModel::Undecided {
            push(
                out,
                Severity::Warning,
                "promotion-model-undecided",
                format!("{}: promotion model is not decided", w.name),
                Subject::Workload(w.id.clone()),
            );
        }
        if w.remediation_timing == RemediationTiming::Undecided {
            push(
                out,
                Severity::Warning,
                "remediation-timing-undecided",
                format!("{}: remediation timing is not decided", w.name),
                Subject::Workload(w.id.clone()),
            );
        }
        if !used.contains(w.id.as_str()) {
            push(
                out,
                Severity::Info,
                "workload-without-assets",
                format!("{} has no assets yet", w.name),
                Subject::Workload(w.id.clone()),
            );
        }
    }
}

fn assets(plan: &Plan, index: &HashMap<&str, usize>, out: &mut Vec<Problem>) {
    let workload_names: HashMap<&str, &str> = plan
        .workloads
        .iter()
        .map(|w| (w.id.as_str(), w.name.as_str()))
        .collect();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, a) in plan.assets.iter().enumerate() {
        let subject = || Subject::Asset(a.id.clone());
        if a.staging == Staging::Staged && a.replication.status != ReplicationStatus::Verified {
            push(
                out,
                Severity::Error,
                "staged-before-verified",
                format!(
                    "{} is staged but its replication is {}, not Verified",
                    a.name,
                    a.replication.status.label()
                ),
                subject(),
            );
        }
        let open_issues = a.remediation.issues.iter().filter(|i| !i.resolved).count();
        match a.remediation.status {
            RemediationStatus::Required | RemediationStatus::InProgress
                if a.remediation.issues.is_empty() =>
            {
                push(
                    out,
                    Severity::Warning,
                    "remediation-without-issues",
                    format!(
                        "{} needs remediation but lists no compatibility issue",
                        a.name
                    ),
                    subject(),
                );
            }
            RemediationStatus::Done if open_issues > 0 => push(
                out,
                Severity::Warning,
                "remediation-done-with-open-issues",
                format!(
                    "{}: remediation is Done but {open_issues} issue(s) are not resolved",
                    a.name
                ),
                subject(),
            ),
            _ => {}
        }
        for dep in &a.depends_on {
            let Some(&j) = index.get(dep.as_str()) else {
                continue;
            };
            let other = &plan.assets[j];
            if other.strategy == Strategy::Retain && !super::out_of_scope(a) {
                push(
                    out,
                    Severity::Info,
                    "depends-on-retained",
                    format!(
                        "{} depends on {}, which stays on premises (Retain): plan the hybrid connectivity",
                        a.name, other.name
                    ),
                    subject(),
                );
            }
            if a.workload.is_some() && other.workload != a.workload && j != i {
                let place = match &other.workload {
                    None => "the inventory (no workload)".to_owned(),
                    Some(w) => format!(
                        "workload {}",
                        workload_names.get(w.as_str()).copied().unwrap_or(w)
                    ),
                };
                push(
                    out,
                    Severity::Warning,
                    "dependency-outside-workload",
                    format!("{} depends on {}, which is in {place}", a.name, other.name),
                    subject(),
                );
            }
        }
        if a.name.trim().is_empty() {
            push(
                out,
                Severity::Warning,
                "empty-name",
                format!("Asset {} has no name", a.id),
                subject(),
            );
        } else if let Some(&first) = by_name.get(&a.name.to_lowercase()) {
            push(
                out,
                Severity::Warning,
                "duplicate-asset-name",
                format!(
                    "{} is the name of more than one asset; imports match assets by name",
                    a.name
                ),
                Subject::Asset(plan.assets[first].id.clone()),
            );
        } else {
            by_name.insert(a.name.to_lowercase(), i);
        }
    }
}
