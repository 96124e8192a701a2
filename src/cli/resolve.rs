//! `ferry resolve FILE`: merges the copies that file-sync clients leave
//! beside a plan when two people saved at once (see
//! [`crate::session::copies`]), saves the plan once through the locked,
//! guarded save, and moves each merged copy into `ferry-merged-copies/`.

use super::*;
use crate::session::copies;
use sharing::{JsonConflict, JsonFileError, json_conflicts};

#[derive(Serialize)]
struct JsonResolve {
    plan: String,
    /// No conflict and no new problem in any copy's merge.
    clean: bool,
    /// The plan written; `null` when nothing was written.
    output: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonFileError>,
    copies: Vec<JsonCopy>,
    /// Files named like a copy that are not one (another plan, or
    /// unreadable), left where they are.
    left_alone: Vec<JsonLeft>,
}

#[derive(Serialize)]
struct JsonCopy {
    file: String,
    /// `onedrive`, `dropbox`, `nextcloud`, `syncthing`, `google-drive`.
    client: &'static str,
    /// Who or what its name says it is from.
    from: Option<String>,
    /// The common ancestor the merge used; `null`: none was found.
    base: Option<String>,
    moved_to: Option<String>,
    changes_from_ours: usize,
    changes_from_theirs: usize,
    conflicts: Vec<JsonConflict>,
    problems: Vec<JsonProblem>,
}

#[derive(Serialize)]
struct JsonLeft {
    file: String,
    reason: String,
}

/// A copy found, and how its merge went.
struct Resolved {
    named: copies::Named,
    base: Option<copies::Base>,
    merged: crate::merge::Merged,
    moved_to: Option<PathBuf>,
}

