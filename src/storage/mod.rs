//! RON load and save: the v1 file contract, format versions, safe writes.
//!
//! Loading never panics and never recurses without bound: every failure is a
//! [`LoadError`] that names the file, line and column. Saving is
//! deterministic and atomic (temporary file in the same folder, then rename).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{FORMAT_VERSION, IdKind, Plan, new_id};

pub mod recovery;

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a plan could not be loaded. Its `Display` is the message for the user:
/// `FILE:LINE:COLUMN: what is wrong`.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: the file is {bytes} bytes, more than the {} MiB a plan may have", path.display(), MAX_FILE_BYTES / (1024 * 1024))]
    TooLarge { path: PathBuf, bytes: u64 },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{}: the plan is in format {found}, written by a newer Ferry; this version reads format {supported} and older. Open it with a newer Ferry; the file was not changed",
        path.display()
    )]
    NewerFormat {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{}: format {found} is not a Ferry plan format (expected 1 to {supported})", path.display())]
    UnknownFormat {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
}

impl LoadError {
    /// The line and column, when the error has a position.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::Syntax { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// Why a plan could not be saved; the file on disk is left as it was.
#[derive(Debug, thiserror::Error)]
#[error("{} could not be saved: {source}", path.display())]
pub struct SaveError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Reads and parses a plan file.
pub fn load(path: &Path) -> Result<Plan, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let bytes = std::fs::metadata(path).map_err(io)?.len();
    if bytes > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            bytes,
        });
    }
    let data = std::fs::read(path).map_err(io)?;
    parse_bytes(&data, path)
}

/// Parses a plan from bytes; `path` only names the source in errors.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<Plan, LoadError> {
    let text = match std::str::from_utf8(data) {
        Ok(text) => text,
        Err(e) => {
            let valid = &data[..e.valid_up_to()];
            let (line, column) = line_column(valid);
            return Err(LoadError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: "the file is not UTF-8 text".to_owned(),
            });
        }
    };
    parse(text, path)
}

/// Parses a plan from text; `path` only names the source in errors.
pub fn parse(text: &str, path: &Path) -> Result<Plan, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match ron::from_str::<Plan>(text) {
        Ok(mut plan) => {
            check_version(plan.format, path)?;
            migrate(&mut plan);
            Ok(plan)
        }
        Err(err) => {
            // A newer file may have fields this version does not know: the
            // version is the real reason, so say that first.
            if let Ok(FormatProbe { format }) = ron::from_str::<FormatProbe>(text)
                && format > FORMAT_VERSION
            {
                check_version(format, path)?;
            }
            Err(LoadError::Syntax {
                path: path.to_owned(),
                line: err.span.start.line,
                column: err.span.start.col,
                message: describe(&err.code),
            })
        }
    }
}

#[derive(Deserialize)]
struct FormatProbe {
    #[serde(default)]
    format: u32,
}

fn check_version(found: u32, path: &Path) -> Result<(), LoadError> {
    if found > FORMAT_VERSION {
        return Err(LoadError::NewerFormat {
            path: path.to_owned(),
            found,
            supported: FORMAT_VERSION,
        });
    }
    if found == 0 {
        return Err(LoadError::UnknownFormat {
            path: path.to_owned(),
            found,
            supported: FORMAT_VERSION,
        });
    }
    Ok(())
}

/// Brings a plan read in an older format up to the current one, and fills in
/// what a short hand-written file may leave out (ids, the three activities).
fn migrate(plan: &mut Plan) {
    // Format 1 is the first; later versions add their steps here, in order.
    plan.format = FORMAT_VERSION;
    plan.normalize();
    for p in plan.parties.iter_mut().filter(|p| p.id.is_empty()) {
        p.id = new_id(IdKind::Party);
    }
    for w in plan.workloads.iter_mut().filter(|w| w.id.is_empty()) {
        w.id = new_id(IdKind::Workload);
    }
    for a in plan.assets.iter_mut().filter(|a| a.id.is_empty()) {
        a.id = new_id(IdKind::Asset);
    }
    for l in plan.log.iter_mut().filter(|l| l.id.is_empty()) {
        l.id = new_id(IdKind::Log);
    }
}

/// The user-facing text of a RON error, with a suggestion for a misspelt
/// field or variant.
fn describe(code: &ron::Error) -> String {
    match code {
        ron::Error::NoSuchStructField {
            expected, found, ..
        } => {
            let mut text = format!("unknown field `{found}`");
            if let Some(close) = closest(found, expected) {
                text.push_str(&format!(" — did you mean `{close}`?"));
            } else if !expected.is_empty() {
                text.push_str(&format!(" (expected one of: {})", expected.join(", ")));
            }
            text
        }
        ron::Error::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let mut text = format!("unknown value `{found}`");
            if let Some(close) = closest(found, expected) {
                text.push_str(&format!(" — did you mean `{close}`?"));
            } else {
                text.push_str(&format!(" (expected one of: {})", expected.join(", ")));
            }
            text
        }
        ron::Error::ExceededRecursionLimit => "the data is nested too deeply".to_owned(),
        ron::Error::MissingStructField { field, .. } if *field == "format" => {
            "missing `format`: is this a Ferry plan?".to_owned()
        }
        other => other.to_string(),
    }
}

/// The candidate nearest to `found` by edit distance, if it is close.
fn closest<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(found, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn line_column(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
    let start = prefix
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, column)
}

