use icalendar::Component as _;

use super::*;
use crate::model::{
    ChecklistItem, LogEntry, LogKind, Party, PartyKind, Phase, Role, Wave, Workload,
};

fn plan() -> Plan {
    let mut plan = Plan::named("Contoso; ERP, migration");
    let dana = Party::new("Dana Lee", PartyKind::Person, Role::CloudAdoption);
    let mut erp = Workload::new("ERP");
    erp.wave = "Wave 1".into();
    erp.checklist = vec![
        ChecklistItem {
            id: "ck-open0001".into(),
            phase: Phase::BusinessTesting,
            text: "Power users identified".into(),
            owner: Some(dana.id.clone()),
            done: false,
            note: String::new(),
        },
        ChecklistItem {
            id: "ck-done0001".into(),
            phase: Phase::Ready,
            text: "Timing communicated".into(),
            owner: None,
            done: true,
            note: String::new(),
        },
    ];
    let mut hr = Workload::new("HR");
    hr.wave = "Wave 2".into();
    hr.checklist = vec![ChecklistItem {
        id: "ck-nodate01".into(),
        text: "In a wave with no end".into(),
        ..ChecklistItem::default()
    }];
    plan.waves = vec![
        Wave {
            name: "Wave 1".into(),
            start: Some("2026-03-02".into()),
            end: Some("2026-03-20".into()),
            notes: "Cutover on the last weekend;\r\nrollback plan \\ ready".into(),
        },
        Wave {
            name: "Wave 2".into(),
            start: Some("2026-04-06".into()),
            end: None,
            notes: String::new(),
        },
        Wave {
            name: "Wave 3".into(),
            start: None,
            end: None,
            notes: String::new(),
        },
        Wave {
            name: "Broken".into(),
            start: Some("2026-05-10".into()),
            end: Some("2026-05-01".into()),
            notes: String::new(),
        },
    ];
    let long = "Agree the cutover window with the business owner, the service desk and the vendor, then tell every power user in writing — 日本語 included".to_owned();
    plan.log = vec![
        LogEntry {
            id: "lg-action01".into(),
            kind: LogKind::Action,
            text: long,
            owner: Some(dana.id.clone()),
            date: "2026-02-20".into(),
            about: Some(erp.id.clone()),
            due: Some("2026-03-13".into()),
            ..LogEntry::default()
        },
        LogEntry {
            id: "lg-quest001".into(),
            kind: LogKind::Question,
            text: "Which region?\nWest or North".into(),
            due: Some("2026-03-06".into()),
            ..LogEntry::default()
        },
        LogEntry {
            id: "lg-done0001".into(),
            kind: LogKind::Action,
            text: "Already done".into(),
            status: LogStatus::Done,
            due: Some("2026-03-01".into()),
            ..LogEntry::default()
        },
        LogEntry {
            id: "lg-nodue001".into(),
            kind: LogKind::Action,
            text: "No due date".into(),
            ..LogEntry::default()
        },
    ];
    plan.parties.push(dana);
    plan.workloads = vec![erp, hr];
    plan
}

/// The rules of RFC 5545 §3.1 and §3.4–3.6 a strict reader holds a file
/// to; returns what breaks them.
fn rfc_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if !text.ends_with("\r\n") {
        problems.push("the last line does not end with CRLF".to_owned());
    }
    let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
    let mut stack: Vec<String> = Vec::new();
    let mut seen: Vec<Vec<String>> = Vec::new();
    let mut logical: Vec<String> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        if line.contains(['\r', '\n']) {
            problems.push(format!("line {n}: a bare CR or LF"));
        }
        if line.len() > 75 {
            problems.push(format!("line {n}: {} octets, more than 75", line.len()));
        }
        if line.chars().any(|c| c.is_control() && c != '\t') {
            problems.push(format!("line {n}: a control character"));
        }
        match line.strip_prefix(' ') {
            Some(rest) => match logical.last_mut() {
                Some(last) => last.push_str(rest),
                None => problems.push("the file starts with a folded line".to_owned()),
            },
            None => logical.push((*line).to_owned()),
        }
    }
    for line in &logical {
        let Some((name, value)) = line.split_once(':') else {
            problems.push(format!("no colon: {line}"));
            continue;
        };
        let key = name.split(';').next().unwrap_or_default();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            problems.push(format!("bad property name: {line}"));
        }
        match key {
            "BEGIN" => {
                stack.push(value.to_owned());
                seen.push(Vec::new());
            }
            "END" => {
                if stack.pop().as_deref() != Some(value) {
                    problems.push(format!("END:{value} closes nothing"));
                }
                let props = seen.pop().unwrap_or_default();
                let count = |k: &str| props.iter().filter(|p| *p == k).count();
                match value {
                    "VCALENDAR" => {
                        for k in ["VERSION", "PRODID"] {
                            if count(k) != 1 {
                                problems.push(format!("VCALENDAR has {} {k}", count(k)));
                            }
                        }
                    }
                    "VEVENT" | "VTODO" => {
                        for k in ["UID", "DTSTAMP"] {
                            if count(k) != 1 {
                                problems.push(format!("{value} has {} {k}", count(k)));
                            }
                        }
                        if value == "VEVENT" && count("DTSTART") != 1 {
                            problems.push("a VEVENT without DTSTART".to_owned());
                        }
                    }
                    _ => {}
                }
            }
            _ => match seen.last_mut() {
                Some(props) => props.push(key.to_owned()),
                None => problems.push(format!("outside VCALENDAR: {line}")),
            },
        }
        if matches!(key, "DTSTART" | "DTEND" | "DUE") {
            let ok = name.contains("VALUE=DATE")
                && value.len() == 8
                && value.bytes().all(|b| b.is_ascii_digit());
            if !ok {
                problems.push(format!("not an all-day date: {line}"));
            }
        }
        if key == "DTSTAMP" && !(value.len() == 16 && value.ends_with('Z')) {
            problems.push(format!("DTSTAMP not in UTC: {line}"));
        }
        // TEXT values: every comma, semicolon and backslash escaped.
        if matches!(key, "SUMMARY" | "DESCRIPTION") {
            let mut chars = value.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if !matches!(chars.next(), Some('\\' | ',' | ';' | 'n' | 'N')) => {
                        problems.push(format!("a bad escape: {line}"));
                    }
                    ',' | ';' => problems.push(format!("an unescaped {c}: {line}")),
                    _ => {}
                }
            }
        }
    }
    if !stack.is_empty() {
        problems.push(format!("not closed: {stack:?}"));
    }
    if logical.first().map(String::as_str) != Some("BEGIN:VCALENDAR") {
        problems.push("does not start with BEGIN:VCALENDAR".to_owned());
    }
    problems
}

