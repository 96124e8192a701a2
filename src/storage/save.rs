//! Saving a plan: atomic (a temporary file renamed over the plan), guarded
//! (refused when the file is no longer the one read), serialised (the
//! check and the rename happen under the plan's lock, so two saves take
//! turns), and keeping the version it replaces where colleagues find it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::lock::{self, Locked};
use super::versions::{self, Author};
use super::{Baseline, MAX_FILE_BYTES, PIPE_WAIT, SaveError, files, to_string};
use crate::model::Plan;

/// What a save did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Written,
    /// The file already held exactly these bytes: nothing was written, so
    /// git sees no change and the file's time stays.
    Unchanged,
}

/// What a save did, and what the caller needs next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveReport {
    pub saved: Saved,
    /// The file now on disk: what the next save expects to find.
    pub baseline: Baseline,
    /// Where the replaced version was kept, when one was.
    pub kept: Option<PathBuf>,
    /// Something to tell the user, once: this folder's saves cannot be
    /// locked.
    pub notice: Option<String>,
}

/// Keep the version a save replaces ([`versions`]): beside the plan, or,
/// where its folder cannot hold it, under `home` (a folder such as
/// `…/ferry/backups` of the user's data).
#[derive(Clone, Copy, Debug)]
pub struct Keep<'a> {
    pub home: Option<&'a Path>,
    pub limits: versions::Limits,
}

impl<'a> Keep<'a> {
    /// Beside the plan, else under `home`, within the default limits.
    pub fn versions(home: Option<&'a Path>) -> Self {
        Self {
            home,
            limits: versions::Limits::DEFAULT,
        }
    }
}

/// How a save guards what is on disk and what it keeps.
#[derive(Clone, Copy, Debug)]
pub struct SaveOptions<'a> {
    /// The file as it was read ([`super::load_with_baseline`]) or last
    /// written: when it is no longer that file (changed, deleted, or
    /// created where there was none), the save is refused and nothing is
    /// written. `None` replaces whatever is there (the user chose to
    /// overwrite).
    pub expected: Option<&'a Baseline>,
    /// Keep the version the save replaces; `None` keeps nothing.
    pub keep: Option<Keep<'a>>,
    /// Who saves, for the kept versions' labels; `None`: the user running
    /// this process.
    pub author: Option<&'a Author>,
    /// How long to wait for another save of the same plan to end.
    pub lock_wait: Duration,
}

impl Default for SaveOptions<'_> {
    fn default() -> Self {
        Self {
            expected: None,
            keep: None,
            author: None,
            lock_wait: lock::LOCK_WAIT,
        }
    }
}

/// Saves a plan atomically: a temporary file next to the real file is
/// written, flushed to disk and renamed over it, so the file on disk is
/// always either the old plan or the new one, never half of each. The line
/// endings of the file being replaced are kept (CRLF stays CRLF), and so
/// are its owner, group and mode; a symlink is saved through. A read-only
/// file or a plan over the size limit is refused before anything is
/// written.
pub fn save(plan: &Plan, path: &Path) -> Result<Saved, SaveError> {
    save_with(plan, path, &SaveOptions::default()).map(|report| report.saved)
}

/// Saves a plan with the guards of `options` ([`save`] says how it is
/// written). The last check that the file is still the expected one, the
/// keeping of the replaced version and the rename happen while the plan's
/// lock is held: of two saves racing over one plan, the second finds the
/// first one's file.
pub fn save_with(
    plan: &Plan,
    path: &Path,
    options: &SaveOptions<'_>,
) -> Result<SaveReport, SaveError> {
    save_within(plan, path, options, MAX_FILE_BYTES)
}

pub(super) fn save_within(
    plan: &Plan,
    path: &Path,
    options: &SaveOptions<'_>,
    limit: u64,
) -> Result<SaveReport, SaveError> {
    prepare_within(plan, path, options, limit)?.lock()?.commit()
}

