//! RON load and save: the v1 file contract, format versions, safe writes.
//!
//! Loading never panics and never recurses without bound: every failure is a
//! [`LoadError`] that names the file, line and column. Saving is
//! deterministic and atomic (temporary file in the same folder, then
//! rename), guarded and serialised by a lock ([`save_with`]), and keeps the
//! version it replaces ([`versions`]).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{FORMAT_VERSION, IdKind, Plan, new_id_with};

pub mod fast;
mod files;
pub mod lock;
pub mod recovery;
mod save;
pub mod versions;
pub mod writer;

pub use files::{
    Baseline, PIPE_WAIT, ReadFailure, is_link_loop, process_alive, read_limited, real_target,
    same_file,
};
pub use save::{
    Keep, LockedSave, PendingSave, SaveOptions, SaveReport, Saved, prepare, save, save_with,
    write_atomically, write_output,
};

/// The one size limit of a plan file, for loading and saving alike: room
/// for about a million assets as `ferry generate` makes them (a plan is
/// about 1 KB per asset), so real plans of 500,000 assets fit. A save or an
/// import that would go past it is refused before anything is written.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// Why a plan could not be loaded. Its `Display` is the message for the user:
/// `FILE:LINE:COLUMN: what is wrong`.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {}, more than the {} MiB a plan may have; nothing was loaded", path.display(), describe_size(*bytes), MAX_FILE_BYTES / (1024 * 1024))]
    TooLarge { path: PathBuf, bytes: Option<u64> },
    #[error("{}: this is not a text file (binary data at byte {offset}); a plan is RON text", path.display())]
    NotText { path: PathBuf, offset: u64 },
    #[error("{}: nothing was written to this pipe within {} s; nothing was loaded", path.display(), waited.as_secs())]
    NoWriter {
        path: PathBuf,
        waited: std::time::Duration,
    },
    #[error(
        "{}: the file has unresolved merge conflicts (git's `<<<<<<<` markers at line {}). Let Ferry merge the two versions: `ferry merge BASE OURS THEIRS -o OUT` (in a git merge, `git show :1:FILE`, `:2:FILE` and `:3:FILE` give the three), and run `ferry git-setup` once so git merges plans itself; or keep one side of each conflict in a text editor, then open it again",
        path.display(), lines.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    )]
    MergeConflict { path: PathBuf, lines: Vec<usize> },
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
    /// The same error naming `name` as the file (a temporary copy is
    /// named after the plan it stands for).
    pub fn named(mut self, name: &Path) -> Self {
        match &mut self {
            LoadError::Io { path, .. }
            | LoadError::TooLarge { path, .. }
            | LoadError::NotText { path, .. }
            | LoadError::NoWriter { path, .. }
            | LoadError::MergeConflict { path, .. }
            | LoadError::Syntax { path, .. }
            | LoadError::NewerFormat { path, .. }
            | LoadError::UnknownFormat { path, .. } => *path = name.to_owned(),
        }
        self
    }

    /// The line and column, when the error has a position.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::Syntax { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

fn describe_size(bytes: Option<u64>) -> String {
    match bytes {
        Some(b) => format!("the file is {b} bytes"),
        None => "the file is larger".to_owned(),
    }
}

/// Why a plan could not be saved. In every case the file on disk is left
/// as it was.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{} could not be saved: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} is read-only: nothing was written. Save to another file, or make it writable first",
        path.display()
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "{} was not saved: {why} since it was read, and that version is kept. Reload it, or save yours to another file",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf, why: String },
    #[error(
        "{} was not saved: another save of it ({holder}) did not end within {} s; nothing was written. Try again in a moment",
        path.display(), waited.as_secs()
    )]
    Busy {
        path: PathBuf,
        holder: String,
        waited: std::time::Duration,
    },
    #[error(
        "{} was not written: it is a symbolic link that leads in a circle (or through more than 40 links); nothing was written",
        path.display()
    )]
    LinkLoop { path: PathBuf },
    #[error(
        "{} was not written: nothing read from this pipe within {} s; nothing was written",
        path.display(), waited.as_secs()
    )]
    NoReader {
        path: PathBuf,
        waited: std::time::Duration,
    },
    #[error(
        "{} was not written: it is the input {}, which would be overwritten; choose another output file",
        path.display(), input.display()
    )]
    SameAsInput { path: PathBuf, input: PathBuf },
    #[error(
        "{} was not saved: the plan would be {bytes} bytes, more than the {} MiB a plan may have; nothing was written",
        path.display(), MAX_FILE_BYTES / (1024 * 1024)
    )]
    TooLarge { path: PathBuf, bytes: u64 },
}

