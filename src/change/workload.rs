//! Changes to workloads: their fields, owners and decisions, RACI cells,
//! the team check, the promotion checklist and the wave; several
//! workloads at once (a drag of cards to a wave), a new workload with the
//! assets picked for it, a workload removed with its assets back in the
//! inventory.

use std::collections::HashSet;
use std::sync::Arc;

use super::asset::AssetChange;
use super::{Refused, count_of};
use crate::checklist;
use crate::edit::{Edit, Item};
use crate::model::{
    ActivityKind, Asset, ChecklistItem, Criticality, Environment, IdKind, Phase, Plan,
    PromotionModel, Raci, RemediationTiming, Workload, new_id,
};

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
    /// Deciding a model adds the Promotion activity (format 3) in the same
    /// step; going back to Undecided removes it only while it is empty, so
    /// no one's letter in it is ever lost.
    PromotionModel(PromotionModel, ChecklistOffer),
    /// Who holds the Promotion activity ([`crate::promotion::suggested_holders`]):
    /// gives the Responsible party an R and the Accountable party an A,
    /// filling gaps only — a party that already has a letter keeps it, and
    /// an A is given only while no one is Accountable.
    PromotionHolders {
        responsible: Option<String>,
        accountable: Option<String>,
    },
    /// Format 3: production or not.
    Environment(Environment),
    /// Format 3: a suggestion of waves never moves a pinned workload.
    Pinned(bool),
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
    Name(String),
    Description(String),
    /// The target platform, in words.
    Target(String),
    BusinessOwner(Option<String>),
    TechnicalOwner(Option<String>),
    Criticality(Criticality),
    RemediationTiming(RemediationTiming),
    Notes(String),
    /// The notes of one activity.
    ActivityNotes(ActivityKind, String),
    /// One RACI cell: a party's letter in an activity (`None` clears it).
    Raci(ActivityKind, String, Option<Raci>),
    /// Hands an activity's accountability to a party: it becomes
    /// Accountable, and whoever was Accountable before becomes Responsible
    /// (they keep doing the work), so the activity keeps exactly one A.
    HandAccountable(ActivityKind, String),
    /// The team check: whether a party knows how remediation is done.
    KnowsRemediation(String, bool),
}

impl WorkloadChange {
    /// A new checklist item in this phase, last in it, to be written in.
    pub fn new_checklist_item(phase: Phase) -> Self {
        WorkloadChange::AddChecklistItem(checklist::new_item(phase, "New item"))
    }

