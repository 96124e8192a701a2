//! Saving the open plan through the locked, guarded save on a worker
//! thread, what it expects to find on disk (the version the plan holds),
//! how the plan stands against its file, and the versions kept beside it.

use super::*;

/// What a save is asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum SaveRequest {
    /// To the plan's file, only while it is still the one read.
    Checked,
    /// To this path, replacing whatever is there.
    To(PathBuf),
}

/// A save running on a worker thread, with what it wrote.
pub(super) struct SaveJob {
    path: PathBuf,
    /// The history's state that was written.
    serial: u64,
    /// The plan that was written: the next merge's base.
    snapshot: Arc<Plan>,
    /// The step through which the written plan holds others' changes.
    through: Option<u64>,
    result: std::sync::mpsc::Receiver<Result<storage::SaveReport, storage::SaveError>>,
}

impl Session {
    /// Saves to the plan's file, unless it changed on disk since it was
    /// read (then nothing is written and the caller asks the user). The
    /// file is written on a worker thread ([`SaveOutcome::Started`]);
    /// while another save runs, this one waits for it.
    pub fn save(&mut self) -> SaveOutcome {
        self.request_save(SaveRequest::Checked)
    }

    /// Saves to `path` (replacing whatever is there: the user chose it)
    /// and makes it the plan's file.
    pub fn save_to(&mut self, path: &Path) -> SaveOutcome {
        self.request_save(SaveRequest::To(path.to_owned()))
    }

    /// Whether a save or a recovery copy is being written.
    pub fn writing(&self) -> bool {
        self.saving() || self.autosaving.is_some()
    }

    /// Whether a save is being written.
    pub fn saving(&self) -> bool {
        self.saving.is_some() || self.queued_save.is_some()
    }

    fn request_save(&mut self, request: SaveRequest) -> SaveOutcome {
        if self.saving.is_some() {
            // The later request stands for both: it writes the newer plan.
            self.queued_save = Some(request);
            return SaveOutcome::Queued;
        }
        self.start_save(request)
    }

    fn start_save(&mut self, request: SaveRequest) -> SaveOutcome {
        let (path, expected) = match request {
            SaveRequest::To(path) => (path, None),
            SaveRequest::Checked => {
                let Some(path) = self.doc.path.clone() else {
                    return SaveOutcome::NeedsPath;
                };
                if self.doc.read_only {
                    return SaveOutcome::NeedsPath;
                }
                match self.expected_on_disk(&path) {
                    Ok(expected) => (path, Some(expected)),
                    Err(outcome) => return outcome,
                }
            }
        };
        // A snapshot costs a pointer per asset: the plan stays editable
        // while the worker writes it.
        let snapshot = Arc::new(self.doc.plan.clone());
        let serial = self.doc.history.snapshot_serial();
        let through = self.doc.through_now();
        let home = self.data_dir.as_deref().map(storage::versions::home_root);
        let author = self.author.clone();
        let (send, result) = std::sync::mpsc::channel();
        let plan = Arc::clone(&snapshot);
        let target = path.clone();
        let spawned = std::thread::Builder::new()
            .name("ferry-save".into())
            .spawn(move || {
                let options = storage::SaveOptions {
                    expected: expected.as_ref(),
                    keep: Some(storage::Keep::versions(home.as_deref())),
                    author: Some(&author),
                    ..storage::SaveOptions::default()
                };
                let _ = send.send(storage::save_with(&plan, &target, &options));
            });
        if let Err(e) = spawned {
            return SaveOutcome::Failed(Notice::error(format!(
                "{} could not be saved: no thread to write it ({e}). Your changes are still here, unsaved.",
                storage::file_name(&path)
            )));
        }
        self.saving = Some(SaveJob {
            path,
            serial,
            snapshot,
            through,
            result,
        });
        SaveOutcome::Started
    }

    /// What a save to the plan's own file expects to find there: the
    /// version last read or written here, as long as the plan holds it;
    /// nothing, when the file was deleted (saving writes it again). The
    /// outcome to return instead when the file holds changes the plan
    /// does not.
    fn expected_on_disk(&self, path: &Path) -> Result<storage::Baseline, SaveOutcome> {
        let now = storage::stamp(path);
        let Some(disk) = self.doc.disk() else {
            // Never read from or written to this file: only a new file.
            return match now {
                None => Ok(storage::Baseline::ABSENT),
                Some(_) => Err(SaveOutcome::ChangedOnDisk {
                    when: changed_when(path),
                    undone: None,
                }),
            };
        };
        if now.is_none() {
            // Deleted or moved: writing it again loses nobody's work, and
            // a file created there meanwhile is not replaced.
            return Ok(storage::Baseline::ABSENT);
        }
        if !self.doc.holds(disk) {
            return Err(SaveOutcome::ChangedOnDisk {
                when: disk.when(),
                undone: self.doc.undone_step().map(str::to_owned),
            });
        }
        if now != disk.baseline.stamp {
            // Someone else wrote the file since: never overwrite their
            // work without asking. (The worker checks again, content and
            // all, under the plan's lock.)
            return Err(SaveOutcome::ChangedOnDisk {
                when: changed_when(path),
                undone: None,
            });
        }
        Ok(disk.baseline)
    }

    /// Saves to the plan's file through the locked, guarded save and
    /// waits for it: how it went.
    pub fn save_and_wait(&mut self) -> SaveOutcome {
        match self.save() {
            SaveOutcome::Started | SaveOutcome::Queued => self
                .wait_for_save()
                .unwrap_or_else(|| SaveOutcome::Failed(Notice::error("The save did not end."))),
            other => other,
        }
    }

