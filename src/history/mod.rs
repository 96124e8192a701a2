//! A plan's progress over time: per point (a kept version, the file as it
//! is, or with git every commit that changed it) how many assets are in
//! each stage and how many workloads are done. `ferry history` prints it,
//! the HTML report charts it, and the app can chart the same points.
//!
//! Each content is read and derived once: points are cached by content
//! (a commit's blob id, a file's hash) in the user's data folder, and
//! the ones not cached are parsed on every core at once. Versions that
//! cannot be read are skipped and counted, with why, never fatal.

mod cache;
pub mod git;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::derive::{STAGES, Stage, derive};
use crate::model::Plan;
use crate::storage::versions::{self, KeptVersion};
use cache::{Cache, Entry};
pub use git::GitError;

/// What a point counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub assets: usize,
    /// Assets per stage, in [`Stage::ALL`] order.
    pub stages: [usize; STAGES],
    pub workloads: usize,
    pub workloads_done: usize,
}

impl Counts {
    /// The counts of a plan, derived as `ferry status` derives them.
    pub fn of(plan: &Plan) -> Counts {
        let derived = derive(plan);
        Counts {
            assets: plan.assets.len(),
            stages: derived.plan_stages,
            workloads: plan.workloads.len(),
            workloads_done: derived.workloads.iter().filter(|w| w.done).count(),
        }
    }

    pub fn stage(&self, stage: Stage) -> usize {
        self.stages.get(stage.index()).copied().unwrap_or_default()
    }
}

/// Where a point comes from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// A kept version of the plan, or the file as it is.
    Version,
    /// A commit, by its full hash.
    Git(String),
}

impl Source {
    /// "version", or "git" and the short hash: the `source` of the JSON.
    pub fn label(&self) -> String {
        match self {
            Source::Version => "version".to_owned(),
            Source::Git(hash) => format!("git {}", hash.get(..7).unwrap_or(hash)),
        }
    }
}

/// The plan at one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    pub when: DateTime<Utc>,
    pub source: Source,
    pub counts: Counts,
}

impl Point {
    /// `when` in ISO 8601, to the second, in UTC.
    pub fn when_text(&self) -> String {
        iso(self.when)
    }
}

/// A version that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub when: DateTime<Utc>,
    pub source: Source,
    pub why: String,
}

/// The plan's history: readable points oldest first, and what was
/// skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// The plan's name in the newest readable point.
    pub plan: String,
    pub points: Vec<Point>,
    pub skipped: Vec<Skipped>,
    /// With git: how many commits changed the file (0 when it was never
    /// committed); `None` without git.
    pub commits: Option<usize>,
}

/// Where the history is read from.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// Also every commit that changed the file.
    pub git: bool,
    /// The user's data folder ([`versions::data_dir`]): the cache, and
    /// versions that could not be kept beside the plan, live there.
    pub data_dir: Option<&'a Path>,
    /// What the caller already knows of the file as it is on disk (an
    /// app that has just read or saved it): its counts are taken as they
    /// are while the file keeps that stamp, rather than parsing it again.
    pub known: Option<&'a Known>,
}

/// The counts of the plan file as the caller read or saved it, and the
/// file's stamp then.
#[derive(Clone, Debug, PartialEq)]
pub struct Known {
    pub stamp: crate::storage::DiskStamp,
    pub plan: String,
    pub counts: Counts,
}

/// Why there is no history at all.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("{}: no such plan, and no kept versions{} of it", path.display(), if *git { " or commits" } else { "" })]
    Nothing { path: PathBuf, git: bool },
}

