//! Reports out: Markdown and HTML for people, CSV for spreadsheets. Pure
//! functions of the plan and its derived state.
//!
//! Names by id and each workload's assets are looked up in maps made once
//! per report, so a report takes time linear in the plan's size.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::derive::{Derived, Stage, WorkloadStatus};
use crate::model::{ActivityKind, Asset, LogStatus, Plan, Raci, Workload};

/// The report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
    Csv,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 3] = [
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Csv,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "Markdown",
            ReportFormat::Html => "HTML",
            ReportFormat::Csv => "CSV (one row per asset)",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "md",
            ReportFormat::Html => "html",
            ReportFormat::Csv => "csv",
        }
    }
}

/// The report text in a format; `date` is printed under the title.
pub fn report(plan: &Plan, derived: &Derived, format: ReportFormat, date: &str) -> String {
    match format {
        ReportFormat::Markdown => markdown(plan, derived, date),
        ReportFormat::Html => html(plan, derived, date),
        ReportFormat::Csv => csv(plan, derived),
    }
}

/// Parties that have a letter in any activity of the workload, in plan order.
fn raci_parties<'a>(plan: &'a Plan, workload: &Workload) -> Vec<&'a crate::model::Party> {
    plan.parties
        .iter()
        .filter(|p| {
            workload
                .activities
                .iter()
                .any(|a| a.raci.contains_key(&p.id))
        })
        .collect()
}

fn letter(workload: &Workload, kind: ActivityKind, party: &str) -> &'static str {
    workload
        .activity(kind)
        .and_then(|a| a.raci.get(party))
        .map_or("", |r| Raci::letter(*r))
}

/// Id → name of the items of one list; the first item wins when an id is
/// carried twice, as in the plan's own lookups.
fn names_by_id<'a, T>(
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
fn name_of<'a>(names: &HashMap<&str, &'a str>, id: &'a str) -> &'a str {
    names.get(id).copied().unwrap_or(id)
}

fn party_names(plan: &Plan) -> HashMap<&str, &str> {
    names_by_id(&plan.parties, |p| &p.id, |p| &p.name)
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

/// Assets of a workload (`members`, indices into the plan's assets) grouped
/// by stage, Staged last.
fn by_stage<'a>(
    plan: &'a Plan,
    derived: &Derived,
    members: Option<&Vec<usize>>,
) -> Vec<(Stage, Vec<&'a Asset>)> {
    let mut groups: Vec<Vec<&Asset>> = vec![Vec::new(); Stage::ALL.len()];
    for &i in members.into_iter().flatten() {
        if let (Some(asset), Some(stage)) = (plan.assets.get(i), derived.stages.get(i))
            && let Some(group) = groups.get_mut(stage.index())
        {
            group.push(asset);
        }
    }
    Stage::ALL
        .iter()
        .filter_map(|stage| {
            let assets = std::mem::take(groups.get_mut(stage.index())?);
            (!assets.is_empty()).then_some((*stage, assets))
        })
        .collect()
}

fn verdict(status: &WorkloadStatus) -> String {
    if status.done {
        "met: staged and ready for testing".to_owned()
    } else {
        format!("not met ({} blockers)", status.blockers.len())
    }
}

