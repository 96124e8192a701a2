//! Typed changes: every user intent — "set the workload of these 37
//! assets to ERP", "make DBAs Accountable for staging", "rename wave 1",
//! "log a decision", "remove this party" — is one [`Change`], turned by
//! [`prepare`] into the [`Edit`] that does it, the label its undo step
//! shows, and what it [`Touches`]. Views send changes, never entities or
//! edits of their own, so a rule of the domain ("an open issue makes
//! remediation Required", "a removed party leaves no assignment behind")
//! lives here once, and a bulk change is one step.
//!
//! One room per kind of thing changed: assets, workloads (with their RACI,
//! team check and checklist), parties, the log, and the plan itself (its
//! name, bandwidth and waves).

mod asset;
mod log;
mod party;
mod placement;
mod plan;
mod workload;

pub use asset::{AssetChange, change_asset, change_assets, change_assets_at};
pub use log::{LogChange, NewLogEntry};
pub use party::{PartyChange, kind_label, missing_caf_teams, party_usage};
pub use placement::Placement;
pub use plan::PlanChange;
pub use workload::{
    ChecklistOffer, WorkloadChange, change_workload, change_workloads, new_workload_at,
    new_workload_with,
};

use crate::derive::Incremental;
use crate::edit::Edit;
use crate::model::{IdKind, Plan, Positions, new_id};
use crate::touches::Touches;

/// One thing a user asks of the plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// One change to the assets at these places in `plan.assets` (the
    /// asset table's selection, looked up by the table), as one step.
    AssetsAt(Vec<usize>, AssetChange),
    /// The same change to the assets with these ids.
    Assets(Vec<String>, AssetChange),
    /// A new asset (make it with [`Change::new_asset`]).
    NewAsset {
        id: String,
        workload: Option<String>,
    },
    /// Removes an asset and the dependencies on it.
    RemoveAsset(String),
    /// One change to the workloads with these ids (a drag of cards), as
    /// one step.
    Workloads(Vec<String>, WorkloadChange),
    /// A new workload with the assets at these places in `plan.assets`
    /// moved into it (make it with [`Change::new_workload`]).
    NewWorkload {
        id: String,
        name: String,
        assets: Vec<usize>,
    },
    /// Workloads accepted from the suggestions (each a name and the ids of
    /// its assets), each with its assets moved into it.
    NewWorkloads(Vec<(String, Vec<String>)>),
    /// Removes a workload; its assets go back to the inventory.
    RemoveWorkload(String),
    /// One change to the party with this id.
    Party(String, PartyChange),
    /// A new team (make it with [`Change::new_party`]).
    NewParty(String),
    /// The CAF teams the plan lacks.
    AddCafTeams,
    /// Removes a party and every reference to it.
    RemoveParty(String),
    /// One change to the log entry with this id.
    Log(String, LogChange),
    /// A new log entry.
    NewLog(NewLogEntry),
    RemoveLog(String),
    /// The plan's name, bandwidth or waves.
    Plan(PlanChange),
    /// Workloads into waves as a suggestion proposes them, with the pins
    /// and limits chosen beside it, as one step.
    Placement(Placement),
}

impl Change {
    /// One change to one workload.
    pub fn workload(id: &str, change: WorkloadChange) -> Self {
        Change::Workloads(vec![id.to_owned()], change)
    }

    /// A new asset, in the inventory or in a workload; the id it will have.
    pub fn new_asset(workload: Option<String>) -> (Self, String) {
        let id = new_id(IdKind::Asset);
        (
            Change::NewAsset {
                id: id.clone(),
                workload,
            },
            id,
        )
    }

    /// A new workload named `name` (or "Workload N" when it is empty) with
    /// the assets at these places moved into it; the id it will have.
    pub fn new_workload(plan: &Plan, name: &str, assets: Vec<usize>) -> (Self, String) {
        let id = new_id(IdKind::Workload);
        let name = match name.trim() {
            "" => format!("Workload {}", plan.workloads.len() + 1),
            name => name.to_owned(),
        };
        (
            Change::NewWorkload {
                id: id.clone(),
                name,
                assets,
            },
            id,
        )
    }

    /// The edit alone, for scripted edits (tests, benches); `None` when the
    /// change is refused.
    pub fn edit(&self, plan: &Plan) -> Option<Edit> {
        prepare(plan, self).ok().map(|p| p.edit)
    }

    /// A new team; the id it will have.
    pub fn new_party() -> (Self, String) {
        let id = new_id(IdKind::Party);
        (Change::NewParty(id.clone()), id)
    }
}

/// What a change does, ready to apply.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub edit: Edit,
    /// The undo step's label, in sentence case ("Rename wave Wave 1 to
    /// Pilot").
    pub label: String,
    /// Where the typed text starts in `label`, for a change typed into a
    /// field: keystrokes merged into one step keep the label's start from
    /// the first and the typed text from the last.
    pub typed_at: Option<usize>,
    /// What the edit touches in the plan it was prepared for.
    pub touches: Touches,
}

/// Why a change was not prepared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// It would change nothing (or names nothing the plan has).
    #[error("nothing to change")]
    Nothing,
    /// It cannot be done, and why, in words for the user.
    #[error("{0}")]
    Invalid(String),
}