    /// Applies the change to one workload; `false` when it changed nothing.
    pub fn apply_to(&self, workload: &mut Workload) -> bool {
        let before = workload.clone();
        let item = |w: &mut Workload, id: &str| w.checklist.iter().position(|i| i.id == id);
        match self {
            WorkloadChange::PromotionModel(model, offer) => {
                if *offer == ChecklistOffer::Refit {
                    let stale: HashSet<String> = checklist::unfitting(workload, *model)
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
                if *model == PromotionModel::Undecided {
                    workload.activities.retain(|a| {
                        a.kind != ActivityKind::Promotion
                            || !a.raci.is_empty()
                            || !a.notes.trim().is_empty()
                    });
                } else {
                    workload.activity_mut(ActivityKind::Promotion);
                }
            }
            WorkloadChange::PromotionHolders {
                responsible,
                accountable,
            } => {
                let activity = workload.activity_mut(ActivityKind::Promotion);
                if let Some(party) = responsible {
                    activity
                        .raci
                        .entry(party.clone())
                        .or_insert(Raci::Responsible);
                }
                if let Some(party) = accountable
                    && activity.count(Raci::Accountable) == 0
                {
                    activity
                        .raci
                        .entry(party.clone())
                        .or_insert(Raci::Accountable);
                }
            }
            WorkloadChange::Environment(environment) => workload.environment = *environment,
            WorkloadChange::Pinned(pinned) => workload.wave_pinned = *pinned,
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
            WorkloadChange::Name(name) => workload.name.clone_from(name),
            WorkloadChange::Description(text) => workload.description.clone_from(text),
            WorkloadChange::Target(text) => workload.target.clone_from(text),
            WorkloadChange::BusinessOwner(party) => workload.business_owner.clone_from(party),
            WorkloadChange::TechnicalOwner(party) => workload.technical_owner.clone_from(party),
            WorkloadChange::Criticality(c) => workload.criticality = *c,
            WorkloadChange::RemediationTiming(t) => workload.remediation_timing = *t,
            WorkloadChange::Notes(text) => workload.notes.clone_from(text),
            WorkloadChange::ActivityNotes(kind, text) => {
                if workload.activity(*kind).is_some_and(|a| a.notes != *text)
                    || (workload.activity(*kind).is_none() && !text.is_empty())
                {
                    workload.activity_mut(*kind).notes.clone_from(text);
                }
            }
            WorkloadChange::Raci(kind, party, letter) => {
                let current = workload.activity(*kind).and_then(|a| a.raci.get(party));
                if current != letter.as_ref() {
                    let raci = &mut workload.activity_mut(*kind).raci;
                    match letter {
                        Some(l) => raci.insert(party.clone(), *l),
                        None => raci.remove(party),
                    };
                }
            }
            WorkloadChange::HandAccountable(kind, party) => {
                let raci = &mut workload.activity_mut(*kind).raci;
                for (holder, letter) in raci.iter_mut() {
                    if *letter == Raci::Accountable && holder != party {
                        *letter = Raci::Responsible;
                    }
                }
                raci.insert(party.clone(), Raci::Accountable);
            }
            WorkloadChange::KnowsRemediation(party, knows) => {
                let confirmed = &mut workload.remediation_timing_confirmed_by;
                let had = confirmed.contains(party);
                if had && !knows {
                    confirmed.retain(|p| p != party);
                } else if !had && *knows {
                    confirmed.push(party.clone());
                }
            }
        }
        *workload != before
    }

    /// The undo label for this change to `count` workloads, the first
    /// being `first` as it was before the change.
    pub fn label(&self, plan: &Plan, first: &Workload, count: usize) -> String {
        let whom = if count == 1 {
            first.name.clone()
        } else {
            count_of(count, "workload")
        };
        let owner = |what: &str, party: &Option<String>| match party {
            Some(p) => format!("Set the {what} of {whom} to {}", plan.party_name(p)),
            None => format!("Clear the {what} of {whom}"),
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
                // The model already chosen: only its checklist changes, and
                // the label says so rather than claiming to set the model.
                if count == 1 && first.promotion_model == *model {
                    let mut parts = Vec::new();
                    if added > 0 {
                        parts.push(format!(
                            "Add {} CAF suggests",
                            count_of(added, "checklist item")
                        ));
                    }
                    if removed > 0 {
                        let what = count_of(removed, "unticked item of another model");
                        parts.push(if parts.is_empty() {
                            format!("Remove {what}")
                        } else {
                            format!("remove {what}")
                        });
                    }
                    if parts.is_empty() {
                        return format!("Keep the promotion model of {whom}");
                    }
                    return format!(
                        "{} for {} promotion of {whom}",
                        parts.join(", "),
                        model.label().to_lowercase()
                    );
                }
                let mut label = format!("Set promotion model of {whom} to {}", model.label());
                let promotion = |w: &Workload| w.activity(ActivityKind::Promotion).is_some();
                if count == 1 && promotion(&after) != promotion(first) {
                    label.push_str(if promotion(&after) {
                        ", add the Promotion activity"
                    } else {
                        ", remove the empty Promotion activity"
                    });
                }
                if *offer != ChecklistOffer::Keep && count == 1 {
                    if added > 0 {
                        label.push_str(&format!(", add {}", count_of(added, "checklist item")));
                    }
                    if removed > 0 {
                        label.push_str(&format!(", remove {}", count_of(removed, "unticked item")));
                    }
                }
                label
            }
            WorkloadChange::PromotionHolders { .. } => {
                // The letters it gives (gaps only), as "Ops (R)".
                let mut after = first.clone();
                self.apply_to(&mut after);
                let before = first.activity(ActivityKind::Promotion);
                let given: Vec<String> = after
                    .activity(ActivityKind::Promotion)
                    .into_iter()
                    .flat_map(|a| &a.raci)
                    .filter(|(p, l)| before.and_then(|b| b.raci.get(*p)) != Some(l))
                    .map(|(p, l)| format!("{} ({})", plan.party_name(p), l.letter()))
                    .collect();
                if given.is_empty() {
                    format!("Add the Promotion activity to {whom}")
                } else {
                    format!("Give promotion of {whom} to {}", given.join(" and "))
                }
            }
            WorkloadChange::Environment(environment) => {
                format!("Set environment of {whom} to {}", environment.label())
            }
            WorkloadChange::Pinned(true) => format!("Pin {whom} to {} wave", its(count)),
            WorkloadChange::Pinned(false) => format!("Unpin {whom} from {} wave", its(count)),
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
                format!("Take {whom} out of {} wave", its(count))
            }
            WorkloadChange::Wave(wave) => format!("Move {whom} to wave {}", wave.trim()),
            WorkloadChange::Name(name) => format!("Rename {whom} to {name}"),
            WorkloadChange::Description(_) => format!("Edit the description of {whom}"),
            WorkloadChange::Target(_) => format!("Edit the target of {whom}"),
            WorkloadChange::BusinessOwner(party) => owner("business owner", party),
            WorkloadChange::TechnicalOwner(party) => owner("technical owner", party),
            WorkloadChange::Criticality(c) => {
                format!("Set the criticality of {whom} to {}", c.label())
            }
            WorkloadChange::RemediationTiming(t) => {
                format!("Set the remediation timing of {whom} to {}", t.label())
            }
            WorkloadChange::Notes(_) => format!("Edit the notes of {whom}"),
            WorkloadChange::ActivityNotes(kind, _) => {
                format!("Edit the {} notes of {whom}", kind.label())
            }
            WorkloadChange::Raci(kind, party, Some(letter)) => format!(
                "Make {} {} in {} of {whom}",
                plan.party_name(party),
                letter.letter(),
                kind.label()
            ),
            WorkloadChange::Raci(kind, party, None) => format!(
                "Clear the letter of {} in {} of {whom}",
                plan.party_name(party),
                kind.label()
            ),
            WorkloadChange::HandAccountable(kind, party) => {
                let before: Vec<&str> = first
                    .activity(*kind)
                    .into_iter()
                    .flat_map(|a| &a.raci)
                    .filter(|(p, l)| **l == Raci::Accountable && *p != party)
                    .map(|(p, _)| plan.party_name(p))
                    .collect();
                let mut label = format!(
                    "Make {} A in {} of {whom}",
                    plan.party_name(party),
                    kind.label()
                );
                if !before.is_empty() {
                    label.push_str(&format!(", {} R", before.join(" and ")));
                }
                label
            }
            WorkloadChange::KnowsRemediation(party, knows) => format!(
                "Note that {} {} how remediation is done in {whom}",
                plan.party_name(party),
                if *knows { "knows" } else { "does not know" }
            ),
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
    let wanted: HashSet<&str> = ids.into_iter().collect();
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

/// A new workload named `name` with these assets moved into it, as one
/// step. Returns the edit, its label and the new workload's id.
pub fn new_workload_with<'a>(
    plan: &Plan,
    name: &str,
    ids: impl IntoIterator<Item = &'a str>,
) -> (Edit, String, String) {
    let wanted: HashSet<&str> = ids.into_iter().collect();
    let at: Vec<usize> = (0..plan.assets.len())
        .filter(|&i| wanted.contains(plan.assets[i].id.as_str()))
        .collect();
    new_workload_at(plan, name, &at)
}

/// [`new_workload_with`] the assets at these places in `plan.assets` (as the
/// asset table knows them): nothing else of the plan is read.
pub fn new_workload_at(plan: &Plan, name: &str, indices: &[usize]) -> (Edit, String, String) {
    let id = new_id(IdKind::Workload);
    let (edit, label) = new_workload(plan, &id, name, indices);
    (edit, label, id)
}

/// A new workload with this id and name, and the assets at these places
/// moved into it: the edit and its label.
pub(super) fn new_workload(plan: &Plan, id: &str, name: &str, indices: &[usize]) -> (Edit, String) {
    let workload = Workload {
        id: id.to_owned(),
        ..Workload::new(name.trim())
    };
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
    let label = match moved {
        0 => format!("New workload {}", name.trim()),
        n => format!("New workload {} with {}", name.trim(), count_of(n, "asset")),
    };
    (Edit::Batch(edits), label)
}

/// The workloads a user accepted (name and the ids of their assets), each
/// with its assets moved into it, as one step.
pub(super) fn new_workloads(
    plan: &Plan,
    accepted: &[(String, Vec<String>)],
) -> Result<(Edit, String), Refused> {
    let mut edits = Vec::new();
    let mut assets = 0;
    for (name, members) in accepted
        .iter()
        .filter(|(n, m)| !n.trim().is_empty() && !m.is_empty())
    {
        let (edit, _, _) = new_workload_with(plan, name, members.iter().map(String::as_str));
        assets += members.len();
        edits.push(edit);
    }
    if edits.is_empty() {
        return Err(Refused::Nothing);
    }
    let label = format!(
        "Create {} with {}",
        count_of(edits.len(), "suggested workload"),
        count_of(assets, "asset")
    );
    Ok((Edit::Batch(edits), label))
}

/// Removes a workload, as one step: its assets go back to the inventory.
pub(super) fn remove_workload(
    plan: &Plan,
    workload_id: &str,
    known: Option<super::Known<'_>>,
) -> Result<(Edit, String), Refused> {
    let workload = plan.workload(workload_id).ok_or(Refused::Nothing)?;
    let in_it = |a: &&Arc<Asset>| a.workload.as_deref() == Some(workload_id);
    // Its assets: as the kept state says (each checked), or a look at
    // every asset.
    let members: Vec<&Arc<Asset>> = match known.and_then(|k| k.kept.members_of(plan, workload_id)) {
        Some(places) => places
            .iter()
            .filter_map(|&i| plan.assets.get(i))
            .filter(in_it)
            .collect(),
        None => plan.assets.iter().filter(in_it).collect(),
    };
    let mut edits: Vec<Edit> = members
        .into_iter()
        .map(|a| {
            let mut changed = Asset::clone(a);
            changed.workload = None;
            Edit::Put(Item::Asset(changed.into()))
        })
        .collect();
    let label = match edits.len() {
        0 => format!("Remove workload {}", workload.name),
        n => format!(
            "Remove workload {} ({} back to the inventory)",
            workload.name,
            count_of(n, "asset")
        ),
    };
    edits.push(Edit::Remove(IdKind::Workload, workload_id.to_owned()));
    Ok((Edit::Batch(edits), label))
}

#[cfg(test)]
#[path = "workload_tests.rs"]
mod tests;

/// "its" for one workload, "their" for several.
fn its(count: usize) -> &'static str {
    if count == 1 { "its" } else { "their" }
}
