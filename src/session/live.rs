//! Keeping the open plan in step with its file.
//!
//! - **Live mode** (File › Work live on this file, remembered per plan):
//!   each change is saved through the locked, guarded save within
//!   [`LIVE_SAVE_AFTER`] of the last edit, and a change on disk is merged
//!   in as soon as it is seen — one undoable change that keeps the user's
//!   own unsaved edits, told in a quiet notice naming who saved it. Only a
//!   real conflict (both changed the same field) asks, with the merge
//!   dialog. Two windows working live on one plan, editing different
//!   things, end with the same file holding both.
//! - **Otherwise**, a window with no unsaved changes reloads a changed
//!   file by itself and says what came in; with unsaved changes, the
//!   change is shown (Merge, Reload, Keep mine).

use super::*;

/// How long after the last edit a plan working live is saved: a pause in
/// typing, well within two seconds.
pub const LIVE_SAVE_AFTER: f64 = 1.0;

/// Live mode's state.
#[derive(Clone, Debug, Default)]
pub(super) struct Live {
    pub on: bool,
    /// The revision of the plan last seen, and when it changed.
    seen_revision: Option<u64>,
    edited_at: f64,
    /// A save refused with a question at this revision: not tried again
    /// until the plan changes.
    held_back: Option<u64>,
    /// A change on disk that could not be read (a sync client still
    /// writing it): not tried again until it changes again.
    unreadable: Option<storage::DiskStamp>,
}

/// What keeping in step did, for the window to show.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Changes from disk came in (merged, or reloaded): a quiet notice.
    CameIn(Notice),
    /// The change on disk conflicts with mine: decide in the merge dialog
    /// ([`Session::apply_merge`] or [`Session::cancel_merge`]).
    Conflicts {
        conflicts: Vec<Conflict>,
        changes: usize,
        sides: Sides,
    },
    /// A save was refused because the file holds changes the plan no
    /// longer has (a merge undone): ask, as a save does.
    Ask(SaveOutcome),
    Failed(Notice),
}

impl Live {
    /// Live mode as a plan starts: on or off, nothing seen yet.
    pub(super) fn starting(on: bool) -> Live {
        Live {
            on,
            ..Live::default()
        }
    }
}

impl Session {
    /// Whether the open plan works live.
    pub fn live(&self) -> bool {
        self.live.on
    }

    /// Whether the open plan is one remembered to work live.
    pub(super) fn live_plan(&self) -> bool {
        self.doc
            .path
            .as_deref()
            .and_then(|p| std::path::absolute(p).ok())
            .is_some_and(|p| self.live_plans.contains(&p))
    }

    /// Turns live mode on or off for the open plan, and remembers it for
    /// this plan. What it means, in a sentence; an error when the plan
    /// has no file it may write.
    pub fn set_live(&mut self, on: bool) -> Notice {
        let Some(path) = self.doc.path.clone() else {
            return Notice::error(
                "Save the plan to a file first: working live saves every change to it.",
            );
        };
        if on && self.doc.read_only {
            return Notice::error(format!(
                "{} is read-only: it cannot be worked on live. Save as… a copy to work on.",
                storage::file_name(&path)
            ));
        }
        self.live = Live::starting(on);
        let key = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        if on {
            self.live_plans.insert(key);
        } else {
            self.live_plans.remove(&key);
        }
        self.follow_beside();
        let name = storage::file_name(&path);
        if on {
            Notice::info(format!(
                "Working live on {name}: each change is saved within two seconds, and what others save comes in by itself. Only when two of you change the same thing are you asked."
            ))
        } else {
            Notice::info(format!(
                "No longer working live on {name}: save with Ctrl+S; a change saved elsewhere is shown before it comes in."
            ))
        }
    }

    /// Keeps the plan in step with its file; called once a frame, after
    /// [`Session::check_disk`], with the time in seconds. Working live:
    /// merges a change on disk in, and saves the plan once edits pause.
    /// Otherwise: reloads a changed file when the plan has no unsaved
    /// changes. Returns when to call again (`None`: when something
    /// happens), and what to show.
    pub fn keep_in_step(&mut self, now: f64) -> (Option<Duration>, Option<Step>) {
        if self.saving() || self.pending_merge.is_some() || self.opening.is_some() {
            return (None, None);
        }
        if let Some(step) = self.take_in_change() {
            return (None, Some(step));
        }
        if !self.live.on {
            return (None, None);
        }
        // A file moved or deleted is written again only when the user
        // saves: someone may have meant it.
        if matches!(self.disk_notice, Some(DiskNotice::Gone)) {
            return (None, None);
        }
        let revision = self.doc.revision;
        let has_file = self.doc.path.is_some() && !self.doc.read_only;
        if !self.doc.is_dirty() || !has_file || self.live.held_back == Some(revision) {
            return (None, None);
        }
        if self.live.seen_revision != Some(revision) {
            self.live.seen_revision = Some(revision);
            self.live.edited_at = now;
        }
        let waited = now - self.live.edited_at;
        if waited < LIVE_SAVE_AFTER {
            return (
                Some(Duration::from_secs_f64(LIVE_SAVE_AFTER - waited)),
                None,
            );
        }
        match self.save() {
            SaveOutcome::Started | SaveOutcome::Queued | SaveOutcome::Saved => (None, None),
            SaveOutcome::ChangedOnDisk { undone: None, .. } => {
                // Someone saved since: their change comes in first (the
                // merge is then saved at the next pause).
                if let Some(path) = &self.doc.path
                    && let Some(stamp) = storage::stamp(path)
                {
                    self.disk_notice = Some(DiskNotice::Changed(stamp));
                }
                (None, self.take_in_change())
            }
            SaveOutcome::NeedsPath => {
                self.live.held_back = Some(revision);
                (None, None)
            }
            outcome @ SaveOutcome::ChangedOnDisk { .. } => {
                self.live.held_back = Some(revision);
                (None, Some(Step::Ask(outcome)))
            }
            SaveOutcome::Failed(notice) => {
                self.live.held_back = Some(revision);
                (None, Some(Step::Failed(notice)))
            }
        }
    }

    /// A change on disk to take in now: merged working live, reloaded
    /// when the plan has no unsaved changes; `None` otherwise.
    fn take_in_change(&mut self) -> Option<Step> {
        let Some(DiskNotice::Changed(stamp)) = self.disk_notice.clone() else {
            return None;
        };
        if self.kept_mine == Some(stamp) || self.live.unreadable == Some(stamp) {
            return None;
        }
        if self.live.on {
            return Some(match self.merge_from_disk() {
                MergeOutcome::Merged(notice) => Step::CameIn(notice),
                MergeOutcome::Conflicts {
                    conflicts,
                    changes,
                    sides,
                } => Step::Conflicts {
                    conflicts,
                    changes,
                    sides,
                },
                MergeOutcome::Failed(notice) => {
                    self.live.unreadable = Some(stamp);
                    Step::Failed(notice)
                }
            });
        }
        if self.doc.is_dirty() {
            return None;
        }
        Some(match self.reload() {
            Ok(text) => Step::CameIn(Notice::info(format!(
                "{text} Reloaded, as you had no unsaved changes; undo (Ctrl+Z) brings back what you had."
            ))),
            Err(notice) => {
                self.live.unreadable = Some(stamp);
                Step::Failed(notice)
            }
        })
    }
}

#[cfg(test)]
#[path = "live_tests.rs"]
mod tests;
