//! Every change to a plan is an [`Edit`], applied in one place by [`apply`],
//! which returns the edit that undoes it. [`History`] keeps those inverses
//! for undo and redo, one step per user gesture.

use crate::model::{ActivityKind, Asset, IdKind, LogEntry, Party, Plan, Raci, Workload};

/// One thing in the plan that has an id.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Party(Party),
    Workload(Workload),
    Asset(Asset),
    Log(LogEntry),
}

impl Item {
    pub fn kind(&self) -> IdKind {
        match self {
            Item::Party(_) => IdKind::Party,
            Item::Workload(_) => IdKind::Workload,
            Item::Asset(_) => IdKind::Asset,
            Item::Log(_) => IdKind::Log,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Item::Party(x) => &x.id,
            Item::Workload(x) => &x.id,
            Item::Asset(x) => &x.id,
            Item::Log(x) => &x.id,
        }
    }
}

/// A change to a plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    SetPlanName(String),
    /// Replaces the item with the same id, or appends it when there is none.
    Put(Item),
    /// Inserts an item at a position (clamped to the list's length).
    Insert(usize, Item),
    Remove(IdKind, String),
    /// Several edits as one step, applied in order.
    Batch(Vec<Edit>),
    /// The whole plan at once (restoring a kept version).
    ReplacePlan(Box<Plan>),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditError {
    #[error("there is no {kind:?} with id {id} in the plan")]
    NotFound { kind: IdKind, id: String },
}

/// The list of a plan that holds items of one kind, viewed uniformly.
trait Entity: Sized + Clone {
    fn id(&self) -> &str;
    fn list(plan: &mut Plan) -> &mut Vec<Self>;
    fn wrap(self) -> Item;
}

macro_rules! entity {
    ($ty:ty, $field:ident, $variant:ident) => {
        impl Entity for $ty {
            fn id(&self) -> &str {
                &self.id
            }
            fn list(plan: &mut Plan) -> &mut Vec<Self> {
                &mut plan.$field
            }
            fn wrap(self) -> Item {
                Item::$variant(self)
            }
        }
    };
}
entity!(Party, parties, Party);
entity!(Workload, workloads, Workload);
entity!(Asset, assets, Asset);
entity!(LogEntry, log, Log);

fn put<T: Entity>(plan: &mut Plan, item: T, kind: IdKind) -> Edit {
    let list = T::list(plan);
    match list.iter().position(|x| x.id() == item.id()) {
        Some(i) => Edit::Put(std::mem::replace(&mut list[i], item).wrap()),
        None => {
            let id = item.id().to_owned();
            list.push(item);
            Edit::Remove(kind, id)
        }
    }
}

fn insert<T: Entity>(plan: &mut Plan, index: usize, item: T, kind: IdKind) -> Edit {
    let list = T::list(plan);
    let id = item.id().to_owned();
    list.insert(index.min(list.len()), item);
    Edit::Remove(kind, id)
}

fn remove<T: Entity>(plan: &mut Plan, id: &str, kind: IdKind) -> Result<Edit, EditError> {
    let list = T::list(plan);
    let Some(i) = list.iter().position(|x| x.id() == id) else {
        return Err(EditError::NotFound {
            kind,
            id: id.to_owned(),
        });
    };
    Ok(Edit::Insert(i, list.remove(i).wrap()))
}

