//! The report model: what a Markdown or HTML report says, built once from
//! the plan and its derived state. The writers only lay it out, so the two
//! formats cannot drift apart.
//!
//! Text here is plain (unescaped); each writer escapes for its format.

use std::collections::HashMap;

use super::svg::BarFacts;
use super::timeline::{Timeline, layout, parse_date};
use crate::derive::waves::groups;
use crate::derive::{Derived, Severity, Stage};
use crate::estimate::{Estimate, duration_text, estimate, problems_by_group};
use crate::history::{History, Point};
use crate::model::{ActivityKind, LogStatus, Phase, Plan, Raci, ReplicationStatus, Workload};
use crate::words;

/// Shown for a value that does not apply or is not set.
pub const NONE: &str = "—";

/// Column headers of the per-wave summary table.
pub const WAVE_HEADERS: [&str; 9] = [
    "Wave",
    "Dates",
    "Workloads",
    "Assets",
    "Staged",
    "Done",
    "Blockers",
    "Checklist",
    "Replication",
];

/// Column headers of the per-workload summary table.
pub const WORKLOAD_HEADERS: [&str; 12] = [
    "Workload",
    "Wave",
    "Assets",
    "Staged",
    "Done",
    "Blockers",
    "Checklist",
    "Promotion",
    "Replication",
    "Accountable: remediation",
    "Accountable: replication",
    "Accountable: staging",
];

/// A whole report: summary first, then one section per workload, then the
/// open log entries.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    pub date: String,
    /// One sentence of plan-wide counts.
    pub totals: String,
    /// Which bandwidth the estimates assume, or why they are unknown.
    pub replication_note: String,
    /// Per wave, in wave order; empty when the plan defines no waves.
    pub waves: Vec<WaveRow>,
    /// Per workload, in wave order (workloads in no wave last).
    pub summary: Vec<SummaryRow>,
    /// Per wave, in wave order, with its problems; empty when the plan
    /// defines no waves.
    pub wave_sections: Vec<WaveSection>,
    /// The details, in plan order.
    pub sections: Vec<Section>,
    pub open_log: Vec<LogRow>,
    /// The decisions made (done), oldest first: the workshop's record.
    pub decisions: Vec<LogRow>,
    /// The waves on a calendar, when any has dates.
    pub timeline: Option<TimelineSection>,
    /// Progress over time, when the report was asked for it.
    pub progress: Option<ProgressSection>,
}

/// The wave timeline: its layout, and what each bar and due date says.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineSection {
    pub layout: Timeline,
    /// One per bar of the layout, in its order.
    pub bars: Vec<BarFacts>,
    /// One per due date of the layout, in its order.
    pub due: Vec<String>,
    /// Per bar, the names of the waves it shares days with.
    pub alongside: Vec<Vec<String>>,
}

/// The plan's progress over time.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressSection {
    pub points: Vec<Point>,
    /// Versions that could not be read.
    pub skipped: usize,
    /// Commits read, when git was asked.
    pub commits: Option<usize>,
}

impl ProgressSection {
    /// Where the points come from, in a sentence.
    pub fn note(&self) -> String {
        let versions = self
            .points
            .iter()
            .filter(|p| p.source == crate::history::Source::Version)
            .count();
        let mut note = format!(
            "{}: {versions} from kept versions and the file as it is",
            words::count(self.points.len(), "point")
        );
        if let Some(commits) = self.commits {
            note.push_str(&format!(
                ", {} from {}",
                self.points.len() - versions,
                words::count(commits, "git commit")
            ));
        }
        note.push('.');
        if self.skipped > 0 {
            note.push_str(&format!(
                " {} could not be read and {} left out.",
                words::count(self.skipped, "version"),
                words::noun(self.skipped, "is")
            ));
        }
        note
    }
}

/// Assets staged with replication verified, out of the in-scope ones: the
/// definition of done's measure, so "100%" means what "done" means.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StagedShare {
    pub staged: usize,
    pub in_scope: usize,
}

impl StagedShare {
    pub fn text(self) -> String {
        if self.in_scope == 0 {
            return NONE.to_owned();
        }
        format!(
            "{}% ({}/{})",
            self.staged * 100 / self.in_scope,
            self.staged,
            self.in_scope
        )
    }
}