impl SaveError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        SaveError::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// The file the save was for.
    pub fn path(&self) -> &Path {
        match self {
            SaveError::Io { path, .. }
            | SaveError::ReadOnly { path }
            | SaveError::ChangedOnDisk { path, .. }
            | SaveError::Busy { path, .. }
            | SaveError::LinkLoop { path }
            | SaveError::NoReader { path, .. }
            | SaveError::SameAsInput { path, .. }
            | SaveError::TooLarge { path, .. } => path,
        }
    }
}

/// Reads and parses a plan file.
pub fn load(path: &Path) -> Result<Plan, LoadError> {
    load_with_baseline(path).map(|(plan, _)| plan)
}

/// Reads and parses a plan file, with what the file was: give it back to
/// [`save_with`] so the save refuses to replace a file changed meanwhile.
pub fn load_with_baseline(path: &Path) -> Result<(Plan, Baseline), LoadError> {
    let data = read_bytes(path)?;
    let baseline = Baseline::of(path, &data);
    Ok((parse_bytes(&data, path)?, baseline))
}

/// A plan file's bytes, read within the size limit whatever the file is.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    files::read_plan_bytes(path).map_err(|e| match e {
        ReadFailure::Io(source) => LoadError::Io {
            path: path.to_owned(),
            source,
        },
        ReadFailure::TooLarge { bytes, .. } => LoadError::TooLarge {
            path: path.to_owned(),
            bytes,
        },
        ReadFailure::NotText { offset } => LoadError::NotText {
            path: path.to_owned(),
            offset,
        },
        ReadFailure::NoWriter { waited } => LoadError::NoWriter {
            path: path.to_owned(),
            waited,
        },
    })
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
    // Ferry's own files read quickly; anything else, and every error, is
    // read (and reported) by ron.
    let read = fast::from_str::<Plan>(text).or_else(|_| {
        crate::progress::restart_assets();
        ron::from_str::<Plan>(text)
    });
    match read {
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
            let conflicts = conflict_markers(text);
            if !conflicts.is_empty() {
                return Err(LoadError::MergeConflict {
                    path: path.to_owned(),
                    lines: conflicts,
                });
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

/// The lines where git left a conflict's `<<<<<<<` marker (at most ten).
fn conflict_markers(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("<<<<<<<"))
        .map(|(i, _)| i + 1)
        .take(10)
        .collect()
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
    // Formats 2 and 3 only add optional fields: an older plan needs no step.
    // The version in memory is what the plan needs; saving writes that.
    plan.format = plan.needed_format();
    plan.normalize();
    // Ids a hand-written file leaves out are minted from the item's place
    // and content, so they are the same on every load (and `check` says the
    // same thing twice) until the plan is saved with them.
    let mut taken: std::collections::HashSet<String> = plan
        .parties
        .iter()
        .map(|p| p.id.clone())
        .chain(plan.workloads.iter().map(|w| w.id.clone()))
        .chain(plan.assets.iter().map(|a| a.id.clone()))
        .chain(plan.log.iter().map(|l| l.id.clone()))
        .filter(|id| !id.is_empty())
        .collect();
    let mut mint = |kind: IdKind, index: usize, content: &str| {
        let mut seed =
            files::content_hash(format!("{kind:?}\u{0}{index}\u{0}{content}").as_bytes());
        loop {
            let id = new_id_with(&mut fastrand::Rng::with_seed(seed), kind);
            if taken.insert(id.clone()) {
                return id;
            }
            seed = seed.wrapping_add(1);
        }
    };
    for (i, p) in plan.parties.iter_mut().enumerate() {
        if p.id.is_empty() {
            p.id = mint(IdKind::Party, i, &p.name);
        }
    }
    for (i, w) in plan.workloads.iter_mut().enumerate() {
        if w.id.is_empty() {
            w.id = mint(IdKind::Workload, i, &w.name);
        }
    }
    for (i, a) in plan.assets.iter_mut().enumerate() {
        if a.id.is_empty() {
            std::sync::Arc::make_mut(a).id = mint(IdKind::Asset, i, &a.name);
        }
    }
    for (i, l) in plan.log.iter_mut().enumerate() {
        if l.id.is_empty() {
            l.id = mint(IdKind::Log, i, &l.text);
        }
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

/// The plan as saved: the same fields, with the format it needs (the
/// oldest that holds what it uses), whatever the number held in memory.
#[derive(serde::Serialize)]
struct AsSaved<'a> {
    format: u32,
    name: &'a str,
    parties: &'a [crate::model::Party],
    workloads: &'a [crate::model::Workload],
    assets: &'a [std::sync::Arc<crate::model::Asset>],
    log: &'a [crate::model::LogEntry],
    #[serde(skip_serializing_if = "Option::is_none")]
    bandwidth_mbps: Option<u32>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    waves: &'a [crate::model::Wave],
    #[serde(skip_serializing_if = "crate::model::WaveLimits::is_none")]
    wave_limits: crate::model::WaveLimits,
}

impl<'a> AsSaved<'a> {
    fn of(plan: &'a Plan) -> Self {
        AsSaved {
            format: plan.needed_format(),
            name: &plan.name,
            parties: &plan.parties,
            workloads: &plan.workloads,
            assets: &plan.assets,
            log: &plan.log,
            bandwidth_mbps: plan.bandwidth_mbps,
            waves: &plan.waves,
            wave_limits: plan.wave_limits,
        }
    }
}

/// The canonical text of a plan: pretty RON, four-space indent, one field per
/// line, maps sorted. The same plan always gives the same bytes.
pub fn to_string(plan: &Plan) -> String {
    let mut bytes = Vec::new();
    match write_canonical(plan, &mut bytes) {
        Ok(()) => String::from_utf8(bytes).unwrap_or_else(|_| ron_text(plan)),
        Err(_) => ron_text(plan),
    }
}

/// Writes [`to_string`]'s text into `out` as it is made, with the quick
/// writer; [`writer::Stop::GiveUp`] when the plan holds something only
/// `ron` writes (then [`to_string`] gives the text).
pub(crate) fn write_canonical<W: std::io::Write>(
    plan: &Plan,
    mut out: W,
) -> Result<(), writer::Stop> {
    writer::to_writer(&mut out, &AsSaved::of(plan))?;
    out.write_all(b"\n")?;
    Ok(())
}

/// [`to_string`] by `ron` itself, the authority on the format.
fn ron_text(plan: &Plan) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false);
    match ron::ser::to_string_pretty(&AsSaved::of(plan), config) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        // Plain data with string keys cannot fail to serialise; keep the
        // error visible in the output rather than panic if it ever did.
        Err(e) => format!("// could not serialise the plan: {e}\n"),
    }
}

/// What a file looked like on disk: enough to notice that someone (a
/// colleague, a git pull, a sync client) changed it since.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    pub modified: Option<std::time::SystemTime>,
    pub len: u64,
    /// The file's identity: a file replaced by a rename is another file.
    pub inode: u64,
}

/// The file's stamp now; `None` when it is not there (or not readable).
pub fn stamp(path: &Path) -> Option<DiskStamp> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(DiskStamp {
        modified: meta.modified().ok(),
        len: meta.len(),
        inode,
    })
}

/// Whether the file exists and may not be written (marked read-only, or
/// not writable by this user).
pub fn is_read_only(path: &Path) -> bool {
    files::refuses_writes(path)
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