/// A save in its steps, as [`save_with`] takes them in one go: the new
/// version written beside the plan ([`prepare`]), the plan's lock taken
/// ([`PendingSave::lock`]), then the check, the keeping of the replaced
/// version and the rename ([`LockedSave::commit`]).
pub struct PendingSave<'a> {
    path: PathBuf,
    target: PathBuf,
    text: Vec<u8>,
    /// The new version beside the plan; `None` for a pipe or a device,
    /// written into instead.
    staged: Option<files::Staged>,
    options: SaveOptions<'a>,
    author: Author,
}

/// A save holding the plan's lock: no other save of the plan can check
/// or replace it until this one is committed or dropped.
pub struct LockedSave<'a> {
    pending: PendingSave<'a>,
    held: Option<lock::PlanLock>,
    notice: Option<String>,
}

/// The first step of a save: refused at once when the plan plainly
/// cannot be written (read-only, a link loop, changed already, too large);
/// otherwise the new version is written and flushed beside the plan.
pub fn prepare<'a>(
    plan: &Plan,
    path: &Path,
    options: &SaveOptions<'a>,
) -> Result<PendingSave<'a>, SaveError> {
    prepare_within(plan, path, options, MAX_FILE_BYTES)
}

fn prepare_within<'a>(
    plan: &Plan,
    path: &Path,
    options: &SaveOptions<'a>,
    limit: u64,
) -> Result<PendingSave<'a>, SaveError> {
    let target = files::real_target(path).map_err(|_| SaveError::LinkLoop {
        path: path.to_owned(),
    })?;
    if files::refuses_writes(&target) {
        return Err(SaveError::ReadOnly {
            path: path.to_owned(),
        });
    }
    let pending = |text: Vec<u8>, staged| PendingSave {
        path: path.to_owned(),
        target: target.clone(),
        text,
        staged,
        options: *options,
        author: options.author.cloned().unwrap_or_else(Author::current),
    };
    // Refused early when it is plain that the file changed: no work done.
    pending(Vec::new(), None).check(None)?;
    let mut text = to_string(plan);
    if crlf(&target) {
        text = text.replace('\n', "\r\n");
    }
    if text.len() as u64 > limit {
        return Err(SaveError::TooLarge {
            path: path.to_owned(),
            bytes: text.len() as u64,
        });
    }
    if std::fs::metadata(&target).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        // A pipe or a device: written into, never replaced.
        return Ok(pending(text.into_bytes(), None));
    }
    // The new version is written before the lock is taken: the lock is
    // held only for the check and the rename.
    let staged = files::stage(path, text.as_bytes())?;
    Ok(pending(text.into_bytes(), Some(staged)))
}

impl<'a> PendingSave<'a> {
    /// Refused when the file is no longer the one expected.
    fn check(&self, current: Option<&[u8]>) -> Result<(), SaveError> {
        match self
            .options
            .expected
            .and_then(|b| b.changed_given(&self.target, current))
        {
            Some(why) => Err(SaveError::ChangedOnDisk {
                path: self.path.clone(),
                why,
            }),
            None => Ok(()),
        }
    }

    /// Takes the plan's lock, waiting up to the options' `lock_wait` for
    /// another save of it to end ([`SaveError::Busy`] after that). Where
    /// locks do not work, goes on without (and says so once).
    pub fn lock(self) -> Result<LockedSave<'a>, SaveError> {
        if self.staged.is_none() {
            // A pipe has nothing to lock.
            return Ok(LockedSave {
                pending: self,
                held: None,
                notice: None,
            });
        }
        let (held, notice) = match lock::lock(&self.target, self.options.lock_wait, &self.author)? {
            Locked::Held(held) => (Some(held), None),
            Locked::Unavailable { notice } => (None, notice),
        };
        Ok(LockedSave {
            pending: self,
            held,
            notice,
        })
    }
}

