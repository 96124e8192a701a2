//! Fixtures are written at test time: RVTools and Azure Migrate workbooks
//! with rust_xlsxwriter, CSVs as text.

use std::path::Path;

use rust_xlsxwriter::Workbook;

use super::*;
use crate::edit::apply;
use crate::model::{Asset, RemediationStatus, ReplicationStatus, Staging};

/// Writes a workbook with one sheet of rows (all text, except cells that
/// parse as numbers, written as numbers like Excel would).
pub fn write_xlsx(path: &Path, sheet: &str, rows: &[Vec<&str>]) {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name(sheet).expect("sheet name");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if !cell.is_empty() => ws.write_number(r, c, n).map(|_| ()),
                _ if cell.is_empty() => Ok(()),
                _ => ws.write_string(r, c, *cell).map(|_| ()),
            }
            .expect("cell");
        }
    }
    workbook.save(path).expect("save workbook");
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

fn rvtools_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "VM",
            "Powerstate",
            "Template",
            "SRM Placeholder",
            "CPUs",
            "Memory",
            "Provisioned MiB",
            "In Use MiB",
            "OS according to the configuration file",
            "OS according to the VMware Tools",
            "DNS Name",
            "Primary IP Address",
            "Datacenter",
            "Cluster",
            "Host",
            "VM UUID",
        ],
        vec![
            "erp-app-01",
            "poweredOn",
            "False",
            "False",
            "8",
            "32768",
            "204800",
            "150000",
            "Microsoft Windows Server 2003",
            "",
            "erp-app-01.corp",
            "10.0.0.5",
            "DC1",
            "CL1",
            "esx01",
            "4211-aa",
        ],
        vec![
            "tpl-win2019",
            "poweredOff",
            "True",
            "False",
            "2",
            "4096",
            "40960",
            "0",
            "Microsoft Windows Server 2019",
            "",
            "",
            "",
            "DC1",
            "CL1",
            "esx01",
            "4211-bb",
        ],
        vec![
            "srm-ph-01",
            "poweredOff",
            "False",
            "True",
            "2",
            "4096",
            "40960",
            "0",
            "",
            "",
            "",
            "",
            "DC1",
            "CL1",
            "esx02",
            "4211-cc",
        ],
        vec![],
        vec![
            "Zoë-dwh-01",
            "poweredOn",
            "False",
            "False",
            "16",
            "131072",
            "1048576",
            "900000",
            "",
            "Ubuntu Linux (64-bit)",
            "",
            "10.0.0.9",
            "DC1",
            "CL2",
            "esx03",
            "4211-dd",
        ],
        vec![
            "",
            "poweredOn",
            "False",
            "False",
            "2",
            "2048",
            "1",
            "1",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        vec![
            "bad-cpu",
            "poweredOn",
            "False",
            "False",
            "lots",
            "2048",
            "1",
            "1",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        vec![
            "在庫-db",
            "poweredOn",
            "False",
            "False",
            "4",
            "8192",
            "1",
            "1",
            "CentOS 7",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
}

#[test]
fn rvtools_xlsx_reads_facts_and_skips_templates_and_bad_rows() {
    let dir = tmp();
    let path = dir.path().join("RVTools_export.xlsx");
    write_xlsx(&path, "vInfo", &rvtools_rows());
    let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
    let names: Vec<&str> = parsed.assets.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["erp-app-01", "Zoë-dwh-01", "在庫-db"]);
    assert_eq!(parsed.skipped, 2, "template and SRM placeholder");
    let erp = &parsed.assets[0];
    assert_eq!(erp.row, 2, "Excel row numbers");
    assert_eq!(erp.kind, AssetKind::VirtualMachine);
    assert_eq!(&erp.source["os"], "Microsoft Windows Server 2003");
    assert_eq!(&erp.source["cpus"], "8");
    assert_eq!(&erp.source["memory_mib"], "32768");
    assert_eq!(&erp.source["provisioned_mib"], "204800");
    assert_eq!(&erp.source["in_use_mib"], "150000");
    assert_eq!(&erp.source["ip"], "10.0.0.5");
    assert_eq!(&erp.source["host"], "esx01");
    assert_eq!(&erp.source["cluster"], "CL1");
    assert_eq!(&erp.source["datacenter"], "DC1");
    assert_eq!(&erp.source["dns_name"], "erp-app-01.corp");
    assert_eq!(&erp.source["uuid"], "4211-aa");
    assert_eq!(&erp.source["power_state"], "poweredOn");
    assert_eq!(
        &parsed.assets[1].source["os"], "Ubuntu Linux (64-bit)",
        "falls back to VMware Tools"
    );

    let errors: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("row 7, column VM: no name"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("row 8, column CPUs: `lots` is not a number"),
        "{errors:?}"
    );

    let all = read(
        &path,
        &Format::RvTools,
        &Options {
            include_templates: true,
        },
    )
    .expect("reads");
    assert_eq!(all.assets.len(), 5);
}

#[test]
fn rvtools_headers_vary_between_versions() {
    let dir = tmp();
    let path = dir.path().join("old.csv");
    std::fs::write(&path, "vm,CPUS,memory,Provisioned MB,In Use MB,OS according to the configuration file\nweb-01,2,4096,10240,5120,Windows\n").expect("write");
    let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
    assert_eq!(parsed.assets.len(), 1);
    let a = &parsed.assets[0];
    assert_eq!(
        (&a.source["provisioned_mib"], &a.source["in_use_mib"]),
        ("10240", "5120")
    );
    assert_eq!(a.row, 2);
}

#[test]
fn a_file_that_is_not_what_it_claims_is_refused() {
    let dir = tmp();
    let path = dir.path().join("wrong.xlsx");
    write_xlsx(&path, "Sheet1", &[vec!["Name", "Size"], vec!["a", "1"]]);
    let err = read(&path, &Format::RvTools, &Options::default()).expect_err("no vInfo");
    let text = err.to_string();
    assert!(
        text.contains("wrong.xlsx") && text.contains("vInfo") && text.contains("Sheet1"),
        "{text}"
    );

    let csv = dir.path().join("wrong.csv");
    std::fs::write(&csv, "Name,Size\na,1\n").expect("write");
    let err = read(&csv, &Format::RvTools, &Options::default()).expect_err("no VM column");
    assert!(
        err.to_string().contains("`VM` column") && err.to_string().contains("Name, Size"),
        "{err}"
    );
    let err = read(&csv, &Format::AzureMigrate, &Options::default()).expect_err("not azure");
    assert!(err.to_string().contains("Server name"), "{err}");

    let garbage = dir.path().join("garbage.xlsx");
    std::fs::write(&garbage, b"this is not a zip").expect("write");
    assert!(matches!(
        read(&garbage, &Format::RvTools, &Options::default()),
        Err(ImportError::Unreadable { .. })
    ));
    assert!(matches!(
        read(
            &dir.path().join("none.csv"),
            &Format::RvTools,
            &Options::default()
        ),
        Err(ImportError::Io { .. })
    ));
}

#[test]
fn azure_migrate_template_and_assessment() {
    let dir = tmp();
    let template = dir.path().join("template.csv");
    std::fs::write(
        &template,
        "Server name,IP addresses,Cores,Memory (In MB),OS name,OS version\nweb-01,10.1.1.1,4,8192,Windows Server,2019\n,10.1.1.2,2,1024,Linux,\n",
    )
    .expect("write");
    let parsed = read(&template, &Format::AzureMigrate, &Options::default()).expect("reads");
    assert_eq!(parsed.kind, "Azure Migrate import template");
    assert_eq!(parsed.assets.len(), 1);
    assert_eq!(&parsed.assets[0].source["memory_mib"], "8192");
    assert_eq!(&parsed.assets[0].source["os_version"], "2019");
    assert_eq!(parsed.errors.len(), 1);

    let assessment = dir.path().join("assessment.xlsx");
    write_xlsx(
        &assessment,
        "All_Assessed_Machines",
        &[
            vec![
                "Machine",
                "Azure VM readiness",
                "Azure readiness issues",
                "Operating system",
                "Cores",
                "Memory(MB)",
                "Storage(GB)",
            ],
            vec![
                "web-01",
                "Ready",
                "",
                "Windows Server 2019",
                "4",
                "8192",
                "128",
            ],
            vec![
                "app-01",
                "Conditionally ready",
                "Unsupported boot type",
                "Windows Server 2016",
                "4",
                "8192",
                "256",
            ],
            vec![
                "old-01",
                "Not ready",
                "Windows Server 2003 is not supported; Disk too large",
                "Windows Server 2003",
                "2",
                "4096",
                "64",
            ],
            vec!["x-01", "Readiness unknown", "", "", "", "", ""],
            vec!["y-01", "Maybe", "", "", "", "", ""],
        ],
    );
    let parsed = read(&assessment, &Format::AzureMigrate, &Options::default()).expect("reads");
    let readiness: Vec<Option<Assessment>> = parsed.assets.iter().map(|a| a.assessment).collect();
    assert_eq!(
        readiness,
        [
            Some(Assessment::Ready),
            Some(Assessment::ReadyWithConditions),
            Some(Assessment::NotReady),
            Some(Assessment::Unknown)
        ]
    );
    assert_eq!(
        parsed.assets[2].issues,
        ["Windows Server 2003 is not supported", "Disk too large"]
    );
    assert_eq!(parsed.errors.len(), 1);
    assert!(
        parsed.errors[0]
            .to_string()
            .starts_with("row 6, column Azure VM readiness"),
        "{}",
        parsed.errors[0]
    );

    let plan = Plan::named("p");
    let (edit, summary) = merge(&plan, &parsed, None);
    let mut plan = plan;
    apply(&mut plan, edit).expect("applies");
    let old = plan
        .assets
        .iter()
        .find(|a| a.name == "old-01")
        .expect("old");
    assert_eq!(old.remediation.status, RemediationStatus::Required);
    assert_eq!(old.remediation.issues.len(), 2);
    assert_eq!(crate::derive::stage(old), crate::derive::Stage::Blocked);
    assert_eq!(summary.added.len(), 4);
}

/// An RVTools cluster or an Azure Migrate environment tag mapped to
/// `environment` is kept as the assets' fact suggested waves read; a value
/// that says neither production nor non-production is a warning naming
/// the row and column, never a guess.
#[test]
fn a_column_mapped_to_environment_is_kept_and_unclear_values_are_named() {
    let dir = tmp();
    let path = dir.path().join("vinfo.csv");
    std::fs::write(
        &path,
        "VM,Cluster\nerp-01,PROD-CL01\ndev-01,dev-test\nodd-01,CL07\nboth-01,prod-uat\n",
    )
    .expect("write");
    let mapping =
        Mapping::parse(&["VM=name".into(), "Cluster=environment".into()]).expect("mapping");
    let parsed = read(&path, &Format::Csv(mapping), &Options::default()).expect("reads");
    assert_eq!(parsed.assets.len(), 4, "every row imported");
    let env = |i: usize| &parsed.assets[i].source["environment"];
    assert_eq!(
        crate::model::Environment::from_words(env(0)),
        Some(crate::model::Environment::Production)
    );
    assert_eq!(
        crate::model::Environment::from_words(env(1)),
        Some(crate::model::Environment::NonProduction)
    );
    assert_eq!(env(2), "CL07", "kept as it is");
    assert_eq!(parsed.warnings.len(), 2, "{:?}", parsed.warnings);
    assert!(
        parsed.warnings[0].starts_with("row 4, column Cluster: `CL07` says neither"),
        "{:?}",
        parsed.warnings
    );
    assert!(
        parsed.warnings[1].starts_with("row 5, column Cluster: `prod-uat`"),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn mapped_csv_with_non_ascii_and_bad_rows() {
    let dir = tmp();
    let path = dir.path().join("cmdb.csv");
    std::fs::write(&path, "Hostname;Type;Cores;Owner team\nZoë-app;app;4;Team A\nbad;vm;four;x\nweird;spaceship;1;y\n;vm;1;z\n").expect("write");
    let mapping = Mapping::parse(&[
        "Hostname=name".into(),
        "Type=kind".into(),
        "Cores=cpus".into(),
        "Owner team=owner_team".into(),
    ])
    .expect("mapping");
    let parsed = read(&path, &Format::Csv(mapping), &Options::default()).expect("reads");
    assert_eq!(parsed.assets.len(), 1);
    assert_eq!(parsed.assets[0].name, "Zoë-app");
    assert_eq!(parsed.assets[0].kind, AssetKind::Application);
    assert_eq!(&parsed.assets[0].source["owner_team"], "Team A");
    let errors: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].contains("row 3, column Cores"), "{errors:?}");
    assert!(errors[1].contains("row 4, column Type"), "{errors:?}");
    assert!(errors[2].contains("row 5"), "{errors:?}");

    let err = read(
        &path,
        &Format::Csv(Mapping::parse(&["Cores=cpus".into()]).expect("m")),
        &Options::default(),
    )
    .expect_err("no name");
    assert!(
        err.to_string().contains("map one column to `name`"),
        "{err}"
    );
    assert!(Mapping::parse(&["no equals".into()]).is_err());
}

#[test]
fn reimport_updates_facts_and_never_planning_data() {
    let dir = tmp();
    let path = dir.path().join("rv.xlsx");
    write_xlsx(&path, "vInfo", &rvtools_rows());
    let mut plan = Plan::named("p");
    let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
    let (edit, summary) = merge(&plan, &parsed, Some("ERP"));
    assert_eq!(summary.created_workload.as_deref(), Some("ERP"));
    apply(&mut plan, edit).expect("applies");
    let erp_id = plan.workloads[0].id.clone();
    assert!(
        plan.assets
            .iter()
            .all(|a| a.workload.as_deref() == Some(erp_id.as_str()))
    );

    // Planning edits after the first import.
    let i = plan
        .assets
        .iter()
        .position(|a| a.name == "erp-app-01")
        .expect("asset");
    std::sync::Arc::make_mut(&mut plan.assets[i]).workload = None;
    std::sync::Arc::make_mut(&mut plan.assets[i]).notes = "keep me".into();
    std::sync::Arc::make_mut(&mut plan.assets[i])
        .replication
        .status = ReplicationStatus::Verified;
    std::sync::Arc::make_mut(&mut plan.assets[i]).staging = Staging::Staged;
    std::sync::Arc::make_mut(&mut plan.assets[i]).depends_on = vec![plan.assets[1].id.clone()];
    std::sync::Arc::make_mut(&mut plan.assets[i])
        .source
        .insert("os", "typed by hand");
    std::sync::Arc::make_mut(&mut plan.assets[i])
        .source
        .insert("note", "mine");
    let mut manual = Asset::new("manual-only", AssetKind::Network);
    manual.notes = "added by hand".into();
    plan.assets.push(std::sync::Arc::new(manual));
    let before = plan.clone();

    // The new export: ERP-APP-01 (other case) has more memory.
    let mut rows = rvtools_rows();
    rows[1][0] = "ERP-APP-01";
    rows[1][5] = "65536";
    write_xlsx(&path, "vInfo", &rows);
    let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
    let (edit, summary) = merge(&plan, &parsed, Some("Another"));
    assert_eq!(summary.updated, ["erp-app-01"]);
    assert_eq!(summary.unchanged, 2);
    assert!(summary.added.is_empty());
    assert_eq!(summary.not_in_file, ["manual-only"]);
    apply(&mut plan, edit).expect("applies");
    let after = &plan.assets[i];
    assert_eq!(&after.source["memory_mib"], "65536");
    assert_eq!(
        &after.source["os"], "Microsoft Windows Server 2003",
        "inventory facts come from the file"
    );
    assert_eq!(&after.source["note"], "mine", "other facts are kept");
    let mut expected = crate::model::Asset::clone(&before.assets[i]);
    expected.source = after.source.clone();
    assert_eq!(**after, expected, "nothing but facts changed");
    assert_eq!(
        plan.assets.len(),
        before.assets.len(),
        "nothing deleted, nothing added"
    );
    assert_eq!(
        plan.workloads.len(),
        1,
        "no workload is created when no asset goes to it"
    );

    // Importing the same file again changes nothing.
    let (edit, summary) = merge(&plan, &parsed, None);
    assert_eq!(summary.unchanged, 3);
    let mut again = plan.clone();
    apply(&mut again, edit).expect("applies");
    assert_eq!(again, plan);
}

#[path = "hostile_tests.rs"]
mod hostile;

#[path = "handover_tests.rs"]
mod handover;

#[test]
fn number_facts_stay_exact_and_what_is_no_count_stays_text_with_a_warning() {
    let dir = tmp();
    let path = dir.path().join("vinfo.csv");
    std::fs::write(
        &path,
        "VM,CPUs,Memory,In Use MiB\n\
         big,4,\"4,096\",18446744073709551616\n\
         negative,-4,1024.0,10\n\
         half,2.5,1e3,0010\n\
         words,lots,1,1\n",
    )
    .expect("csv");
    let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
    let fact = |name: &str, key: &str| {
        parsed
            .assets
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| a.source.get(key).map(str::to_owned))
    };
    assert_eq!(fact("big", "memory_mib").as_deref(), Some("4096"));
    assert_eq!(
        fact("big", "in_use_mib").as_deref(),
        Some("18446744073709551616"),
        "2^64 exactly, not rounded"
    );
    assert_eq!(
        fact("negative", "cpus").as_deref(),
        Some("-4"),
        "kept as text"
    );
    assert_eq!(fact("negative", "memory_mib").as_deref(), Some("1024"));
    assert_eq!(fact("half", "cpus").as_deref(), Some("2.5"));
    assert_eq!(fact("half", "memory_mib").as_deref(), Some("1000"));
    assert_eq!(fact("half", "in_use_mib").as_deref(), Some("10"));
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w
                == "row 3, column CPUs: `-4` is not a whole number of at least 0: kept as text"),
        "{:?}",
        parsed.warnings
    );
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.starts_with("row 4, column CPUs: `2.5`")),
        "{:?}",
        parsed.warnings
    );
    // Text that is no number at all is still a row error.
    assert!(fact("words", "cpus").is_none());
    assert!(
        parsed.errors.iter().any(|e| e.row == 5),
        "{:?}",
        parsed.errors
    );
}

