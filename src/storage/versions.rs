//! Kept versions of a plan. Before a save replaces a plan, the version it
//! replaces is copied into a hidden folder beside the plan
//! (`.ferry/NAME/`), readable by whoever can read the plan, so a colleague
//! can bring back what another overwrote. Where that folder cannot be
//! written, the copy goes to the user's own data folder instead.
//!
//! Each copy is labelled with when its version was *written* and by whom
//! (user and machine): a save notes who wrote the plan it leaves on disk
//! (`written-by`), and the save that later replaces it reads that note.
//! The newest copies are kept, within a count and a total size.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

/// The hidden folder beside plans that holds their kept versions and
/// locks, one folder per plan file inside it.
pub const HIDDEN_FOLDER: &str = ".ferry";

/// How many versions of a plan are kept, and how many bytes they may take
/// together; the newest is kept whatever its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub count: usize,
    pub bytes: u64,
}

impl Limits {
    /// Twenty versions within 256 MiB: a day's saves of a large plan, and
    /// room for a few of the largest.
    pub const DEFAULT: Limits = Limits {
        count: 20,
        bytes: 256 * 1024 * 1024,
    };
}

/// Who wrote a version: a user on a machine.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Author {
    pub user: String,
    pub host: String,
}

impl Author {
    pub fn new(user: impl Into<String>, host: impl Into<String>) -> Self {
        Self {
            user: user.into(),
            host: host.into(),
        }
    }

    /// The user running this process, on this machine.
    pub fn current() -> Author {
        static ME: OnceLock<Author> = OnceLock::new();
        ME.get_or_init(|| {
            let env = |keys: &[&str]| {
                keys.iter()
                    .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
            };
            let user = whoami::username()
                .ok()
                .filter(|u| !u.trim().is_empty())
                .or_else(|| env(&["USER", "LOGNAME", "USERNAME"]))
                .unwrap_or_else(|| "unknown user".to_owned());
            let host = whoami::hostname()
                .ok()
                .filter(|h| !h.trim().is_empty())
                .or_else(|| env(&["HOSTNAME", "COMPUTERNAME"]))
                .unwrap_or_else(|| "unknown machine".to_owned());
            Author { user, host }
        })
        .clone()
    }

    /// The author as a part of a file name: `user@host`, escaped.
    fn to_name(&self) -> String {
        format!("{}@{}", escape(&self.user), escape(&self.host))
    }

    fn from_name(name: &str) -> Option<Author> {
        let (user, host) = name.split_once('@')?;
        Some(Author {
            user: unescape(user)?,
            host: unescape(host)?,
        })
    }
}

impl std::fmt::Display for Author {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} on {}", self.user, self.host)
    }
}

/// Letters, digits, `.`, `-` and `_` as they are; every other byte as
/// `%XX`, so any user or machine name makes a portable file name.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn unescape(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

/// Where a kept version is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// In the hidden folder beside the plan: everyone who can read the
    /// plan can restore it.
    Beside,
    /// In this user's data folder (the plan's folder could not hold it).
    Home,
}

/// One kept version of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptVersion {
    pub path: PathBuf,
    /// When this version of the plan was written (not when it was
    /// replaced).
    pub written: SystemTime,
    /// Who wrote it; `None` when something other than Ferry wrote it (an
    /// editor, git, a sync client), or it was kept before authors were.
    pub author: Option<Author>,
    pub place: Place,
    pub bytes: u64,
}

impl KeptVersion {
    /// What a person reads: "2026-05-01 23:00:40 UTC by alice on laptop-a".
    pub fn label(&self) -> String {
        let when = crate::model::format_time(self.written);
        match &self.author {
            Some(author) => format!("{when} by {author}"),
            None => format!("{when} (written outside Ferry)"),
        }
    }

    /// The kept version at `path`, from its file name; `None` when the
    /// name is not one Ferry gives.
    pub fn at(path: &Path) -> Option<KeptVersion> {
        let name = path.file_name()?.to_str()?;
        let stem = name.strip_suffix(".ron")?;
        let (nanos, author) = match stem.split_once('~') {
            Some((nanos, author)) => (nanos, Some(Author::from_name(author)?)),
            None => (stem, None),
        };
        if nanos.is_empty() || !nanos.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let written = time_of(nanos.parse().ok()?)?;
        let place = if path
            .parent()
            .and_then(Path::parent)
            .and_then(Path::file_name)
            .is_some_and(|n| n == HIDDEN_FOLDER)
        {
            Place::Beside
        } else {
            Place::Home
        };
        Some(KeptVersion {
            path: path.to_owned(),
            written,
            author,
            place,
            bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
        })
    }
}

/// The file name of a version written at `written` by `author`: the time
/// first (zero-padded nanoseconds, so names sort as times do).
fn version_name(written: SystemTime, author: Option<&Author>) -> String {
    let nanos = written
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    match author {
        Some(a) => format!("{nanos:024}~{}.ron", a.to_name()),
        None => format!("{nanos:024}.ron"),
    }
}