/// Applies an edit and returns the edit that undoes it. A failed edit leaves
/// the plan as it was (a batch is rolled back).
pub fn apply(plan: &mut Plan, edit: Edit) -> Result<Edit, EditError> {
    Ok(match edit {
        Edit::SetPlanName(name) => Edit::SetPlanName(std::mem::replace(&mut plan.name, name)),
        Edit::ReplacePlan(new) => Edit::ReplacePlan(Box::new(std::mem::replace(plan, *new))),
        Edit::Put(item) => match item {
            Item::Party(x) => put(plan, x, IdKind::Party),
            Item::Workload(x) => put(plan, x, IdKind::Workload),
            Item::Asset(x) => put(plan, x, IdKind::Asset),
            Item::Log(x) => put(plan, x, IdKind::Log),
        },
        Edit::Insert(i, item) => match item {
            Item::Party(x) => insert(plan, i, x, IdKind::Party),
            Item::Workload(x) => insert(plan, i, x, IdKind::Workload),
            Item::Asset(x) => insert(plan, i, x, IdKind::Asset),
            Item::Log(x) => insert(plan, i, x, IdKind::Log),
        },
        Edit::Remove(kind, id) => match kind {
            IdKind::Party => remove::<Party>(plan, &id, kind)?,
            IdKind::Workload => remove::<Workload>(plan, &id, kind)?,
            IdKind::Asset => remove::<Asset>(plan, &id, kind)?,
            IdKind::Log => remove::<LogEntry>(plan, &id, kind)?,
        },
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits {
                match apply(plan, edit) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(e) => {
                        for inverse in inverses.into_iter().rev() {
                            // Inverses of edits just applied always apply.
                            let _ = apply(plan, inverse);
                        }
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Edit::Batch(inverses)
        }
    })
}

// ------------------------------------------------------------ composite edits

/// Where a party is assigned, in words, so the user can be asked before it is
/// removed. Empty when the party is not referenced anywhere.
pub fn party_usage(plan: &Plan, party_id: &str) -> Vec<String> {
    let mut uses = Vec::new();
    for w in &plan.workloads {
        if w.business_owner.as_deref() == Some(party_id) {
            uses.push(format!("business owner of {}", w.name));
        }
        if w.technical_owner.as_deref() == Some(party_id) {
            uses.push(format!("technical owner of {}", w.name));
        }
        for a in &w.activities {
            if let Some(letter) = a.raci.get(party_id) {
                uses.push(format!(
                    "{} in {}, {}",
                    letter.letter(),
                    w.name,
                    a.kind.label()
                ));
            }
        }
    }
    for a in &plan.assets {
        for kind in a
            .owners
            .iter()
            .filter(|(_, p)| *p == party_id)
            .map(|(k, _)| k)
        {
            uses.push(format!("{} owner of {}", kind.label(), a.name));
        }
    }
    for l in &plan.log {
        if l.owner.as_deref() == Some(party_id) {
            uses.push(format!("owner of log entry \"{}\"", l.text));
        }
    }
    uses
}

/// Removes a party and every reference to it, as one step.
pub fn remove_party(plan: &Plan, party_id: &str) -> Edit {
    let mut edits = Vec::new();
    for w in &plan.workloads {
        let mut changed = w.clone();
        for owner in [&mut changed.business_owner, &mut changed.technical_owner] {
            if owner.as_deref() == Some(party_id) {
                *owner = None;
            }
        }
        for a in &mut changed.activities {
            a.raci.remove(party_id);
        }
        if changed != *w {
            edits.push(Edit::Put(Item::Workload(changed)));
        }
    }
    for a in &plan.assets {
        if a.owners.values().any(|p| p == party_id) {
            let mut changed = a.clone();
            changed.owners.retain(|_, p| p != party_id);
            edits.push(Edit::Put(Item::Asset(changed)));
        }
    }
    for l in &plan.log {
        if l.owner.as_deref() == Some(party_id) {
            let mut changed = l.clone();
            changed.owner = None;
            edits.push(Edit::Put(Item::Log(changed)));
        }
    }
    edits.push(Edit::Remove(IdKind::Party, party_id.to_owned()));
    Edit::Batch(edits)
}

/// Removes a workload; its assets go back to the inventory.
pub fn remove_workload(plan: &Plan, workload_id: &str) -> Edit {
    let mut edits: Vec<Edit> = plan
        .assets
        .iter()
        .filter(|a| a.workload.as_deref() == Some(workload_id))
        .map(|a| {
            let mut changed = a.clone();
            changed.workload = None;
            Edit::Put(Item::Asset(changed))
        })
        .collect();
    edits.push(Edit::Remove(IdKind::Workload, workload_id.to_owned()));
    Edit::Batch(edits)
}

/// Removes an asset and the dependencies other assets have on it.
pub fn remove_asset(plan: &Plan, asset_id: &str) -> Edit {
    let mut edits: Vec<Edit> = plan
        .assets
        .iter()
        .filter(|a| a.id != asset_id && a.depends_on.iter().any(|d| d == asset_id))
        .map(|a| {
            let mut changed = a.clone();
            changed.depends_on.retain(|d| d != asset_id);
            Edit::Put(Item::Asset(changed))
        })
        .collect();
    edits.push(Edit::Remove(IdKind::Asset, asset_id.to_owned()));
    Edit::Batch(edits)
}

/// Sets (or clears) one RACI cell; `None` when the workload does not exist.
pub fn set_raci(
    plan: &Plan,
    workload_id: &str,
    activity: ActivityKind,
    party_id: &str,
    letter: Option<Raci>,
) -> Option<Edit> {
    let mut workload = plan.workload(workload_id)?.clone();
    let raci = &mut workload.activity_mut(activity).raci;
    match letter {
        Some(l) => raci.insert(party_id.to_owned(), l),
        None => raci.remove(party_id),
    };
    Some(Edit::Put(Item::Workload(workload)))
}

// ------------------------------------------------------------------ history

#[derive(Clone, Debug)]
struct Step {
    label: String,
    edit: Edit,
    merge_key: Option<String>,
    serial: u64,
}

/// Undo and redo on top of [`apply`]. Edits with the same merge key in a row
/// (keystrokes in one text field) form one step until [`History::seal`].
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    sealed: bool,
    next_serial: u64,
    saved_serial: u64,
}