/// Whether a character ends a line somewhere: in Markdown (`\r`, `\n`),
/// or in editors and viewers (vertical tab, form feed, next line, line and
/// paragraph separators).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Text safe inside a Markdown line or table cell: markup characters are
/// escaped and each line break (a `\r\n` pair too) becomes one space.
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_line_break(c) {
            if c == '\r' {
                chars.next_if_eq(&'\n');
            }
            out.push(' ');
            continue;
        }
        if matches!(
            c,
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn markdown(plan: &Plan, derived: &Derived, date: &str) -> String {
    let parties_by_id = party_names(plan);
    let members = assets_by_workload(plan);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n\nMigration plan report, {date}.\n",
        md_escape(&plan.name)
    );
    let done = derived.workloads.iter().filter(|w| w.done).count();
    let _ = writeln!(
        out,
        "{} workloads, {done} done; {} assets, {} staged; {} in the inventory.\n",
        derived.workloads.len(),
        plan.assets.len(),
        derived.plan_stages[Stage::Staged.index()],
        derived.unassigned_assets
    );
    for (workload, status) in plan.workloads.iter().zip(&derived.workloads) {
        let _ = writeln!(out, "## {}\n", md_escape(&workload.name));
        let _ = writeln!(
            out,
            "{} · promotion model {} · remediation {}{}\n",
            workload.criticality.label(),
            workload.promotion_model.label(),
            workload.remediation_timing.label(),
            if workload.target.is_empty() {
                String::new()
            } else {
                format!(" · target {}", md_escape(&workload.target))
            }
        );
        let _ = writeln!(out, "**Definition of done:** {}\n", verdict(status));
        for b in &status.blockers {
            let _ = writeln!(out, "- {}", md_escape(&b.message));
        }
        if !status.blockers.is_empty() {
            out.push('\n');
        }
        let parties = raci_parties(plan, workload);
        let _ = writeln!(out, "### Who does what\n");
        if parties.is_empty() {
            let _ = writeln!(out, "No one is assigned yet.\n");
        } else {
            let _ = write!(out, "| Activity |");
            for p in &parties {
                let _ = write!(out, " {} |", md_escape(&p.name));
            }
            let _ = write!(out, "\n|---|");
            for _ in &parties {
                out.push_str("---|");
            }
            out.push('\n');
            for kind in ActivityKind::ALL {
                let _ = write!(out, "| {} |", kind.label());
                for p in &parties {
                    let _ = write!(out, " {} |", letter(workload, kind, &p.id));
                }
                out.push('\n');
            }
            out.push('\n');
        }
        let _ = writeln!(out, "### Assets ({})\n", status.assets);
        for (stage, assets) in by_stage(plan, derived, members.get(workload.id.as_str())) {
            let names: Vec<String> = assets.iter().map(|a| md_escape(&a.name)).collect();
            let _ = writeln!(
                out,
                "- **{}** ({}): {}",
                stage.label(),
                assets.len(),
                names.join(", ")
            );
        }
        out.push('\n');
    }
    let open: Vec<_> = plan
        .log
        .iter()
        .filter(|l| l.status == LogStatus::Open)
        .collect();
    let _ = writeln!(out, "## Open log entries\n");
    if open.is_empty() {
        let _ = writeln!(out, "None.");
    } else {
        let _ = writeln!(out, "| Date | Kind | Entry | Owner |\n|---|---|---|---|");
        for l in open {
            let owner = l
                .owner
                .as_deref()
                .map_or("", |id| name_of(&parties_by_id, id));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md_escape(&l.date),
                l.kind.label(),
                md_escape(&l.text),
                md_escape(owner)
            );
        }
    }
    out
}