/// One workload's line in the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub workload: String,
    /// The wave's name; empty for no wave.
    pub wave: String,
    pub assets: usize,
    pub staged: StagedShare,
    pub done: bool,
    pub blockers: usize,
    /// Promotion checklist items done and in all.
    pub checklist: (usize, usize),
    /// Promotion readiness, short: "ready ✔", "2 blockers".
    pub promotion: String,
    pub replication: String,
    /// Accountable party names per activity of the migration, in
    /// `ActivityKind::MIGRATION` order.
    pub accountable: [String; 3],
}

impl SummaryRow {
    /// The cells under [`WORKLOAD_HEADERS`].
    pub fn cells(&self) -> [String; 12] {
        let [remediation, replication, staging] = self.accountable.clone();
        [
            self.workload.clone(),
            or_none(&self.wave),
            self.assets.to_string(),
            self.staged.text(),
            yes_no(self.done),
            self.blockers.to_string(),
            checklist_text(self.checklist),
            self.promotion.clone(),
            self.replication.clone(),
            remediation,
            replication,
            staging,
        ]
    }
}

/// One wave's line in the summary: its workloads' numbers added up.
#[derive(Clone, Debug, PartialEq)]
pub struct WaveRow {
    /// The wave's name; empty for the workloads in no wave.
    pub name: String,
    pub dates: String,
    pub workloads: usize,
    pub done: usize,
    pub assets: usize,
    pub staged: StagedShare,
    pub blockers: usize,
    pub checklist: (usize, usize),
    pub replication: String,
}

impl WaveRow {
    /// The cells under [`WAVE_HEADERS`].
    pub fn cells(&self) -> [String; 9] {
        [
            if self.name.is_empty() {
                "No wave".to_owned()
            } else {
                self.name.clone()
            },
            self.dates.clone(),
            self.workloads.to_string(),
            self.assets.to_string(),
            self.staged.text(),
            format!("{} of {}", self.done, self.workloads),
            self.blockers.to_string(),
            checklist_text(self.checklist),
            self.replication.clone(),
        ]
    }
}

/// The details of one workload.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub name: String,
    /// Criticality, promotion model, remediation timing and target.
    pub facts: String,
    pub done: bool,
    pub verdict: String,
    /// What keeps the workload from done, grouped by rule and counted
    /// ("70 assets Unassessed: app-01, app-02, app-03, … and 67 more").
    pub blockers: Vec<String>,
    /// The definition of done and promotion readiness in one line
    /// ([`crate::derive::WorkloadStatus::readiness`]).
    pub readiness: String,
    /// What keeps the workload from promotion, besides the open checklist
    /// items (listed under the checklist).
    pub promotion_blockers: Vec<String>,
    /// Who confirmed they know how remediation is done, and who has not
    /// (`None` while the remediation timing is undecided).
    pub team_check: Option<String>,
    /// Parties with a letter in any activity, in plan order.
    pub parties: Vec<String>,
    /// Per activity: its label and one letter (or "") per party.
    pub raci: Vec<(&'static str, Vec<&'static str>)>,
    pub assets: usize,
    /// Asset names grouped by stage, in stage order, empty stages left out.
    pub stages: Vec<(Stage, Vec<String>)>,
    /// The promotion checklist by phase, in phase order, phases without
    /// items left out.
    pub checklist: Vec<PhaseDetails>,
}

impl Section {
    /// Checklist items done and in all.
    pub fn checklist_progress(&self) -> (usize, usize) {
        self.checklist
            .iter()
            .fold((0, 0), |(d, t), p| (d + p.done, t + p.total))
    }
}

/// One phase of a workload's promotion checklist.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseDetails {
    pub phase: Phase,
    pub done: usize,
    pub total: usize,
    pub items: Vec<ChecklistLine>,
}

impl PhaseDetails {
    /// "Business testing: 2/7".
    pub fn title(&self) -> String {
        format!("{}: {}/{}", self.phase.label(), self.done, self.total)
    }
}

/// One checklist item.
#[derive(Clone, Debug, PartialEq)]
pub struct ChecklistLine {
    pub text: String,
    pub done: bool,
    /// Who owns an open item ("" when no one does yet); empty for a done
    /// item, which needs no one any more.
    pub owner: String,
}