impl History {
    /// Applies an edit as a new undoable step (or extends the open gesture).
    pub fn apply(
        &mut self,
        plan: &mut Plan,
        edit: Edit,
        label: impl Into<String>,
        merge_key: Option<String>,
    ) -> Result<(), EditError> {
        let inverse = apply(plan, edit)?;
        self.redo.clear();
        let merges = !self.sealed
            && merge_key.is_some()
            && self.undo.last().is_some_and(|s| s.merge_key == merge_key);
        if !merges {
            self.next_serial += 1;
            self.undo.push(Step {
                label: label.into(),
                edit: inverse,
                merge_key,
                serial: self.next_serial,
            });
        }
        self.sealed = false;
        Ok(())
    }

    /// Ends the open gesture: the next edit starts a new step.
    pub fn seal(&mut self) {
        self.sealed = true;
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self, plan: &mut Plan) -> Option<String> {
        let step = self.undo.pop()?;
        let label = step.label.clone();
        match apply(plan, step.edit) {
            Ok(redo) => self.redo.push(Step {
                edit: redo,
                ..step_meta(&label, step.serial)
            }),
            Err(_) => self.redo.clear(),
        }
        self.sealed = true;
        Some(label)
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self, plan: &mut Plan) -> Option<String> {
        let step = self.redo.pop()?;
        let label = step.label.clone();
        match apply(plan, step.edit) {
            Ok(undo) => self.undo.push(Step {
                edit: undo,
                ..step_meta(&label, step.serial)
            }),
            Err(_) => self.undo.clear(),
        }
        self.sealed = true;
        Some(label)
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Marks the current state as the one on disk.
    pub fn mark_saved(&mut self) {
        self.saved_serial = self.current_serial();
        self.sealed = true;
    }

    /// Whether the plan differs from the state last marked saved.
    pub fn is_dirty(&self) -> bool {
        self.current_serial() != self.saved_serial
    }

    /// Forgets everything (a new or newly opened plan).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    fn current_serial(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.serial)
    }
}

fn step_meta(label: &str, serial: u64) -> Step {
    Step {
        label: label.to_owned(),
        edit: Edit::Batch(Vec::new()),
        merge_key: None,
        serial,
    }
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
