//! Saving a plan: atomic (a temporary file renamed over the plan), guarded
//! (refused when the file is no longer the one read), serialised (the
//! check and the rename happen under the plan's lock, so two saves take
//! turns), and keeping the version it replaces where colleagues find it.

use std::hash::Hasher as _;
use std::io::{Seek as _, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::lock::{self, Locked};
use super::versions::{self, Author};
use super::writer::Stop;
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
/// file is refused before anything is written, and a plan over the size
/// limit before anything is replaced.
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
    written: Written,
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
    let pending = |written, staged| PendingSave {
        path: path.to_owned(),
        target: target.clone(),
        written,
        staged,
        options: *options,
        author: options.author.cloned().unwrap_or_else(Author::current),
    };
    // Refused early when it is plain that the file changed: no work done.
    pending(Written::of(Vec::new()), None).check(None)?;
    let crlf = crlf(&target);
    let too_large = |bytes| SaveError::TooLarge {
        path: path.to_owned(),
        bytes,
    };
    if std::fs::metadata(&target).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        // A pipe or a device: written into, never replaced.
        let mut text = to_string(plan);
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        if text.len() as u64 > limit {
            return Err(too_large(text.len() as u64));
        }
        return Ok(pending(Written::of(text.into_bytes()), None));
    }
    // The new version is written before the lock is taken: the lock is
    // held only for the check and the rename. It goes to the disk as it
    // is made: the text of a large plan is never in memory at once.
    let io = |e| SaveError::io(path, e);
    let (staged, written) = files::stage_with(path, |file| {
        let written = match write_plan(plan, file, crlf, limit).map_err(io)? {
            Some(written) => written,
            None => {
                // Something only `ron` writes: its text, from the start.
                file.set_len(0).map_err(io)?;
                file.rewind().map_err(io)?;
                let text = to_string(plan);
                let text = if crlf {
                    text.replace('\n', "\r\n")
                } else {
                    text
                };
                if text.len() as u64 <= limit {
                    file.write_all(text.as_bytes()).map_err(io)?;
                }
                Written::of(text.into_bytes()).without_bytes()
            }
        };
        if written.len > limit {
            return Err(too_large(written.len));
        }
        Ok(written)
    })?;
    Ok(pending(written, Some(staged)))
}

/// What a save wrote: enough to know the file again.
struct Written {
    len: u64,
    /// [`files::content_hash`] of the bytes.
    hash: u64,
    /// The bytes, kept only for a pipe or a device (written at commit).
    bytes: Option<Vec<u8>>,
}

impl Written {
    fn of(bytes: Vec<u8>) -> Self {
        Written {
            len: bytes.len() as u64,
            hash: files::content_hash(&bytes),
            bytes: Some(bytes),
        }
    }

    fn without_bytes(self) -> Self {
        Written {
            bytes: None,
            ..self
        }
    }
}

/// Writes the plan's text into `file` with the quick writer, counting
/// and hashing it, with CRLF new lines if `crlf`; past `limit` bytes it
/// writes no more and only counts, to say how large the plan would have
/// been. `None` when the quick writer gave up (nothing useful written).
///
/// The text is made in pieces on this thread while another hashes and
/// writes the pieces before it: at 100,000 assets the two halves of the
/// work take about as long as each other.
fn write_plan(
    plan: &Plan,
    file: &mut std::fs::File,
    crlf: bool,
    limit: u64,
) -> std::io::Result<Option<Written>> {
    use std::sync::mpsc;
    let (pieces, to_write) = mpsc::sync_channel::<Vec<u8>>(4);
    let (spare, spares) = mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> std::io::Result<(u64, u64)> {
            // The same hash as `content_hash` of the whole: the hasher
            // takes its input in pieces.
            let mut hasher = std::hash::DefaultHasher::new();
            let mut len = 0u64;
            for mut piece in to_write {
                hasher.write(&piece);
                len += piece.len() as u64;
                if len <= limit {
                    file.write_all(&piece)?;
                }
                piece.clear();
                let _ = spare.send(piece);
            }
            Ok((len, hasher.finish()))
        });
        let mut out = Pieces {
            buffer: Vec::with_capacity(PIECE + 1024),
            pieces,
            spares,
            crlf,
        };
        let made = super::write_canonical(plan, &mut out).and_then(|()| Ok(out.send()?));
        drop(out);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("writing the plan failed")));
        match made {
            Ok(()) => written.map(|(len, hash)| {
                Some(Written {
                    len,
                    hash,
                    bytes: None,
                })
            }),
            // The writer's own error says why the pieces stopped going.
            Err(Stop::Io(e)) => Err(written.err().unwrap_or(e)),
            Err(Stop::GiveUp) => written.map(|_| None),
        }
    })
}

