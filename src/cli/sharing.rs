//! The commands for sharing a plan: a three-way merge (the git merge
//! driver), a diff in words, `show` for git's textconv, and `git-setup`,
//! which makes git use them for plans.

use super::*;

#[derive(Serialize)]
pub(super) struct JsonConflict {
    kind: &'static str,
    subject: String,
    subject_id: Option<String>,
    field: String,
    ours: String,
    theirs: String,
    kept: &'static str,
    question_id: Option<String>,
}

#[derive(Serialize)]
struct JsonMerge {
    clean: bool,
    /// The merged plan's file; `null` when nothing was written.
    output: Option<String>,
    /// Why nothing was written (an input unreadable, the output refused).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonFileError>,
    changes_from_ours: usize,
    changes_from_theirs: usize,
    conflicts: Vec<JsonConflict>,
    problems: Vec<JsonProblem>,
}

/// The conflicts of a merge, as `merge --json` and `resolve --json` print
/// them.
pub(super) fn json_conflicts(conflicts: &[crate::merge::Conflict]) -> Vec<JsonConflict> {
    conflicts
        .iter()
        .map(|c| JsonConflict {
            kind: c.kind.key(),
            subject: c.subject.clone(),
            subject_id: c.subject_id.clone(),
            field: c.field.clone(),
            ours: c.ours.clone(),
            theirs: c.theirs.clone(),
            kept: c.kept.key(),
            question_id: c.question_id.clone(),
        })
        .collect()
}

#[derive(Serialize)]
pub(super) struct JsonFileError {
    pub file: String,
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// The files of a merge, and the plan's own path to name in messages.
pub(super) struct MergeFiles<'a> {
    pub base: &'a Path,
    pub ours: &'a Path,
    pub theirs: &'a Path,
    pub output: &'a Path,
    /// `--name`: the plan the (temporary) files stand for.
    pub name: Option<&'a str>,
}

impl MergeFiles<'_> {
    /// How a file of the merge is named in messages: with `--name`, the
    /// plan and which copy the file is ("plan.ron (theirs)"), never a
    /// temporary file's name.
    fn called(&self, file: &Path) -> PathBuf {
        let Some(name) = self.name else {
            return file.to_owned();
        };
        let copy = if file == self.output {
            return PathBuf::from(name);
        } else if file == self.base {
            "base"
        } else if file == self.ours {
            "ours"
        } else {
            "theirs"
        };
        PathBuf::from(format!("{name} ({copy})"))
    }
}

/// Reports a merge that wrote nothing, exit 2.
fn merge_failed(
    file: &Path,
    message: String,
    position: Option<(usize, usize)>,
    json: bool,
) -> ExitCode {
    eprintln!("ferry: {message}");
    if json {
        print_json(&JsonMerge {
            clean: false,
            output: None,
            error: Some(JsonFileError {
                file: file.display().to_string(),
                message,
                line: position.map(|p| p.0),
                column: position.map(|p| p.1),
            }),
            changes_from_ours: 0,
            changes_from_theirs: 0,
            conflicts: Vec::new(),
            problems: Vec::new(),
        });
    }
    ExitCode::from(EXIT_UNREADABLE)
}

/// The common ancestor: an empty file (git's when both sides added the
/// plan) is an empty plan.
fn load_base(path: &Path) -> Result<Plan, storage::LoadError> {
    let bytes = storage::read_bytes(path)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Plan::default());
    }
    storage::parse_bytes(&bytes, path)
}

/// Why the merge must not write OUT: one of its inputs other than OURS,
/// an existing file without `--force`, a newer Ferry's plan, a symbolic
/// link leading in a circle. `None` when it may.
fn refuse_output(files: &MergeFiles<'_>, over_ours: bool, force: bool) -> Option<String> {
    let output = files.output;
    let shown = files.called(output);
    if over_ours {
        return None;
    }
    if let Some(input) = [files.base, files.theirs]
        .into_iter()
        .find(|i| storage::same_file(output, i))
    {
        return Some(
            storage::SaveError::SameAsInput {
                path: shown,
                input: files.called(input),
            }
            .to_string(),
        );
    }
    if std::fs::symlink_metadata(output).is_err() {
        return None;
    }
    if storage::real_target(output).is_err() {
        return Some(storage::SaveError::LinkLoop { path: shown }.to_string());
    }
    if let Some(why) = newer_plan_there(output) {
        return Some(why);
    }
    if !force {
        return Some(format!(
            "{} exists and is not OURS: it was not replaced. Choose another file, or add --force to replace it (the replaced file is kept as a version)",
            shown.display()
        ));
    }
    None
}