#[test]
fn the_calendar_is_valid_rfc_5545() {
    let text = calendar(&plan(), "2026-02-25");
    assert_eq!(rfc_problems(&text), Vec::<String>::new(), "{text}");
    assert!(text.contains("\r\n "), "long lines are folded: {text}");
    assert!(text.contains("DTSTAMP:20260225T000000Z\r\n"));
}

#[test]
fn the_calendar_reads_back_with_events_for_dated_waves_and_todos_for_open_items() {
    let plan = plan();
    let text = calendar(&plan, "2026-02-25");
    let parsed: icalendar::Calendar = text.parse().expect("the crate's parser reads it");
    assert_eq!(parsed.get_name(), Some("Contoso; ERP, migration"));

    let events: Vec<(&str, &str, NaiveDate, NaiveDate)> = parsed
        .events()
        .map(|e| {
            (
                e.get_uid().expect("uid"),
                e.get_summary().expect("summary"),
                e.get_start().expect("start").date_naive(),
                e.get_end().expect("end").date_naive(),
            )
        })
        .collect();
    let date = |s: &str| parse_date(s).expect("date");
    assert_eq!(events.len(), 2, "waves with dates; not Wave 3 nor Broken");
    assert_eq!(events[0].1, "Contoso; ERP, migration: Wave 1");
    assert_eq!(
        (events[0].2, events[0].3),
        (date("2026-03-02"), date("2026-03-21")),
        "an all-day event ends the day after its last day"
    );
    assert_eq!(events[1].1, "Contoso; ERP, migration: Wave 2 starts");
    assert_eq!(
        (events[1].2, events[1].3),
        (date("2026-04-06"), date("2026-04-07"))
    );
    let wave1 = parsed.events().next().expect("wave 1");
    assert_eq!(
        wave1.get_description(),
        Some(
            "Migration wave of Contoso; ERP, migration.\nWorkloads: ERP.\n\nCutover on the last weekend;\nrollback plan \\ ready"
        ),
        "text escaped and read back exactly, CRLF as one line break"
    );

    let todos: Vec<(&str, String, NaiveDate)> = parsed
        .todos()
        .map(|t| {
            (
                t.get_uid().expect("uid"),
                t.get_summary().expect("summary").to_owned(),
                t.get_due().expect("due").date_naive(),
            )
        })
        .collect();
    let uids: Vec<&str> = todos.iter().map(|t| t.0).collect();
    assert_eq!(
        uids,
        [
            "lg-action01@ferry",
            "lg-quest001@ferry",
            "ck-open0001@ferry"
        ],
        "open entries with a due date, and the open item of a wave that ends"
    );
    assert!(todos[0].1.starts_with("Action: Agree the cutover window"));
    assert_eq!(todos[1].1, "Question: Which region? West or North");
    assert_eq!(todos[1].2, date("2026-03-06"));
    assert_eq!(todos[2].1, "ERP: Power users identified");
    assert_eq!(todos[2].2, date("2026-03-20"), "due when its wave ends");
    let action = parsed.todos().next().expect("action");
    let description = action.get_description().expect("description");
    assert!(description.contains("Owner: Dana Lee"), "{description}");
    assert!(
        description.contains("About: ERP"),
        "names, not ids: {description}"
    );
    assert!(!description.contains("pt-") && !description.contains("wl-"));
    assert_eq!(action.property_value("STATUS"), Some("NEEDS-ACTION"));
}

#[test]
fn uids_are_stable_across_runs_and_the_same_day_gives_the_same_bytes() {
    let plan = plan();
    let first = calendar(&plan, "2026-02-25");
    assert_eq!(first, calendar(&plan, "2026-02-25"));
    let later = calendar(&plan, "2026-03-04");
    let uids = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(|u| u.trim().to_owned())
            .collect()
    };
    assert_eq!(uids(&first), uids(&later), "importing again updates");
    assert_ne!(first, later, "a newer DTSTAMP tells calendars it changed");

    // Another plan's "Wave 1" is another event.
    let mut other = plan.clone();
    other.name = "Fabrikam".into();
    assert_ne!(uids(&first)[0], uids(&calendar(&other, "2026-02-25"))[0]);
}

#[test]
fn duplicate_ids_still_give_unique_uids() {
    let mut plan = plan();
    let copy = plan.log[0].clone();
    plan.log.push(copy);
    let text = calendar(&plan, "2026-02-25");
    assert!(text.contains("UID:lg-action01@ferry\r\n"));
    assert!(text.contains("UID:lg-action01-2@ferry\r\n"));
}