/// The canonical text of a plan: pretty RON, four-space indent, one field per
/// line, maps sorted. The same plan always gives the same bytes.
pub fn to_string(plan: &Plan) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false);
    match ron::ser::to_string_pretty(plan, config) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        // Plain data with string keys cannot fail to serialise; keep the
        // error visible in the output rather than panic if it ever did.
        Err(e) => format!("// could not serialise the plan: {e}\n"),
    }
}

/// What a save did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Written,
    /// The file already held exactly these bytes: nothing was written, so
    /// git sees no change and the file's time stays.
    Unchanged,
}

/// Saves a plan atomically: a temporary file in the same folder is written,
/// flushed to disk and renamed over the target, so the file on disk is
/// always either the old plan or the new one, never half of each. The line
/// endings of the file being replaced are kept (CRLF stays CRLF).
pub fn save(plan: &Plan, path: &Path) -> Result<Saved, SaveError> {
    save_keeping(plan, path, None)
}

/// Like [`save`], and first keeps the file being replaced as a backup in
/// `backups` (root folder, how many to keep) when the save changes it.
pub fn save_keeping(
    plan: &Plan,
    path: &Path,
    backups: Option<(&Path, usize)>,
) -> Result<Saved, SaveError> {
    let mut text = to_string(plan);
    let old = std::fs::metadata(path)
        .ok()
        .filter(|m| m.len() <= MAX_FILE_BYTES)
        .and_then(|_| std::fs::read(path).ok());
    if let Some(old) = &old
        && old.windows(2).any(|w| w == b"\r\n")
    {
        text = text.replace('\n', "\r\n");
    }
    if old.as_deref() == Some(text.as_bytes()) {
        return Ok(Saved::Unchanged);
    }
    if let (Some(_), Some((root, keep))) = (&old, backups) {
        backups::take(root, path, keep).map_err(|source| SaveError {
            path: path.to_owned(),
            source: std::io::Error::new(
                source.kind(),
                format!(
                    "the previous version could not be kept in {} ({source}); nothing was written",
                    root.display()
                ),
            ),
        })?;
    }
    write_atomically(path, text.as_bytes())?;
    Ok(Saved::Written)
}

/// Writes bytes to `path` through a temporary file and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    let err = |source| SaveError {
        path: path.to_owned(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".ferry-save-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    if let Ok(meta) = std::fs::metadata(path) {
        // Keep the permissions of the file being replaced.
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path).map_err(|e| err(e.error))?;
    remove_stale_temporaries(&dir);
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Copies of a plan file as it was before saves, kept in a folder of the
/// user's data (never beside the plan), the newest `keep` per plan.
pub mod backups {
    use std::path::{Path, PathBuf};
    use std::time::SystemTime;

    /// One kept version of a plan.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Backup {
        pub path: PathBuf,
        pub taken: SystemTime,
    }

    /// The folder for one plan's backups: its file name and a hash of its
    /// full path, so two `plan.ron` in different folders do not mix.
    pub fn folder(root: &Path, plan: &Path) -> PathBuf {
        let full = std::path::absolute(plan).unwrap_or_else(|_| plan.to_owned());
        // FNV-1a: stable across runs and Rust versions, unlike std's hasher.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in full.to_string_lossy().as_bytes() {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
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

    /// Copies the plan file as it is now into its backup folder, then keeps
    /// only the newest `keep`. Nothing to copy is not an error.
    pub fn take(root: &Path, plan: &Path, keep: usize) -> std::io::Result<Option<PathBuf>> {
        let Ok(bytes) = std::fs::read(plan) else {
            return Ok(None);
        };
        let dir = folder(root, plan);
        std::fs::create_dir_all(&dir)?;
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let target = dir.join(format!("{nanos:024}.ron"));
        super::write_atomically(&target, &bytes).map_err(|e| e.source)?;
        let all = list(root, plan);
        for old in all.iter().skip(keep) {
            let _ = std::fs::remove_file(&old.path);
        }
        Ok(Some(target))
    }

    /// The kept versions of a plan, newest first.
    pub fn list(root: &Path, plan: &Path) -> Vec<Backup> {
        let Ok(entries) = std::fs::read_dir(folder(root, plan)) else {
            return Vec::new();
        };
        let mut backups: Vec<(String, Backup)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
            .filter_map(|e| {
                let taken = e.metadata().and_then(|m| m.modified()).ok()?;
                Some((
                    e.file_name().to_string_lossy().into_owned(),
                    Backup {
                        path: e.path(),
                        taken,
                    },
                ))
            })
            .collect();
        // The names are zero-padded times: they sort as the times do.
        backups.sort_by(|a, b| b.0.cmp(&a.0));
        backups.into_iter().map(|(_, b)| b).collect()
    }
}

/// Removes temporary files that a save killed mid-way (power cut, crash)
/// left in the folder; only old ones, never a save in progress.
fn remove_stale_temporaries(dir: &Path) {
    const STALE: std::time::Duration = std::time::Duration::from_secs(3600);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".ferry-save-") && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What a file looked like on disk: enough to notice that someone (a
/// colleague, a git pull, a sync client) changed it since.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    pub modified: Option<std::time::SystemTime>,
    pub len: u64,
}

/// The file's stamp now; `None` when it is not there (or not readable).
pub fn stamp(path: &Path) -> Option<DiskStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(DiskStamp {
        modified: meta.modified().ok(),
        len: meta.len(),
    })
}

/// Whether the file exists and is marked read-only.
pub fn is_read_only(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// A short display name for a path: its file name.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests;
