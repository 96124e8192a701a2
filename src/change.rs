//! Typed changes: what a user asks for ("set the workload of these 37
//! assets to ERP"), turned by one function into the [`Edit`] that does it
//! and the label its undo step shows. Views send these instead of building
//! whole entities, so a rule of the domain ("an open issue makes
//! remediation Required") lives here once, and a bulk change is one step.

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
    let at: Vec<usize> = plan
        .assets
        .iter()
        .enumerate()
        .filter(|(_, a)| wanted.contains(a.id.as_str()))
        .map(|(i, _)| i)
        .collect();
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

/// A new workload named `name` with these assets moved into it, as one
/// step. Returns the edit, its label and the new workload's id.
pub fn new_workload_with<'a>(
    plan: &Plan,
    name: &str,
    ids: impl IntoIterator<Item = &'a str>,
) -> (Edit, String, String) {
    let wanted: std::collections::HashSet<&str> = ids.into_iter().collect();
    let at: Vec<usize> = (0..plan.assets.len())
        .filter(|&i| wanted.contains(plan.assets[i].id.as_str()))
        .collect();
    new_workload_at(plan, name, &at)
}

/// [`new_workload_with`] the assets at these places in `plan.assets` (as the
/// asset table knows them): nothing else of the plan is read.
pub fn new_workload_at(plan: &Plan, name: &str, indices: &[usize]) -> (Edit, String, String) {
    let workload = Workload::new(name.trim());
    let id = workload.id.clone();
    let mut edits = vec![Edit::Put(Item::Workload(workload))];
    let mut indices = indices.to_vec();
    indices.sort_unstable();
    indices.dedup();
    let mut moved = 0;
    for asset in indices.iter().filter_map(|&i| plan.assets.get(i)) {
        let mut updated = Asset::clone(asset);
        if AssetChange::Workload(Some(id.clone())).apply_to(&mut updated) {
            moved += 1;
            edits.push(Edit::Put(Item::Asset(updated.into())));
        }
    }
    let label = format!(
        "New workload {} with {moved} asset{}",
        name.trim(),
        if moved == 1 { "" } else { "s" }
    );
    (Edit::Batch(edits), label, id)
}

#[cfg(test)]
#[path = "change_tests.rs"]
mod tests;

// ---------------------------------------------------------------- workloads, checklists, waves

use crate::checklist;
use crate::model::{ChecklistItem, Phase, PromotionModel, Wave};

/// What a promotion model change does to the checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChecklistOffer {
    /// Leave the checklist as it is.
    Keep,
    /// Add the new model's items that are missing ([`checklist::offer`]).
    AddMissing,
    /// Add what is missing and remove the untouched items of another
    /// model's template that do not fit ([`checklist::unfitting`]). Done or
    /// edited items always stay.
    Refit,
}

/// One change to a workload's promotion model, checklist or wave.
/// Checklist items are named by id, so two edits in one frame cannot
/// overwrite each other.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkloadChange {
    PromotionModel(PromotionModel, ChecklistOffer),
    /// Appends an item (make it with [`checklist::new_item`]).
    AddChecklistItem(ChecklistItem),
    ChecklistText(String, String),
    ChecklistOwner(String, Option<String>),
    ChecklistDone(String, bool),
    ChecklistNote(String, String),
    /// Moves the item to another phase, last in it.
    ChecklistPhase(String, Phase),
    /// Moves the item to this position among the items of its phase (a
    /// drag within the phase, or one up or down).
    MoveChecklistItem(String, usize),
    RemoveChecklistItem(String),
    /// The wave's name; `""` for no wave.
    Wave(String),
}

