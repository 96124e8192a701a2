//! Who else has the plan open, and who saved the version on disk.
//!
//! Every window that opens a plan in a writable folder leaves a small
//! presence file beside it (`.ferry/NAME/presence/`, shared with everyone
//! who shares the folder, through a network share or a sync client): who
//! (user and machine), since when, whether it works live, and a beat
//! rewritten every few seconds. The file goes when the window closes. A
//! file whose beat is late is stale — its window was killed, or its
//! machine went to sleep — and is not shown; on the same machine, one
//! whose process has ended is not shown at once. One dead for an hour is
//! removed by whoever sees it.
//!
//! Each window also notes in its presence file the version of the plan it
//! last saved (size and content hash), so another window that sees the
//! file change can say who saved it ("alice saved 3 changes at 10:42").
//! Where no window says so, the note a save leaves beside the plan, or
//! the git commit that holds the file, may.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::storage;
use crate::storage::versions::Author;

/// How often a window rewrites its presence file.
pub const BEAT: Duration = Duration::from_secs(4);
/// A presence file whose last beat is older than this is stale: its
/// window missed two beats (and then some, for slow shares and clocks a
/// little apart).
pub const STALE_AFTER: Duration = Duration::from_secs(12);
/// A stale presence file older than this is removed by whoever sees it.
const FORGET_AFTER: Duration = Duration::from_secs(3600);
/// The folder beside the plan (inside its `.ferry/NAME/`) for presence.
const FOLDER: &str = "presence";
const EXTENSION: &str = "here";
const HEADER: &str = "ferry-presence 1";

/// One window that has the plan open, as its presence file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presence {
    pub author: Author,
    /// Its process on its machine: two windows of one user differ by it.
    pub pid: u32,
    /// When it opened the plan.
    pub since: SystemTime,
    /// Its last beat.
    pub beat: SystemTime,
    /// Whether it works live on the plan.
    pub live: bool,
    /// The version of the plan it saved last.
    pub saved: Option<SavedVersion>,
}

/// A version of the plan a window saved: its size and content hash (as
/// [`storage::Baseline`] has them), and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SavedVersion {
    pub len: u64,
    pub hash: u64,
    pub at: SystemTime,
}

impl SavedVersion {
    /// The version a save left on disk; `None` when the baseline does not
    /// say.
    pub fn of(baseline: &storage::Baseline, at: SystemTime) -> Option<SavedVersion> {
        Some(SavedVersion {
            len: baseline.stamp?.len,
            hash: baseline.hash?,
            at,
        })
    }

    fn is(&self, baseline: &storage::Baseline) -> bool {
        baseline.stamp.map(|s| s.len) == Some(self.len) && baseline.hash == Some(self.hash)
    }
}

impl Presence {
    /// "alice on laptop-a, since 10:02 UTC" (", working live" when so).
    pub fn describe(&self) -> String {
        let live = if self.live { ", working live" } else { "" };
        format!("{}, since {}{live}", self.author, clock(self.since))
    }

    /// Whether its last beat is late at `now`: its window is gone.
    pub fn stale(&self, now: SystemTime) -> bool {
        now.duration_since(self.beat)
            .is_ok_and(|late| late > STALE_AFTER)
    }

    /// Whether its window was on this machine and its process has ended
    /// (killed, crashed): gone without waiting for a missed beat. Told
    /// only where the system lists its processes (`/proc`).
    fn ended_here(&self) -> bool {
        let processes = Path::new("/proc");
        self.author.host == Author::current().host
            && processes.join("self").exists()
            && !processes.join(self.pid.to_string()).exists()
    }

    fn to_text(&self) -> String {
        let mut text = format!(
            "{HEADER}\nuser {}\nhost {}\npid {}\nsince {}\nbeat {}\nlive {}\n",
            clean(&self.author.user),
            clean(&self.author.host),
            self.pid,
            seconds(self.since),
            seconds(self.beat),
            u8::from(self.live),
        );
        if let Some(saved) = &self.saved {
            text += &format!(
                "saved {} {:016x} {}\n",
                saved.len,
                saved.hash,
                seconds(saved.at)
            );
        }
        text
    }

