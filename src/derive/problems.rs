//! The rules of the plan at large and of each asset on its own: ids,
//! references, dependency cycles, and what each asset says about itself
//! (staged before verified, remediation, names, dependencies). Each finding
//! goes through the rule table; what an asset would block in the workloads
//! that need it is recorded once here, for them to read.

use std::collections::{HashMap, HashSet};

use super::components::{is_cycle, strongly_connected};
use super::rules::{Findings, RuleId};
use super::{Subject, out_of_scope};
use crate::model::{Asset, Plan, RemediationStatus, Strategy};

/// What an asset blocks in every workload that needs it: found once per
/// asset, read by each workload whose assets or dependencies include it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Blocking {
    /// Staged while its replication is not Verified.
    pub staged_before_verified: bool,
    /// Depends on an id that is no asset of the plan.
    pub dependency_missing: bool,
    /// In scope and depends on an asset marked Retire.
    pub depends_on_retiring: bool,
}

/// How a dependency on an id that is not in the plan reads, as a problem
/// and as a blocker.
pub(super) fn missing_dependency(asset: &Asset, dep: &str) -> String {
    format!("{} depends on {dep}, which is not in the plan", asset.name)
}

/// "Asset web\u{0}01 has control characters in its name (U+0000)": the
/// name shown with its control characters escaped, and which they are.
fn control_characters_in(what: &str, name: &str) -> String {
    let (_, found) = crate::model::without_control_characters(name);
    let shown: String = name
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    format!(
        "{what} {shown} has control characters in its name ({}): retype it",
        found.unwrap_or_default()
    )
}

/// Control characters in the names of the plan, its parties, workloads
/// and waves (assets' names are looked at with each asset).
pub(super) fn control_characters(plan: &Plan, out: &mut Findings) {
    let bad = |name: &str| name.chars().any(char::is_control);
    if bad(&plan.name) {
        out.list(RuleId::ControlCharacterInName, Subject::Plan, || {
            control_characters_in("The plan", &plan.name)
        });
    }
    for p in plan.parties.iter().filter(|p| bad(&p.name)) {
        out.list(
            RuleId::ControlCharacterInName,
            Subject::Party(p.id.clone()),
            || control_characters_in("Party", &p.name),
        );
    }
    for w in plan.workloads.iter().filter(|w| bad(&w.name)) {
        out.list(
            RuleId::ControlCharacterInName,
            Subject::Workload(w.id.clone()),
            || control_characters_in("Workload", &w.name),
        );
    }
    for (i, w) in plan.waves.iter().enumerate().filter(|(_, w)| bad(&w.name)) {
        out.list(RuleId::ControlCharacterInName, Subject::Wave(i), || {
            control_characters_in("Wave", &w.name)
        });
    }
}

/// The duplicate-id problems; returns the ids more than one item
/// carries (a change to an item with one of them derives everything
/// again, as their problems name every item that has them).
pub(super) fn duplicate_ids(plan: &Plan, out: &mut Findings) -> HashSet<String, super::Hasher> {
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
    // The first user of each id; the users of ids used more than once, in
    // order of the id.
    let mut first: HashMap<&str, (u8, &str), super::Hasher> =
        HashMap::with_capacity_and_hasher(plan.assets.len() + 64, super::Hasher::default());
    let mut repeated: std::collections::BTreeMap<&str, Vec<(u8, &str)>> = Default::default();
    for (id, kind, name) in items {
        match first.entry(id) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert((kind, name));
            }
            std::collections::hash_map::Entry::Occupied(e) => repeated
                .entry(id)
                .or_insert_with(|| vec![*e.get()])
                .push((kind, name)),
        }
    }
    let describe = |kind: u8, name: &str, id: &str| match kind {
        0 => (format!("party {name}"), Subject::Party(id.to_owned())),
        1 => (format!("workload {name}"), Subject::Workload(id.to_owned())),
        2 => (format!("asset {name}"), Subject::Asset(id.to_owned())),
        _ => (format!("log entry {name}"), Subject::Log(id.to_owned())),
    };
    let repeated_ids = repeated.keys().map(|&id| id.to_owned()).collect();
    let dups: Vec<(&str, Vec<(String, Subject)>)> = repeated
        .into_iter()
        .map(|(id, v)| (id, v.into_iter().map(|(k, n)| describe(k, n, id)).collect()))
        .collect();
    for (id, users) in dups {
        let names: Vec<&str> = users.iter().map(|(n, _)| n.as_str()).collect();
        let subject = users[0].1.clone();
        let id_text = if id.is_empty() {
            "an empty id".to_owned()
        } else {
            format!("id {id}")
        };
        out.list(RuleId::DuplicateId, subject, || {
            format!(
                "{id_text} is used {} times: {}",
                users.len(),
                names.join(", ")
            )
        });
    }
    repeated_ids
}

