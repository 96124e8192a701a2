//! `ferry history --git` on a 10,000-asset plan with 30 commits (goal:
//! tens of commits in seconds): the first read parses and derives every
//! commit (on every core), a second read finds every point in the cache;
//! one version parsed and derived on one core, for comparison. Figures go
//! to BENCHMARKS.md.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use ferry::history::{Options, read};
use ferry::model::{ReplicationStatus, Staging};

const ASSETS: usize = 10_000;
const COMMITS: usize = 30;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.com",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A repository whose plan moves on a little in each commit: a thirtieth
/// of the assets staged more each time.
fn repository(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("plan.ron");
    git(dir, &["init", "-q"]);
    let mut plan = ferry::generate::generate(ASSETS, 1);
    let per_commit = plan.assets.len() / COMMITS;
    for commit in 0..COMMITS {
        for asset in plan
            .assets
            .iter_mut()
            .skip(commit * per_commit)
            .take(per_commit)
        {
            let asset = Arc::make_mut(asset);
            asset.replication.status = ReplicationStatus::Verified;
            asset.staging = Staging::Staged;
        }
        ferry::storage::save(&plan, &file).expect("saved");
        git(dir, &["add", "plan.ron"]);
        git(dir, &["commit", "-qm", &format!("step {commit}")]);
    }
    file
}

fn history(c: &mut Criterion) {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: no history benchmark");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = repository(dir.path());
    let data = dir.path().join("data");
    let mut group = c.benchmark_group("history");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(10));
    // What one point costs on one core, for comparison: parse and derive.
    let text = std::fs::read(&file).expect("the plan");
    group.bench_function(format!("one_version_{ASSETS}_assets"), |b| {
        b.iter(|| {
            let plan = ferry::storage::parse_bytes(&text, &file).expect("parsed");
            ferry::history::Counts::of(&plan)
        })
    });
    group.bench_function(
        format!("git_{COMMITS}_commits_{ASSETS}_assets/uncached"),
        |b| {
            b.iter(|| {
                let options = Options {
                    git: true,
                    data_dir: None,
                    known: None,
                };
                let history = read(&file, &options).expect("history");
                assert_eq!(history.points.len(), COMMITS + 1);
                history
            })
        },
    );
    let options = Options {
        git: true,
        data_dir: Some(&data),
        known: None,
    };
    read(&file, &options).expect("the cache filled");
    group.bench_function(
        format!("git_{COMMITS}_commits_{ASSETS}_assets/cached"),
        |b| b.iter(|| read(&file, &options).expect("history")),
    );
    group.finish();
}

criterion_group!(benches, history);
criterion_main!(benches);
