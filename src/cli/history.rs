//! `ferry history`: a plan's progress over time, from its kept versions
//! and, with `--git`, every commit that changed it, as text, JSON or CSV;
//! and the history that `ferry report --history` charts.

use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::{EXIT_UNREADABLE, print_json, print_text};
use crate::derive::Stage;
use crate::history::{self, History, Point};
use crate::words;

/// Where a report's progress chart comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum HistoryKind {
    /// Kept versions and every commit that changed the plan.
    Git,
    /// Kept versions only.
    Versions,
}

/// How `ferry history` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Text,
    Json,
    Csv,
}

#[derive(Serialize)]
struct JsonPoint {
    when: String,
    source: String,
    assets: usize,
    stages: serde_json::Map<String, serde_json::Value>,
    workloads: usize,
    workloads_done: usize,
}

#[derive(Serialize)]
struct JsonHistory {
    plan: String,
    points: Vec<JsonPoint>,
    /// Versions that could not be read.
    skipped: usize,
}

/// Reads the history, saying on stderr what could not be read; exit 2
/// when there is none (no plan, no git, nothing readable).
pub(super) fn read(file: &Path, git: bool) -> Result<History, ExitCode> {
    let data_dir = crate::storage::versions::data_dir();
    let options = history::Options {
        git,
        data_dir: data_dir.as_deref(),
        known: None,
    };
    let history = history::read(file, &options).map_err(|e| {
        eprintln!("ferry: {e}");
        ExitCode::from(EXIT_UNREADABLE)
    })?;
    if history.commits == Some(0) {
        eprintln!(
            "ferry: {}: no commit changed this file (is it committed?)",
            file.display()
        );
    }
    for skipped in &history.skipped {
        eprintln!(
            "ferry: skipped {} of {}: {}",
            skipped.source.label(),
            history::iso(skipped.when),
            skipped.why
        );
    }
    if history.points.is_empty() {
        eprintln!(
            "ferry: {}: no version of the plan could be read",
            file.display()
        );
        return Err(ExitCode::from(EXIT_UNREADABLE));
    }
    Ok(history)
}

/// `ferry history FILE [--git] [--json|--csv]`.
pub(super) fn history(file: &Path, git: bool, output: Output) -> ExitCode {
    let history = match read(file, git) {
        Ok(history) => history,
        Err(code) => return code,
    };
    match output {
        Output::Json => print_json(&JsonHistory {
            plan: history.plan.clone(),
            points: history.points.iter().map(json_point).collect(),
            skipped: history.skipped.len(),
        }),
        Output::Csv => print_text(&csv(&history)),
        Output::Text => print_text(&text(&history)),
    }
    ExitCode::SUCCESS
}

fn json_point(point: &Point) -> JsonPoint {
    JsonPoint {
        when: point.when_text(),
        source: point.source.label(),
        assets: point.counts.assets,
        stages: Stage::ALL
            .iter()
            .map(|s| (s.key().to_owned(), point.counts.stage(*s).into()))
            .collect(),
        workloads: point.counts.workloads,
        workloads_done: point.counts.workloads_done,
    }
}

/// One row per point: when, source, assets, the ten stages, workloads.
fn csv(history: &History) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let mut header = vec!["when", "source", "assets"];
    header.extend(Stage::ALL.iter().map(|s| s.key()));
    header.extend(["workloads", "workloads_done"]);
    let _ = writer.write_record(&header);
    for point in &history.points {
        let mut row = vec![
            point.when_text(),
            point.source.label(),
            point.counts.assets.to_string(),
        ];
        row.extend(
            Stage::ALL
                .iter()
                .map(|s| point.counts.stage(*s).to_string()),
        );
        row.push(point.counts.workloads.to_string());
        row.push(point.counts.workloads_done.to_string());
        let _ = writer.write_record(&row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A line per point, oldest first: when, where from, the stages that
/// hold assets, and the workloads done.
fn text(history: &History) -> String {
    let mut out = format!(
        "{}: {}, oldest first\n",
        history.plan,
        words::count(history.points.len(), "point")
    );
    for point in &history.points {
        let stages: Vec<String> = Stage::ALL
            .iter()
            .filter(|s| point.counts.stage(**s) > 0)
            .map(|s| format!("{} {}", s.label(), point.counts.stage(*s)))
            .collect();
        out.push_str(&format!(
            "{}  {:<11}  {}: {}; {} of {} done\n",
            point.when_text(),
            point.source.label(),
            words::count(point.counts.assets, "asset"),
            if stages.is_empty() {
                "none".to_owned()
            } else {
                stages.join(" · ")
            },
            point.counts.workloads_done,
            words::count(point.counts.workloads, "workload")
        ));
    }
    if !history.skipped.is_empty() {
        out.push_str(&format!(
            "{} could not be read and {} skipped\n",
            words::count(history.skipped.len(), "version"),
            words::noun(history.skipped.len(), "was")
        ));
    }
    out
}
