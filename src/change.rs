//! Typed changes: what a user asks for ("set the workload of these 37
//! assets to ERP"), turned by one function into the [`Edit`] that does it
//! and the label its undo step shows. Views send these instead of building
//! whole entities, so a rule of the domain ("an open issue makes
//! remediation Required") lives here once, and a bulk change is one step.

use std::collections::HashMap;

use crate::edit::{Edit, Item};
use crate::model::{
    ActivityKind, Assessment, Asset, AssetKind, Issue, Plan, RemediationStatus, ReplicationStatus,
    ReplicationTool, Staging, Strategy, Workload,
};

/// One change to an asset's fields.
#[derive(Clone, Debug, PartialEq)]
pub enum AssetChange {
    /// The workload (`None`: back to the inventory).
    Workload(Option<String>),
    Kind(AssetKind),
    Strategy(Strategy),
    Assessment(Assessment),
    RemediationStatus(RemediationStatus),
    ReplicationStatus(ReplicationStatus),
    ReplicationTool(ReplicationTool),
    Staging(Staging),
    /// The owner of one activity for this asset (`None`: the activity's
    /// Responsible).
    Owner(ActivityKind, Option<String>),
    Name(String),
    Notes(String),
    AddIssue(String),
    IssueText(usize, String),
    IssueResolved(usize, bool),
    RemoveIssue(usize),
    AddDependency(String),
    RemoveDependency(String),
    /// Sets a source fact (adds it when missing).
    Fact(String, String),
    RemoveFact(String),
}

impl AssetChange {
    /// Applies the change to one asset; `false` when it changed nothing.
    pub fn apply_to(&self, asset: &mut Asset) -> bool {
        let before = asset.clone();
        match self {
            AssetChange::Workload(w) => asset.workload.clone_from(w),
            AssetChange::Kind(k) => asset.kind = *k,
            AssetChange::Strategy(s) => asset.strategy = *s,
            AssetChange::Assessment(a) => asset.assessment = *a,
            AssetChange::RemediationStatus(s) => asset.remediation.status = *s,
            AssetChange::ReplicationStatus(s) => asset.replication.status = *s,
            AssetChange::ReplicationTool(t) => asset.replication.tool = *t,
            AssetChange::Staging(s) => asset.staging = *s,
            AssetChange::Owner(kind, party) => match party {
                Some(p) => {
                    asset.owners.insert(*kind, p.clone());
                }
                None => {
                    asset.owners.remove(kind);
                }
            },
            AssetChange::Name(n) => asset.name.clone_from(n),
            AssetChange::Notes(n) => asset.notes.clone_from(n),
            AssetChange::AddIssue(text) => {
                asset.remediation.issues.push(Issue {
                    text: text.clone(),
                    resolved: false,
                });
                // An open compatibility issue means remediation is needed.
                if asset.remediation.status == RemediationStatus::NotRequired {
                    asset.remediation.status = RemediationStatus::Required;
                }
            }
            AssetChange::IssueText(i, text) => {
                if let Some(issue) = asset.remediation.issues.get_mut(*i) {
                    issue.text.clone_from(text);
                }
            }
            AssetChange::IssueResolved(i, resolved) => {
                if let Some(issue) = asset.remediation.issues.get_mut(*i) {
                    issue.resolved = *resolved;
                }
            }
            AssetChange::RemoveIssue(i) => {
                if *i < asset.remediation.issues.len() {
                    asset.remediation.issues.remove(*i);
                }
            }
            AssetChange::AddDependency(id) => {
                if *id != asset.id && !asset.depends_on.contains(id) {
                    asset.depends_on.push(id.clone());
                }
            }
            AssetChange::RemoveDependency(id) => asset.depends_on.retain(|d| d != id),
            AssetChange::Fact(key, value) => {
                asset.source.insert(key.clone(), value.clone());
            }
            AssetChange::RemoveFact(key) => {
                asset.source.remove(key);
            }
        }
        *asset != before
    }

    /// What the change sets, as in "Set workload of 37 assets to ERP":
    /// the field and the value, in words.
    fn words(&self, plan: &Plan) -> (String, String) {
        let party = |p: &Option<String>| {
            p.as_deref()
                .map_or("the activity's Responsible".to_owned(), |id| {
                    plan.party_name(id).to_owned()
                })
        };
        match self {
            AssetChange::Workload(w) => (
                "workload".into(),
                w.as_deref().map_or("the inventory".to_owned(), |id| {
                    plan.workload_name(id).to_owned()
                }),
            ),
            AssetChange::Kind(k) => ("kind".into(), k.label().into()),
            AssetChange::Strategy(s) => ("strategy".into(), s.label().into()),
            AssetChange::Assessment(a) => ("assessment".into(), a.label().into()),
            AssetChange::RemediationStatus(s) => ("remediation".into(), s.label().into()),
            AssetChange::ReplicationStatus(s) => ("replication".into(), s.label().into()),
            AssetChange::ReplicationTool(t) => ("replication tool".into(), t.label().into()),
            AssetChange::Staging(s) => ("staging".into(), s.label().into()),
            AssetChange::Owner(kind, p) => {
                (format!("{} owner", kind.label().to_lowercase()), party(p))
            }
            AssetChange::Name(n) => ("name".into(), n.clone()),
            AssetChange::Notes(_) => ("notes".into(), String::new()),
            AssetChange::AddIssue(_)
            | AssetChange::IssueText(..)
            | AssetChange::IssueResolved(..)
            | AssetChange::RemoveIssue(_) => ("compatibility issues".into(), String::new()),
            AssetChange::AddDependency(_) | AssetChange::RemoveDependency(_) => {
                ("dependencies".into(), String::new())
            }
            AssetChange::Fact(k, v) => (k.clone(), v.clone()),
            AssetChange::RemoveFact(k) => (k.clone(), String::new()),
        }
    }

