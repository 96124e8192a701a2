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
use crate::words;

mod history;
mod json;
mod resolve;
mod sharing;
mod suggest;
mod waves;
use json::{JsonBlocker, JsonProblem, ProblemText, json_problems};
use sharing::{diff, git_setup, merge, show};
pub use waves::waves_text;
use waves::{graph, waves};

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
    /// Write a report of a plan: Markdown, HTML or CSV; a calendar (ics);
    /// the open work for an issue tracker (tasks).
    Report {
        file: PathBuf,
        #[arg(long, value_enum)]
        format: ReportKind,
        /// Where to write (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Markdown and HTML: add the progress over time, from the kept
        /// versions (`versions`) or also every commit of the plan (`git`).
        #[arg(long, value_enum)]
        history: Option<history::HistoryKind>,
    },
    /// The plan's progress over time, oldest first: per kept version (and,
    /// with --git, per commit that changed it) the assets in each stage
    /// and the workloads done.
    History {
        file: PathBuf,
        /// Also every commit that changed the file (the git on PATH).
        #[arg(long)]
        git: bool,
        /// Print the points as JSON.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print the points as CSV.
        #[arg(long)]
        csv: bool,
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
        /// Where to write the merged plan: OURS, or a file that does not
        /// exist yet (another existing file only with --force).
        #[arg(short, long)]
        output: PathBuf,
        /// Replace OUT when it exists and is not OURS (never a plan of a
        /// newer format; the replaced file is kept as a version).
        #[arg(long)]
        force: bool,
        /// The plan's own path, named in messages instead of the files
        /// given (git's merge driver passes `%P`, as its inputs are
        /// temporary files).
        #[arg(long, value_name = "PATH")]
        name: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Merge the copies that file-sync clients (OneDrive, SharePoint,
    /// Dropbox, Nextcloud, Syncthing, Google Drive) left beside a plan when
    /// two people saved it at once: exit 0 merged cleanly (or none found),
    /// 1 merged with conflicts (each an open question in the log), 2 when
    /// the plan cannot be read or written. Each merged copy is moved into
    /// ferry-merged-copies/ beside the plan.
    Resolve {
        file: PathBuf,
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
    /// Place every workload that is not pinned into waves, by the six
    /// rules (pins, two-way needs, dependency order, a small pilot, the
    /// wave limits, then non-production and lower criticality first), each
    /// with its reasons; warnings for what could not be satisfied.
    SuggestWaves {
        file: PathBuf,
        /// The most assets to migrate in one wave (default: the plan's
        /// wave limit).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        max_assets: Option<u32>,
        /// The most hours of replication in one wave, at the bandwidth
        /// (default: the plan's wave limit).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        max_hours: Option<u32>,
        /// Bandwidth available for replication, in Mbit/s (default: the
        /// plan's `bandwidth_mbps`).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        bandwidth_mbps: Option<u32>,
        /// Print the suggestion as JSON.
        #[arg(long)]
        json: bool,
        /// Write the placement to the plan as one change (the file is
        /// saved only when nobody changed it meanwhile).
        #[arg(long)]
        apply: bool,
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
    /// iCalendar: an all-day event per dated wave, a to-do per open item
    /// with a due date.
    Ics,
    /// The open work as CSV for Azure Boards or Jira.
    Tasks,
}

/// Exit code of a file that cannot be read, parsed or written (nothing
/// was written then).
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
            history,
        }) => report(&file, format, output.as_deref(), history),
        Some(Command::History {
            file,
            git,
            json,
            csv,
        }) => {
            let output = match (json, csv) {
                (true, _) => history::Output::Json,
                (_, true) => history::Output::Csv,
                _ => history::Output::Text,
            };
            history::history(&file, git, output)
        }
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
            force,
            name,
            json,
        }) => merge(
            &sharing::MergeFiles {
                base: &base,
                ours: &ours,
                theirs: &theirs,
                output: &output,
                name: name.as_deref(),
            },
            force,
            json,
        ),
        Some(Command::Resolve { file, json }) => resolve::resolve(&file, json),
        Some(Command::Diff { old, new, json }) => diff(&old, &new, json),
        Some(Command::Show { file, textconv }) => show(&file, textconv),
        Some(Command::GitSetup) => git_setup(),
        Some(Command::Waves {
            file,
            json,
            bandwidth_mbps,
        }) => waves(&file, json, bandwidth_mbps),
        Some(Command::SuggestWaves {
            file,
            max_assets,
            max_hours,
            bandwidth_mbps,
            json,
            apply,
        }) => suggest::suggest_waves(&suggest::Ask {
            file: &file,
            max_assets,
            max_hours,
            bandwidth_mbps,
            json,
            apply,
        }),
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
/// `expected` is the absent baseline) through the locked, guarded save,
/// keeping the version it replaces beside it; a refusal (read-only,
/// changed or deleted meanwhile, too large) exits 2 with nothing written.
fn save_back(
    plan: &Plan,
    file: &Path,
    expected: &storage::Baseline,
) -> Result<storage::Saved, ExitCode> {
    let home = versions_home();
    let options = storage::SaveOptions {
        expected: Some(expected),
        keep: Some(storage::Keep::versions(home.as_deref())),
        ..storage::SaveOptions::default()
    };
    storage::save_with(plan, file, &options)
        .map(|report| {
            tell(report.notice);
            report.saved
        })
        .map_err(|e| save_failed(&e))
}

