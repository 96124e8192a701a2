//! Changes to assets: one field of many assets at once (the table's
//! selection), a new asset, an asset removed with the dependencies on it.

use std::sync::Arc;

use super::{Refused, count_of};
use crate::edit::{Edit, Item};
use crate::model::{
    ActivityKind, Assessment, Asset, AssetKind, IdKind, Issue, Plan, RemediationStatus,
    ReplicationStatus, ReplicationTool, Staging, Strategy,
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
    /// Format 3: what keeps a database or data asset in sync from staging
    /// until promotion (`None`: nothing).
    DataSync(Option<ReplicationTool>),
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
            AssetChange::DataSync(t) => asset.data_sync = *t,
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
                asset.source.insert(key, value);
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
            AssetChange::DataSync(t) => (
                "data sync".into(),
                t.map_or("none", ReplicationTool::label).into(),
            ),
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
            count_of(count, "asset")
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
            AssetChange::DataSync(None) => format!("Clear the data sync of {whom}"),
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
    let wanted: Vec<&str> = ids.into_iter().collect();
    let places = plan.assets.iter().enumerate();
    // A few ids (the open form) are compared as they are; many through a
    // set, so a bulk change stays linear.
    let at: Vec<usize> = if wanted.len() <= 8 {
        places
            .filter(|(_, a)| wanted.contains(&a.id.as_str()))
            .map(|(i, _)| i)
            .collect()
    } else {
        let wanted: std::collections::HashSet<&str> = wanted.into_iter().collect();
        places
            .filter(|(_, a)| wanted.contains(a.id.as_str()))
            .map(|(i, _)| i)
            .collect()
    };
    change_assets_at(plan, &at, change)
}

/// The same change for assets given by their indices in `plan.assets`
/// (the table's selection, looked up by the caller): only those assets
/// are read, whatever the plan's size. Indices out of range are skipped;
/// the assets are changed in plan order.
pub fn change_assets_at(
    plan: &Plan,
    indices: &[usize],
    change: &AssetChange,
) -> Option<(Edit, String)> {
    let mut indices = indices.to_vec();
    indices.sort_unstable();
    indices.dedup();
    let mut edits = Vec::new();
    let mut first = None;
    for asset in indices.iter().filter_map(|&i| plan.assets.get(i)) {
        let mut updated = Asset::clone(asset);
        if change.apply_to(&mut updated) {
            first.get_or_insert_with(|| asset.name.clone());
            edits.push(Edit::Put(Item::Asset(updated.into())));
        }
    }
    let first = first?;
    let label = change.label(plan, &first, edits.len());
    Some((Edit::Batch(edits), label))
}

/// The change for one asset the caller holds (the open form): nothing else
/// in the plan is read.
pub fn change_asset(plan: &Plan, asset: &Asset, change: &AssetChange) -> Option<(Edit, String)> {
    let mut updated = asset.clone();
    if !change.apply_to(&mut updated) {
        return None;
    }
    let label = change.label(plan, &asset.name, 1);
    Some((
        Edit::Batch(vec![Edit::Put(Item::Asset(updated.into()))]),
        label,
    ))
}

/// A new virtual machine named after its place in the list, in the
/// inventory or in a workload; its id is `id`.
pub(super) fn new_asset(
    plan: &Plan,
    id: &str,
    workload: Option<&str>,
    known: Option<super::Known<'_>>,
) -> Result<(Edit, String), Refused> {
    let taken = match known {
        Some(known) => known.positions.contains_key(id),
        None => plan.assets.iter().any(|a| a.id == id),
    };
    if taken {
        return Err(Refused::Nothing);
    }
    let asset = Asset {
        id: id.to_owned(),
        workload: workload.map(str::to_owned),
        ..Asset::new(
            format!("asset-{}", plan.assets.len() + 1),
            AssetKind::VirtualMachine,
        )
    };
    let label = format!("Add asset {}", asset.name);
    Ok((Edit::Put(Item::Asset(asset.into())), label))
}

/// Removes an asset and the dependencies other assets have on it, as one
/// step.
pub(super) fn remove_asset(
    plan: &Plan,
    asset_id: &str,
    known: Option<super::Known<'_>>,
) -> Result<(Edit, String), Refused> {
    let at = known
        .and_then(|k| k.positions.get(asset_id).copied())
        .filter(|&i| plan.assets.get(i).is_some_and(|a| a.id == asset_id));
    let asset = match at {
        Some(i) => &plan.assets[i],
        None => plan
            .assets
            .iter()
            .find(|a| a.id == asset_id)
            .ok_or(Refused::Nothing)?,
    };
    let names_it = |a: &&Arc<Asset>| a.id != asset_id && a.depends_on.iter().any(|d| d == asset_id);
    // What depends on it: as the kept state says (each checked), or a
    // look at every asset.
    let dependents: Vec<&Arc<Asset>> = match (known, at) {
        (Some(known), Some(i)) => match known.kept.dependents_of(plan, i) {
            Some(places) => places
                .iter()
                .filter_map(|&d| plan.assets.get(d as usize))
                .filter(names_it)
                .collect(),
            None => plan.assets.iter().filter(names_it).collect(),
        },
        _ => plan.assets.iter().filter(names_it).collect(),
    };
    let mut edits: Vec<Edit> = dependents
        .into_iter()
        .map(|a| {
            let mut changed = Asset::clone(a);
            changed.depends_on.retain(|d| d != asset_id);
            Edit::Put(Item::Asset(changed.into()))
        })
        .collect();
    let dependents = edits.len();
    edits.push(Edit::Remove(IdKind::Asset, asset_id.to_owned()));
    let label = match dependents {
        0 => format!("Remove asset {}", asset.name),
        n => format!(
            "Remove asset {} ({} no longer {} on it)",
            asset.name,
            count_of(n, "asset"),
            if n == 1 { "depends" } else { "depend" }
        ),
    };
    Ok((Edit::Batch(edits), label))
}

#[cfg(test)]
#[path = "asset_tests.rs"]
mod tests;
