//! The commands that look at waves and dependencies: the waves with
//! their sizes and transfer estimates, and a workload's dependency graph.

use super::*;

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

pub(super) fn waves(file: &Path, json: bool, bandwidth_mbps: Option<u32>) -> ExitCode {
    let plan = match load_or_report(file) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let bandwidth = bandwidth_mbps.or(plan.bandwidth_mbps).filter(|b| *b > 0);
    let summaries = crate::estimate::summaries(&plan, &derive(&plan));
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
                    problems: json_problems(&s.problems),
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
    summaries: &[crate::estimate::WaveSummary],
    bandwidth_mbps: Option<u32>,
) -> String {
    use crate::estimate::{duration_text, size_text};
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
    let undefined = crate::derive::waves::undefined_labels(plan);
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
            "  {}, {} to replicate{size}{time}\n",
            crate::words::count(s.assets, "asset"),
            e.assets
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
                "  Storage unknown for {}, not counted: {}\n",
                crate::words::count(e.unknown.len(), "asset"),
                asset_names(&mut e.unknown.iter())
            ));
        }
        for p in &s.problems {
            out.push_str(&format!("  {}\n", ProblemText(p)));
        }
    }
    out
}

pub(super) fn graph(file: &Path, workload: Option<&str>, format: GraphKind) -> ExitCode {
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