    fn parse(text: &str) -> Option<Presence> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let (mut user, mut host, mut pid, mut since, mut beat) = (None, None, None, None, None);
        let (mut live, mut saved) = (false, None);
        for line in lines {
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            match key {
                "user" => user = Some(value.to_owned()),
                "host" => host = Some(value.to_owned()),
                "pid" => pid = value.parse().ok(),
                "since" => since = time(value),
                "beat" => beat = time(value),
                "live" => live = value == "1",
                "saved" => {
                    let mut parts = value.split(' ');
                    saved = (|| {
                        Some(SavedVersion {
                            len: parts.next()?.parse().ok()?,
                            hash: u64::from_str_radix(parts.next()?, 16).ok()?,
                            at: time(parts.next()?)?,
                        })
                    })();
                }
                // Written by a later Ferry: not for this one.
                _ => {}
            }
        }
        Some(Presence {
            author: Author::new(user?, host?),
            pid: pid?,
            since: since?,
            beat: beat?,
            live,
            saved,
        })
    }
}

/// A time as the clock shows it: "10:42 UTC" today, with the date on
/// another day.
pub fn clock(time: SystemTime) -> String {
    let full = crate::model::format_time(time);
    let today = crate::model::today();
    match full.strip_prefix(&today) {
        // "2026-05-01 10:42:07 UTC" → "10:42 UTC"
        Some(rest) => {
            let rest = rest.trim_start();
            match (rest.get(..5), rest.split_once(' ')) {
                (Some(hm), Some((_, zone))) => format!("{hm} {zone}"),
                _ => full,
            }
        }
        None => full,
    }
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn time(text: &str) -> Option<SystemTime> {
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(text.parse().ok()?))
}

/// A name as one line of a presence file: no control characters.
fn clean(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// A name as a part of a file name: letters, digits, `.`, `-`, `_`.
fn file_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The folder of the presence files of `plan` (a real file, not a link).
fn folder(plan: &Path) -> PathBuf {
    storage::versions::beside(plan).join(FOLDER)
}

/// This window's presence beside a plan: it beats while held, notes the
/// versions this window saves, and is removed when dropped.
#[derive(Debug)]
pub struct Here {
    file: PathBuf,
    me: Presence,
}

impl Here {
    /// Leaves a presence file beside `plan` for `author`; `None` when the
    /// plan's folder cannot hold one (read-only, or no folder).
    pub fn join(plan: &Path, author: &Author, live: bool, now: SystemTime) -> Option<Here> {
        let target = storage::real_target(plan).ok()?;
        let shelf = storage::versions::ensure_beside(&target).ok()?;
        let dir = shelf.join(FOLDER);
        if std::fs::create_dir(&dir).is_err() && !dir.is_dir() {
            return None;
        }
        let pid = std::process::id();
        let name = format!(
            "{}@{}-{pid}-{:08x}.{EXTENSION}",
            file_part(&author.user),
            file_part(&author.host),
            fastrand::u32(..)
        );
        let mut here = Here {
            file: dir.join(name),
            me: Presence {
                author: author.clone(),
                pid,
                since: now,
                beat: now,
                live,
                saved: None,
            },
        };
        here.beat(now).ok()?;
        Some(here)
    }

    /// Rewrites the presence file with a new beat (whole: a reader never
    /// sees half of it).
    pub fn beat(&mut self, now: SystemTime) -> std::io::Result<()> {
        self.me.beat = now;
        let dir = self.file.parent().unwrap_or(Path::new("."));
        let mut tmp = tempfile::Builder::new()
            .prefix(".presence-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        std::io::Write::write_all(&mut tmp, self.me.to_text().as_bytes())?;
        tmp.persist(&self.file).map_err(|e| e.error)?;
        Ok(())
    }

    /// Whether the next beat is due at `now`.
    pub fn due(&self, now: SystemTime) -> bool {
        now.duration_since(self.me.beat)
            .map_or(true, |since| since >= BEAT)
    }

    /// This window now works live (or not): said at the next beat.
    pub fn set_live(&mut self, live: bool) {
        self.me.live = live;
    }

    /// This window saved `version`: said at the next beat.
    pub fn saved(&mut self, version: Option<SavedVersion>) {
        self.me.saved = version;
    }

    /// The presence file.
    pub fn file(&self) -> &Path {
        &self.file
    }
}

impl Drop for Here {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.file);
    }
}

