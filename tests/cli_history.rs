//! `ferry history` and the reports that people act on: progress over time
//! from a real git repository and kept versions, the calendar, the tracker
//! CSV and the HTML report's pictures, through the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ferry::model::{
    Asset, AssetKind, LogEntry, LogKind, Plan, ReplicationStatus, Staging, Wave, Workload,
};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A folder for one test: the repository, and the data folder where
/// Ferry keeps versions (so the user's own are never read).
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        Place {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn data(&self) -> PathBuf {
        self.root().join("data")
    }

    fn plan(&self) -> PathBuf {
        self.root().join("repo").join("plan.ron")
    }

    fn ferry(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ferry"))
            .args(args)
            .env("XDG_DATA_HOME", self.data())
            .env("HOME", self.root())
            .env("GIT_CEILING_DIRECTORIES", self.root())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("ferry runs")
    }

    fn git(&self, args: &[&str], when: &str) {
        let out = Command::new("git")
            .current_dir(self.root().join("repo"))
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
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    }

    fn write(&self, plan: &Plan) {
        let path = self.plan();
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(&path, ferry::storage::to_string(plan)).expect("written");
    }

    /// Saves a plan as the app does: the version it replaces is kept.
    fn save_keeping(&self, plan: &Plan) {
        std::thread::sleep(std::time::Duration::from_millis(5));
        let options = ferry::storage::SaveOptions {
            keep: Some(ferry::storage::Keep::versions(None)),
            ..ferry::storage::SaveOptions::default()
        };
        ferry::storage::save_with(plan, &self.plan(), &options).expect("saved");
    }
}

fn have_git() -> bool {
    Command::new("git").arg("--version").output().is_ok()
}

/// A plan of one workload of `assets` assets, `staged` of them staged.
fn plan(assets: usize, staged: usize) -> Plan {
    let mut plan = Plan::named("Contoso");
    let mut workload = Workload::new("ERP");
    workload.wave = "Wave 1".into();
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
    plan.waves = vec![Wave {
        name: "Wave 1".into(),
        start: Some("2026-03-02".into()),
        end: Some("2026-03-27".into()),
        notes: String::new(),
    }];
    plan
}

/// Three commits, then two saves that keep a readable version and a
/// damaged one.
fn repository_with_history(place: &Place) {
    std::fs::create_dir_all(place.root().join("repo")).expect("repo folder");
    place.git(&["init", "-q"], "2026-03-01T09:00:00Z");
    place.write(&plan(4, 0));
    place.git(&["add", "plan.ron"], "2026-03-02T09:00:00Z");
    place.git(&["commit", "-qm", "first"], "2026-03-02T09:00:00Z");
    place.write(&plan(4, 1));
    place.git(&["commit", "-qam", "second"], "2026-03-09T09:00:00Z");
    place.write(&plan(5, 3));
    place.git(&["commit", "-qam", "third"], "2026-03-16T09:00:00Z");
    // Kept by a save: the third commit's plan, then a damaged file.
    place.save_keeping(&plan(5, 4));
    std::fs::write(place.plan(), "(\n    format: 2,\n    assets: [ (name: ").expect("damaged");
    place.save_keeping(&plan(5, 4));
}

