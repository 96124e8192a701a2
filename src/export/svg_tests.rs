use chrono::{DateTime, Utc};

use super::super::{ReportFormat, report, report_with};
use super::*;
use crate::derive::derive;
use crate::history::{Counts, History, Source};
use crate::model::{LogEntry, LogKind, Plan, Wave, Workload};

/// The SVG pictures of an HTML page, each parsed by a strict XML parser.
fn pictures(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("every svg is closed") + start + 6;
        out.push(rest[start..end].to_owned());
        rest = &rest[end..];
    }
    out
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not valid XML ({e}): {svg}"))
}

fn with_class<'a>(doc: &'a roxmltree::Document<'a>, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .collect()
}

fn title_of(node: roxmltree::Node<'_, '_>) -> String {
    node.children()
        .find(|c| c.has_tag_name("title"))
        .and_then(|t| t.text())
        .unwrap_or_default()
        .to_owned()
}

fn plan() -> Plan {
    let mut plan = Plan::named("Timeline <test> & co");
    let mut erp = Workload::new("ERP");
    erp.wave = "Pilot".into();
    let mut crm = Workload::new("CRM \"north\"");
    crm.wave = "Wave <1>".into();
    plan.workloads = vec![erp, crm];
    let wave = |name: &str, start: Option<&str>, end: Option<&str>| Wave {
        name: name.into(),
        start: start.map(Into::into),
        end: end.map(Into::into),
        notes: String::new(),
    };
    plan.waves = vec![
        wave("Pilot", Some("2026-03-02"), Some("2026-03-20")),
        wave("Wave <1>", Some("2026-03-16"), Some("2026-04-24")),
        wave("Wave 2", Some("2026-05-04"), None),
        wave("Someday", None, None),
    ];
    plan.log = vec![LogEntry {
        kind: LogKind::Action,
        text: "Book the window".into(),
        due: Some("2026-03-13".into()),
        ..LogEntry::default()
    }];
    plan
}

#[test]
fn the_html_draws_the_timeline_as_valid_svg_with_overlapping_waves_on_two_rows() {
    let plan = plan();
    let html = report(&plan, &derive(&plan), ReportFormat::Html, "2026-03-10");
    let svgs = pictures(&html);
    assert_eq!(svgs.len(), 1, "the timeline only: no history was asked for");
    let doc = parse(&svgs[0]);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(
        root.attribute("viewBox").map(|v| v.starts_with("0 0 700 ")),
        Some(true)
    );

    let waves = with_class(&doc, "wave");
    let titles: Vec<String> = waves.iter().map(|w| title_of(*w)).collect();
    assert_eq!(waves.len(), 3, "dated waves only: {titles:?}");
    assert!(titles[0].starts_with("Pilot: 2026-03-02 – 2026-03-20 · 1 workload, 0 done"));
    assert!(
        titles[1].starts_with("Wave <1>: 2026-03-16 – 2026-04-24"),
        "{titles:?}"
    );
    assert!(titles[2].starts_with("Wave 2: from 2026-05-04"));
    let bar_y = |wave: roxmltree::Node<'_, '_>| -> f32 {
        wave.children()
            .find(|c| c.has_tag_name("rect"))
            .and_then(|r| r.attribute("y"))
            .and_then(|y| y.parse().ok())
            .expect("a bar")
    };
    let bar_x = |wave: roxmltree::Node<'_, '_>| -> f32 {
        wave.children()
            .find(|c| c.has_tag_name("rect"))
            .and_then(|r| r.attribute("x"))
            .and_then(|x| x.parse().ok())
            .expect("a bar")
    };
    assert_ne!(
        bar_y(waves[0]),
        bar_y(waves[1]),
        "overlapping waves on two rows"
    );
    assert_eq!(
        bar_y(waves[0]),
        bar_y(waves[2]),
        "Wave 2 fits after the pilot"
    );
    assert!(bar_x(waves[0]) < bar_x(waves[1]) && bar_x(waves[1]) < bar_x(waves[2]));

    let today = with_class(&doc, "today");
    assert_eq!(today.len(), 1);
    assert!(
        today[0]
            .descendants()
            .any(|n| n.text() == Some("Today 2026-03-10"))
    );
    let due = with_class(&doc, "due");
    assert_eq!(due.len(), 1);
    assert_eq!(title_of(due[0]), "Due 2026-03-13 · Action: Book the window");

    assert!(html.contains("Not on the calendar: <strong>Someday</strong> (no dates yet)."));
    assert!(
        !html.contains("src=") && !html.contains("href="),
        "self-contained"
    );
}