    /// News from the last save to show once (such as: saves in this
    /// folder cannot be locked).
    pub fn take_news(&mut self) -> Option<Notice> {
        self.news.take()
    }

    /// How the plan stands against its file, for the status bar.
    pub fn file_state(&self) -> FileState {
        if self.saving() {
            FileState::Saving
        } else if matches!(self.disk_notice, Some(DiskNotice::Changed(_))) {
            FileState::DiffersFromDisk
        } else if self.doc.is_dirty() {
            FileState::Unsaved
        } else if self.doc.path.is_none() {
            FileState::NoFile
        } else {
            FileState::Saved
        }
    }

    /// The user keeps their plan over the change on disk that has this
    /// stamp: the banner goes, and the plan counts as unsaved (it is not
    /// what the file holds); saving asks before replacing theirs.
    pub fn keep_mine(&mut self, stamp: storage::DiskStamp) {
        self.kept_mine = Some(stamp);
        self.doc.keep_over_file();
    }

    /// How the save in the background went, once it has ended (then a
    /// save that waited for it starts). `None` while it runs or when
    /// there is none.
    pub fn poll_save(&mut self) -> Option<SaveOutcome> {
        let job = self.saving.as_ref()?;
        let result = match job.result.try_recv() {
            Ok(result) => result,
            Err(std::sync::mpsc::TryRecvError::Empty) => return None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(storage::SaveError::io(
                &job.path,
                std::io::Error::other("the save stopped before it ended"),
            )),
        };
        let job = self.saving.take()?;
        let outcome = self.saved(job, result);
        if let Some(next) = self.queued_save.take() {
            // Only after a save that went well: a failure or a conflict
            // is for the user to answer first.
            if outcome == SaveOutcome::Saved {
                match self.start_save(next) {
                    SaveOutcome::Started => return Some(outcome),
                    other => return Some(other),
                }
            }
        }
        Some(outcome)
    }

    /// Waits for the saves in the background to end; how the last went.
    pub fn wait_for_save(&mut self) -> Option<SaveOutcome> {
        let mut last = None;
        while self.saving.is_some() {
            match self.poll_save() {
                Some(outcome) => last = Some(outcome),
                None => std::thread::sleep(Duration::from_millis(2)),
            }
        }
        last
    }

    /// Takes in the end of a save.
    fn saved(
        &mut self,
        job: SaveJob,
        result: Result<storage::SaveReport, storage::SaveError>,
    ) -> SaveOutcome {
        let path = job.path;
        match result {
            Err(storage::SaveError::ChangedOnDisk { .. }) => SaveOutcome::ChangedOnDisk {
                when: changed_when(&path),
                undone: None,
            },
            Ok(report) => {
                // The recovery copy is not needed unless the plan changed
                // while it was written; one being written is removed when
                // it is done ([`Session::autosave`]).
                if self.doc.history.serial() == job.serial && self.autosaving.is_none() {
                    self.drop_recovery();
                }
                let moved = self.doc.path.as_deref() != Some(path.as_path());
                self.doc.path = Some(path.clone());
                self.doc.on_disk(DiskVersion {
                    baseline: report.baseline,
                    plan: job.snapshot,
                    through: job.through,
                });
                self.doc.is_example = false;
                self.doc.read_only = false;
                self.disk_notice = None;
                self.kept_mine = None;
                // Unsaved again if it changed while it was written.
                self.doc.history.mark_saved_at(job.serial);
                self.remember(&path);
                if moved {
                    let _ = self.take_lock();
                }
                if let Some(text) = report.notice {
                    self.news = Some(Notice::info(format!("Saved. Note: {text}.")));
                }
                SaveOutcome::Saved
            }
            Err(e) => SaveOutcome::Failed(Notice::error(format!(
                "{e}. Your changes are still here, unsaved; try Save as… to another folder."
            ))),
        }
    }

    /// The kept versions of the open plan, newest first: beside it (any
    /// colleague's saves) and in this user's data folder.
    pub fn kept_versions(&self) -> Vec<KeptVersion> {
        let Some(path) = &self.doc.path else {
            return Vec::new();
        };
        let home = self.data_dir.as_deref().map(storage::versions::home_root);
        storage::versions::list(path, home.as_deref())
    }

    /// Brings back a kept version of the plan (a file of
    /// [`Session::kept_versions`]) as one undoable change, labelled with
    /// when that version was written and by whom.
    pub fn restore_version(&mut self, version: &Path) -> Notice {
        match storage::load(version) {
            Ok(plan) => {
                let what = match KeptVersion::at(version) {
                    Some(kept) => format!("the version of {}", kept.label()),
                    None => {
                        let when = std::fs::metadata(version)
                            .and_then(|m| m.modified())
                            .map(crate::model::format_time)
                            .unwrap_or_default();
                        format!("the version of {when}")
                    }
                };
                let label = format!("restore {what}");
                match self
                    .doc
                    .apply(Edit::ReplacePlan(Box::new(plan)), &label, None)
                {
                    Ok(()) => Notice::info(format!(
                        "Restored {what}. Undo (Ctrl+Z) brings back what you had; save to keep it."
                    )),
                    Err(e) => Notice::error(format!("The version could not be restored: {e}")),
                }
            }
            Err(e) => Notice::error(format!("That version could not be read: {e}")),
        }
    }
}