impl WorkloadChange {
    /// Applies the change to one workload; `false` when it changed nothing.
    pub fn apply_to(&self, workload: &mut Workload) -> bool {
        let before = workload.clone();
        let item = |w: &mut Workload, id: &str| w.checklist.iter().position(|i| i.id == id);
        match self {
            WorkloadChange::PromotionModel(model, offer) => {
                if *offer == ChecklistOffer::Refit {
                    let stale: std::collections::HashSet<String> =
                        checklist::unfitting(workload, *model)
                            .into_iter()
                            .map(|i| i.id.clone())
                            .collect();
                    workload.checklist.retain(|i| !stale.contains(&i.id));
                }
                if *offer != ChecklistOffer::Keep {
                    let added = checklist::offer(workload, *model);
                    workload.checklist.extend(added);
                }
                workload.promotion_model = *model;
            }
            WorkloadChange::AddChecklistItem(new) => {
                if item(workload, &new.id).is_none() {
                    workload.checklist.push(new.clone());
                }
            }
            WorkloadChange::ChecklistText(id, text) => {
                if let Some(i) = item(workload, id) {
                    workload.checklist[i].text.clone_from(text);
                }
            }
            WorkloadChange::ChecklistOwner(id, owner) => {
                if let Some(i) = item(workload, id) {
                    workload.checklist[i].owner.clone_from(owner);
                }
            }
            WorkloadChange::ChecklistDone(id, done) => {
                if let Some(i) = item(workload, id) {
                    workload.checklist[i].done = *done;
                }
            }
            WorkloadChange::ChecklistNote(id, note) => {
                if let Some(i) = item(workload, id) {
                    workload.checklist[i].note.clone_from(note);
                }
            }
            WorkloadChange::ChecklistPhase(id, phase) => {
                if let Some(i) = item(workload, id)
                    && workload.checklist[i].phase != *phase
                {
                    let mut moved = workload.checklist.remove(i);
                    moved.phase = *phase;
                    workload.checklist.push(moved);
                }
            }
            WorkloadChange::MoveChecklistItem(id, to) => {
                if let Some(from) = item(workload, id) {
                    let moved = workload.checklist.remove(from);
                    let same: Vec<usize> = workload
                        .checklist
                        .iter()
                        .enumerate()
                        .filter(|(_, i)| i.phase == moved.phase)
                        .map(|(i, _)| i)
                        .collect();
                    let at = match (same.get(*to), same.last()) {
                        (Some(&i), _) => i,
                        (None, Some(&last)) => last + 1,
                        (None, None) => from,
                    };
                    workload.checklist.insert(at, moved);
                }
            }
            WorkloadChange::RemoveChecklistItem(id) => workload.checklist.retain(|i| i.id != *id),
            WorkloadChange::Wave(wave) => workload.wave = wave.trim().to_owned(),
        }
        *workload != before
    }

