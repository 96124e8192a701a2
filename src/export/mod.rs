//! Reports out: Markdown and HTML for people, CSV for spreadsheets, a
//! calendar ([`ics`]) and the open work for an issue tracker ([`tasks`]).
//! Pure functions of the plan and its derived state (and, for the
//! progress chart, its [`History`]). Markdown and HTML render one
//! [`Report`] model (summary first, then the details), so they say the
//! same things; only the writers differ. The HTML draws the wave timeline
//! and the progress chart as inline SVG ([`svg`]).
//!
//! Names by id and each workload's assets are looked up in maps made once
//! per report, so a report takes time linear in the plan's size.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write as _;

pub mod ics;
mod model;
pub mod summary;
pub mod svg;
pub mod tasks;
pub mod timeline;

pub use model::{
    ChecklistLine, PhaseDetails, ProblemLine, ProgressSection, Report, Section, SummaryRow,
    TimelineSection, WaveRow, WaveSection,
};

use crate::derive::Derived;
use crate::history::History;
use crate::model::{ActivityKind, Plan};
use model::{WAVE_HEADERS, WORKLOAD_HEADERS, name_of, names_by_id};

/// The report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
    Csv,
    /// iCalendar: wave dates and due dates.
    Ics,
    /// The open work as CSV for an issue tracker.
    Tasks,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 5] = [
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Csv,
        ReportFormat::Ics,
        ReportFormat::Tasks,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "Markdown",
            ReportFormat::Html => "HTML",
            ReportFormat::Csv => "CSV (one row per asset)",
            ReportFormat::Ics => "Calendar (iCalendar)",
            ReportFormat::Tasks => "Open work for a tracker (CSV)",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "md",
            ReportFormat::Html => "html",
            ReportFormat::Csv | ReportFormat::Tasks => "csv",
            ReportFormat::Ics => "ics",
        }
    }
}

/// The report text in a format; `date` (`YYYY-MM-DD`, today) is printed
/// under the title, marks today on the timeline and stamps the calendar.
pub fn report(plan: &Plan, derived: &Derived, format: ReportFormat, date: &str) -> String {
    report_with(plan, derived, format, date, None)
}

