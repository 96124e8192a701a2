//! `ferry waves`, `ferry graph` and the format 2 additions of `ferry
//! status --json`: exit codes, JSON shapes, and output other tools read.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/cli.rs"]
mod support;
use support::{ferry, json, text};

/// ERP (wave Pilot) needs crm-db (wave Main): a later wave. erp-db and
/// crm-db depend on each other through erp-app: a cycle. HR has no wave.
const PLAN: &str = r#"(
    format: 2,
    name: "Waves test",
    bandwidth_mbps: Some(500),
    waves: [
        (name: "Pilot", start: Some("2026-03-01"), end: Some("2026-03-14")),
        (name: "Main"),
        (name: "Later"),
    ],
    workloads: [
        (id: "wl-erp", name: "ERP", wave: "Pilot", checklist: [
            (id: "ck-1", phase: Ready, text: "Training planned", done: true),
            (id: "ck-2", phase: Promotion, text: "DNS updated"),
            (id: "ck-3", phase: Promotion, text: "CISO verification done"),
        ]),
        (id: "wl-crm", name: "CRM", wave: "Main"),
        (id: "wl-hr", name: "HR \"people\""),
    ],
    assets: [
        (id: "as-db", name: "erp-db", workload: Some("wl-erp"), depends_on: ["as-crm"],
         source: {"in_use_mib": "2097152"}),
        (id: "as-app", name: "erp-app", workload: Some("wl-erp"), depends_on: ["as-db", "as-inv"]),
        (id: "as-crm", name: "crm-db", workload: Some("wl-crm"), depends_on: ["as-app"],
         source: {"storage_gb": "100"}),
        (id: "as-hr", name: "hr-app", workload: Some("wl-hr"), source: {"provisioned_mib": "1024"}),
        (id: "as-inv", name: "file server \\ share", strategy: Retain),
    ],
)"#;

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write the plan");
    path
}

fn plan_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "plan.ron", PLAN);
    (dir, path)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf8 path")
}

