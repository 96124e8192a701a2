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

/// What the rows of one plan look up: names by id, each workload's wave.
struct Lookup<'a> {
    plan: &'a Plan,
    parties: HashMap<&'a str, &'a Party>,
    workload_names: HashMap<&'a str, &'a str>,
    party_names: HashMap<&'a str, &'a str>,
    workload_index: HashMap<&'a str, usize>,
    /// Asset id → its name and the index of its workload; made only when
    /// a log entry is about something (most plans' entries are not).
    assets: HashMap<&'a str, (&'a str, Option<usize>)>,
    /// Per workload, its wave's index in `plan.waves`.
    wave_of: Vec<Option<usize>>,
}

impl<'a> Lookup<'a> {
    fn new(plan: &'a Plan, groups: &[crate::derive::waves::WaveGroup]) -> Self {
        let mut wave_of = vec![None; plan.workloads.len()];
        for group in groups {
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
        let mut assets = HashMap::new();
        if plan.log.iter().any(|l| l.about.is_some()) {
            for asset in &plan.assets {
                let workload = asset
                    .workload
                    .as_deref()
                    .and_then(|w| workload_index.get(w).copied());
                assets
                    .entry(asset.id.as_str())
                    .or_insert((asset.name.as_str(), workload));
            }
        }
        Lookup {
            plan,
            // The first of two items with one id wins, as in the plan's
            // own lookups.
            parties: plan
                .parties
                .iter()
                .rev()
                .map(|p| (p.id.as_str(), p))
                .collect(),
            workload_names: names_by_id(&plan.workloads, |w| &w.id, |w| &w.name),
            party_names: names_by_id(&plan.parties, |p| &p.id, |p| &p.name),
            workload_index,
            assets,
            wave_of,
        }
    }

    /// The assignee for a party id (the id itself when no party has it).
    fn who(&self, id: &str) -> String {
        self.parties
            .get(id)
            .map_or_else(|| id.to_owned(), |p| assignee(p))
    }

    fn wave(&self, workload: usize) -> Option<&'a crate::model::Wave> {
        self.wave_of
            .get(workload)
            .copied()
            .flatten()
            .and_then(|i| self.plan.waves.get(i))
    }

    /// The tags of work on a workload: its name and its wave's.
    fn workload_tags(&self, workload: usize) -> Vec<String> {
        let mut tags = Vec::new();
        if let Some(w) = self.plan.workloads.get(workload) {
            tags.push(tag(&w.name));
        }
        if let Some(wave) = self.wave(workload) {
            tags.push(tag(&wave.name));
        }
        tags
    }

    /// The workload's wave's end (or start, else end), when it is a date.
    fn wave_date(&self, workload: usize, end: bool) -> String {
        let date = self.wave(workload).and_then(|wave| {
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
    }

    /// Open actions and questions, in log order.
    fn log_tasks(&self, out: &mut Vec<Task>) {
        for entry in &self.plan.log {
            if entry.status != LogStatus::Open
                || !matches!(entry.kind, LogKind::Action | LogKind::Question)
            {
                continue;
            }
            let mut tags = vec!["Ferry".to_owned(), entry.kind.label().to_owned()];
            let mut description = entry.text.trim().to_owned();
            if let Some(about) = entry.about.as_deref() {
                // An entry about an asset is work on the asset's workload.
                let asset = self.assets.get(about);
                let workload = self
                    .workload_index
                    .get(about)
                    .copied()
                    .or_else(|| asset.and_then(|a| a.1));
                let name = self
                    .workload_names
                    .get(about)
                    .or_else(|| asset.map(|a| &a.0))
                    .or_else(|| self.party_names.get(about))
                    .copied()
                    .unwrap_or(about);
                description.push_str(&format!("\n\nAbout: {name}"));
                if let Some(w) = workload {
                    tags.extend(self.workload_tags(w));
                }
            }
            if !entry.date.trim().is_empty() {
                description.push_str(&format!("\nRaised: {}", entry.date.trim()));
            }
            out.push(Task {
                title: title(&entry.text),
                description,
                assigned_to: entry
                    .owner
                    .as_deref()
                    .map(|id| self.who(id))
                    .unwrap_or_default(),
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
    }

    /// Open checklist items, by wave, workload and phase.
    fn checklist_tasks(&self, groups: &[crate::derive::waves::WaveGroup], out: &mut Vec<Task>) {
        for &w in groups.iter().flat_map(|g| &g.workloads) {
            let Some(workload) = self.plan.workloads.get(w) else {
                continue;
            };
            let items = crate::model::Phase::ALL
                .iter()
                .flat_map(|&phase| crate::checklist::phase_items(workload, phase));
            for (_, item) in items.filter(|(_, item)| !item.done) {
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
                tags.extend(self.workload_tags(w));
                out.push(Task {
                    title: title(&format!("{}: {}", workload.name.trim(), item.text)),
                    description,
                    assigned_to: item
                        .owner
                        .as_deref()
                        .map(|id| self.who(id))
                        .unwrap_or_default(),
                    due: self.wave_date(w, true),
                    tags,
                    id: item.id.clone(),
                });
            }
        }
    }

    /// Unresolved compatibility issues of assets that are migrated, in
    /// asset order.
    fn issue_tasks(&self, out: &mut Vec<Task>) {
        let mut issue_ids: HashMap<String, usize> = HashMap::new();
        for asset in &self.plan.assets {
            if crate::derive::out_of_scope(asset) {
                continue;
            }
            let workload = asset
                .workload
                .as_deref()
                .and_then(|w| self.workload_index.get(w).copied());
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
                    .map(|id| self.who(id))
                    .or_else(|| {
                        workload
                            .and_then(|w| self.plan.workloads.get(w))
                            .and_then(|w| responsible(self.plan, w))
                            .map(assignee)
                    });
                let due = match workload {
                    Some(w) => {
                        tags.extend(self.workload_tags(w));
                        if let Some(name) = self.plan.workloads.get(w).map(|w| w.name.trim()) {
                            description.push_str(&format!("\nWorkload: {name}"));
                        }
                        self.wave_date(w, false)
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
    }
}

/// The open work of the plan, in the order of the CSV: log entries in
/// log order, checklist items by wave and workload, then compatibility
/// issues in asset order.
pub fn tasks(plan: &Plan) -> Vec<Task> {
    let groups = crate::derive::waves::groups(plan);
    let lookup = Lookup::new(plan, &groups);
    let mut out = Vec::new();
    lookup.log_tasks(&mut out);
    lookup.checklist_tasks(&groups, &mut out);
    lookup.issue_tasks(&mut out);
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
        let _ = writer.write_record(row.iter().map(|c| match safe_cell(c) {
            std::borrow::Cow::Borrowed(c) => std::borrow::Cow::Borrowed(c.as_bytes()),
            std::borrow::Cow::Owned(c) => std::borrow::Cow::Owned(c.into_bytes()),
        }));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
#[path = "tasks_tests.rs"]
mod tests;