/// Every presence file beside `plan` (whatever its beat), but `mine`;
/// files dead for an hour are removed.
fn everyone(plan: &Path, mine: Option<&Path>, now: SystemTime) -> Vec<Presence> {
    let target = storage::real_target(plan).unwrap_or_else(|_| plan.to_owned());
    let Ok(entries) = std::fs::read_dir(folder(&target)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != EXTENSION) || Some(path.as_path()) == mine {
            continue;
        }
        // A presence file is a few hundred bytes; anything larger is not one.
        if entry.metadata().is_ok_and(|m| m.len() > 4096) {
            continue;
        }
        let Some(presence) = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| Presence::parse(&t))
        else {
            continue;
        };
        if now
            .duration_since(presence.beat)
            .is_ok_and(|late| late > FORGET_AFTER)
        {
            let _ = std::fs::remove_file(&path);
            continue;
        }
        found.push(presence);
    }
    found.sort_by(|a, b| {
        a.since
            .cmp(&b.since)
            .then_with(|| a.author.user.cmp(&b.author.user))
            .then(a.pid.cmp(&b.pid))
    });
    found
}

/// The other windows that have `plan` open at `now` (stale ones left
/// out), longest open first; `mine` is this window's presence file.
pub fn others(plan: &Path, mine: Option<&Path>, now: SystemTime) -> Vec<Presence> {
    let mut found = everyone(plan, mine, now);
    found.retain(|p| !p.stale(now) && !p.ended_here());
    found
}

/// Who saved a version of the plan, and when, as far as can be told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saver {
    /// A user name ("alice"), or a git author's name.
    pub who: String,
    pub when: Option<SystemTime>,
}

/// Who saved the plan as it is on disk (`baseline`: its size and hash as
/// just read), if anyone can tell: a window that has it open (or had, and
/// was killed), the note of the Ferry save that wrote it, or the git
/// commit that holds it.
pub fn who_saved(
    plan: &Path,
    baseline: &storage::Baseline,
    home_root: Option<&Path>,
    mine: Option<&Path>,
    now: SystemTime,
) -> Option<Saver> {
    if let Some((p, at)) = everyone(plan, mine, now)
        .into_iter()
        .filter_map(|p| p.saved.filter(|s| s.is(baseline)).map(|s| (p, s.at)))
        .max_by_key(|(_, at)| *at)
    {
        return Some(Saver {
            who: p.author.user,
            when: Some(at),
        });
    }
    let target = storage::real_target(plan).unwrap_or_else(|_| plan.to_owned());
    if let Some((when, author)) = storage::versions::written_by(&target, home_root) {
        return Some(Saver {
            who: author.user,
            when: Some(when),
        });
    }
    git_author(&target)
}