/// A moment in ISO 8601, to the second, in UTC: `2026-03-02T14:05:00Z`.
pub fn iso(when: DateTime<Utc>) -> String {
    when.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The kept versions of a plan, oldest first. The one place that knows
/// where they live: beside the plan, and in the user's data folder
/// (`data_dir`) for plans whose folder could not hold them.
pub fn kept_versions(plan: &Path, data_dir: Option<&Path>) -> Vec<KeptVersion> {
    let home = data_dir.map(versions::home_root);
    let mut kept = versions::list(plan, home.as_deref());
    kept.reverse();
    kept
}

/// What a point is read from.
enum Origin {
    File(PathBuf),
    Blob(String),
}

struct Item {
    when: DateTime<Utc>,
    source: Source,
    origin: Origin,
}

/// Reads the history of the plan in `file`: its kept versions, the file
/// as it is, and with `options.git` every commit that changed it.
pub fn read(file: &Path, options: &Options<'_>) -> Result<History, HistoryError> {
    let mut items: Vec<Item> = kept_versions(file, options.data_dir)
        .into_iter()
        .map(|k| Item {
            when: DateTime::<Utc>::from(k.written),
            source: Source::Version,
            origin: Origin::File(k.path),
        })
        .collect();
    if let Ok(meta) = std::fs::metadata(file)
        && meta.is_file()
    {
        items.push(Item {
            when: meta
                .modified()
                .map_or_else(|_| Utc::now(), DateTime::<Utc>::from),
            source: Source::Version,
            origin: Origin::File(file.to_owned()),
        });
    }
    let mut commits = None;
    if options.git {
        let list = git::commits(file)?;
        commits = Some(list.len());
        items.extend(list.into_iter().filter_map(|c| {
            Some(Item {
                when: c.when,
                source: Source::Git(c.hash),
                origin: Origin::Blob(c.blob?),
            })
        }));
    }
    if items.is_empty() {
        return Err(HistoryError::Nothing {
            path: file.to_owned(),
            git: options.git,
        });
    }

    let mut cache = Cache::open(options.data_dir, file);
    let known = options
        .known
        .and_then(|known| remember_known(file, known, &mut cache).map(|key| (known.stamp, key)));
    let results = work_out(file, &items, &mut cache, known)?;
    cache.save();

    let mut history = History {
        commits,
        ..History::default()
    };
    let mut newest: Option<(DateTime<Utc>, String)> = None;
    for (item, result) in items.into_iter().zip(results) {
        match result {
            Ok(entry) => {
                if newest.as_ref().is_none_or(|(when, _)| item.when >= *when) {
                    newest = Some((item.when, entry.plan));
                }
                history.points.push(Point {
                    when: item.when,
                    source: item.source,
                    counts: entry.counts,
                });
            }
            Err(why) => history.skipped.push(Skipped {
                when: item.when,
                source: item.source,
                why,
            }),
        }
    }
    history.plan = newest.map(|(_, name)| name).unwrap_or_default();
    history
        .points
        .sort_by(|a, b| (a.when, &a.source).cmp(&(b.when, &b.source)));
    history
        .skipped
        .sort_by(|a, b| (a.when, &a.source).cmp(&(b.when, &b.source)));
    Ok(history)
}

/// A content's key in the cache: FNV-1a of its bytes and its length
/// (stable across runs and builds, unlike std's hasher).
fn content_key(bytes: &[u8]) -> String {
    let mut key = ContentKey::default();
    key.add(bytes);
    key.finish()
}

/// [`content_key`] of a file, read a piece at a time: a plan of 100,000
/// assets is never held whole for it.
fn file_key(file: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut reader = std::fs::File::open(file)?;
    let mut key = ContentKey::default();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(key.finish()),
            Ok(n) => key.add(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// [`content_key`] worked out a piece at a time.
struct ContentKey {
    hash: u64,
    len: u64,
}

impl Default for ContentKey {
    fn default() -> Self {
        Self {
            hash: 0xcbf2_9ce4_8422_2325,
            len: 0,
        }
    }
}

impl ContentKey {
    fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.hash ^= u64::from(*b);
            self.hash = self.hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.len += bytes.len() as u64;
    }

    fn finish(&self) -> String {
        format!("file:{:016x}:{}", self.hash, self.len)
    }
}

/// Puts what the caller knows of `file` in the cache under its content's
/// key, worked out a piece at a time (the file is never held whole), so
/// neither this read nor a later one of the same content (a kept version
/// after the next save) parses it. Nothing when the file is not the one
/// the caller knows (changed since, or gone). Gives the key.
fn remember_known(file: &Path, known: &Known, cache: &mut Cache) -> Option<String> {
    if crate::storage::stamp(file) != Some(known.stamp) {
        return None;
    }
    let key = file_key(file).ok()?;
    // Read while it changed: not the content the caller knows.
    if crate::storage::stamp(file) != Some(known.stamp) {
        return None;
    }
    cache.remember(
        key.clone(),
        Entry {
            plan: known.plan.clone(),
            counts: known.counts,
        },
    );
    Some(key)
}

/// One content to parse and derive: its item, its cache key, a name for
/// messages and the bytes.
type Job = (usize, String, PathBuf, Vec<u8>);

/// What a worker made of a job: its item, its cache key and the entry or
/// why there is none.
type Outcome = (usize, String, Result<Entry, String>);

/// The entry of every item, from the cache or worked out: contents are
/// read on this thread and parsed on the others.
fn work_out(
    file: &Path,
    items: &[Item],
    cache: &mut Cache,
    known: Option<(crate::storage::DiskStamp, String)>,
) -> Result<Vec<Result<Entry, String>>, GitError> {
    let mut results: Vec<Option<Result<Entry, String>>> = vec![None; items.len()];
    let name = crate::storage::file_name(file);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let done: Mutex<Vec<Outcome>> = Mutex::new(Vec::new());
    let (send, receive) = mpsc::sync_channel::<Job>(workers);
    let receive = Mutex::new(receive);
    let outcome = std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let job = match receive.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    let Ok((i, key, label, bytes)) = job else {
                        return;
                    };
                    let result = crate::storage::parse_bytes(&bytes, &label)
                        .map(|plan| Entry {
                            counts: Counts::of(&plan),
                            plan: plan.name,
                        })
                        .map_err(|e| e.to_string());
                    if let Ok(mut done) = done.lock() {
                        done.push((i, key, result));
                    }
                }
            });
        }

        let mut blobs: Vec<(usize, String)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match &item.origin {
                Origin::File(path) => {
                    // Known contents are looked up by their key alone;
                    // only the others are read whole, to be parsed.
                    // The plan file's key was just worked out, if the
                    // caller knew its content and it has not changed.
                    let key = match &known {
                        Some((stamp, key))
                            if path == file && crate::storage::stamp(path) == Some(*stamp) =>
                        {
                            Ok(key.clone())
                        }
                        _ => file_key(path),
                    };
                    if let Some(entry) = key.ok().and_then(|key| cache.get(&key)) {
                        results[i] = Some(Ok(entry));
                        continue;
                    }
                    match crate::storage::read_bytes(path) {
                        Err(e) => results[i] = Some(Err(e.to_string())),
                        Ok(bytes) => {
                            // The key of what was read, should the file
                            // have changed in between.
                            let key = content_key(&bytes);
                            match cache.get(&key) {
                                Some(entry) => results[i] = Some(Ok(entry)),
                                None => {
                                    let _ = send.send((i, key, path.clone(), bytes));
                                }
                            }
                        }
                    }
                }
                Origin::Blob(blob) => {
                    let key = format!("git:{blob}");
                    match cache.get(&key) {
                        Some(entry) => results[i] = Some(Ok(entry)),
                        None => blobs.push((i, blob.clone())),
                    }
                }
            }
        }
        let ids: Vec<String> = blobs.iter().map(|(_, b)| b.clone()).collect();
        let outcome = git::read_blobs(file, &ids, |j, bytes| {
            let Some((i, blob)) = blobs.get(j) else {
                return;
            };
            let label = match &items[*i].source {
                Source::Git(hash) => format!("{name} in commit {}", hash.get(..7).unwrap_or(hash)),
                Source::Version => name.clone(),
            };
            match bytes {
                Ok(bytes) => {
                    let _ = send.send((*i, format!("git:{blob}"), PathBuf::from(label), bytes));
                }
                Err(why) => results[*i] = Some(Err(why)),
            }
        });
        drop(send);
        outcome
    });
    outcome?;
    for (i, key, result) in done.into_inner().unwrap_or_default() {
        if let Ok(entry) = &result {
            cache.put(key, entry.clone());
        }
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(result);
        }
    }
    Ok(results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("it could not be read".to_owned())))
        .collect())
}

#[cfg(test)]
mod tests;
