//! `ferry merge`, `ferry diff`, `ferry show` and `ferry git-setup` from the
//! command line: exit codes, JSON, messages; and a real `git merge` of a
//! plan through the merge driver that `git-setup` registers.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ferry::model::{ActivityKind, LogEntry, LogKind, LogStatus, Plan, Raci};

#[path = "support/cli.rs"]
mod support;
use support::{ferry, text};

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf8 path")
}

fn example() -> Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/examples/contoso-wave1.ron");
    ferry::storage::load(&path).expect("the example loads")
}

fn save(plan: &Plan, path: &Path) {
    ferry::storage::save(plan, path).expect("saved");
}

fn asset_mut<'a>(plan: &'a mut Plan, name: &str) -> &'a mut ferry::model::Asset {
    plan.assets
        .iter_mut()
        .map(std::sync::Arc::make_mut)
        .find(|a| a.name == name)
        .expect("asset in the example")
}

fn id_of_party(plan: &Plan, name: &str) -> String {
    plan.parties
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.id.clone())
        .expect("party in the example")
}

fn set_cell(plan: &mut Plan, workload: &str, kind: ActivityKind, party: &str, letter: Raci) {
    let party = id_of_party(plan, party);
    let w = plan
        .workloads
        .iter_mut()
        .find(|w| w.name == workload)
        .expect("workload in the example");
    w.activity_mut(kind).raci.insert(party, letter);
}

fn cell(plan: &Plan, workload: &str, kind: ActivityKind, party: &str) -> Option<Raci> {
    let party = id_of_party(plan, party);
    plan.workloads
        .iter()
        .find(|w| w.name == workload)?
        .activity(kind)?
        .raci
        .get(&party)
        .copied()
}

fn log_entry(id: &str, text: &str) -> LogEntry {
    LogEntry {
        id: id.into(),
        kind: LogKind::Action,
        text: text.into(),
        date: "2025-06-01".into(),
        ..LogEntry::default()
    }
}

/// Three files: the example as the base, and two edited copies.
struct Three {
    _dir: tempfile::TempDir,
    base: PathBuf,
    ours: PathBuf,
    theirs: PathBuf,
    out: PathBuf,
}

fn three(edit_ours: impl Fn(&mut Plan), edit_theirs: impl Fn(&mut Plan)) -> Three {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = |name: &str| dir.path().join(name);
    let base = example();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    edit_ours(&mut ours);
    edit_theirs(&mut theirs);
    save(&base, &p("base.ron"));
    save(&ours, &p("ours.ron"));
    save(&theirs, &p("theirs.ron"));
    Three {
        base: p("base.ron"),
        ours: p("ours.ron"),
        theirs: p("theirs.ron"),
        out: p("merged.ron"),
        _dir: dir,
    }
}

fn run_merge(t: &Three, extra: &[&str]) -> Output {
    let mut args = vec![
        "merge",
        arg(&t.base),
        arg(&t.ours),
        arg(&t.theirs),
        "-o",
        arg(&t.out),
    ];
    args.extend_from_slice(extra);
    ferry(&args)
}

