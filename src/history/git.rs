//! The commits that changed a plan, and the plan as each of them left it,
//! from the `git` on PATH: one `git log` for the list, one
//! `git cat-file --batch` for the contents. Nothing is written to the
//! repository.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};

/// Why git could not tell the plan's history.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error(
        "git was not found: install git (and make sure it is on PATH), or leave out --git to use the kept versions only"
    )]
    NotInstalled,
    #[error("{}: not in a git repository, so it has no commits to read; leave out --git to use the kept versions only", path.display())]
    NotInRepository { path: PathBuf },
    #[error("{}: the folder does not exist", path.display())]
    NoFolder { path: PathBuf },
    #[error("{}: git {what} failed: {message}", path.display())]
    Failed {
        path: PathBuf,
        what: &'static str,
        message: String,
    },
}

/// One commit that changed the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The full hash.
    pub hash: String,
    /// When it was committed.
    pub when: DateTime<Utc>,
    /// The plan's content in that commit (a blob id); `None` when the
    /// commit deleted the file.
    pub blob: Option<String>,
}

/// A git command in the plan's folder, with settings that keep its output
/// plain whatever the user's configuration says.
fn git(folder: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(folder)
        .args(["-c", "log.showSignature=false", "-c", "core.quotePath=true"])
        // Its messages in English, so "not a git repository" is recognised.
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    command
}

/// The folder a command about `file` runs in, which must exist.
fn folder_of(file: &Path) -> Result<PathBuf, GitError> {
    let parent = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(GitError::NoFolder { path: parent });
    }
    Ok(parent)
}

fn run(
    mut command: Command,
    file: &Path,
    what: &'static str,
) -> Result<std::process::Output, GitError> {
    let output = command.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => GitError::NotInstalled,
        _ => GitError::Failed {
            path: file.to_owned(),
            what,
            message: e.to_string(),
        },
    })?;
    if output.status.success() {
        return Ok(output);
    }
    let message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if message.to_lowercase().contains("not a git repository") {
        return Err(GitError::NotInRepository {
            path: file.to_owned(),
        });
    }
    Err(GitError::Failed {
        path: file.to_owned(),
        what,
        message: message.lines().next().unwrap_or("no message").to_owned(),
    })
}

/// Every commit of the current branch that changed `file` (following
/// renames and the branch's first parents, so a merged branch counts as
/// its merge), newest first as git lists them. A file in a repository
/// but never committed has none.
pub fn commits(file: &Path) -> Result<Vec<Commit>, GitError> {
    let folder = folder_of(file)?;
    let mut probe = git(&folder);
    probe.args(["rev-parse", "--is-inside-work-tree"]);
    run(probe, file, "rev-parse")?;

    let name = file.file_name().map_or_else(
        || file.as_os_str().to_owned(),
        std::ffi::OsStr::to_os_string,
    );
    let mut log = git(&folder);
    // The branch as it moved: its first-parent line, a merge counted as
    // the change it brought (`-m` with `--first-parent` compares a merge
    // with its first parent only; older gits than `--diff-merges` know it).
    log.args([
        "log",
        "--follow",
        "--first-parent",
        "-m",
        "--format=%x1e%H%x1f%ct",
        "--raw",
        "--no-abbrev",
        "--no-color",
        "--",
    ])
    .arg(name);
    let output = run(log, file, "log")?;
    Ok(parse_log(&String::from_utf8_lossy(&output.stdout)))
}

/// Reads `git log --format=%x1e%H%x1f%ct --raw` output.
fn parse_log(text: &str) -> Vec<Commit> {
    let mut commits = Vec::new();
    for record in text.split('\u{1e}').filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let Some((hash, time)) = lines.next().and_then(|l| l.split_once('\u{1f}')) else {
            continue;
        };
        let Some(when) = time
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|t| DateTime::from_timestamp(t, 0))
        else {
            continue;
        };
        // ":100644 100644 OLD NEW M\tpath": the new blob is the file as the
        // commit left it; status D means the commit deleted it.
        let Some(raw) = lines.find(|l| l.starts_with(':')) else {
            continue;
        };
        let fields: Vec<&str> = raw
            .split('\t')
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        let (Some(blob), Some(status)) = (fields.get(3), fields.get(4)) else {
            continue;
        };
        let deleted = status.starts_with('D') || blob.bytes().all(|b| b == b'0');
        commits.push(Commit {
            hash: hash.trim().to_owned(),
            when,
            blob: (!deleted).then(|| (*blob).to_owned()),
        });
    }
    commits
}

/// Reads blobs by id through one `git cat-file --batch`, handing each to
/// `each` (with its position in `blobs`) as soon as it is read, so only a
/// few plans are in memory at once.
pub fn read_blobs(
    file: &Path,
    blobs: &[String],
    mut each: impl FnMut(usize, Result<Vec<u8>, String>),
) -> Result<(), GitError> {
    if blobs.is_empty() {
        return Ok(());
    }
    let folder = folder_of(file)?;
    let failed = |message: String| GitError::Failed {
        path: file.to_owned(),
        what: "cat-file",
        message,
    };
    let mut child = git(&folder)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => GitError::NotInstalled,
            _ => failed(e.to_string()),
        })?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(failed("its pipes could not be opened".to_owned()));
    };
    let request: String = blobs.iter().map(|b| format!("{b}\n")).collect();
    let writer = std::thread::spawn(move || {
        // Closing stdin afterwards tells git the list is complete.
        let _ = stdin.write_all(request.as_bytes());
    });
    let mut reader = BufReader::new(stdout);
    let mut outcome = Ok(());
    for (i, blob) in blobs.iter().enumerate() {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => {
                outcome = Err(failed(format!("it stopped before {blob}")));
                break;
            }
            Ok(_) => {}
        }
        // "<oid> blob <size>", or "<oid> missing".
        let parts: Vec<&str> = header.split_whitespace().collect();
        let size = match parts.as_slice() {
            [_, "blob", size] => size.parse::<usize>().ok(),
            _ => None,
        };
        let Some(size) = size else {
            each(i, Err(format!("git has no content {blob}")));
            continue;
        };
        let mut bytes = vec![0; size];
        let mut newline = [0u8; 1];
        if reader.read_exact(&mut bytes).is_err() || reader.read_exact(&mut newline).is_err() {
            outcome = Err(failed(format!("it stopped while reading {blob}")));
            break;
        }
        each(i, Ok(bytes));
    }
    drop(reader);
    let _ = writer.join();
    let _ = child.kill();
    let _ = child.wait();
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_records_give_the_blob_each_commit_left() {
        let text = "\u{1e}aaaa\u{1f}1767225600\n\n:100644 100644 1111 2222 M\tplan.ron\n\
                    \u{1e}bbbb\u{1f}1767139200\n\n:100644 000000 2222 0000000000 D\tplan.ron\n\
                    \u{1e}cccc\u{1f}1767052800\n\n:000000 100644 0000 3333 A\t\"pl\\303\\244n.ron\"\n\
                    \u{1e}dddd\u{1f}not-a-time\n\n:000000 100644 0000 4444 A\tplan.ron\n";
        let commits = parse_log(text);
        let summary: Vec<(&str, Option<&str>)> = commits
            .iter()
            .map(|c| (c.hash.as_str(), c.blob.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                ("aaaa", Some("2222")),
                ("bbbb", None),
                ("cccc", Some("3333"))
            ]
        );
        assert_eq!(commits[0].when.to_rfc3339(), "2026-01-01T00:00:00+00:00");
    }
}
