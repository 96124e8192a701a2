//! `ferry suggest-waves`: every workload that is not pinned placed into
//! waves with its reasons, as text or JSON; `--apply` writes the placement
//! as one change through the locked, guarded save.

use super::*;
use crate::derive::suggest_waves::{Options, Suggestion, suggest};

/// What the command is asked: flags that override the plan's limits.
pub(super) struct Ask<'a> {
    pub file: &'a Path,
    pub max_assets: Option<u32>,
    pub max_hours: Option<u32>,
    pub bandwidth_mbps: Option<u32>,
    pub json: bool,
    pub apply: bool,
}

#[derive(Serialize)]
struct JsonSuggestion {
    plan: String,
    waves: Vec<JsonWave>,
    warnings: Vec<JsonWarning>,
}

#[derive(Serialize)]
struct JsonWave {
    name: String,
    new: bool,
    workloads: Vec<JsonPlaced>,
    assets: usize,
    storage_gib: f64,
    replication_hours: Option<f64>,
}

#[derive(Serialize)]
struct JsonPlaced {
    name: String,
    moved_from: Option<String>,
    pinned: bool,
    reasons: Vec<String>,
}

#[derive(Serialize)]
struct JsonWarning {
    code: &'static str,
    message: String,
    /// The workload it is about, by name.
    subject: Option<String>,
}

/// Two decimals are plenty for GiB and hours.
fn rounded(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub(super) fn suggest_waves(ask: &Ask<'_>) -> ExitCode {
    let (mut plan, baseline) = match load_for_edit(ask.file) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let plan_options = Options::of(&plan);
    let options = Options {
        max_assets: ask.max_assets.or(plan_options.max_assets),
        max_hours: ask.max_hours.or(plan_options.max_hours),
        bandwidth_mbps: ask.bandwidth_mbps.or(plan_options.bandwidth_mbps),
        ..plan_options
    };
    let suggestion = suggest(&plan, &options);
    if ask.json {
        print_json(&json(&plan, &suggestion));
    } else {
        print_text(&text(&plan, &suggestion));
    }
    if !ask.apply {
        return ExitCode::SUCCESS;
    }
    let change = crate::change::Change::Placement(crate::change::Placement::of(&suggestion));
    let prepared = match crate::change::prepare(&plan, &change) {
        Ok(prepared) => prepared,
        Err(crate::change::Refused::Nothing) => {
            eprintln!(
                "ferry: the plan already has these waves: {} was not changed",
                ask.file.display()
            );
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("ferry: {e}; {} was not changed", ask.file.display());
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    if let Err(e) = crate::edit::apply(&mut plan, prepared.edit) {
        eprintln!("ferry: {e}; {} was not changed", ask.file.display());
        return ExitCode::from(EXIT_UNREADABLE);
    }
    match save_back(&plan, ask.file, &baseline) {
        Ok(_) => {
            eprintln!("ferry: {}; saved {}", prepared.label, ask.file.display());
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

fn json(plan: &Plan, s: &Suggestion) -> JsonSuggestion {
    let bandwidth = s.options.bandwidth_mbps.filter(|b| *b > 0);
    JsonSuggestion {
        plan: plan.name.clone(),
        waves: s
            .waves
            .iter()
            .map(|w| JsonWave {
                name: w.name.clone(),
                new: w.new,
                workloads: w
                    .workloads
                    .iter()
                    .map(|p| JsonPlaced {
                        name: p.name.clone(),
                        moved_from: p.moved_from.clone(),
                        pinned: p.pinned,
                        reasons: p.reasons.clone(),
                    })
                    .collect(),
                assets: w.assets,
                storage_gib: rounded(w.gib()),
                replication_hours: w.hours(bandwidth).map(rounded),
            })
            .collect(),
        warnings: s
            .warnings
            .iter()
            .map(|w| JsonWarning {
                code: w.code,
                message: w.message.clone(),
                subject: w.subject.as_deref().and_then(|id| {
                    plan.workloads
                        .iter()
                        .find(|x| x.id == id)
                        .map(|x| x.name.clone())
                }),
            })
            .collect(),
    }
}

/// The human form: each wave with its size, each workload with where it
/// comes from and why it is there, then the warnings.
pub fn text(plan: &Plan, s: &Suggestion) -> String {
    use crate::estimate::{duration_text, size_text};
    let bandwidth = s.options.bandwidth_mbps.filter(|b| *b > 0);
    let mut out = format!("Suggested waves for {}\n", plan.name);
    let limits: Vec<String> = [
        s.options
            .max_assets
            .map(|n| crate::words::count(n as usize, "asset")),
        s.options
            .max_hours
            .map(|h| format!("{} of replication", crate::words::count(h as usize, "hour"))),
    ]
    .into_iter()
    .flatten()
    .collect();
    out.push_str(&if limits.is_empty() {
        "No wave limits (pass --max-assets N or --max-hours H)".to_owned()
    } else {
        format!("Limits: {} a wave", limits.join(" and "))
    });
    match bandwidth {
        Some(b) => out.push_str(&format!(", at {b} Mbit/s\n")),
        None => out.push('\n'),
    }
    for w in &s.waves {
        let title = match (w.name.as_str(), w.new) {
            ("", _) => "In no wave".to_owned(),
            (name, true) => format!("{name} (new)"),
            (name, false) => name.to_owned(),
        };
        let hours = match w.hours(bandwidth) {
            Some(h) => format!(", replication ≈ {}", duration_text(h)),
            None => String::new(),
        };
        out.push_str(&format!(
            "\n{title} · {}, {}{hours}\n",
            crate::words::grouped(w.assets, "asset"),
            size_text(w.bytes)
        ));
        if w.workloads.is_empty() {
            out.push_str("  No workloads\n");
        }
        for p in &w.workloads {
            let mut head = format!("  {}", p.name);
            if p.pinned {
                head.push_str(" [pinned]");
            }
            match p.moved_from.as_deref() {
                Some("") => head.push_str(" (from no wave)"),
                Some(from) => head.push_str(&format!(" (from {from})")),
                None => {}
            }
            out.push_str(&head);
            out.push('\n');
            for reason in &p.reasons {
                out.push_str(&format!("    - {reason}\n"));
            }
        }
    }
    if !s.warnings.is_empty() {
        out.push_str("\nWarnings\n");
        for w in &s.warnings {
            out.push_str(&format!("  {}: {}\n", w.code, w.message));
        }
    }
    let moved = s.moved();
    let added = s.new_waves().len();
    out.push_str(&if s.is_nothing() {
        "\nNothing to move: the plan already has these waves\n".to_owned()
    } else {
        format!(
            "\nMoves {}, adds {}; --apply writes it to the plan\n",
            crate::words::grouped(moved, "workload"),
            crate::words::count(added, "wave")
        )
    });
    out
}