/// The author of the last commit that changed `plan`, when the file is as
/// that commit has it (a pull, a checkout); `None` outside a git work tree
/// or when the file differs from it.
fn git_author(plan: &Path) -> Option<Saver> {
    let dir = plan.parent().filter(|d| !d.as_os_str().is_empty())?;
    // Only where a repository is: no process is started for other folders.
    if !dir.ancestors().any(|d| d.join(".git").exists()) {
        return None;
    }
    let name = plan.file_name()?;
    let git = |args: &[&str]| -> Option<std::process::Output> {
        std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .arg("--")
            .arg(name)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    // Unchanged since the last commit, and known to git.
    let status = git(&["status", "--porcelain"])?;
    if !status.stdout.is_empty() {
        return None;
    }
    let log = git(&["log", "-1", "--format=%an%x09%ct"])?;
    let line = String::from_utf8(log.stdout).ok()?;
    let (who, when) = line.trim().split_once('\t')?;
    Some(Saver {
        who: who.to_owned(),
        when: time(when),
    })
}

/// How often a window looks at who else has the plan open and at the
/// copies beside it.
const LOOK_EVERY: Duration = Duration::from_secs(2);

/// What a window last saw beside its plan.
#[derive(Clone, Debug, Default)]
pub struct Seen {
    /// The other windows that have the plan open.
    pub others: Vec<Presence>,
    /// The files beside the plan named like a sync client's conflicted
    /// copy of it, with their stamps (whether they are copies is for
    /// their content to say).
    pub candidates: Vec<(PathBuf, Option<storage::DiskStamp>)>,
}

impl PartialEq for Seen {
    /// The same windows (whatever their beats) and the same files.
    fn eq(&self, other: &Seen) -> bool {
        let shape = |s: &Seen| -> Vec<(Author, u32, SystemTime, bool)> {
            s.others
                .iter()
                .map(|p| (p.author.clone(), p.pid, p.since, p.live))
                .collect()
        };
        self.candidates == other.candidates && shape(self) == shape(other)
    }
}

/// A window beside its plan: its presence, and what it sees there.
/// Shared between the session and the thread that beats for it, so an
/// idle window beats without drawing a frame.
#[derive(Debug, Default)]
pub struct Beside {
    plan: Option<PathBuf>,
    here: Option<Here>,
    seen: Seen,
    looked: Option<SystemTime>,
    /// What is seen changed since the session last took it.
    fresh: bool,
}

impl Beside {
    /// Follows `plan`: leaves the presence beside the plan before, and
    /// joins the one beside `plan` (working live or not).
    pub fn follow(&mut self, plan: Option<&Path>, author: &Author, live: bool, now: SystemTime) {
        if self.plan.as_deref() == plan {
            if let Some(here) = &mut self.here
                && here.me.live != live
            {
                here.set_live(live);
                let _ = here.beat(now);
            }
            return;
        }
        self.leave();
        self.plan = plan.map(Path::to_path_buf);
        self.here = plan.and_then(|p| Here::join(p, author, live, now));
        self.tick(now);
    }

    /// Leaves the plan: the presence file goes.
    pub fn leave(&mut self) {
        self.here = None;
        self.plan = None;
        self.looked = None;
        if !self.seen.others.is_empty() || !self.seen.candidates.is_empty() {
            self.fresh = true;
        }
        self.seen = Seen::default();
    }

    /// Beats when due, and every few seconds looks at who else has the
    /// plan open and at the copies beside it. Whether what it sees
    /// changed.
    pub fn tick(&mut self, now: SystemTime) -> bool {
        let Some(plan) = self.plan.clone() else {
            return false;
        };
        if let Some(here) = &mut self.here
            && here.due(now)
        {
            // A beat that cannot be written (the share went away) is
            // tried again at the next tick.
            let _ = here.beat(now);
        }
        let recent = self
            .looked
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|since| since < LOOK_EVERY);
        if recent {
            return false;
        }
        self.looked = Some(now);
        let mine = self.here.as_ref().map(|h| h.file.clone());
        let seen = Seen {
            others: others(&plan, mine.as_deref(), now),
            candidates: super::copies::candidates(&plan)
                .into_iter()
                .map(|c| {
                    let stamp = storage::stamp(&c);
                    (c, stamp)
                })
                .collect(),
        };
        // The beats of the others change every time: only a change of
        // who is there, or of the files, is news.
        let news = seen != self.seen;
        self.seen = seen;
        if news {
            self.fresh = true;
        }
        news
    }

    /// What is seen, once after each change.
    pub fn take(&mut self) -> Option<Seen> {
        if !self.fresh {
            return None;
        }
        self.fresh = false;
        Some(self.seen.clone())
    }

    /// This window's presence, if it has one.
    pub fn here_mut(&mut self) -> Option<&mut Here> {
        self.here.as_mut()
    }
}

