//! Importing a 10,000-row RVTools workbook: read and merge (goal: under 2 s).

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ferry::import::{Format, Options, merge, read};
use ferry::model::Plan;

fn write_rvtools(path: &Path, rows: u32) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let ws = workbook.add_worksheet();
    let _ = ws.set_name("vInfo");
    let headers = [
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
    ];
    for (c, h) in headers.iter().enumerate() {
        let _ = ws.write_string(0, c as u16, *h);
    }
    for r in 1..=rows {
        let _ = ws.write_string(r, 0, format!("vm-{r:05}"));
        let _ = ws.write_string(r, 1, "poweredOn");
        let _ = ws.write_string(r, 2, "False");
        let _ = ws.write_string(r, 3, "False");
        let _ = ws.write_number(r, 4, f64::from(2 + r % 6));
        let _ = ws.write_number(r, 5, 8192.0);
        let _ = ws.write_number(r, 6, 102_400.0);
        let _ = ws.write_number(r, 7, 51_200.0);
        let _ = ws.write_string(r, 8, "Microsoft Windows Server 2019 (64-bit)");
        let _ = ws.write_string(r, 9, "Microsoft Windows Server 2019 (64-bit)");
        let _ = ws.write_string(r, 10, format!("vm-{r:05}.corp.example"));
        let _ = ws.write_string(
            r,
            11,
            format!("10.{}.{}.{}", r / 65_536, (r / 256) % 256, r % 256),
        );
        let _ = ws.write_string(r, 12, "DC1");
        let _ = ws.write_string(r, 13, format!("CL{}", r % 4));
        let _ = ws.write_string(r, 14, format!("esx-{:02}", r % 24));
        let _ = ws.write_string(r, 15, format!("4211-{r:08x}"));
    }
    workbook.save(path).expect("workbook written");
}

fn import(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("RVTools_10000.xlsx");
    write_rvtools(&path, 10_000);
    eprintln!(
        "workbook: {} KB",
        std::fs::metadata(&path).map_or(0, |m| m.len() / 1024)
    );
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("rvtools_xlsx_10000/read+merge_new", |b| {
        b.iter(|| {
            let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
            merge(&Plan::default(), &parsed, Some("Wave 1"))
        })
    });
    let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
    let (edit, _) = merge(&Plan::default(), &parsed, None);
    let mut plan = Plan::default();
    ferry::edit::apply(&mut plan, edit).expect("applies");
    group.bench_function("rvtools_xlsx_10000/read+merge_reimport", |b| {
        b.iter(|| {
            let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
            merge(&plan, &parsed, None)
        })
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
