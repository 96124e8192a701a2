//! The plan's open work as a CSV that an issue tracker imports as it is
//! (Azure Boards' "Import work items", Jira's CSV importer): one row per
//! open action or question of the log, open promotion checklist item and
//! unresolved compatibility issue of an asset that is migrated.
//!
//! Columns, exactly: `Work Item Type`, `Title`, `Description`,
//! `Assigned To`, `Due Date`, `State`, `Tags`, `Ferry ID`. Every row is a
//! `Task` in state `To Do`, the type and state both trackers' default
//! processes know; what kind of work it is goes in the tags, with the
//! workload and the wave (Azure Boards' `; ` between tags). People are
//! named, as `Name <address>` when their contact is an e-mail address.
//! Due dates: a log entry's own; a checklist item is due when its wave
//! ends, a compatibility issue when its wave starts (remediation comes
//! before the migration).

use std::collections::HashMap;

use super::model::names_by_id;
use super::safe_cell;
use crate::model::{ActivityKind, LogKind, LogStatus, Party, Plan, Raci, Workload};

/// The header, in order.
pub const COLUMNS: [&str; 8] = [
    "Work Item Type",
    "Title",
    "Description",
    "Assigned To",
    "Due Date",
    "State",
    "Tags",
    "Ferry ID",
];

/// Trackers cut titles at 255 characters.
const TITLE_CHARS: usize = 255;

/// One row of the CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub title: String,
    pub description: String,
    pub assigned_to: String,
    pub due: String,
    pub tags: Vec<String>,
    pub id: String,
}

/// A title: one line, at most [`TITLE_CHARS`] characters.
fn title(text: &str) -> String {
    let line = text
        .split(super::is_line_break)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if line.chars().count() <= TITLE_CHARS {
        return line;
    }
    let mut short: String = line.chars().take(TITLE_CHARS - 1).collect();
    short.push('…');
    short
}

