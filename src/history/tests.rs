use std::process::Command;

use super::*;
use crate::model::{Asset, AssetKind, ReplicationStatus, Staging, Workload};

/// A plan of one workload and `assets` assets, the first `staged` of them
/// staged with replication verified.
fn plan(name: &str, assets: usize, staged: usize) -> Plan {
    let mut plan = Plan::named(name);
    let workload = Workload::new("ERP");
    for i in 0..assets {
        let mut asset = Asset::new(format!("erp-{i:02}"), AssetKind::VirtualMachine);
        asset.workload = Some(workload.id.clone());
        if i < staged {
            asset.replication.status = ReplicationStatus::Verified;
            asset.staging = Staging::Staged;
        }
        plan.assets.push(std::sync::Arc::new(asset));
    }
    plan.workloads.push(workload);
    plan
}

fn write(path: &Path, plan: &Plan) {
    std::fs::write(path, crate::storage::to_string(plan)).expect("written");
}

fn staged(history: &History) -> Vec<usize> {
    history
        .points
        .iter()
        .map(|p| p.counts.stage(Stage::Staged))
        .collect()
}

#[test]
fn kept_versions_and_the_file_give_points_and_a_damaged_version_is_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let file = dir.path().join("plan.ron");
    std::fs::write(&file, crate::storage::to_string(&plan("Contoso", 4, 0))).expect("written");
    // Each save keeps the version it replaces, beside the plan.
    let save_keeping = |plan: &Plan| {
        std::thread::sleep(std::time::Duration::from_millis(5));
        let options = crate::storage::SaveOptions {
            keep: Some(crate::storage::Keep::versions(None)),
            ..crate::storage::SaveOptions::default()
        };
        crate::storage::save_with(plan, &file, &options).expect("saved");
    };
    save_keeping(&plan("Contoso", 4, 1));
    save_keeping(&plan("Contoso", 4, 3));
    // Damaged on disk (the version before it is lost), then kept.
    std::fs::write(
        &file,
        "(\n    format: 2,\n    name: \"Contoso\",\n    assets: [ (name: \n",
    )
    .expect("damaged");
    save_keeping(&plan("Contoso", 5, 2));
    save_keeping(&plan("Contoso migration", 5, 4));

    let options = Options {
        git: false,
        data_dir: Some(&data),
        known: None,
    };
    let history = read(&file, &options).expect("history");
    assert_eq!(
        history.plan, "Contoso migration",
        "named as the newest point"
    );
    assert_eq!(
        staged(&history),
        [0, 1, 2, 4],
        "oldest first, the file last"
    );
    assert!(history.points.iter().all(|p| p.source == Source::Version));
    assert_eq!(history.points[3].counts.assets, 5);
    assert_eq!(history.points[3].counts.workloads, 1);
    assert_eq!(history.skipped.len(), 1, "the damaged version is counted");
    assert!(
        history.skipped[0].why.contains(":4:"),
        "says where it is damaged: {}",
        history.skipped[0].why
    );
    assert_eq!(history.commits, None);

    // Read again, the points come from the cache: the same answer.
    let again = read(&file, &options).expect("history");
    assert_eq!(again, history);
    let cache = std::fs::read_dir(data.join("history"))
        .expect("a cache folder")
        .count();
    assert_eq!(cache, 1, "one cache file per plan");
}

#[test]
fn a_plan_with_no_file_and_no_versions_has_no_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("missing.ron");
    let err = read(&file, &Options::default()).expect_err("nothing");
    assert!(
        err.to_string()
            .contains("no such plan, and no kept versions")
    );
}

fn git(dir: &Path, args: &[&str], when: &str) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether git is installed: the git tests say so and pass without it.
fn have_git() -> bool {
    Command::new("git").arg("--version").output().is_ok()
}

