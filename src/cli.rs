//! The command line: `ferry [FILE]` opens the app; subcommands check, report
//! status, merge and diff plans, set git up for plans and generate plans
//! without a window.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::derive::{Derived, Severity, Stage, derive};
use crate::model::Plan;
use crate::storage;

#[derive(Debug, Parser)]
#[command(
    name = "ferry",
    version,
    about = "Plan and track the execution of a cloud workload migration"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A plan to open in the app.
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate a plan: exit 0 when clean, 1 on errors, 2 when unreadable.
    Check {
        file: PathBuf,
        /// Print the problems as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Per workload: assets per stage, definition of done, blockers.
    Status {
        file: PathBuf,
        /// Print the status as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import an inventory (RVTools, Azure Migrate or a mapped CSV) into a plan.
    Import {
        #[arg(value_enum)]
        kind: ImportKind,
        /// The inventory file (.xlsx or .csv).
        input: PathBuf,
        /// The plan to import into; created when it does not exist.
        #[arg(long)]
        into: PathBuf,
        /// Put new assets into this workload (created when missing).
        #[arg(long)]
        workload: Option<String>,
        /// For csv: "Column name=field" (fields: name, kind, assessment,
        /// issues, or any fact name such as os, cpus, memory_mib, ip).
        #[arg(long = "map")]
        map: Vec<String>,
        /// RVTools: import VM templates and SRM placeholders too.
        #[arg(long)]
        include_templates: bool,
        /// azure-migrate-dependencies: connections over these ports are
        /// left out (infrastructure noise), comma-separated; `none` keeps
        /// every port.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "22,53,123,135,137,138,139,389,445,3389"
        )]
        ignore_ports: Vec<String>,
    },
    /// Write a report of a plan: Markdown, HTML or CSV.
    Report {
        file: PathBuf,
        #[arg(long, value_enum)]
        format: ReportKind,
        /// Where to write (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Rewrite a plan in the canonical form Ferry saves (stable diffs).
    Fmt { file: PathBuf },
    /// Merge two edited copies of a plan with the version they both started
    /// from: exit 0 merged cleanly, 1 merged with conflicts (ours kept,
    /// each listed and added to the log as an open question), 2 when an
    /// input cannot be read or the output cannot be written.
    Merge {
        /// The version both copies started from (an empty file: none).
        base: PathBuf,
        /// Our copy; OUT may be this file (as git's merge driver does).
        ours: PathBuf,
        /// Their copy.
        theirs: PathBuf,
        /// Where to write the merged plan.
        #[arg(short, long)]
        output: PathBuf,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// What changed from OLD to NEW, in words and by name, by workload.
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// Print the changes as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a plan as one fact a line, by name (what git shows for plans).
    Show {
        file: PathBuf,
        /// For git: print a file that is not a readable plan as it is,
        /// rather than fail.
        #[arg(long)]
        textconv: bool,
    },
    /// Set up the git repository around the current folder so that git
    /// merges `*.ron` plans with Ferry and shows their changes in words.
    GitSetup,
    /// Waves in order with their workloads, assets, storage, replication
    /// estimate and wave problems.
    Waves {
        file: PathBuf,
        /// Print the waves as JSON.
        #[arg(long)]
        json: bool,
        /// Bandwidth available for replication, in Mbit/s (default: the
        /// plan's `bandwidth_mbps`).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        bandwidth_mbps: Option<u32>,
    },
    /// The dependency graph of a workload and what it needs (or of every
    /// asset) for Graphviz or Mermaid: assets coloured by stage, cycles in
    /// bold red, assets outside the workload dashed.
    Graph {
        file: PathBuf,
        /// The workload, by name (or id); every asset when left out.
        #[arg(long)]
        workload: Option<String>,
        #[arg(long, value_enum)]
        format: GraphKind,
    },
    /// Write a large synthetic plan, for tests and benchmarks.
    Generate {
        /// How many assets.
        #[arg(long)]
        assets: usize,
        /// Where to write the plan.
        #[arg(short, long)]
        output: PathBuf,
        /// Seed of the generator: the same seed gives the same plan.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Replace the output file when it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    Rvtools,
    AzureMigrate,
    /// Azure Migrate's dependency analysis export: links between assets.
    AzureMigrateDependencies,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphKind {
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportKind {
    Markdown,
    Html,
    Csv,
}

/// Exit code of a file that cannot be read or parsed.
pub const EXIT_UNREADABLE: u8 = 2;

/// Parses the command line and runs a subcommand or the app.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { file, json }) => check(&file, json),
        Some(Command::Status { file, json }) => status(&file, json),
        Some(Command::Fmt { file }) => fmt(&file),
        Some(Command::Import {
            kind,
            input,
            into,
            workload,
            map,
            include_templates,
            ignore_ports,
        }) => {
            if kind == ImportKind::AzureMigrateDependencies {
                import_dependencies(&input, &into, &ignore_ports)
            } else {
                import(
                    kind,
                    &input,
                    &into,
                    workload.as_deref(),
                    &map,
                    include_templates,
                )
            }
        }
        Some(Command::Report {
            file,
            format,
            output,
        }) => report(&file, format, output.as_deref()),
        Some(Command::Generate {
            assets,
            output,
            seed,
            force,
        }) => generate(assets, &output, seed, force),
        Some(Command::Merge {
            base,
            ours,
            theirs,
            output,
            json,
        }) => merge(&base, &ours, &theirs, &output, json),
        Some(Command::Diff { old, new, json }) => diff(&old, &new, json),
        Some(Command::Show { file, textconv }) => show(&file, textconv),
        Some(Command::GitSetup) => git_setup(),
        Some(Command::Waves {
            file,
            json,
            bandwidth_mbps,
        }) => waves(&file, json, bandwidth_mbps),
        Some(Command::Graph {
            file,
            workload,
            format,
        }) => graph(&file, workload.as_deref(), format),
        None => run_app(cli.file),
    }
}

#[cfg(feature = "gui")]
fn run_app(file: Option<PathBuf>) -> ExitCode {
    match crate::app::run(file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ferry: the window could not be opened: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn run_app(_file: Option<PathBuf>) -> ExitCode {
    eprintln!(
        "ferry: this build has no window (built without the `gui` feature); use a subcommand"
    );
    ExitCode::FAILURE
}

fn load_or_report(file: &Path) -> Result<Plan, ExitCode> {
    load_for_edit(file).map(|(plan, _)| plan)
}

/// Loads a plan with what its file was, so that saving it back refuses to
/// replace a file someone changed meanwhile.
fn load_for_edit(file: &Path) -> Result<(Plan, storage::Baseline), ExitCode> {
    storage::load_with_baseline(file).map_err(|e| {
        eprintln!("ferry: {e}");
        ExitCode::from(EXIT_UNREADABLE)
    })
}

/// Saves a plan the command read from `file` (or creates it when
/// `expected` is the absent baseline); a refusal (read-only, changed
/// meanwhile, too large) exits 2 with nothing written.
fn save_back(
    plan: &Plan,
    file: &Path,
    expected: &storage::Baseline,
) -> Result<storage::Saved, ExitCode> {
    let options = storage::SaveOptions {
        expected: Some(expected),
        backups: None,
    };
    storage::save_with(plan, file, &options)
        .map(|(saved, _)| saved)
        .map_err(|e| {
            eprintln!("ferry: {e}");
            match e {
                storage::SaveError::Io { .. } => ExitCode::FAILURE,
                _ => ExitCode::from(EXIT_UNREADABLE),
            }
        })
}

#[derive(Serialize)]
struct JsonProblem {
    severity: &'static str,
    code: &'static str,
    message: String,
    subject: Option<String>,
}

#[derive(Serialize)]
struct JsonCheck {
    file: String,
    /// Why the file could not be read, when it could not (then `problems`
    /// is empty and the exit code is 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonLoadError>,
    problems: Vec<JsonProblem>,
}

#[derive(Serialize)]
struct JsonLoadError {
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

fn check(file: &Path, json: bool) -> ExitCode {
    let plan = match storage::load(file) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("ferry: {e}");
            if json {
                let position = e.position();
                print_json(&JsonCheck {
                    file: file.display().to_string(),
                    error: Some(JsonLoadError {
                        message: e.to_string(),
                        line: position.map(|p| p.0),
                        column: position.map(|p| p.1),
                    }),
                    problems: Vec::new(),
                });
            }
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let derived = derive(&plan);
    let errors = derived.count(Severity::Error);
    if json {
        let out = JsonCheck {
            file: file.display().to_string(),
            error: None,
            problems: derived
                .problems
                .iter()
                .map(|p| JsonProblem {
                    severity: p.severity.key(),
                    code: p.code,
                    message: p.message.clone(),
                    subject: p.subject.key(),
                })
                .collect(),
        };
        print_json(&out);
    } else {
        use std::fmt::Write as _;
        let mut text = String::with_capacity(derived.problems.len() * 96);
        let name = file.display().to_string();
        for p in &derived.problems {
            let _ = writeln!(
                text,
                "{name}: {} [{}] {}",
                p.severity.key(),
                p.code,
                p.message
            );
        }
        text.push_str(&format!(
            "{}: {} error(s), {} warning(s), {} note(s)\n",
            file.display(),
            errors,
            derived.count(Severity::Warning),
            derived.count(Severity::Info)
        ));
        print_text(&text);
    }
    // The process ends here: freeing a large plan piece by piece would only
    // cost time (a tenth of `check` at 100,000 assets).
    std::mem::forget(derived);
    std::mem::forget(plan);
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[derive(Serialize)]
struct JsonBlocker {
    code: &'static str,
    message: String,
    subject: Option<String>,
}

#[derive(Serialize)]
struct JsonWorkload {
    id: String,
    name: String,
    assets: usize,
    stages: serde_json::Map<String, serde_json::Value>,
    done: bool,
    blockers: Vec<JsonBlocker>,
    /// Format 2: the workload's wave label (`null` when it has none).
    wave: Option<String>,
    /// Format 2: promotion checklist progress.
    checklist: JsonProgress,
}

#[derive(Serialize)]
struct JsonProgress {
    done: usize,
    total: usize,
}

#[derive(Serialize)]
struct JsonStatus {
    plan: String,
    workloads: Vec<JsonWorkload>,
    unassigned_assets: usize,
    /// Assets whose workload is not in the plan: listed, never dropped.
    assets_in_missing_workloads: Vec<JsonOrphan>,
}

#[derive(Serialize)]
struct JsonOrphan {
    id: String,
    name: String,
    workload: String,
}

fn status(file: &Path, json: bool) -> ExitCode {
    let plan = match load_or_report(file) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let derived = derive(&plan);
    if json {
        print_json(&status_json(&plan, &derived));
    } else {
        print_text(&status_text(&plan, &derived));
    }
    ExitCode::SUCCESS
}

fn status_json(plan: &Plan, derived: &Derived) -> JsonStatus {
    JsonStatus {
        plan: plan.name.clone(),
        workloads: derived
            .workloads
            .iter()
            .zip(&plan.workloads)
            .map(|(w, workload)| JsonWorkload {
                id: w.id.clone(),
                name: w.name.clone(),
                assets: w.assets,
                stages: Stage::ALL
                    .iter()
                    .map(|s| (s.key().to_owned(), serde_json::Value::from(w.count(*s))))
                    .collect(),
                done: w.done,
                blockers: w
                    .blockers
                    .iter()
                    .map(|b| JsonBlocker {
                        code: b.code,
                        message: b.message.clone(),
                        subject: b.subject.key(),
                    })
                    .collect(),
                wave: Some(workload.wave.trim())
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned),
                checklist: {
                    let (done, total) = crate::checklist::progress(workload);
                    JsonProgress { done, total }
                },
            })
            .collect(),
        unassigned_assets: derived.unassigned_assets,
        assets_in_missing_workloads: derived
            .orphaned_assets
            .iter()
            .filter_map(|&i| plan.assets.get(i))
            .map(|a| JsonOrphan {
                id: a.id.clone(),
                name: a.name.clone(),
                workload: a.workload.clone().unwrap_or_default(),
            })
            .collect(),
    }
}

/// The human form of `ferry status`.
pub fn status_text(plan: &Plan, derived: &Derived) -> String {
    let mut out = format!("{}\n", plan.name);
    for w in &derived.workloads {
        let verdict = if w.done {
            "done".to_owned()
        } else {
            format!("not done, {} blocker(s)", w.blockers.len())
        };
        out.push_str(&format!(
            "\n{} — {} asset(s), {verdict}\n",
            w.name, w.assets
        ));
        let counts: Vec<String> = Stage::ALL
            .iter()
            .filter(|s| w.count(**s) > 0)
            .map(|s| format!("{} {}", s.label(), w.count(*s)))
            .collect();
        if !counts.is_empty() {
            out.push_str(&format!("  {}\n", counts.join(" · ")));
        }
        for b in &w.blockers {
            out.push_str(&format!("  - {} [{}]\n", b.message, b.code));
        }
    }
    out.push_str(&format!(
        "\n{} asset(s) in the inventory, not in a workload\n",
        derived.unassigned_assets
    ));
    if !derived.orphaned_assets.is_empty() {
        out.push_str(&format!(
            "{} asset(s) in a workload that is not in the plan:\n",
            derived.orphaned_assets.len()
        ));
        for a in derived
            .orphaned_assets
            .iter()
            .filter_map(|&i| plan.assets.get(i))
        {
            out.push_str(&format!(
                "  - {} (workload {})\n",
                a.name,
                a.workload.as_deref().unwrap_or_default()
            ));
        }
    }
    out
}

fn generate(assets: usize, output: &Path, seed: u64, force: bool) -> ExitCode {
    if !force && std::fs::symlink_metadata(output).is_ok() {
        eprintln!(
            "ferry: {} exists and was not changed; choose another file, or add --force to replace it",
            output.display()
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let plan = crate::generate::generate(assets, seed);
    match storage::save(&plan, output) {
        Ok(_) => {
            println!(
                "{}: {} assets in {} workloads",
                output.display(),
                plan.assets.len(),
                plan.workloads.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ferry: {e}");
            ExitCode::FAILURE
        }
    }
}

fn fmt(file: &Path) -> ExitCode {
    let (plan, baseline) = match load_for_edit(file) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    match save_back(&plan, file, &baseline) {
        Ok(_) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

fn import(
    kind: ImportKind,
    input: &Path,
    into: &Path,
    workload: Option<&str>,
    map: &[String],
    include_templates: bool,
) -> ExitCode {
    use crate::import;
    let format = match kind {
        ImportKind::Rvtools => import::Format::RvTools,
        ImportKind::AzureMigrate | ImportKind::AzureMigrateDependencies => {
            import::Format::AzureMigrate
        }
        ImportKind::Csv => match import::Mapping::parse(map) {
            Ok(mapping) => import::Format::Csv(mapping),
            Err(e) => {
                eprintln!("ferry: {e}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        },
    };
    if !map.is_empty() && kind != ImportKind::Csv {
        eprintln!("ferry: --map is only for csv imports; it is ignored");
    }
    let (mut plan, baseline) = if std::fs::metadata(into).is_ok() {
        match load_for_edit(into) {
            Ok(loaded) => loaded,
            Err(code) => return code,
        }
    } else {
        let name = into
            .file_stem()
            .map_or("Imported plan".into(), |s| s.to_string_lossy().into_owned());
        (Plan::named(name), storage::Baseline::ABSENT)
    };
    if storage::same_file(input, into) {
        eprintln!(
            "ferry: {} is both the inventory and the plan; nothing was written",
            into.display()
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    if storage::is_read_only(into) {
        eprintln!(
            "ferry: {} is read-only: nothing was imported or written",
            into.display()
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let options = import::Options { include_templates };
    let parsed = match import::read(input, &format, &options) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("ferry: {e}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let (edit, summary) = import::merge(&plan, &parsed, workload);
    println!("{}: {}", input.display(), parsed.kind);
    println!("{}", summary.describe());
    if !summary.imported_anything() {
        eprintln!(
            "ferry: nothing could be imported from {}; {} was not changed",
            input.display(),
            into.display()
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    if let Err(e) = crate::edit::apply(&mut plan, edit) {
        eprintln!("ferry: {e}");
        return ExitCode::FAILURE;
    }
    match save_back(&plan, into, &baseline) {
        Ok(storage::Saved::Written) => {
            println!("saved {}", into.display());
            ExitCode::SUCCESS
        }
        Ok(storage::Saved::Unchanged) => {
            println!(
                "{} already held all of this: nothing written",
                into.display()
            );
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// Adds the dependencies of an Azure Migrate dependency export to a plan
/// that already has the servers.
fn import_dependencies(input: &Path, into: &Path, ignore_ports: &[String]) -> ExitCode {
    use crate::import::dependencies;
    let mut ports = Vec::new();
    for p in ignore_ports
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
    {
        if p.eq_ignore_ascii_case("none") {
            continue;
        }
        match p.parse::<u16>() {
            Ok(n) => ports.push(n),
            Err(_) => {
                eprintln!("ferry: --ignore-ports: `{p}` is not a port number");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        }
    }
    if std::fs::metadata(into).is_err() {
        eprintln!(
            "ferry: {} does not exist: import the servers first (rvtools, azure-migrate or csv), then their dependencies",
            into.display()
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    if storage::same_file(input, into) {
        eprintln!(
            "ferry: {} is both the export and the plan; nothing was written",
            into.display()
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let (mut plan, baseline) = match load_for_edit(into) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let connections = match dependencies::read(input) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("ferry: {e}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let (edit, summary) = dependencies::merge(&plan, &connections, &ports);
    println!("{}: Azure Migrate dependency analysis", input.display());
    println!("{}", summary.describe());
    if let Err(e) = crate::edit::apply(&mut plan, edit) {
        eprintln!("ferry: {e}");
        return ExitCode::FAILURE;
    }
    match save_back(&plan, into, &baseline) {
        Ok(storage::Saved::Written) => {
            println!("saved {}", into.display());
            ExitCode::SUCCESS
        }
        Ok(storage::Saved::Unchanged) => {
            println!(
                "{} already held all of this: nothing written",
                into.display()
            );
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

fn report(file: &Path, format: ReportKind, output: Option<&Path>) -> ExitCode {
    use crate::export::{ReportFormat, report};
    let plan = match load_or_report(file) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let format = match format {
        ReportKind::Markdown => ReportFormat::Markdown,
        ReportKind::Html => ReportFormat::Html,
        ReportKind::Csv => ReportFormat::Csv,
    };
    let text = report(&plan, &derive(&plan), format, &crate::model::today());
    match output {
        None => {
            print_text(&text);
            ExitCode::SUCCESS
        }
        Some(out) => match storage::write_output(out, text.as_bytes(), &[file]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ferry: {e}");
                match e {
                    storage::SaveError::Io { .. } => ExitCode::FAILURE,
                    _ => ExitCode::from(EXIT_UNREADABLE),
                }
            }
        },
    }
}

// ---------------------------------------------------------------- merge

#[derive(Serialize)]
struct JsonConflict {
    kind: &'static str,
    subject: String,
    subject_id: Option<String>,
    field: String,
    ours: String,
    theirs: String,
    kept: &'static str,
    question_id: Option<String>,
}

#[derive(Serialize)]
struct JsonMerge {
    clean: bool,
    /// The merged plan's file; `null` when nothing was written.
    output: Option<String>,
    /// Why nothing was written (an input unreadable, the output refused).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonFileError>,
    changes_from_ours: usize,
    changes_from_theirs: usize,
    conflicts: Vec<JsonConflict>,
    problems: Vec<JsonProblem>,
}

#[derive(Serialize)]
struct JsonFileError {
    file: String,
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

/// Reports a merge that wrote nothing, exit 2.
fn merge_failed(
    file: &Path,
    message: String,
    position: Option<(usize, usize)>,
    json: bool,
) -> ExitCode {
    eprintln!("ferry: {message}");
    if json {
        print_json(&JsonMerge {
            clean: false,
            output: None,
            error: Some(JsonFileError {
                file: file.display().to_string(),
                message,
                line: position.map(|p| p.0),
                column: position.map(|p| p.1),
            }),
            changes_from_ours: 0,
            changes_from_theirs: 0,
            conflicts: Vec::new(),
            problems: Vec::new(),
        });
    }
    ExitCode::from(EXIT_UNREADABLE)
}

/// The common ancestor: an empty file (git's when both sides added the
/// plan) is an empty plan.
fn load_base(path: &Path) -> Result<Plan, storage::LoadError> {
    let bytes = storage::read_bytes(path)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Plan::default());
    }
    storage::parse_bytes(&bytes, path)
}

fn merge(base: &Path, ours: &Path, theirs: &Path, output: &Path, json: bool) -> ExitCode {
    let failed = |file: &Path, e: storage::LoadError| {
        let position = e.position();
        merge_failed(file, e.to_string(), position, json)
    };
    let base_plan = match load_base(base) {
        Ok(plan) => plan,
        Err(e) => return failed(base, e),
    };
    let (ours_plan, ours_baseline) = match storage::load_with_baseline(ours) {
        Ok(loaded) => loaded,
        Err(e) => return failed(ours, e),
    };
    let theirs_plan = match storage::load(theirs) {
        Ok(plan) => plan,
        Err(e) => return failed(theirs, e),
    };
    // OUT may replace OURS (git's driver writes the result over %A), as
    // long as OURS is still the file read; never BASE or THEIRS.
    let over_ours = storage::same_file(output, ours);
    if !over_ours
        && let Some(input) = [base, theirs]
            .into_iter()
            .find(|i| storage::same_file(output, i))
    {
        let e = storage::SaveError::SameAsInput {
            path: output.to_owned(),
            input: input.to_owned(),
        };
        return merge_failed(output, e.to_string(), None, json);
    }
    let merged = crate::merge::merge(&base_plan, &ours_plan, &theirs_plan);
    let options = storage::SaveOptions {
        expected: over_ours.then_some(&ours_baseline),
        backups: None,
    };
    if let Err(e) = storage::save_with(&merged.plan, output, &options) {
        return merge_failed(output, e.to_string(), None, json);
    }
    for c in &merged.conflicts {
        eprintln!("ferry: conflict: {}", c.describe());
    }
    for p in &merged.new_problems {
        eprintln!(
            "ferry: after the merge: {} [{}], which neither copy had",
            p.message, p.code
        );
    }
    let asked = merged.conflicts.len() + merged.new_problems.len();
    if asked > 0 {
        eprintln!(
            "ferry: {} conflict(s), {} new problem(s): ours was kept, and each is an open question in the log of {}",
            merged.conflicts.len(),
            merged.new_problems.len(),
            output.display()
        );
    }
    if json {
        print_json(&JsonMerge {
            clean: merged.is_clean(),
            output: Some(output.display().to_string()),
            error: None,
            changes_from_ours: merged.changes_from_ours,
            changes_from_theirs: merged.changes_from_theirs,
            conflicts: merged
                .conflicts
                .iter()
                .map(|c| JsonConflict {
                    kind: c.kind.key(),
                    subject: c.subject.clone(),
                    subject_id: c.subject_id.clone(),
                    field: c.field.clone(),
                    ours: c.ours.clone(),
                    theirs: c.theirs.clone(),
                    kept: c.kept.key(),
                    question_id: c.question_id.clone(),
                })
                .collect(),
            problems: merged
                .new_problems
                .iter()
                .map(|p| JsonProblem {
                    severity: p.severity.key(),
                    code: p.code,
                    message: p.message.clone(),
                    subject: p.subject.key(),
                })
                .collect(),
        });
    } else {
        print_text(&format!(
            "{}: merged, {} change(s) from ours, {} from theirs{}\n",
            output.display(),
            merged.changes_from_ours,
            merged.changes_from_theirs,
            if asked > 0 {
                format!(", {asked} question(s) to decide")
            } else {
                String::new()
            }
        ));
    }
    if merged.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

// ---------------------------------------------------------------- diff

#[derive(Serialize)]
struct JsonChange {
    group: String,
    subject: String,
    subject_id: Option<String>,
    text: String,
}

#[derive(Serialize)]
struct JsonDiff {
    old: String,
    new: String,
    changes: Vec<JsonChange>,
}

fn diff(old: &Path, new: &Path, json: bool) -> ExitCode {
    let (old_plan, new_plan) = match (load_or_report(old), load_or_report(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let changes = crate::diff::diff(&old_plan, &new_plan);
    if json {
        print_json(&JsonDiff {
            old: old.display().to_string(),
            new: new.display().to_string(),
            changes: changes
                .into_iter()
                .map(|c| JsonChange {
                    group: c.group,
                    subject: c.subject,
                    subject_id: c.subject_id,
                    text: c.text,
                })
                .collect(),
        });
    } else {
        print_text(&crate::diff::render(&changes));
    }
    ExitCode::SUCCESS
}

fn show(file: &Path, textconv: bool) -> ExitCode {
    match storage::load(file) {
        Ok(plan) => {
            print_text(&crate::diff::listing(&plan));
            ExitCode::SUCCESS
        }
        // git shows whatever textconv prints: a file that is not a plan
        // (another RON file, a committed conflict) is shown as it is.
        Err(e) if textconv => match std::fs::read(file) {
            Ok(bytes) => {
                let _ = std::io::stdout().lock().write_all(&bytes);
                ExitCode::SUCCESS
            }
            Err(_) => {
                eprintln!("ferry: {e}");
                ExitCode::from(EXIT_UNREADABLE)
            }
        },
        Err(e) => {
            eprintln!("ferry: {e}");
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

// ---------------------------------------------------------------- git

/// The `.gitattributes` line that hands plans to Ferry.
pub const GIT_ATTRIBUTES: &str = "*.ron merge=ferry diff=ferry";

/// Runs git with arguments; its trimmed output when it succeeds.
fn git(args: &[&str]) -> Result<Option<String>, String> {
    let out = std::process::Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("git could not be run ({e}); is git installed?"))?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_owned()))
}

/// A path quoted for the shell git runs drivers with.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn git_setup() -> ExitCode {
    match git_setup_steps() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ferry: {message}");
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

fn git_setup_steps() -> Result<(), String> {
    let Some(root) = git(&["rev-parse", "--show-toplevel"])? else {
        return Err(
            "this folder is not in a git repository: run `ferry git-setup` inside the repository that holds your plans".to_owned(),
        );
    };
    let root = PathBuf::from(root);
    let exe = std::env::current_exe()
        .map_err(|e| format!("the path of this ferry could not be found ({e})"))?;
    let exe = shell_quoted(&exe.to_string_lossy());
    let wanted = [
        ("merge.ferry.name", "Ferry plan merge".to_owned()),
        ("merge.ferry.driver", format!("{exe} merge %O %A %B -o %A")),
        ("diff.ferry.textconv", format!("{exe} show --textconv")),
    ];
    let mut changed = 0;
    for (key, value) in &wanted {
        if git(&["config", "--local", "--get", key])?.as_deref() == Some(value.as_str()) {
            println!("{key} is already set");
            continue;
        }
        if git(&["config", "--local", key, value])?.is_none() {
            return Err(format!("git could not set {key} in {}", root.display()));
        }
        println!("set {key} = {value}");
        changed += 1;
    }
    let path = root.join(".gitattributes");
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    if existing.lines().any(|l| l.trim() == GIT_ATTRIBUTES) {
        println!("{} already has `{GIT_ATTRIBUTES}`", path.display());
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(GIT_ATTRIBUTES);
        text.push('\n');
        storage::write_atomically(&path, text.as_bytes()).map_err(|e| e.to_string())?;
        println!("added `{GIT_ATTRIBUTES}` to {}", path.display());
        changed += 1;
    }
    if changed == 0 {
        println!("nothing to change: git already merges and diffs plans with Ferry here");
    } else {
        println!(
            "done: git now merges *.ron plans with Ferry and shows their changes in words. Commit .gitattributes; everyone who clones runs `ferry git-setup` once"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------- waves and graph

#[derive(Serialize)]
struct JsonWaves {
    plan: String,
    bandwidth_mbps: Option<u32>,
    waves: Vec<JsonWave>,
}

#[derive(Serialize)]
struct JsonWave {
    name: String,
    workloads: Vec<String>,
    assets: usize,
    storage_gib: f64,
    unknown_storage_assets: usize,
    replication_hours: Option<f64>,
    problems: Vec<JsonProblem>,
}

/// Two decimals are plenty for GiB and hours, and read well in JSON.
fn rounded(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn waves(file: &Path, json: bool, bandwidth_mbps: Option<u32>) -> ExitCode {
    let plan = match load_or_report(file) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let bandwidth = bandwidth_mbps.or(plan.bandwidth_mbps).filter(|b| *b > 0);
    let summaries = crate::waves::summaries(&plan, &derive(&plan));
    if json {
        print_json(&JsonWaves {
            plan: plan.name.clone(),
            bandwidth_mbps: bandwidth,
            waves: summaries
                .iter()
                .map(|s| JsonWave {
                    name: s.group.name.clone(),
                    workloads: s
                        .group
                        .workloads
                        .iter()
                        .filter_map(|&w| plan.workloads.get(w))
                        .map(|w| w.name.clone())
                        .collect(),
                    assets: s.assets,
                    storage_gib: rounded(s.estimate.gib()),
                    unknown_storage_assets: s.estimate.unknown.len(),
                    replication_hours: s.estimate.hours(bandwidth).map(rounded),
                    problems: s
                        .problems
                        .iter()
                        .map(|p| JsonProblem {
                            severity: p.severity.key(),
                            code: p.code,
                            message: p.message.clone(),
                            subject: p.subject.key(),
                        })
                        .collect(),
                })
                .collect(),
        });
    } else {
        print_text(&waves_text(&plan, &summaries, bandwidth));
    }
    ExitCode::SUCCESS
}

/// The human form of `ferry waves`.
pub fn waves_text(
    plan: &Plan,
    summaries: &[crate::waves::WaveSummary],
    bandwidth_mbps: Option<u32>,
) -> String {
    use crate::waves::{duration_text, size_text};
    const NAMED: usize = 10;
    let asset_names = |indices: &mut dyn Iterator<Item = &usize>| {
        let names: Vec<&str> = indices
            .filter_map(|&i| plan.assets.get(i))
            .map(|a| a.name.as_str())
            .collect();
        if names.len() > NAMED {
            format!(
                "{} and {} more",
                names[..NAMED].join(", "),
                names.len() - NAMED
            )
        } else {
            names.join(", ")
        }
    };
    let mut out = format!("{}\n", plan.name);
    out.push_str(&match bandwidth_mbps {
        Some(b) => format!("Replication bandwidth: {b} Mbit/s\n"),
        None => "Replication bandwidth not set: pass --bandwidth-mbps N, or set bandwidth_mbps in the plan, for estimates\n".to_owned(),
    });
    let undefined = crate::waves::undefined_labels(plan);
    if !undefined.is_empty() {
        out.push_str(&format!(
            "Wave labels that name no wave of the plan: {} (add them to the plan's waves, in order)\n",
            undefined.join(", ")
        ));
    }
    for s in summaries {
        let title = match s.group.wave.and_then(|i| plan.waves.get(i)) {
            None => "No wave".to_owned(),
            Some(w) => match (&w.start, &w.end) {
                (None, None) => w.name.clone(),
                (start, end) => format!(
                    "{} · {} to {}",
                    w.name,
                    start.as_deref().unwrap_or("?"),
                    end.as_deref().unwrap_or("?")
                ),
            },
        };
        out.push_str(&format!("\n{title}\n"));
        let workloads: Vec<&str> = s
            .group
            .workloads
            .iter()
            .filter_map(|&w| plan.workloads.get(w))
            .map(|w| w.name.as_str())
            .collect();
        if workloads.is_empty() {
            out.push_str("  No workloads yet\n");
            continue;
        }
        out.push_str(&format!("  Workloads: {}\n", workloads.join(", ")));
        let e = &s.estimate;
        let time = match e.hours(bandwidth_mbps) {
            Some(h) if e.unknown.is_empty() => format!(", replication ≈ {}", duration_text(h)),
            Some(h) => format!(", replication ≥ {} (without the unknown)", duration_text(h)),
            None if bandwidth_mbps.is_some() => ", replication time unknown".to_owned(),
            None => String::new(),
        };
        let size = if e.assets > 0 && e.unknown.len() == e.assets {
            " (storage unknown)".to_owned()
        } else {
            format!(": {}", size_text(e.bytes))
        };
        out.push_str(&format!(
            "  {} asset(s), {} to replicate{size}{time}\n",
            s.assets, e.assets
        ));
        if !e.largest.is_empty() {
            let largest: Vec<String> = e
                .largest
                .iter()
                .filter_map(|&(i, bytes)| {
                    plan.assets
                        .get(i)
                        .map(|a| format!("{} ({})", a.name, size_text(bytes)))
                })
                .collect();
            out.push_str(&format!("  Largest: {}\n", largest.join(", ")));
        }
        if !e.unknown.is_empty() {
            out.push_str(&format!(
                "  Storage unknown for {} asset(s), not counted: {}\n",
                e.unknown.len(),
                asset_names(&mut e.unknown.iter())
            ));
        }
        for p in &s.problems {
            out.push_str(&format!(
                "  {} [{}] {}\n",
                p.severity.key(),
                p.code,
                p.message
            ));
        }
    }
    out
}

fn graph(file: &Path, workload: Option<&str>, format: GraphKind) -> ExitCode {
    let plan = match load_or_report(file) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let id = match workload {
        None => None,
        Some(name) => match crate::graph::find_workload(&plan, name) {
            Some(w) => Some(w.id.clone()),
            None => {
                let names: Vec<&str> = plan.workloads.iter().map(|w| w.name.as_str()).collect();
                eprintln!(
                    "ferry: {} has no workload named {name}; its workloads: {}",
                    file.display(),
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                );
                return ExitCode::from(EXIT_UNREADABLE);
            }
        },
    };
    let graph = crate::graph::graph(&plan, id.as_deref());
    print_text(&match format {
        GraphKind::Dot => crate::graph::to_dot(&plan, &graph),
        GraphKind::Mermaid => crate::graph::to_mermaid(&plan, &graph),
    });
    ExitCode::SUCCESS
}

fn print_json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => print_text(&format!("{text}\n")),
        Err(e) => eprintln!("ferry: {e}"),
    }
}

/// Prints to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print_text(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