pub(super) fn merge(files: &MergeFiles<'_>, force: bool, json: bool) -> ExitCode {
    let failed = |file: &Path, e: storage::LoadError| {
        let shown = files.called(file);
        let e = e.named(&shown);
        let position = e.position();
        merge_failed(&shown, e.to_string(), position, json)
    };
    let base_plan = match load_base(files.base) {
        Ok(plan) => plan,
        Err(e) => return failed(files.base, e),
    };
    let (ours_plan, ours_baseline) = match storage::load_with_baseline(files.ours) {
        Ok(loaded) => loaded,
        Err(e) => return failed(files.ours, e),
    };
    let theirs_plan = match storage::load(files.theirs) {
        Ok(plan) => plan,
        Err(e) => return failed(files.theirs, e),
    };
    // OUT may replace OURS (git's driver writes the result over %A), as
    // long as OURS is still the file read; never BASE or THEIRS, and
    // another existing file only when told to.
    let output = files.output;
    let shown = files.called(output);
    let over_ours = storage::same_file(output, files.ours);
    if let Some(why) = refuse_output(files, over_ours, force) {
        return merge_failed(&shown, why, None, json);
    }
    let merged = crate::merge::merge(&base_plan, &ours_plan, &theirs_plan);
    let existed = std::fs::symlink_metadata(output).is_ok();
    let home = versions_home();
    let options = storage::SaveOptions {
        // Over OURS: only while it is the file read. A new file: only
        // while nobody else made one there.
        expected: if over_ours {
            Some(&ours_baseline)
        } else if existed {
            None
        } else {
            Some(&storage::Baseline::ABSENT)
        },
        // A file replaced by --force is kept; OURS is an input (in git, a
        // temporary copy) and is not.
        keep: (existed && !over_ours).then(|| storage::Keep::versions(home.as_deref())),
        ..storage::SaveOptions::default()
    };
    match storage::save_with(&merged.plan, output, &options) {
        Ok(report) => tell(report.notice),
        Err(e) => return merge_failed(&shown, e.to_string(), None, json),
    }
    let name = shown.display();
    for c in &merged.conflicts {
        eprintln!("ferry: {name}: conflict: {}", c.describe());
    }
    for p in &merged.new_problems {
        eprintln!(
            "ferry: {name}: after the merge: {} [{}], which neither copy had",
            p.message, p.code
        );
    }
    let asked = merged.conflicts.len() + merged.new_problems.len();
    if asked > 0 {
        let theirs_kept = merged
            .conflicts
            .iter()
            .filter(|c| c.kept == crate::merge::Side::Theirs)
            .count();
        let kept = match (merged.conflicts.len() - theirs_kept, theirs_kept) {
            (_, 0) => "ours was kept for each conflict".to_owned(),
            (0, _) => "theirs was kept for each conflict (an item one side deleted and the other edited is kept)".to_owned(),
            (ours, theirs) => format!(
                "ours was kept for {} and theirs for {theirs} (an item one side deleted and the other edited is kept)",
                crate::words::count(ours, "conflict")
            ),
        };
        eprintln!(
            "ferry: {}, {}: {kept}; each is an open question in the log of {name}",
            crate::words::count(merged.conflicts.len(), "conflict"),
            crate::words::count(merged.new_problems.len(), "new problem"),
        );
    }
    if json {
        print_json(&JsonMerge {
            clean: merged.is_clean(),
            output: Some(output.display().to_string()),
            error: None,
            changes_from_ours: merged.changes_from_ours,
            changes_from_theirs: merged.changes_from_theirs,
            conflicts: json_conflicts(&merged.conflicts),
            problems: json_problems(&merged.new_problems),
        });
    } else {
        print_text(&format!(
            "{name}: merged, {} from ours, {} from theirs{}\n",
            crate::words::count(merged.changes_from_ours, "change"),
            merged.changes_from_theirs,
            if asked > 0 {
                format!(", {} to decide", crate::words::count(asked, "question"))
            } else {
                String::new()
            }
        ));
    }
    if merged.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

// ---------------------------------------------------------------- diff

#[derive(Serialize)]
struct JsonChange {
    group: String,
    subject: String,
    subject_id: Option<String>,
    text: String,
}

#[derive(Serialize)]
struct JsonDiff {
    old: String,
    new: String,
    changes: Vec<JsonChange>,
}

pub(super) fn diff(old: &Path, new: &Path, json: bool) -> ExitCode {
    let (old_plan, new_plan) = match (load_or_report(old), load_or_report(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let changes = crate::diff::diff(&old_plan, &new_plan);
    if json {
        print_json(&JsonDiff {
            old: old.display().to_string(),
            new: new.display().to_string(),
            changes: changes
                .into_iter()
                .map(|c| JsonChange {
                    group: c.group,
                    subject: c.subject,
                    subject_id: c.subject_id,
                    text: c.text,
                })
                .collect(),
        });
    } else {
        print_text(&crate::diff::render(&changes));
    }
    ExitCode::SUCCESS
}

pub(super) fn show(file: &Path, textconv: bool) -> ExitCode {
    match storage::load(file) {
        Ok(plan) => {
            print_text(&crate::diff::listing(&plan));
            ExitCode::SUCCESS
        }
        // git shows whatever textconv prints: a file that is not a plan
        // (another RON file, a committed conflict) is shown as it is.
        Err(e) if textconv => {
            match storage::read_limited(file, storage::MAX_FILE_BYTES, storage::PIPE_WAIT, false) {
                Ok(bytes) => {
                    let _ = std::io::stdout().lock().write_all(&bytes);
                    ExitCode::SUCCESS
                }
                Err(_) => {
                    eprintln!("ferry: {e}");
                    ExitCode::from(EXIT_UNREADABLE)
                }
            }
        }
        Err(e) => {
            eprintln!("ferry: {e}");
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

// ---------------------------------------------------------------- git

/// The `.gitattributes` line that hands plans to Ferry.
pub const GIT_ATTRIBUTES: &str = "*.ron merge=ferry diff=ferry";

/// Runs git with arguments; its trimmed output when it succeeds.
fn git(args: &[&str]) -> Result<Option<String>, String> {
    let out = std::process::Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("git could not be run ({e}); is git installed?"))?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_owned()))
}

/// A path quoted for the shell git runs drivers with.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

pub(super) fn git_setup() -> ExitCode {
    match git_setup_steps() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ferry: {message}");
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

fn git_setup_steps() -> Result<(), String> {
    let Some(root) = git(&["rev-parse", "--show-toplevel"])? else {
        return Err(
            "this folder is not in a git repository: run `ferry git-setup` inside the repository that holds your plans".to_owned(),
        );
    };
    let root = PathBuf::from(root);
    let exe = std::env::current_exe()
        .map_err(|e| format!("the path of this ferry could not be found ({e})"))?;
    let exe = shell_quoted(&exe.to_string_lossy());
    let wanted = [
        ("merge.ferry.name", "Ferry plan merge".to_owned()),
        (
            "merge.ferry.driver",
            format!("{exe} merge %O %A %B -o %A --name %P"),
        ),
        ("diff.ferry.textconv", format!("{exe} show --textconv")),
    ];
    let mut changed = 0;
    for (key, value) in &wanted {
        if git(&["config", "--local", "--get", key])?.as_deref() == Some(value.as_str()) {
            println!("{key} is already set");
            continue;
        }
        if git(&["config", "--local", key, value])?.is_none() {
            return Err(format!("git could not set {key} in {}", root.display()));
        }
        println!("set {key} = {value}");
        changed += 1;
    }
    let path = root.join(".gitattributes");
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    if existing.lines().any(|l| l.trim() == GIT_ATTRIBUTES) {
        println!("{} already has `{GIT_ATTRIBUTES}`", path.display());
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(GIT_ATTRIBUTES);
        text.push('\n');
        storage::write_atomically(&path, text.as_bytes()).map_err(|e| e.to_string())?;
        println!("added `{GIT_ATTRIBUTES}` to {}", path.display());
        changed += 1;
    }
    if changed == 0 {
        println!("nothing to change: git already merges and diffs plans with Ferry here");
    } else {
        println!(
            "done: git now merges *.ron plans with Ferry and shows their changes in words. Commit .gitattributes; everyone who clones runs `ferry git-setup` once"
        );
    }
    Ok(())
}