/// [`report`], with the plan's progress over time in the Markdown and
/// HTML reports when a `history` is given.
pub fn report_with(
    plan: &Plan,
    derived: &Derived,
    format: ReportFormat,
    date: &str,
    history: Option<&History>,
) -> String {
    let build = || Report::build(plan, derived, date).with_history(history);
    match format {
        ReportFormat::Markdown => markdown(&build()),
        ReportFormat::Html => html(&build()),
        ReportFormat::Csv => csv(plan, derived),
        ReportFormat::Ics => ics::calendar(plan, date),
        ReportFormat::Tasks => tasks::csv(plan),
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

/// A Markdown table of plain-text cells, escaped here.
fn md_table<const N: usize>(
    out: &mut String,
    headers: &[&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
) {
    out.push('|');
    for header in headers {
        let _ = write!(out, " {} |", md_escape(header));
    }
    out.push_str("\n|");
    for _ in headers {
        out.push_str("---|");
    }
    out.push('\n');
    for row in rows {
        out.push('|');
        for cell in &row {
            let _ = write!(out, " {} |", md_escape(cell));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n\nMigration plan report, {}.\n",
        md_escape(&report.title),
        md_escape(&report.date)
    );
    let _ = writeln!(out, "{}\n", report.totals);
    let _ = writeln!(
        out,
        "## Summary\n\n{}\n",
        md_escape(&report.replication_note)
    );
    if !report.waves.is_empty() {
        let _ = writeln!(out, "### Waves\n");
        md_table(
            &mut out,
            &WAVE_HEADERS,
            report.waves.iter().map(WaveRow::cells),
        );
    }
    if let Some(timeline) = &report.timeline {
        markdown_timeline(&mut out, timeline);
    }
    if let Some(progress) = &report.progress {
        markdown_progress(&mut out, progress);
    }
    let _ = writeln!(out, "### Workloads\n");
    if report.summary.is_empty() {
        let _ = writeln!(out, "No workloads yet.\n");
    } else {
        md_table(
            &mut out,
            &WORKLOAD_HEADERS,
            report.summary.iter().map(SummaryRow::cells),
        );
    }
    if !report.wave_sections.is_empty() {
        let _ = writeln!(out, "## Waves\n");
    }
    for wave in &report.wave_sections {
        let _ = writeln!(out, "### {}\n", md_escape(wave.title()));
        let _ = writeln!(out, "{}\n", md_escape(&wave.facts()));
        if !wave.notes.trim().is_empty() {
            let _ = writeln!(out, "{}\n", md_escape(&wave.notes));
        }
        if wave.problems.is_empty() {
            let _ = writeln!(out, "No wave problems.\n");
        } else {
            for p in &wave.problems {
                let _ = writeln!(
                    out,
                    "- **{}** ({}): {}",
                    p.severity_label(),
                    p.code,
                    md_escape(&p.message)
                );
            }
            out.push('\n');
        }
    }
    for section in &report.sections {
        let _ = writeln!(out, "## {}\n", md_escape(&section.name));
        let _ = writeln!(out, "{}\n", md_escape(&section.facts));
        let _ = writeln!(out, "**Definition of done:** {}\n", section.verdict);
        for b in &section.blockers {
            let _ = writeln!(out, "- {}", md_escape(b));
        }
        if !section.blockers.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "**Promotion readiness:** {}\n", section.readiness);
        for b in &section.promotion_blockers {
            let _ = writeln!(out, "- {}", md_escape(b));
        }
        if !section.promotion_blockers.is_empty() {
            out.push('\n');
        }
        if let Some(check) = &section.team_check {
            let _ = writeln!(
                out,
                "**Team check** (who knows how remediation is done): {}\n",
                md_escape(check)
            );
        }
        let _ = writeln!(out, "### Who does what\n");
        if section.parties.is_empty() {
            let _ = writeln!(out, "No one is assigned yet.\n");
        } else {
            let _ = write!(out, "| Activity |");
            for p in &section.parties {
                let _ = write!(out, " {} |", md_escape(p));
            }
            let _ = write!(out, "\n|---|");
            for _ in &section.parties {
                out.push_str("---|");
            }
            out.push('\n');
            for (activity, letters) in &section.raci {
                let _ = write!(out, "| {activity} |");
                for l in letters {
                    let _ = write!(out, " {l} |");
                }
                out.push('\n');
            }
            out.push('\n');
        }
        let _ = writeln!(out, "### Assets ({})\n", section.assets);
        for (stage, names) in &section.stages {
            let names: Vec<String> = names.iter().map(|n| md_escape(n)).collect();
            let _ = writeln!(
                out,
                "- **{}** ({}): {}",
                stage.label(),
                names.len(),
                names.join(", ")
            );
        }
        out.push('\n');
        if !section.checklist.is_empty() {
            let (done, total) = section.checklist_progress();
            let _ = writeln!(out, "### Promotion checklist ({done}/{total})\n");
            for phase in &section.checklist {
                let _ = writeln!(out, "#### {}\n", phase.title());
                for item in &phase.items {
                    let _ = write!(
                        out,
                        "- [{}] {}",
                        if item.done { "x" } else { " " },
                        md_escape(&item.text)
                    );
                    if let Some(owner) = item.owner_text() {
                        let _ = write!(out, " — {}", md_escape(&owner));
                    }
                    out.push('\n');
                }
                out.push('\n');
            }
        }
    }
    if !report.decisions.is_empty() {
        let _ = writeln!(out, "## Decisions made\n");
        let _ = writeln!(out, "| Date | Decision | Owner |\n|---|---|---|");
        for l in &report.decisions {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                md_escape(&l.date),
                md_escape(&l.text),
                md_escape(&l.owner)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Open log entries\n");
    if report.open_log.is_empty() {
        let _ = writeln!(out, "None.");
    } else {
        let _ = writeln!(
            out,
            "| Date | Kind | Entry | Owner | Due |\n|---|---|---|---|---|"
        );
        for l in &report.open_log {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md_escape(&l.date),
                l.kind,
                md_escape(&l.text),
                md_escape(&l.owner),
                md_escape(&l.due)
            );
        }
    }
    out
}

/// The timeline in words: the waves by date, with the waves they share
/// days with, then the waves without dates.
fn markdown_timeline(out: &mut String, timeline: &TimelineSection) {
    let _ = writeln!(out, "### Timeline\n");
    for (bar, alongside) in timeline.layout.bars.iter().zip(&timeline.alongside) {
        let _ = write!(out, "- **{}**: {}", md_escape(&bar.name), bar.dates_text());
        if !alongside.is_empty() {
            let names: Vec<String> = alongside.iter().map(|n| md_escape(n)).collect();
            let _ = write!(out, " (alongside {})", names.join(", "));
        }
        out.push('\n');
    }
    for undated in &timeline.layout.undated {
        let _ = writeln!(
            out,
            "- **{}**: no place on the calendar: {}",
            md_escape(&undated.name),
            md_escape(&undated.why)
        );
    }
    let _ = writeln!(out, "\nToday: {}.\n", timeline.layout.today);
}

/// The progress over time as a table, oldest first.
fn markdown_progress(out: &mut String, progress: &ProgressSection) {
    let _ = writeln!(out, "### Progress\n\n{}\n", md_escape(&progress.note()));
    if progress.points.is_empty() {
        return;
    }
    md_table(
        out,
        &["When", "Source", "Assets", "Staged", "Workloads done"],
        progress.points.iter().map(|p| {
            [
                p.when_text(),
                p.source.label(),
                p.counts.assets.to_string(),
                p.counts.stage(crate::derive::Stage::Staged).to_string(),
                format!("{} of {}", p.counts.workloads_done, p.counts.workloads),
            ]
        }),
    );
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

/// Print-first styles: A4 pages, black on white, rows and short blocks
/// kept whole but long sections free to break, so a short workload never
/// pushes the next one to a fresh page.
const CSS: &str = "@page{size:A4;margin:15mm 12mm}
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:60rem;color:#111;background:#fff;line-height:1.4}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #bbb;padding-bottom:.2rem;margin-top:2rem}
h2,h3,h4{break-after:avoid}ul.checklist{list-style:none;padding-left:1rem}.muted{color:#555}.done{color:#1b5e20;font-weight:600}.notdone{color:#8a4b00;font-weight:600}
table{border-collapse:collapse;margin:.5rem 0;max-width:100%}td,th{border:1px solid #bbb;padding:.2rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
table.summary,table.log{width:100%}
th,table.raci td:first-child{overflow-wrap:normal}table.raci td:first-child{white-space:nowrap}th{background:#eee;-webkit-print-color-adjust:exact;print-color-adjust:exact}thead{display:table-header-group}
td.n{text-align:right}td.l{text-align:center;font-weight:600}
tr,li,.card,table.raci{break-inside:avoid}
figure.chart{break-inside:avoid;margin:.5rem 0;max-width:700px}figure.chart svg{display:block;width:100%;height:auto}
.sw{display:inline-block;width:.8em;height:.8em;border:1px solid #444;margin-right:.3rem;vertical-align:-.05em;-webkit-print-color-adjust:exact;print-color-adjust:exact}
@media print{body{margin:0;max-width:none;font-size:10pt}table{font-size:8.5pt}td,th{padding:.15rem .25rem}h2{margin-top:1.2rem}a{color:inherit}}";

/// An HTML table of plain-text cells, escaped here; `numeric` columns are
/// right-aligned and `done` says which column gets the done colour.
fn html_table<const N: usize>(
    out: &mut String,
    headers: &[&str; N],
    rows: impl IntoIterator<Item = ([String; N], Option<bool>)>,
    numeric: &[usize],
    done_column: usize,
) {
    out.push_str("<table class=\"summary\">\n<thead><tr>");
    for header in headers {
        let _ = write!(out, "<th>{}</th>", h(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (cells, done) in rows {
        out.push_str("<tr>");
        for (i, cell) in cells.iter().enumerate() {
            let class = match done {
                Some(true) if i == done_column => " class=\"done\"",
                Some(false) if i == done_column => " class=\"notdone\"",
                _ if numeric.contains(&i) => " class=\"n\"",
                _ => "",
            };
            let _ = write!(out, "<td{class}>{}</td>", h(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The timeline as a picture, then what it cannot show: waves without
/// dates and due dates beyond the waves'.
fn html_timeline(out: &mut String, timeline: &TimelineSection) {
    out.push_str("<h3>Timeline</h3>\n<figure class=\"chart\">\n");
    out.push_str(&svg::timeline(
        &timeline.layout,
        &timeline.bars,
        &timeline.due,
    ));
    out.push_str("</figure>\n");
    if !timeline.layout.undated.is_empty() {
        let waves: Vec<String> = timeline
            .layout
            .undated
            .iter()
            .map(|u| format!("<strong>{}</strong> ({})", h(&u.name), h(&u.why)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"muted\">Not on the calendar: {}.</p>",
            waves.join("; ")
        );
    }
    let mut notes = Vec::new();
    if !timeline.layout.due.is_empty() {
        notes.push("◆ marks when an open log entry is due".to_owned());
    }
    if timeline.layout.due_elsewhere > 0 {
        let n = timeline.layout.due_elsewhere;
        notes.push(format!(
            "{} {} due outside these dates",
            crate::words::count(n, "open log entry"),
            crate::words::noun(n, "is")
        ));
    }
    if timeline
        .layout
        .bars
        .iter()
        .any(|b| b.dates != timeline::Dates::Both)
    {
        notes.push("a dashed bar is a wave with only a start or an end".to_owned());
    }
    if !notes.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}.</p>",
            h(&capitalise(&notes.join("; ")))
        );
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn html(report: &Report) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        h(&report.title)
    );
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p class=\"muted\">Migration plan report, {}</p>",
        h(&report.title),
        h(&report.date)
    );
    let _ = writeln!(out, "<p>{}</p>", h(&report.totals));
    let _ = writeln!(
        out,
        "<h2>Summary</h2>\n<p class=\"muted\">{}</p>",
        h(&report.replication_note)
    );
    if !report.waves.is_empty() {
        out.push_str("<h3>Waves</h3>\n");
        html_table(
            &mut out,
            &WAVE_HEADERS,
            report.waves.iter().map(|w| (w.cells(), None)),
            &[2, 3, 6],
            usize::MAX,
        );
    }
    if let Some(timeline) = &report.timeline {
        html_timeline(&mut out, timeline);
    }
    if let Some(progress) = &report.progress {
        let _ = writeln!(
            out,
            "<h3>Progress</h3>\n<p class=\"muted\">{}</p>",
            h(&progress.note())
        );
        if !progress.points.is_empty() {
            let _ = write!(
                out,
                "<figure class=\"chart\">\n{}</figure>\n",
                svg::progress(&progress.points)
            );
        }
    }
    out.push_str("<h3>Workloads</h3>\n");
    if report.summary.is_empty() {
        out.push_str("<p>No workloads yet.</p>\n");
    } else {
        html_table(
            &mut out,
            &WORKLOAD_HEADERS,
            report.summary.iter().map(|r| (r.cells(), Some(r.done))),
            &[2, 5],
            4,
        );
    }
    if !report.wave_sections.is_empty() {
        out.push_str("<h2>Waves</h2>\n");
    }
    for wave in &report.wave_sections {
        let _ = writeln!(
            out,
            "<section class=\"wave\">\n<h3>{}</h3>\n<p class=\"muted\">{}</p>",
            h(wave.title()),
            h(&wave.facts())
        );
        if !wave.notes.trim().is_empty() {
            let _ = writeln!(out, "<p>{}</p>", h(&wave.notes));
        }
        if wave.problems.is_empty() {
            out.push_str("<p>No wave problems.</p>\n");
        } else {
            out.push_str("<ul>\n");
            for p in &wave.problems {
                let _ = writeln!(
                    out,
                    "<li><strong>{}</strong> <span class=\"muted\">({})</span>: {}</li>",
                    p.severity_label(),
                    p.code,
                    h(&p.message)
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }
    for section in &report.sections {
        let class = if section.done { "done" } else { "notdone" };
        let _ = writeln!(
            out,
            "<section>\n<div class=\"card\">\n<h2>{}</h2>\n<p class=\"muted\">{}</p>\n<p>Definition of done: <span class=\"{class}\">{}</span></p>\n</div>",
            h(&section.name),
            h(&section.facts),
            section.verdict
        );
        if !section.blockers.is_empty() {
            out.push_str("<ul>\n");
            for b in &section.blockers {
                let _ = writeln!(out, "<li>{}</li>", h(b));
            }
            out.push_str("</ul>\n");
        }
        let _ = writeln!(out, "<p>Promotion readiness: {}</p>", h(&section.readiness));
        if !section.promotion_blockers.is_empty() {
            out.push_str("<ul>\n");
            for b in &section.promotion_blockers {
                let _ = writeln!(out, "<li>{}</li>", h(b));
            }
            out.push_str("</ul>\n");
        }
        if let Some(check) = &section.team_check {
            let _ = writeln!(
                out,
                "<p>Team check (who knows how remediation is done): {}</p>",
                h(check)
            );
        }
        out.push_str("<h3>Who does what</h3>\n");
        if section.parties.is_empty() {
            out.push_str("<p>No one is assigned yet.</p>\n");
        } else {
            out.push_str("<table class=\"raci\">\n<tr><th>Activity</th>");
            for p in &section.parties {
                let _ = write!(out, "<th>{}</th>", h(p));
            }
            out.push_str("</tr>\n");
            for (activity, letters) in &section.raci {
                let _ = write!(out, "<tr><td>{activity}</td>");
                for l in letters {
                    let _ = write!(out, "<td class=\"l\">{l}</td>");
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</table>\n");
        }
        let _ = writeln!(out, "<h3>Assets ({})</h3>\n<ul>", section.assets);
        for (stage, names) in &section.stages {
            let (r, g, b) = crate::derive::stage_rgb(*stage);
            let names: Vec<String> = names.iter().map(|n| h(n)).collect();
            let _ = writeln!(
                out,
                "<li><span class=\"sw\" style=\"background:#{r:02x}{g:02x}{b:02x}\"></span><strong>{}</strong> ({}): {}</li>",
                stage.label(),
                names.len(),
                names.join(", ")
            );
        }
        out.push_str("</ul>\n");
        if !section.checklist.is_empty() {
            let (done, total) = section.checklist_progress();
            let _ = writeln!(out, "<h3>Promotion checklist ({done}/{total})</h3>");
            for phase in &section.checklist {
                let _ = writeln!(
                    out,
                    "<h4>{}</h4>\n<ul class=\"checklist\">",
                    h(&phase.title())
                );
                for item in &phase.items {
                    let _ = write!(
                        out,
                        "<li>{} {}",
                        if item.done { "☑" } else { "☐" },
                        h(&item.text)
                    );
                    if let Some(owner) = item.owner_text() {
                        let _ = write!(out, " <span class=\"muted\">— {}</span>", h(&owner));
                    }
                    out.push_str("</li>\n");
                }
                out.push_str("</ul>\n");
            }
        }
        out.push_str("</section>\n");
    }
    if !report.decisions.is_empty() {
        out.push_str("<h2>Decisions made</h2>\n");
        out.push_str("<table class=\"log\">\n<thead><tr><th>Date</th><th>Decision</th><th>Owner</th></tr></thead>\n<tbody>\n");
        for l in &report.decisions {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                h(&l.date),
                h(&l.text),
                h(&l.owner)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("<h2>Open log entries</h2>\n");
    if report.open_log.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str("<table class=\"log\">\n<thead><tr><th>Date</th><th>Kind</th><th>Entry</th><th>Owner</th><th>Due</th></tr></thead>\n<tbody>\n");
        for l in &report.open_log {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                h(&l.date),
                l.kind,
                h(&l.text),
                h(&l.owner),
                h(&l.due)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Makes a cell safe for spreadsheets: text that starts like a formula is
/// prefixed with `'` so it is shown, never run; only the cells it changes
/// are copied.
fn safe_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Human labels of the coded columns, in the order of those columns. They
/// come last, after the `source.*` facts, so every earlier column keeps its
/// position for sheets and scripts that read by index.
const LABEL_COLUMNS: [&str; 8] = [
    "kind_label",
    "stage_label",
    "strategy_label",
    "assessment_label",
    "remediation_label",
    "replication_label",
    "replication_tool_label",
    "staging_label",
];

/// One row per asset with every field and its derived stage. UTF-8 with a
/// byte-order mark and every field quoted, so Excel opens it correctly.
fn csv(plan: &Plan, derived: &Derived) -> String {
    let parties_by_id = names_by_id(&plan.parties, |p| &p.id, |p| &p.name);
    let workloads_by_id = names_by_id(&plan.workloads, |w| &w.id, |w| &w.name);
    let assets_by_id = names_by_id(&plan.assets, |a| &a.id, |a| &a.name);
    // A set of the few distinct names, not a sorted list of every one.
    let facts: BTreeSet<&str> = plan.assets.iter().flat_map(|a| a.source.keys()).collect();
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
    header.extend(LABEL_COLUMNS.iter().map(|s| (*s).to_owned()));
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
                .map(|f| Cow::Borrowed(asset.source.get(f).unwrap_or_default())),
        );
        row.extend(
            [
                asset.kind.label(),
                stage.label(),
                asset.strategy.label(),
                asset.assessment.label(),
                asset.remediation.status.label(),
                asset.replication.status.label(),
                asset.replication.tool.label(),
                asset.staging.label(),
            ]
            .map(Cow::Borrowed),
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