/// What the caller knows of the plan as it is — the derived state kept
/// for it ([`crate::session::Document`] has it between frames) — so that
/// preparing an asset added or removed or a workload removed costs the
/// change's size, not a pass over every asset.
#[derive(Clone, Copy)]
pub struct Known<'a> {
    /// Asset id → the place of its first asset.
    pub positions: &'a Positions,
    /// What depends on each asset, who is in each workload.
    pub kept: &'a Incremental,
}

/// The edit that makes `change` to `plan`, its undo label and what it
/// touches: the one place a change becomes an edit.
pub fn prepare(plan: &Plan, change: &Change) -> Result<Prepared, Refused> {
    prepare_known(plan, change, None)
}

/// [`prepare`], with what the caller knows of `plan` (which must be the
/// plan as it is): the same result, without a pass over every asset.
pub fn prepare_known(
    plan: &Plan,
    change: &Change,
    known: Option<Known<'_>>,
) -> Result<Prepared, Refused> {
    let some = |made: Option<(Edit, String)>| made.ok_or(Refused::Nothing);
    let (edit, label, typed_at) = match change {
        Change::AssetsAt(at, c) => untyped(some(change_assets_at(plan, at, c))?),
        Change::Assets(ids, c) => {
            let made = some(change_assets(plan, ids.iter().map(String::as_str), c))?;
            match c {
                AssetChange::Name(name) if ids.len() == 1 => typed(made, name),
                _ => untyped(made),
            }
        }
        Change::NewAsset { id, workload } => {
            untyped(asset::new_asset(plan, id, workload.as_deref(), known)?)
        }
        Change::RemoveAsset(id) => untyped(asset::remove_asset(plan, id, known)?),
        Change::Workloads(ids, c) => {
            let made = some(change_workloads(plan, ids.iter().map(String::as_str), c))?;
            match c {
                WorkloadChange::Name(name) if ids.len() == 1 => typed(made, name),
                _ => untyped(made),
            }
        }
        Change::NewWorkload { id, name, assets } => {
            if plan.workload(id).is_some() {
                return Err(Refused::Nothing);
            }
            untyped(workload::new_workload(plan, id, name, assets))
        }
        Change::NewWorkloads(accepted) => untyped(workload::new_workloads(plan, accepted)?),
        Change::RemoveWorkload(id) => untyped(workload::remove_workload(plan, id, known)?),
        Change::Party(id, c) => party::change_party(plan, id, c)?,
        Change::NewParty(id) => untyped(party::new_party(plan, id)?),
        Change::AddCafTeams => untyped(party::add_caf_teams(plan)?),
        Change::RemoveParty(id) => untyped(party::remove_party(plan, id)?),
        Change::Log(id, c) => untyped(log::change_log(plan, id, c)?),
        Change::NewLog(new) => untyped(log::new_log_entry(plan, new)?),
        Change::RemoveLog(id) => untyped(log::remove_log_entry(plan, id)?),
        Change::Plan(c) => {
            let made = plan::change_plan(plan, c)?;
            (made.edit, made.label, made.typed_at)
        }
        Change::Placement(p) => untyped(placement::place(plan, p)?),
    };
    let touches = Touches::of_known(plan, &edit, known.map(|k| k.positions));
    Ok(Prepared {
        edit,
        label,
        typed_at,
        touches,
    })
}

/// Why `change` cannot be made to `plan`, in words for the user; `None`
/// when it can (or would change nothing). A form asks before it sends.
pub fn why_not(plan: &Plan, change: &Change) -> Option<String> {
    match prepare(plan, change) {
        Err(Refused::Invalid(why)) => Some(why),
        _ => None,
    }
}

fn untyped((edit, label): (Edit, String)) -> (Edit, String, Option<usize>) {
    (edit, label, None)
}

/// A label that ends in the typed text, when it does ("Rename ERP to
/// ERP 2").
fn typed((edit, label): (Edit, String), text: &str) -> (Edit, String, Option<usize>) {
    let typed_at = label.ends_with(text).then(|| label.len() - text.len());
    (edit, label, typed_at)
}

/// The label of a step made of keystrokes: the start of the first
/// keystroke's label (what was there before) and the typed text of the
/// last one's.
/// `None` when the last keystroke's label has no typed text.
pub fn merged_label(
    first: &str,
    first_typed_at: usize,
    last: &str,
    last_typed_at: Option<usize>,
) -> Option<String> {
    let head = first.get(..first_typed_at)?;
    let tail = last.get(last_typed_at?..)?;
    Some(format!("{head}{tail}"))
}

/// "1 asset", "2 assets", "3 activities": a count and its noun, plural
/// when it is not one ([`crate::words::count`], the one plural helper).
pub fn count_of(count: usize, noun: &str) -> String {
    crate::words::count(count, noun)
}

/// "a" or "an", for labels that read well.
pub fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

#[cfg(test)]
#[path = "change/tests.rs"]
mod tests;

#[cfg(test)]
#[path = "change/promotion_tests.rs"]
mod promotion_tests;