#[test]
fn control_characters_in_names_are_taken_out_with_a_warning_naming_the_row() {
    let dir = tmp();
    let path = dir.path().join("servers.csv");
    std::fs::write(&path, b"Server,Cores\nerp\x1b[31m-01,2\n\x07\x07,2\n").expect("csv");
    let mapping = Mapping::parse(&["Server=name".to_owned()]).expect("mapping");
    let parsed = read(&path, &Format::Csv(mapping), &Options::default()).expect("reads");
    let names: Vec<&str> = parsed.assets.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["erp[31m-01"]);
    assert!(
        parsed.warnings.iter().any(
            |w| w.starts_with("row 2, column Server: the name had control characters (U+001B)")
        ),
        "{:?}",
        parsed.warnings
    );
    assert!(
        parsed.errors.iter().any(|e| e.row == 3),
        "a name of control characters only is no name: {:?}",
        parsed.errors
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_as_the_inventory_is_given_up_on_when_nobody_writes() {
    let dir = tmp();
    let pipe = dir.path().join("inventory.csv");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo not available, skipped");
        return;
    }
    let limits = Limits {
        pipe_wait: std::time::Duration::from_millis(300),
        ..Limits::DEFAULT
    };
    let err = read_with_limits(&pipe, &Format::RvTools, &Options::default(), &limits)
        .expect_err("nobody writes");
    assert!(
        err.to_string().contains("nothing was written to this pipe"),
        "{err}"
    );
    // A workbook cannot come through a pipe at all: refused at once.
    let book = dir.path().join("inventory.xlsx");
    let made = std::process::Command::new("mkfifo").arg(&book).status();
    assert!(made.is_ok_and(|s| s.success()));
    let err = read(&book, &Format::RvTools, &Options::default()).expect_err("a pipe");
    assert!(err.to_string().contains("not a pipe"), "{err}");
}

proptest::proptest! {
    /// A count written plainly is kept as it is, as the slower reading
    /// would keep it.
    #[test]
    fn plain_counts_are_kept_as_written(text in "[0-9]{1,25}") {
        if is_whole_as_written(&text) {
            proptest::prop_assert_eq!(number_fact(&text, "cpus"), NumberFact::Whole(text.clone()));
        } else {
            proptest::prop_assert!(text.starts_with('0') && text.len() > 1);
        }
    }
}