#[test]
fn markdown_lists_the_wave_dates_by_date() {
    let plan = plan();
    let md = report(&plan, &derive(&plan), ReportFormat::Markdown, "2026-03-10");
    assert!(
        md.contains(
            "### Timeline\n\n- **Pilot**: 2026-03-02 – 2026-03-20 (alongside Wave \\<1\\>)\n- **Wave \\<1\\>**: 2026-03-16 – 2026-04-24 (alongside Pilot)\n- **Wave 2**: from 2026-05-04\n- **Someday**: no place on the calendar: no dates yet\n\nToday: 2026-03-10.\n"
        ),
        "{md}"
    );
}

#[test]
fn no_dated_wave_no_timeline() {
    let mut plan = plan();
    for wave in &mut plan.waves {
        wave.start = None;
        wave.end = None;
    }
    let derived = derive(&plan);
    let html = report(&plan, &derived, ReportFormat::Html, "2026-03-10");
    assert!(pictures(&html).is_empty());
    let md = report(&plan, &derived, ReportFormat::Markdown, "2026-03-10");
    assert!(!md.contains("### Timeline"));
}

fn point(when: &str, source: Source, stages: [usize; 10], done: usize) -> crate::history::Point {
    crate::history::Point {
        when: DateTime::parse_from_rfc3339(when)
            .expect("a time")
            .with_timezone(&Utc),
        source,
        counts: Counts {
            assets: stages.iter().sum(),
            stages,
            workloads: 3,
            workloads_done: done,
        },
    }
}

#[test]
fn the_progress_chart_stacks_the_stages_that_occur_and_marks_every_point() {
    let plan = plan();
    let history = History {
        plan: plan.name.clone(),
        points: vec![
            point(
                "2026-03-02T09:00:00Z",
                Source::Git("a".repeat(40)),
                [0, 2, 0, 8, 0, 0, 0, 0, 0, 0],
                0,
            ),
            point(
                "2026-03-09T09:00:00Z",
                Source::Version,
                [0, 1, 0, 2, 3, 2, 0, 0, 1, 1],
                0,
            ),
            point(
                "2026-03-16T09:00:00Z",
                Source::Version,
                [1, 0, 0, 0, 0, 0, 0, 0, 2, 8],
                2,
            ),
        ],
        skipped: Vec::new(),
        commits: Some(1),
    };
    let html = report_with(
        &plan,
        &derive(&plan),
        ReportFormat::Html,
        "2026-03-10",
        Some(&history),
    );
    let svgs = pictures(&html);
    assert_eq!(svgs.len(), 2, "the timeline and the progress chart");
    let doc = parse(&svgs[1]);
    let bands: Vec<String> = with_class(&doc, "stage")
        .iter()
        .map(|n| title_of(*n))
        .collect();
    assert_eq!(
        bands,
        [
            "Staged",
            "Verified",
            "Replicating",
            "Ready to replicate",
            "Unassessed",
            "Blocked",
            "Out of scope"
        ],
        "stages that occur, done at the bottom"
    );
    let points = with_class(&doc, "point");
    assert_eq!(points.len(), 3);
    assert_eq!(
        title_of(points[2]),
        "2026-03-16 09:00 UTC (version): 11 assets — Out of scope 1, Verified 2, Staged 8; 2 of 3 workloads done"
    );
    assert!(title_of(points[0]).contains("(git aaaaaaa)"));
    // Every band is a closed path of numbers.
    for band in with_class(&doc, "stage") {
        let d = band.attribute("d").expect("a path");
        assert!(d.starts_with('M') && d.ends_with('Z'), "{d}");
    }
    assert!(
        html.contains("3 points: 2 from kept versions and the file as it is, 1 from 1 git commit.")
    );

    let md = report_with(
        &plan,
        &derive(&plan),
        ReportFormat::Markdown,
        "2026-03-10",
        Some(&history),
    );
    assert!(
        md.contains("| 2026-03-16T09:00:00Z | version | 11 | 8 | 2 of 3 |"),
        "{md}"
    );
}

#[test]
fn a_single_point_still_draws_a_chart() {
    let points = [point(
        "2026-03-02T09:00:00Z",
        Source::Version,
        [0, 0, 0, 4, 0, 0, 0, 0, 0, 1],
        0,
    )];
    let svg = progress(&points);
    let doc = parse(&svg);
    assert_eq!(with_class(&doc, "stage").len(), 2);
    assert_eq!(with_class(&doc, "point").len(), 1);
}

#[test]
fn axis_steps_are_round() {
    assert_eq!(axis_step(1), 1);
    assert_eq!(axis_step(7), 2);
    assert_eq!(axis_step(11), 5);
    assert_eq!(axis_step(240), 50);
    assert_eq!(axis_step(10_000), 2000);
}
