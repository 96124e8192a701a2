//! The file system, carefully: reading within a size limit whatever the file
//! is (a pipe, a device), and writing without damaging what Ferry does not
//! own (a read-only file, a symlink's target, a file replaced meanwhile, its
//! owner and mode).

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{DiskStamp, MAX_FILE_BYTES, SaveError};

/// How long a read from a pipe or device may wait for its first bytes.
pub const PIPE_WAIT: Duration = Duration::from_secs(30);

/// Why bytes could not be read within the limits.
#[derive(Debug)]
pub enum ReadFailure {
    Io(std::io::Error),
    /// More than `limit` bytes; `bytes` is the size when it is known.
    TooLarge {
        bytes: Option<u64>,
        limit: u64,
    },
    /// A pipe or device that gave binary data (a NUL byte or bytes that are
    /// not UTF-8) at this offset: not a text file.
    NotText {
        offset: u64,
    },
    /// A pipe that no one wrote to within the wait.
    NoWriter {
        waited: Duration,
    },
}

/// Reads a whole file, refusing more than `limit` bytes. A regular file is
/// measured before it is read; anything else (a pipe, `/dev/zero`,
/// `/dev/urandom`) is read on a worker thread through the same limit, so
/// it can neither grow without bound nor hang without saying so. With
/// `text_only`, a non-regular input that is plainly binary is refused at
/// its first bad bytes rather than after `limit` of them.
pub fn read_limited(
    path: &Path,
    limit: u64,
    wait: Duration,
    text_only: bool,
) -> Result<Vec<u8>, ReadFailure> {
    let meta = std::fs::metadata(path).map_err(|e| {
        ReadFailure::Io(if is_link_loop(&e) {
            link_loop_error()
        } else {
            e
        })
    })?;
    if meta.is_dir() {
        return Err(ReadFailure::Io(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a folder, not a file",
        )));
    }
    if meta.is_file() {
        if meta.len() > limit {
            return Err(ReadFailure::TooLarge {
                bytes: Some(meta.len()),
                limit,
            });
        }
        let mut data = Vec::with_capacity(meta.len() as usize);
        let mut file = std::fs::File::open(path)
            .map_err(ReadFailure::Io)?
            .take(limit + 1);
        // In pieces, so a large file on a slow share shows its progress;
        // each read straight into the buffer.
        loop {
            match (&mut file).take(1 << 20).read_to_end(&mut data) {
                Ok(0) => break,
                Ok(n) => crate::progress::add_bytes(n as u64),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ReadFailure::Io(e)),
            }
        }
        if data.len() as u64 > limit {
            // It grew while it was read.
            return Err(ReadFailure::TooLarge { bytes: None, limit });
        }
        return Ok(data);
    }
    // Opening a pipe blocks until someone writes to it: do it on a thread
    // that may be left behind, and stop waiting after `wait`.
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_owned();
    let spawned = std::thread::Builder::new()
        .name("ferry-read".into())
        .spawn(move || {
            let _ = tx.send(read_stream(&owned, limit, text_only));
        });
    if let Err(e) = spawned {
        return Err(ReadFailure::Io(e));
    }
    match rx.recv_timeout(wait) {
        Ok(result) => result,
        Err(_) => Err(ReadFailure::NoWriter { waited: wait }),
    }
}

fn read_stream(path: &Path, limit: u64, text_only: bool) -> Result<Vec<u8>, ReadFailure> {
    let mut file = std::fs::File::open(path).map_err(ReadFailure::Io)?;
    let mut data = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut checked = 0usize;
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => return Ok(data),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadFailure::Io(e)),
        };
        if (data.len() + n) as u64 > limit {
            return Err(ReadFailure::TooLarge { bytes: None, limit });
        }
        data.extend_from_slice(&chunk[..n]);
        if text_only {
            if let Some(i) = data[checked..].iter().position(|b| *b == 0) {
                return Err(ReadFailure::NotText {
                    offset: (checked + i) as u64,
                });
            }
            match std::str::from_utf8(&data[checked..]) {
                Ok(_) => checked = data.len(),
                Err(e) if e.error_len().is_some() => {
                    return Err(ReadFailure::NotText {
                        offset: (checked + e.valid_up_to()) as u64,
                    });
                }
                // A character cut by the chunk's end: check it next time.
                Err(e) => checked += e.valid_up_to(),
            }
        }
    }
}

