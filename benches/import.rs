//! Importing inventories of 10,000, 40,000 and 100,000 rows: an RVTools
//! workbook and its CSV export, read, merged and applied to the plan as the
//! app does it (goals at 100,000 rows: workbook 3 s, CSV 2 s; time growing
//! in proportion to the rows). Figures go to BENCHMARKS.md.

use std::path::Path;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use ferry::import::{Format, Options, merge, read};
use ferry::model::Plan;

const HEADERS: [&str; 16] = [
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

/// An inventory of `rows` VMs as RVTools lists them. A later export (`later`
/// set) counts other CPUs for every VM and lists one VM in twenty more: a
/// re-import updates every asset and adds some.
struct Inventory {
    rows: u32,
    later: bool,
}

impl Inventory {
    fn len(&self) -> u32 {
        if self.later {
            self.rows + self.rows / 20
        } else {
            self.rows
        }
    }

    /// The cells of row `r` (from 1), text or number.
    fn row(&self, r: u32) -> [Cell; 16] {
        let cpus = if self.later { 4 + r % 8 } else { 2 + r % 6 };
        let os = "Microsoft Windows Server 2019 (64-bit)";
        [
            Cell::Text(format!("vm-{r:06}")),
            Cell::Text("poweredOn".into()),
            Cell::Text("False".into()),
            Cell::Text("False".into()),
            Cell::Number(f64::from(cpus)),
            Cell::Number(8192.0),
            Cell::Number(102_400.0),
            Cell::Number(51_200.0),
            Cell::Text(os.into()),
            Cell::Text(os.into()),
            Cell::Text(format!("vm-{r:06}.corp.example")),
            Cell::Text(format!("10.{}.{}.{}", r / 65_536, (r / 256) % 256, r % 256)),
            Cell::Text("DC1".into()),
            Cell::Text(format!("CL{}", r % 4)),
            Cell::Text(format!("esx-{:02}", r % 24)),
            Cell::Text(format!("4211-{r:08x}")),
        ]
    }

    fn write_xlsx(&self, path: &Path) {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let ws = workbook.add_worksheet();
        let _ = ws.set_name("vInfo");
        for (c, h) in HEADERS.iter().enumerate() {
            let _ = ws.write_string(0, c as u16, *h);
        }
        for r in 1..=self.len() {
            for (c, cell) in self.row(r).into_iter().enumerate() {
                let _ = match cell {
                    Cell::Text(t) => ws.write_string(r, c as u16, t),
                    Cell::Number(n) => ws.write_number(r, c as u16, n),
                };
            }
        }
        workbook.save(path).expect("workbook written");
    }

    fn write_csv(&self, path: &Path) {
        let mut writer = csv::Writer::from_path(path).expect("csv created");
        writer.write_record(HEADERS).expect("csv written");
        for r in 1..=self.len() {
            let cells = self.row(r).map(|cell| match cell {
                Cell::Text(t) => t,
                Cell::Number(n) => n.to_string(),
            });
            writer.write_record(&cells).expect("csv written");
        }
        writer.flush().expect("csv written");
    }
}

enum Cell {
    Text(String),
    Number(f64),
}

/// What the app does on import: read the file, merge it into the plan, and
/// apply the edit (keeping its inverse, for undo).
fn import(plan: &mut Plan, path: &Path) -> ferry::edit::Edit {
    let parsed = read(path, &Format::RvTools, &Options::default()).expect("reads");
    let (edit, _) = merge(plan, &parsed, Some("Wave 1"));
    ferry::edit::apply(plan, edit).expect("applies")
}

fn size_kb(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len() / 1024)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut group = c.benchmark_group("import");
    // A run takes seconds at the larger sizes: ten runs each, not the
    // hundreds criterion would start with.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    for rows in [10_000, 40_000, 100_000] {
        for (format, extension) in [("rvtools_xlsx", "xlsx"), ("rvtools_csv", "csv")] {
            let first = dir.path().join(format!("RVTools_{rows}.{extension}"));
            let later = dir.path().join(format!("RVTools_{rows}_later.{extension}"));
            for (path, later) in [(&first, false), (&later, true)] {
                let inventory = Inventory { rows, later };
                match extension {
                    "xlsx" => inventory.write_xlsx(path),
                    _ => inventory.write_csv(path),
                }
            }
            eprintln!("{format} {rows} rows: {} KB", size_kb(&first));
            group.bench_function(format!("{format}/{rows}/new_plan"), |b| {
                b.iter(|| import(&mut Plan::default(), &first))
            });
            let mut plan = Plan::default();
            import(&mut plan, &first);
            group.bench_function(format!("{format}/{rows}/reimport"), |b| {
                b.iter_batched(
                    || plan.clone(),
                    |mut plan| {
                        let undo = import(&mut plan, &later);
                        (plan, undo)
                    },
                    BatchSize::LargeInput,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