fn errors(path: &Path) -> usize {
    let out = ferry(&["check", arg(path), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("check JSON");
    v["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["severity"] == "error")
        .count()
}

#[test]
fn merge_exits_0_when_clean_and_keeps_both_sides() {
    let t = three(
        |p| {
            asset_mut(p, "erp-web-01").notes = "Patched on Tuesday".into();
            p.log.push(log_entry("lg-ours", "Book the outage window"));
        },
        |p| {
            set_cell(
                p,
                "ERP",
                ActivityKind::Replication,
                "Security team",
                Raci::Consulted,
            );
            p.log
                .push(log_entry("lg-theirs", "Ask the vendor for licences"));
        },
    );
    let out = run_merge(&t, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("merged, 2 changes from ours, 2 from theirs"),
        "{}",
        text(&out.stdout)
    );
    let merged = ferry::storage::load(&t.out).expect("the merged plan loads");
    let ids: Vec<&str> = merged.log.iter().map(|l| l.id.as_str()).collect();
    assert!(ids.ends_with(&["lg-ours", "lg-theirs"]), "{ids:?}");
    assert_eq!(
        cell(&merged, "ERP", ActivityKind::Replication, "Security team"),
        Some(Raci::Consulted)
    );
    assert_eq!(
        merged
            .assets
            .iter()
            .find(|a| a.name == "erp-web-01")
            .map(|a| a.notes.as_str()),
        Some("Patched on Tuesday")
    );
    assert!(errors(&t.out) <= errors(&t.ours).max(errors(&t.theirs)));
}

#[test]
fn merge_exits_1_with_conflicts_listed_and_asked_in_the_log() {
    let t = three(
        |p| asset_mut(p, "erp-db-01").notes = "ours".into(),
        |p| asset_mut(p, "erp-db-01").notes = "theirs".into(),
    );
    let out = run_merge(&t, &["--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("conflict: erp-db-01, notes: ours 'ours', theirs 'theirs'; kept ours"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["clean"], false);
    assert_eq!(v["output"], arg(&t.out));
    let conflicts = v["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    let db = example()
        .assets
        .iter()
        .find(|a| a.name == "erp-db-01")
        .map(|a| a.id.clone())
        .expect("db");
    assert_eq!(c["kind"], "both-changed");
    assert_eq!(c["subject"], "erp-db-01");
    assert_eq!(c["subject_id"], db.as_str());
    assert_eq!(c["field"], "notes");
    assert_eq!(c["ours"], "'ours'");
    assert_eq!(c["theirs"], "'theirs'");
    assert_eq!(c["kept"], "ours");
    assert!(c["question_id"].is_string());
    assert_eq!(v["problems"], serde_json::json!([]));
    let merged = ferry::storage::load(&t.out).expect("loads");
    let q = merged
        .log
        .iter()
        .find(|l| Some(&l.id) == c["question_id"].as_str().map(str::to_owned).as_ref())
        .expect("the question");
    assert_eq!(
        (q.kind, q.status, q.about.as_deref()),
        (LogKind::Question, LogStatus::Open, Some(db.as_str()))
    );
    assert!(q.text.contains("'ours'") && q.text.contains("'theirs'"));
    assert_eq!(merged.format, 2);
}

#[test]
fn merge_exits_2_when_an_input_cannot_be_read() {
    let t = three(|_| {}, |_| {});
    std::fs::write(&t.theirs, "(\n    format: 1,\n    nmae: \"x\",\n)\n").expect("write");
    let out = run_merge(&t, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:3:5", t.theirs.display())),
        "file, line and column: {stderr}"
    );
    assert!(!t.out.exists(), "nothing written");
    let out = run_merge(&t, &["--json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["clean"], false);
    assert_eq!(v["output"], serde_json::Value::Null);
    assert_eq!(v["error"]["line"], 3);
    assert_eq!(v["error"]["column"], 5);
    assert_eq!(v["error"]["file"], arg(&t.theirs));
    let missing = t.base.with_file_name("missing.ron");
    let out = ferry(&[
        "merge",
        arg(&missing),
        arg(&t.ours),
        arg(&t.theirs),
        "-o",
        arg(&t.out),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn merge_may_write_over_ours_but_never_over_base_or_theirs() {
    let t = three(
        |p| p.log.push(log_entry("lg-ours", "ours")),
        |p| p.log.push(log_entry("lg-theirs", "theirs")),
    );
    let before = std::fs::read(&t.theirs).expect("read");
    for output in [&t.theirs, &t.base] {
        let out = ferry(&[
            "merge",
            arg(&t.base),
            arg(&t.ours),
            arg(&t.theirs),
            "-o",
            arg(output),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("input"), "{}", text(&out.stderr));
    }
    assert_eq!(std::fs::read(&t.theirs).expect("read"), before);
    let out = ferry(&[
        "merge",
        arg(&t.base),
        arg(&t.ours),
        arg(&t.theirs),
        "-o",
        arg(&t.ours),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let merged = ferry::storage::load(&t.ours).expect("loads");
    assert!(merged.log.iter().any(|l| l.id == "lg-theirs"));
}

#[test]
fn an_empty_base_file_means_both_sides_added_the_plan() {
    let t = three(|p| p.name = "Same".into(), |p| p.name = "Same".into());
    std::fs::write(&t.base, "").expect("write");
    let out = run_merge(&t, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(ferry::storage::load(&t.out).expect("loads").name, "Same");
}

#[test]
fn diff_says_what_changed_in_words() {
    let t = three(
        |_| {},
        |p| {
            set_cell(
                p,
                "ERP",
                ActivityKind::Staging,
                "Dana Lee",
                Raci::Responsible,
            );
            p.log.push(LogEntry {
                kind: LogKind::Decision,
                owner: Some(id_of_party(p, "Cloud adoption team")),
                ..log_entry("lg-new", "Remediate in a factory")
            });
        },
    );
    let before = cell(&example(), "ERP", ActivityKind::Staging, "Dana Lee")
        .map_or("(none)".to_owned(), |l| format!("{l:?}"));
    let out = ferry(&["diff", arg(&t.base), arg(&t.theirs)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "ERP\n  ERP › Staging: Dana Lee {before} → Responsible\n"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Log\n  log: new Decision 'Remediate in a factory' (owner Cloud adoption team)\n"
        ),
        "{stdout}"
    );
    let out = ferry(&["diff", arg(&t.base), arg(&t.theirs), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let changes = v["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0]["group"], "ERP");
    assert_eq!(changes[0]["subject"], "ERP › Staging");
    assert!(changes[0]["subject_id"].is_string());
    assert_eq!(changes[1]["group"], "Log");
    let out = ferry(&["diff", arg(&t.base), arg(&t.base)]);
    assert_eq!(text(&out.stdout), "no differences\n");
    let broken = t.base.with_file_name("broken.ron");
    std::fs::write(&broken, "(format: 1,").expect("write");
    let out = ferry(&["diff", arg(&t.base), arg(&broken)]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn show_lists_one_fact_a_line_and_passes_other_files_through_for_git() {
    let t = three(|_| {}, |_| {});
    let out = ferry(&["show", arg(&t.base)]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("## Plan\nplan: name 'Contoso wave 1'\n"));
    assert!(stdout.contains("\nasset erp-web-01\n"), "{stdout}");
    let other = t.base.with_file_name("settings.ron");
    std::fs::write(&other, "(window: (width: 800))\n").expect("write");
    assert_eq!(ferry(&["show", arg(&other)]).status.code(), Some(2));
    let out = ferry(&["show", "--textconv", arg(&other)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "(window: (width: 800))\n");
}

#[test]
fn a_file_with_conflict_markers_says_how_ferry_resolves_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("plan.ron");
    std::fs::write(
        &plan,
        "(\n    format: 1,\n<<<<<<< HEAD\n    name: \"A\",\n=======\n    name: \"B\",\n>>>>>>> theirs\n)\n",
    )
    .expect("write");
    let out = ferry(&["check", arg(&plan)]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(
        stderr.contains("ferry merge BASE OURS THEIRS -o OUT"),
        "{stderr}"
    );
    assert!(stderr.contains("ferry git-setup"), "{stderr}");
}

// ------------------------------------------------------------------ git

fn has_git() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A repository in a tempdir, with git's global and system settings kept
/// out of it.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("repo")).expect("mkdir");
        let repo = Repo { dir };
        repo.git(&["init", "-q"]);
        repo.git(&["checkout", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Ferry Test"]);
        repo.git(&["config", "user.email", "ferry@example.invalid"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.current_dir(self.path())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.dir.path().join("gitconfig"))
            .env("GIT_TERMINAL_PROMPT", "0")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE");
        c
    }

    /// Runs git; panics unless it succeeds.
    fn git(&self, args: &[&str]) -> Output {
        let out = self.try_git(args);
        assert!(
            out.status.success(),
            "git {args:?}: {}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        out
    }

    fn try_git(&self, args: &[&str]) -> Output {
        self.command("git").args(args).output().expect("git runs")
    }

    fn ferry(&self, args: &[&str]) -> Output {
        self.command(env!("CARGO_BIN_EXE_ferry"))
            .args(args)
            .output()
            .expect("ferry runs")
    }

    fn plan(&self) -> PathBuf {
        self.path().join("plan.ron")
    }

    fn commit_plan(&self, plan: &Plan, message: &str) {
        save(plan, &self.plan());
        self.git(&["add", "plan.ron"]);
        self.git(&["commit", "-q", "-m", message]);
    }
}

/// A repository set up with `ferry git-setup`, the example committed on
/// `main`, and a `theirs` branch from it; `main` is checked out.
fn repo_with_branches(edit_ours: impl Fn(&mut Plan), edit_theirs: impl Fn(&mut Plan)) -> Repo {
    let repo = Repo::new();
    let out = repo.ferry(&["git-setup"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    repo.git(&["add", ".gitattributes"]);
    let base = example();
    repo.commit_plan(&base, "base");
    repo.git(&["checkout", "-q", "-b", "theirs"]);
    let mut theirs = base.clone();
    edit_theirs(&mut theirs);
    repo.commit_plan(&theirs, "theirs");
    repo.git(&["checkout", "-q", "main"]);
    let mut ours = base;
    edit_ours(&mut ours);
    repo.commit_plan(&ours, "ours");
    repo
}

#[test]
fn git_setup_is_idempotent_and_says_what_it_did() {
    if !has_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let repo = Repo::new();
    let first = repo.ferry(&["git-setup"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let stdout = text(&first.stdout);
    assert!(stdout.contains("set merge.ferry.driver = "), "{stdout}");
    assert!(stdout.contains("set diff.ferry.textconv = "), "{stdout}");
    assert!(
        stdout.contains("added `*.ron merge=ferry diff=ferry`"),
        "{stdout}"
    );
    let attributes = std::fs::read_to_string(repo.path().join(".gitattributes")).expect("read");
    assert_eq!(attributes, "*.ron merge=ferry diff=ferry\n");
    let driver = text(&repo.git(&["config", "merge.ferry.driver"]).stdout);
    assert_eq!(
        driver.trim(),
        format!(
            "'{}' merge %O %A %B -o %A --name %P",
            env!("CARGO_BIN_EXE_ferry")
        )
    );
    let config = std::fs::read(repo.path().join(".git/config")).expect("config");

    let second = repo.ferry(&["git-setup"]);
    assert_eq!(second.status.code(), Some(0));
    let stdout = text(&second.stdout);
    assert!(stdout.contains("nothing to change"), "{stdout}");
    assert!(!stdout.contains("set "), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(repo.path().join(".gitattributes")).expect("read"),
        attributes
    );
    assert_eq!(
        std::fs::read(repo.path().join(".git/config")).expect("config"),
        config
    );

    // Outside a repository it says so and changes nothing.
    let outside = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_ferry"))
        .arg("git-setup")
        .current_dir(outside.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            outside.path().parent().expect("parent"),
        )
        .output()
        .expect("ferry runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not in a git repository"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_real_git_merge_keeps_both_sides_and_asks_about_the_conflict() {
    if !has_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let repo = repo_with_branches(
        |p| {
            p.log.push(log_entry("lg-ours", "Book the outage window"));
            set_cell(p, "Payroll", ActivityKind::Staging, "DBAs", Raci::Informed);
            asset_mut(p, "erp-web-01").notes = "ours".into();
        },
        |p| {
            p.log
                .push(log_entry("lg-theirs", "Ask the vendor for licences"));
            set_cell(
                p,
                "ERP",
                ActivityKind::Replication,
                "Security team",
                Raci::Consulted,
            );
            asset_mut(p, "erp-web-01").notes = "theirs".into();
        },
    );
    let out = repo.try_git(&["merge", "--no-edit", "theirs"]);
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!out.status.success(), "git reports the conflict: {said}");
    assert!(said.contains("CONFLICT"), "{said}");
    assert!(
        said.contains("erp-web-01, notes"),
        "the driver lists it: {said}"
    );
    assert!(
        said.contains("plan.ron: conflict") && !said.contains(".merge_file"),
        "the driver names the plan, not git's temporary copy: {said}"
    );
    let unmerged = text(&repo.git(&["diff", "--name-only", "--diff-filter=U"]).stdout);
    assert_eq!(unmerged.trim(), "plan.ron");

    let merged = ferry::storage::load(&repo.plan()).expect("the merged plan loads: no markers");
    let ids: Vec<&str> = merged.log.iter().map(|l| l.id.as_str()).collect();
    assert!(
        ids.contains(&"lg-ours") && ids.contains(&"lg-theirs"),
        "{ids:?}"
    );
    assert_eq!(
        cell(&merged, "Payroll", ActivityKind::Staging, "DBAs"),
        Some(Raci::Informed)
    );
    assert_eq!(
        cell(&merged, "ERP", ActivityKind::Replication, "Security team"),
        Some(Raci::Consulted)
    );
    let web = merged
        .assets
        .iter()
        .find(|a| a.name == "erp-web-01")
        .expect("web");
    assert_eq!(web.notes, "ours", "ours is kept");
    let questions: Vec<&LogEntry> = merged
        .log
        .iter()
        .filter(|l| l.kind == LogKind::Question && l.status == LogStatus::Open)
        .filter(|l| l.about.as_deref() == Some(web.id.as_str()))
        .collect();
    assert_eq!(questions.len(), 1, "{:?}", merged.log);
    assert!(questions[0].text.contains("'ours'") && questions[0].text.contains("'theirs'"));

    // The result is a plan: add it and the merge is done.
    repo.git(&["add", "plan.ron"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    let check = repo.ferry(&["check", "plan.ron"]);
    assert_ne!(check.status.code(), Some(2), "{}", text(&check.stderr));
}

#[test]
fn a_real_git_merge_without_conflicts_commits_and_diffs_in_words() {
    if !has_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let repo = repo_with_branches(
        |p| {
            p.log.push(log_entry("lg-ours", "Book the outage window"));
            set_cell(p, "Payroll", ActivityKind::Staging, "DBAs", Raci::Informed);
        },
        |p| {
            p.log
                .push(log_entry("lg-theirs", "Ask the vendor for licences"));
            asset_mut(p, "erp-web-01").notes = "theirs".into();
        },
    );
    let out = repo.try_git(&["merge", "--no-edit", "theirs"]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let merged = ferry::storage::load(&repo.plan()).expect("loads");
    let ids: Vec<&str> = merged.log.iter().map(|l| l.id.as_str()).collect();
    assert!(ids.ends_with(&["lg-ours", "lg-theirs"]), "{ids:?}");
    assert!(
        merged
            .log
            .iter()
            .all(|l| !l.text.starts_with("Merge conflict")),
        "no question when clean"
    );

    // git diff and git log -p show the plan's facts by name.
    let diff = text(
        &repo
            .git(&["diff", "HEAD~1", "HEAD", "--", "plan.ron"])
            .stdout,
    );
    assert!(diff.contains("+erp-web-01: notes 'theirs'"), "{diff}");
    assert!(
        diff.contains("+log: Action 'Ask the vendor for licences'"),
        "{diff}"
    );
    let log = text(
        &repo
            .git(&["log", "-p", "-1", "theirs", "--", "plan.ron"])
            .stdout,
    );
    assert!(log.contains("+erp-web-01: notes 'theirs'"), "{log}");
}
