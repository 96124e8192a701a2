//! From an inventory to a plan on the command line: servers, then the
//! dependencies Azure Migrate saw between them.

use std::path::Path;

#[path = "support/cli.rs"]
mod support;
use support::{ferry, text};

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf8 path")
}

#[test]
fn dependency_import_links_servers_reports_strangers_and_adds_nothing_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("plan.ron");
    let inventory = dir.path().join("rvtools.csv");
    std::fs::write(&inventory, "VM,CPUs\nerp-web-01,2\nerp-db-01,4\ndc-01,2\n").expect("csv");
    let out = ferry(&["import", "rvtools", arg(&inventory), "--into", arg(&plan)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let export = dir.path().join("dependencies.csv");
    std::fs::write(
        &export,
        "Source server name,Source IP,Source application,Source process,Destination server name,Destination IP,Destination application,Destination process,Destination port\n\
         ERP-WEB-01.corp.example,10.0.0.1,,w3wp,erp-db-01,10.0.0.2,,sqlservr,1433\n\
         erp-web-01,10.0.0.1,,lsass,dc-01,10.0.0.9,,lsass,389\n\
         erp-web-01,10.0.0.1,,agent,backup-07,10.0.0.77,,agent,8400\n",
    )
    .expect("export");
    let out = ferry(&[
        "import",
        "azure-migrate-dependencies",
        arg(&export),
        "--into",
        arg(&plan),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("1 new dependency,"), "{said}");
    assert!(said.contains("1 over ignored ports"), "{said}");
    assert!(
        said.contains("backup-07"),
        "servers not in the plan are named: {said}"
    );
    let loaded = ferry::storage::load(&plan).expect("loads");
    let web = loaded
        .assets
        .iter()
        .find(|a| a.name == "erp-web-01")
        .expect("web");
    let db = loaded
        .assets
        .iter()
        .find(|a| a.name == "erp-db-01")
        .expect("db");
    assert_eq!(web.depends_on, std::slice::from_ref(&db.id));

    // With LDAP kept, the domain controller link comes in; again, nothing
    // is added twice.
    for _ in 0..2 {
        let out = ferry(&[
            "import",
            "azure-migrate-dependencies",
            arg(&export),
            "--into",
            arg(&plan),
            "--ignore-ports",
            "none",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let loaded = ferry::storage::load(&plan).expect("loads");
    let web = loaded
        .assets
        .iter()
        .find(|a| a.name == "erp-web-01")
        .expect("web");
    assert_eq!(web.depends_on.len(), 2, "{:?}", web.depends_on);
}

#[test]
fn status_lists_all_ten_stages_and_a_fresh_inventory_is_unassessed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("plan.ron");
    let inventory = dir.path().join("rvtools.csv");
    std::fs::write(&inventory, "VM,CPUs\nweb-01,2\ndb-01,4\n").expect("csv");
    let out = ferry(&[
        "import",
        "rvtools",
        arg(&inventory),
        "--into",
        arg(&plan),
        "--workload",
        "ERP",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = ferry(&["status", arg(&plan), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let stages = v["workloads"][0]["stages"].as_object().expect("stages");
    let mut keys: Vec<&str> = stages.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "Blocked",
            "Failed",
            "OutOfScope",
            "ReadyToReplicate",
            "Remediating",
            "Replicated",
            "Replicating",
            "Staged",
            "Unassessed",
            "Verified"
        ]
    );
    assert_eq!(stages["Unassessed"], 2, "nobody has assessed them yet");
    assert_eq!(stages["ReadyToReplicate"], 0);
}