impl ChecklistLine {
    /// What follows the text of an open item: its owner, or that it has
    /// none yet.
    pub fn owner_text(&self) -> Option<String> {
        if self.done {
            None
        } else if self.owner.is_empty() {
            Some("no owner yet".to_owned())
        } else {
            Some(format!("owner: {}", self.owner))
        }
    }
}

/// One wave's part of the details: when, which workloads, and the wave
/// problems of the plan that belong to it.
#[derive(Clone, Debug, PartialEq)]
pub struct WaveSection {
    /// The wave's name; empty for the workloads in no wave.
    pub name: String,
    pub dates: String,
    pub notes: String,
    pub workloads: Vec<String>,
    pub problems: Vec<ProblemLine>,
}

impl WaveSection {
    pub fn title(&self) -> &str {
        if self.name.is_empty() {
            "No wave"
        } else {
            &self.name
        }
    }

    /// Dates and workloads in one line.
    pub fn facts(&self) -> String {
        let workloads = if self.workloads.is_empty() {
            "no workloads".to_owned()
        } else {
            format!("workloads: {}", self.workloads.join(", "))
        };
        format!("Dates: {} · {workloads}", self.dates)
    }
}

/// A problem as a report lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProblemLine {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

impl ProblemLine {
    /// "Warning", "Error" or "Note".
    pub fn severity_label(&self) -> &'static str {
        match self.severity {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
            Severity::Info => "Note",
        }
    }
}

/// An open log entry.
#[derive(Clone, Debug, PartialEq)]
pub struct LogRow {
    pub date: String,
    pub kind: &'static str,
    pub text: String,
    pub owner: String,
    /// `YYYY-MM-DD`, or [`NONE`].
    pub due: String,
}

fn or_none(text: &str) -> String {
    if text.is_empty() {
        NONE.to_owned()
    } else {
        text.to_owned()
    }
}

fn yes_no(done: bool) -> String {
    if done { "yes" } else { "no" }.to_owned()
}

fn checklist_text((done, total): (usize, usize)) -> String {
    if total == 0 {
        NONE.to_owned()
    } else {
        format!("{done}/{total}")
    }
}

/// The estimate in words: "unknown" without bandwidth or storage, and how
/// many assets of unknown size it leaves out.
fn replication_text(estimate: &Estimate, bandwidth_mbps: Option<u32>) -> String {
    match estimate.hours(bandwidth_mbps) {
        None => "unknown".to_owned(),
        Some(hours) if estimate.unknown.is_empty() => duration_text(hours),
        Some(hours) => format!(
            "{} + {} unknown",
            duration_text(hours),
            estimate.unknown.len()
        ),
    }
}

fn dates(start: Option<&str>, end: Option<&str>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{s} – {e}"),
        (Some(s), None) => format!("from {s}"),
        (None, Some(e)) => format!("until {e}"),
        (None, None) => NONE.to_owned(),
    }
}

/// Id → name of the items of one list; the first item wins when an id is
/// carried twice, as in the plan's own lookups.
pub(super) fn names_by_id<'a, T>(
    items: &'a [T],
    id: impl Fn(&'a T) -> &'a str,
    name: impl Fn(&'a T) -> &'a str,
) -> HashMap<&'a str, &'a str> {
    let mut names = HashMap::with_capacity(items.len());
    for item in items {
        names.entry(id(item)).or_insert_with(|| name(item));
    }
    names
}

/// The name for an id, or the id itself when nothing has it (a dangling
/// reference, which the problems list reports).
pub(super) fn name_of<'a>(names: &HashMap<&str, &'a str>, id: &'a str) -> &'a str {
    names.get(id).copied().unwrap_or(id)
}

/// Workload id → the indices of its assets, in plan order.
fn assets_by_workload(plan: &Plan) -> HashMap<&str, Vec<usize>> {
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, asset) in plan.assets.iter().enumerate() {
        if let Some(w) = asset.workload.as_deref() {
            members.entry(w).or_default().push(i);
        }
    }
    members
}