impl LockedSave<'_> {
    /// Checks that the file is still the one expected, keeps the version
    /// it replaces and renames the new one over it; then lets go of the
    /// lock. Refused (nothing written) when the file changed.
    pub fn commit(self) -> Result<SaveReport, SaveError> {
        let LockedSave {
            mut pending,
            held,
            notice,
        } = self;
        let staged = pending.staged.take();
        let path = &pending.path;
        let target = &pending.target;
        let text = &pending.text;
        let Some(staged) = staged else {
            pending.check(None)?;
            files::write_into(target, path, text, PIPE_WAIT)?;
            return Ok(SaveReport {
                saved: Saved::Written,
                baseline: Baseline::of(target, text),
                kept: None,
                notice,
            });
        };
        // Until the rename, no other save of this plan runs. The file is
        // read only when its size says the bytes must decide: it may be
        // the one expected, or already hold these bytes.
        let now = super::stamp(target);
        let expected_len = pending
            .options
            .expected
            .and_then(|b| b.stamp)
            .map(|s| s.len);
        let current = match now {
            Some(s) if s.len == text.len() as u64 || Some(s.len) == expected_len => {
                read_current(target).map_err(|e| SaveError::io(path, e))?
            }
            _ => None,
        };
        pending.check(current.as_deref())?;
        if current.as_deref() == Some(text.as_slice()) {
            return Ok(SaveReport {
                saved: Saved::Unchanged,
                baseline: Baseline::of(target, text),
                kept: None,
                notice,
            });
        }
        let mut kept = None;
        if let Some(keep) = &pending.options.keep {
            kept = versions::keep(target, current.as_deref(), keep.home, &keep.limits).map_err(
                |source| {
                    SaveError::io(
                        path,
                        std::io::Error::new(
                            source.kind(),
                            format!(
                                "the version it would replace could not be kept ({source}); nothing was written"
                            ),
                        ),
                    )
                },
            )?;
        }
        if let Err(e) = staged.commit() {
            // Not replaced after all: the plan is still that version, and
            // a kept link to it would change with it.
            if let Some(kept) = &kept {
                let _ = std::fs::remove_file(kept);
            }
            return Err(e);
        }
        let baseline = Baseline::of(target, text);
        if let (Some(keep), Some(stamp)) = (&pending.options.keep, &baseline.stamp) {
            versions::note_written(target, stamp, &pending.author, keep.home);
        }
        drop(held);
        Ok(SaveReport {
            saved: Saved::Written,
            baseline,
            kept,
            notice,
        })
    }
}

/// Whether the file being replaced has CRLF line endings (its first line
/// says): a save keeps them.
fn crlf(target: &Path) -> bool {
    use std::io::Read as _;
    if !std::fs::metadata(target).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(target).and_then(|f| f.take(64 * 1024).read_to_end(&mut head));
    read.is_ok() && head.windows(2).any(|w| w == b"\r\n")
}

/// The bytes of the plan file as it is now; `None` when there is none.
fn read_current(target: &Path) -> std::io::Result<Option<Vec<u8>>> {
    match std::fs::metadata(target) {
        Ok(meta) if meta.is_file() => {
            match files::read_limited(target, MAX_FILE_BYTES, PIPE_WAIT, false) {
                Ok(bytes) => Ok(Some(bytes)),
                Err(files::ReadFailure::Io(e)) => Err(e),
                Err(_) => Err(std::io::Error::other(
                    "the file there is larger than a plan may be",
                )),
            }
        }
        Ok(_) => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes bytes to `path` through a temporary file and a rename (through a
/// symlink to its target; into a pipe or device rather than over it,
/// giving up after 30 s without a reader).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    files::write_replacing(path, bytes, PIPE_WAIT)
}

/// Writes a command's output (a report, an export) to `path`, refusing a
/// path that is one of the command's `inputs` (a report over its own plan),
/// a read-only file, or a symbolic link that leads in a circle.
pub fn write_output(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), SaveError> {
    if let Some(input) = inputs.iter().find(|i| files::same_file(path, i)) {
        return Err(SaveError::SameAsInput {
            path: path.to_owned(),
            input: input.to_path_buf(),
        });
    }
    let target = files::real_target(path).map_err(|_| SaveError::LinkLoop {
        path: path.to_owned(),
    })?;
    if files::refuses_writes(&target) {
        return Err(SaveError::ReadOnly {
            path: path.to_owned(),
        });
    }
    write_atomically(path, bytes)
}