/// The folder beside `plan` (a real file, not a symlink to one) that holds
/// its kept versions and its lock: `.ferry/NAME/` in the plan's folder.
pub fn beside(plan: &Path) -> PathBuf {
    let dir = match plan.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    dir.join(HIDDEN_FOLDER).join(super::file_name(plan))
}

/// The folder for one plan's versions in a user's data folder (`root`,
/// such as `…/ferry/backups`): its file name and a hash of its full path,
/// so two `plan.ron` in different folders do not mix.
pub fn home(root: &Path, plan: &Path) -> PathBuf {
    let full = std::path::absolute(plan).unwrap_or_else(|_| plan.to_owned());
    let hash = stable_hash(full.to_string_lossy().as_bytes());
    let name: String = super::file_name(plan)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    root.join(format!("{name}-{hash:016x}"))
}

/// Ferry's folder in the user's data (the app's own: `$XDG_DATA_HOME/ferry`
/// or `~/.local/share/ferry` on Linux, `~/Library/Application Support/ferry`
/// on macOS, `%APPDATA%\ferry\data` on Windows). Versions that cannot go
/// beside a plan go to `backups/` in it.
pub fn data_dir() -> Option<PathBuf> {
    if cfg!(windows) {
        return std::env::var_os("APPDATA").map(|p| PathBuf::from(p).join("ferry").join("data"));
    }
    if cfg!(target_os = "macos") {
        return std::env::home_dir().map(|h| h.join("Library/Application Support/ferry"));
    }
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::home_dir().map(|h| h.join(".local").join("share")))
        .map(|p| p.join("ferry"))
}

/// The root of the versions kept in a user's data folder `data_dir`.
pub fn home_root(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// FNV-1a: the same on every machine and every version of Ferry (std's
/// hasher is not), for folder names found again in every run.
fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Every kept version of `plan`, newest first: beside it and, with
/// `home_root`, in the user's data folder.
pub fn list(plan: &Path, home_root: Option<&Path>) -> Vec<KeptVersion> {
    let target = super::real_target(plan).unwrap_or_else(|_| plan.to_owned());
    let mut all = list_in(&beside(&target));
    if let Some(root) = home_root {
        all.extend(list_in(&home(root, &target)));
        if target != plan {
            // Copies kept under the link's own name before it was followed.
            all.extend(list_in(&home(root, plan)));
        }
    }
    all.sort_by(|a, b| b.written.cmp(&a.written).then(a.path.cmp(&b.path)));
    all.dedup_by(|a, b| a.path == b.path);
    all
}

fn list_in(dir: &Path) -> Vec<KeptVersion> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<KeptVersion> = entries
        .filter_map(Result::ok)
        .filter_map(|e| KeptVersion::at(&e.path()))
        .collect();
    found.sort_by_key(|v| std::cmp::Reverse(v.written));
    found
}

/// A save's note of who wrote the plan it left on disk.
const NOTE: &str = "written-by";

/// Who wrote the file that has this stamp, as the note in `shelf` says,
/// and when. The stamp (size, time, file identity) tells a file Ferry
/// wrote from one changed since by anything else, without reading it.
fn note_for(shelf: &Path, stamp: &super::DiskStamp) -> Option<(SystemTime, Author)> {
    let text = std::fs::read_to_string(shelf.join(NOTE)).ok()?;
    let mut parts = text.split_whitespace();
    let nanos: u128 = parts.next()?.parse().ok()?;
    let noted = parts.next()?;
    let author = Author::from_name(parts.next()?)?;
    if noted != stamp_text(stamp) {
        return None;
    }
    Some((time_of(nanos)?, author))
}

/// Who wrote the plan `target` as it is now, and when, as the note of
/// the save that wrote it says (beside the plan, else under `home_root`);
/// `None` when something other than Ferry wrote it, or changed it since.
pub fn written_by(target: &Path, home_root: Option<&Path>) -> Option<(SystemTime, Author)> {
    let stamp = super::stamp(target)?;
    note_for(&beside(target), &stamp)
        .or_else(|| home_root.and_then(|root| note_for(&home(root, target), &stamp)))
}

/// A file's stamp as the note writes it: size, modification time in
/// nanoseconds and file identity.
fn stamp_text(stamp: &super::DiskStamp) -> String {
    let modified = stamp
        .modified
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{}/{modified}/{}", stamp.len, stamp.inode)
}

fn time_of(nanos: u128) -> Option<SystemTime> {
    Some(
        SystemTime::UNIX_EPOCH
            + Duration::new(
                u64::try_from(nanos / 1_000_000_000).ok()?,
                u32::try_from(nanos % 1_000_000_000).ok()?,
            ),
    )
}