    /// The undo label for this change to `count` workloads, the first
    /// being `first` as it was before the change.
    pub fn label(&self, plan: &Plan, first: &Workload, count: usize) -> String {
        let whom = if count == 1 {
            first.name.clone()
        } else {
            format!("{count} workloads")
        };
        let text = |id: &str| {
            first.checklist.iter().find(|i| i.id == id).map_or_else(
                || "a checklist item".to_owned(),
                |i| format!("“{}”", i.text),
            )
        };
        match self {
            WorkloadChange::PromotionModel(model, offer) => {
                let mut after = first.clone();
                self.apply_to(&mut after);
                let added = after
                    .checklist
                    .iter()
                    .filter(|i| !first.checklist.iter().any(|b| b.id == i.id))
                    .count();
                let removed = first.checklist.len() + added - after.checklist.len();
                let mut label = format!("Set promotion model of {whom} to {}", model.label());
                if *offer != ChecklistOffer::Keep && count == 1 {
                    if added > 0 {
                        label.push_str(&format!(
                            ", add {added} checklist item{}",
                            if added == 1 { "" } else { "s" }
                        ));
                    }
                    if removed > 0 {
                        label.push_str(&format!(
                            ", remove {removed} unticked item{}",
                            if removed == 1 { "" } else { "s" }
                        ));
                    }
                }
                label
            }
            WorkloadChange::AddChecklistItem(item) => format!(
                "Add “{}” to the checklist of {whom}",
                if item.text.trim().is_empty() {
                    "a new item"
                } else {
                    item.text.trim()
                }
            ),
            WorkloadChange::ChecklistText(id, _) => {
                format!("Edit {} of {whom}", text(id))
            }
            WorkloadChange::ChecklistOwner(id, Some(party)) => format!(
                "Set the owner of {} of {whom} to {}",
                text(id),
                plan.party_name(party)
            ),
            WorkloadChange::ChecklistOwner(id, None) => {
                format!("Clear the owner of {} of {whom}", text(id))
            }
            WorkloadChange::ChecklistDone(id, true) => {
                format!("Mark {} of {whom} done", text(id))
            }
            WorkloadChange::ChecklistDone(id, false) => {
                format!("Mark {} of {whom} not done", text(id))
            }
            WorkloadChange::ChecklistNote(id, _) => {
                format!("Edit the note of {} of {whom}", text(id))
            }
            WorkloadChange::ChecklistPhase(id, phase) => {
                format!("Move {} of {whom} to {}", text(id), phase.label())
            }
            WorkloadChange::MoveChecklistItem(..) => format!("Reorder the checklist of {whom}"),
            WorkloadChange::RemoveChecklistItem(id) => {
                format!("Remove {} from the checklist of {whom}", text(id))
            }
            WorkloadChange::Wave(wave) if wave.trim().is_empty() => {
                format!(
                    "Take {whom} out of {} wave",
                    if count == 1 { "its" } else { "their" }
                )
            }
            WorkloadChange::Wave(wave) => format!("Move {whom} to wave {}", wave.trim()),
        }
    }
}

/// The edit that applies `change` to the workloads with these ids (one
/// step, e.g. a drag of several cards to a wave), and its label; `None`
/// when it would change nothing.
pub fn change_workloads<'a>(
    plan: &Plan,
    ids: impl IntoIterator<Item = &'a str>,
    change: &WorkloadChange,
) -> Option<(Edit, String)> {
    let wanted: std::collections::HashSet<&str> = ids.into_iter().collect();
    let mut edits = Vec::new();
    let mut first = None;
    for workload in plan
        .workloads
        .iter()
        .filter(|w| wanted.contains(w.id.as_str()))
    {
        let mut updated = workload.clone();
        if change.apply_to(&mut updated) {
            first.get_or_insert(workload);
            edits.push(Edit::Put(Item::Workload(updated)));
        }
    }
    let label = change.label(plan, first?, edits.len());
    Some((Edit::Batch(edits), label))
}

/// The same for one workload.
pub fn change_workload(
    plan: &Plan,
    workload_id: &str,
    change: &WorkloadChange,
) -> Option<(Edit, String)> {
    change_workloads(plan, [workload_id], change)
}

/// One change to the plan's settings or waves. Waves are named by index
/// in `plan.waves` (two waves may share a name in a hand-written file).
#[derive(Clone, Debug, PartialEq)]
pub enum PlanChange {
    /// The plan's name.
    Name(String),
    /// Megabits per second for replication (`None`: not known).
    Bandwidth(Option<u32>),
    /// Appends waves by name, e.g. the labels workloads already use
    /// ([`crate::derive::waves::undefined_labels`]); empty or taken names are
    /// skipped.
    AddWaves(Vec<String>),
    /// Renames a wave and the workloads in it.
    RenameWave(usize, String),
    /// Start and end, `YYYY-MM-DD` (empty: none); refused unless
    /// [`crate::derive::waves::check_dates`] accepts them.
    WaveDates(usize, Option<String>, Option<String>),
    WaveNotes(usize, String),
    /// Moves a wave from one position to another.
    MoveWave(usize, usize),
    /// Removes a wave; its workloads go to no wave.
    RemoveWave(usize),
}