/// The workload's checklist by phase, with the owner of each open item.
fn checklist(workload: &Workload, parties_by_id: &HashMap<&str, &str>) -> Vec<PhaseDetails> {
    crate::checklist::progress_by_phase(workload)
        .into_iter()
        .filter(|(_, _, total)| *total > 0)
        .map(|(phase, done, total)| PhaseDetails {
            phase,
            done,
            total,
            items: crate::checklist::phase_items(workload, phase)
                .into_iter()
                .map(|(_, item)| ChecklistLine {
                    text: item.text.clone(),
                    done: item.done,
                    owner: match (&item.owner, item.done) {
                        (Some(id), false) => name_of(parties_by_id, id).to_owned(),
                        _ => String::new(),
                    },
                })
                .collect(),
        })
        .collect()
}

fn verdict(done: bool, blockers: usize) -> String {
    if done {
        "met: staged and ready for testing".to_owned()
    } else {
        format!("not met ({})", crate::words::count(blockers, "blocker"))
    }
}

/// Promotion readiness in a summary cell.
fn promotion_cell(promotion: &crate::derive::Promotion) -> String {
    if promotion.ready {
        return "ready ✔".to_owned();
    }
    if !promotion.decided {
        return "model undecided".to_owned();
    }
    match promotion.rule_blockers().count() {
        0 => NONE.to_owned(),
        n => crate::words::count(n, "blocker"),
    }
}

fn facts(workload: &Workload) -> String {
    let mut facts = format!(
        "{} · promotion model {} · remediation {}",
        workload.criticality.label(),
        workload.promotion_model.label(),
        workload.remediation_timing.label(),
    );
    if !workload.target.is_empty() {
        facts.push_str(" · target ");
        facts.push_str(&workload.target);
    }
    facts
}

impl Report {
    /// Adds the plan's progress over time.
    pub fn with_history(mut self, history: Option<&History>) -> Report {
        self.progress = history.map(|h| ProgressSection {
            points: h.points.clone(),
            skipped: h.skipped.len(),
            commits: h.commits,
        });
        self
    }