/// How many symbolic links a path may pass through before it counts as a
/// loop (the system's own limit is 40 on Linux).
const MAX_LINKS: usize = 40;

/// Whether an error is the system's "too many levels of symbolic links".
pub fn is_link_loop(e: &std::io::Error) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const ELOOP: i32 = 40;
    #[cfg(not(any(target_os = "linux", target_os = "android", windows)))]
    const ELOOP: i32 = 62;
    #[cfg(windows)]
    const ELOOP: i32 = 1921; // ERROR_CANT_RESOLVE_FILENAME
    e.raw_os_error() == Some(ELOOP)
}

/// The error of a path that is a symbolic link leading in a circle.
pub fn link_loop_error() -> std::io::Error {
    std::io::Error::other(format!(
        "it is a symbolic link that leads in a circle (or through more than {MAX_LINKS} links)"
    ))
}

/// The file a path really names: a symlink (or a chain of them) is
/// followed to its target, even a target that does not exist yet, so a
/// save replaces the real file and leaves the link in place. A link that
/// leads in a circle is an error: writing "through" it would replace the
/// link itself with a file.
pub fn real_target(path: &Path) -> std::io::Result<PathBuf> {
    match std::fs::canonicalize(path) {
        Ok(real) => return Ok(real),
        Err(e) if is_link_loop(&e) => return Err(link_loop_error()),
        Err(_) => {}
    }
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        let meta = match std::fs::symlink_metadata(&current) {
            Ok(meta) => meta,
            Err(e) if is_link_loop(&e) => return Err(link_loop_error()),
            // Not there (yet): this is the file to create.
            Err(_) => return Ok(current),
        };
        if !meta.file_type().is_symlink() {
            return Ok(current);
        }
        let target = std::fs::read_link(&current)?;
        current = if target.is_absolute() {
            target
        } else {
            current
                .parent()
                .map_or_else(|| target.clone(), |p| p.join(&target))
        };
    }
    Err(link_loop_error())
}

/// Whether two paths name the same file (same device and inode), so a
/// command never writes its output over its own input.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Whether the file exists and may not be written. Its owner's write bit
/// decides (mode 0444 or 0466 is read-only, even to root, who could write
/// it): that is how a team marks a plan "do not change"; then, whether
/// this process may write it at all.
pub fn refuses_writes(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if meta.permissions().mode() & 0o200 == 0 {
            return true;
        }
    }
    if meta.permissions().readonly() {
        return true;
    }
    // Opening for writing without truncating changes nothing.
    matches!(
        std::fs::OpenOptions::new().write(true).open(path),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied
    )
}

const TEMP_PREFIX: &str = ".ferry-save-";
const TEMP_SUFFIX: &str = ".tmp";

/// A new version of a file, written and flushed beside it (next to the real
/// target, through symlinks), not yet in its place: [`Staged::commit`]
/// renames it over the file; dropping it removes it.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    /// The file it replaces.
    pub target: PathBuf,
    dir: PathBuf,
    /// The path the caller named, for messages.
    path: PathBuf,
}

/// Writes `bytes` to a temporary file next to the file `path` really
/// names, flushed and given the replaced file's owner, group and mode (or
/// the umask's mode for a new file). Nothing is replaced yet.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, SaveError> {
    let err = |source| SaveError::Io {
        path: path.to_owned(),
        source,
    };
    stage_with(path, |file| file.write_all(bytes).map_err(err)).map(|(staged, ())| staged)
}

/// [`stage`], with the new version written by `write` into the temporary
/// file (as it is made, so it need not be in memory at once). An error of
/// `write` leaves nothing behind.
pub fn stage_with<T>(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<T, SaveError>,
) -> Result<(Staged, T), SaveError> {
    let err = |source| SaveError::Io {
        path: path.to_owned(),
        source,
    };
    let target = real_target(path).map_err(|_| SaveError::LinkLoop {
        path: path.to_owned(),
    })?;
    let existing = std::fs::metadata(&target).ok();
    if existing.as_ref().is_some_and(std::fs::Metadata::is_dir) {
        return Err(err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a folder",
        )));
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // Created with 0666 less the umask, like any new file; the mode of
        // a file being replaced is copied below.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(err)?;
    let written = write(tmp.as_file_mut())?;
    if let Some(meta) = existing.as_ref().filter(|m| m.is_file()) {
        keep_owner_and_mode(tmp.as_file(), meta).map_err(err)?;
    }
    tmp.as_file().sync_all().map_err(err)?;
    Ok((
        Staged {
            tmp,
            target,
            dir,
            path: path.to_owned(),
        },
        written,
    ))
}