/// The edit that applies a plan change, and its label; `None` when it
/// would change nothing or cannot apply (an index out of range, a name
/// that is empty or taken).
pub fn change_plan(plan: &Plan, change: &PlanChange) -> Option<(Edit, String)> {
    // Renaming is typed key by key: an edit of the name alone, not a copy
    // of the plan.
    if let PlanChange::Name(name) = change {
        return (plan.name != *name).then(|| {
            (
                Edit::SetPlanName(name.clone()),
                "Rename the plan".to_owned(),
            )
        });
    }
    let mut next = plan.clone();
    let name_of = |i: usize| plan.waves.get(i).map(|w| w.name.clone());
    let taken = |name: &str, except: Option<usize>| {
        plan.waves
            .iter()
            .enumerate()
            .any(|(i, w)| Some(i) != except && w.name.trim() == name)
    };
    // Workloads in wave `i` (by the wave their label resolves to).
    let members = |i: usize| -> Vec<usize> {
        plan.workloads
            .iter()
            .enumerate()
            .filter(|(_, w)| crate::derive::waves::wave_index(plan, &w.wave) == Some(i))
            .map(|(k, _)| k)
            .collect()
    };
    let label = match change {
        // Answered before the plan is copied.
        PlanChange::Name(_) => return None,
        PlanChange::Bandwidth(mbps) => {
            next.bandwidth_mbps = *mbps;
            match mbps {
                Some(n) => format!("Set the replication bandwidth to {n} Mbit/s"),
                None => "Clear the replication bandwidth".to_owned(),
            }
        }
        PlanChange::AddWaves(names) => {
            let mut added: Vec<String> = Vec::new();
            for name in names.iter().map(|n| n.trim()) {
                if name.is_empty() || taken(name, None) || added.iter().any(|a| a == name) {
                    continue;
                }
                added.push(name.to_owned());
                next.waves.push(Wave {
                    name: name.to_owned(),
                    ..Wave::default()
                });
            }
            match added.as_slice() {
                [] => return None,
                [one] => format!("Add wave {one}"),
                many => format!("Add {} waves", many.len()),
            }
        }
        PlanChange::RenameWave(i, name) => {
            let old = name_of(*i)?;
            let name = name.trim();
            if name.is_empty() || taken(name, Some(*i)) {
                return None;
            }
            for k in members(*i) {
                next.workloads[k].wave = name.to_owned();
            }
            next.waves[*i].name = name.to_owned();
            format!("Rename wave {old} to {name}")
        }
        PlanChange::WaveDates(i, start, end) => {
            let old = name_of(*i)?;
            let clean = |d: &Option<String>| {
                d.as_deref()
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned)
            };
            let (start, end) = (clean(start), clean(end));
            crate::derive::waves::check_dates(start.as_deref(), end.as_deref()).ok()?;
            let label = if start.is_none() && end.is_none() {
                format!("Clear the dates of wave {old}")
            } else {
                format!("Set the dates of wave {old}")
            };
            next.waves[*i].start = start;
            next.waves[*i].end = end;
            label
        }
        PlanChange::WaveNotes(i, notes) => {
            let old = name_of(*i)?;
            next.waves[*i].notes.clone_from(notes);
            format!("Edit the notes of wave {old}")
        }
        PlanChange::MoveWave(from, to) => {
            let old = name_of(*from)?;
            let wave = next.waves.remove(*from);
            let to = (*to).min(next.waves.len());
            next.waves.insert(to, wave);
            format!("Move wave {old} to position {}", to + 1)
        }
        PlanChange::RemoveWave(i) => {
            let old = name_of(*i)?;
            let moved = members(*i);
            for &k in &moved {
                next.workloads[k].wave.clear();
            }
            next.waves.remove(*i);
            match moved.len() {
                0 => format!("Remove wave {old}"),
                n => format!(
                    "Remove wave {old} ({n} workload{} to no wave)",
                    if n == 1 { "" } else { "s" }
                ),
            }
        }
    };
    (next != *plan).then(|| (Edit::ReplacePlan(Box::new(next)), label))
}

#[cfg(test)]
#[path = "change_workload_tests.rs"]
mod workload_tests;
