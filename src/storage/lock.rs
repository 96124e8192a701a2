//! The lock a save holds on a plan from its last check to its rename, so
//! two saves of one plan (two windows, two commands, two colleagues on a
//! shared folder) take turns: the second sees the first one's file and is
//! refused, never both "saved" with one lost.
//!
//! It is an advisory file lock (`flock` on Unix, `LockFileEx` on Windows,
//! through `fs4`) on `.ferry/NAME/lock` beside the plan. The system
//! releases it when its process ends, however it ends, so the lock of a
//! process that died is taken over at once. The file stays (removing it
//! would let two savers lock two different files) and names its last
//! holder, for the message of a save that waited too long.
//!
//! Where the file system has no working locks (some network shares), a
//! save goes ahead with its check alone, and says so once per folder.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use fs4::TryLockError;

use super::SaveError;
use super::versions::{self, Author};

/// How long a save waits for another save of the same plan to end.
pub const LOCK_WAIT: Duration = Duration::from_secs(60);

/// A save's hold on a plan; released when dropped (and by the system when
/// the process ends).
#[derive(Debug)]
pub struct PlanLock {
    file: File,
}

impl Drop for PlanLock {
    fn drop(&mut self) {
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

/// What locking a plan gave.
#[derive(Debug)]
pub enum Locked {
    Held(PlanLock),
    /// Locks do not work here: the save relies on its check alone.
    /// `notice` says so, the first time for this folder in this process.
    Unavailable {
        notice: Option<String>,
    },
}

/// Locks the plan `target` (a real file, not a symlink to one), waiting up
/// to `wait` for another save of it to end. `Err` when it did not end in
/// time: nothing is to be written then.
pub fn lock(target: &Path, wait: Duration, me: &Author) -> Result<Locked, SaveError> {
    let file = match open(target) {
        Ok(file) => file,
        Err(e) => return Ok(unavailable(target, &e)),
    };
    let started = Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {
                note_holder(&file, me);
                return Ok(Locked::Held(PlanLock { file }));
            }
            Err(TryLockError::WouldBlock) => {
                if started.elapsed() >= wait {
                    return Err(SaveError::Busy {
                        path: target.to_owned(),
                        holder: holder(&file),
                        waited: wait,
                    });
                }
                std::thread::sleep(pause.min(wait.saturating_sub(started.elapsed())));
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(TryLockError::Error(e)) => return Ok(unavailable(target, &e)),
        }
    }
}

/// Opens (or makes) the plan's lock file. A lock file another user made
/// and this one may not write is opened to read: it locks all the same.
fn open(target: &Path) -> std::io::Result<File> {
    let shelf = versions::ensure_beside(target)?;
    let path = shelf.join("lock");
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(file) => {
            // Everyone who may write the plan may lock it.
            #[cfg(unix)]
            if let Ok(meta) = std::fs::metadata(target).or_else(|_| std::fs::metadata(&shelf)) {
                use std::os::unix::fs::PermissionsExt as _;
                let mode = meta.permissions().mode() & 0o666;
                let _ = file.set_permissions(std::fs::Permissions::from_mode(mode | 0o600));
            }
            Ok(file)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .or_else(|_| OpenOptions::new().read(true).open(&path)),
        Err(e) => Err(e),
    }
}

/// Folders already told that their saves cannot be locked.
static TOLD: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

fn unavailable(target: &Path, why: &std::io::Error) -> Locked {
    let folder = target.parent().map(Path::to_owned).unwrap_or_default();
    let first = TOLD
        .lock()
        .map(|mut told| told.get_or_insert_with(HashSet::new).insert(folder.clone()))
        .unwrap_or(true);
    Locked::Unavailable {
        notice: first.then(|| {
            format!(
                "saves in {} cannot be locked ({why}): each save still checks just before it replaces a plan that the plan is the one it read, but two saves at the same instant could overlap",
                if folder.as_os_str().is_empty() {
                    ".".to_owned()
                } else {
                    folder.display().to_string()
                }
            )
        }),
    }
}

/// Writes who holds the lock into its file, for a save that waits.
fn note_holder(mut file: &File, me: &Author) {
    let since = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let line = format!("{} {since} {}\n", std::process::id(), me);
    let _ = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(line.as_bytes()));
}

/// Who holds the lock, in words, as its file says.
fn holder(mut file: &File) -> String {
    let mut text = String::new();
    let _ = file
        .rewind()
        .and_then(|()| file.take(1024).read_to_string(&mut text));
    let mut parts = text.trim().splitn(3, ' ');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(pid), Some(since), Some(who)) => {
            let since = since
                .parse::<u64>()
                .map(|s| crate::model::format_time(SystemTime::UNIX_EPOCH + Duration::from_secs(s)))
                .unwrap_or_default();
            format!("{who}, process {pid}, since {since}")
        }
        _ => "another process".to_owned(),
    }
}

#[cfg(test)]
#[path = "lock_tests.rs"]
mod tests;