#[test]
fn every_commit_that_changed_the_plan_is_a_point_and_points_are_cached_by_content() {
    if !have_git() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path();
    let data = repo.join(".data");
    let file = repo.join("plan.ron");
    git(repo, &["init", "-q"], "2026-03-01T09:00:00Z");
    write(&file, &plan("Contoso", 4, 0));
    git(repo, &["add", "plan.ron"], "2026-03-01T09:00:00Z");
    git(repo, &["commit", "-qm", "first"], "2026-03-02T09:00:00Z");
    // A commit that does not touch the plan is no point.
    std::fs::write(repo.join("notes.txt"), "notes").expect("written");
    git(repo, &["add", "notes.txt"], "2026-03-03T09:00:00Z");
    git(repo, &["commit", "-qm", "notes"], "2026-03-03T09:00:00Z");
    write(&file, &plan("Contoso", 4, 2));
    git(repo, &["commit", "-qam", "second"], "2026-03-09T09:00:00Z");
    write(&file, &plan("Contoso", 6, 5));
    git(repo, &["commit", "-qam", "third"], "2026-03-16T09:00:00Z");
    // Unsaved in git: the file as it is is the newest point.
    write(&file, &plan("Contoso", 6, 6));

    let options = Options {
        git: true,
        data_dir: Some(&data),
        known: None,
    };
    let history = read(&file, &options).expect("history");
    assert_eq!(history.commits, Some(3));
    assert_eq!(staged(&history), [0, 2, 5, 6]);
    let when: Vec<String> = history.points.iter().map(Point::when_text).collect();
    assert_eq!(
        when[..3],
        [
            "2026-03-02T09:00:00Z",
            "2026-03-09T09:00:00Z",
            "2026-03-16T09:00:00Z"
        ]
    );
    let sources: Vec<String> = history.points.iter().map(|p| p.source.label()).collect();
    assert!(
        sources[..3]
            .iter()
            .all(|s| s.starts_with("git ") && s.len() == 11),
        "{sources:?}"
    );
    assert_eq!(sources[3], "version");
    assert!(history.skipped.is_empty());

    // The cache answers for every commit: a damaged blob in git would
    // not even be read again.
    let cache = std::fs::read_to_string(
        std::fs::read_dir(data.join("history"))
            .expect("cache folder")
            .next()
            .expect("a cache file")
            .expect("entry")
            .path(),
    )
    .expect("cache read");
    assert_eq!(cache.matches("git:").count(), 3, "{cache}");
    assert_eq!(read(&file, &options).expect("again"), history);
}

#[test]
fn a_plan_outside_any_repository_says_so() {
    if !have_git() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("plan.ron");
    write(&file, &plan("Contoso", 1, 0));
    let out = Command::new("git")
        .current_dir(dir.path())
        .args(["rev-parse", "--is-inside-work-tree"])
        .env("GIT_CEILING_DIRECTORIES", dir.path())
        .output()
        .expect("git runs");
    if out.status.success() {
        eprintln!("the temporary folder is inside a repository: skipped");
        return;
    }
    let err = read(
        &file,
        &Options {
            git: true,
            data_dir: None,
            known: None,
        },
    )
    .expect_err("not a repository");
    assert!(
        matches!(err, HistoryError::Git(GitError::NotInRepository { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("not in a git repository"), "{err}");
}

/// What the caller knows of the file as it is on disk is taken without
/// parsing it, and kept for the next read; a file changed since is read.
#[test]
fn the_file_the_caller_holds_is_not_parsed_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let file = dir.path().join("plan.ron");
    write(&file, &plan("Contoso", 4, 1));
    let stamp = crate::storage::stamp(&file).expect("stamp");
    // Counts no parse of the file gives (all four staged, not one):
    // seen only if taken as known.
    let mut stages = [0; STAGES];
    stages[Stage::Staged.index()] = 4;
    let known = Known {
        stamp,
        plan: "Contoso".into(),
        counts: Counts {
            assets: 4,
            stages,
            workloads: 1,
            workloads_done: 0,
        },
    };
    fn options<'a>(data: &'a Path, known: Option<&'a Known>) -> Options<'a> {
        Options {
            git: false,
            data_dir: Some(data),
            known,
        }
    }
    let with = |known| options(&data, known);
    let history = read(&file, &with(Some(&known))).expect("history");
    assert_eq!(history.points.len(), 1);
    assert_eq!(history.points[0].counts, known.counts, "taken as known");
    // The next read of the same content (say a kept version after a save)
    // finds it in the cache.
    let again = read(&file, &with(None)).expect("history");
    assert_eq!(again.points[0].counts, known.counts, "kept for later");

    // A file changed since is not the one the caller knows: it is read.
    std::thread::sleep(std::time::Duration::from_millis(5));
    write(&file, &plan("Contoso", 4, 2));
    let changed = read(&file, &with(Some(&known))).expect("history");
    assert_eq!(staged(&changed), [2], "parsed, not taken as known");
}