    /// Builds the model in time linear in the plan's size: names and each
    /// workload's assets are looked up in maps made once.
    pub fn build(plan: &Plan, derived: &Derived, date: &str) -> Report {
        let parties_by_id = names_by_id(&plan.parties, |p| &p.id, |p| &p.name);
        let members = assets_by_workload(plan);
        let bandwidth = plan.bandwidth_mbps;
        let groups = groups(plan);
        let mut wave_of = vec![""; plan.workloads.len()];
        for group in &groups {
            for &w in &group.workloads {
                if let Some(slot) = wave_of.get_mut(w) {
                    *slot = &group.name;
                }
            }
        }

        let mut rows: Vec<Option<SummaryRow>> = Vec::with_capacity(plan.workloads.len());
        let mut sections = Vec::with_capacity(plan.workloads.len());
        for ((i, workload), status) in plan.workloads.iter().enumerate().zip(&derived.workloads) {
            let own = members
                .get(workload.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            let mut staged = StagedShare::default();
            let mut by_stage: Vec<Vec<String>> = vec![Vec::new(); Stage::ALL.len()];
            for &a in own {
                let (Some(asset), Some(&stage)) = (plan.assets.get(a), derived.stages.get(a))
                else {
                    continue;
                };
                if stage != Stage::OutOfScope {
                    staged.in_scope += 1;
                }
                if stage == Stage::Staged && asset.replication.status == ReplicationStatus::Verified
                {
                    staged.staged += 1;
                }
                if let Some(group) = by_stage.get_mut(stage.index()) {
                    group.push(asset.name.clone());
                }
            }
            let accountable = ActivityKind::MIGRATION.map(|kind| {
                let names: Vec<&str> = workload
                    .activity(kind)
                    .into_iter()
                    .flat_map(|a| &a.raci)
                    .filter(|(_, r)| **r == Raci::Accountable)
                    .map(|(id, _)| name_of(&parties_by_id, id))
                    .collect();
                if names.is_empty() {
                    NONE.to_owned()
                } else {
                    names.join(", ")
                }
            });
            rows.push(Some(SummaryRow {
                workload: workload.name.clone(),
                wave: wave_of.get(i).copied().unwrap_or_default().to_owned(),
                assets: status.assets,
                staged,
                done: status.done,
                blockers: status.blockers.len(),
                checklist: crate::checklist::progress(workload),
                promotion: promotion_cell(&status.promotion),
                replication: replication_text(&estimate(plan, own.iter().copied()), bandwidth),
                accountable,
            }));

            let parties: Vec<&crate::model::Party> = plan
                .parties
                .iter()
                .filter(|p| {
                    workload
                        .activities
                        .iter()
                        .any(|a| a.raci.contains_key(&p.id))
                })
                .collect();
            let raci = workload
                .activity_kinds()
                .into_iter()
                .map(|kind| {
                    let activity = workload.activity(kind);
                    let letters = parties
                        .iter()
                        .map(|p| {
                            activity
                                .and_then(|a| a.raci.get(&p.id))
                                .map_or("", |r| Raci::letter(*r))
                        })
                        .collect();
                    (kind.label(), letters)
                })
                .collect();
            sections.push(Section {
                name: workload.name.clone(),
                facts: facts(workload),
                done: status.done,
                verdict: verdict(status.done, status.blockers.len()),
                blockers: super::summary::blockers(plan, derived, &status.blockers),
                readiness: status.readiness(),
                promotion_blockers: super::summary::blockers(
                    plan,
                    derived,
                    status.promotion.rule_blockers(),
                ),
                team_check: super::summary::team_check(plan, workload),
                parties: parties.iter().map(|p| p.name.clone()).collect(),
                raci,
                assets: status.assets,
                stages: Stage::ALL
                    .iter()
                    .filter_map(|&stage| {
                        let names = std::mem::take(by_stage.get_mut(stage.index())?);
                        (!names.is_empty()).then_some((stage, names))
                    })
                    .collect(),
                checklist: checklist(workload, &parties_by_id),
            });
        }

        // Wave numbers are the sums of their workloads' rows; the estimate
        // is recomputed over all their assets (hours do not add up once
        // some sizes are unknown).
        let mut waves = Vec::new();
        let mut wave_sections = Vec::new();
        let mut summary = Vec::with_capacity(rows.len());
        let wave_problems = problems_by_group(plan, derived, &groups);
        for (group, problems) in groups.iter().zip(wave_problems) {
            let wave_of_plan = group.wave.and_then(|w| plan.waves.get(w));
            wave_sections.push(WaveSection {
                name: group.name.clone(),
                dates: wave_of_plan.map_or_else(
                    || NONE.to_owned(),
                    |w| dates(w.start.as_deref(), w.end.as_deref()),
                ),
                notes: wave_of_plan.map(|w| w.notes.clone()).unwrap_or_default(),
                workloads: group
                    .workloads
                    .iter()
                    .filter_map(|&w| plan.workloads.get(w))
                    .map(|w| w.name.clone())
                    .collect(),
                problems: problems
                    .into_iter()
                    .map(|p| ProblemLine {
                        severity: p.severity,
                        code: p.code,
                        message: p.message.clone(),
                    })
                    .collect(),
            });
            let mut wave = WaveRow {
                name: group.name.clone(),
                dates: NONE.to_owned(),
                workloads: 0,
                done: 0,
                assets: 0,
                staged: StagedShare::default(),
                blockers: 0,
                checklist: (0, 0),
                replication: String::new(),
            };
            if let Some(w) = group.wave.and_then(|w| plan.waves.get(w)) {
                wave.dates = dates(w.start.as_deref(), w.end.as_deref());
            }
            let mut own = Vec::new();
            for &w in &group.workloads {
                let Some(row) = rows.get_mut(w).and_then(Option::take) else {
                    continue;
                };
                wave.workloads += 1;
                wave.done += usize::from(row.done);
                wave.assets += row.assets;
                wave.staged.staged += row.staged.staged;
                wave.staged.in_scope += row.staged.in_scope;
                wave.blockers += row.blockers;
                wave.checklist.0 += row.checklist.0;
                wave.checklist.1 += row.checklist.1;
                if let Some(ids) = plan
                    .workloads
                    .get(w)
                    .and_then(|wl| members.get(wl.id.as_str()))
                {
                    own.extend_from_slice(ids);
                }
                summary.push(row);
            }
            wave.replication = replication_text(&estimate(plan, own), bandwidth);
            waves.push(wave);
        }
        if plan.waves.is_empty() {
            waves.clear();
            wave_sections.clear();
        }

        let row = |l: &crate::model::LogEntry| LogRow {
            date: l.date.clone(),
            kind: l.kind.label(),
            text: l.text.clone(),
            owner: l
                .owner
                .as_deref()
                .map_or("", |id| name_of(&parties_by_id, id))
                .to_owned(),
            due: l.due.as_deref().map_or_else(|| NONE.to_owned(), or_none),
        };
        let open_log = plan
            .log
            .iter()
            .filter(|l| l.status == LogStatus::Open)
            .map(row)
            .collect();
        let mut decisions: Vec<LogRow> = plan
            .log
            .iter()
            .filter(|l| l.status == LogStatus::Done && l.kind == crate::model::LogKind::Decision)
            .map(row)
            .collect();
        // Oldest first; entries of one day keep the log's order.
        decisions.sort_by(|a, b| a.date.cmp(&b.date));

        let timeline = parse_date(date).and_then(|today| timeline(plan, today, &waves));
        let done = derived.workloads.iter().filter(|w| w.done).count();
        Report {
            title: plan.name.clone(),
            date: date.to_owned(),
            totals: format!(
                "{}, {done} done; {}, {} staged; {} in the inventory.",
                crate::words::count(derived.workloads.len(), "workload"),
                crate::words::grouped(plan.assets.len(), "asset"),
                derived.plan_stages[Stage::Staged.index()],
                derived.unassigned_assets
            ),
            replication_note: match bandwidth {
                Some(mbps) if mbps > 0 => format!(
                    "Replication estimates assume {mbps} Mbit/s; \"+ N unknown\" counts assets of unknown size left out."
                ),
                _ => "Replication estimates are unknown: the plan sets no bandwidth.".to_owned(),
            },
            waves,
            summary,
            wave_sections,
            sections,
            open_log,
            decisions,
            timeline,
            progress: None,
        }
    }
}

/// The timeline section, when a wave has dates; `waves` are the report's
/// wave rows, one per wave of the plan first.
fn timeline(plan: &Plan, today: chrono::NaiveDate, waves: &[WaveRow]) -> Option<TimelineSection> {
    let layout = layout(plan, today, &super::svg::measure());
    if layout.bars.is_empty() {
        return None;
    }
    let parties_by_id = names_by_id(&plan.parties, |p| &p.id, |p| &p.name);
    let bars = layout
        .bars
        .iter()
        .map(|bar| {
            let Some(row) = waves.get(bar.wave) else {
                return BarFacts {
                    title: format!("{}: {}", bar.name, bar.dates_text()),
                    progress: 0.0,
                };
            };
            let staged = row.staged;
            BarFacts {
                title: format!(
                    "{}: {} · {}, {} done · staged {}",
                    bar.name,
                    bar.dates_text(),
                    words::count(row.workloads, "workload"),
                    row.done,
                    staged.text()
                ),
                progress: if staged.in_scope == 0 {
                    0.0
                } else {
                    staged.staged as f32 / staged.in_scope as f32
                },
            }
        })
        .collect();
    let due = layout
        .due
        .iter()
        .map(|d| {
            let Some(entry) = plan.log.get(d.log) else {
                return format!("Due {}", d.date);
            };
            let text: String = entry
                .text
                .split(super::is_line_break)
                .collect::<Vec<_>>()
                .join(" ");
            let owner = entry
                .owner
                .as_deref()
                .map(|id| format!(" — {}", name_of(&parties_by_id, id)))
                .unwrap_or_default();
            format!("Due {} · {}: {text}{owner}", d.date, entry.kind.label())
        })
        .collect();
    let alongside = layout
        .bars
        .iter()
        .map(|bar| {
            layout
                .bars
                .iter()
                .filter(|o| o.wave != bar.wave && o.start <= bar.end && bar.start <= o.end)
                .map(|o| o.name.clone())
                .collect()
        })
        .collect();
    Some(TimelineSection {
        layout,
        bars,
        due,
        alongside,
    })
}