impl Staged {
    /// Whether the bytes staged are those of the file at `other`, read
    /// side by side a piece at a time.
    pub fn same_bytes_as(&self, other: &Path) -> std::io::Result<bool> {
        same_bytes(self.tmp.path(), other)
    }

    /// Renames the new version over the file: the file is the old version
    /// or the new one, whole, at every moment.
    pub fn commit(self) -> Result<(), SaveError> {
        let path = self.path;
        self.tmp
            .persist(&self.target)
            .map_err(|e| SaveError::io(&path, e.error))?;
        remove_stale_temporaries(&self.dir);
        if let Ok(d) = std::fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// Writes bytes to the file `path` names, atomically ([`stage`], then
/// [`Staged::commit`]). A path that names a pipe or a device is written
/// into instead of replaced, giving up after `wait` without a reader.
pub fn write_replacing(path: &Path, bytes: &[u8], wait: Duration) -> Result<(), SaveError> {
    let target = real_target(path).map_err(|_| SaveError::LinkLoop {
        path: path.to_owned(),
    })?;
    if std::fs::metadata(&target).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return write_into(&target, path, bytes, wait);
    }
    stage(path, bytes)?.commit()
}

/// Writes bytes into a pipe or a device (never replacing it) on a worker
/// thread: opening a pipe waits for a reader, and writing waits for the
/// reader to take what was written. Gives up when either waits longer
/// than `wait`; the worker is left to end when the pipe does.
pub fn write_into(
    target: &Path,
    path: &Path,
    bytes: &[u8],
    wait: Duration,
) -> Result<(), SaveError> {
    let (tx, rx) = std::sync::mpsc::channel::<Result<bool, std::io::Error>>();
    let owned = target.to_owned();
    let data = bytes.to_vec();
    let spawned = std::thread::Builder::new()
        .name("ferry-write".into())
        .spawn(move || {
            let mut out = match std::fs::OpenOptions::new().write(true).open(&owned) {
                Ok(out) => out,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            for chunk in data.chunks(64 * 1024) {
                if let Err(e) = out.write_all(chunk) {
                    let _ = tx.send(Err(e));
                    return;
                }
                // Progress: the reader is taking what is written.
                if tx.send(Ok(false)).is_err() {
                    return;
                }
            }
            let _ = tx.send(out.flush().map(|()| true));
        });
    if let Err(e) = spawned {
        return Err(SaveError::io(path, e));
    }
    loop {
        match rx.recv_timeout(wait) {
            Ok(Ok(true)) => return Ok(()),
            Ok(Ok(false)) => {}
            Ok(Err(e)) => return Err(SaveError::io(path, e)),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(SaveError::io(
                    path,
                    std::io::Error::other("the writing stopped before it ended"),
                ));
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                return Err(SaveError::NoReader {
                    path: path.to_owned(),
                    waited: wait,
                });
            }
        }
    }
}

/// Gives the new file the replaced file's mode, and its owner and group
/// where this process may (root may; others keep at least the group when
/// they belong to it).
fn keep_owner_and_mode(file: &std::fs::File, old: &std::fs::Metadata) -> std::io::Result<()> {
    file.set_permissions(old.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let mine = file.metadata()?;
        if mine.uid() != old.uid() || mine.gid() != old.gid() {
            if std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
                let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
            }
            // chown may clear set-id bits: set the mode again.
            file.set_permissions(old.permissions())?;
        }
    }
    Ok(())
}

/// Whether the process `pid` of this machine is running; `None` where
/// that cannot be told (no `/proc`).
pub fn process_alive(pid: u32) -> Option<bool> {
    if !Path::new("/proc/self").exists() {
        return None;
    }
    Some(Path::new("/proc").join(pid.to_string()).exists())
}

/// Removes temporary files that an interrupted save (a kill, a power cut)
/// left in the folder: at once when the process that wrote one is gone,
/// otherwise after an hour; never a save in progress.
pub fn remove_stale_temporaries(dir: &Path) {
    const STALE: Duration = Duration::from_secs(3600);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(rest) = name
            .strip_prefix(TEMP_PREFIX)
            .filter(|_| name.ends_with(TEMP_SUFFIX))
        else {
            continue;
        };
        let writer: Option<u32> = rest.split('-').next().and_then(|p| p.parse().ok());
        let writer_gone = writer
            .is_some_and(|pid| pid != std::process::id() && process_alive(pid) == Some(false));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE);
        if writer_gone || old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A hash of a file's bytes, to tell "touched" from "changed".