/// Where the versions that cannot be kept beside a plan go: the user's
/// data folder, as the app's.
fn versions_home() -> Option<PathBuf> {
    storage::versions::data_dir().map(|d| storage::versions::home_root(&d))
}

/// Says what a save has to say once (its folder cannot be locked).
fn tell(notice: Option<String>) {
    if let Some(notice) = notice {
        eprintln!("ferry: note: {notice}");
    }
}

/// Reports a save that wrote nothing: exit 2, whatever the reason.
fn save_failed(e: &storage::SaveError) -> ExitCode {
    eprintln!("ferry: {e}");
    ExitCode::from(EXIT_UNREADABLE)
}

/// Why an existing file must not be replaced by a plan of this version:
/// it is a plan written by a newer Ferry, which this one cannot read.
fn newer_plan_there(path: &Path) -> Option<String> {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    match storage::load(path) {
        Err(e @ storage::LoadError::NewerFormat { .. }) => Some(format!(
            "{e}; it was not replaced (a newer Ferry's plan is never overwritten)"
        )),
        _ => None,
    }
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
            problems: json_problems(&derived.problems),
        };
        print_json(&out);
    } else {
        use std::fmt::Write as _;
        let mut text = String::with_capacity(derived.problems.len() * 96);
        let name = file.display().to_string();
        for p in &derived.problems {
            let _ = writeln!(text, "{name}: {}", ProblemText(p));
        }
        // Where a rule comes from the Cloud Adoption Framework, why, once
        // per rule that fired.
        let mut explained = std::collections::BTreeSet::new();
        for p in &derived.problems {
            if let Some(caf) = crate::derive::rules::rule(p.code).and_then(|r| r.caf)
                && explained.insert(p.code)
            {
                let _ = writeln!(text, "{name}: why [{}] CAF: {caf}", p.code);
            }
        }
        text.push_str(&format!(
            "{}: {}, {}, {}\n",
            file.display(),
            words::count(errors, "error"),
            words::count(derived.count(Severity::Warning), "warning"),
            words::count(derived.count(Severity::Info), "note")
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
    /// Format 3: done, and nothing keeps it from promotion.
    promotion_ready: bool,
    /// Format 3: checklist items not done, promotion rules, the Promotion
    /// activity's RACI.
    promotion_blockers: Vec<JsonBlocker>,
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
                blockers: w.blockers.iter().map(JsonBlocker::from).collect(),
                wave: Some(workload.wave.trim())
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned),
                checklist: {
                    let (done, total) = crate::checklist::progress(workload);
                    JsonProgress { done, total }
                },
                promotion_ready: w.promotion.ready,
                promotion_blockers: w.promotion.blockers.iter().map(JsonBlocker::from).collect(),
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
            format!("not done, {}", words::count(w.blockers.len(), "blocker"))
        };
        out.push_str(&format!(
            "\n{} — {}, {verdict}\n",
            w.name,
            words::count(w.assets, "asset")
        ));
        let counts: Vec<String> = Stage::ALL
            .iter()
            .filter(|s| w.count(**s) > 0)
            .map(|s| format!("{} {}", s.label(), w.count(*s)))
            .collect();
        if !counts.is_empty() {
            out.push_str(&format!("  {}\n", counts.join(" · ")));
        }
        // Many of a kind are one line ("50 assets Unassessed: …"); the
        // JSON form lists each.
        for line in crate::derive::blocker_lines(plan, derived, &w.blockers) {
            let (text, code) = match &line {
                crate::derive::BlockerLine::One(b) => (b.message.as_str(), b.code),
                crate::derive::BlockerLine::Many(text, members) => (text.as_str(), members[0].code),
            };
            out.push_str(&format!("  - {text} [{code}]\n"));
        }
        // Promotion readiness beside the definition of done; open
        // checklist items are counted in it, not listed.
        out.push_str(&format!("  {}\n", w.readiness()));
        for b in w.promotion.rule_blockers() {
            out.push_str(&format!("  - promotion: {} [{}]\n", b.message, b.code));
        }
    }
    out.push_str(&format!(
        "\n{} in the inventory, not in a workload\n",
        words::count(derived.unassigned_assets, "asset")
    ));
    if !derived.orphaned_assets.is_empty() {
        out.push_str(&format!(
            "{} in a workload that is not in the plan:\n",
            words::count(derived.orphaned_assets.len(), "asset")
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
    if let Some(why) = newer_plan_there(output) {
        eprintln!("ferry: {why}");
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let plan = crate::generate::generate(assets, seed);
    let home = versions_home();
    let options = storage::SaveOptions {
        keep: Some(storage::Keep::versions(home.as_deref())),
        ..storage::SaveOptions::default()
    };
    match storage::save_with(&plan, output, &options) {
        Ok(report) => {
            tell(report.notice);
            println!(
                "{}: {} in {}",
                output.display(),
                crate::words::grouped(plan.assets.len(), "asset"),
                crate::words::count(plan.workloads.len(), "workload")
            );
            ExitCode::SUCCESS
        }
        Err(e) => save_failed(&e),
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
    if let Some(code) = refuse_as_plan(input, into, "inventory") {
        return code;
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
    if storage::is_read_only(into) {
        eprintln!(
            "ferry: {} is read-only: nothing was imported or written",
            into.display()
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let options = import::Options { include_templates };
    let (kind, edit, summary) = match import::read_into(input, &format, &options, &plan, workload) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("ferry: {e}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    println!("{}: {kind}", input.display());
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
    let saved = save_back(&plan, into, &baseline);
    // The command ends here, and with it the process: its memory goes
    // back at once. Freeing a large plan piece by piece first would only
    // keep the user waiting (a tenth of a second at 100,000 assets).
    std::mem::forget(plan);
    match saved {
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

/// Refuses, before anything is read, a plan that is the input file itself
/// (`what`: "inventory", "export") or a symbolic link leading in a circle.
fn refuse_as_plan(input: &Path, into: &Path, what: &str) -> Option<ExitCode> {
    if storage::same_file(input, into) {
        eprintln!(
            "ferry: {} is both the {what} and the plan; nothing was written",
            into.display()
        );
        return Some(ExitCode::from(EXIT_UNREADABLE));
    }
    if storage::real_target(into).is_err() {
        return Some(save_failed(&storage::SaveError::LinkLoop {
            path: into.to_owned(),
        }));
    }
    None
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
    if let Some(code) = refuse_as_plan(input, into, "export") {
        return code;
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

fn report(
    file: &Path,
    format: ReportKind,
    output: Option<&Path>,
    progress: Option<history::HistoryKind>,
) -> ExitCode {
    use crate::export::{ReportFormat, report_with};
    let plan = match load_or_report(file) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let format = match format {
        ReportKind::Markdown => ReportFormat::Markdown,
        ReportKind::Html => ReportFormat::Html,
        ReportKind::Csv => ReportFormat::Csv,
        ReportKind::Ics => ReportFormat::Ics,
        ReportKind::Tasks => ReportFormat::Tasks,
    };
    let progress = match progress {
        Some(_) if !matches!(format, ReportFormat::Markdown | ReportFormat::Html) => {
            eprintln!("ferry: --history is for Markdown and HTML reports; nothing was written");
            return ExitCode::from(EXIT_UNREADABLE);
        }
        Some(kind) => match history::read(file, kind == history::HistoryKind::Git) {
            Ok(h) => Some(h),
            Err(code) => return code,
        },
        None => None,
    };
    let text = report_with(
        &plan,
        &derive(&plan),
        format,
        &crate::model::today(),
        progress.as_ref(),
    );
    match output {
        None => {
            print_text(&text);
            ExitCode::SUCCESS
        }
        Some(out) => match storage::write_output(out, text.as_bytes(), &[file]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => save_failed(&e),
        },
    }
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