pub(super) fn resolve(file: &Path, json: bool) -> ExitCode {
    let failed = |message: String, position: Option<(usize, usize)>| {
        eprintln!("ferry: {message}");
        if json {
            print_json(&JsonResolve {
                plan: file.display().to_string(),
                clean: false,
                output: None,
                error: Some(JsonFileError {
                    file: file.display().to_string(),
                    message,
                    line: position.map(|p| p.0),
                    column: position.map(|p| p.1),
                }),
                copies: Vec::new(),
                left_alone: Vec::new(),
            });
        }
        ExitCode::from(EXIT_UNREADABLE)
    };
    let (plan, baseline) = match storage::load_with_baseline(file) {
        Ok(loaded) => loaded,
        Err(e) => {
            let position = e.position();
            return failed(e.to_string(), position);
        }
    };
    let home = versions_home();
    let mut found = Vec::new();
    let mut left_alone = Vec::new();
    for path in copies::candidates(file) {
        let Some(named) = copies::named(file, &path) else {
            continue;
        };
        match storage::load(&path) {
            Ok(copy) => match copies::not_a_copy(&plan, &copy) {
                None => found.push((named, copy)),
                Some(why) => left_alone.push(JsonLeft {
                    file: path.display().to_string(),
                    reason: format!("not a copy of {}: {why}", storage::file_name(file)),
                }),
            },
            Err(e) => left_alone.push(JsonLeft {
                file: path.display().to_string(),
                reason: format!("it could not be read: {e}"),
            }),
        }
    }
    for left in &left_alone {
        eprintln!("ferry: {} left alone: {}", left.file, left.reason);
    }
    // Oldest first: each is merged into what the ones before it made.
    found.sort_by_key(|(named, _)| copies::written(&named.path));
    let plan_written = copies::written(file);
    let mut current = plan;
    let mut resolved = Vec::new();
    for (named, copy) in found {
        let base = copies::find_base(
            file,
            (&current, plan_written),
            (&copy, copies::written(&named.path)),
            home.as_deref(),
        );
        let options = crate::merge::Options::default();
        let merged = match &base {
            Some((base, _)) => crate::merge::merge_with(base, &current, &copy, &options),
            None => crate::merge::merge_without_base(&current, &copy, &options),
        };
        current = merged.plan.clone();
        resolved.push(Resolved {
            named,
            base: base.map(|(_, b)| b),
            merged,
            moved_to: None,
        });
    }
    let name = storage::file_name(file);
    if resolved.is_empty() {
        if json {
            print_json(&JsonResolve {
                plan: file.display().to_string(),
                clean: true,
                output: None,
                error: None,
                copies: Vec::new(),
                left_alone,
            });
        } else {
            println!("No conflicted copies of {name} to merge.");
        }
        return ExitCode::SUCCESS;
    }
    // The plan is written once, only over the version read; the copies
    // are moved only once it holds them.
    let options = storage::SaveOptions {
        expected: Some(&baseline),
        keep: Some(storage::Keep::versions(home.as_deref())),
        ..storage::SaveOptions::default()
    };
    match storage::save_with(&current, file, &options) {
        Ok(report) => tell(report.notice),
        Err(e) => {
            return failed(format!("{e}; no copy was merged or moved"), None);
        }
    }
    let mut exit = ExitCode::SUCCESS;
    for r in &mut resolved {
        match copies::move_aside(file, &r.named.path) {
            Ok(to) => r.moved_to = Some(to),
            Err(e) => {
                eprintln!(
                    "ferry: {} was merged but could not be moved into {}: {e}",
                    r.named.path.display(),
                    copies::MERGED_FOLDER
                );
                exit = ExitCode::from(EXIT_UNREADABLE);
            }
        }
        report_copy(&name, r, json);
    }
    let clean = resolved.iter().all(|r| r.merged.is_clean());
    if json {
        print_json(&JsonResolve {
            plan: file.display().to_string(),
            clean,
            output: Some(file.display().to_string()),
            error: None,
            copies: resolved
                .iter()
                .map(|r| JsonCopy {
                    file: r.named.path.display().to_string(),
                    client: r.named.client.key(),
                    from: r.named.from.clone(),
                    base: r.base.as_ref().map(copies::Base::describe),
                    moved_to: r.moved_to.as_ref().map(|p| p.display().to_string()),
                    changes_from_ours: r.merged.changes_from_ours,
                    changes_from_theirs: r.merged.changes_from_theirs,
                    conflicts: json_conflicts(&r.merged.conflicts),
                    problems: json_problems(&r.merged.new_problems),
                })
                .collect(),
            left_alone,
        });
    }
    if exit != ExitCode::SUCCESS {
        return exit;
    }
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// What one copy's merge did: a line on standard output (unless JSON is
/// printed), its conflicts and new problems on standard error.
fn report_copy(name: &str, r: &Resolved, json: bool) {
    let copy = storage::file_name(&r.named.path);
    let base = r.base.as_ref().map_or_else(
        || "no common version was found: what either has is kept, and what they hold differently is asked".to_owned(),
        |b| format!("base: {}", b.describe()),
    );
    if !json {
        println!(
            "Merged {copy} ({}, {}) into {name}: {} from it; {base}.",
            r.named.client.label(),
            r.named.label(),
            crate::words::count(r.merged.changes_from_theirs, "change"),
        );
        if let Some(to) = &r.moved_to {
            println!("  moved to {}", to.display());
        }
    }
    for c in &r.merged.conflicts {
        eprintln!("ferry: {name}: conflict with {copy}: {}", c.describe());
    }
    for p in &r.merged.new_problems {
        eprintln!(
            "ferry: {name}: after merging {copy}: {} [{}], which neither copy had",
            p.message, p.code
        );
    }
    let asked = r.merged.conflicts.len() + r.merged.new_problems.len();
    if asked > 0 {
        eprintln!(
            "ferry: {}, {} from {copy}: ours was kept, except where one side deleted an item the other edited; each is an open question in the log of {name}",
            crate::words::count(r.merged.conflicts.len(), "conflict"),
            crate::words::count(r.merged.new_problems.len(), "new problem"),
        );
    }
}