/// Whether two files hold the same bytes, read side by side a piece at a
/// time: a plan of 100,000 assets is never held whole for it.
pub fn same_bytes(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::io::Read as _;
    let (mut a, mut b) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut x)?;
        if read_full(&mut b, &mut y[..n])? != n {
            return Ok(false);
        }
        if x[..n] != y[..n] {
            return Ok(false);
        }
        if n < x.len() {
            // `a` ended: the same only if `b` ends too.
            return Ok(b.read(&mut y[..1])? == 0);
        }
    }
}

/// Fills `buffer` as far as the file goes; how many bytes it got.
fn read_full(file: &mut std::fs::File, buffer: &mut [u8]) -> std::io::Result<usize> {
    use std::io::Read as _;
    let mut got = 0;
    while got < buffer.len() {
        match file.read(&mut buffer[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// [`content_hash`] of a file and its length, read a piece at a time.
pub fn file_content_hash(path: &Path) -> std::io::Result<(u64, u64)> {
    use std::hash::Hasher as _;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = std::hash::DefaultHasher::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut len = 0u64;
    loop {
        let n = read_full(&mut file, &mut buffer)?;
        // The hasher takes its input in pieces: the same hash as the
        // whole's.
        hasher.write(&buffer[..n]);
        len += n as u64;
        if n < buffer.len() {
            return Ok((len, hasher.finish()));
        }
    }
}

pub fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher as _;
    // Fixed keys: the same bytes give the same hash within and across runs
    // of one build, which is all this comparison needs.
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// What a plan file was when it was read: a save checks it again just
/// before it replaces the file, so a file someone else changed meanwhile
/// is never overwritten silently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Baseline {
    /// `None`: there was no file.
    pub stamp: Option<DiskStamp>,
    pub hash: Option<u64>,
}

impl Baseline {
    /// The baseline of a path that has no file yet.
    pub const ABSENT: Baseline = Baseline {
        stamp: None,
        hash: None,
    };

    /// The baseline of bytes just read from or written to `path`.
    pub fn of(path: &Path, bytes: &[u8]) -> Baseline {
        Baseline {
            stamp: super::stamp(path),
            hash: Some(content_hash(bytes)),
        }
    }

    /// Why the file at `path` is no longer the one this baseline
    /// describes; `None` when it still is. The size and time decide when
    /// they match; when they differ the content decides, so a file only
    /// touched (or rewritten with the same bytes) is still ours.
    pub fn changed(&self, path: &Path) -> Option<String> {
        self.changed_given(path, None)
    }

    /// [`Baseline::changed`], with the hash of the file's bytes when the
    /// caller has just worked it out (so they are not read again).
    pub fn changed_given(&self, path: &Path, hash: Option<u64>) -> Option<String> {
        let now = super::stamp(path);
        match (self.stamp, now) {
            (None, None) => None,
            (None, Some(_)) => Some("a file was created there meanwhile".to_owned()),
            // Gone: someone deleted or moved it. Writing it again would
            // bring back a plan they meant to remove, or leave a second
            // copy beside the one they moved: never without asking.
            (Some(_), None) => Some("it was deleted or moved".to_owned()),
            (Some(before), Some(after)) => {
                if before.len != after.len {
                    return Some(describe_change(after));
                }
                if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
                    // A pipe or device has no content to compare.
                    return (before != after).then(|| describe_change(after));
                }
                // Same size: the bytes decide (a time that did not move is
                // not proof: clocks are coarse and inodes are reused).
                let hash = hash.or_else(|| file_content_hash(path).ok().map(|(_, hash)| hash));
                if hash.is_some() && hash == self.hash {
                    None
                } else {
                    Some(describe_change(after))
                }
            }
        }
    }
}

fn describe_change(now: DiskStamp) -> String {
    match now.modified {
        Some(t) => format!(
            "it was changed by someone else (at {})",
            crate::model::format_time(t)
        ),
        None => "it was changed by someone else".to_owned(),
    }
}

/// The limit a plan file is read with, for callers outside this module.
pub fn read_plan_bytes(path: &Path) -> Result<Vec<u8>, ReadFailure> {
    read_limited(path, MAX_FILE_BYTES, PIPE_WAIT, true)
}

#[cfg(test)]
#[path = "files_tests.rs"]
mod tests;
