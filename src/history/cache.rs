//! Points already worked out, kept between runs in the user's data folder
//! (one small JSON file per plan), so reading tens of commits of a large
//! plan again costs a `git log` and no parsing. Keyed by content — a
//! commit's blob id, a file's hash and length — so the same content in
//! two commits or in a commit and a kept version is worked out once.
//!
//! Only a cache: a missing, damaged or unwritable one costs time, never a
//! wrong answer (it is dropped whole when another Ferry version wrote it,
//! since the stage rules may differ).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Counts;

/// Larger than any cache of a few thousand points: anything bigger is not
/// ours and is not read.
const MAX_CACHE_BYTES: u64 = 16 * 1024 * 1024;

/// What one plan content gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The plan's name in that content.
    pub plan: String,
    pub counts: Counts,
}

#[derive(Default, Serialize, Deserialize)]
struct CacheFile {
    ferry: String,
    points: BTreeMap<String, Entry>,
}

/// The points of one plan, as read at the start of a run; what the run
/// used is written back, so the file holds no more than the plan's
/// history.
pub struct Cache {
    path: Option<PathBuf>,
    known: BTreeMap<String, Entry>,
    used: BTreeMap<String, Entry>,
    /// Entries were remembered ([`Cache::remember`]): the file is written
    /// even when this run used just what it knew.
    remembered: bool,
}

impl Cache {
    /// The cache of `plan` in `data_dir` (none without a data folder).
    pub fn open(data_dir: Option<&Path>, plan: &Path) -> Cache {
        let path = data_dir.map(|d| {
            let mut path =
                crate::storage::versions::home(&d.join("history"), plan).into_os_string();
            path.push(".json");
            PathBuf::from(path)
        });
        let known = path
            .as_deref()
            .and_then(read)
            .filter(|file| file.ferry == env!("CARGO_PKG_VERSION"))
            .map(|file| file.points)
            .unwrap_or_default();
        Cache {
            path,
            known,
            used: BTreeMap::new(),
            remembered: false,
        }
    }

    /// The entry for a content key, if an earlier run worked it out.
    pub fn get(&mut self, key: &str) -> Option<Entry> {
        let entry = self.known.get(key)?.clone();
        self.used.insert(key.to_owned(), entry.clone());
        Some(entry)
    }

    /// An entry known without working it out (the caller holds that
    /// content): found by [`Cache::get`] as if an earlier run had made it.
    pub fn remember(&mut self, key: String, entry: Entry) {
        if let std::collections::btree_map::Entry::Vacant(slot) = self.known.entry(key) {
            slot.insert(entry);
            self.remembered = true;
        }
    }

    pub fn put(&mut self, key: String, entry: Entry) {
        self.used.insert(key, entry);
    }

    /// Writes what this run used; a failure only costs the next run time.
    pub fn save(&self) {
        let Some(path) = &self.path else {
            return;
        };
        if self.used == self.known && !self.remembered {
            return;
        }
        let file = CacheFile {
            ferry: env!("CARGO_PKG_VERSION").to_owned(),
            points: self.used.clone(),
        };
        let Ok(text) = serde_json::to_vec(&file) else {
            return;
        };
        if let Some(folder) = path.parent() {
            let _ = std::fs::create_dir_all(folder);
        }
        let _ = crate::storage::write_atomically(path, &text);
    }
}

fn read(path: &Path) -> Option<CacheFile> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_CACHE_BYTES {
        return None;
    }
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}