/// How the question a merge asks about a conflict begins.
pub const MERGE_CONFLICT_QUESTION: &str = "Merge conflict on ";
/// How the question a merge asks about a problem it made begins.
pub const MERGE_PROBLEM_QUESTION: &str = "After the merge: ";

/// Whether a log entry is a question a merge left open (two people
/// changed the same thing, or the merge made a problem neither copy
/// had): one of the plan's gaps until the room answers it.
pub fn is_open_merge_question(entry: &crate::model::LogEntry) -> bool {
    use crate::model::{LogKind, LogStatus};
    entry.kind == LogKind::Question
        && entry.status == LogStatus::Open
        && (entry.text.starts_with(MERGE_CONFLICT_QUESTION)
            || entry.text.starts_with(MERGE_PROBLEM_QUESTION))
}

/// Log entries whose owner is not a party of the plan, or whose date or
/// due date is no calendar date (an empty date is no date given, not a
/// wrong one); questions a merge left open.
pub(super) fn log(plan: &Plan, parties: &HashSet<&str, super::Hasher>, out: &mut Findings) {
    for l in &plan.log {
        if is_open_merge_question(l) {
            out.list(
                RuleId::MergeQuestionOpen,
                Subject::Log(l.id.clone()),
                || format!("Open merge question: {}", l.text),
            );
        }
        let dates = [
            ("date", Some(l.date.as_str())),
            ("due date", l.due.as_deref()),
        ];
        for (which, date) in dates {
            let Some(date) = date.map(str::trim).filter(|d| !d.is_empty()) else {
                continue;
            };
            let Some(why) = crate::model::date_error(which, date) else {
                continue;
            };
            out.list(RuleId::LogDateInvalid, Subject::Log(l.id.clone()), || {
                format!("Log entry \"{}\": {why}", l.text)
            });
        }
        if let Some(id) = l.owner.as_deref().filter(|id| !parties.contains(id)) {
            out.list(
                RuleId::DanglingReference,
                Subject::Log(l.id.clone()),
                || {
                    format!(
                        "Log entry \"{}\": owner {id} is not a party of this plan",
                        l.text
                    )
                },
            );
        }
    }
}

/// The positions of what an asset depends on, in its order (dependencies
/// not in the plan left out, and given to `missing`).
pub(super) fn dependencies<'a>(
    index: &super::Positions,
    asset: &'a Asset,
    mut missing: impl FnMut(&'a str),
) -> Vec<u32> {
    asset
        .depends_on
        .iter()
        .filter_map(|d| match index.get(d.as_str()) {
            Some(&j) => Some(j as u32),
            None => {
                missing(d);
                None
            }
        })
        .collect()
}

/// Finds every dependency cycle (strongly connected component with more than
/// one asset, or an asset that depends on itself) of a plan whose assets
/// depend on `edges` (by position, as [`dependencies`] gives them),
/// iteratively so a long chain cannot overflow the stack. Returns the
/// assets in a cycle, in ascending order.
pub(super) fn cycles_of(plan: &Plan, edges: &[Vec<u32>], out: &mut Findings) -> Vec<u32> {
    let mut in_cycle = Vec::new();
    for component in strongly_connected(edges).iter() {
        if !is_cycle(edges, component) {
            continue;
        }
        let mut component = component.to_vec();
        component.sort_unstable();
        in_cycle.extend(component.iter().map(|&i| i as u32));
        let self_loop = component.len() == 1;
        let names: Vec<&str> = component
            .iter()
            .map(|&i| plan.assets[i].name.as_str())
            .collect();
        out.list(
            RuleId::DependencyCycle,
            Subject::Asset(plan.assets[component[0]].id.clone()),
            || {
                if self_loop {
                    format!("{} depends on itself", names[0])
                } else {
                    format!("Dependency cycle between {}", names.join(", "))
                }
            },
        );
    }
    in_cycle.sort_unstable();
    in_cycle
}