/// Makes `dir` if it is not there, with the mode of the folder `like`
/// (a shared folder's group write and set-group-id bits included), so
/// every colleague who can write the plan's folder can keep versions.
fn make_dir_like(dir: &Path, like: &Path) -> std::io::Result<()> {
    match std::fs::create_dir(dir) {
        Ok(()) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                if let Ok(meta) = std::fs::metadata(like) {
                    let mode = meta.permissions().mode() & 0o7777;
                    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode));
                }
            }
            #[cfg(not(unix))]
            let _ = like;
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

/// The folder beside the plan `target` for its versions and lock, made
/// when missing (with a `.gitignore`, so a plan kept in git does not pick
/// up its versions).
pub fn ensure_beside(target: &Path) -> std::io::Result<PathBuf> {
    let shelf = beside(target);
    let (Some(hidden), Some(folder)) = (shelf.parent(), shelf.parent().and_then(Path::parent))
    else {
        return Err(std::io::Error::other("the plan has no folder"));
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    make_dir_like(hidden, folder)?;
    let ignore = hidden.join(".gitignore");
    if !ignore.exists() {
        let _ = std::fs::write(&ignore, "# Ferry's kept versions and locks\n*\n");
    }
    make_dir_like(&shelf, folder)?;
    Ok(shelf)
}

/// Keeps the version of the plan `target` about to be replaced beside the
/// plan, else under `home_root`; then keeps only the newest within
/// `limits` there. The file is linked, not copied, where the file system
/// allows (the save's rename then leaves its bytes, time and mode only
/// there, at no cost); otherwise copied (`current`: its bytes, when the
/// caller has read them). Returns where it went; `Ok(None)` when there was
/// nothing to keep, or it was kept already.
pub(super) fn keep(
    target: &Path,
    home_root: Option<&Path>,
    limits: &Limits,
) -> std::io::Result<Option<PathBuf>> {
    let Some(stamp) = super::stamp(target) else {
        return Ok(None);
    };
    let home_shelf = home_root.map(|root| home(root, target));
    let noted = note_for(&beside(target), &stamp)
        .or_else(|| home_shelf.as_deref().and_then(|s| note_for(s, &stamp)));
    let (written, author) = match noted {
        Some((when, author)) => (when, Some(author)),
        None => (stamp.modified.unwrap_or_else(SystemTime::now), None),
    };
    let name = version_name(written, author.as_ref());
    let put = |shelf: &Path| -> std::io::Result<Option<PathBuf>> {
        let kept = shelf.join(&name);
        if std::fs::metadata(&kept).is_ok_and(|m| m.len() == stamp.len) {
            return Ok(None);
        }
        if std::fs::hard_link(target, &kept).is_err() {
            // No hard links here (some shared folders): a copy.
            let bytes = std::fs::read(target)?;
            super::files::write_replacing(&kept, &bytes, super::PIPE_WAIT).map_err(
                |e| match e {
                    super::SaveError::Io { source, .. } => source,
                    other => std::io::Error::other(other.to_string()),
                },
            )?;
            if let Ok(meta) = std::fs::metadata(target) {
                // Readable (and writable) by whoever can read the plan.
                let _ = std::fs::set_permissions(&kept, meta.permissions());
            }
        }
        prune(shelf, limits);
        Ok(Some(kept))
    };
    let beside_error = match ensure_beside(target).and_then(|shelf| put(&shelf)) {
        Ok(kept) => return Ok(kept),
        Err(e) => e,
    };
    match home_shelf {
        Some(shelf) => {
            std::fs::create_dir_all(&shelf)?;
            put(&shelf)
        }
        None => Err(beside_error),
    }
}

/// Keeps the newest versions in `shelf` within `limits` (the newest
/// whatever its size); removes the others it may remove.
fn prune(shelf: &Path, limits: &Limits) {
    let mut total = 0u64;
    for (i, version) in list_in(shelf).into_iter().enumerate() {
        total = total.saturating_add(version.bytes);
        if i > 0 && (i >= limits.count || total > limits.bytes) {
            let _ = std::fs::remove_file(&version.path);
        }
    }
}

/// Notes that `author` wrote the plan `target` (now with `stamp`) just
/// now, beside the plan (else in `home_root`), so the save that replaces
/// this version can say whose it was.
pub(super) fn note_written(
    target: &Path,
    stamp: &super::DiskStamp,
    author: &Author,
    home_root: Option<&Path>,
) {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let line = format!("{nanos} {} {}\n", stamp_text(stamp), author.to_name());
    let write = |shelf: &Path| -> std::io::Result<()> {
        // Replaced whole, by whoever saves next: never half written.
        super::files::write_replacing(&shelf.join(NOTE), line.as_bytes(), super::PIPE_WAIT)
            .map_err(|e| std::io::Error::other(e.to_string()))
    };
    if ensure_beside(target)
        .and_then(|shelf| write(&shelf))
        .is_ok()
    {
        return;
    }
    if let Some(shelf) = home_root.map(|root| home(root, target))
        && std::fs::create_dir_all(&shelf).is_ok()
    {
        let _ = write(&shelf);
    }
}

#[cfg(test)]
#[path = "versions_tests.rs"]
mod tests;