/// A tag: Azure Boards separates tags with `;` (and refuses `,`).
fn tag(text: &str) -> String {
    text.replace([';', ','], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How a tracker knows a person: the name, with the e-mail address when
/// the contact is one.
fn assignee(party: &Party) -> String {
    let contact = party.contact.trim();
    let email = contact.contains('@')
        && !contact.contains(char::is_whitespace)
        && !contact.contains(['<', '>', ',', ';']);
    if email {
        format!("{} <{contact}>", party.name.trim())
    } else {
        party.name.trim().to_owned()
    }
}

/// FNV-1a of a text: a stable id for what has none.
fn text_hash(text: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// The open work of the plan, in the order of the CSV: log entries in
/// log order, checklist items by wave and workload, then compatibility
/// issues in asset order.
pub fn tasks(plan: &Plan) -> Vec<Task> {
    let parties: HashMap<&str, &Party> = plan
        .parties
        .iter()
        .rev()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let who = |id: &str| {
        parties
            .get(id)
            .map_or_else(|| id.to_owned(), |p| assignee(p))
    };
    let workload_names = names_by_id(&plan.workloads, |w| &w.id, |w| &w.name);
    let asset_names = names_by_id(&plan.assets, |a| &a.id, |a| &a.name);
    let party_names = names_by_id(&plan.parties, |p| &p.id, |p| &p.name);
    let groups = crate::derive::waves::groups(plan);
    let mut wave_of: Vec<Option<usize>> = vec![None; plan.workloads.len()];
    for group in &groups {
        for &w in &group.workloads {
            if let Some(slot) = wave_of.get_mut(w) {
                *slot = group.wave;
            }
        }
    }
    let workload_index: HashMap<&str, usize> = plan
        .workloads
        .iter()
        .enumerate()
        .rev()
        .map(|(i, w)| (w.id.as_str(), i))
        .collect();
    // The tags of work on a workload: its name and its wave's.
    let workload_tags = |w: usize| -> Vec<String> {
        let mut tags = Vec::new();
        if let Some(workload) = plan.workloads.get(w) {
            tags.push(tag(&workload.name));
        }
        if let Some(wave) = wave_of
            .get(w)
            .copied()
            .flatten()
            .and_then(|i| plan.waves.get(i))
        {
            tags.push(tag(&wave.name));
        }
        tags
    };
    let wave_date = |w: usize, end: bool| -> String {
        let wave = wave_of
            .get(w)
            .copied()
            .flatten()
            .and_then(|i| plan.waves.get(i));
        let date = wave.and_then(|wave| {
            if end {
                wave.end.as_deref()
            } else {
                wave.start.as_deref().or(wave.end.as_deref())
            }
        });
        date.map(str::trim)
            .filter(|d| crate::model::is_date(d))
            .unwrap_or_default()
            .to_owned()
    };
    let mut out = Vec::new();

    for entry in &plan.log {
        if entry.status != LogStatus::Open
            || !matches!(entry.kind, LogKind::Action | LogKind::Question)
        {
            continue;
        }
        let mut tags = vec!["Ferry".to_owned(), entry.kind.label().to_owned()];
        let mut description = entry.text.trim().to_owned();
        if let Some(about) = entry.about.as_deref() {
            // An entry about an asset is work on the asset's workload.
            let workload = workload_index.get(about).copied().or_else(|| {
                plan.assets
                    .iter()
                    .find(|a| a.id == about)
                    .and_then(|a| a.workload.as_deref())
                    .and_then(|w| workload_index.get(w).copied())
            });
            let name = [&workload_names, &asset_names, &party_names]
                .iter()
                .find_map(|names| names.get(about).copied())
                .unwrap_or(about);
            description.push_str(&format!("\n\nAbout: {name}"));
            if let Some(w) = workload {
                tags.extend(workload_tags(w));
            }
        }
        if !entry.date.trim().is_empty() {
            description.push_str(&format!("\nRaised: {}", entry.date.trim()));
        }
        out.push(Task {
            title: title(&entry.text),
            description,
            assigned_to: entry.owner.as_deref().map(&who).unwrap_or_default(),
            due: entry
                .due
                .as_deref()
                .map(str::trim)
                .filter(|d| crate::model::is_date(d))
                .unwrap_or_default()
                .to_owned(),
            tags,
            id: entry.id.clone(),
        });
    }

    for group in &groups {
        for &w in &group.workloads {
            let Some(workload) = plan.workloads.get(w) else {
                continue;
            };
            for (_, item) in crate::model::Phase::ALL
                .iter()
                .flat_map(|&phase| crate::checklist::phase_items(workload, phase))
            {
                if item.done {
                    continue;
                }
                let mut description = format!(
                    "Promotion checklist of {}: {}.",
                    workload.name.trim(),
                    item.phase.label()
                );
                if !item.note.trim().is_empty() {
                    description.push_str("\n\n");
                    description.push_str(item.note.trim());
                }
                let mut tags = vec!["Ferry".to_owned(), "Checklist".to_owned()];
                tags.extend(workload_tags(w));
                out.push(Task {
                    title: title(&format!("{}: {}", workload.name.trim(), item.text)),
                    description,
                    assigned_to: item.owner.as_deref().map(&who).unwrap_or_default(),
                    due: wave_date(w, true),
                    tags,
                    id: item.id.clone(),
                });
            }
        }
    }

    let mut issue_ids: HashMap<String, usize> = HashMap::new();
    for asset in &plan.assets {
        if crate::derive::out_of_scope(asset) {
            continue;
        }
        let workload = asset
            .workload
            .as_deref()
            .and_then(|w| workload_index.get(w).copied());
        for issue in asset.remediation.issues.iter().filter(|i| !i.resolved) {
            let mut tags = vec!["Ferry".to_owned(), "Remediation".to_owned()];
            let mut description = format!(
                "Compatibility issue of {} ({}) to resolve before it migrates; remediation: {}.",
                asset.name.trim(),
                asset.kind.label(),
                asset.remediation.status.label()
            );
            let owner = asset
                .owners
                .get(&ActivityKind::Remediation)
                .map(|id| who(id))
                .or_else(|| {
                    workload
                        .and_then(|w| plan.workloads.get(w))
                        .and_then(|w| responsible(plan, w))
                        .map(assignee)
                });
            let due = match workload {
                Some(w) => {
                    tags.extend(workload_tags(w));
                    if let Some(name) = plan.workloads.get(w).map(|w| w.name.trim()) {
                        description.push_str(&format!("\nWorkload: {name}"));
                    }
                    wave_date(w, false)
                }
                None => {
                    description.push_str("\nIn the inventory: in no workload yet.");
                    String::new()
                }
            };
            let base = format!("{}/issue-{:08x}", asset.id, text_hash(issue.text.trim()));
            let seen = issue_ids.entry(base.clone()).or_insert(0);
            *seen += 1;
            let id = if *seen == 1 {
                base
            } else {
                format!("{base}-{seen}")
            };
            out.push(Task {
                title: title(&format!("{}: {}", asset.name.trim(), issue.text)),
                description,
                assigned_to: owner.unwrap_or_default(),
                due,
                tags,
                id,
            });
        }
    }
    out
}

/// The first party, in the plan's order, Responsible for the workload's
/// remediation.
fn responsible<'a>(plan: &'a Plan, workload: &Workload) -> Option<&'a Party> {
    let activity = workload.activity(ActivityKind::Remediation)?;
    plan.parties
        .iter()
        .find(|p| activity.raci.get(&p.id) == Some(&Raci::Responsible))
}

/// The CSV: the header, then one row per task; every cell that starts
/// like a formula is defused, as in the other CSV.
pub fn csv(plan: &Plan) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let _ = writer.write_record(COLUMNS);
    for task in tasks(plan) {
        let tags = task.tags.join("; ");
        let row = [
            "Task",
            &task.title,
            &task.description,
            &task.assigned_to,
            &task.due,
            "To Do",
            &tags,
            &task.id,
        ];
        let _ = writer.write_record(row.iter().map(|c| safe_cell(c).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
#[path = "tasks_tests.rs"]
mod tests;