#[test]
fn history_json_has_a_point_per_commit_and_version_and_counts_what_it_skipped() {
    if !have_git() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let place = Place::new();
    repository_with_history(&place);
    let out = place.ferry(&["history", arg(&place.plan()), "--git", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["plan"], "Contoso");
    assert_eq!(v["skipped"], 1, "the damaged version is counted");
    assert!(
        text(&out.stderr).contains("skipped version"),
        "{}",
        text(&out.stderr)
    );
    let points = v["points"].as_array().expect("points");
    let summary: Vec<(String, u64)> = points
        .iter()
        .map(|p| {
            let source = p["source"].as_str().expect("source");
            let kind = source.split(' ').next().unwrap_or_default().to_owned();
            (kind, p["stages"]["Staged"].as_u64().expect("staged"))
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("git".to_owned(), 0),
            ("git".to_owned(), 1),
            ("git".to_owned(), 3),
            ("version".to_owned(), 3),
            ("version".to_owned(), 4),
        ],
        "oldest first: three commits, the kept version, the file as it is"
    );
    let first = &points[0];
    assert_eq!(first["when"], "2026-03-02T09:00:00Z");
    assert_eq!(first["assets"], 4);
    assert_eq!(first["workloads"], 1);
    assert_eq!(first["workloads_done"], 0);
    assert_eq!(first["stages"].as_object().expect("stages").len(), 10);
    assert_eq!(points[4]["assets"], 5);

    // Without --git: the versions only.
    let out = place.ferry(&["history", arg(&place.plan()), "--csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "when,source,assets,OutOfScope,Blocked,Remediating,Unassessed,ReadyToReplicate,Replicating,Failed,Replicated,Verified,Staged,workloads,workloads_done"
        )
    );
    assert_eq!(lines.count(), 2);

    // The HTML report charts the same points.
    let report = place.root().join("report.html");
    let out = place.ferry(&[
        "report",
        arg(&place.plan()),
        "--format",
        "html",
        "--history",
        "git",
        "-o",
        arg(&report),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&report).expect("report");
    assert_eq!(html.matches("<svg").count(), 2, "timeline and progress");
    assert_eq!(html.matches("class=\"point\"").count(), 5);
    assert!(html.contains("1 version could not be read and is left out."));
}

#[test]
fn history_without_git_or_outside_a_repository_says_so() {
    let place = Place::new();
    place.write(&plan(2, 1));
    let file = place.plan();

    let no_git = Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(["history", arg(&file), "--git"])
        .env("PATH", place.root())
        .env("XDG_DATA_HOME", place.data())
        .output()
        .expect("ferry runs");
    assert_eq!(no_git.status.code(), Some(2));
    assert!(
        text(&no_git.stderr).contains("git was not found"),
        "{}",
        text(&no_git.stderr)
    );

    if have_git() {
        let out = place.ferry(&["history", arg(&file), "--git"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains("plan.ron: not in a git repository"),
            "{}",
            text(&out.stderr)
        );
    }

    // Without --git the file alone is a point.
    let out = place.ferry(&["history", arg(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Contoso: 1 point, oldest first\n"));
    assert!(text(&out.stdout).contains("2 assets: Unassessed 1 · Staged 1"));

    let missing = place.root().join("nothing.ron");
    let out = place.ferry(&["history", arg(&missing)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no such plan, and no kept versions of it"));

    let out = place.ferry(&[
        "report",
        arg(&file),
        "--format",
        "csv",
        "--history",
        "versions",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--history is for Markdown and HTML reports"));
}

#[test]
fn report_formats_ics_and_tasks_write_the_calendar_and_the_open_work() {
    let place = Place::new();
    let mut plan = plan(2, 0);
    plan.log.push(LogEntry {
        id: "lg-cutover1".into(),
        kind: LogKind::Action,
        text: "Book the cutover window".into(),
        due: Some("2026-03-20".into()),
        ..LogEntry::default()
    });
    place.write(&plan);
    let file = place.plan();

    let ics = place.root().join("plan.ics");
    let out = place.ferry(&["report", arg(&file), "--format", "ics", "-o", arg(&ics)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let calendar = std::fs::read_to_string(&ics).expect("calendar");
    assert!(calendar.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(calendar.contains("DTSTART;VALUE=DATE:20260302\r\n"));
    assert!(calendar.contains("DTEND;VALUE=DATE:20260328\r\n"));
    assert!(calendar.contains("UID:lg-cutover1@ferry\r\n"));

    let out = place.ferry(&["report", arg(&file), "--format", "tasks"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        [
            "Work Item Type",
            "Title",
            "Description",
            "Assigned To",
            "Due Date",
            "State",
            "Tags",
            "Ferry ID"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][1], "Book the cutover window");
    assert_eq!(&rows[0][4], "2026-03-20");
    assert_eq!(&rows[0][7], "lg-cutover1");
}

/// The command line reads the kept versions the window keeps: both name
/// the same data folder.
#[cfg(feature = "gui")]
#[test]
fn the_command_line_finds_kept_versions_where_the_app_keeps_them() {
    assert_eq!(
        ferry::storage::versions::data_dir(),
        eframe::storage_dir("ferry")
    );
}