    /// The undo label for this change to `count` assets, the first being
    /// `first` (its name is used when it is the only one).
    pub fn label(&self, plan: &Plan, first: &str, count: usize) -> String {
        let (field, value) = self.words(plan);
        let whom = if count == 1 {
            first.to_owned()
        } else {
            format!("{count} assets")
        };
        match self {
            AssetChange::Notes(_) => format!("Edit the notes of {whom}"),
            AssetChange::AddIssue(_) => format!("Add an issue to {whom}"),
            AssetChange::IssueText(..) => format!("Edit an issue of {whom}"),
            AssetChange::IssueResolved(_, true) => format!("Mark an issue of {whom} resolved"),
            AssetChange::IssueResolved(_, false) => format!("Mark an issue of {whom} open"),
            AssetChange::RemoveIssue(_) => format!("Remove an issue of {whom}"),
            AssetChange::AddDependency(id) => {
                format!("Make {whom} depend on {}", plan.asset_name(id))
            }
            AssetChange::RemoveDependency(id) => {
                format!("{whom}: no longer depends on {}", plan.asset_name(id))
            }
            AssetChange::Name(n) => format!("Rename {whom} to {n}"),
            AssetChange::RemoveFact(k) => format!("Remove {k} of {whom}"),
            _ => format!("Set {field} of {whom} to {value}"),
        }
    }
}

/// The edit that applies `change` to the assets with these ids, and its
/// undo label; `None` when it would change nothing. Linear in the size of
/// the plan, whatever the number of ids (one bulk change = one step).
pub fn change_assets<'a>(
    plan: &Plan,
    ids: impl IntoIterator<Item = &'a str>,
    change: &AssetChange,
) -> Option<(Edit, String)> {
    let wanted: std::collections::HashSet<&str> = ids.into_iter().collect();
    let mut edits = Vec::new();
    let mut first = None;
    for asset in plan
        .assets
        .iter()
        .filter(|a| wanted.contains(a.id.as_str()))
    {
        let mut updated = asset.clone();
        if change.apply_to(&mut updated) {
            first.get_or_insert_with(|| asset.name.clone());
            edits.push(Edit::Put(Item::Asset(updated)));
        }
    }
    let first = first?;
    let label = change.label(plan, &first, edits.len());
    Some((Edit::Batch(edits), label))
}

/// The same change for assets given by their indices in `plan.assets`
/// (the table's selection).
pub fn change_assets_at(
    plan: &Plan,
    indices: &[usize],
    change: &AssetChange,
) -> Option<(Edit, String)> {
    change_assets(
        plan,
        indices
            .iter()
            .filter_map(|&i| plan.assets.get(i))
            .map(|a| a.id.as_str()),
        change,
    )
}

/// A new workload named `name` with these assets moved into it, as one
/// step. Returns the edit, its label and the new workload's id.
pub fn new_workload_with<'a>(
    plan: &Plan,
    name: &str,
    ids: impl IntoIterator<Item = &'a str>,
) -> (Edit, String, String) {
    let workload = Workload::new(name.trim());
    let id = workload.id.clone();
    let mut edits = vec![Edit::Put(Item::Workload(workload))];
    let wanted: std::collections::HashSet<&str> = ids.into_iter().collect();
    let mut moved = 0;
    for asset in plan
        .assets
        .iter()
        .filter(|a| wanted.contains(a.id.as_str()))
    {
        let mut updated = asset.clone();
        if AssetChange::Workload(Some(id.clone())).apply_to(&mut updated) {
            moved += 1;
            edits.push(Edit::Put(Item::Asset(updated)));
        }
    }
    let label = format!(
        "New workload {} with {moved} asset{}",
        name.trim(),
        if moved == 1 { "" } else { "s" }
    );
    (Edit::Batch(edits), label, id)
}

/// Index of assets by id, for callers that look many up.
pub fn positions(plan: &Plan) -> HashMap<&str, usize> {
    plan.assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;

    fn plan_of(n: usize) -> Plan {
        let mut plan = Plan::named("t");
        plan.workloads.push(Workload {
            id: "wl-erp".into(),
            name: "ERP".into(),
            ..Workload::default()
        });
        for i in 0..n {
            plan.assets.push(Asset {
                id: format!("as-{i}"),
                name: format!("vm-{i}"),
                ..Asset::default()
            });
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
}