#[test]
fn waves_json_has_the_documented_shape_in_wave_order() {
    let (_dir, plan) = plan_file();
    let out = ferry(&["waves", arg(&plan), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json(&out);
    assert_eq!(v["plan"], "Waves test");
    assert_eq!(v["bandwidth_mbps"], 500);
    let waves = v["waves"].as_array().expect("waves");
    let names: Vec<&str> = waves
        .iter()
        .map(|w| w["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        ["Pilot", "Main", "Later", ""],
        "plan order, no wave last"
    );
    for w in waves {
        let keys: Vec<&str> = w
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys.len(),
            7,
            "name, workloads, assets, storage_gib, unknown_storage_assets, replication_hours, problems: {keys:?}"
        );
        assert!(w["workloads"].is_array() && w["assets"].is_u64() && w["storage_gib"].is_number());
        assert!(w["unknown_storage_assets"].is_u64() && w["problems"].is_array());
    }
    let pilot = &waves[0];
    assert_eq!(pilot["workloads"], serde_json::json!(["ERP"]));
    assert_eq!(pilot["assets"], 2);
    assert_eq!(pilot["storage_gib"], 2048.0);
    assert_eq!(
        pilot["unknown_storage_assets"], 1,
        "erp-app has no storage fact"
    );
    // 2 TiB at 500 Mbit/s: 2^41 bytes × 8 / (500 × 10^6) / 3600 ≈ 9.77 h.
    assert_eq!(pilot["replication_hours"], 9.77);
    let problems = pilot["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["severity"], "warning");
    assert_eq!(problems[0]["code"], "dependency-in-later-wave");
    assert_eq!(problems[0]["subject"], "wl-erp");
    assert_eq!(
        problems[0]["message"],
        "ERP (wave Pilot) needs crm-db of CRM, which is in the later wave Main"
    );
    let main = &waves[1];
    assert_eq!(main["storage_gib"], 100.0);
    assert_eq!(main["replication_hours"], 0.48);
    assert_eq!(main["problems"], serde_json::json!([]), "Pilot is earlier");
    assert_eq!(waves[2]["workloads"], serde_json::json!([]));
    assert_eq!(waves[2]["replication_hours"], 0.0, "nothing to copy");
    assert_eq!(waves[3]["workloads"], serde_json::json!(["HR \"people\""]));
}

#[test]
fn waves_bandwidth_comes_from_the_option_or_the_plan() {
    let (dir, plan) = plan_file();
    let out = ferry(&["waves", arg(&plan), "--json", "--bandwidth-mbps", "1000"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["bandwidth_mbps"], 1000);
    assert_eq!(v["waves"][0]["replication_hours"], 4.89);
    let without = write(
        dir.path(),
        "without.ron",
        &PLAN.replace("bandwidth_mbps: Some(500),", ""),
    );
    let v = json(&ferry(&["waves", arg(&without), "--json"]));
    assert_eq!(v["bandwidth_mbps"], serde_json::Value::Null);
    assert_eq!(v["waves"][0]["replication_hours"], serde_json::Value::Null);
    assert_eq!(
        v["waves"][0]["storage_gib"], 2048.0,
        "storage is known anyway"
    );
    let out = ferry(&["waves", arg(&plan), "--bandwidth-mbps", "0"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "no bandwidth is not a bandwidth"
    );
}

#[test]
fn waves_text_is_readable() {
    let (_dir, plan) = plan_file();
    let out = ferry(&["waves", arg(&plan)]);
    assert_eq!(out.status.code(), Some(0));
    let t = text(&out.stdout);
    for expected in [
        "Replication bandwidth: 500 Mbit/s",
        "Pilot · 2026-03-01 to 2026-03-14",
        "  Workloads: ERP\n",
        "replication ≥ 9.8 h (without the unknown)",
        "Largest: erp-db (2.0 TiB)",
        "Storage unknown for 1 asset, not counted: erp-app",
        "warning [dependency-in-later-wave]",
        "\nLater\n  No workloads yet\n",
        "\nNo wave\n  Workloads: HR \"people\"\n",
    ] {
        assert!(t.contains(expected), "{expected:?} missing from:\n{t}");
    }
}

#[test]
fn a_large_first_wave_is_a_note_in_waves_and_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let assets: Vec<String> = (0..10)
        .map(|i| format!(r#"(id: "as-{i}", name: "vm-{i}", workload: Some("wl-a"))"#))
        .collect();
    let plan = write(
        dir.path(),
        "large.ron",
        &format!(
            r#"(format: 2, name: "Large", waves: [(name: "One")],
                workloads: [(id: "wl-a", name: "A", wave: "One")],
                assets: [{}])"#,
            assets.join(", ")
        ),
    );
    let v = json(&ferry(&["waves", arg(&plan), "--json"]));
    let problems = &v["waves"][0]["problems"];
    assert_eq!(problems[0]["code"], "first-wave-large");
    assert_eq!(problems[0]["severity"], "info");
    assert_eq!(problems[0]["subject"], serde_json::Value::Null);
    let out = ferry(&["check", arg(&plan), "--json"]);
    assert_eq!(out.status.code(), Some(0), "a note is no error");
    let codes: Vec<String> = json(&out)["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(codes.contains(&"first-wave-large".to_owned()), "{codes:?}");
}

#[test]
fn check_lists_the_later_wave_dependency() {
    let (_dir, plan) = plan_file();
    let out = ferry(&["check", arg(&plan)]);
    assert_eq!(out.status.code(), Some(1), "the cycle is an error");
    let t = text(&out.stdout);
    assert!(t.contains("warning [dependency-in-later-wave] ERP (wave Pilot) needs crm-db"));
    assert!(t.contains("error [dependency-cycle]"));
}

#[test]
fn status_json_has_wave_and_checklist_progress() {
    let (_dir, plan) = plan_file();
    let out = ferry(&["status", arg(&plan), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json(&out);
    let workloads = v["workloads"].as_array().expect("workloads");
    assert_eq!(workloads[0]["wave"], "Pilot");
    assert_eq!(
        workloads[0]["checklist"],
        serde_json::json!({"done": 1, "total": 3})
    );
    assert_eq!(workloads[2]["wave"], serde_json::Value::Null);
    assert_eq!(
        workloads[2]["checklist"],
        serde_json::json!({"done": 0, "total": 0})
    );
}

#[test]
fn unreadable_plans_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = write(dir.path(), "bad.ron", "(format: 2, waves: [(nam: \"x\")])");
    for args in [
        vec!["waves", arg(&bad)],
        vec!["graph", arg(&bad), "--format", "dot"],
    ] {
        let out = ferry(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("bad.ron"),
            "{}",
            text(&out.stderr)
        );
    }
}

/// Runs Graphviz on the text when it is installed; `None` when it is not.
fn graphviz(dot: &str) -> Option<Output> {
    use std::io::Write as _;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(dot.as_bytes())
        .expect("write to dot");
    Some(child.wait_with_output().expect("dot runs"))
}

#[test]
fn graph_dot_marks_the_cycle_and_graphviz_draws_it() {
    let (_dir, plan) = plan_file();
    let out = ferry(&["graph", arg(&plan), "--workload", "erp", "--format", "dot"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dot = text(&out.stdout);
    assert!(dot.starts_with("// Ferry dependency graph: ERP.\n"));
    assert!(dot.contains("digraph \"ERP\" {"));
    let nodes = dot
        .lines()
        .filter(|l| l.trim_start().starts_with('n') && l.contains("[label="))
        .count();
    assert_eq!(
        nodes, 4,
        "erp-db, erp-app, crm-db and the file server:\n{dot}"
    );
    let red = dot
        .lines()
        .filter(|l| l.contains("->") && l.contains("#d50000") && l.contains("style=bold"))
        .count();
    assert_eq!(red, 3, "erp-db → crm-db → erp-app → erp-db:\n{dot}");
    assert!(
        dot.contains("label=\"file server \\\\ share\\nOut of scope\""),
        "{dot}"
    );
    assert!(
        dot.contains("style=\"rounded,filled,dashed\""),
        "outside assets dashed"
    );
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
    match graphviz(&dot) {
        Some(svg) => {
            assert!(svg.status.success(), "{}", text(&svg.stderr));
            assert!(text(&svg.stdout).contains("<svg"));
        }
        None => eprintln!("Graphviz is not installed: DOT checked by shape only"),
    }
}

#[test]
fn graph_mermaid_has_a_flowchart_shape() {
    let (_dir, plan) = plan_file();
    let out = ferry(&["graph", arg(&plan), "--format", "mermaid"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let m = text(&out.stdout);
    let mut lines = m.lines();
    assert_eq!(lines.next(), Some("flowchart TD"));
    let body: Vec<&str> = lines.map(str::trim).collect();
    let opened = body.iter().filter(|l| l.starts_with("subgraph ")).count();
    assert_eq!(opened, body.iter().filter(|l| **l == "end").count());
    assert!(
        body.contains(&"subgraph s2[\"HR #quot;people#quot;\"]"),
        "{m}"
    );
    let edges = body.iter().filter(|l| l.contains(" --> ")).count();
    assert_eq!(edges, 4);
    assert!(
        body.iter()
            .any(|l| l.starts_with("linkStyle ") && l.contains("#d50000"))
    );
    for line in &body {
        let known = [
            "%%",
            "subgraph ",
            "end",
            "n",
            "classDef ",
            "class ",
            "linkStyle ",
        ];
        assert!(
            known.iter().any(|k| line.starts_with(k)),
            "unexpected line {line:?}"
        );
    }
}

#[test]
fn graph_of_an_unknown_workload_names_the_workloads() {
    let (_dir, plan) = plan_file();
    let out = ferry(&[
        "graph",
        arg(&plan),
        "--workload",
        "Payroll",
        "--format",
        "dot",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("no workload named Payroll"), "{err}");
    assert!(err.contains("ERP, CRM, HR \"people\""), "{err}");
    assert!(out.stdout.is_empty());
}
