//! Undo and redo: the inverse of each edit [`apply`](super::apply) made, one step per
//! user gesture, and which state is the one on disk.

use super::{AssetPositions, Edit, EditError, apply_known};
use crate::model::Plan;

#[derive(Clone, Debug)]
struct Step {
    label: String,
    edit: Edit,
    merge_key: Option<String>,
    serial: u64,
}

/// Undo and redo on top of [`apply`](super::apply). Edits with the same merge key in a row
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
        self.apply_known(plan, edit, label, merge_key, None)
    }

    /// [`History::apply`], with the assets' positions when the caller
    /// knows them (see [`apply_known`]).
    pub fn apply_known(
        &mut self,
        plan: &mut Plan,
        edit: Edit,
        label: impl Into<String>,
        merge_key: Option<String>,
        positions: Option<&AssetPositions>,
    ) -> Result<(), EditError> {
        let inverse = apply_known(plan, edit, positions)?;
        self.redo.clear();
        let merges = self.would_merge(merge_key.as_deref());
        if !merges {
            self.next_serial += 1;
            self.undo.push(Step {
                label: label.into(),
                edit: inverse,
                merge_key,
                serial: self.next_serial,
            });
        } else if let Some(step) = self.undo.last_mut() {
            // The step keeps the state before the first keystroke and is
            // named after the last: "set the bandwidth to 500 Mbit/s",
            // not "to 5".
            step.label = label.into();
        }
        self.sealed = false;
        Ok(())
    }

    /// Whether an edit with this merge key would join the last step (the
    /// next keystroke in the same field) rather than start one.
    pub fn would_merge(&self, merge_key: Option<&str>) -> bool {
        !self.sealed
            && merge_key.is_some()
            && self
                .undo
                .last()
                .is_some_and(|s| s.merge_key.as_deref() == merge_key)
    }

    /// Renames the last step (a gesture's label once it is typed out).
    pub fn relabel_last(&mut self, label: &str) {
        if let Some(step) = self.undo.last_mut() {
            label.clone_into(&mut step.label);
        }
    }

    /// Ends the open gesture: the next edit starts a new step.
    pub fn seal(&mut self) {
        self.sealed = true;
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self, plan: &mut Plan) -> Option<String> {
        self.undo_known(plan, None)
    }

    /// [`History::undo`], with the assets' positions when known.
    pub fn undo_known(
        &mut self,
        plan: &mut Plan,
        positions: Option<&AssetPositions>,
    ) -> Option<String> {
        let step = self.undo.pop()?;
        let label = step.label.clone();
        match apply_known(plan, step.edit, positions) {
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
        self.redo_known(plan, None)
    }

    /// [`History::redo`], with the assets' positions when known.
    pub fn redo_known(
        &mut self,
        plan: &mut Plan,
        positions: Option<&AssetPositions>,
    ) -> Option<String> {
        let step = self.redo.pop()?;
        let label = step.label.clone();
        match apply_known(plan, step.edit, positions) {
            Ok(undo) => self.undo.push(Step {
                edit: undo,
                ..step_meta(&label, step.serial)
            }),
            Err(_) => self.undo.clear(),
        }
        self.sealed = true;
        Some(label)
    }

    /// The edit the next [`History::undo`] applies (the inverse of the
    /// last step), so a caller can tell what it will change.
    pub fn undo_edit(&self) -> Option<&Edit> {
        self.undo.last().map(|s| &s.edit)
    }

    /// The edit the next [`History::redo`] applies.
    pub fn redo_edit(&self) -> Option<&Edit> {
        self.redo.last().map(|s| &s.edit)
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Names the current state; a save in the background marks it saved
    /// when it is written ([`History::mark_saved_at`]). Seals the open
    /// gesture, so later typing makes a state of its own.
    pub fn snapshot_serial(&mut self) -> u64 {
        self.sealed = true;
        self.current_serial()
    }

    /// Marks the state named `serial` as the one on disk: the plan is
    /// unsaved again as soon as it differs from that state.
    pub fn mark_saved_at(&mut self, serial: u64) {
        self.saved_serial = serial;
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

    /// Names the current state (see [`History::snapshot_serial`]).
    pub fn serial(&self) -> u64 {
        self.current_serial()
    }

    fn current_serial(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.serial)
    }

    /// Whether the state named `serial` is the current one or one it was
    /// reached from (a step not undone): what that step brought in is
    /// still in the plan. The start (0) always is.
    pub fn reaches(&self, serial: u64) -> bool {
        serial == 0 || self.undo.iter().any(|s| s.serial == serial)
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