/// The rules of each asset on its own, and what each asset blocks in the
/// workloads that need it (in the order of `plan.assets`): one list of
/// problems per asset, and the earlier asset of the same name for each
/// asset that has one (an import matches by name).
pub(super) fn assets(
    plan: &Plan,
    index: &super::Positions,
    workload_names: &HashMap<&str, &str, super::Hasher>,
    parties: &HashSet<&str, super::Hasher>,
) -> AssetFindings {
    let n = plan.assets.len();
    let mut found = AssetFindings {
        blocking: Vec::with_capacity(n),
        problems: Vec::with_capacity(n),
        namesakes: HashMap::new(),
        name_keys: Vec::with_capacity(n),
    };
    let facts = AssetFacts {
        plan,
        index,
        workload_names,
        parties,
    };
    // Names in lower case, borrowed when they are already.
    let mut by_name: HashMap<std::borrow::Cow<str>, usize, super::Hasher> =
        HashMap::with_capacity_and_hasher(n, super::Hasher::default());
    for (i, a) in plan.assets.iter().enumerate() {
        let mut namesake = None;
        if a.name.trim().is_empty() {
            found.name_keys.push(BLANK_NAME);
        } else {
            let key = if a
                .name
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                std::borrow::Cow::Borrowed(a.name.as_str())
            } else {
                std::borrow::Cow::Owned(a.name.to_lowercase())
            };
            found.name_keys.push(name_key(&key));
            match by_name.get(&key) {
                Some(&first) => {
                    namesake = Some(first);
                    found.namesakes.insert(i, first);
                }
                None => {
                    by_name.insert(key, i);
                }
            }
        }
        let mut out = Findings::default();
        found.blocking.push(asset(&facts, i, namesake, &mut out));
        found.problems.push(out.problems);
    }
    found
}

/// What [`assets`] finds, per asset.
pub(super) struct AssetFindings {
    pub blocking: Vec<Blocking>,
    pub problems: Vec<Vec<super::Problem>>,
    /// Asset → the first earlier asset with the same name (ignoring case).
    pub namesakes: HashMap<usize, usize>,
    /// Each asset's [`name_key`].
    pub name_keys: Vec<u64>,
}

/// What [`name_key`] says of a blank name.
pub(super) const BLANK_NAME: u64 = 0;

/// A hash of a name in lower case (`lower`), the same in every process:
/// assets whose names differ have different keys but for a rare
/// collision, so a look for an asset's namesakes reads these and the few
/// names whose key matches.
pub(super) fn name_key(lower: &str) -> u64 {
    use std::hash::BuildHasher;
    match foldhash::fast::FixedState::with_seed(0x6e61_6d65).hash_one(lower) {
        // Never the blank name's.
        BLANK_NAME => 1,
        key => key,
    }
}

/// The [`name_key`] of an asset's name.
pub(super) fn name_key_of(name: &str) -> u64 {
    if name.trim().is_empty() {
        BLANK_NAME
    } else if name
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        name_key(name)
    } else {
        name_key(&name.to_lowercase())
    }
}

/// What the rules of one asset read besides the asset.
pub(super) struct AssetFacts<'a> {
    pub plan: &'a Plan,
    pub index: &'a super::Positions,
    pub workload_names: &'a HashMap<&'a str, &'a str, super::Hasher>,
    pub parties: &'a HashSet<&'a str, super::Hasher>,
}