fn h(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:60rem;color:#1b1b1b;line-height:1.4}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2rem;break-after:avoid}
.muted{color:#666}.done{color:#2e7d32;font-weight:600}.notdone{color:#b26a00;font-weight:600}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}
td.l{text-align:center;font-weight:600}.chip{display:inline-block;color:#fff;border-radius:.3rem;padding:0 .4rem;margin-right:.3rem;-webkit-print-color-adjust:exact;print-color-adjust:exact}
section{break-inside:avoid-page}@media print{body{margin:0;max-width:none}a{color:inherit}}";

fn html(plan: &Plan, derived: &Derived, date: &str) -> String {
    let parties_by_id = party_names(plan);
    let members = assets_by_workload(plan);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        h(&plan.name)
    );
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p class=\"muted\">Migration plan report, {}</p>",
        h(&plan.name),
        h(date)
    );
    let done = derived.workloads.iter().filter(|w| w.done).count();
    let _ = writeln!(
        out,
        "<p>{} workloads, {done} done; {} assets, {} staged; {} in the inventory.</p>",
        derived.workloads.len(),
        plan.assets.len(),
        derived.plan_stages[Stage::Staged.index()],
        derived.unassigned_assets
    );
    for (workload, status) in plan.workloads.iter().zip(&derived.workloads) {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", h(&workload.name));
        let _ = writeln!(
            out,
            "<p class=\"muted\">{} · promotion model {} · remediation {}{}</p>",
            workload.criticality.label(),
            workload.promotion_model.label(),
            workload.remediation_timing.label(),
            if workload.target.is_empty() {
                String::new()
            } else {
                format!(" · target {}", h(&workload.target))
            }
        );
        let class = if status.done { "done" } else { "notdone" };
        let _ = writeln!(
            out,
            "<p>Definition of done: <span class=\"{class}\">{}</span></p>",
            verdict(status)
        );
        if !status.blockers.is_empty() {
            out.push_str("<ul>\n");
            for b in &status.blockers {
                let _ = writeln!(out, "<li>{}</li>", h(&b.message));
            }
            out.push_str("</ul>\n");
        }
        let parties = raci_parties(plan, workload);
        out.push_str("<h3>Who does what</h3>\n");
        if parties.is_empty() {
            out.push_str("<p>No one is assigned yet.</p>\n");
        } else {
            out.push_str("<table>\n<tr><th>Activity</th>");
            for p in &parties {
                let _ = write!(out, "<th>{}</th>", h(&p.name));
            }
            out.push_str("</tr>\n");
            for kind in ActivityKind::ALL {
                let _ = write!(out, "<tr><td>{}</td>", kind.label());
                for p in &parties {
                    let _ = write!(
                        out,
                        "<td class=\"l\">{}</td>",
                        letter(workload, kind, &p.id)
                    );
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</table>\n");
        }
        let _ = writeln!(out, "<h3>Assets ({})</h3>\n<ul>", status.assets);
        for (stage, assets) in by_stage(plan, derived, members.get(workload.id.as_str())) {
            let c = crate::derive::stage_rgb(stage);
            let names: Vec<String> = assets.iter().map(|a| h(&a.name)).collect();
            let _ = writeln!(
                out,
                "<li><span class=\"chip\" style=\"background:#{:02x}{:02x}{:02x}\">{}</span> {}: {}</li>",
                c.0,
                c.1,
                c.2,
                stage.label(),
                assets.len(),
                names.join(", ")
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("<h2>Open log entries</h2>\n");
    let open: Vec<_> = plan
        .log
        .iter()
        .filter(|l| l.status == LogStatus::Open)
        .collect();
    if open.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str("<table>\n<tr><th>Date</th><th>Kind</th><th>Entry</th><th>Owner</th></tr>\n");
        for l in open {
            let owner = l
                .owner
                .as_deref()
                .map_or("", |id| name_of(&parties_by_id, id));
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                h(&l.date),
                l.kind.label(),
                h(&l.text),
                h(owner)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Makes a cell safe for spreadsheets: text that starts like a formula is
/// prefixed with `'` so it is shown, never run.
pub fn spreadsheet_safe(cell: &str) -> String {
    safe_cell(cell).into_owned()
}

/// [`spreadsheet_safe`], copying only the cells it changes.
fn safe_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// One row per asset with every field and its derived stage. UTF-8 with a
/// byte-order mark and every field quoted, so Excel opens it correctly.
fn csv(plan: &Plan, derived: &Derived) -> String {
    let parties_by_id = party_names(plan);
    let workloads_by_id = names_by_id(&plan.workloads, |w| &w.id, |w| &w.name);
    let assets_by_id = names_by_id(&plan.assets, |a| &a.id, |a| &a.name);
    // A set of the few distinct names, not a sorted list of every one.
    let facts: BTreeSet<&String> = plan.assets.iter().flat_map(|a| a.source.keys()).collect();
    let mut writer = ::csv::WriterBuilder::new()
        .quote_style(::csv::QuoteStyle::Always)
        .from_writer("\u{feff}".as_bytes().to_vec());
    let mut header: Vec<String> = [
        "id",
        "name",
        "kind",
        "workload",
        "stage",
        "depends_on",
        "strategy",
        "assessment",
        "remediation",
        "issues",
        "replication",
        "replication_tool",
        "staging",
        "remediation_owner",
        "replication_owner",
        "staging_owner",
        "notes",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(facts.iter().map(|f| format!("source.{f}")));
    let _ = writer.write_record(&header);
    for (asset, stage) in plan.assets.iter().zip(&derived.stages) {
        let owner = |k: ActivityKind| {
            Cow::Borrowed(
                asset
                    .owners
                    .get(&k)
                    .map_or("", |id| name_of(&parties_by_id, id)),
            )
        };
        let issues: Vec<String> = asset
            .remediation
            .issues
            .iter()
            .map(|i| format!("{}{}", if i.resolved { "[resolved] " } else { "" }, i.text))
            .collect();
        let deps: Vec<&str> = asset
            .depends_on
            .iter()
            .map(|d| name_of(&assets_by_id, d))
            .collect();
        let mut row: Vec<Cow<str>> = vec![
            Cow::Borrowed(&asset.id),
            Cow::Borrowed(&asset.name),
            Cow::Owned(format!("{:?}", asset.kind)),
            Cow::Borrowed(
                asset
                    .workload
                    .as_deref()
                    .map_or("", |w| name_of(&workloads_by_id, w)),
            ),
            Cow::Borrowed(stage.key()),
            Cow::Owned(deps.join("; ")),
            Cow::Owned(format!("{:?}", asset.strategy)),
            Cow::Owned(format!("{:?}", asset.assessment)),
            Cow::Owned(format!("{:?}", asset.remediation.status)),
            Cow::Owned(issues.join("; ")),
            Cow::Owned(format!("{:?}", asset.replication.status)),
            Cow::Owned(format!("{:?}", asset.replication.tool)),
            Cow::Owned(format!("{:?}", asset.staging)),
            owner(ActivityKind::Remediation),
            owner(ActivityKind::Replication),
            owner(ActivityKind::Staging),
            Cow::Borrowed(&asset.notes),
        ];
        row.extend(
            facts
                .iter()
                .map(|f| Cow::Borrowed(asset.source.get(*f).map_or("", String::as_str))),
        );
        let _ = writer.write_record(row.iter().map(|c| match safe_cell(c) {
            Cow::Borrowed(c) => Cow::Borrowed(c.as_bytes()),
            Cow::Owned(c) => Cow::Owned(c.into_bytes()),
        }));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests;