/// The text of a plan, gathered in pieces for the writing thread.
struct Pieces {
    buffer: Vec<u8>,
    pieces: std::sync::mpsc::SyncSender<Vec<u8>>,
    spares: std::sync::mpsc::Receiver<Vec<u8>>,
    crlf: bool,
}

const PIECE: usize = 256 * 1024;

impl Pieces {
    /// Hands the gathered piece to the writing thread.
    fn send(&mut self) -> std::io::Result<()> {
        let next = self
            .spares
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(PIECE + 1024));
        let piece = std::mem::replace(&mut self.buffer, next);
        self.pieces
            .send(piece)
            .map_err(|_| std::io::Error::other("the plan's file stopped taking text"))
    }
}

impl Write for Pieces {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.crlf {
            for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
                if i > 0 {
                    self.buffer.extend_from_slice(b"\r\n");
                }
                self.buffer.extend_from_slice(line);
            }
        } else {
            self.buffer.extend_from_slice(bytes);
        }
        if self.buffer.len() >= PIECE {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.write(bytes).map(|_| ())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> PendingSave<'a> {
    /// Refused when the file is no longer the one expected.
    fn check(&self, current: Option<u64>) -> Result<(), SaveError> {
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
        let written = &pending.written;
        let baseline = || Baseline {
            stamp: super::stamp(target),
            hash: Some(written.hash),
        };
        let Some(staged) = staged else {
            pending.check(None)?;
            let text = written.bytes.as_deref().unwrap_or_default();
            files::write_into(target, path, text, PIPE_WAIT)?;
            return Ok(SaveReport {
                saved: Saved::Written,
                baseline: baseline(),
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
            Some(s) if s.len == written.len || Some(s.len) == expected_len => {
                current_hash(target).map_err(|e| SaveError::io(path, e))?
            }
            _ => None,
        };
        pending.check(current.map(|(_, hash)| hash))?;
        // The same bytes: the size and hash say so at once, and the staged
        // file, compared with it, proves it.
        let same = match current {
            Some((len, hash)) if len == written.len && hash == written.hash => staged
                .same_bytes_as(target)
                .map_err(|e| SaveError::io(path, e))?,
            _ => false,
        };
        if same {
            return Ok(SaveReport {
                saved: Saved::Unchanged,
                baseline: baseline(),
                kept: None,
                notice,
            });
        }
        let mut kept = None;
        if let Some(keep) = &pending.options.keep {
            kept = versions::keep(target, keep.home, &keep.limits).map_err(
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
        let baseline = baseline();
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

/// The length and [`files::content_hash`] of the plan file as it is now,
/// read a piece at a time (a plan of 100,000 assets is never held whole
/// for it); `None` when there is none.
fn current_hash(target: &Path) -> std::io::Result<Option<(u64, u64)>> {
    match std::fs::metadata(target) {
        Ok(meta) if meta.is_file() => {
            if meta.len() > MAX_FILE_BYTES {
                return Err(std::io::Error::other(
                    "the file there is larger than a plan may be",
                ));
            }
            files::file_content_hash(target).map(Some)
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