/// The rules of asset `i` on its own; `namesake` is the first earlier
/// asset with its name, if any. Returns what it blocks.
pub(super) fn asset(
    facts: &AssetFacts<'_>,
    i: usize,
    namesake: Option<usize>,
    out: &mut Findings,
) -> Blocking {
    let AssetFacts {
        plan,
        index,
        workload_names,
        parties,
    } = *facts;
    let mut blocking = Blocking::default();
    let a = &plan.assets[i];
    let subject = || Subject::Asset(a.id.clone());
    if let Some(id) = a
        .workload
        .as_deref()
        .filter(|id| !workload_names.contains_key(id))
    {
        out.list(RuleId::DanglingReference, subject(), || {
            format!(
                "Asset {}: workload {id} is not a workload of this plan",
                a.name
            )
        });
    }
    for (kind, id) in a
        .owners
        .iter()
        .filter(|(_, id)| !parties.contains(id.as_str()))
    {
        out.list(RuleId::DanglingReference, subject(), || {
            format!(
                "Asset {}: {} owner {id} is not a party of this plan",
                a.name,
                kind.label()
            )
        });
    }
    if super::staged_before_verified(a) {
        blocking.staged_before_verified = true;
        out.list(RuleId::StagedBeforeVerified, subject(), || {
            format!(
                "{} is staged but its replication is {}, not Verified",
                a.name,
                a.replication.status.label()
            )
        });
    }
    let open_issues = a.remediation.issues.iter().filter(|i| !i.resolved).count();
    match a.remediation.status {
        RemediationStatus::Required | RemediationStatus::InProgress
            if a.remediation.issues.is_empty() =>
        {
            out.list(RuleId::RemediationWithoutIssues, subject(), || {
                format!(
                    "{} needs remediation but lists no compatibility issue",
                    a.name
                )
            });
        }
        RemediationStatus::Done if open_issues > 0 => {
            out.list(RuleId::RemediationDoneWithOpenIssues, subject(), || {
                format!(
                    "{}: remediation is Done but {} not resolved",
                    a.name,
                    if open_issues == 1 {
                        "1 issue is".to_owned()
                    } else {
                        format!("{open_issues} issues are")
                    }
                )
            });
        }
        _ => {}
    }
    let in_scope = !out_of_scope(a);
    for dep in &a.depends_on {
        let Some(&j) = index.get(dep.as_str()) else {
            blocking.dependency_missing = true;
            out.list(RuleId::DependencyMissing, subject(), || {
                missing_dependency(a, dep)
            });
            continue;
        };
        let other = &plan.assets[j];
        if in_scope && other.strategy == Strategy::Retire {
            blocking.depends_on_retiring = true;
            out.list(RuleId::DependsOnRetiring, subject(), || {
                format!(
                    "{} depends on {}, which is marked Retire",
                    a.name, other.name
                )
            });
        }
        if in_scope && other.strategy == Strategy::Retain {
            out.list(RuleId::DependsOnRetained, subject(), || {
                format!(
                    "{} depends on {}, which stays on premises (Retain): plan the hybrid connectivity",
                    a.name, other.name
                )
            });
        }
        if a.workload.is_some() && other.workload != a.workload && j != i {
            out.list(RuleId::DependencyOutsideWorkload, subject(), || {
                let place = match &other.workload {
                    None => "the inventory (no workload)".to_owned(),
                    Some(w) => format!(
                        "workload {}",
                        workload_names.get(w.as_str()).copied().unwrap_or(w)
                    ),
                };
                format!("{} depends on {}, which is in {place}", a.name, other.name)
            });
        }
    }
    if a.name.chars().any(char::is_control) {
        out.list(RuleId::ControlCharacterInName, subject(), || {
            control_characters_in("Asset", &a.name)
        });
    }
    if a.name.trim().is_empty() {
        out.list(RuleId::EmptyName, subject(), || {
            format!("Asset {} has no name", a.id)
        });
        return blocking;
    }
    if let Some(first) = namesake {
        out.list(
            RuleId::DuplicateAssetName,
            Subject::Asset(plan.assets[first].id.clone()),
            || {
                format!(
                    "{} is the name of more than one asset; imports match assets by name",
                    a.name
                )
            },
        );
    }
    blocking
}