impl super::Session {
    /// Joins the presence beside the open plan's file (leaving the one
    /// before), as working live or not.
    pub(super) fn follow_beside(&mut self) {
        let plan = self.doc.path.clone();
        let author = self.author.clone();
        let live = self.live.on;
        if let Ok(mut beside) = self.beside.lock() {
            beside.follow(plan.as_deref(), &author, live, SystemTime::now());
            if let Some(seen) = beside.take() {
                self.seen_beside = seen;
            }
        }
    }

    /// Leaves the presence beside the plan (the window closes).
    pub fn leave(&mut self) {
        if let Ok(mut beside) = self.beside.lock() {
            beside.leave();
        }
    }

    /// The other windows that have the plan open, as looked at now.
    pub(super) fn others_now(&mut self) -> Vec<Presence> {
        if let Ok(mut beside) = self.beside.lock() {
            beside.looked = None;
            beside.tick(SystemTime::now());
            if let Some(seen) = beside.take() {
                self.seen_beside = seen;
            }
        }
        self.seen_beside.others.clone()
    }

    /// The other windows that have the plan open, longest open first.
    pub fn others(&self) -> &[Presence] {
        &self.seen_beside.others
    }

    /// "Also open by alice on laptop-a, since 10:02 UTC (working live)";
    /// `None` when nobody else has the plan open.
    pub fn others_text(&self) -> Option<String> {
        if self.seen_beside.others.is_empty() {
            return None;
        }
        let who: Vec<String> = self
            .seen_beside
            .others
            .iter()
            .map(Presence::describe)
            .collect();
        Some(format!("Also open by {}", who.join("; ")))
    }

    /// Looks beside the plan at `now` (beats, who else is there, copies)
    /// unless a thread does ([`Session::watch_disk`]); takes what the
    /// thread saw. Whether anything changed.
    pub fn look_beside(&mut self, now: SystemTime) -> bool {
        let Ok(mut beside) = self.beside.lock() else {
            return false;
        };
        if self.watch.is_none() {
            beside.tick(now);
        }
        let Some(seen) = beside.take() else {
            return false;
        };
        drop(beside);
        self.seen_beside = seen;
        self.recognise_copies();
        true
    }

    /// The version this window just saved, for the others to say who
    /// saved it.
    pub(super) fn note_saved(&mut self, baseline: &storage::Baseline) {
        if let Ok(mut beside) = self.beside.lock()
            && let Some(here) = beside.here_mut()
        {
            let now = SystemTime::now();
            here.saved(SavedVersion::of(baseline, now));
            let _ = here.beat(now);
        }
    }

    /// This window's presence file, if it has one.
    pub fn presence_file(&self) -> Option<PathBuf> {
        self.beside
            .lock()
            .ok()
            .and_then(|mut b| b.here_mut().map(|h| h.file().to_owned()))
    }

    /// Who saved the plan's file as it is now (`baseline`), if anyone can
    /// tell.
    pub(super) fn saver_of(&self, path: &Path, baseline: &storage::Baseline) -> Option<Saver> {
        let home = self.data_dir.as_deref().map(storage::versions::home_root);
        let mine = self.presence_file();
        who_saved(
            path,
            baseline,
            home.as_deref(),
            mine.as_deref(),
            SystemTime::now(),
        )
    }

    /// A clone of what the thread beside the plan shares.
    pub(super) fn beside_shared(&self) -> std::sync::Arc<std::sync::Mutex<Beside>> {
        std::sync::Arc::clone(&self.beside)
    }
}

#[cfg(test)]
#[path = "presence_tests.rs"]
mod tests;
