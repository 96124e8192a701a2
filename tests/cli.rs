//! The `ferry` binary's subcommands: exit codes, JSON shapes, messages.

use std::path::{Path, PathBuf};

#[path = "support/cli.rs"]
mod support;
use support::{ferry, json, text};

/// The stage keys of `status --json`, in the documented order: all ten
/// are always present.
const STAGE_KEYS: [&str; 10] = [
    "OutOfScope",
    "Blocked",
    "Remediating",
    "Unassessed",
    "ReadyToReplicate",
    "Replicating",
    "Failed",
    "Replicated",
    "Verified",
    "Staged",
];

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/examples/contoso-wave1.ron")
}

#[test]
fn version_prints_ferry_and_its_version() {
    for flag in ["--version", "-V"] {
        let out = ferry(&[flag]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout),
            format!("{}\n", ferry::about::version_line()),
            "{flag}"
        );
        assert!(
            text(&out.stdout).starts_with(&format!("ferry {}", env!("CARGO_PKG_VERSION"))),
            "{flag}"
        );
    }
}

#[test]
fn check_on_the_example_is_clean() {
    let out = ferry(&["check", example().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("0 errors,"));
}

#[test]
fn check_json_lists_problems() {
    let out = ferry(&["check", example().to_str().expect("utf8"), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert!(
        v["file"]
            .as_str()
            .expect("file")
            .ends_with("contoso-wave1.ron")
    );
    let problems = v["problems"].as_array().expect("problems");
    assert!(!problems.is_empty());
    for p in problems {
        assert!(["error", "warning", "info"].contains(&p["severity"].as_str().expect("severity")));
        assert!(p["code"].is_string() && p["message"].is_string());
        assert!(p["subject"].is_string() || p["subject"].is_null());
    }
    assert!(
        problems
            .iter()
            .any(|p| p["code"] == "remediation-without-issues")
    );
}

#[test]
fn check_reports_impossible_log_dates_and_due_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dates.ron");
    let mut plan = ferry::example::example_plan();
    plan.log.push(ferry::model::LogEntry {
        id: "lg-feb30".into(),
        text: "Cut over on the last day of February".into(),
        date: "2025-02-30".into(),
        due: Some("2025-13-01".into()),
        ..ferry::model::LogEntry::default()
    });
    ferry::storage::save(&plan, &path).expect("save");
    let file = path.to_str().expect("utf8");
    let out = ferry(&["check", file]);
    let said = text(&out.stdout);
    assert!(
        said.contains(
            "[log-date-invalid] Log entry \"Cut over on the last day of February\": the date 2025-02-30 is not a day of the calendar (February 2025 has 28 days)"
        ),
        "{said}"
    );
    assert!(
        said.contains(
            "the due date 2025-13-01 is not a day of the calendar (a year has 12 months)"
        ),
        "{said}"
    );
    let v = json(&ferry(&["check", file, "--json"]));
    let found: Vec<&serde_json::Value> = v["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["code"] == "log-date-invalid")
        .collect();
    assert_eq!(found.len(), 2);
    assert!(
        found.iter().all(|p| p["subject"] == "lg-feb30"),
        "{found:?}"
    );
}

#[test]
fn check_exits_1_on_errors_and_2_when_unreadable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let errors = dir.path().join("errors.ron");
    std::fs::write(
        &errors,
        r#"(format: 1, assets: [(id: "as-1", name: "a", depends_on: ["as-1"]), (id: "as-1", name: "b")])"#,
    )
    .expect("write");
    let out = ferry(&["check", errors.to_str().expect("utf8"), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let codes: Vec<String> = json(&out)["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        codes.contains(&"duplicate-id".to_owned())
            && codes.contains(&"dependency-cycle".to_owned()),
        "{codes:?}"
    );

    let broken = dir.path().join("broken.ron");
    std::fs::write(
        &broken,
        "(\n    format: 1,\n    parties: [(nam: \"x\")],\n)\n",
    )
    .expect("write");
    let out = ferry(&["check", broken.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("broken.ron:3:"), "{err}");
    assert!(err.contains("unknown field `nam`"), "{err}");
    assert!(out.stdout.is_empty(), "errors go to stderr");

    let newer = dir.path().join("newer.ron");
    std::fs::write(&newer, "(format: 9, shiny: true)").expect("write");
    let before = std::fs::read(&newer).expect("read");
    let out = ferry(&["check", newer.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("format 9"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&newer).expect("read"),
        before,
        "never overwritten"
    );

    let out = ferry(&[
        "check",
        dir.path().join("missing.ron").to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing.ron"));
}

#[test]
fn status_json_has_the_documented_shape() {
    let out = ferry(&["status", example().to_str().expect("utf8"), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json(&out);
    assert_eq!(v["plan"], "Contoso wave 1");
    assert_eq!(v["unassigned_assets"], 5);
    let workloads = v["workloads"].as_array().expect("workloads");
    assert_eq!(workloads.len(), 4);
    for w in workloads {
        assert!(w["id"].as_str().expect("id").starts_with("wl-"));
        let stages = w["stages"].as_object().expect("stages");
        assert_eq!(stages.len(), 10, "all ten stage keys, always");
        let sum: u64 = STAGE_KEYS
            .iter()
            .map(|k| stages[*k].as_u64().expect("count"))
            .sum();
        assert_eq!(sum, w["assets"].as_u64().expect("assets"));
        assert_eq!(
            w["done"].as_bool().expect("done"),
            w["blockers"].as_array().expect("blockers").is_empty()
        );
        for b in w["blockers"].as_array().expect("blockers") {
            assert!(b["code"].is_string() && b["message"].is_string());
            assert!(b["subject"].is_string() || b["subject"].is_null());
        }
    }
    let payroll = workloads
        .iter()
        .find(|w| w["name"] == "Payroll")
        .expect("payroll");
    assert_eq!(payroll["done"], true);
    assert_eq!(payroll["stages"]["Staged"], 5);
    let erp = workloads.iter().find(|w| w["name"] == "ERP").expect("erp");
    let codes: Vec<&str> = erp["blockers"]
        .as_array()
        .expect("b")
        .iter()
        .filter_map(|b| b["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"asset-not-staged")
            && codes.contains(&"dependency-not-staged")
            && codes.contains(&"activity-unassigned")
    );
}

#[test]
fn status_text_is_readable() {
    let out = ferry(&["status", example().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("Payroll — 5 assets, done"), "{s}");
    assert!(
        s.contains("erp-app-01 is Blocked: Windows Server 2003 is not supported"),
        "{s}"
    );
}

/// Fifty unassessed assets of one workload are one line of the status,
/// not fifty; the JSON form still lists each.
#[test]
fn status_text_sums_up_many_blockers_of_a_kind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    let mut plan = ferry::model::Plan::named("Sums");
    let workload = ferry::model::Workload::new("Dev");
    for i in 0..50 {
        let mut asset = ferry::model::Asset::new(
            format!("dev-app-{i:02}"),
            ferry::model::AssetKind::VirtualMachine,
        );
        asset.workload = Some(workload.id.clone());
        plan.assets.push(std::sync::Arc::new(asset));
    }
    plan.workloads.push(workload);
    ferry::storage::save(&plan, &path).expect("save");
    let out = ferry(&["status", path.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains("  - 50 assets Unassessed: dev-app-00, dev-app-01, dev-app-02, … and 47 more [asset-not-staged]"),
        "{s}"
    );
    assert!(!s.contains("dev-app-07"), "not listed one by one: {s}");
    let out = ferry(&["status", path.to_str().expect("utf8"), "--json"]);
    let v = json(&out);
    let listed = v["workloads"][0]["blockers"]
        .as_array()
        .expect("blockers")
        .iter()
        .filter(|b| b["code"] == "asset-not-staged")
        .count();
    assert_eq!(listed, 50);
}

#[test]
fn generate_writes_a_plan_that_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_path = dir.path().join("big.ron");
    let out = ferry(&[
        "generate",
        "--assets",
        "2000",
        "-o",
        out_path.to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let plan = ferry::storage::load(&out_path).expect("loads");
    assert_eq!(plan.assets.len(), 2000);
    let out = ferry(&["status", out_path.to_str().expect("utf8"), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let mut totals = [0u64; STAGE_KEYS.len()];
    for w in v["workloads"].as_array().expect("workloads") {
        for (i, k) in STAGE_KEYS.iter().enumerate() {
            totals[i] += w["stages"][*k].as_u64().expect("count");
        }
    }
    assert!(
        totals.iter().all(|n| *n > 0),
        "every stage present: {totals:?}"
    );
}

#[test]
fn fmt_rewrites_a_short_file_canonically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("short.ron");
    std::fs::write(
        &path,
        r#"(format: 1, name: "Short", workloads: [(id: "wl-1", name: "ERP")])"#,
    )
    .expect("write");
    let out = ferry(&["fmt", path.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&path).expect("read");
    assert!(
        written.contains("\n            activities: [\n"),
        "{written}"
    );
    let plan = ferry::storage::load(&path).expect("loads");
    assert_eq!(
        written,
        ferry::storage::to_string(&plan),
        "fmt output is stable"
    );
}

fn write_rvtools(path: &Path, rows: usize) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("vInfo").expect("name");
    let headers = [
        "VM",
        "Powerstate",
        "Template",
        "CPUs",
        "Memory",
        "In Use MB",
        "OS according to the configuration file",
        "Host",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for r in 1..=rows as u32 {
        ws.write_string(r, 0, format!("vm-{r:05}")).expect("cell");
        ws.write_string(r, 1, "poweredOn").expect("cell");
        ws.write_string(r, 2, if r % 50 == 0 { "True" } else { "False" })
            .expect("cell");
        ws.write_number(r, 3, f64::from(2 + r % 6)).expect("cell");
        ws.write_number(r, 4, 4096.0).expect("cell");
        ws.write_number(r, 5, 20480.0).expect("cell");
        ws.write_string(r, 6, "Microsoft Windows Server 2019 (64-bit)")
            .expect("cell");
        ws.write_string(r, 7, format!("esx-{:02}", r % 8))
            .expect("cell");
    }
    workbook.save(path).expect("save");
}

#[test]
fn import_creates_the_plan_then_reimports_without_touching_planning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inventory = dir.path().join("RVTools.xlsx");
    write_rvtools(&inventory, 100);
    let plan_path = dir.path().join("wave.ron");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "import",
            "rvtools",
            inventory.to_str().expect("utf8"),
            "--into",
            plan_path.to_str().expect("utf8"),
        ];
        a.extend_from_slice(extra);
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let run = |a: Vec<String>| ferry(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let out = run(args(&["--workload", "ERP"]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("98 added, 0 updated, 0 unchanged"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 templates or placeholders skipped"),
        "{stdout}"
    );
    let mut plan = ferry::storage::load(&plan_path).expect("plan created");
    assert_eq!(plan.assets.len(), 98);
    assert_eq!(plan.workloads[0].name, "ERP");

    std::sync::Arc::make_mut(&mut plan.assets[0]).notes = "planned".into();
    std::sync::Arc::make_mut(&mut plan.assets[0]).workload = None;
    ferry::storage::save(&plan, &plan_path).expect("save");
    let out = run(args(&[]));
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("0 added, 0 updated, 98 unchanged"),
        "{}",
        text(&out.stdout)
    );
    let again = ferry::storage::load(&plan_path).expect("loads");
    assert_eq!(again, plan, "a re-import of the same file changes nothing");
}

#[test]
fn import_refuses_what_it_cannot_read_and_leaves_the_plan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv_path = dir.path().join("list.csv");
    std::fs::write(&csv_path, "Hostname,Cores\nweb-01,2\napp-01,x\n").expect("write");
    let plan_path = dir.path().join("p.ron");
    let p = plan_path.to_str().expect("utf8");
    let c = csv_path.to_str().expect("utf8");

    let out = ferry(&["import", "rvtools", c, "--into", p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`VM` column"),
        "{}",
        text(&out.stderr)
    );
    assert!(!plan_path.exists(), "no plan written");

    let out = ferry(&[
        "import",
        "csv",
        c,
        "--into",
        p,
        "--map",
        "Hostname=name",
        "--map",
        "Cores=cpus",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("1 added"), "{stdout}");
    assert!(
        stdout.contains("row 3, column Cores: `x` is not a number"),
        "{stdout}"
    );

    let out = ferry(&["import", "csv", c, "--into", p, "--map", "Nothing=name"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn report_writes_markdown_html_and_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = example();
    let e = example.to_str().expect("utf8");
    let out = ferry(&["report", e, "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("# Contoso wave 1"));
    for (format, ext, start) in [
        ("html", "html", "<!DOCTYPE html>"),
        ("csv", "csv", "\u{feff}\"id\""),
    ] {
        let path = dir.path().join(format!("r.{ext}"));
        let out = ferry(&[
            "report",
            e,
            "--format",
            format,
            "-o",
            path.to_str().expect("utf8"),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let written = std::fs::read_to_string(&path).expect("written");
        assert!(
            written.starts_with(start),
            "{format}: {}",
            &written[..40.min(written.len())]
        );
    }
}
